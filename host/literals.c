/*
 * literals.c - what a pattern must contain: the literal strings that the fast
 * engine's prefilter looks for.
 *
 * For a rule's pattern this finds a set of strings such that every match of
 * the pattern (the text it consumes) contains at least one of them, and its
 * lead: how far into the match (in bytes, at most) that occurrence starts.  The prefilter then only asks PCRE2
 * about the places where one of the strings occurs (prefilter.c).
 *
 * Correctness needs only that the set is a true "every match contains one"
 * set.  So the analysis understands a subset of PCRE2's syntax and gives up
 * (the rule then gets a full PCRE2 pass) on anything else: case-insensitive
 * or extended patterns, \K, \G, numbered subroutine calls, conditionals,
 * verbs, callouts.  A call by name, (?&name), is read as the group it calls.
 * Lookarounds consume nothing, so they are skipped: a literal inside a
 * lookahead is not in the match.
 *
 * Each node of the pattern yields four sets, in the manner of the classic
 * literal analyses (RE2, Hyperscan, ripgrep):
 *   exact     every string the node can match (when few enough)
 *   prefix    every match starts with one of these
 *   suffix    every match ends with one of these
 *   required  every match contains one of these
 * and its minimum and maximum length in bytes.  The suffix and required sets
 * carry a lead (see lset).  A set is NULL when it is
 * unknown or too large; a set containing "" says nothing.
 *
 * Each node also gives the characters its non-empty matches can start
 * with (first), as code point ranges of any number: the prefilter skips
 * the places of a window where no match can start (see prefilter.c).  It
 * gives the characters its matches can consist of (chars), and each set
 * with a lead the characters a match can have before the designated
 * literal (before): the prefilter starts PCRE2 no earlier than where a run
 * of such characters before the literal begins (the 副 or 常务 of 常务副省长,
 * the letters of a foreign name before its title).  And it gives the
 * characters a match has right after the designated literal (after), when
 * no match can end with it: the prefilter drops the occurrences followed
 * by anything else (a title followed by no surname starts no title-names
 * match).  In the same way it gives the characters the text can have right
 * before the designated literal (prev): the last characters of what comes
 * before it in the match, or what a lookbehind allows before the match
 * ((?<![目当之])前, a name's last character before 主席); the prefilter
 * drops the occurrences with anything else before them.  For that each node
 * also gives its last characters, what a lookahead or lookbehind tells of
 * the character next to it, and the single characters it matches alone
 * (what a negative lookaround rules out).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tifa.h"

#define SET_MAX 256              /* members of a literal set */
#define UNBOUNDED ((size_t)-1)
#define MIN_USEFUL_BYTES 3       /* a literal shorter than one Han character is no filter */

typedef GPtrArray strset;        /* char*, distinct; NULL = unknown */

/*
 * A set of literals with its lead: how far (in bytes, at most) the start of
 * the designated occurrence of one of its literals can be from the start
 * of the match.  The prefilter uses the lead to start PCRE2's search close
 * to the literal instead of at the previous match.
 */
/* Code points as (lo, hi) pairs of gunichar; NULL = any character. */
typedef GArray cpset;

typedef struct {
    strset *set;
    size_t lead;
    cpset *before;               /* what a match can have before the literal */
    /* What a match can have right after the literal: `after` inside the
     * node (NULL: any character), and, when `open`, also whatever follows
     * the node, since the node's match can end with the literal. */
    cpset *after;
    gboolean open;
    /* What the text can have right before the literal: `prev` inside the
     * node (NULL: any character), and, when `prev_open`, also whatever
     * precedes the node, since the literal can start the node's match. */
    cpset *prev;
    gboolean prev_open;
    /* How far (in bytes, at least) the start of the designated occurrence
     * is from the start of the match: a name of two characters or more
     * stands before the title in 习近平总书记. */
    size_t min_lead;
} lset;

typedef struct {
    strset *exact, *prefix;      /* both with lead 0 */
    lset suffix, required;
    size_t min, max;
    cpset *first;                /* what a non-empty match starts with */
    cpset *chars;                /* what a match consists of */
    /* An empty match is followed by a character of `first` too: a
     * lookahead (?=X) tells what comes next without consuming it. */
    gboolean asserts_next;
    cpset *last;                 /* what a non-empty match ends with */
    /* An empty match is preceded by a character of `last` too, or stands
     * at the start of the text: a lookbehind (?<=X) or (?<![原前]) tells
     * what comes before without consuming it. */
    gboolean asserts_prev;
    /* For a node that matches only the empty string: the next character,
     * if there is one, is in `gate` (NULL: any).  (?![副总]) gives one, and
     * the character a node after it starts with is in it. */
    cpset *gate;
    /* The characters c such that the node matches the text "c", whatever
     * surrounds it (NULL: none known): what (?!X) and (?<!X) rule out. */
    cpset *single;
    gboolean one_char;           /* every match is one character */
    gboolean asserts;            /* it tests what surrounds it (lookaround, anchor) */
    /* What the text has before the start of a match, as the node's
     * lookbehinds say ((?<!第)四种形态); NULL: anything. */
    cpset *pre;
} node;

#define CALL_DEPTH 8             /* subroutine calls read inside each other */

typedef struct {
    const char *p;               /* next byte of the pattern */
    const char *end;
    const char *why;             /* reason for giving up, when we do */
    const char *pattern;         /* the whole pattern, where groups are defined */
    GHashTable *called;          /* group name -> node*, each group read once */
    int depth;                   /* the calls being read, outermost first */
    const char *calling[CALL_DEPTH];
    size_t calling_len[CALL_DEPTH];
} parser;

/* ---- sets ---- */

static strset *
set_new(void)
{
    return g_ptr_array_new_with_free_func(g_free);
}

static strset *
set_of(const char *s, size_t n)
{
    strset *set = set_new();
    g_ptr_array_add(set, g_strndup(s, n));
    return set;
}

static strset *
set_copy(const strset *set)
{
    if (!set)
        return NULL;
    strset *c = set_new();
    for (guint i = 0; i < set->len; i++)
        g_ptr_array_add(c, g_strdup(set->pdata[i]));
    return c;
}

static void
set_free(strset *set)
{
    if (set)
        g_ptr_array_free(set, TRUE);
}

/* Adds `s` (consumed) to `set` unless `seen` (its members) has it. */
static void
set_add_new(strset *set, GHashTable *seen, char *s)
{
    if (g_hash_table_contains(seen, s)) {
        g_free(s);
        return;
    }
    g_ptr_array_add(set, s);
    g_hash_table_add(seen, s);
}

static GHashTable *
set_members(const strset *set)
{
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < set->len; i++)
        g_hash_table_add(seen, set->pdata[i]);
    return seen;
}

/* The set *slot holds, taken from it (*slot becomes NULL). */
static strset *
set_take(strset **slot)
{
    strset *set = *slot;
    *slot = NULL;
    return set;
}

/* The set, or NULL (unknown) when it has grown past SET_MAX. */
static strset *
set_capped(strset *set)
{
    if (set && set->len > SET_MAX) {
        set_free(set);
        return NULL;
    }
    return set;
}

static strset *set_union_take(strset **a, const strset *b);

static strset *
set_union(const strset *a, const strset *b)
{
    strset *u = set_copy(a);
    return set_union_take(&u, b);
}

/* The members of `set` without repeats, or NULL when more than SET_MAX. */
static strset *
set_distinct(const strset *set)
{
    strset *none = set_new();
    strset *d = set_union(none, set);
    set_free(none);
    return d;
}

