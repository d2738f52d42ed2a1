/* gated_list.c — see gated_list.h. */
#include "config.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "i18n/i18n.h"
#include "ui/ui.h"
#include "ui/wrap.h"
#include "views/gated_list.h"

static size_t role_count(const char *const *roles)
{
    size_t n = 0;
    while (roles[n])
        n++;
    return n;
}

bool lb_gated_init(lb_gated_list *g, const lb_list_class *lc, lb_shell *shell,
                   const char *const *roles, const char *why_text)
{
    /* the sentences name one role or two ("A" or "B") */
    assert(roles && role_count(roles) >= 1 && role_count(roles) <= 2);
    *g = (lb_gated_list){.shell = shell, .roles = roles, .why_text = why_text};
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

bool lb_gated_has_any(lb_shell *sh, const char *const *roles)
{
    for (size_t i = 0; roles && roles[i]; i++)
        if (lb_shell_has_role(sh, roles[i]))
            return true;
    return false;
}

void lb_gated_why_roles(const char *const *roles, char *why, size_t why_size)
{
    if (!why || !why_size)
        return;
    if (role_count(roles) >= 2)
        /* TRANSLATORS: the two %s are role names such as "LB365 – Meldingen"
         * and "LB365 – Secretariaat"; either one is enough. */
        snprintf(why, why_size, _("Needs the role \"%s\" or \"%s\" (given by an administrator)."),
                 roles[0], roles[1]);
    else
        /* TRANSLATORS: %s is a role name such as "LB365 – Meldingen". */
        snprintf(why, why_size, _("Needs the role \"%s\" (given by an administrator)."), roles[0]);
}

void lb_gated_tick(lb_gated_list *g)
{
    if (g->started || !lb_shell_who(g->shell) || !lb_gated_has_any(g->shell, g->roles))
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
        /* each "%s" of the sentence names the next role (a literal format
         * keeps the compiler's checks) */
        const char *fmt = _(g->why_text), *at;
        size_t o = 0, r = 0;
        text[0] = '\0';
        while (o < sizeof text && (at = strstr(fmt, "%s"))) {
            const char *role = g->roles[r] ? g->roles[r++] : "";
            o += (size_t)snprintf(text + o, sizeof text - o, "%.*s%s", (int)(at - fmt), fmt, role);
            fmt = at + 2;
        }
        if (o < sizeof text)
            snprintf(text + o, sizeof text - o, "%s", fmt);
    }
    text_painter p = {y + 1, x + 2, w - 4, y + h - 1};
    lb_text_wrap(text, strlen(text), w - 4, paint_line, &p);
}

bool lb_gated_refused(lb_gated_list *g, char *why, size_t why_size)
{
    if (g->started)
        return false;
    if (why && why_size && lb_shell_who(g->shell))
        lb_gated_why_roles(g->roles, why, why_size);
    return true;
}
