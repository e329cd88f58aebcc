/*
 * cmd-mapreduce.c - `tifa map` and `tifa reduce`: the Hadoop Streaming and
 * Spark pipe() contract.
 *
 *   cat docs.jsonl | tifa map | LC_ALL=C sort | tifa reduce --format tsv
 *
 * prints what `tifa report --format tsv docs.jsonl` prints, byte for byte.
 * map scans the documents on its standard input (or PATHs) and writes one
 * line per key it counted, then its totals, as tab-separated key/value
 * lines (the key is the first field, as Hadoop Streaming splits them):
 *
 *   PLUGIN\x1fCATEGORY\x1fKEY  MENTIONS  DOCUMENTS  FIRST  LAST  LABELS
 *   !plugins                   CONVERT  NAME  VERSION  FINGERPRINT  NAME …
 *   !totals                    DOCUMENTS  CHARACTERS  UNDATED  FIRST  LAST
 *
 * LABELS is "label\x1fcount" pairs joined by \x1e; dates are YYYY-MM-DD or
 * empty; text fields escape \\, \t, \n and \r.  reduce adds the lines up, in
 * any order (sorted input is the contract, not a need), refuses lines of
 * maps made with other plugins or packs, and prints the report.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "tifa.h"

#define REDUCE_TOP_DEFAULT 25

/* The !plugins line: how the counts were made. */
static char *
plugins_line(GPtrArray *plugins, const char *convert)
{
    GString *line = g_string_new("!plugins\t");
    util_append_escaped(line, convert ? convert : "-");
    for (guint i = 0; i < plugins->len; i++) {
        const plugin *p = plugins->pdata[i];
        char *fp = plugin_fingerprint(p);
        g_string_append_c(line, '\t');
        util_append_escaped(line, p->name);
        g_string_append_c(line, '\t');
        util_append_escaped(line, p->desc && p->desc->version ? p->desc->version : "-");
        g_string_append_printf(line, "\t%s", fp);
        g_free(fp);
    }
    return g_string_free(line, FALSE);
}

static void
consume(const scanned_doc *doc, void *ctx)
{
    tally_add_doc(ctx, doc);
}

int
cmd_map(int argc, char **argv)
{
    common_opts *o = cli_opts();
    GOptionContext *ctx = cli_context(
        "map", "[PATH…]",
        "Hadoop Streaming / Spark pipe() mapper: count the documents of standard input\n"
        "(JSON Lines: id, date, title, text), or of PATHs, and write tab-separated\n"
        "key/value lines for tifa reduce:\n"
        "  cat docs.jsonl | tifa map | LC_ALL=C sort | tifa reduce --format tsv\n"
        "equals tifa report --format tsv docs.jsonl.");
    cli_add_common(ctx, o, FALSE);
    /* map writes one format: -o of its own, and --format hidden, kept only
     * to say that it belongs to reduce. */
    GOptionEntry out_entries[] = {
        { "format", 'f', G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &o->format, NULL, NULL },
        { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o->output,
          "Write the key/value lines to FILE (whole or not at all) instead of standard output",
          "FILE" },
        { NULL },
    };
    g_option_context_add_main_entries(ctx, out_entries, NULL);
    if (!cli_parse(ctx, &argc, &argv)) {
        g_option_context_free(ctx);
        return EXIT_USAGE;
    }
    g_option_context_free(ctx);
    if (o->format) {
        tifa_error("map writes key/value lines for tifa reduce, in one format; --format "
                   "belongs to reduce (tifa map | LC_ALL=C sort | tifa reduce --format %s)",
                   o->format);
        return EXIT_USAGE;
    }
    run_context run;
    if (!cli_prepare(o, &run)) {
        cli_release(&run);
        return EXIT_USAGE;
    }
    /* An empty partition is common (Spark, Hadoop run the mapper on each):
     * empty standard input is no document, and the map says so with its
     * totals, zero, which reduce adds as nothing. */
    run.setup.input.empty_stdin_ok = TRUE;
    /* map reads standard input unless given paths: that is the contract. */
    const char *stdin_only[] = { "-", NULL };
    const char *const *paths = argc > 1 ? (const char *const *)argv + 1 : stdin_only;
    tally *t = tally_new();
    GError *error = NULL;
    int status = EXIT_USAGE;
    if (scan_run(&run.setup, paths, consume, t, &error)) {
        outfile *out = outfile_open(o->output, &error);
        if (out) {
            FILE *f = outfile_stream(out);
            char *meta = plugins_line(run.plugins, o->convert);
            fprintf(f, "%s\n", meta);
            g_free(meta);
            fprintf(f, "!totals\t%" G_GUINT64_FORMAT "\t%" G_GUINT64_FORMAT "\t%" G_GUINT64_FORMAT
                       "\t%s\t%s\n",
                    tally_documents(t), tally_chars(t), tally_undated(t), tally_first_date(t),
                    tally_last_date(t));
            GPtrArray *entries = tally_entries(t);
            GString *line = g_string_new(NULL);
            for (guint i = 0; i < entries->len; i++) {
                const tally_entry *e = entries->pdata[i];
                const plugin *p = run.plugins->pdata[e->plugin];
                g_string_truncate(line, 0);
                util_append_escaped(line, p->name);
                g_string_append_c(line, '\x1f');
                util_append_escaped(line, e->category);
                g_string_append_c(line, '\x1f');
                util_append_escaped(line, e->key);
                g_string_append_printf(line, "\t%" G_GUINT64_FORMAT "\t%" G_GUINT64_FORMAT
                                             "\t%s\t%s\t",
                                       e->mentions, e->documents, e->first, e->last);
                for (guint k = 0; e->labels && k < e->labels->len; k++) {
                    const char *label = e->labels->pdata[k];
                    if (k)
                        g_string_append_c(line, '\x1e');
                    util_append_escaped(line, label);
                    g_string_append_printf(line, "\x1f%" G_GUINT64_FORMAT,
                                           tally_label_count(e, label));
                }
                g_string_append_c(line, '\n');
                fputs(line->str, f);
            }
            g_string_free(line, TRUE);
            g_ptr_array_free(entries, TRUE);
            if (outfile_commit(out, &error))
                status = cli_exit_status();
        }
    }
    if (error) {
        tifa_error("%s", error->message);
        g_error_free(error);
    }
    tally_free(t);
    cli_release(&run);
    return status;
}

