/* test_records.c — typed records from JSON: every family, hostile pages,
 * paging annotations, dates, and the size and speed of a meeting page. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/records.h"
#include "tests/tap.h"

/* JSON written with ' for " to keep the fixtures readable; J() swaps them.
 * Returned strings are freed at exit. */
static char *fixtures[256];
static size_t nfixtures;

static const char *J(const char *s)
{
    char *d = strdup(s);
    if (!d || nfixtures == sizeof fixtures / sizeof fixtures[0])
        tap_bail("fixture storage");
    for (char *p = d; *p; p++)
        if (*p == '\'')
            *p = '"';
    fixtures[nfixtures++] = d;
    return d;
}

#define MEETING_FMT                                                                             \
    "{'id':'a1b2c3d4-e5f6-4a7b-8c9d-%012d','name':'CBS 2017%04d','typeId':"                     \
    "'6c1d8f3b-2e4a-4b7c-9d0e-1f2a3b4c5d6e','typeName':'College van burgemeester en "           \
    "schepenen','begin':'2017-06-12T08:00:00Z','end':'2017-06-12T11:30:00Z','location':"        \
    "'Raadzaal, Gemeenteplein 1, 1700 Dilbeek','statecode':1,'statuscode':4,'statuscodeLabel':" \
    "'Definitief afgesloten','ownerId':'8e0f2a3b-4c5d-4e6f-9a7b-8c9d0e1f2a3b','ownerName':"     \
    "'Secretariaat','ownerType':'team','agendaItemCount':14,'documentCount':37,"                \
    "'davDossierId':null,'archivedOn':null,'modifiedOn':'2017-06-20T14:02:11Z',"                \
    "'@odata.etag':'W/\\'5432101\\''}"

/* A page of N meetings with an optional nextLink; malloc'd. */
static char *meeting_page(int n, const char *next)
{
    size_t cap = (size_t)n * 700 + 256, len = 0;
    char *buf = malloc(cap);
    if (!buf)
        tap_bail("out of memory");
    len += (size_t)snprintf(buf + len, cap - len, "{\"value\":[");
    for (int i = 0; i < n; i++) {
        char one[800];
        snprintf(one, sizeof one, MEETING_FMT, i, i % 10000);
        for (char *p = one; *p; p++)
            if (*p == '\'')
                *p = '"';
        len += (size_t)snprintf(buf + len, cap - len, "%s%s", i ? "," : "", one);
    }
    len += (size_t)snprintf(buf + len, cap - len, "]");
    if (next)
        len += (size_t)snprintf(buf + len, cap - len, ",\"@odata.nextLink\":\"%s\"", next);
    snprintf(buf + len, cap - len, "}");
    return buf;
}

static lb_status meetings(const char *json, lb_page *page, lb_error *err)
{
    return lb_page_parse_meetings(json, strlen(json), page, err);
}

/* Expects JSON (a meetings page) to be refused with DETAIL_PART in the detail. */
static void bad_meetings(const char *json, const char *name, const char *detail_part)
{
    lb_page page;
    lb_page_init(&page);
    lb_error err = {0};
    lb_status st = meetings(json, &page, &err);
    is_str(lb_status_name(st), "LB_ERR_BAD_RESPONSE", "%s is refused", name);
    ok(strstr(err.detail, detail_part) != NULL, "%s: \"%s\" has \"%s\"", name, err.detail,
       detail_part);
    ok(page.count == 0 && page.kind == LB_REC_NONE, "%s: the page is left empty", name);
    lb_page_done(&page);
}

/* One meeting with FIELD's value text replaced by VALUE ("" drops it). */
static char *meeting_with(const char *field, const char *value)
{
    char one[1200];
    snprintf(one, sizeof one, MEETING_FMT, 1, 1);
    for (char *p = one; *p; p++)
        if (*p == '\'')
            *p = '"';
    char key[64];
    snprintf(key, sizeof key, "\"%s\":", field);
    char *at = strstr(one, key);
    if (!at)
        tap_bail("no field %s", field);
    char *vend = at + strlen(key);
    /* The value ends at the next ',"' or the closing '}'. */
    char *stop = strstr(vend, ",\"");
    if (!stop)
        stop = one + strlen(one) - 1;
    char out[1400];
    if (*value)
        snprintf(out, sizeof out, "{\"value\":[%.*s%s%s]}", (int)(vend - one), one, value, stop);
    else /* drop "key":value, */
        snprintf(out, sizeof out, "{\"value\":[%.*s%s]}", (int)(at - one), one,
                 *stop == ',' ? stop + 1 : stop);
    return strdup(out);
}

