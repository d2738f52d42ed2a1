/* test_bus.c — the request layer against lbbus-sim: credentials, both error
 * shapes, ETag/If-Match, 429 with Retry-After and the throttle state, retries
 * of idempotent requests only, truncated and slow bodies, refused headers,
 * cancellation, and the process kept non-dumpable while secrets are held. */
#include "config.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client/bus.h"
#include "client/records.h"
#include "tests/sim_harness.h"
#include "tests/tap.h"

static char workdir[] = "/tmp/lbbus.XXXXXX";

typedef struct {
    lb_transport *t;
    lb_bus *bus;
} conn;

static lb_profile profile_for(const char *base_url, const char *token, int concurrency)
{
    lb_profile p = {0};
    p.name = (char *)"test";
    p.base_url = (char *)base_url;
    p.token_value = token;
    p.page_size = 1000;
    p.concurrency = concurrency;
    return p;
}

static bool open_conn(conn *c, const lb_profile *p, const lb_transport_options *opt)
{
    lb_error err = {0};
    c->t = lb_transport_new(p, opt, &err);
    c->bus = c->t ? lb_bus_new(p, c->t, &err) : NULL;
    if (!c->bus)
        tap_diag("connection failed: %s: %s", lb_status_name(err.status), err.detail);
    lb_retry_policy rp;
    lb_retry_policy_default(&rp);
    rp.backoff_ms = 20; /* keep the tests quick; the doubling stays */
    if (c->bus)
        lb_bus_set_retry_policy(c->bus, &rp);
    return c->bus != NULL;
}

static void close_conn(conn *c)
{
    lb_bus_free(c->bus);
    lb_transport_free(c->t);
}

typedef struct {
    bool done;
    lb_status status;
    int http, attempts;
    char detail[256], etag[128], code[64];
    char *body;
    size_t body_len;
    long long at;
} answer;

static void record(void *user, const lb_response *r)
{
    answer *a = user;
    a->done = true;
    a->status = r->err.status;
    a->http = r->http_status;
    a->attempts = r->attempts;
    a->at = lb_now_ms();
    snprintf(a->detail, sizeof a->detail, "%s", r->err.detail);
    snprintf(a->etag, sizeof a->etag, "%s", r->etag ? r->etag : "");
    snprintf(a->code, sizeof a->code, "%s", r->error_code ? r->error_code : "");
    free(a->body);
    a->body = malloc(r->body_len + 1);
    memcpy(a->body, r->body, r->body_len);
    a->body[r->body_len] = '\0';
    a->body_len = r->body_len;
}

static void answer_done(answer *a)
{
    free(a->body);
    memset(a, 0, sizeof *a);
}

static lb_request *send_req(conn *c, const lb_request_spec *s, answer *a)
{
    lb_error err = {0};
    answer_done(a);
    return lb_bus_send(c->bus, s, record, a, &err);
}

static void run(conn *c, int timeout_ms)
{
    lb_error err = {0};
    if (lb_transport_run_until_idle(c->t, timeout_ms, &err) != LB_OK)
        tap_diag("not idle after %d ms", timeout_ms);
}

/* Sends S and waits for the answer. */
static void call(conn *c, const lb_request_spec *s, answer *a)
{
    if (!send_req(c, s, a)) {
        a->status = LB_ERR_INVALID_INPUT;
        return;
    }
    run(c, 60000);
}

static void set_faults(const lb_test_sim *sim, const char *json)
{
    lb_test_response r;
    if (lb_test_http(sim, "POST", "/_sim/faults", "demo-secretaris", NULL, json, strlen(json),
                     &r) != 0 ||
        r.status != 204)
        tap_bail("POST /_sim/faults %s failed", json);
    lb_test_response_done(&r);
}

static const char *const WHOAMI[] = {"crm", "whoami", NULL};
static const char *const SERIES_LIST[] = {"dav", "series", "list", NULL};

/* ---- error shapes, without a server ---- */

