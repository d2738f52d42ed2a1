/* test_archive_faults.c — the job while the simulator misbehaves: server
 * errors and dropped connections (the bus retries what is safe to retry;
 * the job reads before it repeats a submit or a PATCH), a kill in the
 * middle and a resume under the same faults, and a tight rate limit (429
 * with Retry-After). Every record ends DONE or FAILED with a reason, and
 * the ledger never shows a dossier, document, submit or delete twice. */
#include "config.h"

#include <curl/curl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/tap.h"
#include "tests/unit/test_archive_util.h"

static char dir[256], jpath[300];

static const char *const FAULTS = "{\"errorRate\":0.12,\"dropRate\":0.06,\"seed\":7}";

typedef struct {
    size_t done, failed, other, reasons;
} outcome;

static outcome outcome_of(const lb_archive_job *job)
{
    outcome o = {0};
    for (size_t i = 0; i < lb_archive_job_count(job); i++) {
        const lb_archive_record *r = lb_archive_job_record(job, i);
        if (r->state == LB_ARCHIVE_REC_DONE) {
            o.done++;
        } else if (r->state == LB_ARCHIVE_REC_FAILED) {
            o.failed++;
            if (r->error.status != LB_OK)
                o.reasons++;
            tap_diag("failed: %s: %s %s", r->id, lb_status_name(r->error.status), r->error.detail);
        } else {
            o.other++;
        }
    }
    return o;
}

/* The checks of MEETINGS ready meetings and DOSSIERS ready dossiers, with
 * snapshots of the meetings. */
static size_t pick(lb_test_conn *c, lb_test_sim *sim, size_t meetings, size_t dossiers,
                   lb_archive_check **out, lb_test_meeting_snap *snaps)
{
    lb_archive_check *m = NULL, *d = NULL;
    size_t nm = lb_test_arch_ready_meetings(c, sim, meetings, &m);
    size_t nd = lb_test_arch_ready_dossiers(c, sim, dossiers, &d);
    lb_archive_check *all = calloc(nm + nd + 1, sizeof *all);
    memcpy(all, m, nm * sizeof *all);
    memcpy(all + nm, d, nd * sizeof *all);
    free(m);
    free(d);
    for (size_t i = 0; i < nm; i++)
        lb_test_arch_snapshot(sim, all[i].id, &snaps[i]);
    *out = all;
    return nm + nd;
}

/* DONE meetings archived completely; nothing anywhere twice. */
static void check_ledger(lb_test_sim *sim, const lb_archive_job *job, lb_archive_check *c, size_t n,
                         lb_test_meeting_snap *snaps, size_t nm, bool removed, const char *what)
{
    cJSON *ledger = lb_test_arch_get(sim, "/_sim/ledger");
    is_int(lb_test_ledger_duplicates(ledger), 0, "%s: no dossier, submit or delete twice", what);
    size_t good = 0, done = 0, deletes_unsubmitted = 0;
    for (size_t i = 0; i < n; i++) {
        const lb_archive_record *r = lb_archive_job_record(job, i);
        if (lb_test_ledger_count(ledger, c[i].id, "crmDeletes") > 0 &&
            lb_test_ledger_count(ledger, c[i].id, "submits") != 1)
            deletes_unsubmitted++;
        if (r->state != LB_ARCHIVE_REC_DONE || i >= nm)
            continue;
        done++;
        good += lb_test_arch_verify_meeting(sim, ledger, &snaps[i], c[i].serie_id, removed);
    }
    is_int((long long)good, (long long)done, "%s: every DONE meeting is archived completely", what);
    is_int((long long)deletes_unsubmitted, 0, "%s: nothing removed without its submit", what);
    cJSON_Delete(ledger);
}

