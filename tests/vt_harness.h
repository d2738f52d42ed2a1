/* vt_harness.h — drive a real program in a pseudo-terminal as a person would:
 * keys go in, libvterm keeps the screen, tests poll the screen for text with a
 * deadline (never a fixed sleep). Test-only; links libvterm. */
#ifndef LB_VT_HARNESS_H
#define LB_VT_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct lb_vt lb_vt;

/* Starts ARGV[0] (a path, no $PATH search) with ARGV in a new pty of ROWS x
 * COLS. The environment is the current one plus ENV_SET (NULL-terminated, may
 * be NULL): "NAME=value" sets (an empty value stays set), "NAME" alone unsets.
 * TERM is xterm-256color unless ENV_SET names it, and LINES / COLUMNS are
 * dropped unless ENV_SET names them, because ncurses would trust them over the
 * pty size. The child leads its own session with the pty as controlling tty
 * and gets SIGTERM when the test dies. Returns NULL with a reason in ERRBUF
 * when the pty, the fork or the exec fails. */
lb_vt *lb_vt_spawn(const char *const *argv, const char *const *env_set, int rows, int cols,
                   char *errbuf, size_t errsize);
/* SIGTERM to the child's process group, SIGKILL after 2 s, reaps the child
 * (no zombie left), frees everything. NULL is fine. */
void lb_vt_free(lb_vt *vt);

/* Reads what the child wrote, waiting up to WAIT_MS for the first byte, and
 * feeds libvterm; the raw bytes also go to the output log. Returns at once
 * when the pty is closed for good. */
void lb_vt_pump(lb_vt *vt, int wait_ms);
/* Writes BYTES to the child's terminal; keeps reading meanwhile so a child
 * that blocks on output cannot deadlock us. 0, or -1 (child gone, 5 s stuck). */
int lb_vt_send(lb_vt *vt, const char *bytes, size_t len);
/* Named keys as xterm sends them: "Up", "Down", "Left", "Right", "PageUp",
 * "PageDown", "Home", "End", "Insert", "Delete", "F1".."F12" (cursor keys
 * follow the application-cursor mode the child set, like a real terminal),
 * "Enter", "Esc", "Tab", "BackTab", "Backspace", "Space", "C-a".."C-z". Any
 * other string is sent literally (UTF-8). 0, or -1 as lb_vt_send. */
int lb_vt_key(lb_vt *vt, const char *name);

/* Poll the screen (pumping in between) until it contains UTF8 — anywhere, in
 * ROW, or no longer anywhere — or TIMEOUT_MS passes. They give up early once
 * the pty is closed for good, since the screen cannot change any more. */
bool lb_vt_wait_text(lb_vt *vt, const char *utf8, int timeout_ms);
bool lb_vt_wait_row_text(lb_vt *vt, int row, const char *utf8, int timeout_ms);
bool lb_vt_wait_gone(lb_vt *vt, const char *utf8, int timeout_ms);
/* The screen settled: no byte for QUIET_MS, counted from this call at the
 * earliest (a reply may still be on its way). False after TIMEOUT_MS. */
bool lb_vt_wait_quiet(lb_vt *vt, int quiet_ms, int timeout_ms);

/* The screen as UTF-8: row ROW (0-based, trailing spaces trimmed), or every
 * row joined by '\n'. A wide character appears once. malloc'd, caller frees. */
char *lb_vt_row_text(lb_vt *vt, int row);
char *lb_vt_screen_text(lb_vt *vt);
/* The first row containing UTF8, or -1. */
int lb_vt_find_row(lb_vt *vt, const char *utf8);
/* 0-based cursor position. */
void lb_vt_cursor(lb_vt *vt, int *row, int *col);

/* What a cell looks like, for tests of highlight and emphasis. fg / bg are a
 * palette index 0..255, -1 for the terminal's default, -2 for direct RGB. */
typedef struct {
    bool reverse, bold, underline;
    int fg, bg;
} lb_vt_attrs;
void lb_vt_cell_attrs(lb_vt *vt, int row, int col, lb_vt_attrs *out);

/* Resizes the emulated screen and the pty (the child gets SIGWINCH). */
void lb_vt_resize(lb_vt *vt, int rows, int cols);

/* Every byte the child wrote since the spawn; lb_vt_output_len() serves as a
 * mark to look only at what came after some point. */
const unsigned char *lb_vt_output(const lb_vt *vt, size_t *len);
size_t lb_vt_output_len(const lb_vt *vt);

/* Waits for the child to exit, reading its output meanwhile (and the last of
 * it after). Its exit status 0..255, 128 + signal, or -1 on timeout. Can be
 * asked again after the exit. */
int lb_vt_wait_exit(lb_vt *vt, int timeout_ms);
pid_t lb_vt_pid(const lb_vt *vt);

/* The screen on stderr as TAP diagnostics ("# "), headed by WHY: call it when
 * an assertion failed. LB_VT_TRACE=1 in the environment dumps on every wait. */
void lb_vt_dump(lb_vt *vt, const char *why);

#endif
