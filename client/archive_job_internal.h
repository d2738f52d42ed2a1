/* archive_job_internal.h — the archiving job's state, shared by its files:
 * archive_job.c (the public API, scheduling, the journal's events),
 * archive_load.c (reading a record and what goes along), archive_send.c
 * (requests, held until their intent is durable, and retries),
 * archive_dav.c and archive_crm.c (the steps of one DAV dossier),
 * archive_pump.c (what goes next) and archive_resume.c (the state rebuilt
 * from a journal).
 *
 * A record is one or more units: one per DAV dossier (a meeting's own and
 * one per agenda item). Each unit does at most one request at a time; the
 * record's units run concurrently and several records are in flight. After
 * every answer rec_pump() looks at the flags and starts what may go next. */
#ifndef LB_ARCHIVE_JOB_INTERNAL_H
#define LB_ARCHIVE_JOB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "client/archive.h"
#include "client/archive_internal.h"
#include "client/archive_journal.h"

typedef struct job_rec job_rec;

typedef struct {
    char *id, *name, *mime, *etag;
    char created[11]; /* "" until known */
    char *dav_id;
    bool listed;  /* the CRM listed it (name and type known) */
    bool in_dav;  /* created in DAV (now or by an earlier run) */
    bool deleted; /* removed from the document store */
} job_doc;

typedef struct {
    char *naam, *waarde;
} job_ext;

typedef enum {
    OP_NONE,
    OP_CREATE,
    OP_UPDATE,
    OP_CONTENT,
    OP_DOC,
    OP_RELATE,
    OP_VALIDATE,
    OP_RENAME,
    OP_SUBMIT,
    OP_GET_DOSSIER,
    OP_PATCH,
    OP_GET_RECORD,
    OP_DELETE_DOC,
    OP_DELETE
} job_op;

typedef struct job_unit {
    job_rec *rec;
    lb_archive_kind kind;
    char *id;   /* the CRM record's id, the DAV bronId */
    char *etag; /* its current ETag, when known */
    char *naam, *beschrijving;
    char *title, *department; /* agenda items, as listed */
    char open[11], close[11];
    job_ext *ext;
    size_t ext_count;
    job_doc *docs; /* owned */
    size_t ndocs, capdocs;
    char *dav_id;
    int number;         /* agenda items */
    int document_count; /* what the CRM said */
    bool listed;        /* read from the CRM in this run */
    bool created;       /* its DAV dossier exists and DAV_ID names it */
    bool needs_update;  /* it existed before (a Concept): send our metadata again */
    bool submitted;     /* DAV has it as Ingediend or Gepubliceerd */
    bool submit_proven; /* ... and the journal or a read in this run shows it */
    bool submit_unsure; /* a submit went out without a known outcome */
    bool related;       /* items: the meeting's dossier is related to it; main: all done */
    bool renamed;       /* naam made unique after DAV refused it */
    bool patched;       /* the CRM record carries davDossierId */
    bool patch_unsure;  /* a PATCH went out without a known outcome */
    bool removed;       /* deleted from the CRM */
    bool external;      /* archived by someone else before this job: only related */
    /* in flight */
    bool busy;
    bool needs_sync; /* an intent was written: its request waits for the fsync */
    job_op op;
    size_t op_doc;
    struct job_unit *op_item; /* OP_RELATE: the agenda item; NULL: the parent meeting */
    char *content;            /* base64 of the document being sent */
    lb_request *req;
    arc_list *list;
    unsigned long timer;
    int attempts; /* tries of the current step that failed on the way */
    int patch_tries;
} job_unit;

typedef enum { R_WAITING, R_LOADING, R_ARCHIVING, R_REMOVING, R_FINAL } rec_phase;

struct job_rec {
    lb_archive_job *job;
    size_t index;
    lb_archive_record pub;
    lb_archive_kind kind;
    char *id, *name, *etag_seen, *serie_id, *dav_id;
    rec_phase phase;
    job_unit main;
    job_unit **items; /* owned */
    size_t nitems, capitems;
    bool known_patched; /* the journal shows the record marked: nothing to read */
    /* reading */
    int loads; /* reads still out */
    int load_attempts;
    lb_error load_err; /* the first failure worth another try */
    lb_request *load_req;
    arc_list *load_list;
    lb_arena arena;
    lb_meeting meeting; /* the record or an agenda item's meeting */
    lb_agenda_item item;
    lb_dossier dossier;
    arc_source src;
    const arc_serie *serie;
    char *type_name, *parent_dav; /* parent_dav: an agenda item's archived meeting */
    bool parent_related;
    /* failure */
    bool failing;
    lb_error fail;
    /* what the UI saw last */
    lb_archive_rec_state shown_state;
    const char *shown_step;
};

/* A request held until the intents written before it are durable. */
typedef struct job_send {
    job_unit *u;
    lb_response_fn fn;
    const char *method; /* static */
    char *seg[8];       /* the path, NULL-terminated */
    char *body, *if_match;
    size_t body_len;
    bool idempotent;
    struct job_send *next;
} job_send;

