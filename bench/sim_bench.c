/* sim_bench.c — how fast lbbus-sim serves, measured against how fast lbterm's
 * client parses, in the same run (the machines are shared and noisy, so
 * ratios matter, not absolute numbers).
 *
 *   sim_bench [--seconds N] [--concurrency K] [--out FILE]
 *
 * Measures, each for N seconds with K requests in flight (libcurl multi):
 *   1. GET of one 5,000-record page of agenda items (pages/s, records/s, MB/s);
 *   2. small writes: POST /melding/add with a fresh Idempotency-Key (writes/s);
 *   3. GET /health, the HTTP stack's own ceiling (requests/s);
 *   4. the client parsing the same 5,000-record page (pages/s), the baseline.
 * Prints the figures and writes them between markers into FILE
 * (docs/performance.md). Needs LBBUS_SIM (set by `make bench`). */
#include "config.h"

#include <curl/curl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/records.h"
#include "bench/perf_doc.h"
#include "tests/sim_harness.h"

enum { MAX_CONCURRENCY = 32 };

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct {
    char *buf;
    size_t len, cap;
} body_buf;

static size_t body_collect(char *data, size_t size, size_t nmemb, void *userp)
{
    body_buf *b = userp;
    size_t n = size * nmemb;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 65536;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->buf, cap);
        if (!p)
            return 0;
        b->buf = p;
        b->cap = cap;
    }
    memcpy(b->buf + b->len, data, n);
    b->len += n;
    b->buf[b->len] = '\0';
    return n;
}

/* What one phase sends: a request builder called per request. */
typedef struct {
    const char *name;
    const char *method;
    const char *path;
    const char *token;
    const char *prefer;   /* may be NULL */
    const char *body;     /* may be NULL */
    bool unique_idem_key; /* add a fresh Idempotency-Key per request */
    long want_status;     /* 200 or 201 */
} phase_spec;

typedef struct {
    double seconds;
    long requests, failures;
    double bytes;
    double latency_sum;
} phase_result;

typedef struct {
    CURL *easy;
    struct curl_slist *headers;
    body_buf body;
    double started;
} slot;

static void slot_start(slot *s, CURLM *multi, const lb_test_sim *sim, const phase_spec *spec,
                       long seq)
{
    char url[512], h[256];
    snprintf(url, sizeof url, "%s%s", sim->base_url, spec->path);
    curl_easy_reset(s->easy);
    curl_slist_free_all(s->headers);
    s->headers = NULL;
    snprintf(h, sizeof h, "Authorization: Bearer %s", spec->token);
    s->headers = curl_slist_append(s->headers, h);
    if (spec->prefer) {
        snprintf(h, sizeof h, "Prefer: %s", spec->prefer);
        s->headers = curl_slist_append(s->headers, h);
    }
    if (spec->unique_idem_key) {
        snprintf(h, sizeof h, "Idempotency-Key: bench-%ld-%ld", (long)time(NULL), seq);
        s->headers = curl_slist_append(s->headers, h);
    }
    if (spec->body)
        s->headers = curl_slist_append(s->headers, "Content-Type: application/json");
    s->headers = curl_slist_append(s->headers, "Expect:");
    curl_easy_setopt(s->easy, CURLOPT_PRIVATE, s); /* reset cleared it */
    curl_easy_setopt(s->easy, CURLOPT_URL, url);
    curl_easy_setopt(s->easy, CURLOPT_CUSTOMREQUEST, spec->method);
    curl_easy_setopt(s->easy, CURLOPT_HTTPHEADER, s->headers);
    curl_easy_setopt(s->easy, CURLOPT_WRITEFUNCTION, body_collect);
    curl_easy_setopt(s->easy, CURLOPT_WRITEDATA, &s->body);
    curl_easy_setopt(s->easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(s->easy, CURLOPT_TIMEOUT, 60L);
    if (spec->body)
        curl_easy_setopt(s->easy, CURLOPT_POSTFIELDS, spec->body);
    s->body.len = 0;
    s->started = now_s();
    curl_multi_add_handle(multi, s->easy);
}

static phase_result run_phase(const lb_test_sim *sim, const phase_spec *spec, double seconds,
                              int concurrency)
{
    phase_result r = {0};
    CURLM *multi = curl_multi_init();
    slot slots[MAX_CONCURRENCY];
    memset(slots, 0, sizeof slots);
    long seq = 0;
    double start = now_s(), deadline = start + seconds;
    for (int i = 0; i < concurrency; i++) {
        slots[i].easy = curl_easy_init();
        slot_start(&slots[i], multi, sim, spec, seq++);
    }
    int running = concurrency;
    while (running > 0) {
        curl_multi_perform(multi, &running);
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(multi, &left))) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            slot *s = NULL;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&s);
            long status = 0;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &status);
            curl_multi_remove_handle(multi, msg->easy_handle);
            r.requests++;
            r.latency_sum += now_s() - s->started;
            r.bytes += (double)s->body.len;
            if (msg->data.result != CURLE_OK || status != spec->want_status)
                r.failures++;
            if (now_s() < deadline) {
                slot_start(s, multi, sim, spec, seq++);
                running++;
            }
        }
        if (running > 0)
            curl_multi_poll(multi, NULL, 0, 100, NULL);
    }
    r.seconds = now_s() - start;
    for (int i = 0; i < concurrency; i++) {
        curl_easy_cleanup(slots[i].easy);
        curl_slist_free_all(slots[i].headers);
        free(slots[i].body.buf);
    }
    curl_multi_cleanup(multi);
    return r;
}

