/*
 * prefilter.c - the fast engine: one Vectorscan pass over a document for the
 * literals of every rule, then PCRE2 only where a literal occurs.
 *
 * literals.c gives each rule a set of literals such that every match of the
 * rule contains one of them, at most `lead` bytes after the match's start.
 * One Vectorscan literal database holds the literals of all rules.
 * Scanning a document yields, per rule, the start offsets q of its
 * literals, in order.  A match whose designated literal starts at q starts
 * in [q - lead, q], so for each q, in order, PCRE2 searches from there with
 * an offset limit of q (pcre2_set_offset_limit: no match may start after q).  A match that starts at or before q is
 * reported, and the search goes on from its end, as //g would; when none
 * does, no match starts anywhere up to q, and the next q takes over.
 *
 * The matches are exactly the reference engine's: every match contains a
 * literal occurrence, so every match start lies in some window; windows are
 * visited in order and each PCRE2 search is the one //g would make, only
 * started later where no match can start.  Vectorscan only proposes, PCRE2
 * decides (Vectorscan's own semantics differ from PCRE2's: overlaps, starts,
 * lookbehind).  Rules without a usable literal (and rules that can match the
 * empty string) get a full PCRE2 pass, as in the reference engine.
 *
 * A window can be long (a rule whose literal ends a name of up to twenty
 * characters has a window of twenty places), and PCRE2 tries a match at
 * every place of it.  When the analysis knows which characters a match can
 * start with, the search starts at the first place of the window that has
 * one, and is not made at all when none has: the places skipped start no
 * match, so the matches stay the same.  When the analysis knows which
 * characters a match can have before its literal (the 副 and 常务 before a
 * title, the letters of a foreign name), the window starts no earlier than
 * the run of such characters that ends at the literal: a match that starts
 * before the run would have to contain the character that ends it.  When
 * it knows what a match has right after its literal (a title-names match
 * has a surname after its title), an occurrence followed by anything else
 * is no match's literal and gets no window at all.
 *
 * The tests compare this engine with the reference engine, rule by rule and
 * offset by offset, on real text and on a hostile set (tests/engine.sh).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <utime.h>
#include <hs/hs.h>

#include "tifa.h"
#include "analysis-id.h"   /* generated: a checksum of this file and literals.c */

#define UNBOUNDED ((size_t)-1)

typedef struct {
    char *text;
    uint32_t len;
    GArray *rules;           /* uint32_t: rules whose set includes this literal */
} literal_entry;

/* The sets of characters the analysis gives a rule (literal_context). */
enum {
    CHARS_FIRST,             /* what a match starts with */
    CHARS_BEFORE,            /* what a match can have before its literal */
    CHARS_AFTER,             /* what a match has right after its literal */
    CHARS_PREV,              /* what the text has right before the literal */
    N_CHAR_SETS
};

struct prefilter {
    GPtrArray *rules;        /* rule*, borrowed */
    hs_database_t *db;       /* NULL when no rule has literals */
    hs_scratch_t *scratch;   /* prototype, cloned per thread */
    literal_entry *lits;
    guint n_lits;
    prefilter_plan *plans;   /* per rule */
    GArray *full_pass;       /* uint32_t: rules that get a full PCRE2 pass */
    /* Per kind (the sets of literal_context), per rule: (lo, hi) gunichar
     * pairs, or NULL for any character; and the same as a bitmap of the
     * BMP, or NULL. */
    GArray **chars[N_CHAR_SETS];
    guint32 **bmp[N_CHAR_SETS];
};

typedef struct {
    uint32_t literal;
    uint32_t end;
} occurrence;

/* Vectorscan's reports, a million or more per 100 MB at 1,000 rules: kept
 * in a plain buffer, appended inline (a GArray call for each cost about
 * 2% at 1,000 rules). */
typedef struct {
    occurrence *at;
    size_t n, cap;
} occurrence_buffer;

struct prefilter_scratch {
    hs_scratch_t *hs;
    occurrence_buffer occurrences;   /* from Vectorscan */
    GArray *candidates;      /* candidate, grouped by rule */
    uint32_t *rule_count;    /* per rule: its candidates in this document, then
                              * where its group ends; zero between documents */
    GArray *touched;         /* uint32_t: the rules with candidates, ascending */
    guint64 *touched_bits;   /* the same as a bitmap while the document is read;
                              * zero between documents */
};

/* A place where one of a rule's literals occurs; candidates are kept
 * grouped by rule, so the rule is where the group is. */
typedef struct {
    uint32_t start;          /* where the literal starts */
    uint32_t len;            /* its length */
} candidate;

const prefilter_plan *
prefilter_plan_of(const prefilter *pf, uint32_t rule_index)
{
    return &pf->plans[rule_index];
}

