/* test_archive_resume.c — crash safety. A child process runs a job with
 * LBTERM_ARCHIVE_CRASH_AFTER=K and is killed right after its Kth journal
 * write; the parent resumes the journal and checks the simulator's ledger:
 * every record archived exactly once, no dossier or document made twice,
 * nothing removed before its dossier was submitted. K sweeps every step
 * boundary of a dossier archived and removed, then points inside jobs of
 * meetings (with their agenda items), a second kill during the resume, and
 * a torn last line. */
#include "config.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/tap.h"
#include "tests/unit/test_archive_util.h"

static lb_test_sim sim;
static lb_test_conn conn;
static char dir[256], jpath[300];

typedef enum { RUN_START, RUN_RESUME } run_kind;

/* In a child: start (or resume) the job and die at journal write K (0: never). */
static bool child_run(run_kind kind, const lb_archive_check *checks, size_t n, bool remove_after,
                      unsigned k)
{
    pid_t pid = fork();
    if (pid < 0)
        tap_bail("fork failed");
    if (pid == 0) {
        char v[16];
        snprintf(v, sizeof v, "%u", k);
        if (k)
            setenv("LBTERM_ARCHIVE_CRASH_AFTER", v, 1);
        lb_test_conn c;
        lb_test_arch_conn(&c, &sim, "demo-archivaris", 4);
        lb_test_job_seen seen = {0};
        lb_archive_options opt = {.remove_after = remove_after};
        lb_error err;
        seen.job = kind == RUN_START
                       ? lb_archive_job_start(c.bus, jpath, checks, n, &opt,
                                              &lb_test_arch_callbacks, &seen, &err)
                       : lb_archive_job_resume(c.bus, jpath, &lb_test_arch_callbacks, &seen, &err);
        bool done = seen.job && lb_test_arch_wait(&c, &seen, 120000);
        _exit(done ? 0 : 3);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
        tap_diag("the child ended with status %d", WEXITSTATUS(status));
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

/* Resumes the journal in this process, when it has work left; true when
 * every record ended DONE. */
static bool resume_here(size_t n, size_t *resumed_left)
{
    lb_error err;
    size_t left = 0;
    *resumed_left = 0;
    if (lb_archive_journal_pending(jpath, &left, &err)) {
        *resumed_left = left;
        lb_test_job_seen seen = {0};
        seen.job = lb_archive_job_resume(conn.bus, jpath, &lb_test_arch_callbacks, &seen, &err);
        if (!seen.job) {
            tap_diag("resume refused: %s %s", lb_status_name(err.status), err.detail);
            return false;
        }
        bool ok = lb_test_arch_wait(&conn, &seen, 120000) && seen.sum.done == n;
        for (size_t i = 0; i < lb_archive_job_count(seen.job); i++) {
            const lb_archive_record *r = lb_archive_job_record(seen.job, i);
            if (r->state != LB_ARCHIVE_REC_DONE)
                tap_diag("record %zu %s: %s %s", i, r->id, lb_status_name(r->error.status),
                         r->error.detail);
        }
        lb_archive_job_free(seen.job);
        if (!ok)
            return false;
    }
    if (lb_archive_journal_pending(jpath, &left, &err))
        return false;
    return lb_archive_journal_close(jpath, &err) == LB_OK;
}

static const char *str(const cJSON *o, const char *k)
{
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
}

/* A dossier archived exactly once (and removed, when asked). */
static bool dossier_once(const cJSON *ledger, const lb_archive_check *c, bool removed)
{
    const char *id = c->id;
    int created = lb_test_ledger_count(ledger, id, "davDossiersCreated");
    int submits = lb_test_ledger_count(ledger, id, "submits");
    int docs = lb_test_ledger_count(ledger, id, "davDocumentsCreated");
    int deletes = lb_test_ledger_count(ledger, id, "crmDeletes");
    int doc_deletes = lb_test_ledger_count(ledger, id, "documentDeletes");
    bool ok = created == 1 && submits == 1 && docs == (int)c->documents &&
              deletes == (removed ? 1 : 0) && doc_deletes == (removed ? (int)c->documents : 0);
    char path[200];
    snprintf(path, sizeof path, "/crm/dossiers/%s", id);
    if (removed) {
        ok = ok && lb_test_arch_status(&sim, "demo-archivaris", "GET", path, NULL) == 404;
    } else {
        cJSON *d = lb_test_arch_get(&sim, path);
        ok = ok && str(d, "davDossierId");
        cJSON_Delete(d);
    }
    if (!ok)
        tap_diag("dossier %s: created %d, submitted %d, documents %d/%zu, deleted %d, "
                 "documents deleted %d",
                 id, created, submits, docs, c->documents, deletes, doc_deletes);
    return ok;
}

/* Every step boundary of one dossier archived and removed. */
static void sweep_dossier(void)
{
    unsigned boundaries = 0;
    bool all_once = true, all_done = true;
    for (unsigned k = 1; k < 40; k++) {
        lb_archive_check *c = NULL;
        size_t n = lb_test_arch_ready_dossiers(&conn, &sim, 1, &c);
        if (n != 1)
            tap_bail("no ready dossier left");
        lb_test_arch_conn_done(&conn);
        bool killed = child_run(RUN_START, c, 1, true, k);
        lb_test_arch_conn(&conn, &sim, "demo-archivaris", 4);
        size_t left = 0;
        bool done = resume_here(1, &left);
        cJSON *ledger = lb_test_arch_get(&sim, "/_sim/ledger");
        bool once = dossier_once(ledger, &c[0], true);
        cJSON_Delete(ledger);
        if (!done || !once)
            tap_diag("killed after write %u: %s, %s", k, done ? "done" : "NOT done",
                     once ? "once" : "NOT once");
        all_done = all_done && done;
        all_once = all_once && once;
        lb_test_arch_checks_free(c, n);
        if (!killed)
            break; /* the job ended before write K: every boundary was seen */
        boundaries++;
    }
    ok(boundaries >= 10, "a dossier archived and removed was killed at %u step boundaries",
       boundaries);
    ok(all_done, "after every kill the resumed job ends with the record DONE");
    ok(all_once, "and the ledger shows one dossier, one document, one submit, one delete each");
}

static void sweep_meetings(bool remove_after)
{
    static const unsigned ks[] = {2, 5, 9, 17, 33, 61, 97, 140, 190, 260, 350, 480, 650, 900};
    unsigned kills = 0;
    bool all_ok = true;
    for (size_t i = 0; i < sizeof ks / sizeof ks[0]; i++) {
        lb_archive_check *c = NULL;
        size_t n = lb_test_arch_ready_meetings(&conn, &sim, 2, &c);
        lb_test_meeting_snap snaps[2];
        for (size_t m = 0; m < n; m++)
            lb_test_arch_snapshot(&sim, c[m].id, &snaps[m]);
        lb_test_arch_conn_done(&conn);
        bool killed = child_run(RUN_START, c, n, remove_after, ks[i]);
        lb_test_arch_conn(&conn, &sim, "demo-archivaris", 4);
        size_t left = 0;
        bool done = resume_here(n, &left);
        cJSON *ledger = lb_test_arch_get(&sim, "/_sim/ledger");
        bool good = done && lb_test_ledger_duplicates(ledger) == 0;
        for (size_t m = 0; m < n; m++) {
            good = good && lb_test_arch_verify_meeting(&sim, ledger, &snaps[m], c[m].serie_id,
                                                       remove_after);
            lb_test_arch_snap_done(&snaps[m]);
        }
        cJSON_Delete(ledger);
        if (!good)
            tap_diag("meetings killed after write %u: not archived exactly once", ks[i]);
        all_ok = all_ok && good;
        lb_test_arch_checks_free(c, n);
        if (!killed)
            break;
        kills++;
    }
    ok(kills >= 5, "two meetings%s killed at %u points of the job",
       remove_after ? " (removed after)" : "", kills);
    ok(all_ok,
       "every time resumed to DONE: one dossier per meeting and agenda item, related, "
       "with its documents, %s",
       remove_after ? "then removed" : "marked in the CRM");
}

/* Killed while archiving, killed again while resuming, a torn last line:
 * the third run still finishes it exactly once. */
static void twice(void)
{
    lb_archive_check *c = NULL;
    size_t n = lb_test_arch_ready_meetings(&conn, &sim, 2, &c);
    lb_test_meeting_snap snaps[2];
    for (size_t m = 0; m < n; m++)
        lb_test_arch_snapshot(&sim, c[m].id, &snaps[m]);
    lb_test_arch_conn_done(&conn);
    bool k1 = child_run(RUN_START, c, n, false, 40);
    bool k2 = child_run(RUN_RESUME, NULL, 0, false, 25);
    ok(k1 && k2, "killed while archiving, then killed again while resuming");
    int fd = open(jpath, O_WRONLY | O_APPEND);
    ok(fd >= 0 && write(fd, "D =0 =submit =42e5", 18) == 18, "a torn last line is left behind");
    if (fd >= 0)
        close(fd);
    lb_test_arch_conn(&conn, &sim, "demo-archivaris", 4);
    size_t left = 0;
    lb_error err;
    ok(lb_archive_journal_pending(jpath, &left, &err) && left > 0,
       "the journal still has %zu records to do", left);
    bool done = resume_here(n, &left);
    ok(done, "the third run finishes them");
    cJSON *ledger = lb_test_arch_get(&sim, "/_sim/ledger");
    bool good = lb_test_ledger_duplicates(ledger) == 0;
    for (size_t m = 0; m < n; m++) {
        good = good && lb_test_arch_verify_meeting(&sim, ledger, &snaps[m], c[m].serie_id, false);
        lb_test_arch_snap_done(&snaps[m]);
    }
    ok(good, "each archived exactly once");
    cJSON_Delete(ledger);
    lb_test_arch_checks_free(c, n);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    lb_test_arch_tmpdir(dir, sizeof dir);
    snprintf(jpath, sizeof jpath, "%s/archive.journal", dir);
    lb_test_arch_sim(&sim, (const char *[]){"--scale", "2", NULL});
    lb_test_arch_conn(&conn, &sim, "demo-archivaris", 4);
    sweep_dossier();
    sweep_meetings(false);
    sweep_meetings(true);
    twice();
    lb_test_arch_conn_done(&conn);
    lb_test_sim_stop(&sim);
    curl_global_cleanup();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        tap_diag("could not remove %s", dir);
    return tap_done();
}
