/* attachment_name.h — a local file name for an attachment whose name comes
 * from the bus. That name is untrusted: it never becomes a path. */
#ifndef LB_ATTACHMENT_NAME_H
#define LB_ATTACHMENT_NAME_H

#include <stddef.h>

/* The longest name lb_attachment_file_name produces, in bytes. */
#define LB_ATTACHMENT_NAME_MAX 120

/* Writes into OUT (SIZE bytes, at least 48) a plain file name made from NAME
 * (the bus's, may be NULL): '/' and '\' become '_', runs of dots become
 * one, control characters (C0, DEL, C1), bidi, zero-width and other format
 * code points and invalid UTF-8 are dropped, leading dots, dashes, spaces and
 * underscores and trailing dots and spaces go, and the result is cut to
 * LB_ATTACHMENT_NAME_MAX bytes between characters, keeping a short extension.
 * When nothing usable is left it is "bijlage-<ID>" (ID reduced to hex digits
 * and dashes). Pure: no I/O. Returns OUT. */
char *lb_attachment_file_name(const char *name, const char *id, char *out, size_t size);

#endif
