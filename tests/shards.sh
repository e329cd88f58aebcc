#!/bin/sh
# Sharded runs merge exactly: a corpus split into 2, 3 and 7 shards, counted
# shard by shard with --partial and combined with tifa merge, through
# map | sort | reduce, and through the README's GNU parallel recipe, gives
# byte for byte what one run over the whole gives.
#
# The corpus is 新闻联播 2022 (365 documents) where ../shared is at hand,
# else the bundled corpus.
. "$TIFA_SRCDIR/tests/lib.sh"

xwlb="${TIFA_SHARED:-}/corpora/xwlb"
corpus="$scratch/corpus"
mkdir "$corpus"
if [ -d "$xwlb" ]; then
    cp "$xwlb"/2022-*.txt "$corpus/"
    awk -F'\t' 'NR == 1 || $1 ~ /^2022-/' "$xwlb/manifest.tsv" >"$corpus/manifest.tsv"
    echo "# corpus: 新闻联播 2022"
else
    cp "$TIFA_SRCDIR"/corpus/gov-work-report/*.txt "$TIFA_SRCDIR"/corpus/party-congress/*.txt "$corpus/"
    echo "# shared corpus xwlb not found: sharding the bundled corpus instead"
fi
ls "$corpus"/*.txt >"$scratch/files"
n_files=$(wc -l <"$scratch/files" | tr -d ' ')

# One run over the whole, each output once.
"$TIFA" report --format tsv "$corpus" >"$scratch/one-report.tsv"
"$TIFA" report --format json "$corpus" >"$scratch/one-report.json"
"$TIFA" report "$corpus" >"$scratch/one-report.txt"
"$TIFA" trend --by month --key 两个确立 --key 四个意识 --key 一带一路 --format tsv "$corpus" \
    >"$scratch/one-trend.tsv"
"$TIFA" officials --format tsv "$corpus" >"$scratch/one-officials.tsv"
first=$(sed -n 1p "$scratch/files" | xargs basename | cut -c1-4)
last=$(sed -n '$p' "$scratch/files" | xargs basename | cut -c1-4)
# A diff of the first half of the first year against the end of the last.
period_a="$first-01-01..$first-06-30"
period_b="$last-01-01..$last-12-31"
[ "$first" = "$last" ] && period_b="$last-07-01..$last-12-31"
"$TIFA" diff --period "$period_a" --vs "$period_b" --format tsv "$corpus" >"$scratch/one-diff.tsv"
rows=$(wc -l <"$scratch/one-diff.tsv" | tr -d ' ')
[ "$rows" -gt 10 ] && ok "the whole: a diff of $period_a against $period_b, $rows rows" ||
    not_ok "the diff of $period_a against $period_b has $rows rows"
mentions=$(awk -F'\t' 'NR > 1 { n += $4 } END { print n }' "$scratch/one-report.tsv")
[ "$mentions" -gt 100 ] && ok "the whole: $n_files documents, $mentions mentions" ||
    not_ok "the whole has only $mentions mentions"

# shard N: split the file list round-robin into N shards, count each shard
# (a list of files, as GNU parallel would pass them) into a partial.
shard() {
    rm -rf "$scratch/shards"
    mkdir "$scratch/shards"
    awk -v n="$1" -v dir="$scratch/shards" '{ print > (dir "/list-" (NR % n)) }' "$scratch/files"
    for list in "$scratch"/shards/list-*; do
        # shellcheck disable=SC2046
        "$TIFA" report --partial "$list.partial" $(cat "$list") >/dev/null || return 1
    done
}

for n in 2 3 7; do
    shard $n
    check_eq "$n shards: exit 0" 0 $?
    check_eq "$n shards: $n partials" "$n" "$(ls "$scratch"/shards/*.partial | wc -l | tr -d ' ')"
    "$TIFA" merge --format tsv "$scratch"/shards/*.partial >"$scratch/merged.tsv"
    check_eq "$n shards: merged report (tsv) = one run" "" \
        "$(cmp "$scratch/one-report.tsv" "$scratch/merged.tsv" 2>&1)"
    "$TIFA" merge trend --by month --key 两个确立 --key 四个意识 --key 一带一路 --format tsv \
        "$scratch"/shards/*.partial >"$scratch/merged-trend.tsv"
    check_eq "$n shards: merged trend = one run" "" \
        "$(cmp "$scratch/one-trend.tsv" "$scratch/merged-trend.tsv" 2>&1)"
done

# Every output, from the 3 shards (partials given in reverse order: the
# order does not matter).
shard 3
set -- $(ls -r "$scratch"/shards/*.partial)
"$TIFA" merge --format json "$@" >"$scratch/m.json"
check_eq "merged report (json, with the officials' titles) = one run" "" \
    "$(cmp "$scratch/one-report.json" "$scratch/m.json" 2>&1)"
"$TIFA" merge "$@" >"$scratch/m.txt"
check_eq "merged report (table) = one run" "" "$(cmp "$scratch/one-report.txt" "$scratch/m.txt" 2>&1)"
"$TIFA" merge officials --format tsv "$@" >"$scratch/m-officials.tsv"
check_eq "merged officials (titles with dates, companions) = one run" "" \
    "$(cmp "$scratch/one-officials.tsv" "$scratch/m-officials.tsv" 2>&1)"
"$TIFA" merge diff --period "$period_a" --vs "$period_b" --format tsv "$@" \
    >"$scratch/m-diff.tsv"
check_eq "merged diff (periods) = one run" "" "$(cmp "$scratch/one-diff.tsv" "$scratch/m-diff.tsv" 2>&1)"

# trend and officials write partials too; any partial feeds any command.
"$TIFA" trend --by year --partial "$scratch/t.partial" "$corpus" >/dev/null
"$TIFA" merge --format tsv "$scratch/t.partial" >"$scratch/from-trend.tsv"
check_eq "a partial written by trend gives the report" "" \
    "$(cmp "$scratch/one-report.tsv" "$scratch/from-trend.tsv" 2>&1)"
check_eq "merge -p formulations keeps that plugin only" \
    "$(awk -F'\t' 'NR == 1 || $1 == "formulations"' "$scratch/one-report.tsv")" \
    "$("$TIFA" merge -p formulations --format tsv "$@")"

# Partials of other packs or settings are refused, naming them.
"$TIFA" report --partial "$scratch/other.partial" --rules "$TIFA_SRCDIR/tests/data/hostile.rules" \
    "$corpus" >/dev/null 2>&1
out=$("$TIFA" merge "$1" "$scratch/other.partial" 2>&1)
check_eq "partials of different plugins or packs: refused (exit 2)" 2 $?
check_contains "the refusal names the partials" "other.partial" "$out"
head -n -1 "$1" >"$scratch/cut.partial"
out=$("$TIFA" merge "$2" "$scratch/cut.partial" 2>&1)
check_eq "a cut partial: refused" 2 $?
check_contains "a cut partial is named as such" "cut.partial ends without its end line" "$out"
# A blank line (a partial edited by hand, or two glued together) once
# crashed the reader (found by make fuzz); it is a line that is not a record.
awk 'NR == 4 { print "" } { print }' "$1" >"$scratch/blank.partial"
out=$("$TIFA" merge "$scratch/blank.partial" 2>&1)
check_eq "a partial with a blank line: refused (exit 2)" 2 $?
check_contains "the blank line is named by file and line" "blank.partial:4: not a header line" "$out"
out=$("$TIFA" merge "$1" "$scratch/missing.partial" 2>&1)
check_eq "a missing partial: refused" 2 $?
check_contains "a missing partial is named" "missing.partial" "$out"
# Each document counts once: a partial named twice, a copy of one, or a
# leftover shard that holds documents of another is refused, naming both.
list1="$scratch/shards/list-1"
p1="$list1.partial"
check_eq "a shard merged alone: its documents, once each" \
    "$(wc -l <"$list1" | tr -d ' ') documents" \
    "$("$TIFA" merge "$p1" | head -1 | cut -d, -f1)"
out=$("$TIFA" merge "$p1" "$p1" 2>&1)
check_eq "a partial named twice: refused (exit 2)" 2 $?
check_eq "and named, once" \
    "tifa: $p1 and $p1 are the same partial (one file named twice): its documents would be counted twice; merge each partial once" \
    "$out"
out=$("$TIFA" merge "$p1" "$scratch/shards/../shards/list-1.partial" 2>&1)
check_eq "the same partial under another name: refused" 2 $?
cp "$p1" "$scratch/copy.partial"
out=$("$TIFA" merge trend --by year "$@" "$scratch/copy.partial" 2>&1)
check_eq "a copy of a partial among the shards: refused (exit 2)" 2 $?
check_contains "the refusal names both files and a document" \
    "$p1 and $scratch/copy.partial both hold the document $(head -1 "$list1")" "$out"
# A leftover shard of an earlier split: two of its files are in the new shards.
# shellcheck disable=SC2046
"$TIFA" report --partial "$scratch/leftover.partial" $(sed -n 1,2p "$list1") \
    "$TIFA_SRCDIR/corpus/seed/000_92a84c723940ec2d.txt" >/dev/null
out=$("$TIFA" merge "$@" "$scratch/leftover.partial" 2>&1)
check_eq "a leftover shard that overlaps the others: refused (exit 2)" 2 $?
check_contains "the overlap is named" "leftover.partial both hold the document $(head -1 "$list1")" \
    "$out"
# Documents from standard input say nothing of which they are: not compared.
"$TIFA" report --partial "$scratch/in1.partial" - <"$TIFA_SRCDIR/corpus/seed/000_92a84c723940ec2d.txt" >/dev/null
"$TIFA" report --partial "$scratch/in2.partial" - <"$TIFA_SRCDIR/corpus/seed/000_92a84c723940ec2d.txt" >/dev/null
check_eq "two partials of standard input merge, as given" "2 documents" \
    "$("$TIFA" merge "$scratch/in1.partial" "$scratch/in2.partial" | head -1 | cut -d, -f1)"
out=$("$TIFA" merge report --db "$scratch/x.sqlite" "$@" 2>&1)
check_contains "merge refuses options that need the text" "--db belongs to the runs" "$out"

# ---- map | sort | reduce, the Hadoop Streaming contract ----

# JSON Lines of the same documents (awk escapes what JSON needs).
awk '
    function flush() {
        if (file != "") printf "{\"id\":\"%s\",\"date\":\"%s\",\"title\":\"\",\"text\":\"%s\"}\n", id, substr(id, 1, 10), text
    }
    FNR == 1 { flush(); file = FILENAME; n = split(FILENAME, parts, "/"); id = parts[n]; text = "" }
    {
        line = $0
        gsub(/\\/, "\\\\", line); gsub(/"/, "\\\"", line); gsub(/\t/, "\\t", line); gsub(/\r/, "\\r", line)
        text = text line "\\n"
    }
    END { flush() }
' $(cat "$scratch/files") >"$scratch/docs.jsonl"
check_eq "JSON Lines: one record per document" "$n_files" "$(wc -l <"$scratch/docs.jsonl" | tr -d ' ')"
"$TIFA" report --format tsv "$scratch/docs.jsonl" >"$scratch/jsonl-report.tsv"
check_eq "the JSON Lines count as the files do" "" \
    "$(cmp "$scratch/one-report.tsv" "$scratch/jsonl-report.tsv" 2>&1)"

cat "$scratch/docs.jsonl" | "$TIFA" map | LC_ALL=C sort | "$TIFA" reduce --format tsv \
    >"$scratch/reduced.tsv"
check_eq "map | sort | reduce = tifa report (tsv), byte for byte" "" \
    "$(cmp "$scratch/jsonl-report.tsv" "$scratch/reduced.tsv" 2>&1)"
# Three mappers, as Hadoop would run them on three splits.
split -n l/3 "$scratch/docs.jsonl" "$scratch/split-"
for s in "$scratch"/split-*; do "$TIFA" map <"$s" >"$s.mapped"; done
cat "$scratch"/split-*.mapped | LC_ALL=C sort | "$TIFA" reduce --format tsv >"$scratch/reduced3.tsv"
check_eq "three mappers | sort | reduce = tifa report (tsv)" "" \
    "$(cmp "$scratch/jsonl-report.tsv" "$scratch/reduced3.tsv" 2>&1)"
# reduce -o FILE.tsv reads the format off the name, as report does.
cat "$scratch"/split-*.mapped | LC_ALL=C sort | "$TIFA" reduce -o "$scratch/reduced-o.tsv"
check_eq "reduce -o FILE.tsv: tsv" "" "$(cmp "$scratch/jsonl-report.tsv" "$scratch/reduced-o.tsv" 2>&1)"
# An empty partition, as Spark's pipe() and Hadoop Streaming give the
# mapper now and then: exit 0, no warning, totals of zero, and the reduce
# is the same with it.
: | "$TIFA" map >"$scratch/empty.mapped" 2>"$scratch/empty.err"
check_eq "map of empty standard input: exit 0, no warning" "0 " "$? $(cat "$scratch/empty.err")"
check_eq "map of empty standard input: no counts, totals of zero" "!totals	0	0	0		" \
    "$(grep -v '^!plugins' "$scratch/empty.mapped")"
printf '\n\n' | "$TIFA" map >"$scratch/blank.mapped" 2>"$scratch/blank.err"
check_eq "map of blank lines only: the same, exit 0" "0 $(cat "$scratch/empty.mapped")" \
    "$? $(cat "$scratch/blank.mapped" "$scratch/blank.err")"
cat "$scratch/empty.mapped" "$scratch"/split-*.mapped "$scratch/empty.mapped" | LC_ALL=C sort |
    "$TIFA" reduce --format tsv >"$scratch/reduced-empty.tsv"
check_eq "three mappers and two empty ones | sort | reduce = tifa report (tsv)" "" \
    "$(cmp "$scratch/jsonl-report.tsv" "$scratch/reduced-empty.tsv" 2>&1)"
out=$("$TIFA" reduce <"$scratch/empty.mapped")
check_eq "reduce of an empty map alone: a report of no documents, exit 0" \
    "0 0 documents, 0 characters" "$? $(printf '%s\n' "$out" | head -1)"
cat "$scratch"/split-*.mapped | LC_ALL=C sort | "$TIFA" reduce --format json >"$scratch/reduced.json"
"$TIFA" report --format json "$scratch/docs.jsonl" >"$scratch/jsonl-report.json"
check_eq "map | sort | reduce --format json = tifa report --format json" "" \
    "$(cmp "$scratch/jsonl-report.json" "$scratch/reduced.json" 2>&1)"
"$TIFA" map --rules "$TIFA_SRCDIR/tests/data/hostile.rules" <"$scratch/split-aa" >"$scratch/other.mapped" 2>/dev/null
out=$(cat "$scratch/split-ab.mapped" "$scratch/other.mapped" | LC_ALL=C sort | "$TIFA" reduce 2>&1)
check_eq "reduce refuses maps of other packs" 2 $?
check_contains "and says why" "other plugins, packs" "$out"

# ---- GNU parallel: the README's recipe ----

if command -v parallel >/dev/null 2>&1; then
    mkdir "$scratch/p"
    (
        cd "$scratch/p" || exit 1
        # The recipe of README.md ("Beyond one machine"), on this corpus.
        find "$corpus" -name '*.txt' | sort |
            parallel --will-cite -j 2 -X -N 50 "'$TIFA' report -j 1 --partial shard-{#}.partial {} >/dev/null"
        "$TIFA" merge --format tsv shard-*.partial >merged.tsv
    )
    check_eq "GNU parallel recipe: $(ls "$scratch"/p/*.partial | wc -l | tr -d ' ') partials merge to one run" "" \
        "$(cmp "$scratch/one-report.tsv" "$scratch/p/merged.tsv" 2>&1)"
else
    ok "# SKIP GNU parallel is not installed (apt-get install parallel; quickstart does)"
fi


# A partial that holds a skipped document: the merge says so and exits 1, as
# the run that wrote it did (it exited 0); a document outside --period is no
# such problem, and is not written.
mkdir "$scratch/skips"
cp "$seed" "$scratch/skips/2023-06-02_seed.txt"
{ printf '\211PNG\r\n\032\n'; head -c 2000 /dev/zero; } >"$scratch/skips/2023-06-03_image.txt"
"$TIFA" report --partial "$scratch/skips.partial" "$scratch/skips" >/dev/null 2>&1
check_eq "a run that skipped a document: exit 1" 1 $?
err=$("$TIFA" merge "$scratch/skips.partial" 2>&1 >/dev/null)
check_eq "its merge: exit 1 too" 1 $?
check_eq "its merge says how many were skipped" \
    "tifa: warning: $scratch/skips.partial: 1 document was skipped by the run that wrote it (unreadable, binary …: its warnings named them); not counted" \
    "$err"
"$TIFA" report --period 2023-06-03..2023-06-03 --partial "$scratch/period.partial" "$seed" >/dev/null 2>&1
check_eq "a document outside --period is not in the partial" 0 "$(grep -c '^doc' "$scratch/period.partial")"
"$TIFA" merge "$scratch/period.partial" >/dev/null 2>&1
check_eq "and its merge exits 0" 0 $?

done_testing
