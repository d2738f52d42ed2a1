/* test_archive_preflight.c — the preflight's verdicts against lbbus-sim:
 * READY with its series and what goes along, STILL_ACTIVE, NO_SERIES naming
 * the type (the seed's type without a series, and one whose series an
 * administrator removes), MISSING_EXTENSION, ALREADY_ARCHIVED, CHANGED,
 * CHECK_FAILED (a record that is gone, a date outside the series), a DAV
 * dossier an interrupted attempt left, progress, cancel by free. */
#include "config.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/tap.h"
#include "tests/unit/test_archive_util.h"

static lb_test_sim sim;
static lb_test_conn conn;

static const char *str(const cJSON *o, const char *k)
{
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
}

static int num(const cJSON *o, const char *k)
{
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(n) ? n->valueint : -1;
}

/* The first record of LIST_PATH for which PRED holds. */
static cJSON *find(const char *list_path, bool (*pred)(const cJSON *))
{
    cJSON *page = lb_test_arch_get(&sim, list_path);
    cJSON *value = cJSON_GetObjectItemCaseSensitive(page, "value"), *it, *hit = NULL;
    cJSON_ArrayForEach(it, value)
    {
        if (pred(it)) {
            hit = cJSON_Duplicate(it, true);
            break;
        }
    }
    cJSON_Delete(page);
    return hit;
}

static lb_archive_check check_one(lb_archive_kind kind, const char *id, const char *etag,
                                  lb_archive_check **keep)
{
    lb_archive_target t = {kind, id, etag};
    lb_archive_check *c = NULL;
    size_t n = lb_test_arch_preflight(&conn, &t, 1, &c);
    if (n != 1)
        tap_bail("preflight of one target gave %zu checks", n);
    *keep = c;
    return c[0];
}

static bool any(const cJSON *o)
{
    (void)o;
    return true;
}

static bool no_begin(const cJSON *o)
{
    return cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(o, "begin")) &&
           cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(o, "davDossierId"));
}

static bool is_cbs(const cJSON *o)
{
    const char *t = str(o, "typeName");
    return t && strcmp(t, "College van burgemeester en schepenen") == 0 &&
           !cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(o, "begin")) &&
           num(o, "agendaItemCount") > 0;
}

static bool old_av(const cJSON *o)
{
    const char *t = str(o, "typeName"), *b = str(o, "begin");
    return t && strcmp(t, "Algemene vergadering") == 0 && b && strcmp(b, "2019") < 0;
}

