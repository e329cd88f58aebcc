/*
 * rules.c - rule packs: reading, checking and compiling them.
 *
 * A rule pack is a plain UTF-8 text file (docs/rule-packs.md has the full
 * description).  Records are separated by blank lines; each line of a record
 * is `field: value`; a line that starts with white space continues the field
 * above it; a line whose first visible character is # is a comment.
 *
 *     pack: formulations                  <- optional first record
 *     category: known
 *
 *     define: NUM                         <- a macro, used as %{NUM}
 *     pattern: [一二两三四五六七八九十百]
 *
 *     id: sige-yishi                      <- a rule
 *     literal: 四个意识
 *     key: 四个意识
 *     first: 2016
 *
 * Every problem is reported as "file:line: message" and the whole file is
 * checked before giving up, so that `tifa rules check` lists them all.
 * Patterns and literals are normalised like the text (full-width to
 * half-width, every quotation mark to “ or ”), so that a rule written with
 * 「」 or ＂＂ still matches.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tifa.h"

/* PCRE2 options every rule is compiled with.  UCP makes \w, \d and \b
 * Unicode-aware; USE_OFFSET_LIMIT lets the fast engine bound a search. */
#define RULE_COMPILE_OPTIONS (PCRE2_UTF | PCRE2_UCP | PCRE2_USE_OFFSET_LIMIT)

#define MACRO_DEPTH_MAX 16

typedef struct {
    char *name;
    char *value;
    int line;
} field;

typedef struct {
    int line;          /* first line of the record */
    GArray *fields;    /* field */
} record;

typedef struct {
    const char *path;
    GPtrArray *diagnostics;
    int errors;
    const char *rule_id;     /* the rule being read (macros and flags are read only
                              * inside one), for the messages that name it */
} parse_ctx;

static void G_GNUC_PRINTF(3, 4)
diag(parse_ctx *ctx, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    util_diagv(ctx->diagnostics, ctx->path, line, fmt, ap);
    va_end(ap);
    ctx->errors++;
}

static void
record_free(record *r)
{
    for (guint i = 0; i < r->fields->len; i++) {
        field *f = &g_array_index(r->fields, field, i);
        g_free(f->name);
        g_free(f->value);
    }
    g_array_free(r->fields, TRUE);
    g_free(r);
}

/* Fields whose continuation lines join without a space (patterns may be
 * split over lines anywhere). */
static gboolean
joins_tight(const char *name)
{
    return strcmp(name, "pattern") == 0 || strcmp(name, "literal") == 0;
}

static gboolean
valid_field_name(const char *s, size_t n)
{
    if (n == 0)
        return FALSE;
    for (size_t i = 0; i < n; i++)
        if (!g_ascii_islower(s[i]) && s[i] != '-')
            return FALSE;
    return TRUE;
}

/* Is the field name of `len` bytes at `name` one that starts a record? */
static gboolean
starts_record(const char *name, size_t len)
{
    return (len == 2 && memcmp(name, "id", 2) == 0) ||
           (len == 4 && memcmp(name, "pack", 4) == 0) ||
           (len == 6 && memcmp(name, "define", 6) == 0);
}

static gboolean
record_started(const record *r)
{
    for (guint i = 0; i < r->fields->len; i++) {
        const field *f = &g_array_index(r->fields, field, i);
        if (starts_record(f->name, strlen(f->name)))
            return TRUE;
    }
    return FALSE;
}

/* Split the file into records of fields. */
static GPtrArray *
split_records(parse_ctx *ctx, const char *text)
{
    GPtrArray *records = g_ptr_array_new_with_free_func((GDestroyNotify)record_free);
    record *cur = NULL;
    /* A byte-order mark, as editors on Windows write one, is no text. */
    if (g_str_has_prefix(text, "\xEF\xBB\xBF"))
        text += 3;
    char **lines = g_strsplit(text, "\n", -1);
    for (int n = 0; lines[n]; n++) {
        int lineno = n + 1;
        char *line = lines[n];
        size_t len = strlen(line);
        if (len && line[len - 1] == '\r')
            line[--len] = '\0';
        const char *vis = line;
        while (*vis == ' ' || *vis == '\t')
            vis++;
        if (*vis == '#')
            continue;
        if (*vis == '\0') {
            cur = NULL;
            continue;
        }
        if (vis != line) {
            /* A continuation line. */
            if (!cur || cur->fields->len == 0) {
                diag(ctx, lineno, "an indented line must continue a field above it");
                continue;
            }
            field *f = &g_array_index(cur->fields, field, cur->fields->len - 1);
            char *joined = g_strconcat(f->value, joins_tight(f->name) ? "" : " ", vis, NULL);
            g_free(f->value);
            f->value = joined;
            continue;
        }
        const char *colon = strchr(line, ':');
        if (!colon || !valid_field_name(line, (size_t)(colon - line))) {
            diag(ctx, lineno, "expected 'field: value' (for example 'pattern: 四个意识')");
            continue;
        }
        /* A field that starts a record (pack, define, id) in a record that
         * already has one: the blank line between them is missing.  Said
         * once, and read as a new record, so that the fields after it are
         * not all reported again as fields of the wrong kind. */
        if (cur && starts_record(line, (size_t)(colon - line)) && record_started(cur)) {
            diag(ctx, lineno, "'%.*s:' starts a new record: put a blank line before it",
                 (int)(colon - line), line);
            cur = NULL;
        }
        if (!cur) {
            cur = g_new0(record, 1);
            cur->line = lineno;
            cur->fields = g_array_new(FALSE, FALSE, sizeof(field));
            g_ptr_array_add(records, cur);
        }
        const char *value = colon + 1;
        while (*value == ' ' || *value == '\t')
            value++;
        char *v = g_strdup(value);
        g_strchomp(v);
        field f = { g_strndup(line, (size_t)(colon - line)), v, lineno };
        g_array_append_val(cur->fields, f);
    }
    g_strfreev(lines);
    return records;
}

