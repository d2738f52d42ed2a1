/* test_sim_startup.c — lbbus-sim start-up without the harness: refused
 * listen addresses and options, --unix, --demo (its temporary database is
 * removed at exit), SIGINT, and HTTPS with client certificates. */
#include "config.h"

#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/tap.h"

static char workdir[64];

typedef struct proc {
    pid_t pid;
    char ready[256];
} proc;

/* Runs lbbus-sim ARGS (NULL-terminated) with --ready-fd 3; waits (60 s at
 * most) for the ready line. Returns 0, or -1 when it exited or said nothing. */
static int spawn(proc *p, const char *const *args)
{
    const char *bin = getenv("LBBUS_SIM");
    const char *argv[32];
    int n = 0;
    argv[n++] = bin;
    for (; args[n - 1] && n < 28; n++)
        argv[n] = args[n - 1];
    argv[n++] = "--ready-fd";
    argv[n++] = "3";
    argv[n] = NULL;
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
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

/* Sends SIG and returns the exit status (-1 when killed by a signal). */
static int stop(proc *p, int sig)
{
    int status = 0;
    kill(p->pid, sig);
    if (waitpid(p->pid, &status, 0) != p->pid)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Runs lbbus-sim with ARGS to the end; its exit status. */
static int run(const char *const *args)
{
    proc p;
    if (spawn(&p, args) == 0)
        return stop(&p, SIGTERM) == 0 ? 100 : -1; /* it started: not what we wanted */
    int status = 0;
    waitpid(p.pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static size_t collect(char *data, size_t size, size_t n, void *user)
{
    char *buf = user;
    size_t have = strlen(buf), add = size * n;
    if (have + add < 4096) {
        memcpy(buf + have, data, add);
        buf[have + add] = '\0';
    }
    return add;
}

/* GET URL with optional TLS files; the status (0: no answer) and body. */
static long get(const char *url, const char *unix_path, const char *ca, const char *cert,
                const char *key, char *body)
{
    CURL *c = curl_easy_init();
    struct curl_slist *h = curl_slist_append(NULL, "Authorization: Bearer demo-secretaris");
    body[0] = '\0';
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, body);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    if (unix_path)
        curl_easy_setopt(c, CURLOPT_UNIX_SOCKET_PATH, unix_path);
    if (ca)
        curl_easy_setopt(c, CURLOPT_CAINFO, ca);
    if (cert) {
        curl_easy_setopt(c, CURLOPT_SSLCERT, cert);
        curl_easy_setopt(c, CURLOPT_SSLKEY, key);
    }
    long status = 0;
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return status;
}

static bool dir_empty(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return false;
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    closedir(d);
    return n == 0;
}

static void refusals(void)
{
    const char *open_addr[] = {"--demo", "--listen", "0.0.0.0:0", NULL};
    is_int(run(open_addr), 1, "plain HTTP on 0.0.0.0 is refused");
    const char *lan[] = {"--demo", "--listen", "192.168.1.10:0", NULL};
    is_int(run(lan), 1, "and on a LAN address");
    const char *both[] = {"--demo", "--db", "x.db", NULL};
    is_int(run(both), 2, "--demo with --db: usage error");
    const char *neither[] = {"--listen", "127.0.0.1:0", NULL};
    is_int(run(neither), 2, "neither --db nor --demo: usage error");
    const char *rate[] = {"--demo", "--rate-limit", "lots", NULL};
    is_int(run(rate), 2, "a bad --rate-limit: usage error");
    const char *prob[] = {"--demo", "--error-rate", "1.5", NULL};
    is_int(run(prob), 2, "an error rate above 1: usage error");
    const char *tls[] = {"--demo", "--tls-cert", "x.pem", NULL};
    is_int(run(tls), 2, "--tls-cert without --tls-key: usage error");
}

static void unix_and_demo(void)
{
    char sock[128], body[4096];
    snprintf(sock, sizeof sock, "%s/bus.sock", workdir);
    proc p;
    const char *args[] = {"--demo", "--unix", sock, NULL};
    is_int(spawn(&p, args), 0, "--unix --demo starts");
    ok(strncmp(p.ready, "unix:", 5) == 0 && strcmp(p.ready + 5, sock) == 0,
       "the ready line names the socket (%s)", p.ready);
    is_int(get("http://localhost/crm/whoami", sock, NULL, NULL, NULL, body), 200,
           "a request over the Unix socket");
    ok(strstr(body, "An Peeters") != NULL, "answers whoami");
    is_int(stop(&p, SIGINT), 0, "SIGINT: exit 0");
    ok(dir_empty(workdir), "the demo database and the socket are gone");
}

static void tls(void)
{
    char cmd[2048];
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
             "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
             "-keyout evil.key -out evil.pem -days 2 -subj /CN=evil",
             workdir);
    if (system(cmd) != 0) {
        tap_skip("the openssl command is not available", "HTTPS with client certificates");
        return;
    }
    char f[8][160];
    const char *names[] = {"ca.pem",  "srv.pem",  "srv.key",  "cli.pem",
                           "cli.key", "evil.pem", "evil.key", "tls.db"};
    for (int i = 0; i < 8; i++)
        snprintf(f[i], sizeof f[i], "%s/%s", workdir, names[i]);
    proc p;
    const char *args[] = {"--db",      f[7], "--listen",    "127.0.0.1:0", "--tls-cert", f[1],
                          "--tls-key", f[2], "--client-ca", f[0],          NULL};
    is_int(spawn(&p, args), 0, "HTTPS with --client-ca starts");
    ok(strncmp(p.ready, "https://127.0.0.1:", 18) == 0, "announces https:// (%s)", p.ready);
    char url[300], body[4096];
    snprintf(url, sizeof url, "%s/crm/whoami", p.ready);
    is_int(get(url, NULL, f[0], f[3], f[4], body), 200, "a client with a certificate of the CA");
    is_int(get(url, NULL, f[0], NULL, NULL, body), 403, "a client without certificate: 403");
    ok(strstr(body, "\"statusCode\":403") && strstr(body, "Invalid client certificate"),
       "in the gateway shape: Invalid client certificate");
    is_int(get(url, NULL, f[0], f[5], f[6], body), 403, "a self-signed client certificate: 403");
    snprintf(url, sizeof url, "%s/health", p.ready);
    is_int(get(url, NULL, f[0], NULL, NULL, body), 200, "/health answers anyone");
    snprintf(url, sizeof url, "http://%s/health", p.ready + strlen("https://"));
    is_int(get(url, NULL, NULL, NULL, NULL, body), 0, "plain HTTP gets no answer");
    is_int(stop(&p, SIGTERM), 0, "stops cleanly");
}

int main(void)
{
    snprintf(workdir, sizeof workdir, "/tmp/lbsimstart.XXXXXX");
    if (!mkdtemp(workdir))
        tap_bail("mkdtemp: %s", strerror(errno));
    curl_global_init(CURL_GLOBAL_DEFAULT);
    refusals();
    unix_and_demo();
    tls();
    curl_global_cleanup();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", workdir);
    if (system(cmd) != 0)
        tap_diag("could not remove %s", workdir);
    return tap_done();
}
