/* records.c — the one generic parser behind every record type, and pages. */
#include "config.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/json_strict.h"
#include "client/records.h"
#include "client/records_desc.h"

/* ---- error paths ---- */

static size_t path_format(const lb_json_path *p, char *buf, size_t n)
{
    if (!p)
        return 0;
    size_t at = path_format(p->up, buf, n);
    if (at >= n)
        return at;
    int w = p->key ? snprintf(buf + at, n - at, "%s%s", p->up ? "." : "", p->key)
                   : snprintf(buf + at, n - at, "[%zu]", p->index);
    return w < 0 ? at : at + (size_t)w;
}

lb_status lb_record_error(lb_error *err, const lb_json_path *path, const char *msg)
{
    char where[160];
    where[0] = '\0';
    path_format(path, where, sizeof where);
    return lb_error_set(err, LB_ERR_BAD_RESPONSE, 0, "%s: %s", where[0] ? where : "answer", msg);
}

static lb_status field_error(lb_error *err, const lb_json_path *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static lb_status field_error(lb_error *err, const lb_json_path *path, const char *fmt, ...)
{
    char msg[128];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return lb_record_error(err, path, msg);
}

/* ---- string shapes ---- */

static bool is_lower_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

static bool fmt_ok(lb_string_fmt fmt, const char *s, size_t len)
{
    switch (fmt) {
    case LB_FMT_ANY: return true;
    case LB_FMT_GUID:
        if (len != 36)
            return false;
        for (size_t i = 0; i < 36; i++) {
            bool dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? s[i] != '-' : !is_lower_hex(s[i]))
                return false;
        }
        return true;
    case LB_FMT_HEX64:
        if (len != 64)
            return false;
        for (size_t i = 0; i < 64; i++)
            if (!is_lower_hex(s[i]))
                return false;
        return true;
    case LB_FMT_ETAG: return len >= 4 && memcmp(s, "W/\"", 3) == 0 && s[len - 1] == '"';
    case LB_FMT_PATH:
        /* The client follows it with its credentials: never to another host. */
        if (len < 1 || s[0] != '/' || (len > 1 && s[1] == '/'))
            return false;
        for (size_t i = 0; i < len; i++) {
            unsigned char c = (unsigned char)s[i];
            if (c <= 0x20 || c >= 0x7f || c == '\\')
                return false;
        }
        return true;
    }
    return false;
}

static const char *fmt_name(lb_string_fmt fmt)
{
    switch (fmt) {
    case LB_FMT_GUID: return "a lowercase GUID";
    case LB_FMT_HEX64: return "64 lowercase hex digits";
    case LB_FMT_ETAG: return "a weak ETag W/\"...\"";
    case LB_FMT_PATH: return "a root-relative URL";
    case LB_FMT_ANY: break;
    }
    return "a string";
}

/* ---- shared strings ---- */

void lb_record_sink_init(lb_record_sink *sink, lb_arena *arena)
{
    sink->arena = arena;
    sink->slots = NULL;
    sink->cap = 0;
    sink->used = 0;
}

void lb_record_sink_done(lb_record_sink *sink)
{
    free(sink->slots);
    lb_record_sink_init(sink, sink->arena);
}

static size_t hash(const char *s, size_t len)
{
    uint64_t h = UINT64_C(14695981039346656037); /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * UINT64_C(1099511628211);
    return (size_t)h;
}

static bool grow(lb_record_sink *sink)
{
    size_t cap = sink->cap ? sink->cap * 2 : 256;
    const char **slots = calloc(cap, sizeof *slots);
    if (!slots)
        return false;
    for (size_t i = 0; i < sink->cap; i++) {
        const char *s = sink->slots[i];
        if (!s)
            continue;
        size_t at = hash(s, strlen(s)) & (cap - 1);
        while (slots[at])
            at = (at + 1) & (cap - 1);
        slots[at] = s;
    }
    free(sink->slots);
    sink->slots = slots;
    sink->cap = cap;
    return true;
}

/* The one arena copy of S[0..LEN); a plain copy when the table cannot grow
 * or S is too long to be a label. */
