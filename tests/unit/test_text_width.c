/* test_text_width.c — cells, not bytes. */
#include "config.h"

#include <locale.h>
#include <stdbool.h>
#include <string.h>

#include "tests/tap.h"
#include "ui/text_width.h"

static size_t w(const char *s)
{
    return lb_text_width(s, strlen(s));
}

static void decodes(const char *s, size_t len, size_t want_n, uint32_t want_cp, const char *name)
{
    uint32_t cp = 0;
    size_t n = lb_utf8_decode(s, len, &cp);
    ok(n == want_n && cp == want_cp, "decode %s: %zu bytes, U+%04X (want %zu, U+%04X)", name, n,
       (unsigned)cp, want_n, (unsigned)want_cp);
}

static void test_decode(void)
{
    const uint32_t bad = LB_UTF8_INVALID;
    decodes("A", 1, 1, 0x41, "ASCII");
    decodes("\0", 1, 1, 0, "NUL");
    decodes("\xc3\xa9", 2, 2, 0xE9, "e acute");
    decodes("\xe2\x80\xae", 3, 3, 0x202E, "RLO");
    decodes("\xf0\x9f\x97\x91", 4, 4, 0x1F5D1, "emoji");
    decodes("\xf4\x8f\xbf\xbf", 4, 4, 0x10FFFF, "U+10FFFF");
    decodes("\x80", 1, 1, bad, "lone continuation");
    decodes("\xc0\x80", 2, 1, bad, "overlong C0 (lead never valid)");
    decodes("\xc1\xbf", 2, 1, bad, "overlong C1");
    decodes("\xe0\x80\x80", 3, 1, bad, "overlong E0 80");
    decodes("\xe0\xa0\x80", 3, 3, 0x800, "shortest E0 A0 80");
    decodes("\xed\xa0\x80", 3, 1, bad, "surrogate");
    decodes("\xed\x9f\xbf", 3, 3, 0xD7FF, "U+D7FF");
    decodes("\xf0\x80\x80\x80", 4, 1, bad, "overlong F0 80");
    decodes("\xf4\x90\x80\x80", 4, 1, bad, "above U+10FFFF");
    decodes("\xf5\x80\x80\x80", 4, 1, bad, "lead F5");
    decodes("\xff", 1, 1, bad, "byte FF");
    decodes("\xe2\x82", 2, 2, bad, "cut after 2 of 3: one subpart");
    decodes("\xf0\x9f\x97", 3, 3, bad, "cut after 3 of 4: one subpart");
    decodes("\xe2\x82\x41", 3, 2, bad, "broken by ASCII: A is not swallowed");
    decodes("\xe2\x80\xae", 2, 2, bad, "LEN ends inside: no read past it");
}

static char col[128];

static const char *fit(const char *s, int cells, bool pad, size_t *n)
{
    *n = lb_text_fit(col, sizeof col, s, strlen(s), cells, pad);
    return col;
}

