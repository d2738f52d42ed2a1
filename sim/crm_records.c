/* crm_records.c — the generic engine behind every CRM list, get, PATCH and
 * DELETE (see crm.h); entities differ only in their descriptions. */
#include "config.h"

#include "sim/crm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/auth.h"
#include "sim/db.h"
#include "sim/http_util.h"
#include "sim/json_util.h"
#include "sim/ledger.h"
#include "sim/paging.h"
#include "sim/text_util.h"

#define MAX_PARAMS 24

typedef struct bind_list {
    int n;
    struct {
        bool is_int;
        long long i;
        const char *s;
    } v[MAX_PARAMS];
    char *owned[MAX_PARAMS];
    int nowned;
} bind_list;

static void bind_done(bind_list *b)
{
    for (int i = 0; i < b->nowned; i++)
        free(b->owned[i]);
}

/* Parameter numbers start at 1; 0 (never valid in SQL) when the list is
 * full, so that a mistake in an entity description fails to prepare. */
static int bind_text(bind_list *b, const char *s)
{
    if (b->n == MAX_PARAMS)
        return 0;
    b->v[b->n].is_int = false;
    b->v[b->n].s = s;
    return ++b->n;
}

static int bind_int(bind_list *b, long long i)
{
    if (b->n == MAX_PARAMS)
        return 0;
    b->v[b->n].is_int = true;
    b->v[b->n].i = i;
    return ++b->n;
}

static void bind_all(sqlite3_stmt *st, const bind_list *b)
{
    int max = sqlite3_bind_parameter_count(st);
    for (int i = 0; i < b->n && i < max; i++) {
        if (b->v[i].is_int)
            sqlite3_bind_int64(st, i + 1, b->v[i].i);
        else
            sqlite3_bind_text(st, i + 1, b->v[i].s, -1, SQLITE_TRANSIENT);
    }
}

/* Appends TEMPLATE with every '?' replaced by "?N". */
static void append_cond(sim_sb *sb, const char *tmpl, int n)
{
    sim_sb_puts(sb, " AND ");
    for (const char *p = tmpl; *p; p++) {
        if (*p == '?')
            sim_sb_printf(sb, "?%d", n);
        else
            sim_sb_append(sb, p, 1);
    }
}

static void select_list(sim_sb *sb, const crm_entity *e)
{
    for (size_t i = 0; i < e->nfields; i++)
        sim_sb_printf(sb, "%s%s", i ? ", " : "", e->fields[i].sql);
}

/* Builds the JSON of the row at ST starting at column 0. */
static cJSON *row_json(sqlite3_stmt *st, const crm_entity *e)
{
    cJSON *o = cJSON_CreateObject();
    int col = 0;
    for (size_t i = 0; i < e->nfields; i++) {
        const crm_field *f = &e->fields[i];
        bool null = sqlite3_column_type(st, col) == SQLITE_NULL;
        switch (f->kind) {
        case CF_TEXT: sim_json_add_str(o, f->json, sim_db_text(st, col)); break;
        case CF_INT:
            if (null)
                cJSON_AddNullToObject(o, f->json);
            else
                cJSON_AddNumberToObject(o, f->json, (double)sqlite3_column_int64(st, col));
            break;
        case CF_BOOL: cJSON_AddBoolToObject(o, f->json, sqlite3_column_int(st, col) != 0); break;
        case CF_ETAG: {
            char etag[40];
            snprintf(etag, sizeof etag, "W/\"%lld\"", (long long)sqlite3_column_int64(st, col));
            cJSON_AddStringToObject(o, f->json, etag);
            break;
        }
        case CF_PAIR:
            if (null) {
                cJSON_AddNullToObject(o, f->json);
            } else {
                cJSON *p = cJSON_AddObjectToObject(o, f->json);
                sim_json_add_str(p, f->k1, sim_db_text(st, col));
                sim_json_add_str(p, f->k2, sim_db_text(st, col + 1));
            }
            col++;
            break;
        }
        col++;
    }
    return o;
}

static int ncolumns(const crm_entity *e)
{
    int n = 0;
    for (size_t i = 0; i < e->nfields; i++)
        n += e->fields[i].kind == CF_PAIR ? 2 : 1;
    return n;
}

