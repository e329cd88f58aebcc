/*
 * dictionary.c - researchers' dictionaries as rule packs: quanteda YAML
 * dictionaries, LIWC .dic files and plain word lists (docs/dictionaries.md).
 *
 * Each format is read into one shape: categories in order of appearance,
 * the hierarchy flattened into dotted names (politics.loyalty, as quanteda
 * flattens it), each with its entries and the line each came from.  One
 * writer turns that shape into rule-pack text, which rules.c then parses
 * like any pack, so that a dictionary obeys exactly the rules a pack does.
 *
 * Entries match the raw text, without segmentation, as every tifa rule
 * does.  quanteda and LIWC match whole tokens, so three things change:
 *   - a wildcard must not run to the end of the sentence (Chinese has no
 *     spaces to stop it): in an entry with Han characters `*` is at most
 *     four Han characters and `?` one; in other entries they are word
 *     characters other than Han, so that "GDP*" stops before 增长;
 *   - an edge of an entry that is a non-Han letter or digit must not touch
 *     another one (tax must not match syntax), while a Han edge may touch
 *     anything (四个意识 inside “四个意识”);
 *   - the words of a multi-word entry are adjacent in Chinese text: they
 *     are joined by \s* (by \s+ between two Latin words).
 * Entries with cased letters match without regard to case, as quanteda
 * and LIWC match them.
 */
#include "config.h"

#include <string.h>
#include <yaml.h>

#include "tifa.h"

/* What `*` and `?` become, and the edges of non-Han words (see above). */
#define HAN_STAR "\\p{sc=Han}{0,4}"
#define HAN_ONE "\\p{sc=Han}"
#define OTHER_STAR "[^\\W\\p{sc=Han}]*"
#define OTHER_ONE "[^\\W\\p{sc=Han}]"
#define OTHER_BEFORE "(?<![^\\W\\p{sc=Han}])"
#define OTHER_AFTER "(?![^\\W\\p{sc=Han}])"

/* The separator of levels in a category name (quanteda's, in its flattened
 * dictionaries). */
#define LEVEL_SEP "."

/* Guards against YAML aliases that refer to themselves or multiply (the
 * "billion laughs"): nesting and the number of nodes visited. */
#define YAML_DEPTH_MAX 64
#define YAML_NODES_MAX 1000000

typedef struct {
    char *text;              /* normalised; words separated by one space */
    int line;
} dict_entry;

typedef struct {
    char *name;              /* the full dotted name */
    int line;                /* where it was defined or first used */
    GPtrArray *entries;      /* dict_entry*, in order, without repeats */
    GHashTable *seen;        /* entry text -> TRUE */
} dict_category;

typedef struct {
    const char *path;
    GPtrArray *diagnostics;
    int errors;
    GPtrArray *categories;   /* dict_category*, in order of appearance */
    GHashTable *by_name;     /* name -> dict_category* (borrowed) */
    size_t yaml_nodes;
} dict;

static void G_GNUC_PRINTF(3, 4)
diag(dict *d, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    util_diagv(d->diagnostics, d->path, line, fmt, ap);
    va_end(ap);
    d->errors++;
}

static void
entry_free(dict_entry *e)
{
    g_free(e->text);
    g_free(e);
}

static void
category_free(dict_category *c)
{
    g_free(c->name);
    g_ptr_array_free(c->entries, TRUE);
    g_hash_table_destroy(c->seen);
    g_free(c);
}

static void
dict_init(dict *d, const char *path, GPtrArray *diagnostics)
{
    memset(d, 0, sizeof *d);
    d->path = path;
    d->diagnostics = diagnostics;
    d->categories = g_ptr_array_new_with_free_func((GDestroyNotify)category_free);
    d->by_name = g_hash_table_new(g_str_hash, g_str_equal);
}

static void
dict_clear(dict *d)
{
    g_hash_table_destroy(d->by_name);
    g_ptr_array_free(d->categories, TRUE);
}

/* White space runs as one space, none at the ends: how names and entries
 * are compared and written (a field value is one line). */
