/* charset.h — UTF-8 (the bus, the catalogs) to and from the terminal's codeset. */
#ifndef LB_CHARSET_H
#define LB_CHARSET_H

#include <stdbool.h>
#include <stddef.h>

typedef struct lb_charset lb_charset;

/* Opens converters between UTF-8 and TERMINAL_CODESET (e.g. "ISO-8859-15").
 * Returns NULL and sets *err_out to a translated sentence on failure. */
lb_charset *lb_charset_new(const char *terminal_codeset, const char **err_out);
void lb_charset_free(lb_charset *cs);

/* True when the terminal speaks UTF-8 and no conversion happens. */
bool lb_charset_is_utf8(const lb_charset *cs);

/* Converts valid UTF-8 to the terminal codeset, transliterating what the
 * target lacks and writing '?' where even that fails. The result is a new
 * NUL-terminated string the caller frees with free(). NULL only on OOM. */
char *lb_charset_to_terminal(lb_charset *cs, const char *utf8, size_t len);

/* Converts text typed in the terminal codeset to UTF-8. Invalid input bytes
 * become U+FFFD. New string, caller frees; NULL only on OOM. */
char *lb_charset_from_terminal(lb_charset *cs, const char *text, size_t len);

#endif
