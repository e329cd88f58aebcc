/* Unit tests of loader.c with the deliberately broken plugins built in
 * tests/plugins/: each must be refused with one sentence naming the file. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "tifa.h"

static const char *plugin_dir;

static char *
so(const char *name)
{
    return g_strdup_printf("%s/%s.so", plugin_dir, name);
}

static void
expect_refused(const char *name, const char *message)
{
    char *file = so(name);
    GError *error = NULL;
    plugin *p = loader_open(file, &error);
    g_assert_null(p);
    g_assert_error(error, TIFA_ERROR, TIFA_ERROR_PLUGIN);
    /* FILE in the expected message stands for the plugin's path. */
    GString *exp = g_string_new(message);
    g_string_replace(exp, "FILE", file, 0);
    char *expected = g_string_free(exp, FALSE);
    if (strcmp(error->message, expected) != 0)
        g_error("for %s expected\n  %s\ngot\n  %s", name, expected, error->message);
    g_free(expected);
    g_error_free(error);
    g_free(file);
}

static void
test_wrong_abi(void)
{
    expect_refused("wrong-abi", "plugin FILE was built for plugin ABI 999, this tifa speaks "
                                "ABI 1: rebuild it against this tifa's header "
                                "(pkg-config --cflags tifa)");
}

static void
test_no_symbol(void)
{
    expect_refused("no-symbol", "FILE is not a tifa plugin (it exports no tifa_plugin_get "
                                "function); remove it from the plugin directory");
}

static void
test_no_scan(void)
{
    expect_refused("no-scan", "plugin FILE (no-scan) lacks its scan callback, which is required");
}

static void
test_not_elf(void)
{
    char *dir = g_dir_make_tmp("tifa-test-loader-XXXXXX", NULL);
    char *file = g_build_filename(dir, "notes.so", NULL);
    g_file_set_contents(file, "这不是一个插件\n", -1, NULL);
    GError *error = NULL;
    g_assert_null(loader_open(file, &error));
    g_assert_error(error, TIFA_ERROR, TIFA_ERROR_PLUGIN);
    char *prefix = g_strdup_printf("cannot load plugin %s: ", file);
    g_assert_true(g_str_has_prefix(error->message, prefix));
    g_free(prefix);
    g_error_free(error);
    g_unlink(file);
    g_rmdir(dir);
    g_free(file);
    g_free(dir);
}

static void
test_good_plugin(void)
{
    char *file = so("echo");
    GError *error = NULL;
    plugin *p = loader_open(file, &error);
    g_assert_no_error(error);
    g_assert_nonnull(p);
    g_assert_cmpstr(p->name, ==, "echo");
    g_assert_cmpstr(p->desc->version, ==, "1.0");
    g_assert_cmpuint(p->desc->abi, ==, TIFA_PLUGIN_ABI);
    loader_unload(p);
    g_free(file);
}

/* A directory with the failing plugin and the good one: the failing one
 * is skipped (with a warning), the good one is started with its option. */
static void
test_load_all(void)
{
    char *dir = g_dir_make_tmp("tifa-test-loader-XXXXXX", NULL);
    const char *names[] = { "failing-init", "echo" };
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        char *target = so(names[i]);
        char *link = g_strdup_printf("%s/%s.so", dir, names[i]);
        g_assert_cmpint(symlink(target, link), ==, 0);
        g_free(target);
        g_free(link);
    }
    plugin_path path = { g_ptr_array_new(), NULL,
                         g_hash_table_new(g_str_hash, g_str_equal) };
    g_ptr_array_add(path.dirs, dir);
    g_hash_table_insert(path.options, "echo.category", "quote-mark");
    GHashTable *packs = g_hash_table_new(g_str_hash, g_str_equal);
    unsigned warnings = tifa_warning_count();
    GError *error = NULL;
    GPtrArray *plugins = loader_load_all(&path, packs, NULL, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(tifa_warning_count(), ==, warnings + 1);
    g_assert_cmpuint(plugins->len, ==, 1);
    plugin *p = plugins->pdata[0];
    g_assert_cmpstr(p->name, ==, "echo");
    g_assert_true(p->started);
    g_assert_cmpstr(p->host.option(&p->host, "category"), ==, "quote-mark");
    loader_unload(p);
    g_ptr_array_free(plugins, TRUE);

    /* Asking for a plugin that does not exist is a usage error. */
    path.only = g_ptr_array_new();
    g_ptr_array_add(path.only, "nonesuch");
    plugins = loader_load_all(&path, packs, NULL, &error);
    g_assert_null(plugins);
    g_assert_error(error, TIFA_ERROR, TIFA_ERROR_USAGE);
    g_assert_cmpstr(error->message, ==, "no plugin or rule pack named 'nonesuch' (see 'tifa plugins')");
    g_error_free(error);

    g_ptr_array_free(path.only, TRUE);
    g_hash_table_destroy(path.options);
    g_hash_table_destroy(packs);
    g_ptr_array_free(path.dirs, TRUE);
    char *cmd = g_strdup_printf("rm -rf '%s'", dir);
    g_assert_cmpint(system(cmd), ==, 0);
    g_free(cmd);
    g_free(dir);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    plugin_dir = g_getenv("TIFA_TEST_PLUGINS");
    if (!plugin_dir) {
        printf("1..0 # SKIP TIFA_TEST_PLUGINS is not set (run through make check)\n");
        return 0;
    }
    g_test_add_func("/loader/wrong-abi", test_wrong_abi);
    g_test_add_func("/loader/no-symbol", test_no_symbol);
    g_test_add_func("/loader/no-scan", test_no_scan);
    g_test_add_func("/loader/not-elf", test_not_elf);
    g_test_add_func("/loader/good-plugin", test_good_plugin);
    g_test_add_func("/loader/load-all", test_load_all);
    return g_test_run();
}
