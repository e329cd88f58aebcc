/* fuzz-rules.c - the rule-pack parser: any text must give a pack or
 * diagnostics, never a crash; a pack that parses must compile and expand
 * keys for its own patterns' matches. */
#include "config.h"

#include "tifa.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    GPtrArray *diags = g_ptr_array_new_with_free_func(g_free);
    rulepack *pack = rulepack_parse("fuzz.rules", (const char *)data, size, diags);
    if (pack) {
        GString *key = g_string_new(NULL);
        for (guint i = 0; i < pack->rules->len; i++) {
            rule *r = pack->rules->pdata[i];
            /* Analyse it as the fast engine would, and try it on its own
             * pattern text. */
            prefilter_plan plan;
            GPtrArray *lits;
            literal_context context;
            prefilter_plan_rule(r, &plan, &lits, &context);
            if (lits)
                g_ptr_array_free(lits, TRUE);
            literal_context_clear(&context);
            rule_backtracking_risk(r);
            pcre2_match_data *md = pcre2_match_data_create_from_pattern(r->code, NULL);
            pcre2_match_context *mc = pcre2_match_context_create(NULL);
            pcre2_set_match_limit(mc, 10000);
            const char *subject = r->pub.pattern;
            if (pcre2_match(r->code, (PCRE2_SPTR)subject, strlen(subject), 0, 0, md, mc) >= 0)
                rule_expand_key(r, subject, pcre2_get_ovector_pointer(md), key);
            pcre2_match_context_free(mc);
            pcre2_match_data_free(md);
        }
        g_string_free(key, TRUE);
        rulepack_free(pack);
    }
    g_ptr_array_free(diags, TRUE);
    return 0;
}
