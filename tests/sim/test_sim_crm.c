/* test_sim_crm.c — lbbus-sim CRM endpoints: paging (every row exactly
 * once, also while rows change; the page size cap; counts), filters and
 * order, single records and their ETags, If-Match, the state pair rule,
 * the types' series, documents and the delete rule. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/sim/simtest.h"
#include "tests/tap.h"

#define SEC   "demo-secretaris"
#define ARCH  "demo-archivaris"
#define ADMIN "demo-admin"

typedef struct idset {
    char (*ids)[37];
    size_t n, cap;
    size_t dups;
} idset;

static void idset_add(idset *s, const char *id)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->ids[i], id) == 0) {
            s->dups++;
            return;
        }
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 256;
        s->ids = realloc(s->ids, s->cap * sizeof *s->ids);
    }
    snprintf(s->ids[s->n++], 37, "%s", id);
}

/* Follows nextLink from PATH with page size N; CHANGE (may be NULL) runs
 * after the second page. Returns the number of pages. */
static int walk(const lb_test_sim *s, const char *path, const char *token, int n, idset *seen,
                void (*change)(const lb_test_sim *))
{
    char pref[64], link[4096];
    snprintf(pref, sizeof pref, "Prefer: odata.maxpagesize=%d", n);
    const char *h[] = {pref, NULL};
    snprintf(link, sizeof link, "%s", path);
    int pages = 0;
    bool sizes_ok = true;
    for (;;) {
        cJSON *j = NULL;
        if (st_req(s, "GET", link, token, h, NULL, &j, NULL) != 200) {
            cJSON_Delete(j);
            return -1;
        }
        pages++;
        const cJSON *it;
        cJSON_ArrayForEach(it, st_at(j, "value"))
        {
            idset_add(seen, st_str(it, "id"));
        }
        const char *next = st_str(j, "@odata.nextLink");
        if (next && cJSON_GetArraySize(st_at(j, "value")) != n)
            sizes_ok = false;
        if (next)
            snprintf(link, sizeof link, "%s", next);
        cJSON_Delete(j);
        if (pages == 2 && change)
            change(s);
        if (!next)
            break;
    }
    ok(sizes_ok, "every page but the last is full (%d)", n);
    return pages;
}

static const char *active_meeting;

static void change_rows(const lb_test_sim *s)
{
    /* Deactivate a meeting while paging: it must still come exactly once. */
    is_int(st_status(s, "PATCH", active_meeting, SEC, NULL, "{\"statecode\":1,\"statuscode\":4}"),
           204, "a meeting changes between two pages");
}

