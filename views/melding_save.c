/* melding_save.c — an attachment to a file: prompt (default under the
 * download directory), confirm before overwriting (focus on Annuleren), a
 * temporary file in the same directory, then rename (or link, when nothing
 * may be overwritten). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client/attachment_name.h"
#include "client/melding_fetch.h"
#include "i18n/i18n.h"
#include "ui/safe_text.h"
#include "views/melding_save.h"

#define PATH_SIZE 4096

bool lb_download_dir(char *out, size_t size)
{
    const char *xdg = getenv("XDG_DOWNLOAD_DIR");
    struct stat st;
    if (xdg && xdg[0] == '/' && stat(xdg, &st) == 0 && S_ISDIR(st.st_mode)) {
        snprintf(out, size, "%s", xdg);
        return true;
    }
    const char *home = getenv("HOME");
    if (!home || home[0] != '/')
        return false;
    if ((size_t)snprintf(out, size, "%s/Downloads", home) >= size)
        return false;
    if (stat(out, &st) == 0 && S_ISDIR(st.st_mode))
        return true;
    if (mkdir(out, 0700) == 0)
        return true;
    snprintf(out, size, "%s", home);
    return true;
}

typedef struct {
    lb_shell *shell;
    char *melding_id, *attachment_id;
    long long size;
    char clean[LB_ATTACHMENT_NAME_MAX + 48];
    char path[PATH_SIZE], tmp[PATH_SIZE + 16];
    bool overwrite; /* the user said yes to replacing PATH */
    int fd;
    lb_attachment_fetch *fetch;
} save_job;

static void job_free(save_job *j)
{
    if (!j)
        return;
    lb_attachment_fetch_cancel(j->fetch);
    if (j->fd >= 0) {
        close(j->fd);
        unlink(j->tmp);
    }
    free(j->melding_id);
    free(j->attachment_id);
    free(j);
}

/* PATH for the status line and dialogs: the user typed it, but it may hold
 * anything, so it is shown sanitized. */
static void shown_path(const char *path, char *out, size_t size)
{
    lb_safe_text(out, size, path, strlen(path), LB_SAFE_ONE_LINE);
}

static void fail(save_job *j, const char *what, int e)
{
    char p[512], text[1200];
    shown_path(j->path, p, sizeof p);
    /* TRANSLATORS: "<what failed>: <path> (<system reason>). <what to do>" */
    snprintf(text, sizeof text, _("%s: %s (%s). Choose another place or name and try again."), what,
             p, strerror(e));
    lb_shell_dialog(j->shell, lb_dialog_message(_("Not saved"), text, NULL, NULL));
    job_free(j);
}

static void downloaded(void *user, const lb_error *err, int write_errno, const char *data,
                       size_t len)
{
    save_job *j = user;
    (void)data;
    (void)len;
    j->fetch = NULL;
    lb_shell_progress(j->shell, "");
    if (err->status != LB_OK) {
        if (write_errno) {
            fail(j, _("The file could not be written"), write_errno);
            return;
        }
        lb_shell_log(j->shell, "attachment %s: %s (%d) %s", j->attachment_id,
                     lb_status_name(err->status), err->http_status, err->detail);
        lb_shell_error(j->shell, _("The attachment could not be downloaded; nothing was saved."),
                       err);
        job_free(j);
        return;
    }
    int fd = j->fd;
    j->fd = -1;
    int e = fsync(fd) != 0 ? errno : 0;
    if (close(fd) != 0 && !e)
        e = errno;
    if (e) {
        unlink(j->tmp);
        fail(j, _("The file could not be written"), e);
        return;
    }
    int rc;
    if (j->overwrite) {
        rc = rename(j->tmp, j->path);
    } else { /* link() refuses to replace a file that appeared meanwhile */
        rc = link(j->tmp, j->path);
        struct stat st;
        if (rc != 0 && errno != EEXIST && lstat(j->path, &st) != 0)
            rc = rename(j->tmp, j->path); /* a file system without hard links */
        else if (rc == 0)
            unlink(j->tmp);
    }
    if (rc != 0) {
        e = errno;
        unlink(j->tmp);
        fail(j, _("The file could not be saved"), e);
        return;
    }
    char p[512];
    shown_path(j->path, p, sizeof p);
    /* TRANSLATORS: "Saved: /home/an/Downloads/foto.png" */
    lb_shell_message(j->shell, _("Saved: %s"), p);
    job_free(j);
}

