/* arena.c — chunks from malloc, bumped until full. */
#include "config.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "client/arena.h"

#define LB_ARENA_DEFAULT_CHUNK ((size_t)64 * 1024)

struct lb_arena_chunk {
    lb_arena_chunk *next;
    size_t size; /* payload bytes */
    size_t used;
    alignas(max_align_t) unsigned char data[];
};

void lb_arena_init(lb_arena *arena, size_t chunk_size)
{
    arena->head = NULL;
    arena->chunk_size = chunk_size ? chunk_size : LB_ARENA_DEFAULT_CHUNK;
    arena->used = 0;
    arena->reserved = 0;
}

void lb_arena_done(lb_arena *arena)
{
    lb_arena_chunk *c = arena->head;
    while (c) {
        lb_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    arena->head = NULL;
    arena->used = 0;
    arena->reserved = 0;
}

static void *bump(lb_arena *arena, size_t size, size_t align)
{
    lb_arena_chunk *c = arena->head;
    if (c) {
        size_t at = (c->used + align - 1) & ~(align - 1);
        if (at <= c->size && size <= c->size - at) {
            arena->used += at - c->used + size;
            c->used = at + size;
            return c->data + at;
        }
    }
    size_t payload = size > arena->chunk_size ? size : arena->chunk_size;
    if (payload > SIZE_MAX - sizeof *c)
        return NULL;
    c = malloc(sizeof *c + payload);
    if (!c)
        return NULL;
    c->size = payload;
    c->used = size;
    /* An oversized chunk goes behind the current one so the current one's
     * free space stays in use. */
    if (size > arena->chunk_size && arena->head) {
        c->next = arena->head->next;
        arena->head->next = c;
    } else {
        c->next = arena->head;
        arena->head = c;
    }
    arena->reserved += sizeof *c + payload;
    arena->used += size;
    return c->data;
}

void *lb_arena_alloc(lb_arena *arena, size_t size)
{
    return bump(arena, size ? size : 1, alignof(max_align_t));
}

char *lb_arena_strdup(lb_arena *arena, const char *s, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *d = bump(arena, len + 1, 1);
    if (!d)
        return NULL;
    if (len)
        memcpy(d, s, len);
    d[len] = '\0';
    return d;
}
