/*
 * dates.c - when a document was written.
 *
 * Dates come, in order of trust, from a manifest (or a JSON record), from
 * the file name (2023-06-02_…, 20230602…), or from the text itself.  The
 * text gives a date only where the document states its own, in its head
 * (the first 200 characters): a labelled date ("发布时间:2023.06.02",
 * "发布日期：2023-06-02"), else the earliest dateline: a date after a dash
 * ("——2023年3月5日在…会议上"), in brackets ("（2023年3月5日）",
 * "（2020年11月10日，北京）", "（2022年1月20日…全会通过）"), before 电 or 讯
 * ("新华社北京2023年3月5日电"), in the promulgation formula ("…会议于
 * 2023年3月5日通过，现予公布"), on a title line of its own ("2023年3月5日在
 * …会议上"), with a time ("2023年06月02日 08:31") or in digits standing
 * alone ("来源：新华网 2021-11-16 08:00").  A date in running text ("回顾
 * 1949年10月1日开国大典", "2022年1月7日，国家主席…") is what the document
 * tells of, not when it was written, and is never taken: a document
 * without a dateline is counted as undated.  Dates are checked against the
 * calendar, and their years limited by where they come from: a text's to
 * 1900..2099, so that a phone number is not taken for one; a file name's to
 * 1800..2099; a field's (a manifest, JSON Lines, --period) to 1000..2099,
 * since it is a date by its column (戊戌变法 of 1898 is in this field's scope).
 * None runs past 2099: a year 2203 in a manifest is a slip of the keys.
 * The text functions expect normalised text (half-width digits and
 * brackets).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tifa.h"

/* The head of a text, in characters, where its own date may stand.  On the
 * shared corpora every dateline taken starts within the first 170
 * characters (政府工作报告 2014: "——2014年3月5日在…" at 71; 新闻联播
 * 2018-12-29: "…会议于2018年12月29日通过,现予公布" at 167); past 200,
 * bracketed dates are quotations ("习近平(2018年11月5日):…" at 386 in
 * 新闻联播 2019-08-10). */
#define TEXT_HEAD_CHARS 200
/* A dateline starting in the head may run this many characters past it. */
#define TEXT_HEAD_SLACK 100

/* The years a date may have, by where it was read. */
#define LAST_YEAR 2099
#define FIELD_FIRST_YEAR 1000
#define TEXT_YEARS 1900, LAST_YEAR
#define NAME_YEARS 1800, LAST_YEAR
#define FIELD_YEARS FIELD_FIRST_YEAR, LAST_YEAR

/* A year a field or --period may name. */
static gboolean
field_year(int y)
{
    return y >= FIELD_FIRST_YEAR && y <= LAST_YEAR;
}

static gboolean
set_date(int y, int m, int d, int min_year, int max_year, char out[11])
{
    if (y < min_year || y > max_year ||
        !g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y))
        return FALSE;
    g_snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
    return TRUE;
}

/* Read exactly `n` ASCII digits at p. */
static gboolean
digits(const char *p, int n, int *value)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!g_ascii_isdigit(p[i]))
            return FALSE;
        v = v * 10 + (p[i] - '0');
    }
    *value = v;
    return TRUE;
}

/* The day of a field: 2023-06-02, 2023/6/2, 2023.06.02 or 20230602, and
 * nothing else in its `len` bytes. */
static gboolean
parse_day(const char *s, size_t len, char out[11])
{
    int y, m, d;
    if (len == 8 && digits(s, 4, &y) && digits(s + 4, 2, &m) && digits(s + 6, 2, &d))
        return set_date(y, m, d, FIELD_YEARS, out);
    if (len >= 8 && len <= 10 && digits(s, 4, &y) && strchr("-/.", s[4])) {
        char *end;
        m = (int)strtol(s + 5, &end, 10);
        if (end == s + 5 || *end != s[4] || end - (s + 5) > 2)
            return FALSE;
        const char *dp = end + 1;
        d = (int)strtol(dp, &end, 10);
        if (end == dp || end != s + len || end - dp > 2)
            return FALSE;
        return set_date(y, m, d, FIELD_YEARS, out);
    }
    return FALSE;
}

/* The time of an ISO 8601 timestamp, from s to end: hh:mm, hh:mm:ss, with
 * a fraction of a second (.123), then nothing, Z, or an offset (+08:00,
 * +0800, +08, -05:00). */
