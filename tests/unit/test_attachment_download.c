/* test_attachment_download.c — an attachment streamed to a file against
 * lbbus-sim: a 6 MB body lands byte-exact with no body buffer in memory; the
 * byte cap stops it (announced, and mid-body from a responder that sends no
 * Content-Length); an error answer's JSON is still parsed; a download cut
 * mid-body and retried leaves one copy; a failed write (disk full, a closed
 * pipe) ends it with the errno. Once on the transport, once through the bus
 * as the save screen uses it. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "client/bus.h"
#include "client/melding_fetch.h"
#include "client/transport.h"
#include "tests/sim_harness.h"
#include "tests/tap.h"

#define USER   "demo-helpdesk"
#define AUTH   "Authorization: Bearer " USER
#define BIG    ((size_t)6000000)
#define PREFIX "KEEP" /* bytes before the sink's start: never touched */

static lb_test_sim sim;
static char melding_id[64], attachment_id[64];
static unsigned char *big; /* what the simulator holds */
static char dir[300];

static lb_profile profile(void)
{
    lb_profile p = {0};
    p.name = (char *)"test";
    p.base_url = sim.base_url;
    p.token_value = USER;
    p.page_size = 100;
    p.concurrency = 2;
    return p;
}

static void set_faults(const char *json)
{
    lb_test_response r;
    if (lb_test_http(&sim, "POST", "/_sim/faults", USER, NULL, json, strlen(json), &r) != 0 ||
        r.status != 204)
        tap_bail("POST /_sim/faults %s failed", json);
    lb_test_response_done(&r);
}

/* The first "id" value in JSON, copied into OUT. */
static bool json_id(const char *json, char *out, size_t size)
{
    const char *p = json ? strstr(json, "\"id\":\"") : NULL;
    if (!p)
        return false;
    p += 6;
    size_t n = strcspn(p, "\"");
    if (n == 0 || n >= size)
        return false;
    memcpy(out, p, n);
    out[n] = '\0';
    return true;
}

/* A 6 MB attachment of pseudo-random bytes (every value, NUL included), so
 * a shifted or doubled copy can never compare equal. */
static void upload_big(void)
{
    big = malloc(BIG);
    if (!big)
        tap_bail("no memory");
    unsigned long long x = 0x2545f4914f6cdd1dULL;
    for (size_t i = 0; i < BIG; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        big[i] = (unsigned char)(x >> 24);
    }
    lb_test_response r;
    if (lb_test_http(&sim, "GET", "/melding?$top=1", USER, NULL, NULL, 0, &r) != 0 ||
        r.status != 200 || !json_id(r.body, melding_id, sizeof melding_id))
        tap_bail("no melding to attach to");
    lb_test_response_done(&r);
    char path[200];
    snprintf(path, sizeof path, "/melding/%s/upload?filename=groot.pdf", melding_id);
    const char *headers[] = {"Content-Type: application/pdf", NULL};
    if (lb_test_http(&sim, "PUT", path, USER, headers, (const char *)big, BIG, &r) != 0 ||
        r.status != 201 || !json_id(r.body, attachment_id, sizeof attachment_id))
        tap_bail("the 6 MB upload failed (%ld)", r.status);
    lb_test_response_done(&r);
}

/* A new file in DIR holding PREFIX, its offset after it. */
static int new_file(const char *name, char *path, size_t size)
{
    snprintf(path, size, "%s/%s", dir, name);
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0 || write(fd, PREFIX, strlen(PREFIX)) != (ssize_t)strlen(PREFIX))
        tap_bail("cannot make %s", path);
    return fd;
}

/* True when the file at PATH is PREFIX followed by exactly WANT[0..LEN). */
static bool file_is(const char *path, const unsigned char *want, size_t len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    size_t plen = strlen(PREFIX), total = plen + len;
    unsigned char *got = malloc(total + 1);
    size_t n = got ? fread(got, 1, total + 1, f) : 0;
    fclose(f);
    bool same =
        got && n == total && memcmp(got, PREFIX, plen) == 0 && memcmp(got + plen, want, len) == 0;
    free(got);
    return same;
}

static long long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

/* ---- the transport with a sink ---- */

typedef struct {
    bool done;
    lb_status status;
    int http;
    size_t body_len;
    char body[256], detail[256];
} outcome;

static void record(void *user, const lb_transfer_result *r)
{
    outcome *o = user;
    o->done = true;
    o->status = r->err.status;
    o->http = r->http_status;
    o->body_len = r->body_len;
    snprintf(o->body, sizeof o->body, "%s", r->body);
    snprintf(o->detail, sizeof o->detail, "%s", r->err.detail);
}

