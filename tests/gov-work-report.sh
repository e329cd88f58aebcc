#!/bin/sh
# The formulations pack against grep, on 70 years of government work
# reports (../shared/corpora/gov-work-report, or the same files in the
# bundled corpus where ../shared is absent).
#
# For every rule written with literals only, tifa's count of its key must
# equal grep's count of its spellings (grep -o -F, every spelling at once,
# over the same files with full-width digits and commas made half-width as
# tifa's normalisation does).  First-seen years must be right.
. "$TIFA_SRCDIR/tests/lib.sh"
corpus="${TIFA_SHARED:-}/corpora/gov-work-report"
[ -d "$corpus" ] || corpus="$TIFA_SRCDIR/corpus/gov-work-report"
echo "# corpus: $corpus"

# An independent normalisation of the files for grep: the spellings of the
# pack only involve digits and commas among the characters tifa rewrites.
mkdir "$scratch/norm"
for f in "$corpus"/*.txt; do
    sed 'y/０１２３４５６７８９，/0123456789,/' "$f" >"$scratch/norm/$(basename "$f")"
done

"$TIFA" report -p formulations --format tsv "$corpus" >"$scratch/report.tsv"
check_eq "report over the corpus: exit 0" 0 $?

# Records of the pack: "key<TAB>spelling<TAB>spelling…" for literal-only rules.
awk '
    function flush() {
        if (key != "" && lits != "" && !pattern && category != "candidate") print key lits
        key = ""; lits = ""; pattern = 0; category = ""
    }
    /^[ \t]*#/ { next }
    /^[ \t]*$/ { flush(); next }
    /^key: /      { key = substr($0, 6) }
    /^literal: /  { lits = lits "\t" substr($0, 10) }
    /^pattern: /  { pattern = 1 }
    /^category: / { category = substr($0, 11) }
    END { flush() }
' "$TIFA_SRCDIR/rules/formulations.rules" >"$scratch/literal-rules.tsv"
n_rules=$(wc -l <"$scratch/literal-rules.tsv")
[ "$n_rules" -ge 60 ] && ok "the pack has $n_rules literal rules (at least 60)" ||
    not_ok "the pack has only $n_rules literal rules"

mismatches=0
while IFS= read -r line; do
    key=${line%%	*}
    spellings=${line#*	}
    set --
    old_ifs=$IFS
    IFS='	'
    for s in $spellings; do set -- "$@" -e "$s"; done
    IFS=$old_ifs
    want=$(cat "$scratch"/norm/*.txt | grep -o -F "$@" | wc -l)
    got=$(awk -F'\t' -v k="$key" '$2 == "known" && $3 == k { print $4 }' "$scratch/report.tsv")
    if [ "${got:-0}" -ne "$want" ]; then
        mismatches=$((mismatches + 1))
        not_ok "$key: tifa counts ${got:-0}, grep counts $want"
    fi
done <"$scratch/literal-rules.tsv"
[ "$mismatches" -eq 0 ] && ok "all $n_rules literal keys count as grep counts their spellings"

# First appearances, as the reports show them.
first() {
    awk -F'\t' -v k="$1" '$3 == k { print substr($8, 1, 4) }' "$scratch/report.tsv"
}
check_eq "四个意识 first in 2017" 2017 "$(first 四个意识)"
check_eq "两个确立 first in 2022" 2022 "$(first 两个确立)"
check_eq "四个自信 first in 2018 (grep -l)" 2018 "$(first 四个自信)"
check_eq "三个代表 first in 2001" 2001 "$(first 三个代表)"
check_eq "grep agrees on 四个意识 (first file)" "2017-03-05_gov-work-report.txt" \
    "$(grep -l 四个意识 "$corpus"/*.txt | head -n 1 | xargs basename)"

# No rule's `first:` year is later than the corpus shows the formulation.
"$TIFA" rules list -p formulations --format tsv >"$scratch/rules.tsv"
late=$(awk -F'\t' '
    NR == FNR { if (FNR > 1 && $5 != "") first[$4] = $5; next }
    $2 == "known" && ($3 in first) && substr($8, 1, 4) < first[$3] { print $3 ": first " first[$3] ", seen " $8 }
' "$scratch/rules.tsv" "$scratch/report.tsv")
check_eq "no formulation is seen before its first: year" "" "$late"

# --period: only the reports dated in it count (1984..1986: three of them);
# the rest are left out, and a note says how many.
spellings="-e 一国两制 -e 一个国家、两种制度 -e 一个国家,两种制度 -e 一个国家两种制度"
"$TIFA" report -p formulations --period 1984..1986 --format tsv "$corpus" \
    >"$scratch/period.tsv" 2>"$scratch/period.err"
check_eq "--period 1984..1986: 一国两制 as grep counts it in the three reports" \
    "$(cat "$scratch"/norm/198[4-6]-*.txt | grep -o -F $spellings | wc -l | tr -d ' ')" \
    "$(awk -F'\t' '$3 == "一国两制" { print $4 }' "$scratch/period.tsv")"
n_reports=$(ls "$corpus"/*.txt | wc -l)
check_eq "--period: the note counts the reports left out" \
    "tifa: note: $((n_reports - 3)) documents outside --period 1984-01-01..1986-12-31 were left out (0 of them undated)" \
    "$(cat "$scratch/period.err")"
for y in 1984 1985 1986; do
    check_eq "--period: trend of 一国两制 in $y as grep counts it" \
        "$(sed 'y/，/,/' "$corpus"/$y-*.txt | grep -o -F $spellings | wc -l | tr -d ' ')" \
        "$("$TIFA" trend -q --by year --key 一国两制 --period 1984..1986 --format tsv "$corpus" |
           awk -F'\t' -v y=$y '$1 == y { print $3 }')"
done
# The same from a partial of the whole corpus, merged with --period.
"$TIFA" report -q -p formulations --partial "$scratch/all.partial" "$corpus" >/dev/null
check_eq "merge --period gives the report --period gave" "" \
    "$("$TIFA" merge --period 1984..1986 --format tsv "$scratch/all.partial" 2>/dev/null |
       cmp - "$scratch/period.tsv" 2>&1)"

# The bundle plugin gives a paragraph's four formulations in one sentence
# as a paragraph and a sentence result: trend follows one category and
# says so, never their sum (2022 has 两个确立 once, so the canonical
# bundle at most once; before, 2 mentions in 2 "documents" of 1).
"$TIFA" trend --by year --key "4/4 canonical" --format tsv "$corpus" \
    >"$scratch/bundle-trend.tsv" 2>"$scratch/bundle-trend.err"
check_eq "trend of a bundle key in 2022: one mention, one document, share 1" "1 1 1" \
    "$(awk -F'\t' '$1 == "2022" { print $3, $4, $6 }' "$scratch/bundle-trend.tsv")"
check_eq "grep: 两个确立 once in the 2022 report" 1 \
    "$(grep -o 两个确立 "$corpus"/2022-*.txt | wc -l | tr -d ' ')"
check_contains "trend notes the category it follows" \
    "comes in more than one category: the trend follows paragraph" \
    "$(cat "$scratch/bundle-trend.err")"

# officials --format json gives each title the documents it was seen in:
# 毛泽东 is 主席 (毛主席, 毛泽东主席) in 9 of the 12 reports that name him, from
# 1954 to 1996; the reports of 1960, 1979 and 1981 name him 毛泽东同志 only,
# with no title (`tifa matches -p officials`).  He died on 1976-09-09 (the
# pack's retired rule): in the 3 reports after, from 1978, the title is a
# former one (1978: "毛主席、党中央就决定…", his past decisions retold).
check_contains "officials json: 毛泽东 主席 in 6 documents to 1975, 原主席 in 3 from 1978" \
    '{"name": "毛泽东", "mentions": 170, "documents": 12, "first": "1954-05-23", "last": "1996-03-05", "titles": [{"title": "主席", "first": "1954-05-23", "last": "1975-01-13", "documents": 6}, {"title": "原主席", "first": "1978-02-26", "last": "1996-03-05", "documents": 3}]' \
    "$("$TIFA" officials --format json "$corpus")"

# officials --name follows one person bin by bin: 周恩来 in the reports,
# year by year.  1964: 周总理 71 times, 周恩来总理 7 and 国务院总理周恩来
# once (grep -o); 1979 and 1981 name him 周恩来同志 only, with no title.
# In 1978, two years after his death (1976-01-08), 周总理 is a past 总理.
check_eq "officials --name 周恩来 --by year" "name	bin	mentions	documents	bin_documents	titles
周恩来	1954	1	1	1	国务院总理
周恩来	1957	1	1	1	国务院总理
周恩来	1959	2	1	1	国务院总理
周恩来	1964	79	1	1	国务院总理、总理
周恩来	1975	1	1	1	国务院总理
周恩来	1978	12	1	1	原总理
周恩来	1979	5	1	1	
周恩来	1981	1	1	1	" \
    "$("$TIFA" officials --name 周恩来 --by year --format tsv "$corpus" 2>"$scratch/name.err")"
check_eq "officials --name: no note for a name found" "" "$(cat "$scratch/name.err")"
check_eq "officials --name 周恩来 --name 毛泽东: both, most mentioned first" "毛泽东
周恩来" \
    "$("$TIFA" officials --name 周恩来 --name 毛泽东 --format tsv "$corpus" | cut -f1 | tail -n +2)"
"$TIFA" officials --name 周恩莱 --format tsv "$corpus" >"$scratch/misspelt.tsv" 2>"$scratch/misspelt.err"
check_eq "officials --name, a misspelt name: exit 0" 0 $?
check_eq "officials --name, a misspelt name: the header only" "name	mentions	documents	first	last	titles	with" \
    "$(cat "$scratch/misspelt.tsv")"
check_contains "officials --name, a misspelt name: a note says so" \
    "nobody named '周恩莱' with a title in these documents" "$(cat "$scratch/misspelt.err")"


# 改革开放 and its earlier spelling 改革、开放 (1985-1987) under one key: the
# count is grep's of both, and the first appearance 1985, not 1988.
want=$(( $(cat "$corpus"/*.txt | grep -o '改革开放' | wc -l) + $(cat "$corpus"/*.txt | grep -o '改革、开放' | wc -l) ))
check_eq "改革开放 with 改革、开放: $want mentions, first 1985-03-27" "$want	1985-03-27" \
    "$("$TIFA" report -p phrases -f tsv -n 0 "$corpus" | awk -F'\t' '$3 == "改革开放" { print $4 "\t" $8 }')"

done_testing
