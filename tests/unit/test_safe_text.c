/* test_safe_text.c — every class of code point at the start, in the middle
 * and at the end; every code point on its own against an oracle written
 * from the rules in safe_text.h; the simulator's hostile strings; cuts at
 * every buffer size; the non-UTF-8 locale. */
#include "config.h"

#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "tests/tap.h"
#include "ui/safe_text.h"
#include "ui/text_width.h"

#define ONE  LB_SAFE_ONE_LINE
#define KEEP LB_SAFE_KEEP_NEWLINES
#define FFFD "\xEF\xBF\xBD"
#define DOT  "\xE2\x97\x8C" /* U+25CC DOTTED CIRCLE */

static char out[8192];

static const char *safe_n(const char *in, size_t len, unsigned flags)
{
    size_t n = lb_safe_text(out, sizeof out, in, len, flags);
    if (n >= sizeof out || out[n] != '\0')
        tap_bail("lb_safe_text returned %zu for a %zu-byte buffer", n, sizeof out);
    return out;
}

static const char *safe(const char *in, unsigned flags)
{
    return safe_n(in, strlen(in), flags);
}

/* --- an oracle, independent of ui/ ------------------------------------ */

static size_t enc(char *b, long cp)
{
    if (cp < 0x80) {
        b[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) { /* surrogates too: the test needs their bytes */
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    b[0] = (char)(0xF0 | (cp >> 18));
    b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    b[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Strict decoder: -1 for anything that is not a shortest-form scalar value. */
static size_t dec(const unsigned char *s, size_t len, long *cp)
{
    unsigned char b = s[0];
    size_t n = b < 0x80             ? 1
               : (b & 0xE0) == 0xC0 ? 2
               : (b & 0xF0) == 0xE0 ? 3
               : (b & 0xF8) == 0xF0 ? 4
                                    : 0;
    *cp = n == 1 ? b : -1;
    if (n <= 1 || n > len)
        return 1;
    long v = b & (0x7F >> n);
    for (size_t k = 1; k < n; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return 1;
        v = (v << 6) | (s[k] & 0x3F);
    }
    static const long shortest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (v < shortest[n] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 1;
    *cp = v;
    return n;
}

static bool is_format(long cp)
{
    return cp == 0xAD || cp == 0x61C || cp == 0x180E || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF ||
           (cp >= 0xFFF9 && cp <= 0xFFFB) || (cp >= 0x13430 && cp <= 0x1343F) ||
           (cp >= 0x1BCA0 && cp <= 0x1BCA3) || (cp >= 0x1D173 && cp <= 0x1D17A) ||
           (cp >= 0xE0000 && cp <= 0xE007F);
}

static bool is_selector(long cp)
{
    return (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF) ||
           (cp >= 0x180B && cp <= 0x180D) || cp == 0x180F;
}

static bool is_unusable(long cp)
{
    return (cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0xF0000 || (cp >= 0xFDD0 && cp <= 0xFDEF) ||
           (cp & 0xFFFE) == 0xFFFE;
}

enum cls { C_C0, C_DEL_C1, C_FORMAT, C_SELECTOR, C_UNUSABLE, C_SURROGATE, C_MARK, C_PRINT, C_N };
static const char *const cls_name[C_N] = {"C0 controls",
                                          "DEL and C1",
                                          "bidi, zero-width and format",
                                          "variation selectors",
                                          "private use, noncharacters, unassigned",
                                          "surrogates",
                                          "combining marks",
                                          "printable"};

/* What CP becomes, alone (AFTER_BASE false) or right after a letter. */
static enum cls expect(long cp, bool after_base, unsigned flags, char *b)
{
    char raw[4];
    size_t n = enc(raw, cp);
    if (cp >= 0xD800 && cp <= 0xDFFF) {
        strcpy(b, FFFD FFFD FFFD); /* ED, then two lone continuation bytes */
        return C_SURROGATE;
    }
    if (cp < 0x20) {
        if (cp == '\t')
            strcpy(b, " ");
        else if (cp == '\n')
            strcpy(b, (flags & KEEP) ? "\n" : " ");
        else
            sprintf(b, "^%c", (int)(cp + 0x40));
        return C_C0;
    }
    if (cp == 0x7F) {
        strcpy(b, "^?");
        return C_DEL_C1;
    }
    if (cp >= 0x80 && cp <= 0x9F) {
        sprintf(b, "<U+%04lX>", cp);
        return C_DEL_C1;
    }
    if (is_format(cp)) {
        sprintf(b, "<U+%04lX>", cp);
        return C_FORMAT;
    }
    if (is_selector(cp)) {
        if (after_base) {
            memcpy(b, raw, n);
            b[n] = '\0';
        } else {
            sprintf(b, "<U+%04lX>", cp);
        }
        return C_SELECTOR;
    }
    int w = wcwidth((wchar_t)cp);
    if (is_unusable(cp) || w < 0) {
        strcpy(b, FFFD);
        return C_UNUSABLE;
    }
    size_t k = 0;
    if (w == 0 && !after_base) {
        memcpy(b, DOT, 3);
        k = 3;
    }
    memcpy(b + k, raw, n);
    b[k + n] = '\0';
    return w == 0 ? C_MARK : C_PRINT;
}

/* The promises that hold for any input; NULL or what broke. */
static const char *broken(const char *s, size_t n, size_t in_len, unsigned flags)
{
    const unsigned char *u = (const unsigned char *)s;
    if (s[n] != '\0' || strlen(s) != n)
        return "length or NUL";
    if (n > 10 * in_len + 4)
        return "longer than 10 x input + 4";
    int marks = 0;
    for (size_t i = 0; i < n;) {
        if (u[i] == 0x1B || u[i] == 0x0D || u[i] == 0x08)
            return "raw ESC, CR or BS byte";
        long cp;
        size_t k = dec(u + i, n - i, &cp);
        if (cp < 0)
            return "invalid UTF-8";
        if (cp < 0x20 && !(cp == '\n' && (flags & KEEP)))
            return "C0 control";
        if (cp >= 0x7F && cp <= 0x9F)
            return "DEL or C1";
        if (is_format(cp))
            return "bidi, zero-width or format character";
        if (cp >= 0x20 && wcwidth((wchar_t)cp) == 0) {
            if (++marks > 4)
                return "more than 4 marks";
        } else
            marks = 0;
        i += k;
    }
    return NULL;
}

static void test_every_code_point(void)
{
    clock_t t0 = clock();
    long count[C_N] = {0}, wrong[C_N] = {0}, bad = 0, first_wrong = -1, first_bad = -1;
    const char *why = NULL;
    char in[8], want[32], full[40];
    for (long cp = 0; cp <= 0x10FFFF; cp++) {
        /* Alone, one line. */
        size_t n = enc(in, cp);
        enum cls c = expect(cp, false, ONE, want);
        count[c]++;
        size_t got = lb_safe_text(out, sizeof out, in, n, ONE);
        const char *b = broken(out, got, n, ONE);
        if (b && first_bad < 0)
            first_bad = cp, why = b;
        bad += b != NULL;
        bool same = strcmp(out, want) == 0;
        /* After a letter and before one, keeping newlines. */
        in[0] = 'x';
        n = 1 + enc(in + 1, cp);
        in[n++] = 'y';
        expect(cp, true, KEEP, want);
        snprintf(full, sizeof full, "x%sy", want);
        got = lb_safe_text(out, sizeof out, in, n, KEEP);
        b = broken(out, got, n, KEEP);
        if (b && first_bad < 0)
            first_bad = cp, why = b;
        bad += b != NULL;
        same = same && strcmp(out, full) == 0;
        if (!same && wrong[c]++ == 0 && first_wrong < 0)
            first_wrong = cp;
    }
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    for (int c = 0; c < C_N; c++)
        is_int(wrong[c], 0, "every code point: %s (%ld of them) as the rules say", cls_name[c],
               count[c]);
    if (first_wrong >= 0)
        tap_diag("first wrong: U+%04lX", first_wrong);
    is_int(bad, 0, "every code point: valid UTF-8, no C0/DEL/C1/format, no raw ESC/CR/BS, short");
    if (first_bad >= 0)
        tap_diag("first broken: U+%04lX: %s", first_bad, why);
    tap_diag("2 x 1,114,112 code points in %.2f s CPU", secs);
    ok(count[C_MARK] > 1000 && count[C_UNUSABLE] > 100000 && count[C_PRINT] > 100000,
       "the locale's wcwidth() knows Unicode (marks %ld, printable %ld)", count[C_MARK],
       count[C_PRINT]);
}

/* --- each class at the start, in the middle, at the end ---------------- */

typedef struct {
    const char *name;
    const char *in;
    size_t len;        /* 0: strlen */
    const char *one;   /* LB_SAFE_ONE_LINE */
    const char *keep;  /* LB_SAFE_KEEP_NEWLINES; NULL: as ONE */
    const char *start; /* at the start of the text; NULL: as ONE */
} cls_case;

static const cls_case cases[] = {
    {"NUL", "\0", 1, "^@", NULL, NULL},
    {"SOH", "\x01", 0, "^A", NULL, NULL},
    {"BEL", "\a", 0, "^G", NULL, NULL},
    {"BS", "\b", 0, "^H", NULL, NULL},
    {"TAB", "\t", 0, " ", NULL, NULL},
    {"LF", "\n", 0, " ", "\n", NULL},
    {"VT", "\v", 0, "^K", NULL, NULL},
    {"FF", "\f", 0, "^L", NULL, NULL},
    {"CR", "\r", 0, "^M", NULL, NULL},
    {"CR LF", "\r\n", 0, " ", "\n", NULL},
    {"LF CR", "\n\r", 0, " ^M", "\n^M", NULL},
    {"CR CR LF", "\r\r\n", 0, "^M ", "^M\n", NULL},
    {"ESC", "\x1b", 0, "^[", NULL, NULL},
    {"FS", "\x1c", 0, "^\\", NULL, NULL},
    {"US", "\x1f", 0, "^_", NULL, NULL},
    {"DEL", "\x7f", 0, "^?", NULL, NULL},
    {"U+0080", "\xc2\x80", 0, "<U+0080>", NULL, NULL},
    {"NEL U+0085", "\xc2\x85", 0, "<U+0085>", NULL, NULL},
    {"CSI U+009B", "\xc2\x9b", 0, "<U+009B>", NULL, NULL},
    {"APC U+009F", "\xc2\x9f", 0, "<U+009F>", NULL, NULL},
    {"soft hyphen", "\xc2\xad", 0, "<U+00AD>", NULL, NULL},
    {"ALM U+061C", "\xd8\x9c", 0, "<U+061C>", NULL, NULL},
    {"Mongolian vowel separator", "\xe1\xa0\x8e", 0, "<U+180E>", NULL, NULL},
    {"ZWSP", "\xe2\x80\x8b", 0, "<U+200B>", NULL, NULL},
    {"ZWNJ", "\xe2\x80\x8c", 0, "<U+200C>", NULL, NULL},
    {"ZWJ", "\xe2\x80\x8d", 0, "<U+200D>", NULL, NULL},
    {"LRM", "\xe2\x80\x8e", 0, "<U+200E>", NULL, NULL},
    {"RLM", "\xe2\x80\x8f", 0, "<U+200F>", NULL, NULL},
    {"line separator", "\xe2\x80\xa8", 0, "<U+2028>", NULL, NULL},
    {"paragraph separator", "\xe2\x80\xa9", 0, "<U+2029>", NULL, NULL},
    {"LRE", "\xe2\x80\xaa", 0, "<U+202A>", NULL, NULL},
    {"RLE", "\xe2\x80\xab", 0, "<U+202B>", NULL, NULL},
    {"PDF", "\xe2\x80\xac", 0, "<U+202C>", NULL, NULL},
    {"LRO", "\xe2\x80\xad", 0, "<U+202D>", NULL, NULL},
    {"RLO", "\xe2\x80\xae", 0, "<U+202E>", NULL, NULL},
    {"word joiner", "\xe2\x81\xa0", 0, "<U+2060>", NULL, NULL},
    {"invisible plus", "\xe2\x81\xa4", 0, "<U+2064>", NULL, NULL},
    {"LRI", "\xe2\x81\xa6", 0, "<U+2066>", NULL, NULL},
    {"RLI", "\xe2\x81\xa7", 0, "<U+2067>", NULL, NULL},
    {"FSI", "\xe2\x81\xa8", 0, "<U+2068>", NULL, NULL},
    {"PDI", "\xe2\x81\xa9", 0, "<U+2069>", NULL, NULL},
    {"BOM", "\xef\xbb\xbf", 0, "<U+FEFF>", NULL, NULL},
    {"interlinear anchor", "\xef\xbf\xb9", 0, "<U+FFF9>", NULL, NULL},
    {"interlinear terminator", "\xef\xbf\xbb", 0, "<U+FFFB>", NULL, NULL},
    {"tag LANGUAGE", "\xf3\xa0\x80\x81", 0, "<U+E0001>", NULL, NULL},
    {"tag A", "\xf3\xa0\x81\x81", 0, "<U+E0041>", NULL, NULL},
    {"CANCEL TAG", "\xf3\xa0\x81\xbf", 0, "<U+E007F>", NULL, NULL},
    {"VS16", "\xef\xb8\x8f", 0, "\xef\xb8\x8f", NULL, "<U+FE0F>"},
    {"VS17", "\xf3\xa0\x84\x80", 0, "\xf3\xa0\x84\x80", NULL, "<U+E0100>"},
    {"combining acute", "\xcc\x81", 0, "\xcc\x81", NULL, DOT "\xcc\x81"},
    {"combining enclosing circle", "\xe2\x83\x9d", 0, "\xe2\x83\x9d", NULL, DOT "\xe2\x83\x9d"},
    {"private use U+E000", "\xee\x80\x80", 0, FFFD, NULL, NULL},
    {"private use U+F8FF", "\xef\xa3\xbf", 0, FFFD, NULL, NULL},
    {"private use U+F0000", "\xf3\xb0\x80\x80", 0, FFFD, NULL, NULL},
    {"private use U+10FFFD", "\xf4\x8f\xbf\xbd", 0, FFFD, NULL, NULL},
    {"noncharacter U+FDD0", "\xef\xb7\x90", 0, FFFD, NULL, NULL},
    {"noncharacter U+FFFE", "\xef\xbf\xbe", 0, FFFD, NULL, NULL},
    {"noncharacter U+10FFFF", "\xf4\x8f\xbf\xbf", 0, FFFD, NULL, NULL},
    {"unassigned U+0378", "\xcd\xb8", 0, FFFD, NULL, NULL},
    {"lone continuation byte", "\x80", 0, FFFD, NULL, NULL},
    {"raw 0x9B (8-bit CSI)", "\x9b", 0, FFFD, NULL, NULL},
    {"byte 0xFF", "\xff", 0, FFFD, NULL, NULL},
    {"byte 0xF5", "\xf5", 0, FFFD, NULL, NULL},
    {"overlong NUL C0 80", "\xc0\x80", 0, FFFD FFFD, NULL, NULL},
    {"overlong slash E0 80 AF", "\xe0\x80\xaf", 0, FFFD FFFD FFFD, NULL, NULL},
    {"overlong F0 80 80 80", "\xf0\x80\x80\x80", 0, FFFD FFFD FFFD FFFD, NULL, NULL},
    {"surrogate U+D800", "\xed\xa0\x80", 0, FFFD FFFD FFFD, NULL, NULL},
    {"above U+10FFFF", "\xf4\x90\x80\x80", 0, FFFD FFFD FFFD FFFD, NULL, NULL},
    {"cut 3-byte sequence", "\xe2\x82", 0, FFFD, NULL, NULL},
    {"cut 4-byte sequence", "\xf0\x9f\x98", 0, FFFD, NULL, NULL},
    {"e acute U+00E9", "\xc3\xa9", 0, "\xc3\xa9", NULL, NULL},
    {"NBSP", "\xc2\xa0", 0, "\xc2\xa0", NULL, NULL},
    {"CJK", "\xe5\x9e\x83", 0, "\xe5\x9e\x83", NULL, NULL},
    {"emoji", "\xf0\x9f\x97\x91", 0, "\xf0\x9f\x97\x91", NULL, NULL},
    {"U+FFFD itself", FFFD, 0, FFFD, NULL, NULL},
    {"less-than", "<", 0, "<", NULL, NULL},
};

static void test_classes(void)
{
    char in[64], want[128];
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const cls_case *c = &cases[k];
        size_t len = c->len ? c->len : strlen(c->in);
        const char *start = c->start ? c->start : c->one;
        for (int f = 0; f < 2; f++) {
            unsigned flags = f ? KEEP : ONE;
            const char *mid = f && c->keep ? c->keep : c->one;
            const char *first = f && c->keep ? c->keep : start;
            const char *fl = f ? "keep newlines" : "one line";
            /* At the start. */
            memcpy(in, c->in, len);
            in[len] = 'z';
            snprintf(want, sizeof want, "%sz", first);
            is_str(safe_n(in, len + 1, flags), want, "%s at the start (%s)", c->name, fl);
            /* In the middle. */
            in[0] = 'a';
            memcpy(in + 1, c->in, len);
            in[len + 1] = 'z';
            snprintf(want, sizeof want, "a%sz", mid);
            is_str(safe_n(in, len + 2, flags), want, "%s in the middle (%s)", c->name, fl);
            /* At the end. */
            in[0] = 'a';
            in[1] = 'b';
            memcpy(in + 2, c->in, len);
            snprintf(want, sizeof want, "ab%s", mid);
            is_str(safe_n(in, len + 2, flags), want, "%s at the end (%s)", c->name, fl);
        }
    }
}

/* --- combining marks ---------------------------------------------------- */

static void test_marks(void)
{
    is_str(safe("a\xcc\x81\xcc\x82\xcc\x83\xcc\x84\xcc\x85\xcc\x86z", ONE),
           "a\xcc\x81\xcc\x82\xcc\x83\xcc\x84z", "a base keeps 4 marks, the 5th and 6th go");
    is_str(safe("\xe4\xbc\x9a\xcc\x81\xcc\x82", ONE), "\xe4\xbc\x9a\xcc\x81\xcc\x82",
           "marks on a wide base stay");
    is_str(safe("\xf0\x9f\x97\x91\xef\xb8\x8f", ONE), "\xf0\x9f\x97\x91\xef\xb8\x8f",
           "emoji + VS16 stays");
    is_str(safe("a\xcc\x81\xcc\x82\xcc\x83\xcc\x84\xef\xb8\x8f", ONE),
           "a\xcc\x81\xcc\x82\xcc\x83\xcc\x84", "a selector past the 4th mark goes with the run");
    is_str(safe("\xe2\x80\xae\xcc\x81", ONE), "<U+202E>" DOT "\xcc\x81",
           "a mark after a marker gets a dotted circle, not the '>'");
    is_str(safe("\x1b\xcc\x81", ONE), "^[" DOT "\xcc\x81", "a mark after ^[ gets a dotted circle");
    is_str(safe("\xff\xcc\x81", ONE), FFFD DOT "\xcc\x81", "a mark after U+FFFD gets one");
    is_str(safe("a \xcc\x81", ONE), "a " DOT "\xcc\x81", "a mark after a space gets one");
    is_str(safe("a" FFFD "\xcc\x81", ONE), "a" FFFD DOT "\xcc\x81",
           "a mark after a literal U+FFFD gets one");
    is_str(safe("a\t\xcc\x81", ONE), "a " DOT "\xcc\x81", "a mark after a TAB gets one");
    is_str(safe("a\n\xcc\x81", KEEP), "a\n" DOT "\xcc\x81", "a mark after a kept LF gets one");
    is_str(safe("a\n\xcc\x81", ONE), "a " DOT "\xcc\x81", "a mark after LF as space gets one");
    is_str(safe("\xcc\x81\xcc\x82\xcc\x83\xcc\x84\xcc\x85", ONE),
           DOT "\xcc\x81\xcc\x82\xcc\x83\xcc\x84", "orphan marks: one dotted circle, 4 marks");
    is_str(safe("\xe2\x80\x8d\xcc\x81", ONE), "<U+200D>" DOT "\xcc\x81",
           "ZWJ is a marker, the mark after it gets a base");

    /* 10,000 marks on one letter, and with no letter at all. */
    size_t len = 1 + 2 * 10000;
    char *flood = malloc(len + 1);
    if (!flood)
        tap_bail("out of memory");
    flood[0] = 'Z';
    for (size_t i = 0; i < 10000; i++)
        memcpy(flood + 1 + 2 * i, "\xcc\x88", 2);
    is_str(safe_n(flood, len, ONE), "Z\xcc\x88\xcc\x88\xcc\x88\xcc\x88",
           "10,000 marks on a letter: 4 kept");
    is_str(safe_n(flood + 1, len - 1, ONE), DOT "\xcc\x88\xcc\x88\xcc\x88\xcc\x88",
           "10,000 marks alone: dotted circle and 4");
    free(flood);
}

/* --- the simulator's hostile strings (sim/seed_text.c) ------------------ */

static void test_hostile(void)
{
    static const struct {
        const char *in, *want, *name;
    } h[] = {
        {"SAFE\rEVIL", "SAFE^MEVIL", "CR cannot overwrite"},
        {"AB\b\bXY", "AB^H^HXY", "BS cannot overwrite"},
        {"\x1b]0;title\x07", "^[]0;title^G", "OSC 0 window title"},
        {"\xe2\x80\xaeRLO", "<U+202E>RLO", "RLO"},
        {"\x9b"
         "31m",
         FFFD "31m", "8-bit CSI as a raw byte"},
        {"\xc2\x9b"
         "31m",
         "<U+009B>31m", "8-bit CSI as U+009B"},
        {"Opgelet \x1b[2J het scherm is leeg", "Opgelet ^[[2J het scherm is leeg", "CSI 2J"},
        {"Titel \x1b]0;pwned\x07 veranderd", "Titel ^[]0;pwned^G veranderd", "OSC 0"},
        {"Klembord \x1b]52;c;cm0gLXJmIH4=\x07 gevuld", "Klembord ^[]52;c;cm0gLXJmIH4=^G gevuld",
         "OSC 52 clipboard"},
        {"Bijlage \xe2\x80\xaegnp.exe", "Bijlage <U+202E>gnp.exe", "RLO file name"},
        {"Onzicht\xe2\x80\x8b"
         "bare\xe2\x81\xa0tekens\xef\xbb\xbf hier",
         "Onzicht<U+200B>bare<U+2060>tekens<U+FEFF> hier", "zero-width characters"},
        {"Emoji \xf0\x9f\x97\x91\xf0\x9f\x9a\xae en CJK \xe5\x9e\x83\xe5\x9c\xbe\xe5\xa0\x86 "
         "\xe7\x84\xa6\xe7\xb3\x96",
         "Emoji \xf0\x9f\x97\x91\xf0\x9f\x9a\xae en CJK \xe5\x9e\x83\xe5\x9c\xbe\xe5\xa0\x86 "
         "\xe7\x84\xa6\xe7\xb3\x96",
         "emoji and CJK unchanged"},
        {"\x1bP+q544e\x1b\\", "^[P+q544e^[\\", "DCS request"},
        {"line one\r\nline two", "line one line two", "CR LF on one line"},
        {"a\xe2\x81\xa6"
         "b\xe2\x81\xa9",
         "a<U+2066>b<U+2069>", "isolates"},
    };
    for (size_t i = 0; i < sizeof h / sizeof h[0]; i++) {
        is_str(safe(h[i].in, ONE), h[i].want, "hostile: %s", h[i].name);
        char *d = lb_safe_text_dup(h[i].in, strlen(h[i].in), ONE);
        is_str(d, h[i].want, "hostile: %s (dup)", h[i].name);
        free(d);
    }
    is_str(safe("line one\r\nline two\rthree\n", KEEP), "line one\nline two^Mthree\n",
           "keep newlines: CR LF and LF stay LF, a lone CR is ^M");

    /* A 1 MB field: a long description passes unchanged, a 1 MB run of ESC
     * doubles and nothing else. */
    static const char unit[] = "Lange beschrijving met \xc3\xa9\xc3\xa8\xc3\xab\xc3\xa7\xc3\xbc. ";
    size_t big = 1024 * 1024;
    char *field = malloc(big);
    if (!field)
        tap_bail("out of memory");
    for (size_t i = 0; i < big; i++)
        field[i] = unit[i % (sizeof unit - 1)];
    size_t whole = big - big % (sizeof unit - 1); /* whole units: no cut character */
    clock_t t0 = clock();
    char *d = lb_safe_text_dup(field, whole, ONE);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    ok(d && strlen(d) == whole && memcmp(d, field, whole) == 0,
       "a 1 MB description passes unchanged (%.3f s)", secs);
    free(d);
    memset(field, 0x1b, big);
    d = lb_safe_text_dup(field, big, KEEP);
    ok(d && strlen(d) == 2 * big && !broken(d, 2 * big, big, KEEP) && memcmp(d, "^[^[", 4) == 0,
       "1 MB of ESC: 2 MB of ^[");
    free(d);
    free(field);

    d = lb_safe_text_dup(NULL, 0, ONE);
    is_str(d, "", "dup of nothing is an empty string");
    free(d);
    char canary[4] = "XYZ";
    is_int((long long)lb_safe_text(canary, 0, "abc", 3, ONE), 0, "size 0 writes nothing");
    is_str(canary, "XYZ", "size 0 leaves the buffer alone");
}

/* --- cuts at every buffer size ------------------------------------------ */

/* Allowed cut points of a sanitized FULL: around ^X, <U+...>, and a base
 * with its marks. The inputs below hold no literal '^' or '<'. */
static void cut_points(const char *full, size_t n, bool *at)
{
    memset(at, 0, n + 1);
    size_t i = 0;
    at[0] = true;
    while (i < n) {
        if (full[i] == '^')
            i += 2;
        else if (full[i] == '<')
            i = (size_t)(strchr(full + i, '>') - full) + 1;
        else {
            long cp;
            i += dec((const unsigned char *)full + i, n - i, &cp);
            while (i < n) {
                size_t k = dec((const unsigned char *)full + i, n - i, &cp);
                if (cp < 0x20 || wcwidth((wchar_t)cp) != 0)
                    break;
                i += k;
            }
        }
        at[i] = true;
    }
}

static void test_cuts(void)
{
    static const char *const inputs[] = {
        "SAFE\rEVIL",
        "AB\b\bXY",
        "\x1b]0;title\x07",
        "\xe2\x80\xaeRLO",
        "\x9b"
        "31m",
        "e\xcc\x81\xcc\x82x\xcc\x88",
        "\xcc\x81\xcc\x82\xcc\x83\xcc\x84\xcc\x85 z",
        "\xe4\xbc\x9a\xe8\xae\xae\xe2\x80\xae\xe8\xae\xb0\xe5\xbd\x95",
        "Emoji \xf0\x9f\x97\x91\xef\xb8\x8f\xf0\x9f\x9a\xae!",
        "a\xc2\x85\xf3\xa0\x81\x81\xed\xa0\x80\xf0\x9f\x98",
        "one\r\ntwo\nthree\t\xef\xbb\xbf",
    };
    char buf[256];
    bool at[256];
    for (size_t k = 0; k < sizeof inputs / sizeof inputs[0]; k++) {
        for (int f = 0; f < 2; f++) {
            unsigned flags = f ? KEEP : ONE;
            size_t len = strlen(inputs[k]);
            char *full = lb_safe_text_dup(inputs[k], len, flags);
            size_t n = full ? strlen(full) : 0;
            if (!full || n + 10 > sizeof buf)
                tap_bail("cut test input %zu too long", k);
            cut_points(full, n, at);
            size_t wrong = 0, first = 0;
            size_t top = (len > n ? len : n) + 8;
            for (size_t size = 0; size <= top; size++) {
                memset(buf, 0x55, sizeof buf);
                size_t r = lb_safe_text(buf, size, inputs[k], len, flags);
                size_t want = 0;
                for (size_t j = 0; size > 0 && j <= n && j < size; j++)
                    if (at[j])
                        want = j;
                bool good = size == 0 ? r == 0 && buf[0] == 0x55
                                      : r == want && buf[r] == '\0' && memcmp(buf, full, r) == 0 &&
                                            buf[size] == 0x55 && !broken(buf, r, len, flags);
                if (!good && wrong++ == 0)
                    first = size;
            }
            is_int((long long)wrong, 0, "input %zu (%s): cut on a boundary at every size 0..%zu", k,
                   f ? "keep newlines" : "one line", top);
            if (wrong)
                tap_diag("first wrong size: %zu", first);
            free(full);
        }
    }
}

/* --- what ui/text_width makes of sanitized text -------------------------- */

static void test_fit_after_sanitizing(void)
{
    char *d = lb_safe_text_dup("Bijlage \xe2\x80\xaegnp.exe", 18, ONE);
    char col[64];
    size_t n = lb_text_fit(col, sizeof col, d, strlen(d), 12, true);
    is_str(col, "Bijlage <U+\xe2\x80\xa6", "a marker is cut like text, ellipsis last");
    is_int((long long)n, 14, "bytes of the fitted column");
    is_int(lb_text_cells(col, n), 12, "12 cells");
    free(d);
}

/* --- another locale ----------------------------------------------------- */

static void test_other_locale(void)
{
    if (!setlocale(LC_CTYPE, "C")) {
        tap_skip("no C locale", "non-UTF-8 locale");
        return;
    }
    ok(!lb_locale_is_utf8(), "the C locale is not UTF-8");
    is_str(safe("a\xcd\xb8z", ONE), "a\xcd\xb8z",
           "C locale: unassigned U+0378 passes (no wcwidth)");
    is_str(safe("\xee\x80\x80\xe2\x80\xae\x1b", ONE), FFFD "<U+202E>^[",
           "C locale: private use, bidi and ESC as in UTF-8");
    is_str(safe("e\xcc\x81\xcc\x82\xcc\x83\xcc\x84\xcc\x85", ONE),
           "e\xcc\x81\xcc\x82\xcc\x83\xcc\x84",
           "C locale: Combining Diacritical Marks still limited to 4");
    is_str(safe("\xcc\x81", ONE), DOT "\xcc\x81", "C locale: an orphan mark still gets a base");
    is_str(safe("\xd2\x83", ONE), "\xd2\x83",
           "C locale: U+0483 outside the explicit blocks passes");
    is_str(safe("\xef\xb8\x8f", ONE), "<U+FE0F>", "C locale: orphan selector is a marker");
    char col[32];
    lb_text_fit(col, sizeof col, "abcdef", 6, 4, false);
    is_str(col, "abc~", "C locale: the cut is marked with ~");
    if (!setlocale(LC_CTYPE, "C.UTF-8"))
        tap_bail("cannot return to C.UTF-8");
}

int main(void)
{
    if (!setlocale(LC_CTYPE, "C.UTF-8"))
        tap_bail("the C.UTF-8 locale is missing");
    ok(lb_locale_is_utf8(), "C.UTF-8 is a UTF-8 locale");
    test_classes();
    test_marks();
    test_hostile();
    test_cuts();
    test_fit_after_sanitizing();
    test_every_code_point();
    test_other_locale();
    return tap_done();
}
