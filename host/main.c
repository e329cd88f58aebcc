/*
 * main.c - the command line: `tifa COMMAND [OPTIONS] [ARGS]`.
 *
 * Only dispatch lives here; each command is in its cmd-*.c file.
 */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#ifdef HAVE_MIMALLOC
#include <mimalloc.h>
#endif

#include "tifa.h"

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command_entry;

static const command_entry commands[] = {
    { "report", cmd_report, "count formulations, slogans and officials over a corpus" },
    { "matches", cmd_matches, "print every hit with its document, offsets and detail" },
    { "kwic", cmd_kwic, "show a key or a pattern in context" },
    { "trend", cmd_trend, "a time series per key: by year, quarter, month, half-month, week or day" },
    { "diff", cmd_diff, "compare two documents, sets or periods, with keyness (G2)" },
    { "discover", cmd_discover, "candidates for new formulations and slogans, emerging first" },
    { "officials", cmd_officials, "people with their titles over time, and who appears with whom" },
    { "plugins", cmd_plugins, "list the loaded plugins and rule packs" },
    { "rules", cmd_rules, "check or list rule packs" },
    { "merge", cmd_merge, "combine partial results (--partial) into one report, trend, diff…" },
    { "map", cmd_map, "Hadoop/Spark streaming: JSON Lines documents in, key/value counts out" },
    { "reduce", cmd_reduce, "Hadoop/Spark streaming: sorted key/value counts in, the report out" },
    { "import", cmd_import, "turn a quanteda, LIWC or word-list dictionary into a rule pack" },
    { "new-plugin", cmd_new_plugin, "write a complete out-of-tree plugin project" },
};

static void
usage(FILE *f)
{
    fprintf(f, "Usage: tifa COMMAND [OPTION…] [ARG…]\n\n"
               "Find and count formulations (提法), slogans and officials in Chinese\n"
               "political text.\n\nCommands:\n");
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\n'tifa COMMAND --help' describes a command.  'tifa report' with no path\n"
               "counts the bundled corpus.  Exit status: 0 all input counted, 1 some input\n"
               "skipped (see the warnings), 2 usage error.\n");
}

/* SIGINT/SIGTERM/SIGHUP: remove half-written output files, so that the previous
 * file stays as it was, and say so. */
static void
on_signal(int sig)
{
    int removed = util_remove_pending_outputs();
    static const char msg[] = "tifa: interrupted; output files were not changed\n";
    static const char msg_none[] = "tifa: interrupted\n";
    /* A progress line may be on the terminal, or ^C after the prompt. */
    if (isatty(STDERR_FILENO)) {
        ssize_t w = write(STDERR_FILENO, "\r\033[K", 4);
        (void)w;
    }
    if (removed > 0) {
        ssize_t w = write(STDERR_FILENO, msg, sizeof msg - 1);
        (void)w;
    } else {
        ssize_t w = write(STDERR_FILENO, msg_none, sizeof msg_none - 1);
        (void)w;
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

int
main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    g_set_prgname("tifa");
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGHUP, on_signal);   /* a closed terminal: the same, not a .tmp file left */
    signal(SIGPIPE, SIG_IGN);
    /* A file-size limit (ulimit -f) makes writes fail with EFBIG, reported
     * like a full disk, instead of killing the process mid-file. */
    signal(SIGXFSZ, SIG_IGN);
    crash_handlers_install();

    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        if (argc > 2 && strcmp(name, "help") == 0) {
            char *help_argv[] = { argv[2], (char *)"--help", NULL };
            for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
                if (strcmp(commands[i].name, argv[2]) == 0) {
                    int status = commands[i].run(2, help_argv);
                    cli_opts_free();
                    return status;
                }
            tifa_error("no command is called '%s' (see tifa --help)", argv[2]);
            return EXIT_USAGE;
        }
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
        printf("tifa %s (plugin ABI %u, PCRE2 %d.%d", PACKAGE_VERSION, TIFA_PLUGIN_ABI,
               PCRE2_MAJOR, PCRE2_MINOR);
#ifdef HAVE_MIMALLOC
        /* The allocator in use, as mimalloc numbers itself: 209 is 2.0.9. */
        int mi = mi_version();
        printf(", mimalloc %d.%d.%d", mi / 100, mi / 10 % 10, mi % 10);
#endif
        printf(")\n");
        return EXIT_OK;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
        if (strcmp(commands[i].name, name) == 0) {
            int status = commands[i].run(argc - 1, argv + 1);
            cli_opts_free();
            return status;
        }
    if (name[0] == '-') {
        /* tifa -p formulations report: options belong to a command. */
        tifa_error("'%s' comes after the command: tifa COMMAND [OPTION…] (e.g. tifa report %s …; "
                   "see tifa --help)",
                   name, name);
        return EXIT_USAGE;
    }
    tifa_error("unknown command '%s' (see tifa --help)", name);
    return EXIT_USAGE;
}
