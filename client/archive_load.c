/* archive_load.c — before anything is written for a record: read it again
 * (still inactive? unchanged since the check? not archived meanwhile?), its
 * type and series, its documents and, for a meeting, its agenda items and
 * theirs. What an earlier run journaled is merged in by id. A read that
 * fails for a passing reason is tried again, the whole read at once (every
 * part of it is idempotent). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/archive_job_internal.h"
#include "i18n/i18n.h"

#define LOAD_TRIES 4

static void load_start(void *user);

/* One part of the read is over (ERR NULL: fine). The last one decides. */
static void part_done(job_rec *r, const lb_error *err)
{
    if (err && err->status != LB_OK) {
        if (job_transient(err->status)) {
            if (r->load_err.status == LB_OK)
                r->load_err = *err;
        } else {
            rec_fail(r, err);
        }
    }
    if (--r->loads > 0)
        return;
    if (r->phase != R_LOADING || r->failing) {
        rec_pump(r);
        return;
    }
    if (r->load_err.status != LB_OK) {
        if (r->load_attempts < LOAD_TRIES) {
            long delay = 500L << r->load_attempts;
            r->load_attempts++;
            r->load_err.status = LB_OK;
            r->main.timer = lb_timer_add(lb_bus_transport(r->job->bus), delay, load_start, r);
            if (r->main.timer) {
                r->loads++; /* the wait counts as a read */
                return;
            }
        }
        rec_fail(r, &r->load_err);
        rec_pump(r);
        return;
    }
    if (rec_prepare(r))
        r->phase = R_ARCHIVING;
    rec_pump(r);
}

static void part_nomem(job_rec *r)
{
    lb_error err;
    lb_error_set(&err, LB_ERR_NOMEM, 0, NULL);
    part_done(r, &err);
}

/* ---- documents ---- */

static bool on_doc(void *user, const cJSON *o, lb_error *err)
{
    job_unit *u = user;
    arc_doc_info d;
    if (arc_doc_read(o, &d, err) != LB_OK)
        return false;
    job_doc *doc = unit_doc(u, d.id, true);
    bool ok = doc && set_str(&doc->name, d.name) && set_str(&doc->mime, d.mime_type) &&
              set_str(&doc->etag, d.etag);
    if (ok) {
        memcpy(doc->created, d.created, sizeof doc->created);
        doc->listed = true;
    }
    arc_doc_info_done(&d);
    if (!ok)
        lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
    return ok;
}

static void on_docs(void *user, const lb_error *err)
{
    job_unit *u = user;
    u->list = NULL;
    part_done(u->rec, err);
}

static void list_docs(job_unit *u)
{
    job_rec *r = u->rec;
    static const char *const path[] = {"crm", "documents", NULL};
    const lb_query_param q[] = {{"regardingType", arc_bron_type(u->kind)}, {"regardingId", u->id}};
    lb_error err;
    r->loads++;
    u->list = arc_list_start(r->job->bus, path, q, 2, on_doc, on_docs, u, &err);
    if (!u->list)
        part_done(r, &err);
}

/* ---- a meeting's agenda items ---- */

static bool on_item(void *user, const cJSON *o, lb_error *err)
{
    job_rec *r = user;
    arc_item it;
    if (arc_item_read(o, &it, err) != LB_OK)
        return false;
    if (it.statecode == 0) {
        char title[160];
        const char *t = it.title ? it.title : it.id;
        lb_printable_copy(title, sizeof title, t, strlen(t));
        lb_error_set(err, LB_ERR_CONFLICT, 0, _("agenda item \"%s\" is still active"), title);
        arc_item_done(&it);
        return false;
    }
    job_unit *u = rec_item(r, it.id, true);
    bool ok = u && set_str(&u->etag, it.etag) && set_str(&u->title, it.title) &&
              set_str(&u->department, it.department);
    if (ok) {
        u->number = it.number;
        u->document_count = it.document_count;
        u->listed = true;
        if (it.dav_dossier_id && u->dav_id && strcmp(it.dav_dossier_id, u->dav_id) == 0) {
            /* Our own PATCH went through before the answer was lost. Journaled:
             * once the item is removed, a resume cannot read it any more. */
            const char *args[] = {"patch", "agendaitem", it.id, u->dav_id, it.etag};
            bool journal = !u->patched;
            u->patched = true;
            u->patch_unsure = false;
            if (journal && !job_event(r, "D", args, 5)) {
                arc_item_done(&it);
                *err = r->fail;
                return false;
            }
        } else if (it.dav_dossier_id && !u->patched) {
            /* Archived on its own before: the meeting's dossier only relates to it. */
            const char *args[] = {"external", "agendaitem", it.id, it.dav_dossier_id, it.etag};
            ok = set_str(&u->dav_id, it.dav_dossier_id);
            u->external = u->created = u->submitted = u->patched = true;
            if (ok && !job_event(r, "D", args, 5)) {
                arc_item_done(&it);
                *err = r->fail;
                return false;
            }
        }
    }
    arc_item_done(&it);
    if (!ok)
        lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
    return ok;
}