static void paging(const lb_test_sim *s)
{
    cJSON *j = NULL;
    lb_test_response r;
    is_int(st_req(s, "GET", "/crm/meetings?$count=true", SEC, NULL, NULL, &j, NULL), 200,
           "meetings with $count");
    long total = (long)st_num(j, "@odata.count", -1);
    ok(total >= 500 && total <= 700, "about 600 meetings (%ld)", total);
    is_int(cJSON_GetArraySize(st_at(j, "value")), total, "all on one default page (cap 5000)");
    ok(st_at(j, "@odata.nextLink") == NULL, "so no nextLink");
    cJSON_Delete(j);

    idset seen = {0};
    int pages = walk(s, "/crm/meetings", SEC, 37, &seen, NULL);
    is_int(pages, (total + 36) / 37, "pages of 37 cover the list");
    is_int((long long)seen.n, total, "every meeting exactly once");
    is_int((long long)seen.dups, 0, "no meeting twice");
    free(seen.ids);

    st_req(s, "GET", "/crm/meetings?state=active", SEC, NULL, NULL, &j, NULL);
    active_meeting = st_fmt("/crm/meetings/%s", st_str(j, "value.5.id"));
    cJSON_Delete(j);
    idset again = {0};
    walk(s, "/crm/meetings?orderby=name%20asc", SEC, 50, &again, change_rows);
    is_int((long long)again.n, total, "while a row changes: every meeting exactly once");
    is_int((long long)again.dups, 0, "and none twice");
    free(again.ids);

    idset items = {0};
    long items_total = 0;
    st_req(s, "GET", "/crm/agendaitems?$count=true", SEC, NULL, NULL, &j, NULL);
    items_total = (long)st_num(j, "@odata.count", -1);
    ok(st_at(j, "@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded") != NULL &&
           items_total == 5000,
       "agenda items: count capped at 5000 with the limit flag");
    is_int(cJSON_GetArraySize(st_at(j, "value")), 5000, "a default page holds 5000");
    ok(st_str(j, "@odata.nextLink") != NULL, "and a nextLink");
    cJSON_Delete(j);
    walk(s, "/crm/agendaitems?state=all", SEC, 1000, &items, NULL);
    ok(items.n > 5000 && items.dups == 0, "all %zu agenda items once each", items.n);
    free(items.ids);

    const char *big[] = {"Prefer: odata.maxpagesize=99999", NULL};
    is_int(st_req(s, "GET", "/crm/agendaitems", SEC, big, NULL, &j, &r), 200,
           "maxpagesize above the cap");
    char pa[64];
    is_str(lb_test_response_header(&r, "Preference-Applied", pa, sizeof pa),
           "odata.maxpagesize=5000", "is applied as 5000");
    is_int(cJSON_GetArraySize(st_at(j, "value")), 5000, "5000 rows");
    lb_test_response_done(&r);
    cJSON_Delete(j);

    is_int(st_status(s, "GET", "/crm/meetings?$skiptoken=bm9wZQ", SEC, NULL, NULL), 400,
           "a forged skiptoken: 400");
    is_int(st_status(s, "GET", "/crm/dossiers?$skiptoken=!!!", SEC, NULL, NULL), 400,
           "a broken skiptoken: 400");
}

/* True when the list at PATH is ordered by FIELD (strings) in DIR. */
static bool ordered(const lb_test_sim *s, const char *path, const char *field, bool desc)
{
    cJSON *j = NULL;
    if (st_req(s, "GET", path, SEC, NULL, NULL, &j, NULL) != 200) {
        cJSON_Delete(j);
        return false;
    }
    const char *prev = NULL;
    bool good = cJSON_GetArraySize(st_at(j, "value")) > 1;
    const cJSON *it;
    cJSON_ArrayForEach(it, st_at(j, "value"))
    {
        const char *v = st_str(it, field);
        v = v ? v : "";
        if (prev && (desc ? strcmp(prev, v) < 0 : strcmp(prev, v) > 0))
            good = false;
        prev = v;
    }
    cJSON_Delete(j);
    return good;
}

static bool all_match(const lb_test_sim *s, const char *path, const char *field, const char *want,
                      long *count)
{
    cJSON *j = NULL;
    st_req(s, "GET", path, SEC, NULL, NULL, &j, NULL);
    bool good = true;
    *count = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, st_at(j, "value"))
    {
        const cJSON *v = st_at(it, field);
        char buf[64];
        if (cJSON_IsNumber(v))
            snprintf(buf, sizeof buf, "%d", v->valueint);
        else
            snprintf(buf, sizeof buf, "%s", cJSON_IsString(v) ? v->valuestring : "");
        if (strcmp(buf, want) != 0)
            good = false;
        (*count)++;
    }
    cJSON_Delete(j);
    return good;
}

