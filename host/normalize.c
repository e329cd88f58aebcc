/*
 * normalize.c - the text the rules see.
 *
 * The same formulation is written with full- or half-width letters and
 * digits, with “…”, ‘…’, 「…」, "…" or '…' around it, and indented with
 * ideographic spaces.  Rules should not have to spell every variant, so
 * matching runs on a normalised copy:
 *
 *   U+FF01..U+FF5E (full-width ASCII)   -> U+0021..U+007E
 *   U+3000, U+00A0, U+2000..U+200A      -> U+0020 (space)
 *   U+200B..U+200D, U+2060, U+FEFF      -> removed (zero-width)
 *   opening quotation marks             -> “ (U+201C)
 *   closing quotation marks             -> ” (U+201D)
 *
 * ASCII " (and ＂) has no direction: within a line, it opens when no quote is
 * open and closes otherwise.  ASCII ' (and ＇) is an apostrophe in English,
 * so it is only taken as a quote next to a non-ASCII character on its inner
 * side ('四个意识').
 *
 * Every result is reported in offsets of the original text.  The normaliser
 * records an offset_break wherever the distance between the two texts
 * changes; normalize_to_original() maps an offset back by binary search.
 */
#include "config.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__GNUC__) && defined(__x86_64__) && defined(__SSE2__)
#include <immintrin.h>   /* the 32-byte loop (TIFA_HAVE_AVX2_PATHS, tifa.h) */
#endif

#include "tifa.h"

#define OPEN_QUOTE "\xe2\x80\x9c"   /* “ */
#define CLOSE_QUOTE "\xe2\x80\x9d"  /* ” */

typedef enum {
    KEEP,          /* copy unchanged */
    TO_ASCII,      /* replace by one ASCII byte */
    TO_OPEN,       /* replace by “ */
    TO_CLOSE,      /* replace by ” */
    DOUBLE_QUOTE,  /* direction from context */
    SINGLE_QUOTE,  /* direction from context, only next to non-ASCII */
    DROP,          /* remove */
} char_action;

/* Classify code point c; *ascii receives the replacement for TO_ASCII. */
static char_action
classify(gunichar c, char *ascii)
{
    if (c < 0x80) {
        if (c == '"')
            return DOUBLE_QUOTE;
        if (c == '\'')
            return SINGLE_QUOTE;
        return KEEP;
    }
    if (c >= 0xFF01 && c <= 0xFF5E) {
        if (c == 0xFF02)
            return DOUBLE_QUOTE;
        if (c == 0xFF07)
            return SINGLE_QUOTE;
        *ascii = (char)(c - 0xFEE0);
        return TO_ASCII;
    }
    switch (c) {
    case 0x3000: case 0x00A0:
        *ascii = ' ';
        return TO_ASCII;
    case 0x201C: /* “ */
        return KEEP;
    case 0x201D: /* ” */
        return KEEP;
    case 0x2018: case 0x201B: case 0x201E: case 0x300C: case 0x300E: case 0x301D:
    case 0xFE41: case 0xFE43:
        return TO_OPEN;
    case 0x2019: case 0x300D: case 0x300F: case 0x301E: case 0x301F: case 0xFE42:
    case 0xFE44:
        return TO_CLOSE;
    case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF:
        return DROP;
    default:
        break;
    }
    if (c >= 0x2000 && c <= 0x200A) {
        *ascii = ' ';
        return TO_ASCII;
    }
    return KEEP;
}

/*
 * What the main loop does with each byte, from a 256-entry table:
 *   RUN_CONT   a continuation byte: copy
 *   RUN_CHAR   the first byte of a character that never changes: copy, count
 *   RUN_SPACE  ASCII white space other than a newline: copy, do not count
 *   STOP       a byte that may start a character that changes (", ', and the
 *              lead bytes C2, E1, E2, E3, EF), or a newline (quotes pair
 *              per line), or an invalid byte: look closer
 */
enum { RUN_CONT, RUN_CHAR, RUN_SPACE, STOP };

static unsigned char byte_class[256];

