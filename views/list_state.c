/* list_state.c — Activeren / Deactiveren: the status reason asked when there
 * is a choice, a confirmation that starts on Annuleren, one PATCH per record
 * with its ETag (If-Match) so a record someone else changed is reported (412)
 * and never overwritten, then a summary and a reload. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"
#include "ui/safe_text.h"
#include "views/list_internal.h"
#include "views/roles.h"

#define ROLE_SECRETARIAAT LB_ROLE_SECRETARIAAT
#define ROLE_ARCHIVERING  LB_ROLE_ARCHIVERING

struct lb_list_op;

typedef struct {
    struct lb_list_op *op;
    char *id, *etag;
    lb_request *req;
} op_item;

struct lb_list_op {
    lb_list *list;
    int target_state;
    int statuscode;
    char status_label[128];
    op_item *items;
    lb_request *codes_req; /* the status codes on their way */
    size_t count, pending, done_ok, stale, failed;
    lb_error first_error;
};

void lb_list_statuscodes_done(lb_list *l)
{
    if (l->status_arena_used)
        lb_arena_done(&l->status_arena);
    free(l->status_codes);
    l->status_codes = NULL;
    l->status_code_count = 0;
    l->status_arena_used = false;
}

static void op_free(struct lb_list_op *op)
{
    if (op->codes_req)
        lb_request_cancel(op->codes_req);
    for (size_t i = 0; i < op->count; i++) {
        if (op->items[i].req)
            lb_request_cancel(op->items[i].req);
        free(op->items[i].id);
        free(op->items[i].etag);
    }
    free(op->items);
    free(op);
}

void lb_list_ops_cancel(lb_list *l)
{
    if (l->op) {
        op_free(l->op);
        l->op = NULL;
    }
}

bool lb_list_state_available(lb_list *l, lb_action a, char *why, size_t why_size)
{
    (void)a;
    if (!l->cls->entity || !l->cls->record_state)
        return false;
    if (lb_shell_read_only(l->shell)) {
        snprintf(why, why_size, "%s",
                 _("lbterm runs read-only (--read-only): nothing is changed."));
        return false;
    }
    if (lb_shell_has_role(l->shell, ROLE_SECRETARIAAT) ||
        lb_shell_has_role(l->shell, ROLE_ARCHIVERING))
        return true;
    /* TRANSLATORS: %s is a role name such as "LB365 – Secretariaat". */
    snprintf(why, why_size, _("Needs the role \"%s\" (given by an administrator)."),
             ROLE_SECRETARIAAT);
    return false;
}

/* ---- sending ---- */

static void op_finish(struct lb_list_op *op)
{
    lb_list *l = op->list;
    char msg[512];
    size_t n = op->done_ok;
    const char *noun = lb_list_noun(l->cls, n);
    if (op->target_state == 0)
        /* TRANSLATORS: "3 meetings activated." */
        snprintf(msg, sizeof msg, _("%zu %s activated."), n, noun);
    else
        snprintf(msg, sizeof msg, _("%zu %s deactivated."), n, noun);
    if (op->stale || op->failed) {
        size_t len = strlen(msg);
        if (op->stale)
            len += (size_t)snprintf(msg + len, sizeof msg - len,
                                    ngettext(" %zu was changed by someone else in the meantime and "
                                             "was left alone: refresh (F5) and try again.",
                                             " %zu were changed by someone else in the meantime "
                                             "and were left alone: refresh (F5) and try again.",
                                             op->stale),
                                    op->stale);
        if (op->failed && len < sizeof msg)
            snprintf(msg + len, sizeof msg - len,
                     ngettext(" %zu failed.", " %zu failed.", op->failed), op->failed);
        if (op->failed)
            lb_shell_error(l->shell, msg, &op->first_error);
        else
            lb_shell_dialog(l->shell,
                            lb_dialog_message(_("Not every record was changed"), msg, NULL, NULL));
    } else {
        lb_shell_message(l->shell, "%s", msg);
    }
    l->op = NULL;
    op_free(op);
    lb_list_load(l);
}

