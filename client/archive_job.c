/* archive_job.c — the archiving job: its records, how many run at once,
 * cancel, the journal's header and events, the end and its summary. The
 * steps of one record are in archive_steps.c. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/archive_job_internal.h"
#include "i18n/i18n.h"

#define RATE_SECONDS 10
#define RATE_SLOTS   12

bool set_str(char **dst, const char *src)
{
    char *c = NULL;
    if (src && !(c = strdup(src)))
        return false;
    free(*dst);
    *dst = c;
    return true;
}

/* ---- units and records ---- */

void unit_init(job_unit *u, job_rec *r, lb_archive_kind kind)
{
    memset(u, 0, sizeof *u);
    u->rec = r;
    u->kind = kind;
}

void unit_done(job_unit *u)
{
    lb_transport *t = lb_bus_transport(u->rec->job->bus);
    lb_request_cancel(u->req);
    arc_list_cancel(u->list);
    if (u->timer)
        lb_timer_cancel(t, u->timer);
    for (size_t i = 0; i < u->ndocs; i++) {
        job_doc *d = &u->docs[i];
        free(d->id);
        free(d->name);
        free(d->mime);
        free(d->etag);
        free(d->dav_id);
    }
    for (size_t i = 0; i < u->ext_count; i++) {
        free(u->ext[i].naam);
        free(u->ext[i].waarde);
    }
    free(u->ext);
    free(u->docs);
    free(u->id);
    free(u->etag);
    free(u->naam);
    free(u->beschrijving);
    free(u->title);
    free(u->department);
    free(u->dav_id);
    free(u->content);
    u->req = NULL;
    u->list = NULL;
    u->timer = 0;
}

job_unit *rec_item(job_rec *r, const char *id, bool create)
{
    for (size_t i = 0; i < r->nitems; i++)
        if (strcmp(r->items[i]->id, id) == 0)
            return r->items[i];
    if (!create)
        return NULL;
    if (r->nitems == r->capitems) {
        size_t cap = r->capitems ? r->capitems * 2 : 16;
        job_unit **n = realloc(r->items, cap * sizeof *n);
        if (!n)
            return NULL;
        r->items = n;
        r->capitems = cap;
    }
    job_unit *u = malloc(sizeof *u);
    if (!u)
        return NULL;
    unit_init(u, r, LB_ARCHIVE_AGENDA_ITEM);
    if (!(u->id = strdup(id))) {
        free(u);
        return NULL;
    }
    r->items[r->nitems++] = u;
    return u;
}

job_doc *unit_doc(job_unit *u, const char *id, bool create)
{
    for (size_t i = 0; i < u->ndocs; i++)
        if (strcmp(u->docs[i].id, id) == 0)
            return &u->docs[i];
    if (!create)
        return NULL;
    if (u->ndocs == u->capdocs) {
        size_t cap = u->capdocs ? u->capdocs * 2 : 4;
        job_doc *n = realloc(u->docs, cap * sizeof *n);
        if (!n)
            return NULL;
        u->docs = n;
        u->capdocs = cap;
    }
    job_doc *d = &u->docs[u->ndocs];
    memset(d, 0, sizeof *d);
    if (!(d->id = strdup(id)))
        return NULL;
    u->ndocs++;
    return d;
}

static void rec_free(job_rec *r)
{
    lb_request_cancel(r->load_req);
    arc_list_cancel(r->load_list);
    r->load_req = NULL;
    r->load_list = NULL;
    if (r->main.rec)
        unit_done(&r->main);
    for (size_t i = 0; i < r->nitems; i++) {
        unit_done(r->items[i]);
        free(r->items[i]);
    }
    free(r->items);
    lb_arena_done(&r->arena);
    free(r->id);
    free(r->name);
    free(r->etag_seen);
    free(r->serie_id);
    free(r->dav_id);
    free(r->type_name);
    free(r->parent_dav);
}

/* ---- the journal ---- */

