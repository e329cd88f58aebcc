/*
 * format.c - writing rows as an aligned table, TSV, CSV or JSON.
 *
 * Every command that prints records goes through a `rows` writer, so that
 * the four formats behave the same everywhere: TSV escapes tabs and
 * newlines, CSV quotes per RFC 4180 and defuses cells a spreadsheet would
 * run as a formula, JSON is an array of objects, and tables are aligned by
 * display width (a Han character takes two columns).
 */
#include "config.h"

#include <string.h>

#include "tifa.h"

gboolean
format_parse(const char *name, out_format *format, GError **error)
{
    static const struct {
        const char *name;
        out_format format;
    } names[] = {
        { "table", FORMAT_TABLE }, { "tsv", FORMAT_TSV }, { "csv", FORMAT_CSV },
        { "json", FORMAT_JSON },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        if (strcmp(name, names[i].name) == 0) {
            *format = names[i].format;
            return TRUE;
        }
    }
    g_set_error(error, TIFA_ERROR, TIFA_ERROR_USAGE,
                "unknown format '%s': use table, tsv, csv or json", name);
    return FALSE;
}

struct rows {
    FILE *stream;
    out_format format;
    char **columns;
    char *kinds;
    size_t n_columns;
    GPtrArray *buffered;     /* table: char** rows */
    GArray *is_section;      /* table: gboolean per buffered row */
    size_t n_written;        /* json: objects written so far */
};

rows *
rows_new(FILE *stream, out_format format, const char *const *columns, const char *kinds)
{
    rows *r = g_new0(rows, 1);
    r->stream = stream;
    r->format = format;
    r->columns = g_strdupv((char **)columns);
    r->n_columns = g_strv_length(r->columns);
    r->kinds = g_strdup(kinds);
    g_assert(strlen(kinds) == r->n_columns);
    if (format == FORMAT_TABLE) {
        r->buffered = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
        r->is_section = g_array_new(FALSE, FALSE, sizeof(gboolean));
    } else if (format == FORMAT_TSV || format == FORMAT_CSV) {
        rows_add(r, columns);
    } else if (format == FORMAT_JSON) {
        fputs("[", stream);
    }
    return r;
}

/* A TSV cell, with tabs, line breaks and backslashes escaped; the runs
 * between them are written whole (a report writes tens of thousands of
 * cells, and a byte at a time cost more than the rest of writing it). */
static void
write_tsv_cell(FILE *f, const char *s)
{
    for (;;) {
        size_t n = strcspn(s, "\t\n\r\\");
        fwrite(s, 1, n, f);
        s += n;
        switch (*s) {
        case '\0': return;
        case '\t': fputs("\\t", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        default: fputs("\\\\", f); break;
        }
        s++;
    }
}

/* RFC 4180 quoting; a text cell that starts with = + - @ (or a tab or CR)
 * gets a leading apostrophe so that spreadsheets show it instead of running
 * it as a formula.  Numbers are never touched (-1 stays -1). */
static void
write_csv_cell(FILE *f, const char *s, gboolean is_text)
{
    gboolean formula = is_text && strchr("=+-@\t\r", s[0]) && s[0] != '\0';
    gboolean quote = formula || strpbrk(s, ",\"\r\n") != NULL;
    if (!quote) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    if (formula)
        fputc('\'', f);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            fputc('"', f);
        fputc(*p, f);
    }
    fputc('"', f);
}

void
format_json_string(GString *out, const char *s)
{
    g_string_append_c(out, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': g_string_append(out, "\\\""); break;
        case '\\': g_string_append(out, "\\\\"); break;
        case '\n': g_string_append(out, "\\n"); break;
        case '\r': g_string_append(out, "\\r"); break;
        case '\t': g_string_append(out, "\\t"); break;
        default:
            if (*p < 0x20)
                g_string_append_printf(out, "\\u%04x", *p);
            else
                g_string_append_c(out, (char)*p);
        }
    }
    g_string_append_c(out, '"');
}

void
format_json_strings(GString *out, const char *const *items, guint n)
{
    g_string_append_c(out, '[');
    for (guint i = 0; i < n; i++) {
        if (i)
            g_string_append(out, ", ");
        format_json_string(out, items[i]);
    }
    g_string_append_c(out, ']');
}

void
rows_add(rows *r, const char *const *cells)
{
    rows_add_json(r, cells, NULL);
}

