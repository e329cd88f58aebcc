/*
 * cmd-diff.c - `tifa diff`: what one document, set or period says more or
 * less than another.
 *
 * Each side is a set of paths (tifa diff A B) or a period of one corpus
 * (--period 2017 --vs 2022, or --from-a/--to-a/--from-b/--to-b).  For every
 * key found on either side: its count and rate (per 10,000 characters) on
 * each side, a status, Dunning's log-likelihood G2 with its p-value, and
 * the log ratio (stats.c).  Status: added (only in B), dropped (only in A),
 * up or down when the difference is significant (p < --alpha, default
 * 0.05), n.s. otherwise (not "same": 九二共识 4 -> 1 between two congress
 * reports is a drop that two documents cannot tell from chance).  Keys
 * found on one side only come first, then by G2, largest first.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "tifa.h"

/* Keys drawn in the HTML page's chart. */
#define DIFF_CHART_KEYS 25

#define DIFF_TOP_DEFAULT 40

/* A side of the comparison: a date range (inclusive) or every document. */
typedef struct {
    char from[11], to[11];
    gboolean by_date;
    tally *t;
} side;

typedef struct {
    side *a, *b;
    guint in_both;           /* documents counted on both sides */
} diff_ctx;

/* One side of a comparison of two paths; the first side's documents are
 * remembered, so that the second can say which it shares. */
typedef struct {
    tally *t;
    GHashTable *seen;        /* canonical name of each document of side A */
    gboolean second;
    guint in_both;
} path_side;

static gboolean
in_side(const side *s, const char *date)
{
    return date && strcmp(date, s->from) >= 0 && strcmp(date, s->to) <= 0;
}

static void
consume_periods(const scanned_doc *doc, void *data)
{
    diff_ctx *d = data;
    gboolean in_a = in_side(d->a, doc->date), in_b = in_side(d->b, doc->date);
    if (in_a)
        tally_add_doc(d->a->t, doc);
    if (in_b)
        tally_add_doc(d->b->t, doc);
    d->in_both += in_a && in_b;
}

/* A document's name is a path, or FILE#ID, FILE:LINE of a record, FILE#N
 * of an item: its file's canonical path, then what followed it, so that
 * dir/a.txt and ./dir/a.txt are one document, and so are their items. */
static char *
canonical_doc_name(const char *name)
{
    char *real = realpath(name, NULL);
    if (real) {
        char *out = g_strdup(real);
        free(real);
        return out;
    }
    for (const char *p = name + strlen(name); p-- > name;) {
        if (*p != '#' && *p != ':')
            continue;
        char *file = g_strndup(name, (gsize)(p - name));
        real = realpath(file, NULL);
        g_free(file);
        if (real) {
            char *out = g_strconcat(real, p, NULL);
            free(real);
            return out;
        }
    }
    return g_strdup(name);
}

static void
consume_one(const scanned_doc *doc, void *data)
{
    path_side *s = data;
    tally_add_doc(s->t, doc);
    char *name = canonical_doc_name(doc->name);
    if (!s->second)
        g_hash_table_add(s->seen, name);
    else {
        s->in_both += g_hash_table_contains(s->seen, name);
        g_free(name);
    }
}

/* G² and p compare two samples: a document on both sides is in neither
 * alone (--period 2021 --vs 2021-06..2022-06, or a file and its directory). */
static void
note_in_both(guint n)
{
    if (n)
        tifa_note("%u document%s %s counted on both sides: the sides overlap, and G2 and p, "
                  "which assume two separate samples, overstate how sure a difference is",
                  n, n == 1 ? "" : "s", n == 1 ? "is" : "are");
}

typedef struct {
    uint32_t plugin;
    const char *category, *key;
    uint64_t a, b;
    double rate_a, rate_b, g2, p, lr;
    const char *status;
} diff_row;

static gint
compare_rows(gconstpointer x, gconstpointer y)
{
    const diff_row *r = *(const diff_row *const *)x, *s = *(const diff_row *const *)y;
    gboolean one_r = r->a == 0 || r->b == 0, one_s = s->a == 0 || s->b == 0;
    if (one_r != one_s)
        return one_r ? -1 : 1;
    if (r->g2 != s->g2)
        return r->g2 > s->g2 ? -1 : 1;
    return strcmp(r->key, s->key);
}

