/*
 * scan.c - the per-document pipeline, and the threads that run it.
 *
 *   corpus (main thread: walk, read bytes)
 *     -> worker: decode, normalise, date, engine_scan, plugins' scan()
 *     -> main thread: put documents back in corpus order, hand them to the
 *        command's consumer (the report tally, the matches printer, ...)
 *
 * Workers share nothing but read-only state (rules, plugins, the engine);
 * each takes a scratch (PCRE2 match data, hit buffers) from a pool for the
 * length of one document.  Consumers run on the main thread only, so
 * counting needs no lock, and documents reach them in corpus order, so the
 * output is the same whatever -j says.  The number of documents in flight is
 * bounded, so memory depends on the largest documents, not on the corpus.
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "tifa.h"

/* Documents in flight per worker thread. */
#define INFLIGHT_PER_THREAD 4

typedef struct {
    const scan_setup *setup;
    engine *engine;
    GPtrArray *all_rules;        /* rule*, every plugin's, concatenated */
    uint32_t *rule_plugin;       /* global rule index -> plugin index */
    uint32_t *plugin_first_rule; /* plugin index -> first global rule index */
    GAsyncQueue *scratches;      /* worker_scratch*, one per thread */
    GAsyncQueue *done;           /* job*, its documents scanned, from workers */
    /* --profile: time per stage and per plugin, summed over the threads
     * as their scratches are freed; the consumer's on the main thread. */
    uint64_t stage_ns[6];
    uint64_t *plugin_ns;
    uint64_t count_ns;
    /* --period: the documents left out, and how many of them undated. */
    uint64_t out_of_period, out_of_period_undated;
    /* Without --convert: documents in traditional characters, and the first. */
    uint64_t traditional;
    char *first_traditional;
    /* Documents named with a date that is no calendar date, and the first. */
    uint64_t name_date_invalid;
    char *first_name_date_invalid;
    /* Per global rule: the matches of a pack without a plugin whose key
     * came out empty, and so were not counted (said at the end). */
    gint *empty_keys;
} pipeline;

/* The stages of process() that --profile times. */
enum { STAGE_READ, STAGE_DECODE, STAGE_CONVERT, STAGE_NORMALISE, STAGE_MATCH, STAGE_PLUGINS };
static const char *const stage_names[] = {
    "read the files", "decode, check UTF-8", "convert (OpenCC)", "normalise",
    "match (Vectorscan, PCRE2)", "plugins",
};

typedef struct {
    engine_scratch *engine;
    GArray *hits;                /* raw_hit */
    GArray *sort_buffer;         /* raw_hit, for sort_hits */
    GArray *sort_runs;           /* size_t, for sort_hits */
    GArray *groups;              /* size_t */
    GArray *plugin_hits;         /* tifa_hit */
    GPtrArray *problems;
    GString *key;
    GStringChunk *keys;          /* the hits' keys, for one plugin run */
    converter *conv;             /* --convert: this thread's OpenCC, or NULL */
    uint64_t stage_ns[6];        /* --profile: this thread's share */
    uint64_t *plugin_ns;         /* --profile: per plugin, or NULL */
    uint64_t mark;               /* --profile: when the current stage began */
} worker_scratch;

/* --profile: charge the time since the last mark to `stage`. */
static inline void
stage_done(worker_scratch *w, int stage)
{
    if (!w->plugin_ns)
        return;
    uint64_t now = util_thread_cpu_ns();
    w->stage_ns[stage] += now - w->mark;
    w->mark = now;
}

typedef struct {
    scanned_doc *doc;
    uint32_t plugin;
    /* The categories seen last, interned in doc->strings: a plugin's
     * results share a few (phrases alternates its known ones and
     * "candidate"), each checked and interned once. */
    const char *categories[4];
    unsigned next_category;      /* the slot a new one takes */
    size_t start_hints[2];       /* scanned_doc_original_offset_near(), */
    size_t end_hints[2];         /* for starts and ends apart */
} sink_data;

/* Documents travel to the workers in batches, and come back from them in
 * the same batches, so that the cost of waking a thread is shared by
 * several small documents (one wake-up per document back was 9,000
 * context switches over 新闻联播, a tenth of the CPU time of -j 2). */
#define BATCH_DOCS 16

typedef struct {
    raw_doc *raw[BATCH_DOCS];
    scanned_doc *scanned[BATCH_DOCS];   /* filled by the worker */
    uint64_t first_seq;
    guint n;
} job;

static worker_scratch *
worker_scratch_new(pipeline *pl)
{
    worker_scratch *w = g_new0(worker_scratch, 1);
    w->engine = engine_scratch_new(pl->engine);
    w->hits = g_array_new(FALSE, FALSE, sizeof(raw_hit));
    w->sort_buffer = g_array_new(FALSE, FALSE, sizeof(raw_hit));
    w->sort_runs = g_array_new(FALSE, FALSE, sizeof(size_t));
    w->groups = g_array_new(FALSE, FALSE, sizeof(size_t));
    w->plugin_hits = g_array_new(FALSE, FALSE, sizeof(tifa_hit));
    w->problems = g_ptr_array_new_with_free_func(g_free);
    w->key = g_string_new(NULL);
    w->keys = g_string_chunk_new(4096);
    if (pl->setup->convert) {
        /* pipeline_init opened one already, so this works. */
        w->conv = converter_open(pl->setup->convert, NULL);
    }
    if (pl->setup->limits.profile)
        w->plugin_ns = g_new0(uint64_t, pl->setup->plugins->len + 1);
    return w;
}

/* Add a thread's profile to the pipeline's (main thread, workers done). */
static void
worker_scratch_release(pipeline *pl, worker_scratch *w)
{
    for (int i = 0; w->plugin_ns && i < (int)G_N_ELEMENTS(w->stage_ns); i++)
        pl->stage_ns[i] += w->stage_ns[i];
    for (guint i = 0; w->plugin_ns && pl->plugin_ns && i < pl->setup->plugins->len; i++)
        pl->plugin_ns[i] += w->plugin_ns[i];
    g_free(w->plugin_ns);
    w->plugin_ns = NULL;
}

