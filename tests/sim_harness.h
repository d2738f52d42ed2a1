/* sim_harness.h — start lbbus-sim for one test: a free loopback port, its own
 * temporary database, ready when it answers, always stopped (also when the
 * test crashes: the simulator gets SIGTERM when its parent dies). */
#ifndef LB_SIM_HARNESS_H
#define LB_SIM_HARNESS_H

#include <stddef.h>
#include <sys/types.h>

typedef struct {
    pid_t pid;
    char base_url[128]; /* "http://127.0.0.1:PORT" */
    char dir[256];      /* private temporary directory (database lives here) */
    char db_path[300];
} lb_test_sim;

/* Starts $LBBUS_SIM with EXTRA_ARGS (NULL-terminated, may be NULL) on top of
 * "--listen 127.0.0.1:0 --ready-fd 3 --db DIR/bus.db". Waits (bounded,
 * 60 s) for the readiness line and a 200 from GET /health.
 * Returns 0, or -1 with a reason on stderr. */
int lb_test_sim_start(lb_test_sim *sim, const char *const *extra_args);

/* SIGTERM, wait (SIGKILL after 10 s), remove the temporary directory.
 * Returns the simulator's exit status (0 on a clean stop), -1 if killed. */
int lb_test_sim_stop(lb_test_sim *sim);

/* One HTTP exchange with the simulator, for tests. */
typedef struct {
    long status;
    char *body; /* NUL-terminated; owned, free with lb_test_response_done */
    size_t body_len;
    char *headers; /* raw response header block, owned */
} lb_test_response;

/* METHOD PATH with optional bearer TOKEN, extra HEADERS (NULL-terminated list
 * of "Name: value", may be NULL) and BODY (may be NULL). Returns 0 when an
 * HTTP answer came, -1 on a transport failure. */
int lb_test_http(const lb_test_sim *sim, const char *method, const char *path, const char *token,
                 const char *const *headers, const char *body, size_t body_len,
                 lb_test_response *out);
void lb_test_response_done(lb_test_response *resp);

/* The value of response header NAME (case-insensitive) copied into BUF,
 * or NULL when absent. */
const char *lb_test_response_header(const lb_test_response *resp, const char *name, char *buf,
                                    size_t bufsize);

#endif
