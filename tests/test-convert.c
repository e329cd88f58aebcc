/* Unit tests of convert.c: traditional text to simplified, with every
 * offset of the converted text mapped back into the original. */
#include "config.h"

#include <string.h>

#include "tifa.h"

/* Where `needle` is in `converted`, as an offset in the original. */
static size_t
original_of(const GArray *breaks, const char *converted, const char *needle)
{
    const char *at = strstr(converted, needle);
    g_assert_nonnull(at);
    return normalize_to_original(breaks, (size_t)(at - converted));
}

static void
test_t2s(void)
{
    converter *c = converter_open("t2s", NULL);
    g_assert_nonnull(c);
    GArray *breaks = g_array_new(FALSE, FALSE, sizeof(offset_break));
    const char *in = "習近平總書記強調，堅決擁護「兩個確立」。";
    size_t n;
    char *out = converter_run(c, in, strlen(in), &n, breaks);
    g_assert_cmpstr(out, ==, "习近平总书记强调，坚决拥护「两个确立」。");
    g_assert_cmpuint(n, ==, strlen(out));
    /* Same characters, same bytes: offsets carry over as they are. */
    g_assert_cmpuint(original_of(breaks, out, "两个确立"), ==,
                     (size_t)(strstr(in, "兩個確立") - in));
    g_free(out);
    g_array_free(breaks, TRUE);
    converter_free(c);
}

static void
test_phrase_changes_length(void)
{
    /* tw2sp turns 隨身碟 (three characters) into U盘 (two): that clause is
     * converted a character at a time, so that what follows still maps
     * back exactly. */
    converter *c = converter_open("tw2sp", NULL);
    g_assert_nonnull(c);
    GArray *breaks = g_array_new(FALSE, FALSE, sizeof(offset_break));
    const char *in = "我的隨身碟壞了，滑鼠也壞了，堅持「兩個確立」。";
    size_t n;
    char *out = converter_run(c, in, strlen(in), &n, breaks);
    g_assert_cmpstr(out, ==, "我的随身碟坏了，鼠标也坏了，坚持「两个确立」。");
    g_assert_cmpuint(original_of(breaks, out, "两个确立"), ==,
                     (size_t)(strstr(in, "兩個確立") - in));
    g_assert_cmpuint(original_of(breaks, out, "鼠标"), ==, (size_t)(strstr(in, "滑鼠") - in));
    g_assert_cmpuint(original_of(breaks, out, "坏了，鼠"), ==, (size_t)(strstr(in, "壞了，滑") - in));
    /* The end maps to the end. */
    g_assert_cmpuint(normalize_to_original(breaks, n), ==, strlen(in));
    g_free(out);
    g_array_free(breaks, TRUE);
    converter_free(c);
}

static void
test_auto(void)
{
    converter *c = converter_open("auto", NULL);
    GArray *breaks = g_array_new(FALSE, FALSE, sizeof(offset_break));
    size_t n;
    /* Simplified text is left alone: NULL, nothing to map. */
    const char *simplified = "习近平总书记强调，坚决拥护“两个确立”，增强“四个意识”。";
    g_assert_null(converter_run(c, simplified, strlen(simplified), &n, breaks));
    const char *traditional = "習近平總書記強調，堅決擁護「兩個確立」，增強「四個意識」。";
    char *out = converter_run(c, traditional, strlen(traditional), &n, breaks);
    g_assert_cmpstr(out, ==, "习近平总书记强调，坚决拥护「两个确立」，增强「四个意识」。");
    g_free(out);
    g_array_free(breaks, TRUE);
    converter_free(c);
}

static void
test_unknown(void)
{
    GError *error = NULL;
    g_assert_null(converter_open("s2t-please", &error));
    g_assert_nonnull(strstr(error->message, "unknown conversion 's2t-please'"));
    g_assert_nonnull(strstr(error->message, "t2s"));
    g_error_free(error);
    g_assert_true(converter_name_valid("hk2s"));
    g_assert_false(converter_name_valid("t2"));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/convert/t2s", test_t2s);
    g_test_add_func("/convert/phrase-changes-length", test_phrase_changes_length);
    g_test_add_func("/convert/auto", test_auto);
    g_test_add_func("/convert/unknown", test_unknown);
    return g_test_run();
}