static field *
find_field(record *r, const char *name)
{
    for (guint i = 0; i < r->fields->len; i++) {
        field *f = &g_array_index(r->fields, field, i);
        if (strcmp(f->name, name) == 0)
            return f;
    }
    return NULL;
}

/* Check that a record only has allowed fields, each at most once (except
 * those listed in `repeatable`). */
static void
check_fields(parse_ctx *ctx, record *r, const char *kind, const char *const *allowed,
             const char *const *repeatable)
{
    for (guint i = 0; i < r->fields->len; i++) {
        field *f = &g_array_index(r->fields, field, i);
        if (!g_strv_contains(allowed, f->name)) {
            char *list = g_strjoinv(", ", (char **)allowed);
            diag(ctx, f->line, "unknown field '%s' in a %s record (known: %s)", f->name, kind,
                 list);
            g_free(list);
            continue;
        }
        if (repeatable && g_strv_contains(repeatable, f->name))
            continue;
        for (guint j = 0; j < i; j++) {
            field *g = &g_array_index(r->fields, field, j);
            if (strcmp(g->name, f->name) == 0) {
                diag(ctx, f->line, "field '%s' given twice (first on line %d)%s", f->name,
                     g->line,
                     strcmp(f->name, "id") == 0
                         ? ": separate records with a blank line"
                         : "");
                break;
            }
        }
    }
}

/* Escape a literal for use inside a PCRE2 pattern. */
static void
append_escaped(GString *out, const char *s)
{
    for (const char *p = s; *p; p++) {
        if (strchr("\\^$.|?*+()[]{}#", *p))
            g_string_append_c(out, '\\');
        g_string_append_c(out, *p);
    }
}

static gint
longer_first(gconstpointer a, gconstpointer b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    size_t lx = strlen(x), ly = strlen(y);
    if (lx != ly)
        return lx > ly ? -1 : 1;
    return strcmp(x, y);
}

static char *
normalize_string(const char *s)
{
    size_t n;
    return normalize_text(s, strlen(s), &n, NULL);
}

/* Is the pattern one character class ([...]) or one escape (\p{..}, \d)?
 * Such a macro can be repeated without a group around it. */
static gboolean
single_atom(const char *p)
{
    size_t n = strlen(p);
    if (n >= 2 && p[0] == '\\' && (n == 2 || (p[2] == '{' && p[n - 1] == '}' &&
                                              !strchr(p + 3, '{'))))
        return TRUE;
    if (n < 2 || p[0] != '[' || p[n - 1] != ']')
        return FALSE;
    /* The first unescaped ']' after the opening one must be the last byte. */
    size_t i = 1;
    if (p[i] == '^')
        i++;
    if (p[i] == ']')
        i++;
    for (; i < n; i++) {
        if (p[i] == '\\') {
            i++;
            continue;
        }
        if (p[i] == '[' && p[i + 1] == ':')
            return FALSE;  /* POSIX classes: keep it simple, use a group */
        if (p[i] == ']')
            return i == n - 1;
    }
    return FALSE;
}

/*
 * Expand %{NAME} references (the macro's text, in a group) and %{&NAME}
 * references (a PCRE2 subroutine call, (?&NAME), to one copy of the macro
 * that expand_pattern appends in a DEFINE group).  A macro used in many
 * places of a pattern is best called: its text is compiled once, where a
 * textual copy in each place can make the pattern too large for PCRE2.
 * `called` collects the names of the macros called.  Returns NULL after a
 * diagnostic.
 */
static char *
expand_macros(parse_ctx *ctx, int line, const char *pattern, GHashTable *macros, int depth,
              GPtrArray *called)
{
    if (depth > MACRO_DEPTH_MAX) {
        diag(ctx, line, "rule '%s': macros nest more than %d deep (a macro that uses itself?)",
             ctx->rule_id, MACRO_DEPTH_MAX);
        return NULL;
    }
    GString *out = g_string_new(NULL);
    const char *p = pattern;
    while (*p) {
        const char *ref = strstr(p, "%{");
        if (!ref) {
            g_string_append(out, p);
            break;
        }
        g_string_append_len(out, p, ref - p);
        const char *close = strchr(ref + 2, '}');
        if (!close) {
            diag(ctx, line, "rule '%s': '%%{' without a closing '}'", ctx->rule_id);
            g_string_free(out, TRUE);
            return NULL;
        }
        gboolean call = ref[2] == '&';
        char *name = g_strndup(ref + 2 + call, (size_t)(close - ref - 2 - call));
        const char *value = g_hash_table_lookup(macros, name);
        if (!value) {
            diag(ctx, line, "rule '%s': unknown macro %%{%s%s} (define it with 'define: %s')",
                 ctx->rule_id, call ? "&" : "", name, name);
            g_free(name);
            g_string_free(out, TRUE);
            return NULL;
        }
        if (call) {
            if (!g_ascii_isalpha(name[0]) && name[0] != '_') {
                diag(ctx, line, "a macro called with %%{&%s} needs a name that starts with a "
                     "letter", name);
                g_free(name);
                g_string_free(out, TRUE);
                return NULL;
            }
            for (const char *c = name; *c; c++)
                if (!g_ascii_isalnum(*c) && *c != '_') {
                    diag(ctx, line, "a macro called with %%{&%s} needs a name of letters, "
                         "digits and _", name);
                    g_free(name);
                    g_string_free(out, TRUE);
                    return NULL;
                }
            g_string_append_printf(out, "(?&%s)", name);
            gboolean seen = FALSE;
            for (guint i = 0; i < called->len && !seen; i++)
                seen = strcmp(called->pdata[i], name) == 0;
            if (!seen)
                g_ptr_array_add(called, g_strdup(name));
            g_free(name);
            p = close + 1;
            continue;
        }
        char *inner = expand_macros(ctx, line, value, macros, depth + 1, called);
        g_free(name);
        if (!inner) {
            g_string_free(out, TRUE);
            return NULL;
        }
        /* A group around a lone class or escape would make PCRE2 copy the
         * class for every repetition ({2,8}); it needs none. */
        if (single_atom(inner))
            g_string_append(out, inner);
        else
            g_string_append_printf(out, "(?:%s)", inner);
        g_free(inner);
        p = close + 1;
    }
    return g_string_free(out, FALSE);
}

