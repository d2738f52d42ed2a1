/* list_export.c — "Exporteren": the shown rows (or only the selection) of a
 * list screen to CSV for Excel or to JSON. Dialogs: format, scope (when
 * something is selected), file name, and a confirmation before replacing a
 * file; the file is written beside its final name and renamed. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "i18n/i18n.h"
#include "ui/safe_text.h"
#include "views/list_export.h"
#include "views/list_internal.h"

/* ---- the writer behind the screen and the CLI ---- */

lb_status lb_list_export_records(const lb_list_class *cls, const void *const *rows, size_t count,
                                 FILE *out, lb_export_format fmt, lb_error *err)
{
    size_t n = cls->column_count;
    lb_export_column *columns = calloc(n ? n : 1, sizeof *columns);
    lb_export_cell *cells = calloc(n ? n : 1, sizeof *cells);
    char **texts = calloc(n ? n : 1, sizeof *texts);
    char **values = calloc(n ? n : 1, sizeof *values);
    char raw[1024];
    lb_status st = LB_OK;
    lb_export *x = NULL;
    for (size_t c = 0; columns && cells && texts && c < n; c++) {
        const lb_list_column *col = &cls->columns[c];
        /* without a key the English title still does not change with the locale */
        columns[c] = (lb_export_column){_(col->title), col->key ? col->key : col->title};
        if (!(texts[c] = malloc(4 * sizeof raw)) || !(values[c] = malloc(4 * sizeof raw)))
            break;
    }
    if (!columns || !cells || !texts || !values || (n && !values[n - 1])) {
        st = lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        goto out;
    }
    if (!(x = lb_export_new(out, fmt, columns, n, err))) {
        st = err->status;
        goto out;
    }
    for (size_t r = 0; r < count && st == LB_OK; r++) {
        for (size_t c = 0; c < n; c++) {
            const lb_list_column *col = &cls->columns[c];
            raw[0] = '\0';
            col->text(rows[r], raw, sizeof raw);
            lb_safe_text(texts[c], 4 * sizeof raw, raw, strlen(raw), LB_SAFE_ONE_LINE);
            cells[c] = (lb_export_cell){.text = texts[c], .kind = LB_EXPORT_TEXT};
            if (col->time)
                cells[c].kind = LB_EXPORT_TIME, cells[c].time = col->time(rows[r]);
            else if (col->number)
                cells[c].kind = LB_EXPORT_NUMBER, cells[c].number = col->number(rows[r]);
            else if (col->value) {
                const char *v = col->value(rows[r]);
                if (v)
                    lb_safe_text(values[c], 4 * sizeof raw, v, strlen(v), LB_SAFE_ONE_LINE);
                cells[c].kind = LB_EXPORT_VALUE, cells[c].value = v ? values[c] : NULL;
            }
        }
        st = lb_export_row(x, cells, err);
    }
    if (st == LB_OK)
        st = lb_export_finish(x, err);
out:
    lb_export_free(x);
    for (size_t c = 0; texts && c < n; c++)
        free(texts[c]);
    for (size_t c = 0; values && c < n; c++)
        free(values[c]);
    free(texts);
    free(values);
    free(cells);
    free(columns);
    return st;
}

