#!/bin/sh
# The plugin SDK end to end:
#   1. the bundle plugin (the loyalty pledge) on the seed, on a hand-made
#      text with every case, and on one real day of 新闻联播;
#   2. `tifa new-plugin`: names and directories it refuses;
#   3. tifa installed into a staging directory (make install DESTDIR=…),
#      a generated plugin built against that install with pkg-config, loaded
#      by the installed tifa, its own `make check` and `make install`;
#   4. the man page against every command's --help;
#   5. the bash completion.
# Every expected offset was read off the text with grep -ob, every expected
# key worked out from the sentences by hand; none was copied from tifa.
. "$TIFA_SRCDIR/tests/lib.sh"

data="$TIFA_SRCDIR/tests/data/sdk"

# The bundle plugin's results, one per line: category|key|start|end|labels.
bundle_results() {
    "$TIFA" matches -p bundle "$@" | awk -F'\t' 'NR > 1 { print $4 "|" $5 "|" $7 "|" $8 "|" $9 }'
}

# ---- 1. the bundle plugin ----

# The seed (corpus/seed/000_92a84c723940ec2d.txt) has the full pledge in one
# sentence of line 17, in the canonical order: 两个确立 at byte 2124, 四个意识
# 2179, 四个自信 2206, 两个维护 2233 (+12 bytes = 2245); and, in one sentence
# of line 23, "衷心拥护“两个确立”、忠诚践行“两个维护”": 4190 and 4223 (4235).
# Each line is one paragraph, so each gives a paragraph and a sentence result.
check_eq "bundle: the seed's pledges" \
    "paragraph|4/4 canonical|2124|2245|两个确立、四个意识、四个自信、两个维护
sentence|4/4 canonical|2124|2245|两个确立、四个意识、四个自信、两个维护
paragraph|2/4 两个确立+两个维护|4190|4235|两个确立、两个维护
sentence|2/4 两个确立+两个维护|4190|4235|两个确立、两个维护" \
    "$(bundle_results "$seed")"

# tests/data/sdk/pledge.txt, five lines (paragraphs), members at (grep -ob):
#   1: 四个自信 12, 四个意识 39, 两个维护 66, 两个确立 99, one sentence (。 at
#      114): all four, not in the canonical order;
#   2: 四个意识 127 ！ 四个自信 154 ？ 两个维护 181 ； (full width, seen as ! ? ;):
#      one member per sentence, three in the paragraph;
#   3: 两个维护 224 alone: nothing;
#   4: 两个确立 249, 两个维护 264, 两个确立 277, no end of sentence before the
#      newline (a comma is none): two members, the span to the second 两个确立;
#   5: 两个确立 311, 四个意识 356, 四个自信 383, 两个维护 410, no 。: canonical.
reordered="4/4 四个自信+四个意识+两个维护+两个确立"
check_eq "bundle: order, sentence ends, repeats" \
    "paragraph|$reordered|12|111|四个自信、四个意识、两个维护、两个确立
sentence|$reordered|12|111|四个自信、四个意识、两个维护、两个确立
paragraph|3/4 四个意识+四个自信+两个维护|127|193|四个意识、四个自信、两个维护
paragraph|2/4 两个确立+两个维护|249|289|两个确立、两个维护
sentence|2/4 两个确立+两个维护|249|289|两个确立、两个维护
paragraph|4/4 canonical|311|422|两个确立、四个意识、四个自信、两个维护
sentence|4/4 canonical|311|422|两个确立、四个意识、四个自信、两个维护" \
    "$(bundle_results "$data/pledge.txt")"

# The same results on one thread, on four, and from the reference engine
# (the plugin's state is read-only in scan).
bundle_results "$data/pledge.txt" "$seed" >"$scratch/bundle-default"
for variant in "-j 1" "-j 4" "--engine reference"; do
    # shellcheck disable=SC2086
    bundle_results $variant "$data/pledge.txt" "$seed" >"$scratch/bundle-variant"
    check_eq "bundle: same results with $variant" "" \
        "$(diff "$scratch/bundle-default" "$scratch/bundle-variant")"
