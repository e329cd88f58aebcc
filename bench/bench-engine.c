/*
 * bench-engine.c - the matching engines alone, in one process: MB/s of the
 * fast engine and of the reference engine (one PCRE2 pass per rule) at 10,
 * 100 and 1,000 rules, on one thread, over text already read and
 * normalised (so that only matching is timed).
 *
 *   bench-engine RULES_DIR CORPUS_DIR [RUNS]
 *
 * The rules: the bundled packs (formulations, phrases, officials, in that
 * order; without lookup rules, which are never matched) and, to reach
 * 1,000, literal rules made of real phrases drawn from the corpus
 * (4-character Han sequences at a fixed stride).  The first N
 * rules of that list make the set of N.  One more set of 1,000 leaves the
 * officials pack out (formulations, phrases, then drawn phrases): its
 * grammar is most of the cost at 1,000, and this set shows what the
 * engine does with phrase rules alone (fast engine only: the reference
 * engine would take minutes more; its matches are checked elsewhere).  Each measurement is the median of
 * RUNS runs (default 3).  It also writes, for each N, the literal keys of
 * the set to OUT_DIR/keys-N.txt (when BENCH_KEYS_DIR is set), so that the
 * shell script can time ripgrep and grep on the same keys.  With
 * BENCH_FAST_ONLY set, the reference engine is not run (for profiling the
 * fast one; its columns then show "-").  BENCH_SIZES (say
 * "1000"; "plain" for the set without officials) measures only the sets
 * named; BENCH_PROFILE prints PCRE2's time
 * per rule of each fast run, on stderr.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib/gstdio.h>

#include "tifa.h"

typedef struct {
    char *text;
    size_t len;
} doc_text;

static double
now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Read and normalise every document of the corpus. */
static GPtrArray *
load_corpus(const char *dir, size_t *total)
{
    GPtrArray *docs = g_ptr_array_new();
    const char *paths[] = { dir, NULL };
    corpus *c = corpus_open(paths, NULL);
    raw_doc *raw;
    *total = 0;
    while ((raw = corpus_next(c))) {
        if (raw_doc_load(raw)) {
            size_t len;
            const char *enc;
            char *text = decode_take(&raw->bytes, raw->len, &len, &enc, NULL);
            if (text) {
                doc_text *d = g_new(doc_text, 1);
                d->text = normalize_text(text, len, &d->len, NULL);
                *total += d->len;
                g_ptr_array_add(docs, d);
                g_free(text);
            }
        }
        raw_doc_free(raw);
    }
    corpus_close(c);
    return docs;
}

/* Real phrases: 4-character runs of Han characters, every `stride` bytes. */
static GPtrArray *
draw_phrases(GPtrArray *docs, guint wanted)
{
    GPtrArray *phrases = g_ptr_array_new_with_free_func(g_free);
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    size_t stride = 7919;    /* a prime, so that the draws do not line up with anything */
    for (guint i = 0; i < docs->len && phrases->len < wanted; i++) {
        doc_text *d = docs->pdata[i];
        for (size_t at = 0; at + 12 <= d->len && phrases->len < wanted; at += stride) {
            const char *p = d->text + at;
            while (p < d->text + d->len && ((unsigned char)*p & 0xC0) == 0x80)
                p++;
            const char *q = p;
            int n = 0;
            while (n < 4 && q < d->text + d->len &&
                   g_unichar_get_script(g_utf8_get_char(q)) == G_UNICODE_SCRIPT_HAN) {
                q = g_utf8_next_char(q);
                n++;
            }
            if (n < 4)
                continue;
            char *phrase = g_strndup(p, (size_t)(q - p));
            if (g_hash_table_contains(seen, phrase)) {
                g_free(phrase);
                continue;
            }
            g_hash_table_add(seen, phrase);
            g_ptr_array_add(phrases, phrase);
        }
    }
    g_hash_table_destroy(seen);
    return phrases;
}

