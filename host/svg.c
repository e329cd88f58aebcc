/*
 * svg.c - line charts as SVG: one line per key over time bins, a legend,
 * labelled axes with dates, Chinese labels in the fonts a reader has.
 *
 * The chart is plain SVG with no script and no external resource, so that
 * it can stand alone (--plot) or inside an HTML report.  Every piece of
 * text comes from documents or rule packs and is escaped.  A bin with no
 * documents has no value: the line breaks there, so that a gap in the
 * corpus is not drawn as a count of zero.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "tifa.h"

#define WIDTH 960
#define HEIGHT 480
#define LEFT 70
#define RIGHT 200
#define TOP 40
#define BOTTOM 70

static const char *const palette[] = {
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
};

void
svg_escape(GString *out, const char *s)
{
    for (const char *p = s; *p; p++) {
        switch (*p) {
        case '&': g_string_append(out, "&amp;"); break;
        case '<': g_string_append(out, "&lt;"); break;
        case '>': g_string_append(out, "&gt;"); break;
        case '"': g_string_append(out, "&quot;"); break;
        case '\'': g_string_append(out, "&#39;"); break;
        default: g_string_append_c(out, *p);
        }
    }
}

/* The opening of every chart: the <svg> element, with fonts that carry
 * Chinese on the systems readers use, and a white ground. */
static void
svg_begin(GString *out, const char *cls, int width, int height)
{
    g_string_append_printf(out,
                           "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                           "height=\"%d\" viewBox=\"0 0 %d %d\" class=\"%s\" "
                           "font-family=\"'Noto Sans CJK SC','Source Han Sans SC',"
                           "'WenQuanYi Micro Hei','PingFang SC','Microsoft YaHei',"
                           "'Hiragino Sans GB',sans-serif\" font-size=\"12\">\n"
                           "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
                           width, height, width, height, cls);
}

/* A "nice" step for about five ticks up to `max`. */
static double
nice_step(double max)
{
    if (max <= 0)
        return 1;
    double raw = max / 5.0;
    double mag = pow(10, floor(log10(raw)));
    double f = raw / mag;
    double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
    return nice * mag;
}

static void
format_number(char *buf, size_t n, double v)
{
    if (fabs(v - round(v)) < 1e-9)
        g_snprintf(buf, n, "%.0f", v);
    else
        g_snprintf(buf, n, "%.2g", v);
}

