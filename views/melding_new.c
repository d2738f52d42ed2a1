/* melding_new.c — opening the new-melding form: the configuration from the
 * bus, the draft left from last time (verder werken / weggooien /
 * annuleren), and closing (keep or throw away the draft). The form itself
 * is melding_new_form.c. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n/i18n.h"
#include "ui/safe_text.h"
#include "views/gated_list.h"
#include "views/melding_new.h"
#include "views/melding_new_internal.h"
#include "views/roles.h"
#include "views/state_dir.h"

#define DRAFT_FILE "melding-draft.json"

static mnew *g_open; /* one new melding at a time */

static void mnew_free(mnew *st)
{
    if (!st)
        return;
    if (st->cfg_req)
        lb_request_cancel(st->cfg_req);
    lb_melding_send_cancel(st->send);
    lb_arena_done(&st->cfg_arena);
    lb_melding_draft_done(&st->d);
    if (g_open == st)
        g_open = NULL;
    free(st);
}

/* ---- closing ---- */

/* The form is gone (Esc, F10, the terminal hung up): keep the draft unless
 * it was sent or thrown away. */
void mnew_form_closed(void *user)
{
    mnew *st = user;
    st->form = NULL;
    if (st->send) {
        lb_melding_send_cancel(st->send); /* the key makes the next try safe */
        st->send = NULL;
    }
    if (!st->sent && !st->discarded && !lb_melding_draft_empty(&st->d))
        mnew_save(st);
    mnew_free(st);
}

static void close_now(mnew *st)
{
    if (st->form)
        lb_shell_close_form(st->sh, st->form);
}

static void discard(mnew *st)
{
    lb_error err;
    st->discarded = true;
    if (lb_melding_draft_remove(st->path, &err) != LB_OK)
        lb_shell_error(st->sh, _("The draft could not be removed."), &err);
}

static void discard_confirmed(void *user, const lb_dialog_result *res)
{
    mnew *st = user;
    if (!res->accepted)
        return;
    discard(st);
    close_now(st);
    lb_shell_message(st->sh, "%s", _("The draft was thrown away."));
}

enum { CLOSE_KEEP, CLOSE_DISCARD, CLOSE_CANCEL };

static void close_chosen(void *user, const lb_dialog_result *res)
{
    mnew *st = user;
    if (!res->accepted || res->index == CLOSE_CANCEL)
        return;
    if (res->index == CLOSE_KEEP) {
        mnew_save(st);
        close_now(st);
        lb_shell_message(st->sh, "%s", _("The draft was kept; c on Meldingen takes it up again."));
        return;
    }
    lb_shell_dialog(st->sh, lb_dialog_confirm(_("Throw the draft away"),
                                              _("Everything typed for this melding and the list "
                                                "of attachments will be lost. Throw it away?"),
                                              _("Throw away"), discard_confirmed, st));
}

void mnew_ask_close(mnew *st)
{
    if (lb_melding_draft_empty(&st->d) && !st->d.melding_id) {
        discard(st);
        close_now(st);
        return;
    }
    const char *items[] = {_("Keep the draft and close"), _("Throw the draft away"),
                           _("Cancel (go on with the melding)")};
    /* the cursor starts on Annuleren: Enter by mistake loses nothing */
    lb_shell_dialog(st->sh, lb_dialog_picker(_("The melding was not sent"), items, 3, CLOSE_CANCEL,
                                             close_chosen, st));
}

/* ---- opening ---- */

static void start_form(mnew *st)
{
    if (!mnew_form_show(st)) {
        lb_shell_message(st->sh, "%s", _("Out of memory."));
        mnew_free(st);
    }
}

static bool new_draft(mnew *st)
{
    lb_error err;
    if (lb_melding_draft_init(&st->d, &err) != LB_OK) {
        lb_shell_error(st->sh, _("A new melding could not be started."), &err);
        return false;
    }
    st->have_draft = true;
    return true;
}

enum { OFFER_CONTINUE, OFFER_DISCARD, OFFER_CANCEL };

static void offer_chosen(void *user, const lb_dialog_result *res)
{
    mnew *st = user;
    if (!res->accepted || res->index == OFFER_CANCEL) {
        mnew_free(st);
        return;
    }
    if (res->index == OFFER_DISCARD) {
        lb_error err;
        lb_melding_draft_done(&st->d);
        st->have_draft = false;
        if (lb_melding_draft_remove(st->path, &err) != LB_OK)
            lb_shell_error(st->sh, _("The draft could not be removed."), &err);
        if (!new_draft(st)) {
            mnew_free(st);
            return;
        }
    }
    start_form(st);
}

