/* test_sim_dav.c — lbbus-sim DAV: series, the archive lifecycle of a
 * meeting (create idempotently, validate, fix, submit, mark archived,
 * delete), every validation rule, documents, relations, and the ledger
 * (over HTTP and `lbbus-sim ledger --db`). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/sim/simtest.h"
#include "tests/tap.h"

#define ARCH "demo-archivaris"
#define SEC  "demo-secretaris"

static char gr_serie[65], av_serie[65];

static void series(const lb_test_sim *s)
{
    cJSON *j = NULL;
    is_int(st_req(s, "POST", "/dav/series/list", "demo-admin", NULL, "{}", &j, NULL), 200,
           "series list (any authenticated user)");
    const cJSON *it;
    cJSON_ArrayForEach(it, st_at(j, "value"))
    {
        const char *naam = st_str(it, "naam");
        if (strcmp(naam, "Notulen en besluiten van de gemeenteraad") == 0)
            snprintf(gr_serie, sizeof gr_serie, "%s", st_str(it, "id"));
        if (strcmp(naam, "Verslagen van de algemene vergadering") == 0)
            snprintf(av_serie, sizeof av_serie, "%s", st_str(it, "id"));
    }
    ok(strlen(gr_serie) == 64 && strlen(av_serie) == 64, "series ids are 64 hex digits");
    cJSON_Delete(j);
    is_int(st_req(s, "POST", "/dav/series/get", SEC, NULL, st_fmt("{\"id\":\"%s\"}", gr_serie), &j,
                  NULL),
           200, "series get");
    is_str(st_str(j, "archiefvormer.code"), "OVO02053", "with its archiefvormer");
    is_str(st_str(j, "bewaargever"), "Gemeente Dilbeek", "and bewaargever");
    cJSON_Delete(j);
    is_int(st_req(s, "POST", "/dav/series/extensions", SEC, NULL,
                  st_fmt("{\"id\":\"%s\"}", gr_serie), &j, NULL),
           200, "series extensions");
    is_str(st_str(j, "value.0.naam"), "Dossier - Vergaderorgaan", "Vergaderorgaan first");
    ok(cJSON_IsTrue(st_at(j, "value.0.verplicht")), "and required");
    is_str(st_str(j, "value.1.type"), "datum", "Vergaderdatum is a date");
    cJSON_Delete(j);
    is_int(st_req(s, "POST", "/dav/series/get", SEC, NULL,
                  "{\"id\":\"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff\"}",
                  &j, NULL),
           404, "unknown series: 404");
    is_str(st_code(j), "ENOTFND", "with code ENOTFND");
    cJSON_Delete(j);
    is_int(st_status(s, "POST", "/dav/series/get", SEC, NULL, "{\"id\":\"42\"}"), 400,
           "a malformed series id: 400");
    is_int(st_status(s, "POST", "/dav/series/list", SEC, NULL, "{\"x\":1}"), 400,
           "list with an unknown field: 400");
}

/* The id of the first meeting of type ABBR with STATE, oldest first. */
static const char *meeting_of(const lb_test_sim *s, const char *abbr, const char *state, int nth)
{
    cJSON *j = NULL;
    st_req(s, "GET", "/crm/meetingtypes", SEC, NULL, NULL, &j, NULL);
    const char *type = NULL;
    const cJSON *it;
    cJSON_ArrayForEach(it, st_at(j, "value"))
    {
        if (strcmp(st_str(it, "abbreviation"), abbr) == 0)
            type = st_fmt("%s", st_str(it, "id"));
    }
    cJSON_Delete(j);
    st_req(s, "GET", st_fmt("/crm/meetings?typeId=%s&state=%s&orderby=begin", type, state), SEC,
           NULL, NULL, &j, NULL);
    const char *id = st_fmt("%s", st_str(j, st_fmt("value.%d.id", nth)));
    cJSON_Delete(j);
    return id;
}

static const char *create_body(const char *serie, const char *naam, const char *bron,
                               const char *type, const char *ext)
{
    return st_fmt("{\"serieId\":\"%s\",\"naam\":\"%s\",\"openingsdatum\":\"2016-01-01\","
                  "\"sluitingsdatum\":\"2016-12-31\",\"bronId\":\"%s\",\"bronType\":\"%s\","
                  "\"extensies\":%s}",
                  serie, naam, bron, type, ext);
}

