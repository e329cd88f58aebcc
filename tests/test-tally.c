/*
 * test-tally.c - counting results over documents (host/tally.c): mentions,
 * documents and the labels seen with each key, most seen first.
 */
#include "config.h"

#include <string.h>

#include "tifa.h"

/* One result of the officials plugin (index 0) with its labels joined by
 * LABEL_SEP, as the sink stores it. */
static void
add_person(scanned_doc *doc, const char *name, const char *labels)
{
    doc_result r = { 0 };
    r.plugin = 0;
    r.category = g_string_chunk_insert_const(doc->strings, "person");
    r.key = g_string_chunk_insert(doc->strings, name);
    r.labels = labels ? g_string_chunk_insert(doc->strings, labels) : NULL;
    r.n_labels = labels ? 1 : 0;
    r.count = 1;
    g_array_append_val(doc->results, r);
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

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tally/labels", test_labels);
    return g_test_run();
}
