/* secret_file.h — read a token or subscription key from a private file.
 * The contents never reach an error detail or a log; buffers are wiped. */
#ifndef LB_SECRET_FILE_H
#define LB_SECRET_FILE_H

#include <stddef.h>

#include "client/lb_error.h"

/* Secrets are short; a bigger file is a mistake (a certificate, a log). */
#define LB_SECRET_MAX_BYTES 16384

/* A secret in heap memory. Embedded by value: lb_secret_init / lb_secret_done. */
typedef struct {
    char *data; /* NUL-terminated; NULL when empty */
    size_t len;
} lb_secret;

void lb_secret_init(lb_secret *secret);
/* Wipes and frees the bytes. */
void lb_secret_done(lb_secret *secret);

/* Reads PATH into SECRET (which must be initialised). Refuses with
 * LB_ERR_SECRET_PERMS a file that is not a regular file, not owned by the
 * user, or readable/writable by group or others; the detail names the file
 * and the fix. One trailing newline ("\n" or "\r\n") is dropped. A file that
 * is missing, too big, empty, or holds control bytes (which would inject
 * HTTP headers) is LB_ERR_CONFIG. */
lb_status lb_secret_read(const char *path, lb_secret *secret, lb_error *err);

/* Puts VALUE (not from a file: the built-in demo token) into SECRET. */
lb_status lb_secret_set(lb_secret *secret, const char *value, lb_error *err);

#endif