static char *
collapse_space(const char *s)
{
    GString *out = g_string_new(NULL);
    gboolean pending = FALSE;
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_isspace(c) || c < 0x20) {
            pending = out->len > 0;
            continue;
        }
        if (pending)
            g_string_append_c(out, ' ');
        pending = FALSE;
        g_string_append_unichar(out, c);
    }
    return g_string_free(out, FALSE);
}

static dict_category *
category_get(dict *d, const char *name, int line)
{
    dict_category *c = g_hash_table_lookup(d->by_name, name);
    if (c)
        return c;
    c = g_new0(dict_category, 1);
    c->name = g_strdup(name);
    c->line = line;
    c->entries = g_ptr_array_new_with_free_func((GDestroyNotify)entry_free);
    c->seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_ptr_array_add(d->categories, c);
    g_hash_table_insert(d->by_name, c->name, c);
    return c;
}

/*
 * Add an entry to a category.  The entry is normalised first, as the text
 * is (full-width to half-width, U+3000 to a space): the rule sees the
 * normalised text, and a full-width ＊ must become a wildcard here rather
 * than a quantifier after escaping.  A repeated entry is dropped: it would
 * count every hit twice.
 */
static void
dict_add(dict *d, dict_category *c, const char *raw, int line)
{
    size_t n;
    char *norm = normalize_text(raw, strlen(raw), &n, NULL);
    char *text = collapse_space(norm);
    g_free(norm);
    if (!*text) {
        diag(d, line, "empty entry in category '%s'", c->name);
        g_free(text);
        return;
    }
    if (strspn(text, "*? ") == strlen(text)) {
        diag(d, line, "entry '%s' is nothing but wildcards and would match everywhere", text);
        g_free(text);
        return;
    }
    if (g_hash_table_contains(c->seen, text)) {
        g_free(text);
        return;
    }
    g_hash_table_add(c->seen, g_strdup(text));
    dict_entry *e = g_new0(dict_entry, 1);
    e->text = text;
    e->line = line;
    g_ptr_array_add(c->entries, e);
}

/* ---- quanteda YAML ---- */

static int
node_line(const yaml_node_t *node)
{
    return (int)node->start_mark.line + 1;
}

