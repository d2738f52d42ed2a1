/* client_bench.c — lbterm's client fetching a long list, against the curl
 * command-line tool fetching the same pages, in the same run (the machines
 * are shared and noisy, so the ratio matters, not the absolute numbers).
 *
 *   client_bench [--runs N] [--scale S] [--curl PROGRAM] [--out FILE]
 *
 * One lbbus-sim, seeded once with --scale S (167: 100,200 meetings), serves
 * every run. Runs alternate:
 *   - the client: lb_transport + lb_bus + lb_pager fetch 20 pages of 5,000
 *     meetings (Prefer: odata.maxpagesize=5000), every page parsed and kept
 *     in memory as a view keeps it. It runs in a process of its own (this
 *     program re-executed), so that its peak RSS is its own;
 *   - curl: the same 20 URLs (the first page and the next links the client
 *     followed) in one curl process over one connection, bodies to
 *     /dev/null, timed by curl's own -w time_total per transfer, so that
 *     only the 20 fetches count.
 * Prints the medians and writes them between markers into FILE
 * (docs/performance.md). Needs LBBUS_SIM (set by `make bench`). */
#include "config.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "client/bus.h"
#include "client/pager.h"
#include "client/transport.h"
#include "bench/perf_doc.h"
#include "tests/sim_harness.h"

extern char **environ;

enum { PAGES = 20, PAGE_SIZE = 5000, ROWS = PAGES * PAGE_SIZE, MAX_RUNS = 51 };

static const char TOKEN[] = "demo-secretaris";
static const char LIST_PATH[] = "/crm/meetings";

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- the client, in its own process ---- */

typedef struct {
    lb_pager *pager;
    lb_page pages[PAGES]; /* owned: every page moved out of the callback */
    size_t npages, rows;
    double t0, t_first, t_end;
    bool finished;
    lb_status status;
    char detail[256];
} client_run;

static void on_page(void *user, lb_page *page, size_t index)
{
    client_run *r = user;
    if (index == 0)
        r->t_first = now_s();
    r->rows += page->count;
    r->pages[r->npages++] = *page; /* moved out, as a view keeps its rows */
    lb_page_init(page);
    if (r->npages == PAGES) {
        /* 100,000 rows: the 21st page is never asked for. */
        r->t_end = now_s();
        r->finished = true;
        r->status = LB_OK;
        lb_pager_cancel(r->pager);
    }
}

static void on_done(void *user, const lb_error *err, size_t rows, size_t pages)
{
    client_run *r = user;
    (void)rows;
    (void)pages;
    r->t_end = now_s();
    r->finished = true;
    /* The list ended before 20 pages: not enough data for the benchmark. */
    r->status = err->status == LB_OK ? LB_ERR_NOT_FOUND : err->status;
    snprintf(r->detail, sizeof r->detail, "%s",
             err->status == LB_OK ? "the list ended early: raise --scale" : err->detail);
}

static long vm_hwm_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return -1;
    char line[256];
    long kb = -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
            break;
    fclose(f);
    return kb;
}

/* Prints "result ROWS TOTAL_S FIRST_S HWM_KB" and one "link URL" per page
 * fetched; exit status 0 on success. */
static int client_child(const char *base_url)
{
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    lb_profile p = {0};
    p.name = (char *)"bench";
    p.base_url = (char *)base_url;
    p.token_value = TOKEN;
    p.page_size = PAGE_SIZE;
    p.concurrency = 4;
    lb_error err = {0};
    lb_transport *t = lb_transport_new(&p, NULL, &err);
    lb_bus *bus = t ? lb_bus_new(&p, t, &err) : NULL;
    if (!bus) {
        fprintf(stderr, "client_bench: %s: %s\n", lb_status_name(err.status), err.detail);
        return 1;
    }
    static client_run r;
    for (size_t i = 0; i < PAGES; i++)
        lb_page_init(&r.pages[i]);
    static const char *const path[] = {"crm", "meetings", NULL};
    lb_request_spec first = {.method = "GET", .path = path, .max_page_size = PAGE_SIZE};
    r.t0 = now_s();
    r.pager = lb_pager_new(bus, LB_REC_MEETING, &first, on_page, on_done, &r, &err);
    if (!r.pager || lb_transport_run_until(t, &r.finished, 600000, &err) != LB_OK) {
        fprintf(stderr, "client_bench: %s: %s\n", lb_status_name(err.status), err.detail);
        return 1;
    }
    long hwm = vm_hwm_kb();
    int rc = 0;
    if (r.status != LB_OK || r.rows != ROWS) {
        fprintf(stderr, "client_bench: %s after %zu rows: %s\n", lb_status_name(r.status), r.rows,
                r.detail);
        rc = 1;
    } else {
        printf("result %zu %.6f %.6f %ld\n", r.rows, r.t_end - r.t0, r.t_first - r.t0, hwm);
        printf("link %s%s\n", base_url, LIST_PATH);
        for (size_t i = 0; i + 1 < r.npages; i++)
            printf("link %s%s\n", base_url, r.pages[i].next_link ? r.pages[i].next_link : "");
    }
    for (size_t i = 0; i < PAGES; i++)
        lb_page_done(&r.pages[i]);
    lb_bus_free(bus);
    lb_transport_free(t);
    curl_global_cleanup();
    return fflush(stdout) == 0 ? rc : 1;
}

