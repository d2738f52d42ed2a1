/* json_util.c — see json_util.h. */
#include "config.h"

#include "sim/json_util.h"

#include <math.h>
#include <string.h>

#include "sim/http_util.h"

/* Depth of nesting outside strings; deep input is refused before cJSON
 * recurses into it. */
static bool depth_ok(const char *s, size_t n)
{
    int depth = 0;
    bool in_str = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (in_str) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_str = false;
            continue;
        }
        if (c == '"')
            in_str = true;
        else if (c == '{' || c == '[') {
            if (++depth > SIM_JSON_MAX_DEPTH)
                return false;
        } else if (c == '}' || c == ']')
            depth--;
    }
    return true;
}

/* cJSON turns "a\u0000b" into "a": refuse the escape instead. */
static bool has_nul_escape(const char *s, size_t n)
{
    for (size_t i = 0; i + 5 < n; i++) {
        if (s[i] != '\\')
            continue;
        if (s[i + 1] == 'u' && strncmp(s + i + 2, "000", 3) == 0 && s[i + 5] == '0')
            return true;
        i++; /* skip the escaped character */
    }
    return false;
}

cJSON *sim_json_body(const sim_req *rq, sim_resp *rs)
{
    if (!rq->body || rq->body_len == 0) {
        sim_err_bad_request(rs, "The request body is empty; a JSON object is expected.");
        return NULL;
    }
    if (memchr(rq->body, '\0', rq->body_len) || has_nul_escape(rq->body, rq->body_len)) {
        sim_err_bad_request(rs, "The request body contains a NUL character.");
        return NULL;
    }
    if (!depth_ok(rq->body, rq->body_len)) {
        sim_err_bad_request(rs, "The request body is nested deeper than %d levels.",
                            SIM_JSON_MAX_DEPTH);
        return NULL;
    }
    /* cJSON's own "require NUL" flag fails on a buffer parsed by length, so
     * the check that everything was consumed is ours. */
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(rq->body, rq->body_len, &end, 0);
    while (root && end < rq->body + rq->body_len &&
           (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n'))
        end++;
    if (!root || end != rq->body + rq->body_len) {
        cJSON_Delete(root);
        sim_err_bad_request(rs, "The request body is not valid JSON.");
        return NULL;
    }
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        sim_err_bad_request(rs, "The request body must be a JSON object.");
        return NULL;
    }
    return root;
}

bool sim_json_only(const cJSON *obj, const char *const *allowed, sim_resp *rs)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, obj)
    {
        bool known = false;
        for (size_t i = 0; allowed[i]; i++)
            if (it->string && strcmp(it->string, allowed[i]) == 0)
                known = true;
        if (!known) {
            sim_err_bad_request(rs, "Invalid property '%s': unknown.",
                                it->string ? it->string : "");
            return false;
        }
        /* Duplicate keys: cJSON keeps the first; refuse them instead. */
        for (const cJSON *o = it->next; o; o = o->next)
            if (o->string && strcmp(o->string, it->string) == 0) {
                sim_err_bad_request(rs, "Invalid property '%s': given twice.", it->string);
                return false;
            }
    }
    return true;
}

bool sim_json_str(const cJSON *obj, const char *name, bool required, bool nullable,
                  const char **out, sim_resp *rs)
{
    *out = NULL;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!v) {
        if (required)
            sim_err_bad_request(rs, "Invalid property '%s': required.", name);
        return !required;
    }
    if (cJSON_IsNull(v) && nullable)
        return true;
    if (!cJSON_IsString(v)) {
        sim_err_bad_request(rs, "Invalid property '%s': a string is expected.", name);
        return false;
    }
    *out = v->valuestring;
    return true;
}

bool sim_json_int(const cJSON *obj, const char *name, bool required, long long *out, bool *present,
                  sim_resp *rs)
{
    *present = false;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!v) {
        if (required)
            sim_err_bad_request(rs, "Invalid property '%s': required.", name);
        return !required;
    }
    double d = cJSON_IsNumber(v) ? v->valuedouble : NAN;
    if (!cJSON_IsNumber(v) || d != floor(d) || d < -1e15 || d > 1e15) {
        sim_err_bad_request(rs, "Invalid property '%s': an integer is expected.", name);
        return false;
    }
    *out = (long long)d;
    *present = true;
    return true;
}

cJSON *sim_json_add_str(cJSON *obj, const char *name, const char *value)
{
    return value ? cJSON_AddStringToObject(obj, name, value) : cJSON_AddNullToObject(obj, name);
}

void sim_json_add_raw(cJSON *obj, const char *name, const char *json_text)
{
    cJSON *v = json_text ? cJSON_Parse(json_text) : NULL;
    cJSON_AddItemToObject(obj, name, v ? v : cJSON_CreateArray());
}