static void
worker_scratch_free(worker_scratch *w)
{
    engine_scratch_free(w->engine);
    g_array_free(w->hits, TRUE);
    g_array_free(w->sort_buffer, TRUE);
    g_array_free(w->sort_runs, TRUE);
    g_array_free(w->groups, TRUE);
    g_array_free(w->plugin_hits, TRUE);
    g_ptr_array_free(w->problems, TRUE);
    g_string_free(w->key, TRUE);
    g_string_chunk_free(w->keys);
    converter_free(w->conv);
    g_free(w->plugin_ns);
    g_free(w);
}

static void G_GNUC_PRINTF(2, 3)
doc_warning(scanned_doc *doc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_ptr_array_add(doc->warnings, g_strdup_vprintf(fmt, ap));
    va_end(ap);
}

scanned_doc *
scanned_doc_new(uint64_t seq)
{
    scanned_doc *doc = g_new0(scanned_doc, 1);
    doc->seq = seq;
    doc->results = g_array_new(FALSE, FALSE, sizeof(doc_result));
    doc->strings = g_string_chunk_new(1024);
    doc->warnings = g_ptr_array_new_with_free_func(g_free);
    return doc;
}

void
scanned_doc_free(scanned_doc *doc)
{
    g_free(doc->name);
    g_free(doc->date);
    g_free(doc->title);
    g_free(doc->text);
    g_free(doc->norm);
    if (doc->breaks)
        g_array_free(doc->breaks, TRUE);
    if (doc->conv_breaks)
        g_array_free(doc->conv_breaks, TRUE);
    g_array_free(doc->results, TRUE);
    g_string_chunk_free(doc->strings);
    g_ptr_array_free(doc->warnings, TRUE);
    g_free(doc);
}

/* Refuse a result: the error a plugin gets back from emit().  A plugin that
 * ignores it and emits again passes the same GError** with the first error
 * in it; it is kept (setting another over it makes GLib print a warning per
 * result), and the document's results are dropped all the same. */
static void G_GNUC_PRINTF(2, 3)
emit_refused(GError **error, const char *fmt, ...)
{
    if (!error || *error)
        return;
    va_list ap;
    va_start(ap, fmt);
    *error = g_error_new_valist(TIFA_ERROR, TIFA_ERROR_PLUGIN, fmt, ap);
    va_end(ap);
}

/* The sink plugins emit into: check the result, map its offsets back to the
 * original text, copy its strings into the document. */
static gboolean
sink_emit(const tifa_sink *sink, const tifa_result *res, GError **error)
{
    sink_data *sd = sink->host_data;
    scanned_doc *doc = sd->doc;
    if (!res->key || !*res->key || !util_utf8_valid(res->key, strlen(res->key))) {
        emit_refused(error, "emitted a key that is empty or not valid UTF-8");
        return FALSE;
    }
    if (res->start > res->end || res->end > doc->norm_len) {
        emit_refused(error, "emitted offsets %zu..%zu outside the document (%zu bytes)",
                     res->start, res->end, doc->norm_len);
        return FALSE;
    }
    doc_result r = { 0 };
    r.plugin = sd->plugin;
    r.count = 1;
    const char *category = res->category ? res->category : "default";
    r.category = NULL;
    for (size_t k = 0; k < G_N_ELEMENTS(sd->categories) && !r.category; k++)
        if (sd->categories[k] && strcmp(sd->categories[k], category) == 0)
            r.category = sd->categories[k];
    if (!r.category) {
        /* Checked when first seen: a category kept here was checked. */
        if (!util_utf8_valid(category, strlen(category))) {
            emit_refused(error, "emitted a category that is not valid UTF-8");
            return FALSE;
        }
        r.category = g_string_chunk_insert_const(doc->strings, category);
        sd->categories[sd->next_category] = r.category;
        sd->next_category = (sd->next_category + 1) % G_N_ELEMENTS(sd->categories);
    }
    r.key = g_string_chunk_insert(doc->strings, res->key);
    r.start = scanned_doc_original_offset_near(doc, res->start, sd->start_hints);
    r.end = scanned_doc_original_offset_near(doc, res->end, sd->end_hints);
    if (res->n_labels) {
        size_t total = 0;
        for (size_t i = 0; i < res->n_labels; i++) {
            const char *l = res->labels[i];
            size_t n = l ? strlen(l) : 0;
            if (!l || !util_utf8_valid(l, n)) {
                emit_refused(error, "emitted a label that is missing or not valid UTF-8");
                return FALSE;
            }
            total += n + 1;
        }
        /* Joined on the stack: labels are a few titles. */
        char small[256];
        char *joined = total <= sizeof small ? small : g_malloc(total);
        char *w = joined;
        for (size_t i = 0; i < res->n_labels; i++) {
            size_t n = strlen(res->labels[i]);
            if (i)
                *w++ = LABEL_SEP;
            memcpy(w, res->labels[i], n);
            w += n;
        }
        *w = '\0';
        /* Not interned: the table that would find a repeat costs more
         * than the few bytes a repeat takes. */
        r.labels = g_string_chunk_insert_len(doc->strings, joined, (gssize)(w - joined));
        r.n_labels = (uint32_t)res->n_labels;
        if (joined != small)
            g_free(joined);
    }
    g_array_append_val(doc->results, r);
    return TRUE;
}

/* By plugin, then start, then rule, then end. */
static inline int
compare_hits(const raw_hit *x, const raw_hit *y, const uint32_t *rule_plugin)
{
    if (rule_plugin[x->rule] != rule_plugin[y->rule])
        return rule_plugin[x->rule] < rule_plugin[y->rule] ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->rule != y->rule)
        return x->rule < y->rule ? -1 : 1;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    return 0;
}

/*
 * Put a document's hits in compare_hits order.  The engines deliver them
 * as one sorted run per rule (a rule's matches never go backwards), so a
 * merge sort that starts from the runs it finds costs n log(runs), and
 * with buffers kept in the worker's scratch it allocates nothing.
 */