/* GET URL into SINK (NULL: into memory), at most CAP bytes (0: default). */
static outcome fetch_url(lb_transport *t, const char *url, lb_body_sink *sink, size_t cap)
{
    outcome o = {0};
    const char *headers[] = {AUTH, NULL};
    lb_transfer_spec s = {
        .method = "GET", .url = url, .headers = headers, .max_body_bytes = cap, .sink = sink};
    lb_error err = {0};
    if (!lb_transfer_start(t, &s, record, &o, &err)) {
        o.status = err.status;
        snprintf(o.detail, sizeof o.detail, "%s", err.detail);
        return o;
    }
    if (lb_transport_run_until_idle(t, 60000, &err) != LB_OK)
        tap_diag("the transfer did not end: %s", err.detail);
    return o;
}

static outcome fetch(lb_transport *t, const char *att, lb_body_sink *sink, size_t cap)
{
    const char *segs[] = {"melding", melding_id, "attachments", att, NULL};
    char *url = NULL;
    lb_error err = {0};
    if (lb_transport_url(t, segs, NULL, 0, &url, &err) != LB_OK)
        tap_bail("no URL: %s", err.detail);
    outcome o = fetch_url(t, url, sink, cap);
    free(url);
    return o;
}

static size_t peak(const lb_transport *t)
{
    lb_transport_stats st;
    lb_transport_get_stats(t, &st);
    return st.body_buffer_peak;
}

static lb_transport *transport(void)
{
    lb_profile p = profile();
    lb_error err = {0};
    lb_transport *t = lb_transport_new(&p, NULL, &err);
    if (!t)
        tap_bail("no transport: %s", err.detail);
    return t;
}

static void sink_whole(void)
{
    lb_transport *t = transport();
    char path[400];
    int fd = new_file("whole", path, sizeof path);
    lb_body_sink sink;
    lb_body_sink_init(&sink, fd);
    is_int(sink.start, (long long)strlen(PREFIX), "the sink starts at the file's offset");
    outcome o = fetch(t, attachment_id, &sink, 0);
    ok(o.status == LB_OK && o.http == 200, "a 6 MB attachment into a file: %s %d",
       lb_status_name(o.status), o.http);
    is_int(sink.written, (long long)BIG, "every byte was written");
    ok(file_is(path, big, BIG), "the file holds the body byte for byte, after what was there");
    is_int((long long)o.body_len, 0, "the result carries no body");
    is_int((long long)peak(t), 0, "no body buffer was allocated for it");
    outcome m = fetch(t, attachment_id, NULL, 0);
    ok(m.status == LB_OK && m.body_len == BIG, "the same into memory still works (%zu bytes)",
       m.body_len);
    ok(peak(t) >= BIG, "and that one does hold a buffer as large as the body (%zu)", peak(t));
    close(fd);
    lb_transport_free(t);
}

static void sink_error_answer(void)
{
    lb_transport *t = transport();
    char path[400];
    int fd = new_file("error", path, sizeof path);
    lb_body_sink sink;
    lb_body_sink_init(&sink, fd);
    outcome o = fetch(t, "geen-bijlage", &sink, 0);
    ok(o.status == LB_OK && o.http == 404, "a missing attachment answers 404 (%d)", o.http);
    ok(strstr(o.body, "\"error\"") && strstr(o.body, "geen-bijlage"),
       "its JSON comes back in memory: %s", o.body);
    ok(sink.written == 0 && file_size(path) == (long long)strlen(PREFIX),
       "nothing of it went to the file");
    close(fd);
    lb_transport_free(t);
}

static void sink_cap_announced(void)
{
    lb_transport *t = transport();
    char path[400];
    int fd = new_file("cap", path, sizeof path);
    lb_body_sink sink;
    lb_body_sink_init(&sink, fd);
    outcome o = fetch(t, attachment_id, &sink, 1000000);
    is_int(o.status, LB_ERR_TOO_LARGE, "a 1 MB cap on a 6 MB Content-Length: %s",
           lb_status_name(o.status));
    is_int(sink.written, 0, "refused before a byte was written");
    close(fd);
    lb_transport_free(t);
}

/* A one-shot server on a loopback port: 200 with LEN bytes, no
 * Content-Length, then it closes (the cap cannot be checked up front). */
