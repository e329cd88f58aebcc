#!/bin/sh
# fuzz/fuzz-run.sh - what `make fuzz` runs: each harness for FUZZ_SECONDS on a
# seed corpus made from corpus/ and ../shared, new crashes kept in
# fuzz-crashes/NAME/ (copy them to fuzz/regressions/NAME/ once fixed, so
# that make check replays them).  Prints executions and crashes per harness.
set -u
seconds=${FUZZ_SECONDS:-60}
status=0
seeds() {
    name=$1
    dir=fuzz-corpus/$name
    [ -d "$dir" ] && return
    mkdir -p "$dir"
    case $name in
    rules)
        cp "$TIFA_SRCDIR"/rules/*.rules "$TIFA_SRCDIR"/tests/data/*.rules "$dir/" ;;
    dates)
        i=0
        for s in "发布时间:2023.06.02" "2023年6月1日" "2023-06-02_xwlb.txt" "19980101-01-001.txt" \
                 "新华社北京3月16日电" "2021-11-16 08:00" "20230231" "１９９８年１月１日" \
                 "2022-01-07T08:00:00.5+08:00"; do
            printf '%s' "$s" >"$dir/seed-$i"; i=$((i + 1))
        done ;;
    partial)
        # A partial and tifa map's lines over the bundled corpus, made by this
        # build; the first byte picks the reader (0: partial, 1: map lines).
        run_tifa() {
            TIFA_NO_INSTALLED=1 TIFA_PLUGIN_PATH=plugins/.libs TIFA_RULES_PATH="$TIFA_SRCDIR/rules" \
                TIFA_CACHE_DIR= ./tifa "$@" 2>/dev/null
        }
        i=0
        for sub in seed party-congress; do
            run_tifa report -q --no-progress --partial "$dir/tmp.partial" \
                "$TIFA_SRCDIR/corpus/$sub" >/dev/null
            { printf 0; cat "$dir/tmp.partial"; } >"$dir/partial-$i"
            { printf 1; run_tifa map -q --no-progress "$TIFA_SRCDIR/corpus/$sub"; } >"$dir/map-$i"
            i=$((i + 1))
        done
        rm -f "$dir/tmp.partial" ;;
    *)
        # Slices of real documents: the bundled corpus, and a few of each
        # shared corpus where it is at hand, in UTF-8 and in GB18030.
        i=0
        for f in "$TIFA_SRCDIR"/corpus/*/*.txt $(ls "${TIFA_SHARED:-/nonexistent}"/corpora/*/*.txt 2>/dev/null | awk 'NR % 400 == 0'); do
            head -c 4096 "$f" >"$dir/utf8-$i"
            head -c 4096 "$f" | iconv -c -f UTF-8 -t GB18030 >"$dir/gb-$i" 2>/dev/null
            i=$((i + 1))
        done
        # Big5: the traditional-character passage of the tests.
        for f in "$TIFA_SRCDIR"/tests/data/traditional/*.txt; do
            iconv -c -f UTF-8 -t BIG5 "$f" >"$dir/big5-$i" 2>/dev/null
            i=$((i + 1))
        done ;;
    esac
}
printf '%-10s %12s %10s %8s\n' harness executions "exec/s" crashes
for name in "$@"; do
    seeds "$name"
    mkdir -p "fuzz-crashes/$name"
    log=fuzz-crashes/$name.log
    TIFA_CACHE_DIR= ./fuzz/fuzz-$name.bin -max_total_time="$seconds" -max_len=16384 -timeout=10 \
        -rss_limit_mb=2048 -artifact_prefix="fuzz-crashes/$name/" "fuzz-corpus/$name" >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -n 1)
    [ -n "$execs" ] || execs=$(grep -o '#[0-9]*' "$log" | tail -n 1 | tr -d '#')
    crashes=$(ls "fuzz-crashes/$name" | wc -l)
    printf '%-10s %12s %10s %8s\n' "$name" "${execs:-?}" \
        "$(awk -v e="${execs:-0}" -v s="$seconds" 'BEGIN { printf "%.0f", e / s }')" "$crashes"
    if [ "$rc" -ne 0 ] || [ "$crashes" -gt 0 ]; then
        status=1
        echo "  see $log and fuzz-crashes/$name/"
    fi
done
exit $status