static void ready_meeting(void)
{
    cJSON *m = find("/crm/meetings?state=inactive&orderby=begin%20desc", is_cbs);
    if (!m)
        tap_bail("no inactive CBS meeting in the seed");
    lb_archive_check *keep;
    lb_archive_check c = check_one(LB_ARCHIVE_MEETING, str(m, "id"), str(m, "@odata.etag"), &keep);
    is_int(c.verdict, LB_ARCHIVE_READY, "an inactive meeting with a series is READY");
    is_str(c.name, str(m, "name"), "the check carries the meeting's name");
    is_str(c.etag, str(m, "@odata.etag"), "and the ETag it checked");
    cJSON *type = NULL;
    char path[200];
    snprintf(path, sizeof path, "/crm/meetingtypes/%s", str(m, "typeId"));
    type = lb_test_arch_get(&sim, path);
    is_str(c.serie_id, str(type, "davSeriesId"), "the series is the meeting type's");
    is_str(c.serie_name, "Notulen en besluiten van het college", "named as DAV names it");
    is_int((long long)c.agenda_items, num(m, "agendaItemCount"), "its agenda items go along (%zu)",
           c.agenda_items);
    lb_test_meeting_snap snap;
    lb_test_arch_snapshot(&sim, str(m, "id"), &snap);
    size_t docs = snap.ndocs;
    for (size_t i = 0; i < snap.nitems; i++)
        docs += snap.item_docs[i];
    is_int((long long)c.documents, (long long)docs,
           "the documents of the meeting and of its agenda items go along (%zu)", c.documents);
    ok(c.detail == NULL && c.dav_dossier_id == NULL, "no detail, no earlier DAV dossier");
    char text[300];
    lb_archive_verdict_text(&c, text, sizeof text);
    ok(strstr(text, "Notulen en besluiten van het college") != NULL, "the text: %s", text);
    lb_test_arch_snap_done(&snap);
    lb_test_arch_checks_free(keep, 1);

    /* Seen with another ETag: CHANGED. */
    c = check_one(LB_ARCHIVE_MEETING, str(m, "id"), "W/\"1\"", &keep);
    is_int(c.verdict, LB_ARCHIVE_CHANGED, "a record whose ETag moved on is CHANGED");
    lb_test_arch_checks_free(keep, 1);
    c = check_one(LB_ARCHIVE_MEETING, str(m, "id"), NULL, &keep);
    is_int(c.verdict, LB_ARCHIVE_READY, "without an ETag nothing is compared");
    lb_test_arch_checks_free(keep, 1);

    /* An agenda item of it, on its own. */
    cJSON *items = NULL;
    snprintf(path, sizeof path, "/crm/meetings/%s/agendaitems", str(m, "id"));
    items = lb_test_arch_get(&sim, path);
    cJSON *item = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(items, "value"), 0);
    c = check_one(LB_ARCHIVE_AGENDA_ITEM, str(item, "id"), str(item, "@odata.etag"), &keep);
    ok(c.verdict == LB_ARCHIVE_READY && c.serie_id &&
           strcmp(c.serie_id, str(type, "davSeriesId")) == 0,
       "an agenda item goes to its meeting type's series");
    is_int((long long)c.agenda_items, 0, "nothing else goes along with an agenda item");
    lb_test_arch_checks_free(keep, 1);
    cJSON_Delete(items);

    /* An interrupted attempt left a DAV dossier (Concept): READY, and said. */
    char body[600];
    snprintf(body, sizeof body,
             "{\"serieId\":\"%s\",\"naam\":\"%s\",\"openingsdatum\":null,\"sluitingsdatum\":null,"
             "\"bronId\":\"%s\",\"bronType\":\"meeting\",\"extensies\":[]}",
             str(type, "davSeriesId"), str(m, "name"), str(m, "id"));
    cJSON *made = lb_test_arch_post(&sim, "/dav/dossiers/create", body);
    c = check_one(LB_ARCHIVE_MEETING, str(m, "id"), NULL, &keep);
    ok(c.verdict == LB_ARCHIVE_READY && c.dav_dossier_id &&
           strcmp(c.dav_dossier_id, str(made, "id")) == 0,
       "a DAV dossier left by an earlier attempt: READY, the job continues it (%s)",
       c.dav_dossier_id ? c.dav_dossier_id : "none");
    /* The job picks it up: still exactly one dossier. */
    char jdir[256], jpath[300];
    lb_test_arch_tmpdir(jdir, sizeof jdir);
    snprintf(jpath, sizeof jpath, "%s/j", jdir);
    lb_test_job_seen seen = {0};
    lb_error err;
    lb_archive_job *job =
        lb_archive_job_start(conn.bus, jpath, c.dav_dossier_id ? &c : NULL,
                             c.dav_dossier_id ? 1 : 0, NULL, &lb_test_arch_callbacks, &seen, &err);
    ok(job && lb_test_arch_wait(&conn, &seen, 60000) && seen.sum.done == 1,
       "the job finishes that record");
    cJSON *ledger = lb_test_arch_get(&sim, "/_sim/ledger");
    is_int(lb_test_ledger_count(ledger, str(m, "id"), "davDossiersCreated"), 1,
           "with the dossier the earlier attempt made, not a second one");
    cJSON_Delete(ledger);
    lb_archive_job_free(job);
    lb_archive_journal_close(jpath, &err);
    lb_test_arch_checks_free(keep, 1);
    cJSON_Delete(made);

    /* Now it is archived. */
    c = check_one(LB_ARCHIVE_MEETING, str(m, "id"), NULL, &keep);
    is_int(c.verdict, LB_ARCHIVE_ALREADY_ARCHIVED, "an archived meeting is ALREADY_ARCHIVED");
    ok(c.dav_dossier_id != NULL, "naming its DAV dossier");
    lb_test_arch_checks_free(keep, 1);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", jdir);
    if (system(cmd) != 0)
        tap_diag("could not remove %s", jdir);
    cJSON_Delete(type);
    cJSON_Delete(m);
}

