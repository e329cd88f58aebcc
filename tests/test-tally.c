/*
 * test-tally.c - counting results over documents (host/tally.c): mentions,
 * documents and the labels seen with each key, most seen first.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tifa.h"

/* One result, counted once, as the sink stores it. */
static doc_result *
add_result(scanned_doc *doc, uint32_t plugin, const char *category, const char *key)
{
    doc_result r = { 0 };
    r.plugin = plugin;
    r.category = g_string_chunk_insert_const(doc->strings, category);
    r.key = g_string_chunk_insert(doc->strings, key);
    r.count = 1;
    g_array_append_val(doc->results, r);
    return &g_array_index(doc->results, doc_result, doc->results->len - 1);
}

/* One result of the officials plugin (index 0) with its labels joined by
 * LABEL_SEP. */
static void
add_person(scanned_doc *doc, const char *name, const char *labels)
{
    doc_result *r = add_result(doc, 0, "person", name);
    r->labels = labels ? g_string_chunk_insert(doc->strings, labels) : NULL;
    r->n_labels = labels ? 1 : 0;
}

static const tally_entry *
entry_named(GPtrArray *entries, const char *key)
{
    for (guint i = 0; i < entries->len; i++) {
        const tally_entry *e = entries->pdata[i];
        if (strcmp(e->key, key) == 0)
            return e;
    }
    return NULL;
}

/* The same titles again, other titles, the first ones once more, and a
 * title written twice in one result: each sighting counts once, whether
 * the labels repeat the last result's or not. */
static void
test_labels(void)
{
    tally *t = tally_new();
    static const char *const seen[] = {
        "总书记\x1f国家主席", "总书记\x1f国家主席", "总书记", "总书记\x1f国家主席",
    };
    for (guint d = 0; d < G_N_ELEMENTS(seen); d++) {
        scanned_doc *doc = scanned_doc_new(d);
        add_person(doc, "习近平", seen[d]);
        /* Another person in the same documents, a title twice in one. */
        add_person(doc, "李强", d == 1 ? "总理\x1f总理" : "总理");
        add_person(doc, "王毅", NULL);
        tally_add_doc(t, doc);
        scanned_doc_free(doc);
    }
    GPtrArray *entries = tally_entries(t);
    const tally_entry *xi = entry_named(entries, "习近平");
    g_assert_nonnull(xi);
    g_assert_cmpuint(xi->mentions, ==, 4);
    g_assert_cmpuint(xi->documents, ==, 4);
    g_assert_cmpuint(tally_label_count(xi, "总书记"), ==, 4);
    g_assert_cmpuint(tally_label_count(xi, "国家主席"), ==, 3);
    g_assert_cmpuint(xi->labels->len, ==, 2);
    /* Most seen first. */
    g_assert_cmpstr(xi->labels->pdata[0], ==, "总书记");
    g_assert_cmpstr(xi->labels->pdata[1], ==, "国家主席");
    const tally_entry *li = entry_named(entries, "李强");
    g_assert_nonnull(li);
    g_assert_cmpuint(tally_label_count(li, "总理"), ==, 5);
    const tally_entry *wang = entry_named(entries, "王毅");
    g_assert_nonnull(wang);
    g_assert_null(wang->labels);
    g_ptr_array_free(entries, TRUE);
    tally_free(t);
}

/* Many keys (the table grows from 1,024 slots several times), the same key
 * under two categories and two plugins, keys of every length from 1 to 40
 * bytes (the hash reads 8 at a time) and keys that share their first 8 or
 * 16 bytes: each counted apart, none lost. */
static void
test_many_keys(void)
{
    tally *t = tally_new();
    enum { KEYS = 5000 };
    for (guint d = 0; d < 3; d++) {
        scanned_doc *doc = scanned_doc_new(d);
        for (guint k = 0; k < KEYS; k++) {
            /* Key k appears in documents 0..(k % 3), once in each. */
            if (d > k % 3)
                continue;
            char key[64];
            g_snprintf(key, sizeof key, "%.*s%u", (int)(k % 40),
                       "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN", k);
            add_result(doc, k % 2, k % 5 ? "known" : "candidate", key);
        }
        tally_add_doc(t, doc);
        scanned_doc_free(doc);
    }
    tally_add_counts(t, 0, "known", "同一个键", 7, 1, NULL, NULL);
    tally_add_counts(t, 0, "candidate", "同一个键", 2, 1, NULL, NULL);
    tally_add_counts(t, 1, "known", "同一个键", 3, 1, NULL, NULL);
    tally_add_counts(t, 0, "known", "同一个键", 1, 1, NULL, NULL);
    GPtrArray *entries = tally_entries(t);
    g_assert_cmpuint(entries->len, ==, KEYS + 3);
    guint64 mentions = 0;
    for (guint i = 0; i < entries->len; i++) {
        const tally_entry *e = entries->pdata[i];
        mentions += e->mentions;
        if (strcmp(e->key, "同一个键") == 0) {
            guint64 want = e->plugin == 1 ? 3 : strcmp(e->category, "known") == 0 ? 8 : 2;
            g_assert_cmpuint(e->mentions, ==, want);
        } else {
            /* The number at the end of the key says which it is. */
            const char *digits = e->key + strcspn(e->key, "0123456789");
            guint k = (guint)strtoul(digits, NULL, 10);
            g_assert_cmpuint(e->mentions, ==, k % 3 + 1);
            g_assert_cmpuint(e->documents, ==, k % 3 + 1);
            g_assert_cmpuint(e->plugin, ==, k % 2);
        }
    }
    /* Keys 0..4999 each counted (k % 3) + 1 times: 1,667 + 2 * 1,667 + 3 * 1,666. */
    g_assert_cmpuint(mentions, ==, 1667 + 2 * 1667 + 3 * 1666 + 7 + 2 + 3 + 1);
    g_ptr_array_free(entries, TRUE);
    tally_free(t);
}

/* Enough keys that some share their 32-bit hash (400,000 keys give about
 * 19 such pairs), of lengths 1 to 36, looked up again in a second
 * document: each found as itself.  Under AddressSanitizer (make check in
 * .ci/run) this also shows that comparing two keys of one hash reads no
 * further than the shorter (a memcmp of the longer's length did). */
static void
test_hash_collisions(void)
{
    tally *t = tally_new();
    enum { KEYS = 400000 };
    for (guint d = 0; d < 2; d++) {
        scanned_doc *doc = scanned_doc_new(d);
        for (guint k = 0; k < KEYS; k++) {
            char key[64];
            g_snprintf(key, sizeof key, "%u%.*s", k, (int)(k % 31),
                       "abcdefghijklmnopqrstuvwxyzABCDE");
            add_result(doc, 0, "candidate", key);
        }
        tally_add_doc(t, doc);
        scanned_doc_free(doc);
    }
    GPtrArray *entries = tally_entries(t);
    g_assert_cmpuint(entries->len, ==, KEYS);
    for (guint i = 0; i < entries->len; i++) {
        const tally_entry *e = entries->pdata[i];
        g_assert_cmpuint(e->mentions, ==, 2);
        g_assert_cmpuint(e->documents, ==, 2);
    }
    g_ptr_array_free(entries, TRUE);
    tally_free(t);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tally/labels", test_labels);
    g_test_add_func("/tally/many-keys", test_many_keys);
    g_test_add_func("/tally/hash-collisions", test_hash_collisions);
    return g_test_run();
}