static void error_shapes(void)
{
    lb_error err;
    char code[64];
    const char *secrets[] = {"demo-secretaris", "s3cr3t-key-value", NULL};
    const char *dv = "{\"error\":{\"code\":\"0x80040220\",\"message\":\"Principal user is "
                     "missing the role 'LB365 \xe2\x80\x93 Archivering'\"}}";
    lb_bus_error_from_answer(403, dv, strlen(dv), secrets, code, sizeof code, &err);
    is_int(err.status, LB_ERR_FORBIDDEN, "Dataverse 403: forbidden");
    is_str(err.detail, "Principal user is missing the role 'LB365 \xe2\x80\x93 Archivering'",
           "the message names the role (en dash kept)");
    is_str(code, "0x80040220", "the code is kept apart");
    const char *gw = "{\"statusCode\":401,\"message\":\"Access denied due to missing "
                     "subscription key.\"}";
    lb_bus_error_from_answer(401, gw, strlen(gw), secrets, code, sizeof code, &err);
    is_int(err.status, LB_ERR_UNAUTHORIZED, "gateway 401: unauthorized");
    is_str(err.detail, "Access denied due to missing subscription key.", "gateway message");
    is_str(code, "401", "gateway statusCode as the code");
    const char *junk[] = {"{\"error\":",
                          "<html><body>Bad gateway</body></html>",
                          "",
                          "{\"error\":\"text\"}",
                          "[1,2]",
                          "{\"message\":\"no status\"}"};
    for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++) {
        lb_bus_error_from_answer(502, junk[i], strlen(junk[i]), secrets, code, sizeof code, &err);
        ok(err.status == LB_ERR_SERVER && strstr(err.detail, "502") && !code[0],
           "unreadable error body #%zu: %s", i, err.detail);
    }
    const char *hostile = "{\"error\":{\"code\":\"x\",\"message\":\"bad\\u001b[2J "
                          "\\u202eevil\\r\\nX-Injected: 1 token demo-secretaris key "
                          "s3cr3t-key-value \\u0085end\"}}";
    lb_bus_error_from_answer(400, hostile, strlen(hostile), secrets, code, sizeof code, &err);
    is_int(err.status, LB_ERR_INVALID_INPUT, "400: invalid input");
    ok(!strchr(err.detail, '\x1b') && !strchr(err.detail, '\r') && !strchr(err.detail, '\n') &&
           !strstr(err.detail, "\xe2\x80\xae") && !strstr(err.detail, "\xc2\x85"),
       "no ESC, CR, LF, bidi override or C1 in the detail: %s", err.detail);
    ok(!strstr(err.detail, "demo-secretaris") && !strstr(err.detail, "s3cr3t-key-value"),
       "the token and the key are blanked out");
    char out[8];
    lb_printable_copy(out, sizeof out, "abc\xc3\xa9\xc3\xa9\xc3\xa9", 9);
    is_str(out, "abc\xc3\xa9\xc3\xa9", "a copy never cuts a character in half");
    lb_printable_copy(out, sizeof out, "a\xff\xc3", 3);
    is_str(out, "a??", "invalid UTF-8 becomes '?'");
    lb_bus_error_from_answer(302, "", 0, NULL, NULL, 0, &err);
    is_int(err.status, LB_ERR_BAD_RESPONSE, "a redirect is a bad response (never followed)");

    lb_request_spec s = {.method = "GET"};
    ok(lb_request_spec_idempotent(&s), "GET is idempotent");
    s.method = "POST";
    ok(!lb_request_spec_idempotent(&s), "a plain POST is not");
    s.idempotency_key = "k-1";
    ok(lb_request_spec_idempotent(&s), "with an Idempotency-Key it is");
    s = (lb_request_spec){.method = "PATCH", .if_match = "W/\"5\""};
    ok(lb_request_spec_idempotent(&s), "PATCH with If-Match is");
    s = (lb_request_spec){.method = "DELETE"};
    ok(!lb_request_spec_idempotent(&s), "DELETE without If-Match is not retried blindly");
    s = (lb_request_spec){.method = "POST", .idempotent = true};
    ok(lb_request_spec_idempotent(&s), "the DAV create keyed by bronId is (marked)");
}

/* ---- answers from the simulator ---- */