static void
sort_hits(GArray *hits, GArray *buffer, GArray *bounds, const uint32_t *rule_plugin)
{
    size_t n = hits->len;
    if (n < 2)
        return;
    g_array_set_size(buffer, n);
    raw_hit *a = (raw_hit *)hits->data, *b = (raw_hit *)buffer->data;
    /* Run boundaries: bounds[k] is where run k starts; the last entry is n. */
    g_array_set_size(bounds, 0);
    size_t zero = 0;
    g_array_append_val(bounds, zero);
    for (size_t i = 1; i < n; i++)
        if (compare_hits(&a[i - 1], &a[i], rule_plugin) > 0)
            g_array_append_val(bounds, i);
    g_array_append_val(bounds, n);
    while (bounds->len > 2) {
        size_t *bd = (size_t *)bounds->data;
        guint runs = bounds->len - 1, kept = 0;
        for (guint r = 0; r < runs; r += 2) {
            size_t lo = bd[r], mid = bd[r + 1], hi = r + 2 <= runs ? bd[r + 2] : mid;
            size_t i = lo, j = mid, o = lo;
            while (i < mid && j < hi)
                b[o++] = compare_hits(&a[j], &a[i], rule_plugin) < 0 ? a[j++] : a[i++];
            while (i < mid)
                b[o++] = a[i++];
            while (j < hi)
                b[o++] = a[j++];
            bd[kept++] = lo;
        }
        bd[kept++] = n;
        g_array_set_size(bounds, kept);
        raw_hit *t = a;
        a = b;
        b = t;
    }
    if (a != (raw_hit *)hits->data)
        memcpy(hits->data, a, n * sizeof *a);
}

/* Hand one plugin its hits [from, to) of the sorted hit array. */
static void
run_plugin(pipeline *pl, worker_scratch *w, scanned_doc *doc, uint32_t pi, guint from,
           guint to)
{
    plugin *p = pl->setup->plugins->pdata[pi];
    GStringChunk *keys = w->keys;
    g_string_chunk_clear(keys);
    /* Sized once and written in place (an append per hit cost ~85
     * instructions). */
    g_array_set_size(w->plugin_hits, to - from);
    tifa_hit *out = (tifa_hit *)w->plugin_hits->data;
    const size_t *groups = (const size_t *)w->groups->data;
    for (guint i = from; i < to; i++) {
        const raw_hit *h = &g_array_index(w->hits, raw_hit, i);
        const rule *r = pl->all_rules->pdata[h->rule];
        /* A fixed key is handed over as it is, without a copy. */
        const char *key = rule_fixed_key(r);
        if (!key) {
            rule_expand_key(r, doc->norm, groups + h->groups, w->key);
            key = g_string_chunk_insert_len(keys, w->key->str, (gssize)w->key->len);
        }
        tifa_hit th = { &r->pub, h->start, h->end, key, groups + h->groups };
        out[i - from] = th;
    }
    sink_data sd = { .doc = doc, .plugin = pi };
    tifa_sink sink = { sink_emit, &sd };
    guint results_before = doc->results->len;
    const tifa_hit *hits = (const tifa_hit *)w->plugin_hits->data;
    size_t n = w->plugin_hits->len;
    GError *error = NULL;
    if (p->generic) {
        /* A hit whose key is empty (an empty match, or an empty group) has
         * nothing to count under; give the rule a key: to count it. */
        for (size_t i = 0; i < n && !error; i++) {
            if (*hits[i].key)
                tifa_emit(&sink, hits[i].rule->category, hits[i].key, hits[i].start,
                          hits[i].end, NULL, 0, &error);
            else
                g_atomic_int_inc(&pl->empty_keys[pl->plugin_first_rule[pi] +
                                                 hits[i].rule->index]);
        }
    } else {
        tifa_doc td = { doc->name, doc->date, doc->title, doc->norm, doc->norm_len };
        crash_context(p->name, p->file, doc->name);
        gboolean scanned = p->desc->scan(p->state, &td, hits, n, &sink, &error);
        crash_context(NULL, NULL, doc->name);
        if (!scanned && !error)
            g_set_error(&error, TIFA_ERROR, TIFA_ERROR_PLUGIN, "its scan failed without a reason");
    }
    if (error) {
        doc_warning(doc, "plugin %s failed on %s: %s; its results for this document are dropped",
                    p->name, doc->name, error->message);
        g_error_free(error);
        g_array_set_size(doc->results, results_before);
    }
}

/* Whether a result's category is "candidate" (asked three times per
 * result: the first byte settles most). */
static inline gboolean
is_candidate(const char *category)
{
    return category[0] == 'c' && strcmp(category, "candidate") == 0;
}

/*
 * A candidate is a key that no rule names.  Each plugin drops its own
 * candidates that a known rule of its pack covers, but one plugin cannot
 * see another's: “双一流” is a quoted phrase to `phrases` and a known
 * formulation to `formulations`, and 两岸一家亲 a numbered shape to
 * `formulations` and a known slogan to `phrases`.  A candidate whose key a
 * non-candidate result of the same document has is dropped here.
 */
static void
drop_named_candidates(scanned_doc *doc)
{
    doc_result *r = (doc_result *)doc->results->data;
    guint n = doc->results->len;
    /* The candidates' keys are a handful per document, the other results
     * hundreds (every official): the set holds the first, and each of the
     * others is looked up in it. */
    GHashTable *candidates = NULL;   /* key -> whether a named result has it */
    for (guint i = 0; i < n; i++)
        if (is_candidate(r[i].category)) {
            if (!candidates)
                candidates = g_hash_table_new(g_str_hash, g_str_equal);
            g_hash_table_insert(candidates, (gpointer)r[i].key, GINT_TO_POINTER(FALSE));
        }
    if (!candidates)
        return;
    for (guint i = 0; i < n; i++)
        if (!is_candidate(r[i].category) &&
            g_hash_table_contains(candidates, r[i].key))
            g_hash_table_insert(candidates, (gpointer)r[i].key, GINT_TO_POINTER(TRUE));
    guint kept = 0;
    for (guint i = 0; i < n; i++) {
        if (is_candidate(r[i].category) &&
            GPOINTER_TO_INT(g_hash_table_lookup(candidates, r[i].key)))
            continue;
        r[kept++] = r[i];
    }
    g_array_set_size(doc->results, kept);
    g_hash_table_destroy(candidates);
}

