/* sim_harness.c — see sim_harness.h. */
#include "config.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/pidfd.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/sim_harness.h"

enum { READY_TIMEOUT_MS = 60000, STOP_TIMEOUT_MS = 10000 };

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void remove_tree(const char *dir)
{
    if (dir[0])
        nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Reads the readiness line from FD within the deadline. */
static int read_ready_line(int fd, char *buf, size_t size, long long deadline)
{
    size_t len = 0;
    while (len + 1 < size) {
        long long left = deadline - now_ms();
        if (left <= 0)
            return -1;
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int r = poll(&p, 1, (int)left);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        ssize_t n = read(fd, buf + len, size - 1 - len);
        if (n <= 0)
            return -1; /* the simulator exited before it was ready */
        len += (size_t)n;
        buf[len] = '\0';
        char *nl = strchr(buf, '\n');
        if (nl) {
            *nl = '\0';
            return 0;
        }
    }
    return -1;
}

int lb_test_sim_start(lb_test_sim *sim, const char *const *extra_args)
{
    memset(sim, 0, sizeof *sim);
    sim->pid = -1;
    const char *bin = getenv("LBBUS_SIM");
    if (!bin || !*bin) {
        fprintf(stderr, "sim_harness: LBBUS_SIM is not set (run through make check)\n");
        return -1;
    }
    const char *tmp = getenv("TMPDIR");
    snprintf(sim->dir, sizeof sim->dir, "%s/lbsim.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(sim->dir)) {
        fprintf(stderr, "sim_harness: mkdtemp: %s\n", strerror(errno));
        sim->dir[0] = '\0';
        return -1;
    }
    snprintf(sim->db_path, sizeof sim->db_path, "%s/bus.db", sim->dir);

    const char *argv[64];
    size_t argc = 0;
    argv[argc++] = bin;
    argv[argc++] = "--listen";
    argv[argc++] = "127.0.0.1:0";
    argv[argc++] = "--ready-fd";
    argv[argc++] = "3";
    argv[argc++] = "--db";
    argv[argc++] = sim->db_path;
    for (size_t i = 0; extra_args && extra_args[i] && argc < 63; i++)
        argv[argc++] = extra_args[i];
    argv[argc] = NULL;

    int pipefd[2];
    if (pipe2(pipefd, O_CLOEXEC) != 0) {
        fprintf(stderr, "sim_harness: pipe: %s\n", strerror(errno));
        remove_tree(sim->dir);
        return -1;
    }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "sim_harness: fork: %s\n", strerror(errno));
        close(pipefd[0]);
        close(pipefd[1]);
        remove_tree(sim->dir);
        return -1;
    }
    if (pid == 0) {
        /* Dies with the test, even when the test crashes. */
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != parent)
            _exit(127);
        if (dup2(pipefd[1], 3) < 0)
            _exit(127);
        execv(bin, (char *const *)argv);
        fprintf(stderr, "sim_harness: exec %s: %s\n", bin, strerror(errno));
        _exit(127);
    }
    sim->pid = pid;
    close(pipefd[1]);
    long long deadline = now_ms() + READY_TIMEOUT_MS;
    char line[160];
    int rc = read_ready_line(pipefd[0], line, sizeof line, deadline);
    close(pipefd[0]);
    if (rc != 0 || strncmp(line, "http://", 7) != 0 || strlen(line) >= sizeof sim->base_url) {
        fprintf(stderr, "sim_harness: lbbus-sim did not announce readiness\n");
        lb_test_sim_stop(sim);
        return -1;
    }
    snprintf(sim->base_url, sizeof sim->base_url, "%s", line);

    /* The socket listens before the line is written, so one GET /health decides. */
    lb_test_response resp;
    if (lb_test_http(sim, "GET", "/health", NULL, NULL, NULL, 0, &resp) == 0) {
        long st = resp.status;
        lb_test_response_done(&resp);
        if (st == 200)
            return 0;
        fprintf(stderr, "sim_harness: /health answered %ld\n", st);
    } else {
        fprintf(stderr, "sim_harness: /health did not answer\n");
    }
    lb_test_sim_stop(sim);
    return -1;
}

