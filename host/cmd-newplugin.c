/*
 * cmd-newplugin.c - `tifa new-plugin NAME [DIR]`: a complete out-of-tree
 * plugin project.
 *
 * The project builds against the installed tifa through pkg-config and
 * works as written: NAME.c claims the rule pack NAME.rules and emits one
 * result per hit; the Makefile builds NAME.so, installs it and its pack
 * where tifa looks (honouring DESTDIR), and `make check` runs tifa with the
 * plugin on a sample text and compares the output with an expected file.
 * The author then replaces the loop in NAME.c with real logic.
 *
 * The files are templates below, with @NAME@ (the plugin's name) and
 * @VERSION@ (this tifa's version) filled in.  The plugin's C identifiers do
 * not depend on NAME (they are all static), so any valid NAME gives valid C.
 * Nothing is written into a directory that already holds files.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>

#include "tifa.h"

/* The loader accepts names of at most this many bytes (loader.c). */
#define MAX_NAME_LEN 64

/* Names of the plugins that come with tifa: a new plugin with one of them
 * would be shadowed by, or on `make install` overwrite, the bundled one. */
static const char *const bundled_plugins[] = { "formulations", "phrases", "officials",
                                               "bundle", NULL };

/* ---- the templates ---- */

static const char plugin_template[] =
    "/*\n"
    " * @NAME@.c - a detector plugin for tifa,\n"
    " * written by `tifa new-plugin` (tifa @VERSION@).\n"
    " *\n"
    " * The plugin claims the rule pack @NAME@ (@NAME@.rules): tifa matches\n"
    " * the pack's rules on every document and hands this plugin the hits, in\n"
    " * document order.  As written, it emits one result per hit, under the\n"
    " * rule's category and key, labelled with the year the formulation was\n"
    " * first put forward (the rule's `first:`).\n"
    " *\n"
    " * Your logic goes in plugin_scan(): join neighbouring hits, drop false\n"
    " * ones, read doc->text around them, count something the rules cannot say.\n"
    " * The contract is <tifa/plugin.h>; docs/writing-plugins.md in tifa's\n"
    " * sources walks through it.\n"
    " *\n"
    " * Setting: --option @NAME@.labels=no leaves the labels out.\n"
    " */\n"
    "#include <string.h>\n"
    "\n"
    "#include <tifa/plugin.h>\n"
    "\n"
    "/* What init() prepares once and scan() only reads.  scan() runs on several\n"
    " * threads at once with this same state: never write to it there. */\n"
    "typedef struct {\n"
    "    size_t n_rules;\n"
    "    char **since;            /* per rule index: \"since YEAR\", or NULL */\n"
    "    gboolean with_labels;    /* --option @NAME@.labels=yes|no */\n"
    "} plugin_state;\n"
    "\n"
    "static GQuark\n"
    "plugin_error_quark(void)\n"
    "{\n"
    "    return g_quark_from_static_string(\"@NAME@-plugin\");\n"
    "}\n"
    "\n"
    "/* Free what init() returned.  tifa calls it once, on the main thread,\n"
    " * after the last scan(). */\n"
    "static void\n"
    "plugin_free(void *state)\n"
    "{\n"
    "    plugin_state *s = state;\n"
    "    if (!s)\n"
    "        return;\n"
    "    for (size_t i = 0; i < s->n_rules; i++)\n"
    "        g_free(s->since[i]);\n"
    "    g_free(s->since);\n"
    "    g_free(s);\n"
    "}\n"
    "\n"
    "/* Prepare the state: per-rule data indexed by rules[i]->index, and the\n"
    " * settings.  Refuse to start (NULL and an error) when something scan()\n"
    " * relies on is wrong; the message should say what to write instead. */\n"
    "static void *\n"
    "plugin_init(const tifa_host *host, const tifa_rule *const *rules, size_t n_rules,\n"
    "            GError **error)\n"
    "{\n"
    "    const char *labels = host->option(host, \"labels\");\n"
    "    if (labels && strcmp(labels, \"yes\") != 0 && strcmp(labels, \"no\") != 0) {\n"
    "        g_set_error(error, plugin_error_quark(), 1,\n"
    "                    \"--option @NAME@.labels takes yes or no, not '%s'\", labels);\n"
    "        return NULL;\n"
    "    }\n"
    "    plugin_state *s = g_new0(plugin_state, 1);\n"
    "    s->with_labels = !labels || strcmp(labels, \"yes\") == 0;\n"
    "    s->n_rules = n_rules;\n"
    "    s->since = g_new0(char *, n_rules + 1);\n"
    "    for (size_t i = 0; i < n_rules; i++)\n"
    "        if (rules[i]->first_year > 0)\n"
    "            s->since[i] = g_strdup_printf(\"since %d\", rules[i]->first_year);\n"
    "    return s;\n"
    "}\n"
    "\n"
    "/* Interpret the hits of one document (sorted by start) and emit results.\n"
    " * Offsets are bytes of doc->text, the normalised text the rules saw;\n"
    " * tifa maps them back to the original document.  Keep per-document\n"
    " * memory local, and return FALSE with the error when emit() fails. */\n"
    "static gboolean\n"
    "plugin_scan(void *state, const tifa_doc *doc, const tifa_hit *hits, size_t n_hits,\n"
    "            const tifa_sink *sink, GError **error)\n"
    "{\n"
    "    const plugin_state *s = state;\n"
    "    (void)doc;   /* doc->text, doc->len: read the text around a hit here */\n"
    "    for (size_t i = 0; i < n_hits; i++) {\n"
    "        const tifa_hit *h = &hits[i];\n"
    "        /* Real logic goes here: decide whether this hit counts, under which\n"
    "         * key (h->key is the rule's key, or the matched text), with which\n"
    "         * labels, over which span. */\n"
    "        const char *since = s->since[h->rule->index];\n"
    "        const char *labels[1] = { since };\n"
    "        size_t n_labels = since && s->with_labels ? 1 : 0;\n"
    "        /* tifa copies the key and labels: they may be scratch memory. */\n"
    "        if (!tifa_emit(sink, h->rule->category, h->key, h->start, h->end, labels,\n"
    "                       n_labels, error))\n"
    "            return FALSE;\n"
    "    }\n"
    "    return TRUE;\n"
    "}\n"
    "\n"
    "static const char *const packs[] = { \"@NAME@\", NULL };\n"
    "\n"
    "static const tifa_plugin descriptor = {\n"
    "    .abi = TIFA_PLUGIN_ABI,\n"
    "    .size = sizeof(tifa_plugin),\n"
    "    .name = \"@NAME@\",\n"
    "    .version = \"0.1\",\n"
    "    .description = \"@NAME@: one result per hit of its rule pack\",\n"
    "    .rule_packs = packs,\n"
    "    .init = plugin_init,\n"
    "    .scan = plugin_scan,\n"
    "    .free = plugin_free,\n"
    "};\n"
    "\n"
    "TIFA_PLUGIN_DEFINE(descriptor)\n";

