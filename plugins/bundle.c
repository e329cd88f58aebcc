/*
 * bundle.c - the loyalty pledge (表态) as a bundle of formulations.
 *
 * From 2021 on, official prose pledges loyalty in one fixed sentence:
 *
 *   深刻领悟“两个确立”的决定性意义，增强“四个意识”、坚定“四个自信”、做到“两个维护”
 *
 * Counting its four formulations one by one (what the `formulations`
 * plugin does) cannot tell a full pledge from a passing mention.  This
 * plugin counts the pledge itself: it groups the hits of the `bundle` rule
 * pack (rules/bundle.rules: one rule per member, each with the member as its
 * key) by sentence and by paragraph, and reports every sentence and every
 * paragraph that holds at least two of the four members.
 *
 * A sentence ends at 。 ! ? ; or a line break (the text the plugin sees is
 * normalised, so ！？； arrive as ! ? ;); a paragraph ends at a line break.
 * The plugin finds these boundaries in doc->text itself: rules only say
 * where the members are.
 *
 * Each result has
 *   category  `sentence` or `paragraph`;
 *   key       how complete the pledge is and in which order it came:
 *               `4/4 canonical`   all four, first seen in the canonical order
 *                                 两个确立, 四个意识, 四个自信, 两个维护;
 *               `4/4 A+B+C+D`     all four in another order, as found;
 *               `3/4 A+B+C`       three, in the order found (四个意识+四个自信+
 *                                 两个维护 is the pledge as it stood from 2018,
 *                                 before 两个确立 was put forward in 2021);
 *               `2/4 A+B`         two (两个确立+两个维护 is the short pledge
 *                                 "拥护两个确立、做到两个维护");
 *             each member is named once, where it first appears;
 *   labels    the members present, in the order found;
 *   span      from the start of the first member to the end of the last
 *             one in the sentence or paragraph (a member that comes twice
 *             stretches the span to its last mention).
 *
 * So, over a corpus: the `4/4 …` keys count complete pledges; `4/4
 * canonical` those in the standard order; a key whose list starts with
 * 两个确立 (or `4/4 canonical`) a pledge that 两个确立 leads; the sentence
 * counts measure the formula, the paragraph counts the looser co-occurrence.
 * A sentence result always lies inside a paragraph result, which is emitted
 * first, so results come in document order.
 *
 * Threads: init() builds a table from rule to member; scan() only reads it
 * and keeps everything else in local variables, so any number of documents
 * can be scanned at once.
 */
#include <string.h>

#include "tifa/plugin.h"

#define N_MEMBERS 4

/* The members in canonical order: the order of the pledge of 2021-2023. */
static const char *const member_names[N_MEMBERS] = {
    "两个确立",
    "四个意识",
    "四个自信",
    "两个维护",
};

typedef struct {
    size_t n_rules;
    int *member_of_rule;     /* per rule index: 0 .. N_MEMBERS - 1 */
} bundle_state;

/* The members found in one sentence or paragraph. */
typedef struct {
    size_t start, end;       /* first member's start, last member's end */
    int order[N_MEMBERS];    /* distinct members, in order of first appearance */
    int n_distinct;
    unsigned seen;           /* bit m set once member m is in order[] */
} pledge;

typedef enum { LEVEL_SENTENCE, LEVEL_PARAGRAPH } level;

static GQuark
bundle_error_quark(void)
{
    return g_quark_from_static_string("bundle-plugin");
}

static int
member_index(const char *key)
{
    for (int m = 0; m < N_MEMBERS; m++)
        if (strcmp(member_names[m], key) == 0)
            return m;
    return -1;
}

static void
bundle_free(void *state)
{
    bundle_state *s = state;
    if (!s)
        return;
    g_free(s->member_of_rule);
    g_free(s);
}

/* Map every rule to the member its key names.  A rule must give the member
 * as its key: the plugin then knows at init which member each hit is, and a
 * spelling added to the pack (a rule with its own literal) counts as the
 * member its key says. */
static void *
bundle_init(const tifa_host *host, const tifa_rule *const *rules, size_t n_rules,
            GError **error)
{
    (void)host;
    bundle_state *s = g_new0(bundle_state, 1);
    s->n_rules = n_rules;
    s->member_of_rule = g_new0(int, n_rules + 1);
    for (size_t i = 0; i < n_rules; i++) {
        const tifa_rule *r = rules[i];
        int m = r->key ? member_index(r->key) : -1;
        if (m < 0) {
            g_set_error(error, bundle_error_quark(), 1,
                        "rule '%s' of pack '%s' needs 'key:' set to one of 两个确立, 四个意识, "
                        "四个自信 or 两个维护 (it has %s%s%s)",
                        r->id, r->pack, r->key ? "'" : "", r->key ? r->key : "no key",
                        r->key ? "'" : "");
            bundle_free(s);
            return NULL;
        }
        s->member_of_rule[i] = m;
    }
    return s;
}

