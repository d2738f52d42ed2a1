/* vt_harness.c — see vt_harness.h. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/pidfd.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <vterm.h>

#include "tests/vt_harness.h"

extern char **environ;

enum {
    STOP_TIMEOUT_MS = 2000,
    SEND_TIMEOUT_MS = 5000,
    /* After the exit, the last output may still be on its way through the pty. */
    EXIT_DRAIN_MS = 500,
    /* Without a pidfd, how often the exit is checked. */
    EXIT_POLL_MS = 10,
    /* One pump reads at most this much, so a chatty child cannot starve a wait. */
    PUMP_MAX_BYTES = 1 << 20,
    MAX_SIZE = 1000,
};

struct lb_vt {
    VTerm *term;
    VTermScreen *screen;
    int master;
    pid_t pid;
    int pidfd;   /* -1 when the kernel has none; then exits are polled */
    bool reaped; /* pid is no longer ours to signal */
    int status;  /* exit status once reaped */
    bool eof;    /* every slave fd is closed: the screen is final */
    unsigned char *log;
    size_t log_len, log_cap;
    long long last_byte_ms;
    bool trace;
    /* libvterm's replies to queries are dropped; only keys it encodes go to the child. */
    bool capture_keys;
    char keys[32];
    size_t keys_len;
};

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int ms_left(long long deadline)
{
    long long left = deadline - now_ms();
    if (left < 0)
        return 0;
    return left > INT_MAX ? INT_MAX : (int)left;
}

static void on_vterm_output(const char *s, size_t len, void *user)
{
    lb_vt *vt = user;
    if (!vt->capture_keys || len > sizeof vt->keys - vt->keys_len)
        return;
    memcpy(vt->keys + vt->keys_len, s, len);
    vt->keys_len += len;
}

/* ---- environment ---- */

static size_t env_name_len(const char *entry)
{
    const char *eq = strchr(entry, '=');
    return eq ? (size_t)(eq - entry) : strlen(entry);
}

static bool env_same_name(const char *a, const char *b)
{
    size_t n = env_name_len(a);
    return n == env_name_len(b) && memcmp(a, b, n) == 0;
}

/* Does ENV_SET say anything (set or unset) about the variable of ENTRY? */
static bool env_named(const char *const *env_set, const char *entry)
{
    for (size_t i = 0; env_set && env_set[i]; i++)
        if (env_same_name(env_set[i], entry))
            return true;
    return false;
}

/* The child's environment; the strings are borrowed from environ and ENV_SET. */
static char **build_env(const char *const *env_set)
{
    static const char *const dropped[] = {"TERM", "LINES", "COLUMNS"};
    size_t n = 0, set_n = 0;
    while (environ[n])
        n++;
    while (env_set && env_set[set_n])
        set_n++;
    char **envp = calloc(n + set_n + 2, sizeof *envp);
    if (!envp)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (env_named(env_set, environ[i]))
            continue;
        bool drop = false;
        for (size_t d = 0; d < sizeof dropped / sizeof dropped[0]; d++)
            drop = drop || env_same_name(environ[i], dropped[d]);
        if (!drop)
            envp[k++] = environ[i];
    }
    for (size_t i = 0; i < set_n; i++) {
        /* The last word on a name wins, as with repeated `export`. */
        if (!strchr(env_set[i], '=') || env_named(env_set + i + 1, env_set[i]))
            continue;
        envp[k++] = (char *)env_set[i];
    }
    if (!env_named(env_set, "TERM"))
        envp[k++] = (char *)"TERM=xterm-256color";
    envp[k] = NULL;
    return envp;
}

static bool reap(lb_vt *vt, int flags);

/* ---- the child ---- */

/* Between fork and exec: async-signal-safe calls only. Reports errno on ERRFD. */
static _Noreturn void run_child(int slave, int errfd, pid_t parent, const char *const *argv,
                                char **envp)
{
    if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != parent)
        _exit(127);
    /* The test's signal mask and ignored signals must not leak into the program. */
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    struct sigaction dfl = {.sa_handler = SIG_DFL};
    for (int sig = 1; sig < NSIG; sig++)
        sigaction(sig, &dfl, NULL);
    if (setsid() < 0 || ioctl(slave, TIOCSCTTY, 0) != 0)
        goto fail;
    for (int fd = 0; fd <= 2; fd++)
        if (dup2(slave, fd) < 0)
            goto fail;
    if (slave > 2)
        close(slave);
    execve(argv[0], (char *const *)argv, envp);
