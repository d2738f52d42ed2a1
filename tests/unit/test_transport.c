/* test_transport.c — the curl multi transport against lbbus-sim: a poll()
 * loop that owns the keyboard too, cancellation, connection reuse, the byte
 * cap, slow and truncated bodies, refused URLs and headers, no redirects,
 * HTTPS with a test CA (wrong CA, pin, client key passphrase) and a Unix
 * socket. */
#include "config.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "client/transport.h"
#include "tests/sim_harness.h"
#include "tests/tap.h"

#define AUTH "Authorization: Bearer demo-secretaris"

static char workdir[] = "/tmp/lbtransport.XXXXXX";

static lb_profile profile_for(const char *base_url, int concurrency)
{
    lb_profile p = {0};
    p.name = (char *)"test";
    p.base_url = (char *)base_url;
    p.token_value = "demo-secretaris";
    p.page_size = 1000;
    p.concurrency = concurrency;
    return p;
}

/* One finished transfer, copied out of the callback. */
typedef struct {
    bool done;
    lb_status status;
    int http, curl_code;
    size_t body_len;
    long connects;
    char etag[128], location[256], detail[256];
    long long at;
} outcome;

static void record(void *user, const lb_transfer_result *r)
{
    outcome *o = user;
    o->done = true;
    o->status = r->err.status;
    o->http = r->http_status;
    o->curl_code = r->curl_code;
    o->body_len = r->body_len;
    o->connects = r->connects;
    snprintf(o->etag, sizeof o->etag, "%s", r->etag ? r->etag : "");
    snprintf(o->location, sizeof o->location, "%s", r->location ? r->location : "");
    snprintf(o->detail, sizeof o->detail, "%s", r->err.detail);
    o->at = lb_now_ms();
}

static lb_transfer *get(lb_transport *t, const char *const *segs, size_t cap, outcome *o)
{
    char *url = NULL;
    lb_error err = {0};
    if (lb_transport_url(t, segs, NULL, 0, &url, &err) != LB_OK)
        return NULL;
    const char *headers[] = {AUTH, "Accept: application/json", NULL};
    lb_transfer_spec s = {.method = "GET", .url = url, .headers = headers, .max_body_bytes = cap};
    memset(o, 0, sizeof *o);
    lb_transfer *x = lb_transfer_start(t, &s, record, o, &err);
    free(url);
    return x;
}

static const char *const HEALTH[] = {"health", NULL};
static const char *const MEETINGS[] = {"crm", "meetings", NULL};

static void set_faults(const lb_test_sim *sim, const char *json)
{
    lb_test_response r;
    if (lb_test_http(sim, "POST", "/_sim/faults", "demo-secretaris", NULL, json, strlen(json),
                     &r) != 0 ||
        r.status != 204)
        tap_bail("POST /_sim/faults %s failed", json);
    lb_test_response_done(&r);
}

/* ---- the event loop: keyboard and network in one poll() ---- */