/* ---- the parent: spawn, collect, compare ---- */

typedef struct {
    char *buf;
    size_t len;
} text;

/* Runs ARGV with its stdout into OUT; returns the wait status (-1 when it
 * could not start) and its resource use. */
static int spawn_collect(const char *const *argv, bool search_path, text *out, struct rusage *ru)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
    pid_t pid;
    int err = search_path ? posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ)
                          : posix_spawn(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (err != 0) {
        fprintf(stderr, "client_bench: cannot run %s: %s\n", argv[0], strerror(err));
        close(fds[0]);
        return -1;
    }
    char chunk[4096];
    ssize_t n;
    while ((n = read(fds[0], chunk, sizeof chunk)) != 0) {
        if (n < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        char *p = realloc(out->buf, out->len + (size_t)n + 1);
        if (!p)
            break;
        memcpy(p + out->len, chunk, (size_t)n);
        out->buf = p;
        out->len += (size_t)n;
        out->buf[out->len] = '\0';
    }
    close(fds[0]);
    int status = 0;
    while (wait4(pid, &status, 0, ru) < 0)
        if (errno != EINTR)
            return -1;
    return status;
}

static double cpu_s(const struct rusage *ru)
{
    return (double)(ru->ru_utime.tv_sec + ru->ru_stime.tv_sec) +
           (double)(ru->ru_utime.tv_usec + ru->ru_stime.tv_usec) / 1e6;
}

typedef struct {
    double total, first, cpu;
    long hwm_kb, maxrss_kb;
} client_result;

/* LINKS (PAGES strings, malloc'd) receives the URLs the client fetched when
 * not NULL. */
static int run_client(const char *base_url, client_result *res, char **links)
{
    const char *argv[] = {"/proc/self/exe", "--client-run", base_url, NULL};
    text out = {0};
    struct rusage ru = {0};
    int status = spawn_collect(argv, false, &out, &ru);
    size_t rows = 0;
    int rc = -1;
    if (status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0 && out.buf &&
        sscanf(out.buf, "result %zu %lf %lf %ld", &rows, &res->total, &res->first, &res->hwm_kb) ==
            4 &&
        rows == ROWS) {
        res->maxrss_kb = ru.ru_maxrss;
        res->cpu = cpu_s(&ru);
        rc = 0;
        size_t n = 0;
        for (char *l = strstr(out.buf, "\nlink "); l && links; l = strstr(l + 1, "\nlink ")) {
            char *url = l + 6, *eol = strchr(url, '\n');
            size_t len = eol ? (size_t)(eol - url) : strlen(url);
            if (n < PAGES)
                links[n] = strndup(url, len);
            n++;
        }
        if (links && n != PAGES)
            rc = -1;
    }
    free(out.buf);
    return rc;
}

typedef struct {
    double total, first; /* the sum of curl's time_total, and that of the first page */
    double wall, cpu;    /* process start to exit, and its CPU time, for the record */
} curl_result;

/* A curl config: the same headers as the client's, every URL to /dev/null. */
static int write_curl_config(const char *file, char *const *links)
{
    FILE *f = fopen(file, "w");
    if (!f)
        return -1;
    fprintf(f,
            "silent\nshow-error\ngloboff\n"
            "header = \"Authorization: Bearer %s\"\n"
            "header = \"Prefer: odata.maxpagesize=%d\"\n"
            "write-out = \"%%{http_code} %%{time_total}\\n\"\n",
            TOKEN, PAGE_SIZE);
    for (size_t i = 0; i < PAGES; i++) {
        /* The links come from the bus: nothing that would need quoting here. */
        if (strpbrk(links[i], "\"\\ \t\r\n")) {
            fclose(f);
            return -1;
        }
        fprintf(f, "url = \"%s\"\noutput = \"/dev/null\"\n", links[i]);
    }
    return fclose(f) == 0 ? 0 : -1;
}

static int run_curl(const char *curl_prog, const char *config, curl_result *res)
{
    const char *argv[] = {curl_prog, "-K", config, NULL};
    text out = {0};
    struct rusage ru;
    double t0 = now_s();
    int status = spawn_collect(argv, true, &out, &ru);
    res->wall = now_s() - t0;
    res->cpu = status == -1 ? 0 : cpu_s(&ru);
    res->total = res->first = 0;
    int got = 0;
    for (char *l = out.buf; status == 0 && l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
        int code = 0;
        double secs = 0;
        if (sscanf(l, "%d %lf", &code, &secs) != 2 || code != 200)
            break;
        if (got == 0)
            res->first = secs;
        res->total += secs;
        got++;
    }
    free(out.buf);
    if (got != PAGES) {
        fprintf(stderr, "client_bench: curl fetched %d of %d pages (wait status %d)\n", got, PAGES,
                status);
        return -1;
    }
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(const double *v, int n)
{
    double s[MAX_RUNS];
    memcpy(s, v, (size_t)n * sizeof *v);
    qsort(s, (size_t)n, sizeof *s, cmp_double);
    return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

int main(int argc, char **argv)
{
    int runs = 5;
    const char *scale = "167", *curl_prog = "curl", *out_file = NULL;
    static const struct option options[] = {
        {"runs", required_argument, NULL, 'r'},
        {"scale", required_argument, NULL, 's'},
        {"curl", required_argument, NULL, 'c'},
        {"out", required_argument, NULL, 'o'},
        {"client-run", required_argument, NULL, 'C'}, /* internal: the measured child */
        {NULL, 0, NULL, 0},
    };
    int opt;
    while ((opt = getopt_long(argc, argv, "r:s:c:o:", options, NULL)) != -1) {
        switch (opt) {
        case 'r': runs = atoi(optarg); break;
        case 's': scale = optarg; break;
        case 'c': curl_prog = optarg; break;
        case 'o': out_file = optarg; break;
        case 'C': return client_child(optarg);
        default: return 2;
        }
    }
    if (!*curl_prog)
        curl_prog = "curl"; /* configure found none: try the PATH anyway */
    if (runs < 3 || runs > MAX_RUNS || atof(scale) <= 0) {
        fprintf(stderr, "client_bench: --runs 3..%d and --scale > 0\n", MAX_RUNS);
        return 2;
    }
    const char *sim_args[] = {"--scale", scale, "--rate-limit", "100000000/300", "--concurrency",
                              "100",     NULL};
    lb_test_sim sim;
    double t_seed = now_s();
    if (lb_test_sim_start(&sim, sim_args) != 0) {
        fprintf(stderr, "client_bench: lbbus-sim did not start\n");
        return 1;
    }
    t_seed = now_s() - t_seed;
    char config[400];
    snprintf(config, sizeof config, "%s/curl.config", sim.dir); /* removed with the sim */

    char *links[PAGES] = {0};
    double c_total[MAX_RUNS], c_first[MAX_RUNS], c_cpu[MAX_RUNS];
    double k_total[MAX_RUNS], k_first[MAX_RUNS], k_cpu[MAX_RUNS], pair[MAX_RUNS];
    long hwm_max = 0, maxrss_max = 0;
    int rc = 0;
    printf("lbbus-sim --scale %s seeded and ready in %.1f s\n", scale, t_seed);
    for (int i = 0; i < runs && rc == 0; i++) {
        client_result c;
        curl_result k;
        if (run_client(sim.base_url, &c, i == 0 ? links : NULL) != 0) {
            fprintf(stderr, "client_bench: the client run failed\n");
            rc = 1;
            break;
        }
        if (i == 0 && write_curl_config(config, links) != 0) {
            fprintf(stderr, "client_bench: cannot write %s\n", config);
            rc = 1;
            break;
        }
        if (run_curl(curl_prog, config, &k) != 0) {
            rc = 1;
            break;
        }
        c_total[i] = c.total;
        c_first[i] = c.first;
        k_total[i] = k.total;
        k_first[i] = k.first;
        c_cpu[i] = c.cpu;
        k_cpu[i] = k.cpu;
        pair[i] = c.total / k.total;
        if (c.hwm_kb > hwm_max)
            hwm_max = c.hwm_kb;
        if (c.maxrss_kb > maxrss_max)
            maxrss_max = c.maxrss_kb;
        printf("run %d: client %.3f s (first page %.3f s, CPU %.3f s, peak RSS %.1f MB), "
               "curl %.3f s (first page %.3f s, CPU %.3f s; process %.3f s), ratio %.2f\n",
               i + 1, c.total, c.first, c.cpu, (double)c.hwm_kb / 1024, k.total, k.first, k.cpu,
               k.wall, c.total / k.total);
        fflush(stdout);
    }
    lb_test_sim_stop(&sim);
    for (size_t i = 0; i < PAGES; i++)
        free(links[i]);
    if (rc != 0)
        return rc;

    double ct = median(c_total, runs), cf = median(c_first, runs), cc = median(c_cpu, runs);
    double kt = median(k_total, runs), kf = median(k_first, runs), kc = median(k_cpu, runs);
    double ratio = ct / kt, paired = median(pair, runs), rss_mb = (double)hwm_max / 1024;
    bool fast = ratio <= 1.3, small = rss_mb < 60;
    char section[4096];
    snprintf(section, sizeof section,
             "## client/: 100,000 meetings against raw curl\n\n"
             "`make bench` or `make bench-client` (bench/client_bench --runs %d), lbbus-sim "
             "--scale %s over loopback, on this 2-core machine.\n\n"
             "The client (lb_transport, lb_bus and lb_pager; every page parsed into records "
             "and kept, as a view keeps them) fetches %d pages of %d meetings "
             "(`Prefer: odata.maxpagesize=%d`) in a process of its own, timed from lb_pager_new "
             "until the last page is handed over; its peak RSS is that process's VmHWM (the "
             "largest of the runs). curl, the command-line tool, fetches the same %d URLs (the "
             "first page and the next links the client followed) in one process over one "
             "connection with the same headers, bodies to /dev/null, timed by the sum of its own "
             "`time_total` per transfer, so its process start does not count. The simulator is "
             "seeded once; runs alternate client, curl, client, curl… and the figures are "
             "medians of %d each. CPU time is user + sys of each process (start-up included): "
             "the rest of the wall time is spent waiting for the simulator, which needs most of "
             "it to build each page. The load of a shared machine drifts, so the median of each "
             "run's own ratio (a client run against the curl run right after it) is given "
             "too.\n\n"
             "| what | client/ | curl | client/curl |\n| --- | --- | --- | --- |\n"
             "| %d pages, %d meetings | %.2f s | %.2f s | **%.2f×** (target ≤ 1.3×); per run "
             "%.2f× |\n"
             "| time to the first page | %.3f s | %.3f s | %.2f× |\n"
             "| CPU time of the process | %.2f s | %.2f s | |\n"
             "| peak RSS of the client process | %.1f MB (target < 60 MB) | | |\n\n"
             "%s %s\n\n",
             runs, scale, PAGES, PAGE_SIZE, PAGE_SIZE, PAGES, runs, PAGES, ROWS, ct, kt, ratio,
             paired, cf, kf, cf / kf, cc, kc, rss_mb,
             fast ? "Within the 1.3× target." : "NOT YET: slower than 1.3× raw curl.",
             small ? "Under 60 MB." : "NOT YET: the peak RSS is over 60 MB.");
    printf("\n%s", section);
    printf("(largest peak RSS by wait4's ru_maxrss: %.1f MB; by VmHWM: %.1f MB)\n",
           (double)maxrss_max / 1024, rss_mb);
    if (out_file && lb_perf_doc_write(out_file, "client_bench", section) != 0) {
        fprintf(stderr, "client_bench: cannot write %s\n", out_file);
        return 1;
    }
    return 0;
}
