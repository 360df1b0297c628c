// Exposes SQLite 3 for the store-and-forward queue between the sampler and the uplinks.
#include <sqlite3.h>