/* YAML's null (an empty value, ~, null): a category without entries. */
static gboolean
node_is_null(const yaml_node_t *node)
{
    if (node->type != YAML_SCALAR_NODE)
        return FALSE;
    if (node->tag && strcmp((const char *)node->tag, YAML_NULL_TAG) == 0)
        return TRUE;
    if (node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return FALSE;
    const char *v = (const char *)node->data.scalar.value;
    return !*v || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 || strcmp(v, "Null") == 0 ||
           strcmp(v, "NULL") == 0;
}

static gboolean
yaml_visit(dict *d, const yaml_node_t *node, int depth)
{
    if (depth > YAML_DEPTH_MAX) {
        diag(d, node_line(node), "categories nest more than %d deep (an alias that refers "
             "to itself?)", YAML_DEPTH_MAX);
        return FALSE;
    }
    if (++d->yaml_nodes > YAML_NODES_MAX) {
        diag(d, node_line(node), "more than %d values: aliases that multiply?",
             YAML_NODES_MAX);
        return FALSE;
    }
    return TRUE;
}

static gboolean yaml_read_values(dict *d, yaml_document_t *doc, yaml_node_t *node,
                                 const char *category, int category_line, int depth);

/* A mapping of category names: under `prefix` (NULL at the top). */
static gboolean
yaml_read_mapping(dict *d, yaml_document_t *doc, yaml_node_t *map, const char *prefix,
                  int depth)
{
    if (!yaml_visit(d, map, depth))
        return FALSE;
    for (yaml_node_pair_t *pair = map->data.mapping.pairs.start;
         pair < map->data.mapping.pairs.top; pair++) {
        yaml_node_t *key = yaml_document_get_node(doc, pair->key);
        yaml_node_t *value = yaml_document_get_node(doc, pair->value);
        if (!key || !value)
            continue;
        if (key->type != YAML_SCALAR_NODE) {
            diag(d, node_line(key), "a category name must be a plain word, not a list or "
                 "a mapping");
            continue;
        }
        char *name = collapse_space((const char *)key->data.scalar.value);
        gboolean ok = TRUE;
        if (!*name) {
            diag(d, node_line(key), "empty category name");
        } else if (strcmp(name, "__") == 0) {
            /* quanteda's as.yaml() writes the entries of a category that
             * also has subcategories under the key "__". */
            if (!prefix)
                diag(d, node_line(key), "entries under '__' need a parent category");
            else
                ok = yaml_read_values(d, doc, value, prefix, node_line(key), depth + 1);
        } else {
            char *full = prefix ? g_strconcat(prefix, LEVEL_SEP, name, NULL) : g_strdup(name);
            ok = yaml_read_values(d, doc, value, full, node_line(key), depth + 1);
            g_free(full);
        }
        g_free(name);
        if (!ok)
            return FALSE;
    }
    return TRUE;
}

/* What a category holds: one entry, a list of entries, or subcategories. */
static gboolean
yaml_read_values(dict *d, yaml_document_t *doc, yaml_node_t *node, const char *category,
                 int category_line, int depth)
{
    if (!yaml_visit(d, node, depth))
        return FALSE;
    if (node->type == YAML_MAPPING_NODE)
        return yaml_read_mapping(d, doc, node, category, depth);
    if (node_is_null(node))
        return TRUE;
    dict_category *c = category_get(d, category, category_line);
    if (node->type == YAML_SCALAR_NODE) {
        /* yaml::as.yaml() writes a category of one entry as a bare value. */
        dict_add(d, c, (const char *)node->data.scalar.value, node_line(node));
        return TRUE;
    }
    for (yaml_node_item_t *item = node->data.sequence.items.start;
         item < node->data.sequence.items.top; item++) {
        yaml_node_t *v = yaml_document_get_node(doc, *item);
        if (!v || node_is_null(v))
            continue;
        if (v->type == YAML_SCALAR_NODE) {
            if (!yaml_visit(d, v, depth + 1))
                return FALSE;
            dict_add(d, c, (const char *)v->data.scalar.value, node_line(v));
        } else if (v->type == YAML_MAPPING_NODE) {
            /* "- sub: [...]" in a list: subcategories beside the entries. */
            if (!yaml_read_mapping(d, doc, v, category, depth + 1))
                return FALSE;
        } else {
            diag(d, node_line(v), "an entry must be a word or a phrase, not a list");
        }
    }
    return TRUE;
}

static void
yaml_report(dict *d, const yaml_parser_t *parser)
{
    if (parser->error == YAML_MEMORY_ERROR) {
        diag(d, 0, "out of memory while reading the YAML");
        return;
    }
    const char *problem = parser->problem ? parser->problem : "unreadable YAML";
    int line = (int)parser->problem_mark.line + 1;
    int column = (int)parser->problem_mark.column + 1;
    if (parser->context)
        diag(d, line, "not valid YAML (column %d): %s, %s that starts on line %d", column,
             problem, parser->context, (int)parser->context_mark.line + 1);
    else
        diag(d, line, "not valid YAML (column %d): %s", column, problem);
}

static void
read_quanteda(dict *d, const char *text, size_t len)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        diag(d, 0, "out of memory while reading the YAML");
        return;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    yaml_document_t doc;
    if (!yaml_parser_load(&parser, &doc)) {
        yaml_report(d, &parser);
        yaml_parser_delete(&parser);
        return;
    }
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (!root) {
        diag(d, 0, "no categories: the YAML file is empty");
    } else if (root->type != YAML_MAPPING_NODE) {
        diag(d, node_line(root), "a quanteda dictionary is a mapping of categories to "
             "entries ('category: [entry, entry]'), not a %s",
             root->type == YAML_SEQUENCE_NODE ? "list" : "single value");
    } else if (yaml_read_mapping(d, &doc, root, NULL, 0)) {
        /* A second document would be silently ignored: say so instead. */
        yaml_document_t more;
        if (!yaml_parser_load(&parser, &more)) {
            yaml_report(d, &parser);
        } else {
            yaml_node_t *next = yaml_document_get_root_node(&more);
            if (next)
                diag(d, node_line(next), "a second YAML document ('---'): put every "
                     "category in one mapping");
            yaml_document_delete(&more);
        }
    }
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
}

