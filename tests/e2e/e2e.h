/* e2e.h — end-to-end tests of the real lbterm binary in a pseudo-terminal
 * against a private lbbus-sim: a throwaway HOME with a profile that points
 * at the simulator, lbterm started as a demo user, keys sent and the screen
 * read back (libvterm). With LB_E2E_VALGRIND=1 lbterm runs under valgrind
 * and its exit status says whether valgrind found errors or leaks. */
#ifndef LB_E2E_H
#define LB_E2E_H

#include <stdbool.h>

#include "tests/sim_harness.h"
#include "tests/vt_harness.h"

typedef struct {
    lb_test_sim sim;
    char home[320]; /* HOME, XDG_CONFIG_HOME and XDG_STATE_HOME live here */
    lb_vt *vt;
    bool valgrind;
    int timeout_ms; /* for one wait: longer under valgrind */
    int page_size;  /* the profile's page size; 0: 50, small so that paging is exercised */
} lb_e2e;

/* Starts the simulator with SIM_ARGS (NULL-terminated, may be NULL) and
 * writes a profile "test" for it. Bails out of the test on failure. */
void lb_e2e_setup(lb_e2e *e, const char *const *sim_args);
/* Starts lbterm as demo USER ("demo-secretaris"...) in ROWS x COLS with
 * EXTRA_ARGS and EXTRA_ENV (NULL-terminated, may be NULL). */
void lb_e2e_start(lb_e2e *e, const char *user, int rows, int cols, const char *const *extra_args,
                  const char *const *extra_env);
/* Quits lbterm with F10 and checks it exits 0 (under valgrind: cleanly). */
bool lb_e2e_quit(lb_e2e *e);
void lb_e2e_teardown(lb_e2e *e);

/* Screen helpers. */
bool lb_e2e_wait(lb_e2e *e, const char *text);
bool lb_e2e_wait_gone(lb_e2e *e, const char *text);
void lb_e2e_keys(lb_e2e *e, const char *const *names); /* NULL-terminated */
void lb_e2e_key(lb_e2e *e, const char *name);
void lb_e2e_type(lb_e2e *e, const char *text);
/* Waits until the screen stops changing (after keys whose effect has no
 * distinct text). */
void lb_e2e_settle(lb_e2e *e);
/* Waits for A or B on the screen: 1 or 2; 0 when neither came in time. */
int lb_e2e_wait_either(lb_e2e *e, const char *a, const char *b);
/* Goes to the screen named SCREEN (as the user would: F9, type the name in
 * the picker, Enter), in any language. */
void lb_e2e_go_to(lb_e2e *e, const char *screen);
/* The row the hardware cursor is on, and its text (malloc'd). */
char *lb_e2e_cursor_row(lb_e2e *e, int *row);
/* The text of ROW from cell COL on (malloc'd); cells counted as characters. */
char *lb_e2e_text_at(lb_e2e *e, int row, int col);
/* The number in the status line before TEXT, e.g. "geselecteerd". -1 when absent. */
long lb_e2e_status_number(lb_e2e *e, const char *before_word);
/* A GET on the simulator as USER; the body (malloc'd) or NULL. */
char *lb_e2e_get(lb_e2e *e, const char *user, const char *path);
/* "@odata.count" of a GET, or -1. */
long lb_e2e_count(lb_e2e *e, const char *user, const char *path);

/* Every terminal (issue 8): ends the test at once when the locale NAME
 * ("nl_BE@euro") is missing: a skip with the reason, or a failure under
 * scripts/check (LBTERM_REQUIRE_LOCALES=1), whose set-up generates
 * nl_BE.UTF-8, fr_BE.UTF-8 and nl_BE@euro. Call before the first check. */
void lb_e2e_require_locale(const char *name);

#endif