static void event_loop(const lb_test_sim *sim)
{
    lb_profile p = profile_for(sim->base_url, 4);
    lb_error err = {0};
    lb_transport *t = lb_transport_new(&p, NULL, &err);
    ok(t != NULL, "a transport for %s", sim->base_url);
    if (!t)
        return;
    ok(lb_transport_idle(t), "idle at first");
    is_int(lb_transport_timeout_ms(t), -1, "no timer while idle: poll may wait on keys alone");
    set_faults(sim, "{\"latencyMs\":300}");
    outcome o[6];
    long long t0 = lb_now_ms();
    int started = 0;
    for (int i = 0; i < 6; i++)
        started += get(t, i % 2 ? HEALTH : MEETINGS, 0, &o[i]) != NULL;
    is_int(started, 6, "six transfers started");
    ok(lb_now_ms() - t0 < 200, "starting them did not wait for the 300 ms answers (%lld ms)",
       lb_now_ms() - t0);
    ok(!o[0].done, "no callback runs inside lb_transfer_start");

    /* A "keyboard": a pipe the test writes a key into half-way. */
    int keys[2];
    if (pipe(keys) != 0)
        tap_bail("pipe");
    bool key_seen = false, wrote = false;
    int loops = 0;
    long long deadline = lb_now_ms() + 20000;
    int done = 0;
    while (done < 6 && lb_now_ms() < deadline) {
        struct pollfd fds[16];
        fds[0] = (struct pollfd){.fd = keys[0], .events = POLLIN};
        size_t n = lb_transport_fds(t, fds + 1, 15);
        if (n > 15)
            tap_bail("too many sockets");
        int wait = lb_transport_timeout_ms(t);
        if (wait < 0 || wait > 1000)
            wait = 1000;
        if (!wrote && lb_now_ms() - t0 > 50) {
            if (write(keys[1], "q", 1) != 1)
                tap_bail("write");
            wrote = true;
        }
        int r = poll(fds, n + 1, wait);
        if (r < 0 && errno != EINTR)
            tap_bail("poll: %s", strerror(errno));
        if (r > 0 && (fds[0].revents & POLLIN)) {
            char c;
            key_seen = read(keys[0], &c, 1) == 1 && c == 'q' && done < 6;
        }
        lb_transport_dispatch(t, fds + 1, r > 0 ? n : 0);
        loops++;
        done = 0;
        for (int i = 0; i < 6; i++)
            done += o[i].done;
    }
    close(keys[0]);
    close(keys[1]);
    is_int(done, 6, "all six finished through the caller's poll() loop (%d turns)", loops);
    ok(key_seen, "the same poll() saw a key press while the transfers were on the way");
    int good = 0;
    for (int i = 0; i < 6; i++)
        good += o[i].status == LB_OK && o[i].http == 200 && o[i].body_len > 0;
    is_int(good, 6, "each one 200 with a body");
    ok(lb_transport_idle(t), "idle again");
    set_faults(sim, "{}");
    lb_transport_free(t);
}

/* ---- cancellation ---- */

static void cancellation(const lb_test_sim *sim)
{
    lb_profile p = profile_for(sim->base_url, 4);
    lb_error err = {0};
    lb_transport *t = lb_transport_new(&p, NULL, &err);
    set_faults(sim, "{\"latencyMs\":800}");
    outcome a, b;
    lb_transfer *xa = get(t, MEETINGS, 0, &a);
    lb_transfer *xb = get(t, HEALTH, 0, &b);
    ok(xa && xb, "two slow transfers started");
    /* Let them connect and send before cancelling one. */
    long long stop_at = lb_now_ms() + 100;
    while (lb_now_ms() < stop_at) {
        struct pollfd fds[8];
        size_t n = lb_transport_fds(t, fds, 8);
        int r = poll(fds, n, 20);
        lb_transport_dispatch(t, fds, r > 0 ? n : 0);
    }
    lb_transfer_cancel(xa);
    is_int(lb_transport_run_until_idle(t, 10000, &err), LB_OK, "the other one runs to the end");
    ok(!a.done, "the cancelled transfer's callback never ran");
    ok(b.done && b.http == 200, "the other one finished: %d", b.http);

    lb_transfer *xc = get(t, MEETINGS, 0, &a);
    lb_transfer_cancel(xc);
    ok(lb_transport_idle(t), "cancelled right after the start: idle at once");
    unsigned long id = lb_timer_add(t, 10, NULL, NULL);
    lb_timer_cancel(t, id);
    ok(lb_transport_idle(t), "a cancelled timer leaves nothing pending");
    set_faults(sim, "{}");
    lb_transport_free(t);
}

/* ---- connection reuse ---- */

static void on_chain(void *user, const lb_transfer_result *r);

typedef struct {
    lb_transport *t;
    int left, ok200;
} chain;

static void next_in_chain(chain *c)
{
    char *url = NULL;
    lb_error err = {0};
    lb_transport_url(c->t, HEALTH, NULL, 0, &url, &err);
    lb_transfer_spec s = {.method = "GET", .url = url};
    if (!lb_transfer_start(c->t, &s, on_chain, c, &err))
        c->left = 0;
    free(url);
}

static void on_chain(void *user, const lb_transfer_result *r)
{
    chain *c = user;
    c->ok200 += r->http_status == 200;
    if (--c->left > 0)
        next_in_chain(c); /* started from inside a completion callback */
}

static void counting(void *user, const lb_transfer_result *r)
{
    int *n = user;
    *n += r->http_status == 200;
}

