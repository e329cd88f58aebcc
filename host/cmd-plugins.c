/*
 * cmd-plugins.c - `tifa plugins` (what is loaded) and `tifa rules`
 * (checking and listing rule packs).
 */
#include "config.h"

#include <string.h>

#include "tifa.h"

int
cmd_plugins(int argc, char **argv)
{
    common_opts *o = cli_opts();
    GOptionContext *ctx = cli_context(
        "plugins", "",
        "List the detectors tifa loads: plugins (shared objects) and rule packs that no\n"
        "plugin claims, which count their rules' hits as they are; then the plugin files\n"
        "found and not loaded, with why in the column 'status': 'skipped: REASON', or\n"
        "'hidden by FILE' for one whose name a plugin earlier on the path has.");
    g_option_context_set_description(
        ctx, "Exit status: 0 when every plugin and pack found loaded (a hidden plugin is no\n"
             "problem); 1 when one was skipped (each named in a warning); 2 for a usage\n"
             "error or a broken rule pack.");
    cli_add_loading(ctx, o, TRUE);
    gboolean ok = cli_parse(ctx, &argc, &argv);
    g_option_context_free(ctx);
    if (!ok)
        return EXIT_USAGE;
    run_context run;
    if (!cli_prepare(o, &run)) {
        cli_release(&run);
        return EXIT_USAGE;
    }
    GError *error = NULL;
    outfile *out = outfile_open(o->output, &error);
    if (!out) {
        tifa_error("%s", error->message);
        g_error_free(error);
        cli_release(&run);
        return EXIT_USAGE;
    }
    static const char *const cols[] = { "name", "version", "rules", "packs", "file",
                                        "description", "status", NULL };
    rows *rw = rows_new(outfile_stream(out), run.format, cols, "ssnssss");
    for (guint i = 0; i < run.plugins->len; i++) {
        const plugin *p = run.plugins->pdata[i];
        GString *packs = g_string_new(NULL);
        for (guint j = 0; j < p->packs->len; j++) {
            const rulepack *pack = p->packs->pdata[j];
            if (j)
                g_string_append(packs, ",");
            g_string_append(packs, pack->name);
        }
        char nrules[16];
        g_snprintf(nrules, sizeof nrules, "%u", p->rules->len);
        const char *version = p->desc ? (p->desc->version ? p->desc->version : "") : "pack";
        const char *cells[] = { p->name, version, nrules, packs->str, p->file,
                                plugin_description(p), "loaded" };
        rows_add(rw, cells);
        g_string_free(packs, TRUE);
    }
    for (guint i = 0; i < run.refusals->len; i++) {
        const plugin_refusal *r = run.refusals->pdata[i];
        const char *cells[] = { r->name, "", "", "", r->file, "", r->status };
        rows_add(rw, cells);
    }
    rows_finish(rw);
    int status = EXIT_USAGE;
    if (outfile_commit(out, &error))
        status = cli_exit_status();
    else
        tifa_error("%s", error->message);
    g_clear_error(&error);
    cli_release(&run);
    return status;
}

/* --explain: how the fast engine looks for a rule it filters, so that a
 * rule's author sees what the pattern tells it. */
