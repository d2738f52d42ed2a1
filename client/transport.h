/* transport.h — HTTP for the bus over ONE libcurl multi handle that the
 * caller's event loop drives. Nothing here blocks or sleeps: the UI's single
 * poll() waits on the keyboard and on the fds this module names, then hands
 * the results back (lb_transport_on_ready / lb_transport_on_timeout). Every
 * easy handle is hardened the same way (protocols, no redirects, TLS 1.2+,
 * verification on, timeouts, low-speed abort, byte cap); connections and TLS
 * sessions are reused. Completion callbacks and timers run only from
 * lb_transport_on_ready / lb_transport_on_timeout (and what is built on them),
 * never from inside a call that starts something. A callback may start and
 * cancel transfers and timers, but never free the transport. */
#ifndef LB_TRANSPORT_H
#define LB_TRANSPORT_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>

#include "client/lb_config.h"
#include "client/lb_error.h"
#include "client/secret_file.h"

typedef struct lb_transport lb_transport;
typedef struct lb_transfer lb_transfer;

/* Asks the user (once) for the passphrase of the client key at KEY_PATH and
 * puts it into OUT (initialised). Anything but LB_OK gives up. */
typedef lb_status (*lb_passphrase_fn)(void *user, const char *key_path, lb_secret *out,
                                      lb_error *err);

typedef struct {
    long connect_timeout_ms; /* TCP + TLS handshake */
    long total_timeout_ms;   /* a whole transfer, queueing in curl included */
    long low_speed_bytes;    /* abort when slower than this many bytes/s ... */
    long low_speed_secs;     /* ... for this long */
    size_t max_body_bytes;   /* default cap of a response body */
    lb_passphrase_fn passphrase;
    void *passphrase_user;
} lb_transport_options;

/* Sensible defaults: 15 s connect, 120 s total, < 64 B/s for 30 s aborts,
 * 64 MiB per body, no passphrase callback. */
void lb_transport_options_default(lb_transport_options *o);

/* A transport for PROFILE (base_url, ca_bundle, client_cert/key, pin,
 * concurrency). OPTIONS may be NULL for the defaults. The base URL is checked
 * again here: plain http:// to anything but loopback is LB_ERR_CONFIG, before
 * any connection. An encrypted client key is opened now (the passphrase
 * callback is asked at most once); a wrong passphrase is LB_ERR_TLS. The
 * transport copies what it needs from PROFILE. */
lb_transport *lb_transport_new(const lb_profile *profile, const lb_transport_options *options,
                               lb_error *err);
/* Cancels every transfer and timer (their callbacks are not called) and frees
 * T. NULL is fine. */
void lb_transport_free(lb_transport *t);

/* ---- URLs (built with curl_url; ids are never concatenated raw) ---- */

typedef struct {
    const char *name, *value;
} lb_query_param;

/* The absolute URL of base path + SEGMENTS (NULL-terminated; each one is
 * percent-encoded whole, so "a/b" stays one segment) + the query (names and
 * values encoded). *OUT is malloc'd. */
lb_status lb_transport_url(const lb_transport *t, const char *const *segments,
                           const lb_query_param *query, size_t query_count, char **out,
                           lb_error *err);
/* LINK (a root-relative "/path?query" from the bus, e.g. @odata.nextLink)
 * joined to the base URL's scheme, host and port, its bytes unchanged. An
 * absolute link, "//host", a backslash, spaces or control bytes, or anything
 * that would leave the base host is LB_ERR_BAD_RESPONSE. *OUT is malloc'd. */
lb_status lb_transport_link_url(const lb_transport *t, const char *link, char **out, lb_error *err);

/* ---- transfers ---- */

/* A file that a 2xx answer's body goes to as it arrives, instead of memory:
 * a large attachment is never held whole. The caller owns the sink and keeps
 * it (and FD) alive until the transfer ends or is cancelled, and across
 * retries: a transfer that starts with bytes of an earlier attempt in the
 * file first cuts it back to START, so it never holds two partial copies.
 * Any other status's body (the bus's JSON error) still comes back in memory. */
typedef struct {
    int fd;            /* written, never closed, by the transport */
    long long start;   /* the offset where the body begins; -1: not seekable */
    long long written; /* bytes of the body in the file after START */
    int write_errno;   /* a failed write or cut-back (the transfer ends
                        * LB_ERR_INVALID_INPUT); 0 otherwise */
} lb_body_sink;

/* A sink that writes to FD from its current offset. */
void lb_body_sink_init(lb_body_sink *sink, int fd);

typedef struct {
    const char *method; /* GET, POST, PUT, PATCH or DELETE */
    const char *url;    /* from lb_transport_url / lb_transport_link_url */
    /* "Name: value" lines, NULL-terminated; NULL for none. A control byte
     * (CR, LF, ...) anywhere refuses the transfer with LB_ERR_INVALID_INPUT. */
    const char *const *headers;
    /* Header lines that hold a secret: sent like HEADERS, wiped after use. */
    const char *const *secret_headers;
    const void *body; /* copied; NULL for none */
    size_t body_len;
    size_t max_body_bytes; /* 0: the transport's default */
    /* A new connection: on a reused one that died libcurl resends the
     * request by itself, which a write that is not idempotent must not. */
    bool fresh_connect;
    /* Instead of BODY: the bytes of this file, read while they are sent
     * (a large attachment is never held in memory). */
    const char *body_path;
    /* Called while the body goes out: bytes sent of TOTAL (may be NULL). */
    void (*upload_progress)(void *user, long long sent, long long total);
    void *progress_user;
    /* A 2xx body goes here as it arrives (NULL: into memory). The byte cap
     * still counts every byte; the result's body is then empty. */
    lb_body_sink *sink;
} lb_transfer_spec;

