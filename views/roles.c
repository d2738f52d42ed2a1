/* roles.c — which roles may use which screens (see roles.h). */
#include "config.h"

#include <stddef.h>

#include "views/roles.h"

const char *const lb_roles_crm_readers[] = {LB_ROLE_SECRETARIAAT, LB_ROLE_ARCHIVERING,
                                            LB_ROLE_ADMIN, NULL};
const char *const lb_roles_archivists[] = {LB_ROLE_ARCHIVERING, NULL};
const char *const lb_roles_admins[] = {LB_ROLE_ADMIN, NULL};
const char *const lb_roles_melding_readers[] = {LB_ROLE_MELDINGEN, LB_ROLE_SECRETARIAAT, NULL};
const char *const lb_roles_melding_takers[] = {LB_ROLE_MELDINGEN, NULL};