static void basics(const lb_test_sim *sim)
{
    lb_profile p = profile_for(sim->base_url, "demo-secretaris", 4);
    conn c;
    if (!open_conn(&c, &p, NULL)) {
        ok(false, "bus opened");
        return;
    }
    is_int(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0, "not dumpable while the token is held");
    answer a = {0};
    lb_request_spec s = {.method = "GET", .path = WHOAMI};
    call(&c, &s, &a);
    ok(a.status == LB_OK && a.http == 200 && strstr(a.body, "An Peeters"),
       "GET /crm/whoami with the bearer token: %d", a.http);
    is_int(a.attempts, 1, "one attempt");

    static const char *const meetings[] = {"crm", "meetings", NULL};
    lb_query_param q[] = {{"orderby", "name asc"}};
    s = (lb_request_spec){
        .method = "GET", .path = meetings, .query = q, .query_count = 1, .max_page_size = 3};
    call(&c, &s, &a);
    lb_page page;
    lb_page_init(&page);
    lb_error err = {0};
    is_int(lb_page_parse_meetings(a.body, a.body_len, &page, &err), LB_OK,
           "a page of meetings parses");
    is_int((long long)page.count, 3, "Prefer: odata.maxpagesize=3 gives 3");
    ok(page.next_link != NULL, "and a next link");
    char id[64] = "";
    if (page.count)
        snprintf(id, sizeof id, "%s", lb_page_meetings(&page)[0].id);
    lb_page_done(&page);

    const char *one[] = {"crm", "meetings", id, NULL};
    s = (lb_request_spec){.method = "GET", .path = one};
    call(&c, &s, &a);
    ok(a.http == 200 && strncmp(a.etag, "W/\"", 3) == 0, "one meeting with its ETag %s", a.etag);
    const char *body = "{\"statecode\":0,\"statuscode\":1}";
    s = (lb_request_spec){.method = "PATCH",
                          .path = one,
                          .body = body,
                          .body_len = strlen(body),
                          .if_match = "W/\"1\""};
    call(&c, &s, &a);
    ok(a.status == LB_ERR_PRECONDITION && a.http == 412, "a stale If-Match: 412 (%s)", a.detail);
    s = (lb_request_spec){.method = "DELETE", .path = one};
    call(&c, &s, &a);
    is_int(a.status, LB_ERR_FORBIDDEN, "DELETE as secretaris: forbidden");
    ok(strstr(a.detail, "LB365 \xe2\x80\x93 Archivering") != NULL,
       "the Dataverse 403 names the missing role: %s", a.detail);
    ok(a.code[0] != '\0', "with the server's code %s", a.code);

    /* Refused before sending. */
    lb_error e2 = {0};
    s = (lb_request_spec){.method = "PATCH",
                          .path = one,
                          .body = body,
                          .body_len = strlen(body),
                          .if_match = "W/\"1\"\r\nX-Evil: 1"};
    ok(!lb_bus_send(c.bus, &s, record, &a, &e2) && e2.status == LB_ERR_INVALID_INPUT,
       "If-Match with CR/LF refused: %s", e2.detail);
    s = (lb_request_spec){.method = "POST", .path = SERIES_LIST, .idempotency_key = "a\nb"};
    ok(!lb_bus_send(c.bus, &s, record, &a, &e2) && e2.status == LB_ERR_INVALID_INPUT,
       "an Idempotency-Key with LF refused");
    s = (lb_request_spec){.method = "GET", .link = "https://evil.example/crm/meetings"};
    ok(!lb_bus_send(c.bus, &s, record, &a, &e2) && e2.status == LB_ERR_BAD_RESPONSE,
       "a link to another host refused");
    const char *empty_id[] = {"crm", "meetings", "", NULL};
    s = (lb_request_spec){.method = "DELETE", .path = empty_id};
    ok(!lb_bus_send(c.bus, &s, record, &a, &e2), "an empty id refused");
    ok(lb_transport_idle(c.t), "nothing went out");
    close_conn(&c);
    is_int(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 1, "dumpable again once the secrets are gone");

    p.token_value = "not-a-demo-user";
    open_conn(&c, &p, NULL);
    s = (lb_request_spec){.method = "GET", .path = WHOAMI};
    call(&c, &s, &a);
    ok(a.status == LB_ERR_UNAUTHORIZED && strstr(a.detail, "authentication"),
       "an unknown token: Dataverse 401 (%s)", a.detail);
    ok(!strstr(a.detail, "not-a-demo-user"), "the token is not in the detail");
    close_conn(&c);
    answer_done(&a);
}