/* The union of *a, which it takes (*a becomes NULL), and b.  Few new
 * members (the usual case: one more word of an alternation) are looked
 * for one by one; many, through a hash table. */
static strset *
set_union_take(strset **a, const strset *b)
{
    strset *u = *a;
    *a = NULL;
    if (!u || !b) {
        set_free(u);
        return NULL;
    }
    if (b->len > 8) {
        GHashTable *seen = set_members(u);
        for (guint i = 0; i < b->len && u->len <= SET_MAX; i++)
            set_add_new(u, seen, g_strdup(b->pdata[i]));
        g_hash_table_destroy(seen);
        return set_capped(u);
    }
    for (guint i = 0; i < b->len && u->len <= SET_MAX; i++) {
        gboolean seen = FALSE;
        for (guint k = 0; k < u->len && !seen; k++)
            seen = strcmp(u->pdata[k], b->pdata[i]) == 0;
        if (!seen)
            g_ptr_array_add(u, g_strdup(b->pdata[i]));
    }
    return set_capped(u);
}

static strset *
set_cross(const strset *a, const strset *b)
{
    if (!a || !b || (size_t)a->len * b->len > SET_MAX)
        return NULL;
    strset *c = set_new();
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < a->len; i++)
        for (guint j = 0; j < b->len; j++)
            set_add_new(c, seen, g_strconcat(a->pdata[i], b->pdata[j], NULL));
    g_hash_table_destroy(seen);
    return c;
}

static size_t
set_shortest(const strset *set)
{
    size_t shortest = UNBOUNDED;
    for (guint i = 0; set && i < set->len; i++)
        shortest = MIN(shortest, strlen(set->pdata[i]));
    return shortest;
}

static size_t
add_len(size_t a, size_t b)
{
    return a == UNBOUNDED || b == UNBOUNDED ? UNBOUNDED : a + b;
}

static size_t
mul_len(size_t a, size_t k)
{
    if (k == UNBOUNDED)
        return a == 0 ? 0 : UNBOUNDED;
    if (a == UNBOUNDED)
        return k == 0 ? 0 : UNBOUNDED;
    return a * k;
}

static cpset *cpset_new(void);
static cpset *cpset_copy(const cpset *set);
static cpset *cpset_union(const cpset *a, const cpset *b);
static cpset *cpset_intersect(const cpset *a, const cpset *b);
static void cpset_free(cpset *set);

/* A set with its lead and `before` (consumed; NULL: any character);
 * anything can come before and after its literals. */
static lset
lset_make(strset *set, size_t lead, cpset *before)
{
    lset l = { set, set ? lead : 0, before, NULL, FALSE, NULL, FALSE, 0 };
    return l;
}

/* The same, with what comes after the literals (`after` consumed). */
static lset
lset_make_after(strset *set, size_t lead, cpset *before, cpset *after, gboolean open)
{
    lset l = { set, set ? lead : 0, before, after, open, NULL, FALSE, 0 };
    return l;
}

/* `l` with what `from` knows of where its literals stand (what comes
 * right before them, how far into the match at least) copied. */
static lset
lset_place_of(lset l, const lset *from)
{
    l.prev = cpset_copy(from->prev);
    l.prev_open = from->prev_open;
    l.min_lead = from->min_lead;
    return l;
}

/* A set whose literals start every match: lead 0, nothing before. */
static lset
lset_at_start(strset *set)
{
    lset l = lset_make(set, 0, cpset_new());
    l.prev = cpset_new();
    l.prev_open = TRUE;
    return l;
}

/* A set whose literals are whole matches: they start and end them. */
static lset
lset_whole(strset *set)
{
    lset l = lset_make_after(set, 0, cpset_new(), cpset_new(), TRUE);
    l.prev = cpset_new();
    l.prev_open = TRUE;
    return l;
}

static lset
lset_copy(lset l)
{
    return lset_place_of(lset_make_after(set_copy(l.set), l.lead, cpset_copy(l.before),
                                        cpset_copy(l.after), l.open),
                        &l);
}

static void
lset_clear(lset *l)
{
    set_free(l->set);
    cpset_free(l->before);
    cpset_free(l->after);
    cpset_free(l->prev);
    l->set = NULL;
    l->before = NULL;
    l->after = NULL;
    l->open = FALSE;
    l->prev = NULL;
    l->prev_open = FALSE;
}

/* What follows the node a set belongs to starts with `first` (NULL: any
 * character), or may be empty: a match that ended with the literal goes
 * on with one of those. */
static void
lset_follow(lset *l, const cpset *first, gboolean may_be_empty)
{
    if (!l->open)
        return;
    cpset *after = cpset_union(l->after, first);
    cpset_free(l->after);
    l->after = after;
    l->open = may_be_empty && after != NULL;
}

/* The mirror of lset_follow: what precedes the node a set belongs to ends
 * with `last`, and the node's lookbehinds allow `pre` there (NULL: any
 * character), or what precedes may be empty: a literal that started the
 * node's match comes after one of those. */
static void
lset_precede(lset *l, const cpset *last, const cpset *pre, gboolean may_be_empty)
{
    if (!l->prev_open)
        return;
    cpset *allowed = cpset_intersect(last, pre);
    cpset *prev = cpset_union(l->prev, allowed);
    cpset_free(allowed);
    cpset_free(l->prev);
    l->prev = prev;
    l->prev_open = may_be_empty && prev != NULL;
}

/* The union of the sets `a` and `b` stand for, given its members, lead
 * and `before`: after either literal comes what comes after each, and
 * before it what comes before each. */
static lset
lset_union(lset a, lset b, strset *set, size_t lead, cpset *before)
{
    lset l = lset_make_after(set, lead, before, cpset_union(a.after, b.after), a.open || b.open);
    l.prev = cpset_union(a.prev, b.prev);
    l.prev_open = a.prev_open || b.prev_open;
    l.min_lead = MIN(a.min_lead, b.min_lead);
    return l;
}

/* How good a set is as a filter: a bounded lead first (PCRE2 then looks at
 * a few bytes per occurrence), then its shortest member (longer literals
 * occur less often), then its size.  Negative when useless. */
static long
lset_score(lset l)
{
    if (!l.set || l.set->len == 0)
        return -1;
    size_t shortest = set_shortest(l.set);
    if (shortest < MIN_USEFUL_BYTES)
        return -1;
    long score = (long)MIN(shortest, 12) * 1000 - (long)l.set->len;
    return l.lead == UNBOUNDED ? score : score + 100000;
}

/* Whether anything is known of what follows a set's literals. */
static gboolean
lset_after_known(lset l)
{
    return l.open || l.after != NULL;
}

/* Whether `b` is a better filter than `a`: a better score, or an equal one
 * with a shorter lead, or with the same lead and knowing what follows its
 * literals. */
static gboolean
lset_prefer(lset a, lset b)
{
    long sa = lset_score(a), sb = lset_score(b);
    return sb > sa ||
           (sb == sa && sb >= 0 &&
            (b.lead < a.lead ||
             (b.lead == a.lead && lset_after_known(b) && !lset_after_known(a))));
}

/* The better of two sets (consumes both, returns one). */
static lset
lset_better(lset a, lset b)
{
    if (lset_prefer(a, b)) {
        lset_clear(&a);
        return b;
    }
    lset_clear(&b);
    return a;
}

/* ---- code point sets ---- */

static cpset *
cpset_new(void)
{
    return g_array_new(FALSE, FALSE, sizeof(gunichar));
}

static void
cpset_add(cpset *set, gunichar lo, gunichar hi)
{
    g_array_append_val(set, lo);
    g_array_append_val(set, hi);
}

