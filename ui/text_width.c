/* text_width.c — measure before layout; never trust byte counts for columns. */
#include "config.h"

#include <ctype.h>
#include <langinfo.h>
#include <limits.h>
#include <string.h>
#include <wchar.h>

#include "ui/text_width.h"

size_t lb_text_width(const char *utf8, size_t len)
{
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t cells = 0;
    size_t i = 0;
    while (i < len) {
        wchar_t wc;
        size_t n = mbrtowc(&wc, utf8 + i, len - i, &st);
        if (n == (size_t)-1 || n == (size_t)-2) {
            /* Invalid or truncated: one U+FFFD cell, resync on the next byte. */
            memset(&st, 0, sizeof st);
            cells += 1;
            i += 1;
            continue;
        }
        if (n == 0) /* embedded NUL: stop as the terminal would */
            break;
        int w = wcwidth(wc);
        cells += w < 0 ? 2 : (size_t)w;
        i += n;
    }
    return cells;
}

size_t lb_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned char b = p[0];
    *cp = LB_UTF8_INVALID;
    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    /* Table 3-7 of the Unicode standard: the second byte's range depends on
     * the lead byte; that is what rules out overlongs, surrogates and
     * values above U+10FFFF without decoding first. */
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF;
    uint32_t v;
    if (b >= 0xC2 && b <= 0xDF) {
        need = 1;
        v = b & 0x1Fu;
    } else if (b >= 0xE0 && b <= 0xEF) {
        need = 2;
        v = b & 0x0Fu;
        if (b == 0xE0)
            lo = 0xA0;
        else if (b == 0xED)
            hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
        need = 3;
        v = b & 0x07u;
        if (b == 0xF0)
            lo = 0x90;
        else if (b == 0xF4)
            hi = 0x8F;
    } else {
        return 1; /* a continuation byte, C0, C1 or F5..FF: never a lead */
    }
    for (size_t k = 1; k <= need; k++) {
        if (k >= len || p[k] < lo || p[k] > hi)
            return k; /* the maximal subpart ends before this byte */
        v = (v << 6) | (p[k] & 0x3Fu);
        lo = 0x80;
        hi = 0xBF;
    }
    *cp = v;
    return need + 1;
}

bool lb_locale_is_utf8(void)
{
#ifdef __STDC_ISO_10646__
    /* glibc spells it "UTF-8"; accept "utf8" and friends from elsewhere. */
    const char *cs = nl_langinfo(CODESET);
    if (!cs)
        return false;
    char norm[8];
    size_t n = 0;
    for (; *cs && n < sizeof norm - 1; cs++)
        if (*cs != '-' && *cs != '_')
            norm[n++] = (char)tolower((unsigned char)*cs);
    norm[n] = '\0';
    return !*cs && strcmp(norm, "utf8") == 0;
#else
    return false; /* wchar_t is not Unicode: wcwidth() cannot be asked */
#endif
}

/* Cells of one code point; -1 for what must not be drawn as is (it is
 * written as U+FFFD, one cell). */
static int cp_cells(uint32_t cp, bool utf8)
{
    if (cp == LB_UTF8_INVALID || cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
        return -1;
    int w = wcwidth((wchar_t)cp);
    if (w < 0 && !utf8)
        return 1; /* the converter writes '?' (or a transliteration) */
    return w;
}

/* Cells of SAFE[0..LEN), counting stops once past LIMIT: a column only
 * needs to know whether a 1 MB description fits, not how wide it is. */
static size_t cells_upto(const char *safe, size_t len, bool utf8, size_t limit)
{
    size_t cells = 0;
    size_t i = 0;
    while (i < len && cells <= limit) {
        uint32_t cp;
        i += lb_utf8_decode(safe + i, len - i, &cp);
        int w = cp_cells(cp, utf8);
        cells += w < 0 ? 1 : (size_t)w;
    }
    return cells;
}

int lb_text_cells(const char *safe, size_t len)
{
    size_t cells = cells_upto(safe, len, lb_locale_is_utf8(), INT_MAX);
    return cells > INT_MAX ? INT_MAX : (int)cells;
}

typedef struct {
    char *out;
    size_t size; /* > 0, room for the NUL included */
    size_t pos;
    bool full; /* once something did not fit nothing more is written */
} fit_sink;

static bool fit_put(fit_sink *s, const char *p, size_t n)
{
    if (s->full || n >= s->size - s->pos) {
        s->full = true;
        return false;
    }
    memcpy(s->out + s->pos, p, n);
    s->pos += n;
    return true;
}

static void fit_spaces(fit_sink *s, int n)
{
    while (n-- > 0 && fit_put(s, " ", 1))
        ;
}

size_t lb_text_fit(char *out, size_t size, const char *safe, size_t len, int cells, bool pad)
{
    static const char replacement[] = "\xEF\xBF\xBD";
    if (size == 0)
        return 0;
    fit_sink s = {out, size, 0, false};
    out[0] = '\0';
    if (cells <= 0)
        return 0;
    const bool utf8 = lb_locale_is_utf8();

    /* Cut only when the whole does not fit; then one cell is the ellipsis. */
    const bool cut = cells_upto(safe, len, utf8, (size_t)cells) > (size_t)cells;
    const int budget = cut ? cells - 1 : cells;
    int used = 0;
    bool in_cluster = false; /* the last base was written: its marks follow it */
    size_t cluster = 0;      /* where that base starts in OUT */
    size_t i = 0;
    while (i < len && !s.full) {
        uint32_t cp;
        size_t n = lb_utf8_decode(safe + i, len - i, &cp);
        int w = cp_cells(cp, utf8);
        const char *bytes = w < 0 ? replacement : safe + i;
        size_t nbytes = w < 0 ? sizeof replacement - 1 : n;
        if (w < 0)
            w = 1;
        if (w == 0) {
            /* A mark without a written base would combine into whatever
             * the caller drew before: leave it out. */
            if (in_cluster && !fit_put(&s, bytes, nbytes))
                s.pos = cluster; /* never a base without all its marks */
            i += n;
            continue;
        }
        if (used + w > budget)
            break;
        cluster = s.pos;
        in_cluster = fit_put(&s, bytes, nbytes);
        used += w;
        i += n;
    }
    if (cut && !s.full) {
        fit_spaces(&s, budget - used); /* the half of a wide character */
        if (fit_put(&s, utf8 ? "\xE2\x80\xA6" : "~", utf8 ? 3 : 1))
            used = cells;
    }
    if (pad && !s.full)
        fit_spaces(&s, cells - used);
    out[s.pos] = '\0';
    return s.pos;
}

size_t lb_utf8_encode(uint32_t c, char *out)
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}
