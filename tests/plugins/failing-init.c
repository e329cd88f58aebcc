/* A plugin whose init refuses to start, with a reason. */
#include "tifa/plugin.h"

static void *
failing_init(const tifa_host *host, const tifa_rule *const *rules, size_t n, GError **error)
{
    (void)host;
    (void)rules;
    (void)n;
    g_set_error(error, g_quark_from_static_string("failing-init"), 1,
                "the settings file it needs is missing");
    return NULL;
}

static gboolean
failing_scan(void *state, const tifa_doc *doc, const tifa_hit *hits, size_t n,
             const tifa_sink *sink, GError **error)
{
    (void)state;
    (void)doc;
    (void)hits;
    (void)n;
    (void)sink;
    (void)error;
    return TRUE;
}

static const tifa_plugin desc = {
    .abi = TIFA_PLUGIN_ABI,
    .size = sizeof(tifa_plugin),
    .name = "failing-init",
    .version = "0",
    .description = "refuses to start",
    .init = failing_init,
    .scan = failing_scan,
};

TIFA_PLUGIN_DEFINE(desc)
