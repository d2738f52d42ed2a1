/* fuzz_safe_text.c — the sanitizer's promises checked on any bytes: valid
 * UTF-8 out, nothing that moves the cursor, reorders or hides, marks only
 * on a base, cuts on boundaries, idempotent; lb_text_fit never wider than
 * asked. A broken promise abort()s, which libFuzzer and the replay driver
 * (fuzz_main.c, run in `make check`) both report. Only libc: no ncurses. */
#include "config.h"

#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "tests/fuzz/fuzz.h"
#include "ui/safe_text.h"
#include "ui/text_width.h"

#define CHECK(cond)                                                                    \
    do {                                                                               \
        if (!(cond)) {                                                                 \
            fprintf(stderr, "%s:%d: broken promise: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                                   \
        }                                                                              \
    } while (0)

/* Independent of ui/: a second decoder, so one bug cannot hide in both. */
static size_t next_cp(const unsigned char *s, size_t len, long *cp)
{
    unsigned char b = s[0];
    size_t n = b < 0x80                 ? 1
               : b >= 0xC2 && b <= 0xDF ? 2
               : b >= 0xE0 && b <= 0xEF ? 3
               : b >= 0xF0 && b <= 0xF4 ? 4
                                        : 0;
    *cp = -1;
    if (n == 0 || n > len)
        return 1;
    long v = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
    for (size_t k = 1; k < n; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return 1;
        v = (v << 6) | (s[k] & 0x3F);
    }
    static const long min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (v < min[n] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 1;
    *cp = v;
    return n;
}

static bool forbidden(long cp)
{
    return (cp >= 0x7F && cp <= 0x9F) || cp == 0xAD || cp == 0x61C || cp == 0x180E ||
           (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
           (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB) ||
           (cp >= 0xE0000 && cp <= 0xE007F) || (cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0xF0000;
}

/* Everything lb_safe_text promises about OUT[0..N). */
static void check_safe(const char *out, size_t n, size_t in_len, unsigned flags)
{
    const unsigned char *u = (const unsigned char *)out;
    CHECK(out[n] == '\0' && strlen(out) == n);
    CHECK(n <= 4 * in_len);
    long prev = -1; /* -1: start of the text */
    int marks = 0;
    for (size_t i = 0; i < n;) {
        CHECK(u[i] != 0x1B && u[i] != 0x0D && u[i] != 0x08);
        long cp;
        size_t k = next_cp(u + i, n - i, &cp);
        CHECK(cp >= 0);
        CHECK(cp >= 0x20 || (cp == '\n' && (flags & LB_SAFE_KEEP_NEWLINES)));
        CHECK(!forbidden(cp));
        int w = cp < 0x20 ? -1 : wcwidth((wchar_t)cp);
        CHECK(w >= 0 || cp == '\n');
        if (w == 0) {
            CHECK(prev > 0 && prev != ' ' && prev != '\n' && prev != 0xFFFD);
            CHECK(++marks <= 4);
        } else {
            prev = cp;
            marks = 0;
        }
        i += k;
    }
}

static void check_fit(const char *safe, size_t len, int cells, bool pad)
{
    size_t size = len + (size_t)cells + 4;
    char *out = malloc(size);
    CHECK(out != NULL);
    size_t n = lb_text_fit(out, size, safe, len, cells, pad);
    CHECK(n < size && out[n] == '\0' && strlen(out) == n);
    int got = 0;
    for (size_t i = 0; i < n;) {
        long cp;
        i += next_cp((const unsigned char *)out + i, n - i, &cp);
        CHECK(cp >= 0x20 && !forbidden(cp));
        int w = wcwidth((wchar_t)cp);
        CHECK(w >= 0);
        got += w;
    }
    CHECK(got <= cells);
    CHECK(got == lb_text_cells(out, n));
    bool cut = lb_text_cells(safe, len) > cells;
    if (pad || cut)
        CHECK(got == cells);
    if (cut && cells > 0)
        CHECK(n >= 3 && memcmp(out + n - 3, "\xE2\x80\xA6", 3) == 0);
    free(out);
}

static void run(const char *in, size_t size, unsigned flags)
{
    size_t cap = 4 * size + 1;
    char *out = malloc(cap);
    CHECK(out != NULL);
    size_t n = lb_safe_text(out, cap, in, size, flags);
    CHECK(n < cap);
    check_safe(out, n, size, flags);

    char *dup = lb_safe_text_dup(in, size, flags);
    CHECK(dup != NULL && strcmp(dup, out) == 0);
    free(dup);

    /* Idempotent: safe text is left alone, so sanitizing twice is harmless. */
    size_t cap2 = 4 * n + 1;
    char *again = malloc(cap2);
    CHECK(again != NULL);
    CHECK(lb_safe_text(again, cap2, out, n, flags) == n && memcmp(again, out, n) == 0);

    /* Cut short: a prefix, still safe, and never a base without its marks. */
    size_t sizes[] = {1, 2, 3, n / 2 + 1, n};
    for (size_t j = 0; j < sizeof sizes / sizeof sizes[0]; j++) {
        if (sizes[j] == 0 || sizes[j] > cap2)
            continue;
        size_t r = lb_safe_text(again, sizes[j], in, size, flags);
        CHECK(r < sizes[j] && memcmp(again, out, r) == 0);
        check_safe(again, r, size, flags);
        if (r < n) {
            long cp;
            next_cp((const unsigned char *)out + r, n - r, &cp);
            CHECK(cp >= 0 && (cp < 0x20 || wcwidth((wchar_t)cp) != 0));
        }
    }
    free(again);

    if (!(flags & LB_SAFE_KEEP_NEWLINES)) {
        static const int widths[] = {0, 1, 2, 3, 7, 16, 80};
        for (size_t j = 0; j < sizeof widths / sizeof widths[0]; j++) {
            check_fit(out, n, widths[j], false);
            check_fit(out, n, widths[j], true);
        }
    }
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool locale_set;
    if (!locale_set) {
        CHECK(setlocale(LC_CTYPE, "C.UTF-8") != NULL);
        locale_set = true;
    }
    /* An exact-size heap copy: reading past SIZE is an ASan error. */
    char *in = malloc(size ? size : 1);
    if (!in)
        return 0;
    if (size)
        memcpy(in, data, size);
    run(in, size, LB_SAFE_ONE_LINE);
    run(in, size, LB_SAFE_KEEP_NEWLINES);
    free(in);
    return 0;
}
