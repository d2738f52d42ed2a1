/* test_sim_basics.c — lbbus-sim: health, identity and roles, the two error
 * shapes, routing (404/405), hostile JSON bodies, determinism of the seed,
 * --clean-text, and the subscription key file rules. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/sim/simtest.h"
#include "tests/tap.h"

static void identity(const lb_test_sim *s)
{
    cJSON *j = NULL;
    is_int(st_req(s, "GET", "/health", NULL, NULL, NULL, &j, NULL), 200,
           "GET /health without a token");
    is_str(st_str(j, "status"), "ok", "health says ok");
    cJSON_Delete(j);

    is_int(st_req(s, "GET", "/crm/whoami", "demo-archief-team", NULL, NULL, &j, NULL), 200,
           "whoami for the archive team member");
    is_str(st_str(j, "fullName"), "Chlo\u00e9 Dubois", "with her name (diacritics intact)");
    is_str(st_str(j, "roles.0.name"), "LB365 \u2013 Archivering", "role name with an en dash");
    is_str(st_str(j, "roles.0.via"), "team", "held through a team");
    is_str(st_str(j, "roles.0.teamName"), "Archief", "the team Archief");
    is_str(st_str(j, "bestuur.name"), "Gemeente Dilbeek", "and the bestuur");
    cJSON_Delete(j);

    is_int(st_req(s, "GET", "/crm/whoami", "demo-archivaris", NULL, NULL, &j, NULL), 200,
           "whoami for the archivist");
    is_int(cJSON_GetArraySize(st_at(j, "roles")), 2, "two direct roles");
    is_str(st_str(j, "roles.0.via"), "user", "held directly");
    cJSON_Delete(j);

    is_int(st_req(s, "GET", "/crm/whoami", NULL, NULL, NULL, &j, NULL), 401, "no token: 401");
    is_str(st_code(j), "0x8005F101", "in the Dataverse shape");
    cJSON_Delete(j);
    is_int(st_status(s, "GET", "/crm/whoami", "not-a-token", NULL, NULL), 401, "bad token: 401");

    /* 403 names the role; the helpdesk has no CRM role. */
    is_int(st_req(s, "GET", "/crm/meetings", "demo-helpdesk", NULL, NULL, &j, NULL), 403,
           "helpdesk reads no meetings");
    ok(st_str(j, "error.message") &&
           strstr(st_str(j, "error.message"), "'LB365 \u2013 Secretariaat'"),
       "the 403 names the missing role");
    cJSON_Delete(j);
    is_int(st_req(s, "POST", "/dav/dossiers/get", "demo-admin", NULL,
                  "{\"id\":\"00000000-0000-0000-0000-000000000000\"}", &j, NULL),
           403, "an admin without Archivering may not use DAV dossiers");
    ok(st_str(j, "error.message") &&
           strstr(st_str(j, "error.message"), "'LB365 \u2013 Archivering'"),
       "the 403 names LB365 \u2013 Archivering");
    cJSON_Delete(j);
    is_int(st_status(s, "POST", "/dav/dossiers/get", "demo-archief-team", NULL,
                     "{\"id\":\"00000000-0000-0000-0000-000000000000\"}"),
           404, "the role held through the team is enough (404: unknown dossier)");
}

static void routing(const lb_test_sim *s)
{
    cJSON *j = NULL;
    lb_test_response r;
    is_int(st_req(s, "GET", "/nope", "demo-secretaris", NULL, NULL, &j, NULL), 404,
           "unknown path: 404");
    ok(st_at(j, "error.code") != NULL, "in the Dataverse shape");
    cJSON_Delete(j);
    is_int(st_req(s, "DELETE", "/crm/meetingtypes", "demo-secretaris", NULL, NULL, &j, &r), 405,
           "wrong method: 405");
    char allow[64];
    is_str(lb_test_response_header(&r, "Allow", allow, sizeof allow), "GET", "with Allow: GET");
    lb_test_response_done(&r);
    cJSON_Delete(j);
    is_int(st_status(s, "GET", "/melding/add", "demo-helpdesk", NULL, NULL), 405,
           "GET /melding/add is 405, not a melding called 'add'");
}

