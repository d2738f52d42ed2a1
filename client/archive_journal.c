/* archive_journal.c — see archive_journal.h. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "client/archive_journal.h"
#include "client/fsync_dir.h"
#include "i18n/i18n.h"

/* A journal bigger than this is not ours. */
#define MAX_JOURNAL_BYTES ((size_t)1 << 30)

struct arc_journal {
    int fd;
    char *path;
    unsigned long writes;
    unsigned long crash_after; /* 0: off */
    bool unsynced;             /* written since the last fsync */
};

/* ---- CRC-32 (IEEE 802.3, as zlib) ---- */

uint32_t arc_crc32(const void *data, size_t len)
{
    static uint32_t table[256];
    static bool ready;
    if (!ready) {
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int k = 0; k < 8; k++)
                c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        ready = true;
    }
    const unsigned char *p = data;
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < len; i++)
        c = table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

/* ---- building lines ---- */

void arc_jbuf_init(arc_jbuf *b)
{
    memset(b, 0, sizeof *b);
}

void arc_jbuf_done(arc_jbuf *b)
{
    free(b->buf);
    memset(b, 0, sizeof *b);
}

static void put(arc_jbuf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 128;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *nb = realloc(b->buf, cap);
        if (!nb) {
            b->failed = true;
            return;
        }
        b->buf = nb;
        b->cap = cap;
    }
    memcpy(b->buf + b->len, s, n);
    b->len += n;
    b->buf[b->len] = '\0';
}

void arc_jbuf_tag(arc_jbuf *b, const char *tag)
{
    b->line_start = b->len;
    put(b, tag, strlen(tag));
}

void arc_jbuf_str(arc_jbuf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    if (!s) {
        put(b, " -", 2);
        return;
    }
    put(b, " =", 2);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p <= 0x20 || *p >= 0x7f || *p == '%') {
            char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            put(b, e, 3);
        } else {
            put(b, (const char *)p, 1);
        }
    }
}

void arc_jbuf_num(arc_jbuf *b, long long n)
{
    char s[32];
    snprintf(s, sizeof s, "%lld", n);
    arc_jbuf_str(b, s);
}

void arc_jbuf_end(arc_jbuf *b)
{
    if (b->failed)
        return;
    char s[16];
    snprintf(s, sizeof s, " %08x\n",
             (unsigned)arc_crc32(b->buf + b->line_start, b->len - b->line_start));
    put(b, s, strlen(s));
}

/* ---- reading ---- */

void arc_jfile_done(arc_jfile *f)
{
    for (size_t i = 0; i < f->count; i++)
        for (size_t k = 0; k < f->lines[i].n; k++)
            free(f->lines[i].f[k]);
    free(f->lines);
    memset(f, 0, sizeof *f);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Decodes one field S[0..N); false when it is not well-formed. */
static bool decode(const char *s, size_t n, char **out)
{
    *out = NULL;
    if (n == 1 && s[0] == '-')
        return true;
    if (n == 0 || s[0] != '=')
        return false;
    char *d = malloc(n), *o = d;
    if (!d)
        return false;
    for (size_t i = 1; i < n; i++) {
        if (s[i] != '%') {
            *o++ = s[i];
            continue;
        }
        int hi = i + 2 < n ? hexval(s[i + 1]) : -1, lo = i + 2 < n ? hexval(s[i + 2]) : -1;
        if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
            free(d);
            return false;
        }
        *o++ = (char)(hi << 4 | lo);
        i += 2;
    }
    *o = '\0';
    *out = d;
    return true;
}

/* Parses the line S[0..N) (without its newline); false when damaged. */
static bool parse_line(const char *s, size_t n, arc_jline *out)
{
    memset(out, 0, sizeof *out);
    if (n < 10 || s[n - 9] != ' ')
        return false;
    uint32_t want = 0;
    for (size_t i = n - 8; i < n; i++) {
        int v = hexval(s[i]);
        if (v < 0 || (s[i] >= 'A' && s[i] <= 'F'))
            return false;
        want = want << 4 | (uint32_t)v;
    }
    size_t body = n - 9;
    if (arc_crc32(s, body) != want)
        return false;
    size_t i = 0;
    while (i <= body) {
        size_t start = i;
        while (i < body && s[i] != ' ')
            i++;
        if (out->n == ARC_JOURNAL_MAX_FIELDS)
            goto bad;
        if (out->n == 0) {
            if (i == start)
                goto bad;
            for (size_t k = start; k < i; k++)
                if (s[k] < 'A' || s[k] > 'Z')
                    goto bad;
            out->f[0] = strndup(s + start, i - start);
            if (!out->f[0])
                goto bad;
        } else if (!decode(s + start, i - start, &out->f[out->n])) {
            goto bad;
        }
        out->n++;
        i++;
    }
    return true;
bad:
    for (size_t k = 0; k < out->n; k++)
        free(out->f[k]);
    memset(out, 0, sizeof *out);
    return false;
}

