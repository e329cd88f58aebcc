#!/bin/sh
# Comparing over time: trend, diff, discover and the SQLite database,
# against counts taken with grep from the texts themselves.
#
# The bundled corpus (the congress reports, the government work reports)
# is always here; the 新闻联播 corpus is read from ../shared where present
# and its part is skipped, saying so, where it is absent.
. "$TIFA_SRCDIR/tests/lib.sh"

congress="$TIFA_SRCDIR/corpus/party-congress"
r19="$congress/2017-10-18_19th-congress-report.txt"
r20="$congress/2022-10-16_20th-congress-report.txt"
gwr="$TIFA_SRCDIR/corpus/gov-work-report"

# grep_count STRING FILE…: occurrences of a literal string.
grep_count() {
    s=$1
    shift
    cat "$@" | grep -o -F -e "$s" | wc -l | tr -d ' '
}

# Non-space characters, the denominator of every rate: ASCII white space
# and U+3000 (which normalisation makes a space) are not counted.
chars_of() {
    sed 's/　//g' "$@" | tr -d ' \n\r\t\v\f' | wc -m | tr -d ' '
}

# --- diff: the 19th against the 20th congress report --------------------------

"$TIFA" diff -p formulations --format tsv "$r19" "$r20" >"$scratch/diff.tsv"
check_eq "diff of the congress reports: exit 0" 0 $?
check_eq "diff columns" \
    "plugin	category	key	count_a	count_b	rate_a	rate_b	status	g2	p	log_ratio" \
    "$(head -1 "$scratch/diff.tsv")"

