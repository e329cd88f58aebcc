/*
 * cmd-trend.c - `tifa trend`: a time series per key.
 *
 * For each bin (year … day) and key: mentions, documents containing it,
 * documents in the bin, the document share and mentions per 10,000
 * characters.  Every bin from the first dated document to the last is
 * listed; a bin with no document has no values (an empty cell, null in
 * JSON, a dash in a table, a gap in a chart), so that a gap in the corpus
 * never reads as a count of zero.  Documents without a date are left out,
 * and the command says how many.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "tifa.h"

#define TREND_TOP_DEFAULT 10

typedef enum { MEASURE_MENTIONS, MEASURE_DOCUMENTS, MEASURE_SHARE, MEASURE_PER10K } measure;

/* A key of the trend: its entries (one per category of the plugin followed
 * that reports it) summed.  Counts of different plugins are never added:
 * two packs may define the same key with other spellings, and their sum
 * would count a place twice. */
typedef struct {
    char *key;
    GPtrArray *entries;      /* tally_entry* */
    uint64_t mentions;
    char *note;              /* what was left out, when several plugins report it */
} trend_key;

static void
trend_key_free(trend_key *k)
{
    g_free(k->key);
    g_free(k->note);
    g_ptr_array_free(k->entries, TRUE);
    g_free(k);
}

typedef struct {
    tally *t;
    db *d;
} trend_ctx;

static void
consume(const scanned_doc *doc, void *data)
{
    trend_ctx *c = data;
    tally_add_doc(c->t, doc);
    if (c->d)
        db_add_doc(c->d, doc);
}

static gint
by_mentions(gconstpointer a, gconstpointer b)
{
    const trend_key *x = *(const trend_key *const *)a, *y = *(const trend_key *const *)b;
    if (x->mentions != y->mentions)
        return x->mentions > y->mentions ? -1 : 1;
    return strcmp(x->key, y->key);
}

/* Where `name` comes in the order plugins are preferred: the order of -p
 * when it names them, else the run's (plugins, then bare packs, by name). */
static guint
preference(GPtrArray *plugins, char **order, uint32_t index)
{
    const char *name = ((const plugin *)plugins->pdata[index])->name;
    guint rank = 0;
    for (char **o = order; o && *o; o++, rank++)
        if (strcmp(*o, name) == 0)
            return rank;
    return rank + index;
}

/*
 * When several plugins report a key, follow one: the first, in order of
 * preference, that has it from a rule (not only as a candidate), and keep
 * a note for the command to give, naming the others and how to choose.  A
 * key of one plugin is left as it is.
 */
/*
 * Within the plugin followed, one category too: the bundle plugin gives a
 * paragraph's formulations as a "paragraph" result and, where they share a
 * sentence, as a "sentence" one, and their sum would count a place twice.
 * The category with the most mentions is followed (a candidate only when
 * there is nothing else), and a note says so.
 */
static void
follow_one_category(trend_key *k)
{
    if (k->entries->len < 2)
        return;
    const tally_entry *best = NULL;
    gboolean several = FALSE;
    for (guint i = 0; i < k->entries->len; i++) {
        const tally_entry *e = k->entries->pdata[i];
        gboolean named = strcmp(e->category, "candidate") != 0;
        several |= strcmp(e->category, ((const tally_entry *)k->entries->pdata[0])->category) != 0;
        if (!best) {
            best = e;
            continue;
        }
        gboolean best_named = strcmp(best->category, "candidate") != 0;
        if ((named && !best_named) || (named == best_named && e->mentions > best->mentions))
            best = e;
    }
    if (!several)
        return;
    GString *others = g_string_new(NULL);
    GPtrArray *kept = g_ptr_array_new();
    for (guint i = 0; i < k->entries->len; i++) {
        tally_entry *e = k->entries->pdata[i];
        if (strcmp(e->category, best->category) == 0)
            g_ptr_array_add(kept, e);
        else
            g_string_append_printf(others, "%s%s (%" G_GUINT64_FORMAT " mentions)",
                                   others->len ? ", " : "", e->category, e->mentions);
    }
    char *note = g_strdup_printf("the key '%s' comes in more than one category: the trend "
                                 "follows %s (%" G_GUINT64_FORMAT " mentions), not %s, and "
                                 "never adds them up",
                                 k->key, best->category, best->mentions, others->str);
    g_string_free(others, TRUE);
    k->mentions = best->mentions;
    g_ptr_array_free(k->entries, TRUE);
    k->entries = kept;
    if (k->note) {
        char *both = g_strdup_printf("%s; %s", k->note, note);
        g_free(k->note);
        g_free(note);
        note = both;
    }
    k->note = note;
}


