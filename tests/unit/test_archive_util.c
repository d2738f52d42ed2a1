/* test_archive_util.c — see test_archive_util.h. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tests/tap.h"
#include "tests/unit/test_archive_util.h"

bool lb_test_arch_clean_text = true;

void lb_test_arch_sim(lb_test_sim *sim, const char *const *extra)
{
    const char *args[40] = {"--rate-limit", "1000000/300", "--allow-fault-control"};
    size_t n = 3;
    if (lb_test_arch_clean_text)
        args[n++] = "--clean-text";
    for (size_t i = 0; extra && extra[i] && n < 39; i++)
        args[n++] = extra[i];
    args[n] = NULL;
    if (lb_test_sim_start(sim, args) != 0)
        tap_bail("lbbus-sim did not start");
}

long lb_test_arch_retry_after_cap_s = 2;

void lb_test_arch_conn(lb_test_conn *c, const lb_test_sim *sim, const char *token, int concurrency)
{
    lb_profile p = {0};
    p.name = (char *)"test";
    p.base_url = (char *)sim->base_url;
    p.token_value = token;
    p.page_size = 500;
    p.concurrency = concurrency;
    lb_error err = {0};
    c->t = lb_transport_new(&p, NULL, &err);
    c->bus = c->t ? lb_bus_new(&p, c->t, &err) : NULL;
    if (!c->bus)
        tap_bail("no bus: %s: %s", lb_status_name(err.status), err.detail);
    lb_retry_policy rp;
    lb_retry_policy_default(&rp);
    rp.backoff_ms = 20; /* quick tests; the doubling stays */
    rp.retry_after_cap_s = lb_test_arch_retry_after_cap_s;
    lb_bus_set_retry_policy(c->bus, &rp);
}

void lb_test_arch_conn_done(lb_test_conn *c)
{
    lb_bus_free(c->bus);
    lb_transport_free(c->t);
    c->bus = NULL;
    c->t = NULL;
}

static const char *const json_hdr[] = {"Content-Type: application/json", NULL};

void lb_test_arch_faults(const lb_test_sim *sim, const char *json)
{
    lb_test_response r;
    if (lb_test_http(sim, "POST", "/_sim/faults", "demo-archivaris", json_hdr, json, strlen(json),
                     &r) != 0 ||
        r.status != 204)
        tap_bail("POST /_sim/faults %s failed", json);
    lb_test_response_done(&r);
}