/* Decide how the fast engine treats one rule. */
void
prefilter_plan_rule(const rule *r, prefilter_plan *plan, GPtrArray **literals,
                    literal_context *context)
{
    memset(plan, 0, sizeof *plan);
    *literals = NULL;
    if (context)
        memset(context, 0, sizeof *context);
    if (r->lookup) {
        /* Its plugin asks for it where it needs it; nothing is matched. */
        plan->lookup = TRUE;
        plan->why = "it is a lookup rule, asked for by its plugin and never matched";
        return;
    }
    /* A rule written as literals needs no PCRE2 at all: its literals are
     * its matches (see confirm_literals). */
    if (r->literal_only && r->flags == 0) {
        *literals = g_ptr_array_new_with_free_func(g_free);
        for (guint i = 0; i < r->literals->len; i++)
            g_ptr_array_add(*literals, g_strdup(r->literals->pdata[i]));
        plan->filtered = TRUE;
        plan->literal_only = TRUE;
        plan->n_literals = (*literals)->len;
        plan->max_lead = 0;
        return;
    }
    if (rule_matches_empty(r)) {
        plan->why = "it can match the empty string";
        return;
    }
    literal_context found;
    if (!literals_analyse(r->pub.pattern, r->flags, literals, &plan->max_lead, &found,
                          &plan->why))
        return;
    plan->filtered = TRUE;
    plan->n_literals = (*literals)->len;
    plan->min_lead = found.min_lead;
    if (context)
        *context = found;
    else
        literal_context_clear(&found);
}

/* A bitmap of the code points below 0x10000 in `ranges`; characters above
 * are taken as possible starts without a test. */
static guint32 *
bmp_of(const GArray *ranges)
{
    guint32 *bmp = g_new0(guint32, 0x10000 / 32);
    for (guint i = 0; i + 1 < ranges->len; i += 2) {
        gunichar lo = g_array_index(ranges, gunichar, i);
        gunichar hi = MIN(g_array_index(ranges, gunichar, i + 1), 0xFFFF);
        if (lo > hi)
            continue;
        /* A word at a time: a set that rules a few characters out (what a
         * negative lookbehind leaves) spans nearly the whole BMP. */
        guint32 first = ~0u << (lo & 31), last = ~0u >> (31 - (hi & 31));
        if (lo >> 5 == hi >> 5) {
            bmp[lo >> 5] |= first & last;
            continue;
        }
        bmp[lo >> 5] |= first;
        for (gunichar w = (lo >> 5) + 1; w < hi >> 5; w++)
            bmp[w] = ~0u;
        bmp[hi >> 5] |= last;
    }
    return bmp;
}

/* Keep a rule's sets of characters (consumed) and their bitmaps. */
static void
set_char_sets(prefilter *pf, guint rule_index, GArray *sets[N_CHAR_SETS])
{
    for (int k = 0; k < N_CHAR_SETS; k++) {
        pf->chars[k][rule_index] = sets[k];
        pf->bmp[k][rule_index] = sets[k] ? bmp_of(sets[k]) : NULL;
    }
}

/* The sets of a context, in the order of the kinds (taken from it). */
static void
context_sets(literal_context *context, GArray *sets[N_CHAR_SETS])
{
    sets[CHARS_FIRST] = context->first;
    sets[CHARS_BEFORE] = context->before;
    sets[CHARS_AFTER] = context->after;
    sets[CHARS_PREV] = context->prev;
    memset(context, 0, sizeof *context);
}

/* Analyse every rule and gather the literal table (no database yet). */
static void
build_tables(prefilter *pf)
{
    GHashTable *index = g_hash_table_new(g_str_hash, g_str_equal);   /* text -> id + 1 */
    GArray *entries = g_array_new(FALSE, TRUE, sizeof(literal_entry));
    for (guint i = 0; i < pf->rules->len; i++) {
        GPtrArray *literals;
        literal_context context;
        prefilter_plan_rule(pf->rules->pdata[i], &pf->plans[i], &literals, &context);
        GArray *sets[N_CHAR_SETS];
        context_sets(&context, sets);
        set_char_sets(pf, i, sets);
        uint32_t rule_index = i;
        if (pf->plans[i].lookup)
            continue;
        if (!pf->plans[i].filtered) {
            g_array_append_val(pf->full_pass, rule_index);
            continue;
        }
        for (guint j = 0; j < literals->len; j++) {
            const char *lit = literals->pdata[j];
            guint id = GPOINTER_TO_UINT(g_hash_table_lookup(index, lit));
            if (!id) {
                literal_entry e = { g_strdup(lit), (uint32_t)strlen(lit),
                                    g_array_new(FALSE, FALSE, sizeof(uint32_t)) };
                g_array_append_val(entries, e);
                id = entries->len;
                g_hash_table_insert(index, e.text, GUINT_TO_POINTER(id));
            }
            g_array_append_val(g_array_index(entries, literal_entry, id - 1).rules, rule_index);
        }
        g_ptr_array_free(literals, TRUE);
    }
    g_hash_table_destroy(index);
    pf->n_lits = entries->len;
    pf->lits = (literal_entry *)g_array_free(entries, FALSE);
}

