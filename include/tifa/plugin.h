/*
 * tifa/plugin.h - the contract between the tifa host and its detector plugins.
 *
 * A detector plugin is a shared object with exactly one exported symbol,
 * tifa_plugin_get(), that returns a constant struct tifa_plugin.  The host
 * (the `tifa` program) opens the object with dlopen(RTLD_NOW | RTLD_LOCAL),
 * reads the `abi` and `size` fields first and refuses a plugin built for
 * another ABI before it reads anything else.
 *
 * The host owns matching.  A plugin names the rule packs whose patterns it
 * wants matched (`rule_packs`); the host compiles the rules of every plugin
 * into one engine, scans each document once, and hands each plugin the hits
 * of its own rules, in document order.  The plugin interprets them (joins a
 * chain of titles to a name, merges spellings into one key, rejects a false
 * boundary) and emits results through the sink.  A plugin may also read the
 * document text itself where rules cannot express what it needs.
 *
 * Threads: init() and free() run once, on the main thread.  scan() runs on
 * the host's worker threads, possibly on several documents at once with the
 * same `state`: treat `state` as read-only in scan() and keep per-document
 * scratch in local variables or memory you allocate in the call.
 *
 * Errors travel back as GError values (domain of your choice); a plugin never
 * calls exit(), abort() or prints.  The host adds the plugin's name and the
 * document to the message the user sees.
 *
 * Growth: this header only ever grows by appending fields to the end of its
 * structs.  A change that does anything else bumps TIFA_PLUGIN_ABI, and the
 * host then refuses plugins built against the old header with a message that
 * asks for a rebuild.
 *
 * Build a plugin with
 *     cc -shared -fPIC $(pkg-config --cflags tifa) -o NAME.so NAME.c
 * and install it into $(pkg-config --variable=plugindir tifa).
 */
#ifndef TIFA_PLUGIN_H
#define TIFA_PLUGIN_H

#include <stddef.h>
#include <stdint.h>
#include <glib.h>

G_BEGIN_DECLS

#ifndef G_MODULE_EXPORT
#if defined(__GNUC__)
#define G_MODULE_EXPORT __attribute__((visibility("default")))
#else
#define G_MODULE_EXPORT
#endif
#endif

/* The plugin ABI this header describes.  Bumped on any change other than
 * appending a field to the end of a struct. */
#define TIFA_PLUGIN_ABI 1u

/* Offset value of a capture group that did not take part in the match. */
#define TIFA_UNSET ((size_t)-1)

/*
 * One rule of a rule pack, as the host parsed and compiled it.  Owned by the
 * host; valid from init() until free() returns.  `index` is the rule's
 * position in the array the plugin received at init(): use it to keep
 * per-rule data in an array of your own.
 */
typedef struct tifa_rule {
    const char *id;          /* unique within its pack, e.g. "sige-yishi" */
    const char *pack;        /* name of the pack the rule came from */
    const char *category;    /* e.g. "known"; never NULL */
    const char *key;         /* canonical key template as written, or NULL */
    const char *pattern;     /* the PCRE2 pattern after macro expansion */
    const char *description; /* or NULL */
    const char *source;      /* or NULL */
    int first_year;          /* year the formulation first appeared, or 0 */
    uint32_t index;          /* position in the plugin's rule array */
    uint32_t n_groups;       /* capture groups, not counting group 0 */
    /* group_names[i] is the name of group i (1..n_groups) or NULL when the
     * group is unnamed; group_names[0] is always NULL. */
    const char *const *group_names;
} tifa_rule;

/*
 * One match of one rule in one document.  Offsets are byte offsets into
 * tifa_doc.text (the normalised text the rules saw), `end` exclusive.
 * Borrowed for the length of the scan() call.
 */
typedef struct tifa_hit {
    const tifa_rule *rule;
    size_t start, end;
    /* The canonical key: the rule's key with $1 / ${name} references filled
     * in from this match, or the matched text when the rule has no key. */
    const char *key;
    /* groups[2*i], groups[2*i+1]: start and end of group i (0..n_groups),
     * TIFA_UNSET for a group that did not take part in the match. */
    const size_t *groups;
} tifa_hit;

/*
 * One document.  `text` is what the rules matched: the document decoded to
 * UTF-8 and normalised (full-width ASCII to half-width, U+3000 to a space,
 * every quotation mark to “ or ”).  Borrowed for the length of scan().
 */
typedef struct tifa_doc {
    const char *name;        /* path, or "file:id" for a JSON Lines record */
    const char *date;        /* "YYYY-MM-DD", or NULL when unknown */
    const char *title;       /* or NULL */
    const char *text;        /* normalised UTF-8, NUL-terminated */
    size_t len;              /* bytes in text, without the NUL */
} tifa_doc;