fail:;
    int err = errno;
    ssize_t ignored = write(errfd, &err, sizeof err);
    (void)ignored;
    _exit(127);
}

static void set_err(char *errbuf, size_t errsize, const char *what, int err)
{
    if (errbuf && errsize)
        snprintf(errbuf, errsize, "%s: %s", what, strerror(err));
}

lb_vt *lb_vt_spawn(const char *const *argv, const char *const *env_set, int rows, int cols,
                   char *errbuf, size_t errsize)
{
    if (errbuf && errsize)
        errbuf[0] = '\0';
    if (!argv || !argv[0] || rows < 1 || cols < 1 || rows > MAX_SIZE || cols > MAX_SIZE) {
        set_err(errbuf, errsize, "lb_vt_spawn", EINVAL);
        return NULL;
    }
    lb_vt *vt = calloc(1, sizeof *vt);
    char **envp = build_env(env_set);
    if (!vt || !envp) {
        free(vt);
        free(envp);
        set_err(errbuf, errsize, "lb_vt_spawn", ENOMEM);
        return NULL;
    }
    vt->master = -1;
    vt->pid = -1;
    vt->pidfd = -1;
    vt->reaped = true;
    vt->status = -1;
    const char *trace = getenv("LB_VT_TRACE");
    vt->trace = trace && trace[0] && strcmp(trace, "0") != 0;

    /* libvterm defaults to 8-bit Latin-1; the child writes UTF-8. */
    vt->term = vterm_new(rows, cols);
    if (!vt->term) {
        set_err(errbuf, errsize, "vterm_new", ENOMEM);
        goto fail;
    }
    vterm_set_utf8(vt->term, 1);
    vterm_output_set_callback(vt->term, on_vterm_output, vt);
    vt->screen = vterm_obtain_screen(vt->term);
    vterm_screen_enable_altscreen(vt->screen, 1);
    vterm_screen_reset(vt->screen, 1);

    /* openpty is in libc since glibc 2.34: no -lutil. The size is set before
     * the exec, so the program's first look at the tty is right. */
    struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
    int slave = -1, errpipe[2] = {-1, -1};
    if (openpty(&vt->master, &slave, NULL, NULL, &ws) != 0) {
        set_err(errbuf, errsize, "openpty", errno);
        goto fail;
    }
    int fl = fcntl(vt->master, F_GETFL);
    if (fl < 0 || fcntl(vt->master, F_SETFL, fl | O_NONBLOCK) != 0 ||
        fcntl(vt->master, F_SETFD, FD_CLOEXEC) != 0 || fcntl(slave, F_SETFD, FD_CLOEXEC) != 0 ||
        pipe2(errpipe, O_CLOEXEC) != 0) {
        set_err(errbuf, errsize, "pty setup", errno);
        goto fail_fds;
    }
    pid_t parent = getpid();
    vt->pid = fork();
    if (vt->pid < 0) {
        set_err(errbuf, errsize, "fork", errno);
        goto fail_fds;
    }
    if (vt->pid == 0)
        run_child(slave, errpipe[1], parent, argv, envp);
    vt->reaped = false;
    close(slave);
    slave = -1;
    close(errpipe[1]);
    errpipe[1] = -1;

    /* The pipe closes on a successful exec, or carries the errno. */
    int child_err = 0;
    ssize_t n;
    while ((n = read(errpipe[0], &child_err, sizeof child_err)) < 0 && errno == EINTR)
        ;
    close(errpipe[0]);
    errpipe[0] = -1;
    if (n > 0) {
        char what[300];
        snprintf(what, sizeof what, "exec %s", argv[0]);
        set_err(errbuf, errsize, what, n == sizeof child_err ? child_err : EIO);
        reap(vt, 0); /* it is on its way out */
        goto fail;
    }
    vt->pidfd = pidfd_open(vt->pid, 0);
    if (vt->pidfd >= 0)
        fcntl(vt->pidfd, F_SETFD, FD_CLOEXEC);
    vt->last_byte_ms = now_ms();
    free(envp);
    return vt;

fail_fds:
    if (slave >= 0)
        close(slave);
    for (int i = 0; i < 2; i++)
        if (errpipe[i] >= 0)
            close(errpipe[i]);
fail:
    free(envp);
    lb_vt_free(vt);
    return NULL;
}

