/* form.h — a record's detail form: tabs of "label: value" fields, or tabs
 * whose body another widget draws (a related list). Tab / Shift-Tab and
 * Left / Right switch tabs, Up / Down move between fields, Esc closes. */
#ifndef LB_FORM_H
#define LB_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/ui.h"

typedef struct lb_form lb_form;

/* A tab whose body someone else draws (a related list): DRAW paints the
 * region, KEY gets keys first (LB_UI_IGNORED passes them to the form). */
typedef struct {
    void (*draw)(void *user, int y, int x, int h, int w, bool focused);
    int (*key)(void *user, const lb_key *k);
    void *user;
} lb_form_body;

lb_form *lb_form_new(const char *title);
void lb_form_free(lb_form *f);

/* Adds a tab (TITLE translated); returns its index. */
size_t lb_form_add_tab(lb_form *f, const char *title);
/* Adds "LABEL: VALUE" to TAB. VALUE is untrusted text from the bus (the form
 * sanitizes it, keeping line breaks); NULL shows as "---" the way the
 * Dynamics forms do. */
void lb_form_add_field(lb_form *f, size_t tab, const char *label, const char *value);
void lb_form_set_body(lb_form *f, size_t tab, const lb_form_body *body);
/* Replaces the fields of TAB (a refresh). */
void lb_form_clear_tab(lb_form *f, size_t tab);
size_t lb_form_current_tab(const lb_form *f);
void lb_form_select_tab(lb_form *f, size_t tab);
const char *lb_form_title(const lb_form *f);

/* An editable form: KEY gets every key before the form does (Enter to edit
 * the focused field, Esc to ask before closing); LB_UI_IGNORED passes it on. */
void lb_form_set_key_hook(lb_form *f, int (*key)(void *user, const lb_key *k), void *user);
/* The focused field of the current tab; moving the focus selects TAB. */
size_t lb_form_focus(const lb_form *f);
void lb_form_set_focus(lb_form *f, size_t tab, size_t field);

/* Draws into Y,X,H,W and parks the hardware cursor on the focused field. */
void lb_form_draw(lb_form *f, int y, int x, int h, int w);
/* LB_UI_* flags; LB_UI_CLOSE on Esc. */
int lb_form_key(lb_form *f, const lb_key *k);

#endif