lb_status arc_jfile_parse(const char *buf, size_t len, arc_jfile *out, lb_error *err)
{
    memset(out, 0, sizeof *out);
    size_t cap = 0, pos = 0, lineno = 0;
    while (pos < len) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        lineno++;
        if (!nl) { /* unfinished: the crash came mid-write */
            out->torn = true;
            break;
        }
        size_t n = (size_t)(nl - (buf + pos));
        arc_jline line;
        if (!parse_line(buf + pos, n, &line)) {
            if (nl + 1 == buf + len) {
                out->torn = true;
                break;
            }
            arc_jfile_done(out);
            return lb_error_set(err, LB_ERR_CONFIG, 0,
                                _("Line %zu of the archive journal is damaged."), lineno);
        }
        if (out->count == cap) {
            cap = cap ? cap * 2 : 64;
            arc_jline *nl2 = realloc(out->lines, cap * sizeof *nl2);
            if (!nl2) {
                for (size_t k = 0; k < line.n; k++)
                    free(line.f[k]);
                arc_jfile_done(out);
                return lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
            }
            out->lines = nl2;
        }
        out->lines[out->count++] = line;
        pos += n + 1;
        out->valid_bytes = pos;
    }
    return LB_OK;
}

static lb_status io_error(lb_error *err, const char *path, int e)
{
    return lb_error_set(err, LB_ERR_CONFIG, 0, _("The archive journal %s cannot be written: %s."),
                        path, strerror(e));
}

lb_status arc_jfile_read(const char *path, arc_jfile *out, lb_error *err)
{
    memset(out, 0, sizeof *out);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return lb_error_set(err, LB_ERR_NOT_FOUND, 0, NULL);
        return lb_error_set(err, LB_ERR_CONFIG, 0, _("The archive journal %s cannot be read: %s."),
                            path, strerror(errno));
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > MAX_JOURNAL_BYTES) {
        close(fd);
        return lb_error_set(err, LB_ERR_CONFIG, 0, _("The archive journal %s cannot be read: %s."),
                            path, strerror(EINVAL));
    }
    size_t size = (size_t)st.st_size, len = 0;
    char *buf = malloc(size + 1);
    if (!buf) {
        close(fd);
        return lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
    }
    while (len < size) {
        ssize_t r = read(fd, buf + len, size - len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        len += (size_t)r;
    }
    close(fd);
    lb_status s = arc_jfile_parse(buf, len, out, err);
    free(buf);
    return s;
}

/* ---- writing ---- */

static lb_status fsync_dir_of(const char *path, lb_error *err)
{
    int e = lb_fsync_dir_of(path);
    return e ? io_error(err, path, e) : LB_OK;
}

static bool write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, buf, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        buf += w;
        len -= (size_t)w;
    }
    return true;
}

static arc_journal *journal_new(const char *path, int fd)
{
    arc_journal *j = calloc(1, sizeof *j);
    if (!j || !(j->path = strdup(path))) {
        free(j);
        return NULL;
    }
    j->fd = fd;
    const char *env = getenv("LBTERM_ARCHIVE_CRASH_AFTER");
    if (env && *env) {
        char *end = NULL;
        unsigned long n = strtoul(env, &end, 10);
        if (end && !*end)
            j->crash_after = n;
    }
    return j;
}

/* The test hook: dies right after the Nth write, as a crash would. */
static void counted(arc_journal *j)
{
    if (++j->writes == j->crash_after)
        raise(SIGKILL);
}