static const char *intern(lb_record_sink *sink, const char *s, size_t len)
{
    if (len > 96 || ((sink->used + 1) * 2 > sink->cap && !grow(sink)))
        return lb_arena_strdup(sink->arena, s, len);
    size_t at = hash(s, len) & (sink->cap - 1);
    for (; sink->slots[at]; at = (at + 1) & (sink->cap - 1))
        if (strncmp(sink->slots[at], s, len) == 0 && sink->slots[at][len] == '\0')
            return sink->slots[at];
    char *d = lb_arena_strdup(sink->arena, s, len);
    if (d) {
        sink->slots[at] = d;
        sink->used++;
    }
    return d;
}

/* ---- the generic parser ---- */

static lb_status copy_string(const lb_field_desc *f, const cJSON *it, const char **out,
                             lb_record_sink *sink, const lb_json_path *path, lb_error *err)
{
    if (!cJSON_IsString(it) || !it->valuestring)
        return field_error(err, path, "has JSON type %s, expected %s", lb_json_type_name(it),
                           fmt_name(f->fmt));
    size_t len = strlen(it->valuestring);
    if (!fmt_ok(f->fmt, it->valuestring, len))
        return field_error(err, path, "is not %s", fmt_name(f->fmt));
    const char *s = f->shared ? intern(sink, it->valuestring, len)
                              : lb_arena_strdup(sink->arena, it->valuestring, len);
    if (!s)
        return lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
    *out = s;
    return LB_OK;
}

static lb_status parse_array(const lb_field_desc *f, const cJSON *it, unsigned char *base,
                             lb_record_sink *sink, const lb_json_path *path, lb_error *err)
{
    if (!cJSON_IsArray(it))
        return field_error(err, path, "has JSON type %s, expected %s", lb_json_type_name(it),
                           "an array");
    size_t n = 0;
    const cJSON *el;
    cJSON_ArrayForEach(el, it)
    {
        if (++n > (size_t)f->max)
            return lb_record_error(err, path, "has too many elements");
    }
    size_t elem = f->kind == LB_F_ARRAY ? f->sub->size : sizeof(const char *);
    unsigned char *items = NULL;
    if (n) {
        items = lb_arena_alloc(sink->arena, n * elem);
        if (!items)
            return lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
    }
    size_t i = 0;
    cJSON_ArrayForEach(el, it)
    {
        lb_json_path here = {.up = path, .key = NULL, .index = i};
        lb_status st =
            f->kind == LB_F_ARRAY
                ? lb_record_from_json(f->sub, el, items + i * elem, sink, &here, err)
                : copy_string(f, el, (const char **)(void *)(items + i * elem), sink, &here, err);
        if (st != LB_OK)
            return st;
        i++;
    }
    memcpy(base + f->offset, &items, sizeof items);
    memcpy(base + f->count_offset, &n, sizeof n);
    return LB_OK;
}

static lb_status parse_field(const lb_field_desc *f, const cJSON *it, unsigned char *base,
                             lb_record_sink *sink, const lb_json_path *path, lb_error *err)
{
    void *dst = base + f->offset;
    long long n;
    lb_time t;
    switch (f->kind) {
    case LB_F_STRING_NULL:
        if (cJSON_IsNull(it)) {
            *(const char **)dst = NULL;
            return LB_OK;
        }
        /* fall through */
    case LB_F_STRING: return copy_string(f, it, (const char **)dst, sink, path, err);
    case LB_F_INT32:
    case LB_F_INT64:
        if (!lb_json_number_to_int(it, f->min, f->max, &n)) {
            return field_error(err, path, "%s %s, expected an integer from %lld to %lld",
                               cJSON_IsNumber(it) ? "is out of range" : "has JSON type",
                               cJSON_IsNumber(it) ? "or fractional" : lb_json_type_name(it), f->min,
                               f->max);
        }
        if (f->kind == LB_F_INT32)
            *(int32_t *)dst = (int32_t)n;
        else
            *(int64_t *)dst = n;
        return LB_OK;
    case LB_F_BOOL:
        if (!cJSON_IsBool(it))
            return field_error(err, path, "has JSON type %s, expected %s", lb_json_type_name(it),
                               "a boolean");
        *(bool *)dst = cJSON_IsTrue(it);
        return LB_OK;
    case LB_F_DATETIME_NULL:
    case LB_F_DATE_NULL:
        if (cJSON_IsNull(it)) {
            *(lb_time *)dst = LB_TIME_NULL;
            return LB_OK;
        }
        /* fall through */
    case LB_F_DATETIME:
    case LB_F_DATE: {
        bool dt = f->kind == LB_F_DATETIME || f->kind == LB_F_DATETIME_NULL;
        const char *want =
            dt ? "a UTC date-time like 2017-06-12T08:00:00Z" : "a date like 2017-06-12";
        if (!cJSON_IsString(it) || !it->valuestring)
            return field_error(err, path, "has JSON type %s, expected %s", lb_json_type_name(it),
                               want);
        if (!(dt ? lb_time_parse_datetime(it->valuestring, &t)
                 : lb_time_parse_date(it->valuestring, &t)))
            return field_error(err, path, "is not %s", want);
        *(lb_time *)dst = t;
        return LB_OK;
    }
    case LB_F_OBJECT: return lb_record_from_json(f->sub, it, dst, sink, path, err);
    case LB_F_OBJECT_NULL: {
        if (cJSON_IsNull(it)) {
            *(void **)dst = NULL;
            return LB_OK;
        }
        void *sub = lb_arena_alloc(sink->arena, f->sub->size);
        if (!sub)
            return lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        lb_status st = lb_record_from_json(f->sub, it, sub, sink, path, err);
        if (st == LB_OK)
            *(void **)dst = sub;
        return st;
    }
    case LB_F_ARRAY:
    case LB_F_STRING_ARRAY: return parse_array(f, it, base, sink, path, err);
    }
    return lb_record_error(err, path, "has an unknown field kind");
}