/* The pattern with its macros expanded, and a DEFINE group holding each
 * macro that it (or a macro it calls) calls with %{&NAME}. */
static char *
expand_pattern(parse_ctx *ctx, int line, const char *pattern, GHashTable *macros)
{
    GPtrArray *called = g_ptr_array_new_with_free_func(g_free);
    char *body = expand_macros(ctx, line, pattern, macros, 0, called);
    if (!body || called->len == 0) {
        g_ptr_array_free(called, TRUE);
        return body;
    }
    GString *out = g_string_new(body);
    g_free(body);
    g_string_append(out, "(?(DEFINE)");
    /* Called macros may call others: the list grows while it is walked. */
    for (guint i = 0; i < called->len; i++) {
        const char *name = called->pdata[i];
        char *inner = expand_macros(ctx, line, g_hash_table_lookup(macros, name), macros, 1,
                                    called);
        if (!inner) {
            g_string_free(out, TRUE);
            g_ptr_array_free(called, TRUE);
            return NULL;
        }
        g_string_append_printf(out, "(?<%s>%s)", name, inner);
        g_free(inner);
    }
    g_string_append_c(out, ')');
    g_ptr_array_free(called, TRUE);
    return g_string_free(out, FALSE);
}

static gboolean
parse_flags(parse_ctx *ctx, field *f, uint32_t *flags)
{
    static const struct {
        const char *name;
        uint32_t option;
    } known[] = {
        { "caseless", PCRE2_CASELESS }, { "multiline", PCRE2_MULTILINE },
        { "dotall", PCRE2_DOTALL },     { "extended", PCRE2_EXTENDED },
        { "ungreedy", PCRE2_UNGREEDY },
    };
    gboolean ok = TRUE;
    char **words = g_strsplit_set(f->value, " ,", -1);
    for (char **w = words; *w; w++) {
        if (!**w)
            continue;
        size_t i;
        for (i = 0; i < G_N_ELEMENTS(known); i++)
            if (strcmp(*w, known[i].name) == 0)
                break;
        if (i == G_N_ELEMENTS(known)) {
            diag(ctx, f->line,
                 "rule '%s': unknown flag '%s' (known: caseless, multiline, dotall, extended, "
                 "ungreedy)",
                 ctx->rule_id, *w);
            ok = FALSE;
        } else {
            *flags |= known[i].option;
        }
    }
    g_strfreev(words);
    return ok;
}

static gboolean
parse_uint(const char *s, uint32_t *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || end == s || *end || v > UINT32_MAX || s[0] == '-')
        return FALSE;
    *out = (uint32_t)v;
    return TRUE;
}

/* Fill r->pub.group_names from the compiled pattern's name table. */
static void
read_group_names(rule *r)
{
    uint32_t count = 0, entry_size = 0;
    PCRE2_SPTR table = NULL;
    pcre2_pattern_info(r->code, PCRE2_INFO_CAPTURECOUNT, &r->pub.n_groups);
    pcre2_pattern_info(r->code, PCRE2_INFO_NAMECOUNT, &count);
    pcre2_pattern_info(r->code, PCRE2_INFO_NAMEENTRYSIZE, &entry_size);
    pcre2_pattern_info(r->code, PCRE2_INFO_NAMETABLE, &table);
    char **names = g_new0(char *, r->pub.n_groups + 2);
    for (uint32_t i = 0; i < count; i++) {
        const unsigned char *e = table + i * entry_size;
        uint32_t n = ((uint32_t)e[0] << 8) | e[1];
        if (n <= r->pub.n_groups && !names[n])
            names[n] = g_strdup((const char *)e + 2);
    }
    r->pub.group_names = (const char *const *)names;
}