static const char rules_template[] =
    "# @NAME@.rules - the rule pack of the @NAME@ plugin.\n"
    "#\n"
    "# Records are separated by blank lines; each line is `field: value`.  Add a\n"
    "# rule per formulation: `literal:` for a fixed spelling (repeat it for\n"
    "# several), or one `pattern:` (PCRE2); `key:` is what the hits count under.\n"
    "# Check the pack with `tifa rules check @NAME@.rules`.  The text rules see is\n"
    "# normalised: full-width letters and digits are half-width, every quotation\n"
    "# mark is “ or ”.\n"
    "pack: @NAME@\n"
    "description: the rules of the @NAME@ plugin\n"
    "category: formulation\n"
    "\n"
    "id: sige-yishi\n"
    "literal: 四个意识\n"
    "key: 四个意识\n"
    "first: 2016\n"
    "description: 政治意识、大局意识、核心意识、看齐意识\n"
    "source: 中央政治局会议 (2016-01)\n";

static const char makefile_template[] =
    "# Makefile - build, test and install the tifa plugin @NAME@.\n"
    "#\n"
    "#   make                build the plugin against the installed tifa (pkg-config tifa)\n"
    "#   make check          run tifa with the plugin on tests/sample.txt and compare\n"
    "#                       its output with tests/expected.tsv\n"
    "#   make install        install the plugin and its rule pack where tifa finds them\n"
    "#                       (pkg-config's plugindir and rulesdir; DESTDIR honoured)\n"
    "#   make uninstall      remove them again\n"
    "#   make clean          remove what make built\n"
    "#\n"
    "# Variables: CC (default cc), CFLAGS, CPPFLAGS, LDFLAGS, DESTDIR,\n"
    "# PKG_CONFIG (default pkg-config; PKG_CONFIG_PATH finds a tifa installed\n"
    "# elsewhere), TIFA (the tifa program make check runs, default tifa).\n"
    "\n"
    "PKG_CONFIG ?= pkg-config\n"
    "TIFA ?= tifa\n"
    "INSTALL ?= install\n"
    "CFLAGS ?= -O2 -g -Wall -Wextra\n"
    "# Position-independent, and only tifa_plugin_get exported.\n"
    "PLUGIN_CFLAGS = -fPIC -fvisibility=hidden\n"
    "PLUGIN_LDFLAGS = -shared\n"
    "\n"
    "all: @NAME@.so\n"
    "\n"
    "@NAME@.so: @NAME@.c\n"
    "\t@$(PKG_CONFIG) --exists tifa || { echo \"@NAME@: pkg-config cannot find tifa: \\\n"
    "install tifa, or set PKG_CONFIG_PATH to the directory of its tifa.pc\" >&2; exit 1; }\n"
    "\t$(CC) $(CPPFLAGS) $(CFLAGS) $(PLUGIN_CFLAGS) `$(PKG_CONFIG) --cflags tifa` \\\n"
    "\t    -o $@ @NAME@.c $(LDFLAGS) $(PLUGIN_LDFLAGS) `$(PKG_CONFIG) --libs tifa`\n"
    "\n"
    "# Only this directory's plugin and pack: TIFA_NO_INSTALLED and the empty\n"
    "# paths keep an installed copy of @NAME@ out of the test.\n"
    "check: @NAME@.so\n"
    "\tTIFA_NO_INSTALLED=1 TIFA_PLUGIN_PATH= TIFA_RULES_PATH= \\\n"
    "\t    $(TIFA) matches --plugin-dir . --rules @NAME@.rules --plugin @NAME@ \\\n"
    "\t    tests/sample.txt >tests/actual.tsv\n"
    "\tdiff -u tests/expected.tsv tests/actual.tsv\n"
    "\t@echo \"check: @NAME@ found what tests/expected.tsv says\"\n"
    "\n"
    "install: @NAME@.so\n"
    "\tplugindir=`$(PKG_CONFIG) --variable=plugindir tifa` && \\\n"
    "\trulesdir=`$(PKG_CONFIG) --variable=rulesdir tifa` && \\\n"
    "\ttest -n \"$$plugindir\" && test -n \"$$rulesdir\" && \\\n"
    "\t$(INSTALL) -d \"$(DESTDIR)$$plugindir\" \"$(DESTDIR)$$rulesdir\" && \\\n"
    "\t$(INSTALL) -m 644 @NAME@.so \"$(DESTDIR)$$plugindir/@NAME@.so\" && \\\n"
    "\t$(INSTALL) -m 644 @NAME@.rules \"$(DESTDIR)$$rulesdir/@NAME@.rules\"\n"
    "\n"
    "uninstall:\n"
    "\tplugindir=`$(PKG_CONFIG) --variable=plugindir tifa` && \\\n"
    "\trulesdir=`$(PKG_CONFIG) --variable=rulesdir tifa` && \\\n"
    "\ttest -n \"$$plugindir\" && test -n \"$$rulesdir\" && \\\n"
    "\trm -f \"$(DESTDIR)$$plugindir/@NAME@.so\" \"$(DESTDIR)$$rulesdir/@NAME@.rules\"\n"
    "\n"
    "clean:\n"
    "\trm -f @NAME@.so tests/actual.tsv\n"
    "\n"
    ".PHONY: all check install uninstall clean\n";

