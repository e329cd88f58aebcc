/*
 * officials.c - people named with their titles.
 *
 * Official prose names people in a few fixed shapes (domain.md):
 *
 *   厅长刘伟                          title + name
 *   厅党组书记、厅长刘伟              chain of titles + name
 *   副厅长林奇昌、马健、赵振伟         title + names joined by 、
 *   习近平总书记                      name + title
 *   以习近平同志为核心                name + 同志
 *   美国总统克林顿, 克林顿总统         title + foreign name, and after it
 *   周总理, 江主席                    surname + title, linked to the full name
 *
 * The `officials` rule pack finds the pieces (see its header for the rule
 * categories); this plugin puts them together:
 *
 *   - a title-names hit gives the names (split at 、) and its last title;
 *     the titles before it come from the `title` hits that chain up to it,
 *     each separated from the next by 、 and at most an organisation name
 *     ("驻厅纪检监察组组长、厅党组成员孟凡领": 组长, 党组成员);
 *   - a name that starts inside a not-name word (a country: 俄罗斯, 马耳他)
 *     is dropped;
 *   - a chain of titles that the text gives as past (时任国家副主席,
 *     原党组书记、局长, 前总统) has the mark written before each of its
 *     titles (时任副主席; 原党组书记, 原局长), so that the titles seen over
 *     time show changes, not history retold;
 *   - one name at one place is one mention, whichever shapes found it; its
 *     titles are merged;
 *   - a surname with a title (周总理) is linked to a full name with that
 *     surname in the same item (a "## title" and its text; the whole
 *     document when it has none): the one with the same title, else the
 *     nearest before, else the first after; failing those, one with the
 *     same title elsewhere in the document; the key is that name, or the surname
 *     and title as written when the document gives no full name, unless a
 *     `leader` rule names the person (毛主席 is 毛泽东 in any document);
 *
 * Each mention is emitted with the name as its key and the titles as its
 * labels.
 */
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include "tifa/plugin.h"

/* An organisation between two titles of a chain: "、厅党组成员" has 厅. */
#define MAX_ORG_CHARS 12

typedef enum {
    ROLE_OTHER,
    ROLE_TITLE,
    ROLE_TITLE_NAMES,
    ROLE_NAME_TITLE,
    ROLE_NAME_COMRADE,
    ROLE_SURNAME_TITLE,
    ROLE_NOT_NAME,
    ROLE_FORMER,             /* 原, 前: right before the first title */
    ROLE_FORMER_ORG,         /* 时任: also before an organisation and the title */
    ROLE_LEADER,             /* 毛主席 -> 毛泽东: the key is the full name */
    ROLE_RETIRED,            /* a leader out of office after the rule's `until` */
} role;

typedef struct {
    role *roles;             /* per rule */
    int *group_names;        /* per rule: number of the `names` group, or -1 */
    int *group_title;        /* per rule: number of the `title` group, or -1 */
    int *group_surname;      /* per rule: number of the `surname` group, or -1 */
    const tifa_host *host;   /* for lookup_covering, when the host has it */
    GPtrArray *not_name_rules;   /* const tifa_rule*: looked up, not matched */
    GHashTable *retired;     /* name -> the last day in office (the rules' strings) */
} officials_state;

typedef struct {
    size_t start, end;       /* the name */
    /* char* in the scan's strings, in text order, distinct; a plain array,
     * since a GPtrArray per mention cost more to make and free than the
     * rest of the mention. */
    const char **titles;
    size_t *title_ends;      /* where each title ends in the text, or TIFA_UNSET */
    guint n_titles, titles_room;
    const char *key;         /* the name counted, when it is not the text itself */
} mention;

/* The strings of one scan (titles, marks, keys) live in one chunk, freed
 * with it: a title string per hit and per mention, each allocated and
 * freed on its own, was a good part of the plugin's time. */
static const char *
chunk_span(GStringChunk *strings, const char *text, size_t from, size_t to)
{
    return g_string_chunk_insert_len(strings, text + from, (gssize)(to - from));
}

static const char *
chunk_concat(GStringChunk *strings, const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    char small[256];
    char *joined = na + nb < sizeof small ? small : g_malloc(na + nb + 1);
    memcpy(joined, a, na);
    memcpy(joined + na, b, nb + 1);
    const char *kept = g_string_chunk_insert_len(strings, joined, (gssize)(na + nb));
    if (joined != small)
        g_free(joined);
    return kept;
}

