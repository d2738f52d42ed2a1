/* archive_view.h — the archiving job on screen ("Archivering"): progress
 * with rate and ETA, a status per record, cancel, the summary, and retry of
 * the failed ones. One job at a time (its journal is the one file in the
 * state dir); the user may leave the screen while it runs. */
#ifndef LB_ARCHIVE_VIEW_H
#define LB_ARCHIVE_VIEW_H

#include <stdbool.h>

#include "client/archive.h"
#include "views/record_list.h"
#include "views/shell.h"

extern const lb_view_class lb_archive_view;

/* Starts a job over CHECKS (the preflight's) and shows its screen. SOURCE is
 * the list the records came from (for "select the failed ones"). */
bool lb_archive_view_start(lb_shell *sh, lb_list *source, const lb_archive_check *checks,
                           size_t count, const lb_archive_options *opt);
/* True while a job runs (the shell then finishes it even without a screen). */
bool lb_archive_view_running(void);
/* At start-up: offers to resume a job a crash or kill interrupted. */
void lb_archive_view_offer_resume(lb_shell *sh);
/* Forgets SOURCE when its list goes away. */
void lb_archive_view_forget_list(const lb_list *source);
/* Path of the journal in the state dir (false when there is no state dir). */
bool lb_archive_journal_path(char *out, size_t size);

#endif
