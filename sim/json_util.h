/* json_util.h — strict reading of request bodies (cJSON alone accepts
 * trailing garbage and truncates at \u0000) and typed field access that
 * answers 400 naming the field. */
#ifndef LB_SIM_JSON_UTIL_H
#define LB_SIM_JSON_UTIL_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "sim/sim.h"

#define SIM_JSON_MAX_DEPTH 32

/* Parses the request body as one JSON object. On failure fills RS with a
 * 400 and returns NULL. The caller deletes the result. */
cJSON *sim_json_body(const sim_req *rq, sim_resp *rs);
/* 400 naming the first member of OBJ not in ALLOWED (NULL-terminated). */
bool sim_json_only(const cJSON *obj, const char *const *allowed, sim_resp *rs);
/* Member NAME as a string. Absent: *out = NULL; ok unless REQUIRED.
 * null is accepted only when NULLABLE. Wrong type: 400. */
bool sim_json_str(const cJSON *obj, const char *name, bool required, bool nullable,
                  const char **out, sim_resp *rs);
/* Member NAME as an integer (a JSON number with no fraction). */
bool sim_json_int(const cJSON *obj, const char *name, bool required, long long *out, bool *present,
                  sim_resp *rs);

/* Helpers for building answers: NULL becomes JSON null. */
cJSON *sim_json_add_str(cJSON *obj, const char *name, const char *value);
/* Adds the text of JSON_TEXT parsed (or VALUE_IF_BAD when it does not parse). */
void sim_json_add_raw(cJSON *obj, const char *name, const char *json_text);

#endif
