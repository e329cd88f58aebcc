/* Unit tests of normalize.c: what the rules see, and offsets back. */
#include "config.h"

#include <string.h>

#include "tifa.h"
#include "both-loops.h"

static char *
norm(const char *in)
{
    size_t n;
    return normalize_text(in, strlen(in), &n, NULL);
}

static void
test_fullwidth(void)
{
    char *s = norm("１月１９日，ＡＢＣ！");
    g_assert_cmpstr(s, ==, "1月19日,ABC!");
    g_free(s);
    s = norm("　　会议指出");
    g_assert_cmpstr(s, ==, "  会议指出");
    g_free(s);
}

static void
test_quotes(void)
{
    /* Every spelling of a quoted formulation becomes “…”. */
    const char *spellings[] = { "“四个意识”", "「四个意识」", "『四个意识』", "‘四个意识’",
                                "\"四个意识\"", "＂四个意识＂", "'四个意识'", "﹁四个意识﹂" };
    for (size_t i = 0; i < G_N_ELEMENTS(spellings); i++) {
        char *s = norm(spellings[i]);
        g_assert_cmpstr(s, ==, "“四个意识”");
        g_free(s);
    }
    /* Mixed: a curly opener closed by an ASCII quote. */
    char *s = norm("增强“四个意识\"、坚定\"四个自信”");
    g_assert_cmpstr(s, ==, "增强“四个意识”、坚定“四个自信”");
    g_free(s);
    /* An English apostrophe is not a quote. */
    s = norm("don't 'stop'");
    g_assert_cmpstr(s, ==, "don't 'stop'");
    g_free(s);
    /* Quotes do not pair across lines. */
    s = norm("\"甲\n\"乙\"");
    g_assert_cmpstr(s, ==, "“甲\n“乙”");
    g_free(s);
}

static void
test_zero_width(void)
{
    char *s = norm("两个\u200b确立\ufeff");
    g_assert_cmpstr(s, ==, "两个确立");
    g_free(s);
}

static void
test_offsets(void)
{
    /* “ from ASCII " grows by 2 bytes; ， shrinks by 2; 　 shrinks by 2. */
    const char *orig = "\"两打\"，　刘伟";
    GArray *breaks = g_array_new(FALSE, FALSE, sizeof(offset_break));
    size_t n;
    char *s = normalize_text(orig, strlen(orig), &n, breaks);
    g_assert_cmpstr(s, ==, "“两打”, 刘伟");
    /* 两打 starts at 3 in the normalised text, at 1 in the original. */
    g_assert_cmpuint(normalize_to_original(breaks, 3), ==, 1);
    g_assert_cmpuint(normalize_to_original(breaks, 9), ==, 7);
    /* 刘伟 starts after "“两打”, " (3+6+3+2 = 14) and in the original after
     * "\"两打\"，　" (1+6+1+3+3 = 14); it ends 6 bytes later in both. */
    const char *liu = strstr(s, "刘伟");
    g_assert_cmpuint((size_t)(liu - s), ==, 14);
    g_assert_cmpuint(normalize_to_original(breaks, 14), ==, 14);
    g_assert_cmpuint(normalize_to_original(breaks, 20), ==, 20);
    g_assert_true(memcmp(orig + 14, "刘伟", 6) == 0);
    /* The comma: normalised offset 12 is its start, 13 its end. */
    g_assert_cmpuint(normalize_to_original(breaks, 12), ==, 8);
    g_assert_cmpuint(normalize_to_original(breaks, 13), ==, 11);
    g_free(s);
    g_array_free(breaks, TRUE);
}

/* The hinted lookup gives the plain one's answers in any order of asking:
 * ascending (the sinks' case), backwards, and jumping about. */