static void offer_draft(mnew *st)
{
    char when[64] = "";
    struct tm tm;
    time_t t = st->d.changed ? st->d.changed : st->d.started;
    if (localtime_r(&t, &tm))
        strftime(when, sizeof when, "%d/%m/%Y %H:%M", &tm);
    char title[160];
    snprintf(title, sizeof title, _("There is an unfinished melding of %s"), when);
    const char *items[] = {_("Go on with it"), _("Throw it away"), _("Cancel")};
    lb_shell_dialog(st->sh, lb_dialog_picker(title, items, 3, OFFER_CONTINUE, offer_chosen, st));
}

static void load_draft(mnew *st)
{
    lb_error err = {0};
    switch (lb_melding_draft_load(st->path, &st->d, &err)) {
    case LB_DRAFT_LOADED:
        st->have_draft = true;
        offer_draft(st);
        return;
    case LB_DRAFT_DAMAGED: {
        char text[1024], aside[600];
        lb_safe_text(aside, sizeof aside, err.detail, strlen(err.detail), LB_SAFE_ONE_LINE);
        snprintf(text, sizeof text,
                 _("The draft of a melding could not be read (the file is damaged). It was kept "
                   "as %s; open it in an editor to copy what you need. A new melding starts now."),
                 aside);
        lb_shell_dialog(st->sh, lb_dialog_message(_("Draft damaged"), text, NULL, NULL));
        break;
    }
    case LB_DRAFT_ERROR:
        lb_shell_error(st->sh, _("The draft of a melding could not be read."), &err);
        mnew_free(st);
        return;
    case LB_DRAFT_NONE: break;
    }
    if (!new_draft(st)) {
        mnew_free(st);
        return;
    }
    start_form(st);
}

static void on_config(void *user, const lb_response *resp)
{
    mnew *st = user;
    st->cfg_req = NULL;
    lb_shell_progress(st->sh, "");
    lb_error err = resp->err;
    if (err.status == LB_OK && lb_melding_config_parse(resp->body, resp->body_len, &st->cfg_arena,
                                                       &st->cfg, &err) == LB_OK) {
        load_draft(st);
        return;
    }
    lb_shell_error(st->sh, _("The form for a new melding could not be loaded."), &err);
    mnew_free(st);
}

int lb_melding_new_open(lb_shell *shell)
{
    /* the screen hides c without the role; the bus would refuse it anyway */
    if (!lb_gated_has_any(shell, lb_roles_melding_takers)) {
        char why[256];
        lb_gated_why_roles(lb_roles_melding_takers, why, sizeof why);
        lb_shell_message(shell, "%s", why);
        return LB_UI_REDRAW;
    }
    if (lb_shell_read_only(shell)) {
        lb_shell_message(shell, "%s", _("lbterm runs read-only: no new melding."));
        return LB_UI_REDRAW;
    }
    if (g_open) {
        lb_shell_message(shell, "%s", _("A new melding is already open."));
        return LB_UI_REDRAW;
    }
    mnew *st = calloc(1, sizeof *st);
    if (!st)
        return LB_UI_HANDLED;
    st->sh = shell;
    lb_arena_init(&st->cfg_arena, 4096);
    char dir[PATH_MAX - 32];
    if (!lb_state_dir(dir, sizeof dir)) {
        lb_shell_message(shell, "%s",
                         _("No place for the draft: set HOME or XDG_STATE_HOME and start again."));
        mnew_free(st);
        return LB_UI_REDRAW;
    }
    snprintf(st->path, sizeof st->path, "%s/%s", dir, DRAFT_FILE);
    static const char *const path[] = {"melding", "configuration", NULL};
    lb_request_spec spec = {.method = "GET", .path = path};
    lb_error err;
    st->cfg_req = lb_bus_send(lb_shell_bus(shell), &spec, on_config, st, &err);
    if (!st->cfg_req) {
        lb_shell_error(shell, _("The form for a new melding could not be loaded."), &err);
        mnew_free(st);
        return LB_UI_REDRAW;
    }
    g_open = st;
    lb_shell_progress(shell, _("Loading the melding form..."));
    return LB_UI_REDRAW;
}
