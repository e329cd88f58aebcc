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
    const char *text;         /* NULL: an empty slot */
    size_t len;
    guint32 hash;
} span;

/* The words that start with the same two characters: their lengths in
 * bytes, bit n - 1 for length n (bit 63: some word is longer). */
typedef struct {
    guint64 head;             /* the two characters' bytes, packed; 0: empty */
    guint64 lengths;
} head_entry;

/*
 * Both tables are open-addressed arrays with linear probing, at most half
 * full: a lookup is a multiply and, mostly, one cache line, where a
 * GHashTable costs a call, a hash call and a pointer chase (the officials
 * plugin asks about 300,000 times over the 新闻联播 corpus).
 */
struct lexicon {
    span *words;              /* capacity word_mask + 1; texts are the rule's literals */
    size_t word_mask;
    head_entry *heads;        /* capacity head_mask + 1 */
    size_t head_mask;
    size_t longest;
    guint32 first_bmp[0x10000 / 32];   /* first characters below U+10000 */
    guint32 single_bmp[0x10000 / 32];  /* words of one character below U+10000 */
    gboolean beyond_bmp;               /* some word has a character above U+FFFF */
};

static guint32
bytes_hash(const char *p, size_t n)
{
    guint32 h = 2166136261u;   /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (guchar)p[i]) * 16777619u;
    return h;
}

static size_t
head_slot(guint64 head, size_t mask)
{
    return (size_t)((head * G_GUINT64_CONSTANT(0x9E3779B97F4A7C15)) >> 32) & mask;
}

/* A power of two at least twice n, so that probes stay short. */
static size_t
table_capacity(size_t n)
{
    size_t c = 16;
    while (c < 2 * n)
        c *= 2;
    return c;
}

/* The length of the UTF-8 sequence that starts with byte b. */
static size_t
char_len(unsigned char b)
{
    return b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
}

/* The first two characters of p[0, n), packed; FALSE when p has fewer. */
static gboolean
head_of(const char *p, size_t n, guint64 *head)
{
    size_t a = char_len((unsigned char)p[0]);
    if (a >= n)
        return FALSE;
    size_t b = char_len((unsigned char)p[a]);
    if (a + b > n)
        return FALSE;
    guint64 h = 0;
    memcpy(&h, p, a + b);   /* at most 8 bytes; the lengths are in the bytes */
    *head = h;
    return TRUE;
}

static void
add_word(lexicon *lx, const char *w, size_t len)
{
    guint32 h = bytes_hash(w, len);
    size_t i = h & lx->word_mask;
    for (; lx->words[i].text; i = (i + 1) & lx->word_mask)
        if (lx->words[i].len == len && memcmp(lx->words[i].text, w, len) == 0)
            return;   /* a word listed twice */
    lx->words[i] = (span){ w, len, h };
}

static head_entry *
head_entry_of(const lexicon *lx, guint64 head, gboolean add)
{
    size_t i = head_slot(head, lx->head_mask);
    for (; lx->heads[i].head; i = (i + 1) & lx->head_mask)
        if (lx->heads[i].head == head)
            return &lx->heads[i];
    if (!add)
        return NULL;
    lx->heads[i].head = head;
    return &lx->heads[i];
}

lexicon *
lexicon_new(const GPtrArray *words)
{
    lexicon *lx = g_new0(lexicon, 1);
    size_t capacity = table_capacity(words->len);
    lx->words = g_new0(span, capacity);
    lx->word_mask = capacity - 1;
    lx->heads = g_new0(head_entry, capacity);
    lx->head_mask = capacity - 1;
    for (guint i = 0; i < words->len; i++) {
        const char *w = words->pdata[i];
        size_t len = strlen(w);
        if (len == 0)
            continue;
        add_word(lx, w, len);
        lx->longest = MAX(lx->longest, len);
        for (const char *c = w; *c; c = g_utf8_next_char(c))
            lx->beyond_bmp |= g_utf8_get_char(c) >= 0x10000;
        gunichar first = g_utf8_get_char(w);
        if (first < 0x10000)
            lx->first_bmp[first >> 5] |= 1u << (first & 31);
        guint64 head;
        if (!head_of(w, len, &head)) {
            if (first < 0x10000)
                lx->single_bmp[first >> 5] |= 1u << (first & 31);
            continue;
        }
        head_entry *e = head_entry_of(lx, head, TRUE);
        e->lengths |= len < 64 ? G_GUINT64_CONSTANT(1) << (len - 1)
                               : G_GUINT64_CONSTANT(1) << 63;
    }
    return lx;
}

void
lexicon_free(lexicon *lx)
{
    if (!lx)
        return;
    g_free(lx->words);
    g_free(lx->heads);
    g_free(lx);
}

static gboolean
has_word(const lexicon *lx, const char *p, size_t n)
{
    guint32 h = bytes_hash(p, n);
    for (size_t i = h & lx->word_mask; lx->words[i].text; i = (i + 1) & lx->word_mask)
        if (lx->words[i].hash == h && lx->words[i].len == n &&
            memcmp(lx->words[i].text, p, n) == 0)
            return TRUE;
    return FALSE;
}

size_t
lexicon_covering(const lexicon *lx, const char *text, size_t len, size_t at)
{
    if (!lx || lx->longest == 0 || at >= len)
        return (size_t)-1;
    size_t from = at + 1 >= lx->longest ? at + 1 - lx->longest : 0;
    while (from < at && ((unsigned char)text[from] & 0xC0) == 0x80)
        from++;
    /* From character to character (from starts one; the text is valid
     * UTF-8). */
    for (size_t p = from; p <= at; p += char_len((unsigned char)text[p])) {
        const unsigned char *u = (const unsigned char *)text + p;
        gunichar c = util_bmp_char_at(u);
        gboolean tested = c != (gunichar)-1 && !lx->beyond_bmp;
        if (tested && !((lx->first_bmp[c >> 5] >> (c & 31)) & 1u))
            continue;
        size_t n1 = char_len(u[0]);
        if ((!tested || ((lx->single_bmp[c >> 5] >> (c & 31)) & 1u)) && p + n1 > at &&
            p + n1 <= len && has_word(lx, text + p, n1))
            return p;
        guint64 head;
        if (!head_of(text + p, len - p, &head))
            continue;
        const head_entry *e = head_entry_of(lx, head, FALSE);
        if (!e)
            continue;
        /* Longest first; only lengths that reach past `at` and fit in the
         * text.  Words of 64 bytes or more share bit 63: each length is
         * tried.  Below that, the lengths of the bitmap are taken highest
         * first, a step per word length rather than per byte. */
        size_t top = MIN(len - p, lx->longest), low = at - p;
        for (size_t n = top; n >= 64 && n > low; n--)
            if (((e->lengths >> 63) & 1u) && has_word(lx, text + p, n))
                return p;
        /* Lengths n in (low, min(top, 63)]: bits low .. min(top, 63) - 1. */
        size_t high = MIN(top, 63);
        if (high <= low)
            continue;
        guint64 wanted = e->lengths & ((G_GUINT64_CONSTANT(1) << high) - 1u) &
                         ~((G_GUINT64_CONSTANT(1) << low) - 1u);
        while (wanted) {
            size_t bit = 63u - (size_t)__builtin_clzll(wanted);
            if (has_word(lx, text + p, bit + 1))
                return p;
            wanted &= ~(G_GUINT64_CONSTANT(1) << bit);
        }
    }
    return (size_t)-1;
}
