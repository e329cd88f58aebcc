/* Unit tests of dates.c: manifests, file names, and the text itself. */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

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
    /* A field is a date by its column: years 1000..2099 (戊戌变法 was 1898;
     * 2203 is a typing slip). */
    expect(date_parse("1898-06-11", d), d, "1898-06-11");
    expect(date_parse("0999-06-11", d), d, NULL);
    expect(date_parse("2203-05-01", d), d, NULL);
    /* ISO 8601 timestamps, as scrapers write them: the day as written,
     * whatever the offset (2022-01-07T23:30-05:00 is the 8th in Beijing). */
    expect(date_parse("2022-01-07T08:00:00Z", d), d, "2022-01-07");
    expect(date_parse("2022-01-07T08:00:00.123Z", d), d, "2022-01-07");
    expect(date_parse("2022-01-07T08:00:00+08:00", d), d, "2022-01-07");
    expect(date_parse("2022-01-07T23:30-05:00", d), d, "2022-01-07");
    expect(date_parse("2022-01-07T08:00+0800", d), d, "2022-01-07");
    expect(date_parse("2022-01-07T08:00+08", d), d, "2022-01-07");
    expect(date_parse("2022-01-07 08:00:00", d), d, "2022-01-07");
    expect(date_parse("2022-01-07t08:00z", d), d, "2022-01-07");
    expect(date_parse("2022/1/5 08:00", d), d, "2022-01-05");
    expect(date_parse("20220106T08:00:00Z", d), d, "2022-01-06");
    expect(date_parse("2022-01-07T25:00:00Z", d), d, NULL);   /* no such hour */
    expect(date_parse("2022-01-07T08:60", d), d, NULL);
    expect(date_parse("2022-01-07T08", d), d, NULL);           /* no minutes */
    expect(date_parse("2022-01-07T08:00:00Y", d), d, NULL);
    expect(date_parse("2022-01-07T08:00:00+8", d), d, NULL);
    expect(date_parse("2022-01-07T08:00:00.Z", d), d, NULL);
    expect(date_parse("2022-01-07T", d), d, NULL);
    expect(date_parse("2022-02-30T08:00:00Z", d), d, NULL);   /* no such day */
    expect(date_parse("2022-01-07 and more", d), d, NULL);
    /* --period takes days, not timestamps. */
    char from[11], to[11];
    gboolean reversed = FALSE;
    g_assert_false(date_parse_period("2022-01-07T08:00:00Z", from, to, &reversed));
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
    /* A name's years run from 1800 to 2099. */
    expect(date_from_name("1898-06-11_edict.txt", d), d, "1898-06-11");
    expect(date_from_name("2100-01-01_x.txt", d), d, NULL);
    expect(date_from_name("1799-01-01_x.txt", d), d, NULL);
    expect(date_from_name("3017-01-01_x.txt", d), d, NULL);
}

/* date_from_text on a normalised copy of s, as scan.c calls it. */
static gboolean
text_date(const char *s, char out[11])
{
    size_t n;
    char *norm = normalize_text(s, strlen(s), &n, NULL);
    gboolean found = date_from_text(norm, n, out);
    g_free(norm);
    return found;
}

static void
test_text(void)
{
    char d[11];
    /* The seed: a labelled date in the header. */
    const char *seed = "您所在的位置:首页 > 环保新闻\n省生态环境厅党组召开第21次会议\n"
                       "发布时间:2023.06.02\n";
    expect(date_from_text(seed, strlen(seed), d), d, "2023-06-02");
    const char *numeric = "来源：新华网 2021-11-16 08:00";
    expect(date_from_text(numeric, strlen(numeric), d), d, "2021-11-16");
    /* A label wins over an earlier unlabelled date. */
    const char *both = "2019年1月1日起施行的条例……发布日期：2020-05-22";
    expect(date_from_text(both, strlen(both), d), d, "2020-05-22");
    /* A year alone, or a month and day alone, is not a date. */
    const char *none = "2023年全国环境应急管理工作会议 新华社北京3月16日电";
    expect(date_from_text(none, strlen(none), d), d, NULL);
    /* A date in the lead's sentence is what the article reports, not its
     * date (before: 2023-06-01). */
    expect(text_date("本报北京１月１日讯，国务院总理李鹏2023年6月1日在北京会见", d), d, NULL);
    /* 北京时间 is the time of an event, not a label. */
    expect(text_date("央视网消息（新闻联播）：据中国地震台网测定，北京时间2014年02月12日17时19分，"
                     "新疆和田地区于田县发生7.3级地震", d), d, NULL);
}