static void reuse(const lb_test_sim *sim)
{
    lb_profile p = profile_for(sim->base_url, 4);
    lb_error err = {0};
    lb_transport *t = lb_transport_new(&p, NULL, &err);
    chain c = {.t = t, .left = 200};
    next_in_chain(&c);
    lb_transport_run_until_idle(t, 60000, &err);
    lb_transport_stats st;
    lb_transport_get_stats(t, &st);
    is_int(c.ok200, 200, "200 sequential requests answered");
    ok(st.connects >= 1 && st.connects <= 4, "200 sequential requests opened %lu connection(s)",
       st.connects);
    tap_diag("connection reuse, sequential: %lu requests, %lu connections", st.transfers,
             st.connects);

    int n = 0;
    char *url = NULL;
    lb_transport_url(t, HEALTH, NULL, 0, &url, &err);
    lb_transfer_spec s = {.method = "GET", .url = url};
    for (int i = 0; i < 200; i++)
        lb_transfer_start(t, &s, counting, &n, &err);
    free(url);
    lb_transport_run_until_idle(t, 60000, &err);
    lb_transport_stats st2;
    lb_transport_get_stats(t, &st2);
    is_int(n, 200, "200 requests at once answered");
    ok(st2.connects - st.connects <= 4,
       "at once they opened %lu more connection(s): at most the concurrency (4)",
       st2.connects - st.connects);
    tap_diag("connection reuse, 200 at once: %lu new connections", st2.connects - st.connects);
    lb_transport_free(t);
}

/* ---- limits: byte cap, slow drip, truncation ---- */

static void limits(const lb_test_sim *sim)
{
    lb_profile p = profile_for(sim->base_url, 4);
    lb_error err = {0};
    lb_transport_options opt;
    lb_transport_options_default(&opt);
    opt.low_speed_bytes = 2000;
    opt.low_speed_secs = 1;
    lb_transport *t = lb_transport_new(&p, &opt, &err);
    outcome o;

    get(t, MEETINGS, 1000, &o);
    lb_transport_run_until_idle(t, 20000, &err);
    is_int(o.status, LB_ERR_TOO_LARGE, "a 1000-byte cap on a page of meetings: %s",
           lb_status_name(o.status));
    get(t, MEETINGS, 0, &o);
    lb_transport_run_until_idle(t, 20000, &err);
    ok(o.status == LB_OK && o.body_len > 1000, "without the cap it arrives (%zu bytes)",
       o.body_len);

    set_faults(sim, "{\"dripBytesPerSec\":200}");
    long long t0 = lb_now_ms();
    get(t, MEETINGS, 0, &o);
    lb_transport_run_until_idle(t, 20000, &err);
    is_int(o.status, LB_ERR_TIMEOUT, "a body at 200 B/s is aborted by the low-speed limit: %s (%s)",
           lb_status_name(o.status), o.detail);
    ok(lb_now_ms() - t0 < 10000, "within seconds (%lld ms)", lb_now_ms() - t0);

    set_faults(sim, "{\"truncateRate\":1}");
    get(t, MEETINGS, 0, &o);
    lb_transport_run_until_idle(t, 20000, &err);
    is_int(o.status, LB_ERR_NETWORK, "a body cut short is an error, not a crash: %s (%s)",
           lb_status_name(o.status), o.detail);
    set_faults(sim, "{}");
    lb_transport_free(t);
}

/* ---- refused before anything is sent ---- */

