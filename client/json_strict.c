/* json_strict.c — a guard scan before cJSON, full-consumption parsing, and
 * typed getters. */
#include "config.h"

#include <math.h>
#include <stdint.h>

#include "client/json_strict.h"

/* Length of the well-formed UTF-8 sequence at P (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF), or 0. */
static size_t utf8_seq_len(const unsigned char *p, size_t avail)
{
    unsigned char c = p[0];
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    if (avail < n)
        return 0;
    if (p[1] < lo || p[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (p[i] < 0x80 || p[i] > 0xBF)
            return 0;
    return n;
}

lb_status lb_json_prescan(const char *buf, size_t len, int max_depth, lb_error *err)
{
    const unsigned char *p = (const unsigned char *)buf;
    bool in_string = false;
    int depth = 0;
    size_t i = 0;
    while (i < len) {
        unsigned char c = p[i];
        if (c >= 0x80) {
            size_t n = utf8_seq_len(p + i, len - i);
            if (n == 0)
                return lb_error_set(err, LB_ERR_BAD_RESPONSE, 0, "invalid UTF-8 at byte offset %zu",
                                    i);
            i += n;
            continue;
        }
        if (in_string) {
            if (c < 0x20)
                return lb_error_set(err, LB_ERR_BAD_RESPONSE, 0,
                                    "raw control byte 0x%02x inside a string at byte offset %zu", c,
                                    i);
            if (c == '"')
                in_string = false;
            else if (c == '\\' && i + 1 < len) {
                /* cJSON would cut the string at U+0000 and keep going. */
                if (p[i + 1] == 'u' && i + 6 <= len && p[i + 2] == '0' && p[i + 3] == '0' &&
                    p[i + 4] == '0' && p[i + 5] == '0')
                    return lb_error_set(err, LB_ERR_BAD_RESPONSE, 0,
                                        "\\u0000 escape inside a string at byte offset %zu", i);
                if (p[i + 1] < 0x80)
                    i++; /* the escaped byte cannot end the string */
            }
            i++;
            continue;
        }
        switch (c) {
        case '"': in_string = true; break;
        case '[':
        case '{':
            if (++depth > max_depth)
                return lb_error_set(err, LB_ERR_BAD_RESPONSE, 0,
                                    "nesting deeper than %d levels at byte offset %zu", max_depth,
                                    i);
            break;
        case ']':
        case '}':
            if (depth > 0)
                depth--;
            break;
        case ' ':
        case '\t':
        case '\n':
        case '\r': break;
        default:
            if (c < 0x20)
                return lb_error_set(err, LB_ERR_BAD_RESPONSE, 0,
                                    "raw control byte 0x%02x at byte offset %zu", c, i);
            break;
        }
        i++;
    }
    return LB_OK;
}

static bool is_json_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

lb_status lb_json_parse(const char *buf, size_t len, size_t max_bytes, cJSON **out, lb_error *err)
{
    *out = NULL;
    if (len > max_bytes)
        return lb_error_set(err, LB_ERR_TOO_LARGE, 0, "JSON answer of %zu bytes exceeds %zu", len,
                            max_bytes);
    if (len == 0)
        return lb_error_set(err, LB_ERR_BAD_RESPONSE, 0, "empty JSON answer");
    lb_status st = lb_json_prescan(buf, len, LB_JSON_MAX_DEPTH, err);
    if (st != LB_OK)
        return st;

    /* require_null_terminated=1 in cJSON demands a NUL *inside* LEN; we check
     * the same thing ourselves: nothing but whitespace up to LEN. */
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(buf, len, &end, 0);
    size_t off = (end && end >= buf && end <= buf + len) ? (size_t)(end - buf) : 0;
    if (!root)
        return lb_error_set(err, LB_ERR_BAD_RESPONSE, 0, "JSON syntax error at byte offset %zu",
                            off);
    while (off < len && is_json_space(buf[off]))
        off++;
    if (off != len) {
        cJSON_Delete(root);
        return lb_error_set(err, LB_ERR_BAD_RESPONSE, 0,
                            "trailing data after the JSON value at byte offset %zu", off);
    }
    *out = root;
    return LB_OK;
}

const char *lb_json_type_name(const cJSON *item)
{
    if (!item)
        return "missing";
    if (cJSON_IsNull(item))
        return "null";
    if (cJSON_IsBool(item))
        return "boolean";
    if (cJSON_IsNumber(item))
        return "number";
    if (cJSON_IsString(item))
        return "string";
    if (cJSON_IsArray(item))
        return "array";
    if (cJSON_IsObject(item))
        return "object";
    return "invalid";
}

bool lb_json_number_to_int(const cJSON *item, long long min, long long max, long long *out)
{
    /* Doubles are exact integers only up to 2^53. */
    const double limit = 9007199254740992.0;
    if (!cJSON_IsNumber(item))
        return false;
    double v = item->valuedouble;
    if (!isfinite(v) || v > limit || v < -limit)
        return false;
    long long n = (long long)v;
    if ((double)n != v || n < min || n > max)
        return false;
    *out = n;
    return true;
}

static lb_status wrong_type(const char *key, const char *want, const cJSON *got, lb_error *err)
{
    if (!got)
        return lb_error_set(err, LB_ERR_BAD_RESPONSE, 0, "field '%s' is missing", key);
    return lb_error_set(err, LB_ERR_BAD_RESPONSE, 0, "field '%s' is %s %s, expected %s", key,
                        cJSON_IsArray(got) || cJSON_IsObject(got) ? "an" : "a",
                        lb_json_type_name(got), want);
}

lb_status lb_json_get_string(const cJSON *obj, const char *key, const char **out, lb_error *err)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!cJSON_IsString(it) || !it->valuestring)
        return wrong_type(key, "a string", it, err);
    *out = it->valuestring;
    return LB_OK;
}

lb_status lb_json_get_string_or_null(const cJSON *obj, const char *key, const char **out,
                                     lb_error *err)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (cJSON_IsNull(it)) {
        *out = NULL;
        return LB_OK;
    }
    if (!cJSON_IsString(it) || !it->valuestring)
        return wrong_type(key, "a string or null", it, err);
    *out = it->valuestring;
    return LB_OK;
}

lb_status lb_json_get_bool(const cJSON *obj, const char *key, bool *out, lb_error *err)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!cJSON_IsBool(it))
        return wrong_type(key, "a boolean", it, err);
    *out = cJSON_IsTrue(it);
    return LB_OK;
}

lb_status lb_json_get_int(const cJSON *obj, const char *key, long long min, long long max,
                          long long *out, lb_error *err)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!cJSON_IsNumber(it))
        return wrong_type(key, "an integer", it, err);
    if (!lb_json_number_to_int(it, min, max, out))
        return lb_error_set(err, LB_ERR_BAD_RESPONSE, 0,
                            "field '%s' is not an integer between %lld and %lld", key, min, max);
    return LB_OK;
}

lb_status lb_json_get_array(const cJSON *obj, const char *key, const cJSON **out, lb_error *err)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!cJSON_IsArray(it))
        return wrong_type(key, "an array", it, err);
    *out = it;
    return LB_OK;
}

lb_status lb_json_get_object(const cJSON *obj, const char *key, const cJSON **out, lb_error *err)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!cJSON_IsObject(it))
        return wrong_type(key, "an object", it, err);
    *out = it;
    return LB_OK;
}
