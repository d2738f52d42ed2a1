/* serie_picker.h — choosing a DAV series for something an administrator
 * configures (a meeting type, a dossier type): a picker fed by
 * POST /dav/series/list with type-to-search (a pasted 64-hex id is looked up
 * with POST /dav/series/get), the series' required extensions
 * (POST /dav/series/extensions) in a confirmation that starts on Annuleren,
 * and a last POST /dav/series/get before the caller writes anything. */
#ifndef LB_SERIE_PICKER_H
#define LB_SERIE_PICKER_H

#include <stdbool.h>
#include <stddef.h>

#include "client/iso_time.h"
#include "views/shell.h"

#define LB_SERIE_ID_LEN 64

/* A chosen series, copied out of the bus's answer; the texts are sanitized. */
typedef struct {
    char id[LB_SERIE_ID_LEN + 1]; /* 64 lowercase hex digits */
    char naam[256];
    char status[64]; /* translated when lbterm knows the status */
    bool published;  /* the status is "Published" */
    lb_time geldig_van, geldig_tot;
} lb_serie_choice;

/* Runs once: CHOSEN is the confirmed and re-checked series, or NULL when the
 * user cancelled or the bus failed (the user has been told). It may free the
 * picker. */
typedef void (*lb_serie_picked_fn)(void *user, const lb_serie_choice *chosen);

typedef struct lb_serie_picker lb_serie_picker;

/* Starts choosing in SH. WHAT opens the confirmation (translated, untrusted
 * parts sanitized: "Vergadertype \"GR\" krijgt deze DAV-serie:"); CURRENT_ID
 * (may be NULL) is the series the thing has now: the cursor starts there and
 * choosing it again changes nothing. NULL when out of memory. */
lb_serie_picker *lb_serie_picker_new(lb_shell *sh, const char *what, const char *current_id,
                                     lb_serie_picked_fn done, void *user);
/* Stops it: requests are cancelled and DONE never runs. NULL is fine. Only
 * while none of its dialogs is open (the shell frees those first) or from
 * DONE. */
void lb_serie_picker_free(lb_serie_picker *p);
/* True while it waits for the bus with no dialog of its own open. */
bool lb_serie_picker_waiting(const lb_serie_picker *p);

/* Copies IN into OUT (LB_SERIE_ID_LEN + 1 bytes) lower-cased, without the
 * spaces around it; true when that is 64 hex digits (a series id). */
bool lb_serie_id_normalize(const char *in, char *out);
/* A DAV date (midnight UTC) as dd/mm/yyyy; "---" when null. */
void lb_serie_format_date(lb_time t, char *buf, size_t size);

#endif
