/* archive_internal.h — what the preflight and the job share: what DAV
 * receives for a record (names, dates, extensions), a cache of types and
 * series asked once, and lists fetched page by page. Not for views/. */
#ifndef LB_ARCHIVE_INTERNAL_H
#define LB_ARCHIVE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "client/archive.h"
#include "client/bus.h"
#include "client/iso_time.h"
#include "client/records.h"

/* ---- what DAV receives (archive_meta.c) ---- */

/* The facts of one source record that its DAV dossier is made of. Strings
 * are borrowed. Agenda items carry their meeting's type, owner and dates. */
typedef struct {
    lb_archive_kind kind;
    const char *id;
    const char *name;         /* meeting name, agenda item title, dossier name */
    const char *number;       /* dossier number; NULL otherwise */
    int item_number;          /* agenda item number */
    const char *meeting_name; /* agenda items: their meeting's name */
    const char *type_name;    /* meeting type or dossier type */
    const char *department;   /* agenda items and dossiers */
    const char *owner_name, *owner_type;
    const char *location;
    lb_time begin, end; /* meetings, agenda items: the meeting's; dossiers: opened, closed */
} arc_source;

/* "meeting", "agendaitem" or "dossier": the bus's regardingType/bronType. */
const char *arc_bron_type(lb_archive_kind kind);
/* The CRM collection of KIND: "meetings", "agendaitems" or "dossiers". */
const char *arc_collection(lb_archive_kind kind);
/* True for a DAV status that means submitted (Ingediend, Gepubliceerd). */
bool arc_is_submitted(const char *status);
/* KIND from a bronType; false when unknown. */
bool arc_kind_from_bron_type(const char *s, lb_archive_kind *kind);
/* "YYYY-MM-DD" of T (UTC) into OUT[11]; "" for LB_TIME_NULL. */
void arc_date(lb_time t, char out[11]);
/* The dossier's naam (at most 255 characters) and beschrijving; malloc'd. */
/* Fills the meeting's part of S (its strings stay M's). */
void arc_source_of_meeting(arc_source *s, const lb_meeting *m);
char *arc_dossier_naam(const arc_source *s);
char *arc_dossier_beschrijving(const arc_source *s);
/* The naam made unique within its series after DAV said it is not:
 * NAAM plus the record's id in parentheses, still at most 255 characters. */
char *arc_dossier_naam_unique(const char *naam, const char *id);
/* Opening and closing date ("" when unknown): a meeting's begin and end
 * (or its begin again), a dossier's opened and closed. */
void arc_dossier_dates(const arc_source *s, char open[11], char close[11]);

/* One extension a series defines. */
typedef struct {
    const char *naam, *niveau, *type;
    bool verplicht;
} arc_ext_def;

/* The value for extension NAAM from S into BUF, or NULL when we have none. */
const char *arc_ext_value(const arc_source *s, const char *naam, char *buf, size_t size);
/* The first required extension of DEFS we cannot fill for S, or NULL. */
const char *arc_ext_missing(const arc_source *s, const arc_ext_def *defs, size_t n);

/* Base64 (standard alphabet, padded) of DATA; malloc'd, NULL when out of memory. */
char *arc_base64(const void *data, size_t len);
/* True for a lowercase or uppercase GUID (8-4-4-4-12 hex digits). */
bool arc_is_guid(const char *s);
/* strdup that takes NULL. */
char *arc_strdup(const char *s);

/* ---- types and series, asked once (archive_cache.c) ---- */

typedef struct {
    bool dossier_type;                             /* a dossier type, else a meeting type */
    const char *id, *name, *serie_id, *serie_name; /* serie_id NULL: no series */
} arc_type;

typedef struct {
    const char *id, *naam;
    lb_time geldig_van, geldig_tot; /* geldig_tot LB_TIME_NULL: open-ended */
    const arc_ext_def *exts;
    size_t ext_count;
} arc_serie;

typedef struct arc_cache arc_cache;
typedef void (*arc_type_fn)(void *user, const arc_type *t, const lb_error *err);
typedef void (*arc_serie_fn)(void *user, const arc_serie *s, const lb_error *err);

arc_cache *arc_cache_new(lb_bus *bus);
/* Cancels every load; no callback runs afterwards. NULL is fine. */
void arc_cache_free(arc_cache *c);
/* FN runs later from the event loop, never inside the call, with the type
 * (valid while the cache lives) or the error that prevented it. A failed
 * load is asked again by the next caller. */
lb_status arc_cache_type(arc_cache *c, bool dossier_type, const char *id, arc_type_fn fn,
                         void *user, lb_error *err);
lb_status arc_cache_serie(arc_cache *c, const char *id, arc_serie_fn fn, void *user, lb_error *err);

/* ---- lists page by page (archive_fetch.c) ---- */

/* Called for every item of every page; returns false (with ERR filled) to
 * stop the list with that error. */
typedef bool (*arc_item_fn)(void *user, const cJSON *item, lb_error *err);
/* The end: LB_OK after the last page, or what stopped it. */
typedef void (*arc_list_fn)(void *user, const lb_error *err);

typedef struct arc_list arc_list;

/* GETs PATH?QUERY and follows @odata.nextLink. NULL (ERR filled) when the
 * first request is refused. The handle is valid until DONE starts. */
arc_list *arc_list_start(lb_bus *bus, const char *const *path, const lb_query_param *query,
                         size_t query_count, arc_item_fn item, arc_list_fn done, void *user,
                         lb_error *err);
/* Stops now; no callback runs. NULL is fine. */
void arc_list_cancel(arc_list *l);

/* An agenda item or a document as the job needs it, read from a list item;
 * strings malloc'd (arc_*_done frees them). */
typedef struct {
    char *id, *title, *department, *dav_dossier_id, *etag;
    int number, statecode, document_count;
} arc_item;
typedef struct {
    char *id, *name, *mime_type, *etag;
    char created[11]; /* "" when the bus has no date */
} arc_doc_info;

lb_status arc_item_read(const cJSON *o, arc_item *out, lb_error *err);
void arc_item_done(arc_item *it);
lb_status arc_doc_read(const cJSON *o, arc_doc_info *out, lb_error *err);
void arc_doc_info_done(arc_doc_info *d);

#endif