/*
 * Without --convert, whether a document is written in traditional
 * characters, which the bundled packs (simplified) do not read: its
 * formulations come out as candidates (四個意識), and the run's end says
 * --convert auto would read it.  Characters that only traditional text has
 * (們 個 這 國 會 …: none of them is in the simplified corpora of ../shared
 * more than a few times in 110 MB), counted among the first Han characters.
 * (convert.c's test for --convert auto runs OpenCC over the text: too dear
 * for every document of a run that converts nothing.)
 */
static const char traditional_only[] =
    "們個這國會來時為說對發於過與經進實開關問還樣點學機動現應當從麼後長頭間黨協議區選舉軍"
    "隊數據報導將權體廣華義務產業領員幹線農濟團結講話類觀網總統獨計書記處傳達給萬項條係"
    "衛鬥爭優勢歷設參戰術讓劃認識變讀寫陽陰臺灣門車馬鳥魚東兩爲";

static gboolean
written_in_traditional(const char *text, size_t len)
{
    static guint32 bmp[0x10000 / 32];
    static gsize ready;
    if (g_once_init_enter(&ready)) {
        for (const char *c = traditional_only; *c; c = g_utf8_next_char(c)) {
            gunichar u = g_utf8_get_char(c);
            bmp[u >> 5] |= 1u << (u & 31);
        }
        g_once_init_leave(&ready, 1);
    }
    /* The first 100 Han characters decide; 60 without one such character
     * already do (most documents: a few hundred instructions each). */
    const unsigned char *s = (const unsigned char *)text;
    size_t n = MIN(len, (size_t)3000), han = 0, traditional = 0;
    for (size_t i = 0; i + 3 <= n && han < 100;) {
        if ((s[i] & 0xF0) != 0xE0) {
            i++;
            continue;
        }
        gunichar u = ((gunichar)(s[i] & 0x0F) << 12) | ((gunichar)(s[i + 1] & 0x3F) << 6) |
                     (s[i + 2] & 0x3F);
        if (u >= 0x4E00 && u <= 0x9FFF) {
            han++;
            traditional += (bmp[u >> 5] >> (u & 31)) & 1u;
            if (han == 60 && traditional == 0)
                return FALSE;
        }
        i += 3;
    }
    return han >= 50 && traditional * 100 >= 3 * han;
}

/* Whether --period counts a document of this date (NULL: undated). */
static gboolean
in_period(const scan_setup *setup, const char *date)
{
    if (!setup->period_from[0])
        return TRUE;
    return date && strcmp(date, setup->period_from) >= 0 && strcmp(date, setup->period_to) <= 0;
}

/* Free the normalised text and its offset maps (the original stays). */
static void
drop_text(scanned_doc *doc)
{
    g_free(doc->norm);
    doc->norm = NULL;
    g_array_free(doc->breaks, TRUE);
    doc->breaks = NULL;
    if (doc->conv_breaks)
        g_array_free(doc->conv_breaks, TRUE);
    doc->conv_breaks = NULL;
}

