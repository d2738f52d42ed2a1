/* list_archive.c — "Archiveer" from a list: the preflight report (ready or
 * blocked, with the reason), dropping the blocked records from the
 * selection, the choice to remove after archiving (typed count), the
 * confirmation in numbers, then the job screen. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/archive.h"
#include "i18n/i18n.h"
#include "ui/safe_text.h"
#include "ui/table.h"
#include "views/archive_view.h"
#include "views/list_internal.h"
#include "views/roles.h"

struct lb_list_archive {
    lb_list *list;
    lb_archive_preflight *preflight;
    const lb_archive_check *checks; /* owned by the preflight */
    size_t count, ready, agenda_items, documents;
    lb_table table;
    lb_table_column columns[3];
    bool proceed, remove_after;
    char *first_serie;
    size_t series; /* distinct series among the ready ones */
};

static void flow_free(struct lb_list_archive *f)
{
    if (!f)
        return;
    if (f->list && f->list->archive == f)
        f->list->archive = NULL;
    lb_archive_preflight_free(f->preflight);
    lb_table_done(&f->table);
    free(f->first_serie);
    free(f);
}

void lb_list_archive_cancel(lb_list *l)
{
    struct lb_list_archive *f = l->archive;
    if (f) {
        f->list = NULL;
        flow_free(f);
    }
}

bool lb_list_archive_available(lb_list *l, char *why, size_t why_size)
{
    if (!l->cls->archive_kind)
        return false;
    if (lb_shell_read_only(l->shell)) {
        snprintf(why, why_size, "%s",
                 _("lbterm runs read-only (--read-only): nothing is changed."));
        return false;
    }
    if (!lb_shell_has_role(l->shell, LB_ROLE_ARCHIVERING)) {
        snprintf(why, why_size,
                 _("Needs the role \"%s\"; administrators need it too. Only inactive records "
                   "can be archived."),
                 LB_ROLE_ARCHIVERING);
        return false;
    }
    if (lb_archive_view_running()) {
        snprintf(why, why_size, "%s",
                 _("An archiving job is running; its screen is under Go to (g)."));
        return false;
    }
    return true;
}

/* ---- the report ---- */

static size_t rep_rows(void *user)
{
    return ((struct lb_list_archive *)user)->count;
}

static void rep_cell(void *user, size_t row, size_t col, char *buf, size_t size)
{
    struct lb_list_archive *f = user;
    const lb_archive_check *c = &f->checks[row];
    char tmp[512];
    switch (col) {
    case 0:
        snprintf(buf, size, "%s", c->verdict == LB_ARCHIVE_READY ? _("ready") : _("blocked"));
        return;
    case 1:
        lb_safe_text(buf, size, c->name ? c->name : c->id, strlen(c->name ? c->name : c->id),
                     LB_SAFE_ONE_LINE);
        return;
    default:
        if (c->verdict == LB_ARCHIVE_READY)
            snprintf(tmp, sizeof tmp, _("→ series \"%s\""), c->serie_name ? c->serie_name : "?");
        else
            lb_archive_verdict_text(c, tmp, sizeof tmp);
        lb_safe_text(buf, size, tmp, strlen(tmp), LB_SAFE_ONE_LINE);
    }
}

static void rep_draw(void *user, int y, int x, int h, int w, bool focused)
{
    struct lb_list_archive *f = user;
    char line[256];
    snprintf(line, sizeof line,
             _("%zu ready, %zu blocked. Enter: continue · d: drop the blocked ones from the "
               "selection · Esc: cancel"),
             f->ready, f->count - f->ready);
    lb_ui_put(y, x, line, w, LB_ATTR_DIM);
    lb_table_place(&f->table, y + 1, x, h - 1, w);
    lb_table_draw(&f->table, focused);
    lb_table_park_cursor(&f->table);
}

static int rep_key(void *user, const lb_key *k)
{
    struct lb_list_archive *f = user;
    if (!k->is_key && (k->ch == '\r' || k->ch == '\n')) {
        if (f->ready == 0) {
            lb_shell_message(f->list->shell, "%s", _("No record is ready to archive."));
            return LB_UI_REDRAW;
        }
        f->proceed = true;
        return LB_UI_CLOSE;
    }
    if (!k->is_key && k->ch == 'd') {
        size_t dropped = 0;
        for (size_t i = 0; i < f->count; i++) {
            if (f->checks[i].verdict != LB_ARCHIVE_READY &&
                lb_id_set_has(&f->list->selection, f->checks[i].id)) {
                lb_id_set_remove(&f->list->selection, f->checks[i].id);
                dropped++;
            }
        }
        f->list->counts_stale = true;
        lb_shell_message(f->list->shell,
                         ngettext("%zu blocked record left the selection.",
                                  "%zu blocked records left the selection.", dropped),
                         dropped);
        return LB_UI_REDRAW;
    }
    return lb_table_key(&f->table, k, NULL);
}