/* True when the problems in J hold one with VELD whose reden contains WHAT. */
static bool has_problem(const cJSON *list, const char *veld, const char *what)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, list)
    {
        if (strcmp(st_str(it, "veld"), veld) == 0 && strstr(st_str(it, "reden"), what))
            return true;
    }
    return false;
}

static cJSON *validate(const lb_test_sim *s, const char *id)
{
    cJSON *j = NULL;
    st_req(s, "POST", "/dav/dossiers/validate", ARCH, NULL, st_fmt("{\"id\":\"%s\"}", id), &j,
           NULL);
    return j;
}

static void update(const lb_test_sim *s, const char *id, const char *fields)
{
    is_int(st_status(s, "POST", "/dav/dossiers/update", ARCH, NULL,
                     st_fmt("{\"id\":\"%s\",%s}", id, fields)),
           200, "update %s", fields);
}

static void rules(const lb_test_sim *s)
{
    /* A dossier in the AV series (valid from 2019) for an old GR meeting. */
    const char *bron = meeting_of(s, "GR", "inactive", 1);
    cJSON *j = NULL;
    char ext[300];
    snprintf(ext, sizeof ext,
             "[{\"naam\":\"Dossier - Vergaderorgaan\",\"waarde\":\"Gemeenteraad\"},"
             "{\"naam\":\"Dossier - Data - Vergaderdatum\",\"waarde\":\"2016-05-01\"}]");
    is_int(st_req(s, "POST", "/dav/dossiers/create", ARCH, NULL,
                  create_body(av_serie, "Regels", bron, "meeting", ext), &j, NULL),
           201, "a dossier to test the rules on");
    char id[37];
    snprintf(id, sizeof id, "%s", st_str(j, "id"));
    cJSON_Delete(j);
    j = validate(s, id);
    ok(cJSON_IsFalse(st_at(j, "geldig")), "opening before the series' validity: not valid");
    ok(has_problem(st_at(j, "problemen"), "Openingsdatum", "geldigheid van de serie"),
       "problem: openingsdatum outside the series' validity");
    cJSON_Delete(j);
    update(s, id, "\"openingsdatum\":\"2020-02-01\",\"sluitingsdatum\":\"2020-01-01\"");
    j = validate(s, id);
    ok(has_problem(st_at(j, "problemen"), "Sluitingsdatum", "voor de openingsdatum"),
       "problem: opening after closing");
    cJSON_Delete(j);
    update(s, id, "\"sluitingsdatum\":\"2099-01-01\"");
    j = validate(s, id);
    ok(has_problem(st_at(j, "problemen"), "Sluitingsdatum", "toekomst"), "problem: a future date");
    cJSON_Delete(j);
    char longname[700] = "";
    for (int i = 0; i < 256; i++)
        strcat(longname, "\u00e9");
    update(s, id, st_fmt("\"naam\":\"%s\",\"sluitingsdatum\":\"2020-03-01\"", longname));
    j = validate(s, id);
    ok(has_problem(st_at(j, "problemen"), "Naam", "255"), "problem: naam over 255 characters");
    cJSON_Delete(j);
    update(s, id, "\"naam\":\"\",\"openingsdatum\":null");
    j = validate(s, id);
    ok(has_problem(st_at(j, "problemen"), "Naam", "Verplicht"), "problem: naam missing");
    ok(has_problem(st_at(j, "problemen"), "Openingsdatum", "Verplicht"),
       "problem: openingsdatum missing");
    cJSON_Delete(j);
    update(s, id, "\"naam\":\"Regels\",\"openingsdatum\":\"2020-02-01\",\"extensies\":[]");
    j = validate(s, id);
    ok(has_problem(st_at(j, "problemen"), "Dossier - Vergaderorgaan", "Verplichte extensie"),
       "problem: a required extension missing (veld names it)");
    ok(has_problem(st_at(j, "problemen"), "Dossier - Data - Vergaderdatum", "Verplichte extensie"),
       "problem: the meeting date extension missing");
    cJSON_Delete(j);
    update(s, id, st_fmt("\"extensies\":%s", ext));
    j = validate(s, id);
    ok(cJSON_IsTrue(st_at(j, "geldig")), "fixed: valid");
    cJSON_Delete(j);
    /* Documents: without name and date, and outside the dossier's dates. */
    const char *doc_body = "{\"dossierId\":\"%s\",\"naam\":\"%s\",\"creatiedatum\":%s,"
                           "\"bronId\":\"%s\",\"mimeType\":\"text/plain\",\"inhoud\":\"SGFsbG8=\"}";
    (void)doc_body;
    is_int(st_status(s, "POST", "/dav/documents/create", ARCH, NULL,
                     st_fmt("{\"dossierId\":\"%s\",\"naam\":\"\",\"creatiedatum\":null,"
                            "\"bronId\":\"11111111-1111-4111-8111-111111111111\","
                            "\"mimeType\":\"text/plain\",\"inhoud\":\"SGFsbG8=\"}",
                            id)),
           201, "a document without name and date is accepted");
    is_int(
        st_status(s, "POST", "/dav/documents/create", ARCH, NULL,
                  st_fmt("{\"dossierId\":\"%s\",\"naam\":\"Laat\",\"creatiedatum\":\"2020-06-01\","
                         "\"bronId\":\"22222222-2222-4222-8222-222222222222\","
                         "\"mimeType\":\"text/plain\",\"inhoud\":\"SGFsbG8=\"}",
                         id)),
        201, "a document created after the closing date");
    j = validate(s, id);
    ok(has_problem(st_at(j, "problemen"), "Stuk 11111111-1111-4111-8111-111111111111: Naam",
                   "Verplicht"),
       "problem: document without naam");
    ok(has_problem(st_at(j, "problemen"), "Stuk 11111111-1111-4111-8111-111111111111: Creatiedatum",
                   "Verplicht"),
       "problem: document without creatiedatum");
    ok(has_problem(st_at(j, "problemen"), "Sluitingsdatum", "omvatten stuk"),
       "problem: the dates do not span the documents");
    cJSON_Delete(j);
    is_int(st_req(s, "POST", "/dav/dossiers/submit", ARCH, NULL, st_fmt("{\"id\":\"%s\"}", id), &j,
                  NULL),
           422, "submitting an invalid dossier: 422");
    is_str(st_code(j), "EONGELDIG", "code EONGELDIG");
    ok(cJSON_GetArraySize(st_at(j, "error.problemen")) >= 3, "with the problems");
    cJSON_Delete(j);
}