static void
test_offsets_near(void)
{
    /* 40 times "甲，": each full-width comma (3 bytes) becomes "," (1 byte),
     * so the k-th 甲 starts at 4k normalised and at 6k in the original. */
    GString *orig = g_string_new(NULL);
    for (int k = 0; k < 40; k++)
        g_string_append(orig, "甲，");
    GArray *breaks = g_array_new(FALSE, FALSE, sizeof(offset_break));
    size_t n;
    char *s = normalize_text(orig->str, orig->len, &n, breaks);
    g_assert_cmpuint(n, ==, 160);
    size_t hint = 0;
    for (size_t k = 0; k < 40; k++)
        g_assert_cmpuint(normalize_to_original_near(breaks, 4 * k, &hint), ==, 6 * k);
    for (size_t k = 40; k-- > 0;)
        g_assert_cmpuint(normalize_to_original_near(breaks, 4 * k, &hint), ==, 6 * k);
    static const size_t jumps[] = { 17, 3, 39, 0, 21, 22, 38, 1, 30, 29 };
    for (size_t i = 0; i < G_N_ELEMENTS(jumps); i++) {
        size_t k = jumps[i];
        g_assert_cmpuint(normalize_to_original_near(breaks, 4 * k, &hint), ==, 6 * k);
        /* The comma after it: normalised 4k + 3, original 6k + 3. */
        g_assert_cmpuint(normalize_to_original_near(breaks, 4 * k + 3, &hint), ==, 6 * k + 3);
    }
    /* The end of the text maps to the end of the original. */
    g_assert_cmpuint(normalize_to_original_near(breaks, n, &hint), ==, orig->len);
    g_free(s);
    g_array_free(breaks, TRUE);
    g_string_free(orig, TRUE);
}

static void
test_identity(void)
{
    const char *orig = "习近平总书记强调";
    GArray *breaks = g_array_new(FALSE, FALSE, sizeof(offset_break));
    size_t n;
    char *s = normalize_text(orig, strlen(orig), &n, breaks);
    g_assert_cmpstr(s, ==, orig);
    g_assert_cmpuint(breaks->len, ==, 0);
    g_assert_cmpuint(normalize_to_original(breaks, 9), ==, 9);
    g_free(s);
    g_array_free(breaks, TRUE);
}

static void
test_counted(void)
{
    /* Characters that are not space, counted in the same pass: the seed's
     * opening (10 characters, a space, 3 full-width ones, an ideographic
     * space, a quoted pair) counted by hand. */
    const char *text = "省生态环境厅党组召开 第２１次　“会议”\n";
    size_t n, chars;
    char *s = normalize_text_counted(text, strlen(text), &n, NULL, &chars);
    g_assert_cmpstr(s, ==, "省生态环境厅党组召开 第21次 “会议”\n");
    g_assert_cmpuint(chars, ==, 10 + 4 + 4);
    g_assert_cmpuint(chars, ==, util_count_chars(s, n));
    g_free(s);
    /* The whole seed, when the source tree is at hand. */
    const char *srcdir = g_getenv("TIFA_SRCDIR");
    if (!srcdir)
        return;
    char *path = g_build_filename(srcdir, "corpus", "seed", "000_92a84c723940ec2d.txt", NULL);
    char *seed;
    gsize len;
    g_assert_true(g_file_get_contents(path, &seed, &len, NULL));
    s = normalize_text_counted(seed, len, &n, NULL, &chars);
    /* 2094 non-space characters (wc -m minus spaces, tabs and newlines). */
    g_assert_cmpuint(chars, ==, 2094);
    g_assert_cmpuint(chars, ==, util_count_chars(s, n));
    g_free(s);
    g_free(seed);
    g_free(path);
}

/* `middle` (and the `want`ed normalisation of it) after k 国 and before
 * ten 家: k from 0 to 32 shifts it through every place of a sixteen- or
 * thirty-two-byte block (3k mod 32 takes every value). */
static void
shifted(int k, const char *middle, const char *middle_want, GString **in, GString **want)
{
    *in = g_string_new(NULL);
    *want = g_string_new(NULL);
    for (int i = 0; i < k; i++) {
        g_string_append(*in, "国");
        g_string_append(*want, "国");
    }
    g_string_append(*in, middle);
    g_string_append(*want, middle_want);
    for (int i = 0; i < 10; i++) {
        g_string_append(*in, "家");
        g_string_append(*want, "家");
    }
}

