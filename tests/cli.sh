#!/bin/sh
# The command line: help, usage errors and exit statuses, plugin loading
# (broken plugins built in tests/plugins/), rule-pack checks, output files.
. "$TIFA_SRCDIR/tests/lib.sh"

# ---- help and usage ----
out=$("$TIFA" --version)
check_contains "--version names the plugin ABI" "(plugin ABI 1," "$out"
# The allocator: mimalloc's malloc is in place exactly when tifa is linked
# with it, and --version says so (configure.ac).
if ldd "$TIFA" 2>/dev/null | grep -q 'libmimalloc\.so'; then
    check_contains "--version names mimalloc, which tifa is linked with" ", mimalloc 2." "$out"
else
    check_not_contains "--version names no mimalloc when tifa is not linked with it" "mimalloc" "$out"
fi

"$TIFA" >/dev/null 2>&1
check_eq "no command: exit 2" 2 $?

err=$("$TIFA" frobnicate 2>&1)
check_eq "unknown command: exit 2" 2 $?
check_contains "unknown command: says so" "unknown command 'frobnicate'" "$err"

for cmd in report matches kwic plugins rules; do
    out=$("$TIFA" $cmd --help)
    check_contains "$cmd --help shows usage" "tifa $cmd" "$out"
done
out=$("$TIFA" report --help)
check_contains "report --help explains exit statuses" "Exit status: 0" "$out"

err=$("$TIFA" report --format xml "$seed" 2>&1)
check_eq "bad --format: exit 2" 2 $?
check_contains "bad --format: message" "unknown format 'xml': use table, tsv, csv or json" "$err"

err=$("$TIFA" report --no-such-option 2>&1)
check_eq "unknown option: exit 2" 2 $?

err=$("$TIFA" report -p nonesuch "$seed" 2>&1)
check_eq "unknown --plugin: exit 2" 2 $?
check_contains "unknown --plugin: message" "no plugin or rule pack named 'nonesuch'" "$err"

# ---- plugins ----
out=$("$TIFA" plugins --format tsv)
check_eq "plugins: the bundled detectors" "bundle
formulations
officials
phrases" "$(printf '%s\n' "$out" | sed 1d | cut -f1)"

# Every broken plugin is named in one sentence; the good ones still load.
err=$("$TIFA" plugins --plugin-dir "$TIFA_TEST_PLUGINS" --format tsv 2>&1 >"$scratch/plugins.tsv")
check_eq "broken plugins: exit 1 (something was skipped)" 1 $?
d=$TIFA_TEST_PLUGINS
check_contains "wrong ABI refused" \
    "plugin $d/wrong-abi.so was built for plugin ABI 999, this tifa speaks ABI 1: rebuild it" "$err"
check_contains "no symbol refused" \
    "$d/no-symbol.so is not a tifa plugin (it exports no tifa_plugin_get function)" "$err"
check_contains "missing callback refused" \
    "plugin $d/no-scan.so (no-scan) lacks its scan callback, which is required" "$err"
check_contains "failing init reported" \
    "plugin failing-init ($d/failing-init.so) failed to start: the settings file it needs is missing; skipped" "$err"
check_eq "good plugins loaded beside the broken ones" "bad-key
bundle
crash
echo
formulations
officials
phrases" "$(awk -F'\t' '$7 == "loaded" { print $1 }' "$scratch/plugins.tsv")"
# ... and the broken ones listed after them, each with why.
check_eq "skipped plugins listed with why" \
"no-scan	skipped: plugin $d/no-scan.so (no-scan) lacks its scan callback, which is required
word-lookup	skipped: needs the rule pack 'word-lookup'
failing-init	skipped: failed to start: the settings file it needs is missing" \
    "$(awk -F'\t' '$7 != "loaded" && NR > 1 { print $1 "\t" $7 }' "$scratch/plugins.tsv" |
       grep -v '^no-symbol\|^wrong-abi')"
check_eq "a refused file's row: its file name, no version" \
    "wrong-abi		$d/wrong-abi.so" \
    "$(awk -F'\t' '$1 == "wrong-abi" { print $1 "\t" $2 "\t" $5 }' "$scratch/plugins.tsv")"

# A plugin of the same name earlier on the path hides the later one: no
# warning, exit 0, and tifa plugins says which file runs.
mkdir -p "$scratch/early" "$scratch/late"
cp "$TIFA_TEST_PLUGINS/echo.so" "$scratch/early/"
cp "$TIFA_TEST_PLUGINS/echo.so" "$scratch/late/"
out=$("$TIFA" plugins --plugin-dir "$scratch/early" --plugin-dir "$scratch/late" \
      -p echo --format tsv 2>"$scratch/err")
check_eq "a hidden plugin: exit 0" 0 $?
check_eq "a hidden plugin: no warning" "" "$(cat "$scratch/err")"
check_eq "a hidden plugin: the one that runs, then the hidden one" \
"echo	$scratch/early/echo.so	loaded
echo	$scratch/late/echo.so	hidden by $scratch/early/echo.so" \
    "$(printf '%s\n' "$out" | sed 1d | cut -f1,5,7)"
# A plugin hidden by one that then fails to start: its row says that none
# of the name runs (it named the failed one as running).
mkdir -p "$scratch/fail-early" "$scratch/fail-late"
cp "$TIFA_TEST_PLUGINS/failing-init.so" "$scratch/fail-early/"
cp "$TIFA_TEST_PLUGINS/failing-init.so" "$scratch/fail-late/"
out=$("$TIFA" plugins --plugin-dir "$scratch/fail-early" --plugin-dir "$scratch/fail-late" \
      --format tsv 2>/dev/null)
check_eq "hidden by a plugin that failed: said" \
    "failing-init	hidden by $scratch/fail-early/failing-init.so, itself skipped: no plugin 'failing-init' runs" \
    "$(printf '%s\n' "$out" | awk -F'\t' '$5 == "'"$scratch/fail-late/failing-init.so"'" { print $1 "\t" $7 }')"
