/* serie_picker.c — list, pick (or paste an id), show the required
 * extensions, confirm, check again; see serie_picker.h. Every text from the
 * bus is sanitized before it reaches a dialog. */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/records.h"
#include "i18n/i18n.h"
#include "ui/safe_text.h"
#include "ui/text_fold.h"
#include "ui/ui.h"
#include "views/serie_picker.h"

struct lb_serie_picker {
    lb_shell *sh;
    char *what;
    char current_id[LB_SERIE_ID_LEN + 1];
    lb_serie_picked_fn done;
    void *user;
    lb_request *req;       /* the list, the extensions or the last check */
    lb_request *paste_req; /* the lookup of a pasted id */
    char paste_id[LB_SERIE_ID_LEN + 1];
    lb_page series; /* the list; owns its strings */
    const lb_dav_serie **sorted;
    size_t count;
    int open_dialogs; /* dialogs whose callbacks point here */
    lb_serie_choice chosen;
};

/* ---- helpers ---- */

bool lb_serie_id_normalize(const char *in, char *out)
{
    out[0] = '\0';
    if (!in)
        return false;
    while (*in == ' ' || *in == '\t')
        in++;
    size_t n = 0;
    while (in[n] && in[n] != ' ' && in[n] != '\t')
        n++;
    for (size_t i = n; in[i]; i++)
        if (in[i] != ' ' && in[i] != '\t')
            return false;
    if (n != LB_SERIE_ID_LEN)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (!isxdigit((unsigned char)in[i]))
            return false;
        out[i] = (char)tolower((unsigned char)in[i]);
    }
    out[n] = '\0';
    return true;
}

void lb_serie_format_date(lb_time t, char *buf, size_t size)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (t == LB_TIME_NULL || !gmtime_r(&tt, &tm))
        snprintf(buf, size, "---");
    else
        strftime(buf, size, "%d/%m/%Y", &tm);
}

static void safe(char *out, size_t size, const char *s)
{
    if (!s)
        snprintf(out, size, "---");
    else
        lb_safe_text(out, size, s, strlen(s), LB_SAFE_ONE_LINE);
}

/* The statuses DAV uses, in the user's language; others as they came. */
static void status_label(const char *raw, char *out, size_t size)
{
    if (raw && strcmp(raw, "Published") == 0)
        snprintf(out, size, "%s", _("Published"));
    else if (raw && strcmp(raw, "Submitted") == 0)
        snprintf(out, size, "%s", _("Submitted"));
    else
        safe(out, size, raw);
}

static void choice_from(const lb_dav_serie *s, lb_serie_choice *c)
{
    snprintf(c->id, sizeof c->id, "%.*s", LB_SERIE_ID_LEN, s->id ? s->id : "");
    safe(c->naam, sizeof c->naam, s->naam);
    status_label(s->status, c->status, sizeof c->status);
    c->published = s->status && strcmp(s->status, "Published") == 0;
    c->geldig_van = s->geldig_van;
    c->geldig_tot = s->geldig_tot;
}

/* The one way out: DONE runs last, so it may free P. */
static void finish(lb_serie_picker *p, const lb_serie_choice *chosen)
{
    lb_serie_choice copy;
    if (chosen)
        copy = *chosen;
    if (p->paste_req) {
        lb_request_cancel(p->paste_req);
        p->paste_req = NULL;
    }
    lb_shell_progress(p->sh, "");
    p->done(p->user, chosen ? &copy : NULL);
}

/* POST /dav/series/OP with {} or {"id": ID}: reads, so safe to retry. */
static lb_request *send_op(lb_serie_picker *p, const char *op, const char *id, lb_response_fn fn,
                           lb_error *err)
{
    char body[LB_SERIE_ID_LEN + 16];
    if (id)
        snprintf(body, sizeof body, "{\"id\":\"%s\"}", id);
    else
        snprintf(body, sizeof body, "{}");
    const char *path[] = {"dav", "series", op, NULL};
    lb_request_spec spec = {
        .method = "POST", .path = path, .body = body, .body_len = strlen(body), .idempotent = true};
    return lb_bus_send(lb_shell_bus(p->sh), &spec, fn, p, err);
}

static bool listed(const lb_serie_picker *p, const char *id)
{
    for (size_t i = 0; i < p->count; i++)
        if (p->sorted[i]->id && strcmp(p->sorted[i]->id, id) == 0)
            return true;
    return false;
}

/* ---- the last check ---- */

