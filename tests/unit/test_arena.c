/* test_arena.c — the bump allocator: copies, alignment, big strings, reuse. */
#include "config.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/arena.h"
#include "tests/tap.h"

int main(void)
{
    lb_arena a;
    lb_arena_init(&a, 64);
    ok(a.head == NULL && a.reserved == 0, "init allocates nothing");

    char *s = lb_arena_strdup(&a, "Gemeenteraad", 12);
    is_str(s, "Gemeenteraad", "strdup copies");
    char *part = lb_arena_strdup(&a, "CBS 20170612", 3);
    is_str(part, "CBS", "strdup honours LEN and terminates");
    const char bytes[] = {'a', '\0', 'b'};
    char *withnul = lb_arena_strdup(&a, bytes, 3);
    ok(withnul && memcmp(withnul, bytes, 3) == 0 && withnul[3] == '\0',
       "strdup copies LEN bytes even across a NUL");
    char *empty = lb_arena_strdup(&a, "", 0);
    is_str(empty, "", "an empty string is fine");
    ok(s != part && part != empty, "each copy has its own storage");
    is_str(s, "Gemeenteraad", "earlier copies are untouched by later ones");

    /* Fill beyond one chunk: all strings stay valid. */
    char *keep[200];
    char want[32];
    for (int i = 0; i < 200; i++) {
        snprintf(want, sizeof want, "record-%d", i);
        keep[i] = lb_arena_strdup(&a, want, strlen(want));
    }
    int good = 0;
    for (int i = 0; i < 200; i++) {
        snprintf(want, sizeof want, "record-%d", i);
        good += keep[i] && strcmp(keep[i], want) == 0;
    }
    is_int(good, 200, "200 strings over many chunks all survive");
    ok(a.reserved > 64, "more chunks were taken (%zu bytes reserved)", a.reserved);
    ok(a.used <= a.reserved, "used (%zu) never exceeds reserved", a.used);

    /* A string larger than a chunk gets its own chunk; the current one is kept. */
    char big[1000];
    memset(big, 'x', sizeof big);
    char *b = lb_arena_strdup(&a, big, sizeof big);
    ok(b && b[0] == 'x' && b[999] == 'x' && b[1000] == '\0',
       "a 1000-byte string in 64-byte chunks");
    char *after = lb_arena_strdup(&a, "z", 1);
    is_str(after, "z", "small strings still work after a big one");

    /* Aligned blocks for arrays of records. */
    void *p1 = lb_arena_alloc(&a, 3);
    void *p2 = lb_arena_alloc(&a, sizeof(long double));
    ok(((uintptr_t)p1 % alignof(max_align_t)) == 0 && ((uintptr_t)p2 % alignof(max_align_t)) == 0,
       "alloc returns max_align_t-aligned blocks");
    void *z = lb_arena_alloc(&a, 0);
    ok(z != NULL, "alloc of 0 bytes gives a usable pointer");

    ok(lb_arena_strdup(&a, "x", SIZE_MAX) == NULL, "an impossible length fails cleanly");
    ok(lb_arena_alloc(&a, SIZE_MAX - 8) == NULL, "an impossible size fails cleanly");

    lb_arena_done(&a);
    ok(a.head == NULL && a.used == 0 && a.reserved == 0, "done frees everything");
    is_str(lb_arena_strdup(&a, "again", 5), "again", "the arena can be used after done");
    lb_arena_done(&a);

    lb_arena d;
    lb_arena_init(&d, 0);
    is_int((long long)d.chunk_size, 64 * 1024, "chunk size 0 picks the 64 KiB default");
    lb_arena_done(&d);
    return tap_done();
}
