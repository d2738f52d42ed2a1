/* export_csv.h — a table written as CSV for Excel on a Belgian Windows PC
 * (';', RFC 4180 quoting, CRLF, UTF-8 with BOM or Windows-1252: the translated
 * titles and the texts the screen shows) or as JSON for scripts (an array of
 * objects keyed by language-independent keys, dates in ISO 8601 UTC, numbers
 * as numbers). Pure: no screen and no bus; the list screen and `lbterm export`
 * share it. Texts are already sanitized, valid UTF-8. */
#ifndef LB_EXPORT_CSV_H
#define LB_EXPORT_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "client/iso_time.h"
#include "client/lb_error.h"

typedef enum {
    LB_EXPORT_CSV_UTF8,   /* UTF-8 with BOM: Excel reads it as UTF-8 */
    LB_EXPORT_CSV_CP1252, /* Windows-1252, transliterated where it lacks a character */
    LB_EXPORT_JSON,
} lb_export_format;

/* A column: TITLE heads it in CSV (translated, for people); KEY names it in
 * JSON ("meetingType", the same in every language, for scripts). */
typedef struct {
    const char *title, *key;
} lb_export_column;

/* What JSON writes for a cell; CSV always writes its TEXT. */
typedef enum {
    LB_EXPORT_TEXT,   /* TEXT as a string */
    LB_EXPORT_NUMBER, /* NUMBER as a JSON number */
    LB_EXPORT_TIME,   /* TIME as "2025-10-07T18:00:00Z"; null when LB_TIME_NULL */
    LB_EXPORT_VALUE,  /* VALUE as a string; null when NULL */
} lb_export_kind;

typedef struct {
    const char *text; /* what the screen shows; NULL: empty */
    lb_export_kind kind;
    const char *value;
    long long number;
    lb_time time;
} lb_export_cell;

typedef struct lb_export lb_export;

/* Starts an export of COUNT COLUMNS to OUT (not owned): writes the BOM and
 * the title row, or the opening bracket. NULL and ERR filled when OUT fails
 * or memory runs out. */
lb_export *lb_export_new(FILE *out, lb_export_format fmt, const lb_export_column *columns,
                         size_t count, lb_error *err);
/* Writes one row of as many CELLS as there are columns. */
lb_status lb_export_row(lb_export *x, const lb_export_cell *cells, lb_error *err);
/* Writes the end (the closing bracket) and flushes OUT; the first write error
 * of the whole export is reported here at the latest. */
lb_status lb_export_finish(lb_export *x, lb_error *err);
void lb_export_free(lb_export *x);

/* True when a spreadsheet would read CELL as a formula (= + - @ first, TAB or
 * CR first); plain numbers ("-12", "1.204,5") and the "---" of an empty
 * value are not. Such cells are written with a leading apostrophe. */
bool lb_export_is_formula(const char *cell);

/* The file-name extension of FMT without the dot: "csv" or "json". */
const char *lb_export_extension(lb_export_format fmt);

#endif