static const char *write_file(const char *name, const char *content)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", workdir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        tap_bail("cannot write %s", path);
    fputs(content, f);
    fclose(f);
    chmod(path, 0600);
    return path;
}

static void gateway(void)
{
    char keyfile[256], wrongfile[256];
    snprintf(keyfile, sizeof keyfile, "%s", write_file("sub.key", "k3y-0123456789abcdef\n"));
    snprintf(wrongfile, sizeof wrongfile, "%s", write_file("wrong.key", "wrong-key-value\n"));
    lb_test_sim sim;
    const char *args[] = {"--subscription-key-file", keyfile, NULL};
    if (lb_test_sim_start(&sim, args) != 0) {
        ok(false, "lbbus-sim with a subscription key started");
        return;
    }
    lb_profile p = profile_for(sim.base_url, "demo-secretaris", 2);
    conn c;
    answer a = {0};
    lb_request_spec s = {.method = "GET", .path = WHOAMI};
    open_conn(&c, &p, NULL);
    call(&c, &s, &a);
    is_int(a.status, LB_ERR_UNAUTHORIZED, "no subscription key: unauthorized");
    ok(strstr(a.detail, "missing subscription key") != NULL, "the gateway's message: %s", a.detail);
    is_str(a.code, "401", "read from the gateway shape {statusCode, message}");
    close_conn(&c);
    p.subscription_key_file = wrongfile;
    open_conn(&c, &p, NULL);
    call(&c, &s, &a);
    ok(a.status == LB_ERR_UNAUTHORIZED && strstr(a.detail, "invalid subscription key"),
       "a wrong key: %s", a.detail);
    ok(!strstr(a.detail, "wrong-key-value"), "the key is not in the detail");
    close_conn(&c);
    p.subscription_key_file = keyfile;
    open_conn(&c, &p, NULL);
    call(&c, &s, &a);
    ok(a.status == LB_OK && a.http == 200, "the right key (Ocp-Apim-Subscription-Key): %d", a.http);
    close_conn(&c);
    chmod(keyfile, 0644);
    lb_error err = {0};
    lb_transport *t = lb_transport_new(&p, NULL, &err);
    lb_bus *bus = lb_bus_new(&p, t, &err);
    ok(!bus && err.status == LB_ERR_SECRET_PERMS, "a key file others can read is refused");
    lb_bus_free(bus);
    lb_transport_free(t);
    is_int(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 1, "dumpable again after the failed start");
    lb_test_sim_stop(&sim);
    answer_done(&a);
}

/* ---- 429 and the throttle state ---- */

typedef struct {
    int on, off;
    long seconds;
    long long since;
    conn *c;
    answer *held;
    bool held_waited; /* not on the wire while throttled */
} throttle_log;

static void on_throttle(void *user, bool throttled, long seconds)
{
    throttle_log *l = user;
    if (throttled) {
        if (!l->on++) {
            l->seconds = seconds;
            l->since = lb_now_ms();
            /* A new request while throttled must wait for the end. */
            lb_request_spec s = {.method = "GET", .path = WHOAMI};
            lb_request *r = send_req(l->c, &s, l->held);
            l->held_waited = r && !lb_request_sent(r) && lb_bus_throttled_ms(l->c->bus) > 0;
        }
    } else {
        l->off++;
    }
}