# A directory twice on the path (TIFA_PLUGIN_PATH naming the installed one)
# is read once: each broken plugin warned about once.
n=$("$TIFA" plugins --plugin-dir "$TIFA_TEST_PLUGINS" --plugin-dir "$TIFA_TEST_PLUGINS/" 2>&1 >/dev/null |
    grep -c 'wrong-abi')
check_eq "a plugin directory named twice: one warning per broken plugin" 1 "$n"
# One directory named twice is no hiding.
out=$("$TIFA" plugins --plugin-dir "$scratch/early" --plugin-dir "$scratch/early/" \
      -p echo --format tsv)
check_eq "one directory twice: one row" "echo	loaded" "$(printf '%s\n' "$out" | sed 1d | cut -f1,7)"

# The only plugin asked for failed to start: said so, not "install tifa".
err=$("$TIFA" report --plugin-dir "$TIFA_TEST_PLUGINS" -p failing-init "$seed" 2>&1)
check_eq "the only plugin asked for fails to start: exit 2" 2 $?
check_contains "the only plugin asked for fails to start: said" \
    "tifa: no plugin or rule pack could run: see the warnings above" "$err"

# The pack beside a refused plugin is that plugin's: it is not counted bare
# under the plugin's name, as if the plugin had run.
mkdir "$scratch/abi"
cp "$TIFA_TEST_PLUGINS/wrong-abi.so" "$scratch/abi/"
printf 'pack: wrong-abi\n\nid: a\nliteral: 四个意识\n' >"$scratch/abi/wrong-abi.rules"
out=$("$TIFA" report --plugin-dir "$scratch/abi" -p formulations -p wrong-abi --format tsv "$seed" 2>"$scratch/abi.err")
check_eq "a refused plugin's pack: nothing counted under its name" "" \
    "$(printf '%s\n' "$out" | awk -F'\t' '$1 == "wrong-abi"')"
check_contains "a refused plugin's pack: said" \
    "rule pack 'wrong-abi' ($scratch/abi/wrong-abi.rules) is not counted on its own: it is the pack of plugin file wrong-abi.so, refused above" \
    "$(cat "$scratch/abi.err")"

# A plugin asks tifa about a lookup rule (tifa_host.lookup_covering): the
# country word that covers the character before each 总统, the leftmost one
# (斯里兰卡, not 兰卡), or none; the lookup rule itself is never matched
# (the plugin fails the document if it is).  Offsets read off the text.
printf '俄罗斯总统普京会见斯里兰卡总统，美国总统和总统府。\n' >"$scratch/lookup.txt"
out=$("$TIFA" matches --plugin-dir "$TIFA_TEST_PLUGINS" --rules "$TIFA_SRCDIR/tests/data/word-lookup.rules" \
      -p word-lookup --format tsv "$scratch/lookup.txt" 2>/dev/null | awk -F'\t' 'NR > 1 { print $5, $7 }')
check_eq "a plugin's lookups: the word before each title, or none" "俄罗斯 9
斯里兰卡 39
美国 54
- 63" "$out"

# A lookup rule in a pack that no plugin claims can never be asked for: the
# run says so, naming the rule, and the pack's other rules still count
# (生态环境: 10 times in the seed, grep -o).
printf 'pack: mylist\ncategory: word\n\nid: words\nliteral: 生态环境\n\nid: stop\nlookup: yes\nliteral: 会议\n' \
    >"$scratch/mylist.rules"
err=$("$TIFA" report -p mylist --rules "$scratch/mylist.rules" --format tsv "$seed" 2>&1 >"$scratch/mylist.tsv")
check_contains "a lookup rule without a plugin is named" \
    "$scratch/mylist.rules:7: rule 'stop' is a lookup rule (lookup: yes), which only a plugin that claims pack 'mylist' can ask for" "$err"
check_eq "and the pack's other rules still count" "生态环境 10" \
    "$(awk -F'\t' 'NR > 1 { print $3, $4 }' "$scratch/mylist.tsv")"

# bad_key_report DOC NAME: report DOC with the bad-key and formulations
# plugins into $scratch/NAME.tsv; its standard error in $err, its status in
# $status.
bad_key_report() {
    err=$("$TIFA" report --plugin-dir "$TIFA_TEST_PLUGINS" -p bad-key -p formulations \
          --format tsv "$1" 2>&1 >"$scratch/$2.tsv")
    status=$?
}

# A plugin that emits invalid UTF-8 is named; the other plugins' counts stand.
bad_key_report "$seed" bad-key
check_eq "plugin emitting invalid UTF-8: exit 1" 1 $status
check_contains "plugin emitting invalid UTF-8: named" \
    "plugin bad-key failed on $seed: emitted a key that is empty or not valid UTF-8; its results for this document are dropped" "$err"
check_eq "other plugins still counted" "2" \
    "$(awk -F'\t' '$1 == "formulations" && $3 == "两个确立" { print $4 }' "$scratch/bad-key.tsv")"
# A category that is not valid UTF-8, after a good one from the same plugin.
printf '两个确立 BAD-CATEGORY\n' >"$scratch/bad-category.txt"
bad_key_report "$scratch/bad-category.txt" bad-category
check_eq "plugin emitting a bad category: exit 1" 1 $status
check_contains "plugin emitting a bad category: named" \
    "plugin bad-key failed on $scratch/bad-category.txt: emitted a category that is not valid UTF-8; its results for this document are dropped" "$err"
check_eq "its good result is dropped with it, formulations still counted" "formulations 1" \
    "$(awk -F'\t' 'NR > 1 { print $1, $4 }' "$scratch/bad-category.tsv")"

# A plugin that ignores a refused emit() and emits again: one warning, the
# first error (GLib printed "GError set over the top" for each one after).
printf '两个确立 IGNORE-ERRORS\n' >"$scratch/ignore.txt"
bad_key_report "$scratch/ignore.txt" ignore
check_eq "plugin ignoring refused emits: exit 1" 1 $status
check_contains "plugin ignoring refused emits: the first error" \
    "tifa: warning: plugin bad-key failed on $scratch/ignore.txt: emitted a key that is empty or not valid UTF-8; its results for this document are dropped" "$err"