/* The runs that cannot change are walked 16 or 32 bytes at a time: a quote
 * to turn, and white space not to count, at every place of such a block. */
static void
check_counted_blocks(void)
{
    for (int k = 0; k <= 32; k++) {
        GString *in, *want;
        shifted(k, " \t\v\f\r\"b\"", " \t\v\f\r“b”", &in, &want);
        size_t n, chars;
        char *s = normalize_text_counted(in->str, in->len, &n, NULL, &chars);
        g_assert_cmpstr(s, ==, want->str);
        /* k Han, five white spaces not counted, “b” (3), ten Han. */
        g_assert_cmpuint(chars, ==, (size_t)k + 3 + 10);
        g_free(s);
        g_string_free(in, TRUE);
        g_string_free(want, TRUE);
    }
}

/* 、 and 。 stay, 「 and 」 change, and the four share their lead byte
 * (E3): the sixteen-byte loop must tell them apart wherever they fall in
 * a block (k shifts them through every position, including the last two,
 * where the rest of the character lies in the next block). */
static void
check_blocks_e3(void)
{
    for (int k = 0; k <= 32; k++) {
        GString *in, *want;
        shifted(k, "、「甲」。", "、“甲”。", &in, &want);
        GArray *breaks = g_array_new(FALSE, FALSE, sizeof(offset_break));
        size_t n, chars;
        char *s = normalize_text_counted(in->str, in->len, &n, breaks, &chars);
        g_assert_cmpstr(s, ==, want->str);
        /* k Han, 、“甲”。 (5), ten Han; 「 and “ are both three bytes. */
        g_assert_cmpuint(chars, ==, (size_t)k + 5 + 10);
        g_assert_cmpuint(breaks->len, ==, 0);
        g_free(s);
        g_array_free(breaks, TRUE);
        g_string_free(in, TRUE);
        g_string_free(want, TRUE);
    }
}

static void
test_counted_blocks(void)
{
    both_loops(check_counted_blocks);
}

static void
test_blocks_e3(void)
{
    both_loops(check_blocks_e3);
}

/* Quotes pair within a line also where the line is long enough for the
 * 32-byte loop: its newline must stop a run like the byte loop's. */
static void
check_long_lines(void)
{
    GString *in = g_string_new("\"");
    GString *want = g_string_new("“");
    for (int i = 0; i < 40; i++) {
        g_string_append(in, "国");
        g_string_append(want, "国");
    }
    g_string_append(in, "\n\"乙\"，\t家\n");
    g_string_append(want, "\n“乙”,\t家\n");
    size_t n, chars;
    char *s = normalize_text_counted(in->str, in->len, &n, NULL, &chars);
    g_assert_cmpstr(s, ==, want->str);
    /* “, 40 国, “乙”, the comma and 家; the tab and newlines do not count. */
    g_assert_cmpuint(chars, ==, 1 + 40 + 3 + 1 + 1);
    g_free(s);
    g_string_free(in, TRUE);
    g_string_free(want, TRUE);
}

static void
test_long_lines(void)
{
    both_loops(check_long_lines);
}

/* Random texts from the characters each loop tells apart (those that
 * change, those that share their lead byte with them and stay, white
 * space, newlines, four-byte characters and bytes that are not UTF-8), long
 * enough to cross many blocks of both loops: the 32-byte loop and the
 * 16-byte one must give the same text, breaks and count. */