static role
role_of(const char *category)
{
    static const struct {
        const char *category;
        role role;
    } roles[] = {
        { "title", ROLE_TITLE },
        { "title-names", ROLE_TITLE_NAMES },
        { "name-title", ROLE_NAME_TITLE },
        { "name-comrade", ROLE_NAME_COMRADE },
        { "surname-title", ROLE_SURNAME_TITLE },
        { "not-name", ROLE_NOT_NAME },
        { "former", ROLE_FORMER },
        { "former-org", ROLE_FORMER_ORG },
        { "leader", ROLE_LEADER },
        { "retired", ROLE_RETIRED },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(roles); i++)
        if (strcmp(roles[i].category, category) == 0)
            return roles[i].role;
    return ROLE_OTHER;
}

static void
officials_free_state(officials_state *s)
{
    g_free(s->roles);
    g_free(s->group_names);
    g_free(s->group_title);
    g_free(s->group_surname);
    g_ptr_array_free(s->not_name_rules, TRUE);
    g_hash_table_destroy(s->retired);
    g_free(s);
}

/* init() refuses the pack: says why, frees what it built. */
static void *
init_refused(officials_state *s, GError **error, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static void *
init_refused(officials_state *s, GError **error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *message = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error_literal(error, g_quark_from_static_string("officials"), 1, message);
    g_free(message);
    officials_free_state(s);
    return NULL;
}

static void *
officials_init(const tifa_host *host, const tifa_rule *const *rules, size_t n_rules,
               GError **error)
{
    officials_state *s = g_new0(officials_state, 1);
    s->not_name_rules = g_ptr_array_new();
    s->retired = g_hash_table_new(g_str_hash, g_str_equal);
    if (host->size > offsetof(tifa_host, lookup_covering) && host->lookup_covering)
        s->host = host;
    s->roles = g_new0(role, n_rules + 1);
    s->group_names = g_new0(int, n_rules + 1);
    s->group_title = g_new0(int, n_rules + 1);
    s->group_surname = g_new0(int, n_rules + 1);
    for (size_t i = 0; i < n_rules; i++) {
        const tifa_rule *r = rules[i];
        s->roles[i] = role_of(r->category);
        s->group_names[i] = tifa_rule_group(r, "names");
        s->group_title[i] = tifa_rule_group(r, "title");
        s->group_surname[i] = tifa_rule_group(r, "surname");
        if (s->roles[i] == ROLE_NOT_NAME)
            g_ptr_array_add(s->not_name_rules, (gpointer)r);
        if (s->roles[i] == ROLE_RETIRED) {
            /* One literal, the name: its pattern is the name as written.
             * (A host without rule.until has refused the pack's field.) */
            const char *until = TIFA_RULE_HAS(host, until) ? r->until : NULL;
            if (!until || !*r->pattern || strpbrk(r->pattern, "|\\()[]"))
                return init_refused(s, error,
                                    "rule '%s' (category retired) needs one literal, the "
                                    "person's name, and an until: day",
                                    r->id);
            g_hash_table_insert(s->retired, (gpointer)r->pattern, (gpointer)until);
        }
        if (s->roles[i] == ROLE_SURNAME_TITLE &&
            (s->group_surname[i] < 0 || s->group_title[i] < 0))
            return init_refused(s, error,
                                "rule '%s' (category surname-title) needs the named groups "
                                "(?<surname>…) and (?<title>…) in its pattern",
                                r->id);
        gboolean needs_names = s->roles[i] == ROLE_TITLE_NAMES ||
                               s->roles[i] == ROLE_NAME_TITLE || s->roles[i] == ROLE_NAME_COMRADE;
        gboolean needs_title = s->roles[i] == ROLE_TITLE_NAMES || s->roles[i] == ROLE_NAME_TITLE;
        if ((needs_names && s->group_names[i] < 0) || (needs_title && s->group_title[i] < 0))
            return init_refused(s, error,
                                "rule '%s' (category %s) needs the named group%s %s in its "
                                "pattern",
                                r->id, r->category, needs_title ? "s" : "",
                                needs_title ? "(?<names>…) and (?<title>…)" : "(?<names>…)");
    }
    return s;
}

static void
officials_free(void *state)
{
    officials_free_state(state);
}

/* Is text[from, to) at most MAX_ORG_CHARS Han characters (an
 * organisation, or nothing) and nothing else? */
static gboolean
org_gap(const char *text, size_t from, size_t to)
{
    int chars = 0;
    for (const char *p = text + from; p < text + to; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_get_script(c) != G_UNICODE_SCRIPT_HAN || ++chars > MAX_ORG_CHARS)
            return FALSE;
    }
    return TRUE;
}

