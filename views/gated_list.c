/* gated_list.c — see gated_list.h. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "i18n/i18n.h"
#include "ui/ui.h"
#include "ui/wrap.h"
#include "views/gated_list.h"

bool lb_gated_init(lb_gated_list *g, const lb_list_class *lc, lb_shell *shell, const char *role,
                   const char *why_text)
{
    *g = (lb_gated_list){.shell = shell, .role = role, .why_text = why_text};
    g->list = lb_list_new(lc, shell, NULL, NULL, NULL);
    if (!g->list)
        return false;
    lb_gated_tick(g);
    return true;
}

void lb_gated_done(lb_gated_list *g)
{
    lb_list_free(g->list);
    g->list = NULL;
}

void lb_gated_tick(lb_gated_list *g)
{
    if (g->started || !lb_shell_who(g->shell) || !lb_shell_has_role(g->shell, g->role))
        return;
    g->started = true;
    lb_list_load(g->list);
}

void lb_gated_describe(lb_gated_list *g, char *buf, size_t size)
{
    if (g->started)
        lb_list_describe(g->list, buf, size);
    else if (size)
        buf[0] = '\0';
}

void lb_gated_counts(lb_gated_list *g, char *buf, size_t size)
{
    if (g->started)
        lb_list_counts(g->list, buf, size);
    else if (size)
        buf[0] = '\0';
}

typedef struct {
    int y, x, w, last;
} text_painter;

static void paint_line(void *user, const char *start, size_t len)
{
    text_painter *p = user;
    if (p->y > p->last)
        return;
    char line[1024];
    if (len >= sizeof line)
        len = sizeof line - 1;
    memcpy(line, start, len);
    line[len] = '\0';
    lb_ui_put(p->y++, p->x, line, p->w, LB_ATTR_NORMAL);
}

void lb_gated_draw(lb_gated_list *g, int y, int x, int h, int w)
{
    if (g->started) {
        lb_list_draw(g->list, y, x, h, w, true);
        return;
    }
    for (int r = 0; r < h; r++)
        lb_ui_fill(y + r, x, w, LB_ATTR_NORMAL);
    if (h < 2 || w < 8)
        return;
    char text[600];
    if (!lb_shell_who(g->shell))
        snprintf(text, sizeof text, "%s", _("Checking your roles…"));
    else {
        /* the sentence names the role where its "%s" is (a literal format
         * keeps the compiler's checks) */
        const char *fmt = _(g->why_text), *at = strstr(fmt, "%s");
        if (at)
            snprintf(text, sizeof text, "%.*s%s%s", (int)(at - fmt), fmt, g->role, at + 2);
        else
            snprintf(text, sizeof text, "%s", fmt);
    }
    text_painter p = {y + 1, x + 2, w - 4, y + h - 1};
    lb_text_wrap(text, strlen(text), w - 4, paint_line, &p);
}

bool lb_gated_refused(lb_gated_list *g, char *why, size_t why_size)
{
    if (g->started)
        return false;
    if (why && why_size && lb_shell_who(g->shell))
        /* TRANSLATORS: %s is a role name such as "LB365 – Meldingen". */
        snprintf(why, why_size, _("Needs the role \"%s\" (given by an administrator)."), g->role);
    return true;
}
