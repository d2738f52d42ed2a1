/* dav.c — the DAV e-depot and series register as the bus exposes them:
 * series, dossiers (idempotent per source record), documents (idempotent
 * per dossier and source id), validation by DAV's rules, submit with
 * immediate publication, relations. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/auth.h"
#include "sim/crm.h"
#include "sim/db.h"
#include "sim/handlers.h"
#include "sim/http_util.h"
#include "sim/json_util.h"
#include "sim/ledger.h"
#include "sim/text_util.h"

static void dav_not_found(sim_resp *rs, const char *what, const char *id)
{
    sim_resp_error(rs, 404, "ENOTFND", "%s %s niet gevonden", what, id ? id : "");
}

static void internal(sim_resp *rs)
{
    sim_resp_error(rs, 500, "0x80040216", "An unexpected error occurred.");
}

static bool begin(sim_req *rq, sim_resp *rs)
{
    if (sim_db_exec(rq->db, "BEGIN IMMEDIATE"))
        return true;
    sim_resp_error(rs, 503, "EUNAVAILABLE", "DAV e-depot is tijdelijk niet beschikbaar.");
    sim_resp_header(rs, "Retry-After", "1");
    return false;
}

static void rollback(sim_req *rq)
{
    sim_db_exec(rq->db, "ROLLBACK");
}

static sqlite3_stmt *prepare1(sqlite3 *db, const char *sql, const char *arg)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return NULL;
    if (arg)
        sqlite3_bind_text(st, 1, arg, -1, SQLITE_TRANSIENT);
    return st;
}

/* ---- series ---- */

static cJSON *serie_json(sqlite3_stmt *st)
{
    cJSON *o = cJSON_CreateObject();
    sim_json_add_str(o, "id", sim_db_text(st, 0));
    sim_json_add_str(o, "naam", sim_db_text(st, 1));
    sim_json_add_str(o, "status", sim_db_text(st, 2));
    sim_json_add_str(o, "geldigVan", sim_db_text(st, 3));
    sim_json_add_str(o, "geldigTot", sim_db_text(st, 4));
    cJSON *av = cJSON_AddObjectToObject(o, "archiefvormer");
    sim_json_add_str(av, "code", sim_db_text(st, 5));
    sim_json_add_str(av, "naam", sim_db_text(st, 6));
    sim_json_add_str(o, "bewaargever", sim_db_text(st, 7));
    return o;
}

#define SERIE_COLS "id, naam, status, geldig_van, geldig_tot, av_code, av_naam, bewaargever"

void sim_h_dav_series_list(sim_req *rq, sim_resp *rs)
{
    static const char *const allowed[] = {NULL};
    cJSON *body = sim_json_body(rq, rs);
    if (!body || !sim_json_only(body, allowed, rs)) {
        cJSON_Delete(body);
        return;
    }
    cJSON_Delete(body);
    sqlite3_stmt *st = prepare1(rq->db, "SELECT " SERIE_COLS " FROM series ORDER BY naam", NULL);
    cJSON *root = cJSON_CreateObject();
    cJSON *value = cJSON_AddArrayToObject(root, "value");
    while (st && sqlite3_step(st) == SQLITE_ROW)
        cJSON_AddItemToArray(value, serie_json(st));
    sqlite3_finalize(st);
    sim_resp_json(rs, 200, root);
}

/* Reads {"id": ...} (plus ALLOWED members) whose id passes VALID; NULL with
 * RS filled (INVALID_MSG for a malformed id) when the body is not that. */
static cJSON *id_body_checked(sim_req *rq, sim_resp *rs, const char *const *allowed,
                              bool (*valid)(const char *), const char *invalid_msg, const char **id)
{
    cJSON *body = sim_json_body(rq, rs);
    if (!body)
        return NULL;
    if (!sim_json_only(body, allowed, rs) || !sim_json_str(body, "id", true, false, id, rs)) {
        cJSON_Delete(body);
        return NULL;
    }
    if (!valid(*id)) {
        sim_err_bad_request(rs, "%s", invalid_msg);
        cJSON_Delete(body);
        return NULL;
    }
    return body;
}

/* Reads {"id": <64 hex>}, a series id. */
static cJSON *serie_id_body(sim_req *rq, sim_resp *rs, const char **id)
{
    static const char *const allowed[] = {"id", NULL};
    return id_body_checked(rq, rs, allowed, sim_is_hex64,
                           "Invalid property 'id': 64 lowercase hex digits are expected.", id);
}

void sim_h_dav_series_get(sim_req *rq, sim_resp *rs)
{
    const char *id = NULL;
    cJSON *body = serie_id_body(rq, rs, &id);
    if (!body)
        return;
    sqlite3_stmt *st = prepare1(rq->db, "SELECT " SERIE_COLS " FROM series WHERE id=?1", id);
    if (st && sqlite3_step(st) == SQLITE_ROW)
        sim_resp_json(rs, 200, serie_json(st));
    else
        dav_not_found(rs, "Serie", id);
    sqlite3_finalize(st);
    cJSON_Delete(body);
}

