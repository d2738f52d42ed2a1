/* archive_dav.c — the DAV half of archiving one dossier: create it
 * (idempotent on bronId; a Concept found instead gets our metadata by
 * update), add its documents (idempotent on dossier and bronId), relate a
 * meeting's dossier to its agenda items', validate and submit. A naam DAV
 * finds not unique in the series is made unique once. When a submit's
 * outcome is unknown (no answer, 409) the dossier is read before deciding. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/archive_job_internal.h"
#include "client/json_strict.h"
#include "i18n/i18n.h"

/* 409s on adding a document before giving up. */
#define STEP_TRIES 6

/* The DAV dossier in an answer, into *D (strings in a scratch arena). */
static lb_status read_dossier(const lb_response *resp, lb_arena *a, lb_dav_dossier *d,
                              lb_error *err)
{
    return lb_dav_dossier_parse(resp->body, resp->body_len, a, d, err);
}

static void on_create(void *user, const lb_response *resp)
{
    job_unit *u = user;
    unit_answered(u);
    lb_error err = resp->err;
    lb_arena a;
    lb_arena_init(&a, 2048);
    lb_dav_dossier d;
    if (err.status == LB_OK && read_dossier(resp, &a, &d, &err) == LB_OK) {
        if (!set_str(&u->dav_id, d.id)) {
            lb_error_set(&err, LB_ERR_NOMEM, 0, NULL);
        } else {
            bool existed = resp->http_status == 200;
            const char *args[] = {"create", arc_bron_type(u->kind), u->id, d.id,
                                  d.status, existed ? "200" : "201"};
            u->created = true;
            u->attempts = 0;
            if (arc_is_submitted(d.status))
                u->submitted = u->submit_proven = true;
            /* A Concept made before (by an interrupted run or by hand) may
             * carry other metadata: ours replaces it. */
            u->needs_update = existed && !u->submitted;
            unit_event(u, "D", args, 6);
        }
    }
    lb_arena_done(&a);
    if (err.status != LB_OK)
        unit_step_failed(u, &err);
    rec_pump(u->rec);
}

/* The dossier's metadata: for create (with serieId, bronId, bronType) or
 * update (with id). NULL when out of memory. */
static cJSON *dossier_body(job_unit *u, bool create)
{
    job_rec *r = u->rec;
    cJSON *o = cJSON_CreateObject(), *ext = NULL;
    bool ok = o &&
              (create ? cJSON_AddStringToObject(o, "serieId", r->serie->id) != NULL
                      : cJSON_AddStringToObject(o, "id", u->dav_id) != NULL) &&
              cJSON_AddStringToObject(o, "naam", u->naam ? u->naam : "") &&
              job_json_str_or_null(o, "beschrijving", u->beschrijving) &&
              job_json_str_or_null(o, "openingsdatum", u->open) &&
              job_json_str_or_null(o, "sluitingsdatum", u->close) &&
              (!create || (cJSON_AddStringToObject(o, "bronId", u->id) &&
                           cJSON_AddStringToObject(o, "bronType", arc_bron_type(u->kind)))) &&
              (ext = cJSON_AddArrayToObject(o, "extensies"));
    for (size_t i = 0; ok && i < u->ext_count; i++) {
        cJSON *e = cJSON_CreateObject();
        ok = e && cJSON_AddStringToObject(e, "naam", u->ext[i].naam) &&
             cJSON_AddStringToObject(e, "waarde", u->ext[i].waarde) && cJSON_AddItemToArray(ext, e);
        if (!ok)
            cJSON_Delete(e);
    }
    if (!ok) {
        cJSON_Delete(o);
        rec_fail_status(r, LB_ERR_NOMEM, 0, "%s", "JSON");
        return NULL;
    }
    return o;
}

void op_create(job_unit *u)
{
    cJSON *o = dossier_body(u, true);
    if (!o)
        return;
    const char *args[] = {"create", arc_bron_type(u->kind), u->id};
    if (!unit_event(u, "I", args, 3)) {
        cJSON_Delete(o);
        return;
    }
    static const char *const path[] = {"dav", "dossiers", "create", NULL};
    unit_post(u, OP_CREATE, path, o, true, on_create);
}

static void on_update(void *user, const lb_response *resp)
{
    job_unit *u = user;
    unit_answered(u);
    if (resp->err.status != LB_OK) {
        if (resp->http_status == 409)
            u->submit_unsure = true; /* submitted meanwhile: read it */
        else
            unit_step_failed(u, &resp->err);
    } else {
        const char *args[] = {"update", u->id};
        u->needs_update = false;
        u->attempts = 0;
        unit_event(u, "D", args, 2);
    }
    rec_pump(u->rec);
}

