/* test_archive_job.c — the archiving job against lbbus-sim: ten meetings
 * archived, each exactly once in its series with its documents and its
 * agenda items (related), the CRM records marked; removal only after the
 * submission; skipped checks; cancel after the records in flight; dossiers
 * and a lone agenda item; two meetings with the same name; a journal that
 * is still busy refused; the rate; and a job of 50 meetings timed. */
#include "config.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/tap.h"
#include "tests/unit/test_archive_util.h"

static lb_test_sim sim;
static lb_test_conn conn;
static char dir[256], jpath[300];

static const char *str(const cJSON *o, const char *k)
{
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
}

/* Runs a job over CHECKS to its end; returns what the callbacks saw. */
static lb_test_job_seen run_job(lb_archive_check *checks, size_t n, bool remove_after,
                                size_t parallel, bool cancel_at_first_done, double *seconds)
{
    lb_test_job_seen seen = {.cancel_at_first_done = cancel_at_first_done};
    lb_archive_options opt = {.remove_after = remove_after, .parallel = parallel};
    lb_error err;
    long long t0 = lb_now_ms();
    seen.job = lb_archive_job_start(conn.bus, jpath, checks, n, &opt, &lb_test_arch_callbacks,
                                    &seen, &err);
    if (!seen.job) {
        tap_diag("job did not start: %s %s", lb_status_name(err.status), err.detail);
        return seen;
    }
    if (!lb_test_arch_wait(&conn, &seen, 300000))
        tap_diag("job did not finish");
    if (seconds)
        *seconds = (double)(lb_now_ms() - t0) / 1000.0;
    for (size_t i = 0; i < lb_archive_job_count(seen.job); i++) {
        const lb_archive_record *r = lb_archive_job_record(seen.job, i);
        if (r->state == LB_ARCHIVE_REC_FAILED)
            tap_diag("record %zu failed: %s %s", i, lb_status_name(r->error.status),
                     r->error.detail);
    }
    return seen;
}

static void finish_job(lb_test_job_seen *seen)
{
    lb_error err;
    lb_archive_job_free(seen->job);
    seen->job = NULL;
    if (lb_archive_journal_close(jpath, &err) != LB_OK)
        tap_diag("journal close: %s %s", lb_status_name(err.status), err.detail);
}

