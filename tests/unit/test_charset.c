/* test_charset.c — UTF-8 to Latin-9 and back, with transliteration. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "i18n/charset.h"
#include "tests/tap.h"

int main(void)
{
    const char *err = NULL;
    lb_charset *utf = lb_charset_new("UTF-8", &err);
    ok(utf && lb_charset_is_utf8(utf), "UTF-8 terminal needs no conversion");
    char *s = lb_charset_to_terminal(utf, "Financiën €", strlen("Financiën €"));
    is_str(s, "Financiën €", "UTF-8 passes through unchanged");
    free(s);
    lb_charset_free(utf);

    lb_charset *l9 = lb_charset_new("ISO-8859-15", &err);
    ok(l9 != NULL, "ISO-8859-15 converter opens");
    if (!l9)
        tap_bail("no ISO-8859-15 converter: %s", err ? err : "?");
    ok(!lb_charset_is_utf8(l9), "Latin-9 is not UTF-8");

    const char *in = "Financiën €";
    s = lb_charset_to_terminal(l9, in, strlen(in));
    is_str(s,
           "Financi\xEB"
           "n \xA4",
           "ë and € become Latin-9 bytes 0xEB and 0xA4");
    char *back = lb_charset_from_terminal(l9, s, strlen(s));
    is_str(back, in, "and convert back to the same UTF-8");
    free(back);
    free(s);

    s = lb_charset_to_terminal(l9, "\xE2\x9C\x93 ok", 6); /* U+2713 CHECK MARK */
    ok(s && strstr(s, " ok") && !strchr(s, '\xE2'), "a character Latin-9 lacks is replaced: \"%s\"",
       s ? s : "(null)");
    is_str(s, "v ok", "by an ASCII stand-in that keeps its meaning");
    free(s);
    s = lb_charset_to_terminal(l9, "\u2718 \u25B2 \u2588 \u2192 \u2026",
                               strlen("\u2718 \u25B2 \u2588 \u2192 \u2026"));
    is_str(s, "x ^ # -> ...", "cross, triangle, block, arrow and ellipsis in ASCII");
    free(s);

    s = lb_charset_to_terminal(l9,
                               "a\x9B"
                               "b",
                               3); /* invalid UTF-8 byte */
    is_str(s, "a?b", "invalid UTF-8 becomes '?' and conversion goes on");
    free(s);

    s = lb_charset_to_terminal(l9, "x\xC3", 2); /* truncated sequence at the end */
    is_str(s, "x?", "a truncated sequence at the end is replaced");
    free(s);

    back = lb_charset_from_terminal(l9, "caf\xE9", 4);
    is_str(back, "café", "typed Latin-9 becomes UTF-8");
    free(back);
    lb_charset_free(l9);

    lb_charset *bad = lb_charset_new("NO-SUCH-CHARSET-42", &err);
    ok(bad == NULL && err && *err, "an unknown charset is refused with a sentence");
    return tap_done();
}
