/* tests/both-loops.h - run a check twice: with the 32-byte loops where the
 * CPU has AVX2, then with the 16-byte ones, and leave the choice to the CPU
 * again.  For the unit tests of code that takes either road. */
#ifndef TIFA_TESTS_BOTH_LOOPS_H
#define TIFA_TESTS_BOTH_LOOPS_H

#include "tifa.h"

static inline void
both_loops(void (*check)(void))
{
    if (util_force_avx2(TRUE))
        check();
    else
        g_test_message("no AVX2 on this CPU: the 16-byte loop only");
    util_force_avx2(FALSE);
    check();
    util_avx2_detect();
}

#endif
