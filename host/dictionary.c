/*
 * dictionary.c - researchers' dictionaries (quanteda YAML, LIWC .dic, word
 * lists) turned into rule-pack text.  (Being written.)
 */
#include "config.h"

#include "tifa.h"

char *
dictionary_to_pack(const char *path, const char *text, size_t len, GPtrArray *diagnostics)
{
    (void)text;
    (void)len;
    g_ptr_array_add(diagnostics,
                    g_strdup_printf("%s: dictionaries are not supported in this build yet", path));
    return NULL;
}

gboolean
dictionary_is_dictionary(const char *path)
{
    return g_str_has_suffix(path, ".yml") || g_str_has_suffix(path, ".yaml") ||
           g_str_has_suffix(path, ".dic");
}
