/* list_actions.c — the commands every list screen shares: view presets,
 * sort, find, filters, selection, refresh and opening a record's form. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n/i18n.h"
#include "ui/safe_text.h"
#include "ui/text_fold.h"
#include "views/list_chart.h"
#include "views/list_export.h"
#include "views/list_internal.h"

/* ---- find ---- */

static bool row_matches(const lb_list *l, const void *rec, const char *needle)
{
    char text[1024];
    for (size_t c = 0; c < l->cls->column_count; c++) {
        text[0] = '\0';
        l->cls->columns[c].text(rec, text, sizeof text);
        if (lb_fold_contains(text, strlen(text), needle))
            return true;
    }
    return false;
}

/* Searches from FROM in direction DIR (wrapping); true and moves the cursor
 * when a row matches. */
static bool find_from(lb_list *l, size_t from, int dir)
{
    if (!l->find[0] || l->row_count == 0)
        return false;
    size_t n = l->row_count;
    for (size_t k = 0; k < n; k++) {
        size_t i = dir > 0 ? (from + k) % n : (from + n - k % n) % n;
        const char *folded = lb_list_find_cache_row(l, i);
        if (folded ? strstr(folded, l->find) != NULL : row_matches(l, l->rows[i], l->find)) {
            lb_table_set_cursor(&l->table, i);
            return true;
        }
    }
    return false;
}

static void find_changed(void *user, const char *text)
{
    lb_list *l = user;
    snprintf(l->find_raw, sizeof l->find_raw, "%s", text);
    lb_fold(l->find, sizeof l->find, text, strlen(text));
    if (!l->find[0]) {
        lb_table_set_cursor(&l->table, l->find_origin);
        return;
    }
    if (!find_from(l, l->find_origin, 1))
        lb_shell_message(l->shell, _("Not found: \"%s\""), l->find_raw);
    else
        lb_shell_message(l->shell, "%s", "");
}

static void find_done(void *user, const lb_dialog_result *res)
{
    lb_list *l = user;
    lb_list_find_cache_free(l);
    if (!res->accepted) {
        l->find[0] = l->find_raw[0] = '\0';
        lb_table_set_cursor(&l->table, l->find_origin);
    }
}

static void start_find(lb_list *l)
{
    l->find_origin = l->table.cursor;
    lb_list_find_cache_build(l);
    lb_dialog *d = lb_dialog_prompt(_("Find"), _("Text to find (case and accents do not matter):"),
                                    "", find_done, l);
    if (!d)
        return;
    lb_dialog_set_change_fn(d, find_changed);
    lb_shell_dialog(l->shell, d);
}

/* ---- sort ---- */

typedef struct {
    lb_list *list;
    bool secondary;
} sort_choice;

static void sort_done(void *user, const lb_dialog_result *res)
{
    sort_choice *c = user;
    if (res->accepted)
        lb_list_sort_by(c->list, (int)res->index, c->secondary);
    free(c);
}

static void start_sort(lb_list *l, bool secondary)
{
    size_t n = l->cls->column_count;
    const char **titles = calloc(n, sizeof *titles);
    sort_choice *c = malloc(sizeof *c);
    if (!titles || !c) {
        free(titles);
        free(c);
        return;
    }
    for (size_t i = 0; i < n; i++)
        titles[i] = _(l->cls->columns[i].title);
    c->list = l;
    c->secondary = secondary;
    int cur = secondary ? l->sort_col2 : l->sort_col;
    lb_dialog *d = lb_dialog_picker(secondary ? _("Sort also by") : _("Sort by"), titles, n,
                                    cur >= 0 ? (size_t)cur : 0, sort_done, c);
    free(titles);
    if (!d) {
        free(c);
        return;
    }
    lb_shell_dialog(l->shell, d);
}

/* ---- filters ---- */

enum { VALUE_STATUS, VALUE_TYPE, VALUE_CHANNEL };

typedef struct {
    lb_list *list;
    char **values;
    size_t count;
    int which; /* VALUE_* */
} value_choice;

