#!/usr/bin/env python3
"""Consistency checks of tests/eval/xwlb-heldout/gold.tsv against items/NN.txt.

Run from anywhere:  python3 tests/eval/xwlb-heldout/check.py
Checks: four tab-separated columns; no duplicate (item, name); every name and
every title (the titles column split on 、) occurs verbatim in its item; every
row whose note does not start with `indirect` has, at some occurrence of the
name, one of its titles directly before it (possibly through a chain of
`name、` of other gold names of the item) or directly after it. Prints the
counts and exits 1 on any failure.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    lines = open(os.path.join(HERE, 'gold.tsv'), encoding='utf-8').read().split('\n')
    assert lines[0] == 'item\tname\ttitles\tnote', lines[0]
    rows, bad, seen = [], [], set()
    for k, l in enumerate(lines[1:], 2):
        if not l:
            continue
        f = l.split('\t')
        if len(f) != 4:
            bad.append(f'line {k}: {len(f)} columns')
            continue
        rows.append(f)
    texts = {}
    names_of = {}
    for it, name, titles, note in rows:
        if (it, name) in seen:
            bad.append(f'{it} {name}: duplicate')
        seen.add((it, name))
        names_of.setdefault(it, set()).add(name)
        if it not in texts:
            texts[it] = open(os.path.join(HERE, 'items', f'{it}.txt'), encoding='utf-8').read()
    for it, name, titles, note in rows:
        t = texts[it]
        if name not in t:
            bad.append(f'{it} {name}: name not in the item')
        tl = [x for x in titles.split('、') if x]
        for x in tl:
            if x not in t:
                bad.append(f'{it} {name}: title {x} not in the item')
        if note.startswith('indirect'):
            continue
        ok = False
        others = names_of[it] - {name}
        k = t.find(name)
        while k >= 0 and not ok:
            after = t[k + len(name):]
            if any(after.startswith(x) for x in tl):
                ok = True
            before = t[:k]
            while True:
                if any(before.endswith(x) for x in tl):
                    ok = True
                    break
                # step back over "other-name、"
                if before.endswith('、'):
                    b = before[:-1]
                    o = next((o for o in others if b.endswith(o)), None)
                    if o:
                        before = b[:-len(o)]
                        continue
                break
            k = t.find(name, k + 1)
        if not ok:
            bad.append(f'{it} {name}: no title directly before or after any occurrence')
    nind = sum(1 for r in rows if r[3].startswith('indirect'))
    print(f'{len(texts)} items, {len(rows)} gold rows ({len({r[1] for r in rows})} distinct names), {nind} indirect')
    for b in bad:
        print('FAIL', b)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
