/*
 * cmd-merge.c - `tifa merge [COMMAND] [OPTION…] PARTIAL…`: the report,
 * trend, diff or officials output of several partial results (written by
 * those commands with --partial FILE), as one run over all their documents
 * would give it.
 *
 * The command itself does the work: merge marks the run as a replay of the
 * partials (cli_set_merge) and hands over, and scan_run then reads the
 * partials' documents instead of a corpus (partial.c).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tifa.h"

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
} mergeable[] = {
    { "report", cmd_report },
    { "trend", cmd_trend },
    { "diff", cmd_diff },
    { "officials", cmd_officials },
};

static void
merge_usage(FILE *f)
{
    fputs("Usage:\n"
          "  tifa merge [COMMAND] [OPTION…] PARTIAL…\n\n"
          "Combine partial results into the output of one run over all their documents.\n"
          "COMMAND is report (the default), trend, diff or officials, with its own options\n"
          "(tifa COMMAND --help); a diff takes --period and --vs, the others --period P\n"
          "to count only the documents dated in P.  Write the partials with --partial\n"
          "FILE on each shard's run, e.g.\n\n"
          "  tifa report --partial a.partial shard-a/\n"
          "  tifa report --partial b.partial shard-b/\n"
          "  tifa merge a.partial b.partial\n"
          "  tifa merge trend --by month --key 两个确立 a.partial b.partial\n\n"
          "Partials merge only when they were made with the same plugins, rule packs,\n"
          "--option settings and --convert; otherwise merge names the one that differs.\n"
          "Each document counts once: a partial named twice, or two that hold the same\n"
          "document (a copy, a leftover shard), are refused, naming both.\n"
          "The format is in docs/partial-format.md.\n",
          f);
}

/* Is this argument a partial (a file that starts as one)? */
static gboolean
is_partial(const char *arg)
{
    if (arg[0] == '-' || !g_file_test(arg, G_FILE_TEST_IS_REGULAR))
        return FALSE;
    FILE *f = fopen(arg, "r");
    if (!f)
        return FALSE;
    char head[16] = "";
    size_t n = fread(head, 1, sizeof head - 1, f);
    fclose(f);
    head[n] = '\0';
    return g_str_has_prefix(head, "tifa-partial\t");
}

int
cmd_merge(int argc, char **argv)
{
    int first = 1;
    int (*run)(int, char **) = cmd_report;
    const char *name = "report";
    if (argc > 1) {
        if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
            merge_usage(stdout);
            return EXIT_OK;
        }
        for (size_t i = 0; i < G_N_ELEMENTS(mergeable); i++)
            if (strcmp(argv[1], mergeable[i].name) == 0) {
                run = mergeable[i].run;
                name = mergeable[i].name;
                first = 2;
            }
        if (first == 1 && argv[1][0] != '-' && !g_file_test(argv[1], G_FILE_TEST_EXISTS) &&
            !g_str_has_suffix(argv[1], ".partial")) {
            tifa_error("merge gives a report, trend, diff or officials output, not '%s': tifa "
                       "merge [report|trend|diff|officials] PARTIAL…",
                       argv[1]);
            return EXIT_USAGE;
        }
    }
    /* Partials are found by their first line, so that options and their
     * values (--by month) are left to the command. */
    GPtrArray *partials = g_ptr_array_new();
    gboolean asked_help = FALSE;
    for (int i = first; i < argc; i++) {
        if (is_partial(argv[i]))
            g_ptr_array_add(partials, argv[i]);
        asked_help |= strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0;
    }
    if (partials->len == 0 && !asked_help) {
        g_ptr_array_free(partials, TRUE);
        for (int i = first; i < argc; i++) {
            if (argv[i][0] != '-' && g_file_test(argv[i], G_FILE_TEST_EXISTS)) {
                tifa_error("%s is not a tifa partial (write one with --partial FILE)",
                           argv[i]);
                return EXIT_USAGE;
            }
            if (g_str_has_suffix(argv[i], ".partial")) {
                tifa_error("cannot read the partial %s: no such file", argv[i]);
                return EXIT_USAGE;
            }
        }
        tifa_error("merge needs partial results: tifa merge [COMMAND] PARTIAL… (see tifa "
                   "merge --help)");
        return EXIT_USAGE;
    }
    g_ptr_array_add(partials, NULL);
    /* The command sees "NAME OPTION… PARTIAL…", as if run on a corpus. */
    char **args = g_new0(char *, (gsize)argc + 2);
    int n = 0;
    args[n++] = (char *)name;
    for (int i = first; i < argc; i++)
        args[n++] = argv[i];
    cli_set_merge((char **)partials->pdata);
    int status = run(n, args);
    cli_set_merge(NULL);
    g_free(args);
    g_ptr_array_free(partials, TRUE);
    return status;
}
