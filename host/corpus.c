/*
 * corpus.c - turning the paths on the command line into documents.
 *
 * A path is a file, a directory (walked recursively, entries in byte order
 * of their names, so that runs are reproducible), or "-" for standard input.
 * A file named *.jsonl or *.ndjson holds one document per line, as a JSON
 * object with "text" and optionally "id", "date" and "title"; standard input
 * is read the same way when its first non-blank line is a JSON object, or
 * when told (--stdin-format jsonl; text reads it as one text).  A record is named
 * FILE#ID by its id, or FILE:LINE by its line when it has none; messages
 * name lines as FILE:LINE, as for manifests and rule packs.
 *
 * A directory's manifest.tsv (columns file, date, title; header on the first
 * line) says which documents the directory holds: the walk reads the files
 * it lists (names relative to the directory, so a/b.txt is one of a
 * subdirectory's), in name order, with their dates and titles, and nothing
 * else there; a listed file that is missing is named in a warning with the
 * manifest's line, and what the directory holds besides is named in a note.
 * A file of that directory named on its own gets its date and title too.
 *
 * Problems (a missing path, an unreadable file, a FIFO, a symlink loop) come
 * back as raw_docs that carry a warning instead of bytes, so that the
 * message is printed in corpus order and the rest of the corpus is read.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "tifa.h"

/* Files larger than this are refused: a document, not a disk image. */
#define MAX_DOCUMENT_BYTES ((size_t)2 << 30)

typedef struct {
    char *date;
    char *title;
    int line;                /* in the manifest, from 1 */
} manifest_entry;

/* A directory's manifest.tsv. */
typedef struct {
    char *path;
    GHashTable *entries;     /* file, as listed -> manifest_entry* */
    GPtrArray *files;        /* the files listed, each once, in walk order */
} manifest;

/* One pending item of the walk. */
typedef struct {
    char *path;
    gboolean from_walk;      /* found inside a directory (skip non-regular files quietly) */
    const manifest *listed_in;   /* the manifest that named it, or NULL */
    const manifest_entry *entry; /* its row there */
} pending;

/* A JSON Lines source being read record by record. */
typedef struct {
    FILE *stream;
    char *name;
    gboolean is_stdin;
    unsigned long line;
    char *pushback;          /* first line of stdin, read to sniff the format */
} jsonl_reader;

struct corpus {
    GQueue queue;            /* pending*, front is next */
    GQueue items;            /* raw_doc*: --items, the rest of a file's items */
    GHashTable *manifests;   /* dir -> manifest*, or NULL when it has none */
    GHashTable *visited;     /* "dev:ino" of directories entered */
    GHashTable *files_read;  /* "dev:ino" of the regular files read */
    guint repeats;           /* files read again (named twice, or linked) */
    char *repeat_example;    /* the first of them */
    jsonl_reader *jsonl;     /* the JSON Lines file being read, if any */
    corpus_options opts;
    GPtrArray *manifest_warnings;
    GPtrArray *notes;        /* what the run should say at the end */
};

static void
manifest_entry_free(manifest_entry *e)
{
    g_free(e->date);
    g_free(e->title);
    g_free(e);
}

static void
manifest_free(manifest *m)
{
    if (!m)
        return;
    g_free(m->path);
    g_hash_table_destroy(m->entries);
    g_ptr_array_free(m->files, TRUE);
    g_free(m);
}

static void
pending_free(pending *p)
{
    g_free(p->path);
    g_free(p);
}

static void
push_back(corpus *c, const char *path, gboolean from_walk)
{
    pending *p = g_new0(pending, 1);
    p->path = g_strdup(path);
    p->from_walk = from_walk;
    g_queue_push_tail(&c->queue, p);
}

corpus *
corpus_open(const char *const *paths, const corpus_options *opts)
{
    corpus *c = g_new0(corpus, 1);
    if (opts)
        c->opts = *opts;
    g_queue_init(&c->queue);
    g_queue_init(&c->items);
    c->manifests = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify)manifest_free);
    c->visited = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    c->files_read = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    c->manifest_warnings = g_ptr_array_new_with_free_func(g_free);
    c->notes = g_ptr_array_new_with_free_func(g_free);
    for (const char *const *p = paths; p && *p; p++)
        push_back(c, *p, FALSE);
    return c;
}