/* ---- the child's end ---- */

/* Collects the exit status if the child has exited (or wait with FLAGS 0). */
static bool reap(lb_vt *vt, int flags)
{
    if (vt->reaped)
        return true;
    int st = 0;
    pid_t r;
    while ((r = waitpid(vt->pid, &st, flags)) < 0 && errno == EINTR)
        ;
    if (r == 0)
        return false;
    if (r == vt->pid)
        vt->status = WIFEXITED(st) ? WEXITSTATUS(st) : WIFSIGNALED(st) ? 128 + WTERMSIG(st) : -1;
    else
        vt->status = -1; /* someone else reaped it (SIGCHLD ignored?) */
    vt->reaped = true;
    if (vt->pidfd >= 0)
        close(vt->pidfd);
    vt->pidfd = -1;
    return true;
}

static void signal_child(lb_vt *vt, int sig)
{
    /* The child leads its own process group: take its helpers along. */
    if (kill(-vt->pid, sig) != 0)
        kill(vt->pid, sig);
}

void lb_vt_free(lb_vt *vt)
{
    if (!vt)
        return;
    if (!reap(vt, WNOHANG)) {
        signal_child(vt, SIGTERM);
        /* Reading on while it stops: its last words must not block it. */
        if (lb_vt_wait_exit(vt, STOP_TIMEOUT_MS) < 0 && !vt->reaped) {
            signal_child(vt, SIGKILL);
            reap(vt, 0);
        }
    }
    if (vt->pidfd >= 0)
        close(vt->pidfd);
    if (vt->master >= 0)
        close(vt->master);
    if (vt->term)
        vterm_free(vt->term);
    free(vt->log);
    free(vt);
}

pid_t lb_vt_pid(const lb_vt *vt)
{
    return vt->pid;
}

/* ---- output ---- */

static void feed(lb_vt *vt, const char *buf, size_t n)
{
    if (vt->log_len + n > vt->log_cap) {
        size_t cap = vt->log_cap ? vt->log_cap : 8192;
        while (cap < vt->log_len + n)
            cap *= 2;
        unsigned char *p = realloc(vt->log, cap);
        if (p) {
            vt->log = p;
            vt->log_cap = cap;
        }
    }
    if (vt->log_len + n <= vt->log_cap) {
        memcpy(vt->log + vt->log_len, buf, n);
        vt->log_len += n;
    }
    vterm_input_write(vt->term, buf, n);
    vt->last_byte_ms = now_ms();
}

/* Reads what is there without blocking. EIO (Linux) or 0 means every slave fd
 * is closed: nothing more will come. */
