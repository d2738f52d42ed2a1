/* list_chart.c — "Grafiek": counts of the shown (filtered) rows grouped by a
 * column, drawn as horizontal bars with the count beside each bar, largest
 * first. The chart is a form tab body, so Esc closes it and a resize simply
 * draws it again at the new size. Labels are the cells as the list shows
 * them (sanitized); bars are '#' on terminals without UTF-8 and in braille
 * mode. */
#include "config.h"

#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n/i18n.h"
#include "ui/safe_text.h"
#include "ui/text_fold.h"
#include "ui/text_width.h"
#include "views/list_chart.h"
#include "views/list_internal.h"

/* More distinct values than this and a column is no grouping (names, dates). */
#define CHART_MAX_GROUPS 200

typedef struct {
    char *label; /* sanitized */
    size_t count;
} chart_group;

/* Groups by label: open addressing over a power-of-two table. */
typedef struct {
    chart_group *slots;
    size_t cap, used;
} group_map;

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static void map_done(group_map *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->slots[i].label);
    free(m->slots);
    *m = (group_map){0};
}

static bool map_grow(group_map *m)
{
    group_map g = {calloc(m->cap ? m->cap * 2 : 64, sizeof *g.slots), m->cap ? m->cap * 2 : 64, 0};
    if (!g.slots)
        return false;
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->slots[i].label)
            continue;
        size_t j = hash(m->slots[i].label) & (g.cap - 1);
        while (g.slots[j].label)
            j = (j + 1) & (g.cap - 1);
        g.slots[j] = m->slots[i];
        g.used++;
    }
    free(m->slots);
    *m = g;
    return true;
}

static bool map_add(group_map *m, const char *label)
{
    if ((m->used + 1) * 2 > m->cap && !map_grow(m))
        return false;
    size_t j = hash(label) & (m->cap - 1);
    while (m->slots[j].label && strcmp(m->slots[j].label, label) != 0)
        j = (j + 1) & (m->cap - 1);
    if (!m->slots[j].label) {
        if (!(m->slots[j].label = strdup(label)))
            return false;
        m->used++;
    }
    m->slots[j].count++;
    return true;
}

/* ---- what can be grouped ---- */

typedef struct {
    lb_list *list;
    int columns[32]; /* column index, or -1 for the year of the record's date */
    size_t count;
} chart_choice;

/* The cell of column COL (-1: year) of REC as the list shows it. */
static void cell_text(const lb_list *l, int col, const void *rec, char *out, size_t size)
{
    char raw[1024] = "";
    if (col < 0) {
        lb_time t = l->cls->record_date(rec);
        time_t tt = (time_t)t;
        struct tm tm;
        if (t == LB_TIME_NULL || !localtime_r(&tt, &tm))
            snprintf(raw, sizeof raw, "---");
        else
            snprintf(raw, sizeof raw, "%d", tm.tm_year + 1900);
    } else {
        l->cls->columns[col].text(rec, raw, sizeof raw);
    }
    lb_safe_text(out, size, raw, strlen(raw), LB_SAFE_ONE_LINE);
}

static bool count_groups(const lb_list *l, int col, group_map *m, size_t limit)
{
    char text[4096];
    for (size_t i = 0; i < l->row_count; i++) {
        cell_text(l, col, l->rows[i], text, sizeof text);
        if (!map_add(m, text) || m->used > limit)
            return false;
    }
    return true;
}

/* ---- the chart ---- */

typedef struct {
    char *title;
    chart_group *groups;
    size_t count, total;
    size_t top; /* first group shown */
    int page;   /* groups on the last drawn page */
} chart;

static void chart_free(void *p)
{
    chart *c = p;
    if (!c)
        return;
    for (size_t i = 0; i < c->count; i++)
        free(c->groups[i].label);
    free(c->groups);
    free(c->title);
    free(c);
}

static int by_count(const void *a, const void *b)
{
    const chart_group *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return lb_fold_cmp(x->label, y->label);
}

static void chart_draw(void *user, int y, int x, int h, int w, bool focused)
{
    (void)focused;
    chart *c = user;
    if (h < 2 || w < 10)
        return;
    char line[512], num[32];
    lb_list_format_count(c->total, num, sizeof num);
    /* TRANSLATORS: the chart's first line: "Meetings per Status reason: 1.204" */
    snprintf(line, sizeof line, _("%s: %s in total"), c->title, num);
    lb_ui_put(y, x, line, w, LB_ATTR_HEADER);
    int lw = 0, nw = 1;
    for (size_t i = 0; i < c->count; i++) {
        int cw = lb_text_cells(c->groups[i].label, strlen(c->groups[i].label));
        lw = cw > lw ? cw : lw;
        lb_list_format_count(c->groups[i].count, num, sizeof num);
        nw = (int)strlen(num) > nw ? (int)strlen(num) : nw;
    }
    if (lw > w / 3)
        lw = w / 3;
    int bw = w - lw - nw - 3;
    c->page = h - 1;
    if (c->top + (size_t)c->page > c->count)
        c->top = c->count > (size_t)c->page ? c->count - (size_t)c->page : 0;
    size_t max = c->count ? c->groups[0].count : 1;
    /* U+2588 FULL BLOCK; '#' where it may not show: no UTF-8, or a braille
     * display (which renders a block as an arbitrary dot pattern) */
    const char *glyph = lb_ui_utf8() && !lb_ui_braille() ? "\xE2\x96\x88" : "#";
    for (int r = 0; r < c->page && c->top + (size_t)r < c->count; r++) {
        const chart_group *g = &c->groups[c->top + (size_t)r];
        int row = y + 1 + r;
        lb_ui_put(row, x, g->label, lw, LB_ATTR_NORMAL);
        lb_list_format_count(g->count, num, sizeof num);
        snprintf(line, sizeof line, "%*s", nw, num);
        lb_ui_put(row, x + lw + 1, line, nw, LB_ATTR_NORMAL);
        int len = bw > 0 ? (int)((g->count * (size_t)bw + max - 1) / max) : 0;
        char bar[512 * 3 + 1];
        size_t o = 0, gl = strlen(glyph);
        for (int i = 0; i < len && o + gl < sizeof bar; i++, o += gl)
            memcpy(bar + o, glyph, gl);
        bar[o] = '\0';
        if (bw > 0)
            lb_ui_put(row, x + lw + nw + 2, bar, bw, LB_ATTR_NORMAL);
    }
    move(y + 1, x); /* screen readers start at the first bar */
}

