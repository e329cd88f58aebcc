/*
 * word-lists.c - the word lists of a pattern, compiled as tries.
 *
 * Packs are full of word lists: titles (总书记|书记处书记|党组书记|…), the
 * words that may follow a name (说|表示|强调|…, two hundred of them).  PCRE2
 * tries the words of an alternation one after the other, a comparison per
 * word at every place it tests.  Regrouped by character, as a trie
 * (总(?:书记|理)|书记…), the same list costs a few comparisons.  Two cases,
 * both keeping PCRE2's matches exactly:
 *
 * - Any group made only of words, (?:总书记|书记处书记|…|书记), in any
 *   context.  Two words can match at the same place only if one begins the
 *   other (书记 and 书记处书记), and only their order can change which match
 *   PCRE2 finds first; words that begin with different characters never
 *   compete.  So the words are grouped by their first character in the
 *   order they first appear, each group keeps its words' order, and a word
 *   that ends where others go on stays in its place as an empty
 *   alternative: 书(?:记(?:处书记|)).
 *
 * - A macro called only at the end of lookaheads, (?=%{&AFTER}) or
 *   (?!%{&NAME_STOP}): there only whether some word matches counts, not
 *   which one, so the order is free and a word that extends another (说道
 *   after 说) is dropped; single characters (and the characters of a class
 *   of plain ones, [的了是]) become one class, and the list's other
 *   alternatives (classes, groups) stay as written.
 *
 * A level with more than FLAT_BRANCHES branches, each beginning with a
 * different character, is sorted and split in halves behind range tests
 * (append_branches): PCRE2's JIT tries branches one by one at ~15
 * instructions each, and 190 of them that fail cost ~2,800 at every place
 * a lookahead like (?=%{&AFTER}) is tested.
 *
 * Groups inside lookbehinds are left alone (each branch of one must keep
 * a fixed length), and so is the whole pattern when it holds what this
 * reader cannot follow with certainty: numbered or relative references,
 * \Q...\E, conditionals, verbs, inline options.
 */
#include "config.h"

#include <string.h>

#include "tifa.h"

typedef struct {
    char kind;          /* 'L' lookahead, 'B' lookbehind, 'D' DEFINE block,
                         * 'M' a group in it, 'G' a group (?:...) or (?<name>...),
                         * 'O' other */
    gboolean behind;    /* inside a lookbehind */
    size_t body;        /* 'M', 'G': where its body starts */
    const char *name;   /* 'M': its name (in the pattern, up to '>') */
    size_t name_len;
} frame;

/* What the reader found: a call (?&name), a macro's group in the DEFINE
 * block, or another group whose words may be regrouped. */
typedef enum { ITEM_CALL, ITEM_MACRO, ITEM_GROUP } item_kind;

typedef struct {
    item_kind kind;
    const char *name;   /* calls and macros */
    size_t name_len;
    size_t body, end;   /* groups and macros: the body is pattern[body, end) */
    gboolean at_end;    /* a call: the last item of a lookahead's branch */
    gboolean behind;    /* a call: inside a lookbehind */
} item;

static gboolean
is_name_char(char c)
{
    return g_ascii_isalnum(c) || c == '_';
}

/* Past a character class that starts at p[i] == '['; 0 when it does not end. */
static size_t
skip_class(const char *p, size_t n, size_t i)
{
    i++;
    if (i < n && p[i] == '^')
        i++;
    if (i < n && p[i] == ']')
        i++;
    while (i < n && p[i] != ']') {
        if (p[i] == '\\') {
            if (i + 1 < n && p[i + 1] == 'Q')
                return 0;
            i += 2;
        } else if (p[i] == '[' && i + 1 < n && p[i + 1] == ':') {
            const char *close = g_strstr_len(p + i + 2, (gssize)(n - i - 2), ":]");
            if (!close)
                return 0;
            i = (size_t)(close - p) + 2;
        } else {
            i++;
        }
    }
    return i < n ? i + 1 : 0;
}

/* Past an escape at p[i] == '\\'; 0 for an escape this reader does not
 * follow (quoting, back references, \K, which can change what a group
 * means). */
static size_t
skip_escape(const char *p, size_t n, size_t i)
{
    if (i + 1 >= n)
        return 0;
    char e = p[i + 1];
    if (e == 'Q' || e == 'E' || e == 'g' || e == 'k' || e == 'K' || (e >= '1' && e <= '9'))
        return 0;
    if (e == 'c')   /* \cX: X may be any character, even '(' */
        return i + 3 <= n ? i + 3 : 0;
    return i + 2;
}

