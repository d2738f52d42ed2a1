/* table.c — virtual rows, widths from content and the terminal's width. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"
#include "ui/table.h"
#include "ui/text_width.h"

#define CELL_BYTES     1024
#define CHECKBOX_CELLS 4 /* "[x] " */

void lb_table_init(lb_table *t, const lb_table_column *columns, size_t count,
                   const lb_table_source *src, bool checkboxes)
{
    memset(t, 0, sizeof *t);
    t->columns = columns;
    t->column_count = count;
    t->src = *src;
    t->checkboxes = checkboxes;
    t->sort_col = t->sort_col2 = -1;
    t->widths = calloc(count ? count : 1, sizeof *t->widths);
    t->widths_stale = true;
}

void lb_table_done(lb_table *t)
{
    free(t->widths);
    t->widths = NULL;
}

static size_t rows(const lb_table *t)
{
    return t->src.row_count ? t->src.row_count(t->src.user) : 0;
}

int lb_table_page_rows(const lb_table *t)
{
    return t->h > 1 ? t->h - 1 : 0;
}

void lb_table_place(lb_table *t, int y, int x, int h, int w)
{
    if (t->y != y || t->x != x || t->h != h || t->w != w)
        t->widths_stale = true;
    t->y = y;
    t->x = x;
    t->h = h;
    t->w = w;
    lb_table_clamp(t);
}

void lb_table_remeasure(lb_table *t)
{
    t->widths_stale = true;
}

static int text_cells(const char *s)
{
    return (int)lb_text_width(s, strlen(s));
}

static const char *sort_mark(const lb_table *t, size_t c)
{
    bool u = lb_ui_utf8();
    if ((int)c == t->sort_col)
        return t->sort_desc ? (u ? "▼" : "v") : (u ? "▲" : "^");
    if ((int)c == t->sort_col2)
        return t->sort_desc2 ? (u ? "▽" : "v") : (u ? "△" : "^");
    return NULL;
}

/* Natural widths from the header and the rows on screen, then fitted: extra
 * room goes to unbounded columns, a shortfall is taken from the widest. */
static void measure(lb_table *t)
{
    size_t n = t->column_count;
    int avail = t->w - (t->checkboxes ? CHECKBOX_CELLS : 0) - (int)(n ? n - 1 : 0);
    char buf[CELL_BYTES];
    size_t total = rows(t), page = (size_t)lb_table_page_rows(t);
    for (size_t c = 0; c < n; c++) {
        const lb_table_column *col = &t->columns[c];
        int want = text_cells(col->title) + 2; /* room for the sort mark */
        for (size_t r = t->top; r < total && r < t->top + page; r++) {
            buf[0] = '\0';
            t->src.cell(t->src.user, r, c, buf, sizeof buf);
            int cw = text_cells(buf);
            if (cw > want)
                want = cw;
        }
        if (want < col->min_width)
            want = col->min_width;
        /* a column is never narrower than its title and sort mark */
        int cap = col->max_width;
        if (cap > 0 && cap < text_cells(col->title) + 2)
            cap = text_cells(col->title) + 2;
        if (cap > 0 && want > cap)
            want = cap;
        t->widths[c] = want;
    }
    int sum = 0;
    for (size_t c = 0; c < n; c++)
        sum += t->widths[c];
    while (sum > avail) {
        /* shrink the widest column above its minimum by one cell */
        size_t wi = n;
        for (size_t c = 0; c < n; c++) {
            int floor = t->columns[c].min_width > 3 ? t->columns[c].min_width : 3;
            if (t->widths[c] > floor && (wi == n || t->widths[c] > t->widths[wi]))
                wi = c;
        }
        if (wi == n)
            break;
        t->widths[wi]--;
        sum--;
    }
    if (sum < avail) {
        size_t flex = 0;
        for (size_t c = 0; c < n; c++)
            flex += t->columns[c].max_width == 0;
        int extra = avail - sum;
        for (size_t c = 0; c < n && flex; c++) {
            if (t->columns[c].max_width != 0)
                continue;
            int give = extra / (int)flex--;
            t->widths[c] += give;
            extra -= give;
        }
    }
    t->widths_stale = false;
}

/* Linear header: the sort order in words, since a braille display shows
 * no arrow the way a sighted user sees one. */
