/* db.c — see db.h. Dates are stored as ISO 8601 text so that text order is
 * time order; row versions come from one counter in table meta. */
#include "config.h"

#include "sim/db.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v INTEGER NOT NULL);"
    "INSERT OR IGNORE INTO meta VALUES('rowversion', 1000), ('seeded', 0);"
    "CREATE TABLE IF NOT EXISTS statuscodes(entity TEXT, statecode INTEGER, statuscode INTEGER,"
    " label TEXT, PRIMARY KEY(entity, statuscode));"
    "CREATE TABLE IF NOT EXISTS series(id TEXT PRIMARY KEY, naam TEXT NOT NULL, status TEXT,"
    " geldig_van TEXT, geldig_tot TEXT, av_code TEXT, av_naam TEXT, bewaargever TEXT);"
    "CREATE TABLE IF NOT EXISTS series_ext(series_id TEXT, ord INTEGER, naam TEXT, niveau TEXT,"
    " verplicht INTEGER, type TEXT, PRIMARY KEY(series_id, ord));"
    "CREATE TABLE IF NOT EXISTS meeting_types(id TEXT PRIMARY KEY, name TEXT, abbreviation TEXT,"
    " parent_id TEXT, sort_order TEXT, default_to_discuss INTEGER, agenda_item_type TEXT,"
    " follow_reporter INTEGER, owner_id TEXT, owner_name TEXT, owner_type TEXT,"
    " dav_series_id TEXT, publish_portal INTEGER, publish_composition INTEGER,"
    " publish_agenda INTEGER, description TEXT, modified_on TEXT, rowversion INTEGER);"
    "CREATE TABLE IF NOT EXISTS dossier_types(id TEXT PRIMARY KEY, name TEXT, form_name TEXT,"
    " department TEXT, prefix TEXT, dav_series_id TEXT, modified_on TEXT, rowversion INTEGER);"
    "CREATE TABLE IF NOT EXISTS meetings(id TEXT PRIMARY KEY, name TEXT, type_id TEXT,"
    " begin_on TEXT, end_on TEXT, location TEXT, statecode INTEGER, statuscode INTEGER,"
    " owner_id TEXT, owner_name TEXT, owner_type TEXT, dav_dossier_id TEXT, archived_on TEXT,"
    " modified_on TEXT, rowversion INTEGER);"
    "CREATE TABLE IF NOT EXISTS agenda_items(id TEXT PRIMARY KEY, meeting_id TEXT,"
    " number INTEGER, title TEXT, department TEXT, statecode INTEGER, statuscode INTEGER,"
    " dav_dossier_id TEXT, archived_on TEXT, modified_on TEXT, rowversion INTEGER);"
    "CREATE INDEX IF NOT EXISTS agenda_items_meeting ON agenda_items(meeting_id, number);"
    "CREATE TABLE IF NOT EXISTS dossiers(id TEXT PRIMARY KEY, number TEXT, name TEXT,"
    " type_id TEXT, department TEXT, stage_code INTEGER, statecode INTEGER, statuscode INTEGER,"
    " customer_name TEXT, customer_type TEXT, opened_on TEXT, closed_on TEXT,"
    " dav_dossier_id TEXT, archived_on TEXT, modified_on TEXT, rowversion INTEGER);"
    "CREATE TABLE IF NOT EXISTS documents(id TEXT PRIMARY KEY, regarding_type TEXT,"
    " regarding_id TEXT, name TEXT, mime_type TEXT, size INTEGER, sha256 TEXT, created_on TEXT,"
    " content BLOB, rowversion INTEGER);"
    "CREATE INDEX IF NOT EXISTS documents_regarding ON documents(regarding_id);"
    "CREATE TABLE IF NOT EXISTS meldingen(id TEXT PRIMARY KEY, nummer TEXT UNIQUE, titel TEXT,"
    " samenvatting TEXT, types_json TEXT, cat_code TEXT, cat_label TEXT, beschrijving TEXT,"
    " geometrie TEXT, adres TEXT, kanaal TEXT, systeem TEXT, referentie TEXT, status_code TEXT,"
    " status_label TEXT, history_json TEXT, indiener_type TEXT, indiener_naam TEXT,"
    " indiener_email TEXT, indiener_telefoon TEXT, behandelaar_naam TEXT, behandelaar_team TEXT,"
    " webpagina TEXT, ontvangen_op TEXT, idem_key TEXT UNIQUE, idem_hash TEXT,"
    " rowversion INTEGER);"
    "CREATE TABLE IF NOT EXISTS melding_attachments(id TEXT PRIMARY KEY, melding_id TEXT,"
    " ord INTEGER, naam TEXT, mime_type TEXT, grootte INTEGER, content BLOB);"
    "CREATE INDEX IF NOT EXISTS melding_attachments_m ON melding_attachments(melding_id, ord);"
    "CREATE TABLE IF NOT EXISTS dav_dossiers(id TEXT PRIMARY KEY, serie_id TEXT, naam TEXT,"
    " beschrijving TEXT, openingsdatum TEXT, sluitingsdatum TEXT, bron_id TEXT UNIQUE,"
    " bron_type TEXT, extensies_json TEXT, status TEXT, relaties_json TEXT, aangemaakt_op TEXT,"
    " ingediend_op TEXT);"
    "CREATE TABLE IF NOT EXISTS dav_documents(id TEXT PRIMARY KEY, dossier_id TEXT, naam TEXT,"
    " creatiedatum TEXT, bron_id TEXT, mime_type TEXT, grootte INTEGER, sha256 TEXT,"
    " status TEXT, extensies_json TEXT, content BLOB, UNIQUE(dossier_id, bron_id));"
    "CREATE TABLE IF NOT EXISTS ledger(seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT,"
    " bron_type TEXT, bron_id TEXT, event TEXT, ref_id TEXT);";

