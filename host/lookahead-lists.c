/*
 * lookahead-lists.c - word lists in lookaheads, compiled as tries.
 *
 * Packs test what follows a name with long word lists: (?=%{&AFTER}),
 * where AFTER is 说|表示|强调|… (two hundred words).  PCRE2 tries the words
 * of an alternation one after the other, a comparison per word at every
 * place it tests.  But inside a lookahead where nothing follows the list,
 * only whether some word matches counts, not which one: the order of the
 * words is free, and a word that extends another (说道 after 说) cannot
 * change the answer.  Such a list can be compiled as a trie, by first
 * character (说|表(?:示|扬)), which PCRE2 walks in a few comparisons.
 *
 * This rewrites the named groups of a (?(DEFINE)...) block (the macros a
 * pack calls with %{&NAME}) that every call (?&NAME) reaches as the last
 * item of a branch of a lookahead, (?=...) or (?!...).  Only the words are
 * regrouped: other alternatives (classes, groups) stay as written.  What
 * this reader cannot follow with certainty (numbered or relative
 * references, \Q...\E, conditionals, verbs, inline options, captures or
 * \K inside the group) leaves the pattern as it is.
 */
#include "config.h"

#include <string.h>

#include "tifa.h"

typedef struct {
    char kind;          /* 'L' lookahead, 'D' DEFINE block, 'M' a group in it, 'O' other */
    size_t body;        /* 'M': where its body starts */
    const char *name;   /* 'M': its name (in the pattern, up to '>') */
    size_t name_len;
} frame;

typedef struct {
    const char *name;
    size_t name_len;
    size_t body, end;   /* the body is pattern[body, end) */
    gboolean callable;  /* every call reaches it at a lookahead's end */
    guint calls;
} member;

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
 * Read the pattern's group structure: the groups of its DEFINE block and
 * every call by name, with whether the call is the last item of a
 * lookahead's branch.  FALSE when the pattern uses anything this reader
 * does not follow.
 */
static gboolean
read_structure(const char *p, size_t n, GArray *members)
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
            if (top.kind == 'M') {
                member m = { top.name, top.name_len, top.body, i, TRUE, 0 };
                g_array_append_val(members, m);
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
        frame f = { 'O', 0, NULL, 0 };
        char parent = stack->len ? g_array_index(stack, frame, stack->len - 1).kind : 0;
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
        } else if (left >= 3 && strncmp(rest, "(?&", 3) == 0) {
            size_t j = i + 3;
            while (j < n && is_name_char(p[j]))
                j++;
            if (j >= n || p[j] != ')' || j == i + 3) {
                ok = FALSE;
                break;
            }
            /* Calls are matched to their groups once the whole pattern is
             * read (a call may come before the DEFINE block). */
            member call = { p + i + 3, j - i - 3, 0, 0, FALSE, 1 };
            call.callable = parent == 'L' && j + 1 < n && (p[j + 1] == '|' || p[j + 1] == ')');
            call.body = (size_t)-1;   /* marks a call, not a group */
            g_array_append_val(members, call);
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
            if (parent == 'D') {
                f.kind = 'M';
                f.name = p + i + 3;
                f.name_len = j - i - 3;
                f.body = j + 1;
            }
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
    GString *singles = g_string_new(NULL);
    guint n_singles = 0, n_parts = 0;
    for (guint k = lo; k < hi;) {
        size_t cl = char_len(words[k] + depth);
        guint end = k + 1;
        while (end < hi && strncmp(words[end] + depth, words[k] + depth, cl) == 0)
            end++;
        GString *below = g_string_new(NULL);
        gboolean alt = FALSE;
        if (append_trie(below, words, k, end, depth + cl, &alt)) {
            if (n_parts++)
                g_string_append_c(out, '|');
            g_string_append_len(out, words[k] + depth, (gssize)cl);
            if (alt)
                g_string_append_printf(out, "(?:%s)", below->str);
            else
                g_string_append(out, below->str);
        } else {
            g_string_append_len(singles, words[k] + depth, (gssize)cl);
            n_singles++;
        }
        g_string_free(below, TRUE);
        k = end;
    }
    if (n_singles) {
        if (n_parts++)
            g_string_append_c(out, '|');
        if (n_singles == 1)
            g_string_append(out, singles->str);
        else
            g_string_append_printf(out, "[%s]", singles->str);
    }
    g_string_free(singles, TRUE);
    *alternation = n_parts > 1;
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

char *
lookahead_lists_factor(const char *pattern, uint32_t flags, GString *names)
{
    /* With the extended options, '#' and spaces read differently: keep out. */
    if (flags & (PCRE2_EXTENDED | PCRE2_EXTENDED_MORE | PCRE2_LITERAL))
        return NULL;
    size_t n = strlen(pattern);
    if (!strstr(pattern, "(?(DEFINE)"))
        return NULL;
    GArray *items = g_array_new(FALSE, FALSE, sizeof(member));
    char *result = NULL;
    if (!read_structure(pattern, n, items))
        goto out;
    /* Which groups may be regrouped: called at least once, only at the end
     * of lookaheads, defined once, plain inside. */
    member *it = (member *)items->data;
    GString *out = NULL;
    size_t copied = 0;
    for (guint g = 0; g < items->len; g++) {
        member *m = &it[g];
        if (m->body == (size_t)-1)
            continue;
        guint calls = 0, defs = 0;
        gboolean callable = TRUE;
        for (guint k = 0; k < items->len; k++) {
            if (it[k].name_len != m->name_len || strncmp(it[k].name, m->name, m->name_len) != 0)
                continue;
            if (it[k].body == (size_t)-1) {
                calls++;
                callable = callable && it[k].callable;
            } else {
                defs++;
            }
        }
        if (calls == 0 || !callable || defs != 1 || !body_is_plain(pattern, m->body, m->end))
            continue;
        if (!out)
            out = g_string_new(NULL);
        /* The groups come in the order they close, which in a DEFINE block
         * (no nesting of members) is the order of the text. */
        g_string_append_len(out, pattern + copied, (gssize)(m->body - copied));
        size_t before = out->len;
        append_factored(out, pattern, m->body, m->end);
        if (names && (out->len != m->end - m->body ||
                      memcmp(out->str + before, pattern + m->body, out->len - before) != 0)) {
            if (names->len)
                g_string_append(names, ", ");
            g_string_append_len(names, m->name, (gssize)m->name_len);
        }
        copied = m->end;
    }
    if (out) {
        g_string_append(out, pattern + copied);
        result = g_string_free(out, FALSE);
        if (strcmp(result, pattern) == 0) {
            g_free(result);
            result = NULL;
        }
    }
out:
    g_array_free(items, TRUE);
    return result;
}
