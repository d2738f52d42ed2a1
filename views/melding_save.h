/* melding_save.h — saving a melding's attachment to a file the user names.
 * The bus's name only suggests a clean file name (client/attachment_name.h);
 * nothing is overwritten without asking; the bytes go to a temporary file in
 * the same directory that is renamed into place when complete. lbterm never
 * opens or runs what it saved. */
#ifndef LB_MELDING_SAVE_H
#define LB_MELDING_SAVE_H

#include <stdbool.h>
#include <stddef.h>

#include "client/records.h"
#include "views/shell.h"

/* The download directory: $XDG_DOWNLOAD_DIR when set, else ~/Downloads
 * (created 0700 when missing), else the home directory. False when none is
 * usable. */
bool lb_download_dir(char *out, size_t size);

/* Asks where to save attachment A of melding MELDING_ID, then saves it. */
void lb_melding_save_attachment(lb_shell *sh, const char *melding_id, const lb_attachment *a);

#endif
