#!/bin/sh
# tifa under valgrind, for `make check-valgrind`: any memory error, and any
# block definitely lost, fails the command with status 99.  PCRE2 runs
# without JIT: valgrind cannot tell the SIMD reads of JIT code (a few bytes
# past the end of the text, within the same block) from real errors.
TIFA_NO_JIT=1 exec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
    --show-leak-kinds=definite --suppressions=/usr/share/glib-2.0/valgrind/glib.supp \
    "$TIFA_REAL" "$@"
