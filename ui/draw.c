/* draw.c — the only place text meets curses: cut to cells, converted to the
 * terminal's character set, drawn with the role's attribute. */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "ui/safe_text.h"
#include "ui/screen.h"
#include "ui/text_width.h"
#include "ui/ui.h"

int lb_ui_put(int y, int x, const char *safe, int cells, lb_attr_role role)
{
    if (cells <= 0 || y < 0 || x < 0 || y >= LINES || x >= COLS)
        return 0;
    if (x + cells > COLS)
        cells = COLS - x;
    char stackbuf[1024];
    size_t need = (size_t)cells * 4 + 8; /* worst case: 4 bytes per cell */
    char *buf = need <= sizeof stackbuf ? stackbuf : malloc(need);
    if (!buf)
        return 0;
    size_t n = lb_text_fit(buf, need, safe ? safe : "", safe ? strlen(safe) : 0, cells, true);
    attrset(lb_ui_attr(role));
    char *conv = lb_screen_to_terminal(buf, n);
    /* The last cell of the screen scrolls a full screen on some terminals:
     * curses handles that with insert mode, so addnstr is safe there. */
    mvaddnstr(y, x, conv ? conv : buf, (int)(conv ? strlen(conv) : n));
    free(conv);
    attrset(A_NORMAL);
    if (buf != stackbuf)
        free(buf);
    return cells;
}

int lb_ui_put_untrusted(int y, int x, const char *text, size_t len, int cells, lb_attr_role role)
{
    char stackbuf[2048];
    /* Only the first cells can show; a huge field is cut before cleaning. */
    size_t take = len;
    if (take > (size_t)cells * 16 + 64)
        take = (size_t)cells * 16 + 64;
    lb_safe_text(stackbuf, sizeof stackbuf, text ? text : "", text ? take : 0, LB_SAFE_ONE_LINE);
    return lb_ui_put(y, x, stackbuf, cells, role);
}

void lb_ui_fill(int y, int x, int cells, lb_attr_role role)
{
    if (y < 0 || y >= LINES || x < 0 || x >= COLS || cells <= 0)
        return;
    if (x + cells > COLS)
        cells = COLS - x;
    attrset(lb_ui_attr(role));
    mvhline(y, x, ' ', cells);
    attrset(A_NORMAL);
}

void lb_ui_box(int y, int x, int h, int w, lb_attr_role role)
{
    /* a braille display would spell out every frame character */
    if (h < 2 || w < 2 || lb_ui_braille())
        return;
    attrset(lb_ui_attr(role));
    /* curses falls back to ASCII on terminals without line drawing */
    chtype hz = ACS_HLINE, vt = ACS_VLINE;
    chtype c1 = ACS_ULCORNER, c2 = ACS_URCORNER, c3 = ACS_LLCORNER, c4 = ACS_LRCORNER;
    mvhline(y, x + 1, hz, w - 2);
    mvhline(y + h - 1, x + 1, hz, w - 2);
    mvvline(y + 1, x, vt, h - 2);
    mvvline(y + 1, x + w - 1, vt, h - 2);
    mvaddch(y, x, c1);
    mvaddch(y, x + w - 1, c2);
    mvaddch(y + h - 1, x, c3);
    mvaddch(y + h - 1, x + w - 1, c4);
    attrset(A_NORMAL);
}
