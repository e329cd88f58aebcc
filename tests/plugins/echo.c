/* A well-behaved plugin that reads the text itself (no rule packs): it
 * reports every "“" it sees, with the option `echo.category` as category.
 * The loader tests use it to check options, and that a plugin without
 * rules is still given every document. */
#include <string.h>
#include "tifa/plugin.h"

typedef struct {
    char *category;
} echo_state;

static void *
echo_init(const tifa_host *host, const tifa_rule *const *rules, size_t n, GError **error)
{
    (void)rules;
    (void)n;
    (void)error;
    echo_state *s = g_new0(echo_state, 1);
    const char *c = host->option(host, "category");
    s->category = g_strdup(c ? c : "quote");
    return s;
}

static gboolean
echo_scan(void *state, const tifa_doc *doc, const tifa_hit *hits, size_t n,
          const tifa_sink *sink, GError **error)
{
    echo_state *s = state;
    (void)hits;
    (void)n;
    static const char open[] = "\xe2\x80\x9c";
    for (const char *p = doc->text; (p = strstr(p, open)); p += 3) {
        size_t at = (size_t)(p - doc->text);
        if (!tifa_emit(sink, s->category, "“", at, at + 3, NULL, 0, error))
            return FALSE;
    }
    return TRUE;
}

static void
echo_free(void *state)
{
    echo_state *s = state;
    g_free(s->category);
    g_free(s);
}

static const tifa_plugin desc = {
    .abi = TIFA_PLUGIN_ABI,
    .size = sizeof(tifa_plugin),
    .name = "echo",
    .version = "1.0",
    .description = "reports opening quotation marks (a test plugin)",
    .init = echo_init,
    .scan = echo_scan,
    .free = echo_free,
};

TIFA_PLUGIN_DEFINE(desc)
