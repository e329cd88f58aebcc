#!/bin/sh
# tifa import and dictionaries read as rule packs (docs/dictionaries.md):
# quanteda YAML, LIWC .dic and word lists, converted and counted on the
# seed document.  Every count below was read off the seed with grep -o
# (see the comment above each), not taken from tifa's output.
. "$TIFA_SRCDIR/tests/lib.sh"

dict="$TIFA_SRCDIR/tests/data/dict"

# Sort expected lines the way the actual ones are sorted (bytes).
sorted() {
    printf '%s\n' "$1" | LC_ALL=C sort
}

# category, key and mentions of the pack's rows in a tsv report.
report_rows() {
    awk -F'\t' -v p="$1" '$1 == p { print $2 " " $3 " " $4 }' "$2" | LC_ALL=C sort
}

# ---- the generated pack, exactly ----

"$TIFA" import -q "$dict/loyalty.yml" >"$scratch/loyalty.rules"
check_eq "import quanteda: exit 0" 0 $?
expected='# Converted by tifa import from the quanteda YAML dictionary loyalty.yml.
# Options: --format quanteda --key entry --pack loyalty
# Entries match the raw text: in entries with Han characters * is at most four Han
# characters and ? one; in others they are non-Han word characters.  See
# docs/dictionaries.md.
pack: loyalty
description: loyalty.yml (quanteda YAML dictionary): 8 entries in 4 categories, 8 rules

id: politics.loyalty-1
category: politics.loyalty
literal: 两个确立
key: 两个确立
source: loyalty.yml:4

id: politics.loyalty-2
category: politics.loyalty
literal: 四个意识
key: 四个意识
source: loyalty.yml:5

id: politics.loyalty-3
category: politics.loyalty
literal: 四个自信
key: 四个自信
source: loyalty.yml:6

id: politics.loyalty-4
category: politics.loyalty
literal: 两个维护
key: 两个维护
source: loyalty.yml:7

id: politics.numbered-1
category: politics.numbered
pattern: 四个\p{sc=Han}{0,4}
key: 四个*
source: loyalty.yml:9

id: politics.modernisation-1
category: politics.modernisation
pattern: 中国式\s*现代化
key: 中国式 现代化
source: loyalty.yml:10

id: development-1
category: development
literal: 高质量发展
key: 高质量发展
source: loyalty.yml:12

id: development-2
category: development
literal: 新发展理念
key: 新发展理念
source: loyalty.yml:13'
check_eq "the pack of loyalty.yml" "$expected" "$(cat "$scratch/loyalty.rules")"

# One rule a category with --key category: its entries become spellings.
out=$("$TIFA" import -q --key category "$dict/loyalty.dic" | sed -n '/^id: ideology-1/,$p')
check_eq "the --key category rule of loyalty.dic" 'id: ideology-1
category: ideology
pattern: (?:
  四个意识
  |四个自信
  |习近平\p{sc=Han}{0,4}
  )
key: ideology
source: loyalty.dic:3' "$out"

# ---- every generated pack passes tifa rules check ----

"$TIFA" import -q "$dict/loyalty.dic" >"$scratch/liwc.rules"
"$TIFA" import -q --key category "$dict/loyalty.dic" >"$scratch/liwc-category.rules"
"$TIFA" import -q "$dict/slogans.txt" >"$scratch/slogans.rules"
"$TIFA" import -q --key category --pack xin --category 新时代 "$dict/slogans.txt" \
    >"$scratch/xin.rules"
for pack in loyalty liwc liwc-category slogans xin; do
    out=$("$TIFA" rules check "$scratch/$pack.rules")
    check_eq "rules check accepts $pack.rules: exit 0" 0 $?
    check_contains "rules check: $pack.rules is OK" ", OK;" "$out"
done
check_eq "ids are unique" "" "$(grep -h '^id: ' "$scratch/liwc.rules" | sort | uniq -d)"
check_eq "an entry in two categories: two rules" \
    "id: loyalty-3 key: 四个意识
id: ideology-1 key: 四个意识" \
    "$(awk '/^id: /{id=$0} /^key: 四个意识/{print id " " $0}' "$scratch/liwc.rules")"

# ---- counts on the seed ----

# grep -o on the seed: 两个确立 2, 两个维护 2, 四个意识 1, 四个自信 1, 高质量发展
# 1, 中国式现代化 1, 新发展理念 0; 四个 3 (四个意识, 四个自信, “四个体系”).
"$TIFA" report --rules "$dict/loyalty.yml" -p loyalty --format tsv "$seed" \
    >"$scratch/yml.tsv"
