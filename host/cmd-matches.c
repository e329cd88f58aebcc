/*
 * cmd-matches.c - `tifa matches` (every hit, one per row) and `tifa kwic`
 * (keyword in context), the two ways to check a count by reading.
 *
 * Offsets are byte offsets into the document as decoded to UTF-8 (a BOM
 * dropped); for a UTF-8 file without BOM they are byte offsets into the
 * file, as `grep -ob` prints them.
 */
#include "config.h"

#include <string.h>

#include "tifa.h"

/* ---- matches ---- */

typedef struct {
    rows *out;
    GPtrArray *plugins;
    db *d;                   /* --db, or NULL */
} matches_ctx;

/* The labels of a result joined with "、". */
static char *
labels_text(const doc_result *r)
{
    if (!r->labels)
        return g_strdup("");
    char *s = g_strdup(r->labels);
    GString *out = g_string_new(NULL);
    for (char *p = s; *p; p++) {
        if (*p == LABEL_SEP)
            g_string_append(out, "、");
        else
            g_string_append_c(out, *p);
    }
    g_free(s);
    return g_string_free(out, FALSE);
}

static void
matches_consume(const scanned_doc *doc, void *data)
{
    matches_ctx *m = data;
    if (m->d)
        db_add_doc(m->d, doc);
    for (guint i = 0; i < doc->results->len; i++) {
        const doc_result *r = &g_array_index(doc->results, doc_result, i);
        const plugin *p = m->plugins->pdata[r->plugin];
        char *text = g_strndup(doc->text + r->start, r->end - r->start);
        char start[24], end[24];
        g_snprintf(start, sizeof start, "%zu", r->start);
        g_snprintf(end, sizeof end, "%zu", r->end);
        char *detail = labels_text(r);
        const char *cells[] = { doc->name, doc->date ? doc->date : "", p->name, r->category,
                                r->key, text, start, end, detail };
        rows_add(m->out, cells);
        g_free(detail);
        g_free(text);
    }
}

/* Shared by matches and kwic: options, loading, output file, scan. */
typedef struct {
    common_opts *o;
    run_context run;
    outfile *out;
} command;

static gboolean
command_start(command *c, GOptionContext *ctx, int *argc, char ***argv, out_format fallback)
{
    memset(c, 0, sizeof *c);
    c->o = cli_opts();
    cli_add_common(ctx, c->o, TRUE);
    cli_add_period(ctx, c->o);
    if (!cli_parse(ctx, argc, argv))
        return FALSE;
    if (!cli_prepare(c->o, &c->run))
        return FALSE;
    /* Given, or read off -o FILE's name by cli_prepare. */
    gboolean had_format = c->o->format != NULL;
    if (!had_format)
        c->run.format = fallback;
    GError *error = NULL;
    c->out = outfile_open(c->o->output, &error);
    if (!c->out) {
        tifa_error("%s", error->message);
        g_error_free(error);
        return FALSE;
    }
    return TRUE;
}

/* Finish the output; returns the exit status. */
static int
command_finish(command *c, gboolean scanned, GError *error)
{
    int status = EXIT_USAGE;
    if (!scanned) {
        tifa_error("%s", error->message);
        outfile_abort(c->out);
    } else if (!outfile_commit(c->out, &error)) {
        tifa_error("%s", error->message);
    } else {
        status = cli_exit_status();
    }
    g_clear_error(&error);
    cli_release(&c->run);
    return status;
}

int
cmd_matches(int argc, char **argv)
{
    GOptionContext *ctx = cli_context(
        "matches", "[PATH…]",
        "Print every hit, one per row: doc date plugin category key text start end detail.\n"
        "start and end are byte offsets into the document's UTF-8 text; detail holds an\n"
        "official's titles.  Without PATH, the bundled corpus.  Default format: tsv.");
    command c;
    cli_add_db(ctx, cli_opts());
    if (!command_start(&c, ctx, &argc, &argv, FORMAT_TSV)) {
        g_option_context_free(ctx);
        outfile_abort(c.out);
        cli_release(&c.run);
        return EXIT_USAGE;
    }
    g_option_context_free(ctx);
    static const char *const cols[] = { "doc", "date", "plugin", "category", "key", "text",
                                        "start", "end", "detail", NULL };
    GError *error = NULL;
    matches_ctx m = { NULL, c.run.plugins, NULL };
    if (c.o->db && !(m.d = db_open(c.o->db, c.run.plugins, &error)))
        return command_finish(&c, FALSE, error);
    m.out = rows_new(outfile_stream(c.out), c.run.format, cols, "sdssssnns");
    char *storage[2];
    gboolean ok = scan_run(&c.run.setup, cli_paths(argv + 1, argc - 1, storage),
                           matches_consume, &m, &error);
    rows_finish(m.out);
    if (m.d) {
        if (ok)
            ok = db_commit(m.d, &error);
        else
            db_abort(m.d);
    }
    return command_finish(&c, ok, error);
}