static void
follow_one_plugin(trend_key *k, GPtrArray *plugins, char **order)
{
    if (k->entries->len < 2)
        return;
    uint32_t best = 0;
    gboolean found = FALSE, best_named = FALSE, several = FALSE;
    for (guint i = 0; i < k->entries->len; i++) {
        const tally_entry *e = k->entries->pdata[i];
        gboolean named = strcmp(e->category, "candidate") != 0;
        several |= e->plugin != ((const tally_entry *)k->entries->pdata[0])->plugin;
        if (!found || (named && !best_named) ||
            (named == best_named &&
             preference(plugins, order, e->plugin) < preference(plugins, order, best))) {
            best = e->plugin;
            best_named = named;
            found = TRUE;
        }
    }
    if (!several)
        return;
    /* The mentions of each plugin, in the run's order, for the note. */
    GArray *per = g_array_new(FALSE, TRUE, sizeof(uint64_t));
    g_array_set_size(per, plugins->len);
    GPtrArray *kept = g_ptr_array_new();
    k->mentions = 0;
    for (guint i = 0; i < k->entries->len; i++) {
        tally_entry *e = k->entries->pdata[i];
        g_array_index(per, uint64_t, e->plugin) += e->mentions;
        if (e->plugin == best) {
            g_ptr_array_add(kept, e);
            k->mentions += e->mentions;
        }
    }
    g_ptr_array_free(k->entries, TRUE);
    k->entries = kept;
    GString *others = g_string_new(NULL);
    guint n = 0;
    for (guint i = 0; i < plugins->len; i++) {
        uint64_t m = g_array_index(per, uint64_t, i);
        if (m && i != best)
            g_string_append_printf(others, "%s%s (%" G_GUINT64_FORMAT " mentions)",
                                   n++ ? ", " : "",
                                   ((const plugin *)plugins->pdata[i])->name, m);
    }
    const char *name = ((const plugin *)plugins->pdata[best])->name;
    k->note = g_strdup_printf(
        "the key '%s' is reported by more than one plugin: the trend follows %s "
        "(%" G_GUINT64_FORMAT " mentions), not %s, and never adds them up; "
        "-p PLUGIN chooses the one to follow",
        k->key, name, g_array_index(per, uint64_t, best), others->str);
    g_string_free(others, TRUE);
    g_array_free(per, TRUE);
}

/* One plugin, then one of its categories: never a sum of either. */
static void
follow_one(trend_key *k, GPtrArray *plugins, char **order)
{
    follow_one_plugin(k, plugins, order);
    follow_one_category(k);
}

/* The keys to follow: those asked for, in that order, or the most
 * mentioned ones. */
