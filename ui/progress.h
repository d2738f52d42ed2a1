/* progress.h — a progress bar with numbers beside it, for jobs that take a
 * while (loading, archiving): "[#######·······] 37/100  12/s  ETA 0:42". The
 * bar uses only ASCII '#' and '.', so it reads on every terminal and on a
 * braille display; the numbers carry the meaning. */
#ifndef LB_PROGRESS_H
#define LB_PROGRESS_H

#include <stddef.h>

/* Formats the text part: "37/100  12/s  ETA 0:42" (rate and ETA only when
 * RATE_PER_S > 0) into BUF. */
void lb_progress_text(char *buf, size_t size, size_t done, size_t total, double rate_per_s);
/* Draws the bar and the text on row Y from X, in W cells. */
void lb_progress_draw(int y, int x, int w, size_t done, size_t total, double rate_per_s);

#endif
