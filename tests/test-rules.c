/* Unit tests of rules.c: the rule-pack format, every error path, keys. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>

#include "tifa.h"

static char *tmpdir;

static char *
write_pack(const char *name, const char *text, gssize len)
{
    char *path = g_build_filename(tmpdir, name, NULL);
    g_assert_true(g_file_set_contents(path, text, len, NULL));
    return path;
}

/* Load `text` as a pack; return the diagnostics joined by newlines, with
 * the temporary directory replaced by "DIR". */
static char *
diagnostics_of(const char *text, rulepack **pack_out)
{
    char *path = write_pack("t.rules", text, -1);
    GPtrArray *diags = g_ptr_array_new_with_free_func(g_free);
    rulepack *pack = rulepack_load(path, diags);
    GString *out = g_string_new(NULL);
    for (guint i = 0; i < diags->len; i++) {
        const char *d = diags->pdata[i];
        if (g_str_has_prefix(d, tmpdir))
            g_string_append_printf(out, "DIR%s\n", d + strlen(tmpdir));
        else
            g_string_append_printf(out, "%s\n", d);
    }
    g_ptr_array_free(diags, TRUE);
    if (pack_out)
        *pack_out = pack;
    else
        rulepack_free(pack);
    g_free(path);
    return g_string_free(out, FALSE);
}

static void
expect_error(const char *text, const char *message)
{
    rulepack *pack = NULL;
    char *d = diagnostics_of(text, &pack);
    if (!strstr(d, message))
        g_error("expected diagnostic containing\n  %s\ngot\n  %s", message, d);
    g_assert_null(pack);
    g_free(d);
}

static void
test_good_pack(void)
{
    const char *text =
        "# a comment\n"
        "pack: demo\n"
        "description: a test pack\n"
        "category: known\n"
        "\n"
        "define: NUM\n"
        "pattern: [一二两三四五六七八九十]\n"
        "\n"
        "id: sige-yishi\n"
        "literal: 四个意识\n"
        "key: 四个意识\n"
        "first: 2016\n"
        "description: 政治意识、大局意识、\n"
        "  核心意识、看齐意识\n"
        "\n"
        "id: two-spellings\n"
        "literal: 两个一百年\n"
        "literal: 两个100年\n"
        "key: 两个一百年\n"
        "until: 2035-12-31\n"
        "\n"
        "   # an indented comment inside nothing\n"
        "id: quoted\n"
        "category: candidate\n"
        "pattern: 「(?<f>%{NUM}个\n"
        "  \\p{sc=Han}{1,4})」\n"
        "key: ${f}\n";
    rulepack *pack = NULL;
    char *d = diagnostics_of(text, &pack);
    g_assert_cmpstr(d, ==, "");
    g_free(d);
    g_assert_nonnull(pack);
    g_assert_cmpstr(pack->name, ==, "demo");
    g_assert_cmpstr(pack->description, ==, "a test pack");
    g_assert_cmpuint(pack->rules->len, ==, 3);

    rule *r = pack->rules->pdata[0];
    g_assert_cmpstr(r->pub.id, ==, "sige-yishi");
    g_assert_cmpstr(r->pub.category, ==, "known");
    g_assert_cmpstr(r->pub.pattern, ==, "四个意识");
    g_assert_cmpint(r->pub.first_year, ==, 2016);
    g_assert_null(r->pub.until);
    g_assert_cmpint(r->line, ==, 9);
    g_assert_cmpstr(r->pub.description, ==, "政治意识、大局意识、 核心意识、看齐意识");

    r = pack->rules->pdata[1];
    /* Longest spelling first, so that the longest one is matched. */
    g_assert_cmpstr(r->pub.pattern, ==, "(?:两个一百年|两个100年)");
    g_assert_cmpstr(r->pub.until, ==, "2035-12-31");

    r = pack->rules->pdata[2];
    g_assert_cmpstr(r->pub.category, ==, "candidate");
    /* Macro expanded without a group (a lone class), corner quotes
     * normalised to the quotes of the text, continuation joined tight. */
    g_assert_cmpstr(r->pub.pattern, ==, "“(?<f>[一二两三四五六七八九十]个\\p{sc=Han}{1,4})”");
    g_assert_cmpuint(r->pub.n_groups, ==, 1);
    g_assert_cmpstr(r->pub.group_names[1], ==, "f");

    /* The key of a hit: the group, without the quotes. */
    const char *subject = "增强“四个体系”建设";
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(r->code, NULL);
    int rc = pcre2_match(r->code, (PCRE2_SPTR)subject, strlen(subject), 0, 0, md, NULL);
    g_assert_cmpint(rc, ==, 2);
    GString *key = g_string_new(NULL);
    rule_expand_key(r, subject, pcre2_get_ovector_pointer(md), key);
    g_assert_cmpstr(key->str, ==, "四个体系");
    g_string_free(key, TRUE);
    pcre2_match_data_free(md);
    rulepack_free(pack);
}

static void
test_pack_name_from_file(void)
{
    rulepack *pack = NULL;
    char *d = diagnostics_of("id: a\nliteral: 两山\n", &pack);
    g_assert_cmpstr(d, ==, "");
    g_assert_cmpstr(pack->name, ==, "t");
    g_assert_cmpstr(((rule *)pack->rules->pdata[0])->pub.category, ==, "default");
    g_free(d);
    rulepack_free(pack);
}