static GPtrArray *
choose_keys(tally *t, char **wanted, int top, GPtrArray *plugins, char **order)
{
    GPtrArray *entries = tally_entries(t);
    GHashTable *by_key = g_hash_table_new(g_str_hash, g_str_equal);
    GPtrArray *keys = g_ptr_array_new_with_free_func((GDestroyNotify)trend_key_free);
    for (guint i = 0; i < entries->len; i++) {
        tally_entry *e = entries->pdata[i];
        trend_key *k = g_hash_table_lookup(by_key, e->key);
        if (!k) {
            k = g_new0(trend_key, 1);
            k->key = g_strdup(e->key);
            k->entries = g_ptr_array_new();
            g_hash_table_insert(by_key, k->key, k);
        }
        g_ptr_array_add(k->entries, e);
        k->mentions += e->mentions;
    }
    if (wanted) {
        for (char **w = wanted; *w; w++) {
            size_t n;
            char *norm = normalize_text(*w, strlen(*w), &n, NULL);
            trend_key *k = g_hash_table_lookup(by_key, norm);
            if (k) {
                g_hash_table_steal(by_key, norm);
                follow_one(k, plugins, order);
            } else {
                /* Asked for and never seen: a line of zeros is the answer,
                 * but say so, since a misspelt key looks the same. */
                tifa_note("no hit has the key '%s' in these documents, so its line is zeros "
                          "(keys are written as tifa report lists them; check the spelling, "
                          "-p, or --convert for traditional characters)",
                          norm);
                k = g_new0(trend_key, 1);
                k->key = g_strdup(norm);
                k->entries = g_ptr_array_new();
            }
            g_ptr_array_add(keys, k);
            g_free(norm);
        }
    } else {
        GHashTableIter it;
        gpointer v;
        g_hash_table_iter_init(&it, by_key);
        while (g_hash_table_iter_next(&it, NULL, &v)) {
            follow_one(v, plugins, order);
            g_ptr_array_add(keys, v);
            g_hash_table_iter_steal(&it);
        }
        g_ptr_array_sort(keys, by_mentions);
        if (top > 0 && keys->len > (guint)top)
            g_ptr_array_set_size(keys, (guint)top);
    }
    /* Whatever was not chosen. */
    GHashTableIter it;
    gpointer v;
    g_hash_table_iter_init(&it, by_key);
    while (g_hash_table_iter_next(&it, NULL, &v))
        trend_key_free(v);
    g_hash_table_destroy(by_key);
    g_ptr_array_free(entries, TRUE);
    return keys;
}

static void
key_in_bin(const trend_key *k, const char *bin, uint64_t *mentions, uint64_t *documents)
{
    *mentions = *documents = 0;
    for (guint i = 0; i < k->entries->len; i++) {
        const bin_count *c = tally_entry_bin(k->entries->pdata[i], bin);
        if (c) {
            *mentions += c->mentions;
            *documents += c->documents;
        }
    }
}

static double
value_of(measure m, uint64_t mentions, uint64_t documents, const bin_size *size)
{
    if (!size || size->documents == 0)
        return NAN;
    switch (m) {
    case MEASURE_DOCUMENTS: return (double)documents;
    case MEASURE_SHARE: return (double)documents / (double)size->documents;
    case MEASURE_PER10K:
        return size->chars ? (double)mentions * 10000.0 / (double)size->chars : 0.0;
    case MEASURE_MENTIONS:
    default: return (double)mentions;
    }
}

static const char *
measure_label(measure m)
{
    switch (m) {
    case MEASURE_DOCUMENTS: return "documents";
    case MEASURE_SHARE: return "document share (%)";
    case MEASURE_PER10K: return "mentions per 10,000 characters";
    case MEASURE_MENTIONS:
    default: return "mentions";
    }
}

/* The long table: bin key mentions documents bin_documents share per10k
 * bin_chars (the bin's non-space characters, the denominator of per10k,
 * for rates of one's own). */
static void
write_long(FILE *f, out_format format, GPtrArray *bins, GPtrArray *keys, tally *t)
{
    static const char *const cols[] = { "bin",   "key",    "mentions",  "documents",
                                        "bin_documents", "share", "per10k", "bin_chars",
                                        NULL };
    rows *rw = rows_new(f, format, cols, "ssnnnnnn");
    for (guint b = 0; b < bins->len; b++) {
        const char *bin = bins->pdata[b];
        const bin_size *size = tally_bin_size(t, bin);
        for (guint i = 0; i < keys->len; i++) {
            const trend_key *k = keys->pdata[i];
            uint64_t mentions, documents;
            key_in_bin(k, bin, &mentions, &documents);
            char m[24] = "", d[24] = "", bd[24], sh[32] = "", r[32] = "", bc[24];
            g_snprintf(bd, sizeof bd, "%" G_GUINT64_FORMAT, size ? size->documents : 0);
            g_snprintf(bc, sizeof bc, "%" G_GUINT64_FORMAT, size ? size->chars : 0);
            if (size && size->documents) {
                g_snprintf(m, sizeof m, "%" G_GUINT64_FORMAT, mentions);
                g_snprintf(d, sizeof d, "%" G_GUINT64_FORMAT, documents);
                g_snprintf(sh, sizeof sh, MEASURE_FORMAT,
                           value_of(MEASURE_SHARE, mentions, documents, size));
                g_snprintf(r, sizeof r, MEASURE_FORMAT,
                           value_of(MEASURE_PER10K, mentions, documents, size));
            }
            const char *cells[] = { bin, k->key, m, d, bd, sh, r, bc };
            rows_add(rw, cells);
        }
    }
    rows_finish(rw);
}

