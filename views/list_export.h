/* list_export.h — export of a list screen: the records of a list class
 * written with the screen's own column texts (shared by the Export dialog
 * and `lbterm export`), and the default file name under the download dir. */
#ifndef LB_LIST_EXPORT_H
#define LB_LIST_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "client/export_csv.h"
#include "views/record_list.h"

/* Writes ROWS (COUNT records of CLS, in this order) to OUT in FMT. CSV: a
 * title row of the translated column titles, then each cell exactly as the
 * list shows it (the column's text, sanitized to one line). JSON: one object
 * per record keyed by the columns' keys, the same texts, but dates in ISO
 * 8601 UTC and numbers as numbers where the column gives them. */
lb_status lb_list_export_records(const lb_list_class *cls, const void *const *rows, size_t count,
                                 FILE *out, lb_export_format fmt, lb_error *err);

/* "$XDG_DOWNLOAD_DIR/vergaderingen-2026-11-29.csv" (else ~/Downloads, else
 * the working directory) for CLS today; false when it does not fit. */
bool lb_list_export_default_path(const lb_list_class *cls, lb_export_format fmt, char *out,
                                 size_t size);

/* Writes ROWS to PATH through a temporary file in the same directory that
 * is flushed, synced and renamed over PATH (never a half-written file). */
lb_status lb_list_export_to_file(const lb_list_class *cls, const void *const *rows, size_t count,
                                 const char *path, lb_export_format fmt, lb_error *err);

/* The Export dialog of a list (format, scope, file name); the action 'e'. */
int lb_list_export_act(lb_list *l);

#endif