struct lb_archive_job {
    lb_bus *bus;
    arc_cache *cache;
    arc_journal *journal;
    lb_archive_callbacks cb;
    void *user;
    bool remove_after;
    size_t parallel;
    job_rec *recs; /* owned */
    size_t count, next, running;
    bool cancelled, cancel_applied, finished;
    unsigned long timer;        /* the start, a cancel, the end */
    job_send *held, *held_tail; /* owned: requests waiting for the next fsync */
    job_send *syncing;          /* owned: requests waiting for the running fsync */
    struct arc_syncer *syncer;  /* owned; made at the first fsync */
    unsigned long sync_timer;
    long long started_ms;
    /* Records finished per second of the last RATE_SECONDS, a ring. */
    long long rate_sec[12];
    size_t rate_count[12];
    size_t done_n;
    lb_archive_summary sum;
};

/* ---- archive_job.c ---- */
/* Appends one event line: TAG, the record's index, then ARGS. On failure the
 * record fails with the error (nothing may be sent) and false comes back. */
bool job_event(job_rec *r, const char *tag, const char *const *args, size_t nargs);
/* Marks R as failing with ERR; its units stop at the next step. */
void rec_fail(job_rec *r, const lb_error *err);
void rec_fail_status(job_rec *r, lb_status status, int http, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The record reached an end: DONE or FAILED (journaled, shown). */
void rec_finish(job_rec *r);
/* Shows R's state and step when they changed. */
void rec_show(job_rec *r);
/* Frees what a unit holds (not the unit itself). */
void unit_done(job_unit *u);
void unit_init(job_unit *u, job_rec *r, lb_archive_kind kind);
/* The item unit of R for ID, created when CREATE; NULL when absent or out of memory. */
job_unit *rec_item(job_rec *r, const char *id, bool create);
/* The document of U with ID, added when CREATE. */
job_doc *unit_doc(job_unit *u, const char *id, bool create);
/* Replaces *DST by a copy of SRC; false when out of memory. */
bool set_str(char **dst, const char *src);

/* ---- archive_load.c ---- */
/* Reads the record, its type and series, its documents and (a meeting) its
 * agenda items with theirs; then the units know what to send. */
void rec_load(job_rec *r);
/* After reading: naam, dates and extensions of every unit; false when the
 * record cannot go (R failed). */
bool rec_prepare(job_rec *r);

/* ---- archive_send.c ---- */
/* True for errors worth another try (the bus was busy, unreachable, ...). */
bool job_transient(lb_status s);
/* U's request came back: U is free for its next step. */
void unit_answered(job_unit *u);
/* A step of U failed with ERR: once more after a while when that may help
 * (U stays busy meanwhile), else the record fails. */
void unit_step_failed(job_unit *u, const lb_error *err);
/* Sends SPEC for U (held until its intent is durable); false when refused
 * (the record failed). */
bool unit_send(job_unit *u, job_op op, const lb_request_spec *spec, lb_response_fn fn);
/* POSTs BODY (consumed) as JSON to PATH. */
bool unit_post(job_unit *u, job_op op, const char *const *path, cJSON *body, bool idempotent,
               lb_response_fn fn);
/* Journals an event of U (an I(ntent) makes U's next request wait for the fsync). */
bool unit_event(job_unit *u, const char *tag, const char *const *args, size_t n);
/* {"KEY": "ID"}, or NULL when out of memory. */
cJSON *job_id_body(const char *key, const char *id);
/* Adds KEY: S, or null when S is NULL or empty. */
bool job_json_str_or_null(cJSON *o, const char *key, const char *s);
/* Drops the held requests (lb_archive_job_free). */
void job_held_free(lb_archive_job *job);

/* ---- archive_dav.c: the DAV steps of a unit ---- */
void op_create(job_unit *u);
void op_update(job_unit *u);
void op_content(job_unit *u, size_t doc);    /* then the document's create */
void op_relate(job_unit *u, job_unit *item); /* ITEM NULL: the parent meeting's dossier */
void op_validate(job_unit *u);               /* then submit (or rename first) */
void op_get_dossier(job_unit *u);            /* settles an unsure submit; proves one */

/* ---- archive_crm.c: the CRM steps of a unit ---- */
void op_patch(job_unit *u);
void op_get_record(job_unit *u); /* settles an unsure PATCH */
void op_delete_doc(job_unit *u, size_t doc);
void op_delete(job_unit *u);

/* ---- archive_pump.c ---- */
/* Starts what may go next for R, or ends it. */
void rec_pump(job_rec *r);
/* True while a unit or a read of R is still out. */
bool rec_busy(const job_rec *r);

/* ---- archive_resume.c ---- */
/* Rebuilds the job's records from the journal's lines. */
lb_status job_replay(lb_archive_job *job, const arc_jfile *f, const char *path, lb_error *err);

#endif
