/* simtest.h — small helpers shared by the lbbus-sim tests: one request with
 * the answer parsed as JSON, and lookups by a dotted path. */
#ifndef LB_SIMTEST_H
#define LB_SIMTEST_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "tests/sim_harness.h"

/* Starts a simulator or bails out of the whole test. */
void st_start(lb_test_sim *sim, const char *const *extra_args);
/* Stops it and checks the clean exit (one TAP check). */
void st_stop(lb_test_sim *sim);

/* One exchange; the answer's body parsed into *JSON when it is JSON (NULL
 * otherwise; the caller deletes it). Returns the HTTP status, or -1 when
 * no answer came. HEADERS may be NULL. RESP, when not NULL, receives the raw
 * response (the caller frees it with lb_test_response_done). */
long st_req(const lb_test_sim *sim, const char *method, const char *path, const char *token,
            const char *const *headers, const char *body, cJSON **json, lb_test_response *resp);
/* Just the status. */
long st_status(const lb_test_sim *sim, const char *method, const char *path, const char *token,
               const char *const *headers, const char *body);

/* The value at PATH ("value.0.id", "error.code") or NULL. */
const cJSON *st_at(const cJSON *root, const char *path);
const char *st_str(const cJSON *root, const char *path);
double st_num(const cJSON *root, const char *path, double fallback);
/* The Dataverse error code of an error body, or "". */
const char *st_code(const cJSON *root);

/* printf into a static rotating buffer (for paths and bodies). */
const char *st_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