/* Everything a worker does to one document. */
static scanned_doc *
process(pipeline *pl, worker_scratch *w, raw_doc *raw, uint64_t seq)
{
    scanned_doc *doc = scanned_doc_new(seq);
    doc->name = raw->name;
    raw->name = NULL;
    doc->title = raw->title;
    raw->title = NULL;
    if (w->plugin_ns)
        w->mark = util_thread_cpu_ns();
    /* The date from the manifest or the file name, known before reading:
     * a document it puts outside --period is not even read.  (One dated by
     * its text only is known after normalising.) */
    char date[11];
    const char *known = raw->date;
    if (!known && !raw->utf8_known) {
        if (date_in_name(doc->name, date, &doc->name_date_invalid))
            known = date;
    }
    if (known && !in_period(pl->setup, known)) {
        doc->date = g_strdup(known);
        doc->skipped = doc->out_of_period = TRUE;
        return doc;
    }
    raw_doc_load(raw);
    stage_done(w, STAGE_READ);
    if (raw->warning)
        doc_warning(doc, "%s", raw->warning);
    if (!raw->bytes) {
        doc->skipped = TRUE;
        return doc;
    }

    GError *error = NULL;
    doc->raw_len = raw->len;
    if (raw->utf8_known) {
        doc->text = raw->bytes;
        doc->len = raw->len;
        raw->bytes = NULL;
        doc->encoding = "utf-8";
    } else {
        doc->text = decode_take(&raw->bytes, raw->len, &doc->len, &doc->encoding, &error);
        if (!doc->text) {
            doc_warning(doc, "%s %s; skipped", doc->name, error->message);
            g_error_free(error);
            doc->skipped = TRUE;
            return doc;
        }
        if (strcmp(doc->encoding, "utf-8-repaired") == 0)
            doc_warning(doc, "%s has bytes that are not valid UTF-8; they were replaced by "
                             "U+FFFD and the rest was read",
                        doc->name);
    }

    stage_done(w, STAGE_DECODE);
    /* --convert: traditional characters to simplified before anything
     * else sees the text; offsets are mapped back through both steps. */
    const char *source = doc->text;
    size_t source_len = doc->len;
    char *converted = NULL;
    if (w->conv) {
        doc->conv_breaks = g_array_new(FALSE, FALSE, sizeof(offset_break));
        converted = converter_run(w->conv, doc->text, doc->len, &source_len, doc->conv_breaks);
        if (converted) {
            source = converted;
            doc->converted = TRUE;
        } else {
            g_array_free(doc->conv_breaks, TRUE);
            doc->conv_breaks = NULL;
            source_len = doc->len;
        }
        stage_done(w, STAGE_CONVERT);
    }

    /* (Without --convert there is no such stage: --profile leaves it out,
     * so no time may go to it, or the printed shares fall short of 100%.) */
    doc->breaks = g_array_new(FALSE, FALSE, sizeof(offset_break));
    /* Characters are counted on the normalised text, in the same pass. */
    doc->norm = normalize_text_counted(source, source_len, &doc->norm_len, doc->breaks,
                                       &doc->n_chars);
    g_free(converted);
    if (doc->n_chars == 0) {
        /* Spaces, blank lines or a byte-order mark only: no text to count,
         * and as a document it would lower every share, as an empty file
         * would. */
        doc_warning(doc, "%s has no text (only spaces or blank lines); skipped", doc->name);
        stage_done(w, STAGE_NORMALISE);
        doc->skipped = TRUE;
        return doc;
    }
    if (!pl->setup->convert)
        doc->traditional = written_in_traditional(doc->norm, doc->norm_len);

    if (known)
        doc->date = g_strdup(known);
    else if (date_from_text(doc->norm, doc->norm_len, date))
        doc->date = g_strdup(date);

    stage_done(w, STAGE_NORMALISE);
    if (!in_period(pl->setup, doc->date)) {
        doc->skipped = doc->out_of_period = TRUE;
        drop_text(doc);
        return doc;
    }
    crash_context(NULL, NULL, doc->name);
    g_array_set_size(w->hits, 0);
    g_array_set_size(w->groups, 0);
    g_ptr_array_set_size(w->problems, 0);
    engine_scan(pl->engine, w->engine, doc->norm, doc->norm_len, w->hits, w->groups,
                w->problems);
    for (guint i = 0; i < w->problems->len; i++)
        doc_warning(doc, "%s: %s", doc->name, (const char *)w->problems->pdata[i]);
    sort_hits(w->hits, w->sort_buffer, w->sort_runs, pl->rule_plugin);
    stage_done(w, STAGE_MATCH);

    /* Hits are grouped by plugin; each plugin gets its run. */
    guint n_plugins = pl->setup->plugins->len;
    guint i = 0;
    for (uint32_t pi = 0; pi < n_plugins; pi++) {
        guint from = i;
        while (i < w->hits->len && pl->rule_plugin[g_array_index(w->hits, raw_hit, i).rule] == pi)
            i++;
        plugin *p = pl->setup->plugins->pdata[pi];
        /* A plugin with no rules may still read the text itself. */
        if (from == i && (p->generic || p->rules->len > 0))
            continue;
        uint64_t t0 = w->plugin_ns ? util_thread_cpu_ns() : 0;
        run_plugin(pl, w, doc, pi, from, i);
        if (w->plugin_ns)
            w->plugin_ns[pi] += util_thread_cpu_ns() - t0;
    }

    drop_named_candidates(doc);
    stage_done(w, STAGE_PLUGINS);

    if (!pl->setup->keep_text)
        drop_text(doc);
    return doc;
}

static void
worker(gpointer data, gpointer user_data)
{
    job *j = data;
    pipeline *pl = user_data;
    worker_scratch *w = g_async_queue_pop(pl->scratches);
    for (guint i = 0; i < j->n; i++) {
        j->scanned[i] = process(pl, w, j->raw[i], j->first_seq + i);
        raw_doc_free(j->raw[i]);
        j->raw[i] = NULL;
    }
    g_async_queue_push(pl->scratches, w);
    g_async_queue_push(pl->done, j);
}

/* ---- progress on a terminal ---- */

/* Drawn on standard error when it is a terminal, from the second second
 * on, five times a second at most: a bar and the share done when the size
 * of the input is known (files), else the counts alone (standard input). */
typedef struct {
    gboolean enabled;
    gint64 delay;                /* TIFA_PROGRESS_AFTER_MS, for tests; default 1 s */
    gint64 started, last_draw;
    uint64_t docs, bytes, total_bytes;
    gboolean drawn;
} progress;

#define PROGRESS_BAR_WIDTH 24

static void
format_duration(char *out, size_t size, double secs)
{
    long s = (long)(secs + 0.5);
    if (s >= 3600)
        g_snprintf(out, size, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else
        g_snprintf(out, size, "%ld:%02ld", s / 60, s % 60);
}

static void
progress_update(progress *pr, const scanned_doc *doc)
{
    pr->docs++;
    pr->bytes += doc->raw_len;
    if (!pr->enabled)
        return;
    gint64 now = g_get_monotonic_time();
    if (now - pr->started < pr->delay || now - pr->last_draw < G_USEC_PER_SEC / 5)
        return;
    pr->last_draw = now;
    double secs = (double)(now - pr->started) / G_USEC_PER_SEC;
    double mb = (double)pr->bytes / 1e6, rate = mb / secs;
    GString *line = g_string_new("\r\033[K");
    if (pr->total_bytes > 0) {
        double done = MIN(1.0, (double)pr->bytes / (double)pr->total_bytes);
        int filled = (int)(done * PROGRESS_BAR_WIDTH);
        g_string_append_c(line, '[');
        for (int i = 0; i < PROGRESS_BAR_WIDTH; i++)
            g_string_append(line, i < filled ? "#" : "-");
        char eta[32];
        format_duration(eta, sizeof eta,
                        rate > 0 ? ((double)pr->total_bytes / 1e6 - mb) / rate : 0);
        g_string_append_printf(line, "] %3.0f%% %.1f of %.1f MB, %" G_GUINT64_FORMAT
                                     " documents, %.1f MB/s, ETA %s",
                               done * 100, mb, (double)pr->total_bytes / 1e6, pr->docs, rate,
                               eta);
    } else {
        g_string_append_printf(line, "%" G_GUINT64_FORMAT " documents, %.1f MB, %.1f MB/s",
                               pr->docs, mb, rate);
    }
    fputs(line->str, stderr);
    g_string_free(line, TRUE);
    fflush(stderr);
    pr->drawn = TRUE;
}

static void
progress_end(progress *pr)
{
    if (pr->drawn) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
    }
}