static cJSON *call(const lb_test_sim *sim, const char *method, const char *path, const char *body)
{
    lb_test_response r;
    /* A rate-limited simulator answers 429 for a while: wait it out (bounded). */
    for (int tries = 0;; tries++) {
        if (lb_test_http(sim, method, path, "demo-archivaris", body ? json_hdr : NULL, body,
                         body ? strlen(body) : 0, &r) != 0)
            return NULL;
        if (r.status != 429 || tries == 300)
            break;
        lb_test_response_done(&r);
        struct timespec ts = {0, 100 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    cJSON *j = r.status >= 200 && r.status < 300 ? cJSON_Parse(r.body) : NULL;
    lb_test_response_done(&r);
    return j;
}

cJSON *lb_test_arch_get(const lb_test_sim *sim, const char *path)
{
    return call(sim, "GET", path, NULL);
}

cJSON *lb_test_arch_post(const lb_test_sim *sim, const char *path, const char *body)
{
    return call(sim, "POST", path, body);
}

long lb_test_arch_status(const lb_test_sim *sim, const char *token, const char *method,
                         const char *path, const char *body)
{
    lb_test_response r;
    if (lb_test_http(sim, method, path, token, body ? json_hdr : NULL, body,
                     body ? strlen(body) : 0, &r) != 0)
        return -1;
    long s = r.status;
    lb_test_response_done(&r);
    return s;
}

/* ---- preflight ---- */

typedef struct {
    bool done;
    lb_archive_check *copy;
    size_t n;
    lb_status status;
} pf_seen;

static char *copy_str(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void on_pf(void *user, const lb_archive_check *checks, size_t count, const lb_error *err)
{
    pf_seen *s = user;
    s->done = true;
    s->status = err->status;
    s->n = count;
    s->copy = calloc(count ? count : 1, sizeof *s->copy);
    for (size_t i = 0; i < count; i++) {
        lb_archive_check *c = &s->copy[i];
        *c = checks[i];
        c->id = copy_str(checks[i].id);
        c->name = copy_str(checks[i].name);
        c->detail = copy_str(checks[i].detail);
        c->serie_id = copy_str(checks[i].serie_id);
        c->serie_name = copy_str(checks[i].serie_name);
        c->etag = copy_str(checks[i].etag);
        c->dav_dossier_id = copy_str(checks[i].dav_dossier_id);
    }
}

size_t lb_test_arch_preflight(lb_test_conn *c, const lb_archive_target *targets, size_t n,
                              lb_archive_check **out)
{
    pf_seen s = {0};
    lb_error err;
    lb_archive_preflight *p = lb_archive_preflight_start(c->bus, targets, n, NULL, on_pf, &s, &err);
    if (!p)
        tap_bail("preflight did not start: %s", lb_status_name(err.status));
    if (lb_transport_run_until(c->t, &s.done, 120000, &err) != LB_OK || !s.done)
        tap_bail("preflight did not finish");
    lb_archive_preflight_free(p);
    *out = s.copy;
    return s.n;
}

void lb_test_arch_checks_free(lb_archive_check *checks, size_t n)
{
    for (size_t i = 0; checks && i < n; i++) {
        free(checks[i].id);
        free(checks[i].name);
        free(checks[i].detail);
        free(checks[i].serie_id);
        free(checks[i].serie_name);
        free(checks[i].etag);
        free(checks[i].dav_dossier_id);
    }
    free(checks);
}

/* ---- job ---- */

static void on_record(void *user, size_t index, const lb_archive_record *rec)
{
    lb_test_job_seen *s = user;
    (void)index;
    s->record_calls++;
    if (rec->state == LB_ARCHIVE_REC_RUNNING)
        s->running_seen++;
    if (s->cancel_at_first_done && rec->state == LB_ARCHIVE_REC_DONE && s->job) {
        s->cancel_at_first_done = false;
        lb_archive_job_cancel(s->job);
    }
}

static void on_finished(void *user, const lb_archive_summary *sum)
{
    lb_test_job_seen *s = user;
    s->finished = true;
    s->sum = *sum;
}

const lb_archive_callbacks lb_test_arch_callbacks = {on_record, on_finished};

bool lb_test_arch_wait(lb_test_conn *c, lb_test_job_seen *seen, int timeout_ms)
{
    lb_error err;
    lb_transport_run_until(c->t, &seen->finished, timeout_ms, &err);
    return seen->finished;
}

/* ---- picking records ---- */

static char used[4096][40];
static size_t nused;

static bool is_used(const char *id)
{
    for (size_t i = 0; i < nused; i++)
        if (strcmp(used[i], id) == 0)
            return true;
    return false;
}

static size_t ready_of(lb_test_conn *c, const lb_test_sim *sim, const char *list_path,
                       lb_archive_kind kind, size_t max, lb_archive_check **checks)
{
    cJSON *page = lb_test_arch_get(sim, list_path);
    cJSON *value = cJSON_GetObjectItemCaseSensitive(page, "value"), *it;
    lb_archive_target *t = calloc((size_t)cJSON_GetArraySize(value) + 1, sizeof *t);
    size_t n = 0;
    cJSON_ArrayForEach(it, value)
    {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(it, "id");
        const cJSON *dav = cJSON_GetObjectItemCaseSensitive(it, "davDossierId");
        if (!cJSON_IsString(id) || !cJSON_IsNull(dav) || is_used(id->valuestring))
            continue;
        if (n >= max * 2 + 20)
            break; /* enough candidates: some are blocked */
        t[n].kind = kind;
        t[n].id = id->valuestring;
        t[n].etag = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "@odata.etag"));
        n++;
    }
    lb_archive_check *all = NULL;
    size_t count = lb_test_arch_preflight(c, t, n, &all);
    lb_archive_check *ready = calloc(max ? max : 1, sizeof *ready);
    size_t k = 0;
    for (size_t i = 0; i < count; i++) {
        if (k < max && all[i].verdict == LB_ARCHIVE_READY && !all[i].dav_dossier_id &&
            nused < sizeof used / sizeof used[0]) {
            ready[k++] = all[i];
            memset(&all[i], 0, sizeof all[i]);
            snprintf(used[nused++], sizeof used[0], "%s", ready[k - 1].id);
        }
    }
    lb_test_arch_checks_free(all, count);
    free(t);
    cJSON_Delete(page);
    *checks = ready;
    return k;
}

size_t lb_test_arch_ready_meetings(lb_test_conn *c, const lb_test_sim *sim, size_t max,
                                   lb_archive_check **checks)
{
    return ready_of(c, sim, "/crm/meetings?state=inactive", LB_ARCHIVE_MEETING, max, checks);
}

size_t lb_test_arch_ready_dossiers(lb_test_conn *c, const lb_test_sim *sim, size_t max,
                                   lb_archive_check **checks)
{
    return ready_of(c, sim, "/crm/dossiers?state=inactive", LB_ARCHIVE_DOSSIER, max, checks);
}

/* ---- ledger ---- */

const cJSON *lb_test_ledger_entry(const cJSON *ledger, const char *bron_id)
{
    const cJSON *value = cJSON_GetObjectItemCaseSensitive(ledger, "value"), *it;
    cJSON_ArrayForEach(it, value)
    {
        const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "bronId"));
        if (id && strcmp(id, bron_id) == 0)
            return it;
    }
    return NULL;
}

