/* bus.c — request queue, credentials, retries and the throttle state. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "client/bus.h"
#include "i18n/i18n.h"

typedef enum { REQ_WAITING, REQ_IN_FLIGHT, REQ_BACKOFF, REQ_FAILED } req_state;

struct lb_request {
    lb_bus *bus;
    req_state state;
    char *method, *url;
    char **headers; /* NULL-terminated, owned */
    void *body;
    size_t body_len, max_bytes;
    bool idempotent;
    bool fresh;      /* spec->fresh_connection */
    char *body_path; /* spec->body_path, owned */
    void (*upload_progress)(void *user, long long sent, long long total);
    void *progress_user;
    lb_body_sink *sink; /* spec->sink, not owned; every attempt writes it */
    int attempts;
    lb_transfer *xfer;
    unsigned long timer;
    lb_error fail; /* REQ_FAILED: delivered from a timer, never from lb_bus_send */
    lb_response_fn done;
    void *user;
    lb_request *prev, *next; /* every request of the bus */
    lb_request *qnext;       /* the wait queue */
};

struct lb_bus {
    lb_transport *t;
    lb_secret auth_line, key_line; /* complete header lines; wiped on free */
    const char *secrets[3];        /* token and key, blanked out of error texts */
    lb_secret token, key;
    int page_size, concurrency, in_flight;
    lb_retry_policy policy;
    lb_throttle_fn throttle_fn;
    void *throttle_user;
    long long throttle_until; /* lb_now_ms(); 0 when not throttled */
    unsigned long throttle_timer;
    /* After a throttle one request goes first; the rest follow when it got
     * through, so a queue of waiting requests does not hit the limit again
     * all at once (and deepen the debt that lengthens Retry-After). */
    bool probing;
    lb_request *all;
    lb_request *qhead, *qtail;
    unsigned long long rng;
};

void lb_retry_policy_default(lb_retry_policy *p)
{
    *p = (lb_retry_policy){
        .max_attempts = 4, .backoff_ms = 250, .backoff_max_ms = 8000, .retry_after_cap_s = 120};
}

/* ---- construction ---- */

static lb_status header_line(lb_secret *out, const char *name, const lb_secret *value,
                             lb_error *err)
{
    size_t n = strlen(name) + 2 + value->len + 1;
    out->data = malloc(n);
    if (!out->data)
        return lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
    snprintf(out->data, n, "%s: %s", name, value->data);
    out->len = n - 1;
    return LB_OK;
}

lb_bus *lb_bus_new(const lb_profile *p, lb_transport *t, lb_error *err)
{
    lb_bus *bus = calloc(1, sizeof *bus);
    if (!bus) {
        lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        return NULL;
    }
    bus->t = t;
    bus->page_size = p->page_size > 0 ? p->page_size : 1000;
    bus->concurrency = lb_transport_concurrency(t);
    lb_retry_policy_default(&bus->policy);
    bus->rng = (unsigned long long)lb_now_ms() ^ ((unsigned long long)getpid() << 32) ^
               0x9e3779b97f4a7c15ULL;
    lb_secret_init(&bus->token);
    lb_secret_init(&bus->key);
    lb_secret_init(&bus->auth_line);
    lb_secret_init(&bus->key_line);
    /* Non-dumpable before the first secret byte is read. */
    lb_secrets_hold();
    if (lb_profile_token(p, &bus->token, err) != LB_OK)
        goto fail;
    {
        static const char prefix[] = "Bearer ";
        lb_secret v = {NULL, sizeof prefix - 1 + bus->token.len};
        v.data = malloc(v.len + 1);
        if (!v.data) {
            lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
            goto fail;
        }
        snprintf(v.data, v.len + 1, "%s%s", prefix, bus->token.data);
        lb_status st = header_line(&bus->auth_line, "Authorization", &v, err);
        lb_secret_done(&v);
        if (st != LB_OK)
            goto fail;
    }
    if (p->subscription_key_file) {
        if (lb_secret_read(p->subscription_key_file, &bus->key, err) != LB_OK ||
            header_line(&bus->key_line, "Ocp-Apim-Subscription-Key", &bus->key, err) != LB_OK)
            goto fail;
    }
    bus->secrets[0] = bus->token.data;
    bus->secrets[1] = bus->key.data;
    return bus;
fail:
    lb_bus_free(bus);
    return NULL;
}

static void request_free(lb_request *r);

void lb_bus_free(lb_bus *bus)
{
    if (!bus)
        return;
    while (bus->all)
        lb_request_cancel(bus->all);
    if (bus->throttle_timer)
        lb_timer_cancel(bus->t, bus->throttle_timer);
    lb_secret_done(&bus->auth_line);
    lb_secret_done(&bus->key_line);
    lb_secret_done(&bus->token);
    lb_secret_done(&bus->key);
    lb_secrets_release();
    free(bus);
}

