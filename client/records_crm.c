/* records_crm.c — descriptor tables of the identity and CRM records. */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "client/records.h"
#include "client/records_desc.h"

/* ---- whoami ---- */

static const lb_field_desc team_fields[] = {
    LB_ID("id", lb_team, id),
    LB_STR("name", lb_team, name),
};
static const lb_record_desc team_desc = LB_DESC(lb_team, "team", team_fields, NULL);

static lb_status role_check(void *rec, const lb_json_path *path, lb_error *err)
{
    const lb_role *r = rec;
    if (strcmp(r->via, "user") != 0 && strcmp(r->via, "team") != 0)
        return lb_record_error(err, path, "via is neither \"user\" nor \"team\"");
    if (strcmp(r->via, "team") == 0 && !r->team_name)
        return lb_record_error(err, path, "a role held through a team has no teamName");
    return LB_OK;
}

static const lb_field_desc role_fields[] = {
    LB_SSTR("name", lb_role, name),
    LB_SSTR("via", lb_role, via),
    LB_OPT_STRN("teamName", lb_role, team_name),
};
static const lb_record_desc role_desc = LB_DESC(lb_role, "role", role_fields, role_check);

static const lb_field_desc whoami_fields[] = {
    LB_ID("userId", lb_whoami, user_id),
    LB_STR("fullName", lb_whoami, full_name),
    LB_STR("login", lb_whoami, login),
    LB_OBJ("bestuur", lb_whoami, bestuur, team_desc),
    LB_ARR("roles", lb_whoami, roles, role_count, role_desc),
    LB_ARR("teams", lb_whoami, teams, team_count, team_desc),
};
const lb_record_desc lb_whoami_desc = LB_DESC(lb_whoami, "whoami", whoami_fields, NULL);

/* ---- types and status codes ---- */

#define T lb_meeting_type
static const lb_field_desc meeting_type_fields[] = {
    LB_ID("id", T, id),
    LB_STR("name", T, name),
    LB_STR("abbreviation", T, abbreviation),
    LB_IDN("parentTypeId", T, parent_type_id),
    LB_SSTR("sortOrder", T, sort_order),
    LB_BOOL("defaultToDiscuss", T, default_to_discuss),
    LB_SSTR("agendaItemType", T, agenda_item_type),
    LB_BOOL("followReporterScreen", T, follow_reporter_screen),
    LB_SID("ownerId", T, owner_id),
    LB_SSTR("ownerName", T, owner_name),
    LB_SSTR("ownerType", T, owner_type),
    LB_HEXN("davSeriesId", T, dav_series_id),
    LB_STRN("davSeriesName", T, dav_series_name),
    LB_BOOL("publishPortal", T, publish_portal),
    LB_BOOL("publishComposition", T, publish_composition),
    LB_BOOL("publishAgendaAndMinutes", T, publish_agenda_and_minutes),
    LB_STRN("description", T, description),
    LB_DT("modifiedOn", T, modified_on),
    LB_ETAG(T, etag),
};
const lb_record_desc lb_meeting_type_desc = LB_DESC(T, "meeting type", meeting_type_fields, NULL);
#undef T

#define T lb_dossier_type
static const lb_field_desc dossier_type_fields[] = {
    LB_ID("id", T, id),
    LB_STR("name", T, name),
    LB_STR("formName", T, form_name),
    LB_SSTR("department", T, department),
    LB_HEXN("davSeriesId", T, dav_series_id),
    LB_STRN("davSeriesName", T, dav_series_name),
    LB_DT("modifiedOn", T, modified_on),
    LB_ETAG(T, etag),
};
const lb_record_desc lb_dossier_type_desc = LB_DESC(T, "dossier type", dossier_type_fields, NULL);
#undef T

static const lb_field_desc status_code_fields[] = {
    LB_I32("statecode", lb_status_code, statecode, 0, 1),
    LB_I32("statuscode", lb_status_code, statuscode, 0, INT32_MAX),
    LB_SSTR("label", lb_status_code, label),
};
const lb_record_desc lb_status_code_desc =
    LB_DESC(lb_status_code, "status code", status_code_fields, NULL);

/* ---- meetings, agenda items, dossiers, documents ---- */

