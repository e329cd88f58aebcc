/*
 * cli.c - what every command shares: the common options, the search paths
 * for plugins, rule packs and the corpus, and loading them for a run.
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "tifa.h"

/* More worker threads than this only cost memory (a scratch each). */
#define MAX_THREADS 256

static const char exit_status_help[] =
    "Exit status: 0 when every document was read and counted; 1 when the run\n"
    "finished but some input was skipped or distrusted (each case is named in a\n"
    "warning on standard error; a broken rule pack of a rules directory is left\n"
    "out); 2 for a usage error, a broken pack named on the command line, or an\n"
    "output that could not be written.";

/* tifa merge: the partials whose counts the command reads instead of a
 * corpus (set by cmd_merge before it hands over to the command). */
static char **merge_partials;

GOptionContext *
cli_context(const char *name, const char *params, const char *summary)
{
    /* GOption prints "PRGNAME [OPTION…] PARAMS": make PRGNAME "tifa NAME"
     * ("tifa merge NAME", reading partials, under tifa merge). */
    char *prgname = g_strdup_printf(merge_partials ? "tifa merge %s" : "tifa %s", name);
    g_set_prgname(prgname);
    g_free(prgname);
    GOptionContext *ctx = g_option_context_new(merge_partials ? "PARTIAL…" : params);
    g_option_context_set_summary(ctx, summary);
    g_option_context_set_description(ctx, exit_status_help);
    return ctx;
}

/* "-j2", "-n10", "-w5" as make and head write them: GOption only takes
 * "-j 2".  Numeric short options are split in two, in place (argv has room:
 * it is rebuilt). */
static void
split_attached_numbers(int *argc, char ***argv)
{
    GPtrArray *out = g_ptr_array_new();
    gboolean changed = FALSE;
    for (int i = 0; i < *argc; i++) {
        const char *a = (*argv)[i];
        if (strcmp(a, "--") == 0) {
            for (; i < *argc; i++)
                g_ptr_array_add(out, (*argv)[i]);
            break;
        }
        if (a[0] == '-' && strchr("jnw", a[1]) && a[1] && g_ascii_isdigit(a[2]) &&
            strspn(a + 2, "0123456789") == strlen(a + 2)) {
            g_ptr_array_add(out, g_strndup(a, 2));
            g_ptr_array_add(out, g_strdup(a + 2));
            changed = TRUE;
        } else {
            g_ptr_array_add(out, (*argv)[i]);
        }
    }
    if (changed) {
        /* The new strings live as long as the program, as argv does. */
        g_ptr_array_add(out, NULL);
        *argc = (int)out->len - 1;
        *argv = (char **)g_ptr_array_free(out, FALSE);
    } else {
        g_ptr_array_free(out, TRUE);
    }
}

gboolean
cli_parse(GOptionContext *ctx, int *argc, char ***argv)
{
    GError *error = NULL;
    split_attached_numbers(argc, argv);
    if (!g_option_context_parse(ctx, argc, argv, &error)) {
        tifa_error("%s (see %s --help)", error->message, g_get_prgname());
        g_error_free(error);
        return FALSE;
    }
    return TRUE;
}

/* Add options; under tifa merge, leave out of the help those that belong
 * to the runs that wrote the partials (prepare_merge refuses them). */
static void
add_entries(GOptionContext *ctx, GOptionEntry *entries)
{
    static const char *const text_only[] = {
        "rules", "plugin-dir", "option", "engine", "convert", "match-limit", "depth-limit",
        "heap-limit", "profile", "db", "partial", "stdin-format", NULL,
    };
    for (GOptionEntry *e = entries; merge_partials && e->long_name; e++)
        if (g_strv_contains(text_only, e->long_name))
            e->flags |= G_OPTION_FLAG_HIDDEN;
    g_option_context_add_main_entries(ctx, entries, NULL);
}

