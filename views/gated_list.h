/* gated_list.h — a list screen only some roles may use (Vergadertypes and
 * Dossiertypes for administrators, Meldingen for the helpdesk and the
 * secretariat). It loads only once whoami says the user has one of the
 * roles; until then, or without any, the screen says so in a sentence
 * instead of letting the bus answer 403. */
#ifndef LB_GATED_LIST_H
#define LB_GATED_LIST_H

#include <stdbool.h>
#include <stddef.h>

#include "views/record_list.h"
#include "views/shell.h"

typedef struct {
    lb_list *list; /* owned */
    lb_shell *shell;
    /* The LB_ROLE_* the list needs, NULL-terminated, one or two of them: any
     * one is enough (not owned; a static list from roles.h). */
    const char *const *roles;
    /* N_() sentence shown without any of the roles: its first "%s" names the
     * first role, its second (if any) the second. */
    const char *why_text;
    bool started; /* the list loads (the user has one of the roles) */
} lb_gated_list;

/* Makes the list of LC; false when out of memory. */
bool lb_gated_init(lb_gated_list *g, const lb_list_class *lc, lb_shell *shell,
                   const char *const *roles, const char *why_text);
void lb_gated_done(lb_gated_list *g);
/* Starts loading once whoami has answered with the role (call every tick). */
void lb_gated_tick(lb_gated_list *g);
/* The view operations for the list part: before the start, empty texts and
 * the sentence; after it, the list's own. */
void lb_gated_describe(lb_gated_list *g, char *buf, size_t size);
void lb_gated_counts(lb_gated_list *g, char *buf, size_t size);
void lb_gated_draw(lb_gated_list *g, int y, int x, int h, int w);
/* Without any of the roles: true, and WHY (when not NULL, and once whoami
 * has answered) names them. */
bool lb_gated_refused(lb_gated_list *g, char *why, size_t why_size);
/* True when SH's user holds one of ROLES (NULL-terminated). */
bool lb_gated_has_any(lb_shell *sh, const char *const *roles);
/* Puts into WHY the short "waarom niet?" reason naming ROLES (one or two):
 * "Needs the role "A" (or "B") (given by an administrator)." */
void lb_gated_why_roles(const char *const *roles, char *why, size_t why_size);

#endif
