/* bus.h — requests to the LB-bus over a transport: credentials and the
 * bus's headers, both error shapes turned into lb_error, retries as timers in
 * the same event loop, and a throttle state the UI can show ("bus busy,
 * retry in N s"). At most the profile's concurrency requests are in flight;
 * the rest wait in order, and new ones also wait while the bus throttles.
 * Callbacks may send and cancel requests, but never free the bus. */
#ifndef LB_BUS_H
#define LB_BUS_H

#include <stdbool.h>
#include <stddef.h>

#include "client/lb_config.h"
#include "client/lb_error.h"
#include "client/transport.h"

typedef struct lb_bus lb_bus;
typedef struct lb_request lb_request;

/* The retry policy. Retry-After is honoured up to RETRY_AFTER_CAP_S (plus a
 * little jitter so that many clients do not come back at the same instant). */
typedef struct {
    int max_attempts;       /* first try included; 1 disables retries */
    long backoff_ms;        /* first backoff of a retried failure; doubles each time */
    long backoff_max_ms;    /* cap of one backoff */
    long retry_after_cap_s; /* a longer Retry-After is cut to this */
} lb_retry_policy;

/* 4 attempts, 250 ms doubling up to 8 s, Retry-After capped at 120 s. */
void lb_retry_policy_default(lb_retry_policy *p);

/* Called when the throttle state changes: THROTTLED with the seconds until
 * requests go out again, then once more with false when it is over. */
typedef void (*lb_throttle_fn)(void *user, bool throttled, long seconds);

/* A bus for PROFILE over T (not owned; it must outlive the bus). Reads the
 * bearer token (token_file, or the demo token_value) and the subscription key
 * (subscription_key_file, when set) now; the process stays non-dumpable
 * while they are held (lb_bus_free wipes them and restores it). */
lb_bus *lb_bus_new(const lb_profile *profile, lb_transport *t, lb_error *err);
/* Cancels every request (no callbacks) and wipes the secrets. NULL is fine. */
void lb_bus_free(lb_bus *bus);

void lb_bus_set_retry_policy(lb_bus *bus, const lb_retry_policy *p);
void lb_bus_set_throttle_fn(lb_bus *bus, lb_throttle_fn fn, void *user);
lb_transport *lb_bus_transport(const lb_bus *bus);
/* The profile's page size (Prefer: odata.maxpagesize). */
int lb_bus_page_size(const lb_bus *bus);
/* Milliseconds until the throttle lifts; 0 when not throttled. */
long lb_bus_throttled_ms(const lb_bus *bus);

typedef struct {
    const char *method; /* GET, POST, PUT, PATCH, DELETE */
    /* Either path segments (NULL-terminated, each encoded whole: ids are safe
     * here) plus QUERY, or LINK, a root-relative link from the bus (a next
     * page) that is used unchanged. */
    const char *const *path;
    const lb_query_param *query;
    size_t query_count;
    const char *link;
    const void *body; /* JSON unless CONTENT_TYPE says otherwise; copied */
    size_t body_len;
    const char *content_type;    /* default "application/json" when there is a body */
    const char *if_match;        /* an ETag; makes a write safe to retry */
    const char *idempotency_key; /* makes a write safe to retry */
    /* The server dedupes this write by a key in its body (the DAV create
     * keyed by bronId): safe to retry. */
    bool idempotent;
    int max_page_size;          /* > 0: Prefer: odata.maxpagesize=N */
    bool return_representation; /* Prefer: return=representation */
    size_t max_body_bytes;      /* 0: the transport's default */
    /* On a new connection, so that libcurl never resends it by itself
     * after a reused connection died (a write that is not idempotent). */
    bool fresh_connection;
    /* Instead of BODY: the file's bytes, streamed while they are sent, with
     * CONTENT_TYPE; UPLOAD_PROGRESS (may be NULL) follows them. */
    const char *body_path;
    void (*upload_progress)(void *user, long long sent, long long total);
    void *progress_user;
    /* A 2xx body goes to this file as it arrives (lb_transfer_spec.sink);
     * not copied: it must live until DONE runs or the request is cancelled. */
    lb_body_sink *sink;
} lb_request_spec;

/* The answer. Pointers are valid during the callback only. */
typedef struct {
    lb_error err;    /* LB_OK on 2xx; otherwise the mapped error and message */
    int http_status; /* 0 when no answer came */
    const char *body;
    size_t body_len;
    const char *etag, *location, *content_type; /* or NULL */
    const char *error_code;                     /* the server's error code, or NULL */
    long retry_after_s;                         /* -1 when absent */
    int attempts;                               /* tries made, the first included */
} lb_response;

typedef void (*lb_response_fn)(void *user, const lb_response *resp);

/* Queues a request; DONE runs later from the event loop, once, unless the
 * request is cancelled. NULL (ERR filled, DONE never runs) when the spec is
 * refused before anything is sent: a header value with CR/LF, a bad path
 * segment, a link off the bus. The handle is valid until DONE starts. */
lb_request *lb_bus_send(lb_bus *bus, const lb_request_spec *spec, lb_response_fn done, void *user,
                        lb_error *err);
/* True while REQ is on the wire (not waiting for room, the throttle, or a
 * retry timer). */
bool lb_request_sent(const lb_request *req);
/* Stops REQ (in flight, waiting, or waiting to retry); DONE never runs. */
void lb_request_cancel(lb_request *req);

/* True for requests the policy may repeat after a failure: GET, and writes
 * that carry If-Match or an Idempotency-Key or are marked idempotent. */
bool lb_request_spec_idempotent(const lb_request_spec *spec);

/* Fills ERR from an error answer: the Dataverse shape
 * {"error":{"code","message"}} or the gateway shape {"statusCode","message"};
 * status from lb_status_from_http, detail the server's message made
 * printable (and with the SECRETS, a NULL-terminated list, blanked out should
 * they appear). A body of neither shape still gives a clear error. CODE (may
 * be NULL) receives the server's error code, or "" when none. */
void lb_bus_error_from_answer(int http_status, const char *body, size_t len,
                              const char *const *secrets, char *code, size_t code_size,
                              lb_error *err);

/* Copies the UTF-8 text S[0..LEN) into OUT (SIZE bytes, NUL-terminated)
 * keeping only printable characters: control characters (C0, DEL, C1), bidi
 * and zero-width formatting become a space or vanish, invalid UTF-8 becomes
 * '?'. Never cuts a character in half. */
void lb_printable_copy(char *out, size_t size, const char *s, size_t len);

#endif