check_eq "plugin ignoring refused emits: said once, nothing from GLib" "1 0" \
    "$(printf '%s\n' "$err" | grep -c 'failed on') $(printf '%s\n' "$err" | grep -c GError)"

# A plugin that crashes the process is named, with the document.
printf '国务院总理李鹏会见外宾。CRASH-ME\n' >"$scratch/crash.txt"
# (Under AddressSanitizer, let tifa's own handler run, as it does without.)
err=$(ASAN_OPTIONS="${ASAN_OPTIONS:-}:allow_user_segv_handler=1" \
      "$TIFA" report --plugin-dir "$TIFA_TEST_PLUGINS" -p crash -p officials "$scratch/crash.txt" 2>&1)
status=$?
[ $status -gt 128 ] && ok "a crashing plugin kills the run (status $status)" ||
    not_ok "a crashing plugin: status $status"
check_contains "a crashing plugin is named, with the document" \
    "tifa: plugin crash ($TIFA_TEST_PLUGINS/crash.so) crashed while scanning $scratch/crash.txt" "$err"
check_eq "no blank line before the crash message" 0 "$(printf '%s\n' "$err" | grep -c '^$')"

# One that crashes in its init() is named too, with when.
err=$(ASAN_OPTIONS="${ASAN_OPTIONS:-}:allow_user_segv_handler=1" \
      "$TIFA" report --plugin-dir "$TIFA_TEST_PLUGINS" -p crash --option crash.in=init \
      "$scratch/crash.txt" 2>&1)
status=$?
[ $status -gt 128 ] && ok "a plugin crashing in init kills the run (status $status)" ||
    not_ok "a plugin crashing in init: status $status"
check_contains "a plugin crashing in init is named" \
    "tifa: plugin crash ($TIFA_TEST_PLUGINS/crash.so) crashed while starting or stopping (its init or free)" "$err"

# A plugin without rules reads the text itself; --option reaches it.  The
# seed has 15 opening quotation marks (grep -o '“' | wc -l).
out=$("$TIFA" report --plugin-dir "$TIFA_TEST_PLUGINS" -p echo --option echo.category=q \
      --format tsv "$seed" 2>/dev/null)
check_eq "echo plugin: 15 quotation marks, option as category" "echo	q	“	15	1" \
    "$(printf '%s\n' "$out" | sed 1d | cut -f1-5)"

# An empty entry in TIFA_PLUGIN_PATH does not mean the current directory.
mkdir "$scratch/cwd"
cp "$TIFA_TEST_PLUGINS/echo.so" "$scratch/cwd/"
out=$(cd "$scratch/cwd" && TIFA_PLUGIN_PATH=":$TIFA_PLUGIN_PATH:" "$TIFA" plugins --format tsv)
check_not_contains "no plugin loaded from the current directory" "echo" "$out"

# ---- rule packs ----
printf 'id: ok\nliteral: 两个确立\n\nid: broken\npattern: 四个(意识\n\nid: ok\nliteral: x\n' \
    >"$scratch/broken.rules"
out=$("$TIFA" rules check "$scratch/broken.rules")
check_eq "rules check on a broken pack: exit 2" 2 $?
check_contains "rules check: PCRE2 message with its place" \
    "$scratch/broken.rules:5: rule 'broken': bad pattern: missing closing parenthesis at character 5" "$out"
check_contains "rules check: duplicate id" \
    "$scratch/broken.rules:7: rule id 'ok' used twice (first on line 1)" "$out"

err=$("$TIFA" report --rules "$scratch/broken.rules" "$seed" 2>&1)
check_eq "a run with a broken pack: exit 2" 2 $?
check_contains "a run with a broken pack: names the file and line" "$scratch/broken.rules:5:" "$err"

# A broken pack in a rules directory is left out, with warnings, and the
# run goes on (exit 1); tifa plugins still lists what loads; rules check
# without files fails on it.
mkdir "$scratch/rp"
cp "$scratch/broken.rules" "$scratch/rp/"
out=$(TIFA_RULES_PATH="$TIFA_RULES_PATH:$scratch/rp" "$TIFA" report -p formulations --format tsv "$seed" \
      2>"$scratch/rp.err")
check_eq "a broken pack on the path: the run goes on, exit 1" 1 $?
check_eq "a broken pack on the path: the others still count (两个确立 twice in the seed)" \
    "formulations	known	两个确立	2	1" \
    "$(printf '%s\n' "$out" | awk -F'\t' '$3 == "两个确立"' | cut -f1-5)"
check_contains "a broken pack on the path: its problem, as a warning" \
    "tifa: warning: $scratch/rp/broken.rules:5: rule 'broken': bad pattern" "$(cat "$scratch/rp.err")"
check_contains "a broken pack on the path: said to be left out" \
    "tifa: warning: $scratch/rp/broken.rules: this rule pack has the problems above and is left out" \
    "$(cat "$scratch/rp.err")"
TIFA_RULES_PATH="$TIFA_RULES_PATH:$scratch/rp" "$TIFA" plugins >/dev/null 2>&1
check_eq "a broken pack on the path: tifa plugins still runs, exit 1" 1 $?
TIFA_RULES_PATH="$TIFA_RULES_PATH:$scratch/rp" "$TIFA" rules check >/dev/null 2>&1
check_eq "a broken pack on the path: rules check fails, exit 2" 2 $?
# So is a file of a bundled pack whose rule id the pack already has (it
# stopped every run, exit 2): left out, the pack as it was.
mkdir "$scratch/rp2"
printf 'pack: formulations\ncategory: known\n\nid: liangge-queli\nliteral: 两个确立\n\nid: my-own\nliteral: 四个意识\n' \
    >"$scratch/rp2/extra.rules"
out=$(TIFA_RULES_PATH="$TIFA_RULES_PATH:$scratch/rp2" "$TIFA" report -p formulations --format tsv \
      "$seed" 2>"$scratch/rp2.err")
check_eq "a clashing id in a pack file on the path: the run goes on, exit 1, the pack unchanged" \
    "1 formulations	known	两个确立	2	1" \
    "$? $(printf '%s\n' "$out" | awk -F'\t' '$3 == "两个确立"' | cut -f1-5)"
