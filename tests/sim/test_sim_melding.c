/* test_sim_melding.c — lbbus-sim meldingen: list filters and order, the
 * full OSLO record, attachments, configuration, add with Idempotency-Key,
 * upload checks (type, size, count, file name), and who may do what: the
 * secretariat reads (the contact hidden) but does not add or upload; a user
 * with neither role is refused everything. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/sim/simtest.h"
#include "tests/tap.h"

#define HELP      "demo-helpdesk"
#define SECRETARY "demo-secretaris"
#define NO_ROLE   "demo-admin" /* Systeembeheerder only */

static void list(const lb_test_sim *s)
{
    cJSON *j = NULL;
    is_int(st_req(s, "GET", "/melding?$count=true", HELP, NULL, NULL, &j, NULL), 200,
           "the helpdesk lists meldingen");
    is_int((long long)st_num(j, "@odata.count", -1), 400, "400 meldingen at the default scale");
    const char *nummer = st_str(j, "value.0.nummer");
    ok(nummer && strncmp(nummer, "M-", 2) == 0 && strlen(nummer) == 13,
       "numbers like M-2024-001234");
    ok(st_str(j, "value.0.categorie.code") && st_str(j, "value.0.status.label"),
       "categorie and status as {code,label}");
    cJSON_Delete(j);

    st_req(s, "GET", "/melding?status=INBEH&category=wegdek&channel=website", HELP, NULL, NULL, &j,
           NULL);
    bool good = cJSON_GetArraySize(st_at(j, "value")) > 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, st_at(j, "value"))
    {
        if (strcmp(st_str(it, "status.code"), "INBEH") ||
            strcmp(st_str(it, "categorie.code"), "wegdek") ||
            strcmp(st_str(it, "kanaal"), "website"))
            good = false;
    }
    ok(good, "status, category and channel filters");
    cJSON_Delete(j);
    st_req(s, "GET", "/melding?orderby=ontvangenOp%20desc&from=2024-01-01&to=2024-12-31", HELP,
           NULL, NULL, &j, NULL);
    good = cJSON_GetArraySize(st_at(j, "value")) > 0;
    const char *prev = NULL;
    cJSON_ArrayForEach(it, st_at(j, "value"))
    {
        const char *d = st_str(it, "ontvangenOp");
        if (strncmp(d, "2024", 4) != 0 || (prev && strcmp(prev, d) < 0))
            good = false;
        prev = d;
    }
    ok(good, "from/to on ontvangenOp, newest first");
    cJSON_Delete(j);
    st_req(s, "GET", "/melding?team=mine", HELP, NULL, NULL, &j, NULL);
    good = true;
    int n = 0;
    cJSON_ArrayForEach(it, st_at(j, "value"))
    {
        n++;
        cJSON *m = NULL;
        st_req(s, "GET", st_fmt("/melding/%s", st_str(it, "id")), HELP, NULL, NULL, &m, NULL);
        if (!st_str(m, "behandelaar.team") || strcmp(st_str(m, "behandelaar.team"), "Meldpunt"))
            good = false;
        cJSON_Delete(m);
        if (n > 5)
            break;
    }
    ok(good && n > 0, "team=mine: handled by the helpdesk's team");
    cJSON_Delete(j);
    is_int(st_status(s, "GET", "/melding?orderby=indiener", HELP, NULL, NULL), 400,
           "orderby outside the whitelist: 400");
    is_int(st_status(s, "GET", "/melding?channel=fax", HELP, NULL, NULL), 400, "channel=fax: 400");
    is_int(st_status(s, "GET", "/melding?status=%27%3B--", HELP, NULL, NULL), 400,
           "a status with SQL in it: 400");
}