bool job_event(job_rec *r, const char *tag, const char *const *args, size_t nargs)
{
    lb_archive_job *job = r->job;
    if (!job->journal) {
        rec_fail_status(r, LB_ERR_CONFIG, 0, "%s", _("The archive journal is closed."));
        return false;
    }
    arc_jbuf b;
    arc_jbuf_init(&b);
    arc_jbuf_tag(&b, tag);
    arc_jbuf_num(&b, (long long)r->index);
    for (size_t i = 0; i < nargs; i++)
        arc_jbuf_str(&b, args[i]);
    arc_jbuf_end(&b);
    lb_error err;
    /* Not synced here: an intent is synced (with the others of this turn)
     * before its request goes out; a result rides on the next sync. */
    lb_status s = arc_journal_write(job->journal, &b, false, &err);
    arc_jbuf_done(&b);
    if (s != LB_OK) {
        rec_fail(r, &err);
        return false;
    }
    return true;
}

static const char *state_word(lb_archive_rec_state s)
{
    switch (s) {
    case LB_ARCHIVE_REC_DONE: return "done";
    case LB_ARCHIVE_REC_SKIPPED: return "skipped";
    case LB_ARCHIVE_REC_FAILED: return "failed";
    default: return "?";
    }
}

/* The final line of a record into B. */
static void final_line(arc_jbuf *b, const job_rec *r)
{
    arc_jbuf_tag(b, "S");
    arc_jbuf_num(b, (long long)r->index);
    arc_jbuf_str(b, state_word(r->pub.state));
    arc_jbuf_str(b, lb_status_name(r->pub.error.status));
    arc_jbuf_num(b, r->pub.error.http_status);
    arc_jbuf_str(b, r->dav_id);
    arc_jbuf_str(b, r->pub.error.detail[0] ? r->pub.error.detail : NULL);
    arc_jbuf_end(b);
}

/* ---- showing ---- */

static const char *step_of(const job_rec *r)
{
    const job_unit *m = &r->main;
    switch (r->phase) {
    case R_WAITING:
    case R_FINAL: return NULL;
    case R_LOADING: return N_("reading the record");
    case R_REMOVING: return N_("removing from the CRM and the document store");
    case R_ARCHIVING: break;
    }
    if (m->submit_unsure || m->patch_unsure)
        return N_("checking what an earlier attempt did");
    if (!m->created)
        return N_("creating the DAV dossier");
    if (!m->submitted) {
        for (size_t i = 0; i < m->ndocs; i++)
            if (!m->docs[i].in_dav)
                return N_("adding the documents");
        for (size_t i = 0; i < r->nitems; i++)
            if (!r->items[i]->submitted || !r->items[i]->related)
                return N_("archiving the agenda items");
        return N_("validating and submitting to DAV");
    }
    for (size_t i = 0; i < r->nitems; i++)
        if (!r->items[i]->patched)
            return N_("archiving the agenda items");
    return N_("marking the record archived");
}

void rec_show(job_rec *r)
{
    lb_archive_job *job = r->job;
    if (r->phase != R_WAITING && r->phase != R_FINAL)
        r->pub.state = LB_ARCHIVE_REC_RUNNING;
    r->pub.step = step_of(r);
    if (r->pub.state == r->shown_state && r->pub.step == r->shown_step)
        return;
    r->shown_state = r->pub.state;
    r->shown_step = r->pub.step;
    if (job->cb.record)
        job->cb.record(job->user, r->index, &r->pub);
}

/* ---- failing and finishing ---- */

void rec_fail(job_rec *r, const lb_error *err)
{
    if (r->failing || r->phase == R_FINAL)
        return;
    r->failing = true;
    r->fail = *err;
}

void rec_fail_status(job_rec *r, lb_status status, int http, const char *fmt, ...)
{
    lb_error err;
    lb_error_set(&err, status, http, NULL);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err.detail, sizeof err.detail, fmt, ap);
    va_end(ap);
    rec_fail(r, &err);
}

static void job_pump(lb_archive_job *job);

static void note_done(lb_archive_job *job)
{
    long long sec = lb_now_ms() / 1000;
    size_t slot = (size_t)(sec % RATE_SLOTS);
    if (job->rate_sec[slot] != sec) {
        job->rate_sec[slot] = sec;
        job->rate_count[slot] = 0;
    }
    job->rate_count[slot]++;
    job->done_n++;
}

