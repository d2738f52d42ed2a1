/* melding_new_internal.h — what the new-melding form's two files share:
 * melding_new.c opens it (configuration, the saved draft, closing) and
 * melding_new_form.c is the form itself (fields, attachments, sending). */
#ifndef LB_MELDING_NEW_INTERNAL_H
#define LB_MELDING_NEW_INTERNAL_H

#include <limits.h>
#include <stdbool.h>

#include "client/arena.h"
#include "client/melding_add.h"
#include "client/melding_draft.h"
#include "views/shell.h"

#define MNEW_MAX_ROWS     64
#define MNEW_MAX_PROBLEMS 16

typedef enum {
    ROW_FIELD,       /* a text or choice field of the draft */
    ROW_BIJLAGEN,    /* "Bijlagen: 2" on the first tab: Enter goes to the tab */
    ROW_SEND,        /* Versturen / Opnieuw proberen */
    ROW_CANCEL,      /* Annuleren */
    ROW_ADD_BIJLAGE, /* Bijlage toevoegen... */
    ROW_BIJLAGE,     /* one attachment */
    ROW_INFO,        /* the rules, read only */
} mnew_row_kind;

typedef struct {
    mnew_row_kind kind;
    int index; /* the field, or the attachment */
} mnew_row;

enum { MNEW_TAB_MELDING, MNEW_TAB_BIJLAGEN };

typedef struct {
    lb_shell *sh;
    lb_request *cfg_req;
    lb_arena cfg_arena;
    lb_melding_config cfg;
    lb_melding_draft d;
    bool have_draft;
    char path[PATH_MAX]; /* the draft file */
    lb_form *form;       /* on the shell's stack while shown */
    mnew_row rows[2][MNEW_MAX_ROWS];
    size_t row_count[2];
    lb_melding_problem problems[MNEW_MAX_PROBLEMS];
    size_t problem_count;
    bool show_problems;
    lb_draft_field editing;
    lb_melding_send *send;
    lb_send_progress progress;
    bool failed;      /* the last send failed: the button says "Opnieuw proberen" */
    bool sent;        /* everything is on the bus: the draft is gone */
    bool discarded;   /* the user threw the draft away */
    bool save_failed; /* told the user once */
    char last_error[256];
} mnew;

/* melding_new_form.c */
bool mnew_form_show(mnew *st);
void mnew_form_rebuild(mnew *st);
void mnew_save(mnew *st);

/* melding_new.c */
/* The shell closed the form: keep the draft (unless sent or thrown away)
 * and free ST. */
void mnew_form_closed(void *user);
/* Asks what to do with a changed form (keep the draft, throw it away, go on). */
void mnew_ask_close(mnew *st);

#endif
