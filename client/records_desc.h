/* records_desc.h — internal: the table-driven mapping from JSON fields to
 * struct members. Each record type is one const lb_record_desc; one generic
 * parser (records.c) reads them all. */
#ifndef LB_RECORDS_DESC_H
#define LB_RECORDS_DESC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "client/arena.h"
#include "client/lb_error.h"

typedef enum {
    LB_F_STRING,        /* const char * */
    LB_F_STRING_NULL,   /* const char *, NULL for JSON null */
    LB_F_INT32,         /* int32_t within [min, max] */
    LB_F_INT64,         /* int64_t within [min, max] */
    LB_F_BOOL,          /* bool */
    LB_F_DATETIME,      /* lb_time from "YYYY-MM-DDTHH:MM:SSZ" */
    LB_F_DATETIME_NULL, /* lb_time, LB_TIME_NULL for null */
    LB_F_DATE,          /* lb_time from "YYYY-MM-DD" */
    LB_F_DATE_NULL,     /* lb_time, LB_TIME_NULL for null */
    LB_F_OBJECT,        /* an embedded struct described by sub */
    LB_F_OBJECT_NULL,   /* const struct * in the arena, NULL for null */
    LB_F_ARRAY,         /* const struct * + size_t count at count_offset */
    LB_F_STRING_ARRAY,  /* const char *const * + size_t count at count_offset */
} lb_field_kind;

/* Extra checks on a string's shape, for values that end up in URLs. */
typedef enum {
    LB_FMT_ANY,
    LB_FMT_GUID,  /* lowercase 8-4-4-4-12 */
    LB_FMT_HEX64, /* 64 lowercase hex digits (DAV series ids, sha256) */
    LB_FMT_ETAG,  /* W/"..." */
    LB_FMT_PATH,  /* root-relative URL: "/..." without "//", spaces or controls */
} lb_string_fmt;

typedef struct lb_record_desc lb_record_desc;

typedef struct {
    const char *name; /* the JSON key, matched case-sensitively */
    lb_field_kind kind;
    bool optional;       /* may be absent: then zero / NULL / LB_TIME_NULL */
    bool shared;         /* strings with few distinct values (type names, labels): stored once */
    lb_string_fmt fmt;   /* strings and string arrays */
    size_t offset;       /* of the member in the struct */
    size_t count_offset; /* arrays: of the size_t count */
    long long min, max;  /* ints: the range; arrays: max items */
    const lb_record_desc *sub; /* objects and arrays of objects */
} lb_field_desc;

/* A path to the value being parsed, formatted only for error details. */
typedef struct lb_json_path {
    const struct lb_json_path *up;
    const char *key; /* NULL for an array element */
    size_t index;
} lb_json_path;

struct lb_record_desc {
    const char *name; /* for error details */
    size_t size;      /* sizeof the struct */
    const lb_field_desc *fields;
    size_t field_count; /* at most 64 */
    /* Rules across fields, run after the fields are read; may be NULL. */
    lb_status (*check)(void *rec, const lb_json_path *path, lb_error *err);
};

/* Where parsed records put their bytes: ARENA, plus a table through which a
 * shared value ("College van burgemeester en schepenen" on 5,000 meetings)
 * is stored once. The table lives only while a page is parsed. */
typedef struct {
    lb_arena *arena;
    const char **slots; /* open addressing, NULL or a power of two long */
    size_t cap, used;
} lb_record_sink;

void lb_record_sink_init(lb_record_sink *sink, lb_arena *arena);
void lb_record_sink_done(lb_record_sink *sink);

/* Reads the JSON object ITEM into OUT (DESC->size bytes) with its strings in
 * SINK. */
lb_status lb_record_from_json(const lb_record_desc *desc, const cJSON *item, void *out,
                              lb_record_sink *sink, const lb_json_path *path, lb_error *err);

/* Fills ERR with "PATH: MSG". */
lb_status lb_record_error(lb_error *err, const lb_json_path *path, const char *msg);

/* The descriptors, one per record type (records_crm.c, records_melding.c, records_dav.c). */
extern const lb_record_desc lb_whoami_desc, lb_meeting_type_desc, lb_dossier_type_desc,
    lb_status_code_desc, lb_meeting_desc, lb_agenda_item_desc, lb_dossier_desc, lb_document_desc,
    lb_melding_summary_desc, lb_melding_desc, lb_melding_config_desc, lb_attachment_desc,
    lb_dav_serie_desc, lb_dav_extension_desc, lb_dav_dossier_desc, lb_dav_document_desc,
    lb_validation_result_desc;

