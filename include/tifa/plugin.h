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
 * Lifetime of one run, in order:
 *
 *   1. dlopen(); tifa_plugin_get() is called and the descriptor checked
 *      (abi, then size, name, init and scan).  The host copies `size`
 *      bytes of it; fields that an older, smaller descriptor lacks read as
 *      NULL.
 *   2. The rule packs named in `rule_packs` are looked up; a missing pack
 *      skips the plugin with a warning.  Selected plugins (all, or those of
 *      --plugin NAME) get init(), once, on the main thread.
 *   3. scan() once per document that has at least one hit of the plugin's
 *      rules (every document, for a plugin without rules), on worker
 *      threads, concurrently.
 *   4. free(), once per successful init(), on the main thread, after the
 *      last scan() has returned; then dlclose().
 *
 * Ownership in one line: what the host passes in (rules, hits, documents,
 * the sink, the host services) is the host's and is borrowed; what the
 * plugin returns (the descriptor, the state) is the plugin's; what the
 * plugin passes to emit() is copied by the host before emit() returns.
 * Strings in the descriptor (name, version, description, pack names) must
 * live as long as the object is loaded: string literals do.
 *
 * Build a plugin with
 *     cc -shared -fPIC -fvisibility=hidden -o NAME.so NAME.c \
 *        $(pkg-config --cflags --libs tifa)
 * (glib comes through tifa.pc's Requires), install it into
 * $(pkg-config --variable=plugindir tifa) and its rule pack into
 * $(pkg-config --variable=rulesdir tifa).  `tifa new-plugin NAME` writes a
 * complete project (plugin, rule pack, Makefile, test); docs/writing-plugins.md
 * walks through it.  `pkg-config --variable=abi tifa` prints the
 * TIFA_PLUGIN_ABI of the installed header.
 */
#ifndef TIFA_PLUGIN_H
#define TIFA_PLUGIN_H

#include <stddef.h>
#include <stdint.h>
#include <glib.h>

G_BEGIN_DECLS

/* Marks tifa_plugin_get() as exported even when the plugin is compiled
 * with -fvisibility=hidden (recommended: then it is the only symbol the
 * object exports).  <gmodule.h> defines the same macro; this header does
 * not need it. */
#ifndef G_MODULE_EXPORT
#if defined(__GNUC__)
#define G_MODULE_EXPORT __attribute__((visibility("default")))
#else
#define G_MODULE_EXPORT
#endif
#endif

/* The plugin ABI this header describes.  Bumped on any change other than
 * appending a field to the end of a struct.  A plugin stores it in
 * tifa_plugin.abi; the host refuses any other value with a message that
 * asks for a rebuild.  tifa.pc publishes it as the variable `abi`. */
#define TIFA_PLUGIN_ABI 1u

/* Offset value of a capture group that did not take part in the match
 * (in tifa_hit.groups).  Always test for it before using a group. */
#define TIFA_UNSET ((size_t)-1)

/*
 * One rule of a rule pack, as the host parsed and compiled it.  Owned by the
 * host; valid from init() until free() returns, and never changed in that
 * time, so any thread may read it.  `index` is the rule's position in the
 * array the plugin received at init(): use it to keep per-rule data in an
 * array of your own (built in init(), read in scan()).  The fields mirror
 * the rule's record in its .rules file (docs/rule-packs.md).
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
    /* The rule's `until:` day, "YYYY-MM-DD", or NULL: the last day what the
     * rule says held (the officials pack: the day a leader left office).
     * Appended: read it only where TIFA_RULE_HAS(host, until). */
    const char *until;
} tifa_rule;

/*
 * One match of one rule in one document.  Offsets are byte offsets into
 * tifa_doc.text (the normalised text the rules saw), `end` exclusive.
 * Borrowed for the length of the scan() call, like `key` and `groups`:
 * copy what you need to keep (nothing should outlive the call; see scan()).
 */
typedef struct tifa_hit {
    const tifa_rule *rule;
    size_t start, end;
    /* The canonical key: the rule's key with $1 / ${name} references filled
     * in from this match, or the matched text when the rule has no key. */
    const char *key;
    /* groups[2*i], groups[2*i+1]: start and end of group i (0..n_groups),
     * TIFA_UNSET for a group that did not take part in the match.  The
     * array has 2 * (rule->n_groups + 1) entries; group 0 is the match.
     * Find a named group's number with tifa_rule_group() in init(). */
    const size_t *groups;
} tifa_hit;

