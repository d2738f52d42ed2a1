/* text_fold.h — case- and accent-insensitive matching for find and filter:
 * "schepen" finds "Schepenen", "financien" finds "Financiën". */
#ifndef LB_TEXT_FOLD_H
#define LB_TEXT_FOLD_H

#include <stdbool.h>
#include <stddef.h>

/* Writes UTF-8 S[0..LEN) folded into OUT (SIZE bytes, NUL-terminated): lower
 * case, Latin letters without their diacritics (é→e, ß→ss, æ→ae), combining
 * marks dropped; other characters kept. Returns bytes written. */
size_t lb_fold(char *out, size_t size, const char *s, size_t len);
/* True when folded NEEDLE occurs in S (NEEDLE already folded). */
bool lb_fold_contains(const char *s, size_t len, const char *folded_needle);
/* Compares two strings folded (for sorting by text): <0, 0, >0. */
int lb_fold_cmp(const char *a, const char *b);

#endif
