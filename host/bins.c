/*
 * bins.c - time bins: year, quarter, month, half-month, week, day.
 *
 * A bin has a label that sorts like the time it stands for ("2021",
 * "2021-Q3", "2021-07", "2021-07a" for days 1-15 and "2021-07b" for the
 * rest, "2021-W27" for the ISO week, "2021-07-01"), and bins_between()
 * lists every bin from one date to another, so that a trend keeps its empty
 * bins and a gap is seen as a gap.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tifa.h"

gboolean
bin_unit_parse(const char *name, bin_unit *unit, GError **error)
{
    static const struct {
        const char *name;
        bin_unit unit;
    } units[] = {
        { "year", BIN_YEAR }, { "quarter", BIN_QUARTER }, { "month", BIN_MONTH },
        { "half-month", BIN_HALF_MONTH }, { "week", BIN_WEEK }, { "day", BIN_DAY },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(units); i++)
        if (strcmp(name, units[i].name) == 0) {
            *unit = units[i].unit;
            return TRUE;
        }
    g_set_error(error, TIFA_ERROR, TIFA_ERROR_USAGE,
                "unknown bin '%s': use year, quarter, month, half-month, week or day", name);
    return FALSE;
}

static GDate *
parse_date(const char *ymd)
{
    int y, m, d;
    if (!ymd || sscanf(ymd, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
        !g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y))
        return NULL;
    return g_date_new_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y);
}

/* The ISO 8601 week-numbering year of a date: the year of its Thursday. */
static int
iso_week_year(const GDate *date)
{
    GDate thursday = *date;
    int weekday = g_date_get_weekday(&thursday);   /* Monday = 1 */
    if (weekday < 4)
        g_date_add_days(&thursday, (guint)(4 - weekday));
    else if (weekday > 4)
        g_date_subtract_days(&thursday, (guint)(weekday - 4));
    return g_date_get_year(&thursday);
}

static void
label_of(const GDate *date, bin_unit unit, char out[16])
{
    int y = g_date_get_year(date), m = g_date_get_month(date), d = g_date_get_day(date);
    switch (unit) {
    case BIN_YEAR:
        g_snprintf(out, 16, "%04d", y);
        break;
    case BIN_QUARTER:
        g_snprintf(out, 16, "%04d-Q%d", y, (m - 1) / 3 + 1);
        break;
    case BIN_MONTH:
        g_snprintf(out, 16, "%04d-%02d", y, m);
        break;
    case BIN_HALF_MONTH:
        g_snprintf(out, 16, "%04d-%02d%c", y, m, d <= 15 ? 'a' : 'b');
        break;
    case BIN_WEEK:
        g_snprintf(out, 16, "%04d-W%02u", iso_week_year(date),
                   g_date_get_iso8601_week_of_year(date));
        break;
    case BIN_DAY:
    default:
        g_snprintf(out, 16, "%04d-%02d-%02d", y, m, d);
        break;
    }
}

gboolean
bin_label(const char *ymd, bin_unit unit, char out[16])
{
    GDate *date = parse_date(ymd);
    if (!date)
        return FALSE;
    label_of(date, unit, out);
    g_date_free(date);
    return TRUE;
}

GPtrArray *
bins_between(const char *first, const char *last, bin_unit unit)
{
    GPtrArray *labels = g_ptr_array_new_with_free_func(g_free);
    GDate *date = parse_date(first), *end = parse_date(last);
    if (!date || !end || g_date_compare(date, end) > 0) {
        if (date)
            g_date_free(date);
        if (end)
            g_date_free(end);
        return labels;
    }
    char label[16], previous[16] = "";
    /* Step a day at a time (at most a few tens of thousands of steps for a
     * century), keeping each new label: simple, and right for every unit. */
    while (g_date_compare(date, end) <= 0) {
        label_of(date, unit, label);
        if (strcmp(label, previous) != 0) {
            g_ptr_array_add(labels, g_strdup(label));
            g_strlcpy(previous, label, sizeof previous);
        }
        switch (unit) {
        case BIN_YEAR:
            /* Jump to the last day of the year: the next step opens a new one. */
            g_date_set_dmy(date, 31, 12, g_date_get_year(date));
            break;
        case BIN_QUARTER:
        case BIN_MONTH: {
            GDateMonth m = g_date_get_month(date);
            g_date_set_day(date, g_date_get_days_in_month(m, g_date_get_year(date)));
            break;
        }
        default:
            break;
        }
        g_date_add_days(date, 1);
    }
    g_date_free(date);
    g_date_free(end);
    return labels;
}
