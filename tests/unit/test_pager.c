/* test_pager.c — paging through lbbus-sim's lists: every agenda item of the
 * demo data (more than 5,000) page by page, no duplicates, filters kept on
 * the next links, a POST list, errors, and cancelling half-way. */
#include "config.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/pager.h"
#include "tests/sim_harness.h"
#include "tests/tap.h"

static lb_profile profile_for(const char *base_url, const char *token, int page_size)
{
    lb_profile p = {0};
    p.name = (char *)"test";
    p.base_url = (char *)base_url;
    p.token_value = token;
    p.page_size = page_size;
    p.concurrency = 4;
    return p;
}

typedef struct {
    lb_transport *t;
    lb_bus *bus;
} conn;

static bool open_conn(conn *c, const lb_profile *p)
{
    lb_error err = {0};
    c->t = lb_transport_new(p, NULL, &err);
    c->bus = c->t ? lb_bus_new(p, c->t, &err) : NULL;
    return c->bus != NULL;
}

static void close_conn(conn *c)
{
    lb_bus_free(c->bus);
    lb_transport_free(c->t);
}

/* What a view would see: rows as pages arrive. */
typedef struct {
    lb_pager *pager;
    bool done, cancel_after_2;
    lb_status status;
    char detail[256];
    size_t rows, pages, seen_rows, max_page, state_mismatch;
    size_t pages_before_done; /* pages handed over before the end was known */
    char **ids;
    size_t nids, capids;
    lb_page kept; /* the first page, moved out of the callback */
} seen;

static void keep_id(seen *s, const char *id)
{
    if (s->nids == s->capids) {
        s->capids = s->capids ? s->capids * 2 : 1024;
        s->ids = realloc(s->ids, s->capids * sizeof *s->ids);
    }
    s->ids[s->nids++] = strdup(id);
}

static void on_page(void *user, lb_page *page, size_t index)
{
    seen *s = user;
    if (!s->done)
        s->pages_before_done++;
    s->seen_rows += page->count;
    if (page->count > s->max_page)
        s->max_page = page->count;
    if (page->kind == LB_REC_AGENDA_ITEM) {
        const lb_agenda_item *items = lb_page_agenda_items(page);
        for (size_t i = 0; i < page->count; i++)
            keep_id(s, items[i].id);
    } else if (page->kind == LB_REC_MEETING) {
        const lb_meeting *m = lb_page_meetings(page);
        for (size_t i = 0; i < page->count; i++) {
            keep_id(s, m[i].id);
            s->state_mismatch += m[i].statecode != 0;
        }
    } else if (page->kind == LB_REC_DAV_SERIE) {
        const lb_dav_serie *d = lb_page_dav_series(page);
        for (size_t i = 0; i < page->count; i++)
            keep_id(s, d[i].id);
    }
    if (index == 0) {
        s->kept = *page; /* moved out: the pager must not free it */
        lb_page_init(page);
    }
    if (s->cancel_after_2 && index == 1)
        lb_pager_cancel(s->pager);
}