static void record(const lb_test_sim *s)
{
    cJSON *j = NULL, *m = NULL;
    lb_test_response r;
    /* One with attachments: look through the first page. */
    st_req(s, "GET", "/melding?orderby=nummer", HELP, NULL, NULL, &j, NULL);
    const cJSON *it;
    const char *with_att = NULL;
    cJSON_ArrayForEach(it, st_at(j, "value"))
    {
        st_req(s, "GET", st_fmt("/melding/%s", st_str(it, "id")), HELP, NULL, NULL, &m, NULL);
        if (cJSON_GetArraySize(st_at(m, "bijlagen")) == 2) {
            with_att = st_fmt("%s", st_str(it, "id"));
            break;
        }
        cJSON_Delete(m);
        m = NULL;
    }
    cJSON_Delete(j);
    ok(with_att != NULL, "a melding with two attachments");
    if (!m)
        return;
    ok(st_str(m, "titel") && cJSON_IsArray(st_at(m, "meldingstypes")),
       "OSLO fields: titel, meldingstypes");
    const char *geo = st_str(m, "geometrie");
    double lon = 0, lat = 0;
    ok(!geo || (sscanf(geo, "POINT(%lf %lf)", &lon, &lat) == 2 && lon >= 2.5 && lon <= 5.9 &&
                lat >= 50.7 && lat <= 51.5),
       "geometrie is a WKT POINT in Flanders (%s)", geo ? geo : "null");
    is_str(st_str(m, "statusGeschiedenis.0.status.code"), "ONTV", "history starts with Ontvangen");
    ok(st_str(m, "indiener.naam") != NULL && st_at(m, "indiener.verborgen") == NULL,
       "the contact role sees the indiener's details");
    cJSON *hidden = NULL;
    is_int(st_req(s, "GET", st_fmt("/melding/%s", with_att), "demo-meldpunt", NULL, NULL, &hidden,
                  NULL),
           200, "a helpdesk user without the contact role reads the melding");
    ok(hidden && cJSON_IsTrue(st_at(hidden, "indiener.verborgen")) &&
           !st_at(hidden, "indiener.naam") && !st_at(hidden, "indiener.email") &&
           !st_at(hidden, "indiener.telefoon"),
       "but the indiener is marked verborgen, without contact fields");
    cJSON_Delete(hidden);
    const char *att = st_fmt("/melding/%s/attachments/%s", with_att, st_str(m, "bijlagen.0.id"));
    long size = (long)st_num(m, "bijlagen.0.grootte", -1);
    is_int(st_req(s, "GET", att, HELP, NULL, NULL, NULL, &r), 200, "download an attachment");
    is_int((long long)r.body_len, size, "all its bytes");
    char cd[300];
    ok(lb_test_response_header(&r, "Content-Disposition", cd, sizeof cd) &&
           strstr(cd, "filename=\"foto.png\""),
       "Content-Disposition with a safe filename");
    ok(r.body_len > 8 && memcmp(r.body, "\x89PNG", 4) == 0, "a real PNG");
    lb_test_response_done(&r);
    cJSON_Delete(m);
    is_int(
        st_status(s, "GET",
                  st_fmt("/melding/%s/attachments/00000000-0000-0000-0000-000000000000", with_att),
                  HELP, NULL, NULL),
        404, "unknown attachment: 404");
    is_int(st_status(s, "GET", "/melding/00000000-0000-0000-0000-000000000000", HELP, NULL, NULL),
           404, "unknown melding: 404");
    is_int(st_req(s, "GET", "/melding/configuration", HELP, NULL, NULL, &j, NULL), 200,
           "configuration");
    is_int((long long)st_num(j, "bijlagen.maxGrootte", 0), 10485760, "maxGrootte 10 MiB");
    is_int((long long)st_num(j, "bijlagen.maxAantal", 0), 5, "maxAantal 5");
    is_str(st_str(j, "kanalen.2"), "telefoon", "the channels");
    is_str(st_str(j, "categorieen.0.subcategorieen.0.code"), "sluikstort-glasbol",
           "categories with subcategories");
    cJSON_Delete(j);
}

static const char *add_body =
    "{\"titel\":\"Lantaarnpaal defect\",\"meldingstype\":\"straatverlichting\","
    "\"beschrijving\":\"De lamp aan de Bondgenotenlaan 12 brandt niet meer.\","
    "\"adres\":\"Bondgenotenlaan 12, 3000 Leuven\",\"geometrie\":\"POINT(4.7009 50.8798)\","
    "\"kanaal\":\"telefoon\",\"indiener\":{\"type\":\"burger\",\"naam\":\"Jan Peeters\","
    "\"telefoon\":\"+32 16 00 00 00\"}}";

static char added[37];

