/*
 * phrases.c - slogans and set phrases: 习近平新时代中国特色社会主义思想,
 * 中国式现代化, 绿水青山就是金山银山 …
 *
 * The `phrases` pack names the known slogans; its "candidate" rules catch
 * quoted phrases of 2-10 Han characters, the cheapest detector of new
 * slogans ("时时放心不下", "工作落实年").  Quoted numbered phrases are left
 * to the formulations plugin, and a quoted known slogan counts as the slogan.
 */
#include "overlap.h"

#define CANDIDATE "candidate"

static void *
phrases_init(const tifa_host *host, const tifa_rule *const *rules, size_t n_rules,
             GError **error)
{
    (void)host;
    (void)error;
    return overlap_state_new(rules, n_rules, CANDIDATE);
}

static gboolean
not_numbered(const char *key)
{
    return !overlap_is_numeral(key);
}

static gboolean
phrases_scan(void *state, const tifa_doc *doc, const tifa_hit *hits, size_t n_hits,
             const tifa_sink *sink, GError **error)
{
    overlap_state *s = state;
    (void)doc;
    return overlap_emit(hits, n_hits, s, CANDIDATE, not_numbered, sink, error);
}

static const char *const packs[] = { "phrases", NULL };

static const tifa_plugin phrases_plugin = {
    .abi = TIFA_PLUGIN_ABI,
    .size = sizeof(tifa_plugin),
    .name = "phrases",
    .version = "0.1",
    .description = "slogans and set phrases, and quoted phrases as candidates for new ones",
    .rule_packs = packs,
    .init = phrases_init,
    .scan = phrases_scan,
    .free = overlap_state_free,
};

TIFA_PLUGIN_DEFINE(phrases_plugin)
