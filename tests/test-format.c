/* Unit tests of format.c and the width helpers: what every output format
 * does with awkward cells. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tifa.h"

static const char *const cols[] = { "key", "mentions", NULL };

/* Write rows in a format and return the text. */
static char *
render(out_format format, const char *const *keys, const char *const *counts, size_t n)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    rows *r = rows_new(f, format, cols, "sn");
    for (size_t i = 0; i < n; i++) {
        const char *cells[] = { keys[i], counts[i] };
        rows_add(r, cells);
    }
    rows_finish(r);
    fclose(f);
    return buf;
}

static void
test_csv(void)
{
    const char *keys[] = { "四个意识", "a,b", "say \"hi\"", "=1+2", "-2", "@x", "line\nbreak" };
    const char *counts[] = { "30", "1", "2", "3", "-4", "5", "6" };
    char *out = render(FORMAT_CSV, keys, counts, G_N_ELEMENTS(keys));
    g_assert_cmpstr(out, ==,
                    "key,mentions\r\n"
                    "四个意识,30\r\n"
                    "\"a,b\",1\r\n"
                    "\"say \"\"hi\"\"\",2\r\n"
                    "\"'=1+2\",3\r\n"     /* a formula is defused */
                    "\"'-2\",-4\r\n"      /* text cell: defused; number: untouched */
                    "\"'@x\",5\r\n"
                    "\"line\nbreak\",6\r\n");
    free(out);
}

static void
test_tsv(void)
{
    const char *keys[] = { "tab\there", "back\\slash", "new\nline", "cr\r\\\t", "" };
    const char *counts[] = { "1", "2", "3", "4", "5" };
    char *out = render(FORMAT_TSV, keys, counts, G_N_ELEMENTS(keys));
    g_assert_cmpstr(out, ==, "key\tmentions\ntab\\there\t1\nback\\\\slash\t2\nnew\\nline\t3\n"
                             "cr\\r\\\\\\t\t4\n\t5\n");
    free(out);
}

static void
test_json(void)
{
    const char *keys[] = { "两个\"确立\"", "x\x01" };
    const char *counts[] = { "2", "" };
    char *out = render(FORMAT_JSON, keys, counts, G_N_ELEMENTS(keys));
    g_assert_cmpstr(out, ==,
                    "[\n {\"key\": \"两个\\\"确立\\\"\", \"mentions\": 2},\n"
                    " {\"key\": \"x\\u0001\", \"mentions\": null}\n]\n");
    free(out);
    out = render(FORMAT_JSON, NULL, NULL, 0);
    g_assert_cmpstr(out, ==, "[]\n");
    free(out);
}

static void
test_table(void)
{
    /* Han characters take two columns: the counts line up. */
    const char *keys[] = { "四个意识", "ab" };
    const char *counts[] = { "30", "156" };
    char *out = render(FORMAT_TABLE, keys, counts, G_N_ELEMENTS(keys));
    g_assert_cmpstr(out, ==,
                    "key       mentions\n"
                    "四个意识        30\n"
                    "ab             156\n");
    free(out);
}

static void
test_width(void)
{
    g_assert_cmpuint(util_display_width("四个意识"), ==, 8);
    g_assert_cmpuint(util_display_width("ABC"), ==, 3);
    g_assert_cmpuint(util_display_width("“两打”"), ==, 6);
    g_assert_cmpuint(util_count_chars("两个 确立\n", strlen("两个 确立\n")), ==, 4);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_setenv("NO_COLOR", "1", TRUE);
    g_test_add_func("/format/csv", test_csv);
    g_test_add_func("/format/tsv", test_tsv);
    g_test_add_func("/format/json", test_json);
    g_test_add_func("/format/table", test_table);
    g_test_add_func("/format/width", test_width);
    return g_test_run();
}