static cpset *
cpset_copy(const cpset *set)
{
    if (!set)
        return NULL;
    cpset *c = cpset_new();
    g_array_append_vals(c, set->data, set->len);
    return c;
}

static cpset *
cpset_union(const cpset *a, const cpset *b)
{
    if (!a || !b)
        return NULL;
    cpset *u = cpset_copy(a);
    g_array_append_vals(u, b->data, b->len);
    return u;
}

static void
cpset_free(cpset *set)
{
    if (set)
        g_array_free(set, TRUE);
}

static gint
compare_ranges(gconstpointer a, gconstpointer b)
{
    gunichar x = *(const gunichar *)a, y = *(const gunichar *)b;
    return x < y ? -1 : x > y;
}

/* Sorted, with overlapping and adjacent ranges merged. */
static void
cpset_normalise(cpset *set)
{
    guint n = set->len / 2;
    /* Pairs sort as 8-byte records by their lo. */
    g_array_set_size(set, 2 * n);
    if (n > 1)   /* an empty set has no data to sort (qsort(NULL, 0) is undefined) */
        qsort(set->data, n, 2 * sizeof(gunichar), compare_ranges);
    guint out = 0;
    for (guint i = 0; i < n; i++) {
        gunichar lo = g_array_index(set, gunichar, 2 * i);
        gunichar hi = g_array_index(set, gunichar, 2 * i + 1);
        if (out > 0 && lo <= g_array_index(set, gunichar, 2 * out - 1) + 1) {
            gunichar *last_hi = &g_array_index(set, gunichar, 2 * out - 1);
            *last_hi = MAX(*last_hi, hi);
            continue;
        }
        g_array_index(set, gunichar, 2 * out) = lo;
        g_array_index(set, gunichar, 2 * out + 1) = hi;
        out++;
    }
    g_array_set_size(set, 2 * out);
}

/* The characters in both sets (NULL: any character). */
static cpset *
cpset_intersect(const cpset *a, const cpset *b)
{
    if (!a || !b)
        return cpset_copy(a ? a : b);
    cpset *x = cpset_copy(a), *y = cpset_copy(b), *both = cpset_new();
    cpset_normalise(x);
    cpset_normalise(y);
    const gunichar *u = (const gunichar *)x->data, *v = (const gunichar *)y->data;
    for (guint i = 0, j = 0; i < x->len && j < y->len;) {
        gunichar lo = MAX(u[i], v[j]), hi = MIN(u[i + 1], v[j + 1]);
        if (lo <= hi)
            cpset_add(both, lo, hi);
        if (u[i + 1] < v[j + 1])
            i += 2;
        else
            j += 2;
    }
    cpset_free(x);
    cpset_free(y);
    return both;
}

/* Every character not in `set` (NULL: any character, so none). */
static cpset *
cpset_complement(const cpset *set)
{
    cpset *others = cpset_new();
    if (!set)
        return others;
    cpset *s = cpset_copy(set);
    cpset_normalise(s);
    gunichar next = 0;   /* the first character not yet placed */
    for (guint i = 0; i < s->len; i += 2) {
        gunichar lo = g_array_index(s, gunichar, i), hi = g_array_index(s, gunichar, i + 1);
        if (lo > next)
            cpset_add(others, next, lo - 1);
        next = MAX(next, hi + 1);
    }
    if (next <= 0x10FFFF)
        cpset_add(others, next, 0x10FFFF);
    cpset_free(s);
    return others;
}

/* ---- nodes ---- */

static void
node_clear(node *n)
{
    set_free(n->exact);
    set_free(n->prefix);
    lset_clear(&n->suffix);
    lset_clear(&n->required);
    cpset_free(n->first);
    cpset_free(n->chars);
    cpset_free(n->last);
    cpset_free(n->gate);
    cpset_free(n->single);
    cpset_free(n->pre);
    memset(n, 0, sizeof *n);
}

static node
node_copy(const node *n)
{
    node c = { set_copy(n->exact), set_copy(n->prefix), lset_copy(n->suffix),
               lset_copy(n->required), n->min, n->max, cpset_copy(n->first),
               cpset_copy(n->chars), n->asserts_next, cpset_copy(n->last), n->asserts_prev,
               cpset_copy(n->gate), cpset_copy(n->single), n->one_char, n->asserts,
               cpset_copy(n->pre) };
    return c;
}

static void
node_free(gpointer p)
{
    node_clear(p);
    g_free(p);
}

/* The node that matches only the empty string (anchors, lookarounds). */
static node
node_empty(void)
{
    node n = { 0 };
    n.exact = set_of("", 0);
    n.prefix = set_of("", 0);
    n.suffix = lset_whole(set_of("", 0));
    n.first = cpset_new();
    n.chars = cpset_new();
    n.last = cpset_new();
    return n;
}

static node
node_literal(const char *s, size_t len)
{
    node n = { set_of(s, len), set_of(s, len), lset_whole(set_of(s, len)),
               lset_whole(set_of(s, len)), len, len, cpset_new(), cpset_new(), FALSE,
               cpset_new(), FALSE, NULL, NULL, FALSE, FALSE, NULL };
    if (len > 0) {
        gunichar c = g_utf8_get_char(s);
        cpset_add(n.first, c, c);
    }
    for (const char *c = s; c < s + len; c = g_utf8_next_char(c)) {
        gunichar u = g_utf8_get_char(c);
        cpset_add(n.chars, u, u);
        if (g_utf8_next_char(c) == s + len)
            cpset_add(n.last, u, u);
    }
    if (len > 0 && g_utf8_next_char(s) == s + len) {
        n.single = cpset_copy(n.first);
        n.one_char = TRUE;
    }
    return n;
}

/* Makes the empty node `n` an assertion about the character before it:
 * one of `last` (consumed), or the start of the text. */
static void
node_asserts_prev(node *n, cpset *last)
{
    cpset_free(n->last);
    n->last = last;
    n->asserts_prev = TRUE;
    n->asserts = TRUE;
    cpset_free(n->pre);
    n->pre = cpset_copy(last);
}

/* Text of unknown identity, `min`..`max` bytes: one character when 1..4
 * (\R's 1..3 may be two, \r\n). */
static node
node_any(size_t min, size_t max)
{
    node n = { 0 };
    n.min = min;
    n.max = max;
    n.one_char = min == 1 && max == 4;
    return n;
}

/* The best "every match contains one of these" set a node offers. */
static lset
node_best(const node *n)
{
    /* The four candidates as views of the node's sets, compared without a
     * copy (the exact set is whole, the prefix set starts every match);
     * only the winner is copied. */
    lset views[4] = {
        n->required,
        { n->exact, 0, NULL, NULL, TRUE, NULL, TRUE, 0 },
        { n->prefix, 0, NULL, NULL, FALSE, NULL, TRUE, 0 },
        n->suffix,
    };
    int best = 0;
    for (int i = 1; i < 4; i++)
        if (lset_prefer(views[best], views[i]))
            best = i;
    if (lset_score(views[best]) < 0)
        return lset_make(NULL, 0, NULL);
    switch (best) {
    case 1:
        return lset_whole(set_copy(n->exact));
    case 2:
        return lset_at_start(set_copy(n->prefix));
    default:
        return lset_copy(views[best]);
    }
}

/* *set narrowed to the characters also in `by` (NULL: any character). */
static void
cpset_narrow(cpset **set, const cpset *by)
{
    if (!by)
        return;
    cpset *narrowed = cpset_intersect(*set, by);
    cpset_free(*set);
    *set = narrowed;
}