static gboolean
compile_database(prefilter *pf, GError **error)
{
    const char **exprs = g_new(const char *, pf->n_lits);
    size_t *lens = g_new(size_t, pf->n_lits);
    unsigned *ids = g_new(unsigned, pf->n_lits);
    unsigned *flags = g_new0(unsigned, pf->n_lits);
    for (guint i = 0; i < pf->n_lits; i++) {
        exprs[i] = pf->lits[i].text;
        lens[i] = pf->lits[i].len;
        ids[i] = i;
    }
    hs_compile_error_t *err = NULL;
    hs_error_t rc = hs_compile_lit_multi(exprs, flags, ids, lens, pf->n_lits, HS_MODE_BLOCK,
                                         NULL, &pf->db, &err);
    g_free(exprs);
    g_free(lens);
    g_free(ids);
    g_free(flags);
    if (rc != HS_SUCCESS) {
        g_set_error(error, TIFA_ERROR, TIFA_ERROR_RULES,
                    "the fast engine could not build its literal database (%s); "
                    "--engine reference still works",
                    err && err->message ? err->message : "unknown error");
        hs_free_compile_error(err);
        return FALSE;
    }
    return TRUE;
}

/* ---- the cache of analysed rules and compiled databases ----
 *
 * Analysing the rules and compiling the database takes tens of
 * milliseconds for the bundled packs and grows with the number of rules; a
 * run over one document should not pay it every time.  The result is kept
 * in the user's cache directory ($XDG_CACHE_HOME/tifa, or TIFA_CACHE_DIR;
 * TIFA_CACHE_DIR set to the empty string turns the cache off), in a file
 * named by a SHA-256 of everything it depends on: the Vectorscan and PCRE2
 * versions, this format's version, the analysis code (TIFA_ANALYSIS_ID, made by the
 * build) and every rule's pattern, flags and literals.  A
 * changed pack has another name, so a stale file is never read; a file that
 * cannot be read back is ignored and rewritten.  Each use refreshes a
 * file's time, and writing one removes the least recently used beyond
 * CACHE_KEEP.
 */

#define CACHE_MAGIC "TIFAPF07"
/* Cached databases kept: every edit of a pack writes a new one, so the
 * least recently used beyond these are removed when one is written. */
#define CACHE_KEEP 16

static char *
cache_path(const prefilter *pf)
{
    const char *dir = g_getenv("TIFA_CACHE_DIR");
    if (dir && !*dir)
        return NULL;
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
    g_checksum_update(sum, (const guchar *)CACHE_MAGIC, -1);
    g_checksum_update(sum, (const guchar *)hs_version(), -1);
    g_checksum_update(sum, (const guchar *)TIFA_ANALYSIS_ID, -1);
    /* The analysis reads some PCRE2 syntax (\p{Han}) as PCRE2 does. */
    char pcre2_version[64] = "";
    pcre2_config(PCRE2_CONFIG_VERSION, pcre2_version);
    g_checksum_update(sum, (const guchar *)pcre2_version, -1);
    for (guint i = 0; i < pf->rules->len; i++) {
        const rule *r = pf->rules->pdata[i];
        char flags[32];
        g_snprintf(flags, sizeof flags, "\x1f%u\x1f%d\x1f%d\x1f", r->flags, r->literal_only,
                   r->lookup != NULL);
        g_checksum_update(sum, (const guchar *)r->pub.pattern, -1);
        g_checksum_update(sum, (const guchar *)flags, -1);
        for (guint j = 0; r->literals && j < r->literals->len; j++) {
            g_checksum_update(sum, (const guchar *)r->literals->pdata[j], -1);
            g_checksum_update(sum, (const guchar *)"\x1f", 1);
        }
        g_checksum_update(sum, (const guchar *)"\x1e", 1);
    }
    char *name = g_strdup_printf("prefilter-%s.bin", g_checksum_get_string(sum));
    g_checksum_free(sum);
    char *path = dir ? g_build_filename(dir, name, NULL)
                     : g_build_filename(g_get_user_cache_dir(), "tifa", name, NULL);
    g_free(name);
    return path;
}

static void
put(GByteArray *b, const void *data, size_t n)
{
    g_byte_array_append(b, data, (guint)n);
}

static gboolean
get(const char **p, const char *end, void *out, size_t n)
{
    if ((size_t)(end - *p) < n)
        return FALSE;
    memcpy(out, *p, n);
    *p += n;
    return TRUE;
}

