/* test_ui_widgets.c — the toolkit drawn headless (tig's way): curses on
 * /dev/null at 24x80, the screen read back from curses' own buffer. */
#include "config.h"

#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "tests/tap.h"
#include "ui/dialog.h"
#include "ui/form.h"
#include "ui/keybar.h"
#include "ui/progress.h"
#include "ui/screen.h"
#include "ui/table.h"

/* Row Y of curses' screen as UTF-8. */
static const char *row(int y)
{
    static char out[1024];
    wchar_t w[256];
    cchar_t cc[256];
    int n = mvin_wchnstr(y, 0, cc, COLS < 255 ? COLS : 255);
    (void)n;
    int k = 0;
    for (int x = 0; x < COLS && x < 255; x++) {
        wchar_t wch[CCHARW_MAX + 1];
        attr_t a;
        short p;
        if (getcchar(&cc[x], wch, &a, &p, NULL) == ERR)
            break;
        for (int j = 0; wch[j] && k < 255; j++)
            w[k++] = wch[j];
    }
    w[k] = L'\0';
    wcstombs(out, w, sizeof out);
    return out;
}

static attr_t attr_at(int y, int x)
{
    return (attr_t)(mvinch(y, x) & A_ATTRIBUTES);
}

/* ---- a table over five fixed rows ---- */
static const char *names[] = {"Gemeenteraad", "College van burgemeester en schepenen",
                              "Commissie Financiën", "Vast Bureau", "垃圾 CJK"};
static bool sel[5] = {false, true, false, false, false};
static size_t src_rows(void *u)
{
    (void)u;
    return 5;
}
static void src_cell(void *u, size_t r, size_t c, char *buf, size_t size)
{
    (void)u;
    if (c == 0)
        snprintf(buf, size, "%s", names[r]);
    else
        snprintf(buf, size, "%zu", r * 100);
}
static bool src_sel(void *u, size_t r)
{
    (void)u;
    return sel[r];
}

static void table_tests(void)
{
    static const lb_table_column cols[] = {{"Naam", 6, 0, false}, {"Aantal", 4, 8, true}};
    lb_table_source src = {src_rows, src_cell, src_sel, NULL};
    lb_table t;
    lb_table_init(&t, cols, 2, &src, true);
    t.sort_col = 0;
    lb_table_place(&t, 1, 0, 4, 30);
    lb_table_draw(&t, true);
    ok(strstr(row(1), "Naam ▲") != NULL, "the header shows the sort column: %s", row(1));
    ok(strncmp(row(2), "[ ] Gemeenteraad", 16) == 0, "a row with its checkbox: %s", row(2));
    ok(strncmp(row(3), "[x] College", 11) == 0, "a selected row shows [x]: %s", row(3));
    ok(strstr(row(3), "…") != NULL, "a long cell is cut with an ellipsis: %s", row(3));
    ok(strstr(row(2), "  0") != NULL, "numbers are right-aligned: %s", row(2));
    ok(attr_at(2, 5) & A_REVERSE, "the cursor row is reverse video");
    ok(!(attr_at(3, 5) & A_REVERSE), "other rows are not");
    is_int(lb_table_page_rows(&t), 3, "three rows fit under the header");
    lb_key down = {.is_key = true, .key = KEY_DOWN};
    ok(lb_table_key(&t, &down, NULL) & LB_UI_REDRAW, "Down redraws");
    is_int((long long)t.cursor, 1, "Down moves the cursor");
    lb_key end = {.is_key = true, .key = KEY_END};
    lb_table_key(&t, &end, NULL);
    is_int((long long)t.cursor, 4, "End goes to the last row");
    is_int((long long)t.top, 2, "and scrolls so it is visible");
    lb_table_draw(&t, true);
    lb_table_park_cursor(&t);
    int y, x;
    getyx(stdscr, y, x);
    is_int(y, 4, "the hardware cursor is parked on the cursor row");
    is_int(x, 0, "at its start");
    ok(strstr(row(4), "垃圾 CJK") != NULL, "wide characters are drawn: %s", row(4));
    lb_key click = {.is_key = true, .key = KEY_MOUSE, .button = 1, .mouse_y = 2, .mouse_x = 8};
    lb_table_key(&t, &click, NULL);
    is_int((long long)t.cursor, 2, "a click puts the cursor on that row");
    int hc = -1;
    lb_key hclick = {.is_key = true, .key = KEY_MOUSE, .button = 1, .mouse_y = 1, .mouse_x = 25};
    lb_table_key(&t, &hclick, &hc);
    is_int(hc, 1, "a click on a column title reports the column");
    lb_table_place(&t, 1, 0, 1, 30); /* only the header fits */
    lb_table_draw(&t, true);
    ok(1, "a table with no room for rows draws without crashing");
    lb_table_done(&t);
}

