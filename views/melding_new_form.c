/* melding_new_form.c — the new-melding form: one row per field the
 * configuration asks for (required ones marked *, limits shown), Enter
 * edits a row (a prompt, or a picker for category and channel), the
 * Bijlagen tab adds and removes attachments, Versturen checks everything
 * and sends with a progress bar per step. The draft is saved after every
 * change, so a hang-up never loses it. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "i18n/i18n.h"
#include "ui/progress.h"
#include "ui/safe_text.h"
#include "views/melding_form.h"
#include "views/melding_new_internal.h"

/* The fields in the form's order and their labels. */
static const struct {
    lb_draft_field f;
    const char *label;
} field_rows[] = {
    {LB_DF_MELDINGSTYPE, N_("Category")},   {LB_DF_TITEL, N_("Title")},
    {LB_DF_SAMENVATTING, N_("Summary")},    {LB_DF_BESCHRIJVING, N_("Description")},
    {LB_DF_ADRES, N_("Address")},           {LB_DF_KANAAL, N_("Channel")},
    {LB_DF_NAAM, N_("Caller's name")},      {LB_DF_EMAIL, N_("Caller's e-mail")},
    {LB_DF_TELEFOON, N_("Caller's phone")},
};

static const char *field_label(lb_draft_field f)
{
    for (size_t i = 0; i < sizeof field_rows / sizeof field_rows[0]; i++)
        if (field_rows[i].f == f)
            return _(field_rows[i].label);
    return "";
}

void mnew_save(mnew *st)
{
    if (st->sent || st->discarded || !st->have_draft)
        return;
    lb_error err;
    if (lb_melding_draft_save(&st->d, st->path, &err) == LB_OK) {
        st->save_failed = false;
        return;
    }
    lb_shell_log(st->sh, "draft %s: %s", st->path, err.detail);
    if (!st->save_failed)
        lb_shell_error(st->sh, _("The draft could not be saved."), &err);
    st->save_failed = true;
}

static void size_text(char *buf, size_t size, int64_t bytes)
{
    if (bytes >= 1024 * 1024)
        snprintf(buf, size, "%.1f MB", (double)bytes / (1024.0 * 1024.0));
    else if (bytes >= 1024)
        snprintf(buf, size, "%.1f kB", (double)bytes / 1024.0);
    else
        snprintf(buf, size, "%lld B", (long long)bytes);
}

/* The allowed types from the bus, sanitized, as one line. */
static void types_text(const mnew *st, char *buf, size_t size)
{
    char raw[512] = "";
    for (size_t i = 0; i < st->cfg.bijlagen.toegelaten_type_count; i++) {
        size_t l = strlen(raw);
        snprintf(raw + l, sizeof raw - l, "%s%s", i ? ", " : "",
                 st->cfg.bijlagen.toegelaten_types[i]);
    }
    lb_safe_text(buf, size, raw, strlen(raw), LB_SAFE_ONE_LINE);
}

/* The sentence for a problem (translated). */
static void problem_text(const mnew *st, const lb_melding_problem *p, char *buf, size_t size)
{
    char n[32];
    switch (p->kind) {
    case LB_MP_REQUIRED: snprintf(buf, size, "%s", _("Fill in this field: it is required.")); break;
    case LB_MP_TOO_LONG:
        snprintf(buf, size, _("Too long: at most %lld characters."), (long long)p->limit);
        break;
    case LB_MP_UNKNOWN_CODE:
        snprintf(buf, size, "%s", _("Choose a value from the list (Enter)."));
        break;
    case LB_MP_BAD_EMAIL:
        snprintf(buf, size, "%s", _("Not an e-mail address: write it as name@domain.be."));
        break;
    case LB_MP_BIJLAGE_TYPE: {
        char types[256];
        types_text(st, types, sizeof types);
        snprintf(buf, size, _("This kind of file is not allowed; allowed are: %s."), types);
        break;
    }
    case LB_MP_BIJLAGE_SIZE:
        size_text(n, sizeof n, p->limit);
        if (p->limit > 0)
            snprintf(buf, size, _("The file is empty or larger than %s."), n);
        else
            snprintf(buf, size, "%s", _("The file is empty."));
        break;
    case LB_MP_BIJLAGE_COUNT:
        snprintf(buf, size, _("A melding holds at most %lld attachments."), (long long)p->limit);
        break;
    case LB_MP_BIJLAGE_NAME:
        snprintf(buf, size, "%s",
                 _("The file name holds '/', '..' or control characters: rename the file."));
        break;
    }
}