void rec_finish(job_rec *r)
{
    lb_archive_job *job = r->job;
    if (r->failing) {
        r->pub.state = LB_ARCHIVE_REC_FAILED;
        r->pub.error = r->fail;
    } else {
        r->pub.state = LB_ARCHIVE_REC_DONE;
        lb_error_set(&r->pub.error, LB_OK, 0, NULL);
        if (!r->dav_id && r->main.dav_id)
            r->dav_id = strdup(r->main.dav_id);
        r->pub.dav_dossier_id = r->dav_id;
    }
    r->phase = R_FINAL;
    if (job->journal) {
        arc_jbuf b;
        arc_jbuf_init(&b);
        final_line(&b, r);
        lb_error err;
        /* Should this fail, a resume reads the record again and decides. */
        arc_journal_write(job->journal, &b, false, &err);
        arc_jbuf_done(&b);
    }
    /* What the record's steps needed can go: a long job keeps only what it
     * shows (id, name, state, DAV dossier). */
    lb_arena_done(&r->arena);
    lb_arena_init(&r->arena, 4096);
    memset(&r->src, 0, sizeof r->src);
    for (size_t i = 0; i < r->nitems; i++) {
        unit_done(r->items[i]);
        free(r->items[i]);
    }
    free(r->items);
    r->items = NULL;
    r->nitems = r->capitems = 0;
    unit_done(&r->main);
    unit_init(&r->main, r, r->kind);
    note_done(job);
    job->running--;
    rec_show(r);
    job_pump(job);
}

/* ---- scheduling ---- */

static void job_end(void *user)
{
    lb_archive_job *job = user;
    job->timer = 0;
    lb_archive_summary sum = {.total = job->count, .cancelled = job->cancelled};
    for (size_t i = 0; i < job->count; i++) {
        switch (job->recs[i].pub.state) {
        case LB_ARCHIVE_REC_DONE: sum.done++; break;
        case LB_ARCHIVE_REC_SKIPPED: sum.skipped++; break;
        case LB_ARCHIVE_REC_FAILED: sum.failed++; break;
        default: break;
        }
    }
    job->sum = sum;
    /* The last thing: FINISHED may free the job. */
    if (job->cb.finished)
        job->cb.finished(job->user, &sum);
}

static void skip_cancelled(lb_archive_job *job)
{
    arc_jbuf b;
    arc_jbuf_init(&b);
    size_t n = 0;
    for (size_t i = 0; i < job->count; i++) {
        job_rec *r = &job->recs[i];
        if (r->phase != R_WAITING)
            continue;
        r->phase = R_FINAL;
        r->pub.state = LB_ARCHIVE_REC_SKIPPED;
        lb_error_set(&r->pub.error, LB_ERR_CANCELLED, 0, "%s",
                     _("The job was cancelled before this record started."));
        final_line(&b, r);
        n++;
    }
    lb_error err;
    if (n && job->journal)
        arc_journal_write(job->journal, &b, false, &err);
    arc_jbuf_done(&b);
    for (size_t i = 0; i < job->count; i++)
        if (job->recs[i].pub.state == LB_ARCHIVE_REC_SKIPPED &&
            job->recs[i].shown_state != LB_ARCHIVE_REC_SKIPPED)
            rec_show(&job->recs[i]);
}

static void job_pump(lb_archive_job *job)
{
    if (job->finished)
        return;
    if (job->cancelled && !job->cancel_applied) {
        job->cancel_applied = true;
        skip_cancelled(job);
    }
    while (!job->cancelled && job->running < job->parallel && job->next < job->count) {
        job_rec *r = &job->recs[job->next++];
        if (r->phase != R_WAITING)
            continue;
        job->running++;
        r->phase = R_LOADING;
        rec_show(r);
        rec_load(r);
        if (job->finished)
            return;
    }
    if (job->running > 0 || (!job->cancelled && job->next < job->count))
        return;
    job->finished = true;
    /* The journal is complete: release it before anyone is told. */
    job_held_free(job); /* nothing is held now; stops the syncer's thread */
    arc_journal_close(job->journal);
    job->journal = NULL;
    if (job->timer)
        lb_timer_cancel(lb_bus_transport(job->bus), job->timer);
    job->timer = lb_timer_add(lb_bus_transport(job->bus), 0, job_end, job);
}