static void filters(const lb_test_sim *s)
{
    long n = 0;
    ok(all_match(s, "/crm/meetings?state=inactive", "statecode", "1", &n) && n > 0,
       "state=inactive gives only inactive meetings (%ld)", n);
    ok(all_match(s, "/crm/meetings?state=active", "statecode", "0", &n) && n > 0,
       "state=active gives only active ones (%ld)", n);
    ok(all_match(s, "/crm/meetings?statuscode=4", "statuscodeLabel", "Definitief afgesloten", &n) &&
           n > 0,
       "statuscode=4 with its label");
    cJSON *j = NULL;
    st_req(s, "GET", "/crm/meetingtypes?orderby=name%20asc", SEC, NULL, NULL, &j, NULL);
    const char *gr = NULL;
    const cJSON *it;
    cJSON_ArrayForEach(it, st_at(j, "value"))
    {
        if (strcmp(st_str(it, "abbreviation"), "GR") == 0)
            gr = st_fmt("%s", st_str(it, "id"));
    }
    is_int(cJSON_GetArraySize(st_at(j, "value")), 10, "ten meeting types");
    cJSON_Delete(j);
    ok(gr && all_match(s, st_fmt("/crm/meetings?typeId=%s", gr), "typeName", "Gemeenteraad", &n) &&
           n > 0,
       "typeId filter (%ld Gemeenteraad meetings)", n);
    ok(ordered(s, "/crm/meetings?from=2020-01-01T00:00:00Z&to=2020-12-31T23:59:59Z&orderby=begin",
               "begin", false),
       "from/to with orderby begin (ascending)");
    st_req(s, "GET", "/crm/meetings?from=2020-01-01T00:00:00Z&to=2020-12-31T23:59:59Z", SEC, NULL,
           NULL, &j, NULL);
    bool in_range = cJSON_GetArraySize(st_at(j, "value")) > 0;
    cJSON_ArrayForEach(it, st_at(j, "value"))
    {
        const char *b = st_str(it, "begin");
        if (!b || strncmp(b, "2020", 4) != 0)
            in_range = false;
    }
    ok(in_range, "from/to keep the range (inclusive, on begin)");
    cJSON_Delete(j);
    ok(ordered(s, "/crm/meetings?orderby=name%20desc", "name", true), "orderby name desc");
    ok(ordered(s, "/crm/dossiers?orderby=number", "number", false), "dossiers orderby number");
    st_req(s, "GET", "/crm/meetings?q=cbs", SEC, NULL, NULL, &j, NULL);
    bool q_ok = cJSON_GetArraySize(st_at(j, "value")) > 0;
    cJSON_ArrayForEach(it, st_at(j, "value"))
    {
        const char *nm = st_str(it, "name"), *loc = st_str(it, "location");
        if (!strstr(nm, "CBS") && !(loc && strcasestr(loc, "cbs")))
            q_ok = false;
    }
    ok(q_ok, "q=cbs matches case-insensitively on the name");
    cJSON_Delete(j);
    st_req(s, "GET", "/crm/dossiers?q=fuif%20thomas", SEC, NULL, NULL, &j, NULL);
    is_str(st_str(j, "value.0.number"), "EV-2021-0414", "q finds the deck's dossier Fuif Thomas");
    cJSON_Delete(j);
    is_int(st_req(s, "GET", "/crm/meetings?orderby=password%20asc", SEC, NULL, NULL, &j, NULL), 400,
           "orderby outside the whitelist: 400");
    ok(strstr(st_str(j, "error.message") ? st_str(j, "error.message") : "", "allowed are") != NULL,
       "naming the allowed fields");
    cJSON_Delete(j);
    is_int(st_status(s, "GET", "/crm/meetings?orderby=name%20sideways", SEC, NULL, NULL), 400,
           "a bad direction: 400");
    is_int(st_status(s, "GET", "/crm/meetings?state=dormant", SEC, NULL, NULL), 400,
           "state=dormant: 400");
    is_int(st_status(s, "GET", "/crm/meetings?statuscode=abc", SEC, NULL, NULL), 400,
           "statuscode=abc: 400");
    is_int(st_status(s, "GET", "/crm/meetings?from=yesterday", SEC, NULL, NULL), 400,
           "from=yesterday: 400");
    is_int(st_status(s, "GET", "/crm/meetings?typeId=42", SEC, NULL, NULL), 400,
           "typeId not a GUID: 400");
    is_int(st_status(s, "GET", "/crm/statuscodes?entity=nonsense", SEC, NULL, NULL), 400,
           "statuscodes of an unknown entity: 400");
    st_req(s, "GET", "/crm/statuscodes?entity=dossier", SEC, NULL, NULL, &j, NULL);
    is_int(cJSON_GetArraySize(st_at(j, "value")), 4, "dossier statuscodes: 4");
    is_str(st_str(j, "value.2.label"), "Afgehandeld", "labels from the data");
    cJSON_Delete(j);
}