static const crm_field *find_sort(const crm_entity *e, const char *name, size_t len)
{
    for (size_t i = 0; i < e->nfields; i++) {
        const char *as = e->fields[i].sort_as ? e->fields[i].sort_as : e->fields[i].json;
        if (e->fields[i].sort && strlen(as) == len && strncmp(as, name, len) == 0)
            return &e->fields[i];
    }
    return NULL;
}

static void bad_order(sim_resp *rs, const crm_entity *e, const char *given)
{
    sim_sb sb = {0};
    for (size_t i = 0; i < e->nfields; i++)
        if (e->fields[i].sort)
            sim_sb_printf(&sb, "%s%s", sb.len ? ", " : "",
                          e->fields[i].sort_as ? e->fields[i].sort_as : e->fields[i].json);
    sim_err_bad_request(rs, "Cannot order by '%s': allowed are %s.", given, sb.s ? sb.s : "");
    sim_sb_done(&sb);
}

/* Parses "field[ asc|desc]". */
static const crm_field *parse_order(const crm_entity *e, const char *spec, bool *desc)
{
    const char *sp = strchr(spec, ' ');
    size_t len = sp ? (size_t)(sp - spec) : strlen(spec);
    *desc = false;
    if (sp) {
        if (strcmp(sp + 1, "desc") == 0)
            *desc = true;
        else if (strcmp(sp + 1, "asc") != 0)
            return NULL;
    }
    return find_sort(e, spec, len);
}

static bool code_ok(const char *v)
{
    size_t n = strlen(v);
    if (n < 1 || n > 40)
        return false;
    for (const char *p = v; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              *p == '_' || *p == '-'))
            return false;
    return true;
}

/* Adds the condition of filter F with value V; false (and a 400) when V is
 * not valid for it. */
static bool apply_filter(const sim_req *rq, sim_resp *rs, const crm_filter *f, const char *v,
                         sim_sb *where, bind_list *b)
{
    char dt[21];
    switch (f->kind) {
    case FK_STATE:
        if (strcmp(v, "all") == 0)
            return true;
        if (strcmp(v, "active") != 0 && strcmp(v, "inactive") != 0)
            break;
        append_cond(where, f->sql, bind_int(b, strcmp(v, "inactive") == 0));
        return true;
    case FK_INT: {
        char *end = NULL;
        long long n = strtoll(v, &end, 10);
        if (!*v || *end || n < 1)
            break;
        append_cond(where, f->sql, bind_int(b, n));
        return true;
    }
    case FK_GUID:
        if (!sim_is_guid(v))
            break;
        append_cond(where, f->sql, bind_text(b, v));
        return true;
    case FK_FROM:
    case FK_TO:
        if (!sim_parse_datetime(v, f->kind == FK_TO, dt))
            break;
        if (b->nowned == MAX_PARAMS || !(b->owned[b->nowned] = strdup(dt)))
            break;
        append_cond(where, f->sql, bind_text(b, b->owned[b->nowned++]));
        return true;
    case FK_Q: {
        size_t n = strlen(v);
        if (n < 1 || n > 200)
            break;
        /* Escape LIKE's wildcards with '!'. */
        char *pat = b->nowned < MAX_PARAMS ? malloc(2 * n + 3) : NULL;
        if (!pat)
            break;
        size_t o = 0;
        pat[o++] = '%';
        for (const char *p = v; *p; p++) {
            if (*p == '%' || *p == '_' || *p == '!')
                pat[o++] = '!';
            pat[o++] = *p;
        }
        pat[o++] = '%';
        pat[o] = '\0';
        b->owned[b->nowned++] = pat;
        append_cond(where, f->sql, bind_text(b, pat));
        return true;
    }
    case FK_ENUM:
        for (size_t i = 0; f->values[i]; i++)
            if (strcmp(v, f->values[i]) == 0) {
                append_cond(where, f->sql, bind_text(b, v));
                return true;
            }
        break;
    case FK_CODE:
        if (!code_ok(v))
            break;
        append_cond(where, f->sql, bind_text(b, v));
        return true;
    case FK_TEAM: {
        if (strcmp(v, "mine") != 0)
            break;
        cJSON *names = cJSON_CreateArray();
        for (unsigned t = 0; t < sim_nteams; t++)
            if (rq->user->teams & (1u << t))
                cJSON_AddItemToArray(names, cJSON_CreateString(sim_teams[t].name));
        char *text = b->nowned < MAX_PARAMS ? cJSON_PrintUnformatted(names) : NULL;
        cJSON_Delete(names);
        if (!text)
            break;
        b->owned[b->nowned++] = text;
        append_cond(where, f->sql, bind_text(b, text));
        return true;
    }
    }
    sim_err_bad_request(rs, "Invalid value for query parameter '%s'.", f->param);
    return false;
}