int lb_test_ledger_count(const cJSON *ledger, const char *bron_id, const char *name)
{
    const cJSON *e = lb_test_ledger_entry(ledger, bron_id);
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(e, name);
    return cJSON_IsNumber(n) ? n->valueint : 0;
}

int lb_test_ledger_duplicates(const cJSON *ledger)
{
    int dups = 0;
    const cJSON *value = cJSON_GetObjectItemCaseSensitive(ledger, "value"), *it;
    cJSON_ArrayForEach(it, value)
    {
        double created =
            cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(it, "davDossiersCreated"));
        double submits = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(it, "submits"));
        double deletes = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(it, "crmDeletes"));
        if (created > 1 || submits > 1 || deletes > 1) {
            tap_diag("duplicate in the ledger: %s %s created %g submitted %g deleted %g",
                     cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "bronType")),
                     cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "bronId")), created,
                     submits, deletes);
            dups++;
        }
    }
    return dups;
}

/* ---- a meeting, before and after ---- */

static size_t count_docs(const lb_test_sim *sim, const char *type, const char *id)
{
    char path[256];
    snprintf(path, sizeof path, "/crm/documents?regardingType=%s&regardingId=%s", type, id);
    cJSON *j = lb_test_arch_get(sim, path);
    size_t n = (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "value"));
    cJSON_Delete(j);
    return n;
}

bool lb_test_arch_snapshot(const lb_test_sim *sim, const char *id, lb_test_meeting_snap *out)
{
    memset(out, 0, sizeof *out);
    snprintf(out->id, sizeof out->id, "%s", id);
    out->ndocs = count_docs(sim, "meeting", id);
    char path[256];
    snprintf(path, sizeof path, "/crm/meetings/%s/agendaitems", id);
    cJSON *j = lb_test_arch_get(sim, path);
    const cJSON *value = cJSON_GetObjectItemCaseSensitive(j, "value"), *it;
    if (!j)
        return false;
    size_t n = (size_t)cJSON_GetArraySize(value);
    out->items = calloc(n + 1, sizeof *out->items);
    out->item_docs = calloc(n + 1, sizeof *out->item_docs);
    cJSON_ArrayForEach(it, value)
    {
        const char *iid = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "id"));
        snprintf(out->items[out->nitems], sizeof out->items[0], "%s", iid ? iid : "");
        out->item_docs[out->nitems] = count_docs(sim, "agendaitem", out->items[out->nitems]);
        out->nitems++;
    }
    cJSON_Delete(j);
    return true;
}

void lb_test_arch_snap_done(lb_test_meeting_snap *s)
{
    free(s->items);
    free(s->item_docs);
    memset(s, 0, sizeof *s);
}

static cJSON *dav_dossier(const lb_test_sim *sim, const char *id)
{
    char body[128];
    snprintf(body, sizeof body, "{\"id\":\"%s\"}", id);
    return lb_test_arch_post(sim, "/dav/dossiers/get", body);
}

static const char *str(const cJSON *o, const char *k)
{
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
}

/* One source record's dossier: exactly once, submitted, in SERIE with
 * NDOCS documents; its id into DAV_ID. */
