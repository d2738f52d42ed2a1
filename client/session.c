/* session.c — one whoami per session, shared by everyone who asks. */
#include "config.h"

#include <stdlib.h>

#include "client/session.h"

typedef struct {
    lb_session_fn fn;
    void *user;
} waiter;

struct lb_session {
    lb_bus *bus;
    lb_request *req;
    unsigned long flush_timer; /* serves waiters from the cache */
    waiter *waiters;           /* owned array */
    size_t nwaiters, capwaiters;
    bool loaded;
    lb_whoami who;
    lb_arena arena; /* owns who's strings */
    unsigned requests;
};

lb_session *lb_session_new(lb_bus *bus, lb_error *err)
{
    lb_session *s = calloc(1, sizeof *s);
    if (!s) {
        lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        return NULL;
    }
    s->bus = bus;
    lb_arena_init(&s->arena, 4096);
    return s;
}

void lb_session_forget(lb_session *s)
{
    lb_request_cancel(s->req);
    s->req = NULL;
    if (s->flush_timer)
        lb_timer_cancel(lb_bus_transport(s->bus), s->flush_timer);
    s->flush_timer = 0;
    s->nwaiters = 0;
    s->loaded = false;
    lb_arena_done(&s->arena);
    lb_arena_init(&s->arena, 4096);
}

void lb_session_free(lb_session *s)
{
    if (!s)
        return;
    lb_session_forget(s);
    lb_arena_done(&s->arena);
    free(s->waiters);
    free(s);
}

const lb_whoami *lb_session_cached(const lb_session *s)
{
    return s->loaded ? &s->who : NULL;
}

unsigned lb_session_requests(const lb_session *s)
{
    return s->requests;
}

/* Calls every waiter once; waiters added meanwhile wait for the next round. */
static void serve(lb_session *s, const lb_error *err)
{
    size_t n = s->nwaiters;
    waiter *w = s->waiters;
    s->waiters = NULL;
    s->nwaiters = s->capwaiters = 0;
    for (size_t i = 0; i < n; i++)
        w[i].fn(w[i].user, s->loaded ? &s->who : NULL, err);
    free(w);
}

static void flush(void *user)
{
    lb_session *s = user;
    s->flush_timer = 0;
    lb_error ok;
    lb_error_set(&ok, LB_OK, 200, NULL);
    serve(s, &ok);
}

static void on_whoami(void *user, const lb_response *resp)
{
    lb_session *s = user;
    s->req = NULL;
    lb_error err = resp->err;
    if (err.status == LB_OK &&
        lb_whoami_parse(resp->body, resp->body_len, &s->arena, &s->who, &err) == LB_OK)
        s->loaded = true;
    serve(s, &err);
}

lb_status lb_session_whoami(lb_session *s, lb_session_fn fn, void *user, lb_error *err)
{
    if (s->nwaiters == s->capwaiters) {
        size_t cap = s->capwaiters ? s->capwaiters * 2 : 4;
        waiter *w = realloc(s->waiters, cap * sizeof *w);
        if (!w)
            return lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        s->waiters = w;
        s->capwaiters = cap;
    }
    if (s->loaded) {
        if (!s->flush_timer) {
            s->flush_timer = lb_timer_add(lb_bus_transport(s->bus), 0, flush, s);
            if (!s->flush_timer)
                return lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        }
    } else if (!s->req) {
        static const char *const path[] = {"crm", "whoami", NULL};
        lb_request_spec spec = {.method = "GET", .path = path};
        s->req = lb_bus_send(s->bus, &spec, on_whoami, s, err);
        if (!s->req)
            return err->status;
        s->requests++;
    }
    s->waiters[s->nwaiters++] = (waiter){fn, user};
    return LB_OK;
}
