/* text_pager.c — a wrapped, line-by-line scrollable text in a form tab. The
 * line starts are computed once per width, so a 50 kB description scrolls
 * as cheaply as a short one. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"
#include "ui/safe_text.h"
#include "ui/text_pager.h"
#include "ui/wrap.h"

typedef struct {
    size_t start, len;
} pager_line;

struct lb_text_pager {
    char *text; /* sanitized */
    size_t text_len;
    pager_line *lines;
    size_t line_count, line_cap;
    int width; /* the width LINES was computed for; 0: none yet */
    size_t top;
    int page; /* rows of text at the last draw */
};

lb_text_pager *lb_text_pager_new(const char *text, size_t len)
{
    lb_text_pager *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->text = lb_safe_text_dup(text ? text : "", text ? len : 0, LB_SAFE_KEEP_NEWLINES);
    if (!p->text) {
        free(p);
        return NULL;
    }
    p->text_len = strlen(p->text);
    p->page = 10;
    return p;
}

void lb_text_pager_free(lb_text_pager *p)
{
    if (!p)
        return;
    free(p->lines);
    free(p->text);
    free(p);
}

static void add_line(void *user, const char *start, size_t len)
{
    lb_text_pager *p = user;
    if (p->line_count == p->line_cap) {
        size_t cap = p->line_cap ? p->line_cap * 2 : 64;
        pager_line *grown = realloc(p->lines, cap * sizeof *grown);
        if (!grown)
            return;
        p->lines = grown;
        p->line_cap = cap;
    }
    p->lines[p->line_count++] = (pager_line){(size_t)(start - p->text), len};
}

static void layout(lb_text_pager *p, int width)
{
    if (width == p->width)
        return;
    /* keep the same text at the top after a resize */
    size_t anchor = p->top < p->line_count ? p->lines[p->top].start : 0;
    p->line_count = 0;
    lb_text_wrap(p->text, p->text_len, width, add_line, p);
    p->width = width;
    p->top = 0;
    for (size_t i = 0; i < p->line_count && p->lines[i].start <= anchor; i++)
        p->top = i;
}

static size_t max_top(const lb_text_pager *p)
{
    size_t page = p->page > 0 ? (size_t)p->page : 1;
    return p->line_count > page ? p->line_count - page : 0;
}

static void pager_draw(void *user, int y, int x, int h, int w, bool focused)
{
    lb_text_pager *p = user;
    (void)focused;
    if (h < 1 || w < 4)
        return;
    int rows = h > 2 ? h - 1 : h; /* the last row tells where we are */
    layout(p, w - 2);
    p->page = rows;
    if (p->top > max_top(p))
        p->top = max_top(p);
    char buf[4096];
    for (int r = 0; r < rows; r++) {
        size_t i = p->top + (size_t)r;
        lb_ui_fill(y + r, x, w, LB_ATTR_NORMAL);
        if (i >= p->line_count)
            continue;
        size_t len = p->lines[i].len < sizeof buf - 1 ? p->lines[i].len : sizeof buf - 1;
        memcpy(buf, p->text + p->lines[i].start, len);
        buf[len] = '\0';
        lb_ui_put(y + r, x + 1, buf, w - 2, LB_ATTR_NORMAL);
    }
    if (rows < h) {
        char where[160];
        size_t last = p->top + (size_t)rows;
        if (last > p->line_count)
            last = p->line_count;
        /* TRANSLATORS: the position in a long text: "Lines 1–20 of 310 (PgUp/PgDn, Home/End)" */
        snprintf(where, sizeof where, _("Lines %zu–%zu of %zu (Up/Down, PgUp/PgDn, Home/End)"),
                 p->line_count ? p->top + 1 : 0, last, p->line_count);
        lb_ui_put(y + h - 1, x, where, w, LB_ATTR_DIM);
    }
    move(y, x);
}

static int pager_key(void *user, const lb_key *k)
{
    lb_text_pager *p = user;
    size_t page = p->page > 1 ? (size_t)p->page - 1 : 1, top = p->top;
    if (!k->is_key) {
        if (k->ch != ' ')
            return LB_UI_IGNORED;
        top += page;
    } else {
        switch (k->key) {
        case KEY_UP: top = top ? top - 1 : 0; break;
        case KEY_DOWN: top++; break;
        case KEY_PPAGE: top = top > page ? top - page : 0; break;
        case KEY_NPAGE: top += page; break;
        case KEY_HOME: top = 0; break;
        case KEY_END: top = max_top(p); break;
        case KEY_MOUSE:
            if (k->button == 4)
                top = top > 3 ? top - 3 : 0;
            else if (k->button == 5)
                top += 3;
            else
                return LB_UI_IGNORED;
            break;
        default: return LB_UI_IGNORED;
        }
    }
    if (top > max_top(p))
        top = max_top(p);
    if (top == p->top)
        return LB_UI_HANDLED;
    p->top = top;
    return LB_UI_REDRAW;
}

void lb_text_pager_body(lb_text_pager *p, lb_form_body *out)
{
    out->draw = pager_draw;
    out->key = pager_key;
    out->user = p;
}

size_t lb_text_pager_top(const lb_text_pager *p)
{
    return p->top;
}

size_t lb_text_pager_lines(const lb_text_pager *p)
{
    return p->line_count;
}
