/* types_view.c — Vergadertypes and Dossiertypes: the administrator's lists
 * of meeting types and dossier types with the DAV series each archives into.
 * Enter (F3) assigns a series (serie_picker.c); the PATCH carries the type's
 * ETag, so a type someone else changed meanwhile is reported (412), never
 * overwritten. Other users read why the screen is not theirs. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/records.h"
#include "i18n/i18n.h"
#include "ui/safe_text.h"
#include "ui/text_fold.h"
#include "ui/ui.h"
#include "ui/wrap.h"
#include "views/list_view.h"
#include "views/roles.h"
#include "views/screens.h"
#include "views/gated_list.h"
#include "views/serie_picker.h"

#define MT(rec) ((const lb_meeting_type *)(rec))
#define DT(rec) ((const lb_dossier_type *)(rec))

/* ---- columns ---- */

static void put(char *buf, size_t size, const char *s)
{
    snprintf(buf, size, "%s", s ? s : "---");
}

/* The series' name, or a marker in words: a type without a series stands
 * out in the text too, not only by colour, and "/" finds it. */
static void series_text(const char *id, const char *name, char *buf, size_t size)
{
    if (!id)
        snprintf(buf, size, lb_ui_utf8() ? "\u2014 %s \u2014" : "-- %s --", _("no series"));
    else
        put(buf, size, name ? name : id);
}

/* For JSON: the series as the bus names it, null without one. */
static const char *series_value(const char *id, const char *name)
{
    return id ? (name ? name : id) : NULL;
}

/* Types without a series first: they are the ones that need work. */
static int compare_series(const char *ida, const char *na, const char *idb, const char *nb)
{
    if (!ida || !idb)
        return (ida != NULL) - (idb != NULL);
    char ta[512], tb[512];
    series_text(ida, na, ta, sizeof ta);
    series_text(idb, nb, tb, sizeof tb);
    return lb_fold_cmp(ta, tb);
}

static void mt_name(const void *r, char *b, size_t n)
{
    put(b, n, MT(r)->name);
}
static void mt_abbreviation(const void *r, char *b, size_t n)
{
    put(b, n, MT(r)->abbreviation);
}
static void mt_owner(const void *r, char *b, size_t n)
{
    put(b, n, MT(r)->owner_name);
}
static void mt_series(const void *r, char *b, size_t n)
{
    series_text(MT(r)->dav_series_id, MT(r)->dav_series_name, b, n);
}
static const char *mt_series_value(const void *r)
{
    return series_value(MT(r)->dav_series_id, MT(r)->dav_series_name);
}
static int mt_cmp_series(const void *a, const void *b)
{
    return compare_series(MT(a)->dav_series_id, MT(a)->dav_series_name, MT(b)->dav_series_id,
                          MT(b)->dav_series_name);
}

static void dt_name(const void *r, char *b, size_t n)
{
    put(b, n, DT(r)->name);
}
static void dt_form(const void *r, char *b, size_t n)
{
    put(b, n, DT(r)->form_name);
}
static void dt_department(const void *r, char *b, size_t n)
{
    put(b, n, DT(r)->department);
}
static void dt_series(const void *r, char *b, size_t n)
{
    series_text(DT(r)->dav_series_id, DT(r)->dav_series_name, b, n);
}
static const char *dt_series_value(const void *r)
{
    return series_value(DT(r)->dav_series_id, DT(r)->dav_series_name);
}
static int dt_cmp_series(const void *a, const void *b)
{
    return compare_series(DT(a)->dav_series_id, DT(a)->dav_series_name, DT(b)->dav_series_id,
                          DT(b)->dav_series_name);
}

static const lb_list_column meeting_type_columns[] = {
    {N_("Name"), 16, 40, false, mt_name, NULL, .key = "name"},
    {N_("Abbreviation"), 6, 12, false, mt_abbreviation, NULL, .key = "abbreviation"},
    {N_("Owner"), 8, 24, false, mt_owner, NULL, .key = "owner"},
    {N_("DAV series"), 16, 0, false, mt_series, mt_cmp_series, .key = "davSeries",
     .value = mt_series_value},
};

static const lb_list_column dossier_type_columns[] = {
    {N_("Name"), 16, 32, false, dt_name, NULL, .key = "name"},
    {N_("Form"), 16, 40, false, dt_form, NULL, .key = "form"},
    {N_("Department"), 10, 24, false, dt_department, NULL, .key = "department"},
    {N_("DAV series"), 16, 0, false, dt_series, dt_cmp_series, .key = "davSeries",
     .value = dt_series_value},
};

