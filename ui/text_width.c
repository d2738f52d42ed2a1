/* text_width.c — measure before layout; never trust byte counts for columns. */
#include "config.h"

#include <string.h>
#include <wchar.h>

#include "ui/text_width.h"

size_t lb_text_width(const char *utf8, size_t len)
{
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t cells = 0;
    size_t i = 0;
    while (i < len) {
        wchar_t wc;
        size_t n = mbrtowc(&wc, utf8 + i, len - i, &st);
        if (n == (size_t)-1 || n == (size_t)-2) {
            /* Invalid or truncated: one U+FFFD cell, resync on the next byte. */
            memset(&st, 0, sizeof st);
            cells += 1;
            i += 1;
            continue;
        }
        if (n == 0) /* embedded NUL: stop as the terminal would */
            break;
        int w = wcwidth(wc);
        cells += w < 0 ? 2 : (size_t)w;
        i += n;
    }
    return cells;
}
