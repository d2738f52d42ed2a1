/* text_width.h — display width of UTF-8 text in terminal cells (wcwidth). */
#ifndef LB_TEXT_WIDTH_H
#define LB_TEXT_WIDTH_H

#include <stddef.h>

/* Cells that LEN bytes of UTF-8 occupy. Invalid bytes count as one cell
 * (they are shown as U+FFFD); non-printable characters count as their
 * visible two-cell form (^X). Needs a UTF-8 LC_CTYPE. */
size_t lb_text_width(const char *utf8, size_t len);

#endif
