/* test_pager.c — paging through lbbus-sim's lists: every agenda item of the
 * demo data (more than 5,000) page by page, no duplicates, filters kept on
 * the next links, a POST list, errors, and cancelling half-way. Then the
 * bounds, against a fake bus in the test's own poll loop: a next link that
 * repeats the last one, and a list that never ends. */
#include "config.h"

#include <curl/curl.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

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

    /* A first page the bus refuses: meldingen as an admin, who has neither
     * "LB365 – Meldingen" nor "LB365 – Secretariaat". */
    static const char *const meldingen[] = {"melding", NULL};
    lb_request_spec m = {.method = "GET", .path = meldingen};
    lb_profile pa = profile_for(sim->base_url, "demo-admin", 1000);
    conn ca;
    open_conn(&ca, &pa);
    lb_page_init(&s.kept);
    s.pager = lb_pager_new(ca.bus, LB_REC_MELDING_SUMMARY, &m, on_page, on_done, &s, &err);
    lb_transport_run_until_idle(ca.t, 60000, &err);
    ok(s.done && s.status == LB_ERR_FORBIDDEN && s.pages == 0, "meldingen as demo-admin: %s (%s)",
       lb_status_name(s.status), s.detail);
    seen_done(&s);
    close_conn(&ca);

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

/* ---- the page bound against the simulator ---- */

static void bounded(const lb_test_sim *sim)
{
    lb_profile p = profile_for(sim->base_url, "demo-secretaris", 1000);
    conn c;
    if (!open_conn(&c, &p)) {
        ok(false, "bus opened");
        return;
    }
    static const char *const path[] = {"crm", "agendaitems", NULL};
    lb_request_spec first = {.method = "GET", .path = path};
    lb_error err = {0};
    seen s = {0};
    lb_page_init(&s.kept);
    s.pager = lb_pager_new(c.bus, LB_REC_AGENDA_ITEM, &first, on_page, on_done, &s, &err);
    lb_pager_set_max_pages(s.pager, 3);
    lb_transport_run_until_idle(c.t, 60000, &err);
    ok(s.done && s.status == LB_ERR_BAD_RESPONSE, "more pages than the bound of 3: %s (%s)",
       lb_status_name(s.status), s.detail);
    ok(strstr(s.detail, "more than 3 pages") != NULL, "the detail names the bound");
    ok(s.pages == 3 && s.rows == 3000 && s.seen_rows == 3000,
       "the first 3 pages were handed over: %zu pages, %zu rows", s.pages, s.rows);
    is_int((long long)duplicates(&s), 0, "without duplicates");
    seen_done(&s);
    close_conn(&c);
}

/* ---- a fake bus that pages wrongly ----
 * A tiny HTTP/1.1 responder polled in the same loop as the transport, so
 * the test stays single-threaded and every step is deterministic. Each GET
 * gets a page of one status code; the next link depends on the mode. */

typedef enum {
    FAKE_SAME_LINK, /* always the same next link: a loop */
    FAKE_ENDLESS,   /* a new next link every time: a list without an end */
    FAKE_ENDS_AFTER /* a new next link until LAST_PAGE pages were served */
} fake_mode;

enum { FAKE_CONNS = 4 };

typedef struct {
    int lfd;
    int cfd[FAKE_CONNS];
    char buf[FAKE_CONNS][4096];
    size_t len[FAKE_CONNS];
    fake_mode mode;
    int last_page, requests;
    char base_url[64];
    char target[2][256]; /* the first request's target and the last one's */
} fake_bus;

static bool fake_start(fake_bus *f, fake_mode mode, int last_page)
{
    memset(f, 0, sizeof *f);
    for (int i = 0; i < FAKE_CONNS; i++)
        f->cfd[i] = -1;
    f->mode = mode;
    f->last_page = last_page;
    f->lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof a;
    if (f->lfd < 0 || bind(f->lfd, (struct sockaddr *)&a, sizeof a) != 0 ||
        listen(f->lfd, 8) != 0 || getsockname(f->lfd, (struct sockaddr *)&a, &alen) != 0) {
        tap_diag("fake bus: %s", strerror(errno));
        if (f->lfd >= 0)
            close(f->lfd);
        return false;
    }
    snprintf(f->base_url, sizeof f->base_url, "http://127.0.0.1:%u", (unsigned)ntohs(a.sin_port));
    return true;
}