done

# The report counts the keys per category: the seed and pledge.txt together
# have 4/4 canonical twice per level, one 4/4 reordered, 2/4 两个确立+两个维护
# twice per level, 3/4 once as a paragraph only.
"$TIFA" report -p bundle --format tsv "$seed" "$data/pledge.txt" >"$scratch/bundle-report"
check_eq "bundle: report" \
    "paragraph 2/4 两个确立+两个维护 2
paragraph 3/4 四个意识+四个自信+两个维护 1
paragraph 4/4 canonical 2
paragraph 4/4 四个自信+四个意识+两个维护+两个确立 1
sentence 2/4 两个确立+两个维护 2
sentence 4/4 canonical 2
sentence 4/4 四个自信+四个意识+两个维护+两个确立 1" \
    "$(awk -F'\t' 'NR > 1 { print $2, $3, $4 }' "$scratch/bundle-report" | LC_ALL=C sort)"

# A spelling added to the pack counts as the member its key names; a rule
# without a key stops the plugin from starting, with a message that says
# what to write.
printf 'pack: bundle\n\nid: liangge-jianjue-weihu\nliteral: 两个坚决维护\nkey: 两个维护\n' \
    >"$scratch/spelling.rules"
printf '增强“四个意识”、做到“两个坚决维护”。\n' >"$scratch/spelling.txt"
# 四个意识 at byte 9; 两个坚决维护 at 36, 18 bytes (grep -ob).
check_eq "bundle: a spelling added with its key" \
    "sentence|2/4 四个意识+两个维护|9|54|四个意识、两个维护" \
    "$(bundle_results --rules "$scratch/spelling.rules" "$scratch/spelling.txt" |
        grep '^sentence')"
printf 'pack: bundle\n\nid: no-key\nliteral: 两个坚决维护\n' >"$scratch/nokey.rules"
"$TIFA" matches -p bundle --rules "$scratch/nokey.rules" "$seed" >/dev/null 2>"$scratch/nokey.err"
check_eq "bundle: a rule without a key: exit 2" 2 $?
check_contains "bundle: a rule without a key: the message" \
    "rule 'no-key' of pack 'bundle' needs 'key:' set to one of 两个确立, 四个意识, \
四个自信 or 两个维护" \
    "$(cat "$scratch/nokey.err")"

# One real day: 新闻联播 2022-12-27 (the Politburo's 民主生活会).  By line
# (paragraph) and sentence, reading the text, members at (grep -ob):
#   line 2, one sentence: 两个确立 367, 四个意识 412, 四个自信 439, 两个维护
#     466, and 两个维护 again at 649 (联系带头做到“两个维护”): canonical,
#     the span to 661;
#   line 5: "二是对“两个确立”…增强做到“两个维护”的…自觉。": 1775, 1859;
#   line 7: 两个确立 3607 alone in its sentence (。 at 3643), then 两个确立
#     3691, 四个意识 3736, 四个自信 3763, 两个维护 3790 in the next: the
#     paragraph from 3607, the sentence from 3691, both canonical;
#   line 10: "增强“四个意识”、坚定“四个自信”、做到“两个维护”": 5647-5713;
#   line 54: "坚定拥护 “两个确立”、坚决做到“两个维护”": 20055, 20088.
xwlb_day="${TIFA_SHARED:-}/corpora/xwlb/2022-12-27_xwlb.txt"
if [ -f "$xwlb_day" ]; then
    check_eq "bundle: 新闻联播 2022-12-27" \
        "paragraph|4/4 canonical|367|661|两个确立、四个意识、四个自信、两个维护
