/*
 * cmd-officials.c - `tifa officials`: who appears, with which titles and
 * when, and with whom.
 *
 * For every person the officials plugin names: mentions, documents, first
 * and last date; each title seen with the first and last date it was seen
 * (a new title is a promotion, a title that stops is a move); and the
 * people found in the same documents most often.  With --by, one row per
 * person and bin, with the titles of that bin.
 */
#include "config.h"

#include <string.h>

#include "tifa.h"

/* People drawn in the HTML page's chart. */
#define OFFICIALS_CHART_PEOPLE 20

#define OFFICIALS_TOP_DEFAULT 30
#define WITH_DEFAULT 5

/* A title of a person: when it was seen first and last, in how many
 * documents. */
typedef struct {
    char first[11], last[11];
    uint64_t documents, last_seq;
} span_dates;

typedef struct {
    char *name;
    uint64_t mentions, documents, last_seq;
    char first[11], last[11];
    GHashTable *titles;      /* title -> span_dates* */
    GPtrArray *title_order;  /* char*, sorted by first date seen when printed */
    GHashTable *with;        /* other person's name -> documents shared (GUINT) */
    GHashTable *bins;        /* bin label -> person_bin* */
} person;

typedef struct {
    uint64_t mentions, documents, last_seq;
    GPtrArray *titles;       /* char*, distinct */
} person_bin;

typedef struct {
    GHashTable *people;      /* name -> person* */
    uint32_t plugin;         /* index of the officials plugin */
    gboolean binned;
    bin_unit unit;
    GHashTable *bin_docs;    /* label -> documents (GUINT) */
    uint64_t documents;
} officials_ctx;

static void
person_bin_free(person_bin *b)
{
    g_ptr_array_free(b->titles, TRUE);
    g_free(b);
}

static void
person_free(person *p)
{
    g_free(p->name);
    g_hash_table_destroy(p->titles);
    g_ptr_array_free(p->title_order, TRUE);
    g_hash_table_destroy(p->with);
    if (p->bins)
        g_hash_table_destroy(p->bins);
    g_free(p);
}

static void
widen(char first[11], char last[11], const char *date)
{
    if (!date)
        return;
    if (!first[0] || strcmp(date, first) < 0)
        g_strlcpy(first, date, 11);
    if (!last[0] || strcmp(date, last) > 0)
        g_strlcpy(last, date, 11);
}

static person *
person_get(officials_ctx *c, const char *name)
{
    person *p = g_hash_table_lookup(c->people, name);
    if (!p) {
        p = g_new0(person, 1);
        p->name = g_strdup(name);
        p->titles = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
        p->title_order = g_ptr_array_new();
        p->with = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        g_hash_table_insert(c->people, p->name, p);
    }
    return p;
}

