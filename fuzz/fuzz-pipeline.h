/*
 * fuzz-pipeline.h - the bundled plugins, linked into a harness (their
 * tifa_plugin_get renamed at compile time), started on the rule packs of
 * the source tree, and a scan session over them.
 */
#ifndef TIFA_FUZZ_PIPELINE_H
#define TIFA_FUZZ_PIPELINE_H

#include "tifa.h"

const tifa_plugin *formulations_plugin_get(void);
const tifa_plugin *phrases_plugin_get(void);
const tifa_plugin *officials_plugin_get(void);

/* A session with the named plugins (NULL-terminated getters), built once. */
static inline scan_session *
fuzz_session(const tifa_plugin *(*const *getters)(void), scan_setup *setup)
{
    rules_path path = { g_ptr_array_new(), g_ptr_array_new() };
    g_ptr_array_add(path.dirs, (char *)TIFA_FUZZ_RULES);
    GPtrArray *diags = g_ptr_array_new_with_free_func(g_free);
    GHashTable *packs = rules_load_all(&path, diags, NULL);
    if (!packs)
        g_error("cannot load the rule packs of %s", TIFA_FUZZ_RULES);
    setup->plugins = g_ptr_array_new();
    for (const tifa_plugin *(*const *g)(void) = getters; *g; g++) {
        GError *error = NULL;
        plugin *p = loader_builtin((*g)(), packs, &error);
        if (!p)
            g_error("%s", error->message);
        g_ptr_array_add(setup->plugins, p);
    }
    setup->engine = ENGINE_FAST;
    setup->threads = 1;
    setup->limits.match_limit = 100000;
    g_setenv("TIFA_CACHE_DIR", "", TRUE);
    GError *error = NULL;
    scan_session *ss = scan_session_new(setup, &error);
    if (!ss)
        g_error("%s", error->message);
    return ss;
}

/* What every scanned document must satisfy: results inside the text,
 * keys and labels valid UTF-8. */
static inline void
fuzz_check_doc(const scanned_doc *doc, void *ctx)
{
    (void)ctx;
    for (guint i = 0; i < doc->results->len; i++) {
        const doc_result *r = &g_array_index(doc->results, doc_result, i);
        if (r->start > r->end || r->end > doc->len || !g_utf8_validate(r->key, -1, NULL) ||
            (r->labels && !g_utf8_validate(r->labels, -1, NULL)))
            abort();
    }
}

#endif