static void ten_meetings(void)
{
    lb_archive_check *c = NULL;
    size_t n = lb_test_arch_ready_meetings(&conn, &sim, 10, &c);
    is_int((long long)n, 10, "ten inactive meetings are ready");
    lb_test_meeting_snap snaps[10];
    for (size_t i = 0; i < n; i++)
        lb_test_arch_snapshot(&sim, c[i].id, &snaps[i]);
    lb_test_job_seen seen = run_job(c, n, false, 0, false, NULL);
    ok(seen.finished, "the job finishes");
    ok(seen.sum.done == n && seen.sum.failed == 0 && seen.sum.skipped == 0 && !seen.sum.cancelled,
       "all %zu DONE (%zu done, %zu failed)", n, seen.sum.done, seen.sum.failed);
    ok(seen.running_seen >= n, "every record was shown running (%zu)", seen.running_seen);
    bool steps = true, davs = true;
    for (size_t i = 0; i < n; i++) {
        const lb_archive_record *r = lb_archive_job_record(seen.job, i);
        steps = steps && r->state == LB_ARCHIVE_REC_DONE && r->step == NULL &&
                strcmp(r->id, c[i].id) == 0;
        davs = davs && r->dav_dossier_id && strlen(r->dav_dossier_id) == 36;
    }
    ok(steps, "the records keep their order and ids");
    ok(davs, "each DONE record names its DAV dossier");
    ok(lb_archive_job_rate(seen.job) > 0, "the rate is known: %.1f records/s",
       lb_archive_job_rate(seen.job));
    cJSON *ledger = lb_test_arch_get(&sim, "/_sim/ledger");
    is_int(lb_test_ledger_duplicates(ledger), 0, "the ledger has no duplicate");
    size_t good = 0;
    for (size_t i = 0; i < n; i++) {
        if (lb_test_arch_verify_meeting(&sim, ledger, &snaps[i], c[i].serie_id, false))
            good++;
        else
            tap_diag("meeting %s is not archived as it should be", c[i].id);
    }
    is_int((long long)good, (long long)n,
           "each meeting: one submitted dossier in its series with its documents, its agenda "
           "items' dossiers related, the CRM records marked");
    for (size_t i = 0; i < n; i++) {
        const lb_archive_record *r = lb_archive_job_record(seen.job, i);
        const cJSON *ids = cJSON_GetObjectItemCaseSensitive(lb_test_ledger_entry(ledger, c[i].id),
                                                            "davDossierIds");
        if (!r->dav_dossier_id ||
            strcmp(r->dav_dossier_id, cJSON_GetStringValue(cJSON_GetArrayItem(ids, 0))) != 0)
            good--;
    }
    is_int((long long)good, (long long)n, "the job's dossier ids are the ledger's");
    cJSON_Delete(ledger);
    size_t left = 1;
    lb_error err;
    ok(!lb_archive_journal_pending(jpath, &left, &err) && left == 0,
       "the finished journal has nothing pending");
    lb_archive_job_free(seen.job);
    is_int(lb_archive_journal_close(jpath, &err), LB_OK, "it is renamed away as a report");
    struct stat st;
    ok(stat(jpath, &st) != 0, "the journal's path is free for the next job");
    for (size_t i = 0; i < n; i++)
        lb_test_arch_snap_done(&snaps[i]);

    /* Archived now: a new preflight skips them, and a job reports them SKIPPED. */
    lb_archive_target t[10];
    for (size_t i = 0; i < n; i++)
        t[i] = (lb_archive_target){LB_ARCHIVE_MEETING, c[i].id, NULL};
    lb_archive_check *again = NULL;
    size_t m = lb_test_arch_preflight(&conn, t, n, &again);
    size_t archived = 0;
    for (size_t i = 0; i < m; i++)
        archived += again[i].verdict == LB_ARCHIVE_ALREADY_ARCHIVED;
    is_int((long long)archived, (long long)n, "the preflight now finds them ALREADY_ARCHIVED");
    seen = run_job(again, m, false, 0, false, NULL);
    ok(seen.sum.skipped == m && seen.sum.done == 0, "a job over them skips them all");
    const lb_archive_record *r0 = lb_archive_job_record(seen.job, 0);
    ok(r0 && r0->state == LB_ARCHIVE_REC_SKIPPED && r0->error.status == LB_ERR_CONFLICT &&
           r0->error.detail[0],
       "with the reason: %s", r0 ? r0->error.detail : "");
    finish_job(&seen);
    lb_test_arch_checks_free(again, m);
    lb_test_arch_checks_free(c, n);
}

static void remove_after(void)
{
    lb_archive_check *c = NULL;
    size_t n = lb_test_arch_ready_meetings(&conn, &sim, 3, &c);
    lb_test_meeting_snap snaps[3];
    for (size_t i = 0; i < n; i++)
        lb_test_arch_snapshot(&sim, c[i].id, &snaps[i]);
    lb_test_job_seen seen = run_job(c, n, true, 0, false, NULL);
    ok(seen.finished && seen.sum.done == n, "remove_after: %zu meetings DONE", seen.sum.done);
    cJSON *ledger = lb_test_arch_get(&sim, "/_sim/ledger");
    size_t good = 0;
    for (size_t i = 0; i < n; i++)
        good += lb_test_arch_verify_meeting(&sim, ledger, &snaps[i], c[i].serie_id, true);
    is_int((long long)good, (long long)n,
           "each archived once, then removed from the CRM with its agenda items and documents "
           "(the bus refuses a delete before the submission)");
    is_int(lb_test_ledger_duplicates(ledger), 0, "no duplicate, no second delete");
    char path[200];
    snprintf(path, sizeof path, "/crm/documents?regardingType=meeting&regardingId=%s", c[0].id);
    cJSON *docs = lb_test_arch_get(&sim, path);
    is_int(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(docs, "value")), 0,
           "the document store has none of its documents left");
    cJSON_Delete(docs);
    cJSON_Delete(ledger);
    finish_job(&seen);
    for (size_t i = 0; i < n; i++)
        lb_test_arch_snap_done(&snaps[i]);
    lb_test_arch_checks_free(c, n);
}