static void on_patched(void *user, const lb_response *resp)
{
    op_item *it = user;
    struct lb_list_op *op = it->op;
    it->req = NULL;
    if (resp->err.status == LB_OK) {
        op->done_ok++;
        /* done with: it leaves the view, and the selection with it */
        lb_id_set_remove(&op->list->selection, it->id);
        op->list->counts_stale = true;
    } else if (resp->err.status == LB_ERR_PRECONDITION) {
        op->stale++;
    } else {
        if (op->failed++ == 0)
            op->first_error = resp->err;
        lb_shell_log(op->list->shell, "PATCH %s %s: %s (%d) %s", op->list->cls->crm_collection,
                     it->id, lb_status_name(resp->err.status), resp->http_status, resp->err.detail);
    }
    if (--op->pending == 0)
        op_finish(op);
    else
        lb_shell_progress(op->list->shell, "");
}

static void op_send(struct lb_list_op *op)
{
    lb_list *l = op->list;
    char body[96];
    snprintf(body, sizeof body, "{\"statecode\":%d,\"statuscode\":%d}", op->target_state,
             op->statuscode);
    op->pending = op->count;
    for (size_t i = 0; i < op->count; i++) {
        op_item *it = &op->items[i];
        const char *path[] = {"crm", l->cls->crm_collection, it->id, NULL};
        lb_request_spec spec = {.method = "PATCH",
                                .path = path,
                                .body = body,
                                .body_len = strlen(body),
                                .if_match = it->etag};
        lb_error err;
        it->req = lb_bus_send(lb_shell_bus(l->shell), &spec, on_patched, it, &err);
        if (!it->req) {
            if (op->failed++ == 0)
                op->first_error = err;
            op->pending--;
        }
    }
    if (op->pending == 0)
        op_finish(op);
    else
        lb_shell_progress(l->shell, _("Saving…"));
}

static void confirm_done(void *user, const lb_dialog_result *res)
{
    struct lb_list_op *op = user;
    if (!res->accepted) {
        op->list->op = NULL;
        op_free(op);
        return;
    }
    op_send(op);
}

static void ask_confirm(struct lb_list_op *op)
{
    lb_list *l = op->list;
    char text[512];
    const char *noun = lb_list_noun(l->cls, op->count);
    if (op->target_state == 0)
        /* TRANSLATORS: "Activate 3 meetings with status reason "In verwerking"?" */
        snprintf(text, sizeof text, _("Activate %zu %s with status reason \"%s\"?"), op->count,
                 noun, op->status_label);
    else
        snprintf(text, sizeof text, _("Deactivate %zu %s with status reason \"%s\"?"), op->count,
                 noun, op->status_label);
    lb_dialog *d = lb_dialog_confirm(op->target_state == 0 ? _("Activate") : _("Deactivate"), text,
                                     op->target_state == 0 ? _("Activate") : _("Deactivate"),
                                     confirm_done, op);
    if (!d) {
        l->op = NULL;
        op_free(op);
        return;
    }
    lb_shell_dialog(l->shell, d);
}

typedef struct {
    struct lb_list_op *op;
    size_t codes[16];
} reason_choice;

static void reason_done(void *user, const lb_dialog_result *res)
{
    reason_choice *rc = user;
    struct lb_list_op *op = rc->op;
    lb_list *l = op->list;
    if (!res->accepted) {
        l->op = NULL;
        op_free(op);
        free(rc);
        return;
    }
    const lb_status_code *sc = &l->status_codes[rc->codes[res->index]];
    op->statuscode = sc->statuscode;
    lb_safe_text(op->status_label, sizeof op->status_label, sc->label, strlen(sc->label),
                 LB_SAFE_ONE_LINE);
    free(rc);
    ask_confirm(op);
}

/* With the status codes known: ask the reason when there is a choice. */
static void choose_reason(struct lb_list_op *op)
{
    lb_list *l = op->list;
    reason_choice *rc = calloc(1, sizeof *rc);
    const char *labels[16];
    size_t n = 0;
    for (size_t i = 0; rc && i < l->status_code_count && n < 16; i++) {
        if (l->status_codes[i].statecode != op->target_state)
            continue;
        rc->codes[n] = i;
        labels[n++] = l->status_codes[i].label;
    }
    if (!rc || n == 0) {
        free(rc);
        lb_shell_message(l->shell, "%s", _("The bus knows no status reason for that state."));
        l->op = NULL;
        op_free(op);
        return;
    }
    rc->op = op;
    if (n == 1) {
        lb_dialog_result res = {.accepted = true, .index = 0};
        reason_done(rc, &res);
        return;
    }
    char safe[16][128];
    const char *items[16];
    for (size_t i = 0; i < n; i++) {
        lb_safe_text(safe[i], sizeof safe[i], labels[i], strlen(labels[i]), LB_SAFE_ONE_LINE);
        items[i] = safe[i];
    }
    lb_dialog *d = lb_dialog_picker(_("Status reason"), items, n, 0, reason_done, rc);
    if (!d) {
        free(rc);
        l->op = NULL;
        op_free(op);
        return;
    }
    lb_shell_dialog(l->shell, d);
}