int lb_test_sim_stop(lb_test_sim *sim)
{
    int result = -1;
    if (sim->pid > 0) {
        kill(sim->pid, SIGTERM);
        /* Wait for the exit itself (pidfd), bounded; then insist. */
        int status = 0;
        int pfd = pidfd_open(sim->pid, 0);
        if (pfd >= 0) {
            struct pollfd p = {.fd = pfd, .events = POLLIN};
            if (poll(&p, 1, STOP_TIMEOUT_MS) <= 0)
                kill(sim->pid, SIGKILL);
            close(pfd);
        }
        while (waitpid(sim->pid, &status, 0) < 0 && errno == EINTR)
            ;
        if (WIFEXITED(status))
            result = WEXITSTATUS(status);
        sim->pid = -1;
    }
    remove_tree(sim->dir);
    sim->dir[0] = '\0';
    return result;
}

typedef struct {
    char *buf;
    size_t len;
} growbuf;

static size_t collect(char *data, size_t size, size_t nmemb, void *userp)
{
    growbuf *g = userp;
    size_t n = size * nmemb;
    char *p = realloc(g->buf, g->len + n + 1);
    if (!p)
        return 0;
    memcpy(p + g->len, data, n);
    g->buf = p;
    g->len += n;
    g->buf[g->len] = '\0';
    return n;
}

int lb_test_http(const lb_test_sim *sim, const char *method, const char *path, const char *token,
                 const char *const *headers, const char *body, size_t body_len,
                 lb_test_response *out)
{
    memset(out, 0, sizeof *out);
    CURL *c = curl_easy_init();
    if (!c)
        return -1;
    char url[1024];
    snprintf(url, sizeof url, "%s%s", sim->base_url, path);
    growbuf b = {0}, h = {0};
    struct curl_slist *hl = NULL;
    char auth[512];
    if (token) {
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
        hl = curl_slist_append(hl, auth);
    }
    for (size_t i = 0; headers && headers[i]; i++)
        hl = curl_slist_append(hl, headers[i]);
    if (body && !headers)
        hl = curl_slist_append(hl, "Content-Type: application/json");
    hl = curl_slist_append(hl, "Expect:");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &h);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
    if (strcmp(method, "HEAD") == 0)
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    if (body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
    }
    CURLcode rc = curl_easy_perform(c);
    if (rc == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
    curl_slist_free_all(hl);
    curl_easy_cleanup(c);
    if (rc != CURLE_OK) {
        free(b.buf);
        free(h.buf);
        return -1;
    }
    out->body = b.buf ? b.buf : calloc(1, 1);
    out->body_len = b.len;
    out->headers = h.buf ? h.buf : calloc(1, 1);
    return 0;
}

void lb_test_response_done(lb_test_response *resp)
{
    free(resp->body);
    free(resp->headers);
    memset(resp, 0, sizeof *resp);
}

const char *lb_test_response_header(const lb_test_response *resp, const char *name, char *buf,
                                    size_t bufsize)
{
    size_t nlen = strlen(name);
    /* Only the last header block counts (after 100-continue or similar). */
    const char *p = resp->headers;
    while (p && *p) {
        const char *eol = strstr(p, "\r\n");
        size_t llen = eol ? (size_t)(eol - p) : strlen(p);
        if (llen > nlen && p[nlen] == ':' && strncasecmp(p, name, nlen) == 0) {
            const char *v = p + nlen + 1;
            while (*v == ' ')
                v++;
            size_t vlen = llen - (size_t)(v - p);
            if (vlen >= bufsize)
                vlen = bufsize - 1;
            memcpy(buf, v, vlen);
            buf[vlen] = '\0';
            return buf;
        }
        p = eol ? eol + 2 : NULL;
    }
    return NULL;
}