static void keybar_tests(void)
{
    lb_keybar_item items[] = {{1, '?', "Help", true},
                              {3, 'o', "Openen", true},
                              {7, 'a', "Activeren", false},
                              {10, 'q', "Stop", true}};
    lb_keybar_draw(23, items, 4);
    ok(strncmp(row(23), "1Help(?)", 8) == 0, "a letter not in the label is added: %s", row(23));
    ok(strstr(row(23), "10Stop(q)") != NULL, "also on F10 when there is room: %s", row(23));
    ok(strstr(row(23), "3Openen") != NULL, "F3 Openen: %s", row(23));
    ok(strstr(row(23), "Activeren") == NULL, "a hidden action leaves its slot empty");
    int ox = (int)(strstr(row(23), "3Openen") - row(23)) + 1;
    ok(attr_at(23, ox) & A_UNDERLINE, "the letter inside the label is underlined (O of Openen)");
    is_int(lb_keybar_hit(ox, items, 4), 1, "a click on the F3 slot hits Openen");
    int four = (int)(strchr(row(23), '4') - row(23));
    is_int(lb_keybar_hit(four, items, 4), -1, "a click on an empty slot hits nothing");
    resizeterm(24, 40);
    lb_keybar_draw(23, items, 4);
    ok(strstr(row(23), "Openen") != NULL, "in 40 columns the labels are cut widest first: %s",
       row(23));
    resizeterm(24, 80);
}

static bool done_called, done_accepted;
static size_t done_index;
static char done_text[64];
static void on_done(void *u, const lb_dialog_result *r)
{
    (void)u;
    done_called = true;
    done_accepted = r->accepted;
    done_index = r->index;
    snprintf(done_text, sizeof done_text, "%s", r->text ? r->text : "");
}
static const char *check_len(void *u, const char *text)
{
    (void)u;
    return strlen(text) < 2 ? "too short" : NULL;
}

static int send_ch(lb_dialog *d, unsigned ch)
{
    lb_key k = {.is_key = false, .ch = ch};
    return lb_dialog_key(d, &k);
}

static void dialog_tests(void)
{
    erase();
    lb_dialog *d = lb_dialog_confirm("Deactiveren", "Deactiveer 3 vergaderingen?", "Deactiveren",
                                     on_done, NULL);
    lb_dialog_draw(d);
    int y, x;
    getyx(stdscr, y, x);
    ok(strncmp(row(y) + 0, "", 0) == 0 && strstr(row(y), "[ Cancel ]") != NULL,
       "the buttons are drawn: %s", row(y));
    char *at = strstr(row(y), "Cancel");
    ok(at != NULL, "found Cancel");
    done_called = false;
    ok(send_ch(d, '\r') & LB_UI_CLOSE, "Enter closes");
    ok(done_called && !done_accepted, "Enter on the first focus (Annuleren) is a no");
    lb_dialog_free(d);
    d = lb_dialog_confirm("Deactiveren", "Zeker?", "Deactiveren", on_done, NULL);
    lb_key right = {.is_key = true, .key = KEY_RIGHT};
    lb_dialog_key(d, &right);
    send_ch(d, '\r');
    ok(done_accepted, "Right, then Enter confirms");
    lb_dialog_free(d);
    (void)x;

    d = lb_dialog_prompt("Zoeken", "Tekst:", "", on_done, NULL);
    lb_dialog_set_check_fn(d, check_len);
    send_ch(d, 'a');
    done_called = false;
    send_ch(d, '\r');
    ok(!done_called, "the check keeps the prompt open on bad input");
    lb_dialog_draw(d);
    bool shown = false;
    for (int r = 0; r < LINES; r++)
        shown |= strstr(row(r), "too short") != NULL;
    ok(shown, "and shows the reason");
    send_ch(d, 0xE9); /* é */
    send_ch(d, 'x');
    send_ch(d, 0x7F); /* backspace removes x */
    send_ch(d, '\r');
    is_str(done_text, "aé", "typed UTF-8 with backspace");
    lb_dialog_free(d);

    const char *items[] = {"Gemeenteraad", "Commissie Financiën", "Vast Bureau"};
    d = lb_dialog_picker("Kies", items, 3, 0, on_done, NULL);
    send_ch(d, 'f');
    send_ch(d, 'i');
    send_ch(d, 'n');
    send_ch(d, '\r');
    ok(done_accepted && done_index == 1, "typing narrows the picker (accents ignored)");
    lb_dialog_free(d);
    d = lb_dialog_picker("Kies", items, 3, 2, on_done, NULL);
    lb_key esc = {.is_key = false, .ch = 0x1B};
    ok(lb_dialog_key(d, &esc) & LB_UI_CLOSE, "Esc closes the picker");
    ok(!done_accepted, "as a cancel");
    lb_dialog_free(d);
}