/* X then Y.  Consumes both. */
static node
node_concat(node x, node y)
{
    /* After an assertion that tells what the next character is, Y's first
     * character is one of those, and so is its last when it has only one
     * (the (?![副总]) before a name's \p{Han}). */
    if (x.max == 0 && x.gate && y.min > 0) {
        cpset_narrow(&y.first, x.gate);
        if (y.one_char) {
            cpset_narrow(&y.last, x.gate);
            cpset_narrow(&y.chars, x.gate);
        }
    }
    node r = { 0 };
    r.min = add_len(x.min, y.min);
    r.max = add_len(x.max, y.max);
    r.exact = set_cross(x.exact, y.exact);
    r.prefix = x.exact ? set_cross(x.exact, y.prefix) : NULL;
    if (!r.prefix)
        r.prefix = set_take(&x.prefix);
    /* Y's literals start after all of X: their lead grows by X's length
     * (at most and at least), what comes before them by X's characters,
     * and a literal that can start Y comes after what X ends with.  (After
     * an X that only asserts, Y's own suffix says more than X's suffix
     * crossed with Y's exact strings.) */
    strset *suffix = y.exact && x.max > 0 ? set_cross(x.suffix.set, y.exact) : NULL;
    gboolean x_may_vanish = x.min == 0 && !x.asserts_prev;
    if (suffix) {
        r.suffix = lset_place_of(lset_make_after(suffix, x.suffix.lead,
                                                cpset_copy(x.suffix.before), cpset_new(), TRUE),
                                &x.suffix);
    } else {
        r.suffix = lset_place_of(lset_make_after(set_take(&y.suffix.set),
                                                add_len(x.max, y.suffix.lead),
                                                cpset_union(x.chars, y.suffix.before),
                                                cpset_copy(y.suffix.after), y.suffix.open),
                                &y.suffix);
        lset_precede(&r.suffix, x.last, y.pre, x_may_vanish);
        r.suffix.min_lead += x.min;
    }
    /* X's literals that can end X are followed by what Y starts with. */
    /* (X and Y are consumed: sets used once are taken, not copied.) */
    lset x_req = lset_place_of(lset_make_after(set_take(&x.required.set), x.required.lead,
                                              cpset_copy(x.required.before),
                                              cpset_copy(x.required.after), x.required.open),
                              &x.required);
    lset_follow(&x_req, y.first, y.min == 0 && !y.asserts_next);
    lset y_req = lset_place_of(lset_make_after(set_take(&y.required.set),
                                              add_len(x.max, y.required.lead),
                                              cpset_union(x.chars, y.required.before),
                                              cpset_copy(y.required.after), y.required.open),
                              &y.required);
    lset_precede(&y_req, x.last, y.pre, x_may_vanish);
    y_req.min_lead += x.min;
    lset req = lset_better(x_req, y_req);
    req = lset_better(req, lset_place_of(lset_make(set_cross(x.suffix.set, y.prefix),
                                                  x.suffix.lead, cpset_copy(x.suffix.before)),
                                        &x.suffix));
    req = lset_better(req, lset_whole(set_copy(r.exact)));
    r.required = req;
    /* A match starts where X's does, and also where Y's does when X only
     * asserts. */
    r.pre = x.max == 0 ? cpset_intersect(x.pre, y.pre) : cpset_copy(x.pre);
    /* Y's first characters count when X can match nothing (and alone when
     * X is only an assertion, which gave them its gate above). */
    if (x.max == 0 && y.min > 0)
        r.first = cpset_copy(y.first);
    else if (x.max == 0 && y.max == 0 && x.asserts_next && y.asserts_next)
        r.first = cpset_intersect(x.first, y.first);   /* both lookaheads hold */
    else
        r.first = x.min == 0 ? cpset_union(x.first, y.first) : cpset_copy(x.first);
    r.asserts_next = x.asserts_next || y.asserts_next;
    r.chars = cpset_union(x.chars, y.chars);
    /* A non-empty match ends with Y's last character, or with X's where Y
     * matches nothing; a lookbehind Y then says what that one is. */
    if (y.min > 0)
        r.last = cpset_copy(y.last);
    else if (y.asserts_prev)
        r.last = y.max == 0 ? cpset_intersect(x.last, y.last) : cpset_copy(y.last);
    else
        r.last = cpset_union(x.last, y.last);
    r.asserts_prev = r.min == 0 && (x.asserts_prev || y.asserts_prev);
    if (r.asserts_prev) {
        /* An empty match: both X and Y were empty there, and each
         * lookbehind holds. */
        cpset *empty_prev = cpset_intersect(x.asserts_prev ? x.last : NULL,
                                            y.asserts_prev ? y.last : NULL);
        cpset *last = cpset_union(r.last, empty_prev);
        cpset_free(r.last);
        cpset_free(empty_prev);
        r.last = last;
    }
    r.gate = r.max == 0 ? cpset_intersect(x.gate, y.gate) : NULL;
    r.one_char = (x.max == 0 && y.one_char) || (y.max == 0 && x.one_char);
    r.asserts = x.asserts || y.asserts;
    /* X Y matches "c" alone where one of them matches it and the other
     * only the empty string, unconditionally. */
    if (x.max == 0 && !x.asserts)
        r.single = cpset_copy(y.single);
    else if (y.max == 0 && !y.asserts)
        r.single = cpset_copy(x.single);
    node_clear(&x);
    node_clear(&y);
    return r;
}

/* X or Y.  Consumes both. */
static node
node_alternate(node x, node y)
{
    node r = { 0 };
    /* X's sets are taken, not copied: an alternation of n words folds
     * left, and copying the growing side each time would cost n².  The
     * best sets come first, since they read X's sets. */
    lset bx = node_best(&x), by = node_best(&y);
    r.required = lset_union(bx, by, set_union_take(&bx.set, by.set), MAX(bx.lead, by.lead),
                            cpset_union(bx.before, by.before));
    r.exact = set_union_take(&x.exact, y.exact);
    r.prefix = set_union_take(&x.prefix, y.prefix);
    r.suffix = lset_union(x.suffix, y.suffix, set_union_take(&x.suffix.set, y.suffix.set),
                          MAX(x.suffix.lead, y.suffix.lead),
                          cpset_union(x.suffix.before, y.suffix.before));
    lset_clear(&bx);
    lset_clear(&by);
    r.chars = cpset_union(x.chars, y.chars);
    r.min = MIN(x.min, y.min);
    r.max = x.max == UNBOUNDED || y.max == UNBOUNDED ? UNBOUNDED : MAX(x.max, y.max);
    r.first = cpset_union(x.first, y.first);
    r.asserts_next = (x.min > 0 || x.asserts_next) && (y.min > 0 || y.asserts_next);
    r.last = cpset_union(x.last, y.last);
    r.asserts_prev = (x.min > 0 || x.asserts_prev) && (y.min > 0 || y.asserts_prev);
    /* Either matches "c", so the alternation does; NULL knows none. */
    r.single = !x.single ? cpset_copy(y.single)
             : !y.single ? cpset_copy(x.single)
                         : cpset_union(x.single, y.single);
    r.gate = r.max == 0 && x.gate && y.gate ? cpset_union(x.gate, y.gate) : NULL;
    r.one_char = x.one_char && y.one_char;
    r.asserts = x.asserts || y.asserts;
    r.pre = cpset_union(x.pre, y.pre);
    node_clear(&x);
    node_clear(&y);
    return r;
}