/*
 * A result a plugin reports: one mention of one key.  Offsets are into
 * tifa_doc.text like those of a hit; the host maps them back to the original
 * document.  Everything is copied by the host during emit(), so the plugin
 * may pass pointers into its own scratch memory.
 */
typedef struct tifa_result {
    const char *category;    /* e.g. "known", "person"; NULL means "default" */
    const char *key;         /* what is counted: a formulation, a name */
    size_t start, end;
    /* Labels attached to this mention (an official's titles).  The report
     * lists, per key, every label seen; `matches` prints them joined. */
    const char *const *labels;
    size_t n_labels;
} tifa_result;

/* Where results go.  emit() returns FALSE and sets `error` only when the
 * result is malformed (a key that is not valid UTF-8, offsets outside the
 * document); stop scanning and return FALSE from scan() when it does. */
typedef struct tifa_sink tifa_sink;
struct tifa_sink {
    gboolean (*emit)(const tifa_sink *sink, const tifa_result *result, GError **error);
    void *host_data;          /* the host's; do not touch */
};

/*
 * What the host offers a plugin at init().  Owned by the host, valid until
 * free() returns.  Grows by appending; read a field only when `size` says
 * it is there (offsetof(tifa_host, field) < size).
 */
typedef struct tifa_host {
    uint32_t abi;             /* the host's TIFA_PLUGIN_ABI */
    uint32_t size;            /* sizeof(tifa_host) in the host */
    const char *version;      /* tifa's version string */
    /* The value of `--option NAME.KEY=VALUE` given for this plugin, or NULL. */
    const char *(*option)(const struct tifa_host *host, const char *key);
    void *host_data;          /* the host's; do not touch */
} tifa_host;

/*
 * The descriptor a plugin returns from tifa_plugin_get().  It must stay
 * valid for as long as the object is loaded (make it a static const).
 */
typedef struct tifa_plugin {
    uint32_t abi;             /* TIFA_PLUGIN_ABI, first forever */
    uint32_t size;            /* sizeof(tifa_plugin) at build time */
    const char *name;         /* unique; [a-z0-9_-]+, used in --plugin NAME */
    const char *version;
    const char *description;  /* one line */
    /* NULL-terminated names of the rule packs whose rules this plugin
     * interprets, or NULL for none.  A pack named here is matched by the host
     * and its hits go to this plugin only. */
    const char *const *rule_packs;
    /* Create the plugin's state.  `rules` lists every rule of the packs named
     * above (rules[i]->index == i), owned by the host.  Return the state
     * (NULL is fine for a plugin that needs none), or set `error` to refuse:
     * the host then names the plugin, skips it, and does not call free().
     * Required. */
    void *(*init)(const tifa_host *host, const tifa_rule *const *rules, size_t n_rules,
                  GError **error);
    /* Interpret the hits of this plugin's rules in one document, sorted by
     * start offset (then by rule index, then by end), and emit results.
     * Return FALSE and set `error` on failure: the host reports it and the
     * plugin's results for this document are dropped.  Required. */
    gboolean (*scan)(void *state, const tifa_doc *doc, const tifa_hit *hits, size_t n_hits,
                     const tifa_sink *sink, GError **error);
    /* Free what init() returned.  Runs once after each successful init(),
     * on the main thread, when no scan() is running; may be NULL. */
    void (*free)(void *state);
} tifa_plugin;

/* Convenience for plugin code: emit one result. */
static inline gboolean
tifa_emit(const tifa_sink *sink, const char *category, const char *key, size_t start,
          size_t end, const char *const *labels, size_t n_labels, GError **error)
{
    tifa_result r = { category, key, start, end, labels, n_labels };
    return sink->emit(sink, &r, error);
}

/* Look up a named capture group of a rule: its number, or -1. */
static inline int
tifa_rule_group(const tifa_rule *rule, const char *name)
{
    for (uint32_t i = 1; i <= rule->n_groups; i++)
        if (rule->group_names[i] && g_strcmp0(rule->group_names[i], name) == 0)
            return (int)i;
    return -1;
}

/* The one symbol a plugin exports.  Use it once per plugin:
 *     static const tifa_plugin desc = { TIFA_PLUGIN_ABI, sizeof(tifa_plugin), ... };
 *     TIFA_PLUGIN_DEFINE(desc)
 */
#define TIFA_PLUGIN_SYMBOL "tifa_plugin_get"
#define TIFA_PLUGIN_DEFINE(desc)                                                    \
    G_MODULE_EXPORT const tifa_plugin *tifa_plugin_get(void);                       \
    G_MODULE_EXPORT const tifa_plugin *tifa_plugin_get(void) { return &(desc); }

G_END_DECLS

#endif /* TIFA_PLUGIN_H */
