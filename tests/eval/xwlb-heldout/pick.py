#!/usr/bin/env python3
"""Reproducible draw of the xwlb-heldout items (新闻联播, years other than 2023).

Run from the repository root:

    python3 tests/eval/xwlb-heldout/pick.py [--corpus DIR] [--write]

Without --write it prints the draw (the table of README.md); with --write it
also copies each drawn item, byte for byte, to tests/eval/xwlb-heldout/items/NN.txt
and checks that the copy occurs exactly once in its source file.

The draw:
1. Pool: every item (a `## ` line up to, not including, the next `## ` line or the
   end of the file) of the files YYYY-MM-DD_xwlb.txt of the years in YEARS, whose
   text (title included) contains at least one of TITLE_WORDS and has at most
   MAX_CHARS characters (longer items are left out of the pool and counted).
2. For each year, its pool items are sorted (file name, item number) and shuffled
   with random.Random(SEED); the years themselves are shuffled once with the same
   generator (this order decides which years get a third item).
3. Round 1 and round 2 take the next candidate of every year (years in ascending
   order); round 3 takes the next candidate of the years in the shuffled order
   until N items are chosen. A candidate is passed over when it is in SKIP (read
   by hand and found to name nobody with a title, see README.md) or comes from a
   day that already gave an item.
4. The chosen items are numbered 01..N in (file, item number) order.
"""
import argparse
import os
import random
import re
import sys

SEED = 20250611
N = 30
YEARS = list(range(2013, 2023)) + [2024]
MAX_CHARS = 2500
TITLE_WORDS = '主席|总理|总统|书记|部长|省长|市长|委员长|首相|大使|外长|秘书长'
TITLE_RE = re.compile(TITLE_WORDS)

# Candidates read by hand and skipped: (file, item number) -> reason.
SKIP = {
    ('2013-10-29_xwlb.txt', 7): 'a village report; 村书记 and 村干部 with no name, nobody named with a title',
    ('2013-06-13_xwlb.txt', 12): 'Snowden affair; 曝光者 and 文章作者 are not offices, 总统 has no name',
}

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..', '..'))


def items_of(data):
    """Split a file's bytes into items: list of (item number, bytes)."""
    starts = [m.start() for m in re.finditer(rb'(?m)^## ', data)]
    out = []
    for k, s in enumerate(starts):
        e = starts[k + 1] if k + 1 < len(starts) else len(data)
        out.append((k + 1, data[s:e]))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--corpus', default=os.path.join(ROOT, '..', 'shared', 'corpora', 'xwlb'))
    ap.add_argument('--write', action='store_true')
    a = ap.parse_args()

    files = sorted(f for f in os.listdir(a.corpus)
                   if re.fullmatch(r'\d{4}-\d\d-\d\d_xwlb\.txt', f) and int(f[:4]) in YEARS)
    pool = {y: [] for y in YEARS}
    too_long = {y: 0 for y in YEARS}
    raw = {}
    for f in files:
        data = open(os.path.join(a.corpus, f), 'rb').read()
        raw[f] = data
        for n, b in items_of(data):
            t = b.decode('utf-8')
            if not TITLE_RE.search(t):
                continue
            if len(t) > MAX_CHARS:
                too_long[int(f[:4])] += 1
                continue
            pool[int(f[:4])].append((f, n))

    rng = random.Random(SEED)
    cand = {}
    for y in YEARS:
        lst = sorted(pool[y])
        rng.shuffle(lst)
        cand[y] = lst
    year_order = YEARS[:]
    rng.shuffle(year_order)

    chosen, days, passed = [], set(), []
    nxt = {y: 0 for y in YEARS}

    def take(y):
        while nxt[y] < len(cand[y]):
            f, n = cand[y][nxt[y]]
            nxt[y] += 1
            if (f, n) in SKIP:
                passed.append((f, n, 'skipped: ' + SKIP[(f, n)]))
                continue
            if f[:10] in days:
                passed.append((f, n, 'same day as a chosen item'))
                continue
            chosen.append((f, n))
            days.add(f[:10])
            return
        sys.exit(f'pick: year {y} has no candidate left')

    for order in (YEARS, YEARS, year_order):
        for y in order:
            if len(chosen) < N:
                take(y)

    chosen.sort()
    print(f'seed {SEED}; years {YEARS[0]}-{YEARS[-2]}, {YEARS[-1]}; year order for round 3: {year_order}')
    print('pool per year: ' + ', '.join(f'{y} {len(pool[y])}' for y in YEARS))
    print('left out for length > %d chars: ' % MAX_CHARS + ', '.join(f'{y} {too_long[y]}' for y in YEARS))
    for f, n, why in passed:
        print(f'passed over: {f} #{n}: {why}')
    print()
    print('| NN | source file | item # in file | chars | item title |')
    print('|---|---|---|---|---|')
    outdir = os.path.join(HERE, 'items')
    if a.write:
        os.makedirs(outdir, exist_ok=True)
    for k, (f, n) in enumerate(chosen, 1):
        b = dict(items_of(raw[f]))[n]
        t = b.decode('utf-8')
        title = t.split('\n', 1)[0][3:].strip()
        print(f'| {k:02d} | {f} | {n} | {len(t)} | {title} |')
        if raw[f].count(b) != 1:
            sys.exit(f'pick: item {f} #{n} occurs {raw[f].count(b)} times in its source')
        if a.write:
            p = os.path.join(outdir, f'{k:02d}.txt')
            with open(p, 'wb') as o:
                o.write(b)
            back = open(p, 'rb').read()
            if back != b or raw[f].count(back) != 1:
                sys.exit(f'pick: copy {p} does not occur exactly once in {f}')
    if a.write:
        print(f'\nwrote {len(chosen)} items to {os.path.relpath(outdir, ROOT)}/, each found exactly once in its source')


if __name__ == '__main__':
    main()
