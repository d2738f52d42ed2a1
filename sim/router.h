/* router.h — the route table: method + path pattern -> handler. */
#ifndef LB_SIM_ROUTER_H
#define LB_SIM_ROUTER_H

#include <stdbool.h>
#include <stddef.h>

#include "sim/sim.h"

enum sim_route_flags {
    SIM_ROUTE_PUBLIC = 1u << 0,   /* no bearer token needed (GET /health) */
    SIM_ROUTE_SIM = 1u << 1,      /* simulator-only: no faults, no throttling */
    SIM_ROUTE_BIG_BODY = 1u << 2, /* uploads: 16 MiB instead of 1 MiB */
};

typedef struct sim_route {
    const char *method;
    const char *pattern; /* "{id}" matches one path segment */
    sim_handler handler;
    unsigned flags;
} sim_route;

typedef enum { SIM_ROUTE_FOUND, SIM_ROUTE_NO_PATH, SIM_ROUTE_NO_METHOD } sim_route_result;

/* Finds the route for METHOD PATH. On SIM_ROUTE_NO_METHOD, ALLOW lists the
 * methods the path has. Captured segments go to PARAMS, copied into BUF. */
sim_route_result sim_route_find(const char *method, const char *path, const sim_route **route,
                                const char *params[2], char *buf, size_t bufsize, char *allow,
                                size_t allowsize);
/* The route flags a path would have (for body limits before routing). */
unsigned sim_route_flags_for(const char *method, const char *path);

#endif
