/* safe_text.c — untrusted text made harmless for the terminal: decode
 * strictly, classify each code point, write a visible form for anything
 * that would move the cursor, reorder text or hide. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ui/safe_text.h"
#include "ui/text_width.h"

/* An ncurses cell holds a base and up to CCHARW_MAX - 1 = 4 marks; more
 * would be dropped by ncurses anyway, and a flood costs layout time. */
#define MAX_MARKS 4

typedef struct {
    uint32_t lo, hi;
} cp_range;

/* Invisible characters that reorder or hide text (Cf and the line and
 * paragraph separators). Sorted. */
static const cp_range format_chars[] = {
    {0x00AD, 0x00AD},   {0x061C, 0x061C},   {0x180E, 0x180E},   {0x200B, 0x200F},
    {0x2028, 0x202E},   {0x2060, 0x206F},   {0xFEFF, 0xFEFF},   {0xFFF9, 0xFFFB},
    {0x13430, 0x1343F}, {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A}, {0xE0000, 0xE007F},
};

/* Meaningful only on the character before them. Sorted. */
static const cp_range variation_selectors[] = {
    {0x180B, 0x180D},
    {0x180F, 0x180F},
    {0xFE00, 0xFE0F},
    {0xE0100, 0xE01EF},
};

/* Marks known without wcwidth() (non-UTF-8 locales). Sorted. */
static const cp_range combining_blocks[] = {
    {0x0300, 0x036F}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x20D0, 0x20FF}, {0xFE20, 0xFE2F},
};

static bool in_ranges(uint32_t cp, const cp_range *r, size_t n)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < r[mid].lo)
            hi = mid;
        else if (cp > r[mid].hi)
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

#define IN(cp, table) in_ranges((cp), (table), sizeof(table) / sizeof(table)[0])

typedef enum {
    K_BASE,     /* drawn as is, takes cells */
    K_MARK,     /* drawn as is on the previous base */
    K_SELECTOR, /* a mark when it has a base, else a marker */
    K_CONTROL,  /* C0: caret notation, or a space / LF */
    K_MARKER,   /* DEL, C1, format: a visible name */
    K_REPLACE,  /* U+FFFD */
} cp_kind;

static cp_kind classify(uint32_t cp, bool utf8)
{
    if (cp == LB_UTF8_INVALID)
        return K_REPLACE;
    if (cp < 0x20)
        return K_CONTROL;
    if (cp < 0x7F)
        return K_BASE;
    if (cp < 0xA0)
        return K_MARKER; /* DEL and C1 */
    if (IN(cp, format_chars))
        return K_MARKER;
    if (IN(cp, variation_selectors))
        return K_SELECTOR;
    if ((cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0xF0000 || (cp >= 0xFDD0 && cp <= 0xFDEF) ||
        (cp & 0xFFFE) == 0xFFFE)
        return K_REPLACE; /* private use has no agreed glyph; noncharacters none */
    if (utf8) {
        int w = wcwidth((wchar_t)cp);
        return w < 0 ? K_REPLACE : w == 0 ? K_MARK : K_BASE;
    }
    return IN(cp, combining_blocks) ? K_MARK : K_BASE;
}

typedef struct {
    char *out;   /* NULL: only count */
    size_t size; /* room in OUT including the NUL; > 0 when OUT is set */
    size_t pos;
    bool full; /* something did not fit: nothing more is written */
} sink;

static bool put(sink *s, const char *p, size_t n)
{
    if (s->full)
        return false;
    if (s->out ? n >= s->size - s->pos : n > SIZE_MAX - 1 - s->pos) {
        s->full = true;
        return false;
    }
    if (s->out)
        memcpy(s->out + s->pos, p, n);
    s->pos += n;
    return true;
}

/* "<U+202E>": at least four hex digits, like less(1) and Unicode's notation. */
static size_t marker(char *b, uint32_t cp)
{
    static const char hex[] = "0123456789ABCDEF";
    int digits = cp > 0xFFFF ? (cp > 0xFFFFF ? 6 : 5) : 4;
    size_t n = 0;
    b[n++] = '<';
    b[n++] = 'U';
    b[n++] = '+';
    for (int d = digits - 1; d >= 0; d--)
        b[n++] = hex[(cp >> (4 * d)) & 0xF];
    b[n++] = '>';
    return n;
}

static void sanitize(sink *s, const char *in, size_t len, unsigned flags)
{
    static const char replacement[] = "\xEF\xBF\xBD";
    static const char dotted_circle[] = "\xE2\x97\x8C";
    const bool utf8 = lb_locale_is_utf8();
    const char *newline = (flags & LB_SAFE_KEEP_NEWLINES) ? "\n" : " ";
    bool based = false; /* the last thing written can carry marks */
    unsigned marks = 0; /* marks written on it */
    size_t cluster = 0; /* where it starts in the output */
    size_t i = 0;
    while (i < len && !s->full) {
        uint32_t cp;
        const char *raw = in + i;
        size_t n = lb_utf8_decode(raw, len - i, &cp);
        i += n;
        char b[16];
        cp_kind kind = classify(cp, utf8);
        if (kind == K_SELECTOR)
            kind = based ? K_MARK : K_MARKER;
        switch (kind) {
        case K_BASE:
            cluster = s->pos;
            put(s, raw, n);
            /* A mark on a space or on U+FFFD would read as a stray accent. */
            based = cp != ' ' && cp != 0xFFFD;
            marks = 0;
            continue;
        case K_MARK:
            if (!based) {
                /* U+25CC and the mark as one unit: both fit or neither. */
                memcpy(b, dotted_circle, 3);
                memcpy(b + 3, raw, n);
                cluster = s->pos;
                based = put(s, b, 3 + n);
                marks = 1;
            } else if (marks < MAX_MARKS) {
                if (put(s, raw, n))
                    marks++;
                else
                    s->pos = cluster; /* never a base without its marks */
            }
            continue;
        case K_CONTROL:
            if (cp == '\t')
                put(s, " ", 1);
            else if (cp == '\n')
                put(s, newline, 1);
            else if (cp == '\r' && i < len && in[i] == '\n') {
                i++; /* CR LF is one line break */
                put(s, newline, 1);
            } else {
                b[0] = '^';
                b[1] = (char)(cp + 0x40);
                put(s, b, 2);
            }
            break;
        case K_MARKER:
            if (cp == 0x7F)
                put(s, "^?", 2);
            else
                put(s, b, marker(b, cp));
            break;
        case K_SELECTOR: /* resolved above */
        case K_REPLACE: put(s, replacement, sizeof replacement - 1); break;
        }
        based = false;
        marks = 0;
    }
}

size_t lb_safe_text(char *out, size_t size, const char *in, size_t len, unsigned flags)
{
    if (size == 0)
        return 0;
    sink s = {out, size, 0, false};
    if (in)
        sanitize(&s, in, len, flags);
    out[s.pos] = '\0';
    return s.pos;
}

char *lb_safe_text_dup(const char *in, size_t len, unsigned flags)
{
    /* Count first: the output is up to four times the input, and a 1 MB
     * field should not cost 4 MB for a moment. */
    sink count = {NULL, 0, 0, false};
    if (in)
        sanitize(&count, in, len, flags);
    if (count.full)
        return NULL;
    char *out = malloc(count.pos + 1);
    if (!out)
        return NULL;
    lb_safe_text(out, count.pos + 1, in, len, flags);
    return out;
}