/* Whether p[i] == '(' opens an inline option setting such as (?i) or (?x:;
 * those change how the text after them reads. */
static gboolean
is_option_group(const char *p, size_t n, size_t i)
{
    size_t j = i + 2;
    if (j >= n || p[i + 1] != '?')
        return FALSE;
    while (j < n && (g_ascii_isalpha(p[j]) || p[j] == '-' || p[j] == '^'))
        j++;
    return j > i + 2 && j < n && (p[j] == ')' || p[j] == ':');
}

/*
 * Read the pattern's group structure: every call by name, with whether it
 * is the last item of a lookahead's branch; the groups of its DEFINE
 * block; and the other groups, (?:...) and named captures, outside
 * lookbehinds.  Groups are listed in the order they close.  FALSE when the
 * pattern uses anything this reader does not follow.
 */
static gboolean
read_structure(const char *p, size_t n, GArray *items)
{
    GArray *stack = g_array_new(FALSE, FALSE, sizeof(frame));
    gboolean ok = TRUE;
    size_t i = 0;
    while (ok && i < n) {
        char c = p[i];
        if (c == '\\') {
            size_t next = skip_escape(p, n, i);
            ok = next != 0;
            i = next;
            continue;
        }
        if (c == '[') {
            size_t next = skip_class(p, n, i);
            ok = next != 0;
            i = next;
            continue;
        }
        if (c == ')') {
            if (stack->len == 0) {
                ok = FALSE;
                break;
            }
            frame top = g_array_index(stack, frame, stack->len - 1);
            g_array_set_size(stack, stack->len - 1);
            if (top.kind == 'M' || (top.kind == 'G' && !top.behind)) {
                item it = { top.kind == 'M' ? ITEM_MACRO : ITEM_GROUP, top.name, top.name_len,
                            top.body, i, FALSE, FALSE };
                g_array_append_val(items, it);
            }
            i++;
            continue;
        }
        if (c != '(') {
            i++;
            continue;
        }
        const char *rest = p + i;
        size_t left = n - i;
        const frame *parent = stack->len ? &g_array_index(stack, frame, stack->len - 1) : NULL;
        char parent_kind = parent ? parent->kind : 0;
        frame f = { 'O', parent && parent->behind, 0, NULL, 0 };
        if (left >= 2 && rest[1] == '*') {
            ok = FALSE;   /* verbs, and (*napla: ...), a lookahead that is not atomic */
        } else if (left >= 3 && strncmp(rest, "(?#", 3) == 0) {
            const char *close = memchr(rest, ')', left);
            ok = close != NULL;
            i = ok ? (size_t)(close - p) + 1 : n;
            continue;
        } else if (left >= 10 && strncmp(rest, "(?(DEFINE)", 10) == 0) {
            f.kind = 'D';
            g_array_append_val(stack, f);
            i += 10;
            continue;
        } else if (left >= 3 && (strncmp(rest, "(?=", 3) == 0 || strncmp(rest, "(?!", 3) == 0)) {
            f.kind = 'L';
            g_array_append_val(stack, f);
            i += 3;
            continue;
        } else if (left >= 4 && (strncmp(rest, "(?<=", 4) == 0 || strncmp(rest, "(?<!", 4) == 0)) {
            f.kind = 'B';
            f.behind = TRUE;
            g_array_append_val(stack, f);
            i += 4;
            continue;
        } else if (left >= 3 && strncmp(rest, "(?:", 3) == 0) {
            f.kind = 'G';
            f.body = i + 3;
            g_array_append_val(stack, f);
            i += 3;
            continue;
        } else if (left >= 3 && strncmp(rest, "(?&", 3) == 0) {
            size_t j = i + 3;
            while (j < n && is_name_char(p[j]))
                j++;
            if (j >= n || p[j] != ')' || j == i + 3) {
                ok = FALSE;
                break;
            }
            /* Calls are matched to their macros once the whole pattern is
             * read (a call comes before the DEFINE block). */
            item call = { ITEM_CALL, p + i + 3, j - i - 3, 0, 0, FALSE, f.behind };
            call.at_end = parent_kind == 'L' && j + 1 < n && (p[j + 1] == '|' || p[j + 1] == ')');
            g_array_append_val(items, call);
            i = j + 1;
            continue;
        } else if (left >= 3 && rest[1] == '?' &&
                   (rest[2] == '(' || rest[2] == 'P' || rest[2] == 'R' || rest[2] == 'C' ||
                    rest[2] == '+' || rest[2] == '-' || g_ascii_isdigit(rest[2]))) {
            /* Conditionals, (?P...), recursion, numbered calls, callouts;
             * (?-i) is an option setting and no better. */
            ok = FALSE;
        } else if (is_option_group(p, n, i)) {
            ok = FALSE;
        } else if (left >= 4 && rest[1] == '?' && (rest[2] == '<' || rest[2] == '\'') &&
                   (g_ascii_isalpha(rest[3]) || rest[3] == '_')) {
            /* A named group: in a DEFINE block, a macro's body. */
            size_t j = i + 3;
            while (j < n && is_name_char(p[j]))
                j++;
            if (j >= n || (p[j] != '>' && p[j] != '\'')) {
                ok = FALSE;
                break;
            }
            f.kind = parent_kind == 'D' ? 'M' : 'G';
            f.name = p + i + 3;
            f.name_len = j - i - 3;
            f.body = j + 1;
            g_array_append_val(stack, f);
            i = j + 1;
            continue;
        }
        g_array_append_val(stack, f);
        i++;
    }
    ok = ok && stack->len == 0;
    g_array_free(stack, TRUE);
    return ok;
}