void crm_list(sim_req *rq, sim_resp *rs, const crm_entity *e, const char *scope_param,
              const char *scope_value)
{
    if (!sim_require_role(rq, rs, e->read_roles, e->read_role_name))
        return;
    bind_list b = {0};
    sim_sb where = {0}, sql = {0};
    cJSON *state = NULL;
    const cJSON *last_v = NULL, *last_i = NULL;
    const crm_field *order = NULL;
    bool desc = false;
    char *order_spec = NULL;

    const char *tok = sim_req_arg(rq, "$skiptoken");
    if (tok) {
        state = sim_token_decode(tok);
        const cJSON *en = cJSON_GetObjectItemCaseSensitive(state, "e");
        const cJSON *o = cJSON_GetObjectItemCaseSensitive(state, "o");
        last_v = cJSON_GetObjectItemCaseSensitive(state, "v");
        last_i = cJSON_GetObjectItemCaseSensitive(state, "i");
        if (!cJSON_IsString(en) || strcmp(en->valuestring, e->name) != 0 || !cJSON_IsString(o) ||
            !cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(state, "f")) ||
            !(cJSON_IsString(last_v) || cJSON_IsNumber(last_v)) || !cJSON_IsString(last_i)) {
            sim_err_bad_request(rs, "Invalid $skiptoken.");
            goto out;
        }
        order_spec = strdup(o->valuestring);
    } else {
        state = cJSON_CreateObject();
        cJSON_AddStringToObject(state, "e", e->name);
        cJSON *f = cJSON_AddObjectToObject(state, "f");
        for (size_t i = 0; i < e->nfilters; i++) {
            const char *v = sim_req_arg(rq, e->filters[i].param);
            if (v)
                cJSON_AddStringToObject(f, e->filters[i].param, v);
        }
        const char *ob = sim_req_arg(rq, "orderby");
        order_spec = strdup(ob ? ob : e->default_order);
    }
    if (!order_spec || !state) {
        sim_resp_error(rs, 500, "0x80040216", "An unexpected error occurred.");
        goto out;
    }
    cJSON *filters = cJSON_GetObjectItemCaseSensitive(state, "f");
    if (scope_param) {
        cJSON_DeleteItemFromObjectCaseSensitive(filters, scope_param);
        cJSON_AddStringToObject(filters, scope_param, scope_value);
    }
    order = parse_order(e, order_spec, &desc);
    if (!order) {
        bad_order(rs, e, order_spec);
        goto out;
    }
    for (size_t i = 0; i < e->nfilters; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(filters, e->filters[i].param);
        if (!v)
            continue;
        if (!cJSON_IsString(v)) {
            sim_err_bad_request(rs, "Invalid $skiptoken.");
            goto out;
        }
        if (!apply_filter(rq, rs, &e->filters[i], v->valuestring, &where, &b))
            goto out;
    }
    int nfilter_params = b.n;

    bool asked = false;
    int page = sim_page_size(rq, &asked);
    sim_sb_puts(&sql, "SELECT ");
    select_list(&sql, e);
    sim_sb_printf(&sql, ", %s, x.id FROM %s WHERE 1=1%s", order->sort, e->from,
                  where.s ? where.s : "");
    if (last_v) {
        int pv = cJSON_IsNumber(last_v) ? bind_int(&b, (long long)last_v->valuedouble)
                                        : bind_text(&b, last_v->valuestring);
        int pi = bind_text(&b, last_i->valuestring);
        const char *cmp = desc ? "<" : ">";
        sim_sb_printf(&sql, " AND (%s %s ?%d OR (%s = ?%d AND x.id %s ?%d))", order->sort, cmp, pv,
                      order->sort, pv, cmp, pi);
    }
    const char *dir = desc ? "DESC" : "ASC";
    sim_sb_printf(&sql, " ORDER BY %s %s, x.id %s LIMIT %d", order->sort, dir, dir, page + 1);
    if (sql.failed) {
        sim_resp_error(rs, 500, "0x80040216", "An unexpected error occurred.");
        goto out;
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(rq->db, sql.s, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "lbbus-sim: %s: %s\n", sqlite3_errmsg(rq->db), sql.s);
        sim_resp_error(rs, 500, "0x80040216", "An unexpected error occurred.");
        goto out;
    }
    bind_all(st, &b);
    cJSON *root = cJSON_CreateObject();
    cJSON *value = cJSON_AddArrayToObject(root, "value");
    int rows = 0, ncol = ncolumns(e);
    bool more = false;
    cJSON *next_v = NULL;
    char next_i[64] = "";
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (rows == page) {
            more = true;
            break;
        }
        cJSON_AddItemToArray(value, row_json(st, e));
        rows++;
        cJSON_Delete(next_v);
        next_v = sqlite3_column_type(st, ncol) == SQLITE_INTEGER
                     ? cJSON_CreateNumber((double)sqlite3_column_int64(st, ncol))
                     : cJSON_CreateString(sim_db_text(st, ncol) ? sim_db_text(st, ncol) : "");
        snprintf(next_i, sizeof next_i, "%s", sim_db_text(st, ncol + 1));
    }
    sqlite3_finalize(st);

    const char *count = sim_req_arg(rq, "$count");
    if (count && strcmp(count, "true") == 0 && !tok) {
        sim_sb csql = {0};
        sim_sb_printf(&csql, "SELECT COUNT(*) FROM (SELECT 1 FROM %s WHERE 1=1%s LIMIT %d)",
                      e->from, where.s ? where.s : "", SIM_PAGE_MAX + 1);
        long long n = 0;
        if (!csql.failed && sqlite3_prepare_v2(rq->db, csql.s, -1, &st, NULL) == SQLITE_OK) {
            bind_list cb = b;
            cb.n = nfilter_params;
            bind_all(st, &cb);
            if (sqlite3_step(st) == SQLITE_ROW)
                n = sqlite3_column_int64(st, 0);
            sqlite3_finalize(st);
        }
        sim_sb_done(&csql);
        cJSON_AddNumberToObject(root, "@odata.count",
                                (double)(n > SIM_PAGE_MAX ? SIM_PAGE_MAX : n));
        if (n > SIM_PAGE_MAX)
            cJSON_AddTrueToObject(root, "@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded");
    }
    if (more && next_v) {
        cJSON_DeleteItemFromObjectCaseSensitive(state, "o");
        cJSON_AddStringToObject(state, "o", order_spec);
        cJSON_DeleteItemFromObjectCaseSensitive(state, "v");
        cJSON_AddItemToObject(state, "v", next_v);
        next_v = NULL;
        cJSON_DeleteItemFromObjectCaseSensitive(state, "i");
        cJSON_AddStringToObject(state, "i", next_i);
        char *t = sim_token_encode(state);
        if (t) {
            sim_sb link = {0};
            sim_sb_printf(&link, "%s?$skiptoken=%s", rq->path, t);
            if (!link.failed)
                cJSON_AddStringToObject(root, "@odata.nextLink", link.s);
            sim_sb_done(&link);
            free(t);
        }
    }
    cJSON_Delete(next_v);
    if (asked)
        sim_resp_header(rs, "Preference-Applied", "odata.maxpagesize=%d", page);
    sim_resp_json(rs, 200, root);
