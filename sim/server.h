/* server.h — libmicrohttpd glue: request bodies, the checks every request
 * passes (gateway key, bearer token, throttling, faults), handing the
 * request to its route, and writing the answer (also slowly or cut off). */
#ifndef LB_SIM_SERVER_H
#define LB_SIM_SERVER_H

#include <stdatomic.h>

#include "sim/db.h"
#include "sim/faults.h"
#include "sim/sim.h"
#include "sim/throttle.h"

typedef struct sim_server {
    const sim_config *cfg;
    sim_db_pool *pool;
    sim_throttle *throttle;
    sim_throttle *gateway; /* NULL: no gateway limit */
    sim_faults *faults;
    struct MHD_Daemon *daemon;
    atomic_bool stopping;
    atomic_long uploads_seen; /* for --drop-upload */
    /* Requests handed to a route (not /_sim) and the microseconds their
     * handlers took, latency not counted: GET /_sim/stats, for benchmarks
     * that compare the client against the simulator's own limits. */
    atomic_llong served, service_us;
    char *tls_cert, *tls_key, *tls_ca; /* PEM text, owned */
} sim_server;

/* Starts serving on LISTEN_FD (a bound, listening socket). Returns 0, or -1
 * with a message on stderr. */
int sim_server_start(sim_server *srv, const sim_config *cfg, int listen_fd);
/* Stops the daemon (waits for connection threads) and frees everything. */
void sim_server_stop(sim_server *srv);

#endif