/* Parse a key template: $1, ${1}, ${name}, $$. */
static gboolean
parse_key(parse_ctx *ctx, field *f, rule *r)
{
    GArray *pieces = g_array_new(FALSE, TRUE, sizeof(key_piece));
    GString *lit = g_string_new(NULL);
    gboolean ok = TRUE;
    char *key = normalize_string(f->value);
    for (const char *p = key; *p && ok;) {
        if (*p != '$') {
            g_string_append_c(lit, *p++);
            continue;
        }
        if (p[1] == '$') {
            g_string_append_c(lit, '$');
            p += 2;
            continue;
        }
        int group = -1;
        const char *q = p + 1;
        if (g_ascii_isdigit(*q)) {
            group = 0;
            while (g_ascii_isdigit(*q))
                group = group * 10 + (*q++ - '0');
        } else if (*q == '{') {
            const char *close = strchr(q, '}');
            if (!close) {
                diag(ctx, f->line, "rule '%s': '${' without a closing '}' in key", r->pub.id);
                ok = FALSE;
                break;
            }
            char *name = g_strndup(q + 1, (size_t)(close - q - 1));
            if (*name && strspn(name, "0123456789") == strlen(name))
                group = atoi(name);
            else
                group = tifa_rule_group(&r->pub, name);
            if (group < 0) {
                diag(ctx, f->line,
                     "rule '%s': key refers to ${%s}, but the pattern has no group named so",
                     r->pub.id, name);
                ok = FALSE;
            }
            g_free(name);
            q = close + 1;
        } else {
            diag(ctx, f->line,
                 "rule '%s': a '$' in a key must be followed by a group: $1, ${name}, or $$",
                 r->pub.id);
            ok = FALSE;
            break;
        }
        if (ok && (uint32_t)group > r->pub.n_groups) {
            diag(ctx, f->line, "rule '%s': key refers to group %d, but the pattern has only %u",
                 r->pub.id, group, r->pub.n_groups);
            ok = FALSE;
        }
        if (lit->len) {
            key_piece piece = { g_strdup(lit->str), 0 };
            g_array_append_val(pieces, piece);
            g_string_truncate(lit, 0);
        }
        key_piece piece = { NULL, group };
        g_array_append_val(pieces, piece);
        p = q;
    }
    if (lit->len) {
        key_piece piece = { g_strdup(lit->str), 0 };
        g_array_append_val(pieces, piece);
    }
    g_string_free(lit, TRUE);
    g_free(key);
    if (!ok) {
        for (guint i = 0; i < pieces->len; i++)
            g_free(g_array_index(pieces, key_piece, i).text);
        g_array_free(pieces, TRUE);
        return FALSE;
    }
    r->key_pieces = pieces;
    return TRUE;
}

static void
rule_free(rule *r)
{
    g_free((char *)r->pub.id);
    g_free((char *)r->pub.pack);
    g_free((char *)r->pub.category);
    g_free((char *)r->pub.key);
    g_free((char *)r->pub.pattern);
    g_free((char *)r->pub.description);
    g_free((char *)r->pub.source);
    g_free((char *)r->pub.until);
    if (r->pub.group_names)
        for (uint32_t i = 0; i <= r->pub.n_groups; i++)
            g_free((char *)r->pub.group_names[i]);
    g_free((char **)r->pub.group_names);
    g_free(r->file);
    g_free(r->trie_lists);
    lexicon_free(r->lookup);
    if (r->literals)
        g_ptr_array_free(r->literals, TRUE);
    if (r->key_pieces) {
        for (guint i = 0; i < r->key_pieces->len; i++)
            g_free(g_array_index(r->key_pieces, key_piece, i).text);
        g_array_free(r->key_pieces, TRUE);
    }
    pcre2_code_free(r->code);
    g_free(r);
}

/* Compile the rule's pattern; report PCRE2's message with its offset. */
static gboolean
compile_rule(parse_ctx *ctx, rule *r, int pattern_line)
{
    int errcode;
    PCRE2_SIZE erroffset;
    /* Word lists compile as tries (word-lists.c); the pattern as written
     * stays the rule's, and is what a diagnostic shows.  TIFA_NO_WORD_TRIES
     * turns this off, for comparing the two.  A rule of literal: fields is
     * left as written: the fast engine counts its matches without PCRE2. */
    GString *trie_names = g_string_new(NULL);
    char *tries = r->literal_only || util_env_flag("TIFA_NO_WORD_TRIES")
                      ? NULL
                      : word_lists_as_tries(r->pub.pattern, r->flags, trie_names);
    if (tries) {
        r->code = pcre2_compile((PCRE2_SPTR)tries, PCRE2_ZERO_TERMINATED,
                                RULE_COMPILE_OPTIONS | r->flags, &errcode, &erroffset, NULL);
        g_free(tries);
    }
    if (r->code && trie_names->len)
        r->trie_lists = g_string_free(trie_names, FALSE);
    else
        g_string_free(trie_names, TRUE);
    if (!r->code)
        r->code = pcre2_compile((PCRE2_SPTR)r->pub.pattern, PCRE2_ZERO_TERMINATED,
                                RULE_COMPILE_OPTIONS | r->flags, &errcode, &erroffset, NULL);
    if (!r->code) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(errcode, msg, sizeof msg);
        /* Show the end of the pattern up to the error, so the user sees
         * where it is (macros may have made the pattern long). */
        size_t off = MIN((size_t)erroffset, strlen(r->pub.pattern));
        const char *from = r->pub.pattern + off;
        for (int chars = 0; from > r->pub.pattern && chars < 24; chars++)
            from = g_utf8_find_prev_char(r->pub.pattern, from);
        char *before = g_strndup(from, (size_t)(r->pub.pattern + off - from));
        char *valid = g_utf8_make_valid(before, -1);
        diag(ctx, pattern_line, "rule '%s': bad pattern: %s at character %ld (after '%s%s')",
             r->pub.id, (const char *)msg, g_utf8_strlen(r->pub.pattern, (gssize)off),
             from > r->pub.pattern ? "…" : "", valid);
        g_free(before);
        g_free(valid);
        return FALSE;
    }
    /* A rule of literal: fields alone is matched without PCRE2 by the fast
     * engine; the reference engine compiles it when it starts. */
    if (!(r->literal_only && r->flags == 0))
        rule_jit_compile(r);
    read_group_names(r);
    return TRUE;
}