/* Median seconds of matching every document with `rules` on one thread. */
static double
time_engine(engine_kind kind, GPtrArray *rules, GPtrArray *docs, int runs, uint64_t *n_hits)
{
    GError *error = NULL;
    engine_limits limits = { 0 };
    /* BENCH_PROFILE: PCRE2's time per rule of each fast set, on stderr. */
    limits.profile = kind == ENGINE_FAST && g_getenv("BENCH_PROFILE") != NULL;
    engine *e = engine_new(kind, rules, &limits, &error);
    if (!e)
        g_error("%s", error->message);
    engine_scratch *s = engine_scratch_new(e);
    GArray *hits = g_array_new(FALSE, FALSE, sizeof(raw_hit));
    GArray *groups = g_array_new(FALSE, FALSE, sizeof(size_t));
    GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
    double *times = g_new(double, runs);
    for (int r = 0; r < runs; r++) {
        *n_hits = 0;
        double t0 = now();
        for (guint i = 0; i < docs->len; i++) {
            doc_text *d = docs->pdata[i];
            g_array_set_size(hits, 0);
            g_array_set_size(groups, 0);
            engine_scan(e, s, d->text, d->len, hits, groups, problems);
            *n_hits += hits->len;
        }
        times[r] = now() - t0;
    }
    qsort(times, (size_t)runs, sizeof(double), compare_double);
    double median = times[runs / 2];
    g_free(times);
    g_ptr_array_free(problems, TRUE);
    g_array_free(hits, TRUE);
    g_array_free(groups, TRUE);
    engine_scratch_free(s);
    engine_profile(e, stderr);
    engine_free(e);
    return median;
}

static void
add_pack_rules(GHashTable *packs, const char *name, GPtrArray *rules)
{
    rulepack *pack = g_hash_table_lookup(packs, name);
    if (!pack)
        g_error("rule pack %s not found", name);
    /* A lookup rule is never matched (its plugin asks for its words): it
     * is not one of the N rules, and its words are no keys for ripgrep. */
    for (guint i = 0; i < pack->rules->len; i++)
        if (!((const rule *)pack->rules->pdata[i])->lookup)
            g_ptr_array_add(rules, pack->rules->pdata[i]);
}

/* Whether BENCH_SIZES (unset: all) names the set `name`. */
static gboolean
set_asked(const char *name)
{
    const char *only = g_getenv("BENCH_SIZES");
    if (!only || !*only)
        return TRUE;
    char **wanted = g_strsplit_set(only, ", ", -1);
    gboolean asked = g_strv_contains((const char *const *)wanted, name);
    g_strfreev(wanted);
    return asked;
}

