#!/bin/sh
# tifa under valgrind, for `make check-valgrind`: any memory error, and any
# block definitely lost, fails the command with status 99.  PCRE2 runs
# without JIT: valgrind cannot tell the SIMD reads of JIT code (a few bytes
# past the end of the text, within the same block) from real errors.
#
# tifa's malloc is mimalloc's when configure found it: the synonym tells
# valgrind to put its own allocator in place of mimalloc's too.  mimalloc's
# operator delete[] is the same function as its free, so valgrind would
# take every delete[] in the C++ libraries (Vectorscan, OpenCC) for a
# free() of a new[] block; mismatched frees are not reported, which costs
# nothing for tifa's own code: it is C, with no new or delete.
TIFA_NO_JIT=1 exec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
    --soname-synonyms='somalloc=libmimalloc.so*' --show-mismatched-frees=no \
    --show-leak-kinds=definite --suppressions=/usr/share/glib-2.0/valgrind/glib.supp \
    "$TIFA_REAL" "$@"
