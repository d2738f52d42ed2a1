/* event_loop.h — the one poll() of the program: the keyboard, a self-pipe
 * for signals, and any number of sources (the bus client's sockets and
 * timers) that the loop knows only as callbacks. Nothing here blocks drawing
 * or typing on the network. */
#ifndef LB_EVENT_LOOP_H
#define LB_EVENT_LOOP_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>

/* A source of events: its fds (with the events it wants), how long it may
 * wait, and what to do with the poll result. */
typedef struct {
    size_t (*fds)(void *user, struct pollfd *fds, size_t max);
    int (*timeout_ms)(void *user); /* -1: no deadline */
    void (*dispatch)(void *user, const struct pollfd *fds, size_t count);
    void *user;
} lb_loop_source;

typedef struct lb_loop lb_loop;

/* A loop that watches INPUT_FD (the keyboard; -1 for none). Installs handlers
 * for SIGINT, SIGTERM and SIGHUP that only write to a self-pipe, and ignores
 * SIGPIPE. NULL when out of memory or the pipe fails. */
lb_loop *lb_loop_new(int input_fd);
/* Restores the previous signal handlers. NULL is fine. */
void lb_loop_free(lb_loop *loop);

/* Also wakes for SIGWINCH (lb_loop_take_signal returns it). Call it after
 * curses started: a resize that arrives while the program is busy is then
 * seen by the next poll instead of waiting for the next key. */
void lb_loop_watch_resize(lb_loop *loop);

/* Adds SRC (copied); at most 8. */
bool lb_loop_add_source(lb_loop *loop, const lb_loop_source *src);

/* Waits until a key, a signal or a source is ready, or MAX_WAIT_MS passes (-1:
 * as long as the sources allow), then dispatches the sources. Returns true
 * when input may be waiting (read it with nodelay). */
bool lb_loop_wait(lb_loop *loop, int max_wait_ms);
/* The first pending signal (SIGINT, SIGTERM, SIGHUP, SIGWINCH) taken off the queue, or 0. */
int lb_loop_take_signal(lb_loop *loop);
/* True once the input fd reported hang-up (the terminal went away). */
bool lb_loop_input_gone(const lb_loop *loop);

#endif