static gboolean
parse_time(const char *s, const char *end)
{
    int h, m, sec;
    if (end - s < 5 || !digits(s, 2, &h) || s[2] != ':' || !digits(s + 3, 2, &m) || h > 23 ||
        m > 59)
        return FALSE;
    s += 5;
    if (s < end && *s == ':') {
        if (end - s < 3 || !digits(s + 1, 2, &sec) || sec > 60)
            return FALSE;
        s += 3;
        if (s < end && (*s == '.' || *s == ',')) {
            const char *f = ++s;
            while (s < end && g_ascii_isdigit(*s))
                s++;
            if (s == f)
                return FALSE;
        }
    }
    if (s == end)
        return TRUE;
    if ((*s == 'Z' || *s == 'z') && s + 1 == end)
        return TRUE;
    if (*s != '+' && *s != '-')
        return FALSE;
    s++;
    int oh, om;
    switch (end - s) {
    case 2:
        return digits(s, 2, &oh) && oh <= 23;
    case 4:
        return digits(s, 2, &oh) && digits(s + 2, 2, &om) && oh <= 23 && om <= 59;
    case 5:
        return digits(s, 2, &oh) && s[2] == ':' && digits(s + 3, 2, &om) && oh <= 23 &&
               om <= 59;
    default:
        return FALSE;
    }
}

gboolean
date_parse(const char *s, char out[11])
{
    while (g_ascii_isspace(*s))
        s++;
    size_t len = strlen(s);
    while (len && g_ascii_isspace(s[len - 1]))
        len--;
    /* A timestamp (2022-01-07T08:00:00Z, 2022-01-07 08:00:00+08:00): the
     * day as written, whatever the offset. */
    for (size_t i = 8; i <= 10 && i < len; i++)
        if (s[i] == 'T' || s[i] == 't' || s[i] == ' ')
            return parse_time(s + i + 1, s + len) && parse_day(s, i, out);
    return parse_day(s, len, out);
}

static GRegex *
compiled(GRegex **slot, const char *pattern)
{
    if (g_once_init_enter(slot)) {
        /* No G_REGEX_OPTIMIZE: a few hundred bytes per document need no JIT.
         * Multiline: ^ and $ are the start and end of a line. */
        GRegex *re = g_regex_new(pattern, G_REGEX_MULTILINE, 0, NULL);
        g_assert(re);
        g_once_init_leave(slot, re);
    }
    return *slot;
}

/* Try every match of `re` in text that starts before `head`; the first
 * that makes a valid date wins.  Groups 1, 2, 3 are year, month, day. */
static gboolean
first_valid(GRegex *re, const char *text, gssize len, size_t head, char out[11])
{
    GMatchInfo *mi = NULL;
    gboolean found = FALSE;
    g_regex_match_full(re, text, len, 0, 0, &mi, NULL);
    while (!found && g_match_info_matches(mi)) {
        int start = 0;
        if (!g_match_info_fetch_pos(mi, 0, &start, NULL) || (size_t)start >= head)
            break;
        char *y = g_match_info_fetch(mi, 1);
        char *m = g_match_info_fetch(mi, 2);
        char *d = g_match_info_fetch(mi, 3);
        found = set_date(atoi(y), atoi(m), atoi(d), TEXT_YEARS, out);
        g_free(y);
        g_free(m);
        g_free(d);
        if (!found)
            g_match_info_next(mi, NULL);
    }
    g_match_info_free(mi);
    return found;
}

/* A separator a file name may have between year, month and day. */
static gboolean
name_separator(char c)
{
    return c == '-' || c == '_' || c == '.';
}

/*
 * The first valid date in a file's base name: four digits of a year 18xx to
 * 20xx, two of a month, two of a day, each pair after an optional - _ or .,
 * with no digit right before or after (what the regex
 * (?<![0-9])((?:18|19|20)[0-9]{2})[-_.]?([0-9]{2})[-_.]?([0-9]{2})(?![0-9])
 * finds, its matches tried in turn).  Written out, since it runs once per
 * document and a regex match with its captures cost more than the rest of
 * reading a short file's name.
 */
