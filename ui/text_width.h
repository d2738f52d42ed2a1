/* text_width.h — display width of UTF-8 text in terminal cells (wcwidth). */
#ifndef LB_TEXT_WIDTH_H
#define LB_TEXT_WIDTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Cells that LEN bytes of UTF-8 occupy. Invalid bytes count as one cell
 * (they are shown as U+FFFD); non-printable characters count as their
 * visible two-cell form (^X). Needs a UTF-8 LC_CTYPE. */
size_t lb_text_width(const char *utf8, size_t len);

/* What lb_utf8_decode stores for bytes that are not UTF-8. */
#define LB_UTF8_INVALID UINT32_MAX

/* Decodes the first character of S[0..LEN), LEN > 0, strictly (overlong
 * forms, surrogates, values above U+10FFFF and cut sequences are invalid:
 * each is a way to smuggle bytes past a filter). Returns the bytes used,
 * at least 1. On invalid input *CP is LB_UTF8_INVALID and the count is the
 * maximal invalid subpart, so one bad run becomes one U+FFFD as Unicode
 * recommends and decoding resumes on the next possible lead byte. */
size_t lb_utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Writes code point C (<= U+10FFFF, not a surrogate) as UTF-8 into OUT (room
 * for 4 bytes); returns the bytes written. */
size_t lb_utf8_encode(uint32_t c, char *out);

/* True when LC_CTYPE's codeset is UTF-8 (and wchar_t holds Unicode): only
 * then does wcwidth() know the characters the bus sends. */
bool lb_locale_is_utf8(void);

/* Cells of SAFE[0..LEN) as lb_text_fit counts them: wcwidth() per
 * character; invalid or non-printable ones count as the one-cell U+FFFD
 * they become. In a non-UTF-8 locale characters wcwidth() does not know
 * count one cell (the charset converter writes '?' for them). Saturates at
 * INT_MAX. */
int lb_text_cells(const char *safe, size_t len);

/* Copies SAFE[0..LEN) (text already through lb_safe_text, one line) into
 * OUT (SIZE bytes, NUL-terminated when SIZE > 0) cut to at most CELLS
 * cells, for a column of a list. When something is cut the last cell is
 * "…" ("~" when the codeset is not UTF-8, where "…" may not convert) and
 * the result is exactly CELLS wide: a wide character that would straddle
 * the edge becomes a space. Combining marks stay with their base. PAD
 * fills with spaces up to CELLS. Returns the bytes written without the NUL.
 * LEN + CELLS + 4 bytes is always enough for SAFE text; a smaller SIZE cuts
 * the result further, on a character boundary. Anything unsafe left in
 * SAFE (invalid UTF-8, controls) is written as U+FFFD, never raw. */
size_t lb_text_fit(char *out, size_t size, const char *safe, size_t len, int cells, bool pad);

#endif
