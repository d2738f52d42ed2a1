/* tap.h — a small TAP producer for the unit tests (automake's tap-driver reads it). */
#ifndef LB_TAP_H
#define LB_TAP_H

#include <stdbool.h>

/* Each check prints "ok N - name" or "not ok N - name" with a diagnostic. */
bool tap_ok_at(bool cond, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
bool tap_is_int_at(long long got, long long want, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
bool tap_is_str_at(const char *got, const char *want, const char *file, int line, const char *fmt,
                   ...) __attribute__((format(printf, 5, 6)));

#define ok(cond, ...)          tap_ok_at((cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...) tap_is_int_at((got), (want), __FILE__, __LINE__, __VA_ARGS__)
#define is_str(got, want, ...) tap_is_str_at((got), (want), __FILE__, __LINE__, __VA_ARGS__)

/* A skipped check; REASON is printed beside it. */
void tap_skip(const char *reason, const char *name);
/* Diagnostic line ("# ..."), shown in the test log. */
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Stops the whole test program: "Bail out! reason". */
_Noreturn void tap_bail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints the plan; returns the exit status (0 when every check passed). */
int tap_done(void);

#endif