static void
consume(const scanned_doc *doc, void *data)
{
    officials_ctx *c = data;
    if (doc->skipped)
        return;
    c->documents++;
    char label[16] = "";
    if (c->binned && doc->date && bin_label(doc->date, c->unit, label)) {
        gpointer n = g_hash_table_lookup(c->bin_docs, label);
        g_hash_table_replace(c->bin_docs, g_strdup(label),
                             GUINT_TO_POINTER(GPOINTER_TO_UINT(n) + 1));
    }
    GPtrArray *here = g_ptr_array_new();
    for (guint i = 0; i < doc->results->len; i++) {
        const doc_result *r = &g_array_index(doc->results, doc_result, i);
        if (r->plugin != c->plugin || strcmp(r->category, "person") != 0)
            continue;
        person *p = person_get(c, r->key);
        p->mentions += r->count;
        if (p->last_seq != doc->seq + 1) {
            p->last_seq = doc->seq + 1;
            p->documents++;
            widen(p->first, p->last, doc->date);
            g_ptr_array_add(here, p);
        }
        person_bin *pb = NULL;
        if (label[0]) {
            if (!p->bins)
                p->bins = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify)person_bin_free);
            pb = g_hash_table_lookup(p->bins, label);
            if (!pb) {
                pb = g_new0(person_bin, 1);
                pb->titles = g_ptr_array_new_with_free_func(g_free);
                g_hash_table_insert(p->bins, g_strdup(label), pb);
            }
            pb->mentions += r->count;
            if (pb->last_seq != doc->seq + 1) {
                pb->last_seq = doc->seq + 1;
                pb->documents++;
            }
        }
        if (!r->labels)
            continue;
        char **titles = g_strsplit(r->labels, (char[]){ LABEL_SEP, 0 }, -1);
        for (char **t = titles; *t; t++) {
            span_dates *sd = g_hash_table_lookup(p->titles, *t);
            if (!sd) {
                sd = g_new0(span_dates, 1);
                char *kept = g_strdup(*t);
                g_hash_table_insert(p->titles, kept, sd);
                g_ptr_array_add(p->title_order, kept);
            }
            widen(sd->first, sd->last, doc->date);
            if (sd->last_seq != doc->seq + 1) {
                sd->last_seq = doc->seq + 1;
                sd->documents++;
            }
            if (pb && !g_ptr_array_find_with_equal_func(pb->titles, *t, g_str_equal, NULL))
                g_ptr_array_add(pb->titles, g_strdup(*t));
        }
        g_strfreev(titles);
    }
    /* Everyone here was here with everyone else. */
    for (guint i = 0; i < here->len; i++)
        for (guint j = 0; j < here->len; j++) {
            if (i == j)
                continue;
            person *p = here->pdata[i], *q = here->pdata[j];
            gpointer n = g_hash_table_lookup(p->with, q->name);
            g_hash_table_replace(p->with, g_strdup(q->name),
                                 GUINT_TO_POINTER(GPOINTER_TO_UINT(n) + 1));
        }
    g_ptr_array_free(here, TRUE);
}

static gint
by_mentions(gconstpointer a, gconstpointer b)
{
    const person *x = *(const person *const *)a, *y = *(const person *const *)b;
    if (x->mentions != y->mentions)
        return x->mentions > y->mentions ? -1 : 1;
    return strcmp(x->name, y->name);
}

typedef struct {
    const char *name;
    guint n;
} companion;

static gint
by_shared(gconstpointer a, gconstpointer b)
{
    const companion *x = a, *y = b;
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    return strcmp(x->name, y->name);
}

static gint
compare_strings(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Titles in the order they were first seen by date (undated ones last),
 * then by text: the same whatever order the documents came in. */
static gint
by_first_seen(gconstpointer a, gconstpointer b, gpointer data)
{
    const person *p = data;
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    const span_dates *sx = g_hash_table_lookup(p->titles, x);
    const span_dates *sy = g_hash_table_lookup(p->titles, y);
    if (!sx->first[0] != !sy->first[0])
        return sx->first[0] ? -1 : 1;
    int c = strcmp(sx->first, sy->first);
    return c ? c : strcmp(x, y);
}

/* "总书记 2012-11-15..2022-10-23; 主席 …" */
static char *
titles_text(const person *p)
{
    g_ptr_array_sort_with_data(p->title_order, by_first_seen, (gpointer)p);
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < p->title_order->len; i++) {
        const char *t = p->title_order->pdata[i];
        const span_dates *sd = g_hash_table_lookup(p->titles, t);
        if (i)
            g_string_append(s, "; ");
        g_string_append(s, t);
        if (sd->first[0])
            g_string_append_printf(s, " %s..%s", sd->first, sd->last);
    }
    return g_string_free(s, FALSE);
}

/* The same in JSON: [{"title": "总书记", "first": "2012-11-15", "last":
 * "2022-10-23", "documents": 812}, …]; dates "" when none was known, as a
 * person's own first and last. */