static void
deliver(const scan_setup *setup, scanned_doc *doc, scan_consumer consumer, void *ctx,
        progress *pr)
{
    for (guint i = 0; !setup->repeat_pass && i < doc->warnings->len; i++)
        tifa_warn("%s", (const char *)doc->warnings->pdata[i]);
    progress_update(pr, doc);
    /* A document outside --period is no problem of the input: left out of
     * the partial, so that a merge takes a skipped one for what it is. */
    if (setup->partial && !doc->out_of_period)
        partial_writer_add(setup->partial, doc);
    consumer(doc, ctx);
    scanned_doc_free(doc);
}

/* The rule tables of pipeline_init, which a failed init frees as well. */
static void
pipeline_free_tables(pipeline *pl)
{
    g_ptr_array_free(pl->all_rules, TRUE);
    g_free(pl->rule_plugin);
    g_free(pl->plugin_first_rule);
    g_free(pl->empty_keys);
}

/* The engine and rule tables of a run, shared by every thread. */
static gboolean
pipeline_init(pipeline *pl, const scan_setup *setup, GError **error)
{
    memset(pl, 0, sizeof *pl);
    pl->setup = setup;
    pl->all_rules = g_ptr_array_new();
    guint n_plugins = setup->plugins->len;
    pl->plugin_first_rule = g_new0(uint32_t, n_plugins + 1);
    for (guint pi = 0; pi < n_plugins; pi++) {
        plugin *p = setup->plugins->pdata[pi];
        pl->plugin_first_rule[pi] = pl->all_rules->len;
        for (guint r = 0; r < p->rules->len; r++)
            g_ptr_array_add(pl->all_rules, p->rules->pdata[r]);
    }
    pl->rule_plugin = g_new0(uint32_t, pl->all_rules->len + 1);
    pl->empty_keys = g_new0(gint, pl->all_rules->len + 1);
    for (guint pi = 0; pi < n_plugins; pi++) {
        plugin *p = setup->plugins->pdata[pi];
        for (guint r = 0; r < p->rules->len; r++)
            pl->rule_plugin[pl->plugin_first_rule[pi] + r] = pi;
    }
    if (setup->convert) {
        /* Open one now, so that a missing table is one clear error before
         * any document is read; the workers open their own. */
        converter *check = converter_open(setup->convert, error);
        if (!check) {
            pipeline_free_tables(pl);
            return FALSE;
        }
        converter_free(check);
    }
    pl->engine = engine_new(setup->engine, pl->all_rules, &setup->limits, error);
    if (!pl->engine) {
        pipeline_free_tables(pl);
        return FALSE;
    }
    return TRUE;
}

/* Matches a pack without a plugin could not count: an empty match with no
 * key:, or a key made of a group that did not take part ($1 of (两个)?确立). */
static void
warn_empty_keys(const pipeline *pl)
{
    for (guint i = 0; i < pl->all_rules->len; i++) {
        int n = g_atomic_int_get(&pl->empty_keys[i]);
        if (!n)
            continue;
        const rule *r = pl->all_rules->pdata[i];
        tifa_warn("%s:%d: rule '%s' of pack '%s': %d match%s not counted, %s key came out "
                  "empty (%s); write a key that is never empty",
                  r->file, r->line, r->pub.id, r->pub.pack, n, n == 1 ? " was" : "es were",
                  n == 1 ? "its" : "their",
                  r->pub.key ? "the groups it names did not take part in the match"
                             : "an empty match, and the rule has no key");
    }
}

static void
pipeline_clear(pipeline *pl)
{
    engine_free(pl->engine);
    pipeline_free_tables(pl);
}

size_t
scanned_doc_original_offset(const scanned_doc *doc, size_t norm_offset)
{
    size_t at = normalize_to_original(doc->breaks, norm_offset);
    return doc->conv_breaks ? normalize_to_original(doc->conv_breaks, at) : at;
}

size_t
scanned_doc_original_offset_near(const scanned_doc *doc, size_t norm_offset, size_t hints[2])
{
    size_t at = normalize_to_original_near(doc->breaks, norm_offset, &hints[0]);
    return doc->conv_breaks ? normalize_to_original_near(doc->conv_breaks, at, &hints[1]) : at;
}

/* ---- one document at a time, for callers that are not a corpus walk ---- */

struct scan_session {
    pipeline pl;
    worker_scratch *scratch;
    uint64_t seq;
};

scan_session *
scan_session_new(const scan_setup *setup, GError **error)
{
    scan_session *ss = g_new0(scan_session, 1);
    if (!pipeline_init(&ss->pl, setup, error)) {
        g_free(ss);
        return NULL;
    }
    ss->scratch = worker_scratch_new(&ss->pl);
    return ss;
}

void
scan_session_document(scan_session *ss, raw_doc *raw, scan_consumer consumer, void *ctx)
{
    scanned_doc *doc = process(&ss->pl, ss->scratch, raw, ss->seq++);
    raw_doc_free(raw);
    consumer(doc, ctx);
    scanned_doc_free(doc);
}

void
scan_session_free(scan_session *ss)
{
    if (!ss)
        return;
    worker_scratch_free(ss->scratch);
    pipeline_clear(&ss->pl);
    g_free(ss);
}

/* deliver(), timed for --profile: the main thread's share. */
static void
deliver_counted(pipeline *pl, scanned_doc *doc, scan_consumer consumer, void *ctx, progress *pr)
{
    uint64_t t0 = pl->plugin_ns ? util_thread_cpu_ns() : 0;
    if (doc->out_of_period) {
        pl->out_of_period++;
        pl->out_of_period_undated += doc->date == NULL;
    }
    if (doc->traditional && !doc->skipped && !pl->traditional++)
        pl->first_traditional = g_strdup(doc->name);
    if (doc->name_date_invalid && !pl->name_date_invalid++)
        pl->first_name_date_invalid = g_strdup(doc->name);
    deliver(pl->setup, doc, consumer, ctx, pr);
    if (pl->plugin_ns)
        pl->count_ns += util_thread_cpu_ns() - t0;
}