int
main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench-engine RULES_DIR CORPUS_DIR [RUNS]\n");
        return 2;
    }
    int runs = argc > 3 ? atoi(argv[3]) : 3;
    if (runs < 1)
        runs = 1;
    g_setenv("TIFA_CACHE_DIR", "", TRUE);   /* time the engines, not the cache */

    size_t total = 0;
    GPtrArray *docs = load_corpus(argv[2], &total);
    double mb = (double)total / 1e6;
    printf("engine benchmark: %u documents, %.1f MB of normalised text, one thread, "
           "median of %d runs\n\n", docs->len, mb, runs);

    rules_path path = { g_ptr_array_new(), g_ptr_array_new() };
    g_ptr_array_add(path.dirs, argv[1]);
    GPtrArray *diags = g_ptr_array_new_with_free_func(g_free);
    GHashTable *packs = rules_load_all(&path, diags, NULL);
    if (!packs)
        g_error("cannot load the rule packs of %s", argv[1]);

    GPtrArray *all = g_ptr_array_new();
    add_pack_rules(packs, "formulations", all);
    add_pack_rules(packs, "phrases", all);
    guint plain_bundled = all->len;
    add_pack_rules(packs, "officials", all);
    guint bundled = all->len;

    /* Phrases drawn from the corpus, as a pack of literal rules: enough
     * for the set without officials; the full list takes the first ones. */
    GPtrArray *phrases = draw_phrases(docs, 1000 - MIN(plain_bundled, 1000));
    GString *pack_text = g_string_new("pack: drawn\ncategory: phrase\n");
    for (guint i = 0; i < phrases->len; i++)
        g_string_append_printf(pack_text, "\nid: p%u\nliteral: %s\n", i,
                               (const char *)phrases->pdata[i]);
    char *tmp = g_build_filename(g_get_tmp_dir(), "tifa-bench-drawn.rules", NULL);
    g_file_set_contents(tmp, pack_text->str, -1, NULL);
    rulepack *drawn = rulepack_load(tmp, diags);
    g_unlink(tmp);
    if (!drawn)
        g_error("cannot build the drawn pack");
    GPtrArray *plain = g_ptr_array_new();
    for (guint i = 0; i < plain_bundled; i++)
        g_ptr_array_add(plain, all->pdata[i]);
    for (guint i = 0; i < drawn->rules->len; i++) {
        g_ptr_array_add(plain, drawn->rules->pdata[i]);
        if (all->len < 1000)
            g_ptr_array_add(all, drawn->rules->pdata[i]);
    }

    const char *keys_dir = g_getenv("BENCH_KEYS_DIR");
    if (keys_dir) {
        /* The literal keys of the bundled packs alone, for ripgrep end to end. */
        GString *keys = g_string_new(NULL);
        for (guint i = 0; i < bundled; i++) {
            rule *r = all->pdata[i];
            for (guint j = 0; r->literals && j < r->literals->len; j++)
                g_string_append_printf(keys, "%s\n", (const char *)r->literals->pdata[j]);
        }
        char *f = g_strdup_printf("%s/keys-bundled.txt", keys_dir);
        g_file_set_contents(f, keys->str, -1, NULL);
        g_free(f);
        g_string_free(keys, TRUE);
    }
    static const guint sizes[] = { 10, 100, 1000 };
    printf("%6s %10s %12s %12s %10s %10s  %s\n", "rules", "matches", "fast MB/s",
           "ref. MB/s", "fast/ref", "full-pass", "the set");
    for (size_t k = 0; k < G_N_ELEMENTS(sizes); k++) {
        char size[16];
        g_snprintf(size, sizeof size, "%u", sizes[k]);
        if (!set_asked(size))
            continue;
        guint n = MIN(sizes[k], all->len);
        GPtrArray *set = g_ptr_array_new();
        guint full = 0;
        GString *keys = g_string_new(NULL);
        for (guint i = 0; i < n; i++) {
            rule *r = all->pdata[i];
            g_ptr_array_add(set, r);
            prefilter_plan plan;
            GPtrArray *lits;
            prefilter_plan_rule(r, &plan, &lits, NULL);
            full += !plan.filtered;
            if (lits)
                g_ptr_array_free(lits, TRUE);
            for (guint j = 0; r->literals && j < r->literals->len; j++)
                g_string_append_printf(keys, "%s\n", (const char *)r->literals->pdata[j]);
        }
        if (keys_dir) {
            char *f = g_strdup_printf("%s/keys-%u.txt", keys_dir, sizes[k]);
            g_file_set_contents(f, keys->str, -1, NULL);
            g_free(f);
        }
        uint64_t hits_fast = 0, hits_ref = 0;
        double fast = time_engine(ENGINE_FAST, set, docs, runs, &hits_fast);
        /* Without the reference run its columns say so, rather than print a
         * made-up speed and ratio. */
        char ref_mbs[16] = "-", ratio[16] = "-";
        if (!g_getenv("BENCH_FAST_ONLY")) {
            double ref = time_engine(ENGINE_REFERENCE, set, docs, runs, &hits_ref);
            if (hits_fast != hits_ref)
                g_error("the engines disagree at %u rules: %" G_GUINT64_FORMAT " and %"
                        G_GUINT64_FORMAT " matches", n, hits_fast, hits_ref);
            g_snprintf(ref_mbs, sizeof ref_mbs, "%.1f", mb / ref);
            g_snprintf(ratio, sizeof ratio, "%.0fx", ref / fast);
        }
        printf("%6u %10" G_GUINT64_FORMAT " %12.0f %12s %10s %10u  %s\n", n, hits_fast,
               mb / fast, ref_mbs, ratio, full,
               n <= bundled ? "bundled packs" : "bundled packs + phrases drawn from the corpus");
        fflush(stdout);
        g_string_free(keys, TRUE);
        g_ptr_array_free(set, TRUE);
    }
    if (set_asked("plain")) {
        uint64_t hits = 0;
        double fast = time_engine(ENGINE_FAST, plain, docs, runs, &hits);
        printf("\nThe same without the officials pack: the formulations and phrases packs (%u "
               "rules)\nand %u phrases drawn from the corpus; fast engine only:\n",
               plain_bundled, plain->len - plain_bundled);
        printf("%6u %10" G_GUINT64_FORMAT " %12.0f\n", plain->len, hits, mb / fast);
    }
    return 0;
}
