/* A shared object that is not a tifa plugin: it exports no tifa_plugin_get. */
__attribute__((visibility("default"))) int some_other_function(void);
int
some_other_function(void)
{
    return 42;
}
