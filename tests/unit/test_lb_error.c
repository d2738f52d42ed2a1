/* test_lb_error.c — the status table and HTTP mapping. */
#include "config.h"

#include <string.h>

#include "client/lb_error.h"
#include "tests/tap.h"

int main(void)
{
    for (int s = 0; s < LB_STATUS_COUNT; s++) {
        const char *m = lb_status_message((lb_status)s);
        ok(m && strlen(m) > 3 && m[strlen(m) - 1] == '.', "%s has a full sentence",
           lb_status_name((lb_status)s));
    }
    is_str(lb_status_name(LB_ERR_THROTTLED), "LB_ERR_THROTTLED", "names come from the same list");
    is_str(lb_status_name((lb_status)999), "LB_STATUS_UNKNOWN", "out-of-range name is safe");
    ok(lb_status_message((lb_status)999) != NULL, "out-of-range message is safe");

    static const struct {
        int http;
        lb_status want;
    } map[] = {
        {200, LB_OK},
        {204, LB_OK},
        {400, LB_ERR_INVALID_INPUT},
        {401, LB_ERR_UNAUTHORIZED},
        {403, LB_ERR_FORBIDDEN},
        {404, LB_ERR_NOT_FOUND},
        {409, LB_ERR_CONFLICT},
        {412, LB_ERR_PRECONDITION},
        {413, LB_ERR_TOO_LARGE},
        {422, LB_ERR_INVALID_INPUT},
        {429, LB_ERR_THROTTLED},
        {500, LB_ERR_SERVER},
        {502, LB_ERR_SERVER},
        {503, LB_ERR_UNAVAILABLE},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        is_str(lb_status_name(lb_status_from_http(map[i].http)), lb_status_name(map[i].want),
               "HTTP %d maps to %s", map[i].http, lb_status_name(map[i].want));

    lb_error err;
    lb_status s = lb_error_set(&err, LB_ERR_CONFLICT, 409, "record %s is active", "abc");
    is_int(s, LB_ERR_CONFLICT, "lb_error_set returns the status");
    is_str(err.detail, "record abc is active", "detail is formatted");
    ok(err.file && strstr(err.file, "test_lb_error.c") && err.line > 0, "file:line recorded");
    char big[600];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    lb_error_set(&err, LB_ERR_SERVER, 500, "%s", big);
    is_int((long long)strlen(err.detail), (long long)sizeof err.detail - 1,
           "long detail is cut, not overflowed");
    lb_error_set(&err, LB_ERR_NETWORK, 0, NULL);
    is_str(err.detail, "", "no detail leaves it empty");
    return tap_done();
}