static char *
titles_json(const person *p)
{
    g_ptr_array_sort_with_data(p->title_order, by_first_seen, (gpointer)p);
    GString *s = g_string_new("[");
    for (guint i = 0; i < p->title_order->len; i++) {
        const char *t = p->title_order->pdata[i];
        const span_dates *sd = g_hash_table_lookup(p->titles, t);
        g_string_append(s, i ? ", {\"title\": " : "{\"title\": ");
        format_json_string(s, t);
        /* Undated documents only: null, as the person's own first and last. */
        if (*sd->first)
            g_string_append_printf(s, ", \"first\": \"%s\", \"last\": \"%s\"", sd->first,
                                   sd->last);
        else
            g_string_append(s, ", \"first\": null, \"last\": null");
        g_string_append_printf(s, ", \"documents\": %" G_GUINT64_FORMAT "}", sd->documents);
    }
    g_string_append_c(s, ']');
    return g_string_free(s, FALSE);
}

/* "李克强 1234; 王沪宁 567": the people most often in the same documents;
 * in JSON [{"name": "李克强", "documents": 1234}, …]. */
static char *
with_text(const person *p, int limit, gboolean json)
{
    GArray *all = g_array_new(FALSE, FALSE, sizeof(companion));
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, p->with);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        companion c = { k, GPOINTER_TO_UINT(v) };
        g_array_append_val(all, c);
    }
    g_array_sort(all, by_shared);
    GString *s = g_string_new(json ? "[" : NULL);
    for (guint i = 0; i < all->len && (int)i < limit; i++) {
        const companion *c = &g_array_index(all, companion, i);
        if (json) {
            g_string_append(s, i ? ", {\"name\": " : "{\"name\": ");
            format_json_string(s, c->name);
            g_string_append_printf(s, ", \"documents\": %u}", c->n);
        } else {
            g_string_append_printf(s, "%s%s %u", i ? "; " : "", c->name, c->n);
        }
    }
    if (json)
        g_string_append_c(s, ']');
    g_array_free(all, TRUE);
    return g_string_free(s, FALSE);
}

/* --name: keep the people asked for, in the order of their mentions; say
 * which were never named with a title, since a misspelt name and an
 * absent one look the same. */
static void
keep_people_named(GPtrArray *people, GHashTable *by_name, char **wanted)
{
    GHashTable *keep = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (char **w = wanted; *w; w++) {
        size_t n;
        /* As the text is normalised before matching (full-width letters
         * of a foreign name, the middle dot). */
        char *norm = normalize_text(*w, strlen(*w), &n, NULL);
        if (!g_hash_table_contains(by_name, norm))
            tifa_note("nobody named '%s' with a title in these documents (officials counts a "
                      "name where a title, 同志 or a leader's surname and title names it: "
                      "check the spelling, or --convert for traditional characters)",
                      norm);
        g_hash_table_add(keep, norm);
    }
    guint kept = 0;
    for (guint i = 0; i < people->len; i++) {
        const person *p = people->pdata[i];
        if (g_hash_table_contains(keep, p->name))
            people->pdata[kept++] = people->pdata[i];
    }
    g_ptr_array_set_size(people, kept);
    g_hash_table_destroy(keep);
}