/* X{lo,hi} (hi may be UNBOUNDED).  Consumes x. */
static node
node_repeat(node x, size_t lo, size_t hi)
{
    node r = { 0 };
    r.min = mul_len(x.min, lo);
    r.max = mul_len(x.max, hi);
    r.first = hi == 0 ? cpset_new() : cpset_copy(x.first);
    r.chars = hi == 0 ? cpset_new() : cpset_copy(x.chars);
    r.asserts_next = lo >= 1 && x.asserts_next;
    r.last = hi == 0 ? cpset_new() : cpset_copy(x.last);
    r.asserts_prev = lo >= 1 && x.asserts_prev;
    r.single = lo <= 1 && hi >= 1 ? cpset_copy(x.single) : NULL;
    r.gate = lo >= 1 && x.max == 0 ? cpset_copy(x.gate) : NULL;
    r.one_char = lo == 1 && hi == 1 && x.one_char;
    r.asserts = x.asserts;
    r.pre = lo >= 1 ? cpset_copy(x.pre) : NULL;
    /* Small bounded repeats of an exact set stay exact: [一二]{1,2}. */
    if (x.exact && hi != UNBOUNDED && hi <= 4) {
        strset *power = set_of("", 0);
        strset *all = lo == 0 ? set_of("", 0) : set_new();
        for (size_t k = 1; k <= hi && power; k++) {
            strset *next = set_cross(power, x.exact);
            set_free(power);
            power = next;
            if (k >= lo) {
                strset *u = set_union(all, power);
                set_free(all);
                all = u;
            }
            if (!all)
                break;
        }
        set_free(power);
        r.exact = all;
    }
    if (lo >= 1) {
        /* The first copy holds the designated literal; the last copy ends
         * the match, at most hi - 1 copies after the start. */
        r.prefix = set_copy(x.prefix);
        size_t before_last = hi == UNBOUNDED ? UNBOUNDED : mul_len(x.max, hi - 1);
        /* Before the last copy's suffix: earlier copies, then its start. */
        r.suffix = lset_place_of(lset_make_after(set_copy(x.suffix.set),
                                                add_len(before_last, x.suffix.lead),
                                                hi == 1 ? cpset_copy(x.suffix.before)
                                                        : cpset_union(x.chars, x.suffix.before),
                                                cpset_copy(x.suffix.after), x.suffix.open),
                                &x.suffix);
        /* The last copy may come after another, which ends as X does; at
         * least lo - 1 copies come before it. */
        if (hi != 1)
            lset_precede(&r.suffix, x.last, x.pre, lo <= 1 || (x.min == 0 && !x.asserts_prev));
        r.suffix.min_lead += mul_len(x.min, lo - 1);
        r.required = node_best(&x);
        /* The copy that holds the literal may be followed by another. */
        if (hi != 1)
            lset_follow(&r.required, x.first, TRUE);
    }
    if (r.exact) {
        set_free(r.prefix);
        lset_clear(&r.suffix);
        r.prefix = set_copy(r.exact);
        r.suffix = lset_whole(set_copy(r.exact));
        r.required = lset_better(r.required, lset_whole(set_copy(r.exact)));
    }
    node_clear(&x);
    return r;
}

/* ---- the parser ---- */

/* Which Han \p{name} is: 1 the script (sc=Han, script=Han), 2 the script
 * extension (Han alone, which PCRE2 10.40 and later read as scx=Han: it
 * adds 、。「」 and other marks used with Han), 0 something else.  Any case,
 * with any spaces, hyphens or underscores, as PCRE2 reads names. */
static int
han_property(const char *name, size_t len)
{
    char loose[32];
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        if (c == ' ' || c == '-' || c == '_')
            continue;
        if (n + 1 >= sizeof loose)
            return 0;
        loose[n++] = g_ascii_tolower(c);
    }
    loose[n] = 0;
    if (strcmp(loose, "sc=han") == 0 || strcmp(loose, "script=han") == 0)
        return 1;
    if (strcmp(loose, "han") == 0 || strcmp(loose, "scx=han") == 0 ||
        strcmp(loose, "scriptextensions=han") == 0)
        return 2;
    return 0;
}

/* One character of the Han script (kind 1) or script extension (kind 2).
 * The ranges hold more than PCRE2's (Unicode 15) sets, never less: whole
 * blocks where a block is mostly Han, and every character beyond the BMP
 * (test-rules checks them against the PCRE2 it is built with). */
static node
node_han(int kind)
{
    static const gunichar script[][2] = {
        { 0x2E80, 0x2FDF }, { 0x3005, 0x3007 }, { 0x3021, 0x3029 }, { 0x3038, 0x303B },
        { 0x3400, 0x4DBF }, { 0x4E00, 0x9FFF }, { 0xF900, 0xFAFF }, { 0x10000, 0x10FFFF },
    };
    static const gunichar extension[][2] = {
        { 0x2E80, 0x33FF }, { 0x3400, 0x4DBF }, { 0x4E00, 0x9FFF }, { 0xA700, 0xA707 },
        { 0xF900, 0xFAFF }, { 0xFE45, 0xFE46 }, { 0xFF61, 0xFF65 }, { 0x10000, 0x10FFFF },
    };
    const gunichar (*ranges)[2] = kind == 1 ? script : extension;
    size_t n_ranges = kind == 1 ? G_N_ELEMENTS(script) : G_N_ELEMENTS(extension);
    node n = node_any(3, 4);
    n.first = cpset_new();
    for (size_t i = 0; i < n_ranges; i++)
        cpset_add(n.first, ranges[i][0], ranges[i][1]);
    n.chars = cpset_copy(n.first);
    n.last = cpset_copy(n.first);
    n.one_char = TRUE;
    /* (No `single`: the ranges hold more than the property.) */
    return n;
}

static node parse_alternation(parser *ps);

static gboolean
give_up(parser *ps, const char *why)
{
    if (!ps->why)
        ps->why = why;
    return FALSE;
}

/* Append code point c to s as UTF-8. */
static void
append_char(GString *s, gunichar c)
{
    g_string_append_unichar(s, c);
}

/* Read \x{...}, \xhh or \N{U+...}; p points after the x or the N.  Returns
 * the code point, or (gunichar)-1. */
static gunichar
read_hex_escape(parser *ps, gboolean braces_required)
{
    gunichar c = 0;
    if (*ps->p == '{') {
        ps->p++;
        if (braces_required && strncmp(ps->p, "U+", 2) == 0)
            ps->p += 2;
        const char *start = ps->p;
        while (ps->p < ps->end && g_ascii_isxdigit(*ps->p))
            c = c * 16 + (gunichar)g_ascii_xdigit_value(*ps->p++);
        if (ps->p == start || *ps->p != '}')
            return (gunichar)-1;
        ps->p++;
        return c;
    }
    if (braces_required)
        return (gunichar)-1;
    for (int i = 0; i < 2 && ps->p < ps->end && g_ascii_isxdigit(*ps->p); i++)
        c = c * 16 + (gunichar)g_ascii_xdigit_value(*ps->p++);
    return c;
}

/* An escape outside a class; ps->p points after the backslash.  *out gets
 * the node it stands for; FALSE when the analysis gives up. */
