/*
 * cmd-discover.c - `tifa discover`: formulations and slogans that no rule
 * pack names yet, and which of them are emerging.
 *
 * The candidates are what the plugins report under the category
 * "candidate": numbered phrases and quoted phrases that no known rule
 * covers.  For each: mentions, documents, first and last date, and how its
 * rate in the recent period (the last --by unit of the data up to its last
 * date, 12 months by default, or from --since on) compares
 * with its rate before (log ratio and G2, stats.c).  Emerging candidates
 * (a higher rate lately, by G2) come first, then the others by mentions.
 * --format rules writes the emerging ones (--all: every one) as a rule pack
 * to paste into one's own.
 *
 * A slogan is quoted while it is new and goes bare once it is familiar, and
 * both plugins propose a candidate only where it is quoted (“一刀切”), so
 * every candidate is counted again, in a second pass, wherever its text
 * appears, quoted or not, by the very rules --format rules writes: the
 * figures discover shows are the ones `report --rules` gives for its pack.
 */
#include "config.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tifa.h"

#define DISCOVER_TOP_DEFAULT 40
/* A quoted phrase, numbered or not, is a candidate when at least this share
 * of its mentions is quoted: a slogan is set off in quotes often; a common
 * word ("中国", "保护", "一体化", "一线") quoted now and then is not one. */
#define QUOTED_SHARE_MIN 0.25
/* G2 above this is significant at p < 0.05 (chi-squared, one degree of
 * freedom). */
#define G2_P05 3.841

typedef struct {
    const tally_entry *e;
    const char *plugin;
    uint64_t recent, before;
    double rate_recent, rate_before, g2, lr;
    gboolean emerging;
} candidate_row;

static void
consume(const scanned_doc *doc, void *ctx)
{
    tally_add_doc(ctx, doc);
}

static gint
compare_candidates(gconstpointer x, gconstpointer y)
{
    const candidate_row *a = *(const candidate_row *const *)x;
    const candidate_row *b = *(const candidate_row *const *)y;
    if (a->emerging != b->emerging)
        return a->emerging ? -1 : 1;
    if (a->emerging && a->g2 != b->g2)
        return a->g2 > b->g2 ? -1 : 1;
    if (a->e->mentions != b->e->mentions)
        return a->e->mentions > b->e->mentions ? -1 : 1;
    return strcmp(a->e->key, b->e->key);
}

/* One side of the comparison: its documents, their characters, and the
 * first and last date a document of it has ("" when none). */
typedef struct {
    uint64_t documents, chars;
    char first[11], last[11];
} period;

/* How the recent period was chosen, for the header: "the last 12 months of
 * the data", "from 2026-01-01 (--since)". */
typedef struct {
    char from[11];           /* its first day */
    char *how;
    gboolean short_of_a_year;  /* it spans less than a year */
} recent_choice;

static void
date_to_gdate(const char *ymd, GDate *d)
{
    g_date_clear(d, 1);
    g_date_set_dmy(d, (GDateDay)atoi(ymd + 8), (GDateMonth)atoi(ymd + 5), (GDateYear)atoi(ymd));
}

static void
gdate_to_date(const GDate *d, char out[11])
{
    g_snprintf(out, 11, "%04u-%02u-%02u", (unsigned)g_date_get_year(d),
               (unsigned)g_date_get_month(d), (unsigned)g_date_get_day(d));
}

/* The first day of the last UNIT of the data, which ends on `last`: the
 * last 12 months (--by year), 3 (quarter), 1 (month), 15 days (half-month),
 * 7 (week), or the last day.  A whole unit, not the calendar bin the last
 * date falls in: the last calendar year of a corpus that ends in June is
 * half a year, and a word of the season (三夏, 五一) would lead. */
static void
last_unit_start(const char *last, bin_unit unit, char out[11], const char **what)
{
    GDate d;
    date_to_gdate(last, &d);
    switch (unit) {
    case BIN_YEAR:
        g_date_subtract_years(&d, 1);
        *what = "the last 12 months of the data";
        break;
    case BIN_QUARTER:
        g_date_subtract_months(&d, 3);
        *what = "the last 3 months of the data, --by quarter";
        break;
    case BIN_MONTH:
        g_date_subtract_months(&d, 1);
        *what = "the last month of the data, --by month";
        break;
    case BIN_HALF_MONTH:
        g_date_subtract_days(&d, 15);
        *what = "the last 15 days of the data, --by half-month";
        break;
    case BIN_WEEK:
        g_date_subtract_days(&d, 7);
        *what = "the last 7 days of the data, --by week";
        break;
    case BIN_DAY:
    default:
        g_date_subtract_days(&d, 1);
        *what = "the last day of the data, --by day";
        break;
    }
    g_date_add_days(&d, 1);
    gdate_to_date(&d, out);
}

