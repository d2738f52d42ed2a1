/* melding_form.c — a melding's form. Every text in it comes from outside
 * (citizens, apps, back-office systems): the form and the table sanitize it
 * before it is laid out; only our own labels are trusted. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/melding_fetch.h"
#include "i18n/i18n.h"
#include "ui/safe_text.h"
#include "ui/table.h"
#include "ui/text_pager.h"
#include "views/melding_form.h"
#include "views/melding_save.h"
#include "views/record_form.h"

/* Text attachments shown inside lbterm are cut at this size. */
#define VIEW_MAX_BYTES ((size_t)1024 * 1024)

typedef struct {
    lb_shell *shell;
    lb_melding_record *rec;
    lb_form *form;
    lb_text_pager *description;
    lb_table table;
    lb_table_column cols[3];
    lb_attachment_fetch *viewing;
    size_t viewing_index; /* the attachment being fetched for viewing */
} melding_form;

static const lb_melding *M(const melding_form *mf)
{
    return &mf->rec->melding;
}

static void closed(void *user)
{
    melding_form *mf = user;
    lb_attachment_fetch_cancel(mf->viewing);
    lb_table_done(&mf->table);
    lb_text_pager_free(mf->description);
    lb_melding_record_free(mf->rec);
    free(mf);
}

/* ---- the attachments tab ---- */

static size_t att_rows(void *user)
{
    return M(user)->bijlage_count;
}

static void att_cell(void *user, size_t row, size_t col, char *buf, size_t size)
{
    const lb_attachment *a = &M(user)->bijlagen[row];
    if (col == 2) {
        lb_attachment_format_size(a->grootte, buf, size);
        return;
    }
    const char *s = col == 0 ? a->naam : a->mime_type;
    lb_safe_text(buf, size, s ? s : "", s ? strlen(s) : 0, LB_SAFE_ONE_LINE);
}

static void viewed(void *user, const lb_error *err, int write_errno, const char *data, size_t len)
{
    melding_form *mf = user;
    (void)write_errno;
    mf->viewing = NULL;
    lb_shell_progress(mf->shell, "");
    if (err->status != LB_OK) {
        lb_shell_log(mf->shell, "view attachment: %s (%d) %s", lb_status_name(err->status),
                     err->http_status, err->detail);
        lb_shell_error(mf->shell, _("The attachment could not be shown."), err);
        return;
    }
    const lb_attachment *a = &M(mf)->bijlagen[mf->viewing_index];
    char title[256], name[200];
    lb_safe_text(name, sizeof name, a->naam, strlen(a->naam), LB_SAFE_ONE_LINE);
    snprintf(title, sizeof title, "%s: %s", _("Attachment"), name);
    /* the bytes are outside text: sanitized, line breaks kept */
    char *safe = lb_safe_text_dup(len ? data : NULL, len, LB_SAFE_KEEP_NEWLINES);
    if (!safe)
        return;
    lb_shell_dialog(mf->shell, lb_dialog_message(title, safe, NULL, NULL));
    free(safe);
}

static void view_attachment(melding_form *mf, size_t index)
{
    const lb_attachment *a = &M(mf)->bijlagen[index];
    if (!lb_attachment_is_text(a->mime_type)) {
        lb_shell_message(mf->shell, "%s",
                         _("lbterm shows text attachments only; save this one with s (lbterm "
                           "never opens it)."));
        return;
    }
    if (a->grootte > (long long)VIEW_MAX_BYTES) {
        lb_shell_message(mf->shell, "%s",
                         _("This text is too long to show here; save it with s instead."));
        return;
    }
    if (mf->viewing)
        return;
    /* the declared size is the cap: a bus that sends more is refused */
    size_t cap = a->grootte > 0 ? (size_t)a->grootte : 1;
    lb_error err;
    mf->viewing_index = index;
    mf->viewing =
        lb_attachment_fetch_start(lb_shell_bus(mf->shell), M(mf)->id, a->id, cap, viewed, mf, &err);
    if (!mf->viewing) {
        lb_shell_error(mf->shell, _("The attachment could not be shown."), &err);
        return;
    }
    lb_shell_progress(mf->shell, _("Loading…"));
}

