/* perf_doc.c — rewriting one block of docs/performance.md. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/perf_doc.h"

static char *slurp(const char *file)
{
    FILE *f = fopen(file, "r");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t len = 0;
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        char *p = realloc(buf, len + n + 1);
        if (!p) {
            free(buf);
            fclose(f);
            return NULL;
        }
        buf = p;
        memcpy(buf + len, chunk, n);
        len += n;
        buf[len] = '\0';
    }
    fclose(f);
    return buf;
}

int lb_perf_doc_write(const char *file, const char *name, const char *section)
{
    char begin[128], end[128], tmp[1024];
    snprintf(begin, sizeof begin, "<!-- %s:begin -->", name);
    snprintf(end, sizeof end, "<!-- %s:end -->", name);
    snprintf(tmp, sizeof tmp, "%s.tmp", file);
    char *old = slurp(file);
    FILE *out = fopen(tmp, "w");
    if (!out) {
        free(old);
        return -1;
    }
    const char *b = old ? strstr(old, begin) : NULL;
    const char *e = b ? strstr(b, end) : NULL;
    if (b && e) {
        fwrite(old, 1, (size_t)(b - old), out);
        fprintf(out, "%s\n%s%s", begin, section, end);
        fputs(e + strlen(end), out);
    } else {
        if (old)
            fputs(old, out);
        else
            fputs("# Performance\n\nFigures written by the benchmarks in bench/ "
                  "(`make bench`). Each names the command that reproduces it.\n",
                  out);
        fprintf(out, "\n%s\n%s%s\n", begin, section, end);
    }
    free(old);
    if (fclose(out) != 0)
        return -1;
    return rename(tmp, file);
}