/* --profile: where the time went, stage by stage, then plugin by plugin. */
static void
pipeline_profile(const pipeline *pl, uint64_t wall_ns, FILE *f)
{
    uint64_t total = pl->count_ns;
    for (size_t i = 0; i < G_N_ELEMENTS(pl->stage_ns); i++)
        total += pl->stage_ns[i];
    double t = total ? (double)total : 1.0;
    fprintf(f, "CPU time per stage, summed over the threads: %.3f s (wall %.3f s)\n",
            (double)total / 1e9, (double)wall_ns / 1e9);
    fprintf(f, "%10s %6s  %s\n", "seconds", "share", "stage");
    for (size_t i = 0; i < G_N_ELEMENTS(pl->stage_ns); i++) {
        if (i == STAGE_CONVERT && !pl->setup->convert)
            continue;
        fprintf(f, "%10.3f %5.1f%%  %s\n", (double)pl->stage_ns[i] / 1e9,
                100.0 * (double)pl->stage_ns[i] / t, stage_names[i]);
        if (i == STAGE_MATCH) {
            uint64_t pcre2 = engine_pcre2_ns(pl->engine);
            fprintf(f, "%10.3f %5.1f%%    of which PCRE2 (per rule below)\n", (double)pcre2 / 1e9,
                    100.0 * (double)pcre2 / t);
        }
        if (i == STAGE_PLUGINS)
            for (guint p = 0; p < pl->setup->plugins->len; p++)
                fprintf(f, "%10.3f %5.1f%%    %s\n", (double)pl->plugin_ns[p] / 1e9,
                        100.0 * (double)pl->plugin_ns[p] / t,
                        ((const plugin *)pl->setup->plugins->pdata[p])->name);
    }
    fprintf(f, "%10.3f %5.1f%%  %s\n", (double)pl->count_ns / 1e9, 100.0 * (double)pl->count_ns / t,
            "count, write (main thread)");
}

/* --period: the documents outside it are counted nowhere. */
static void
note_period(const scan_setup *setup, uint64_t left_out, uint64_t undated)
{
    if (left_out)
        tifa_note("%" G_GUINT64_FORMAT " document%s outside --period %s..%s %s left out "
                  "(%" G_GUINT64_FORMAT " of them undated)",
                  left_out, left_out == 1 ? "" : "s", setup->period_from, setup->period_to,
                  left_out == 1 ? "was" : "were", undated);
}

/* tifa merge with --period: the partials' documents, filtered by date. */
typedef struct {
    const scan_setup *setup;
    scan_consumer consumer;
    void *ctx;
    uint64_t left_out, undated;
} period_filter;

static void
consume_in_period(const scanned_doc *doc, void *data)
{
    period_filter *f = data;
    if (!doc->skipped && !in_period(f->setup, doc->date)) {
        f->left_out++;
        f->undated += doc->date == NULL;
        return;
    }
    f->consumer(doc, f->ctx);
}

/* The file `path` names, absolute, its directory's links resolved (the
 * file itself may not exist yet). */
static char *
canonical_file(const char *path)
{
    char *dir = g_path_get_dirname(path), *base = g_path_get_basename(path);
    char *real_dir = realpath(dir, NULL);
    char *real = realpath(path, NULL);
    char *out = real ? g_strdup(real)
                     : g_build_filename(real_dir ? real_dir : dir, base, NULL);
    free(real);
    free(real_dir);
    g_free(dir);
    g_free(base);
    return out;
}

/* An output written over a document, or into a directory the run reads,
 * is a document of the next run (a report counted as text, its counts
 * counted again) or a document lost; two outputs on one file leave only
 * the one written last: refuse all three before reading anything. */
static gboolean
outputs_outside_corpus(const scan_setup *setup, const char *const *paths, GError **error)
{
    static const char *const option[] = { "-o", "--db", "--partial", "--html", "--plot" };
    G_STATIC_ASSERT(G_N_ELEMENTS(option) == G_N_ELEMENTS(setup->outputs));
    gboolean ok = TRUE;
    for (size_t i = 0; ok && i < G_N_ELEMENTS(setup->outputs); i++) {
        /* "-" is standard output (--html -), no file. */
        if (!setup->outputs[i] || strcmp(setup->outputs[i], "-") == 0)
            continue;
        char *out = canonical_file(setup->outputs[i]);
        /* A device (-o /dev/null --html /dev/null) takes both. */
        gboolean device = g_file_test(out, G_FILE_TEST_EXISTS) &&
                          !g_file_test(out, G_FILE_TEST_IS_REGULAR) &&
                          !g_file_test(out, G_FILE_TEST_IS_DIR);
        for (size_t k = i + 1; ok && !device && k < G_N_ELEMENTS(setup->outputs); k++) {
            if (!setup->outputs[k] || strcmp(setup->outputs[k], "-") == 0)
                continue;
            char *other = canonical_file(setup->outputs[k]);
            if (strcmp(out, other) == 0) {
                g_set_error(error, TIFA_ERROR, TIFA_ERROR_USAGE,
                            "%s %s and %s %s name one file, which would keep only one of "
                            "them; give each its own",
                            option[i], setup->outputs[i], option[k], setup->outputs[k]);
                ok = FALSE;
            }
            g_free(other);
        }
        for (size_t j = 0; ok && paths[j]; j++) {
            if (strcmp(paths[j], "-") == 0)
                continue;
            char *in = realpath(paths[j], NULL);
            if (!in)
                continue;
            size_t n = strlen(in);
            if (strcmp(out, in) == 0) {
                g_set_error(error, TIFA_ERROR, TIFA_ERROR_USAGE,
                            "%s %s names a document this run reads; write it elsewhere",
                            option[i], setup->outputs[i]);
                ok = FALSE;
            } else if (g_file_test(in, G_FILE_TEST_IS_DIR) && strncmp(out, in, n) == 0 &&
                       (out[n] == '/' || n == 1)) {
                g_set_error(error, TIFA_ERROR, TIFA_ERROR_USAGE,
                            "%s %s is inside %s, which this run reads: the next run would "
                            "count it as a document; write it elsewhere",
                            option[i], setup->outputs[i], paths[j]);
                ok = FALSE;
            }
            free(in);
        }
        g_free(out);
    }
    return ok;
}

