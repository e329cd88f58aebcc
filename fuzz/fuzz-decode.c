/* fuzz-decode.c - the decoder and the normaliser: any bytes give UTF-8 text
 * or an error; normalised text is valid UTF-8; every offset maps back into
 * the original text, in order. */
#include "config.h"

#include <stdlib.h>

#include "tifa.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t len;
    const char *enc;
    GError *error = NULL;
    char *text = decode_text((const char *)data, size, &len, &enc, &error);
    if (!text) {
        g_clear_error(&error);
        return 0;
    }
    if (!g_utf8_validate(text, (gssize)len, NULL))
        abort();
    GArray *breaks = g_array_new(FALSE, FALSE, sizeof(offset_break));
    size_t norm_len, chars;
    char *norm = normalize_text_counted(text, len, &norm_len, breaks, &chars);
    if (!g_utf8_validate(norm, (gssize)norm_len, NULL) || chars > norm_len)
        abort();
    size_t last = 0;
    for (size_t off = 0; off <= norm_len; off++) {
        size_t orig = normalize_to_original(breaks, off);
        if (orig > len || orig < last)
            abort();
        last = orig;
    }
    g_free(norm);
    g_array_free(breaks, TRUE);
    g_free(text);
    return 0;
}
