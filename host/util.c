/*
 * util.c - messages to the user, display widths, and output files that
 * appear whole or not at all.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__GNUC__) && defined(__x86_64__) && defined(__SSE2__)
#include <immintrin.h>   /* the 32-byte loops (TIFA_HAVE_AVX2_PATHS, tifa.h) */
#endif
#include <unistd.h>
#include <glib/gstdio.h>

#include "tifa.h"

G_DEFINE_QUARK(tifa-error-quark, tifa_error)

gboolean tifa_quiet = FALSE;
static unsigned warning_count;
static GMutex message_lock;

static void
message(const char *kind, const char *fmt, va_list ap)
{
    char *text = g_strdup_vprintf(fmt, ap);
    g_mutex_lock(&message_lock);
    /* A progress line may be on the terminal: start on a clean line. */
    if (isatty(STDERR_FILENO))
        fputs("\r\033[K", stderr);
    fprintf(stderr, "tifa: %s%s\n", kind, text);
    fflush(stderr);
    g_mutex_unlock(&message_lock);
    g_free(text);
}

void
tifa_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    message("warning: ", fmt, ap);
    va_end(ap);
    g_atomic_int_inc((gint *)&warning_count);
}

void
tifa_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    message("", fmt, ap);
    va_end(ap);
}

void
tifa_note(const char *fmt, ...)
{
    if (tifa_quiet)
        return;
    va_list ap;
    va_start(ap, fmt);
    message("note: ", fmt, ap);
    va_end(ap);
}

unsigned
tifa_warning_count(void)
{
    return (unsigned)g_atomic_int_get((gint *)&warning_count);
}

size_t
util_display_width(const char *s)
{
    size_t width = 0;
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char_validated(p, -1);
        if (c == (gunichar)-1 || c == (gunichar)-2) {
            width++;
            continue;
        }
        if (g_unichar_iszerowidth(c))
            continue;
        width += g_unichar_iswide(c) ? 2 : 1;
    }
    return width;
}

size_t
util_count_chars(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char b = p[i];
        if (b < 0x80) {
            n += !(b == ' ' || (b >= '\t' && b <= '\r'));
        } else if (b >= 0xC0) {
            /* Only these lead bytes start a non-ASCII space (U+0085, U+00A0,
             * U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F,
             * U+3000). */
            if (b != 0xC2 && b != 0xE1 && b != 0xE2 && b != 0xE3) {
                n++;
                continue;
            }
            gunichar c = g_utf8_get_char_validated((const char *)p + i, (gssize)(len - i));
            n += !(c < 0x110000 && g_unichar_isspace(c));
        }
    }
    return n;
}

/*
 * Is s[0, len) valid UTF-8 without NUL bytes?  The same answer as
 * g_utf8_validate(s, len, NULL), faster on Chinese text: eight ASCII bytes
 * at a time, and three-byte sequences (all of CJK) checked in one go.
 */
#ifdef __SSE2__
/*
 * How many bytes from p, at a character start, are valid UTF-8 made only
 * of ASCII other than NUL and of three-byte sequences led by E1..EC, EE or
 * EF (all of CJK and its punctuation; none of them overlong or a
 * surrogate), judged sixteen bytes at once: 16, 15 or 14 (a character cut
 * by the block's end is left for the next block), or 0 when the block has
 * anything else, for the byte loop to decide.
 */