check_eq "report --rules loyalty.yml: exit 0" 0 $?
expected=$(sorted "politics.loyalty 两个确立 2
politics.loyalty 两个维护 2
politics.loyalty 四个意识 1
politics.loyalty 四个自信 1
politics.numbered 四个* 3
politics.modernisation 中国式 现代化 1
development 高质量发展 1")
check_eq "counts of loyalty.yml read as a pack" "$expected" \
    "$(report_rows loyalty "$scratch/yml.tsv")"

# What 四个* matches, four Han characters at most: the same as
# grep -o '四个[^，。、“”,]\{0,4\}' on the seed (each is closed by ”).
"$TIFA" matches --rules "$dict/loyalty.yml" -p loyalty "$seed" >"$scratch/yml-matches.tsv"
check_eq "what 四个* matches" "四个意识
四个自信
四个体系" "$(awk -F'\t' '$5 == "四个*" { print $6 }' "$scratch/yml-matches.tsv")"
check_eq "四个* against grep" \
    "$(grep -o '四个[^，。、“”,]\{0,4\}' "$seed")" \
    "$(awk -F'\t' '$5 == "四个*" { print $6 }' "$scratch/yml-matches.tsv")"

# The LIWC dictionary: 四个意识 in both categories; 习近平* is every 习近平
# (grep -o 习近平 | wc -l: 15), four Han characters on at most.
"$TIFA" report --rules "$dict/loyalty.dic" -p loyalty --format tsv "$seed" \
    >"$scratch/dic.tsv"
check_eq "report --rules loyalty.dic: exit 0" 0 $?
expected=$(sorted "loyalty 两个确立 2
loyalty 两个维护 2
loyalty 四个意识 1
ideology 四个意识 1
ideology 四个自信 1
ideology 习近平* 15")
check_eq "counts of loyalty.dic read as a pack" "$expected" \
    "$(report_rows loyalty "$scratch/dic.tsv")"
"$TIFA" matches --rules "$dict/loyalty.dic" -p loyalty "$seed" >"$scratch/dic-matches.tsv"
check_eq "what 习近平* matches, against grep" \
    "$(grep -o '习近平[^，。、“”,]\{0,4\}' "$seed" | LC_ALL=C sort | uniq -c)" \
    "$(awk -F'\t' '$5 == "习近平*" { print $6 }' "$scratch/dic-matches.tsv" |
        LC_ALL=C sort | uniq -c)"
check_eq "习近平总书记 is cut after four Han characters" "4 2" \
    "$(awk -F'\t' '$6 == "习近平生态文明" { n++ } END { print n }' "$scratch/dic-matches.tsv") \
$(awk -F'\t' '$6 == "习近平总书记对" { n++ } END { print n }' "$scratch/dic-matches.tsv")"

# --key category: a category is one key.  loyalty: 两个确立 2 + 两个维护 2 +
# 四个意识 1 = 5; ideology: 四个意识 1 + 四个自信 1 + 习近平 15 = 17.
"$TIFA" report --rules "$scratch/liwc-category.rules" -p loyalty --format tsv "$seed" \
    >"$scratch/category.tsv"
check_eq "--key category merges keys" "$(sorted "ideology ideology 17
loyalty loyalty 5")" "$(report_rows loyalty "$scratch/category.tsv")"

# The word list: 两个 4 (两个确立 2, 两个维护 2), 习近平新时代中国特色社会主义思想
# 3, 中国式现代化 1, 高质量发展 1.
"$TIFA" report --rules "$scratch/slogans.rules" -p slogans --format tsv "$seed" \
    >"$scratch/words.tsv"
expected=$(sorted "slogans 两个* 4
slogans 习近平新时代中国特色社会主义思想 3
slogans 中国式现代化 1
slogans 高质量发展 1")
check_eq "counts of the word list" "$expected" "$(report_rows slogans "$scratch/words.tsv")"
"$TIFA" report --rules "$scratch/xin.rules" -p xin --format tsv "$seed" >"$scratch/xin.tsv"
check_eq "the word list with --category and --key category" "新时代 新时代 9" \
    "$(report_rows xin "$scratch/xin.tsv")"

# ---- LIWC hierarchy, Latin entries, ? and encodings ----

# Tab-indented header lines nest categories (LIWC2015); a word lists every
# level it counts in.
printf '%%\n1\tfunct\n\t2\tpronoun\n\t\t3\tppron\n4\tsocial\n%%\nwe\t1 2 3\nkind of 4\n' \
    >"$scratch/tree.dic"
out=$("$TIFA" import -q "$scratch/tree.dic" | grep -E '^(category|key):' | paste -sd' ')
check_eq "LIWC hierarchy as dotted categories" "category: funct key: we \
category: funct.pronoun key: we category: funct.pronoun.ppron key: we \
category: social key: kind of" "$out"

# Latin entries stop at Latin letters and digits, not at Han characters,
# and ignore case; a multi-word entry allows any white space between words.
# Offsets from grep -obi: GDP 0, gdp 12, 5G网络 16 (and 28, inside 15G网络),
# taxes 37, tax 47 (inside syntax), Tax 52, "rule  of" 56.
cat >"$scratch/mixed.yml" <<'EOF'
en:
  - GDP
  - tax*
  - rule of law
  - 5G网络
zh:
  - 四个??
EOF
printf 'GDP增长和gdp;5G网络与15G网络;taxes, syntax, Tax;rule  of law, ruleoflaw\n' \
    >"$scratch/mixed.txt"
cat "$seed" >>"$scratch/mixed.txt"
"$TIFA" matches --rules "$scratch/mixed.yml" -p mixed "$scratch/mixed.txt" \
    >"$scratch/mixed.tsv"
check_eq "Latin entries, boundaries and case" "GDP GDP 0
GDP gdp 12
5G网络 5G网络 16
tax* taxes 37
tax* Tax 52
rule of law rule  of law 56" \
    "$(awk -F'\t' 'NR > 1 && $4 == "en" { print $5, $6, $7 }' "$scratch/mixed.tsv")"
check_eq "? is one Han character" "四个意识 四个自信 四个体系" \
    "$(awk -F'\t' '$5 == "四个??" { print $6 }' "$scratch/mixed.tsv" | paste -sd' ')"

# A GB18030 dictionary (from a Windows tool) converts as its UTF-8 original.
mkdir "$scratch/gb"
iconv -f UTF-8 -t GB18030 "$dict/loyalty.dic" >"$scratch/gb/loyalty.dic"
check_eq "a GB18030 .dic converts as the UTF-8 one" \
    "$("$TIFA" import -q "$dict/loyalty.dic")" "$("$TIFA" import -q "$scratch/gb/loyalty.dic")"

# ---- errors: file:line: message, exit 2, nothing written ----

printf 'politics:\n  loyalty: [两个确立, 四个意识\n  economy: 高质量发展\n' >"$scratch/broken.yml"
err=$("$TIFA" import -o "$scratch/broken.rules" "$scratch/broken.yml" 2>&1)
check_eq "malformed YAML: exit 2" 2 $?
check_eq "malformed YAML: file:line: message" \
    "tifa: $scratch/broken.yml:3: not valid YAML (column 10): did not find expected ',' or \
']', while parsing a flow sequence that starts on line 2" "$err"
check_eq "malformed YAML: no output file" "no" \
    "$(test -e "$scratch/broken.rules" && echo yes || echo no)"

printf '%%\n1\tloyalty\n%%\n两个确立\t1\n四个意识\t1\t7\n' >"$scratch/undefined.dic"
err=$("$TIFA" import "$scratch/undefined.dic" 2>&1)
check_eq "undefined LIWC category: exit 2" 2 $?
check_eq "undefined LIWC category: file:line: message" \
    "tifa: $scratch/undefined.dic:5: category 7 of '四个意识' is not defined in the header \
(between the '%' lines)" "$err"
out=$("$TIFA" rules check "$scratch/undefined.dic")
check_eq "rules check on the broken .dic: exit 2" 2 $?
check_contains "rules check names the line" "undefined.dic:5: category 7" "$out"
"$TIFA" report --rules "$scratch/undefined.dic" "$seed" >/dev/null 2>&1
check_eq "report --rules on the broken .dic: exit 2" 2 $?

err=$("$TIFA" import --category x "$dict/loyalty.yml" 2>&1)
check_eq "--category on a quanteda dictionary: exit 2" 2 $?
check_contains "--category on a quanteda dictionary: why" "--category names the category" "$err"

# Two dictionaries of one name make one pack, and their made-up ids clash:
# the message names each dictionary's own line and says what to do.
mkdir "$scratch/clash"
printf 'security:\n  - 国家安全\n' >"$scratch/clash/my.yml"
printf '%%\n1\tsecurity\n%%\n国家安全\t1\n' >"$scratch/clash/my.dic"
check_contains "a clash of two dictionaries names their lines (my.dic:4, my.yml:2)" \
    "my.dic:4: rule id 'security-1' of pack 'my' is already used in $scratch/clash/my.yml:2 (files of the same name make one pack: rename one, or convert it with tifa import --pack NAME)" \
    "$("$TIFA" report --rules "$scratch/clash/my.yml" --rules "$scratch/clash/my.dic" "$seed" 2>&1)"

done_testing