static void
test_errors(void)
{
    expect_error("id: a\nliteral x\n", "DIR/t.rules:2: expected 'field: value'");
    expect_error("  continued\n", "DIR/t.rules:1: an indented line must continue a field");
    expect_error("id: a\nliteral: x\ncolour: red\n",
                 "DIR/t.rules:3: unknown field 'colour' in a rule record");
    expect_error("id: a\npattern: x\npattern: y\n",
                 "DIR/t.rules:3: field 'pattern' given twice (first on line 2)");
    expect_error("id: a\nkey: x\n", "DIR/t.rules:1: rule 'a' has neither 'pattern' nor 'literal'");
    expect_error("id: a\npattern: x\nliteral: y\n",
                 "DIR/t.rules:2: rule 'a' has both 'pattern' and 'literal'");
    expect_error("id: a\npattern: 四个(意识\n",
                 "DIR/t.rules:2: rule 'a': bad pattern: missing closing parenthesis at character 5 (after '四个(意识')");
    expect_error("id: a\npattern: %{TITLE}刘伟\n",
                 "DIR/t.rules:2: rule 'a': unknown macro %{TITLE} (define it with 'define: TITLE')");
    expect_error("define: A\npattern: x%{B}\n\ndefine: B\npattern: %{A}\n\nid: a\npattern: %{A}\n",
                 "DIR/t.rules:8: rule 'a': macros nest more than 16 deep");
    expect_error("define: A\ndescription: no pattern\n", "DIR/t.rules:1: macro 'A' has no 'pattern'");
    expect_error("define: A\npattern: x\n\ndefine: A\npattern: y\n",
                 "DIR/t.rules:4: macro 'A' defined twice");
    expect_error("id: a\nliteral: x\n\nid: a\nliteral: y\n",
                 "DIR/t.rules:4: rule id 'a' used twice (first on line 1)");
    expect_error("id: a\nliteral: x\nfirst: 16\n",
                 "DIR/t.rules:3: rule 'a': 'first' must be a year such as 2016, not '16'");
    expect_error("id: a\nliteral: x\nuntil: 2003-3-15\n",
                 "DIR/t.rules:3: rule 'a': 'until' must be a day written YYYY-MM-DD, not "
                 "'2003-3-15'");
    expect_error("id: a\nliteral: x\nuntil: 2003-02-30\n",
                 "DIR/t.rules:3: rule 'a': 'until' must be a day written YYYY-MM-DD, not "
                 "'2003-02-30'");
    expect_error("id: a\nliteral: x\nflags: caseless, fuzzy\n",
                 "DIR/t.rules:3: rule 'a': unknown flag 'fuzzy'");
    expect_error("id: a\nliteral: x\nmatch-limit: lots\n",
                 "DIR/t.rules:3: rule 'a': match-limit must be a whole number");
    expect_error("id: a\npattern: (x)\nkey: $2\n",
                 "DIR/t.rules:3: rule 'a': key refers to group 2, but the pattern has only 1");
    expect_error("id: a\npattern: (x)\nkey: ${name}\n",
                 "DIR/t.rules:3: rule 'a': key refers to ${name}, but the pattern has no group named so");
    expect_error("id: a\npattern: (x)\nkey: cost $5 or $\n",
                 "DIR/t.rules:3: rule 'a': key refers to group 5");
    expect_error("id: a\npattern: (x)\nkey: a $ b\n",
                 "DIR/t.rules:3: rule 'a': a '$' in a key must be followed by a group");
    expect_error("id: a\nliteral: x\n\npack: late\n",
                 "DIR/t.rules:4: the 'pack:' record must be the first in the file");
    expect_error("category: known\nliteral: x\n",
                 "DIR/t.rules:1: a record needs 'id:' (a rule), 'define:' (a macro) or 'pack:'");
    expect_error("id: two words\nliteral: x\n", "DIR/t.rules:1: a rule id must be one word");
    expect_error("id: a\nliteral:\n", "DIR/t.rules:2: rule 'a': empty literal");
    expect_error("id: a\nliteral: x\n\nid: b\nliteral: \xb6\xfe\xb8\xf6\n",
                 "DIR/t.rules:5: not valid UTF-8");
}

static void
test_all_errors_reported(void)
{
    /* Three broken rules: three diagnostics, not just the first. */
    char *d = diagnostics_of("id: a\npattern: (\n\nid: b\nkey: x\n\nid: c\nliteral: y\nfirst: x\n",
                             NULL);
    char **lines = g_strsplit(d, "\n", -1);
    g_assert_cmpuint(g_strv_length(lines), ==, 4);  /* 3 lines and the final "" */
    g_assert_true(g_str_has_prefix(lines[0], "DIR/t.rules:2:"));
    g_assert_true(g_str_has_prefix(lines[1], "DIR/t.rules:4:"));
    g_assert_true(g_str_has_prefix(lines[2], "DIR/t.rules:9:"));
    g_strfreev(lines);
    g_free(d);
}

static void
test_missing_file(void)
{
    GPtrArray *diags = g_ptr_array_new_with_free_func(g_free);
    rulepack *pack = rulepack_load("/nonexistent/x.rules", diags);
    g_assert_null(pack);
    g_assert_cmpuint(diags->len, ==, 1);
    g_assert_true(g_str_has_prefix(diags->pdata[0], "/nonexistent/x.rules: cannot read"));
    g_ptr_array_free(diags, TRUE);
}

static void
test_merge(void)
{
    char *a = write_pack("a.rules", "pack: same\n\nid: x\nliteral: 甲\n", -1);
    char *b = write_pack("b.rules", "pack: same\n\nid: y\nliteral: 乙\n\nid: x\nliteral: 丙\n", -1);
    rules_path path = { g_ptr_array_new(), g_ptr_array_new() };
    g_ptr_array_add(path.files, a);
    g_ptr_array_add(path.files, b);
    GPtrArray *diags = g_ptr_array_new_with_free_func(g_free);
    GHashTable *packs = rules_load_all(&path, diags, NULL);
    g_assert_null(packs);
    g_assert_cmpuint(diags->len, ==, 1);
    char *expected = g_strdup_printf("%s:6: rule id 'x' of pack 'same' is already used in %s:3",
                                     b, a);
    g_assert_cmpstr(diags->pdata[0], ==, expected);
    g_free(expected);
    g_ptr_array_free(diags, TRUE);
    g_ptr_array_free(path.dirs, TRUE);
    g_ptr_array_free(path.files, TRUE);
    g_free(a);
    g_free(b);
}

static void
test_shadowing(void)
{
    /* The first directory with a file of a given name wins. */
    char *d1 = g_build_filename(tmpdir, "d1", NULL);
    char *d2 = g_build_filename(tmpdir, "d2", NULL);
    g_mkdir(d1, 0755);
    g_mkdir(d2, 0755);
    char *f1 = g_build_filename(d1, "p.rules", NULL);
    char *f2 = g_build_filename(d2, "p.rules", NULL);
    g_file_set_contents(f1, "id: mine\nliteral: 甲\n", -1, NULL);
    g_file_set_contents(f2, "id: installed\nliteral: 乙\n", -1, NULL);
    rules_path path = { g_ptr_array_new(), g_ptr_array_new() };
    g_ptr_array_add(path.dirs, d1);
    g_ptr_array_add(path.dirs, d2);
    GPtrArray *diags = g_ptr_array_new_with_free_func(g_free);
    GHashTable *packs = rules_load_all(&path, diags, NULL);
    g_assert_nonnull(packs);
    rulepack *p = g_hash_table_lookup(packs, "p");
    g_assert_cmpuint(p->rules->len, ==, 1);
    g_assert_cmpstr(((rule *)p->rules->pdata[0])->pub.id, ==, "mine");
    g_hash_table_destroy(packs);
    g_ptr_array_free(diags, TRUE);
    g_ptr_array_free(path.dirs, TRUE);
    g_ptr_array_free(path.files, TRUE);
    g_free(d1);
    g_free(d2);
    g_free(f1);
    g_free(f2);
}