static void value_choice_free(value_choice *c)
{
    for (size_t i = 0; i < c->count; i++)
        free(c->values[i]);
    free(c->values);
    free(c);
}

static int cmp_str(const void *a, const void *b)
{
    return lb_fold_cmp(*(char *const *)a, *(char *const *)b);
}

static void value_done(void *user, const lb_dialog_result *res)
{
    value_choice *c = user;
    lb_list *l = c->list;
    if (res->accepted && res->index < c->count) {
        char **slot = c->which == VALUE_TYPE      ? &l->filter_type
                      : c->which == VALUE_CHANNEL ? &l->filter_channel
                                                  : &l->filter_status;
        free(*slot);
        *slot = c->values[res->index];
        c->values[res->index] = NULL;
        lb_list_rebuild(l);
    }
    value_choice_free(c);
}

/* Distinct values of the status, type or channel among the loaded records. */
static void pick_value(lb_list *l, int which)
{
    const char *(*get)(const void *) = which == VALUE_TYPE      ? l->cls->record_type
                                       : which == VALUE_CHANNEL ? l->cls->record_channel
                                                                : l->cls->record_status_label;
    value_choice *c = calloc(1, sizeof *c);
    if (!c || !get)
        goto fail;
    c->list = l;
    c->which = which;
    lb_id_set seen;
    lb_id_set_init(&seen);
    for (size_t i = 0; i < l->all_count; i++) {
        const char *v = get(l->all[i]);
        if (!v || lb_id_set_has(&seen, v))
            continue;
        char **grown = realloc(c->values, (c->count + 1) * sizeof *grown);
        if (!grown || !lb_id_set_add(&seen, v))
            break;
        c->values = grown;
        c->values[c->count++] = lb_safe_text_dup(v, strlen(v), LB_SAFE_ONE_LINE);
    }
    lb_id_set_done(&seen);
    if (c->count == 0) {
        lb_shell_message(l->shell, "%s", _("Nothing to filter on yet: no records are loaded."));
        goto fail;
    }
    qsort(c->values, c->count, sizeof *c->values, cmp_str);
    const char *title = which == VALUE_TYPE      ? _("Filter on type")
                        : which == VALUE_CHANNEL ? _("Filter on channel")
                                                 : _("Filter on status reason");
    lb_dialog *d =
        lb_dialog_picker(title, (const char *const *)c->values, c->count, 0, value_done, c);
    if (!d)
        goto fail;
    lb_shell_dialog(l->shell, d);
    return;
fail:
    if (c)
        value_choice_free(c);
}

/* "dd/mm/yyyy" as local midnight (or the end of that day when END). */
static bool parse_day(const char *s, bool end, lb_time *out)
{
    int d, m, y;
    char tail;
    if (sscanf(s, "%d/%d/%d%c", &d, &m, &y, &tail) != 3)
        return false;
    if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
        return false;
    struct tm tm = {.tm_mday = d, .tm_mon = m - 1, .tm_year = y - 1900, .tm_isdst = -1};
    if (end)
        tm.tm_hour = 23, tm.tm_min = 59, tm.tm_sec = 59;
    time_t t = mktime(&tm);
    if (t == (time_t)-1 || tm.tm_mday != d)
        return false;
    *out = (lb_time)t;
    return true;
}

/* "01/01/2017 - 31/12/2017"; either side may be empty. */
static bool parse_range(const char *text, lb_time *from, lb_time *to)
{
    char a[64] = "", b[64] = "";
    const char *dash = strchr(text, '-');
    if (!dash)
        return false;
    size_t la = (size_t)(dash - text);
    if (la >= sizeof a)
        return false;
    memcpy(a, text, la);
    snprintf(b, sizeof b, "%s", dash + 1);
    char *pa = a, *pb = b;
    while (*pa == ' ')
        pa++;
    while (*pb == ' ')
        pb++;
    for (char *e = pa + strlen(pa); e > pa && e[-1] == ' ';)
        *--e = '\0';
    for (char *e = pb + strlen(pb); e > pb && e[-1] == ' ';)
        *--e = '\0';
    *from = *to = LB_TIME_NULL;
    if (*pa && !parse_day(pa, false, from))
        return false;
    if (*pb && !parse_day(pb, true, to))
        return false;
    return *pa || *pb;
}

