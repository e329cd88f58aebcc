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
 * character starts some word (a bitmap of first characters), and at each,
 * the word lengths that reach past `at`.
 */
#include "config.h"

#include <string.h>

#include "tifa.h"

typedef struct {
    const char *text;
    size_t len;
} span;

struct lexicon {
    GHashTable *words;        /* span* -> itself; the texts are the rule's literals */
    span *spans;
    size_t *lengths;          /* the distinct word lengths in bytes, longest first */
    guint n_lengths;
    size_t longest;
    guint32 first_bmp[0x10000 / 32];   /* first characters below U+10000 */
    gboolean first_beyond_bmp;         /* some word starts above U+FFFF */
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

static int
compare_sizes_desc(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x > y ? -1 : x < y;
}

lexicon *
lexicon_new(const GPtrArray *words)
{
    lexicon *lx = g_new0(lexicon, 1);
    lx->words = g_hash_table_new(span_hash, span_equal);
    lx->spans = g_new0(span, words->len + 1);
    lx->lengths = g_new0(size_t, words->len + 1);
    for (guint i = 0; i < words->len; i++) {
        const char *w = words->pdata[i];
        span *s = &lx->spans[i];
        s->text = w;
        s->len = strlen(w);
        if (s->len == 0)
            continue;
        g_hash_table_add(lx->words, s);
        gunichar c = g_utf8_get_char(w);
        if (c < 0x10000)
            lx->first_bmp[c >> 5] |= 1u << (c & 31);
        else
            lx->first_beyond_bmp = TRUE;
        gboolean known = FALSE;
        for (guint k = 0; k < lx->n_lengths && !known; k++)
            known = lx->lengths[k] == s->len;
        if (!known)
            lx->lengths[lx->n_lengths++] = s->len;
        lx->longest = MAX(lx->longest, s->len);
    }
    qsort(lx->lengths, lx->n_lengths, sizeof(size_t), compare_sizes_desc);
    return lx;
}

void
lexicon_free(lexicon *lx)
{
    if (!lx)
        return;
    g_hash_table_destroy(lx->words);
    g_free(lx->spans);
    g_free(lx->lengths);
    g_free(lx);
}

/* Can the character at p start a word?  The text is valid UTF-8. */
static gboolean
may_start(const lexicon *lx, const unsigned char *p)
{
    gunichar c;
    if (p[0] < 0x80)
        c = p[0];
    else if (p[0] < 0xE0)
        c = ((gunichar)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
    else if (p[0] < 0xF0)
        c = ((gunichar)(p[0] & 0x0F) << 12) | ((gunichar)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    else
        return lx->first_beyond_bmp;
    return (lx->first_bmp[c >> 5] >> (c & 31)) & 1u;
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
        if (((unsigned char)text[p] & 0xC0) == 0x80 || !may_start(lx, (const unsigned char *)text + p))
            continue;
        for (guint k = 0; k < lx->n_lengths; k++) {
            size_t n = lx->lengths[k];
            if (p + n <= at)
                break;        /* shorter words end before `at` */
            if (p + n > len)
                continue;
            span probe = { text + p, n };
            if (g_hash_table_contains(lx->words, &probe))
                return p;
        }
    }
    return (size_t)-1;
}