void
rows_add_json(rows *r, const char *const *cells, const char *const *json_values)
{
    switch (r->format) {
    case FORMAT_TABLE: {
        char **copy = g_new0(char *, r->n_columns + 1);
        for (size_t i = 0; i < r->n_columns; i++)
            copy[i] = g_strdup(cells[i] ? cells[i] : "");
        g_ptr_array_add(r->buffered, copy);
        gboolean no = FALSE;
        g_array_append_val(r->is_section, no);
        break;
    }
    case FORMAT_TSV:
        for (size_t i = 0; i < r->n_columns; i++) {
            write_tsv_cell(r->stream, cells[i] ? cells[i] : "");
            putc(i + 1 < r->n_columns ? '\t' : '\n', r->stream);
        }
        break;
    case FORMAT_CSV:
        for (size_t i = 0; i < r->n_columns; i++) {
            write_csv_cell(r->stream, cells[i] ? cells[i] : "", r->kinds[i] != 'n');
            fputs(i + 1 < r->n_columns ? "," : "\r\n", r->stream);
        }
        break;
    case FORMAT_JSON: {
        GString *obj = g_string_new(r->n_written ? ",\n {" : "\n {");
        for (size_t i = 0; i < r->n_columns; i++) {
            if (i)
                g_string_append(obj, ", ");
            format_json_string(obj, r->columns[i]);
            g_string_append(obj, ": ");
            const char *v = cells[i];
            if (json_values && json_values[i])
                g_string_append(obj, json_values[i]);
            else if (!v || ((r->kinds[i] == 'n' || r->kinds[i] == 'd') && !*v))
                g_string_append(obj, "null");
            else if (r->kinds[i] == 'n')
                g_string_append(obj, v);
            else if (r->kinds[i] == 'b')
                g_string_append(obj, strcmp(v, "yes") == 0 ? "true" : "false");
            else
                format_json_string(obj, v);
        }
        g_string_append_c(obj, '}');
        fputs(obj->str, r->stream);
        g_string_free(obj, TRUE);
        r->n_written++;
        break;
    }
    }
}

void
rows_section(rows *r, const char *title)
{
    if (r->format != FORMAT_TABLE)
        return;
    char **row = g_new0(char *, 2);
    row[0] = g_strdup(title);
    g_ptr_array_add(r->buffered, row);
    gboolean yes = TRUE;
    g_array_append_val(r->is_section, yes);
}

/* Title of a section row, or NULL for an ordinary row. */
static const char *
section_title(rows *r, guint k)
{
    char **row = r->buffered->pdata[k];
    return g_array_index(r->is_section, gboolean, k) ? row[0] : NULL;
}

static void
pad(FILE *f, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fputc(' ', f);
}

static void
print_table(rows *r)
{
    size_t *width = g_new0(size_t, r->n_columns);
    for (size_t i = 0; i < r->n_columns; i++)
        width[i] = util_display_width(r->columns[i]);
    for (guint k = 0; k < r->buffered->len; k++) {
        char **row = r->buffered->pdata[k];
        if (section_title(r, k))
            continue;
        for (size_t i = 0; i < r->n_columns; i++)
            width[i] = MAX(width[i], util_display_width(row[i]));
    }
    gboolean color = util_use_color(r->stream);
    /* The header, then the rows; numbers right-aligned, text left-aligned,
     * two spaces between columns, no trailing blanks. */
    for (long k = -1; k < (long)r->buffered->len; k++) {
        char **row = k < 0 ? r->columns : r->buffered->pdata[k];
        const char *title = k >= 0 ? section_title(r, (guint)k) : NULL;
        if (title) {
            fprintf(r->stream, color ? "\n\033[1m%s\033[0m\n" : "\n%s\n", title);
            continue;
        }
        if (k < 0 && color)
            fputs("\033[1m", r->stream);
        for (size_t i = 0; i < r->n_columns; i++) {
            size_t w = util_display_width(row[i]);
            gboolean last = i + 1 == r->n_columns;
            if (r->kinds[i] == 'n' || r->kinds[i] == 'r') {
                pad(r->stream, width[i] - w);
                fputs(row[i], r->stream);
            } else {
                fputs(row[i], r->stream);
                if (!last)
                    pad(r->stream, width[i] - w);
            }
            if (!last)
                fputs("  ", r->stream);
        }
        if (k < 0 && color)
            fputs("\033[0m", r->stream);
        fputc('\n', r->stream);
    }
    g_free(width);
}

void
rows_finish(rows *r)
{
    if (r->format == FORMAT_TABLE) {
        print_table(r);
        g_ptr_array_free(r->buffered, TRUE);
        g_array_free(r->is_section, TRUE);
    } else if (r->format == FORMAT_JSON) {
        fputs(r->n_written ? "\n]\n" : "]\n", r->stream);
    }
    g_strfreev(r->columns);
    g_free(r->kinds);
    g_free(r);
}
