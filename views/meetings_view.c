/* meetings_view.c — Vergaderingen: the deck's columns and views, and the
 * meeting form with its agenda items, documents and archive state. */
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

#define M(rec) ((const lb_meeting *)(rec))

static void put(char *buf, size_t size, const char *s)
{
    snprintf(buf, size, "%s", s ? s : "---");
}

static void col_name(const void *r, char *b, size_t n)
{
    put(b, n, M(r)->name);
}
static void col_type(const void *r, char *b, size_t n)
{
    put(b, n, M(r)->type_name);
}
static void col_begin(const void *r, char *b, size_t n)
{
    lb_list_format_time(M(r)->begin, b, n);
}
static void col_end(const void *r, char *b, size_t n)
{
    lb_list_format_time(M(r)->end, b, n);
}
static void col_location(const void *r, char *b, size_t n)
{
    put(b, n, M(r)->location);
}
static void col_status(const void *r, char *b, size_t n)
{
    put(b, n, M(r)->statuscode_label);
}
static void col_owner(const void *r, char *b, size_t n)
{
    put(b, n, M(r)->owner_name);
}
static int cmp_begin(const void *a, const void *b)
{
    return lb_list_compare_time(M(a)->begin, M(b)->begin);
}
static int cmp_end(const void *a, const void *b)
{
    return lb_list_compare_time(M(a)->end, M(b)->end);
}
static lb_time at_begin(const void *r)
{
    return M(r)->begin;
}
static lb_time at_end(const void *r)
{
    return M(r)->end;
}

static const lb_list_column meeting_columns[] = {
    {N_("Name"), 16, 40, false, col_name, NULL, .key = "name"},
    {N_("Meeting type"), 10, 0, false, col_type, NULL, .key = "meetingType"},
    {N_("Begin"), 16, 16, false, col_begin, cmp_begin, .key = "start", .time = at_begin},
    {N_("End"), 16, 16, false, col_end, cmp_end, .key = "end", .time = at_end},
    {N_("Location"), 8, 0, false, col_location, NULL, .key = "location"},
    {N_("Status reason"), 13, 24, false, col_status, NULL, .key = "statusReason"},
    {N_("Owner"), 8, 24, false, col_owner, NULL, .key = "owner"},
};

static const lb_list_preset meeting_presets[] = {
    {.title = N_("Active meetings"), .state = "active"},
    {.title = N_("Inactive meetings"), .state = "inactive"},
    {.title = N_("All meetings"), .state = "all"},
};

static const char *meeting_id(const void *r)
{
    return M(r)->id;
}
static const char *meeting_etag(const void *r)
{
    return M(r)->etag;
}
static int meeting_state(const void *r)
{
    return M(r)->statecode;
}
static const char *meeting_status(const void *r)
{
    return M(r)->statuscode_label;
}
static const char *meeting_type(const void *r)
{
    return M(r)->type_name;
}
static lb_time meeting_date(const void *r)
{
    return M(r)->begin;
}

static void meeting_form(lb_list *list, const void *rec)
{
    const lb_meeting *m = rec;
    char title[256], name[200];
    lb_safe_text(name, sizeof name, m->name, strlen(m->name), LB_SAFE_ONE_LINE);
    snprintf(title, sizeof title, "%s: %s", _("Meeting"), name);
    lb_record_form *rf = lb_record_form_new(list, title);
    if (!rf)
        return;
    lb_form *f = lb_record_form_form(rf);
    size_t t = lb_form_add_tab(f, _("General"));
    lb_form_add_field(f, t, _("Name"), m->name);
    lb_form_add_field(f, t, _("Meeting type"), m->type_name);
    lb_form_add_time(f, t, _("Begin"), m->begin);
    lb_form_add_time(f, t, _("End"), m->end);
    lb_form_add_field(f, t, _("Location"), m->location);
    lb_form_add_field(f, t, _("State"), m->statecode == 0 ? _("Active") : _("Inactive"));
    lb_form_add_field(f, t, _("Status reason"), m->statuscode_label);
    lb_form_add_field(f, t, _("Owner"), m->owner_name);
    lb_form_add_int(f, t, _("Agenda items"), m->agenda_item_count);
    lb_form_add_int(f, t, _("Documents"), m->document_count);
    lb_form_add_time(f, t, _("Modified on"), m->modified_on);
    const char *path[] = {"crm", "meetings", m->id, "agendaitems", NULL};
    lb_record_form_add_list(rf, _("Agenda items"), &lb_agenda_items_list_class, path, NULL, NULL);
    lb_record_form_add_documents(rf, "meeting", m->id);
    lb_record_form_add_archive(rf, m->dav_dossier_id, m->archived_on);
    lb_record_form_show(rf);
}

static const char *const meeting_path[] = {"crm", "meetings", NULL};

const lb_list_class lb_meetings_list_class = {
    .id = "meetings",
    .title = N_("Meetings"),
    LB_NOUNS("meeting", "meetings"),
    .kind = LB_REC_MEETING,
    .record_size = sizeof(lb_meeting),
    .path = meeting_path,
    .columns = meeting_columns,
    .column_count = sizeof meeting_columns / sizeof meeting_columns[0],
    .default_sort = 2,
    .default_sort_desc = true,
    .presets = meeting_presets,
    .preset_count = 3,
    .entity = "meeting",
    .crm_collection = "meetings",
    .archive_kind = 1 + LB_ARCHIVE_MEETING,
    .record_id = meeting_id,
    .record_etag = meeting_etag,
    .record_state = meeting_state,
    .record_status_label = meeting_status,
    .record_type = meeting_type,
    .record_date = meeting_date,
    .open_form = meeting_form,
};

const lb_view_class lb_meetings_view =
    LB_LIST_VIEW_CLASS("meetings", N_("Meetings"), lb_meetings_list_class, lb_roles_crm_readers);