static void on_items(void *user, const lb_error *err)
{
    job_rec *r = user;
    r->load_list = NULL;
    if (err->status == LB_OK && !r->failing)
        for (size_t i = 0; i < r->nitems; i++)
            if (r->items[i]->listed && r->items[i]->document_count > 0)
                list_docs(r->items[i]);
    part_done(r, err);
}

/* ---- type and series ---- */

static void on_serie(void *user, const arc_serie *s, const lb_error *err)
{
    job_rec *r = user;
    if (!s) {
        part_done(r, err);
        return;
    }
    r->serie = s;
    if (!r->failing) {
        list_docs(&r->main);
        if (r->kind == LB_ARCHIVE_MEETING) {
            const char *path[] = {"crm", "meetings", r->id, "agendaitems", NULL};
            lb_error e;
            r->loads++;
            r->load_list = arc_list_start(r->job->bus, path, NULL, 0, on_item, on_items, r, &e);
            if (!r->load_list)
                part_done(r, &e);
        }
    }
    part_done(r, NULL);
}

static void on_type(void *user, const arc_type *t, const lb_error *err)
{
    job_rec *r = user;
    if (!t) {
        part_done(r, err);
        return;
    }
    if (!set_str(&r->type_name, t->name)) {
        part_nomem(r);
        return;
    }
    r->src.type_name = r->type_name;
    if (!t->serie_id) {
        char name[160];
        lb_printable_copy(name, sizeof name, t->name, strlen(t->name));
        rec_fail_status(r, LB_ERR_CONFLICT, 0,
                        t->dossier_type ? _("dossier type \"%s\" has no DAV series")
                                        : _("meeting type \"%s\" has no DAV series"),
                        name);
        part_done(r, NULL);
        return;
    }
    lb_error e;
    r->loads++;
    if (arc_cache_serie(r->job->cache, t->serie_id, on_serie, r, &e) != LB_OK)
        part_done(r, &e);
    part_done(r, NULL);
}

static void ask_type(job_rec *r, bool dossier_type, const char *id)
{
    lb_error e;
    r->loads++;
    if (arc_cache_type(r->job->cache, dossier_type, id, on_type, r, &e) != LB_OK)
        part_done(r, &e);
}

static void on_parent(void *user, const lb_response *resp)
{
    job_rec *r = user;
    r->load_req = NULL;
    lb_error err = resp->err;
    if (err.status != LB_OK ||
        lb_meeting_parse(resp->body, resp->body_len, &r->arena, &r->meeting, &err) != LB_OK) {
        part_done(r, &err);
        return;
    }
    arc_source_of_meeting(&r->src, &r->meeting);
    if (r->meeting.dav_dossier_id && !set_str(&r->parent_dav, r->meeting.dav_dossier_id)) {
        part_nomem(r);
        return;
    }
    ask_type(r, false, r->meeting.type_id);
    part_done(r, NULL);
}

/* ---- the record ---- */