static void test_times(void)
{
    lb_time t = 0;
    ok(lb_time_parse_datetime("2017-06-12T08:00:00Z", &t), "ISO date-time parses");
    is_int(t, 1497254400, "2017-06-12T08:00:00Z is 1497254400");
    ok(lb_time_parse_datetime("1970-01-01T00:00:00Z", &t) && t == 0, "the epoch is 0");
    ok(lb_time_parse_datetime("2024-02-29T23:59:59.123Z", &t) && t == 1709251199,
       "a leap day with a fraction parses, fraction dropped");
    ok(lb_time_parse_datetime("1900-03-01T00:00:00Z", &t) && t == -2203891200LL,
       "dates before 1970 are negative");
    ok(lb_time_parse_datetime("9999-12-31T23:59:59Z", &t), "year 9999 parses (64-bit time)");
    static const char *const bad[] = {
        "2023-02-29T00:00:00Z",
        "1900-02-29T00:00:00Z",
        "2017-13-01T00:00:00Z",
        "2017-06-31T00:00:00Z",
        "2017-06-12T24:00:00Z",
        "2017-06-12T08:60:00Z",
        "2017-06-12T08:00:60Z",
        "2017-06-12 08:00:00Z",
        "2017-06-12T08:00:00",
        "2017-06-12T08:00:00+02:00",
        "2017-06-12T08:00:00Zx",
        "2017-06-12T08:00:00.Z",
        "0000-01-01T00:00:00Z",
        "garbage",
        "",
        "2017-6-12T08:00:00Z",
        "+017-06-12T08:00:00Z",
        "2017-06-12T08:00:00.1234567890Z",
    };
    int refused = 0;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        t = 42;
        bool got = lb_time_parse_datetime(bad[i], &t);
        if (!got && t == 42)
            refused++;
        else
            tap_diag("accepted: \"%s\"", bad[i]);
    }
    is_int(refused, (long long)(sizeof bad / sizeof bad[0]),
           "every malformed date-time is refused and leaves *out alone");
    ok(lb_time_parse_date("2017-06-12", &t) && t == 1497225600, "a DAV date is midnight UTC");
    ok(!lb_time_parse_date("2017-06-12T00:00:00Z", &t), "a date-time is not a DAV date");
    ok(!lb_time_parse_date("2017-02-30", &t), "30 February is refused");
}

static void test_whoami(void)
{
    lb_arena a;
    lb_arena_init(&a, 0);
    lb_error err = {0};
    lb_whoami who;
    const char *json =
        J("{'userId':'0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d','fullName':'Chlo\xc3\xa9 Dubois',"
          "'login':'chloe@dilbeek.example','bestuur':{'id':'11111111-2222-4333-8444-555555555555',"
          "'name':'Gemeente Dilbeek'},'roles':[{'name':'LB365 \xe2\x80\x93 Secretariaat','via':"
          "'user'},{'name':'LB365 \xe2\x80\x93 Archivering','via':'team','teamName':'Archief'}],"
          "'teams':[{'id':'22222222-3333-4444-8555-666666666666','name':'Archief'}],"
          "'futureField':{'x':[1,2,3]}}");
    is_int(lb_whoami_parse(json, strlen(json), &a, &who, &err), LB_OK, "whoami parses");
    is_str(who.full_name, "Chlo\xc3\xa9 Dubois", "full name with UTF-8");
    is_str(who.bestuur.name, "Gemeente Dilbeek", "bestuur name");
    is_int((long long)who.role_count, 2, "two roles");
    is_str(who.roles[1].team_name, "Archief", "a team role names its team");
    ok(who.roles[0].team_name == NULL, "a direct role has no team");
    is_int((long long)who.team_count, 1, "one team");
    ok(lb_whoami_has_role(&who, "LB365 \xe2\x80\x93 Archivering"),
       "has_role finds a role held through a team (en dash U+2013)");
    ok(!lb_whoami_has_role(&who, "LB365 - Archivering"), "a hyphen-minus is not the en dash");
    ok(!lb_whoami_has_role(&who, "lb365 \xe2\x80\x93 archivering"), "comparison is exact");
    ok(!lb_whoami_has_role(&who, "LB365 \xe2\x80\x93 Archivering "), "no trailing-space match");
    ok(!lb_whoami_has_role(&who, "Systeembeheerder"), "a role not held is not found");

    const char *badvia = J("{'userId':'0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d','fullName':'x',"
                           "'login':'x','bestuur':{'id':'11111111-2222-4333-8444-555555555555',"
                           "'name':'x'},'roles':[{'name':'r','via':'group'}],'teams':[]}");
    is_int(lb_whoami_parse(badvia, strlen(badvia), &a, &who, &err), LB_ERR_BAD_RESPONSE,
           "an unknown 'via' is refused");
    is_str(err.detail, "whoami.roles[0]: via is neither \"user\" nor \"team\"",
           "the detail gives the path");
    const char *noteam = J("{'userId':'0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d','fullName':'x',"
                           "'login':'x','bestuur':{'id':'11111111-2222-4333-8444-555555555555',"
                           "'name':'x'},'roles':[{'name':'r','via':'team'}],'teams':[]}");
    is_int(lb_whoami_parse(noteam, strlen(noteam), &a, &who, &err), LB_ERR_BAD_RESPONSE,
           "a team role without teamName is refused");
    const char *badid = J("{'userId':'0B1C2D3E-4F50-4A6B-8C7D-9E0F1A2B3C4D','fullName':'x',"
                          "'login':'x','bestuur':{'id':'11111111-2222-4333-8444-555555555555',"
                          "'name':'x'},'roles':[],'teams':[]}");
    is_int(lb_whoami_parse(badid, strlen(badid), &a, &who, &err), LB_ERR_BAD_RESPONSE,
           "an uppercase GUID is refused (the contract says lowercase)");
    is_str(err.detail, "whoami.userId: is not a lowercase GUID", "and named");
    lb_arena_done(&a);
}