sentence|4/4 canonical|367|661|两个确立、四个意识、四个自信、两个维护
paragraph|2/4 两个确立+两个维护|1775|1871|两个确立、两个维护
sentence|2/4 两个确立+两个维护|1775|1871|两个确立、两个维护
paragraph|4/4 canonical|3607|3802|两个确立、四个意识、四个自信、两个维护
sentence|4/4 canonical|3691|3802|两个确立、四个意识、四个自信、两个维护
paragraph|3/4 四个意识+四个自信+两个维护|5647|5713|四个意识、四个自信、两个维护
sentence|3/4 四个意识+四个自信+两个维护|5647|5713|四个意识、四个自信、两个维护
paragraph|2/4 两个确立+两个维护|20055|20100|两个确立、两个维护
sentence|2/4 两个确立+两个维护|20055|20100|两个确立、两个维护" \
        "$(bundle_results "$xwlb_day")"
else
    ok "bundle: 新闻联播 2022-12-27 # SKIP shared corpus not found at $xwlb_day"
fi

# ---- 2. tifa new-plugin: what it refuses ----

for name in Demo 9lives "my plugin" a.b "" officials \
    abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcde; do
    "$TIFA" new-plugin "$name" "$scratch/refused" >/dev/null 2>"$scratch/err"
    check_eq "new-plugin refuses the name '$name': exit 2" 2 $?
    check_contains "new-plugin refuses the name '$name': message" \
        "tifa: '$name' cannot name a plugin: " "$(cat "$scratch/err")"
done
check_eq "new-plugin: nothing written for refused names" "no" \
    "$(test -e "$scratch/refused" && echo yes || echo no)"

"$TIFA" new-plugin >/dev/null 2>"$scratch/err"
check_eq "new-plugin without NAME: exit 2" 2 $?
check_contains "new-plugin without NAME: message" "new-plugin takes a NAME" "$(cat "$scratch/err")"
"$TIFA" new-plugin a b c >/dev/null 2>&1
check_eq "new-plugin with three arguments: exit 2" 2 $?

mkdir "$scratch/full" && echo keep >"$scratch/full/notes.txt"
"$TIFA" new-plugin demo "$scratch/full" >/dev/null 2>"$scratch/err"
check_eq "new-plugin into a non-empty directory: exit 2" 2 $?
check_contains "new-plugin into a non-empty directory: message" \
    "directory $scratch/full already exists and is not empty" "$(cat "$scratch/err")"
check_eq "new-plugin into a non-empty directory: untouched" "notes.txt" "$(ls -A "$scratch/full")"
echo x >"$scratch/afile"
"$TIFA" new-plugin demo "$scratch/afile" >/dev/null 2>"$scratch/err"
check_eq "new-plugin into a file: exit 2" 2 $?
"$TIFA" new-plugin demo "$scratch/afile/sub" >/dev/null 2>"$scratch/err"
check_eq "new-plugin below a file: exit 2, nothing left" "2 x" "$? $(cat "$scratch/afile")"

# A file that cannot be written (a file-size limit of 512 bytes: demo.c is
# larger) fails the command, and the directories it created go again.
(ulimit -f 1 && "$TIFA" new-plugin demo "$scratch/small-disk/demo") >/dev/null 2>"$scratch/err"
status=$?
check_eq "new-plugin: a write error is exit 2, nothing left" "2 no" \
    "$status $(test -e "$scratch/small-disk" && echo yes || echo no)"
check_contains "new-plugin: a write error names the file" \
    "cannot write $scratch/small-disk/demo/demo.c" "$(cat "$scratch/err")"

# --help describes every file and the rules for NAME and DIR.
help=$("$TIFA" new-plugin --help)
check_eq "new-plugin --help: exit 0" 0 $?
for word in "NAME [DIR]" "NAME.c" "NAME.rules" "Makefile" "tests/expected.tsv" "README.md" \
    "lower-case" "DESTDIR" "must not exist"; do
    check_contains "new-plugin --help mentions $word" "$word" "$help"
done

