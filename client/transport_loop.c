/* transport_loop.c — the event loop side: curl's socket and timer
 * callbacks, our own timers, and the poll() helpers built on them. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "client/transport_internal.h"
#include "i18n/i18n.h"

/* ---- curl's socket and timer callbacks ---- */

int lb_transport_on_socket(CURL *easy, curl_socket_t s, int what, void *userp, void *socketp)
{
    (void)easy;
    (void)socketp;
    lb_transport *t = userp;
    size_t i = 0;
    while (i < t->nsocks && t->socks[i].fd != s)
        i++;
    if (what == CURL_POLL_REMOVE) {
        if (i < t->nsocks)
            t->socks[i] = t->socks[--t->nsocks];
        return 0;
    }
    if (i == t->nsocks) {
        if (t->nsocks == t->capsocks) {
            size_t cap = t->capsocks ? t->capsocks * 2 : 8;
            struct pollfd *p = realloc(t->socks, cap * sizeof *p);
            if (!p)
                return -1;
            t->socks = p;
            t->capsocks = cap;
        }
        t->nsocks++;
    }
    short ev = 0;
    if (what == CURL_POLL_IN || what == CURL_POLL_INOUT)
        ev |= POLLIN;
    if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT)
        ev |= POLLOUT;
    t->socks[i] = (struct pollfd){.fd = s, .events = ev};
    return 0;
}

int lb_transport_on_timer(CURLM *multi, long timeout_ms, void *userp)
{
    (void)multi;
    lb_transport *t = userp;
    t->curl_deadline = timeout_ms < 0 ? -1 : lb_now_ms() + timeout_ms;
    return 0;
}

/* ---- timers ---- */

unsigned long lb_timer_add(lb_transport *t, long delay_ms, lb_timer_fn fn, void *user)
{
    if (t->ntimers == t->captimers) {
        size_t cap = t->captimers ? t->captimers * 2 : 8;
        lb_timer *p = realloc(t->timers, cap * sizeof *p);
        if (!p)
            return 0;
        t->timers = p;
        t->captimers = cap;
    }
    unsigned long id = t->next_timer_id++;
    t->timers[t->ntimers++] = (lb_timer){
        .id = id, .due = lb_now_ms() + (delay_ms > 0 ? delay_ms : 0), .fn = fn, .user = user};
    return id;
}

void lb_timer_cancel(lb_transport *t, unsigned long id)
{
    for (size_t i = 0; i < t->ntimers; i++)
        if (t->timers[i].id == id) {
            t->timers[i] = t->timers[--t->ntimers];
            return;
        }
}

/* Fires the due timers that existed when it started (a timer that adds a
 * zero-delay timer must not spin here). */
static void run_timers(lb_transport *t)
{
    unsigned long limit = t->next_timer_id;
    for (;;) {
        long long now = lb_now_ms();
        size_t best = t->ntimers;
        for (size_t i = 0; i < t->ntimers; i++)
            if (t->timers[i].id < limit && t->timers[i].due <= now &&
                (best == t->ntimers || t->timers[i].due < t->timers[best].due))
                best = i;
        if (best == t->ntimers)
            return;
        lb_timer tm = t->timers[best];
        t->timers[best] = t->timers[--t->ntimers];
        tm.fn(tm.user);
    }
}

/* ---- the event loop API ---- */

/* ---- watched fds ---- */

unsigned long lb_watch_add(lb_transport *t, int fd, lb_watch_fn fn, void *user)
{
    if (t->nwatches == t->capwatches) {
        size_t cap = t->capwatches ? t->capwatches * 2 : 4;
        lb_watch *p = realloc(t->watches, cap * sizeof *p);
        if (!p)
            return 0;
        t->watches = p;
        t->capwatches = cap;
    }
    t->watches[t->nwatches++] = (lb_watch){++t->next_watch_id, fd, fn, user};
    return t->next_watch_id;
}

void lb_watch_remove(lb_transport *t, unsigned long id)
{
    for (size_t i = 0; i < t->nwatches; i++)
        if (t->watches[i].id == id) {
            t->watches[i] = t->watches[--t->nwatches];
            return;
        }
}

