#!/bin/sh
# Replays, with a plain build of each fuzz harness, every input that once
# crashed it (fuzz/regressions/NAME/) and a few real seeds: what make fuzz
# found stays fixed.
. "$TIFA_SRCDIR/tests/lib.sh"

printf 'id: a\nliteral: 四个意识\n\nid: b\npattern: “(?<q>\\p{sc=Han}{2,10})”\nkey: ${q}\n' \
    >"$scratch/seed.rules"
printf '发布时间:2023.06.02' >"$scratch/date"
for name in rules decode dates officials scan; do
    case $name in
    rules) seeds="$scratch/seed.rules $TIFA_SRCDIR/rules" ;;
    dates) seeds="$scratch/date" ;;
    *) seeds="$seed" ;;
    esac
    out=$("$TIFA_BUILDDIR/fuzz/replay-$name" "$TIFA_SRCDIR/fuzz/regressions/$name" $seeds 2>&1)
    check_eq "fuzz harness $name replays its regressions and seeds ($out)" 0 $?
done

done_testing
