/* text_pager.h — a long text inside a form tab, wrapped to the tab's width
 * and scrolled line by line: Up/Down one line, PgUp/PgDn (and Space) one
 * page, Home/End the ends. The text is sanitized once (line breaks kept). */
#ifndef LB_TEXT_PAGER_H
#define LB_TEXT_PAGER_H

#include <stddef.h>

#include "ui/form.h"

typedef struct lb_text_pager lb_text_pager;

/* A pager over the untrusted TEXT[0..LEN) (copied, sanitized). NULL when
 * out of memory. */
lb_text_pager *lb_text_pager_new(const char *text, size_t len);
void lb_text_pager_free(lb_text_pager *p);
/* The form body that draws P and takes its keys (P must outlive the form). */
void lb_text_pager_body(lb_text_pager *p, lb_form_body *out);
/* The first line shown and the number of lines at the last drawn width. */
size_t lb_text_pager_top(const lb_text_pager *p);
size_t lb_text_pager_lines(const lb_text_pager *p);

#endif