/* The sample and what tifa prints for it: 四个意识 starts at bytes 51 and
 * 100 of the sample (grep -ob 四个意识 tests/sample.txt); the second is
 * inside 「」, which the rules see as “”. */
static const char sample_template[] =
    "各级党组织要教育引导党员干部增强“四个意识”，坚定“四个自信”。\n"
    "「四个意识」是政治意识、大局意识、核心意识、看齐意识。\n";

static const char expected_template[] =
    "doc\tdate\tplugin\tcategory\tkey\ttext\tstart\tend\tdetail\n"
    "tests/sample.txt\t\t@NAME@\tformulation\t四个意识\t四个意识\t51\t63\tsince 2016\n"
    "tests/sample.txt\t\t@NAME@\tformulation\t四个意识\t四个意识\t100\t112\tsince 2016\n";

static const char gitignore_template[] =
    "@NAME@.so\n"
    "tests/actual.tsv\n";

static const char readme_template[] =
    "# @NAME@ — a detector plugin for tifa\n"
    "\n"
    "Written by `tifa new-plugin @NAME@` (tifa @VERSION@).  It builds and loads as\n"
    "it is; then make it yours.\n"
    "\n"
    "| file | what it is |\n"
    "|---|---|\n"
    "| `@NAME@.c` | the plugin: claims the pack `@NAME@`, emits one result per hit |\n"
    "| `@NAME@.rules` | its rule pack: one rule, 四个意识 |\n"
    "| `Makefile` | `make`, `make check`, `make install`, `make uninstall`, `make clean` |\n"
    "| `tests/sample.txt` | a small text the test runs on |\n"
    "| `tests/expected.tsv` | what `tifa matches` must print for it |\n"
    "\n"
    "## Build, test, install\n"
    "\n"
    "You need tifa installed (its `tifa.pc` on pkg-config's path), a C compiler\n"
    "and make.\n"
    "\n"
    "```sh\n"
    "make                  # builds @NAME@.so with `pkg-config --cflags --libs tifa`\n"
    "make check            # runs tifa on tests/sample.txt, compares with tests/expected.tsv\n"
    "make install          # into $(pkg-config --variable=plugindir tifa) and rulesdir\n"
    "tifa plugins          # @NAME@ is listed\n"
    "tifa matches --plugin @NAME@ some.txt\n"
    "```\n"
    "\n"
    "`make install DESTDIR=/tmp/stage` stages the install (for a package);\n"
    "`PKG_CONFIG_PATH=/opt/tifa/lib/pkgconfig make` builds against a tifa\n"
    "installed elsewhere; `make check TIFA=/opt/tifa/bin/tifa` tests with it.\n"
    "\n"
    "Without installing, point tifa at this directory:\n"
    "\n"
    "```sh\n"
    "tifa matches --plugin-dir . --rules @NAME@.rules --plugin @NAME@ tests/sample.txt\n"
    "```\n"
    "\n"
    "## Make it yours\n"
    "\n"
    "- Rules first: add formulations to `@NAME@.rules` (`literal:` spellings or a\n"
    "  PCRE2 `pattern:`, and the `key:` they count under).  `tifa rules check\n"
    "  @NAME@.rules` finds mistakes.  Rules alone need no C: what the plugin adds\n"
    "  is judgement over the hits.\n"
    "- Then the logic: `plugin_scan()` in `@NAME@.c` gets the hits of one\n"
    "  document, sorted by offset, and the document's text; emit what you want\n"
    "  counted with `tifa_emit()` (category, key, span, labels).\n"
    "- Per-rule data and settings belong in `plugin_init()`; `--option\n"
    "  @NAME@.labels=no` shows how a setting reaches the plugin.\n"
    "- Update `tests/sample.txt` and `tests/expected.tsv` with text that shows\n"
    "  what the plugin must find.  Check every offset by reading: `grep -ob\n"
    "  WORD tests/sample.txt` prints the byte offsets tifa uses.\n"
    "\n"
    "## The rules of the contract\n"
    "\n"
    "- `scan()` runs on several threads at once with the same state: treat the\n"
    "  state as read-only there and keep per-document memory local.\n"
    "- Never exit, abort or print: return FALSE with a `GError`, and tifa names\n"
    "  the plugin and the document in the message.\n"
    "- Offsets are bytes of the normalised text; tifa maps them back to the\n"
    "  original document.  Keys and labels must be valid UTF-8; tifa copies them.\n"
    "- The plugin is built for one plugin ABI (`pkg-config --variable=abi tifa`).\n"
    "  A tifa of another ABI refuses the old `@NAME@.so` with a message that says\n"
    "  so: run `make && make install` again.\n"
    "\n"
    "The whole contract is documented in `<tifa/plugin.h>` (in\n"
    "`$(pkg-config --variable=includedir tifa)/tifa/`), and `man tifa` describes\n"
    "the commands.\n";