static const lb_melding_problem *problem_for(const mnew *st, lb_draft_field f, size_t bijlage)
{
    if (!st->show_problems)
        return NULL;
    for (size_t i = 0; i < st->problem_count && i < MNEW_MAX_PROBLEMS; i++) {
        const lb_melding_problem *p = &st->problems[i];
        if (p->field == f && (f != LB_DF_COUNT || p->bijlage == bijlage))
            return p;
    }
    return NULL;
}

/* The category's label ("Sluikstort / Aan glasbol") from the bus. */
static void category_text(const mnew *st, const char *code, char *buf, size_t size)
{
    snprintf(buf, size, "%s", code);
    for (size_t i = 0; i < st->cfg.categorie_count; i++) {
        const lb_categorie *c = &st->cfg.categorieen[i];
        if (c->code && strcmp(c->code, code) == 0) {
            snprintf(buf, size, "%s", c->label ? c->label : code);
            return;
        }
        for (size_t j = 0; j < c->sub_count; j++)
            if (c->sub[j].code && strcmp(c->sub[j].code, code) == 0) {
                snprintf(buf, size, "%s / %s", c->label ? c->label : c->code,
                         c->sub[j].label ? c->sub[j].label : code);
                return;
            }
    }
}

static void add_row(mnew *st, size_t tab, mnew_row_kind kind, int index, const char *label,
                    const char *value)
{
    if (st->row_count[tab] == MNEW_MAX_ROWS)
        return;
    st->rows[tab][st->row_count[tab]++] = (mnew_row){kind, index};
    lb_form_add_field(st->form, tab, label, value);
}

/* VALUE with the problem's sentence after it, so that the message stands
 * on the field that is wrong. */
static void with_problem(const mnew *st, const lb_melding_problem *p, const char *value, char *buf,
                         size_t size)
{
    char why[512];
    problem_text(st, p, why, sizeof why);
    snprintf(buf, size, "%.4000s   (!) %.500s", value && *value ? value : "---", why);
}

static void send_text(const mnew *st, char *buf, size_t size)
{
    if (st->send) {
        const lb_send_progress *p = &st->progress;
        char bar[24], num[64];
        size_t total = p->steps ? p->steps : 1, done = p->step ? p->step - 1 : 0;
        size_t fill = done * 20 / total;
        for (size_t i = 0; i < 20; i++)
            bar[i] = i < fill ? '#' : '.';
        bar[20] = '\0';
        lb_progress_text(num, sizeof num, p->step, total, 0);
        const char *what = "";
        char step[320] = "";
        switch (p->phase) {
        case LB_SEND_ADD: what = _("creating the melding"); break;
        case LB_SEND_CHECK: what = _("asking the bus which attachments arrived"); break;
        case LB_SEND_WAITING: what = _("no answer; trying again in a moment"); break;
        case LB_SEND_UPLOAD:
            if (p->bijlage < st->d.bijlage_count) {
                char sz[32], sent[32];
                size_text(sz, sizeof sz, p->bytes);
                size_text(sent, sizeof sent, p->sent);
                snprintf(step, sizeof step, _("attachment %s (%s of %s)"),
                         st->d.bijlagen[p->bijlage].naam, sent, sz);
                what = step;
            }
            break;
        }
        snprintf(buf, size, "[%s] %s  %s", bar, num, what);
        return;
    }
    if (st->failed)
        snprintf(buf, size, "%s  %s", _("Enter: send the rest again."), st->last_error);
    else
        snprintf(buf, size, "%s", _("Enter: check and send (F2)."));
}

