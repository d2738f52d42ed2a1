/* tap.c — TAP output; the plan comes last so tests need not count ahead. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/tap.h"

static int tap_count;
static int tap_failed;

static void tap_vresult(bool cond, const char *fmt, va_list ap)
{
    tap_count++;
    printf("%sok %d - ", cond ? "" : "not ", tap_count);
    vprintf(fmt, ap);
    putchar('\n');
    if (!cond)
        tap_failed++;
}

bool tap_ok_at(bool cond, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tap_vresult(cond, fmt, ap);
    va_end(ap);
    if (!cond)
        printf("#   failed at %s:%d\n", file, line);
    fflush(stdout);
    return cond;
}

bool tap_is_int_at(long long got, long long want, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tap_vresult(got == want, fmt, ap);
    va_end(ap);
    if (got != want)
        printf("#   failed at %s:%d\n#   got:  %lld\n#   want: %lld\n", file, line, got, want);
    fflush(stdout);
    return got == want;
}

bool tap_is_str_at(const char *got, const char *want, const char *file, int line, const char *fmt,
                   ...)
{
    bool same = (got && want) ? strcmp(got, want) == 0 : got == want;
    va_list ap;
    va_start(ap, fmt);
    tap_vresult(same, fmt, ap);
    va_end(ap);
    if (!same)
        printf("#   failed at %s:%d\n#   got:  \"%s\"\n#   want: \"%s\"\n", file, line,
               got ? got : "(null)", want ? want : "(null)");
    fflush(stdout);
    return same;
}

void tap_skip(const char *reason, const char *name)
{
    printf("ok %d - %s # SKIP %s\n", ++tap_count, name, reason);
    fflush(stdout);
}

void tap_diag(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("# ", stdout);
    vprintf(fmt, ap);
    putchar('\n');
    va_end(ap);
    fflush(stdout);
}

_Noreturn void tap_bail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("Bail out! ", stdout);
    vprintf(fmt, ap);
    putchar('\n');
    va_end(ap);
    fflush(stdout);
    exit(1);
}

int tap_done(void)
{
    printf("1..%d\n", tap_count);
    fflush(stdout);
    return tap_failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