static void
jsonl_close(corpus *c)
{
    if (!c->jsonl)
        return;
    if (!c->jsonl->is_stdin && c->jsonl->stream)
        fclose(c->jsonl->stream);
    g_free(c->jsonl->name);
    g_free(c->jsonl->pushback);
    g_free(c->jsonl);
    c->jsonl = NULL;
}

void
corpus_close(corpus *c)
{
    if (!c)
        return;
    jsonl_close(c);
    g_queue_clear_full(&c->queue, (GDestroyNotify)pending_free);
    g_queue_clear_full(&c->items, (GDestroyNotify)raw_doc_free);
    g_hash_table_destroy(c->manifests);
    g_hash_table_destroy(c->visited);
    g_hash_table_destroy(c->files_read);
    g_free(c->repeat_example);
    g_ptr_array_free(c->manifest_warnings, TRUE);
    g_ptr_array_free(c->notes, TRUE);
    g_free(c);
}

gboolean
raw_doc_load(raw_doc *d)
{
    if (!d->path || d->bytes || d->warning)
        return d->bytes != NULL;
    GError *error = NULL;
    gsize len;
    if (!g_file_get_contents(d->path, &d->bytes, &len, &error)) {
        /* It was there when the walk saw it: it vanished or became
         * unreadable since. */
        char *warning = g_strdup_printf("%s: cannot read: %s; skipped", d->path, error->message);
        d->warning = util_display_text(warning);
        g_free(warning);
        g_error_free(error);
        return FALSE;
    }
    d->len = len;
    return TRUE;
}

void
raw_doc_free(raw_doc *d)
{
    if (!d)
        return;
    g_free(d->path);
    g_free(d->name);
    g_free(d->date);
    g_free(d->title);
    g_free(d->bytes);
    g_free(d->warning);
    g_free(d);
}

