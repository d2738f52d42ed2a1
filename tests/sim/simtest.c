/* simtest.c — see simtest.h. */
#include "config.h"

#include "tests/sim/simtest.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/tap.h"

void st_start(lb_test_sim *sim, const char *const *extra_args)
{
    if (lb_test_sim_start(sim, extra_args) != 0)
        tap_bail("lbbus-sim did not start");
}

void st_stop(lb_test_sim *sim)
{
    is_int(lb_test_sim_stop(sim), 0, "the simulator stops cleanly (exit 0)");
}

long st_req(const lb_test_sim *sim, const char *method, const char *path, const char *token,
            const char *const *headers, const char *body, cJSON **json, lb_test_response *resp)
{
    lb_test_response r;
    if (json)
        *json = NULL;
    if (lb_test_http(sim, method, path, token, headers, body, body ? strlen(body) : 0, &r) != 0)
        return -1;
    long status = r.status;
    if (json && r.body)
        *json = cJSON_ParseWithLength(r.body, r.body_len);
    if (resp)
        *resp = r;
    else
        lb_test_response_done(&r);
    return status;
}

long st_status(const lb_test_sim *sim, const char *method, const char *path, const char *token,
               const char *const *headers, const char *body)
{
    return st_req(sim, method, path, token, headers, body, NULL, NULL);
}

const cJSON *st_at(const cJSON *root, const char *path)
{
    const cJSON *cur = root;
    char part[128];
    while (cur && *path) {
        /* Keys may hold dots ("@odata.nextLink"): the rest as one key first. */
        const cJSON *whole =
            cJSON_IsObject(cur) ? cJSON_GetObjectItemCaseSensitive(cur, path) : NULL;
        if (whole)
            return whole;
        size_t n = strcspn(path, ".");
        snprintf(part, sizeof part, "%.*s", (int)n, path);
        if (cJSON_IsArray(cur)) {
            int i = atoi(part);
            const cJSON *it = NULL;
            cJSON_ArrayForEach(it, cur)
            {
                if (i-- == 0)
                    break;
            }
            cur = it;
        } else {
            cur = cJSON_GetObjectItemCaseSensitive(cur, part);
        }
        path += n;
        if (*path == '.')
            path++;
    }
    return cur;
}

const char *st_str(const cJSON *root, const char *path)
{
    const cJSON *v = st_at(root, path);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

double st_num(const cJSON *root, const char *path, double fallback)
{
    const cJSON *v = st_at(root, path);
    return cJSON_IsNumber(v) ? v->valuedouble : fallback;
}

const char *st_code(const cJSON *root)
{
    const char *c = st_str(root, "error.code");
    return c ? c : "";
}

const char *st_fmt(const char *fmt, ...)
{
    static char bufs[8][4096];
    static int next;
    char *b = bufs[next++ % 8];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b, sizeof bufs[0], fmt, ap);
    va_end(ap);
    return b;
}