static void lifecycle(const lb_test_sim *s, const char *db_path)
{
    const char *meeting = meeting_of(s, "GR", "inactive", 0);
    char mid[37];
    snprintf(mid, sizeof mid, "%s", meeting);
    cJSON *j = NULL;
    const char *body = create_body(gr_serie, "GR zitting", mid, "meeting", "[]");
    is_int(st_status(s, "POST", "/dav/dossiers/create", SEC, NULL, body), 403,
           "the secretary may not archive");
    is_int(st_req(s, "POST", "/dav/dossiers/create", ARCH, NULL, body, &j, NULL), 201,
           "create a DAV dossier for an inactive meeting");
    char id[37];
    snprintf(id, sizeof id, "%s", st_str(j, "id") ? st_str(j, "id") : "");
    is_str(st_str(j, "status"), "Concept", "status Concept");
    cJSON_Delete(j);
    is_int(st_req(s, "POST", "/dav/dossiers/create", ARCH, NULL, body, &j, NULL), 200,
           "the same bronId again: 200");
    is_str(st_str(j, "id"), id, "the same dossier, not a second");
    cJSON_Delete(j);
    is_int(st_req(s, "POST", "/dav/dossiers/get", ARCH, NULL, st_fmt("{\"bronId\":\"%s\"}", mid),
                  &j, NULL),
           200, "get by bronId");
    is_str(st_str(j, "id"), id, "finds it");
    cJSON_Delete(j);
    is_int(st_status(s, "POST", "/dav/dossiers/get", ARCH, NULL,
                     st_fmt("{\"id\":\"%s\",\"bronId\":\"%s\"}", id, mid)),
           400, "get with both id and bronId: 400");

    const char *active = meeting_of(s, "GR", "active", 0);
    is_int(st_req(s, "POST", "/dav/dossiers/create", ARCH, NULL,
                  create_body(gr_serie, "Actief", active, "meeting", "[]"), &j, NULL),
           409, "an active meeting cannot be archived: 409");
    cJSON_Delete(j);
    const char *arc = meeting_of(s, "ARC", "inactive", 0);
    is_int(st_req(s, "POST", "/dav/dossiers/create", ARCH, NULL,
                  create_body(gr_serie, "Zonder serie", arc, "meeting", "[]"), &j, NULL),
           422, "a meeting whose type has no series: 422");
    ok(strstr(st_str(j, "error.message"), "Adviesraad Cultuur") != NULL,
       "the message names the type");
    cJSON_Delete(j);
    is_int(st_status(s, "POST", "/dav/dossiers/create", ARCH, NULL,
                     create_body(gr_serie, "Onbekend", "00000000-0000-4000-8000-000000000000",
                                 "meeting", "[]")),
           404, "an unknown source record: 404");
    is_int(st_status(s, "POST", "/dav/dossiers/create", ARCH, NULL,
                     create_body("eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee",
                                 "Onbekende serie", meeting_of(s, "GR", "inactive", 2), "meeting",
                                 "[]")),
           422, "an unknown series: 422");
    is_int(st_status(s, "POST", "/dav/dossiers/create", ARCH, NULL,
                     create_body(gr_serie, "x", mid, "vergadering", "[]")),
           400, "an unknown bronType: 400");
    is_int(st_status(s, "POST", "/dav/dossiers/create", ARCH, NULL, "{\"serieId\":"), 400,
           "malformed JSON: 400");

    /* Documents: idempotent per (dossier, bronId). */
    const char *doc = st_fmt("{\"dossierId\":\"%s\",\"naam\":\"Notulen\",\"creatiedatum\":"
                             "\"2016-06-01\",\"bronId\":\"33333333-3333-4333-8333-333333333333\","
                             "\"mimeType\":\"text/plain\",\"inhoud\":\"SGFsbG8=\"}",
                             id);
    char docbody[600];
    snprintf(docbody, sizeof docbody, "%s", doc);
    is_int(st_req(s, "POST", "/dav/documents/create", ARCH, NULL, docbody, &j, NULL), 201,
           "create a document");
    char docid[37];
    snprintf(docid, sizeof docid, "%s", st_str(j, "id") ? st_str(j, "id") : "");
    is_int((long long)st_num(j, "grootte", -1), 5, "grootte 5 (\"Hallo\")");
    is_str(st_str(j, "sha256"), "753692ec36adb4c794c973945eb2a99c1649703ea6f76bf259abb4fb838e013e",
           "sha256 of the bytes");
    cJSON_Delete(j);
    is_int(st_req(s, "POST", "/dav/documents/create", ARCH, NULL, docbody, &j, NULL), 200,
           "the same document again: 200");
    is_str(st_str(j, "id"), docid, "the same document");
    cJSON_Delete(j);
    is_int(st_status(s, "POST", "/dav/documents/create", ARCH, NULL,
                     st_fmt("{\"dossierId\":\"%s\",\"naam\":\"x\",\"creatiedatum\":null,"
                            "\"bronId\":\"44444444-4444-4444-8444-444444444444\","
                            "\"mimeType\":\"text/plain\",\"inhoud\":\"***\"}",
                            id)),
           400, "inhoud that is not base64: 400");
    is_int(st_req(s, "POST", "/dav/documents/update", ARCH, NULL,
                  st_fmt("{\"id\":\"%s\",\"naam\":\"Notulen (definitief)\"}", docid), &j, NULL),
           200, "update the document");
    is_str(st_str(j, "naam"), "Notulen (definitief)", "renamed");
    cJSON_Delete(j);
    is_int(
        st_status(s, "POST", "/dav/documents/update", ARCH, NULL, st_fmt("{\"id\":\"%s\"}", docid)),
        400, "an update with nothing to change: 400");

    /* Validate (extensions missing), fix, submit. */
    j = validate(s, id);
    ok(cJSON_IsFalse(st_at(j, "geldig")), "without extensions: not valid");
    cJSON_Delete(j);
    update(s, id,
           "\"extensies\":[{\"naam\":\"Dossier - Vergaderorgaan\",\"waarde\":\"Gemeenteraad\"},"
           "{\"naam\":\"Dossier - Data - Vergaderdatum\",\"waarde\":\"2016-06-01\"}]");
    j = validate(s, id);
    ok(cJSON_IsTrue(st_at(j, "geldig")), "with them: valid");
    is_int(cJSON_GetArraySize(st_at(j, "problemen")), 0, "no problems");
    cJSON_Delete(j);

    const char *meeting_path = st_fmt("/crm/meetings/%s", mid);
    char mpath[128];
    snprintf(mpath, sizeof mpath, "%s", meeting_path);
    is_int(st_status(s, "PATCH", mpath, ARCH, NULL, st_fmt("{\"davDossierId\":\"%s\"}", id)), 409,
           "marking archived before the submit: 409");

    /* A second dossier to relate to. */
    const char *other = meeting_of(s, "GR", "inactive", 3);
    is_int(st_req(s, "POST", "/dav/dossiers/create", ARCH, NULL,
                  create_body(gr_serie, "Andere zitting", other, "meeting", "[]"), &j, NULL),
           201, "a second dossier");
    char oid[37];
    snprintf(oid, sizeof oid, "%s", st_str(j, "id") ? st_str(j, "id") : "");
    cJSON_Delete(j);
    is_int(
        st_req(s, "POST", "/dav/dossiers/relation", ARCH, NULL,
               st_fmt("{\"id\":\"%s\",\"gerelateerdId\":\"%s\",\"type\":\"associatie\"}", id, oid),
               &j, NULL),
        200, "relate the two");
    is_str(st_str(j, "relaties.0.id"), oid, "the relation is there");
    cJSON_Delete(j);
    is_int(
        st_status(s, "POST", "/dav/dossiers/relation", ARCH, NULL,
                  st_fmt("{\"id\":\"%s\",\"gerelateerdId\":\"%s\",\"type\":\"ouder\"}", id, oid)),
        400, "an unknown relation type: 400");

    is_int(st_req(s, "POST", "/dav/dossiers/submit", ARCH, NULL, st_fmt("{\"id\":\"%s\"}", id), &j,
                  NULL),
           200, "submit");
    is_str(st_str(j, "status"), "Gepubliceerd", "published at once");
    ok(st_str(j, "ingediendOp") != NULL, "with ingediendOp");
    is_str(st_str(j, "documentIds.0"), docid, "holding the document");
    cJSON_Delete(j);
    is_int(st_req(s, "POST", "/dav/dossiers/submit", ARCH, NULL, st_fmt("{\"id\":\"%s\"}", id), &j,
                  NULL),
           409, "submit again: 409");
    is_str(st_code(j), "EINGEDIEND", "code EINGEDIEND");
    cJSON_Delete(j);
    is_int(st_status(s, "POST", "/dav/dossiers/update", ARCH, NULL,
                     st_fmt("{\"id\":\"%s\",\"naam\":\"Te laat\"}", id)),
           409, "update after submit: 409");
    is_int(st_status(s, "POST", "/dav/documents/create", ARCH, NULL,
                     st_fmt("{\"dossierId\":\"%s\",\"naam\":\"x\",\"creatiedatum\":null,"
                            "\"bronId\":\"55555555-5555-4555-8555-555555555555\","
                            "\"mimeType\":\"text/plain\",\"inhoud\":\"\"}",
                            id)),
           409, "a new document after submit: 409");

    /* Mark the meeting archived, then delete it. */
    is_int(st_status(s, "PATCH", mpath, ARCH, NULL, st_fmt("{\"davDossierId\":\"%s\"}", oid)), 409,
           "another record's DAV dossier: 409");
    is_int(
        st_status(s, "PATCH", mpath, "demo-admin", NULL, st_fmt("{\"davDossierId\":\"%s\"}", id)),
        403, "an admin without Archivering may not mark it archived");
    const char *rep[] = {"Prefer: return=representation", NULL};
    is_int(st_req(s, "PATCH", mpath, ARCH, rep, st_fmt("{\"davDossierId\":\"%s\"}", id), &j, NULL),
           200, "mark the meeting archived");
    is_str(st_str(j, "davDossierId"), id, "davDossierId set");
    ok(st_str(j, "archivedOn") != NULL, "archivedOn set");
    cJSON_Delete(j);
    st_req(s, "GET", st_fmt("/crm/documents?regardingId=%s", mid), SEC, NULL, NULL, &j, NULL);
    ok(cJSON_GetArraySize(st_at(j, "value")) > 0, "the meeting has documents");
    cJSON_Delete(j);
    const char *stale[] = {"If-Match: W/\"1\"", NULL};
    is_int(st_status(s, "DELETE", mpath, ARCH, stale, NULL), 412, "DELETE with a stale ETag: 412");
    is_int(st_status(s, "DELETE", mpath, "demo-archief-team", NULL, NULL), 204,
           "DELETE by the archive team: 204");
    is_int(st_status(s, "GET", mpath, SEC, NULL, NULL), 404, "the meeting is gone");
    st_req(s, "GET", st_fmt("/crm/documents?regardingId=%s", mid), SEC, NULL, NULL, &j, NULL);
    is_int(cJSON_GetArraySize(st_at(j, "value")), 0, "and its documents");
    cJSON_Delete(j);
    is_int(st_status(s, "DELETE", mpath, ARCH, NULL, NULL), 404, "deleting again: 404");

    /* The ledger: one dossier, one document, one submit, one delete. */
    is_int(st_req(s, "GET", "/_sim/ledger", ARCH, NULL, NULL, &j, NULL), 200, "GET /_sim/ledger");
    const cJSON *entry = NULL, *it;
    cJSON_ArrayForEach(it, st_at(j, "value"))
    {
        if (strcmp(st_str(it, "bronId"), mid) == 0)
            entry = it;
    }
    ok(entry != NULL, "has the meeting");
    is_int((long long)st_num(entry, "davDossiersCreated", -1), 1, "one DAV dossier created");
    is_str(st_str(entry, "davDossierIds.0"), id, "its id");
    is_int((long long)st_num(entry, "davDocumentsCreated", -1), 1, "one document created");
    is_int((long long)st_num(entry, "submits", -1), 1, "one submit");
    ok(st_num(entry, "validations", 0) >= 2, "the validations");
    is_int((long long)st_num(entry, "crmDeletes", -1), 1, "one CRM delete");
    cJSON_Delete(j);
    is_int(st_status(s, "GET", "/_sim/ledger", NULL, NULL, NULL), 401, "the ledger needs a token");

    /* What benchmarks compare against: requests served and their handlers' time. */
    is_int(st_req(s, "GET", "/_sim/stats", ARCH, NULL, NULL, &j, NULL), 200, "GET /_sim/stats");
    ok(st_num(j, "served", 0) >= 10, "counts the requests served (%.0f)", st_num(j, "served", 0));
    ok(st_num(j, "serviceMicros", 0) > 0, "and the time their handlers took (%.0f us)",
       st_num(j, "serviceMicros", 0));
    cJSON_Delete(j);

    /* And from the command line. */
    char cmd[700];
    snprintf(cmd, sizeof cmd, "'%s' ledger --db '%s'", getenv("LBBUS_SIM"), db_path);
    FILE *p = popen(cmd, "r");
    static char out[1 << 20];
    size_t n = p ? fread(out, 1, sizeof out - 1, p) : 0;
    out[n] = '\0';
    int rc = p ? pclose(p) : -1;
    is_int(rc, 0, "lbbus-sim ledger --db exits 0");
    cJSON *cli = cJSON_Parse(out);
    entry = NULL;
    cJSON_ArrayForEach(it, st_at(cli, "value"))
    {
        if (strcmp(st_str(it, "bronId"), mid) == 0)
            entry = it;
    }
    is_int((long long)st_num(entry, "davDossiersCreated", -1), 1,
           "and prints the same ledger as JSON");
    cJSON_Delete(cli);
}

int main(void)
{
    lb_test_sim s;
    st_start(&s, NULL);
    series(&s);
    lifecycle(&s, s.db_path);
    rules(&s);
    st_stop(&s);
    return tap_done();
}