/* Rows for every key of either side. */
static GPtrArray *
compare_sides(side *a, side *b, double alpha)
{
    GHashTable *rows_by = g_hash_table_new(g_str_hash, g_str_equal);
    GPtrArray *found = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *ids = g_ptr_array_new_with_free_func(g_free);
    side *sides[2] = { a, b };
    for (int s = 0; s < 2; s++) {
        GPtrArray *entries = tally_entries(sides[s]->t);
        for (guint i = 0; i < entries->len; i++) {
            const tally_entry *e = entries->pdata[i];
            char *id = g_strdup_printf("%u\x1f%s\x1f%s", e->plugin, e->category, e->key);
            diff_row *r = g_hash_table_lookup(rows_by, id);
            if (!r) {
                r = g_new0(diff_row, 1);
                r->plugin = e->plugin;
                r->category = e->category;
                r->key = e->key;
                g_hash_table_insert(rows_by, id, r);
                g_ptr_array_add(ids, id);
                g_ptr_array_add(found, r);
            } else {
                g_free(id);
            }
            if (s == 0)
                r->a = e->mentions;
            else
                r->b = e->mentions;
        }
        g_ptr_array_free(entries, TRUE);
    }
    double na = (double)tally_chars(a->t), nb = (double)tally_chars(b->t);
    for (guint i = 0; i < found->len; i++) {
        diff_row *r = found->pdata[i];
        r->rate_a = na ? (double)r->a * 10000.0 / na : 0;
        r->rate_b = nb ? (double)r->b * 10000.0 / nb : 0;
        r->g2 = stats_g2((double)r->a, (double)r->b, na, nb);
        r->p = stats_chi2_p(r->g2);
        r->lr = (na && nb) ? stats_log_ratio((double)r->a, (double)r->b, na, nb) : 0;
        if (r->a == 0)
            r->status = "added";
        else if (r->b == 0)
            r->status = "dropped";
        else if (r->p < alpha)
            r->status = r->rate_b > r->rate_a ? "up" : "down";
        else
            r->status = "n.s.";
    }
    g_ptr_array_sort(found, compare_rows);
    g_hash_table_destroy(rows_by);
    g_ptr_array_free(ids, TRUE);
    return found;
}

static char *
describe(const side *s, const char *name, const char *paths)
{
    GString *d = g_string_new(NULL);
    g_string_append_printf(d, "%s: %" G_GUINT64_FORMAT " document%s, %" G_GUINT64_FORMAT
                              " characters",
                           name, tally_documents(s->t), tally_documents(s->t) == 1 ? "" : "s",
                           tally_chars(s->t));
    if (s->by_date && *tally_first_date(s->t))
        g_string_append_printf(d, ", period %s to %s, documents dated %s to %s", s->from, s->to,
                               tally_first_date(s->t), tally_last_date(s->t));
    else if (s->by_date)
        g_string_append_printf(d, ", period %s to %s", s->from, s->to);
    else if (paths)
        g_string_append_printf(d, " (%s)", paths);
    return g_string_free(d, FALSE);
}

