/* form.c — tabs of labelled fields, long values wrapped and scrollable. */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "ui/form.h"
#include "ui/safe_text.h"
#include "ui/text_width.h"
#include "ui/wrap.h"

typedef struct {
    char *label; /* translated, trusted */
    char *value; /* sanitized */
} form_field;

typedef struct {
    char *title;
    form_field *fields;
    size_t field_count, field_cap;
    lb_form_body body;
    bool has_body;
    size_t focus;  /* focused field */
    size_t scroll; /* first visible line */
} form_tab;

struct lb_form {
    char *title;
    form_tab *tabs;
    size_t tab_count;
    size_t current;
    int (*hook)(void *user, const lb_key *k); /* keys first (an editable form) */
    void *hook_user;
};

lb_form *lb_form_new(const char *title)
{
    lb_form *f = calloc(1, sizeof *f);
    if (f && !(f->title = strdup(title ? title : ""))) {
        free(f);
        return NULL;
    }
    return f;
}

static void tab_clear(form_tab *t)
{
    for (size_t i = 0; i < t->field_count; i++) {
        free(t->fields[i].label);
        free(t->fields[i].value);
    }
    t->field_count = 0;
    t->focus = t->scroll = 0;
}

void lb_form_free(lb_form *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->tab_count; i++) {
        tab_clear(&f->tabs[i]);
        free(f->tabs[i].fields);
        free(f->tabs[i].title);
    }
    free(f->tabs);
    free(f->title);
    free(f);
}

size_t lb_form_add_tab(lb_form *f, const char *title)
{
    form_tab *grown = realloc(f->tabs, (f->tab_count + 1) * sizeof *grown);
    if (!grown)
        return f->tab_count ? f->tab_count - 1 : 0;
    f->tabs = grown;
    form_tab *t = &f->tabs[f->tab_count];
    memset(t, 0, sizeof *t);
    t->title = strdup(title ? title : "");
    return f->tab_count++;
}

void lb_form_add_field(lb_form *f, size_t tab, const char *label, const char *value)
{
    if (tab >= f->tab_count)
        return;
    form_tab *t = &f->tabs[tab];
    if (t->field_count == t->field_cap) {
        size_t cap = t->field_cap ? t->field_cap * 2 : 16;
        form_field *grown = realloc(t->fields, cap * sizeof *grown);
        if (!grown)
            return;
        t->fields = grown;
        t->field_cap = cap;
    }
    form_field *fd = &t->fields[t->field_count];
    fd->label = strdup(label ? label : "");
    fd->value =
        value ? lb_safe_text_dup(value, strlen(value), LB_SAFE_KEEP_NEWLINES) : strdup("---");
    if (!fd->label || !fd->value) {
        free(fd->label);
        free(fd->value);
        return;
    }
    t->field_count++;
}

void lb_form_set_body(lb_form *f, size_t tab, const lb_form_body *body)
{
    if (tab < f->tab_count) {
        f->tabs[tab].body = *body;
        f->tabs[tab].has_body = true;
    }
}

void lb_form_clear_tab(lb_form *f, size_t tab)
{
    if (tab < f->tab_count)
        tab_clear(&f->tabs[tab]);
}

size_t lb_form_current_tab(const lb_form *f)
{
    return f->current;
}

void lb_form_select_tab(lb_form *f, size_t tab)
{
    if (tab < f->tab_count)
        f->current = tab;
}

const char *lb_form_title(const lb_form *f)
{
    return f->title;
}

void lb_form_set_key_hook(lb_form *f, int (*key)(void *user, const lb_key *k), void *user)
{
    f->hook = key;
    f->hook_user = user;
}

size_t lb_form_focus(const lb_form *f)
{
    return f->tab_count ? f->tabs[f->current].focus : 0;
}

void lb_form_set_focus(lb_form *f, size_t tab, size_t field)
{
    if (tab >= f->tab_count)
        return;
    f->current = tab;
    form_tab *t = &f->tabs[tab];
    t->focus = field < t->field_count ? field : (t->field_count ? t->field_count - 1 : 0);
}

typedef struct {
    int y, x, w, first, last; /* screen rows [first, last) of the region */
    int line;                 /* running line number of the whole tab */
    int scroll;
    lb_attr_role role;
} value_painter;

static void paint_value(void *user, const char *start, size_t len)
{
    value_painter *p = user;
    int row = p->y + p->line - p->scroll;
    p->line++;
    if (row < p->first || row >= p->last)
        return;
    char buf[2048];
    if (len >= sizeof buf)
        len = sizeof buf - 1;
    memcpy(buf, start, len);
    buf[len] = '\0';
    lb_ui_put(row, p->x, buf, p->w, p->role);
}

static int label_width(const form_tab *t, int w)
{
    int lw = 0;
    for (size_t i = 0; i < t->field_count; i++) {
        int n = (int)lb_text_width(t->fields[i].label, strlen(t->fields[i].label));
        if (n > lw)
            lw = n;
    }
    lw += 2;
    return lw > w / 2 ? w / 2 : lw;
}

