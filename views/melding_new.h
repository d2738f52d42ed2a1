/* melding_new.h — the form that takes down a new melding for a caller:
 * built from GET /melding/configuration, validated before sending, sent
 * with an idempotency key, attachments uploaded with progress, the draft
 * kept in the state dir until sent or discarded. */
#ifndef LB_MELDING_NEW_H
#define LB_MELDING_NEW_H

#include "views/shell.h"

/* Opens the new-melding form on SHELL (or the saved draft, when there is
 * one). Returns LB_UI_* flags. */
int lb_melding_new_open(lb_shell *shell);

#endif
