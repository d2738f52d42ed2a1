/* meldingen_view.c — Meldingen: citizen reports for the helpdesk and the
 * secretariat. Views Open / Alle / Mijn team, filters on status, category,
 * channel and date, find over number and address (and on the bus over the
 * description), the melding's form (melding_form.c; the bus hides the
 * reporter's contact without its own role) and, for the helpdesk only, a new
 * melding for a caller (melding_new.c). Without "LB365 – Meldingen" or
 * "LB365 – Secretariaat" the screen says why instead of asking the bus. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/melding_fetch.h"
#include "i18n/i18n.h"
#include "ui/wrap.h"
#include "views/gated_list.h"
#include "views/list_view.h"
#include "views/melding_form.h"
#include "views/melding_new.h"
#include "views/roles.h"
#include "views/screens.h"

#define MS(rec) ((const lb_melding_summary *)(rec))

/* ---- columns ---- */

static void put(char *buf, size_t size, const char *s)
{
    snprintf(buf, size, "%s", s ? s : "---");
}

static void col_number(const void *r, char *b, size_t n)
{
    put(b, n, MS(r)->nummer);
}
static void col_received(const void *r, char *b, size_t n)
{
    lb_list_format_time(MS(r)->ontvangen_op, b, n);
}
static void col_category(const void *r, char *b, size_t n)
{
    put(b, n, MS(r)->categorie.label);
}
static void col_status(const void *r, char *b, size_t n)
{
    put(b, n, MS(r)->status.label);
}
static void col_address(const void *r, char *b, size_t n)
{
    put(b, n, MS(r)->adres);
}
static void col_channel(const void *r, char *b, size_t n)
{
    put(b, n, lb_melding_channel_label(MS(r)->kanaal));
}
static const char *channel_code(const void *r)
{
    return MS(r)->kanaal; /* for JSON: the bus's code, the same in every language */
}
static void col_routed(const void *r, char *b, size_t n)
{
    const lb_doorgestuurd *d = MS(r)->doorgestuurd_naar;
    if (!d)
        put(b, n, NULL);
    else
        snprintf(b, n, "%s%s%s", d->systeem, d->referentie ? " " : "",
                 d->referentie ? d->referentie : "");
}
static int cmp_received(const void *a, const void *b)
{
    return lb_list_compare_time(MS(a)->ontvangen_op, MS(b)->ontvangen_op);
}
static lb_time at_received(const void *r)
{
    return MS(r)->ontvangen_op;
}

static const lb_list_column melding_columns[] = {
    {N_("Number"), 13, 14, false, col_number, NULL, .key = "number"},
    {N_("Received on"), 16, 16, false, col_received, cmp_received, .key = "receivedOn",
     .time = at_received},
    {N_("Category"), 12, 18, false, col_category, NULL, .key = "category"},
    /* "Doorgestuurd" whole at 100 columns */
    {N_("Status"), 12, 16, false, col_status, NULL, .key = "status"},
    {N_("Address"), 16, 0, false, col_address, NULL, .key = "address"},
    {N_("Channel"), 8, 18, false, col_channel, NULL, .key = "channel", .value = channel_code},
    {N_("Routed to"), 9, 20, false, col_routed, NULL, .key = "routedTo"},
};

/* Open: neither handled nor refused (the bus has no single code for it). */
static bool is_open(const void *r)
{
    const char *c = MS(r)->status.code;
    return !c || (strcmp(c, "AFGEH") != 0 && strcmp(c, "GEWEIG") != 0);
}

static const lb_list_preset melding_presets[] = {
    {.title = N_("Open meldingen"), .keep = is_open},
    {.title = N_("All meldingen")},
    {.title = N_("My team's meldingen"), .param = "team", .value = "mine"},
};

static const char *melding_id(const void *r)
{
    return MS(r)->id;
}
static const char *melding_etag(const void *r)
{
    return MS(r)->etag;
}
static const char *melding_status(const void *r)
{
    return MS(r)->status.label;
}
static const char *melding_category(const void *r)
{
    return MS(r)->categorie.label;
}
static const char *melding_channel(const void *r)
{
    return lb_melding_channel_label(MS(r)->kanaal);
}
static lb_time melding_date(const void *r)
{
    return MS(r)->ontvangen_op;
}

static const char *const melding_path[] = {"melding", NULL};

const lb_list_class lb_meldingen_list_class = {
    .id = "meldingen",
    .title = N_("Meldingen"),
    LB_NOUNS("melding", "meldingen"),
    .kind = LB_REC_MELDING_SUMMARY,
    .record_size = sizeof(lb_melding_summary),
    .path = melding_path,
    .columns = melding_columns,
    .column_count = sizeof melding_columns / sizeof melding_columns[0],
    .default_sort = 1,
    .default_sort_desc = true,
    .presets = melding_presets,
    .preset_count = sizeof melding_presets / sizeof melding_presets[0],
    .record_id = melding_id,
    .record_etag = melding_etag,
    .record_status_label = melding_status,
    .record_type = melding_category,
    .type_filter_label = N_("Category…"),
    .record_channel = melding_channel,
    .record_date = melding_date,
    .search_param = "q",
};

/* ---- the screen: the list view, gated on the role ---- */

typedef struct {
    lb_view base;
    lb_gated_list gate;      /* the meldingen, for lb_roles_melding_readers */
    lb_list *list;           /* gate.list */
    lb_melding_fetch *fetch; /* the melding being opened, or NULL */
} meldingen_view;

#define MV(v) ((meldingen_view *)(v))