static void hostile_json(const lb_test_sim *s)
{
    static const struct {
        const char *body, *what;
    } bad[] = {
        {"{\"titel\":", "truncated JSON"},
        {"{\"id\":\"x\"} trailing", "trailing garbage"},
        {"[1,2,3]", "an array instead of an object"},
        {"{\"davSeriesId\":12}", "a number where a string belongs"},
        {"{\"davSeriesId\":null,\"extra\":1}", "an unknown field"},
        {"{\"davSeriesId\":null,\"davSeriesId\":null}", "a duplicate key"},
        {"{\"davSeriesId\":\"ab\\u0000cd\"}", "\\u0000 inside a string"},
        {"", "an empty body"},
    };
    const char *path = NULL;
    cJSON *j = NULL;
    st_req(s, "GET", "/crm/meetingtypes", "demo-admin", NULL, NULL, &j, NULL);
    path = st_fmt("/crm/meetingtypes/%s", st_str(j, "value.0.id"));
    cJSON_Delete(j);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        is_int(st_req(s, "PATCH", path, "demo-admin", NULL, bad[i].body, &j, NULL), 400,
               "PATCH with %s: 400", bad[i].what);
        ok(st_at(j, "error.message") != NULL, "  with a Dataverse error body");
        cJSON_Delete(j);
    }
    /* Deep nesting is refused before it is parsed. */
    size_t depth = 5000;
    char *deep = malloc(2 * depth + 40);
    size_t n = (size_t)sprintf(deep, "{\"davSeriesId\":");
    for (size_t i = 0; i < depth; i++)
        deep[n++] = '[';
    for (size_t i = 0; i < depth; i++)
        deep[n++] = ']';
    deep[n++] = '}';
    deep[n] = '\0';
    is_int(st_req(s, "PATCH", path, "demo-admin", NULL, deep, &j, NULL), 400,
           "5000 levels of nesting: 400");
    cJSON_Delete(j);
    free(deep);
    /* Over the 1 MiB JSON cap. */
    size_t big = (1u << 20) + 100;
    char *huge = malloc(big + 1);
    memset(huge, ' ', big);
    huge[0] = '{';
    huge[big - 1] = '}';
    huge[big] = '\0';
    is_int(st_req(s, "PATCH", path, "demo-admin", NULL, huge, &j, NULL), 413,
           "a body over 1 MiB: 413");
    ok(st_at(j, "error.code") != NULL, "in the Dataverse shape");
    cJSON_Delete(j);
    free(huge);
}

static char *first_page(const lb_test_sim *s, const char *path, const char *token)
{
    lb_test_response r;
    const char *h[] = {"Prefer: odata.maxpagesize=50", NULL};
    if (st_req(s, "GET", path, token, h, NULL, NULL, &r) != 200)
        return strdup("");
    char *b = strdup(r.body);
    lb_test_response_done(&r);
    return b;
}

static void determinism(void)
{
    lb_test_sim a, b;
    const char *args[] = {"--seed", "42", NULL};
    st_start(&a, args);
    st_start(&b, args);
    const char *paths[][2] = {{"/crm/meetings", "demo-secretaris"},
                              {"/crm/agendaitems", "demo-secretaris"},
                              {"/crm/dossiers", "demo-secretaris"},
                              {"/melding", "demo-helpdesk"}};
    for (size_t i = 0; i < 4; i++) {
        char *x = first_page(&a, paths[i][0], paths[i][1]);
        char *y = first_page(&b, paths[i][0], paths[i][1]);
        ok(*x && strcmp(x, y) == 0, "same seed, same first page of %s", paths[i][0]);
        free(x);
        free(y);
    }
    st_stop(&b);
    const char *other[] = {"--seed", "43", NULL};
    st_start(&b, other);
    char *x = first_page(&a, "/crm/meetings", "demo-secretaris");
    char *y = first_page(&b, "/crm/meetings", "demo-secretaris");
    ok(strcmp(x, y) != 0, "another seed, other data");
    free(x);
    free(y);
    st_stop(&a);
    st_stop(&b);

    const char *scaled[] = {"--scale", "2", NULL};
    st_start(&a, scaled);
    cJSON *j = NULL;
    st_req(&a, "GET", "/crm/meetings?$count=true", "demo-secretaris", NULL, NULL, &j, NULL);
    is_int((long long)st_num(j, "@odata.count", -1), 1200, "--scale 2: twice the meetings");
    cJSON_Delete(j);
    st_req(&a, "GET", "/melding?$count=true", "demo-helpdesk", NULL, NULL, &j, NULL);
    is_int((long long)st_num(j, "@odata.count", -1), 800, "and twice the meldingen");
    cJSON_Delete(j);
    st_stop(&a);
}

