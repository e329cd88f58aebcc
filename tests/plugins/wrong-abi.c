/* A plugin built for a future ABI: the loader must refuse it after reading
 * the abi field and nothing else.  Everything after `abi` is garbage on
 * purpose, so a loader that reads on would misbehave visibly. */
#include <stdint.h>

struct future_plugin {
    uint32_t abi;
    uint32_t size;
    const char *garbage;
};

static const struct future_plugin desc = { 999u, 7u, (const char *)0x1 };

__attribute__((visibility("default"))) const void *tifa_plugin_get(void);
const void *
tifa_plugin_get(void)
{
    return &desc;
}
