/* archive_bench.c — archiving N inactive meetings through client/archive.h
 * against lbbus-sim with a latency per request and a rate limit, compared in
 * the same run with the lower bound those two impose:
 *   max(requests x latency / concurrency, (requests - burst) / allowed rate)
 * (the simulator's limit is a token bucket of BURST = N requests refilled at
 * N/S per second).
 *
 *   archive_bench [--records N] [--latency-ms L] [--rate R/S] [--concurrency C] [--parallel P]
 *                 [--scale S] [--out FILE]
 *
 * Prints records archived and failed, requests, time, the bound and the
 * ratio, and writes them into FILE (docs/performance.md). Needs LBBUS_SIM. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench/perf_doc.h"
#include "client/archive.h"
#include "client/archive_pick.h"
#include "client/bus.h"
#include "client/transport.h"
#include "tests/sim_harness.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The simulator's requests served and its handlers' time so far (GET
 * /_sim/stats); false when it cannot tell. */
static bool sim_service(const lb_test_sim *sim, double *served, double *service_s)
{
    lb_test_response r;
    if (lb_test_http(sim, "GET", "/_sim/stats", "demo-archivaris", NULL, NULL, 0, &r) != 0)
        return false;
    const char *a = r.status == 200 ? strstr(r.body, "\"served\":") : NULL;
    const char *b = r.status == 200 ? strstr(r.body, "\"serviceMicros\":") : NULL;
    bool ok = a && b;
    if (ok) {
        *served = strtod(a + strlen("\"served\":"), NULL);
        *service_s = strtod(b + strlen("\"serviceMicros\":"), NULL) / 1e6;
    }
    lb_test_response_done(&r);
    return ok;
}

typedef struct {
    bool done;
    lb_error err;
} picked;

static void on_picked(void *user, const lb_error *err)
{
    picked *p = user;
    p->err = *err;
    p->done = true;
}

typedef struct {
    const lb_archive_check *checks;
    size_t count;
    bool done;
    lb_error err;
} checked;

static void on_checked(void *user, const lb_archive_check *checks, size_t count,
                       const lb_error *err)
{
    checked *c = user;
    c->checks = checks;
    c->count = count;
    c->err = err ? *err : (lb_error){.status = LB_OK};
    c->done = true;
}

typedef struct {
    lb_archive_summary sum;
    bool done;
} finished;

static void on_record(void *user, size_t index, const lb_archive_record *rec)
{
    (void)user;
    (void)index;
    if (rec->state == LB_ARCHIVE_REC_FAILED)
        fprintf(stderr, "archive_bench: %s failed: %s %s\n", rec->id,
                lb_status_name(rec->error.status), rec->error.detail);
}

static void on_finished(void *user, const lb_archive_summary *sum)
{
    finished *f = user;
    f->sum = *sum;
    f->done = true;
}