/* A set of characters: its count of gunichar, then the (lo, hi) pairs;
 * UINT32_MAX for NULL (any character). */
static void
put_char_set(GByteArray *b, const GArray *set)
{
    uint32_t n = set ? set->len : UINT32_MAX;
    put(b, &n, 4);
    if (set)
        put(b, set->data, sizeof(gunichar) * n);
}

static gboolean
get_char_set(const char **p, const char *end, GArray **out)
{
    uint32_t n = 0;
    *out = NULL;
    if (!get(p, end, &n, 4))
        return FALSE;
    if (n == UINT32_MAX)
        return TRUE;
    if (n % 2 != 0 || (size_t)(end - *p) < sizeof(gunichar) * n)
        return FALSE;
    *out = g_array_sized_new(FALSE, FALSE, sizeof(gunichar), n);
    g_array_append_vals(*out, *p, n);
    *p += sizeof(gunichar) * n;
    return TRUE;
}

typedef struct {
    char *path;
    gint64 used;   /* modification time, refreshed at each use */
} cache_file;

static int
compare_cache_files(gconstpointer a, gconstpointer b)
{
    const cache_file *x = a, *y = b;
    return x->used < y->used ? 1 : x->used > y->used ? -1 : 0;   /* newest first */
}

/* Remove all but the CACHE_KEEP most recently used databases of the cache
 * directory, `written` (the one just written) always among those kept;
 * other files there are left alone. */
static void
cache_prune(const char *dir, const char *written)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    if (!d)
        return;
    GArray *files = g_array_new(FALSE, FALSE, sizeof(cache_file));
    const char *name;
    while ((name = g_dir_read_name(d))) {
        if (!g_str_has_prefix(name, "prefilter-") || !g_str_has_suffix(name, ".bin"))
            continue;
        cache_file f = { g_build_filename(dir, name, NULL), 0 };
        GStatBuf st;
        if (g_stat(f.path, &st) == 0) {
            f.used = strcmp(f.path, written) == 0
                         ? G_MAXINT64
                         : (gint64)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
            g_array_append_val(files, f);
        } else {
            g_free(f.path);
        }
    }
    g_dir_close(d);
    g_array_sort(files, compare_cache_files);
    for (guint i = 0; i < files->len; i++) {
        cache_file *f = &g_array_index(files, cache_file, i);
        if (i >= CACHE_KEEP)
            g_remove(f->path);
        g_free(f->path);
    }
    g_array_free(files, TRUE);
}

static void
cache_store(const prefilter *pf, const char *path)
{
    char *bytes = NULL;
    size_t size = 0;
    if (!pf->db || hs_serialize_database(pf->db, &bytes, &size) != HS_SUCCESS)
        return;
    GByteArray *b = g_byte_array_new();
    put(b, CACHE_MAGIC, 8);
    uint32_t n_rules = pf->rules->len, n_lits = pf->n_lits;
    put(b, &n_rules, 4);
    for (guint i = 0; i < n_rules; i++) {
        const prefilter_plan *plan = &pf->plans[i];
        uint8_t f[3] = { (uint8_t)plan->filtered, (uint8_t)plan->literal_only,
                         (uint8_t)plan->lookup };
        uint64_t lead[2] = { plan->max_lead, plan->min_lead };
        put(b, f, 3);
        put(b, lead, 16);
        for (int k = 0; k < N_CHAR_SETS; k++)
            put_char_set(b, pf->chars[k][i]);
    }
    put(b, &n_lits, 4);
    for (guint i = 0; i < n_lits; i++) {
        const literal_entry *e = &pf->lits[i];
        uint32_t n = e->rules->len;
        put(b, &e->len, 4);
        put(b, e->text, e->len);
        put(b, &n, 4);
        put(b, e->rules->data, 4 * (size_t)n);
    }
    uint64_t db_size = size;
    put(b, &db_size, 8);
    put(b, bytes, size);
    free(bytes);
    /* Written whole or not at all; a cache that cannot be written is no
     * error, only slower next time. */
    char *dir = g_path_get_dirname(path);
    g_mkdir_with_parents(dir, 0755);
    if (g_file_set_contents(path, (const char *)b->data, (gssize)b->len, NULL))
        cache_prune(dir, path);
    g_free(dir);
    g_byte_array_free(b, TRUE);
}

