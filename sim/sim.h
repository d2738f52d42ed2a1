/* sim.h — what every part of lbbus-sim shares: the start-up settings, the
 * per-request view handed to a handler and the response it fills in. */
#ifndef LB_SIM_H
#define LB_SIM_H

#include <microhttpd.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Fault injection settings; all rates are probabilities in [0, 1]. */
typedef struct sim_fault_settings {
    long latency_ms;
    double error_rate;
    double drop_rate;
    double truncate_rate;
    long drip_bytes_per_sec; /* 0: off */
    uint64_t seed;
} sim_fault_settings;

typedef struct sim_config {
    const char *listen;    /* "127.0.0.1:PORT" */
    const char *unix_path; /* or a Unix socket */
    int ready_fd;
    const char *db_path;
    bool demo;
    uint64_t seed;
    double scale;
    bool clean_text;
    const char *key_file;
    char *subscription_key; /* owned; NULL: no key required */
    const char *tls_cert, *tls_key, *client_ca;
    long rate_n, rate_secs;       /* per-user token bucket */
    long gw_rate_n, gw_rate_secs; /* gateway limit per subscription key; 0: off */
    long concurrency;             /* per user */
    sim_fault_settings faults;
    bool allow_fault_control;
    long drop_upload_nth; /* > 0: drop the Nth attachment upload once (tests) */
} sim_config;

struct sim_user;
struct sim_server;

/* One request as a handler sees it; nothing in it is owned by the handler. */
typedef struct sim_req {
    struct MHD_Connection *conn;
    const char *method;
    const char *path;
    const char *body;
    size_t body_len;
    const char *params[2]; /* captured "{id}" path segments */
    const struct sim_user *user;
    sqlite3 *db;
    struct sim_server *srv;
} sim_req;

#define SIM_MAX_HEADERS 6

typedef struct sim_header {
    const char *name;
    char value[512];
} sim_header;

/* A response under construction; body is owned (malloc) and freed by
 * sim_resp_done. */
typedef struct sim_resp {
    unsigned status;
    char *body;
    size_t len;
    const char *ctype;
    size_t nhdr;
    sim_header hdr[SIM_MAX_HEADERS];
} sim_resp;

typedef void (*sim_handler)(sim_req *rq, sim_resp *rs);

#endif
