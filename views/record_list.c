/* record_list.c — the list engine: loading, rows, sort, find, filters and
 * selection. Records stay in the pages the pager parsed (their arenas);
 * ROWS is an index of pointers into them, rebuilt after every change. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/records.h"
#include "i18n/i18n.h"
#include "ui/safe_text.h"
#include "ui/text_fold.h"
#include "views/archive_view.h"
#include "views/list_internal.h"

/* ---- small helpers ---- */

void lb_list_format_time(lb_time t, char *buf, size_t size)
{
    if (t == LB_TIME_NULL) {
        snprintf(buf, size, "---");
        return;
    }
    time_t tt = (time_t)t;
    struct tm tm;
    if (!localtime_r(&tt, &tm)) {
        snprintf(buf, size, "?");
        return;
    }
    strftime(buf, size, "%d/%m/%Y %H:%M", &tm);
}

int lb_list_compare_time(lb_time a, lb_time b)
{
    return a < b ? -1 : a > b;
}

static char *dup_str(const char *s)
{
    return s ? strdup(s) : NULL;
}

void lb_list_set_extra_param(lb_list *list, const char *name, const char *value)
{
    free(list->extra_param);
    free(list->extra_value);
    list->extra_param = dup_str(name);
    list->extra_value = dup_str(value);
}

const lb_list_class *lb_list_get_class(const lb_list *list)
{
    return list->cls;
}

lb_shell *lb_list_shell(const lb_list *list)
{
    return list->shell;
}

bool lb_list_loading(const lb_list *list)
{
    return list->pager != NULL;
}

size_t lb_list_row_count(const lb_list *list)
{
    return list->row_count;
}

const void *lb_list_row(const lb_list *list, size_t i)
{
    return i < list->row_count ? list->rows[i] : NULL;
}

const void *lb_list_cursor_record(const lb_list *list)
{
    return list->row_count ? list->rows[list->table.cursor] : NULL;
}

/* ---- table source ---- */

static size_t src_rows(void *user)
{
    return ((lb_list *)user)->row_count;
}

static void src_cell(void *user, size_t row, size_t col, char *buf, size_t size)
{
    lb_list *l = user;
    char raw[1024];
    raw[0] = '\0';
    l->cls->columns[col].text(l->rows[row], raw, sizeof raw);
    lb_safe_text(buf, size, raw, strlen(raw), LB_SAFE_ONE_LINE);
}

static bool src_selected(void *user, size_t row)
{
    lb_list *l = user;
    return lb_id_set_has(&l->selection, l->cls->record_id(l->rows[row]));
}

/* ---- life ---- */

lb_list *lb_list_new(const lb_list_class *cls, lb_shell *shell, const char *const *path_override,
                     const char *parent_param, const char *parent_value)
{
    lb_list *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    l->cls = cls;
    l->shell = shell;
    const char *const *path = path_override ? path_override : cls->path;
    size_t n = 0;
    while (path[n])
        n++;
    l->path = calloc(n + 1, sizeof *l->path);
    for (size_t i = 0; l->path && i < n; i++)
        l->path[i] = dup_str(path[i]);
    l->parent_param = dup_str(parent_param);
    l->parent_value = dup_str(parent_value);
    l->sort_col = (int)cls->default_sort;
    l->sort_desc = cls->default_sort_desc;
    l->sort_col2 = -1;
    l->filter_from = l->filter_to = LB_TIME_NULL;
    lb_id_set_init(&l->selection);
    l->tcols = calloc(cls->column_count, sizeof *l->tcols);
    if (!l->path || !l->tcols) {
        lb_list_free(l);
        return NULL;
    }
    for (size_t c = 0; c < cls->column_count; c++) {
        l->tcols[c] = (lb_table_column){.title = _(cls->columns[c].title),
                                        .min_width = cls->columns[c].min_width,
                                        .max_width = cls->columns[c].max_width,
                                        .right_align = cls->columns[c].right_align};
    }
    lb_table_source src = {src_rows, src_cell, src_selected, l};
    lb_table_init(&l->table, l->tcols, cls->column_count, &src, true);
    l->table.empty_text = _("(no records)");
    l->table.sort_col = l->sort_col;
    l->table.sort_desc = l->sort_desc;
    return l;
}

