/* archive.h — archiving inactive meetings, agenda items and dossiers to DAV
 * (Digitaal Archief Vlaanderen), in two parts:
 *
 * - the preflight checks every selected record against the deck's rules
 *   (inactive, a DAV series for its type, the series' required extensions
 *   filled, not archived yet, unchanged since the user saw it) and says what
 *   goes along;
 * - the job archives the ready ones: per record a DAV dossier with its
 *   documents (a meeting also its agenda items, each its own dossier related
 *   to the meeting's), validated and submitted, then the CRM record marked
 *   with davDossierId and, only when asked and only after DAV confirmed the
 *   submission, removed from the CRM and the document store.
 *
 * The job keeps an append-only journal (intent before every write, result
 * after) so that after a crash or a kill lb_archive_job_resume finishes it
 * without making a DAV dossier or document twice and without removing a
 * record that has no submitted dossier.
 *
 * Everything runs from the bus's event loop: callbacks never run inside the
 * call that starts something. Names from the bus are raw: the UI sanitizes. */
#ifndef LB_ARCHIVE_H
#define LB_ARCHIVE_H

#include <stdbool.h>
#include <stddef.h>

#include "client/bus.h"
#include "client/lb_error.h"

typedef enum { LB_ARCHIVE_MEETING, LB_ARCHIVE_AGENDA_ITEM, LB_ARCHIVE_DOSSIER } lb_archive_kind;

/* One selected record; copied by the callee. ETAG is the one the user saw
 * (may be NULL: then CHANGED is never reported). */
typedef struct {
    lb_archive_kind kind;
    const char *id;
    const char *etag;
} lb_archive_target;

typedef enum {
    LB_ARCHIVE_READY,
    LB_ARCHIVE_STILL_ACTIVE,      /* the record (or one of a meeting's agenda items) is active */
    LB_ARCHIVE_NO_SERIES,         /* its meeting type or dossier type has no DAV series */
    LB_ARCHIVE_MISSING_EXTENSION, /* a required extension of the series cannot be filled */
    LB_ARCHIVE_ALREADY_ARCHIVED,  /* davDossierId is set */
    LB_ARCHIVE_CHANGED,           /* its ETag is no longer the one the user saw */
    LB_ARCHIVE_CHECK_FAILED       /* the check could not be made, or DAV would refuse it */
} lb_archive_verdict;

typedef struct {
    lb_archive_kind kind;
    char *id, *name; /* name raw from the bus (the UI sanitizes); NULL when unknown */
    lb_archive_verdict verdict;
    /* NO_SERIES: the type's name; MISSING_EXTENSION: the extension's name;
     * CHECK_FAILED: a translated sentence; STILL_ACTIVE: NULL for the record
     * itself, or the title of a meeting's agenda item that is still active;
     * else NULL. */
    char *detail;
    char *serie_id, *serie_name; /* READY: the DAV series it goes to */
    /* What goes along: a meeting's agenda items; the documents of the record
     * and, for a meeting, of its agenda items. */
    size_t agenda_items, documents;
    /* Added: */
    char *etag;           /* the record's ETag when checked (NULL when it was not read) */
    char *dav_dossier_id; /* ALREADY_ARCHIVED: its davDossierId; READY: a DAV dossier an
                             earlier, interrupted attempt left for this record (the job
                             continues it), else NULL */
    lb_error error;       /* CHECK_FAILED: what stopped the check (status LB_OK otherwise) */
} lb_archive_check;

/* Progress while checking; then DONE once with all checks (owned by the
 * preflight, valid until it is freed) or an error that stopped it. */
typedef void (*lb_archive_progress_fn)(void *user, size_t done, size_t total);
typedef void (*lb_archive_preflight_fn)(void *user, const lb_archive_check *checks, size_t count,
                                        const lb_error *err);

typedef struct lb_archive_preflight lb_archive_preflight;

/* Checks TARGETS (COUNT of them, copied; 0 is fine). PROGRESS may be NULL.
 * NULL (ERR filled) when it cannot start; then no callback runs. Checks of
 * different records run concurrently within the bus's budget; types and
 * series are asked once per preflight. A record that cannot be read gets
 * CHECK_FAILED; only running out of memory stops the whole preflight. */