static const char *range_check(void *user, const char *text)
{
    (void)user;
    lb_time a, b;
    if (!parse_range(text, &a, &b))
        return _("Write two dates as dd/mm/yyyy - dd/mm/yyyy (one side may be empty).");
    if (a != LB_TIME_NULL && b != LB_TIME_NULL && a > b)
        return _("The first date lies after the second.");
    return NULL;
}

static void range_done(void *user, const lb_dialog_result *res)
{
    lb_list *l = user;
    if (res->accepted && parse_range(res->text, &l->filter_from, &l->filter_to))
        lb_list_rebuild(l);
}

/* The bus-side search: the list loads again with search_param=TEXT. */
static void search_done(void *user, const lb_dialog_result *res)
{
    lb_list *l = user;
    if (!res->accepted)
        return;
    free(l->search);
    l->search = res->text && res->text[0] ? strdup(res->text) : NULL;
    lb_list_load(l);
}

static void start_search(lb_list *l)
{
    lb_dialog *d =
        lb_dialog_prompt(_("Search on the bus"), _("Text in the number, address or description:"),
                         l->search ? l->search : "", search_done, l);
    if (d)
        lb_shell_dialog(l->shell, d);
}

/* The filter menu's items; only those the class supports. */
enum { FILTER_STATUS, FILTER_TYPE, FILTER_CHANNEL, FILTER_DATE, FILTER_SEARCH, FILTER_NONE };

static size_t filter_items(const lb_list *l, int *ids, const char **labels)
{
    size_t n = 0;
#define ITEM(id, cond, label)  \
    if (cond) {                \
        ids[n] = (id);         \
        labels[n++] = (label); \
    }
    ITEM(FILTER_STATUS, true, _("Status reason…"));
    ITEM(FILTER_TYPE, true, l->cls->type_filter_label ? _(l->cls->type_filter_label) : _("Type…"));
    ITEM(FILTER_CHANNEL, l->cls->record_channel != NULL, _("Channel…"));
    ITEM(FILTER_DATE, true, _("Date range…"));
    ITEM(FILTER_SEARCH, l->cls->search_param != NULL, _("Search on the bus…"));
    ITEM(FILTER_NONE, true, _("No filter"));
#undef ITEM
    return n;
}

static void filter_done(void *user, const lb_dialog_result *res)
{
    lb_list *l = user;
    if (!res->accepted)
        return;
    int ids[6];
    const char *labels[6];
    size_t n = filter_items(l, ids, labels);
    switch (res->index < n ? ids[res->index] : FILTER_NONE) {
    case FILTER_STATUS: pick_value(l, VALUE_STATUS); break;
    case FILTER_TYPE: pick_value(l, VALUE_TYPE); break;
    case FILTER_CHANNEL: pick_value(l, VALUE_CHANNEL); break;
    case FILTER_SEARCH: start_search(l); break;
    case FILTER_DATE: {
        lb_dialog *d = lb_dialog_prompt(
            _("Filter on date"), _("From - to (dd/mm/yyyy - dd/mm/yyyy):"), "", range_done, l);
        if (d) {
            lb_dialog_set_check_fn(d, range_check);
            lb_shell_dialog(l->shell, d);
        }
        break;
    }
    default: lb_list_act(l, LB_ACT_CLEAR_FILTER); break;
    }
}

static void start_filter(lb_list *l)
{
    int ids[6];
    const char *items[6];
    size_t n = filter_items(l, ids, items);
    lb_dialog *d = lb_dialog_picker(_("Filter"), items, n, 0, filter_done, l);
    if (d)
        lb_shell_dialog(l->shell, d);
}

/* ---- selection ---- */