static void drop_pages(lb_page **pages, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        lb_page_done(pages[i]);
        free(pages[i]);
    }
    free(pages);
}

void lb_list_free(lb_list *l)
{
    if (!l)
        return;
    if (l->pager)
        lb_pager_cancel(l->pager);
    lb_list_ops_cancel(l);
    lb_list_archive_cancel(l);
    lb_archive_view_forget_list(l);
    lb_list_find_cache_free(l);
    drop_pages(l->pages, l->page_count);
    drop_pages(l->old_pages, l->old_page_count);
    free(l->all);
    free(l->rows);
    lb_table_done(&l->table);
    free(l->tcols);
    for (size_t i = 0; l->path && l->path[i]; i++)
        free(l->path[i]);
    free(l->path);
    free(l->parent_param);
    free(l->parent_value);
    free(l->extra_param);
    free(l->extra_value);
    free(l->keep_cursor_id);
    free(l->anchor_id);
    free(l->filter_status);
    free(l->filter_type);
    free(l->filter_channel);
    free(l->search);
    lb_id_set_done(&l->selection);
    for (size_t i = 0; i < l->adopted_count; i++)
        l->adopted[i].free_fn(l->adopted[i].ptr);
    free(l->adopted);
    lb_list_statuscodes_done(l);
    free(l);
}

void lb_list_adopt(lb_list *l, void *owned, void (*free_fn)(void *))
{
    void *grown = realloc(l->adopted, (l->adopted_count + 1) * sizeof *l->adopted);
    if (!grown) {
        free_fn(owned);
        return;
    }
    l->adopted = grown;
    l->adopted[l->adopted_count].ptr = owned;
    l->adopted[l->adopted_count].free_fn = free_fn;
    l->adopted_count++;
}

/* ---- rows: filter and sort ---- */

static bool passes_filter(const lb_list *l, const void *rec)
{
    if (l->cls->preset_count && l->cls->presets[l->preset].keep &&
        !l->cls->presets[l->preset].keep(rec))
        return false;
    if (l->filter_channel && l->cls->record_channel) {
        const char *s = l->cls->record_channel(rec);
        if (!s || strcmp(s, l->filter_channel) != 0)
            return false;
    }
    if (l->filter_status && l->cls->record_status_label) {
        const char *s = l->cls->record_status_label(rec);
        if (!s || strcmp(s, l->filter_status) != 0)
            return false;
    }
    if (l->filter_type && l->cls->record_type) {
        const char *s = l->cls->record_type(rec);
        if (!s || strcmp(s, l->filter_type) != 0)
            return false;
    }
    if ((l->filter_from != LB_TIME_NULL || l->filter_to != LB_TIME_NULL) && l->cls->record_date) {
        lb_time t = l->cls->record_date(rec);
        if (t == LB_TIME_NULL)
            return false;
        if (l->filter_from != LB_TIME_NULL && t < l->filter_from)
            return false;
        if (l->filter_to != LB_TIME_NULL && t > l->filter_to)
            return false;
    }
    return true;
}