static void cancel(void)
{
    lb_archive_check *c = NULL;
    size_t n = lb_test_arch_ready_meetings(&conn, &sim, 8, &c);
    lb_test_job_seen seen = run_job(c, n, false, 1, true, NULL);
    ok(seen.finished && seen.sum.cancelled, "a cancelled job finishes, saying so");
    ok(seen.sum.done == 1 && seen.sum.skipped == n - 1 && seen.sum.failed == 0,
       "the record in flight finished, the %zu waiting ones were skipped (%zu done, %zu skipped)",
       n - 1, seen.sum.done, seen.sum.skipped);
    cJSON *ledger = lb_test_arch_get(&sim, "/_sim/ledger");
    size_t untouched = 0;
    for (size_t i = 0; i < n; i++) {
        const lb_archive_record *r = lb_archive_job_record(seen.job, i);
        if (r->state == LB_ARCHIVE_REC_SKIPPED && r->error.status == LB_ERR_CANCELLED &&
            !lb_test_ledger_entry(ledger, c[i].id))
            untouched++;
    }
    is_int((long long)untouched, (long long)(n - 1), "the skipped ones were never sent to DAV");
    cJSON_Delete(ledger);
    finish_job(&seen);
    lb_test_arch_checks_free(c, n);
}

static void dossiers_and_items(void)
{
    lb_archive_check *c = NULL;
    size_t n = lb_test_arch_ready_dossiers(&conn, &sim, 4, &c);
    lb_test_job_seen seen = run_job(c, n, false, 0, false, NULL);
    ok(n == 4 && seen.sum.done == n, "four dossiers DONE");
    cJSON *ledger = lb_test_arch_get(&sim, "/_sim/ledger");
    size_t good = 0;
    for (size_t i = 0; i < n; i++) {
        char path[200], body[100];
        snprintf(path, sizeof path, "/crm/dossiers/%s", c[i].id);
        cJSON *d = lb_test_arch_get(&sim, path);
        const char *dav = str(d, "davDossierId");
        snprintf(body, sizeof body, "{\"id\":\"%s\"}", dav ? dav : "x");
        cJSON *dd = lb_test_arch_post(&sim, "/dav/dossiers/get", body);
        if (dav && lb_test_ledger_count(ledger, c[i].id, "davDossiersCreated") == 1 &&
            lb_test_ledger_count(ledger, c[i].id, "submits") == 1 && str(dd, "serieId") &&
            strcmp(str(dd, "serieId"), c[i].serie_id) == 0 &&
            cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(dd, "documentIds")) ==
                (int)c[i].documents)
            good++;
        cJSON_Delete(d);
        cJSON_Delete(dd);
    }
    is_int((long long)good, (long long)n,
           "each dossier: one submitted DAV dossier in its type's series with its documents, "
           "marked in the CRM");
    cJSON_Delete(ledger);
    finish_job(&seen);
    lb_test_arch_checks_free(c, n);

    /* One agenda item on its own, of a meeting nobody archives. */
    lb_archive_check *m = NULL;
    size_t k = lb_test_arch_ready_meetings(&conn, &sim, 1, &m);
    char path[200];
    snprintf(path, sizeof path, "/crm/meetings/%s/agendaitems", k ? m[0].id : "x");
    cJSON *items = lb_test_arch_get(&sim, path);
    const cJSON *item = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(items, "value"), 0);
    lb_archive_target t = {LB_ARCHIVE_AGENDA_ITEM, str(item, "id"), str(item, "@odata.etag")};
    lb_archive_check *ic = NULL;
    size_t in = lb_test_arch_preflight(&conn, &t, 1, &ic);
    seen = run_job(ic, in, false, 0, false, NULL);
    ok(in == 1 && seen.sum.done == 1, "a lone agenda item is archived");
    ledger = lb_test_arch_get(&sim, "/_sim/ledger");
    ok(lb_test_ledger_count(ledger, t.id, "submits") == 1 && !lb_test_ledger_entry(ledger, m[0].id),
       "its meeting is left alone");
    const cJSON *ids =
        cJSON_GetObjectItemCaseSensitive(lb_test_ledger_entry(ledger, t.id), "davDossierIds");
    const char *first = cJSON_GetStringValue(cJSON_GetArrayItem(ids, 0));
    char item_dav[40];
    snprintf(item_dav, sizeof item_dav, "%s", first ? first : "");
    cJSON_Delete(ledger);
    finish_job(&seen);
    lb_test_arch_checks_free(ic, in);

    /* Then the meeting, with that agenda item already archived: related, not made again. */
    seen = run_job(m, k, true, 0, false, NULL);
    ok(seen.sum.done == 1, "then its meeting is archived and removed too");
    ledger = lb_test_arch_get(&sim, "/_sim/ledger");
    is_int(lb_test_ledger_count(ledger, t.id, "davDossiersCreated"), 1,
           "the agenda item archived before keeps its one dossier");
    const lb_archive_record *mr = lb_archive_job_record(seen.job, 0);
    char body[100];
    snprintf(body, sizeof body, "{\"id\":\"%s\"}",
             mr && mr->dav_dossier_id ? mr->dav_dossier_id : "x");
    cJSON *md = lb_test_arch_post(&sim, "/dav/dossiers/get", body);
    bool related = false;
    const cJSON *rel;
    cJSON_ArrayForEach(rel, cJSON_GetObjectItemCaseSensitive(md, "relaties"))
    {
        related = related || (str(rel, "id") && strcmp(str(rel, "id"), item_dav) == 0);
    }
    ok(related, "the meeting's dossier is related to it");
    ok(lb_test_ledger_count(ledger, t.id, "crmDeletes") == 1 &&
           lb_test_ledger_count(ledger, m[0].id, "crmDeletes") == 1,
       "and both are removed with the meeting");
    cJSON_Delete(md);
    cJSON_Delete(ledger);
    finish_job(&seen);
    cJSON_Delete(items);
    lb_test_arch_checks_free(m, k);
}

