/* test_sim_harness.c — the harness starts a private simulator, talks to it,
 * and stops it for good. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/sim_harness.h"
#include "tests/tap.h"

int main(void)
{
    lb_test_sim a, b;
    if (lb_test_sim_start(&a, NULL) != 0)
        tap_bail("lbbus-sim did not start");
    ok(strncmp(a.base_url, "http://127.0.0.1:", 17) == 0, "listens on loopback: %s", a.base_url);
    if (lb_test_sim_start(&b, NULL) != 0)
        tap_bail("second lbbus-sim did not start");
    ok(strcmp(a.base_url, b.base_url) != 0, "two simulators get two free ports");
    ok(strcmp(a.dir, b.dir) != 0, "and two private directories");

    lb_test_response r;
    ok(lb_test_http(&a, "GET", "/health", NULL, NULL, NULL, 0, &r) == 0, "GET /health answers");
    is_int(r.status, 200, "with 200");
    ok(strstr(r.body, "\"ok\"") != NULL, "and an ok body");
    lb_test_response_done(&r);

    pid_t pid = a.pid;
    char dir[256];
    snprintf(dir, sizeof dir, "%s", a.dir);
    is_int(lb_test_sim_stop(&a), 0, "stops cleanly on SIGTERM");
    ok(kill(pid, 0) != 0 && errno == ESRCH, "the process is gone");
    struct stat st;
    ok(stat(dir, &st) != 0, "its temporary directory is removed");
    is_int(lb_test_sim_stop(&b), 0, "second stops cleanly too");
    return tap_done();
}
