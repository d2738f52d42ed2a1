/* list_view.c — a list screen is a view that holds one lb_list. */
#include "config.h"

#include <stdlib.h>

#include "views/list_view.h"

typedef struct {
    lb_view base;
    lb_list *list;
} list_view;

lb_view *lb_list_view_open(const lb_view_class *cls, lb_shell *shell)
{
    list_view *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    v->base.cls = cls;
    v->base.shell = shell;
    v->list = lb_list_new(cls->data, shell, NULL, NULL, NULL);
    if (!v->list) {
        free(v);
        return NULL;
    }
    lb_list_load(v->list);
    return &v->base;
}

void lb_list_view_close(lb_view *v)
{
    if (!v)
        return;
    lb_list_free(((list_view *)v)->list);
    free(v);
}

lb_list *lb_list_view_list(lb_view *v)
{
    return ((list_view *)v)->list;
}

void lb_list_view_describe(lb_view *v, char *buf, size_t size)
{
    lb_list_describe(lb_list_view_list(v), buf, size);
}

void lb_list_view_counts(lb_view *v, char *buf, size_t size)
{
    lb_list_counts(lb_list_view_list(v), buf, size);
}

void lb_list_view_draw(lb_view *v, int y, int x, int h, int w)
{
    lb_list_draw(lb_list_view_list(v), y, x, h, w, true);
}

int lb_list_view_key(lb_view *v, const lb_key *k)
{
    return lb_list_key(lb_list_view_list(v), k);
}

bool lb_list_view_available(lb_view *v, lb_action a, char *why, size_t why_size)
{
    return lb_list_available(lb_list_view_list(v), a, why, why_size);
}

int lb_list_view_act(lb_view *v, lb_action a)
{
    return lb_list_act(lb_list_view_list(v), a);
}

bool lb_list_view_busy(lb_view *v)
{
    return lb_list_loading(lb_list_view_list(v));
}