arc_journal *arc_journal_create(const char *path, const arc_jbuf *header, lb_error *err)
{
    if (header->failed) {
        lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        return NULL;
    }
    size_t n = strlen(path) + 32;
    char *tmp = malloc(n);
    if (!tmp) {
        lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        return NULL;
    }
    snprintf(tmp, n, "%s.new-%ld", path, (long)getpid());
    unlink(tmp);
    int fd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) {
        io_error(err, path, errno);
        free(tmp);
        return NULL;
    }
    /* The lock belongs to the file, which PATH will name too. */
    if (flock(fd, LOCK_EX | LOCK_NB) != 0 || !write_all(fd, header->buf, header->len) ||
        fsync(fd) != 0) {
        io_error(err, path, errno);
        goto fail;
    }
    if (link(tmp, path) != 0) {
        if (errno == EEXIST)
            lb_error_set(err, LB_ERR_CONFLICT, 0,
                         _("The archive journal %s still has unfinished records."), path);
        else
            io_error(err, path, errno);
        goto fail;
    }
    unlink(tmp);
    if (fsync_dir_of(path, err) != LB_OK) {
        unlink(path);
        goto fail_linked;
    }
    free(tmp);
    arc_journal *j = journal_new(path, fd);
    if (!j) {
        close(fd);
        lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        return NULL;
    }
    counted(j);
    return j;
fail:
    unlink(tmp);
fail_linked:
    close(fd);
    free(tmp);
    return NULL;
}

arc_journal *arc_journal_reopen(const char *path, size_t valid_bytes, lb_error *err)
{
    int fd = open(path, O_RDWR | O_APPEND | O_CLOEXEC);
    if (fd < 0) {
        io_error(err, path, errno);
        return NULL;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK)
            lb_error_set(err, LB_ERR_CONFLICT, 0,
                         _("Another lbterm is working on the archive journal %s."), path);
        else
            io_error(err, path, errno);
        close(fd);
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        io_error(err, path, errno);
        close(fd);
        return NULL;
    }
    /* A torn last line goes before anything is appended after it. */
    if ((size_t)st.st_size > valid_bytes &&
        (ftruncate(fd, (off_t)valid_bytes) != 0 || fsync(fd) != 0)) {
        io_error(err, path, errno);
        close(fd);
        return NULL;
    }
    arc_journal *j = journal_new(path, fd);
    if (!j) {
        close(fd);
        lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
    }
    return j;
}

lb_status arc_journal_write(arc_journal *j, const arc_jbuf *b, bool sync, lb_error *err)
{
    if (b->failed)
        return lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
    if (!write_all(j->fd, b->buf, b->len))
        return io_error(err, j->path, errno);
    j->unsynced = true;
    if (sync && arc_journal_sync(j, err) != LB_OK)
        return err->status;
    counted(j);
    return LB_OK;
}

lb_status arc_journal_sync(arc_journal *j, lb_error *err)
{
    if (!j->unsynced)
        return LB_OK;
    if (fsync(j->fd) != 0)
        return io_error(err, j->path, errno);
    j->unsynced = false;
    return LB_OK;
}

void arc_journal_close(arc_journal *j)
{
    if (!j)
        return;
    lb_error err;
    arc_journal_sync(j, &err);
    close(j->fd); /* releases the lock */
    free(j->path);
    free(j);
}

int arc_journal_fd(const arc_journal *j)
{
    return j->fd;
}

const char *arc_journal_path(const arc_journal *j)
{
    return j->path;
}

bool arc_journal_locked(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    bool locked = flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    close(fd);
    return locked;
}

lb_status arc_journal_retire(const char *path, char **new_path, lb_error *err)
{
    char stamp[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    size_t n = strlen(path) + 64;
    char *to = malloc(n);
    if (!to)
        return lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
    /* link() never replaces an older report; unlink() then frees the name. */
    for (int k = 1;; k++) {
        if (k == 1)
            snprintf(to, n, "%s.done-%s", path, stamp);
        else
            snprintf(to, n, "%s.done-%s-%d", path, stamp, k);
        if (link(path, to) == 0)
            break;
        if (errno != EEXIST || k == 1000) {
            io_error(err, path, errno);
            free(to);
            return err->status;
        }
    }
    if (unlink(path) != 0) {
        io_error(err, path, errno);
        unlink(to);
        free(to);
        return err->status;
    }
    if (fsync_dir_of(path, err) != LB_OK) {
        free(to);
        return err->status;
    }
    if (new_path)
        *new_path = to;
    else
        free(to);
    return LB_OK;
}
