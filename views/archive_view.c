/* archive_view.c — the screen of the archiving job. The job itself lives in
 * client/archive.h; this screen shows it and lets the user cancel, leave and
 * come back, and retry the failed records. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"
#include "ui/progress.h"
#include "ui/safe_text.h"
#include "ui/table.h"
#include "views/archive_view.h"
#include "views/list_internal.h"
#include "views/roles.h"
#include "views/state_dir.h"

/* The one job (its journal is one file). */
static struct {
    lb_archive_job *job;
    lb_shell *shell;
    lb_list *source; /* not owned; cleared when the list goes away */
    bool running, finished, cancelling;
    lb_archive_summary sum;
    lb_table table;
    lb_table_column cols[3];
    bool table_ready;
} arch;

typedef struct {
    lb_view base;
} archive_view;

bool lb_archive_journal_path(char *out, size_t size)
{
    char dir[400];
    if (!lb_state_dir(dir, sizeof dir))
        return false;
    int n = snprintf(out, size, "%s/archive.journal", dir);
    return n > 0 && (size_t)n < size;
}

bool lb_archive_view_running(void)
{
    return arch.running;
}

void lb_archive_view_forget_list(const lb_list *source)
{
    if (arch.source == source)
        arch.source = NULL;
}

/* ---- table over the job's records ---- */

static size_t rows(void *user)
{
    (void)user;
    return arch.job ? lb_archive_job_count(arch.job) : 0;
}

static const char *state_word(lb_archive_rec_state s)
{
    switch (s) {
    case LB_ARCHIVE_REC_WAITING: return _("waiting");
    case LB_ARCHIVE_REC_RUNNING: return _("busy");
    case LB_ARCHIVE_REC_DONE: return _("archived");
    case LB_ARCHIVE_REC_SKIPPED: return _("skipped");
    case LB_ARCHIVE_REC_FAILED: return _("failed");
    }
    return "?";
}

static void cell(void *user, size_t row, size_t col, char *buf, size_t size)
{
    (void)user;
    const lb_archive_record *r = lb_archive_job_record(arch.job, row);
    if (!r) {
        buf[0] = '\0';
        return;
    }
    char tmp[512];
    switch (col) {
    case 0:
        lb_safe_text(buf, size, r->name ? r->name : r->id, strlen(r->name ? r->name : r->id),
                     LB_SAFE_ONE_LINE);
        return;
    case 1: snprintf(buf, size, "%s", state_word(r->state)); return;
    default:
        if (r->state == LB_ARCHIVE_REC_FAILED || r->state == LB_ARCHIVE_REC_SKIPPED)
            snprintf(tmp, sizeof tmp, "%s%s%s", lb_status_message(r->error.status),
                     r->error.detail[0] ? " " : "", r->error.detail);
        else if (r->state == LB_ARCHIVE_REC_RUNNING && r->step)
            snprintf(tmp, sizeof tmp, "%s", _(r->step));
        else if (r->state == LB_ARCHIVE_REC_DONE && r->dav_dossier_id)
            snprintf(tmp, sizeof tmp, _("DAV dossier %s"), r->dav_dossier_id);
        else
            tmp[0] = '\0';
        lb_safe_text(buf, size, tmp, strlen(tmp), LB_SAFE_ONE_LINE);
    }
}

static void ensure_table(void)
{
    if (arch.table_ready)
        return;
    arch.cols[0] = (lb_table_column){_("Name"), 12, 40, false};
    arch.cols[1] = (lb_table_column){_("Status"), 10, 12, false};
    arch.cols[2] = (lb_table_column){_("Step or reason"), 20, 0, false};
    lb_table_source src = {rows, cell, NULL, NULL};
    lb_table_init(&arch.table, arch.cols, 3, &src, false);
    arch.table.empty_text = _("No archiving job in this session.");
    arch.table_ready = true;
}

static void count_states(size_t *done, size_t *skipped, size_t *failed, size_t *total)
{
    *done = *skipped = *failed = 0;
    *total = arch.job ? lb_archive_job_count(arch.job) : 0;
    for (size_t i = 0; i < *total; i++) {
        const lb_archive_record *r = lb_archive_job_record(arch.job, i);
        *done += r->state == LB_ARCHIVE_REC_DONE;
        *skipped += r->state == LB_ARCHIVE_REC_SKIPPED;
        *failed += r->state == LB_ARCHIVE_REC_FAILED;
    }
}

