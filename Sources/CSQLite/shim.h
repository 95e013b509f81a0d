#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro Swift cannot import: the library copies the bound value.
static inline void (*csqlite_transient(void))(void *) { return SQLITE_TRANSIENT; }