const void **lb_list_targets(lb_list *l, size_t *count)
{
    *count = 0;
    const void **out = malloc((l->row_count ? l->row_count : 1) * sizeof *out);
    if (!out)
        return NULL;
    if (lb_id_set_count(&l->selection) > 0) {
        for (size_t i = 0; i < l->row_count; i++)
            if (lb_id_set_has(&l->selection, l->cls->record_id(l->rows[i])))
                out[(*count)++] = l->rows[i];
    } else if (l->row_count) {
        out[(*count)++] = l->rows[l->table.cursor];
    }
    return out;
}

static void set_anchor(lb_list *l, const char *id)
{
    free(l->anchor_id);
    l->anchor_id = id ? strdup(id) : NULL;
}

static int select_range(lb_list *l)
{
    if (!l->row_count)
        return LB_UI_HANDLED;
    size_t anchor = l->table.cursor;
    for (size_t i = 0; l->anchor_id && i < l->row_count; i++)
        if (strcmp(l->cls->record_id(l->rows[i]), l->anchor_id) == 0)
            anchor = i;
    size_t a = anchor < l->table.cursor ? anchor : l->table.cursor;
    size_t b = anchor < l->table.cursor ? l->table.cursor : anchor;
    for (size_t i = a; i <= b; i++)
        lb_id_set_add(&l->selection, l->cls->record_id(l->rows[i]));
    l->counts_stale = true;
    return LB_UI_REDRAW;
}

/* ---- the form ---- */

static void open_form(lb_list *l)
{
    const void *rec = lb_list_cursor_record(l);
    if (rec && l->cls->open_form)
        l->cls->open_form(l, rec);
}

/* ---- the table of commands ---- */

bool lb_list_available(lb_list *l, lb_action a, char *why, size_t why_size)
{
    if (why && why_size)
        why[0] = '\0';
    switch (a) {
    case LB_ACT_VIEW_PRESET: return l->cls->preset_count > 1;
    case LB_ACT_OPEN: return l->cls->open_form != NULL;
    case LB_ACT_FILTER:
    case LB_ACT_CLEAR_FILTER:
        return l->cls->record_status_label || l->cls->record_type || l->cls->record_date;
    case LB_ACT_REFRESH:
    case LB_ACT_SORT:
    case LB_ACT_SORT_ADD:
    case LB_ACT_FIND:
    case LB_ACT_FIND_NEXT:
    case LB_ACT_FIND_PREV:
    case LB_ACT_TOGGLE:
    case LB_ACT_SELECT_RANGE:
    case LB_ACT_SELECT_ALL:
    case LB_ACT_SELECT_NONE:
    case LB_ACT_SELECT_INVERT: return true;
    case LB_ACT_ACTIVATE:
    case LB_ACT_DEACTIVATE: return lb_list_state_available(l, a, why, why_size);
    case LB_ACT_ARCHIVE: return lb_list_archive_available(l, why, why_size);
    case LB_ACT_EXPORT:
    case LB_ACT_CHART: return true;
    default: return false;
    }
}