static const char *mt_id(const void *r)
{
    return MT(r)->id;
}
static const char *mt_etag(const void *r)
{
    return MT(r)->etag;
}
static const char *mt_series_id(const void *r)
{
    return MT(r)->dav_series_id;
}
static const char *mt_series_name(const void *r)
{
    return MT(r)->dav_series_name;
}
static const char *mt_title(const void *r)
{
    return MT(r)->name;
}
static const char *dt_id(const void *r)
{
    return DT(r)->id;
}
static const char *dt_etag(const void *r)
{
    return DT(r)->etag;
}
static const char *dt_series_id(const void *r)
{
    return DT(r)->dav_series_id;
}
static const char *dt_series_name(const void *r)
{
    return DT(r)->dav_series_name;
}
static const char *dt_title(const void *r)
{
    return DT(r)->name;
}

static const char *const meeting_type_path[] = {"crm", "meetingtypes", NULL};
static const char *const dossier_type_path[] = {"crm", "dossiertypes", NULL};

const lb_list_class lb_meeting_types_list_class = {
    .id = "meetingtypes",
    .title = N_("Meeting types"),
    LB_NOUNS("meeting type", "meeting types"),
    .kind = LB_REC_MEETING_TYPE,
    .record_size = sizeof(lb_meeting_type),
    .path = meeting_type_path,
    .columns = meeting_type_columns,
    .column_count = sizeof meeting_type_columns / sizeof meeting_type_columns[0],
    .default_sort = 0,
    .crm_collection = "meetingtypes",
    .record_id = mt_id,
    .record_etag = mt_etag,
};

const lb_list_class lb_dossier_types_list_class = {
    .id = "dossiertypes",
    .title = N_("Dossier types"),
    LB_NOUNS("dossier type", "dossier types"),
    .kind = LB_REC_DOSSIER_TYPE,
    .record_size = sizeof(lb_dossier_type),
    .path = dossier_type_path,
    .columns = dossier_type_columns,
    .column_count = sizeof dossier_type_columns / sizeof dossier_type_columns[0],
    .default_sort = 0,
    .crm_collection = "dossiertypes",
    .record_id = dt_id,
    .record_etag = dt_etag,
};

/* ---- the screen ---- */

typedef struct {
    const lb_list_class *list;
    const char *noun; /* N_("Meeting type") */
    const char *(*series_id)(const void *rec);
    const char *(*name)(const void *rec);
    const char *(*series_name)(const void *rec); /* NULL when the bus did not name it */
} types_screen;

static const types_screen meeting_types_screen = {
    &lb_meeting_types_list_class, N_("Meeting type"), mt_series_id, mt_title, mt_series_name,
};

static const types_screen dossier_types_screen = {
    &lb_dossier_types_list_class, N_("Dossier type"), dt_series_id, dt_title, dt_series_name,
};

typedef struct {
    lb_view base;
    const types_screen *screen;
    lb_gated_list gate;      /* the types, for administrators only */
    lb_list *list;           /* gate.list */
    lb_serie_picker *picker; /* choosing a series, or NULL */
    lb_request *patch_req;   /* the PATCH on its way, or NULL */
    char *type_id, *etag;    /* the type being changed */
    char type_name[256];     /* sanitized */
    char serie_naam[256];    /* sanitized; "" when the series is being taken away */
} types_view;

#define TV(v) ((types_view *)(v))

static lb_view *types_open(const lb_view_class *cls, lb_shell *shell)
{
    types_view *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    v->base.cls = cls;
    v->base.shell = shell;
    v->screen = cls->data;
    /* xgettext:c-format */
    if (!lb_gated_init(&v->gate, v->screen->list, shell, cls->roles,
                       N_("This screen is for administrators: assigning DAV series to meeting "
                          "types and dossier types needs the role \"%s\" (given by an "
                          "administrator). Go to another screen with F9."))) {
        free(v);
        return NULL;
    }
    v->list = v->gate.list;
    return &v->base;
}

static void types_close(lb_view *view)
{
    types_view *v = TV(view);
    if (!v)
        return;
    lb_serie_picker_free(v->picker);
    if (v->patch_req)
        lb_request_cancel(v->patch_req);
    lb_gated_done(&v->gate);
    free(v->type_id);
    free(v->etag);
    free(v);
}

static void types_tick(lb_view *view)
{
    lb_gated_tick(&TV(view)->gate);
}

static void types_describe(lb_view *view, char *buf, size_t size)
{
    lb_gated_describe(&TV(view)->gate, buf, size);
}

static void types_counts(lb_view *view, char *buf, size_t size)
{
    lb_gated_counts(&TV(view)->gate, buf, size);
}

static void types_draw(lb_view *view, int y, int x, int h, int w)
{
    lb_gated_draw(&TV(view)->gate, y, x, h, w);
}