static void fake_stop(fake_bus *f)
{
    for (int i = 0; i < FAKE_CONNS; i++)
        if (f->cfd[i] >= 0)
            close(f->cfd[i]);
    close(f->lfd);
}

static void write_all(int fd, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

/* Answers every complete request in connection I's buffer. */
static void fake_answer(fake_bus *f, int i)
{
    char *end;
    while ((end = strstr(f->buf[i], "\r\n\r\n")) != NULL) {
        char target[256] = "";
        sscanf(f->buf[i], "GET %255s HTTP/1.1", target);
        snprintf(f->target[f->requests == 0 ? 0 : 1], sizeof f->target[0], "%s", target);
        f->requests++;
        char link[128] = "";
        if (f->mode == FAKE_SAME_LINK)
            snprintf(link, sizeof link, "/crm/statuscodes?$skiptoken=same");
        else if (f->mode == FAKE_ENDLESS || f->requests < f->last_page)
            snprintf(link, sizeof link, "/crm/statuscodes?$skiptoken=p%d", f->requests);
        char body[512], msg[1024];
        int blen = snprintf(body, sizeof body,
                            "{\"value\":[{\"statecode\":0,\"statuscode\":1,"
                            "\"label\":\"Actief\"}]%s%s%s}",
                            link[0] ? ",\"@odata.nextLink\":\"" : "", link, link[0] ? "\"" : "");
        /* One write: header and body in two would meet Nagle and delayed ACKs. */
        int mlen = snprintf(msg, sizeof msg,
                            "HTTP/1.1 200 OK\r\nContent-Type: application/json; "
                            "charset=utf-8\r\nContent-Length: %d\r\n\r\n%s",
                            blen, body);
        write_all(f->cfd[i], msg, (size_t)mlen);
        size_t used = (size_t)(end + 4 - f->buf[i]);
        memmove(f->buf[i], f->buf[i] + used, f->len[i] - used + 1);
        f->len[i] -= used;
    }
}

/* FDS[0] is the listening socket, then the connections in order. */
static void fake_serve(fake_bus *f, const struct pollfd *fds)
{
    size_t k = 1;
    for (int i = 0; i < FAKE_CONNS; i++) {
        if (f->cfd[i] < 0)
            continue;
        if (fds[k++].revents) {
            ssize_t n = read(f->cfd[i], f->buf[i] + f->len[i], sizeof f->buf[i] - 1 - f->len[i]);
            if (n <= 0 && !(n < 0 && errno == EINTR)) {
                close(f->cfd[i]);
                f->cfd[i] = -1;
                f->len[i] = 0;
                continue;
            }
            f->len[i] += n > 0 ? (size_t)n : 0;
            f->buf[i][f->len[i]] = '\0';
            fake_answer(f, i);
        }
    }
    if (fds[0].revents & POLLIN) {
        int fd = accept4(f->lfd, NULL, NULL, SOCK_CLOEXEC);
        for (int i = 0; fd >= 0 && i < FAKE_CONNS; i++)
            if (f->cfd[i] < 0) {
                f->cfd[i] = fd;
                fd = -1;
            }
        if (fd >= 0)
            close(fd); /* more connections than a one-at-a-time pager needs */
    }
}

/* The transport and the fake bus in one poll loop, until S is done. */
static void run_with_fake(conn *c, fake_bus *f, const seen *s, int timeout_ms)
{
    long long deadline = lb_now_ms() + timeout_ms;
    struct pollfd fds[64];
    while (!s->done) {
        long long left = deadline - lb_now_ms();
        if (left <= 0) {
            tap_diag("not done after %d ms", timeout_ms);
            return;
        }
        size_t n = lb_transport_fds(c->t, fds, 64 - 1 - FAKE_CONNS);
        if (n > 64 - 1 - FAKE_CONNS)
            tap_bail("more sockets than expected: %zu", n);
        struct pollfd *mine = fds + n;
        size_t m = 0;
        mine[m++] = (struct pollfd){.fd = f->lfd, .events = POLLIN};
        for (int i = 0; i < FAKE_CONNS; i++)
            if (f->cfd[i] >= 0)
                mine[m++] = (struct pollfd){.fd = f->cfd[i], .events = POLLIN};
        int wait = lb_transport_timeout_ms(c->t);
        if (wait < 0 || wait > left)
            wait = (int)left;
        if (poll(fds, n + m, wait) < 0) {
            if (errno == EINTR)
                continue;
            tap_bail("poll: %s", strerror(errno));
        }
        fake_serve(f, mine);
        lb_transport_dispatch(c->t, fds, n);
    }
}

/* Pages status codes from a fake bus in MODE; MAX_PAGES 0 keeps the default. */
static void page_fake(fake_bus *f, fake_mode mode, int last_page, size_t max_pages, seen *s)
{
    memset(s, 0, sizeof *s);
    lb_page_init(&s->kept);
    if (!fake_start(f, mode, last_page))
        tap_bail("the fake bus did not start");
    lb_profile p = profile_for(f->base_url, "demo-secretaris", 1000);
    conn c;
    if (!open_conn(&c, &p))
        tap_bail("bus to the fake opened");
    static const char *const path[] = {"crm", "statuscodes", NULL};
    lb_request_spec first = {.method = "GET", .path = path};
    lb_error err = {0};
    s->pager = lb_pager_new(c.bus, LB_REC_STATUS_CODE, &first, on_page, on_done, s, &err);
    if (!s->pager)
        tap_bail("pager: %s", err.detail);
    if (max_pages)
        lb_pager_set_max_pages(s->pager, max_pages);
    run_with_fake(&c, f, s, 60000);
    close_conn(&c);
    fake_stop(f);
}

static void bad_pagers(void)
{
    fake_bus f;
    seen s;
    page_fake(&f, FAKE_SAME_LINK, 0, 0, &s);
    ok(s.done && s.status == LB_ERR_BAD_RESPONSE, "a next link equal to the last one: %s (%s)",
       lb_status_name(s.status), s.detail);
    ok(strstr(s.detail, "same next-page link") != NULL, "the detail says it is a loop");
    ok(s.pages == 2 && s.rows == 2, "two pages were handed over: %zu", s.pages);
    is_int(f.requests, 2, "and the repeated link was not asked again");
    is_str(f.target[0], "/crm/statuscodes", "the first request");
    is_str(f.target[1], "/crm/statuscodes?$skiptoken=same", "the next link, followed unchanged");
    seen_done(&s);

    page_fake(&f, FAKE_ENDLESS, 0, 5, &s);
    ok(s.done && s.status == LB_ERR_BAD_RESPONSE && strstr(s.detail, "more than 5 pages"),
       "an endless list with a bound of 5: %s (%s)", lb_status_name(s.status), s.detail);
    ok(s.pages == 5 && s.rows == 5 && f.requests == 5, "5 pages handed over, 5 asked: %zu, %d",
       s.pages, f.requests);
    seen_done(&s);

    page_fake(&f, FAKE_ENDS_AFTER, 5, 5, &s);
    ok(s.done && s.status == LB_OK && s.pages == 5 && f.requests == 5,
       "a list of exactly 5 pages with a bound of 5 ends well: %s, %zu pages",
       lb_status_name(s.status), s.pages);
    seen_done(&s);

    /* The default bound holds without a call: 10,000 tiny pages. */
    page_fake(&f, FAKE_ENDLESS, 0, 0, &s);
    ok(s.done && s.status == LB_ERR_BAD_RESPONSE && s.pages == LB_PAGER_MAX_PAGES_DEFAULT,
       "an endless list stops at the default bound: %zu pages (%s)", s.pages, s.detail);
    is_int(f.requests, LB_PAGER_MAX_PAGES_DEFAULT, "%d pages asked", f.requests);
    seen_done(&s);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    lb_test_sim sim;
    if (lb_test_sim_start(&sim, NULL) != 0)
        tap_bail("lbbus-sim did not start");
    all_agenda_items(&sim);
    other_lists(&sim);
    bounded(&sim);
    lb_test_sim_stop(&sim);
    bad_pagers();
    curl_global_cleanup();
    return tap_done();
}
