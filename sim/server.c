/* server.c — see server.h. One thread per connection (MHD), so a slow
 * client or an injected delay holds only its own thread; database
 * connections come from a pool. */
#include "config.h"

#include "sim/server.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim/auth.h"
#include "sim/handlers.h"
#include "sim/http_util.h"
#include "sim/router.h"
#include "sim/tls.h"

#define JSON_BODY_MAX   (1u << 20)  /* 1 MiB */
#define UPLOAD_BODY_MAX (16u << 20) /* 16 MiB */
#define DB_POOL_SIZE    8

/* Per-request state kept by MHD between calls of the access handler. */
typedef struct conn_state {
    char *body;
    size_t len, cap, limit;
    bool too_big;
} conn_state;

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

static double mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A body served by a content-reader callback: slow drip (RATE bytes per
 * second) or truncated (stops at CUT of the announced LEN, then closes). */
typedef struct reader {
    sim_server *srv;
    char *body;
    size_t len, pos, cut;
    long rate;
    double start;
} reader;

static ssize_t read_body(void *cls, uint64_t pos, char *buf, size_t max)
{
    reader *r = cls;
    if (pos >= r->cut)
        return r->cut < r->len ? MHD_CONTENT_READER_END_WITH_ERROR
                               : MHD_CONTENT_READER_END_OF_STREAM;
    size_t n = r->cut - (size_t)pos;
    if (r->rate > 0) {
        /* Wait (in this connection's own thread) until at least one more byte
         * is due; short naps so that a stop is noticed. */
        for (;;) {
            if (atomic_load(&r->srv->stopping))
                return MHD_CONTENT_READER_END_WITH_ERROR;
            double due = (mono_s() - r->start) * (double)r->rate;
            if (due >= (double)pos + 1) {
                size_t allowed = (size_t)due - (size_t)pos;
                if (allowed < n)
                    n = allowed;
                break;
            }
            sleep_ms(20);
        }
    }
    if (n > max)
        n = max;
    memcpy(buf, r->body + pos, n);
    return (ssize_t)n;
}

static void free_reader(void *cls)
{
    reader *r = cls;
    free(r->body);
    free(r);
}