/* Does [from, last] span less than a year? */
static gboolean
short_of_a_year(const char *from, const char *last)
{
    char year_start[11];
    const char *what;
    last_unit_start(last, BIN_YEAR, year_start, &what);
    return strcmp(from, year_start) > 0;
}

static void
describe_period(GString *out, const period *p)
{
    if (!p->documents) {
        g_string_append(out, "no document");
        return;
    }
    g_string_append_printf(out, "%" G_GUINT64_FORMAT " document%s dated %s", p->documents,
                           p->documents == 1 ? "" : "s", p->first);
    if (strcmp(p->first, p->last) != 0)
        g_string_append_printf(out, " to %s", p->last);
}

/* The lines that say what was compared with what: the table's header, a
 * note in the other formats, comments in a rule pack (`prefix` before each
 * line). */
static char *
periods_text(const recent_choice *rc, const period *recent, const period *before,
             uint64_t undated, const char *prefix)
{
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, "%sRecent period: ", prefix);
    describe_period(s, recent);
    g_string_append_printf(s, " (%s).\n%sBefore it: ", rc->how, prefix);
    describe_period(s, before);
    g_string_append(s, ".\n");
    if (undated)
        g_string_append_printf(s, "%s%" G_GUINT64_FORMAT " undated document%s in neither.\n",
                               prefix, undated, undated == 1 ? " is" : "s are");
    if (rc->short_of_a_year && recent->documents && before->documents)
        g_string_append_printf(s, "%sThe recent period is shorter than a year and is compared "
                                  "with every month before it: a word of the season can rank "
                                  "high (without --since and --by: the last 12 months).\n",
                               prefix);
    return g_string_free(s, FALSE);
}

/* Write the candidates as a rule pack that `tifa rules check` accepts. */
/* The characters of Chinese numbers, Han and Arabic. */
#define HAN_NUMERALS "〇零一二两三四五六七八九十百千万亿"
#define NUMERAL_CLASS "[" HAN_NUMERALS "0-9]"

static gboolean
starts_with_numeral(const char *key)
{
    static const char numerals[] = HAN_NUMERALS;
    if (g_ascii_isdigit(*key))
        return TRUE;
    gunichar c = g_utf8_get_char(key);
    char buf[8] = { 0 };
    g_unichar_to_utf8(c, buf);
    return c >= 0x80 && strstr(numerals, buf) != NULL;
}

/* The rule that counts `key` wherever it appears, quoted or not: the rule
 * of the second pass and of --format rules alike. */
static void
append_candidate_rule(GString *out, const char *id, const char *key)
{
    if (starts_with_numeral(key)) {
        /* A numbered key as a bare literal would count inside numbers
         * too (九五 in 一九五四年): keep it from touching a numeral. */
        char *escaped = g_regex_escape_string(key, -1);
        g_string_append_printf(out, "\nid: %s\npattern: (?<!" NUMERAL_CLASS ")%s(?!" NUMERAL_CLASS
                                    ")\nkey: %s\n",
                               id, escaped, key);
        g_free(escaped);
    } else {
        g_string_append_printf(out, "\nid: %s\nliteral: %s\nkey: %s\n", id, key, key);
    }
}