check_contains "... the clash said as a warning" \
    "tifa: warning: $scratch/rp2/extra.rules:4: rule id 'liangge-queli' of pack 'formulations' is already used in" \
    "$(cat "$scratch/rp2.err")"
check_contains "... and the file left out" \
    "tifa: warning: $scratch/rp2/extra.rules: this rule pack has the problems above and is left out" \
    "$(cat "$scratch/rp2.err")"

for pack in formulations phrases officials; do
    out=$("$TIFA" rules check "$TIFA_SRCDIR/rules/$pack.rules")
    check_eq "bundled pack $pack checks clean" 0 $?
done

# --explain: how the fast engine looks for each rule, checked on rules whose
# analysis tests/test-rules.c also checks.
out=$("$TIFA" rules check --explain "$TIFA_SRCDIR/tests/data/hostile.rules")
check_contains "rules check --explain: the literals and what must follow them" \
    "rule 'after-class': the fast engine looks for 2 literals (总书记, 主席); a match starts with it; PCRE2 is asked there, knowing what must follow it" \
    "$out"
out=$("$TIFA" rules check --explain "$TIFA_SRCDIR/rules/officials.rules")
# (SURNAME_TITLE's 20 titles, 副 left out: the literals.)
check_contains "rules check --explain: a window before the literal" \
    "rule 'surname-title': the fast engine looks for 20 literals (总书记, 主席, 总理 …); a match starts 3 to 9 bytes before it" \
    "$out"
check_contains "rules check --explain: a literal rule needs no PCRE2" \
    "rule 'former-org': a literal rule (1 spelling: 时任); the fast engine finds its matches without PCRE2" \
    "$out"
check_contains "rules check --explain without a file: every loaded pack" \
    "rule 'appointment': the fast engine looks for 2 literals (任命, 免去); a match starts with it" \
    "$("$TIFA" rules check --explain)"
printf 'pack: ctl\n\nid: nl\npattern: 主席\\n\\t[朱-温]\n' >"$scratch/ctl.rules"
check_contains "rules check --explain escapes control characters of a literal" \
    "looks for 1 literal (主席\\x0A\\x09)" "$("$TIFA" rules check --explain "$scratch/ctl.rules")"
# A rule whose words sit in a lookbehind, before an unbounded repeat: its
# filter is nearly a full pass, and check says so; written with the words in
# the match, it is cheap and nothing is said.
printf 'pack: lb\n\nid: behind\npattern: (?<=任命|免去)\\p{Han}{2,3}(?:、\\p{Han}{2,3})*为部长\n' \
    >"$scratch/lookbehind.rules"
check_contains "rules check: a match that can start anywhere before its literals" \
    "rule 'behind': a match can start anywhere before its literals" \
    "$("$TIFA" rules check "$scratch/lookbehind.rules")"
sed 's/(?<=任命|免去)/(?:任命|免去)/' "$scratch/lookbehind.rules" >"$scratch/consumed.rules"
check_eq "rules check: nothing to say when the words start the match" \
    "$scratch/consumed.rules: pack 'lb', 1 rule, OK; the fast engine filters it by its literals" \
    "$("$TIFA" rules check "$scratch/consumed.rules")"
out=$("$TIFA" rules check "$TIFA_SRCDIR/rules/officials.rules")
check_eq "rules check without --explain says nothing of filtered rules" 0 \
    "$(printf '%s\n' "$out" | grep -c 'the fast engine looks for')"

# A user's own pack needs no rebuild: it becomes a detector of its own.
printf 'pack: mine\n\nid: ganbu\nliteral: 党员干部\n' >"$scratch/mine.rules"
out=$("$TIFA" report --rules "$scratch/mine.rules" -p mine --format tsv "$seed")
check_eq "user pack counted (党员干部 once in the seed)" "mine	default	党员干部	1	1" \
    "$(printf '%s\n' "$out" | sed 1d | cut -f1-5)"

# A key made of a group that did not take part is empty: those matches are
# not counted, and the run says how many.  环境 is 16 times in the seed, 10
# of them in 生态环境 (grep -o).
printf 'pack: ek\n\nid: opt\npattern: (生态)?(环境)\nkey: $1\n' >"$scratch/ek.rules"
out=$("$TIFA" report --rules "$scratch/ek.rules" -p ek --format tsv "$seed" 2>"$scratch/ek.err")
check_eq "empty keys: exit 1" 1 $?
check_eq "empty keys: the matches with a key are counted" "ek	default	生态	10	1" \
    "$(printf '%s\n' "$out" | sed 1d | cut -f1-5)"
check_contains "empty keys: the others are said" \
    "ek.rules:3: rule 'opt' of pack 'ek': 6 matches were not counted, their key came out empty" \
    "$(cat "$scratch/ek.err")"

# Mistakes in a pack that check used to pass or to misreport.
printf 'pack: ep\n\nid: a\npattern:\nkey: x\n' >"$scratch/ep.rules"
out=$("$TIFA" rules check "$scratch/ep.rules")
check_eq "an empty pattern: exit 2" 2 $?
check_contains "an empty pattern is an error" "ep.rules:4: rule 'a': empty pattern" "$out"
printf 'pack: bt\n\nid: han\npattern: (\\p{sc=Han}+)+\\d\n' >"$scratch/bt.rules"
check_contains "backtracking risk seen through \\p{…}+" \
    "rule 'han' has a repeated group that itself contains an unbounded repeat" \
    "$("$TIFA" rules check "$scratch/bt.rules")"
printf '\357\273\277pack: bom\n\nid: a\nliteral: 四个意识\n' >"$scratch/bom.rules"
check_eq "a pack with a byte-order mark checks clean" \
    "$scratch/bom.rules: pack 'bom', 1 rule, OK; the fast engine filters it by its literals" \
    "$("$TIFA" rules check "$scratch/bom.rules")"
printf 'pack: nb\nid: a\nliteral: 四个意识\nid: b\nliteral: 两个维护\n' >"$scratch/nb.rules"
out=$("$TIFA" rules check "$scratch/nb.rules")
check_eq "blank lines missing: one message per record" \
    "$scratch/nb.rules:2: 'id:' starts a new record: put a blank line before it
