#!/bin/sh
# The HTML pages and the SVG chart, opened in a real browser (headless
# Chromium): they load with no console message, the chart has one line per
# key, and a document that says <script> shows those characters as text.
#
# Chromium is installed here when missing and we are root (as CI is);
# otherwise the test is skipped, saying so.  TIFA_NO_APT=1 forbids the
# install.  Screenshots are kept in tests/artifacts/ of the build tree.
. "$TIFA_SRCDIR/tests/lib.sh"

find_browser() {
    for b in chromium chromium-browser google-chrome; do
        if command -v "$b" >/dev/null 2>&1; then
            browser=$(command -v "$b")
            return 0
        fi
    done
    return 1
}

# A Chinese font, so that the screenshots show the labels (the pages name
# the usual CJK fonts and fall back to the system's).
have_cjk_font() {
    command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh 2>/dev/null | head -1)" ]
}

can_install() {
    [ "$(id -u)" -eq 0 ] && [ -z "${TIFA_NO_APT:-}" ] && command -v apt-get >/dev/null 2>&1
}

wanted=""
find_browser || wanted="chromium"
have_cjk_font || wanted="$wanted fonts-wqy-microhei"
if [ -n "$wanted" ] && can_install; then
    echo "# installing Debian's$wanted for this test (apt-get)"
    # shellcheck disable=SC2086
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $wanted; } \
        >"$scratch/apt.log" 2>&1 || sed 's/^/# apt-get: /' "$scratch/apt.log" | tail -5
fi
find_browser ||
    skip_all "no chromium: install Debian's chromium (apt-get install chromium) to run the browser checks"
echo "# browser: $browser"
have_cjk_font || echo "# no Chinese font: the screenshots will show boxes for the labels"

artifacts="${TIFA_BUILDDIR:-.}/tests/artifacts"
mkdir -p "$artifacts"

# open_page FILE NAME: load FILE headless; the DOM after load goes to
# $scratch/NAME.dom, console messages to $scratch/NAME.console, a screenshot
# to $artifacts/NAME.png.
open_page() {
    common="--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run
            --disable-background-networking --disable-extensions --mute-audio
            --user-data-dir=$scratch/profile-$2"
    # shellcheck disable=SC2086
    timeout 120 "$browser" $common --enable-logging=stderr --v=0 --virtual-time-budget=3000 \
        --dump-dom "file://$1" >"$scratch/$2.dom" 2>"$scratch/$2.log"
    grep -F ':CONSOLE' "$scratch/$2.log" >"$scratch/$2.console"
    # shellcheck disable=SC2086
    timeout 120 "$browser" $common --window-size=1280,1800 --hide-scrollbars \
        --screenshot="$artifacts/$2.png" "file://$1" >/dev/null 2>&1
}

# count STRING FILE: occurrences of a literal string.
count() {
    grep -o -F -e "$1" "$2" | wc -l | tr -d ' '
}

# The control: a page that does log to the console is caught, or the check
# below could never fail.
printf '<!DOCTYPE html><html><body><p>control</p><script>console.error("tifa-control")</script></body></html>\n' \
    >"$scratch/control.html"
open_page "$scratch/control.html" control
check_contains "control: a console message is seen" tifa-control "$(cat "$scratch/control.console")"

# A small dated corpus: three government work reports and a hostile document
# whose text and title carry markup.
corpus="$scratch/corpus"
mkdir "$corpus"
printf 'file\tdate\ttitle\n' >"$corpus/manifest.tsv"
for y in 2016 2017 2018; do
    cp "$TIFA_SRCDIR/corpus/gov-work-report/$y-03-05_gov-work-report.txt" "$corpus/"
    printf '%s-03-05_gov-work-report.txt\t%s-03-05\t%s年政府工作报告\n' "$y" "$y" "$y" >>"$corpus/manifest.tsv"
done
printf '评论：<script>alert(1)</script>坚决拥护“两个确立”<img src=x onerror=alert(2)>，增强“四个意识”。\n' \
    >"$corpus/2023-01-01_hostile.txt"
printf '2023-01-01_hostile.txt\t2023-01-01\t<script>alert("title")</script>评论\n' >>"$corpus/manifest.tsv"

"$TIFA" report --html "$scratch/report.html" "$corpus" >/dev/null
check_eq "report --html: exit 0" 0 $?
"$TIFA" trend --by year --key 四个意识 --key 两个确立 --key 两学一做 \
    --html "$scratch/trend.html" --plot "$scratch/trend.svg" "$corpus" >/dev/null
check_eq "trend --html --plot: exit 0" 0 $?
"$TIFA" diff --html "$scratch/diff.html" --period 2016 --vs 2018 "$corpus" >/dev/null
check_eq "diff --html: exit 0" 0 $?
"$TIFA" officials --html "$scratch/officials.html" "$corpus" >/dev/null
check_eq "officials --html: exit 0" 0 $?

for page in report trend diff officials; do
    # Self-contained: nothing is fetched (the SVG namespace is a name, not a
    # fetch).  A quoted attribute can only be tifa's markup: the documents'
    # quotes are escaped.
    refs=$(grep -o -E '(src|href)="|url\(|@import|<link|<script' "$scratch/$page.html" | wc -l | tr -d ' ')
    check_eq "$page.html refers to no script, file or address" 0 "$refs"
    open_page "$scratch/$page.html" "$page"
    check_eq "$page.html loads with no console message" "" "$(cat "$scratch/$page.console")"
    check_contains "$page.html: the browser built the page" "</html>" "$(cat "$scratch/$page.dom")"
    if [ -s "$artifacts/$page.png" ] && [ "$(head -c 4 "$artifacts/$page.png" | tail -c 3)" = PNG ]; then
        ok "$page.html: screenshot kept as tests/artifacts/$page.png"
    else
        not_ok "$page.html: no screenshot"
    fi
done

# The hostile document's text and title are text in the report, not markup:
# the DOM has no script element, and the escaped characters are there.
check_eq "report: no script element in the loaded page" 0 "$(count '<script' "$scratch/report.dom")"
check_eq "report: no img element in the loaded page" 0 "$(count '<img' "$scratch/report.dom")"
check_contains "report: the document's <script> shows as text" \
    '&lt;script&gt;alert(1)&lt;/script&gt;坚决拥护“<mark>两个确立</mark>”&lt;img src=x onerror=alert(2)&gt;' \
    "$(cat "$scratch/report.dom")"
check_contains "report: the title's <script> shows as text" \
    '&lt;script&gt;alert("title")&lt;/script&gt;评论' "$(cat "$scratch/report.dom")"

# The chart: one line per key, in the page and in the SVG file, with the
# keys in the legend.
check_eq "trend.html: three series, one per key" 3 "$(count '<g class="series"' "$scratch/trend.dom")"
for key in 四个意识 两个确立 两学一做; do
    check_contains "trend.html: $key in the legend" ">$key</text>" "$(cat "$scratch/trend.dom")"
done
open_page "$scratch/trend.svg" trend-svg
check_eq "trend.svg loads with no console message" "" "$(cat "$scratch/trend-svg.console")"
check_eq "trend.svg: three series" 3 "$(count '<g class="series"' "$scratch/trend-svg.dom")"
# The years 2019-2022 hold no document: a gap in the line, not zeros.
check_contains "trend.svg: the empty years are marked as such" "no documents" \
    "$(cat "$scratch/trend-svg.dom")"

done_testing