void
rule_jit_compile(rule *r)
{
    if (r->jitted || r->jit_error || !util_use_jit())
        return;
    /* JIT is an optimisation: a pattern it cannot handle still works. */
    r->jit_error = pcre2_jit_compile(r->code, PCRE2_JIT_COMPLETE);
    size_t jit_size = 0;
    r->jitted = pcre2_pattern_info(r->code, PCRE2_INFO_JITSIZE, &jit_size) == 0 && jit_size > 0;
}

static const char *const rule_fields[] = {
    "id", "category", "pattern", "literal", "key", "description", "first", "source", "flags",
    "match-limit", "depth-limit", "lookup", "until", NULL,
};

static rule *
parse_rule(parse_ctx *ctx, record *rec, const char *pack_name, const char *default_category,
           GHashTable *macros)
{
    static const char *const repeatable[] = { "literal", NULL };
    int errors_before = ctx->errors;
    check_fields(ctx, rec, "rule", rule_fields, repeatable);

    rule *r = g_new0(rule, 1);
    field *id = find_field(rec, "id");
    r->file = g_strdup(ctx->path);
    r->line = id->line;
    r->pub.id = g_strdup(id->value);
    r->pub.pack = g_strdup(pack_name);
    ctx->rule_id = r->pub.id;
    if (!*id->value || strpbrk(id->value, " \t"))
        diag(ctx, id->line, "a rule id must be one word, without spaces");

    field *cat = find_field(rec, "category");
    r->pub.category = g_strdup(cat ? cat->value : default_category);
    if (cat && !*cat->value)
        diag(ctx, cat->line, "rule '%s': empty category", r->pub.id);

    field *f;
    if ((f = find_field(rec, "description")))
        r->pub.description = g_strdup(f->value);
    if ((f = find_field(rec, "source")))
        r->pub.source = g_strdup(f->value);
    if ((f = find_field(rec, "first"))) {
        uint32_t year;
        if (!parse_uint(f->value, &year) || year < 1800 || year > 2200)
            diag(ctx, f->line, "rule '%s': 'first' must be a year such as 2016, not '%s'",
                 r->pub.id, f->value);
        else
            r->pub.first_year = (int)year;
    }
    if ((f = find_field(rec, "until"))) {
        char day[11];
        /* Plugins compare it with a document's date as a string. */
        if (strlen(f->value) != 10 || !date_parse(f->value, day) || strcmp(day, f->value) != 0)
            diag(ctx, f->line, "rule '%s': 'until' must be a day written YYYY-MM-DD, not '%s'",
                 r->pub.id, f->value);
        else
            r->pub.until = g_strdup(day);
    }
    if ((f = find_field(rec, "flags")))
        parse_flags(ctx, f, &r->flags);
    if ((f = find_field(rec, "match-limit")) && !parse_uint(f->value, &r->match_limit))
        diag(ctx, f->line, "rule '%s': match-limit must be a whole number", r->pub.id);
    if ((f = find_field(rec, "depth-limit")) && !parse_uint(f->value, &r->depth_limit))
        diag(ctx, f->line, "rule '%s': depth-limit must be a whole number", r->pub.id);

    field *pattern = find_field(rec, "pattern");
    gboolean has_literal = find_field(rec, "literal") != NULL;
    int pattern_line = pattern ? pattern->line : id->line;
    if (pattern && has_literal) {
        diag(ctx, pattern->line, "rule '%s' has both 'pattern' and 'literal': give one kind",
             r->pub.id);
    } else if (!pattern && !has_literal) {
        diag(ctx, id->line, "rule '%s' has neither 'pattern' nor 'literal'", r->pub.id);
    } else if (pattern && !*pattern->value) {
        diag(ctx, pattern->line, "rule '%s': empty pattern", r->pub.id);
    } else if (pattern) {
        char *expanded = expand_pattern(ctx, pattern->line, pattern->value, macros);
        if (expanded) {
            r->pub.pattern = normalize_string(expanded);
            g_free(expanded);
        }
    } else {
        r->literal_only = TRUE;
        r->literals = g_ptr_array_new_with_free_func(g_free);
        for (guint i = 0; i < rec->fields->len; i++) {
            field *lf = &g_array_index(rec->fields, field, i);
            if (strcmp(lf->name, "literal") != 0)
                continue;
            if (!*lf->value) {
                diag(ctx, lf->line, "rule '%s': empty literal", r->pub.id);
                continue;
            }
            g_ptr_array_add(r->literals, normalize_string(lf->value));
        }
        g_ptr_array_sort(r->literals, longer_first);
        GString *alt = g_string_new(r->literals->len > 1 ? "(?:" : "");
        for (guint i = 0; i < r->literals->len; i++) {
            if (i)
                g_string_append_c(alt, '|');
            append_escaped(alt, r->literals->pdata[i]);
        }
        if (r->literals->len > 1)
            g_string_append_c(alt, ')');
        r->pub.pattern = g_string_free(alt, FALSE);
    }
    if (r->pub.pattern && ctx->errors == errors_before)
        compile_rule(ctx, r, pattern_line);

    if (r->code && (f = find_field(rec, "key"))) {
        r->pub.key = normalize_string(f->value);
        parse_key(ctx, f, r);
    }
    if ((f = find_field(rec, "lookup"))) {
        /* A word list its plugin asks about at chosen places (lexicon.c). */
        if (strcmp(f->value, "yes") != 0 && strcmp(f->value, "no") != 0)
            diag(ctx, f->line, "rule '%s': lookup must be yes or no, not '%s'", r->pub.id,
                 f->value);
        else if (strcmp(f->value, "yes") == 0 && !r->literal_only)
            diag(ctx, f->line,
                 "rule '%s': a lookup rule is a word list: give its words as literal: "
                 "fields, not a pattern", r->pub.id);
        else if (strcmp(f->value, "yes") == 0 && r->flags != 0)
            diag(ctx, f->line, "rule '%s': a lookup rule takes no flags", r->pub.id);
        else if (strcmp(f->value, "yes") == 0 && r->literals)
            r->lookup = lexicon_new(r->literals);
    }
    ctx->rule_id = NULL;
    if (ctx->errors != errors_before) {
        rule_free(r);
        return NULL;
    }
    return r;
}