/* ---- LIWC .dic ---- */

/* A category number: digits only (01 is 1). */
static gboolean
parse_code(const char *s, size_t n, guint *out)
{
    if (n == 0 || n > 9)
        return FALSE;
    guint v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!g_ascii_isdigit(s[i]))
            return FALSE;
        v = v * 10 + (guint)(s[i] - '0');
    }
    *out = v;
    return TRUE;
}

typedef struct {
    int depth;               /* leading tabs */
    dict_category *category;
} liwc_level;

/*
 * A header line: "NUMBER<TAB>NAME".  Leading tabs nest a category under
 * the nearest line above with fewer tabs (LIWC2015's hierarchy, as quanteda
 * reads it); columns after the name are ignored.
 */
static void
liwc_category(dict *d, const char *line, int lineno, GHashTable *codes, GArray *levels)
{
    int depth = 0;
    const char *p = line;
    for (; *p == '\t'; p++)
        depth++;
    while (*p == ' ')
        p++;
    const char *num = p;
    while (g_ascii_isdigit(*p))
        p++;
    guint code;
    if (!parse_code(num, (size_t)(p - num), &code) || (*p != ' ' && *p != '\t')) {
        diag(d, lineno, "a category line between the '%%' lines is 'NUMBER<TAB>NAME' "
             "(for example '1<TAB>loyalty')");
        return;
    }
    while (*p == ' ' || *p == '\t')
        p++;
    const char *end = strchr(p, '\t');
    char *raw = g_strndup(p, end ? (size_t)(end - p) : strlen(p));
    char *name = collapse_space(raw);
    g_free(raw);
    if (!*name) {
        diag(d, lineno, "category %u has no name", code);
        g_free(name);
        return;
    }
    dict_category *dup = g_hash_table_lookup(codes, GUINT_TO_POINTER(code));
    if (dup) {
        diag(d, lineno, "category number %u is given twice (first as '%s' on line %d)", code,
             dup->name, dup->line);
        g_free(name);
        return;
    }
    while (levels->len && g_array_index(levels, liwc_level, levels->len - 1).depth >= depth)
        g_array_set_size(levels, levels->len - 1);
    char *full = levels->len
        ? g_strconcat(g_array_index(levels, liwc_level, levels->len - 1).category->name,
                      LEVEL_SEP, name, NULL)
        : g_strdup(name);
    g_free(name);
    if (g_hash_table_contains(d->by_name, full)) {
        diag(d, lineno, "category '%s' is defined twice", full);
        g_free(full);
        return;
    }
    liwc_level level = { depth, category_get(d, full, lineno) };
    g_free(full);
    g_array_append_val(levels, level);
    g_hash_table_insert(codes, GUINT_TO_POINTER(code), level.category);
}

/*
 * An entry line: "entry<TAB>1<TAB>3", the entry before the first tab.  In
 * a line without tabs the numbers at the end are the categories, so that
 * "kind of 1 2" is the entry "kind of".
 */
static void
liwc_entry(dict *d, char *line, int lineno, GHashTable *codes)
{
    char *entry, **fields;
    char *tab = strchr(line, '\t');
    if (tab) {
        *tab = '\0';
        entry = g_strdup(line);
        fields = g_strsplit_set(tab + 1, " \t", -1);
    } else {
        char **words = g_strsplit_set(line, " ", -1);
        guint n = g_strv_length(words), first_code = n;
        while (first_code > 1) {
            guint code;
            const char *w = words[first_code - 1];
            if (*w && !parse_code(w, strlen(w), &code))
                break;
            first_code--;
        }
        char *saved = words[first_code];
        words[first_code] = NULL;
        entry = g_strjoinv(" ", words);
        words[first_code] = saved;
        fields = g_strdupv(words + first_code);
        g_strfreev(words);
    }
    g_strstrip(entry);
    if (!*entry) {
        diag(d, lineno, "category numbers without an entry before them");
    } else {
        GPtrArray *cats = g_ptr_array_new();
        gboolean ok = TRUE;
        for (char **f = fields; *f && ok; f++) {
            if (!**f)
                continue;
            guint code;
            dict_category *c;
            if (!parse_code(*f, strlen(*f), &code)) {
                diag(d, lineno, "'%s' is not a category number (LIWC2007's conditional "
                     "codes, such as 02 134/125[02], are not supported)", *f);
                ok = FALSE;
            } else if (!(c = g_hash_table_lookup(codes, GUINT_TO_POINTER(code)))) {
                diag(d, lineno, "category %u of '%s' is not defined in the header "
                     "(between the '%%' lines)", code, entry);
                ok = FALSE;
            } else {
                g_ptr_array_add(cats, c);
            }
        }
        if (ok && cats->len == 0)
            diag(d, lineno, "entry '%s' has no category numbers after it", entry);
        for (guint i = 0; ok && i < cats->len; i++)
            dict_add(d, cats->pdata[i], entry, lineno);
        g_ptr_array_free(cats, TRUE);
    }
    g_free(entry);
    g_strfreev(fields);
}

