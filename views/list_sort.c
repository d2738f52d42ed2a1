/* list_sort.c — the order of a list's rows: the sort column, the second
 * column, then the id (stable and deterministic). A text column is formatted
 * and folded once per row into a key instead of on each of the n log n
 * comparisons: sorting 100,000 meetings by name took about a second that way
 * (docs/performance.md, screen_bench). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ui/text_fold.h"
#include "views/list_internal.h"

/* qsort has no context argument in C11 */
static const lb_list *sort_list;
static const char *sort_keys;

typedef struct {
    const void *rec;
    const char *id;
    uint64_t id_head; /* the id's first 8 bytes, big-endian: most ties end here */
    size_t key[2];    /* rank of the text key (first its offset); SIZE_MAX: compare() */
} sort_item;

static int compare_col(const lb_list *l, int col, bool desc, const void *a, const void *b)
{
    const lb_list_column *c = &l->cls->columns[col];
    int r;
    if (c->compare) {
        r = c->compare(a, b);
    } else {
        char ta[512], tb[512];
        ta[0] = tb[0] = '\0';
        c->text(a, ta, sizeof ta);
        c->text(b, tb, sizeof tb);
        r = lb_fold_cmp(ta, tb);
    }
    return desc ? -r : r;
}

static int compare_rows(const void *pa, const void *pb)
{
    const lb_list *l = sort_list;
    const void *a = *(const void *const *)pa, *b = *(const void *const *)pb;
    int r = compare_col(l, l->sort_col, l->sort_desc, a, b);
    if (r == 0 && l->sort_col2 >= 0)
        r = compare_col(l, l->sort_col2, l->sort_desc2, a, b);
    if (r == 0)
        r = strcmp(l->cls->record_id(a), l->cls->record_id(b));
    return r;
}

/* The same order as lb_fold_cmp: the folded texts, then the texts. */
static int compare_key(int which, const sort_item *a, const sort_item *b)
{
    const lb_list *l = sort_list;
    int col = which ? l->sort_col2 : l->sort_col;
    bool desc = which ? l->sort_desc2 : l->sort_desc;
    int r;
    if (a->key[which] == SIZE_MAX) {
        r = l->cls->columns[col].compare(a->rec, b->rec);
    } else { /* ranks of the keys */
        r = a->key[which] < b->key[which] ? -1 : a->key[which] > b->key[which];
    }
    return desc ? -r : r;
}

/* The order of lb_fold_cmp on two stored keys: the folded texts, then the texts. */
static int compare_stored(const void *pa, const void *pb)
{
    const char *ka = sort_keys + *(const size_t *)pa, *kb = sort_keys + *(const size_t *)pb;
    int r = strcmp(ka, kb);
    return r ? r : strcmp(ka + strlen(ka) + 1, kb + strlen(kb) + 1);
}

static int compare_items(const void *pa, const void *pb)
{
    const sort_item *a = pa, *b = pb;
    int r = compare_key(0, a, b);
    if (r == 0 && sort_list->sort_col2 >= 0)
        r = compare_key(1, a, b);
    if (r == 0 && a->id_head != b->id_head)
        r = a->id_head < b->id_head ? -1 : 1;
    if (r == 0)
        r = strcmp(a->id, b->id);
    return r;
}

static uint64_t head_of(const char *s)
{
    uint64_t h = 0;
    size_t i = 0;
    for (; i < 8 && s[i]; i++)
        h = h << 8 | (unsigned char)s[i];
    return i ? h << (8 * (8 - i)) : 0; /* a shift by 64 would be undefined */
}

/* The keys, each distinct key stored once (a status column of 100,000 rows
 * has a handful) behind room for its rank: the distinct keys are sorted once
 * and the rows then compare by rank, without strcmp. */
typedef struct {
    char *buf;
    size_t len, cap;
    size_t *slots; /* open addressing: offset + 1, 0 for empty */
    size_t slot_cap, used;
} key_buf;

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}

static size_t key_len(const key_buf *kb, size_t at)
{
    size_t fl = strlen(kb->buf + at);
    return fl + 1 + strlen(kb->buf + at + fl + 1) + 1;
}