static raw_doc *
warning_doc(const char *name, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static raw_doc *
warning_doc(const char *name, const char *fmt, ...)
{
    raw_doc *d = g_new0(raw_doc, 1);
    va_list ap;
    va_start(ap, fmt);
    char *warning = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    d->warning = util_display_text(warning);
    g_free(warning);
    d->name = util_display_text(name);
    return d;
}

/* The order of the walk: byte order of the names, a directory's files
 * with it (a/x.txt before a-b.txt, as the walk of a and its entries). */
static gint
compare_paths(gconstpointer a, gconstpointer b)
{
    const unsigned char *x = *(const unsigned char *const *)a;
    const unsigned char *y = *(const unsigned char *const *)b;
    for (; *x && *x == *y; x++, y++)
        ;
    unsigned cx = *x == '/' ? 1 : *x, cy = *y == '/' ? 1 : *y;
    return cx < cy ? -1 : cx > cy;
}

/* Read a directory's manifest.tsv; NULL when it has none (or none that
 * names its columns).  Problems go to `warnings` when not NULL. */
static manifest *
load_manifest(const char *dir, GPtrArray *warnings)
{
    char *path = g_build_filename(dir, "manifest.tsv", NULL);
    char *text = NULL;
    gsize len;
    manifest *m = NULL;
    if (!g_file_get_contents(path, &text, &len, NULL)) {
        g_free(path);
        return NULL;
    }
    m = g_new0(manifest, 1);
    m->path = path;
    m->entries = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify)manifest_entry_free);
    m->files = g_ptr_array_new();
    /* A spreadsheet's export starts with a byte-order mark, which would
     * make the first column's name another word. */
    const char *start = g_str_has_prefix(text, "\xEF\xBB\xBF") ? text + 3 : text;
    char **lines = g_strsplit(start, "\n", -1);
    int col_file = -1, col_date = -1, col_title = -1;
    for (int n = 0; lines[n]; n++) {
        g_strchomp(lines[n]);
        if (!*lines[n])
            continue;
        char **cells = g_strsplit(lines[n], "\t", -1);
        int ncells = (int)g_strv_length(cells);
        /* "c.txt " is c.txt: spaces around a cell are a typing slip. */
        for (int i = 0; i < ncells; i++)
            g_strstrip(cells[i]);
        if (col_file < 0) {
            /* The header names the columns; they may come in any order. */
            for (int i = 0; i < ncells; i++) {
                if (strcmp(cells[i], "file") == 0)
                    col_file = i;
                else if (strcmp(cells[i], "date") == 0)
                    col_date = i;
                else if (strcmp(cells[i], "title") == 0)
                    col_title = i;
            }
            if (col_file < 0) {
                if (warnings)
                    g_ptr_array_add(warnings,
                                    g_strdup_printf("%s: the first line must name the columns "
                                                    "(file, date, title); manifest ignored",
                                                    path));
                g_strfreev(cells);
                manifest_free(m);
                m = NULL;
                break;
            }
            g_strfreev(cells);
            continue;
        }
        if (col_file >= ncells || !*cells[col_file]) {
            g_strfreev(cells);
            continue;
        }
        manifest_entry *e = g_new0(manifest_entry, 1);
        e->line = n + 1;
        if (col_date >= 0 && col_date < ncells && *cells[col_date]) {
            char date[11];
            if (date_parse(cells[col_date], date))
                e->date = g_strdup(date);
            else if (warnings)
                g_ptr_array_add(warnings,
                                g_strdup_printf("%s:%d: '%s' is not a date (" DATE_FIELD_FORMATS
                                                ")",
                                                path, n + 1, cells[col_date]));
        }
        if (col_title >= 0 && col_title < ncells && *cells[col_title])
            e->title = g_strdup(cells[col_title]);
        /* A file listed twice is one document, with its last row; said,
         * since the two rows may disagree. */
        const char *listed = cells[col_file];
        while (listed[0] == '.' && listed[1] == '/')
            listed += 2;
        char *file = g_strdup(listed);
        const manifest_entry *before = g_hash_table_lookup(m->entries, file);
        if (!before)
            g_ptr_array_add(m->files, file);
        else if (warnings)
            g_ptr_array_add(warnings,
                            g_strdup_printf("%s:%d: %s is listed again (first on line %d); "
                                            "this row's date and title are used",
                                            path, n + 1, file, before->line));
        g_hash_table_insert(m->entries, file, e);
        g_strfreev(cells);
    }
    g_strfreev(lines);
    g_free(text);
    if (m)
        g_ptr_array_sort(m->files, compare_paths);
    else
        g_free(path);
    return m;
}

/* The manifest of a directory, read once. */
static const manifest *
manifest_of(corpus *c, const char *dir)
{
    manifest *m;
    if (!g_hash_table_lookup_extended(c->manifests, dir, NULL, (gpointer *)&m)) {
        m = load_manifest(dir, c->manifest_warnings);
        g_hash_table_insert(c->manifests, g_strdup(dir), m);
    }
    return m;
}

/* The manifest entry for a file, looking in its directory's manifest.tsv. */
static const manifest_entry *
manifest_lookup(corpus *c, const char *file)
{
    char *dir = g_path_get_dirname(file);
    char *base = g_path_get_basename(file);
    const manifest *m = manifest_of(c, dir);
    const manifest_entry *e = m ? g_hash_table_lookup(m->entries, base) : NULL;
    g_free(dir);
    g_free(base);
    return e;
}

static gint
compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The names a note gives, sorted: the first three, then "…". */
static char *
first_names(GPtrArray *names)
{
    g_ptr_array_sort(names, compare_names);
    GString *shown = g_string_new(NULL);
    for (guint i = 0; i < names->len && i < 3; i++)
        g_string_append_printf(shown, "%s%s", i ? ", " : "", (const char *)names->pdata[i]);
    if (names->len > 3)
        g_string_append(shown, ", …");
    return g_string_free(shown, FALSE);
}

/* Queue the files a manifest lists at the front of the walk, and keep a
 * note of what else the directory holds (not read). */
