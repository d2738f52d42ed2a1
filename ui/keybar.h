/* keybar.h — the function-key bar at the bottom (mc, htop), with the letter
 * that does the same shown in every label: laptops and tmux eat F-keys. */
#ifndef LB_KEYBAR_H
#define LB_KEYBAR_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    int fkey;          /* 1..10 */
    unsigned letter;   /* the key that does the same, 0 for none */
    const char *label; /* translated */
    bool shown;        /* false leaves the slot empty (a role does not allow it) */
} lb_keybar_item;

/* Draws ITEMS (at most one per F-key) in ten slots on row Y, each as wide as
 * its label when the bar fits, the widest labels cut first when it does not. */
void lb_keybar_draw(int y, const lb_keybar_item *items, size_t count);
/* The cells each label F1..F10 gets on a bar COLS wide (measured by tests:
 * translations are longer than the English). */
void lb_keybar_rooms(const lb_keybar_item *items, size_t count, int cols, int rooms[10]);
/* The item under a click at column X of the bar, or -1. */
int lb_keybar_hit(int x, const lb_keybar_item *items, size_t count);

#endif