static void records(const lb_test_sim *s)
{
    cJSON *j = NULL, *one = NULL;
    lb_test_response r;
    st_req(s, "GET", "/crm/meetings?state=active", SEC, NULL, NULL, &j, NULL);
    const char *id = st_fmt("%s", st_str(j, "value.0.id"));
    const char *path = st_fmt("/crm/meetings/%s", id);
    cJSON_Delete(j);
    is_int(st_req(s, "GET", path, SEC, NULL, NULL, &one, &r), 200, "GET one meeting");
    char etag[64], etag2[64];
    ok(lb_test_response_header(&r, "ETag", etag, sizeof etag) != NULL, "with an ETag header");
    is_str(st_str(one, "@odata.etag"), etag, "equal to @odata.etag");
    lb_test_response_done(&r);
    cJSON_Delete(one);
    is_int(
        st_status(s, "GET", "/crm/meetings/00000000-0000-0000-0000-000000000000", SEC, NULL, NULL),
        404, "unknown meeting: 404");

    const char *stale[] = {"If-Match: W/\"1\"", NULL};
    is_int(st_req(s, "PATCH", path, SEC, stale, "{\"statecode\":0,\"statuscode\":2}", &j, NULL),
           412, "PATCH with a stale If-Match: 412");
    is_str(st_code(j), "0x80060882", "the Dataverse code for a stale row version");
    cJSON_Delete(j);
    is_int(st_req(s, "PATCH", path, SEC, NULL, "{\"statecode\":1,\"statuscode\":1}", &j, NULL), 400,
           "statuscode 1 with statecode 1: 400");
    ok(strstr(st_str(j, "error.message"), "does not belong") != NULL, "the pair rule is named");
    cJSON_Delete(j);
    is_int(st_status(s, "PATCH", path, SEC, NULL, "{\"statecode\":1}"), 400,
           "statecode without statuscode: 400");
    is_int(st_status(s, "PATCH", path, SEC, NULL, "{}"), 400, "an empty PATCH: 400");
    is_int(st_status(s, "PATCH", path, "demo-helpdesk", NULL, "{\"statecode\":1,\"statuscode\":4}"),
           403, "the helpdesk may not change meetings");
    char im[80];
    snprintf(im, sizeof im, "If-Match: %s", etag);
    const char *h[] = {im, "Prefer: return=representation", NULL};
    is_int(st_req(s, "PATCH", path, SEC, h, "{\"statecode\":1,\"statuscode\":4}", &j, &r), 200,
           "deactivate with the right If-Match and return=representation");
    is_int((long long)st_num(j, "statecode", -1), 1, "now inactive");
    is_str(st_str(j, "statuscodeLabel"), "Definitief afgesloten", "with its label");
    ok(lb_test_response_header(&r, "ETag", etag2, sizeof etag2) && strcmp(etag, etag2) != 0,
       "and a new ETag");
    lb_test_response_done(&r);
    cJSON_Delete(j);
    is_int(st_status(s, "PATCH", path, SEC, h, "{\"statecode\":0,\"statuscode\":1}"), 412,
           "the old ETag is stale now");
    is_int(st_status(s, "PATCH", path, SEC, NULL,
                     "{\"davDossierId\":\"00000000-0000-4000-8000-000000000000\"}"),
           403, "davDossierId needs Archivering");
    is_int(st_status(s, "PATCH", path, ARCH, NULL,
                     "{\"davDossierId\":\"00000000-0000-4000-8000-000000000000\"}"),
           409, "and an existing, submitted DAV dossier");
    is_int(st_status(s, "DELETE", path, SEC, NULL, NULL), 403, "DELETE needs Archivering");
    is_int(st_status(s, "DELETE", path, ARCH, NULL, NULL), 409,
           "DELETE of an unarchived meeting: 409");

    /* Agenda items of a meeting, and agenda item / dossier records. */
    is_int(st_req(s, "GET", st_fmt("%s/agendaitems", path), SEC, NULL, NULL, &j, NULL), 200,
           "the meeting's agenda items");
    bool same = cJSON_GetArraySize(st_at(j, "value")) > 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, st_at(j, "value"))
    {
        if (strcmp(st_str(it, "meetingId"), id) != 0)
            same = false;
    }
    ok(same, "all of that meeting");
    const char *item = st_fmt("/crm/agendaitems/%s", st_str(j, "value.0.id"));
    is_int((long long)st_num(j, "value.0.number", 0), 1, "numbered from 1");
    cJSON_Delete(j);
    is_int(st_status(s, "GET", item, SEC, NULL, NULL), 200, "GET one agenda item");
    is_int(st_status(s, "PATCH", item, SEC, NULL, "{\"statecode\":1,\"statuscode\":3}"), 204,
           "agenda item to Behandeld: 204");
    is_int(st_status(s, "PATCH", item, SEC, NULL, "{\"statecode\":1,\"statuscode\":1}"), 400,
           "agenda item pair rule: 400");
    is_int(st_status(s, "GET", "/crm/meetings/00000000-0000-0000-0000-000000000000/agendaitems",
                     SEC, NULL, NULL),
           404, "agenda items of an unknown meeting: 404");
    st_req(s, "GET", "/crm/dossiers?state=active", SEC, NULL, NULL, &j, NULL);
    const char *dossier = st_fmt("/crm/dossiers/%s", st_str(j, "value.0.id"));
    cJSON_Delete(j);
    is_int(st_status(s, "PATCH", dossier, ARCH, NULL, "{\"statecode\":1,\"statuscode\":4}"), 204,
           "the archivist may close a dossier (Geannuleerd)");
    is_int(st_status(s, "PATCH", dossier, ARCH, NULL, "{\"statecode\":0,\"statuscode\":3}"), 400,
           "dossier pair rule: 400");
    is_int(st_status(s, "DELETE", dossier, ARCH, NULL, NULL), 409, "dossier not archived: 409");
    is_int(st_status(s, "PATCH", dossier, SEC, NULL, "{\"statecode\":1,\"statuscode\":3,\"x\":1}"),
           400, "unknown field in a PATCH: 400");
}

