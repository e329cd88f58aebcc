/*
 * overlap.h - choosing among overlapping hits, shared by the formulations
 * and phrases plugins (each .so gets its own copy: static functions only).
 *
 * Both plugins have "known" rules (a pack entry with a canonical key) and
 * "candidate" rules (a grammar that proposes formulations no rule names).
 * The policy:
 *   - a known hit that overlaps an earlier known hit with the same key is
 *     the same mention (two spellings, or a spelling and an expansion) and
 *     is dropped; known hits with different keys are all kept, as grep would
 *     count each key;
 *   - a candidate is dropped when it overlaps any kept known hit, when its
 *     key is the key of a known rule, or when it overlaps an earlier kept
 *     candidate.
 */
#ifndef TIFA_PLUGINS_OVERLAP_H
#define TIFA_PLUGINS_OVERLAP_H

#include <string.h>
#include "tifa/plugin.h"

/* The fixed key of a rule: its key when it has no $ reference, or NULL. */
static inline const char *
overlap_fixed_key(const tifa_rule *r)
{
    if (r->key && !strchr(r->key, '$'))
        return r->key;
    return NULL;
}

/* Where a sorted list of kept known spans lets us ask "does [s,e) overlap
 * any of them" in O(log n): spans sorted by start, with the running maximum
 * of their ends. */
typedef struct {
    size_t start, end, max_end;
} kept_span;

static inline gboolean
overlap_any(const GArray *spans, size_t s, size_t e)
{
    /* Last span that starts before e. */
    size_t lo = 0, hi = spans->len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (g_array_index(spans, kept_span, mid).start < e)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 && g_array_index(spans, kept_span, lo - 1).max_end > s;
}

static inline void
overlap_keep(GArray *spans, size_t s, size_t e)
{
    size_t prev = spans->len ? g_array_index(spans, kept_span, spans->len - 1).max_end : 0;
    kept_span k = { s, e, MAX(prev, e) };
    g_array_append_val(spans, k);
}

/* Is this a numeral that starts a numbered formulation?  (Asked of every
 * candidate key: the character is compared as a code point, not by a
 * string comparison per numeral.) */
static inline gboolean
overlap_is_numeral(const char *p)
{
    static const gunichar numerals[] = { 0x4E00 /* 一 */, 0x4E8C /* 二 */, 0x4E24 /* 两 */,
                                         0x4E09 /* 三 */, 0x56DB /* 四 */, 0x4E94 /* 五 */,
                                         0x516D /* 六 */, 0x4E03 /* 七 */, 0x516B /* 八 */,
                                         0x4E5D /* 九 */, 0x5341 /* 十 */, 0x767E /* 百 */,
                                         0x5343 /* 千 */, 0x4E07 /* 万 */ };
    const unsigned char *u = (const unsigned char *)p;
    if (u[0] >= '0' && u[0] <= '9')
        return TRUE;
    /* All of them are three bytes long, lead byte 0xE4..0xE7. */
    if (u[0] < 0xE4 || u[0] > 0xE7 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80)
        return FALSE;
    gunichar c = ((gunichar)(u[0] & 0x0F) << 12) | ((gunichar)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
    for (size_t i = 0; i < G_N_ELEMENTS(numerals); i++)
        if (c == numerals[i])
            return TRUE;
    return FALSE;
}

/* State shared by the two plugins: which rules are candidates, and the
 * fixed keys of the known rules, numbered. */
typedef struct {
    gboolean *is_candidate;
    GHashTable *known_keys;      /* fixed key -> its number + 1 */
    int *key_number;             /* per rule: the number of its fixed key, or -1 */
    guint n_keys;
} overlap_state;

static inline overlap_state *
overlap_state_new(const tifa_rule *const *rules, size_t n_rules, const char *candidate_category)
{
    overlap_state *s = g_new0(overlap_state, 1);
    s->is_candidate = g_new0(gboolean, n_rules ? n_rules : 1);
    s->key_number = g_new(int, n_rules ? n_rules : 1);
    s->known_keys = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t i = 0; i < n_rules; i++) {
        s->is_candidate[i] = strcmp(rules[i]->category, candidate_category) == 0;
        s->key_number[i] = -1;
        const char *k = overlap_fixed_key(rules[i]);
        if (s->is_candidate[i] || !k)
            continue;
        gpointer number = g_hash_table_lookup(s->known_keys, k);
        if (!number) {
            number = GUINT_TO_POINTER(++s->n_keys);
            g_hash_table_insert(s->known_keys, (char *)k, number);
        }
        s->key_number[i] = (int)GPOINTER_TO_UINT(number) - 1;
    }
    return s;
}