/* A lookup rule: its words are found around a place, and never matched. */
static void
test_lookup(void)
{
    expect_error("id: a\npattern: 俄罗斯|美国\nlookup: yes\n",
                 "DIR/t.rules:3: rule 'a': a lookup rule is a word list: give its words as "
                 "literal: fields, not a pattern");
    expect_error("id: a\nliteral: 美国\nlookup: maybe\n",
                 "DIR/t.rules:3: rule 'a': lookup must be yes or no, not 'maybe'");
    expect_error("id: a\nliteral: usa\nflags: caseless\nlookup: yes\n",
                 "DIR/t.rules:4: rule 'a': a lookup rule takes no flags");

    rulepack *pack = NULL;
    char *d = diagnostics_of("id: not-name\nliteral: 俄罗斯\nliteral: 苏丹\nliteral: 丹麦\n"
                             "literal: 全国\nlookup: yes\n\n"
                             "id: title\nliteral: 总统\n\n"
                             "id: plain\nliteral: 全国\nlookup: no\n",
                             &pack);
    g_assert_cmpstr(d, ==, "");
    g_free(d);
    const rule *nn = pack->rules->pdata[0];
    g_assert_nonnull(nn->lookup);
    g_assert_null(((const rule *)pack->rules->pdata[2])->lookup);
    /* 俄罗斯总统 (bytes: 俄 0, 罗 3, 斯 6, 总 9): 罗 and 斯 lie inside 俄罗斯,
     * which starts at 0; 总 lies in no word. */
    const char *t = "俄罗斯总统";
    size_t n = strlen(t);
    g_assert_cmpuint(lexicon_covering(nn->lookup, t, n, 0), ==, 0);
    g_assert_cmpuint(lexicon_covering(nn->lookup, t, n, 3), ==, 0);
    g_assert_cmpuint(lexicon_covering(nn->lookup, t, n, 6), ==, 0);
    g_assert_cmpuint(lexicon_covering(nn->lookup, t, n, 9), ==, (size_t)-1);
    /* 苏丹麦洛维: 麦 (6) lies inside 丹麦 (3), although a left-to-right
     * match would have taken 苏丹 (0) and skipped 丹麦; 丹 (3) lies inside
     * both, and the leftmost start is given. */
    t = "苏丹麦洛维";
    n = strlen(t);
    g_assert_cmpuint(lexicon_covering(nn->lookup, t, n, 6), ==, 3);
    g_assert_cmpuint(lexicon_covering(nn->lookup, t, n, 3), ==, 0);
    g_assert_cmpuint(lexicon_covering(nn->lookup, t, n, 9), ==, (size_t)-1);
    /* A word cut by the end of the text does not count. */
    t = "在全";
    g_assert_cmpuint(lexicon_covering(nn->lookup, t, strlen(t), 3), ==, (size_t)-1);

    /* Neither engine matches the lookup rule; the same word in a plain
     * rule is matched. */
    t = "全国人大代表俄罗斯总统";
    for (int k = 0; k < 2; k++) {
        engine *e = engine_new(k ? ENGINE_FAST : ENGINE_REFERENCE, pack->rules, NULL, NULL);
        g_assert_nonnull(e);
        engine_scratch *es = engine_scratch_new(e);
        GArray *hits = g_array_new(FALSE, FALSE, sizeof(raw_hit));
        GArray *groups = g_array_new(FALSE, FALSE, sizeof(size_t));
        GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
        engine_scan(e, es, t, strlen(t), hits, groups, problems);
        g_assert_cmpuint(hits->len, ==, 2);
        guint plain = 0, title = 0;
        for (guint i = 0; i < hits->len; i++) {
            const raw_hit *h = &g_array_index(hits, raw_hit, i);
            g_assert_cmpuint(h->rule, !=, 0);
            plain += h->rule == 2 && h->start == 0;
            title += h->rule == 1 && h->start == 27;
        }
        g_assert_cmpuint(plain, ==, 1);
        g_assert_cmpuint(title, ==, 1);
        g_ptr_array_free(problems, TRUE);
        g_array_free(hits, TRUE);
        g_array_free(groups, TRUE);
        engine_scratch_free(es);
        engine_free(e);
    }
    rulepack_free(pack);
}

/* lexicon_covering against the definition, on random word lists and
 * texts: the leftmost start p <= at of a word of the list that occurs at p
 * and ends after at.  The alphabet mixes one-, two- and three-byte
 * characters, and some words are 64 bytes or longer (their lengths share
 * one bit of the lexicon's bitmap). */
static size_t
covering_by_definition(GPtrArray *words, const char *text, size_t len, size_t at)
{
    for (size_t p = 0; p <= at; p++) {
        if (((unsigned char)text[p] & 0xC0) == 0x80)
            continue;
        for (guint i = 0; i < words->len; i++) {
            size_t n = strlen(words->pdata[i]);
            if (n > 0 && p + n > at && p + n <= len && memcmp(text + p, words->pdata[i], n) == 0)
                return p;
        }
    }
    return (size_t)-1;
}

static void
test_lookup_random(void)
{
    static const char *const chars[] = { "a", "é", "国", "俄", "罗", "斯", "的" };
    const guint n_chars = G_N_ELEMENTS(chars);
    GRand *rand = g_rand_new_with_seed(20261129);
    guint asked = 0, found = 0, long_found = 0;
    for (int round = 0; round < 300; round++) {
        GPtrArray *words = g_ptr_array_new_with_free_func(g_free);
        int n_words = g_rand_int_range(rand, 1, 12);
        for (int w = 0; w < n_words; w++) {
            GString *word = g_string_new(NULL);
            /* One word in eight is long: 22 to 30 characters. */
            int n = g_rand_int_range(rand, 0, 8) == 0 ? g_rand_int_range(rand, 22, 31)
                                                       : g_rand_int_range(rand, 1, 6);
            for (int k = 0; k < n; k++)
                g_string_append(word, chars[g_rand_int_range(rand, 0, (gint32)n_chars)]);
            g_ptr_array_add(words, g_string_free(word, FALSE));
        }
        lexicon *lx = lexicon_new(words);
        for (int t = 0; t < 8; t++) {
            GString *text = g_string_new(NULL);
            /* Mostly pieces of the words, so that they occur. */
            int pieces = g_rand_int_range(rand, 1, 8);
            for (int k = 0; k < pieces; k++) {
                if (g_rand_boolean(rand))
                    g_string_append(text, words->pdata[g_rand_int_range(rand, 0, n_words)]);
                else
                    g_string_append(text, chars[g_rand_int_range(rand, 0, (gint32)n_chars)]);
            }
            for (size_t at = 0; at < text->len; at++) {
                if (((unsigned char)text->str[at] & 0xC0) == 0x80)
                    continue;
                size_t want = covering_by_definition(words, text->str, text->len, at);
                size_t got = lexicon_covering(lx, text->str, text->len, at);
                if (got != want)
                    g_error("words of round %d, text %s, at %zu: %zu, not %zu", round,
                            text->str, at, got, want);
                asked++;
                if (want != (size_t)-1) {
                    found++;
                    for (guint i = 0; i < words->len; i++) {
                        size_t n = strlen(words->pdata[i]);
                        long_found += n >= 64 && want + n > at && want + n <= text->len &&
                                      memcmp(text->str + want, words->pdata[i], n) == 0;
                    }
                }
            }
            g_string_free(text, TRUE);
        }
        lexicon_free(lx);
        g_ptr_array_free(words, TRUE);
    }
    g_rand_free(rand);
    /* The comparison covered places inside words, long ones among them,
     * and places in none. */
    g_test_message("asked %u, found %u, long %u", asked, found, long_found);
    g_assert_cmpuint(found, >, 1000);
    g_assert_cmpuint(asked - found, >, 1000);
    g_assert_cmpuint(long_found, >, 100);
}

