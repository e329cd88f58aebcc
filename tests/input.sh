#!/bin/sh
# Input of every kind: encodings, JSON Lines, standard input, manifests,
# directories, and bad input (missing, binary, empty, undecodable) that is
# reported by name while the other documents are still counted.
. "$TIFA_SRCDIR/tests/lib.sh"

# Counts of the seed as the reference: formulations and officials.
report() {
    "$TIFA" report -p formulations -p officials --format tsv "$@" 2>/dev/null | sed 1d |
        cut -f1-5 | LC_ALL=C sort
}
expected=$(report "$seed")
check_contains "reference counts include 两个确立 ×2" "formulations	known	两个确立	2	1" "$expected"

# ---- encodings ----
mkdir "$scratch/enc"
iconv -f UTF-8 -t GB18030 "$seed" >"$scratch/enc/seed-gb18030.txt"
check_eq "GB18030 copy gives the same counts" "$expected" "$(report "$scratch/enc/seed-gb18030.txt")"
printf '\357\273\277' | cat - "$seed" >"$scratch/enc/seed-bom.txt"
check_eq "UTF-8 with BOM gives the same counts" "$expected" "$(report "$scratch/enc/seed-bom.txt")"
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$seed"; } >"$scratch/enc/seed-utf16.txt"
check_eq "UTF-16 with BOM gives the same counts" "$expected" "$(report "$scratch/enc/seed-utf16.txt")"
# Without a BOM, told by where the NUL bytes of its ASCII characters fall
# (they read as a binary file before).
iconv -f UTF-8 -t UTF-16LE "$seed" >"$scratch/enc/seed-utf16le-nobom.txt"
check_eq "UTF-16LE without BOM gives the same counts" "$expected" "$(report "$scratch/enc/seed-utf16le-nobom.txt")"
iconv -f UTF-8 -t UTF-16BE "$seed" >"$scratch/enc/seed-utf16be-nobom.txt"
check_eq "UTF-16BE without BOM gives the same counts" "$expected" "$(report "$scratch/enc/seed-utf16be-nobom.txt")"
sed 's/$/\r/' "$seed" >"$scratch/enc/seed-crlf.txt"
check_eq "CRLF line ends give the same counts" "$expected" "$(report "$scratch/enc/seed-crlf.txt")"
sed 's/“/「/g; s/”/」/g' "$seed" >"$scratch/enc/seed-corner.txt"
check_eq "corner quotes give the same counts" "$expected" "$(report "$scratch/enc/seed-corner.txt")"

# Offsets refer to the decoded text, whatever the encoding: 刘伟 at byte 683
# of the seed (its first mention, "厅长刘伟主持召开").
off_utf8=$("$TIFA" matches -p officials "$seed" | awk -F'\t' '$5 == "刘伟" { print $7; exit }')
off_gb=$("$TIFA" matches -p officials "$scratch/enc/seed-gb18030.txt" | awk -F'\t' '$5 == "刘伟" { print $7; exit }')
check_eq "刘伟 first at byte 683 of the seed" 683 "$off_utf8"
check_eq "the same offset in the GB18030 copy" 683 "$off_gb"
check_eq "the seed's bytes 683..689 are 刘伟" "刘伟" "$(dd if="$seed" bs=1 skip=683 count=6 2>/dev/null)"

# ---- JSON Lines and standard input ----
text=$(sed 's/\\/\\\\/g; s/"/\\"/g' "$seed" | awk '{ printf "%s\\n", $0 }')
printf '{"id": "seed", "date": "2023-06-02", "title": "党组会议", "text": "%s"}\n' "$text" \
    >"$scratch/docs.jsonl"
printf '{"id": 7, "text": "国务院总理李鹏会见外宾。"}\n' >>"$scratch/docs.jsonl"
printf 'not json at all\n' >>"$scratch/docs.jsonl"
out=$("$TIFA" matches -p officials "$scratch/docs.jsonl" 2>"$scratch/err")
check_eq "JSON Lines: bad line reported, exit 1" 1 $?
check_contains "JSON Lines: bad line named by file and line" \
    "$scratch/docs.jsonl:3: not a JSON object" "$(cat "$scratch/err")"
