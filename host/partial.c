/*
 * partial.c - partial results (--partial FILE) and their replay (tifa
 * merge), so that a corpus split over processes or machines counts exactly
 * as one run over the whole.
 *
 * A partial holds, for each document of a run, what the counting commands
 * need: its name, date, title, characters and encoding, and its results
 * grouped by (plugin, category, key, labels) with a count.  Offsets and
 * text are not kept.  Replaying the documents of several partials into a
 * command's consumer gives the command the same input as a scan of the
 * whole corpus would, and the commands' outputs do not depend on the
 * order documents come in.
 *
 * The format (docs/partial-format.md), version 1: UTF-8 text, one record
 * per line, fields separated by tabs; a backslash escapes \\, \t, \n, \r.
 *
 *   tifa-partial  1
 *   tifa          VERSION
 *   convert       NAME or -
 *   plugin        INDEX  NAME  VERSION  FINGERPRINT
 *   doc           PATH  DATE  TITLE  CHARS  ENCODING  BYTES  SKIPPED
 *   hit           PLUGIN-INDEX  CATEGORY  KEY  LABELS  COUNT
 *   end           DOCUMENTS
 *
 * A fingerprint is the SHA-256 of everything about a plugin that decides
 * its results: its name and version, every rule (pack, id, category, key,
 * pattern, flags) and its --option settings.  Partials merge only when all
 * of them agree.
 *
 * A merge counts each document once: a partial named twice, or two
 * partials that hold the same document (its doc line and its hits, the
 * same in both: a copy, a shard counted again, shards that overlap), are
 * refused, naming both.  Documents read from standard input, whose names
 * ("(stdin)#7") say nothing of what they are, and skipped ones, which count
 * nothing, are not compared.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "tifa.h"

#define PARTIAL_MAGIC "tifa-partial"
#define PARTIAL_VERSION 1

/* ---- fingerprints ---- */

static void
sum_field(GChecksum *sum, const char *s)
{
    if (s)
        g_checksum_update(sum, (const guchar *)s, -1);
    g_checksum_update(sum, (const guchar *)"\x1f", 1);
}

