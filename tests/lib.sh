# tests/lib.sh - TAP helpers for the shell tests.  Source it, then call
# check_* for each assertion and finish with done_testing.
#
# The environment comes from `make check` (Makefile.am): $TIFA is the
# program of this build, $TIFA_SHARED the shared corpora (maybe absent).

set -u
test_count=0
test_failed=0
export NO_COLOR=1 LC_ALL=C.UTF-8

: "${TIFA:?run this test through make check}"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/tifa-test.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

ok() {
    test_count=$((test_count + 1))
    echo "ok $test_count - $*"
}

not_ok() {
    test_count=$((test_count + 1))
    test_failed=1
    echo "not ok $test_count - $*"
}

# check_eq DESCRIPTION EXPECTED ACTUAL
check_eq() {
    if [ "$2" = "$3" ]; then
        ok "$1"
    else
        not_ok "$1"
        printf '%s\n' "$2" | sed 's/^/# expected: /'
        printf '%s\n' "$3" | sed 's/^/# actual:   /'
    fi
}

# check_contains DESCRIPTION NEEDLE HAYSTACK
check_contains() {
    case "$3" in
    *"$2"*) ok "$1" ;;
    *)
        not_ok "$1"
        echo "# expected to contain: $2"
        printf '%s\n' "$3" | sed 's/^/# actual: /'
        ;;
    esac
}

# check_not_contains DESCRIPTION NEEDLE HAYSTACK
check_not_contains() {
    case "$3" in
    *"$2"*)
        not_ok "$1"
        echo "# expected not to contain: $2"
        ;;
    *) ok "$1" ;;
    esac
}

# skip_all REASON: the whole test is skipped (a clean TAP skip).
skip_all() {
    echo "1..0 # SKIP $*"
    exit 0
}

# need_shared NAME: set $shared_dir to the shared corpus NAME, or skip the
# whole test, saying so, where it is absent (a fresh clone without ../shared).
need_shared() {
    shared_dir="${TIFA_SHARED:-}/corpora/$1"
    if [ ! -d "$shared_dir" ]; then
        skip_all "shared corpus $1 not found at $shared_dir"
    fi
}

# The seed document, from the bundled corpus.
seed="$TIFA_SRCDIR/corpus/seed/000_92a84c723940ec2d.txt"

done_testing() {
    echo "1..$test_count"
    exit $test_failed
}