/* Whether a group's body holds only what reordering its alternatives
 * cannot change: no captures, verbs, options or references of any kind. */
static gboolean
body_is_plain(const char *p, size_t from, size_t to)
{
    size_t i = from;
    while (i < to) {
        if (p[i] == '\\') {
            i = skip_escape(p, to, i);
            if (!i)
                return FALSE;
        } else if (p[i] == '[') {
            i = skip_class(p, to, i);
            if (!i)
                return FALSE;
        } else if (p[i] == '(') {
            const char *r = p + i;
            size_t left = to - i;
            gboolean plain = left >= 3 && r[1] == '?' &&
                             (r[2] == ':' || r[2] == '=' || r[2] == '!' || r[2] == '>' ||
                              r[2] == '&' ||
                              (left >= 4 && r[2] == '<' && (r[3] == '=' || r[3] == '!')));
            if (!plain)
                return FALSE;
            i++;
        } else {
            i++;
        }
    }
    return TRUE;
}

/* A word of the list: Han and other non-ASCII characters, ASCII letters
 * and digits; nothing that means more than itself in a pattern or in a
 * class, even with the extended option. */
static gboolean
is_word(const char *s, size_t len)
{
    if (len == 0)
        return FALSE;
    for (size_t i = 0; i < len; i++)
        if (!((unsigned char)s[i] >= 0x80 || g_ascii_isalnum(s[i])))
            return FALSE;
    return TRUE;
}

