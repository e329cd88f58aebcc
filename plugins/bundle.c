/*
 * bundle.c - the loyalty pledge (表态) as a bundle.  (Being written.)
 */
#include "tifa/plugin.h"

static void *
bundle_init(const tifa_host *host, const tifa_rule *const *rules, size_t n, GError **error)
{
    (void)host;
    (void)rules;
    (void)n;
    (void)error;
    return NULL;
}

static gboolean
bundle_scan(void *state, const tifa_doc *doc, const tifa_hit *hits, size_t n,
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

static const char *const packs[] = { "bundle", NULL };

static const tifa_plugin bundle_plugin = {
    .abi = TIFA_PLUGIN_ABI,
    .size = sizeof(tifa_plugin),
    .name = "bundle",
    .version = "0.1",
    .description = "the loyalty pledge bundle (being written)",
    .rule_packs = packs,
    .init = bundle_init,
    .scan = bundle_scan,
};

TIFA_PLUGIN_DEFINE(bundle_plugin)