static void blocked(void)
{
    lb_archive_check *keep;
    cJSON *m = find("/crm/meetings?state=active", any);
    lb_archive_check c = check_one(LB_ARCHIVE_MEETING, str(m, "id"), NULL, &keep);
    is_int(c.verdict, LB_ARCHIVE_STILL_ACTIVE, "an active meeting is STILL_ACTIVE");
    ok(c.detail == NULL, "about the meeting itself (no agenda item named)");
    lb_test_arch_checks_free(keep, 1);
    cJSON_Delete(m);

    /* The seed leaves "Adviesraad Cultuur" without a series. */
    cJSON *types = lb_test_arch_get(&sim, "/crm/meetingtypes");
    const cJSON *t, *bare = NULL;
    cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(types, "value"))
    {
        if (cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(t, "davSeriesId")))
            bare = t;
    }
    char path[300];
    snprintf(path, sizeof path, "/crm/meetings?state=inactive&typeId=%s", str(bare, "id"));
    m = find(path, any);
    c = check_one(LB_ARCHIVE_MEETING, str(m, "id"), NULL, &keep);
    is_int(c.verdict, LB_ARCHIVE_NO_SERIES, "a meeting whose type has no series is NO_SERIES");
    is_str(c.detail, str(bare, "name"), "naming the type");
    char text[300];
    lb_archive_verdict_text(&c, text, sizeof text);
    ok(strstr(text, str(bare, "name")) != NULL, "the text names it: %s", text);
    lb_test_arch_checks_free(keep, 1);
    cJSON_Delete(m);

    /* An administrator takes the series away from a type that had one. */
    const cJSON *vb = NULL;
    cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(types, "value"))
    {
        if (str(t, "abbreviation") && strcmp(str(t, "abbreviation"), "RMW") == 0)
            vb = t;
    }
    snprintf(path, sizeof path, "/crm/meetings?state=inactive&typeId=%s", str(vb, "id"));
    m = find(path, any);
    snprintf(path, sizeof path, "/crm/meetingtypes/%s", str(vb, "id"));
    is_int(lb_test_arch_status(&sim, "demo-admin", "PATCH", path, "{\"davSeriesId\":null}"), 204,
           "demo-admin removes the series of %s", str(vb, "name"));
    c = check_one(LB_ARCHIVE_MEETING, str(m, "id"), NULL, &keep);
    ok(c.verdict == LB_ARCHIVE_NO_SERIES && c.detail && strcmp(c.detail, str(vb, "name")) == 0,
       "its meetings are NO_SERIES at once (types are asked per preflight)");
    lb_test_arch_checks_free(keep, 1);
    char body[200];
    snprintf(body, sizeof body, "{\"davSeriesId\":\"%s\"}", str(vb, "davSeriesId"));
    lb_test_arch_status(&sim, "demo-admin", "PATCH", path, body);
    c = check_one(LB_ARCHIVE_MEETING, str(m, "id"), NULL, &keep);
    is_int(c.verdict, LB_ARCHIVE_READY, "and READY again when the series is back");
    lb_test_arch_checks_free(keep, 1);
    cJSON_Delete(m);
    cJSON_Delete(types);

    m = find("/crm/meetings?state=inactive", no_begin);
    if (m) {
        c = check_one(LB_ARCHIVE_MEETING, str(m, "id"), NULL, &keep);
        is_int(c.verdict, LB_ARCHIVE_MISSING_EXTENSION,
               "a meeting without a begin date is MISSING_EXTENSION");
        is_str(c.detail, "Dossier - Data - Vergaderdatum", "naming the extension");
        lb_test_arch_checks_free(keep, 1);
    } else {
        tap_skip("no inactive meeting without a begin date in the seed", "MISSING_EXTENSION");
        tap_skip("no inactive meeting without a begin date in the seed", "naming the extension");
    }
    cJSON_Delete(m);

    m = find("/crm/meetings?state=inactive&orderby=begin%20asc", old_av);
    if (m) {
        c = check_one(LB_ARCHIVE_MEETING, str(m, "id"), NULL, &keep);
        ok(c.verdict == LB_ARCHIVE_CHECK_FAILED && c.detail && strstr(c.detail, "2019-01-01"),
           "an AV meeting before its series began cannot be archived: %s",
           c.detail ? c.detail : "(no detail)");
        lb_test_arch_checks_free(keep, 1);
    } else {
        tap_skip("no AV meeting before 2019 in the seed", "date outside the series");
    }
    cJSON_Delete(m);

    c = check_one(LB_ARCHIVE_MEETING, "00000000-0000-4000-8000-000000000000", NULL, &keep);
    ok(c.verdict == LB_ARCHIVE_CHECK_FAILED && c.error.status == LB_ERR_NOT_FOUND && c.detail,
       "a record that is gone: CHECK_FAILED, not found (%s)", c.detail ? c.detail : "");
    lb_test_arch_checks_free(keep, 1);
}