void lb_list_rebuild(lb_list *l)
{
    const void *cursor_rec = lb_list_cursor_record(l);
    const char *keep = l->keep_cursor_id;
    void *grown = realloc(l->rows, (l->all_count ? l->all_count : 1) * sizeof *l->rows);
    if (!grown)
        return;
    l->rows = grown;
    l->row_count = 0;
    for (size_t i = 0; i < l->all_count; i++)
        if (passes_filter(l, l->all[i]))
            l->rows[l->row_count++] = l->all[i];
    lb_list_sort_rows(l);
    /* the cursor stays on its record: by pointer, or by id after a reload */
    size_t target = l->table.cursor;
    bool found = false;
    for (size_t i = 0; i < l->row_count; i++) {
        if ((keep && strcmp(l->cls->record_id(l->rows[i]), keep) == 0) ||
            (!keep && l->rows[i] == cursor_rec)) {
            target = i;
            found = true;
            break;
        }
    }
    if (found && keep) {
        free(l->keep_cursor_id);
        l->keep_cursor_id = NULL;
    }
    if (found)
        lb_table_set_cursor(&l->table, target);
    else
        lb_table_clamp(&l->table);
    lb_table_remeasure(&l->table);
    l->table.sort_col = l->sort_col;
    l->table.sort_desc = l->sort_desc;
    l->table.sort_col2 = l->sort_col2;
    l->table.sort_desc2 = l->sort_desc2;
    l->counts_stale = true;
}

/* ---- loading ---- */

static void on_page(void *user, lb_page *page, size_t index)
{
    lb_list *l = user;
    (void)index;
    if (l->old_pages) { /* the first page of a reload replaces the old rows */
        drop_pages(l->old_pages, l->old_page_count);
        l->old_pages = NULL;
        l->old_page_count = 0;
    }
    lb_page *kept = malloc(sizeof *kept);
    lb_page **pages = realloc(l->pages, (l->page_count + 1) * sizeof *pages);
    const void **all = realloc(l->all, (l->all_count + page->count + 1) * sizeof *all);
    if (pages)
        l->pages = pages;
    if (all)
        l->all = all;
    if (!kept || !pages || !all) {
        free(kept);
        lb_shell_message(l->shell, "%s", _("Out of memory: the list is incomplete."));
        return;
    }
    *kept = *page;
    lb_page_init(page);
    l->pages[l->page_count++] = kept;
    size_t size = l->cls->record_size;
    const unsigned char *items = kept->items;
    for (size_t i = 0; i < kept->count; i++)
        l->all[l->all_count++] = items + i * size;
    if (kept->total >= 0 && l->total < 0)
        l->total = kept->total, l->total_capped = kept->total_capped;
    lb_list_rebuild(l);
    char prog[128], got[32], total[32];
    lb_list_format_count(l->all_count, got, sizeof got);
    if (l->total >= 0 && !l->total_capped) {
        lb_list_format_count((size_t)l->total, total, sizeof total);
        /* TRANSLATORS: loading progress, "Loading… 5.000 of 100.002" */
        snprintf(prog, sizeof prog, _("Loading… %s of %s"), got, total);
    } else {
        snprintf(prog, sizeof prog, _("Loading… %s"), got);
    }
    lb_shell_progress(l->shell, prog);
    lb_shell_redraw(l->shell);
}

static void on_done(void *user, const lb_error *err, size_t rows, size_t pages)
{
    lb_list *l = user;
    (void)rows;
    (void)pages;
    l->pager = NULL;
    if (l->old_pages) { /* nothing came: an empty list, or an error */
        if (err->status == LB_OK) {
            drop_pages(l->old_pages, l->old_page_count);
            l->old_pages = NULL;
            l->old_page_count = 0;
        } else { /* keep showing what we had */
            drop_pages(l->pages, l->page_count);
            l->pages = l->old_pages;
            l->page_count = l->old_page_count;
            l->old_pages = NULL;
            l->old_page_count = 0;
            l->all_count = 0;
            for (size_t p = 0; p < l->page_count; p++)
                for (size_t i = 0; i < l->pages[p]->count; i++)
                    l->all[l->all_count++] =
                        (const unsigned char *)l->pages[p]->items + i * l->cls->record_size;
        }
        lb_list_rebuild(l);
    }
    free(l->keep_cursor_id);
    l->keep_cursor_id = NULL;
    lb_shell_progress(l->shell, "");
    if (err->status == LB_ERR_CANCELLED)
        lb_shell_message(l->shell, "%s", _("Loading cancelled; the list shows what arrived."));
    else if (err->status != LB_OK)
        lb_shell_error(l->shell, _("The list could not be loaded completely."), err);
    l->loaded_once = true;
    lb_shell_redraw(l->shell);
}

