/* A plugin that uses a lookup rule as a third-party plugin would: its pack
 * (tests/data/word-lookup.rules) has a rule `title` (总统) and a lookup rule
 * `country`.  For each title it asks which country word covers the
 * character before it, and emits that word, or "-" when none does; a hit of
 * the lookup rule (which tifa must never match) is an error. */
#include <stddef.h>
#include <string.h>
#include "tifa/plugin.h"

typedef struct {
    const tifa_host *host;
    const tifa_rule *country;
} lookup_state;

static void *
lookup_init(const tifa_host *host, const tifa_rule *const *rules, size_t n, GError **error)
{
    if (host->size <= offsetof(tifa_host, lookup_covering) || !host->lookup_covering) {
        g_set_error(error, g_quark_from_static_string("word-lookup"), 1,
                    "this tifa offers no lookup_covering");
        return NULL;
    }
    lookup_state *s = g_new0(lookup_state, 1);
    s->host = host;
    for (size_t i = 0; i < n; i++)
        if (strcmp(rules[i]->id, "country") == 0)
            s->country = rules[i];
    return s;
}

static gboolean
lookup_scan(void *state, const tifa_doc *doc, const tifa_hit *hits, size_t n,
            const tifa_sink *sink, GError **error)
{
    lookup_state *s = state;
    for (size_t i = 0; i < n; i++) {
        if (hits[i].rule == s->country) {
            g_set_error(error, g_quark_from_static_string("word-lookup"), 2,
                        "a lookup rule was matched");
            return FALSE;
        }
        size_t at = hits[i].start;
        size_t from = at >= 3 ? s->host->lookup_covering(s->host, s->country, doc, at - 3)
                              : TIFA_UNSET;
        char *word = from == TIFA_UNSET ? g_strdup("-") : g_strndup(doc->text + from, at - from);
        gboolean ok = tifa_emit(sink, "country", word, hits[i].start, hits[i].end, NULL, 0, error);
        g_free(word);
        if (!ok)
            return FALSE;
    }
    return TRUE;
}

static void
lookup_free(void *state)
{
    g_free(state);
}

static const char *const packs[] = { "word-lookup", NULL };

static const tifa_plugin desc = {
    .abi = TIFA_PLUGIN_ABI,
    .size = sizeof(tifa_plugin),
    .name = "word-lookup",
    .description = "names the country word before each 总统 (a test plugin)",
    .rule_packs = packs,
    .init = lookup_init,
    .scan = lookup_scan,
    .free = lookup_free,
};

TIFA_PLUGIN_DEFINE(desc)