# An empty directory is fine; DIR defaults to ./NAME.
mkdir "$scratch/empty"
"$TIFA" new-plugin my-pledge_2 "$scratch/empty" >/dev/null
status=$?
check_eq "new-plugin into an empty directory" \
    "0 .gitignore Makefile README.md my-pledge_2.c my-pledge_2.rules tests" \
    "$status $(cd "$scratch/empty" && find . ! -name . -prune | sed 's|^\./||' | LC_ALL=C sort |
        tr '\n' ' ' | sed 's/ $//')"
(cd "$scratch" && "$TIFA" new-plugin dflt >/dev/null)
check_eq "new-plugin: DIR defaults to ./NAME" "dflt.c dflt.rules" \
    "$(cd "$scratch/dflt" 2>/dev/null && find . -name 'dflt.*' | sed 's|^\./||' |
        LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')"

# ---- 3. a generated plugin against the installed tifa ----

# Install this build into a staging directory; the prefix stays the
# configured one, below $stage.
stage="$scratch/inst"
(
    unset MAKEFLAGS MFLAGS MAKELEVEL
    make -C "$TIFA_BUILDDIR" install DESTDIR="$stage"
) >"$scratch/install.log" 2>&1
check_eq "make install DESTDIR=…: exit 0" 0 $?
pc=$(find "$stage" -name tifa.pc -path '*/pkgconfig/*' | head -n 1)
staged_tifa=$(find "$stage" -type f -name tifa -path '*/bin/*' | head -n 1)
check_contains "the install has tifa.pc" "/pkgconfig/tifa.pc" "$pc"
for f in include/tifa/plugin.h tifa/plugins/bundle.so tifa/rules/bundle.rules man1/tifa.1 \
    bash-completion/completions/tifa; do
    check_contains "the install has $f" "/$f" "$(find "$stage" -path "*/$f")"
done
if [ -z "$pc" ] || [ -z "$staged_tifa" ]; then
    sed 's/^/# /' "$scratch/install.log"
    done_testing
fi

# pkg-config must find the staged tifa.pc.  PKG_CONFIG_SYSROOT_DIR would
# also move glib's flags (Requires: glib-2.0) into the stage, where glib is
# not, and --define-variable=prefix would move glib's prefix: so pkg-config
# reads a copy of the staged tifa.pc whose absolute paths point into the
# stage, as a relocated install would have.
mkdir "$scratch/pkgconfig"
sed "s|^\([A-Za-z_][A-Za-z0-9_]*\)=/|\1=$stage/|" "$pc" >"$scratch/pkgconfig/tifa.pc"
PKG_CONFIG_PATH="$scratch/pkgconfig"
export PKG_CONFIG_PATH
unset PKG_CONFIG_SYSROOT_DIR PKG_CONFIG_LIBDIR
plugindir=$(pkg-config --variable=plugindir tifa)
rulesdir=$(pkg-config --variable=rulesdir tifa)
check_eq "pkg-config: plugindir is in the stage, with the bundled plugins" "yes" \
    "$(case "$plugindir" in "$stage"/*) test -f "$plugindir/bundle.so" && echo yes ;; esac)"
check_eq "pkg-config: rulesdir is in the stage, with the bundled packs" "yes" \
    "$(case "$rulesdir" in "$stage"/*) test -f "$rulesdir/bundle.rules" && echo yes ;; esac)"
abi=$(sed -n 's/^#define TIFA_PLUGIN_ABI \([0-9]*\)u.*/\1/p' "$TIFA_SRCDIR/include/tifa/plugin.h")
check_eq "pkg-config: abi is the header's TIFA_PLUGIN_ABI" "$abi" \
    "$(pkg-config --variable=abi tifa)"
check_contains "pkg-config: cflags name the staged headers" "-I$stage" \
    "$(pkg-config --cflags tifa)"

# The project, written and built by the installed tifa and pkg-config, with
# the build's warnings as errors.
demo="$scratch/demo"
"$staged_tifa" new-plugin demo "$demo" >"$scratch/new.out"
check_eq "installed tifa: new-plugin demo: exit 0" 0 $?
check_contains "new-plugin says what to do next" "cd $demo && make && make check" \
    "$(cat "$scratch/new.out")"
