/* faults.c — see faults.h; also POST /_sim/faults. */
#include "config.h"

#include "sim/faults.h"

#include <pthread.h>
#include <stdlib.h>

#include "sim/handlers.h"
#include "sim/http_util.h"
#include "sim/json_util.h"
#include "sim/server.h"
#include "sim/text_util.h"

struct sim_faults {
    pthread_mutex_t lock;
    sim_fault_settings s;
    sim_rng rng;
    long truncate_next; /* requests still to cut (truncateNext) */
};

sim_faults *sim_faults_new(const sim_fault_settings *s)
{
    sim_faults *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    pthread_mutex_init(&f->lock, NULL);
    f->s = *s;
    f->rng.state = s->seed;
    return f;
}

void sim_faults_free(sim_faults *f)
{
    if (!f)
        return;
    pthread_mutex_destroy(&f->lock);
    free(f);
}

void sim_faults_set(sim_faults *f, const sim_fault_settings *s)
{
    pthread_mutex_lock(&f->lock);
    f->s = *s;
    f->rng.state = s->seed;
    pthread_mutex_unlock(&f->lock);
}

sim_fault_plan sim_faults_draw(sim_faults *f)
{
    sim_fault_plan p = {SIM_FAULT_NONE, 0, 0};
    pthread_mutex_lock(&f->lock);
    /* Always three draws, so the sequence does not depend on the rates. */
    double drop = sim_rng_unit(&f->rng), trunc = sim_rng_unit(&f->rng);
    double err = sim_rng_unit(&f->rng);
    if (drop < f->s.drop_rate)
        p.kind = SIM_FAULT_DROP;
    else if (trunc < f->s.truncate_rate)
        p.kind = SIM_FAULT_TRUNCATE;
    else if (err < f->s.error_rate)
        p.kind = err < f->s.error_rate / 2 ? SIM_FAULT_503 : SIM_FAULT_500;
    if (f->truncate_next > 0) {
        f->truncate_next--;
        p.kind = SIM_FAULT_TRUNCATE;
    }
    p.latency_ms = f->s.latency_ms;
    p.drip_bytes_per_sec = f->s.drip_bytes_per_sec;
    pthread_mutex_unlock(&f->lock);
    return p;
}

void sim_faults_truncate_next(sim_faults *f, long n)
{
    pthread_mutex_lock(&f->lock);
    f->truncate_next = n;
    pthread_mutex_unlock(&f->lock);
}

static bool rate(const cJSON *body, const char *name, double *out, sim_resp *rs)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(body, name);
    if (!v)
        return true;
    if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 1) {
        sim_err_bad_request(rs, "Invalid property '%s': a number from 0 to 1 is expected.", name);
        return false;
    }
    *out = v->valuedouble;
    return true;
}

void sim_h_faults(sim_req *rq, sim_resp *rs)
{
    if (!rq->srv->cfg->allow_fault_control) {
        sim_resp_error(rs, 403, "0x80040220",
                       "Fault control is off; start lbbus-sim with --allow-fault-control.");
        return;
    }
    static const char *const allowed[] = {
        "latencyMs",       "errorRate", "dropRate",     "truncateRate",
        "dripBytesPerSec", "seed",      "truncateNext", NULL};
    cJSON *body = sim_json_body(rq, rs);
    if (!body)
        return;
    sim_fault_settings s = {0};
    long long n = 0;
    bool present = false;
    if (!sim_json_only(body, allowed, rs) || !rate(body, "errorRate", &s.error_rate, rs) ||
        !rate(body, "dropRate", &s.drop_rate, rs) ||
        !rate(body, "truncateRate", &s.truncate_rate, rs))
        goto out;
    if (!sim_json_int(body, "latencyMs", false, &n, &present, rs))
        goto out;
    s.latency_ms = present ? (long)n : 0;
    if (!sim_json_int(body, "dripBytesPerSec", false, &n, &present, rs))
        goto out;
    s.drip_bytes_per_sec = present ? (long)n : 0;
    if (!sim_json_int(body, "seed", false, &n, &present, rs))
        goto out;
    s.seed = present ? (uint64_t)n : 1;
    if (!sim_json_int(body, "truncateNext", false, &n, &present, rs))
        goto out;
    long truncate_next = present ? (long)n : 0;
    if (s.latency_ms < 0 || s.latency_ms > 60000 || s.drip_bytes_per_sec < 0 || truncate_next < 0 ||
        truncate_next > 1000) {
        sim_err_bad_request(
            rs, "latencyMs must be 0..60000, dripBytesPerSec >= 0 and truncateNext 0..1000.");
        goto out;
    }
    sim_faults_set(rq->srv->faults, &s);
    sim_faults_truncate_next(rq->srv->faults, truncate_next);
    sim_resp_empty(rs, 204);
out:
    cJSON_Delete(body);
}

void sim_h_stats(sim_req *rq, sim_resp *rs)
{
    cJSON *o = cJSON_CreateObject();
    if (o) {
        cJSON_AddNumberToObject(o, "served", (double)atomic_load(&rq->srv->served));
        cJSON_AddNumberToObject(o, "serviceMicros", (double)atomic_load(&rq->srv->service_us));
    }
    sim_resp_json(rs, 200, o);
}