/* The head's datelines, each with the date it gives. */
static void
test_dateline(void)
{
    char d[11];
    /* 2024 政府工作报告, as in the shared corpus. */
    expect(text_date("政府工作报告——2024年3月5日在第十四届全国人民代表大会第二次会议上国务院总理 李强\n"
                     "各位代表：\n现在，我代表国务院，向大会报告政府工作",
                     d),
           d, "2024-03-05");
    /* 2010: full-width digits, the dash on the second line. */
    expect(text_date("政府工作报告\n——２０１０年３月５日在第十一届全国人民代表大会第三次会议上\n", d), d,
           "2010-03-05");
    /* A range: its first day. */
    expect(text_date("1955年政府工作报告——1955年7月5日至6日在第一届全国人民代表大会第二次会议上", d), d,
           "1955-07-05");
    /* A title line of its own, without a dash. */
    expect(text_date("2023年3月5日在第十四届全国人民代表大会第一次会议上\n各位代表：", d), d,
           "2023-03-05");
    /* Bracketed, with a place (xi-2020, 2020-11-10). */
    expect(text_date("在上海合作组织成员国元首理事会第二十次会议上的讲话（2020年11月10日，北京）"
                     "中华人民共和国主席 习近平",
                     d),
           d, "2020-11-10");
    expect(text_date("讲话（2023年3月5日）\n习近平", d), d, "2023-03-05");
    /* A communiqué's adoption line (新闻联播 2022-01-20). */
    expect(text_date("## 中国共产党第十九届中央纪律检查委员会第六次全体会议公报\n"
                     "（2022年1月20日中国共产党第十九届中央纪律检查委员会第六次全体会议通过）\n",
                     d),
           d, "2022-01-20");
    /* A People's Daily stamp at the top. */
    expect(text_date("《 人民日报 》（ 2023年03月06日 第01版）\n", d), d, "2023-03-06");
    /* An agency's dateline with a year; without one (新华社北京3月5日电) there is none. */
    expect(text_date("新华社北京2023年3月5日电 第十四届全国人民代表大会第一次会议5日上午开幕", d), d,
           "2023-03-05");
    expect(text_date("新华社北京3月5日电 第十四届全国人民代表大会第一次会议5日上午开幕", d), d, NULL);
    /* The promulgation formula (新闻联播 2015-12-27). */
    expect(text_date("第36号主席令说，《中华人民共和国反恐怖主义法》已由中华人民共和国第十二届全国人民"
                     "代表大会常务委员会第十八次会议于2015年12月27日通过，现予公布，自2016年1月1日起施行。",
                     d),
           d, "2015-12-27");
    /* A web page's stamp with a time. */
    expect(text_date("2023年06月02日08:31 | 来源：人民网－人民日报", d), d, "2023-06-02");
    /* The earliest dateline wins, whatever its form (before: the Chinese
     * date, later in the text). */
    expect(text_date("来源：新华网 2021-11-16 08:00\n讲话（2021年11月11日）", d), d, "2021-11-16");
    expect(text_date("讲话（2023年3月5日）新华社北京2023年3月6日电", d), d, "2023-03-05");
    /* A dateline that is no date of the calendar is passed over. */
    expect(text_date("（2023年2月30日）新华社北京2023年3月6日电", d), d, "2023-03-06");
}