static bool klacht(const cJSON *o)
{
    const char *t = str(o, "typeName");
    return t && strcmp(t, "Klacht") == 0;
}

static bool evenement(const cJSON *o)
{
    const char *t = str(o, "typeName");
    return t && strcmp(t, "Evenement") == 0;
}

static void dossiers(void)
{
    lb_archive_check *keep;
    cJSON *d = find("/crm/dossiers?state=inactive", evenement);
    lb_archive_check c = check_one(LB_ARCHIVE_DOSSIER, str(d, "id"), str(d, "@odata.etag"), &keep);
    ok(c.verdict == LB_ARCHIVE_READY && c.serie_name &&
           strcmp(c.serie_name, "Evenementendossiers") == 0,
       "an inactive event dossier goes to \"Evenementendossiers\"");
    is_int((long long)c.documents, num(d, "documentCount"), "with its documents");
    lb_test_arch_checks_free(keep, 1);
    cJSON_Delete(d);
    d = find("/crm/dossiers?state=inactive", klacht);
    c = check_one(LB_ARCHIVE_DOSSIER, str(d, "id"), NULL, &keep);
    ok(c.verdict == LB_ARCHIVE_NO_SERIES && c.detail && strcmp(c.detail, "Klacht") == 0,
       "a complaint dossier: its type has no series");
    char text[300];
    lb_archive_verdict_text(&c, text, sizeof text);
    ok(strstr(text, "Klacht") != NULL, "%s", text);
    lb_test_arch_checks_free(keep, 1);
    cJSON_Delete(d);
}

typedef struct {
    size_t calls, last, total;
    bool done;
} progress_seen;

static void on_progress(void *user, size_t done, size_t total)
{
    progress_seen *p = user;
    p->calls++;
    if (done < p->last)
        p->last = (size_t)-1; /* went backwards: fail below */
    else
        p->last = done;
    p->total = total;
}

static void on_done(void *user, const lb_archive_check *checks, size_t count, const lb_error *err)
{
    (void)checks;
    (void)count;
    (void)err;
    ((progress_seen *)user)->done = true;
}

static void many(void)
{
    cJSON *page = lb_test_arch_get(&sim, "/crm/meetings?state=all");
    const cJSON *it;
    lb_archive_target t[200];
    size_t n = 0;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(page, "value"))
    {
        if (n < 60)
            t[n++] = (lb_archive_target){LB_ARCHIVE_MEETING, str(it, "id"), str(it, "@odata.etag")};
    }
    progress_seen p = {0};
    lb_error err;
    lb_archive_preflight *pf =
        lb_archive_preflight_start(conn.bus, t, n, on_progress, on_done, &p, &err);
    ok(pf && p.calls == 0, "nothing is reported from inside the start");
    lb_transport_run_until(conn.t, &p.done, 120000, &err);
    ok(p.done && p.calls == n && p.last == n && p.total == n,
       "progress counts up to %zu, once per record (%zu calls)", n, p.calls);
    lb_archive_preflight_free(pf);

    /* Freed while running: no callback afterwards. */
    progress_seen q = {0};
    pf = lb_archive_preflight_start(conn.bus, t, n, on_progress, on_done, &q, &err);
    lb_archive_preflight_free(pf);
    lb_transport_run_until_idle(conn.t, 10000, &err);
    ok(q.calls == 0 && !q.done, "a preflight freed while running calls nothing");

    lb_archive_check *none = NULL;
    is_int((long long)lb_test_arch_preflight(&conn, NULL, 0, &none), 0,
           "an empty selection ends at once, with no checks");
    free(none);
    cJSON_Delete(page);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    lb_test_arch_sim(&sim, NULL);
    lb_test_arch_conn(&conn, &sim, "demo-archivaris", 6);
    ready_meeting();
    blocked();
    dossiers();
    many();
    lb_test_arch_conn_done(&conn);
    lb_test_sim_stop(&sim);
    curl_global_cleanup();
    return tap_done();
}