void
svg_line_chart(GString *out, const char *title, const char *y_label, GPtrArray *bins,
               GPtrArray *series)
{
    guint n = bins->len;
    double max = 0;
    for (guint s = 0; s < series->len; s++) {
        const chart_series *cs = series->pdata[s];
        for (guint i = 0; i < n; i++)
            if (!isnan(cs->values[i]) && cs->values[i] > max)
                max = cs->values[i];
    }
    double step = nice_step(max);
    double top = step * ceil(max / step);
    if (top <= 0)
        top = 1;
    double plot_w = WIDTH - LEFT - RIGHT, plot_h = HEIGHT - TOP - BOTTOM;
#define X(i) (LEFT + (n > 1 ? plot_w * (double)(i) / (double)(n - 1) : plot_w / 2))
#define Y(v) (TOP + plot_h * (1.0 - (v) / top))

    svg_begin(out, "tifa-chart", WIDTH, HEIGHT);
    g_string_append_printf(out, "<text x=\"%d\" y=\"24\" font-size=\"16\" "
                                "font-weight=\"bold\">",
                           LEFT);
    svg_escape(out, title);
    g_string_append(out, "</text>\n");

    /* Y axis: ticks, grid lines and the label. */
    g_string_append(out, "<g class=\"y-axis\" stroke=\"#ccc\">\n");
    for (double v = 0; v <= top + step / 2; v += step) {
        char num[32];
        format_number(num, sizeof num, v);
        g_string_append_printf(out,
                               "<line x1=\"%d\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>"
                               "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" stroke=\"none\" "
                               "fill=\"#333\">%s</text>\n",
                           LEFT, LEFT + plot_w, Y(v), Y(v), LEFT - 6, Y(v) + 4, num);
    }
    g_string_append(out, "</g>\n");
    g_string_append_printf(out,
                           "<text transform=\"translate(16,%.1f) rotate(-90)\" "
                           "text-anchor=\"middle\" fill=\"#333\">",
                           TOP + plot_h / 2);
    svg_escape(out, y_label);
    g_string_append(out, "</text>\n");

    /* X axis: about a dozen labels, evenly spaced; the bins in between are
     * still drawn. */
    guint every = n > 12 ? (n + 11) / 12 : 1;
    g_string_append_printf(out,
                           "<g class=\"x-axis\"><line x1=\"%d\" x2=\"%.1f\" y1=\"%.1f\" "
                           "y2=\"%.1f\" stroke=\"#333\"/>\n",
                           LEFT, LEFT + plot_w, TOP + plot_h, TOP + plot_h);
    for (guint i = 0; i < n; i += every) {
        g_string_append_printf(out,
                               "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" "
                               "transform=\"rotate(-40 %.1f %.1f)\" fill=\"#333\">",
                               X(i), TOP + plot_h + 16, X(i), TOP + plot_h + 16);
        svg_escape(out, bins->pdata[i]);
        g_string_append(out, "</text>\n");
    }
    g_string_append(out, "</g>\n");

    /* Bins with no documents, shaded: a gap in the data, not a zero.  The
     * value is NAN for every key there, so the first series tells. */
    gboolean any_gap = FALSE;
    if (series->len) {
        const chart_series *first = series->pdata[0];
        double half = n > 1 ? plot_w / (double)(n - 1) / 2 : plot_w / 2;
        for (guint i = 0; i < n; i++) {
            if (!isnan(first->values[i]))
                continue;
            if (!any_gap)
                g_string_append(out, "<g class=\"no-documents\" fill=\"#eee\">"
                                     "<title>no documents</title>\n");
            any_gap = TRUE;
            double x0 = MAX((double)LEFT, X(i) - half), x1 = MIN(LEFT + plot_w, X(i) + half);
            g_string_append_printf(out, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" "
                                        "height=\"%.1f\"/>",
                                   x0, TOP, x1 - x0, plot_h);
        }
        if (any_gap)
            g_string_append(out, "\n</g>\n");
    }

    /* One group per key: its line, broken where a bin has no documents. */
    for (guint s = 0; s < series->len; s++) {
        const chart_series *cs = series->pdata[s];
        const char *colour = palette[s % G_N_ELEMENTS(palette)];
        g_string_append_printf(out, "<g class=\"series\" data-key=\"");
        svg_escape(out, cs->name);
        g_string_append_printf(out, "\" stroke=\"%s\" fill=\"%s\">\n", colour, colour);
        g_string_append(out, "<title>");
        svg_escape(out, cs->name);
        g_string_append(out, "</title>\n<path fill=\"none\" stroke-width=\"2\" d=\"");
        gboolean pen_down = FALSE;
        for (guint i = 0; i < n; i++) {
            if (isnan(cs->values[i])) {
                pen_down = FALSE;
                continue;
            }
            g_string_append_printf(out, "%c%.1f,%.1f ", pen_down ? 'L' : 'M', X(i),
                                   Y(cs->values[i]));
            pen_down = TRUE;
        }
        g_string_append(out, "\"/>\n");
        /* Points, so that a value between two gaps is still seen. */
        for (guint i = 0; i < n && n <= 400; i++)
            if (!isnan(cs->values[i]))
                g_string_append_printf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\"/>",
                                       X(i), Y(cs->values[i]));
        g_string_append(out, "\n</g>\n");
        /* The legend entry. */
        double ly = TOP + 10 + 20.0 * s;
        g_string_append_printf(out,
                               "<g class=\"legend\"><line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" "
                               "y2=\"%.1f\" stroke=\"%s\" stroke-width=\"3\"/>"
                               "<text x=\"%.1f\" y=\"%.1f\" fill=\"#333\">",
                               LEFT + plot_w + 16, LEFT + plot_w + 40, ly, ly, colour,
                               LEFT + plot_w + 46, ly + 4);
        svg_escape(out, cs->name);
        g_string_append(out, "</text></g>\n");
    }
    if (any_gap) {
        double ly = TOP + 10 + 20.0 * series->len;
        g_string_append_printf(out,
                               "<g class=\"legend\"><rect x=\"%.1f\" y=\"%.1f\" width=\"24\" "
                               "height=\"10\" fill=\"#eee\"/><text x=\"%.1f\" y=\"%.1f\" "
                               "fill=\"#333\">no documents</text></g>\n",
                               LEFT + plot_w + 16, ly - 5, LEFT + plot_w + 46, ly + 4);
    }
    g_string_append(out, "</svg>\n");
