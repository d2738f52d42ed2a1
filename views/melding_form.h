/* melding_form.h — the detail form of one melding: general fields, the
 * description (scrolled line by line), the status history and the
 * attachments (view a text one inside lbterm, save any to a file). */
#ifndef LB_MELDING_FORM_H
#define LB_MELDING_FORM_H

#include "client/melding_fetch.h"
#include "views/shell.h"

/* Shows REC (taken over: freed when the form closes) on SH. */
void lb_melding_form_show(lb_shell *sh, lb_melding_record *rec);

/* A channel as people name it ("Mijn Burgerprofiel", "Telefoon") where the
 * bus sends its code (mijnburgerprofiel, telefoon); an unknown code as it
 * is; NULL for NULL. */
const char *lb_melding_channel_label(const char *code);

#endif
