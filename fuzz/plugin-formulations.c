/* The formulations plugin linked into a harness: its one exported function renamed
 * so that several plugins can live in one program. */
#define tifa_plugin_get formulations_plugin_get
#include "../plugins/formulations.c"