static void
read_liwc(dict *d, const char *text)
{
    GHashTable *codes = g_hash_table_new(g_direct_hash, g_direct_equal);
    GArray *levels = g_array_new(FALSE, FALSE, sizeof(liwc_level));
    char **lines = g_strsplit(text, "\n", -1);
    int section = 0;   /* 0: before the header, 1: in it, 2: entries */
    int header_line = 0;
    for (int n = 0; lines[n]; n++) {
        char *line = lines[n];
        size_t len = strlen(line);
        while (len && (line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t'))
            line[--len] = '\0';
        const char *vis = line + strspn(line, " \t");
        if (!*vis)
            continue;
        if (section < 2 && strcmp(vis, "%") == 0) {
            section++;
            header_line = n + 1;
            continue;
        }
        if (section == 0) {
            diag(d, n + 1, "a LIWC dictionary starts with a line '%%', then one line per "
                 "category, then another '%%' line");
            break;
        }
        if (section == 1)
            liwc_category(d, line, n + 1, codes, levels);
        else
            liwc_entry(d, line, n + 1, codes);
    }
    if (section == 1)
        diag(d, header_line, "the category header that starts here has no closing '%%' line");
    else if (section == 0 && d->errors == 0)
        diag(d, 0, "no '%%' line: not a LIWC dictionary");
    g_strfreev(lines);
    g_array_free(levels, TRUE);
    g_hash_table_destroy(codes);
}

/* ---- word lists ---- */

static void
read_words(dict *d, const char *text, const char *category)
{
    char **lines = g_strsplit(text, "\n", -1);
    for (int n = 0; lines[n]; n++) {
        char *line = g_strstrip(lines[n]);
        if (*line && *line != '#')
            dict_add(d, category_get(d, category, n + 1), line, n + 1);
    }
    g_strfreev(lines);
}

/* ---- writing the pack ---- */

static gboolean
is_han(gunichar c)
{
    return g_unichar_get_script(c) == G_UNICODE_SCRIPT_HAN;
}

/* A character that \w matches and that is not Han: a word edge where
 * Latin words need a boundary. */
static gboolean
is_other_word(gunichar c)
{
    return (g_unichar_isalnum(c) || c == '_') && !is_han(c);
}

static gboolean
is_cased(gunichar c)
{
    return g_unichar_isupper(c) || g_unichar_islower(c) || g_unichar_istitle(c);
}

/* Does this character of an entry stand for (or is it) a non-Han word
 * character?  Wildcards do in entries without Han. */
static gboolean
other_word_edge(gunichar c, gboolean han)
{
    if (c == '*' || c == '?')
        return !han;
    return is_other_word(c);
}

/*
 * The PCRE2 pattern of an entry.  *plain is TRUE when the entry needs
 * nothing a `literal:` cannot say (no wildcards, one word, no boundary),
 * *caseless when it has cased letters.  The caller frees the pattern.
 */
static char *
entry_pattern(const char *entry, gboolean *plain, gboolean *caseless)
{
    gboolean han = FALSE;
    *caseless = FALSE;
    for (const char *p = entry; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        han |= is_han(c);
        *caseless |= is_cased(c);
    }
    *plain = TRUE;
    GString *out = g_string_new(NULL);
    gunichar first = g_utf8_get_char(entry);
    gunichar last = g_utf8_get_char(g_utf8_find_prev_char(entry, entry + strlen(entry)));
    if (other_word_edge(first, han)) {
        g_string_append(out, OTHER_BEFORE);
        *plain = FALSE;
    }
    gunichar prev = 0;
    for (const char *p = entry; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c == ' ') {
            /* collapse_space() left one space between two words. */
            gunichar next = g_utf8_get_char(p + 1);
            gboolean latin = other_word_edge(prev, han) && other_word_edge(next, han);
            g_string_append(out, latin ? "\\s+" : "\\s*");
            *plain = FALSE;
        } else if (c == '*') {
            g_string_append(out, han ? HAN_STAR : OTHER_STAR);
            *plain = FALSE;
        } else if (c == '?') {
            g_string_append(out, han ? HAN_ONE : OTHER_ONE);
            *plain = FALSE;
        } else if (c == '%') {
            /* rules.c reads "%{" as a macro, even after a backslash. */
            g_string_append(out, "\\x{25}");
        } else if (c < 0x80 && strchr("\\^$.|+()[]{}#", (int)c)) {
            g_string_append_c(out, '\\');
            g_string_append_c(out, (char)c);
        } else {
            g_string_append_unichar(out, c);
        }
        prev = c;
    }
    if (other_word_edge(last, han)) {
        g_string_append(out, OTHER_AFTER);
        *plain = FALSE;
    }
    return g_string_free(out, FALSE);
}

/* A key as the pack writes it: '$' would start a group reference. */
static void
append_key(GString *out, const char *key)
{
    g_string_append(out, "key: ");
    for (const char *p = key; *p; p++) {
        if (*p == '$')
            g_string_append_c(out, '$');
        g_string_append_c(out, *p);
    }
    g_string_append_c(out, '\n');
}

/* The id of the next rule of a category: the category as one word and a
 * counter.  Counting per id prefix keeps ids unique even when two
 * categories become the same word ("a b" and "a-b"): "a-b-1", "a-b-2". */
static char *
next_id(GHashTable *counters, const char *category)
{
    char *base = g_strdup(category);
    for (char *p = base; *p; p++)
        if (*p == ' ' || *p == '\t')
            *p = '-';
    guint n = GPOINTER_TO_UINT(g_hash_table_lookup(counters, base)) + 1;
    char *id = g_strdup_printf("%s-%u", base, n);
    g_hash_table_replace(counters, base, GUINT_TO_POINTER(n));
    return id;
}

typedef struct {
    const char *format;      /* "quanteda", "liwc", "words" */
    const char *format_title;
    const char *pack;
    gboolean key_category;
    const char *category;    /* word lists: their category */
    const char *file_name;   /* the dictionary's base name */
} pack_options;

/* One rule per entry, keyed by the entry. */
static size_t
write_entry_rules(GString *out, const dict_category *c, GHashTable *counters,
                  const char *file_name)
{
    for (guint i = 0; i < c->entries->len; i++) {
        const dict_entry *e = c->entries->pdata[i];
        gboolean plain, caseless;
        char *pattern = entry_pattern(e->text, &plain, &caseless);
        char *id = next_id(counters, c->name);
        g_string_append_printf(out, "\nid: %s\ncategory: %s\n", id, c->name);
        if (plain)
            g_string_append_printf(out, "literal: %s\n", e->text);
        else
            g_string_append_printf(out, "pattern: %s\n", pattern);
        if (caseless)
            g_string_append(out, "flags: caseless\n");
        append_key(out, e->text);
        g_string_append_printf(out, "source: %s:%d\n", file_name, e->line);
        g_free(id);
        g_free(pattern);
    }
    return c->entries->len;
}

static gint
longer_entry_first(gconstpointer a, gconstpointer b)
{
    const dict_entry *x = *(const dict_entry *const *)a, *y = *(const dict_entry *const *)b;
    size_t lx = strlen(x->text), ly = strlen(y->text);
    if (lx != ly)
        return lx > ly ? -1 : 1;
    return x->line - y->line;
}

/*
 * One rule for the whole category, keyed by the category: its entries are
 * the spellings of one rule, whose matches never overlap, so text that two
 * entries match (四个* and 四个意识) counts once, as LIWC counts a word once
 * per category.  Longer entries come first, so that at one place the
 * longest entry wins as literals do.
 */
static size_t
write_category_rule(GString *out, const dict_category *c, GHashTable *counters,
                    const char *file_name)
{
    if (c->entries->len == 0)
        return 0;
    GPtrArray *sorted = g_ptr_array_sized_new(c->entries->len);
    for (guint i = 0; i < c->entries->len; i++)
        g_ptr_array_add(sorted, c->entries->pdata[i]);
    g_ptr_array_sort(sorted, longer_entry_first);
    GPtrArray *patterns = g_ptr_array_new_with_free_func(g_free);
    gboolean all_plain = TRUE, any_caseless = FALSE;
    for (guint i = 0; i < sorted->len; i++) {
        const dict_entry *e = sorted->pdata[i];
        gboolean plain, caseless;
        g_ptr_array_add(patterns, entry_pattern(e->text, &plain, &caseless));
        all_plain &= plain;
        any_caseless |= caseless;
    }
    char *id = next_id(counters, c->name);
    g_string_append_printf(out, "\nid: %s\ncategory: %s\n", id, c->name);
    if (all_plain) {
        for (guint i = 0; i < c->entries->len; i++)
            g_string_append_printf(out, "literal: %s\n",
                                   ((const dict_entry *)c->entries->pdata[i])->text);
    } else {
        /* One alternative a line: continuation lines of a pattern join
         * without a space. */
        g_string_append(out, "pattern: (?:\n");
        for (guint i = 0; i < patterns->len; i++)
            g_string_append_printf(out, "  %s%s\n", i ? "|" : "",
                                   (const char *)patterns->pdata[i]);
        g_string_append(out, "  )\n");
    }
    if (any_caseless)
        g_string_append(out, "flags: caseless\n");
    append_key(out, c->name);
    g_string_append_printf(out, "source: %s:%d\n", file_name, c->line);
    g_free(id);
    g_ptr_array_free(patterns, TRUE);
    g_ptr_array_free(sorted, TRUE);
    return 1;
}

static char *
write_pack(const dict *d, const pack_options *o)
{
    GString *rules = g_string_new(NULL);
    GHashTable *counters = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    size_t n_rules = 0, n_categories = 0, n_entries = 0;
    for (guint i = 0; i < d->categories->len; i++) {
        const dict_category *c = d->categories->pdata[i];
        if (c->entries->len == 0)
            continue;
        n_categories++;
        n_entries += c->entries->len;
        n_rules += o->key_category ? write_category_rule(rules, c, counters, o->file_name)
                                   : write_entry_rules(rules, c, counters, o->file_name);
    }
    g_hash_table_destroy(counters);

    GString *out = g_string_new(NULL);
    g_string_append_printf(out, "# Converted by tifa import from the %s dictionary %s.\n",
                           o->format_title, o->file_name);
    g_string_append_printf(out, "# Options: --format %s --key %s --pack %s", o->format,
                           o->key_category ? "category" : "entry", o->pack);
    if (o->category)
        g_string_append_printf(out, " --category %s", o->category);
    g_string_append(out,
                    "\n# Entries match the raw text: in entries with Han characters * is at "
                    "most four Han\n# characters and ? one; in others they are non-Han word "
                    "characters.  See\n# docs/dictionaries.md.\n");
    g_string_append_printf(out, "pack: %s\n", o->pack);
    g_string_append_printf(out, "description: %s (%s dictionary): %zu entr%s in %zu "
                           "categor%s, %zu rule%s\n",
                           o->file_name, o->format_title, n_entries,
                           n_entries == 1 ? "y" : "ies", n_categories,
                           n_categories == 1 ? "y" : "ies", n_rules, n_rules == 1 ? "" : "s");
    g_string_append_len(out, rules->str, (gssize)rules->len);
    g_string_free(rules, TRUE);
    return g_string_free(out, FALSE);
}

/* The file's base name without its extension, as one word. */
static char *
base_word(const char *path)
{
    char *base = g_path_get_basename(path);
    char *dot = strrchr(base, '.');
    if (dot && dot != base)
        *dot = '\0';
    for (char *p = base; *p; p++)
        if (*p == ' ' || *p == '\t')
            *p = '-';
    return base;
}

static gboolean
has_extension(const char *path, const char *ext)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    return dot && (!slash || dot > slash) && g_ascii_strcasecmp(dot + 1, ext) == 0;
}