/* Two meetings of one type on one day share a name; DAV wants names unique
 * within a series: the second gets the start of its id added. */
static void same_name(void)
{
    cJSON *page = lb_test_arch_get(&sim, "/crm/meetings?state=inactive&orderby=name%20asc");
    const cJSON *it, *prev = NULL;
    lb_archive_target t[40];
    size_t nt = 0;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(page, "value"))
    {
        if (nt + 2 <= 40 && prev && str(prev, "name") && str(it, "name") &&
            strcmp(str(prev, "name"), str(it, "name")) == 0 &&
            strcmp(str(prev, "typeId"), str(it, "typeId")) == 0 &&
            cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(prev, "davDossierId")) &&
            cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(it, "davDossierId"))) {
            t[nt++] = (lb_archive_target){LB_ARCHIVE_MEETING, str(prev, "id"), NULL};
            t[nt++] = (lb_archive_target){LB_ARCHIVE_MEETING, str(it, "id"), NULL};
        }
        prev = it;
    }
    lb_archive_check *all = NULL;
    size_t na = lb_test_arch_preflight(&conn, t, nt, &all);
    size_t pick = na;
    for (size_t i = 0; i + 1 < na; i += 2)
        if (all[i].verdict == LB_ARCHIVE_READY && all[i + 1].verdict == LB_ARCHIVE_READY &&
            !all[i].dav_dossier_id && !all[i + 1].dav_dossier_id) {
            pick = i;
            break;
        }
    if (pick == na) {
        tap_skip("no two ready meetings with one name in the seed", "names made unique");
        lb_test_arch_checks_free(all, na);
        cJSON_Delete(page);
        return;
    }
    lb_archive_check *c = &all[pick];
    lb_test_job_seen seen = run_job(c, 2, false, 0, false, NULL);
    ok(seen.sum.done == 2, "two meetings named \"%s\" are both archived", c[0].name);
    cJSON *ledger = lb_test_arch_get(&sim, "/_sim/ledger");
    size_t renamed = 0;
    for (size_t i = 0; i < 2; i++) {
        const lb_archive_record *r = lb_archive_job_record(seen.job, i);
        char body[100];
        snprintf(body, sizeof body, "{\"id\":\"%s\"}", r->dav_dossier_id ? r->dav_dossier_id : "x");
        cJSON *d = lb_test_arch_post(&sim, "/dav/dossiers/get", body);
        const char *naam = str(d, "naam");
        if (naam && strcmp(naam, c[i].name) != 0 && strstr(naam, c[i].id))
            renamed++;
        cJSON_Delete(d);
        is_int(lb_test_ledger_count(ledger, c[i].id, "davDossiersCreated"), 1,
               "twin %zu: one dossier", i + 1);
    }
    ok(renamed >= 1, "a twin's naam was made unique with its record id (%zu renamed)", renamed);
    cJSON_Delete(ledger);
    finish_job(&seen);
    lb_test_arch_checks_free(all, na);
    cJSON_Delete(page);
}

