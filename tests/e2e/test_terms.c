/* test_terms.c — lbterm under the terminals our users have: xterm, screen,
 * tmux, the Linux console and a vt100 without colours. Each opens the
 * meetings, keeps every role visible without colour where there is none,
 * quits cleanly and leaves the terminal as it found it (the terminfo's own
 * exit sequences). TERM=dumb and an unknown TERM are refused in Dutch. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>

#include "tests/e2e/e2e.h"
#include "tests/tap.h"

static lb_e2e e;

static bool output_has(size_t from, const char *needle)
{
    size_t len, n = strlen(needle);
    const unsigned char *log = lb_vt_output(e.vt, &len);
    for (size_t i = from; i + n <= len; i++)
        if (memcmp(log + i, needle, n) == 0)
            return true;
    return false;
}

/* The terminfo string CAP of TERM, or NULL when TERM lacks it. The entry
 * is freed again (the sanitizer build checks this test for leaks too). */
static const char *terminfo(const char *term, const char *cap)
{
    static char copy[128];
    int err;
    if (setupterm(term, -1, &err) != OK)
        return NULL;
    const char *s = tigetstr(cap);
    bool have = s && s != (char *)-1;
    if (have)
        snprintf(copy, sizeof copy, "%s", s);
    del_curterm(cur_term);
    return have ? copy : NULL;
}

static void one_term(const char *term, bool has_color)
{
    char env_term[64];
    snprintf(env_term, sizeof env_term, "TERM=%s", term);
    lb_e2e_start(&e, "demo-secretaris", 24, 80, NULL, (const char *[]){env_term, NULL});
    ok(lb_e2e_wait(&e, "Actieve vergaderingen"), "%s: the meetings open", term);
    lb_e2e_settle(&e);
    int row, col;
    lb_vt_cursor(e.vt, &row, &col);
    is_int(row, 2, "%s: the hardware cursor is on the first record", term);

    lb_vt_attrs title, header, cursor, plain;
    lb_vt_cell_attrs(e.vt, 0, 2, &title);
    lb_vt_cell_attrs(e.vt, 1, 5, &header);
    lb_vt_cell_attrs(e.vt, 2, 5, &cursor);
    lb_vt_cell_attrs(e.vt, 3, 5, &plain);
    ok(cursor.reverse && !plain.reverse, "%s: the cursor row is reverse video", term);
    ok(header.bold || header.underline, "%s: column titles are bold or underlined", term);
    if (has_color) {
        ok(title.bg >= 0, "%s: the title bar has a background colour (%d)", term, title.bg);
    } else {
        ok(title.reverse && title.fg < 0 && title.bg < 0,
           "%s: no colours: the title bar is reverse video", term);
    }

    char *keys = lb_vt_row_text(e.vt, 23);
    ok(strstr(keys, "10Stopp") != NULL, "%s: the key bar is on the last row: %s", term, keys);
    free(keys);
}

/* Quits with F10 and checks the exit and the restore sequences. */
static void quit_restores(const char *term)
{
    size_t mark = lb_vt_output_len(e.vt);
    /* A vt100 has no F10 (its keypad has PF1-PF4): q quits there. */
    const char *f10 = terminfo(term, "kf10");
    const char *key = f10 && strcmp(f10, "\033[21~") == 0 ? "F10" : "q";
    lb_vt_key(e.vt, key);
    int status = lb_vt_wait_exit(e.vt, e.timeout_ms);
    is_int(status, 0, "%s: %s quits with exit status 0", term, key);
    /* The cursor stays visible all along (braille), so no cnorm is due. */
    static const char *const caps[] = {"rmcup", "rmkx"};
    for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++) {
        const char *s = terminfo(term, caps[i]);
        if (!s || !*s)
            continue;
        ok(output_has(mark, s), "%s: the terminal is restored (%s sent on exit)", term, caps[i]);
    }
    lb_vt_free(e.vt);
    e.vt = NULL;
}

static void refused(const char *term, const char *want)
{
    char env_term[64];
    snprintf(env_term, sizeof env_term, "TERM=%s", term);
    lb_e2e_start(&e, "demo-secretaris", 24, 80, NULL, (const char *[]){env_term, NULL});
    int status = lb_vt_wait_exit(e.vt, e.timeout_ms);
    ok(status > 0 && status < 128, "TERM=%s: refused with exit status %d", term, status);
    char *screen = lb_vt_screen_text(e.vt);
    ok(strstr(screen, want) != NULL, "TERM=%s: a Dutch sentence says why: %s", term, screen);
    ok(strstr(screen, "xterm-256color") != NULL, "TERM=%s: and what to use instead", term);
    free(screen);
    lb_vt_free(e.vt);
    e.vt = NULL;
}

int main(void)
{
    static const struct {
        const char *term;
        bool color;
    } terms[] = {
        {"xterm-256color", true}, {"screen-256color", true}, {"tmux-256color", true},
        {"linux", true},          {"vt100", false},
    };
    lb_e2e_setup(&e, NULL);
    for (size_t i = 0; i < sizeof terms / sizeof terms[0]; i++) {
        if (!terminfo(terms[i].term, "cup")) {
            ok(false, "the terminfo entry %s is installed (ncurses-base / ncurses-term)",
               terms[i].term);
            continue;
        }
        one_term(terms[i].term, terms[i].color);
        quit_restores(terms[i].term);
    }
    refused("dumb", "Deze terminal (TERM=dumb of geen TERM) kan de schermen van lbterm niet");
    refused("lbterm-no-such-terminal", "Het terminaltype \"lbterm-no-such-terminal\" is hier");
    lb_e2e_teardown(&e);
    return tap_done();
}
