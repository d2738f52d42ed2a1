/* with_sim.c — runs a command next to a private lbbus-sim:
 *   with-sim [SIM-ARG]... -- COMMAND [ARG]...
 * COMMAND sees LBBUS_URL and LBBUS_DB; the simulator is stopped afterwards,
 * whatever the command's fate. Exit status is the command's. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/sim_harness.h"

int main(int argc, char **argv)
{
    int sep = 1;
    while (sep < argc && strcmp(argv[sep], "--") != 0)
        sep++;
    if (sep >= argc - 1) {
        fprintf(stderr, "usage: with-sim [SIM-ARG]... -- COMMAND [ARG]...\n");
        return 2;
    }
    argv[sep] = NULL;
    lb_test_sim sim;
    if (lb_test_sim_start(&sim, (const char *const *)argv + 1) != 0)
        return 99; /* hard error for automake's harness */
    setenv("LBBUS_URL", sim.base_url, 1);
    setenv("LBBUS_DB", sim.db_path, 1);
    pid_t pid = fork();
    if (pid == 0) {
        execvp(argv[sep + 1], argv + sep + 1);
        fprintf(stderr, "with-sim: %s: %s\n", argv[sep + 1], strerror(errno));
        _exit(127);
    }
    int status = 0;
    if (pid > 0)
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
            ;
    int sim_status = lb_test_sim_stop(&sim);
    if (pid < 0)
        return 99;
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    int rc = WEXITSTATUS(status);
    if (rc == 0 && sim_status != 0) {
        fprintf(stderr, "with-sim: lbbus-sim did not stop cleanly (status %d)\n", sim_status);
        return 1;
    }
    return rc;
}