/*
 * One document.  `text` is what the rules matched: the document decoded to
 * UTF-8 and normalised (full-width ASCII to half-width, U+3000 to a space,
 * every quotation mark to “ or ”), so a plugin that reads it looks for
 * ! ? ; , rather than ！？；， and for “ ” rather than 「」.  Borrowed, with
 * every string in it, for the length of scan(); read-only.  The host maps
 * offsets into `text` back to the original document when it prints them.
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
 * may pass pointers into its own scratch memory (or the stack) and free or
 * reuse them as soon as emit() returns.  The host checks every result: a
 * key that is NULL, empty or not valid UTF-8, a label that is NULL or not
 * valid UTF-8, or start > end or end > doc->len makes emit() fail.
 * `tifa report` counts results by (plugin, category, key); `tifa matches`
 * prints each one, with the labels joined by 、 in its `detail` column.
 */
typedef struct tifa_result {
    const char *category;    /* e.g. "known", "person"; NULL means "default" */
    const char *key;         /* what is counted: a formulation, a name */
    size_t start, end;
    /* Labels attached to this mention (an official's titles).  The report
     * lists, per key, every label seen; `matches` prints them joined.
     * NULL when n_labels is 0. */
    const char *const *labels;
    size_t n_labels;
} tifa_result;

/* Where results go.  The sink is the host's and is valid only during the
 * scan() it was passed to; call emit() from that call, on its thread, any
 * number of times, in any order (document order reads best in `tifa
 * matches`, which prints results as they were emitted).  emit() returns
 * FALSE and sets `error` only when the result is malformed (a key that is
 * not valid UTF-8, offsets outside the document); stop scanning and return
 * FALSE from scan() with that error when it does.  Prefer tifa_emit(). */
typedef struct tifa_sink tifa_sink;
struct tifa_sink {
    gboolean (*emit)(const tifa_sink *sink, const tifa_result *result, GError **error);
    void *host_data;          /* the host's; do not touch */
};

/*
 * What the host offers a plugin at init().  Owned by the host, valid until
 * free() returns, so a plugin may keep the pointer in its state.  Grows by
 * appending; read a field only when `size` says it is there
 * (offsetof(tifa_host, field) < size): a plugin built against a newer
 * header may be loaded by an older tifa of the same ABI.
 */
typedef struct tifa_host {
    uint32_t abi;             /* the host's TIFA_PLUGIN_ABI */
    uint32_t size;            /* sizeof(tifa_host) in the host */
    const char *version;      /* tifa's version string */
    /* The value of `--option NAME.KEY=VALUE` given for this plugin, or NULL
     * when the user gave none.  The string is the host's and stays valid
     * until free() returns.  Meant for init(): read your settings there,
     * refuse bad values with an error that names the option, and keep the
     * parsed values in your state.  (It only reads, so calling it from
     * scan() is safe too.) */
    const char *(*option)(const struct tifa_host *host, const char *key);
    void *host_data;          /* the host's; do not touch */
    /* Lookup rules.  A rule written `lookup: yes` in its pack is a word list
     * (literal: fields only) that the host never matches: the plugin asks
     * about it at the few places it cares about, which is far cheaper than
     * matching common words everywhere.  Returns where a word of `rule` that
     * covers byte `at` of doc->text starts (the word starts at or before
     * `at` and ends after it; the leftmost such word), or TIFA_UNSET when
     * no word does, or when `rule` is not a lookup rule.  Safe to call from
     * scan(), on any thread.  Appended after host_data: read it only when
     * offsetof(tifa_host, lookup_covering) < size. */
    size_t (*lookup_covering)(const struct tifa_host *host, const tifa_rule *rule,
                              const struct tifa_doc *doc, size_t at);
    /* sizeof(tifa_rule) in the host: a field appended to tifa_rule (`until`)
     * is there only when offsetof(tifa_rule, field) < rule_size, and
     * rule_size is there only when offsetof(tifa_host, rule_size) < size.
     * TIFA_RULE_HAS(host, until) tests both. */
    uint32_t rule_size;
} tifa_host;

#define TIFA_RULE_HAS(host, field)                                                           \
    ((host)->size > offsetof(tifa_host, rule_size) &&                                        \
     (host)->rule_size > offsetof(tifa_rule, field))

/*
 * The descriptor a plugin returns from tifa_plugin_get().  It must stay
 * valid for as long as the object is loaded (make it a static const).  The
 * host reads `abi` first and nothing else when it is not TIFA_PLUGIN_ABI,
 * then copies `size` bytes of it (fields a smaller, older descriptor lacks
 * read as NULL).  Set the fields with designated initialisers, so that a
 * field appended later cannot shift the others.
 */
