/*
 * decode.c - turning a file's bytes into UTF-8 text.
 *
 * Chinese text arrives as UTF-8 (with or without a BOM), as GB18030/GBK
 * (older mainland sites, the original 1998 People's Daily files), as Big5
 * (older Taiwan and Hong Kong pages), and now and then as UTF-16 with a BOM.
 * Binary files (a PDF, an image, a zip) must be skipped with a warning, not
 * counted as text.
 *
 * The order of the tests matters: a UTF-16 BOM first (UTF-16 text is full of
 * NUL bytes), then the binary check, then UTF-8 (which GB18030 would also
 * accept, wrongly), then GB18030 and Big5.  A file that is UTF-8 but for a
 * handful of broken bytes (a page cut in the middle of a character) is read
 * as UTF-8 with U+FFFD in their place and a warning, rather than thrown away.
 *
 * GB18030 and Big5 share their byte ranges: Big5 text is valid GB18030,
 * and most GBK text is valid Big5 for glibc's BIG5 table.  What tells them
 * apart is what the decoded text says: real Chinese, simplified or
 * traditional, is mostly made of a few hundred characters, and text decoded
 * in the wrong one of the two is not (see common_hanzi and decode_legacy()).
 * Only text that is not UTF-8 pays for this: UTF-8 returns before it.
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

/* ---- GB18030 or Big5: which decoding reads as Chinese ---- */

/* The 400 characters most frequent in the shared corpora (70 years of
 * government work reports, Xi Jinping's speeches of 2020, the 19th and 20th
 * party congress reports, People's Daily of January 1998, 新闻联播
 * 2012-2026; each corpus weighing the same), in that order, then their
 * traditional forms (OpenCC's s2t, s2tw and s2hk tables, character by
 * character).  With the punctuation of Chinese text and full-width letters
 * and digits, they make up 42-94% of the characters beyond ASCII (in the
 * first 8 KB) of each of the 2,099 documents of those corpora with 50 or
 * more such characters, in GBK (the least: lists of names), 51-94% of the
 * 510 in Big5 (the same documents in traditional characters, and the Hong
 * Kong passage of tests/data/traditional: 76%).  Decoded in the wrong one
 * of the two encodings, the same documents give 0-14% (GBK read as Big5,
 * which glibc's BIG5 decodes for 1,837 of them) and 0-10% (Big5 read as
 * GB18030, which decodes all of them). */
static const char common_hanzi[] =
    "的国和中人一大发民全会在展要新业是主作有进建不年化力了实加生经为政我党工"
    "社强制家体动重行地持同设成对产们现出坚面以方治上理合高开义济部共平时各个"
    "推能来保代定改度法系关多到本提基好增这战务区学长自分等文日革领用资机事市"
    "性公导更利前于农心创深安入就统特决科十军总央联明过量题结情内向员问世外技"
    "得防际下立企育放活场界正点通完水调第组月应教善之表者与三当目任将施华护步"
    "天造支续期两规局取路美五万把族管道贫构疫群信从干众后必近思精最位解也程权"
    "意今金策快色他命广争次质起议交品形二极协视使效想电积可而项稳优史运相小织"
    "团都历求种收所消着服习变斗计风村记标式委健物级城报元先确四略府控环队流商"
    "态益术严北其复网势集百神海域整门格投比论及须促子源并间伟做反些指研志克还"
    "息断供境医口由东准线落已划举继兴础维球难示困数识播西办达亿依然别传才台责"
    "里价说原院障观类融引切打去件根层型条认需互京费带营果转监职处南康亚挥奋无"
    "卫险闻书"
    /* traditional forms */
    "國發會業進實經爲為黨強體動設對產們現堅開義濟時個來關這戰務區學長領資機導"
    "於農創統決軍總聯過題結內員問際場點調組應與當將華護續兩規萬貧構羣從幹衆眾"
    "後權廣爭質議極協視電積項穩優運織團歷種著習變鬥計風記標級報確環隊態術嚴復"
    "網勢門論須並間偉還斷醫東準線劃舉繼興礎維難數識辦達億別傳臺責裏裡價說説觀"
    "類層條認費帶營轉監職處亞揮奮無衛衞險聞書";

/* One bit per code point of U+4E00..U+9FFF. */
#define HAN_FIRST 0x4E00
#define HAN_LAST 0x9FFF
static guint8 common_bits[(HAN_LAST - HAN_FIRST + 1) / 8 + 1];