static void on_record(void *user, const lb_response *resp)
{
    job_rec *r = user;
    r->load_req = NULL;
    lb_error err = resp->err;
    const char *etag = NULL, *dav = NULL;
    int statecode = 0;
    if (resp->http_status == 404) {
        rec_fail_status(r, LB_ERR_NOT_FOUND, 404, "%s", r->id);
        part_done(r, NULL);
        return;
    }
    if (err.status == LB_OK) {
        arc_source *s = &r->src;
        switch (r->kind) {
        case LB_ARCHIVE_MEETING:
            if (lb_meeting_parse(resp->body, resp->body_len, &r->arena, &r->meeting, &err) ==
                LB_OK) {
                const lb_meeting *m = &r->meeting;
                etag = m->etag, dav = m->dav_dossier_id, statecode = m->statecode;
                s->name = m->name;
                arc_source_of_meeting(s, m);
                r->main.document_count = m->document_count;
            }
            break;
        case LB_ARCHIVE_AGENDA_ITEM:
            if (lb_agenda_item_parse(resp->body, resp->body_len, &r->arena, &r->item, &err) ==
                LB_OK) {
                const lb_agenda_item *it = &r->item;
                etag = it->etag, dav = it->dav_dossier_id, statecode = it->statecode;
                s->name = it->title;
                s->item_number = it->number;
                s->department = it->department;
                r->main.document_count = it->document_count;
            }
            break;
        case LB_ARCHIVE_DOSSIER:
            if (lb_dossier_parse(resp->body, resp->body_len, &r->arena, &r->dossier, &err) ==
                LB_OK) {
                const lb_dossier *d = &r->dossier;
                etag = d->etag, dav = d->dav_dossier_id, statecode = d->statecode;
                s->name = d->name;
                s->number = d->number;
                s->department = d->department;
                s->begin = d->opened_on;
                s->end = d->closed_on;
                r->main.document_count = d->document_count;
            }
            break;
        }
    }
    if (err.status != LB_OK) {
        part_done(r, &err);
        return;
    }
    job_unit *m = &r->main;
    if (!set_str(&m->etag, etag)) {
        part_nomem(r);
        return;
    }
    m->listed = true;
    if (dav && m->dav_id && strcmp(dav, m->dav_id) == 0) {
        /* Marked by an earlier run whose answer was lost: only removal may be
         * left. Journaled: once the record is removed, a resume cannot read it
         * any more (a failed write fails the record). */
        const char *args[] = {"patch", arc_bron_type(r->kind), r->id, m->dav_id, etag};
        job_event(r, "D", args, 5);
        m->patched = true;
        m->patch_unsure = false;
        r->known_patched = true;
        r->phase = R_ARCHIVING;
        part_done(r, NULL);
        return;
    }
    if (dav) {
        rec_fail_status(r, LB_ERR_CONFLICT, resp->http_status,
                        _("already archived in DAV (dossier %s)"), dav);
    } else if (statecode == 0) {
        rec_fail_status(r, LB_ERR_CONFLICT, resp->http_status, "%s",
                        _("still active: only inactive records can be archived"));
    } else if (r->etag_seen && etag && strcmp(r->etag_seen, etag) != 0) {
        rec_fail_status(r, LB_ERR_PRECONDITION, resp->http_status, "%s",
                        _("changed by someone else since you saw it"));
    } else if (r->kind == LB_ARCHIVE_AGENDA_ITEM) {
        const char *path[] = {"crm", "meetings", r->item.meeting_id, NULL};
        lb_request_spec spec = {.method = "GET", .path = path};
        r->loads++;
        r->load_req = lb_bus_send(r->job->bus, &spec, on_parent, r, &err);
        if (!r->load_req)
            part_done(r, &err);
    } else {
        ask_type(r, r->kind == LB_ARCHIVE_DOSSIER,
                 r->kind == LB_ARCHIVE_DOSSIER ? r->dossier.type_id : r->meeting.type_id);
    }
    part_done(r, NULL);
}

static void load_start(void *user)
{
    job_rec *r = user;
    r->main.timer = 0;
    if (r->loads > 0)
        r->loads--; /* the wait before this try */
    if (r->known_patched) {
        /* The journal shows the record marked: nothing to read, only to remove. */
        r->phase = R_ARCHIVING;
        rec_pump(r);
        return;
    }
    lb_arena_done(&r->arena);
    lb_arena_init(&r->arena, 4096);
    memset(&r->src, 0, sizeof r->src);
    r->src.kind = r->kind;
    r->src.id = r->id;
    r->src.begin = r->src.end = LB_TIME_NULL;
    r->serie = NULL;
    const char *path[] = {"crm", arc_collection(r->kind), r->id, NULL};
    lb_request_spec spec = {.method = "GET", .path = path};
    lb_error err;
    r->loads++;
    r->load_req = lb_bus_send(r->job->bus, &spec, on_record, r, &err);
    if (!r->load_req)
        part_done(r, &err);
}

