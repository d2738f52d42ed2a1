/* term_probe.h — whether a terminfo entry for a TERM exists here. */
#ifndef LB_TERM_PROBE_H
#define LB_TERM_PROBE_H

#include <stdbool.h>

/* True when the terminfo database has TERM (probed on FD, then freed). */
bool lb_term_known(const char *term, int fd);

#endif