/* The format a file's name implies: .yml/.yaml quanteda, .dic LIWC, else a
 * word list ("quanteda", "liwc", "words"). */
const char *
dictionary_format_of(const char *path)
{
    if (has_extension(path, "dic"))
        return "liwc";
    if (has_extension(path, "yml") || has_extension(path, "yaml"))
        return "quanteda";
    return "words";
}

/*
 * The rule-pack text of a dictionary.  `format` is "quanteda", "liwc",
 * "words" or NULL (dictionary_format_of() the path); `pack` the pack's
 * name or NULL (the file's base name); `key_category` makes each category
 * one rule keyed by its name; `category` names the category of a word list
 * (NULL: the base name).  Returns NULL with diagnostics ("file:line:
 * message").  The caller frees the text.
 */
char *
dictionary_convert(const char *path, const char *text, size_t len, const char *format,
                   const char *pack, gboolean key_category, const char *category,
                   GPtrArray *diagnostics)
{
    dict d;
    dict_init(&d, path, diagnostics);
    pack_options o = { format ? format : dictionary_format_of(path), NULL, NULL, key_category,
                       NULL, NULL };
    size_t utf8_len = 0;
    const char *encoding = NULL;
    GError *error = NULL;
    /* Dictionaries come from Windows tools as often as not: GB18030 and
     * UTF-16 are read as documents are. */
    char *utf8 = decode_text(text, len, &utf8_len, &encoding, &error);
    char *words_category = category ? collapse_space(category) : base_word(path);
    if (!utf8) {
        diag(&d, 0, "this dictionary %s", error->message);
        g_error_free(error);
    } else if (strcmp(encoding, "utf-8-repaired") == 0) {
        diag(&d, 0, "this dictionary is not valid UTF-8 (some bytes are broken)");
    } else if (strcmp(o.format, "quanteda") == 0) {
        o.format_title = "quanteda YAML";
        read_quanteda(&d, utf8, utf8_len);
    } else if (strcmp(o.format, "liwc") == 0) {
        o.format_title = "LIWC";
        read_liwc(&d, utf8);
    } else if (strcmp(o.format, "words") == 0) {
        o.format_title = "word-list";
        o.category = words_category;
        if (*words_category)
            read_words(&d, utf8, words_category);
        else
            diag(&d, 0, "the category of a word list cannot be empty");
    } else {
        diag(&d, 0, "unknown dictionary format '%s' (known: quanteda, liwc, words)", o.format);
    }
    g_free(utf8);

    gboolean any = FALSE;
    for (guint i = 0; i < d.categories->len && !any; i++)
        any = ((const dict_category *)d.categories->pdata[i])->entries->len > 0;
    if (d.errors == 0 && !any)
        diag(&d, 0, "no entries found: is this a %s dictionary?", o.format_title);
    char *out = NULL;
    if (d.errors == 0) {
        char *pack_name = pack ? g_strdup(pack) : base_word(path);
        char *file_name = g_path_get_basename(path);
        o.pack = pack_name;
        o.file_name = file_name;
        out = write_pack(&d, &o);
        g_free(file_name);
        g_free(pack_name);
    }
    g_free(words_category);
    dict_clear(&d);
    return out;
}

char *
dictionary_to_pack(const char *path, const char *text, size_t len, GPtrArray *diagnostics)
{
    return dictionary_convert(path, text, len, NULL, NULL, FALSE, NULL, diagnostics);
}

gboolean
dictionary_is_dictionary(const char *path)
{
    return has_extension(path, "yml") || has_extension(path, "yaml") ||
           has_extension(path, "dic");
}