/* A bin that --period cuts (a week across New Year, a quarter begun
 * before it) holds fewer days than its name says: a note says which.
 * ("YYYY-MM-DD" dates compare as text.) */
static void
note_cut_bin(const char *label, const scan_setup *setup)
{
    char from[11], to[11];
    gboolean reversed = FALSE;
    if (!date_parse_period(label, from, to, &reversed))
        return;
    gboolean cut_before = strcmp(from, setup->period_from) < 0,
             cut_after = strcmp(to, setup->period_to) > 0;
    if (cut_before || cut_after)
        tifa_note("the bin %s is cut by --period: it holds %s to %s only", label,
                  cut_before ? setup->period_from : from, cut_after ? setup->period_to : to);
}

/* Days from one "YYYY-MM-DD" to another (to - from). */
static int
days_between(const char *from, const char *to)
{
    GDate a, b;
    g_date_clear(&a, 1);
    g_date_clear(&b, 1);
    g_date_set_parse(&a, from);
    g_date_set_parse(&b, to);
    if (!g_date_valid(&a) || !g_date_valid(&b))
        return 0;
    return g_date_days_between(&a, &b);
}

/* A corpus of dense dates (新闻联播: a document a day) that begins or ends
 * inside its first or last bin covers only part of it: 2012 holds July to
 * December, and its count falls for that reason alone.  Said when more
 * than a tenth of the bin is outside the corpus's dates; a corpus of a
 * document a year or fewer (government work reports) has no such bins. */
static void
note_partial_bins(const GPtrArray *bins, const tally *t)
{
    const char *first = tally_first_date(t), *last = tally_last_date(t);
    if (bins->len < 2 || !first || !last || tally_documents(t) < 2 * (uint64_t)bins->len)
        return;
    char from[11], to[11];
    gboolean reversed = FALSE;
    if (date_parse_period(bins->pdata[0], from, to, &reversed)) {
        int bin_days = days_between(from, to) + 1, missing = days_between(from, first);
        if (missing * 10 > bin_days)
            tifa_note("the first bin, %s, holds documents from %s on only: its counts cover "
                      "part of it (compare per10k or share)",
                      (const char *)bins->pdata[0], first);
    }
    if (date_parse_period(bins->pdata[bins->len - 1], from, to, &reversed)) {
        int bin_days = days_between(from, to) + 1, missing = days_between(last, to);
        if (missing * 10 > bin_days)
            tifa_note("the last bin, %s, holds documents up to %s only: its counts cover part "
                      "of it (compare per10k or share)",
                      (const char *)bins->pdata[bins->len - 1], last);
    }
}

