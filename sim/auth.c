/* auth.c — see auth.h. The users are exactly the demo users of the API
 * outline; tokens are their names, as in the demo. */
#include "config.h"

#include "sim/auth.h"

#include <string.h>

#include "sim/http_util.h"
#include "sim/json_util.h"

const sim_team sim_teams[] = {
    {"8e0f2a3b-4c5d-4e6f-9a7b-8c9d0e1f2a3b", "Secretariaat", 0},
    {"2f6c1a9e-7b3d-4c5e-8f01-a2b3c4d5e6f7", "Archief", SIM_ROLE_ARCHIVERING},
    {"5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d", "Meldpunt", 0},
};
const unsigned sim_nteams = sizeof sim_teams / sizeof sim_teams[0];

const sim_user sim_users[] = {
    {"demo-secretaris", "0b6f3a1e-2c4d-4e8f-9a0b-1c2d3e4f5a61", "An Peeters",
     "an.peeters@dilbeek.be", SIM_ROLE_SECRETARIAAT, 1u << 0},
    {"demo-archivaris", "1c7a4b2f-3d5e-4f90-8b1c-2d3e4f5a6b72", "Bram Claes",
     "bram.claes@dilbeek.be", SIM_ROLE_ARCHIVERING | SIM_ROLE_SECRETARIAAT, 0},
    {"demo-archief-team", "2d8b5c3a-4e6f-4a01-9c2d-3e4f5a6b7c83", "Chlo\u00e9 Dubois",
     "chloe.dubois@dilbeek.be", 0, 1u << 1},
    {"demo-admin", "3e9c6d4b-5f7a-4b12-8d3e-4f5a6b7c8d94", "Dirk Janssens",
     "dirk.janssens@dilbeek.be", SIM_ROLE_ADMIN, 0},
    {"demo-admin-archief", "4fad7e5c-6a8b-4c23-9e4f-5a6b7c8d9ea5", "Els Wouters",
     "els.wouters@dilbeek.be", SIM_ROLE_ADMIN | SIM_ROLE_ARCHIVERING, 0},
    {"demo-helpdesk", "50be8f6d-7b9c-4d34-8f5a-6b7c8d9eafb6", "Fatima El Amrani",
     "fatima.elamrani@dilbeek.be", SIM_ROLE_MELDINGEN | SIM_ROLE_CONTACT, 1u << 2},
    /* Helpdesk without the contact role: sees "verborgen" for the indiener. */
    {"demo-meldpunt", "61cf9a7e-8cad-4e45-9f6a-7c8d9eafb0c7", "Geert Vermeulen",
     "geert.vermeulen@dilbeek.be", SIM_ROLE_MELDINGEN, 1u << 2},
};
const unsigned sim_nusers = sizeof sim_users / sizeof sim_users[0];

static const struct {
    unsigned bit;
    const char *name;
} role_names[] = {
    {SIM_ROLE_SECRETARIAAT, SIM_ROLE_NAME_SECRETARIAAT},
    {SIM_ROLE_ARCHIVERING, SIM_ROLE_NAME_ARCHIVERING},
    {SIM_ROLE_ADMIN, SIM_ROLE_NAME_ADMIN},
    {SIM_ROLE_MELDINGEN, SIM_ROLE_NAME_MELDINGEN},
    {SIM_ROLE_CONTACT, SIM_ROLE_NAME_CONTACT},
};

const sim_user *sim_auth_user(const char *authorization_header)
{
    static const char prefix[] = "Bearer ";
    if (!authorization_header || strncmp(authorization_header, prefix, sizeof prefix - 1) != 0)
        return NULL;
    const char *token = authorization_header + sizeof prefix - 1;
    for (unsigned i = 0; i < sim_nusers; i++)
        if (strcmp(token, sim_users[i].token) == 0)
            return &sim_users[i];
    return NULL;
}

unsigned sim_user_roles(const sim_user *u)
{
    unsigned roles = u->roles;
    for (unsigned i = 0; i < sim_nteams; i++)
        if (u->teams & (1u << i))
            roles |= sim_teams[i].roles;
    return roles;
}

bool sim_require_role(const sim_req *rq, sim_resp *rs, unsigned roles, const char *name)
{
    if (rq->user && (sim_user_roles(rq->user) & roles))
        return true;
    sim_err_missing_role(rs, name);
    return false;
}

void sim_handle_whoami(sim_req *rq, sim_resp *rs)
{
    const sim_user *u = rq->user;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "userId", u->id);
    cJSON_AddStringToObject(root, "fullName", u->full_name);
    cJSON_AddStringToObject(root, "login", u->login);
    cJSON *bestuur = cJSON_AddObjectToObject(root, "bestuur");
    cJSON_AddStringToObject(bestuur, "id", "7c3e9a1b-5d2f-4e6a-8b0c-1d2e3f4a5b6c");
    cJSON_AddStringToObject(bestuur, "name", "Gemeente Dilbeek");
    cJSON *roles = cJSON_AddArrayToObject(root, "roles");
    for (size_t r = 0; r < sizeof role_names / sizeof role_names[0]; r++) {
        if (u->roles & role_names[r].bit) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "name", role_names[r].name);
            cJSON_AddStringToObject(o, "via", "user");
            cJSON_AddItemToArray(roles, o);
        }
        for (unsigned t = 0; t < sim_nteams; t++)
            if ((u->teams & (1u << t)) && (sim_teams[t].roles & role_names[r].bit)) {
                cJSON *o = cJSON_CreateObject();
                cJSON_AddStringToObject(o, "name", role_names[r].name);
                cJSON_AddStringToObject(o, "via", "team");
                cJSON_AddStringToObject(o, "teamName", sim_teams[t].name);
                cJSON_AddItemToArray(roles, o);
            }
    }
    cJSON *teams = cJSON_AddArrayToObject(root, "teams");
    for (unsigned t = 0; t < sim_nteams; t++)
        if (u->teams & (1u << t)) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "id", sim_teams[t].id);
            cJSON_AddStringToObject(o, "name", sim_teams[t].name);
            cJSON_AddItemToArray(teams, o);
        }
    sim_resp_json(rs, 200, root);
}
