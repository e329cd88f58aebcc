/* A plugin that emits a key that is not valid UTF-8 in every document that
 * has any text: the host must report it by name and drop only its results.
 * In a document that holds BAD-CATEGORY it emits a good result, then one
 * whose category (not its key) is not valid UTF-8; in one that holds
 * IGNORE-ERRORS, three bad keys, ignoring what emit() returns (the host
 * must keep its first error and say it once). */
#include <string.h>

#include "tifa/plugin.h"

static void *
badkey_init(const tifa_host *host, const tifa_rule *const *rules, size_t n, GError **error)
{
    (void)host;
    (void)rules;
    (void)n;
    (void)error;
    return NULL;
}

static gboolean
badkey_scan(void *state, const tifa_doc *doc, const tifa_hit *hits, size_t n,
            const tifa_sink *sink, GError **error)
{
    (void)state;
    (void)hits;
    (void)n;
    if (doc->len == 0)
        return TRUE;
    if (g_strstr_len(doc->text, (gssize)doc->len, "IGNORE-ERRORS")) {
        for (int i = 0; i < 3; i++)
            (void)tifa_emit(sink, "broken", "\xff\xfe", 0, 1, NULL, 0, error);
        return TRUE;
    }
    if (g_strstr_len(doc->text, (gssize)doc->len, "BAD-CATEGORY"))
        return tifa_emit(sink, "fine", "好", 0, 1, NULL, 0, error) &&
               tifa_emit(sink, "\xff", "好", 0, 1, NULL, 0, error);
    return tifa_emit(sink, "broken", "\xff\xfe", 0, 1, NULL, 0, error);
}

static const tifa_plugin desc = {
    .abi = TIFA_PLUGIN_ABI,
    .size = sizeof(tifa_plugin),
    .name = "bad-key",
    .version = "0",
    .description = "emits invalid UTF-8",
    .init = badkey_init,
    .scan = badkey_scan,
};

TIFA_PLUGIN_DEFINE(desc)