static bool dir_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool lb_list_export_default_path(const lb_list_class *cls, lb_export_format fmt, char *out,
                                 size_t size)
{
    char dir[1024] = ".";
    const char *xdg = getenv("XDG_DOWNLOAD_DIR"), *home = getenv("HOME");
    if (xdg && *xdg == '/' && dir_exists(xdg))
        snprintf(dir, sizeof dir, "%s", xdg);
    else if (home && *home == '/') {
        snprintf(dir, sizeof dir, "%s/Downloads", home);
        if (!dir_exists(dir))
            snprintf(dir, sizeof dir, "%s", home);
    }
    /* the translated plural noun ("vergaderingen") as a file name: letters
     * and digits stay, anything else becomes '-' */
    char name[64];
    const char *noun = lb_list_noun(cls, 2);
    size_t k = 0;
    for (const unsigned char *p = (const unsigned char *)noun; *p && k + 1 < sizeof name; p++)
        name[k++] = (*p >= 0x80 || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')) ? (char)*p
                    : (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a')
                                               : '-';
    name[k] = '\0';
    time_t now = time(NULL);
    struct tm tm;
    char day[16] = "";
    if (localtime_r(&now, &tm))
        strftime(day, sizeof day, "%Y-%m-%d", &tm);
    int n = snprintf(out, size, "%s/%s-%s.%s", dir, name, day, lb_export_extension(fmt));
    return n > 0 && (size_t)n < size;
}

lb_status lb_list_export_to_file(const lb_list_class *cls, const void *const *rows, size_t count,
                                 const char *path, lb_export_format fmt, lb_error *err)
{
    size_t len = strlen(path);
    char *tmp = malloc(len + 8);
    if (!tmp)
        return lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
    memcpy(tmp, path, len);
    memcpy(tmp + len, ".XXXXXX", 8);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        lb_error_set(err, LB_ERR_INVALID_INPUT, 0, _("Cannot write in that folder: %s"),
                     strerror(errno));
        free(tmp);
        return err->status;
    }
    FILE *f = fdopen(fd, "w");
    lb_status st = f ? lb_list_export_records(cls, rows, count, f, fmt, err)
                     : lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
    if (st == LB_OK && fsync(fd) != 0)
        st = lb_error_set(err, LB_ERR_INVALID_INPUT, 0, "fsync: %s", strerror(errno));
    if (f ? fclose(f) != 0 : close(fd) != 0)
        if (st == LB_OK)
            st = lb_error_set(err, LB_ERR_INVALID_INPUT, 0, "%s",
                              _("The file could not be written."));
    if (st == LB_OK && rename(tmp, path) != 0)
        st = lb_error_set(err, LB_ERR_INVALID_INPUT, 0, "rename: %s", strerror(errno));
    if (st != LB_OK)
        unlink(tmp);
    free(tmp);
    return st;
}

/* ---- the dialogs ---- */

typedef struct {
    lb_list *list;
    lb_export_format fmt;
    bool only_selection;
    char *path;
} export_job;

static void job_free(export_job *j)
{
    if (!j)
        return;
    free(j->path);
    free(j);
}

/* The rows the export writes: the shown ones, or the shown selected ones. */
static const void **job_rows(export_job *j, size_t *count)
{
    lb_list *l = j->list;
    *count = 0;
    const void **rows = malloc((l->row_count ? l->row_count : 1) * sizeof *rows);
    for (size_t i = 0; rows && i < l->row_count; i++)
        if (!j->only_selection || lb_id_set_has(&l->selection, l->cls->record_id(l->rows[i])))
            rows[(*count)++] = l->rows[i];
    return rows;
}

static void write_now(export_job *j)
{
    lb_list *l = j->list;
    size_t count;
    const void **rows = job_rows(j, &count);
    lb_error err;
    if (!rows) {
        lb_error_set(&err, LB_ERR_NOMEM, 0, NULL);
        lb_shell_error(l->shell, _("Export failed."), &err);
    } else if (lb_list_export_to_file(l->cls, rows, count, j->path, j->fmt, &err) != LB_OK) {
        lb_shell_error(l->shell, _("Export failed."), &err);
    } else {
        char shown[512];
        lb_safe_text(shown, sizeof shown, j->path, strlen(j->path), LB_SAFE_ONE_LINE);
        lb_shell_message(l->shell,
                         ngettext("%zu record exported to %s", "%zu records exported to %s", count),
                         count, shown);
    }
    free(rows);
}

static void overwrite_done(void *user, const lb_dialog_result *res)
{
    export_job *j = user;
    if (res->accepted)
        write_now(j);
    job_free(j);
}

/* TEXT with a leading "~/" replaced by $HOME (a new string). */
static char *expand_home(const char *text)
{
    const char *home = getenv("HOME");
    if (strncmp(text, "~/", 2) != 0 || !home || *home != '/')
        return strdup(text);
    size_t hl = strlen(home), tl = strlen(text + 1);
    char *out = malloc(hl + tl + 1);
    if (out) {
        memcpy(out, home, hl);
        memcpy(out + hl, text + 1, tl + 1);
    }
    return out;
}

static const char *name_check(void *user, const char *text)
{
    (void)user;
    if (!text[0])
        return _("Give a file name.");
    char *dir = expand_home(text);
    if (!dir)
        return _("Out of memory.");
    char *slash = strrchr(dir, '/');
    bool is_dir = dir_exists(dir);
    bool ok = !slash || slash == dir || (*slash = '\0', dir_exists(dir));
    free(dir);
    if (!ok)
        return _("That folder does not exist.");
    if (is_dir)
        return _("That is a folder; add a file name.");
    return NULL;
}

static void name_done(void *user, const lb_dialog_result *res)
{
    export_job *j = user;
    if (!res->accepted || !(j->path = expand_home(res->text))) {
        job_free(j);
        return;
    }
    struct stat st;
    if (stat(j->path, &st) != 0) {
        write_now(j);
        job_free(j);
        return;
    }
    char text[700], shown[512];
    lb_safe_text(shown, sizeof shown, j->path, strlen(j->path), LB_SAFE_ONE_LINE);
    snprintf(text, sizeof text, _("%s already exists. Replace it?"), shown);
    lb_dialog *d = lb_dialog_confirm(_("Export"), text, _("Replace"), overwrite_done, j);
    if (!d) {
        job_free(j);
        return;
    }
    lb_shell_dialog(j->list->shell, d);
}

static void ask_name(export_job *j)
{
    char path[1200];
    if (!lb_list_export_default_path(j->list->cls, j->fmt, path, sizeof path))
        path[0] = '\0';
    lb_dialog *d = lb_dialog_prompt(_("Export"), _("File name:"), path, name_done, j);
    if (!d) {
        job_free(j);
        return;
    }
    lb_dialog_set_check_fn(d, name_check);
    lb_shell_dialog(j->list->shell, d);
}

static void scope_done(void *user, const lb_dialog_result *res)
{
    export_job *j = user;
    if (!res->accepted) {
        job_free(j);
        return;
    }
    j->only_selection = res->index == 1;
    ask_name(j);
}

static size_t shown_selected(const lb_list *l)
{
    size_t n = 0;
    if (lb_id_set_count(&l->selection) == 0)
        return 0;
    for (size_t i = 0; i < l->row_count; i++)
        n += lb_id_set_has(&l->selection, l->cls->record_id(l->rows[i]));
    return n;
}

static void format_done(void *user, const lb_dialog_result *res)
{
    export_job *j = user;
    if (!res->accepted) {
        job_free(j);
        return;
    }
    j->fmt = res->index == 1   ? LB_EXPORT_CSV_CP1252
             : res->index == 2 ? LB_EXPORT_JSON
                               : LB_EXPORT_CSV_UTF8;
    size_t sel = shown_selected(j->list);
    if (sel == 0) {
        ask_name(j);
        return;
    }
    char all[128], only[128];
    snprintf(all, sizeof all,
             ngettext("Everything shown (%zu record)", "Everything shown (%zu records)",
                      j->list->row_count),
             j->list->row_count);
    snprintf(only, sizeof only,
             ngettext("Only the selection (%zu record)", "Only the selection (%zu records)", sel),
             sel);
    const char *items[] = {all, only};
    lb_dialog *d = lb_dialog_picker(_("Export what?"), items, 2, 1, scope_done, j);
    if (!d) {
        job_free(j);
        return;
    }
    lb_shell_dialog(j->list->shell, d);
}

int lb_list_export_act(lb_list *l)
{
    if (l->row_count == 0) {
        lb_shell_message(l->shell, "%s", _("Nothing to export: the list shows no records."));
        return LB_UI_REDRAW;
    }
    export_job *j = calloc(1, sizeof *j);
    if (!j)
        return LB_UI_HANDLED;
    j->list = l;
    const char *items[] = {_("CSV UTF-8 with BOM (Excel)"), _("CSV Windows-1252 (older Excel)"),
                           _("JSON")};
    lb_dialog *d = lb_dialog_picker(_("Export format"), items, 3, 0, format_done, j);
    if (!d) {
        job_free(j);
        return LB_UI_HANDLED;
    }
    lb_shell_dialog(l->shell, d);
    return LB_UI_REDRAW;
}
