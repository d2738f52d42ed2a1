/* dossiers_view.c — Dossiers (zaken): the deck's columns, the stage bar
 * "10 Geopend → … → 50 Afgerond" and the dossier form. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "client/archive.h"
#include "i18n/i18n.h"
#include "ui/safe_text.h"
#include "ui/ui.h"
#include "views/list_view.h"
#include "views/record_form.h"
#include "views/roles.h"
#include "views/screens.h"

#define D(rec) ((const lb_dossier *)(rec))

static void put(char *buf, size_t size, const char *s)
{
    snprintf(buf, size, "%s", s ? s : "---");
}

static void col_number(const void *r, char *b, size_t n)
{
    put(b, n, D(r)->number);
}
static void col_name(const void *r, char *b, size_t n)
{
    put(b, n, D(r)->name);
}
static void col_type(const void *r, char *b, size_t n)
{
    put(b, n, D(r)->type_name);
}
static void col_status(const void *r, char *b, size_t n)
{
    put(b, n, D(r)->statuscode_label);
}
static void col_department(const void *r, char *b, size_t n)
{
    put(b, n, D(r)->department);
}
/* The business process stages (the deck's "10 Geopend → 20 Ingediend → …"). */
static const struct {
    int code;
    const char *label;
} stages[] = {{10, N_("Opened")},
              {20, N_("Submitted")},
              {30, N_("Advice round")},
              {40, N_("Decision")},
              {50, N_("Finished")}};
#define STAGE_COUNT (sizeof stages / sizeof stages[0])

/* "30 Adviesronde" in the user's language; the bus's own label (which
 * already carries the code) for a stage lbterm does not know. */
static void col_stage(const void *r, char *b, size_t n)
{
    for (size_t i = 0; i < STAGE_COUNT; i++) {
        if (stages[i].code == D(r)->stage_code) {
            snprintf(b, n, "%d %s", stages[i].code, _(stages[i].label));
            return;
        }
    }
    put(b, n, D(r)->stage_label);
}
static void col_customer(const void *r, char *b, size_t n)
{
    put(b, n, D(r)->customer_name);
}
static int cmp_stage(const void *a, const void *b)
{
    return (D(a)->stage_code > D(b)->stage_code) - (D(a)->stage_code < D(b)->stage_code);
}

static const lb_list_column dossier_columns[] = {
    {N_("Number"), 8, 16, false, col_number, NULL, .key = "number"},
    {N_("Name"), 10, 0, false, col_name, NULL, .key = "name"},
    {N_("Type"), 8, 0, false, col_type, NULL, .key = "dossierType"},
    {N_("Status reason"), 8, 20, false, col_status, NULL, .key = "statusReason"},
    {N_("Handled by"), 8, 24, false, col_department, NULL, .key = "handledBy"},
    {N_("Stage"), 6, 18, false, col_stage, cmp_stage, .key = "stage"},
    {N_("Customer"), 8, 24, false, col_customer, NULL, .key = "customer"},
};

static const lb_list_preset dossier_presets[] = {
    {.title = N_("Active dossiers"), .state = "active"},
    {.title = N_("Inactive dossiers"), .state = "inactive"},
    {.title = N_("All dossiers"), .state = "all"},
};

static const char *dossier_id(const void *r)
{
    return D(r)->id;
}
static const char *dossier_etag(const void *r)
{
    return D(r)->etag;
}
static int dossier_state(const void *r)
{
    return D(r)->statecode;
}
static const char *dossier_status(const void *r)
{
    return D(r)->statuscode_label;
}
static const char *dossier_type(const void *r)
{
    return D(r)->type_name;
}
static lb_time dossier_date(const void *r)
{
    return D(r)->opened_on;
}

/* The business process as a line: the current stage bracketed and marked, so
 * it reads without colour and on a braille display. */
static void stage_bar(const lb_dossier *d, char *buf, size_t size)
{
    size_t o = 0;
    const char *arrow = lb_ui_utf8() ? " → " : " > ";
    for (size_t i = 0; i < STAGE_COUNT && o < size; i++) {
        bool cur = stages[i].code == d->stage_code;
        o += (size_t)snprintf(buf + o, size - o, "%s%s%d %s%s", i ? arrow : "", cur ? "[" : "",
                              stages[i].code, _(stages[i].label), cur ? "]" : "");
    }
}

static void dossier_form(lb_list *list, const void *rec)
{
    const lb_dossier *d = rec;
    char title[256], name[200], bar[256];
    lb_safe_text(name, sizeof name, d->name, strlen(d->name), LB_SAFE_ONE_LINE);
    snprintf(title, sizeof title, "%s %s: %s", _("Dossier"), d->number ? d->number : "", name);
    lb_record_form *rf = lb_record_form_new(list, title);
    if (!rf)
        return;
    lb_form *f = lb_record_form_form(rf);
    size_t t = lb_form_add_tab(f, _("General"));
    stage_bar(d, bar, sizeof bar);
    lb_form_add_field(f, t, _("Stage"), bar);
    lb_form_add_field(f, t, _("Number"), d->number);
    lb_form_add_field(f, t, _("Name"), d->name);
    lb_form_add_field(f, t, _("Type"), d->type_name);
    lb_form_add_field(f, t, _("State"), d->statecode == 0 ? _("Active") : _("Inactive"));
    lb_form_add_field(f, t, _("Status reason"), d->statuscode_label);
    lb_form_add_field(f, t, _("Handled by"), d->department);
    lb_form_add_field(f, t, _("Customer"), d->customer_name);
    lb_form_add_time(f, t, _("Opened on"), d->opened_on);
    lb_form_add_time(f, t, _("Closed on"), d->closed_on);
    lb_form_add_int(f, t, _("Documents"), d->document_count);
    lb_form_add_time(f, t, _("Modified on"), d->modified_on);
    lb_record_form_add_documents(rf, "dossier", d->id);
    lb_record_form_add_archive(rf, d->dav_dossier_id, d->archived_on);
    lb_record_form_show(rf);
}

static const char *const dossier_path[] = {"crm", "dossiers", NULL};

const lb_list_class lb_dossiers_list_class = {
    .id = "dossiers",
    .title = N_("Dossiers"),
    LB_NOUNS("dossier", "dossiers"),
    .kind = LB_REC_DOSSIER,
    .record_size = sizeof(lb_dossier),
    .path = dossier_path,
    .columns = dossier_columns,
    .column_count = sizeof dossier_columns / sizeof dossier_columns[0],
    .default_sort = 0,
    .presets = dossier_presets,
    .preset_count = 3,
    .entity = "dossier",
    .crm_collection = "dossiers",
    .archive_kind = 1 + LB_ARCHIVE_DOSSIER,
    .record_id = dossier_id,
    .record_etag = dossier_etag,
    .record_state = dossier_state,
    .record_status_label = dossier_status,
    .record_type = dossier_type,
    .record_date = dossier_date,
    .open_form = dossier_form,
};

const lb_view_class lb_dossiers_view =
    LB_LIST_VIEW_CLASS("dossiers", N_("Dossiers"), lb_dossiers_list_class, lb_roles_crm_readers);