static void
init_byte_class(void)
{
    for (int b = 0; b < 256; b++) {
        unsigned char c;
        if (b >= 0x80 && b <= 0xBF)
            c = RUN_CONT;
        else if (b == ' ' || b == '\t' || b == '\v' || b == '\f' || b == '\r')
            c = RUN_SPACE;
        else
            c = RUN_CHAR;
        byte_class[b] = c;
    }
    static const unsigned char stops[] = { '"', '\'', '\n', 0xC2, 0xE1, 0xE2, 0xE3, 0xEF };
    for (size_t k = 0; k < sizeof stops; k++)
        byte_class[stops[k]] = STOP;
    for (int b = 0xF8; b < 256; b++)
        byte_class[b] = STOP;
}

/*
 * Whether the three bytes at p are a character that normalisation leaves
 * as it is, among those whose lead byte is a STOP: most of U+3000..U+3FFF
 * (、。《》 are common), U+2100..U+2FFF and U+E000..U+FFFF outside the
 * full-width forms.  None of them is white space, so each counts as a
 * character.  The rest (U+2000..U+207F: spaces, quotes, zero-width) takes
 * the general path.
 */
static inline gboolean
unchanged_3byte(const unsigned char *p)
{
    if ((p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
        return FALSE;
    switch (p[0]) {
    case 0xE3:
        /* U+3000, 「」『』 U+300C..U+300F, 〝〞〟 U+301D..U+301F change. */
        return p[1] != 0x80 ||
               !(p[2] == 0x80 || (p[2] >= 0x8C && p[2] <= 0x8F) || (p[2] >= 0x9D && p[2] <= 0x9F));
    case 0xEF:
        /* U+FF00..U+FF7F (full-width ASCII), U+FEFF, U+FE41..U+FE44 change. */
        if (p[1] == 0xBC || p[1] == 0xBD)
            return FALSE;
        if (p[1] == 0xBB && p[2] == 0xBF)
            return FALSE;
        return !(p[1] == 0xB9 && p[2] >= 0x81 && p[2] <= 0x84);
    case 0xE2:
        return p[1] != 0x80 && p[1] != 0x81;
    default:
        return FALSE;
    }
}

/*
 * Sixteen bytes at a time, the stretch from j that the table would walk as
 * RUN_CONT, RUN_CHAR and RUN_SPACE bytes: returns where it ends (the first
 * STOP byte, or near the end of the text, where the byte loop takes over)
 * and adds its characters to *chars.  Chinese text is mostly such runs
 * between punctuation, and a byte at a time was a tenth of a report.
 */
/* Set bits in a 16-bit mask, without the library call that
 * __builtin_popcount becomes where POPCNT is not assumed. */
static inline unsigned
bits16(unsigned x)
{
    x = x - ((x >> 1) & 0x5555u);
    x = (x & 0x3333u) + ((x >> 2) & 0x3333u);
    x = (x + (x >> 4)) & 0x0F0Fu;
    return (x + (x >> 8)) & 0x1Fu;
}

#ifdef TIFA_HAVE_AVX2_PATHS
/*
 * On CPUs with AVX2, the bytes ahead are classified 256 at a time into two
 * masks per 32-byte block, with the tests of skip_run_bytes (signed compares
 * turned round: AVX2 has only "greater than"): which bytes STOP a run and
 * which start a character that counts.  The main loop reads runs off the
 * masks and keeps them across the stops it handles: a full-width comma or a
 * newline every forty bytes or so used to cost a new 32-byte pass from the
 * stop, with its constants set up again (a sixth of the normaliser's
 * instructions over 新闻联播).
 */
#define WINDOW_BLOCKS 8

typedef struct {
    size_t base, end;                 /* the bytes [base, end) are classified */
    uint32_t stops[WINDOW_BLOCKS];    /* bit k of block b: byte base + 32b + k */
    uint32_t counted[WINDOW_BLOCKS];
} byte_window;

/* Byte classes by nibble for classify_window: a byte's bits are those its
 * high nibble's entry and its low nibble's entry share. */
enum {
    NIB_QUOTE = 0x01,     /* " ' */
    NIB_NEWLINE = 0x02,
    NIB_C2 = 0x04,
    NIB_E1_EF = 0x08,
    NIB_F8_FF = 0x10,     /* never in UTF-8 */
    NIB_E2 = 0x20,        /* stop unless the character is kept */
    NIB_E3 = 0x40,        /* the same */
};

__attribute__((target("avx2"))) static void
classify_window(const unsigned char *src, size_t len, size_t base, byte_window *w)
{
#define NIB_E (NIB_E1_EF | NIB_E2 | NIB_E3)
#define NIB_HIGH_ROW NIB_NEWLINE, 0, NIB_QUOTE, 0, 0, 0, 0, 0, 0, 0, 0, 0, NIB_C2, 0, NIB_E, \
        NIB_F8_FF
#define NIB_LOW_ROW 0, NIB_E1_EF, NIB_QUOTE | NIB_C2 | NIB_E2, NIB_E3, 0, 0, 0, NIB_QUOTE, \
        NIB_F8_FF, NIB_F8_FF, NIB_F8_FF | NIB_NEWLINE, NIB_F8_FF, NIB_F8_FF, NIB_F8_FF, NIB_F8_FF, \
        NIB_F8_FF | NIB_E1_EF
    /* vpshufb looks up each 128-bit lane on its own: the rows twice. */
    const __m256i high_row = _mm256_setr_epi8(NIB_HIGH_ROW, NIB_HIGH_ROW),
                  low_row = _mm256_setr_epi8(NIB_LOW_ROW, NIB_LOW_ROW);
#undef NIB_HIGH_ROW
#undef NIB_LOW_ROW
#undef NIB_E
    const __m256i nibble = _mm256_set1_epi8(0x0F), zero = _mm256_setzero_si256(),
                  c0 = _mm256_set1_epi8((char)0xC0), cont = _mm256_set1_epi8((char)0x80),
                  fe = _mm256_set1_epi8((char)0xFE), fc = _mm256_set1_epi8((char)0xFC),
                  x8c = _mm256_set1_epi8((char)0x8C), x9d = _mm256_set1_epi8((char)0x9D),
                  x9f = _mm256_set1_epi8((char)0x9F), e2_bit = _mm256_set1_epi8(NIB_E2),
                  e3_bit = _mm256_set1_epi8(NIB_E3), tab = _mm256_set1_epi8('\t'),
                  four = _mm256_set1_epi8(4), space = _mm256_set1_epi8(' ');
    size_t j = base;
    unsigned b = 0;
    /* 34: the two bytes after a block are read too (the rest of a
     * character whose lead byte ends it). */
    while (b < WINDOW_BLOCKS && len - j >= 34) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(src + j));
        __m256i v1 = _mm256_loadu_si256((const __m256i *)(src + j + 1));
        __m256i v2 = _mm256_loadu_si256((const __m256i *)(src + j + 2));
        __m256i cls = _mm256_and_si256(
            _mm256_shuffle_epi8(high_row, _mm256_and_si256(_mm256_srli_epi16(v, 4), nibble)),
            _mm256_shuffle_epi8(low_row, _mm256_and_si256(v, nibble)));
        /* E2 and E3 lead 、。《》 and the like, several per sentence: they
         * stop the run only when unchanged_3byte() would say so, that is,
         * when the character changes or is not well formed. */
        __m256i both_cont = _mm256_and_si256(_mm256_cmpeq_epi8(_mm256_and_si256(v1, c0), cont),
                                             _mm256_cmpeq_epi8(_mm256_and_si256(v2, c0), cont));
        __m256i e3_changes = _mm256_and_si256(
            _mm256_cmpeq_epi8(v1, cont),
            _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(v2, cont),
                                            _mm256_cmpeq_epi8(_mm256_and_si256(v2, fc), x8c)),
                            _mm256_and_si256(_mm256_cmpeq_epi8(_mm256_max_epu8(v2, x9d), v2),
                                             _mm256_cmpeq_epi8(_mm256_min_epu8(v2, x9f), v2))));
        __m256i e3_kept = _mm256_andnot_si256(e3_changes, both_cont);
        __m256i e2_kept =
            _mm256_andnot_si256(_mm256_cmpeq_epi8(_mm256_and_si256(v1, fe), cont), both_cont);
        cls = _mm256_andnot_si256(_mm256_or_si256(_mm256_and_si256(e2_kept, e2_bit),
                                                  _mm256_and_si256(e3_kept, e3_bit)),
                                  cls);
        /* Not counted: continuation bytes (below C0 as signed bytes, that
         * is C0 > v), the space and 09..0D (the newline among them stops
         * every run, so its bit is never read). */
        __m256i from_tab = _mm256_sub_epi8(v, tab);
        __m256i uncounted = _mm256_or_si256(
            _mm256_or_si256(_mm256_cmpgt_epi8(c0, v), _mm256_cmpeq_epi8(v, space)),
            _mm256_cmpeq_epi8(_mm256_min_epu8(from_tab, four), from_tab));
        w->stops[b] = ~(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(cls, zero));
        w->counted[b] = ~(uint32_t)_mm256_movemask_epi8(uncounted);
        b++;
        j += 32;
    }
    w->base = base;
    w->end = j;
}

