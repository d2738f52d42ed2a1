/* archive_cache.c — meeting types, dossier types and DAV series (with their
 * extensions), each asked of the bus once however many records need it:
 * callers that come while it loads wait for the same answer. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "client/archive_internal.h"

typedef enum { E_MEETING_TYPE, E_DOSSIER_TYPE, E_SERIE } entry_kind;

typedef struct waiter {
    arc_type_fn type_fn;
    arc_serie_fn serie_fn;
    void *user;
    struct waiter *next;
} waiter;

typedef struct entry {
    arc_cache *cache;
    entry_kind kind;
    char *id;
    bool ready;
    int pending;            /* requests still out */
    lb_request *req[2];     /* a series needs /get and /extensions */
    lb_error err;           /* the first failure */
    unsigned long timer;    /* serves waiters of a ready entry */
    waiter *waiters, *tail; /* owned */
    arc_type type;          /* strings in arena */
    arc_serie serie;        /* strings and exts in arena */
    lb_arena arena;
    struct entry *next;
} entry;

struct arc_cache {
    lb_bus *bus;
    entry *entries; /* owned */
};

arc_cache *arc_cache_new(lb_bus *bus)
{
    arc_cache *c = calloc(1, sizeof *c);
    if (c)
        c->bus = bus;
    return c;
}

static void entry_free(entry *e)
{
    for (int i = 0; i < 2; i++)
        lb_request_cancel(e->req[i]);
    if (e->timer)
        lb_timer_cancel(lb_bus_transport(e->cache->bus), e->timer);
    for (waiter *w = e->waiters, *n; w; w = n) {
        n = w->next;
        free(w);
    }
    lb_arena_done(&e->arena);
    free(e->id);
    free(e);
}

void arc_cache_free(arc_cache *c)
{
    if (!c)
        return;
    for (entry *e = c->entries, *n; e; e = n) {
        n = e->next;
        entry_free(e);
    }
    free(c);
}

static void unlink_entry(entry *e)
{
    for (entry **pp = &e->cache->entries; *pp; pp = &(*pp)->next)
        if (*pp == e) {
            *pp = e->next;
            return;
        }
}

/* Calls every waiter once. A failed entry leaves the cache first, so that a
 * waiter asking again starts a new load. */
static void serve(entry *e)
{
    waiter *w = e->waiters;
    e->waiters = e->tail = NULL;
    bool failed = !e->ready;
    if (failed)
        unlink_entry(e);
    for (waiter *n; w; w = n) {
        n = w->next;
        if (w->type_fn)
            w->type_fn(w->user, failed ? NULL : &e->type, failed ? &e->err : NULL);
        else
            w->serie_fn(w->user, failed ? NULL : &e->serie, failed ? &e->err : NULL);
        free(w);
    }
    if (failed)
        entry_free(e);
}

static void on_timer(void *user)
{
    entry *e = user;
    e->timer = 0;
    serve(e);
}

static char *keep(entry *e, const char *s)
{
    return s ? lb_arena_strdup(&e->arena, s, strlen(s)) : NULL;
}

static void loaded(entry *e, const lb_error *err)
{
    if (err && e->err.status == LB_OK)
        e->err = *err;
    if (--e->pending > 0)
        return;
    e->ready = e->err.status == LB_OK;
    serve(e);
}

static void on_type(void *user, const lb_response *resp)
{
    entry *e = user;
    e->req[0] = NULL;
    lb_error err = resp->err;
    if (err.status == LB_OK) {
        if (e->kind == E_MEETING_TYPE) {
            lb_meeting_type t;
            if (lb_meeting_type_parse(resp->body, resp->body_len, &e->arena, &t, &err) == LB_OK)
                e->type = (arc_type){false, t.id, t.name, t.dav_series_id, t.dav_series_name};
        } else {
            lb_dossier_type t;
            if (lb_dossier_type_parse(resp->body, resp->body_len, &e->arena, &t, &err) == LB_OK)
                e->type = (arc_type){true, t.id, t.name, t.dav_series_id, t.dav_series_name};
        }
    }
    loaded(e, err.status == LB_OK ? NULL : &err);
}

static void on_serie(void *user, const lb_response *resp)
{
    entry *e = user;
    e->req[0] = NULL;
    lb_error err = resp->err;
    lb_dav_serie s;
    if (err.status == LB_OK &&
        lb_dav_serie_parse(resp->body, resp->body_len, &e->arena, &s, &err) == LB_OK) {
        e->serie.id = s.id;
        e->serie.naam = s.naam;
        e->serie.geldig_van = s.geldig_van;
        e->serie.geldig_tot = s.geldig_tot;
    }
    loaded(e, err.status == LB_OK ? NULL : &err);
}