void op_update(job_unit *u)
{
    cJSON *o = dossier_body(u, false);
    if (!o)
        return;
    const char *args[] = {"update", u->id};
    if (!unit_event(u, "I", args, 2)) {
        cJSON_Delete(o);
        return;
    }
    static const char *const path[] = {"dav", "dossiers", "update", NULL};
    unit_post(u, OP_UPDATE, path, o, true, on_update);
}

/* ---- documents ---- */

static void on_doc_created(void *user, const lb_response *resp)
{
    job_unit *u = user;
    job_doc *d = &u->docs[u->op_doc];
    unit_answered(u);
    free(u->content);
    u->content = NULL;
    lb_error err = resp->err;
    if (resp->http_status == 409) {
        /* The dossier was submitted meanwhile: read it before anything else. */
        u->submit_unsure = true;
        if (++u->attempts > STEP_TRIES)
            rec_fail(u->rec, &err);
        rec_pump(u->rec);
        return;
    }
    lb_arena a;
    lb_arena_init(&a, 1024);
    lb_dav_document doc;
    if (err.status == LB_OK &&
        lb_dav_document_parse(resp->body, resp->body_len, &a, &doc, &err) == LB_OK) {
        if (!set_str(&d->dav_id, doc.id)) {
            lb_error_set(&err, LB_ERR_NOMEM, 0, NULL);
        } else {
            const char *args[] = {"doc", u->id, d->id, doc.id};
            d->in_dav = true;
            u->attempts = 0;
            unit_event(u, "D", args, 4);
        }
    }
    lb_arena_done(&a);
    if (err.status != LB_OK)
        unit_step_failed(u, &err);
    rec_pump(u->rec);
}

static void op_doc(job_unit *u)
{
    job_doc *d = &u->docs[u->op_doc];
    cJSON *o = cJSON_CreateObject();
    bool ok = o && cJSON_AddStringToObject(o, "dossierId", u->dav_id) &&
              cJSON_AddStringToObject(o, "naam", d->name ? d->name : d->id) &&
              job_json_str_or_null(o, "creatiedatum", d->created) &&
              cJSON_AddStringToObject(o, "bronId", d->id) &&
              cJSON_AddStringToObject(o, "mimeType",
                                      d->mime && *d->mime ? d->mime : "application/octet-stream") &&
              cJSON_AddStringToObject(o, "inhoud", u->content);
    free(u->content);
    u->content = NULL;
    if (!ok) {
        cJSON_Delete(o);
        rec_fail_status(u->rec, LB_ERR_NOMEM, 0, "%s", "JSON");
        return;
    }
    const char *args[] = {"doc", u->id, d->id, d->etag};
    if (!unit_event(u, "I", args, 4)) {
        cJSON_Delete(o);
        return;
    }
    static const char *const path[] = {"dav", "documents", "create", NULL};
    unit_post(u, OP_DOC, path, o, true, on_doc_created);
}

static void on_content(void *user, const lb_response *resp)
{
    job_unit *u = user;
    job_doc *d = &u->docs[u->op_doc];
    unit_answered(u);
    lb_error err = resp->err;
    if (resp->http_status == 404) {
        char name[160];
        const char *n = d->name ? d->name : d->id;
        lb_printable_copy(name, sizeof name, n, strlen(n));
        rec_fail_status(u->rec, LB_ERR_NOT_FOUND, 404, "%s", name);
    } else if (err.status != LB_OK) {
        unit_step_failed(u, &err);
    } else {
        free(u->content);
        u->content = arc_base64(resp->body, resp->body_len);
        if (!u->content)
            rec_fail_status(u->rec, LB_ERR_NOMEM, 0, "%s", "base64");
        else
            op_doc(u);
    }
    rec_pump(u->rec);
}

void op_content(job_unit *u, size_t i)
{
    const char *path[] = {"crm", "documents", u->docs[i].id, "content", NULL};
    lb_request_spec spec = {.method = "GET", .path = path};
    u->op_doc = i;
    unit_send(u, OP_CONTENT, &spec, on_content);
}

/* ---- relations ---- */

static void on_relate(void *user, const lb_response *resp)
{
    job_unit *u = user;
    job_unit *it = u->op_item;
    unit_answered(u);
    if (resp->err.status != LB_OK) {
        unit_step_failed(u, &resp->err);
    } else {
        const char *args[] = {"relate", it ? it->id : u->rec->parent_dav};
        u->attempts = 0;
        if (it)
            it->related = true;
        else
            u->rec->parent_related = true;
        unit_event(u, "D", args, 2);
    }
    rec_pump(u->rec);
}