/* ---- reduce ---- */

struct reducer {
    tally *t;
    GPtrArray *plugins;      /* stubs, in the maps' order */
    GHashTable *index;       /* plugin name -> index + 1 */
    char *made_with;         /* the first !plugins line, to compare the others */
    const char *source;      /* "standard input" or the file */
    int line_no;
};

reducer *
reducer_new(void)
{
    reducer *r = g_new0(reducer, 1);
    r->t = tally_new();
    r->plugins = g_ptr_array_new();
    r->index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    r->source = "standard input";
    return r;
}

void
reducer_free(reducer *r)
{
    if (!r)
        return;
    for (guint i = 0; i < r->plugins->len; i++)
        loader_unload(r->plugins->pdata[i]);
    g_ptr_array_free(r->plugins, TRUE);
    g_hash_table_destroy(r->index);
    g_free(r->made_with);
    tally_free(r->t);
    g_free(r);
}

tally *
reducer_tally(reducer *r)
{
    return r->t;
}

GPtrArray *
reducer_plugins(reducer *r)
{
    return r->plugins;
}

static gboolean
reduce_line(reducer *r, char *line, GError **error)
{
    char **f = g_strsplit(line, "\t", -1);
    guint n = g_strv_length(f);
    gboolean ok = TRUE;
    if (n >= 2 && strcmp(f[0], "!plugins") == 0) {
        if (!r->made_with) {
            r->made_with = g_strdup(line);
            for (guint i = 2; i + 2 < n; i += 3) {
                char *name = g_strdup(f[i]);
                util_unescape(name);
                g_ptr_array_add(r->plugins, loader_stub(name));
                g_hash_table_insert(r->index, name, GUINT_TO_POINTER(r->plugins->len));
            }
        } else if (strcmp(r->made_with, line) != 0) {
            g_set_error(error, TIFA_ERROR, TIFA_ERROR_USAGE,
                        "%s:%d: this map ran with other plugins, packs, --option settings or "
                        "--convert than the first one; reduce only the output of maps of one "
                        "setup",
                        r->source, r->line_no);
            ok = FALSE;
        }
    } else if (n == 6 && strcmp(f[0], "!totals") == 0) {
        tally_add_totals(r->t, g_ascii_strtoull(f[1], NULL, 10), g_ascii_strtoull(f[2], NULL, 10),
                         g_ascii_strtoull(f[3], NULL, 10), f[4], f[5]);
    } else if (n == 6 && f[0][0] != '!') {
        char **id = g_strsplit(f[0], "\x1f", 3);
        if (g_strv_length(id) != 3) {
            ok = FALSE;
        } else {
            for (int i = 0; i < 3; i++)
                util_unescape(id[i]);
            guint index = GPOINTER_TO_UINT(g_hash_table_lookup(r->index, id[0]));
            if (!index) {
                g_set_error(error, TIFA_ERROR, TIFA_ERROR_USAGE,
                            "%s:%d: counts of plugin '%s' before (or without) the !plugins line "
                            "of its map",
                            r->source, r->line_no, id[0]);
                g_strfreev(id);
                g_strfreev(f);
                return FALSE;
            }
            tally_entry *e = tally_add_counts(r->t, index - 1, id[1], id[2],
                                              g_ascii_strtoull(f[1], NULL, 10),
                                              g_ascii_strtoull(f[2], NULL, 10), f[3], f[4]);
            if (*f[5]) {
                char **labels = g_strsplit(f[5], "\x1e", -1);
                for (char **l = labels; *l; l++) {
                    char *sep = strrchr(*l, '\x1f');
                    if (!sep)
                        continue;
                    *sep = '\0';
                    util_unescape(*l);
                    tally_add_label(r->t, e, *l, g_ascii_strtoull(sep + 1, NULL, 10));
                }
                g_strfreev(labels);
            }
        }
        g_strfreev(id);
    } else {
        ok = FALSE;
    }
    if (!ok && error && !*error)
        g_set_error(error, TIFA_ERROR, TIFA_ERROR_INPUT,
                    "%s:%d: not a line of tifa map's output", r->source, r->line_no);
    g_strfreev(f);
    return ok;
}

