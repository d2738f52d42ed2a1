/* pager.c — one list, page after page, each parsed before the next is asked. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "client/pager.h"
#include "i18n/i18n.h"

struct lb_pager {
    lb_bus *bus;
    lb_page_parse_fn parse;
    char *method;
    void *body; /* a POST list (DAV) sends its body with every page */
    size_t body_len, max_body_bytes;
    int page_size;
    bool in_page_fn, cancelled; /* lb_pager_cancel from inside on_page */
    char *last_link;            /* the link just asked: a bus that repeats it would loop us */
    lb_request *req;
    size_t rows, pages, max_pages;
    lb_pager_page_fn on_page;
    lb_pager_done_fn done;
    void *user;
};

lb_page_parse_fn lb_page_parser(lb_record_kind kind)
{
    switch (kind) {
#define LB_PAGER_CASE(k, plural, type) \
    case k: return lb_page_parse_##plural;
        LB_PAGE_KINDS(LB_PAGER_CASE)
#undef LB_PAGER_CASE
    case LB_REC_NONE: break;
    }
    return NULL;
}

static void pager_free(lb_pager *p)
{
    free(p->method);
    free(p->body);
    free(p->last_link);
    free(p);
}

void lb_pager_cancel(lb_pager *p)
{
    if (!p)
        return;
    if (p->in_page_fn) {
        p->cancelled = true; /* freed when the callback returns */
        return;
    }
    lb_request_cancel(p->req);
    pager_free(p);
}

static void finish(lb_pager *p, const lb_error *err)
{
    p->done(p->user, err, p->rows, p->pages);
    pager_free(p);
}

static void on_response(void *user, const lb_response *resp);

static lb_status ask(lb_pager *p, const lb_request_spec *base, const char *link, lb_error *err)
{
    lb_request_spec s = *base;
    if (link) {
        /* The next link already holds the filters and the skip token. */
        s.path = NULL;
        s.query = NULL;
        s.query_count = 0;
        s.link = link;
        char *copy = strdup(link);
        if (!copy)
            return lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        free(p->last_link);
        p->last_link = copy;
    }
    s.max_page_size = p->page_size;
    p->req = lb_bus_send(p->bus, &s, on_response, p, err);
    return p->req ? LB_OK : err->status;
}

static void on_response(void *user, const lb_response *resp)
{
    lb_pager *p = user;
    p->req = NULL;
    lb_error err = resp->err;
    if (err.status != LB_OK) {
        finish(p, &err);
        return;
    }
    lb_page page;
    lb_page_init(&page);
    if (p->parse(resp->body, resp->body_len, &page, &err) != LB_OK) {
        lb_page_done(&page);
        finish(p, &err);
        return;
    }
    /* Copy the link out: the callback may move or free the page. */
    char *next = page.next_link ? strdup(page.next_link) : NULL;
    bool nomem = page.next_link && !next;
    p->rows += page.count;
    p->pages++;
    p->in_page_fn = true;
    p->on_page(p->user, &page, p->pages - 1);
    p->in_page_fn = false;
    lb_page_done(&page);
    if (p->cancelled) {
        free(next);
        pager_free(p);
        return;
    }
    if (nomem) {
        lb_error_set(&err, LB_ERR_NOMEM, 0, NULL);
    } else if (next && p->last_link && strcmp(next, p->last_link) == 0) {
        lb_error_set(&err, LB_ERR_BAD_RESPONSE, 0,
                     _("The LB-bus sent the same next-page link twice."));
    } else if (next && p->pages >= p->max_pages) {
        /* A bus that never stops paging would fill the memory. */
        lb_error_set(&err, LB_ERR_BAD_RESPONSE, 0,
                     _("The list has more than %zu pages; lbterm stops there."), p->max_pages);
    } else if (next) {
        lb_request_spec s = {.method = p->method,
                             .body = p->body,
                             .body_len = p->body_len,
                             .max_body_bytes = p->max_body_bytes};
        if (ask(p, &s, next, &err) == LB_OK) {
            free(next);
            return;
        }
    } else {
        lb_error_set(&err, LB_OK, 200, NULL);
    }
    free(next);
    finish(p, &err);
}

lb_pager *lb_pager_new(lb_bus *bus, lb_record_kind kind, const lb_request_spec *first,
                       lb_pager_page_fn on_page, lb_pager_done_fn done, void *user, lb_error *err)
{
    lb_page_parse_fn parse = lb_page_parser(kind);
    if (!parse) {
        lb_error_set(err, LB_ERR_INVALID_INPUT, 0, "no page parser for kind %d", (int)kind);
        return NULL;
    }
    lb_pager *p = calloc(1, sizeof *p);
    if (!p) {
        lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        return NULL;
    }
    p->bus = bus;
    p->parse = parse;
    p->on_page = on_page;
    p->done = done;
    p->user = user;
    p->max_pages = LB_PAGER_MAX_PAGES_DEFAULT;
    p->max_body_bytes = first->max_body_bytes;
    p->page_size = first->max_page_size > 0 ? first->max_page_size : lb_bus_page_size(bus);
    p->method = strdup(first->method ? first->method : "GET");
    bool mem = p->method != NULL;
    if (mem && first->body) {
        p->body = malloc(first->body_len ? first->body_len : 1);
        mem = p->body != NULL;
        if (mem)
            memcpy(p->body, first->body, first->body_len);
        p->body_len = first->body_len;
    }
    if (!mem) {
        lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        pager_free(p);
        return NULL;
    }
    if (ask(p, first, NULL, err) != LB_OK) {
        pager_free(p);
        return NULL;
    }
    return p;
}

void lb_pager_set_max_pages(lb_pager *p, size_t max_pages)
{
    p->max_pages = max_pages ? max_pages : LB_PAGER_MAX_PAGES_DEFAULT;
}