static void
write_rules(FILE *f, GPtrArray *found, const char *periods, gboolean all)
{
    GDateTime *now = g_date_time_new_now_local();
    char *today = g_date_time_format(now, "%Y-%m-%d");
    g_date_time_unref(now);
    guint emerging = 0;
    for (guint i = 0; i < found->len; i++)
        emerging += ((const candidate_row *)found->pdata[i])->emerging;
    fprintf(f, "# Candidates found by `tifa discover` on %s: ", today);
    if (all)
        fprintf(f, "all %u of them, %u emerging (--all).\n", found->len, emerging);
    else
        fprintf(f, "the %u emerging of %u (--all writes them all).\n", emerging, found->len);
    fprintf(f, "%s"
               "# Read them in context (tifa kwic KEY) before keeping any; give each the\n"
               "# category and the pack it belongs to.\n\n"
               "pack: discovered\ncategory: discovered\n",
            periods);
    GHashTable *ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < found->len; i++) {
        const candidate_row *r = found->pdata[i];
        if (!all && !r->emerging)
            continue;
        char *id = g_strdup(r->e->key);
        /* ids are one word: a key with spaces gets underscores. */
        g_strdelimit(id, " \t", '_');
        for (int n = 2; g_hash_table_contains(ids, id); n++) {
            g_free(id);
            id = g_strdup_printf("%s-%d", r->e->key, n);
            g_strdelimit(id, " \t", '_');
        }
        GString *text = g_string_new(NULL);
        append_candidate_rule(text, id, r->e->key);
        fputs(text->str, f);
        g_string_free(text, TRUE);
        if (r->e->first[0])
            fprintf(f, "first: %.4s\n", r->e->first);
        fprintf(f, "source: tifa discover %s: %" G_GUINT64_FORMAT " mentions in %"
                   G_GUINT64_FORMAT " documents, %s to %s (plugin %s); %" G_GUINT64_FORMAT
                   " recent, %" G_GUINT64_FORMAT " before, G2 %.2f, %s\n",
                today, r->e->mentions, r->e->documents, r->e->first[0] ? r->e->first : "?",
                r->e->last[0] ? r->e->last : "?", r->plugin, r->recent, r->before, r->g2,
                r->emerging ? "emerging" : "not emerging");
        g_hash_table_add(ids, id);
    }
    g_hash_table_destroy(ids);
    g_free(today);
}

/* Count every occurrence of `keys` over the corpus again, quoted or not,
 * with the rules --format rules writes, in a pack of its own.  Returns the
 * tally, or NULL after an error message. */
static tally *
recount(const run_context *run, const char *const *paths, GPtrArray *keys)
{
    GString *text = g_string_new("pack: recount\ncategory: candidate\n");
    for (guint i = 0; i < keys->len; i++) {
        char id[32];
        g_snprintf(id, sizeof id, "c%u", i);
        append_candidate_rule(text, id, keys->pdata[i]);
    }
    GPtrArray *diagnostics = g_ptr_array_new_with_free_func(g_free);
    rulepack *pack = rulepack_parse("(discover recount)", text->str, text->len, diagnostics);
    g_string_free(text, TRUE);
    tally *t = NULL;
    if (!pack) {
        for (guint i = 0; i < diagnostics->len; i++)
            tifa_error("%s", (const char *)diagnostics->pdata[i]);
        g_ptr_array_free(diagnostics, TRUE);
        return NULL;
    }
    g_ptr_array_free(diagnostics, TRUE);
    GHashTable *packs = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                              (GDestroyNotify)rulepack_free);
    g_hash_table_insert(packs, pack->name, pack);
    plugin_path path = { g_ptr_array_new(), NULL,
                         g_hash_table_new(g_str_hash, g_str_equal) };
    GError *error = NULL;
    GPtrArray *plugins = loader_load_all(&path, packs, NULL, &error);
    if (plugins) {
        scan_setup setup = run->setup;
        setup.plugins = plugins;
        setup.repeat_pass = TRUE;
        t = tally_new();
        tally_set_bins(t, BIN_DAY);
        if (!scan_run(&setup, paths, consume, t, &error)) {
            tally_free(t);
            t = NULL;
        }
        for (guint i = 0; i < plugins->len; i++)
            loader_unload(plugins->pdata[i]);
        g_ptr_array_free(plugins, TRUE);
    }
    if (error) {
        tifa_error("%s", error->message);
        g_error_free(error);
    }
    g_ptr_array_free(path.dirs, TRUE);
    g_hash_table_destroy(path.options);
    g_hash_table_destroy(packs);
    return t;
}

