/* list_view.h — the view operations of every list screen; a list screen's
 * class is LB_LIST_VIEW_CLASS(its lb_list_class). */
#ifndef LB_LIST_VIEW_H
#define LB_LIST_VIEW_H

#include "views/record_list.h"

lb_view *lb_list_view_open(const lb_view_class *cls, lb_shell *shell);
void lb_list_view_close(lb_view *v);
void lb_list_view_describe(lb_view *v, char *buf, size_t size);
void lb_list_view_counts(lb_view *v, char *buf, size_t size);
void lb_list_view_draw(lb_view *v, int y, int x, int h, int w);
int lb_list_view_key(lb_view *v, const lb_key *k);
bool lb_list_view_available(lb_view *v, lb_action a, char *why, size_t why_size);
int lb_list_view_act(lb_view *v, lb_action a);
lb_list *lb_list_view_list(lb_view *v);
bool lb_list_view_busy(lb_view *v);

/* The view class of the list screen LCLS (an lb_list_class); ID and TITLE
 * repeat its id and title (a static initialiser cannot read them). */
#define LB_LIST_VIEW_CLASS(vid, vtitle, lcls, vroles)                                            \
    {                                                                                            \
        .id = (vid), .title = (vtitle), .open = lb_list_view_open, .close = lb_list_view_close,  \
        .describe = lb_list_view_describe, .counts = lb_list_view_counts,                        \
        .draw = lb_list_view_draw, .key = lb_list_view_key, .available = lb_list_view_available, \
        .act = lb_list_view_act, .busy = lb_list_view_busy, .data = &(lcls), .roles = (vroles)   \
    }

#endif
