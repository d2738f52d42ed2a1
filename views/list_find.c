/* list_find.c — while the find prompt is open, every shown row's cells are
 * kept formatted and folded, so a typed key costs one strstr per row instead
 * of formatting and folding each cell again (100,000 meetings: ~0.3 s per
 * key that matches nothing, docs/performance.md). Built when the prompt
 * opens, dropped when it closes; a row whose record changed since (a page
 * arrived, a reload) is not used from the cache. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ui/text_fold.h"
#include "views/list_internal.h"

struct lb_find_cache {
    const void **recs; /* the record each row was folded from */
    size_t *off;       /* row I's text at text + off[I] */
    size_t count;
    char *text;
    size_t len, cap;
};

static bool put(struct lb_find_cache *c, const char *s, size_t n)
{
    if (c->len + n > c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 1 << 16;
        while (c->len + n > cap)
            cap *= 2;
        char *grown = realloc(c->text, cap);
        if (!grown)
            return false;
        c->text = grown;
        c->cap = cap;
    }
    memcpy(c->text + c->len, s, n);
    c->len += n;
    return true;
}

void lb_list_find_cache_free(lb_list *l)
{
    struct lb_find_cache *c = l->find_cache;
    if (!c)
        return;
    free(c->recs);
    free(c->off);
    free(c->text);
    free(c);
    l->find_cache = NULL;
}

void lb_list_find_cache_build(lb_list *l)
{
    lb_list_find_cache_free(l);
    struct lb_find_cache *c = calloc(1, sizeof *c);
    size_t n = l->row_count ? l->row_count : 1;
    if (!c || !(c->recs = malloc(n * sizeof *c->recs)) || !(c->off = malloc(n * sizeof *c->off))) {
        l->find_cache = c;
        lb_list_find_cache_free(l); /* without a cache find still works, slower */
        return;
    }
    l->find_cache = c;
    char text[1024], folded[1024];
    for (size_t i = 0; i < l->row_count; i++) {
        c->off[i] = c->len;
        for (size_t col = 0; col < l->cls->column_count; col++) {
            text[0] = '\0';
            l->cls->columns[col].text(l->rows[i], text, sizeof text);
            /* as lb_fold_contains folds a cell: at most 511 bytes of it */
            size_t len = strlen(text), take = len < (sizeof folded - 1) / 2 ? len : 511;
            size_t fl = lb_fold(folded, sizeof folded, text, take);
            /* 0x1F between cells: a match never spans two cells */
            if (!put(c, folded, fl) || !put(c, col + 1 < l->cls->column_count ? "\x1f" : "", 1)) {
                lb_list_find_cache_free(l);
                return;
            }
        }
        c->recs[i] = l->rows[i];
        c->count = i + 1;
    }
}

const char *lb_list_find_cache_row(const lb_list *l, size_t i)
{
    const struct lb_find_cache *c = l->find_cache;
    if (!c || i >= c->count || i >= l->row_count || c->recs[i] != l->rows[i])
        return NULL;
    return c->text + c->off[i];
}
