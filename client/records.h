/* records.h — the bus's records as compact C structs, parsed once from JSON.
 * Strings (and nested arrays) live in an lb_arena; no cJSON tree is kept.
 * Ids stay strings. Nullable strings are NULL, nullable dates LB_TIME_NULL.
 * Unknown JSON fields are ignored; a missing required field, a duplicate key
 * or a wrong type is LB_ERR_BAD_RESPONSE with the field's path in the detail. */
#ifndef LB_RECORDS_H
#define LB_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "client/arena.h"
#include "client/iso_time.h"
#include "client/lb_error.h"

/* The contract's page size cap; a longer page is refused. */
#define LB_PAGE_MAX_RECORDS 5000

typedef struct {
    const char *code, *label;
} lb_code_label;

/* ---- identity ---- */
typedef struct {
    const char *name;      /* exact, e.g. "LB365 – Archivering" (U+2013) */
    const char *via;       /* "user" or "team" */
    const char *team_name; /* set when via is "team", else NULL */
} lb_role;

typedef struct {
    const char *id, *name;
} lb_team;

typedef struct {
    const char *user_id, *full_name, *login;
    lb_team bestuur;
    const lb_role *roles;
    size_t role_count;
    const lb_team *teams;
    size_t team_count;
} lb_whoami;

/* True when WHO holds ROLE (directly or through a team); exact byte comparison. */
bool lb_whoami_has_role(const lb_whoami *who, const char *role);

/* ---- CRM ---- */
typedef struct {
    const char *id, *name, *abbreviation, *parent_type_id, *sort_order, *agenda_item_type;
    const char *owner_id, *owner_name, *owner_type, *dav_series_id, *dav_series_name;
    const char *description, *etag;
    lb_time modified_on;
    bool default_to_discuss, follow_reporter_screen;
    bool publish_portal, publish_composition, publish_agenda_and_minutes;
} lb_meeting_type;

typedef struct {
    const char *id, *name, *form_name, *department, *dav_series_id, *dav_series_name, *etag;
    lb_time modified_on;
} lb_dossier_type;

typedef struct {
    const char *label;
    int32_t statecode, statuscode;
} lb_status_code;

typedef struct {
    const char *id, *name, *type_id, *type_name, *location, *statuscode_label;
    const char *owner_id, *owner_name, *owner_type, *dav_dossier_id, *etag;
    lb_time begin, end, archived_on, modified_on;
    int32_t statecode, statuscode, agenda_item_count, document_count;
} lb_meeting;

typedef struct {
    const char *id, *meeting_id, *meeting_name, *title, *department, *statuscode_label;
    const char *dav_dossier_id, *etag;
    lb_time archived_on, modified_on;
    int32_t number, statecode, statuscode, document_count;
} lb_agenda_item;

typedef struct {
    const char *id, *number, *name, *type_id, *type_name, *department, *stage_label;
    const char *statuscode_label, *customer_name, *customer_type, *dav_dossier_id, *etag;
    lb_time opened_on, closed_on, archived_on, modified_on;
    int32_t stage_code, statecode, statuscode, document_count;
} lb_dossier;

typedef struct {
    const char *id, *name, *mime_type, *sha256, *regarding_type, *regarding_id, *etag;
    int64_t size;
    lb_time created_on;
} lb_document;

/* ---- meldingen ---- */
typedef struct {
    const char *systeem, *referentie; /* referentie may be NULL */
} lb_doorgestuurd;

typedef struct {
    const char *id, *nummer, *titel, *adres, *kanaal, *etag;
    lb_code_label categorie, status;
    const lb_doorgestuurd *doorgestuurd_naar; /* NULL while not routed */
    lb_time ontvangen_op;
} lb_melding_summary;

typedef struct {
    lb_code_label status;
    const char *actor, *beschrijving;
    lb_time datum;
} lb_status_event;

typedef struct {
    const char *id, *naam, *mime_type;
    int64_t grootte;
} lb_attachment;

typedef struct {
    const char *type;
    bool verborgen; /* true: the caller may not see the contact fields, all NULL */
    const char *naam, *email, *telefoon;
} lb_indiener;

typedef struct {
    const char *naam, *team;
} lb_behandelaar;

typedef struct {
    const char *id, *nummer, *titel, *samenvatting, *beschrijving, *geometrie, *adres;
    const char *kanaal, *webpagina, *etag;
    const lb_code_label *meldingstypes;
    size_t meldingstype_count;
    const lb_doorgestuurd *doorgestuurd_naar; /* NULL while not routed */
    lb_code_label status;
    const lb_status_event *geschiedenis;
    size_t geschiedenis_count;
    lb_indiener indiener;
    const lb_behandelaar *behandelaar; /* NULL when nobody handles it yet */
    const lb_attachment *bijlagen;
    size_t bijlage_count;
    lb_time ontvangen_op;
} lb_melding;

typedef struct {
    const char *code, *label;
    const lb_code_label *sub;
    size_t sub_count;
} lb_categorie;

typedef struct {
    const char *naam;
    bool verplicht;
    int32_t max_lengte; /* 0 when the field has no limit */
} lb_veld;

typedef struct {
    const char *const *toegelaten_types;
    size_t toegelaten_type_count;
    int64_t max_grootte;
    int32_t max_aantal;
} lb_bijlage_regels;

typedef struct {
    const lb_categorie *categorieen;
    size_t categorie_count;
    const lb_veld *velden;
    size_t veld_count;
    lb_bijlage_regels bijlagen;
    const char *const *kanalen;
    size_t kanaal_count;
} lb_melding_config;

