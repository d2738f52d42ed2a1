/* screen_bench.c — what the screen costs over the wire and how fast it
 * answers: the real lbterm in a pty (tests/vt_harness) against a private
 * lbbus-sim.
 *
 *   screen_bench [--scale S] [--samples N] [--out FILE]
 *
 * Bytes lbterm writes for the first paint, a cursor move, a one-line scroll,
 * a page down and one idle second at 80x24 and 200x50, and for a page-down
 * session with and without --slow-link; then key-to-last-byte times (p50 and
 * p99) with S x 600 meetings loaded (S = 167: 100,200) for cursor moves,
 * find-as-you-type, filter and sort. Each figure is printed beside its target
 * and written into FILE (docs/performance.md). Needs LBBUS_SIM and LBTERM. */
#include "config.h"

#include <fcntl.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bench/perf_doc.h"
#include "tests/sim_harness.h"
#include "tests/vt_harness.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
        fprintf(stderr, "screen_bench: cannot write %s\n", path);
        exit(1);
    }
    close(fd);
}

/* A home with a profile for SIM (pages of PAGE_SIZE records). */
static void make_home(const lb_test_sim *sim, char *home, size_t size, int page_size)
{
    char path[600], text[1024];
    snprintf(home, size, "%s/home", sim->dir);
    mkdir(home, 0700);
    snprintf(path, sizeof path, "%s/config", home);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/config/lbterm", home);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/token", home);
    write_file(path, "demo-secretaris");
    snprintf(text, sizeof text,
             "[profile bench]\nbase_url = %s\ntoken_file = %s/token\npage_size = %d\n",
             sim->base_url, home, page_size);
    snprintf(path, sizeof path, "%s/config/lbterm/config", home);
    write_file(path, text);
}

static lb_vt *start(const char *home, int rows, int cols, bool slow)
{
    const char *lbterm = getenv("LBTERM");
    const char *argv[] = {lbterm, "--profile", "bench", "--no-mouse", slow ? "--slow-link" : NULL,
                          NULL};
    static char e1[400], e2[400], e3[400];
    snprintf(e1, sizeof e1, "HOME=%s", home);
    snprintf(e2, sizeof e2, "XDG_CONFIG_HOME=%s/config", home);
    snprintf(e3, sizeof e3, "XDG_STATE_HOME=%s/state", home);
    const char *env[] = {
        e1, e2, e3, "XDG_CONFIG_DIRS=/nonexistent", "LANG=C.UTF-8", "LC_ALL", "LANGUAGE=nl", NULL};
    char err[256];
    lb_vt *vt = lbterm ? lb_vt_spawn(argv, env, rows, cols, err, sizeof err) : NULL;
    if (!vt) {
        fprintf(stderr, "screen_bench: lbterm did not start: %s\n", lbterm ? err : "no LBTERM");
        exit(1);
    }
    return vt;
}

/* Pumps until no byte came for QUIET ms (at most LIMIT ms); the bytes since
 * MARK, and in *LAST the time of the last byte (T0 when none came). With
 * FIRST, the quiet time counts only once a byte came (a slow key writes
 * nothing until it is done). */
static size_t settle_at(lb_vt *vt, size_t mark, double t0, int quiet, int limit, double *last,
                        bool first)
{
    double l = t0;
    size_t seen = lb_vt_output_len(vt);
    bool any = false;
    for (;;) {
        lb_vt_pump(vt, 2);
        double t = now_ms();
        size_t len = lb_vt_output_len(vt);
        if (len != seen)
            seen = len, l = t, any = true;
        if ((any || !first) && t - l >= quiet)
            break;
        if (t - t0 >= limit)
            break;
    }
    if (last)
        *last = l;
    return lb_vt_output_len(vt) - mark;
}

static size_t settle(lb_vt *vt, size_t mark, double t0, int quiet, int limit, double *last)
{
    return settle_at(vt, mark, t0, quiet, limit, last, false);
}

/* Bytes and time of one key, once the screen is quiet again. */
static size_t key_bytes(lb_vt *vt, const char *key, int quiet, double *ms)
{
    size_t mark = lb_vt_output_len(vt);
    double t0 = now_ms(), last;
    lb_vt_key(vt, key);
    size_t n = settle_at(vt, mark, t0, quiet, 20000, &last, true);
    if (ms)
        *ms = last - t0;
    return n;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static size_t median_size(size_t *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_size);
    return n ? v[n / 2] : 0;
}