# Formulations in one report only, each counted by grep in both texts.
for expect in 两个一百年:dropped 两学一做:dropped 三严三实:dropped 四种形态:dropped \
    两个大局:dropped 十个明确:added 两大奇迹:added 三个区分开来:added 十四个坚持:added; do
    key=${expect%%:*}
    status=${expect#*:}
    a=$(grep_count "$key" "$r19")
    b=$(grep_count "$key" "$r20")
    row=$(awk -F'\t' -v k="$key" '$3 == k { print $4, $5, $8 }' "$scratch/diff.tsv")
    check_eq "diff: $key $status (grep: $a in the 19th, $b in the 20th)" "$a $b $status" "$row"
done

# Keys on one side only come first: no added/dropped row after a changed one.
late=$(awk -F'\t' 'NR > 1 { if ($8 == "added" || $8 == "dropped") { if (seen) bad = 1 } else seen = 1 }
                   END { print bad + 0 }' "$scratch/diff.tsv")
check_eq "diff: keys on one side only are listed first" 0 "$late"

# Sides that share documents are said to (G² and p assume two samples): the
# reports of 2020 and 2021 are in 2019..2021 and in 2020..2022; a file
# against its own directory shares that file.
"$TIFA" diff -p formulations --format tsv --period 2019..2021 --vs 2020..2022 \
    "$TIFA_SRCDIR/corpus/gov-work-report" >/dev/null 2>"$scratch/overlap.err"
check_contains "diff of overlapping periods: a note" \
    "tifa: note: 2 documents are counted on both sides: the sides overlap" "$(cat "$scratch/overlap.err")"
"$TIFA" diff -p formulations --format tsv "$(dirname "$r20")" "$r20" >/dev/null 2>"$scratch/overlap.err"
check_contains "diff of a file and its directory: a note" \
    "tifa: note: 1 document is counted on both sides" "$(cat "$scratch/overlap.err")"
"$TIFA" diff -p formulations --format tsv "$r19" "$r20" >/dev/null 2>"$scratch/overlap.err"
check_eq "diff of two reports: no such note" "" "$(grep 'both sides' "$scratch/overlap.err")"
# The records of a JSON Lines file are one document however the file is
# named (d.jsonl#1 and ./d.jsonl#1).
mkdir "$scratch/jl"
printf '{"id": "1", "text": "四个意识"}\n{"id": "2", "text": "两个确立"}\n' >"$scratch/jl/d.jsonl"
(cd "$scratch" && "$TIFA" diff -p formulations --format tsv jl ./jl/d.jsonl >/dev/null 2>overlap.err)
check_contains "diff of a directory and its JSON Lines file written another way: 2 shared" \
    "tifa: note: 2 documents are counted on both sides" "$(cat "$scratch/overlap.err")"

# Dunning's G² of 两个一百年 by hand: a = 3 in the 19th, b = 0 in the 20th;
# G² = 2 Σ O ln(O/E), E = N_side (a+b) / (Na+Nb); the b term is 0.
na=$(chars_of "$r19")
nb=$(chars_of "$r20")
check_eq "the 19th report has 32357 non-space characters" 32357 "$na"
want_g2=$(awk -v a=3 -v na="$na" -v nb="$nb" 'BEGIN { printf "%.4f", 2 * a * log(a / (a * na / (na + nb))) }')
got_g2=$(awk -F'\t' '$3 == "两个一百年" { printf "%.4f", $9 }' "$scratch/diff.tsv")
check_eq "diff: G² of 两个一百年 is 6 ln((Na+Nb)/Na) = $want_g2" "$want_g2" "$got_g2"
got_rate=$(awk -F'\t' '$3 == "两个一百年" { printf "%.4f", $6 }' "$scratch/diff.tsv")
check_eq "diff: rate of 两个一百年 in the 19th is 3 per $na characters × 10,000" \
    "$(awk -v na="$na" 'BEGIN { printf "%.4f", 30000 / na }')" "$got_rate"

# A period diff over a dated corpus: 2017 against 2022 picks the same reports.
"$TIFA" diff -p formulations --format tsv --period 2017 --vs 2022 "$congress" >"$scratch/period.tsv"
check_eq "diff --period 2017 --vs 2022 equals the diff of the two files" \
    "$(cat "$scratch/diff.tsv")" "$(cat "$scratch/period.tsv")"

check_eq "diff --period: the header gives the period and the documents' own dates" \
    "A: 1 document, 32357 characters, period 2017-01-01 to 2017-12-31, documents dated 2017-10-18 to 2017-10-18" \
    "$("$TIFA" diff -p formulations --period 2017 --vs 2022 "$congress" | head -n 1)"

out=$("$TIFA" diff --period 1990 --vs 2022 "$congress" 2>&1)
check_eq "diff of an empty period: usage error" 2 $?
check_contains "diff of an empty period says which side is empty" "A" "$out"

# --- discover: the government work reports, 2015 onwards -----------------------

"$TIFA" discover --since 2015 --format tsv "$gwr" >"$scratch/discover.tsv"
check_eq "discover: exit 0" 0 $?
head -41 "$scratch/discover.tsv" | tail -n +2 | cut -f2 >"$scratch/top40"
# Formulations a reader of the reports knows, none named by a bundled pack.
for key in 十四五 大水漫灌 证照分离 僵尸企业 揭榜挂帅 放水养鱼 厕所革命 最多跑一次; do
    in_packs=$(cat "$TIFA_SRCDIR"/rules/*.rules | grep -c -F -e "$key")
    in_text=$(grep_count "$key" "$gwr"/*.txt)
    mentions=$(awk -F'\t' -v k="$key" '$2 == k { print $3 }' "$scratch/discover.tsv")
    if grep -q -x -F -e "$key" "$scratch/top40" && [ "$in_packs" -eq 0 ] &&
        [ "${mentions:-0}" -eq "$in_text" ]; then
        ok "discover: $key among the top 40, absent from the packs, $in_text mentions as grep counts"
    else
        not_ok "discover: $key (top 40: $(grep -c -x -F -e "$key" "$scratch/top40"), in packs: $in_packs, grep: $in_text, tifa: ${mentions:-none})"
    fi
done
# A rule-pack formulation is not a candidate.
check_eq "discover: 四个全面 (in the packs) is not a candidate" "" \
    "$(awk -F'\t' '$2 == "四个全面"' "$scratch/discover.tsv")"

# With no document in the recent period nothing is emerging, and that is said.
out=$("$TIFA" discover --since 2030 --format tsv "$gwr" 2>"$scratch/discover2030.err")
check_eq "discover --since 2030: no candidate is emerging" "" \
    "$(printf '%s\n' "$out" | awk -F'\t' 'NR > 1 && $13 == "yes"')"
check_contains "discover --since 2030: the empty recent period is noted" \
    "no document is dated in the recent period" "$(cat "$scratch/discover2030.err")"
check_eq "discover: emerging rows are significant (G2 >= 3.84)" "" \
    "$(awk -F'\t' 'NR > 1 && $13 == "yes" && $12 < 3.841' "$scratch/discover.tsv")"
# In JSON, emerging is a boolean and the dates strings: 十四五 is in 4
# reports from 2020-05-22 (grep), all 16 mentions since 2015.
check_contains "discover json: emerging is true, not \"yes\"" \
    '"key": "十四五", "mentions": 16, "documents": 4, "first": "2020-05-22", "last": "2024-03-05", "recent": 16, "before": 0,' \
    "$("$TIFA" discover --since 2015 --format json "$gwr" 2>/dev/null)"
check_contains "... ending in true" '"g2": 62.61679783, "emerging": true}' \
    "$("$TIFA" discover --since 2015 --format json "$gwr" 2>/dev/null | grep '"十四五"')"

# A numbered candidate is found where it is quoted (“一刀切” in 1992, 2021,
# 2022) and counted wherever it appears: grep finds 一刀切 9 times in 8
# reports from 1981-11-30 (1981, 1993, 2004, 2007 and 2008 unquoted), 3 of
# them since 2015, so it is not emerging (G² 2.11; counting the quoted ones
# only, 3 against 1, made it so).
recent_files=$(ls "$gwr"/*.txt | awk -F/ '$NF >= "2015"')
before_files=$(ls "$gwr"/*.txt | awk -F/ '$NF < "2015"')
for key in 一刀切 三公 营改增; do
    files=$(grep -l -F -e "$key" "$gwr"/*.txt)
    want="$(grep_count "$key" "$gwr"/*.txt) $(printf '%s\n' "$files" | wc -l | tr -d ' ')"
    want="$want $(basename "$(printf '%s\n' "$files" | head -1)" | cut -c1-10)"
    want="$want $(grep_count "$key" $recent_files) $(grep_count "$key" $before_files)"
    check_eq "discover: $key counted quoted or not: mentions, documents, first, recent, before as grep finds" \
        "$want" "$(awk -F'\t' -v k="$key" '$2 == k { print $3, $4, $5, $7, $8 }' "$scratch/discover.tsv")"
done
check_eq "discover: 一刀切 is 9 mentions in 8 reports from 1981-11-30, 3 since 2015" \
    "9 8 1981-11-30 3 6" "$(awk -F'\t' '$2 == "一刀切" { print $3, $4, $5, $7, $8 }' "$scratch/discover.tsv")"
check_eq "discover: 一刀切 (3 since 2015 against 6 before) is not emerging" "2.11 no" \
    "$(awk -F'\t' '$2 == "一刀切" { printf "%.2f %s", $12, $13 }' "$scratch/discover.tsv")"
check_eq "discover: 三公 is first in 2012 (“三公经费”), 10 mentions as grep counts" "10 2012-03-05" \
    "$(awk -F'\t' '$2 == "三公" { print $3, $5 }' "$scratch/discover.tsv")"

# --format rules is a valid pack that finds what discover found.
"$TIFA" discover --since 2015 --format rules -o "$scratch/new.rules" "$gwr"
check_eq "discover --format rules: exit 0" 0 $?
"$TIFA" rules check "$scratch/new.rules" >/dev/null 2>"$scratch/check.err"
check_eq "the discovered pack passes rules check" 0 $?
"$TIFA" report -p discovered --rules "$scratch/new.rules" --format tsv "$gwr" >"$scratch/new.tsv" 2>/dev/null
check_eq "the discovered pack counts 大水漫灌 as grep does" \
    "$(grep_count 大水漫灌 "$gwr"/*.txt)" \
    "$(awk -F'\t' '$3 == "大水漫灌" { print $4 }' "$scratch/new.tsv")"
# The pack has the emerging candidates only (it had all 104, 四人帮 with
# first: 1978 among them); --all writes every one.
check_eq "the discovered pack has a rule for each emerging candidate, no other" \
    "$(awk -F'\t' 'NR > 1 && $13 == "yes" { print $2 }' "$scratch/discover.tsv" | sort)" \
    "$(sed -n 's/^key: //p' "$scratch/new.rules" | sort)"
check_eq "the discovered pack leaves 四人帮 out (not emerging)" "" "$(grep -x 'key: 四人帮' "$scratch/new.rules")"
"$TIFA" discover --since 2015 --format rules --all -o "$scratch/all.rules" "$gwr"
check_eq "discover --format rules --all: exit 0" 0 $?
check_eq "--all: a rule for every candidate" \
    "$(awk -F'\t' 'NR > 1 { print $2 }' "$scratch/discover.tsv" | sort)" \
    "$(sed -n 's/^key: //p' "$scratch/all.rules" | sort)"
"$TIFA" report -p discovered --rules "$scratch/all.rules" --format tsv "$gwr" >"$scratch/all.tsv" 2>/dev/null
# The pack and discover agree on every candidate: mentions, documents, first
# and last date (they were 4 mentions from 1992 in discover and 9 from 1981 in
# report for 一刀切, whose rule said first: 1992).
check_eq "the discovered pack counts every candidate as discover does" \
    "$(awk -F'\t' 'NR > 1 { print $2, $3, $4, $5, $6 }' "$scratch/discover.tsv" | sort)" \
    "$(awk -F'\t' 'NR > 1 { print $3, $4, $5, $8, $9 }' "$scratch/all.tsv" | sort)"
check_eq "the rule of 一刀切 says first: 1981, as grep finds" "first: 1981" \
    "$(awk '/^id: 一刀切$/ { on = 1 } on && /^first:/ { print; exit }' "$scratch/all.rules")"
# A numbered key keeps off numerals: 九五 (the Ninth Five-Year Plan) is not
# counted inside 一九五四年; the pack counts it as discover did.
check_eq "the discovered pack counts 九五 as discover does, not inside year numbers" \
    "$(awk -F'\t' '$2 == "九五" { print $3 }' "$scratch/discover.tsv")" \
    "$(awk -F'\t' '$3 == "九五" { print $4 }' "$scratch/all.tsv")"

# The recent period by default is the last 12 months of the data: over the
# reports, which end on 2024-03-05, from 2023-03-06 (the 2024 report alone; no
# report in 2023); the header names the documents of both periods.
"$TIFA" discover "$gwr" >"$scratch/discover-default.txt"
check_eq "discover: the default recent period is the last 12 months, dated as ls finds" \
    "Recent period: $(ls "$gwr"/*.txt | awk -F/ '$NF >= "2023-03-06"' | wc -l | tr -d ' ') document dated 2024-03-05 (the last 12 months of the data, from 2023-03-06).
Before it: $(ls "$gwr"/*.txt | awk -F/ '$NF < "2023-03-06"' | wc -l | tr -d ' ') documents dated 1954-05-23 to 2022-03-05." \
    "$(sed -n 2,3p "$scratch/discover-default.txt")"

# --- SQLite ------------------------------------------------------------------

if command -v sqlite3 >/dev/null 2>&1; then
    "$TIFA" report --db "$scratch/gwr.sqlite" --format tsv "$gwr" >"$scratch/report.tsv"
    check_eq "report --db: exit 0" 0 $?
    docs=$(ls "$gwr"/*.txt | wc -l | tr -d ' ')
    check_eq "sqlite: one row per document" "$docs" \
        "$(sqlite3 "$scratch/gwr.sqlite" 'SELECT COUNT(*) FROM documents')"
    want=$(awk -F'\t' '$3 == "三个代表" { print $4 }' "$scratch/report.tsv")
    check_eq "sqlite: 三个代表 matches equal the report ($want)" "$want" \
        "$(sqlite3 "$scratch/gwr.sqlite" "SELECT COUNT(*) FROM matches WHERE key = '三个代表'")"
    check_eq "sqlite: the report view agrees" "$want" \
        "$(sqlite3 "$scratch/gwr.sqlite" "SELECT mentions FROM report WHERE key = '三个代表'")"
    # Offsets are byte offsets into the file: the bytes there are the match.
    sqlite3 -separator '	' "$scratch/gwr.sqlite" \
        "SELECT d.path, m.start, m.end - m.start FROM matches m JOIN documents d ON d.id = m.document
         WHERE m.key = '三个代表' ORDER BY d.date, m.start LIMIT 1" >"$scratch/first"
    IFS='	' read -r path start len <"$scratch/first"
    check_eq "sqlite: the first 三个代表 offset points at 三个代表 in $(basename "$path")" 三个代表 \
        "$(tail -c +$((start + 1)) "$path" | head -c "$len")"
    check_eq "sqlite: per-year view, 2001 mentions of 三个代表 as grep counts" \
        "$(grep_count 三个代表 "$gwr"/2001-*.txt)" \
        "$(sqlite3 "$scratch/gwr.sqlite" "SELECT mentions FROM trend_year WHERE bin = '2001' AND key = '三个代表'")"

    # An interrupted or failed run leaves the previous database as it was.
    before=$(cksum <"$scratch/gwr.sqlite")
    "$TIFA" report --db "$scratch/gwr.sqlite" --rules /nonexistent.rules "$gwr" >/dev/null 2>&1
    check_eq "a failed run leaves the previous database intact" "$before" "$(cksum <"$scratch/gwr.sqlite")"
else
    ok "# SKIP sqlite3 command-line tool not installed (quickstart installs it)"
fi

# --- trend on 新闻联播 -----------------------------------------------------------

xwlb="${TIFA_SHARED:-}/corpora/xwlb"
if [ -d "$xwlb" ]; then
    "$TIFA" trend -p formulations --by year --key 四个意识 --key 两个确立 --format tsv "$xwlb" \
        >"$scratch/year.tsv" 2>"$scratch/year.err"
    check_eq "trend --by year over 新闻联播: exit 0" 0 $?
    # The corpus runs from 2012-07-02 to 2026-06-11 (its manifest): the
    # first and last years are only partly covered, and a note says so.
    check_contains "the first year covered in part is noted" \
        "the first bin, 2012, holds documents from 2012-07-02 on only" "$(cat "$scratch/year.err")"
    check_contains "the last year covered in part is noted" \
        "the last bin, 2026, holds documents up to 2026-06-11 only" "$(cat "$scratch/year.err")"
    check_eq "trend columns" "bin	key	mentions	documents	bin_documents	share	per10k	bin_chars" \
        "$(head -1 "$scratch/year.tsv")"
    # The corpora README's figures.
    for pair in 2016:30 2018:156 2022:105; do
        y=${pair%%:*}
        check_eq "四个意识 in $y: ${pair#*:} mentions" "${pair#*:}" \
            "$(awk -F'\t' -v y="$y" '$1 == y && $2 == "四个意识" { print $3 }' "$scratch/year.tsv")"
    done
    # Every other year against grep, and the document counts.
    bad=0
    for y in $(awk -F'\t' 'NR > 1 && $2 == "四个意识" { print $1 }' "$scratch/year.tsv"); do
        want=$(grep_count 四个意识 "$xwlb"/"$y"-*.txt)
        wdocs=$(grep -l -F 四个意识 "$xwlb"/"$y"-*.txt | wc -l | tr -d ' ')
        wbin=$(ls "$xwlb"/"$y"-*.txt | wc -l | tr -d ' ')
        got=$(awk -F'\t' -v y="$y" '$1 == y && $2 == "四个意识" { print $3, $4, $5 }' "$scratch/year.tsv")
        if [ "$got" != "$want $wdocs $wbin" ]; then
            bad=$((bad + 1))
            not_ok "四个意识 in $y: tifa $got, grep $want $wdocs $wbin"
        fi
    done
    [ "$bad" -eq 0 ] && ok "四个意识 every year: mentions, documents and documents in the bin as grep counts"

    "$TIFA" trend -p formulations --by month --key 两个确立 --format tsv "$xwlb" >"$scratch/month.tsv"
    first=$(awk -F'\t' 'NR > 1 && $3 > 0 { print $1; exit }' "$scratch/month.tsv")
    check_eq "两个确立: the first month is 2021-11" 2021-11 "$first"
    check_eq "两个确立 in 2021-10: none, as grep finds" "$(grep_count 两个确立 "$xwlb"/2021-10-*.txt)" \
        "$(awk -F'\t' '$1 == "2021-10" { print $3 }' "$scratch/month.tsv")"
    check_eq "两个确立 in 2021-11, as grep counts" "$(grep_count 两个确立 "$xwlb"/2021-11-*.txt)" \
        "$(awk -F'\t' '$1 == "2021-11" { print $3 }' "$scratch/month.tsv")"
    check_eq "两个确立 in 2022-03, as grep counts" "$(grep_count 两个确立 "$xwlb"/2022-03-*.txt)" \
        "$(awk -F'\t' '$1 == "2022-03" { print $3 }' "$scratch/month.tsv")"

    # A pack of one's own that names 四个意识 again, with its spelled-out
    # form: trend follows one plugin (formulations, the plugin before the
    # bare pack; or the first -p names), never the sum of the two.
    full=政治意识、大局意识、核心意识、看齐意识
    printf 'pack: mysi\ncategory: known\n\nid: a\nliteral: 四个意识\nkey: 四个意识\n\nid: b\nliteral: %s\nkey: 四个意识\n' \
        "$full" >"$scratch/mysi.rules"
    "$TIFA" trend --by year --key 四个意识 --rules "$scratch/mysi.rules" --format tsv "$xwlb" \
        >"$scratch/both.tsv" 2>"$scratch/both.err"
    check_eq "四个意识 in two packs: exit 0" 0 $?
    check_eq "四个意识 in two packs, 2016: formulations' count, as grep counts" \
        "$(grep_count 四个意识 "$xwlb"/2016-*.txt)" \
        "$(awk -F'\t' '$1 == "2016" { print $3 }' "$scratch/both.tsv")"
    check_contains "四个意识 in two packs: one note names both and -p" \
        "the key '四个意识' is reported by more than one plugin: the trend follows formulations" \
        "$(cat "$scratch/both.err")"
    check_contains "the note names the other pack" "not mysi (" "$(cat "$scratch/both.err")"
    check_eq "四个意识 in two packs, every year: formulations' series (-p formulations)" "" \
        "$(awk -F'\t' 'NR == 1 || $2 == "四个意识"' "$scratch/year.tsv" |
            cmp - "$scratch/both.tsv" 2>&1)"
    "$TIFA" trend --by year --key 四个意识 --rules "$scratch/mysi.rules" -p mysi -p formulations \
        --format tsv "$xwlb" >"$scratch/mysi.tsv" 2>/dev/null
    check_eq "-p mysi -p formulations follows mysi: 2016 as grep counts both spellings" \
        "$(($(grep_count 四个意识 "$xwlb"/2016-*.txt) + $(grep_count "$full" "$xwlb"/2016-*.txt)))" \
        "$(awk -F'\t' '$1 == "2016" { print $3 }' "$scratch/mysi.tsv")"

    # kwic: each place once, with the plugins that found it.
    "$TIFA" kwic --rules "$scratch/mysi.rules" --format tsv 四个意识 "$xwlb"/2016-*.txt \
        >"$scratch/kwic.tsv" 2>/dev/null
    check_eq "kwic of a key in two packs: the plugins column" \
        "doc	date	offset	left	match	right	plugins" "$(head -1 "$scratch/kwic.tsv")"
    check_eq "kwic of a key in two packs: one line per place, as grep finds both spellings" \
        "$(($(grep_count 四个意识 "$xwlb"/2016-*.txt) + $(grep_count "$full" "$xwlb"/2016-*.txt)))" \
        "$(sed 1d "$scratch/kwic.tsv" | cut -f1,3 | sort -u | wc -l | tr -d ' ')"
    check_eq "kwic: no place twice" "$(sed 1d "$scratch/kwic.tsv" | wc -l | tr -d ' ')" \
        "$(sed 1d "$scratch/kwic.tsv" | cut -f1,3 | sort -u | wc -l | tr -d ' ')"
    check_eq "kwic: the places of 四个意识 were found by both" \
        "$(grep_count 四个意识 "$xwlb"/2016-*.txt)" \
        "$(awk -F'\t' '$7 == "formulations,mysi"' "$scratch/kwic.tsv" | wc -l | tr -d ' ')"
    check_eq "kwic of a key one plugin reports: the same columns, so that outputs stack" \
        "doc	date	offset	left	match	right	plugins" \
        "$("$TIFA" kwic --format tsv 四个意识 "$xwlb"/2016-01-*.txt | head -1)"
else
    ok "# SKIP shared corpus xwlb not found at $xwlb: the 新闻联播 trend checks need it"
fi

# --- discover on 新闻联播: the recent period is never a part of a year ----------

if [ -d "$xwlb" ]; then
    # The corpus ends on 2026-06-11.  The recent period was 2026 (five months
    # against whole years: 三夏 21 mentions, G² 39.91, emerging, while 2025
    # had 27 up to 06-11); it is 2025-06-12 to 2026-06-11.
    last=$(ls "$xwlb"/*.txt | tail -1 | xargs basename | cut -c1-10)
    check_eq "the 新闻联播 corpus ends on 2026-06-11" 2026-06-11 "$last"
    recent_files=$(ls "$xwlb"/*.txt | awk -F/ '$NF >= "2025-06-12"')
    before_files=$(ls "$xwlb"/*.txt | awk -F/ '$NF < "2025-06-12"')
    "$TIFA" discover --no-progress --format tsv "$xwlb" >"$scratch/xdiscover.tsv" 2>"$scratch/xdiscover.err"
    check_eq "discover over 新闻联播: exit 0" 0 $?
    check_contains "discover over 新闻联播: the recent period is the last 12 months, as ls dates it" \
        "note: Recent period: $(printf '%s\n' $recent_files | wc -l | tr -d ' ') documents dated 2025-06-12 to 2026-06-11 (the last 12 months of the data, from 2025-06-12)." \
        "$(cat "$scratch/xdiscover.err")"
    check_contains "discover over 新闻联播: the period before, as ls dates it" \
        "note: Before it: $(printf '%s\n' $before_files | wc -l | tr -d ' ') documents dated 2012-07-02 to 2025-06-11." \
        "$(cat "$scratch/xdiscover.err")"
    check_not_contains "discover over 新闻联播: a 12-month recent period is not called short" \
        "shorter than a year" "$(cat "$scratch/xdiscover.err")"
    check_eq "discover over 新闻联播: 三夏 in the last 12 months and before, as grep counts" \
        "$(grep_count 三夏 $recent_files) $(grep_count 三夏 $before_files)" \
        "$(awk -F'\t' '$2 == "三夏" { print $7, $8 }' "$scratch/xdiscover.tsv")"
    # Asked for, a recent period of five months is said to be one.
    "$TIFA" discover --no-progress --since 2026 "$xwlb" >"$scratch/x2026.txt" 2>/dev/null
    check_eq "discover --since 2026: the header gives both periods and says the recent one is short" \
        "Recent period: $(ls "$xwlb"/2026-*.txt | wc -l | tr -d ' ') documents dated 2026-01-01 to 2026-06-11 (from 2026-01-01, --since).
Before it: $(ls "$xwlb"/*.txt | awk -F/ '$NF < "2026"' | wc -l | tr -d ' ') documents dated 2012-07-02 to 2025-12-31.
The recent period is shorter than a year and is compared with every month before it: a word of the season can rank high (without --since and --by: the last 12 months)." \
        "$(sed -n 2,4p "$scratch/x2026.txt")"
else
    ok "# SKIP shared corpus xwlb not found at $xwlb: the 新闻联播 discover checks need it"
fi

# The default monthly bins on a report a year: 1954-05 to 2024-03 is 839
# months, 54 of them with a report; a note points to --by year.
check_contains "trend by month on a report a year: a note" \
    "785 of the 839 months hold no document: --by year (or quarter) reads this corpus better" \
    "$("$TIFA" trend -p formulations -k 三个代表 "$gwr" 2>&1 >/dev/null)"

# --- diff: candidates count where quoted, and a note says so ------------------------
"$TIFA" diff -n 0 -f tsv "$gwr/2017-03-05_gov-work-report.txt" "$gwr/2024-03-05_gov-work-report.txt" \
    >"$scratch/cand.tsv" 2>"$scratch/cand.err"
n=$(awk -F'\t' '$2 == "candidate" && ($8 == "added" || $8 == "dropped")' "$scratch/cand.tsv" | wc -l)
check_contains "diff notes its added and dropped candidates ($n), counted where quoted" \
    "$n candidates are added or dropped" "$(cat "$scratch/cand.err")"
check_contains "and why they may not be gone" \
    "candidates are counted only where the text quotes them" "$(cat "$scratch/cand.err")"

# --- trend bins and gaps, on the bundled government work reports ------------------

"$TIFA" trend -p formulations --by year --key 三个代表 --format tsv "$gwr" >"$scratch/gyear.tsv" \
    2>"$scratch/gyear.err"
check_not_contains "a report a year: no bin is called covered in part" "holds documents" \
    "$(cat "$scratch/gyear.err")"
# 1965-1974 have no report: the bins are there, with no documents, not zeros.
check_eq "trend keeps the empty year 1970, with no documents" "1970 三个代表 		0" \
    "$(awk -F'\t' '$1 == "1970" { print $1, $2, $3 "\t" $4 "\t" $5 }' "$scratch/gyear.tsv")"
check_eq "三个代表 in 2001, as grep counts" "$(grep_count 三个代表 "$gwr"/2001-*.txt)" \
    "$(awk -F'\t' '$1 == "2001" { print $3 }' "$scratch/gyear.tsv")"
# bin_chars: the 2001 report's characters but spaces (sed and wc -m), the
# denominator of per10k (2 mentions: 2 x 10,000 / 15,865 = 1.260636621).
check_eq "bin_chars of 2001: its non-space characters, and per10k over them" \
    "$(LC_ALL=C.UTF-8 sed 's/[[:space:]　]//g' "$gwr"/2001-*.txt | tr -d '\n' | LC_ALL=C.UTF-8 wc -m) 1.260636621" \
    "$(awk -F'\t' '$1 == "2001" { print $8, $7 }' "$scratch/gyear.tsv")"
check_eq "--by quarter names bins 2020-Q2" "2020-Q2" \
    "$("$TIFA" trend -p formulations --by quarter --key 三个代表 --format tsv "$gwr" |
        awk -F'\t' '$1 ~ /^2020-Q/ && $5 > 0 { print $1 }')"
check_eq "--by half-month names bins 2020-05b" "2020-05b" \
    "$("$TIFA" trend -p formulations --by half-month --key 三个代表 --format tsv "$gwr" |
        awk -F'\t' '$1 ~ /^2020-05/ && $5 > 0 { print $1 }')"
check_eq "--by week names ISO weeks: 2020-05-22 is in 2020-W21" "2020-W21" \
    "$("$TIFA" trend -p formulations --by week --key 三个代表 --format tsv "$gwr" |
        awk -F'\t' '$1 ~ /^2020-W/ && $5 > 0 { print $1 }')"

done_testing