/* Is text[from, to) "、" or 兼 ("and concurrently": 国务委员兼外交部长)
 * followed by an organisation (or nothing)? */
static gboolean
chain_gap(const char *text, size_t from, size_t to)
{
    static const char dun[] = "、", jian[] = "兼";
    size_t n = sizeof dun - 1;
    G_STATIC_ASSERT(sizeof jian == sizeof dun);
    if (to < from + n || (memcmp(text + from, dun, n) != 0 && memcmp(text + from, jian, n) != 0))
        return FALSE;
    return org_gap(text, from + n, to);
}

/* The mentions of a scan by their spans: open addressing with linear
 * probing, at most half full.  (A GHashTable of 64-bit keys cost ~500
 * instructions a name.) */
typedef struct {
    mention **slots;
    size_t mask;             /* slots - 1 */
    size_t n;
} span_table;

static span_table
span_table_new(void)
{
    span_table t = { g_new0(mention *, 64), 63, 0 };
    return t;
}

static size_t
span_slot(size_t start, size_t end, size_t mask)
{
    guint64 h = ((guint64)start << 32 ^ (guint64)end) * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 32) & mask;
}

static void
span_table_grow(span_table *t)
{
    size_t mask = 2 * t->mask + 1;
    mention **slots = g_new0(mention *, mask + 1);
    for (size_t i = 0; i <= t->mask; i++) {
        mention *m = t->slots[i];
        if (!m)
            continue;
        size_t s = span_slot(m->start, m->end, mask);
        while (slots[s])
            s = (s + 1) & mask;
        slots[s] = m;
    }
    g_free(t->slots);
    t->slots = slots;
    t->mask = mask;
}

/* The mention of the name at [start, end), created on first sight. */
static mention *
find_or_add(GPtrArray *mentions, span_table *by_span, size_t start, size_t end)
{
    size_t s = span_slot(start, end, by_span->mask);
    for (mention *m; (m = by_span->slots[s]); s = (s + 1) & by_span->mask)
        if (m->start == start && m->end == end)
            return m;
    mention *m = g_new0(mention, 1);
    m->start = start;
    m->end = end;
    by_span->slots[s] = m;
    if (++by_span->n * 2 > by_span->mask + 1)
        span_table_grow(by_span);
    g_ptr_array_add(mentions, m);
    return m;
}

/* `title` lives in the scan's strings; it ends at byte `end` of the text
 * (TIFA_UNSET when no place is known).  Two titles that end at one place
 * are one title that two rules read (国家主席 and 主席 of 古巴国家主席迪亚斯-
 * 卡内尔): the longer is kept. */
static void
add_title_at(mention *m, const char *title, size_t end)
{
    for (guint i = 0; i < m->n_titles; i++) {
        if (strcmp(m->titles[i], title) == 0)
            return;
        if (end != TIFA_UNSET && m->title_ends[i] == end) {
            if (strlen(title) > strlen(m->titles[i]))
                m->titles[i] = title;
            return;
        }
    }
    if (m->n_titles == m->titles_room) {
        m->titles_room = m->titles_room ? 2 * m->titles_room : 4;
        m->titles = g_renew(const char *, m->titles, m->titles_room);
        m->title_ends = g_renew(size_t, m->title_ends, m->titles_room);
    }
    m->title_ends[m->n_titles] = end;
    m->titles[m->n_titles++] = title;
}

static void
add_title(mention *m, const char *title)
{
    add_title_at(m, title, TIFA_UNSET);
}

static void
mention_free(mention *m)
{
    g_free(m->titles);
    g_free(m->title_ends);
    g_free(m);
}

/* Where the document's items start: 0, then every line that starts with
 * "## ", since 新闻联播's transcripts are a day's news stories, each under
 * its "## title".  A document without headings is one item. */
static GArray *
item_starts(const tifa_doc *doc)
{
    GArray *starts = g_array_new(FALSE, FALSE, sizeof(size_t));
    size_t zero = 0;
    g_array_append_val(starts, zero);
    const char *text = doc->text, *end = doc->text + doc->len, *nl;
    for (const char *p = text; (nl = memchr(p, '\n', (size_t)(end - p))) != NULL; p = nl + 1)
        if (end - nl > 3 && memcmp(nl + 1, "## ", 3) == 0) {
            size_t at = (size_t)(nl + 1 - text);
            g_array_append_val(starts, at);
        }
    return starts;
}

