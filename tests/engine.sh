#!/bin/sh
# The fast engine against the reference engine (one PCRE2 pass per rule):
# every match of every rule, offset for offset, on real text, with the
# bundled packs and a hostile pack (tests/data/hostile.rules); and the same
# output whatever the number of threads.
. "$TIFA_SRCDIR/tests/lib.sh"

# The packs as detectors of their own (no plugin claims the renamed packs),
# so that `matches` prints every raw hit of every rule.
mkdir "$scratch/rules"
for pack in formulations phrases officials; do
    sed "s/^pack: $pack\$/pack: raw-$pack/" "$TIFA_SRCDIR/rules/$pack.rules" \
        >"$scratch/rules/raw-$pack.rules"
done
# Each hostile rule gets its id as category, so that the output names it.
awk '/^id: / { print; print "category: hostile-" $2; next } { print }' \
    "$TIFA_SRCDIR/tests/data/hostile.rules" >"$scratch/rules/hostile.rules"
only="-p raw-formulations -p raw-phrases -p raw-officials -p hostile"

# The text: the bundled corpus, the seed rewritten with ASCII quotes and
# full-width digits (matches across normalisation), and a year of 新闻联播
# where the shared corpora are at hand.
mkdir "$scratch/text"
cp -r "$TIFA_SRCDIR/corpus/." "$scratch/text/"
sed 's/“/"/g; s/”/"/g; y/0123456789/０１２３４５６７８９/' "$seed" >"$scratch/text/seed-ascii-quotes.txt"
# Latin acronyms, for the word-boundary and caseless rules: an item of
# 新闻联播 of 2013-01-04 and 2013-10-04, copied from the shared corpus.
cp "$TIFA_SRCDIR/tests/data/xwlb-acronyms.txt" "$scratch/text/"
year=""
if [ -d "${TIFA_SHARED:-}/corpora/xwlb" ]; then
    mkdir "$scratch/text/xwlb"
    cp "$TIFA_SHARED"/corpora/xwlb/2022-*.txt "$scratch/text/xwlb/"
    year=" and 新闻联播 2022"
else
    echo "# shared corpus xwlb not found: comparing on the bundled corpus only"
fi

run() {
    "$TIFA" matches --rules "$scratch/rules" $only --format tsv "$@" "$scratch/text" \
        2>"$scratch/err" | cut -f1,4-8
}
run --engine reference -j 1 >"$scratch/reference.tsv"
# The only warnings expected: raw-officials keeps the officials pack's lookup
# rules (not-name, and the 23 retired leaders), which no plugin claims under
# the new name (cli.sh tests the wording).
check_eq "reference engine: no warnings but the unclaimed lookup rules" "" \
    "$(grep -v "^tifa: warning: .*/raw-officials.rules:[0-9]*: rule '[^']*' is a lookup rule" "$scratch/err")"
check_eq "... one for each of them" "24 not-name" \
    "$(grep -c 'is a lookup rule' "$scratch/err") $(grep -o "rule 'not-name' is a lookup" "$scratch/err" | cut -c7-14)"
run --engine fast -j 1 >"$scratch/fast-1.tsv"
run --engine fast -j 2 >"$scratch/fast-2.tsv"
run --engine reference -j 2 >"$scratch/reference-2.tsv"

n=$(($(wc -l <"$scratch/reference.tsv") - 1))
[ "$n" -gt 100000 ] || [ -z "$year" ] && ok "the comparison covers $n matches (bundled corpus$year)" ||
    not_ok "only $n matches to compare"
check_eq "fast engine = reference engine, every match and offset (-j 1)" "" \
    "$(cmp "$scratch/reference.tsv" "$scratch/fast-1.tsv" 2>&1)"
check_eq "fast engine -j 2 = -j 1" "" "$(cmp "$scratch/fast-1.tsv" "$scratch/fast-2.tsv" 2>&1)"
check_eq "reference engine -j 2 = -j 1" "" \
    "$(cmp "$scratch/reference.tsv" "$scratch/reference-2.tsv" 2>&1)"
# PCRE2's interpreter instead of its JIT code (TIFA_NO_JIT, as valgrind
# runs use): the engine must not call JIT code that was never compiled.
TIFA_NO_JIT=1 run --engine fast -j 2 >"$scratch/fast-nojit.tsv"
check_eq "fast engine without JIT = reference engine" "" \
    "$(cmp "$scratch/reference.tsv" "$scratch/fast-nojit.tsv" 2>&1)"
check_eq "fast engine without JIT: no warnings but the unclaimed lookup rule" "" \
    "$(grep -v "lookup rule" "$scratch/err")"
# Word lists are compiled as tries (host/word-lists.c): the same matches as
# the lists as written (TIFA_NO_WORD_TRIES), for the officials pack's
# titles, surnames, AFTER and NAME_STOP and the hostile trie rules.
TIFA_NO_WORD_TRIES=1 run --engine fast -j 2 >"$scratch/fast-as-written.tsv"
check_eq "word lists as tries = as written, every match and offset" "" \
    "$(cmp "$scratch/fast-1.tsv" "$scratch/fast-as-written.tsv" 2>&1)"
"$TIFA" rules check --explain "$scratch/rules/raw-officials.rules" "$scratch/rules/hostile.rules" \
    >"$scratch/explain"
