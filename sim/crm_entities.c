/* crm_entities.c — the descriptions of the CRM entities the generic engine
 * (crm_records.c) serves: columns, orderable fields, filters, roles. */
#include "config.h"

#include "sim/auth.h"
#include "sim/crm.h"

#define N(a)        (sizeof a / sizeof a[0])
#define CRM_READERS (SIM_ROLE_SECRETARIAAT | SIM_ROLE_ARCHIVERING | SIM_ROLE_ADMIN)

#define STATUS_LABEL(entity) \
    "(SELECT label FROM statuscodes s WHERE s.entity='" entity "' AND s.statuscode=x.statuscode)"
#define SERIES_NAME "(SELECT naam FROM series s WHERE s.id = x.dav_series_id)"

static const crm_field meeting_type_fields[] = {
    {"id", "x.id", CF_TEXT, NULL, NULL, NULL, NULL},
    {"name", "x.name", CF_TEXT, "x.name", NULL, NULL, NULL},
    {"abbreviation", "x.abbreviation", CF_TEXT, "x.abbreviation", NULL, NULL, NULL},
    {"parentTypeId", "x.parent_id", CF_TEXT, NULL, NULL, NULL, NULL},
    {"sortOrder", "x.sort_order", CF_TEXT, NULL, NULL, NULL, NULL},
    {"defaultToDiscuss", "x.default_to_discuss", CF_BOOL, NULL, NULL, NULL, NULL},
    {"agendaItemType", "x.agenda_item_type", CF_TEXT, NULL, NULL, NULL, NULL},
    {"followReporterScreen", "x.follow_reporter", CF_BOOL, NULL, NULL, NULL, NULL},
    {"ownerId", "x.owner_id", CF_TEXT, NULL, NULL, NULL, NULL},
    {"ownerName", "x.owner_name", CF_TEXT, NULL, NULL, NULL, NULL},
    {"ownerType", "x.owner_type", CF_TEXT, NULL, NULL, NULL, NULL},
    {"davSeriesId", "x.dav_series_id", CF_TEXT, NULL, NULL, NULL, NULL},
    {"davSeriesName", SERIES_NAME, CF_TEXT, "coalesce(" SERIES_NAME ", '')", NULL, NULL, NULL},
    {"publishPortal", "x.publish_portal", CF_BOOL, NULL, NULL, NULL, NULL},
    {"publishComposition", "x.publish_composition", CF_BOOL, NULL, NULL, NULL, NULL},
    {"publishAgendaAndMinutes", "x.publish_agenda", CF_BOOL, NULL, NULL, NULL, NULL},
    {"description", "x.description", CF_TEXT, NULL, NULL, NULL, NULL},
    {"modifiedOn", "x.modified_on", CF_TEXT, "x.modified_on", NULL, NULL, NULL},
    {"@odata.etag", "x.rowversion", CF_ETAG, NULL, NULL, NULL, NULL},
};

static const crm_filter type_filters[] = {
    {"q", FK_Q, "x.name LIKE ? ESCAPE '!'", NULL},
};

const crm_entity crm_meeting_type = {
    "meetingtype",
    "Vergadertype",
    "meeting_types",
    "meeting_types x",
    meeting_type_fields,
    N(meeting_type_fields),
    type_filters,
    N(type_filters),
    "name",
    CRM_READERS,
    SIM_ROLE_NAME_SECRETARIAAT,
};

static const crm_field dossier_type_fields[] = {
    {"id", "x.id", CF_TEXT, NULL, NULL, NULL, NULL},
    {"name", "x.name", CF_TEXT, "x.name", NULL, NULL, NULL},
    {"formName", "x.form_name", CF_TEXT, NULL, NULL, NULL, NULL},
    {"department", "x.department", CF_TEXT, "x.department", NULL, NULL, NULL},
    {"davSeriesId", "x.dav_series_id", CF_TEXT, NULL, NULL, NULL, NULL},
    {"davSeriesName", SERIES_NAME, CF_TEXT, "coalesce(" SERIES_NAME ", '')", NULL, NULL, NULL},
    {"modifiedOn", "x.modified_on", CF_TEXT, "x.modified_on", NULL, NULL, NULL},
    {"@odata.etag", "x.rowversion", CF_ETAG, NULL, NULL, NULL, NULL},
};

