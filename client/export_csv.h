/* export_csv.h — a table (titles and rows of cell texts) written as CSV for
 * Excel on a Belgian Windows PC (';', RFC 4180 quoting, CRLF, UTF-8 with BOM
 * or Windows-1252) or as JSON (an array of objects keyed by the titles).
 * Pure: no screen and no bus; the list screen and `lbterm export` share it.
 * Cells are the texts the screen shows (already sanitized, valid UTF-8). */
#ifndef LB_EXPORT_CSV_H
#define LB_EXPORT_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "client/lb_error.h"

typedef enum {
    LB_EXPORT_CSV_UTF8,   /* UTF-8 with BOM: Excel reads it as UTF-8 */
    LB_EXPORT_CSV_CP1252, /* Windows-1252, transliterated where it lacks a character */
    LB_EXPORT_JSON,
} lb_export_format;

typedef struct lb_export lb_export;

/* Starts an export of COLUMNS columns titled TITLES to OUT (not owned): writes
 * the BOM and the title row, or the opening bracket. NULL and ERR filled when
 * OUT fails or memory runs out. */
lb_export *lb_export_new(FILE *out, lb_export_format fmt, const char *const *titles, size_t columns,
                         lb_error *err);
/* Writes one row of COLUMNS cells. */
lb_status lb_export_row(lb_export *x, const char *const *cells, lb_error *err);
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