static double pct(double *v, size_t n, double p)
{
    qsort(v, n, sizeof *v, cmp_double);
    if (!n)
        return 0;
    size_t i = (size_t)(p * (double)(n - 1) + 0.5);
    return v[i < n ? i : n - 1];
}

typedef struct {
    int rows, cols;
    size_t first, down, scroll, page, idle;
} size_figures;

static void wait_list(lb_vt *vt, const char *text, int timeout_ms)
{
    if (!lb_vt_wait_text(vt, text, timeout_ms)) {
        lb_vt_dump(vt, "screen_bench: the list did not load");
        exit(1);
    }
}

/* The view "Alle vergaderingen" (600 meetings: pages enough to page down). */
static void all_meetings(lb_vt *vt)
{
    double t0 = now_ms();
    lb_vt_key(vt, "v");
    lb_vt_key(vt, "v");
    wait_list(vt, "Alle vergaderingen", 30000);
    settle(vt, 0, t0, 500, 30000, NULL);
}

static void measure_size(const char *home, size_figures *f)
{
    lb_vt *vt = start(home, f->rows, f->cols, false);
    double t0 = now_ms();
    wait_list(vt, "vergaderingen", 30000);
    f->first = settle(vt, 0, t0, 500, 30000, NULL);
    all_meetings(vt);
    size_t v[8];
    for (int i = 0; i < 5; i++)
        v[i] = key_bytes(vt, "Down", 150, NULL);
    f->down = median_size(v, 5);
    /* down until the cursor row stops moving: those keys scroll */
    size_t n = 0;
    int prev = -1, row = 0, col;
    for (int i = 0; i < 3 * f->rows && n < 5; i++) {
        size_t b = key_bytes(vt, "Down", 150, NULL);
        lb_vt_cursor(vt, &row, &col);
        if (row == prev)
            v[n++] = b;
        prev = row;
    }
    f->scroll = median_size(v, n);
    key_bytes(vt, "Home", 150, NULL);
    for (int i = 0; i < 3; i++)
        v[i] = key_bytes(vt, "PageDown", 150, NULL);
    f->page = median_size(v, 3);
    size_t mark = lb_vt_output_len(vt);
    double t = now_ms();
    while (now_ms() - t < 1000)
        lb_vt_pump(vt, 50);
    f->idle = lb_vt_output_len(vt) - mark;
    lb_vt_free(vt);
}

/* Bytes of PAGES page downs at autorepeat speed (one every 40 ms), with or
 * without --slow-link. */
static size_t page_session(const char *home, bool slow, int pages)
{
    lb_vt *vt = start(home, 24, 80, slow);
    double t0 = now_ms();
    wait_list(vt, "vergaderingen", 30000);
    settle(vt, 0, t0, 500, 30000, NULL);
    all_meetings(vt);
    size_t mark = lb_vt_output_len(vt);
    for (int i = 0; i < pages; i++) {
        double t = now_ms();
        lb_vt_key(vt, "PageDown");
        while (now_ms() - t < 40)
            lb_vt_pump(vt, 5);
    }
    size_t n = settle(vt, mark, now_ms(), 400, 30000, NULL);
    lb_vt_free(vt);
    return n;
}

typedef struct {
    double p50, p99;
    size_t n;
} timing;

