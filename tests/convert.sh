#!/bin/sh
# --convert: a real traditional-character passage (a Hong Kong government
# article, tests/data/traditional/README.md) counted by the simplified rule
# packs, with offsets into the original text.
. "$TIFA_SRCDIR/tests/lib.sh"

hk="$TIFA_SRCDIR/tests/data/traditional/2024-07-01_news-gov-hk.txt"

# grep: 一國兩制 ten times, 港人治港 once, 愛國者治港 once.
check_eq "the passage has 一國兩制 ten times (grep)" 10 "$(grep -o 一國兩制 "$hk" | wc -l | tr -d ' ')"

"$TIFA" report -p formulations --format tsv "$hk" >"$scratch/plain.tsv" 2>"$scratch/plain.err"
check_eq "without --convert, the known 一国两制 is not counted" "" \
    "$(awk -F'\t' '$2 == "known" && $3 == "一国两制"' "$scratch/plain.tsv")"
check_eq "and a note says the document is traditional and how to read it" \
    "tifa: note: 1 document is written in traditional characters (the first: $hk), which the bundled packs do not read: --convert auto reads it as simplified" \
    "$(cat "$scratch/plain.err")"
check_eq "no such note on the simplified seed" "" \
    "$("$TIFA" report -p formulations "$TIFA_SRCDIR/corpus/seed" 2>&1 >/dev/null)"

"$TIFA" report --convert t2s --format tsv "$hk" >"$scratch/t2s.tsv"
check_eq "report --convert t2s: exit 0" 0 $?
check_eq "with --convert t2s, 一国两制 is counted 10 times" 10 \
    "$(awk -F'\t' '$2 == "known" && $3 == "一国两制" { print $4 }' "$scratch/t2s.tsv")"
check_eq "港人治港 once" 1 "$(awk -F'\t' '$3 == "港人治港" { print $4 }' "$scratch/t2s.tsv")"
check_eq "爱国者治港 once, keyed in simplified" 1 \
    "$(awk -F'\t' '$3 == "爱国者治港" { print $4 }' "$scratch/t2s.tsv")"
check_eq "officials: 李家超 行政长官 and 习近平 国家主席, as written" "习近平 習近平 国家主席
李家超 李家超 行政长官" \
    "$("$TIFA" matches --convert t2s -p officials --format tsv "$hk" |
        awk -F'\t' 'NR > 1 { print $5, $6, $9 }' | sort)"

# Every offset points into the original: the bytes there are the
# traditional spelling that was matched.
"$TIFA" matches --convert t2s --format tsv -p formulations "$hk" >"$scratch/matches.tsv"
bad=0
rows=0
while IFS='	' read -r doc date plugin category key text start end detail; do
    [ "$doc" = doc ] && continue
    rows=$((rows + 1))
    got=$(tail -c +$((start + 1)) "$hk" | head -c $((end - start)))
    if [ "$got" != "$text" ] || [ "$text" != 一國兩制 ]; then
        bad=$((bad + 1))
        echo "# at $start..$end: '$got', reported '$text'"
    fi
done <"$scratch/matches.tsv"
check_eq "matches: 10 rows" 10 "$rows"
check_eq "matches: every offset holds 一國兩制 in the original file" 0 "$bad"
first=$(awk -F'\t' 'NR == 2 { print $7 }' "$scratch/matches.tsv")
check_eq "the first 一國兩制 is at byte 12, after the title's 回歸27載 and a space (grep -b)" \
    "$(grep -o -b 一國兩制 "$hk" | head -1 | cut -d: -f1)" "$first"

# auto: the passage is traditional, so it is converted; a simplified
# document is left as it is.
"$TIFA" report --convert auto --format tsv "$hk" >"$scratch/auto.tsv"
check_eq "--convert auto converts the traditional passage as t2s does" \
    "$(cat "$scratch/t2s.tsv")" "$(cat "$scratch/auto.tsv")"
check_eq "--convert auto leaves the (simplified) seed as it is" \
    "$("$TIFA" report --format tsv "$seed")" "$("$TIFA" report --convert auto --format tsv "$seed")"

# The kwic context comes from the original text.
check_contains "kwic shows the original characters" "全面落實了「愛國者治港」原則" \
    "$("$TIFA" kwic --convert t2s 爱国者治港 "$hk" | tr -d ' ')"

out=$("$TIFA" report --convert s2t-please "$hk" 2>&1)
check_eq "an unknown conversion: usage error" 2 $?
check_contains "an unknown conversion names the choices" "unknown conversion 's2t-please': use t2s" "$out"

# kwic --convert reads its argument in simplified characters too: 一國兩制
# finds the ten places (grep above).
check_eq "kwic --convert t2s 一國兩制: the ten places" 10 \
    "$("$TIFA" kwic --convert t2s --format tsv 一國兩制 "$hk" 2>/dev/null | sed 1d | wc -l | tr -d ' ')"

done_testing