/* ---- choices and confirmation ---- */

static void confirm_done(void *user, const lb_dialog_result *res)
{
    struct lb_list_archive *f = user;
    lb_list *l = f->list;
    if (res->accepted && l) {
        lb_archive_options opt = {.remove_after = f->remove_after};
        lb_archive_view_start(l->shell, l, f->checks, f->count, &opt);
    }
    flow_free(f);
}

static void ask_confirm(struct lb_list_archive *f)
{
    lb_list *l = f->list;
    char serie[200], text[1024];
    if (f->series == 1)
        lb_safe_text(serie, sizeof serie, f->first_serie, strlen(f->first_serie), LB_SAFE_ONE_LINE);
    const char *noun = lb_list_noun(l->cls, f->ready);
    int n;
    if (f->series == 1)
        /* TRANSLATORS: "Archive 37 meetings → series 'Gemeenteraad';" */
        n = snprintf(text, sizeof text, _("Archive %zu %s → series \"%s\"."), f->ready, noun,
                     serie);
    else
        n = snprintf(text, sizeof text, _("Archive %zu %s → %zu series."), f->ready, noun,
                     f->series);
    if (n > 0 && (size_t)n < sizeof text && (f->agenda_items || f->documents)) {
        char items[96], docs[96];
        snprintf(items, sizeof items,
                 ngettext("%zu agenda item", "%zu agenda items", (unsigned long)f->agenda_items),
                 f->agenda_items);
        snprintf(docs, sizeof docs,
                 ngettext("%zu document", "%zu documents", (unsigned long)f->documents),
                 f->documents);
        /* TRANSLATORS: " 12 agenda items and 1 document go along." */
        n += snprintf(text + n, sizeof text - (size_t)n, _(" %s and %s go along."), items, docs);
    }
    if (n > 0 && (size_t)n < sizeof text)
        snprintf(text + n, sizeof text - (size_t)n, "\n\n%s",
                 f->remove_after
                     ? _("Afterwards they are REMOVED from the CRM and the document store "
                         "(they stay readable in the DAV e-depot).")
                     : _("Afterwards they stay in the CRM, marked as archived."));
    lb_dialog *d =
        lb_dialog_confirm(_("Archive to DAV"), text, _("Archive to DAV"), confirm_done, f);
    if (!d) {
        flow_free(f);
        return;
    }
    lb_shell_dialog(l->shell, d);
}

static const char *count_check(void *user, const char *text)
{
    struct lb_list_archive *f = user;
    char want[32];
    snprintf(want, sizeof want, "%zu", f->ready);
    return strcmp(text, want) == 0 ? NULL : _("Type the number of records exactly, or Esc.");
}

static void typed_done(void *user, const lb_dialog_result *res)
{
    struct lb_list_archive *f = user;
    if (!res->accepted || !f->list) {
        flow_free(f);
        return;
    }
    ask_confirm(f);
}

static void removal_done(void *user, const lb_dialog_result *res)
{
    struct lb_list_archive *f = user;
    if (!res->accepted || !f->list) {
        flow_free(f);
        return;
    }
    f->remove_after = res->index == 1;
    if (!f->remove_after) {
        ask_confirm(f);
        return;
    }
    char label[256];
    snprintf(label, sizeof label,
             _("Removing cannot be undone. Type the number of records (%zu) to confirm:"),
             f->ready);
    lb_dialog *d = lb_dialog_prompt(_("Remove after archiving"), label, "", typed_done, f);
    if (!d) {
        flow_free(f);
        return;
    }
    lb_dialog_set_check_fn(d, count_check);
    lb_shell_dialog(f->list->shell, d);
}

static void report_closed(void *user)
{
    struct lb_list_archive *f = user;
    if (!f->proceed || !f->list) {
        flow_free(f);
        return;
    }
    const char *items[] = {_("Keep the records in the CRM, marked as archived (usual)"),
                           _("Remove the records from the CRM and the document store after "
                             "archiving (cannot be undone)")};
    lb_dialog *d = lb_dialog_picker(_("After archiving"), items, 2, 0, removal_done, f);
    if (!d) {
        flow_free(f);
        return;
    }
    lb_shell_dialog(f->list->shell, d);
}