static gint
compare_strings(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

char *
plugin_fingerprint(const plugin *p)
{
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
    sum_field(sum, p->name);
    sum_field(sum, p->desc ? p->desc->version : NULL);
    for (guint i = 0; p->rules && i < p->rules->len; i++) {
        const rule *r = p->rules->pdata[i];
        char flags[24];
        g_snprintf(flags, sizeof flags, "%u", r->flags);
        sum_field(sum, r->pub.pack);
        sum_field(sum, r->pub.id);
        sum_field(sum, r->pub.category);
        sum_field(sum, r->pub.key);
        sum_field(sum, r->pub.pattern);
        sum_field(sum, flags);
        g_checksum_update(sum, (const guchar *)"\x1e", 1);
    }
    if (p->options) {
        GPtrArray *settings = g_ptr_array_new_with_free_func(g_free);
        GHashTableIter it;
        gpointer k, v;
        g_hash_table_iter_init(&it, p->options);
        while (g_hash_table_iter_next(&it, &k, &v))
            g_ptr_array_add(settings, g_strdup_printf("%s=%s", (char *)k, (char *)v));
        g_ptr_array_sort(settings, compare_strings);
        for (guint i = 0; i < settings->len; i++)
            sum_field(sum, settings->pdata[i]);
        g_ptr_array_free(settings, TRUE);
    }
    char *hex = g_strdup(g_checksum_get_string(sum));
    g_checksum_free(sum);
    return hex;
}

/* ---- escaping ---- */

static void
put_field(GString *line, const char *s)
{
    g_string_append_c(line, '\t');
    util_append_escaped(line, s);
}

/* ---- writing ---- */

struct partial_writer {
    outfile *out;            /* NULL once committed */
    GString *line;
    GHashTable *groups;      /* "plugin\x1e category\x1e key\x1e labels" -> count, per doc */
    GPtrArray *order;        /* the same strings, in order of first sight */
    uint64_t documents;
};

partial_writer *
partial_writer_open(const char *path, GPtrArray *plugins, const char *convert,
                    GError **error)
{
    outfile *out = outfile_open(path, error);
    if (!out)
        return NULL;
    partial_writer *w = g_new0(partial_writer, 1);
    w->out = out;
    w->line = g_string_new(NULL);
    w->groups = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    w->order = g_ptr_array_new();
    FILE *f = outfile_stream(out);
    fprintf(f, PARTIAL_MAGIC "\t%d\ntifa\t%s\nconvert\t%s\n", PARTIAL_VERSION, PACKAGE_VERSION,
            convert ? convert : "-");
    for (guint i = 0; i < plugins->len; i++) {
        const plugin *p = plugins->pdata[i];
        char *fp = plugin_fingerprint(p);
        g_string_printf(w->line, "plugin\t%u", i);
        put_field(w->line, p->name);
        put_field(w->line, p->desc && p->desc->version ? p->desc->version : "-");
        put_field(w->line, fp);
        g_string_append_c(w->line, '\n');
        fputs(w->line->str, f);
        g_free(fp);
    }
    return w;
}

void
partial_writer_add(partial_writer *w, const scanned_doc *doc)
{
    FILE *f = outfile_stream(w->out);
    char numbers[64];
    g_string_assign(w->line, "doc");
    put_field(w->line, doc->name);
    put_field(w->line, doc->date ? doc->date : "");
    put_field(w->line, doc->title ? doc->title : "");
    g_snprintf(numbers, sizeof numbers, "%zu", doc->n_chars);
    put_field(w->line, numbers);
    put_field(w->line, doc->encoding ? doc->encoding : "");
    g_snprintf(numbers, sizeof numbers, "%zu", doc->raw_len);
    put_field(w->line, numbers);
    put_field(w->line, doc->skipped ? "1" : "0");
    g_string_append_c(w->line, '\n');
    fputs(w->line->str, f);
    w->documents++;

    /* Results grouped: a document that says 两个确立 five times is one line. */
    for (guint i = 0; i < doc->results->len; i++) {
        const doc_result *r = &g_array_index(doc->results, doc_result, i);
        char *group = g_strdup_printf("%u\x1e%s\x1e%s\x1e%s", r->plugin, r->category, r->key,
                                      r->labels ? r->labels : "");
        gpointer n = g_hash_table_lookup(w->groups, group);
        if (!n)
            g_ptr_array_add(w->order, group);
        /* insert keeps the first copy of the key (the one in order). */
        g_hash_table_insert(w->groups, group, GSIZE_TO_POINTER(GPOINTER_TO_SIZE(n) + r->count));
    }
    for (guint i = 0; i < w->order->len; i++) {
        const char *group = w->order->pdata[i];
        char **parts = g_strsplit(group, "\x1e", 4);
        g_string_printf(w->line, "hit\t%s", parts[0]);
        put_field(w->line, parts[1]);
        put_field(w->line, parts[2]);
        put_field(w->line, parts[3]);
        g_string_append_printf(w->line, "\t%zu\n",
                               GPOINTER_TO_SIZE(g_hash_table_lookup(w->groups, group)));
        fputs(w->line->str, f);
        g_strfreev(parts);
    }
    g_ptr_array_set_size(w->order, 0);
    g_hash_table_remove_all(w->groups);
}

static void
writer_free(partial_writer *w)
{
    g_string_free(w->line, TRUE);
    g_hash_table_destroy(w->groups);
    g_ptr_array_free(w->order, TRUE);
    g_free(w);
}

gboolean
partial_writer_commit(partial_writer *w, GError **error)
{
    fprintf(outfile_stream(w->out), "end\t%" G_GUINT64_FORMAT "\n", w->documents);
    gboolean ok = outfile_commit(w->out, error);
    w->out = NULL;
    return ok;
}

void
partial_writer_free(partial_writer *w)
{
    if (!w)
        return;
    if (w->out)
        outfile_abort(w->out);
    writer_free(w);
}

/* ---- reading ---- */

typedef struct {
    char *name, *version, *fingerprint;
} plugin_line;

typedef struct {
    char *path;
    FILE *f;
    int line_no;
    char *convert;
    GArray *plugins;         /* plugin_line */
} partial_file;

static void
partial_file_close(partial_file *pf)
{
    if (pf->f)
        fclose(pf->f);
    for (guint i = 0; pf->plugins && i < pf->plugins->len; i++) {
        plugin_line *pl = &g_array_index(pf->plugins, plugin_line, i);
        g_free(pl->name);
        g_free(pl->version);
        g_free(pl->fingerprint);
    }
    if (pf->plugins)
        g_array_free(pf->plugins, TRUE);
    g_free(pf->convert);
    g_free(pf->path);
}

/* The next line, split at tabs and unescaped; NULL at the end of the file. */
static char **
next_record(partial_file *pf, char **buffer, size_t *cap)
{
    ssize_t n = getline(buffer, cap, pf->f);
    if (n < 0)
        return NULL;
    pf->line_no++;
    if (n > 0 && (*buffer)[n - 1] == '\n')
        (*buffer)[n - 1] = '\0';
    char **fields = g_strsplit(*buffer, "\t", -1);
    if (!fields[0]) {
        /* An empty line splits into no field at all: give it one, empty,
         * so that it is refused as any other line that is not a record. */
        g_strfreev(fields);
        fields = g_new0(char *, 2);
        fields[0] = g_strdup("");
    }
    for (char **p = fields; *p; p++)
        util_unescape(*p);
    return fields;
}

static gboolean
bad_line(partial_file *pf, GError **error, const char *what)
{
    g_set_error(error, TIFA_ERROR, TIFA_ERROR_INPUT, "%s:%d: %s", pf->path, pf->line_no, what);
    return FALSE;
}

/* Open a partial and read its header, up to the first document. */
static gboolean
partial_file_open(partial_file *pf, const char *path, GError **error)
{
    memset(pf, 0, sizeof *pf);
    pf->path = g_strdup(path);
    pf->plugins = g_array_new(FALSE, TRUE, sizeof(plugin_line));
    pf->f = fopen(path, "r");
    if (!pf->f) {
        g_set_error(error, TIFA_ERROR, TIFA_ERROR_INPUT, "cannot open the partial %s: %s", path,
                    g_strerror(errno));
        return FALSE;
    }
    char *buffer = NULL;
    size_t cap = 0;
    gboolean ok = TRUE;
    char **rec = next_record(pf, &buffer, &cap);
    if (!rec || g_strv_length(rec) != 2 || strcmp(rec[0], PARTIAL_MAGIC) != 0) {
        g_set_error(error, TIFA_ERROR, TIFA_ERROR_INPUT,
                    "%s is not a tifa partial (write one with --partial FILE)", path);
        ok = FALSE;
    } else if (atoi(rec[1]) != PARTIAL_VERSION) {
        g_set_error(error, TIFA_ERROR, TIFA_ERROR_INPUT,
                    "%s is a partial of format version %s; this tifa reads version %d", path,
                    rec[1], PARTIAL_VERSION);
        ok = FALSE;
    }
    g_strfreev(rec);
    while (ok) {
        long at = ftell(pf->f);
        int line_at = pf->line_no;
        rec = next_record(pf, &buffer, &cap);
        if (!rec) {
            ok = bad_line(pf, error, "the partial ends before its documents (truncated?)");
            break;
        }
        guint n = g_strv_length(rec);
        if (strcmp(rec[0], "tifa") == 0 && n == 2) {
            /* The version that wrote it: informative; the fingerprints decide. */
        } else if (strcmp(rec[0], "convert") == 0 && n == 2) {
            if (pf->convert)
                ok = bad_line(pf, error, "a second convert line");
            else
                pf->convert = g_strdup(rec[1]);
        } else if (strcmp(rec[0], "plugin") == 0 && n == 5) {
            plugin_line pl = { g_strdup(rec[2]), g_strdup(rec[3]), g_strdup(rec[4]) };
            if ((guint)atoi(rec[1]) != pf->plugins->len) {
                g_free(pl.name);
                g_free(pl.version);
                g_free(pl.fingerprint);
                ok = bad_line(pf, error, "plugins out of order");
            } else {
                g_array_append_val(pf->plugins, pl);
            }
        } else if (strcmp(rec[0], "doc") == 0 || strcmp(rec[0], "end") == 0) {
            /* The header is over: read this line again as a document. */
            fseek(pf->f, at, SEEK_SET);
            pf->line_no = line_at;
            g_strfreev(rec);
            break;
        } else {
            ok = bad_line(pf, error, "not a header line of a partial");
        }
        g_strfreev(rec);
    }
    free(buffer);
    if (ok && !pf->convert)
        ok = bad_line(pf, error, "no convert line in the header");
    return ok;
}

/* Do two partials come from the same plugins and packs? */
static gboolean
same_making(const partial_file *a, const partial_file *b, GError **error)
{
    if (strcmp(a->convert, b->convert) != 0) {
        g_set_error(error, TIFA_ERROR, TIFA_ERROR_USAGE,
                    "%s was made with --convert %s but %s with --convert %s: their counts "
                    "cannot be merged",
                    a->path, a->convert, b->path, b->convert);
        return FALSE;
    }
    guint n = MAX(a->plugins->len, b->plugins->len);
    for (guint i = 0; i < n; i++) {
        const plugin_line *x = i < a->plugins->len ? &g_array_index(a->plugins, plugin_line, i)
                                                   : NULL;
        const plugin_line *y = i < b->plugins->len ? &g_array_index(b->plugins, plugin_line, i)
                                                   : NULL;
        if (!x || !y || strcmp(x->name, y->name) != 0) {
            g_set_error(error, TIFA_ERROR, TIFA_ERROR_USAGE,
                        "%s and %s were made with different plugins (%s in one, %s in the "
                        "other): merge partials of runs with the same plugins and packs",
                        a->path, b->path, x ? x->name : "nothing", y ? y->name : "nothing");
            return FALSE;
        }
        if (strcmp(x->version, y->version) != 0 || strcmp(x->fingerprint, y->fingerprint) != 0) {
            g_set_error(error, TIFA_ERROR, TIFA_ERROR_USAGE,
                        "%s and %s were made with different versions of plugin %s (version "
                        "%s, rules %.12s… against version %s, rules %.12s…): its rules, "
                        "version or --option settings differ",
                        a->path, b->path, x->name, x->version, x->fingerprint, y->version,
                        y->fingerprint);
            return FALSE;
        }
    }
    return TRUE;
}

/* Is one file named twice (under one name or two)? */
static gboolean
distinct_files(const char *const *paths, GError **error)
{
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    gboolean ok = TRUE;
    for (guint i = 0; ok && paths[i]; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0)
            continue;        /* opening it says why */
        char *key = util_file_key(st.st_dev, st.st_ino);
        gpointer first;
        if (g_hash_table_lookup_extended(seen, key, NULL, &first)) {
            g_set_error(error, TIFA_ERROR, TIFA_ERROR_USAGE,
                        "%s and %s are the same partial (one file named twice): its documents "
                        "would be counted twice; merge each partial once",
                        paths[GPOINTER_TO_UINT(first)], paths[i]);
            ok = FALSE;
            g_free(key);
        } else {
            g_hash_table_insert(seen, key, GUINT_TO_POINTER(i));
        }
    }
    g_hash_table_destroy(seen);
    return ok;
}

