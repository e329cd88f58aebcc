/* A plugin that emits a key that is not valid UTF-8 in every document that
 * has any text: the host must report it by name and drop only its results. */
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
