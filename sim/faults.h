/* faults.h — deterministic fault injection: latency, 5xx answers, dropped
 * connections, truncated and slow-drip bodies. One seeded PRNG, one draw
 * sequence per request, so a given --fault-seed replays the same faults. */
#ifndef LB_SIM_FAULTS_H
#define LB_SIM_FAULTS_H

#include "sim/sim.h"

typedef enum {
    SIM_FAULT_NONE,
    SIM_FAULT_DROP,
    SIM_FAULT_TRUNCATE,
    SIM_FAULT_503,
    SIM_FAULT_500,
} sim_fault_kind;

typedef struct sim_fault_plan {
    sim_fault_kind kind;
    long latency_ms;
    long drip_bytes_per_sec;
} sim_fault_plan;

typedef struct sim_faults sim_faults;

sim_faults *sim_faults_new(const sim_fault_settings *s);
void sim_faults_free(sim_faults *f);
void sim_faults_set(sim_faults *f, const sim_fault_settings *s);
/* The faults for the next request. */
sim_fault_plan sim_faults_draw(sim_faults *f);
/* The next N requests that draw faults get their body cut in half and the
 * connection closed: a download dropped mid-body, every time (truncateNext). */
void sim_faults_truncate_next(sim_faults *f, long n);

#endif