static void test_meeting_pages(void)
{
    lb_page page;
    lb_page_init(&page);
    lb_error err = {0};

    char *two = meeting_page(2, "/crm/meetings?$skiptoken=eyJrIjpbMywiYjJjMyJdfQ");
    is_int(meetings(two, &page, &err), LB_OK, "a page of two meetings parses");
    const lb_meeting *m = lb_page_meetings(&page);
    is_int((long long)page.count, 2, "count is 2");
    ok(m != NULL, "the meetings accessor gives the records");
    ok(lb_page_dossiers(&page) == NULL, "another kind's accessor gives NULL");
    is_str(m[1].id, "a1b2c3d4-e5f6-4a7b-8c9d-000000000001", "ids stay strings");
    is_str(m[0].location, "Raadzaal, Gemeenteplein 1, 1700 Dilbeek", "strings are copied");
    is_int(m[0].begin, 1497254400, "begin is a time");
    is_int(m[0].archived_on, LB_TIME_NULL, "archivedOn null is LB_TIME_NULL");
    ok(m[0].dav_dossier_id == NULL, "davDossierId null is NULL");
    is_int(m[0].statuscode, 4, "statuscode");
    is_int(m[0].agenda_item_count, 14, "agendaItemCount");
    is_str(m[0].etag, "W/\"5432101\"", "the ETag keeps its quotes");
    is_str(page.next_link, "/crm/meetings?$skiptoken=eyJrIjpbMywiYjJjMyJdfQ",
           "nextLink is kept unchanged");
    is_int(page.total, -1, "no @odata.count: total is -1");
    free(two);

    char *last = meeting_page(1, NULL);
    is_int(meetings(last, &page, &err), LB_OK, "the last page parses into the same lb_page");
    ok(page.next_link == NULL, "nextLink absent: NULL (the last page)");
    is_int((long long)page.count, 1, "the page was replaced, not appended");
    free(last);

    is_int(meetings(J("{'value':[],'@odata.count':0}"), &page, &err), LB_OK,
           "an empty page parses");
    is_int((long long)page.count, 0, "with 0 records");
    is_int(page.total, 0, "and @odata.count 0 (not -1)");
    is_int(meetings(J("{'@odata.count':5000,'@Microsoft.Dynamics.CRM."
                      "totalrecordcountlimitexceeded':true,'value':[]}"),
                    &page, &err),
           LB_OK, "a capped count parses");
    ok(page.total == 5000 && page.total_capped, "total 5000 and capped");
    lb_page_done(&page);

    /* Hostile pages. */
    bad_meetings(J("{'value':[]} x"), "trailing garbage after a page", "trailing data");
    bad_meetings(J("[]"), "an array instead of a page", "expected an object");
    bad_meetings(J("{'value':{}}"), "value as an object", "value: has JSON type object");
    bad_meetings(J("{'nextLink':'/x'}"), "a page without value", "value: is missing");
    bad_meetings(J("{'value':[],'value':[]}"), "a duplicate value key", "value: appears twice");
    bad_meetings(J("{'value':[1]}"), "a number as a record", "value[0]: has JSON type number");
    bad_meetings(J("{'value':[],'@odata.nextLink':'https://evil.example/steal'}"),
                 "a nextLink to another host", "@odata.nextLink: is not a root-relative URL");
    bad_meetings(J("{'value':[],'@odata.nextLink':'//evil.example/steal'}"),
                 "a protocol-relative nextLink", "is not a root-relative URL");
    bad_meetings(J("{'value':[],'@odata.nextLink':'/crm/meetings?a=b\\r\\nX-Evil: 1'}"),
                 "a nextLink with CR LF", "is not a root-relative URL");
    bad_meetings(J("{'value':[],'@odata.count':-1}"), "a negative count", "@odata.count");

    char *s;
    s = meeting_with("typeName", "");
    bad_meetings(s, "a meeting without typeName", "value[0].typeName: is missing");
    free(s);
    s = meeting_with("statecode", "\"1\"");
    bad_meetings(s, "statecode as a string", "value[0].statecode: has JSON type string");
    free(s);
    s = meeting_with("statecode", "7");
    bad_meetings(s, "statecode 7", "value[0].statecode: is out of range");
    free(s);
    s = meeting_with("agendaItemCount", "1e400");
    bad_meetings(s, "a count of 1e400", "agendaItemCount: is out of range");
    free(s);
    s = meeting_with("documentCount", "2.5");
    bad_meetings(s, "a fractional count", "documentCount: is out of range or fractional");
    free(s);
    s = meeting_with("id", "12345678901234567890");
    bad_meetings(s, "a huge number as id", "value[0].id: has JSON type number");
    free(s);
    s = meeting_with("id", "\"../../crm/whoami\"");
    bad_meetings(s, "a path as id", "value[0].id: is not a lowercase GUID");
    free(s);
    s = meeting_with("name", "null");
    bad_meetings(s, "null for a required string", "value[0].name: has JSON type null");
    free(s);
    s = meeting_with("begin", "\"2017-02-30T08:00:00Z\"");
    bad_meetings(s, "30 February", "value[0].begin: is not a UTC date-time");
    free(s);
    s = meeting_with("begin", "\"gisteren\"");
    bad_meetings(s, "a date in words", "value[0].begin: is not a UTC date-time");
    free(s);
    s = meeting_with("modifiedOn", "null");
    bad_meetings(s, "null for a required date", "value[0].modifiedOn: has JSON type null");
    free(s);
    s = meeting_with("@odata.etag", "\"5432101\"");
    bad_meetings(s, "an ETag without W/", "is not a weak ETag");
    free(s);
    s = meeting_with("name", "\"CBS\",\"name\":\"other\"");
    bad_meetings(s, "a duplicate key inside a record", "value[0].name: appears twice");
    free(s);
    s = meeting_with("name", "\"CBS\",\"Name\":\"other\",\"unknownField\":[{\"deep\":true}]");
    is_int(meetings(s, &page, &err), LB_OK, "unknown fields (and other cases) are ignored");
    is_str(lb_page_meetings(&page)[0].name, "CBS", "and the exact-case key wins");
    free(s);
    s = meeting_with("name", "\"\\u0000x\"");
    bad_meetings(s, "a \\u0000 in a name", "\\u0000 escape");
    free(s);
    lb_page_done(&page);

    /* More records than the contract allows in a page: refused before parsing them. */
    size_t cap = 3 * (LB_PAGE_MAX_RECORDS + 1) + 32;
    char *many = malloc(cap);
    size_t len = (size_t)snprintf(many, cap, "{\"value\":[");
    for (int i = 0; i <= LB_PAGE_MAX_RECORDS; i++)
        len += (size_t)snprintf(many + len, cap - len, "%s{}", i ? "," : "");
    snprintf(many + len, cap - len, "]}");
    bad_meetings(many, "a page of 5001 records", "value: has too many elements");
    free(many);
}