int main(int argc, char **argv)
{
    size_t records = 1000;
    long latency_ms = 20, concurrency = 8;
    size_t parallel = 0; /* records in flight; 0: the engine's default */
    const char *rate = "60000/60", *scale = "4", *out_file = NULL;
    static const struct option options[] = {
        {"records", required_argument, NULL, 'n'},  {"latency-ms", required_argument, NULL, 'l'},
        {"rate", required_argument, NULL, 'r'},     {"concurrency", required_argument, NULL, 'c'},
        {"parallel", required_argument, NULL, 'p'}, {"scale", required_argument, NULL, 's'},
        {"out", required_argument, NULL, 'o'},      {NULL, 0, NULL, 0},
    };
    int o;
    while ((o = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (o) {
        case 'n': records = (size_t)strtoul(optarg, NULL, 10); break;
        case 'l': latency_ms = strtol(optarg, NULL, 10); break;
        case 'r': rate = optarg; break;
        case 'c': concurrency = strtol(optarg, NULL, 10); break;
        case 'p': parallel = (size_t)strtoul(optarg, NULL, 10); break;
        case 's': scale = optarg; break;
        case 'o': out_file = optarg; break;
        default: return 2;
        }
    }
    long rate_n = 0, rate_s = 1;
    if (sscanf(rate, "%ld/%ld", &rate_n, &rate_s) != 2 || rate_n <= 0 || rate_s <= 0) {
        fprintf(stderr, "archive_bench: --rate N/SECONDS\n");
        return 2;
    }
    char lat[32];
    snprintf(lat, sizeof lat, "%ld", latency_ms);
    const char *args[] = {"--scale", scale,          "--clean-text", "--latency-ms",
                          lat,       "--rate-limit", rate,           NULL};
    lb_test_sim sim;
    if (lb_test_sim_start(&sim, args) != 0)
        return 1;
    lb_profile p = {0};
    p.name = (char *)"bench";
    p.base_url = sim.base_url;
    p.token_value = "demo-archivaris";
    p.page_size = 5000;
    p.concurrency = (int)concurrency;
    lb_error err = {0};
    lb_transport *t = lb_transport_new(&p, NULL, &err);
    lb_bus *bus = t ? lb_bus_new(&p, t, &err) : NULL;
    int rc = 1;
    picked pk = {0};
    lb_archive_pick *pick = NULL;
    size_t count = 0;
    const lb_archive_target *targets = NULL;
    char journal[400];
    snprintf(journal, sizeof journal, "%s/archive.journal", sim.dir);
    if (!bus) {
        fprintf(stderr, "archive_bench: %s\n", err.detail);
        goto out;
    }
    lb_archive_pick_options popt = {
        .kind = LB_ARCHIVE_MEETING, .before = LB_TIME_NULL, .max = records};
    pick = lb_archive_pick_start(bus, &popt, on_picked, &pk, &err);
    if (!pick)
        goto out;
    lb_transport_run_until(t, &pk.done, -1, &err);
    if (pk.err.status != LB_OK) {
        fprintf(stderr, "archive_bench: listing: %s %s\n", lb_status_name(pk.err.status),
                pk.err.detail);
        goto out;
    }
    targets = lb_archive_pick_targets(pick, &count);
    if (count < records)
        fprintf(stderr, "archive_bench: only %zu inactive meetings (raise --scale)\n", count);

    lb_transport_stats s0, s1, s2;
    lb_transport_get_stats(t, &s0);
    double served0 = 0, service0 = 0, served2 = 0, service2 = 0;
    bool have_service = sim_service(&sim, &served0, &service0);
    double t0 = now_s();
    checked ck = {0};
    lb_archive_preflight *pf =
        lb_archive_preflight_start(bus, targets, count, NULL, on_checked, &ck, &err);
    if (!pf)
        goto out;
    lb_transport_run_until(t, &ck.done, -1, &err);
    double t1 = now_s();
    lb_transport_get_stats(t, &s1);
    finished fin = {0};
    lb_archive_options opt = {.remove_after = false, .parallel = parallel};
    lb_archive_callbacks cb = {on_record, on_finished};
    lb_archive_job *job =
        lb_archive_job_start(bus, journal, ck.checks, ck.count, &opt, &cb, &fin, &err);
    if (!job) {
        fprintf(stderr, "archive_bench: %s %s\n", lb_status_name(err.status), err.detail);
        lb_archive_preflight_free(pf);
        goto out;
    }
    lb_transport_run_until(t, &fin.done, -1, &err);
    double t2 = now_s();
    lb_transport_get_stats(t, &s2);
    have_service = have_service && sim_service(&sim, &served2, &service2);
    lb_archive_job_free(job);
    lb_archive_preflight_free(pf);

    unsigned long req_pre = s1.transfers - s0.transfers, req_job = s2.transfers - s1.transfers;
    unsigned long req = req_pre + req_job;
    double per_rate = (double)rate_n / (double)rate_s;
    double bound_latency = (double)req * (double)latency_ms / 1000.0 / (double)concurrency;
    /* the simulator's limit is a token bucket: RATE_N at once, then
     * RATE_N/RATE_S per second */
    double bound_rate =
        req > (unsigned long)rate_n ? (double)(req - (unsigned long)rate_n) / per_rate : 0;
    double bound = bound_latency > bound_rate ? bound_latency : bound_rate;
    double total = t2 - t0;
    /* The same bound with the simulator's own time per request (its handlers,
     * SQLite) added to the latency: what no client could go below either. */
    double service = have_service ? service2 - service0 : 0;
    double bound_sim = ((double)req * (double)latency_ms / 1000.0 + service) / (double)concurrency;
    if (bound_rate > bound_sim)
        bound_sim = bound_rate;
    char service_row[256] = "";
    if (have_service)
        snprintf(service_row, sizeof service_row,
                 "| the simulator's own handling (%.0f requests) | %.1f s, %.2f ms per request |\n"
                 "| bound with that handling added to the latency | %.1f s: ratio **%.2fx** |\n",
                 served2 - served0, service, service * 1000.0 / (served2 - served0 + 1e-9),
                 bound_sim, bound_sim > 0 ? total / bound_sim : 0);
    char section[2048];
    snprintf(section, sizeof section,
             "Archiving %zu inactive meetings through client/archive.h against lbbus-sim with "
             "%ld ms latency per request, a rate limit of %s requests per user and %ld "
             "requests in flight (`make bench-archive`):\n\n"
             "| | value |\n|---|---|\n"
             "| archived / skipped / failed | %zu / %zu / %zu |\n"
             "| requests (check + job) | %lu + %lu |\n"
             "| time (check + job) | %.1f s + %.1f s = %.1f s |\n"
             "| lower bound max(req x latency / concurrency, (req - burst) / rate) | %.1f s |\n"
             "| ratio to the bound | **%.2fx** (target 1.25x) |\n"
             "%s"
             "| connections opened | %lu |\n",
             count, latency_ms, rate, concurrency, fin.sum.done, fin.sum.skipped, fin.sum.failed,
             req_pre, req_job, t1 - t0, t2 - t1, total, bound, bound > 0 ? total / bound : 0,
             service_row, s2.connects);
    printf("%s", section);
    rc = fin.sum.failed ? 1 : 0;
    if (out_file && lb_perf_doc_write(out_file, "archive_bench", section) != 0) {
        fprintf(stderr, "archive_bench: cannot write %s\n", out_file);
        rc = 1;
    }
out:
    lb_archive_pick_free(pick);
    lb_bus_free(bus);
    lb_transport_free(t);
    lb_test_sim_stop(&sim);
    return rc;
}