typedef struct {
    const char *path;        /* relative to the project directory */
    const char *template;
} project_file;

/* ---- writing the project ---- */

/* The template with @NAME@ and @VERSION@ filled in. */
static char *
expand_template(const char *template, const char *name)
{
    const struct {
        const char *placeholder;
        const char *value;
    } fields[] = { { "@NAME@", name }, { "@VERSION@", PACKAGE_VERSION } };
    GString *out = g_string_new(NULL);
    const char *p = template;
    while (*p) {
        gboolean replaced = FALSE;
        for (size_t i = 0; i < G_N_ELEMENTS(fields) && *p == '@' && !replaced; i++) {
            size_t n = strlen(fields[i].placeholder);
            if (strncmp(p, fields[i].placeholder, n) == 0) {
                g_string_append(out, fields[i].value);
                p += n;
                replaced = TRUE;
            }
        }
        if (!replaced)
            g_string_append_c(out, *p++);
    }
    return g_string_free(out, FALSE);
}

/* NULL when `name` can name a plugin, else why not (a static string). */
static const char *
name_problem(const char *name)
{
    if (!*name)
        return "it is empty";
    if (strlen(name) > MAX_NAME_LEN)
        return "it is longer than 64 bytes";
    if (!g_ascii_islower(name[0]))
        return "it must start with a lower-case letter a-z";
    for (const char *c = name; *c; c++)
        if (!g_ascii_islower(*c) && !g_ascii_isdigit(*c) && *c != '-' && *c != '_')
            return "it may contain only lower-case letters a-z, digits, '-' and '_'";
    for (size_t i = 0; bundled_plugins[i]; i++)
        if (strcmp(name, bundled_plugins[i]) == 0)
            return "a plugin of that name comes with tifa, and installing yours would "
                   "replace it";
    return NULL;
}