lb_archive_preflight *lb_archive_preflight_start(lb_bus *bus, const lb_archive_target *targets,
                                                 size_t count, lb_archive_progress_fn progress,
                                                 lb_archive_preflight_fn done, void *user,
                                                 lb_error *err);
/* Cancels if still running (no callbacks after). NULL is fine. */
void lb_archive_preflight_free(lb_archive_preflight *p);

typedef struct {
    bool remove_after; /* delete from CRM + document store once DAV confirmed the submission */
    /* Added: records in flight at once; 0: the profile's concurrency. */
    size_t parallel;
} lb_archive_options;

typedef enum {
    LB_ARCHIVE_REC_WAITING,
    LB_ARCHIVE_REC_RUNNING,
    LB_ARCHIVE_REC_DONE,
    LB_ARCHIVE_REC_SKIPPED,
    LB_ARCHIVE_REC_FAILED
} lb_archive_rec_state;

typedef struct {
    const char *id, *name; /* name may be NULL */
    lb_archive_rec_state state;
    const char *step;           /* untranslated N_() name of the current step, e.g.
                                   N_("creating the DAV dossier"); NULL when not running */
    lb_error error;             /* FAILED/SKIPPED: why (status + sanitized detail) */
    const char *dav_dossier_id; /* DONE */
} lb_archive_record;

typedef struct {
    size_t done, skipped, failed, total;
    bool cancelled;
} lb_archive_summary;

typedef struct {
    void (*record)(void *user, size_t index, const lb_archive_record *rec); /* every change */
    /* Once, at the end. The journal is closed by then (lb_archive_journal_close
     * may be called from here), and the job may be freed from here. */
    void (*finished)(void *user, const lb_archive_summary *sum);
} lb_archive_callbacks;

typedef struct lb_archive_job lb_archive_job;

/* Starts archiving the READY checks of CHECKS (others are reported SKIPPED),
 * journaled in JOURNAL_PATH (created; its directory must exist; refuse if a
 * journal with unfinished work is already there: LB_ERR_CONFLICT; a finished
 * one is first renamed out of the way as by lb_archive_journal_close).
 * OPT may be NULL (keep the records). */
lb_archive_job *lb_archive_job_start(lb_bus *bus, const char *journal_path,
                                     const lb_archive_check *checks, size_t count,
                                     const lb_archive_options *opt, const lb_archive_callbacks *cb,
                                     void *user, lb_error *err);
/* True when JOURNAL_PATH holds a job with records not finished; *LEFT (may
 * be NULL) gets how many. False with ERR LB_OK when there is no journal. */
bool lb_archive_journal_pending(const char *journal_path, size_t *left, lb_error *err);
/* Continues the job in JOURNAL_PATH after a crash or kill: no DAV dossier or
 * document made twice, no record removed without a submitted dossier.
 * Records the journal shows finished are reported as they ended.
 * LB_ERR_CONFLICT while another process works on that journal. */
lb_archive_job *lb_archive_job_resume(lb_bus *bus, const char *journal_path,
                                      const lb_archive_callbacks *cb, void *user, lb_error *err);
/* Stops after the records in flight finish (the others become SKIPPED);
 * FINISHED then runs with cancelled=true. */
void lb_archive_job_cancel(lb_archive_job *job);
size_t lb_archive_job_count(const lb_archive_job *job);
/* NULL past the end. Valid until the job is freed. */
const lb_archive_record *lb_archive_job_record(const lb_archive_job *job, size_t index);
/* records per second over the last ~10 s, 0 when unknown */
double lb_archive_job_rate(const lb_archive_job *job);
/* Cancels without callbacks; records in flight stay unfinished in the
 * journal (lb_archive_job_resume continues them). NULL is fine. */
void lb_archive_job_free(lb_archive_job *job);
/* Renames a finished journal out of the way (kept as a report:
 * JOURNAL_PATH.done-<time>). LB_ERR_CONFLICT when it still has unfinished
 * records or a job holds it; LB_OK when there is none. */
lb_status lb_archive_journal_close(const char *journal_path, lb_error *err);
/* A translated one-line reason for a verdict ("still active", "meeting type
 * 'X' has no DAV series", ...) in BUF; returns BUF. */
const char *lb_archive_verdict_text(const lb_archive_check *c, char *buf, size_t size);

#endif