static gboolean
parse_escape(parser *ps, node *out)
{
    char e = *ps->p++;
    GString *s = g_string_new(NULL);
    gboolean ok = TRUE;
    switch (e) {
    case 'd': case 'D': case 'w': case 'W': case 's': case 'S': case 'h': case 'H':
    case 'v': case 'V': case 'N':
        if (e == 'N' && *ps->p == '{') {
            gunichar c = read_hex_escape(ps, TRUE);
            if (c == (gunichar)-1) {
                ok = give_up(ps, "\\N{...} the analysis does not read");
                break;
            }
            append_char(s, c);
            *out = node_literal(s->str, s->len);
            break;
        }
        *out = node_any(1, 4);
        break;
    case 'p': case 'P':
        if (*ps->p == '{') {
            const char *close = memchr(ps->p, '}', (size_t)(ps->end - ps->p));
            if (!close) {
                ok = give_up(ps, "unterminated \\p{");
                break;
            }
            int han = e == 'p' ? han_property(ps->p + 1, (size_t)(close - ps->p - 1)) : 0;
            ps->p = close + 1;
            if (han) {
                *out = node_han(han);
                break;
            }
        } else if (ps->p < ps->end) {
            ps->p++;
        }
        *out = node_any(1, 4);
        break;
    case 'R':
        *out = node_any(1, 3);
        break;
    case 'X':
        *out = node_any(1, UNBOUNDED);
        break;
    case 'A':
        /* Only at the start of the text: nothing comes before. */
        *out = node_empty();
        node_asserts_prev(out, cpset_new());
        break;
    case 'b': case 'B': case 'z': case 'Z':
        *out = node_empty();
        out->asserts = TRUE;
        break;
    case 'G':
        ok = give_up(ps, "\\G depends on where a search starts");
        break;
    case 'K':
        ok = give_up(ps, "\\K moves the start of the match");
        break;
    case 't': append_char(s, '\t'); *out = node_literal(s->str, s->len); break;
    case 'n': append_char(s, '\n'); *out = node_literal(s->str, s->len); break;
    case 'r': append_char(s, '\r'); *out = node_literal(s->str, s->len); break;
    case 'f': append_char(s, '\f'); *out = node_literal(s->str, s->len); break;
    case 'e': append_char(s, 0x1b); *out = node_literal(s->str, s->len); break;
    case 'a': append_char(s, 0x07); *out = node_literal(s->str, s->len); break;
    case 'x': {
        gunichar c = read_hex_escape(ps, FALSE);
        if (c == (gunichar)-1 || c > 0x10FFFF) {
            ok = give_up(ps, "\\x escape the analysis does not read");
            break;
        }
        append_char(s, c);
        *out = node_literal(s->str, s->len);
        break;
    }
    case 'Q': {
        const char *stop = g_strstr_len(ps->p, ps->end - ps->p, "\\E");
        const char *q_end = stop ? stop : ps->end;
        *out = node_literal(ps->p, (size_t)(q_end - ps->p));
        ps->p = stop ? stop + 2 : ps->end;
        break;
    }
    case 'E':
        *out = node_empty();
        break;
    default:
        if (g_ascii_isdigit(e) || e == 'g' || e == 'k') {
            /* A back reference (or an octal escape): any text at all. */
            ok = give_up(ps, "back references are not analysed");
            break;
        }
        if (g_ascii_isalnum(e) || (unsigned char)e >= 0x80) {
            ok = give_up(ps, "an escape the analysis does not know");
            break;
        }
        /* \. \* \( … : the character itself. */
        g_string_append_c(s, e);
        *out = node_literal(s->str, s->len);
    }
    g_string_free(s, TRUE);
    return ok;
}

/* A character class; ps->p points after the '['.  Small classes of plain
 * characters become exact sets; anything else is one unknown character. */
static gboolean
parse_class(parser *ps, node *out)
{
    gboolean negated = FALSE, exact = TRUE;
    strset *members = set_new();
    cpset *ranges = cpset_new();     /* NULL once an escape or a POSIX class makes it any */
    size_t min = 4, max = 1;
    if (*ps->p == '^') {
        negated = TRUE;
        ps->p++;
    }
    gboolean first = TRUE;
    while (ps->p < ps->end) {
        const char *here = ps->p;
        if (*here == ']' && !first) {
            ps->p++;
            break;
        }
        first = FALSE;
        gunichar c;
        if (*here == '[' && here[1] == ':') {
            const char *close = g_strstr_len(here, ps->end - here, ":]");
            if (!close) {
                set_free(members);
                cpset_free(ranges);
                return give_up(ps, "unterminated POSIX class");
            }
            ps->p = close + 2;
            exact = FALSE;
            cpset_free(ranges);
            ranges = NULL;
            continue;
        }
        if (*here == '\\') {
            char e = here[1];
            ps->p += 2;
            if (strchr("dDwWsShHvVpPXRN", e)) {
                if ((e == 'p' || e == 'P') && *ps->p == '{') {
                    const char *close = memchr(ps->p, '}', (size_t)(ps->end - ps->p));
                    if (!close) {
                        set_free(members);
                        cpset_free(ranges);
                        return give_up(ps, "unterminated \\p{ in a class");
                    }
                    ps->p = close + 1;
                } else if (e == 'p' || e == 'P') {
                    ps->p++;
                }
                exact = FALSE;
                cpset_free(ranges);
                ranges = NULL;
                continue;
            }
            if (e == 'x') {
                c = read_hex_escape(ps, FALSE);
                if (c == (gunichar)-1) {
                    set_free(members);
                    cpset_free(ranges);
                    return give_up(ps, "\\x in a class the analysis does not read");
                }
            } else if (e == 't') {
                c = '\t';
            } else if (e == 'n') {
                c = '\n';
            } else if (e == 'r') {
                c = '\r';
            } else if (g_ascii_isalnum(e) || (unsigned char)e >= 0x80) {
                set_free(members);
                cpset_free(ranges);
                return give_up(ps, "an escape in a class the analysis does not know");
            } else {
                c = (gunichar)e;
            }
        } else {
            c = g_utf8_get_char_validated(here, ps->end - here);
            if (c == (gunichar)-1 || c == (gunichar)-2) {
                set_free(members);
                cpset_free(ranges);
                return give_up(ps, "invalid UTF-8 in a class");
            }
            ps->p = g_utf8_next_char(here);
        }
        /* A range a-z. */
        if (*ps->p == '-' && ps->p + 1 < ps->end && ps->p[1] != ']') {
            ps->p++;
            gunichar hi;
            if (*ps->p == '\\') {
                set_free(members);
                cpset_free(ranges);
                return give_up(ps, "a range ending in an escape");
            }
            hi = g_utf8_get_char_validated(ps->p, ps->end - ps->p);
            if (hi == (gunichar)-1 || hi == (gunichar)-2 || hi < c) {
                set_free(members);
                cpset_free(ranges);
                return give_up(ps, "a range the analysis does not read");
            }
            ps->p = g_utf8_next_char(ps->p);
            if (ranges)
                cpset_add(ranges, c, hi);
            if (hi - c > SET_MAX)
                exact = FALSE;
            for (gunichar k = c; exact && k <= hi; k++) {
                char buf[8];
                int n = g_unichar_to_utf8(k, buf);
                buf[n] = 0;
                g_ptr_array_add(members, g_strdup(buf));   /* deduplicated below */
                min = MIN(min, (size_t)n);
                max = MAX(max, (size_t)n);
            }
            continue;
        }
        if (ranges)
            cpset_add(ranges, c, c);
        char buf[8];
        int n = g_unichar_to_utf8(c, buf);
        buf[n] = 0;
        if (exact)
            g_ptr_array_add(members, g_strdup(buf));   /* deduplicated below */
        if (members->len > 4 * SET_MAX)
            exact = FALSE;   /* too many to list, however many repeat */
        min = MIN(min, (size_t)n);
        max = MAX(max, (size_t)n);
    }
    if (negated && ranges) {
        cpset *others = cpset_complement(ranges);
        cpset_free(ranges);
        ranges = others;
    }
    strset *distinct = set_distinct(members);
    set_free(members);
    members = distinct ? distinct : set_new();
    if (!distinct)
        exact = FALSE;
    if (negated || !exact || members->len == 0 || members->len > SET_MAX) {
        set_free(members);
        *out = node_any(1, 4);
        out->first = ranges;
        out->chars = cpset_copy(ranges);
        out->last = cpset_copy(ranges);
        out->single = cpset_copy(ranges);
        return TRUE;
    }
    node n = { members, set_copy(members), lset_whole(set_copy(members)),
               lset_whole(set_copy(members)), min, max, ranges, cpset_copy(ranges), FALSE,
               cpset_copy(ranges), FALSE, NULL, cpset_copy(ranges), TRUE, FALSE, NULL };
    *out = n;
    return TRUE;
}

