/*
 * convert.c - traditional characters to simplified (--convert), through
 * OpenCC, so that one rule pack counts 兩個確立 and 两个确立 alike.
 *
 * OpenCC converts phrase by phrase, and a phrase may come out with another
 * number of characters or bytes; matching runs on the converted text while
 * every reported offset must point into the original.  So the text is
 * converted a clause at a time (phrases do not cross punctuation or line
 * breaks): a clause whose character count is unchanged is aligned
 * character by character; one whose count changed is converted again a
 * character at a time, each output character mapped to its source.  The
 * result is an offset_break list, as normalize.c makes, from converted
 * offsets to original ones.
 *
 * A converter is not shared between threads: each worker opens its own.
 */
#include "config.h"

#include <opencc/opencc.h>
#include <string.h>

#include "tifa.h"

struct converter {
    opencc_t cc;
    gboolean only_if_traditional;  /* --convert auto */
};

/* The conversions offered, by the name users give, and OpenCC's config. */
static const struct {
    const char *name, *config, *what;
} conversions[] = {
    { "t2s", "t2s.json", "traditional to simplified (OpenCC's general table)" },
    { "tw2s", "tw2s.json", "Taiwan standard to simplified" },
    { "hk2s", "hk2s.json", "Hong Kong standard to simplified" },
    { "tw2sp", "tw2sp.json", "Taiwan to simplified, with mainland phrases (軟體 → 软件)" },
    { "auto", "t2s.json", "t2s for the documents that are written in traditional characters" },
};

gboolean
converter_name_valid(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(conversions); i++)
        if (strcmp(conversions[i].name, name) == 0)
            return TRUE;
    return FALSE;
}

char *
converter_names(void)
{
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(conversions); i++)
        g_string_append_printf(s, "%s%s (%s)", i ? ", " : "", conversions[i].name,
                               conversions[i].what);
    return g_string_free(s, FALSE);
}

converter *
converter_open(const char *name, GError **error)
{
    const char *config = NULL;
    for (size_t i = 0; i < G_N_ELEMENTS(conversions); i++)
        if (strcmp(conversions[i].name, name) == 0)
            config = conversions[i].config;
    if (!config) {
        char *names = converter_names();
        g_set_error(error, TIFA_ERROR, TIFA_ERROR_USAGE, "unknown conversion '%s': use %s",
                    name, names);
        g_free(names);
        return NULL;
    }
    opencc_t cc = opencc_open(config);
    if (cc == (opencc_t)-1) {
        g_set_error(error, TIFA_ERROR, TIFA_ERROR_USAGE,
                    "OpenCC cannot open its table %s (%s): is Debian's opencc data "
                    "installed (libopencc1.1 and its data)?",
                    config, opencc_error());
        return NULL;
    }
    converter *c = g_new0(converter, 1);
    c->cc = cc;
    c->only_if_traditional = strcmp(name, "auto") == 0;
    return c;
}

void
converter_free(converter *c)
{
    if (!c)
        return;
    opencc_close(c->cc);
    g_free(c);
}

/* A clause ends after a line break or a Chinese or ASCII sentence or clause
 * mark: OpenCC's phrases never cross one. */
static gboolean
ends_clause(gunichar ch)
{
    switch (ch) {
    case '\n': case '\r': case '.': case ',': case ';': case '!': case '?':
    case 0x3002: /* 。 */ case 0xFF0C: /* ， */ case 0x3001: /* 、 */
    case 0xFF1B: /* ； */ case 0xFF1A: /* ： */ case 0xFF1F: /* ？ */ case 0xFF01: /* ！ */
        return TRUE;
    default:
        return FALSE;
    }
}

/* Note that from converted offset `out_at` on, the original is at `in_at`,
 * when that changes the running difference. */