$scratch/nb.rules:4: 'id:' starts a new record: put a blank line before it
$scratch/nb.rules: 2 problems" "$out"
printf 'pack: cm\n\nid: a\nliteral: 两个确立 # the 2021 one\n' >"$scratch/cm.rules"
check_contains "a comment after a literal is warned about" \
    "cm.rules:3: warning: rule 'a': the literal '两个确立 # the 2021 one' holds ' #': a comment takes a line of its own" \
    "$("$TIFA" rules check "$scratch/cm.rules")"
# check FILE reads the pack as a run would, with the packs of its name.
printf 'pack: formulations\n\nid: sige-yishi\nliteral: 四个意识\n' >"$scratch/ext.rules"
out=$("$TIFA" rules check "$scratch/ext.rules")
check_eq "rules check: a rule id the bundled pack uses: exit 2" 2 $?
check_contains "rules check: a rule id the bundled pack uses" \
    "ext.rules:3: rule id 'sige-yishi' of pack 'formulations' is already used in" "$out"
mkdir "$scratch/edited"
cp "$TIFA_SRCDIR/rules/formulations.rules" "$scratch/edited/"
"$TIFA" rules check "$scratch/edited/formulations.rules" >/dev/null
check_eq "a copy of formulations.rules given by name replaces the bundled one" 0 $?

# ---- output files ----
"$TIFA" report -p formulations --format csv -o "$scratch/out.csv" "$seed"
check_eq "-o writes the file" "plugin,category,key,mentions,documents,share,per10k,first,last,labels" \
    "$(head -n 1 "$scratch/out.csv" | tr -d '\r')"
err=$("$TIFA" report -o "$scratch/no/such/dir/out.tsv" "$seed" 2>&1)
check_eq "output into a missing directory: exit 2" 2 $?
check_contains "output into a missing directory: says why" \
    "cannot write $scratch/no/such/dir/out.tsv" "$err"
echo previous >"$scratch/keep.tsv"
"$TIFA" report --rules "$scratch/broken.rules" -o "$scratch/keep.tsv" "$seed" 2>/dev/null
check_eq "a failed run leaves the previous output file" previous "$(cat "$scratch/keep.tsv")"
check_eq "no temporary file left behind" "" "$(ls -A "$scratch" | grep '\.tmp-' || true)"

# A device is written to, never replaced by a file renamed over it (as
# root, -o /dev/null made /dev/null a regular file); a full one is an error.
# (A device of our own where the machine's /dev/null is not one: an older
# tifa run as root elsewhere on the machine may have replaced it.)
if [ -c /dev/null ]; then
    nul=/dev/null
elif mknod "$scratch/null" c 1 3 2>/dev/null; then
    nul="$scratch/null"
else
    nul=""
fi
if [ -n "$nul" ]; then
    "$TIFA" report -o "$nul" "$seed"
    check_eq "-o $nul: exit 0" 0 $?
    [ -c "$nul" ] && ok "-o $nul leaves it a device" || not_ok "-o $nul replaced it: $(ls -l "$nul")"
else
    ok "# SKIP /dev/null is no device here, and no device can be made"
fi
if [ -c /dev/full ]; then
    err=$("$TIFA" report -o /dev/full "$seed" 2>&1)
    check_eq "-o /dev/full: exit 2" 2 $?
    check_eq "-o /dev/full: says why" "tifa: cannot write /dev/full: No space left on device" "$err"
else
    ok "# SKIP no /dev/full here"
fi
# A symbolic link stays, and the file it points to gets the output; a file
# replaced keeps its mode.
echo previous >"$scratch/target.tsv"
chmod 600 "$scratch/target.tsv"
ln -s target.tsv "$scratch/link.tsv"
"$TIFA" report -p formulations --format tsv -o "$scratch/link.tsv" "$seed"
[ -L "$scratch/link.tsv" ] && ok "-o through a symbolic link keeps the link" ||
    not_ok "-o through a symbolic link replaced it"
check_eq "-o through a symbolic link writes its target" \
    "plugin	category	key	mentions	documents	share	per10k	first	last	labels" \
    "$(head -n 1 "$scratch/target.tsv")"
check_eq "-o keeps the mode of the file it replaces" 600 "$(stat -c %a "$scratch/target.tsv")"
err=$("$TIFA" report -o "$scratch" "$seed" 2>&1)
check_eq "-o a directory: exit 2" 2 $?
check_eq "-o a directory: says so" "tifa: cannot write $scratch: it is a directory" "$err"

# An output inside the directory counted, or over a document of it, is
# refused before anything is read (a report written into the corpus was
# counted by the next run; -o over a document replaced it).
mkdir "$scratch/own"
cp "$seed" "$scratch/own/doc.txt"
err=$("$TIFA" report -o "$scratch/own/report.txt" "$scratch/own" 2>&1)
check_eq "-o inside the corpus: exit 2" 2 $?
check_eq "-o inside the corpus: says why" \
    "tifa: -o $scratch/own/report.txt is inside $scratch/own, which this run reads: the next run would count it as a document; write it elsewhere" "$err"
err=$("$TIFA" report -o "$scratch/own/doc.txt" "$scratch/own/doc.txt" 2>&1)
check_eq "-o over a document: exit 2" 2 $?
check_contains "-o over a document: says so" "names a document this run reads" "$err"
check_eq "the document is untouched" "$(cat "$seed")" "$(cat "$scratch/own/doc.txt")"
check_eq "nothing is left in the corpus" "doc.txt" "$(ls -A "$scratch/own")"
# The pages and charts too (report --html inside the corpus raised 四个意识
# from 1 to 6 mentions in the next run, in a review).
err=$("$TIFA" report --html "$scratch/own/r.html" "$scratch/own" 2>&1)
check_eq "report --html inside the corpus: refused" \
    "2 tifa: --html $scratch/own/r.html is inside $scratch/own, which this run reads: the next run would count it as a document; write it elsewhere" \
    "$? $err"