check_eq "JSON Lines: records named file#id, dated" "$scratch/docs.jsonl#7		李鹏
$scratch/docs.jsonl#seed	2023-06-02	刘伟" \
    "$(printf '%s\n' "$out" | awk -F'\t' '$5 == "刘伟" || $5 == "李鹏"' | cut -f1,2,5 | sort -u)"
# A date written as a number is read as its digits; one of another kind is
# said (both were left undated in silence).
printf '{"id": "n", "date": 20230602, "text": "国务院总理李鹏会见外宾。"}\n{"id": "b", "date": true, "text": "国务院总理李鹏会见外宾。"}\n' \
    >"$scratch/dates.jsonl"
out=$("$TIFA" matches -p officials -f tsv "$scratch/dates.jsonl" 2>"$scratch/dates.err")
check_eq "JSON Lines: a number as date" "$scratch/dates.jsonl#n	2023-06-02" \
    "$(printf '%s\n' "$out" | awk -F'\t' '$1 ~ /#n$/' | cut -f1,2)"
check_eq "JSON Lines: a date of another kind is said" \
    "tifa: warning: $scratch/dates.jsonl#b: its \"date\" is neither a string nor a number; counted without a date" \
    "$(cat "$scratch/dates.err")"
check_eq "standard input gives the same counts" "$expected" "$(report - <"$seed")"
out=$("$TIFA" matches -p officials - <"$scratch/docs.jsonl" 2>/dev/null | cut -f1 | sed 1d | sort -u)
check_eq "JSON Lines on standard input" "(stdin)#7
(stdin)#seed" "$out"

# Standard input is JSON Lines when its first non-blank line is a JSON
# object, else one text, even one that starts with "{" (an editor's note);
# --stdin-format says which.
printf '{编者按}增强“四个意识”\n' >"$scratch/brace.txt"
out=$("$TIFA" matches -p formulations --format tsv - <"$scratch/brace.txt" 2>"$scratch/brace.err")
check_eq "text starting with { on standard input: exit 0" 0 $?
check_eq "and counted as the same text in a file is" \
    "$("$TIFA" matches -p formulations --format tsv "$scratch/brace.txt" | cut -f3-)" \
    "$(printf '%s\n' "$out" | cut -f3-)"
check_eq "with a note (not a warning) saying how to read it as JSON Lines" \
    "tifa: note: standard input was read as one text: its first line starts with { but is not a JSON object (to read it as JSON Lines: --stdin-format jsonl)" \
    "$(cat "$scratch/brace.err")"
"$TIFA" matches -p formulations --stdin-format jsonl - <"$scratch/brace.txt" >/dev/null 2>"$scratch/brace.err"
check_eq "--stdin-format jsonl: read as JSON Lines, the line refused (exit 1)" 1 $?
check_contains "and named by its line" "(stdin):1: not a JSON object" "$(cat "$scratch/brace.err")"
out=$({ echo; cat "$scratch/docs.jsonl"; } | "$TIFA" matches -p officials - 2>/dev/null | cut -f1 | sed 1d | sort -u)
check_eq "JSON Lines after a blank line are still JSON Lines" "(stdin)#7
(stdin)#seed" "$out"
out=$(head -2 "$scratch/docs.jsonl" | "$TIFA" matches -p officials --stdin-format text - 2>/dev/null |
    cut -f1 | sed 1d | sort -u)
check_eq "--stdin-format text: JSON Lines read as one text" "(stdin)" "$out"
out=$("$TIFA" report --stdin-format yaml - </dev/null 2>&1)
check_eq "--stdin-format of another kind: usage error" 2 $?
check_contains "naming the choices" "unknown --stdin-format 'yaml': use auto, text or jsonl" "$out"

