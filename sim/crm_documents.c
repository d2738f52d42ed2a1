/* crm_documents.c — documents of meetings, agenda items and dossiers:
 * metadata through the generic engine, the bytes, and deletion under the
 * same archive rule as the record they belong to. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "sim/auth.h"
#include "sim/crm.h"
#include "sim/db.h"
#include "sim/handlers.h"
#include "sim/http_util.h"
#include "sim/ledger.h"

void sim_h_documents_list(sim_req *rq, sim_resp *rs)
{
    crm_list(rq, rs, &crm_document, NULL, NULL);
}

void sim_h_documents_get(sim_req *rq, sim_resp *rs)
{
    crm_get(rq, rs, &crm_document, rq->params[0]);
}

void sim_h_documents_content(sim_req *rq, sim_resp *rs)
{
    if (!sim_require_role(rq, rs, crm_document.read_roles, crm_document.read_role_name))
        return;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(rq->db,
                           "SELECT mime_type, content, rowversion FROM documents WHERE id=?1", -1,
                           &st, NULL) != SQLITE_OK) {
        sim_resp_error(rs, 500, "0x80040216", "An unexpected error occurred.");
        return;
    }
    sqlite3_bind_text(st, 1, rq->params[0], -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW) {
        sim_resp_bytes(rs, 200, sim_static_mime(sim_db_text(st, 0)), sqlite3_column_blob(st, 1),
                       (size_t)sqlite3_column_bytes(st, 1));
        sim_resp_header(rs, "ETag", "W/\"%lld\"", (long long)sqlite3_column_int64(st, 2));
    } else {
        sim_err_not_found(rs, crm_document.label, rq->params[0]);
    }
    sqlite3_finalize(st);
}

void sim_h_documents_delete(sim_req *rq, sim_resp *rs)
{
    const char *id = rq->params[0];
    if (!sim_require_role(rq, rs, SIM_ROLE_ARCHIVERING, SIM_ROLE_NAME_ARCHIVERING))
        return;
    if (!sim_db_exec(rq->db, "BEGIN IMMEDIATE")) {
        sim_resp_error(rs, 503, "EUNAVAILABLE", "The database is busy.");
        sim_resp_header(rs, "Retry-After", "1");
        return;
    }
    sqlite3_stmt *st = NULL;
    char type[16] = "", regarding[64] = "";
    long long rv = -1;
    if (sqlite3_prepare_v2(rq->db,
                           "SELECT regarding_type, regarding_id, rowversion FROM documents "
                           "WHERE id=?1",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_ROW) {
            snprintf(type, sizeof type, "%s", sim_db_text(st, 0));
            snprintf(regarding, sizeof regarding, "%s", sim_db_text(st, 1));
            rv = sqlite3_column_int64(st, 2);
        }
    }
    sqlite3_finalize(st);
    const crm_entity *owner = crm_entity_by_name(type);
    if (rv < 0 || !owner) {
        sim_err_not_found(rs, crm_document.label, id);
        goto rollback;
    }
    if (!sim_if_match_ok(rq, rv)) {
        sim_err_stale(rs);
        goto rollback;
    }
    if (crm_record_archived(rq->db, owner->table, regarding) != 1) {
        sim_resp_error(rs, 409, "0x80040265",
                       "Record is not archived in DAV (no submitted or published DAV dossier); "
                       "delete refused.");
        goto rollback;
    }
    bool done = false;
    if (sqlite3_prepare_v2(rq->db, "DELETE FROM documents WHERE id=?1", -1, &st, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
        done = sqlite3_step(st) == SQLITE_DONE;
    }
    sqlite3_finalize(st);
    if (!done || sim_ledger_record(rq->db, type, regarding, "document_delete", id) != 0 ||
        !sim_db_exec(rq->db, "COMMIT")) {
        sim_resp_error(rs, 500, "0x80040216", "An unexpected error occurred.");
        goto rollback;
    }
    sim_resp_empty(rs, 204);
    return;
rollback:
    sim_db_exec(rq->db, "ROLLBACK");
}