static pid_t unannounced(int *port, size_t len)
{
    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof a;
    if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) != 0 || listen(s, 4) != 0 ||
        getsockname(s, (struct sockaddr *)&a, &alen) != 0)
        tap_bail("responder socket");
    *port = ntohs(a.sin_port);
    pid_t pid = fork();
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        int c = accept(s, NULL, NULL);
        char buf[4096];
        size_t got = 0;
        while (c >= 0 && got < sizeof buf - 1) {
            ssize_t r = read(c, buf + got, sizeof buf - 1 - got);
            if (r <= 0)
                break;
            got += (size_t)r;
            buf[got] = '\0';
            if (strstr(buf, "\r\n\r\n"))
                break;
        }
        static const char head[] = "HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\n"
                                   "Connection: close\r\n\r\n";
        if (c < 0 || write(c, head, sizeof head - 1) != (ssize_t)sizeof head - 1)
            _exit(1);
        for (size_t off = 0; off < len;) {
            ssize_t w = write(c, big + off, len - off);
            if (w <= 0)
                _exit(0); /* the client hung up: expected */
            off += (size_t)w;
        }
        close(c);
        _exit(0);
    }
    close(s);
    return pid;
}

static void sink_cap_mid_body(void)
{
    int port = 0;
    pid_t pid = unannounced(&port, (size_t)4000000);
    char base[64];
    snprintf(base, sizeof base, "http://127.0.0.1:%d", port);
    lb_profile p = profile();
    p.base_url = base;
    lb_error err = {0};
    lb_transport *t = lb_transport_new(&p, NULL, &err);
    char path[400], *url = NULL;
    const char *segs[] = {"bijlage", NULL};
    if (!t || lb_transport_url(t, segs, NULL, 0, &url, &err) != LB_OK)
        tap_bail("no transport for the responder");
    int fd = new_file("midbody", path, sizeof path);
    lb_body_sink sink;
    lb_body_sink_init(&sink, fd);
    const size_t cap = 1000000;
    outcome o = fetch_url(t, url, &sink, cap);
    is_int(o.status, LB_ERR_TOO_LARGE, "4 MB without Content-Length and a 1 MB cap: %s (%s)",
           lb_status_name(o.status), o.detail);
    ok(sink.written > 0 && sink.written <= (long long)cap,
       "stopped mid-body: %lld bytes written, never more than the cap", sink.written);
    ok(file_is(path, big, (size_t)sink.written), "what was written is the start of the body");
    is_int((long long)peak(t), 0, "still no body buffer");
    free(url);
    close(fd);
    lb_transport_free(t);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
}

static void sink_retry_rewinds(void)
{
    lb_transport *t = transport();
    char path[400];
    int fd = new_file("retry", path, sizeof path);
    lb_body_sink sink;
    lb_body_sink_init(&sink, fd);
    set_faults("{\"truncateNext\":1}");
    outcome o = fetch(t, attachment_id, &sink, 0);
    is_int(o.status, LB_ERR_NETWORK, "a body cut mid-way: %s", lb_status_name(o.status));
    ok(sink.written > 0 && sink.written < (long long)BIG, "part of it is in the file (%lld bytes)",
       sink.written);
    o = fetch(t, attachment_id, &sink, 0); /* what the bus does next */
    is_int(o.status, LB_OK, "the same sink again: %s", lb_status_name(o.status));
    ok(file_is(path, big, BIG), "the file holds one copy, the prefix kept (%lld bytes)",
       file_size(path));
    set_faults("{}");
    close(fd);
    lb_transport_free(t);
}

static void sink_write_errors(void)
{
    lb_transport *t = transport();
    int full = open("/dev/full", O_WRONLY | O_CLOEXEC);
    if (full < 0) {
        tap_skip("no /dev/full", "a disk that is full");
    } else {
        lb_body_sink sink;
        lb_body_sink_init(&sink, full);
        outcome o = fetch(t, attachment_id, &sink, 0);
        is_int(o.status, LB_ERR_INVALID_INPUT, "a full disk ends the transfer: %s (%s)",
               lb_status_name(o.status), o.detail);
        is_int(sink.write_errno, ENOSPC, "with ENOSPC");
        ok(strncmp(o.detail, "write: ", 7) == 0, "the detail says the write failed");
        close(full);
    }
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        tap_bail("pipe");
    close(fds[0]); /* nobody reads */
    lb_body_sink sink;
    lb_body_sink_init(&sink, fds[1]);
    is_int(sink.start, -1, "a pipe is not seekable");
    outcome o = fetch(t, attachment_id, &sink, 0);
    is_int(o.status, LB_ERR_INVALID_INPUT, "a pipe whose reader left: %s",
           lb_status_name(o.status));
    is_int(sink.write_errno, EPIPE, "with EPIPE");
    close(fds[1]);
    lb_transport_free(t);
}

/* ---- through the bus, as the save screen downloads ---- */

typedef struct {
    bool done;
    lb_status status;
    int write_errno;
    const char *data; /* memory fetch: compared inside the callback */
    bool same;
    char detail[256];
} saved;

