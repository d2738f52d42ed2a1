/* test_json_strict.c — hostile JSON: what cJSON lets through, refused here. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "client/json_strict.h"
#include "tests/tap.h"

/* Parses S (strlen) and returns the status; ERR gets the detail. */
static lb_status parse(const char *s, lb_error *err)
{
    cJSON *root = NULL;
    lb_status st = lb_json_parse(s, strlen(s), LB_JSON_MAX_BYTES, &root, err);
    if (st == LB_OK && !root)
        return LB_ERR_SERVER; /* would be a bug: OK without a tree */
    if (st != LB_OK && root)
        return LB_ERR_SERVER;
    cJSON_Delete(root);
    return st;
}

static void expect_bad(const char *json, const char *name, const char *detail_part)
{
    lb_error err = {0};
    lb_status st = parse(json, &err);
    is_str(lb_status_name(st), "LB_ERR_BAD_RESPONSE", "%s is refused", name);
    if (detail_part)
        ok(strstr(err.detail, detail_part) != NULL, "%s: detail \"%s\" mentions \"%s\"", name,
           err.detail, detail_part);
}

static char *nested(int depth)
{
    char *s = malloc((size_t)depth * 2 + 1);
    if (!s)
        tap_bail("out of memory");
    memset(s, '[', (size_t)depth);
    memset(s + depth, ']', (size_t)depth);
    s[depth * 2] = '\0';
    return s;
}

