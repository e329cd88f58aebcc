/*
 * tally.c - counting results over a corpus: mentions, documents, first and
 * last date, and the labels (an official's titles) seen with each key.
 *
 * A key is counted per (plugin, category, key).  Documents arrive in corpus
 * order on one thread (scan.c), so a key's document count only needs the
 * sequence number of the last document that had it.
 */
#include "config.h"

#include <string.h>

#include "tifa.h"

/* Entries are found by (plugin, category, key); categories are interned in
 * the tally's string chunk, so they compare by pointer. */
struct tally {
    /* The entries by plugin, category and key: open addressing with linear
     * probing, each entry keeping its hash.  (A GHashTable, its callbacks
     * and g_str_hash cost ~220 instructions a lookup, one per result.) */
    tally_entry **slots;
    size_t mask;             /* slots - 1, a power of two minus one */
    size_t n_entries;
    gboolean binned;         /* counting per time bin too */
    bin_unit unit;
    GHashTable *bin_sizes;   /* label -> bin_size*, documents with a date only */
    GStringChunk *strings;
    uint64_t documents;      /* documents counted (not skipped) */
    uint64_t chars;          /* their non-space characters */
    uint64_t undated;        /* documents without a date */
    char first[11], last[11];/* date range of the dated documents */
};

static void
entry_free(tally_entry *e)
{
    if (e->bins)
        g_hash_table_destroy(e->bins);
    if (e->labels)
        g_ptr_array_free(e->labels, TRUE);
    if (e->label_set)
        g_hash_table_destroy(e->label_set);
    g_free(e->last_labels);
    g_free(e->last_counts);
    g_free(e);
}

/* The key `n` bytes long eight at a time, with the plugin and the interned
 * category's address. */
static guint32
entry_hash(uint32_t plugin_index, const char *category, const char *key, size_t n)
{
    guint64 h = 0x9E3779B97F4A7C15ull ^ plugin_index ^ ((guint64)(guintptr)category << 16);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        guint64 w;
        memcpy(&w, key + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
    }
    guint64 tail = 0;
    memcpy(&tail, key + i, n - i);
    h = (h ^ tail ^ n) * 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 29;
    return (guint32)h;
}

tally *
tally_new(void)
{
    tally *t = g_new0(tally, 1);
    t->mask = 1023;
    t->slots = g_new0(tally_entry *, t->mask + 1);
    t->strings = g_string_chunk_new(4096);
    return t;
}

void
tally_set_bins(tally *t, bin_unit unit)
{
    t->binned = TRUE;
    t->unit = unit;
    t->bin_sizes = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
}

const bin_size *
tally_bin_size(const tally *t, const char *label)
{
    return t->bin_sizes ? g_hash_table_lookup(t->bin_sizes, label) : NULL;
}

const bin_count *
tally_entry_bin(const tally_entry *e, const char *label)
{
    return e->bins ? g_hash_table_lookup(e->bins, label) : NULL;
}

void
tally_free(tally *t)
{
    if (!t)
        return;
    if (t->bin_sizes)
        g_hash_table_destroy(t->bin_sizes);
    for (size_t i = 0; i <= t->mask; i++)
        if (t->slots[i])
            entry_free(t->slots[i]);
    g_free(t->slots);
    g_string_chunk_free(t->strings);
    g_free(t);
}

/* Count `n` more sightings of `label` with the entry; returns its count. */
static uint64_t *
add_label(tally *t, tally_entry *e, const char *label, uint64_t n)
{
    if (!e->labels) {
        e->labels = g_ptr_array_new();
        e->label_set = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
    }
    uint64_t *count = g_hash_table_lookup(e->label_set, label);
    if (!count) {
        char *kept = g_string_chunk_insert_const(t->strings, label);
        count = g_new0(uint64_t, 1);
        g_hash_table_insert(e->label_set, kept, count);
        g_ptr_array_add(e->labels, kept);
    }
    *count += n;
    return count;
}

/*
 * Count the labels of one result (joined by LABEL_SEP).  An official is
 * mostly named with the titles he had the time before (习近平 and
 * 总书记、国家主席、中央军委主席 hundreds of times): the entry keeps the
 * last joined labels and where their counts are, and the same labels
 * again are counted there, without splitting or looking anything up.
 */
