/* agenda_items_view.c — Agendapunten: all of them, or those of one meeting
 * (inside the meeting's form). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "client/archive.h"
#include "i18n/i18n.h"
#include "ui/safe_text.h"
#include "views/list_view.h"
#include "views/record_form.h"
#include "views/roles.h"
#include "views/screens.h"

#define A(rec) ((const lb_agenda_item *)(rec))

static void put(char *buf, size_t size, const char *s)
{
    snprintf(buf, size, "%s", s ? s : "---");
}

static void col_number(const void *r, char *b, size_t n)
{
    snprintf(b, n, "%d", (int)A(r)->number);
}
static void col_title(const void *r, char *b, size_t n)
{
    put(b, n, A(r)->title);
}
static void col_meeting(const void *r, char *b, size_t n)
{
    put(b, n, A(r)->meeting_name);
}
static void col_department(const void *r, char *b, size_t n)
{
    put(b, n, A(r)->department);
}
static void col_status(const void *r, char *b, size_t n)
{
    put(b, n, A(r)->statuscode_label);
}
static int cmp_number(const void *a, const void *b)
{
    return (A(a)->number > A(b)->number) - (A(a)->number < A(b)->number);
}
static long long num_number(const void *r)
{
    return A(r)->number;
}

static const lb_list_column agenda_item_columns[] = {
    {N_("Number"), 3, 6, true, col_number, cmp_number, .key = "number", .number = num_number},
    {N_("Title"), 12, 0, false, col_title, NULL, .key = "title"},
    {N_("Meeting"), 8, 30, false, col_meeting, NULL, .key = "meeting"},
    {N_("Department"), 8, 28, false, col_department, NULL, .key = "department"},
    {N_("Status reason"), 8, 20, false, col_status, NULL, .key = "statusReason"},
};

static const lb_list_preset agenda_item_presets[] = {
    {.title = N_("All agenda items"), .state = "all"},
    {.title = N_("Active agenda items"), .state = "active"},
    {.title = N_("Inactive agenda items"), .state = "inactive"},
};

static const char *item_id(const void *r)
{
    return A(r)->id;
}
static const char *item_etag(const void *r)
{
    return A(r)->etag;
}
static int item_state(const void *r)
{
    return A(r)->statecode;
}
static const char *item_status(const void *r)
{
    return A(r)->statuscode_label;
}
static const char *item_meeting(const void *r)
{
    return A(r)->meeting_name;
}

static void agenda_item_form(lb_list *list, const void *rec)
{
    const lb_agenda_item *a = rec;
    char title[256], name[200];
    lb_safe_text(name, sizeof name, a->title, strlen(a->title), LB_SAFE_ONE_LINE);
    snprintf(title, sizeof title, "%s %d: %s", _("Agenda item"), (int)a->number, name);
    lb_record_form *rf = lb_record_form_new(list, title);
    if (!rf)
        return;
    lb_form *f = lb_record_form_form(rf);
    size_t t = lb_form_add_tab(f, _("General"));
    lb_form_add_int(f, t, _("Number"), a->number);
    lb_form_add_field(f, t, _("Title"), a->title);
    lb_form_add_field(f, t, _("Meeting"), a->meeting_name);
    lb_form_add_field(f, t, _("Department"), a->department);
    lb_form_add_field(f, t, _("State"), a->statecode == 0 ? _("Active") : _("Inactive"));
    lb_form_add_field(f, t, _("Status reason"), a->statuscode_label);
    lb_form_add_int(f, t, _("Documents"), a->document_count);
    lb_form_add_time(f, t, _("Modified on"), a->modified_on);
    lb_record_form_add_documents(rf, "agendaitem", a->id);
    lb_record_form_add_archive(rf, a->dav_dossier_id, a->archived_on);
    lb_record_form_show(rf);
}

static const char *const agenda_item_path[] = {"crm", "agendaitems", NULL};

const lb_list_class lb_agenda_items_list_class = {
    .id = "agendaitems",
    .title = N_("Agenda items"),
    LB_NOUNS("agenda item", "agenda items"),
    .kind = LB_REC_AGENDA_ITEM,
    .record_size = sizeof(lb_agenda_item),
    .path = agenda_item_path,
    .columns = agenda_item_columns,
    .column_count = sizeof agenda_item_columns / sizeof agenda_item_columns[0],
    .default_sort = 0,
    .presets = agenda_item_presets,
    .preset_count = 3,
    .entity = "agendaitem",
    .crm_collection = "agendaitems",
    .archive_kind = 1 + LB_ARCHIVE_AGENDA_ITEM,
    .record_id = item_id,
    .record_etag = item_etag,
    .record_state = item_state,
    .record_status_label = item_status,
    .record_type = item_meeting,
    .open_form = agenda_item_form,
};

const lb_view_class lb_agenda_items_view = LB_LIST_VIEW_CLASS(
    "agendaitems", N_("Agenda items"), lb_agenda_items_list_class, lb_roles_crm_readers);