static void draw_header_linear(const lb_table *t)
{
    char line[512] = "";
    size_t o = 0;
    int keys[2] = {t->sort_col, t->sort_col2};
    bool desc[2] = {t->sort_desc, t->sort_desc2};
    for (int i = 0; i < 2 && o < sizeof line; i++) {
        if (keys[i] < 0 || (size_t)keys[i] >= t->column_count)
            continue;
        /* TRANSLATORS: linear (braille) mode, the table's sort order:
         * "Sorted by: Begin, descending; then Name, ascending" */
        o += (size_t)snprintf(line + o, sizeof line - o, "%s%s %s, %s", o ? "; " : "",
                              i == 0 ? _("Sorted by:") : _("then"), t->columns[keys[i]].title,
                              desc[i] ? _("descending") : _("ascending"));
    }
    lb_ui_fill(t->y, t->x, t->w, LB_ATTR_HEADER);
    lb_ui_put(t->y, t->x, line, t->w, LB_ATTR_HEADER);
}

/* Linear row: "[x] Name: GR 20251007; Meeting type: Gemeenteraad; …". */
static void draw_row_linear(const lb_table *t, int y, size_t r, bool sel, lb_attr_role role)
{
    char line[4096], buf[CELL_BYTES];
    size_t o = 0;
    line[0] = '\0';
    if (t->checkboxes)
        o += (size_t)snprintf(line, sizeof line, "%s", sel ? "[x] " : "[ ] ");
    for (size_t c = 0; c < t->column_count && o < sizeof line; c++) {
        buf[0] = '\0';
        t->src.cell(t->src.user, r, c, buf, sizeof buf);
        o += (size_t)snprintf(line + o, sizeof line - o, "%s%s: %s", c ? "; " : "",
                              t->columns[c].title, buf);
    }
    lb_ui_fill(y, t->x, t->w, role);
    lb_ui_put(y, t->x, line, t->w, role);
}

static void draw_header(const lb_table *t)
{
    if (lb_ui_braille()) {
        draw_header_linear(t);
        return;
    }
    int x = t->x;
    int end = t->x + t->w;
    lb_ui_fill(t->y, t->x, t->w, LB_ATTR_HEADER);
    if (t->checkboxes)
        x += CHECKBOX_CELLS;
    for (size_t c = 0; c < t->column_count && x < end; c++) {
        int cw = t->widths[c];
        if (x + cw > end)
            cw = end - x;
        char title[256];
        const char *mark = sort_mark(t, c);
        snprintf(title, sizeof title, "%s%s%s", t->columns[c].title, mark ? " " : "",
                 mark ? mark : "");
        lb_ui_put(t->y, x, title, cw, LB_ATTR_HEADER);
        x += cw + 1;
    }
}

static void draw_row(const lb_table *t, int y, size_t r, bool is_cursor)
{
    bool sel = t->src.selected && t->src.selected(t->src.user, r);
    lb_attr_role role = is_cursor ? LB_ATTR_CURSOR : sel ? LB_ATTR_SELECTED : LB_ATTR_NORMAL;
    if (lb_ui_braille()) {
        draw_row_linear(t, y, r, sel, role);
        return;
    }
    int x = t->x, end = t->x + t->w;
    lb_ui_fill(y, t->x, t->w, role);
    if (t->checkboxes) {
        lb_ui_put(y, x, sel ? "[x] " : "[ ] ", CHECKBOX_CELLS, role);
        x += CHECKBOX_CELLS;
    }
    char buf[CELL_BYTES];
    for (size_t c = 0; c < t->column_count && x < end; c++) {
        int cw = t->widths[c];
        if (x + cw > end)
            cw = end - x;
        buf[0] = '\0';
        t->src.cell(t->src.user, r, c, buf, sizeof buf);
        if (t->columns[c].right_align) {
            int tw = text_cells(buf);
            if (tw < cw) {
                lb_ui_put(y, x + cw - tw, buf, tw, role);
                x += cw + 1;
                continue;
            }
        }
        lb_ui_put(y, x, buf, cw, role);
        x += cw + 1;
    }
}

