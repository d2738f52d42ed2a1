/* test_latin9.c — lbterm on a terminal that speaks ISO-8859-15
 * (LANG=nl_BE@euro, PuTTY set to Latin-9): the bus's UTF-8 arrives on the
 * wire as Latin-9 bytes ("ë" 0xEB, "€" 0xA4), never as UTF-8; line drawing
 * and symbols fall back to ASCII; and "Financiën" typed in Latin-9 finds
 * the record. libvterm decodes UTF-8 only, so the checks read the raw bytes
 * lbterm wrote (the harness keeps them). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/e2e/e2e.h"
#include "tests/tap.h"

static lb_e2e e;

/* True when BYTES[from..] contains NEEDLE of N bytes. */
static bool log_has(size_t from, const char *needle, size_t n)
{
    size_t len;
    const unsigned char *log = lb_vt_output(e.vt, &len);
    for (size_t i = from; i + n <= len; i++)
        if (memcmp(log + i, needle, n) == 0)
            return true;
    return false;
}

/* Well-formed UTF-8 multi-byte sequences in the output from FROM on: a
 * Latin-9 terminal must never get one. Reports the first. */
static size_t utf8_sequences(size_t from)
{
    size_t len, found = 0;
    const unsigned char *b = lb_vt_output(e.vt, &len);
    for (size_t i = from; i < len; i++) {
        size_t need = b[i] >= 0xF0 && b[i] <= 0xF4   ? 3
                      : b[i] >= 0xE0 && b[i] <= 0xEF ? 2
                      : b[i] >= 0xC2 && b[i] <= 0xDF ? 1
                                                     : 0;
        if (need == 0 || i + need >= len)
            continue;
        bool seq = true;
        for (size_t k = 1; k <= need; k++)
            seq = seq && (b[i + k] & 0xC0) == 0x80;
        if (seq) {
            if (found++ == 0)
                tap_diag("UTF-8 sequence at byte %zu: %02x %02x", i, b[i], b[i + 1]);
            i += need;
        }
    }
    return found;
}

int main(void)
{
    lb_e2e_require_locale("nl_BE@euro");
    lb_e2e_setup(&e, NULL);
    lb_e2e_start(&e, "demo-secretaris", 30, 160, NULL,
                 (const char *[]){"LANG=nl_BE@euro", "LC_ALL", NULL});
    ok(lb_e2e_wait(&e, "Actieve vergaderingen"), "lbterm starts in Dutch on a Latin-9 terminal");
    lb_e2e_settle(&e);
    ok(log_has(0, "Commissie Financi\xEBn", 19), "\"Financiën\" arrives as Latin-9: 0xEB for ë");
    ok(!log_has(0, "Financi\xC3\xAB", 9), "and not as UTF-8 (C3 AB)");

    /* The picker draws a frame: ACS or ASCII, never UTF-8 box drawing. */
    size_t mark = lb_vt_output_len(e.vt);
    lb_e2e_key(&e, "F9");
    ok(lb_e2e_wait(&e, "Agendapunten"), "the screen picker opens");
    lb_e2e_settle(&e);
    ok(!log_has(mark, "\xE2\x94", 2), "its frame is not UTF-8 box drawing");
    lb_e2e_type(&e, "Agendapunten");
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "Agendapunt"), "the agenda items screen opens");
    lb_e2e_settle(&e);

    /* "€" in a title: 0xA4 in Latin-9. */
    lb_e2e_key(&e, "/");
    lb_e2e_wait(&e, "Zoeken");
    mark = lb_vt_output_len(e.vt);
    lb_e2e_type(&e, "Budgetwijziging");
    lb_e2e_key(&e, "Enter");
    lb_e2e_settle(&e);
    char *row = lb_e2e_cursor_row(&e, NULL);
    ok(strstr(row, "Budgetwijziging 2023/2") != NULL, "find lands on the budget item: %s", row);
    free(row);
    ok(log_has(mark, "(\xA4 12.500)", 10), "\"€\" arrives as the Latin-9 byte 0xA4");
    ok(!log_has(0, "\xE2\x82\xAC", 3), "and never as UTF-8 (E2 82 AC)");
    lb_e2e_key(&e, "Esc");

    /* Back to the meetings: "Financiën" typed in Latin-9 finds the
     * committee, and the prompt echoes it in Latin-9. */
    lb_e2e_key(&e, "F9");
    lb_e2e_wait(&e, "Vergaderingen");
    lb_e2e_type(&e, "Vergaderingen");
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "Actieve vergaderingen"), "back on the meetings");
    lb_e2e_settle(&e);
    row = lb_e2e_cursor_row(&e, NULL);
    ok(strstr(row, "CFIN") == NULL, "the cursor starts away from the committee: %s", row);
    free(row);
    lb_e2e_key(&e, "/");
    lb_e2e_wait(&e, "Zoeken");
    mark = lb_vt_output_len(e.vt);
    lb_e2e_type(&e, "Financi\xEBn");
    lb_e2e_settle(&e);
    ok(log_has(mark, "Financi\xEBn", 9), "the prompt echoes what was typed, in Latin-9");
    lb_e2e_key(&e, "Enter");
    lb_e2e_settle(&e);
    row = lb_e2e_cursor_row(&e, NULL);
    ok(strstr(row, "CFIN") != NULL, "\"Financi\\xEBn\" typed in Latin-9 finds the committee: %s",
       row);
    free(row);
    char *screen = lb_vt_screen_text(e.vt);
    ok(strstr(screen, "Niet gevonden") == NULL, "no \"not found\" message");
    free(screen);

    is_int((long long)utf8_sequences(0), 0,
           "not one UTF-8 multi-byte sequence reached the terminal");
    ok(lb_e2e_quit(&e), "lbterm quits cleanly");
    lb_e2e_teardown(&e);
    return tap_done();
}