static gboolean
cache_load(prefilter *pf, const char *path)
{
    char *data = NULL;
    gsize size = 0;
    if (!g_file_get_contents(path, &data, &size, NULL))
        return FALSE;
    const char *p = data, *end = data + size;
    char magic[8];
    uint32_t n_rules = 0, n_lits = 0;
    gboolean ok = get(&p, end, magic, 8) && memcmp(magic, CACHE_MAGIC, 8) == 0 &&
                  get(&p, end, &n_rules, 4) && n_rules == pf->rules->len;
    for (guint i = 0; ok && i < n_rules; i++) {
        uint8_t f[3] = { 0, 0, 0 };
        uint64_t lead[2] = { 0, 0 };
        GArray *sets[N_CHAR_SETS] = { NULL };
        ok = get(&p, end, f, 3) && get(&p, end, lead, 16);
        for (int k = 0; ok && k < N_CHAR_SETS; k++)
            ok = get_char_set(&p, end, &sets[k]);
        set_char_sets(pf, i, sets);
        pf->plans[i].filtered = f[0];
        pf->plans[i].literal_only = f[1];
        pf->plans[i].lookup = f[2];
        pf->plans[i].max_lead = (size_t)lead[0];
        pf->plans[i].min_lead = (size_t)lead[1];
        pf->plans[i].why = f[0] ? NULL : "see tifa rules check";
    }
    ok = ok && get(&p, end, &n_lits, 4) && n_lits < (1u << 24);
    GArray *entries = g_array_new(FALSE, TRUE, sizeof(literal_entry));
    for (guint i = 0; ok && i < n_lits; i++) {
        literal_entry e = { 0 };
        uint32_t n = 0;
        ok = get(&p, end, &e.len, 4) && (size_t)(end - p) >= e.len;
        if (!ok)
            break;
        e.text = g_strndup(p, e.len);
        p += e.len;
        e.rules = g_array_new(FALSE, FALSE, sizeof(uint32_t));
        g_array_append_val(entries, e);
        ok = get(&p, end, &n, 4) && (size_t)(end - p) >= 4 * (size_t)n;
        if (ok) {
            g_array_append_vals(e.rules, p, n);
            p += 4 * (size_t)n;
            for (guint k = 0; k < n && ok; k++)
                ok = g_array_index(e.rules, uint32_t, k) < n_rules;
        }
    }
    uint64_t db_size = 0;
    ok = ok && get(&p, end, &db_size, 8) && (uint64_t)(end - p) == db_size &&
         hs_deserialize_database(p, (size_t)db_size, &pf->db) == HS_SUCCESS;
    g_free(data);
    pf->n_lits = entries->len;
    pf->lits = (literal_entry *)g_array_free(entries, FALSE);
    if (!ok)
        return FALSE;
    for (guint i = 0; i < n_rules; i++)
        if (!pf->plans[i].filtered && !pf->plans[i].lookup) {
            uint32_t r = i;
            g_array_append_val(pf->full_pass, r);
        }
    return TRUE;
}

static void
free_char_sets(GArray **sets, guint32 **bmps, guint n)
{
    for (guint i = 0; i < n; i++) {
        if (sets[i])
            g_array_unref(sets[i]);
        g_free(bmps[i]);
        sets[i] = NULL;
        bmps[i] = NULL;
    }
}

static void
free_char_tables(prefilter *pf)
{
    for (int k = 0; k < N_CHAR_SETS; k++)
        free_char_sets(pf->chars[k], pf->bmp[k], pf->rules->len);
}

/* Forget a half-read cache before rebuilding. */
static void
reset_tables(prefilter *pf)
{
    for (guint i = 0; i < pf->n_lits; i++) {
        g_free(pf->lits[i].text);
        g_array_free(pf->lits[i].rules, TRUE);
    }
    g_free(pf->lits);
    pf->lits = NULL;
    pf->n_lits = 0;
    if (pf->db)
        hs_free_database(pf->db);
    pf->db = NULL;
    memset(pf->plans, 0, sizeof(prefilter_plan) * (pf->rules->len + 1));
    g_array_set_size(pf->full_pass, 0);
    free_char_tables(pf);
}

prefilter *
prefilter_new(GPtrArray *rules, GError **error)
{
    prefilter *pf = g_new0(prefilter, 1);
    pf->rules = rules;
    pf->plans = g_new0(prefilter_plan, rules->len + 1);
    pf->full_pass = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    for (int k = 0; k < N_CHAR_SETS; k++) {
        pf->chars[k] = g_new0(GArray *, rules->len + 1);
        pf->bmp[k] = g_new0(guint32 *, rules->len + 1);
    }

    char *cache = cache_path(pf);
    gboolean cached = cache && cache_load(pf, cache);
    if (cached)
        g_utime(cache, NULL);   /* used now: the last to be pruned */
    if (!cached) {
        reset_tables(pf);
        build_tables(pf);
        if (pf->n_lits > 0) {
            if (!compile_database(pf, error)) {
                g_free(cache);
                prefilter_free(pf);
                return NULL;
            }
            if (cache)
                cache_store(pf, cache);
        }
    }
    g_free(cache);
    if (pf->db && hs_alloc_scratch(pf->db, &pf->scratch) != HS_SUCCESS) {
        g_set_error(error, TIFA_ERROR, TIFA_ERROR_RULES,
                    "the fast engine could not allocate its scratch space");
        prefilter_free(pf);
        return NULL;
    }
    return pf;
}