out:
    free(order_spec);
    cJSON_Delete(state);
    bind_done(&b);
    sim_sb_done(&where);
    sim_sb_done(&sql);
}

cJSON *crm_fetch(sqlite3 *db, const crm_entity *e, const char *id)
{
    sim_sb sql = {0};
    sim_sb_puts(&sql, "SELECT ");
    select_list(&sql, e);
    sim_sb_printf(&sql, " FROM %s WHERE x.id = ?1", e->from);
    sqlite3_stmt *st = NULL;
    cJSON *o = NULL;
    if (!sql.failed && sqlite3_prepare_v2(db, sql.s, -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_ROW)
            o = row_json(st, e);
    }
    sqlite3_finalize(st);
    sim_sb_done(&sql);
    return o;
}

static void answer_record(sim_resp *rs, cJSON *o, unsigned status)
{
    const cJSON *etag = cJSON_GetObjectItemCaseSensitive(o, "@odata.etag");
    if (cJSON_IsString(etag))
        sim_resp_header(rs, "ETag", "%s", etag->valuestring);
    sim_resp_json(rs, status, o);
}

void crm_get(sim_req *rq, sim_resp *rs, const crm_entity *e, const char *id)
{
    if (!sim_require_role(rq, rs, e->read_roles, e->read_role_name))
        return;
    cJSON *o = crm_fetch(rq->db, e, id);
    if (!o) {
        sim_err_not_found(rs, e->label, id);
        return;
    }
    answer_record(rs, o, 200);
}

