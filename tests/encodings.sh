#!/bin/sh
# Legacy encodings of real text: Big5 (the Hong Kong government's article of
# tests/data/traditional), GBK (a government work report of the shared
# corpora), which read in the wrong one of the two give valid bytes but not
# Chinese, and an encoding tifa does not read (EUC-TW), which is refused by
# name while the rest is counted.
. "$TIFA_SRCDIR/tests/lib.sh"

hk="$TIFA_SRCDIR/tests/data/traditional/2024-07-01_news-gov-hk.txt"
mkdir "$scratch/big5"
iconv -f UTF-8 -t BIG5 "$hk" >"$scratch/big5/2024-07-01_news-gov-hk.txt"
b5="$scratch/big5/2024-07-01_news-gov-hk.txt"

# ---- Big5 ----
check_eq "the Big5 copy is valid GB18030 too (the two must be told apart)" 0 \
    "$(iconv -f GB18030 -t UTF-8 "$b5" >/dev/null 2>&1; echo $?)"
check_eq "grep: 一國兩制 ten times in the UTF-8 original" 10 \
    "$(grep -o 一國兩制 "$hk" | wc -l | tr -d ' ')"
"$TIFA" report --convert auto --format tsv "$b5" >"$scratch/b5.tsv" 2>"$scratch/b5.err"
check_eq "Big5: exit 0" 0 $?
check_eq "Big5: no warning" "" "$(cat "$scratch/b5.err")"
check_eq "Big5, --convert auto: 一国两制 counted 10 times" 10 \
    "$(awk -F'\t' '$2 == "known" && $3 == "一国两制" { print $4 }' "$scratch/b5.tsv")"
check_eq "Big5: the report of the UTF-8 original, line for line" \
    "$("$TIFA" report --convert auto --format tsv "$hk")" "$(cat "$scratch/b5.tsv")"
# Offsets are into the decoded text: those of the UTF-8 original.
check_eq "Big5: matches at the offsets of the UTF-8 original, with its text" \
    "$("$TIFA" matches --convert t2s --format tsv "$hk" | cut -f3-)" \
    "$("$TIFA" matches --convert t2s --format tsv "$b5" | cut -f3-)"
check_contains "Big5: kwic shows the characters as written" "全面落實了「愛國者治港」原則" \
    "$("$TIFA" kwic --convert t2s 爱国者治港 "$b5" | tr -d ' ')"
"$TIFA" report -q --db "$scratch/b5.sqlite" "$b5" >/dev/null
if command -v sqlite3 >/dev/null; then
    check_eq "Big5: --db records the encoding as big5" big5 \
        "$(sqlite3 "$scratch/b5.sqlite" 'SELECT encoding FROM documents')"
else
    ok "# SKIP sqlite3 not installed: the --db encoding is not checked"
fi

# ---- an encoding tifa does not read: one warning, the rest counted ----
iconv -f UTF-8 -t EUC-TW "$hk" >"$scratch/big5/euc-tw.txt"
"$TIFA" report --convert auto --format tsv "$scratch/big5" >"$scratch/tw.tsv" 2>"$scratch/tw.err"
check_eq "EUC-TW beside the Big5 file: exit 1" 1 $?
check_eq "EUC-TW: one warning, naming the file and why" \
    "tifa: warning: $scratch/big5/euc-tw.txt is not UTF-8 nor Big5, and is not Chinese text read as GB18030 (common Chinese characters: 6%, where Chinese text has over 40%): its encoding is not one tifa reads; skipped" \
    "$(cat "$scratch/tw.err")"
check_eq "EUC-TW: the Big5 file is still counted, alone" \
    "$(sed 1d "$scratch/b5.tsv")" "$(sed 1d "$scratch/tw.tsv")"

# ---- GBK: a government work report (shared corpora) ----
report="${TIFA_SHARED:-}/corpora/gov-work-report/2018-03-05_gov-work-report.txt"
if [ -f "$report" ]; then
    mkdir "$scratch/gbk"
    gbk="$scratch/gbk/2018-03-05_gov-work-report.txt"
    iconv -f UTF-8 -t GBK "$report" >"$gbk"
    check_eq "the GBK report is valid Big5 too, for glibc (the two must be told apart)" 0 \
        "$(iconv -f BIG5 -t UTF-8 "$gbk" >/dev/null 2>&1; echo $?)"
    check_eq "grep: 一带一路 five times in the UTF-8 report" 5 \
        "$(grep -o 一带一路 "$report" | wc -l | tr -d ' ')"
    "$TIFA" report --format tsv "$gbk" >"$scratch/gbk.tsv" 2>"$scratch/gbk.err"
    check_eq "GBK: exit 0, no warning" "0 " "$? $(cat "$scratch/gbk.err")"
    check_eq "GBK: 一带一路 counted 5 times" 5 \
        "$(awk -F'\t' '$2 == "known" && $3 == "一带一路" { print $4 }' "$scratch/gbk.tsv")"
    check_eq "GBK: the report of the UTF-8 original, line for line" \
        "$("$TIFA" report --format tsv "$report")" "$(cat "$scratch/gbk.tsv")"
    if command -v sqlite3 >/dev/null; then
        "$TIFA" report -q --db "$scratch/gbk.sqlite" "$gbk" >/dev/null
        check_eq "GBK: --db records the encoding as gb18030" gb18030 \
            "$(sqlite3 "$scratch/gbk.sqlite" 'SELECT encoding FROM documents')"
    fi
else
    ok "# SKIP shared corpus gov-work-report not found: the GBK report is not checked"
fi

done_testing
