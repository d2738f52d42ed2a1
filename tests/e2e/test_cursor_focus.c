/* test_cursor_focus.c — screen readers and braille displays follow the
 * hardware cursor, so in every screen, after every key, it must sit on the
 * focused element: the cursor row of a list, the focused field of a form,
 * the focused button of a dialog, the chosen line of a picker. The focused
 * element is the one drawn in reverse video (cursor role or focused
 * button), so the check is: the cell under the hardware cursor is reverse,
 * and for moves in a list the cursor went where the key says. The whole
 * tour runs twice: in the normal screens and in linear mode (--braille),
 * which also must draw no frame and keep announcements on the last line. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/e2e/e2e.h"
#include "tests/tap.h"

#define ROWS 24
#define COLS 100

static lb_e2e e;
static const char *mode = "";

/* The hardware cursor is on a reverse-video cell of the body. */
static bool on_focus(const char *where, const char *key, int *row_out)
{
    lb_e2e_settle(&e);
    int r, c;
    lb_vt_cursor(e.vt, &r, &c);
    lb_vt_attrs a;
    lb_vt_cell_attrs(e.vt, r, c, &a);
    bool good = a.reverse && r > 0 && r < ROWS - 2;
    if (!ok(good, "%s%s, after %s: the hardware cursor (%d,%d) is on the focused element", mode,
            where, key, r, c))
        lb_vt_dump(e.vt, "cursor not on a focused element");
    if (row_out)
        *row_out = r;
    return good;
}

/* Down, Down, Up, PgDn, Up in a list: the cursor follows the focus row. */
static void list_keys(const char *where)
{
    int r0 = -1, r = -1;
    on_focus(where, "opening", &r0);
    lb_e2e_key(&e, "Down");
    on_focus(where, "Down", &r);
    is_int(r, r0 + 1, "%s%s: Down moves the cursor one row", mode, where);
    lb_e2e_key(&e, "Down");
    on_focus(where, "Down", &r);
    lb_e2e_key(&e, "Up");
    on_focus(where, "Up", &r);
    is_int(r, r0 + 1, "%s%s: Up moves it back", mode, where);
    lb_e2e_key(&e, "PageDown");
    on_focus(where, "PgDn", NULL);
    lb_e2e_key(&e, "Up");
    on_focus(where, "Up after PgDn", NULL);
}

static void go_to(const char *screen, const char *wait)
{
    lb_e2e_go_to(&e, screen);
    ok(lb_e2e_wait(&e, wait), "%s%s opens", mode, screen);
}

static void picker(void)
{
    lb_e2e_key(&e, "F9");
    lb_e2e_wait(&e, "Ga naar scherm");
    on_focus("picker", "opening", NULL);
    lb_e2e_key(&e, "Down");
    on_focus("picker", "Down", NULL);
    lb_e2e_key(&e, "Up");
    on_focus("picker", "Up", NULL);
    lb_e2e_type(&e, "dos");
    on_focus("picker", "typing", NULL);
    lb_e2e_key(&e, "Esc");
    ok(lb_e2e_wait_gone(&e, "Ga naar scherm"), "%sEsc closes the picker", mode);
}

static void form(void)
{
    lb_e2e_key(&e, "Home");
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "Vergadering: "), "%sEnter opens the meeting form", mode);
    int r0 = -1, r = -1;
    on_focus("form", "opening", &r0);
    if (mode[0]) {
        char *row = lb_e2e_cursor_row(&e, NULL);
        ok(strncmp(row, "Naam:", 5) == 0, "braille: a form field reads \"label: value\": %s", row);
        free(row);
    }
    lb_e2e_key(&e, "Down");
    on_focus("form", "Down", &r);
    is_int(r, r0 + 1, "%sform: Down moves to the next field", mode);
    lb_e2e_key(&e, "Up");
    on_focus("form", "Up", NULL);
    lb_e2e_key(&e, "PageDown");
    on_focus("form", "PgDn", NULL);
    lb_e2e_key(&e, "Tab");
    ok(lb_e2e_wait(&e, "[Agendapunten]"), "%sTab shows the agenda items tab", mode);
    on_focus("form's agenda items", "Tab", NULL);
    lb_e2e_key(&e, "Down");
    on_focus("form's agenda items", "Down", NULL);
    lb_e2e_key(&e, "Esc");
    lb_e2e_wait_gone(&e, "Vergadering: ");
}

