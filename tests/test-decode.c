/* Unit tests of decode.c: UTF-8, BOM, GB18030, Big5, UTF-16, binary, broken. */
#include "config.h"

#include <string.h>

#include "tifa.h"
#include "both-loops.h"

/* A sentence of the seed document (黑龙江省生态环境厅, 2023-06-02). */
static const char sentence[] = "厅党组成员、副厅长林奇昌、马健、赵振伟、马云出席会议。";

/* A sentence of the Hong Kong government's article of 2024-07-01, in
 * traditional characters (tests/data/traditional). */
static const char traditional[] =
    "國家主席習近平在二十大報告中指出:「『一國兩制』是中國特色社會主義的偉大創舉,"
    "是香港、澳門回歸後保持長期繁榮穩定的最佳制度安排,必須長期堅持。」";

static void
test_utf8(void)
{
    size_t n;
    const char *enc;
    GError *error = NULL;
    char *s = decode_text(sentence, strlen(sentence), &n, &enc, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(enc, ==, "utf-8");
    g_assert_cmpstr(s, ==, sentence);
    g_free(s);
}

static void
test_bom(void)
{
    char *bytes = g_strconcat("\xEF\xBB\xBF", sentence, NULL);
    size_t n;
    const char *enc;
    GError *error = NULL;
    char *s = decode_text(bytes, strlen(bytes), &n, &enc, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(enc, ==, "utf-8-bom");
    g_assert_cmpstr(s, ==, sentence);
    g_assert_cmpuint(n, ==, strlen(sentence));
    g_free(s);
    g_free(bytes);
}

static void
test_gb18030(void)
{
    gsize len;
    char *gb = g_convert(sentence, -1, "GB18030", "UTF-8", NULL, &len, NULL);
    g_assert_nonnull(gb);
    /* 27 Han characters and punctuation, two bytes each in GB18030. */
    g_assert_cmpuint(len, ==, 2 * g_utf8_strlen(sentence, -1));
    size_t n;
    const char *enc;
    GError *error = NULL;
    char *s = decode_text(gb, len, &n, &enc, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(enc, ==, "gb18030");
    g_assert_cmpstr(s, ==, sentence);
    g_free(s);
    /* The same bytes are valid Big5 too (glibc's table), as most GBK text
     * is: the Big5 reading is not Chinese, so GB18030 it is. */
    char *as_big5 = g_convert(gb, (gssize)len, "UTF-8", "BIG5", NULL, NULL, NULL);
    g_assert_nonnull(as_big5);
    g_assert_cmpstr(as_big5, !=, sentence);
    g_free(as_big5);
    g_free(gb);
}

/* Big5 text is valid GB18030 as well: what the two readings say decides. */
static void
test_big5(void)
{
    gsize len;
    char *b5 = g_convert(traditional, -1, "BIG5", "UTF-8", NULL, &len, NULL);
    g_assert_nonnull(b5);
    char *as_gb = g_convert(b5, (gssize)len, "UTF-8", "GB18030", NULL, NULL, NULL);
    g_assert_nonnull(as_gb);
    g_assert_cmpstr(as_gb, !=, traditional);
    g_free(as_gb);
    size_t n;
    const char *enc;
    GError *error = NULL;
    char *s = decode_text(b5, len, &n, &enc, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(enc, ==, "big5");
    g_assert_cmpstr(s, ==, traditional);
    g_assert_cmpuint(n, ==, strlen(traditional));
    g_free(s);

    /* A long file is judged on its start: the sentence over and over,
     * 20 KB, with a line break between. */
    GString *many = g_string_new(NULL);
    GString *want = g_string_new(NULL);
    while (many->len < 20000) {
        g_string_append_len(many, b5, (gssize)len);
        g_string_append_c(many, '\n');
        g_string_append(want, traditional);
        g_string_append_c(want, '\n');
    }
    s = decode_text(many->str, many->len, &n, &enc, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(enc, ==, "big5");
    g_assert_cmpstr(s, ==, want->str);
    g_free(s);
    g_string_free(many, TRUE);
    g_string_free(want, TRUE);

    /* Four characters of it: too short for a verdict, but the better of
     * the two readings still wins. */
    char *short_b5 = g_convert("一國兩制", -1, "BIG5", "UTF-8", NULL, &len, NULL);
    s = decode_text(short_b5, len, &n, &enc, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(enc, ==, "big5");
    g_assert_cmpstr(s, ==, "一國兩制");
    g_free(s);
    g_free(short_b5);
    g_free(b5);
}

/* The same sentence in EUC-TW (CNS 11643), which tifa does not read: it is
 * valid GB18030, but not Chinese read so, and it is refused, saying why,
 * rather than counted as garbage. */
static void
test_not_chinese(void)
{
    gsize len;
    char *tw = g_convert(traditional, -1, "EUC-TW", "UTF-8", NULL, &len, NULL);
    g_assert_nonnull(tw);
    char *as_gb = g_convert(tw, (gssize)len, "UTF-8", "GB18030", NULL, NULL, NULL);
    g_assert_nonnull(as_gb);
    g_free(as_gb);
    size_t n;
    const char *enc;
    GError *error = NULL;
    char *s = decode_text(tw, len, &n, &enc, &error);
    g_assert_null(s);
    g_assert_error(error, TIFA_ERROR, TIFA_ERROR_INPUT);
    g_assert_nonnull(strstr(error->message, "is not Chinese text read as GB18030"));
    g_assert_nonnull(strstr(error->message, "its encoding is not one tifa reads"));
    g_error_free(error);
    g_free(tw);
}

static void
test_utf16(void)
{
    gsize len;
    char *u16 = g_convert(sentence, -1, "UTF-16LE", "UTF-8", NULL, &len, NULL);
    char *bytes = g_malloc(len + 2);
    bytes[0] = (char)0xFF;
    bytes[1] = (char)0xFE;
    memcpy(bytes + 2, u16, len);
    size_t n;
    const char *enc;
    GError *error = NULL;
    char *s = decode_text(bytes, len + 2, &n, &enc, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(enc, ==, "utf-16le");
    g_assert_cmpstr(s, ==, sentence);
    g_free(s);
    g_free(bytes);
    g_free(u16);
}

/* UTF-16 without a BOM, both orders; and 16-bit numbers, whose NUL bytes
 * fall on one side too, are still binary. */
static void
test_utf16_without_bom(void)
{
    const char *const orders[] = { "UTF-16LE", "UTF-16BE" };
    const char *const names[] = { "utf-16le", "utf-16be" };
    /* ASCII in it (the date), so that NUL bytes tell the order. */
    const char *text = "2023年6月2日，厅长刘伟主持召开厅党组会议。\n";
    for (int i = 0; i < 2; i++) {
        gsize len;
        char *u16 = g_convert(text, -1, orders[i], "UTF-8", NULL, &len, NULL);
        size_t n;
        const char *enc;
        GError *error = NULL;
        char *s = decode_text(u16, len, &n, &enc, &error);
        g_assert_no_error(error);
        g_assert_cmpstr(enc, ==, names[i]);
        g_assert_cmpstr(s, ==, text);
        g_free(s);
        g_free(u16);
    }
    unsigned char numbers[600];
    for (int i = 0; i < 300; i++) {
        numbers[2 * i] = (unsigned char)(1 + (i * 37) % 200);   /* 1..200: controls among them */
        numbers[2 * i + 1] = 0;
    }
    size_t n;
    const char *enc;
    GError *error = NULL;
    char *s = decode_text((const char *)numbers, sizeof numbers, &n, &enc, &error);
    g_assert_null(s);
    g_assert_error(error, TIFA_ERROR, TIFA_ERROR_BINARY);
    g_error_free(error);
}

static void
test_binary(void)
{
    const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
    size_t n;
    const char *enc;
    GError *error = NULL;
    char *s = decode_text(png, sizeof png - 1, &n, &enc, &error);
    g_assert_null(s);
    g_assert_error(error, TIFA_ERROR, TIFA_ERROR_BINARY);
    g_assert_nonnull(strstr(error->message, "binary"));
    g_error_free(error);
}

/* Control bytes scattered through text, counted wherever they fall: one in
 * nine is binary, one in eleven (below one in ten) is still text. */
static void
test_binary_scattered(void)
{
    for (int every = 9; every <= 11; every += 2) {
        GString *t = g_string_new(NULL);
        for (int i = 0; t->len < 1600; i++)
            g_string_append_c(t, i % every == every - 1 ? '\x01' : 'a');
        size_t n;
        const char *enc;
        GError *error = NULL;
        char *s = decode_text(t->str, t->len, &n, &enc, &error);
        if (every == 9) {
            g_assert_null(s);
            g_assert_error(error, TIFA_ERROR, TIFA_ERROR_BINARY);
            g_error_free(error);
        } else {
            g_assert_nonnull(s);
            g_assert_cmpuint(n, ==, 1600);
            g_free(s);
        }
        g_string_free(t, TRUE);
    }
}

static void
test_invalid(void)
{
    /* Bytes that are neither UTF-8, GB18030 nor Big5: 0x80 and 0xFF are not
     * lead bytes of any. */
    const char bad[] = "abc\x80\xff\x80\xff def \xff\xff";
    size_t n;
    const char *enc;
    GError *error = NULL;
    char *s = decode_text(bad, sizeof bad - 1, &n, &enc, &error);
    g_assert_null(s);
    g_assert_error(error, TIFA_ERROR, TIFA_ERROR_INPUT);
    g_assert_nonnull(strstr(error->message, "neither UTF-8, GB18030 nor Big5"));
    g_error_free(error);
}

static void
test_repaired(void)
{
    /* A long UTF-8 text cut inside one character: kept, the broken bytes
     * replaced. */
    GString *text = g_string_new(NULL);
    for (int i = 0; i < 9; i++)
        g_string_append(text, sentence);
    g_string_append_len(text, "\xe4\xb8", 2);
    g_string_append(text, sentence);
    size_t n;
    const char *enc;
    GError *error = NULL;
    char *s = decode_text(text->str, text->len, &n, &enc, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(enc, ==, "utf-8-repaired");
    g_assert_true(g_utf8_validate(s, -1, NULL));
    g_assert_nonnull(strstr(s, "\xEF\xBF\xBD"));
    g_free(s);
    g_string_free(text, TRUE);
}

static void
test_empty(void)
{
    size_t n;
    const char *enc;
    GError *error = NULL;
    g_assert_null(decode_text("", 0, &n, &enc, &error));
    g_assert_error(error, TIFA_ERROR, TIFA_ERROR_INPUT);
    g_assert_cmpstr(error->message, ==, "is empty");
    g_error_free(error);
}

/* util_utf8_valid judges sixteen (or, with AVX2, thirty-two) bytes at a
 * time where the text is ASCII and CJK: a sequence that is not, at each
 * place of a block, must still get glib's answer. */
static void
check_utf8_blocks(void)
{
    static const struct {
        const char *bytes;
        gboolean valid;
    } inserts[] = {
        { "\xE4\xB8", FALSE },             /* a CJK character cut short */
        { "\xC3\xA9", TRUE },              /* é, two bytes */
        { "\xF0\x9F\x98\x80", TRUE },      /* an emoji, four bytes */
        { "\xE0\xA4\x85", TRUE },          /* U+0905, led by E0 */
        { "\xE0\x80\x80", FALSE },         /* overlong */
        { "\xED\xA0\x80", FALSE },         /* a surrogate */
        { "\xED\x9F\xBF", TRUE },          /* U+D7FF, led by ED */
        { "\xBF", FALSE },                 /* a lone continuation byte */
        { "\xFF", FALSE },
    };
    const char *han = "中国共产党第二十次全国代表大会在北京人民大会堂开幕习近平代表第十九届中央委员会向大会作报告";
    for (size_t i = 0; i < G_N_ELEMENTS(inserts); i++)
        for (size_t k = 0; k <= 60; k += 3) {
            GString *s = g_string_new(han);
            g_string_insert(s, (gssize)k, inserts[i].bytes);
            for (size_t cut = 0; cut < 3; cut++) {
                /* Shifted by 0..2 bytes, so that the insertion meets every
                 * place of a block; the shift may cut the first character. */
                gboolean want = g_utf8_validate(s->str + cut, (gssize)(s->len - cut), NULL);
                g_assert_cmpint(util_utf8_valid(s->str + cut, s->len - cut), ==, want);
                if (cut == 0)
                    g_assert_cmpint(want, ==, inserts[i].valid);
            }
            g_string_free(s, TRUE);
        }
    /* A NUL byte makes text invalid, as for g_utf8_validate with a length. */
    char with_nul[] = "中国共产党第二十次全国代表大会\0在北京人民大会堂开幕";
    g_assert_false(util_utf8_valid(with_nul, sizeof with_nul - 1));
}

static void
test_utf8_blocks(void)
{
    both_loops(check_utf8_blocks);
}

/* Random byte strings made of pieces that are valid UTF-8 of every length
 * and pieces that are not (every kind of error the 32-byte judge tells
 * apart: cut sequences, stray continuations, overlong forms, surrogates,
 * code points above U+10FFFF, bytes never in UTF-8, NUL), and valid text
 * with one byte changed: util_utf8_valid must give glib's answer, with the
 * 32-byte loop and without. */
static void
check_utf8_random(void)
{
    static const char *const pieces[] = {
        "a", "Z", " ", "\n", "中", "国", "，", "。", "\xC3\xA9", "\xDF\xBF", "\xE0\xA4\x85",
        "\xED\x9F\xBF", "\xEE\x80\x80", "\xEF\xBF\xBF", "\xF0\x90\x80\x80",
        "\xF0\x9F\x98\x80", "\xF4\x8F\xBF\xBF", "\xF3\xA0\x80\x81",
        /* not valid */
        "\xE4\xB8", "\xE4", "\xF0\x9F\x98", "\x80", "\xBF", "\xC0\x80", "\xC1\xBF",
        "\xE0\x80\x80", "\xE0\x9F\xBF", "\xF0\x80\x80\x80", "\xF0\x8F\xBF\xBF",
        "\xED\xA0\x80", "\xED\xBF\xBF", "\xF4\x90\x80\x80", "\xF5\x80\x80\x80",
        "\xF8\x88\x80\x80\x80", "\xFE", "\xFF", "\xC2", "\x00",
    };
    const size_t n_valid = 18;
    const char *text = "中国共产党第二十次全国代表大会在北京人民大会堂开幕，习近平代表第十九届"
                       "中央委员会向大会作报告。Xi Jinping delivered the report.";
    GRand *rand = g_rand_new_with_seed(20261129);
    int answers[2] = { 0, 0 };
    for (int round = 0; round < 3000; round++) {
        GString *s = g_string_new(NULL);
        if (round % 3 == 2) {
            /* Valid text with one byte changed. */
            g_string_append(s, text);
            s->str[g_rand_int_range(rand, 0, (gint32)s->len)] = (char)g_rand_int_range(rand, 0, 256);
        } else {
            /* Mostly valid pieces, now and then one that is not. */
            int pieces_n = g_rand_int_range(rand, 0, 120);
            for (int k = 0; k < pieces_n; k++) {
                size_t i = g_rand_int_range(rand, 0, 40) == 0
                               ? (size_t)g_rand_int_range(rand, 0, G_N_ELEMENTS(pieces))
                               : (size_t)g_rand_int_range(rand, 0, (gint32)n_valid);
                /* "\x00" is a piece of one byte, NUL. */
                g_string_append_len(s, pieces[i], pieces[i][0] ? (gssize)strlen(pieces[i]) : 1);
            }
        }
        gboolean want = g_utf8_validate(s->str, (gssize)s->len, NULL);
        g_assert_cmpint(util_utf8_valid(s->str, s->len), ==, want);
        answers[want]++;
        g_string_free(s, TRUE);
    }
    g_rand_free(rand);
    /* Both answers, many times each. */
    g_test_message("valid %d, not valid %d", answers[1], answers[0]);
    g_assert_cmpint(answers[0], >=, 500);
    g_assert_cmpint(answers[1], >=, 500);
}

static void
test_utf8_random(void)
{
    both_loops(check_utf8_random);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/decode/utf8", test_utf8);
    g_test_add_func("/decode/utf8-blocks", test_utf8_blocks);
    g_test_add_func("/decode/utf8-random", test_utf8_random);
    g_test_add_func("/decode/bom", test_bom);
    g_test_add_func("/decode/gb18030", test_gb18030);
    g_test_add_func("/decode/big5", test_big5);
    g_test_add_func("/decode/not-chinese", test_not_chinese);
    g_test_add_func("/decode/utf16", test_utf16);
    g_test_add_func("/decode/utf16-without-bom", test_utf16_without_bom);
    g_test_add_func("/decode/binary", test_binary);
    g_test_add_func("/decode/binary-scattered", test_binary_scattered);
    g_test_add_func("/decode/invalid", test_invalid);
    g_test_add_func("/decode/repaired", test_repaired);
    g_test_add_func("/decode/empty", test_empty);
    return g_test_run();
}