/* Turns RS into an MHD response and queues it. */
static enum MHD_Result queue(sim_server *srv, struct MHD_Connection *conn, sim_resp *rs,
                             const sim_fault_plan *plan)
{
    struct MHD_Response *resp = NULL;
    bool slow = plan && plan->drip_bytes_per_sec > 0 && rs->len > 0;
    bool cut = plan && plan->kind == SIM_FAULT_TRUNCATE && rs->len > 1;
    if (slow || cut) {
        reader *r = calloc(1, sizeof *r);
        if (r) {
            r->srv = srv;
            r->body = rs->body;
            r->len = rs->len;
            r->cut = cut ? rs->len / 2 : rs->len;
            r->rate = slow ? plan->drip_bytes_per_sec : 0;
            r->start = mono_s();
            resp = MHD_create_response_from_callback(rs->len, 4096, read_body, r, free_reader);
            if (resp)
                rs->body = NULL;
            else
                free(r);
        }
    } else {
        resp = MHD_create_response_from_buffer(rs->len, rs->body ? rs->body : (void *)"",
                                               rs->body ? MHD_RESPMEM_MUST_FREE
                                                        : MHD_RESPMEM_PERSISTENT);
        if (resp)
            rs->body = NULL;
    }
    sim_resp_done(rs);
    if (!resp)
        return MHD_NO;
    if (rs->ctype)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, rs->ctype);
    for (size_t i = 0; i < rs->nhdr; i++)
        MHD_add_response_header(resp, rs->hdr[i].name, rs->hdr[i].value);
    enum MHD_Result ret = MHD_queue_response(conn, rs->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static const char *header(struct MHD_Connection *conn, const char *name)
{
    return MHD_lookup_connection_value(conn, MHD_HEADER_KIND, name);
}

/* The gateway's checks: subscription key and its rate limit. False when RS
 * holds the refusal. */
static bool gateway_checks(sim_server *srv, struct MHD_Connection *conn, sim_resp *rs)
{
    const char *key = header(conn, "Ocp-Apim-Subscription-Key");
    if (srv->cfg->subscription_key) {
        if (!key || !*key) {
            sim_resp_gateway(rs, 401,
                             "Access denied due to missing subscription key. Make sure to "
                             "include subscription key when making requests to an API.");
            return false;
        }
        if (strcmp(key, srv->cfg->subscription_key) != 0) {
            sim_resp_gateway(rs, 401,
                             "Access denied due to invalid subscription key. Make sure to "
                             "provide a valid key for an active subscription.");
            return false;
        }
    }
    if (srv->gateway) {
        /* Per key only when keys are checked; otherwise one bucket, so that
         * made-up keys cannot grow the table. */
        const char *bucket = srv->cfg->subscription_key ? key : "";
        long wait = sim_throttle_take(srv->gateway, bucket);
        if (wait > 0) {
            sim_resp_gateway(rs, 429, "Rate limit is exceeded. Try again in %ld seconds.", wait);
            sim_resp_header(rs, "Retry-After", "%ld", wait);
            return false;
        }
    }
    return true;
}

static enum MHD_Result dispatch(sim_server *srv, struct MHD_Connection *conn, const char *url,
                                const char *method, conn_state *cs)
{
    sim_resp rs = {0};
    const sim_route *route = NULL;
    sim_req rq = {.conn = conn, .method = method, .path = url, .srv = srv};
    char segs[256], allow[64];
    switch (
        sim_route_find(method, url, &route, rq.params, segs, sizeof segs, allow, sizeof allow)) {
    case SIM_ROUTE_NO_PATH:
        sim_resp_error(&rs, 404, "0x80060888", "Resource not found for the segment '%s'.", url);
        return queue(srv, conn, &rs, NULL);
    case SIM_ROUTE_NO_METHOD:
        sim_resp_error(&rs, 405, "0x80060888", "The HTTP method '%s' is not allowed on %s.", method,
                       url);
        sim_resp_header(&rs, "Allow", "%s", allow);
        return queue(srv, conn, &rs, NULL);
    case SIM_ROUTE_FOUND: break;
    }
    bool sim_only = route->flags & SIM_ROUTE_SIM;
    if (srv->cfg->client_ca && !(route->flags & SIM_ROUTE_PUBLIC) && !sim_tls_client_ok(conn)) {
        sim_resp_gateway(&rs, 403, "Invalid client certificate");
        return queue(srv, conn, &rs, NULL);
    }
    if (!(route->flags & SIM_ROUTE_PUBLIC)) {
        if (!gateway_checks(srv, conn, &rs))
            return queue(srv, conn, &rs, NULL);
        rq.user = sim_auth_user(header(conn, MHD_HTTP_HEADER_AUTHORIZATION));
        if (!rq.user) {
            sim_resp_error(&rs, 401, "0x8005F101",
                           "The requested resource requires "
                           "authentication.");
            return queue(srv, conn, &rs, NULL);
        }
    }
    if (cs->too_big) {
        sim_resp_error(&rs, 413, "ETOOLARGE", "The request body is larger than %zu bytes.",
                       cs->limit);
        return queue(srv, conn, &rs, NULL);
    }
    sim_fault_plan plan = {SIM_FAULT_NONE, 0, 0};
    if (!sim_only)
        plan = sim_faults_draw(srv->faults);
    if (plan.kind == SIM_FAULT_DROP)
        return MHD_NO; /* MHD closes the connection without an answer */
    bool entered = false;
    if (!sim_only && rq.user) {
        long wait = sim_throttle_take(srv->throttle, rq.user->id);
        if (wait > 0) {
            sim_resp_error(&rs, 429, "0x80072322",
                           "Number of requests exceeded the limit of %ld over time window of %ld "
                           "seconds.",
                           srv->cfg->rate_n, srv->cfg->rate_secs);
            sim_resp_header(&rs, "Retry-After", "%ld", wait);
            return queue(srv, conn, &rs, NULL);
        }
        entered = sim_throttle_enter(srv->throttle, rq.user->id);
        if (!entered) {
            /* Dataverse's own code and wording for the concurrency limit. */
            sim_resp_error(&rs, 429, "0x80072326",
                           "Number of concurrent requests exceeded the limit of %ld.",
                           srv->cfg->concurrency);
            sim_resp_header(&rs, "Retry-After", "1");
            return queue(srv, conn, &rs, NULL);
        }
    }
    if (plan.latency_ms > 0)
        sleep_ms(plan.latency_ms);
    if (plan.kind == SIM_FAULT_503) {
        sim_resp_error(&rs, 503, "EUNAVAILABLE", "The service is temporarily unavailable.");
        sim_resp_header(&rs, "Retry-After", "1");
    } else if (plan.kind == SIM_FAULT_500) {
        sim_resp_error(&rs, 500, "0x80040216", "An unexpected error occurred.");
    } else {
        rq.body = cs->body;
        rq.body_len = cs->len;
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        rq.db = sim_db_pool_get(srv->pool);
        route->handler(&rq, &rs);
        sim_db_pool_put(srv->pool, rq.db);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        if (!sim_only) {
            atomic_fetch_add(&srv->served, 1);
            atomic_fetch_add(&srv->service_us, (long long)(t1.tv_sec - t0.tv_sec) * 1000000 +
                                                   (t1.tv_nsec - t0.tv_nsec) / 1000);
        }
    }
    if (entered)
        sim_throttle_leave(srv->throttle, rq.user->id);
    /* --drop-upload N: the Nth upload is stored, then its answer is lost */
    if (srv->cfg->drop_upload_nth > 0 && route->handler == sim_h_melding_upload &&
        atomic_fetch_add(&srv->uploads_seen, 1) + 1 == srv->cfg->drop_upload_nth) {
        sim_resp_done(&rs);
        return MHD_NO;
    }
    return queue(srv, conn, &rs, sim_only ? NULL : &plan);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **req_cls)
{
    (void)version;
    sim_server *srv = cls;
    conn_state *cs = *req_cls;
    if (!cs) {
        cs = calloc(1, sizeof *cs);
        if (!cs)
            return MHD_NO;
        cs->limit = (sim_route_flags_for(method, url) & SIM_ROUTE_BIG_BODY) ? UPLOAD_BODY_MAX
                                                                            : JSON_BODY_MAX;
        const char *cl = header(conn, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > cs->limit)
            cs->too_big = true;
        *req_cls = cs;
        if (cs->too_big) /* answer at once: no need to receive it all */
            return dispatch(srv, conn, url, method, cs);
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        if (cs->too_big)
            return MHD_YES;
        if (cs->len + n > cs->limit) {
            cs->too_big = true;
            free(cs->body);
            cs->body = NULL;
            cs->len = cs->cap = 0;
            return MHD_YES;
        }
        if (cs->len + n + 1 > cs->cap) {
            size_t cap = cs->cap ? cs->cap : 4096;
            while (cap < cs->len + n + 1)
                cap *= 2;
            char *b = realloc(cs->body, cap);
            if (!b)
                return MHD_NO;
            cs->body = b;
            cs->cap = cap;
        }
        memcpy(cs->body + cs->len, upload_data, n);
        cs->len += n;
        cs->body[cs->len] = '\0';
        return MHD_YES;
    }
    return dispatch(srv, conn, url, method, cs);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                         enum MHD_RequestTerminationCode code)
{
    (void)cls;
    (void)conn;
    (void)code;
    conn_state *cs = *req_cls;
    if (cs) {
        free(cs->body);
        free(cs);
        *req_cls = NULL;
    }
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "lbbus-sim: cannot read %s: %s\n", path, strerror(errno));
        return NULL;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 8192;
            char *b = realloc(buf, cap);
            if (!b) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = b;
        }
        size_t n = fread(buf + len, 1, 4096, f);
        len += n;
        if (n < 4096)
            break;
    }
    fclose(f);
    buf[len] = '\0';
    return buf;
}

