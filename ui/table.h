/* table.h — a virtual table: only the rows on screen are asked for and
 * formatted, so a list of 100,000 records draws as fast as one of 20. The
 * table knows rows by index; what a row holds is the source's business. */
#ifndef LB_TABLE_H
#define LB_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/ui.h"

typedef struct {
    const char *title; /* translated by the caller */
    int min_width;     /* cells; the column never gets less (unless the screen is tiny) */
    int max_width;     /* cells; 0 for no limit */
    bool right_align;  /* numbers */
} lb_table_column;

/* Where the rows come from. CELL writes the text of a cell as sanitized UTF-8
 * (lb_safe_text) into BUF; SELECTED may be NULL when the table has no
 * checkbox column. */
typedef struct {
    size_t (*row_count)(void *user);
    void (*cell)(void *user, size_t row, size_t col, char *buf, size_t size);
    bool (*selected)(void *user, size_t row);
    void *user;
} lb_table_source;

typedef struct {
    const lb_table_column *columns; /* not owned */
    size_t column_count;
    lb_table_source src;
    bool checkboxes;
    size_t cursor, top;
    /* Sort indicator: column index and direction, -1 for none; a second key. */
    int sort_col, sort_col2;
    bool sort_desc, sort_desc2;
    /* Region on screen (set by lb_table_place) and the computed widths. */
    int y, x, h, w;
    int *widths;
    bool widths_stale;
    const char *empty_text; /* shown when there are no rows (translated) */
} lb_table;

void lb_table_init(lb_table *t, const lb_table_column *columns, size_t count,
                   const lb_table_source *src, bool checkboxes);
void lb_table_done(lb_table *t);

/* Puts the table at Y,X with H rows (header included) and W cells. */
void lb_table_place(lb_table *t, int y, int x, int h, int w);
/* Column widths are measured again from the rows on screen at the next draw
 * (after new data, a filter or a resize) rather than on every frame, so the
 * columns do not jitter while scrolling. */
void lb_table_remeasure(lb_table *t);
void lb_table_draw(lb_table *t, bool focused);
/* Moves the hardware cursor to the start of the cursor row (screen readers
 * and braille displays follow it). */
void lb_table_park_cursor(const lb_table *t);

/* Navigation keys (arrows, PgUp/PgDn, Home/End, mouse wheel and click).
 * Returns LB_UI_* flags. A click on the header sets *HEADER_CLICK to the
 * column (else -1 is left untouched). */
int lb_table_key(lb_table *t, const lb_key *k, int *header_click);
void lb_table_set_cursor(lb_table *t, size_t row);
/* Keeps the cursor inside the rows after the count changed. */
void lb_table_clamp(lb_table *t);
/* Rows visible below the header. */
int lb_table_page_rows(const lb_table *t);

#endif