static void test_fit(void)
{
    size_t n;
    is_str(fit("Gemeenteraad", 20, true, &n), "Gemeenteraad        ", "padded to 20");
    is_int((long long)n, 20, "20 bytes");
    is_str(fit("Gemeenteraad", 20, false, &n), "Gemeenteraad", "not padded");
    is_str(fit("Gemeenteraad", 12, false, &n), "Gemeenteraad", "exact fit: no ellipsis");
    is_str(fit("Gemeenteraad", 8, true, &n), "Gemeent\xe2\x80\xa6", "cut: ellipsis last");
    is_int((long long)n, 10, "7 letters and an ellipsis are 10 bytes");
    is_int(lb_text_cells(col, n), 8, "and 8 cells");
    is_str(fit("Gemeenteraad", 1, false, &n), "\xe2\x80\xa6", "one cell: only the ellipsis");
    is_str(fit("Gemeenteraad", 0, true, &n), "", "zero cells: empty");
    is_str(fit("Gemeenteraad", -3, true, &n), "", "negative cells: empty");

    /* 会议记录: four wide characters, 8 cells. */
    const char *cjk = "\xe4\xbc\x9a\xe8\xae\xae\xe8\xae\xb0\xe5\xbd\x95";
    is_str(fit(cjk, 8, true, &n), cjk, "CJK: 8 cells fit exactly");
    is_str(fit(cjk, 7, false, &n), "\xe4\xbc\x9a\xe8\xae\xae\xe8\xae\xb0\xe2\x80\xa6",
           "CJK in 7: three and an ellipsis");
    is_int(lb_text_cells(col, n), 7, "7 cells");
    is_str(fit(cjk, 6, false, &n), "\xe4\xbc\x9a\xe8\xae\xae \xe2\x80\xa6",
           "CJK in 6: the straddling one becomes a space");
    is_int(lb_text_cells(col, n), 6, "6 cells");
    is_str(fit(cjk, 2, false, &n), " \xe2\x80\xa6", "CJK in 2: space and ellipsis");
    is_str(fit(cjk, 10, true, &n), "\xe4\xbc\x9a\xe8\xae\xae\xe8\xae\xb0\xe5\xbd\x95  ",
           "CJK padded to 10");

    /* Combining marks stay on their base. */
    const char *fin = "Financie\xcc\x88n";
    is_str(fit(fin, 9, false, &n), fin, "e + diaeresis: 9 cells fit");
    is_str(fit(fin, 8, false, &n), "Financi\xe2\x80\xa6", "cut before the e");
    is_str(fit("abcde\xcc\x88\xcc\x81"
               "fg",
               6, false, &n),
           "abcde\xcc\x88\xcc\x81\xe2\x80\xa6", "the marks of the last letter come along");
    is_str(fit("\xcc\x81"
               "abc",
               5, true, &n),
           "abc  ", "a mark with no base is left out");

    /* 😀🚮 ok: 7 cells (🗑 would be 1: text presentation). */
    const char *emoji = "\xf0\x9f\x98\x80\xf0\x9f\x9a\xae ok";
    is_str(fit(emoji, 7, false, &n), emoji, "emoji: 7 cells fit");
    is_str(fit(emoji, 5, false, &n), "\xf0\x9f\x98\x80\xf0\x9f\x9a\xae\xe2\x80\xa6", "emoji in 5");
    is_str(fit(emoji, 4, true, &n), "\xf0\x9f\x98\x80 \xe2\x80\xa6", "emoji in 4: space, ellipsis");
    is_int(lb_text_cells(col, n), 4, "4 cells");
    is_str(fit(emoji, 10, true, &n), "\xf0\x9f\x98\x80\xf0\x9f\x9a\xae ok   ",
           "emoji padded to 10");
    is_int(lb_text_cells(col, n), 10, "10 cells");

    /* Not sanitized after all: nothing unsafe gets through. */
    is_str(fit("a\x1b\xff", 5, true, &n), "a\xef\xbf\xbd\xef\xbf\xbd  ",
           "ESC and a bad byte become U+FFFD");

    /* A buffer too small for the cells: cut on a character, still NUL-terminated. */
    n = lb_text_fit(col, 5, "Gemeenteraad", 12, 8, true);
    is_str(col, "Geme", "5-byte buffer: 4 letters");
    n = lb_text_fit(col, 5, cjk, strlen(cjk), 8, true);
    is_str(col, "\xe4\xbc\x9a", "5-byte buffer: one CJK character, not half of the next");
    is_int((long long)n, 3, "3 bytes");
    n = lb_text_fit(col, 5, "e\xcc\x88\xcc\x81", 5, 4, false);
    is_str(col, "", "5-byte buffer: a base whose marks do not fit is left out");
    col[0] = 'X';
    is_int((long long)lb_text_fit(col, 0, "abc", 3, 3, true), 0, "size 0 writes nothing");
    ok(col[0] == 'X', "size 0 leaves the buffer alone");

    is_int(lb_text_cells(cjk, strlen(cjk)), 8, "cells: CJK");
    is_int(lb_text_cells(fin, strlen(fin)), 9, "cells: combining");
    is_int(lb_text_cells("a\x1b", 2), 2, "cells: ESC counts as its U+FFFD");
    is_int(lb_text_cells("", 0), 0, "cells: empty");
}

int main(void)
{
    if (!setlocale(LC_CTYPE, "C.UTF-8"))
        tap_bail("the C.UTF-8 locale is missing");
    is_int((long long)w("Gemeenteraad"), 12, "ASCII: one cell per byte");
    is_int((long long)w("Financiën"), 9, "precomposed ë is one cell");
    is_int((long long)w("Financie\xCC\x88n"), 9, "e + combining diaeresis is one cell");
    is_int((long long)w("会议"), 4, "CJK is two cells each");
    is_int((long long)w("a\x9B"
                        "b"),
           3, "an invalid byte counts as one replacement cell");
    is_int((long long)w("\x1b[2J"), 5, "ESC counts as its visible two-cell ^[ form");
    is_int((long long)w(""), 0, "empty is zero");
    test_decode();
    test_fit();
    /* lb_utf8_encode round-trips through lb_utf8_decode at every length */
    static const uint32_t cps[] = {0x41,   0xEB,    0x7FF,   0x800,   0x20AC,
                                   0xFFFD, 0x10000, 0x1F5D1, 0x10FFFF};
    bool round = true;
    for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        char enc[4];
        uint32_t back = 0;
        size_t n = lb_utf8_encode(cps[i], enc);
        round &= lb_utf8_decode(enc, n, &back) == n && back == cps[i];
    }
    ok(round, "lb_utf8_encode and lb_utf8_decode agree from 1 to 4 bytes");
    return tap_done();
}