int sim_server_start(sim_server *srv, const sim_config *cfg, int listen_fd)
{
    srv->cfg = cfg;
    atomic_store(&srv->stopping, false);
    srv->pool = sim_db_pool_new(cfg->db_path, DB_POOL_SIZE);
    srv->throttle = sim_throttle_new(cfg->rate_n, cfg->rate_secs, cfg->concurrency);
    srv->faults = sim_faults_new(&cfg->faults);
    if (cfg->gw_rate_n > 0)
        srv->gateway = sim_throttle_new(cfg->gw_rate_n, cfg->gw_rate_secs, 1000000);
    if (!srv->pool || !srv->throttle || !srv->faults || (cfg->gw_rate_n > 0 && !srv->gateway)) {
        fprintf(stderr, "lbbus-sim: out of memory or database unavailable\n");
        sim_server_stop(srv);
        return -1;
    }
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
                     MHD_USE_ERROR_LOG | MHD_USE_POLL;
    if (cfg->tls_cert) {
        srv->tls_cert = slurp(cfg->tls_cert);
        srv->tls_key = slurp(cfg->tls_key);
        if (cfg->client_ca)
            srv->tls_ca = slurp(cfg->client_ca);
        if (!srv->tls_cert || !srv->tls_key || (cfg->client_ca && !srv->tls_ca)) {
            sim_server_stop(srv);
            return -1;
        }
        flags |= MHD_USE_TLS;
    }
    struct MHD_OptionItem tls_opts[] = {
        {srv->tls_cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, srv->tls_cert},
        {srv->tls_cert ? MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END, 0, srv->tls_key},
        {srv->tls_ca ? MHD_OPTION_HTTPS_MEM_TRUST : MHD_OPTION_END, 0, srv->tls_ca},
        {MHD_OPTION_END, 0, NULL},
    };
    srv->daemon =
        MHD_start_daemon(flags, 0, NULL, NULL, on_request, srv, MHD_OPTION_LISTEN_SOCKET, listen_fd,
                         MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
                         MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120, MHD_OPTION_CONNECTION_LIMIT,
                         (unsigned)512, MHD_OPTION_ARRAY, tls_opts, MHD_OPTION_END);
    if (!srv->daemon) {
        fprintf(stderr, "lbbus-sim: the HTTP server did not start%s\n",
                cfg->tls_cert ? " (check --tls-cert and --tls-key)" : "");
        sim_server_stop(srv);
        return -1;
    }
    return 0;
}

void sim_server_stop(sim_server *srv)
{
    atomic_store(&srv->stopping, true);
    if (srv->daemon)
        MHD_stop_daemon(srv->daemon);
    srv->daemon = NULL;
    sim_db_pool_free(srv->pool);
    sim_throttle_free(srv->throttle);
    sim_throttle_free(srv->gateway);
    sim_faults_free(srv->faults);
    free(srv->tls_cert);
    free(srv->tls_key);
    free(srv->tls_ca);
    srv->pool = NULL;
    srv->throttle = srv->gateway = NULL;
    srv->faults = NULL;
    srv->tls_cert = srv->tls_key = srv->tls_ca = NULL;
}
