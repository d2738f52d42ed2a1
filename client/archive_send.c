/* archive_send.c — how the job's units talk to the bus: one request at a
 * time per unit; a request whose intent was just journaled is held until
 * an fsync started after the intent was written has ended; a step
 * that failed for a passing reason is tried again after a growing pause. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/archive_job_internal.h"
#include "client/archive_syncer.h"

/* Tries of one step that fail on the way (each already retried by the bus). */
#define STEP_TRIES     6
#define BACKOFF_MAX_MS 8000

bool job_transient(lb_status s)
{
    switch (s) {
    case LB_ERR_NETWORK:
    case LB_ERR_TIMEOUT:
    case LB_ERR_THROTTLED:
    case LB_ERR_UNAVAILABLE:
    case LB_ERR_SERVER:
    case LB_ERR_BAD_RESPONSE: return true;
    default: return false;
    }
}

/* ---- sending ---- */

void unit_answered(job_unit *u)
{
    u->busy = false;
    u->req = NULL;
    u->op = OP_NONE;
}

static void retry_timer(void *user)
{
    job_unit *u = user;
    u->timer = 0;
    u->busy = false;
    rec_pump(u->rec);
}

/* A step of U failed with ERR: once more after a while when that may help,
 * else the record fails. */
void unit_step_failed(job_unit *u, const lb_error *err)
{
    job_rec *r = u->rec;
    if (job_transient(err->status) && u->attempts < STEP_TRIES && !r->failing) {
        long delay = 250L << u->attempts;
        if (delay > BACKOFF_MAX_MS)
            delay = BACKOFF_MAX_MS;
        u->attempts++;
        u->timer = lb_timer_add(lb_bus_transport(r->job->bus), delay, retry_timer, u);
        if (u->timer) {
            u->busy = true; /* waiting counts as busy */
            return;
        }
    }
    rec_fail(r, err);
}

static void send_free(job_send *h)
{
    for (size_t i = 0; h->seg[i]; i++)
        free(h->seg[i]);
    free(h->body);
    free(h->if_match);
    free(h);
}

static void free_sends(job_send *h)
{
    for (job_send *n; h; h = n) {
        n = h->next;
        send_free(h);
    }
}

void job_held_free(lb_archive_job *job)
{
    arc_syncer_free(job->syncer); /* waits for an fsync still running */
    job->syncer = NULL;
    free_sends(job->syncing);
    job->syncing = NULL;
    free_sends(job->held);
    job->held = job->held_tail = NULL;
    if (job->sync_timer)
        lb_timer_cancel(lb_bus_transport(job->bus), job->sync_timer);
    job->sync_timer = 0;
}

/* Sends the requests H (consumed) whose intents are durable now, or fails
 * their records with ERR when the journal could not be synced. */
static void send_batch(lb_archive_job *job, job_send *h, const lb_error *err)
{
    for (job_send *n; h; h = n) {
        n = h->next;
        job_unit *u = h->u;
        u->needs_sync = false;
        if (!err) {
            lb_request_spec spec = {.method = h->method,
                                    .path = (const char *const *)h->seg,
                                    .body = h->body,
                                    .body_len = h->body_len,
                                    .if_match = h->if_match,
                                    .idempotent = h->idempotent};
            lb_error e;
            u->req = lb_bus_send(job->bus, &spec, h->fn, u, &e);
            if (!u->req) {
                u->busy = false;
                rec_fail(u->rec, &e);
                rec_pump(u->rec);
            }
        } else {
            u->busy = false;
            rec_fail(u->rec, err);
            rec_pump(u->rec);
        }
        send_free(h);
    }
}

static void start_sync(lb_archive_job *job);

static void on_synced(void *user, const lb_error *err)
{
    lb_archive_job *job = user;
    job_send *h = job->syncing;
    job->syncing = NULL;
    send_batch(job, h, err->status == LB_OK ? NULL : err);
    start_sync(job); /* the intents journaled while this fsync ran */
}

/* One fsync for every intent journaled since the last one started, then
 * their requests. The fsync runs in the syncer's thread so that answers keep
 * being read meanwhile; without a thread it runs here. */