void mnew_form_rebuild(mnew *st)
{
    if (!st->form)
        return;
    size_t tab = lb_form_current_tab(st->form), focus = lb_form_focus(st->form);
    for (size_t t = 0; t < 2; t++) {
        lb_form_clear_tab(st->form, t);
        st->row_count[t] = 0;
    }
    char label[160], value[8192];
    for (size_t i = 0; i < sizeof field_rows / sizeof field_rows[0]; i++) {
        lb_draft_field f = field_rows[i].f;
        lb_melding_rule r = lb_melding_field_rule(&st->cfg, f);
        if (!r.shown)
            continue;
        if (r.max_len > 0 && f != LB_DF_MELDINGSTYPE && f != LB_DF_KANAAL)
            snprintf(label, sizeof label, _("%s%s (max. %d)"), _(field_rows[i].label),
                     r.required ? " *" : "", (int)r.max_len);
        else
            snprintf(label, sizeof label, "%s%s", _(field_rows[i].label), r.required ? " *" : "");
        const char *v = lb_melding_draft_get(&st->d, f);
        char shown[4096];
        if (f == LB_DF_MELDINGSTYPE && *v)
            category_text(st, v, shown, sizeof shown);
        else if (f == LB_DF_KANAAL)
            snprintf(shown, sizeof shown, "%s", lb_melding_channel_label(v));
        else
            snprintf(shown, sizeof shown, "%s", v);
        const lb_melding_problem *p = problem_for(st, f, 0);
        if (p) {
            with_problem(st, p, shown, value, sizeof value);
            add_row(st, MNEW_TAB_MELDING, ROW_FIELD, (int)f, label, value);
        } else {
            add_row(st, MNEW_TAB_MELDING, ROW_FIELD, (int)f, label, *shown ? shown : NULL);
        }
    }
    size_t accepted = 0;
    for (size_t i = 0; i < st->d.bijlage_count; i++)
        accepted += st->d.bijlagen[i].accepted;
    snprintf(value, sizeof value, _("%zu (Enter or Tab: the Bijlagen tab)"), st->d.bijlage_count);
    add_row(st, MNEW_TAB_MELDING, ROW_BIJLAGEN, 0, _("Attachments"), value);
    if (st->d.melding_id) {
        snprintf(value, sizeof value, _("%s is on the bus; %zu of %zu attachments are accepted."),
                 st->d.nummer ? st->d.nummer : st->d.melding_id, accepted, st->d.bijlage_count);
        add_row(st, MNEW_TAB_MELDING, ROW_INFO, 0, _("Sent"), value);
    }
    send_text(st, value, sizeof value);
    add_row(st, MNEW_TAB_MELDING, ROW_SEND, 0, st->failed ? _("Try again") : _("Send"), value);
    add_row(st, MNEW_TAB_MELDING, ROW_CANCEL, 0, _("Cancel"), _("Enter or Esc: close the form."));

    add_row(st, MNEW_TAB_BIJLAGEN, ROW_ADD_BIJLAGE, 0, _("Add an attachment"),
            _("Enter or Insert: give the path of a file."));
    for (size_t i = 0; i < st->d.bijlage_count; i++) {
        const lb_draft_bijlage *b = &st->d.bijlagen[i];
        char sz[32];
        size_text(sz, sizeof sz, b->grootte);
        snprintf(value, sizeof value, "%s, %s%s", b->mime_type, sz,
                 b->accepted ? _(", on the bus") : _(" (Delete: remove)"));
        const lb_melding_problem *p = problem_for(st, LB_DF_COUNT, i);
        char shown[8192], naam[1024];
        /* labels are drawn as given: a name from a draft file is not trusted */
        lb_safe_text(naam, sizeof naam, b->naam, strlen(b->naam), LB_SAFE_ONE_LINE);
        if (p) {
            with_problem(st, p, value, shown, sizeof shown);
            add_row(st, MNEW_TAB_BIJLAGEN, ROW_BIJLAGE, (int)i, naam, shown);
        } else {
            add_row(st, MNEW_TAB_BIJLAGEN, ROW_BIJLAGE, (int)i, naam, value);
        }
    }
    const lb_bijlage_regels *rules = &st->cfg.bijlagen;
    char types[512], sz[32];
    types_text(st, types, sizeof types);
    size_text(sz, sizeof sz, rules->max_grootte);
    snprintf(value, sizeof value, _("%s; at most %s each, at most %d attachments"), types, sz,
             (int)rules->max_aantal);
    add_row(st, MNEW_TAB_BIJLAGEN, ROW_INFO, 0, _("Allowed"), value);
    lb_form_set_focus(st->form, tab, focus);
    lb_shell_redraw(st->sh);
}

/* ---- editing a field ---- */

static void changed(mnew *st)
{
    st->d.changed = time(NULL);
    mnew_save(st);
    if (st->show_problems)
        st->problem_count = lb_melding_validate(&st->cfg, &st->d, st->problems, MNEW_MAX_PROBLEMS);
    mnew_form_rebuild(st);
}