static void
explain_rule(const rule *r, const prefilter_plan *plan, const GPtrArray *literals,
             const literal_context *context)
{
    GString *some = g_string_new(NULL);
    for (guint i = 0; i < literals->len && i < 3; i++) {
        if (i)
            g_string_append(some, ", ");
        /* A control character would break the one-line note: escaped. */
        for (const char *c = literals->pdata[i]; *c; c++) {
            if ((unsigned char)*c < 0x20 || *c == 0x7f)
                g_string_append_printf(some, "\\x%02X", (unsigned char)*c);
            else
                g_string_append_c(some, *c);
        }
    }
    if (literals->len > 3)
        g_string_append(some, " …");
    if (plan->literal_only) {
        printf("%s:%d: note: rule '%s': a literal rule (%u spelling%s: %s); the fast engine "
               "finds its matches without PCRE2\n",
               r->file, r->line, r->pub.id, literals->len, literals->len == 1 ? "" : "s",
               some->str);
        g_string_free(some, TRUE);
        return;
    }
    /* Where the match starts at the literal, what comes before it is moot. */
    GString *knows = g_string_new(NULL);
    if (context->first && plan->max_lead > 0)
        g_string_append(knows, ", where a match can start");
    if (context->before && plan->max_lead > 0)
        g_string_append(knows, ", what can come before the literal");
    if (context->after)
        g_string_append(knows, ", what must follow it");
    if (context->prev)
        g_string_append(knows, ", what must come right before it");
    GString *lead = g_string_new(NULL);
    if (plan->max_lead == (size_t)-1)
        g_string_append(lead, "anywhere before it");
    else if (plan->max_lead == 0)
        g_string_append(lead, "with it");
    else if (plan->min_lead > 0)
        g_string_append_printf(lead, "%zu to %zu bytes before it", plan->min_lead,
                               plan->max_lead);
    else
        g_string_append_printf(lead, "at most %zu bytes before it", plan->max_lead);
    gboolean several = r->trie_lists && strchr(r->trie_lists, ',');
    char *tries = r->trie_lists ? g_strdup_printf("; it tests the word list%s %s as %s",
                                                  several ? "s" : "", r->trie_lists,
                                                  several ? "tries" : "a trie")
                                : NULL;
    printf("%s:%d: note: rule '%s': the fast engine looks for %u literal%s (%s); a match "
           "starts %s; PCRE2 is asked there%s%s%s\n",
           r->file, r->line, r->pub.id, literals->len, literals->len == 1 ? "" : "s", some->str,
           lead->str, knows->len ? ", knowing" : "", knows->len ? knows->str + 1 : "",
           tries ? tries : "");
    g_free(tries);
    g_string_free(lead, TRUE);
    g_string_free(knows, TRUE);
    g_string_free(some, TRUE);
}

/* Warnings about one rule that compiled: empty matches, and whether the
 * fast engine can look for it by its literals or must run PCRE2 over every
 * document (and, with `explain`, how it looks for the ones it filters). */
static void
check_rule(const rule *r, guint *warnings, guint *full, guint *lookups, gboolean explain)
{
    if (rule_matches_empty(r)) {
        printf("%s:%d: warning: rule '%s' can match the empty string; an empty match "
               "counts under the rule's key, and without a key it is not counted\n",
               r->file, r->line, r->pub.id);
        (*warnings)++;
    }
    /* Comments take a line of their own: "literal: 两个确立 # the 2021 one"
     * looks for the comment too. */
    for (guint i = 0; r->literals && i < r->literals->len; i++)
        if (strstr(r->literals->pdata[i], " #")) {
            printf("%s:%d: warning: rule '%s': the literal '%s' holds ' #': a comment takes a "
                   "line of its own, starting with #\n",
                   r->file, r->line, r->pub.id, (const char *)r->literals->pdata[i]);
            (*warnings)++;
        }
    if (r->jit_error) {
        PCRE2_UCHAR msg[128];
        pcre2_get_error_message(r->jit_error, msg, sizeof msg);
        printf("%s:%d: note: rule '%s' runs without PCRE2's JIT (%s), several times slower\n",
               r->file, r->line, r->pub.id, (const char *)msg);
    }
    const char *risk = rule_backtracking_risk(r);
    if (risk) {
        printf("%s:%d: warning: rule '%s' has %s; each search stops at the match limit "
               "(--match-limit), and the rule loses that document\n",
               r->file, r->line, r->pub.id, risk);
        (*warnings)++;
    }
    prefilter_plan plan;
    GPtrArray *literals;
    literal_context context;
    prefilter_plan_rule(r, &plan, &literals, &context);
    if (plan.lookup) {
        /* Counted in the summary line; one line each only when asked. */
        if (explain)
            printf("%s:%d: note: rule '%s' is a lookup rule: its %u words are never matched "
                   "in documents; its plugin asks for them where it needs them\n",
                   r->file, r->line, r->pub.id, r->literals ? r->literals->len : 0);
        (*lookups)++;
    } else if (!plan.filtered) {
        printf("%s:%d: note: rule '%s' gets a full PCRE2 pass over every document (%s); "
               "'tifa report --profile' shows what it costs on your corpus\n",
               r->file, r->line, r->pub.id, plan.why);
        (*full)++;
    } else if (explain) {
        explain_rule(r, &plan, literals, &context);
    } else if (plan.max_lead == (size_t)-1) {
        /* Filtered, but each literal sends PCRE2 back to the previous match:
         * often nearly a full pass (a lookbehind holding the rule's only
         * words, or an unbounded repeat before them). */
        printf("%s:%d: note: rule '%s': a match can start anywhere before its literals, so "
               "PCRE2 searches back from each of them; a word the match must start with (not "
               "in a lookbehind) or a bounded repeat makes it cheaper (see --explain)\n",
               r->file, r->line, r->pub.id);
    }
    literal_context_clear(&context);
    if (literals)
        g_ptr_array_free(literals, TRUE);
}

