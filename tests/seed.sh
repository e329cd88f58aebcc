#!/bin/sh
# End to end on the seed document (corpus/seed/000_92a84c723940ec2d.txt, a
# provincial department's news item of 2023-06-02).  Every expected value
# below was read off the text (and checked with grep -o / grep -ob), not
# taken from tifa's output.
. "$TIFA_SRCDIR/tests/lib.sh"

"$TIFA" report --format tsv "$seed" >"$scratch/report.tsv"
check_eq "report: exit 0" 0 $?
check_eq "report: tsv header" "plugin	category	key	mentions	documents	share	per10k	first	last	labels" \
    "$(head -n 1 "$scratch/report.tsv")"

# Sort expected lines the way the actual ones are sorted (bytes).
sorted() {
    printf '%s\n' "$1" | LC_ALL=C sort
}

rows() {
    awk -F'\t' -v p="$1" '$1 == p { print $2 " " $3 " " $4 }' "$scratch/report.tsv" | LC_ALL=C sort
}

# Numbered formulations: the loyalty bundle, the province's own (五大安全,
# 两山) and two that no rule names (四个体系, 两打) as candidates.
expected=$(sorted "candidate 四个体系 1
candidate 两打 2
known 两个确立 2
known 两个维护 2
known 两山 1
known 五个深刻把握 1
known 五大安全 1
known 四个意识 1
known 四个自信 1")
check_eq "formulations of the seed" "$expected" "$(rows formulations)"

# Slogans: 习近平生态文明思想 ×4, 习近平新时代中国特色社会主义思想 ×3 (and the
# shorter slogans inside it, ×3 each), 中国式现代化 and 高质量发展 once; the
# quoted phrases 时时放心不下, 事事抓在手上, 工作落实年 as candidates.
expected=$(sorted "candidate 事事抓在手上 1
candidate 工作落实年 1
candidate 时时放心不下 1
slogan 中国式现代化 1
slogan 中国特色社会主义 3
slogan 习近平新时代中国特色社会主义思想 3
slogan 习近平生态文明思想 4
slogan 新时代中国特色社会主义 3
slogan 高质量发展 1")
check_eq "slogans of the seed" "$expected" "$(rows phrases)"

# Officials: nine names and no other.  习近平 ×8: 习近平总书记 ×6 and
# 以习近平同志为核心 ×2 (his name inside 习近平生态文明思想 is not a mention).
expected=$(sorted "person 习近平 8
person 刘伟 2
person 孟凡领 1
person 林奇昌 1
person 迟晓德 1
person 陈家厚 1
person 马云 1
person 马健 1
person 赵振伟 1")
check_eq "officials of the seed" "$expected" "$(rows officials)"

# The report's labels column gives each official's titles, most seen first
# (刘伟 is 党组书记、厅长 twice in the seed; 孟凡领 组长 once and 党组成员 once,
# a tie, so in the order of their text).
check_eq "report labels: 刘伟's titles" "党组书记、厅长" \
    "$(awk -F'\t' '$1 == "officials" && $3 == "刘伟" { print $10 }' "$scratch/report.tsv")"
check_eq "report labels: 孟凡领's titles" "党组成员、组长" \
    "$(awk -F'\t' '$1 == "officials" && $3 == "孟凡领" { print $10 }' "$scratch/report.tsv")"

# In JSON the labels are an array, and officials' titles and companions
# arrays of objects (a script should not have to split "党组书记、厅长").
check_contains "report json: 刘伟's labels are an array" \
    '"key": "刘伟", "mentions": 2, "documents": 1, "share": 1, "per10k": 9.551098376, "first": "2023-06-02", "last": "2023-06-02", "labels": ["党组书记", "厅长"]}' \
    "$("$TIFA" report --format json -p officials "$seed")"
officials_json=$("$TIFA" officials --format json "$seed")
check_contains "officials json: 刘伟's titles, with dates and documents" \
    '"titles": [{"title": "党组书记", "first": "2023-06-02", "last": "2023-06-02", "documents": 1}, {"title": "厅长", "first": "2023-06-02", "last": "2023-06-02", "documents": 1}]' \
    "$officials_json"
check_contains "officials json: a row, name first" \
    '{"name": "刘伟", "mentions": 2, "documents": 1, "first": "2023-06-02", "last": "2023-06-02", "titles": [{"title": "党组书记"' \
    "$officials_json"
check_contains "officials json: companions are objects" \
    '"with": [{"name": "习近平", "documents": 1}, {"name": "刘伟", "documents": 1}, {"name": "孟凡领", "documents": 1}' \
    "$officials_json"
check_contains "officials --by year json: titles of the bin" \
    '{"name": "刘伟", "bin": "2023", "mentions": 2, "documents": 1, "bin_documents": 1, "titles": ["党组书记", "厅长"]}' \
    "$("$TIFA" officials --format json --by year "$seed")"
check_eq "officials json: an undated document's title has empty dates, as the person's" \
    '[
 {"name": "李鹏", "mentions": 1, "documents": 1, "first": null, "last": null, "titles": [{"title": "国务院总理", "first": null, "last": null, "documents": 1}], "with": []}
]' \
    "$(printf '国务院总理李鹏为会议题了词。\n' | "$TIFA" officials --format json -)"

# The titles each name is given, as the text chains them.
"$TIFA" matches -p officials "$seed" >"$scratch/officials.tsv"
titles=$(awk -F'\t' 'NR > 1 { print $5 " " $9 }' "$scratch/officials.tsv" | LC_ALL=C sort -u)
expected=$(sorted "习近平 
习近平 总书记
刘伟 党组书记、厅长
孟凡领 组长、党组成员
林奇昌 党组成员、副厅长
迟晓德 二级巡视员
陈家厚 二级巡视员
马云 党组成员、副厅长
马健 党组成员、副厅长
赵振伟 党组成员、副厅长")
check_eq "titles of each official" "$expected" "$titles"

# Offsets are bytes of the document (grep -ob): “两打” (quotes included, 12
# bytes) at 5115 and 5175, 五大安全 at 4064, 刘伟 first at 683.
"$TIFA" matches "$seed" >"$scratch/matches.tsv"
check_eq "offsets of “两打”" "“两打” 5115 5127
“两打” 5175 5187" "$(awk -F'\t' '$5 == "两打" { print $6, $7, $8 }' "$scratch/matches.tsv")"
check_eq "offset of 五大安全" "五大安全 4064 4076" \
    "$(awk -F'\t' '$5 == "五大安全" { print $6, $7, $8 }' "$scratch/matches.tsv")"
check_eq "offset of 刘伟" "刘伟 683 689" \
    "$(awk -F'\t' '$5 == "刘伟" { print $6, $7, $8; exit }' "$scratch/matches.tsv")"

# The date comes from the text ("发布时间:2023.06.02"): the manifest has none.
check_eq "date from the text" "2023-06-02" "$(awk -F'\t' 'NR == 2 { print $2 }' "$scratch/matches.tsv")"

# The share and rate columns: one document of 2094 non-space characters;
# 两个确立 ×2 is 2 * 10000 / 2094 = 9.551098376 per 10,000 characters.
check_eq "share and per10k" "1 9.551098376 2023-06-02 2023-06-02" \
    "$(awk -F'\t' '$3 == "两个确立" { print $6, $7, $8, $9 }' "$scratch/report.tsv")"

# kwic on a key shows every mention; on a pattern, every match.
out=$("$TIFA" kwic -w 4 --format tsv 两个维护 "$seed" | cut -f4-6 | sed 1d)
check_eq "kwic of a key" "、做到“	两个维护	”,坚定
诚践行“	两个维护	”的具体" "$out"
out=$("$TIFA" kwic -w 2 --format tsv '副厅长\p{sc=Han}+' "$seed" | cut -f3-6 | sed 1d)
check_eq "kwic of a pattern (its plugins column empty)" "1631	员、	副厅长林奇昌	、马" "$out"
check_eq "... the same columns as a key's" "doc	date	offset	left	match	right	plugins" \
    "$("$TIFA" kwic --format tsv '副厅长\p{sc=Han}+' "$seed" | head -1)"
# JSON writes a missing date as null, as it writes a missing number (the
# date was an empty string in report, matches and kwic, null in trend and
# --db).  8 non-space characters: per10k 1250.
out=$(printf '增强“四个意识”\n' | "$TIFA" report -p formulations --format json -)
check_contains "report json: an undated key's first and last are null" \
    '"key": "四个意识", "mentions": 1, "documents": 1, "share": 1, "per10k": 1250, "first": null, "last": null' "$out"
out=$(printf '增强“四个意识”\n' | "$TIFA" matches -p formulations --format json -)
check_contains "matches json: an undated document's date is null" '"doc": "(stdin)", "date": null' "$out"

# A pack of one's own that names a bundled key again: each place is shown
# once, with the plugins that found it, and trend never adds the two up.
printf 'pack: mine\ncategory: known\n\nid: liangge-weihu\nliteral: 两个维护\nkey: 两个维护\n' \
    >"$scratch/mine.rules"
out=$("$TIFA" kwic -w 4 --format tsv --rules "$scratch/mine.rules" 两个维护 "$seed" 2>"$scratch/kwic.err")
check_eq "kwic of a key two plugins report: each place once, with its plugins" \
    "left	match	right	plugins
、做到“	两个维护	”,坚定	formulations,mine
诚践行“	两个维护	”的具体	formulations,mine" "$(printf '%s\n' "$out" | cut -f4-)"
check_contains "kwic: a note names the plugins" \
    "places per plugin: formulations (2), mine (2)" "$(cat "$scratch/kwic.err")"
out=$("$TIFA" trend --by year --key 两个维护 --format tsv --rules "$scratch/mine.rules" "$seed" \
    2>"$scratch/trend.err" | awk -F'\t' '$1 == "2023" { print $3 }')
check_eq "trend of a key two plugins report: one plugin's mentions, not their sum" 2 "$out"
check_contains "trend: a note names the plugin followed and the other" \
    "the trend follows formulations (2 mentions), not mine (2 mentions)" "$(cat "$scratch/trend.err")"
check_eq "trend of a key one plugin reports: no note" "" \
    "$("$TIFA" trend --by year --key 两个维护 --format tsv "$seed" 2>&1 >/dev/null)"

# The same answers from the reference engine and on one thread.
for variant in "--engine reference" "-j 1" "-j 2"; do
    "$TIFA" report --format tsv $variant "$seed" >"$scratch/variant.tsv"
    check_eq "same report with $variant" "" "$(diff "$scratch/report.tsv" "$scratch/variant.tsv")"
done

done_testing