gboolean
partial_read_plugins(const char *const *paths, GPtrArray *plugins, GError **error)
{
    if (!distinct_files(paths, error))
        return FALSE;
    partial_file first;
    gboolean ok = partial_file_open(&first, paths[0], error);
    for (guint i = 1; ok && paths[i]; i++) {
        partial_file other;
        ok = partial_file_open(&other, paths[i], error) && same_making(&first, &other, error);
        partial_file_close(&other);
    }
    for (guint i = 0; ok && i < first.plugins->len; i++)
        g_ptr_array_add(plugins,
                        loader_stub(g_array_index(first.plugins, plugin_line, i).name));
    partial_file_close(&first);
    return ok;
}

/* ---- documents seen in more than one partial ---- */

/* Two 64-bit hashes of a document's records (its doc line and hit lines,
 * field by field): FNV-1a, and a multiplicative one. */
typedef struct {
    uint64_t a, b;
} doc_digest;

static void
digest_start(doc_digest *d)
{
    d->a = 0xcbf29ce484222325ULL;
    d->b = 0x2545f4914f6cdd1dULL;
}

static void
digest_fields(doc_digest *d, char **fields)
{
    for (char **f = fields; *f; f++) {
        const unsigned char *p = (const unsigned char *)*f;
        for (;; p++) {
            unsigned c = *p;     /* the NUL too: it separates the fields */
            d->a = (d->a ^ c) * 0x100000001b3ULL;
            d->b = (d->b + c + 1) * 0x9e3779b97f4a7c15ULL;
            d->b ^= d->b >> 29;
            if (!c)
                break;
        }
    }
}

