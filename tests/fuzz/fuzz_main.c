/* fuzz_main.c — replays a corpus directory through the fuzz harness as a TAP
 * test: every file whole, then every prefix of it (truncated answers are
 * what a dropped connection delivers). The directory is argv[1], else
 * $TOP_SRCDIR/tests/fuzz/corpus/records. */
#include "config.h"

/* The corpus under tests/fuzz/corpus/ this replay program reads. */
#ifndef LB_FUZZ_CORPUS
#define LB_FUZZ_CORPUS "records"
#endif

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "tests/tap.h"

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    unsigned char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            unsigned char *nb = realloc(buf, cap * 2);
            if (!nb)
                free(buf);
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

int main(int argc, char **argv)
{
    char dir[4096];
    if (argc > 1)
        snprintf(dir, sizeof dir, "%s", argv[1]);
    else {
        const char *top = getenv("TOP_SRCDIR");
        snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus/%s", top ? top : ".", LB_FUZZ_CORPUS);
    }
    DIR *d = opendir(dir);
    if (!d)
        tap_bail("cannot open the corpus directory %s", dir);
    char *names[1024];
    size_t count = 0;
    struct dirent *e;
    while ((e = readdir(d)) && count < sizeof names / sizeof names[0])
        if (e->d_name[0] != '.')
            names[count++] = strdup(e->d_name);
    closedir(d);
    qsort(names, count, sizeof names[0], by_name);
    ok(count > 0, "the corpus %s has seed files (%zu)", dir, count);

    for (size_t i = 0; i < count; i++) {
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        size_t len = 0;
        unsigned char *buf = slurp(path, &len);
        ok(buf != NULL, "read %s", names[i]);
        if (buf) {
            /* Any crash or sanitizer report ends the program: reaching the
             * next line is the check. */
            LLVMFuzzerTestOneInput(buf, len);
            for (size_t cut = 0; cut < len; cut++)
                LLVMFuzzerTestOneInput(buf, cut);
            ok(1, "%s (%zu bytes) and its %zu prefixes parse without a fault", names[i], len, len);
        }
        free(buf);
        free(names[i]);
    }
    return tap_done();
}