/* Is `dir` a directory with at least one entry?  FALSE with *error set when
 * it cannot be read. */
static gboolean
dir_has_entries(const char *dir, gboolean *has_entries, GError **error)
{
    GDir *d = g_dir_open(dir, 0, error);
    if (!d)
        return FALSE;
    *has_entries = g_dir_read_name(d) != NULL;
    g_dir_close(d);
    return TRUE;
}

/* Remove what this run created (files, then directories, newest first),
 * so that a failed run leaves nothing half-written behind.  Returns the
 * first path that could not be removed, or NULL. */
static const char *
remove_created(GPtrArray *created)
{
    const char *left = NULL;
    for (guint i = created->len; i-- > 0;)
        if (g_remove(created->pdata[i]) != 0 && !left)
            left = created->pdata[i];
    return left;
}

/* Create `dir` and the parents it lacks, recording those it created. */
static gboolean
make_dirs(const char *dir, GPtrArray *created, GError **error)
{
    if (g_file_test(dir, G_FILE_TEST_IS_DIR))
        return TRUE;
    if (g_file_test(dir, G_FILE_TEST_EXISTS)) {
        g_set_error(error, TIFA_ERROR, TIFA_ERROR_OUTPUT,
                    "cannot create directory %s: a file of that name is in the way", dir);
        return FALSE;
    }
    char *parent = g_path_get_dirname(dir);
    gboolean ok = strcmp(parent, dir) == 0 || make_dirs(parent, created, error);
    g_free(parent);
    if (!ok)
        return FALSE;
    if (g_mkdir(dir, 0755) != 0) {
        int saved = errno;
        g_set_error(error, TIFA_ERROR, TIFA_ERROR_OUTPUT, "cannot create directory %s: %s",
                    dir, g_strerror(saved));
        return FALSE;
    }
    g_ptr_array_add(created, g_strdup(dir));
    return TRUE;
}

static gboolean
write_project(const char *dir, const char *name, GPtrArray *created, GError **error)
{
    char *c_file = g_strconcat(name, ".c", NULL);
    char *rules_file = g_strconcat(name, ".rules", NULL);
    const project_file files[] = {
        { c_file, plugin_template },
        { rules_file, rules_template },
        { "Makefile", makefile_template },
        { "README.md", readme_template },
        { ".gitignore", gitignore_template },
        { "tests/sample.txt", sample_template },
        { "tests/expected.tsv", expected_template },
    };
    gboolean ok = make_dirs(dir, created, error);
    if (ok) {
        char *tests = g_build_filename(dir, "tests", NULL);
        ok = make_dirs(tests, created, error);
        g_free(tests);
    }
    for (size_t i = 0; ok && i < G_N_ELEMENTS(files); i++) {
        char *path = g_build_filename(dir, files[i].path, NULL);
        char *text = expand_template(files[i].template, name);
        GError *err = NULL;
        ok = g_file_set_contents(path, text, -1, &err);
        if (ok) {
            g_ptr_array_add(created, path);
        } else {
            g_set_error(error, TIFA_ERROR, TIFA_ERROR_OUTPUT, "cannot write %s: %s", path,
                        err->message);
            g_error_free(err);
            g_free(path);
        }
        g_free(text);
    }
    g_free(rules_file);
    g_free(c_file);
    return ok;
}