void crm_answer_written(sim_req *rq, sim_resp *rs, const crm_entity *e, const char *id)
{
    cJSON *o = crm_fetch(rq->db, e, id);
    if (!o) {
        sim_resp_empty(rs, 204);
        return;
    }
    const cJSON *etag = cJSON_GetObjectItemCaseSensitive(o, "@odata.etag");
    if (cJSON_IsString(etag))
        sim_resp_header(rs, "ETag", "%s", etag->valuestring);
    if (sim_prefer_representation(rq)) {
        answer_record(rs, o, 200);
        return;
    }
    cJSON_Delete(o);
    sim_resp_empty(rs, 204);
}

long long crm_rowversion(sqlite3 *db, const char *table, const char *id)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT rowversion FROM %s WHERE id = ?1", table);
    sqlite3_stmt *st = NULL;
    long long rv = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_ROW)
            rv = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return rv;
}

int crm_record_archived(sqlite3 *db, const char *table, const char *id)
{
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT (SELECT count(*) FROM dav_dossiers d WHERE d.id = r.dav_dossier_id AND"
             " d.status IN ('Ingediend','Gepubliceerd')) FROM %s r WHERE r.id = ?1",
             table);
    sqlite3_stmt *st = NULL;
    int rc = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_ROW)
            rc = sqlite3_column_int(st, 0) > 0;
    }
    sqlite3_finalize(st);
    return rc;
}

const crm_entity *crm_entity_by_name(const char *name)
{
    const crm_entity *all[] = {&crm_meeting, &crm_agenda_item, &crm_dossier};
    for (size_t i = 0; i < 3; i++)
        if (name && strcmp(all[i]->name, name) == 0)
            return all[i];
    return NULL;
}

/* True when STATUSCODE belongs to STATECODE for entity E. */
static bool state_pair_ok(sqlite3 *db, const crm_entity *e, long long statecode,
                          long long statuscode)
{
    sqlite3_stmt *st = NULL;
    bool ok = false;
    if (sqlite3_prepare_v2(db,
                           "SELECT 1 FROM statuscodes WHERE entity=?1 AND statecode=?2 AND "
                           "statuscode=?3",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, e->name, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, statecode);
        sqlite3_bind_int64(st, 3, statuscode);
        ok = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    return ok;
}

/* 0 when DAV dossier DAV_ID is submitted or published for source record ID;
 * otherwise fills RS with the 409 and returns -1. */
static int dav_dossier_done(sqlite3 *db, sim_resp *rs, const char *dav_id, const char *id)
{
    sqlite3_stmt *st = NULL;
    int rc = -1;
    if (sqlite3_prepare_v2(db, "SELECT status, bron_id FROM dav_dossiers WHERE id=?1", -1, &st,
                           NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, dav_id, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) != SQLITE_ROW)
            sim_resp_error(rs, 409, "0x80040265", "DAV dossier %s does not exist.", dav_id);
        else if (strcmp(sim_db_text(st, 1), id) != 0)
            sim_resp_error(rs, 409, "0x80040265", "DAV dossier %s belongs to another record.",
                           dav_id);
        else if (strcmp(sim_db_text(st, 0), "Ingediend") != 0 &&
                 strcmp(sim_db_text(st, 0), "Gepubliceerd") != 0)
            sim_resp_error(rs, 409, "0x80040265", "DAV dossier %s is not submitted yet.", dav_id);
        else
            rc = 0;
    }
    sqlite3_finalize(st);
    return rc;
}