/* The literal analysis (literals.c): what it says comes after a rule's
 * literals, which the fast engine uses to drop occurrences. */
static gboolean
set_contains(GPtrArray *literals, const char *s)
{
    for (guint i = 0; i < literals->len; i++)
        if (strcmp(literals->pdata[i], s) == 0)
            return TRUE;
    return FALSE;
}

/* What the analysis knows around the literals of `pattern`, whose
 * literals must include `expect_literal` (free with literal_context_clear). */
static literal_context
context_of(const char *pattern, const char *expect_literal)
{
    GPtrArray *literals;
    size_t lead;
    literal_context context;
    const char *why;
    g_assert_true(literals_analyse(pattern, 0, &literals, &lead, &context, &why));
    g_assert_true(set_contains(literals, expect_literal));
    g_ptr_array_free(literals, TRUE);
    return context;
}

/* One of the context's sets, taken from it (NULL: any character). */
static GArray *
take_set(literal_context *context, GArray **set)
{
    GArray *taken = *set;
    *set = NULL;
    literal_context_clear(context);
    return taken;
}

static GArray *
after_of(const char *pattern, const char *expect_literal)
{
    literal_context context = context_of(pattern, expect_literal);
    return take_set(&context, &context.after);
}

/* What the analysis says the text has right before a rule's literals
 * (NULL: anything), for a pattern whose literals include `expect_literal`. */
static GArray *
prev_of(const char *pattern, const char *expect_literal)
{
    literal_context context = context_of(pattern, expect_literal);
    return take_set(&context, &context.prev);
}

static gboolean
in_ranges(const GArray *ranges, gunichar c)
{
    for (guint i = 0; i + 1 < ranges->len; i += 2)
        if (c >= g_array_index(ranges, gunichar, i) && c <= g_array_index(ranges, gunichar, i + 1))
            return TRUE;
    return FALSE;
}

/* Whether `ranges` holds exactly the characters of `in` among those of
 * `probe` (UTF-8 strings). */
static void
assert_holds_only(GArray *ranges, const char *probe, const char *in)
{
    g_assert_nonnull(ranges);
    for (const char *p = probe; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        gboolean want = g_utf8_strchr(in, -1, c) != NULL;
        if (in_ranges(ranges, c) != want)
            g_error("U+%04X: %s the set, expected %s", c, want ? "not in" : "in",
                    want ? "in" : "out");
    }
    g_array_unref(ranges);
}

static void
test_prev_literal(void)
{
    static const char probe[] = "目当之此太草国你我副总的和李平\n，a";
    /* A negative lookbehind of one character or a class rules those out. */
    assert_holds_only(prev_of("(?<![目当之此])前", "前"), probe,
                      "太草国你我副总的和李平\n，a");
    assert_holds_only(prev_of("(?<!第)四种形态", "四种形态"), probe, probe);
    /* A positive one, of characters or of words, allows only their last. */
    assert_holds_only(prev_of("(?<=[你我])原", "原"), probe, "你我");
    assert_holds_only(prev_of("(?<=中国|全国)人民", "人民"), probe, "国");
    /* Inside the match: the last character of what comes before, narrowed
     * by the negative lookaheads in front of it, and by a lookbehind after
     * it.  (The optional 副 makes the literals 主席 and 副主席, whole.) */
    assert_holds_only(prev_of("(?:(?!的)(?![副总])\\p{sc=Han}){2}(?<!国)副?主席", "副主席"), probe,
                      "目当之此太草你我和李平");
    /* A line start: after a newline (multiline), or the start of the text. */
    assert_holds_only(prev_of("^(?:各位代表|同志们)", "各位代表"), probe, "\n");
    /* Unknown: a branch that says nothing, a lookbehind that also looks
     * ahead (it rules 党 out only before 委), a lookbehind of a word (二十
     * rules out 十 only after 二), an optional lookbehind, anything. */
    g_assert_null(prev_of("(?:前任|(?<!此)前)(?=总理)", "前"));
    g_assert_null(prev_of("(?<![\\p{Han}](?=委))党", "党"));
    g_assert_null(prev_of("(?<!二十)四史", "四史"));
    g_assert_null(prev_of("(?:(?<!第)x)?四种形态", "四种形态"));
    g_assert_null(prev_of(".主席", "主席"));
}

/* How far at least a match starts before its literal `expect_literal`. */
static size_t
min_lead_of(const char *pattern, const char *expect_literal)
{
    literal_context context = context_of(pattern, expect_literal);
    size_t min_lead = context.min_lead;
    literal_context_clear(&context);
    return min_lead;
}

static void
test_min_lead(void)
{
    /* Two or three Han characters (3 bytes each) before the title. */
    g_assert_cmpuint(min_lead_of("\\p{sc=Han}{2,3}主席", "主席"), ==, 6);
    /* The shortest branch counts: one ASCII letter. */
    g_assert_cmpuint(min_lead_of("(?:a|\\p{Han})\\p{Han}主席", "主席"), ==, 4);
    /* Something optional before: the match may start with the literal. */
    g_assert_cmpuint(min_lead_of("\\p{Han}?主席", "主席"), ==, 0);
    /* A repeat: the first copy holds the designated literal; a suffix in
     * the last copy comes after the copies before it. */
    g_assert_cmpuint(min_lead_of("(?:\\p{Han}主席){3}", "主席"), ==, 3);
    g_assert_cmpuint(min_lead_of("\\p{Han}{2}(?:\\p{Han}\\p{Han}?总理)+", "总理"), ==, 9);
    /* Lookarounds consume nothing. */
    g_assert_cmpuint(min_lead_of("(?<=a)\\p{Han}(?=\\p{Han})主席", "主席"), ==, 3);
}

