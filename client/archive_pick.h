/* archive_pick.h — the records a scheduled or measured archive run works
 * on: the inactive, not yet archived meetings, agenda items or dossiers of
 * the bus, optionally of one type and ended before a date. Used by
 * `lbterm archive` and bench/archive_bench; the screens select by hand. */
#ifndef LB_ARCHIVE_PICK_H
#define LB_ARCHIVE_PICK_H

#include <stddef.h>

#include "client/archive.h"
#include "client/iso_time.h"

typedef struct {
    lb_archive_kind kind;
    const char *type_name; /* meeting type, agenda item's meeting, dossier type; NULL: any */
    lb_time before;        /* ended (or, without an end, began) before; LB_TIME_NULL: any */
    size_t max;            /* stop keeping after this many; 0: no limit */
} lb_archive_pick_options;

typedef struct lb_archive_pick lb_archive_pick;

/* DONE runs once, after the last page or the error that stopped the listing. */
typedef void (*lb_archive_pick_done_fn)(void *user, const lb_error *err);

/* Starts listing (OPT is copied). NULL (ERR filled) when it cannot start;
 * then DONE never runs. */
lb_archive_pick *lb_archive_pick_start(lb_bus *bus, const lb_archive_pick_options *opt,
                                       lb_archive_pick_done_fn done, void *user, lb_error *err);
/* The records kept so far, valid until lb_archive_pick_free; their etags are
 * the ones listed, so the preflight reports a record changed since. */
const lb_archive_target *lb_archive_pick_targets(const lb_archive_pick *pick, size_t *count);
/* Cancels a listing still running. NULL is fine. */
void lb_archive_pick_free(lb_archive_pick *pick);

#endif
