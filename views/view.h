/* view.h — a screen is a table of operations plus its columns and actions
 * (tig's view_ops, htop's panel classes). Views only use client/ and ui/.
 * Operations return LB_UI_* flags; only the shell draws. */
#ifndef LB_VIEW_H
#define LB_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/ui.h"
#include "views/actions.h"

typedef struct lb_view lb_view;
typedef struct lb_shell lb_shell;

typedef struct lb_view_class lb_view_class;

struct lb_view_class {
    const char *id;    /* stable name, used on the command line (--view) */
    const char *title; /* N_()-marked, translated where shown */
    lb_view *(*open)(const lb_view_class *cls, lb_shell *shell);
    void (*close)(lb_view *view);
    /* The title line's text after the screen name (preset, filters). */
    void (*describe)(lb_view *view, char *buf, size_t size);
    /* The counts for the status line ("12 geselecteerd van 1.204"). */
    void (*counts)(lb_view *view, char *buf, size_t size);
    void (*draw)(lb_view *view, int y, int x, int h, int w);
    /* Keys that are not actions (navigation); LB_UI_IGNORED passes them on. */
    int (*key)(lb_view *view, const lb_key *k);
    /* Whether ACTION is offered here now; when not and WHY is not NULL, a
     * translated sentence saying what would allow it ("" when the action
     * simply does not exist on this screen). */
    bool (*available)(lb_view *view, lb_action action, char *why, size_t why_size);
    int (*act)(lb_view *view, lb_action action);
    /* True while the view waits for the bus (a load in progress). */
    bool (*busy)(lb_view *view);
    /* Called every loop turn: loading progress, timers (may be NULL). */
    void (*tick)(lb_view *view);
    const void *data; /* the class's own data (a list screen's lb_list_class) */
    /* The roles that may use the screen, NULL-terminated; any one of them is
     * enough. NULL: everyone. Only chooses where lbterm starts: the bus decides. */
    const char *const *roles;
};

/* Every view object starts with this header. */
struct lb_view {
    const lb_view_class *cls;
    lb_shell *shell;
};

/* All screens lbterm offers, in view-switcher order. */
const lb_view_class *const *lb_view_classes(size_t *count_out);
const lb_view_class *lb_view_class_find(const char *id);

#endif