static void refusals(const lb_test_sim *sim)
{
    lb_error err = {0};
    const char *bad[] = {
        "http://192.0.2.1", "http://lb-bus.example.be", "http://127.0.0.1@evil.example",
        "ftp://127.0.0.1/", "file:///etc/passwd",       "unix:relative.sock"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        lb_profile p = profile_for(bad[i], 4);
        lb_transport *t = lb_transport_new(&p, NULL, &err);
        ok(!t && err.status == LB_ERR_CONFIG, "base URL %s refused before any connection", bad[i]);
        lb_transport_free(t);
    }
    lb_profile p = profile_for("https://lb-bus.example.be/api/", 4);
    lb_transport *t = lb_transport_new(&p, NULL, &err);
    ok(t != NULL, "https to any host is fine");
    char *url = NULL;
    const char *segs[] = {"crm", "meetings", "a/b c?d#e%", NULL};
    lb_query_param q[] = {{"q", "x&y=z é"}, {"orderby", "name asc"}};
    is_int(lb_transport_url(t, segs, q, 2, &url, &err), LB_OK, "URL built");
    is_str(url,
           /* curl_url writes the hex digits in lower case */
           "https://lb-bus.example.be/api/crm/meetings/a%2fb%20c%3fd%23e%25"
           "?q=x%26y%3dz%20%c3%a9&orderby=name%20asc",
           "an id stays one segment; values are encoded; the base path is kept");
    free(url);
    const char *empty[] = {"crm", "meetings", "", NULL};
    is_int(lb_transport_url(t, empty, NULL, 0, &url, &err), LB_ERR_INVALID_INPUT,
           "an empty id is refused (it would name the list)");
    const char *dots[] = {"crm", "..", "x", NULL};
    is_int(lb_transport_url(t, dots, NULL, 0, &url, &err), LB_ERR_INVALID_INPUT,
           "a '..' segment is refused");

    is_int(lb_transport_link_url(t, "/crm/meetings?$skiptoken=eyJ4Ijo1fQ&state=all", &url, &err),
           LB_OK, "a root-relative next link is accepted");
    is_str(url, "https://lb-bus.example.be/crm/meetings?$skiptoken=eyJ4Ijo1fQ&state=all",
           "joined to the base host only, its bytes unchanged");
    free(url);
    const char *links[] = {"https://evil.example/crm/meetings",
                           "//evil.example/crm",
                           "/crm\\..\\x",
                           "/crm/a b",
                           "/crm/\r\nX: y",
                           "crm/meetings",
                           "/crm#frag",
                           ""};
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
        url = NULL;
        lb_status st = lb_transport_link_url(t, links[i], &url, &err);
        ok(st == LB_ERR_BAD_RESPONSE && !url, "next link #%zu refused (%s)", i, err.detail);
    }

    /* Header injection. */
    lb_transport_free(t);
    p = profile_for(sim->base_url, 4);
    t = lb_transport_new(&p, NULL, &err);
    lb_transport_url(t, HEALTH, NULL, 0, &url, &err);
    const char *evil[] = {"If-Match: W/\"1\"\r\nX-Evil: 1", NULL};
    lb_transfer_spec s = {.method = "GET", .url = url, .headers = evil};
    outcome o = {0};
    lb_transfer *x = lb_transfer_start(t, &s, record, &o, &err);
    ok(!x && err.status == LB_ERR_INVALID_INPUT, "a header with CR/LF is refused: %s", err.detail);
    const char *lf[] = {"X-A: b\nc", NULL};
    s.headers = lf;
    ok(!lb_transfer_start(t, &s, record, &o, &err), "a bare LF too");
    s.headers = NULL;
    const char *secret_lf[] = {"Authorization: Bearer a\r\nX: y", NULL};
    s.secret_headers = secret_lf;
    ok(!lb_transfer_start(t, &s, record, &o, &err), "and in a secret header");
    s.secret_headers = NULL;
    s.method = "TRACE";
    ok(!lb_transfer_start(t, &s, record, &o, &err), "an unknown method is refused");
    ok(lb_transport_idle(t), "nothing was started");
    lb_transport_stats st;
    lb_transport_get_stats(t, &st);
    is_int((long long)st.connects, 0, "no connection was opened");
    free(url);
    lb_transport_free(t);
}

/* ---- redirects are not followed ---- */

/* A one-shot server on a loopback port: answers 302 to wherever. */
static pid_t redirector(int *port, const char *target)
{
    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) != 0 || listen(s, 4) != 0 ||
        getsockname(s, (struct sockaddr *)&a, &len) != 0)
        tap_bail("redirector socket");
    *port = ntohs(a.sin_port);
    pid_t pid = fork();
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        for (int served = 0; served < 4; served++) {
            int c = accept(s, NULL, NULL);
            if (c < 0)
                _exit(1);
            char buf[4096];
            size_t got = 0;
            while (got < sizeof buf - 1) {
                ssize_t r = read(c, buf + got, sizeof buf - 1 - got);
                if (r <= 0)
                    break;
                got += (size_t)r;
                buf[got] = '\0';
                if (strstr(buf, "\r\n\r\n"))
                    break;
            }
            char resp[1024];
            int n = snprintf(resp, sizeof resp,
                             "HTTP/1.1 302 Found\r\nLocation: %s\r\nContent-Length: 0\r\n"
                             "Connection: close\r\n\r\n",
                             target);
            if (write(c, resp, (size_t)n) != n)
                _exit(1);
            close(c);
        }
        _exit(0);
    }
    close(s);
    return pid;
}

