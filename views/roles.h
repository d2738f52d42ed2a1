/* roles.h — the security roles lbterm looks at, spelled exactly as the CRM
 * does (an en dash, U+2013). The bus decides; lbterm only hides commands. */
#ifndef LB_ROLES_H
#define LB_ROLES_H

#define LB_ROLE_SECRETARIAAT "LB365 \u2013 Secretariaat"
#define LB_ROLE_ARCHIVERING  "LB365 \u2013 Archivering"
#define LB_ROLE_ADMIN        "Systeembeheerder"
#define LB_ROLE_MELDINGEN    "LB365 \u2013 Meldingen"

/* Who may use which screens (any one role of a list is enough; the lists
 * are NULL-terminated, for lb_view_class.roles). */
extern const char *const lb_roles_crm_readers[]; /* meetings, agenda items, dossiers */
extern const char *const lb_roles_archivists[];
extern const char *const lb_roles_admins[];
/* Meldingen: the helpdesk and the secretariat read them (the bus hides the
 * reporter's contact from both unless they also hold "LB365 – Meldingen
 * contactgegevens"); only the helpdesk takes down a new one. */
extern const char *const lb_roles_melding_readers[];
extern const char *const lb_roles_melding_takers[];

#endif