static raw_doc *
expand_listed(corpus *c, const char *path, const manifest *m)
{
    for (guint i = m->files->len; i-- > 0;) {
        const char *file = m->files->pdata[i];
        pending *p = g_new0(pending, 1);
        p->path = g_build_filename(path, file, NULL);
        p->from_walk = TRUE;
        p->listed_in = m;
        p->entry = g_hash_table_lookup(m->entries, file);
        g_queue_push_head(&c->queue, p);
    }
    /* What the directory holds that the manifest does not name, by the
     * first part of the listed names. */
    GHashTable *named = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < m->files->len; i++) {
        const char *file = m->files->pdata[i];
        g_hash_table_add(named, g_strndup(file, strcspn(file, "/")));
    }
    GDir *d = g_dir_open(path, 0, NULL);
    GPtrArray *others = g_ptr_array_new_with_free_func(g_free);
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
        if (name[0] == '.' || strcmp(name, "manifest.tsv") == 0 ||
            g_hash_table_contains(named, name))
            continue;
        char *child = g_build_filename(path, name, NULL);
        gboolean dir = g_file_test(child, G_FILE_TEST_IS_DIR);
        g_free(child);
        g_ptr_array_add(others, g_strconcat(name, dir ? "/" : "", NULL));
    }
    if (d)
        g_dir_close(d);
    if (others->len) {
        char *shown = first_names(others);
        gboolean one = others->len == 1;
        g_ptr_array_add(c->notes,
                        g_strdup_printf("%s lists the documents of its directory: %u other "
                                        "entr%s there %s not read (%s); add %s to the manifest "
                                        "to count %s",
                                        m->path, others->len, one ? "y" : "ies",
                                        one ? "was" : "were", shown, one ? "it" : "them",
                                        one ? "it" : "them"));
        g_free(shown);
    }
    g_ptr_array_free(others, TRUE);
    g_hash_table_destroy(named);
    return NULL;
}

/* A JSON Lines file, by its name's ending in any case (DATA.JSONL). */
static gboolean
is_jsonl_name(const char *path)
{
    const char *dot = strrchr(path, '.');
    return dot &&
           (g_ascii_strcasecmp(dot, ".jsonl") == 0 || g_ascii_strcasecmp(dot, ".ndjson") == 0);
}

/* Whether a directory's walk reads a file of this name: a document is
 * .txt or JSON Lines, or has no extension (a number after the last dot, as
 * in 人民日报2023.01.05, is none).  A README.md, a meta.csv, a report or page
 * written there, an editor's backup~ are no documents of the corpus (the
 * shared corpora's README.md counted 两个确立 in its table of facts); a
 * file named on the command line is read whatever its name. */
static gboolean
walk_reads(const char *name)
{
    size_t n = strlen(name);
    if (n && name[n - 1] == '~')
        return FALSE;
    const char *dot = strrchr(name, '.');
    if (!dot || dot == name || !dot[1])
        return TRUE;
    gboolean digits = TRUE;
    for (const char *p = dot + 1; *p; p++)
        digits &= g_ascii_isdigit(*p);
    return digits || g_ascii_strcasecmp(dot, ".txt") == 0 ||
           g_ascii_strcasecmp(dot, ".text") == 0 || is_jsonl_name(name);
}

/* Queue a directory's entries (sorted) at the front of the walk, so that
 * the walk is depth-first in name order. */
static raw_doc *
expand_directory(corpus *c, const char *path, const struct stat *st)
{
    char *key = util_file_key(st->st_dev, st->st_ino);
    if (g_hash_table_contains(c->visited, key)) {
        g_free(key);
        return warning_doc(path, "%s: directory already read (a symbolic link loop?); skipped",
                           path);
    }
    g_hash_table_add(c->visited, key);
    const manifest *m = manifest_of(c, path);
    if (m)
        return expand_listed(c, path, m);
    GError *error = NULL;
    GDir *d = g_dir_open(path, 0, &error);
    if (!d) {
        raw_doc *w = warning_doc(path, "%s: cannot read this directory: %s", path,
                                 error->message);
        g_error_free(error);
        return w;
    }
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *not_read = g_ptr_array_new_with_free_func(g_free);
    const char *name;
    while ((name = g_dir_read_name(d))) {
        if (name[0] == '.' || strcmp(name, "manifest.tsv") == 0)
            continue;
        if (!walk_reads(name)) {
            char *child = g_build_filename(path, name, NULL);
            gboolean dir = g_file_test(child, G_FILE_TEST_IS_DIR);
            g_free(child);
            if (!dir) {
                g_ptr_array_add(not_read, g_strdup(name));
                continue;
            }
        }
        g_ptr_array_add(names, g_strdup(name));
    }
    g_dir_close(d);
    if (not_read->len) {
        char *shown = first_names(not_read);
        gboolean one = not_read->len == 1;
        g_ptr_array_add(c->notes,
                        g_strdup_printf("%s: %u file%s not read, not .txt or JSON Lines (%s); "
                                        "name %s on the command line to count %s",
                                        path, not_read->len, one ? "" : "s", shown,
                                        one ? "it" : "them", one ? "it" : "them"));
        g_free(shown);
    }
    g_ptr_array_free(not_read, TRUE);
    g_ptr_array_sort(names, compare_names);
    for (guint i = names->len; i-- > 0;) {
        pending *p = g_new0(pending, 1);
        p->path = g_build_filename(path, names->pdata[i], NULL);
        p->from_walk = TRUE;
        g_queue_push_head(&c->queue, p);
    }
    g_ptr_array_free(names, TRUE);
    return NULL;
}

