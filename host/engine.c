/*
 * engine.c - finding every match of every rule in a text.
 *
 * The meaning of "the matches of a rule" is fixed here, once, by the
 * reference engine: PCRE2 run over the normalised text the way Perl's //g
 * does it.  Search from offset 0; after a match, search again from its end;
 * after an empty match, first try a non-empty match at the same offset
 * (PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED) and, failing that, move on by
 * one character.  Matches of one rule never overlap; matches of different
 * rules may.
 *
 * Any faster engine must produce exactly these matches (the tests compare
 * them), so the reference engine stays available as --engine reference.
 *
 * Every call runs under a match limit, a depth limit and a heap limit: a
 * rule that backtracks without end on some text is stopped, reported once
 * for that text, and the other rules go on.
 */
#include "config.h"

#include <string.h>

#include "tifa.h"

/* JIT stack per worker: enough for deeply nested patterns, small enough to
 * give each thread its own. */
#define JIT_STACK_MIN (32 * 1024)
#define JIT_STACK_MAX (1024 * 1024)

struct engine {
    engine_kind kind;
    GPtrArray *rules;        /* rule*, borrowed */
    engine_limits limits;
    uint32_t max_groups;     /* most capture groups of any rule */
    void *fast;              /* the prefilter, for ENGINE_FAST (prefilter.c) */
    /* --profile: time and PCRE2 calls per rule, summed from the scratches
     * when they are freed. */
    gboolean profile;
    uint64_t *rule_ns, *rule_calls, *rule_hits;
    GMutex profile_lock;
};

/* A document's hits as the engine finds them, appended to the caller's
 * arrays once at the end of engine_scan: two GArray appends per hit cost
 * ~170 instructions. */
typedef struct {
    raw_hit *hits;
    size_t n_hits, hits_room;
    size_t *groups;          /* the hits' group offsets, indexed by raw_hit.groups */
    size_t n_groups, groups_room;
} hit_buffer;

struct engine_scratch {
    engine *engine;
    hit_buffer found;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit_stack;
    void *fast;              /* per-thread prefilter scratch */
    uint64_t *rule_ns, *rule_calls, *rule_hits;   /* --profile, this thread's share */
    uint32_t limits_of;      /* the rule whose limits mctx holds (the fast
                              * engine asks about one rule many times in turn) */
};

const char *
engine_kind_name(engine_kind kind)
{
    return kind == ENGINE_FAST ? "fast" : "reference";
}

engine *
engine_new(engine_kind kind, GPtrArray *rules, const engine_limits *limits, GError **error)
{
    engine *e = g_new0(engine, 1);
    e->kind = kind;
    e->rules = rules;
    if (limits)
        e->limits = *limits;
    for (guint i = 0; i < rules->len; i++) {
        rule *r = rules->pdata[i];
        e->max_groups = MAX(e->max_groups, r->pub.n_groups);
        /* The reference engine asks PCRE2 about every rule, including
         * those of literal: fields, which loading left without JIT. */
        if (kind == ENGINE_REFERENCE)
            rule_jit_compile(r);
    }
    e->profile = limits && limits->profile;
    if (e->profile) {
        e->rule_ns = g_new0(uint64_t, rules->len + 1);
        e->rule_calls = g_new0(uint64_t, rules->len + 1);
        e->rule_hits = g_new0(uint64_t, rules->len + 1);
    }
    if (kind == ENGINE_FAST) {
        e->fast = prefilter_new(rules, error);
        if (!e->fast) {
            g_free(e);
            return NULL;
        }
    }
    return e;
}

void
engine_free(engine *e)
{
    if (!e)
        return;
    if (e->fast)
        prefilter_free(e->fast);
    g_free(e->rule_ns);
    g_free(e->rule_calls);
    g_free(e->rule_hits);
    g_free(e);
}

engine_scratch *
engine_scratch_new(engine *e)
{
    engine_scratch *s = g_new0(engine_scratch, 1);
    s->engine = e;
    s->md = pcre2_match_data_create(e->max_groups + 1, NULL);
    s->mctx = pcre2_match_context_create(NULL);
    s->limits_of = UINT32_MAX;
    s->jit_stack = pcre2_jit_stack_create(JIT_STACK_MIN, JIT_STACK_MAX, NULL);
    pcre2_jit_stack_assign(s->mctx, NULL, s->jit_stack);
    if (e->fast)
        s->fast = prefilter_scratch_new(e->fast);
    if (e->profile) {
        s->rule_ns = g_new0(uint64_t, e->rules->len + 1);
        s->rule_calls = g_new0(uint64_t, e->rules->len + 1);
        s->rule_hits = g_new0(uint64_t, e->rules->len + 1);
    }
    return s;
}