static void on_check(void *user, const lb_response *resp)
{
    lb_serie_picker *p = user;
    p->req = NULL;
    lb_error err = resp->err;
    if (err.status == LB_ERR_NOT_FOUND) {
        lb_shell_dialog(p->sh, lb_dialog_message(_("Unknown DAV series"),
                                                 _("This DAV series no longer exists in DAV: "
                                                   "nothing was changed."),
                                                 NULL, NULL));
        finish(p, NULL);
        return;
    }
    lb_arena arena;
    lb_arena_init(&arena, 0);
    lb_dav_serie s;
    if (err.status == LB_OK &&
        lb_dav_serie_parse(resp->body, resp->body_len, &arena, &s, &err) == LB_OK &&
        (!s.id || strcmp(s.id, p->chosen.id) != 0))
        lb_error_set(&err, LB_ERR_BAD_RESPONSE, resp->http_status,
                     "POST /dav/series/get answered another series");
    if (err.status != LB_OK) {
        lb_arena_done(&arena);
        lb_shell_error(p->sh, _("The DAV series could not be checked; nothing was changed."), &err);
        finish(p, NULL);
        return;
    }
    choice_from(&s, &p->chosen); /* the newest name and dates */
    lb_arena_done(&arena);
    finish(p, &p->chosen);
}

static void confirm_done(void *user, const lb_dialog_result *res)
{
    lb_serie_picker *p = user;
    p->open_dialogs--;
    if (!res->accepted) {
        finish(p, NULL);
        return;
    }
    lb_error err;
    p->req = send_op(p, "get", p->chosen.id, on_check, &err);
    if (!p->req) {
        lb_shell_error(p->sh, _("The DAV series could not be checked; nothing was changed."), &err);
        finish(p, NULL);
        return;
    }
    lb_shell_progress(p->sh, _("Checking the DAV series…"));
}

/* ---- the confirmation with the required extensions ---- */

static size_t add(char *buf, size_t size, size_t o, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static size_t add(char *buf, size_t size, size_t o, const char *fmt, ...)
{
    if (o >= size)
        return o;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + o, size - o, fmt, ap);
    va_end(ap);
    return n < 0 ? o : o + (size_t)n;
}

static void ask_confirm(lb_serie_picker *p, const lb_dav_extension *ext, size_t ext_count)
{
    const lb_serie_choice *c = &p->chosen;
    size_t size = 8192, o = 0;
    char *text = malloc(size);
    if (!text) {
        finish(p, NULL);
        return;
    }
    char van[32], tot[32];
    lb_serie_format_date(c->geldig_van, van, sizeof van);
    lb_serie_format_date(c->geldig_tot, tot, sizeof tot);
    o = add(text, size, o, "%s\n\n%s\n", p->what, c->naam);
    o = add(text, size, o, "%s: %s\n", _("Status"), c->status);
    o = add(text, size, o, "%s: %s\n", _("Valid from"), van);
    o = add(text, size, o, "%s: %s\n", _("Valid to"), tot);
    o = add(text, size, o, "%s: %s\n\n", _("Id"), c->id);
    size_t required = 0;
    for (size_t i = 0; i < ext_count; i++)
        required += ext[i].verplicht;
    if (required == 0) {
        o = add(text, size, o, "%s\n", _("Required extensions: none."));
    } else {
        o = add(text, size, o, "%s:\n", _("Required extensions"));
        const char *bullet = lb_ui_utf8() ? "\u2022" : "-";
        for (size_t i = 0; i < ext_count; i++) {
            if (!ext[i].verplicht)
                continue;
            char naam[256], niveau[64], type[64];
            safe(naam, sizeof naam, ext[i].naam);
            safe(niveau, sizeof niveau, ext[i].niveau);
            safe(type, sizeof type, ext[i].type);
            o = add(text, size, o, "%s %s (%s, %s)\n", bullet, naam, niveau, type);
        }
    }
    time_t now = time(NULL);
    if (!c->published)
        o = add(text, size, o, "\n%s", _("Note: this series is not published in DAV."));
    if (c->geldig_tot != LB_TIME_NULL && c->geldig_tot < (lb_time)now) {
        o = add(text, size, o, "\n");
        o = add(text, size, o, _("Note: this series is no longer valid since %s."), tot);
    }
    if (c->geldig_van != LB_TIME_NULL && c->geldig_van > (lb_time)now) {
        o = add(text, size, o, "\n");
        o = add(text, size, o, _("Note: this series is only valid from %s."), van);
    }
    (void)o;
    lb_dialog *d = lb_dialog_confirm(_("Assign DAV series"), text, _("Save"), confirm_done, p);
    free(text);
    if (!d) {
        finish(p, NULL);
        return;
    }
    p->open_dialogs++;
    lb_shell_dialog(p->sh, d);
}