static void
init_common_bits(void)
{
    static gsize done = 0;
    if (g_once_init_enter(&done)) {
        for (const char *p = common_hanzi; *p; p = g_utf8_next_char(p)) {
            gunichar c = g_utf8_get_char(p);
            g_assert(c >= HAN_FIRST && c <= HAN_LAST);
            common_bits[(c - HAN_FIRST) >> 3] |= (guint8)(1u << ((c - HAN_FIRST) & 7));
        }
        g_once_init_leave(&done, 1);
    }
}

/* A character that real Chinese text is full of: a common hanzi, the
 * punctuation of Chinese text, a full-width letter or digit. */
static gboolean
is_common(gunichar c)
{
    if (c >= HAN_FIRST && c <= HAN_LAST)
        return (common_bits[(c - HAN_FIRST) >> 3] >> ((c - HAN_FIRST) & 7)) & 1;
    if (c >= 0xFF01 && c <= 0xFF5E)
        return TRUE;
    switch (c) {
    case 0x00B7: case 0x2014: case 0x2018: case 0x2019: case 0x201C: case 0x201D:
    case 0x2026: case 0x3000: case 0x3001: case 0x3002: case 0x3007: case 0x3008:
    case 0x3009: case 0x300A: case 0x300B: case 0x300C: case 0x300D: case 0x300E:
    case 0x300F: case 0x3010: case 0x3011:
        return TRUE;
    default:
        return FALSE;
    }
}

/* What a decoding is judged on: its characters beyond ASCII, and how many
 * of them are common ones. */
typedef struct {
    size_t chars, common;
} common_count;

static void
count_common(const char *text, size_t len, common_count *n)
{
    init_common_bits();
    n->chars = n->common = 0;
    for (const char *p = text, *end = text + len; p < end; p++) {
        if ((unsigned char)*p < 0x80)
            continue;
        gunichar c = g_utf8_get_char(p);
        n->chars++;
        n->common += is_common(c);
        p = g_utf8_next_char(p) - 1;
    }
}

/* Below this share of common characters, text is not Chinese as decoded;
 * from this many characters beyond ASCII on, a decoding is judged by it
 * (shorter text goes to the better of the two without a verdict). */
#define PLAUSIBLE_PERCENT 25
#define JUDGED_CHARS 50
/* A decoding is judged on its first bytes (some 2,700 characters). */
#define JUDGED_BYTES 8192

static gboolean
plausible(const common_count *n)
{
    return n->chars < JUDGED_CHARS || n->common * 100 >= (size_t)PLAUSIBLE_PERCENT * n->chars;
}

static int
percent(const common_count *n)
{
    return n->chars ? (int)(n->common * 100 / n->chars) : 0;
}

/* One try: text decoded from `from` and its count, or NULL and where it
 * stopped. */
static char *
try_convert(const char *bytes, size_t len, const char *from, size_t *out_len, size_t *stopped,
            common_count *n)
{
    gsize read = 0, written = 0;
    char *out = g_convert(bytes, (gssize)len, "UTF-8", from, &read, &written, NULL);
    if (!out) {
        *stopped = read;
        return NULL;
    }
    *out_len = written;
    count_common(out, MIN(written, JUDGED_BYTES), n);
    return out;
}

/* Text that is not UTF-8: GB18030 (GBK, GB2312) or Big5 (with the Hong Kong
 * characters of HKSCS where plain Big5 does not read it), whichever decodes
 * and reads as Chinese.  GB18030 that reads as Chinese is taken at once:
 * Big5 text never does (at most 10% of common characters on the texts
 * above), and GBK text pays no more than a look at its first characters. */