int
cmd_diff(int argc, char **argv)
{
    common_opts *o = cli_opts();
    char *period = NULL, *vs = NULL, *from_a = NULL, *to_a = NULL, *from_b = NULL, *to_b = NULL;
    char *html = NULL;
    double alpha = 0.05;
    int top = TOP_UNSET;
    GOptionEntry entries[] = {
        { "period", 0, 0, G_OPTION_ARG_STRING, &period,
          "Side A: documents dated in this period (2017, 2017-10, 2017-10-18, 2017-Q4, "
          "2017-10a, 2017-W42, or FROM..TO)",
          "PERIOD" },
        { "vs", 0, 0, G_OPTION_ARG_STRING, &vs, "Side B: documents dated in this period",
          "PERIOD" },
        { "from-a", 0, 0, G_OPTION_ARG_STRING, &from_a, "Side A starts on this date", "DATE" },
        { "to-a", 0, 0, G_OPTION_ARG_STRING, &to_a, "Side A ends on this date", "DATE" },
        { "from-b", 0, 0, G_OPTION_ARG_STRING, &from_b, "Side B starts on this date", "DATE" },
        { "to-b", 0, 0, G_OPTION_ARG_STRING, &to_b, "Side B ends on this date", "DATE" },
        { "alpha", 0, 0, G_OPTION_ARG_DOUBLE, &alpha,
          "Significance level for up and down (default 0.05)", "P" },
        { "top", 'n', 0, G_OPTION_ARG_INT, &top,
          "Rows in a table (default 40; 0: all); tsv, csv and json have all", "N" },
        { "html", 0, 0, G_OPTION_ARG_FILENAME, &html,
          "Write a self-contained HTML page of the comparison", "FILE.html" },
        { NULL },
    };
    GOptionContext *ctx = cli_context(
        "diff", "A B | --period P --vs Q [PATH…]",
        "Compare two documents, sets or periods: for each key, count and rate (per\n"
        "10,000 non-space characters) on each side, added / dropped / up / down / n.s. (not\n"
        "significant at --alpha), Dunning's log-likelihood G2 with its p-value, and the\n"
        "log ratio.  A candidate (category candidate) counts only where the text quotes\n"
        "it, so one added or dropped may stand unquoted on the other side.  tsv/csv\n"
        "columns: plugin category key count_a count_b rate_a rate_b status g2 p\n"
        "log_ratio.\n"
        "Example: tifa diff 2017-10-18_19th-congress-report.txt "
        "2022-10-16_20th-congress-report.txt");
    g_option_context_add_main_entries(ctx, entries, NULL);
    cli_add_common(ctx, o, TRUE);
    cli_add_partial(ctx, o);
    gboolean ok = cli_parse(ctx, &argc, &argv) && cli_top_given_ok(top);
    g_option_context_free(ctx);
    if (ok && !(alpha > 0 && alpha < 1)) {
        tifa_error("--alpha is a significance level between 0 and 1 (default 0.05), not %g",
                   alpha);
        ok = FALSE;
    }

    side a = { .t = tally_new() }, b = { .t = tally_new() };
    gboolean by_date = period || vs || from_a || to_a || from_b || to_b;
    if (ok && by_date) {
        /* --period/--vs, or the four dates; the latter may leave an end open. */
        gboolean good = TRUE;
        const char *reversed = NULL;   /* a period written TO..FROM */
        if (period || vs) {
            gboolean reversed_a = FALSE, reversed_b = FALSE;
            good = period && vs && date_parse_period(period, a.from, a.to, &reversed_a) &&
                   date_parse_period(vs, b.from, b.to, &reversed_b);
            reversed = reversed_a ? period : reversed_b ? vs : NULL;
        } else {
            g_strlcpy(a.from, "1000-01-01", 11);
            g_strlcpy(b.from, "1000-01-01", 11);
            g_strlcpy(a.to, "2099-12-31", 11);
            g_strlcpy(b.to, "2099-12-31", 11);
            good = (!from_a || date_parse(from_a, a.from)) && (!to_a || date_parse(to_a, a.to)) &&
                   (!from_b || date_parse(from_b, b.from)) && (!to_b || date_parse(to_b, b.to));
        }
        if (reversed) {
            tifa_error("the period %s ends before it starts: write FROM..TO, earlier first",
                       reversed);
            ok = FALSE;
        } else if (!good) {
            tifa_error("diff needs --period and --vs (2017, 2017-10, 2017-10-18 or FROM..TO), "
                       "or dates as YYYY-MM-DD for --from-a/--to-a/--from-b/--to-b");
            ok = FALSE;
        }
        a.by_date = b.by_date = TRUE;
    } else if (ok && (cli_merging() || o->partial)) {
        /* A partial holds documents, not sides: periods say which is which. */
        tifa_error("diff of partials works by periods: tifa merge diff --period P --vs Q "
                   "PARTIAL…, and tifa diff --partial FILE --period P --vs Q PATH…");
        ok = FALSE;
    } else if (ok && argc != 3) {
        tifa_error("diff compares two things: give two paths (tifa diff A B; a side of "
                   "several files is a directory of them, symbolic links will do), or "
                   "periods (tifa diff --period 2017 --vs 2022 PATH…)");
        ok = FALSE;
    }
    run_context run;
    memset(&run, 0, sizeof run);
    if (ok)
        ok = cli_prepare(o, &run);
    GError *error = NULL;
    char *storage[2];
    run.setup.outputs[OUTPUT_HTML] = html;
    if (ok && by_date) {
        diff_ctx d = { &a, &b, 0 };
        ok = scan_run(&run.setup, cli_paths(argv + 1, argc - 1, storage), consume_periods, &d,
                      &error);
        if (ok)
            note_in_both(d.in_both);
    } else if (ok) {
        const char *path_a[] = { argv[1], NULL }, *path_b[] = { argv[2], NULL };
        path_side s = { a.t, g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
                        FALSE, 0 };
        ok = scan_run(&run.setup, path_a, consume_one, &s, &error);
        s.t = b.t;
        s.second = TRUE;
        ok = ok && scan_run(&run.setup, path_b, consume_one, &s, &error);
        if (ok)
            note_in_both(s.in_both);
        g_hash_table_destroy(s.seen);
    }
    if (!ok && error) {
        tifa_error("%s", error->message);
        g_clear_error(&error);
    }
    int status = EXIT_USAGE;
    if (ok && (tally_chars(a.t) == 0 || tally_chars(b.t) == 0)) {
        tifa_error("side %s has no text to compare (no document%s)",
                   tally_chars(a.t) == 0 ? "A" : "B", by_date ? " dated in its period" : "");
        ok = FALSE;
    }
    if (ok) {
        GPtrArray *keyness = compare_sides(&a, &b, alpha);
        char *desc_a = describe(&a, "A", by_date ? NULL : argv[1]);
        char *desc_b = describe(&b, "B", by_date ? NULL : argv[2]);
        if (top == TOP_UNSET)
            top = run.format == FORMAT_TABLE ? DIFF_TOP_DEFAULT : 0;
        outfile *out = outfile_open(o->output, &error);
        if (out) {
            FILE *f = outfile_stream(out);
            gboolean table = run.format == FORMAT_TABLE;
            if (table)
                fprintf(f, "%s\n%s\n\n", desc_a, desc_b);
            static const char *const cols[] = { "plugin", "category", "key", "count_a",
                                                "count_b", "rate_a", "rate_b", "status", "g2",
                                                "p", "log_ratio", NULL };
            rows *rw = rows_new(f, run.format, cols, "sssnnnnsnnn");
            guint shown = 0;
            for (guint i = 0; i < keyness->len; i++) {
                const diff_row *r = keyness->pdata[i];
                if (top > 0 && shown >= (guint)top)
                    break;
                shown++;
                const plugin *p = run.plugins->pdata[r->plugin];
                char ca[24], cb[24], ra[32], rb[32], g2[32], pv[32], lr[32];
                g_snprintf(ca, sizeof ca, "%" G_GUINT64_FORMAT, r->a);
                g_snprintf(cb, sizeof cb, "%" G_GUINT64_FORMAT, r->b);
                g_snprintf(ra, sizeof ra, table ? "%.3f" : MEASURE_FORMAT, r->rate_a);
                g_snprintf(rb, sizeof rb, table ? "%.3f" : MEASURE_FORMAT, r->rate_b);
                g_snprintf(g2, sizeof g2, table ? "%.2f" : MEASURE_FORMAT, r->g2);
                g_snprintf(pv, sizeof pv, table ? "%.3g" : MEASURE_FORMAT, r->p);
                g_snprintf(lr, sizeof lr, table ? "%.2f" : MEASURE_FORMAT, r->lr);
                const char *cells[] = { p->name, r->category, r->key, ca, cb, ra, rb,
                                        r->status, g2, pv, lr };
                rows_add(rw, cells);
            }
            rows_finish(rw);
            if (table && shown < keyness->len)
                fprintf(f, "\n(%u more keys: --top 0 shows all)\n", keyness->len - shown);
            /* A candidate counts where it is quoted: the text may still
             * hold it unquoted on the side where it reads as gone. */
            guint quoted_only = 0;
            const char *example = NULL;
            for (guint i = 0; i < keyness->len; i++) {
                const diff_row *r = keyness->pdata[i];
                if (strcmp(r->category, "candidate") == 0 && (!r->a || !r->b)) {
                    quoted_only++;
                    example = example ? example : r->key;
                }
            }
            if (quoted_only)
                tifa_note("%u candidate%s added or dropped (%s%s): candidates are counted "
                          "only where the text quotes them, so one may stand unquoted on the "
                          "other side; tifa kwic PHRASE shows every place",
                          quoted_only, quoted_only == 1 ? " is" : "s are", example,
                          quoted_only > 1 ? " …" : "");
            if (outfile_commit(out, &error))
                status = cli_exit_status();
        }
        if (status != EXIT_USAGE && html) {
            GString *page = g_string_new(NULL);
            html_begin(page, "tifa diff");
            html_paragraph(page, "meta", desc_a);
            html_paragraph(page, "meta", desc_b);
            /* The keys that differ most (by G2), as log ratios: left for
             * more in A, right for more in B. */
            GPtrArray *top_keys = g_ptr_array_new_with_free_func(g_free);
            double lrs[DIFF_CHART_KEYS];
            for (guint i = 0; i < keyness->len && top_keys->len < DIFF_CHART_KEYS; i++) {
                const diff_row *r = keyness->pdata[i];
                /* A key that comes in two categories (bundle's paragraph and
                 * sentence) or plugins is drawn twice: say which is which. */
                gboolean twice = FALSE;
                for (guint j = 0; j < keyness->len && !twice; j++) {
                    const diff_row *other = keyness->pdata[j];
                    twice = other != r && strcmp(other->key, r->key) == 0;
                }
                const plugin *p = run.plugins->pdata[r->plugin];
                lrs[top_keys->len] = r->lr;
                g_ptr_array_add(top_keys, twice ? g_strdup_printf("%s (%s %s)", r->key, p->name,
                                                                  r->category)
                                                : g_strdup(r->key));
            }
            if (top_keys->len) {
                GString *svg = g_string_new(NULL);
                svg_diverging_chart(svg, "log ratio of the keys that differ most (by G²)",
                                    "more in A", "more in B", top_keys, lrs);
                html_chart(page, svg->str);
                g_string_free(svg, TRUE);
            }
            g_ptr_array_free(top_keys, TRUE);
            static const char *const hcols[] = { "plugin", "category", "key", "A", "B",
                                                 "rate A", "rate B", "status", "G²", "p",
                                                 "log ratio", NULL };
            html_table_begin(page, hcols);
            for (guint i = 0; i < keyness->len; i++) {
                const diff_row *r = keyness->pdata[i];
                const plugin *p = run.plugins->pdata[r->plugin];
                char ca[24], cb[24], ra[32], rb[32], g2[32], pv[32], lr[32];
                g_snprintf(ca, sizeof ca, "%" G_GUINT64_FORMAT, r->a);
                g_snprintf(cb, sizeof cb, "%" G_GUINT64_FORMAT, r->b);
                g_snprintf(ra, sizeof ra, "%.3f", r->rate_a);
                g_snprintf(rb, sizeof rb, "%.3f", r->rate_b);
                g_snprintf(g2, sizeof g2, "%.2f", r->g2);
                g_snprintf(pv, sizeof pv, "%.3g", r->p);
                g_snprintf(lr, sizeof lr, "%.2f", r->lr);
                const char *cells[] = { p->name, r->category, r->key, ca, cb, ra, rb,
                                        r->status, g2, pv, lr };
                html_table_row(page, cells, "sssnnnnsnnn");
            }
            html_table_end(page);
            html_end(page);
            if (!html_write(html, page, &error))
                status = EXIT_USAGE;
            g_string_free(page, TRUE);
        }
        if (status == EXIT_USAGE && error) {
            tifa_error("%s", error->message);
            g_clear_error(&error);
        }
        g_free(desc_a);
        g_free(desc_b);
        g_ptr_array_free(keyness, TRUE);
    }
    tally_free(a.t);
    tally_free(b.t);
    cli_release(&run);
    g_free(period);
    g_free(vs);
    g_free(from_a);
    g_free(to_a);
    g_free(from_b);
    g_free(to_b);
    g_free(html);
    return status;
}