static void redirects(const lb_test_sim *sim)
{
    char target[256], base[64];
    snprintf(target, sizeof target, "%s/health", sim->base_url);
    int port = 0;
    pid_t pid = redirector(&port, target);
    snprintf(base, sizeof base, "http://127.0.0.1:%d", port);
    lb_profile p = profile_for(base, 4);
    lb_error err = {0};
    lb_transport *t = lb_transport_new(&p, NULL, &err);
    outcome o;
    get(t, HEALTH, 0, &o);
    lb_transport_run_until_idle(t, 10000, &err);
    ok(o.done && o.status == LB_OK && o.http == 302, "the 302 comes back as is (%d)", o.http);
    is_str(o.location, target, "with its Location");
    lb_transport_stats st;
    lb_transport_get_stats(t, &st);
    is_int((long long)st.connects, 1, "and nothing else was contacted (1 connection)");
    lb_transport_free(t);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
}

/* ---- HTTPS and Unix sockets: our own lbbus-sim, not the harness's ---- */

typedef struct {
    pid_t pid;
    char ready[256];
} proc;

static int spawn(proc *p, const char *const *args)
{
    const char *bin = getenv("LBBUS_SIM");
    const char *argv[32];
    int n = 0;
    argv[n++] = bin;
    for (int i = 0; args[i] && n < 28; i++)
        argv[n++] = args[i];
    argv[n++] = "--ready-fd";
    argv[n++] = "3";
    argv[n] = NULL;
    int fds[2];
    if (!bin || pipe2(fds, O_CLOEXEC) != 0)
        return -1;
    pid_t parent = getpid();
    p->pid = fork();
    if (p->pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != parent || dup2(fds[1], 3) < 0)
            _exit(127);
        setenv("TMPDIR", workdir, 1);
        execv(bin, (char *const *)argv);
        _exit(127);
    }
    close(fds[1]);
    size_t len = 0;
    p->ready[0] = '\0';
    struct pollfd pfd = {fds[0], POLLIN, 0};
    while (len + 1 < sizeof p->ready && poll(&pfd, 1, 60000) > 0) {
        ssize_t r = read(fds[0], p->ready + len, sizeof p->ready - 1 - len);
        if (r <= 0)
            break;
        len += (size_t)r;
        p->ready[len] = '\0';
        if (strchr(p->ready, '\n'))
            break;
    }
    close(fds[0]);
    char *nl = strchr(p->ready, '\n');
    if (!nl)
        return -1;
    *nl = '\0';
    return 0;
}

static void stop(proc *p)
{
    kill(p->pid, SIGTERM);
    waitpid(p->pid, NULL, 0);
}

static const char *file_in(const char *name)
{
    static char paths[8][256];
    static int next;
    char *s = paths[next++ % 8];
    snprintf(s, 256, "%s/%s", workdir, name);
    return s;
}

static lb_status fetch_whoami(lb_transport *t, outcome *o)
{
    const char *segs[] = {"crm", "whoami", NULL};
    lb_error err = {0};
    if (!get(t, segs, 0, o))
        return LB_ERR_INVALID_INPUT;
    lb_transport_run_until_idle(t, 20000, &err);
    return o->status;
}

static int passphrase_asked;

static lb_status give_passphrase(void *user, const char *key_path, lb_secret *out, lb_error *err)
{
    (void)key_path;
    passphrase_asked++;
    return lb_secret_set(out, user, err);
}