void
prefilter_free(prefilter *pf)
{
    if (!pf)
        return;
    for (guint i = 0; i < pf->n_lits; i++) {
        g_free(pf->lits[i].text);
        g_array_free(pf->lits[i].rules, TRUE);
    }
    g_free(pf->lits);
    if (pf->scratch)
        hs_free_scratch(pf->scratch);
    if (pf->db)
        hs_free_database(pf->db);
    g_free(pf->plans);
    g_array_free(pf->full_pass, TRUE);
    free_char_tables(pf);
    for (int k = 0; k < N_CHAR_SETS; k++) {
        g_free(pf->chars[k]);
        g_free(pf->bmp[k]);
    }
    g_free(pf);
}

prefilter_scratch *
prefilter_scratch_new(prefilter *pf)
{
    prefilter_scratch *s = g_new0(prefilter_scratch, 1);
    if (pf->scratch && hs_clone_scratch(pf->scratch, &s->hs) != HS_SUCCESS)
        g_error("out of memory cloning Vectorscan scratch space");
    s->occurrences.cap = 1024;
    s->occurrences.at = g_new(occurrence, s->occurrences.cap);
    s->candidates = g_array_new(FALSE, FALSE, sizeof(candidate));
    s->rule_count = g_new0(uint32_t, pf->rules->len + 1);
    s->touched = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    s->touched_bits = g_new0(guint64, pf->rules->len / 64 + 1);
    return s;
}

void
prefilter_scratch_free(prefilter_scratch *s)
{
    if (!s)
        return;
    if (s->hs)
        hs_free_scratch(s->hs);
    g_free(s->occurrences.at);
    g_array_free(s->candidates, TRUE);
    g_free(s->rule_count);
    g_array_free(s->touched, TRUE);
    g_free(s->touched_bits);
    g_free(s);
}

static int
on_literal(unsigned int id, unsigned long long from, unsigned long long to, unsigned int flags,
           void *ctx)
{
    (void)from;
    (void)flags;
    occurrence_buffer *b = ctx;
    if (G_UNLIKELY(b->n == b->cap)) {
        b->cap *= 2;
        b->at = g_renew(occurrence, b->at, b->cap);
    }
    b->at[b->n++] = (occurrence){ id, (uint32_t)to };
    return 0;
}

/* By start, then longest first (within one rule). */
static inline gboolean
candidate_before(const candidate *x, const candidate *y)
{
    return x->start != y->start ? x->start < y->start : x->len > y->len;
}

static gint
compare_candidates(gconstpointer a, gconstpointer b)
{
    const candidate *x = a, *y = b;
    return candidate_before(x, y) ? -1 : candidate_before(y, x);
}

/*
 * Order one rule's candidates by start.  Vectorscan reports literals by
 * where they end, so the starts are nearly in order already (they differ
 * only where literals of different lengths overlap) and an insertion sort
 * is linear in practice.  Hostile text (many nested literals at the same
 * places) could make it quadratic: past a budget of moves, qsort finishes.
 */
static void
sort_candidates(candidate *c, size_t n)
{
    size_t budget = 8 * n + 64;
    for (size_t i = 1; i < n; i++) {
        candidate x = c[i];
        size_t j = i;
        while (j > 0 && candidate_before(&x, &c[j - 1])) {
            c[j] = c[j - 1];
            j--;
            if (--budget == 0) {
                c[j] = x;
                qsort(c, n, sizeof *c, compare_candidates);
                return;
            }
        }
        c[j] = x;
    }
}

/*
 * The matches of a rule made of literals only.  Its pattern is the
 * alternation of its literals, longest first, so at any offset PCRE2 would
 * match the longest literal that starts there; //g then resumes at the end
 * of that match.  The occurrences (sorted by start, longest first) give the
 * same matches without asking PCRE2.
 */
static void
confirm_literals(engine_scratch *es, uint32_t rule_index, const candidate *c, size_t n)
{
    /* At most n matches: room for them first, then written in place (a
     * literal rule of a common phrase has thousands per document). */
    size_t *g, first_group;
    raw_hit *h = engine_hits_room(es, n, 2 * n, &g, &first_group);
    size_t kept = 0, next = 0;
    for (size_t i = 0; i < n; i++) {
        if (c[i].start < next)
            continue;
        size_t s = c[i].start, e = s + c[i].len;
        h[kept] = (raw_hit){ rule_index, s, e, first_group + 2 * kept };
        g[2 * kept] = s;
        g[2 * kept + 1] = e;
        kept++;
        next = e;
    }
    engine_hits_commit(es, kept, 2 * kept);
}