static void on_extensions(void *user, const lb_response *resp)
{
    lb_serie_picker *p = user;
    p->req = NULL;
    lb_shell_progress(p->sh, "");
    lb_error err = resp->err;
    lb_page page;
    lb_page_init(&page);
    if (err.status == LB_OK &&
        lb_page_parse_dav_extensions(resp->body, resp->body_len, &page, &err) == LB_OK) {
        ask_confirm(p, lb_page_dav_extensions(&page), page.count);
        lb_page_done(&page);
        return;
    }
    lb_page_done(&page);
    if (err.status == LB_ERR_NOT_FOUND) {
        lb_shell_dialog(p->sh, lb_dialog_message(_("Unknown DAV series"),
                                                 _("This DAV series no longer exists in DAV: "
                                                   "nothing was changed."),
                                                 NULL, NULL));
    } else {
        lb_shell_error(p->sh, _("The extensions of the DAV series could not be loaded."), &err);
    }
    finish(p, NULL);
}

/* ---- the picker ---- */

static void picker_done(void *user, const lb_dialog_result *res)
{
    lb_serie_picker *p = user;
    p->open_dialogs--;
    if (p->paste_req) {
        lb_request_cancel(p->paste_req);
        p->paste_req = NULL;
    }
    if (!res->accepted || res->index >= p->count) {
        finish(p, NULL);
        return;
    }
    choice_from(p->sorted[res->index], &p->chosen);
    if (p->current_id[0] && strcmp(p->chosen.id, p->current_id) == 0) {
        lb_shell_message(p->sh, "%s", _("That is already its DAV series: nothing changed."));
        finish(p, NULL);
        return;
    }
    lb_error err;
    p->req = send_op(p, "extensions", p->chosen.id, on_extensions, &err);
    if (!p->req) {
        lb_shell_error(p->sh, _("The extensions of the DAV series could not be loaded."), &err);
        finish(p, NULL);
        return;
    }
    lb_shell_progress(p->sh, _("Loading the extensions of the DAV series…"));
}

static void on_paste(void *user, const lb_response *resp)
{
    lb_serie_picker *p = user;
    p->paste_req = NULL;
    lb_error err = resp->err;
    char text[512];
    if (err.status == LB_ERR_NOT_FOUND) {
        snprintf(text, sizeof text,
                 _("DAV knows no series with the id %s. Check the id you pasted, or search by "
                   "name."),
                 p->paste_id);
        lb_shell_dialog(p->sh, lb_dialog_message(_("Unknown DAV series"), text, NULL, NULL));
        return;
    }
    lb_arena arena;
    lb_arena_init(&arena, 0);
    lb_dav_serie s;
    if (err.status == LB_OK &&
        lb_dav_serie_parse(resp->body, resp->body_len, &arena, &s, &err) == LB_OK) {
        char naam[256];
        safe(naam, sizeof naam, s.naam);
        /* new since the list came: a fresh list shows it */
        snprintf(text, sizeof text,
                 _("The DAV series \"%s\" exists but is not in the list lbterm loaded. Close "
                   "this list (Esc) and open it again to choose it."),
                 naam);
        lb_shell_dialog(p->sh, lb_dialog_message(_("Assign DAV series"), text, NULL, NULL));
    } else {
        lb_shell_error(p->sh, _("The pasted id could not be looked up."), &err);
    }
    lb_arena_done(&arena);
}

/* A pasted id: the list shows a listed one (its id is part of the item);
 * any other is looked up, so the user learns whether DAV knows it. */
static void picker_changed(void *user, const char *text)
{
    lb_serie_picker *p = user;
    char id[LB_SERIE_ID_LEN + 1];
    if (!lb_serie_id_normalize(text, id) || listed(p, id)) {
        if (p->paste_req) {
            lb_request_cancel(p->paste_req);
            p->paste_req = NULL;
        }
        return;
    }
    if (p->paste_req && strcmp(p->paste_id, id) == 0)
        return;
    if (p->paste_req)
        lb_request_cancel(p->paste_req);
    memcpy(p->paste_id, id, sizeof id);
    lb_error err;
    p->paste_req = send_op(p, "get", id, on_paste, &err);
    if (!p->paste_req)
        lb_shell_error(p->sh, _("The pasted id could not be looked up."), &err);
}

static int cmp_serie(const void *a, const void *b)
{
    const lb_dav_serie *x = *(const lb_dav_serie *const *)a;
    const lb_dav_serie *y = *(const lb_dav_serie *const *)b;
    int r = lb_fold_cmp(x->naam ? x->naam : "", y->naam ? y->naam : "");
    return r ? r : strcmp(x->id ? x->id : "", y->id ? y->id : "");
}

/* One line of the picker: name · status · validity · id (the id last, cut
 * off by a narrow screen but still found when pasted). */