bool sim_db_exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "lbbus-sim: SQL error: %s\n", msg ? msg : "?");
        sqlite3_free(msg);
        return false;
    }
    return true;
}

int sim_db_open(const char *path, sqlite3 **out, char *err, size_t errsize)
{
    sqlite3 *db = NULL;
    /* NOMUTEX: a connection is only ever used by one thread at a time (the
     * pool hands it out), so SQLite's own per-call locking is not needed. */
    int rc = sqlite3_open_v2(
        path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, errsize, "cannot open database %s: %s", path,
                 db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close(db);
        return -1;
    }
    sqlite3_busy_timeout(db, 10000);
    /* page_size only takes effect on a new database: bigger pages make
     * seeding a large one faster (fewer writes). */
    if (!sim_db_exec(db, "PRAGMA page_size=16384; PRAGMA journal_mode=WAL;"
                         "PRAGMA synchronous=NORMAL;"
                         "PRAGMA foreign_keys=OFF;") ||
        !sim_db_exec(db, schema)) {
        snprintf(err, errsize, "cannot set up database %s: %s", path, sqlite3_errmsg(db));
        sqlite3_close(db);
        return -1;
    }
    *out = db;
    return 0;
}

bool sim_db_is_empty(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    bool empty = true;
    if (sqlite3_prepare_v2(db, "SELECT v FROM meta WHERE k='seeded'", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        empty = sqlite3_column_int(st, 0) == 0;
    sqlite3_finalize(st);
    return empty;
}

long long sim_db_next_rowversion(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    long long v = 0;
    if (sqlite3_prepare_v2(db, "UPDATE meta SET v = v + 1 WHERE k='rowversion' RETURNING v", -1,
                           &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

const char *sim_db_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

struct sim_db_pool {
    pthread_mutex_t lock;
    pthread_cond_t freed;
    size_t n, nfree;
    sqlite3 **all;
    sqlite3 **free_list;
};

sim_db_pool *sim_db_pool_new(const char *path, size_t n)
{
    sim_db_pool *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->freed, NULL);
    p->all = calloc(n, sizeof *p->all);
    p->free_list = calloc(n, sizeof *p->free_list);
    if (!p->all || !p->free_list) {
        sim_db_pool_free(p);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        char err[512];
        if (sim_db_open(path, &p->all[i], err, sizeof err) != 0) {
            fprintf(stderr, "lbbus-sim: %s\n", err);
            sim_db_pool_free(p);
            return NULL;
        }
        p->n++;
        p->free_list[p->nfree++] = p->all[i];
    }
    return p;
}

sqlite3 *sim_db_pool_get(sim_db_pool *pool)
{
    pthread_mutex_lock(&pool->lock);
    while (pool->nfree == 0)
        pthread_cond_wait(&pool->freed, &pool->lock);
    sqlite3 *db = pool->free_list[--pool->nfree];
    pthread_mutex_unlock(&pool->lock);
    return db;
}

void sim_db_pool_put(sim_db_pool *pool, sqlite3 *db)
{
    pthread_mutex_lock(&pool->lock);
    pool->free_list[pool->nfree++] = db;
    pthread_cond_signal(&pool->freed);
    pthread_mutex_unlock(&pool->lock);
}

void sim_db_pool_free(sim_db_pool *pool)
{
    if (!pool)
        return;
    for (size_t i = 0; i < pool->n; i++)
        sqlite3_close(pool->all[i]);
    pthread_mutex_destroy(&pool->lock);
    pthread_cond_destroy(&pool->freed);
    free(pool->all);
    free(pool->free_list);
    free(pool);
}