/* Dates the text tells of are not the document's (the user review's cases). */
static void
test_history(void)
{
    char d[11];
    /* 新闻联播 2015-04-05, dated 1942-05-25 before: the date is deep in the
     * body (byte 1228), after a head with no date. */
    GString *xwlb = g_string_new("## 【重读抗战家书】左权：愿拼热血卫吾华\n"
                                 "央视网消息（新闻联播）：在抗日战场上，左权将军是被毛泽东称为笔杆子、"
                                 "枪杆子“两杆子”都硬的将才。\n");
    while (xwlb->len < 1228)
        g_string_append(xwlb, "烽火岁月中，左权辗转战场，给母亲、妻儿写去一封封朴素而深情的家书。");
    g_string_append(xwlb, "1942年5月25日，在抗击日寇大扫荡的过程中，左权壮烈殉国。");
    expect(text_date(xwlb->str, d), d, NULL);
    g_string_free(xwlb, TRUE);
    /* In the head too, a date in running text is not taken. */
    expect(text_date("回顾1949年10月1日开国大典。…2023年6月1日…", d), d, NULL);
    expect(text_date("## 【重读抗战家书】\n1942年5月25日，在抗击日寇大扫荡的过程中", d), d, NULL);
    /* A dateline in the head wins over a historical date before it. */
    expect(text_date("回顾1949年10月1日开国大典\n——2023年6月1日在庆祝大会上的讲话", d), d,
           "2023-06-01");
    expect(text_date("讲话（2023年6月1日）\n回顾1949年10月1日开国大典", d), d, "2023-06-01");
    /* Quoted in the body, past the head, a bracketed date is a quotation
     * (新闻联播 2019-08-10: "习近平(2018年11月5日):…" at character 386). */
    GString *late = g_string_new("## 标题\n");
    while (g_utf8_strlen(late->str, -1) < 250)
        g_string_append(late, "记宣布了增设上海自贸试验区新片区这一重大开放举措。");
    g_string_append(late, "\n习近平（2018年11月5日）：将增设中国（上海）自由贸易试验区的新片区");
    expect(text_date(late->str, d), d, NULL);
    /* The window is the first 200 characters: in the head, the same bracketed
     * date is read as a dateline. */
    expect(text_date("## 标题\n习近平（2018年11月5日）：将增设中国（上海）自由贸易试验区的新片区", d), d,
           "2018-11-05");
    g_string_free(late, TRUE);
}

/* A directory's manifest lists its documents: the walk reads those, in
 * name order, with the manifest's dates, names a listed file that is
 * missing by the manifest's line, and reads nothing else there. */
static void
test_manifest_walk(void)
{
    char *dir = g_dir_make_tmp("tifa-manifest-XXXXXX", NULL);
    g_assert_nonnull(dir);
    char *sub = g_build_filename(dir, "sub", NULL);
    char *other = g_build_filename(dir, "other", NULL);
    g_assert_cmpint(g_mkdir(sub, 0700), ==, 0);
    g_assert_cmpint(g_mkdir(other, 0700), ==, 0);
    const char *files[] = { "b.txt", "a.txt", "unlisted.txt", "sub/2021-01-01_c.txt",
                            "other/d.txt" };
    for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
        char *path = g_build_filename(dir, files[i], NULL);
        g_assert_true(g_file_set_contents(path, "两个确立", -1, NULL));
        g_free(path);
    }
    char *manifest = g_build_filename(dir, "manifest.tsv", NULL);
    g_assert_true(g_file_set_contents(manifest,
                                      "file\tdate\ttitle\n"
                                      "b.txt\t2020-02-02\tB\n"
                                      "gone.txt\t2020-03-03\t\n"
                                      "sub/2021-01-01_c.txt\t\t\n"
                                      "./a.txt\t2020-01-01\tA\n",
                                      -1, NULL));
    const char *paths[] = { dir, NULL };
    corpus *c = corpus_open(paths, NULL);
    GString *seen = g_string_new(NULL);
    raw_doc *d;
    while ((d = corpus_next(c))) {
        const char *name = d->name + strlen(dir) + 1;
        if (d->warning) {
            char *want = g_strdup_printf("%s:3: lists %s/gone.txt, which does not exist; "
                                         "skipped",
                                         manifest, dir);
            g_assert_cmpstr(d->warning, ==, want);
            g_free(want);
        }
        g_string_append_printf(seen, "%s|%s|%s%s\n", name, d->date ? d->date : "",
                               d->title ? d->title : "", d->warning ? "|warning" : "");
        raw_doc_free(d);
    }
    g_assert_cmpstr(seen->str, ==,
                    "a.txt|2020-01-01|A\n"
                    "b.txt|2020-02-02|B\n"
                    "gone.txt|||warning\n"
                    "sub/2021-01-01_c.txt||\n");
    const GPtrArray *notes = corpus_notes(c);
    g_assert_cmpuint(notes->len, ==, 1);
    g_assert_nonnull(strstr(notes->pdata[0], "2 other entries there were not read "
                                              "(other/, unlisted.txt)"));
    corpus_close(c);
    /* The progress estimate counts the listed files only: 3 of 12 bytes. */
    g_assert_cmpuint(corpus_estimate_bytes(paths), ==, 3 * strlen("两个确立"));
    for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
        char *path = g_build_filename(dir, files[i], NULL);
        g_remove(path);
        g_free(path);
    }
    g_remove(manifest);
    g_rmdir(sub);
    g_rmdir(other);
    g_rmdir(dir);
    g_string_free(seen, TRUE);
    g_free(manifest);
    g_free(sub);
    g_free(other);
    g_free(dir);
}