err=$("$TIFA" trend --plot "$scratch/own/t.svg" "$scratch/own" 2>&1)
check_contains "trend --plot inside the corpus: refused" "--plot $scratch/own/t.svg is inside" "$err"
err=$("$TIFA" officials --html "$scratch/own/o.html" "$scratch/own" 2>&1)
check_contains "officials --html inside the corpus: refused" "--html $scratch/own/o.html is inside" "$err"
check_eq "... and nothing written there" "doc.txt" "$(ls -A "$scratch/own")"

# "-" is standard output for --html as for -o, wherever the run reads.
out=$(cd "$scratch/own" && "$TIFA" report -q -p formulations --html - . 2>&1)
check_eq "--html - inside the corpus: standard output, no refusal" "0" "$?"
check_contains "... the page on standard output" "<!DOCTYPE html>" "$out"

# Two outputs on one file kept only the one written last (a TSV where the
# database should have been, exit 0): refused.
err=$("$TIFA" report -f tsv -o "$scratch/same.out" --db "$scratch/same.out" "$seed" 2>&1)
check_eq "-o and --db on one file: refused, exit 2" \
    "2 tifa: -o $scratch/same.out and --db $scratch/same.out name one file, which would keep only one of them; give each its own" \
    "$? $err"
check_eq "... and neither written" "no" "$([ -e "$scratch/same.out" ] && echo yes || echo no)"
err=$("$TIFA" trend -f tsv -o "$scratch/same.svg" --plot "$scratch/./same.svg" "$seed" 2>&1)
check_contains "-o and --plot on one file, written two ways: refused" \
    "-o $scratch/same.svg and --plot $scratch/./same.svg name one file" "$err"
if [ -n "$nul" ]; then
    "$TIFA" report -q -o "$nul" --html "$nul" "$seed"
    check_eq "a device takes two outputs" 0 $?
fi

# -o FILE.csv without --format writes CSV (it wrote a padded table), for
# matches too (its default is tsv); an extension of a file tifa does not
# write is refused, one that --format contradicts noted.
"$TIFA" report -q -o "$scratch/ext.csv" "$seed"
check_eq "-o FILE.csv: CSV" "plugin,category,key,mentions,documents,share,per10k,first,last,labels" \
    "$(head -n 1 "$scratch/ext.csv" | tr -d '\r')"
"$TIFA" matches -q -o "$scratch/ext.json" "$seed"
check_eq "matches -o FILE.json: JSON" "[" "$(head -n 1 "$scratch/ext.json")"
err=$("$TIFA" matches -o "$scratch/ext.html" "$seed" 2>&1)
check_eq "matches -o FILE.html: refused, naming the commands that write pages" \
    "2 tifa: -o $scratch/ext.html: -o writes a table, tsv, csv or json, not .html; report, trend, officials and diff write a page with --html FILE.html" \
    "$? $err"
err=$("$TIFA" report -o "$scratch/ext.xlsx" "$seed" 2>&1)
check_eq "-o FILE.xlsx: refused, saying what to use" \
    "2 tifa: -o $scratch/ext.xlsx: -o writes a table, tsv, csv or json, not .xlsx; -f csv writes what a spreadsheet opens" \
    "$? $err"
err=$("$TIFA" report -f tsv -o "$scratch/ext2.csv" "$seed" 2>&1)
check_eq "-f tsv -o FILE.csv: --format wins, with a note" \
    "0 tifa: note: -o $scratch/ext2.csv is written as tsv, as --format says, not as its name says" \
    "$? $err"

# A write that fails midway (a full disk; here a file-size limit) is an
# error, and the previous file stays.
echo previous >"$scratch/full.tsv"
err=$( (ulimit -f 1; "$TIFA" report --top 0 --format tsv -o "$scratch/full.tsv" "$seed") 2>&1)
check_eq "a failed write: exit 2" 2 $?
check_contains "a failed write: says why" \
    "cannot write $scratch/full.tsv: File too large; the previous file, if any, is left as it was" "$err"
check_eq "a failed write leaves the previous file" previous "$(cat "$scratch/full.tsv")"

# An interrupted run leaves the previous file and says so.  The reference
# engine over the corpus and two copies of it (a file named twice is read
# once) takes long enough to be stopped.
echo previous >"$scratch/int.tsv"
cp -r "$TIFA_SRCDIR/corpus" "$scratch/corpus-2"
cp -r "$TIFA_SRCDIR/corpus" "$scratch/corpus-3"
"$TIFA" report --engine reference -j 1 -o "$scratch/int.tsv" \
    "$TIFA_SRCDIR/corpus" "$scratch/corpus-2" "$scratch/corpus-3" 2>"$scratch/int.err" &
pid=$!
sleep 0.3
kill -TERM $pid
wait $pid
status=$?
check_eq "SIGTERM: the status says so (128 + 15)" 143 $status
check_eq "SIGTERM: says the output was not changed, on its first line" \
    "tifa: interrupted; output files were not changed" "$(head -1 "$scratch/int.err")"
check_eq "SIGTERM: the previous file stays" previous "$(cat "$scratch/int.tsv")"
check_eq "SIGTERM: no temporary file left" "" "$(ls -A "$scratch" | grep '\.tmp-' || true)"

# ---- the tree ----
listed=$(sed -n 's/^\t\(corpus\/[^ ]*\) \\$/\1/p' "$TIFA_SRCDIR/corpus-files.am")
present=$(cd "$TIFA_SRCDIR" && find corpus -type f | LC_ALL=C sort)
check_eq "corpus-files.am lists every file of corpus/ (make install ships them)" "$present" "$listed"

# -j2 and -n5 written as make and head write them.
check_eq "report -j1 -n3 reads as -j 1 -n 3" \
    "$("$TIFA" report -j 1 -n 3 --format tsv "$seed")" "$("$TIFA" report -j1 -n3 --format tsv "$seed")"