void lb_table_draw(lb_table *t, bool focused)
{
    if (t->h <= 0 || t->w <= 0)
        return;
    lb_table_clamp(t);
    if (t->widths_stale)
        measure(t);
    draw_header(t);
    size_t total = rows(t);
    int page = lb_table_page_rows(t);
    for (int i = 0; i < page; i++) {
        size_t r = t->top + (size_t)i;
        int y = t->y + 1 + i;
        if (r < total)
            draw_row(t, y, r, focused && r == t->cursor);
        else
            lb_ui_fill(y, t->x, t->w, LB_ATTR_NORMAL);
    }
    if (total == 0 && page > 0 && t->empty_text)
        lb_ui_put(t->y + 1, t->x + 1, t->empty_text, t->w - 1, LB_ATTR_DIM);
}

void lb_table_park_cursor(const lb_table *t)
{
    int y = t->y + 1 + (int)(t->cursor - t->top);
    if (rows(t) == 0)
        y = t->y + 1;
    if (y >= 0 && y < LINES && t->x < COLS)
        move(y, t->x);
}

void lb_table_clamp(lb_table *t)
{
    size_t total = rows(t);
    size_t page = (size_t)lb_table_page_rows(t);
    if (total == 0) {
        t->cursor = t->top = 0;
        return;
    }
    if (t->cursor >= total)
        t->cursor = total - 1;
    if (page == 0) {
        t->top = t->cursor;
        return;
    }
    if (t->cursor < t->top)
        t->top = t->cursor;
    if (t->cursor >= t->top + page)
        t->top = t->cursor - page + 1;
    if (t->top + page > total)
        t->top = total > page ? total - page : 0;
}

void lb_table_set_cursor(lb_table *t, size_t row)
{
    size_t old_top = t->top;
    t->cursor = row;
    lb_table_clamp(t);
    /* Jumps (find, refresh) put the row in the middle rather than the edge. */
    size_t page = (size_t)lb_table_page_rows(t);
    if (t->top != old_top && page > 2 && row >= page / 2 && row - page / 2 + page <= rows(t))
        t->top = row - page / 2;
    lb_table_clamp(t);
}

static int move_cursor(lb_table *t, long delta)
{
    size_t total = rows(t);
    if (total == 0)
        return LB_UI_HANDLED;
    size_t old = t->cursor;
    long target = (long)t->cursor + delta;
    if (target < 0)
        target = 0;
    if ((size_t)target >= total)
        target = (long)total - 1;
    t->cursor = (size_t)target;
    lb_table_clamp(t);
    return old == t->cursor ? LB_UI_HANDLED : LB_UI_REDRAW;
}

int lb_table_key(lb_table *t, const lb_key *k, int *header_click)
{
    long page = lb_table_page_rows(t) > 1 ? lb_table_page_rows(t) - 1 : 1;
    if (!k->is_key)
        return LB_UI_IGNORED;
    switch (k->key) {
    case KEY_UP: return move_cursor(t, -1);
    case KEY_DOWN: return move_cursor(t, 1);
    case KEY_PPAGE: return move_cursor(t, -page);
    case KEY_NPAGE: return move_cursor(t, page);
    case KEY_HOME: return move_cursor(t, -(long)rows(t));
    case KEY_END: return move_cursor(t, (long)rows(t));
    case KEY_MOUSE:
        if (k->button == 4)
            return move_cursor(t, -3);
        if (k->button == 5)
            return move_cursor(t, 3);
        if (k->button == 1 && k->mouse_y >= t->y && k->mouse_y < t->y + t->h &&
            k->mouse_x >= t->x && k->mouse_x < t->x + t->w) {
            if (k->mouse_y == t->y) {
                int x = t->x + (t->checkboxes ? CHECKBOX_CELLS : 0);
                for (size_t c = 0; c < t->column_count; c++) {
                    if (k->mouse_x >= x && k->mouse_x < x + t->widths[c] + 1) {
                        if (header_click)
                            *header_click = (int)c;
                        return LB_UI_REDRAW;
                    }
                    x += t->widths[c] + 1;
                }
                return LB_UI_HANDLED;
            }
            size_t r = t->top + (size_t)(k->mouse_y - t->y - 1);
            if (r < rows(t)) {
                t->cursor = r;
                return LB_UI_REDRAW;
            }
            return LB_UI_HANDLED;
        }
        return LB_UI_IGNORED;
    default: return LB_UI_IGNORED;
    }
}