static void busy_journal(void)
{
    lb_archive_check *c = NULL;
    size_t n = lb_test_arch_ready_meetings(&conn, &sim, 2, &c);
    lb_test_job_seen seen = {0};
    lb_error err;
    lb_archive_job *job =
        lb_archive_job_start(conn.bus, jpath, c, n, NULL, &lb_test_arch_callbacks, &seen, &err);
    ok(job != NULL, "a job starts");
    lb_test_job_seen other = {0};
    lb_archive_job *second =
        lb_archive_job_start(conn.bus, jpath, c, n, NULL, &lb_test_arch_callbacks, &other, &err);
    ok(!second && err.status == LB_ERR_CONFLICT, "a second job on the same journal is refused: %s",
       err.detail);
    lb_archive_job *resumed =
        lb_archive_job_resume(conn.bus, jpath, &lb_test_arch_callbacks, &other, &err);
    ok(!resumed && err.status == LB_ERR_CONFLICT, "so is resuming it while it runs: %s",
       err.detail);
    /* Let it send a little, then drop it as a crash would. */
    lb_transport_run_until(conn.t, &seen.finished, 150, &err);
    lb_archive_job_free(job);
    ok(seen.finished || lb_archive_journal_pending(jpath, NULL, &err),
       "freed while running: the journal is left pending");
    seen = (lb_test_job_seen){0};
    seen.job = lb_archive_job_resume(conn.bus, jpath, &lb_test_arch_callbacks, &seen, &err);
    bool finished = seen.job && lb_test_arch_wait(&conn, &seen, 120000);
    ok(finished && seen.sum.done == n, "resumed in the same process, it finishes (%zu done)",
       seen.sum.done);
    cJSON *ledger = lb_test_arch_get(&sim, "/_sim/ledger");
    is_int(lb_test_ledger_duplicates(ledger), 0, "nothing twice");
    cJSON_Delete(ledger);
    finish_job(&seen);
    lb_test_arch_checks_free(c, n);
}