static void
assert_one_range(GArray *ranges, gunichar lo, gunichar hi)
{
    g_assert_nonnull(ranges);
    g_assert_cmpuint(ranges->len, ==, 2);
    g_assert_cmphex(g_array_index(ranges, gunichar, 0), ==, lo);
    g_assert_cmphex(g_array_index(ranges, gunichar, 1), ==, hi);
    g_array_unref(ranges);
}

static void
test_after_literal(void)
{
    /* A class too large to list: 朱 U+6731 .. 温 U+6E29. */
    assert_one_range(after_of("(?:总书记|主席)[朱-温]", "主席"), 0x6731, 0x6E29);
    /* A lookahead consumes nothing; the class after it follows the literal. */
    assert_one_range(after_of("主席(?!习)[朱-温]", "主席"), 0x6731, 0x6E29);
    /* An optional word: its first character or the class. */
    GArray *after = after_of("总理(?:同志)?[朱-温]", "总理");
    g_assert_nonnull(after);
    g_assert_cmpuint(after->len, ==, 4);
    g_assert_cmphex(g_array_index(after, gunichar, 0), ==, 0x540C);   /* 同 */
    g_assert_cmphex(g_array_index(after, gunichar, 2), ==, 0x6731);
    g_array_unref(after);
    /* Through a subroutine call, to the group it calls. */
    assert_one_range(after_of("主席(?&S)(?(DEFINE)(?<S>[朱-温]))", "主席"), 0x6731, 0x6E29);
    /* A match may end with the literal: anything may follow it. */
    g_assert_null(after_of("主席(?:[朱-温]|$)", "主席"));
    g_assert_null(after_of("主席[朱-温]?", "主席"));
    /* A positive lookahead tells what follows (it consumes nothing); a
     * negative one, or one that can match nothing, does not. */
    assert_one_range(after_of("主席(?=[朱-温])", "主席"), 0x6731, 0x6E29);
    g_assert_null(after_of("主席(?![朱-温])", "主席"));
    g_assert_null(after_of("主席(?=[朱-温]|$)", "主席"));
    /* \p{Han} is a set of ranges, from U+2E80 to the supplementary planes. */
    GArray *han = after_of("主席\\p{sc=Han}", "主席");
    g_assert_nonnull(han);
    g_assert_cmphex(g_array_index(han, gunichar, 0), ==, 0x2E80);
    g_assert_cmphex(g_array_index(han, gunichar, han->len - 1), ==, 0x10FFFF);
    g_array_unref(han);
    /* Something the analysis cannot tell (any character, \P{Han}): anything. */
    g_assert_null(after_of("主席.", "主席"));
    g_assert_null(after_of("主席\\P{Han}", "主席"));
}


/* The analysis reads \p{Han} as ranges of its own: they must hold every
 * character that the PCRE2 tifa is built with puts in Han, else the fast
 * engine would skip real matches.  Both readings: the script (sc=Han) and
 * the script extension (Han alone, which adds 、 and 。). */
static void
test_han_ranges(void)
{
    static const char *const properties[] = { "sc=Han", "Han", "script=han", "scx=Han" };
    for (size_t k = 0; k < G_N_ELEMENTS(properties); k++) {
        char *probe = g_strdup_printf("^\\p{%s}$", properties[k]);
        char *pattern = g_strdup_printf("主席\\p{%s}", properties[k]);
        int code;
        PCRE2_SIZE offset;
        pcre2_code *re = pcre2_compile((PCRE2_SPTR)probe, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &code,
                                       &offset, NULL);
        g_assert_nonnull(re);
        pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
        GArray *ranges = after_of(pattern, "主席");
        g_assert_nonnull(ranges);
        guint in_pcre2 = 0;
        for (gunichar c = 0; c < 0x110000; c++) {
            if (c >= 0xD800 && c <= 0xDFFF)
                continue;
            char utf8[8];
            int n = g_unichar_to_utf8(c, utf8);
            if (pcre2_match(re, (PCRE2_SPTR)utf8, (PCRE2_SIZE)n, 0, 0, md, NULL) < 0)
                continue;
            in_pcre2++;
            if (!in_ranges(ranges, c))
                g_error("\\p{%s}: U+%04X is Han for PCRE2 but not in the analysis's ranges",
                        properties[k], c);
        }
        /* Unicode 15 has more than 98,000 Han characters. */
        g_assert_cmpuint(in_pcre2, >, 90000);
        g_array_unref(ranges);
        pcre2_match_data_free(md);
        pcre2_code_free(re);
        g_free(probe);
        g_free(pattern);
    }
    /* The script extension holds 、 (U+3001), the script does not: a rule
     * (?:主席|总理)\p{Han} matches 主席、. */
    GArray *script = after_of("主席\\p{sc=Han}", "主席");
    GArray *extension = after_of("主席\\p{Han}", "主席");
    g_assert_false(in_ranges(script, 0x3001));
    g_assert_true(in_ranges(extension, 0x3001));
    g_array_unref(script);
    g_array_unref(extension);
}

/* word-lists.c: word lists regrouped as tries by character, with the
 * matches unchanged; anything this cannot follow is left as written. */
static void
expect_tries(const char *pattern, uint32_t flags, const char *expected)
{
    char *got = word_lists_as_tries(pattern, flags, NULL);
    if (g_strcmp0(got, expected) != 0)
        g_error("word_lists_as_tries(%s)\n  expected %s\n  got      %s", pattern,
                expected ? expected : "NULL (unchanged)", got ? got : "NULL (unchanged)");
    g_free(got);
}