/* May the project go into `dir`?  It may when `dir` does not exist or is
 * an empty directory; otherwise print why not. */
static gboolean
target_usable(const char *dir)
{
    if (!g_file_test(dir, G_FILE_TEST_EXISTS))
        return TRUE;
    if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
        tifa_error("%s exists and is not a directory: give new-plugin a DIR that does not "
                   "exist yet",
                   dir);
        return FALSE;
    }
    gboolean has_entries = FALSE;
    GError *error = NULL;
    if (!dir_has_entries(dir, &has_entries, &error)) {
        tifa_error("cannot read directory %s: %s", dir, error->message);
        g_error_free(error);
        return FALSE;
    }
    if (has_entries) {
        tifa_error("directory %s already exists and is not empty: new-plugin does not "
                   "overwrite files; give it a new or empty DIR",
                   dir);
        return FALSE;
    }
    return TRUE;
}

int
cmd_new_plugin(int argc, char **argv)
{
    GOptionContext *ctx = cli_context(
        "new-plugin", "NAME [DIR]",
        "Write a complete out-of-tree plugin project into DIR (default ./NAME):\n"
        "  NAME.c              a working plugin that claims the rule pack NAME and\n"
        "                      emits one result per hit, with comments where your\n"
        "                      logic goes\n"
        "  NAME.rules          its rule pack, with one rule (四个意识)\n"
        "  Makefile            make (builds NAME.so with pkg-config --cflags --libs\n"
        "                      tifa), make check, make install (plugindir and rulesdir\n"
        "                      of tifa.pc, DESTDIR honoured), make uninstall, make clean\n"
        "  tests/sample.txt    a sample text for make check\n"
        "  tests/expected.tsv  what tifa matches --plugin NAME prints for it\n"
        "  README.md           how to build, test, install and change it\n"
        "NAME starts with a lower-case letter a-z and continues with lower-case\n"
        "letters, digits, '-' and '_' (at most 64 bytes); it names the plugin, its\n"
        "pack and its files, and may not be the name of a plugin that comes with\n"
        "tifa.  DIR must not exist, or be an empty directory.\n"
        "Then: cd DIR && make && make check && make install.");
    g_option_context_set_description(
        ctx, "Exit status: 0 when the project was written; 2 for a usage error (a NAME\n"
             "that cannot name a plugin, a DIR that is not empty) or a file that could\n"
             "not be written, in which case nothing is left behind.");
    gboolean ok = cli_parse(ctx, &argc, &argv);
    g_option_context_free(ctx);
    if (!ok)
        return EXIT_USAGE;
    if (argc < 2 || argc > 3) {
        tifa_error("new-plugin takes a NAME and optionally a DIR, e.g. 'tifa new-plugin "
                   "my-detector' (see tifa new-plugin --help)");
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    const char *why = name_problem(name);
    if (why) {
        tifa_error("'%s' cannot name a plugin: %s; choose another NAME, e.g. 'my-detector'",
                   name, why);
        return EXIT_USAGE;
    }
    char *dir = argc == 3 ? g_strdup(argv[2]) : g_build_filename(".", name, NULL);
    int status = EXIT_USAGE;
    if (target_usable(dir)) {
        GPtrArray *created = g_ptr_array_new_with_free_func(g_free);
        GError *error = NULL;
        if (write_project(dir, name, created, &error)) {
            printf("Wrote the plugin project '%s' in %s:\n"
                   "  %s.c  %s.rules  Makefile  README.md  tests/sample.txt  "
                   "tests/expected.tsv\n"
                   "Next: cd %s && make && make check && make install\n",
                   name, dir, name, name, dir);
            status = fflush(stdout) == 0 ? EXIT_OK : EXIT_USAGE;
        } else {
            const char *left = remove_created(created);
            if (left)
                tifa_error("%s; %s could not be removed: remove it by hand", error->message,
                           left);
            else
                tifa_error("%s; nothing was left behind", error->message);
            g_error_free(error);
        }
        g_ptr_array_free(created, TRUE);
    }
    g_free(dir);
    return status;
}