# Dates as scrapers write them (ISO 8601 timestamps: the day as written,
# the offset not applied); a record without an id is named by its line,
# FILE:LINE, as messages name lines, so that FILE#7 (id 7) and FILE:7 (line
# 7) are never the same thing.
{
    printf '{"id": "utc", "date": "2022-01-07T08:00:00Z", "text": "增强“四个意识”"}\n'
    printf '{"id": "cst", "date": "2022-01-07T23:30:00.250-05:00", "text": "增强“四个意识”"}\n'
    printf '{"id": "spc", "date": "2022/1/6 08:00", "text": "增强“四个意识”"}\n'
    printf '\n'
    printf '{"date": "2022-01-07T25:00:00Z", "text": "增强“四个意识”"}\n'
    printf '{"id": 7, "date": "2022-1-5"}\n'
} >"$scratch/dates.jsonl"
out=$("$TIFA" matches -p formulations --format tsv "$scratch/dates.jsonl" 2>"$scratch/dates.err")
check_eq "timestamps: exit 1 (one bad date, one record without text)" 1 $?
check_eq "timestamps: the day as written; the record without an id named by its line" \
    "$scratch/dates.jsonl#utc	2022-01-07
$scratch/dates.jsonl#cst	2022-01-07
$scratch/dates.jsonl#spc	2022-01-06
$scratch/dates.jsonl:5	" "$(printf '%s\n' "$out" | sed 1d | cut -f1,2)"
check_eq "the bad date and the record without text: one warning each, by line" \
    "tifa: warning: $scratch/dates.jsonl:5: '2022-01-07T25:00:00Z' is not a date (use YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD or YYYYMMDD, with or without a time: 2022-01-07T08:00:00Z, 2022-01-07 08:00+08:00); counted without a date
tifa: warning: $scratch/dates.jsonl:6: no \"text\" string in this record; skipped" \
    "$(cat "$scratch/dates.err")"

# ---- manifests, dates, directory order ----
mkdir -p "$scratch/dir/b" "$scratch/dir/a"
cp "$seed" "$scratch/dir/b/z.txt"
cp "$seed" "$scratch/dir/a/2021-11-11_x.txt"
cp "$seed" "$scratch/dir/m.txt"
# The manifest lists the directory's documents, those of its subdirectories
# by their relative names; an empty date is looked for in the file name,
# then the text.
printf 'file\ttitle\tdate\nm.txt\tfrom the manifest\t2019-10-01\nb/z.txt\t\t\na/2021-11-11_x.txt\t\t\n' \
    >"$scratch/dir/manifest.tsv"
out=$("$TIFA" matches -p officials "$scratch/dir" | awk -F'\t' '$5 == "刘伟" { print $1 "|" $2 }' | uniq)
check_eq "walk in name order; date from file name, manifest, text" \
    "$scratch/dir/a/2021-11-11_x.txt|2021-11-11
$scratch/dir/b/z.txt|2023-06-02
$scratch/dir/m.txt|2019-10-01" "$out"
out=$("$TIFA" matches -p officials "$scratch/dir/m.txt" | awk -F'\t' 'NR == 2 { print $2 }')
check_eq "a file named alone still gets its manifest date" 2019-10-01 "$out"

# What the manifest does not list is not read, and a note says so; a
# listed file that is missing is named with the manifest's line, and the
# rest is counted.
mkdir "$scratch/dir/extra"
cp "$seed" "$scratch/dir/extra/copy.txt"
cp "$seed" "$scratch/dir/unlisted.txt"
printf 'gone.txt\t\t2019-10-02\n' >>"$scratch/dir/manifest.tsv"
"$TIFA" report -p formulations --format tsv "$scratch/dir" >"$scratch/listed.tsv" 2>"$scratch/listed.err"
check_eq "a manifest with a missing file: exit 1" 1 $?
check_eq "only the listed files are counted, each once" \
    "两个确立 6 3" "$(awk -F'\t' '$3 == "两个确立" { print $3, $4, $5 }' "$scratch/listed.tsv")"
check_eq "the missing file: one warning naming the manifest, its line and the file" \
    "tifa: warning: $scratch/dir/manifest.tsv:5: lists $scratch/dir/gone.txt, which does not exist; skipped" \
    "$(grep warning "$scratch/listed.err")"