static void add(const lb_test_sim *s)
{
    cJSON *j = NULL;
    lb_test_response r;
    const char *key[] = {"Idempotency-Key: test-add-1", NULL};
    is_int(st_req(s, "POST", "/melding/add", HELP, key, add_body, &j, &r), 201, "add a melding");
    snprintf(added, sizeof added, "%s", st_str(j, "id") ? st_str(j, "id") : "");
    char loc[128];
    is_str(lb_test_response_header(&r, "Location", loc, sizeof loc), st_fmt("/melding/%s", added),
           "Location names it");
    lb_test_response_done(&r);
    is_str(st_str(j, "status.code"), "ONTV", "status Ontvangen");
    is_str(st_str(j, "meldingstypes.0.label"), "Straatverlichting", "its type with label");
    cJSON_Delete(j);
    is_int(st_req(s, "POST", "/melding/add", HELP, key, add_body, &j, NULL), 200,
           "the same key and body again: 200");
    is_str(st_str(j, "id"), added, "the same melding");
    cJSON_Delete(j);
    char other[1024];
    snprintf(other, sizeof other, "%s", add_body);
    memcpy(strstr(other, "Lantaarnpaal"), "Verkeerslicht", 12);
    is_int(st_req(s, "POST", "/melding/add", HELP, key, other, &j, NULL), 422,
           "the same key, another body: 422");
    is_str(st_code(j), "EIDEMPOTENT", "code EIDEMPOTENT");
    cJSON_Delete(j);
    is_int(st_status(s, "POST", "/melding/add", HELP, NULL, add_body), 400,
           "no Idempotency-Key: 400");
    const char *badkey[] = {"Idempotency-Key: no spaces allowed", NULL};
    is_int(st_status(s, "POST", "/melding/add", HELP, badkey, add_body), 400,
           "a malformed Idempotency-Key: 400");
    const char *k2[] = {"Idempotency-Key: test-add-2", NULL};
    is_int(st_req(s, "POST", "/melding/add", HELP, k2, "{\"titel\":\"x\"}", &j, NULL), 400,
           "missing fields: 400");
    ok(strstr(st_str(j, "error.message"), "'meldingstype'") != NULL, "the message names the field");
    cJSON_Delete(j);
    is_int(st_status(s, "POST", "/melding/add", HELP, k2, "{\"titel\":\"x\",\"onbekend\":1}"), 400,
           "an unknown field: 400");
    snprintf(other, sizeof other, "%s", add_body);
    memcpy(strstr(other, "telefoon\",\"indiener"), "fax\"     ", 9);
    is_int(st_status(s, "POST", "/melding/add", HELP, k2, other), 400, "an unknown kanaal: 400");
}

static long upload(const lb_test_sim *s, const char *id, const char *name, const char *type,
                   const char *body, size_t len)
{
    char ct[128];
    snprintf(ct, sizeof ct, "Content-Type: %s", type);
    const char *h[] = {ct, NULL};
    lb_test_response r;
    if (lb_test_http(s, "PUT", st_fmt("/melding/%s/upload?filename=%s", id, name), HELP, h, body,
                     len, &r) != 0)
        return -1;
    long st = r.status;
    lb_test_response_done(&r);
    return st;
}

static void uploads(const lb_test_sim *s)
{
    const char *txt = "Foto van de lantaarnpaal";
    size_t n = strlen(txt);
    is_int(upload(s, added, "notitie.txt", "text/plain", txt, n), 201, "upload a text file");
    is_int(upload(s, added, "..%2Fetc%2Fpasswd", "text/plain", txt, n), 422,
           "a name with ../: 422");
    is_int(upload(s, added, "a%2Fb.txt", "text/plain", txt, n), 422, "a name with /: 422");
    is_int(upload(s, added, "bel%07.txt", "text/plain", txt, n), 422,
           "a name with a control character: 422");
    is_int(upload(s, added, "script.sh", "application/x-sh", txt, n), 415,
           "a type that is not allowed: 415");
    is_int(upload(s, "00000000-0000-0000-0000-000000000000", "a.txt", "text/plain", txt, n), 404,
           "upload to an unknown melding: 404");
    size_t big = 10 * 1024 * 1024 + 1;
    char *huge = malloc(big);
    memset(huge, 'x', big);
    is_int(upload(s, added, "groot.txt", "text/plain", huge, big), 413, "over 10 MiB: 413");
    free(huge);
    for (int i = 0; i < 4; i++)
        upload(s, added, st_fmt("extra%d.txt", i), "text/plain", txt, n);
    is_int(upload(s, added, "zesde.txt", "text/plain", txt, n), 422,
           "a sixth attachment: 422 (max 5)");
    cJSON *j = NULL;
    st_req(s, "GET", st_fmt("/melding/%s", added), HELP, NULL, NULL, &j, NULL);
    is_int(cJSON_GetArraySize(st_at(j, "bijlagen")), 5, "the melding has 5 attachments");
    is_str(st_str(j, "bijlagen.0.naam"), "notitie.txt", "the first is the note");
    cJSON_Delete(j);
}