/* ---- kwic ---- */

typedef struct {
    rows *out;
    const char *key;         /* key mode: results with this key */
    GPtrArray *plugins;      /* key mode: the run's plugins */
    uint64_t *places;        /* key mode: lines each plugin found, by index */
    guint finders;           /* key mode: plugins that found some place so far */
    uint64_t shared;         /* key mode: lines found by more than one plugin */
    FILE *stream;
    out_format format;
    pcre2_code *re;          /* regex mode */
    pcre2_match_data *md;
    pcre2_match_context *mctx;   /* regex mode: the run's limits */
    int width;               /* characters of context on each side */
    uint64_t lines;          /* rows written */
} kwic_ctx;

static void
kwic_line(kwic_ctx *k, const scanned_doc *doc, size_t start, size_t end, const char *found_by)
{
    char *left = util_context(doc->text, doc->len, start, k->width, FALSE);
    char *right = util_context(doc->text, doc->len, end, k->width, TRUE);
    char *hit = g_strndup(doc->text + start, end - start);
    char offset[24];
    g_snprintf(offset, sizeof offset, "%zu", start);
    const char *cells[] = { doc->name, doc->date ? doc->date : "", offset, left, hit, right,
                            found_by, NULL };
    rows_add(k->out, cells);
    k->lines++;
    g_free(left);
    g_free(right);
    g_free(hit);
}

/* A place of the text that has the key, and who found it. */
typedef struct {
    size_t start, end;
    uint32_t plugin;
    guint seq;               /* position among the document's results */
} kwic_place;

static guint
place_hash(gconstpointer p)
{
    const kwic_place *x = p;
    return (guint)(x->start * 31 + x->end);
}

static gboolean
place_equal(gconstpointer a, gconstpointer b)
{
    const kwic_place *x = a, *y = b;
    return x->start == y->start && x->end == y->end;
}

