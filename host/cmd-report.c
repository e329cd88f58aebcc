/*
 * cmd-report.c - `tifa report`: the frequency report over a corpus.
 *
 * For each key, grouped by plugin and category: mentions, documents that
 * contain it, the document share (documents / all documents), mentions per
 * 10,000 characters (non-space characters of all documents), and the first
 * and last date seen.  Officials also list the titles seen with each name.
 */
#include "config.h"

#include <string.h>

#include "tifa.h"

/* Join an entry's labels with "、" (how the texts list titles). */
static char *
join_labels(const tally_entry *e)
{
    if (!e->labels || e->labels->len == 0)
        return g_strdup("");
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < e->labels->len; i++) {
        if (i)
            g_string_append(s, "、");
        g_string_append(s, e->labels->pdata[i]);
    }
    return g_string_free(s, FALSE);
}

/* The labels as a JSON array of strings. */
static char *
labels_json(const tally_entry *e)
{
    GString *s = g_string_new(NULL);
    format_json_strings(s, e->labels ? (const char *const *)e->labels->pdata : NULL,
                        e->labels ? e->labels->len : 0);
    return g_string_free(s, FALSE);
}

/* Rows per section in a table unless --top says otherwise. */
#define TABLE_TOP_DEFAULT 25

typedef struct {
    tally *t;
    db *d;
    GHashTable *examples;    /* --html: entry name -> example, else NULL */
    GPtrArray *plugins;
} report_ctx;

/* Characters of context on each side of an example in the HTML report. */
#define EXAMPLE_CONTEXT 30

/* The earliest occurrence of a key (by date, then corpus order), shown in
 * the HTML report so that a reader sees what was counted. */
typedef struct {
    char *date;              /* "" when undated: any dated one replaces it */
    char *source;            /* date and title (or file name) */
    char *line;              /* left \x1e hit \x1e right */
} example;

static void
example_free(gpointer data)
{
    example *x = data;
    g_free(x->date);
    g_free(x->source);
    g_free(x->line);
    g_free(x);
}

static char *
example_name(const char *plugin_name, const char *category, const char *key)
{
    return g_strdup_printf("%s\x1f%s\x1f%s", plugin_name, category, key);
}

static void
note_examples(GHashTable *examples, const scanned_doc *doc, GPtrArray *plugins)
{
    const char *date = doc->date ? doc->date : "";
    for (guint i = 0; i < doc->results->len; i++) {
        const doc_result *r = &g_array_index(doc->results, doc_result, i);
        const plugin *p = plugins->pdata[r->plugin];
        char *name = example_name(p->name, r->category, r->key);
        example *x = g_hash_table_lookup(examples, name);
        if (x && (!*date || (*x->date && strcmp(x->date, date) <= 0))) {
            g_free(name);
            continue;
        }
        if (!x) {
            x = g_new0(example, 1);
            g_hash_table_insert(examples, name, x);
        } else {
            g_free(name);
            g_free(x->date);
            g_free(x->source);
            g_free(x->line);
        }
        char *left = util_context(doc->text, doc->len, r->start, EXAMPLE_CONTEXT, FALSE);
        char *right = util_context(doc->text, doc->len, r->end, EXAMPLE_CONTEXT, TRUE);
        char *hit = g_strndup(doc->text + r->start, r->end - r->start);
        x->date = g_strdup(date);
        x->source = g_strdup_printf("%s%s%s", date, *date ? " " : "",
                                    doc->title && *doc->title ? doc->title : doc->name);
        x->line = g_strdup_printf("…%s\x1e%s\x1e%s…", left, hit, right);
        g_free(left);
        g_free(right);
        g_free(hit);
    }
}

static void
consume(const scanned_doc *doc, void *data)
{
    report_ctx *c = data;
    tally_add_doc(c->t, doc);
    /* (A merge replays counts without text: no examples then.) */
    if (c->examples && doc->text)
        note_examples(c->examples, doc, c->plugins);
    if (c->d)
        db_add_doc(c->d, doc);
}

