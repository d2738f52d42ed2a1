/* event_loop.c — poll() over the keyboard, the signal self-pipe and the
 * sources. Signal handlers only write a byte; everything else happens here. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ui/event_loop.h"

#define MAX_SOURCES 8
#define MAX_FDS     64

struct lb_loop {
    int input_fd;
    bool input_gone;
    lb_loop_source sources[MAX_SOURCES];
    size_t source_count;
    int pending[8];
    size_t pending_count;
    struct sigaction old_int, old_term, old_hup, old_pipe, old_winch;
    bool watching_resize;
};

/* One loop per process: the handler needs the pipe. */
static int signal_pipe[2] = {-1, -1};

static void on_signal(int sig)
{
    int saved = errno;
    unsigned char b = (unsigned char)sig;
    if (signal_pipe[1] >= 0 && write(signal_pipe[1], &b, 1) < 0) {
        /* full pipe: the loop already knows a signal is pending */
    }
    errno = saved;
}

static bool pipe_nonblocking(int fds[2])
{
    if (pipe(fds) != 0)
        return false;
    for (int i = 0; i < 2; i++) {
        fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
        fcntl(fds[i], F_SETFD, FD_CLOEXEC);
    }
    return true;
}

lb_loop *lb_loop_new(int input_fd)
{
    if (signal_pipe[0] >= 0)
        return NULL;
    lb_loop *loop = calloc(1, sizeof *loop);
    if (!loop || !pipe_nonblocking(signal_pipe)) {
        free(loop);
        return NULL;
    }
    loop->input_fd = input_fd;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &loop->old_int);
    sigaction(SIGTERM, &sa, &loop->old_term);
    sigaction(SIGHUP, &sa, &loop->old_hup);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, &loop->old_pipe);
    return loop;
}

void lb_loop_free(lb_loop *loop)
{
    if (!loop)
        return;
    sigaction(SIGINT, &loop->old_int, NULL);
    sigaction(SIGTERM, &loop->old_term, NULL);
    sigaction(SIGHUP, &loop->old_hup, NULL);
    sigaction(SIGPIPE, &loop->old_pipe, NULL);
    if (loop->watching_resize)
        sigaction(SIGWINCH, &loop->old_winch, NULL);
    close(signal_pipe[0]);
    close(signal_pipe[1]);
    signal_pipe[0] = signal_pipe[1] = -1;
    free(loop);
}

void lb_loop_watch_resize(lb_loop *loop)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGWINCH, &sa, loop->watching_resize ? NULL : &loop->old_winch);
    loop->watching_resize = true;
}

bool lb_loop_add_source(lb_loop *loop, const lb_loop_source *src)
{
    if (loop->source_count == MAX_SOURCES)
        return false;
    loop->sources[loop->source_count++] = *src;
    return true;
}

static void drain_signals(lb_loop *loop)
{
    unsigned char buf[16];
    ssize_t n;
    while ((n = read(signal_pipe[0], buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            bool seen = false;
            for (size_t j = 0; j < loop->pending_count; j++)
                seen |= loop->pending[j] == buf[i];
            if (!seen && loop->pending_count < 8)
                loop->pending[loop->pending_count++] = buf[i];
        }
    }
}

bool lb_loop_wait(lb_loop *loop, int max_wait_ms)
{
    struct pollfd fds[MAX_FDS];
    size_t nfds = 0;
    size_t first[MAX_SOURCES], count[MAX_SOURCES];
    int timeout = max_wait_ms;
    fds[nfds++] = (struct pollfd){.fd = signal_pipe[0], .events = POLLIN};
    size_t input_index = nfds;
    if (loop->input_fd >= 0 && !loop->input_gone)
        fds[nfds++] = (struct pollfd){.fd = loop->input_fd, .events = POLLIN};
    for (size_t s = 0; s < loop->source_count; s++) {
        lb_loop_source *src = &loop->sources[s];
        first[s] = nfds;
        count[s] = src->fds ? src->fds(src->user, fds + nfds, MAX_FDS - nfds) : 0;
        if (count[s] > MAX_FDS - nfds)
            count[s] = MAX_FDS - nfds;
        nfds += count[s];
        int t = src->timeout_ms ? src->timeout_ms(src->user) : -1;
        if (t >= 0 && (timeout < 0 || t < timeout))
            timeout = t;
    }
    int n = poll(fds, (nfds_t)nfds, timeout);
    if (n < 0 && errno != EINTR)
        n = 0;
    bool input = n < 0; /* EINTR: SIGWINCH may have queued KEY_RESIZE */
    if (n > 0 && (fds[0].revents & POLLIN))
        drain_signals(loop);
    if (n > 0 && loop->input_fd >= 0 && !loop->input_gone) {
        short re = fds[input_index].revents;
        /* a hung-up terminal stays readable (EOF) forever: stop watching it */
        if (re & (POLLHUP | POLLERR | POLLNVAL))
            loop->input_gone = true;
        else if (re & POLLIN)
            input = true;
    }
    for (size_t s = 0; s < loop->source_count; s++) {
        lb_loop_source *src = &loop->sources[s];
        if (src->dispatch)
            src->dispatch(src->user, fds + first[s], n > 0 ? count[s] : 0);
    }
    return input;
}

int lb_loop_take_signal(lb_loop *loop)
{
    drain_signals(loop);
    if (loop->pending_count == 0)
        return 0;
    int sig = loop->pending[0];
    memmove(loop->pending, loop->pending + 1, --loop->pending_count * sizeof loop->pending[0]);
    return sig;
}

bool lb_loop_input_gone(const lb_loop *loop)
{
    return loop->input_gone;
}