/* The watch on FD, or NULL when FD is one of curl's sockets. */
static const lb_watch *watch_of(const lb_transport *t, int fd)
{
    for (size_t i = 0; i < t->nwatches; i++)
        if (t->watches[i].fd == fd)
            return &t->watches[i];
    return NULL;
}

size_t lb_transport_fds(const lb_transport *t, struct pollfd *fds, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < t->nsocks; i++, n++)
        if (n < max)
            fds[n] = t->socks[i];
    for (size_t i = 0; i < t->nwatches; i++, n++)
        if (n < max)
            fds[n] = (struct pollfd){.fd = t->watches[i].fd, .events = POLLIN};
    return n;
}

int lb_transport_timeout_ms(const lb_transport *t)
{
    long long due = t->curl_deadline;
    for (size_t i = 0; i < t->ntimers; i++)
        if (due < 0 || t->timers[i].due < due)
            due = t->timers[i].due;
    if (due < 0)
        return -1;
    long long left = due - lb_now_ms();
    if (left <= 0)
        return 0;
    return left > 60000 ? 60000 : (int)left;
}

void lb_transport_on_ready(lb_transport *t, int fd, short revents)
{
    const lb_watch *w = watch_of(t, fd);
    if (w) {
        w->fn(w->user); /* may remove the watch: W is not used after */
        return;
    }
    int mask = 0, running;
    if (revents & POLLIN)
        mask |= CURL_CSELECT_IN;
    if (revents & POLLOUT)
        mask |= CURL_CSELECT_OUT;
    if (revents & (POLLERR | POLLHUP | POLLNVAL))
        mask |= CURL_CSELECT_ERR;
    curl_multi_socket_action(t->multi, fd, mask, &running);
    lb_transport_process_messages(t);
}

void lb_transport_on_timeout(lb_transport *t)
{
    int running;
    if (t->curl_deadline >= 0 && t->curl_deadline <= lb_now_ms()) {
        t->curl_deadline = -1;
        curl_multi_socket_action(t->multi, CURL_SOCKET_TIMEOUT, 0, &running);
    }
    lb_transport_process_messages(t);
    run_timers(t);
    lb_transport_process_messages(t);
}

void lb_transport_dispatch(lb_transport *t, const struct pollfd *fds, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (fds[i].revents)
            lb_transport_on_ready(t, fds[i].fd, fds[i].revents);
    lb_transport_on_timeout(t);
}

bool lb_transport_idle(const lb_transport *t)
{
    return t->nactive == 0 && t->ntimers == 0 && t->nwatches == 0;
}

lb_status lb_transport_run_until(lb_transport *t, const bool *flag, int timeout_ms, lb_error *err)
{
    /* a negative TIMEOUT_MS waits as long as it takes (scripts, cron) */
    long long deadline = timeout_ms < 0 ? LLONG_MAX : lb_now_ms() + timeout_ms;
    struct pollfd *fds = NULL;
    size_t cap = 0;
    lb_status st = LB_OK;
    while (!(flag && *flag) && !lb_transport_idle(t)) {
        long long left = deadline - lb_now_ms();
        if (left <= 0) {
            st = lb_error_set(err, LB_ERR_TIMEOUT, 0, _("Still busy after %d ms."), timeout_ms);
            break;
        }
        size_t n = lb_transport_fds(t, fds, cap);
        if (n > cap) {
            struct pollfd *p = realloc(fds, n * sizeof *p);
            if (!p) {
                st = lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
                break;
            }
            fds = p;
            cap = n;
            n = lb_transport_fds(t, fds, cap);
        }
        int wait = lb_transport_timeout_ms(t);
        if (wait < 0 || wait > left)
            wait = (int)(left > 60000 ? 60000 : left);
        int r = poll(fds, n, wait);
        if (r < 0 && errno != EINTR) {
            st = lb_error_set(err, LB_ERR_NETWORK, 0, "poll: %s", strerror(errno));
            break;
        }
        if (r <= 0)
            for (size_t i = 0; i < n; i++)
                fds[i].revents = 0;
        lb_transport_dispatch(t, fds, n);
    }
    free(fds);
    return st;
}

lb_status lb_transport_run_until_idle(lb_transport *t, int timeout_ms, lb_error *err)
{
    return lb_transport_run_until(t, NULL, timeout_ms, err);
}
