/*
 * decode.c - turning a file's bytes into UTF-8 text.
 *
 * Chinese text arrives as UTF-8 (with or without a BOM), as GB18030/GBK
 * (older sites, the original 1998 People's Daily files), and now and then as
 * UTF-16 with a BOM.  Binary files (a PDF, an image, a zip) must be skipped
 * with a warning, not counted as text.
 *
 * The order of the tests matters: a UTF-16 BOM first (UTF-16 text is full of
 * NUL bytes), then the binary check, then UTF-8 (which GB18030 would also
 * accept, wrongly), then GB18030.  A file that is UTF-8 but for a handful of
 * broken bytes (a page cut in the middle of a character) is read as UTF-8
 * with U+FFFD in their place and a warning, rather than thrown away.
 */
#include "config.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "tifa.h"

/* How much of the start of a file the binary check looks at. */
#define SNIFF_BYTES 8192

/* Control bytes that do not occur in text (NUL among them). */
static const unsigned char binary_byte[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1,   /* \t \n \v \f \r are text */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1,   /* ESC is text (ANSI colours) */
};

static gboolean
looks_binary(const char *bytes, size_t len)
{
    size_t n = MIN(len, SNIFF_BYTES);
    if (memchr(bytes, '\0', n))
        return TRUE;
    size_t odd = 0, i = 0;
#ifdef __SSE2__
    /* Sixteen bytes at a time: only a block with a byte below 0x20 (a
     * newline, most often) needs the table. */
    const __m128i below = _mm_set1_epi8(0x1F);
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(bytes + i));
        if (!_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(v, below), v)))
            continue;
        for (size_t k = i; k < i + 16; k++)
            odd += binary_byte[(unsigned char)bytes[k]];
    }
#endif
    for (; i < n; i++)
        odd += binary_byte[(unsigned char)bytes[i]];
    /* A stray form feed is text; one control byte in ten is not. */
    return n > 0 && odd * 10 > n;
}

/* Count UTF-8 sequences that are valid (multi-byte only) and bytes that are
 * not part of any valid sequence. */
static void
utf8_census(const char *bytes, size_t len, size_t *valid_multi, size_t *invalid)
{
    const char *p = bytes, *end = bytes + len;
    *valid_multi = *invalid = 0;
    while (p < end) {
        const char *stop;
        if (g_utf8_validate(p, end - p, &stop))
            stop = end;
        for (const char *q = p; q < stop; q = g_utf8_next_char(q))
            if ((unsigned char)*q >= 0x80)
                (*valid_multi)++;
        if (stop >= end)
            break;
        (*invalid)++;
        p = stop + 1;
    }
}

/* Converted text may hold U+0000 (UTF-16 can say so, GB18030 has a NUL
 * byte for it): the rest of tifa keeps text as C strings, so each becomes
 * U+FFFD, as a broken byte does. */
static char *
replace_nul(char *text, size_t *len)
{
    if (!memchr(text, '\0', *len))
        return text;
    GString *out = g_string_sized_new(*len + 16);
    for (size_t i = 0; i < *len; i++) {
        if (text[i])
            g_string_append_c(out, text[i]);
        else
            g_string_append(out, "\xEF\xBF\xBD");
    }
    g_free(text);
    *len = out->len;
    return g_string_free(out, FALSE);
}

static char *
convert(const char *bytes, size_t len, const char *from, size_t *out_len, GError **error)
{
    gsize read = 0, written = 0;
    GError *conv_error = NULL;
    char *out = g_convert(bytes, (gssize)len, "UTF-8", from, &read, &written, &conv_error);
    if (!out) {
        g_set_error(error, TIFA_ERROR, TIFA_ERROR_INPUT,
                    "is neither UTF-8 nor %s (undecodable bytes at offset %zu)", from,
                    (size_t)read);
        g_clear_error(&conv_error);
        return NULL;
    }
    *out_len = written;
    return replace_nul(out, out_len);
}

char *
decode_text(const char *bytes, size_t len, size_t *out_len, const char **encoding,
            GError **error)
{
    char *copy = g_malloc(len + 1);
    memcpy(copy, bytes, len);
    copy[len] = '\0';
    char *text = decode_take(&copy, len, out_len, encoding, error);
    g_free(copy);
    return text;
}

char *
decode_take(char **buffer, size_t len, size_t *out_len, const char **encoding, GError **error)
{
    char *bytes = *buffer;
    *encoding = "utf-8";
    if (len == 0) {
        g_set_error(error, TIFA_ERROR, TIFA_ERROR_INPUT, "is empty");
        return NULL;
    }
    if (len >= 2 && (unsigned char)bytes[0] == 0xFF && (unsigned char)bytes[1] == 0xFE) {
        *encoding = "utf-16le";
        return convert(bytes + 2, len - 2, "UTF-16LE", out_len, error);
    }
    if (len >= 2 && (unsigned char)bytes[0] == 0xFE && (unsigned char)bytes[1] == 0xFF) {
        *encoding = "utf-16be";
        return convert(bytes + 2, len - 2, "UTF-16BE", out_len, error);
    }
    if (looks_binary(bytes, len)) {
        g_set_error(error, TIFA_ERROR, TIFA_ERROR_BINARY,
                    "looks like a binary file (control bytes in its first %d bytes), not text",
                    SNIFF_BYTES);
        return NULL;
    }
    if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0) {
        *encoding = "utf-8-bom";
        bytes += 3;
        len -= 3;
    }
    if (util_utf8_valid(bytes, len)) {
        /* The common case: the text is the buffer (without its BOM). */
        if (bytes != *buffer)
            memmove(*buffer, bytes, len);
        (*buffer)[len] = '\0';
        *out_len = len;
        char *text = *buffer;
        *buffer = NULL;
        return text;
    }
    size_t valid_multi, invalid;
    utf8_census(bytes, len, &valid_multi, &invalid);
    /* Mostly UTF-8: keep it, mark the broken bytes. */
    if (valid_multi >= 16 && invalid * 50 < valid_multi) {
        *encoding = "utf-8-repaired";
        char *text = g_utf8_make_valid(bytes, (gssize)len);
        *out_len = strlen(text);
        return text;
    }
    if (strcmp(*encoding, "utf-8-bom") == 0) {
        g_set_error(error, TIFA_ERROR, TIFA_ERROR_INPUT,
                    "starts with a UTF-8 byte order mark but is not valid UTF-8");
        return NULL;
    }
    *encoding = "gb18030";
    return convert(bytes, len, "GB18030", out_len, error);
}