static int types_key(lb_view *view, const lb_key *k)
{
    types_view *v = TV(view);
    if (!k->is_key && k->ch == 0x1B && lb_serie_picker_waiting(v->picker)) {
        lb_serie_picker_free(v->picker);
        v->picker = NULL;
        lb_shell_progress(v->base.shell, "");
        lb_shell_message(v->base.shell, "%s", _("Cancelled: nothing was changed."));
        return LB_UI_REDRAW;
    }
    if (!v->gate.started)
        return LB_UI_IGNORED;
    return lb_list_key(v->list, k);
}

static bool types_available(lb_view *view, lb_action a, char *why, size_t why_size)
{
    types_view *v = TV(view);
    if (why && why_size)
        why[0] = '\0';
    if (lb_gated_refused(&v->gate, NULL, 0)) {
        if (a == LB_ACT_OPEN || a == LB_ACT_ASSIGN_SERIES || a == LB_ACT_CLEAR_SERIES)
            lb_gated_refused(&v->gate, why, why_size);
        return false;
    }
    if (a != LB_ACT_OPEN && a != LB_ACT_ASSIGN_SERIES && a != LB_ACT_CLEAR_SERIES)
        return lb_list_available(v->list, a, why, why_size);
    if (lb_shell_read_only(v->base.shell)) {
        if (why)
            snprintf(why, why_size, "%s",
                     _("lbterm runs read-only (--read-only): nothing is changed."));
        return false;
    }
    const void *rec = lb_list_cursor_record(v->list);
    if (rec && a == LB_ACT_CLEAR_SERIES && !v->screen->series_id(rec)) {
        if (why)
            snprintf(why, why_size, "%s", _("The type under the cursor has no DAV series."));
        return false;
    }
    return rec != NULL;
}

/* ---- assigning a series ---- */

static void on_patched(void *user, const lb_response *resp)
{
    types_view *v = user;
    lb_shell *sh = v->base.shell;
    v->patch_req = NULL;
    lb_shell_progress(sh, "");
    lb_error err = resp->err;
    if (err.status == LB_OK && !v->serie_naam[0]) {
        /* TRANSLATORS: "Vergadertype "Gemeenteraad" has no DAV series any more." */
        lb_shell_message(sh, _("%s \"%s\" has no DAV series any more."), _(v->screen->noun),
                         v->type_name);
    } else if (err.status == LB_OK) {
        /* TRANSLATORS: "Vergadertype "Gemeenteraad" archives into "Notulen …" from now on." */
        lb_shell_message(sh, _("%s \"%s\" archives into the DAV series \"%s\" from now on."),
                         _(v->screen->noun), v->type_name, v->serie_naam);
    } else if (err.status == LB_ERR_PRECONDITION) {
        lb_shell_dialog(sh, lb_dialog_message(_("Not saved"),
                                              _("Nothing was overwritten: someone else "
                                                "changed this type in the meantime. The list "
                                                "now shows the new version; check it and try "
                                                "again."),
                                              NULL, NULL));
    } else {
        lb_shell_log(sh, "PATCH %s %s: %s (%d) %s", v->screen->list->crm_collection, v->type_id,
                     lb_status_name(err.status), resp->http_status, err.detail);
        lb_shell_error(sh, _("The DAV series could not be assigned."), &err);
    }
    lb_list_load(v->list); /* the new series, or the other user's version */
}

/* PATCHes the type being changed with SERIE_ID (NULL: no series) under
 * If-Match, so another administrator's change is never overwritten. */
static void save_series(types_view *v, const char *serie_id)
{
    lb_shell *sh = v->base.shell;
    char body[LB_SERIE_ID_LEN + 32];
    if (serie_id)
        snprintf(body, sizeof body, "{\"davSeriesId\":\"%s\"}", serie_id);
    else
        snprintf(body, sizeof body, "{\"davSeriesId\":null}");
    const char *path[] = {"crm", v->screen->list->crm_collection, v->type_id, NULL};
    lb_request_spec spec = {.method = "PATCH",
                            .path = path,
                            .body = body,
                            .body_len = strlen(body),
                            .if_match = v->etag};
    lb_error err;
    v->patch_req = lb_bus_send(lb_shell_bus(sh), &spec, on_patched, v, &err);
    if (!v->patch_req) {
        lb_shell_error(sh, _("The DAV series could not be assigned."), &err);
        return;
    }
    lb_shell_progress(sh, _("Saving…"));
}

static void picked(void *user, const lb_serie_choice *chosen)
{
    types_view *v = user;
    lb_serie_picker_free(v->picker);
    v->picker = NULL;
    if (!chosen)
        return;
    snprintf(v->serie_naam, sizeof v->serie_naam, "%s", chosen->naam);
    save_series(v, chosen->id);
}

