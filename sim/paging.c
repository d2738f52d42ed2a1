/* paging.c — see paging.h. */
#include "config.h"

#include "sim/paging.h"

#include <stdlib.h>
#include <string.h>

#include "sim/http_util.h"
#include "sim/text_util.h"

int sim_page_size(const sim_req *rq, bool *asked)
{
    *asked = false;
    const char *p = sim_req_header(rq, "Prefer");
    const char *m = p ? strstr(p, "odata.maxpagesize=") : NULL;
    if (!m)
        return SIM_PAGE_MAX;
    char *end = NULL;
    long n = strtol(m + strlen("odata.maxpagesize="), &end, 10);
    if (end == m + strlen("odata.maxpagesize=") || n < 1)
        return SIM_PAGE_MAX;
    *asked = true;
    return n > SIM_PAGE_MAX ? SIM_PAGE_MAX : (int)n;
}

char *sim_token_encode(const cJSON *state)
{
    char *text = cJSON_PrintUnformatted(state);
    if (!text)
        return NULL;
    char *tok = sim_base64url_encode((const unsigned char *)text, strlen(text));
    free(text);
    return tok;
}

cJSON *sim_token_decode(const char *token)
{
    if (!token || strlen(token) > 4096)
        return NULL;
    size_t n = 0;
    unsigned char *raw = sim_base64url_decode(token, &n);
    if (!raw)
        return NULL;
    const char *end = NULL;
    cJSON *j = cJSON_ParseWithLengthOpts((const char *)raw, n, &end, 0);
    bool whole = j && end == (const char *)raw + n;
    free(raw);
    if (!whole || !cJSON_IsObject(j)) {
        cJSON_Delete(j);
        return NULL;
    }
    return j;
}