gboolean
date_in_name(const char *name, char out[11], gboolean *invalid)
{
    *invalid = FALSE;
    size_t n = strlen(name);
    while (n > 1 && name[n - 1] == '/')
        n--;   /* "dir/2019-01-01/" is named by its last part, as basename would */
    const char *end = name + n, *base = end;
    while (base > name && base[-1] != '/')
        base--;
    for (const char *p = base; p + 8 <= end;) {
        int y, m, d;
        const char *q = p;
        gboolean at_start = (p == base || !g_ascii_isdigit(p[-1])) &&
                            ((p[0] == '1' && (p[1] == '8' || p[1] == '9')) ||
                             (p[0] == '2' && p[1] == '0'));
        if (!at_start || !digits(q, 4, &y)) {
            p++;
            continue;
        }
        q += 4;
        q += q < end && name_separator(*q);
        if (q + 2 > end || !digits(q, 2, &m)) {
            p++;
            continue;
        }
        q += 2;
        q += q < end && name_separator(*q);
        if (q + 2 > end || !digits(q, 2, &d) || (q + 2 < end && g_ascii_isdigit(q[2]))) {
            p++;
            continue;
        }
        if (set_date(y, m, d, NAME_YEARS, out)) {
            *invalid = FALSE;   /* a valid date is the name's date */
            return TRUE;
        }
        *invalid = TRUE;
        p = q + 2;   /* the next match starts after this one, as a regex's would */
    }
    return FALSE;
}

gboolean
date_from_name(const char *name, char out[11])
{
    gboolean invalid;
    return date_in_name(name, out, &invalid);
}

/* Bytes of the first `chars` characters of text (or all of it). */
static size_t
char_prefix(const char *text, size_t len, size_t chars)
{
    size_t i = 0;
    for (size_t n = 0; i < len; i++) {
        if (((unsigned char)text[i] & 0xC0) != 0x80 && n++ == chars)
            break;
    }
    return i;
}

/* A year, month and day: groups 1, 2, 3 (branch reset: (?| numbers each
 * alternative's groups from the same place). */
#define YEAR "((?:19|20)[0-9]{2})"
#define DAY_END "([0-9]{1,2})(?![0-9])"
#define DATE_DIGITS "(?|" YEAR "-([0-9]{1,2})-" DAY_END "|" YEAR "/([0-9]{1,2})/" DAY_END \
                    "|" YEAR "\\.([0-9]{1,2})\\." DAY_END ")"
#define DATE "(?<![0-9])(?|" YEAR "年([0-9]{1,2})月([0-9]{1,2})日|" DATE_DIGITS ")"

gboolean
date_from_text(const char *text, size_t len, char out[11])
{
    static GRegex *labelled, *dateline;
    size_t head = char_prefix(text, len, TEXT_HEAD_CHARS);
    if (head == 0)
        return FALSE;
    /* The regexes see a little past the head, so that a dateline starting in
     * it is matched whole; the cut is on a character boundary. */
    size_t window = head + char_prefix(text + head, len - head, TEXT_HEAD_SLACK);
    /* A label: "时间" or "日期" after 发布, 发表, 更新 or 录入, or alone (not
     * 北京时间, 会议日期). */
    if (first_valid(compiled(&labelled,
                             "(?:(?:发布|发表|更新|录入)(?:时间|日期)|(?<!\\p{Han})(?:时间|日期))"
                             "\\s*[:：]?\\s*"
                             "((?:19|20)[0-9]{2})\\s*[-/.年]\\s*([0-9]{1,2})\\s*[-/.月]\\s*"
                             "([0-9]{1,2})(?![0-9])"),
                    text, (gssize)window, head, out))
        return TRUE;
    /* The earliest dateline.  Brackets and colons are half-width here. */
    return first_valid(compiled(&dateline,
                                "(?|"
                                /* ——2023年3月5日在第十四届全国人民代表大会第一次会议上 */
                                "(?:——|--|――)\\s*" DATE
                                /* (2023年3月5日)  (2020年11月10日,北京)  ( 2020年10月18日 01 版) */
                                "|[(\\[【]\\s*" DATE "[^()\\[\\]【】\\n]{0,12}[)\\]】]"
                                /* (2022年1月20日中国共产党第十九届中央纪律检查委员会第六次全体会议通过) */
                                "|\\(\\s*" DATE "[^()\\n]{4,60}通过\\)"
                                /* 新华社北京2023年3月5日电 */
                                "|" DATE "\\s*[电讯]"
                                /* …会议于2023年3月5日通过,现予公布 */
                                "|于" DATE "(?:修订)?通过[,，]现(?:予|将修订后的[^,，。\\n]{0,40})公布"
                                /* a line of its own: 2023年3月5日在第十四届全国人民代表大会第一次会议上 */
                                "|^[ \\t]*" DATE "在[^\\n。,，:：]{2,40}上(?:的[^\\n。,，]{0,6})?[ \\t\\r]*$"
                                /* 2023年06月02日 08:31 */
                                "|" DATE "\\s*[0-9]{1,2}:[0-9]{2}"
                                /* 来源:新华网 2021-11-16 08:00 (digits not inside a sentence) */
                                "|(?<![^\\s:|(\\[【])" DATE_DIGITS "(?![^\\s)\\]】|])"
                                ")"),
                       text, (gssize)window, head, out);
}