static const char *check_text(void *user, const char *text)
{
    mnew *st = user;
    static char why[512];
    lb_melding_problem p;
    if (lb_melding_check_field(&st->cfg, st->editing, text, &p) || p.kind == LB_MP_REQUIRED)
        return NULL; /* a required field may stay empty while the draft grows */
    problem_text(st, &p, why, sizeof why);
    return why;
}

static void text_done(void *user, const lb_dialog_result *res)
{
    mnew *st = user;
    if (!res->accepted)
        return;
    if (!lb_melding_draft_set(&st->d, st->editing, res->text)) {
        lb_shell_message(st->sh, "%s", _("Out of memory."));
        return;
    }
    changed(st);
}

static void edit_text(mnew *st, lb_draft_field f)
{
    st->editing = f;
    lb_melding_rule r = lb_melding_field_rule(&st->cfg, f);
    char label[160];
    if (r.max_len > 0)
        snprintf(label, sizeof label, _("At most %d characters%s"), (int)r.max_len,
                 r.required ? _(", required") : "");
    else
        snprintf(label, sizeof label, "%s", r.required ? _("Required") : "");
    /* a dialog draws what it gets: the draft file is not trusted; the
     * description keeps its line breaks */
    const char *v = lb_melding_draft_get(&st->d, f);
    bool multi = f == LB_DF_BESCHRIJVING;
    char *initial =
        lb_safe_text_dup(v, strlen(v), multi ? LB_SAFE_KEEP_NEWLINES : LB_SAFE_ONE_LINE);
    lb_dialog *d = !initial ? NULL
                   : multi  ? lb_dialog_text(field_label(f), label, initial, text_done, st)
                            : lb_dialog_prompt(field_label(f), label, initial, text_done, st);
    free(initial);
    if (!d)
        return;
    lb_dialog_set_check_fn(d, check_text);
    lb_shell_dialog(st->sh, d);
}

/* Pickers show labels from the bus: sanitized first. */
static char **safe_items(const char *const *texts, size_t n)
{
    char **items = calloc(n ? n : 1, sizeof *items);
    for (size_t i = 0; items && i < n; i++) {
        const char *t = texts[i] ? texts[i] : "";
        if (!(items[i] = lb_safe_text_dup(t, strlen(t), LB_SAFE_ONE_LINE))) {
            for (size_t j = 0; j < i; j++)
                free(items[j]);
            free(items);
            return NULL;
        }
    }
    return items;
}

static void free_items(char **items, size_t n)
{
    for (size_t i = 0; items && i < n; i++)
        free(items[i]);
    free(items);
}

static void pick(mnew *st, const char *title, const char *const *texts, size_t n, size_t current,
                 lb_dialog_done_fn done)
{
    char **items = safe_items(texts, n);
    lb_dialog *d =
        items ? lb_dialog_picker(title, (const char *const *)items, n, current, done, st) : NULL;
    free_items(items, n); /* the dialog copied them */
    if (d)
        lb_shell_dialog(st->sh, d);
}

static size_t picked_category; /* between the two pickers */

static void sub_done(void *user, const lb_dialog_result *res)
{
    mnew *st = user;
    if (!res->accepted || picked_category >= st->cfg.categorie_count)
        return;
    const lb_categorie *c = &st->cfg.categorieen[picked_category];
    const char *code =
        res->index == 0 || res->index > c->sub_count ? c->code : c->sub[res->index - 1].code;
    lb_melding_draft_set(&st->d, LB_DF_MELDINGSTYPE, code);
    changed(st);
}

static void category_done(void *user, const lb_dialog_result *res)
{
    mnew *st = user;
    if (!res->accepted || res->index >= st->cfg.categorie_count)
        return;
    const lb_categorie *c = &st->cfg.categorieen[res->index];
    if (c->sub_count == 0) {
        lb_melding_draft_set(&st->d, LB_DF_MELDINGSTYPE, c->code);
        changed(st);
        return;
    }
    picked_category = res->index;
    const char **texts = calloc(c->sub_count + 1, sizeof *texts);
    if (!texts)
        return;
    char *plain = lb_safe_text_dup(c->label ? c->label : "", c->label ? strlen(c->label) : 0,
                                   LB_SAFE_ONE_LINE);
    char first[300];
    snprintf(first, sizeof first, _("%s (no sub-category)"), plain ? plain : "");
    free(plain);
    texts[0] = first;
    for (size_t i = 0; i < c->sub_count; i++)
        texts[i + 1] = c->sub[i].label ? c->sub[i].label : c->sub[i].code;
    pick(st, _("Sub-category"), texts, c->sub_count + 1, c->sub_count ? 1 : 0, sub_done);
    free(texts);
}