static void types(const lb_test_sim *s)
{
    cJSON *j = NULL;
    lb_test_response r;
    st_req(s, "POST", "/dav/series/list", ADMIN, NULL, "{}", &j, NULL);
    const char *serie = st_fmt("%s", st_str(j, "value.0.id"));
    cJSON_Delete(j);
    st_req(s, "GET", "/crm/meetingtypes", SEC, NULL, NULL, &j, NULL);
    const char *mt = st_fmt("/crm/meetingtypes/%s", st_str(j, "value.0.id"));
    const char *etag = st_fmt("If-Match: %s", st_str(j, "value.0.@odata.etag"));
    cJSON_Delete(j);
    const char *body = st_fmt("{\"davSeriesId\":\"%s\"}", serie);
    is_int(st_status(s, "PATCH", mt, SEC, NULL, body), 403, "the secretary may not set a series");
    is_int(st_status(s, "PATCH", mt, "demo-admin-archief", NULL, "{\"davSeriesId\":\"XYZ\"}"), 400,
           "a series id that is not 64 hex: 400");
    const char *stale[] = {"If-Match: W/\"999999\"", NULL};
    is_int(st_status(s, "PATCH", mt, ADMIN, stale, body), 412, "stale If-Match on a type: 412");
    const char *h[] = {etag, "Prefer: return=representation", NULL};
    is_int(st_req(s, "PATCH", mt, ADMIN, h, body, &j, &r), 200, "the admin sets the series");
    is_str(st_str(j, "davSeriesId"), serie, "the type has it");
    ok(st_str(j, "davSeriesName") != NULL, "and its name");
    lb_test_response_done(&r);
    cJSON_Delete(j);
    is_int(st_req(s, "PATCH", mt, ADMIN, NULL,
                  "{\"davSeriesId\":"
                  "\"eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee\"}",
                  &j, NULL),
           422, "an unknown series: 422");
    cJSON_Delete(j);
    is_int(st_status(s, "PATCH", mt, ADMIN, NULL, "{\"davSeriesId\":null}"), 204,
           "clearing the series: 204");
    st_req(s, "GET", "/crm/dossiertypes", SEC, NULL, NULL, &j, NULL);
    const char *dt = st_fmt("/crm/dossiertypes/%s", st_str(j, "value.0.id"));
    is_int(cJSON_GetArraySize(st_at(j, "value")), 5, "five dossier types");
    cJSON_Delete(j);
    is_int(st_status(s, "GET", dt, SEC, NULL, NULL), 200, "GET a dossier type");
    is_int(st_status(s, "PATCH", dt, ADMIN, NULL, body), 204, "the admin sets its series");
    is_int(st_status(s, "PATCH", "/crm/dossiertypes/00000000-0000-0000-0000-000000000000", ADMIN,
                     NULL, body),
           404, "unknown dossier type: 404");
}