static void
test_word_tries_in_order(void)
{
    /* Grouped by first character in the order they first appear; a group
     * keeps its words' order, and 书记 after 书记处书记 stays after it, as
     * an empty alternative. */
    expect_tries("(?:总书记|书记处书记|党组书记|党委书记|书记)李", 0,
                 "(?:总书记|书记(?:处书记|)|党(?:组书记|委书记))李");
    expect_tries("(?:书记|书记处书记)", 0, "(?:书记(?:|处书记))");
    /* A word ending between two others that go on splits them: 甲乙丙 and
     * 甲乙丁 are not grouped across 甲乙. */
    expect_tries("(?:甲乙丙|甲乙|甲乙丁|戊)", 0, "(?:甲乙(?:丙||丁)|戊)");
    /* Named captures and a macro used anywhere but in a lookbehind. */
    expect_tries("(?<title>主席|主任|总理)", 0, "(?<title>主(?:席|任)|总理)");
    expect_tries("(?&A)(?=(?&A))(?(DEFINE)(?<A>说|说道))", 0,
                 "(?&A)(?=(?&A))(?(DEFINE)(?<A>说(?:|道)))");
    /* Lookbehinds keep their fixed-length branches as written. */
    expect_tries("(?<=(?:会见|会晤))习", 0, NULL);
    expect_tries("(?<=(?&W))习(?(DEFINE)(?<W>会见|会晤))", 0, NULL);
    /* Without case, 'ab' and 'Ab' can match at the same place. */
    expect_tries("(?:ab|cd|Ab)", PCRE2_CASELESS, NULL);
    /* Nothing to regroup: no two words share a first character, or a
     * group holds more than words. */
    expect_tries("(?:说|道)", 0, NULL);
    expect_tries("(?:说|说道|[甲乙])", 0, NULL);
}

static void
test_word_tries_in_lookaheads(void)
{
    /* Order free: words by first character (表 U+8868 before 说 U+8BF4); 说道
     * is dropped, since 说 alone answers; the class stays as written, first. */
    expect_tries("主席(?=(?&A))(?(DEFINE)(?<A>表示|说道|说|表扬|[,。]))", 0,
                 "主席(?=(?&A))(?(DEFINE)(?<A>[,。]|表[扬示]|说))");
    /* Negative lookaheads too, and a call before '|' inside one. */
    expect_tries("(?!(?&S)|x)\\p{Han}(?(DEFINE)(?<S>今天上午|今天下午|今年|ab))", 0,
                 "(?!(?&S)|x)\\p{Han}(?(DEFINE)(?<S>ab|今(?:天(?:上午|下午)|年)))");
    /* A call followed by more of its lookahead: order kept. */
    expect_tries("(?=(?&A))(?=(?&B)c)(?(DEFINE)(?<A>甲乙|甲丙)(?<B>丁|丁戊))", 0,
                 "(?=(?&A))(?=(?&B)c)(?(DEFINE)(?<A>甲[丙乙])(?<B>丁(?:|戊)))");
    /* A capture, an option setting or \K inside the list; references
     * anywhere; the extended option: left alone. */
    expect_tries("(?=(?&A))(?(DEFINE)(?<A>(说)|道))", 0, NULL);
    expect_tries("(?=(?&A))(?(DEFINE)(?<A>(?i)ab|说))", 0, NULL);
    expect_tries("(?=(?&A))(?(DEFINE)(?<A>说\\K|道))", 0, NULL);
    expect_tries("(a)\\1(?=(?&A))(?(DEFINE)(?<A>说|说道))", 0, NULL);
    expect_tries("(a)(?1)(?=(?&A))(?(DEFINE)(?<A>说|说道))", 0, NULL);
    expect_tries("(?=(?&A))(?(DEFINE)(?<A>说|说道))", PCRE2_EXTENDED, NULL);
    expect_tries("(?=(?&A))(?(DEFINE)(?<A>说))", 0, NULL);
    /* Parentheses in classes and escapes are not groups. */
    expect_tries("[(](?=(?&A))\\)(?(DEFINE)(?<A>[)(]|乙|甲))", 0,
                 "[(](?=(?&A))\\)(?(DEFINE)(?<A>[)(]|[乙甲]))");
}

/* More than 32 branches at one level: sorted by first character and split
 * in halves behind a test of each half's range (checked by hand: 一 U+4E00
 * to 丘 U+4E18 are the first 17 of the 35, then 丙 U+4E19 to 甲 U+7532). */
static void
test_word_tries_split(void)
{
    static const char *const reversed =
        "临人|串人|丰人|中人|丫人|个人|丧人|严人|两人|丢人|丞人|丝人|东人|丛人|业人|丙人|丘人|"
        "世人|丕人|且人|专人|丑人|丐人|与人|不人|下人|上人|三人|丈人|万人|七人|丁人|一人";
    static const char *const first_half =
        "一人|丁人|七人|万人|丈人|三人|上人|下人|不人|与人|丐人|丑人|专人|且人|丕人|世人";
    static const char *const second_half =
        "丘人|丙人|业人|丛人|东人|丝人|丞人|丢人|两人|严人|丧人|个人|丫人|中人|丰人|串人|临人";
    /* In place (33 groups of one word each): sorted and split 16 + 17. */
    char *in_place = g_strdup_printf("(?:%s)", reversed);
    char *split = g_strdup_printf("(?:(?=[一-世])(?:%s)|(?=[丘-临])(?:%s))", first_half, second_half);
    expect_tries(in_place, 0, split);
    /* Order free, with a class of plain characters whose characters join
     * the branches (乙 and 甲 end the second half, as one class). */
    char *free_list = g_strdup_printf("(?=(?&A))(?(DEFINE)(?<A>%s|[甲乙]))", reversed);
    char *free_split = g_strdup_printf(
        "(?=(?&A))(?(DEFINE)(?<A>(?=[一-丘])(?:%s|丘人)|(?=[丙-甲])(?:%s|[乙甲])))", first_half,
        second_half + strlen("丘人|"));
    expect_tries(free_list, 0, free_split);
    g_free(in_place);
    g_free(split);
    g_free(free_list);
    g_free(free_split);
}

/* Every match, with every group, of `pattern` over `text` (//g), as text. */
static char *
all_matches(const char *pattern, const char *text)
{
    int code;
    PCRE2_SIZE offset;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | PCRE2_UCP, &code, &offset, NULL);
    if (!re)
        g_error("pattern does not compile: %s", pattern);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    GString *out = g_string_new(NULL);
    size_t len = strlen(text), start = 0;
    while (start <= len) {
        int rc = pcre2_match(re, (PCRE2_SPTR)text, len, start, 0, md, NULL);
        if (rc < 0)
            break;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        for (int g = 0; g < rc; g++)
            g_string_append_printf(out, "%zd-%zd ", (ssize_t)ov[2 * g], (ssize_t)ov[2 * g + 1]);
        g_string_append_c(out, '\n');
        start = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
        while (start < len && ((unsigned char)text[start] & 0xC0) == 0x80)
            start++;
    }
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    return g_string_free(out, FALSE);
}

/* A random list of n_words words ('|' between them) of one to three of
 * the characters given. */
static GString *
random_list(GRand *rand, const char *const *chars, guint n_chars, int n_words)
{
    GString *list = g_string_new(NULL);
    for (int w = 0; w < n_words; w++) {
        if (w)
            g_string_append_c(list, '|');
        int n = g_rand_int_range(rand, 1, 4);
        for (int c = 0; c < n; c++)
            g_string_append(list, chars[g_rand_int_range(rand, 0, (gint32)n_chars)]);
    }
    return list;
}