static size_t
char_len(const char *s)
{
    unsigned char c = (unsigned char)*s;
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static int
compare_strings(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* One branch of a trie level: the character it starts with and its text
 * (the character alone, or the character and what may follow it). */
typedef struct {
    char *text;
    size_t first_len;   /* bytes of the first character */
    gboolean single;    /* the character alone */
} branch;

/* Branches in the order of their first characters (UTF-8 sorts as code
 * points do). */
static int
compare_first_chars(gconstpointer a, gconstpointer b)
{
    const branch *x = a, *y = b;
    int c = memcmp(x->text, y->text, MIN(x->first_len, y->first_len));
    return c ? c : (x->first_len > y->first_len) - (x->first_len < y->first_len);
}

/* Up to this many branches, a level is written as a flat alternation. */
#define FLAT_BRANCHES 32

/*
 * branches[0, n), sorted by first character and each starting with a
 * different one, appended as alternatives.  Beyond FLAT_BRANCHES they are
 * split in halves, each behind a test of its range of first characters,
 * (?=[一-乘])(?:...)|(?=[九-黑])(?:...), so a character finds its branch in
 * a few range tests.  Only which branch starts with the character changes
 * the answer, and a guard only says what that branch needs anyway.
 */
static void
append_branches(GString *out, const branch *branches, guint n)
{
    if (n <= FLAT_BRANCHES) {
        guint written = 0;
        GString *singles = g_string_new(NULL);
        guint n_singles = 0;
        for (guint k = 0; k < n; k++) {
            if (branches[k].single) {
                g_string_append(singles, branches[k].text);
                n_singles++;
                continue;
            }
            if (written++)
                g_string_append_c(out, '|');
            g_string_append(out, branches[k].text);
        }
        if (n_singles) {
            if (written)
                g_string_append_c(out, '|');
            g_string_append_printf(out, n_singles == 1 ? "%s" : "[%s]", singles->str);
        }
        g_string_free(singles, TRUE);
        return;
    }
    guint half = n / 2;
    const branch *parts[2] = { branches, branches + half };
    guint sizes[2] = { half, n - half };
    for (int h = 0; h < 2; h++) {
        if (h)
            g_string_append_c(out, '|');
        const branch *lo = parts[h], *hi = parts[h] + sizes[h] - 1;
        g_string_append(out, "(?=[");
        g_string_append_len(out, lo->text, (gssize)lo->first_len);
        g_string_append_c(out, '-');
        g_string_append_len(out, hi->text, (gssize)hi->first_len);
        g_string_append(out, "])(?:");
        append_branches(out, parts[h], sizes[h]);
        g_string_append_c(out, ')');
    }
}

/*
 * The trie of words[lo, hi) (sorted; all share their first `depth` bytes)
 * below that prefix, appended to out.  Returns FALSE, appending nothing,
 * when one of the words ends at the prefix: the prefix alone then answers.
 * *alternation says whether what was appended has a top-level '|'.
 */
static gboolean
append_trie(GString *out, char **words, guint lo, guint hi, size_t depth, gboolean *alternation)
{
    for (guint k = lo; k < hi; k++)
        if (words[k][depth] == '\0')
            return FALSE;
    GArray *branches = g_array_new(FALSE, FALSE, sizeof(branch));
    for (guint k = lo; k < hi;) {
        size_t cl = char_len(words[k] + depth);
        guint end = k + 1;
        while (end < hi && strncmp(words[end] + depth, words[k] + depth, cl) == 0)
            end++;
        GString *below = g_string_new(NULL);
        gboolean alt = FALSE;
        branch b = { NULL, cl, FALSE };
        if (append_trie(below, words, k, end, depth + cl, &alt)) {
            GString *text = g_string_new_len(words[k] + depth, (gssize)cl);
            if (alt)
                g_string_append_printf(text, "(?:%s)", below->str);
            else
                g_string_append(text, below->str);
            b.text = g_string_free(text, FALSE);
        } else {
            b.text = g_strndup(words[k] + depth, cl);
            b.single = TRUE;
        }
        g_array_append_val(branches, b);
        g_string_free(below, TRUE);
        k = end;
    }
    /* Written flat: the multi-character branches, then one class of the
     * single characters; split: two halves. */
    guint n_singles = 0;
    for (guint k = 0; k < branches->len; k++)
        n_singles += g_array_index(branches, branch, k).single;
    guint n_multi = branches->len - n_singles;
    *alternation = branches->len > FLAT_BRANCHES || n_multi + (n_singles > 0) > 1;
    append_branches(out, (const branch *)branches->data, branches->len);
    for (guint k = 0; k < branches->len; k++)
        g_free(g_array_index(branches, branch, k).text);
    g_array_free(branches, TRUE);
    return TRUE;
}

/* The body p[from, to) with its words regrouped as a trie. */
static void
append_factored(GString *out, const char *p, size_t from, size_t to)
{
    GPtrArray *words = g_ptr_array_new_with_free_func(g_free);
    GString *others = g_string_new(NULL);
    guint n_others = 0;
    size_t depth = 0, start = from;
    for (size_t i = from; i <= to;) {
        if (i == to || (p[i] == '|' && depth == 0)) {
            if (is_word(p + start, i - start)) {
                g_ptr_array_add(words, g_strndup(p + start, i - start));
            } else if (i - start > 2 && p[start] == '[' && p[i - 1] == ']' &&
                       is_word(p + start + 1, i - start - 2)) {
                /* A class of plain characters, [的了是]: one-character
                 * words, that join the trie's branches. */
                for (size_t c = start + 1; c < i - 1; c += char_len(p + c))
                    g_ptr_array_add(words, g_strndup(p + c, char_len(p + c)));
            } else {
                if (n_others++)
                    g_string_append_c(others, '|');
                g_string_append_len(others, p + start, (gssize)(i - start));
            }
            start = ++i;
            continue;
        }
        if (p[i] == '\\')
            i = skip_escape(p, to, i);   /* body_is_plain said it is followed */
        else if (p[i] == '[')
            i = skip_class(p, to, i);
        else {
            depth += p[i] == '(';
            depth -= p[i] == ')';
            i++;
        }
    }
    g_string_append(out, others->str);
    if (words->len) {
        g_ptr_array_sort(words, compare_strings);
        gboolean alt;
        if (n_others)
            g_string_append_c(out, '|');
        append_trie(out, (char **)words->pdata, 0, words->len, 0, &alt);
    }
    g_string_free(others, TRUE);
    g_ptr_array_free(words, TRUE);
}

/*
 * words[0, n) in their order, all sharing their first `depth` bytes, as
 * alternatives that PCRE2 tries in the same order wherever two of them can
 * match at the same place (see the top of the file); appended to out.
 * Returns the number of alternatives appended.
 */
static guint
append_ordered(GString *out, char **words, guint n, size_t depth)
{
    guint alternatives = 0;
    guint *group = g_new(guint, n);   /* the words of the group being written */
    gboolean *done = g_new0(gboolean, n);
    /* Each word's character at `depth`, as one number (0 where it ends):
     * grouping compares numbers, not strings. */
    uint32_t *first = g_new(uint32_t, n);
    for (guint k = 0; k < n; k++) {
        const char *c = words[k] + depth;
        uint32_t code = 0;
        for (size_t b = 0; *c && b < char_len(c); b++)
            code = (code << 8) | (unsigned char)c[b];
        first[k] = code;
    }
    for (guint k = 0; k <= n; k++) {
        /* A word that ends here is an empty alternative, in its place: the
         * words before it and after it are grouped apart. */
        if (k < n && first[k] != 0)
            continue;
        /* The groups of this stretch, in their order; all begin with
         * different characters, so a long stretch may be sorted and split
         * (append_branches): no two of them can match at the same place. */
        GArray *branches = g_array_new(FALSE, FALSE, sizeof(branch));
        for (guint a = 0; a < k; a++) {
            if (done[a])
                continue;
            size_t cl = char_len(words[a] + depth);
            guint members = 0;
            for (guint b = a; b < k; b++)
                if (!done[b] && first[b] == first[a]) {
                    group[members++] = b;
                    done[b] = TRUE;
                }
            branch br = { NULL, cl, FALSE };
            if (members == 1) {
                br.text = g_strdup(words[a] + depth);
                g_array_append_val(branches, br);
                continue;
            }
            GString *text = g_string_new_len(words[a] + depth, (gssize)cl);
            char **below = g_new(char *, members);
            for (guint m = 0; m < members; m++)
                below[m] = words[group[m]];
            GString *inner = g_string_new(NULL);
            guint inner_alternatives = append_ordered(inner, below, members, depth + cl);
            if (inner_alternatives > 1)
                g_string_append_printf(text, "(?:%s)", inner->str);
            else
                g_string_append(text, inner->str);
            g_string_free(inner, TRUE);
            g_free(below);
            br.text = g_string_free(text, FALSE);
            g_array_append_val(branches, br);
        }
        if (branches->len > 0) {
            gboolean split = branches->len > FLAT_BRANCHES;
            if (split)
                g_array_sort(branches, compare_first_chars);
            if (alternatives)
                g_string_append_c(out, '|');
            append_branches(out, (const branch *)branches->data, branches->len);
            alternatives += split ? 2 : branches->len;
        }
        for (guint b = 0; b < branches->len; b++)
            g_free(g_array_index(branches, branch, b).text);
        g_array_free(branches, TRUE);
        if (k < n) {
            done[k] = TRUE;
            if (alternatives++)
                g_string_append_c(out, '|');
        }
    }
    g_free(first);
    g_free(done);
    g_free(group);
    return alternatives;
}

/* The words of a body made only of words (split at '|'), or NULL. */
static GPtrArray *
words_of(const char *p, size_t from, size_t to)
{
    GPtrArray *words = g_ptr_array_new_with_free_func(g_free);
    size_t start = from;
    for (size_t i = from; i <= to; i++) {
        if (i < to && p[i] != '|')
            continue;
        if (!is_word(p + start, i - start)) {
            g_ptr_array_free(words, TRUE);
            return NULL;
        }
        g_ptr_array_add(words, g_strndup(p + start, i - start));
        start = i + 1;
    }
    return words;
}

/* A label for a list in --explain: its macro's name, or its first words;
 * once each (a macro written in several places is one list to a reader). */
static void
append_label(GString *names, const item *it, const char *p)
{
    GString *label = g_string_new(NULL);
    if (it->kind == ITEM_MACRO) {
        g_string_append_len(label, it->name, (gssize)it->name_len);
    } else {
        const char *bar = memchr(p + it->body, '|', it->end - it->body);
        const char *second = bar ? memchr(bar + 1, '|', (size_t)(p + it->end - bar - 1)) : NULL;
        size_t shown = (size_t)((second ? second : p + it->end) - (p + it->body));
        g_string_append_len(label, p + it->body, (gssize)shown);
        if (second)
            g_string_append(label, "|…");
    }
    char **seen = g_strsplit(names->str, ", ", -1);
    if (!g_strv_contains((const char *const *)seen, label->str)) {
        if (names->len)
            g_string_append(names, ", ");
        g_string_append(names, label->str);
    }
    g_strfreev(seen);
    g_string_free(label, TRUE);
}

/* Whether every call of the macro `m` ends a lookahead's branch (`at_end`)
 * or none is in a lookbehind (not at_end); and how many calls and
 * definitions it has. */
static void
count_calls(const GArray *items, const item *m, guint *calls, guint *defs, gboolean *all_at_end,
            gboolean *any_behind)
{
    *calls = *defs = 0;
    *all_at_end = TRUE;
    *any_behind = FALSE;
    for (guint k = 0; k < items->len; k++) {
        const item *it = &g_array_index(items, item, k);
        if (it->kind == ITEM_GROUP || it->name_len != m->name_len ||
            strncmp(it->name, m->name, m->name_len) != 0)
            continue;
        if (it->kind == ITEM_CALL) {
            (*calls)++;
            *all_at_end = *all_at_end && it->at_end;
            *any_behind = *any_behind || it->behind;
        } else {
            (*defs)++;
        }
    }
}

static int
compare_item_starts(gconstpointer a, gconstpointer b)
{
    const item *x = a, *y = b;
    return x->body < y->body ? -1 : x->body > y->body;
}

char *
word_lists_as_tries(const char *pattern, uint32_t flags, GString *names)
{
    /* With the extended options, '#' and spaces read differently; without
     * case, two words that begin differently can match at the same place. */
    if (flags & (PCRE2_EXTENDED | PCRE2_EXTENDED_MORE | PCRE2_LITERAL | PCRE2_CASELESS))
        return NULL;
    size_t n = strlen(pattern);
    GArray *items = g_array_new(FALSE, FALSE, sizeof(item));
    GArray *rewrites = g_array_new(FALSE, FALSE, sizeof(item));
    char *result = NULL;
    if (!read_structure(pattern, n, items))
        goto out;
    for (guint g = 0; g < items->len; g++) {
        item it = g_array_index(items, item, g);
        if (it.kind == ITEM_CALL)
            continue;
        if (it.kind == ITEM_MACRO) {
            guint calls, defs;
            gboolean all_at_end, any_behind;
            count_calls(items, &it, &calls, &defs, &all_at_end, &any_behind);
            if (defs != 1 || calls == 0)
                continue;
            if (all_at_end && body_is_plain(pattern, it.body, it.end)) {
                it.at_end = TRUE;   /* order free */
                g_array_append_val(rewrites, it);
                continue;
            }
            if (any_behind)
                continue;
        }
        GPtrArray *words = words_of(pattern, it.body, it.end);
        if (words && words->len > 1)
            g_array_append_val(rewrites, it);
        if (words)
            g_ptr_array_free(words, TRUE);
    }
    /* In the order of the text; a group inside one rewritten whole (a word
     * list's own groups) is left to it. */
    g_array_sort(rewrites, compare_item_starts);
    GString *out = g_string_new(NULL);
    size_t copied = 0;
    gboolean changed = FALSE;
    for (guint r = 0; r < rewrites->len; r++) {
        const item *it = &g_array_index(rewrites, item, r);
        if (it->body < copied)
            continue;
        g_string_append_len(out, pattern + copied, (gssize)(it->body - copied));
        size_t before = out->len;
        if (it->at_end) {
            append_factored(out, pattern, it->body, it->end);
        } else {
            GPtrArray *words = words_of(pattern, it->body, it->end);
            append_ordered(out, (char **)words->pdata, words->len, 0);
            g_ptr_array_free(words, TRUE);
        }
        if (out->len - before != it->end - it->body ||
            memcmp(out->str + before, pattern + it->body, out->len - before) != 0) {
            changed = TRUE;
            if (names)
                append_label(names, it, pattern);
        }
        copied = it->end;
    }
    g_string_append(out, pattern + copied);
    result = g_string_free(out, !changed);
out:
    g_array_free(rewrites, TRUE);
    g_array_free(items, TRUE);
    return result;
}
