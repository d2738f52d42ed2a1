/* record_list.h — the engine behind every list screen: loads a list page by
 * page through the pager, keeps the records, and offers sort (two keys),
 * find, filters and a selection keyed by record id. A concrete screen is a
 * lb_list_class: its columns, presets and the few record accessors. */
#ifndef LB_RECORD_LIST_H
#define LB_RECORD_LIST_H

#include <stdbool.h>
#include <stddef.h>

#include "client/pager.h"
#include "client/records.h"
#include "ui/form.h"
#include "ui/table.h"
#include "views/id_set.h"
#include "views/shell.h"
#include "views/view.h"

typedef struct lb_list lb_list;

typedef struct {
    const char *title; /* N_() */
    int min_width, max_width;
    bool right_align;
    /* The cell's text, raw from the bus (the list sanitizes it). */
    void (*text)(const void *rec, char *buf, size_t size);
    /* Sort order; NULL compares the texts (case and accents ignored). */
    int (*compare)(const void *a, const void *b);
    /* The JSON export's key: the same in every language, so scripts survive
     * a change of locale ("meetingType"). */
    const char *key;
    /* For JSON, a date column gives the instant (ISO 8601 UTC) and a numeric
     * column the number instead of the shown text; NULL: the text. */
    lb_time (*time)(const void *rec);
    long long (*number)(const void *rec);
    /* For JSON, the bus's own value where the screen shows a word of its own
     * (a type without a DAV series: "— geen serie —"); NULL from it is null. */
    const char *(*value)(const void *rec);
} lb_list_column;

typedef struct {
    const char *title; /* N_("Active meetings") */
    const char *state; /* the state= query value: active, inactive, all */
    /* Instead of state=: this query parameter (team=mine); NULL: none. */
    const char *param, *value;
    /* Keeps only the records this accepts (NULL: all), for a view the bus
     * cannot ask for in one parameter ("open": not closed nor refused). */
    bool (*keep)(const void *rec);
} lb_list_preset;

/* Both nouns of a class in one, so xgettext extracts them as a plural pair
 * (LB_NOUNS:1,2 in i18n/po/Makevars) and lb_list_noun can use ngettext. */
#define LB_NOUNS(one, many) .record_noun_one = (one), .record_noun_many = (many)

typedef struct lb_list_class {
    const char *id;                                 /* "meetings" */
    const char *title;                              /* N_("Meetings") */
    const char *record_noun_one, *record_noun_many; /* LB_NOUNS("meeting", "meetings") */
    lb_record_kind kind;
    size_t record_size;
    const char *const *path; /* the list's path segments */
    const lb_list_column *columns;
    size_t column_count;
    size_t default_sort; /* column */
    bool default_sort_desc;
    const lb_list_preset *presets;
    size_t preset_count;
    const char *entity; /* "meeting", "agendaitem", "dossier": status codes and PATCH; NULL */
    const char *crm_collection; /* "meetings": the PATCH path /crm/<collection>/{id} */
    const char *(*record_id)(const void *rec);
    const char *(*record_etag)(const void *rec);
    int (*record_state)(const void *rec);                /* statecode; NULL when none */
    const char *(*record_status_label)(const void *rec); /* for the filter; NULL */
    const char *(*record_type)(const void *rec);         /* for the filter; NULL */
    const char *type_filter_label; /* N_("Category…") when "Type…" is the wrong word; NULL */
    lb_time (*record_date)(const void *rec);        /* for the date filter; NULL */
    const char *(*record_channel)(const void *rec); /* for the channel filter; NULL */
    /* The bus's query parameter for a text search over fields the list does
     * not show (q: the description); NULL when the bus has none. */
    const char *search_param;
    /* 1 + the lb_archive_kind of the records when they can be archived to
     * DAV from this list; 0 when not. */
    int archive_kind;
    /* Builds and shows REC's detail form (lb_shell_push_form); NULL: none. */
    void (*open_form)(lb_list *list, const void *rec);
} lb_list_class;

/* A list of CLS in SHELL. PARENT_PARAM/PARENT_VALUE (may be NULL) restrict it
 * (meetingId=…), PATH_OVERRIDE replaces the class's path (NULL: keep). */
lb_list *lb_list_new(const lb_list_class *cls, lb_shell *shell, const char *const *path_override,
                     const char *parent_param, const char *parent_value);
void lb_list_free(lb_list *list);

/* A second restriction (regardingId=…) next to the parent one. */
void lb_list_set_extra_param(lb_list *list, const char *name, const char *value);
const lb_list_class *lb_list_get_class(const lb_list *list);
lb_shell *lb_list_shell(const lb_list *list);
/* Starts (or restarts) loading; the cursor record and the selection stay. */
void lb_list_load(lb_list *list);
bool lb_list_loading(const lb_list *list);
size_t lb_list_row_count(const lb_list *list);
const void *lb_list_row(const lb_list *list, size_t i);
const void *lb_list_cursor_record(const lb_list *list);

void lb_list_draw(lb_list *list, int y, int x, int h, int w, bool focused);
/* Navigation and mouse. */
int lb_list_key(lb_list *list, const lb_key *k);
bool lb_list_available(lb_list *list, lb_action a, char *why, size_t why_size);
int lb_list_act(lb_list *list, lb_action a);
void lb_list_describe(lb_list *list, char *buf, size_t size);
void lb_list_counts(lb_list *list, char *buf, size_t size);

/* Keeps OWNED (freed with FREE_FN) alive as long as the list: forms use it
 * for the related lists they create. */
void lb_list_adopt(lb_list *list, void *owned, void (*free_fn)(void *));

/* A form body that shows LIST (a related list inside a form tab). */
void lb_list_form_body(lb_list *list, lb_form_body *out);

/* Date helpers for columns: Belgian "23/09/2020 18:00" in Europe/Brussels. */
void lb_list_format_time(lb_time t, char *buf, size_t size);
/* The class's noun for N records in the user's language, by its plural rule
 * ("1 vergadering", "12 vergaderingen"; French says "0 réunion"). */
const char *lb_list_noun(const struct lb_list_class *cls, size_t n);
int lb_list_compare_time(lb_time a, lb_time b);

#endif