void crm_handle_record_patch(sim_req *rq, sim_resp *rs, const crm_entity *e)
{
    const char *id = rq->params[0];
    static const char *const allowed[] = {"statecode", "statuscode", "davDossierId", NULL};
    cJSON *body = sim_json_body(rq, rs);
    if (!body)
        return;
    long long statecode = 0, statuscode = 0;
    bool has_state = false, has_status = false;
    const char *dav = NULL;
    if (!sim_json_only(body, allowed, rs) ||
        !sim_json_int(body, "statecode", false, &statecode, &has_state, rs) ||
        !sim_json_int(body, "statuscode", false, &statuscode, &has_status, rs) ||
        !sim_json_str(body, "davDossierId", false, false, &dav, rs))
        goto out;
    if (!has_state && !has_status && !dav) {
        sim_err_bad_request(rs, "Nothing to change: give statecode and statuscode, or "
                                "davDossierId.");
        goto out;
    }
    if (has_state != has_status) {
        sim_err_bad_request(rs, "Invalid property '%s': statecode and statuscode go together.",
                            has_state ? "statuscode" : "statecode");
        goto out;
    }
    if (dav && !sim_is_guid(dav)) {
        sim_err_bad_request(rs, "Invalid property 'davDossierId': a lowercase GUID is expected.");
        goto out;
    }
    if (has_state && !sim_require_role(rq, rs, SIM_ROLE_SECRETARIAAT | SIM_ROLE_ARCHIVERING,
                                       SIM_ROLE_NAME_SECRETARIAAT))
        goto out;
    if (dav && !sim_require_role(rq, rs, SIM_ROLE_ARCHIVERING, SIM_ROLE_NAME_ARCHIVERING))
        goto out;
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
    if (has_state && !state_pair_ok(rq->db, e, statecode, statuscode)) {
        sim_err_bad_request(rs, "statuscode %lld does not belong to statecode %lld.", statuscode,
                            statecode);
        goto rollback;
    }
    if (dav && dav_dossier_done(rq->db, rs, dav, id) != 0)
        goto rollback;
    char now[21], sql[512];
    sim_iso_now(now);
    snprintf(sql, sizeof sql,
             "UPDATE %s SET statecode = CASE WHEN ?1 THEN ?2 ELSE statecode END,"
             " statuscode = CASE WHEN ?1 THEN ?3 ELSE statuscode END,"
             " dav_dossier_id = coalesce(?4, dav_dossier_id),"
             " archived_on = CASE WHEN ?4 IS NULL THEN archived_on ELSE ?5 END,"
             " modified_on = ?5, rowversion = ?6 WHERE id = ?7",
             e->table);
    sqlite3_stmt *st = NULL;
    bool done = false;
    if (sqlite3_prepare_v2(rq->db, sql, -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_int(st, 1, has_state);
        sqlite3_bind_int64(st, 2, statecode);
        sqlite3_bind_int64(st, 3, statuscode);
        if (dav)
            sqlite3_bind_text(st, 4, dav, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 5, now, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 6, sim_db_next_rowversion(rq->db));
        sqlite3_bind_text(st, 7, id, -1, SQLITE_TRANSIENT);
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

void crm_handle_record_delete(sim_req *rq, sim_resp *rs, const crm_entity *e)
{
    const char *id = rq->params[0];
    if (!sim_require_role(rq, rs, SIM_ROLE_ARCHIVERING, SIM_ROLE_NAME_ARCHIVERING))
        return;
    if (!sim_db_exec(rq->db, "BEGIN IMMEDIATE")) {
        sim_resp_error(rs, 503, "EUNAVAILABLE", "The database is busy.");
        sim_resp_header(rs, "Retry-After", "1");
        return;
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
    if (crm_record_archived(rq->db, e->table, id) != 1) {
        sim_resp_error(rs, 409, "0x80040265",
                       "Record is not archived in DAV (no submitted or published DAV dossier); "
                       "delete refused.");
        goto rollback;
    }
    char sql[128];
    snprintf(sql, sizeof sql, "DELETE FROM %s WHERE id = ?1", e->table);
    sqlite3_stmt *st = NULL;
    bool done = false;
    if (sqlite3_prepare_v2(rq->db, sql, -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
        done = sqlite3_step(st) == SQLITE_DONE;
    }
    sqlite3_finalize(st);
    /* The record's documents go with it. */
    if (done && sqlite3_prepare_v2(rq->db, "DELETE FROM documents WHERE regarding_id = ?1", -1, &st,
                                   NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
        done = sqlite3_step(st) == SQLITE_DONE;
        sqlite3_finalize(st);
    }
    if (!done || sim_ledger_record(rq->db, e->name, id, "crm_delete", NULL) != 0 ||
        !sim_db_exec(rq->db, "COMMIT")) {
        sim_resp_error(rs, 500, "0x80040216", "An unexpected error occurred.");
        goto rollback;
    }
    sim_resp_empty(rs, 204);
    return;
rollback:
    sim_db_exec(rq->db, "ROLLBACK");
}
