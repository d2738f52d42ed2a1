/* test_text_width.c — cells, not bytes. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "tests/tap.h"
#include "ui/text_width.h"

static size_t w(const char *s)
{
    return lb_text_width(s, strlen(s));
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
    return tap_done();
}
