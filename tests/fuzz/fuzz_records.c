/* fuzz_records.c — every page and record parser on the same bytes. Under
 * libFuzzer with ASan/UBSan a crash, leak or UB is a finding; the replay
 * driver (fuzz_main.c) runs the seed corpus in `make check`. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "client/records.h"
#include "tests/fuzz/fuzz.h"

/* A parsed page must be self-consistent: touch every string so ASan sees
 * any dangling pointer. */
static size_t touch(const char *s)
{
    return s ? strlen(s) : 0;
}

static void check_page(const lb_page *page)
{
    volatile size_t sink = touch(page->next_link);
    const lb_meeting *m = lb_page_meetings(page);
    for (size_t i = 0; m && i < page->count; i++)
        sink += touch(m[i].id) + touch(m[i].name) + touch(m[i].location) + touch(m[i].etag);
    const lb_melding_summary *ms = lb_page_melding_summaries(page);
    for (size_t i = 0; ms && i < page->count; i++)
        sink += touch(ms[i].categorie.label) +
                (ms[i].doorgestuurd_naar ? touch(ms[i].doorgestuurd_naar->systeem) : 0);
    (void)sink;
}

#define FUZZ_PAGE(k, plural, type)                                    \
    do {                                                              \
        lb_page_init(&page);                                          \
        if (lb_page_parse_##plural(json, size, &page, &err) == LB_OK) \
            check_page(&page);                                        \
        lb_page_done(&page);                                          \
    } while (0);

#define FUZZ_SINGLE(name, type)                                  \
    do {                                                         \
        type rec;                                                \
        lb_arena_init(&arena, 256);                              \
        (void)lb_##name##_parse(json, size, &arena, &rec, &err); \
        lb_arena_done(&arena);                                   \
    } while (0);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* An exact-size heap copy: reading past SIZE is an ASan error, which a
     * NUL-terminated buffer would hide. */
    char *json = malloc(size ? size : 1);
    if (!json)
        return 0;
    if (size)
        memcpy(json, data, size);
    lb_page page;
    lb_arena arena;
    lb_error err;
    LB_PAGE_KINDS(FUZZ_PAGE)
    LB_SINGLE_RECORDS(FUZZ_SINGLE)
    lb_whoami who;
    lb_arena_init(&arena, 0);
    if (lb_whoami_parse(json, size, &arena, &who, &err) == LB_OK)
        (void)lb_whoami_has_role(&who, "LB365 \xe2\x80\x93 Archivering");
    lb_arena_done(&arena);
    free(json);
    return 0;
}
