/* demo_sim.h — `lbterm --demo`: a private lbbus-sim with demo data on a Unix
 * socket in a private directory, stopped and removed when lbterm ends. */
#ifndef LB_DEMO_SIM_H
#define LB_DEMO_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct {
    pid_t pid;
    char dir[256];      /* the private directory (0700) */
    char base_url[320]; /* "unix:/…/bus.sock" */
} lb_demo_sim;

/* Starts the simulator (LBBUS_SIM, or lbbus-sim next to this program) with
 * its output in LOG_PATH (may be NULL). False with a translated sentence in
 * ERR when it cannot start. */
bool lb_demo_sim_start(lb_demo_sim *sim, const char *log_path, char *err, size_t errsize);
/* Stops it and removes the directory; harmless twice. */
void lb_demo_sim_stop(lb_demo_sim *sim);

#endif
