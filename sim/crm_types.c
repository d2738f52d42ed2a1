/* crm_types.c — the admin's job: assigning a DAV series to a meeting type or
 * dossier type; and the statuscode table. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "sim/auth.h"
#include "sim/crm.h"
#include "sim/db.h"
#include "sim/handlers.h"
#include "sim/http_util.h"
#include "sim/json_util.h"
#include "sim/text_util.h"

static bool series_exists(sqlite3 *db, const char *id)
{
    sqlite3_stmt *st = NULL;
    bool found = false;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM series WHERE id = ?1", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
        found = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    return found;
}

static void type_patch(sim_req *rq, sim_resp *rs, const crm_entity *e)
{
    const char *id = rq->params[0];
    if (!sim_require_role(rq, rs, SIM_ROLE_ADMIN, SIM_ROLE_NAME_ADMIN))
        return;
    static const char *const allowed[] = {"davSeriesId", NULL};
    cJSON *body = sim_json_body(rq, rs);
    if (!body)
        return;
    const char *series = NULL;
    if (!sim_json_only(body, allowed, rs) ||
        !sim_json_str(body, "davSeriesId", true, true, &series, rs))
        goto out;
    if (series && !sim_is_hex64(series)) {
        sim_err_bad_request(rs, "Invalid property 'davSeriesId': 64 lowercase hex digits are "
                                "expected.");
        goto out;
    }
    if (!sim_db_exec(rq->db, "BEGIN IMMEDIATE")) {
        sim_resp_error(rs, 503, "EUNAVAILABLE", "The database is busy.");
        sim_resp_header(rs, "Retry-After", "1");
        goto out;
    }
    long long rv = crm_rowversion(rq->db, e->table, id);
    if (rv < 0) {
        sim_err_not_found(rs, e->label, id);
        goto rollback;
    }
    if (!sim_if_match_ok(rq, rv)) {
        sim_err_stale(rs);
        goto rollback;
    }
    if (series && !series_exists(rq->db, series)) {
        sim_resp_error(rs, 422, "0x80040203", "DAV series %s does not exist.", series);
        goto rollback;
    }
    char sql[160], now[21];
    snprintf(sql, sizeof sql,
             "UPDATE %s SET dav_series_id = ?1, modified_on = ?2, rowversion = ?3 WHERE id = ?4",
             e->table);
    sim_iso_now(now);
    sqlite3_stmt *st = NULL;
    bool done = false;
    if (sqlite3_prepare_v2(rq->db, sql, -1, &st, NULL) == SQLITE_OK) {
        if (series)
            sqlite3_bind_text(st, 1, series, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 3, sim_db_next_rowversion(rq->db));
        sqlite3_bind_text(st, 4, id, -1, SQLITE_TRANSIENT);
        done = sqlite3_step(st) == SQLITE_DONE;
    }
    sqlite3_finalize(st);
    if (!done || !sim_db_exec(rq->db, "COMMIT")) {
        sim_resp_error(rs, 500, "0x80040216", "An unexpected error occurred.");
        goto rollback;
    }
    crm_answer_written(rq, rs, e, id);
    goto out;
rollback:
    sim_db_exec(rq->db, "ROLLBACK");
out:
    cJSON_Delete(body);
}

void sim_h_meetingtypes_patch(sim_req *rq, sim_resp *rs)
{
    type_patch(rq, rs, &crm_meeting_type);
}

void sim_h_dossiertypes_patch(sim_req *rq, sim_resp *rs)
{
    type_patch(rq, rs, &crm_dossier_type);
}

void sim_h_statuscodes(sim_req *rq, sim_resp *rs)
{
    if (!sim_require_role(rq, rs, SIM_ROLE_SECRETARIAAT | SIM_ROLE_ARCHIVERING | SIM_ROLE_ADMIN,
                          SIM_ROLE_NAME_SECRETARIAAT))
        return;
    const char *entity = sim_req_arg(rq, "entity");
    if (!entity || !(strcmp(entity, "meeting") == 0 || strcmp(entity, "agendaitem") == 0 ||
                     strcmp(entity, "dossier") == 0)) {
        sim_err_bad_request(rs, "Query parameter 'entity' must be meeting, agendaitem or dossier.");
        return;
    }
    sqlite3_stmt *st = NULL;
    cJSON *root = cJSON_CreateObject();
    cJSON *value = cJSON_AddArrayToObject(root, "value");
    if (sqlite3_prepare_v2(rq->db,
                           "SELECT statecode, statuscode, label FROM statuscodes WHERE entity=?1 "
                           "ORDER BY statuscode",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, entity, -1, SQLITE_TRANSIENT);
        while (sqlite3_step(st) == SQLITE_ROW) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddNumberToObject(o, "statecode", sqlite3_column_int(st, 0));
            cJSON_AddNumberToObject(o, "statuscode", sqlite3_column_int(st, 1));
            sim_json_add_str(o, "label", sim_db_text(st, 2));
            cJSON_AddItemToArray(value, o);
        }
    }
    sqlite3_finalize(st);
    sim_resp_json(rs, 200, root);
}