static void
test_loops_agree(void)
{
    static const char *const palette[] = {
        "国", "家", "、", "。", "《", "》", "「", "」", "『", "“", "”", "‘", "’", "\"", "'",
        "＂", "＇", "，", "（", "）", "１", "Ａ", " ", "\t", "\r", "\n", "\u3000", "\u00a0",
        "\u2003", "\u200b", "\ufeff", "\u2060", "a", "B", "0", "—", "…", "\u2028", "〝", "〞",
        "﹁", "﹂", "￥", "\U00020000", "é", "\xff", "\x80", "\xe3\x80",
    };
    if (!util_force_avx2(TRUE)) {
        g_test_skip("no AVX2 on this CPU: one loop only");
        util_avx2_detect();
        return;
    }
    GRand *rand = g_rand_new_with_seed(20261129);
    for (int round = 0; round < 400; round++) {
        GString *in = g_string_new(NULL);
        int length = g_rand_int_range(rand, 0, 300);
        /* Long stretches of one character as well as mixtures. */
        int spread = g_rand_boolean(rand) ? (int)G_N_ELEMENTS(palette) : 4;
        for (int k = 0; k < length; k++)
            g_string_append(in, palette[g_rand_int_range(rand, 0, spread) +
                                        (spread == 4 ? round % ((int)G_N_ELEMENTS(palette) - 4)
                                                     : 0)]);
        char *out[2];
        size_t n[2], chars[2];
        GArray *breaks[2];
        for (int wide = 0; wide < 2; wide++) {
            util_force_avx2(wide);
            breaks[wide] = g_array_new(FALSE, FALSE, sizeof(offset_break));
            out[wide] = normalize_text_counted(in->str, in->len, &n[wide], breaks[wide],
                                               &chars[wide]);
        }
        g_assert_cmpuint(n[0], ==, n[1]);
        g_assert_cmpmem(out[0], n[0], out[1], n[1]);
        g_assert_cmpuint(chars[0], ==, chars[1]);
        g_assert_cmpmem(breaks[0]->data, breaks[0]->len * sizeof(offset_break), breaks[1]->data,
                        breaks[1]->len * sizeof(offset_break));
        for (int wide = 0; wide < 2; wide++) {
            g_free(out[wide]);
            g_array_free(breaks[wide], TRUE);
        }
        g_string_free(in, TRUE);
    }
    g_rand_free(rand);
    util_avx2_detect();
}

static void
test_punctuation(void)
{
    /* The common CJK punctuation that stays (、。《》〈〉—…￥) next to the
     * marks that change (「」 to “”, （） to ASCII): the fast paths for the
     * first and the second must agree with the general one.  Counted by
     * hand: 9 + 3 + 3 + 3 characters and 丙; U+2028 is space. */
    const char *orig = "《决定》、〈一〉。「甲」（乙）—…￥\u2028丙";
    GArray *breaks = g_array_new(FALSE, FALSE, sizeof(offset_break));
    size_t n, chars;
    char *s = normalize_text_counted(orig, strlen(orig), &n, breaks, &chars);
    g_assert_cmpstr(s, ==, "《决定》、〈一〉。“甲”(乙)—…￥\u2028丙");
    g_assert_cmpuint(chars, ==, 19);
    g_assert_cmpuint(chars, ==, util_count_chars(s, n));
    /* 乙: 37 in the normalised text (27 + “甲” 9 + "(" 1), 39 in the
     * original (（ is 3 bytes); — : 41 and 45. */
    g_assert_true(memcmp(s + 37, "乙", 3) == 0);
    g_assert_cmpuint(normalize_to_original(breaks, 37), ==, 39);
    g_assert_true(memcmp(orig + 39, "乙", 3) == 0);
    g_assert_cmpuint(normalize_to_original(breaks, 41), ==, 45);
    g_assert_true(memcmp(orig + 45, "—", 3) == 0);
    g_free(s);
    g_array_free(breaks, TRUE);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/normalize/fullwidth", test_fullwidth);
    g_test_add_func("/normalize/quotes", test_quotes);
    g_test_add_func("/normalize/zero-width", test_zero_width);
    g_test_add_func("/normalize/offsets", test_offsets);
    g_test_add_func("/normalize/offsets-near", test_offsets_near);
    g_test_add_func("/normalize/identity", test_identity);
    g_test_add_func("/normalize/counted", test_counted);
    g_test_add_func("/normalize/counted-blocks", test_counted_blocks);
    g_test_add_func("/normalize/blocks-e3", test_blocks_e3);
    g_test_add_func("/normalize/punctuation", test_punctuation);
    g_test_add_func("/normalize/long-lines", test_long_lines);
    g_test_add_func("/normalize/loops-agree", test_loops_agree);
    return g_test_run();
}
