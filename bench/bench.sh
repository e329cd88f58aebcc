#!/bin/sh
# bench/bench.sh - what `make bench` runs: the speed and memory figures of
# the README and docs/performance.md, measured here and now, each against a
# baseline in the same run.  Machines are shared and noisy: every figure is
# a median of RUNS.
#
#   1. the engines alone (bench-engine): fast vs reference at 10, 100 and
#      1,000 rules, one thread;
#   2. ripgrep and grep counting the literal keys of the same rule sets;
#   3. end to end: `tifa report` with all bundled plugins on 1 and 2
#      threads (wall time, MB/s, peak RSS) against ripgrep counting the
#      bundled packs' literal keys;
#   4. scaling: 1x, 2x and 4x the corpus on 1 and 2 threads (documents/s,
#      MB/s, peak RSS, time against 1x);
#   5. sharding: two shards side by side with --partial, then tifa merge,
#      against one run on two threads.
#
# BENCH_CORPUS (default ../shared/corpora/xwlb, the 107 MB 新闻联播 corpus)
# and BENCH_RUNS (default 3) change what is measured.
set -eu

: "${TIFA:?run through make bench}"
corpus=${BENCH_CORPUS:-$TIFA_SHARED/corpora/xwlb}
runs=${BENCH_RUNS:-3}
if [ ! -d "$corpus" ]; then
    echo "bench: corpus $corpus not found (set BENCH_CORPUS to a directory of text)" >&2
    exit 1
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/tifa-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
export BENCH_KEYS_DIR="$work"

bytes=$(find "$corpus" -type f -name '*.txt' -printf '%s\n' | awk '{ s += $1 } END { print s }')
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
echo "tifa $("$TIFA" --version | cut -d' ' -f2-) on $(nproc) cores; corpus $corpus ($mb MB)"
echo

# median_of COMMAND…: run it $runs times; print "SECONDS PEAK_RSS_KB".
median_of() {
    i=0
    : >"$work/times"
    while [ $i -lt "$runs" ]; do
        "$MEASURE" "$@" >/dev/null 2>>"$work/times.raw" || true
        tail -n 1 "$work/times.raw" >>"$work/times"
        i=$((i + 1))
    done
    sort -n "$work/times" | awk -v n="$runs" 'NR == int((n + 1) / 2) { print $1, $2 }'
}

"$BENCH_ENGINE" "$TIFA_RULES_DIR" "$corpus" "$runs"

echo
echo "The same literal keys counted by ripgrep and grep over the corpus files (one thread):"
printf '%6s %8s %12s %12s\n' keys "" "rg MB/s" "grep MB/s"
for n in 10 100 1000; do
    keys="$work/keys-$n.txt"
    rg_t=$(median_of rg -j1 --count-matches -F -f "$keys" "$corpus" | cut -d' ' -f1)
    grep_t=$(median_of grep -r -c -F -f "$keys" "$corpus" | cut -d' ' -f1)
    printf '%6s %8s %12.0f %12.0f\n' "$(wc -l <"$keys")" "(n=$n)" \
        "$(awk -v m="$mb" -v t="$rg_t" 'BEGIN { print m / t }')" \
        "$(awk -v m="$mb" -v t="$grep_t" 'BEGIN { print m / t }')"
done

