/*
 * prefilter.c - the fast engine: a multi-literal prefilter in front of PCRE2.
 *
 * Work in progress: every rule is still confirmed by a full PCRE2 pass
 * (the prefilter proposes "anywhere" for each), so the fast engine gives
 * the reference engine's answers at the reference engine's speed.
 */
#include "config.h"

#include "tifa.h"

struct prefilter {
    GPtrArray *rules;
};

struct prefilter_scratch {
    int unused;
};

prefilter *
prefilter_new(GPtrArray *rules, GError **error)
{
    (void)error;
    prefilter *pf = g_new0(prefilter, 1);
    pf->rules = rules;
    return pf;
}

void
prefilter_free(prefilter *pf)
{
    g_free(pf);
}

prefilter_scratch *
prefilter_scratch_new(prefilter *pf)
{
    (void)pf;
    return g_new0(prefilter_scratch, 1);
}

void
prefilter_scratch_free(prefilter_scratch *s)
{
    g_free(s);
}

void
prefilter_scan(prefilter *pf, prefilter_scratch *ps, engine_scratch *es, const char *text,
               size_t len, GArray *hits, GArray *groups, GPtrArray *problems)
{
    (void)ps;
    for (guint i = 0; i < pf->rules->len; i++)
        engine_match_rule(es, i, text, len, 0, PCRE2_UNSET, hits, groups, problems);
}
