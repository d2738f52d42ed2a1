/* test_session.c — whoami asked once and cached; callers that ask while it
 * is on the way share the answer; errors are not cached. */
#include "config.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

#include "client/session.h"
#include "tests/sim_harness.h"
#include "tests/tap.h"

typedef struct {
    int calls;
    lb_status status;
    char name[128];
    bool archivering, secretariaat;
} got;

static void on_who(void *user, const lb_whoami *who, const lb_error *err)
{
    got *g = user;
    g->calls++;
    g->status = err->status;
    snprintf(g->name, sizeof g->name, "%s", who ? who->full_name : "");
    g->archivering = who && lb_whoami_has_role(who, "LB365 \xe2\x80\x93 Archivering");
    g->secretariaat = who && lb_whoami_has_role(who, "LB365 \xe2\x80\x93 Secretariaat");
}

static void run(lb_transport *t)
{
    lb_error err = {0};
    lb_transport_run_until_idle(t, 30000, &err);
}

static void session_for(const lb_test_sim *sim, const char *token)
{
    lb_profile p = {0};
    p.name = (char *)"test";
    p.base_url = (char *)sim->base_url;
    p.token_value = token;
    p.page_size = 1000;
    p.concurrency = 4;
    lb_error err = {0};
    lb_transport *t = lb_transport_new(&p, NULL, &err);
    lb_bus *bus = t ? lb_bus_new(&p, t, &err) : NULL;
    lb_session *s = bus ? lb_session_new(bus, &err) : NULL;
    if (!s)
        tap_bail("no session: %s", err.detail);

    if (strcmp(token, "demo-archief-team") == 0) {
        got g = {0};
        lb_session_whoami(s, on_who, &g, &err);
        run(t);
        ok(g.status == LB_OK && g.archivering && !g.secretariaat,
           "%s holds Archivering through a team only (%s)", token, g.name);
    } else if (strcmp(token, "nobody") == 0) {
        got g = {0};
        lb_session_whoami(s, on_who, &g, &err);
        run(t);
        is_int(g.status, LB_ERR_UNAUTHORIZED, "an unknown token: unauthorized");
        ok(lb_session_cached(s) == NULL, "an error is not cached");
        lb_session_whoami(s, on_who, &g, &err);
        run(t);
        is_int((long long)lb_session_requests(s), 2, "so the next call asks again");
    } else {
        got a = {0}, b = {0}, c = {0};
        ok(lb_session_cached(s) == NULL, "nothing cached at first");
        is_int(lb_session_whoami(s, on_who, &a, &err), LB_OK, "first caller");
        lb_session_whoami(s, on_who, &b, &err);
        is_int(a.calls + b.calls, 0, "no callback inside lb_session_whoami");
        run(t);
        ok(a.calls == 1 && b.calls == 1, "both callers answered once");
        is_str(a.name, "An Peeters", "whoami: %s", a.name);
        is_str(b.name, a.name, "the second caller got the same answer");
        ok(a.secretariaat && !a.archivering, "roles: Secretariaat, not Archivering");
        is_int((long long)lb_session_requests(s), 1, "one request for two callers");
        ok(lb_session_cached(s) != NULL, "cached");
        lb_session_whoami(s, on_who, &c, &err);
        is_int(c.calls, 0, "from the cache, still not inside the call");
        run(t);
        ok(c.calls == 1 && strcmp(c.name, "An Peeters") == 0, "a later caller from the cache");
        is_int((long long)lb_session_requests(s), 1, "without a new request");
        lb_session_forget(s);
        ok(lb_session_cached(s) == NULL, "forget drops the cache");
        lb_session_whoami(s, on_who, &c, &err);
        lb_session_forget(s);
        run(t);
        is_int(c.calls, 1, "a load cancelled by forget calls nobody");
        lb_session_whoami(s, on_who, &c, &err);
        run(t);
        ok(c.calls == 2 && lb_session_requests(s) == 3, "then it asks again");
    }
    lb_session_free(s);
    lb_bus_free(bus);
    lb_transport_free(t);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    lb_test_sim sim;
    if (lb_test_sim_start(&sim, NULL) != 0)
        tap_bail("lbbus-sim did not start");
    session_for(&sim, "demo-secretaris");
    session_for(&sim, "demo-archief-team");
    session_for(&sim, "nobody");
    lb_test_sim_stop(&sim);
    curl_global_cleanup();
    return tap_done();
}