static void on_extensions(void *user, const lb_response *resp)
{
    entry *e = user;
    e->req[1] = NULL;
    lb_error err = resp->err;
    lb_page page;
    lb_page_init(&page);
    if (err.status == LB_OK &&
        lb_page_parse_dav_extensions(resp->body, resp->body_len, &page, &err) == LB_OK) {
        const lb_dav_extension *x = lb_page_dav_extensions(&page);
        arc_ext_def *defs =
            page.count ? lb_arena_alloc(&e->arena, page.count * sizeof *defs) : NULL;
        if (page.count && !defs) {
            lb_error_set(&err, LB_ERR_NOMEM, 0, NULL);
        } else {
            for (size_t i = 0; i < page.count; i++)
                defs[i] = (arc_ext_def){keep(e, x[i].naam), keep(e, x[i].niveau),
                                        keep(e, x[i].type), x[i].verplicht};
            e->serie.exts = defs;
            e->serie.ext_count = page.count;
        }
    }
    lb_page_done(&page);
    loaded(e, err.status == LB_OK ? NULL : &err);
}

static lb_status load(entry *e, lb_error *err)
{
    lb_bus *bus = e->cache->bus;
    if (e->kind == E_SERIE) {
        static const char *const get[] = {"dav", "series", "get", NULL};
        static const char *const ext[] = {"dav", "series", "extensions", NULL};
        cJSON *o = cJSON_CreateObject();
        char *body =
            o && cJSON_AddStringToObject(o, "id", e->id) ? cJSON_PrintUnformatted(o) : NULL;
        cJSON_Delete(o);
        if (!body)
            return lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        lb_request_spec spec = {.method = "POST",
                                .path = get,
                                .body = body,
                                .body_len = strlen(body),
                                .idempotent = true};
        e->req[0] = lb_bus_send(bus, &spec, on_serie, e, err);
        spec.path = ext;
        e->req[1] = e->req[0] ? lb_bus_send(bus, &spec, on_extensions, e, err) : NULL;
        free(body);
        if (!e->req[1])
            return err->status;
        e->pending = 2;
        return LB_OK;
    }
    const char *path[] = {"crm", e->kind == E_MEETING_TYPE ? "meetingtypes" : "dossiertypes", e->id,
                          NULL};
    lb_request_spec spec = {.method = "GET", .path = path};
    e->req[0] = lb_bus_send(bus, &spec, on_type, e, err);
    if (!e->req[0])
        return err->status;
    e->pending = 1;
    return LB_OK;
}

static lb_status ask(arc_cache *c, entry_kind kind, const char *id, waiter w, lb_error *err)
{
    entry *e = c->entries;
    while (e && (e->kind != kind || strcmp(e->id, id) != 0))
        e = e->next;
    bool fresh = !e;
    if (fresh) {
        e = calloc(1, sizeof *e);
        if (!e || !(e->id = strdup(id))) {
            free(e);
            return lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        }
        e->cache = c;
        e->kind = kind;
        lb_arena_init(&e->arena, 2048);
    }
    waiter *nw = malloc(sizeof *nw);
    if (!nw) {
        if (fresh)
            entry_free(e);
        return lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
    }
    *nw = w;
    nw->next = NULL;
    if (fresh && load(e, err) != LB_OK) {
        free(nw);
        entry_free(e);
        return err->status;
    }
    if (fresh) {
        e->next = c->entries;
        c->entries = e;
    }
    if (e->tail)
        e->tail->next = nw;
    else
        e->waiters = nw;
    e->tail = nw;
    if (e->ready && !e->timer) {
        e->timer = lb_timer_add(lb_bus_transport(c->bus), 0, on_timer, e);
        if (!e->timer) {
            e->waiters = e->waiters == nw ? NULL : e->waiters;
            /* Only a fresh waiter can be the sole one here: drop it. */
            if (!e->waiters)
                e->tail = NULL;
            free(nw);
            return lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        }
    }
    return LB_OK;
}

lb_status arc_cache_type(arc_cache *c, bool dossier_type, const char *id, arc_type_fn fn,
                         void *user, lb_error *err)
{
    return ask(c, dossier_type ? E_DOSSIER_TYPE : E_MEETING_TYPE, id,
               (waiter){.type_fn = fn, .user = user}, err);
}

lb_status arc_cache_serie(arc_cache *c, const char *id, arc_serie_fn fn, void *user, lb_error *err)
{
    return ask(c, E_SERIE, id, (waiter){.serie_fn = fn, .user = user}, err);
}