/* The report as a page: per plugin and category, a bar chart of the most
 * mentioned keys and the table of all. */
static void
write_html(GString *page, tally *t, GPtrArray *plugins, GHashTable *examples)
{
    GPtrArray *entries = tally_entries(t);
    uint64_t docs = tally_documents(t), chars = tally_chars(t);
    html_begin(page, "tifa report");
    char *meta = g_strdup_printf("%" G_GUINT64_FORMAT " document%s, %" G_GUINT64_FORMAT
                                 " characters%s%s%s%s.",
                                 docs, docs == 1 ? "" : "s", chars,
                                 *tally_first_date(t) ? ", dated " : "",
                                 tally_first_date(t), *tally_first_date(t) ? " to " : "",
                                 tally_last_date(t));
    html_paragraph(page, "meta", meta);
    g_free(meta);
    static const char *const cols[] = { "key", "mentions", "documents", "share", "per 10k",
                                        "first", "last", "titles / labels",
                                        "earliest example", "in", NULL };
    for (guint i = 0; i < entries->len;) {
        const tally_entry *head = entries->pdata[i];
        guint j = i;
        while (j < entries->len && ((tally_entry *)entries->pdata[j])->plugin == head->plugin &&
               strcmp(((tally_entry *)entries->pdata[j])->category, head->category) == 0)
            j++;
        const plugin *p = plugins->pdata[head->plugin];
        char *title = g_strdup_printf("%s / %s", p->name, head->category);
        html_heading(page, title);
        /* The 15 most mentioned keys as bars. */
        GPtrArray *labels = g_ptr_array_new();
        double values[15];
        for (guint k = i; k < j && labels->len < 15; k++) {
            const tally_entry *e = entries->pdata[k];
            values[labels->len] = (double)e->mentions;
            g_ptr_array_add(labels, (char *)e->key);
        }
        GString *svg = g_string_new(NULL);
        svg_bar_chart(svg, title, labels, values);
        html_chart(page, svg->str);
        g_string_free(svg, TRUE);
        g_ptr_array_free(labels, TRUE);
        html_table_begin(page, cols);
        for (guint k = i; k < j; k++) {
            const tally_entry *e = entries->pdata[k];
            char m[24], d[24], sh[32], r[32];
            g_snprintf(m, sizeof m, "%" G_GUINT64_FORMAT, e->mentions);
            g_snprintf(d, sizeof d, "%" G_GUINT64_FORMAT, e->documents);
            g_snprintf(sh, sizeof sh, "%.1f%%", docs ? 100.0 * e->documents / docs : 0.0);
            g_snprintf(r, sizeof r, "%.3f", chars ? e->mentions * 10000.0 / chars : 0.0);
            char *labels_joined = join_labels(e);
            char *name = example_name(p->name, e->category, e->key);
            const example *x = g_hash_table_lookup(examples, name);
            g_free(name);
            const char *cells[] = { e->key, m, d, sh, r, e->first, e->last, labels_joined,
                                    x ? x->line : "", x ? x->source : "" };
            html_table_row(page, cells, "snnnnsswkc");
            g_free(labels_joined);
        }
        html_table_end(page);
        g_free(title);
        i = j;
    }
    html_end(page);
    g_ptr_array_free(entries, TRUE);
}

