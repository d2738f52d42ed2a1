/* test_lists.c — the meetings list as the secretary uses it: first paint,
 * cursor, sort, find with diacritics, filter, selection across sort and
 * refresh, the form with its tabs, a resize storm, and a clean exit. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <signal.h>
#include <sys/wait.h>

#include "tests/e2e/e2e.h"
#include "tests/tap.h"

static lb_e2e e;

static const char *const USER = "demo-secretaris";

/* The name in the first column of a screen row ("[ ] NAME  …"). */
static void row_name(const char *row, char *out, size_t size)
{
    const char *p = row + 4;
    size_t n = 0;
    while (p[n] && !(p[n] == ' ' && p[n + 1] == ' ') && n + 1 < size)
        n++;
    memcpy(out, p, n);
    out[n] = '\0';
}

static void first_paint(void)
{
    ok(lb_e2e_wait(&e, "Actieve vergaderingen"), "the title names the view");
    ok(lb_e2e_wait(&e, "Vergadertype"), "the deck's columns are shown");
    long want = lb_e2e_count(&e, USER, "/crm/meetings?state=active&$count=true");
    lb_e2e_settle(&e);
    is_int(lb_e2e_status_number(&e, "vergaderingen"), want,
           "the status line counts every active meeting (all pages loaded)");
    int row;
    char *text = lb_e2e_cursor_row(&e, &row);
    is_int(row, 2, "the hardware cursor sits on the first record");
    ok(strncmp(text, "[ ]", 3) == 0, "the checkbox column shows state in text: %s", text);
    free(text);
    lb_e2e_keys(&e, (const char *[]){"Down", "Down", "Down", NULL});
    lb_e2e_settle(&e);
    free(lb_e2e_cursor_row(&e, &row));
    is_int(row, 5, "Down moves the cursor (and the hardware cursor) row by row");
}

static void sort_by_name(void)
{
    lb_e2e_key(&e, "s");
    ok(lb_e2e_wait(&e, "Sorteren op"), "s opens the sort picker");
    lb_e2e_type(&e, "Naam");
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "Naam ▲"), "the header shows the sort direction");
    lb_e2e_settle(&e); /* the rest of the frame may still be on its way */
    char prev[128] = "";
    bool ordered = true;
    for (int r = 2; r < 12; r++) {
        char *row = lb_vt_row_text(e.vt, r), name[128];
        row_name(row, name, sizeof name);
        if (prev[0] && strcasecmp(prev, name) > 0)
            ordered = false, tap_diag("%s before %s", prev, name);
        snprintf(prev, sizeof prev, "%s", name);
        free(row);
    }
    ok(ordered, "rows are in name order");
    lb_e2e_key(&e, "s");
    lb_e2e_wait(&e, "Sorteren op");
    lb_e2e_type(&e, "Naam");
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "Naam ▼"), "sorting on the same column again reverses it");
}

static void find_with_accents(void)
{
    lb_e2e_key(&e, "/");
    lb_e2e_type(&e, "financien");
    lb_e2e_key(&e, "Enter");
    lb_e2e_settle(&e);
    char *row = lb_e2e_cursor_row(&e, NULL);
    ok(strstr(row, "Financiën") != NULL, "\"financien\" finds Financiën: %s", row);
    free(row);
    lb_e2e_key(&e, "/");
    lb_e2e_type(&e, "SCHEPEN");
    lb_e2e_key(&e, "Enter");
    lb_e2e_settle(&e);
    row = lb_e2e_cursor_row(&e, NULL);
    ok(strcasestr(row, "schepen") != NULL, "\"SCHEPEN\" finds schepen(en|zaal): %s", row);
    char first[256];
    snprintf(first, sizeof first, "%s", row);
    free(row);
    lb_e2e_key(&e, "n");
    lb_e2e_settle(&e);
    row = lb_e2e_cursor_row(&e, NULL);
    ok(strcasestr(row, "schepen") != NULL && strcmp(row, first) != 0, "n goes to the next match");
    free(row);
}

static void filter_on_status(void)
{
    long all = lb_e2e_status_number(&e, "vergaderingen");
    lb_e2e_key(&e, "f");
    ok(lb_e2e_wait(&e, "Reden van status…"), "f offers the filters");
    lb_e2e_key(&e, "Enter");
    lb_e2e_type(&e, "Definitief");
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "Reden van status = Definitief"), "the title line shows the filter");
    lb_e2e_settle(&e);
    long want = lb_e2e_count(&e, USER, "/crm/meetings?state=active&statuscode=3&$count=true");
    is_int(lb_e2e_status_number(&e, "vergadering"), want,
           "the filter keeps exactly the meetings the bus has with that status");
    lb_e2e_key(&e, "F");
    ok(lb_e2e_wait_gone(&e, "Reden van status ="), "F removes the filter");
    lb_e2e_settle(&e);
    is_int(lb_e2e_status_number(&e, "vergaderingen"), all, "every meeting is back");
}