static inline size_t
common_utf8_block(const unsigned char *p)
{
    const __m128i zero = _mm_setzero_si128(), c0 = _mm_set1_epi8((char)0xC0),
                  e1 = _mm_set1_epi8((char)0xE1), ef = _mm_set1_epi8((char)0xEF),
                  ed = _mm_set1_epi8((char)0xED);
    __m128i v = _mm_loadu_si128((const __m128i *)p);
    unsigned ascii = (unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(v, zero));
    unsigned cont = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, c0)) & ~ascii & 0xFFFFu;
    __m128i in_range = _mm_and_si128(_mm_cmpeq_epi8(_mm_max_epu8(v, e1), v),
                                     _mm_cmpeq_epi8(_mm_min_epu8(v, ef), v));
    unsigned lead = (unsigned)_mm_movemask_epi8(_mm_andnot_si128(_mm_cmpeq_epi8(v, ed), in_range));
    size_t n = (lead >> 15) & 1u ? 15 : (lead >> 14) & 1u ? 14 : 16;
    unsigned mask = (1u << n) - 1u;
    /* Every lead kept has both its continuation bytes inside the block. */
    unsigned lead_in = lead & mask;
    unsigned wanted = (lead_in << 1) | (lead_in << 2);
    if (((ascii | cont | lead) & mask) != mask || (wanted & ~mask) != 0 || (cont & mask) != wanted)
        return 0;
    return n;
}
#endif

int util_avx2_state = -1;

static gboolean
cpu_has_avx2(void)
{
#ifdef TIFA_HAVE_AVX2_PATHS
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
#else
    return FALSE;
#endif
}

gboolean
util_avx2_detect(void)
{
    int s = !util_env_flag("TIFA_NO_AVX2") && cpu_has_avx2();
    __atomic_store_n(&util_avx2_state, s, __ATOMIC_RELAXED);
    return s;
}

gboolean
util_force_avx2(gboolean on)
{
    int s = on && cpu_has_avx2();
    __atomic_store_n(&util_avx2_state, s, __ATOMIC_RELAXED);
    return s;
}

#ifdef TIFA_HAVE_AVX2_PATHS
/*
 * UTF-8 judged 32 bytes at a time, by pairs of bytes: every error of UTF-8
 * shows in a byte and the one before it (a lead byte without its
 * continuation, a continuation after ASCII, an overlong form, a surrogate,
 * a code point above U+10FFFF), and each kind of error is a product of
 * three sets: the first byte's high nibble, its low nibble and the second
 * byte's high nibble.  Three table lookups give, for every pair, a bit per
 * kind whose sets it falls in.  Two continuation bytes in a row are an
 * error except as the third or fourth byte of a sequence, which the bytes
 * two and three places back tell.  (The method of Keiser and Lemire,
 * "Validating UTF-8 in less than one instruction per byte", 2021.)
 */
enum {
    UTF8_TOO_SHORT = 0x01,    /* a lead byte, then no continuation */
    UTF8_TOO_LONG = 0x02,     /* ASCII, then a continuation */
    UTF8_OVERLONG_3 = 0x04,   /* E0 80..9F */
    UTF8_TOO_LARGE = 0x08,    /* F4 90..BF, F5..FF 90..BF */
    UTF8_SURROGATE = 0x10,    /* ED A0..BF */
    UTF8_OVERLONG_2 = 0x20,   /* C0 or C1, then a continuation */
    UTF8_OVERLONG_4 = 0x40,   /* F0 80..8F; F5..FF 80..8F the same bit */
    UTF8_TWO_CONTS = 0x80,    /* a continuation, then another */
};

/* Indexed by the first byte's high nibble. */
static const unsigned char utf8_first_high[16] = {
    UTF8_TOO_LONG, UTF8_TOO_LONG, UTF8_TOO_LONG, UTF8_TOO_LONG,
    UTF8_TOO_LONG, UTF8_TOO_LONG, UTF8_TOO_LONG, UTF8_TOO_LONG,
    UTF8_TWO_CONTS, UTF8_TWO_CONTS, UTF8_TWO_CONTS, UTF8_TWO_CONTS,
    UTF8_TOO_SHORT | UTF8_OVERLONG_2, UTF8_TOO_SHORT,
    UTF8_TOO_SHORT | UTF8_OVERLONG_3 | UTF8_SURROGATE,
    UTF8_TOO_SHORT | UTF8_TOO_LARGE | UTF8_OVERLONG_4,
};

