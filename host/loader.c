/*
 * loader.c - finding, checking and starting detector plugins.
 *
 * The checks follow the order of include/tifa/plugin.h: the object must
 * open with RTLD_NOW (a missing symbol fails here, not in the middle of a
 * run), export tifa_plugin_get, and return a descriptor whose `abi` field,
 * read before anything else, is ours.  Only then are the other fields read,
 * and only as many bytes of them as the plugin's `size` says it has.
 *
 * Each problem is one sentence naming the file and what to do, and the run
 * goes on without that plugin.
 */
#include "config.h"

#include <dlfcn.h>
#include <stddef.h>
#include <string.h>
#include <glib/gstdio.h>

#include "tifa.h"

/* The smallest descriptor we can use: up to and including `scan`. */
#define DESC_MIN_SIZE (offsetof(tifa_plugin, scan) + sizeof(((tifa_plugin *)0)->scan))

static const char *
host_option(const tifa_host *host, const char *key)
{
    plugin *p = host->host_data;
    /* The keys init() asks for (on the main thread): a --option that no
     * init() asked for is a typo (cli.c says so). */
    if (p->in_init && key)
        g_hash_table_add(p->asked_keys, g_strdup(key));
    return p->options ? g_hash_table_lookup(p->options, key) : NULL;
}

/* tifa_host.lookup_covering: the host's rule wraps the plugin's view of
 * it (pub is its first member). */
static size_t
host_lookup_covering(const tifa_host *host, const tifa_rule *pub, const tifa_doc *doc, size_t at)
{
    (void)host;
    const rule *r = (const rule *)pub;
    if (!r || !r->lookup || !doc)
        return TIFA_UNSET;
    return lexicon_covering(r->lookup, doc->text, doc->len, at);
}

static gboolean
valid_plugin_name(const char *name)
{
    if (!name || !*name || strlen(name) > 64)
        return FALSE;
    for (const char *c = name; *c; c++)
        if (!g_ascii_islower(*c) && !g_ascii_isdigit(*c) && *c != '-' && *c != '_')
            return FALSE;
    return TRUE;
}

plugin *
loader_open(const char *file, GError **error)
{
    dlerror();
    void *handle = dlopen(file, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char *why = dlerror();
        g_set_error(error, TIFA_ERROR, TIFA_ERROR_PLUGIN,
                    "cannot load plugin %s: %s", file, why ? why : "unknown reason");
        return NULL;
    }
    typedef const tifa_plugin *(*get_fn)(void);
    get_fn get;
    *(void **)&get = dlsym(handle, TIFA_PLUGIN_SYMBOL);
    if (!get) {
        g_set_error(error, TIFA_ERROR, TIFA_ERROR_PLUGIN,
                    "%s is not a tifa plugin (it exports no %s function); remove it from "
                    "the plugin directory",
                    file, TIFA_PLUGIN_SYMBOL);
        dlclose(handle);
        return NULL;
    }
    const tifa_plugin *desc = get();
    if (!desc) {
        g_set_error(error, TIFA_ERROR, TIFA_ERROR_PLUGIN,
                    "plugin %s returned no descriptor from %s", file, TIFA_PLUGIN_SYMBOL);
        dlclose(handle);
        return NULL;
    }
    /* The ABI number first: nothing else may be read from a foreign ABI. */
    if (desc->abi != TIFA_PLUGIN_ABI) {
        g_set_error(error, TIFA_ERROR, TIFA_ERROR_PLUGIN,
                    "plugin %s was built for plugin ABI %u, this tifa speaks ABI %u: rebuild "
                    "it against this tifa's header (pkg-config --cflags tifa)",
                    file, desc->abi, TIFA_PLUGIN_ABI);
        dlclose(handle);
        return NULL;
    }
    if (desc->size < DESC_MIN_SIZE) {
        g_set_error(error, TIFA_ERROR, TIFA_ERROR_PLUGIN,
                    "plugin %s has a descriptor of %u bytes, too small for ABI %u "
                    "(at least %zu): rebuild it",
                    file, desc->size, TIFA_PLUGIN_ABI, (size_t)DESC_MIN_SIZE);
        dlclose(handle);
        return NULL;
    }
    plugin *p = g_new0(plugin, 1);
    /* Copy what the plugin has, zero what an older plugin does not know. */
    tifa_plugin *copy = g_new0(tifa_plugin, 1);
    memcpy(copy, desc, MIN((size_t)desc->size, sizeof(tifa_plugin)));
    p->desc = copy;
    p->handle = handle;
    p->file = g_strdup(file);
    if (!valid_plugin_name(copy->name)) {
        g_set_error(error, TIFA_ERROR, TIFA_ERROR_PLUGIN,
                    "plugin %s has no valid name (lower-case letters, digits, '-' and '_')",
                    file);
        loader_unload(p);
        return NULL;
    }
    if (!copy->init || !copy->scan) {
        g_set_error(error, TIFA_ERROR, TIFA_ERROR_PLUGIN,
                    "plugin %s (%s) lacks its %s callback, which is required", file,
                    copy->name, copy->init ? "scan" : "init");
        loader_unload(p);
        return NULL;
    }
    p->name = g_strdup(copy->name);
    return p;
}