static inline void
overlap_state_free(void *state)
{
    overlap_state *s = state;
    g_free(s->is_candidate);
    g_free(s->key_number);
    g_hash_table_destroy(s->known_keys);
    g_free(s);
}

/*
 * Emit the known hits and the surviving candidates, in document order.
 * `accept` may veto a candidate key (NULL accepts all).  Returns FALSE on
 * a sink error.
 */
static inline gboolean
overlap_emit(const tifa_hit *hits, size_t n, const overlap_state *s,
             const char *candidate_category, gboolean (*accept)(const char *key),
             const tifa_sink *sink, GError **error)
{
    const gboolean *is_candidate = s->is_candidate;
    GArray *known_spans = g_array_new(FALSE, FALSE, sizeof(kept_span));
    /* The end of the last kept span of each known key, to merge
     * overlapping spellings: by the key's number where a rule fixes it
     * (no table lookup per hit: these were a third of the plugin), else
     * by its text. */
    size_t *last_end = g_new0(size_t, s->n_keys ? s->n_keys : 1);
    GHashTable *last_end_other = NULL;
    gboolean *keep = g_new0(gboolean, n ? n : 1);
    for (size_t i = 0; i < n; i++) {
        const tifa_hit *h = &hits[i];
        if (is_candidate[h->rule->index])
            continue;
        int number = s->key_number[h->rule->index];
        if (number < 0)
            number = (int)GPOINTER_TO_UINT(g_hash_table_lookup(s->known_keys, h->key)) - 1;
        if (number >= 0) {
            if (last_end[number] > h->start)
                continue;
            last_end[number] = h->end;
        } else {
            if (!last_end_other)
                last_end_other = g_hash_table_new(g_str_hash, g_str_equal);
            gpointer prev;
            if (g_hash_table_lookup_extended(last_end_other, h->key, NULL, &prev) &&
                (size_t)GPOINTER_TO_SIZE(prev) > h->start)
                continue;
            g_hash_table_insert(last_end_other, (char *)h->key, GSIZE_TO_POINTER(h->end));
        }
        keep[i] = TRUE;
        overlap_keep(known_spans, h->start, h->end);
    }
    /* Known spans were appended in start order, so the index is valid. */
    size_t last_candidate_end = 0;
    for (size_t i = 0; i < n; i++) {
        const tifa_hit *h = &hits[i];
        if (!is_candidate[h->rule->index])
            continue;
        if (h->start < last_candidate_end || overlap_any(known_spans, h->start, h->end))
            continue;
        if (!*h->key || g_hash_table_contains(s->known_keys, h->key))
            continue;
        if (accept && !accept(h->key))
            continue;
        keep[i] = TRUE;
        last_candidate_end = h->end;
    }
    gboolean ok = TRUE;
    for (size_t i = 0; i < n && ok; i++) {
        if (!keep[i])
            continue;
        const tifa_hit *h = &hits[i];
        const char *category = is_candidate[h->rule->index] ? candidate_category
                                                             : h->rule->category;
        ok = tifa_emit(sink, category, h->key, h->start, h->end, NULL, 0, error);
    }
    g_free(keep);
    g_free(last_end);
    if (last_end_other)
        g_hash_table_destroy(last_end_other);
    g_array_free(known_spans, TRUE);
    return ok;
}


#endif /* TIFA_PLUGINS_OVERLAP_H */
