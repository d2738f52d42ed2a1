/* test_bus_idempotency.c — POST /melding/add with an Idempotency-Key through
 * lb_bus_send: the same key twice names the same melding, the same key with
 * another body is refused, and when the first answer is lost (the
 * connection dropped before the work, or the body cut short after it) the
 * bus retries the keyed POST and still exactly one melding exists. */
#include "config.h"

#include <curl/curl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/bus.h"
#include "client/pager.h"
#include "client/records.h"
#include "tests/sim_harness.h"
#include "tests/tap.h"

/* Long enough that disarming the fault (one loopback request) always
 * happens inside it; the test checks that it did. */
enum { BACKOFF_MS = 1000 };

typedef struct {
    lb_transport *t;
    lb_bus *bus;
} conn;

static bool open_conn(conn *c, const char *base_url)
{
    lb_profile p = {0};
    p.name = (char *)"test";
    p.base_url = (char *)base_url;
    p.token_value = "demo-helpdesk"; /* LB365 – Meldingen (sim/auth.c) */
    p.page_size = 1000;
    p.concurrency = 1;
    lb_error err = {0};
    c->t = lb_transport_new(&p, NULL, &err);
    c->bus = c->t ? lb_bus_new(&p, c->t, &err) : NULL;
    if (!c->bus) {
        tap_diag("connection failed: %s: %s", lb_status_name(err.status), err.detail);
        lb_transport_free(c->t);
        return false;
    }
    lb_retry_policy rp;
    lb_retry_policy_default(&rp);
    rp.backoff_ms = BACKOFF_MS;
    lb_bus_set_retry_policy(c->bus, &rp);
    return true;
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
    char detail[256], code[64];
    char id[64], nummer[64];
} answer;

static void record(void *user, const lb_response *r)
{
    answer *a = user;
    a->done = true;
    a->status = r->err.status;
    a->http = r->http_status;
    a->attempts = r->attempts;
    snprintf(a->detail, sizeof a->detail, "%s", r->err.detail);
    snprintf(a->code, sizeof a->code, "%s", r->error_code ? r->error_code : "");
    if (r->err.status != LB_OK)
        return;
    /* The answer is the melding itself, read as the client reads it. */
    lb_arena arena;
    lb_arena_init(&arena, 0);
    lb_melding m;
    lb_error err = {0};
    if (lb_melding_parse(r->body, r->body_len, &arena, &m, &err) == LB_OK) {
        snprintf(a->id, sizeof a->id, "%s", m.id);
        snprintf(a->nummer, sizeof a->nummer, "%s", m.nummer);
    } else {
        tap_diag("the answer is not a melding: %s", err.detail);
    }
    lb_arena_done(&arena);
}

static void run(conn *c)
{
    lb_error err = {0};
    if (lb_transport_run_until_idle(c->t, 60000, &err) != LB_OK)
        tap_diag("not idle after 60 s");
}

/* The body of a new melding whose description holds MARKER, to find it again. */
static void melding_body(char *out, size_t size, const char *marker, const char *titel)
{
    snprintf(out, size,
             "{\"titel\":\"%s\",\"meldingstype\":\"zwerfvuil\","
             "\"beschrijving\":\"Zakken afval naast de bushalte (%s).\","
             "\"adres\":\"Stationsplein 1, 1700 Dilbeek\",\"kanaal\":\"website\","
             "\"indiener\":{\"type\":\"burger\",\"naam\":\"An Peeters\"}}",
             titel, marker);
}

static lb_request *send_add(conn *c, const char *key, const char *body, answer *a)
{
    static const char *const path[] = {"melding", "add", NULL};
    lb_request_spec s = {.method = "POST",
                         .path = path,
                         .body = body,
                         .body_len = strlen(body),
                         .idempotency_key = key};
    memset(a, 0, sizeof *a);
    lb_error err = {0};
    lb_request *r = lb_bus_send(c->bus, &s, record, a, &err);
    if (!r)
        tap_diag("refused: %s", err.detail);
    return r;
}

static void add(conn *c, const char *key, const char *body, answer *a)
{
    if (send_add(c, key, body, a))
        run(c);
}

/* ---- counting meldingen through the pager (GET /melding?q=MARKER) ---- */

typedef struct {
    bool done;
    lb_status status;
    size_t rows;
    char id[64];
} count_state;

static void count_page(void *user, lb_page *page, size_t index)
{
    count_state *s = user;
    (void)index;
    const lb_melding_summary *m = lb_page_melding_summaries(page);
    if (m && page->count)
        snprintf(s->id, sizeof s->id, "%s", m[0].id);
}

static void count_done(void *user, const lb_error *err, size_t rows, size_t pages)
{
    count_state *s = user;
    (void)pages;
    s->done = true;
    s->status = err->status;
    s->rows = rows;
}

/* How many meldingen mention MARKER; *ID gets one of them. -1 on failure. */
static long count_meldingen(conn *c, const char *marker, char *id, size_t id_size)
{
    static const char *const path[] = {"melding", NULL};
    lb_query_param q[] = {{"q", marker}};
    lb_request_spec s = {.method = "GET", .path = path, .query = q, .query_count = 1};
    count_state st = {0};
    lb_error err = {0};
    if (!lb_pager_new(c->bus, LB_REC_MELDING_SUMMARY, &s, count_page, count_done, &st, &err))
        return -1;
    run(c);
    if (!st.done || st.status != LB_OK)
        return -1;
    snprintf(id, id_size, "%s", st.id);
    return (long)st.rows;
}