/* The 403 names the role as sim_require_role does: the helpdesk's. */
static bool refused(const lb_test_sim *s, const char *method, const char *path, const char *token,
                    const char *const *headers, const char *body)
{
    cJSON *j = NULL;
    long st = st_req(s, method, path, token, headers, body, &j, NULL);
    const char *msg = st_str(j, "error.message");
    bool named = msg && strstr(msg, "'LB365 \u2013 Meldingen'") != NULL;
    if (st != 403 || !named)
        tap_diag("%s %s as %s: %ld %s", method, path, token, st, msg ? msg : "");
    cJSON_Delete(j);
    return st == 403 && named;
}

/* The secretariat reads meldingen and their attachments, never the contact,
 * and may not add, upload or build the new-melding form; demo-admin has
 * neither role. Runs after add() and before uploads(): ADDED has no
 * attachment yet. */
static void roles(const lb_test_sim *s)
{
    cJSON *j = NULL, *m = NULL;
    is_int(st_req(s, "GET", "/melding?$count=true&orderby=nummer", SECRETARY, NULL, NULL, &j, NULL),
           200, "the secretary lists meldingen");
    is_int((long long)st_num(j, "@odata.count", -1), 401, "all of them (400 seeded, 1 added)");
    /* one with attachments, read as the secretary */
    const cJSON *it;
    const char *mid = NULL;
    cJSON_ArrayForEach(it, st_at(j, "value"))
    {
        cJSON_Delete(m);
        m = NULL;
        if (st_req(s, "GET", st_fmt("/melding/%s", st_str(it, "id")), SECRETARY, NULL, NULL, &m,
                   NULL) != 200)
            break;
        if (cJSON_GetArraySize(st_at(m, "bijlagen")) > 0) {
            mid = st_fmt("%s", st_str(it, "id"));
            break;
        }
    }
    cJSON_Delete(j);
    ok(mid != NULL, "the secretary reads meldingen, one with attachments among them");
    ok(m && st_str(m, "titel") && st_str(m, "beschrijving"), "the whole melding");
    ok(m && cJSON_IsTrue(st_at(m, "indiener.verborgen")) && !st_at(m, "indiener.naam") &&
           !st_at(m, "indiener.email") && !st_at(m, "indiener.telefoon"),
       "but the indiener is verborgen, without contact fields");
    if (mid)
        is_int(st_status(s, "GET",
                         st_fmt("/melding/%s/attachments/%s", mid, st_str(m, "bijlagen.0.id")),
                         SECRETARY, NULL, NULL),
               200, "the secretary downloads an attachment");
    cJSON_Delete(m);
    is_int(st_status(s, "GET", "/melding?team=mine", SECRETARY, NULL, NULL), 200,
           "and lists her team's (team=mine)");

    const char *key[] = {"Idempotency-Key: test-roles-1", NULL};
    ok(refused(s, "POST", "/melding/add", SECRETARY, key, add_body),
       "the secretary may not add a melding: 403 naming LB365 – Meldingen");
    const char *ct[] = {"Content-Type: text/plain", NULL};
    ok(refused(s, "PUT", st_fmt("/melding/%s/upload?filename=x.txt", added), SECRETARY, ct, "x"),
       "nor upload an attachment: 403");
    ok(refused(s, "GET", "/melding/configuration", SECRETARY, NULL, NULL),
       "nor read the new-melding configuration: 403");
    st_req(s, "GET", st_fmt("/melding/%s", added), HELP, NULL, NULL, &m, NULL);
    is_int(cJSON_GetArraySize(st_at(m, "bijlagen")), 0, "the refused upload added nothing");
    cJSON_Delete(m);
    st_req(s, "GET", "/melding?$count=true", HELP, NULL, NULL, &j, NULL);
    is_int((long long)st_num(j, "@odata.count", -1), 401, "and the refused add made no melding");
    cJSON_Delete(j);

    ok(refused(s, "GET", "/melding", NO_ROLE, NULL, NULL),
       "without either role the list is refused: 403 naming LB365 – Meldingen");
    ok(refused(s, "GET", st_fmt("/melding/%s", added), NO_ROLE, NULL, NULL), "and so is a melding");
    ok(refused(s, "POST", "/melding/add", NO_ROLE, key, add_body), "and adding one");
}

int main(void)
{
    lb_test_sim s;
    st_start(&s, NULL);
    list(&s);
    record(&s);
    add(&s);
    roles(&s);
    uploads(&s);
    st_stop(&s);
    return tap_done();
}
