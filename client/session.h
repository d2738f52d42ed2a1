/* session.h — who the user is, asked once per session (GET /crm/whoami) and
 * kept: the roles decide which actions a view offers. */
#ifndef LB_SESSION_H
#define LB_SESSION_H

#include "client/bus.h"
#include "client/records.h"

typedef struct lb_session lb_session;

/* Runs when the answer is known: ERR->status LB_OK and WHO set, or the error
 * (WHO NULL). WHO stays valid until lb_session_forget or lb_session_free. */
typedef void (*lb_session_fn)(void *user, const lb_whoami *who, const lb_error *err);

/* A session over BUS (not owned). Asks nothing yet. */
lb_session *lb_session_new(lb_bus *bus, lb_error *err);
/* Cancels a pending load (its callbacks do not run) and frees S. */
void lb_session_free(lb_session *s);

/* Gets whoami: the first call sends the request, calls while it is on the
 * way wait for the same answer, later calls are served from the cache. FN
 * always runs later from the event loop, never inside this call. */
lb_status lb_session_whoami(lb_session *s, lb_session_fn fn, void *user, lb_error *err);
/* The cached answer, or NULL while none. */
const lb_whoami *lb_session_cached(const lb_session *s);
/* How many times whoami was asked of the bus (for tests and logs). */
unsigned lb_session_requests(const lb_session *s);
/* Drops the cache (after a 401, or a switch of profile); the next
 * lb_session_whoami asks again. A pending load is cancelled without
 * callbacks. */
void lb_session_forget(lb_session *s);

#endif