static const char *const pack_fields[] = { "pack", "description", "category", "version", NULL };

rulepack *
rulepack_load(const char *path, GPtrArray *diagnostics)
{
    char *text = NULL;
    gsize len = 0;
    GError *error = NULL;
    if (!g_file_get_contents(path, &text, &len, &error)) {
        g_ptr_array_add(diagnostics, g_strdup_printf("%s: cannot read this rule pack: %s",
                                                     path, error->message));
        g_error_free(error);
        return NULL;
    }
    /* A dictionary (quanteda, LIWC) is read through its rule-pack form. */
    if (dictionary_is_dictionary(path)) {
        char *pack_text = dictionary_to_pack(path, text, len, diagnostics);
        g_free(text);
        if (!pack_text)
            return NULL;
        rulepack *pack = rulepack_parse(path, pack_text, strlen(pack_text), diagnostics);
        g_free(pack_text);
        /* Messages about a rule name the line of the dictionary it came
         * from (its source: field), not a line of the converted pack. */
        for (guint i = 0; pack && i < pack->rules->len; i++) {
            rule *r = pack->rules->pdata[i];
            const char *colon = r->pub.source ? strrchr(r->pub.source, ':') : NULL;
            int line = colon ? atoi(colon + 1) : 0;
            if (line > 0)
                r->line = line;
        }
        return pack;
    }
    rulepack *pack = rulepack_parse(path, text, len, diagnostics);
    g_free(text);
    return pack;
}

rulepack *
rulepack_parse(const char *path, const char *text, size_t len, GPtrArray *diagnostics)
{
    parse_ctx ctx = { path, diagnostics, 0, NULL };
    const char *bad = NULL;
    if (!g_utf8_validate(text, (gssize)len, &bad)) {
        int line = 1;
        for (const char *p = text; p < bad; p++)
            line += *p == '\n';
        diag(&ctx, line, "not valid UTF-8 (save rule packs as UTF-8)");
        return NULL;
    }
    /* The text up to its length: a NUL byte ends it as it ends a line. */
    char *copy = g_strndup(text, len);
    GPtrArray *records = split_records(&ctx, copy);
    g_free(copy);

    rulepack *pack = g_new0(rulepack, 1);
    char *base = g_path_get_basename(path);
    char *dot = strrchr(base, '.');
    if (dot && dot != base)
        *dot = '\0';
    pack->name = base;
    pack->files = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(pack->files, g_strdup(path));
    pack->rules = g_ptr_array_new_with_free_func((GDestroyNotify)rule_free);
    const char *default_category = "default";
    char *category_storage = NULL;

    /* Macros first, so that rules may use macros defined below them. */
    GHashTable *macros = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    for (guint i = 0; i < records->len; i++) {
        record *rec = records->pdata[i];
        field *def = find_field(rec, "define");
        if (!def)
            continue;
        static const char *const macro_fields[] = { "define", "pattern", "description", NULL };
        check_fields(&ctx, rec, "define", macro_fields, NULL);
        field *pat = find_field(rec, "pattern");
        if (!pat) {
            diag(&ctx, def->line, "macro '%s' has no 'pattern'", def->value);
            continue;
        }
        if (g_hash_table_contains(macros, def->value)) {
            diag(&ctx, def->line, "macro '%s' defined twice", def->value);
            continue;
        }
        g_hash_table_insert(macros, g_strdup(def->value), g_strdup(pat->value));
    }

    GHashTable *ids = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < records->len; i++) {
        record *rec = records->pdata[i];
        if (find_field(rec, "pack")) {
            if (i != 0)
                diag(&ctx, rec->line, "the 'pack:' record must be the first in the file");
            check_fields(&ctx, rec, "pack", pack_fields, NULL);
            field *f = find_field(rec, "pack");
            if (!*f->value || strpbrk(f->value, " \t/")) {
                diag(&ctx, f->line, "a pack name must be one word");
            } else {
                g_free(pack->name);
                pack->name = g_strdup(f->value);
            }
            /* A second header (already reported) replaces the first. */
            if ((f = find_field(rec, "description"))) {
                g_free(pack->description);
                pack->description = g_strdup(f->value);
            }
            if ((f = find_field(rec, "category"))) {
                g_free(category_storage);
                category_storage = g_strdup(f->value);
                default_category = category_storage;
            }
            continue;
        }
        if (find_field(rec, "define"))
            continue;
        if (!find_field(rec, "id")) {
            diag(&ctx, rec->line,
                 "a record needs 'id:' (a rule), 'define:' (a macro) or 'pack:' (the header)");
            continue;
        }
        rule *r = parse_rule(&ctx, rec, pack->name, default_category, macros);
        if (!r)
            continue;
        rule *dup = g_hash_table_lookup(ids, r->pub.id);
        if (dup) {
            diag(&ctx, r->line, "rule id '%s' used twice (first on line %d)", r->pub.id,
                 dup->line);
            rule_free(r);
            continue;
        }
        g_hash_table_insert(ids, (char *)r->pub.id, r);
        g_ptr_array_add(pack->rules, r);
    }
    g_hash_table_destroy(ids);
    g_hash_table_destroy(macros);
    g_ptr_array_free(records, TRUE);
    g_free(category_storage);
    if (ctx.errors) {
        rulepack_free(pack);
        return NULL;
    }
    return pack;
}

