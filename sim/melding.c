/* melding.c — citizen reports after the OSLO melding model: list (through
 * the generic CRM engine), the full record with the indiener's contact
 * details only for the contact role, attachments, configuration, add with
 * an Idempotency-Key, and upload with type/size/count/filename checks.
 * The helpdesk and the secretariat read (SIM_ROLES_MELDING_READ); only the
 * helpdesk adds, uploads and reads the configuration the new-melding form
 * is built from. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/auth.h"
#include "sim/crm.h"
#include "sim/db.h"
#include "sim/handlers.h"
#include "sim/http_util.h"
#include "sim/json_util.h"
#include "sim/seed.h"
#include "sim/text_util.h"

#define MAX_ATTACHMENT  (10L * 1024 * 1024)
#define MAX_ATTACHMENTS 5

static const char *const allowed_types[] = {"image/jpeg", "image/png", "application/pdf",
                                            "text/plain", NULL};
static const char *const kanalen[] = {"mijnburgerprofiel", "website", "telefoon", NULL};

static const crm_field melding_fields[] = {
    {"id", "x.id", CF_TEXT, NULL, NULL, NULL, NULL},
    {"nummer", "x.nummer", CF_TEXT, "x.nummer", NULL, NULL, NULL},
    {"titel", "x.titel", CF_TEXT, NULL, NULL, NULL, NULL},
    {"ontvangenOp", "x.ontvangen_op", CF_TEXT, "x.ontvangen_op", NULL, NULL, NULL},
    {"categorie", "x.cat_code, x.cat_label", CF_PAIR, "x.cat_code", "code", "label", "category"},
    {"status", "x.status_code, x.status_label", CF_PAIR, "x.status_code", "code", "label", NULL},
    {"adres", "x.adres", CF_TEXT, "coalesce(x.adres, '')", NULL, NULL, NULL},
    {"kanaal", "x.kanaal", CF_TEXT, "x.kanaal", NULL, NULL, NULL},
    {"doorgestuurdNaar", "x.systeem, x.referentie", CF_PAIR, "coalesce(x.systeem, '')", "systeem",
     "referentie", NULL},
    {"@odata.etag", "x.rowversion", CF_ETAG, NULL, NULL, NULL, NULL},
};

static const crm_filter melding_filters[] = {
    {"status", FK_CODE, "x.status_code = ?", NULL},
    {"category", FK_CODE, "x.cat_code = ?", NULL},
    {"channel", FK_ENUM, "x.kanaal = ?", kanalen},
    {"from", FK_FROM, "x.ontvangen_op >= ?", NULL},
    {"to", FK_TO, "x.ontvangen_op <= ?", NULL},
    {"q", FK_Q,
     "(x.nummer LIKE ? ESCAPE '!' OR x.adres LIKE ? ESCAPE '!' OR x.beschrijving LIKE ? "
     "ESCAPE '!')",
     NULL},
    {"team", FK_TEAM, "x.behandelaar_team IN (SELECT value FROM json_each(?))", NULL},
};

static const crm_entity melding_entity = {
    "melding",
    "Melding",
    "meldingen",
    "meldingen x",
    melding_fields,
    sizeof melding_fields / sizeof melding_fields[0],
    melding_filters,
    sizeof melding_filters / sizeof melding_filters[0],
    "nummer",
    SIM_ROLES_MELDING_READ,
    SIM_ROLE_NAME_MELDINGEN,
};

void sim_h_melding_list(sim_req *rq, sim_resp *rs)
{
    crm_list(rq, rs, &melding_entity, NULL, NULL);
}

static cJSON *code_label(const char *code, const char *label)
{
    cJSON *o = cJSON_CreateObject();
    sim_json_add_str(o, "code", code);
    sim_json_add_str(o, "label", label);
    return o;
}

/* The full melding; contact details only when SHOW_CONTACT. */
static cJSON *melding_json(sqlite3 *db, const char *id, bool show_contact)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT id, nummer, titel, samenvatting, types_json, beschrijving,"
                           " geometrie, adres, kanaal, systeem, referentie, status_code,"
                           " status_label, history_json, indiener_type, indiener_naam,"
                           " indiener_email, indiener_telefoon, behandelaar_naam,"
                           " behandelaar_team, webpagina, ontvangen_op, rowversion"
                           " FROM meldingen WHERE id=?1",
                           -1, &st, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
    cJSON *o = NULL;
    if (sqlite3_step(st) == SQLITE_ROW) {
        o = cJSON_CreateObject();
        sim_json_add_str(o, "id", sim_db_text(st, 0));
        sim_json_add_str(o, "nummer", sim_db_text(st, 1));
        sim_json_add_str(o, "titel", sim_db_text(st, 2));
        sim_json_add_str(o, "samenvatting", sim_db_text(st, 3));
        sim_json_add_raw(o, "meldingstypes", sim_db_text(st, 4));
        sim_json_add_str(o, "beschrijving", sim_db_text(st, 5));
        sim_json_add_str(o, "geometrie", sim_db_text(st, 6));
        sim_json_add_str(o, "adres", sim_db_text(st, 7));
        sim_json_add_str(o, "kanaal", sim_db_text(st, 8));
        if (sim_db_text(st, 9)) {
            cJSON *d = cJSON_AddObjectToObject(o, "doorgestuurdNaar");
            sim_json_add_str(d, "systeem", sim_db_text(st, 9));
            sim_json_add_str(d, "referentie", sim_db_text(st, 10));
        } else {
            cJSON_AddNullToObject(o, "doorgestuurdNaar");
        }
        cJSON_AddItemToObject(o, "status", code_label(sim_db_text(st, 11), sim_db_text(st, 12)));
        sim_json_add_raw(o, "statusGeschiedenis", sim_db_text(st, 13));
        cJSON *ind = cJSON_AddObjectToObject(o, "indiener");
        sim_json_add_str(ind, "type", sim_db_text(st, 14));
        if (show_contact) {
            sim_json_add_str(ind, "naam", sim_db_text(st, 15));
            sim_json_add_str(ind, "email", sim_db_text(st, 16));
            sim_json_add_str(ind, "telefoon", sim_db_text(st, 17));
        } else {
            cJSON_AddTrueToObject(ind, "verborgen");
        }
        if (sim_db_text(st, 18) || sim_db_text(st, 19)) {
            cJSON *b = cJSON_AddObjectToObject(o, "behandelaar");
            sim_json_add_str(b, "naam", sim_db_text(st, 18));
            sim_json_add_str(b, "team", sim_db_text(st, 19));
        } else {
            cJSON_AddNullToObject(o, "behandelaar");
        }
        sim_json_add_str(o, "webpagina", sim_db_text(st, 20));
        sim_json_add_str(o, "ontvangenOp", sim_db_text(st, 21));
        cJSON *att = cJSON_AddArrayToObject(o, "bijlagen");
        sqlite3_stmt *a = NULL;
        if (sqlite3_prepare_v2(db,
                               "SELECT id, naam, mime_type, grootte FROM melding_attachments "
                               "WHERE melding_id=?1 ORDER BY ord",
                               -1, &a, NULL) == SQLITE_OK) {
            sqlite3_bind_text(a, 1, id, -1, SQLITE_TRANSIENT);
            while (sqlite3_step(a) == SQLITE_ROW) {
                cJSON *x = cJSON_CreateObject();
                sim_json_add_str(x, "id", sim_db_text(a, 0));
                sim_json_add_str(x, "naam", sim_db_text(a, 1));
                sim_json_add_str(x, "mimeType", sim_db_text(a, 2));
                cJSON_AddNumberToObject(x, "grootte", (double)sqlite3_column_int64(a, 3));
                cJSON_AddItemToArray(att, x);
            }
        }
        sqlite3_finalize(a);
        char etag[40];
        snprintf(etag, sizeof etag, "W/\"%lld\"", (long long)sqlite3_column_int64(st, 22));
        cJSON_AddStringToObject(o, "@odata.etag", etag);
    }
    sqlite3_finalize(st);
    return o;
}

