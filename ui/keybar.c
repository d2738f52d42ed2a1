/* keybar.c — "1Help 2Weergave …" in ten slots; the letter key is underlined
 * inside the label when it occurs there, or added in brackets. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <wctype.h>

#include "ui/keybar.h"
#include "ui/text_width.h"
#include "ui/ui.h"

/* Byte offset of LETTER in LABEL (ASCII letters, either case), or -1. */
static int letter_at(const char *label, unsigned letter)
{
    if (letter == 0 || letter > 127)
        return -1;
    for (int i = 0; label[i]; i++)
        if ((unsigned)towlower((wint_t)(unsigned char)label[i]) == towlower((wint_t)letter))
            return i;
    return -1;
}

/* The label shown for ITEM: with "(x)" when the label lacks the letter and
 * there is room (ROOM < 0: measure the wish). */
static void label_of(const lb_keybar_item *it, int room, char *buf, size_t size)
{
    int lw = (int)lb_text_width(it->label, strlen(it->label));
    if (letter_at(it->label, it->letter) < 0 && it->letter > 32 && it->letter < 127 &&
        (room < 0 || lw + 3 <= room))
        snprintf(buf, size, "%s(%c)", it->label, (char)it->letter);
    else
        snprintf(buf, size, "%s", it->label);
}

static const lb_keybar_item *item_for(int f, const lb_keybar_item *items, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (items[i].fkey == f && items[i].shown)
            return &items[i];
    return NULL;
}

/* Slot widths (number + label) for F1..F10: each label's own width, then the
 * widest cut first until the bar fits; spare room goes to every slot. */
static void layout(const lb_keybar_item *items, size_t count, int cols, int x[11])
{
    int w[10];
    int total = 0;
    for (int f = 1; f <= 10; f++) {
        const lb_keybar_item *it = item_for(f, items, count);
        char label[128] = "";
        if (it)
            label_of(it, -1, label, sizeof label);
        int lw = it ? (int)lb_text_width(label, strlen(label)) : 0;
        w[f - 1] = (f == 10 ? 2 : 1) + lw + 1;
        total += w[f - 1];
    }
    while (total > cols) {
        /* the longest label loses a cell (F10's two digits do not count) */
        int wi = 0;
        for (int i = 1; i < 10; i++)
            if (w[i] - (i == 9) > w[wi] - (wi == 9))
                wi = i;
        if (w[wi] - (wi == 9) <= 3)
            break;
        w[wi]--;
        total--;
    }
    int spare = cols > total ? cols - total : 0;
    x[0] = 0;
    for (int i = 0; i < 10; i++) {
        int give = spare / (10 - i);
        spare -= give;
        x[i + 1] = x[i] + w[i] + give;
    }
}

void lb_keybar_draw(int y, const lb_keybar_item *items, size_t count)
{
    int xs[11];
    layout(items, count, COLS, xs);
    lb_ui_fill(y, 0, COLS, LB_ATTR_NORMAL);
    for (int f = 1; f <= 10; f++) {
        int x = xs[f - 1];
        int w = (f == 10 ? COLS : xs[f]) - x;
        char num[4];
        snprintf(num, sizeof num, "%d", f);
        int nw = f == 10 ? 2 : 1;
        if (w <= nw || x >= COLS)
            continue;
        lb_ui_put(y, x, num, nw, LB_ATTR_KEY);
        const lb_keybar_item *it = item_for(f, items, count);
        /* one cell of space after each label keeps them apart */
        int room = w - nw - 1;
        if (!it || room < 1) {
            lb_ui_fill(y, x + nw, w - nw - 1, LB_ATTR_KEY_LABEL);
            continue;
        }
        char label[128];
        label_of(it, room, label, sizeof label);
        int at = letter_at(label, it->letter);
        lb_ui_put(y, x + nw, label, room, LB_ATTR_KEY_LABEL);
        if (at >= 0 && (int)lb_text_width(label, (size_t)at) < room - 1) {
            int lx = x + nw + (int)lb_text_width(label, (size_t)at);
            mvchgat(y, lx, 1, lb_ui_attr(LB_ATTR_KEY_LABEL) | A_UNDERLINE | A_BOLD,
                    PAIR_NUMBER(lb_ui_attr(LB_ATTR_KEY_LABEL)), NULL);
        }
    }
}

int lb_keybar_hit(int x, const lb_keybar_item *items, size_t count)
{
    int xs[11];
    layout(items, count, COLS, xs);
    for (int f = 1; f <= 10; f++) {
        if (x >= xs[f - 1] && (f == 10 || x < xs[f])) {
            const lb_keybar_item *it = item_for(f, items, count);
            return it ? (int)(it - items) : -1;
        }
    }
    return -1;
}

void lb_keybar_rooms(const lb_keybar_item *items, size_t count, int cols, int rooms[10])
{
    int xs[11];
    layout(items, count, cols, xs);
    for (int f = 1; f <= 10; f++) {
        int w = (f == 10 ? cols : xs[f]) - xs[f - 1];
        rooms[f - 1] = w - (f == 10 ? 2 : 1) - 1; /* as lb_keybar_draw gives it */
    }
}