const crm_entity crm_dossier_type = {
    "dossiertype",
    "Dossiertype",
    "dossier_types",
    "dossier_types x",
    dossier_type_fields,
    N(dossier_type_fields),
    type_filters,
    N(type_filters),
    "name",
    CRM_READERS,
    SIM_ROLE_NAME_SECRETARIAAT,
};

static const char *const state_values[] = {"active", "inactive", "all", NULL};

static const crm_field meeting_fields[] = {
    {"id", "x.id", CF_TEXT, NULL, NULL, NULL, NULL},
    {"name", "x.name", CF_TEXT, "x.name", NULL, NULL, NULL},
    {"typeId", "x.type_id", CF_TEXT, NULL, NULL, NULL, NULL},
    {"typeName", "t.name", CF_TEXT, "coalesce(t.name, '')", NULL, NULL, NULL},
    {"begin", "x.begin_on", CF_TEXT, "coalesce(x.begin_on, '')", NULL, NULL, NULL},
    {"end", "x.end_on", CF_TEXT, "coalesce(x.end_on, '')", NULL, NULL, NULL},
    {"location", "x.location", CF_TEXT, "coalesce(x.location, '')", NULL, NULL, NULL},
    {"statecode", "x.statecode", CF_INT, NULL, NULL, NULL, NULL},
    {"statuscode", "x.statuscode", CF_INT, "x.statuscode", NULL, NULL, NULL},
    {"statuscodeLabel", STATUS_LABEL("meeting"), CF_TEXT, NULL, NULL, NULL, NULL},
    {"ownerId", "x.owner_id", CF_TEXT, NULL, NULL, NULL, NULL},
    {"ownerName", "x.owner_name", CF_TEXT, "x.owner_name", NULL, NULL, NULL},
    {"ownerType", "x.owner_type", CF_TEXT, NULL, NULL, NULL, NULL},
    {"agendaItemCount", "(SELECT count(*) FROM agenda_items a WHERE a.meeting_id = x.id)", CF_INT,
     NULL, NULL, NULL, NULL},
    {"documentCount", "(SELECT count(*) FROM documents d WHERE d.regarding_id = x.id)", CF_INT,
     NULL, NULL, NULL, NULL},
    {"davDossierId", "x.dav_dossier_id", CF_TEXT, NULL, NULL, NULL, NULL},
    {"archivedOn", "x.archived_on", CF_TEXT, NULL, NULL, NULL, NULL},
    {"modifiedOn", "x.modified_on", CF_TEXT, "x.modified_on", NULL, NULL, NULL},
    {"@odata.etag", "x.rowversion", CF_ETAG, NULL, NULL, NULL, NULL},
};

static const crm_filter meeting_filters[] = {
    {"state", FK_STATE, "x.statecode = ?", state_values},
    {"statuscode", FK_INT, "x.statuscode = ?", NULL},
    {"typeId", FK_GUID, "x.type_id = ?", NULL},
    {"from", FK_FROM, "x.begin_on >= ?", NULL},
    {"to", FK_TO, "x.begin_on <= ?", NULL},
    {"q", FK_Q, "(x.name LIKE ? ESCAPE '!' OR x.location LIKE ? ESCAPE '!')", NULL},
};

const crm_entity crm_meeting = {
    "meeting",
    "Vergadering",
    "meetings",
    "meetings x LEFT JOIN meeting_types t ON t.id = x.type_id",
    meeting_fields,
    N(meeting_fields),
    meeting_filters,
    N(meeting_filters),
    "begin desc",
    CRM_READERS,
    SIM_ROLE_NAME_SECRETARIAAT,
};

