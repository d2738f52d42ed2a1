/* wrap.c — greedy wrapping by cells. */
#include "config.h"

#include <stdbool.h>
#include <string.h>
#include <wchar.h>

#include "ui/wrap.h"

/* Bytes and cells of the character at S. */
static size_t next_char(const char *s, size_t len, int *cells)
{
    mbstate_t st;
    memset(&st, 0, sizeof st);
    wchar_t wc;
    size_t n = mbrtowc(&wc, s, len, &st);
    if (n == 0 || n == (size_t)-1 || n == (size_t)-2) {
        *cells = 1;
        return 1;
    }
    int w = wcwidth(wc);
    *cells = w < 0 ? 1 : w;
    return n;
}

size_t lb_text_wrap(const char *safe, size_t len, int width, lb_wrap_line_fn line, void *user)
{
    if (width < 1)
        width = 1;
    size_t lines = 0, i = 0;
    while (i < len) {
        size_t start = i, last_space_end = 0;
        int cells = 0;
        bool broke = false;
        while (i < len && safe[i] != '\n') {
            int cw;
            size_t n = next_char(safe + i, len - i, &cw);
            if (cells + cw > width) {
                broke = true;
                break;
            }
            cells += cw;
            i += n;
            if (safe[i - 1] == ' ')
                last_space_end = i;
        }
        size_t end = i;
        if (broke && safe[i] == ' ') { /* the line ends exactly before a space */
            size_t e2 = i;
            while (i < len && safe[i] == ' ')
                i++;
            if (line)
                line(user, safe + start, e2 - start);
            lines++;
            continue;
        }
        if (broke && last_space_end > start)
            end = i = last_space_end;
        if (broke && end == start) { /* a character wider than the line */
            int cw;
            end = i = start + next_char(safe + start, len - start, &cw);
        }
        size_t shown = end;
        while (shown > start && safe[shown - 1] == ' ' && broke)
            shown--;
        if (line)
            line(user, safe + start, shown - start);
        lines++;
        if (!broke && i < len && safe[i] == '\n') {
            i++;
            if (i == len) { /* a trailing newline ends with an empty line */
                if (line)
                    line(user, safe + i, 0);
                lines++;
            }
        }
    }
    return lines;
}