#undef X
#undef Y
}

void
svg_bar_chart(GString *out, const char *title, GPtrArray *labels, const double *values)
{
    guint n = labels->len;
    double max = 0;
    for (guint i = 0; i < n; i++)
        max = MAX(max, values[i]);
    if (max <= 0)
        max = 1;
    int bar = 18, gap = 6, left = 220, width = 760;
    int height = 40 + (int)n * (bar + gap) + 10;
    svg_begin(out, "tifa-bars", left + width, height);
    g_string_append(out, "<text x=\"8\" y=\"22\" font-size=\"15\" font-weight=\"bold\">");
    svg_escape(out, title);
    g_string_append(out, "</text>\n");
    for (guint i = 0; i < n; i++) {
        double y = 36 + (double)i * (bar + gap);
        double w = (width - 80) * values[i] / max;
        g_string_append_printf(out, "<g class=\"bar\"><text x=\"%d\" y=\"%.1f\" "
                                    "text-anchor=\"end\" fill=\"#333\">",
                               left - 8, y + bar - 5);
        svg_escape(out, labels->pdata[i]);
        g_string_append_printf(out,
                               "</text><rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" "
                               "fill=\"%s\"/><text x=\"%.1f\" y=\"%.1f\" fill=\"#333\">%.0f"
                               "</text></g>\n",
                               left, y, w, bar, palette[0], left + w + 6, y + bar - 5,
                               values[i]);
    }
    g_string_append(out, "</svg>\n");
}

void
svg_diverging_chart(GString *out, const char *title, const char *left_name,
                    const char *right_name, GPtrArray *labels, const double *values)
{
    guint n = labels->len;
    double max = 0;
    for (guint i = 0; i < n; i++)
        max = MAX(max, fabs(values[i]));
    if (max <= 0)
        max = 1;
    int bar = 18, gap = 6, left = 220, width = 760;
    double half = (width - 120) / 2.0, zero = left + 60 + half;
    int height = 58 + (int)n * (bar + gap) + 10;
    svg_begin(out, "tifa-diverging", left + width, height);
    g_string_append(out, "<text x=\"8\" y=\"22\" font-size=\"15\" font-weight=\"bold\">");
    svg_escape(out, title);
    g_string_append(out, "</text>\n");
    /* Which side is which, above the axis. */
    g_string_append_printf(out, "<text x=\"%.1f\" y=\"44\" text-anchor=\"end\" fill=\"%s\">← ",
                           zero - 6, palette[1]);
    svg_escape(out, left_name);
    g_string_append_printf(out, "</text><text x=\"%.1f\" y=\"44\" fill=\"%s\">", zero + 6,
                           palette[0]);
    svg_escape(out, right_name);
    g_string_append_printf(out, " →</text>\n<line x1=\"%.1f\" x2=\"%.1f\" y1=\"50\" "
                                "y2=\"%d\" stroke=\"#999\"/>\n",
                           zero, zero, height - 8);
    for (guint i = 0; i < n; i++) {
        double y = 54 + (double)i * (bar + gap);
        double w = half * fabs(values[i]) / max;
        double x = values[i] < 0 ? zero - w : zero;
        g_string_append_printf(out, "<g class=\"bar\"><text x=\"%d\" y=\"%.1f\" "
                                    "text-anchor=\"end\" fill=\"#333\">",
                               left - 8, y + bar - 5);
        svg_escape(out, labels->pdata[i]);
        g_string_append_printf(out,
                               "</text><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" "
                               "fill=\"%s\"/><text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" "
                               "fill=\"#333\">%.2f</text></g>\n",
                               x, y, w, bar, values[i] < 0 ? palette[1] : palette[0],
                               values[i] < 0 ? x - 4 : x + w + 4, y + bar - 5,
                               values[i] < 0 ? "end" : "start", values[i]);
    }
    g_string_append(out, "</svg>\n");
}