/* Relates U's dossier to IT's (NULL: to the parent meeting's dossier). */
void op_relate(job_unit *u, job_unit *it)
{
    const char *other = it ? it->dav_id : u->rec->parent_dav;
    cJSON *o = job_id_body("id", u->dav_id);
    if (!o || !cJSON_AddStringToObject(o, "gerelateerdId", other) ||
        !cJSON_AddStringToObject(o, "type", "associatie")) {
        cJSON_Delete(o);
        rec_fail_status(u->rec, LB_ERR_NOMEM, 0, "%s", "JSON");
        return;
    }
    const char *args[] = {"relate", it ? it->id : other};
    if (!unit_event(u, "I", args, 2)) {
        cJSON_Delete(o);
        return;
    }
    static const char *const path[] = {"dav", "dossiers", "relation", NULL};
    u->op_item = it;
    unit_post(u, OP_RELATE, path, o, true, on_relate);
}

/* ---- validate, rename, submit ---- */

static void op_submit(job_unit *u);
static void op_rename(job_unit *u);

/* "veld: reden (waarde); ..." of DAV's problems, printable, into ERR's detail. */
static void problems_detail(lb_error *err, const lb_validation_problem *p, size_t n)
{
    char text[1024] = "";
    size_t len = 0;
    for (size_t i = 0; i < n && len + 1 < sizeof text; i++) {
        int w = snprintf(text + len, sizeof text - len, "%s%s: %s%s%s%s", i ? "; " : "", p[i].veld,
                         p[i].reden, p[i].waarde ? " (" : "", p[i].waarde ? p[i].waarde : "",
                         p[i].waarde ? ")" : "");
        if (w < 0)
            break;
        len += (size_t)w;
    }
    lb_printable_copy(err->detail, sizeof err->detail, text, strlen(text));
}

/* DAV refused the dossier for PROBLEMS: a naam that is not unique in the
 * series (two meetings of a type on one day) is made unique once; anything
 * else fails the record with DAV's reasons. */
static void refused(job_unit *u, const lb_validation_problem *p, size_t n, int http)
{
    bool only_naam = n > 0;
    for (size_t i = 0; i < n; i++)
        only_naam = only_naam && strcmp(p[i].veld, "Naam") == 0 && p[i].waarde;
    if (only_naam && !u->renamed) {
        op_rename(u);
        return;
    }
    lb_error err;
    lb_error_set(&err, LB_ERR_INVALID_INPUT, http, NULL);
    problems_detail(&err, p, n);
    rec_fail(u->rec, &err);
}

static void on_validate(void *user, const lb_response *resp)
{
    job_unit *u = user;
    unit_answered(u);
    lb_error err = resp->err;
    lb_arena a;
    lb_arena_init(&a, 2048);
    lb_validation_result v;
    if (err.status == LB_OK &&
        lb_validation_result_parse(resp->body, resp->body_len, &a, &v, &err) == LB_OK) {
        u->attempts = 0;
        if (v.geldig)
            op_submit(u);
        else
            refused(u, v.problemen, v.probleem_count, resp->http_status);
    } else {
        unit_step_failed(u, &err);
    }
    lb_arena_done(&a);
    rec_pump(u->rec);
}

void op_validate(job_unit *u)
{
    static const char *const path[] = {"dav", "dossiers", "validate", NULL};
    unit_post(u, OP_VALIDATE, path, job_id_body("id", u->dav_id), true, on_validate);
}

static void on_rename(void *user, const lb_response *resp)
{
    job_unit *u = user;
    unit_answered(u);
    if (resp->err.status != LB_OK) {
        unit_step_failed(u, &resp->err);
    } else {
        char *naam = arc_dossier_naam_unique(u->naam, u->id);
        const char *args[] = {"rename", u->id, naam};
        if (!naam) {
            rec_fail_status(u->rec, LB_ERR_NOMEM, 0, "%s", "naam");
        } else {
            free(u->naam);
            u->naam = naam;
            u->renamed = true;
            u->attempts = 0;
            if (unit_event(u, "D", args, 3))
                op_validate(u);
        }
    }
    rec_pump(u->rec);
}

static void op_rename(job_unit *u)
{
    char *naam = arc_dossier_naam_unique(u->naam, u->id);
    cJSON *o = naam ? job_id_body("id", u->dav_id) : NULL;
    if (!o || !cJSON_AddStringToObject(o, "naam", naam)) {
        cJSON_Delete(o);
        free(naam);
        rec_fail_status(u->rec, LB_ERR_NOMEM, 0, "%s", "JSON");
        return;
    }
    const char *args[] = {"rename", u->id, naam};
    bool ok = unit_event(u, "I", args, 3);
    free(naam);
    if (!ok) {
        cJSON_Delete(o);
        return;
    }
    static const char *const path[] = {"dav", "dossiers", "update", NULL};
    unit_post(u, OP_RENAME, path, o, true, on_rename);
}

