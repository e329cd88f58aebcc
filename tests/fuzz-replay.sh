#!/bin/sh
# Replays, with a plain build of each fuzz harness, every input that once
# crashed it (fuzz/regressions/NAME/) and a few real seeds: what make fuzz
# found stays fixed.
. "$TIFA_SRCDIR/tests/lib.sh"

# Rule c: a word list in order, whose own text holds a match (书记处), so
# that the rules harness compares the list as a trie with it as written.
printf 'id: a\nliteral: 四个意识\n\nid: b\npattern: “(?<q>\\p{sc=Han}{2,10})”\nkey: ${q}\n\nid: c\npattern: (?:书记|书记处书记)处\n' \
    >"$scratch/seed.rules"
printf '发布时间:2023.06.02' >"$scratch/date"
# A partial and tifa map's lines of the seed, behind the byte that picks
# the reader (0: partial, 1: map lines).
"$TIFA" report -q --partial "$scratch/seed.partial" "$seed" >/dev/null
{ printf 0; cat "$scratch/seed.partial"; } >"$scratch/partial-seed"
{ printf 1; "$TIFA" map -q "$seed"; } >"$scratch/map-seed"
for name in rules decode dates officials scan partial; do
    case $name in
    rules) seeds="$scratch/seed.rules $TIFA_SRCDIR/rules $TIFA_SRCDIR/tests/data/hostile.rules" ;;
    dates) seeds="$scratch/date" ;;
    partial) seeds="$scratch/partial-seed $scratch/map-seed" ;;
    *) seeds="$seed" ;;
    esac
    out=$("$TIFA_BUILDDIR/fuzz/replay-$name" "$TIFA_SRCDIR/fuzz/regressions/$name" $seeds 2>&1)
    check_eq "fuzz harness $name replays its regressions and seeds ($out)" 0 $?
done

done_testing