/* One GET, the body returned (caller frees). */
static char *fetch_once(const lb_test_sim *sim, const char *path, const char *token,
                        const char *prefer, size_t *len)
{
    char pref[128];
    snprintf(pref, sizeof pref, "Prefer: %s", prefer);
    const char *headers[] = {pref, NULL};
    lb_test_response resp;
    if (lb_test_http(sim, "GET", path, token, headers, NULL, 0, &resp) != 0 || resp.status != 200) {
        if (resp.body)
            lb_test_response_done(&resp);
        return NULL;
    }
    char *body = resp.body;
    *len = resp.body_len;
    resp.body = NULL;
    lb_test_response_done(&resp);
    return body;
}

int main(int argc, char **argv)
{
    double seconds = 5;
    int concurrency = 4;
    const char *out_file = NULL;
    static const struct option options[] = {
        {"seconds", required_argument, NULL, 's'},
        {"concurrency", required_argument, NULL, 'c'},
        {"out", required_argument, NULL, 'o'},
        {NULL, 0, NULL, 0},
    };
    int opt;
    while ((opt = getopt_long(argc, argv, "s:c:o:", options, NULL)) != -1) {
        switch (opt) {
        case 's': seconds = atof(optarg); break;
        case 'c': concurrency = atoi(optarg); break;
        case 'o': out_file = optarg; break;
        default: return 2;
        }
    }
    if (seconds <= 0 || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
        fprintf(stderr, "sim_bench: --seconds > 0 and --concurrency 1..%d\n", MAX_CONCURRENCY);
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const char *sim_args[] = {"--rate-limit", "100000000/300", "--concurrency", "1000", NULL};
    lb_test_sim sim;
    if (lb_test_sim_start(&sim, sim_args) != 0) {
        fprintf(stderr, "sim_bench: lbbus-sim did not start\n");
        return 1;
    }

    /* The page every phase-1 request fetches, also parsed by the client. */
    const char *page_path = "/crm/agendaitems?orderby=number%20asc";
    size_t page_len = 0;
    char *page =
        fetch_once(&sim, page_path, "demo-secretaris", "odata.maxpagesize=5000", &page_len);
    lb_page parsed;
    lb_page_init(&parsed);
    lb_error err;
    if (!page || lb_page_parse_agenda_items(page, page_len, &parsed, &err) != LB_OK) {
        fprintf(stderr, "sim_bench: the 5,000-record page could not be fetched or parsed\n");
        lb_test_sim_stop(&sim);
        return 1;
    }
    size_t records = parsed.count;

    double t0 = now_s();
    long parses = 0;
    while (now_s() - t0 < seconds) {
        if (lb_page_parse_agenda_items(page, page_len, &parsed, &err) != LB_OK)
            break;
        parses++;
    }
    double parse_rate = (double)parses / (now_s() - t0);
    lb_page_done(&parsed);

    phase_spec pages = {"page", "GET", page_path, "demo-secretaris", "odata.maxpagesize=5000",
                        NULL,   false, 200};
    phase_spec writes = {"write",
                         "POST",
                         "/melding/add",
                         "demo-helpdesk",
                         NULL,
                         "{\"titel\":\"Zwerfvuil aan de bushalte\",\"meldingstype\":\"zwerfvuil\","
                         "\"beschrijving\":\"Zakken afval naast de bushalte.\","
                         "\"adres\":\"Stationsplein 1, 1700 Dilbeek\",\"kanaal\":\"website\","
                         "\"indiener\":{\"type\":\"burger\",\"naam\":\"An Peeters\"}}",
                         true,
                         201};
    phase_spec health = {"health", "GET", "/health", "demo-secretaris", NULL, NULL, false, 200};
    phase_result rp = run_phase(&sim, &pages, seconds, concurrency);
    phase_result rw = run_phase(&sim, &writes, seconds, concurrency);
    phase_result rh = run_phase(&sim, &health, seconds, concurrency);
    lb_test_sim_stop(&sim);
    free(page);

    double page_rate = (double)rp.requests / rp.seconds;
    char section[4096];
    snprintf(section, sizeof section,
             "## lbbus-sim throughput\n\n"
             "`make bench` (bench/sim_bench --seconds %.0f --concurrency %d), %d requests in "
             "flight over loopback, on this 2-core machine.\n\n"
             "| what | figure |\n| --- | --- |\n"
             "| GET one page of %zu agenda items (%.2f MB) | %.1f pages/s, %.0f records/s, "
             "%.1f MB/s, mean latency %.1f ms, %ld failed |\n"
             "| small writes (POST /melding/add) | %.0f writes/s, mean latency %.2f ms, %ld "
             "failed |\n"
             "| GET /health (the HTTP stack's ceiling) | %.0f requests/s |\n"
             "| baseline: lbterm's client parsing the same page | %.1f pages/s |\n\n"
             "The simulator serves **%.1f×** the pages per second that the client can parse, "
             "so it is not the bottleneck when lbterm is measured against it%s.\n\n",
             seconds, concurrency, concurrency, records, (double)page_len / 1e6, page_rate,
             page_rate * (double)records, rp.bytes / rp.seconds / 1e6,
             rp.requests ? rp.latency_sum / (double)rp.requests * 1e3 : 0.0, rp.failures,
             (double)rw.requests / rw.seconds,
             rw.requests ? rw.latency_sum / (double)rw.requests * 1e3 : 0.0, rw.failures,
             (double)rh.requests / rh.seconds, parse_rate, page_rate / parse_rate,
             page_rate >= parse_rate ? "" : " — NOT YET: it is slower than the client");
    fputs(section, stdout);
    if (out_file && lb_perf_doc_write(out_file, "sim_bench", section) != 0) {
        fprintf(stderr, "sim_bench: cannot write %s\n", out_file);
        return 1;
    }
    curl_global_cleanup();
    return (rp.failures || rw.failures || rh.failures) ? 1 : 0;
}