static void start_sync(lb_archive_job *job)
{
    if (!job->held || arc_syncer_busy(job->syncer))
        return;
    job_send *h = job->held;
    job->held = job->held_tail = NULL;
    lb_error err;
    if (!job->journal) {
        lb_error_set(&err, LB_ERR_CONFIG, 0, "journal");
        send_batch(job, h, &err);
        return;
    }
    if (!job->syncer)
        job->syncer = arc_syncer_new(lb_bus_transport(job->bus), arc_journal_fd(job->journal),
                                     arc_journal_path(job->journal), &err);
    if (job->syncer && arc_syncer_start(job->syncer, on_synced, job, &err) == LB_OK) {
        job->syncing = h;
        return;
    }
    send_batch(job, h, arc_journal_sync(job->journal, &err) == LB_OK ? NULL : &err);
}

static void sync_timer_fired(void *user)
{
    lb_archive_job *job = user;
    job->sync_timer = 0;
    start_sync(job);
}

/* Holds a request of U until its intent is durable. */
static bool hold(job_unit *u, job_op op, const lb_request_spec *spec, lb_response_fn fn)
{
    lb_archive_job *job = u->rec->job;
    job_send *h = calloc(1, sizeof *h);
    bool ok = h != NULL;
    size_t n = 0;
    for (; ok && spec->path[n]; n++)
        ok = n + 1 < sizeof h->seg / sizeof h->seg[0] && (h->seg[n] = strdup(spec->path[n]));
    if (ok && spec->body) {
        h->body = malloc(spec->body_len ? spec->body_len : 1);
        ok = h->body != NULL;
        if (ok)
            memcpy(h->body, spec->body, spec->body_len);
        h->body_len = spec->body_len;
    }
    if (ok && spec->if_match)
        ok = (h->if_match = strdup(spec->if_match)) != NULL;
    if (ok && !job->sync_timer)
        ok = (job->sync_timer =
                  lb_timer_add(lb_bus_transport(job->bus), 0, sync_timer_fired, job)) != 0;
    if (!ok) {
        if (h)
            send_free(h);
        rec_fail_status(u->rec, LB_ERR_NOMEM, 0, "%s", "request");
        return false;
    }
    h->u = u;
    h->fn = fn;
    h->method = spec->method;
    h->idempotent = spec->idempotent;
    if (job->held_tail)
        job->held_tail->next = h;
    else
        job->held = h;
    job->held_tail = h;
    u->op = op;
    u->busy = true;
    return true;
}

bool unit_send(job_unit *u, job_op op, const lb_request_spec *spec, lb_response_fn fn)
{
    if (u->needs_sync)
        return hold(u, op, spec, fn);
    lb_error err;
    u->req = lb_bus_send(u->rec->job->bus, spec, fn, u, &err);
    if (!u->req) {
        rec_fail(u->rec, &err);
        return false;
    }
    u->op = op;
    u->busy = true;
    return true;
}

/* POSTs BODY (consumed) as JSON to PATH. */
bool unit_post(job_unit *u, job_op op, const char *const *path, cJSON *body, bool idempotent,
               lb_response_fn fn)
{
    char *text = body ? cJSON_PrintUnformatted(body) : NULL;
    cJSON_Delete(body);
    if (!text) {
        rec_fail_status(u->rec, LB_ERR_NOMEM, 0, "%s", "JSON");
        return false;
    }
    lb_request_spec spec = {.method = "POST",
                            .path = path,
                            .body = text,
                            .body_len = strlen(text),
                            .idempotent = idempotent};
    bool ok = unit_send(u, op, &spec, fn);
    free(text);
    return ok;
}

cJSON *job_id_body(const char *key, const char *id)
{
    cJSON *o = cJSON_CreateObject();
    if (o && !cJSON_AddStringToObject(o, key, id)) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

bool job_json_str_or_null(cJSON *o, const char *key, const char *s)
{
    return s && *s ? cJSON_AddStringToObject(o, key, s) != NULL
                   : cJSON_AddNullToObject(o, key) != NULL;
}

bool unit_event(job_unit *u, const char *tag, const char *const *args, size_t n)
{
    if (!job_event(u->rec, tag, args, n))
        return false;
    if (tag[0] == 'I')
        u->needs_sync = true; /* its request waits for the fsync */
    return true;
}