/* Waits for A or B on the screen: 1 or 2, 0 when neither came. */
static void dialog(void)
{
    lb_e2e_key(&e, "Home");
    lb_e2e_key(&e, "F8");
    /* a choice of status reason first (a picker), then the confirmation */
    if (lb_e2e_wait_either(&e, "Annuleren ]", "Typ om te zoeken") == 2) {
        on_focus("status reason picker", "F8", NULL);
        lb_e2e_key(&e, "Enter");
    }
    ok(lb_e2e_wait(&e, "Annuleren ]"), "%sF8 asks for a confirmation", mode);
    int r, c, c2;
    on_focus("confirmation", "opening", NULL);
    lb_vt_cursor(e.vt, &r, &c);
    lb_e2e_key(&e, "Tab");
    on_focus("confirmation", "Tab", NULL);
    lb_vt_cursor(e.vt, &r, &c2);
    ok(c2 != c, "%sTab moves the cursor to the other button (%d -> %d)", mode, c, c2);
    lb_e2e_key(&e, "Tab");
    on_focus("confirmation", "Tab again", NULL);
    lb_vt_cursor(e.vt, &r, &c2);
    is_int(c2, c, "%sand back to Annuleren", mode);
    lb_e2e_key(&e, "Esc");
    lb_e2e_wait_gone(&e, "Annuleren ]");
}

/* The job screen without a job: nothing to focus but the sentence that
 * says so, which is where the cursor waits. */
static void archive(void)
{
    go_to("Archivering", "Geen archivering in deze sessie");
    static const char *const keys[] = {"opening", "Down", "PageDown", "Up"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (i)
            lb_e2e_key(&e, keys[i]);
        lb_e2e_settle(&e);
        int r, c;
        lb_vt_cursor(e.vt, &r, &c);
        char *row = lb_vt_row_text(e.vt, r);
        ok(strstr(row, "Geen archivering in deze sessie") != NULL && c <= 1,
           "%sarchive, after %s: the cursor is on the empty job's sentence (%d,%d)", mode, keys[i],
           r, c);
        free(row);
    }
}

static void tour(bool braille)
{
    mode = braille ? "braille: " : "";
    lb_e2e_start(&e, "demo-admin-archief", ROWS, COLS,
                 braille ? (const char *[]){"--braille", NULL} : NULL, NULL);
    ok(lb_e2e_wait(&e, "Actieve vergaderingen"), "%sthe meetings open", mode);
    size_t mark = lb_vt_output_len(e.vt);
    list_keys("meetings");
    form();
    dialog();
    picker();
    if (braille) {
        char *row = lb_e2e_cursor_row(&e, NULL);
        ok(strstr(row, "Naam: ") != NULL && strstr(row, "; Vergadertype: ") != NULL,
           "braille: one record per line as \"label: value; label: value\": %s", row);
        free(row);
        char *last = lb_vt_row_text(e.vt, ROWS - 1);
        ok(strstr(last, "vergaderingen") != NULL, "braille: the status line is the last: %s", last);
        free(last);
        char *header = lb_vt_row_text(e.vt, 1);
        ok(strstr(header, "Gesorteerd op: Begin, aflopend") != NULL,
           "braille: the sort order in words: %s", header);
        free(header);
        size_t len;
        const unsigned char *out = lb_vt_output(e.vt, &len);
        bool frame = false;
        for (size_t i = mark; i + 2 < len && !frame; i++)
            frame = (out[i] == 0x1B && out[i + 1] == '(' && out[i + 2] == '0') ||
                    (out[i] == 0xE2 && out[i + 1] == 0x94);
        if (!ok(!frame, "braille: dialogs and pickers draw no frame (no line drawing sent)")) {
            for (size_t i = mark; i + 2 < len; i++)
                if (out[i] == 0x1B && out[i + 1] == '(' && out[i + 2] == '0') {
                    tap_diag("at %zu: %.60s", i, (const char *)out + i + 3);
                    break;
                }
        }
    }
    archive();
    go_to("Agendapunten", "Alle agendapunten");
    list_keys("agenda items");
    go_to("Dossiers", "Actieve dossiers");
    list_keys("dossiers");
    go_to("Vergadertypes", "Gemeenteraad");
    list_keys("meeting types");
    go_to("Dossiertypes", "Dossiertypes");
    list_keys("dossier types");
    ok(lb_e2e_quit(&e), "%squits cleanly", mode);
}

int main(void)
{
    lb_e2e_setup(&e, NULL);
    tour(false);
    tour(true);
    lb_e2e_teardown(&e);
    return tap_done();
}