static int chart_key(void *user, const lb_key *k)
{
    chart *c = user;
    if (!k->is_key)
        return LB_UI_IGNORED;
    size_t page = c->page > 1 ? (size_t)c->page : 1, last = c->count ? c->count - 1 : 0;
    switch (k->key) {
    case KEY_DOWN: c->top = c->top < last ? c->top + 1 : c->top; return LB_UI_REDRAW;
    case KEY_UP: c->top = c->top ? c->top - 1 : 0; return LB_UI_REDRAW;
    case KEY_NPAGE: c->top = c->top + page < c->count ? c->top + page : c->top; return LB_UI_REDRAW;
    case KEY_PPAGE: c->top = c->top > page ? c->top - page : 0; return LB_UI_REDRAW;
    case KEY_HOME: c->top = 0; return LB_UI_REDRAW;
    default: return LB_UI_IGNORED;
    }
}

static void show_chart(lb_list *l, int col)
{
    group_map m = {0};
    chart *c = calloc(1, sizeof *c);
    lb_form *f = NULL;
    if (!c || !count_groups(l, col, &m, SIZE_MAX) ||
        !(c->groups = malloc((m.used ? m.used : 1) * sizeof *c->groups)))
        goto fail;
    for (size_t i = 0; i < m.cap; i++)
        if (m.slots[i].label) {
            c->groups[c->count++] = m.slots[i];
            m.slots[i].label = NULL;
        }
    qsort(c->groups, c->count, sizeof *c->groups, by_count);
    c->total = l->row_count;
    char title[256];
    /* TRANSLATORS: "Meetings per Status reason" */
    snprintf(title, sizeof title, _("%s per %s"), _(l->cls->title),
             col < 0 ? _("Year") : _(l->cls->columns[col].title));
    if (!(c->title = strdup(title)) || !(f = lb_form_new(title)))
        goto fail;
    size_t tab = lb_form_add_tab(f, _("Chart"));
    lb_form_body body = {chart_draw, chart_key, c};
    lb_form_set_body(f, tab, &body);
    map_done(&m);
    lb_shell_push_form(l->shell, f, chart_free, c);
    return;
fail:
    map_done(&m);
    lb_form_free(f);
    chart_free(c);
    lb_shell_message(l->shell, "%s", _("Out of memory."));
}

static void choice_done(void *user, const lb_dialog_result *res)
{
    chart_choice *ch = user;
    if (res->accepted && res->index < ch->count)
        show_chart(ch->list, ch->columns[res->index]);
    free(ch);
}

int lb_list_chart_act(lb_list *l)
{
    if (l->row_count == 0) {
        lb_shell_message(l->shell, "%s", _("Nothing to count: the list shows no records."));
        return LB_UI_REDRAW;
    }
    chart_choice *ch = calloc(1, sizeof *ch);
    const char *items[33];
    if (!ch)
        return LB_UI_HANDLED;
    ch->list = l;
    /* the columns whose values group the rows; dates group by year */
    size_t limit = CHART_MAX_GROUPS;
    for (size_t c = 0; c < l->cls->column_count && ch->count < 32; c++) {
        if (l->cls->columns[c].compare)
            continue;
        group_map m = {0};
        bool groups = count_groups(l, (int)c, &m, limit);
        map_done(&m);
        if (groups) {
            items[ch->count] = _(l->cls->columns[c].title);
            ch->columns[ch->count++] = (int)c;
        }
    }
    if (l->cls->record_date && ch->count < 32) {
        items[ch->count] = _("Year");
        ch->columns[ch->count++] = -1;
    }
    if (ch->count == 0) {
        free(ch);
        lb_shell_message(l->shell, "%s", _("No column here groups the records."));
        return LB_UI_REDRAW;
    }
    size_t start = 0;
    for (size_t i = 0; i < ch->count; i++)
        if (l->cls->record_status_label && ch->columns[i] >= 0 &&
            strcmp(l->cls->columns[ch->columns[i]].title, N_("Status reason")) == 0)
            start = i;
    lb_dialog *d =
        lb_dialog_picker(_("Chart: count per"), items, ch->count, start, choice_done, ch);
    if (!d) {
        free(ch);
        return LB_UI_HANDLED;
    }
    lb_shell_dialog(l->shell, d);
    return LB_UI_REDRAW;
}