void
loader_unload(plugin *p)
{
    if (!p)
        return;
    if (p->started && p->desc && p->desc->free) {
        crash_context(p->name, p->file, NULL);
        p->desc->free(p->state);
        crash_context(NULL, NULL, NULL);
    }
    if (p->handle)
        dlclose(p->handle);
    g_free((tifa_plugin *)p->desc);
    if (p->packs)
        g_ptr_array_free(p->packs, TRUE);
    if (p->rules)
        g_ptr_array_free(p->rules, TRUE);
    if (p->asked_keys)
        g_hash_table_destroy(p->asked_keys);
    if (p->options)
        g_hash_table_destroy(p->options);   /* keys and values are the run's */
    g_free(p->name);
    g_free(p->file);
    g_free(p);
}

plugin *
loader_stub(const char *name)
{
    plugin *p = g_new0(plugin, 1);
    p->name = g_strdup(name);
    p->file = g_strdup("(read from partials)");
    p->packs = g_ptr_array_new();
    p->rules = g_ptr_array_new();
    p->generic = TRUE;
    return p;
}

const char *
plugin_description(const plugin *p)
{
    if (p->desc)
        return p->desc->description ? p->desc->description : "";
    if (p->packs->len == 0)
        return "";
    const rulepack *pack = p->packs->pdata[0];
    return pack->description ? pack->description : "rules of a pack, counted as they match";
}

static gint
compare_strings(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The shared objects of a directory, sorted by name. */
static GPtrArray *
list_plugin_files(const char *dir)
{
    GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
    GDir *d = g_dir_open(dir, 0, NULL);
    if (!d)
        return files;
    const char *name;
    while ((name = g_dir_read_name(d)))
        if (g_str_has_suffix(name, ".so"))
            g_ptr_array_add(files, g_build_filename(dir, name, NULL));
    g_dir_close(d);
    g_ptr_array_sort(files, compare_strings);
    return files;
}

static void
attach_rules(plugin *p)
{
    p->rules = g_ptr_array_new();
    for (guint i = 0; i < p->packs->len; i++) {
        rulepack *pack = p->packs->pdata[i];
        for (guint j = 0; j < pack->rules->len; j++) {
            rule *r = pack->rules->pdata[j];
            r->pub.index = p->rules->len;
            g_ptr_array_add(p->rules, r);
        }
    }
}

static gboolean
wanted(const plugin_path *path, const char *name)
{
    if (!path->only)
        return TRUE;
    for (guint i = 0; i < path->only->len; i++)
        if (strcmp(path->only->pdata[i], name) == 0)
            return TRUE;
    return FALSE;
}

/* Give a plugin its options: every "NAME.KEY=VALUE" for its name. */
static void
attach_options(plugin *p, GHashTable *all)
{
    if (!all)
        return;
    GHashTableIter it;
    gpointer k, v;
    size_t n = strlen(p->name);
    g_hash_table_iter_init(&it, all);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        const char *key = k;
        if (strncmp(key, p->name, n) == 0 && key[n] == '.') {
            if (!p->options)
                p->options = g_hash_table_new(g_str_hash, g_str_equal);
            g_hash_table_insert(p->options, (char *)key + n + 1, v);
        }
    }
}

