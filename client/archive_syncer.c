/* archive_syncer.c — see archive_syncer.h. The loop asks, the thread runs
 * fsync and writes one byte to a pipe the loop watches. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/archive_syncer.h"
#include "i18n/i18n.h"

struct arc_syncer {
    lb_transport *t;
    int fd;
    const char *path; /* for messages; not owned */
    int pipe[2];      /* the thread writes [1] when an fsync ended; the loop reads [0] */
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool requested, stop; /* under MU */
    int result;           /* under MU: errno of the last fsync, 0 when it succeeded */
    unsigned long watch;  /* the loop's watch on pipe[0] while busy, else 0 */
    arc_synced_fn done;
    void *user;
};

static void *sync_thread(void *arg)
{
    arc_syncer *s = arg;
    pthread_mutex_lock(&s->mu);
    for (;;) {
        while (!s->requested && !s->stop)
            pthread_cond_wait(&s->cv, &s->mu);
        if (!s->requested)
            break;
        s->requested = false;
        pthread_mutex_unlock(&s->mu);
        int e = fsync(s->fd) == 0 ? 0 : errno;
        pthread_mutex_lock(&s->mu);
        s->result = e;
        ssize_t w;
        do
            w = write(s->pipe[1], "s", 1);
        while (w < 0 && errno == EINTR);
    }
    pthread_mutex_unlock(&s->mu);
    return NULL;
}

arc_syncer *arc_syncer_new(lb_transport *t, int fd, const char *path, lb_error *err)
{
    arc_syncer *s = calloc(1, sizeof *s);
    if (!s) {
        lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        return NULL;
    }
    s->t = t;
    s->fd = fd;
    s->path = path;
    if (pipe2(s->pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        lb_error_set(err, LB_ERR_NOMEM, 0, "journal sync pipe: %s", strerror(errno));
        free(s);
        return NULL;
    }
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    int e = pthread_create(&s->thread, NULL, sync_thread, s);
    if (e != 0) {
        lb_error_set(err, LB_ERR_NOMEM, 0, "journal sync thread: %s", strerror(e));
        pthread_cond_destroy(&s->cv);
        pthread_mutex_destroy(&s->mu);
        close(s->pipe[0]);
        close(s->pipe[1]);
        free(s);
        return NULL;
    }
    return s;
}

static void on_synced(void *user)
{
    arc_syncer *s = user;
    char buf[16];
    if (read(s->pipe[0], buf, sizeof buf) <= 0)
        return; /* woken without a byte: keep waiting */
    lb_watch_remove(s->t, s->watch);
    s->watch = 0;
    pthread_mutex_lock(&s->mu);
    int e = s->result;
    pthread_mutex_unlock(&s->mu);
    lb_error err = {.status = LB_OK};
    if (e != 0)
        lb_error_set(&err, LB_ERR_CONFIG, 0, _("The archive journal %s cannot be written: %s."),
                     s->path, strerror(e));
    s->done(s->user, &err); /* may free S: nothing after this */
}

lb_status arc_syncer_start(arc_syncer *s, arc_synced_fn done, void *user, lb_error *err)
{
    if (s->watch)
        return lb_error_set(err, LB_ERR_CONFLICT, 0, "journal sync already running");
    s->watch = lb_watch_add(s->t, s->pipe[0], on_synced, s);
    if (!s->watch)
        return lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
    s->done = done;
    s->user = user;
    pthread_mutex_lock(&s->mu);
    s->requested = true;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
    return LB_OK;
}

bool arc_syncer_busy(const arc_syncer *s)
{
    return s && s->watch != 0;
}

void arc_syncer_free(arc_syncer *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&s->mu);
    s->stop = true;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
    pthread_join(s->thread, NULL); /* finishes a running fsync first */
    if (s->watch)
        lb_watch_remove(s->t, s->watch);
    pthread_cond_destroy(&s->cv);
    pthread_mutex_destroy(&s->mu);
    close(s->pipe[0]);
    close(s->pipe[1]);
    free(s);
}