static void rate_limited(void)
{
    lb_test_sim sim;
    const char *args[] = {"--rate-limit", "4/1", NULL};
    if (lb_test_sim_start(&sim, args) != 0) {
        ok(false, "lbbus-sim with --rate-limit started");
        return;
    }
    lb_profile p = profile_for(sim.base_url, "demo-secretaris", 2);
    conn c;
    open_conn(&c, &p, NULL);
    lb_retry_policy rp;
    lb_retry_policy_default(&rp);
    rp.max_attempts = 10;
    lb_bus_set_retry_policy(c.bus, &rp);
    answer held = {0};
    throttle_log log = {.c = &c, .held = &held};
    lb_bus_set_throttle_fn(c.bus, on_throttle, &log);
    enum { N = 10 };
    answer a[N];
    memset(a, 0, sizeof a);
    lb_request_spec s = {.method = "GET", .path = WHOAMI};
    long long t0 = lb_now_ms();
    for (int i = 0; i < N; i++)
        send_req(&c, &s, &a[i]);
    run(&c, 60000);
    int good = 0, retried = 0;
    for (int i = 0; i < N; i++) {
        good += a[i].status == LB_OK && a[i].http == 200;
        retried += a[i].attempts > 1;
    }
    is_int(good, N, "%d requests over a 4-per-second limit all end in 200", N);
    ok(retried > 0, "%d of them were retried after a 429", retried);
    ok(log.on > 0 && log.seconds >= 1, "the throttle callback said busy, retry in %ld s",
       log.seconds);
    ok(log.off > 0, "and later that it is over");
    is_int(lb_bus_throttled_ms(c.bus), 0, "not throttled at the end");
    ok(lb_now_ms() - t0 >= 1000, "Retry-After was honoured: %lld ms in all", lb_now_ms() - t0);
    ok(held.done && held.status == LB_OK, "a request sent while throttled succeeded");
    ok(log.held_waited, "it was held while throttled, not sent into the 429");
    ok(held.at - log.since >= log.seconds * 1000 - 100,
       "and answered only after the throttle (%lld ms after it began)", held.at - log.since);
    for (int i = 0; i < N; i++)
        answer_done(&a[i]);
    answer_done(&held);

    /* A plain POST may go again after a 429: the limit refuses before any
     * work is done. */
    lb_bus_set_throttle_fn(c.bus, NULL, NULL);
    lb_request_spec post = {.method = "POST", .path = SERIES_LIST, .body = "{}", .body_len = 2};
    good = retried = 0;
    for (int i = 0; i < 6; i++)
        send_req(&c, &post, &a[i]);
    run(&c, 60000);
    for (int i = 0; i < 6; i++) {
        good += a[i].status == LB_OK;
        retried += a[i].attempts > 1;
        answer_done(&a[i]);
    }
    ok(good == 6 && retried > 0, "plain POSTs refused with 429 are sent again: %d ok, %d retried",
       good, retried);
    close_conn(&c);
    lb_test_sim_stop(&sim);
}

/* ---- faults: 503/500, drops, truncation, drip ---- */