static void job_kick(void *user)
{
    lb_archive_job *job = user;
    job->timer = 0;
    job_pump(job);
}

static bool schedule(lb_archive_job *job)
{
    if (job->timer)
        return true;
    job->timer = lb_timer_add(lb_bus_transport(job->bus), 0, job_kick, job);
    return job->timer != 0;
}

/* ---- creating ---- */

static lb_archive_job *job_new(lb_bus *bus, size_t count, const lb_archive_callbacks *cb,
                               void *user, size_t parallel)
{
    lb_archive_job *job = calloc(1, sizeof *job);
    if (!job)
        return NULL;
    job->bus = bus;
    job->cb = cb ? *cb : (lb_archive_callbacks){0};
    job->user = user;
    job->count = count;
    job->started_ms = lb_now_ms();
    int conc = lb_transport_concurrency(lb_bus_transport(bus));
    job->parallel = parallel ? parallel : (size_t)(conc > 0 ? conc : 1);
    job->cache = arc_cache_new(bus);
    job->recs = calloc(count ? count : 1, sizeof *job->recs);
    if (!job->cache || !job->recs) {
        arc_cache_free(job->cache);
        free(job->recs);
        free(job);
        return NULL;
    }
    for (size_t i = 0; i < count; i++) {
        job_rec *r = &job->recs[i];
        r->job = job;
        r->index = i;
        r->shown_state = LB_ARCHIVE_REC_WAITING;
        lb_arena_init(&r->arena, 4096);
        unit_init(&r->main, r, LB_ARCHIVE_MEETING);
    }
    return job;
}

void lb_archive_job_free(lb_archive_job *job)
{
    if (!job)
        return;
    if (job->timer)
        lb_timer_cancel(lb_bus_transport(job->bus), job->timer);
    job_held_free(job);
    /* No cache callback may reach a freed record. */
    arc_cache_free(job->cache);
    job->cache = NULL;
    for (size_t i = 0; i < job->count; i++)
        rec_free(&job->recs[i]);
    arc_journal_close(job->journal);
    free(job->recs);
    free(job);
}

static lb_status skip_reason(const lb_archive_check *c, lb_error *out)
{
    char text[400];
    lb_archive_verdict_text(c, text, sizeof text);
    lb_status s = LB_ERR_CONFLICT;
    int http = 0;
    if (c->verdict == LB_ARCHIVE_CHANGED)
        s = LB_ERR_PRECONDITION;
    else if (c->verdict == LB_ARCHIVE_CHECK_FAILED) {
        s = c->error.status != LB_OK ? c->error.status : LB_ERR_INVALID_INPUT;
        http = c->error.http_status;
    }
    lb_error_set(out, s, http, NULL);
    lb_printable_copy(out->detail, sizeof out->detail, text, strlen(text));
    return s;
}

static char kind_letter(lb_archive_kind k)
{
    return k == LB_ARCHIVE_MEETING ? 'm' : k == LB_ARCHIVE_AGENDA_ITEM ? 'a' : 'd';
}

/* Refuses an unfinished journal at PATH and moves a finished one aside. */
static lb_status clear_path(const char *path, lb_error *err)
{
    size_t left = 0;
    lb_error e;
    if (lb_archive_journal_pending(path, &left, &e)) {
        return lb_error_set(err, LB_ERR_CONFLICT, 0,
                            _("The archive journal %s still has unfinished records."), path);
    }
    if (e.status != LB_OK) {
        *err = e;
        return e.status;
    }
    return lb_archive_journal_close(path, err);
}

