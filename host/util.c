/*
 * util.c - messages to the user, display widths, and output files that
 * appear whole or not at all.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
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
    size_t n = 0;
    const char *end = s + len;
    for (const char *p = s; p < end;) {
        unsigned char b = (unsigned char)*p;
        if (b < 0x80) {
            if (!g_ascii_isspace(b))
                n++;
            p++;
            continue;
        }
        gunichar c = g_utf8_get_char(p);
        if (!g_unichar_isspace(c))
            n++;
        p = g_utf8_next_char(p);
    }
    return n;
}

char *
util_make_valid_utf8(const char *s, gssize len)
{
    return g_utf8_make_valid(s, len);
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
    char *tmp_path;
    FILE *stream;
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

outfile *
outfile_open(const char *path, GError **error)
{
    outfile *out = g_new0(outfile, 1);
    if (!path || strcmp(path, "-") == 0) {
        out->stream = stdout;
        return out;
    }
    char *dir = g_path_get_dirname(path);
    char *base = g_path_get_basename(path);
    char *tmpl = g_strdup_printf("%s/.%s.tmp-XXXXXX", dir, base);
    g_free(dir);
    g_free(base);
    int fd = g_mkstemp(tmpl);
    if (fd < 0) {
        g_set_error(error, TIFA_ERROR, TIFA_ERROR_OUTPUT, "cannot write %s: %s", path,
                    g_strerror(errno));
        g_free(tmpl);
        g_free(out);
        return NULL;
    }
    /* mkstemp makes the file 0600; an output file should get the usual mode. */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    out->stream = fdopen(fd, "w");
    out->path = g_strdup(path);
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
outfile_commit(outfile *out, GError **error)
{
    gboolean ok = TRUE;
    int saved_errno = 0;
    if (fflush(out->stream) != 0 || ferror(out->stream)) {
        ok = FALSE;
        saved_errno = errno;
    }
    if (!out->path) {
        g_free(out);
        if (!ok)
            g_set_error(error, TIFA_ERROR, TIFA_ERROR_OUTPUT,
                        "cannot write to standard output: %s", g_strerror(saved_errno));
        return ok;
    }
    if (ok && fsync(fileno(out->stream)) != 0 && errno != EINVAL) {
        ok = FALSE;
        saved_errno = errno;
    }
    if (fclose(out->stream) != 0 && ok) {
        ok = FALSE;
        saved_errno = errno;
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
        fclose(out->stream);
        g_unlink(out->tmp_path);
        pending_remove(out);
    } else {
        fflush(out->stream);
    }
    g_free(out->path);
    g_free(out->tmp_path);
    g_free(out);
}