/* Read the next record of the current JSON Lines source. */
static raw_doc *
jsonl_next(corpus *c)
{
    jsonl_reader *r = c->jsonl;
    char *line = NULL;
    size_t cap = 0;
    for (;;) {
        ssize_t n;
        if (r->pushback) {
            line = r->pushback;
            r->pushback = NULL;
            n = (ssize_t)strlen(line);
        } else {
            n = getline(&line, &cap, r->stream);
        }
        if (n < 0) {
            free(line);
            jsonl_close(c);
            return NULL;
        }
        r->line++;
        g_strchomp(line);
        if (!*line) {
            free(line);
            line = NULL;
            cap = 0;
            continue;
        }
        char *where = g_strdup_printf("%s:%lu", r->name, r->line);
        JsonParser *parser = json_parser_new();
        GError *error = NULL;
        raw_doc *d = NULL;
        if (!json_parser_load_from_data(parser, line, -1, &error)) {
            d = warning_doc(where, "%s: not a JSON object (%s); line skipped", where,
                            error->message);
            g_error_free(error);
        } else {
            JsonNode *root = json_parser_get_root(parser);
            JsonObject *obj = root && JSON_NODE_HOLDS_OBJECT(root) ? json_node_get_object(root)
                                                                   : NULL;
            const char *text = obj && json_object_has_member(obj, "text")
                                   ? json_object_get_string_member_with_default(obj, "text",
                                                                                NULL)
                                   : NULL;
            if (!text) {
                d = warning_doc(where, "%s: no \"text\" string in this record; skipped", where);
            } else {
                d = g_new0(raw_doc, 1);
                const char *id = json_object_get_string_member_with_default(obj, "id", NULL);
                /* A numeric id is common too. */
                char idbuf[32];
                if (!id && json_object_has_member(obj, "id")) {
                    JsonNode *idn = json_object_get_member(obj, "id");
                    if (JSON_NODE_HOLDS_VALUE(idn) &&
                        json_node_get_value_type(idn) == G_TYPE_INT64) {
                        g_snprintf(idbuf, sizeof idbuf, "%" G_GINT64_FORMAT,
                                   json_node_get_int(idn));
                        id = idbuf;
                    }
                }
                /* A record is named by its id, FILE#ID, else by its line,
                 * FILE:LINE, as every line is named in messages. */
                d->name = id ? g_strdup_printf("%s#%s", r->name, id) : g_strdup(where);
                const char *date = json_object_get_string_member_with_default(obj, "date",
                                                                              NULL);
                /* A date written as a number (20220107) is read as its digits;
                 * one of another kind (an object, true) is said, not dropped. */
                char number[32];
                JsonNode *dn = json_object_get_member(obj, "date");
                if (!date && dn && JSON_NODE_HOLDS_VALUE(dn) &&
                    json_node_get_value_type(dn) == G_TYPE_INT64) {
                    g_snprintf(number, sizeof number, "%" G_GINT64_FORMAT, json_node_get_int(dn));
                    date = number;
                }
                gboolean odd_kind = !date && dn && !JSON_NODE_HOLDS_NULL(dn);
                char norm[11];
                if (date && date_parse(date, norm))
                    d->date = g_strdup(norm);
                else if (odd_kind)
                    d->warning = g_strdup_printf("%s: its \"date\" is neither a string nor a "
                                                 "number; counted without a date",
                                                 d->name);
                else if (date && *date)
                    d->warning = g_strdup_printf("%s: '%s' is not a date (" DATE_FIELD_FORMATS
                                                 "); counted without a date",
                                                 d->name, date);
                const char *title = json_object_get_string_member_with_default(obj, "title",
                                                                               NULL);
                d->title = title ? g_strdup(title) : NULL;
                d->len = strlen(text);
                d->bytes = g_strndup(text, d->len);
                d->utf8_known = TRUE;
            }
        }
        g_object_unref(parser);
        g_free(where);
        free(line);
        return d;
    }
}