/* The item that holds byte `at`, from `*from` to `*to`. */
static void
item_around(const tifa_doc *doc, const GArray *starts, size_t at, size_t *from, size_t *to)
{
    *from = 0;
    *to = doc->len;
    for (guint i = 0; i < starts->len; i++) {
        size_t s = g_array_index(starts, size_t, i);
        if (s > at) {
            *to = s;
            break;
        }
        *from = s;
    }
}

/* Among the mentions from `from` to `to` whose name starts with the surname
 * (of n bytes): the one with the title, else (when `nearest`) the nearest
 * before `at`, else the first after.  NULL when there is none. */
static const mention *
surname_candidate(const tifa_doc *doc, GPtrArray *mentions, size_t from, size_t to, size_t at,
                  const char *surname, size_t n, const char *title, gboolean nearest)
{
    const mention *same_title = NULL, *before = NULL, *after = NULL;
    for (guint i = 0; i < mentions->len; i++) {
        const mention *m = mentions->pdata[i];
        if (m->key || m->start < from || m->start >= to || m->end - m->start <= n ||
            strncmp(doc->text + m->start, surname, n) != 0)
            continue;
        for (guint t = 0; t < m->n_titles && !same_title; t++)
            if (g_str_has_suffix(m->titles[t], title))
                same_title = m;
        if (m->start < at && (!before || m->start > before->start))
            before = m;
        if (m->start > at && (!after || m->start < after->start))
            after = m;
    }
    return same_title ? same_title : !nearest ? NULL : before ? before : after;
}

/* The full name a surname with a title stands for: in the same item, the
 * full name with that title, else the nearest before, else the first
 * after; failing those, a full name with that title anywhere in the
 * document (李总理 in a story whose text names no 李克强, another story of
 * the day giving 国务院总理李克强).  NULL when there is none.  Another
 * item's full name with another title is someone else: a 林主任 two
 * stories after 林郑月娥 was a district office's head. */
static const mention *
link_surname(const tifa_doc *doc, const GArray *items, GPtrArray *mentions, size_t at,
             const char *surname, const char *title)
{
    size_t n = strlen(surname), item_from, item_to;
    item_around(doc, items, at, &item_from, &item_to);
    const mention *in_item =
        surname_candidate(doc, mentions, item_from, item_to, at, surname, n, title, TRUE);
    return in_item ? in_item
                   : surname_candidate(doc, mentions, 0, doc->len, at, surname, n, title, FALSE);
}

static gint
compare_mentions(gconstpointer a, gconstpointer b)
{
    const mention *x = *(const mention *const *)a, *y = *(const mention *const *)b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->end < y->end ? -1 : x->end > y->end;
}

/* Is `end` the end of a title that a name before it holds? */
static gboolean
title_end_held(const GArray *held_ends, size_t end)
{
    for (guint i = 0; i < held_ends->len; i++)
        if (g_array_index(held_ends, size_t, i) == end)
            return TRUE;
    return FALSE;
}

/* The titles of the chain that ends with the title hit at `last`, into
 * `chain` (empty), and their (start, end) into `spans` (empty), last title
 * first (appending is cheaper than inserting at the front): walk back
 * over title hits that end where a chain gap to the next one starts, up to
 * one that a name before it holds (阿尔贝二世亲王、法兰西共和国总统马克龙:
 * 亲王 is 阿尔贝二世's, not 马克龙's). */
static void
title_chain(GStringChunk *strings, const tifa_doc *doc, const GArray *titles,
            const GArray *held_after_name, size_t title_start, size_t title_end,
            GPtrArray *chain, GArray *spans)
{
    g_ptr_array_add(chain, (char *)chunk_span(strings, doc->text, title_start, title_end));
    size_t span[2] = { title_start, title_end };
    g_array_append_vals(spans, span, 2);
    size_t next_start = title_start;
    /* titles holds (start, end) pairs in document order. */
    for (guint i = titles->len / 2; i-- > 0;) {
        size_t s = g_array_index(titles, size_t, 2 * i);
        size_t e = g_array_index(titles, size_t, 2 * i + 1);
        if (e > next_start)
            continue;
        if (!chain_gap(doc->text, e, next_start) || title_end_held(held_after_name, e))
            break;
        g_ptr_array_insert(chain, 0, (char *)chunk_span(strings, doc->text, s, e));
        size_t earlier[2] = { s, e };
        g_array_append_vals(spans, earlier, 2);
        next_start = s;
    }
}

/* The mark of a past title (原, 时任) for the title that starts at `to`,
 * ending in [from, to]: right before the title (原局长), or before the
 * organisation that comes first (时任国家副主席).  NULL when there is none.
 * formers holds (start, end, org allowed) triples in document order. */
