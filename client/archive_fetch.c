/* archive_fetch.c — the agenda items and documents of a record, page after
 * page, read leniently: the job needs a handful of fields and must not fail
 * a whole record over one it does not use. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "client/archive_internal.h"
#include "client/json_strict.h"

/* As the pager: no list of the bus should have more pages than this. */
#define MAX_PAGES 10000

struct arc_list {
    lb_bus *bus;
    lb_request *req;
    char *last_link;
    size_t pages;
    arc_item_fn item;
    arc_list_fn done;
    void *user;
};

void arc_list_cancel(arc_list *l)
{
    if (!l)
        return;
    lb_request_cancel(l->req);
    free(l->last_link);
    free(l);
}

static void finish(arc_list *l, const lb_error *err)
{
    arc_list_fn done = l->done;
    void *user = l->user;
    free(l->last_link);
    free(l);
    done(user, err);
}

static void on_page(void *user, const lb_response *resp);

static bool send_page(arc_list *l, const lb_request_spec *spec, lb_error *err)
{
    l->req = lb_bus_send(l->bus, spec, on_page, l, err);
    return l->req != NULL;
}

static void on_page(void *user, const lb_response *resp)
{
    arc_list *l = user;
    l->req = NULL;
    lb_error err = resp->err;
    cJSON *root = NULL;
    const cJSON *value = NULL, *it;
    if (err.status != LB_OK ||
        lb_json_parse(resp->body, resp->body_len, LB_JSON_MAX_BYTES, &root, &err) != LB_OK ||
        lb_json_get_array(root, "value", &value, &err) != LB_OK)
        goto fail;
    cJSON_ArrayForEach(it, value)
    {
        if (!l->item(l->user, it, &err))
            goto fail;
    }
    l->pages++;
    const cJSON *next = cJSON_GetObjectItemCaseSensitive(root, "@odata.nextLink");
    if (!next || cJSON_IsNull(next)) {
        cJSON_Delete(root);
        lb_error_set(&err, LB_OK, resp->http_status, NULL);
        finish(l, &err);
        return;
    }
    if (!cJSON_IsString(next) || (l->last_link && strcmp(l->last_link, next->valuestring) == 0) ||
        l->pages >= MAX_PAGES) {
        lb_error_set(&err, LB_ERR_BAD_RESPONSE, resp->http_status, "@odata.nextLink");
        goto fail;
    }
    free(l->last_link);
    l->last_link = strdup(next->valuestring);
    if (!l->last_link) {
        lb_error_set(&err, LB_ERR_NOMEM, 0, NULL);
        goto fail;
    }
    lb_request_spec spec = {
        .method = "GET", .link = l->last_link, .max_page_size = lb_bus_page_size(l->bus)};
    if (!send_page(l, &spec, &err))
        goto fail;
    cJSON_Delete(root);
    return;
fail:
    cJSON_Delete(root);
    finish(l, &err);
}

arc_list *arc_list_start(lb_bus *bus, const char *const *path, const lb_query_param *query,
                         size_t query_count, arc_item_fn item, arc_list_fn done, void *user,
                         lb_error *err)
{
    arc_list *l = calloc(1, sizeof *l);
    if (!l) {
        lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        return NULL;
    }
    *l = (arc_list){.bus = bus, .item = item, .done = done, .user = user};
    lb_request_spec spec = {.method = "GET",
                            .path = path,
                            .query = query,
                            .query_count = query_count,
                            .max_page_size = lb_bus_page_size(bus)};
    if (!send_page(l, &spec, err)) {
        free(l);
        return NULL;
    }
    return l;
}

/* ---- items ---- */

static lb_status dup_str(const cJSON *o, const char *key, bool nullable, char **out, lb_error *err)
{
    const char *s = NULL;
    lb_status st = nullable ? lb_json_get_string_or_null(o, key, &s, err)
                            : lb_json_get_string(o, key, &s, err);
    if (st != LB_OK)
        return st;
    if (s && !(*out = strdup(s)))
        return lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
    return LB_OK;
}

static lb_status guid(const cJSON *o, const char *key, bool nullable, char **out, lb_error *err)
{
    if (dup_str(o, key, nullable, out, err) != LB_OK)
        return err->status;
    if (*out && !arc_is_guid(*out))
        return lb_error_set(err, LB_ERR_BAD_RESPONSE, 0, "%s: not a GUID", key);
    return LB_OK;
}

/* The journal keeps ETags as fields: printable ASCII only. */
static lb_status etag(const cJSON *o, char **out, lb_error *err)
{
    if (dup_str(o, "@odata.etag", false, out, err) != LB_OK)
        return err->status;
    for (const char *p = *out; *p; p++)
        if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f)
            return lb_error_set(err, LB_ERR_BAD_RESPONSE, 0, "@odata.etag");
    return LB_OK;
}

lb_status arc_item_read(const cJSON *o, arc_item *out, lb_error *err)
{
    memset(out, 0, sizeof *out);
    long long number = 0, state = 0, docs = 0;
    if (guid(o, "id", false, &out->id, err) != LB_OK ||
        dup_str(o, "title", true, &out->title, err) != LB_OK ||
        dup_str(o, "department", true, &out->department, err) != LB_OK ||
        lb_json_get_int(o, "number", 0, 1000000, &number, err) != LB_OK ||
        lb_json_get_int(o, "statecode", 0, 1, &state, err) != LB_OK ||
        lb_json_get_int(o, "documentCount", 0, 1000000, &docs, err) != LB_OK ||
        guid(o, "davDossierId", true, &out->dav_dossier_id, err) != LB_OK ||
        etag(o, &out->etag, err) != LB_OK) {
        arc_item_done(out);
        return err->status;
    }
    out->number = (int)number;
    out->statecode = (int)state;
    out->document_count = (int)docs;
    return LB_OK;
}

void arc_item_done(arc_item *it)
{
    free(it->id);
    free(it->title);
    free(it->department);
    free(it->dav_dossier_id);
    free(it->etag);
    memset(it, 0, sizeof *it);
}

lb_status arc_doc_read(const cJSON *o, arc_doc_info *out, lb_error *err)
{
    memset(out, 0, sizeof *out);
    const char *created = NULL;
    if (guid(o, "id", false, &out->id, err) != LB_OK ||
        dup_str(o, "name", true, &out->name, err) != LB_OK ||
        dup_str(o, "mimeType", true, &out->mime_type, err) != LB_OK ||
        lb_json_get_string_or_null(o, "createdOn", &created, err) != LB_OK ||
        etag(o, &out->etag, err) != LB_OK) {
        arc_doc_info_done(out);
        return err->status;
    }
    lb_time t;
    /* A document without a (readable) date gets its record's closing date. */
    if (created && lb_time_parse_datetime(created, &t))
        arc_date(t, out->created);
    return LB_OK;
}

void arc_doc_info_done(arc_doc_info *d)
{
    free(d->id);
    free(d->name);
    free(d->mime_type);
    free(d->etag);
    memset(d, 0, sizeof *d);
}
