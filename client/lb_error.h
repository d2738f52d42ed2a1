/* lb_error.h — errors as values: a status, the user's sentence, and context.
 * The user reads lb_status_message() (translated); logs also get file:line. */
#ifndef LB_ERROR_H
#define LB_ERROR_H

#include "i18n/i18n.h"

/* X(name, user-facing sentence) — one list feeds the enum and the messages. */
#define LB_STATUS_LIST(X)                                                             \
    X(LB_OK, N_("Done."))                                                             \
    X(LB_ERR_NOMEM, N_("Out of memory."))                                             \
    X(LB_ERR_CONFIG, N_("The configuration is not valid."))                           \
    X(LB_ERR_SECRET_PERMS, N_("A file holding a secret can be read by others."))      \
    X(LB_ERR_NETWORK, N_("The LB-bus cannot be reached."))                            \
    X(LB_ERR_TIMEOUT, N_("The LB-bus did not answer in time."))                       \
    X(LB_ERR_TLS, N_("The secure connection to the LB-bus failed."))                  \
    X(LB_ERR_UNAUTHORIZED, N_("You are not signed in, or your sign-in has expired.")) \
    X(LB_ERR_FORBIDDEN, N_("You do not have the role this needs."))                   \
    X(LB_ERR_NOT_FOUND, N_("The record no longer exists."))                           \
    X(LB_ERR_CONFLICT, N_("The record is not in a state that allows this."))          \
    X(LB_ERR_PRECONDITION, N_("Someone else changed the record in the meantime."))    \
    X(LB_ERR_TOO_LARGE, N_("The data is too large."))                                 \
    X(LB_ERR_THROTTLED, N_("The LB-bus is busy; lbterm will try again shortly."))     \
    X(LB_ERR_UNAVAILABLE, N_("The LB-bus is temporarily unavailable."))               \
    X(LB_ERR_SERVER, N_("The LB-bus reported an internal error."))                    \
    X(LB_ERR_BAD_RESPONSE, N_("The LB-bus sent an answer lbterm cannot read."))       \
    X(LB_ERR_INVALID_INPUT, N_("The input is not valid."))                            \
    X(LB_ERR_CANCELLED, N_("Cancelled."))

/* clang-format off */
typedef enum {
#define LB_STATUS_ENUM(name, msg) name,
    LB_STATUS_LIST(LB_STATUS_ENUM)
#undef LB_STATUS_ENUM
    LB_STATUS_COUNT
} lb_status;
/* clang-format on */

/* An error with context. Embedded by value; nothing to free. */
typedef struct {
    lb_status status;
    int http_status;  /* 0 when no HTTP answer was involved */
    char detail[256]; /* sanitized server message or local context; never secrets */
    const char *file; /* where it was raised, for the log */
    int line;
} lb_error;

/* The translated sentence for STATUS (never NULL). */
const char *lb_status_message(lb_status status);

/* The status's identifier, e.g. "LB_ERR_THROTTLED", for logs and tests. */
const char *lb_status_name(lb_status status);

/* Fills ERR; DETAIL_FMT may be NULL. Returns STATUS so callers can
 * `return lb_error_set(err, ...)`. */
lb_status lb_error_set_at(lb_error *err, lb_status status, int http_status, const char *file,
                          int line, const char *detail_fmt, ...)
    __attribute__((format(printf, 6, 7)));
#define lb_error_set(err, status, http_status, ...) \
    lb_error_set_at((err), (status), (http_status), __FILE__, __LINE__, __VA_ARGS__)

/* Maps an HTTP status code to the status the user should read. */
lb_status lb_status_from_http(int http_status);

#endif