static void drain(lb_vt *vt)
{
    char buf[4096];
    size_t total = 0;
    while (!vt->eof && total < PUMP_MAX_BYTES) {
        ssize_t n = read(vt->master, buf, sizeof buf);
        if (n > 0) {
            feed(vt, buf, (size_t)n);
            total += (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return;
        } else {
            vt->eof = true;
        }
    }
}

void lb_vt_pump(lb_vt *vt, int wait_ms)
{
    if (vt->eof)
        return;
    if (wait_ms > 0) {
        struct pollfd p = {.fd = vt->master, .events = POLLIN};
        poll(&p, 1, wait_ms);
    }
    drain(vt);
}

const unsigned char *lb_vt_output(const lb_vt *vt, size_t *len)
{
    if (len)
        *len = vt->log_len;
    return vt->log ? vt->log : (const unsigned char *)"";
}

size_t lb_vt_output_len(const lb_vt *vt)
{
    return vt->log_len;
}

int lb_vt_wait_exit(lb_vt *vt, int timeout_ms)
{
    long long deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
    for (;;) {
        lb_vt_pump(vt, 0);
        if (reap(vt, WNOHANG))
            break;
        int left = ms_left(deadline);
        if (left <= 0)
            return -1;
        struct pollfd p[2];
        nfds_t n = 0;
        if (!vt->eof)
            p[n++] = (struct pollfd){.fd = vt->master, .events = POLLIN};
        if (vt->pidfd >= 0)
            p[n++] = (struct pollfd){.fd = vt->pidfd, .events = POLLIN};
        poll(p, n, vt->pidfd >= 0 ? left : (left < EXIT_POLL_MS ? left : EXIT_POLL_MS));
    }
    /* Its last output can trail the exit through the pty; the hang-up ends it. */
    long long drain_deadline = now_ms() + EXIT_DRAIN_MS;
    while (!vt->eof && ms_left(drain_deadline) > 0)
        lb_vt_pump(vt, ms_left(drain_deadline));
    return vt->status;
}

/* ---- input ---- */

int lb_vt_send(lb_vt *vt, const char *bytes, size_t len)
{
    long long deadline = now_ms() + SEND_TIMEOUT_MS;
    while (len > 0) {
        ssize_t n = write(vt->master, bytes, len);
        if (n > 0) {
            bytes += n;
            len -= (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && !vt->eof) {
            int left = ms_left(deadline);
            if (left <= 0)
                return -1;
            /* The child may be stuck writing to us while we wait on it. */
            struct pollfd p = {.fd = vt->master, .events = POLLIN | POLLOUT};
            if (poll(&p, 1, left) > 0 && (p.revents & (POLLIN | POLLHUP | POLLERR)))
                drain(vt);
            continue;
        }
        return -1;
    }
    return 0;
}

typedef struct {
    const char *name;
    VTermKey key;    /* encoded by libvterm, which knows the terminal modes */
    const char *seq; /* or fixed bytes */
} key_def;

static const key_def keys[] = {
    {"Up", VTERM_KEY_UP, NULL},
    {"Down", VTERM_KEY_DOWN, NULL},
    {"Left", VTERM_KEY_LEFT, NULL},
    {"Right", VTERM_KEY_RIGHT, NULL},
    {"PageUp", VTERM_KEY_PAGEUP, NULL},
    {"PageDown", VTERM_KEY_PAGEDOWN, NULL},
    {"Home", VTERM_KEY_HOME, NULL},
    {"End", VTERM_KEY_END, NULL},
    {"Insert", VTERM_KEY_INS, NULL},
    {"Delete", VTERM_KEY_DEL, NULL},
    {"Enter", VTERM_KEY_ENTER, NULL},
    {"Esc", VTERM_KEY_NONE, "\033"},
    {"Tab", VTERM_KEY_NONE, "\t"},
    {"BackTab", VTERM_KEY_NONE, "\033[Z"},
    {"Backspace", VTERM_KEY_NONE, "\177"},
    {"Space", VTERM_KEY_NONE, " "},
};

int lb_vt_key(lb_vt *vt, const char *name)
{
    VTermKey key = VTERM_KEY_NONE;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (strcmp(name, keys[i].name) != 0)
            continue;
        if (keys[i].seq)
            return lb_vt_send(vt, keys[i].seq, strlen(keys[i].seq));
        key = keys[i].key;
        break;
    }
    char *end = NULL;
    if (key == VTERM_KEY_NONE && name[0] == 'F' && name[1] >= '1' && name[1] <= '9') {
        long f = strtol(name + 1, &end, 10);
        if (*end == '\0' && f >= 1 && f <= 12)
            key = VTERM_KEY_FUNCTION((int)f);
    }
    if (key == VTERM_KEY_NONE && name[0] == 'C' && name[1] == '-' && name[2] >= 'a' &&
        name[2] <= 'z' && name[3] == '\0') {
        /* Not libvterm: it encodes C-i, C-j, C-m as CSI u, xterm sends the byte. */
        char c = (char)(name[2] & 0x1f);
        return lb_vt_send(vt, &c, 1);
    }
    if (key == VTERM_KEY_NONE)
        return lb_vt_send(vt, name, strlen(name));
    lb_vt_pump(vt, 0); /* a mode switch just written must count */
    vt->keys_len = 0;
    vt->capture_keys = true;
    vterm_keyboard_key(vt->term, key, VTERM_MOD_NONE);
    vt->capture_keys = false;
    if (vt->keys_len == 0)
        return -1;
    return lb_vt_send(vt, vt->keys, vt->keys_len);
}

/* ---- the screen ---- */

static size_t put_utf8(char *out, uint32_t c)
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xc0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3f));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xe0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
        out[2] = (char)(0x80 | (c & 0x3f));
        return 3;
    }
    if (c > 0x10ffff)
        c = 0xfffd;
    out[0] = (char)(0xf0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
    out[3] = (char)(0x80 | (c & 0x3f));
    return 4;
}

