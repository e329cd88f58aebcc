/* A plugin that crashes the process on a document that contains the text
 * CRASH-ME, or in init() with --option crash.in=init, so that the test can
 * check that tifa names it before dying. */
#include <string.h>
#include "tifa/plugin.h"

static void *
crash_init(const tifa_host *host, const tifa_rule *const *rules, size_t n, GError **error)
{
    (void)rules;
    (void)n;
    (void)error;
    const char *in = host->option(host, "in");
    if (in && strcmp(in, "init") == 0) {
        volatile int *nowhere = NULL;
        *nowhere = 1;
    }
    return NULL;
}

static gboolean
crash_scan(void *state, const tifa_doc *doc, const tifa_hit *hits, size_t n,
           const tifa_sink *sink, GError **error)
{
    (void)state;
    (void)hits;
    (void)n;
    (void)sink;
    (void)error;
    if (strstr(doc->text, "CRASH-ME")) {
        volatile int *nowhere = NULL;
        *nowhere = 1;
    }
    return TRUE;
}

static const tifa_plugin desc = {
    .abi = TIFA_PLUGIN_ABI,
    .size = sizeof(tifa_plugin),
    .name = "crash",
    .version = "0",
    .description = "crashes on documents that say CRASH-ME (a test plugin)",
    .init = crash_init,
    .scan = crash_scan,
};

TIFA_PLUGIN_DEFINE(desc)