gboolean
reducer_read(reducer *r, FILE *in, const char *source, GError **error)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    gboolean ok = TRUE;
    r->source = source;
    r->line_no = 0;
    while (ok && (n = getline(&line, &cap, in)) >= 0) {
        r->line_no++;
        if (n > 0 && line[n - 1] == '\n')
            line[--n] = '\0';
        if (n == 0)
            continue;
        ok = reduce_line(r, line, error);
    }
    free(line);
    return ok;
}

gboolean
reducer_finish(reducer *r, GError **error)
{
    if (!r->made_with) {
        g_set_error(error, TIFA_ERROR, TIFA_ERROR_INPUT,
                    "%s has no !plugins line: is it the output of tifa map?", r->source);
        return FALSE;
    }
    return TRUE;
}

int
cmd_reduce(int argc, char **argv)
{
    common_opts *o = cli_opts();
    int top = TOP_UNSET;
    GOptionEntry entries[] = {
        { "top", 'n', 0, G_OPTION_ARG_INT, &top,
          "Rows per plugin and category, in every format (default: 25 in a table, all "
          "in the others; 0: all)",
          "N" },
        { NULL },
    };
    GOptionContext *ctx = cli_context(
        "reduce", "[FILE…]",
        "Hadoop Streaming / Spark pipe() reducer: add up the lines of tifa map (standard\n"
        "input, or FILEs) and print the report, as tifa report prints it (--format).");
    g_option_context_add_main_entries(ctx, entries, NULL);
    GOptionEntry out_entries[] = {
        { "format", 'f', 0, G_OPTION_ARG_STRING, &o->format,
          "Output format: table, tsv, csv or json", "FORMAT" },
        { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o->output,
          "Write to FILE (whole or not at all) instead of standard output; without "
          "--format, FILE.tsv, .csv or .json says the format",
          "FILE" },
        { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o->quiet, "Print warnings only, no notes",
          NULL },
        { NULL },
    };
    g_option_context_add_main_entries(ctx, out_entries, NULL);
    if (!cli_parse(ctx, &argc, &argv) || !cli_top_given_ok(top)) {
        g_option_context_free(ctx);
        return EXIT_USAGE;
    }
    g_option_context_free(ctx);
    out_format format = FORMAT_TABLE;
    GError *error = NULL;
    if (!cli_format_from_output(o))
        return EXIT_USAGE;
    if (o->format && !format_parse(o->format, &format, &error)) {
        tifa_error("%s", error->message);
        g_error_free(error);
        return EXIT_USAGE;
    }
    reducer *r = reducer_new();
    gboolean ok = TRUE;
    for (int i = 1; ok && i < (argc > 1 ? argc : 2); i++) {
        FILE *in = stdin;
        const char *source = "standard input";
        if (argc > 1) {
            source = argv[i];
            in = fopen(argv[i], "r");
            if (!in) {
                tifa_error("cannot open %s: %s", argv[i], g_strerror(errno));
                ok = FALSE;
                break;
            }
        }
        ok = reducer_read(r, in, source, &error);
        if (in != stdin)
            fclose(in);
    }
    int status = EXIT_USAGE;
    if (ok)
        ok = reducer_finish(r, &error);
    if (ok) {
        outfile *out = outfile_open(o->output, &error);
        if (out) {
            if (top == TOP_UNSET)
                top = format == FORMAT_TABLE ? REDUCE_TOP_DEFAULT : 0;
            report_write(outfile_stream(out), r->t, r->plugins, format, top);
            if (outfile_commit(out, &error))
                status = cli_exit_status();
        }
    }
    if (error) {
        tifa_error("%s", error->message);
        g_error_free(error);
    }
    reducer_free(r);
    return status;
}