static void
add_labels(tally *t, tally_entry *e, const char *joined, uint64_t times)
{
    if (e->last_labels && strcmp(e->last_labels, joined) == 0) {
        for (guint i = 0; i < e->n_last_counts; i++)
            *e->last_counts[i] += times;
        return;
    }
    GPtrArray *counts = g_ptr_array_new();
    const char *p = joined;
    for (;;) {
        const char *sep = strchr(p, LABEL_SEP);
        if (!sep) {
            /* the last label ends the string */
            g_ptr_array_add(counts, add_label(t, e, p, times));
            break;
        }
        size_t n = (size_t)(sep - p);
        /* Labels are titles, a few characters: copied on the stack. */
        char small[128];
        char *label = n < sizeof small ? small : g_malloc(n + 1);
        memcpy(label, p, n);
        label[n] = '\0';
        g_ptr_array_add(counts, add_label(t, e, label, times));
        if (label != small)
            g_free(label);
        p = sep + 1;
    }
    g_free(e->last_labels);
    e->last_labels = g_strdup(joined);
    g_free(e->last_counts);
    e->n_last_counts = counts->len;
    e->last_counts = (uint64_t **)g_ptr_array_free(counts, FALSE);
}

uint64_t
tally_label_count(const tally_entry *e, const char *label)
{
    const uint64_t *count = e->label_set ? g_hash_table_lookup(e->label_set, label) : NULL;
    return count ? *count : 0;
}

/* Labels most seen first, then by text: the same whatever the order the
 * documents came in (a merged or reduced run equals a single one). */
static gint
compare_labels(gconstpointer a, gconstpointer b, gpointer data)
{
    const tally_entry *e = data;
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    uint64_t cx = tally_label_count(e, x), cy = tally_label_count(e, y);
    if (cx != cy)
        return cx > cy ? -1 : 1;
    return strcmp(x, y);
}

/* The tally's string for `s`, interned. */
static const char *
intern(tally *t, const char *s)
{
    return g_string_chunk_insert_const(t->strings, s);
}

/* Twice the slots, the entries placed again by their hashes. */
static void
grow_slots(tally *t)
{
    size_t mask = 2 * t->mask + 1;
    tally_entry **slots = g_new0(tally_entry *, mask + 1);
    for (size_t i = 0; i <= t->mask; i++) {
        tally_entry *e = t->slots[i];
        if (!e)
            continue;
        size_t s = e->hash & mask;
        while (slots[s])
            s = (s + 1) & mask;
        slots[s] = e;
    }
    g_free(t->slots);
    t->slots = slots;
    t->mask = mask;
}

static tally_entry *
entry_get(tally *t, uint32_t plugin_index, const char *category_interned, const char *key)
{
    size_t n = strlen(key);
    guint32 h = entry_hash(plugin_index, category_interned, key, n);
    size_t s = h & t->mask;
    for (tally_entry *e; (e = t->slots[s]); s = (s + 1) & t->mask)
        /* strcmp, not memcmp of n + 1 bytes: two keys of one hash (tens of
         * thousands of discover candidates make some) may differ in
         * length, and the shorter one's memory ends before n + 1. */
        if (e->hash == h && e->plugin == plugin_index && e->category == category_interned &&
            strcmp(e->key, key) == 0)
            return e;
    /* The key lives right after the entry: a lookup that finds the entry
     * then reads its key from the same place in memory. */
    tally_entry *e = g_malloc0(sizeof *e + n + 1);
    char *inline_key = (char *)(e + 1);
    memcpy(inline_key, key, n + 1);
    e->plugin = plugin_index;
    e->category = category_interned;
    e->key = inline_key;
    e->hash = h;
    t->slots[s] = e;
    /* At most half full, so that probes stay short. */
    if (++t->n_entries * 2 > t->mask + 1)
        grow_slots(t);
    return e;
}

static void
widen_dates(char first[11], char last[11], const char *date)
{
    if (!date || !*date)
        return;
    if (!first[0] || strcmp(date, first) < 0)
        g_strlcpy(first, date, 11);
    if (!last[0] || strcmp(date, last) > 0)
        g_strlcpy(last, date, 11);
}

void
tally_add_totals(tally *t, uint64_t documents, uint64_t chars, uint64_t undated,
                 const char *first, const char *last)
{
    t->documents += documents;
    t->chars += chars;
    t->undated += undated;
    widen_dates(t->first, t->last, first);
    widen_dates(t->first, t->last, last);
}

tally_entry *
tally_add_counts(tally *t, uint32_t plugin_index, const char *category, const char *key,
                 uint64_t mentions, uint64_t documents, const char *first, const char *last)
{
    tally_entry *e = entry_get(t, plugin_index, intern(t, category), key);
    e->mentions += mentions;
    e->documents += documents;
    widen_dates(e->first, e->last, first);
    widen_dates(e->first, e->last, last);
    return e;
}