/* The first character boundary at or after i. */
static size_t
align_forward(const char *text, size_t len, size_t i)
{
    while (i < len && ((unsigned char)text[i] & 0xC0) == 0x80)
        i++;
    return MIN(i, len);
}

/* The bytes of the character whose first byte is `lead`. */
static inline size_t
char_bytes(unsigned char lead)
{
    return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

/* The first place in [from, to] whose character can start a match, or
 * to + 1 when there is none.  `from` is on a character boundary. */
static size_t
first_start(const guint32 *bmp, const char *text, size_t from, size_t to)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t p = from;
    while (p <= to) {
        gunichar c = util_bmp_char_at(s + p);
        /* Beyond the BMP: not tested, a possible start. */
        if (c == (gunichar)-1 || ((bmp[c >> 5] >> (c & 31)) & 1u))
            return p;
        p += char_bytes(s[p]);
    }
    return to + 1;
}

/* Where the character that ends at p begins (p > from, both on character
 * boundaries of valid UTF-8): in Chinese text most often three bytes back,
 * which one test of the lead byte says. */
static inline size_t
char_start_before(const unsigned char *s, size_t from, size_t p)
{
    if (p - from >= 3 && (s[p - 3] & 0xF0) == 0xE0)
        return p - 3;
    size_t c = p - 1;
    while (c > from && (s[c] & 0xC0) == 0x80)
        c--;
    return c;
}

/* Where the run of characters of `before` that ends at q begins, walking
 * back no further than `from` (both on character boundaries): a match
 * whose literal starts at q consists of such characters up to q, so it
 * starts there or later. */
static size_t
run_start(const guint32 *before, const char *text, size_t from, size_t q)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t p = q;
    while (p > from) {
        size_t c = char_start_before(s, from, p);
        gunichar u = util_bmp_char_at(s + c);
        /* Beyond the BMP: not tested, part of the run. */
        if (u != (gunichar)-1 && !((before[u >> 5] >> (u & 31)) & 1u))
            break;
        p = c;
    }
    return p;
}

/* Whether the character at `end` (a character boundary) is in `after`; the
 * end of the text is not, a character beyond the BMP is taken to be. */
static inline gboolean
followed_by(const guint32 *after, const char *text, size_t len, size_t end)
{
    if (end >= len)
        return FALSE;
    gunichar u = util_bmp_char_at((const unsigned char *)text + end);
    return u == (gunichar)-1 || ((after[u >> 5] >> (u & 31)) & 1u);
}

/* Whether the character before `start` (a character boundary) is in
 * `prev`; the start of the text is (a lookbehind that rules characters out
 * holds there), a character beyond the BMP is taken to be. */
static inline gboolean
preceded_by(const guint32 *prev, const char *text, size_t start)
{
    if (start == 0)
        return TRUE;
    gunichar u = util_bmp_char_at((const unsigned char *)text +
                                  char_start_before((const unsigned char *)text, 0, start));
    return u == (gunichar)-1 || ((prev[u >> 5] >> (u & 31)) & 1u);
}

/* All matches of one rule, given the sorted starts of its literals. */
static void
confirm_rule(prefilter *pf, engine_scratch *es, uint32_t rule_index, const candidate *c, size_t n,
             const char *text, size_t len, GPtrArray *problems)
{
    const prefilter_plan *plan = &pf->plans[rule_index];
    const guint32 *starts = pf->bmp[CHARS_FIRST][rule_index];
    const guint32 *before = pf->bmp[CHARS_BEFORE][rule_index];
    const guint32 *after = pf->bmp[CHARS_AFTER][rule_index];
    const guint32 *prev = pf->bmp[CHARS_PREV][rule_index];
    size_t next = 0;   /* every match that starts before `next` is found */
    for (size_t i = 0; i < n; i++) {
        size_t q = c[i].start;
        if (q < next)
            continue;
        /* An occurrence not followed by what a match has after its literal
         * is the designated literal of no match: no window for it. */
        if (after && !followed_by(after, text, len, q + c[i].len))
            continue;
        /* Nor one with a character before it that no match allows there. */
        if (prev && !preceded_by(prev, text, q))
            continue;
        /* The window of places a match with its literal at q can start:
         * at most max_lead and at least min_lead bytes before q (the last
         * one at the start of the character that holds that byte). */
        if (q < plan->min_lead)
            continue;
        size_t last = q - plan->min_lead;
        while (last > 0 && ((unsigned char)text[last] & 0xC0) == 0x80)
            last--;
        size_t from = next;
        if (plan->max_lead != UNBOUNDED && q > plan->max_lead)
            from = MAX(from, q - plan->max_lead);
        from = align_forward(text, len, from);
        if (before)
            from = run_start(before, text, from, q);
        if (from > last)
            continue;
        if (starts) {
            /* PCRE2 is asked at each place of the window that can start a
             * match, with an offset limit at that place: on its own it would
             * try every place, and a place whose character starts no match
             * costs it as much as one that does (its start-of-match test
             * sees only the first byte, the same for all Han). */
            size_t pos = from;   /* the first place not yet asked */
            for (;;) {
                size_t p = first_start(starts, text, pos, last);
                if (p > last)
                    break;
                size_t resume = engine_match_rule(es, rule_index, text, len, p, p, problems);
                if (resume == PCRE2_UNSET)
                    return;
                /* After a match, //g goes on from its end; else one place on. */
                pos = align_forward(text, len, resume);
            }
            /* last starts a character: the next one is a step of its lead
             * byte's length away. */
            next = MAX(pos, last + char_bytes((unsigned char)text[last]));
            continue;
        }
        size_t resume = engine_match_rule(es, rule_index, text, len, from, last, problems);
        if (resume == PCRE2_UNSET)
            return;
        next = align_forward(text, len, resume);
    }
}