/* The documents of a merge, an open-addressing table of their digests
 * (16 bytes a slot, at most half of them used), with the partial that
 * held each. */
typedef struct {
    uint64_t a;              /* 0: an empty slot */
    uint32_t b;              /* the upper half of the second hash */
    uint32_t file;           /* the index of the partial */
} doc_slot;

typedef struct {
    doc_slot *slots;
    size_t size, used;       /* size: a power of two */
    const char *const *paths;
    guint file;              /* the partial being read */
} doc_register;

static doc_slot *
register_find(doc_slot *slots, size_t size, uint64_t a)
{
    size_t i = (size_t)(a ^ (a >> 32)) & (size - 1);
    while (slots[i].a && slots[i].a != a)
        i = (i + 1) & (size - 1);
    return &slots[i];
}

/* FALSE, with the error set, when another partial held this document. */
static gboolean
register_doc(doc_register *reg, const scanned_doc *doc, const doc_digest *d, GError **error)
{
    if (doc->skipped || g_str_has_prefix(doc->name, "(stdin)"))
        return TRUE;
    if (2 * (reg->used + 1) > reg->size) {
        size_t size = reg->size ? 2 * reg->size : 1024;
        doc_slot *slots = g_new0(doc_slot, size);
        for (size_t i = 0; i < reg->size; i++)
            if (reg->slots[i].a)
                *register_find(slots, size, reg->slots[i].a) = reg->slots[i];
        g_free(reg->slots);
        reg->slots = slots;
        reg->size = size;
    }
    uint64_t a = d->a ? d->a : 1;
    uint32_t b = (uint32_t)(d->b >> 32);
    doc_slot *slot = register_find(reg->slots, reg->size, a);
    if (!slot->a) {
        *slot = (doc_slot){ a, b, reg->file };
        reg->used++;
        return TRUE;
    }
    /* A document named twice in one run is counted twice, as that run
     * did; a slot of another document (the first hashes alike, the second
     * not) keeps the first. */
    if (slot->file == reg->file || slot->b != b)
        return TRUE;
    g_set_error(error, TIFA_ERROR, TIFA_ERROR_USAGE,
                "%s and %s both hold the document %s, with the same counts: the same partial "
                "twice, or shards that overlap; merge each document once",
                reg->paths[slot->file], reg->paths[reg->file], doc->name);
    return FALSE;
}