static void https(void)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && exec >/dev/null 2>&1 && "
             "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
             "-keyout ca.key -out ca.pem -days 2 -subj /CN=test-ca && "
             "openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout srv.key "
             "-out srv.csr -subj /CN=127.0.0.1 && printf 'subjectAltName=IP:127.0.0.1\\n' >ext && "
             "openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out srv.pem "
             "-days 2 -extfile ext && "
             "openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout cli.key "
             "-out cli.csr -subj /CN=lbterm && openssl x509 -req -in cli.csr -CA ca.pem -CAkey "
             "ca.key -CAcreateserial -out cli.pem -days 2 && "
             "openssl pkey -in cli.key -aes256 -passout pass:geheim -out cli-enc.key && "
             "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
             "-keyout evil.key -out evil.pem -days 2 -subj /CN=evil && "
             "openssl pkey -in srv.key -pubout -outform der | openssl dgst -sha256 -binary | "
             "openssl base64 -A >pin && chmod 600 cli.key cli-enc.key",
             workdir);
    if (system(cmd) != 0) {
        tap_skip("the openssl command is not available", "HTTPS with a test CA");
        return;
    }
    proc sim;
    const char *args[] = {"--db",        file_in("tls.db"),  "--listen",  "127.0.0.1:0",
                          "--tls-cert",  file_in("srv.pem"), "--tls-key", file_in("srv.key"),
                          "--client-ca", file_in("ca.pem"),  NULL};
    if (spawn(&sim, args) != 0) {
        ok(false, "lbbus-sim with TLS started");
        return;
    }
    ok(strncmp(sim.ready, "https://", 8) == 0, "lbbus-sim serves %s", sim.ready);
    lb_profile p = profile_for(sim.ready, 2);
    char ca[256], cert[256], key[256], enc[256], evil[256];
    snprintf(ca, sizeof ca, "%s", file_in("ca.pem"));
    snprintf(cert, sizeof cert, "%s", file_in("cli.pem"));
    snprintf(key, sizeof key, "%s", file_in("cli.key"));
    snprintf(enc, sizeof enc, "%s", file_in("cli-enc.key"));
    snprintf(evil, sizeof evil, "%s", file_in("evil.pem"));
    p.ca_bundle = ca;
    p.client_cert = cert;
    p.client_key = key;
    lb_error err = {0};
    outcome o;

    lb_transport *t = lb_transport_new(&p, NULL, &err);
    is_int(fetch_whoami(t, &o), LB_OK, "HTTPS with the test CA and a client certificate");
    is_int(o.http, 200, "whoami answered 200");
    outcome o2;
    fetch_whoami(t, &o2);
    is_int(o2.connects, 0, "the next request reuses the TLS connection");
    lb_transport_free(t);

    p.ca_bundle = evil;
    t = lb_transport_new(&p, NULL, &err);
    fetch_whoami(t, &o);
    is_int(o.status, LB_ERR_TLS, "a wrong CA fails verification: %s (%s)", lb_status_name(o.status),
           o.detail);
    lb_transport_free(t);
    p.ca_bundle = ca;

    /* The pin of the server's key, then a wrong one. */
    char pin[128] = "sha256//";
    FILE *f = fopen(file_in("pin"), "r");
    if (!f || !fgets(pin + 8, (int)sizeof pin - 8, f))
        tap_bail("cannot read the pin");
    fclose(f);
    p.pin = pin;
    t = lb_transport_new(&p, NULL, &err);
    is_int(fetch_whoami(t, &o), LB_OK, "the right public key pin");
    lb_transport_free(t);
    p.pin = (char *)"sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    t = lb_transport_new(&p, NULL, &err);
    fetch_whoami(t, &o);
    is_int(o.status, LB_ERR_TLS, "a wrong pin: %s (%s)", lb_status_name(o.status), o.detail);
    lb_transport_free(t);
    p.pin = NULL;

    /* An encrypted client key: the passphrase is asked once. */
    p.client_key = enc;
    lb_transport_options opt;
    lb_transport_options_default(&opt);
    opt.passphrase = give_passphrase;
    opt.passphrase_user = (void *)"geheim";
    passphrase_asked = 0;
    t = lb_transport_new(&p, &opt, &err);
    ok(t != NULL, "a transport with an encrypted client key");
    if (t) {
        is_int(fetch_whoami(t, &o), LB_OK, "HTTPS with the decrypted key");
        fetch_whoami(t, &o);
        fetch_whoami(t, &o);
    }
    is_int(passphrase_asked, 1, "the passphrase was asked once for three requests");
    lb_transport_free(t);
    opt.passphrase_user = (void *)"wrong";
    t = lb_transport_new(&p, &opt, &err);
    ok(!t && err.status == LB_ERR_TLS, "a wrong passphrase: %s", lb_status_name(err.status));
    lb_transport_free(t);
    opt.passphrase = NULL;
    t = lb_transport_new(&p, &opt, &err);
    ok(!t, "no passphrase callback: refused at once");
    lb_transport_free(t);
    stop(&sim);
}