/* Row ROW into OUT (room for cols * MAX_CHARS_PER_CELL * 4 + 1 bytes). */
static size_t row_into(lb_vt *vt, int row, char *out)
{
    int rows, cols;
    vterm_get_size(vt->term, &rows, &cols);
    size_t len = 0;
    for (int col = 0; col < cols; col++) {
        VTermScreenCell cell;
        if (!vterm_screen_get_cell(vt->screen, (VTermPos){.row = row, .col = col}, &cell))
            break;
        /* The right half of a wide character holds (uint32_t)-1. */
        if (cell.chars[0] == UINT32_MAX)
            continue;
        if (cell.chars[0] == 0) {
            out[len++] = ' ';
            continue;
        }
        for (int i = 0; i < VTERM_MAX_CHARS_PER_CELL && cell.chars[i]; i++)
            len += put_utf8(out + len, cell.chars[i]);
    }
    while (len > 0 && out[len - 1] == ' ')
        len--;
    out[len] = '\0';
    return len;
}

static size_t row_room(lb_vt *vt)
{
    int rows, cols;
    vterm_get_size(vt->term, &rows, &cols);
    return (size_t)cols * VTERM_MAX_CHARS_PER_CELL * 4 + 1;
}

char *lb_vt_row_text(lb_vt *vt, int row)
{
    int rows, cols;
    vterm_get_size(vt->term, &rows, &cols);
    char *out = malloc(row_room(vt));
    if (!out)
        return NULL;
    if (row < 0 || row >= rows)
        out[0] = '\0';
    else
        row_into(vt, row, out);
    return out;
}

char *lb_vt_screen_text(lb_vt *vt)
{
    int rows, cols;
    vterm_get_size(vt->term, &rows, &cols);
    size_t room = row_room(vt);
    char *out = malloc(room * (size_t)rows + 1);
    if (!out)
        return NULL;
    size_t len = 0;
    for (int r = 0; r < rows; r++) {
        if (r > 0)
            out[len++] = '\n';
        len += row_into(vt, r, out + len);
    }
    out[len] = '\0';
    return out;
}

int lb_vt_find_row(lb_vt *vt, const char *utf8)
{
    int rows, cols;
    vterm_get_size(vt->term, &rows, &cols);
    char *buf = malloc(row_room(vt));
    if (!buf)
        return -1;
    int found = -1;
    for (int r = 0; r < rows && found < 0; r++) {
        row_into(vt, r, buf);
        if (strstr(buf, utf8))
            found = r;
    }
    free(buf);
    return found;
}

void lb_vt_cursor(lb_vt *vt, int *row, int *col)
{
    VTermPos pos;
    vterm_state_get_cursorpos(vterm_obtain_state(vt->term), &pos);
    if (row)
        *row = pos.row;
    if (col)
        *col = pos.col;
}

static int colour_index(const VTermColor *c, bool is_bg)
{
    if (is_bg ? VTERM_COLOR_IS_DEFAULT_BG(c) : VTERM_COLOR_IS_DEFAULT_FG(c))
        return -1;
    if (VTERM_COLOR_IS_INDEXED(c))
        return c->indexed.idx;
    return -2;
}

