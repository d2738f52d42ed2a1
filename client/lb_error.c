/* lb_error.c — status table and error construction. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "client/lb_error.h"
#include "i18n/i18n.h"

static const char *const status_messages[] = {
#define LB_STATUS_MSG(name, msg) [name] = msg,
    LB_STATUS_LIST(LB_STATUS_MSG)
#undef LB_STATUS_MSG
};

static const char *const status_names[] = {
#define LB_STATUS_NAME(name, msg) [name] = #name,
    LB_STATUS_LIST(LB_STATUS_NAME)
#undef LB_STATUS_NAME
};

const char *lb_status_message(lb_status status)
{
    if ((unsigned)status >= LB_STATUS_COUNT)
        status = LB_ERR_SERVER;
    return _(status_messages[status]);
}

const char *lb_status_name(lb_status status)
{
    if ((unsigned)status >= LB_STATUS_COUNT)
        return "LB_STATUS_UNKNOWN";
    return status_names[status];
}

lb_status lb_error_set_at(lb_error *err, lb_status status, int http_status, const char *file,
                          int line, const char *detail_fmt, ...)
{
    err->status = status;
    err->http_status = http_status;
    err->file = file;
    err->line = line;
    err->detail[0] = '\0';
    if (detail_fmt) {
        va_list ap;
        va_start(ap, detail_fmt);
        vsnprintf(err->detail, sizeof err->detail, detail_fmt, ap);
        va_end(ap);
    }
    return status;
}

lb_status lb_status_from_http(int http_status)
{
    switch (http_status) {
    case 401: return LB_ERR_UNAUTHORIZED;
    case 403: return LB_ERR_FORBIDDEN;
    case 404: return LB_ERR_NOT_FOUND;
    case 409: return LB_ERR_CONFLICT;
    case 412: return LB_ERR_PRECONDITION;
    case 413: return LB_ERR_TOO_LARGE;
    case 429: return LB_ERR_THROTTLED;
    case 503: return LB_ERR_UNAVAILABLE;
    default: break;
    }
    if (http_status >= 200 && http_status < 300)
        return LB_OK;
    if (http_status >= 500)
        return LB_ERR_SERVER;
    return LB_ERR_INVALID_INPUT;
}