static void unix_socket(void)
{
    proc sim;
    char sock[256], base[300];
    snprintf(sock, sizeof sock, "%s", file_in("bus.sock"));
    const char *args[] = {"--demo", "--unix", sock, NULL};
    if (spawn(&sim, args) != 0) {
        ok(false, "lbbus-sim on a Unix socket started");
        return;
    }
    snprintf(base, sizeof base, "unix:%s", sock);
    lb_profile p = profile_for(base, 2);
    lb_error err = {0};
    lb_transport *t = lb_transport_new(&p, NULL, &err);
    outcome o;
    ok(t && fetch_whoami(t, &o) == LB_OK && o.http == 200, "a request over unix:%s", sock);
    lb_transport_free(t);
    stop(&sim);
}

/* ---- timers ---- */

static void fire(void *user)
{
    long long *at = user;
    *at = lb_now_ms();
}

static void timers(const lb_test_sim *sim)
{
    lb_profile p = profile_for(sim->base_url, 1);
    lb_error err = {0};
    lb_transport *t = lb_transport_new(&p, NULL, &err);
    long long a = 0, b = 0, c = 0, t0 = lb_now_ms();
    lb_timer_add(t, 120, fire, &a);
    lb_timer_add(t, 30, fire, &b);
    unsigned long id = lb_timer_add(t, 60, fire, &c);
    lb_timer_cancel(t, id);
    int wait = lb_transport_timeout_ms(t);
    ok(wait > 0 && wait <= 30, "the next timeout is the earliest timer (%d ms)", wait);
    lb_transport_run_until_idle(t, 5000, &err);
    ok(b && a && b <= a, "timers fire in order (%lld, %lld ms)", b - t0, a - t0);
    ok(a - t0 >= 120, "not early");
    is_int(c, 0, "a cancelled timer never fires");
    lb_transport_free(t);
}

/* ---- watched fds ---- */

typedef struct {
    lb_transport *t;
    int fd;
    unsigned long id;
    int calls;
    bool done;
} watcher;

static void on_watched(void *user)
{
    watcher *w = user;
    char c;
    if (read(w->fd, &c, 1) == 1)
        w->calls++;
    lb_watch_remove(w->t, w->id); /* from inside its own callback */
    w->done = true;
}

static void write_later(void *user)
{
    int *fd = user;
    ok(write(*fd, "x", 1) == 1, "a timer writes to the watched pipe");
}

static void watches(const lb_test_sim *sim)
{
    lb_profile p = profile_for(sim->base_url, 1);
    lb_error err = {0};
    lb_transport *t = lb_transport_new(&p, NULL, &err);
    int fds[2];
    if (pipe(fds) != 0)
        tap_bail("pipe: %s", strerror(errno));
    watcher w = {.t = t, .fd = fds[0]};
    w.id = lb_watch_add(t, fds[0], on_watched, &w);
    ok(w.id > 0, "a watch is added");
    ok(!lb_transport_idle(t), "a watch is pending work");
    struct pollfd pfd[4];
    size_t n = lb_transport_fds(t, pfd, 4);
    ok(n == 1 && pfd[0].fd == fds[0] && pfd[0].events == POLLIN, "its fd is polled for input");
    lb_timer_add(t, 10, write_later, &fds[1]);
    is_int(lb_transport_run_until_idle(t, 5000, &err), LB_OK, "the loop runs until it fired");
    ok(w.done && w.calls == 1, "the callback ran once and read the byte (%d)", w.calls);
    ok(lb_transport_idle(t), "removed: nothing pending");
    is_int((int)lb_transport_fds(t, pfd, 4), 0, "and nothing polled");
    lb_watch_remove(t, 12345); /* unknown: harmless */
    close(fds[0]);
    close(fds[1]);
    lb_transport_free(t);
}

int main(void)
{
    if (!mkdtemp(workdir))
        tap_bail("mkdtemp: %s", strerror(errno));
    curl_global_init(CURL_GLOBAL_DEFAULT);
    lb_test_sim sim;
    const char *args[] = {"--allow-fault-control", NULL};
    if (lb_test_sim_start(&sim, args) != 0)
        tap_bail("lbbus-sim did not start");
    event_loop(&sim);
    cancellation(&sim);
    reuse(&sim);
    limits(&sim);
    refusals(&sim);
    redirects(&sim);
    timers(&sim);
    watches(&sim);
    lb_test_sim_stop(&sim);
    https();
    unix_socket();
    curl_global_cleanup();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", workdir);
    if (system(cmd) != 0)
        tap_diag("could not remove %s", workdir);
    return tap_done();
}