lb_archive_job *lb_archive_job_start(lb_bus *bus, const char *journal_path,
                                     const lb_archive_check *checks, size_t count,
                                     const lb_archive_options *opt, const lb_archive_callbacks *cb,
                                     void *user, lb_error *err)
{
    if (!journal_path || !*journal_path) {
        lb_error_set(err, LB_ERR_INVALID_INPUT, 0, "journal path");
        return NULL;
    }
    if (clear_path(journal_path, err) != LB_OK)
        return NULL;
    lb_archive_job *job = job_new(bus, count, cb, user, opt ? opt->parallel : 0);
    if (!job) {
        lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        return NULL;
    }
    job->remove_after = opt && opt->remove_after;
    arc_jbuf h;
    arc_jbuf_init(&h);
    arc_jbuf_tag(&h, "H");
    arc_jbuf_str(&h, "lbterm-archive-1");
    arc_jbuf_num(&h, job->remove_after);
    arc_jbuf_num(&h, (long long)count);
    arc_jbuf_end(&h);
    bool nomem = false;
    for (size_t i = 0; i < count; i++) {
        const lb_archive_check *c = &checks[i];
        job_rec *r = &job->recs[i];
        r->kind = c->kind;
        r->main.kind = c->kind;
        nomem |= !set_str(&r->id, c->id) || !set_str(&r->name, c->name) ||
                 !set_str(&r->etag_seen, c->etag) || !set_str(&r->serie_id, c->serie_id) ||
                 !set_str(&r->main.id, c->id);
        if (nomem)
            break;
        if (!arc_is_guid(c->id)) {
            lb_error_set(err, LB_ERR_INVALID_INPUT, 0, "record id");
            goto fail;
        }
        r->pub.id = r->id;
        r->pub.name = r->name;
        char kind[2] = {kind_letter(c->kind), '\0'};
        arc_jbuf_tag(&h, "R");
        arc_jbuf_num(&h, (long long)i);
        arc_jbuf_str(&h, kind);
        arc_jbuf_str(&h, c->id);
        arc_jbuf_str(&h, c->etag);
        arc_jbuf_str(&h, c->serie_id);
        arc_jbuf_num(&h, c->verdict);
        arc_jbuf_str(&h, c->name);
        arc_jbuf_end(&h);
        if (c->verdict != LB_ARCHIVE_READY) {
            r->phase = R_FINAL;
            r->pub.state = r->shown_state = LB_ARCHIVE_REC_SKIPPED;
            skip_reason(c, &r->pub.error);
            final_line(&h, r);
        }
    }
    if (nomem || h.failed) {
        lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        goto fail;
    }
    job->journal = arc_journal_create(journal_path, &h, err);
    if (!job->journal)
        goto fail;
    if (!schedule(job)) {
        lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        goto fail;
    }
    arc_jbuf_done(&h);
    return job;
fail:
    arc_jbuf_done(&h);
    lb_archive_job_free(job);
    return NULL;
}

lb_archive_job *lb_archive_job_resume(lb_bus *bus, const char *journal_path,
                                      const lb_archive_callbacks *cb, void *user, lb_error *err)
{
    arc_jfile f;
    if (arc_jfile_read(journal_path, &f, err) != LB_OK) {
        if (err->status == LB_ERR_NOT_FOUND)
            lb_error_set(err, LB_ERR_NOT_FOUND, 0, _("There is no archive journal %s."),
                         journal_path);
        return NULL;
    }
    size_t count = 0;
    if (f.count == 0 || f.lines[0].n < 4 || strcmp(f.lines[0].f[0], "H") != 0 || !f.lines[0].f[1] ||
        strcmp(f.lines[0].f[1], "lbterm-archive-1") != 0 || !f.lines[0].f[3] ||
        sscanf(f.lines[0].f[3], "%zu", &count) != 1 || count > (size_t)1 << 24) {
        arc_jfile_done(&f);
        lb_error_set(err, LB_ERR_CONFIG, 0, _("%s is not an archive journal of lbterm."),
                     journal_path);
        return NULL;
    }
    lb_archive_job *job = job_new(bus, count, cb, user, 0);
    if (!job) {
        arc_jfile_done(&f);
        lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        return NULL;
    }
    job->remove_after = f.lines[0].f[2] && strcmp(f.lines[0].f[2], "1") == 0;
    if (job_replay(job, &f, journal_path, err) != LB_OK) {
        arc_jfile_done(&f);
        lb_archive_job_free(job);
        return NULL;
    }
    job->journal = arc_journal_reopen(journal_path, f.valid_bytes, err);
    arc_jfile_done(&f);
    if (!job->journal) {
        lb_archive_job_free(job);
        return NULL;
    }
    if (!schedule(job)) {
        lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        lb_archive_job_free(job);
        return NULL;
    }
    return job;
}