warnings="-Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes -Wformat=2 -Werror"
(
    unset MAKEFLAGS MFLAGS MAKELEVEL
    make -C "$demo" CC="${CC:-cc}" CFLAGS="-O2 -g $warnings"
) >"$scratch/demo-build.log" 2>&1
status=$?
check_eq "demo: make builds demo.so without warnings" "0 yes" \
    "$status $(test -f "$demo/demo.so" && echo yes)"
[ "$status" = 0 ] || sed 's/^/# /' "$scratch/demo-build.log"
if command -v nm >/dev/null 2>&1; then
    check_eq "demo.so exports tifa_plugin_get only" "tifa_plugin_get" \
        "$(nm -D --defined-only "$demo/demo.so" | awk '{ print $3 }' | grep -v '^$')"
fi

# Loaded by the installed tifa; only what is named (TIFA_NO_INSTALLED=1
# keeps its compiled-in prefix out, which may hold another install).
load="--plugin-dir $demo --rules $demo/demo.rules"
# shellcheck disable=SC2086
check_eq "installed tifa lists demo: name version rules packs file" \
    "demo	0.1	1	demo	$demo/demo.so" \
    "$(TIFA_NO_INSTALLED=1 "$staged_tifa" plugins $load -p demo --format tsv | sed 1d | cut -f1-5)"
# The seed has 四个意识 once, at byte 2179 (grep -ob).
# shellcheck disable=SC2086
check_eq "installed tifa runs demo on the seed" \
    "demo	formulation	四个意识	四个意识	2179	2191	since 2016" \
    "$(TIFA_NO_INSTALLED=1 "$staged_tifa" matches $load -p demo "$seed" | sed 1d | cut -f3-)"
check_eq "--plugin-dir alone finds the plugin's pack beside it" \
    "demo	formulation	四个意识	四个意识	2179	2191	since 2016" \
    "$(TIFA_NO_INSTALLED=1 "$staged_tifa" matches --plugin-dir "$demo" -p demo "$seed" |
       sed 1d | cut -f3-)"
# shellcheck disable=SC2086
check_eq "demo: --option demo.labels=no drops the label" "2179	2191	" \
    "$(TIFA_NO_INSTALLED=1 "$staged_tifa" matches $load -p demo --option demo.labels=no \
        "$seed" | sed 1d | cut -f7-)"
# shellcheck disable=SC2086
TIFA_NO_INSTALLED=1 "$staged_tifa" matches $load -p demo --option demo.labels=maybe "$seed" \
    >/dev/null 2>"$scratch/err"
check_contains "demo: a bad --option value stops it, with a message" \
    "plugin demo ($demo/demo.so) failed to start: --option demo.labels takes yes or no, \
not 'maybe'" \
    "$(cat "$scratch/err")"

# The project's own test: tifa matches on tests/sample.txt against
# tests/expected.tsv (四个意识 at bytes 51 and 100 of the sample, grep -ob).
check_eq "demo: the sample has 四个意识 at 51 and 100" "51:四个意识 100:四个意识" \
    "$(grep -ob 四个意识 "$demo/tests/sample.txt" | tr '\n' ' ' | sed 's/ $//')"
(
    unset MAKEFLAGS MFLAGS MAKELEVEL
    make -C "$demo" check TIFA="$staged_tifa"
) >"$scratch/demo-check.log" 2>&1
status=$?
check_eq "demo: make check passes" 0 "$status"
[ "$status" = 0 ] || sed 's/^/# /' "$scratch/demo-check.log"
# A test that cannot fail is no test: a wrong expected offset must fail it.
cp -R "$demo" "$scratch/demo-wrong"
sed 's/\t51\t63\t/\t52\t63\t/' "$demo/tests/expected.tsv" >"$scratch/demo-wrong/tests/expected.tsv"
(
    unset MAKEFLAGS MFLAGS MAKELEVEL
    make -C "$scratch/demo-wrong" check TIFA="$staged_tifa"
) >"$scratch/demo-wrong.log" 2>&1
check_eq "demo: make check fails on a wrong expected file" "2" "$?"

