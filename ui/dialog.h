/* dialog.h — modal boxes over the current screen: a message (scrollable), a
 * confirmation whose focus starts on Annuleren, a one-line prompt, and a
 * picker with type-to-search. A dialog is drawn and fed keys by the main
 * loop; when a key closes it, DONE runs with the result. Texts given to a
 * dialog are translated strings or sanitized text; the dialog copies them. */
#ifndef LB_DIALOG_H
#define LB_DIALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/ui.h"

typedef struct lb_dialog lb_dialog;

typedef struct {
    bool accepted;    /* OK / Enter; false for Annuleren / Esc */
    const char *text; /* prompt: the typed text (UTF-8); valid during DONE */
    size_t index;     /* picker: the chosen item, as given */
} lb_dialog_result;

typedef void (*lb_dialog_done_fn)(void *user, const lb_dialog_result *res);
/* Prompt: called after every edit (find-as-you-type). */
typedef void (*lb_dialog_change_fn)(void *user, const char *text);
/* Prompt: returns NULL when TEXT is acceptable, else a translated reason
 * shown under the field (Enter does nothing until it is fixed). */
typedef const char *(*lb_dialog_check_fn)(void *user, const char *text);

lb_dialog *lb_dialog_message(const char *title, const char *text, lb_dialog_done_fn done,
                             void *user);
/* Buttons OK_LABEL and Annuleren; focus on Annuleren. */
lb_dialog *lb_dialog_confirm(const char *title, const char *text, const char *ok_label,
                             lb_dialog_done_fn done, void *user);
lb_dialog *lb_dialog_prompt(const char *title, const char *label, const char *initial,
                            lb_dialog_done_fn done, void *user);
/* A multi-line text (a description): Enter starts a new line, F2 or Ctrl-D
 * accepts (after the check fn, as for a prompt), Esc cancels. LABEL is the
 * text above it. */
lb_dialog *lb_dialog_text(const char *title, const char *label, const char *initial,
                          lb_dialog_done_fn done, void *user);
void lb_dialog_set_change_fn(lb_dialog *d, lb_dialog_change_fn fn);
void lb_dialog_set_check_fn(lb_dialog *d, lb_dialog_check_fn fn);
/* ITEMS are sanitized one-line texts; typing narrows them (case and accents
 * ignored). CURRENT is the item the cursor starts on. */
lb_dialog *lb_dialog_picker(const char *title, const char *const *items, size_t count,
                            size_t current, lb_dialog_done_fn done, void *user);
void lb_dialog_free(lb_dialog *d);

/* Draws the dialog centred on the screen and parks the hardware cursor on
 * its focused element. */
void lb_dialog_draw(lb_dialog *d);
/* LB_UI_* flags; LB_UI_CLOSE after DONE ran (then free the dialog). */
int lb_dialog_key(lb_dialog *d, const lb_key *k);

#endif
