/* arena.h — a chunked bump allocator that owns the strings (and small arrays)
 * of one page of records. Nothing is freed one by one: lb_arena_done frees all. */
#ifndef LB_ARENA_H
#define LB_ARENA_H

#include <stddef.h>

typedef struct lb_arena_chunk lb_arena_chunk;

/* Embedded by value: lb_arena_init / lb_arena_done. */
typedef struct {
    lb_arena_chunk *head; /* newest chunk first; the arena owns the chain */
    size_t chunk_size;    /* payload bytes of a normal chunk */
    size_t used;          /* bytes handed out, padding included */
    size_t reserved;      /* bytes obtained from malloc, headers included */
} lb_arena;

/* CHUNK_SIZE 0 picks the default (64 KiB). Allocates nothing yet. */
void lb_arena_init(lb_arena *arena, size_t chunk_size);
/* Frees every chunk; the arena can be used again after lb_arena_init. */
void lb_arena_done(lb_arena *arena);

/* SIZE bytes aligned for any object type, or NULL when out of memory.
 * A request larger than a chunk gets a chunk of its own. */
void *lb_arena_alloc(lb_arena *arena, size_t size);
/* A NUL-terminated copy of the LEN bytes at S (which may hold no NUL), or
 * NULL when out of memory. */
char *lb_arena_strdup(lb_arena *arena, const char *s, size_t len);

#endif