# Progress: a bar with the share done and an ETA on a terminal (script(1)
# gives one), nothing when standard error is a pipe or a file.
if command -v script >/dev/null 2>&1; then
    TIFA_PROGRESS_AFTER_MS=0 script -qec "'$TIFA' report -j 1 '$TIFA_SRCDIR/corpus' >/dev/null" \
        "$scratch/typescript" >/dev/null 2>&1
    drawn=$(tr '\r' '\n' <"$scratch/typescript" | grep -c 'ETA')
    [ "$drawn" -ge 1 ] && ok "progress on a terminal: $drawn updates with a bar and an ETA" ||
        not_ok "progress on a terminal: no bar drawn"
    check_contains "progress: the size of the bundled corpus is known" \
        "of $(find "$TIFA_SRCDIR/corpus" -type f -printf '%s\n' | awk '{ n += $1 } END { printf "%.1f", n / 1e6 }') MB" \
        "$(tr '\r' '\n' <"$scratch/typescript" | grep ETA | tail -1)"
else
    ok "# SKIP script(1) is not installed: no terminal to draw progress on"
fi
TIFA_PROGRESS_AFTER_MS=0 "$TIFA" report -j 1 "$TIFA_SRCDIR/corpus" >/dev/null 2>"$scratch/progress.err"
check_eq "no progress when standard error is a file" "" "$(cat "$scratch/progress.err")"

# A key that one plugin knows is no candidate of another: the bundled corpus
# writes “双一流” once, 双减 twice and 两岸一家亲 three times (grep -o), each
# counted once, as a known key, and never again as a candidate.
out=$("$TIFA" report -f tsv "$TIFA_SRCDIR/corpus")
check_eq "known keys are not also candidates" "formulations known 双一流 1
formulations known 双减 2
phrases slogan 两岸一家亲 3" \
    "$(printf '%s\n' "$out" | awk -F'\t' '$3 == "双一流" || $3 == "双减" || $3 == "两岸一家亲" { print $1, $2, $3, $4 }' | LC_ALL=C sort)"

# A pack named with --rules that is also in a rules directory is loaded once
# (it used to clash with itself: "rule id … is already used").
"$TIFA" report -q --rules "$TIFA_SRCDIR/rules/formulations.rules" -p formulations "$seed" >/dev/null 2>"$scratch/twice-pack.err"
check_eq "a bundled pack named again with --rules: exit 0" 0 $?
check_eq "and no message" "" "$(cat "$scratch/twice-pack.err")"

# Nothing found, or a name that names nothing, is said, not passed over.
out=$("$TIFA" trend --key 不存在 "$seed" 2>&1 >/dev/null)
check_contains "trend: a key with no hit is noted" "no hit has the key '不存在' in these documents" "$out"
out=$("$TIFA" kwic -k 不存在 "$seed" 2>&1 >/dev/null)
check_contains "kwic -k: no line is noted" "no hit has the key '不存在'" "$out"
# --profile: where the time went, on standard error; the report unchanged.
"$TIFA" report -j 2 --format tsv "$seed" >"$scratch/plain.tsv" 2>/dev/null
"$TIFA" report -j 2 --format tsv --profile "$seed" >"$scratch/profiled.tsv" 2>"$scratch/profile.txt"
check_eq "--profile leaves the report as it is" "" "$(cmp "$scratch/plain.tsv" "$scratch/profiled.tsv" 2>&1)"
prof=$(cat "$scratch/profile.txt")
check_contains "--profile: CPU time per stage" "CPU time per stage, summed over the threads" "$prof"
check_eq "--profile: one line per plugin, in the plugins stage" "bundle formulations officials phrases" \
    "$(awk '/^ *[0-9.]+ +[0-9.]+%    [a-z]+$/ { printf "%s%s", sep, $3; sep = " " }' "$scratch/profile.txt")"
check_eq "--profile: the stages' shares add up to 100%" "100" \
    "$(awk '/^ *[0-9.]+ +[0-9.]+%  [^ ]/ { gsub("%", "", $2); s += $2 } END { printf "%.0f", s }' "$scratch/profile.txt")"
check_contains "--profile: then PCRE2 time per rule" "officials/title-names" "$prof"
out=$("$TIFA" kwic 林奇昌 "$seed" 2>&1 >/dev/null)
check_contains "kwic of plain text no pack defines: a note points to -k" "-k shows only the mentions a plugin counted" "$out"
err=$("$TIFA" kwic '' "$seed" 2>&1 >/dev/null)
check_eq "kwic of an empty argument: exit 2" 2 $?
check_eq "kwic of an empty argument: says so" "tifa: kwic needs a key or a pattern to show; '' is empty" "$err"
err=$("$TIFA" officials --with -1 "$seed" 2>&1 >/dev/null)
check_eq "officials --with -1: exit 2" 2 $?
check_eq "officials --with -1: says so" "tifa: --with takes a number of people, 0 or more, not -1" "$err"
# A pattern that backtracks without end stops at the match limit, as a rule
# does, and says so (it showed what it had found and exited 0).
err=$("$TIFA" kwic --match-limit 1000 '(\p{sc=Han}+)+x|四个意识' "$seed" 2>&1 >/dev/null)
check_eq "kwic stopped by the match limit: exit 1" 1 $?
check_contains "kwic stopped by the match limit: says where" \
    "$seed: the pattern was stopped at byte 0: match limit exceeded; its later places in this document are not shown" "$err"
check_eq "but not for a pattern written as one (-e)" "" "$("$TIFA" kwic -e 林奇昌 "$seed" 2>&1 >/dev/null)"
check_eq "nor for a pattern with metacharacters" "" "$("$TIFA" kwic '林.昌' "$seed" 2>&1 >/dev/null)"
out=$("$TIFA" rules list --pack nosuch 2>&1)
check_eq "rules list --pack of no pack: exit 2" 2 $?
check_contains "and the loaded packs are named" "no rule pack is named 'nosuch' (loaded: bundle, formulations, officials, phrases)" "$out"
out=$("$TIFA" report --option nosuch.x=1 "$seed" 2>&1)
check_eq "--option for no plugin: exit 2" 2 $?
check_contains "and the plugins are named" "no plugin named 'nosuch' in this run" "$out"
out=$("$TIFA" report --option formulations.bogus=1 "$seed" 2>&1)
check_eq "--option with a setting the plugin does not have: exit 2" 2 $?
check_eq "and it says so" "tifa: --option formulations.bogus: formulations takes no settings" "$out"
out=$("$TIFA" report --plugin-dir "$TIFA_TEST_PLUGINS" -p echo --option echo.categroy=q "$seed" 2>&1)
check_eq "--option with a misspelt setting: exit 2" 2 $?
check_contains "and the plugin's settings are named" \
    "tifa: --option echo.categroy: plugin echo has no setting 'categroy' (its settings: category)" "$out"