void sim_h_dav_series_extensions(sim_req *rq, sim_resp *rs)
{
    const char *id = NULL;
    cJSON *body = serie_id_body(rq, rs, &id);
    if (!body)
        return;
    sqlite3_stmt *st = prepare1(rq->db, "SELECT 1 FROM series WHERE id=?1", id);
    bool found = st && sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    if (!found) {
        dav_not_found(rs, "Serie", id);
        cJSON_Delete(body);
        return;
    }
    st = prepare1(rq->db,
                  "SELECT naam, niveau, verplicht, type FROM series_ext WHERE series_id=?1 "
                  "ORDER BY ord",
                  id);
    cJSON *root = cJSON_CreateObject();
    cJSON *value = cJSON_AddArrayToObject(root, "value");
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        cJSON *o = cJSON_CreateObject();
        sim_json_add_str(o, "naam", sim_db_text(st, 0));
        sim_json_add_str(o, "niveau", sim_db_text(st, 1));
        cJSON_AddBoolToObject(o, "verplicht", sqlite3_column_int(st, 2) != 0);
        sim_json_add_str(o, "type", sim_db_text(st, 3));
        cJSON_AddItemToArray(value, o);
    }
    sqlite3_finalize(st);
    cJSON_Delete(body);
    sim_resp_json(rs, 200, root);
}

/* ---- dossiers ---- */

#define DOSSIER_COLS                                                                       \
    "id, serie_id, naam, beschrijving, openingsdatum, sluitingsdatum, bron_id, bron_type," \
    " extensies_json, status, relaties_json, aangemaakt_op, ingediend_op"

static cJSON *dossier_json(sqlite3 *db, const char *where_col, const char *value)
{
    char sql[300];
    snprintf(sql, sizeof sql, "SELECT " DOSSIER_COLS " FROM dav_dossiers WHERE %s = ?1", where_col);
    sqlite3_stmt *st = prepare1(db, sql, value);
    cJSON *o = NULL;
    if (st && sqlite3_step(st) == SQLITE_ROW) {
        o = cJSON_CreateObject();
        static const char *const names[] = {"id",           "serieId",       "naam",
                                            "beschrijving", "openingsdatum", "sluitingsdatum",
                                            "bronId",       "bronType"};
        for (int i = 0; i < 8; i++)
            sim_json_add_str(o, names[i], sim_db_text(st, i));
        sim_json_add_raw(o, "extensies", sim_db_text(st, 8));
        sim_json_add_str(o, "status", sim_db_text(st, 9));
        sqlite3_stmt *docs =
            prepare1(db, "SELECT id FROM dav_documents WHERE dossier_id=?1 ORDER BY rowid",
                     sim_db_text(st, 0));
        cJSON *ids = cJSON_AddArrayToObject(o, "documentIds");
        while (docs && sqlite3_step(docs) == SQLITE_ROW)
            cJSON_AddItemToArray(ids, cJSON_CreateString(sim_db_text(docs, 0)));
        sqlite3_finalize(docs);
        sim_json_add_raw(o, "relaties", sim_db_text(st, 10));
        sim_json_add_str(o, "aangemaaktOp", sim_db_text(st, 11));
        sim_json_add_str(o, "ingediendOp", sim_db_text(st, 12));
    }
    sqlite3_finalize(st);
    return o;
}

static const char *str_of(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool is_submitted(const cJSON *dossier)
{
    const char *s = str_of(dossier, "status");
    return s && (strcmp(s, "Ingediend") == 0 || strcmp(s, "Gepubliceerd") == 0);
}

/* Optional date member: absent, null, or "YYYY-MM-DD". */
static bool date_member(const cJSON *body, const char *name, bool required, const char **out,
                        bool *present, sim_resp *rs)
{
    *present = cJSON_GetObjectItemCaseSensitive(body, name) != NULL;
    if (!sim_json_str(body, name, required, true, out, rs))
        return false;
    if (*out && !sim_is_date(*out)) {
        sim_err_bad_request(rs, "Invalid property '%s': a date YYYY-MM-DD or null is expected.",
                            name);
        return false;
    }
    return true;
}

/* Extensions: an array of {"naam","waarde"}; returns its JSON text
 * (malloc'd) or NULL with RS filled. */
static char *extensions_text(const cJSON *body, const char *name, sim_resp *rs)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(body, name);
    if (!cJSON_IsArray(arr)) {
        sim_err_bad_request(rs, "Invalid property '%s': an array is expected.", name);
        return NULL;
    }
    static const char *const allowed[] = {"naam", "waarde", NULL};
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        const char *naam = NULL, *waarde = NULL;
        if (!cJSON_IsObject(it)) {
            sim_err_bad_request(rs, "Invalid property '%s': objects {naam, waarde} expected.",
                                name);
            return NULL;
        }
        if (!sim_json_only(it, allowed, rs) || !sim_json_str(it, "naam", true, false, &naam, rs) ||
            !sim_json_str(it, "waarde", true, false, &waarde, rs))
            return NULL;
        if (!*naam) {
            sim_err_bad_request(rs, "Invalid property 'naam': must not be empty.");
            return NULL;
        }
    }
    char *text = cJSON_PrintUnformatted(arr);
    if (!text)
        internal(rs);
    return text;
}

/* Checks the body's roles and archivist rights. */
static bool archivist(sim_req *rq, sim_resp *rs)
{
    return sim_require_role(rq, rs, SIM_ROLE_ARCHIVERING, SIM_ROLE_NAME_ARCHIVERING);
}