static void edit_category(mnew *st)
{
    size_t n = st->cfg.categorie_count;
    if (n == 0) {
        lb_shell_message(st->sh, "%s", _("The bus offers no categories: ask the administrator."));
        return;
    }
    const char **texts = calloc(n, sizeof *texts);
    if (!texts)
        return;
    for (size_t i = 0; i < n; i++)
        texts[i] = st->cfg.categorieen[i].label ? st->cfg.categorieen[i].label
                                                : st->cfg.categorieen[i].code;
    pick(st, _("Category"), texts, n, 0, category_done);
    free(texts);
}

static void channel_done(void *user, const lb_dialog_result *res)
{
    mnew *st = user;
    if (!res->accepted || res->index >= st->cfg.kanaal_count)
        return;
    lb_melding_draft_set(&st->d, LB_DF_KANAAL, st->cfg.kanalen[res->index]);
    changed(st);
}

static void edit_channel(mnew *st)
{
    size_t current = 0;
    for (size_t i = 0; i < st->cfg.kanaal_count; i++)
        if (strcmp(st->cfg.kanalen[i], "telefoon") == 0)
            current = i; /* the helpdesk takes calls */
    /* the names people know, in the configuration's order (the index picks the code) */
    size_t n = st->cfg.kanaal_count;
    const char **labels = calloc(n ? n : 1, sizeof *labels);
    if (!labels)
        return;
    for (size_t i = 0; i < n; i++)
        labels[i] = lb_melding_channel_label(st->cfg.kanalen[i]);
    pick(st, _("Channel"), labels, n, current, channel_done);
    free(labels);
}

/* ---- attachments ---- */

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Why PATH cannot be attached (translated), or NULL. */
static const char *bijlage_problem(mnew *st, const char *path)
{
    static char why[512];
    struct stat sb;
    if (!*path)
        return _("Give the path of a file.");
    if (stat(path, &sb) != 0) {
        snprintf(why, sizeof why, "%s", _("There is no file at this path."));
        return why;
    }
    if (!S_ISREG(sb.st_mode))
        return _("This is not a file (a directory or a device?).");
    lb_melding_problem p;
    const char *naam = base_name(path);
    if (lb_melding_check_bijlage(&st->cfg.bijlagen, naam, lb_melding_mime_for(naam),
                                 (int64_t)sb.st_size, st->d.bijlage_count, &p))
        return NULL;
    problem_text(st, &p, why, sizeof why);
    return why;
}

static const char *check_path(void *user, const char *text)
{
    return bijlage_problem(user, text);
}

static void path_done(void *user, const lb_dialog_result *res)
{
    mnew *st = user;
    if (!res->accepted || bijlage_problem(st, res->text))
        return;
    struct stat sb;
    if (stat(res->text, &sb) != 0)
        return;
    const char *naam = base_name(res->text);
    if (!lb_melding_draft_add_bijlage(&st->d, res->text, naam, lb_melding_mime_for(naam),
                                      (int64_t)sb.st_size)) {
        lb_shell_message(st->sh, "%s", _("Out of memory."));
        return;
    }
    changed(st);
    lb_form_set_focus(st->form, MNEW_TAB_BIJLAGEN, st->d.bijlage_count);
}

static void add_bijlage(mnew *st)
{
    lb_dialog *d =
        lb_dialog_prompt(_("Add an attachment"), _("Path of the file"), "", path_done, st);
    if (!d)
        return;
    lb_dialog_set_check_fn(d, check_path);
    lb_shell_dialog(st->sh, d);
}

static size_t removing;

static void remove_done(void *user, const lb_dialog_result *res)
{
    mnew *st = user;
    if (!res->accepted || removing >= st->d.bijlage_count)
        return;
    lb_melding_draft_remove_bijlage(&st->d, removing);
    changed(st);
}

