/* pager.h — fetches a list page by page (Prefer: odata.maxpagesize) and
 * hands each parsed page over as it arrives, so a view can show rows while
 * the rest loads. @odata.nextLink is followed unchanged, on the base host
 * only. One request at a time; cancellable at any point. */
#ifndef LB_PAGER_H
#define LB_PAGER_H

#include <stddef.h>

#include "client/bus.h"
#include "client/records.h"

typedef struct lb_pager lb_pager;

/* One parsed page. The callback may keep it by moving it out (copy the
 * struct, then lb_page_init(PAGE)); otherwise the pager frees it when the
 * callback returns. PAGE_INDEX counts from 0. */
typedef void (*lb_pager_page_fn)(void *user, lb_page *page, size_t page_index);
/* The end: ERR->status LB_OK after the last page, or the error that stopped
 * it (a request, a parse, a refused next link: off the base host, the same
 * as the link just followed, or past the page bound; the last two are
 * LB_ERR_BAD_RESPONSE). ROWS and PAGES count what was handed over. The pager
 * is freed right after this returns. */
typedef void (*lb_pager_done_fn)(void *user, const lb_error *err, size_t rows, size_t pages);

/* Starts fetching the list FIRST describes (its method, path, query, body;
 * the page size defaults to the profile's) and parses every page as KIND.
 * NULL (ERR filled) when the first request is refused; then no callback
 * runs. The handle is valid until DONE starts. */
lb_pager *lb_pager_new(lb_bus *bus, lb_record_kind kind, const lb_request_spec *first,
                       lb_pager_page_fn on_page, lb_pager_done_fn done, void *user, lb_error *err);
/* The default bound on the pages one pager follows: 10,000 pages of 5,000
 * rows are 50 million rows, more than any list of the bus should hold. */
#define LB_PAGER_MAX_PAGES_DEFAULT 10000

/* Hands over at most MAX_PAGES pages (0: the default); when the last of them
 * still has a next link, the pager ends with LB_ERR_BAD_RESPONSE instead of
 * following it. Call it right after lb_pager_new (no page arrives before). */
void lb_pager_set_max_pages(lb_pager *pager, size_t max_pages);
/* Stops now and frees the pager; no callback runs afterwards. Also allowed
 * from inside ON_PAGE. */
void lb_pager_cancel(lb_pager *pager);

/* The page parser for KIND (lb_page_parse_<plural>), or NULL. */
typedef lb_status (*lb_page_parse_fn)(const char *json, size_t len, lb_page *page, lb_error *err);
lb_page_parse_fn lb_page_parser(lb_record_kind kind);

#endif
