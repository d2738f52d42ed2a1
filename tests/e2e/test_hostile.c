/* test_hostile.c — the hostile strings lbbus-sim seeds into the CRM (a CSI
 * clear-screen in a meeting's location, an OSC window title in a dossier's
 * name, a right-to-left override in an agenda item's title) are rendered
 * inert: visible markers on screen, none of their bytes in what lbterm
 * writes, the columns in place. Also NO_COLOR and a throttling bus. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/e2e/e2e.h"
#include "tests/tap.h"

static lb_e2e e;

static bool output_has(const char *needle, size_t from)
{
    size_t len;
    const unsigned char *out = lb_vt_output(e.vt, &len);
    size_t n = strlen(needle);
    for (size_t i = from; i + n <= len; i++)
        if (memcmp(out + i, needle, n) == 0)
            return true;
    return false;
}

/* Column of the first occurrence of TEXT in ROW's text, in cells (ASCII
 * before it assumed), or -1. */
static int column_of(int row, const char *text)
{
    char *line = lb_vt_row_text(e.vt, row);
    char *p = strstr(line, text);
    int col = -1;
    if (p) {
        col = 0;
        for (char *q = line; q < p; q++)
            col += ((unsigned char)*q & 0xC0) != 0x80;
    }
    free(line);
    return col;
}

static void find(const char *text)
{
    lb_e2e_key(&e, "/");
    lb_e2e_type(&e, text);
    lb_e2e_key(&e, "Enter");
    lb_e2e_settle(&e);
}

static void hostile(void)
{
    lb_e2e_start(&e, "demo-secretaris", 30, 200, NULL, NULL);
    ok(lb_e2e_wait(&e, "Actieve vergaderingen"), "the meetings are shown");
    lb_e2e_key(&e, "v");
    lb_e2e_key(&e, "v");
    ok(lb_e2e_wait(&e, "Alle vergaderingen"), "v twice shows all meetings");
    lb_e2e_settle(&e);
    size_t mark = lb_vt_output_len(e.vt);
    find("opgelet");
    int row;
    char *text = lb_e2e_cursor_row(&e, &row);
    ok(strstr(text, "Opgelet ^[[2J het scherm") != NULL, "ESC shows as ^[ in the location: %s",
       text);
    free(text);
    ok(!output_has("\x1b[2J", mark), "the clear-screen sequence never reaches the terminal");
    int header_col = column_of(1, "Reden van status");
    ok(header_col > 0 && column_of(row, "Reden") < 0, "found the status column");
    /* the status value of the hostile row starts under its header */
    char *line = lb_vt_row_text(e.vt, row);
    int cells = 0, start = -1;
    for (char *q = line; *q; q++) {
        if (((unsigned char)*q & 0xC0) == 0x80)
            continue;
        if (cells == header_col)
            start = (int)(q - line);
        cells++;
    }
    ok(start > 0 && line[start] != ' ' && line[start - 1] == ' ',
       "the columns after the hostile field are in place");
    free(line);

    lb_e2e_go_to(&e, "Dossiers");
    ok(lb_e2e_wait(&e, "Actieve dossiers"), "the dossiers screen");
    lb_e2e_key(&e, "v");
    lb_e2e_key(&e, "v");
    lb_e2e_wait(&e, "Alle dossiers");
    lb_e2e_settle(&e);
    find("pwned");
    text = lb_e2e_cursor_row(&e, NULL);
    ok(strstr(text, "Titel ^[]0;pwned^G veranderd") != NULL, "the OSC title shows as text: %s",
       text);
    free(text);

    lb_e2e_go_to(&e, "Agendapunten");
    ok(lb_e2e_wait(&e, "Alle agendapunten"), "the agenda items screen");
    lb_e2e_settle(&e);
    find("gnp");
    text = lb_e2e_cursor_row(&e, NULL);
    ok(strstr(text, "Bijlage <U+202E>gnp.exe") != NULL, "the bidi override shows as a marker: %s",
       text);
    free(text);

    ok(!output_has("\x1b]", 0), "no OSC sequence (title, clipboard) was ever written");
    ok(!output_has("\xe2\x80\xae", 0), "no U+202E was ever written");
    ok(!output_has("\xc2\x9b", 0) && !output_has("\x9b", 0), "no C1 CSI was ever written");
    ok(lb_e2e_quit(&e), "quits cleanly");
}

static void no_color(void)
{
    lb_e2e_start(&e, "demo-secretaris", 24, 80, NULL, (const char *[]){"NO_COLOR=1", NULL});
    lb_e2e_wait(&e, "Actieve vergaderingen");
    lb_e2e_settle(&e);
    lb_vt_attrs a;
    lb_vt_cell_attrs(e.vt, 0, 2, &a);
    ok(a.bg < 0 && a.fg < 0 && a.reverse, "NO_COLOR: the title bar is reverse video, no colour");
    int r, c;
    lb_vt_cursor(e.vt, &r, &c);
    lb_vt_cell_attrs(e.vt, r, 5, &a);
    ok(a.reverse && a.bg < 0, "NO_COLOR: the cursor row is reverse video");
    ok(lb_e2e_quit(&e), "quits cleanly");
    lb_e2e_start(&e, "demo-secretaris", 24, 80, NULL, NULL);
    lb_e2e_wait(&e, "Actieve vergaderingen");
    lb_e2e_settle(&e);
    lb_vt_cell_attrs(e.vt, 0, 2, &a);
    ok(a.bg >= 0, "with colours the title bar has a background colour (%d)", a.bg);
    ok(lb_e2e_quit(&e), "quits cleanly");
}

static void throttled(void)
{
    lb_e2e_teardown(&e);
    lb_e2e_setup(&e, (const char *[]){"--rate-limit", "4/120", NULL});
    lb_e2e_start(&e, "demo-secretaris", 24, 100, NULL, NULL);
    lb_e2e_wait(&e, "Actieve vergaderingen");
    lb_e2e_settle(&e);
    bool busy = false;
    for (int i = 0; i < 6 && !busy; i++) {
        lb_e2e_key(&e, "r");
        busy = lb_vt_wait_text(e.vt, "Server bezet", 2000 * (e.valgrind ? 10 : 1));
    }
    ok(busy, "a throttling bus shows \"Server bezet, nieuwe poging over N s\"");
    lb_e2e_key(&e, "Esc");
    ok(lb_e2e_wait_gone(&e, "Server bezet"), "Esc cancels the waiting load");
    ok(lb_e2e_wait(&e, "geannuleerd"), "and says so");
    ok(lb_e2e_quit(&e), "quits cleanly while the bus throttles");
}

int main(void)
{
    lb_e2e_setup(&e, NULL);
    hostile();
    no_color();
    throttled();
    lb_e2e_teardown(&e);
    return tap_done();
}
