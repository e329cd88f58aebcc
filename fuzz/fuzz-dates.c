/* fuzz-dates.c - the date extractor: whatever it finds is a real date. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tifa.h"
#include "fuzz.h"

static void
check(const char *d)
{
    int y, m, dd;
    if (strlen(d) != 10 || sscanf(d, "%4d-%2d-%2d", &y, &m, &dd) != 3 ||
        !g_date_valid_dmy((GDateDay)dd, (GDateMonth)m, (GDateYear)y) || y < 1900 || y > 2099)
        abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = g_strndup((const char *)data, size);
    char d[11];
    if (date_parse(s, d))
        check(d);
    if (date_from_name(s, d))
        check(d);
    if (g_utf8_validate(s, -1, NULL) && date_from_text(s, strlen(s), d))
        check(d);
    g_free(s);
    return 0;
}
