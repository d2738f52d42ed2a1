/* archive_preflight.c — checks selected records against the archiving rules
 * before anything is written: the record itself (archived? active? changed
 * since the user saw it?), then its type's DAV series, the series'
 * required extensions and validity, a meeting's agenda items, and whether
 * an earlier attempt left a DAV dossier. Records are checked concurrently
 * (a window of them), types and series once per preflight. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/archive_internal.h"
#include "client/json_strict.h"
#include "i18n/i18n.h"

typedef struct target target;

struct lb_archive_preflight {
    lb_bus *bus;
    arc_cache *cache;
    target *targets;
    lb_archive_check *checks; /* owned, one per target */
    size_t count, next, done, window, running;
    lb_archive_progress_fn progress;
    lb_archive_preflight_fn finished;
    void *user;
    unsigned long
        timer; /* the start (nothing runs inside lb_archive_preflight_start) and the end */
};

struct target {
    lb_archive_preflight *p;
    size_t index;
    lb_archive_kind kind;
    char *id, *etag_seen;
    lb_request *req;
    arc_list *list;
    lb_arena arena;      /* the parsed record and its meeting */
    lb_meeting meeting;  /* the record, or an agenda item's meeting */
    lb_agenda_item item; /* LB_ARCHIVE_AGENDA_ITEM */
    lb_dossier dossier;  /* LB_ARCHIVE_DOSSIER */
    arc_source src;
    const arc_serie *serie;
    size_t items, documents;
    char *active_item; /* the title of an active agenda item */
    bool started, finished;
};

static lb_archive_check *check_of(target *t)
{
    return &t->p->checks[t->index];
}

static void start_next(lb_archive_preflight *p);

static void end_all(void *user)
{
    lb_archive_preflight *p = user;
    p->timer = 0;
    if (p->done < p->count) { /* the start */
        start_next(p);
        return;
    }
    lb_error ok;
    lb_error_set(&ok, LB_OK, 0, NULL);
    p->finished(p->user, p->checks, p->count, &ok);
}

/* The target's verdict is known: free what it held, report, go on. */
static void conclude(target *t, lb_archive_verdict v)
{
    lb_archive_preflight *p = t->p;
    check_of(t)->verdict = v;
    t->finished = true;
    arc_list_cancel(t->list);
    t->list = NULL;
    lb_arena_done(&t->arena);
    free(t->active_item);
    t->active_item = NULL;
    p->running--;
    p->done++;
    if (p->progress)
        p->progress(p->user, p->done, p->count);
    start_next(p);
    if (p->done == p->count && !p->timer)
        p->timer = lb_timer_add(lb_bus_transport(p->bus), 0, end_all, p);
}

static void set_detail(target *t, const char *text)
{
    lb_archive_check *c = check_of(t);
    free(c->detail);
    c->detail = arc_strdup(text);
}

static void fail_check(target *t, const lb_error *err)
{
    lb_archive_check *c = check_of(t);
    c->error = *err;
    set_detail(t, lb_status_message(err->status));
    conclude(t, LB_ARCHIVE_CHECK_FAILED);
}

static void fail_nomem(target *t)
{
    lb_error err;
    lb_error_set(&err, LB_ERR_NOMEM, 0, NULL);
    fail_check(t, &err);
}

static void fail_sentence(target *t, const char *sentence)
{
    lb_archive_check *c = check_of(t);
    lb_error_set(&c->error, LB_ERR_INVALID_INPUT, 0, "%s", sentence);
    set_detail(t, sentence);
    conclude(t, LB_ARCHIVE_CHECK_FAILED);
}

/* ---- the last step: a DAV dossier left by an earlier attempt ---- */

static void on_dav_get(void *user, const lb_response *resp)
{
    target *t = user;
    t->req = NULL;
    lb_archive_check *c = check_of(t);
    if (resp->http_status == 404) {
        conclude(t, LB_ARCHIVE_READY);
        return;
    }
    lb_error err = resp->err;
    lb_dav_dossier d;
    if (err.status != LB_OK ||
        lb_dav_dossier_parse(resp->body, resp->body_len, &t->arena, &d, &err) != LB_OK) {
        fail_check(t, &err);
        return;
    }
    /* The job continues what that attempt began (creates are idempotent on
     * bronId), or only marks the record when the dossier is submitted. */
    free(c->dav_dossier_id);
    c->dav_dossier_id = arc_strdup(d.id);
    conclude(t, LB_ARCHIVE_READY);
}

