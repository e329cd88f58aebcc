/*
 * formulations.c - numbered formulations (数字提法): 两个确立, 四个意识 …
 *
 * The `formulations` pack names the known formulations, each with one
 * canonical key that all its spellings count under, and a grammar (rules of
 * category "candidate") for numbered phrases in quotation marks that no rule
 * names, so that a province's new "四个体系" or "两打" is visible the first
 * time it appears.  This plugin decides between overlapping hits (see
 * overlap.h): a mention is counted once, under the most specific key.
 */
#include "overlap.h"

#define CANDIDATE "candidate"

static void *
formulations_init(const tifa_host *host, const tifa_rule *const *rules, size_t n_rules,
                  GError **error)
{
    (void)host;
    (void)error;
    return overlap_state_new(rules, n_rules, CANDIDATE);
}

/* A candidate must start with a numeral: the grammar guarantees it for
 * quoted forms; a user's candidate rule might not. */
static gboolean
numbered(const char *key)
{
    return overlap_is_numeral(key);
}

static gboolean
formulations_scan(void *state, const tifa_doc *doc, const tifa_hit *hits, size_t n_hits,
                  const tifa_sink *sink, GError **error)
{
    overlap_state *s = state;
    (void)doc;
    return overlap_emit(hits, n_hits, s, CANDIDATE, numbered, sink, error);
}

static const char *const packs[] = { "formulations", NULL };

static const tifa_plugin formulations_plugin = {
    .abi = TIFA_PLUGIN_ABI,
    .size = sizeof(tifa_plugin),
    .name = "formulations",
    .version = "0.1",
    .description = "numbered formulations (两个确立, 四个意识 …), known and new",
    .rule_packs = packs,
    .init = formulations_init,
    .scan = formulations_scan,
    .free = overlap_state_free,
};

TIFA_PLUGIN_DEFINE(formulations_plugin)
