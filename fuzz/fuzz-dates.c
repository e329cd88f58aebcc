/* fuzz-dates.c - the date extractor: whatever it finds is a real date, in
 * the years of where it was read (dates.c: a field's 1000-2099, a file
 * name's 1800-2099, the text's 1900-2099). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tifa.h"
#include "fuzz.h"

static void
check(const char *d, int first_year)
{
    int y, m, dd;
    if (strlen(d) != 10 || sscanf(d, "%4d-%2d-%2d", &y, &m, &dd) != 3 ||
        !g_date_valid_dmy((GDateDay)dd, (GDateMonth)m, (GDateYear)y) || y < first_year ||
        y > 2099)
        abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = g_strndup((const char *)data, size);
    char d[11];
    if (date_parse(s, d))
        check(d, 1000);
    if (date_from_name(s, d))
        check(d, 1800);
    if (g_utf8_validate(s, -1, NULL) && date_from_text(s, strlen(s), d))
        check(d, 1900);
    g_free(s);
    return 0;
}