void
cli_add_period(GOptionContext *ctx, common_opts *o)
{
    GOptionEntry entries[] = {
        { "period", 0, 0, G_OPTION_ARG_STRING, &o->period,
          "Count only the documents dated in P: a year (2021), a month (2021-11), a day "
          "(2021-11-11), a bin of trend's (2021-Q4, 2021-11a, 2021-W05) or FROM..TO "
          "(2021-11..2022-10); undated ones are left out",
          "P" },
        { NULL },
    };
    add_entries(ctx, entries);
}

gboolean
cli_top_given_ok(int top)
{
    if (top == TOP_UNSET || top >= 0)
        return TRUE;
    tifa_error("--top takes a number of rows (0: all of them), not %d", top);
    return FALSE;
}

void
cli_add_db(GOptionContext *ctx, common_opts *o)
{
    GOptionEntry entries[] = {
        { "db", 0, 0, G_OPTION_ARG_FILENAME, &o->db,
          "Also write documents, rules and every match to a SQLite database", "FILE.sqlite" },
        { NULL },
    };
    add_entries(ctx, entries);
}

/* What finds the plugins and packs (every command that loads them), then,
 * with `scanning`, what runs them over text. */
static void
add_options(GOptionContext *ctx, common_opts *o, gboolean with_output, gboolean scanning)
{
    GOptionEntry load[] = {
        { "plugin", 'p', 0, G_OPTION_ARG_STRING_ARRAY, &o->only_plugins,
          "Use only this plugin or rule pack (repeatable)", "NAME" },
        { "rules", 'r', 0, G_OPTION_ARG_FILENAME_ARRAY, &o->rules,
          "Also load this rule pack, or the packs of this directory (repeatable)",
          "FILE|DIR" },
        { "plugin-dir", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o->plugin_dirs,
          "Also load the plugins of this directory, and the rule packs beside them "
          "(repeatable)",
          "DIR" },
        { "option", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->options,
          "Pass a setting to a plugin (repeatable)", "PLUGIN.KEY=VALUE" },
        { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o->quiet, "Print warnings only, no notes",
          NULL },
        { NULL },
    };
    GOptionEntry scan[] = {
        { "engine", 0, 0, G_OPTION_ARG_STRING, &o->engine,
          "Matching engine: fast (default) or reference (one PCRE2 pass per rule)", "NAME" },
        { "convert", 0, 0, G_OPTION_ARG_STRING, &o->convert,
          "Convert traditional characters to simplified before matching (OpenCC): t2s, "
          "tw2s, hk2s, tw2sp, or auto (t2s for documents written in traditional); "
          "offsets still refer to the original",
          "NAME" },
        { "stdin-format", 0, 0, G_OPTION_ARG_STRING, &o->stdin_format,
          "Read standard input (-) as jsonl (JSON Lines) or as one text; default auto: "
          "JSON Lines when its first non-blank line is a JSON object",
          "auto|text|jsonl" },
        { "items", 0, 0, G_OPTION_ARG_NONE, &o->items,
          "Count each item of a file as a document of its own: a line that starts with "
          "'## ' and the text up to the next (新闻联播's stories), named FILE#N, with the "
          "file's date and the heading as title; offsets are within the item",
          NULL },
        { "threads", 'j', 0, G_OPTION_ARG_INT, &o->threads,
          "Worker threads (default: one per core)", "N" },
        { "no-progress", 0, 0, G_OPTION_ARG_NONE, &o->no_progress,
          "Do not draw progress on the terminal", NULL },
        { "match-limit", 0, 0, G_OPTION_ARG_INT64, &o->match_limit,
          "PCRE2 match limit per search (default 10000000); a rule that hits it is "
          "reported and skipped for that document", "N" },
        { "depth-limit", 0, 0, G_OPTION_ARG_INT64, &o->depth_limit,
          "PCRE2 backtracking depth limit (default 10000000)", "N" },
        { "heap-limit", 0, 0, G_OPTION_ARG_INT64, &o->heap_limit,
          "PCRE2 heap limit per search, in KiB (default 20000000)", "KIB" },
        { "profile", 0, 0, G_OPTION_ARG_NONE, &o->profile,
          "At the end, print CPU time per stage and per plugin, then PCRE2 time per rule "
          "(standard error)",
          NULL },
        { NULL },
    };
    GOptionEntry output[] = {
        { "format", 'f', 0, G_OPTION_ARG_STRING, &o->format,
          "Output format: table, tsv, csv or json", "FORMAT" },
        { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o->output,
          "Write to FILE (whole or not at all) instead of standard output; without "
          "--format, FILE.tsv, .csv or .json says the format",
          "FILE" },
        { NULL },
    };
    add_entries(ctx, load);
    if (scanning)
        add_entries(ctx, scan);
    if (with_output)
        g_option_context_add_main_entries(ctx, output, NULL);
}