/*
 * The run from j, read off the window: returns where it ends, at a STOP
 * byte or at the end of the window, and adds its characters to *chars.
 * j must lie in [w->base, w->end).  Compiled for AVX2, which implies
 * POPCNT: a count is one instruction, not the dozen of a portable bit
 * count, which more than pays for the call.  (Classifying the windows
 * inside the same call, once per run, cost more: 354.6 against 353.5
 * million instructions for a report over 新闻联播 2015.)
 */
__attribute__((target("avx2"))) static size_t
window_run(const byte_window *w, size_t j, size_t *chars, gboolean *stopped)
{
    while (j < w->end) {
        size_t off = j - w->base;
        unsigned bit = off & 31u;
        uint32_t stops = w->stops[off >> 5] >> bit, counted = w->counted[off >> 5] >> bit;
        if (stops) {
            unsigned k = (unsigned)__builtin_ctz(stops);
            *chars += (unsigned)__builtin_popcount(counted & ((UINT32_C(1) << k) - 1u));
            *stopped = TRUE;
            return j + k;
        }
        *chars += (unsigned)__builtin_popcount(counted);
        j += 32u - bit;
    }
    *stopped = FALSE;
    return j;
}
#endif

static inline size_t
skip_run_bytes(const unsigned char *src, size_t len, size_t j, size_t *chars)
{
#ifdef __SSE2__
    const __m128i quote2 = _mm_set1_epi8('"'), quote1 = _mm_set1_epi8('\''),
                  newline = _mm_set1_epi8('\n'), c2 = _mm_set1_epi8((char)0xC2),
                  e1 = _mm_set1_epi8((char)0xE1), e2 = _mm_set1_epi8((char)0xE2),
                  e3 = _mm_set1_epi8((char)0xE3), ef = _mm_set1_epi8((char)0xEF),
                  f8 = _mm_set1_epi8((char)0xF8), c0 = _mm_set1_epi8((char)0xC0),
                  space = _mm_set1_epi8(' '), tab = _mm_set1_epi8('\t'),
                  vtab = _mm_set1_epi8('\v'), feed = _mm_set1_epi8('\f'),
                  ret = _mm_set1_epi8('\r');
    const __m128i cont_mask = _mm_set1_epi8((char)0xC0), cont = _mm_set1_epi8((char)0x80),
                  fe = _mm_set1_epi8((char)0xFE), fc = _mm_set1_epi8((char)0xFC),
                  x8c = _mm_set1_epi8((char)0x8C), x9d = _mm_set1_epi8((char)0x9D),
                  x9f = _mm_set1_epi8((char)0x9F);
    /* 18: the two bytes after the block are read too (the rest of a
     * character whose lead byte ends the block). */
    while (len - j >= 18) {
        __m128i v = _mm_loadu_si128((const __m128i *)(src + j));
        __m128i v1 = _mm_loadu_si128((const __m128i *)(src + j + 1));
        __m128i v2 = _mm_loadu_si128((const __m128i *)(src + j + 2));
        /* E2 and E3 lead 、。《》 and the like, several per sentence: they
         * stop the run only when unchanged_3byte() would say so, that is,
         * when the character changes or is not well formed. */
        __m128i both_cont =
            _mm_and_si128(_mm_cmpeq_epi8(_mm_and_si128(v1, cont_mask), cont),
                          _mm_cmpeq_epi8(_mm_and_si128(v2, cont_mask), cont));
        __m128i e3_changes = _mm_and_si128(
            _mm_cmpeq_epi8(v1, cont),
            _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(v2, cont), _mm_cmpeq_epi8(_mm_and_si128(v2, fc), x8c)),
                _mm_and_si128(_mm_cmpeq_epi8(_mm_max_epu8(v2, x9d), v2),
                              _mm_cmpeq_epi8(_mm_min_epu8(v2, x9f), v2))));
        __m128i e3_kept = _mm_andnot_si128(e3_changes, both_cont);
        __m128i e2_kept = _mm_andnot_si128(_mm_cmpeq_epi8(_mm_and_si128(v1, fe), cont), both_cont);
        __m128i stop = _mm_or_si128(
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote2), _mm_cmpeq_epi8(v, quote1)),
                         _mm_or_si128(_mm_cmpeq_epi8(v, newline), _mm_cmpeq_epi8(v, c2))),
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, e1),
                                      _mm_andnot_si128(e2_kept, _mm_cmpeq_epi8(v, e2))),
                         _mm_or_si128(_mm_andnot_si128(e3_kept, _mm_cmpeq_epi8(v, e3)),
                                      _mm_cmpeq_epi8(v, ef))));
        /* Bytes F8..FF: never in UTF-8. */
        stop = _mm_or_si128(stop, _mm_cmpeq_epi8(_mm_max_epu8(v, f8), v));
        /* Continuation bytes 80..BF are, as signed bytes, below C0. */
        __m128i uncounted = _mm_or_si128(
            _mm_cmplt_epi8(v, c0),
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, space), _mm_cmpeq_epi8(v, tab)),
                         _mm_or_si128(_mm_cmpeq_epi8(v, vtab),
                                      _mm_or_si128(_mm_cmpeq_epi8(v, feed),
                                                   _mm_cmpeq_epi8(v, ret)))));
        unsigned stops = (unsigned)_mm_movemask_epi8(stop);
        unsigned counted = ~(unsigned)_mm_movemask_epi8(uncounted) & 0xFFFFu;
        if (stops) {
            unsigned k = (unsigned)__builtin_ctz(stops);
            *chars += bits16(counted & ((1u << k) - 1u));
            return j + k;
        }
        *chars += bits16(counted);
        j += 16;
    }