static void faults(const lb_test_sim *sim)
{
    lb_profile p = profile_for(sim->base_url, "demo-archivaris", 1);
    conn c;
    lb_transport_options opt;
    lb_transport_options_default(&opt);
    opt.low_speed_bytes = 2000;
    opt.low_speed_secs = 1;
    open_conn(&c, &p, &opt);
    answer a = {0};
    lb_request_spec get = {.method = "GET", .path = WHOAMI};
    lb_request_spec post = {.method = "POST", .path = SERIES_LIST, .body = "{}", .body_len = 2};

    set_faults(sim, "{\"dropRate\":1}");
    call(&c, &get, &a);
    ok(a.status == LB_ERR_NETWORK && a.attempts == 4,
       "dropped connections on a GET: retried, %d attempts, then %s", a.attempts,
       lb_status_name(a.status));
    call(&c, &post, &a);
    ok(a.status == LB_ERR_NETWORK && a.attempts == 1, "a POST without idempotency: %d attempt",
       a.attempts);
    lb_request_spec keyed = post;
    keyed.idempotency_key = "test-key-1";
    call(&c, &keyed, &a);
    is_int(a.attempts, 4, "a POST with an Idempotency-Key is retried");
    lb_request_spec dav = post;
    dav.idempotent = true;
    call(&c, &dav, &a);
    is_int(a.attempts, 4, "a write marked idempotent (DAV create by bronId) is retried");

    set_faults(sim, "{\"dropRate\":0.5,\"seed\":11}");
    int good = 0, tries = 0;
    for (int i = 0; i < 6; i++) {
        call(&c, &get, &a);
        good += a.status == LB_OK;
        tries += a.attempts;
    }
    is_int(good, 6, "with half the connections dropped, six GETs all succeed");
    ok(tries > 6, "after %d attempts", tries);

    set_faults(sim, "{\"errorRate\":1,\"seed\":5}");
    call(&c, &post, &a);
    ok((a.http == 500 || a.http == 503) && a.attempts == 1,
       "a POST answered %d is not retried (%d attempt)", a.http, a.attempts);
    lb_bus_set_throttle_fn(c.bus, NULL, NULL);

    set_faults(sim, "{\"errorRate\":0.5,\"seed\":3}");
    lb_retry_policy rp;
    lb_retry_policy_default(&rp);
    rp.backoff_ms = 20;
    rp.max_attempts = 8;
    lb_bus_set_retry_policy(c.bus, &rp);
    good = 0, tries = 0;
    for (int i = 0; i < 5; i++) {
        call(&c, &get, &a);
        good += a.status == LB_OK;
        tries += a.attempts;
    }
    is_int(good, 5, "500s and 503s on GETs: all five succeed");
    ok(tries > 5, "after %d attempts (503 waits for its Retry-After)", tries);

    set_faults(sim, "{\"errorRate\":1,\"seed\":9}");
    rp.max_attempts = 2;
    lb_bus_set_retry_policy(c.bus, &rp);
    call(&c, &get, &a);
    ok((a.status == LB_ERR_UNAVAILABLE || a.status == LB_ERR_SERVER) && a.attempts == 2,
       "when every try fails: %s after %d attempts (%s)", lb_status_name(a.status), a.attempts,
       a.detail);
    rp.max_attempts = 4;
    lb_bus_set_retry_policy(c.bus, &rp);
    /* Wait for a 503's throttle to lift before the next part. */
    while (lb_bus_throttled_ms(c.bus) > 0)
        run(&c, 5000);

    set_faults(sim, "{\"truncateRate\":1}");
    static const char *const types[] = {"crm", "meetingtypes", NULL};
    lb_request_spec list = {.method = "GET", .path = types};
    call(&c, &list, &a);
    ok(a.status == LB_ERR_NETWORK && a.attempts == 4,
       "a body cut short: %s after %d attempts, no crash (%s)", lb_status_name(a.status),
       a.attempts, a.detail);

    set_faults(sim, "{\"dripBytesPerSec\":300}");
    long long t0 = lb_now_ms();
    call(&c, &list, &a);
    ok(a.status == LB_ERR_TIMEOUT && a.attempts == 1,
       "a slow-drip body: %s after %d attempt in %lld ms (%s)", lb_status_name(a.status),
       a.attempts, lb_now_ms() - t0, a.detail);
    is_str(lb_status_message(a.status), "The LB-bus did not answer in time.",
           "the user reads a clear sentence");

    /* Cancelling a request that waits for its retry. */
    set_faults(sim, "{\"dropRate\":1}");
    rp.backoff_ms = 5000;
    lb_bus_set_retry_policy(c.bus, &rp);
    answer b = {0};
    lb_request *r = send_req(&c, &get, &b);
    bool never = false;
    lb_error err = {0};
    lb_transport_run_until(c.t, &never, 1500, &err);
    ok(!b.done && !lb_transport_idle(c.t), "a dropped GET waits for its retry");
    lb_request_cancel(r);
    ok(lb_transport_idle(c.t), "cancelled while waiting: nothing left pending");
    run(&c, 1000);
    ok(!b.done, "and its callback never ran");
    set_faults(sim, "{}");
    close_conn(&c);
    answer_done(&a);
    answer_done(&b);
}

int main(void)
{
    if (!mkdtemp(workdir))
        tap_bail("mkdtemp: %s", strerror(errno));
    curl_global_init(CURL_GLOBAL_DEFAULT);
    error_shapes();
    lb_test_sim sim;
    const char *args[] = {"--allow-fault-control", NULL};
    if (lb_test_sim_start(&sim, args) != 0)
        tap_bail("lbbus-sim did not start");
    basics(&sim);
    faults(&sim);
    lb_test_sim_stop(&sim);
    gateway();
    rate_limited();
    curl_global_cleanup();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", workdir);
    if (system(cmd) != 0)
        tap_diag("could not remove %s", workdir);
    return tap_done();
}
