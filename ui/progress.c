/* progress.c — the bar is drawn in text; no colour needed. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ui/progress.h"
#include "ui/text_width.h"
#include "ui/ui.h"

void lb_progress_text(char *buf, size_t size, size_t done, size_t total, double rate_per_s)
{
    int n = snprintf(buf, size, "%zu/%zu", done, total);
    if (n < 0 || (size_t)n >= size || rate_per_s <= 0)
        return;
    double left = done < total ? (double)(total - done) / rate_per_s : 0;
    unsigned long s = (unsigned long)(left + 0.5);
    if (s >= 3600)
        snprintf(buf + n, size - (size_t)n, "  %.1f/s  ETA %lu:%02lu:%02lu", rate_per_s, s / 3600,
                 s / 60 % 60, s % 60);
    else
        snprintf(buf + n, size - (size_t)n, "  %.1f/s  ETA %lu:%02lu", rate_per_s, s / 60, s % 60);
}

void lb_progress_draw(int y, int x, int w, size_t done, size_t total, double rate_per_s)
{
    char text[96];
    lb_progress_text(text, sizeof text, done, total, rate_per_s);
    int tw = (int)lb_text_width(text, strlen(text));
    int bar = w - tw - 3; /* "[" bar "] " text */
    /* linear mode (braille): no bar, the numbers say it all */
    if (bar < 4 || lb_ui_braille()) {
        lb_ui_put(y, x, text, w, LB_ATTR_NORMAL);
        return;
    }
    char line[512];
    int filled =
        total ? (int)((double)bar * (double)(done > total ? total : done) / (double)total) : 0;
    if (bar > (int)sizeof line - 4)
        bar = (int)sizeof line - 4;
    if (filled > bar)
        filled = bar;
    line[0] = '[';
    memset(line + 1, '#', (size_t)filled);
    memset(line + 1 + filled, '.', (size_t)(bar - filled));
    line[1 + bar] = ']';
    line[2 + bar] = '\0';
    lb_ui_put(y, x, line, bar + 2, LB_ATTR_NORMAL);
    lb_ui_put(y, x + bar + 3, text, w - bar - 3, LB_ATTR_NORMAL);
}