static char *
decode_legacy(const char *bytes, size_t len, size_t *out_len, const char **encoding,
              GError **error)
{
    *encoding = "gb18030";
    size_t gb_len = 0, b5_len = 0, gb_stop = 0, b5_stop = 0;
    common_count gb_n = { 0, 0 }, b5_n = { 0, 0 };
    char *gb = try_convert(bytes, len, "GB18030", &gb_len, &gb_stop, &gb_n);
    if (gb && gb_n.chars >= JUDGED_CHARS && plausible(&gb_n)) {
        *out_len = gb_len;
        return replace_nul(gb, out_len);
    }
    const char *b5_name = "big5";
    char *b5 = try_convert(bytes, len, "BIG5", &b5_len, &b5_stop, &b5_n);
    if (!b5) {
        b5_name = "big5-hkscs";
        b5 = try_convert(bytes, len, "BIG5-HKSCS", &b5_len, &b5_stop, &b5_n);
    }
    /* Big5 only where it reads better: ties (text without Chinese) go to
     * GB18030. */
    gboolean use_big5 = b5 && (!gb || b5_n.common * gb_n.chars > gb_n.common * b5_n.chars);
    const common_count *chosen = use_big5 ? &b5_n : &gb_n;
    char *text = NULL;
    if (!gb && !b5) {
        g_set_error(error, TIFA_ERROR, TIFA_ERROR_INPUT,
                    "is neither UTF-8, GB18030 nor Big5 (undecodable bytes at offset %zu)",
                    gb_stop);
    } else if (!plausible(chosen)) {
        if (gb && b5)
            g_set_error(error, TIFA_ERROR, TIFA_ERROR_INPUT,
                        "is not UTF-8, and is not Chinese text read as GB18030 or as Big5 "
                        "(common Chinese characters: %d%% and %d%%, where Chinese text has "
                        "over 40%%): its encoding is not one tifa reads",
                        percent(&gb_n), percent(&b5_n));
        else
            g_set_error(error, TIFA_ERROR, TIFA_ERROR_INPUT,
                        "is not UTF-8 nor %s, and is not Chinese text read as %s (common "
                        "Chinese characters: %d%%, where Chinese text has over 40%%): its "
                        "encoding is not one tifa reads",
                        gb ? "Big5" : "GB18030", gb ? "GB18030" : "Big5", percent(chosen));
    } else {
        *encoding = use_big5 ? b5_name : "gb18030";
        text = use_big5 ? b5 : gb;
        *out_len = use_big5 ? b5_len : gb_len;
        if (use_big5)
            b5 = NULL;
        else
            gb = NULL;
        text = replace_nul(text, out_len);
    }
    g_free(gb);
    g_free(b5);
    return text;
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

/* Control characters of `text` that text does not hold (not \t \n \r …). */
static size_t
controls_in(const char *text, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += binary_byte[(unsigned char)text[i]];
    return n;
}

/* UTF-16 written without a byte-order mark (Windows tools): the NUL bytes
 * of its ASCII characters (line ends, digits) fall on one side of each
 * pair, odd offsets for little-endian, even for big-endian, where a binary
 * file has them on both.  "UTF-16LE", "UTF-16BE", or NULL.  Text with no
 * ASCII at all has no NUL to tell by, and is read as it reads otherwise. */
static const char *
utf16_without_bom(const char *bytes, size_t len)
{
    size_t n = MIN(len, (size_t)SNIFF_BYTES) & ~(size_t)1;
    size_t even = 0, odd = 0;
    for (size_t i = 0; i < n; i += 2) {
        if (bytes[i] == 0 && bytes[i + 1] == 0)
            return NULL;   /* U+0000 is no text */
        even += bytes[i] == 0;
        odd += bytes[i + 1] == 0;
    }
    size_t pairs = n / 2;
    if (len % 2 != 0 || pairs < 8)
        return NULL;
    /* A character U+xx00 (一 is U+4E00, 开 U+5F00) puts a NUL on the other
     * side now and then: one side must hold three times the other's (what
     * the text decodes to is checked after). */
    if (odd * 20 >= pairs && even * 3 <= odd)
        return "UTF-16LE";
    if (even * 20 >= pairs && odd * 3 <= even)
        return "UTF-16BE";
    return NULL;
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
        /* UTF-16 without a BOM has the NUL bytes of its ASCII characters:
         * asked here, where they sent it, so that text pays nothing.
         * Binary data of 16-bit numbers can look the same: what it decodes
         * to must be text, with hardly a control character (one in a
         * hundred bytes; the binary check allows one in ten). */
        const char *utf16 = utf16_without_bom(bytes, len);
        if (utf16) {
            char *text = convert(bytes, len, utf16, out_len, error);
            if (text && *out_len >= len / 2 && controls_in(text, *out_len) * 100 <= *out_len) {
                *encoding = strcmp(utf16, "UTF-16LE") == 0 ? "utf-16le" : "utf-16be";
                return text;
            }
            g_free(text);
            g_clear_error(error);
        }
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
    return decode_legacy(bytes, len, out_len, encoding, error);
}
