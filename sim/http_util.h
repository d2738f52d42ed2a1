/* http_util.h — filling a response: JSON bodies, the two error shapes of the
 * bus, headers; reading request headers and query arguments. */
#ifndef LB_SIM_HTTP_UTIL_H
#define LB_SIM_HTTP_UTIL_H

#include <cjson/cJSON.h>

#include "sim/sim.h"

/* Takes ownership of JSON (deleted here). */
void sim_resp_json(sim_resp *rs, unsigned status, cJSON *json);
void sim_resp_bytes(sim_resp *rs, unsigned status, const char *ctype, const void *data, size_t n);
void sim_resp_empty(sim_resp *rs, unsigned status);
/* Dataverse shape {"error":{"code","message"}}. */
void sim_resp_error(sim_resp *rs, unsigned status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Azure API Management shape {"statusCode","message"}. */
void sim_resp_gateway(sim_resp *rs, unsigned status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void sim_resp_header(sim_resp *rs, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void sim_resp_done(sim_resp *rs);

/* Common errors, worded the way the contract shows them. */
void sim_err_bad_request(sim_resp *rs, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sim_err_missing_role(sim_resp *rs, const char *role);
void sim_err_not_found(sim_resp *rs, const char *label, const char *id);
void sim_err_stale(sim_resp *rs);

/* A static string for MIME type MIME (one of the types the simulator
 * stores), or "application/octet-stream". */
const char *sim_static_mime(const char *mime);

const char *sim_req_header(const sim_req *rq, const char *name);
const char *sim_req_arg(const sim_req *rq, const char *name);
/* True when If-Match is absent, "*", or names ROWVERSION. */
bool sim_if_match_ok(const sim_req *rq, long long rowversion);
/* True when Prefer asks for return=representation. */
bool sim_prefer_representation(const sim_req *rq);

#endif
