/* attachment_name.c — cleaning an attachment's name from the bus into a
 * plain file name (no directory, no hidden file, nothing invisible). */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "client/attachment_name.h"

/* Decodes one UTF-8 character at S (LEN bytes left); returns its length, or
 * 0 when the bytes are not valid UTF-8 (then skip one byte). */
static size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    size_t n = s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
    if (n == 0 || (s[0] >= 0xF5) || n > len)
        return 0;
    uint32_t c = s[0] & (0x7F >> n);
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < min[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return n;
}

/* Code points that must not reach a file name: controls, bidi and
 * zero-width formatting (the same set the screen's sanitizer marks), and
 * noncharacters. */
static bool unwanted(uint32_t c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0xAD || c == 0x61C || c == 0x180E ||
           (c >= 0x200B && c <= 0x200F) || (c >= 0x2028 && c <= 0x202E) ||
           (c >= 0x2060 && c <= 0x206F) || c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFB) ||
           (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE ||
           (c >= 0xE0000 && c <= 0xE007F) || (c >= 0xE000 && c <= 0xF8FF) || c >= 0xF0000;
}

static bool leading_junk(char c)
{
    return c == '.' || c == '-' || c == ' ' || c == '_';
}

static void fallback(const char *id, char *out, size_t size)
{
    char clean[40];
    size_t o = 0;
    for (const char *p = id ? id : ""; *p && o + 1 < sizeof clean; p++)
        if ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') || (*p >= 'A' && *p <= 'F') ||
            *p == '-')
            clean[o++] = *p;
    clean[o] = '\0';
    snprintf(out, size, "bijlage-%s", o ? clean : "0");
}

/* Cuts BUF (LEN bytes of valid UTF-8) to at most MAX bytes between
 * characters, keeping an extension of up to 10 bytes. */
static size_t cut(char *buf, size_t len, size_t max)
{
    if (len <= max)
        return len;
    const char *dot = strrchr(buf, '.');
    size_t ext = dot ? len - (size_t)(dot - buf) : 0;
    if (ext > 10 || ext >= max / 2)
        ext = 0;
    size_t head = max - ext;
    while (head > 0 && ((unsigned char)buf[head] & 0xC0) == 0x80)
        head--; /* never half a character */
    memmove(buf + head, buf + len - ext, ext);
    return head + ext;
}

char *lb_attachment_file_name(const char *name, const char *id, char *out, size_t size)
{
    char buf[4 * 256 + 8];
    size_t o = 0;
    const unsigned char *s = (const unsigned char *)(name ? name : "");
    size_t len = strlen((const char *)s);
    for (size_t i = 0; i < len && o + 4 < sizeof buf;) {
        uint32_t c;
        size_t n = utf8_decode(s + i, len - i, &c);
        if (n == 0) { /* invalid byte: drop it */
            i++;
            continue;
        }
        if (unwanted(c)) {
            i += n;
            continue;
        }
        char ch = (char)s[i];
        if (n == 1 && (ch == '/' || ch == '\\'))
            ch = '_';
        if (n == 1 && ch == '.' && o > 0 && buf[o - 1] == '.') { /* ".." becomes "." */
            i++;
            continue;
        }
        if (n == 1 && leading_junk(ch) && o == 0) {
            i++;
            continue;
        }
        if (n == 1)
            buf[o++] = ch;
        else
            memcpy(buf + o, s + i, n), o += n;
        i += n;
    }
    buf[o] = '\0';
    /* a separator may have produced new leading junk: "._etc" */
    size_t start = 0;
    while (start < o && leading_junk(buf[start]))
        start++;
    memmove(buf, buf + start, o - start + 1);
    o -= start;
    o = cut(buf, o, LB_ATTACHMENT_NAME_MAX);
    while (o > 0 && (buf[o - 1] == '.' || buf[o - 1] == ' '))
        o--;
    buf[o] = '\0';
    if (o == 0 || size <= o)
        fallback(id, out, size);
    else
        memcpy(out, buf, o + 1);
    return out;
}