static void on_status_codes(void *user, const lb_response *resp)
{
    struct lb_list_op *op = user;
    lb_list *l = op->list;
    op->codes_req = NULL;
    lb_error err = resp->err;
    lb_page page;
    lb_page_init(&page);
    if (err.status == LB_OK &&
        lb_page_parse_status_codes(resp->body, resp->body_len, &page, &err) == LB_OK) {
        lb_list_statuscodes_done(l);
        l->status_codes = malloc((page.count ? page.count : 1) * sizeof *l->status_codes);
        if (l->status_codes) {
            memcpy(l->status_codes, lb_page_status_codes(&page),
                   page.count * sizeof *l->status_codes);
            l->status_code_count = page.count;
            l->status_arena = page.arena; /* the labels live there; keep it */
            l->status_arena_used = true;
            lb_arena_init(&page.arena, 0);
            page.count = 0;
            page.items = NULL;
        }
        lb_page_done(&page);
        choose_reason(op);
        return;
    }
    lb_page_done(&page);
    lb_shell_error(l->shell, _("The status reasons could not be loaded."), &err);
    l->op = NULL;
    op_free(op);
}

int lb_list_state_act(lb_list *l, lb_action a)
{
    char why[256];
    if (!lb_list_state_available(l, a, why, sizeof why)) {
        lb_shell_message(l->shell, "%s", why);
        return LB_UI_REDRAW;
    }
    if (l->op) {
        lb_shell_message(l->shell, "%s", _("Still busy with the previous change."));
        return LB_UI_REDRAW;
    }
    int target = a == LB_ACT_ACTIVATE ? 0 : 1;
    size_t n = 0;
    const void **recs = lb_list_targets(l, &n);
    struct lb_list_op *op = calloc(1, sizeof *op);
    if (op)
        op->items = calloc(n ? n : 1, sizeof *op->items);
    if (!recs || !op || !op->items) {
        free(recs);
        if (op)
            free(op->items);
        free(op);
        return LB_UI_HANDLED;
    }
    op->list = l;
    op->target_state = target;
    size_t already = 0;
    for (size_t i = 0; i < n; i++) {
        if (l->cls->record_state(recs[i]) == target) {
            already++;
            continue;
        }
        op_item *it = &op->items[op->count];
        it->op = op;
        it->id = strdup(l->cls->record_id(recs[i]));
        const char *etag = l->cls->record_etag ? l->cls->record_etag(recs[i]) : NULL;
        it->etag = etag ? strdup(etag) : NULL;
        if (it->id)
            op->count++;
    }
    free(recs);
    if (op->count == 0) {
        lb_shell_message(l->shell, "%s",
                         n == 0        ? _("No record under the cursor.")
                         : target == 0 ? _("Every chosen record is already active.")
                                       : _("Every chosen record is already inactive."));
        op_free(op);
        return LB_UI_REDRAW;
    }
    if (already)
        lb_shell_message(l->shell,
                         ngettext("%zu chosen record already has that state and is skipped.",
                                  "%zu chosen records already have that state and are skipped.",
                                  already),
                         already);
    l->op = op;
    if (l->status_codes) {
        choose_reason(op);
        return LB_UI_REDRAW;
    }
    const char *path[] = {"crm", "statuscodes", NULL};
    lb_query_param q[] = {{"entity", l->cls->entity}};
    lb_request_spec spec = {.method = "GET", .path = path, .query = q, .query_count = 1};
    lb_error err;
    op->codes_req = lb_bus_send(lb_shell_bus(l->shell), &spec, on_status_codes, op, &err);
    if (!op->codes_req) {
        lb_shell_error(l->shell, _("The status reasons could not be loaded."), &err);
        l->op = NULL;
        op_free(op);
    }
    return LB_UI_REDRAW;
}