echo
echo "End to end: tifa report, all bundled plugins, against ripgrep counting the bundled"
echo "packs' $(wc -l <"$work/keys-bundled.txt") literal keys (rg --count-matches -F -f, default threads):"
printf '%-28s %9s %9s %12s %10s\n' run seconds "MB/s" "peak RSS MB" "vs rg"
rg_line=$(median_of rg --count-matches -F -f "$work/keys-bundled.txt" "$corpus")
rg_t=${rg_line% *}
for j in 1 2; do
    line=$(median_of "$TIFA" report -j $j --no-progress --format tsv -o "$work/out" "$corpus")
    t=${line% *}
    rss=${line#* }
    printf '%-28s %9.2f %9.1f %12.1f %9.2fx\n' "tifa report -j $j" "$t" \
        "$(awk -v m="$mb" -v t="$t" 'BEGIN { print m / t }')" \
        "$(awk -v r="$rss" 'BEGIN { print r / 1024 }')" \
        "$(awk -v a="$rg_t" -v b="$t" 'BEGIN { print a / b }')"
done
line=$(median_of "$TIFA" report -j 2 --engine reference --no-progress --format tsv -o "$work/out" "$corpus")
t=${line% *}
rss=${line#* }
printf '%-28s %9.2f %9.1f %12.1f %9.2fx\n' "tifa report -j 2 (reference)" "$t" \
    "$(awk -v m="$mb" -v t="$t" 'BEGIN { print m / t }')" \
    "$(awk -v r="$rss" 'BEGIN { print r / 1024 }')" \
    "$(awk -v a="$rg_t" -v b="$t" 'BEGIN { print a / b }')"
rss=${rg_line#* }
printf '%-28s %9.2f %9.1f %12.1f %9.2fx\n' "rg (bundled literal keys)" "$rg_t" \
    "$(awk -v m="$mb" -v t="$rg_t" 'BEGIN { print m / t }')" \
    "$(awk -v r="$rss" 'BEGIN { print r / 1024 }')" 1
# The ratio that matters, measured so that the machine's drift cancels:
# ripgrep and tifa -j 2 run in turn, a ratio per pair, the median of those.
i=0
: >"$work/pairs"
while [ $i -lt "$runs" ]; do
    a=$("$MEASURE" rg --count-matches -F -f "$work/keys-bundled.txt" "$corpus" 2>&1 >/dev/null |
        tail -n 1 | cut -d' ' -f1)
    b=$("$MEASURE" "$TIFA" report -j 2 --no-progress --format tsv -o "$work/out" "$corpus" 2>&1 \
        >/dev/null | tail -n 1 | cut -d' ' -f1)
    echo "$a $b" >>"$work/pairs"
    i=$((i + 1))
done
awk '{ print $1 / $2 }' "$work/pairs" | sort -n | awk -v n="$runs" '
    { r[NR] = $1 }
    END { printf "rg and tifa -j 2 in turn, %d pairs: tifa at %.2fx ripgrep (median of the pairs; %.2f-%.2f)\n",
          n, r[int((n + 1) / 2)], r[1], r[n] }'

echo
echo "Scaling (issue 8): the corpus given once, twice and four times (copies of the"
echo "same files: a file named twice is counted once), on 1 and 2 threads. 'x 1x' is"
echo "the time against the 1x run of the same threads: linear growth shows as 2.00 and 4.00."
docs=$(find "$corpus" -type f -name '*.txt' | wc -l)
for c in 1 2 3; do cp -r "$corpus" "$work/copy$c"; done
printf '%-8s %8s %9s %11s %9s %12s %8s\n' corpus threads seconds "documents/s" "MB/s" "peak RSS MB" "x 1x"
for j in 1 2; do
    base=""
    for k in 1 2 4; do
        set --
        i=0
        while [ $i -lt $k ]; do
            if [ $i -eq 0 ]; then set -- "$@" "$corpus"; else set -- "$@" "$work/copy$i"; fi
            i=$((i + 1))
        done
        line=$(median_of "$TIFA" report -j $j --no-progress --format tsv -o "$work/out" "$@")
        t=${line% *}
        [ -n "$base" ] || base=$t
        printf '%-8s %8s %9.2f %11.0f %9.1f %12.1f %8.2f\n' "${k}x" "$j" "$t" \
            "$(awk -v d="$docs" -v k="$k" -v t="$t" 'BEGIN { print d * k / t }')" \
            "$(awk -v m="$mb" -v k="$k" -v t="$t" 'BEGIN { print m * k / t }')" \
            "$(awk -v r="${line#* }" 'BEGIN { print r / 1024 }')" \
            "$(awk -v a="$t" -v b="$base" 'BEGIN { print a / b }')"
    done
done

echo
echo "Sharded (issue 8): the corpus as 2 shards counted one thread each, side by side"
echo "(what GNU parallel does), merged, against one run on 2 threads:"
find "$corpus" -type f -name '*.txt' | sort >"$work/files"
split -n l/2 "$work/files" "$work/shard-"
# Each shard a directory of links to its files, one subdirectory each (the
# names, which may carry the date, stay as they are): xargs would split a
# long list into several runs, each overwriting the shard's partial.
for s in "$work"/shard-a?; do
    n=0
    while IFS= read -r f; do
        n=$((n + 1))
        mkdir -p "$s.d/$n"
        ln -s "$f" "$s.d/$n/"
    done <"$s"
done
cat >"$work/sharded.sh" <<EOS
#!/bin/sh
for s in "$work"/shard-a?; do
    "$TIFA" report -j 1 --no-progress --partial "\$s.partial" -o "$work/out" "\$s.d" &
done
wait
"$TIFA" merge --format tsv -o "$work/out" "$work"/shard-a?.partial
EOS
line=$(median_of sh "$work/sharded.sh")
one=$(median_of "$TIFA" report -j 2 --no-progress --format tsv -o "$work/out" "$corpus")
printf '%-36s %9.2f s\n' "2 shards (-j 1 each) + merge" "${line% *}"
printf '%-36s %9.2f s\n' "one run, -j 2" "${one% *}"
t=$(median_of "$TIFA" merge --format tsv -o "$work/out" "$work"/shard-a?.partial)
printf '%-36s %9.2f s (%s of partials)\n' "the merge alone" "${t% *}" \
    "$(cat "$work"/shard-a?.partial | wc -c | awk '{ printf "%.1f MB", $1 / 1e6 }')"
# The figures mean nothing unless the shards counted what one run counts.
"$TIFA" merge --format tsv -o "$work/merged.tsv" "$work"/shard-a?.partial
"$TIFA" report -j 2 --no-progress --format tsv -o "$work/one.tsv" "$corpus"
if cmp -s "$work/merged.tsv" "$work/one.tsv"; then
    echo "the merged report is the one run's, byte for byte"
else
    echo "bench: the merged report differs from the one run's" >&2
    exit 1
fi
