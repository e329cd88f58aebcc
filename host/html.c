/*
 * html.c - one self-contained HTML file: tables and SVG charts, with no
 * script, no network request and no external font, so that it opens the
 * same way anywhere, mailed or archived.  Every piece of text that comes
 * from a document or a rule pack is escaped: a document that says
 * <script> or "><img onerror=…> shows those characters, nothing more.
 */
#include "config.h"

#include <string.h>

#include "tifa.h"

void
html_escape(GString *out, const char *s)
{
    /* The same escapes as SVG text: both are XML-like contexts here. */
    svg_escape(out, s);
}

void
html_begin(GString *out, const char *title)
{
    g_string_append(out, "<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n"
                         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                         "<meta name=\"generator\" content=\"tifa " PACKAGE_VERSION "\">\n<title>");
    html_escape(out, title);
    g_string_append(out,
                    "</title>\n<style>\n"
                    "body{font-family:'Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Micro "
                    "Hei','PingFang SC','Microsoft YaHei',sans-serif;margin:2em;color:#222;"
                    "max-width:1400px}\n"
                    "h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px "
                    "solid #ddd}\n"
                    "table{border-collapse:collapse;margin:1em 0;font-size:.9em}\n"
                    "th,td{padding:.25em .6em;border-bottom:1px solid #eee;text-align:left;"
                    "vertical-align:top}\n"
                    "th{background:#f4f4f4}td.n{text-align:right;font-variant-numeric:"
                    "tabular-nums}\n"
                    "td{white-space:nowrap}td.w{white-space:normal;min-width:8em}"
                    "td.k{white-space:normal;min-width:24em}"
                    "td.c{white-space:normal;min-width:10em;max-width:18em;font-size:.85em;"
                    "color:#555}mark{background:#ffe066}\n"
                    ".meta{color:#666}.chart{overflow-x:auto}\n"
                    "</style>\n</head>\n<body>\n<h1>");
    html_escape(out, title);
    g_string_append(out, "</h1>\n");
}

void
html_paragraph(GString *out, const char *cls, const char *text)
{
    g_string_append_printf(out, "<p class=\"%s\">", cls ? cls : "");
    html_escape(out, text);
    g_string_append(out, "</p>\n");
}

void
html_heading(GString *out, const char *text)
{
    g_string_append(out, "<h2>");
    html_escape(out, text);
    g_string_append(out, "</h2>\n");
}

void
html_table_begin(GString *out, const char *const *columns)
{
    g_string_append(out, "<table>\n<thead><tr>");
    for (const char *const *c = columns; *c; c++) {
        g_string_append(out, "<th>");
        html_escape(out, *c);
        g_string_append(out, "</th>");
    }
    g_string_append(out, "</tr></thead>\n<tbody>\n");
}

void
html_table_row(GString *out, const char *const *cells, const char *kinds)
{
    g_string_append(out, "<tr>");
    for (size_t i = 0; kinds[i]; i++) {
        g_string_append(out, kinds[i] == 'n'   ? "<td class=\"n\">"
                             : kinds[i] == 'k' ? "<td class=\"k\">"
                             : kinds[i] == 'w' ? "<td class=\"w\">"
                             : kinds[i] == 'c' ? "<td class=\"c\">"
                                               : "<td>");
        const char *cell = cells[i] ? cells[i] : "";
        const char *sep1, *sep2;
        if (kinds[i] == 'k' && (sep1 = strchr(cell, '\x1e')) && (sep2 = strchr(sep1 + 1, '\x1e'))) {
            char *left = g_strndup(cell, (size_t)(sep1 - cell));
            char *hit = g_strndup(sep1 + 1, (size_t)(sep2 - sep1 - 1));
            html_escape(out, left);
            g_string_append(out, "<mark>");
            html_escape(out, hit);
            g_string_append(out, "</mark>");
            html_escape(out, sep2 + 1);
            g_free(left);
            g_free(hit);
        } else {
            html_escape(out, cell);
        }
        g_string_append(out, "</td>");
    }
    g_string_append(out, "</tr>\n");
}

void
html_table_end(GString *out)
{
    g_string_append(out, "</tbody>\n</table>\n");
}

void
html_chart(GString *out, const char *svg)
{
    g_string_append(out, "<div class=\"chart\">\n");
    g_string_append(out, svg);
    g_string_append(out, "</div>\n");
}

void
html_end(GString *out)
{
    g_string_append(out, "<p class=\"meta\">Made by tifa " PACKAGE_VERSION
                         ". Every count can be checked with tifa matches and tifa kwic.</p>\n"
                         "</body>\n</html>\n");
}

gboolean
html_write(const char *path, GString *page, GError **error)
{
    outfile *out = outfile_open(path, error);
    if (!out)
        return FALSE;
    fputs(page->str, outfile_stream(out));
    return outfile_commit(out, error);
}