/* Bytes of the boundary that starts at text[i] (a 。 is three bytes, the
 * others one), or 0 when none starts there. */
static size_t
boundary_at(const char *text, size_t len, size_t i, level lv)
{
    static const char full_stop[] = "。";
    char c = text[i];
    if (c == '\n' || c == '\r')
        return 1;
    if (lv == LEVEL_PARAGRAPH)
        return 0;
    if (c == '!' || c == '?' || c == ';')
        return 1;
    size_t n = sizeof full_stop - 1;
    if (i + n <= len && memcmp(text + i, full_stop, n) == 0)
        return n;
    return 0;
}

/* Where the sentence or paragraph that contains offset `at` ends: the
 * offset of the next boundary, or the end of the text. */
static size_t
segment_end(const tifa_doc *doc, size_t at, level lv)
{
    for (size_t i = at; i < doc->len; i++)
        if (boundary_at(doc->text, doc->len, i, lv))
            return i;
    return doc->len;
}

static void
pledge_add(pledge *p, int member, size_t start, size_t end)
{
    if (p->n_distinct == 0 || start < p->start)
        p->start = start;
    if (end > p->end)
        p->end = end;
    if (p->seen & (1u << member))
        return;
    p->seen |= 1u << member;
    p->order[p->n_distinct++] = member;
}

static gboolean
pledge_is_canonical(const pledge *p)
{
    if (p->n_distinct != N_MEMBERS)
        return FALSE;
    for (int k = 0; k < N_MEMBERS; k++)
        if (p->order[k] != k)
            return FALSE;
    return TRUE;
}

/* Emit the pledge of hits[from, to) (one sentence or one paragraph) when
 * it has at least two members. */
static gboolean
emit_pledge(const bundle_state *s, const tifa_hit *hits, size_t from, size_t to,
            const char *category, const tifa_sink *sink, GError **error)
{
    pledge p = { 0 };
    for (size_t i = from; i < to; i++) {
        uint32_t r = hits[i].rule->index;
        /* The host only hands over hits of this plugin's rules; a stray index
         * is ignored rather than read out of bounds. */
        if (r >= s->n_rules)
            continue;
        pledge_add(&p, s->member_of_rule[r], hits[i].start, hits[i].end);
    }
    if (p.n_distinct < 2)
        return TRUE;

    const char *labels[N_MEMBERS];
    gboolean canonical = pledge_is_canonical(&p);
    GString *key = g_string_new(NULL);
    g_string_printf(key, "%d/%d ", p.n_distinct, N_MEMBERS);
    if (canonical)
        g_string_append(key, "canonical");
    for (int k = 0; k < p.n_distinct; k++) {
        labels[k] = member_names[p.order[k]];
        if (!canonical) {
            if (k)
                g_string_append_c(key, '+');
            g_string_append(key, labels[k]);
        }
    }
    /* The host copies key and labels during emit(). */
    gboolean ok = tifa_emit(sink, category, key->str, p.start, p.end, labels,
                            (size_t)p.n_distinct, error);
    g_string_free(key, TRUE);
    return ok;
}

/* The first hit at or after `from` that starts at or beyond `end`. */
static size_t
hits_before(const tifa_hit *hits, size_t from, size_t n_hits, size_t end)
{
    size_t i = from;
    while (i < n_hits && hits[i].start < end)
        i++;
    return i;
}

/* Hits come sorted by start.  The hits of one paragraph are those that
 * start before the paragraph's first boundary after its first hit; within
 * it, the same holds for sentences.  Only the text between a segment's first
 * hit and its boundary is read, never the whole document. */
static gboolean
bundle_scan(void *state, const tifa_doc *doc, const tifa_hit *hits, size_t n_hits,
            const tifa_sink *sink, GError **error)
{
    const bundle_state *s = state;
    size_t i = 0;
    while (i < n_hits) {
        size_t para_end = segment_end(doc, hits[i].start, LEVEL_PARAGRAPH);
        size_t para_to = hits_before(hits, i, n_hits, para_end);
        if (!emit_pledge(s, hits, i, para_to, "paragraph", sink, error))
            return FALSE;
        while (i < para_to) {
            size_t sent_end = segment_end(doc, hits[i].start, LEVEL_SENTENCE);
            size_t sent_to = hits_before(hits, i, para_to, sent_end);
            if (!emit_pledge(s, hits, i, sent_to, "sentence", sink, error))
                return FALSE;
            i = sent_to;
        }
    }
    return TRUE;
}

static const char *const packs[] = { "bundle", NULL };

static const tifa_plugin bundle_plugin = {
    .abi = TIFA_PLUGIN_ABI,
    .size = sizeof(tifa_plugin),
    .name = "bundle",
    .version = "0.1",
    .description = "the loyalty pledge (两个确立+四个意识+四个自信+两个维护) per sentence "
                   "and paragraph",
    .rule_packs = packs,
    .init = bundle_init,
    .scan = bundle_scan,
    .free = bundle_free,
};

TIFA_PLUGIN_DEFINE(bundle_plugin)
