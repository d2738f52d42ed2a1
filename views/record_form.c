/* record_form.c — detail forms with related lists and the Archief tab. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"
#include "views/record_form.h"
#include "views/roles.h"

#define MAX_RELATED      4
#define ROLE_ARCHIVERING LB_ROLE_ARCHIVERING

struct lb_record_form {
    lb_list *owner;
    lb_form *form;
    lb_list *related[MAX_RELATED];
    size_t related_count;
    size_t archive_tab;
    lb_request *dav_req;
};

lb_record_form *lb_record_form_new(lb_list *list, const char *title)
{
    lb_record_form *rf = calloc(1, sizeof *rf);
    if (!rf)
        return NULL;
    rf->owner = list;
    rf->form = lb_form_new(title);
    if (!rf->form) {
        free(rf);
        return NULL;
    }
    return rf;
}

lb_form *lb_record_form_form(lb_record_form *rf)
{
    return rf->form;
}

static void record_form_closed(void *user)
{
    lb_record_form *rf = user;
    if (rf->dav_req)
        lb_request_cancel(rf->dav_req);
    for (size_t i = 0; i < rf->related_count; i++)
        lb_list_free(rf->related[i]);
    /* the shell frees the form itself */
    free(rf);
}

lb_list *lb_record_form_add_list(lb_record_form *rf, const char *tab_title,
                                 const lb_list_class *cls, const char *const *path,
                                 const char *param, const char *value)
{
    if (rf->related_count == MAX_RELATED)
        return NULL;
    lb_list *l = lb_list_new(cls, lb_list_shell(rf->owner), path, param, value);
    if (!l)
        return NULL;
    rf->related[rf->related_count++] = l;
    size_t tab = lb_form_add_tab(rf->form, tab_title);
    lb_form_body body;
    lb_list_form_body(l, &body);
    lb_form_set_body(rf->form, tab, &body);
    return l;
}

void lb_record_form_add_documents(lb_record_form *rf, const char *regarding_type, const char *id)
{
    lb_list *l = lb_record_form_add_list(rf, _("Documents"), &lb_documents_list_class, NULL,
                                         "regardingType", regarding_type);
    if (!l)
        return;
    /* the second restriction: the record itself */
    lb_list_set_extra_param(l, "regardingId", id);
}

void lb_form_add_time(lb_form *f, size_t tab, const char *label, lb_time t)
{
    char buf[64];
    lb_list_format_time(t, buf, sizeof buf);
    lb_form_add_field(f, tab, label, buf);
}

void lb_form_add_int(lb_form *f, size_t tab, const char *label, long long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", v);
    lb_form_add_field(f, tab, label, buf);
}

static void on_dav_dossier(void *user, const lb_response *resp)
{
    lb_record_form *rf = user;
    rf->dav_req = NULL;
    lb_form *f = rf->form;
    size_t tab = rf->archive_tab;
    if (resp->err.status != LB_OK) {
        lb_form_add_field(f, tab, _("In DAV"), lb_status_message(resp->err.status));
        lb_shell_redraw(lb_list_shell(rf->owner));
        return;
    }
    lb_arena arena;
    lb_arena_init(&arena, 0);
    lb_dav_dossier d;
    lb_error err;
    if (lb_dav_dossier_parse(resp->body, resp->body_len, &arena, &d, &err) == LB_OK) {
        lb_form_add_field(f, tab, _("DAV name"), d.naam);
        lb_form_add_field(f, tab, _("DAV status"), d.status);
        lb_form_add_field(f, tab, _("Series"), d.serie_id);
        lb_form_add_time(f, tab, _("Submitted on"), d.ingediend_op);
        lb_form_add_int(f, tab, _("Documents in DAV"), (long long)d.document_id_count);
        lb_form_add_int(f, tab, _("Relations"), (long long)d.relatie_count);
    } else {
        lb_form_add_field(f, tab, _("In DAV"), lb_status_message(err.status));
    }
    lb_arena_done(&arena);
    lb_shell_redraw(lb_list_shell(rf->owner));
}

void lb_record_form_add_archive(lb_record_form *rf, const char *dav_dossier_id, lb_time archived_on)
{
    lb_form *f = rf->form;
    size_t tab = lb_form_add_tab(f, _("Archive"));
    rf->archive_tab = tab;
    lb_shell *sh = lb_list_shell(rf->owner);
    if (!dav_dossier_id) {
        lb_form_add_field(f, tab, _("State"), _("Not archived"));
        return;
    }
    lb_form_add_field(f, tab, _("State"), _("Archived in DAV"));
    lb_form_add_field(f, tab, _("DAV dossier"), dav_dossier_id);
    lb_form_add_time(f, tab, _("Archived on"), archived_on);
    if (!lb_shell_has_role(sh, ROLE_ARCHIVERING)) {
        lb_form_add_field(f, tab, _("In DAV"),
                          _("hidden: the details in DAV need the role \"LB365 – Archivering\""));
        return;
    }
    char body[128];
    snprintf(body, sizeof body, "{\"id\":\"%.64s\"}", dav_dossier_id);
    if (strpbrk(dav_dossier_id, "\"\\"))
        return; /* not an id; never build JSON from it */
    const char *path[] = {"dav", "dossiers", "get", NULL};
    lb_request_spec spec = {
        .method = "POST", .path = path, .body = body, .body_len = strlen(body), .idempotent = true};
    lb_error err;
    rf->dav_req = lb_bus_send(lb_shell_bus(sh), &spec, on_dav_dossier, rf, &err);
}

void lb_record_form_show(lb_record_form *rf)
{
    for (size_t i = 0; i < rf->related_count; i++)
        lb_list_load(rf->related[i]);
    lb_shell_push_form(lb_list_shell(rf->owner), rf->form, record_form_closed, rf);
}
