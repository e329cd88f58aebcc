/*
 * tifa.h - the host's internal header, one section per source file.
 *
 * What plugins may touch is include/tifa/plugin.h and nothing else; this
 * header is for the host's own files only.
 */
#ifndef TIFA_HOST_H
#define TIFA_HOST_H

#include <stdio.h>
#include <stdint.h>
#include <stdarg.h>
#include <glib.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "tifa/plugin.h"

/* Exit statuses, as grep uses them. */
enum {
    EXIT_OK = 0,         /* everything read and counted */
    EXIT_INPUT = 1,      /* the run completed, but some input was skipped */
    EXIT_USAGE = 2,      /* bad command line, bad rule pack, unusable output */
};

#define TIFA_ERROR (tifa_error_quark())
GQuark tifa_error_quark(void);
enum {
    TIFA_ERROR_INPUT,    /* a document could not be read or decoded */
    TIFA_ERROR_BINARY,   /* a document looks like a binary file */
    TIFA_ERROR_RULES,    /* a rule pack is broken */
    TIFA_ERROR_PLUGIN,   /* a plugin could not be loaded or failed */
    TIFA_ERROR_OUTPUT,   /* an output file could not be written */
    TIFA_ERROR_USAGE,    /* the command line asks for something impossible */
};

/* ---- util.c: messages, widths, output files ---- */

/* Print "tifa: warning: ..." on standard error and remember that the run
 * skipped or distrusted some input (the exit status becomes EXIT_INPUT). */