static const crm_field agenda_item_fields[] = {
    {"id", "x.id", CF_TEXT, NULL, NULL, NULL, NULL},
    {"meetingId", "x.meeting_id", CF_TEXT, NULL, NULL, NULL, NULL},
    {"meetingName", "m.name", CF_TEXT, "coalesce(m.name, '')", NULL, NULL, NULL},
    {"number", "x.number", CF_INT, "x.number", NULL, NULL, NULL},
    {"title", "x.title", CF_TEXT, "x.title", NULL, NULL, NULL},
    {"department", "x.department", CF_TEXT, "x.department", NULL, NULL, NULL},
    {"statecode", "x.statecode", CF_INT, NULL, NULL, NULL, NULL},
    {"statuscode", "x.statuscode", CF_INT, "x.statuscode", NULL, NULL, NULL},
    {"statuscodeLabel", STATUS_LABEL("agendaitem"), CF_TEXT, NULL, NULL, NULL, NULL},
    {"documentCount", "(SELECT count(*) FROM documents d WHERE d.regarding_id = x.id)", CF_INT,
     NULL, NULL, NULL, NULL},
    {"davDossierId", "x.dav_dossier_id", CF_TEXT, NULL, NULL, NULL, NULL},
    {"archivedOn", "x.archived_on", CF_TEXT, NULL, NULL, NULL, NULL},
    {"modifiedOn", "x.modified_on", CF_TEXT, "x.modified_on", NULL, NULL, NULL},
    {"@odata.etag", "x.rowversion", CF_ETAG, NULL, NULL, NULL, NULL},
};

static const crm_filter agenda_item_filters[] = {
    {"state", FK_STATE, "x.statecode = ?", state_values},
    {"statuscode", FK_INT, "x.statuscode = ?", NULL},
    {"meetingId", FK_GUID, "x.meeting_id = ?", NULL},
    {"typeId", FK_GUID, "m.type_id = ?", NULL},
    {"from", FK_FROM, "m.begin_on >= ?", NULL},
    {"to", FK_TO, "m.begin_on <= ?", NULL},
    {"q", FK_Q, "x.title LIKE ? ESCAPE '!'", NULL},
};

const crm_entity crm_agenda_item = {
    "agendaitem",
    "Agendapunt",
    "agenda_items",
    "agenda_items x LEFT JOIN meetings m ON m.id = x.meeting_id",
    agenda_item_fields,
    N(agenda_item_fields),
    agenda_item_filters,
    N(agenda_item_filters),
    "number",
    CRM_READERS,
    SIM_ROLE_NAME_SECRETARIAAT,
};

static const crm_field dossier_fields[] = {
    {"id", "x.id", CF_TEXT, NULL, NULL, NULL, NULL},
    {"number", "x.number", CF_TEXT, "x.number", NULL, NULL, NULL},
    {"name", "x.name", CF_TEXT, "x.name", NULL, NULL, NULL},
    {"typeId", "x.type_id", CF_TEXT, NULL, NULL, NULL, NULL},
    {"typeName", "t.name", CF_TEXT, "coalesce(t.name, '')", NULL, NULL, NULL},
    {"department", "x.department", CF_TEXT, "x.department", NULL, NULL, NULL},
    {"stageCode", "x.stage_code", CF_INT, "x.stage_code", NULL, NULL, NULL},
    {"stageLabel",
     "CASE x.stage_code WHEN 10 THEN '10 Geopend' WHEN 20 THEN '20 Ingediend' WHEN 30 THEN '30 "
     "Adviesronde' WHEN 40 THEN '40 Beslissing' ELSE '50 Afgerond' END",
     CF_TEXT, NULL, NULL, NULL, NULL},
    {"statecode", "x.statecode", CF_INT, NULL, NULL, NULL, NULL},
    {"statuscode", "x.statuscode", CF_INT, "x.statuscode", NULL, NULL, NULL},
    {"statuscodeLabel", STATUS_LABEL("dossier"), CF_TEXT, NULL, NULL, NULL, NULL},
    {"customerName", "x.customer_name", CF_TEXT, "x.customer_name", NULL, NULL, NULL},
    {"customerType", "x.customer_type", CF_TEXT, NULL, NULL, NULL, NULL},
    {"openedOn", "x.opened_on", CF_TEXT, "x.opened_on", NULL, NULL, NULL},
    {"closedOn", "x.closed_on", CF_TEXT, "coalesce(x.closed_on, '')", NULL, NULL, NULL},
    {"documentCount", "(SELECT count(*) FROM documents d WHERE d.regarding_id = x.id)", CF_INT,
     NULL, NULL, NULL, NULL},
    {"davDossierId", "x.dav_dossier_id", CF_TEXT, NULL, NULL, NULL, NULL},
    {"archivedOn", "x.archived_on", CF_TEXT, NULL, NULL, NULL, NULL},
    {"modifiedOn", "x.modified_on", CF_TEXT, "x.modified_on", NULL, NULL, NULL},
    {"@odata.etag", "x.rowversion", CF_ETAG, NULL, NULL, NULL, NULL},
};