void
tally_add_label(tally *t, tally_entry *e, const char *label, uint64_t n)
{
    add_label(t, e, label, n);
}

void
tally_add_doc(tally *t, const scanned_doc *doc)
{
    if (doc->skipped)
        return;
    t->documents++;
    t->chars += doc->n_chars;
    const char *bin = NULL;
    char label[16];
    if (t->binned && doc->date && bin_label(doc->date, t->unit, label)) {
        bin_size *size = g_hash_table_lookup(t->bin_sizes, label);
        if (!size) {
            size = g_new0(bin_size, 1);
            g_hash_table_insert(t->bin_sizes, g_string_chunk_insert_const(t->strings, label),
                                size);
        }
        size->documents++;
        size->chars += doc->n_chars;
        bin = g_string_chunk_insert_const(t->strings, label);
    }
    if (!doc->date)
        t->undated++;
    else {
        if (!t->first[0] || strcmp(doc->date, t->first) < 0)
            g_strlcpy(t->first, doc->date, sizeof t->first);
        if (!t->last[0] || strcmp(doc->date, t->last) > 0)
            g_strlcpy(t->last, doc->date, sizeof t->last);
    }
    const char *last_category = NULL, *interned = NULL;
    for (guint i = 0; i < doc->results->len; i++) {
        const doc_result *r = &g_array_index(doc->results, doc_result, i);
        if (r->category != last_category) {
            last_category = r->category;
            interned = g_string_chunk_insert_const(t->strings, r->category);
        }
        tally_entry *e = entry_get(t, r->plugin, interned, r->key);
        e->mentions += r->count;
        bin_count *bc = NULL;
        if (bin) {
            if (!e->bins)
                e->bins = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
            bc = g_hash_table_lookup(e->bins, bin);
            if (!bc) {
                bc = g_new0(bin_count, 1);
                g_hash_table_insert(e->bins, (char *)bin, bc);
            }
            bc->mentions += r->count;
        }
        /* last_seq holds seq + 1, so that 0 means "no document yet". */
        if (e->last_seq != doc->seq + 1) {
            e->last_seq = doc->seq + 1;
            e->documents++;
            if (bc)
                bc->documents++;
            if (doc->date) {
                if (!e->first[0] || strcmp(doc->date, e->first) < 0)
                    g_strlcpy(e->first, doc->date, sizeof e->first);
                if (!e->last[0] || strcmp(doc->date, e->last) > 0)
                    g_strlcpy(e->last, doc->date, sizeof e->last);
            }
        }
        if (r->labels)
            add_labels(t, e, r->labels, r->count);
    }
}

static gint
compare_entries(gconstpointer a, gconstpointer b)
{
    const tally_entry *x = *(const tally_entry *const *)a, *y = *(const tally_entry *const *)b;
    if (x->plugin != y->plugin)
        return x->plugin < y->plugin ? -1 : 1;
    /* Categories are interned: one pointer, one category (most pairs). */
    if (x->category != y->category) {
        /* Candidates (keys no rule names) come after the known categories. */
        gboolean xc = strcmp(x->category, "candidate") == 0;
        gboolean yc = strcmp(y->category, "candidate") == 0;
        if (xc != yc)
            return xc ? 1 : -1;
        int c = strcmp(x->category, y->category);
        if (c)
            return c;
    }
    if (x->mentions != y->mentions)
        return x->mentions > y->mentions ? -1 : 1;
    return strcmp(x->key, y->key);
}

GPtrArray *
tally_entries(tally *t)
{
    GPtrArray *out = g_ptr_array_sized_new((guint)t->n_entries);
    for (size_t i = 0; i <= t->mask; i++) {
        tally_entry *e = t->slots[i];
        if (!e)
            continue;
        if (e->labels)
            g_ptr_array_sort_with_data(e->labels, compare_labels, e);
        g_ptr_array_add(out, e);
    }
    g_ptr_array_sort(out, compare_entries);
    return out;
}

uint64_t
tally_documents(const tally *t)
{
    return t->documents;
}

uint64_t
tally_chars(const tally *t)
{
    return t->chars;
}

uint64_t
tally_undated(const tally *t)
{
    return t->undated;
}

const char *
tally_first_date(const tally *t)
{
    return t->first;
}

const char *
tally_last_date(const tally *t)
{
    return t->last;
}