/* The source record of a dossier: it must exist, be inactive, and its type
 * must have a DAV series. 0 when fine; otherwise RS holds the refusal. */
static int check_source(sqlite3 *db, sim_resp *rs, const char *type, const char *id)
{
    static const struct {
        const char *type, *sql, *type_label;
    } q[] = {
        {"meeting",
         "SELECT r.statecode, t.name, t.dav_series_id FROM meetings r "
         "LEFT JOIN meeting_types t ON t.id = r.type_id WHERE r.id=?1",
         "Vergadertype"},
        {"agendaitem",
         "SELECT r.statecode, t.name, t.dav_series_id FROM agenda_items r "
         "LEFT JOIN meetings m ON m.id = r.meeting_id "
         "LEFT JOIN meeting_types t ON t.id = m.type_id WHERE r.id=?1",
         "Vergadertype"},
        {"dossier",
         "SELECT r.statecode, t.name, t.dav_series_id FROM dossiers r "
         "LEFT JOIN dossier_types t ON t.id = r.type_id WHERE r.id=?1",
         "Dossiertype"},
    };
    const crm_entity *e = crm_entity_by_name(type);
    for (size_t i = 0; i < 3; i++) {
        if (strcmp(q[i].type, type) != 0)
            continue;
        sqlite3_stmt *st = prepare1(db, q[i].sql, id);
        int rc = 0;
        if (!st) {
            internal(rs);
            return -1;
        }
        if (sqlite3_step(st) != SQLITE_ROW) {
            sim_err_not_found(rs, e->label, id);
            rc = -1;
        } else if (sqlite3_column_int(st, 0) == 0) {
            sim_resp_error(rs, 409, "0x80040265",
                           "%s %s is active: only inactive records can be archived.", e->label, id);
            rc = -1;
        } else if (sqlite3_column_type(st, 2) == SQLITE_NULL) {
            sim_resp_error(rs, 422, "ENOSERIE",
                           "%s '%s' has no DAV series; an administrator must assign one first.",
                           q[i].type_label, sim_db_text(st, 1) ? sim_db_text(st, 1) : "?");
            rc = -1;
        }
        sqlite3_finalize(st);
        return rc;
    }
    sim_err_bad_request(rs, "Invalid property 'bronType': meeting, agendaitem or dossier.");
    return -1;
}

void sim_h_dav_dossiers_create(sim_req *rq, sim_resp *rs)
{
    if (!archivist(rq, rs))
        return;
    static const char *const allowed[] = {"serieId",       "naam",           "beschrijving",
                                          "openingsdatum", "sluitingsdatum", "bronId",
                                          "bronType",      "extensies",      NULL};
    cJSON *body = sim_json_body(rq, rs);
    if (!body)
        return;
    const char *serie, *naam, *beschrijving, *open, *close, *bron_id, *bron_type;
    bool p1, p2;
    char *ext = NULL;
    if (!sim_json_only(body, allowed, rs) ||
        !sim_json_str(body, "serieId", true, false, &serie, rs) ||
        !sim_json_str(body, "naam", true, false, &naam, rs) ||
        !sim_json_str(body, "beschrijving", false, true, &beschrijving, rs) ||
        !date_member(body, "openingsdatum", true, &open, &p1, rs) ||
        !date_member(body, "sluitingsdatum", true, &close, &p2, rs) ||
        !sim_json_str(body, "bronId", true, false, &bron_id, rs) ||
        !sim_json_str(body, "bronType", true, false, &bron_type, rs) ||
        !(ext = extensions_text(body, "extensies", rs)))
        goto out;
    if (!sim_is_hex64(serie)) {
        sim_err_bad_request(rs,
                            "Invalid property 'serieId': 64 lowercase hex digits are expected.");
        goto out;
    }
    if (!sim_is_guid(bron_id)) {
        sim_err_bad_request(rs, "Invalid property 'bronId': a lowercase GUID is expected.");
        goto out;
    }
    if (!crm_entity_by_name(bron_type)) {
        sim_err_bad_request(rs, "Invalid property 'bronType': meeting, agendaitem or dossier.");
        goto out;
    }
    if (!begin(rq, rs))
        goto out;
    /* Idempotent per source record: the same bronId gets the same dossier. */
    cJSON *existing = dossier_json(rq->db, "bron_id", bron_id);
    if (existing) {
        rollback(rq);
        sim_resp_json(rs, 200, existing);
        goto out;
    }
    sqlite3_stmt *st = prepare1(rq->db, "SELECT 1 FROM series WHERE id=?1", serie);
    bool serie_ok = st && sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    if (!serie_ok) {
        sim_resp_error(rs, 422, "0x80040203", "DAV series %s does not exist.", serie);
        rollback(rq);
        goto out;
    }
    if (check_source(rq->db, rs, bron_type, bron_id) != 0) {
        rollback(rq);
        goto out;
    }
    char id[37], now[21];
    sim_new_guid(id);
    sim_iso_now(now);
    st = prepare1(rq->db,
                  "INSERT INTO dav_dossiers VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,'Concept','[]',?10,"
                  "NULL)",
                  id);
    bool done = false;
    if (st) {
        sqlite3_bind_text(st, 2, serie, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, naam, -1, SQLITE_TRANSIENT);
        if (beschrijving)
            sqlite3_bind_text(st, 4, beschrijving, -1, SQLITE_TRANSIENT);
        if (open)
            sqlite3_bind_text(st, 5, open, -1, SQLITE_TRANSIENT);
        if (close)
            sqlite3_bind_text(st, 6, close, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 7, bron_id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 8, bron_type, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 9, ext, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 10, now, -1, SQLITE_TRANSIENT);
        done = sqlite3_step(st) == SQLITE_DONE;
    }
    sqlite3_finalize(st);
    if (!done || sim_ledger_record(rq->db, bron_type, bron_id, "dav_dossier_created", id) != 0 ||
        !sim_db_exec(rq->db, "COMMIT")) {
        rollback(rq);
        internal(rs);
        goto out;
    }
    sim_resp_header(rs, "Location", "/dav/dossiers/%s", id);
    sim_resp_json(rs, 201, dossier_json(rq->db, "id", id));
out:
    free(ext);
    cJSON_Delete(body);
}