/* Shared values (labels, type names) are stored once per page. */
static void test_shared_strings(void)
{
    lb_page page;
    lb_page_init(&page);
    lb_error err = {0};
    char *two = meeting_page(2, NULL);
    is_int(meetings(two, &page, &err), LB_OK, "two meetings parse");
    const lb_meeting *m = lb_page_meetings(&page);
    ok(m[0].type_name == m[1].type_name, "an equal typeName is stored once");
    ok(m[0].id != m[1].id, "ids are never shared");
    free(two);

    /* 1,000 labels with 300 distinct values, "L1" next to "L10" and "L100":
     * the table grows several times and never mixes up prefixes. */
    size_t cap = 1000 * 64 + 32, len = 0;
    char *json = malloc(cap);
    len += (size_t)snprintf(json, cap, "{\"value\":[");
    for (int i = 0; i < 1000; i++)
        len += (size_t)snprintf(json + len, cap - len,
                                "%s{\"statecode\":0,\"statuscode\":%d,\"label\":\"L%d\"}",
                                i ? "," : "", i, i % 300);
    snprintf(json + len, cap - len, "]}");
    is_int(lb_page_parse_status_codes(json, strlen(json), &page, &err), LB_OK,
           "1,000 status codes parse");
    const lb_status_code *sc = lb_page_status_codes(&page);
    int right = 0, shared = 0;
    for (int i = 0; i < 1000; i++) {
        char want[16];
        snprintf(want, sizeof want, "L%d", i % 300);
        right += strcmp(sc[i].label, want) == 0;
        shared += i >= 300 && sc[i].label == sc[i - 300].label;
    }
    is_int(right, 1000, "every label keeps its own value");
    is_int(shared, 700, "repeats point at the first copy");
    free(json);
    lb_page_done(&page);
}