void rec_load(job_rec *r)
{
    /* From the loop, so that one record's end never nests another's start. */
    r->loads++;
    r->main.timer = lb_timer_add(lb_bus_transport(r->job->bus), 0, load_start, r);
    if (!r->main.timer) {
        r->loads--;
        rec_fail_status(r, LB_ERR_NOMEM, 0, "%s", "timer");
        rec_pump(r);
    }
}

/* ---- what each unit sends ---- */

static bool set_ext(job_unit *u, const arc_source *s, const arc_serie *serie)
{
    for (size_t i = 0; i < u->ext_count; i++) {
        free(u->ext[i].naam);
        free(u->ext[i].waarde);
    }
    free(u->ext);
    u->ext = NULL;
    u->ext_count = 0;
    if (serie->ext_count == 0)
        return true;
    u->ext = calloc(serie->ext_count, sizeof *u->ext);
    if (!u->ext)
        return false;
    for (size_t i = 0; i < serie->ext_count; i++) {
        const arc_ext_def *d = &serie->exts[i];
        char buf[512];
        const char *v;
        if (strcmp(d->niveau, "dossier") != 0 || !(v = arc_ext_value(s, d->naam, buf, sizeof buf)))
            continue;
        job_ext *e = &u->ext[u->ext_count];
        if (!(e->naam = strdup(d->naam)) || !(e->waarde = strdup(v)))
            return false;
        u->ext_count++;
    }
    return true;
}

/* Naam, beschrijving, dates (spanning the documents) and extensions of U. */
static bool prepare_unit(job_rec *r, job_unit *u, const arc_source *s)
{
    const char *missing = arc_ext_missing(s, r->serie->exts, r->serie->ext_count);
    if (missing) {
        char name[160];
        lb_printable_copy(name, sizeof name, missing, strlen(missing));
        rec_fail_status(r, LB_ERR_CONFLICT, 0,
                        _("the DAV series requires extension \"%s\", which the record cannot "
                          "fill"),
                        name);
        return false;
    }
    char *naam = u->renamed && u->naam ? NULL : arc_dossier_naam(s);
    char *besch = arc_dossier_beschrijving(s);
    if ((!naam && !(u->renamed && u->naam)) || !besch || !set_ext(u, s, r->serie)) {
        free(naam);
        free(besch);
        rec_fail_status(r, LB_ERR_NOMEM, 0, "%s", "prepare");
        return false;
    }
    if (naam) {
        free(u->naam);
        u->naam = naam;
    }
    free(u->beschrijving);
    u->beschrijving = besch;
    arc_dossier_dates(s, u->open, u->close);
    /* A document without a date gets the closing date; the dossier's dates
     * then span every document (DAV's rule). */
    for (size_t i = 0; i < u->ndocs; i++) {
        job_doc *d = &u->docs[i];
        if (!d->created[0])
            memcpy(d->created, u->close, sizeof d->created);
        if (!d->created[0])
            continue;
        if (!u->open[0] || strcmp(d->created, u->open) < 0)
            memcpy(u->open, d->created, sizeof u->open);
        if (!u->close[0] || strcmp(d->created, u->close) > 0)
            memcpy(u->close, d->created, sizeof u->close);
    }
    return true;
}

bool rec_prepare(job_rec *r)
{
    if (!r->serie) {
        rec_fail_status(r, LB_ERR_CONFLICT, 0, "%s", "series");
        return false;
    }
    if (!prepare_unit(r, &r->main, &r->src))
        return false;
    for (size_t i = 0; i < r->nitems; i++) {
        job_unit *u = r->items[i];
        if (!u->listed)
            continue; /* known from the journal only: no longer in the CRM */
        arc_source s = r->src;
        s.kind = LB_ARCHIVE_AGENDA_ITEM;
        s.id = u->id;
        s.name = u->title;
        s.item_number = u->number;
        s.department = u->department;
        s.meeting_name = r->src.name;
        if (!prepare_unit(r, u, &s))
            return false;
    }
    return true;
}