static lb_view *mv_open(const lb_view_class *cls, lb_shell *shell)
{
    meldingen_view *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    v->base.cls = cls;
    v->base.shell = shell;
    /* TRANSLATORS: the two %s are the role names "LB365 – Meldingen" and
     * "LB365 – Secretariaat", in this order; either one is enough. */
    /* xgettext:c-format */
    if (!lb_gated_init(&v->gate, cls->data, shell, cls->roles,
                       N_("Reading citizen reports (meldingen) needs the role \"%s\" or \"%s\" "
                          "(given by an administrator); go to another screen with F9."))) {
        free(v);
        return NULL;
    }
    v->list = v->gate.list;
    return &v->base;
}

static void mv_close(lb_view *view)
{
    meldingen_view *v = MV(view);
    if (!v)
        return;
    lb_melding_fetch_cancel(v->fetch);
    lb_gated_done(&v->gate);
    free(v);
}

static void mv_tick(lb_view *view)
{
    lb_gated_tick(&MV(view)->gate);
}

static void mv_describe(lb_view *view, char *buf, size_t size)
{
    lb_gated_describe(&MV(view)->gate, buf, size);
}

static void mv_counts(lb_view *view, char *buf, size_t size)
{
    lb_gated_counts(&MV(view)->gate, buf, size);
}

static void mv_draw(lb_view *view, int y, int x, int h, int w)
{
    lb_gated_draw(&MV(view)->gate, y, x, h, w);
}

static void opened(void *user, lb_melding_record *rec, const lb_error *err)
{
    meldingen_view *v = user;
    lb_shell *sh = v->base.shell;
    v->fetch = NULL;
    lb_shell_progress(sh, "");
    if (!rec) {
        lb_shell_log(sh, "GET melding: %s (%d) %s", lb_status_name(err->status), err->http_status,
                     err->detail);
        lb_shell_error(sh, _("The melding could not be opened."), err);
        return;
    }
    lb_melding_form_show(sh, rec);
    lb_shell_redraw(sh);
}

static int open_melding(meldingen_view *v)
{
    lb_shell *sh = v->base.shell;
    const void *rec = lb_list_cursor_record(v->list);
    if (!rec) {
        lb_shell_message(sh, "%s", _("No record under the cursor."));
        return LB_UI_REDRAW;
    }
    lb_melding_fetch_cancel(v->fetch);
    lb_error err;
    v->fetch = lb_melding_fetch_start(lb_shell_bus(sh), MS(rec)->id, opened, v, &err);
    if (!v->fetch) {
        lb_shell_error(sh, _("The melding could not be opened."), &err);
        return LB_UI_REDRAW;
    }
    lb_shell_progress(sh, _("Loading…"));
    return LB_UI_REDRAW;
}

static int mv_key(lb_view *view, const lb_key *k)
{
    meldingen_view *v = MV(view);
    if (!k->is_key && k->ch == 0x1B && v->fetch) { /* Esc: stop opening */
        lb_melding_fetch_cancel(v->fetch);
        v->fetch = NULL;
        lb_shell_progress(v->base.shell, "");
        return LB_UI_REDRAW;
    }
    if (!v->gate.started)
        return LB_UI_IGNORED;
    return lb_list_key(v->list, k);
}

/* Reading is not enough for a new melding: that takes "LB365 – Meldingen"
 * (the secretariat reads, the bus refuses it POST /melding/add). */
static bool new_melding_available(lb_shell *sh, char *why, size_t why_size)
{
    if (!lb_shell_who(sh))
        return false; /* roles not known yet: nothing to explain */
    if (!lb_gated_has_any(sh, lb_roles_melding_takers)) {
        lb_gated_why_roles(lb_roles_melding_takers, why, why_size);
        return false;
    }
    if (lb_shell_read_only(sh)) {
        if (why && why_size)
            snprintf(why, why_size, "%s",
                     _("lbterm runs read-only (--read-only): nothing is changed."));
        return false;
    }
    return true;
}

static bool mv_available(lb_view *view, lb_action a, char *why, size_t why_size)
{
    meldingen_view *v = MV(view);
    lb_shell *sh = v->base.shell;
    if (why && why_size)
        why[0] = '\0';
    if (a == LB_ACT_NEW_MELDING)
        return new_melding_available(sh, why, why_size);
    if (lb_gated_refused(&v->gate, NULL, 0)) {
        if (a == LB_ACT_OPEN)
            lb_gated_refused(&v->gate, why, why_size);
        return false;
    }
    switch (a) {
    case LB_ACT_OPEN: return lb_list_cursor_record(v->list) != NULL;
    default: return lb_list_available(v->list, a, why, why_size);
    }
}

static int mv_act(lb_view *view, lb_action a)
{
    meldingen_view *v = MV(view);
    if (!mv_available(view, a, NULL, 0))
        return LB_UI_IGNORED;
    switch (a) {
    case LB_ACT_OPEN: return open_melding(v);
    case LB_ACT_NEW_MELDING: return lb_melding_new_open(v->base.shell);
    default: return lb_list_act(v->list, a);
    }
}

static bool mv_busy(lb_view *view)
{
    meldingen_view *v = MV(view);
    return (v->gate.started && lb_list_loading(v->list)) || v->fetch != NULL;
}

const lb_view_class lb_meldingen_view = {
    .id = "meldingen",
    .title = N_("Meldingen"),
    .open = mv_open,
    .close = mv_close,
    .describe = mv_describe,
    .counts = mv_counts,
    .draw = mv_draw,
    .key = mv_key,
    .available = mv_available,
    .act = mv_act,
    .busy = mv_busy,
    .tick = mv_tick,
    .data = &lb_meldingen_list_class,
    .roles = lb_roles_melding_readers,
};
