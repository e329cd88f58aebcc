/*
 * lexicon.c - the words of a `lookup: yes` rule, for asking at a place.
 *
 * Some rules are word lists that a plugin only needs at a few places: the
 * officials detector asks whether a name it found starts inside a country
 * or a common word (俄罗斯, 经济), a few hundred times per document, while
 * matching those words everywhere cost a third of the literal scan and
 * hundreds of hits per document.  A lookup rule is therefore not matched
 * by the engines; its plugin asks tifa_host.lookup_covering() instead, and
 * this module answers from a hash set of the words.
 *
 * A word covering byte `at` starts at most (longest word - 1) bytes before
 * it; the places tried are the character starts of that window whose
 * character starts some word (a bitmap of first characters).  At each, the
 * first two characters give the lengths of the words that start so (most
 * places have none), and only those that reach past `at` are looked up.
 */
#include "config.h"

#include <string.h>

#include "tifa.h"

typedef struct {
    const char *text;
    size_t len;
} span;

/* The words that start with the same two characters: their lengths in
 * bytes, bit n - 1 for length n (bit 63: some word is longer). */
typedef struct {
    gint64 head;              /* the two characters' bytes, packed */
    guint64 lengths;
} head_entry;

struct lexicon {
    GHashTable *words;        /* span* -> itself; the texts are the rule's literals */
    span *spans;
    GHashTable *heads;        /* head -> head_entry* */
    head_entry *head_entries;
    size_t longest;
    guint32 first_bmp[0x10000 / 32];   /* first characters below U+10000 */
    guint32 single_bmp[0x10000 / 32];  /* words of one character below U+10000 */
    gboolean beyond_bmp;               /* some word has a character above U+FFFF */
};

static guint
span_hash(gconstpointer p)
{
    const span *s = p;
    guint h = 2166136261u;     /* FNV-1a */
    for (size_t i = 0; i < s->len; i++)
        h = (h ^ (guchar)s->text[i]) * 16777619u;
    return h;
}

static gboolean
span_equal(gconstpointer a, gconstpointer b)
{
    const span *x = a, *y = b;
    return x->len == y->len && memcmp(x->text, y->text, x->len) == 0;
}

/* The length of the UTF-8 sequence that starts with byte b. */
static size_t
char_len(unsigned char b)
{
    return b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
}

/* The first two characters of p[0, n), packed; FALSE when p has fewer. */
static gboolean
head_of(const char *p, size_t n, gint64 *head)
{
    size_t a = char_len((unsigned char)p[0]);
    if (a >= n)
        return FALSE;
    size_t b = char_len((unsigned char)p[a]);
    if (a + b > n)
        return FALSE;
    guint64 h = 0;
    memcpy(&h, p, a + b);   /* at most 8 bytes; the lengths are in the bytes */
    *head = (gint64)h;
    return TRUE;
}

lexicon *
lexicon_new(const GPtrArray *words)
{
    lexicon *lx = g_new0(lexicon, 1);
    lx->words = g_hash_table_new(span_hash, span_equal);
    lx->spans = g_new0(span, words->len + 1);
    lx->heads = g_hash_table_new(g_int64_hash, g_int64_equal);
    lx->head_entries = g_new0(head_entry, words->len + 1);
    guint n_heads = 0;
    for (guint i = 0; i < words->len; i++) {
        const char *w = words->pdata[i];
        span *s = &lx->spans[i];
        s->text = w;
        s->len = strlen(w);
        if (s->len == 0)
            continue;
        g_hash_table_add(lx->words, s);
        lx->longest = MAX(lx->longest, s->len);
        for (const char *c = w; *c; c = g_utf8_next_char(c))
            lx->beyond_bmp |= g_utf8_get_char(c) >= 0x10000;
        gunichar first = g_utf8_get_char(w);
        if (first < 0x10000)
            lx->first_bmp[first >> 5] |= 1u << (first & 31);
        gint64 head;
        if (!head_of(w, s->len, &head)) {
            if (first < 0x10000)
                lx->single_bmp[first >> 5] |= 1u << (first & 31);
            continue;
        }
        head_entry *e = g_hash_table_lookup(lx->heads, &head);
        if (!e) {
            e = &lx->head_entries[n_heads++];
            e->head = head;
            g_hash_table_insert(lx->heads, &e->head, e);
        }
        e->lengths |= s->len < 64 ? G_GUINT64_CONSTANT(1) << (s->len - 1)
                                  : G_GUINT64_CONSTANT(1) << 63;
    }
    return lx;
}

void
lexicon_free(lexicon *lx)
{
    if (!lx)
        return;
    g_hash_table_destroy(lx->words);
    g_hash_table_destroy(lx->heads);
    g_free(lx->spans);
    g_free(lx->head_entries);
    g_free(lx);
}

static gboolean
has_word(const lexicon *lx, const char *p, size_t n)
{
    span probe = { p, n };
    return g_hash_table_contains(lx->words, &probe);
}

size_t
lexicon_covering(const lexicon *lx, const char *text, size_t len, size_t at)
{
    if (!lx || lx->longest == 0 || at >= len)
        return (size_t)-1;
    size_t from = at + 1 >= lx->longest ? at + 1 - lx->longest : 0;
    while (from < at && ((unsigned char)text[from] & 0xC0) == 0x80)
        from++;
    for (size_t p = from; p <= at; p++) {
        const unsigned char *u = (const unsigned char *)text + p;
        if ((u[0] & 0xC0) == 0x80)
            continue;
        gunichar c = util_bmp_char_at(u);
        gboolean tested = c != (gunichar)-1 && !lx->beyond_bmp;
        if (tested && !((lx->first_bmp[c >> 5] >> (c & 31)) & 1u))
            continue;
        size_t n1 = char_len(u[0]);
        if ((!tested || ((lx->single_bmp[c >> 5] >> (c & 31)) & 1u)) && p + n1 > at &&
            p + n1 <= len && has_word(lx, text + p, n1))
            return p;
        gint64 head;
        if (!head_of(text + p, len - p, &head))
            continue;
        const head_entry *e = g_hash_table_lookup(lx->heads, &head);
        if (!e)
            continue;
        /* Longest first; only lengths that reach past `at`. */
        size_t top = MIN(len - p, lx->longest);
        for (size_t n = top; n > at - p; n--) {
            gboolean maybe = n < 64 ? ((e->lengths >> (n - 1)) & 1u) : ((e->lengths >> 63) & 1u);
            if (maybe && has_word(lx, text + p, n))
                return p;
        }
    }
    return (size_t)-1;
}