/* The table for reading: a row per bin, a column per key. */
static void
write_pivot(FILE *f, GPtrArray *bins, GPtrArray *keys, tally *t, measure m)
{
    GPtrArray *cols = g_ptr_array_new();
    g_ptr_array_add(cols, "bin");
    /* The bin's documents (tsv's bin_documents), not those with the key. */
    g_ptr_array_add(cols, "docs in bin");
    GString *kinds = g_string_new("sn");
    for (guint i = 0; i < keys->len; i++) {
        g_ptr_array_add(cols, ((trend_key *)keys->pdata[i])->key);
        g_string_append_c(kinds, 'n');
    }
    g_ptr_array_add(cols, NULL);
    rows *rw = rows_new(f, FORMAT_TABLE, (const char *const *)cols->pdata, kinds->str);
    char **cells = g_new0(char *, keys->len + 3);
    for (guint b = 0; b < bins->len; b++) {
        const char *bin = bins->pdata[b];
        const bin_size *size = tally_bin_size(t, bin);
        cells[0] = g_strdup(bin);
        cells[1] = g_strdup_printf("%" G_GUINT64_FORMAT, size ? size->documents : 0);
        for (guint i = 0; i < keys->len; i++) {
            uint64_t mentions, documents;
            key_in_bin(keys->pdata[i], bin, &mentions, &documents);
            double v = value_of(m, mentions, documents, size);
            if (isnan(v))
                cells[2 + i] = g_strdup("—");
            else if (m == MEASURE_SHARE)
                cells[2 + i] = g_strdup_printf("%.1f%%", 100 * v);
            else if (m == MEASURE_PER10K)
                cells[2 + i] = g_strdup_printf("%.3f", v);
            else
                cells[2 + i] = g_strdup_printf("%.0f", v);
        }
        rows_add(rw, (const char *const *)cells);
        for (guint i = 0; i < keys->len + 2; i++)
            g_free(cells[i]);
    }
    rows_finish(rw);
    fprintf(f, "\n%s per bin; — marks a bin with no document.\n", measure_label(m));
    g_free(cells);
    g_string_free(kinds, TRUE);
    g_ptr_array_free(cols, TRUE);
}

static GPtrArray *
chart_data(GPtrArray *bins, GPtrArray *keys, tally *t, measure m)
{
    GPtrArray *series = g_ptr_array_new();
    for (guint i = 0; i < keys->len; i++) {
        const trend_key *k = keys->pdata[i];
        chart_series *cs = g_new0(chart_series, 1);
        cs->name = k->key;
        cs->values = g_new(double, bins->len + 1);
        for (guint b = 0; b < bins->len; b++) {
            uint64_t mentions, documents;
            key_in_bin(k, bins->pdata[b], &mentions, &documents);
            cs->values[b] = value_of(m, mentions, documents, tally_bin_size(t, bins->pdata[b]));
            /* A share is drawn in percent, as the table prints it. */
            if (m == MEASURE_SHARE)
                cs->values[b] *= 100;
        }
        g_ptr_array_add(series, cs);
    }
    return series;
}

static void
chart_data_free(GPtrArray *series)
{
    for (guint i = 0; i < series->len; i++) {
        chart_series *cs = series->pdata[i];
        g_free(cs->values);
        g_free(cs);
    }
    g_ptr_array_free(series, TRUE);
}

