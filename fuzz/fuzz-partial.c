/*
 * fuzz-partial.c - the readers of counts made elsewhere: a partial (tifa
 * merge) and the lines of tifa map (tifa reduce).  These files come from
 * other machines and other runs, cut or corrupted on the way: whatever they
 * hold, tifa refuses them with a message or reads them, and then writes the
 * report from what it read.
 *
 * The first byte chooses the reader (even: partial, odd: map lines).  A
 * partial is read as two files (the same one twice), so that the check that
 * all partials were made alike runs too.
 */
#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "tifa.h"
#include "fuzz.h"

static void
add_doc(const scanned_doc *doc, void *ctx)
{
    tally_add_doc(ctx, doc);
}

static FILE *
sink(void)
{
    static FILE *null;
    if (!null)
        null = fopen("/dev/null", "w");
    return null;
}

static void
read_partial(const char *path)
{
    const char *paths[] = { path, path, NULL };
    GPtrArray *plugins = g_ptr_array_new();
    GError *error = NULL;
    if (partial_read_plugins(paths, plugins, &error)) {
        tally *t = tally_new();
        if (partial_replay(paths, NULL, add_doc, t, &error))
            report_write(sink(), t, plugins, FORMAT_TSV, 0);
        tally_free(t);
    }
    g_clear_error(&error);
    for (guint i = 0; i < plugins->len; i++)
        loader_unload(plugins->pdata[i]);
    g_ptr_array_free(plugins, TRUE);
}

static void
read_map_lines(const char *path)
{
    FILE *in = fopen(path, "r");
    if (!in)
        return;
    reducer *r = reducer_new();
    GError *error = NULL;
    if (reducer_read(r, in, path, &error) && reducer_finish(r, &error))
        report_write(sink(), reducer_tally(r), reducer_plugins(r), FORMAT_TSV, 0);
    g_clear_error(&error);
    reducer_free(r);
    fclose(in);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0])
        g_snprintf(path, sizeof path, "%s/tifa-fuzz-partial-%d", g_get_tmp_dir(), (int)getpid());
    if (size < 1)
        return 0;
    if (!g_file_set_contents(path, (const char *)data + 1, (gssize)size - 1, NULL))
        return 0;
    if (data[0] % 2 == 0)
        read_partial(path);
    else
        read_map_lines(path);
    return 0;
}