static void form_tests(void)
{
    erase();
    lb_form *f = lb_form_new("Vergadering");
    size_t t0 = lb_form_add_tab(f, "Algemeen");
    size_t t1 = lb_form_add_tab(f, "Archief");
    lb_form_add_field(f, t0, "Naam", "CBS 20170612");
    lb_form_add_field(f, t0, "Locatie", NULL);
    lb_form_add_field(f, t0, "Omschrijving", "Opgelet \x1b[2J weg\r\nregel twee");
    lb_form_add_field(f, t1, "Staat", "Niet gearchiveerd");
    lb_form_draw(f, 1, 0, 20, 80);
    ok(strstr(row(1), "[Algemeen]") != NULL, "the current tab is bracketed: %s", row(1));
    ok(strstr(row(3), "---") != NULL, "an empty value shows ---: %s", row(3));
    ok(strstr(row(4), "Opgelet ^[[2J weg") != NULL, "control characters are shown, not obeyed: %s",
       row(4));
    ok(strstr(row(5), "regel twee") != NULL, "a line break in a value starts a new line");
    lb_key tab = {.is_key = false, .ch = '\t'};
    lb_form_key(f, &tab);
    lb_form_draw(f, 1, 0, 20, 80);
    ok(strstr(row(1), "[Archief]") != NULL, "Tab goes to the next tab");
    ok(strstr(row(2), "Niet gearchiveerd") != NULL, "showing its fields");
    lb_key esc = {.is_key = false, .ch = 0x1B};
    ok(lb_form_key(f, &esc) & LB_UI_CLOSE, "Esc closes the form");
    lb_form_free(f);
}

static void progress_tests(void)
{
    char buf[96];
    lb_progress_text(buf, sizeof buf, 37, 100, 0);
    is_str(buf, "37/100", "counts without a rate");
    lb_progress_text(buf, sizeof buf, 37, 100, 1.5);
    is_str(buf, "37/100  1.5/s  ETA 0:42", "rate and ETA");
    erase();
    lb_progress_draw(10, 0, 41, 5, 10, 0); /* a bar of 34 cells */
    ok(strncmp(row(10), "[#########.........] 5/10", 25) == 0 || strstr(row(10), "] 5/10"),
       "the bar is half full: %s", row(10));
    int hashes = 0;
    for (const char *p = row(10); *p && *p != ']'; p++)
        hashes += *p == '#';
    int dots = 0;
    for (const char *p = row(10); *p && *p != ']'; p++)
        dots += *p == '.';
    is_int(hashes, dots, "as many done as left");
    lb_progress_draw(10, 0, 6, 5, 10, 0);
    ok(strncmp(row(10), "5/10", 4) == 0, "too narrow for a bar: only the numbers");
}

int main(void)
{
    if (!setlocale(LC_ALL, "C.UTF-8"))
        tap_bail("the C.UTF-8 locale is missing");
    setenv("TERM", "xterm-256color", 1);
    unsetenv("NO_COLOR");
    FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
    lb_screen_options o;
    lb_screen_options_default(&o);
    o.color = false; /* monochrome attributes are what the tests read */
    o.mouse = false;
    char err[256];
    if (!lb_screen_start_on(&o, "UTF-8", out, in, err, sizeof err))
        tap_bail("curses did not start: %s", err);
    resizeterm(24, 80);
    table_tests();
    keybar_tests();
    dialog_tests();
    form_tests();
    progress_tests();
    lb_screen_stop();
    fclose(out);
    fclose(in);
    int rc = tap_done();
    lb_screen_exit(rc);
}