static void answer_melding(sim_req *rq, sim_resp *rs, const char *id, unsigned status)
{
    bool contact = sim_user_roles(rq->user) & SIM_ROLE_CONTACT;
    cJSON *o = melding_json(rq->db, id, contact);
    if (!o) {
        sim_err_not_found(rs, "Melding", id);
        return;
    }
    sim_resp_header(rs, "ETag", "%s",
                    cJSON_GetObjectItemCaseSensitive(o, "@odata.etag")->valuestring);
    sim_resp_json(rs, status, o);
}

void sim_h_melding_get(sim_req *rq, sim_resp *rs)
{
    if (!sim_require_role(rq, rs, SIM_ROLES_MELDING_READ, SIM_ROLE_NAME_MELDINGEN))
        return;
    answer_melding(rq, rs, rq->params[0], 200);
}

/* A file name safe inside a quoted Content-Disposition. */
static void safe_filename(const char *in, char *out, size_t size)
{
    size_t o = 0;
    for (const char *p = in; *p && o + 1 < size; p++) {
        char c = *p;
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '-' || c == '_';
        out[o++] = ok ? c : '_';
    }
    out[o] = '\0';
    if (o == 0 || out[0] == '.')
        snprintf(out, size, "bijlage");
}

void sim_h_melding_attachment(sim_req *rq, sim_resp *rs)
{
    if (!sim_require_role(rq, rs, SIM_ROLES_MELDING_READ, SIM_ROLE_NAME_MELDINGEN))
        return;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(rq->db,
                           "SELECT naam, mime_type, content FROM melding_attachments "
                           "WHERE melding_id=?1 AND id=?2",
                           -1, &st, NULL) != SQLITE_OK) {
        sim_resp_error(rs, 500, "0x80040216", "An unexpected error occurred.");
        return;
    }
    sqlite3_bind_text(st, 1, rq->params[0], -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, rq->params[1], -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW) {
        char name[256];
        safe_filename(sim_db_text(st, 0) ? sim_db_text(st, 0) : "", name, sizeof name);
        sim_resp_bytes(rs, 200, sim_static_mime(sim_db_text(st, 1)), sqlite3_column_blob(st, 2),
                       (size_t)sqlite3_column_bytes(st, 2));
        sim_resp_header(rs, "Content-Disposition", "attachment; filename=\"%s\"", name);
    } else {
        sim_err_not_found(rs, "Bijlage", rq->params[1]);
    }
    sqlite3_finalize(st);
}