/* Reads {"id": <guid>} (plus ALLOWED members), a dossier or document id. */
static cJSON *id_body(sim_req *rq, sim_resp *rs, const char *const *allowed, const char **id)
{
    return id_body_checked(rq, rs, allowed, sim_is_guid,
                           "Invalid property 'id': a lowercase GUID is expected.", id);
}

void sim_h_dav_dossiers_get(sim_req *rq, sim_resp *rs)
{
    if (!archivist(rq, rs))
        return;
    static const char *const allowed[] = {"id", "bronId", NULL};
    cJSON *body = sim_json_body(rq, rs);
    if (!body)
        return;
    const char *id = NULL, *bron = NULL;
    if (sim_json_only(body, allowed, rs) && sim_json_str(body, "id", false, false, &id, rs) &&
        sim_json_str(body, "bronId", false, false, &bron, rs)) {
        if (!id == !bron)
            sim_err_bad_request(rs, "Give exactly one of 'id' and 'bronId'.");
        else if (!sim_is_guid(id ? id : bron))
            sim_err_bad_request(rs, "Invalid property '%s': a lowercase GUID is expected.",
                                id ? "id" : "bronId");
        else {
            cJSON *d = dossier_json(rq->db, id ? "id" : "bron_id", id ? id : bron);
            if (d)
                sim_resp_json(rs, 200, d);
            else
                dav_not_found(rs, "Dossier", id ? id : bron);
        }
    }
    cJSON_Delete(body);
}

static void already_submitted(sim_resp *rs, const char *id)
{
    sim_resp_error(rs, 409, "EINGEDIEND", "DAV dossier %s is already submitted.", id);
}

/* Begins a transaction and loads dossier ID for a change: NULL (answered,
 * rolled back) when it does not exist or is already submitted. */
static cJSON *open_dossier_to_change(sim_req *rq, sim_resp *rs, const char *id)
{
    if (!begin(rq, rs))
        return NULL;
    cJSON *d = dossier_json(rq->db, "id", id);
    if (d && !is_submitted(d))
        return d;
    if (d)
        already_submitted(rs, id);
    else
        dav_not_found(rs, "Dossier", id);
    cJSON_Delete(d);
    rollback(rq);
    return NULL;
}

void sim_h_dav_dossiers_update(sim_req *rq, sim_resp *rs)
{
    if (!archivist(rq, rs))
        return;
    static const char *const allowed[] = {
        "id", "naam", "beschrijving", "openingsdatum", "sluitingsdatum", "extensies", NULL};
    const char *id = NULL;
    cJSON *body = id_body(rq, rs, allowed, &id);
    if (!body)
        return;
    const char *naam, *beschrijving, *open, *close;
    bool has_open, has_close;
    char *ext = NULL;
    bool has_ext = cJSON_GetObjectItemCaseSensitive(body, "extensies") != NULL;
    bool has_besch = cJSON_GetObjectItemCaseSensitive(body, "beschrijving") != NULL;
    if (!sim_json_str(body, "naam", false, false, &naam, rs) ||
        !sim_json_str(body, "beschrijving", false, true, &beschrijving, rs) ||
        !date_member(body, "openingsdatum", false, &open, &has_open, rs) ||
        !date_member(body, "sluitingsdatum", false, &close, &has_close, rs) ||
        (has_ext && !(ext = extensions_text(body, "extensies", rs))))
        goto out;
    if (cJSON_GetArraySize(body) < 2) {
        sim_err_bad_request(rs, "Nothing to update: give at least one field besides 'id'.");
        goto out;
    }
    cJSON *d = open_dossier_to_change(rq, rs, id);
    if (!d)
        goto out;
    cJSON_Delete(d);
    sqlite3_stmt *st =
        prepare1(rq->db,
                 "UPDATE dav_dossiers SET naam = coalesce(?2, naam),"
                 " beschrijving = CASE WHEN ?3 THEN ?4 ELSE beschrijving END,"
                 " openingsdatum = CASE WHEN ?5 THEN ?6 ELSE openingsdatum END,"
                 " sluitingsdatum = CASE WHEN ?7 THEN ?8 ELSE sluitingsdatum END,"
                 " extensies_json = coalesce(?9, extensies_json), status = 'Concept' WHERE id = ?1",
                 id);
    bool done = false;
    if (st) {
        if (naam)
            sqlite3_bind_text(st, 2, naam, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 3, has_besch);
        if (beschrijving)
            sqlite3_bind_text(st, 4, beschrijving, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 5, has_open);
        if (open)
            sqlite3_bind_text(st, 6, open, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 7, has_close);
        if (close)
            sqlite3_bind_text(st, 8, close, -1, SQLITE_TRANSIENT);
        if (ext)
            sqlite3_bind_text(st, 9, ext, -1, SQLITE_TRANSIENT);
        done = sqlite3_step(st) == SQLITE_DONE;
    }
    sqlite3_finalize(st);
    if (!done || !sim_db_exec(rq->db, "COMMIT")) {
        rollback(rq);
        internal(rs);
        goto out;
    }
    sim_resp_json(rs, 200, dossier_json(rq->db, "id", id));
out:
    free(ext);
    cJSON_Delete(body);
}