#else
    (void)src;
    (void)len;
    (void)chars;
#endif
    return j;
}

/* Decode the character at p (valid UTF-8 expected); *n gets its length. */
static inline gunichar
decode_at(const unsigned char *p, const unsigned char *end, size_t *n)
{
    unsigned char b = p[0];
    if (b < 0x80) {
        *n = 1;
        return b;
    }
    if (b >= 0xE0 && b < 0xF0 && end - p >= 3) {
        *n = 3;
        return ((gunichar)(b & 0x0F) << 12) | ((gunichar)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    }
    if (b >= 0xC0 && b < 0xE0 && end - p >= 2) {
        *n = 2;
        return ((gunichar)(b & 0x1F) << 6) | (p[1] & 0x3F);
    }
    gunichar c = g_utf8_get_char_validated((const char *)p, end - p);
    if (c == (gunichar)-1 || c == (gunichar)-2) {
        *n = 1;
        return 0xFFFD;
    }
    *n = (size_t)(g_utf8_next_char(p) - (const char *)p);
    return c;
}

/* Breaks gathered on the stack and handed to the array in batches: a call
 * per full-width character (，：（）, several per sentence) cost a few
 * percent of a report. */
typedef struct {
    GArray *to;              /* NULL: the caller wants no breaks */
    offset_break buf[128];
    guint n;
} break_batch;

static inline void
batch_add(break_batch *b, size_t norm, size_t orig)
{
    if (!b->to)
        return;
    b->buf[b->n].norm = norm;
    b->buf[b->n].orig = orig;
    if (++b->n == G_N_ELEMENTS(b->buf)) {
        g_array_append_vals(b->to, b->buf, b->n);
        b->n = 0;
    }
}

static inline void
batch_flush(break_batch *b)
{
    if (b->to && b->n)
        g_array_append_vals(b->to, b->buf, b->n);
    b->n = 0;
}

char *
normalize_text(const char *in, size_t len, size_t *out_len, GArray *breaks)
{
    return normalize_text_counted(in, len, out_len, breaks, NULL);
}

char *
normalize_text_counted(const char *in, size_t len, size_t *out_len, GArray *breaks,
                       size_t *n_chars)
{
    static gsize table_ready;
    if (g_once_init_enter(&table_ready)) {
        init_byte_class();
        g_once_init_leave(&table_ready, 1);
    }
    const unsigned char *src = (const unsigned char *)in, *end = src + len;
    /* ASCII quotes grow from 1 to 3 bytes; nothing else grows. */
    size_t cap = len + 16;
    char *out = g_malloc(cap + 1);
    size_t o = 0, i = 0, chars = 0;
    long delta = 0;              /* (output offset) - (input offset) */
    gboolean double_open = FALSE, single_open = FALSE;
    gunichar prev = 0;
    break_batch batch;
    batch.to = breaks;
    batch.n = 0;
#ifdef TIFA_HAVE_AVX2_PATHS
    gboolean wide = util_use_avx2();
    byte_window window;
    window.base = window.end = 0;
#endif

    while (i < len) {
        /* A run of bytes that cannot change: find its end, count its
         * characters, copy it in one go. */
        size_t j = i;
        size_t run_chars = 0;
        unsigned char cls;
        while (j < len) {
#ifdef TIFA_HAVE_AVX2_PATHS
            if (wide) {
                /* Near the end of the text the window comes back empty
                 * and the loops below take over. */
                if (j >= window.end)
                    classify_window(src, len, j, &window);
                if (j < window.end) {
                    gboolean stopped;
                    j = window_run(&window, j, &run_chars, &stopped);
                    if (!stopped)
                        continue;
                    goto at_stop;
                }
            }
#endif
            j = skip_run_bytes(src, len, j, &run_chars);
            if (j >= len)
                break;
#ifdef TIFA_HAVE_AVX2_PATHS
        at_stop:
#endif
            cls = byte_class[src[j]];
            if (cls != STOP) {
                run_chars += cls == RUN_CHAR;
                j++;
            } else if (len - j >= 3 && unchanged_3byte(src + j)) {
                run_chars++;
                j += 3;
            } else {
                break;
            }
        }
        if (j > i) {
            if (o + (j - i) + 3 > cap) {
                cap = (o + (j - i) + 3) * 2;
                out = g_realloc(out, cap + 1);
            }
            memcpy(out + o, in + i, j - i);
            o += j - i;
            chars += run_chars;
            prev = src[j - 1] < 0x80 ? src[j - 1] : 0x4E00;
            i = j;
            if (i >= len)
                break;
        }
        if (src[i] == '\n') {
            /* Quotes pair within a line. */
            double_open = single_open = FALSE;
            if (o + 4 > cap) {
                cap = (o + 4) * 2;
                out = g_realloc(out, cap + 1);
            }
            out[o++] = '\n';
            prev = '\n';
            i++;
            continue;
        }
        if (len - i >= 3 && src[i] == 0xEF && (src[i + 1] == 0xBC || src[i + 1] == 0xBD) &&
            (src[i + 2] & 0xC0) == 0x80) {
            /* Full-width ASCII (，：（）１２), the commonest change, inline.
             * ＂ and ＇ (U+FF02, U+FF07) have a direction: the general path. */
            gunichar c = 0xF000 | ((gunichar)(src[i + 1] & 0x3F) << 6) | (src[i + 2] & 0x3F);
            if (c >= 0xFF01 && c <= 0xFF5E && c != 0xFF02 && c != 0xFF07) {
                if (o + 3 > cap) {
                    cap = (o + 3) * 2;
                    out = g_realloc(out, cap + 1);
                }
                out[o++] = (char)(c - 0xFEE0);
                chars++;
                i += 3;
                prev = c;
                delta -= 2;
                batch_add(&batch, o, i);
                continue;
            }
        }
        size_t clen;
        gunichar c = decode_at(src + i, end, &clen);
        char ascii = 0;
        char_action act = classify(c, &ascii);
        gunichar next = 0;
        if (act == SINGLE_QUOTE && i + clen < len)
            next = src[i + clen] < 0x80 ? src[i + clen] : 0x4E00;
        switch (act) {
        case DOUBLE_QUOTE:
            act = double_open ? TO_CLOSE : TO_OPEN;
            double_open = !double_open;
            break;
        case SINGLE_QUOTE:
            if (!single_open && next >= 0x80) {
                act = TO_OPEN;
                single_open = TRUE;
            } else if (single_open && prev >= 0x80) {
                act = TO_CLOSE;
                single_open = FALSE;
            } else {
                act = c < 0x80 ? KEEP : TO_ASCII;
                ascii = '\'';
            }
            break;
        default:
            /* Typographic quotes have a direction; remember it so that an
             * ASCII quote after them is read as their partner. */
            if (c == 0x2018 || c == 0x201B)
                single_open = TRUE;
            else if (c == 0x2019)
                single_open = FALSE;
            else if (c == 0x201C || act == TO_OPEN)
                double_open = TRUE;
            else if (c == 0x201D || act == TO_CLOSE)
                double_open = FALSE;
            break;
        }

        if (o + 3 > cap) {
            cap = (o + 3) * 2;
            out = g_realloc(out, cap + 1);
        }
        switch (act) {
        case KEEP:
            memcpy(out + o, in + i, clen);
            o += clen;
            chars += !g_unichar_isspace(c);
            break;
        case TO_ASCII:
            out[o++] = ascii;
            chars += ascii != ' ';
            break;
        case TO_OPEN:
        case TO_CLOSE:
            memcpy(out + o, act == TO_OPEN ? OPEN_QUOTE : CLOSE_QUOTE, 3);
            if (clen == 1) {
                /* An ASCII quote grows to three bytes: the two bytes inside
                 * map to its end, so that the map never goes backwards. */
                batch_add(&batch, o + 1, i + 1);
                batch_add(&batch, o + 2, i + 1);
            }
            o += 3;
            chars++;
            break;
        case DROP:
        default:
            break;
        }
        i += clen;
        prev = c;
        long new_delta = (long)o - (long)i;
        if (new_delta != delta) {
            delta = new_delta;
            batch_add(&batch, o, i);
        }
    }
    batch_flush(&batch);
    out[o] = '\0';
    *out_len = o;
    if (n_chars)
        *n_chars = chars;
    return out;
}

/* How many breaks lie at or before norm_offset, by binary search in
 * [lo, hi). */
static size_t
breaks_at_or_before(const offset_break *b, size_t lo, size_t hi, size_t norm_offset)
{
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (b[mid].norm <= norm_offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t
normalize_to_original_near(const GArray *breaks, size_t norm_offset, size_t *hint)
{
    if (!breaks || breaks->len == 0)
        return norm_offset;
    const offset_break *b = (const offset_break *)breaks->data;
    size_t n = breaks->len, lo;
    size_t h = hint ? MIN(*hint, n) : 0;
    if (hint && (h == 0 || b[h - 1].norm <= norm_offset)) {
        /* Forward from the last answer: results come mostly in document
         * order, a few breaks apart.  Step a little, then search. */
        size_t stop = MIN(n, h + 4);
        while (h < stop && b[h].norm <= norm_offset)
            h++;
        lo = h < stop || h == n ? h : breaks_at_or_before(b, h, n, norm_offset);
    } else {
        lo = breaks_at_or_before(b, 0, hint ? h : n, norm_offset);
    }
    if (hint)
        *hint = lo;
    if (lo == 0)
        return norm_offset;
    const offset_break *k = &b[lo - 1];
    return k->orig + (norm_offset - k->norm);
}

size_t
normalize_to_original(const GArray *breaks, size_t norm_offset)
{
    return normalize_to_original_near(breaks, norm_offset, NULL);
}