/* Call init() with the host's services. */
static gboolean
start_plugin(plugin *p, GError **error)
{
    p->host.abi = TIFA_PLUGIN_ABI;
    p->host.size = sizeof(tifa_host);
    p->host.rule_size = sizeof(tifa_rule);
    p->host.version = PACKAGE_VERSION;
    p->host.option = host_option;
    p->host.host_data = p;
    p->host.lookup_covering = host_lookup_covering;
    GError *err = NULL;
    p->asked_keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    p->in_init = TRUE;
    crash_context(p->name, p->file, NULL);
    p->state = p->desc->init(&p->host, (const tifa_rule *const *)p->rules->pdata,
                             p->rules->len, &err);
    crash_context(NULL, NULL, NULL);
    /* Recorded during init() only: scan() may ask too, from any thread. */
    p->in_init = FALSE;
    if (err) {
        g_propagate_error(error, err);
        p->state = NULL;
        return FALSE;
    }
    p->started = TRUE;
    return TRUE;
}

plugin *
loader_builtin(const tifa_plugin *desc, GHashTable *packs, GError **error)
{
    plugin *p = g_new0(plugin, 1);
    tifa_plugin *copy = g_new0(tifa_plugin, 1);
    memcpy(copy, desc, MIN((size_t)desc->size, sizeof(tifa_plugin)));
    p->desc = copy;
    p->name = g_strdup(desc->name);
    p->file = g_strdup("(built in)");
    p->packs = g_ptr_array_new();
    for (const char *const *n = desc->rule_packs; n && *n; n++) {
        rulepack *pack = g_hash_table_lookup(packs, *n);
        if (!pack) {
            g_set_error(error, TIFA_ERROR, TIFA_ERROR_PLUGIN, "rule pack '%s' not found", *n);
            loader_unload(p);
            return NULL;
        }
        g_ptr_array_add(p->packs, pack);
    }
    attach_rules(p);
    if (!start_plugin(p, error)) {
        loader_unload(p);
        return NULL;
    }
    return p;
}

static gint
compare_plugins(gconstpointer a, gconstpointer b)
{
    const plugin *x = *(const plugin *const *)a, *y = *(const plugin *const *)b;
    if (x->generic != y->generic)
        return x->generic ? 1 : -1;
    return strcmp(x->name, y->name);
}

static void
plugin_refusal_free(plugin_refusal *r)
{
    g_free(r->name);
    g_free(r->file);
    g_free(r->status);
    g_free(r->hidden_by);
    g_free(r);
}

GPtrArray *
plugin_refusals_new(void)
{
    return g_ptr_array_new_with_free_func((GDestroyNotify)plugin_refusal_free);
}