void
cli_add_common(GOptionContext *ctx, common_opts *o, gboolean with_output)
{
    add_options(ctx, o, with_output, TRUE);
}

void
cli_add_loading(GOptionContext *ctx, common_opts *o, gboolean with_output)
{
    add_options(ctx, o, with_output, FALSE);
}

/* Split a colon-separated path, dropping empty entries: an empty entry
 * would otherwise mean the current directory, and tifa never loads code
 * from the current directory by accident. */
static void
add_path_list(GPtrArray *dirs, const char *list)
{
    if (!list)
        return;
    char **parts = g_strsplit(list, ":", -1);
    for (char **p = parts; *p; p++)
        if (**p)
            g_ptr_array_add(dirs, g_strdup(*p));
    g_strfreev(parts);
}

static gboolean
use_installed(void)
{
    return !util_env_flag("TIFA_NO_INSTALLED");
}

/* For g_ptr_array_sort of strings. */
static gint
compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Where a run finds its rule packs: --rules, then --plugin-dir, then
 * TIFA_RULES_PATH, then the installed directory.  Free with
 * rules_path_clear(). */
static void
rules_path_of_run(common_opts *o, rules_path *path_out)
{
    rules_path path = { g_ptr_array_new_with_free_func(g_free),
                        g_ptr_array_new_with_free_func(g_free) };
    for (char **r = o->rules; r && *r; r++) {
        if (g_file_test(*r, G_FILE_TEST_IS_DIR))
            g_ptr_array_add(path.dirs, g_strdup(*r));
        else
            g_ptr_array_add(path.files, g_strdup(*r));
    }
    /* A plugin's own pack usually sits beside it (tifa new-plugin makes
     * NAME.so and NAME.rules in one directory): --plugin-dir is searched
     * for packs too, after --rules. */
    for (char **d = o->plugin_dirs; d && *d; d++)
        g_ptr_array_add(path.dirs, g_strdup(*d));
    add_path_list(path.dirs, g_getenv("TIFA_RULES_PATH"));
    if (use_installed())
        g_ptr_array_add(path.dirs, g_strdup(TIFA_RULESDIR));
    *path_out = path;
}

static void
rules_path_clear(rules_path *path)
{
    g_ptr_array_free(path->dirs, TRUE);
    g_ptr_array_free(path->files, TRUE);
}

/* Is diagnostic `d` ("FILE:LINE: …") about `file`? */
static gboolean
said_of_file(const char *d, const char *file)
{
    size_t n = strlen(file);
    return strncmp(d, file, n) == 0 && d[n] == ':';
}

/* Is diagnostic `d` about one of the files of `files`? */
static gboolean
said_of(const char *d, const GPtrArray *files)
{
    for (guint i = 0; i < files->len; i++)
        if (said_of_file(d, files->pdata[i]))
            return TRUE;
    return FALSE;
}

/* Load the rule packs of the run.  Prints the diagnostics.  A broken pack
 * of the rules directories is left out, with warnings, so that one bad
 * file on the path does not stop every run (nor `tifa plugins`, the way
 * to see what loads); one named with --rules FILE stops the run. */