static void errors_and_drops(void)
{
    lb_test_sim sim;
    lb_test_conn conn;
    /* Every 503 says "Retry-After: 1" and holds the whole bus that long;
     * here the retries come at once so that the test stays short. */
    lb_test_arch_retry_after_cap_s = 0;
    lb_test_arch_sim(&sim, (const char *[]){"--scale", "2", NULL});
    lb_test_arch_conn(&conn, &sim, "demo-archivaris", 6);
    lb_archive_check *c = NULL;
    lb_test_meeting_snap snaps[16];
    size_t n = pick(&conn, &sim, 8, 4, &c, snaps);
    lb_test_arch_faults(&sim, FAULTS);
    lb_test_job_seen seen = {0};
    lb_error err;
    seen.job =
        lb_archive_job_start(conn.bus, jpath, c, n, NULL, &lb_test_arch_callbacks, &seen, &err);
    bool finished = seen.job && lb_test_arch_wait(&conn, &seen, 300000);
    lb_test_arch_faults(&sim, "{}");
    ok(finished, "with 12%% server errors and 6%% dropped connections the job finishes");
    outcome o = outcome_of(seen.job);
    ok(o.other == 0 && o.done + o.failed == n && o.reasons == o.failed,
       "every record DONE (%zu) or FAILED with a reason (%zu)", o.done, o.failed);
    ok(o.done >= n / 2, "most get through (%zu of %zu)", o.done, n);
    check_ledger(&sim, seen.job, c, n, snaps, 8, false, "errors and drops");
    lb_archive_job_free(seen.job);
    lb_archive_journal_close(jpath, &err);
    for (size_t i = 0; i < 8; i++)
        lb_test_arch_snap_done(&snaps[i]);
    lb_test_arch_checks_free(c, n);

    /* Removal under the same faults, killed halfway, resumed under faults. */
    n = pick(&conn, &sim, 4, 2, &c, snaps);
    lb_test_arch_conn_done(&conn);
    lb_test_arch_faults(&sim, FAULTS);
    pid_t pid = fork();
    if (pid == 0) {
        setenv("LBTERM_ARCHIVE_CRASH_AFTER", "120", 1);
        lb_test_conn cc;
        lb_test_arch_conn(&cc, &sim, "demo-archivaris", 6);
        lb_test_job_seen s = {0};
        lb_archive_options opt = {.remove_after = true};
        s.job = lb_archive_job_start(cc.bus, jpath, c, n, &opt, &lb_test_arch_callbacks, &s, &err);
        _exit(s.job && lb_test_arch_wait(&cc, &s, 300000) ? 0 : 3);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
       "a job removing after archiving is killed halfway under faults");
    lb_test_arch_conn(&conn, &sim, "demo-archivaris", 6);
    seen = (lb_test_job_seen){0};
    seen.job = lb_archive_job_resume(conn.bus, jpath, &lb_test_arch_callbacks, &seen, &err);
    finished = seen.job && lb_test_arch_wait(&conn, &seen, 300000);
    lb_test_arch_faults(&sim, "{}");
    ok(finished, "its resume under the same faults finishes");
    o = outcome_of(seen.job);
    ok(o.other == 0 && o.done + o.failed == n && o.reasons == o.failed,
       "every record DONE (%zu) or FAILED with a reason (%zu)", o.done, o.failed);
    check_ledger(&sim, seen.job, c, n, snaps, 4, true, "killed and resumed");
    lb_archive_job_free(seen.job);
    lb_archive_journal_close(jpath, &err);
    for (size_t i = 0; i < 4; i++)
        lb_test_arch_snap_done(&snaps[i]);
    lb_test_arch_checks_free(c, n);

    /* A storm: a third of the answers fail, a quarter of the connections drop. */
    n = pick(&conn, &sim, 2, 2, &c, snaps);
    lb_test_arch_faults(&sim, "{\"errorRate\":0.35,\"dropRate\":0.25,\"seed\":11}");
    seen = (lb_test_job_seen){0};
    lb_archive_options opt = {.remove_after = true};
    seen.job =
        lb_archive_job_start(conn.bus, jpath, c, n, &opt, &lb_test_arch_callbacks, &seen, &err);
    finished = seen.job && lb_test_arch_wait(&conn, &seen, 300000);
    lb_test_arch_faults(&sim, "{}");
    o = outcome_of(seen.job);
    ok(finished && o.other == 0 && o.done + o.failed == n && o.reasons == o.failed,
       "in a storm every record still ends DONE (%zu) or FAILED with a reason (%zu)", o.done,
       o.failed);
    check_ledger(&sim, seen.job, c, n, snaps, 2, true, "storm");
    lb_archive_job_free(seen.job);
    lb_archive_journal_close(jpath, &err);
    for (size_t i = 0; i < 2; i++)
        lb_test_arch_snap_done(&snaps[i]);
    lb_test_arch_checks_free(c, n);
    lb_test_arch_conn_done(&conn);
    lb_test_sim_stop(&sim);
    lb_test_arch_retry_after_cap_s = 2;
}

static void throttled(void)
{
    lb_test_sim sim;
    lb_test_conn conn;
    /* The harness's generous limit first, then this one wins (last option). */
    lb_test_arch_sim(&sim, (const char *[]){"--rate-limit", "150/5", NULL});
    lb_test_arch_conn(&conn, &sim, "demo-archivaris", 6);
    lb_archive_check *c = NULL;
    lb_test_meeting_snap snaps[4];
    size_t n = pick(&conn, &sim, 2, 1, &c, snaps);
    bool throttled_seen = false;
    lb_test_job_seen seen = {0};
    lb_error err;
    long long t0 = lb_now_ms();
    seen.job =
        lb_archive_job_start(conn.bus, jpath, c, n, NULL, &lb_test_arch_callbacks, &seen, &err);
    while (seen.job && !seen.finished && lb_now_ms() - t0 < 300000) {
        lb_transport_run_until(conn.t, &seen.finished, 100, &err);
        throttled_seen = throttled_seen || lb_bus_throttled_ms(conn.bus) > 0;
    }
    ok(seen.finished, "under a rate limit of 30 requests/s the job finishes (%.1f s)",
       (double)(lb_now_ms() - t0) / 1000.0);
    ok(throttled_seen, "the bus was throttled on the way (429 with Retry-After)");
    outcome o = outcome_of(seen.job);
    is_int((long long)o.done, (long long)n, "and every record is DONE");
    check_ledger(&sim, seen.job, c, n, snaps, 2, false, "throttled");
    lb_archive_job_free(seen.job);
    lb_archive_journal_close(jpath, &err);
    for (size_t i = 0; i < 2; i++)
        lb_test_arch_snap_done(&snaps[i]);
    lb_test_arch_checks_free(c, n);
    lb_test_arch_conn_done(&conn);
    lb_test_sim_stop(&sim);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    lb_test_arch_tmpdir(dir, sizeof dir);
    snprintf(jpath, sizeof jpath, "%s/archive.journal", dir);
    errors_and_drops();
    throttled();
    curl_global_cleanup();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        tap_diag("could not remove %s", dir);
    return tap_done();
}
