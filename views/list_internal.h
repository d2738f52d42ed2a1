/* list_internal.h — the list engine's state, shared by its files
 * (record_list.c: rows and loading; list_actions.c: commands;
 * list_state.c: activate/deactivate). Views use record_list.h only. */
#ifndef LB_LIST_INTERNAL_H
#define LB_LIST_INTERNAL_H

#include "views/record_list.h"

typedef struct {
    void *ptr;
    void (*free_fn)(void *);
} lb_list_adopted;

struct lb_list {
    const lb_list_class *cls;
    lb_shell *shell;
    char **path; /* owned copies, NULL-terminated */
    char *parent_param, *parent_value, *extra_param, *extra_value;
    size_t preset;
    /* records: the pages own them; ALL points into the pages in arrival
     * order, ROWS is what the filter keeps, sorted */
    lb_page **pages, **old_pages;
    size_t page_count, old_page_count;
    const void **all, **rows;
    size_t all_count, row_count;
    long long total;
    bool total_capped, loaded_once;
    lb_pager *pager;
    char *keep_cursor_id; /* restore the cursor to this record after a reload */
    /* sort */
    int sort_col, sort_col2;
    bool sort_desc, sort_desc2;
    /* find (folded) and filters */
    char find[256], find_raw[256];
    struct lb_find_cache *find_cache; /* list_find.c: while the find prompt is open */
    size_t find_origin;
    char *filter_status, *filter_type, *filter_channel;
    char *search; /* the bus-side search (cls->search_param), or NULL */
    lb_time filter_from, filter_to;
    /* selection, by id */
    lb_id_set selection;
    char *anchor_id;
    size_t visible_selected;
    bool counts_stale;
    lb_table table;
    lb_table_column *tcols;
    lb_list_adopted *adopted;
    size_t adopted_count;
    /* activate / deactivate */
    lb_status_code *status_codes;
    size_t status_code_count;
    lb_arena status_arena;
    bool status_arena_used;
    struct lb_list_op *op;           /* the change in progress, or NULL */
    struct lb_list_archive *archive; /* the archive check in progress, or NULL */
};

void lb_list_rebuild(lb_list *l);
void lb_list_sort_by(lb_list *l, int col, bool secondary);
/* list_sort.c: puts ROWS in the order of the sort columns (then the id). */
void lb_list_sort_rows(lb_list *l);
/* list_find.c: the shown rows' cells folded once, for find as you type. */
void lb_list_find_cache_build(lb_list *l);
void lb_list_find_cache_free(lb_list *l);
/* Row I's folded cells ("cell\x1fcell..."), or NULL when not cached. */
const char *lb_list_find_cache_row(const lb_list *l, size_t i);
void lb_list_format_date(lb_time t, char *buf, size_t size);
/* N with Belgian grouping: 1.204 */
void lb_list_format_count(size_t n, char *buf, size_t size);
/* The records an action works on: the selected ones that are shown, or the
 * cursor record when nothing is selected. Caller frees the array. */
const void **lb_list_targets(lb_list *l, size_t *count);

/* list_state.c */
bool lb_list_state_available(lb_list *l, lb_action a, char *why, size_t why_size);
int lb_list_state_act(lb_list *l, lb_action a);
void lb_list_ops_cancel(lb_list *l);
void lb_list_statuscodes_done(lb_list *l);

/* list_archive.c */
bool lb_list_archive_available(lb_list *l, char *why, size_t why_size);
int lb_list_archive_act(lb_list *l);
void lb_list_archive_cancel(lb_list *l);

#endif
