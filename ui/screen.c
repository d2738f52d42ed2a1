/* screen.c — curses start-up with the settings the pitfalls ask for: short
 * ESCDELAY, default colours, the hardware cursor visible, the mouse optional. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "i18n/charset.h"
#include "i18n/i18n.h"
#include "ui/screen.h"
#include "ui/term_probe.h"
#include "ui/ui.h"

static struct {
    bool active, started_once, mouse, color, slow_link, utf8, braille;
    lb_charset *charset;
    int attrs[LB_ATTR_COUNT];
} screen;

void lb_screen_options_default(lb_screen_options *o)
{
    o->mouse = true;
    o->color = true;
    o->slow_link = false;
    o->braille = false;
}

bool lb_ui_utf8(void)
{
    return screen.utf8;
}

bool lb_ui_braille(void)
{
    return screen.braille;
}

int lb_ui_attr(lb_attr_role role)
{
    return role < LB_ATTR_COUNT ? screen.attrs[role] : (int)A_NORMAL;
}

/* Monochrome first: every role is recognisable without colour. */
static void attrs_mono(void)
{
    int *a = screen.attrs;
    a[LB_ATTR_NORMAL] = A_NORMAL;
    a[LB_ATTR_TITLE] = A_REVERSE | A_BOLD;
    a[LB_ATTR_HEADER] = A_BOLD | A_UNDERLINE;
    a[LB_ATTR_CURSOR] = A_REVERSE;
    a[LB_ATTR_SELECTED] = A_BOLD;
    a[LB_ATTR_KEY] = A_BOLD;
    a[LB_ATTR_KEY_LABEL] = A_REVERSE;
    a[LB_ATTR_STATUS] = A_REVERSE;
    a[LB_ATTR_DIALOG] = A_NORMAL;
    a[LB_ATTR_BUTTON] = A_REVERSE | A_BOLD;
    a[LB_ATTR_ERROR] = A_BOLD;
    a[LB_ATTR_DIM] = A_DIM;
}

/* Colours on the terminal's own background (-1) so light and dark themes
 * both stay readable; bars get a solid background like mc's. */
static void attrs_color(void)
{
    start_color();
    use_default_colors();
    init_pair(1, COLOR_WHITE, COLOR_BLUE);  /* title, status */
    init_pair(2, COLOR_BLACK, COLOR_CYAN);  /* key labels */
    init_pair(3, COLOR_YELLOW, -1);         /* selected rows */
    init_pair(4, COLOR_RED, -1);            /* errors */
    init_pair(5, COLOR_BLACK, COLOR_WHITE); /* dialogs */
    int *a = screen.attrs;
    a[LB_ATTR_TITLE] = COLOR_PAIR(1) | A_BOLD;
    a[LB_ATTR_STATUS] = COLOR_PAIR(1);
    a[LB_ATTR_KEY_LABEL] = COLOR_PAIR(2);
    a[LB_ATTR_SELECTED] = COLOR_PAIR(3) | A_BOLD;
    a[LB_ATTR_ERROR] = COLOR_PAIR(4) | A_BOLD;
    a[LB_ATTR_DIALOG] = COLOR_PAIR(5);
    a[LB_ATTR_BUTTON] = A_REVERSE | A_BOLD;
}

bool lb_screen_start(const lb_screen_options *o, const char *codeset, char *err, size_t errsize)
{
    return lb_screen_start_on(o, codeset, stdout, stdin, err, errsize);
}

bool lb_screen_start_on(const lb_screen_options *o, const char *codeset, FILE *out, FILE *in,
                        char *err, size_t errsize)
{
    if (screen.active)
        return true;
    const char *term = getenv("TERM");
    if (!term || !*term || strcmp(term, "dumb") == 0) {
        snprintf(err, errsize, "%s",
                 _("This terminal (TERM=dumb or no TERM) cannot show lbterm's screens. "
                   "Use a terminal emulator such as xterm, PuTTY or the Linux console, "
                   "or set TERM=xterm-256color."));
        return false;
    }
    screen.utf8 = codeset && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
    if (!screen.utf8) {
        const char *cerr = NULL;
        screen.charset = lb_charset_new(codeset ? codeset : "ANSI_X3.4-1968", &cerr);
        if (!screen.charset) {
            snprintf(err, errsize, "%s", cerr ? cerr : _("Unknown character set."));
            return false;
        }
    }
    /* Esc must feel instant; escape sequences from a slow ssh link still fit. */
    set_escdelay(o->slow_link ? 150 : 25);
    /* an unknown TERM is refused before newterm, whose failure leaks */
    SCREEN *s = lb_term_known(term, fileno(out)) ? newterm(NULL, out, in) : NULL;
    if (!s) {
        snprintf(err, errsize,
                 _("The terminal type \"%s\" is unknown here. Set TERM to one "
                   "this machine knows, such as xterm-256color."),
                 term);
        lb_charset_free(screen.charset);
        screen.charset = NULL;
        return false;
    }
    set_term(s);
    screen.active = true;
    screen.slow_link = o->slow_link;
    screen.braille = o->braille;
    raw(); /* Ctrl-C arrives as a key too; SIGINT from kill still works */
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    meta(stdscr, TRUE);
    leaveok(stdscr, FALSE); /* braille displays follow the hardware cursor */
    curs_set(1);
    attrs_mono();
    const char *no_color = getenv("NO_COLOR");
    screen.color = o->color && !(no_color && *no_color) && has_colors();
    if (screen.color)
        attrs_color();
    lb_screen_set_mouse(o->mouse);
    return true;
}

void lb_screen_stop(void)
{
    if (!screen.active)
        return;
    if (screen.mouse)
        mousemask(0, NULL);
    endwin();
    screen.active = false;
    screen.started_once = true;
}

bool lb_screen_active(void)
{
    return screen.active;
}

void lb_screen_resized(void)
{
    struct winsize ws;
    if (!screen.active || ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 ||
        ws.ws_col == 0)
        return;
    resizeterm(ws.ws_row, ws.ws_col);
    /* resizeterm does nothing when the size is the one curses had, yet the
     * window may have shrunk and grown back in between (signals coalesce
     * while lbterm is busy) and the terminal dropped what was on it. */
    clearok(curscr, TRUE);
}

bool lb_screen_slow_link(void)
{
    return screen.slow_link;
}

bool lb_screen_mouse_enabled(void)
{
    return screen.mouse;
}

void lb_screen_set_mouse(bool on)
{
    if (!screen.active)
        return;
    mmask_t want = on ? (BUTTON1_PRESSED | BUTTON1_RELEASED | BUTTON1_CLICKED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
                         | BUTTON5_PRESSED
#endif
                         )
                      : 0;
    mousemask(want, NULL);
    mouseinterval(0); /* report presses at once; no click-detection delay */
    screen.mouse = on;
}

char *lb_screen_to_terminal(const char *utf8, size_t len)
{
    return screen.charset ? lb_charset_to_terminal(screen.charset, utf8, len) : NULL;
}

char *lb_screen_from_terminal(const char *text, size_t len)
{
    return screen.charset ? lb_charset_from_terminal(screen.charset, text, len) : NULL;
}

void lb_screen_exit(int code)
{
    lb_screen_stop();
    lb_charset_free(screen.charset);
    screen.charset = NULL;
    if (screen.started_once)
        exit_curses(code); /* frees curses' kept memory (valgrind sees no leak) */
    exit(code);
}