static GHashTable *
load_packs(common_opts *o, guint *n_skipped)
{
    rules_path path;
    rules_path_of_run(o, &path);
    GPtrArray *diagnostics = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *skipped = g_ptr_array_new_with_free_func(g_free);
    GHashTable *packs = rules_load_all(&path, diagnostics, skipped);
    for (guint i = 0; i < diagnostics->len; i++) {
        const char *d = diagnostics->pdata[i];
        if (packs && said_of(d, skipped))
            tifa_warn("%s", d);
        else
            tifa_error("%s", d);
    }
    if (!packs)
        tifa_error("the rule packs above have errors; fix them (tifa rules check FILE) "
                   "and run again");
    for (guint i = 0; packs && i < skipped->len; i++)
        tifa_warn("%s: this rule pack has the problems above and is left out: none of its "
                  "rules count (tifa rules check %s)",
                  (const char *)skipped->pdata[i], (const char *)skipped->pdata[i]);
    *n_skipped = skipped->len;
    g_ptr_array_free(skipped, TRUE);
    g_ptr_array_free(diagnostics, TRUE);
    rules_path_clear(&path);
    return packs;
}

GPtrArray *
cli_pack_problems_in_run(common_opts *o, const char *file)
{
    rules_path path;
    rules_path_of_run(o, &path);
    g_ptr_array_add(path.files, g_strdup(file));
    GPtrArray *diagnostics = g_ptr_array_new_with_free_func(g_free);
    GHashTable *packs = rules_load_all(&path, diagnostics, NULL);
    if (packs)
        g_hash_table_destroy(packs);
    rules_path_clear(&path);
    /* Only what is said of this file: another pack's problems are its own. */
    GPtrArray *mine = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < diagnostics->len; i++)
        if (said_of_file(diagnostics->pdata[i], file))
            g_ptr_array_add(mine, g_strdup(diagnostics->pdata[i]));
    g_ptr_array_free(diagnostics, TRUE);
    return mine;
}

void
cli_set_merge(char **partials)
{
    merge_partials = partials;
}

gboolean
cli_merging(void)
{
    return merge_partials != NULL;
}

void
cli_add_partial(GOptionContext *ctx, common_opts *o)
{
    GOptionEntry entries[] = {
        { "partial", 0, 0, G_OPTION_ARG_FILENAME, &o->partial,
          "Also write the counts of every document to FILE, for tifa merge "
          "(docs/partial-format.md)",
          "FILE" },
        { NULL },
    };
    add_entries(ctx, entries);
}

/* The plugins of a merge come from the partials' headers: names only,
 * checked to be the same in every partial. */
static gboolean
prepare_merge(common_opts *o, run_context *run)
{
    const char *refused = o->rules        ? "--rules"
                          : o->plugin_dirs ? "--plugin-dir"
                          : o->options     ? "--option"
                          : o->convert     ? "--convert"
                          : o->engine      ? "--engine"
                          : o->db          ? "--db"
                          : o->partial     ? "--partial"
                          : o->stdin_format ? "--stdin-format"
                          : o->items       ? "--items"
                                           : NULL;
    if (refused) {
        tifa_error("tifa merge reads counts, not text: %s belongs to the runs that wrote the "
                   "partials",
                   refused);
        return FALSE;
    }
    GError *error = NULL;
    run->plugins = g_ptr_array_new();
    if (!partial_read_plugins((const char *const *)merge_partials, run->plugins, &error)) {
        tifa_error("%s", error->message);
        g_error_free(error);
        return FALSE;
    }
    for (char **name = o->only_plugins; name && *name; name++) {
        gboolean found = FALSE;
        for (guint i = 0; i < run->plugins->len; i++)
            found |= strcmp(((plugin *)run->plugins->pdata[i])->name, *name) == 0;
        if (!found) {
            tifa_error("the partials have no plugin '%s'", *name);
            return FALSE;
        }
    }
    run->setup.plugins = run->plugins;
    run->setup.replay = TRUE;
    run->setup.replay_only = o->only_plugins;
    return TRUE;
}

/* -o FILE.csv without --format writes CSV (it wrote a padded table that
 * read_csv then failed on); an extension tifa writes no such file for is
 * refused, and one that contradicts --format is noted. */
