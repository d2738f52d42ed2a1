/* test_secret_file.c — permissions, ownership, file types, newline, wiping. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client/secret_file.h"
#include "tests/tap.h"

static char dir[] = "/tmp/lbterm-secret-XXXXXX";

static const char *put(const char *name, const char *content, size_t len, mode_t mode)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        tap_bail("cannot write %s", path);
    fwrite(content, 1, len, f);
    fclose(f);
    chmod(path, mode);
    return path;
}

int main(void)
{
    if (!mkdtemp(dir))
        tap_bail("mkdtemp failed");
    lb_secret s;
    lb_secret_init(&s);
    lb_error err = {0};

    const char *p = put("token", "demo-archivaris\n", 16, 0600);
    is_int(lb_secret_read(p, &s, &err), LB_OK, "a 0600 file is read");
    is_str(s.data, "demo-archivaris", "one trailing newline is dropped");
    is_int((long long)s.len, 15, "length without the newline");

    p = put("crlf", "abc\r\n", 5, 0600);
    is_int(lb_secret_read(p, &s, &err), LB_OK, "a CRLF file is read");
    is_str(s.data, "abc", "and CRLF is dropped");
    p = put("nonl", "abc", 3, 0400);
    is_int(lb_secret_read(p, &s, &err), LB_OK, "0400 without newline is read");
    is_str(s.data, "abc", "unchanged");

    p = put("twonl", "abc\n\n", 5, 0600);
    is_int(lb_secret_read(p, &s, &err), LB_ERR_CONFIG,
           "two trailing newlines: only one is stripped, the other is refused");
    p = put("inner", "ab\ncd\n", 6, 0600);
    is_int(lb_secret_read(p, &s, &err), LB_ERR_CONFIG,
           "a line break inside (header injection) is refused");
    ok(strstr(err.detail, "ab") == NULL || strstr(err.detail, "ab\n") == NULL,
       "the detail does not quote the contents");
    ok(s.data == NULL, "a failed read leaves the secret empty");
    p = put("empty", "\n", 1, 0600);
    is_int(lb_secret_read(p, &s, &err), LB_ERR_CONFIG, "an empty secret is refused");

    p = put("open", "hunter2\n", 8, 0644);
    is_int(lb_secret_read(p, &s, &err), LB_ERR_SECRET_PERMS, "a 0644 file is refused");
    char want[600];
    snprintf(want, sizeof want, "chmod 600 %s", p);
    ok(strstr(err.detail, want) != NULL, "the detail names the fix: %s", err.detail);
    ok(strstr(err.detail, "hunter2") == NULL, "and never the secret");
    p = put("group", "hunter2\n", 8, 0640);
    is_int(lb_secret_read(p, &s, &err), LB_ERR_SECRET_PERMS, "a group-readable file is refused");
    p = put("gwrite", "hunter2\n", 8, 0620);
    is_int(lb_secret_read(p, &s, &err), LB_ERR_SECRET_PERMS, "a group-writable file is refused");
    p = put("other", "hunter2\n", 8, 0604);
    is_int(lb_secret_read(p, &s, &err), LB_ERR_SECRET_PERMS, "an other-readable file is refused");

    is_int(lb_secret_read(dir, &s, &err), LB_ERR_SECRET_PERMS, "a directory is refused");
    ok(strstr(err.detail, "not a regular file") != NULL, "as not a regular file");
    char fifo[512];
    snprintf(fifo, sizeof fifo, "%s/fifo", dir);
    if (mkfifo(fifo, 0600) == 0) {
        is_int(lb_secret_read(fifo, &s, &err), LB_ERR_SECRET_PERMS,
               "a FIFO is refused (and opening it does not hang)");
        unlink(fifo);
    } else
        tap_skip("mkfifo failed", "a FIFO is refused");
    is_int(lb_secret_read("/dev/null", &s, &err), LB_ERR_SECRET_PERMS, "a device is refused");

    char missing[512];
    snprintf(missing, sizeof missing, "%s/missing", dir);
    is_int(lb_secret_read(missing, &s, &err), LB_ERR_CONFIG, "a missing file is a config error");
    ok(strstr(err.detail, missing) != NULL, "naming the file");

    /* Symlink to a good file: what counts is the file itself. */
    char link[512];
    snprintf(link, sizeof link, "%s/link", dir);
    p = put("target", "via-link\n", 9, 0600);
    if (symlink(p, link) == 0) {
        is_int(lb_secret_read(link, &s, &err), LB_OK, "a symlink to a private file is read");
        unlink(link);
    } else
        tap_skip("symlink failed", "a symlink to a private file is read");

    /* Ownership: as root, give a private file to nobody; otherwise use a
     * root-owned system file (the owner check comes before the mode check). */
    const char *foreign = "/etc/passwd";
    if (geteuid() == 0) {
        foreign = put("foreign", "hunter2\n", 8, 0600);
        if (chown(foreign, 65534, 65534) != 0)
            foreign = NULL;
    }
    if (foreign) {
        is_int(lb_secret_read(foreign, &s, &err), LB_ERR_SECRET_PERMS,
               "a file owned by another user is refused");
        ok(strstr(err.detail, "another user") != NULL, "as someone else's: %s", err.detail);
    } else
        tap_skip("chown failed", "a file owned by another user is refused");

    char big[LB_SECRET_MAX_BYTES + 10];
    memset(big, 'k', sizeof big);
    p = put("big", big, sizeof big, 0600);
    is_int(lb_secret_read(p, &s, &err), LB_ERR_CONFIG, "a file over the size cap is refused");

    /* Wiping: lb_secret_done zeroes before freeing (checked through set). */
    is_int(lb_secret_set(&s, "demo-secretaris", &err), LB_OK, "set stores a built-in value");
    is_str(s.data, "demo-secretaris", "as given");
    is_int(lb_secret_set(&s, "bad\r\nX-Evil: 1", &err), LB_ERR_CONFIG, "set refuses CR LF too");
    lb_secret_done(&s);
    ok(s.data == NULL && s.len == 0, "done empties the secret");
    lb_secret_done(&s);
    ok(1, "done twice is harmless");

    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        tap_diag("could not remove %s", dir);
    return tap_done();
}