void sim_h_melding_configuration(sim_req *rq, sim_resp *rs)
{
    if (!sim_require_role(rq, rs, SIM_ROLE_MELDINGEN, SIM_ROLE_NAME_MELDINGEN))
        return;
    cJSON *root = cJSON_CreateObject();
    cJSON *cats = cJSON_AddArrayToObject(root, "categorieen");
    cJSON *cur = NULL;
    for (unsigned i = 0; i < sim_nmelding_categories; i++) {
        const sim_melding_category *c = &sim_melding_categories[i];
        if (i == 0 || strcmp(c->code, sim_melding_categories[i - 1].code) != 0) {
            cur = code_label(c->code, c->label);
            cJSON_AddArrayToObject(cur, "subcategorieen");
            cJSON_AddItemToArray(cats, cur);
        }
        cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(cur, "subcategorieen"),
                             code_label(c->sub, c->sublabel));
    }
    static const struct {
        const char *naam;
        bool verplicht;
        int max;
    } velden[] = {
        {"titel", true, 200},         {"samenvatting", false, 500}, {"meldingstype", true, 0},
        {"beschrijving", true, 4000}, {"geometrie", false, 10000},  {"adres", false, 300},
        {"kanaal", true, 0},          {"indiener", true, 0},
    };
    cJSON *v = cJSON_AddArrayToObject(root, "velden");
    for (size_t i = 0; i < sizeof velden / sizeof velden[0]; i++) {
        cJSON *f = cJSON_CreateObject();
        cJSON_AddStringToObject(f, "naam", velden[i].naam);
        cJSON_AddBoolToObject(f, "verplicht", velden[i].verplicht);
        if (velden[i].max)
            cJSON_AddNumberToObject(f, "maxLengte", velden[i].max);
        cJSON_AddItemToArray(v, f);
    }
    cJSON *b = cJSON_AddObjectToObject(root, "bijlagen");
    cJSON *types = cJSON_AddArrayToObject(b, "toegelatenTypes");
    for (size_t i = 0; allowed_types[i]; i++)
        cJSON_AddItemToArray(types, cJSON_CreateString(allowed_types[i]));
    cJSON_AddNumberToObject(b, "maxGrootte", (double)MAX_ATTACHMENT);
    cJSON_AddNumberToObject(b, "maxAantal", MAX_ATTACHMENTS);
    cJSON *k = cJSON_AddArrayToObject(root, "kanalen");
    for (size_t i = 0; kanalen[i]; i++)
        cJSON_AddItemToArray(k, cJSON_CreateString(kanalen[i]));
    sim_resp_json(rs, 200, root);
}