static char *item_text(const lb_dav_serie *s)
{
    char naam[256], status[64], van[32], tot[32], line[512];
    safe(naam, sizeof naam, s->naam);
    status_label(s->status, status, sizeof status);
    lb_serie_format_date(s->geldig_van, van, sizeof van);
    if (s->geldig_tot == LB_TIME_NULL)
        snprintf(tot, sizeof tot, "%s", lb_ui_utf8() ? "\u2026" : "...");
    else
        lb_serie_format_date(s->geldig_tot, tot, sizeof tot);
    /* TRANSLATORS: one DAV series in the picker: name · status · valid from – to */
    int n = snprintf(line, sizeof line, _("%s · %s · valid %s – %s"), naam, status, van, tot);
    if (n >= 0 && (size_t)n < sizeof line)
        snprintf(line + n, sizeof line - (size_t)n, " · %s", s->id ? s->id : "");
    return strdup(line);
}

static void show_picker(lb_serie_picker *p)
{
    const lb_dav_serie *all = lb_page_dav_series(&p->series);
    p->count = p->series.count;
    p->sorted = calloc(p->count ? p->count : 1, sizeof *p->sorted);
    char **items = calloc(p->count ? p->count : 1, sizeof *items);
    if (!p->sorted || !items) {
        free(items);
        finish(p, NULL);
        return;
    }
    for (size_t i = 0; i < p->count; i++)
        p->sorted[i] = &all[i];
    qsort(p->sorted, p->count, sizeof *p->sorted, cmp_serie);
    size_t current = 0;
    bool ok = true;
    for (size_t i = 0; i < p->count; i++) {
        if (p->current_id[0] && p->sorted[i]->id && strcmp(p->sorted[i]->id, p->current_id) == 0)
            current = i;
        if (!(items[i] = item_text(p->sorted[i])))
            ok = false;
    }
    lb_dialog *d = ok ? lb_dialog_picker(_("Assign DAV series"), (const char *const *)items,
                                         p->count, current, picker_done, p)
                      : NULL;
    for (size_t i = 0; i < p->count; i++)
        free(items[i]);
    free(items);
    if (!d) {
        finish(p, NULL);
        return;
    }
    lb_dialog_set_change_fn(d, picker_changed);
    p->open_dialogs++;
    lb_shell_dialog(p->sh, d);
    lb_shell_message(p->sh, "%s",
                     _("Type part of the name to search, or paste the id of a series."));
}

static void on_list(void *user, const lb_response *resp)
{
    lb_serie_picker *p = user;
    p->req = NULL;
    lb_shell_progress(p->sh, "");
    lb_error err = resp->err;
    if (err.status == LB_OK)
        lb_page_parse_dav_series(resp->body, resp->body_len, &p->series, &err);
    if (err.status != LB_OK) {
        lb_shell_error(p->sh, _("The DAV series could not be loaded."), &err);
        finish(p, NULL);
        return;
    }
    if (p->series.count == 0) {
        lb_shell_dialog(p->sh, lb_dialog_message(_("Assign DAV series"),
                                                 _("DAV has no series for this administration "
                                                   "yet: there is nothing to choose."),
                                                 NULL, NULL));
        finish(p, NULL);
        return;
    }
    show_picker(p);
}

/* ---- life ---- */

lb_serie_picker *lb_serie_picker_new(lb_shell *sh, const char *what, const char *current_id,
                                     lb_serie_picked_fn done, void *user)
{
    lb_serie_picker *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->sh = sh;
    p->done = done;
    p->user = user;
    lb_page_init(&p->series);
    p->what = strdup(what ? what : "");
    if (!p->what) {
        free(p);
        return NULL;
    }
    if (!lb_serie_id_normalize(current_id, p->current_id))
        p->current_id[0] = '\0';
    lb_error err;
    p->req = send_op(p, "list", NULL, on_list, &err);
    if (!p->req) {
        /* DONE must not run before the caller has P: say it and give up */
        lb_shell_error(sh, _("The DAV series could not be loaded."), &err);
        lb_serie_picker_free(p);
        return NULL;
    }
    lb_shell_progress(sh, _("Loading the DAV series…"));
    return p;
}

void lb_serie_picker_free(lb_serie_picker *p)
{
    if (!p)
        return;
    if (p->req)
        lb_request_cancel(p->req);
    if (p->paste_req)
        lb_request_cancel(p->paste_req);
    lb_page_done(&p->series);
    free(p->sorted);
    free(p->what);
    free(p);
}

bool lb_serie_picker_waiting(const lb_serie_picker *p)
{
    return p && p->open_dialogs == 0 && p->req != NULL;
}