for cmd in report trend officials diff; do
    "$TIFA" $cmd --top -1 "$seed" "$seed" >/dev/null 2>"$scratch/top.err"
    check_eq "$cmd --top -1: exit 2" 2 $?
done
check_eq "and it says what --top takes" "tifa: --top takes a number of rows (0: all of them), not -1" \
    "$(cat "$scratch/top.err")"
# --top N given is N rows per plugin and category in every format (it was
# applied to tables only): the bundled corpus has four keys of bundle's
# paragraphs, the two most mentioned 3/4 and 4/4 (3 each).
out=$("$TIFA" report -n 2 -f tsv -p bundle "$TIFA_SRCDIR/corpus" 2>"$scratch/top.err")
check_eq "report -n 2 -f tsv: two rows per category" "paragraph 3/4 四个意识+四个自信+两个维护 3
paragraph 4/4 canonical 3" \
    "$(printf '%s\n' "$out" | awk -F'\t' '$2 == "paragraph" { print $2, $3, $4 }')"
check_eq "... and a note says how many were left out" \
    "tifa: note: 4 rows not written: --top 2 writes 2 per plugin and category" "$(cat "$scratch/top.err")"
# A key of two categories is told apart in diff's chart: bundle gives
# 2/4 四个意识+四个自信 as a paragraph and as a sentence (the two congress
# reports bundled).
congress="$TIFA_SRCDIR/corpus/party-congress"
"$TIFA" diff -q --html "$scratch/diff.html" "$congress/2017-10-18_19th-congress-report.txt" \
    "$congress/2022-10-16_20th-congress-report.txt" >/dev/null
check_eq "diff --html: a key in two categories is labelled with each" 2 \
    "$(grep -o -e '2/4 四个意识+四个自信 (bundle paragraph)' -e '2/4 四个意识+四个自信 (bundle sentence)' \
        "$scratch/diff.html" | sort -u | wc -l | tr -d ' ')"
check_eq "trend --period: a bin the period cuts is named, with the days it holds" \
    "tifa: note: the bin 2023-Q2 is cut by --period: it holds 2023-05-01 to 2023-06-30 only" \
    "$("$TIFA" trend --by quarter --key 两个确立 --period 2023-05..2023-06 "$seed" 2>&1 >/dev/null |
       grep 'is cut')"
# A share is drawn in percent, as the table prints it (the seed: 两个确立 in
# its one document, 100%).
"$TIFA" trend -q --by month --measure share --key 两个确立 --plot "$scratch/share.svg" "$seed" \
    >"$scratch/share.txt"
check_contains "trend --measure share: the table in percent" "100.0%" "$(cat "$scratch/share.txt")"
check_contains "and the chart's axis up to 100" '>100</text>' "$(cat "$scratch/share.svg")"
check_contains "labelled in percent" "document share (%)" "$(cat "$scratch/share.svg")"
# With --period, trend shows each of its bins, those without a document too
# (the seed is dated 2023-06-02).
check_eq "trend --period: the period's bins, empty ones as such" "2023-05 0 
2023-06 1 2
2023-07 0 " \
    "$("$TIFA" trend -q --by month --key 两个确立 --period 2023-05..2023-07 --format tsv "$seed" |
       awk -F'\t' 'NR > 1 { print $1, $5, $3 }')"
out=$("$TIFA" report -j 1000 "$seed" 2>&1)
check_eq "-j 1000: exit 2" 2 $?
out=$("$TIFA" diff --alpha 2 "$seed" "$seed" 2>&1)
check_eq "--alpha 2: exit 2" 2 $?
check_contains "--alpha is explained" "between 0 and 1" "$out"
out=$("$TIFA" discover --top -1 "$seed" 2>&1)
check_eq "discover --top -1: exit 2 (it was accepted, silently)" 2 $?
check_eq "and one sentence says why" "tifa: --top takes a number of rows, 0 or more (0: all), not -1" "$out"
out=$("$TIFA" discover --min-docs -1 "$seed" 2>&1)
check_eq "discover --min-docs -1: exit 2" 2 $?
check_contains "and says why" "--min-docs takes a number of documents, 0 or more, not -1" "$out"
out=$("$TIFA" discover --top -1 2>&1)
check_eq "discover --top -1 without PATH: the error alone (no note that the corpus was read)" \
    "tifa: --top takes a number of rows, 0 or more (0: all), not -1" "$out"

# Mistakes in the order of words get a sentence that shows the right order.
out=$("$TIFA" -p formulations report 2>&1)
check_eq "an option before the command: exit 2" 2 $?
check_contains "and the right order is shown" "'-p' comes after the command" "$out"
out=$("$TIFA" help nosuch 2>&1)
check_eq "help for no command: exit 2" 2 $?
out=$("$TIFA" merge discover a.partial 2>&1)
check_contains "merge of a command it cannot merge" "merge gives a report, trend, diff or officials output, not 'discover'" "$out"
out=$("$TIFA" merge trend --help 2>&1)
check_contains "merge COMMAND --help names the merge and its partials" "tifa merge trend [OPTION…] PARTIAL…" "$out"
check_not_contains "and leaves out what belongs to the runs that wrote them (--rules)" "--rules" "$out"
check_contains "but keeps the command's own options" "--by=UNIT" "$out"
out=$("$TIFA" trend --help 2>&1)
check_contains "trend --help alone still lists --rules" "--rules" "$out"
out=$("$TIFA" diff --period 2022..2017 --vs 2017 "$seed" 2>&1)
check_contains "a reversed period is named" "the period 2022..2017 ends before it starts" "$out"

out=$("$TIFA" map -f json "$seed" 2>&1)
check_eq "map -f: exit 2, since map has one format" 2 $?
check_contains "and --format is sent to reduce" "--format belongs to reduce" "$out"

done_testing