static bool slots_grow(key_buf *kb)
{
    size_t cap = kb->slot_cap ? kb->slot_cap * 2 : 1024;
    size_t *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return false;
    for (size_t i = 0; i < kb->slot_cap; i++) {
        if (!kb->slots[i])
            continue;
        size_t at = kb->slots[i] - 1;
        size_t j = hash_bytes(kb->buf + at, key_len(kb, at)) & (cap - 1);
        while (slots[j])
            j = (j + 1) & (cap - 1);
        slots[j] = kb->slots[i];
    }
    free(kb->slots);
    kb->slots = slots;
    kb->slot_cap = cap;
    return true;
}

/* Appends REC's key for COL; SIZE_MAX for a column with its own compare(),
 * SIZE_MAX - 1 when out of memory. */
static size_t add_key(key_buf *kb, const lb_list *l, int col, const void *rec)
{
    const lb_list_column *c = &l->cls->columns[col];
    if (c->compare)
        return SIZE_MAX;
    char text[512], folded[1024];
    text[0] = '\0';
    c->text(rec, text, sizeof text);
    size_t tl = strlen(text), fl = lb_fold(folded, sizeof folded, text, tl);
    if ((kb->used + 1) * 2 > kb->slot_cap && !slots_grow(kb))
        return SIZE_MAX - 1;
    /* the key as it will be stored, to look it up first */
    char whole[1024 + 512 + 2];
    memcpy(whole, folded, fl + 1);
    memcpy(whole + fl + 1, text, tl + 1);
    size_t n = fl + tl + 2, j = hash_bytes(whole, n) & (kb->slot_cap - 1);
    for (; kb->slots[j]; j = (j + 1) & (kb->slot_cap - 1)) {
        size_t at = kb->slots[j] - 1;
        if (key_len(kb, at) == n && memcmp(kb->buf + at, whole, n) == 0)
            return at;
    }
    if (kb->len + sizeof(size_t) + n > kb->cap) {
        size_t cap = kb->cap ? kb->cap * 2 : 1 << 16;
        while (kb->len + sizeof(size_t) + n > cap)
            cap *= 2;
        char *grown = realloc(kb->buf, cap);
        if (!grown)
            return SIZE_MAX - 1;
        kb->buf = grown;
        kb->cap = cap;
    }
    size_t at = kb->len + sizeof(size_t);
    memcpy(kb->buf + at, whole, n);
    kb->len += sizeof(size_t) + n;
    kb->slots[j] = at + 1;
    kb->used++;
    return at;
}

/* Replaces the items' key offsets by the ranks of their keys. */
static bool rank_keys(key_buf *kb, sort_item *items, size_t n)
{
    size_t *order = malloc((kb->used ? kb->used : 1) * sizeof *order), m = 0;
    if (!order)
        return false;
    for (size_t j = 0; j < kb->slot_cap; j++)
        if (kb->slots[j])
            order[m++] = kb->slots[j] - 1;
    sort_keys = kb->buf;
    qsort(order, m, sizeof *order, compare_stored);
    sort_keys = NULL;
    for (size_t r = 0; r < m; r++)
        memcpy(kb->buf + order[r] - sizeof(size_t), &r, sizeof r);
    for (size_t i = 0; i < n; i++)
        for (int w = 0; w < 2; w++)
            if (items[i].key[w] != SIZE_MAX)
                memcpy(&items[i].key[w], kb->buf + items[i].key[w] - sizeof(size_t),
                       sizeof(size_t));
    free(order);
    return true;
}

void lb_list_sort_rows(lb_list *l)
{
    size_t n = l->row_count;
    sort_item *items = malloc((n ? n : 1) * sizeof *items);
    key_buf kb = {0};
    bool ok = items != NULL;
    for (size_t i = 0; ok && i < n; i++) {
        items[i].rec = l->rows[i];
        items[i].id = l->cls->record_id(l->rows[i]);
        items[i].id_head = head_of(items[i].id);
        items[i].key[0] = add_key(&kb, l, l->sort_col, l->rows[i]);
        items[i].key[1] = l->sort_col2 >= 0 ? add_key(&kb, l, l->sort_col2, l->rows[i]) : SIZE_MAX;
        ok = items[i].key[0] != SIZE_MAX - 1 && items[i].key[1] != SIZE_MAX - 1;
    }
    sort_list = l;
    if (ok && rank_keys(&kb, items, n)) {
        qsort(items, n, sizeof *items, compare_items);
        for (size_t i = 0; i < n; i++)
            l->rows[i] = items[i].rec;
    } else { /* out of memory: the slow way */
        qsort(l->rows, n, sizeof *l->rows, compare_rows);
    }
    sort_list = NULL;
    free(kb.buf);
    free(kb.slots);
    free(items);
}