gboolean
scan_run(const scan_setup *setup, const char *const *paths, scan_consumer consumer, void *ctx,
         GError **error)
{
    if (setup->replay && setup->period_from[0]) {
        period_filter f = { setup, consumer, ctx, 0, 0 };
        gboolean ok = partial_replay(paths, setup->replay_only, consume_in_period, &f, error);
        note_period(setup, f.left_out, f.undated);
        return ok;
    }
    if (setup->replay)
        return partial_replay(paths, setup->replay_only, consumer, ctx, error);
    if (!outputs_outside_corpus(setup, paths, error))
        return FALSE;
    pipeline pl;
    if (!pipeline_init(&pl, setup, error))
        return FALSE;

    int threads = setup->threads > 0 ? setup->threads : (int)g_get_num_processors();
    progress pr = { 0 };
    pr.enabled = setup->progress && isatty(STDERR_FILENO);
    pr.started = g_get_monotonic_time();
    pr.delay = G_USEC_PER_SEC;
    const char *after = g_getenv("TIFA_PROGRESS_AFTER_MS");
    if (after)
        pr.delay = g_ascii_strtoll(after, NULL, 10) * 1000;
    if (pr.enabled)
        pr.total_bytes = corpus_estimate_bytes(paths);

    if (setup->limits.profile)
        pl.plugin_ns = g_new0(uint64_t, setup->plugins->len + 1);
    uint64_t wall_started = util_now_ns();
    corpus *c = corpus_open(paths, &setup->input);
    if (threads <= 1) {
        worker_scratch *w = worker_scratch_new(&pl);
        raw_doc *raw;
        for (uint64_t seq = 0; (raw = corpus_next(c)); seq++) {
            scanned_doc *doc = process(&pl, w, raw, seq);
            raw_doc_free(raw);
            deliver_counted(&pl, doc, consumer, ctx, &pr);
        }
        worker_scratch_release(&pl, w);
        worker_scratch_free(w);
    } else {
        pl.scratches = g_async_queue_new();
        for (int i = 0; i < threads; i++)
            g_async_queue_push(pl.scratches, worker_scratch_new(&pl));
        pl.done = g_async_queue_new();
        GThreadPool *pool = g_thread_pool_new(worker, &pl, threads, TRUE, NULL);
        GHashTable *waiting = g_hash_table_new(g_int64_hash, g_int64_equal);
        uint64_t next_seq = 0, submitted = 0;
        guint max_inflight = (guint)threads * INFLIGHT_PER_THREAD * BATCH_DOCS;
        gboolean input_done = FALSE;
        while (!input_done || next_seq < submitted) {
            /* Keep the workers fed while there is room. */
            while (!input_done && submitted - next_seq < max_inflight) {
                job *j = g_new0(job, 1);
                j->first_seq = submitted;
                while (j->n < BATCH_DOCS) {
                    raw_doc *raw = corpus_next(c);
                    if (!raw) {
                        input_done = TRUE;
                        break;
                    }
                    j->raw[j->n++] = raw;
                }
                if (j->n == 0) {
                    g_free(j);
                    break;
                }
                submitted += j->n;
                g_thread_pool_push(pool, j, NULL);
            }
            if (next_seq == submitted)
                continue;
            job *done = g_async_queue_pop(pl.done);
            for (guint i = 0; i < done->n; i++)
                g_hash_table_insert(waiting, &done->scanned[i]->seq, done->scanned[i]);
            g_free(done);
            /* Deliver every document that is next in corpus order. */
            scanned_doc *ready;
            while ((ready = g_hash_table_lookup(waiting, &next_seq))) {
                g_hash_table_remove(waiting, &next_seq);
                next_seq++;
                deliver_counted(&pl, ready, consumer, ctx, &pr);
            }
        }
        g_thread_pool_free(pool, FALSE, TRUE);
        g_hash_table_destroy(waiting);
        worker_scratch *w;
        while ((w = g_async_queue_try_pop(pl.scratches))) {
            worker_scratch_release(&pl, w);
            worker_scratch_free(w);
        }
        g_async_queue_unref(pl.scratches);
        g_async_queue_unref(pl.done);
    }
    const char *repeated;
    guint repeats = corpus_repeats(c, &repeated);
    progress_end(&pr);
    if (!setup->repeat_pass) {
        note_period(setup, pl.out_of_period, pl.out_of_period_undated);
        if (pl.traditional)
            tifa_note("%" G_GUINT64_FORMAT " document%s written in traditional characters "
                      "(the first: %s), which the bundled packs do not read: --convert auto "
                      "reads %s as simplified",
                      pl.traditional, pl.traditional == 1 ? " is" : "s are",
                      pl.first_traditional, pl.traditional == 1 ? "it" : "them");
        warn_empty_keys(&pl);
        if (pl.name_date_invalid)
            tifa_note("%" G_GUINT64_FORMAT " document%s named with a date that is no calendar "
                      "date (the first: %s): dated from the text where it gives one",
                      pl.name_date_invalid, pl.name_date_invalid == 1 ? " is" : "s are",
                      pl.first_name_date_invalid);
    }
    g_free(pl.first_traditional);
    g_free(pl.first_name_date_invalid);
    if (repeats)
        tifa_note("%u file%s named more than once, or reached again through a link, and "
                  "counted once (the first: %s)",
                  repeats, repeats == 1 ? " was" : "s were", repeated);
    const GPtrArray *notes = corpus_notes(c);
    for (guint i = 0; !setup->repeat_pass && i < notes->len; i++)
        tifa_note("%s", (const char *)notes->pdata[i]);
    corpus_close(c);
    if (pl.plugin_ns)
        pipeline_profile(&pl, util_now_ns() - wall_started, stderr);
    engine_profile(pl.engine, stderr);
    g_free(pl.plugin_ns);
    pipeline_clear(&pl);
    /* The partial is complete once every document is in. */
    if (setup->partial && !partial_writer_commit(setup->partial, error))
        return FALSE;
    return TRUE;
}