# make install: into DESTDIR, then into the staged plugindir, where the
# installed tifa finds it with no --plugin-dir; make uninstall removes it.
(
    unset MAKEFLAGS MFLAGS MAKELEVEL
    make -C "$demo" install DESTDIR="$scratch/dest"
) >/dev/null 2>&1
check_eq "demo: make install DESTDIR=… installs the plugin and its pack" "yes yes" \
    "$(test -f "$scratch/dest$plugindir/demo.so" && echo yes) \
$(test -f "$scratch/dest$rulesdir/demo.rules" && echo yes)"
(
    unset MAKEFLAGS MFLAGS MAKELEVEL
    make -C "$demo" install
) >/dev/null 2>&1
check_eq "installed demo found through the plugin and rules directories" \
    "demo	formulation	四个意识	四个意识	2179	2191	since 2016" \
    "$(TIFA_NO_INSTALLED=1 TIFA_PLUGIN_PATH="$plugindir" TIFA_RULES_PATH="$rulesdir" \
        "$staged_tifa" matches -p demo "$seed" | sed 1d | cut -f3-)"
(
    unset MAKEFLAGS MFLAGS MAKELEVEL
    make -C "$demo" uninstall
) >/dev/null 2>&1
check_eq "demo: make uninstall removes both" "no no" \
    "$(test -e "$plugindir/demo.so" && echo yes || echo no) \
$(test -e "$rulesdir/demo.rules" && echo yes || echo no)"

# A name with '-' and '_' becomes a C identifier; it builds as well.
(
    unset MAKEFLAGS MFLAGS MAKELEVEL
    make -C "$scratch/empty" CC="${CC:-cc}" CFLAGS="-O2 $warnings" check TIFA="$staged_tifa"
) >"$scratch/pledge2.log" 2>&1
status=$?
check_eq "my-pledge_2: builds and passes its make check" 0 "$status"
[ "$status" = 0 ] || sed 's/^/# /' "$scratch/pledge2.log"

# ---- 4. the man page ----

man="$TIFA_SRCDIR/docs/tifa.1"
commands=$("$TIFA" --help |
    awk '/^Commands:/ { f = 1; next } f && NF == 0 { exit } f { print $1 }')
check_contains "tifa --help lists new-plugin" "new-plugin" "$commands"
missing=""
n_options=0
for cmd in $commands; do
    grep -qx ".SS $(printf '%s' "$cmd" | sed 's/-/\\\\-/g')" "$man" || missing="$missing $cmd"
    for opt in $("$TIFA" "$cmd" --help 2>/dev/null |
        sed -n 's/^ *\(-[A-Za-z0-9], \)\{0,1\}\(--[a-z0-9][a-z0-9-]*\).*/\2/p'); do
        n_options=$((n_options + 1))
        roff=$(printf '%s' "$opt" | sed 's/-/\\-/g')
        grep -qF -- "$roff" "$man" || missing="$missing $cmd:$opt"
    done
done
check_eq "man page: a section for every command, every long option" "" "$missing"
# report alone has 16 long options (--help, --top and 14 shared ones).
check_eq "man page: the options were read from --help" "yes" \
    "$([ "$n_options" -ge 16 ] && echo yes)"
for section in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS INPUT "OUTPUT FORMATS" "EXIT STATUS" \
    ENVIRONMENT FILES EXAMPLES "SEE ALSO"; do
    check_eq "man page: section $section" 1 "$(grep -cx "\.SH \"\{0,1\}$section\"\{0,1\}" "$man")"
done
missing=""
for var in TIFA_PLUGIN_PATH TIFA_RULES_PATH TIFA_NO_INSTALLED TIFA_CACHE_DIR TIFA_NO_JIT \
    TIFA_NO_WORD_TRIES TIFA_NO_AVX2 NO_COLOR; do
    grep -qx ".B $var" "$man" || missing="$missing $var"