static void ask_dav(target *t)
{
    static const char *const path[] = {"dav", "dossiers", "get", NULL};
    cJSON *o = cJSON_CreateObject();
    char *body =
        o && cJSON_AddStringToObject(o, "bronId", t->id) ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    if (!body) {
        fail_nomem(t);
        return;
    }
    lb_request_spec spec = {
        .method = "POST", .path = path, .body = body, .body_len = strlen(body), .idempotent = true};
    lb_error err;
    t->req = lb_bus_send(t->p->bus, &spec, on_dav_get, t, &err);
    free(body);
    if (!t->req)
        fail_check(t, &err);
}

/* ---- a meeting's agenda items ---- */

static bool on_item(void *user, const cJSON *o, lb_error *err)
{
    target *t = user;
    arc_item it;
    if (arc_item_read(o, &it, err) != LB_OK)
        return false;
    t->items++;
    t->documents += (size_t)it.document_count;
    if (it.statecode == 0 && !t->active_item)
        t->active_item = arc_strdup(it.title ? it.title : it.id);
    arc_item_done(&it);
    return true;
}

static void on_items(void *user, const lb_error *err)
{
    target *t = user;
    t->list = NULL;
    if (err->status != LB_OK) {
        fail_check(t, err);
        return;
    }
    lb_archive_check *c = check_of(t);
    c->agenda_items = t->items;
    c->documents += t->documents;
    if (t->active_item) {
        set_detail(t, t->active_item);
        conclude(t, LB_ARCHIVE_STILL_ACTIVE);
        return;
    }
    ask_dav(t);
}

/* ---- series: extensions and validity ---- */

static void on_serie(void *user, const arc_serie *s, const lb_error *err)
{
    target *t = user;
    if (!s) {
        fail_check(t, err);
        return;
    }
    lb_archive_check *c = check_of(t);
    free(c->serie_name);
    c->serie_name = arc_strdup(s->naam);
    const char *missing = arc_ext_missing(&t->src, s->exts, s->ext_count);
    if (missing) {
        set_detail(t, missing);
        conclude(t, LB_ARCHIVE_MISSING_EXTENSION);
        return;
    }
    char open[11], close[11], van[11], tot[11], sentence[512];
    arc_dossier_dates(&t->src, open, close);
    arc_date(s->geldig_van, van);
    arc_date(s->geldig_tot, tot);
    if (!open[0]) {
        fail_sentence(t, _("The record has no date to open its DAV dossier with."));
        return;
    }
    if (!close[0]) {
        fail_sentence(t, _("The dossier has no closing date."));
        return;
    }
    bool before = strcmp(open, van) < 0, after = tot[0] && strcmp(open, tot) > 0;
    if (before || after) {
        char name[200];
        lb_printable_copy(name, sizeof name, s->naam, strlen(s->naam));
        /* TRANSLATORS: dates are YYYY-MM-DD */
        snprintf(sentence, sizeof sentence,
                 before ? _("The opening date %s lies before DAV series \"%s\" begins (%s).")
                        : _("The opening date %s lies after DAV series \"%s\" ended (%s)."),
                 open, name, before ? van : tot);
        fail_sentence(t, sentence);
        return;
    }
    if (t->kind != LB_ARCHIVE_MEETING) {
        ask_dav(t);
        return;
    }
    const char *path[] = {"crm", "meetings", t->id, "agendaitems", NULL};
    lb_error e;
    t->list = arc_list_start(t->p->bus, path, NULL, 0, on_item, on_items, t, &e);
    if (!t->list)
        fail_check(t, &e);
}