void
engine_scratch_free(engine_scratch *s)
{
    if (!s)
        return;
    if (s->fast)
        prefilter_scratch_free(s->fast);
    if (s->rule_ns) {
        engine *e = s->engine;
        g_mutex_lock(&e->profile_lock);
        for (guint i = 0; i < e->rules->len; i++) {
            e->rule_ns[i] += s->rule_ns[i];
            e->rule_calls[i] += s->rule_calls[i];
            e->rule_hits[i] += s->rule_hits[i];
        }
        g_mutex_unlock(&e->profile_lock);
        g_free(s->rule_ns);
        g_free(s->rule_calls);
        g_free(s->rule_hits);
    }
    pcre2_match_data_free(s->md);
    pcre2_match_context_free(s->mctx);
    pcre2_jit_stack_free(s->jit_stack);
    g_free(s->found.hits);
    g_free(s->found.groups);
    g_free(s);
}

/* Room for n more hits and g more group offsets in the scratch's buffer:
 * returns where the hits go, and in *groups where their offsets go (the
 * first at index *first_group). */
static inline raw_hit *
hits_room(engine_scratch *s, size_t n, size_t g, size_t **groups, size_t *first_group)
{
    hit_buffer *b = &s->found;
    if (b->n_hits + n > b->hits_room) {
        b->hits_room = MAX(2 * b->hits_room, b->n_hits + n + 256);
        b->hits = g_renew(raw_hit, b->hits, b->hits_room);
    }
    if (b->n_groups + g > b->groups_room) {
        b->groups_room = MAX(2 * b->groups_room, b->n_groups + g + 1024);
        b->groups = g_renew(size_t, b->groups, b->groups_room);
    }
    *groups = b->groups + b->n_groups;
    *first_group = b->n_groups;
    return b->hits + b->n_hits;
}

/* The prefilter's way in (record_hit, once per match, keeps the inline
 * one: called through this, the count over 新闻联播 2015 was 0.3% higher). */
raw_hit *
engine_hits_room(engine_scratch *s, size_t n, size_t g, size_t **groups, size_t *first_group)
{
    return hits_room(s, n, g, groups, first_group);
}

void
engine_hits_commit(engine_scratch *s, size_t n, size_t g)
{
    s->found.n_hits += n;
    s->found.n_groups += g;
}

/* Apply the run's limits, or the rule's own where it sets them. */
void
engine_limits_apply(pcre2_match_context *mctx, const engine_limits *l, uint32_t match,
                    uint32_t depth)
{
    match = match ? match : l->match_limit;
    depth = depth ? depth : l->depth_limit;
    pcre2_set_match_limit(mctx, match ? match : 10000000u);
    pcre2_set_depth_limit(mctx, depth ? depth : 10000000u);
    pcre2_set_heap_limit(mctx, l->heap_limit_kib ? (uint32_t)l->heap_limit_kib : 20000000u);
}

static void
set_limits(engine_scratch *s, uint32_t index, const rule *r)
{
    if (s->limits_of == index)
        return;
    s->limits_of = index;
    engine_limits_apply(s->mctx, &s->engine->limits, r->match_limit, r->depth_limit);
}

static void
record_hit(engine_scratch *s, uint32_t index, const rule *r)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
    size_t n_offsets = 2 * ((size_t)r->pub.n_groups + 1), *groups, first_group;
    raw_hit *h = hits_room(s, 1, n_offsets, &groups, &first_group);
    *h = (raw_hit){ index, ov[0], ov[1], first_group };
    /* Groups the match did not reach stay unset, whatever the ovector
     * holds beyond the count PCRE2 returned. */
    memcpy(groups, ov, n_offsets * sizeof *groups);
    s->found.n_hits++;
    s->found.n_groups += n_offsets;
}

static void
report_limit(GPtrArray *problems, const rule *r, int rc, size_t offset)
{
    PCRE2_UCHAR msg[128];
    pcre2_get_error_message(rc, msg, sizeof msg);
    g_ptr_array_add(problems,
                    g_strdup_printf("rule '%s' of pack '%s' was stopped at byte %zu: %s "
                                    "(its other matches in this document are dropped)",
                                    r->pub.id, r->pub.pack, offset, (const char *)msg));
}

/*
 * All matches of one rule in [from, ...) with Perl //g semantics.  When
 * `offset_limit` is not PCRE2_UNSET, no match may start after it, and the
 * function returns once a search comes back empty: the caller (the fast
 * engine) knows no match can start in the gap it skips.  Returns the offset
 * from which a later search must start, or PCRE2_UNSET after a limit error.
 */
static size_t match_rule(engine_scratch *s, uint32_t index, const char *text, size_t len,
                         size_t from, size_t offset_limit, GPtrArray *problems);

size_t
engine_match_rule(engine_scratch *s, uint32_t index, const char *text, size_t len, size_t from,
                  size_t offset_limit, GPtrArray *problems)
{
    if (!s->rule_ns)
        return match_rule(s, index, text, len, from, offset_limit, problems);
    uint64_t t0 = util_now_ns();
    size_t before = s->found.n_hits;
    size_t r = match_rule(s, index, text, len, from, offset_limit, problems);
    s->rule_ns[index] += util_now_ns() - t0;
    s->rule_calls[index]++;
    s->rule_hits[index] += s->found.n_hits - before;
    return r;
}