void
report_write(FILE *f, tally *t, GPtrArray *plugins, out_format format, int top)
{
    GPtrArray *entries = tally_entries(t);
    uint64_t docs = tally_documents(t);
    uint64_t chars = tally_chars(t);
    gboolean table = format == FORMAT_TABLE;

    if (table) {
        fprintf(f, "%" G_GUINT64_FORMAT " document%s, %" G_GUINT64_FORMAT " characters", docs,
                docs == 1 ? "" : "s", chars);
        if (*tally_first_date(t))
            fprintf(f, ", dated %s to %s", tally_first_date(t), tally_last_date(t));
        if (tally_undated(t))
            fprintf(f, " (%" G_GUINT64_FORMAT " undated)", tally_undated(t));
        fputs("\n", f);
        if (entries->len == 0) {
            fputs("\nNothing found.\n", f);
            g_ptr_array_free(entries, TRUE);
            return;
        }
    }
    /* Every format carries the labels (an official's titles, joined by
     * 、; an array in JSON): a spreadsheet user reading officials needs
     * them most. */
    static const char *const flat_cols[] = { "plugin", "category", "key", "mentions",
                                             "documents", "share", "per10k", "first",
                                             "last", "labels", NULL };
    static const char *const table_cols[] = { "key", "mentions", "docs", "share", "per 10k",
                                              "first", "last", "titles / labels", NULL };
    rows *rw;
    if (table)
        rw = rows_new(f, format, table_cols, "snnnnsss");
    else
        rw = rows_new(f, format, flat_cols, "sssnnnndds");

    const char *section_plugin = NULL, *section_category = NULL;
    int in_section = 0, hidden = 0, hidden_total = 0;
    for (guint i = 0; i < entries->len; i++) {
        const tally_entry *e = entries->pdata[i];
        const plugin *p = plugins->pdata[e->plugin];
        gboolean new_section = !section_plugin || strcmp(section_plugin, p->name) != 0 ||
                               strcmp(section_category, e->category) != 0;
        if (new_section) {
            if (hidden && table) {
                char *more = g_strdup_printf("… %d more", hidden);
                const char *cells[] = { more, "", "", "", "", "", "", "" };
                rows_add(rw, cells);
                g_free(more);
            }
            hidden = 0;
            in_section = 0;
            section_plugin = p->name;
            section_category = e->category;
        }
        if (top > 0 && ++in_section > top) {
            hidden++;
            hidden_total++;
            continue;
        }
        char mentions[32], documents[32], share[32], per10k[32];
        g_snprintf(mentions, sizeof mentions, "%" G_GUINT64_FORMAT, e->mentions);
        g_snprintf(documents, sizeof documents, "%" G_GUINT64_FORMAT, e->documents);
        double s = docs ? (double)e->documents / (double)docs : 0.0;
        double r = chars ? (double)e->mentions * 10000.0 / (double)chars : 0.0;
        if (table) {
            g_snprintf(share, sizeof share, "%.1f%%", 100.0 * s);
            g_snprintf(per10k, sizeof per10k, "%.3f", r);
        } else {
            g_snprintf(share, sizeof share, MEASURE_FORMAT, s);
            g_snprintf(per10k, sizeof per10k, MEASURE_FORMAT, r);
        }
        char *labels = join_labels(e);
        if (table) {
            if (new_section) {
                char *title = g_strdup_printf("%s / %s", p->name, e->category);
                rows_section(rw, title);
                g_free(title);
            }
            const char *cells[] = { e->key, mentions, documents, share, per10k, e->first,
                                    e->last, labels };
            rows_add(rw, cells);
        } else {
            const char *cells[] = { p->name, e->category, e->key, mentions, documents, share,
                                    per10k, e->first, e->last, labels };
            char *json_labels = format == FORMAT_JSON ? labels_json(e) : NULL;
            const char *json[] = { NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                   json_labels };
            rows_add_json(rw, cells, json);
            g_free(json_labels);
        }
        g_free(labels);
    }
    if (hidden && table) {
        char *more = g_strdup_printf("… %d more", hidden);
        const char *cells[] = { more, "", "", "", "", "", "", "" };
        rows_add(rw, cells);
        g_free(more);
    }
    rows_finish(rw);
    if (hidden_total && table)
        fprintf(f, "\n(%d rows not shown: --top N shows N per section, --top 0 all of "
                   "them)\n", hidden_total);
    else if (hidden_total)
        tifa_note("%d rows not written: --top %d writes %d per plugin and category", hidden_total,
                  top, top);
    g_ptr_array_free(entries, TRUE);
}