/* ---- job callbacks ---- */

static void on_record(void *user, size_t index, const lb_archive_record *rec)
{
    (void)user;
    (void)index;
    (void)rec;
    if (arch.shell)
        lb_shell_redraw(arch.shell);
}

static void on_finished(void *user, const lb_archive_summary *sum)
{
    (void)user;
    arch.sum = *sum;
    arch.running = false;
    arch.finished = true;
    arch.cancelling = false;
    char path[512];
    lb_error err;
    if (lb_archive_journal_path(path, sizeof path))
        lb_archive_journal_close(path, &err);
    char msg[256];
    /* TRANSLATORS: the end of an archiving job */
    snprintf(msg, sizeof msg, _("%zu archived, %zu skipped, %zu failed%s"), sum->done, sum->skipped,
             sum->failed, sum->cancelled ? _(" (cancelled)") : "");
    lb_shell_log(arch.shell, "archive job: %s", msg);
    lb_shell_message(arch.shell, "%s", _("Archiving finished"));
    if (sum->failed)
        lb_shell_dialog(arch.shell, lb_dialog_message(_("Archiving finished"), msg, NULL, NULL));
    lb_shell_redraw(arch.shell);
}

static const lb_archive_callbacks callbacks = {on_record, on_finished};

bool lb_archive_view_start(lb_shell *sh, lb_list *source, const lb_archive_check *checks,
                           size_t count, const lb_archive_options *opt)
{
    char path[512];
    if (!lb_archive_journal_path(path, sizeof path)) {
        lb_shell_message(sh, "%s",
                         _("No state directory for the archive journal (set HOME or "
                           "XDG_STATE_HOME)."));
        return false;
    }
    if (arch.running)
        return false;
    if (arch.job) {
        lb_archive_job_free(arch.job);
        arch.job = NULL;
    }
    lb_error err;
    arch.job =
        lb_archive_job_start(lb_shell_bus(sh), path, checks, count, opt, &callbacks, NULL, &err);
    if (!arch.job) {
        lb_shell_error(sh, _("The archiving job could not start."), &err);
        return false;
    }
    arch.shell = sh;
    arch.source = source;
    arch.running = true;
    arch.finished = false;
    lb_shell_show_view(sh, &lb_archive_view);
    return true;
}

static void resume_done(void *user, const lb_dialog_result *res)
{
    lb_shell *sh = user;
    if (!res->accepted)
        return;
    char path[512];
    lb_error err;
    if (!lb_archive_journal_path(path, sizeof path))
        return;
    arch.job = lb_archive_job_resume(lb_shell_bus(sh), path, &callbacks, NULL, &err);
    if (!arch.job) {
        lb_shell_error(sh, _("The interrupted archiving job could not be resumed."), &err);
        return;
    }
    arch.shell = sh;
    arch.running = true;
    arch.finished = false;
    lb_shell_show_view(sh, &lb_archive_view);
}

void lb_archive_view_offer_resume(lb_shell *sh)
{
    char path[512];
    size_t left = 0;
    lb_error err;
    if (arch.running || !lb_archive_journal_path(path, sizeof path))
        return;
    if (!lb_archive_journal_pending(path, &left, &err)) {
        /* killed after its last record, before it put its journal aside:
         * nothing to resume, the journal to retire (not while another
         * lbterm holds it) */
        if (err.status == LB_OK)
            lb_archive_journal_close(path, &err);
        return;
    }
    char text[256];
    snprintf(text, sizeof text,
             ngettext("An archiving job was interrupted: %zu record is not finished. Resume "
                      "it now? Nothing is sent twice.",
                      "An archiving job was interrupted: %zu records are not finished. Resume "
                      "it now? Nothing is sent twice.",
                      left),
             left);
    lb_shell_dialog(
        sh, lb_dialog_confirm(_("Archiving interrupted"), text, _("Resume"), resume_done, sh));
}

/* ---- the view ---- */

static lb_view *view_open(const lb_view_class *cls, lb_shell *sh)
{
    archive_view *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    v->base.cls = cls;
    v->base.shell = sh;
    if (!arch.shell)
        arch.shell = sh;
    ensure_table();
    return &v->base;
}