static gboolean
is_blank(const char *line)
{
    for (; *line; line++)
        if (!g_ascii_isspace(*line))
            return FALSE;
    return TRUE;
}

/* Whether a line is one JSON object (what a JSON Lines record is). */
static gboolean
is_json_object(const char *line)
{
    JsonParser *parser = json_parser_new();
    gboolean yes = json_parser_load_from_data(parser, line, -1, NULL) &&
                   json_parser_get_root(parser) &&
                   JSON_NODE_HOLDS_OBJECT(json_parser_get_root(parser));
    g_object_unref(parser);
    return yes;
}

/* Start reading standard input as JSON Lines, from `first` (a line already
 * read, or NULL) after `blank_lines` blank ones. */
static raw_doc *
stdin_as_jsonl(corpus *c, const char *first, unsigned long blank_lines)
{
    c->jsonl = g_new0(jsonl_reader, 1);
    c->jsonl->stream = stdin;
    c->jsonl->is_stdin = TRUE;
    c->jsonl->name = g_strdup("(stdin)");
    c->jsonl->pushback = first ? g_strdup(first) : NULL;
    c->jsonl->line = blank_lines;
    return jsonl_next(c);
}

/* Read standard input whole, or start reading it as JSON Lines: when told
 * to (--stdin-format jsonl), or when its first line that is not blank is a
 * JSON object (a text may well start with "{": {编者按}…).  NULL when it
 * holds nothing and that is no document (tifa map). */
static raw_doc *
read_stdin(corpus *c)
{
    if (c->opts.stdin_format == STDIN_JSONL)
        return stdin_as_jsonl(c, NULL, 0);
    GString *buf = g_string_new(NULL);
    char chunk[65536];
    size_t n;
    char *first = NULL;
    size_t cap = 0;
    ssize_t got;
    unsigned long blank_lines = 0;
    while ((got = getline(&first, &cap, stdin)) > 0 && is_blank(first)) {
        g_string_append_len(buf, first, got);
        blank_lines++;
    }
    if (got <= 0 && c->opts.empty_stdin_ok) {
        free(first);
        g_string_free(buf, TRUE);
        return NULL;
    }
    if (got > 0 && c->opts.stdin_format == STDIN_AUTO) {
        if (is_json_object(first)) {
            raw_doc *d = stdin_as_jsonl(c, first, blank_lines);
            free(first);
            g_string_free(buf, TRUE);
            return d;
        }
        if (*(first + strspn(first, " \t")) == '{')
            g_ptr_array_add(c->notes,
                            g_strdup("standard input was read as one text: its first line "
                                     "starts with { but is not a JSON object (to read it as "
                                     "JSON Lines: --stdin-format jsonl)"));
    }
    if (got > 0)
        g_string_append_len(buf, first, got);
    free(first);
    while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0)
        g_string_append_len(buf, chunk, (gssize)n);
    raw_doc *d = g_new0(raw_doc, 1);
    d->name = g_strdup("(stdin)");
    d->len = buf->len;
    d->bytes = g_string_free(buf, FALSE);
    return d;
}