/* `tifa rules check FILE…`: each file on its own, every problem listed. */
static int
rules_check_files(common_opts *o, char **files, int n, gboolean explain)
{
    int status = EXIT_OK;
    for (int i = 0; i < n; i++) {
        GPtrArray *diagnostics = g_ptr_array_new_with_free_func(g_free);
        rulepack *pack = rulepack_load(files[i], diagnostics);
        if (pack) {
            /* A run merges it with the packs of the same name it finds. */
            GPtrArray *in_run = cli_pack_problems_in_run(o, files[i]);
            if (in_run->len) {
                rulepack_free(pack);
                pack = NULL;
                for (guint j = 0; j < in_run->len; j++)
                    g_ptr_array_add(diagnostics, g_strdup(in_run->pdata[j]));
            }
            g_ptr_array_free(in_run, TRUE);
        }
        for (guint j = 0; j < diagnostics->len; j++)
            printf("%s\n", (const char *)diagnostics->pdata[j]);
        if (pack) {
            guint warnings = 0, full = 0, lookups = 0;
            for (guint j = 0; j < pack->rules->len; j++)
                check_rule(pack->rules->pdata[j], &warnings, &full, &lookups, explain);
            guint n_rules = pack->rules->len;
            printf("%s: pack '%s', %u rule%s, OK%s; ", files[i], pack->name, n_rules,
                   n_rules == 1 ? "" : "s", warnings ? " (with warnings)" : "");
            if (n_rules == 1 && lookups)
                printf("a lookup rule, never matched in documents\n");
            else if (n_rules == 1)
                printf("the fast engine %s\n", full ? "gives it a full PCRE2 pass"
                                                      : "filters it by its literals");
            else if (lookups)
                printf("the fast engine filters %u of them by their literals; %u are lookup "
                       "rules, never matched in documents (--explain lists them)\n",
                       n_rules - full - lookups, lookups);
            else
                printf("the fast engine filters %u of them by their literals\n",
                       n_rules - full);
            rulepack_free(pack);
        } else {
            printf("%s: %u problem%s\n", files[i], diagnostics->len,
                   diagnostics->len == 1 ? "" : "s");
            status = EXIT_USAGE;
        }
        g_ptr_array_free(diagnostics, TRUE);
    }
    return status;
}

static gint
compare_pack_names(gconstpointer a, gconstpointer b)
{
    const rulepack *x = *(const rulepack *const *)a, *y = *(const rulepack *const *)b;
    return strcmp(x->name, y->name);
}

/* The packs of a table name -> rulepack*, sorted by name. */
static GPtrArray *
packs_sorted(GHashTable *table)
{
    GPtrArray *packs = g_ptr_array_new();
    GHashTableIter it;
    gpointer v;
    g_hash_table_iter_init(&it, table);
    while (g_hash_table_iter_next(&it, NULL, &v))
        g_ptr_array_add(packs, v);
    g_ptr_array_sort(packs, compare_pack_names);
    return packs;
}