static const char *
former_mark(GStringChunk *strings, const tifa_doc *doc, const GArray *formers, size_t from,
            size_t to)
{
    for (guint i = formers->len / 3; i-- > 0;) {
        size_t s = g_array_index(formers, size_t, 3 * i);
        size_t e = g_array_index(formers, size_t, 3 * i + 1);
        gboolean org = g_array_index(formers, size_t, 3 * i + 2) != 0;
        if (e > to)
            continue;
        if (e < from)
            break;
        if (e == to || (org && org_gap(doc->text, e, to))) {
            /* 新当选的总统: the mark is 新当选. */
            static const char de[] = "的";
            if (e - s > sizeof de - 1 && memcmp(doc->text + e - (sizeof de - 1), de,
                                                sizeof de - 1) == 0)
                e -= sizeof de - 1;
            return chunk_span(strings, doc->text, s, e);
        }
    }
    return NULL;
}

/* Write each title's mark before it.  The first title's mark is the one
 * before the chain; a later title has its own (统一俄罗斯党主席、前总统: only
 * 总统 is past), or else takes the one before it where only 、 parts them
 * (原党组书记、局长: both past), and across an organisation only 原 and 时任
 * (巴基斯坦前总统、人民党联合主席: 主席 is no former one; 国资委原主任、
 * 党委副书记 lists the posts of one past career). */
static void
mark_chain(GStringChunk *strings, const tifa_doc *doc, const GArray *formers, GPtrArray *chain,
           const GArray *spans)
{
    static const char dun[] = "、", jian_char[] = "兼";
    /* spans holds the titles last first: title i is pair n - 1 - i. */
    guint n = chain->len;
    const size_t *span = (const size_t *)(const void *)spans->data;
    /* Before the first title, an organisation of up to MAX_ORG_CHARS. */
    size_t first = span[2 * (n - 1)];
    const char *mark = former_mark(strings, doc, formers,
                                   first - MIN(first, 3 * MAX_ORG_CHARS), first);
    for (guint i = 0; i < n; i++) {
        if (i > 0) {
            size_t prev_end = span[2 * (n - i) + 1];
            size_t start = span[2 * (n - 1 - i)];
            /* A bare 、 leaves no room for a mark of its own; 兼 joins two
             * posts held at once, so a mark reaches across it and its
             * organisation (前副总理兼财政部长: both past). */
            gboolean bare = start == prev_end + sizeof dun - 1;
            gboolean jian = memcmp(doc->text + prev_end, jian_char, sizeof jian_char - 1) == 0;
            const char *own = bare ? NULL : former_mark(strings, doc, formers, prev_end, start);
            if (own)
                mark = own;
            else if (mark && !bare && !jian && strcmp(mark, "原") != 0 &&
                     strcmp(mark, "时任") != 0)
                mark = NULL;
        }
        if (mark)
            chain->pdata[i] = (char *)chunk_concat(strings, mark, chain->pdata[i]);
    }
}

/* The bytes of a document that lie inside a past-title mark (时任, 原), or
 * inside a not-name word matched as a hit (a not-name rule that is not
 * `lookup: yes`), one bit each. */
typedef struct {
    guint8 *bits;
} byte_set;

static byte_set
byte_set_new(size_t n_bytes)
{
    return (byte_set){ g_new0(guint8, n_bytes / 8 + 1) };
}

static void
byte_set_add_range(byte_set set, size_t from, size_t to)
{
    for (size_t b = from; b < to; b++)
        set.bits[b / 8] |= (guint8)(1u << (b % 8));
}

static gboolean
byte_set_has(byte_set set, size_t b)
{
    return (set.bits[b / 8] >> (b % 8)) & 1u;
}

/* Does a name starting at byte `at` start inside a word that is no name
 * (a mark, a country: 俄罗斯总统 has no 罗斯)?  The not-name words are a
 * lookup rule: asked for here, at the few places a name starts, rather
 * than matched everywhere (经济, 全国 … hundreds per broadcast). */
static gboolean
inside_not_name(const officials_state *s, const tifa_doc *doc, byte_set not_names, size_t at)
{
    if (byte_set_has(not_names, at))
        return TRUE;
    for (guint i = 0; s->host && i < s->not_name_rules->len; i++)
        if (s->host->lookup_covering(s->host, s->not_name_rules->pdata[i], doc, at) != TIFA_UNSET)
            return TRUE;
    return FALSE;
}