gboolean
cli_format_from_output(common_opts *o)
{
    if (!o->output)
        return TRUE;
    const char *dot = strrchr(o->output, '.');
    const char *slash = strrchr(o->output, '/');
    if (!dot || (slash && dot < slash))
        return TRUE;
    static const char *const formats[] = { "tsv", "csv", "json" };
    for (size_t i = 0; i < G_N_ELEMENTS(formats); i++) {
        if (g_ascii_strcasecmp(dot + 1, formats[i]) != 0)
            continue;
        if (!o->format)
            o->format = g_strdup(formats[i]);
        else if (strcmp(o->format, formats[i]) != 0)
            tifa_note("-o %s is written as %s, as --format says, not as its name says",
                      o->output, o->format);
        return TRUE;
    }
    static const struct {
        const char *ext, *instead;
    } others[] = {
        { "html", "report, trend, officials and diff write a page with --html FILE.html" },
        { "htm", "report, trend, officials and diff write a page with --html FILE.html" },
        { "svg", "trend --plot FILE.svg draws a chart" },
        { "sqlite", "report, matches and trend write a database with --db FILE.sqlite" },
        { "db", "report, matches and trend write a database with --db FILE.sqlite" },
        { "xlsx", "-f csv writes what a spreadsheet opens" },
        { "xls", "-f csv writes what a spreadsheet opens" },
    };
    for (size_t i = 0; !o->format && i < G_N_ELEMENTS(others); i++) {
        if (g_ascii_strcasecmp(dot + 1, others[i].ext) == 0) {
            tifa_error("-o %s: -o writes a table, tsv, csv or json, not .%s; %s", o->output,
                       others[i].ext, others[i].instead);
            return FALSE;
        }
    }
    return TRUE;
}