void
rulepack_free(rulepack *pack)
{
    if (!pack)
        return;
    g_free(pack->name);
    g_free(pack->description);
    g_ptr_array_free(pack->files, TRUE);
    g_ptr_array_free(pack->rules, TRUE);
    g_free(pack);
}

gboolean
rulepack_merge(rulepack *pack, rulepack *more, GPtrArray *diagnostics)
{
    /* Every clash said, and nothing merged when there is one: the pack
     * stays as it was, so that a run can leave the other file out. */
    gboolean ok = TRUE;
    for (guint i = 0; i < more->rules->len; i++) {
        rule *r = more->rules->pdata[i];
        for (guint j = 0; j < pack->rules->len; j++) {
            rule *q = pack->rules->pdata[j];
            if (strcmp(q->pub.id, r->pub.id) == 0) {
                /* A dictionary's ids are made up (security-1): a clash means
                 * two files of one name, read as one pack. */
                gboolean made_up = dictionary_is_dictionary(r->file) ||
                                   dictionary_is_dictionary(q->file);
                g_ptr_array_add(diagnostics,
                                g_strdup_printf("%s:%d: rule id '%s' of pack '%s' is already "
                                                "used in %s:%d%s",
                                                r->file, r->line, r->pub.id, pack->name,
                                                q->file, q->line,
                                                made_up ? " (files of the same name make one "
                                                          "pack: rename one, or convert it with "
                                                          "tifa import --pack NAME)"
                                                        : ""));
                ok = FALSE;
                break;
            }
        }
    }
    if (ok) {
        while (more->rules->len)
            g_ptr_array_add(pack->rules, g_ptr_array_steal_index(more->rules, 0));
        for (guint i = 0; i < more->files->len; i++)
            g_ptr_array_add(pack->files, g_strdup(more->files->pdata[i]));
        if (!pack->description && more->description)
            pack->description = g_strdup(more->description);
    }
    rulepack_free(more);
    return ok;
}

void
rule_expand_key(const rule *r, const char *text, const size_t *groups, GString *out)
{
    g_string_truncate(out, 0);
    if (!r->key_pieces) {
        g_string_append_len(out, text + groups[0], (gssize)(groups[1] - groups[0]));
        return;
    }
    for (guint i = 0; i < r->key_pieces->len; i++) {
        const key_piece *p = &g_array_index(r->key_pieces, key_piece, i);
        if (p->text) {
            g_string_append(out, p->text);
            continue;
        }
        size_t s = groups[2 * p->group], e = groups[2 * p->group + 1];
        if (s != TIFA_UNSET && e != TIFA_UNSET && e >= s)
            g_string_append_len(out, text + s, (gssize)(e - s));
    }
}

const char *
rule_fixed_key(const rule *r)
{
    if (r->key_pieces) {
        if (r->key_pieces->len == 1) {
            const key_piece *p = &g_array_index(r->key_pieces, key_piece, 0);
            if (p->text)
                return p->text;
        }
        return NULL;
    }
    /* No key: the matched text, which for a single literal is the literal. */
    if (r->literal_only && r->literals && r->literals->len == 1)
        return r->literals->pdata[0];
    return NULL;
}

gboolean
rule_matches_empty(const rule *r)
{
    uint32_t min = 0;
    pcre2_pattern_info(r->code, PCRE2_INFO_MINLENGTH, &min);
    return min == 0;
}

/* The *.rules files of a directory, sorted by name. */
static GPtrArray *
list_pack_files(const char *dir)
{
    GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
    GDir *d = g_dir_open(dir, 0, NULL);
    if (!d)
        return files;
    const char *name;
    while ((name = g_dir_read_name(d)))
        if (g_str_has_suffix(name, ".rules") || dictionary_is_dictionary(name))
            g_ptr_array_add(files, g_strdup(name));
    g_dir_close(d);
    return files;
}