int lb_list_act(lb_list *l, lb_action a)
{
    switch (a) {
    case LB_ACT_VIEW_PRESET:
        if (l->cls->preset_count < 2)
            return LB_UI_IGNORED;
        l->preset = (l->preset + 1) % l->cls->preset_count;
        lb_list_load(l);
        return LB_UI_REDRAW;
    case LB_ACT_OPEN: open_form(l); return LB_UI_REDRAW;
    case LB_ACT_REFRESH: lb_list_load(l); return LB_UI_REDRAW;
    case LB_ACT_SORT: start_sort(l, false); return LB_UI_REDRAW;
    case LB_ACT_SORT_ADD: start_sort(l, true); return LB_UI_REDRAW;
    case LB_ACT_FIND: start_find(l); return LB_UI_REDRAW;
    case LB_ACT_FIND_NEXT:
    case LB_ACT_FIND_PREV:
        if (!l->find[0]) {
            start_find(l);
            return LB_UI_REDRAW;
        }
        if (!find_from(
                l, a == LB_ACT_FIND_NEXT ? l->table.cursor + 1 : l->table.cursor + l->row_count - 1,
                a == LB_ACT_FIND_NEXT ? 1 : -1))
            lb_shell_message(l->shell, _("Not found: \"%s\""), l->find_raw);
        return LB_UI_REDRAW;
    case LB_ACT_FILTER: start_filter(l); return LB_UI_REDRAW;
    case LB_ACT_CLEAR_FILTER:
        free(l->filter_status);
        free(l->filter_type);
        free(l->filter_channel);
        l->filter_status = l->filter_type = l->filter_channel = NULL;
        l->filter_from = l->filter_to = LB_TIME_NULL;
        if (l->search) { /* the bus filtered: load everything again */
            free(l->search);
            l->search = NULL;
            lb_list_load(l);
        }
        lb_list_rebuild(l);
        return LB_UI_REDRAW;
    case LB_ACT_TOGGLE: {
        const void *rec = lb_list_cursor_record(l);
        if (!rec)
            return LB_UI_HANDLED;
        const char *id = l->cls->record_id(rec);
        if (lb_id_set_has(&l->selection, id))
            lb_id_set_remove(&l->selection, id);
        else
            lb_id_set_add(&l->selection, id);
        set_anchor(l, id);
        l->counts_stale = true;
        if (l->table.cursor + 1 < l->row_count)
            lb_table_set_cursor(&l->table, l->table.cursor + 1);
        return LB_UI_REDRAW;
    }
    case LB_ACT_SELECT_RANGE: return select_range(l);
    case LB_ACT_SELECT_ALL:
        for (size_t i = 0; i < l->row_count; i++)
            lb_id_set_add(&l->selection, l->cls->record_id(l->rows[i]));
        l->counts_stale = true;
        return LB_UI_REDRAW;
    case LB_ACT_SELECT_NONE:
        lb_id_set_clear(&l->selection);
        set_anchor(l, NULL);
        l->counts_stale = true;
        return LB_UI_REDRAW;
    case LB_ACT_SELECT_INVERT:
        for (size_t i = 0; i < l->row_count; i++) {
            const char *id = l->cls->record_id(l->rows[i]);
            if (lb_id_set_has(&l->selection, id))
                lb_id_set_remove(&l->selection, id);
            else
                lb_id_set_add(&l->selection, id);
        }
        l->counts_stale = true;
        return LB_UI_REDRAW;
    case LB_ACT_ACTIVATE:
    case LB_ACT_DEACTIVATE: return lb_list_state_act(l, a);
    case LB_ACT_ARCHIVE: return lb_list_archive_act(l);
    case LB_ACT_EXPORT: return lb_list_export_act(l);
    case LB_ACT_CHART: return lb_list_chart_act(l);
    default: return LB_UI_IGNORED;
    }
}

/* ---- a list inside a form tab ---- */

static void body_draw(void *user, int y, int x, int h, int w, bool focused)
{
    lb_list_draw(user, y, x, h, w, focused);
}

static int body_key(void *user, const lb_key *k)
{
    lb_list *l = user;
    if (!k->is_key && (k->ch == '\r' || k->ch == '\n')) {
        lb_list_act(l, LB_ACT_OPEN);
        return LB_UI_REDRAW;
    }
    if (!k->is_key && k->ch == '/')
        return lb_list_act(l, LB_ACT_FIND);
    if (!k->is_key && (k->ch == 'n' || k->ch == 'N'))
        return lb_list_act(l, k->ch == 'n' ? LB_ACT_FIND_NEXT : LB_ACT_FIND_PREV);
    if (k->is_key && (k->key == KEY_LEFT || k->key == KEY_RIGHT))
        return LB_UI_IGNORED; /* tabs */
    return lb_list_key(l, k);
}

void lb_list_form_body(lb_list *l, lb_form_body *out)
{
    out->draw = body_draw;
    out->key = body_key;
    out->user = l;
}
