/* fuzz-scan.c - the whole scan of one document, from raw bytes: decoding,
 * normalisation, dates, the fast engine and all three bundled plugins. */
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
        static const tifa_plugin *(*const getters[])(void) = {
            formulations_plugin_get, phrases_plugin_get, officials_plugin_get, NULL
        };
        ss = fuzz_session(getters, &setup);
    }
    raw_doc *raw = g_new0(raw_doc, 1);
    raw->name = g_strdup("fuzz");
    raw->bytes = g_malloc(size + 1);
    memcpy(raw->bytes, data, size);
    raw->bytes[size] = '\0';
    raw->len = size;
    scan_session_document(ss, raw, fuzz_check_doc, NULL);
    return 0;
}