void lb_archive_job_cancel(lb_archive_job *job)
{
    if (!job || job->cancelled || job->finished)
        return;
    job->cancelled = true;
    schedule(job);
}

size_t lb_archive_job_count(const lb_archive_job *job)
{
    return job ? job->count : 0;
}

const lb_archive_record *lb_archive_job_record(const lb_archive_job *job, size_t index)
{
    return job && index < job->count ? &job->recs[index].pub : NULL;
}

double lb_archive_job_rate(const lb_archive_job *job)
{
    if (!job || job->done_n == 0)
        return 0;
    long long now = lb_now_ms(), sec = now / 1000;
    size_t n = 0;
    /* The current second and the RATE_SECONDS - 1 before it. */
    for (size_t i = 0; i < RATE_SLOTS; i++)
        if (job->rate_sec[i] > sec - RATE_SECONDS && job->rate_sec[i] <= sec)
            n += job->rate_count[i];
    long long span = now - job->started_ms;
    if (span > RATE_SECONDS * 1000)
        span = RATE_SECONDS * 1000;
    if (span < 1000)
        span = 1000;
    return (double)n * 1000.0 / (double)span;
}

/* ---- the journal as a file ---- */

bool lb_archive_journal_pending(const char *journal_path, size_t *left, lb_error *err)
{
    if (left)
        *left = 0;
    arc_jfile f;
    if (arc_jfile_read(journal_path, &f, err) != LB_OK) {
        if (err->status == LB_ERR_NOT_FOUND)
            lb_error_set(err, LB_OK, 0, NULL);
        return false;
    }
    lb_error_set(err, LB_OK, 0, NULL);
    /* Records named in R lines without a final S line. */
    size_t records = 0;
    if (f.count && f.lines[0].n >= 4 && strcmp(f.lines[0].f[0], "H") == 0 && f.lines[0].f[3])
        sscanf(f.lines[0].f[3], "%zu", &records);
    if (records > (size_t)1 << 24)
        records = 0;
    bool *final = calloc(records ? records : 1, sizeof *final);
    size_t n = 0;
    for (size_t i = 0; final && i < f.count; i++) {
        const arc_jline *l = &f.lines[i];
        size_t idx;
        if (l->n >= 2 && l->f[1] && sscanf(l->f[1], "%zu", &idx) == 1 && idx < records) {
            if (strcmp(l->f[0], "S") == 0)
                final[idx] = true;
        }
    }
    for (size_t i = 0; final && i < records; i++)
        n += !final[i];
    free(final);
    arc_jfile_done(&f);
    if (left)
        *left = n;
    return n > 0;
}

lb_status lb_archive_journal_close(const char *journal_path, lb_error *err)
{
    size_t left = 0;
    lb_error e;
    bool pending = lb_archive_journal_pending(journal_path, &left, &e);
    if (e.status != LB_OK) {
        *err = e;
        return e.status;
    }
    if (arc_journal_locked(journal_path))
        return lb_error_set(err, LB_ERR_CONFLICT, 0,
                            _("Another lbterm is working on the archive journal %s."),
                            journal_path);
    if (pending)
        return lb_error_set(err, LB_ERR_CONFLICT, 0,
                            _("The archive journal %s still has unfinished records."),
                            journal_path);
    arc_jfile f;
    if (arc_jfile_read(journal_path, &f, &e) != LB_OK) {
        if (e.status == LB_ERR_NOT_FOUND)
            return lb_error_set(err, LB_OK, 0, NULL);
        *err = e;
        return e.status;
    }
    arc_jfile_done(&f);
    if (arc_journal_retire(journal_path, NULL, err) != LB_OK)
        return err->status;
    return lb_error_set(err, LB_OK, 0, NULL);
}