uint64_t
engine_pcre2_ns(const engine *e)
{
    uint64_t total = 0;
    for (guint i = 0; e->rule_ns && i < e->rules->len; i++)
        total += e->rule_ns[i];
    return total;
}

void
engine_profile(engine *e, FILE *f)
{
    if (!e->profile)
        return;
    guint n = e->rules->len;
    guint *order = g_new(guint, n + 1);
    uint64_t total = 0;
    for (guint i = 0; i < n; i++) {
        order[i] = i;
        total += e->rule_ns[i];
    }
    /* Slowest first: a selection sort is plenty for a report of rules. */
    for (guint i = 0; i < n; i++)
        for (guint j = i + 1; j < n; j++)
            if (e->rule_ns[order[j]] > e->rule_ns[order[i]]) {
                guint t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
    fprintf(f, "PCRE2 time per rule (%s engine), slowest first; total %.3f s\n",
            engine_kind_name(e->kind), (double)total / 1e9);
    /* Calls that confirm nothing are what a rule's literals cost in vain. */
    fprintf(f, "%10s %6s %12s %12s  %s\n", "seconds", "share", "calls", "matches", "rule");
    for (guint k = 0; k < n && k < 25; k++) {
        guint i = order[k];
        const rule *r = e->rules->pdata[i];
        if (!e->rule_calls[i])
            break;
        fprintf(f, "%10.3f %5.1f%% %12" G_GUINT64_FORMAT " %12" G_GUINT64_FORMAT "  %s/%s\n",
                (double)e->rule_ns[i] / 1e9,
                total ? 100.0 * (double)e->rule_ns[i] / (double)total : 0.0, e->rule_calls[i],
                e->rule_hits[i], r->pub.pack, r->pub.id);
    }
    g_free(order);
}

static size_t
match_rule(engine_scratch *s, uint32_t index, const char *text, size_t len, size_t from,
           size_t offset_limit, GPtrArray *problems)
{
    const rule *r = s->engine->rules->pdata[index];
    uint32_t options = 0;
    size_t start = from;
    set_limits(s, index, r);
    pcre2_set_offset_limit(s->mctx, offset_limit);
    while (start <= len) {
        /* Past the limit nothing can start: PCRE2 would say so, at the
         * price of a call (one per match the fast engine confirms). */
        if (offset_limit != PCRE2_UNSET && start > offset_limit)
            return start;
        /* pcre2_match() would hand these calls to the JIT code after its
         * own checks; over a corpus that is hundreds of thousands of calls,
         * so call it directly (the subject was checked once, on input). */
        int rc = options == 0 && r->jitted
                     ? pcre2_jit_match(r->code, (PCRE2_SPTR)text, len, start, 0, s->md, s->mctx)
                     : pcre2_match(r->code, (PCRE2_SPTR)text, len, start,
                                   options | PCRE2_NO_UTF_CHECK, s->md, s->mctx);
        if (rc == PCRE2_ERROR_NOMATCH) {
            /* Nothing starts in [start, limit]: resume after both. */
            if (options == 0)
                return offset_limit == PCRE2_UNSET ? len + 1 : MAX(start, offset_limit + 1);
            /* No non-empty match at an empty match's end: step one character. */
            options = 0;
            if (start >= len)
                break;
            start++;
            while (start < len && ((unsigned char)text[start] & 0xC0) == 0x80)
                start++;
            continue;
        }
        if (rc < 0) {
            report_limit(problems, r, rc, start);
            return PCRE2_UNSET;
        }
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
        record_hit(s, index, r);
        if (ov[1] < ov[0]) {
            /* \K in a lookahead can put the end before the start; move on. */
            start = ov[0] + 1;
            options = 0;
            continue;
        }
        options = ov[1] == ov[0] ? PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED : 0;
        start = ov[1];
    }
    return len + 1;
}

void
engine_scan(engine *e, engine_scratch *s, const char *text, size_t len, GArray *hits,
            GArray *groups, GPtrArray *problems)
{
    s->found.n_hits = s->found.n_groups = 0;
    if (e->kind == ENGINE_FAST) {
        prefilter_scan(e->fast, s->fast, s, text, len, problems);
    } else {
        for (guint i = 0; i < e->rules->len; i++)
            if (!((const rule *)e->rules->pdata[i])->lookup)   /* asked for, never matched */
                engine_match_rule(s, i, text, len, 0, PCRE2_UNSET, problems);
    }
    /* To the caller's arrays, the hits' group indexes moved past the
     * offsets those already hold. */
    size_t base = groups->len;
    if (base)
        for (size_t i = 0; i < s->found.n_hits; i++)
            s->found.hits[i].groups += base;
    g_array_append_vals(groups, s->found.groups, (guint)s->found.n_groups);
    g_array_append_vals(hits, s->found.hits, (guint)s->found.n_hits);
}
