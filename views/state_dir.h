/* state_dir.h — $XDG_STATE_HOME/lbterm (default ~/.local/state/lbterm): the
 * log and the archive journal live there. */
#ifndef LB_STATE_DIR_H
#define LB_STATE_DIR_H

#include <stdbool.h>
#include <stddef.h>

/* Writes the directory's path into OUT and creates it (0700) when missing.
 * False when neither XDG_STATE_HOME nor HOME is usable. */
bool lb_state_dir(char *out, size_t size);

#endif
