/* ui.h — what every widget of the toolkit shares: the key event, the
 * attributes of the few roles text plays on screen, and drawing of safe text.
 * The toolkit knows nothing of the bus: widgets get text through callbacks. */
#ifndef LB_UI_H
#define LB_UI_H

#include <stdbool.h>
#include <stddef.h>

/* One input event. KEY is a curses KEY_* code (KEY_RESIZE, KEY_F(n), KEY_MOUSE
 * ...) when IS_KEY, else CH is the typed character (Unicode). For mouse events
 * MOUSE_Y/X hold the cell and BUTTON is 1 (click), 4 (wheel up), 5 (wheel down). */
typedef struct {
    bool is_key;
    int key;
    unsigned ch;
    int mouse_y, mouse_x, button;
} lb_key;

/* What handling an event changed; only the main loop draws (htop's idea). */
enum {
    LB_UI_IGNORED = 0,      /* not for this widget: pass it on */
    LB_UI_HANDLED = 1 << 0, /* consumed, nothing to redraw */
    LB_UI_REDRAW = 1 << 1,  /* consumed, the screen changed */
    LB_UI_CLOSE = 1 << 2,   /* the dialog or form is done */
};

/* The roles text plays; each is a colour pair plus a monochrome attribute,
 * so no state is shown by colour alone. */
typedef enum {
    LB_ATTR_NORMAL,
    LB_ATTR_TITLE,     /* top line */
    LB_ATTR_HEADER,    /* column titles */
    LB_ATTR_CURSOR,    /* the cursor row */
    LB_ATTR_SELECTED,  /* a selected (checked) row */
    LB_ATTR_KEY,       /* F-key number in the key bar */
    LB_ATTR_KEY_LABEL, /* its label */
    LB_ATTR_STATUS,    /* status line */
    LB_ATTR_DIALOG,    /* dialog body */
    LB_ATTR_BUTTON,    /* dialog button with focus */
    LB_ATTR_ERROR,     /* an error message */
    LB_ATTR_DIM,       /* hints, empty values */
    LB_ATTR_COUNT
} lb_attr_role;

/* Draws the sanitized UTF-8 SAFE at Y,X on stdscr in exactly CELLS cells (cut
 * with an ellipsis, padded with spaces), in ROLE's attribute, converted to the
 * terminal's character set. Returns the cells drawn. */
int lb_ui_put(int y, int x, const char *safe, int cells, lb_attr_role role);
/* Like lb_ui_put for untrusted text: sanitizes first (one line). */
int lb_ui_put_untrusted(int y, int x, const char *text, size_t len, int cells, lb_attr_role role);
/* The curses attribute for ROLE (colour pair or monochrome fallback). */
int lb_ui_attr(lb_attr_role role);
/* Fills the row Y from X for CELLS cells with spaces in ROLE. */
void lb_ui_fill(int y, int x, int cells, lb_attr_role role);
/* A frame of box characters (ASCII on terminals without them). */
void lb_ui_box(int y, int x, int h, int w, lb_attr_role role);

/* True when the terminal shows UTF-8 (symbols like "…" and "▲" are usable). */
bool lb_ui_utf8(void);
/* Linear mode (--braille): widgets draw one record per line as
 * "label: value; label: value", no frames, no bars, states in words, and the
 * status line is the last line. Views need not know. */
bool lb_ui_braille(void);

#endif