done
check_eq "man page: every environment variable" "" "$missing"
if command -v groff >/dev/null 2>&1; then
    check_eq "man page: groff has no warnings" "" \
        "$(groff -man -Tutf8 -ww -z "$man" 2>&1)"
else
    ok "man page: groff has no warnings # SKIP groff not installed"
fi

# ---- 5. bash completion ----

if command -v bash >/dev/null 2>&1; then
    # complete WORD…: what Tab offers after "WORD…" (the last word is the one
    # being completed), one per line, sorted.
    complete_line() {
        bash -c '. "$1"; shift
            COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"
            COMP_POINT=${#COMP_LINE}
            _tifa "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
            printf "%s\n" "${COMPREPLY[@]}"' \
            _ "$TIFA_SRCDIR/contrib/bash-completion/tifa" "$@" | LC_ALL=C sort
    }
    check_contains "completion: registered for tifa" "-F _tifa" \
        "$(bash -c '. "$1"; complete -p tifa' _ "$TIFA_SRCDIR/contrib/bash-completion/tifa")"
    # The commands starting with r or re: those of tifa --help (report and
    # rules among them; "re" gives report and not rules, which starts "ru").
    for prefix in r re; do
        check_eq "completion: tifa $prefix offers the commands of --help" \
            "$(printf '%s\n' "$commands" | grep "^$prefix" | LC_ALL=C sort)" \
            "$(complete_line "$TIFA" $prefix)"
    done
    check_contains "completion: tifa r offers report and rules" "report
rules" "$(complete_line "$TIFA" r)"
    check_contains "completion: tifa re offers report" "report" "$(complete_line "$TIFA" re)"
    check_eq "completion: tifa new" "new-plugin" "$(complete_line "$TIFA" new)"
    check_eq "completion: tifa help mat" "matches" "$(complete_line "$TIFA" help mat)"
    check_eq "completion: tifa report --fo" "--format=" "$(complete_line "$TIFA" report --fo)"
    check_eq "completion: tifa kwic --wi" "--width=" "$(complete_line "$TIFA" kwic --wi)"
    check_eq "completion: tifa new-plugin --he" "--help" "$(complete_line "$TIFA" new-plugin --he)"
    check_eq "completion: tifa report --format ''" "csv
json
table
tsv" "$(complete_line "$TIFA" report --format '')"
    check_eq "completion: tifa report --format=t" "table
tsv" "$(complete_line "$TIFA" report --format = t)"
    check_eq "completion: tifa matches -f j" "json" "$(complete_line "$TIFA" matches -f j)"
    check_eq "completion: tifa report --engine ''" "fast
reference" "$(complete_line "$TIFA" report --engine '')"
    check_eq "completion: tifa matches --plugin ''" \
        "$("$TIFA" plugins --format tsv | awk -F'\t' 'NR > 1 { print $1 }' | LC_ALL=C sort)" \
        "$(complete_line "$TIFA" matches --plugin '')"
    check_contains "completion: the plugins include bundle" "bundle" \
        "$(complete_line "$TIFA" matches --plugin b)"
    check_eq "completion: --plugin sees --plugin-dir on the line" "demo" \
        "$(complete_line "$TIFA" matches --plugin-dir "$demo" --rules "$demo/demo.rules" \
            --plugin d)"
    check_eq "completion: tifa rules ''" "check
list" "$(complete_line "$TIFA" rules '')"
    mkdir "$scratch/compl" "$scratch/compl/subdir"
    : >"$scratch/compl/abc.txt"
    check_eq "completion: file names for paths" "$scratch/compl/abc.txt" \
        "$(complete_line "$TIFA" report -j 2 "$scratch/compl/a")"
    check_eq "completion: directories for new-plugin DIR" "$scratch/compl/subdir" \
        "$(complete_line "$TIFA" new-plugin mine "$scratch/compl/")"
else
    ok "completion # SKIP bash not installed"
fi

done_testing