void lb_bus_set_retry_policy(lb_bus *bus, const lb_retry_policy *p)
{
    bus->policy = *p;
    if (bus->policy.max_attempts < 1)
        bus->policy.max_attempts = 1;
}

void lb_bus_set_throttle_fn(lb_bus *bus, lb_throttle_fn fn, void *user)
{
    bus->throttle_fn = fn;
    bus->throttle_user = user;
}

lb_transport *lb_bus_transport(const lb_bus *bus)
{
    return bus->t;
}

int lb_bus_page_size(const lb_bus *bus)
{
    return bus->page_size;
}

long lb_bus_throttled_ms(const lb_bus *bus)
{
    if (!bus->throttle_until)
        return 0;
    long long left = bus->throttle_until - lb_now_ms();
    return left > 0 ? (long)left : 1; /* the lifting timer has not run yet */
}

/* ---- helpers ---- */

static unsigned long long rng_next(lb_bus *bus)
{
    /* xorshift64*: jitter only, nothing secret. */
    bus->rng ^= bus->rng >> 12;
    bus->rng ^= bus->rng << 25;
    bus->rng ^= bus->rng >> 27;
    return bus->rng * 2685821657736338717ULL;
}

/* DELAY plus up to a tenth of it (at least 100 ms) of jitter. */
static long jitter(lb_bus *bus, long delay_ms)
{
    long span = delay_ms / 10 > 100 ? delay_ms / 10 : 100;
    return delay_ms + (long)(rng_next(bus) % (unsigned long long)(span + 1));
}

bool lb_request_spec_idempotent(const lb_request_spec *spec)
{
    if (strcmp(spec->method, "GET") == 0)
        return true;
    return spec->idempotent || (spec->if_match && *spec->if_match) ||
           (spec->idempotency_key && *spec->idempotency_key);
}

static bool value_ok(const char *v)
{
    for (; *v; v++)
        if ((unsigned char)*v < 0x20 || (unsigned char)*v == 0x7f)
            return false;
    return true;
}

/* Adds "NAME: VALUE" to the request's header list (N entries so far). */
static lb_status add_header(lb_request *r, size_t *n, const char *name, const char *value,
                            lb_error *err)
{
    if (!value_ok(value))
        /* TRANSLATORS: %s is an HTTP header name such as If-Match. */
        return lb_error_set(err, LB_ERR_INVALID_INPUT, 0,
                            _("The %s value holds a line break or another control character."),
                            name);
    size_t len = strlen(name) + 2 + strlen(value) + 1;
    char **h = realloc(r->headers, (*n + 2) * sizeof *h);
    if (!h)
        return lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
    r->headers = h;
    h[*n] = malloc(len);
    if (!h[*n])
        return lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
    snprintf(h[*n], len, "%s: %s", name, value);
    h[++*n] = NULL;
    return LB_OK;
}

static lb_status build_headers(lb_request *r, const lb_request_spec *s, int page_size,
                               lb_error *err)
{
    size_t n = 0;
    char prefer[96] = "";
    if (s->return_representation)
        snprintf(prefer, sizeof prefer, "return=representation");
    if (page_size > 0) {
        size_t at = strlen(prefer);
        snprintf(prefer + at, sizeof prefer - at, "%sodata.maxpagesize=%d", at ? "," : "",
                 page_size > 5000 ? 5000 : page_size);
    }
    lb_status st = add_header(r, &n, "Accept", "application/json", err);
    if (st == LB_OK && (s->body || s->body_path))
        st = add_header(r, &n, "Content-Type",
                        s->content_type ? s->content_type : "application/json", err);
    if (st == LB_OK && s->if_match)
        st = add_header(r, &n, "If-Match", s->if_match, err);
    if (st == LB_OK && s->idempotency_key)
        st = add_header(r, &n, "Idempotency-Key", s->idempotency_key, err);
    if (st == LB_OK && prefer[0])
        st = add_header(r, &n, "Prefer", prefer, err);
    return st;
}

static void request_free(lb_request *r)
{
    for (size_t i = 0; r->headers && r->headers[i]; i++)
        free(r->headers[i]);
    free(r->headers);
    free(r->method);
    free(r->url);
    free(r->body);
    free(r->body_path);
    free(r);
}

static void queue_push(lb_bus *bus, lb_request *r, bool front)
{
    r->state = REQ_WAITING;
    r->qnext = NULL;
    if (!bus->qhead) {
        bus->qhead = bus->qtail = r;
    } else if (front) {
        r->qnext = bus->qhead;
        bus->qhead = r;
    } else {
        bus->qtail->qnext = r;
        bus->qtail = r;
    }
}