static bool key_ok(const char *k)
{
    size_t n = k ? strlen(k) : 0;
    if (n < 1 || n > 64)
        return false;
    for (; *k; k++)
        if (!((*k >= 'A' && *k <= 'Z') || (*k >= 'a' && *k <= 'z') || (*k >= '0' && *k <= '9') ||
              *k == '-' || *k == '_'))
            return false;
    return true;
}

/* String member with a length range (in characters); 400 names the field. */
static bool text_field(const cJSON *o, const char *name, bool required, size_t min, size_t max,
                       const char **out, sim_resp *rs)
{
    if (!sim_json_str(o, name, required, false, out, rs))
        return false;
    if (*out && (sim_utf8_length(*out) < min || sim_utf8_length(*out) > max)) {
        sim_err_bad_request(rs, "Invalid property '%s': %zu to %zu characters.", name, min, max);
        return false;
    }
    return true;
}

static bool one_of(const char *v, const char *const *list)
{
    for (size_t i = 0; v && list[i]; i++)
        if (strcmp(v, list[i]) == 0)
            return true;
    return false;
}

void sim_h_melding_add(sim_req *rq, sim_resp *rs)
{
    if (!sim_require_role(rq, rs, SIM_ROLE_MELDINGEN, SIM_ROLE_NAME_MELDINGEN))
        return;
    const char *key = sim_req_header(rq, "Idempotency-Key");
    if (!key_ok(key)) {
        sim_err_bad_request(rs, "Header 'Idempotency-Key' is required: 1 to 64 characters "
                                "A-Z a-z 0-9 - _.");
        return;
    }
    static const char *const allowed[] = {"titel",        "samenvatting", "meldingstype",
                                          "beschrijving", "geometrie",    "adres",
                                          "kanaal",       "indiener",     NULL};
    static const char *const ind_allowed[] = {"type", "naam", "email", "telefoon", NULL};
    static const char *const ind_types[] = {"burger", "organisatie", "applicatie", NULL};
    cJSON *body = sim_json_body(rq, rs);
    if (!body)
        return;
    const char *titel, *samenvatting, *type, *beschrijving, *geometrie, *adres, *kanaal;
    const char *itype, *inaam, *email, *tel;
    const cJSON *ind = cJSON_GetObjectItemCaseSensitive(body, "indiener");
    if (!sim_json_only(body, allowed, rs) || !text_field(body, "titel", true, 1, 200, &titel, rs) ||
        !text_field(body, "samenvatting", false, 0, 500, &samenvatting, rs) ||
        !text_field(body, "meldingstype", true, 1, 100, &type, rs) ||
        !text_field(body, "beschrijving", true, 1, 4000, &beschrijving, rs) ||
        !text_field(body, "geometrie", false, 1, 10000, &geometrie, rs) ||
        !text_field(body, "adres", false, 0, 300, &adres, rs) ||
        !text_field(body, "kanaal", true, 1, 40, &kanaal, rs))
        goto out;
    if (!cJSON_IsObject(ind)) {
        sim_err_bad_request(rs, "Invalid property 'indiener': %s.",
                            ind ? "an object is expected" : "required");
        goto out;
    }
    if (!sim_json_only(ind, ind_allowed, rs) || !text_field(ind, "type", true, 1, 20, &itype, rs) ||
        !text_field(ind, "naam", true, 1, 200, &inaam, rs) ||
        !text_field(ind, "email", false, 3, 254, &email, rs) ||
        !text_field(ind, "telefoon", false, 1, 40, &tel, rs))
        goto out;
    if (!one_of(kanaal, kanalen)) {
        sim_err_bad_request(rs, "Invalid property 'kanaal': mijnburgerprofiel, website or "
                                "telefoon.");
        goto out;
    }
    if (!one_of(itype, ind_types)) {
        sim_err_bad_request(rs, "Invalid property 'type': burger, organisatie or applicatie.");
        goto out;
    }
    if (email && !strchr(email, '@')) {
        sim_err_bad_request(rs, "Invalid property 'email': not an e-mail address.");
        goto out;
    }
    if (geometrie && strncmp(geometrie, "POINT(", 6) != 0) {
        sim_err_bad_request(rs, "Invalid property 'geometrie': WKT POINT(lon lat) is expected.");
        goto out;
    }
    const sim_melding_category *cat = NULL;
    const char *type_label = NULL;
    for (unsigned i = 0; i < sim_nmelding_categories && !cat; i++) {
        const sim_melding_category *c = &sim_melding_categories[i];
        if (strcmp(type, c->code) == 0) {
            cat = c;
            type_label = c->label;
        } else if (strcmp(type, c->sub) == 0) {
            cat = c;
            type_label = c->sublabel;
        }
    }
    if (!cat) {
        sim_err_bad_request(rs, "Invalid property 'meldingstype': unknown code '%s'.", type);
        goto out;
    }
    char hash[65];
    sim_sha256_hex(rq->body, rq->body_len, hash);
    if (!sim_db_exec(rq->db, "BEGIN IMMEDIATE")) {
        sim_resp_error(rs, 503, "EUNAVAILABLE", "The database is busy.");
        sim_resp_header(rs, "Retry-After", "1");
        goto out;
    }
    sqlite3_stmt *st = NULL;
    char id[37] = "";
    bool same = false;
    if (sqlite3_prepare_v2(rq->db, "SELECT id, idem_hash FROM meldingen WHERE idem_key=?1", -1, &st,
                           NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_ROW) {
            snprintf(id, sizeof id, "%s", sim_db_text(st, 0));
            same = strcmp(sim_db_text(st, 1), hash) == 0;
        }
    }
    sqlite3_finalize(st);
    if (id[0]) {
        sim_db_exec(rq->db, "ROLLBACK");
        if (same)
            answer_melding(rq, rs, id, 200);
        else
            sim_resp_error(rs, 422, "EIDEMPOTENT",
                           "Idempotency-Key was already used with a different body.");
        goto out;
    }
    char now[21], nummer[24], webpagina[128];
    sim_iso_now(now);
    long long seq = 1;
    if (sqlite3_prepare_v2(rq->db,
                           "SELECT coalesce(max(CAST(substr(nummer, 8) AS INTEGER)), 0) + 1 "
                           "FROM meldingen",
                           -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        seq = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    snprintf(nummer, sizeof nummer, "M-%.4s-%06lld", now, seq % 1000000);
    snprintf(webpagina, sizeof webpagina, "https://www.leuven.example/meldingen/%s", nummer);
    cJSON *types = cJSON_CreateArray();
    cJSON_AddItemToArray(types, code_label(type, type_label));
    cJSON *hist = cJSON_CreateArray();
    cJSON *h = cJSON_CreateObject();
    cJSON_AddItemToObject(h, "status", code_label("ONTV", "Ontvangen"));
    cJSON_AddStringToObject(h, "datum", now);
    cJSON_AddStringToObject(h, "actor", rq->user->full_name);
    cJSON_AddNullToObject(h, "beschrijving");
    cJSON_AddItemToArray(hist, h);
    char *types_text = cJSON_PrintUnformatted(types), *hist_text = cJSON_PrintUnformatted(hist);
    cJSON_Delete(types);
    cJSON_Delete(hist);
    sim_new_guid(id);
    bool done = false;
    if (types_text && hist_text &&
        sqlite3_prepare_v2(rq->db,
                           "INSERT INTO meldingen VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,"
                           "NULL,NULL,'ONTV','Ontvangen',?12,?13,?14,?15,?16,NULL,NULL,?17,?18,"
                           "?19,?20,?21)",
                           -1, &st, NULL) == SQLITE_OK) {
        const char *v[] = {id,        nummer,     titel,        samenvatting, types_text,
                           cat->code, cat->label, beschrijving, geometrie,    adres,
                           kanaal,    hist_text,  itype,        inaam,        email,
                           tel,       webpagina,  now,          key,          hash};
        for (int i = 0; i < 20; i++)
            if (v[i])
                sqlite3_bind_text(st, i + 1, v[i], -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 21, sim_db_next_rowversion(rq->db));
        done = sqlite3_step(st) == SQLITE_DONE;
        sqlite3_finalize(st);
    }
    free(types_text);
    free(hist_text);
    if (!done || !sim_db_exec(rq->db, "COMMIT")) {
        sim_db_exec(rq->db, "ROLLBACK");
        sim_resp_error(rs, 500, "0x80040216", "An unexpected error occurred.");
        goto out;
    }
    sim_resp_header(rs, "Location", "/melding/%s", id);
    answer_melding(rq, rs, id, 201);
out:
    cJSON_Delete(body);
}

/* No '/', '\\', "..", control characters; 1..255 bytes. */
static bool filename_ok(const char *n)
{
    size_t len = strlen(n);
    if (len < 1 || len > 255 || strstr(n, ".."))
        return false;
    for (const unsigned char *p = (const unsigned char *)n; *p; p++)
        if (*p < 0x20 || *p == 0x7f || *p == '/' || *p == '\\')
            return false;
    return true;
}

void sim_h_melding_upload(sim_req *rq, sim_resp *rs)
{
    if (!sim_require_role(rq, rs, SIM_ROLE_MELDINGEN, SIM_ROLE_NAME_MELDINGEN))
        return;
    const char *id = rq->params[0];
    const char *filename = sim_req_arg(rq, "filename");
    if (!filename) {
        sim_err_bad_request(rs, "Query parameter 'filename' is required.");
        return;
    }
    if (!sim_db_exec(rq->db, "BEGIN IMMEDIATE")) {
        sim_resp_error(rs, 503, "EUNAVAILABLE", "The database is busy.");
        sim_resp_header(rs, "Retry-After", "1");
        return;
    }
    sqlite3_stmt *st = NULL;
    long long count = -1;
    if (sqlite3_prepare_v2(rq->db,
                           "SELECT (SELECT count(*) FROM melding_attachments a WHERE "
                           "a.melding_id = m.id) FROM meldingen m WHERE m.id=?1",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_ROW)
            count = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    char ctype[128];
    const char *ct = sim_req_header(rq, "Content-Type");
    snprintf(ctype, sizeof ctype, "%s", ct ? ct : "");
    ctype[strcspn(ctype, "; ")] = '\0';
    if (count < 0) {
        sim_err_not_found(rs, "Melding", id);
    } else if (!filename_ok(filename)) {
        sim_resp_error(rs, 422, "EFILENAME",
                       "Bestandsnaam mag geen '/', '..' of stuurtekens bevatten.");
    } else if (!one_of(ctype, allowed_types)) {
        sim_resp_error(rs, 415, "EMEDIATYPE", "Type %s is niet toegelaten.",
                       ctype[0] ? ctype : "(geen)");
    } else if ((long)rq->body_len > MAX_ATTACHMENT) {
        sim_resp_error(rs, 413, "ETOOLARGE", "Bijlage is groter dan %ld bytes.", MAX_ATTACHMENT);
    } else if (rq->body_len == 0) {
        sim_err_bad_request(rs, "The attachment is empty.");
    } else if (count >= MAX_ATTACHMENTS) {
        sim_resp_error(rs, 422, "ETEVEEL", "Een melding heeft ten hoogste %d bijlagen.",
                       MAX_ATTACHMENTS);
    } else {
        char aid[37];
        sim_new_guid(aid);
        bool done = false;
        if (sqlite3_prepare_v2(rq->db,
                               "INSERT INTO melding_attachments VALUES(?1,?2,?3,?4,?5,?6,?7)", -1,
                               &st, NULL) == SQLITE_OK) {
            sqlite3_bind_text(st, 1, aid, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 2, id, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(st, 3, count);
            sqlite3_bind_text(st, 4, filename, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 5, sim_static_mime(ctype), -1, SQLITE_STATIC);
            sqlite3_bind_int64(st, 6, (long long)rq->body_len);
            sqlite3_bind_blob(st, 7, rq->body, (int)rq->body_len, SQLITE_TRANSIENT);
            done = sqlite3_step(st) == SQLITE_DONE;
        }
        sqlite3_finalize(st);
        if (done && sqlite3_prepare_v2(rq->db, "UPDATE meldingen SET rowversion=?2 WHERE id=?1", -1,
                                       &st, NULL) == SQLITE_OK) {
            sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(st, 2, sim_db_next_rowversion(rq->db));
            done = sqlite3_step(st) == SQLITE_DONE;
            sqlite3_finalize(st);
        }
        if (done && sim_db_exec(rq->db, "COMMIT")) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "id", aid);
            cJSON_AddStringToObject(o, "naam", filename);
            cJSON_AddStringToObject(o, "mimeType", sim_static_mime(ctype));
            cJSON_AddNumberToObject(o, "grootte", (double)rq->body_len);
            sim_resp_header(rs, "Location", "/melding/%s/attachments/%s", id, aid);
            sim_resp_json(rs, 201, o);
            return;
        }
        sim_resp_error(rs, 500, "0x80040216", "An unexpected error occurred.");
    }
    sim_db_exec(rq->db, "ROLLBACK");
}