/* ---- validation ---- */

static void problem(cJSON *list, const char *veld, const char *waarde, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void problem(cJSON *list, const char *veld, const char *waarde, const char *fmt, ...)
{
    char reden[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reden, sizeof reden, fmt, ap);
    va_end(ap);
    cJSON *p = cJSON_CreateObject();
    cJSON_AddStringToObject(p, "veld", veld);
    sim_json_add_str(p, "waarde", waarde);
    cJSON_AddStringToObject(p, "reden", reden);
    cJSON_AddItemToArray(list, p);
}

/* The problems DAV would report for dossier D (a dossier_json object). */
static cJSON *problems_of(sqlite3 *db, const cJSON *d)
{
    cJSON *list = cJSON_CreateArray();
    char today[11];
    sim_today(today);
    const char *id = str_of(d, "id"), *naam = str_of(d, "naam");
    const char *open = str_of(d, "openingsdatum"), *close = str_of(d, "sluitingsdatum");
    if (!naam || !*naam)
        problem(list, "Naam", NULL, "Verplicht veld ontbreekt");
    else if (sim_utf8_length(naam) > 255)
        problem(list, "Naam", naam, "Naam is langer dan 255 tekens");
    if (naam && *naam) {
        sqlite3_stmt *st = prepare1(db,
                                    "SELECT count(*) FROM dav_dossiers WHERE naam = ?1 AND "
                                    "serie_id = ?2 AND id <> ?3",
                                    naam);
        if (st) {
            sqlite3_bind_text(st, 2, str_of(d, "serieId"), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 3, id, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0)
                problem(list, "Naam", naam, "Naam is niet uniek binnen de serie");
        }
        sqlite3_finalize(st);
    }
    if (!open)
        problem(list, "Openingsdatum", NULL, "Verplicht veld ontbreekt");
    if (!close)
        problem(list, "Sluitingsdatum", NULL, "Verplicht veld ontbreekt");
    if (open && strcmp(open, today) > 0)
        problem(list, "Openingsdatum", open, "Datum ligt in de toekomst");
    if (close && strcmp(close, today) > 0)
        problem(list, "Sluitingsdatum", close, "Datum ligt in de toekomst");
    if (open && close && strcmp(open, close) > 0)
        problem(list, "Sluitingsdatum", close, "Sluitingsdatum ligt voor de openingsdatum");
    sqlite3_stmt *st =
        prepare1(db, "SELECT geldig_van, geldig_tot FROM series WHERE id=?1", str_of(d, "serieId"));
    if (st && sqlite3_step(st) == SQLITE_ROW && open) {
        const char *van = sim_db_text(st, 0), *tot = sim_db_text(st, 1);
        if ((van && strcmp(open, van) < 0) || (tot && strcmp(open, tot) > 0))
            problem(list, "Openingsdatum", open,
                    "Openingsdatum valt buiten de geldigheid van de serie (%s \u2013 %s)",
                    van ? van : "", tot ? tot : "");
    }
    sqlite3_finalize(st);
    /* Required dossier-level extensions of the series. */
    const cJSON *exts = cJSON_GetObjectItemCaseSensitive(d, "extensies");
    st = prepare1(db,
                  "SELECT naam, type FROM series_ext WHERE series_id=?1 AND niveau='dossier' "
                  "AND verplicht=1 ORDER BY ord",
                  str_of(d, "serieId"));
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        const char *want = sim_db_text(st, 0), *type = sim_db_text(st, 1);
        const char *value = NULL;
        const cJSON *e;
        cJSON_ArrayForEach(e, exts)
        {
            const char *n = str_of(e, "naam");
            if (n && strcmp(n, want) == 0)
                value = str_of(e, "waarde");
        }
        if (!value || !*value)
            problem(list, want, NULL, "Verplichte extensie ontbreekt");
        else if (type && strcmp(type, "datum") == 0 && !sim_is_date(value))
            problem(list, want, value, "Geen geldige datum (YYYY-MM-DD)");
    }
    sqlite3_finalize(st);
    /* Documents: name and creation date, inside the dossier's dates. */
    st = prepare1(db,
                  "SELECT bron_id, naam, creatiedatum FROM dav_documents WHERE dossier_id=?1 "
                  "ORDER BY rowid",
                  id);
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        const char *bron = sim_db_text(st, 0), *dn = sim_db_text(st, 1);
        const char *created = sim_db_text(st, 2);
        char veld[300];
        if (!dn || !*dn) {
            snprintf(veld, sizeof veld, "Stuk %s: Naam", bron);
            problem(list, veld, NULL, "Verplicht veld ontbreekt");
        }
        if (!created) {
            snprintf(veld, sizeof veld, "Stuk %s: Creatiedatum", bron);
            problem(list, veld, NULL, "Verplicht veld ontbreekt");
            continue;
        }
        if (strcmp(created, today) > 0) {
            snprintf(veld, sizeof veld, "Stuk %s: Creatiedatum", bron);
            problem(list, veld, created, "Datum ligt in de toekomst");
        }
        if (open && strcmp(created, open) < 0)
            problem(list, "Openingsdatum", open,
                    "Dossierdatums omvatten stuk %s niet (creatiedatum %s)", bron, created);
        if (close && strcmp(created, close) > 0)
            problem(list, "Sluitingsdatum", close,
                    "Dossierdatums omvatten stuk %s niet (creatiedatum %s)", bron, created);
    }
    sqlite3_finalize(st);
    return list;
}