/* Indexed by the first byte's low nibble: the kinds any low nibble allows,
 * and those that need a particular one (C0 C1 E0 ED F0 F4 F5..FF). */
#define ANY_LOW (UTF8_TOO_SHORT | UTF8_TOO_LONG | UTF8_TWO_CONTS)
#define ABOVE_F4 (ANY_LOW | UTF8_TOO_LARGE | UTF8_OVERLONG_4)
static const unsigned char utf8_first_low[16] = {
    ANY_LOW | UTF8_OVERLONG_3 | UTF8_OVERLONG_2 | UTF8_OVERLONG_4,
    ANY_LOW | UTF8_OVERLONG_2, ANY_LOW, ANY_LOW, ANY_LOW | UTF8_TOO_LARGE,
    ABOVE_F4, ABOVE_F4, ABOVE_F4, ABOVE_F4, ABOVE_F4, ABOVE_F4, ABOVE_F4, ABOVE_F4,
    ABOVE_F4 | UTF8_SURROGATE, ABOVE_F4, ABOVE_F4,
};
#undef ABOVE_F4
#undef ANY_LOW

/* Indexed by the second byte's high nibble. */
#define NOT_CONT (UTF8_TOO_SHORT)
#define CONT (UTF8_TOO_LONG | UTF8_OVERLONG_2 | UTF8_TWO_CONTS)
static const unsigned char utf8_second_high[16] = {
    NOT_CONT, NOT_CONT, NOT_CONT, NOT_CONT, NOT_CONT, NOT_CONT, NOT_CONT, NOT_CONT,
    CONT | UTF8_OVERLONG_3 | UTF8_OVERLONG_4, CONT | UTF8_OVERLONG_3 | UTF8_TOO_LARGE,
    CONT | UTF8_TOO_LARGE | UTF8_SURROGATE, CONT | UTF8_TOO_LARGE | UTF8_SURROGATE,
    NOT_CONT, NOT_CONT, NOT_CONT, NOT_CONT,
};
#undef CONT
#undef NOT_CONT

/* Whether p[0, n) (n a multiple of 32) holds no error of UTF-8 and no NUL
 * byte, where a sequence cut by the end counts as no error: the caller
 * judges the last character again. */
__attribute__((target("avx2"))) static gboolean
utf8_blocks_valid(const unsigned char *p, size_t n)
{
    /* vpshufb looks up each 128-bit lane on its own: a table in both. */
    const __m256i first_high = _mm256_broadcastsi128_si256(
                      _mm_loadu_si128((const __m128i *)utf8_first_high)),
                  first_low = _mm256_broadcastsi128_si256(
                      _mm_loadu_si128((const __m128i *)utf8_first_low)),
                  second_high = _mm256_broadcastsi128_si256(
                      _mm_loadu_si128((const __m128i *)utf8_second_high));
    const __m256i nibble = _mm256_set1_epi8(0x0F), zero = _mm256_setzero_si256(),
                  high_bit = _mm256_set1_epi8((char)0x80),
                  below_e0 = _mm256_set1_epi8((char)0xDF), below_f0 = _mm256_set1_epi8((char)0xEF);
    __m256i prev = zero, error = zero;
    for (size_t i = 0; i < n; i += 32) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(p + i));
        /* The bytes one, two and three places back, across the lanes. */
        __m256i joined = _mm256_permute2x128_si256(prev, v, 0x21);
        __m256i back1 = _mm256_alignr_epi8(v, joined, 15);
        __m256i back2 = _mm256_alignr_epi8(v, joined, 14);
        __m256i back3 = _mm256_alignr_epi8(v, joined, 13);
        __m256i kinds = _mm256_and_si256(
            _mm256_and_si256(
                _mm256_shuffle_epi8(first_high, _mm256_and_si256(_mm256_srli_epi16(back1, 4), nibble)),
                _mm256_shuffle_epi8(first_low, _mm256_and_si256(back1, nibble))),
            _mm256_shuffle_epi8(second_high, _mm256_and_si256(_mm256_srli_epi16(v, 4), nibble)));
        /* Where a third or fourth byte must be: after E0..FF two places
         * back or F0..FF three places back. */
        __m256i later = _mm256_or_si256(_mm256_subs_epu8(back2, below_e0),
                                        _mm256_subs_epu8(back3, below_f0));
        __m256i must_two_conts = _mm256_andnot_si256(_mm256_cmpeq_epi8(later, zero), high_bit);
        error = _mm256_or_si256(error, _mm256_xor_si256(kinds, must_two_conts));
        error = _mm256_or_si256(error, _mm256_cmpeq_epi8(v, zero));
        prev = v;
    }
    return _mm256_testz_si256(error, error);
}
#endif