static void att_draw(void *user, int y, int x, int h, int w, bool focused)
{
    melding_form *mf = user;
    if (h < 2)
        return;
    lb_ui_put(y, x, _("Enter: show a text attachment · s: save as… · lbterm never opens a file"), w,
              LB_ATTR_DIM);
    lb_table_place(&mf->table, y + 1, x, h - 1, w);
    lb_table_draw(&mf->table, focused);
    if (focused)
        lb_table_park_cursor(&mf->table);
}

static int att_key(void *user, const lb_key *k)
{
    melding_form *mf = user;
    size_t n = M(mf)->bijlage_count;
    const lb_attachment *a = n ? &M(mf)->bijlagen[mf->table.cursor] : NULL;
    if ((!k->is_key && (k->ch == '\r' || k->ch == '\n')) || (k->is_key && k->key == KEY_ENTER)) {
        if (a)
            view_attachment(mf, mf->table.cursor);
        return LB_UI_REDRAW;
    }
    if (!k->is_key && (k->ch == 's' || k->ch == 'S')) {
        if (a)
            lb_melding_save_attachment(mf->shell, M(mf)->id, a);
        return LB_UI_REDRAW;
    }
    if (k->is_key && (k->key == KEY_LEFT || k->key == KEY_RIGHT))
        return LB_UI_IGNORED; /* tabs */
    return lb_table_key(&mf->table, k, NULL);
}

/* ---- the general tab ---- */

/* "50,8487 N, 4,2636 O" from WKT "POINT(4.2636 50.8487)" (longitude first);
 * any other geometry is shown as the bus sent it. */
static void coordinates(const char *wkt, char *buf, size_t size)
{
    double lon, lat;
    char tail;
    if (!wkt || sscanf(wkt, "POINT(%lf %lf%c", &lon, &lat, &tail) != 3 || tail != ')') {
        snprintf(buf, size, "%s", wkt ? wkt : "---");
        return;
    }
    char a[32], b[32];
    snprintf(a, sizeof a, "%.5f", lat);
    snprintf(b, sizeof b, "%.5f", lon);
    for (char *p = a; *p; p++)
        if (*p == '.')
            *p = ',';
    for (char *p = b; *p; p++)
        if (*p == '.')
            *p = ',';
    /* TRANSLATORS: latitude north, longitude east: "50,84870 N, 4,26360 O (WKT)" */
    snprintf(buf, size, _("%s N, %s E (%s)"), a, b, wkt);
}

static void general_tab(melding_form *mf)
{
    const lb_melding *m = M(mf);
    lb_form *f = mf->form;
    size_t t = lb_form_add_tab(f, _("General"));
    char buf[1024];
    lb_form_add_field(f, t, _("Number"), m->nummer);
    lb_form_add_field(f, t, _("Title"), m->titel);
    lb_form_add_field(f, t, _("Summary"), m->samenvatting);
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < m->meldingstype_count && o < sizeof buf; i++)
        o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s", i ? ", " : "",
                              m->meldingstypes[i].label);
    lb_form_add_field(f, t, _("Category"), buf);
    lb_form_add_field(f, t, _("Status"), m->status.label);
    lb_form_add_time(f, t, _("Received on"), m->ontvangen_op);
    lb_form_add_field(f, t, _("Address"), m->adres);
    coordinates(m->geometrie, buf, sizeof buf);
    lb_form_add_field(f, t, _("Coordinates"), buf);
    lb_form_add_field(f, t, _("Channel"), lb_melding_channel_label(m->kanaal));
    lb_form_add_field(f, t, _("Routed to"),
                      m->doorgestuurd_naar ? m->doorgestuurd_naar->systeem : NULL);
    lb_form_add_field(f, t, _("Reference"),
                      m->doorgestuurd_naar ? m->doorgestuurd_naar->referentie : NULL);
    if (m->behandelaar) {
        snprintf(buf, sizeof buf, "%s%s%s", m->behandelaar->naam ? m->behandelaar->naam : "---",
                 m->behandelaar->team ? " · " : "",
                 m->behandelaar->team ? m->behandelaar->team : "");
        lb_form_add_field(f, t, _("Handled by"), buf);
    } else {
        lb_form_add_field(f, t, _("Handled by"), NULL);
    }
    lb_form_add_field(f, t, _("Reporter type"), m->indiener.type);
    if (m->indiener.verborgen) {
        /* The bus hides the contact from this user: say so, in words. */
        const char *hidden = _("hidden (needs the role \"LB365 – Meldingen contactgegevens\")");
        lb_form_add_field(f, t, _("Reporter"), hidden);
        lb_form_add_field(f, t, _("E-mail"), hidden);
        lb_form_add_field(f, t, _("Phone"), hidden);
    } else {
        lb_form_add_field(f, t, _("Reporter"), m->indiener.naam);
        lb_form_add_field(f, t, _("E-mail"), m->indiener.email);
        lb_form_add_field(f, t, _("Phone"), m->indiener.telefoon);
    }
    lb_form_add_field(f, t, _("Web page"), m->webpagina);
}