static void test_page_size_and_speed(void)
{
    char *json = meeting_page(LB_PAGE_MAX_RECORDS, "/crm/meetings?$skiptoken=abc");
    size_t json_len = strlen(json);
    lb_page page;
    lb_page_init(&page);
    lb_error err = {0};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    lb_status st = lb_page_parse_meetings(json, json_len, &page, &err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    is_int(st, LB_OK, "a page of %d meetings parses", LB_PAGE_MAX_RECORDS);
    is_int((long long)page.count, LB_PAGE_MAX_RECORDS, "all of them");
    const lb_meeting *m = lb_page_meetings(&page);
    is_str(m[4999].name, "CBS 20174999", "the last one is intact");
    double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    tap_diag("parse time for %d meetings (%zu bytes of JSON): %.1f ms", LB_PAGE_MAX_RECORDS,
             json_len, ms);
    /* The structs sit in the arena too, so used/count is struct + strings.
     * Type, owner, status label and location repeat here as in real pages;
     * id, name and ETag differ per meeting. */
    double per = (double)page.arena.used / (double)page.count;
    double per_reserved = (double)page.arena.reserved / (double)page.count;
    tap_diag("bytes per meeting: %.0f used (sizeof(lb_meeting) = %zu + %.0f of strings), "
             "%.0f reserved; JSON: %.0f",
             per, sizeof(lb_meeting), per - (double)sizeof(lb_meeting), per_reserved,
             (double)json_len / (double)page.count);
    ok(per < (double)json_len / (double)page.count, "a parsed meeting is smaller than its JSON");
    lb_page_done(&page);
    free(json);
}

static void test_crm_types_and_documents(void)
{
    lb_page page;
    lb_page_init(&page);
    lb_error err = {0};
    const char *mt =
        J("{'value':[{'id':'6c1d8f3b-2e4a-4b7c-9d0e-1f2a3b4c5d6e','name':'College van burgemeester "
          "en schepenen','abbreviation':'CBS','parentTypeId':null,'sortOrder':'Per dienst en "
          "alfabetisch','defaultToDiscuss':false,'agendaItemType':'Uitgebreid',"
          "'followReporterScreen':true,'ownerId':'8e0f2a3b-4c5d-4e6f-9a7b-8c9d0e1f2a3b',"
          "'ownerName':'Secretariaat','ownerType':'team','davSeriesId':"
          "'3e7a1c9d5b2f4e6a8c0d2e4f6a8b0c1d3e5f7a9b1c3d5e7f9a0b2c4d6e8f0a12','davSeriesName':"
          "'Notulen en besluiten van het college','publishPortal':true,'publishComposition':false,"
          "'publishAgendaAndMinutes':true,'description':null,'modifiedOn':'2024-02-05T09:14:02Z',"
          "'@odata.etag':'W/\\'4410031\\''}]}");
    is_int(lb_page_parse_meeting_types(mt, strlen(mt), &page, &err), LB_OK,
           "a meeting type page parses");
    const lb_meeting_type *t = lb_page_meeting_types(&page);
    ok(t && t[0].follow_reporter_screen && !t[0].default_to_discuss && t[0].publish_portal,
       "booleans are read");
    ok(t && t[0].parent_type_id == NULL && t[0].description == NULL, "nulls are NULL");
    is_str(t ? t[0].dav_series_id : NULL,
           "3e7a1c9d5b2f4e6a8c0d2e4f6a8b0c1d3e5f7a9b1c3d5e7f9a0b2c4d6e8f0a12",
           "a DAV series id is 64 hex digits");

    const char *dt = J("{'value':[{'id':'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f','name':'Evenement',"
                       "'formName':'Evenementenloket - Evenementenformulier','department':'Dienst "
                       "Economie','davSeriesId':'3E7A','davSeriesName':null,'modifiedOn':"
                       "'2023-11-20T13:40:00Z','@odata.etag':'W/\\'3990412\\''}]}");
    is_int(lb_page_parse_dossier_types(dt, strlen(dt), &page, &err), LB_ERR_BAD_RESPONSE,
           "a malformed DAV series id on a dossier type is refused");
    is_str(err.detail, "value[0].davSeriesId: is not 64 lowercase hex digits", "and named");

    const char *sc = J("{'value':[{'statecode':0,'statuscode':1,'label':'In verwerking'},"
                       "{'statecode':1,'statuscode':4,'label':'Definitief afgesloten'}]}");
    is_int(lb_page_parse_status_codes(sc, strlen(sc), &page, &err), LB_OK,
           "a status code list parses");
    ok(page.count == 2 && lb_page_status_codes(&page)[1].statuscode == 4, "with its values");

    const char *ai = J("{'value':[{'id':'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e','meetingId':"
                       "'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d','meetingName':'CBS 20170612',"
                       "'number':3,'title':'Evenementenvergunning Fuif Thomas - goedkeuring',"
                       "'department':'Dienst Economie','statecode':1,'statuscode':3,"
                       "'statuscodeLabel':'Behandeld','documentCount':2,'davDossierId':null,"
                       "'archivedOn':null,'modifiedOn':'2017-06-13T07:45:10Z','@odata.etag':"
                       "'W/\\'5432233\\''}],'@odata.nextLink':'/crm/meetings/a1b2c3d4-e5f6-4a7b-"
                       "8c9d-0e1f2a3b4c5d/agendaitems?$skiptoken=eyJrIjpbMywiYjJjMyJdfQ'}");
    is_int(lb_page_parse_agenda_items(ai, strlen(ai), &page, &err), LB_OK,
           "an agenda item page parses");
    ok(page.count == 1 && lb_page_agenda_items(&page)[0].number == 3 && page.next_link,
       "number and nextLink");

    const char *ds =
        J("{'value':[{'id':'d4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f70','number':'EV-2021-0414','name':"
          "'Fuif Thomas','typeId':'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f','typeName':'Evenement',"
          "'department':'Dienst Economie','stageCode':50,'stageLabel':'50 Afgerond','statecode':1,"
          "'statuscode':3,'statuscodeLabel':'Afgehandeld','customerName':'Thomas Wouters',"
          "'customerType':'burger','openedOn':'2021-04-14T09:20:00Z','closedOn':"
          "'2021-06-02T15:00:00Z','documentCount':6,'davDossierId':"
          "'17c4e2d9-5a3b-4f8e-a1d2-9c0b8e7f6a54','archivedOn':'2021-07-01T10:00:00Z','modifiedOn':"
          "'2021-06-02T15:00:03Z','@odata.etag':'W/\\'2210077\\''}]}");
    is_int(lb_page_parse_dossiers(ds, strlen(ds), &page, &err), LB_OK, "a dossier page parses");
    const lb_dossier *d = lb_page_dossiers(&page);
    ok(d && d[0].stage_code == 50 && d[0].closed_on != LB_TIME_NULL && d[0].dav_dossier_id,
       "stage, closedOn and davDossierId");

    const char *doc = J("{'value':[{'id':'e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7081','name':'Notulen "
                        "CBS 20170612.pdf','mimeType':'application/pdf','size':183422,'sha256':"
                        "'ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb',"
                        "'createdOn':'2017-06-12T12:10:00Z','regardingType':'meeting',"
                        "'regardingId':'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d','@odata.etag':"
                        "'W/\\'5432150\\''}]}");
    is_int(lb_page_parse_documents(doc, strlen(doc), &page, &err), LB_OK, "a document page parses");
    ok(page.count == 1 && lb_page_documents(&page)[0].size == 183422, "size");
    lb_page_done(&page);
}

#define MELDING_HEAD                                                                              \
    "{'id':'f6a7b8c9-d0e1-4f2a-9b3c-4d5e6f708192','nummer':'M-2024-001234','titel':'Sluikstort "  \
    "aan glasbol','samenvatting':null,'meldingstypes':[{'code':'SLUIK-GLAS','label':'Sluikstort " \
    "aan glasbol'}],'beschrijving':'Vijf zakken huisvuil.','geometrie':'POINT(4.7009 50.8798)',"  \
    "'adres':'Bondgenotenlaan 1, 3000 Leuven','kanaal':'mijnburgerprofiel','doorgestuurdNaar':"   \
    "{'systeem':'Topdesk','referentie':'TD-88412'},'status':{'code':'INBEH','label':'In "         \
    "behandeling'},'statusGeschiedenis':[{'status':{'code':'ONTV','label':'Ontvangen'},'datum':"  \
    "'2024-05-14T07:32:10Z','actor':'Mijn Burgerprofiel','beschrijving':null},{'status':{'code':" \
    "'INBEH','label':'In behandeling'},'datum':'2024-05-14T09:01:55Z','actor':'Fatima El "        \
    "Amrani','beschrijving':'Doorgestuurd naar de Groendienst.'}],"
#define MELDING_TAIL                                                                              \
    "'behandelaar':null,'webpagina':null,'ontvangenOp':'2024-05-14T07:32:10Z','bijlagen':[{'id':" \
    "'0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3','naam':'sluikstort.jpg','mimeType':'image/jpeg',"     \
    "'grootte':482113}],'@odata.etag':'W/\\'912004\\''}"

static void test_meldingen(void)
{
    lb_arena a;
    lb_arena_init(&a, 0);
    lb_error err = {0};
    lb_melding m;

    const char *visible =
        J(MELDING_HEAD "'indiener':{'type':'burger','naam':'Jan Devos','email':"
                       "'jan.devos@example.com','telefoon':'+32 470 12 34 56'}," MELDING_TAIL);
    is_int(lb_melding_parse(visible, strlen(visible), &a, &m, &err), LB_OK,
           "a melding with contact details parses");
    ok(!m.indiener.verborgen, "the indiener is visible");
    is_str(m.indiener.email, "jan.devos@example.com", "with an e-mail address");
    is_int((long long)m.geschiedenis_count, 2, "two status events");
    is_str(m.geschiedenis[1].actor, "Fatima El Amrani", "in order");
    ok(m.geschiedenis[0].beschrijving == NULL, "a null beschrijving is NULL");
    is_int((long long)m.bijlage_count, 1, "one bijlage");
    is_int(m.bijlagen[0].grootte, 482113, "with its size");
    ok(m.doorgestuurd_naar && strcmp(m.doorgestuurd_naar->systeem, "Topdesk") == 0,
       "doorgestuurdNaar is an object");
    ok(m.behandelaar == NULL, "behandelaar null is NULL");
    is_int((long long)m.meldingstype_count, 1, "one meldingstype");

    const char *hidden =
        J(MELDING_HEAD "'indiener':{'type':'burger','verborgen':true}," MELDING_TAIL);
    is_int(lb_melding_parse(hidden, strlen(hidden), &a, &m, &err), LB_OK,
           "a melding with a hidden indiener parses");
    ok(m.indiener.verborgen, "verborgen is set");
    ok(!m.indiener.naam && !m.indiener.email && !m.indiener.telefoon, "no contact fields");

    const char *leak = J(MELDING_HEAD "'indiener':{'type':'burger','verborgen':true,'email':"
                                      "'jan@example.com'}," MELDING_TAIL);
    is_int(lb_melding_parse(leak, strlen(leak), &a, &m, &err), LB_ERR_BAD_RESPONSE,
           "hidden yet with contact fields is refused");
    is_str(err.detail, "melding.indiener: is hidden (verborgen) but carries contact fields",
           "and explained");
    const char *nobody = J(MELDING_HEAD "'indiener':{'type':'burger'}," MELDING_TAIL);
    is_int(lb_melding_parse(nobody, strlen(nobody), &a, &m, &err), LB_ERR_BAD_RESPONSE,
           "an indiener with neither naam nor verborgen is refused");
    const char *badhist =
        J(MELDING_HEAD "'indiener':{'type':'burger','verborgen':true}," MELDING_TAIL);
    char *broken = strdup(badhist);
    char *at = strstr(broken, "2024-05-14T09:01:55Z");
    at[5] = '1';
    at[6] = '3';
    is_int(lb_melding_parse(broken, strlen(broken), &a, &m, &err), LB_ERR_BAD_RESPONSE,
           "month 13 in the history is refused");
    is_str(err.detail,
           "melding.statusGeschiedenis[1].datum: is not a UTC date-time like "
           "2017-06-12T08:00:00Z",
           "the detail names the nested path");
    free(broken);

    lb_page page;
    lb_page_init(&page);
    const char *sum =
        J("{'value':[{'id':'f6a7b8c9-d0e1-4f2a-9b3c-4d5e6f708192','nummer':'M-2024-001234',"
          "'titel':'Sluikstort','ontvangenOp':'2024-05-14T07:32:10Z','categorie':{'code':'SLUIK',"
          "'label':'Sluikstort'},'status':{'code':'INBEH','label':'In behandeling'},'adres':null,"
          "'kanaal':'website','doorgestuurdNaar':null,'@odata.etag':'W/\\'1\\''}]}");
    is_int(lb_page_parse_melding_summaries(sum, strlen(sum), &page, &err), LB_OK,
           "a melding list page parses");
    const lb_melding_summary *ms = lb_page_melding_summaries(&page);
    ok(ms && ms[0].doorgestuurd_naar == NULL && ms[0].adres == NULL, "nulls");
    is_str(ms ? ms[0].categorie.label : NULL, "Sluikstort", "nested categorie");
    lb_page_done(&page);

    lb_melding_config cfg;
    const char *conf =
        J("{'categorieen':[{'code':'SLUIK','label':'Sluikstort','subcategorieen':[{'code':"
          "'SLUIK-GLAS','label':'Aan glasbol'}]}],'velden':[{'naam':'titel','verplicht':true,"
          "'maxLengte':200},{'naam':'adres','verplicht':false}],'bijlagen':{'toegelatenTypes':"
          "['image/jpeg','image/png','application/pdf','text/plain'],'maxGrootte':10485760,"
          "'maxAantal':5},'kanalen':['mijnburgerprofiel','website','telefoon']}");
    is_int(lb_melding_config_parse(conf, strlen(conf), &a, &cfg, &err), LB_OK,
           "the melding configuration parses");
    ok(cfg.categorie_count == 1 && cfg.categorieen[0].sub_count == 1, "categories");
    ok(cfg.veld_count == 2 && cfg.velden[0].max_lengte == 200 && cfg.velden[1].max_lengte == 0,
       "fields, maxLengte optional");
    ok(cfg.bijlagen.toegelaten_type_count == 4 && cfg.bijlagen.max_grootte == 10485760,
       "attachment rules");
    is_str(cfg.bijlagen.toegelaten_types[2], "application/pdf", "a string array");
    ok(cfg.kanaal_count == 3, "channels");
    const char *conf2 = J("{'categorieen':[],'velden':[],'bijlagen':{'toegelatenTypes':[1],"
                          "'maxGrootte':1,'maxAantal':1},'kanalen':[]}");
    is_int(lb_melding_config_parse(conf2, strlen(conf2), &a, &cfg, &err), LB_ERR_BAD_RESPONSE,
           "a number in a string array is refused");
    is_str(err.detail,
           "melding configuration.bijlagen.toegelatenTypes[0]: has JSON type number, expected a "
           "string",
           "with the path");
    lb_arena_done(&a);
}

static void test_dav(void)
{
    lb_arena a;
    lb_arena_init(&a, 0);
    lb_error err = {0};
    lb_page page;
    lb_page_init(&page);

    const char *series =
        J("{'value':[{'id':'3e7a1c9d5b2f4e6a8c0d2e4f6a8b0c1d3e5f7a9b1c3d5e7f9a0b2c4d6e8f0a12',"
          "'naam':'Notulen en besluiten van het college','status':'Published','geldigVan':"
          "'2010-01-01','geldigTot':null,'archiefvormer':{'code':'OVO02053','naam':'Gemeente "
          "Dilbeek'},'bewaargever':'Gemeente Dilbeek'}]}");
    is_int(lb_page_parse_dav_series(series, strlen(series), &page, &err), LB_OK,
           "a DAV series list parses");
    const lb_dav_serie *s = lb_page_dav_series(&page);
    ok(s && s[0].geldig_van == 1262304000 && s[0].geldig_tot == LB_TIME_NULL,
       "DAV dates (YYYY-MM-DD) and a null end");
    is_str(s ? s[0].archiefvormer.code : NULL, "OVO02053", "archiefvormer");

    const char *ext = J("{'value':[{'naam':'Dossier - Vergaderorgaan','niveau':'dossier',"
                        "'verplicht':true,'type':'tekst'}]}");
    is_int(lb_page_parse_dav_extensions(ext, strlen(ext), &page, &err), LB_OK,
           "DAV extensions parse");
    ok(page.count == 1 && lb_page_dav_extensions(&page)[0].verplicht, "verplicht");
    lb_page_done(&page);

    lb_dav_dossier d;
    const char *dos = J(
        "{'id':'17c4e2d9-5a3b-4f8e-a1d2-9c0b8e7f6a54','serieId':"
        "'3e7a1c9d5b2f4e6a8c0d2e4f6a8b0c1d3e5f7a9b1c3d5e7f9a0b2c4d6e8f0a12','naam':'CBS 20170612',"
        "'beschrijving':null,'openingsdatum':'2017-06-12','sluitingsdatum':null,'bronId':"
        "'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d','bronType':'meeting','extensies':[{'naam':"
        "'Dossier - Vergaderorgaan','waarde':'CBS'}],'status':'Concept','documentIds':["
        "'e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7081'],'relaties':[],'aangemaaktOp':"
        "'2024-06-01T10:00:00Z','ingediendOp':null}");
    is_int(lb_dav_dossier_parse(dos, strlen(dos), &a, &d, &err), LB_OK, "a DAV dossier parses");
    ok(d.extensie_count == 1 && d.document_id_count == 1 && d.relatie_count == 0 &&
           d.relaties == NULL,
       "arrays, an empty one is NULL with count 0");
    ok(d.sluitingsdatum == LB_TIME_NULL && d.ingediend_op == LB_TIME_NULL, "null dates");
    char *baddoc = strdup(dos);
    strstr(baddoc, "e5f6a7b8-c9d0")[0] = 'X';
    is_int(lb_dav_dossier_parse(baddoc, strlen(baddoc), &a, &d, &err), LB_ERR_BAD_RESPONSE,
           "a malformed document id is refused");
    is_str(err.detail, "DAV dossier.documentIds[0]: is not a lowercase GUID", "and named");
    free(baddoc);

    lb_dav_document doc;
    const char *dd = J("{'id':'e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7081','dossierId':"
                       "'17c4e2d9-5a3b-4f8e-a1d2-9c0b8e7f6a54','naam':'Notulen','creatiedatum':"
                       "'2017-06-12','bronId':'e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7081','mimeType':"
                       "'application/pdf','grootte':183422,'sha256':"
                       "'ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb',"
                       "'status':'Concept'}");
    is_int(lb_dav_document_parse(dd, strlen(dd), &a, &doc, &err), LB_OK, "a DAV document parses");
    is_int(doc.grootte, 183422, "grootte");

    lb_validation_result v;
    const char *val = J("{'geldig':false,'problemen':[{'veld':'Dossier - Vergaderorgaan',"
                        "'waarde':null,'reden':'Verplichte extensie ontbreekt'}]}");
    is_int(lb_validation_result_parse(val, strlen(val), &a, &v, &err), LB_OK,
           "a validation result parses");
    ok(!v.geldig && v.probleem_count == 1 && v.problemen[0].waarde == NULL, "with a problem");
    const char *val2 = J("{'geldig':'false','problemen':[]}");
    is_int(lb_validation_result_parse(val2, strlen(val2), &a, &v, &err), LB_ERR_BAD_RESPONSE,
           "\"false\" as a string is not a boolean");
    lb_attachment att;
    const char *up = J("{'id':'0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3','naam':'x.jpg','mimeType':"
                       "'image/jpeg','grootte':-1}");
    is_int(lb_attachment_parse(up, strlen(up), &a, &att, &err), LB_ERR_BAD_RESPONSE,
           "a negative size is refused");
    lb_arena_done(&a);
}

int main(void)
{
    test_times();
    test_whoami();
    test_meeting_pages();
    test_crm_types_and_documents();
    test_meldingen();
    test_dav();
    test_shared_strings();
    test_page_size_and_speed();
    for (size_t i = 0; i < nfixtures; i++)
        free(fixtures[i]);
    return tap_done();
}