static void start_download(save_job *j)
{
    char dir[PATH_SIZE];
    snprintf(dir, sizeof dir, "%s", j->path);
    char *slash = strrchr(dir, '/');
    if (slash == dir)
        dir[1] = '\0';
    else if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    snprintf(j->tmp, sizeof j->tmp, "%s/.lbterm-XXXXXX", dir);
    j->fd = mkstemp(j->tmp); /* 0600: a citizen's report stays private */
    if (j->fd < 0) {
        fail(j, _("The file could not be created"), errno);
        return;
    }
    lb_error err;
    size_t cap = j->size > 0 ? (size_t)j->size : 1;
    j->fetch = lb_attachment_download_start(lb_shell_bus(j->shell), j->melding_id, j->attachment_id,
                                            j->fd, cap, downloaded, j, &err);
    if (!j->fetch) {
        lb_shell_error(j->shell, _("The attachment could not be downloaded; nothing was saved."),
                       &err);
        job_free(j);
        return;
    }
    lb_shell_progress(j->shell, _("Downloading…"));
}

static void overwrite_done(void *user, const lb_dialog_result *res)
{
    save_job *j = user;
    if (!res->accepted) {
        lb_shell_message(j->shell, "%s", _("Cancelled: nothing was saved."));
        job_free(j);
        return;
    }
    j->overwrite = true;
    start_download(j);
}

/* ~/x becomes $HOME/x; a directory gets the clean name appended. */
static bool resolve(save_job *j, const char *typed)
{
    const char *home = getenv("HOME");
    int n;
    if (typed[0] == '~' && typed[1] == '/' && home)
        n = snprintf(j->path, sizeof j->path, "%s%s", home, typed + 1);
    else
        n = snprintf(j->path, sizeof j->path, "%s", typed);
    if (n < 0 || (size_t)n >= sizeof j->path)
        return false;
    struct stat st;
    if (stat(j->path, &st) == 0 && S_ISDIR(st.st_mode)) {
        size_t len = strlen(j->path);
        n = snprintf(j->path + len, sizeof j->path - len, "%s%s",
                     len && j->path[len - 1] == '/' ? "" : "/", j->clean);
        if (n < 0 || (size_t)n >= sizeof j->path - len)
            return false;
    }
    return true;
}

static const char *path_check(void *user, const char *text)
{
    (void)user;
    if (!text[0])
        return _("Type a file name.");
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return _("A file name cannot hold control characters.");
    return NULL; /* a directory gets the clean name added (resolve) */
}

static void path_done(void *user, const lb_dialog_result *res)
{
    save_job *j = user;
    if (!res->accepted) {
        job_free(j);
        return;
    }
    if (!resolve(j, res->text)) {
        fail(j, _("The file name is too long"), ENAMETOOLONG);
        return;
    }
    struct stat st;
    if (lstat(j->path, &st) == 0) {
        char p[512], text[900];
        shown_path(j->path, p, sizeof p);
        if (!S_ISREG(st.st_mode)) {
            fail(j, _("This is not a plain file"), EEXIST);
            return;
        }
        /* TRANSLATORS: %s is the full path of an existing file */
        snprintf(text, sizeof text, _("%s already exists. Replace it with the attachment?"), p);
        lb_shell_dialog(j->shell, lb_dialog_confirm(_("Replace the file?"), text, _("Replace"),
                                                    overwrite_done, j));
        return;
    }
    start_download(j);
}

void lb_melding_save_attachment(lb_shell *sh, const char *melding_id, const lb_attachment *a)
{
    save_job *j = calloc(1, sizeof *j);
    if (!j)
        return;
    j->shell = sh;
    j->fd = -1;
    j->size = a->grootte;
    j->melding_id = strdup(melding_id);
    j->attachment_id = strdup(a->id);
    if (!j->melding_id || !j->attachment_id) {
        job_free(j);
        return;
    }
    lb_attachment_file_name(a->naam, a->id, j->clean, sizeof j->clean);
    char dir[PATH_SIZE], initial[PATH_SIZE + sizeof j->clean + 2];
    if (!lb_download_dir(dir, sizeof dir))
        snprintf(dir, sizeof dir, ".");
    snprintf(initial, sizeof initial, "%s/%s", dir, j->clean);
    lb_dialog *d =
        lb_dialog_prompt(_("Save the attachment"),
                         _("Save as (the file is never opened by lbterm):"), initial, path_done, j);
    if (!d) {
        job_free(j);
        return;
    }
    lb_dialog_set_check_fn(d, path_check);
    lb_shell_dialog(sh, d);
}
