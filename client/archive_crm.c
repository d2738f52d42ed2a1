/* archive_crm.c — the CRM half: PATCH davDossierId into the record
 * (If-Match; after a 412 or no answer the record is read: our PATCH may have
 * gone through, or someone changed it), and on request remove the record
 * and its documents, each DELETE with If-Match: a record changed after it
 * was archived is not removed. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/archive_job_internal.h"
#include "client/json_strict.h"
#include "i18n/i18n.h"

/* PATCHes after the record was found changed, before giving up. */
#define PATCH_TRIES 3

static void patched(job_unit *u, const char *etag)
{
    const char *args[] = {"patch", arc_bron_type(u->kind), u->id, u->dav_id, etag};
    if (!set_str(&u->etag, etag)) {
        rec_fail_status(u->rec, LB_ERR_NOMEM, 0, "%s", "etag");
        return;
    }
    u->patched = true;
    u->patch_unsure = false;
    u->attempts = 0;
    unit_event(u, "D", args, 5);
}

static void on_patch(void *user, const lb_response *resp)
{
    job_unit *u = user;
    unit_answered(u);
    if (resp->err.status == LB_OK) {
        patched(u, resp->etag);
    } else if (resp->http_status == 412 || job_transient(resp->err.status)) {
        /* 412: our own PATCH may have gone through before a retry, or someone
         * changed the record: read it and decide. */
        u->patch_unsure = true;
        if (resp->http_status != 412)
            unit_step_failed(u, &resp->err);
    } else {
        rec_fail(u->rec, &resp->err);
    }
    rec_pump(u->rec);
}

void op_patch(job_unit *u)
{
    const char *args[] = {"patch", arc_bron_type(u->kind), u->id, u->dav_id};
    cJSON *o = job_id_body("davDossierId", u->dav_id);
    char *text = o ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    if (!text) {
        rec_fail_status(u->rec, LB_ERR_NOMEM, 0, "%s", "JSON");
        return;
    }
    if (unit_event(u, "I", args, 4)) {
        const char *path[] = {"crm", arc_collection(u->kind), u->id, NULL};
        lb_request_spec spec = {.method = "PATCH",
                                .path = path,
                                .body = text,
                                .body_len = strlen(text),
                                .if_match = u->etag};
        unit_send(u, OP_PATCH, &spec, on_patch);
    }
    free(text);
}

static void on_get_record(void *user, const lb_response *resp)
{
    job_unit *u = user;
    job_rec *r = u->rec;
    unit_answered(u);
    lb_error err = resp->err;
    cJSON *root = NULL;
    const char *dav = NULL, *etag = NULL;
    long long state = 1;
    if (resp->http_status == 404) {
        rec_fail_status(r, LB_ERR_NOT_FOUND, 404, "%s", u->id);
    } else if (err.status != LB_OK ||
               lb_json_parse(resp->body, resp->body_len, LB_JSON_MAX_BYTES, &root, &err) != LB_OK ||
               lb_json_get_string_or_null(root, "davDossierId", &dav, &err) != LB_OK ||
               lb_json_get_string(root, "@odata.etag", &etag, &err) != LB_OK ||
               lb_json_get_int(root, "statecode", 0, 1, &state, &err) != LB_OK) {
        unit_step_failed(u, &err);
    } else if (dav && strcmp(dav, u->dav_id) == 0) {
        patched(u, etag);
    } else if (dav) {
        char other[64];
        lb_printable_copy(other, sizeof other, dav, strlen(dav));
        rec_fail_status(r, LB_ERR_CONFLICT, resp->http_status,
                        _("already archived in DAV (dossier %s)"), other);
    } else if (state == 0) {
        rec_fail_status(r, LB_ERR_CONFLICT, resp->http_status, "%s",
                        _("still active: only inactive records can be archived"));
    } else if (++u->patch_tries > PATCH_TRIES) {
        rec_fail_status(r, LB_ERR_PRECONDITION, 412, "%s",
                        _("changed by someone else while it was being archived"));
    } else if (!set_str(&u->etag, etag)) {
        rec_fail_status(r, LB_ERR_NOMEM, 0, "%s", "etag");
    } else {
        u->patch_unsure = false; /* not marked yet: PATCH again with the new ETag */
        u->attempts = 0;
    }
    cJSON_Delete(root);
    rec_pump(r);
}

void op_get_record(job_unit *u)
{
    const char *path[] = {"crm", arc_collection(u->kind), u->id, NULL};
    lb_request_spec spec = {.method = "GET", .path = path};
    unit_send(u, OP_GET_RECORD, &spec, on_get_record);
}

/* ---- removal ---- */

static void on_delete_doc(void *user, const lb_response *resp)
{
    job_unit *u = user;
    job_doc *d = &u->docs[u->op_doc];
    unit_answered(u);
    if (resp->err.status == LB_OK || resp->http_status == 404) {
        const char *args[] = {"deldoc", u->id, d->id};
        d->deleted = true;
        u->attempts = 0;
        unit_event(u, "D", args, 3);
    } else if (resp->http_status == 412) {
        char name[160];
        const char *n = d->name ? d->name : d->id;
        lb_printable_copy(name, sizeof name, n, strlen(n));
        rec_fail_status(u->rec, LB_ERR_PRECONDITION, 412,
                        _("document \"%s\" changed after it was archived: it is not removed"),
                        name);
    } else {
        unit_step_failed(u, &resp->err);
    }
    rec_pump(u->rec);
}

void op_delete_doc(job_unit *u, size_t i)
{
    job_doc *d = &u->docs[i];
    const char *args[] = {"deldoc", u->id, d->id};
    if (!unit_event(u, "I", args, 3))
        return;
    const char *path[] = {"crm", "documents", d->id, NULL};
    lb_request_spec spec = {.method = "DELETE", .path = path, .if_match = d->etag};
    u->op_doc = i;
    unit_send(u, OP_DELETE_DOC, &spec, on_delete_doc);
}

static void on_delete(void *user, const lb_response *resp)
{
    job_unit *u = user;
    unit_answered(u);
    if (resp->err.status == LB_OK || resp->http_status == 404) {
        const char *args[] = {"delete", arc_bron_type(u->kind), u->id};
        u->removed = true;
        u->attempts = 0;
        unit_event(u, "D", args, 3);
    } else if (resp->http_status == 412) {
        rec_fail_status(u->rec, LB_ERR_PRECONDITION, 412, "%s",
                        _("changed after it was archived: it is not removed"));
    } else {
        unit_step_failed(u, &resp->err);
    }
    rec_pump(u->rec);
}

void op_delete(job_unit *u)
{
    const char *args[] = {"delete", arc_bron_type(u->kind), u->id};
    if (!unit_event(u, "I", args, 3))
        return;
    const char *path[] = {"crm", arc_collection(u->kind), u->id, NULL};
    lb_request_spec spec = {.method = "DELETE", .path = path, .if_match = u->etag};
    unit_send(u, OP_DELETE, &spec, on_delete);
}