static gint
place_order(gconstpointer a, gconstpointer b)
{
    const kwic_place *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    if (x->plugin != y->plugin)
        return x->plugin < y->plugin ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The same columns for every key and pattern, so that the outputs of
 * several stack (the plugins column came only when several plugins had
 * found the key); a pattern's lines have no plugins. */
static void
kwic_open(kwic_ctx *k)
{
    static const char *const cols[] = { "doc", "date", "offset", "left", "match", "right",
                                        "plugins", NULL };
    k->out = rows_new(k->stream, k->format, cols, "sdnrsss");
}

/*
 * Key mode: one line per place of the text, however many plugins (or
 * rules) counted it there.  The places of one plugin keep the order it
 * gave them in; those of several are put in text order, each with the
 * plugins that found it.
 */
static void
kwic_key_places(kwic_ctx *k, const scanned_doc *doc)
{
    GArray *places = g_array_new(FALSE, FALSE, sizeof(kwic_place));
    gboolean several = FALSE;
    for (guint i = 0; i < doc->results->len; i++) {
        const doc_result *r = &g_array_index(doc->results, doc_result, i);
        if (strcmp(r->key, k->key) != 0)
            continue;
        kwic_place p = { r->start, r->end, r->plugin, i };
        if (places->len && g_array_index(places, kwic_place, 0).plugin != r->plugin)
            several = TRUE;
        g_array_append_val(places, p);
    }
    GString *found_by = g_string_new(NULL);
    if (several) {
        g_array_sort(places, place_order);
        for (guint i = 0, j; i < places->len; i = j) {
            const kwic_place *p = &g_array_index(places, kwic_place, i);
            g_string_truncate(found_by, 0);
            guint finders = 0;
            for (j = i; j < places->len && place_equal(p, &g_array_index(places, kwic_place, j));
                 j++) {
                uint32_t pi = g_array_index(places, kwic_place, j).plugin;
                if (j > i && pi == g_array_index(places, kwic_place, j - 1).plugin)
                    continue;
                g_string_append_printf(found_by, "%s%s", finders++ ? "," : "",
                                       ((const plugin *)k->plugins->pdata[pi])->name);
                if (k->places[pi]++ == 0)
                    k->finders++;
            }
            if (finders > 1)
                k->shared++;
            kwic_line(k, doc, p->start, p->end, found_by->str);
        }
    } else if (places->len) {
        GHashTable *seen = g_hash_table_new(place_hash, place_equal);
        uint32_t pi = g_array_index(places, kwic_place, 0).plugin;
        g_string_assign(found_by, ((const plugin *)k->plugins->pdata[pi])->name);
        for (guint i = 0; i < places->len; i++) {
            kwic_place *p = &g_array_index(places, kwic_place, i);
            if (!g_hash_table_add(seen, p))
                continue;
            if (k->places[pi]++ == 0)
                k->finders++;
            kwic_line(k, doc, p->start, p->end, found_by->str);
        }
        g_hash_table_destroy(seen);
    }
    g_string_free(found_by, TRUE);
    g_array_free(places, TRUE);
}

static void
kwic_consume(const scanned_doc *doc, void *data)
{
    kwic_ctx *k = data;
    if (doc->skipped)
        return;
    if (k->key) {
        kwic_key_places(k, doc);
        return;
    }
    size_t start = 0;
    uint32_t options = 0;
    while (start <= doc->norm_len) {
        int rc = pcre2_match(k->re, (PCRE2_SPTR)doc->norm, doc->norm_len, start,
                             options | PCRE2_NO_UTF_CHECK, k->md, k->mctx);
        if (rc == PCRE2_ERROR_NOMATCH && options) {
            options = 0;
            start = (size_t)(g_utf8_next_char(doc->norm + start) - doc->norm);
            continue;
        }
        if (rc < 0 && rc != PCRE2_ERROR_NOMATCH) {
            /* A limit (--match-limit, --depth-limit): the lines of this
             * document from here on are missing, and the user is told. */
            PCRE2_UCHAR msg[128];
            pcre2_get_error_message(rc, msg, sizeof msg);
            tifa_warn("%s: the pattern was stopped at byte %zu: %s; its later places in this "
                      "document are not shown",
                      doc->name, scanned_doc_original_offset(doc, start), (const char *)msg);
        }
        if (rc < 0)
            break;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(k->md);
        kwic_line(k, doc, scanned_doc_original_offset(doc, ov[0]),
                  scanned_doc_original_offset(doc, ov[1]), "");
        options = ov[1] == ov[0] ? PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED : 0;
        start = ov[1];
    }
}

/* Is `key` a fixed key of some loaded rule? */
static gboolean
known_key(GPtrArray *plugins, const char *key)
{
    for (guint i = 0; i < plugins->len; i++) {
        const plugin *p = plugins->pdata[i];
        for (guint j = 0; j < p->rules->len; j++) {
            const rule *r = p->rules->pdata[j];
            if (r->pub.key && !strchr(r->pub.key, '$') && strcmp(r->pub.key, key) == 0)
                return TRUE;
            if (!r->pub.key && r->literals && r->literals->len == 1 &&
                strcmp(r->literals->pdata[0], key) == 0)
                return TRUE;
        }
    }
    return FALSE;
}

int
cmd_kwic(int argc, char **argv)
{
    gboolean force_key = FALSE, force_regex = FALSE;
    int width = 20;
    GOptionEntry entries[] = {
        { "key", 'k', 0, G_OPTION_ARG_NONE, &force_key,
          "Treat the argument as a key that plugins report (a name, a formulation)", NULL },
        { "regex", 'e', 0, G_OPTION_ARG_NONE, &force_regex,
          "Treat the argument as a PCRE2 pattern over the normalised text", NULL },
        { "width", 'w', 0, G_OPTION_ARG_INT, &width, "Characters of context on each side "
          "(default 20)", "N" },
        { NULL },
    };
    GOptionContext *ctx = cli_context(
        "kwic", "KEY|REGEX [PATH…]",
        "Show every occurrence in context, with document and date.  A KEY that a rule\n"
        "pack defines (四个意识) shows the mentions counted under it, in all spellings,\n"
        "each place once (when packs of several plugins define it, a last column,\n"
        "plugins, names those that found it); anything else is a PCRE2 pattern matched\n"
        "on the normalised text.");
    g_option_context_add_main_entries(ctx, entries, NULL);
    command c;
    if (!command_start(&c, ctx, &argc, &argv, FORMAT_TABLE)) {
        g_option_context_free(ctx);
        outfile_abort(c.out);
        cli_release(&c.run);
        return EXIT_USAGE;
    }
    g_option_context_free(ctx);
    if (argc < 2 || width < 0) {
        tifa_error(argc < 2 ? "kwic needs a KEY or REGEX (see tifa kwic --help)"
                            : "--width must not be negative");
        outfile_abort(c.out);
        cli_release(&c.run);
        return EXIT_USAGE;
    }
    kwic_ctx k = { 0 };
    k.width = width;
    const char *arg = argv[1];
    size_t norm_len;
    /* With --convert the text is read in simplified characters: so is the
     * argument (兩個確立 finds 两个确立), by the same table (auto: t2s). */
    char *converted_arg = NULL;
    if (c.run.setup.convert) {
        GError *conv_error = NULL;
        converter *cv = converter_open(strcmp(c.run.setup.convert, "auto") == 0
                                           ? "t2s"
                                           : c.run.setup.convert,
                                       &conv_error);
        if (cv) {
            GArray *breaks = g_array_new(FALSE, FALSE, sizeof(offset_break));
            size_t converted_len;
            converted_arg = converter_run(cv, arg, strlen(arg), &converted_len, breaks);
            g_array_free(breaks, TRUE);
            converter_free(cv);
        } else {
            g_clear_error(&conv_error);   /* the scan below says why */
        }
    }
    char *norm_arg = normalize_text(converted_arg ? converted_arg : arg,
                                    strlen(converted_arg ? converted_arg : arg), &norm_len, NULL);
    g_free(converted_arg);
    if (force_key || (!force_regex && known_key(c.run.plugins, norm_arg))) {
        k.key = norm_arg;
        k.plugins = c.run.plugins;
        k.places = g_new0(uint64_t, c.run.plugins->len);
    } else {
        int code;
        PCRE2_SIZE off;
        if (!*norm_arg) {
            tifa_error("kwic needs a key or a pattern to show; '' is empty");
            g_free(norm_arg);
            outfile_abort(c.out);
            cli_release(&c.run);
            return EXIT_USAGE;
        }
        k.re = pcre2_compile((PCRE2_SPTR)norm_arg, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP,
                             &code, &off, NULL);
        if (!k.re) {
            PCRE2_UCHAR msg[256];
            pcre2_get_error_message(code, msg, sizeof msg);
            tifa_error("'%s' is not a valid pattern: %s at offset %zu", arg, (char *)msg,
                       (size_t)off);
            g_free(norm_arg);
            outfile_abort(c.out);
            cli_release(&c.run);
            return EXIT_USAGE;
        }
        if (util_use_jit())
            pcre2_jit_compile(k.re, PCRE2_JIT_COMPLETE);
        k.md = pcre2_match_data_create_from_pattern(k.re, NULL);
        /* The same limits as a rule's search, so that a pattern that
         * backtracks without end stops, and says so, as a rule does. */
        k.mctx = pcre2_match_context_create(NULL);
        engine_limits_apply(k.mctx, &c.run.setup.limits, 0, 0);
        c.run.setup.keep_text = TRUE;
    }
    /* A pattern needs no plugin: scan with none. */
    GPtrArray *no_plugins = g_ptr_array_new();
    if (k.re)
        c.run.setup.plugins = no_plugins;
    k.stream = outfile_stream(c.out);
    k.format = c.run.format;
    kwic_open(&k);
    char *storage[2];
    GError *error = NULL;
    gboolean ok = scan_run(&c.run.setup, cli_paths(argv + 2, argc - 2, storage), kwic_consume,
                           &k, &error);
    rows_finish(k.out);
    if (ok && k.lines == 0)
        tifa_note(k.key ? "no hit has the key '%s' in these documents (keys are written as tifa "
                          "report lists them; without -k the argument is a pattern)"
                        : "the pattern '%s' matches nowhere in these documents",
                  k.key ? k.key : argv[1]);
    else if (ok && k.re && !force_regex && !strpbrk(norm_arg, "\\^$.|?*+()[]{}"))
        /* Plain text that no pack defines (a name, often): say that every
         * occurrence was shown, and how to see only what was counted. */
        tifa_note("'%s' was shown wherever the text has it; -k shows only the mentions a "
                  "plugin counted under that key (a person named with a title, a "
                  "formulation)",
                  argv[1]);
    else if (ok && k.key) {
        /* Places found by several plugins were shown once: say whose they were. */
        GString *by = g_string_new(NULL);
        guint n = 0;
        for (guint i = 0; i < c.run.plugins->len; i++)
            if (k.places[i])
                g_string_append_printf(by, "%s%s (%" G_GUINT64_FORMAT ")", n++ ? ", " : "",
                                       ((const plugin *)c.run.plugins->pdata[i])->name,
                                       k.places[i]);
        if (n > 1)
            tifa_note("the key '%s' is reported by more than one plugin: %" G_GUINT64_FORMAT
                      " places, each shown once with the plugins that found it (the last "
                      "column), %" G_GUINT64_FORMAT " of them by several; places per plugin: "
                      "%s; -p PLUGIN shows one plugin's",
                      k.key, k.lines, k.shared, by->str);
        g_string_free(by, TRUE);
    }
    c.run.setup.plugins = c.run.plugins;
    g_free(k.places);
    g_ptr_array_free(no_plugins, TRUE);
    g_free(norm_arg);
    pcre2_match_data_free(k.md);
    pcre2_match_context_free(k.mctx);
    pcre2_code_free(k.re);
    return command_finish(&c, ok, error);
}
