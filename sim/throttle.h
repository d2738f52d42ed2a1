/* throttle.h — service protection: a token bucket and a concurrency count
 * per user (Dataverse), and an optional bucket per subscription key (the
 * gateway). */
#ifndef LB_SIM_THROTTLE_H
#define LB_SIM_THROTTLE_H

#include <stdbool.h>

typedef struct sim_throttle sim_throttle;

/* RATE_N requests per RATE_SECS; CONCURRENCY requests in flight. */
sim_throttle *sim_throttle_new(long rate_n, long rate_secs, long concurrency);
void sim_throttle_free(sim_throttle *t);
/* Takes one request from KEY's bucket: 0 when allowed, else the seconds
 * until the next one is (for Retry-After). A refused request still costs
 * a token, so pushing on makes the wait longer. */
long sim_throttle_take(sim_throttle *t, const char *key);
/* Counts a request in flight; false when KEY already has CONCURRENCY. */
bool sim_throttle_enter(sim_throttle *t, const char *key);
void sim_throttle_leave(sim_throttle *t, const char *key);

#endif
