/*
 * dates.c - when a document was written.
 *
 * Dates come, in order of trust, from a manifest (or a JSON record), from
 * the file name (2023-06-02_…, 20230602…), or from the text itself: a
 * labelled date near the top ("发布时间:2023.06.02", "发布日期：2023-06-02"),
 * else the first full date written out in Chinese ("2023年6月1日") or in
 * digits ("2023-06-02") in the first few kilobytes.  Dates are checked
 * against the calendar and limited to 1900..2099, so that "20230231" or a
 * phone number is not taken for one.  The text functions expect normalised
 * text (half-width digits).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tifa.h"

/* How far into a text to look for its date. */
#define TEXT_DATE_WINDOW 4096

static gboolean
set_date(int y, int m, int d, char out[11])
{
    if (y < 1900 || y > 2099 || !g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y))
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

gboolean
date_parse(const char *s, char out[11])
{
    int y, m, d;
    while (g_ascii_isspace(*s))
        s++;
    size_t len = strlen(s);
    while (len && g_ascii_isspace(s[len - 1]))
        len--;
    if (len == 8 && digits(s, 4, &y) && digits(s + 4, 2, &m) && digits(s + 6, 2, &d))
        return set_date(y, m, d, out);
    if (len >= 8 && len <= 10 && digits(s, 4, &y) && strchr("-/.", s[4])) {
        char *end;
        m = (int)strtol(s + 5, &end, 10);
        if (end == s + 5 || *end != s[4] || end - (s + 5) > 2)
            return FALSE;
        const char *dp = end + 1;
        d = (int)strtol(dp, &end, 10);
        if (end == dp || end != s + len || end - dp > 2)
            return FALSE;
        return set_date(y, m, d, out);
    }
    return FALSE;
}

static GRegex *
compiled(GRegex **slot, const char *pattern)
{
    if (g_once_init_enter(slot)) {
        /* No G_REGEX_OPTIMIZE: a few kilobytes per document need no JIT. */
        GRegex *re = g_regex_new(pattern, 0, 0, NULL);
        g_assert(re);
        g_once_init_leave(slot, re);
    }
    return *slot;
}

/* Try every match of `re` in text; the first that makes a valid date wins.
 * Groups 1, 2, 3 are year, month, day. */
static gboolean
first_valid(GRegex *re, const char *text, gssize len, char out[11])
{
    GMatchInfo *mi = NULL;
    gboolean found = FALSE;
    g_regex_match_full(re, text, len, 0, 0, &mi, NULL);
    while (!found && g_match_info_matches(mi)) {
        char *y = g_match_info_fetch(mi, 1);
        char *m = g_match_info_fetch(mi, 2);
        char *d = g_match_info_fetch(mi, 3);
        found = set_date(atoi(y), atoi(m), atoi(d), out);
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
 * The first valid date in a file's base name: four digits of a year 19xx or
 * 20xx, two of a month, two of a day, each pair after an optional - _ or .,
 * with no digit right before or after (what the regex
 * (?<![0-9])((?:19|20)[0-9]{2})[-_.]?([0-9]{2})[-_.]?([0-9]{2})(?![0-9])
 * finds, its matches tried in turn).  Written out, since it runs once per
 * document and a regex match with its captures cost more than the rest of
 * reading a short file's name.
 */
gboolean
date_from_name(const char *name, char out[11])
{
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
                            ((p[0] == '1' && p[1] == '9') || (p[0] == '2' && p[1] == '0'));
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
        if (set_date(y, m, d, out))
            return TRUE;
        p = q + 2;   /* the next match starts after this one, as a regex's would */
    }
    return FALSE;
}

gboolean
date_from_text(const char *text, size_t len, char out[11])
{
    static GRegex *labelled, *chinese, *numeric;
    /* Stop the window on a character boundary. */
    size_t window = len;
    if (window > TEXT_DATE_WINDOW) {
        window = TEXT_DATE_WINDOW;
        while (window > 0 && ((unsigned char)text[window] & 0xC0) == 0x80)
            window--;
    }
    if (first_valid(compiled(&labelled,
                             "(?:发布|发表|更新|录入)?(?:时间|日期)\\s*[:：]?\\s*"
                             "((?:19|20)[0-9]{2})\\s*[-/.年]\\s*([0-9]{1,2})\\s*[-/.月]\\s*"
                             "([0-9]{1,2})(?![0-9])"),
                    text, (gssize)window, out))
        return TRUE;
    if (first_valid(compiled(&chinese, "(?<![0-9])((?:19|20)[0-9]{2})年([0-9]{1,2})月"
                                       "([0-9]{1,2})日"),
                    text, (gssize)window, out))
        return TRUE;
    /* (?| resets group numbers in each branch: year, month, day stay 1, 2, 3. */
    return first_valid(compiled(&numeric,
                                "(?<![0-9])(?|((?:19|20)[0-9]{2})-([0-9]{1,2})-([0-9]{1,2})"
                                "|((?:19|20)[0-9]{2})/([0-9]{1,2})/([0-9]{1,2})"
                                "|((?:19|20)[0-9]{2})\\.([0-9]{1,2})\\.([0-9]{1,2}))(?![0-9])"),
                       text, (gssize)window, out);
}