static void submitted(job_unit *u)
{
    const char *args[] = {"submit", u->id, u->dav_id};
    u->submitted = u->submit_proven = true;
    u->submit_unsure = false;
    u->attempts = 0;
    unit_event(u, "D", args, 3);
}

static void on_submit(void *user, const lb_response *resp)
{
    job_unit *u = user;
    unit_answered(u);
    if (resp->err.status == LB_OK) {
        submitted(u);
    } else if (resp->http_status == 422) {
        /* Not valid after all (a twin took the naam meanwhile): DAV's reasons
         * come with the answer. */
        lb_error err = resp->err;
        cJSON *root = NULL;
        const cJSON *e, *list;
        lb_error ignore;
        lb_arena a;
        lb_arena_init(&a, 1024);
        lb_validation_result v = {0};
        if (lb_json_parse(resp->body, resp->body_len, LB_JSON_MAX_BYTES, &root, &ignore) == LB_OK &&
            lb_json_get_object(root, "error", &e, &ignore) == LB_OK &&
            lb_json_get_array(e, "problemen", &list, &ignore) == LB_OK) {
            cJSON *wrap = cJSON_CreateObject();
            cJSON *copy = cJSON_Duplicate(list, true);
            char *text = NULL;
            if (wrap && copy && cJSON_AddFalseToObject(wrap, "geldig")) {
                cJSON_AddItemToObject(wrap, "problemen", copy);
                copy = NULL;
                text = cJSON_PrintUnformatted(wrap);
            }
            cJSON_Delete(copy);
            cJSON_Delete(wrap);
            if (!text || lb_validation_result_parse(text, strlen(text), &a, &v, &ignore) != LB_OK)
                v.probleem_count = 0;
            free(text);
        }
        cJSON_Delete(root);
        u->attempts = 0;
        if (v.probleem_count)
            refused(u, v.problemen, v.probleem_count, 422);
        else
            rec_fail(u->rec, &err);
        lb_arena_done(&a);
    } else {
        /* 409 (submitted already?) or no answer: read the dossier, then decide. */
        u->submit_unsure = true;
        if (resp->http_status != 409)
            unit_step_failed(u, &resp->err);
    }
    rec_pump(u->rec);
}

static void op_submit(job_unit *u)
{
    const char *args[] = {"submit", u->id, u->dav_id};
    cJSON *o = job_id_body("id", u->dav_id);
    if (!unit_event(u, "I", args, 3)) {
        cJSON_Delete(o);
        return;
    }
    static const char *const path[] = {"dav", "dossiers", "submit", NULL};
    /* Not idempotent: the bus does not repeat it; an unknown outcome is read. */
    unit_post(u, OP_SUBMIT, path, o, false, on_submit);
}

static void on_get_dossier(void *user, const lb_response *resp)
{
    job_unit *u = user;
    job_rec *r = u->rec;
    unit_answered(u);
    lb_error err = resp->err;
    if (resp->http_status == 404 && u->rec->phase == R_ARCHIVING && !u->submitted) {
        /* Gone from DAV: make it again (the create is keyed by bronId). */
        u->created = false;
        u->submit_unsure = false;
        for (size_t i = 0; i < u->ndocs; i++)
            u->docs[i].in_dav = false;
        rec_pump(r);
        return;
    }
    lb_arena a;
    lb_arena_init(&a, 2048);
    lb_dav_dossier d;
    if (err.status == LB_OK && read_dossier(resp, &a, &d, &err) == LB_OK) {
        if (arc_is_submitted(d.status)) {
            submitted(u);
        } else if (r->phase == R_REMOVING) {
            rec_fail_status(r, LB_ERR_CONFLICT, resp->http_status,
                            _("DAV dossier %s is not submitted: nothing is removed."), u->dav_id);
        } else {
            u->submitted = false;
            u->submit_unsure = false;
            u->attempts = 0;
        }
    } else {
        unit_step_failed(u, &err);
    }
    lb_arena_done(&a);
    rec_pump(r);
}

void op_get_dossier(job_unit *u)
{
    static const char *const path[] = {"dav", "dossiers", "get", NULL};
    unit_post(u, OP_GET_DOSSIER, path, job_id_body("id", u->dav_id), true, on_get_dossier);
}