int main(void)
{
    lb_error err = {0};

    /* The plain cases. */
    is_int(parse("{\"a\":1}", &err), LB_OK, "an object parses");
    is_int(parse("  [1, 2]\n\t\r ", &err), LB_OK, "trailing whitespace is fine");

    /* cJSON_Parse("[1] x") succeeds; we must not. */
    expect_bad("[1] x", "trailing garbage \"[1] x\"", "trailing data");
    expect_bad("{\"a\":1}{\"b\":2}", "two concatenated objects", "byte offset 7");
    expect_bad("", "empty input", "empty");
    expect_bad("{\"a\":", "truncated object", "syntax error");
    expect_bad("[1,]", "trailing comma", NULL);

    /* A length that stops before a NUL-terminated string ends: only LEN counts. */
    cJSON *root = NULL;
    const char *buf = "[1][2]";
    is_int(lb_json_parse(buf, 3, LB_JSON_MAX_BYTES, &root, &err), LB_OK,
           "only the first LEN bytes are parsed");
    ok(root && cJSON_GetArraySize(root) == 1, "and give [1]");
    cJSON_Delete(root);
    /* A buffer with no NUL at all (heap copy without terminator). */
    char *raw = malloc(4);
    memcpy(raw, "[42]", 4);
    is_int(lb_json_parse(raw, 4, LB_JSON_MAX_BYTES, &root, &err), LB_OK,
           "a buffer without a NUL terminator parses");
    cJSON_Delete(root);
    is_int(lb_json_parse(raw, 3, LB_JSON_MAX_BYTES, &root, &err), LB_ERR_BAD_RESPONSE,
           "the same buffer cut short is refused");
    ok(root == NULL, "and leaves *out NULL");
    free(raw);

    /* "a\u0000b" parses as "a" in cJSON. */
    expect_bad("{\"name\":\"a\\u0000b\"}", "\\u0000 escape",
               "\\u0000 escape inside a string at byte offset 10");
    is_int(parse("{\"name\":\"a\\\\u0000b\"}", &err), LB_OK,
           "an escaped backslash before u0000 is plain text");
    is_int(parse("{\"name\":\"a\\u0001b\"}", &err), LB_OK, "\\u0001 is left to the UI sanitizer");

    /* Invalid UTF-8, which cJSON accepts as is. */
    expect_bad("[\"\x9b\"]", "a lone continuation byte 0x9B", "invalid UTF-8 at byte offset 2");
    expect_bad("[\"\xc0\xaf\"]", "an overlong encoding", "invalid UTF-8");
    expect_bad("[\"\xed\xa0\x80\"]", "an encoded surrogate", "invalid UTF-8");
    expect_bad("[\"\xf4\x90\x80\x80\"]", "a code point above U+10FFFF", "invalid UTF-8");
    expect_bad("[\"\xe2\x80\"]", "a truncated sequence", "invalid UTF-8");
    is_int(parse("[\"LB365 \xe2\x80\x93 Archivering \xf0\x9f\x98\x80\"]", &err), LB_OK,
           "valid multi-byte UTF-8 (en dash, emoji) passes");
    expect_bad("[\"a\tb\"]", "a raw TAB inside a string", "control byte 0x09");
    expect_bad("[1,\x01 2]", "a raw control byte between values", "control byte 0x01");
    lb_error e2 = {0};
    lb_status st = lb_json_parse("[\"a\0b\"]", 7, LB_JSON_MAX_BYTES, &root, &e2);
    is_int(st, LB_ERR_BAD_RESPONSE, "a raw NUL byte inside a string is refused");
    expect_bad("[\"\\ud800\"]", "a lone surrogate escape", "syntax error");

    /* Nesting: checked before cJSON recurses. */
    char *ok64 = nested(LB_JSON_MAX_DEPTH);
    is_int(parse(ok64, &err), LB_OK, "nesting of exactly %d levels parses", LB_JSON_MAX_DEPTH);
    free(ok64);
    char *deep = nested(LB_JSON_MAX_DEPTH + 1);
    expect_bad(deep, "nesting of 65 levels", "nesting deeper than 64 levels at byte offset 64");
    free(deep);
    char *very = nested(100000);
    expect_bad(very, "nesting of 100,000 levels", "nesting deeper");
    free(very);
    is_int(parse("[\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"]",
                 &err),
           LB_OK, "brackets inside strings do not count as nesting");

    /* The byte cap. */
    is_int(lb_json_parse("[1,2,3]", 7, 6, &root, &err), LB_ERR_TOO_LARGE,
           "input over the byte cap is LB_ERR_TOO_LARGE");

    /* Typed getters. */
    is_int(lb_json_parse("{\"s\":\"x\",\"n\":null,\"b\":true,\"i\":42,\"big\":1e400,"
                         "\"frac\":1.5,\"huge\":12345678901234567890,\"a\":[1],\"o\":{},"
                         "\"Name\":\"upper\"}",
                         strlen("{\"s\":\"x\",\"n\":null,\"b\":true,\"i\":42,\"big\":1e400,"
                                "\"frac\":1.5,\"huge\":12345678901234567890,\"a\":[1],\"o\":{},"
                                "\"Name\":\"upper\"}"),
                         LB_JSON_MAX_BYTES, &root, &err),
           LB_OK, "the getter fixture parses");
    const char *s = NULL;
    bool b = false;
    long long n = 0;
    const cJSON *arr = NULL, *obj = NULL;
    is_int(lb_json_get_string(root, "s", &s, &err), LB_OK, "get_string on a string");
    is_str(s, "x", "gives its value");
    is_int(lb_json_get_string(root, "i", &s, &err), LB_ERR_BAD_RESPONSE,
           "get_string on a number fails");
    is_str(err.detail, "field 'i' is a number, expected a string", "and names field and types");
    is_int(lb_json_get_string(root, "n", &s, &err), LB_ERR_BAD_RESPONSE,
           "get_string on null fails");
    is_int(lb_json_get_string(root, "missing", &s, &err), LB_ERR_BAD_RESPONSE,
           "get_string on a missing key fails");
    is_str(err.detail, "field 'missing' is missing", "and says so");
    is_int(lb_json_get_string(root, "name", &s, &err), LB_ERR_BAD_RESPONSE,
           "keys are case-sensitive (\"name\" does not find \"Name\")");
    s = "unchanged";
    is_int(lb_json_get_string_or_null(root, "n", &s, &err), LB_OK, "get_string_or_null on null");
    ok(s == NULL, "gives NULL");
    is_int(lb_json_get_string_or_null(root, "b", &s, &err), LB_ERR_BAD_RESPONSE,
           "get_string_or_null on a bool fails");
    is_int(lb_json_get_bool(root, "b", &b, &err), LB_OK, "get_bool on true");
    ok(b, "gives true");
    is_int(lb_json_get_bool(root, "i", &b, &err), LB_ERR_BAD_RESPONSE, "get_bool on 42 fails");
    is_int(lb_json_get_int(root, "i", 0, 100, &n, &err), LB_OK, "get_int in range");
    is_int(n, 42, "gives 42");
    is_int(lb_json_get_int(root, "i", 0, 10, &n, &err), LB_ERR_BAD_RESPONSE,
           "get_int out of range fails");
    is_int(lb_json_get_int(root, "big", 0, 100, &n, &err), LB_ERR_BAD_RESPONSE,
           "1e400 (infinity) fails");
    is_int(lb_json_get_int(root, "frac", 0, 100, &n, &err), LB_ERR_BAD_RESPONSE, "1.5 fails");
    is_int(lb_json_get_int(root, "huge", 0, 9223372036854775807LL, &n, &err), LB_ERR_BAD_RESPONSE,
           "12345678901234567890 (past 2^53) fails");
    is_int(lb_json_get_int(root, "s", 0, 100, &n, &err), LB_ERR_BAD_RESPONSE,
           "get_int on a string fails");
    is_int(lb_json_get_array(root, "a", &arr, &err), LB_OK, "get_array on an array");
    is_int(lb_json_get_array(root, "o", &arr, &err), LB_ERR_BAD_RESPONSE,
           "get_array on an object fails");
    is_int(lb_json_get_object(root, "o", &obj, &err), LB_OK, "get_object on an object");
    is_int(lb_json_get_object(root, "a", &obj, &err), LB_ERR_BAD_RESPONSE,
           "get_object on an array fails");
    is_int(lb_json_get_string(NULL, "s", &s, &err), LB_ERR_BAD_RESPONSE,
           "a getter on a NULL object fails cleanly");
    cJSON_Delete(root);

    /* Duplicate keys: cJSON keeps both; the getter sees the first. The record
     * layer refuses them (test_records). */
    is_int(lb_json_parse("{\"a\":\"1\",\"a\":\"2\"}", 17, LB_JSON_MAX_BYTES, &root, &err), LB_OK,
           "duplicate keys are valid JSON");
    is_int(lb_json_get_string(root, "a", &s, &err), LB_OK, "and the getter works");
    is_str(s, "1", "on the first one");
    cJSON_Delete(root);

    return tap_done();
}