/* Where the group called `name` is defined: just after its "(?<name>",
 * "(?'name'" or "(?P<name>", or NULL. */
static const char *
find_group(const char *pattern, const char *end, const char *name, size_t len)
{
    static const char *const opens[] = { "(?<", "(?'", "(?P<" };
    for (const char *p = pattern; p < end; p++) {
        if (*p == '\\') {
            p++;   /* an escaped parenthesis opens nothing */
            continue;
        }
        for (size_t k = 0; k < G_N_ELEMENTS(opens); k++) {
            size_t o = strlen(opens[k]);
            const char *n = p + o;
            if ((size_t)(end - p) > o + len && strncmp(p, opens[k], o) == 0 &&
                strncmp(n, name, len) == 0 && (n[len] == '>' || n[len] == '\''))
                return n + len + 1;
        }
    }
    return NULL;
}

/* A subroutine call (?&name) matches what its group matches: the group is
 * read in place.  A recursive call, or one nested too deep, is some text of
 * any length. */
static node
parse_call(parser *ps, const char *name, size_t len)
{
    char *key = g_strndup(name, len);
    const node *known = g_hash_table_lookup(ps->called, key);
    if (known) {
        g_free(key);
        return node_copy(known);
    }
    const char *def = find_group(ps->pattern, ps->end, name, len);
    gboolean recursive = ps->depth >= CALL_DEPTH;
    for (int i = 0; i < ps->depth && !recursive; i++)
        recursive = ps->calling_len[i] == len && strncmp(ps->calling[i], name, len) == 0;
    if (!def || recursive) {
        g_free(key);
        return node_any(0, UNBOUNDED);
    }
    parser sub = *ps;
    sub.p = def;
    sub.why = NULL;
    sub.calling[sub.depth] = name;
    sub.calling_len[sub.depth] = len;
    sub.depth++;
    node group = parse_alternation(&sub);
    if (sub.why || sub.p >= sub.end || *sub.p != ')') {
        node_clear(&group);
        group = node_any(0, UNBOUNDED);
    }
    /* Whatever the calls around it, the group matches the same texts (a
     * recursion read as "any text" only widens): one reading serves all. */
    node *kept = g_new(node, 1);
    *kept = node_copy(&group);
    g_hash_table_insert(ps->called, key, kept);
    return group;
}

/* After an atom: a quantifier, if any.  Returns FALSE on a '{' that is not
 * a quantifier PCRE2 10.42 would read (we do not guess at literal braces). */
static gboolean
parse_quantifier(parser *ps, size_t *lo, size_t *hi, gboolean *present)
{
    *present = TRUE;
    switch (*ps->p) {
    case '*': *lo = 0; *hi = UNBOUNDED; ps->p++; break;
    case '+': *lo = 1; *hi = UNBOUNDED; ps->p++; break;
    case '?': *lo = 0; *hi = 1; ps->p++; break;
    case '{': {
        const char *q = ps->p + 1;
        size_t a = 0, b;
        if (!g_ascii_isdigit(*q))
            return give_up(ps, "a brace that is not a quantifier");
        while (g_ascii_isdigit(*q))
            a = a * 10 + (size_t)(*q++ - '0');
        if (*q == '}') {
            b = a;
        } else if (*q == ',') {
            q++;
            if (*q == '}') {
                b = UNBOUNDED;
            } else {
                if (!g_ascii_isdigit(*q))
                    return give_up(ps, "a brace that is not a quantifier");
                b = 0;
                while (g_ascii_isdigit(*q))
                    b = b * 10 + (size_t)(*q++ - '0');
                if (*q != '}')
                    return give_up(ps, "a brace that is not a quantifier");
            }
        } else {
            return give_up(ps, "a brace that is not a quantifier");
        }
        *lo = a;
        *hi = b;
        ps->p = q + 1;
        break;
    }
    default:
        *present = FALSE;
        return TRUE;
    }
    /* Lazy and possessive forms match a subset of the same strings. */
    if (*ps->p == '?' || *ps->p == '+')
        ps->p++;
    return TRUE;
}

/* Inline options (?imsx-imsx) or (?imsx:...): only those that do not change
 * which strings match are allowed. */
static gboolean
options_harmless(parser *ps, const char *opts, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (opts[i] == 'i' || opts[i] == 'x')
            return give_up(ps, "inline (?i) or (?x) changes what literals mean");
    return TRUE;
}

/* A group; ps->p points after the '('. */
static gboolean
parse_group(parser *ps, node *out)
{
    gboolean lookaround = FALSE, ahead = FALSE, negative = FALSE;
    if (*ps->p == '*')
        return give_up(ps, "(*VERB) or (*atomic…) forms");
    if (*ps->p == '?') {
        const char *q = ps->p + 1;
        if (*q == ':' || *q == '|' || *q == '>') {
            ps->p = q + 1;
        } else if (*q == '=' || *q == '!') {
            ps->p = q + 1;
            lookaround = TRUE;
            ahead = TRUE;
            negative = *q == '!';
        } else if (*q == '<' && (q[1] == '=' || q[1] == '!')) {
            ps->p = q + 2;
            lookaround = TRUE;
            negative = q[1] == '!';
        } else if (*q == '<' || *q == '\'' || (*q == 'P' && q[1] == '<')) {
            char close = *q == '\'' ? '\'' : '>';
            const char *e = memchr(q, close, (size_t)(ps->end - q) );
            if (*q == '\'')
                e = memchr(q + 1, close, (size_t)(ps->end - q - 1));
            if (!e)
                return give_up(ps, "a group name the analysis does not read");
            ps->p = e + 1;
        } else if (*q == '&') {
            const char *e = memchr(q, ')', (size_t)(ps->end - q));
            if (!e)
                return give_up(ps, "unterminated subroutine call");
            ps->p = e + 1;
            *out = parse_call(ps, q + 1, (size_t)(e - q - 1));
            return TRUE;
        } else if (strncmp(q, "(DEFINE)", 8) == 0) {
            /* Definitions for subroutine calls: never matched in place. */
            ps->p = q + 8;
            node inner = parse_alternation(ps);
            node_clear(&inner);
            if (ps->why)
                return FALSE;
            if (*ps->p != ')')
                return give_up(ps, "unbalanced parenthesis");
            ps->p++;
            *out = node_empty();
            return TRUE;
        } else if (*q == '#') {
            const char *e = memchr(q, ')', (size_t)(ps->end - q));
            if (!e)
                return give_up(ps, "unterminated comment");
            ps->p = e + 1;
            *out = node_empty();
            return TRUE;
        } else {
            /* (?imsx) or (?imsx:...): only PCRE2's option letters, so that
             * (?R) or (?C) are not taken for options. */
            const char *o = q;
            while (o < ps->end && *o && strchr("imnsxJU-^", *o))
                o++;
            if (o == q || (*o != ')' && *o != ':'))
                return give_up(ps, "a (? form the analysis does not know");
            if (!options_harmless(ps, q, (size_t)(o - q)))
                return FALSE;
            ps->p = o + 1;
            if (*o == ')') {
                *out = node_empty();
                return TRUE;
            }
        }
    }
    node inner = parse_alternation(ps);
    if (ps->why) {
        node_clear(&inner);
        return FALSE;
    }
    if (*ps->p != ')') {
        node_clear(&inner);
        return give_up(ps, "unbalanced parenthesis");
    }
    ps->p++;
    if (lookaround) {
        /* A lookaround consumes nothing, but may tell the character next
         * to it: a positive lookahead that needs one, what the next is; a
         * positive lookbehind, what the one before is; a negative one,
         * what it cannot be, when its X matches that one character alone
         * ((?![副总]), (?<!和)).  At the end or start of the text a
         * negative one holds with no character at all. */
        *out = node_empty();
        out->asserts = TRUE;
        gboolean needs_char = inner.min > 0 || (!ahead && inner.asserts_prev);
        if (ahead && !negative && inner.min > 0 && inner.first) {
            cpset_free(out->first);
            out->first = cpset_copy(inner.first);
            out->asserts_next = TRUE;
            out->gate = cpset_copy(inner.first);
        } else if (ahead && negative && inner.single && inner.single->len > 0) {
            out->gate = cpset_complement(inner.single);
        } else if (!ahead && !negative && needs_char && inner.last) {
            node_asserts_prev(out, cpset_copy(inner.last));
        } else if (!ahead && negative && inner.single && inner.single->len > 0) {
            node_asserts_prev(out, cpset_complement(inner.single));
        }
        node_clear(&inner);
    } else {
        *out = inner;
    }
    return TRUE;
}

