/* test_archive_util.h — what the archive engine's tests share: a private
 * lbbus-sim (clean text, a generous rate limit, fault control), a bus signed
 * in as demo-archivaris, the preflight and the job run to their end, the
 * simulator's ledger, and records picked from the seed. */
#ifndef LB_TEST_ARCHIVE_UTIL_H
#define LB_TEST_ARCHIVE_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "client/archive.h"
#include "client/bus.h"
#include "tests/sim_harness.h"

typedef struct {
    lb_transport *t;
    lb_bus *bus;
} lb_test_conn;

/* Starts the simulator with EXTRA (NULL-terminated, may be NULL) on top of
 * --clean-text (unless lb_test_arch_clean_text is false), a high rate limit
 * and --allow-fault-control; bails out when it does not start. */
extern bool lb_test_arch_clean_text;
void lb_test_arch_sim(lb_test_sim *sim, const char *const *extra);
/* The cap on Retry-After of the buses made next (default 2 s; 0: retry at once). */
extern long lb_test_arch_retry_after_cap_s;
/* A bus for demo user TOKEN with CONCURRENCY; bails out on failure. */
void lb_test_arch_conn(lb_test_conn *c, const lb_test_sim *sim, const char *token, int concurrency);
void lb_test_arch_conn_done(lb_test_conn *c);
/* Fault settings (POST /_sim/faults); "{}" turns them off. */
void lb_test_arch_faults(const lb_test_sim *sim, const char *json);

/* GET/POST as demo-archivaris; the parsed answer (NULL unless 2xx). */
cJSON *lb_test_arch_get(const lb_test_sim *sim, const char *path);
cJSON *lb_test_arch_post(const lb_test_sim *sim, const char *path, const char *body);
/* The HTTP status of METHOD PATH with BODY (may be NULL) as TOKEN. */
long lb_test_arch_status(const lb_test_sim *sim, const char *token, const char *method,
                         const char *path, const char *body);

/* The preflight of TARGETS run to its end; the checks are copied into
 * *OUT (free with lb_test_arch_checks_free). Returns the count. */
size_t lb_test_arch_preflight(lb_test_conn *c, const lb_archive_target *targets, size_t n,
                              lb_archive_check **out);
void lb_test_arch_checks_free(lb_archive_check *checks, size_t n);

/* What a job's callbacks saw. */
typedef struct {
    bool finished;
    lb_archive_summary sum;
    size_t record_calls, running_seen;
    lb_archive_job *job;
    bool cancel_at_first_done; /* cancels the job when a record is first DONE */
} lb_test_job_seen;

extern const lb_archive_callbacks lb_test_arch_callbacks;
/* Runs the transport until the job finished (or TIMEOUT_MS): true when it did. */
bool lb_test_arch_wait(lb_test_conn *c, lb_test_job_seen *seen, int timeout_ms);

/* Up to MAX inactive meetings (ids) that the preflight finds READY and that
 * no earlier call returned; their checks go to *CHECKS. Returns how many. */
size_t lb_test_arch_ready_meetings(lb_test_conn *c, const lb_test_sim *sim, size_t max,
                                   lb_archive_check **checks);
/* As above for dossiers. */
size_t lb_test_arch_ready_dossiers(lb_test_conn *c, const lb_test_sim *sim, size_t max,
                                   lb_archive_check **checks);

/* The ledger entry of BRON_ID (a cJSON object inside LEDGER) or NULL. */
const cJSON *lb_test_ledger_entry(const cJSON *ledger, const char *bron_id);
/* Its counter NAME (e.g. "davDossiersCreated"); 0 when absent. */
int lb_test_ledger_count(const cJSON *ledger, const char *bron_id, const char *name);
/* Entries with more than one dossier created or submitted, or with a
 * document id twice: the duplicates that must never be. */
int lb_test_ledger_duplicates(const cJSON *ledger);

/* A meeting as the CRM had it before the job: its documents and agenda
 * items (with theirs). */
typedef struct {
    char id[40];
    size_t ndocs, nitems;
    char (*items)[40];
    size_t *item_docs;
} lb_test_meeting_snap;

bool lb_test_arch_snapshot(const lb_test_sim *sim, const char *id, lb_test_meeting_snap *out);
void lb_test_arch_snap_done(lb_test_meeting_snap *s);

/* Whether SNAP's meeting is archived exactly once and completely: one
 * dossier created and submitted, in SERIE_ID, published, with every document;
 * one dossier per agenda item, related from the meeting's; the CRM records
 * marked with those dossiers, or (REMOVED) gone, each deleted once. On the
 * first difference a diagnostic line names it and false comes back. */
bool lb_test_arch_verify_meeting(const lb_test_sim *sim, const cJSON *ledger,
                                 const lb_test_meeting_snap *snap, const char *serie_id,
                                 bool removed);

/* A fresh temporary directory (removed at exit by the caller). */
void lb_test_arch_tmpdir(char *out, size_t size);

#endif
