/* Unit tests of dates.c: manifests, file names, and the text itself. */
#include "config.h"

#include <string.h>

#include "tifa.h"

static void
expect(gboolean found, const char *got, const char *want)
{
    if (want) {
        g_assert_true(found);
        g_assert_cmpstr(got, ==, want);
    } else {
        g_assert_false(found);
    }
}

static void
test_parse(void)
{
    char d[11];
    expect(date_parse("2023-06-02", d), d, "2023-06-02");
    expect(date_parse("20230602", d), d, "2023-06-02");
    expect(date_parse("2023/6/2", d), d, "2023-06-02");
    expect(date_parse("2023.06.02", d), d, "2023-06-02");
    expect(date_parse(" 1998-01-15 ", d), d, "1998-01-15");
    expect(date_parse("2023-02-30", d), d, NULL);   /* no such day */
    expect(date_parse("2023-13-01", d), d, NULL);
    expect(date_parse("2023-06", d), d, NULL);
    expect(date_parse("yesterday", d), d, NULL);
    expect(date_parse("2023-06/02", d), d, NULL);   /* mixed separators */
}

static void
test_name(void)
{
    char d[11];
    expect(date_from_name("corpus/xwlb/2023-06-02_xwlb.txt", d), d, "2023-06-02");
    expect(date_from_name("/data/rmrb/19980101-01-001.txt", d), d, "1998-01-01");
    expect(date_from_name("2017-10-18_19th-congress-report.txt", d), d, "2017-10-18");
    expect(date_from_name("000_92a84c723940ec2d.txt", d), d, NULL);
    /* The date is in the file name, not in the directories. */
    expect(date_from_name("2023-06-02/notes.txt", d), d, NULL);
    /* A long number is not a date. */
    expect(date_from_name("id_1202306021.txt", d), d, NULL);
}

static void
test_text(void)
{
    char d[11];
    /* The seed: a labelled date in the header. */
    const char *seed = "您所在的位置:首页 > 环保新闻\n省生态环境厅党组召开第21次会议\n"
                       "发布时间:2023.06.02\n";
    expect(date_from_text(seed, strlen(seed), d), d, "2023-06-02");
    const char *cn = "本报北京１月１日讯，国务院总理李鹏2023年6月1日在北京会见";
    size_t n;
    char *norm = normalize_text(cn, strlen(cn), &n, NULL);
    expect(date_from_text(norm, n, d), d, "2023-06-01");
    g_free(norm);
    const char *numeric = "来源：新华网 2021-11-16 08:00";
    expect(date_from_text(numeric, strlen(numeric), d), d, "2021-11-16");
    /* A label wins over an earlier unlabelled date. */
    const char *both = "2019年1月1日起施行的条例……发布日期：2020-05-22";
    expect(date_from_text(both, strlen(both), d), d, "2020-05-22");
    /* A year alone, or a month and day alone, is not a date. */
    const char *none = "2023年全国环境应急管理工作会议 新华社北京3月16日电";
    expect(date_from_text(none, strlen(none), d), d, NULL);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/dates/parse", test_parse);
    g_test_add_func("/dates/name", test_name);
    g_test_add_func("/dates/text", test_text);
    return g_test_run();
}
