#!/bin/sh
# Dates read from the text, on real files of ../shared/corpora copied under
# names without a date and without their manifest, so that the text is all
# tifa has.  Each document's date (from --partial) is compared with the one
# its manifest gives: right, another date, or none.  A wrong date silently
# moves a document into another period, so the counts below are those
# measured when the text fallback was limited to the head's datelines
# (before, on the same copies: 政府工作报告 44 right, 0 wrong, 10 none;
# 新闻联播 2015 4, 34, 327; xi-2020 9, 29, 20).
. "$TIFA_SRCDIR/tests/lib.sh"
need_shared gov-work-report
need_shared xi-2020
need_shared xwlb
corpora="${TIFA_SHARED}/corpora"

# hashed NAME FILTER: copy the files of corpus NAME whose manifest date starts
# with FILTER to $scratch/NAME, named by a hash of their text; writes
# $scratch/NAME.truth: copy name, manifest date.
hashed() {
    mkdir "$scratch/$1"
    awk -F'\t' -v f="$2" 'NR > 1 && index($2, f) == 1 { print $1 "\t" $2 }' \
        "$corpora/$1/manifest.tsv" |
        while IFS='	' read -r file date; do
            h=$(md5sum <"$corpora/$1/$file" | cut -c1-12).txt
            cp "$corpora/$1/$file" "$scratch/$1/$h"
            printf '%s\t%s\n' "$h" "$date"
        done | sort >"$scratch/$1.truth"
}

# dated NAME: "copy name, manifest date, date tifa gives (or empty)" per file.
dated() {
    "$TIFA" report -q --no-progress -p bundle --partial "$scratch/$1.partial" "$scratch/$1" \
        >/dev/null 2>&1
    awk -F'\t' '$1 == "doc" { n = split($2, p, "/"); print p[n] "\t" $3 }' "$scratch/$1.partial" |
        sort | join -t '	' "$scratch/$1.truth" - >"$scratch/$1.dated"
}

# tally NAME: "right R wrong W none N".
tally() {
    awk -F'\t' '$3 == "" { n++; next } $3 == $2 { r++; next } { w++ }
        END { printf "right %d wrong %d none %d", r, w, n }' "$scratch/$1.dated"
}

# 政府工作报告 1954-2024: every report whose head has its dateline
# ("——2024年3月5日在第十四届全国人民代表大会第二次会议上") keeps its date.  The 10
# without one: 9 whose text gives none (the manifest's note says so), and 1998,
# whose head spaces its digits ("——1 9 9 8 年3 月5 日在…").
hashed gov-work-report ""
dated gov-work-report
check_eq "政府工作报告 under hashed names: dated from the head's dateline" \
    "right 44 wrong 0 none 10" "$(tally gov-work-report)"

# 新闻联播 2015: the one date left is the 主席令 of 2015-12-27 ("…会议于2015年
# 12月27日通过，现予公布"); the 34 wrong dates before were dates the news told
# of ("1942年5月25日，在抗击日寇…" for 2015-04-05).
hashed xwlb 2015-
dated xwlb
check_eq "新闻联播 2015 under hashed names: no wrong date" \
    "right 1 wrong 0 none 364" "$(tally xwlb)"
check_eq "新闻联播 2015-04-05 (1942年5月25日 at byte 1228) is undated" "2015-04-05|" \
    "$(awk -F'\t' '$2 == "2015-04-05" { print $2 "|" $3 }' "$scratch/xwlb.dated")"

# xi-2020: the manifest dates are People's Daily's publication; 19 speeches
# state their own date in a bracket after the title ("…上的讲话（2020年11月10日，
# 北京）"): 6 are the publication day, 13 earlier (published the next day, or
# weeks or years later: 2018-02-12 on 2020-04-30).  None is later than its publication.
hashed xi-2020 ""
dated xi-2020
check_eq "xi-2020 under hashed names" "right 6 wrong 13 none 39" "$(tally xi-2020)"
check_eq "xi-2020: each date read is a speech's, before its publication" 13 \
    "$(awk -F'\t' '$3 != "" && $3 < $2' "$scratch/xi-2020.dated" | wc -l | tr -d ' ')"
check_eq "xi-2020: the speech of 2018-02-12 published on 2020-04-30" "2020-04-30	2018-02-12" \
    "$(awk -F'\t' '$3 == "2018-02-12" { print $2 "\t" $3 }' "$scratch/xi-2020.dated")"

done_testing