static void set_faults(const lb_test_sim *sim, const char *json)
{
    lb_test_response r;
    if (lb_test_http(sim, "POST", "/_sim/faults", "demo-helpdesk", NULL, json, strlen(json), &r) !=
            0 ||
        r.status != 204)
        tap_bail("POST /_sim/faults %s failed", json);
    lb_test_response_done(&r);
}

/* Runs the loop until REQ's first try has failed and it waits for its
 * retry (or until it is done). True when it waits. */
static bool run_until_backoff(conn *c, lb_request *req, const answer *a)
{
    long long deadline = lb_now_ms() + 60000;
    struct pollfd fds[16];
    while (!a->done && lb_request_sent(req)) {
        long long left = deadline - lb_now_ms();
        if (left <= 0)
            return false;
        size_t n = lb_transport_fds(c->t, fds, 16);
        if (n > 16)
            tap_bail("more sockets than expected: %zu", n);
        int wait = lb_transport_timeout_ms(c->t);
        if (wait < 0 || wait > left)
            wait = (int)left;
        if (poll(fds, n, wait) <= 0)
            for (size_t i = 0; i < n; i++)
                fds[i].revents = 0;
        lb_transport_dispatch(c->t, fds, n);
    }
    return !a->done;
}

/* ---- the cases ---- */

static void replay(const lb_test_sim *sim, const char *tag)
{
    conn c;
    if (!open_conn(&c, sim->base_url)) {
        ok(false, "bus opened");
        return;
    }
    char key[64], marker[64], body[512], other[512], id[64];
    snprintf(key, sizeof key, "idem-%s-replay", tag);
    snprintf(marker, sizeof marker, "idemtest-%s-replay", tag);
    melding_body(body, sizeof body, marker, "Zwerfvuil aan de bushalte");
    answer first, second;
    add(&c, key, body, &first);
    ok(first.status == LB_OK && first.http == 201 && first.id[0],
       "a keyed POST /melding/add creates melding %s (%s): %d %s", first.id, first.nummer,
       first.http, first.detail);
    is_int(first.attempts, 1, "in one attempt");
    add(&c, key, body, &second);
    ok(second.status == LB_OK && second.http == 200,
       "the same key again is answered from the key: %d %s", second.http, second.detail);
    is_str(second.id, first.id, "it names the same melding");
    is_str(second.nummer, first.nummer, "with the same number");
    is_int(count_meldingen(&c, marker, id, sizeof id), 1, "one melding exists");
    is_str(id, first.id, "and it is that one");

    melding_body(other, sizeof other, marker, "Een andere titel");
    answer third;
    add(&c, key, other, &third);
    ok(third.http == 422 && strcmp(third.code, "EIDEMPOTENT") == 0,
       "the same key with another body is refused: %d %s (%s)", third.http, third.code,
       third.detail);
    is_int(third.attempts, 1, "and not retried");
    is_int(count_meldingen(&c, marker, id, sizeof id), 1, "still one melding");
    close_conn(&c);
}

/* FAULT is armed for the first try only; WANT_HTTP is the answer to the
 * retry: 201 when the lost try did nothing, 200 (the key's replay) when
 * it had done the work. */
static void lost_answer(const lb_test_sim *sim, const char *tag, const char *fault,
                        const char *what, int want_http)
{
    conn c;
    if (!open_conn(&c, sim->base_url)) {
        ok(false, "bus opened");
        return;
    }
    char key[64], marker[64], body[512], id[64];
    snprintf(key, sizeof key, "idem-%s-%s", tag, what);
    snprintf(marker, sizeof marker, "idemtest-%s-%s", tag, what);
    melding_body(body, sizeof body, marker, "Lekkende brandkraan");
    answer a;
    set_faults(sim, fault);
    lb_request *req = send_add(&c, key, body, &a);
    bool waits = req && run_until_backoff(&c, req, &a);
    set_faults(sim, "{}");
    ok(waits, "%s: the first try failed and the keyed POST waits for its retry", what);
    ok(waits && !a.done && !lb_request_sent(req), "the fault was disarmed before the retry");
    run(&c);
    ok(a.done && a.status == LB_OK, "%s: the retry succeeded: %s %s", what,
       lb_status_name(a.status), a.detail);
    is_int(a.attempts, 2, "%s: in two attempts", what);
    is_int(a.http, want_http, "%s: the retry was answered %d", what, want_http);
    is_int(count_meldingen(&c, marker, id, sizeof id), 1, "%s: exactly one melding exists", what);
    is_str(id, a.id, "%s: the one the answer names", what);
    answer again;
    add(&c, key, body, &again);
    ok(again.http == 200 && strcmp(again.id, a.id) == 0,
       "%s: the key names it afterwards too: %d %s", what, again.http, again.id);
    close_conn(&c);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    lb_test_sim sim;
    const char *args[] = {"--allow-fault-control", NULL};
    if (lb_test_sim_start(&sim, args) != 0)
        tap_bail("lbbus-sim did not start");
    /* Keys and markers unique to this run, though the database is new. */
    char tag[32];
    snprintf(tag, sizeof tag, "%ld", (long)getpid());
    replay(&sim, tag);
    /* The simulator drops the connection before the handler runs: the retry
     * does the work. */
    lost_answer(&sim, tag, "{\"dropRate\":1}", "dropped", 201);
    /* It cuts the body after the handler ran: the retry must not add a
     * second melding. */
    lost_answer(&sim, tag, "{\"truncateRate\":1}", "truncated", 200);
    is_int(lb_test_sim_stop(&sim), 0, "lbbus-sim stopped cleanly");
    curl_global_cleanup();
    return tap_done();
}
