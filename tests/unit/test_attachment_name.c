/* test_attachment_name.c — the bus's attachment name never becomes a path,
 * a hidden file or invisible text in a file name. */
#include "config.h"

#include <string.h>

#include "client/attachment_name.h"
#include "client/melding_fetch.h"
#include "tests/tap.h"

#define ID "2b3c4d5e-6f70-4819-a2b3-c4d5e6f70819"

static const char *clean(const char *name)
{
    static char out[256];
    return lb_attachment_file_name(name, ID, out, sizeof out);
}

/* No separator, control byte, bidi or zero-width code point, no leading dot. */
static int plain(const char *s)
{
    if (!s[0] || s[0] == '.' || s[0] == '-' || strlen(s) > LB_ATTACHMENT_NAME_MAX)
        return 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f || *p == '/' || *p == '\\')
            return 0;
    return !strstr(s, "..") && !strstr(s, "\u202E") && !strstr(s, "\u200B") &&
           !strstr(s, "\u2066") && !strstr(s, "\xc2\x9b");
}

int main(void)
{
    is_str(clean("foto.png"), "foto.png", "a plain name stays");
    is_str(clean("Caf\u00e9 De Zwaan.pdf"), "Caf\u00e9 De Zwaan.pdf", "accents and spaces stay");
    is_str(clean("../../etc/passwd"), "etc_passwd", "../../etc/passwd loses the climb");
    ok(plain(clean("../../etc/passwd")), "and is a plain name");
    is_str(clean(".."), "bijlage-" ID, ".. alone falls back to bijlage-<id>");
    is_str(clean("."), "bijlage-" ID, ". alone falls back");
    is_str(clean(".bashrc"), "bashrc", "no hidden file: leading dots go");
    is_str(clean("-rf"), "rf", "no leading dash (an option to some tool)");
    is_str(clean("a/b\\c.txt"), "a_b_c.txt", "slashes and backslashes become _");
    is_str(clean("rapport...pdf"), "rapport.pdf", "a run of dots becomes one");
    is_str(clean("kijk\x1b[2Jhier.txt"), "kijk[2Jhier.txt", "ESC is dropped (CSI left inert)");
    is_str(clean("a\xc2\x9b"
                 "31mb.txt"),
           "a31mb.txt", "a C1 CSI is dropped");
    is_str(clean("Bijlage \u202Egnp.exe"), "Bijlage gnp.exe", "RLO is dropped");
    is_str(clean("on\u200Bzicht\u2060baar\uFEFF.txt"), "onzichtbaar.txt",
           "zero-width characters are dropped");
    is_str(clean("tab\there\r\n.txt"), "tabhere.txt", "C0 controls are dropped");
    is_str(clean("bad\xff\xfe.txt"), "bad.txt", "invalid UTF-8 is dropped");
    is_str(clean("naam. "), "naam", "trailing dots and spaces go");
    is_str(clean(""), "bijlage-" ID, "an empty name falls back");
    is_str(clean(NULL), "bijlage-" ID, "no name falls back");
    is_str(clean("\x1b\x07\u202E"), "bijlage-" ID, "a name of nothing visible falls back");
    char longname[400];
    memset(longname, 'x', 296);
    memcpy(longname + 296, ".txt", 5);
    const char *l = clean(longname);
    ok(strlen(l) <= LB_ATTACHMENT_NAME_MAX && strlen(l) > 100, "a 300-character name is cut (%zu)",
       strlen(l));
    ok(strlen(l) > 4 && strcmp(l + strlen(l) - 4, ".txt") == 0, "keeping its extension");
    char wide[400] = "";
    for (int i = 0; i < 100; i++)
        strcat(wide, "\u00e9");
    const char *w = clean(wide);
    ok(strlen(w) <= LB_ATTACHMENT_NAME_MAX && strlen(w) % 2 == 0,
       "a long accented name is cut between characters");
    char small[64];
    ok(plain(lb_attachment_file_name("..", "../../x", small, sizeof small)) &&
           strncmp(small, "bijlage-", 8) == 0,
       "the fallback id is cleaned too (%s)", small);

    char size[32];
    lb_attachment_format_size(880, size, sizeof size);
    is_str(size, "880 B", "sizes: bytes");
    lb_attachment_format_size(12500, size, sizeof size);
    is_str(size, "12,5 kB", "kB with a decimal comma");
    lb_attachment_format_size(1234567, size, sizeof size);
    is_str(size, "1,2 MB", "MB");
    lb_attachment_format_size(999999, size, sizeof size);
    is_str(size, "1000 kB", "rounding up stays in its unit");
    ok(lb_attachment_is_text("text/plain") && lb_attachment_is_text("text/csv; charset=utf-8") &&
           lb_attachment_is_text("application/json"),
       "text, CSV and JSON are shown as text");
    ok(!lb_attachment_is_text("image/png") && !lb_attachment_is_text("application/pdf") &&
           !lb_attachment_is_text("application/jsonx") && !lb_attachment_is_text(NULL),
       "images, PDF and look-alikes are not");
    return tap_done();
}