/* One atom with its quantifier. */
static gboolean
parse_piece(parser *ps, node *out)
{
    const char *here = ps->p;
    node atom;
    gboolean ok = TRUE;
    switch (*here) {
    case '(':
        ps->p++;
        ok = parse_group(ps, &atom);
        break;
    case '[':
        ps->p++;
        ok = parse_class(ps, &atom);
        break;
    case '\\':
        ps->p++;
        ok = parse_escape(ps, &atom);
        break;
    case '.':
        ps->p++;
        atom = node_any(1, 4);
        break;
    case '^':
        /* The start of the text, or (multiline) of a line: after a
         * newline of any convention. */
        ps->p++;
        atom = node_empty();
        cpset *newlines = cpset_new();
        cpset_add(newlines, '\n', '\r');   /* \n \v \f \r */
        cpset_add(newlines, 0x85, 0x85);
        cpset_add(newlines, 0x2028, 0x2029);
        node_asserts_prev(&atom, newlines);
        break;
    case '$':
        ps->p++;
        atom = node_empty();
        atom.asserts = TRUE;
        break;
    case '*': case '+': case '?': case '{':
        return give_up(ps, "a quantifier without an atom");
    default: {
        const char *next = g_utf8_next_char(here);
        atom = node_literal(here, (size_t)(next - here));
        ps->p = next;
    }
    }
    if (!ok)
        return FALSE;
    size_t lo, hi;
    gboolean present;
    if (!parse_quantifier(ps, &lo, &hi, &present)) {
        node_clear(&atom);
        return FALSE;
    }
    *out = present ? node_repeat(atom, lo, hi) : atom;
    return TRUE;
}

static node
parse_sequence(parser *ps)
{
    node seq = node_empty();
    /* Assertions in a row are joined first, and then to what follows
     * them, so that together they narrow its first character:
     * (?!%{&NAME_STOP})(?![副总])\p{Han}.  A lookbehind goes with what
     * precedes it instead, whose last character it narrows (a name's, in
     * NAME(?<!和)TITLE); assertions at one place can be taken in any order. */
    node asserts = { 0 };
    gboolean asserting = FALSE;
    while (ps->p < ps->end && *ps->p != '|' && *ps->p != ')') {
        node piece;
        if (!parse_piece(ps, &piece))
            break;
        if (piece.max == 0 && piece.asserts_prev) {
            seq = node_concat(seq, piece);
            continue;
        }
        if (piece.max == 0) {
            asserts = asserting ? node_concat(asserts, piece) : piece;
            asserting = TRUE;
            continue;
        }
        if (asserting)
            piece = node_concat(asserts, piece);
        asserting = FALSE;
        seq = node_concat(seq, piece);
    }
    if (asserting)
        seq = node_concat(seq, asserts);
    return seq;
}

static node
parse_alternation(parser *ps)
{
    node alt = parse_sequence(ps);
    while (!ps->why && ps->p < ps->end && *ps->p == '|') {
        ps->p++;
        alt = node_alternate(alt, parse_sequence(ps));
    }
    return alt;
}

void
literal_context_clear(literal_context *c)
{
    cpset_free(c->first);
    cpset_free(c->before);
    cpset_free(c->after);
    cpset_free(c->prev);
    memset(c, 0, sizeof *c);
}

gboolean
literals_analyse(const char *pattern, uint32_t flags, GPtrArray **literals, size_t *max_lead,
                 literal_context *context, const char **why)
{
    *literals = NULL;
    *max_lead = UNBOUNDED;
    memset(context, 0, sizeof *context);
    *why = NULL;
    if (flags & (PCRE2_CASELESS | PCRE2_EXTENDED | PCRE2_EXTENDED_MORE)) {
        *why = "case-insensitive or extended patterns are not analysed";
        return FALSE;
    }
    parser ps = { .p = pattern, .end = pattern + strlen(pattern), .pattern = pattern,
                  .called = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, node_free) };
    node n = parse_alternation(&ps);
    g_hash_table_destroy(ps.called);
    if (!ps.why && ps.p != ps.end)
        ps.why = "unbalanced parenthesis";
    if (ps.why) {
        node_clear(&n);
        *why = ps.why;
        return FALSE;
    }
    lset best = node_best(&n);
    /* A literal that can start the match comes after what the pattern's
     * lookbehinds allow before it, if they say. */
    if (best.set && best.prev_open && n.pre) {
        cpset *prev = cpset_union(best.prev, n.pre);
        cpset_free(best.prev);
        best.prev = prev;
        best.prev_open = FALSE;
    }
    /* An empty set would mean no non-empty match at all; say nothing then. */
    if (n.first && n.first->len > 0) {
        cpset_normalise(n.first);
        context->first = n.first;
        n.first = NULL;
    }
    node_clear(&n);
    if (!best.set) {
        *why = "no literal of three bytes or more that every match contains";
        literal_context_clear(context);
        lset_clear(&best);
        return FALSE;
    }
    *literals = best.set;
    best.set = NULL;
    *max_lead = best.lead;
    context->min_lead = MIN(best.min_lead, best.lead);
    if (best.before)
        cpset_normalise(best.before);
    context->before = best.before;
    best.before = NULL;
    /* A match that can end with its literal may have anything after it. */
    if (!best.open && best.after && best.after->len > 0) {
        cpset_normalise(best.after);
        context->after = best.after;
        best.after = NULL;
    }
    /* A literal that can start the match may have anything before it,
     * unless a lookbehind says otherwise. */
    if (!best.prev_open && best.prev && best.prev->len > 0) {
        cpset_normalise(best.prev);
        context->prev = best.prev;
        best.prev = NULL;
    }
    lset_clear(&best);
    return TRUE;
}