check_contains "the entries not listed are named in a note" \
    "$scratch/dir/manifest.tsv lists the documents of its directory: 2 other entries there were not read (extra/, unlisted.txt)" \
    "$(cat "$scratch/listed.err")"
check_eq "a file the manifest does not list is read when named" \
    "$("$TIFA" matches -p formulations "$seed" | cut -f3- | sed 1d)" \
    "$("$TIFA" matches -p formulations "$scratch/dir/unlisted.txt" | cut -f3- | sed 1d)"

# A manifest saved by a spreadsheet: a byte-order mark before the header
# (it hid the column 'file': manifest ignored, or the titles lost), spaces
# after a name; a file listed twice is said, with both lines.
mkdir "$scratch/bom"
cp "$seed" "$scratch/bom/a.txt"
printf '\357\273\277file\tdate\ttitle\na.txt \t2018-03-05\tA\na.txt\t2017-01-01\tA again\n' \
    >"$scratch/bom/manifest.tsv"
"$TIFA" report -p formulations --db "$scratch/bom.sqlite" -o "$scratch/bom.out" "$scratch/bom" \
    2>"$scratch/bom.err"
check_eq "a manifest with a BOM and a name with a space after it: read" \
    "tifa: warning: $scratch/bom/manifest.tsv:3: a.txt is listed again (first on line 2); this row's date and title are used" \
    "$(cat "$scratch/bom.err")"
if command -v sqlite3 >/dev/null 2>&1; then
    check_eq "... its last row's date and title" "2017-01-01|A again" \
        "$(sqlite3 "$scratch/bom.sqlite" 'SELECT date, title FROM documents')"
fi

# A directory's walk reads .txt and JSON Lines files and files without an
# extension; a README.md, a table, a backup~ are named in one note, not
# counted (the shared corpora's README.md has 两个确立 in a table).
mkdir "$scratch/walk"
cp "$seed" "$scratch/walk/2023-06-02_doc.txt"
cp "$seed" "$scratch/walk/人民日报2023.06.02"
cp "$seed" "$scratch/walk/README.md"
cp "$seed" "$scratch/walk/meta.csv"
cp "$seed" "$scratch/walk/2023-06-02_doc.txt~"
"$TIFA" report -p formulations --format tsv "$scratch/walk" >"$scratch/walk.tsv" 2>"$scratch/walk.err"
check_eq "a walk: exit 0, the two documents counted" "0 两个确立 4 2" \
    "$? $(awk -F'\t' '$3 == "两个确立" { print $3, $4, $5 }' "$scratch/walk.tsv")"
check_eq "... and one note names the rest" \
    "tifa: note: $scratch/walk: 3 files not read, not .txt or JSON Lines (2023-06-02_doc.txt~, README.md, meta.csv); name them on the command line to count them" \
    "$(cat "$scratch/walk.err")"
# JSON Lines by the name's ending in any case.
printf '{"id": "a", "date": "2023-06-02", "text": "坚定拥护“两个确立”"}\n' >"$scratch/walk/DATA.JSONL"
check_eq "DATA.JSONL in a walk: read as JSON Lines, its record named FILE#ID" \
    "$scratch/walk/DATA.JSONL#a 2023-06-02" \
    "$("$TIFA" matches -p formulations "$scratch/walk" 2>/dev/null | awk -F'\t' '$1 ~ /JSONL/ { print $1, $2 }')"
rm "$scratch/walk/DATA.JSONL"
check_eq "a file named on the command line is read whatever its name" "两个确立 2 1" \
    "$("$TIFA" report -p formulations --format tsv "$scratch/walk/README.md" | awk -F'\t' '$3 == "两个确立" { print $3, $4, $5 }')"