void lb_form_draw(lb_form *f, int y, int x, int h, int w)
{
    if (h <= 0 || w <= 0)
        return;
    /* tab titles */
    lb_ui_fill(y, x, w, LB_ATTR_HEADER);
    int tx = x, cursor_y = y, cursor_x = x;
    for (size_t i = 0; i < f->tab_count && tx < x + w; i++) {
        char buf[256];
        bool cur = i == f->current;
        snprintf(buf, sizeof buf, cur ? "[%s]" : " %s ", f->tabs[i].title);
        int tw = (int)lb_text_width(buf, strlen(buf));
        if (tx + tw > x + w)
            tw = x + w - tx;
        lb_ui_put(y, tx, buf, tw, cur ? LB_ATTR_CURSOR : LB_ATTR_HEADER);
        if (cur)
            cursor_x = tx + 1;
        tx += tw + 1;
    }
    for (int r = 1; r < h; r++)
        lb_ui_fill(y + r, x, w, LB_ATTR_NORMAL);
    if (f->tab_count == 0)
        return;
    form_tab *t = &f->tabs[f->current];
    if (t->has_body) {
        t->body.draw(t->body.user, y + 1, x, h - 1, w, true);
        return;
    }
    int lw = label_width(t, w);
    int vw = w - lw - 1;
    if (vw < 1)
        vw = 1;
    /* keep the focused field in view */
    int line = 0, focus_line = 0, focus_lines = 1;
    for (size_t i = 0; i < t->field_count; i++) {
        int n = (int)lb_text_wrap(t->fields[i].value, strlen(t->fields[i].value), vw, NULL, NULL);
        if (n < 1)
            n = 1;
        if (i == t->focus) {
            focus_line = line;
            focus_lines = n;
        }
        line += n;
    }
    int rows = h - 1;
    if ((size_t)focus_line < t->scroll)
        t->scroll = (size_t)focus_line;
    if (focus_line + (focus_lines < rows ? focus_lines : 1) > (int)t->scroll + rows)
        t->scroll = (size_t)(focus_line + (focus_lines < rows ? focus_lines : 1) - rows);
    value_painter p = {y + 1, x + lw + 1, vw, y + 1, y + h, 0, (int)t->scroll, LB_ATTR_NORMAL};
    for (size_t i = 0; i < t->field_count; i++) {
        int row = y + 1 + p.line - p.scroll;
        bool foc = i == t->focus;
        if (row >= y + 1 && row < y + h) {
            /* linear mode reads "Naam: GR 20251007" */
            char label[256];
            snprintf(label, sizeof label, lb_ui_braille() ? "%s:" : "%s", t->fields[i].label);
            lb_ui_put(row, x, label, lw, foc ? LB_ATTR_CURSOR : LB_ATTR_HEADER);
            if (foc) {
                cursor_y = row;
                cursor_x = x;
            }
        }
        p.role = strcmp(t->fields[i].value, "---") == 0 ? LB_ATTR_DIM : LB_ATTR_NORMAL;
        int before = p.line;
        lb_text_wrap(t->fields[i].value, strlen(t->fields[i].value), vw, paint_value, &p);
        if (p.line == before)
            p.line++;
    }
    if (t->field_count == 0)
        cursor_y = y;
    move(cursor_y, cursor_x);
}

int lb_form_key(lb_form *f, const lb_key *k)
{
    if (f->hook) {
        int r = f->hook(f->hook_user, k);
        if (r != LB_UI_IGNORED)
            return r;
    }
    if (f->tab_count == 0)
        return !k->is_key && k->ch == 0x1B ? LB_UI_CLOSE : LB_UI_HANDLED;
    form_tab *t = &f->tabs[f->current];
    if (t->has_body && t->body.key) {
        int r = t->body.key(t->body.user, k);
        if (r != LB_UI_IGNORED)
            return r;
    }
    if (!k->is_key) {
        if (k->ch == 0x1B)
            return LB_UI_CLOSE;
        if (k->ch == '\t') {
            f->current = (f->current + 1) % f->tab_count;
            return LB_UI_REDRAW;
        }
        if (k->ch >= '1' && k->ch <= '9' && k->ch - '1' < f->tab_count) {
            f->current = k->ch - '1';
            return LB_UI_REDRAW;
        }
        return LB_UI_IGNORED;
    }
    switch (k->key) {
    case KEY_BTAB:
    case KEY_LEFT: f->current = (f->current + f->tab_count - 1) % f->tab_count; return LB_UI_REDRAW;
    case KEY_RIGHT: f->current = (f->current + 1) % f->tab_count; return LB_UI_REDRAW;
    case KEY_UP:
        if (t->focus > 0)
            t->focus--;
        return LB_UI_REDRAW;
    case KEY_DOWN:
        if (t->focus + 1 < t->field_count)
            t->focus++;
        return LB_UI_REDRAW;
    case KEY_PPAGE: t->focus = t->focus > 10 ? t->focus - 10 : 0; return LB_UI_REDRAW;
    case KEY_NPAGE:
        t->focus = t->focus + 10 < t->field_count ? t->focus + 10
                                                  : (t->field_count ? t->field_count - 1 : 0);
        return LB_UI_REDRAW;
    default: return LB_UI_IGNORED;
    }
}