static void on_saved(void *user, const lb_error *err, int write_errno, const char *data, size_t len)
{
    saved *s = user;
    s->done = true;
    s->status = err->status;
    s->write_errno = write_errno;
    s->same = data && len == BIG && memcmp(data, big, BIG) == 0;
    snprintf(s->detail, sizeof s->detail, "%s", err->detail);
}

static lb_bus *bus_new(lb_transport **t)
{
    *t = transport();
    lb_profile p = profile();
    lb_error err = {0};
    lb_bus *bus = lb_bus_new(&p, *t, &err);
    if (!bus)
        tap_bail("no bus: %s", err.detail);
    lb_retry_policy pol;
    lb_retry_policy_default(&pol);
    pol.backoff_ms = 20;
    lb_bus_set_retry_policy(bus, &pol);
    return bus;
}

static saved download(lb_bus *bus, const char *att, int fd, size_t cap)
{
    saved s = {0};
    lb_error err = {0};
    lb_attachment_fetch *f =
        fd >= 0 ? lb_attachment_download_start(bus, melding_id, att, fd, cap, on_saved, &s, &err)
                : lb_attachment_fetch_start(bus, melding_id, att, cap, on_saved, &s, &err);
    if (!f) {
        s.status = err.status;
        return s;
    }
    if (lb_transport_run_until_idle(lb_bus_transport(bus), 60000, &err) != LB_OK || !s.done) {
        tap_diag("the download did not end");
        lb_attachment_fetch_cancel(f);
    }
    return s;
}

static unsigned long transfers(const lb_transport *t)
{
    lb_transport_stats st;
    lb_transport_get_stats(t, &st);
    return st.transfers;
}

static void bus_downloads(void)
{
    lb_transport *t;
    lb_bus *bus = bus_new(&t);
    char path[400];

    int fd = new_file("bus-whole", path, sizeof path);
    saved s = download(bus, attachment_id, fd, BIG);
    ok(s.status == LB_OK && s.write_errno == 0, "downloaded through the bus: %s",
       lb_status_name(s.status));
    ok(file_is(path, big, BIG), "byte for byte");
    is_int((long long)peak(t), 0, "without a body buffer");
    close(fd);

    fd = new_file("bus-retry", path, sizeof path);
    unsigned long before = transfers(t);
    set_faults("{\"truncateNext\":1}");
    s = download(bus, attachment_id, fd, BIG);
    set_faults("{}");
    is_int(s.status, LB_OK, "cut mid-body once, then retried: %s", lb_status_name(s.status));
    is_int((long long)(transfers(t) - before), 2, "two transfers: the cut one and the retry");
    ok(file_is(path, big, BIG), "the file holds exactly one copy (%lld bytes)", file_size(path));
    close(fd);

    fd = new_file("bus-error", path, sizeof path);
    s = download(bus, "geen-bijlage", fd, 0);
    is_int(s.status, LB_ERR_NOT_FOUND, "an unknown attachment: %s", lb_status_name(s.status));
    ok(strstr(s.detail, "geen-bijlage") != NULL, "the bus's message is parsed: %s", s.detail);
    is_int(s.write_errno, 0, "no write error");
    is_int(file_size(path), (long long)strlen(PREFIX), "the file is untouched");
    close(fd);

    fd = new_file("bus-cap", path, sizeof path);
    s = download(bus, attachment_id, fd, BIG - 1);
    is_int(s.status, LB_ERR_TOO_LARGE, "one byte over the cap: %s", lb_status_name(s.status));
    close(fd);

    int full = open("/dev/full", O_WRONLY | O_CLOEXEC);
    if (full >= 0) {
        before = transfers(t);
        s = download(bus, attachment_id, full, BIG);
        ok(s.status == LB_ERR_INVALID_INPUT && s.write_errno == ENOSPC,
           "a full disk: %s, write_errno %d (%s)", lb_status_name(s.status), s.write_errno,
           s.detail);
        is_int((long long)(transfers(t) - before), 1, "not retried");
        close(full);
    }

    s = download(bus, attachment_id, -1, BIG);
    ok(s.status == LB_OK && s.same, "the fetch into memory (to view) is unchanged");

    lb_bus_free(bus);
    lb_transport_free(t);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN); /* as lbterm's event loop does */
    static const char *const args[] = {"--allow-fault-control", NULL};
    if (lb_test_sim_start(&sim, args) != 0)
        tap_bail("lbbus-sim did not start");
    snprintf(dir, sizeof dir, "%s/files", sim.dir);
    if (mkdir(dir, 0700) != 0)
        tap_bail("cannot make %s", dir);
    upload_big();

    sink_whole();
    sink_error_answer();
    sink_cap_announced();
    sink_cap_mid_body();
    sink_retry_rewinds();
    sink_write_errors();
    bus_downloads();

    free(big);
    lb_test_sim_stop(&sim);
    return tap_done();
}