int
cmd_officials(int argc, char **argv)
{
    common_opts *o = cli_opts();
    char *by = NULL, *html = NULL;
    char **names_wanted = NULL;
    int top = TOP_UNSET, with = WITH_DEFAULT;
    GOptionEntry options[] = {
        { "by", 'b', 0, G_OPTION_ARG_STRING, &by,
          "A row per person and bin (year, quarter, month, half-month, week, day)", "UNIT" },
        { "top", 'n', 0, G_OPTION_ARG_INT, &top,
          "People in a table (default 30; 0: all); other formats have all", "N" },
        { "with", 'w', 0, G_OPTION_ARG_INT, &with,
          "How many companions to list per person (default 5)", "N" },
        { "name", 'k', 0, G_OPTION_ARG_STRING_ARRAY, &names_wanted,
          "Only this person (repeatable); with --by, a career bin by bin", "NAME" },
        { "html", 0, 0, G_OPTION_ARG_FILENAME, &html, "Write a self-contained HTML page",
          "FILE.html" },
        { NULL },
    };
    GOptionContext *ctx = cli_context(
        "officials", "[PATH…]",
        "People named with titles: mentions, documents, first and last date, every title\n"
        "with the dates it was seen (a new title is a promotion), and the people found\n"
        "in the same documents most often.  tsv/csv columns: name mentions documents\n"
        "first last titles with (with --by: name bin mentions documents bin_documents\n"
        "titles).");
    g_option_context_add_main_entries(ctx, options, NULL);
    cli_add_common(ctx, o, TRUE);
    cli_add_period(ctx, o);
    cli_add_partial(ctx, o);
    gboolean ok = cli_parse(ctx, &argc, &argv) && cli_top_given_ok(top);
    g_option_context_free(ctx);
    if (ok && with < 0) {
        tifa_error("--with takes a number of people, 0 or more, not %d", with);
        ok = FALSE;
    }
    officials_ctx c = { 0 };
    c.people = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)person_free);
    c.bin_docs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GError *error = NULL;
    if (ok && by) {
        if (!bin_unit_parse(by, &c.unit, &error)) {
            tifa_error("%s", error->message);
            g_clear_error(&error);
            ok = FALSE;
        }
        c.binned = TRUE;
    }
    if (ok && !o->only_plugins) {
        o->only_plugins = g_new0(char *, 2);
        o->only_plugins[0] = g_strdup("officials");
    }
    run_context run;
    memset(&run, 0, sizeof run);
    if (ok)
        ok = cli_prepare(o, &run);
    if (ok) {
        gboolean found = FALSE;
        for (guint i = 0; i < run.plugins->len; i++)
            if (strcmp(((plugin *)run.plugins->pdata[i])->name, "officials") == 0) {
                c.plugin = i;
                found = TRUE;
            }
        if (!found) {
            tifa_error("the officials plugin is not loaded (see tifa plugins)");
            ok = FALSE;
        }
    }
    char *storage[2];
    run.setup.outputs[OUTPUT_HTML] = html;
    if (ok && !scan_run(&run.setup, cli_paths(argv + 1, argc - 1, storage), consume, &c,
                        &error)) {
        tifa_error("%s", error->message);
        g_clear_error(&error);
        ok = FALSE;
    }
    int status = EXIT_USAGE;
    if (ok) {
        GPtrArray *people = g_ptr_array_new();
        GHashTableIter it;
        gpointer v;
        g_hash_table_iter_init(&it, c.people);
        while (g_hash_table_iter_next(&it, NULL, &v))
            g_ptr_array_add(people, v);
        g_ptr_array_sort(people, by_mentions);
        if (names_wanted)
            keep_people_named(people, c.people, names_wanted);
        gboolean table = run.format == FORMAT_TABLE;
        if (top == TOP_UNSET)
            top = table ? OFFICIALS_TOP_DEFAULT : 0;
        guint shown = top > 0 ? MIN((guint)top, people->len) : people->len;
        outfile *out = outfile_open(o->output, &error);
        GString *page = NULL;
        if (html) {
            page = g_string_new(NULL);
            html_begin(page, "tifa officials");
            GPtrArray *names = g_ptr_array_new();
            double counts[OFFICIALS_CHART_PEOPLE];
            for (guint i = 0; i < people->len && names->len < OFFICIALS_CHART_PEOPLE; i++) {
                const person *p = people->pdata[i];
                counts[names->len] = (double)p->mentions;
                g_ptr_array_add(names, p->name);
            }
            if (names->len) {
                GString *svg = g_string_new(NULL);
                svg_bar_chart(svg, "the most mentioned people", names, counts);
                html_chart(page, svg->str);
                g_string_free(svg, TRUE);
            }
            g_ptr_array_free(names, TRUE);
        }
        if (out) {
            FILE *f = outfile_stream(out);
            if (!c.binned) {
                static const char *const cols[] = { "name", "mentions", "documents", "first",
                                                    "last", "titles", "with", NULL };
                rows *rw = rows_new(f, run.format, cols, "snnddss");
                if (page)
                    html_table_begin(page, cols);
                for (guint i = 0; i < shown; i++) {
                    const person *p = people->pdata[i];
                    char m[24], d[24];
                    g_snprintf(m, sizeof m, "%" G_GUINT64_FORMAT, p->mentions);
                    g_snprintf(d, sizeof d, "%" G_GUINT64_FORMAT, p->documents);
                    char *titles = titles_text(p), *companions = with_text(p, with, FALSE);
                    const char *cells[] = { p->name, m, d, p->first, p->last, titles,
                                            companions };
                    char *json_titles = NULL, *json_with = NULL;
                    if (run.format == FORMAT_JSON) {
                        json_titles = titles_json(p);
                        json_with = with_text(p, with, TRUE);
                    }
                    const char *json[] = { NULL, NULL, NULL, NULL, NULL, json_titles,
                                           json_with };
                    rows_add_json(rw, cells, json);
                    g_free(json_titles);
                    g_free(json_with);
                    if (page)
                        html_table_row(page, cells, "snnssww");
                    g_free(titles);
                    g_free(companions);
                }
                rows_finish(rw);
            } else {
                static const char *const cols[] = { "name", "bin", "mentions", "documents",
                                                    "bin_documents", "titles", NULL };
                rows *rw = rows_new(f, run.format, cols, "ssnnns");
                if (page)
                    html_table_begin(page, cols);
                GPtrArray *bins = NULL;
                const char *first = NULL, *last = NULL;
                for (guint i = 0; i < people->len; i++) {
                    const person *p = people->pdata[i];
                    if (p->first[0] && (!first || strcmp(p->first, first) < 0))
                        first = p->first;
                    if (p->last[0] && (!last || strcmp(p->last, last) > 0))
                        last = p->last;
                }
                bins = first ? bins_between(first, last, c.unit) : g_ptr_array_new();
                for (guint i = 0; i < shown; i++) {
                    const person *p = people->pdata[i];
                    for (guint b = 0; b < bins->len; b++) {
                        const person_bin *pb = p->bins ? g_hash_table_lookup(p->bins,
                                                                             bins->pdata[b])
                                                       : NULL;
                        guint bin_docs = GPOINTER_TO_UINT(
                            g_hash_table_lookup(c.bin_docs, bins->pdata[b]));
                        if (!pb)
                            continue;
                        char m[24], d[24], bd[24];
                        g_snprintf(m, sizeof m, "%" G_GUINT64_FORMAT, pb->mentions);
                        g_snprintf(d, sizeof d, "%" G_GUINT64_FORMAT, pb->documents);
                        g_snprintf(bd, sizeof bd, "%u", bin_docs);
                        g_ptr_array_sort(pb->titles, compare_strings);
                        g_ptr_array_add(pb->titles, NULL);
                        char *titles = g_strjoinv("、", (char **)pb->titles->pdata);
                        g_ptr_array_set_size(pb->titles, pb->titles->len - 1);
                        const char *cells[] = { p->name, bins->pdata[b], m, d, bd, titles };
                        char *json_titles = NULL;
                        if (run.format == FORMAT_JSON) {
                            GString *js = g_string_new(NULL);
                            format_json_strings(js, (const char *const *)pb->titles->pdata,
                                                pb->titles->len);
                            json_titles = g_string_free(js, FALSE);
                        }
                        const char *json[] = { NULL, NULL, NULL, NULL, NULL, json_titles };
                        rows_add_json(rw, cells, json);
                        g_free(json_titles);
                        if (page)
                            html_table_row(page, cells, "ssnnnw");
                        g_free(titles);
                    }
                }
                rows_finish(rw);
                g_ptr_array_free(bins, TRUE);
            }
            if (table && shown < people->len)
                fprintf(f, "\n(%u more people: --top 0 shows all)\n", people->len - shown);
            if (outfile_commit(out, &error))
                status = cli_exit_status();
        }
        if (page) {
            html_table_end(page);
            html_end(page);
            if (status != EXIT_USAGE && !html_write(html, page, &error))
                status = EXIT_USAGE;
            g_string_free(page, TRUE);
        }
        if (error) {
            tifa_error("%s", error->message);
            g_clear_error(&error);
        }
        g_ptr_array_free(people, TRUE);
    }
    g_hash_table_destroy(c.people);
    g_hash_table_destroy(c.bin_docs);
    cli_release(&run);
    g_free(by);
    g_free(html);
    g_strfreev(names_wanted);
    return status;
}