void lb_vt_cell_attrs(lb_vt *vt, int row, int col, lb_vt_attrs *out)
{
    *out = (lb_vt_attrs){.fg = -1, .bg = -1};
    VTermScreenCell cell;
    if (!vterm_screen_get_cell(vt->screen, (VTermPos){.row = row, .col = col}, &cell))
        return;
    out->reverse = cell.attrs.reverse;
    out->bold = cell.attrs.bold;
    out->underline = cell.attrs.underline != VTERM_UNDERLINE_OFF;
    out->fg = colour_index(&cell.fg, false);
    out->bg = colour_index(&cell.bg, true);
}

void lb_vt_resize(lb_vt *vt, int rows, int cols)
{
    if (rows < 1 || cols < 1 || rows > MAX_SIZE || cols > MAX_SIZE)
        return;
    /* What was drawn for the old size lands on the old screen. */
    lb_vt_pump(vt, 0);
    vterm_set_size(vt->term, rows, cols);
    struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
    ioctl(vt->master, TIOCSWINSZ, &ws);
}

void lb_vt_dump(lb_vt *vt, const char *why)
{
    int rows, cols, crow, ccol;
    vterm_get_size(vt->term, &rows, &cols);
    lb_vt_cursor(vt, &crow, &ccol);
    char *buf = malloc(row_room(vt));
    fflush(stdout);
    fprintf(stderr, "# --- screen %dx%d, cursor %d,%d: %s\n", rows, cols, crow, ccol,
            why ? why : "");
    for (int r = 0; buf && r < rows; r++) {
        row_into(vt, r, buf);
        fprintf(stderr, "# %3d|%s\n", r, buf);
    }
    fprintf(stderr, "# ---\n");
    free(buf);
}

/* ---- waiting ---- */

typedef enum { HAS_TEXT, ROW_HAS_TEXT, TEXT_GONE } wait_kind;

static bool screen_has(lb_vt *vt, wait_kind kind, int row, const char *utf8)
{
    char *text = kind == ROW_HAS_TEXT ? lb_vt_row_text(vt, row) : lb_vt_screen_text(vt);
    bool found = text && strstr(text, utf8) != NULL;
    free(text);
    return kind == TEXT_GONE ? !found : found;
}

static bool wait_screen(lb_vt *vt, wait_kind kind, int row, const char *utf8, int timeout_ms)
{
    long long deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
    lb_vt_pump(vt, 0);
    bool done;
    while (!(done = screen_has(vt, kind, row, utf8)) && !vt->eof && ms_left(deadline) > 0)
        lb_vt_pump(vt, ms_left(deadline));
    if (vt->trace) {
        char why[200];
        snprintf(why, sizeof why, "wait for \"%.120s\"%s: %s", utf8,
                 kind == TEXT_GONE ? " to go" : "", done ? "done" : "NOT MET");
        lb_vt_dump(vt, why);
    }
    return done;
}

bool lb_vt_wait_text(lb_vt *vt, const char *utf8, int timeout_ms)
{
    return wait_screen(vt, HAS_TEXT, 0, utf8, timeout_ms);
}

bool lb_vt_wait_row_text(lb_vt *vt, int row, const char *utf8, int timeout_ms)
{
    return wait_screen(vt, ROW_HAS_TEXT, row, utf8, timeout_ms);
}

bool lb_vt_wait_gone(lb_vt *vt, const char *utf8, int timeout_ms)
{
    return wait_screen(vt, TEXT_GONE, 0, utf8, timeout_ms);
}

bool lb_vt_wait_quiet(lb_vt *vt, int quiet_ms, int timeout_ms)
{
    long long start = now_ms();
    long long deadline = start + (timeout_ms > 0 ? timeout_ms : 0);
    for (;;) {
        lb_vt_pump(vt, 0);
        if (vt->eof)
            return true;
        long long since = vt->last_byte_ms > start ? vt->last_byte_ms : start;
        long long quiet_at = since + quiet_ms;
        long long now = now_ms();
        if (now >= quiet_at)
            return true;
        if (now >= deadline)
            return false;
        lb_vt_pump(vt, (int)((quiet_at < deadline ? quiet_at : deadline) - now));
    }
}
