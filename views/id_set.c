/* id_set.c — open addressing with linear probing; FNV-1a hashes. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "views/id_set.h"

static char tombstone[1];

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

void lb_id_set_init(lb_id_set *s)
{
    memset(s, 0, sizeof *s);
}

void lb_id_set_clear(lb_id_set *s)
{
    for (size_t i = 0; i < s->cap; i++)
        if (s->slots[i] && s->slots[i] != tombstone)
            free(s->slots[i]);
    if (s->slots)
        memset(s->slots, 0, s->cap * sizeof *s->slots);
    s->count = s->tombstones = 0;
}

void lb_id_set_done(lb_id_set *s)
{
    lb_id_set_clear(s);
    free(s->slots);
    memset(s, 0, sizeof *s);
}

static size_t find(const lb_id_set *s, const char *id, bool *found)
{
    size_t mask = s->cap - 1, i = (size_t)hash(id) & mask, first_free = s->cap;
    for (;;) {
        char *e = s->slots[i];
        if (!e) {
            *found = false;
            return first_free < s->cap ? first_free : i;
        }
        if (e == tombstone) {
            if (first_free == s->cap)
                first_free = i;
        } else if (strcmp(e, id) == 0) {
            *found = true;
            return i;
        }
        i = (i + 1) & mask;
    }
}

bool lb_id_set_has(const lb_id_set *s, const char *id)
{
    if (s->count == 0 || !id)
        return false;
    bool found;
    find(s, id, &found);
    return found;
}

static bool grow(lb_id_set *s)
{
    size_t cap = s->cap ? s->cap * 2 : 64;
    char **old = s->slots;
    size_t old_cap = s->cap;
    s->slots = calloc(cap, sizeof *s->slots);
    if (!s->slots) {
        s->slots = old;
        return false;
    }
    s->cap = cap;
    s->count = s->tombstones = 0;
    for (size_t i = 0; i < old_cap; i++) {
        if (old[i] && old[i] != tombstone) {
            bool found;
            s->slots[find(s, old[i], &found)] = old[i];
            s->count++;
        }
    }
    free(old);
    return true;
}

bool lb_id_set_add(lb_id_set *s, const char *id)
{
    if ((s->count + s->tombstones + 1) * 4 >= s->cap * 3 && !grow(s))
        return false;
    bool found;
    size_t i = find(s, id, &found);
    if (found)
        return true;
    char *copy = strdup(id);
    if (!copy)
        return false;
    if (s->slots[i] == tombstone)
        s->tombstones--;
    s->slots[i] = copy;
    s->count++;
    return true;
}

void lb_id_set_remove(lb_id_set *s, const char *id)
{
    if (s->count == 0)
        return;
    bool found;
    size_t i = find(s, id, &found);
    if (!found)
        return;
    free(s->slots[i]);
    s->slots[i] = tombstone;
    s->count--;
    s->tombstones++;
}

size_t lb_id_set_count(const lb_id_set *s)
{
    return s->count;
}