/* A random text of `length` of the characters given. */
static GString *
random_text(GRand *rand, const char *const *chars, guint n_chars, int length)
{
    GString *text = g_string_new(NULL);
    for (int c = 0; c < length; c++)
        g_string_append(text, chars[g_rand_int_range(rand, 0, (gint32)n_chars)]);
    return text;
}

/* The pattern as written and as regrouped find the same matches. */
static void
assert_same_matches(const char *pattern, const char *tries, const char *text)
{
    char *want = all_matches(pattern, text);
    char *got = all_matches(tries, text);
    if (strcmp(want, got) != 0)
        g_error("%s as %s over %s:\nwritten:\n%sregrouped:\n%s", pattern, tries, text, want, got);
    g_free(want);
    g_free(got);
}

/* Random word lists over a few characters, in each kind of place a list
 * can stand: regrouped or not, every match and group is the same. */
static void
test_word_tries_same_matches(void)
{
    static const char *const chars[] = { "甲", "乙", "丙", "a" };
    /* What stands before and after the list. */
    static const char *const shapes[][2] = {
        { "(?:", ")" },                                /* a plain group */
        { "(?<w>", ")(?<rest>\\p{Han}{0,2}?)丙" },      /* captured, then backtracked into */
        { "(?:", ")+乙" },                              /* repeated */
        { "甲(?=(?&L))(?(DEFINE)(?<L>", "))" },         /* order free: a lookahead's end */
        { "(?!(?&L))\\p{Han}(?(DEFINE)(?<L>", "))" },  /* and a negative one */
        { "(?&L)丙(?(DEFINE)(?<L>", "))" },             /* a macro called anywhere */
    };
    GRand *rand = g_rand_new_with_seed(20261129);
    guint regrouped = 0;
    for (int round = 0; round < 400; round++) {
        GString *list = random_list(rand, chars, 4, g_rand_int_range(rand, 2, 9));
        GString *text = random_text(rand, chars, 4, 60);
        for (size_t k = 0; k < G_N_ELEMENTS(shapes); k++) {
            char *pattern = g_strconcat(shapes[k][0], list->str, shapes[k][1], NULL);
            char *tries = word_lists_as_tries(pattern, 0, NULL);
            if (tries) {
                regrouped++;
                assert_same_matches(pattern, tries, text->str);
            }
            g_free(tries);
            g_free(pattern);
        }
        g_string_free(text, TRUE);
        g_string_free(list, TRUE);
    }
    /* Most of the 2,400 patterns have two words with a common start. */
    g_assert_cmpuint(regrouped, >, 1500);
    g_rand_free(rand);
}

/* Long lists over many characters, so that levels of the trie are split
 * by range: the same matches in the same places. */
static void
test_word_tries_split_same_matches(void)
{
    /* 52 characters, a few of them close in code point order. */
    static const char pool[] = "一丁七万三上下不与丑专且世丘丙业东丝两严中丰临为主举乃久么义之乎乏"
                               "乐乔乘九也书买乱了事二于亏云互五井亚些";
    GPtrArray *chars = g_ptr_array_new_with_free_func(g_free);
    for (const char *c = pool; *c; c = g_utf8_next_char(c))
        g_ptr_array_add(chars, g_strndup(c, (gsize)(g_utf8_next_char(c) - c)));
    GRand *rand = g_rand_new_with_seed(20261130);
    guint split = 0;
    const char *const *pool_chars = (const char *const *)chars->pdata;
    for (int round = 0; round < 60; round++) {
        GString *list = random_list(rand, pool_chars, chars->len, g_rand_int_range(rand, 30, 120));
        GString *text = random_text(rand, pool_chars, chars->len, 400);
        const char *shapes[][2] = {
            { "(?:", ")" },
            { "(?<w>", ")(?<rest>\\p{Han}{0,2}?)丙" },
            { "一(?=(?&L))(?(DEFINE)(?<L>", "))" },
            { "(?!(?&L))\\p{Han}(?(DEFINE)(?<L>", "))" },
        };
        for (size_t k = 0; k < G_N_ELEMENTS(shapes); k++) {
            char *pattern = g_strconcat(shapes[k][0], list->str, shapes[k][1], NULL);
            char *tries = word_lists_as_tries(pattern, 0, NULL);
            g_assert_nonnull(tries);
            split += strstr(tries, "(?=[") != NULL;
            assert_same_matches(pattern, tries, text->str);
            g_free(tries);
            g_free(pattern);
        }
        g_string_free(text, TRUE);
        g_string_free(list, TRUE);
    }
    /* 30 words or more over 52 first characters: most lists have more
     * than 32 first characters (172 of the 240 patterns with this seed). */
    g_assert_cmpuint(split, >, 150);
    g_rand_free(rand);
    g_ptr_array_free(chars, TRUE);
}

static gint
compare_strings(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every hit of one engine over `text`, sorted, one "rule start end" a line. */
static char *
engine_hits(engine *e, const char *text)
{
    engine_scratch *s = engine_scratch_new(e);
    GArray *hits = g_array_new(FALSE, FALSE, sizeof(raw_hit));
    GArray *groups = g_array_new(FALSE, FALSE, sizeof(size_t));
    GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
    engine_scan(e, s, text, strlen(text), hits, groups, problems);
    g_assert_cmpuint(problems->len, ==, 0);
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < hits->len; i++) {
        const raw_hit *h = &g_array_index(hits, raw_hit, i);
        g_ptr_array_add(lines, g_strdup_printf("%04u %06zu %06zu", h->rule, h->start, h->end));
    }
    g_ptr_array_sort(lines, compare_strings);
    GString *out = g_string_new(NULL);
    for (guint i = 0; i < lines->len; i++)
        g_string_append_printf(out, "%s\n", (const char *)lines->pdata[i]);
    g_ptr_array_free(lines, TRUE);
    g_ptr_array_free(problems, TRUE);
    g_array_free(groups, TRUE);
    g_array_free(hits, TRUE);
    engine_scratch_free(s);
    return g_string_free(out, FALSE);
}

/* Random patterns of literals and classes with lookarounds beside them, over
 * random texts of their characters: the fast engine, which drops a literal's
 * occurrences by what stands before and after them (literals.c), finds
 * exactly the reference engine's matches. */