# A real corpus whose directory holds more than its manifest lists: the
# PKU People's Daily sample, 1,480 articles, and the same 1,480 again,
# annotated, under tagged/.
pku="${TIFA_SHARED:-}/corpora/pku-rmrb1998-dev"
if [ -d "$pku" ]; then
    listed=$(($(grep -c . "$pku/manifest.tsv") - 1))
    chars=$(cat "$pku"/*.txt | sed 's/　//g' | tr -d ' \n\r\t\v\f' | wc -m | tr -d ' ')
    out=$("$TIFA" report -p officials "$pku" 2>"$scratch/pku.err" | head -1)
    check_eq "PKU: the manifest's $listed documents, $chars characters, not tagged/ too" \
        "$listed documents, $chars characters, dated 1998-01-01 to 1998-01-15" "$out"
    check_eq "PKU: 1,480 documents, 885,888 characters" "1480 885888" "$listed $chars"
    check_contains "PKU: a note names tagged/" "1 other entry there was not read (tagged/)" \
        "$(cat "$scratch/pku.err")"
else
    ok "# SKIP shared corpus pku-rmrb1998-dev not found at $pku: the manifest check on it needs it"
fi

# ---- bad input: named, skipped, the rest counted ----
mkdir "$scratch/bad"
cp "$seed" "$scratch/bad/good.txt"
: >"$scratch/bad/empty.txt"
# (a binary file with a text's name: one of another kind is not read by a walk)
{ printf '\211PNG\r\n\032\n\000\000\000\rIHDR'; head -c 2000 /dev/zero; } >"$scratch/bad/scan.txt"
printf 'abc\200\377\200\377 def \377\377\n' >"$scratch/bad/garbage.txt"
mkfifo "$scratch/bad/fifo"
ln -s "$scratch/bad" "$scratch/bad/loop"
ln -s "$scratch/nowhere" "$scratch/bad/dangling"
"$TIFA" report -p formulations -p officials --format tsv "$scratch/bad" "$scratch/missing.txt" \
    >"$scratch/bad.tsv" 2>"$scratch/bad.err"
check_eq "bad input: exit 1" 1 $?
err=$(cat "$scratch/bad.err")
check_contains "empty file named" "$scratch/bad/empty.txt is empty; skipped" "$err"
check_contains "binary file named" "$scratch/bad/scan.txt looks like a binary file" "$err"
check_contains "undecodable file named" \
    "$scratch/bad/garbage.txt is neither UTF-8, GB18030 nor Big5 (undecodable bytes at offset 3); skipped" "$err"
check_contains "FIFO named" "$scratch/bad/fifo: not a regular file" "$err"
check_contains "symlink loop named" "$scratch/bad/loop: directory already read (a symbolic link loop?)" "$err"
check_contains "dangling symlink named" "$scratch/bad/dangling: broken symbolic link; skipped" "$err"
check_contains "missing path named" "$scratch/missing.txt: No such file or directory; skipped" "$err"
check_eq "the good document is still counted" "$expected" \
    "$(sed 1d "$scratch/bad.tsv" | cut -f1-5 | LC_ALL=C sort)"

# The same file named twice (a directory and a glob inside it) is read
# once, and the run says so: the seed's 两个确立 counts 2, in 1 document.
out=$("$TIFA" report -p formulations -f tsv "$TIFA_SRCDIR/corpus/seed" "$seed" 2>"$scratch/twice.err")
check_eq "a file named twice is counted once" "2	1" \
    "$(printf '%s\n' "$out" | awk -F'\t' '$3 == "两个确立" { print $4 "\t" $5 }')"
check_contains "and the run says so, naming it" \
    "1 file was named more than once, or reached again through a link, and counted once (the first: $seed)" "$(cat "$scratch/twice.err")"
# A file name that is not UTF-8, or holds a newline: the outputs stay valid
# UTF-8 (the name shows U+FFFD where its bytes are not text), and a warning
# about it stays one line.
mkdir "$scratch/names"
cp "$seed" "$scratch/names/$(printf '2018-03-05_\271\372.txt')"
: >"$scratch/names/$(printf '2019-01-02_a\nb.txt')"
"$TIFA" matches -p formulations -f json "$scratch/names" >"$scratch/names.json" 2>"$scratch/names.err"
iconv -f UTF-8 -t UTF-8 "$scratch/names.json" >/dev/null 2>&1 &&
    ok "a file name that is not UTF-8: the JSON is UTF-8" ||
    not_ok "a file name that is not UTF-8 made the JSON invalid"
fffd=$(printf '\357\277\275')
check_contains "the name shows U+FFFD for its bytes" "\"doc\": \"$scratch/names/2018-03-05_$fffd$fffd.txt\"" \
    "$(cat "$scratch/names.json")"
check_eq "a newline in a name: one line of warning" \
    "tifa: warning: $scratch/names/2019-01-02_a${fffd}b.txt is empty; skipped" "$(cat "$scratch/names.err")"

# So is one reached through a link.
mkdir "$scratch/linked"
ln -s "$seed" "$scratch/linked/again.txt"
out=$("$TIFA" report -p formulations -f tsv "$TIFA_SRCDIR/corpus/seed" "$scratch/linked" 2>/dev/null)
check_eq "a file and a link to it: counted once" "2	1" \
    "$(printf '%s\n' "$out" | awk -F'\t' '$3 == "两个确立" { print $4 "\t" $5 }')"


# --items: each "## " item of a 新闻联播 day is a document of its own, so the
# share is of stories, not of days.  2022-10-17 has 22 items (grep -c '^## ');
# 两个确立 23 times (grep -o) in 8 of them (awk, counting the items).
day="${TIFA_SHARED:-}/corpora/xwlb/2022-10-17_xwlb.txt"
if [ -f "$day" ]; then
    items=$(grep -c '^## ' "$day")
    with=$(awk '/^## /{n++} /两个确立/{seen[n]=1} END{c=0; for (k in seen) c++; print c}' "$day")
    out=$("$TIFA" report --items -p formulations -f tsv "$day")
    check_eq "--items: 两个确立 $(grep -o 两个确立 "$day" | wc -l) times in $with of the $items items" \
        "23	8	0.3636363636" "$(printf '%s\n' "$out" | awk -F'\t' '$3 == "两个确立" { print $4 "\t" $5 "\t" $6 }')"
    check_eq "--items: $items documents" "22 documents" \
        "$("$TIFA" report --items -q -p formulations "$day" | head -1 | cut -d, -f1)"
    check_eq "--items: the items are named FILE#N, with the file's date" \
        "$day#1	2022-10-17" \
        "$("$TIFA" matches --items -p formulations -f tsv "$day" | sed -n 2p | cut -f1,2)"
    iconv -f UTF-8 -t GB18030 "$day" >"$scratch/2022-10-17_gb18030.txt"
    check_eq "--items: a GB18030 file splits the same" "23	8	0.3636363636" \
        "$("$TIFA" report --items -p formulations -f tsv "$scratch/2022-10-17_gb18030.txt" |
            awk -F'\t' '$3 == "两个确立" { print $4 "\t" $5 "\t" $6 }')"
else
    ok "# SKIP shared corpus xwlb not found at $day: the --items checks need a 新闻联播 day"
fi
check_eq "--items: a file without headings stays one document" "1 document" \
    "$("$TIFA" report --items -q -p formulations "$seed" | head -1 | cut -d, -f1)"


# A name whose date is no calendar date is noted (it fell back to the text's
# date in silence); the seed's text dates it 2023-06-02.
mkdir "$scratch/baddate"
cp "$seed" "$scratch/baddate/2019-02-30_seed.txt"
err=$("$TIFA" report -n 1 "$scratch/baddate" 2>&1 >/dev/null)
check_eq "a name with a date that is no calendar date: noted" \
    "tifa: note: 1 document is named with a date that is no calendar date (the first: $scratch/baddate/2019-02-30_seed.txt): dated from the text where it gives one" \
    "$err"
check_eq "and dated from its text" "$scratch/baddate/2019-02-30_seed.txt	2023-06-02" \
    "$("$TIFA" matches -p formulations -f tsv "$scratch/baddate" | sed -n 2p | cut -f1,2)"

done_testing