void lb_list_load(lb_list *l)
{
    if (l->pager) {
        lb_pager_cancel(l->pager);
        l->pager = NULL;
    }
    const void *cur = lb_list_cursor_record(l);
    if (cur && !l->keep_cursor_id)
        l->keep_cursor_id = dup_str(l->cls->record_id(cur));
    /* old rows stay visible until the first new page arrives */
    if (!l->old_pages) {
        l->old_pages = l->pages;
        l->old_page_count = l->page_count;
    } else {
        drop_pages(l->pages, l->page_count);
    }
    l->pages = NULL;
    l->page_count = 0;
    l->all_count = 0;
    l->total = -1;
    lb_query_param q[6];
    size_t nq = 0;
    if (l->cls->preset_count && l->cls->presets[l->preset].state)
        q[nq++] = (lb_query_param){"state", l->cls->presets[l->preset].state};
    else if (l->cls->preset_count && l->cls->presets[l->preset].param &&
             l->cls->presets[l->preset].value)
        q[nq++] =
            (lb_query_param){l->cls->presets[l->preset].param, l->cls->presets[l->preset].value};
    if (l->cls->search_param && l->search)
        q[nq++] = (lb_query_param){l->cls->search_param, l->search};
    if (l->parent_param && l->parent_value)
        q[nq++] = (lb_query_param){l->parent_param, l->parent_value};
    if (l->extra_param && l->extra_value)
        q[nq++] = (lb_query_param){l->extra_param, l->extra_value};
    q[nq++] = (lb_query_param){"$count", "true"};
    lb_request_spec spec = {
        .method = "GET", .path = (const char *const *)l->path, .query = q, .query_count = nq};
    lb_error err;
    l->pager = lb_pager_new(lb_shell_bus(l->shell), l->cls->kind, &spec, on_page, on_done, l, &err);
    if (!l->pager) {
        lb_shell_error(l->shell, _("The list could not be loaded."), &err);
        return;
    }
    lb_shell_progress(l->shell, _("Loading…"));
}

/* ---- drawing and counts ---- */

void lb_list_draw(lb_list *l, int y, int x, int h, int w, bool focused)
{
    lb_table_place(&l->table, y, x, h, w);
    lb_table_draw(&l->table, focused);
    if (focused)
        lb_table_park_cursor(&l->table);
}

const char *lb_list_noun(const lb_list_class *cls, size_t n)
{
    return ngettext(cls->record_noun_one, cls->record_noun_many, (unsigned long)n);
}

