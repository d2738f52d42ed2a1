/* safe_text.h — the one sanitizer between data from the bus and the screen.
 *
 * ncurses passes bidi and zero-width characters to the terminal raw, lets
 * CR and BS move the cursor and breaks on invalid UTF-8 (see
 * docs/style.md, "Text"): every string from outside goes through
 * lb_safe_text before layout, and what comes out is valid UTF-8 that
 * draws exactly what it says, cell by cell:
 *
 *   invalid UTF-8 (overlong, surrogate, > U+10FFFF, cut) U+FFFD per maximal invalid subpart
 *   C0 controls                     ^@ ^G ^H ^M ^[ ... (caret notation)
 *   TAB                             one space
 *   LF, CR LF                       one space; LF with LB_SAFE_KEEP_NEWLINES
 *   DEL                             ^?
 *   C1 U+0080..U+009F               <U+0085>, as less(1) shows them
 *   bidi, zero-width and format     <U+202E>: U+00AD, U+061C, U+180E,
 *                                   U+200B..U+200F, U+2028..U+202E,
 *                                   U+2060..U+206F, U+FEFF, U+FFF9..U+FFFB,
 *                                   U+13430..U+1343F, U+1BCA0..U+1BCA3,
 *                                   U+1D173..U+1D17A, U+E0000..U+E007F
 *   variation selectors             kept after a base, else <U+FE0F>
 *   private use, noncharacters,     U+FFFD
 *   unassigned (wcwidth() < 0)
 *   combining marks (wcwidth() 0)   at most 4 on one base (what an ncurses
 *                                   cell holds); the rest of the run is
 *                                   dropped. A mark with no base (at the
 *                                   start, after a space, LF, U+FFFD, ^X or
 *                                   <U+...>) gets U+25CC DOTTED CIRCLE as its
 *                                   base, so it shows and never lands on a
 *                                   marker or the cell before the field.
 *   everything else (CJK, emoji)    unchanged
 *
 * The tables above are explicit, so they hold in every locale. wcwidth()
 * is asked only when LC_CTYPE is UTF-8 (in other locales it knows nothing
 * beyond ASCII): there it finds unassigned characters and combining marks.
 * In any other locale only the Combining Diacritical Marks blocks
 * (U+0300..U+036F, U+1AB0..U+1AFF, U+1DC0..U+1DFF, U+20D0..U+20FF,
 * U+FE20..U+FE2F) count as marks and unassigned characters pass (the
 * charset converter turns them into '?'); the result is the same in every
 * such locale. The output is UTF-8 in every locale. */
#ifndef LB_SAFE_TEXT_H
#define LB_SAFE_TEXT_H

#include <stddef.h>

enum {
    LB_SAFE_ONE_LINE = 0,            /* a list cell, a title: LF becomes a space */
    LB_SAFE_KEEP_NEWLINES = 1u << 0, /* a description in a pager: LF (and CR LF) stays LF */
};

/* Copies untrusted UTF-8 IN[0..LEN) into OUT (SIZE bytes, always
 * NUL-terminated when SIZE > 0) as text that is safe to hand to ncurses;
 * returns the bytes written without the NUL. The output holds no NUL, so
 * it is also a C string. Output that does not fit is cut between whole
 * characters with their combining marks (never half a marker, half a
 * character or a mark without its base). IN may be NULL when LEN is 0.
 * The output is at most 4 * LEN bytes. */
size_t lb_safe_text(char *out, size_t size, const char *in, size_t len, unsigned flags);

/* The same into a new string of exactly the right size (caller frees it
 * with free()); NULL only when out of memory. */
char *lb_safe_text_dup(const char *in, size_t len, unsigned flags);

#endif