typedef struct tifa_plugin {
    uint32_t abi;             /* TIFA_PLUGIN_ABI, first forever */
    uint32_t size;            /* sizeof(tifa_plugin) at build time */
    const char *name;         /* unique; [a-z0-9_-]+, at most 64 bytes; used in
                               * --plugin NAME and --option NAME.KEY=VALUE */
    const char *version;      /* free text shown by `tifa plugins`; or NULL */
    const char *description;  /* one line, shown by `tifa plugins`; or NULL */
    /* NULL-terminated names of the rule packs whose rules this plugin
     * interprets, or NULL for none.  A pack named here is matched by the host
     * and its hits go to this plugin only.  The packs are found on the rules
     * path (--rules, TIFA_RULES_PATH, the installed rulesdir); a plugin whose
     * pack is missing is skipped with a warning that says so.  A plugin with
     * no rules gets scan() for every document, with no hits, and reads
     * doc->text itself. */
    const char *const *rule_packs;
    /* Create the plugin's state.  `rules` lists every rule of the packs named
     * above (rules[i]->index == i), owned by the host.  Return the state
     * (NULL is fine for a plugin that needs none), or set `error` to refuse:
     * the host then names the plugin, skips it, and does not call free().
     * Check here what scan() relies on (a rule's key or named groups, the
     * --option values) and refuse with a message that names the rule or the
     * option and says what to write instead.  Runs once per run, on the main
     * thread, before any scan().  `host` stays valid until free().
     * Required. */
    void *(*init)(const tifa_host *host, const tifa_rule *const *rules, size_t n_rules,
                  GError **error);
    /* Interpret the hits of this plugin's rules in one document, sorted by
     * start offset (then by rule index, then by end), and emit results.
     * Return FALSE and set `error` on failure: the host reports it and the
     * plugin's results for this document are dropped.  Required.
     * Runs on the host's worker threads, possibly on several documents at
     * once with the same `state`: read `state`, never write it (no caches,
     * no counters, no static scratch buffers); allocate per-document memory
     * in the call and free it before returning.  `doc`, `hits` and `sink`
     * are borrowed for the call only.  Not called for a document without
     * hits when the plugin has rules.  Never exit, abort or print:
     * report through `error`, and the host names the plugin and the
     * document. */
    gboolean (*scan)(void *state, const tifa_doc *doc, const tifa_hit *hits, size_t n_hits,
                     const tifa_sink *sink, GError **error);
    /* Free what init() returned.  Runs once after each successful init(),
     * on the main thread, when no scan() is running; may be NULL. */
    void (*free)(void *state);
} tifa_plugin;

/* Convenience for plugin code: emit one result (see tifa_result and
 * tifa_sink for what is checked and copied).  Call it from scan() only. */
static inline gboolean
tifa_emit(const tifa_sink *sink, const char *category, const char *key, size_t start,
          size_t end, const char *const *labels, size_t n_labels, GError **error)
{
    tifa_result r = { category, key, start, end, labels, n_labels };
    return sink->emit(sink, &r, error);
}

/* Look up a named capture group of a rule: its number, or -1.  The lookup
 * compares strings: do it once per rule in init() and keep the numbers in
 * your state, as plugins/officials.c does. */
static inline int
tifa_rule_group(const tifa_rule *rule, const char *name)
{
    for (uint32_t i = 1; i <= rule->n_groups; i++)
        if (rule->group_names[i] && g_strcmp0(rule->group_names[i], name) == 0)
            return (int)i;
    return -1;
}

/* The one symbol a plugin exports.  Use it once per plugin, at file scope:
 *     static const tifa_plugin desc = {
 *         .abi = TIFA_PLUGIN_ABI, .size = sizeof(tifa_plugin), .name = "mine", ...
 *     };
 *     TIFA_PLUGIN_DEFINE(desc)
 * tifa_plugin_get() may be called more than once and must return the same
 * descriptor each time; it runs on the main thread, before init().
 */
#define TIFA_PLUGIN_SYMBOL "tifa_plugin_get"
#define TIFA_PLUGIN_DEFINE(desc)                                                    \
    G_MODULE_EXPORT const tifa_plugin *tifa_plugin_get(void);                       \
    G_MODULE_EXPORT const tifa_plugin *tifa_plugin_get(void) { return &(desc); }

G_END_DECLS

#endif /* TIFA_PLUGIN_H */