static bool verify_one(const lb_test_sim *sim, const cJSON *ledger, const char *type,
                       const char *id, const char *serie, size_t ndocs, bool removed,
                       char dav_id[40])
{
    const cJSON *e = lb_test_ledger_entry(ledger, id);
    const cJSON *ids = cJSON_GetObjectItemCaseSensitive(e, "davDossierIds");
    int created = lb_test_ledger_count(ledger, id, "davDossiersCreated");
    int submits = lb_test_ledger_count(ledger, id, "submits");
    int docs = lb_test_ledger_count(ledger, id, "davDocumentsCreated");
    if (!e || created != 1 || submits != 1 || docs != (int)ndocs || cJSON_GetArraySize(ids) != 1) {
        tap_diag("%s %s: %d dossiers created, %d submits, %d of %zu documents", type, id, created,
                 submits, docs, ndocs);
        return false;
    }
    snprintf(dav_id, 40, "%s", cJSON_GetStringValue(cJSON_GetArrayItem(ids, 0)));
    cJSON *d = dav_dossier(sim, dav_id);
    bool ok =
        d && str(d, "status") && strcmp(str(d, "status"), "Gepubliceerd") == 0 &&
        str(d, "serieId") && strcmp(str(d, "serieId"), serie) == 0 &&
        (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(d, "documentIds")) == ndocs &&
        str(d, "bronId") && strcmp(str(d, "bronId"), id) == 0;
    if (!ok)
        tap_diag("%s %s: DAV dossier %s is %s in %s", type, id, dav_id,
                 d ? str(d, "status") : "missing", d ? str(d, "serieId") : "?");
    cJSON_Delete(d);
    if (!ok)
        return false;
    char path[256];
    snprintf(path, sizeof path, "/crm/%s/%s",
             strcmp(type, "meeting") == 0 ? "meetings" : "agendaitems", id);
    if (removed) {
        long st = lb_test_arch_status(sim, "demo-archivaris", "GET", path, NULL);
        int deletes = lb_test_ledger_count(ledger, id, "crmDeletes");
        int doc_deletes = lb_test_ledger_count(ledger, id, "documentDeletes");
        if (st != 404 || deletes != 1 || doc_deletes != (int)ndocs) {
            tap_diag("%s %s: GET answers %ld after removal, %d deletes, %d of %zu documents", type,
                     id, st, deletes, doc_deletes, ndocs);
            return false;
        }
        return true;
    }
    cJSON *rec = lb_test_arch_get(sim, path);
    const char *marked = str(rec, "davDossierId");
    ok = marked && strcmp(marked, dav_id) == 0 && str(rec, "archivedOn");
    if (!ok)
        tap_diag("%s %s: CRM davDossierId %s, want %s", type, id, marked ? marked : "null", dav_id);
    cJSON_Delete(rec);
    return ok;
}

bool lb_test_arch_verify_meeting(const lb_test_sim *sim, const cJSON *ledger,
                                 const lb_test_meeting_snap *snap, const char *serie_id,
                                 bool removed)
{
    char dav[40], idav[40];
    if (!verify_one(sim, ledger, "meeting", snap->id, serie_id, snap->ndocs, removed, dav))
        return false;
    cJSON *d = dav_dossier(sim, dav);
    const cJSON *rel = cJSON_GetObjectItemCaseSensitive(d, "relaties");
    bool ok = (size_t)cJSON_GetArraySize(rel) == snap->nitems;
    if (!ok)
        tap_diag("meeting %s: %d relations for %zu agenda items", snap->id, cJSON_GetArraySize(rel),
                 snap->nitems);
    for (size_t i = 0; ok && i < snap->nitems; i++) {
        ok = verify_one(sim, ledger, "agendaitem", snap->items[i], serie_id, snap->item_docs[i],
                        removed, idav);
        bool related = false;
        const cJSON *r;
        cJSON_ArrayForEach(r, rel)
        {
            const char *rid = str(r, "id");
            related = related || (rid && strcmp(rid, idav) == 0);
        }
        if (ok && !related) {
            tap_diag("meeting %s: no relation to agenda item %s's dossier", snap->id,
                     snap->items[i]);
            ok = false;
        }
    }
    cJSON_Delete(d);
    return ok;
}

void lb_test_arch_tmpdir(char *out, size_t size)
{
    snprintf(out, size, "%s/lbarch.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(out))
        tap_bail("mkdtemp: %s", strerror(errno));
}