static raw_doc *
read_file(corpus *c, const char *path, const struct stat *st, const manifest_entry *listed)
{
    if ((size_t)st->st_size > MAX_DOCUMENT_BYTES)
        return warning_doc(path, "%s: larger than %zu MB; skipped", path,
                           MAX_DOCUMENT_BYTES >> 20);
    /* The bytes are read later, by raw_doc_load() on a worker thread, so
     * that the walk does not wait for the disk. */
    raw_doc *d = g_new0(raw_doc, 1);
    d->name = util_display_text(path);   /* as outputs show it; path opens it */
    d->path = g_strdup(path);
    const manifest_entry *e = listed ? listed : manifest_lookup(c, path);
    if (e) {
        d->date = g_strdup(e->date);
        d->title = g_strdup(e->title);
    }
    return d;
}

/* Remember a regular file about to be read.  FALSE for a file read before
 * (named twice, a directory and a glob in it, or reached again through a
 * link): it is not read again, since one document counted twice raises
 * every count it holds; the run says how many. */
static gboolean
note_file_read(corpus *c, const char *path, const struct stat *st)
{
    char *key = util_file_key(st->st_dev, st->st_ino);
    if (g_hash_table_add(c->files_read, key))
        return TRUE;
    if (c->repeats++ == 0)
        c->repeat_example = g_strdup(path);
    return FALSE;
}

const GPtrArray *
corpus_notes(const corpus *c)
{
    return c->notes;
}

guint
corpus_repeats(const corpus *c, const char **example)
{
    *example = c->repeat_example;
    return c->repeats;
}

/* Does a heading ("## ") start at byte `at` of a line? */
static gboolean
heading_at(const char *bytes, size_t len, size_t at, size_t text_start)
{
    return (at == text_start || bytes[at - 1] == '\n') && len - at >= 3 &&
           memcmp(bytes + at, "## ", 3) == 0;
}

/* --items: a file as its items, a document each: FILE#1, FILE#2 … from
 * each "## " heading (新闻联播's transcripts: a day's news stories), with
 * the file's date, and the heading as the title; text before the first
 * heading, if any, is FILE#0.  The bytes are split before decoding, which
 * is safe in UTF-8, GB18030 and Big5 (no byte of "\n## " is part of a
 * character there); a UTF-16 file, or one without headings, stays whole.
 * Returns the first item and queues the others. */
static raw_doc *
split_items(corpus *c, raw_doc *d)
{
    if (!raw_doc_load(d) || d->len < 3)
        return d;
    const unsigned char *u = (const unsigned char *)d->bytes;
    if ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))
        return d;
    size_t text_start = (u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) ? 3 : 0;
    GArray *starts = g_array_new(FALSE, FALSE, sizeof(size_t));
    for (size_t at = text_start; at < d->len;) {
        if (heading_at(d->bytes, d->len, at, text_start))
            g_array_append_val(starts, at);
        const char *nl = memchr(d->bytes + at, '\n', d->len - at);
        at = nl ? (size_t)(nl - d->bytes) + 1 : d->len;
    }
    if (starts->len == 0) {
        g_array_free(starts, TRUE);
        return d;
    }
    size_t first = g_array_index(starts, size_t, 0);
    gboolean preamble = FALSE;
    for (size_t i = text_start; i < first && !preamble; i++)
        preamble = !g_ascii_isspace(d->bytes[i]);
    for (guint i = preamble ? 0 : 1; i <= starts->len; i++) {
        size_t from = i == 0 ? text_start : g_array_index(starts, size_t, i - 1);
        size_t to = i < starts->len ? g_array_index(starts, size_t, i) : d->len;
        raw_doc *item = g_new0(raw_doc, 1);
        item->name = g_strdup_printf("%s#%u", d->name, i);
        item->date = g_strdup(d->date);
        if (i > 0) {
            /* The heading's text, when it can be shown as it is. */
            const char *h = d->bytes + from + 3, *end = memchr(h, '\n', to - from - 3);
            size_t n = end ? (size_t)(end - h) : to - from - 3;
            while (n && (h[n - 1] == '\r' || h[n - 1] == ' '))
                n--;
            if (n && g_utf8_validate(h, (gssize)n, NULL))
                item->title = g_strndup(h, n);
        }
        item->bytes = g_strndup(d->bytes + from, to - from);
        item->len = to - from;
        g_queue_push_tail(&c->items, item);
    }
    g_array_free(starts, TRUE);
    raw_doc_free(d);
    return g_queue_pop_head(&c->items);
}

