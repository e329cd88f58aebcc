/* fuzz-officials.c - the officials grammar (rule pack and plugin) on any
 * text: results stay inside the document and are valid UTF-8. */
#include "config.h"

#include <stdlib.h>

#include "fuzz-pipeline.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static scan_session *ss;
    static scan_setup setup;
    if (!ss) {
        static const tifa_plugin *(*const getters[])(void) = { officials_plugin_get, NULL };
        ss = fuzz_session(getters, &setup);
    }
    /* Text that is UTF-8 already, as the officials rules see it. */
    if (!g_utf8_validate((const char *)data, (gssize)size, NULL))
        return 0;
    raw_doc *raw = g_new0(raw_doc, 1);
    raw->name = g_strdup("fuzz");
    raw->bytes = g_strndup((const char *)data, size);
    raw->len = strlen(raw->bytes);
    raw->utf8_known = TRUE;
    scan_session_document(ss, raw, fuzz_check_doc, NULL);
    return 0;
}
