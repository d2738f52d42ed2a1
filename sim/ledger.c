/* ledger.c — see ledger.h. */
#include "config.h"

#include "sim/ledger.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/db.h"
#include "sim/http_util.h"
#include "sim/text_util.h"

int sim_ledger_record(sqlite3 *db, const char *bron_type, const char *bron_id, const char *event,
                      const char *ref_id)
{
    sqlite3_stmt *st = NULL;
    char now[21];
    sim_iso_now(now);
    int rc = -1;
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO ledger(at, bron_type, bron_id, event, ref_id) "
                           "VALUES(?1, ?2, ?3, ?4, ?5)",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, bron_type, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, bron_id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, event, -1, SQLITE_TRANSIENT);
        if (ref_id)
            sqlite3_bind_text(st, 5, ref_id, -1, SQLITE_TRANSIENT);
        rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
    }
    sqlite3_finalize(st);
    return rc;
}

/* Event name -> the member of a record's entry that counts it. */
static const struct {
    const char *event, *count, *ids;
} kinds[] = {
    {"dav_dossier_created", "davDossiersCreated", "davDossierIds"},
    {"dav_document_created", "davDocumentsCreated", "davDocumentIds"},
    {"dav_validated", "validations", NULL},
    {"dav_submitted", "submits", NULL},
    {"crm_delete", "crmDeletes", NULL},
    {"document_delete", "documentDeletes", "documentIds"},
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

static cJSON *new_entry(const char *type, const char *id)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "bronType", type);
    cJSON_AddStringToObject(o, "bronId", id);
    for (size_t k = 0; k < NKINDS; k++) {
        cJSON_AddNumberToObject(o, kinds[k].count, 0);
        if (kinds[k].ids)
            cJSON_AddArrayToObject(o, kinds[k].ids);
    }
    return o;
}

cJSON *sim_ledger_json(sqlite3 *db)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *value = cJSON_AddArrayToObject(root, "value");
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT bron_type, bron_id, event, ref_id FROM ledger "
                           "ORDER BY bron_type, bron_id, seq",
                           -1, &st, NULL) != SQLITE_OK)
        return root;
    cJSON *cur = NULL;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *type = sim_db_text(st, 0), *id = sim_db_text(st, 1);
        const char *event = sim_db_text(st, 2), *ref = sim_db_text(st, 3);
        if (!type || !id || !event)
            continue;
        if (!cur || strcmp(cJSON_GetObjectItemCaseSensitive(cur, "bronId")->valuestring, id) != 0 ||
            strcmp(cJSON_GetObjectItemCaseSensitive(cur, "bronType")->valuestring, type) != 0) {
            cur = new_entry(type, id);
            cJSON_AddItemToArray(value, cur);
        }
        for (size_t k = 0; k < NKINDS; k++) {
            if (strcmp(kinds[k].event, event) != 0)
                continue;
            cJSON *n = cJSON_GetObjectItemCaseSensitive(cur, kinds[k].count);
            cJSON_SetNumberValue(n, n->valuedouble + 1);
            if (kinds[k].ids && ref)
                cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(cur, kinds[k].ids),
                                     cJSON_CreateString(ref));
        }
    }
    sqlite3_finalize(st);
    return root;
}

void sim_handle_ledger(sim_req *rq, sim_resp *rs)
{
    sim_resp_json(rs, 200, sim_ledger_json(rq->db));
}

int sim_ledger_main(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {NULL, 0, NULL, 0},
    };
    const char *path = NULL;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        if (opt != 'd') {
            fprintf(stderr, "Usage: lbbus-sim ledger --db PATH\n");
            return 2;
        }
        path = optarg;
    }
    if (!path) {
        fprintf(stderr, "Usage: lbbus-sim ledger --db PATH\n");
        return 2;
    }
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, "lbbus-sim: cannot open %s: %s\n", path, db ? sqlite3_errmsg(db) : "");
        sqlite3_close(db);
        return 1;
    }
    sqlite3_busy_timeout(db, 10000);
    cJSON *j = sim_ledger_json(db);
    char *text = cJSON_Print(j);
    cJSON_Delete(j);
    sqlite3_close(db);
    if (!text)
        return 1;
    puts(text);
    free(text);
    return 0;
}