raw_doc *
corpus_next(corpus *c)
{
    for (;;) {
        if (!g_queue_is_empty(&c->items))
            return g_queue_pop_head(&c->items);
        if (c->manifest_warnings->len) {
            char *msg = g_ptr_array_steal_index(c->manifest_warnings, 0);
            raw_doc *w = warning_doc("manifest.tsv", "%s", msg);
            g_free(msg);
            return w;
        }
        if (c->jsonl) {
            raw_doc *d = jsonl_next(c);
            if (d)
                return d;
            continue;
        }
        pending *p = g_queue_pop_head(&c->queue);
        if (!p)
            return NULL;
        /* Loops are looked for within the walk of one path: a directory
         * named twice on the command line is read twice, as asked. */
        if (!p->from_walk)
            g_hash_table_remove_all(c->visited);
        raw_doc *result = NULL;
        if (strcmp(p->path, "-") == 0 && !p->from_walk) {
            result = read_stdin(c);
            pending_free(p);
            if (result)
                return result;
            continue;
        }
        struct stat st;
        if (stat(p->path, &st) != 0) {
            int err = errno;
            struct stat lst;
            if (lstat(p->path, &lst) == 0 && S_ISLNK(lst.st_mode))
                result = warning_doc(p->path, "%s: broken symbolic link; skipped", p->path);
            else if (p->listed_in && err == ENOENT)
                result = warning_doc(p->path, "%s:%d: lists %s, which does not exist; skipped",
                                     p->listed_in->path, p->entry->line, p->path);
            else
                result = warning_doc(p->path, "%s: %s; skipped", p->path, g_strerror(err));
        } else if (S_ISDIR(st.st_mode)) {
            result = expand_directory(c, p->path, &st);
        } else if (!S_ISREG(st.st_mode)) {
            result = warning_doc(p->path, "%s: not a regular file (a FIFO, socket or device); "
                                          "skipped",
                                 p->path);
        } else if (!note_file_read(c, p->path, &st)) {
            result = NULL;   /* read already */
        } else if (is_jsonl_name(p->path)) {
            FILE *f = fopen(p->path, "r");
            if (!f) {
                result = warning_doc(p->path, "%s: cannot read: %s; skipped", p->path,
                                     g_strerror(errno));
            } else {
                c->jsonl = g_new0(jsonl_reader, 1);
                c->jsonl->stream = f;
                c->jsonl->name = util_display_text(p->path);
            }
        } else {
            result = read_file(c, p->path, &st, p->entry);
            if (c->opts.items && result && result->path && !result->warning)
                result = split_items(c, result);
        }
        pending_free(p);
        if (result)
            return result;
    }
}

/* Add the sizes of the regular files under `path` (following the walk's
 * rules loosely: every file the walk reads, or every file a manifest
 * lists), depth-first. */
static uint64_t
bytes_under(const char *path, int depth)
{
    GStatBuf st;
    if (depth > 64 || g_stat(path, &st) != 0)
        return 0;
    if (S_ISREG(st.st_mode))
        return (uint64_t)st.st_size;
    if (!S_ISDIR(st.st_mode))
        return 0;
    uint64_t total = 0;
    manifest *m = load_manifest(path, NULL);
    if (m) {
        for (guint i = 0; i < m->files->len; i++) {
            char *child = g_build_filename(path, m->files->pdata[i], NULL);
            total += bytes_under(child, depth + 1);
            g_free(child);
        }
        manifest_free(m);
        return total;
    }
    GDir *dir = g_dir_open(path, 0, NULL);
    if (!dir)
        return 0;
    const char *name;
    while ((name = g_dir_read_name(dir))) {
        if (name[0] == '.')
            continue;
        char *child = g_build_filename(path, name, NULL);
        if (walk_reads(name) || g_file_test(child, G_FILE_TEST_IS_DIR))
            total += bytes_under(child, depth + 1);
        g_free(child);
    }
    g_dir_close(dir);
    return total;
}

uint64_t
corpus_estimate_bytes(const char *const *paths)
{
    uint64_t total = 0;
    for (const char *const *p = paths; *p; p++) {
        if (strcmp(*p, "-") == 0)
            return 0;
        total += bytes_under(*p, 0);
    }
    return total;
}