int
cmd_report(int argc, char **argv)
{
    common_opts *o = cli_opts();
    int top = TOP_UNSET;
    char *html = NULL;
    GOptionEntry entries[] = {
        { "top", 'n', 0, G_OPTION_ARG_INT, &top,
          "Rows per plugin and category, in every format (default: 25 in a table, all "
          "in the others; 0: all)",
          "N" },
        { "html", 0, 0, G_OPTION_ARG_FILENAME, &html,
          "Also write a self-contained HTML page with charts and tables", "FILE.html" },
        { NULL },
    };
    GOptionContext *ctx = cli_context(
        "report", "[PATH…]",
        "Count every formulation, slogan and official in a corpus: mentions, documents,\n"
        "document share, mentions per 10,000 characters (non-space characters of all\n"
        "documents), first and last date.\n"
        "PATH is a file, a directory (read recursively; with a manifest.tsv, the files\n"
        "it lists), a JSON Lines file, or - for standard input; without PATH, the\n"
        "bundled corpus.");
    g_option_context_add_main_entries(ctx, entries, NULL);
    cli_add_common(ctx, o, TRUE);
    cli_add_period(ctx, o);
    cli_add_db(ctx, o);
    cli_add_partial(ctx, o);
    if (!cli_parse(ctx, &argc, &argv) || !cli_top_given_ok(top)) {
        g_option_context_free(ctx);
        return EXIT_USAGE;
    }
    g_option_context_free(ctx);
    run_context run;
    if (!cli_prepare(o, &run)) {
        cli_release(&run);
        return EXIT_USAGE;
    }
    GError *error = NULL;
    outfile *out = outfile_open(o->output, &error);
    if (!out) {
        tifa_error("%s", error->message);
        g_error_free(error);
        cli_release(&run);
        return EXIT_USAGE;
    }
    char *storage[2];
    report_ctx c = { tally_new(), NULL, NULL, run.plugins };
    if (html)
        c.examples = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, example_free);
    int status = EXIT_USAGE;
    if (o->db) {
        c.d = db_open(o->db, run.plugins, &error);
        if (!c.d) {
            tifa_error("%s", error->message);
            g_clear_error(&error);
            outfile_abort(out);
            tally_free(c.t);
            if (c.examples)
                g_hash_table_destroy(c.examples);
            cli_release(&run);
            g_free(html);
            return EXIT_USAGE;
        }
    }
    run.setup.outputs[OUTPUT_HTML] = html;
    if (scan_run(&run.setup, cli_paths(argv + 1, argc - 1, storage), consume, &c, &error)) {
        if (top == TOP_UNSET)
            top = run.format == FORMAT_TABLE ? TABLE_TOP_DEFAULT : 0;
        report_write(outfile_stream(out), c.t, run.plugins, run.format, top);
        gboolean ok = TRUE;
        if (html) {
            GString *page = g_string_new(NULL);
            write_html(page, c.t, run.plugins, c.examples);
            ok = html_write(html, page, &error);
            g_string_free(page, TRUE);
        }
        if (ok && c.d) {
            ok = db_commit(c.d, &error);
            c.d = NULL;
        }
        if (ok && outfile_commit(out, &error))
            status = cli_exit_status();
        else if (error)
            tifa_error("%s", error->message);
        if (!ok)
            outfile_abort(out);
        out = NULL;
    } else {
        tifa_error("%s", error->message);
    }
    g_clear_error(&error);
    outfile_abort(out);
    db_abort(c.d);
    g_free(html);
    if (c.examples)
        g_hash_table_destroy(c.examples);
    tally_free(c.t);
    cli_release(&run);
    return status;
}