static void remove_bijlage(mnew *st, size_t i)
{
    if (i >= st->d.bijlage_count)
        return;
    if (st->d.bijlagen[i].accepted) {
        lb_shell_message(st->sh, "%s",
                         _("This attachment is already on the bus; it cannot be taken back here."));
        return;
    }
    removing = i;
    char *naam =
        lb_safe_text_dup(st->d.bijlagen[i].naam, strlen(st->d.bijlagen[i].naam), LB_SAFE_ONE_LINE);
    char text[512];
    snprintf(text, sizeof text, _("Remove the attachment %s from this melding?"), naam ? naam : "");
    free(naam);
    lb_shell_dialog(st->sh,
                    lb_dialog_confirm(_("Remove attachment"), text, _("Remove"), remove_done, st));
}

/* ---- sending ---- */

static void on_progress(void *user, const lb_send_progress *p)
{
    mnew *st = user;
    st->progress = *p;
    if (p->phase == LB_SEND_WAITING)
        lb_shell_log(st->sh, "melding upload %zu (try %d) failed; trying again", p->bijlage + 1,
                     p->attempt);
    else if (p->phase == LB_SEND_CHECK)
        lb_shell_log(st->sh, "melding upload %zu: answer lost; asking the bus what it has",
                     p->bijlage + 1);
    char text[64];
    lb_progress_text(text, sizeof text, p->step, p->steps, 0);
    lb_shell_progress(st->sh, text);
    mnew_form_rebuild(st);
}

static void on_changed(void *user)
{
    mnew_save(user);
}

static void sent_closed(void *user, const lb_dialog_result *res)
{
    mnew *st = user;
    (void)res;
    if (st->form)
        lb_shell_close_form(st->sh, st->form);
}

static void on_done(void *user, const lb_error *err, size_t bijlage)
{
    mnew *st = user;
    st->send = NULL;
    lb_shell_progress(st->sh, "");
    if (err->status == LB_OK) {
        lb_error rerr;
        st->sent = true;
        st->failed = false;
        if (lb_melding_draft_remove(st->path, &rerr) != LB_OK)
            lb_shell_log(st->sh, "draft %s: %s", st->path, rerr.detail);
        char *nummer = lb_safe_text_dup(st->d.nummer ? st->d.nummer : "",
                                        st->d.nummer ? strlen(st->d.nummer) : 0, LB_SAFE_ONE_LINE);
        char text[512];
        snprintf(text, sizeof text, _("Melding %s was created with %zu attachments."),
                 nummer ? nummer : "", st->d.bijlage_count);
        free(nummer);
        mnew_form_rebuild(st);
        lb_shell_message(st->sh, "%s", text);
        lb_shell_dialog(st->sh, lb_dialog_message(_("Melding sent"), text, sent_closed, st));
        return;
    }
    st->failed = true;
    mnew_save(st);
    const char *what = _("The melding could not be created. The draft is kept: choose Try again.");
    char buf[512];
    if (bijlage < st->d.bijlage_count) {
        char *naam = lb_safe_text_dup(st->d.bijlagen[bijlage].naam,
                                      strlen(st->d.bijlagen[bijlage].naam), LB_SAFE_ONE_LINE);
        snprintf(buf, sizeof buf,
                 _("The attachment %s could not be sent. The melding and the attachments already "
                   "sent are kept: choose Try again to send the rest."),
                 naam ? naam : "");
        free(naam);
        what = buf;
    }
    snprintf(st->last_error, sizeof st->last_error, "%s", lb_status_message(err->status));
    mnew_form_rebuild(st);
    lb_shell_error(st->sh, what, err);
}

static void focus_problem(mnew *st, const lb_melding_problem *p)
{
    size_t tab = p->field == LB_DF_COUNT ? MNEW_TAB_BIJLAGEN : MNEW_TAB_MELDING;
    for (size_t i = 0; i < st->row_count[tab]; i++) {
        const mnew_row *r = &st->rows[tab][i];
        if ((r->kind == ROW_FIELD && r->index == (int)p->field) ||
            (r->kind == ROW_BIJLAGE && (size_t)r->index == p->bijlage)) {
            lb_form_set_focus(st->form, tab, i);
            return;
        }
    }
}