static gint
compare_strings(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Adds a pack, merging it into one of the same name; FALSE, said, when an
 * id clashes (the pack is then freed and the other left as it was). */
static gboolean
add_pack(GHashTable *packs, rulepack *pack, GPtrArray *diagnostics)
{
    rulepack *existing = g_hash_table_lookup(packs, pack->name);
    if (existing)
        return rulepack_merge(existing, pack, diagnostics);
    g_hash_table_insert(packs, pack->name, pack);
    return TRUE;
}

/* The path with symbolic links and . and .. resolved, or as given when it
 * cannot be resolved (it does not exist: loading will say so). */
static char *
canonical_path(const char *path)
{
    char *real = realpath(path, NULL);
    if (!real)
        return g_strdup(path);
    char *copy = g_strdup(real);
    free(real);
    return copy;
}

GHashTable *
rules_load_all(const rules_path *path, GPtrArray *diagnostics, GPtrArray *skipped)
{
    GHashTable *packs =
        g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)rulepack_free);
    GHashTable *seen_names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    /* Files already loaded, by canonical path: a pack named with --rules that
     * is also in a rules directory (TIFA_RULES_PATH) is loaded once. */
    GHashTable *loaded = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    gboolean ok = TRUE;
    /* A file named on the command line takes the place of a file of the
     * same name in the directories, as a directory's file takes the place
     * of one in a later directory: an edited formulations.rules replaces
     * the installed one instead of clashing with it rule by rule. */
    for (guint i = 0; path->files && i < path->files->len; i++) {
        char *base = g_path_get_basename(path->files->pdata[i]);
        g_hash_table_add(seen_names, base);
    }
    for (guint i = 0; path->dirs && i < path->dirs->len; i++) {
        const char *dir = path->dirs->pdata[i];
        GPtrArray *files = list_pack_files(dir);
        g_ptr_array_sort(files, compare_strings);
        for (guint j = 0; j < files->len; j++) {
            const char *name = files->pdata[j];
            /* Like PATH: the first directory that has a file of this name wins,
             * so a user's copy shadows the installed pack. */
            if (g_hash_table_contains(seen_names, name))
                continue;
            g_hash_table_add(seen_names, g_strdup(name));
            char *file = g_build_filename(dir, name, NULL);
            rulepack *pack = rulepack_load(file, diagnostics);
            g_hash_table_add(loaded, canonical_path(file));
            /* A broken file of a directory, or one whose ids clash with
             * those of its pack's other files, is left out when the caller
             * keeps going without it (skipped): one bad file on the path
             * must not stop every run. */
            if (!pack || !add_pack(packs, pack, diagnostics)) {
                if (skipped)
                    g_ptr_array_add(skipped, file);
                else
                    g_free(file);
                ok = ok && skipped;
                continue;
            }
            g_free(file);
        }
        g_ptr_array_free(files, TRUE);
    }
    for (guint i = 0; path->files && i < path->files->len; i++) {
        char *canonical = canonical_path(path->files->pdata[i]);
        if (!g_hash_table_add(loaded, canonical))
            continue;
        rulepack *pack = rulepack_load(path->files->pdata[i], diagnostics);
        if (!pack || !add_pack(packs, pack, diagnostics))
            ok = FALSE;
    }
    g_hash_table_destroy(seen_names);
    g_hash_table_destroy(loaded);
    if (!ok) {
        g_hash_table_destroy(packs);
        return NULL;
    }
    return packs;
}

/* Is p at an unbounded counted repeat, {n,}? */
static gboolean
unbounded_brace(const char *p)
{
    if (*p++ != '{' || !g_ascii_isdigit(*p))
        return FALSE;
    while (g_ascii_isdigit(*p))
        p++;
    return p[0] == ',' && p[1] == '}';
}

/*
 * A cheap look for the classic catastrophic shape: a group whose contents
 * can repeat without bound and that is itself repeated without bound.  It
 * reads the pattern's syntax only (escapes, classes and groups), so it can
 * miss subtler cases ((a|a)*) and will not catch what limits catch anyway.
 */
const char *
rule_backtracking_risk(const rule *r)
{
    enum { DEPTH = 64 };
    gboolean inner_unbounded[DEPTH] = { FALSE };
    int depth = 0;
    const char *p = r->pub.pattern;
    gboolean last_group_unbounded = FALSE;   /* the group that just closed */
    while (*p) {
        char c = *p;
        if (c == '\\') {
            /* An escape is one atom, with its braces: \p{sc=Han}+ repeats
             * the class (the '+' after its '}' is no possessive mark). */
            p += p[1] ? 2 : 1;
            if (*p == '{' && strchr("pPxNgko", p[-1])) {
                const char *close = strchr(p, '}');
                p = close ? close + 1 : p + strlen(p);
                /* Its repeat here, since the test below takes a '+' after
                 * a '}' for a possessive mark. */
                if (*p == '*' || *p == '+' || unbounded_brace(p)) {
                    inner_unbounded[depth] = TRUE;
                    if (*p != '{')
                        p++;
                }
            }
            last_group_unbounded = FALSE;
            continue;
        }
        if (c == '[') {
            p++;
            if (*p == '^')
                p++;
            if (*p == ']')
                p++;
            while (*p && *p != ']') {
                if (*p == '\\' && p[1])
                    p++;
                p++;
            }
            if (*p)
                p++;
            last_group_unbounded = FALSE;
            continue;
        }
        if (c == '(') {
            if (depth + 1 < DEPTH)
                inner_unbounded[++depth] = FALSE;
            p++;
            last_group_unbounded = FALSE;
            continue;
        }
        if (c == ')') {
            last_group_unbounded = depth > 0 && inner_unbounded[depth];
            if (depth > 0)
                depth--;
            p++;
            /* The group's own quantifier decides; either way the outer
             * group contains whatever this one contained. */
            gboolean repeated = *p == '*' || *p == '+' || unbounded_brace(p);
            if (repeated && last_group_unbounded)
                return "a repeated group that itself contains an unbounded repeat, "
                       "like (a+)+: it can backtrack without end on text that almost "
                       "matches";
            if (depth >= 0 && (last_group_unbounded || repeated))
                inner_unbounded[depth] = TRUE;
            continue;
        }
        if (c == '*' || c == '+' || unbounded_brace(p)) {
            /* An unbounded repeat of an atom; a '+' or '?' after a
             * quantifier is possessive or lazy, not another repeat. */
            if (!(c == '+' && p > r->pub.pattern &&
                  (p[-1] == '*' || p[-1] == '+' || p[-1] == '?' || p[-1] == '}')))
                inner_unbounded[depth] = TRUE;
        }
        last_group_unbounded = FALSE;
        p++;
    }
    return NULL;
}