/* A title the text gives as past already: written after a mark. */
static gboolean
title_marked_past(const char *title)
{
    return g_str_has_prefix(title, "原") || g_str_has_prefix(title, "前") ||
           g_str_has_prefix(title, "时任") || g_str_has_prefix(title, "已故");
}

/* The offices at the top, by which the text goes on addressing a leader:
 * only these are marked, so that another person of the same name (李鹏,
 * 汪洋 are common names) keeps a title of his own (副市长李鹏). */
static gboolean
leaders_title(const char *title)
{
    return g_str_has_suffix(title, "主席") || g_str_has_suffix(title, "总理") ||
           g_str_has_suffix(title, "委员长") || g_str_has_suffix(title, "总书记");
}

/* Writes `mark` before each title of `m` not given as past already (only
 * the leaders' titles when `leaders_only`); 主席 and 原主席 in one mention
 * are then one title. */
static void
mark_titles(GStringChunk *strings, mention *m, const char *mark, gboolean leaders_only)
{
    guint kept = 0;
    for (guint t = 0; t < m->n_titles; t++) {
        const char *title = m->titles[t];
        if (!title_marked_past(title) && (!leaders_only || leaders_title(title)))
            title = chunk_concat(strings, mark, title);
        gboolean seen = FALSE;
        for (guint k = 0; k < kept && !seen; k++)
            seen = strcmp(m->titles[k], title) == 0;
        if (!seen) {
            m->titles[kept] = title;
            m->title_ends[kept++] = m->title_ends[t];
        }
    }
    m->n_titles = kept;
}

/* 已故胡志明主席, 已故的胡志明主席: the late, named before the title he held;
 * his titles are written after the mark, as 已故总统查韦斯's are by the
 * former rule. */
static void
mark_late(const tifa_doc *doc, GStringChunk *strings, mention *m)
{
    static const char late[] = "已故", de[] = "的";
    size_t n = sizeof late - 1, d = sizeof de - 1;
    size_t at = m->start;
    if (at >= d && memcmp(doc->text + at - d, de, d) == 0)
        at -= d;
    if (at >= n && memcmp(doc->text + at - n, late, n) == 0)
        mark_titles(strings, m, late, FALSE);
}

/* A leader named with a title after leaving office (江泽民主席 in 2016,
 * 毛主席 in 2015) is addressed by it, and holds it no more: the leaders'
 * titles are written as former ones (原主席), so that the dates a title was
 * seen do not run on past the office.  Undated documents stay as written. */
static void
mark_retired(const officials_state *s, const tifa_doc *doc, GStringChunk *strings,
             const char *name, mention *m)
{
    if (!doc->date || m->n_titles == 0 || g_hash_table_size(s->retired) == 0)
        return;
    const char *until = g_hash_table_lookup(s->retired, name);
    if (until && strcmp(doc->date, until) > 0)
        mark_titles(strings, m, "原", TRUE);
}

/* Split the names group at 、 and give each name the titles. */
static void
add_names(const officials_state *st, const tifa_doc *doc, size_t from, size_t to,
          GPtrArray *titles, const GArray *spans, GPtrArray *mentions, span_table *by_span,
          byte_set not_names)
{
    /* spans holds each title's (start, end), last title first. */
    guint n_titles = titles->len;
    const size_t *span = (const size_t *)(const void *)spans->data;
    static const char dun[] = "、";
    size_t n = sizeof dun - 1;
    size_t s = from;
    while (s < to) {
        const char *sep = g_strstr_len(doc->text + s, (gssize)(to - s), dun);
        size_t e = sep ? (size_t)(sep - doc->text) : to;
        if (e > s && !inside_not_name(st, doc, not_names, s)) {
            mention *m = find_or_add(mentions, by_span, s, e);
            for (guint i = 0; i < n_titles; i++)
                add_title_at(m, titles->pdata[i], span[2 * (n_titles - 1 - i) + 1]);
        }
        s = e + n;
    }
}

/* The ends of the titles, before 、, that a name right before them holds:
 * the title of a name-title hit, unless its name is no name (俄罗斯总统:
 * 罗斯) or starts inside, not at the start of, the names a title gives
 * (总督格林和代总理: 林和代 is no one; 省长费萨尔亲王 is one). */
