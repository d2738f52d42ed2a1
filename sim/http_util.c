/* http_util.c — see http_util.h. */
#include "config.h"

#include "sim/http_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/text_util.h"

static void set_body(sim_resp *rs, unsigned status, const char *ctype, char *body, size_t n)
{
    free(rs->body);
    rs->status = status;
    rs->ctype = ctype;
    rs->body = body;
    rs->len = n;
}

void sim_resp_json(sim_resp *rs, unsigned status, cJSON *json)
{
    char *text = json ? cJSON_PrintUnformatted(json) : NULL;
    cJSON_Delete(json);
    if (!text) {
        /* Out of memory: a fixed body, still in the Dataverse shape. */
        static const char oom[] =
            "{\"error\":{\"code\":\"0x80040216\",\"message\":\"An unexpected error occurred.\"}}";
        sim_resp_bytes(rs, 500, "application/json", oom, sizeof oom - 1);
        return;
    }
    set_body(rs, status, "application/json; charset=utf-8", text, strlen(text));
}

void sim_resp_bytes(sim_resp *rs, unsigned status, const char *ctype, const void *data, size_t n)
{
    char *copy = malloc(n ? n : 1);
    if (!copy) {
        set_body(rs, 500, "text/plain", NULL, 0);
        return;
    }
    if (n)
        memcpy(copy, data, n);
    set_body(rs, status, ctype, copy, n);
}

void sim_resp_empty(sim_resp *rs, unsigned status)
{
    set_body(rs, status, NULL, NULL, 0);
}

static void error_v(sim_resp *rs, unsigned status, const char *code, const char *fmt, va_list ap)
{
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    cJSON *root = cJSON_CreateObject();
    cJSON *err = cJSON_AddObjectToObject(root, "error");
    cJSON_AddStringToObject(err, "code", code);
    cJSON_AddStringToObject(err, "message", msg);
    sim_resp_json(rs, status, root);
}

void sim_resp_error(sim_resp *rs, unsigned status, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_v(rs, status, code, fmt, ap);
    va_end(ap);
}

void sim_resp_gateway(sim_resp *rs, unsigned status, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cJSON *root = cJSON_CreateObject();
    cJSON_AddNumberToObject(root, "statusCode", status);
    cJSON_AddStringToObject(root, "message", msg);
    sim_resp_json(rs, status, root);
}

void sim_resp_header(sim_resp *rs, const char *name, const char *fmt, ...)
{
    sim_header *h = NULL;
    for (size_t i = 0; i < rs->nhdr; i++)
        if (strcmp(rs->hdr[i].name, name) == 0)
            h = &rs->hdr[i];
    if (!h) {
        if (rs->nhdr == SIM_MAX_HEADERS)
            return;
        h = &rs->hdr[rs->nhdr++];
        h->name = name;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(h->value, sizeof h->value, fmt, ap);
    va_end(ap);
}

void sim_resp_done(sim_resp *rs)
{
    free(rs->body);
    rs->body = NULL;
}

void sim_err_bad_request(sim_resp *rs, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_v(rs, 400, "0x80040203", fmt, ap);
    va_end(ap);
}

void sim_err_missing_role(sim_resp *rs, const char *role)
{
    sim_resp_error(rs, 403, "0x80040220", "Principal user is missing the role '%s'", role);
}

void sim_err_not_found(sim_resp *rs, const char *label, const char *id)
{
    sim_resp_error(rs, 404, "0x80040217", "%s With Id = %s Does Not Exist", label, id);
}

void sim_err_stale(sim_resp *rs)
{
    sim_resp_error(rs, 412, "0x80060882",
                   "The version of the existing record doesn't match the RowVersion property "
                   "provided.");
}

const char *sim_req_header(const sim_req *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name);
}

const char *sim_req_arg(const sim_req *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name);
}

bool sim_if_match_ok(const sim_req *rq, long long rowversion)
{
    const char *im = sim_req_header(rq, "If-Match");
    if (!im || strcmp(im, "*") == 0)
        return true;
    char weak[40], strong[40];
    snprintf(weak, sizeof weak, "W/\"%lld\"", rowversion);
    snprintf(strong, sizeof strong, "\"%lld\"", rowversion);
    return strcmp(im, weak) == 0 || strcmp(im, strong) == 0;
}

bool sim_prefer_representation(const sim_req *rq)
{
    const char *p = sim_req_header(rq, "Prefer");
    return p && strstr(p, "return=representation") != NULL;
}

const char *sim_static_mime(const char *mime)
{
    static const char *const known[] = {"application/pdf", "text/plain", "image/png", "image/jpeg",
                                        "application/json"};
    for (size_t i = 0; mime && i < sizeof known / sizeof known[0]; i++)
        if (strcmp(mime, known[i]) == 0)
            return known[i];
    return "application/octet-stream";
}