/* Parse "2021", "2021-07", "2021-07-01" or "FROM..TO" into a range, and
 * the names of trend's bins too: "2021-Q3", "2021-07a" (1st to 15th),
 * "2021-07b" (16th to the end), "2021-W27" (an ISO week, Monday to
 * Sunday).  *reversed is set when both ends parse but TO comes before
 * FROM. */
gboolean
date_parse_period(const char *s, char from[11], char to[11], gboolean *reversed)
{
    const char *dots = strstr(s, "..");
    if (dots) {
        char *left = g_strndup(s, (size_t)(dots - s));
        char lf[11], lt[11], rf[11], rt[11];
        gboolean ok = date_parse_period(left, lf, lt, reversed) &&
                      date_parse_period(dots + 2, rf, rt, reversed);
        g_free(left);
        if (!ok)
            return FALSE;
        g_strlcpy(from, lf, 11);
        g_strlcpy(to, rt, 11);
        if (strcmp(from, to) > 0) {
            *reversed = TRUE;
            return FALSE;
        }
        return TRUE;
    }
    int y, m, d;
    char tail, half;
    if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3)
        return date_parse(s, from) && date_parse(s, to);
    if (sscanf(s, "%4d-Q%1d%c", &y, &m, &tail) == 2 && m >= 1 && m <= 4 && field_year(y)) {
        int last = 3 * m;
        g_snprintf(from, 11, "%04d-%02d-01", y, last - 2);
        g_snprintf(to, 11, "%04d-%02d-%02d", y, last,
                   g_date_get_days_in_month((GDateMonth)last, (GDateYear)y));
        return TRUE;
    }
    if (sscanf(s, "%4d-%2d%c%c", &y, &m, &half, &tail) == 3 && (half == 'a' || half == 'b') &&
        m >= 1 && m <= 12 && field_year(y)) {
        int days = g_date_get_days_in_month((GDateMonth)m, (GDateYear)y);
        g_snprintf(from, 11, "%04d-%02d-%02d", y, m, half == 'a' ? 1 : 16);
        g_snprintf(to, 11, "%04d-%02d-%02d", y, m, half == 'a' ? 15 : days);
        return TRUE;
    }
    if (sscanf(s, "%4d-W%2d%c", &y, &d, &tail) == 2 && d >= 1 && d <= 53 && field_year(y)) {
        /* Week 1 holds 4 January; weeks start on Monday. */
        GDate *date = g_date_new_dmy(4, G_DATE_JANUARY, (GDateYear)y);
        g_date_subtract_days(date, (guint)g_date_get_weekday(date) - 1u);
        g_date_add_days(date, (guint)(7 * (d - 1)));
        /* Week 53 only in the years that have one. */
        gboolean ok = d < 53 || g_date_get_iso8601_week_of_year(date) == 53u;
        g_snprintf(from, 11, "%04d-%02d-%02d", g_date_get_year(date), g_date_get_month(date),
                   g_date_get_day(date));
        g_date_add_days(date, 6);
        g_snprintf(to, 11, "%04d-%02d-%02d", g_date_get_year(date), g_date_get_month(date),
                   g_date_get_day(date));
        g_date_free(date);
        return ok;
    }
    if (sscanf(s, "%4d-%2d%c", &y, &m, &tail) == 2 && m >= 1 && m <= 12) {
        g_snprintf(from, 11, "%04d-%02d-01", y, m);
        g_snprintf(to, 11, "%04d-%02d-%02d", y, m,
                   g_date_get_days_in_month((GDateMonth)m, (GDateYear)y));
        return field_year(y);
    }
    if (sscanf(s, "%4d%c", &y, &tail) == 1 && strlen(s) == 4) {
        g_snprintf(from, 11, "%04d-01-01", y);
        g_snprintf(to, 11, "%04d-12-31", y);
        return field_year(y);
    }
    return FALSE;
}