static void on_done(void *user, const lb_error *err, size_t rows, size_t pages)
{
    seen *s = user;
    s->done = true;
    s->status = err->status;
    snprintf(s->detail, sizeof s->detail, "%s", err->detail);
    s->rows = rows;
    s->pages = pages;
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static size_t duplicates(seen *s)
{
    qsort(s->ids, s->nids, sizeof *s->ids, cmp);
    size_t d = 0;
    for (size_t i = 1; i < s->nids; i++)
        d += strcmp(s->ids[i - 1], s->ids[i]) == 0;
    return d;
}

static void seen_done(seen *s)
{
    for (size_t i = 0; i < s->nids; i++)
        free(s->ids[i]);
    free(s->ids);
    lb_page_done(&s->kept);
    memset(s, 0, sizeof *s);
}

static void all_agenda_items(const lb_test_sim *sim)
{
    lb_profile p = profile_for(sim->base_url, "demo-secretaris", 1000);
    conn c;
    if (!open_conn(&c, &p)) {
        ok(false, "bus opened");
        return;
    }
    static const char *const path[] = {"crm", "agendaitems", NULL};
    lb_request_spec first = {.method = "GET", .path = path};
    seen s = {0};
    lb_page_init(&s.kept);
    lb_error err = {0};
    s.pager = lb_pager_new(c.bus, LB_REC_AGENDA_ITEM, &first, on_page, on_done, &s, &err);
    ok(s.pager != NULL, "a pager over /crm/agendaitems");
    ok(!s.done && s.pages == 0, "nothing is handed over inside lb_pager_new");
    lb_transport_run_until_idle(c.t, 120000, &err);
    ok(s.done && s.status == LB_OK, "done: %s %s", lb_status_name(s.status), s.detail);
    ok(s.rows > 5000, "every agenda item of the demo data: %zu rows", s.rows);
    is_int((long long)s.seen_rows, (long long)s.rows, "rows equal the sum of the pages");
    is_int((long long)s.nids, (long long)s.rows, "one id per row");
    is_int((long long)duplicates(&s), 0, "no duplicates across pages");
    is_int((long long)s.max_page, 1000, "pages of the profile's page_size (1000)");
    is_int((long long)s.pages, (long long)((s.rows + 999) / 1000), "%zu pages", s.pages);
    is_int((long long)s.pages_before_done, (long long)s.pages,
           "each page was handed over as it arrived");
    is_int((long long)s.kept.count, 1000, "a page moved out of the callback stays valid");
    size_t total = s.rows;
    seen_done(&s);

    /* The same list in pages of 5,000 (the cap) gives the same rows. */
    first.max_page_size = 5000;
    lb_page_init(&s.kept);
    s.pager = lb_pager_new(c.bus, LB_REC_AGENDA_ITEM, &first, on_page, on_done, &s, &err);
    lb_transport_run_until_idle(c.t, 120000, &err);
    ok(s.status == LB_OK && s.rows == total && duplicates(&s) == 0,
       "in pages of 5000: the same %zu rows in %zu pages", s.rows, s.pages);
    seen_done(&s);

    /* Filters survive the next links. */
    static const char *const mpath[] = {"crm", "meetings", NULL};
    lb_query_param q[] = {{"state", "active"}, {"orderby", "name asc"}};
    lb_request_spec active = {
        .method = "GET", .path = mpath, .query = q, .query_count = 2, .max_page_size = 50};
    lb_page_init(&s.kept);
    s.pager = lb_pager_new(c.bus, LB_REC_MEETING, &active, on_page, on_done, &s, &err);
    lb_transport_run_until_idle(c.t, 60000, &err);
    ok(s.status == LB_OK && s.pages > 1, "active meetings in pages of 50: %zu rows, %zu pages",
       s.rows, s.pages);
    is_int((long long)s.state_mismatch, 0, "state=active held on every page");
    is_int((long long)duplicates(&s), 0, "no duplicates");
    seen_done(&s);

    /* Cancelled from inside the page callback, after two pages. */
    first.max_page_size = 100;
    lb_page_init(&s.kept);
    s.cancel_after_2 = true;
    s.pager = lb_pager_new(c.bus, LB_REC_AGENDA_ITEM, &first, on_page, on_done, &s, &err);
    lb_transport_run_until_idle(c.t, 60000, &err);
    ok(!s.done && s.seen_rows == 200, "cancelled after two pages: %zu rows, no done callback",
       s.seen_rows);
    ok(lb_transport_idle(c.t), "nothing left pending");
    seen_done(&s);

    /* Cancelled from outside, while the first page is on the way. */
    lb_page_init(&s.kept);
    s.pager = lb_pager_new(c.bus, LB_REC_AGENDA_ITEM, &first, on_page, on_done, &s, &err);
    lb_pager_cancel(s.pager);
    ok(lb_transport_idle(c.t), "cancelled at once: idle");
    lb_transport_run_until_idle(c.t, 1000, &err);
    ok(!s.done && s.pages_before_done == 0, "and no callback ran");
    seen_done(&s);
    close_conn(&c);
}

static void other_lists(const lb_test_sim *sim)
{
    lb_profile p = profile_for(sim->base_url, "demo-secretaris", 1000);
    conn c;
    open_conn(&c, &p);
    lb_error err = {0};
    seen s = {0};
    lb_page_init(&s.kept);

    static const char *const series[] = {"dav", "series", "list", NULL};
    lb_request_spec post = {.method = "POST", .path = series, .body = "{}", .body_len = 2};
    s.pager = lb_pager_new(c.bus, LB_REC_DAV_SERIE, &post, on_page, on_done, &s, &err);
    lb_transport_run_until_idle(c.t, 60000, &err);
    ok(s.status == LB_OK && s.rows > 0 && s.pages == 1, "a POST list (DAV series): %zu rows",
       s.rows);
    seen_done(&s);

    static const char *const meldingen[] = {"melding", NULL};
    lb_request_spec m = {.method = "GET", .path = meldingen};
    lb_page_init(&s.kept);
    s.pager = lb_pager_new(c.bus, LB_REC_MELDING_SUMMARY, &m, on_page, on_done, &s, &err);
    lb_transport_run_until_idle(c.t, 60000, &err);
    ok(s.done && s.status == LB_ERR_FORBIDDEN && s.pages == 0, "meldingen as secretaris: %s (%s)",
       lb_status_name(s.status), s.detail);
    seen_done(&s);

    /* The wrong parser for the answer: a clear error, no crash. */
    static const char *const types[] = {"crm", "meetingtypes", NULL};
    lb_request_spec wrong = {.method = "GET", .path = types};
    lb_page_init(&s.kept);
    s.pager = lb_pager_new(c.bus, LB_REC_DAV_SERIE, &wrong, on_page, on_done, &s, &err);
    lb_transport_run_until_idle(c.t, 60000, &err);
    ok(s.done && s.status == LB_ERR_BAD_RESPONSE, "an answer of another shape: %s (%s)",
       lb_status_name(s.status), s.detail);
    seen_done(&s);

    ok(!lb_pager_new(c.bus, LB_REC_NONE, &wrong, on_page, on_done, &s, &err) &&
           err.status == LB_ERR_INVALID_INPUT,
       "no parser for LB_REC_NONE");
    ok(lb_page_parser(LB_REC_MEETING) == lb_page_parse_meetings, "kinds map to their parsers");
    close_conn(&c);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    lb_test_sim sim;
    if (lb_test_sim_start(&sim, NULL) != 0)
        tap_bail("lbbus-sim did not start");
    all_agenda_items(&sim);
    other_lists(&sim);
    lb_test_sim_stop(&sim);
    curl_global_cleanup();
    return tap_done();
}
