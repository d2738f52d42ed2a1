/* charset.c — iconv between UTF-8 and the terminal codeset.
 * Data and catalogs are UTF-8; a Latin-9 terminal gets Latin-9 bytes. */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n/charset.h"
#include "i18n/i18n.h"

struct lb_charset {
    bool utf8;
    iconv_t to_term;   /* UTF-8 -> terminal, with transliteration */
    iconv_t from_term; /* terminal -> UTF-8 */
};

static bool codeset_is_utf8(const char *cs)
{
    return strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "UTF8") == 0;
}

lb_charset *lb_charset_new(const char *terminal_codeset, const char **err_out)
{
    lb_charset *cs = calloc(1, sizeof *cs);
    if (!cs) {
        *err_out = _("Out of memory.");
        return NULL;
    }
    cs->to_term = cs->from_term = (iconv_t)-1;
    cs->utf8 = codeset_is_utf8(terminal_codeset);
    if (cs->utf8)
        return cs;

    char target[96];
    int n = snprintf(target, sizeof target, "%s//TRANSLIT", terminal_codeset);
    if (n < 0 || (size_t)n >= sizeof target) {
        *err_out = _("The terminal's character set name is too long.");
        free(cs);
        return NULL;
    }
    cs->to_term = iconv_open(target, "UTF-8");
    cs->from_term = iconv_open("UTF-8", terminal_codeset);
    if (cs->to_term == (iconv_t)-1 || cs->from_term == (iconv_t)-1) {
        *err_out = _("The terminal's character set is not supported by iconv.");
        lb_charset_free(cs);
        return NULL;
    }
    return cs;
}

void lb_charset_free(lb_charset *cs)
{
    if (!cs)
        return;
    if (cs->to_term != (iconv_t)-1)
        iconv_close(cs->to_term);
    if (cs->from_term != (iconv_t)-1)
        iconv_close(cs->from_term);
    free(cs);
}

bool lb_charset_is_utf8(const lb_charset *cs)
{
    return cs->utf8;
}

/* Growing output buffer for one conversion. */
typedef struct {
    char *buf;
    size_t cap, len;
} outbuf;

static bool outbuf_reserve(outbuf *o, size_t extra)
{
    if (o->len + extra + 1 <= o->cap)
        return true;
    size_t cap = o->cap ? o->cap : 64;
    while (cap < o->len + extra + 1)
        cap *= 2;
    char *p = realloc(o->buf, cap);
    if (!p)
        return false;
    o->buf = p;
    o->cap = cap;
    return true;
}

static bool outbuf_put(outbuf *o, const char *s, size_t n)
{
    if (!outbuf_reserve(o, n))
        return false;
    memcpy(o->buf + o->len, s, n);
    o->len += n;
    return true;
}

/* Length of the UTF-8 sequence starting with byte B (1 for a stray byte). */
static size_t utf8_seq_len(unsigned char b)
{
    if (b >= 0xF0)
        return 4;
    if (b >= 0xE0)
        return 3;
    if (b >= 0xC0)
        return 2;
    return 1;
}

/* Symbols glibc's //TRANSLIT turns into '?', with an ASCII stand-in that
 * keeps their meaning (a check mark is not a question). */
static const char *ascii_symbol(const unsigned char *s, size_t len)
{
    static const struct {
        const char *utf8, *ascii;
    } table[] = {
        {"\u2713", "v"}, {"\u2714", "v"}, {"\u2717", "x"}, {"\u2718", "x"},
        {"\u25B2", "^"}, {"\u25B3", "^"}, {"\u25BC", "v"}, {"\u25BD", "v"},
        {"\u25B6", ">"}, {"\u25C0", "<"}, {"\u2588", "#"}, {"\u2591", "."},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        size_t n = strlen(table[i].utf8);
        if (n <= len && memcmp(s, table[i].utf8, n) == 0)
            return table[i].ascii;
    }
    return NULL;
}

/* IN with the symbols of the table replaced by their stand-ins, before
 * iconv sees them (its //TRANSLIT would write '?' without saying so); NULL
 * when there is none (or no memory: then iconv's '?' it is). */
static char *stand_ins(const char *in, size_t len, size_t *out_len)
{
    const unsigned char *s = (const unsigned char *)in;
    char *out = NULL;
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        const char *ascii = s[i] == 0xE2 ? ascii_symbol(s + i, len - i) : NULL;
        if (ascii && !out) {
            out = malloc(len + 1);
            if (!out)
                return NULL;
            memcpy(out, in, i);
            o = i;
        }
        if (ascii) {
            size_t n = strlen(ascii);
            memcpy(out + o, ascii, n); /* never longer than the 3 bytes it replaces */
            o += n;
            i += 2;
        } else if (out) {
            out[o++] = in[i];
        }
    }
    if (out)
        *out_len = o;
    return out;
}

/* Runs CD over IN; on a character the target cannot hold, writes
 * REPLACEMENT and skips SKIP(byte) input bytes. */
static char *convert(iconv_t cd, const char *in, size_t len, const char *replacement,
                     bool skip_utf8_seq)
{
    outbuf o = {0};
    char *inp = (char *)in;
    size_t inleft = len;
    iconv(cd, NULL, NULL, NULL, NULL);
    while (inleft > 0) {
        if (!outbuf_reserve(&o, inleft * 4 + 16))
            goto oom;
        char *outp = o.buf + o.len;
        size_t outleft = o.cap - o.len - 1;
        size_t r = iconv(cd, &inp, &inleft, &outp, &outleft);
        o.len = (size_t)(outp - o.buf);
        if (r != (size_t)-1)
            break;
        if (errno == E2BIG)
            continue;
        /* EILSEQ or EINVAL (truncated sequence at the end): replace, skip. */
        size_t skip = skip_utf8_seq ? utf8_seq_len((unsigned char)*inp) : 1;
        if (skip > inleft)
            skip = inleft;
        inp += skip;
        inleft -= skip;
        if (!outbuf_put(&o, replacement, strlen(replacement)))
            goto oom;
    }
    /* Flush any shift state. */
    if (!outbuf_reserve(&o, 16))
        goto oom;
    char *outp = o.buf + o.len;
    size_t outleft = o.cap - o.len - 1;
    iconv(cd, NULL, NULL, &outp, &outleft);
    o.len = (size_t)(outp - o.buf);
    o.buf[o.len] = '\0';
    return o.buf;
oom:
    free(o.buf);
    return NULL;
}

static char *copy_string(const char *s, size_t len)
{
    char *p = malloc(len + 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

char *lb_charset_to_terminal(lb_charset *cs, const char *utf8, size_t len)
{
    if (cs->utf8)
        return copy_string(utf8, len);
    size_t n;
    char *plain = stand_ins(utf8, len, &n);
    char *out = convert(cs->to_term, plain ? plain : utf8, plain ? n : len, "?", true);
    free(plain);
    return out;
}

char *lb_charset_from_terminal(lb_charset *cs, const char *text, size_t len)
{
    if (cs->utf8)
        return copy_string(text, len);
    return convert(cs->from_term, text, len, "\xEF\xBF\xBD", false);
}