/* Whether two paths name one file. */
static gboolean
same_file(const char *a, const char *b)
{
    GStatBuf sa, sb;
    return g_stat(a, &sa) == 0 && g_stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

/* Records a plugin file not loaded, skipped or hidden by `hidden_by`;
 * `refusals` may be NULL. */
static void
refuse(GPtrArray *refusals, const char *name, const char *file, const char *hidden_by,
       char *status)
{
    if (!refusals) {
        g_free(status);
        return;
    }
    plugin_refusal *r = g_new0(plugin_refusal, 1);
    r->name = g_strdup(name);
    r->file = g_strdup(file);
    r->hidden_by = g_strdup(hidden_by);
    r->status = status;
    g_ptr_array_add(refusals, r);
}

/* A plugin hidden by one that was then skipped (its init failed, a pack
 * was missing): nothing of that name runs, and its row says so rather than
 * name as running a plugin that did not start. */
static void
note_hidden_by_skipped(GPtrArray *refusals)
{
    for (guint i = 0; refusals && i < refusals->len; i++) {
        plugin_refusal *r = refusals->pdata[i];
        if (!r->hidden_by)
            continue;
        for (guint j = 0; j < refusals->len; j++) {
            const plugin_refusal *s = refusals->pdata[j];
            if (!s->hidden_by && strcmp(s->file, r->hidden_by) == 0) {
                char *status = g_strdup_printf("%s, itself skipped: no plugin '%s' runs",
                                               r->status, r->name);
                g_free(r->status);
                r->status = status;
                break;
            }
        }
    }
}

GPtrArray *
loader_load_all(const plugin_path *path, GHashTable *packs, GPtrArray *refusals, GError **error)
{
    GPtrArray *found = g_ptr_array_new();
    GHashTable *by_name = g_hash_table_new(g_str_hash, g_str_equal);
    /* The names of plugin files refused (another ABI, no valid name …):
     * a pack of the same name is that plugin's, not a detector of its own. */
    GHashTable *refused = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

    /* A directory named twice on the path (TIFA_PLUGIN_PATH naming the
     * installed one, which comes anyway) is read once: its broken plugins
     * were warned about twice. */
    GHashTable *dirs_read = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; path->dirs && i < path->dirs->len; i++) {
        const char *dir = path->dirs->pdata[i];
        GStatBuf st;
        if (g_stat(dir, &st) == 0 &&
            !g_hash_table_add(dirs_read, util_file_key(st.st_dev, st.st_ino)))
            continue;
        GPtrArray *files = list_plugin_files(dir);
        GHashTable *names_here = g_hash_table_new(g_str_hash, g_str_equal);
        for (guint j = 0; j < files->len; j++) {
            GError *err = NULL;
            plugin *p = loader_open(files->pdata[j], &err);
            if (!p) {
                tifa_warn("%s; skipped", err->message);
                char *base = g_path_get_basename(files->pdata[j]);
                if (g_str_has_suffix(base, ".so"))
                    base[strlen(base) - 3] = '\0';
                refuse(refusals, base, files->pdata[j], NULL,
                       g_strdup_printf("skipped: %s", err->message));
                g_error_free(err);
                g_hash_table_add(refused, base);
                continue;
            }
            plugin *same = g_hash_table_lookup(by_name, p->name);
            if (same && g_hash_table_contains(names_here, p->name)) {
                tifa_warn("plugin %s is named '%s' like %s; skipped (plugin names must be "
                          "unique)",
                          p->file, p->name, same->file);
                refuse(refusals, p->name, p->file, NULL,
                       g_strdup_printf("skipped: named like %s", same->file));
                loader_unload(p);
                continue;
            }
            if (same && same_file(p->file, same->file)) {
                /* One directory named twice on the path, or through a link. */
                loader_unload(p);
                continue;
            }
            if (same) {
                /* An earlier directory on the path has it: that one wins,
                 * and `tifa plugins` shows which one lost (a plugin's author
                 * who installed a new build elsewhere asks why it is not
                 * the one that runs).  No warning: a directory earlier on
                 * the path that overrides an installed plugin is a choice. */
                refuse(refusals, p->name, p->file, same->file,
                       g_strdup_printf("hidden by %s", same->file));
                loader_unload(p);
                continue;
            }
            g_hash_table_add(names_here, p->name);
            g_hash_table_insert(by_name, p->name, p);
            g_ptr_array_add(found, p);
        }
        g_hash_table_destroy(names_here);
        g_ptr_array_free(files, TRUE);
    }
    g_hash_table_destroy(dirs_read);

    /* Packs claimed by a plugin (loaded, whether or not selected) are not
     * generic detectors. */
    /* Copies: the names live in plugins that may be unloaded below. */
    GHashTable *claimed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GPtrArray *plugins = g_ptr_array_new();
    for (guint i = 0; i < found->len; i++) {
        plugin *p = found->pdata[i];
        p->packs = g_ptr_array_new();
        const char *missing = NULL;   /* the first pack not found */
        for (const char *const *n = p->desc->rule_packs; n && *n; n++) {
            g_hash_table_add(claimed, g_strdup(*n));
            rulepack *pack = g_hash_table_lookup(packs, *n);
            if (!pack) {
                if (wanted(path, p->name))
                    tifa_warn("plugin %s (%s) needs the rule pack '%s', which is not on the "
                              "rules path; plugin skipped (give it with --rules FILE)",
                              p->name, p->file, *n);
                missing = missing ? missing : *n;
                continue;
            }
            g_ptr_array_add(p->packs, pack);
        }
        if (missing && wanted(path, p->name))
            refuse(refusals, p->name, p->file, NULL,
                   g_strdup_printf("skipped: needs the rule pack '%s'", missing));
        if (missing || !wanted(path, p->name)) {
            loader_unload(p);
            continue;
        }
        attach_rules(p);
        attach_options(p, path->options);
        g_ptr_array_add(plugins, p);
    }
    g_ptr_array_free(found, TRUE);

    /* A pack that no plugin claims is a detector of its own. */
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, packs);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        rulepack *pack = v;
        if (g_hash_table_contains(claimed, pack->name) || !wanted(path, pack->name))
            continue;
        if (g_hash_table_contains(by_name, pack->name)) {
            tifa_warn("rule pack '%s' (%s) has the name of a plugin but that plugin does not "
                      "use it; pack skipped (rename the pack)",
                      pack->name, (const char *)pack->files->pdata[0]);
            continue;
        }
        if (g_hash_table_contains(refused, pack->name)) {
            /* Counted bare, its hits would pass for the plugin's output. */
            tifa_warn("rule pack '%s' (%s) is not counted on its own: it is the pack of "
                      "plugin file %s.so, refused above",
                      pack->name, (const char *)pack->files->pdata[0], pack->name);
            continue;
        }
        plugin *p = g_new0(plugin, 1);
        p->name = g_strdup(pack->name);
        p->file = g_strdup(pack->files->pdata[0]);
        p->generic = TRUE;
        p->packs = g_ptr_array_new();
        g_ptr_array_add(p->packs, pack);
        attach_rules(p);
        /* Nobody asks for a lookup rule of a pack without a plugin. */
        for (guint j = 0; j < p->rules->len; j++) {
            const rule *r = p->rules->pdata[j];
            if (r->lookup)
                tifa_warn("%s:%d: rule '%s' is a lookup rule (lookup: yes), which only a "
                          "plugin that claims pack '%s' can ask for; as a pack of its own it "
                          "counts nothing (remove 'lookup: yes' to count its words)",
                          r->file, r->line, r->pub.id, pack->name);
        }
        g_ptr_array_add(plugins, p);
    }
    g_hash_table_destroy(claimed);
    g_hash_table_destroy(by_name);
    g_hash_table_destroy(refused);

    if (path->only) {
        for (guint i = 0; i < path->only->len; i++) {
            const char *name = path->only->pdata[i];
            gboolean present = FALSE;
            for (guint j = 0; j < plugins->len; j++)
                present |= strcmp(((plugin *)plugins->pdata[j])->name, name) == 0;
            if (!present) {
                g_set_error(error, TIFA_ERROR, TIFA_ERROR_USAGE,
                            "no plugin or rule pack named '%s' (see 'tifa plugins')", name);
                for (guint j = 0; j < plugins->len; j++)
                    loader_unload(plugins->pdata[j]);
                g_ptr_array_free(plugins, TRUE);
                return NULL;
            }
        }
    }

    /* Start the plugins; one that refuses is skipped. */
    for (guint i = 0; i < plugins->len; i++) {
        plugin *p = plugins->pdata[i];
        if (p->generic)
            continue;
        GError *err = NULL;
        if (!start_plugin(p, &err)) {
            tifa_warn("plugin %s (%s) failed to start: %s; skipped", p->name, p->file,
                      err->message);
            refuse(refusals, p->name, p->file, NULL,
                   g_strdup_printf("skipped: failed to start: %s", err->message));
            g_clear_error(&err);
            loader_unload(p);
            g_ptr_array_remove_index(plugins, i--);
        }
    }
    g_ptr_array_sort(plugins, compare_plugins);
    note_hidden_by_skipped(refusals);
    return plugins;
}
