#!/bin/sh
# bench/against.sh - what `make bench-against BASE=REV` runs: this build and
# a build of commit REV, timed in turn in one run, so that the drift of a
# shared machine falls on both alike.  For the engine at 1,000 rules (MB/s,
# bench-engine) and for `tifa report` on 1 and 2 threads (seconds), it
# prints each side's median and the median of the pairs' ratios, with
# their range: the figure to quote for a change, where the absolute ones
# move by tens of percent from one day to the next.
#
# BASE (a commit, tag or branch) is required; BENCH_RUNS pairs (default 7)
# over BENCH_CORPUS (default ../shared/corpora/xwlb).
set -eu

: "${TIFA:?run through make bench-against}"
base_rev=${BASE:-}
if [ -z "$base_rev" ]; then
    echo "bench-against: say which commit to compare with: make bench-against BASE=<commit>" >&2
    exit 2
fi
corpus=${BENCH_CORPUS:-$TIFA_SHARED/corpora/xwlb}
runs=${BENCH_RUNS:-7}
if [ ! -d "$corpus" ]; then
    echo "bench-against: corpus $corpus not found (set BENCH_CORPUS to a directory of text)" >&2
    exit 1
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/tifa-against.XXXXXX")
trap 'rm -rf "$work"' EXIT

base="$work/base"
if ! git -C "$TIFA_SRCDIR" rev-parse --verify -q "$base_rev^{commit}" >/dev/null; then
    echo "bench-against: '$base_rev' is no commit of $TIFA_SRCDIR" >&2
    exit 2
fi
echo "Building $base_rev in $base (a minute or two) ..."
git clone -q "$TIFA_SRCDIR" "$base"
git -C "$base" checkout -q "$base_rev"
if ! (cd "$base" && ./autogen.sh && ./configure -q && make -j"$(nproc)" &&
      make bench/bench-engine) >"$work/build.log" 2>&1; then
    echo "bench-against: $base_rev does not build; the end of its log:" >&2
    tail -n 20 "$work/build.log" >&2
    exit 1
fi
here=$(git -C "$TIFA_SRCDIR" rev-parse --short HEAD)
git -C "$TIFA_SRCDIR" diff --quiet HEAD -- 2>/dev/null || here="$here+changes"
there=$(git -C "$base" rev-parse --short HEAD)

# engine SIDE_DIR BENCH_ENGINE RULES: MB/s at 1,000 rules, median of 3
# (a base too old for BENCH_SIZES times the smaller sets too, unprinted).
engine() {
    BENCH_FAST_ONLY=1 BENCH_SIZES=1000 "$2" "$3" "$corpus" 3 2>/dev/null |
        awk '$1 == 1000 { print $3 }'
}
# report SIDE_TIFA PLUGINS RULES J: seconds of one run.
report() {
    TIFA_NO_INSTALLED=1 TIFA_PLUGIN_PATH="$2" TIFA_RULES_PATH="$3" \
        "$MEASURE" "$1" report -j "$4" --no-progress --format tsv -o "$work/out" "$corpus" \
        2>&1 >/dev/null | tail -n 1 | cut -d' ' -f1
}

: >"$work/engine"
: >"$work/j1"
: >"$work/j2"
i=0
while [ $i -lt "$runs" ]; do
    echo "$(engine "$base" "$base/bench/bench-engine" "$base/rules") $(engine . "$BENCH_ENGINE" "$TIFA_RULES_DIR")" \
        >>"$work/engine"
    for j in 1 2; do
        echo "$(report "$base/tifa" "$base/plugins/.libs" "$base/rules" $j) $(report "$TIFA" "$TIFA_PLUGIN_PATH" "$TIFA_RULES_PATH" $j)" \
            >>"$work/j$j"
    done
    i=$((i + 1))
done

# summary FILE LABEL: "base this" per line -> medians and the pairs' ratio.
summary() {
    awk -v label="$2" '
        function median(a, n,   i, j, t) {
            for (i = 2; i <= n; i++)
                for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
            return a[int((n + 1) / 2)]
        }
        NF == 2 && $1 > 0 && $2 > 0 { n++; b[n] = $1; h[n] = $2; r[n] = $2 / $1 }
        END {
            if (n == 0) { printf "%-26s %10s\n", label, "(no runs)"; exit }
            lo = r[1]; hi = r[1]
            for (i = 1; i <= n; i++) { if (r[i] < lo) lo = r[i]; if (r[i] > hi) hi = r[i] }
            printf "%-26s %10.3g %10.3g %10.3f  (%.3f-%.3f)\n", label, median(b, n), median(h, n),
                   median(r, n), lo, hi
        }' "$1"
}
echo
echo "This build ($here) against $there, $runs pairs in turn over $corpus:"
printf '%-26s %10s %10s %10s  %s\n' "" "$there" "$here" "this/base" "(range of the pairs)"
summary "$work/engine" "engine, 1,000 rules, MB/s"
summary "$work/j1" "tifa report -j 1, seconds"
summary "$work/j2" "tifa report -j 2, seconds"
echo "(MB/s: above 1 is faster; seconds: below 1 is faster.)"