void
prefilter_scan(prefilter *pf, prefilter_scratch *ps, engine_scratch *es, const char *text,
               size_t len, GPtrArray *problems)
{
    for (guint i = 0; i < pf->full_pass->len; i++)
        engine_match_rule(es, g_array_index(pf->full_pass, uint32_t, i), text, len, 0,
                          PCRE2_UNSET, problems);
    if (!pf->db || len == 0)
        return;

    ps->occurrences.n = 0;
    g_array_set_size(ps->candidates, 0);
    if (hs_scan(pf->db, text, (unsigned int)len, 0, ps->hs, on_literal, &ps->occurrences) !=
        HS_SUCCESS) {
        /* Cannot happen with a valid database and scratch; fall back to the
         * reference engine rather than lose matches. */
        for (guint r = 0; r < pf->rules->len; r++)
            if (pf->plans[r].filtered)
                engine_match_rule(es, r, text, len, 0, PCRE2_UNSET, problems);
        return;
    }
    /* Group the candidates by rule (a counting sort: rules in ascending
     * order, as the reference engine runs them), then each group by start. */
    const occurrence *occ = ps->occurrences.at;
    size_t n_occ = ps->occurrences.n;
    uint32_t *count = ps->rule_count;
    size_t n = 0;
    guint64 *bits = ps->touched_bits;
    for (size_t i = 0; i < n_occ; i++) {
        const literal_entry *lit = &pf->lits[occ[i].literal];
        const uint32_t *rules = (const uint32_t *)lit->rules->data;
        for (guint j = 0; j < lit->rules->len; j++) {
            if (count[rules[j]]++ == 0)
                bits[rules[j] / 64] |= (guint64)1 << (rules[j] % 64);
        }
        n += lit->rules->len;
    }
    /* The touched rules in ascending order, read off the bitmap (which is
     * left clear): no sort per document. */
    g_array_set_size(ps->touched, 0);
    for (guint w = 0; w <= pf->rules->len / 64; w++) {
        for (guint64 word = bits[w]; word; word &= word - 1) {
            uint32_t rule_index = w * 64 + (uint32_t)__builtin_ctzll(word);
            g_array_append_val(ps->touched, rule_index);
        }
        bits[w] = 0;
    }
    uint32_t *touched = (uint32_t *)ps->touched->data;
    guint n_touched = ps->touched->len;
    size_t end = 0;
    for (guint t = 0; t < n_touched; t++) {
        end += count[touched[t]];
        count[touched[t]] = (uint32_t)end;   /* now: where the group ends */
    }
    g_array_set_size(ps->candidates, n);
    candidate *c = (candidate *)ps->candidates->data;
    for (size_t i = n_occ; i-- > 0;) {
        /* Backwards, so that each group keeps Vectorscan's order. */
        const literal_entry *lit = &pf->lits[occ[i].literal];
        const uint32_t *rules = (const uint32_t *)lit->rules->data;
        uint32_t start = occ[i].end - lit->len;
        for (guint j = lit->rules->len; j-- > 0;) {
            candidate cand = { start, lit->len };
            c[--count[rules[j]]] = cand;
        }
    }
    for (guint t = 0; t < n_touched; t++) {
        uint32_t ri = touched[t];
        size_t from = count[ri];
        size_t to = t + 1 < n_touched ? count[touched[t + 1]] : n;
        count[ri] = 0;   /* ready for the next document */
        sort_candidates(c + from, to - from);
        if (pf->plans[ri].literal_only)
            confirm_literals(es, ri, c + from, to - from);
        else
            confirm_rule(pf, es, ri, c + from, to - from, text, len, problems);
    }
}