static const crm_filter dossier_filters[] = {
    {"state", FK_STATE, "x.statecode = ?", state_values},
    {"statuscode", FK_INT, "x.statuscode = ?", NULL},
    {"typeId", FK_GUID, "x.type_id = ?", NULL},
    {"from", FK_FROM, "x.opened_on >= ?", NULL},
    {"to", FK_TO, "x.opened_on <= ?", NULL},
    {"q", FK_Q,
     "(x.number LIKE ? ESCAPE '!' OR x.name LIKE ? ESCAPE '!' OR x.customer_name LIKE ? "
     "ESCAPE '!')",
     NULL},
};

const crm_entity crm_dossier = {
    "dossier",
    "Dossier",
    "dossiers",
    "dossiers x LEFT JOIN dossier_types t ON t.id = x.type_id",
    dossier_fields,
    N(dossier_fields),
    dossier_filters,
    N(dossier_filters),
    "number",
    CRM_READERS,
    SIM_ROLE_NAME_SECRETARIAAT,
};

static const crm_field document_fields[] = {
    {"id", "x.id", CF_TEXT, NULL, NULL, NULL, NULL},
    {"name", "x.name", CF_TEXT, "x.name", NULL, NULL, NULL},
    {"mimeType", "x.mime_type", CF_TEXT, "x.mime_type", NULL, NULL, NULL},
    {"size", "x.size", CF_INT, "x.size", NULL, NULL, NULL},
    {"sha256", "x.sha256", CF_TEXT, NULL, NULL, NULL, NULL},
    {"createdOn", "x.created_on", CF_TEXT, "x.created_on", NULL, NULL, NULL},
    {"regardingType", "x.regarding_type", CF_TEXT, NULL, NULL, NULL, NULL},
    {"regardingId", "x.regarding_id", CF_TEXT, NULL, NULL, NULL, NULL},
    {"@odata.etag", "x.rowversion", CF_ETAG, NULL, NULL, NULL, NULL},
};

static const char *const regarding_values[] = {"meeting", "agendaitem", "dossier", NULL};

static const crm_filter document_filters[] = {
    {"regardingType", FK_ENUM, "x.regarding_type = ?", regarding_values},
    {"regardingId", FK_GUID, "x.regarding_id = ?", NULL},
    {"from", FK_FROM, "x.created_on >= ?", NULL},
    {"to", FK_TO, "x.created_on <= ?", NULL},
    {"q", FK_Q, "x.name LIKE ? ESCAPE '!'", NULL},
};

const crm_entity crm_document = {
    "document",
    "Document",
    "documents",
    "documents x",
    document_fields,
    N(document_fields),
    document_filters,
    N(document_filters),
    "name",
    CRM_READERS,
    SIM_ROLE_NAME_SECRETARIAAT,
};