static void queue_remove(lb_bus *bus, lb_request *r)
{
    lb_request **pp = &bus->qhead, *prev = NULL;
    while (*pp && *pp != r) {
        prev = *pp;
        pp = &(*pp)->qnext;
    }
    if (!*pp)
        return;
    *pp = r->qnext;
    if (bus->qtail == r)
        bus->qtail = prev;
    r->qnext = NULL;
}

/* Takes R out of the bus: queue, timers, transfer. */
static void detach(lb_request *r)
{
    lb_bus *bus = r->bus;
    if (r->state == REQ_WAITING)
        queue_remove(bus, r);
    if (r->timer)
        lb_timer_cancel(bus->t, r->timer);
    r->timer = 0;
    if (r->xfer) {
        lb_transfer_cancel(r->xfer);
        r->xfer = NULL;
        bus->in_flight--;
    }
    if (r->prev)
        r->prev->next = r->next;
    else
        bus->all = r->next;
    if (r->next)
        r->next->prev = r->prev;
}

static void pump(lb_bus *bus);

bool lb_request_sent(const lb_request *r)
{
    return r->state == REQ_IN_FLIGHT;
}

void lb_request_cancel(lb_request *r)
{
    if (!r)
        return;
    lb_bus *bus = r->bus;
    detach(r);
    request_free(r);
    pump(bus);
}

static void deliver(lb_request *r, const lb_response *resp)
{
    lb_bus *bus = r->bus;
    detach(r);
    r->done(r->user, resp);
    request_free(r);
    pump(bus);
}

/* ---- throttle ---- */

static void throttle_lift(void *user)
{
    lb_bus *bus = user;
    bus->throttle_timer = 0;
    bus->throttle_until = 0;
    if (bus->throttle_fn)
        bus->throttle_fn(bus->throttle_user, false, 0);
    pump(bus);
}

static void throttle_until(lb_bus *bus, long delay_ms)
{
    long long until = lb_now_ms() + delay_ms;
    if (until <= bus->throttle_until)
        return;
    if (bus->throttle_timer)
        lb_timer_cancel(bus->t, bus->throttle_timer);
    bus->throttle_until = until;
    bus->probing = true;
    bus->throttle_timer = lb_timer_add(bus->t, delay_ms, throttle_lift, bus);
    if (bus->throttle_fn)
        bus->throttle_fn(bus->throttle_user, true, delay_ms < 1500 ? 1 : (delay_ms + 500) / 1000);
}

/* ---- the life of a request ---- */

static void on_transfer(void *user, const lb_transfer_result *res);

static void fail_later(void *user)
{
    lb_request *r = user;
    r->timer = 0;
    lb_response resp = {.err = r->fail, .body = "", .retry_after_s = -1, .attempts = r->attempts};
    deliver(r, &resp);
}

static void start(lb_bus *bus, lb_request *r)
{
    lb_transfer_spec ts = {
        .method = r->method,
        .url = r->url,
        .headers = (const char *const *)r->headers,
        .secret_headers = NULL,
        .body = r->body,
        .body_len = r->body_len,
        .max_body_bytes = r->max_bytes,
        .fresh_connect = r->fresh,
        .body_path = r->body_path,
        .upload_progress = r->upload_progress,
        .progress_user = r->progress_user,
        .sink = r->sink,
    };
    const char *secret[3] = {NULL, NULL, NULL};
    size_t ns = 0;
    secret[ns++] = bus->auth_line.data;
    if (bus->key_line.data)
        secret[ns++] = bus->key_line.data;
    ts.secret_headers = secret;
    r->xfer = lb_transfer_start(bus->t, &ts, on_transfer, r, &r->fail);
    if (r->xfer) {
        r->state = REQ_IN_FLIGHT;
        bus->in_flight++;
        return;
    }
    r->state = REQ_FAILED;
    r->timer = lb_timer_add(bus->t, 0, fail_later, r);
}

/* Starts waiting requests while there is room and the bus is not throttled. */
static void pump(lb_bus *bus)
{
    int room = bus->probing ? 1 : bus->concurrency;
    while (bus->qhead && bus->in_flight < room && !bus->throttle_until) {
        lb_request *r = bus->qhead;
        bus->qhead = r->qnext;
        if (!bus->qhead)
            bus->qtail = NULL;
        r->qnext = NULL;
        start(bus, r);
    }
}

static void retry_now(void *user)
{
    lb_request *r = user;
    r->timer = 0;
    queue_push(r->bus, r, true);
    pump(r->bus);
}

static long backoff(lb_bus *bus, int attempts)
{
    long d = bus->policy.backoff_ms;
    for (int i = 1; i < attempts && d < bus->policy.backoff_max_ms; i++)
        d *= 2;
    if (d > bus->policy.backoff_max_ms)
        d = bus->policy.backoff_max_ms;
    return jitter(bus, d);
}