gboolean
cli_prepare(common_opts *o, run_context *run)
{
    memset(run, 0, sizeof *run);
    tifa_quiet = o->quiet;
    GError *error = NULL;
    if (!cli_format_from_output(o))
        return FALSE;
    run->format = FORMAT_TABLE;
    if (o->format && !format_parse(o->format, &run->format, &error)) {
        tifa_error("%s", error->message);
        g_error_free(error);
        return FALSE;
    }
    run->setup.engine = ENGINE_FAST;
    if (o->engine) {
        if (strcmp(o->engine, "reference") == 0)
            run->setup.engine = ENGINE_REFERENCE;
        else if (strcmp(o->engine, "fast") != 0) {
            tifa_error("unknown engine '%s': use fast or reference", o->engine);
            return FALSE;
        }
    }
    if (o->threads < 0 || o->threads > MAX_THREADS) {
        tifa_error("--threads must be from 0 (one per core) to %d, not %d", MAX_THREADS,
                   o->threads);
        return FALSE;
    }
    if (o->convert && !converter_name_valid(o->convert)) {
        char *names = converter_names();
        tifa_error("unknown conversion '%s': use %s", o->convert, names);
        g_free(names);
        return FALSE;
    }
    run->setup.convert = o->convert;
    if (o->stdin_format) {
        static const char *const names[] = { "auto", "text", "jsonl" };
        guint i = 0;
        while (i < G_N_ELEMENTS(names) && strcmp(o->stdin_format, names[i]) != 0)
            i++;
        if (i == G_N_ELEMENTS(names)) {
            tifa_error("unknown --stdin-format '%s': use auto, text or jsonl", o->stdin_format);
            return FALSE;
        }
        run->setup.input.stdin_format = (stdin_format)i;
    }
    run->setup.input.items = o->items;
    run->setup.threads = o->threads;
    run->setup.limits.profile = o->profile;
    if (o->period) {
        gboolean reversed = FALSE;
        if (!date_parse_period(o->period, run->setup.period_from, run->setup.period_to,
                               &reversed)) {
            if (reversed)
                tifa_error("--period %s ends before it starts", o->period);
            else
                tifa_error("--period takes a year (2021), a month (2021-11), a day "
                           "(2021-11-11), a quarter (2021-Q4), a half-month (2021-11a), an "
                           "ISO week (2021-W05) or FROM..TO (2021-11..2022-10), not '%s'",
                           o->period);
            return FALSE;
        }
    }
    if (merge_partials)
        return prepare_merge(o, run);
    if (o->match_limit < 0 || o->depth_limit < 0 || o->heap_limit < 0 ||
        o->match_limit > UINT32_MAX || o->depth_limit > UINT32_MAX ||
        o->heap_limit > UINT32_MAX) {
        tifa_error("--match-limit, --depth-limit and --heap-limit take a number from 1 to %u",
                   UINT32_MAX);
        return FALSE;
    }
    run->setup.limits.match_limit = (uint32_t)o->match_limit;
    run->setup.limits.depth_limit = (uint32_t)o->depth_limit;
    run->setup.limits.heap_limit_kib = (size_t)o->heap_limit;
    run->setup.progress = !o->no_progress;

    run->packs = load_packs(o, &run->packs_skipped);
    if (!run->packs)
        return FALSE;

    plugin_path path = { g_ptr_array_new_with_free_func(g_free), NULL, NULL };
    for (char **d = o->plugin_dirs; d && *d; d++)
        g_ptr_array_add(path.dirs, g_strdup(*d));
    add_path_list(path.dirs, g_getenv("TIFA_PLUGIN_PATH"));
    if (use_installed())
        g_ptr_array_add(path.dirs, g_strdup(TIFA_PLUGINDIR));
    if (o->only_plugins) {
        path.only = g_ptr_array_new();
        for (char **p = o->only_plugins; *p; p++)
            g_ptr_array_add(path.only, *p);
    }
    path.options = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    gboolean ok = TRUE;
    for (char **opt = o->options; opt && *opt; opt++) {
        const char *eq = strchr(*opt, '=');
        const char *dot = strchr(*opt, '.');
        if (!eq || !dot || dot > eq) {
            tifa_error("--option needs PLUGIN.KEY=VALUE, not '%s'", *opt);
            ok = FALSE;
            continue;
        }
        g_hash_table_insert(path.options, g_strndup(*opt, (size_t)(eq - *opt)),
                            g_strdup(eq + 1));
    }
    if (ok) {
        run->refusals = plugin_refusals_new();
        run->plugins = loader_load_all(&path, run->packs, run->refusals, &error);
        if (!run->plugins) {
            tifa_error("%s", error->message);
            g_error_free(error);
            ok = FALSE;
        } else if (run->plugins->len == 0 && tifa_warning_count() > 0) {
            /* Found, but each one asked for was refused or failed to start. */
            tifa_error("no plugin or rule pack could run: see the warnings above");
            ok = FALSE;
        } else if (run->plugins->len == 0) {
            tifa_error("no plugins and no rule packs found: install tifa (make install) or "
                       "point --plugin-dir and --rules at them");
            ok = FALSE;
        }
    }
    /* An option for a plugin that is not in the run would be dropped
     * without a word: a typo in a plugin's name must not pass for a setting. */
    for (char **opt = o->options; ok && opt && *opt; opt++) {
        const char *dot = strchr(*opt, '.');
        gboolean known = FALSE;
        for (guint i = 0; i < run->plugins->len && !known; i++) {
            const plugin *p = run->plugins->pdata[i];
            known = strlen(p->name) == (size_t)(dot - *opt) &&
                    strncmp(p->name, *opt, (size_t)(dot - *opt)) == 0;
        }
        if (!known) {
            GString *names = g_string_new(NULL);
            for (guint i = 0; i < run->plugins->len; i++)
                g_string_append_printf(names, "%s%s", i ? ", " : "",
                                       ((const plugin *)run->plugins->pdata[i])->name);
            tifa_error("--option %s: no plugin named '%.*s' in this run (plugins: %s)", *opt,
                       (int)(dot - *opt), *opt, names->str);
            g_string_free(names, TRUE);
            ok = FALSE;
        }
    }
    /* Nor may a typo in a setting's name: a key the plugin's init() never
     * asked for is no setting of it. */
    for (guint i = 0; ok && i < run->plugins->len; i++) {
        const plugin *p = run->plugins->pdata[i];
        if (!p->options)
            continue;
        GHashTableIter it;
        gpointer key;
        g_hash_table_iter_init(&it, p->options);
        while (g_hash_table_iter_next(&it, &key, NULL)) {
            if (p->asked_keys && g_hash_table_contains(p->asked_keys, key))
                continue;
            GString *known = g_string_new(NULL);
            GPtrArray *names = g_ptr_array_new();
            if (p->asked_keys) {
                GHashTableIter ask;
                gpointer asked;
                g_hash_table_iter_init(&ask, p->asked_keys);
                while (g_hash_table_iter_next(&ask, &asked, NULL))
                    g_ptr_array_add(names, asked);
            }
            g_ptr_array_sort(names, compare_names);
            for (guint j = 0; j < names->len; j++)
                g_string_append_printf(known, "%s%s", j ? ", " : "",
                                       (const char *)names->pdata[j]);
            if (names->len)
                tifa_error("--option %s.%s: plugin %s has no setting '%s' (its settings: %s)",
                           p->name, (const char *)key, p->name, (const char *)key, known->str);
            else
                tifa_error("--option %s.%s: %s takes no settings", p->name,
                           (const char *)key, p->name);
            g_ptr_array_free(names, TRUE);
            g_string_free(known, TRUE);
            ok = FALSE;
            break;
        }
    }
    /* Plugins keep pointers to their option strings: the table lives as long
     * as the run. */
    run->options = path.options;
    g_ptr_array_free(path.dirs, TRUE);
    if (path.only)
        g_ptr_array_free(path.only, TRUE);
    run->setup.plugins = run->plugins;
    run->setup.outputs[OUTPUT_O] = o->output && strcmp(o->output, "-") != 0 ? o->output : NULL;
    run->setup.outputs[OUTPUT_DB] = o->db;
    run->setup.outputs[OUTPUT_PARTIAL] = o->partial;
    if (ok && o->partial) {
        run->partial = partial_writer_open(o->partial, run->plugins, o->convert, &error);
        if (!run->partial) {
            tifa_error("%s", error->message);
            g_error_free(error);
            ok = FALSE;
        }
        run->setup.partial = run->partial;
    }
    return ok;
}