static timing summarize(double *v, size_t n)
{
    timing t = {pct(v, n, 0.5), pct(v, n, 0.99), n};
    return t;
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        {"scale", required_argument, NULL, 's'},
        {"samples", required_argument, NULL, 'n'},
        {"out", required_argument, NULL, 'o'},
        {NULL, 0, NULL, 0},
    };
    const char *scale = "167", *out = NULL;
    int samples = 40, o;
    while ((o = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (o) {
        case 's': scale = optarg; break;
        case 'n': samples = atoi(optarg) > 0 && atoi(optarg) <= 1000 ? atoi(optarg) : 40; break;
        case 'o': out = optarg; break;
        default:
            fprintf(stderr, "usage: screen_bench [--scale S] [--samples N] [--out FILE]\n");
            return 2;
        }
    }

    /* ---- bytes, on the demo data ---- */
    lb_test_sim sim;
    if (lb_test_sim_start(&sim, (const char *[]){"--clean-text", NULL}) != 0)
        return 1;
    char home[400];
    make_home(&sim, home, sizeof home, 5000);
    size_figures sz[2] = {{.rows = 24, .cols = 80}, {.rows = 50, .cols = 200}};
    for (int i = 0; i < 2; i++)
        measure_size(home, &sz[i]);
    size_t plain = page_session(home, false, 20), slow = page_session(home, true, 20);
    lb_test_sim_stop(&sim);

    /* ---- time, with S x 600 meetings ---- */
    const char *sim_args[] = {"--clean-text", "--scale", scale, "--rate-limit", "1000000/60", NULL};
    if (lb_test_sim_start(&sim, sim_args) != 0)
        return 1;
    make_home(&sim, home, sizeof home, 5000);
    lb_vt *vt = start(home, 50, 200, false);
    wait_list(vt, "vergaderingen", 60000);
    lb_vt_key(vt, "v");
    lb_vt_key(vt, "v");
    wait_list(vt, "Alle vergaderingen", 60000);
    double t0 = now_ms();
    /* loaded: the status line no longer says it is loading */
    lb_vt_wait_text(vt, "Laden", 10000);
    if (!lb_vt_wait_gone(vt, "Laden", 300000)) {
        lb_vt_dump(vt, "screen_bench: still loading after 300 s");
        return 1;
    }
    double load_s = (now_ms() - t0) / 1e3;
    settle(vt, 0, now_ms(), 500, 10000, NULL);
    char *status = lb_vt_row_text(vt, 48);
    size_t cap = (size_t)samples * 2 + 16;
    double *v = calloc(cap, sizeof *v);
    if (!v)
        return 1;
    size_t n = 0;
    for (int i = 0; i < samples; i++)
        key_bytes(vt, i % 4 == 3 ? "Up" : "Down", 60, &v[n++]);
    timing moves = summarize(v, n);
    n = 0;
    key_bytes(vt, "Home", 100, NULL);
    double open_find;
    key_bytes(vt, "/", 100, &open_find);
    wait_list(vt, "Te zoeken tekst", 5000);
    const char *needle = "gemeenteraad 2018 zzq";
    for (const char *p = needle; *p && n < cap; p++) {
        char ch[2] = {*p, '\0'};
        key_bytes(vt, ch, 60, &v[n++]);
    }
    key_bytes(vt, "Esc", 100, NULL);
    timing find = summarize(v, n);
    n = 0;
    for (int i = 0; i < 4; i++) {
        lb_vt_key(vt, "f");
        lb_vt_wait_text(vt, "Reden van status…", 5000);
        key_bytes(vt, "Enter", 100, NULL);
        lb_vt_send(vt, "Definitief", 10);
        settle(vt, lb_vt_output_len(vt), now_ms(), 100, 5000, NULL);
        key_bytes(vt, "Enter", 100, &v[n++]);
        key_bytes(vt, "F", 100, &v[n++]);
    }
    timing filter = summarize(v, n);
    n = 0;
    const char *cols[] = {"Naam", "Begin", "Reden van status", "Naam"};
    for (int i = 0; i < 4; i++) {
        lb_vt_key(vt, "s");
        lb_vt_wait_text(vt, "Sorteren op", 5000);
        lb_vt_send(vt, cols[i], strlen(cols[i]));
        settle(vt, lb_vt_output_len(vt), now_ms(), 100, 5000, NULL);
        key_bytes(vt, "Enter", 150, &v[n++]);
    }
    double each[4];
    memcpy(each, v, sizeof each);
    timing sort = summarize(v, n);
    lb_vt_free(vt);
    lb_test_sim_stop(&sim);

    /* ---- report ---- */
    char section[8192];
    size_t k = 0;
#define ADD(...) \
    k += (size_t)snprintf(section + k, k < sizeof section ? sizeof section - k : 0, __VA_ARGS__)
    ADD("## The screen: bytes per key and key-to-screen time\n\n"
        "`make bench-screen` (bench/screen_bench --scale %s): the real lbterm in a pty "
        "(tests/vt_harness, libvterm) against a private lbbus-sim, the meetings list (view \"Alle "
        "vergaderingen\", 600 meetings) as the "
        "secretary sees it, TERM=xterm-256color, UTF-8. Bytes are what lbterm wrote until the "
        "screen was quiet (150 ms) after the key (medians of 3-5 keys); times are from writing "
        "the key to lbterm's last byte, so they include the pty and the harness. A shared "
        "2-core machine: indicative figures.\n\n",
        scale);
    ADD("| bytes written | 80x24 | 200x50 | target |\n| --- | --- | --- | --- |\n");
    ADD("| first paint | %zu | %zu | |\n", sz[0].first, sz[1].first);
    ADD("| cursor down | %zu | %zu | <= 2 row widths + 40: %d / %d |\n", sz[0].down, sz[1].down,
        2 * 80 + 40, 2 * 200 + 40);
    ADD("| scroll one line | %zu | %zu | |\n", sz[0].scroll, sz[1].scroll);
    ADD("| page down | %zu | %zu | <= one screen: %d / %d |\n", sz[0].page, sz[1].page, 80 * 24,
        200 * 50);
    ADD("| one idle second | %zu | %zu | 0 |\n\n", sz[0].idle, sz[1].idle);
    ADD("Page-down session at 80x24 (20 x PageDown at autorepeat speed, one every 40 ms): %zu "
        "bytes, "
        "with `--slow-link` %zu bytes (%.2fx; target <= 0.5x).\n\n",
        plain, slow, plain ? (double)slow / (double)plain : 0.0);
    char *trim = status;
    while (trim && *trim == ' ')
        trim++;
    ADD("Key to last byte at 200x50 with the view \"Alle vergaderingen\" loaded (status line: "
        "\"%s\"; loaded in %.1f s after switching the view):\n\n",
        trim ? trim : "?", load_s);
    ADD("| key | samples | p50 | p99 | target p99 |\n| --- | --- | --- | --- | --- |\n");
    ADD("| cursor move (Down/Up) | %zu | %.1f ms | %.1f ms | <= 20 ms |\n", moves.n, moves.p50,
        moves.p99);
    ADD("| find as you type (\"%s\", one key each) | %zu | %.1f ms | %.1f ms | <= 20 ms |\n",
        needle, find.n, find.p50, find.p99);
    ADD("| opening the find prompt (`/`: folds every row once) | 1 | %.1f ms | | |\n", open_find);
    ADD("| filter on a status, and off | %zu | %.1f ms | %.1f ms | |\n", filter.n, filter.p50,
        filter.p99);
    ADD("| sort on a column | %zu | %.1f ms | %.1f ms | <= 150 ms |\n\n", sort.n, sort.p50,
        sort.p99);
    ADD("Sorts in order: %s %.0f ms, %s %.0f ms, %s %.0f ms, %s (reversed) %.0f ms.\n\n", cols[0],
        each[0], cols[1], each[1], cols[2], each[2], cols[3], each[3]);
    /* what misses (on this shared machine, a busy neighbour is one cause) */
    char miss[512] = "";
    size_t m = 0;
#define MISS(cond, ...) \
    if (cond)           \
    m += (size_t)snprintf(miss + m, m < sizeof miss ? sizeof miss - m : 0, __VA_ARGS__)
    MISS(sz[0].idle || sz[1].idle, " idle bytes;");
    MISS(sz[0].down > 200 || sz[1].down > 440, " cursor move bytes;");
    MISS(sz[0].page > 1920 || sz[1].page > 10000, " page-down bytes;");
    MISS(plain && 2 * slow > plain, " --slow-link session;");
    MISS(moves.p99 > 20, " cursor-move p99;");
    MISS(find.p99 > 20, " find p99;");
    MISS(sort.p99 > 150, " sort p99;");
    ADD("%s%s\n\n", m ? "Misses its target:" : "Every figure meets its target.", miss);
    fputs(section, stdout);
    free(status);
    free(v);
    if (out && lb_perf_doc_write(out, "screen_bench", section) != 0) {
        fprintf(stderr, "screen_bench: cannot write %s\n", out);
        return 1;
    }
    return 0;
}