static void on_type(void *user, const arc_type *type, const lb_error *err)
{
    target *t = user;
    if (!type) {
        fail_check(t, err);
        return;
    }
    t->src.type_name = lb_arena_strdup(&t->arena, type->name, strlen(type->name));
    if (!type->serie_id) {
        set_detail(t, type->name);
        conclude(t, LB_ARCHIVE_NO_SERIES);
        return;
    }
    lb_archive_check *c = check_of(t);
    free(c->serie_id);
    free(c->serie_name);
    c->serie_id = arc_strdup(type->serie_id);
    c->serie_name = arc_strdup(type->serie_name);
    lb_error e;
    if (arc_cache_serie(t->p->cache, type->serie_id, on_serie, t, &e) != LB_OK)
        fail_check(t, &e);
}

static void ask_type(target *t, bool dossier_type, const char *type_id)
{
    lb_error e;
    if (arc_cache_type(t->p->cache, dossier_type, type_id, on_type, t, &e) != LB_OK)
        fail_check(t, &e);
}

/* ---- an agenda item's meeting ---- */

static void on_parent(void *user, const lb_response *resp)
{
    target *t = user;
    t->req = NULL;
    lb_error err = resp->err;
    if (err.status != LB_OK ||
        lb_meeting_parse(resp->body, resp->body_len, &t->arena, &t->meeting, &err) != LB_OK) {
        fail_check(t, &err);
        return;
    }
    arc_source_of_meeting(&t->src, &t->meeting);
    ask_type(t, false, t->meeting.type_id);
}

/* ---- the record ---- */

static void on_record(void *user, const lb_response *resp)
{
    target *t = user;
    t->req = NULL;
    lb_archive_check *c = check_of(t);
    lb_error err = resp->err;
    const char *name = NULL, *etag = NULL, *dav = NULL;
    int statecode = 0;
    if (err.status == LB_OK) {
        switch (t->kind) {
        case LB_ARCHIVE_MEETING:
            if (lb_meeting_parse(resp->body, resp->body_len, &t->arena, &t->meeting, &err) ==
                LB_OK) {
                const lb_meeting *m = &t->meeting;
                name = m->name, etag = m->etag, dav = m->dav_dossier_id;
                statecode = m->statecode;
                c->documents = (size_t)m->document_count;
                t->src.name = m->name;
                t->src.type_name = m->type_name;
                arc_source_of_meeting(&t->src, m);
            }
            break;
        case LB_ARCHIVE_AGENDA_ITEM:
            if (lb_agenda_item_parse(resp->body, resp->body_len, &t->arena, &t->item, &err) ==
                LB_OK) {
                const lb_agenda_item *it = &t->item;
                name = it->title, etag = it->etag, dav = it->dav_dossier_id;
                statecode = it->statecode;
                c->documents = (size_t)it->document_count;
                t->src.name = it->title;
                t->src.item_number = it->number;
                t->src.department = it->department;
            }
            break;
        case LB_ARCHIVE_DOSSIER:
            if (lb_dossier_parse(resp->body, resp->body_len, &t->arena, &t->dossier, &err) ==
                LB_OK) {
                const lb_dossier *d = &t->dossier;
                name = d->name, etag = d->etag, dav = d->dav_dossier_id;
                statecode = d->statecode;
                c->documents = (size_t)d->document_count;
                t->src.name = d->name;
                t->src.number = d->number;
                t->src.type_name = d->type_name;
                t->src.department = d->department;
                t->src.begin = d->opened_on;
                t->src.end = d->closed_on;
            }
            break;
        }
    }
    if (err.status != LB_OK) {
        fail_check(t, &err);
        return;
    }
    free(c->name);
    free(c->etag);
    c->name = arc_strdup(name);
    c->etag = arc_strdup(etag);
    if ((name && !c->name) || (etag && !c->etag)) {
        fail_nomem(t);
        return;
    }
    if (dav) {
        c->dav_dossier_id = arc_strdup(dav);
        conclude(t, LB_ARCHIVE_ALREADY_ARCHIVED);
        return;
    }
    if (statecode == 0) {
        conclude(t, LB_ARCHIVE_STILL_ACTIVE);
        return;
    }
    if (t->etag_seen && etag && strcmp(t->etag_seen, etag) != 0) {
        conclude(t, LB_ARCHIVE_CHANGED);
        return;
    }
    switch (t->kind) {
    case LB_ARCHIVE_MEETING: ask_type(t, false, t->meeting.type_id); break;
    case LB_ARCHIVE_DOSSIER: ask_type(t, true, t->dossier.type_id); break;
    case LB_ARCHIVE_AGENDA_ITEM: {
        const char *path[] = {"crm", "meetings", t->item.meeting_id, NULL};
        lb_request_spec spec = {.method = "GET", .path = path};
        t->req = lb_bus_send(t->p->bus, &spec, on_parent, t, &err);
        if (!t->req)
            fail_check(t, &err);
        break;
    }
    }
}

