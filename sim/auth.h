/* auth.h — the demo users, their roles (held directly or through a team),
 * and the checks every handler makes. */
#ifndef LB_SIM_AUTH_H
#define LB_SIM_AUTH_H

#include <stdbool.h>

#include "sim/sim.h"

enum sim_role {
    SIM_ROLE_SECRETARIAAT = 1u << 0,
    SIM_ROLE_ARCHIVERING = 1u << 1,
    SIM_ROLE_ADMIN = 1u << 2,
    SIM_ROLE_MELDINGEN = 1u << 3,
    SIM_ROLE_CONTACT = 1u << 4,
};

/* Exact role names; the dash is U+2013. */
#define SIM_ROLE_NAME_SECRETARIAAT "LB365 \u2013 Secretariaat"
#define SIM_ROLE_NAME_ARCHIVERING  "LB365 \u2013 Archivering"
#define SIM_ROLE_NAME_ADMIN        "Systeembeheerder"
#define SIM_ROLE_NAME_MELDINGEN    "LB365 \u2013 Meldingen"
#define SIM_ROLE_NAME_CONTACT      "LB365 \u2013 Meldingen contactgegevens"

/* Who may read meldingen (list, record, attachments): the helpdesk and the
 * secretariat. Adding and uploading stay SIM_ROLE_MELDINGEN; the indiener's
 * contact needs SIM_ROLE_CONTACT. A 403 names SIM_ROLE_NAME_MELDINGEN. */
#define SIM_ROLES_MELDING_READ (SIM_ROLE_MELDINGEN | SIM_ROLE_SECRETARIAAT)

typedef struct sim_team {
    const char *id, *name;
    unsigned roles;
} sim_team;

typedef struct sim_user {
    const char *token, *id, *full_name, *login;
    unsigned roles; /* held directly */
    unsigned teams; /* bit i: member of sim_teams[i] */
} sim_user;

extern const sim_team sim_teams[];
extern const unsigned sim_nteams;
extern const sim_user sim_users[];
extern const unsigned sim_nusers;

/* The user a bearer token names, or NULL. */
const sim_user *sim_auth_user(const char *authorization_header);
/* Direct and team roles together. */
unsigned sim_user_roles(const sim_user *u);
/* True when the user has any of ROLES; otherwise fills RS with a 403 that
 * names NAME. */
bool sim_require_role(const sim_req *rq, sim_resp *rs, unsigned roles, const char *name);

void sim_handle_whoami(sim_req *rq, sim_resp *rs);

#endif