static GArray *
held_title_ends(const officials_state *s, const tifa_doc *doc, const tifa_hit *hits,
                size_t n_hits, byte_set not_names)
{
    static const char dun[] = "、";
    GArray *ends = g_array_new(FALSE, FALSE, sizeof(size_t));
    for (size_t i = 0; i < n_hits; i++) {
        const tifa_hit *h = &hits[i];
        uint32_t ri = h->rule->index;
        if (s->roles[ri] != ROLE_NAME_TITLE)
            continue;
        int gn = s->group_names[ri], gt = s->group_title[ri];
        size_t ns = h->groups[2 * gn], te = h->groups[2 * gt + 1];
        if (ns == TIFA_UNSET || te == TIFA_UNSET || te + sizeof dun - 1 > doc->len ||
            memcmp(doc->text + te, dun, sizeof dun - 1) != 0)
            continue;
        gboolean inside = FALSE;
        for (size_t j = 0; j < n_hits && !inside; j++) {
            uint32_t rj = hits[j].rule->index;
            int g = s->group_names[rj];
            inside = s->roles[rj] == ROLE_TITLE_NAMES && hits[j].groups[2 * g] != TIFA_UNSET &&
                     hits[j].groups[2 * g] < ns && ns < hits[j].groups[2 * g + 1];
        }
        if (!inside && !inside_not_name(s, doc, not_names, ns))
            g_array_append_val(ends, te);
    }
    return ends;
}