static void start_target(target *t)
{
    lb_archive_preflight *p = t->p;
    p->running++;
    t->started = true;
    lb_arena_init(&t->arena, 4096);
    t->src.kind = t->kind;
    t->src.id = t->id;
    t->src.begin = t->src.end = LB_TIME_NULL;
    const char *path[] = {"crm", arc_collection(t->kind), t->id, NULL};
    lb_request_spec spec = {.method = "GET", .path = path};
    lb_error err;
    t->req = lb_bus_send(p->bus, &spec, on_record, t, &err);
    if (!t->req)
        fail_check(t, &err);
}

static void start_next(lb_archive_preflight *p)
{
    while (p->running < p->window && p->next < p->count)
        start_target(&p->targets[p->next++]);
}

lb_archive_preflight *lb_archive_preflight_start(lb_bus *bus, const lb_archive_target *targets,
                                                 size_t count, lb_archive_progress_fn progress,
                                                 lb_archive_preflight_fn done, void *user,
                                                 lb_error *err)
{
    lb_archive_preflight *p = calloc(1, sizeof *p);
    if (!p)
        goto nomem;
    p->bus = bus;
    p->count = count;
    p->progress = progress;
    p->finished = done;
    p->user = user;
    int conc = lb_transport_concurrency(lb_bus_transport(bus));
    p->window = (size_t)(conc > 0 ? conc : 1) * 2;
    p->cache = arc_cache_new(bus);
    p->targets = calloc(count ? count : 1, sizeof *p->targets);
    p->checks = calloc(count ? count : 1, sizeof *p->checks);
    if (!p->cache || !p->targets || !p->checks)
        goto nomem;
    for (size_t i = 0; i < count; i++) {
        target *t = &p->targets[i];
        t->p = p;
        t->index = i;
        t->kind = targets[i].kind;
        t->id = arc_strdup(targets[i].id);
        t->etag_seen = arc_strdup(targets[i].etag);
        p->checks[i].kind = t->kind;
        p->checks[i].id = arc_strdup(targets[i].id);
        if (!t->id || !p->checks[i].id || (targets[i].etag && !t->etag_seen))
            goto nomem;
    }
    p->timer = lb_timer_add(lb_bus_transport(bus), 0, end_all, p);
    if (!p->timer)
        goto nomem;
    return p;
nomem:
    lb_archive_preflight_free(p);
    lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
    return NULL;
}

void lb_archive_preflight_free(lb_archive_preflight *p)
{
    if (!p)
        return;
    if (p->timer)
        lb_timer_cancel(lb_bus_transport(p->bus), p->timer);
    for (size_t i = 0; p->targets && i < p->count; i++) {
        target *t = &p->targets[i];
        lb_request_cancel(t->req);
        arc_list_cancel(t->list);
        if (t->started && !t->finished)
            lb_arena_done(&t->arena);
        free(t->active_item);
        free(t->id);
        free(t->etag_seen);
    }
    /* Cache callbacks never run after this: the cache goes with them. */
    arc_cache_free(p->cache);
    for (size_t i = 0; p->checks && i < p->count; i++) {
        lb_archive_check *c = &p->checks[i];
        free(c->id);
        free(c->name);
        free(c->detail);
        free(c->serie_id);
        free(c->serie_name);
        free(c->etag);
        free(c->dav_dossier_id);
    }
    free(p->targets);
    free(p->checks);
    free(p);
}