static void documents(const lb_test_sim *s)
{
    cJSON *j = NULL;
    lb_test_response r;
    st_req(s, "GET", "/crm/meetings?state=inactive", SEC, NULL, NULL, &j, NULL);
    const char *mid = st_fmt("%s", st_str(j, "value.0.id"));
    long count = (long)st_num(j, "value.0.documentCount", -1);
    cJSON_Delete(j);
    is_int(st_req(s, "GET", st_fmt("/crm/documents?regardingType=meeting&regardingId=%s", mid), SEC,
                  NULL, NULL, &j, NULL),
           200, "documents of a meeting");
    is_int(cJSON_GetArraySize(st_at(j, "value")), count, "as many as documentCount says");
    const char *doc = st_fmt("/crm/documents/%s", st_str(j, "value.0.id"));
    const char *sha = st_fmt("%s", st_str(j, "value.0.sha256"));
    long size = (long)st_num(j, "value.0.size", -1);
    const char *mime = st_fmt("%s", st_str(j, "value.0.mimeType"));
    cJSON_Delete(j);
    is_int(st_status(s, "GET", doc, SEC, NULL, NULL), 200, "document metadata");
    is_int(st_req(s, "GET", st_fmt("%s/content", doc), SEC, NULL, NULL, NULL, &r), 200,
           "document content");
    is_int((long long)r.body_len, size, "as many bytes as size says");
    char ct[64];
    is_str(lb_test_response_header(&r, "Content-Type", ct, sizeof ct), mime,
           "Content-Type is the mimeType");
    ok(strncmp(r.body, "%PDF-", 5) == 0 || strstr(mime, "text/") != NULL,
       "real bytes (a PDF or text)");
    ok(strlen(sha) == 64, "sha256 is 64 hex digits");
    lb_test_response_done(&r);
    is_int(st_status(s, "DELETE", doc, ARCH, NULL, NULL), 409,
           "deleting a document of an unarchived meeting: 409");
    is_int(st_status(s, "GET", "/crm/documents?regardingType=vergadering", SEC, NULL, NULL), 400,
           "an unknown regardingType: 400");
    is_int(st_status(s, "GET", "/crm/documents/00000000-0000-0000-0000-000000000000/content", SEC,
                     NULL, NULL),
           404, "content of an unknown document: 404");
}

int main(void)
{
    lb_test_sim s;
    st_start(&s, NULL);
    paging(&s);
    filters(&s);
    records(&s);
    types(&s);
    documents(&s);
    st_stop(&s);
    return tap_done();
}