static const char *const id_only[] = {"id", NULL};

void sim_h_dav_dossiers_validate(sim_req *rq, sim_resp *rs)
{
    if (!archivist(rq, rs))
        return;
    const char *id = NULL;
    cJSON *body = id_body(rq, rs, id_only, &id);
    if (!body)
        return;
    if (!begin(rq, rs))
        goto out;
    cJSON *d = dossier_json(rq->db, "id", id);
    if (!d) {
        rollback(rq);
        dav_not_found(rs, "Dossier", id);
        goto out;
    }
    cJSON *problems = problems_of(rq->db, d);
    bool valid = cJSON_GetArraySize(problems) == 0;
    sqlite3_stmt *st = prepare1(rq->db,
                                "UPDATE dav_dossiers SET status = CASE WHEN status IN "
                                "('Concept','Gevalideerd') THEN ?2 ELSE status END WHERE id=?1",
                                id);
    if (st) {
        sqlite3_bind_text(st, 2, valid ? "Gevalideerd" : "Concept", -1, SQLITE_STATIC);
        sqlite3_step(st);
    }
    sqlite3_finalize(st);
    sim_ledger_record(rq->db, str_of(d, "bronType"), str_of(d, "bronId"), "dav_validated", id);
    cJSON_Delete(d);
    if (!sim_db_exec(rq->db, "COMMIT")) {
        rollback(rq);
        cJSON_Delete(problems);
        internal(rs);
        goto out;
    }
    cJSON *root = cJSON_CreateObject();
    cJSON_AddBoolToObject(root, "geldig", valid);
    cJSON_AddItemToObject(root, "problemen", problems);
    sim_resp_json(rs, 200, root);
out:
    cJSON_Delete(body);
}

void sim_h_dav_dossiers_submit(sim_req *rq, sim_resp *rs)
{
    if (!archivist(rq, rs))
        return;
    const char *id = NULL;
    cJSON *body = id_body(rq, rs, id_only, &id);
    if (!body)
        return;
    cJSON *d = open_dossier_to_change(rq, rs, id);
    if (!d)
        goto out;
    cJSON *problems = problems_of(rq->db, d);
    if (cJSON_GetArraySize(problems) > 0) {
        rollback(rq);
        cJSON *root = cJSON_CreateObject();
        cJSON *err = cJSON_AddObjectToObject(root, "error");
        cJSON_AddStringToObject(err, "code", "EONGELDIG");
        cJSON_AddStringToObject(err, "message", "Dossier is niet geldig.");
        cJSON_AddItemToObject(err, "problemen", problems);
        cJSON_Delete(d);
        sim_resp_json(rs, 422, root);
        goto out;
    }
    cJSON_Delete(problems);
    char now[21];
    sim_iso_now(now);
    /* The simulator's information manager approves at once: published. */
    sqlite3_stmt *st = prepare1(rq->db,
                                "UPDATE dav_dossiers SET status='Gepubliceerd', ingediend_op=?2 "
                                "WHERE id=?1",
                                id);
    bool done = false;
    if (st) {
        sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
        done = sqlite3_step(st) == SQLITE_DONE;
    }
    sqlite3_finalize(st);
    st = prepare1(rq->db, "UPDATE dav_documents SET status='Gepubliceerd' WHERE dossier_id=?1", id);
    done = done && st && sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    done = done && sim_ledger_record(rq->db, str_of(d, "bronType"), str_of(d, "bronId"),
                                     "dav_submitted", id) == 0;
    cJSON_Delete(d);
    if (!done || !sim_db_exec(rq->db, "COMMIT")) {
        rollback(rq);
        internal(rs);
        goto out;
    }
    sim_resp_json(rs, 200, dossier_json(rq->db, "id", id));
out:
    cJSON_Delete(body);
}