/* --period and diff's periods: years, months, days, ranges, and the names
 * of trend's bins (ISO weeks checked against a calendar: 2020 has 53). */
static void
expect_period(const char *s, const char *from, const char *to)
{
    char f[11] = "", t[11] = "";
    gboolean reversed = FALSE;
    gboolean ok = date_parse_period(s, f, t, &reversed);
    if (!from) {
        g_assert_false(ok);
        return;
    }
    g_assert_true(ok);
    g_assert_cmpstr(f, ==, from);
    g_assert_cmpstr(t, ==, to);
}

static void
test_period(void)
{
    expect_period("2021", "2021-01-01", "2021-12-31");
    expect_period("2024-02", "2024-02-01", "2024-02-29");
    expect_period("2021-11-11", "2021-11-11", "2021-11-11");
    expect_period("2021-11..2022-10", "2021-11-01", "2022-10-31");
    expect_period("2021-Q4", "2021-10-01", "2021-12-31");
    expect_period("2021-Q1", "2021-01-01", "2021-03-31");
    expect_period("2021-07a", "2021-07-01", "2021-07-15");
    expect_period("2023-02b", "2023-02-16", "2023-02-28");
    expect_period("2020-W53", "2020-12-28", "2021-01-03");
    expect_period("2021-W01", "2021-01-04", "2021-01-10");
    expect_period("2015-W53", "2015-12-28", "2016-01-03");
    expect_period("2024-W01", "2024-01-01", "2024-01-07");
    expect_period("2021-W05..2021-Q2", "2021-02-01", "2021-06-30");
    expect_period("2021-W53", NULL, NULL);   /* 2021 has 52 weeks */
    expect_period("2021-Q5", NULL, NULL);
    expect_period("2021-07c", NULL, NULL);
    expect_period("2021-13", NULL, NULL);
    expect_period("1898", "1898-01-01", "1898-12-31");   /* as a field's years */
    expect_period("1898-06..1898-09", "1898-06-01", "1898-09-30");
    expect_period("0999", NULL, NULL);
    char f[11], t[11];
    gboolean reversed = FALSE;
    g_assert_false(date_parse_period("2022..2021", f, t, &reversed));
    g_assert_true(reversed);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/dates/parse", test_parse);
    g_test_add_func("/dates/name", test_name);
    g_test_add_func("/dates/text", test_text);
    g_test_add_func("/dates/dateline", test_dateline);
    g_test_add_func("/dates/history", test_history);
    g_test_add_func("/dates/manifest-walk", test_manifest_walk);
    g_test_add_func("/dates/period", test_period);
    return g_test_run();
}