static int
rules_list(common_opts *o, const char *only_pack)
{
    run_context run;
    if (!cli_prepare(o, &run)) {
        cli_release(&run);
        return EXIT_USAGE;
    }
    GError *error = NULL;
    outfile *out = outfile_open(o->output, &error);
    if (!out) {
        tifa_error("%s", error->message);
        g_error_free(error);
        cli_release(&run);
        return EXIT_USAGE;
    }
    GPtrArray *packs = packs_sorted(run.packs);
    if (only_pack && !g_hash_table_contains(run.packs, only_pack)) {
        GString *names = g_string_new(NULL);
        for (guint i = 0; i < packs->len; i++)
            g_string_append_printf(names, "%s%s", i ? ", " : "",
                                   ((const rulepack *)packs->pdata[i])->name);
        tifa_error("no rule pack is named '%s' (loaded: %s)", only_pack, names->str);
        g_string_free(names, TRUE);
        g_ptr_array_free(packs, TRUE);
        outfile_abort(out);
        cli_release(&run);
        return EXIT_USAGE;
    }
    static const char *const cols[] = { "pack", "id", "category", "key", "first", "pattern",
                                        NULL };
    rows *rw = rows_new(outfile_stream(out), run.format, cols, "ssssns");
    for (guint i = 0; i < packs->len; i++) {
        const rulepack *pack = packs->pdata[i];
        if (only_pack && strcmp(only_pack, pack->name) != 0)
            continue;
        for (guint j = 0; j < pack->rules->len; j++) {
            const rule *r = pack->rules->pdata[j];
            char first[8] = "";
            if (r->pub.first_year)
                g_snprintf(first, sizeof first, "%d", r->pub.first_year);
            const char *cells[] = { pack->name, r->pub.id, r->pub.category,
                                    r->pub.key ? r->pub.key : "", first, r->pub.pattern };
            rows_add(rw, cells);
        }
    }
    rows_finish(rw);
    g_ptr_array_free(packs, TRUE);
    int status = EXIT_USAGE;
    if (outfile_commit(out, &error))
        status = cli_exit_status();
    else
        tifa_error("%s", error->message);
    g_clear_error(&error);
    cli_release(&run);
    return status;
}

int
cmd_rules(int argc, char **argv)
{
    common_opts *o = cli_opts();
    gboolean explain = FALSE;
    GOptionEntry entries[] = {
        { "pack", 0, 0, G_OPTION_ARG_STRING, &o->pack, "list: only this pack", "NAME" },
        { "explain", 0, 0, G_OPTION_ARG_NONE, &explain,
          "check: also say how the fast engine looks for each rule (its literals, and "
          "what it knows around them)", NULL },
        { NULL },
    };
    GOptionContext *ctx = cli_context(
        "rules", "check [FILE…] | list",
        "check: read rule packs and report every problem as file:line: message (without\n"
        "FILE, every pack tifa would load).  list: print every rule tifa loads.");
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_set_description(
        ctx, "Exit status: 0 when every pack checks clean (its warnings and notes aside) or\n"
             "the list was written; 1 when a plugin or pack was skipped (each named in a\n"
             "warning); 2 for a usage error or a pack with problems (each given as\n"
             "file:line: message).");
    cli_add_loading(ctx, o, TRUE);
    gboolean ok = cli_parse(ctx, &argc, &argv);
    g_option_context_free(ctx);
    if (!ok)
        return EXIT_USAGE;
    if (argc < 2) {
        tifa_error("rules needs a subcommand: check or list (see tifa rules --help)");
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "check") == 0) {
        if (argc > 2)
            return rules_check_files(o, argv + 2, argc - 2, explain);
        /* No files: load everything as a run would. */
        run_context run;
        gboolean loaded = cli_prepare(o, &run);
        if (loaded) {
            GPtrArray *packs = packs_sorted(run.packs);
            for (guint i = 0; i < packs->len; i++) {
                const rulepack *p = packs->pdata[i];
                /* --explain: each rule as `check FILE` shows it, then the pack. */
                guint warnings = 0, full = 0, lookups = 0;
                for (guint j = 0; explain && j < p->rules->len; j++)
                    check_rule(p->rules->pdata[j], &warnings, &full, &lookups, TRUE);
                printf("pack '%s': %u rules from %s, OK\n", p->name, p->rules->len,
                       (const char *)p->files->pdata[0]);
            }
            g_ptr_array_free(packs, TRUE);
        }
        /* A pack of the path left out is a problem this command exists to
         * find. */
        gboolean clean = loaded && !run.packs_skipped;
        cli_release(&run);
        return clean ? EXIT_OK : EXIT_USAGE;
    }
    if (strcmp(argv[1], "list") == 0)
        return rules_list(o, o->pack);
    tifa_error("unknown rules subcommand '%s': use check or list", argv[1]);
    return EXIT_USAGE;
}