/* ---- DAV ---- */
typedef struct {
    const char *id, *naam, *status, *bewaargever;
    lb_code_label archiefvormer; /* label holds the "naam" */
    lb_time geldig_van, geldig_tot;
} lb_dav_serie;

typedef struct {
    const char *naam, *niveau, *type;
    bool verplicht;
} lb_dav_extension;

typedef struct {
    const char *naam, *waarde;
} lb_dav_ext_value;

typedef struct {
    const char *id, *type;
} lb_dav_relation;

typedef struct {
    const char *id, *serie_id, *naam, *beschrijving, *bron_id, *bron_type, *status;
    const lb_dav_ext_value *extensies;
    size_t extensie_count;
    const char *const *document_ids;
    size_t document_id_count;
    const lb_dav_relation *relaties;
    size_t relatie_count;
    lb_time openingsdatum, sluitingsdatum, aangemaakt_op, ingediend_op;
} lb_dav_dossier;

typedef struct {
    const char *id, *dossier_id, *naam, *bron_id, *mime_type, *sha256, *status;
    int64_t grootte;
    lb_time creatiedatum;
} lb_dav_document;

typedef struct {
    const char *veld, *waarde, *reden; /* waarde may be NULL */
} lb_validation_problem;

typedef struct {
    bool geldig;
    const lb_validation_problem *problemen;
    size_t probleem_count;
} lb_validation_result;

/* ---- single records ----
 * Each parses one JSON object; its strings go into ARENA (owned by the
 * caller, e.g. the record store). After a failure *OUT is unspecified and
 * ARENA may hold some unused bytes until lb_arena_done. */
#define LB_SINGLE_RECORDS(X)             \
    X(whoami, lb_whoami)                 \
    X(meeting_type, lb_meeting_type)     \
    X(dossier_type, lb_dossier_type)     \
    X(meeting, lb_meeting)               \
    X(agenda_item, lb_agenda_item)       \
    X(dossier, lb_dossier)               \
    X(document, lb_document)             \
    X(melding, lb_melding)               \
    X(melding_config, lb_melding_config) \
    X(attachment, lb_attachment)         \
    X(dav_serie, lb_dav_serie)           \
    X(dav_dossier, lb_dav_dossier)       \
    X(dav_document, lb_dav_document)     \
    X(validation_result, lb_validation_result)

/* lb_status lb_NAME_parse(const char *json, size_t len, lb_arena *arena,
 *                         TYPE *out, lb_error *err); */
#define LB_SINGLE_PARSE_DECL(name, type)                                                  \
    lb_status lb_##name##_parse(const char *json, size_t len, lb_arena *arena, type *out, \
                                lb_error *err);
LB_SINGLE_RECORDS(LB_SINGLE_PARSE_DECL)
#undef LB_SINGLE_PARSE_DECL

/* ---- pages ---- */
/* X(kind, plural, item type): one list page per kind. */
#define LB_PAGE_KINDS(X)                                             \
    X(LB_REC_MEETING_TYPE, meeting_types, lb_meeting_type)           \
    X(LB_REC_DOSSIER_TYPE, dossier_types, lb_dossier_type)           \
    X(LB_REC_STATUS_CODE, status_codes, lb_status_code)              \
    X(LB_REC_MEETING, meetings, lb_meeting)                          \
    X(LB_REC_AGENDA_ITEM, agenda_items, lb_agenda_item)              \
    X(LB_REC_DOSSIER, dossiers, lb_dossier)                          \
    X(LB_REC_DOCUMENT, documents, lb_document)                       \
    X(LB_REC_MELDING_SUMMARY, melding_summaries, lb_melding_summary) \
    X(LB_REC_DAV_SERIE, dav_series, lb_dav_serie)                    \
    X(LB_REC_DAV_EXTENSION, dav_extensions, lb_dav_extension)

/* clang-format off */
typedef enum {
    LB_REC_NONE,
#define LB_PAGE_KIND_ENUM(kind, plural, type) kind,
    LB_PAGE_KINDS(LB_PAGE_KIND_ENUM)
#undef LB_PAGE_KIND_ENUM
} lb_record_kind;
/* clang-format on */

/* One page of a list: COUNT records of one KIND plus the paging annotations.
 * Embedded by value (lb_page_init / lb_page_done); the page owns its records
 * and every string in them through ARENA. */
typedef struct {
    lb_record_kind kind;
    size_t count;
    const void *items;     /* COUNT records of KIND, contiguous; use lb_page_<plural>() */
    const char *next_link; /* root-relative URL of the next page; NULL on the last page */
    long long total;       /* "@odata.count", or -1 when absent */
    bool total_capped;     /* the real count exceeds "@odata.count" (5000) */
    lb_arena arena;
} lb_page;

void lb_page_init(lb_page *page);
void lb_page_done(lb_page *page);

/* lb_status lb_page_parse_PLURAL(const char *json, size_t len, lb_page *page, lb_error *err):
 * replaces the contents of PAGE (initialised with lb_page_init) with the
 * parsed page. On failure PAGE is empty (count 0). Either way lb_page_done
 * releases it. Equal values of label-like fields (type names, status labels,
 * owners) share one copy: compare them with strcmp like any string.
 * const TYPE *lb_page_PLURAL(const lb_page *page): the records; NULL when
 * PAGE holds another kind or no records. */
#define LB_PAGE_DECL(kind, plural, type)                                                          \
    lb_status lb_page_parse_##plural(const char *json, size_t len, lb_page *page, lb_error *err); \
    const type *lb_page_##plural(const lb_page *page);
LB_PAGE_KINDS(LB_PAGE_DECL)
#undef LB_PAGE_DECL

#endif