gboolean
util_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
#ifdef TIFA_HAVE_AVX2_PATHS
    if (len >= 64 && util_use_avx2()) {
        size_t n = len & ~(size_t)31;
        if (!utf8_blocks_valid(p, n))
            return FALSE;
        /* A character that starts in the last three bytes judged may go
         * on beyond them: the loop below judges it, and the rest. */
        p += n;
        for (size_t back = 1; back <= 3; back++)
            if (p[-(ptrdiff_t)back] >= 0xC0) {
                p -= back;
                break;
            }
    }
#endif
    while (p < end) {
#ifdef __SSE2__
        if (end - p >= 16) {
            size_t n = common_utf8_block(p);
            if (n) {
                p += n;
                continue;
            }
        }
#endif
        if (end - p >= 8) {
            uint64_t v;
            memcpy(&v, p, 8);
            /* All ASCII and no NUL byte among the eight. */
            if (!(v & 0x8080808080808080ull) &&
                !((v - 0x0101010101010101ull) & ~v & 0x8080808080808080ull)) {
                p += 8;
                continue;
            }
        }
        unsigned char b = *p;
        if (b < 0x80) {
            if (b == 0)
                return FALSE;
            p++;
        } else if (((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) && end - p >= 3) {
            /* U+1000..U+CFFF, U+E000..U+FFFF: no overlong form and no
             * surrogate to worry about, only the continuation bytes. */
            if ((p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
                return FALSE;
            p += 3;
        } else {
            const char *stop;
            size_t n = (size_t)(g_utf8_next_char(p) - (const char *)p);
            if ((size_t)(end - p) < n || !g_utf8_validate((const char *)p, (gssize)n, &stop))
                return FALSE;
            p += n;
        }
    }
    return TRUE;
}

char *
util_make_valid_utf8(const char *s, gssize len)
{
    return g_utf8_make_valid(s, len);
}

char *
util_file_key(guint64 dev, guint64 ino)
{
    return g_strdup_printf("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT, dev, ino);
}

char *
util_display_text(const char *s)
{
    char *valid = g_utf8_make_valid(s, -1);
    GString *out = g_string_sized_new(strlen(valid));
    for (const char *p = valid; *p; p++) {
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            g_string_append(out, "\xEF\xBF\xBD");   /* U+FFFD */
        else
            g_string_append_c(out, *p);
    }
    g_free(valid);
    return g_string_free(out, FALSE);
}

uint64_t
util_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t
util_thread_cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void
util_diagv(GPtrArray *diagnostics, const char *path, int line, const char *fmt, va_list ap)
{
    char *msg = g_strdup_vprintf(fmt, ap);
    if (line > 0)
        g_ptr_array_add(diagnostics, g_strdup_printf("%s:%d: %s", path, line, msg));
    else
        g_ptr_array_add(diagnostics, g_strdup_printf("%s: %s", path, msg));
    g_free(msg);
}

gboolean
util_use_color(FILE *stream)
{
    const char *no_color = g_getenv("NO_COLOR");
    if (no_color && *no_color)
        return FALSE;
    return isatty(fileno(stream));
}

/* ---- output files ---- */

struct outfile {
    char *path;          /* target, or NULL for stdout */
    char *tmp_path;      /* NULL when written in place (a device, a pipe) */
    FILE *stream;        /* NULL once detached: another library writes the file */
};

/* Temporary files of outputs in progress, so that a signal can remove them. */
static GPtrArray *pending_outputs;
static GMutex pending_lock;

static void
pending_add(outfile *out)
{
    g_mutex_lock(&pending_lock);
    if (!pending_outputs)
        pending_outputs = g_ptr_array_new();
    g_ptr_array_add(pending_outputs, out);
    g_mutex_unlock(&pending_lock);
}

static void
pending_remove(outfile *out)
{
    g_mutex_lock(&pending_lock);
    if (pending_outputs)
        g_ptr_array_remove(pending_outputs, out);
    g_mutex_unlock(&pending_lock);
}

/* Called from a signal handler: unlink() is async-signal-safe, the array
 * is only read.  Returns how many files were removed. */
int
util_remove_pending_outputs(void)
{
    int n = 0;
    if (!pending_outputs)
        return 0;
    for (guint i = 0; i < pending_outputs->len; i++) {
        outfile *out = pending_outputs->pdata[i];
        if (out->tmp_path && unlink(out->tmp_path) == 0)
            n++;
    }
    return n;
}

/* The file a path names once its symbolic links are followed (a link that
 * points nowhere yet names the file it would point to), or the path. */
static char *
resolve_links(const char *path)
{
    char *current = g_strdup(path);
    for (int hops = 0; hops < 40 && g_file_test(current, G_FILE_TEST_IS_SYMLINK); hops++) {
        char *link = g_file_read_link(current, NULL);
        if (!link)
            break;
        char *next;
        if (g_path_is_absolute(link)) {
            next = link;
        } else {
            char *dir = g_path_get_dirname(current);
            next = g_build_filename(dir, link, NULL);
            g_free(dir);
            g_free(link);
        }
        g_free(current);
        current = next;
    }
    return current;
}

outfile *
outfile_open(const char *path, GError **error)
{
    outfile *out = g_new0(outfile, 1);
    if (!path || strcmp(path, "-") == 0) {
        out->stream = stdout;
        return out;
    }
    /* A symbolic link stays: the file it points to is the one replaced. */
    char *target = resolve_links(path);
    GStatBuf st;
    gboolean exists = g_stat(target, &st) == 0;
    if (exists && S_ISDIR(st.st_mode)) {
        g_set_error(error, TIFA_ERROR, TIFA_ERROR_OUTPUT, "cannot write %s: it is a directory",
                    path);
        g_free(target);
        g_free(out);
        return NULL;
    }
    if (exists && !S_ISREG(st.st_mode)) {
        /* A device or a pipe (-o /dev/null, -o >(gzip …)) is written to as
         * it is: renaming a file over it would replace the device. */
        out->stream = fopen(target, "w");
        if (!out->stream) {
            g_set_error(error, TIFA_ERROR, TIFA_ERROR_OUTPUT, "cannot write %s: %s", path,
                        g_strerror(errno));
            g_free(target);
            g_free(out);
            return NULL;
        }
        out->path = target;
        return out;
    }
    char *dir = g_path_get_dirname(target);
    char *base = g_path_get_basename(target);
    char *tmpl = g_strdup_printf("%s/.%s.tmp-XXXXXX", dir, base);
    g_free(dir);
    g_free(base);
    int fd = g_mkstemp(tmpl);
    if (fd < 0) {
        g_set_error(error, TIFA_ERROR, TIFA_ERROR_OUTPUT, "cannot write %s: %s", path,
                    g_strerror(errno));
        g_free(tmpl);
        g_free(target);
        g_free(out);
        return NULL;
    }
    /* mkstemp makes the file 0600: a file replaced keeps its mode, a new
     * one gets the usual mode. */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, exists ? (st.st_mode & 07777) : (0666 & ~mask));
    out->stream = fdopen(fd, "w");
    out->path = target;
    out->tmp_path = tmpl;
    pending_add(out);
    return out;
}

FILE *
outfile_stream(outfile *out)
{
    return out->stream;
}

gboolean
outfile_detach(outfile *out)
{
    if (!out->path || !out->tmp_path)
        return FALSE;
    fclose(out->stream);
    out->stream = NULL;
    return TRUE;
}

const char *
outfile_temp_path(const outfile *out)
{
    return out->tmp_path;
}

gboolean
outfile_commit(outfile *out, GError **error)
{
    gboolean ok = TRUE;
    int saved_errno = 0;
    if (!out->stream) {
        /* Detached: the file is complete; put it in place. */
        if (g_rename(out->tmp_path, out->path) != 0) {
            saved_errno = errno;
            g_set_error(error, TIFA_ERROR, TIFA_ERROR_OUTPUT,
                        "cannot write %s: %s; the previous file, if any, is left as it was",
                        out->path, g_strerror(saved_errno));
            g_unlink(out->tmp_path);
            ok = FALSE;
        }
        pending_remove(out);
        g_free(out->path);
        g_free(out->tmp_path);
        g_free(out);
        return ok;
    }
    if (fflush(out->stream) != 0 || ferror(out->stream)) {
        ok = FALSE;
        saved_errno = errno;
    }
    if (!out->path) {
        g_free(out);
        /* A reader that went away (`tifa … | head`) wanted no more: end as
         * a program killed by SIGPIPE would, quietly, but leave no
         * half-written file behind. */
        if (!ok && saved_errno == EPIPE) {
            util_remove_pending_outputs();
            signal(SIGPIPE, SIG_DFL);
            raise(SIGPIPE);
        }
        if (!ok)
            g_set_error(error, TIFA_ERROR, TIFA_ERROR_OUTPUT,
                        "cannot write to standard output: %s", g_strerror(saved_errno));
        return ok;
    }
    if (ok && out->tmp_path && fsync(fileno(out->stream)) != 0 && errno != EINVAL) {
        ok = FALSE;
        saved_errno = errno;
    }
    if (fclose(out->stream) != 0 && ok) {
        ok = FALSE;
        saved_errno = errno;
    }
    if (!out->tmp_path) {
        /* Written in place: nothing to rename, nothing kept to fall back on. */
        if (!ok)
            g_set_error(error, TIFA_ERROR, TIFA_ERROR_OUTPUT, "cannot write %s: %s", out->path,
                        g_strerror(saved_errno));
        g_free(out->path);
        g_free(out);
        return ok;
    }
    if (ok && g_rename(out->tmp_path, out->path) != 0) {
        ok = FALSE;
        saved_errno = errno;
    }
    if (!ok) {
        g_set_error(error, TIFA_ERROR, TIFA_ERROR_OUTPUT,
                    "cannot write %s: %s; the previous file, if any, is left as it was",
                    out->path, g_strerror(saved_errno));
        g_unlink(out->tmp_path);
    }
    pending_remove(out);
    g_free(out->path);
    g_free(out->tmp_path);
    g_free(out);
    return ok;
}

void
outfile_abort(outfile *out)
{
    if (!out)
        return;
    if (out->path) {
        if (out->stream)
            fclose(out->stream);
        if (out->tmp_path)
            g_unlink(out->tmp_path);
        pending_remove(out);
    } else {
        fflush(out->stream);
    }
    g_free(out->path);
    g_free(out->tmp_path);
    g_free(out);
}

/* ---- naming the plugin that crashed ----
 *
 * tifa cannot survive a plugin that crashes the process (plugins run in the
 * same address space, for speed).  What it can do is say which plugin was
 * running, on which document, before the process dies.  The scan loop
 * records both in thread-local variables; the handler of SIGSEGV, SIGBUS,
 * SIGFPE, SIGILL and SIGABRT writes them out with write(2) (async-signal-
 * safe) and re-raises the signal.
 */
static __thread const char *crash_plugin, *crash_plugin_file, *crash_doc;

void
crash_context(const char *plugin_name, const char *file, const char *doc)
{
    crash_plugin = plugin_name;
    crash_plugin_file = file;
    crash_doc = doc;
}

static void
write_str(const char *s)
{
    if (!s)
        return;
    ssize_t w = write(STDERR_FILENO, s, strlen(s));
    (void)w;
}

static void
on_crash(int sig)
{
    /* A progress line may be on the terminal: clear it, as messages do
     * (isatty() asks tcgetattr(), which a signal handler may call). */
    if (isatty(STDERR_FILENO))
        write_str("\r\033[K");
    write_str("tifa: ");
    if (crash_plugin) {
        write_str("plugin ");
        write_str(crash_plugin);
        write_str(" (");
        write_str(crash_plugin_file);
        write_str(") crashed");
    } else {
        write_str("internal error: crashed");
    }
    if (crash_doc) {
        write_str(" while scanning ");
        write_str(crash_doc);
    } else if (crash_plugin) {
        write_str(" while starting or stopping (its init or free)");
    }
    write_str(crash_plugin ? (crash_doc ? "; run without it (--plugin NAME for the others) and "
                                          "report the document to its author\n"
                                        : "; run without it (--plugin NAME for the others) and "
                                          "report this to its author\n")
                           : "; please report this with the document\n");
    util_remove_pending_outputs();
    signal(sig, SIG_DFL);
    raise(sig);
}

void
crash_handlers_install(void)
{
    static const int signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
    for (size_t i = 0; i < G_N_ELEMENTS(signals); i++) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_crash;
        sa.sa_flags = SA_RESETHAND;
        sigemptyset(&sa.sa_mask);
        sigaction(signals[i], &sa, NULL);
    }
}

gboolean
util_env_flag(const char *name)
{
    const char *v = g_getenv(name);
    return v && *v && strcmp(v, "0") != 0;
}

gboolean
util_use_jit(void)
{
    return !util_env_flag("TIFA_NO_JIT");
}

/* Up to `n` characters of text before `at` (or after it, when forward),
 * with line breaks and tabs shown as spaces. */
char *
util_context(const char *text, size_t len, size_t at, int n, gboolean forward)
{
    size_t a = at, b = at;
    if (forward) {
        for (int i = 0; i < n && b < len; i++)
            b = (size_t)(g_utf8_next_char(text + b) - text);
        b = MIN(b, len);
    } else {
        for (int i = 0; i < n && a > 0; i++)
            a = (size_t)(g_utf8_find_prev_char(text, text + a) - text);
    }
    char *s = g_strndup(text + a, b - a);
    for (char *p = s; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    return s;
}


void
util_append_escaped(GString *out, const char *s)
{
    for (const char *p = s ? s : ""; *p; p++) {
        switch (*p) {
        case '\\': g_string_append(out, "\\\\"); break;
        case '\t': g_string_append(out, "\\t"); break;
        case '\n': g_string_append(out, "\\n"); break;
        case '\r': g_string_append(out, "\\r"); break;
        default: g_string_append_c(out, *p);
        }
    }
}

void
util_unescape(char *s)
{
    char *out = s;
    for (char *p = s; *p; p++) {
        if (*p == '\\' && p[1]) {
            p++;
            *out++ = *p == 't' ? '\t' : *p == 'n' ? '\n' : *p == 'r' ? '\r' : *p;
        } else {
            *out++ = *p;
        }
    }
    *out = '\0';
}