static void
add_break(GArray *breaks, size_t out_at, size_t in_at, gssize *delta)
{
    gssize d = (gssize)in_at - (gssize)out_at;
    if (d == *delta)
        return;
    offset_break b = { out_at, in_at };
    g_array_append_val(breaks, b);
    *delta = d;
}

/* Append the conversion of in[0..len) to out, with breaks. */
static void
convert_clause(opencc_t cc, const char *in, size_t len, size_t in_base, GString *out,
               GArray *breaks, gssize *delta)
{
    char *conv = opencc_convert_utf8(cc, in, len);
    if (!conv) {
        /* OpenCC refused (it should not on valid UTF-8): keep the clause. */
        add_break(breaks, out->len, in_base, delta);
        g_string_append_len(out, in, (gssize)len);
        return;
    }
    size_t conv_len = strlen(conv);
    if (g_utf8_strlen(conv, (gssize)conv_len) == g_utf8_strlen(in, (gssize)len)) {
        /* As many characters: the i-th comes from the i-th. */
        const char *a = in, *b = conv;
        while (a < in + len) {
            add_break(breaks, out->len + (size_t)(b - conv), in_base + (size_t)(a - in), delta);
            a = g_utf8_next_char(a);
            b = g_utf8_next_char(b);
        }
        g_string_append_len(out, conv, (gssize)conv_len);
    } else {
        /* A phrase changed length: a character at a time, each output
         * mapped to the start of its source character. */
        for (const char *a = in; a < in + len; a = g_utf8_next_char(a)) {
            size_t n = (size_t)(g_utf8_next_char(a) - a);
            char *one = opencc_convert_utf8(cc, a, n);
            add_break(breaks, out->len, in_base + (size_t)(a - in), delta);
            if (one) {
                g_string_append(out, one);
                opencc_convert_utf8_free(one);
            } else {
                g_string_append_len(out, a, (gssize)n);
            }
        }
    }
    opencc_convert_utf8_free(conv);
}

/* Does the text look traditional?  Of its first few thousand Han
 * characters, the share that t2s changes: simplified text has almost none
 * (a few characters such as 乾 and 著 convert in either script). */
#define SAMPLE_BYTES 6000
#define TRADITIONAL_SHARE 0.03

static gboolean
looks_traditional(opencc_t cc, const char *text, size_t len)
{
    size_t n = MIN(len, (size_t)SAMPLE_BYTES);
    /* Cut at a character boundary. */
    while (n < len && ((unsigned char)text[n] & 0xC0) == 0x80)
        n++;
    char *conv = opencc_convert_utf8(cc, text, n);
    if (!conv)
        return FALSE;
    size_t han = 0, changed = 0;
    const char *a = text, *b = conv;
    while (a < text + n && *b) {
        gunichar ca = g_utf8_get_char(a), cb = g_utf8_get_char(b);
        if (g_unichar_get_script(ca) == G_UNICODE_SCRIPT_HAN) {
            han++;
            if (ca != cb)
                changed++;
        }
        a = g_utf8_next_char(a);
        b = g_utf8_next_char(b);
    }
    opencc_convert_utf8_free(conv);
    return han > 0 && (double)changed >= TRADITIONAL_SHARE * (double)han;
}

char *
converter_run(converter *c, const char *text, size_t len, size_t *out_len, GArray *breaks)
{
    g_array_set_size(breaks, 0);
    if (c->only_if_traditional && !looks_traditional(c->cc, text, len))
        return NULL;
    GString *out = g_string_sized_new(len + 16);
    gssize delta = 0;
    size_t start = 0;
    for (size_t i = 0; i < len;) {
        gunichar ch = g_utf8_get_char(text + i);
        size_t next = (size_t)(g_utf8_next_char(text + i) - text);
        if (ends_clause(ch) || next >= len) {
            convert_clause(c->cc, text + start, next - start, start, out, breaks, &delta);
            start = next;
        }
        i = next;
    }
    add_break(breaks, out->len, len, &delta);
    *out_len = out->len;
    return g_string_free(out, FALSE);
}