static void selection_survives(void)
{
    lb_e2e_keys(&e, (const char *[]){"Home", "Space", "Space", "Space", NULL});
    ok(lb_e2e_wait(&e, "3 geselecteerd van"), "Space selects and moves down");
    lb_e2e_key(&e, "s");
    lb_e2e_wait(&e, "Sorteren op");
    lb_e2e_type(&e, "Begin");
    lb_e2e_key(&e, "Enter");
    lb_e2e_wait(&e, "Begin ▲");
    lb_e2e_settle(&e);
    is_int(lb_e2e_status_number(&e, "geselecteerd"), 3, "the selection survives a sort");
    lb_e2e_key(&e, "r");
    lb_e2e_settle(&e);
    is_int(lb_e2e_status_number(&e, "geselecteerd"), 3, "the selection survives a refresh");
    long all = lb_e2e_count(&e, USER, "/crm/meetings?state=active&$count=true");
    lb_e2e_key(&e, "*");
    lb_e2e_settle(&e);
    is_int(lb_e2e_status_number(&e, "geselecteerd"), all - 3, "* inverts the selection");
    lb_e2e_key(&e, "-");
    lb_e2e_settle(&e);
    is_int(lb_e2e_status_number(&e, "geselecteerd"), -1, "- clears it");
    lb_e2e_key(&e, "+");
    lb_e2e_settle(&e);
    is_int(lb_e2e_status_number(&e, "geselecteerd"), all, "+ selects every shown record");
    lb_e2e_key(&e, "-");
    lb_e2e_settle(&e);
}

static void form_tabs(void)
{
    lb_e2e_key(&e, "Home");
    lb_e2e_settle(&e);
    char *row = lb_e2e_cursor_row(&e, NULL), name[128];
    row_name(row, name, sizeof name);
    free(row);
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "[Algemeen]"), "Enter opens the form on its first tab");
    char title[160];
    snprintf(title, sizeof title, "Vergadering: %s", name);
    ok(lb_e2e_wait(&e, title), "the form is the record's: %s", title);
    lb_e2e_key(&e, "Tab");
    ok(lb_e2e_wait(&e, "[Agendapunten]"), "Tab goes to the agenda items");
    ok(lb_e2e_wait(&e, "Nummer"), "the agenda items list is shown");
    lb_e2e_settle(&e);
    bool listed = false;
    for (int r = 3; r < 38 && !listed; r++) {
        char *line = lb_vt_row_text(e.vt, r);
        listed = strstr(line, name) != NULL;
        free(line);
    }
    ok(listed, "the related list shows the meeting's own agenda items");
    lb_e2e_key(&e, "Tab");
    ok(lb_e2e_wait(&e, "[Documenten]"), "then the documents");
    lb_e2e_key(&e, "Tab");
    ok(lb_e2e_wait(&e, "[Archief]"), "then the archive state");
    lb_e2e_key(&e, "Esc");
    ok(lb_e2e_wait(&e, "Actieve vergaderingen"), "Esc closes the form");
}

static void resize_storm(void)
{
    lb_e2e_keys(&e, (const char *[]){"Home", "Down", "Down", NULL});
    lb_e2e_settle(&e);
    char *before = lb_e2e_cursor_row(&e, NULL), name[128];
    row_name(before, name, sizeof name);
    free(before);
    static const int sizes[][2] = {{5, 20},   {50, 200}, {10, 40},  {24, 80}, {3, 12},
                                   {30, 100}, {6, 30},   {40, 160}, {24, 80}};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        lb_vt_resize(e.vt, sizes[i][0], sizes[i][1]);
        lb_vt_pump(e.vt, 20);
    }
    lb_e2e_settle(&e);
    ok(lb_e2e_wait(&e, "Vergaderingen"), "after a resize storm the screen is whole at 80x24");
    ok(lb_e2e_wait(&e, "10Stop"), "the key bar is back");
    char *after = lb_e2e_cursor_row(&e, NULL);
    ok(strstr(after, name) != NULL, "the cursor stays on the same record (%s)", name);
    free(after);
}

/* The window shrinks and grows back before lbterm looks (a window dragged
 * while the machine is busy): lbterm reads the size it already had, but the
 * terminal lost what was on it. Only a full repaint brings the screen back. */
static void resize_round_trip(void)
{
    lb_e2e_settle(&e);
    pid_t pid = lb_vt_pid(e.vt);
    int st;
    kill(pid, SIGSTOP);
    bool stopped = waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st);
    lb_vt_resize(e.vt, 3, 12);
    lb_vt_resize(e.vt, 24, 80);
    kill(pid, SIGCONT);
    ok(stopped, "lbterm was held while the window shrank and grew back");
    ok(lb_vt_wait_row_text(e.vt, 0, "Vergaderingen", e.timeout_ms),
       "the title line is repainted although the size is the same as before");
    if (!lb_vt_wait_row_text(e.vt, 0, "Vergaderingen", 0))
        lb_vt_dump(e.vt, "after the round trip");
    ok(lb_e2e_wait(&e, "10Stop"), "and the key bar");
}

int main(void)
{
    lb_e2e_setup(&e, NULL);
    lb_e2e_start(&e, USER, 40, 160, NULL, NULL);
    first_paint();
    sort_by_name();
    find_with_accents();
    filter_on_status();
    selection_survives();
    form_tabs();
    resize_storm();
    resize_round_trip();
    ok(lb_e2e_quit(&e), "F10 quits with status 0%s", e.valgrind ? " and valgrind is clean" : "");
    lb_e2e_teardown(&e);
    return tap_done();
}