void sim_h_dav_dossiers_relation(sim_req *rq, sim_resp *rs)
{
    if (!archivist(rq, rs))
        return;
    static const char *const allowed[] = {"id", "gerelateerdId", "type", NULL};
    const char *id = NULL, *other = NULL, *type = NULL;
    cJSON *body = id_body(rq, rs, allowed, &id);
    if (!body)
        return;
    if (!sim_json_str(body, "gerelateerdId", true, false, &other, rs) ||
        !sim_json_str(body, "type", true, false, &type, rs))
        goto out;
    if (!sim_is_guid(other) || strcmp(type, "associatie") != 0) {
        sim_err_bad_request(rs, "Invalid relation: 'gerelateerdId' must be a GUID and 'type' "
                                "'associatie'.");
        goto out;
    }
    if (!begin(rq, rs))
        goto out;
    cJSON *d = dossier_json(rq->db, "id", id);
    cJSON *o = dossier_json(rq->db, "id", other);
    if (!d || !o) {
        dav_not_found(rs, "Dossier", d ? other : id);
        cJSON_Delete(d);
        cJSON_Delete(o);
        rollback(rq);
        goto out;
    }
    cJSON_Delete(o);
    cJSON *rel = cJSON_GetObjectItemCaseSensitive(d, "relaties");
    bool known = false;
    const cJSON *r;
    cJSON_ArrayForEach(r, rel)
    {
        const char *rid = str_of(r, "id");
        if (rid && strcmp(rid, other) == 0)
            known = true;
    }
    if (!known) {
        cJSON *n = cJSON_CreateObject();
        cJSON_AddStringToObject(n, "id", other);
        cJSON_AddStringToObject(n, "type", "associatie");
        cJSON_AddItemToArray(rel, n);
    }
    char *text = cJSON_PrintUnformatted(rel);
    cJSON_Delete(d);
    sqlite3_stmt *st = prepare1(rq->db, "UPDATE dav_dossiers SET relaties_json=?2 WHERE id=?1", id);
    bool done = false;
    if (st && text) {
        sqlite3_bind_text(st, 2, text, -1, SQLITE_TRANSIENT);
        done = sqlite3_step(st) == SQLITE_DONE;
    }
    sqlite3_finalize(st);
    free(text);
    if (!done || !sim_db_exec(rq->db, "COMMIT")) {
        rollback(rq);
        internal(rs);
        goto out;
    }
    sim_resp_json(rs, 200, dossier_json(rq->db, "id", id));
out:
    cJSON_Delete(body);
}

/* ---- documents ---- */

static cJSON *document_json(sqlite3 *db, const char *id)
{
    sqlite3_stmt *st = prepare1(db,
                                "SELECT id, dossier_id, naam, creatiedatum, bron_id, mime_type, "
                                "grootte, sha256, status FROM dav_documents WHERE id=?1",
                                id);
    cJSON *o = NULL;
    if (st && sqlite3_step(st) == SQLITE_ROW) {
        o = cJSON_CreateObject();
        static const char *const names[] = {"id",           "dossierId", "naam",
                                            "creatiedatum", "bronId",    "mimeType"};
        for (int i = 0; i < 6; i++)
            sim_json_add_str(o, names[i], sim_db_text(st, i));
        cJSON_AddNumberToObject(o, "grootte", (double)sqlite3_column_int64(st, 6));
        sim_json_add_str(o, "sha256", sim_db_text(st, 7));
        sim_json_add_str(o, "status", sim_db_text(st, 8));
    }
    sqlite3_finalize(st);
    return o;
}