#define T lb_meeting
static const lb_field_desc meeting_fields[] = {
    LB_ID("id", T, id),
    LB_STR("name", T, name),
    LB_SID("typeId", T, type_id),
    LB_SSTR("typeName", T, type_name),
    LB_DTN("begin", T, begin),
    LB_DTN("end", T, end),
    LB_FIELD("location", LB_F_STRING_NULL, T, location, .shared = true),
    LB_I32("statecode", T, statecode, 0, 1),
    LB_I32("statuscode", T, statuscode, 0, INT32_MAX),
    LB_SSTR("statuscodeLabel", T, statuscode_label),
    LB_SID("ownerId", T, owner_id),
    LB_SSTR("ownerName", T, owner_name),
    LB_SSTR("ownerType", T, owner_type),
    LB_I32("agendaItemCount", T, agenda_item_count, 0, INT32_MAX),
    LB_I32("documentCount", T, document_count, 0, INT32_MAX),
    LB_IDN("davDossierId", T, dav_dossier_id),
    LB_DTN("archivedOn", T, archived_on),
    LB_DT("modifiedOn", T, modified_on),
    LB_ETAG(T, etag),
};
const lb_record_desc lb_meeting_desc = LB_DESC(T, "meeting", meeting_fields, NULL);
#undef T

#define T lb_agenda_item
static const lb_field_desc agenda_item_fields[] = {
    LB_ID("id", T, id),
    LB_SID("meetingId", T, meeting_id),
    LB_SSTR("meetingName", T, meeting_name),
    LB_I32("number", T, number, 0, INT32_MAX),
    LB_STR("title", T, title),
    LB_SSTR("department", T, department),
    LB_I32("statecode", T, statecode, 0, 1),
    LB_I32("statuscode", T, statuscode, 0, INT32_MAX),
    LB_SSTR("statuscodeLabel", T, statuscode_label),
    LB_I32("documentCount", T, document_count, 0, INT32_MAX),
    LB_IDN("davDossierId", T, dav_dossier_id),
    LB_DTN("archivedOn", T, archived_on),
    LB_DT("modifiedOn", T, modified_on),
    LB_ETAG(T, etag),
};
const lb_record_desc lb_agenda_item_desc = LB_DESC(T, "agenda item", agenda_item_fields, NULL);
#undef T

#define T lb_dossier
static const lb_field_desc dossier_fields[] = {
    LB_ID("id", T, id),
    LB_STR("number", T, number),
    LB_STR("name", T, name),
    LB_SID("typeId", T, type_id),
    LB_SSTR("typeName", T, type_name),
    LB_SSTR("department", T, department),
    LB_I32("stageCode", T, stage_code, 10, 50),
    LB_SSTR("stageLabel", T, stage_label),
    LB_I32("statecode", T, statecode, 0, 1),
    LB_I32("statuscode", T, statuscode, 0, INT32_MAX),
    LB_SSTR("statuscodeLabel", T, statuscode_label),
    LB_STR("customerName", T, customer_name),
    LB_SSTR("customerType", T, customer_type),
    LB_DT("openedOn", T, opened_on),
    LB_DTN("closedOn", T, closed_on),
    LB_I32("documentCount", T, document_count, 0, INT32_MAX),
    LB_IDN("davDossierId", T, dav_dossier_id),
    LB_DTN("archivedOn", T, archived_on),
    LB_DT("modifiedOn", T, modified_on),
    LB_ETAG(T, etag),
};
const lb_record_desc lb_dossier_desc = LB_DESC(T, "dossier", dossier_fields, NULL);
#undef T

#define T lb_document
static const lb_field_desc document_fields[] = {
    LB_ID("id", T, id),
    LB_STR("name", T, name),
    LB_SSTR("mimeType", T, mime_type),
    LB_I64("size", T, size, 0, INT64_MAX),
    LB_HEX("sha256", T, sha256),
    LB_DT("createdOn", T, created_on),
    LB_SSTR("regardingType", T, regarding_type),
    LB_SID("regardingId", T, regarding_id),
    LB_ETAG(T, etag),
};
const lb_record_desc lb_document_desc = LB_DESC(T, "document", document_fields, NULL);
#undef T
