/* router.c — see router.h. */
#include "config.h"

#include "sim/router.h"

#include <stdio.h>
#include <string.h>

#include "sim/auth.h"
#include "sim/handlers.h"
#include "sim/http_util.h"
#include "sim/ledger.h"

static void h_health(sim_req *rq, sim_resp *rs);

static const sim_route routes[] = {
    {"GET", "/health", h_health, SIM_ROUTE_PUBLIC | SIM_ROUTE_SIM},
    {"GET", "/crm/whoami", sim_handle_whoami, 0},
    {"GET", "/crm/meetingtypes", sim_h_meetingtypes_list, 0},
    {"GET", "/crm/meetingtypes/{id}", sim_h_meetingtypes_get, 0},
    {"PATCH", "/crm/meetingtypes/{id}", sim_h_meetingtypes_patch, 0},
    {"GET", "/crm/dossiertypes", sim_h_dossiertypes_list, 0},
    {"GET", "/crm/dossiertypes/{id}", sim_h_dossiertypes_get, 0},
    {"PATCH", "/crm/dossiertypes/{id}", sim_h_dossiertypes_patch, 0},
    {"GET", "/crm/statuscodes", sim_h_statuscodes, 0},
    {"GET", "/crm/meetings", sim_h_meetings_list, 0},
    {"GET", "/crm/meetings/{id}", sim_h_meetings_get, 0},
    {"PATCH", "/crm/meetings/{id}", sim_h_meetings_patch, 0},
    {"DELETE", "/crm/meetings/{id}", sim_h_meetings_delete, 0},
    {"GET", "/crm/meetings/{id}/agendaitems", sim_h_meeting_agendaitems, 0},
    {"GET", "/crm/agendaitems", sim_h_agendaitems_list, 0},
    {"GET", "/crm/agendaitems/{id}", sim_h_agendaitems_get, 0},
    {"PATCH", "/crm/agendaitems/{id}", sim_h_agendaitems_patch, 0},
    {"DELETE", "/crm/agendaitems/{id}", sim_h_agendaitems_delete, 0},
    {"GET", "/crm/dossiers", sim_h_dossiers_list, 0},
    {"GET", "/crm/dossiers/{id}", sim_h_dossiers_get, 0},
    {"PATCH", "/crm/dossiers/{id}", sim_h_dossiers_patch, 0},
    {"DELETE", "/crm/dossiers/{id}", sim_h_dossiers_delete, 0},
    {"GET", "/crm/documents", sim_h_documents_list, 0},
    {"GET", "/crm/documents/{id}", sim_h_documents_get, 0},
    {"DELETE", "/crm/documents/{id}", sim_h_documents_delete, 0},
    {"GET", "/crm/documents/{id}/content", sim_h_documents_content, 0},
    {"GET", "/melding", sim_h_melding_list, 0},
    {"GET", "/melding/configuration", sim_h_melding_configuration, 0},
    {"POST", "/melding/add", sim_h_melding_add, 0},
    {"GET", "/melding/{id}", sim_h_melding_get, 0},
    {"PUT", "/melding/{id}/upload", sim_h_melding_upload, SIM_ROUTE_BIG_BODY},
    {"GET", "/melding/{id}/attachments/{id}", sim_h_melding_attachment, 0},
    {"POST", "/dav/series/list", sim_h_dav_series_list, 0},
    {"POST", "/dav/series/get", sim_h_dav_series_get, 0},
    {"POST", "/dav/series/extensions", sim_h_dav_series_extensions, 0},
    {"POST", "/dav/dossiers/create", sim_h_dav_dossiers_create, 0},
    {"POST", "/dav/dossiers/get", sim_h_dav_dossiers_get, 0},
    {"POST", "/dav/dossiers/update", sim_h_dav_dossiers_update, 0},
    {"POST", "/dav/dossiers/validate", sim_h_dav_dossiers_validate, 0},
    {"POST", "/dav/dossiers/submit", sim_h_dav_dossiers_submit, 0},
    {"POST", "/dav/dossiers/relation", sim_h_dav_dossiers_relation, 0},
    {"POST", "/dav/documents/create", sim_h_dav_documents_create, SIM_ROUTE_BIG_BODY},
    {"POST", "/dav/documents/update", sim_h_dav_documents_update, 0},
    {"GET", "/_sim/ledger", sim_handle_ledger, SIM_ROUTE_SIM},
    {"POST", "/_sim/faults", sim_h_faults, SIM_ROUTE_SIM},
    {"GET", "/_sim/stats", sim_h_stats, SIM_ROUTE_SIM},
};

static void h_health(sim_req *rq, sim_resp *rs)
{
    (void)rq;
    static const char body[] = "{\"status\":\"ok\"}";
    sim_resp_bytes(rs, 200, "application/json", body, sizeof body - 1);
}

/* Matches PATH against PATTERN; a literal segment wins over "{id}" because
 * literal routes come first in the table where they overlap. */
static bool match(const char *pattern, const char *path, const char *params[2], char *buf,
                  size_t bufsize)
{
    size_t used = 0;
    int np = 0;
    while (*pattern && *path) {
        if (*pattern != '/' || *path != '/')
            return false;
        pattern++;
        path++;
        size_t plen = strcspn(pattern, "/"), slen = strcspn(path, "/");
        if (strncmp(pattern, "{id}", 4) == 0 && plen == 4) {
            if (slen == 0 || np == 2 || used + slen + 1 > bufsize)
                return false;
            memcpy(buf + used, path, slen);
            buf[used + slen] = '\0';
            params[np++] = buf + used;
            used += slen + 1;
        } else if (plen != slen || strncmp(pattern, path, plen) != 0) {
            return false;
        }
        pattern += plen;
        path += slen;
    }
    return *pattern == '\0' && *path == '\0';
}

sim_route_result sim_route_find(const char *method, const char *path, const sim_route **route,
                                const char *params[2], char *buf, size_t bufsize, char *allow,
                                size_t allowsize)
{
    bool path_seen = false, literal = false;
    allow[0] = '\0';
    const size_t n = sizeof routes / sizeof routes[0];
    /* A path that a literal route names ("/melding/add") is never an "{id}". */
    for (size_t i = 0; i < n; i++) {
        const char *p[2];
        if (!strstr(routes[i].pattern, "{id}") && match(routes[i].pattern, path, p, buf, bufsize))
            literal = true;
    }
    for (size_t i = 0; i < n; i++) {
        const char *p[2] = {NULL, NULL};
        if (literal && strstr(routes[i].pattern, "{id}"))
            continue;
        if (!match(routes[i].pattern, path, p, buf, bufsize))
            continue;
        if (strcmp(routes[i].method, method) == 0) {
            *route = &routes[i];
            params[0] = p[0];
            params[1] = p[1];
            return SIM_ROUTE_FOUND;
        }
        if (!strstr(allow, routes[i].method)) {
            size_t used = strlen(allow);
            snprintf(allow + used, allowsize - used, "%s%s", used ? ", " : "", routes[i].method);
        }
        path_seen = true;
    }
    return path_seen ? SIM_ROUTE_NO_METHOD : SIM_ROUTE_NO_PATH;
}

unsigned sim_route_flags_for(const char *method, const char *path)
{
    const sim_route *r = NULL;
    const char *params[2];
    char buf[256], allow[64];
    if (sim_route_find(method, path, &r, params, buf, sizeof buf, allow, sizeof allow) ==
        SIM_ROUTE_FOUND)
        return r->flags;
    return 0;
}
