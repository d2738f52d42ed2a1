/* shell.h — the frame around the screens: title line, the current view, the
 * status line and the key bar; forms and dialogs on top; the one event loop.
 * Views reach the bus, the user's identity and the user through it. */
#ifndef LB_SHELL_H
#define LB_SHELL_H

#include <stdbool.h>
#include <stdio.h>

#include "client/bus.h"
#include "client/session.h"
#include "client/transport.h"
#include "ui/dialog.h"
#include "ui/form.h"
#include "ui/screen.h"
#include "views/view.h"

typedef struct {
    const char *profile_name; /* shown in the status line */
    lb_transport *transport;  /* not owned */
    lb_bus *bus;              /* not owned */
    lb_session *session;      /* not owned */
    bool read_only;           /* hide every command that changes data */
    lb_screen_options screen;
    const char *codeset;    /* the terminal's character set */
    const char *first_view; /* a view id, or NULL: the first the user's roles allow */
    FILE *log;              /* technical detail of errors; may be NULL */
} lb_shell_config;

lb_shell *lb_shell_new(const lb_shell_config *cfg);
void lb_shell_free(lb_shell *sh);
/* Starts the screen and runs until the user quits or a signal ends it.
 * Returns the exit code; ERR receives a sentence when the screen cannot start. */
int lb_shell_run(lb_shell *sh, char *err, size_t errsize);

/* ---- for views ---- */
lb_bus *lb_shell_bus(lb_shell *sh);
/* The user (NULL until whoami answered). */
const lb_whoami *lb_shell_who(lb_shell *sh);
bool lb_shell_has_role(lb_shell *sh, const char *role);
bool lb_shell_read_only(const lb_shell *sh);
/* A message on the status line (translated text). */
void lb_shell_message(lb_shell *sh, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* An error for the user: a dialog with WHAT (what failed, translated), the
 * sentence for ERR's status and what to do next; technical detail to the log. */
void lb_shell_error(lb_shell *sh, const char *what, const lb_error *err);
void lb_shell_log(lb_shell *sh, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Shows D modally; the shell owns and frees it once it closes. */
void lb_shell_dialog(lb_shell *sh, lb_dialog *d);
/* Shows F over the current view; CLOSED(USER) runs when the user closes it,
 * before the shell frees F. */
void lb_shell_push_form(lb_shell *sh, lb_form *f, void (*closed)(void *user), void *user);
/* Closes F when it is the top form (CLOSED runs, F is freed), e.g. from a
 * dialog's DONE; never from F's own key handling (return LB_UI_CLOSE). */
void lb_shell_close_form(lb_shell *sh, lb_form *f);
/* Right part of the status line while something loads ("" to clear). */
void lb_shell_progress(lb_shell *sh, const char *text);
void lb_shell_redraw(lb_shell *sh);
/* Switches to view class CLS (opening it the first time). */
void lb_shell_show_view(lb_shell *sh, const lb_view_class *cls);

#endif