/* Replay the documents of one partial. */
static gboolean
replay_file(partial_file *pf, uint64_t *seq, guint n_plugins, const gboolean *wanted,
            doc_register *reg, scan_consumer consumer, void *ctx, GError **error)
{
    char *buffer = NULL;
    size_t cap = 0;
    scanned_doc *doc = NULL;
    doc_digest digest = { 0, 0 };
    gboolean ok = TRUE, ended = FALSE;
    uint64_t documents = 0, skipped = 0;
    for (;;) {
        char **rec = next_record(pf, &buffer, &cap);
        if (!rec)
            break;
        guint n = g_strv_length(rec);
        gboolean is_doc = strcmp(rec[0], "doc") == 0, is_end = strcmp(rec[0], "end") == 0;
        if ((is_doc || is_end) && doc) {
            if (!register_doc(reg, doc, &digest, error)) {
                g_strfreev(rec);
                ok = FALSE;
                break;
            }
            consumer(doc, ctx);
            scanned_doc_free(doc);
            doc = NULL;
        }
        if (is_doc && n == 8) {
            digest_start(&digest);
            digest_fields(&digest, rec);
            doc = scanned_doc_new((*seq)++);
            doc->name = g_strdup(rec[1]);
            doc->date = *rec[2] ? g_strdup(rec[2]) : NULL;
            doc->title = *rec[3] ? g_strdup(rec[3]) : NULL;
            doc->n_chars = (size_t)g_ascii_strtoull(rec[4], NULL, 10);
            doc->encoding = g_intern_string(rec[5]);
            doc->raw_len = (size_t)g_ascii_strtoull(rec[6], NULL, 10);
            doc->skipped = strcmp(rec[7], "1") == 0;
            skipped += doc->skipped;
            documents++;
        } else if (strcmp(rec[0], "hit") == 0 && n == 6 && doc) {
            digest_fields(&digest, rec);
            guint plugin_index = (guint)g_ascii_strtoull(rec[1], NULL, 10);
            uint64_t count = g_ascii_strtoull(rec[5], NULL, 10);
            if (plugin_index >= n_plugins || count == 0) {
                ok = bad_line(pf, error, "a hit of no plugin, or counted 0 times");
            } else if (wanted[plugin_index]) {
                doc_result r = { 0 };
                r.plugin = plugin_index;
                r.count = count;
                r.category = g_string_chunk_insert_const(doc->strings, rec[2]);
                r.key = g_string_chunk_insert(doc->strings, rec[3]);
                if (*rec[4]) {
                    r.labels = g_string_chunk_insert(doc->strings, rec[4]);
                    r.n_labels = 1;
                    for (const char *p = r.labels; *p; p++)
                        r.n_labels += *p == LABEL_SEP;
                }
                g_array_append_val(doc->results, r);
            }
        } else if (is_end && n == 2) {
            ended = TRUE;
            if (g_ascii_strtoull(rec[1], NULL, 10) != documents)
                ok = bad_line(pf, error, "the count of documents does not match the end line");
        } else {
            ok = bad_line(pf, error, "not a line of a partial");
        }
        g_strfreev(rec);
        if (!ok || ended)
            break;
    }
    if (doc)
        scanned_doc_free(doc);
    free(buffer);
    /* The run that wrote it said why, once; the merge says that its total
     * lacks them, and ends with the same status as that run. */
    if (ok && skipped)
        tifa_warn("%s: %" G_GUINT64_FORMAT " document%s skipped by the run that wrote it "
                  "(unreadable, binary …: its warnings named them); not counted",
                  pf->path, skipped, skipped == 1 ? " was" : "s were");
    if (ok && !ended) {
        g_set_error(error, TIFA_ERROR, TIFA_ERROR_INPUT,
                    "%s ends without its end line: the run that wrote it did not finish, or "
                    "the file was cut",
                    pf->path);
        ok = FALSE;
    }
    return ok;
}

gboolean
partial_replay(const char *const *paths, char **only, scan_consumer consumer, void *ctx,
               GError **error)
{
    uint64_t seq = 0;
    gboolean ok = TRUE;
    /* Results of the plugins left out with --plugin are dropped. */
    gboolean *wanted = g_new0(gboolean, 1);
    guint n_plugins = 0;
    doc_register reg = { NULL, 0, 0, paths, 0 };
    for (guint i = 0; ok && paths[i]; i++) {
        reg.file = i;
        partial_file pf;
        ok = partial_file_open(&pf, paths[i], error);
        if (ok && i == 0) {
            n_plugins = pf.plugins->len;
            g_free(wanted);
            wanted = g_new0(gboolean, n_plugins + 1);
            for (guint k = 0; k < n_plugins; k++) {
                const char *name = g_array_index(pf.plugins, plugin_line, k).name;
                wanted[k] = !only || g_strv_contains((const char *const *)only, name);
            }
        }
        if (ok)
            ok = replay_file(&pf, &seq, n_plugins, wanted, &reg, consumer, ctx, error);
        partial_file_close(&pf);
    }
    g_free(reg.slots);
    g_free(wanted);
    return ok;
}