check_eq "title-names tests its titles, surnames, NAME_STOP, Tibetan names and AFTER as tries" 1 \
    "$(grep "rule 'title-names'" "$scratch/explain" | grep -cF \
        "the word lists 总书记|书记处书记|…, 桥本|村山|…, 陈方|陈冯|…, NAME_STOP, 白玛|洛桑|…, AFTER as tries")"
check_eq "the hostile trie rules use one each" 3 \
    "$(grep -c "rule 'trie-[a-z-]*'.*the word list .* as a trie" "$scratch/explain")"
# The UTF-8 check and the normaliser 16 bytes at a time instead of 32
# (where the CPU has AVX2; the same loop twice elsewhere): the same text,
# so the same matches at the same offsets.
TIFA_NO_AVX2=1 run --engine fast -j 2 >"$scratch/fast-16-byte.tsv"
check_eq "16-byte loops = 32-byte loops, every match and offset" "" \
    "$(cmp "$scratch/fast-2.tsv" "$scratch/fast-16-byte.tsv" 2>&1)"

# Every hostile rule matched somewhere, so that no comparison is vacuous.
rules=$(grep -c '^id: ' "$TIFA_SRCDIR/tests/data/hostile.rules")
matched=$(awk -F'\t' 'NR > 1 { print $2 }' "$scratch/reference.tsv" | sort -u | grep -c '^hostile-')
check_eq "every one of the $rules hostile rules matched" "$rules" "$matched"

# The compiled prefilter is cached, keyed by the rules: a second run loads
# it and gives the same matches; a changed pack gets a cache file of its own.
export TIFA_CACHE_DIR="$scratch/cache"
"$TIFA" matches --rules "$scratch/rules" -p hostile "$seed" >"$scratch/cold.tsv"
check_eq "the first run writes one cache file" 1 "$(ls "$scratch/cache" | wc -l)"
"$TIFA" matches --rules "$scratch/rules" -p hostile "$seed" >"$scratch/warm.tsv"
check_eq "a run from the cache gives the same matches" "" "$(cmp "$scratch/cold.tsv" "$scratch/warm.tsv" 2>&1)"
printf '\nid: added\ncategory: added\nliteral: 生态\n' >>"$scratch/rules/hostile.rules"
"$TIFA" matches --rules "$scratch/rules" -p hostile "$seed" >"$scratch/changed.tsv"
check_eq "a changed pack is rebuilt, not read from a stale cache" 2 "$(ls "$scratch/cache" | wc -l)"
check_eq "the added rule counts (生态 ×18 in the seed, grep -o)" 18 \
    "$(awk -F'\t' '$4 == "added"' "$scratch/changed.tsv" | wc -l)"
for f in "$scratch"/cache/*; do echo garbage >"$f"; done
"$TIFA" matches --rules "$scratch/rules" -p hostile "$seed" >"$scratch/after-garbage.tsv" 2>"$scratch/err"
check_eq "a corrupt cache file is ignored and rebuilt" "" \
    "$(cmp "$scratch/changed.tsv" "$scratch/after-garbage.tsv" 2>&1; cat "$scratch/err")"

# The cache keeps the 16 most recently used databases: every edit of a pack
# writes one, and writing one removes the oldest beyond 16.  A use refreshes
# a file's time; other files in the directory are left alone.
touch -d '2001-01-01' "$scratch/cache"/prefilter-*.bin
"$TIFA" matches --rules "$scratch/rules" -p hostile "$seed" >/dev/null
used=$(ls -t "$scratch/cache"/prefilter-*.bin | head -n 1)    # this pack's, just read
other=$(ls -t "$scratch/cache"/prefilter-*.bin | tail -n 1)   # the pack before the edit
check_eq "a database read from the cache is marked as used, the other not" "1 0" \
    "$(find "$used" -newermt 2002-01-01 | wc -l) $(find "$other" -newermt 2002-01-01 | wc -l)"
i=0
while [ $i -lt 20 ]; do
    touch -d "2010-01-01 00:00:$((10 + i))" "$scratch/cache/prefilter-old$i.bin"
    i=$((i + 1))
done
touch -d '2001-01-01' "$scratch/cache/notes.txt"
printf '\nid: added2\ncategory: added\nliteral: 环境\n' >>"$scratch/rules/hostile.rules"
"$TIFA" matches --rules "$scratch/rules" -p hostile "$seed" >/dev/null
check_eq "writing a database keeps 16 of them" 16 "$(ls "$scratch/cache"/prefilter-*.bin | wc -l)"
check_eq "the oldest went first (old0 to old5, and the unused one of 2001)" \
    "old6 old19 absent" \
    "$(ls "$scratch/cache" | grep -o 'old[0-9]*' | sort -t d -k 2 -n | sed -n '1p;$p' | tr '\n' ' ')$(test -e "$other" && echo present || echo absent)"
check_eq "the database used since 2001 is kept" yes "$(test -e "$used" && echo yes)"
check_eq "other files in the cache directory are left alone" yes \
    "$(test -e "$scratch/cache/notes.txt" && echo yes)"
"$TIFA" matches --rules "$scratch/rules" -p hostile "$seed" >"$scratch/pruned.tsv"
check_eq "and the run still counts 环境 (×16 in the seed, grep -o)" 16 \
    "$(awk -F'\t' '$4 == "added" && $5 == "环境"' "$scratch/pruned.tsv" | wc -l)"

done_testing
