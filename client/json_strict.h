/* json_strict.h — parse untrusted JSON from the bus, and read it with typed,
 * case-sensitive getters that report wrong types instead of crashing.
 * cJSON alone accepts trailing garbage, truncates at "\u0000", passes invalid
 * UTF-8 through and recurses 1000 levels deep; this layer closes those holes. */
#ifndef LB_JSON_STRICT_H
#define LB_JSON_STRICT_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "client/lb_error.h"

/* Deep enough for every bus answer (they nest 4 levels); shallow enough that
 * cJSON's recursion stays small. */
#define LB_JSON_MAX_DEPTH 64
/* A page of 5,000 meetings is 3 MB; the cJSON tree costs ~6x the input, so
 * this cap also bounds the parse at ~100 MB. */
#define LB_JSON_MAX_BYTES ((size_t)16 * 1024 * 1024)

/* Checks BUF[0..LEN) without building a tree: well-formed UTF-8 everywhere,
 * no "\u0000" escape and no raw control byte inside strings, nesting at most
 * MAX_DEPTH. On failure fills ERR (LB_ERR_BAD_RESPONSE, detail names the byte
 * offset). BUF need not be NUL-terminated. */
lb_status lb_json_prescan(const char *buf, size_t len, int max_depth, lb_error *err);

/* Parses exactly BUF[0..LEN): LEN above MAX_BYTES is LB_ERR_TOO_LARGE; a failed
 * prescan, a syntax error or anything but whitespace after the value is
 * LB_ERR_BAD_RESPONSE. On success *OUT is a tree the caller frees with
 * cJSON_Delete(); on failure *OUT is NULL. */
lb_status lb_json_parse(const char *buf, size_t len, size_t max_bytes, cJSON **out, lb_error *err);

/* Typed getters. KEY is matched case-sensitively. A missing key or a value of
 * another type fills ERR (LB_ERR_BAD_RESPONSE, detail names KEY) and leaves
 * *OUT untouched. Strings point into the tree: copy them before cJSON_Delete. */
lb_status lb_json_get_string(const cJSON *obj, const char *key, const char **out, lb_error *err);
/* As above; JSON null gives *OUT = NULL. */
lb_status lb_json_get_string_or_null(const cJSON *obj, const char *key, const char **out,
                                     lb_error *err);
lb_status lb_json_get_bool(const cJSON *obj, const char *key, bool *out, lb_error *err);
/* An integral number within [MIN, MAX]; fractions, 1e400 and values past
 * 2^53 (where doubles stop being exact) are refused. */
lb_status lb_json_get_int(const cJSON *obj, const char *key, long long min, long long max,
                          long long *out, lb_error *err);
lb_status lb_json_get_array(const cJSON *obj, const char *key, const cJSON **out, lb_error *err);
lb_status lb_json_get_object(const cJSON *obj, const char *key, const cJSON **out, lb_error *err);

/* ITEM's value as an integer in [MIN, MAX] (the check the getter uses). */
bool lb_json_number_to_int(const cJSON *item, long long min, long long max, long long *out);

/* A short English name of ITEM's JSON type ("string", "null", ...). */
const char *lb_json_type_name(const cJSON *item);

#endif