static void history_tab(melding_form *mf)
{
    const lb_melding *m = M(mf);
    size_t t = lb_form_add_tab(mf->form, _("Status history"));
    for (size_t i = 0; i < m->geschiedenis_count; i++) {
        const lb_status_event *e = &m->geschiedenis[i];
        char when[64], value[2048];
        lb_list_format_time(e->datum, when, sizeof when);
        snprintf(value, sizeof value, "%s · %s%s%s", e->status.label, e->actor,
                 e->beschrijving ? "\n" : "", e->beschrijving ? e->beschrijving : "");
        lb_form_add_field(mf->form, t, when, value);
    }
    if (m->geschiedenis_count == 0)
        lb_form_add_field(mf->form, t, _("Status"), m->status.label);
}

const char *lb_melding_channel_label(const char *code)
{
    static const struct {
        const char *code, *label;
    } channels[] = {
        {"mijnburgerprofiel", N_("Mijn Burgerprofiel")}, /* the Flemish citizens' app */
        {"website", N_("Website")},
        {"telefoon", N_("Phone")},
    };
    for (size_t i = 0; code && i < sizeof channels / sizeof channels[0]; i++)
        if (strcmp(code, channels[i].code) == 0)
            return _(channels[i].label);
    return code;
}

void lb_melding_form_show(lb_shell *sh, lb_melding_record *rec)
{
    melding_form *mf = calloc(1, sizeof *mf);
    if (!mf) {
        lb_melding_record_free(rec);
        return;
    }
    mf->shell = sh;
    mf->rec = rec;
    const lb_melding *m = M(mf);
    char title[320], titel[200], nummer[40];
    lb_safe_text(titel, sizeof titel, m->titel, strlen(m->titel), LB_SAFE_ONE_LINE);
    lb_safe_text(nummer, sizeof nummer, m->nummer, strlen(m->nummer), LB_SAFE_ONE_LINE);
    snprintf(title, sizeof title, "%s %s: %s", _("Melding"), nummer, titel);
    mf->form = lb_form_new(title);
    mf->description = lb_text_pager_new(m->beschrijving, strlen(m->beschrijving));
    if (!mf->form || !mf->description) {
        lb_form_free(mf->form);
        mf->form = NULL;
        closed(mf);
        return;
    }
    general_tab(mf);
    size_t t = lb_form_add_tab(mf->form, _("Description"));
    lb_form_body body;
    lb_text_pager_body(mf->description, &body);
    lb_form_set_body(mf->form, t, &body);
    history_tab(mf);
    char att_title[64];
    snprintf(att_title, sizeof att_title, "%s (%zu)", _("Attachments"), m->bijlage_count);
    t = lb_form_add_tab(mf->form, att_title);
    mf->cols[0] = (lb_table_column){_("Name"), 12, 0, false};
    mf->cols[1] = (lb_table_column){_("Type"), 10, 24, false};
    mf->cols[2] = (lb_table_column){_("Size"), 8, 12, true};
    lb_table_source src = {att_rows, att_cell, NULL, mf};
    lb_table_init(&mf->table, mf->cols, 3, &src, false);
    mf->table.empty_text = _("(no attachments)");
    lb_form_body ab = {att_draw, att_key, mf};
    lb_form_set_body(mf->form, t, &ab);
    lb_shell_push_form(sh, mf->form, closed, mf);
}
