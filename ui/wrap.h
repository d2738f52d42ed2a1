/* wrap.h — breaking sanitized text into lines of a given width in cells. */
#ifndef LB_WRAP_H
#define LB_WRAP_H

#include <stddef.h>

typedef void (*lb_wrap_line_fn)(void *user, const char *start, size_t len);

/* Splits SAFE[0..LEN) (sanitized UTF-8; LF ends a paragraph) into lines of at
 * most WIDTH cells, breaking after spaces where it can and inside a word only
 * when the word is wider than a line. LINE may be NULL to only count.
 * Returns the number of lines. */
size_t lb_text_wrap(const char *safe, size_t len, int width, lb_wrap_line_fn line, void *user);

#endif