static void on_preflight_progress(void *user, size_t done, size_t total)
{
    struct lb_list_archive *f = user;
    char text[96];
    snprintf(text, sizeof text, _("Checking… %zu of %zu"), done, total);
    lb_shell_progress(f->list->shell, text);
}

static void on_preflight(void *user, const lb_archive_check *checks, size_t count,
                         const lb_error *err)
{
    struct lb_list_archive *f = user;
    lb_list *l = f->list;
    lb_shell_progress(l->shell, "");
    if (err && err->status != LB_OK) {
        lb_shell_error(l->shell, _("The records could not be checked for archiving."), err);
        flow_free(f);
        return;
    }
    f->checks = checks;
    f->count = count;
    lb_id_set series; /* distinct series of the ready ones */
    lb_id_set_init(&series);
    for (size_t i = 0; i < count; i++) {
        const lb_archive_check *c = &checks[i];
        if (c->verdict != LB_ARCHIVE_READY)
            continue;
        f->ready++;
        f->agenda_items += c->agenda_items;
        f->documents += c->documents;
        const char *serie = c->serie_name ? c->serie_name : c->serie_id ? c->serie_id : "";
        if (!f->first_serie && !(f->first_serie = strdup(serie))) {
            lb_shell_error(l->shell, _("The records could not be checked for archiving."),
                           &(lb_error){.status = LB_ERR_NOMEM});
            lb_id_set_done(&series);
            flow_free(f);
            return;
        }
        lb_id_set_add(&series, c->serie_id ? c->serie_id : "");
    }
    f->series = lb_id_set_count(&series);
    lb_id_set_done(&series);
    f->columns[0] = (lb_table_column){_("Check"), 8, 12, false};
    f->columns[1] = (lb_table_column){_("Name"), 12, 40, false};
    f->columns[2] = (lb_table_column){_("Series or reason"), 20, 0, false};
    lb_table_source src = {rep_rows, rep_cell, NULL, f};
    lb_table_init(&f->table, f->columns, 3, &src, false);
    char title[160];
    snprintf(title, sizeof title,
             ngettext("Archive: check of %zu record", "Archive: check of %zu records",
                      (unsigned long)count),
             count);
    lb_form *form = lb_form_new(title);
    if (!form) {
        flow_free(f);
        return;
    }
    size_t tab = lb_form_add_tab(form, _("Check"));
    lb_form_body body = {rep_draw, rep_key, f};
    lb_form_set_body(form, tab, &body);
    lb_shell_push_form(l->shell, form, report_closed, f);
}

int lb_list_archive_act(lb_list *l)
{
    char why[256];
    if (!lb_list_archive_available(l, why, sizeof why)) {
        lb_shell_message(l->shell, "%s", why);
        return LB_UI_REDRAW;
    }
    if (l->archive) {
        lb_shell_message(l->shell, "%s", _("The check for archiving is still running."));
        return LB_UI_REDRAW;
    }
    size_t n = 0;
    const void **recs = lb_list_targets(l, &n);
    if (!recs || n == 0) {
        free(recs);
        lb_shell_message(l->shell, "%s", _("No record under the cursor."));
        return LB_UI_REDRAW;
    }
    lb_archive_target *targets = calloc(n, sizeof *targets);
    struct lb_list_archive *f = calloc(1, sizeof *f);
    if (!targets || !f) {
        free(recs);
        free(targets);
        free(f);
        return LB_UI_HANDLED;
    }
    for (size_t i = 0; i < n; i++) {
        targets[i].kind = (lb_archive_kind)(l->cls->archive_kind - 1);
        targets[i].id = l->cls->record_id(recs[i]);
        targets[i].etag = l->cls->record_etag ? l->cls->record_etag(recs[i]) : NULL;
    }
    f->list = l;
    lb_error err;
    f->preflight = lb_archive_preflight_start(lb_shell_bus(l->shell), targets, n,
                                              on_preflight_progress, on_preflight, f, &err);
    free(targets);
    free(recs);
    if (!f->preflight) {
        lb_shell_error(l->shell, _("The records could not be checked for archiving."), &err);
        free(f);
        return LB_UI_REDRAW;
    }
    l->archive = f;
    lb_shell_progress(l->shell, _("Checking…"));
    return LB_UI_REDRAW;
}
