/*
 * cmd-newplugin.c - `tifa new-plugin NAME [DIR]`: a complete out-of-tree
 * plugin project.  (Being written.)
 */
#include "config.h"

#include "tifa.h"

int
cmd_new_plugin(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    tifa_error("new-plugin is not available in this build yet");
    return EXIT_USAGE;
}
