/* view.h — a screen is a table of operations plus its columns and actions
 * (tig's view_ops, htop's panel classes). Views only use client/ and ui/. */
#ifndef LB_VIEW_H
#define LB_VIEW_H

#include <stddef.h>

/* What an action changed; only the main loop redraws (htop's idea). */
typedef enum {
    LB_VIEW_UNCHANGED = 0,
    LB_VIEW_REDRAW_ROWS = 1 << 0,
    LB_VIEW_REDRAW_BARS = 1 << 1,
    LB_VIEW_RELOAD = 1 << 2,
    LB_VIEW_QUIT = 1 << 3,
} lb_view_change;

typedef struct lb_view lb_view;

typedef struct {
    const char *id;    /* stable name, used in config and on the command line */
    const char *title; /* N_()-marked, translated where shown */
    lb_view *(*open)(void *app);
    void (*close)(lb_view *view);
} lb_view_class;

/* All screens lbterm offers, in view-switcher order. */
const lb_view_class *const *lb_view_classes(size_t *count_out);

#endif
