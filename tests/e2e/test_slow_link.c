/* test_slow_link.c — lbterm over a slow ssh link (issue 7): lbbus-sim answers
 * 200 ms late and every key reaches the pty 100 ms after it was "typed" (a
 * delayed writer: the test keeps reading lbterm's output meanwhile). Arrow
 * keys, F-keys (xterm's sequences) and a lone Esc must decode when each key's
 * bytes arrive together but keys are spaced, and when an escape sequence is
 * split over two writes 10 ms apart (within ncurses' ESCDELAY of 25 ms; with
 * --slow-link 150 ms, so a 100 ms split decodes too). The bytes lbterm writes
 * per keystroke are printed and kept small. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/e2e/e2e.h"
#include "tests/tap.h"

static lb_e2e e;

static const char *const USER = "demo-secretaris";

/* xterm's keys in application mode (lbterm turns keypad transmit on). */
#define K_DOWN "\033OB"
#define K_UP   "\033OA"
#define K_F1   "\033OP"
#define K_F4   "\033OS"
#define K_PGDN "\033[6~"
#define K_ESC  "\033"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Reads lbterm's output for MS milliseconds (the link's delay). */
static void link_delay(int ms)
{
    double t = now_ms();
    while (now_ms() - t < ms)
        lb_vt_pump(e.vt, 5);
}

/* The delayed writer: BYTES reach the pty 100 ms after the call, at once. */
static void send_late(const char *bytes)
{
    link_delay(100);
    lb_vt_send(e.vt, bytes, strlen(bytes));
}

/* The same key split in two writes GAP ms apart (ssh cut the packet). */
static void send_split(const char *bytes, size_t first, int gap)
{
    link_delay(100);
    lb_vt_send(e.vt, bytes, first);
    link_delay(gap);
    lb_vt_send(e.vt, bytes + first, strlen(bytes) - first);
}

static int cursor_row(void)
{
    int r, c;
    lb_vt_cursor(e.vt, &r, &c);
    return r;
}

/* Bytes lbterm wrote for BYTES, sent late, until the screen was quiet. */
static size_t bytes_for(const char *bytes)
{
    size_t mark = lb_vt_output_len(e.vt);
    send_late(bytes);
    lb_e2e_settle(&e);
    return lb_vt_output_len(e.vt) - mark;
}

static void start(bool slow)
{
    lb_e2e_start(&e, USER, 24, 80, slow ? (const char *[]){"--slow-link", NULL} : NULL, NULL);
    ok(lb_e2e_wait(&e, "Actieve vergaderingen"), "the list opens over a 200 ms bus%s",
       slow ? " (--slow-link)" : "");
    lb_e2e_settle(&e);
}

static void spaced_keys(void)
{
    int row = cursor_row();
    bytes_for(K_DOWN); /* the first key also clears the hint on the status line */
    is_int(cursor_row(), row + 1, "Down arrives late and moves the cursor one row");
    size_t down = bytes_for(K_DOWN);
    tap_diag("bytes for one Down: %zu (80 columns)", down);
    ok(down <= 2 * 80 + 40, "a cursor move writes at most two rows and 40 bytes (%zu)", down);
    send_late(K_DOWN);
    send_late(K_DOWN);
    send_late(K_UP);
    lb_e2e_settle(&e);
    is_int(cursor_row(), row + 3, "Down, Down, Up, spaced: one more row");
    size_t page = bytes_for(K_PGDN);
    tap_diag("bytes for one PageDown: %zu", page);
    ok(page <= 80 * 24, "a page down writes at most one screen (%zu)", page);
    size_t help = bytes_for(K_F1);
    ok(lb_e2e_wait(&e, "Toon alle toetsen"), "F1 (ESC O P) opens the help");
    tap_diag("bytes for F1 (help over the list): %zu", help);
    size_t esc = bytes_for(K_ESC);
    ok(lb_e2e_wait_gone(&e, "Toon alle toetsen"), "a lone Esc closes it");
    tap_diag("bytes for Esc (help closed): %zu", esc);
    send_late(K_F4);
    ok(lb_e2e_wait(&e, "Reden van status…"), "F4 opens the filter picker");
    send_late(K_ESC);
    send_late(K_DOWN);
    ok(lb_e2e_wait_gone(&e, "Reden van status…"), "Esc, then a key 100 ms later: Esc closes");
    lb_e2e_settle(&e);
}

static void split_keys(const char *how, int gap)
{
    send_late("\033OH"); /* Home: the cursor rows below are free */
    lb_e2e_settle(&e);
    int row = cursor_row();
    send_split(K_DOWN, 1, gap);
    lb_e2e_settle(&e);
    is_int(cursor_row(), row + 1, "Down split after ESC, %d ms apart%s, is one Down", gap, how);
    send_split(K_DOWN, 2, gap);
    lb_e2e_settle(&e);
    is_int(cursor_row(), row + 2, "Down split after ESC O, %d ms apart%s, is one Down", gap, how);
    send_split(K_F1, 1, gap);
    ok(lb_e2e_wait(&e, "Toon alle toetsen"), "F1 split %d ms apart%s opens the help", gap, how);
    send_late(K_ESC);
    ok(lb_e2e_wait_gone(&e, "Toon alle toetsen"), "and Esc closes it");
    lb_e2e_settle(&e);
}

int main(void)
{
    lb_e2e_setup(&e, (const char *[]){"--latency-ms", "200", NULL});
    start(false);
    spaced_keys();
    split_keys("", 10);
    ok(lb_e2e_quit(&e), "lbterm exits cleanly");
    start(true);
    spaced_keys();
    split_keys(" with --slow-link", 100);
    ok(lb_e2e_quit(&e), "lbterm --slow-link exits cleanly");
    lb_e2e_teardown(&e);
    return tap_done();
}
