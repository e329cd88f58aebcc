#!/bin/sh
# Hostile input, built here by script: every kind of bad or strange file in
# one directory beside good ones.  Each bad file gets its one warning; the
# good files are all counted, as grep counts them; nothing hangs.
. "$TIFA_SRCDIR/tests/lib.sh"

dir="$scratch/hostile"
mkdir -p "$dir"
report=$TIFA_SRCDIR/corpus/gov-work-report/2017-03-05_gov-work-report.txt

# Good documents, in three encodings.
cp "$seed" "$dir/01-seed-utf8.txt"
iconv -f UTF-8 -t GB18030 "$report" >"$dir/02-report-gb18030.txt"
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$seed"; } >"$dir/03-seed-utf16.txt"
# 100 MB on one line: the seed's text again and again, without newlines.
line=$(tr -d '\n' <"$seed")
copies=$((100000000 / $(printf '%s' "$line" | wc -c)))
yes "$line" | head -n "$copies" | tr -d '\n' >"$dir/04-long-line.txt"
# NUL bytes in the middle of a long text (after the first 8 KB).
{ head -c 30000 "$report"; printf '\000\000'; tail -c +30001 "$report"; } >"$dir/05-nul-inside.txt"

# Bad ones.
: >"$dir/10-empty.txt"
# A PNG saved under a text's name (one named .png is not read by a walk).
{ printf '\211PNG\r\n\032\n\000\000\000\rIHDR'; head -c 4000 /dev/zero; } >"$dir/11-image.txt"
printf 'abc\200\377\200\377 def \377\377\n' >"$dir/12-undecodable.txt"
printf '\357\273\277\377\376 not UTF-8 after a UTF-8 BOM\n' >"$dir/13-bad-bom.txt"
mkfifo "$dir/14-fifo"
ln -s "$dir" "$dir/15-loop"
ln -s "$dir/nowhere" "$dir/16-dangling"
printf '{"id": "ok", "text": "增强“四个意识”"}\n{"id": "no text"}\n{broken\n' >"$dir/17-lines.jsonl"
# No text: spaces and blank lines, a byte-order mark alone (they counted as
# documents, lowering every share).
printf '  \r\n\n\t\n' >"$dir/18-spaces.txt"
printf '\357\273\277\n' >"$dir/19-bom-only.txt"

start=$(date +%s)
"$TIFA" report -p formulations --format tsv "$dir" >"$scratch/out.tsv" 2>"$scratch/err"
status=$?
took=$(($(date +%s) - start))
check_eq "hostile directory: exit 1 (something was skipped)" 1 $status
echo "# the whole directory (about 100 MB) took ${took} s"
err=$(cat "$scratch/err")
check_contains "empty file" "$dir/10-empty.txt is empty; skipped" "$err"
check_contains "binary file" "$dir/11-image.txt looks like a binary file" "$err"
check_contains "undecodable file" "$dir/12-undecodable.txt is neither UTF-8, GB18030 nor Big5" "$err"
check_contains "broken BOM" "$dir/13-bad-bom.txt starts with a UTF-8 byte order mark but is not valid UTF-8; skipped" "$err"
check_contains "FIFO" "$dir/14-fifo: not a regular file" "$err"
check_contains "symlink loop" "$dir/15-loop: directory already read" "$err"
check_contains "dangling link" "$dir/16-dangling: broken symbolic link" "$err"
check_contains "JSON line without text" "$dir/17-lines.jsonl:2: no \"text\" string in this record; skipped" "$err"
check_contains "broken JSON line" "$dir/17-lines.jsonl:3: not a JSON object" "$err"
check_contains "NUL bytes: repaired and read" \
    "$dir/05-nul-inside.txt has bytes that are not valid UTF-8; they were replaced by U+FFFD" "$err"
check_contains "spaces only" "$dir/18-spaces.txt has no text (only spaces or blank lines); skipped" "$err"
check_contains "a byte-order mark only" "$dir/19-bom-only.txt has no text (only spaces or blank lines); skipped" "$err"
check_eq "exactly twelve warnings, one per bad thing" 12 "$(wc -l <"$scratch/err")"

# Every good document counted: 四个意识 as grep counts it in the readable
# text (the GB18030 and UTF-16 copies counted through their UTF-8 source).
want=$(( $(grep -o 四个意识 "$seed" | wc -l) * 2 + $(grep -o 四个意识 "$report" | wc -l) * 2 + \
        $(grep -o 四个意识 "$dir/04-long-line.txt" | wc -l) + 1 ))
got=$(awk -F'\t' '$3 == "四个意识" { print $4 }' "$scratch/out.tsv")
check_eq "四个意识 counted in every good document ($want)" "$want" "$got"
docs=$(awk -F'\t' '$3 == "四个意识" { print $5 }' "$scratch/out.tsv")
check_eq "in 6 documents: the seed (UTF-8, UTF-16), the report (GB18030, with NULs), the long line, the JSON record" \
    6 "$docs"

# A rule that backtracks without end is stopped, and the run goes on.
printf 'pack: evil\n\nid: catastrophic\npattern: (a+)+$\n\nid: fine\nliteral: aab\n' >"$scratch/evil.rules"
{ head -c 100000 /dev/zero | tr '\0' a; printf 'b'; } >"$scratch/aaa.txt"
start=$(date +%s%N)
"$TIFA" report --rules "$scratch/evil.rules" -p evil --format tsv "$scratch/aaa.txt" \
    >"$scratch/evil.tsv" 2>"$scratch/evil.err"
check_eq "catastrophic rule: exit 1" 1 $?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "# (a+)+\$ against 100 KB of 'a' then 'b': stopped after ${ms} ms (match limit 10,000,000)"
check_contains "catastrophic rule named with the document and offset" \
    "$scratch/aaa.txt: rule 'catastrophic' of pack 'evil' was stopped at byte 0: match limit exceeded" \
    "$(cat "$scratch/evil.err")"
check_eq "the document's other rules still count (aab once)" "evil	default	aab	1" \
    "$(sed 1d "$scratch/evil.tsv" | cut -f1-4)"

done_testing
