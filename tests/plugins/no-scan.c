/* A plugin descriptor without the required scan callback. */
#include "tifa/plugin.h"

static void *
noscan_init(const tifa_host *host, const tifa_rule *const *rules, size_t n, GError **error)
{
    (void)host;
    (void)rules;
    (void)n;
    (void)error;
    return NULL;
}

static const tifa_plugin desc = {
    .abi = TIFA_PLUGIN_ABI,
    .size = sizeof(tifa_plugin),
    .name = "no-scan",
    .version = "0",
    .description = "has no scan callback",
    .init = noscan_init,
};

TIFA_PLUGIN_DEFINE(desc)
