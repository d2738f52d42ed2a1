/* secret_file.c — open, check with fstat (no race with a rename), read. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client/secret_file.h"
#include "i18n/i18n.h"

void lb_secret_init(lb_secret *secret)
{
    secret->data = NULL;
    secret->len = 0;
}

void lb_secret_done(lb_secret *secret)
{
    if (secret->data) {
        explicit_bzero(secret->data, secret->len + 1);
        free(secret->data);
    }
    lb_secret_init(secret);
}

/* No control bytes: a CR or LF in a header value injects a header. */
static lb_status check_bytes(const char *what, const char *data, size_t len, lb_error *err)
{
    if (len == 0)
        /* TRANSLATORS: %s is a file name. */
        return lb_error_set(err, LB_ERR_CONFIG, 0, _("The secret in %s is empty."), what);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)data[i];
        if (c < 0x20 || c == 0x7f)
            return lb_error_set(err, LB_ERR_CONFIG, 0,
                                /* TRANSLATORS: %s is a file name. */
                                _("The secret in %s holds a line break or another control "
                                  "character; it must be one line."),
                                what);
    }
    return LB_OK;
}

lb_status lb_secret_read(const char *path, lb_secret *secret, lb_error *err)
{
    lb_secret_done(secret);
    /* O_NONBLOCK: opening a FIFO must not hang; fstat refuses it next. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return lb_error_set(err, LB_ERR_CONFIG, 0,
                            /* TRANSLATORS: first %s is a file name, second the reason. */
                            _("The secret file %s cannot be opened: %s."), path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return lb_error_set(err, LB_ERR_SECRET_PERMS, 0,
                            /* TRANSLATORS: %s is a file name. */
                            _("%s is not a regular file; put the secret in a plain file."), path);
    }
    if (st.st_uid != geteuid()) {
        close(fd);
        return lb_error_set(err, LB_ERR_SECRET_PERMS, 0,
                            /* TRANSLATORS: %s is a file name. */
                            _("%s belongs to another user; keep your own copy of it."), path);
    }
    if (st.st_mode & 077) {
        close(fd);
        return lb_error_set(err, LB_ERR_SECRET_PERMS, 0,
                            /* TRANSLATORS: both %s are the same file name. */
                            _("Others can access %s; run: chmod 600 %s"), path, path);
    }
    if (st.st_size > LB_SECRET_MAX_BYTES) {
        close(fd);
        return lb_error_set(err, LB_ERR_CONFIG, 0,
                            /* TRANSLATORS: %s is a file name, %d a number of bytes. */
                            _("The secret file %s is larger than %d bytes."), path,
                            LB_SECRET_MAX_BYTES);
    }
    /* read(2) straight into our buffer: no stdio copy left behind. */
    char *buf = malloc(LB_SECRET_MAX_BYTES + 2);
    if (!buf) {
        close(fd);
        return lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
    }
    size_t len = 0;
    for (;;) {
        ssize_t n = read(fd, buf + len, LB_SECRET_MAX_BYTES + 1 - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            close(fd);
            explicit_bzero(buf, len);
            free(buf);
            return lb_error_set(err, LB_ERR_CONFIG, 0,
                                _("The secret file %s cannot be opened: %s."), path, strerror(e));
        }
        if (n == 0)
            break;
        len += (size_t)n;
        if (len > LB_SECRET_MAX_BYTES)
            break;
    }
    close(fd);
    if (len > LB_SECRET_MAX_BYTES) {
        explicit_bzero(buf, len);
        free(buf);
        return lb_error_set(err, LB_ERR_CONFIG, 0, _("The secret file %s is larger than %d bytes."),
                            path, LB_SECRET_MAX_BYTES);
    }
    if (len > 0 && buf[len - 1] == '\n') {
        len--;
        if (len > 0 && buf[len - 1] == '\r')
            len--;
    }
    lb_status s = check_bytes(path, buf, len, err);
    if (s != LB_OK) {
        explicit_bzero(buf, LB_SECRET_MAX_BYTES + 2);
        free(buf);
        return s;
    }
    buf[len] = '\0';
    secret->data = buf;
    secret->len = len;
    return LB_OK;
}

lb_status lb_secret_set(lb_secret *secret, const char *value, lb_error *err)
{
    lb_secret_done(secret);
    size_t len = strlen(value);
    lb_status s = check_bytes("the configuration", value, len, err);
    if (s != LB_OK)
        return s;
    secret->data = malloc(len + 1);
    if (!secret->data)
        return lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
    memcpy(secret->data, value, len + 1);
    secret->len = len;
    return LB_OK;
}
