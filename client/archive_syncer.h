/* archive_syncer.h — fsync of the archive journal in a helper thread. An
 * fsync takes about half a millisecond here and the job needs one for every
 * turn of the event loop that journaled an intent; done in the loop it
 * stalls every answer waiting to be read (measured: 1.28x the bench's bound
 * against 1.15x without the fsyncs). The thread only calls fsync(2): the
 * journal's lines are written by the loop, before the sync starts, so each
 * sync covers every line written before it was started. */
#ifndef LB_ARCHIVE_SYNCER_H
#define LB_ARCHIVE_SYNCER_H

#include <stdbool.h>

#include "client/lb_error.h"
#include "client/transport.h"

typedef struct arc_syncer arc_syncer;

/* Runs from T's loop once the fsync started by arc_syncer_start ended; ERR
 * says whether it failed. */
typedef void (*arc_synced_fn)(void *user, const lb_error *err);

/* A syncer for FD (not owned; PATH names it in messages and must outlive
 * the syncer) in T's loop; NULL (ERR filled) when the thread or its pipe
 * cannot be made. */
arc_syncer *arc_syncer_new(lb_transport *t, int fd, const char *path, lb_error *err);
/* Starts one fsync of FD; DONE runs later, never inside this call. Refused
 * (LB_ERR_CONFLICT) while one is running. */
lb_status arc_syncer_start(arc_syncer *s, arc_synced_fn done, void *user, lb_error *err);
/* True from arc_syncer_start until its DONE has run. */
bool arc_syncer_busy(const arc_syncer *s);
/* Waits for a running fsync to end, stops the thread and frees S; a pending
 * DONE never runs. NULL is fine. */
void arc_syncer_free(arc_syncer *s);

#endif
