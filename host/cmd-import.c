/*
 * cmd-import.c - `tifa import`: researchers' dictionaries (quanteda YAML,
 * LIWC .dic, word lists) as rule packs.  (Being written.)
 */
#include "config.h"

#include "tifa.h"

int
cmd_import(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    tifa_error("import is not available in this build yet");
    return EXIT_USAGE;
}
