/* fuzz-rules.c - the rule-pack parser: any text must give a pack or
 * diagnostics, never a crash; a pack that parses must compile and expand
 * keys for its own patterns' matches; and a rule whose word lists were
 * compiled as tries (word-lists.c) must match as its pattern as written. */
#include "config.h"

#include "tifa.h"
#include "fuzz.h"

/* Every match (//g) of `code` in `subject`, with its groups, as text; NULL
 * when PCRE2 stops on a limit (the two compilations may take different
 * numbers of steps, so such a subject proves nothing). */
static GString *
all_matches(pcre2_code *code, const char *subject)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
    pcre2_match_context *mc = pcre2_match_context_create(NULL);
    pcre2_set_match_limit(mc, 10000);
    GString *out = g_string_new(NULL);
    size_t len = strlen(subject), start = 0;
    while (start <= len) {
        int rc = pcre2_match(code, (PCRE2_SPTR)subject, len, start, 0, md, mc);
        if (rc == PCRE2_ERROR_NOMATCH)
            break;
        if (rc < 0) {
            g_string_free(out, TRUE);
            out = NULL;
            break;
        }
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        for (int g = 0; g < rc; g++)
            g_string_append_printf(out, "%zu-%zu ", (size_t)ov[2 * g], (size_t)ov[2 * g + 1]);
        g_string_append_c(out, '\n');
        start = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
        while (start < len && ((unsigned char)subject[start] & 0xC0) == 0x80)
            start++;
    }
    pcre2_match_context_free(mc);
    pcre2_match_data_free(md);
    return out;
}

/* The rule's pattern as written against its tries, on its own text. */
static void
check_tries(const rule *r)
{
    int err;
    PCRE2_SIZE off;
    pcre2_code *written = pcre2_compile((PCRE2_SPTR)r->pub.pattern, PCRE2_ZERO_TERMINATED,
                                        PCRE2_UTF | PCRE2_UCP | r->flags, &err, &off, NULL);
    if (!written)
        return;   /* the tries compiled where the pattern as written does not */
    GString *want = all_matches(written, r->pub.pattern);
    GString *got = all_matches(r->code, r->pub.pattern);
    if (want && got && !g_string_equal(want, got)) {
        fprintf(stderr, "rule '%s': the tries (%s) match otherwise than %s\n", r->pub.id,
                r->trie_lists, r->pub.pattern);
        abort();
    }
    if (want)
        g_string_free(want, TRUE);
    if (got)
        g_string_free(got, TRUE);
    pcre2_code_free(written);
}

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
            if (r->trie_lists)
                check_tries(r);
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