static gboolean
officials_scan(void *state, const tifa_doc *doc, const tifa_hit *hits, size_t n_hits,
               const tifa_sink *sink, GError **error)
{
    officials_state *s = state;
    /* (start, end) of the title hits, most of the hits, written in place
     * into an array sized for all of them, then cut to what it holds (two
     * appends per title cost more than the rest of the loop); (start, end,
     * org allowed) of the marks, which are few. */
    GArray *titles = g_array_sized_new(FALSE, FALSE, sizeof(size_t), (guint)(2 * n_hits));
    g_array_set_size(titles, (guint)(2 * n_hits));
    size_t *title_at = (size_t *)titles->data;
    guint n_titles = 0;
    GArray *formers = g_array_new(FALSE, FALSE, sizeof(size_t));
    GPtrArray *leaders = g_ptr_array_new();   /* tifa_hit*, of leader rules */
    /* Every byte inside a mark or a matched not-name word: a name that
     * starts there is not one. */
    byte_set not_names = byte_set_new(doc->len);
    for (size_t i = 0; i < n_hits; i++) {
        const tifa_hit *h = &hits[i];
        role r = s->roles[h->rule->index];
        if (r == ROLE_TITLE) {
            title_at[n_titles++] = h->start;
            title_at[n_titles++] = h->end;
        } else if (r == ROLE_NOT_NAME) {
            byte_set_add_range(not_names, h->start, MIN(h->end, doc->len));
        } else if (r == ROLE_LEADER) {
            g_ptr_array_add(leaders, (gpointer)h);
        } else if (r == ROLE_FORMER || r == ROLE_FORMER_ORG) {
            size_t former[3] = { h->start, h->end, r == ROLE_FORMER_ORG };
            g_array_append_vals(formers, former, 3);
            /* No name starts inside the mark: 时任国家副主席 is not 任国家. */
            byte_set_add_range(not_names, h->start, MIN(h->end, doc->len));
        }
    }
    g_array_set_size(titles, n_titles);
    /* The ends of the titles that a name right before them holds
     * (习近平总书记), so that no chain of titles after them reaches back to
     * them: only those before 、 matter, a few per document. */
    GArray *held_after_name = held_title_ends(s, doc, hits, n_hits, not_names);

    GPtrArray *mentions = g_ptr_array_new_with_free_func((GDestroyNotify)mention_free);
    GStringChunk *strings = g_string_chunk_new(4096);
    span_table by_span = span_table_new();
    /* The titles given to a hit's names; one array for all the hits (one
     * made and freed per hit cost more than the rest of the chain). */
    GPtrArray *chain = g_ptr_array_new();
    GArray *spans = g_array_new(FALSE, FALSE, sizeof(size_t));
    for (size_t i = 0; i < n_hits; i++) {
        const tifa_hit *h = &hits[i];
        uint32_t ri = h->rule->index;
        role r = s->roles[ri];
        if (r != ROLE_TITLE_NAMES && r != ROLE_NAME_TITLE && r != ROLE_NAME_COMRADE)
            continue;
        int gn = s->group_names[ri], gt = s->group_title[ri];
        size_t ns = h->groups[2 * gn], ne = h->groups[2 * gn + 1];
        if (ns == TIFA_UNSET || ne == TIFA_UNSET)
            continue;
        g_ptr_array_set_size(chain, 0);
        g_array_set_size(spans, 0);
        if (r == ROLE_TITLE_NAMES) {
            title_chain(strings, doc, titles, held_after_name, h->groups[2 * gt],
                        h->groups[2 * gt + 1], chain, spans);
            mark_chain(strings, doc, formers, chain, spans);
        } else if (r == ROLE_NAME_TITLE) {
            g_ptr_array_add(chain, (char *)chunk_span(strings, doc->text, h->groups[2 * gt],
                                                      h->groups[2 * gt + 1]));
            g_array_append_vals(spans, &h->groups[2 * gt], 2);
        }
        add_names(s, doc, ns, ne, chain, spans, mentions, &by_span, not_names);
    }
    g_ptr_array_free(chain, TRUE);
    g_array_free(spans, TRUE);

    /* Surnames with a title, once the full names are known. */
    guint full_names = mentions->len;
    GArray *items = NULL;   /* where the items start, once a surname needs them */
    for (size_t i = 0; i < n_hits; i++) {
        const tifa_hit *h = &hits[i];
        uint32_t ri = h->rule->index;
        if (s->roles[ri] != ROLE_SURNAME_TITLE)
            continue;
        int gs = s->group_surname[ri], gt = s->group_title[ri];
        size_t ss = h->groups[2 * gs], se = h->groups[2 * gs + 1];
        size_t ts = h->groups[2 * gt], te = h->groups[2 * gt + 1];
        if (ss == TIFA_UNSET || ts == TIFA_UNSET || inside_not_name(s, doc, not_names, ss))
            continue;
        /* Another shape already read a name here (周恩来总理). */
        gboolean taken = FALSE;
        for (guint k = 0; k < full_names && !taken; k++) {
            const mention *m = mentions->pdata[k];
            taken = m->start < te && ss < m->end;
        }
        if (taken)
            continue;
        const char *surname = chunk_span(strings, doc->text, ss, se);
        const char *title = chunk_span(strings, doc->text, ts, te);
        if (!items)
            items = item_starts(doc);
        const mention *full = link_surname(doc, items, mentions, ss, surname, title);
        /* No full name in the document: a leader the pack knows by this
         * surname and title (a hit of a leader rule on the same words). */
        const char *known = NULL;
        for (guint k = 0; !full && k < leaders->len && !known; k++) {
            const tifa_hit *lh = leaders->pdata[k];
            if (lh->start == ss && lh->end == te)
                known = lh->key;
        }
        mention *m = find_or_add(mentions, &by_span, ss, se);
        if (!m->key)
            m->key = full    ? chunk_span(strings, doc->text, full->start, full->end)
                     : known ? known   /* a hit's key: lives as long as the scan */
                             : chunk_concat(strings, surname, title);
        add_title(m, title);
    }

    /* One name inside another at the same place (普京 and 普京·…) keeps the
     * longer; mentions go out in document order. */
    g_ptr_array_sort(mentions, compare_mentions);
    gboolean ok = TRUE;
    size_t covered_to = 0;
    for (guint i = 0; i < mentions->len && ok; i++) {
        mention *m = mentions->pdata[i];
        if (i + 1 < mentions->len) {
            mention *next = mentions->pdata[i + 1];
            if (next->start == m->start) {
                for (guint t = 0; t < m->n_titles; t++)
                    add_title_at(next, m->titles[t], m->title_ends[t]);
                continue;
            }
        }
        if (m->start < covered_to)
            continue;
        covered_to = m->end;
        const char *name = m->key ? m->key : chunk_span(strings, doc->text, m->start, m->end);
        mark_late(doc, strings, m);
        mark_retired(s, doc, strings, name, m);
        ok = tifa_emit(sink, "person", name, m->start, m->end,
                       m->titles, m->n_titles, error);
    }
    g_free(by_span.slots);
    g_ptr_array_free(mentions, TRUE);
    g_string_chunk_free(strings);
    g_free(not_names.bits);
    g_array_free(held_after_name, TRUE);
    g_array_free(titles, TRUE);
    g_array_free(formers, TRUE);
    g_ptr_array_free(leaders, TRUE);
    if (items)
        g_array_free(items, TRUE);
    return ok;
}

static const char *const packs[] = { "officials", NULL };

static const tifa_plugin officials_plugin = {
    .abi = TIFA_PLUGIN_ABI,
    .size = sizeof(tifa_plugin),
    .name = "officials",
    .version = "0.1",
    .description = "officials named with their titles (厅长刘伟, 习近平总书记)",
    .rule_packs = packs,
    .init = officials_init,
    .scan = officials_scan,
    .free = officials_free,
};

TIFA_PLUGIN_DEFINE(officials_plugin)