void
cli_release(run_context *run)
{
    if (run->plugins) {
        for (guint i = 0; i < run->plugins->len; i++)
            loader_unload(run->plugins->pdata[i]);
        g_ptr_array_free(run->plugins, TRUE);
    }
    if (run->packs)
        g_hash_table_destroy(run->packs);
    if (run->options)
        g_hash_table_destroy(run->options);
    if (run->refusals)
        g_ptr_array_free(run->refusals, TRUE);
    partial_writer_free(run->partial);
    memset(run, 0, sizeof *run);
}

const char *const *
cli_paths(char **args, int n, char **storage)
{
    if (n > 0)
        return (const char *const *)args;
    /* Said: `find … | xargs tifa report` that finds nothing would report
     * the bundled corpus's counts as its own. */
    if (!cli_merging())
        tifa_note("no PATH given: reading the bundled corpus, %s", TIFA_CORPUSDIR);
    storage[0] = (char *)TIFA_CORPUSDIR;
    storage[1] = NULL;
    return (const char *const *)storage;
}

/* The exit status of a run that went to the end. */
int
cli_exit_status(void)
{
    return tifa_warning_count() ? EXIT_INPUT : EXIT_OK;
}

/* One command runs per process: its options live here, and main() frees
 * them when the command returns (so that leak checkers see no leak). */
static common_opts the_opts;

common_opts *
cli_opts(void)
{
    return &the_opts;
}

void
cli_opts_free(void)
{
    common_opts *o = &the_opts;
    g_strfreev(o->plugin_dirs);
    g_strfreev(o->rules);
    g_strfreev(o->only_plugins);
    g_strfreev(o->options);
    g_free(o->engine);
    g_free(o->convert);
    g_free(o->partial);
    g_free(o->format);
    g_free(o->output);
    g_free(o->pack);
    g_free(o->db);
    g_free(o->period);
    g_free(o->stdin_format);
    memset(o, 0, sizeof *o);
}
