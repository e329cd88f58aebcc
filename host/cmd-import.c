/*
 * cmd-import.c - `tifa import`: a researcher's dictionary (quanteda YAML,
 * LIWC .dic, a word list) written out as a rule pack, to keep, edit and
 * load with --rules.  The conversion itself is dictionary.c's, shared with
 * packs that tifa reads straight from a dictionary (docs/dictionaries.md).
 */
#include "config.h"

#include <string.h>

#include "tifa.h"

typedef struct {
    char *format;
    char *pack;
    char *key;
    char *category;
    char *output;
    gboolean quiet;
} import_opts;

static void
import_opts_clear(import_opts *o)
{
    g_free(o->format);
    g_free(o->pack);
    g_free(o->key);
    g_free(o->category);
    g_free(o->output);
}

/* Check the options that the parser cannot: one sentence each. */
static gboolean
check_options(const import_opts *o, const char *format, gboolean *key_category)
{
    if (format && strcmp(format, "quanteda") != 0 && strcmp(format, "liwc") != 0 &&
        strcmp(format, "words") != 0) {
        tifa_error("unknown --format '%s': use quanteda, liwc or words", format);
        return FALSE;
    }
    *key_category = FALSE;
    if (o->key && strcmp(o->key, "category") == 0)
        *key_category = TRUE;
    else if (o->key && strcmp(o->key, "entry") != 0) {
        tifa_error("unknown --key '%s': use entry (each entry counts as its own key) or "
                   "category (each category counts as one key)", o->key);
        return FALSE;
    }
    if (o->pack && (!*o->pack || strpbrk(o->pack, " \t/"))) {
        tifa_error("--pack '%s' must be one word, without spaces or '/'", o->pack);
        return FALSE;
    }
    if (o->category && format && strcmp(format, "words") != 0) {
        tifa_error("--category names the category of a word list (--format words); a %s "
                   "dictionary names its own categories", format);
        return FALSE;
    }
    return TRUE;
}

/* Write the pack whole or not at all. */
static gboolean
write_output(const char *path, const char *text)
{
    GError *error = NULL;
    outfile *out = outfile_open(path, &error);
    if (!out) {
        tifa_error("%s", error->message);
        g_error_free(error);
        return FALSE;
    }
    fputs(text, outfile_stream(out));
    if (!outfile_commit(out, &error)) {
        tifa_error("%s", error->message);
        g_error_free(error);
        return FALSE;
    }
    return TRUE;
}

int
cmd_import(int argc, char **argv)
{
    import_opts o = { 0 };
    GOptionEntry entries[] = {
        { "format", 'f', 0, G_OPTION_ARG_STRING, &o.format,
          "Dictionary format: quanteda (YAML), liwc (.dic) or words (one entry a line); "
          "default: by the extension (.yml/.yaml, .dic, anything else)", "FORMAT" },
        { "pack", 0, 0, G_OPTION_ARG_STRING, &o.pack,
          "Name of the pack (default: the dictionary's file name without extension)",
          "NAME" },
        { "key", 0, 0, G_OPTION_ARG_STRING, &o.key,
          "What a hit counts under: entry (the entry as written, default) or category "
          "(the category: one rule a category)", "entry|category" },
        { "category", 0, 0, G_OPTION_ARG_STRING, &o.category,
          "Category of a word list (default: the file name without extension)", "NAME" },
        { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o.output,
          "Write the pack to FILE (whole or not at all) instead of standard output", "FILE" },
        { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o.quiet, "Print no notes", NULL },
        { NULL },
    };
    GOptionContext *ctx = cli_context(
        "import", "DICTIONARY",
        "Convert a dictionary into a rule pack that keeps its categories and hierarchy\n"
        "(politics.loyalty): a quanteda YAML dictionary, a LIWC .dic file or a word list.\n"
        "Entries match the raw text; * is at most four Han characters in a Chinese entry.\n"
        "tifa also reads .yml, .yaml and .dic files as rule packs directly (--rules).\n"
        "See docs/dictionaries.md.");
    g_option_context_add_main_entries(ctx, entries, NULL);
    gboolean ok = cli_parse(ctx, &argc, &argv);
    g_option_context_free(ctx);
    if (!ok) {
        import_opts_clear(&o);
        return EXIT_USAGE;
    }
    tifa_quiet = o.quiet;
    if (argc != 2) {
        tifa_error("import needs one dictionary file (see tifa import --help)");
        import_opts_clear(&o);
        return EXIT_USAGE;
    }
    const char *path = argv[1];
    const char *format = o.format ? o.format : dictionary_format_of(path);
    gboolean key_category;
    if (!check_options(&o, format, &key_category)) {
        import_opts_clear(&o);
        return EXIT_USAGE;
    }

    char *bytes = NULL;
    gsize len = 0;
    GError *error = NULL;
    if (!g_file_get_contents(path, &bytes, &len, &error)) {
        tifa_error("cannot read the dictionary: %s", error->message);
        g_error_free(error);
        import_opts_clear(&o);
        return EXIT_USAGE;
    }
    GPtrArray *diagnostics = g_ptr_array_new_with_free_func(g_free);
    char *text = dictionary_convert(path, bytes, len, format, o.pack, key_category, o.category,
                                    diagnostics);
    g_free(bytes);
    int status = EXIT_USAGE;
    if (text) {
        /* Parse what we wrote as `tifa rules check` would, so that a pack
         * tifa cannot load is never written. */
        rulepack *pack = rulepack_parse(path, text, strlen(text), diagnostics);
        if (!pack) {
            tifa_error("internal error: the pack converted from %s does not load; please "
                       "report it with the dictionary", path);
        } else {
            if (write_output(o.output, text)) {
                status = EXIT_OK;
                tifa_note("pack '%s': %u rules from %s", pack->name, pack->rules->len, path);
            }
            rulepack_free(pack);
        }
        g_free(text);
    }
    for (guint i = 0; i < diagnostics->len; i++)
        tifa_error("%s", (const char *)diagnostics->pdata[i]);
    g_ptr_array_free(diagnostics, TRUE);
    import_opts_clear(&o);
    return status;
}
