/* gated_list.h — a list screen only some roles may use (Vergadertypes and
 * Dossiertypes for administrators, Meldingen for the helpdesk). It loads only
 * once whoami says the user has the role; until then, or without the role,
 * the screen says so in a sentence instead of letting the bus answer 403. */
#ifndef LB_GATED_LIST_H
#define LB_GATED_LIST_H

#include <stdbool.h>
#include <stddef.h>

#include "views/record_list.h"
#include "views/shell.h"

typedef struct {
    lb_list *list; /* owned */
    lb_shell *shell;
    const char *role;     /* LB_ROLE_* the list needs */
    const char *why_text; /* N_() sentence shown without the role; %s is the role */
    bool started;         /* the list loads (the user has the role) */
} lb_gated_list;

/* Makes the list of LC; false when out of memory. */
bool lb_gated_init(lb_gated_list *g, const lb_list_class *lc, lb_shell *shell, const char *role,
                   const char *why_text);
void lb_gated_done(lb_gated_list *g);
/* Starts loading once whoami has answered with the role (call every tick). */
void lb_gated_tick(lb_gated_list *g);
/* The view operations for the list part: before the start, empty texts and
 * the sentence; after it, the list's own. */
void lb_gated_describe(lb_gated_list *g, char *buf, size_t size);
void lb_gated_counts(lb_gated_list *g, char *buf, size_t size);
void lb_gated_draw(lb_gated_list *g, int y, int x, int h, int w);
/* Without the role: false, and WHY (when not NULL) names the role. */
bool lb_gated_refused(lb_gated_list *g, char *why, size_t why_size);

#endif
