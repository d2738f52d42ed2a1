/* db.h — the simulator's SQLite database: schema, connections (one per
 * request at a time, from a small pool), row versions. */
#ifndef LB_SIM_DB_H
#define LB_SIM_DB_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

/* Opens PATH in WAL mode with a busy timeout; creates the schema. */
int sim_db_open(const char *path, sqlite3 **out, char *err, size_t errsize);
/* True when the database holds no seeded data yet. */
bool sim_db_is_empty(sqlite3 *db);
bool sim_db_exec(sqlite3 *db, const char *sql);
/* Next row version (the caller holds a write transaction). */
long long sim_db_next_rowversion(sqlite3 *db);
/* Column I as text, or NULL when the column is NULL. */
const char *sim_db_text(sqlite3_stmt *st, int i);

typedef struct sim_db_pool sim_db_pool;
sim_db_pool *sim_db_pool_new(const char *path, size_t n);
/* Blocks until a connection is free. */
sqlite3 *sim_db_pool_get(sim_db_pool *pool);
void sim_db_pool_put(sim_db_pool *pool, sqlite3 *db);
void sim_db_pool_free(sim_db_pool *pool);

#endif