static void fifty(void)
{
    lb_archive_check *c = NULL;
    size_t n = lb_test_arch_ready_meetings(&conn, &sim, 50, &c);
    size_t items = 0, docs = 0;
    for (size_t i = 0; i < n; i++) {
        items += c[i].agenda_items;
        docs += c[i].documents;
    }
    double secs = 0;
    lb_test_job_seen seen = run_job(c, n, false, 0, false, &secs);
    ok(seen.sum.done == n, "a job of %zu meetings (%zu agenda items, %zu documents) is DONE", n,
       items, docs);
    tap_diag("%zu meetings in %.2f s: %.1f meetings/s, %.0f DAV dossiers/s", n, secs,
             secs > 0 ? (double)n / secs : 0, secs > 0 ? (double)(n + items) / secs : 0);
    cJSON *ledger = lb_test_arch_get(&sim, "/_sim/ledger");
    is_int(lb_test_ledger_duplicates(ledger), 0, "no duplicate");
    cJSON_Delete(ledger);
    finish_job(&seen);
    lb_test_arch_checks_free(c, n);
}

/* The seed's hostile strings (escape sequences, bidi overrides) in a
 * dossier's name and an agenda item's title: they go to DAV as they are,
 * and the journal keeps them on one line. */
static void hostile(void)
{
    lb_test_sim hs;
    lb_test_conn hc;
    lb_test_arch_clean_text = false;
    lb_test_arch_sim(&hs, NULL);
    lb_test_arch_clean_text = true;
    lb_test_arch_conn(&hc, &hs, "demo-archivaris", 4);
    lb_archive_target t[2];
    size_t n = 0;
    cJSON *d = lb_test_arch_get(&hs, "/crm/dossiers?q=pwned");
    const cJSON *dd = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(d, "value"), 0);
    if (dd)
        t[n++] = (lb_archive_target){LB_ARCHIVE_DOSSIER, str(dd, "id"), NULL};
    cJSON *it = lb_test_arch_get(&hs, "/crm/agendaitems?q=gnp.exe");
    const cJSON *ii = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(it, "value"), 0);
    if (ii)
        t[n++] = (lb_archive_target){LB_ARCHIVE_MEETING, str(ii, "meetingId"), NULL};
    lb_archive_check *c = NULL;
    size_t m = lb_test_arch_preflight(&hc, t, n, &c);
    size_t ready = 0;
    for (size_t i = 0; i < m; i++)
        ready += c[i].verdict == LB_ARCHIVE_READY;
    lb_test_job_seen seen = {0};
    lb_error err;
    char hpath[320];
    snprintf(hpath, sizeof hpath, "%s/hostile.journal", dir);
    seen.job =
        lb_archive_job_start(hc.bus, hpath, c, m, NULL, &lb_test_arch_callbacks, &seen, &err);
    ok(seen.job && lb_test_arch_wait(&hc, &seen, 60000) && seen.sum.done == ready && ready > 0,
       "records with escape sequences and bidi overrides in their names are archived (%zu of "
       "%zu ready)",
       ready, m);
    FILE *f = fopen(hpath, "rb");
    size_t bad = 0, lines = 0;
    int ch, prev = '\n';
    while (f && (ch = fgetc(f)) != EOF) {
        lines += ch == '\n';
        bad += (ch < 0x20 && ch != '\n') || ch >= 0x7f;
        prev = ch;
    }
    if (f)
        fclose(f);
    ok(lines > 0 && bad == 0 && prev == '\n',
       "the journal holds them as printable ASCII, one event a line (%zu lines)", lines);
    lb_archive_job_free(seen.job);
    lb_test_arch_checks_free(c, m);
    cJSON_Delete(d);
    cJSON_Delete(it);
    lb_test_arch_conn_done(&hc);
    lb_test_sim_stop(&hs);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    lb_test_arch_tmpdir(dir, sizeof dir);
    snprintf(jpath, sizeof jpath, "%s/archive.journal", dir);
    lb_test_arch_sim(&sim, (const char *[]){"--scale", "2", NULL});
    lb_test_arch_conn(&conn, &sim, "demo-archivaris", 6);
    ten_meetings();
    remove_after();
    cancel();
    dossiers_and_items();
    same_name();
    busy_journal();
    fifty();
    hostile();
    lb_test_arch_conn_done(&conn);
    lb_test_sim_stop(&sim);
    curl_global_cleanup();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        tap_diag("could not remove %s", dir);
    return tap_done();
}