void sim_h_dav_documents_create(sim_req *rq, sim_resp *rs)
{
    if (!archivist(rq, rs))
        return;
    static const char *const allowed[] = {"dossierId", "naam",   "creatiedatum", "bronId",
                                          "mimeType",  "inhoud", "extensies",    NULL};
    cJSON *body = sim_json_body(rq, rs);
    if (!body)
        return;
    const char *dossier, *naam, *created, *bron, *mime, *inhoud;
    bool has_created;
    char *ext = NULL;
    unsigned char *bytes = NULL;
    size_t nbytes = 0;
    bool has_ext = cJSON_GetObjectItemCaseSensitive(body, "extensies") != NULL;
    if (!sim_json_only(body, allowed, rs) ||
        !sim_json_str(body, "dossierId", true, false, &dossier, rs) ||
        !sim_json_str(body, "naam", true, false, &naam, rs) ||
        !date_member(body, "creatiedatum", true, &created, &has_created, rs) ||
        !sim_json_str(body, "bronId", true, false, &bron, rs) ||
        !sim_json_str(body, "mimeType", true, false, &mime, rs) ||
        !sim_json_str(body, "inhoud", true, false, &inhoud, rs) ||
        (has_ext && !(ext = extensions_text(body, "extensies", rs))))
        goto out;
    if (!sim_is_guid(dossier)) {
        sim_err_bad_request(rs, "Invalid property 'dossierId': a lowercase GUID is expected.");
        goto out;
    }
    if (!sim_is_guid(bron)) {
        sim_err_bad_request(rs, "Invalid property 'bronId': a lowercase GUID is expected.");
        goto out;
    }
    if (!*mime || strlen(mime) > 200) {
        sim_err_bad_request(rs, "Invalid property 'mimeType': 1 to 200 characters.");
        goto out;
    }
    bytes = sim_base64_decode(inhoud, &nbytes);
    if (!bytes) {
        sim_err_bad_request(rs, "Invalid property 'inhoud': base64 is expected.");
        goto out;
    }
    cJSON *d = open_dossier_to_change(rq, rs, dossier);
    if (!d)
        goto out;
    /* Idempotent per (dossier, source id). */
    sqlite3_stmt *st = prepare1(
        rq->db, "SELECT id FROM dav_documents WHERE dossier_id=?1 AND bron_id=?2", dossier);
    char existing[37] = "";
    if (st) {
        sqlite3_bind_text(st, 2, bron, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_ROW)
            snprintf(existing, sizeof existing, "%s", sim_db_text(st, 0));
    }
    sqlite3_finalize(st);
    if (existing[0]) {
        cJSON_Delete(d);
        rollback(rq);
        sim_resp_json(rs, 200, document_json(rq->db, existing));
        goto out;
    }
    char id[37], sha[65];
    sim_new_guid(id);
    sim_sha256_hex(bytes, nbytes, sha);
    st = prepare1(rq->db,
                  "INSERT INTO dav_documents VALUES(?1,?2,?3,?4,?5,?6,?7,?8,'Concept',?9,?10)", id);
    bool done = false;
    if (st) {
        sqlite3_bind_text(st, 2, dossier, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, naam, -1, SQLITE_TRANSIENT);
        if (created)
            sqlite3_bind_text(st, 4, created, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 5, bron, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 6, mime, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 7, (long long)nbytes);
        sqlite3_bind_text(st, 8, sha, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 9, ext ? ext : "[]", -1, SQLITE_TRANSIENT);
        sqlite3_bind_blob(st, 10, bytes, (int)nbytes, SQLITE_TRANSIENT);
        done = sqlite3_step(st) == SQLITE_DONE;
    }
    sqlite3_finalize(st);
    st = prepare1(rq->db, "UPDATE dav_dossiers SET status='Concept' WHERE id=?1", dossier);
    done = done && st && sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    done = done && sim_ledger_record(rq->db, str_of(d, "bronType"), str_of(d, "bronId"),
                                     "dav_document_created", id) == 0;
    cJSON_Delete(d);
    if (!done || !sim_db_exec(rq->db, "COMMIT")) {
        rollback(rq);
        internal(rs);
        goto out;
    }
    sim_resp_json(rs, 201, document_json(rq->db, id));
out:
    free(bytes);
    free(ext);
    cJSON_Delete(body);
}

void sim_h_dav_documents_update(sim_req *rq, sim_resp *rs)
{
    if (!archivist(rq, rs))
        return;
    static const char *const allowed[] = {"id", "naam", "creatiedatum", "extensies", NULL};
    const char *id = NULL;
    cJSON *body = id_body(rq, rs, allowed, &id);
    if (!body)
        return;
    const char *naam, *created;
    bool has_created;
    char *ext = NULL;
    bool has_ext = cJSON_GetObjectItemCaseSensitive(body, "extensies") != NULL;
    if (!sim_json_str(body, "naam", false, false, &naam, rs) ||
        !date_member(body, "creatiedatum", false, &created, &has_created, rs) ||
        (has_ext && !(ext = extensions_text(body, "extensies", rs))))
        goto out;
    if (cJSON_GetArraySize(body) < 2) {
        sim_err_bad_request(rs, "Nothing to update: give at least one field besides 'id'.");
        goto out;
    }
    if (!begin(rq, rs))
        goto out;
    cJSON *doc = document_json(rq->db, id);
    cJSON *d = doc ? dossier_json(rq->db, "id", str_of(doc, "dossierId")) : NULL;
    if (!doc || !d || is_submitted(d)) {
        if (d)
            already_submitted(rs, str_of(d, "id"));
        else
            dav_not_found(rs, "Stuk", id);
        cJSON_Delete(doc);
        cJSON_Delete(d);
        rollback(rq);
        goto out;
    }
    sqlite3_stmt *st = prepare1(rq->db,
                                "UPDATE dav_documents SET naam = coalesce(?2, naam),"
                                " creatiedatum = CASE WHEN ?3 THEN ?4 ELSE creatiedatum END,"
                                " extensies_json = coalesce(?5, extensies_json) WHERE id = ?1",
                                id);
    bool done = false;
    if (st) {
        if (naam)
            sqlite3_bind_text(st, 2, naam, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 3, has_created);
        if (created)
            sqlite3_bind_text(st, 4, created, -1, SQLITE_TRANSIENT);
        if (ext)
            sqlite3_bind_text(st, 5, ext, -1, SQLITE_TRANSIENT);
        done = sqlite3_step(st) == SQLITE_DONE;
    }
    sqlite3_finalize(st);
    st = prepare1(rq->db, "UPDATE dav_dossiers SET status='Concept' WHERE id=?1", str_of(d, "id"));
    done = done && st && sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    cJSON_Delete(doc);
    cJSON_Delete(d);
    if (!done || !sim_db_exec(rq->db, "COMMIT")) {
        rollback(rq);
        internal(rs);
        goto out;
    }
    sim_resp_json(rs, 200, document_json(rq->db, id));
out:
    free(ext);
    cJSON_Delete(body);
}