int
cmd_discover(int argc, char **argv)
{
    common_opts *o = cli_opts();
    char *by = NULL, *since = NULL;
    /* INT_MIN: --top not given (a table has DISCOVER_TOP_DEFAULT rows). */
    int min_docs = 2, top = INT_MIN;
    gboolean write_all = FALSE;
    GOptionEntry options[] = {
        { "by", 'b', 0, G_OPTION_ARG_STRING, &by,
          "The recent period is the last UNIT of the data, up to its last date: year (the "
          "default: the last 12 months), quarter, month, half-month (15 days), week or day",
          "UNIT" },
        { "since", 0, 0, G_OPTION_ARG_STRING, &since,
          "The recent period starts on this date (YYYY-MM-DD or YYYY) instead", "DATE" },
        { "min-docs", 0, 0, G_OPTION_ARG_INT, &min_docs,
          "Only candidates quoted in at least N documents (default 2)", "N" },
        { "top", 'n', 0, G_OPTION_ARG_INT, &top,
          "Rows in a table (default 40; 0: all); other formats have all", "N" },
        { "all", 0, 0, G_OPTION_ARG_NONE, &write_all,
          "With --format rules: a rule for every candidate, not only the emerging ones", NULL },
        { NULL },
    };
    GOptionContext *ctx = cli_context(
        "discover", "[PATH…]",
        "Candidates for new formulations and slogans that no rule pack names: phrases,\n"
        "numbered or not, quoted somewhere in the corpus, then counted wherever their\n"
        "text appears, quoted or not: mentions, documents, first and last date, and\n"
        "their rate in the recent period against the earlier ones.  The recent period\n"
        "is the last 12 months of the data, not the last calendar year (a corpus that\n"
        "ends in June would compare half a year, where words of the season lead), or\n"
        "what --by or --since says; the header (a note on standard error in tsv, csv\n"
        "and json) gives the first and last document date of both periods and says when\n"
        "the recent one is shorter than a year.  --format rules writes the emerging ones as a rule\n"
        "pack (--all: every candidate).  tsv/csv columns: plugin key mentions documents\n"
        "first last recent before rate_recent rate_before log_ratio g2 emerging.");
    g_option_context_add_main_entries(ctx, options, NULL);
    cli_add_common(ctx, o, TRUE);
    gboolean ok = cli_parse(ctx, &argc, &argv);
    g_option_context_free(ctx);
    gboolean as_rules = FALSE;
    if (ok && o->format && strcmp(o->format, "rules") == 0) {
        /* A pack, whatever -o's name says (-o new.csv): --format was
         * rules, not tsv, and cli_prepare has no format to note. */
        as_rules = TRUE;
        g_free(o->format);
        o->format = NULL;
    }
    if (ok && top != INT_MIN && top < 0) {
        tifa_error("--top takes a number of rows, 0 or more (0: all), not %d", top);
        ok = FALSE;
    }
    if (ok && min_docs < 0) {
        tifa_error("--min-docs takes a number of documents, 0 or more, not %d", min_docs);
        ok = FALSE;
    }
    bin_unit unit = BIN_YEAR;
    GError *error = NULL;
    if (ok && by && !bin_unit_parse(by, &unit, &error)) {
        tifa_error("%s", error->message);
        g_clear_error(&error);
        ok = FALSE;
    }
    char since_date[11] = "";
    if (ok && since) {
        char with_day[16];
        g_snprintf(with_day, sizeof with_day, strlen(since) == 4 ? "%s-01-01" : "%s", since);
        if (!date_parse(with_day, since_date)) {
            tifa_error("--since takes a date, YYYY-MM-DD or YYYY, not '%s'", since);
            ok = FALSE;
        }
    }
    run_context run;
    memset(&run, 0, sizeof run);
    if (ok)
        ok = cli_prepare(o, &run);
    tally *t = tally_new();
    tally_set_bins(t, BIN_DAY);
    char *storage[2];
    /* Only for a run that goes on: the note of the bundled corpus after a
     * usage error would say it was read. */
    const char *const *paths = ok ? cli_paths(argv + 1, argc - 1, storage) : NULL;
    if (ok && !scan_run(&run.setup, paths, consume, t, &error)) {
        tifa_error("%s", error->message);
        g_clear_error(&error);
        ok = FALSE;
    }
    /* Every candidate (quoted where it was found, numbered or not), counted
     * again wherever its text appears.  Those quoted in fewer than
     * --min-docs documents are left out before: they are not shown. */
    GPtrArray *entries = ok ? tally_entries(t) : NULL;
    GHashTable *recounted = g_hash_table_new(g_str_hash, g_str_equal);
    tally *t2 = NULL;
    if (ok) {
        GPtrArray *quoted = g_ptr_array_new();
        GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
        for (guint i = 0; i < entries->len; i++) {
            const tally_entry *e = entries->pdata[i];
            if (strcmp(e->category, "candidate") == 0 && e->documents >= (uint64_t)min_docs &&
                g_hash_table_add(seen, (char *)e->key))
                g_ptr_array_add(quoted, (char *)e->key);
        }
        g_hash_table_destroy(seen);
        if (quoted->len) {
            t2 = recount(&run, paths, quoted);
            if (!t2)
                ok = FALSE;
        }
        g_ptr_array_free(quoted, TRUE);
    }
    GPtrArray *entries2 = t2 ? tally_entries(t2) : NULL;
    for (guint i = 0; entries2 && i < entries2->len; i++) {
        tally_entry *e = entries2->pdata[i];
        g_hash_table_insert(recounted, (char *)e->key, e);
    }
    int status = EXIT_USAGE;
    if (ok) {
        /* The recent period: from --since, or the last UNIT of the data. */
        recent_choice choice = { "", NULL, FALSE };
        if (since_date[0]) {
            g_strlcpy(choice.from, since_date, sizeof choice.from);
            choice.how = g_strdup_printf("from %s, --since", since_date);
        } else if (*tally_last_date(t)) {
            const char *what;
            last_unit_start(tally_last_date(t), unit, choice.from, &what);
            choice.how = g_strdup_printf("%s, from %s", what, choice.from);
            g_strlcpy(since_date, choice.from, sizeof since_date);
        } else {
            choice.how = g_strdup("no document is dated");
        }
        if (since_date[0] && *tally_last_date(t))
            choice.short_of_a_year = short_of_a_year(since_date, tally_last_date(t));
        /* Sizes of the two periods, from the days. */
        period recent = { 0 }, before = { 0 };
        GPtrArray *days = *tally_first_date(t)
                              ? bins_between(tally_first_date(t), tally_last_date(t), BIN_DAY)
                              : g_ptr_array_new();
        for (guint i = 0; i < days->len; i++) {
            const bin_size *size = tally_bin_size(t, days->pdata[i]);
            if (!size || !size->documents)
                continue;
            period *p = strcmp(days->pdata[i], since_date) >= 0 ? &recent : &before;
            p->chars += size->chars;
            p->documents += size->documents;
            if (!p->first[0])
                g_strlcpy(p->first, days->pdata[i], sizeof p->first);
            g_strlcpy(p->last, days->pdata[i], sizeof p->last);
        }
        uint64_t chars_recent = recent.chars, chars_before = before.chars;
        if (!chars_before || !chars_recent)
            tifa_note("%s: no candidate can be called emerging; choose the recent period with "
                      "--since DATE or --by",
                      !chars_recent ? "no document is dated in the recent period"
                                    : "no document is dated before the recent period");
        GPtrArray *found = g_ptr_array_new_with_free_func(g_free);
        for (guint i = 0; i < entries->len; i++) {
            const tally_entry *e = entries->pdata[i];
            const char *plugin_name = ((plugin *)run.plugins->pdata[e->plugin])->name;
            if (strcmp(e->category, "candidate") != 0 || e->documents < (uint64_t)min_docs)
                continue;
            const tally_entry *all = g_hash_table_lookup(recounted, e->key);
            if (all && (double)e->mentions < QUOTED_SHARE_MIN * (double)all->mentions)
                continue;
            if (all)
                e = all;
            candidate_row *r = g_new0(candidate_row, 1);
            r->e = e;
            r->plugin = plugin_name;
            GHashTableIter it;
            gpointer k, v;
            if (e->bins) {
                g_hash_table_iter_init(&it, e->bins);
                while (g_hash_table_iter_next(&it, &k, &v)) {
                    const bin_count *c = v;
                    if (strcmp(k, since_date) >= 0)
                        r->recent += c->mentions;
                    else
                        r->before += c->mentions;
                }
            }
            r->rate_recent = chars_recent ? r->recent * 10000.0 / (double)chars_recent : 0;
            r->rate_before = chars_before ? r->before * 10000.0 / (double)chars_before : 0;
            if (chars_recent && chars_before) {
                r->g2 = stats_g2((double)r->before, (double)r->recent, (double)chars_before,
                                 (double)chars_recent);
                r->lr = stats_log_ratio((double)r->before, (double)r->recent,
                                        (double)chars_before, (double)chars_recent);
            }
            /* Emerging: more often lately, and more than chance would give
             * (G2 at p < 0.05); with no period before, nothing is. */
            r->emerging = chars_recent && chars_before && r->recent > 0 &&
                          r->rate_recent > r->rate_before && r->g2 >= G2_P05;
            g_ptr_array_add(found, r);
        }
        g_ptr_array_sort(found, compare_candidates);
        outfile *out = outfile_open(o->output, &error);
        if (out) {
            FILE *f = outfile_stream(out);
            if (as_rules) {
                char *periods = periods_text(&choice, &recent, &before, tally_undated(t), "# ");
                write_rules(f, found, periods, write_all);
                gboolean any = write_all && found->len;
                for (guint i = 0; !any && i < found->len; i++)
                    any = ((const candidate_row *)found->pdata[i])->emerging;
                if (!any)
                    tifa_note("no candidate is %s: the pack has no rule%s",
                              write_all ? "found" : "emerging",
                              write_all ? "" : " (--all writes every candidate)");
                g_free(periods);
            } else {
                gboolean table = run.format == FORMAT_TABLE;
                if (top == INT_MIN)
                    top = table ? DISCOVER_TOP_DEFAULT : 0;
                char *periods = periods_text(&choice, &recent, &before, tally_undated(t), "");
                if (table) {
                    fprintf(f, "Candidates quoted in %u document%s or more, counted wherever "
                               "their text appears.\n%s\n",
                            (unsigned)min_docs, min_docs == 1 ? "" : "s", periods);
                } else {
                    /* One note per line, without the final newline. */
                    char **lines = g_strsplit(g_strchomp(periods), "\n", -1);
                    for (char **l = lines; *l; l++)
                        tifa_note("%s", *l);
                    g_strfreev(lines);
                }
                g_free(periods);
                static const char *const cols[] = { "plugin", "key", "mentions", "documents",
                                                    "first", "last", "recent", "before",
                                                    "rate_recent", "rate_before", "log_ratio",
                                                    "g2", "emerging", NULL };
                rows *rw = rows_new(f, run.format, cols, "ssnnddnnnnnnb");
                for (guint i = 0; i < found->len && (top == 0 || i < (guint)top); i++) {
                    const candidate_row *r = found->pdata[i];
                    char m[24], d[24], rc[24], bf[24], rr[32], rb[32], lr[32], g2[32];
                    g_snprintf(m, sizeof m, "%" G_GUINT64_FORMAT, r->e->mentions);
                    g_snprintf(d, sizeof d, "%" G_GUINT64_FORMAT, r->e->documents);
                    g_snprintf(rc, sizeof rc, "%" G_GUINT64_FORMAT, r->recent);
                    g_snprintf(bf, sizeof bf, "%" G_GUINT64_FORMAT, r->before);
                    g_snprintf(rr, sizeof rr, table ? "%.3f" : MEASURE_FORMAT, r->rate_recent);
                    g_snprintf(rb, sizeof rb, table ? "%.3f" : MEASURE_FORMAT, r->rate_before);
                    g_snprintf(lr, sizeof lr, table ? "%.2f" : MEASURE_FORMAT, r->lr);
                    g_snprintf(g2, sizeof g2, table ? "%.2f" : MEASURE_FORMAT, r->g2);
                    const char *cells[] = { r->plugin, r->e->key, m, d, r->e->first, r->e->last,
                                            rc, bf, rr, rb, lr, g2,
                                            r->emerging ? "yes" : "no" };
                    rows_add(rw, cells);
                }
                rows_finish(rw);
            }
            if (outfile_commit(out, &error))
                status = cli_exit_status();
        }
        if (error) {
            tifa_error("%s", error->message);
            g_clear_error(&error);
        }
        g_ptr_array_free(found, TRUE);
        g_ptr_array_free(days, TRUE);
        g_free(choice.how);
    }
    if (entries)
        g_ptr_array_free(entries, TRUE);
    if (entries2)
        g_ptr_array_free(entries2, TRUE);
    g_hash_table_destroy(recounted);
    if (t2)
        tally_free(t2);
    tally_free(t);
    cli_release(&run);
    g_free(by);
    g_free(since);
    return status;
}