void lb_list_format_count(size_t n, char *buf, size_t size)
{
    /* Belgian grouping with a dot: 1.204 */
    char digits[32];
    snprintf(digits, sizeof digits, "%zu", n);
    size_t len = strlen(digits), o = 0;
    for (size_t i = 0; i < len && o + 2 < size; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf[o++] = '.';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
}

void lb_list_counts(lb_list *l, char *buf, size_t size)
{
    if (l->counts_stale) {
        l->visible_selected = 0;
        if (lb_id_set_count(&l->selection))
            for (size_t i = 0; i < l->row_count; i++)
                l->visible_selected += lb_id_set_has(&l->selection, l->cls->record_id(l->rows[i]));
        l->counts_stale = false;
    }
    char rows[32], sel[32];
    lb_list_format_count(l->row_count, rows, sizeof rows);
    size_t nsel = lb_id_set_count(&l->selection);
    lb_list_format_count(nsel, sel, sizeof sel);
    const char *noun = lb_list_noun(l->cls, l->row_count);
    if (nsel == 0) {
        snprintf(buf, size, "%s %s", rows, noun);
    } else if (l->visible_selected == nsel) {
        /* TRANSLATORS: "12 selected of 1.204" */
        snprintf(buf, size, _("%s selected of %s"), sel, rows);
    } else {
        char hidden[32];
        lb_list_format_count(nsel - l->visible_selected, hidden, sizeof hidden);
        /* TRANSLATORS: "12 selected of 1.204 (3 hidden by the filter)" */
        snprintf(buf, size, _("%s selected of %s (%s hidden by the filter)"), sel, rows, hidden);
    }
}

void lb_list_describe(lb_list *l, char *buf, size_t size)
{
    size_t o = 0;
    buf[0] = '\0';
    if (l->cls->preset_count)
        o += (size_t)snprintf(buf + o, size - o, "%s", _(l->cls->presets[l->preset].title));
        /* " · " only between parts: a list without presets starts with a filter */
#define SEP (o ? " · " : "")
    if (l->filter_status && o < size)
        o += (size_t)snprintf(buf + o, size - o, "%s%s = %s", SEP, _("Status reason"),
                              l->filter_status);
    if (l->filter_type && o < size)
        o += (size_t)snprintf(buf + o, size - o, "%s%s = %s", SEP, _("Type"), l->filter_type);
    if (l->filter_channel && o < size)
        o += (size_t)snprintf(buf + o, size - o, "%s%s = %s", SEP, _("Channel"), l->filter_channel);
    if (l->search && o < size) {
        char safe[160];
        lb_safe_text(safe, sizeof safe, l->search, strlen(l->search), LB_SAFE_ONE_LINE);
        o += (size_t)snprintf(buf + o, size - o, "%s%s \"%s\"", SEP, _("Search on the bus"), safe);
    }
    if ((l->filter_from != LB_TIME_NULL || l->filter_to != LB_TIME_NULL) && o < size) {
        char a[32] = "…", b[32] = "…";
        if (l->filter_from != LB_TIME_NULL)
            lb_list_format_date(l->filter_from, a, sizeof a);
        if (l->filter_to != LB_TIME_NULL)
            lb_list_format_date(l->filter_to, b, sizeof b);
        o += (size_t)snprintf(buf + o, size - o, "%s%s %s–%s", SEP, _("Date"), a, b);
    }
    if (l->find[0] && o < size)
        snprintf(buf + o, size - o, "%s%s \"%s\"", SEP, _("Find"), l->find_raw);
#undef SEP
}

void lb_list_format_date(lb_time t, char *buf, size_t size)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (t == LB_TIME_NULL || !localtime_r(&tt, &tm))
        snprintf(buf, size, "---");
    else
        strftime(buf, size, "%d/%m/%Y", &tm);
}

/* ---- keys ---- */

int lb_list_key(lb_list *l, const lb_key *k)
{
    int header = -1;
    int r = lb_table_key(&l->table, k, &header);
    if (header >= 0) {
        lb_list_sort_by(l, header, false);
        return LB_UI_REDRAW;
    }
    if (r != LB_UI_IGNORED)
        return r;
    if (!k->is_key && k->ch == 0x1B && l->pager) { /* Esc cancels a load */
        lb_pager_cancel(l->pager);
        lb_error err = {.status = LB_ERR_CANCELLED};
        on_done(l, &err, 0, 0);
        return LB_UI_REDRAW;
    }
    return LB_UI_IGNORED;
}

void lb_list_sort_by(lb_list *l, int col, bool secondary)
{
    if (col < 0 || (size_t)col >= l->cls->column_count)
        return;
    if (secondary) {
        if (col == l->sort_col)
            return;
        if (col == l->sort_col2)
            l->sort_desc2 = !l->sort_desc2;
        else
            l->sort_col2 = col, l->sort_desc2 = false;
    } else if (col == l->sort_col) {
        l->sort_desc = !l->sort_desc;
    } else {
        l->sort_col = col;
        l->sort_desc = false;
        if (l->sort_col2 == col)
            l->sort_col2 = -1;
    }
    lb_list_rebuild(l);
}