static void send(mnew *st)
{
    if (st->send)
        return;
    st->show_problems = true;
    st->problem_count = lb_melding_validate(&st->cfg, &st->d, st->problems, MNEW_MAX_PROBLEMS);
    mnew_form_rebuild(st);
    if (st->problem_count) {
        const lb_melding_problem *p = &st->problems[0];
        focus_problem(st, p);
        char why[512];
        problem_text(st, p, why, sizeof why);
        lb_shell_message(st->sh, _("Not sent: %s: %s"),
                         p->field == LB_DF_COUNT ? _("Attachments") : field_label(p->field), why);
        return;
    }
    mnew_save(st);
    lb_send_callbacks cb = {on_progress, on_changed, on_done, st};
    lb_error err;
    st->failed = false;
    st->progress = (lb_send_progress){0};
    st->send = lb_melding_send_start(lb_shell_bus(st->sh), &st->d, NULL, &cb, &err);
    if (!st->send)
        lb_shell_error(st->sh, _("The melding could not be sent."), &err);
    mnew_form_rebuild(st);
}

/* ---- keys ---- */

static bool is_enter(const lb_key *k)
{
    return (!k->is_key && (k->ch == '\r' || k->ch == '\n')) || (k->is_key && k->key == KEY_ENTER);
}

static int key_hook(void *user, const lb_key *k)
{
    mnew *st = user;
    bool esc = !k->is_key && k->ch == 0x1B;
    if (st->sent)
        return esc || is_enter(k) ? LB_UI_CLOSE : LB_UI_IGNORED;
    if (st->send) {
        if (esc || is_enter(k) || (k->is_key && (k->key == KEY_DC || k->key == KEY_IC))) {
            lb_shell_message(st->sh, "%s", _("The melding is being sent: a moment please."));
            return LB_UI_HANDLED;
        }
        return LB_UI_IGNORED;
    }
    if (esc) {
        mnew_ask_close(st);
        return LB_UI_REDRAW;
    }
    if (k->is_key && k->key == KEY_F(2)) {
        send(st);
        return LB_UI_REDRAW;
    }
    size_t tab = lb_form_current_tab(st->form), i = lb_form_focus(st->form);
    if (k->is_key && k->key == KEY_IC) {
        add_bijlage(st);
        return LB_UI_REDRAW;
    }
    if (tab > 1 || i >= st->row_count[tab])
        return LB_UI_IGNORED;
    const mnew_row *r = &st->rows[tab][i];
    if (k->is_key && k->key == KEY_DC && r->kind == ROW_BIJLAGE) {
        remove_bijlage(st, (size_t)r->index);
        return LB_UI_REDRAW;
    }
    if (!is_enter(k))
        return LB_UI_IGNORED;
    switch (r->kind) {
    case ROW_FIELD:
        if (st->d.add_sent || st->d.melding_id) {
            lb_shell_message(st->sh, "%s",
                             _("The melding was already sent: its fields no longer change here. "
                               "Choose Try again to send the rest."));
            break;
        }
        if (r->index == LB_DF_MELDINGSTYPE)
            edit_category(st);
        else if (r->index == LB_DF_KANAAL)
            edit_channel(st);
        else
            edit_text(st, (lb_draft_field)r->index);
        break;
    case ROW_BIJLAGEN: lb_form_select_tab(st->form, MNEW_TAB_BIJLAGEN); break;
    case ROW_SEND: send(st); break;
    case ROW_CANCEL: mnew_ask_close(st); break;
    case ROW_ADD_BIJLAGE: add_bijlage(st); break;
    case ROW_BIJLAGE: remove_bijlage(st, (size_t)r->index); break;
    case ROW_INFO: break;
    }
    return LB_UI_REDRAW;
}

bool mnew_form_show(mnew *st)
{
    char title[160];
    if (st->d.nummer) {
        char *n = lb_safe_text_dup(st->d.nummer, strlen(st->d.nummer), LB_SAFE_ONE_LINE);
        snprintf(title, sizeof title, _("New melding %s"), n ? n : "");
        free(n);
    } else {
        snprintf(title, sizeof title, "%s", _("New melding"));
    }
    st->form = lb_form_new(title);
    if (!st->form)
        return false;
    lb_form_add_tab(st->form, _("Melding"));
    lb_form_add_tab(st->form, _("Attachments"));
    lb_form_set_key_hook(st->form, key_hook, st);
    /* a draft sent halfway: the rest is a retry */
    st->failed = st->d.melding_id != NULL || st->d.add_sent;
    mnew_form_rebuild(st);
    lb_form_set_focus(st->form, MNEW_TAB_MELDING, 0);
    lb_shell_push_form(st->sh, st->form, mnew_form_closed, st);
    lb_shell_message(st->sh, "%s",
                     _("Enter changes a field, Insert adds an attachment, F2 sends, Esc closes."));
    return true;
}