int
cmd_trend(int argc, char **argv)
{
    common_opts *o = cli_opts();
    char *by = NULL, *measure_name = NULL, *plot = NULL, *html = NULL;
    char **keys_wanted = NULL;
    int top = TREND_TOP_DEFAULT;
    GOptionEntry entries[] = {
        { "by", 'b', 0, G_OPTION_ARG_STRING, &by,
          "Bins: year, quarter, month, half-month, week or day (default month)", "UNIT" },
        { "key", 'k', 0, G_OPTION_ARG_STRING_ARRAY, &keys_wanted,
          "Follow this key (repeatable); default: the most mentioned keys", "KEY" },
        { "top", 'n', 0, G_OPTION_ARG_INT, &top,
          "Without --key, follow the N most mentioned keys (default 10; 0: all)", "N" },
        { "measure", 'm', 0, G_OPTION_ARG_STRING, &measure_name,
          "What tables and charts show: mentions (default), documents, share or per10k",
          "NAME" },
        { "plot", 0, 0, G_OPTION_ARG_FILENAME, &plot, "Draw the series as an SVG chart",
          "FILE.svg" },
        { "html", 0, 0, G_OPTION_ARG_FILENAME, &html,
          "Write a self-contained HTML page with the chart and the table", "FILE.html" },
        { NULL },
    };
    GOptionContext *ctx = cli_context(
        "trend", "[PATH…]",
        "A time series per key: for each bin, mentions, documents containing the key,\n"
        "documents in the bin, the document share and mentions per 10,000 characters\n"
        "(non-space characters of the bin's documents).\n"
        "Bins without documents are kept, and left empty.  A key that several plugins\n"
        "report is followed in one plugin's counts, never their sum (a note names the\n"
        "others; -p chooses).  tsv/csv columns: bin key mentions documents\n"
        "bin_documents share per10k bin_chars (the bin's non-space characters).");
    g_option_context_add_main_entries(ctx, entries, NULL);
    cli_add_common(ctx, o, TRUE);
    cli_add_period(ctx, o);
    cli_add_db(ctx, o);
    cli_add_partial(ctx, o);
    gboolean ok = cli_parse(ctx, &argc, &argv);
    g_option_context_free(ctx);
    int status = EXIT_USAGE;
    bin_unit unit = BIN_MONTH;
    measure m = MEASURE_MENTIONS;
    GError *error = NULL;
    if (ok && by && !bin_unit_parse(by, &unit, &error)) {
        tifa_error("%s", error->message);
        g_clear_error(&error);
        ok = FALSE;
    }
    if (ok && top < 0) {
        tifa_error("--top takes a number of keys (0: all of them), not %d", top);
        ok = FALSE;
    }
    if (ok && measure_name) {
        static const char *const names[] = { "mentions", "documents", "share", "per10k" };
        guint i;
        for (i = 0; i < G_N_ELEMENTS(names) && strcmp(names[i], measure_name) != 0; i++)
            ;
        if (i == G_N_ELEMENTS(names)) {
            tifa_error("unknown measure '%s': use mentions, documents, share or per10k",
                       measure_name);
            ok = FALSE;
        }
        m = (measure)i;
    }
    run_context run;
    memset(&run, 0, sizeof run);
    if (ok)
        ok = cli_prepare(o, &run);
    tally *t = tally_new();
    tally_set_bins(t, unit);
    trend_ctx c = { t, NULL };
    if (ok && o->db && !(c.d = db_open(o->db, run.plugins, &error))) {
        tifa_error("%s", error->message);
        g_clear_error(&error);
        ok = FALSE;
    }
    char *storage[2];
    run.setup.outputs[OUTPUT_HTML] = html;
    run.setup.outputs[OUTPUT_PLOT] = plot;
    if (ok && !scan_run(&run.setup, cli_paths(argv + 1, argc - 1, storage), consume, &c,
                        &error)) {
        tifa_error("%s", error->message);
        g_clear_error(&error);
        ok = FALSE;
    }
    if (ok && c.d) {
        ok = db_commit(c.d, &error);
        c.d = NULL;
        if (!ok) {
            tifa_error("%s", error->message);
            g_clear_error(&error);
        }
    }
    db_abort(c.d);
    if (ok) {
        if (tally_undated(t))
            tifa_note("%" G_GUINT64_FORMAT " document%s without a date left out of the trend",
                      tally_undated(t), tally_undated(t) == 1 ? "" : "s");
        /* With --period, its bins all: a month of it with no document is
         * shown as such, not left out. */
        const char *first = run.setup.period_from[0] ? run.setup.period_from
                                                     : tally_first_date(t);
        const char *last = run.setup.period_from[0] ? run.setup.period_to : tally_last_date(t);
        GPtrArray *bins = bins_between(first, last, unit);
        /* The default unit on a sparse corpus (a report a year, by month)
         * prints mostly empty rows: say which unit reads it better. */
        if (!by && bins->len >= 24) {
            guint empty = 0;
            for (guint i = 0; i < bins->len; i++) {
                const bin_size *size = tally_bin_size(t, bins->pdata[i]);
                empty += !size || size->documents == 0;
            }
            if (empty * 4 > bins->len * 3)
                tifa_note("%u of the %u months hold no document: --by year (or quarter) reads "
                          "this corpus better",
                          empty, bins->len);
        }
        /* Only the first bin can begin before the period, the last end
         * after it. */
        if (run.setup.period_from[0] && bins->len) {
            note_cut_bin(bins->pdata[0], &run.setup);
            if (bins->len > 1)
                note_cut_bin(bins->pdata[bins->len - 1], &run.setup);
        } else {
            note_partial_bins(bins, t);
        }
        GPtrArray *keys = choose_keys(t, keys_wanted, top, run.plugins, o->only_plugins);
        for (guint i = 0; i < keys->len; i++)
            if (((trend_key *)keys->pdata[i])->note)
                tifa_note("%s", ((trend_key *)keys->pdata[i])->note);
        status = EXIT_OK;
        if (plot || html) {
            GPtrArray *series = chart_data(bins, keys, t, m);
            GString *svg = g_string_new(NULL);
            char *title = g_strdup_printf("%s per %s", measure_label(m), by ? by : "month");
            svg_line_chart(svg, title, measure_label(m), bins, series);
            if (plot) {
                GString *page = g_string_new("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
                g_string_append(page, svg->str);
                if (!html_write(plot, page, &error)) {
                    tifa_error("%s", error->message);
                    g_clear_error(&error);
                    status = EXIT_USAGE;
                }
                g_string_free(page, TRUE);
            }
            if (html && status == EXIT_OK) {
                GString *page = g_string_new(NULL);
                html_begin(page, "tifa trend");
                char *meta = g_strdup_printf(
                    "%" G_GUINT64_FORMAT " documents, dated %s to %s; %s.",
                    tally_documents(t), tally_first_date(t), tally_last_date(t), title);
                html_paragraph(page, "meta", meta);
                g_free(meta);
                html_chart(page, svg->str);
                html_heading(page, "The numbers");
                static const char *const cols[] = { "bin", "key", "mentions", "documents",
                                                    "bin documents", "share", "per 10k", NULL };
                html_table_begin(page, cols);
                for (guint b = 0; b < bins->len; b++) {
                    const bin_size *size = tally_bin_size(t, bins->pdata[b]);
                    for (guint i = 0; i < keys->len; i++) {
                        uint64_t mentions, documents;
                        key_in_bin(keys->pdata[i], bins->pdata[b], &mentions, &documents);
                        char mm[24] = "", dd[24] = "", bd[24], sh[32] = "", r[32] = "";
                        g_snprintf(bd, sizeof bd, "%" G_GUINT64_FORMAT,
                                   size ? size->documents : 0);
                        if (size && size->documents) {
                            g_snprintf(mm, sizeof mm, "%" G_GUINT64_FORMAT, mentions);
                            g_snprintf(dd, sizeof dd, "%" G_GUINT64_FORMAT, documents);
                            g_snprintf(sh, sizeof sh, "%.1f%%",
                                       100 * value_of(MEASURE_SHARE, mentions, documents, size));
                            g_snprintf(r, sizeof r, "%.3f",
                                       value_of(MEASURE_PER10K, mentions, documents, size));
                        }
                        const char *cells[] = { bins->pdata[b],
                                                ((trend_key *)keys->pdata[i])->key,
                                                mm, dd, bd, sh, r };
                        html_table_row(page, cells, "ssnnnnn");
                    }
                }
                html_table_end(page);
                html_end(page);
                if (!html_write(html, page, &error)) {
                    tifa_error("%s", error->message);
                    g_clear_error(&error);
                    status = EXIT_USAGE;
                }
                g_string_free(page, TRUE);
            }
            g_free(title);
            g_string_free(svg, TRUE);
            chart_data_free(series);
        }
        if (status == EXIT_OK) {
            outfile *out = outfile_open(o->output, &error);
            if (!out) {
                tifa_error("%s", error->message);
                g_clear_error(&error);
                status = EXIT_USAGE;
            } else {
                if (run.format == FORMAT_TABLE)
                    write_pivot(outfile_stream(out), bins, keys, t, m);
                else
                    write_long(outfile_stream(out), run.format, bins, keys, t);
                if (outfile_commit(out, &error))
                    status = cli_exit_status();
                else {
                    tifa_error("%s", error->message);
                    g_clear_error(&error);
                    status = EXIT_USAGE;
                }
            }
        }
        g_ptr_array_free(keys, TRUE);
        g_ptr_array_free(bins, TRUE);
    }
    tally_free(t);
    cli_release(&run);
    g_free(by);
    g_free(measure_name);
    g_free(plot);
    g_free(html);
    g_strfreev(keys_wanted);
    return status;
}