/* Remembers the type under the cursor as the one being changed; NULL when
 * there is none or the view is still busy (the user has been told). */
static const void *take_cursor_type(types_view *v)
{
    lb_shell *sh = v->base.shell;
    if (v->picker || v->patch_req) {
        lb_shell_message(sh, "%s", _("Still busy with the previous change."));
        return NULL;
    }
    const void *rec = lb_list_cursor_record(v->list);
    if (!rec) {
        lb_shell_message(sh, "%s", _("No record under the cursor."));
        return NULL;
    }
    const lb_list_class *lc = v->screen->list;
    const char *id = lc->record_id(rec), *etag = lc->record_etag(rec);
    free(v->type_id);
    free(v->etag);
    v->type_id = strdup(id);
    v->etag = etag ? strdup(etag) : NULL;
    if (!v->type_id)
        return NULL;
    const char *name = v->screen->name(rec);
    lb_safe_text(v->type_name, sizeof v->type_name, name ? name : "", name ? strlen(name) : 0,
                 LB_SAFE_ONE_LINE);
    return rec;
}

static void clear_confirmed(void *user, const lb_dialog_result *res)
{
    types_view *v = user;
    if (!res->accepted) {
        lb_shell_message(v->base.shell, "%s", _("Cancelled: nothing was changed."));
        return;
    }
    v->serie_naam[0] = '\0';
    save_series(v, NULL);
}

static int start_clear(types_view *v)
{
    const void *rec = take_cursor_type(v);
    if (!rec)
        return LB_UI_REDRAW;
    const char *naam = v->screen->series_name(rec);
    if (!naam)
        naam = v->screen->series_id(rec);
    if (!naam) {
        lb_shell_message(v->base.shell, "%s", _("The type under the cursor has no DAV series."));
        return LB_UI_REDRAW;
    }
    char serie[256], text[1024];
    lb_safe_text(serie, sizeof serie, naam, strlen(naam), LB_SAFE_ONE_LINE);
    /* TRANSLATORS: "Vergadertype "Gemeenteraad" loses the DAV series "Notulen"…" */
    snprintf(text, sizeof text,
             _("%s \"%s\" loses the DAV series \"%s\". Its records can then not be archived "
               "until a series is assigned again. Records archived before keep their DAV "
               "dossier."),
             _(v->screen->noun), v->type_name, serie);
    lb_dialog *d =
        lb_dialog_confirm(_("No DAV series"), text, _("Take the series away"), clear_confirmed, v);
    if (d)
        lb_shell_dialog(v->base.shell, d);
    return LB_UI_REDRAW;
}

static int start_assign(types_view *v)
{
    lb_shell *sh = v->base.shell;
    const void *rec = take_cursor_type(v);
    if (!rec)
        return LB_UI_REDRAW;
    char what[512];
    /* TRANSLATORS: "Vergadertype "Gemeenteraad" gets this DAV series:" */
    snprintf(what, sizeof what, _("%s \"%s\" gets this DAV series:"), _(v->screen->noun),
             v->type_name);
    v->picker = lb_serie_picker_new(sh, what, v->screen->series_id(rec), picked, v);
    return LB_UI_REDRAW;
}

static int types_act(lb_view *view, lb_action a)
{
    types_view *v = TV(view);
    if (!v->gate.started)
        return LB_UI_IGNORED;
    if (a == LB_ACT_OPEN || a == LB_ACT_ASSIGN_SERIES)
        return start_assign(v);
    if (a == LB_ACT_CLEAR_SERIES)
        return start_clear(v);
    return lb_list_act(v->list, a);
}

/* Waits that Esc can cancel: the list, or the series before a dialog. */
static bool types_busy(lb_view *view)
{
    types_view *v = TV(view);
    return (v->gate.started && lb_list_loading(v->list)) || lb_serie_picker_waiting(v->picker);
}

#define TYPES_VIEW_CLASS(vid, vtitle, screen)                                                     \
    {                                                                                             \
        .id = (vid), .title = (vtitle), .open = types_open, .close = types_close,                 \
        .describe = types_describe, .counts = types_counts, .draw = types_draw, .key = types_key, \
        .available = types_available, .act = types_act, .busy = types_busy, .tick = types_tick,   \
        .data = &(screen), .roles = lb_roles_admins                                               \
    }

const lb_view_class lb_meeting_types_view =
    TYPES_VIEW_CLASS("meetingtypes", N_("Meeting types"), meeting_types_screen);
const lb_view_class lb_dossier_types_view =
    TYPES_VIEW_CLASS("dossiertypes", N_("Dossier types"), dossier_types_screen);