/* What came back. Pointers are valid during the callback only. */
typedef struct {
    lb_error err;     /* LB_OK when an HTTP answer arrived, whatever its status */
    int http_status;  /* 0 without an answer */
    const char *body; /* NUL-terminated for convenience; never NULL */
    size_t body_len;
    const char *etag;         /* printable ASCII, or NULL */
    const char *content_type; /* printable ASCII, or NULL */
    const char *location;     /* printable ASCII, or NULL */
    long retry_after_s;       /* -1 when absent or unreadable */
    long connects;            /* new connections this transfer opened (0 on reuse) */
    int curl_code;            /* CURLcode, for logs and tests */
} lb_transfer_result;

typedef void (*lb_transfer_fn)(void *user, const lb_transfer_result *res);

/* Starts a transfer; DONE runs later from the event loop, exactly once unless
 * the transfer is cancelled. Returns NULL (and fills ERR) when the spec is
 * refused; then DONE never runs. The handle is valid until DONE starts. */
lb_transfer *lb_transfer_start(lb_transport *t, const lb_transfer_spec *spec, lb_transfer_fn done,
                               void *user, lb_error *err);
/* Stops X now; its callback never runs. X must not be used afterwards. */
void lb_transfer_cancel(lb_transfer *x);

/* ---- timers in the same loop ---- */

typedef void (*lb_timer_fn)(void *user);
/* Runs FN(USER) once, DELAY_MS from now, from lb_transport_on_timeout.
 * Returns an id > 0, or 0 when out of memory. */
unsigned long lb_timer_add(lb_transport *t, long delay_ms, lb_timer_fn fn, void *user);
/* Forgets timer ID (a fired or unknown id is fine). */
void lb_timer_cancel(lb_transport *t, unsigned long id);

/* ---- other file descriptors in the same loop ---- */

typedef void (*lb_watch_fn)(void *user);
/* Runs FN(USER) from lb_transport_on_ready whenever FD is readable, until
 * lb_watch_remove (e.g. a pipe a helper thread writes to when its work is
 * done). A watch counts as pending work for lb_transport_idle. Returns an id
 * > 0, or 0 when out of memory. */
unsigned long lb_watch_add(lb_transport *t, int fd, lb_watch_fn fn, void *user);
/* Forgets watch ID (an unknown id is fine). */
void lb_watch_remove(lb_transport *t, unsigned long id);

/* ---- the event loop API ---- */

/* Copies the sockets curl waits on and the watched fds into FDS (at most MAX)
 * with the events to poll for; returns how many there are (more than MAX:
 * call again with room). */
size_t lb_transport_fds(const lb_transport *t, struct pollfd *fds, size_t max);
/* Milliseconds until lb_transport_on_timeout is due: 0 for now, -1 when no
 * timer is pending (poll with the keyboard alone). */
int lb_transport_timeout_ms(const lb_transport *t);
/* FD became ready with REVENTS (from poll). Runs finished callbacks. */
void lb_transport_on_ready(lb_transport *t, int fd, short revents);
/* Runs whatever is due (curl's timer, lb_timer_add timers, finished
 * transfers). Calling it early is harmless. */
void lb_transport_on_timeout(lb_transport *t);
/* After a poll() over lb_transport_fds(): on_ready for every fd with
 * revents, then on_timeout. For loops that have nothing else to do. */
void lb_transport_dispatch(lb_transport *t, const struct pollfd *fds, size_t count);

/* True when no transfer, timer or watch is pending. */
bool lb_transport_idle(const lb_transport *t);
/* Blocking convenience for scripts and tests, built on the API above:
 * poll()s until idle. LB_ERR_TIMEOUT when TIMEOUT_MS passes first; a negative
 * TIMEOUT_MS has no deadline. */
lb_status lb_transport_run_until_idle(lb_transport *t, int timeout_ms, lb_error *err);
/* Like run_until_idle but stops as soon as *FLAG is true. */
lb_status lb_transport_run_until(lb_transport *t, const bool *flag, int timeout_ms, lb_error *err);

typedef struct {
    unsigned long transfers; /* finished with an HTTP answer or an error */
    unsigned long connects;  /* connections opened in total */
    size_t body_buffer_peak; /* the largest answer body buffer held in memory */
} lb_transport_stats;

void lb_transport_get_stats(const lb_transport *t, lb_transport_stats *out);
/* The profile's concurrency: the cap on connections to the bus host. */
int lb_transport_concurrency(const lb_transport *t);

/* Monotonic milliseconds (the clock of every timer here). */
long long lb_now_ms(void);

/* Keeps key material out of core dumps: PR_SET_DUMPABLE 0 while at least one
 * hold is active; the last release restores the previous setting. */
void lb_secrets_hold(void);
void lb_secrets_release(void);

#endif
