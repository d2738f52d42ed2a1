/* screen.h — starting and stopping curses, and the terminal restored on
 * every exit path: normal, error, SIGINT, SIGTERM, SIGHUP. */
#ifndef LB_SCREEN_H
#define LB_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct {
    bool mouse;     /* clicks and wheel; off keeps the terminal's own selection */
    bool color;     /* false, or NO_COLOR set, or a terminal without colours: monochrome */
    bool slow_link; /* fewer updates, no animation (ssh over a slow line) */
    bool braille;   /* linear screens for screen readers and braille displays */
} lb_screen_options;

/* Mouse on, colour on, normal link, not linear. */
void lb_screen_options_default(lb_screen_options *o);

/* Starts curses on the controlling terminal. Refuses TERM=dumb or a missing
 * terminal description with a translated sentence in ERR (false). CODESET is
 * the terminal's character set (nl_langinfo(CODESET)). */
bool lb_screen_start(const lb_screen_options *o, const char *codeset, char *err, size_t errsize);
/* The same on OUT and IN (headless tests draw to /dev/null). */
bool lb_screen_start_on(const lb_screen_options *o, const char *codeset, FILE *out, FILE *in,
                        char *err, size_t errsize);
/* Restores the terminal; harmless when not started or already stopped. */
void lb_screen_stop(void);
/* The program's last call once curses was started: restores the terminal,
 * frees curses' kept memory (exit_curses) and exits with CODE. */
_Noreturn void lb_screen_exit(int code);
bool lb_screen_active(void);
bool lb_screen_mouse_enabled(void);
/* Switches the mouse on or off at run time (a key in the app). */
void lb_screen_set_mouse(bool on);
bool lb_screen_slow_link(void);
/* After SIGWINCH: reads the terminal's size, resizes curses (which queues
 * KEY_RESIZE) and has the next refresh repaint the whole screen. */
void lb_screen_resized(void);

/* Converts UTF-8 to the terminal's set when it is not UTF-8; NULL when no
 * conversion is needed. Caller frees. */
char *lb_screen_to_terminal(const char *utf8, size_t len);
/* Converts typed text from the terminal's set to UTF-8 (caller frees), or
 * NULL when the terminal is UTF-8. */
char *lb_screen_from_terminal(const char *text, size_t len);

#endif