/* The state of a field that is absent (optional) or before it is read. */
static void field_default(const lb_field_desc *f, unsigned char *base)
{
    void *dst = base + f->offset;
    switch (f->kind) {
    case LB_F_DATETIME:
    case LB_F_DATETIME_NULL:
    case LB_F_DATE:
    case LB_F_DATE_NULL: *(lb_time *)dst = LB_TIME_NULL; break;
    case LB_F_OBJECT: memset(dst, 0, f->sub->size); break;
    default: break; /* the memset of the whole struct made it 0 / NULL / false */
    }
}

lb_status lb_record_from_json(const lb_record_desc *desc, const cJSON *item, void *out,
                              lb_record_sink *sink, const lb_json_path *path, lb_error *err)
{
    assert(desc->field_count <= 64);
    if (!cJSON_IsObject(item))
        return field_error(err, path, "has JSON type %s, expected %s", lb_json_type_name(item),
                           "an object");
    unsigned char *base = out;
    memset(base, 0, desc->size);
    for (size_t i = 0; i < desc->field_count; i++)
        field_default(&desc->fields[i], base);

    uint64_t seen = 0;
    size_t guess = 0; /* servers send keys in a stable order: try the next one first */
    const cJSON *it;
    cJSON_ArrayForEach(it, item)
    {
        if (!it->string)
            continue;
        size_t fi = desc->field_count;
        if (guess < desc->field_count && strcmp(desc->fields[guess].name, it->string) == 0)
            fi = guess;
        else
            for (size_t i = 0; i < desc->field_count; i++)
                if (strcmp(desc->fields[i].name, it->string) == 0) {
                    fi = i;
                    break;
                }
        if (fi == desc->field_count)
            continue; /* unknown: newer servers may add fields */
        const lb_field_desc *f = &desc->fields[fi];
        lb_json_path here = {.up = path, .key = f->name};
        /* Two values for one key: other parsers may take the other one. */
        if (seen & (UINT64_C(1) << fi))
            return lb_record_error(err, &here, "appears twice");
        seen |= UINT64_C(1) << fi;
        guess = fi + 1;
        lb_status st = parse_field(f, it, base, sink, &here, err);
        if (st != LB_OK)
            return st;
    }
    for (size_t i = 0; i < desc->field_count; i++)
        if (!desc->fields[i].optional && !(seen & (UINT64_C(1) << i))) {
            lb_json_path here = {.up = path, .key = desc->fields[i].name};
            return lb_record_error(err, &here, "is missing");
        }
    return desc->check ? desc->check(out, path, err) : LB_OK;
}

/* ---- single records ---- */