/* True when any melding description on the first page holds an ESC. */
static bool hostile_present(const lb_test_sim *s)
{
    cJSON *j = NULL;
    bool found = false;
    /* The seed puts them in the first ten meldingen: M-YYYY-000001..000010. */
    st_req(s, "GET", "/melding?q=-0000", "demo-helpdesk", NULL, NULL, &j, NULL);
    const cJSON *it;
    cJSON_ArrayForEach(it, st_at(j, "value"))
    {
        cJSON *m = NULL;
        st_req(s, "GET", st_fmt("/melding/%s", st_str(it, "id")), "demo-helpdesk", NULL, NULL, &m,
               NULL);
        const char *d = st_str(m, "beschrijving");
        if (d && (strchr(d, '\x1b') || strlen(d) > 50000))
            found = true;
        cJSON_Delete(m);
    }
    cJSON_Delete(j);
    return found;
}

static void clean_text(const lb_test_sim *dirty)
{
    ok(hostile_present(dirty), "the default data carries hostile strings (ESC, 50 kB)");
    lb_test_sim c;
    const char *args[] = {"--clean-text", NULL};
    st_start(&c, args);
    ok(!hostile_present(&c), "--clean-text leaves them out");
    st_stop(&c);
}

static void subscription_key(void)
{
    char dir[] = "/tmp/lbsimkey.XXXXXX";
    if (!mkdtemp(dir))
        tap_bail("mkdtemp");
    char path[64];
    snprintf(path, sizeof path, "%s/key", dir);
    FILE *f = fopen(path, "w");
    fputs("s3cret-key\n", f);
    fclose(f);
    chmod(path, 0644);
    lb_test_sim s;
    const char *args[] = {"--subscription-key-file", path, NULL};
    ok(lb_test_sim_start(&s, args) != 0, "a key file readable by others is refused");
    chmod(path, 0600);
    st_start(&s, args);
    cJSON *j = NULL;
    is_int(st_req(&s, "GET", "/crm/whoami", "demo-secretaris", NULL, NULL, &j, NULL), 401,
           "no subscription key: 401");
    is_int((long long)st_num(j, "statusCode", 0), 401, "in the gateway shape");
    ok(st_str(j, "message") && strstr(st_str(j, "message"), "missing subscription key"),
       "saying the key is missing");
    cJSON_Delete(j);
    const char *wrong[] = {"Ocp-Apim-Subscription-Key: nope", NULL};
    is_int(st_req(&s, "GET", "/crm/whoami", "demo-secretaris", wrong, NULL, &j, NULL), 401,
           "wrong subscription key: 401");
    ok(st_str(j, "message") && strstr(st_str(j, "message"), "invalid subscription key"),
       "saying the key is invalid");
    cJSON_Delete(j);
    const char *right[] = {"Ocp-Apim-Subscription-Key: s3cret-key", NULL};
    is_int(st_status(&s, "GET", "/crm/whoami", "demo-secretaris", right, NULL), 200,
           "the right key and a token: 200");
    is_int(st_req(&s, "GET", "/crm/whoami", NULL, right, NULL, &j, NULL), 401,
           "the right key without a token: 401");
    ok(st_at(j, "error.code") != NULL, "now in the Dataverse shape");
    cJSON_Delete(j);
    is_int(st_status(&s, "GET", "/health", NULL, NULL, NULL), 200, "/health needs no key");
    st_stop(&s);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    lb_test_sim s;
    st_start(&s, NULL);
    identity(&s);
    routing(&s);
    hostile_json(&s);
    clean_text(&s);
    st_stop(&s);
    determinism();
    subscription_key();
    return tap_done();
}