static void view_close(lb_view *v)
{
    free(v);
    /* the screen closes when lbterm ends: a running job stops here and its
     * journal lets the next start resume it */
    if (arch.job) {
        lb_archive_job_free(arch.job);
        arch.job = NULL;
    }
    arch.running = false;
    if (arch.table_ready) {
        lb_table_done(&arch.table);
        arch.table_ready = false;
    }
}

static void view_describe(lb_view *v, char *buf, size_t size)
{
    (void)v;
    snprintf(buf, size, "%s",
             arch.running
                 ? (arch.cancelling ? _("stopping after the records in flight") : _("running"))
             : arch.finished ? _("finished")
                             : _("no job"));
}

static void view_counts(lb_view *v, char *buf, size_t size)
{
    (void)v;
    size_t done, skipped, failed, total;
    count_states(&done, &skipped, &failed, &total);
    snprintf(buf, size, _("%zu archived, %zu skipped, %zu failed"), done, skipped, failed);
    (void)total;
}

static void view_draw(lb_view *v, int y, int x, int h, int w)
{
    (void)v;
    ensure_table();
    size_t done, skipped, failed, total;
    count_states(&done, &skipped, &failed, &total);
    for (int r = 0; r < h && r < 2; r++)
        lb_ui_fill(y + r, x, w, LB_ATTR_NORMAL);
    if (h >= 1)
        lb_progress_draw(y, x + 1, w - 2, done + skipped + failed, total,
                         arch.job ? lb_archive_job_rate(arch.job) : 0);
    if (h >= 2) {
        const char *hint =
            arch.running            ? _("Esc: stop after the records in flight · g: keep browsing "
                                                   "while it runs")
            : failed && arch.source ? _("r: select the failed records again in their list")
                                    : "";
        lb_ui_put(y + 1, x + 1, hint, w - 2, LB_ATTR_DIM);
    }
    if (h > 2) {
        lb_table_place(&arch.table, y + 2, x, h - 2, w);
        lb_table_draw(&arch.table, true);
        lb_table_park_cursor(&arch.table);
    }
}

static void select_failed(lb_shell *sh)
{
    lb_list *l = arch.source;
    if (!l || !arch.job)
        return;
    lb_id_set_clear(&l->selection);
    size_t n = lb_archive_job_count(arch.job), picked = 0;
    for (size_t i = 0; i < n; i++) {
        const lb_archive_record *r = lb_archive_job_record(arch.job, i);
        if (r->state == LB_ARCHIVE_REC_FAILED && lb_id_set_add(&l->selection, r->id))
            picked++;
    }
    l->counts_stale = true;
    const lb_view_class *cls = lb_view_class_find(l->cls->id);
    if (cls)
        lb_shell_show_view(sh, cls);
    lb_shell_message(sh,
                     ngettext("%zu failed record is selected again.",
                              "%zu failed records are selected again.", picked),
                     picked);
}

static int view_key(lb_view *v, const lb_key *k)
{
    if (!k->is_key && k->ch == 0x1B && arch.running && !arch.cancelling) {
        lb_archive_job_cancel(arch.job);
        arch.cancelling = true;
        lb_shell_message(v->shell, "%s", _("Stopping after the records in flight…"));
        return LB_UI_REDRAW;
    }
    if (!k->is_key && k->ch == 'r' && arch.finished) {
        select_failed(v->shell);
        return LB_UI_REDRAW;
    }
    ensure_table();
    return lb_table_key(&arch.table, k, NULL);
}

static bool view_available(lb_view *v, lb_action a, char *why, size_t why_size)
{
    (void)v;
    (void)a;
    if (why && why_size)
        why[0] = '\0';
    return false;
}

static int view_act(lb_view *v, lb_action a)
{
    (void)v;
    (void)a;
    return LB_UI_IGNORED;
}

static bool view_busy(lb_view *v)
{
    (void)v;
    return arch.running;
}

const lb_view_class lb_archive_view = {
    .id = "archive",
    .title = N_("Archiving"),
    .open = view_open,
    .close = view_close,
    .describe = view_describe,
    .counts = view_counts,
    .draw = view_draw,
    .key = view_key,
    .available = view_available,
    .act = view_act,
    .busy = view_busy,
    .roles = lb_roles_archivists,
};
