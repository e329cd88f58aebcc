/*
 * fuzz.h - what the harnesses share.  Each fuzz-*.c defines
 * LLVMFuzzerTestOneInput; built with clang -fsanitize=fuzzer for `make
 * fuzz`, and with replay.c (a main that feeds it files) for `make check`,
 * which replays the seed inputs and every input that once crashed.
 */
#ifndef TIFA_FUZZ_H
#define TIFA_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