/* Table-building shorthands for the descriptor files. T is the struct type,
 * M the member. Every field is required unless its macro says OPT. */
#define LB_FIELD(n, k, T, m, ...)                                       \
    {                                                                   \
        .name = (n), .kind = (k), .offset = offsetof(T, m), __VA_ARGS__ \
    }
#define LB_STR(n, T, m)         LB_FIELD(n, LB_F_STRING, T, m, .fmt = LB_FMT_ANY)
#define LB_STRN(n, T, m)        LB_FIELD(n, LB_F_STRING_NULL, T, m, .fmt = LB_FMT_ANY)
#define LB_SSTR(n, T, m)        LB_FIELD(n, LB_F_STRING, T, m, .shared = true)
#define LB_SID(n, T, m)         LB_FIELD(n, LB_F_STRING, T, m, .fmt = LB_FMT_GUID, .shared = true)
#define LB_OPT_STRN(n, T, m)    LB_FIELD(n, LB_F_STRING_NULL, T, m, .optional = true)
#define LB_ID(n, T, m)          LB_FIELD(n, LB_F_STRING, T, m, .fmt = LB_FMT_GUID)
#define LB_IDN(n, T, m)         LB_FIELD(n, LB_F_STRING_NULL, T, m, .fmt = LB_FMT_GUID)
#define LB_HEX(n, T, m)         LB_FIELD(n, LB_F_STRING, T, m, .fmt = LB_FMT_HEX64)
#define LB_HEXN(n, T, m)        LB_FIELD(n, LB_F_STRING_NULL, T, m, .fmt = LB_FMT_HEX64)
#define LB_ETAG(T, m)           LB_FIELD("@odata.etag", LB_F_STRING, T, m, .fmt = LB_FMT_ETAG)
#define LB_I32(n, T, m, lo, hi) LB_FIELD(n, LB_F_INT32, T, m, .min = (lo), .max = (hi))
#define LB_OPT_I32(n, T, m, lo, hi) \
    LB_FIELD(n, LB_F_INT32, T, m, .optional = true, .min = (lo), .max = (hi))
#define LB_I64(n, T, m, lo, hi) LB_FIELD(n, LB_F_INT64, T, m, .min = (lo), .max = (hi))
#define LB_BOOL(n, T, m)        LB_FIELD(n, LB_F_BOOL, T, m, .optional = false)
#define LB_OPT_BOOL(n, T, m)    LB_FIELD(n, LB_F_BOOL, T, m, .optional = true)
#define LB_DT(n, T, m)          LB_FIELD(n, LB_F_DATETIME, T, m, .optional = false)
#define LB_DTN(n, T, m)         LB_FIELD(n, LB_F_DATETIME_NULL, T, m, .optional = false)
#define LB_DATE(n, T, m)        LB_FIELD(n, LB_F_DATE, T, m, .optional = false)
#define LB_DATEN(n, T, m)       LB_FIELD(n, LB_F_DATE_NULL, T, m, .optional = false)
#define LB_OBJ(n, T, m, d)      LB_FIELD(n, LB_F_OBJECT, T, m, .sub = &(d))
#define LB_OBJN(n, T, m, d)     LB_FIELD(n, LB_F_OBJECT_NULL, T, m, .sub = &(d))
#define LB_ARR(n, T, m, cnt, d)                                                          \
    LB_FIELD(n, LB_F_ARRAY, T, m, .count_offset = offsetof(T, cnt), .max = LB_ARRAY_MAX, \
             .sub = &(d))
#define LB_STRARR(n, T, m, cnt, f)                                                              \
    LB_FIELD(n, LB_F_STRING_ARRAY, T, m, .count_offset = offsetof(T, cnt), .max = LB_ARRAY_MAX, \
             .fmt = (f))
#define LB_DESC(T, label, table, chk)                                     \
    {                                                                     \
        .name = (label), .size = sizeof(T), .fields = (table),            \
        .field_count = sizeof(table) / sizeof((table)[0]), .check = (chk) \
    }

/* Nested arrays (history, attachments, documentIds) stay far below this. */
#define LB_ARRAY_MAX 100000

#endif
