/* demo_sim.c — starting and stopping the demo simulator. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app/demo_sim.h"
#include "i18n/i18n.h"

/* LBBUS_SIM, else next to this program (installed), else ../sim (build tree). */
static bool find_sim(char *out, size_t size)
{
    const char *env = getenv("LBBUS_SIM");
    if (env && *env) {
        snprintf(out, size, "%s", env);
        return access(out, X_OK) == 0;
    }
    char exe[512];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return false;
    exe[n] = '\0';
    char *dir = dirname(exe);
    snprintf(out, size, "%s/lbbus-sim", dir);
    if (access(out, X_OK) == 0)
        return true;
    snprintf(out, size, "%s/../sim/lbbus-sim", dir);
    return access(out, X_OK) == 0;
}

bool lb_demo_sim_start(lb_demo_sim *sim, const char *log_path, char *err, size_t errsize)
{
    memset(sim, 0, sizeof *sim);
    sim->pid = -1;
    char path[512];
    if (!find_sim(path, sizeof path)) {
        snprintf(err, errsize, "%s",
                 _("The demo needs lbbus-sim, which was not found next to lbterm. Set LBBUS_SIM "
                   "to its path."));
        return false;
    }
    const char *base = getenv("XDG_RUNTIME_DIR");
    if (!base || !*base || access(base, W_OK) != 0)
        base = getenv("TMPDIR");
    if (!base || !*base)
        base = "/tmp";
    snprintf(sim->dir, sizeof sim->dir, "%s/lbterm-demo-XXXXXX", base);
    if (!mkdtemp(sim->dir)) {
        snprintf(err, errsize, _("No private directory for the demo in %s: %s"), base,
                 strerror(errno));
        sim->dir[0] = '\0';
        return false;
    }
    char sock[280];
    snprintf(sock, sizeof sock, "%s/bus.sock", sim->dir);
    snprintf(sim->base_url, sizeof sim->base_url, "unix:%s", sock);
    int ready[2];
    if (pipe2(ready, O_CLOEXEC) != 0) {
        snprintf(err, errsize, "%s", strerror(errno));
        lb_demo_sim_stop(sim);
        return false;
    }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(err, errsize, "%s", strerror(errno));
        close(ready[0]);
        close(ready[1]);
        lb_demo_sim_stop(sim);
        return false;
    }
    if (pid == 0) {
        /* the simulator never outlives lbterm, even after kill -9 */
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != parent)
            _exit(1);
        /* its own session: a terminal that hangs up (ssh dropped) must not
         * take the bus away from a job lbterm finishes without a screen */
        setsid();
        int out = open(log_path ? log_path : "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0600);
        int in = open("/dev/null", O_RDONLY);
        if (out < 0 || in < 0)
            _exit(126);
        dup2(in, 0);
        dup2(out, 1);
        dup2(out, 2);
        dup2(ready[1], 3); /* dup2 clears close-on-exec on the copy */
        char *argv[] = {path, "--demo", "--unix", sock, "--ready-fd", "3", NULL};
        execv(path, argv);
        _exit(127);
    }
    close(ready[1]);
    sim->pid = pid;
    /* wait for the readiness line (the simulator seeds its data first) */
    char line[512];
    size_t got = 0;
    struct pollfd p = {.fd = ready[0], .events = POLLIN};
    bool ok = false;
    while (got < sizeof line - 1) {
        int r = poll(&p, 1, 60000);
        if (r <= 0)
            break;
        ssize_t n = read(ready[0], line + got, sizeof line - 1 - got);
        if (n <= 0)
            break;
        got += (size_t)n;
        if (memchr(line, '\n', got)) {
            ok = true;
            break;
        }
    }
    close(ready[0]);
    if (!ok) {
        snprintf(err, errsize, _("The demo simulator did not start (see %s)."),
                 log_path ? log_path : "lbbus-sim");
        lb_demo_sim_stop(sim);
        return false;
    }
    return true;
}

void lb_demo_sim_stop(lb_demo_sim *sim)
{
    if (sim->pid > 0) {
        kill(sim->pid, SIGTERM);
        int status;
        while (waitpid(sim->pid, &status, 0) < 0 && errno == EINTR) {
        }
        sim->pid = -1;
    }
    if (sim->dir[0]) {
        char sock[280];
        snprintf(sock, sizeof sock, "%s/bus.sock", sim->dir);
        unlink(sock);
        rmdir(sim->dir);
        sim->dir[0] = '\0';
    }
}