static lb_status parse_single(const lb_record_desc *desc, const char *json, size_t len,
                              lb_arena *arena, void *out, lb_error *err)
{
    cJSON *root;
    lb_status st = lb_json_parse(json, len, LB_JSON_MAX_BYTES, &root, err);
    if (st != LB_OK)
        return st;
    lb_json_path top = {.key = desc->name};
    lb_record_sink sink;
    lb_record_sink_init(&sink, arena);
    st = lb_record_from_json(desc, root, out, &sink, &top, err);
    lb_record_sink_done(&sink);
    cJSON_Delete(root);
    return st;
}

#define LB_SINGLE_PARSE_DEF(name, type)                                                   \
    lb_status lb_##name##_parse(const char *json, size_t len, lb_arena *arena, type *out, \
                                lb_error *err)                                            \
    {                                                                                     \
        return parse_single(&lb_##name##_desc, json, len, arena, out, err);               \
    }
LB_SINGLE_RECORDS(LB_SINGLE_PARSE_DEF)
#undef LB_SINGLE_PARSE_DEF

bool lb_whoami_has_role(const lb_whoami *who, const char *role)
{
    for (size_t i = 0; i < who->role_count; i++)
        if (strcmp(who->roles[i].name, role) == 0)
            return true;
    return false;
}

/* ---- pages ---- */

void lb_page_init(lb_page *page)
{
    page->kind = LB_REC_NONE;
    page->count = 0;
    page->items = NULL;
    page->next_link = NULL;
    page->total = -1;
    page->total_capped = false;
    lb_arena_init(&page->arena, 0);
}

void lb_page_done(lb_page *page)
{
    lb_arena_done(&page->arena);
    lb_page_init(page);
}

/* The page envelope, read by the same table mechanism as the records. */
typedef struct {
    const void *items;
    size_t count;
    const char *next_link;
    int64_t total;
    bool capped;
} page_head;

static lb_status parse_page(lb_record_kind kind, const lb_record_desc *item_desc, const char *json,
                            size_t len, lb_page *page, lb_error *err)
{
    const lb_field_desc fields[] = {
        {.name = "value",
         .kind = LB_F_ARRAY,
         .offset = offsetof(page_head, items),
         .count_offset = offsetof(page_head, count),
         .max = LB_PAGE_MAX_RECORDS,
         .sub = item_desc},
        {.name = "@odata.nextLink",
         .kind = LB_F_STRING,
         .optional = true,
         .fmt = LB_FMT_PATH,
         .offset = offsetof(page_head, next_link)},
        {.name = "@odata.count",
         .kind = LB_F_INT64,
         .optional = true,
         .offset = offsetof(page_head, total),
         .min = 0,
         .max = INT32_MAX},
        {.name = "@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded",
         .kind = LB_F_BOOL,
         .optional = true,
         .offset = offsetof(page_head, capped)},
    };
    const lb_record_desc head_desc = LB_DESC(page_head, "page", fields, NULL);

    lb_page_done(page);
    cJSON *root;
    lb_status st = lb_json_parse(json, len, LB_JSON_MAX_BYTES, &root, err);
    if (st != LB_OK)
        return st;
    page_head head;
    lb_record_sink sink;
    lb_record_sink_init(&sink, &page->arena);
    st = lb_record_from_json(&head_desc, root, &head, &sink, NULL, err);
    lb_record_sink_done(&sink);
    /* The count's absence is not a zero. */
    bool has_total = st == LB_OK && cJSON_GetObjectItemCaseSensitive(root, "@odata.count");
    cJSON_Delete(root); /* the tree is 6x the JSON: gone before the next page */
    if (st != LB_OK) {
        lb_page_done(page);
        return st;
    }
    page->kind = kind;
    page->items = head.items;
    page->count = head.count;
    page->next_link = head.next_link;
    page->total = has_total ? head.total : -1;
    page->total_capped = head.capped;
    return LB_OK;
}

#define LB_PAGE_DEF(k, plural, type)                                                             \
    lb_status lb_page_parse_##plural(const char *json, size_t len, lb_page *page, lb_error *err) \
    {                                                                                            \
        return parse_page(k, &type##_desc, json, len, page, err);                                \
    }                                                                                            \
    const type *lb_page_##plural(const lb_page *page)                                            \
    {                                                                                            \
        return page->kind == k ? page->items : NULL;                                             \
    }
LB_PAGE_KINDS(LB_PAGE_DEF)
#undef LB_PAGE_DEF
