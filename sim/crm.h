/* crm.h — one table-driven implementation of the Dataverse-style record
 * endpoints (list with filters, order and keyset paging; get; PATCH;
 * DELETE). Each entity is a description: its columns, filters and roles. */
#ifndef LB_SIM_CRM_H
#define LB_SIM_CRM_H

#include <cjson/cJSON.h>
#include <sqlite3.h>
#include <stdbool.h>

#include "sim/sim.h"

typedef enum {
    CF_TEXT, /* string or null */
    CF_INT,
    CF_BOOL,
    CF_ETAG, /* row version, written W/"N" */
    CF_PAIR, /* two columns -> {k1, k2}; null when the first is NULL */
} crm_field_kind;

typedef struct crm_field {
    const char *json;
    const char *sql; /* select expression(s); CF_PAIR: "a, b" */
    crm_field_kind kind;
    const char *sort; /* keyset expression when orderable (never NULL-valued) */
    const char *k1, *k2;
    const char *sort_as; /* orderby name when it differs from json */
} crm_field;

typedef enum {
    FK_STATE, /* active|inactive|all on statecode */
    FK_INT,   /* positive integer */
    FK_GUID,
    FK_FROM, /* inclusive lower bound on a date-time */
    FK_TO,
    FK_Q,    /* case-insensitive substring; sql has one '?' per column */
    FK_ENUM, /* one of values */
    FK_CODE, /* [A-Za-z0-9_-]{1,40} */
    FK_TEAM, /* "mine": one of the user's teams */
} crm_filter_kind;

typedef struct crm_filter {
    const char *param;
    crm_filter_kind kind;
    const char *sql; /* condition; every '?' is the filter's value */
    const char *const *values;
} crm_filter;

typedef struct crm_entity {
    const char *name;  /* "meeting": tokens, ledger, statuscodes */
    const char *label; /* "Vergadering": messages */
    const char *table;
    const char *from; /* FROM clause; the entity's alias is x */
    const crm_field *fields;
    size_t nfields;
    const crm_filter *filters;
    size_t nfilters;
    const char *default_order; /* json field name, ascending */
    unsigned read_roles;
    const char *read_role_name;
} crm_entity;

extern const crm_entity crm_meeting_type, crm_dossier_type, crm_meeting, crm_agenda_item,
    crm_dossier, crm_document;

/* GET list. SCOPE_PARAM/SCOPE_VALUE force one filter (sub-resource lists). */
void crm_list(sim_req *rq, sim_resp *rs, const crm_entity *e, const char *scope_param,
              const char *scope_value);
/* One record as JSON, or NULL when absent. */
cJSON *crm_fetch(sqlite3 *db, const crm_entity *e, const char *id);
/* GET one record with its ETag. */
void crm_get(sim_req *rq, sim_resp *rs, const crm_entity *e, const char *id);
/* Answers 200 with the record (Prefer: return=representation) or 204. */
void crm_answer_written(sim_req *rq, sim_resp *rs, const crm_entity *e, const char *id);
/* Row version of a record; -1 when absent. */
long long crm_rowversion(sqlite3 *db, const char *table, const char *id);
/* 1 when the record is archived (DAV dossier submitted or published), 0 when
 * not, -1 when the record does not exist. */
int crm_record_archived(sqlite3 *db, const char *table, const char *id);
/* The record entity for a bronType ("meeting", ...), or NULL. */
const crm_entity *crm_entity_by_name(const char *name);

void crm_handle_record_patch(sim_req *rq, sim_resp *rs, const crm_entity *e);
void crm_handle_record_delete(sim_req *rq, sim_resp *rs, const crm_entity *e);

#endif
