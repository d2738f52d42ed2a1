/* throttle.c — see throttle.h. Keys are few (users, keys), so a list. */
#include "config.h"

#include "sim/throttle.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct bucket {
    struct bucket *next;
    char *key;
    double tokens;
    double last; /* monotonic seconds */
    long in_flight;
} bucket;

struct sim_throttle {
    pthread_mutex_t lock;
    double capacity, per_sec;
    long concurrency;
    bucket *head;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

sim_throttle *sim_throttle_new(long rate_n, long rate_secs, long concurrency)
{
    sim_throttle *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    pthread_mutex_init(&t->lock, NULL);
    t->capacity = (double)rate_n;
    t->per_sec = (double)rate_n / (double)rate_secs;
    t->concurrency = concurrency;
    return t;
}

void sim_throttle_free(sim_throttle *t)
{
    if (!t)
        return;
    for (bucket *b = t->head, *next; b; b = next) {
        next = b->next;
        free(b->key);
        free(b);
    }
    pthread_mutex_destroy(&t->lock);
    free(t);
}

/* The bucket of KEY, created full; NULL when out of memory. */
static bucket *find(sim_throttle *t, const char *key)
{
    for (bucket *b = t->head; b; b = b->next)
        if (strcmp(b->key, key) == 0)
            return b;
    bucket *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->key = strdup(key);
    if (!b->key) {
        free(b);
        return NULL;
    }
    b->tokens = t->capacity;
    b->last = now_s();
    b->next = t->head;
    t->head = b;
    return b;
}

long sim_throttle_take(sim_throttle *t, const char *key)
{
    long wait = 0;
    pthread_mutex_lock(&t->lock);
    bucket *b = find(t, key);
    if (b) {
        double now = now_s();
        b->tokens = fmin(t->capacity, b->tokens + (now - b->last) * t->per_sec);
        b->last = now;
        if (b->tokens >= 1.0) {
            b->tokens -= 1.0;
        } else {
            /* A client that keeps pushing while throttled goes into debt,
             * so its Retry-After grows, as Dataverse's does (bounded by
             * one full window). */
            wait = (long)ceil((1.0 - b->tokens) / t->per_sec);
            b->tokens = fmax(-t->capacity, b->tokens - 1.0);
        }
    }
    pthread_mutex_unlock(&t->lock);
    return wait < 0 ? 1 : wait;
}

bool sim_throttle_enter(sim_throttle *t, const char *key)
{
    bool ok = false;
    pthread_mutex_lock(&t->lock);
    bucket *b = find(t, key);
    if (b && b->in_flight < t->concurrency) {
        b->in_flight++;
        ok = true;
    }
    pthread_mutex_unlock(&t->lock);
    return ok;
}

void sim_throttle_leave(sim_throttle *t, const char *key)
{
    pthread_mutex_lock(&t->lock);
    bucket *b = find(t, key);
    if (b && b->in_flight > 0)
        b->in_flight--;
    pthread_mutex_unlock(&t->lock);
}