/* Whether (and after how long) to try again. -1: deliver the result. */
static long retry_delay(lb_bus *bus, lb_request *r, const lb_transfer_result *res)
{
    if (r->attempts >= bus->policy.max_attempts)
        return -1;
    int http = res->http_status;
    if (res->err.status == LB_OK && (http == 429 || http == 503)) {
        long ra = res->retry_after_s;
        long cap = bus->policy.retry_after_cap_s;
        long delay =
            ra >= 0 ? jitter(bus, (ra > cap ? cap : ra) * 1000) : backoff(bus, r->attempts);
        /* Everybody waits, not only this request: the bus said it is busy. */
        throttle_until(bus, delay);
        /* A 429 is refused before any work is done, so even a plain POST may
         * go again; a 503 may come from behind the gateway, after work. */
        return (http == 429 || r->idempotent) ? 0 : -1;
    }
    if (!r->idempotent)
        return -1;
    if (res->err.status == LB_ERR_NETWORK ||
        (res->err.status == LB_OK && (http == 500 || http == 502 || http == 504)))
        return backoff(bus, r->attempts);
    return -1;
}

static void on_transfer(void *user, const lb_transfer_result *res)
{
    lb_request *r = user;
    lb_bus *bus = r->bus;
    r->xfer = NULL;
    bus->in_flight--;
    r->attempts++;
    if (res->err.status == LB_OK && res->http_status != 429 && res->http_status != 503)
        bus->probing = false;
    long delay = retry_delay(bus, r, res);
    if (delay == 0) {
        /* The throttle holds it; it goes first when the throttle lifts. */
        queue_push(bus, r, true);
        pump(bus);
        return;
    }
    if (delay > 0) {
        r->state = REQ_BACKOFF;
        r->timer = lb_timer_add(bus->t, delay, retry_now, r);
        if (r->timer) {
            pump(bus);
            return;
        }
    }
    lb_response resp = {
        .err = res->err,
        .http_status = res->http_status,
        .body = res->body,
        .body_len = res->body_len,
        .etag = res->etag,
        .location = res->location,
        .content_type = res->content_type,
        .retry_after_s = res->retry_after_s,
        .attempts = r->attempts,
    };
    char code[64] = "";
    if (res->err.status == LB_OK && (res->http_status < 200 || res->http_status >= 300)) {
        lb_bus_error_from_answer(res->http_status, res->body, res->body_len, bus->secrets, code,
                                 sizeof code, &resp.err);
        resp.error_code = code[0] ? code : NULL;
    }
    deliver(r, &resp);
}

lb_request *lb_bus_send(lb_bus *bus, const lb_request_spec *spec, lb_response_fn done, void *user,
                        lb_error *err)
{
    lb_request *r = calloc(1, sizeof *r);
    if (!r) {
        lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        return NULL;
    }
    r->bus = bus;
    r->done = done;
    r->user = user;
    r->max_bytes = spec->max_body_bytes;
    r->fresh = spec->fresh_connection;
    r->upload_progress = spec->upload_progress;
    r->progress_user = spec->progress_user;
    r->sink = spec->sink;
    static const char *const methods[] = {"GET", "POST", "PUT", "PATCH", "DELETE"};
    bool known = false;
    for (size_t i = 0; spec->method && i < sizeof methods / sizeof methods[0]; i++)
        known = known || strcmp(spec->method, methods[i]) == 0;
    if (!known || (!spec->link && !spec->path)) {
        lb_error_set(err, LB_ERR_INVALID_INPUT, 0, "unsupported method or no path");
        goto fail;
    }
    r->method = strdup(spec->method);
    if (!r->method) {
        lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        goto fail;
    }
    r->idempotent = lb_request_spec_idempotent(spec);
    lb_status st = spec->link ? lb_transport_link_url(bus->t, spec->link, &r->url, err)
                              : lb_transport_url(bus->t, spec->path, spec->query, spec->query_count,
                                                 &r->url, err);
    if (st != LB_OK || build_headers(r, spec, spec->max_page_size, err) != LB_OK)
        goto fail;
    if (spec->body_path && !(r->body_path = strdup(spec->body_path))) {
        lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        goto fail;
    }
    if (spec->body) {
        r->body = malloc(spec->body_len ? spec->body_len : 1);
        if (!r->body) {
            lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
            goto fail;
        }
        memcpy(r->body, spec->body, spec->body_len);
        r->body_len = spec->body_len;
    }
    r->next = bus->all;
    if (bus->all)
        bus->all->prev = r;
    bus->all = r;
    queue_push(bus, r, false);
    pump(bus);
    return r;
fail:
    request_free(r);
    return NULL;
}