void tifa_warn(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
/* Print "tifa: ..." on standard error (a fatal message; the caller exits). */
void tifa_error(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
/* Print "tifa: note: ..." on standard error unless --quiet. */
void tifa_note(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
extern gboolean tifa_quiet;
/* How many warnings were printed so far. */
unsigned tifa_warning_count(void);

/* Columns a string takes on a terminal: 2 for wide (Han) characters. */
size_t util_display_width(const char *s);
/* Count code points that are not white space (ASCII or Unicode). */
size_t util_count_chars(const char *s, size_t len);
/* Append `s` with backslash, tab, newline and carriage return escaped (as
 * \\, \t, \n, \r: a field of a tab-separated line); util_unescape undoes
 * it in place. */
void util_append_escaped(GString *out, const char *s);
void util_unescape(char *s);
/* Up to `n` characters of `text` before `at` (or after it, when forward),
 * line breaks and tabs shown as spaces; the caller frees it. */
char *util_context(const char *text, size_t len, size_t at, int n, gboolean forward);
/* A monotonic clock in nanoseconds, for --profile. */
uint64_t util_now_ns(void);
/* The CPU time of the calling thread in nanoseconds, for --profile: a
 * thread that waits for a core is not charged for the wait. */
uint64_t util_thread_cpu_ns(void);
/* Is s[0, len) valid UTF-8 without NUL bytes?  (g_utf8_validate's answer.) */
gboolean util_utf8_valid(const char *s, size_t len);

/* Whether the byte loops of the validator and the normaliser may take 32
 * bytes at a time (the CPU has AVX2, and TIFA_NO_AVX2 is not set); asked
 * once, then a load. */
#if defined(__GNUC__) && defined(__x86_64__) && defined(__SSE2__)
#define TIFA_HAVE_AVX2_PATHS 1
#endif
extern int util_avx2_state;   /* -1 not asked yet, 0 no, 1 yes */
gboolean util_avx2_detect(void);
static inline gboolean
util_use_avx2(void)
{
    int s = __atomic_load_n(&util_avx2_state, __ATOMIC_RELAXED);
    return s >= 0 ? s : util_avx2_detect();
}
/* For tests: take the 16-byte loops (FALSE) or, where the CPU allows, the
 * 32-byte ones (TRUE).  Returns whether the 32-byte ones are now used. */
gboolean util_force_avx2(gboolean on);
/* The character that starts at p in valid UTF-8, when it is below U+10000
 * (what the engine's character bitmaps cover), else (gunichar)-1; decoded
 * without checks, for the hot paths. */
static inline gunichar
util_bmp_char_at(const unsigned char *p)
{
    if (p[0] < 0x80)
        return p[0];
    if (p[0] < 0xE0)
        return ((gunichar)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
    if (p[0] < 0xF0)
        return ((gunichar)(p[0] & 0x0F) << 12) | ((gunichar)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    return (gunichar)-1;
}
/* Copy of s with every byte sequence that is not valid UTF-8 replaced by U+FFFD. */
char *util_make_valid_utf8(const char *s, gssize len);
/* A file name or a message about one as it can be shown and written in
 * JSON, CSV or a database: valid UTF-8 (bytes that are not become U+FFFD),
 * and no control characters (a newline in a name would fake a line). */
char *util_display_text(const char *s);
/* "DEV:INODE", a file's identity however it is named (a link, ./, two
 * spellings): the key of the sets of files and directories already read. */
char *util_file_key(guint64 dev, guint64 ino);
/* Append "path:line: message" (or "path: message" when line <= 0) to
 * diagnostics: how the rule-pack and dictionary readers report. */
void util_diagv(GPtrArray *diagnostics, const char *path, int line, const char *fmt,
                va_list ap) G_GNUC_PRINTF(4, 0);
/* Whether the environment variable `name` is set to anything but empty or
 * "0" (the switches TIFA_NO_JIT, TIFA_NO_INSTALLED, …). */
gboolean util_env_flag(const char *name);
/* FALSE when TIFA_NO_JIT asks for PCRE2's interpreter (for valgrind, which
 * cannot follow the SIMD reads of JIT code). */
gboolean util_use_jit(void);
/* TRUE when stdout/stderr should be coloured (a terminal and no NO_COLOR). */
gboolean util_use_color(FILE *stream);

/*
 * An output file that appears whole or not at all: writes go to a temporary
 * file beside the target, renamed over it by outfile_commit().  A NULL or
 * "-" path writes to standard output directly.
 */
typedef struct outfile outfile;
outfile *outfile_open(const char *path, GError **error);
FILE *outfile_stream(outfile *out);
gboolean outfile_commit(outfile *out, GError **error);
void outfile_abort(outfile *out);
/* For a file another library writes (SQLite): close our stream and give its
 * temporary path; outfile_commit() then only renames.  FALSE for stdout. */
gboolean outfile_detach(outfile *out);
const char *outfile_temp_path(const outfile *out);
/* Remove the temporary files of outputs in progress (from a signal
 * handler); returns how many there were. */
int util_remove_pending_outputs(void);
/* Say which plugin runs on which document on this thread (NULLs: none), so
 * that a crash can name them; crash_handlers_install() sets up the report. */
void crash_context(const char *plugin, const char *file, const char *doc);
void crash_handlers_install(void);

/* ---- format.c: rows as table, tsv, csv or json ---- */

typedef enum { FORMAT_TABLE, FORMAT_TSV, FORMAT_CSV, FORMAT_JSON } out_format;
/* A rate, a share or a statistic in tsv, csv and json: ten significant
 * digits, not six decimals (a share of one document in 74,545 items was
 * 0.000013 for 0.0000134); tables round for reading. */
#define MEASURE_FORMAT "%.10g"
gboolean format_parse(const char *name, out_format *format, GError **error);

/*
 * A row writer.  `columns` names the columns; `kinds` has one character per
 * column: 's' text, 'r' text aligned right in tables, 'n' number (aligned
 * right in tables, bare in JSON), 'd' a date (text; null in JSON when empty,
 * as a missing number is), 'b' yes or no (true or false in JSON).
 * Tables are buffered (to align them) and printed by rows_finish(); the other
 * formats stream.  rows_section() starts a titled group of rows in a table
 * and does nothing in the other formats.
 */
typedef struct rows rows;
rows *rows_new(FILE *stream, out_format format, const char *const *columns, const char *kinds);
void rows_add(rows *r, const char *const *cells);
/* The same, where a cell that is a list in text (titles with their dates)
 * is an array in JSON: json_values[i], when not NULL, is written as it is
 * in place of cells[i] in JSON, and ignored by the other formats. */
void rows_add_json(rows *r, const char *const *cells, const char *const *json_values);
void rows_section(rows *r, const char *title);
void rows_finish(rows *r);
void format_json_string(GString *out, const char *s);
/* ["a", "b", …]: n strings as a JSON array. */
void format_json_strings(GString *out, const char *const *items, guint n);

/* ---- normalize.c: the text the rules see ---- */

/* A point where normalised and original offsets start to differ by a new
 * amount: from `norm` on, original = orig + (offset - norm). */
typedef struct {
    size_t norm, orig;
} offset_break;

/*
 * Normalise UTF-8 text: full-width ASCII to half-width, U+3000 and U+00A0 to
 * a space, every opening quotation mark to “ and every closing one to ”.
 * Returns a new NUL-terminated string; when `breaks` is not NULL it receives
 * the offset_break points that normalize_to_original() needs.
 */
char *normalize_text(const char *in, size_t len, size_t *out_len, GArray *breaks);
/* The same, also counting the characters that are not white space (as
 * util_count_chars would on the result) into *n_chars. */
char *normalize_text_counted(const char *in, size_t len, size_t *out_len, GArray *breaks,
                             size_t *n_chars);
size_t normalize_to_original(const GArray *breaks, size_t norm_offset);
/* The same, faster for offsets asked in ascending order: *hint (0 at
 * first) keeps where the last answer was found. */
size_t normalize_to_original_near(const GArray *breaks, size_t norm_offset, size_t *hint);

/* ---- convert.c: traditional to simplified characters (OpenCC) ---- */

typedef struct converter converter;
/* "t2s", "tw2s", "hk2s", "tw2sp" or "auto" (t2s where the text looks
 * traditional).  NULL with an error naming the choices or the missing table. */
converter *converter_open(const char *name, GError **error);
void converter_free(converter *c);
gboolean converter_name_valid(const char *name);
/* The names with what each does, for help and errors; the caller frees. */
char *converter_names(void);
/* The converted text (NUL-terminated), its offset_break list into `text`
 * in `breaks`; NULL when "auto" found the text simplified already. */
char *converter_run(converter *c, const char *text, size_t len, size_t *out_len,
                    GArray *breaks);

/* ---- decode.c: bytes to UTF-8 ---- */

/*
 * Decode a file's bytes to UTF-8: UTF-8 (a BOM dropped), UTF-16 with a BOM,
 * GB18030 (which includes GBK and GB2312) or Big5 (HKSCS too), the one of
 * the last two whose text reads as Chinese.  Returns NULL with an error for
 * binary data, for text that is none of these, and for text that reads as
 * Chinese in neither.  `encoding` receives a static name ("utf-8",
 * "utf-8-bom", "utf-8-repaired", "gb18030", "big5", "big5-hkscs",
 * "utf-16le", "utf-16be").
 */
char *decode_text(const char *bytes, size_t len, size_t *out_len, const char **encoding,
                  GError **error);
/* The same on a buffer of len + 1 bytes that the caller owns: valid UTF-8
 * is decoded in place and the buffer taken (*buffer becomes NULL); other
 * encodings leave *buffer to the caller and return a new string. */
char *decode_take(char **buffer, size_t len, size_t *out_len, const char **encoding,
                  GError **error);

/* ---- dates.c: when a document was written ---- */

/* Each fills out[11] with "YYYY-MM-DD" and returns TRUE when a date is found. */
/* A manifest or JSON field: DATE_FIELD_FORMATS; of a timestamp, the day as
 * written (its offset is not applied). */
gboolean date_parse(const char *s, char out[11]);
#define DATE_FIELD_FORMATS                                                                   \
    "use YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD or YYYYMMDD, with or without a time: "          \
    "2022-01-07T08:00:00Z, 2022-01-07 08:00+08:00"
gboolean date_from_name(const char *name, char out[11]);   /* a file name */
/* The same, and *invalid says whether the name holds a date-shaped run of
 * digits that is no calendar date (2019-02-30). */
gboolean date_in_name(const char *name, char out[11], gboolean *invalid);
gboolean date_from_text(const char *text, size_t len, char out[11]);
/* "2021", "2021-07", "2021-07-01" or "FROM..TO" as the first and last day
 * of a range; *reversed is set when both ends parse but TO comes first. */
gboolean date_parse_period(const char *s, char from[11], char to[11], gboolean *reversed);

/* ---- rules.c: rule packs ---- */

/* A piece of a key template: literal text or a reference to a group. */
typedef struct {
    char *text;  /* literal text, or NULL for a group reference */
    int group;
} key_piece;

/* The words of a lookup rule (lexicon.c). */
typedef struct lexicon lexicon;
lexicon *lexicon_new(const GPtrArray *words);
void lexicon_free(lexicon *lx);
/* Where a word of the lexicon that starts at or before byte `at` of the
 * valid UTF-8 `text` and ends after it starts (the leftmost), or
 * (size_t)-1 when none does. */
size_t lexicon_covering(const lexicon *lx, const char *text, size_t len, size_t at);

typedef struct rule {
    tifa_rule pub;           /* what plugins see; pub.index is set by the loader */
    char *file;              /* pack file the rule came from */
    int line;                /* line of its `id:` */
    uint32_t flags;          /* PCRE2 compile options from `flags:` */
    gboolean literal_only;   /* written with literal: fields only */
    GPtrArray *literals;     /* the literal: spellings, normalised */
    lexicon *lookup;         /* `lookup: yes`: not matched by the engines; its
                              * plugin asks lexicon_covering() at its places */
    pcre2_code *code;
    GArray *key_pieces;      /* key template, or NULL when the key is the match */
    uint32_t match_limit, depth_limit;  /* 0 = the run's defaults */
    int jit_error;           /* what pcre2_jit_compile said: 0, or why PCRE2 runs
                              * this rule in its (slower) interpreter */
    gboolean jitted;         /* JIT code exists: the engine may call it directly
                              * (not when JIT is off, TIFA_NO_JIT) */
    char *trie_lists;        /* the word lists compiled as tries ("AFTER,
                              * NAME_STOP"; word-lists.c), or NULL */
} rule;

typedef struct rulepack {
    char *name;
    char *description;
    GPtrArray *files;        /* files that contributed rules */
    GPtrArray *rules;        /* rule* */
} rulepack;

/* Parse and compile one pack file.  Every problem is appended to
 * `diagnostics` as "file:line: message"; returns NULL when there was any. */
rulepack *rulepack_load(const char *path, GPtrArray *diagnostics);
/* The same on text in memory; `path` names it in the diagnostics. */
rulepack *rulepack_parse(const char *path, const char *text, size_t len,
                         GPtrArray *diagnostics);
void rulepack_free(rulepack *pack);
/* Merge the rules of `more` into `pack` (same name); duplicate ids are
 * reported to diagnostics, and then nothing is merged (FALSE).  Frees
 * `more`. */
gboolean rulepack_merge(rulepack *pack, rulepack *more, GPtrArray *diagnostics);
/* Fill the key of a hit into `out` (cleared first). */
void rule_expand_key(const rule *r, const char *text, const size_t *groups, GString *out);
/* The key every hit of the rule has, when it does not depend on the match
 * (a literal key, or a single literal and no key); else NULL. */
const char *rule_fixed_key(const rule *r);
/* TRUE when the pattern can match the empty string. */
gboolean rule_matches_empty(const rule *r);
/* JIT-compile the rule's pattern, once (loading does it for every rule the
 * fast engine asks PCRE2 about; the reference engine for the others). */
void rule_jit_compile(rule *r);
/* A group with an unbounded repeat inside that is itself repeated without
 * bound ((a+)+, (\s*x*)*): the shape that backtracks without end on text
 * that almost matches.  Returns a description, or NULL. */
const char *rule_backtracking_risk(const rule *r);

/* ---- dictionary.c: researchers' dictionaries as rule packs ---- */

/* Is this file a dictionary (by its name: .yml, .yaml, .dic) rather than a
 * rule pack? */
gboolean dictionary_is_dictionary(const char *path);
/* The rule-pack text of a dictionary, or NULL with diagnostics
 * ("file:line: message").  The caller frees the text. */
char *dictionary_to_pack(const char *path, const char *text, size_t len,
                         GPtrArray *diagnostics);
/* The format a file's name implies: "quanteda" (.yml/.yaml), "liwc" (.dic),
 * else "words". */
const char *dictionary_format_of(const char *path);
/* dictionary_to_pack with options: format ("quanteda", "liwc", "words" or
 * NULL: by the name), pack name (NULL: base name), key_category (one rule a
 * category, keyed by it), category of a word list (NULL: base name). */
char *dictionary_convert(const char *path, const char *text, size_t len, const char *format,
                         const char *pack, gboolean key_category, const char *category,
                         GPtrArray *diagnostics);

/* The directories searched for packs and the files named on the command line. */
typedef struct {
    GPtrArray *dirs;         /* searched in order; a file name found first wins */
    GPtrArray *files;        /* --rules FILE: loaded in addition */
} rules_path;
/* Load every pack on the path; packs with the same `pack:` name are merged.
 * Returns a table name -> rulepack*, or NULL after diagnostics.  With
 * `skipped`, a file of the directories that does not load is left out (its
 * path added there, its problems still in `diagnostics`) instead of failing
 * the whole: a file named in path->files always fails it. */
GHashTable *rules_load_all(const rules_path *path, GPtrArray *diagnostics, GPtrArray *skipped);

/* ---- loader.c: plugins ---- */

typedef struct plugin {
    char *name;
    char *file;              /* the .so, or "(built in)" */
    const tifa_plugin *desc; /* NULL for the built-in detector of a bare pack */
    void *handle;            /* dlopen handle */
    void *state;             /* what init() returned */
    gboolean started;        /* init() succeeded: free() is owed */
    GPtrArray *packs;        /* rulepack* this plugin's rules come from */
    GPtrArray *rules;        /* rule*, rules->pdata[i]->pub.index == i */
    tifa_host host;
    GHashTable *options;     /* KEY -> VALUE from --option NAME.KEY=VALUE */
    GHashTable *asked_keys;  /* the keys init() asked for (NULL if it never ran) */
    gboolean in_init;        /* init() is running: option() records its keys */
    gboolean generic;        /* a pack with no plugin: hits are emitted as they are */
} plugin;

typedef struct {
    GPtrArray *dirs;         /* searched in order; a plugin name found first wins */
    GPtrArray *only;         /* --plugin NAME: keep only these, or NULL for all */
    GHashTable *options;     /* "name.key" -> value */
} plugin_path;

/* Open one shared object and check it is a tifa plugin of our ABI.  Does not
 * call init().  Returns NULL with a one-sentence error naming the file. */
plugin *loader_open(const char *file, GError **error);
/* A plugin file found on the path and not loaded, and why: what `tifa
 * plugins` lists beside the loaded ones. */
typedef struct {
    char *name;              /* the plugin's name, or its file's when unknown */
    char *file;
    char *status;            /* "skipped: REASON" or "hidden by FILE" */
    char *hidden_by;         /* that FILE, or NULL for a plugin skipped */
} plugin_refusal;
/* Load every plugin on the path, attach packs, call init().  Problems are
 * warnings (that plugin is skipped).  Packs no plugin claims become generic
 * detectors named after the pack.  Returns plugin* sorted by name, generic
 * detectors last; NULL with an error when --plugin names no plugin.  When
 * `refusals` is given, a plugin_refusal is added to it for each plugin file
 * skipped or hidden by one of the same name earlier on the path. */
GPtrArray *loader_load_all(const plugin_path *path, GHashTable *packs, GPtrArray *refusals,
                           GError **error);
GPtrArray *plugin_refusals_new(void);
void loader_unload(plugin *p);
/* A plugin known by name only (tifa merge: counts read from partials). */
plugin *loader_stub(const char *name);
/* A plugin linked into the program (fuzzers, tests): attach its packs and
 * start it, as the loader does for a shared object. */
plugin *loader_builtin(const tifa_plugin *desc, GHashTable *packs, GError **error);
/* The plugin's description, or the pack's for a generic detector. */
const char *plugin_description(const plugin *p);

/* ---- engine.c: matching ---- */

typedef enum { ENGINE_FAST, ENGINE_REFERENCE } engine_kind;

/* A match as engines produce it.  `groups` indexes into the scratch's group
 * offset array (2 * (n_groups + 1) entries). */
typedef struct {
    uint32_t rule;           /* index into the engine's rule array */
    size_t start, end;
    size_t groups;
} raw_hit;

typedef struct engine engine;
typedef struct engine_scratch engine_scratch;

typedef struct {
    uint32_t match_limit;    /* PCRE2 match limit per call, 0 = library default */
    uint32_t depth_limit;
    size_t heap_limit_kib;
    gboolean profile;        /* measure PCRE2 time per rule (--profile) */
} engine_limits;

/* Set a match context's limits: `match` and `depth` (a rule's own, or 0),
 * else the run's, else PCRE2's defaults as tifa sets them. */
void engine_limits_apply(pcre2_match_context *mctx, const engine_limits *l, uint32_t match,
                         uint32_t depth);
/* Build an engine over `rules` (rule*; the engine keeps the pointers). */
engine *engine_new(engine_kind kind, GPtrArray *rules, const engine_limits *limits,
                   GError **error);
void engine_free(engine *e);
engine_scratch *engine_scratch_new(engine *e);
void engine_scratch_free(engine_scratch *s);
/* Find every match of every rule in `text`.  Hits are appended to `hits`
 * (raw_hit) and their group offsets to `groups` (size_t).  A rule that hits
 * a PCRE2 limit is reported in `problems` (one line each) and skipped for
 * the rest of this text. */
void engine_scan(engine *e, engine_scratch *s, const char *text, size_t len, GArray *hits,
                 GArray *groups, GPtrArray *problems);
const char *engine_kind_name(engine_kind kind);
/* With limits.profile: print the rules that took the most PCRE2 time. */
void engine_profile(engine *e, FILE *f);
/* With limits.profile: the PCRE2 time of every rule, summed (once the
 * scratches are freed). */
uint64_t engine_pcre2_ns(const engine *e);
/* All matches of rule `index` from offset `from`, as the reference engine
 * defines them; with an offset_limit, only matches that start at or before
 * it.  Returns where a later search must resume, or PCRE2_UNSET when the
 * rule hit a limit (reported in problems). */
size_t engine_match_rule(engine_scratch *s, uint32_t index, const char *text, size_t len,
                         size_t from, size_t offset_limit, GPtrArray *problems);
/* The scratch's hits of the document being scanned, which engine_scan
 * appends to its caller's arrays at the end: room for n more hits and g
 * more group offsets (returns where the hits go; *groups where their
 * offsets go, the first at index *first_group), then how many were used. */
raw_hit *engine_hits_room(engine_scratch *s, size_t n, size_t g, size_t **groups,
                          size_t *first_group);
void engine_hits_commit(engine_scratch *s, size_t n, size_t g);

/* ---- word-lists.c: the word lists of a pattern as tries ---- */

/* The pattern with its word lists regrouped as tries by character, which
 * give PCRE2's matches with fewer comparisons: groups made only of words
 * (总书记|书记处书记|…), and macros called only at the end of lookaheads
 * ((?=%{&AFTER})); NULL when nothing changes or the pattern holds something
 * this cannot follow.  Free with g_free.  A label of each list regrouped
 * (its macro's name, or its first words) is appended to `names` (when not
 * NULL), joined by ", ". */
char *word_lists_as_tries(const char *pattern, uint32_t flags, GString *names);

/* ---- literals.c: what every match of a pattern contains ---- */

/* What the analysis knows about the characters around a rule's literals,
 * each as sorted, disjoint (lo, hi) pairs of gunichar, or NULL when it
 * cannot tell (any character). */
typedef struct {
    GArray *first;    /* what a non-empty match starts with */
    GArray *before;   /* what a match can have before its literal (empty: none) */
    GArray *after;    /* what a match has right after its literal (NULL also
                       * when the match can end with the literal) */
    GArray *prev;     /* what the text has right before the literal (NULL also
                       * when the match can start with it and nothing says
                       * what precedes the match) */
    size_t min_lead;  /* a match starts at least this many bytes before its
                       * literal */
} literal_context;

void literal_context_clear(literal_context *c);

/* A set of literals (char*) such that every match of `pattern` contains one
 * of them, starting at most *max_lead bytes after the start of the match
 * ((size_t)-1: unbounded), and in *context the characters around it.
 * FALSE, with a static reason in *why, when there is no such useful set. */
gboolean literals_analyse(const char *pattern, uint32_t flags, GPtrArray **literals,
                          size_t *max_lead, literal_context *context, const char **why);

/* ---- prefilter.c: the fast engine's multi-literal prefilter ---- */

/* How the fast engine treats one rule. */
typedef struct {
    gboolean filtered;       /* TRUE: PCRE2 runs only near its literals */
    gboolean literal_only;   /* its literals are its matches: no PCRE2 at all */
    gboolean lookup;         /* a lookup rule: not matched at all (lexicon.c) */
    const char *why;         /* when not filtered: the reason (a static string) */
    uint32_t n_literals;
    size_t max_lead;         /* a match starts at most this many bytes before its
                              * literal; (size_t)-1 when unbounded */
    size_t min_lead;         /* and at least this many */
} prefilter_plan;

typedef struct prefilter prefilter;
typedef struct prefilter_scratch prefilter_scratch;
/* The plan for one rule; `literals` receives its literal set (free it with
 * g_ptr_array_free) or NULL, and `context` (when not NULL) the characters
 * around the literals (see literals_analyse; literal_context_clear). */
void prefilter_plan_rule(const rule *r, prefilter_plan *plan, GPtrArray **literals,
                         literal_context *context);
const prefilter_plan *prefilter_plan_of(const prefilter *pf, uint32_t rule);
prefilter *prefilter_new(GPtrArray *rules, GError **error);
void prefilter_free(prefilter *pf);
prefilter_scratch *prefilter_scratch_new(prefilter *pf);
void prefilter_scratch_free(prefilter_scratch *s);
/* Find the same matches as the reference engine, confirming with PCRE2
 * (through engine_match_rule) only where the prefilter saw a candidate. */
void prefilter_scan(prefilter *pf, prefilter_scratch *ps, engine_scratch *es, const char *text,
                    size_t len, GPtrArray *problems);

/* ---- corpus.c: finding and reading documents ---- */

/* A document as read from disk, before decoding. */
typedef struct {
    char *name;              /* what messages and outputs call it */
    char *date;              /* from a manifest or a JSON record, or NULL */
    char *title;
    char *path;              /* file to read with raw_doc_load(), or NULL */
    char *bytes;             /* raw content (owned), NUL-terminated */
    size_t len;
    gboolean utf8_known;     /* from JSON: already UTF-8, skip detection */
    char *warning;           /* set instead of bytes when the input was unusable */
} raw_doc;

typedef struct corpus corpus;
/* How standard input ("-") is read: as JSON Lines when its first line that
 * is not blank is a JSON object, else as one text (auto); or as told
 * (--stdin-format). */
typedef enum { STDIN_AUTO = 0, STDIN_TEXT, STDIN_JSONL } stdin_format;
/* How the walk reads what it is given. */
typedef struct {
    stdin_format stdin_format;
    /* Standard input with nothing on it (or blank lines only) is no
     * document rather than an empty one that is warned about: tifa map,
     * whose empty partitions are common and no error. */
    gboolean empty_stdin_ok;
    /* --items: each item of a file (a line that starts with "## " and the
     * text up to the next) is a document of its own, FILE#N. */
    gboolean items;
} corpus_options;
/* Walk `paths` (files, directories, "-") in order; a directory with a
 * manifest.tsv holds the files it lists.  Missing paths (and listed files)
 * are reported as raw_docs with a warning so that messages keep their
 * place.  `opts` may be NULL. */
corpus *corpus_open(const char *const *paths, const corpus_options *opts);
/* Next document or NULL at the end.  The caller frees it with raw_doc_free(). */
raw_doc *corpus_next(corpus *c);
void corpus_close(corpus *c);
/* How many regular files were read more than once (the same file named
 * twice, or reached through a link); *example gets the first.  They are
 * counted each time, as asked. */
guint corpus_repeats(const corpus *c, const char **example);
/* Notes for the end of the run (what directories with a manifest hold
 * besides the documents it lists, which were not read). */
const GPtrArray *corpus_notes(const corpus *c);
/* The bytes of the files under `paths`, for a progress estimate; 0 when
 * unknown (standard input). */
uint64_t corpus_estimate_bytes(const char *const *paths);
/* Read the bytes of a document the walk found (any thread).  FALSE, with
 * d->warning set, when the file cannot be read any more. */
gboolean raw_doc_load(raw_doc *d);
void raw_doc_free(raw_doc *d);

/* ---- scan.c: the per-document pipeline ---- */

/* One result, with offsets mapped back to the original document text. */
typedef struct {
    uint32_t plugin;         /* index into the run's plugin array */
    const char *category;    /* strings live in the doc's chunk */
    const char *key;
    size_t start, end;       /* byte offsets in the decoded original text */
    const char *labels;      /* labels joined by LABEL_SEP, or NULL */
    uint32_t n_labels;
    /* The mentions this result stands for: 1 from a scan; a partial's count
     * of identical results when a merge replays it (no offsets then), so
     * that memory follows the distinct keys of a document, not its
     * mentions. */
    uint64_t count;
} doc_result;

/* Separates the labels of one result inside doc_result.labels. */
#define LABEL_SEP '\x1f'


typedef struct {
    uint64_t seq;            /* position in the corpus, from 0 */
    char *name, *date, *title;
    const char *encoding;
    char *text;              /* decoded original text */
    size_t len;
    char *norm;              /* normalised text (kept only on request) */
    size_t norm_len;
    GArray *breaks;          /* offset_break, when norm is kept */
    GArray *conv_breaks;     /* --convert: offsets of the converted text in the
                              * original (offset_break), or NULL */
    gboolean converted;      /* --convert changed the text */
    size_t n_chars;          /* non-space characters */
    GArray *results;         /* doc_result */
    size_t raw_len;          /* bytes read from the input, before decoding */
    GStringChunk *strings;
    GPtrArray *warnings;     /* messages about this document, in order */
    gboolean skipped;        /* not counted at all */
    gboolean out_of_period;  /* skipped: undated or dated outside --period */
    gboolean traditional;    /* without --convert: written in traditional characters */
    gboolean name_date_invalid; /* named with a date that is no calendar date (2019-02-30) */
} scanned_doc;

typedef void (*scan_consumer)(const scanned_doc *doc, void *ctx);

scanned_doc *scanned_doc_new(uint64_t seq);
void scanned_doc_free(scanned_doc *doc);

/* An offset in doc->norm, as an offset in doc->text (the original). */
size_t scanned_doc_original_offset(const scanned_doc *doc, size_t norm_offset);
/* The same with hints (two, zeroed at first) for offsets in ascending order. */
size_t scanned_doc_original_offset_near(const scanned_doc *doc, size_t norm_offset,
                                        size_t hints[2]);

typedef struct {
    GPtrArray *plugins;      /* plugin* */
    engine_kind engine;
    engine_limits limits;
    int threads;
    gboolean keep_text;      /* keep normalised text and breaks for the consumer */
    gboolean progress;       /* draw a progress line on a terminal */
    const char *convert;     /* --convert NAME (convert.c), or NULL */
    struct partial_writer *partial; /* --partial FILE: every document goes there too */
    gboolean replay;         /* tifa merge: the paths are partials to replay */
    char **replay_only;      /* with replay: the plugins kept (--plugin), or NULL */
    gboolean repeat_pass;    /* a second pass over the same documents: their
                              * warnings were given by the first */
    /* --period: only documents dated from period_from to period_to
     * (inclusive) are counted; "" when every document is. */
    char period_from[11], period_to[11];
    corpus_options input;    /* how the paths are read */
    /* The run's output files, by enum scan_output (NULL where not given):
     * none may be a document or lie in a directory the run reads, and no
     * two may be one file. */
    const char *outputs[5];
} scan_setup;

/* Scan every document of `paths` and hand each to `consumer` in corpus
 * order, whatever the number of threads.  Returns FALSE on a setup error. */
gboolean scan_run(const scan_setup *setup, const char *const *paths, scan_consumer consumer,
                  void *ctx, GError **error);

/* The same pipeline, one document at a time, on the calling thread (for
 * documents that do not come from a walk: fuzzing, streams). */
typedef struct scan_session scan_session;
scan_session *scan_session_new(const scan_setup *setup, GError **error);
/* Scan `raw` (consumed) and hand the result to consumer. */
void scan_session_document(scan_session *ss, raw_doc *raw, scan_consumer consumer, void *ctx);
void scan_session_free(scan_session *ss);

/* ---- partial.c: partial results and their merge ---- */

typedef struct partial_writer partial_writer;
/* SHA-256 (hex) of what decides a plugin's results: name, version, rules,
 * --option settings.  The caller frees it. */
char *plugin_fingerprint(const plugin *p);
partial_writer *partial_writer_open(const char *path, GPtrArray *plugins, const char *convert,
                                    GError **error);
void partial_writer_add(partial_writer *w, const scanned_doc *doc);
/* Write the end line and put the file in place (scan_run does, at the end). */
gboolean partial_writer_commit(partial_writer *w, GError **error);
/* Free; a partial not committed is removed. */
void partial_writer_free(partial_writer *w);
/* Read the headers of partials, check they come from the same plugins,
 * packs and settings, and append a stub plugin per plugin they name. */
gboolean partial_read_plugins(const char *const *paths, GPtrArray *plugins, GError **error);
/* Hand the documents of the partials to consumer, in order; results of
 * plugins not in `only` (when not NULL) are dropped. */
gboolean partial_replay(const char *const *paths, char **only, scan_consumer consumer,
                        void *ctx, GError **error);

/* ---- bins.c: time bins ---- */

typedef enum { BIN_YEAR, BIN_QUARTER, BIN_MONTH, BIN_HALF_MONTH, BIN_WEEK, BIN_DAY } bin_unit;
gboolean bin_unit_parse(const char *name, bin_unit *unit, GError **error);
/* The label of the bin holding a "YYYY-MM-DD" date ("2021", "2021-Q3",
 * "2021-07", "2021-07a", "2021-W27", "2021-07-01"); FALSE for a bad date. */
gboolean bin_label(const char *ymd, bin_unit unit, char out[16]);
/* Every bin label from the bin of `first` to that of `last`, in order. */
GPtrArray *bins_between(const char *first, const char *last, bin_unit unit);

/* ---- tally.c: counting results over a corpus ---- */

/* Counts of one key in one time bin, and the size of a bin. */
typedef struct {
    uint64_t mentions, documents;
} bin_count;
typedef struct {
    uint64_t documents, chars;
} bin_size;

typedef struct {
    uint32_t plugin;
    const char *category, *key;
    uint64_t mentions, documents;
    GHashTable *bins;        /* label -> bin_count*, with tally_set_bins() */
    char first[11], last[11];  /* "" when no dated document had it */
    GPtrArray *labels;       /* distinct labels; tally_entries() sorts them,
                              * most seen first, then by text */
    uint64_t last_seq;       /* internal: last document counted */
    GHashTable *label_set;
    char *last_labels;       /* internal: the joined labels added last, and */
    uint64_t **last_counts;  /* their counts in label_set, in order (tally.c) */
    guint n_last_counts;
    guint32 hash;            /* internal: of plugin, category and key */
} tally_entry;

typedef struct tally tally;
tally *tally_new(void);
void tally_add_doc(tally *t, const scanned_doc *doc);
/* Entries sorted by plugin, category ("candidate" last), mentions
 * (descending), key. */
GPtrArray *tally_entries(tally *t);
/* How often a label was seen with an entry. */
uint64_t tally_label_count(const tally_entry *e, const char *label);
/* Counts made elsewhere (tifa reduce): corpus totals, a key's counts and
 * its labels, added as they are. */
void tally_add_totals(tally *t, uint64_t documents, uint64_t chars, uint64_t undated,
                      const char *first, const char *last);
tally_entry *tally_add_counts(tally *t, uint32_t plugin_index, const char *category,
                              const char *key, uint64_t mentions, uint64_t documents,
                              const char *first, const char *last);
void tally_add_label(tally *t, tally_entry *e, const char *label, uint64_t n);
uint64_t tally_documents(const tally *t);
uint64_t tally_chars(const tally *t);
uint64_t tally_undated(const tally *t);
/* Date range of the dated documents, "" when none had a date. */
const char *tally_first_date(const tally *t);
const char *tally_last_date(const tally *t);
void tally_free(tally *t);
/* Count per time bin as well (before the first document). */
void tally_set_bins(tally *t, bin_unit unit);
/* The size of a bin (NULL: no dated document fell in it). */
const bin_size *tally_bin_size(const tally *t, const char *label);
/* A key's counts in a bin (NULL: none). */
const bin_count *tally_entry_bin(const tally_entry *e, const char *label);

/* ---- stats.c: keyness ---- */

/* Dunning's log-likelihood G2 of counts a and b in sides of sizes n_a, n_b. */
double stats_g2(double a, double b, double n_a, double n_b);
/* The p-value of G2 (chi-square, one degree of freedom). */
double stats_chi2_p(double g2);
/* Hardie's log ratio: log2 of (b / n_b) / (a / n_a), a zero count as 0.5. */
double stats_log_ratio(double a, double b, double n_a, double n_b);

/* ---- svg.c and html.c: charts and self-contained pages ---- */

/* One line of a chart: a value per bin, NAN where the bin has no document. */
typedef struct {
    char *name;
    double *values;
} chart_series;

/* Escape text for XML and HTML (& < > " '). */
void svg_escape(GString *out, const char *s);
/* A line chart of `series` (chart_series*) over the labels `bins` (char*). */
void svg_line_chart(GString *out, const char *title, const char *y_label, GPtrArray *bins,
                    GPtrArray *series);

/* Horizontal bars: one per label, values[i] long. */
void svg_bar_chart(GString *out, const char *title, GPtrArray *labels, const double *values);
/* Bars to the left (negative values, toward left_name) and to the right
 * (positive, toward right_name) of a zero line, the value written beside. */
void svg_diverging_chart(GString *out, const char *title, const char *left_name,
                         const char *right_name, GPtrArray *labels, const double *values);

void html_escape(GString *out, const char *s);
void html_begin(GString *out, const char *title);
void html_heading(GString *out, const char *text);
void html_paragraph(GString *out, const char *cls, const char *text);
/* A table: columns NULL-terminated; kinds one character per cell, 'n' for
 * numbers (aligned right). */
void html_table_begin(GString *out, const char *const *columns);
/* kinds: 's' short text (kept on one line), 'w' text that may wrap, 'c' a
 * citation (a document name: narrow, small, wrapped), 'n' a
 * number (right-aligned), 'k' a line in context, "left\x1ehit\x1eright",
 * the hit marked. */
void html_table_row(GString *out, const char *const *cells, const char *kinds);
void html_table_end(GString *out);
void html_chart(GString *out, const char *svg);
void html_end(GString *out);
/* Write a page to a file, whole or not at all. */
gboolean html_write(const char *path, GString *page, GError **error);

/* ---- db.c: --db FILE.sqlite ---- */

typedef struct db db;
db *db_open(const char *path, GPtrArray *plugins, GError **error);
void db_add_doc(db *d, const scanned_doc *doc);
/* Finish the transaction and put the file in place; frees d. */
gboolean db_commit(db *d, GError **error);
/* Give up: the previous file stays; frees d. */
void db_abort(db *d);

/* ---- cli.c helpers shared by the commands ---- */

typedef struct {
    char **plugin_dirs;
    char **rules;
    char **only_plugins;
    char **options;
    char *engine;
    char *convert;           /* --convert NAME */
    char *partial;           /* --partial FILE */
    int threads;
    gboolean no_progress;
    gboolean profile;
    gint64 match_limit, depth_limit, heap_limit;
    char *pack;              /* rules list --pack */
    char *db;                /* --db FILE.sqlite */
    char *format;
    char *output;
    gboolean quiet;
    char *period;            /* --period P */
    char *stdin_format;      /* --stdin-format auto|text|jsonl */
    gboolean items;          /* --items */
} common_opts;

/* The outputs a run may write, as scan_setup.outputs indexes them. */
enum scan_output { OUTPUT_O, OUTPUT_DB, OUTPUT_PARTIAL, OUTPUT_HTML, OUTPUT_PLOT };

typedef struct {
    GHashTable *packs;       /* name -> rulepack* */
    GPtrArray *plugins;      /* plugin* */
    GHashTable *options;     /* --option values, borrowed by plugins */
    scan_setup setup;
    out_format format;
    partial_writer *partial; /* --partial FILE, or NULL */
    guint packs_skipped;     /* broken pack files of the rules directories, left out */
    GPtrArray *refusals;     /* plugin_refusal*: plugin files not loaded */
} run_context;

/* A context for a command: "tifa NAME PARAMS", a one-line summary, and the
 * exit statuses in the help text. */
GOptionContext *cli_context(const char *name, const char *params, const char *summary);
void cli_add_common(GOptionContext *ctx, common_opts *o, gboolean with_output);
/* Only the options that find plugins and packs (tifa plugins, tifa rules). */
void cli_add_loading(GOptionContext *ctx, common_opts *o, gboolean with_output);
/* --partial FILE, for the commands whose counts tifa merge can combine. */
void cli_add_partial(GOptionContext *ctx, common_opts *o);
/* tifa merge: the command reads the counts of these partials (NULL-ended)
 * instead of a corpus. */
void cli_set_merge(char **partials);
gboolean cli_merging(void);
/* The --db option, for the commands that offer it. */
void cli_add_db(GOptionContext *ctx, common_opts *o);
/* --period P: count only the documents dated in P. */
void cli_add_period(GOptionContext *ctx, common_opts *o);
/* --top N of the commands with a default of their own: TOP_UNSET until
 * given.  cli_top_given_ok() prints the usage error for a negative N. */
#define TOP_UNSET G_MININT
gboolean cli_top_given_ok(int top);
/* The options of the command that runs (one per process); main() frees
 * them with cli_opts_free() when the command returns. */
common_opts *cli_opts(void);
void cli_opts_free(void);
/* Parse; on a usage error print it and return FALSE. */
gboolean cli_parse(GOptionContext *ctx, int *argc, char ***argv);
/* Load packs and plugins as the options say.  Returns FALSE after printing
 * why (the caller exits with EXIT_USAGE). */
gboolean cli_prepare(common_opts *o, run_context *run);
/* Without --format, the format -o FILE's name gives (.tsv, .csv, .json);
 * FALSE, said, for a name of a file -o does not write (.xlsx, .html). */
gboolean cli_format_from_output(common_opts *o);
/* What a run would say of the pack FILE beyond what FILE alone shows: read
 * with the packs of the run (a pack of the same name on the rules path is
 * merged with it), the diagnostics about FILE (a rule id the other file
 * already uses). */
GPtrArray *cli_pack_problems_in_run(common_opts *o, const char *file);
void cli_release(run_context *run);
/* The corpus paths, or the installed corpus when none are given; `storage`
 * must have room for two pointers. */
const char *const *cli_paths(char **args, int n, char **storage);
/* EXIT_INPUT when any warning was printed, else EXIT_OK. */
int cli_exit_status(void);

/* ---- the commands (cmd-*.c), each int cmd_NAME(int argc, char **argv) ---- */

int cmd_report(int argc, char **argv);
int cmd_matches(int argc, char **argv);
int cmd_kwic(int argc, char **argv);
int cmd_trend(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_discover(int argc, char **argv);
int cmd_officials(int argc, char **argv);
int cmd_plugins(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_new_plugin(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_map(int argc, char **argv);
int cmd_reduce(int argc, char **argv);
/* What tifa reduce does with its input, for reuse (and fuzzing): read the
 * lines of tifa map from `in` (named `source` in messages) into a tally;
 * finish says whether a !plugins line came. */
typedef struct reducer reducer;
reducer *reducer_new(void);
gboolean reducer_read(reducer *r, FILE *in, const char *source, GError **error);
gboolean reducer_finish(reducer *r, GError **error);
tally *reducer_tally(reducer *r);
GPtrArray *reducer_plugins(reducer *r);
void reducer_free(reducer *r);

/* The frequency report of a tally, in a format (cmd-report.c; also what
 * tifa reduce prints). top: rows per section in a table, 0 for all. */
void report_write(FILE *f, tally *t, GPtrArray *plugins, out_format format, int top);

#endif /* TIFA_HOST_H */