static void
test_lookarounds_fast_equals_reference(void)
{
    /* The first eleven consume characters (and may be made optional); the
     * first six are literals.  The others assert, among them alternations
     * of which one branch says nothing, and negative lookarounds of one
     * character whose match depends on more than that character. */
    enum { CONSUMING = 15 };
    static const char *const atoms[] = {
        "原", "前", "主席", "中国", "人民", "和", "[太草]", "[^则因，]", "\\p{sc=Han}", "[李平国]",
        "(?:[太草]|)", "\\p{sc=Han}{2,3}", "(?:a|李平国)", "a{2}", "(?:a|[李平国])",
        "(?<![太草目])", "(?<=中国|全)", "(?<!和)", "(?<=[李平])", "(?<![\\p{Han}](?=党))",
        "(?![副总])", "(?=[李平国])", "(?!计划|则)", "(?!的)", "^", "\\A", "(?<!二十)",
        "(?:副|(?<![太草]))", "(?![李平](?=国))", "(?:(?=[李平])|(?![副总]))", "(?!(?<!国)[中和])",
    };
    static const char *const chars[] = {
        "原", "前", "主", "席", "中", "国", "人", "民", "和", "太", "草", "则", "因", "李",
        "平", "副", "总", "党", "计", "划", "全", "的", "二", "十", "，", "\n", "a",
    };
    GRand *rand = g_rand_new_with_seed(20261129);
    guint hits = 0, with_prev = 0, with_min = 0;
    for (int round = 0; round < 30; round++) {
        GString *pack = g_string_new("pack: random\ncategory: random\n");
        for (int r = 0; r < 40; r++) {
            GString *pattern = g_string_new(NULL);
            /* The literal last half the time, after what may precede it. */
            int n = g_rand_int_range(rand, 2, 6);
            int literal_at = g_rand_boolean(rand) ? n - 1 : g_rand_int_range(rand, 0, n);
            for (int k = 0; k < n; k++) {
                /* One literal that every match has, so that no rule
                 * matches the empty string. */
                int a = k == literal_at ? g_rand_int_range(rand, 0, 6)
                                        : g_rand_int_range(rand, 0, G_N_ELEMENTS(atoms));
                g_string_append(pattern, atoms[a]);
                if (a < CONSUMING && k != literal_at && g_rand_int_range(rand, 0, 4) == 0)
                    g_string_append_c(pattern, '?');
            }
            if (g_rand_int_range(rand, 0, 4) == 0)
                g_string_append_printf(pattern, "|%s%s",
                                       atoms[g_rand_int_range(rand, CONSUMING,
                                                              G_N_ELEMENTS(atoms))],
                                       atoms[g_rand_int_range(rand, 0, 6)]);
            g_string_append_printf(pack, "\nid: r%d\nflags: multiline\npattern: %s\n", r,
                                   pattern->str);
            GPtrArray *literals;
            size_t lead;
            literal_context context;
            const char *why;
            if (literals_analyse(pattern->str, 0, &literals, &lead, &context, &why)) {
                with_prev += context.prev != NULL;
                with_min += context.min_lead > 0;
                g_ptr_array_free(literals, TRUE);
                literal_context_clear(&context);
            }
            g_string_free(pattern, TRUE);
        }
        GPtrArray *diags = g_ptr_array_new_with_free_func(g_free);
        rulepack *rp = rulepack_parse("random.rules", pack->str, pack->len, diags);
        if (!rp)
            g_error("%s\n%s", pack->str, (const char *)diags->pdata[0]);
        GError *error = NULL;
        engine_limits limits = { 0 };
        engine *fast = engine_new(ENGINE_FAST, rp->rules, &limits, &error);
        g_assert_no_error(error);
        engine *reference = engine_new(ENGINE_REFERENCE, rp->rules, &limits, &error);
        g_assert_no_error(error);
        for (int t = 0; t < 80; t++) {
            GString *text = random_text(rand, chars, G_N_ELEMENTS(chars),
                                        g_rand_int_range(rand, 0, 60));
            char *want = engine_hits(reference, text->str);
            char *got = engine_hits(fast, text->str);
            if (strcmp(want, got) != 0)
                g_error("over \"%s\" with\n%s\nreference:\n%sfast:\n%s", text->str, pack->str,
                        want, got);
            for (const char *c = want; *c; c++)
                hits += *c == '\n';
            g_free(want);
            g_free(got);
            g_string_free(text, TRUE);
        }
        engine_free(fast);
        engine_free(reference);
        rulepack_free(rp);
        g_ptr_array_free(diags, TRUE);
        g_string_free(pack, TRUE);
    }
    /* With this seed: 1,200 rules, 282 of them with what stands before
     * their literals known, 109 with a least distance to them; 23,446
     * matches compared. */
    g_test_message("%u matches compared, %u of 1,200 rules with prev, %u with a min lead", hits,
                   with_prev, with_min);
    g_assert_cmpuint(with_prev, >, 250);
    g_assert_cmpuint(with_min, >, 90);
    g_assert_cmpuint(hits, >, 20000);
    g_rand_free(rand);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    tmpdir = g_dir_make_tmp("tifa-test-rules-XXXXXX", NULL);
    g_setenv("TIFA_CACHE_DIR", "", TRUE);   /* no compiled databases kept */
    g_test_add_func("/rules/good-pack", test_good_pack);
    g_test_add_func("/rules/pack-name-from-file", test_pack_name_from_file);
    g_test_add_func("/rules/errors", test_errors);
    g_test_add_func("/rules/all-errors-reported", test_all_errors_reported);
    g_test_add_func("/rules/missing-file", test_missing_file);
    g_test_add_func("/rules/merge", test_merge);
    g_test_add_func("/rules/shadowing", test_shadowing);
    g_test_add_func("/rules/lookup", test_lookup);
    g_test_add_func("/rules/lookup-random", test_lookup_random);
    g_test_add_func("/rules/after-literal", test_after_literal);
    g_test_add_func("/rules/prev-literal", test_prev_literal);
    g_test_add_func("/rules/min-lead", test_min_lead);
    g_test_add_func("/rules/lookarounds-fast-equals-reference",
                    test_lookarounds_fast_equals_reference);
    g_test_add_func("/rules/han-ranges", test_han_ranges);
    g_test_add_func("/rules/word-tries-in-order", test_word_tries_in_order);
    g_test_add_func("/rules/word-tries-in-lookaheads", test_word_tries_in_lookaheads);
    g_test_add_func("/rules/word-tries-same-matches", test_word_tries_same_matches);
    g_test_add_func("/rules/word-tries-split", test_word_tries_split);
    g_test_add_func("/rules/word-tries-split-same-matches", test_word_tries_split_same_matches);
    int rc = g_test_run();
    char *cmd = g_strdup_printf("rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        g_printerr("could not remove %s\n", tmpdir);
    g_free(cmd);
    g_free(tmpdir);
    return rc;
}
