/* shell.c — the frame and the event loop. Keys become actions through the
 * one action table; the view handles what it offers, the shell the rest
 * (help, "waarom niet?", screens, quit). Everything is drawn into stdscr and
 * sent with one doupdate per turn, so curses sends only what changed. */
#include "config.h"

#include <curses.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "i18n/i18n.h"
#include "ui/event_loop.h"
#include "ui/keybar.h"
#include "ui/safe_text.h"
#include "ui/screen.h"
#include "ui/text_width.h"
#include "views/archive_view.h"
#include "views/shell.h"

#define MAX_VIEWS   8
#define MAX_DIALOGS 4
#define MAX_FORMS   4

typedef struct {
    lb_form *form;
    void (*closed)(void *user);
    void *user;
} form_slot;

struct lb_shell {
    lb_shell_config cfg;
    lb_loop *loop;
    lb_view *views[MAX_VIEWS]; /* opened views, by class order */
    const lb_view_class *view_classes[MAX_VIEWS];
    size_t view_count, current;
    lb_dialog *dialogs[MAX_DIALOGS];
    size_t dialog_count;
    form_slot forms[MAX_FORMS];
    size_t form_count;
    const lb_whoami *who;
    lb_error who_error;
    bool who_failed;
    char message[512];
    bool message_is_error;
    char progress[128];
    bool throttled;
    bool dirty, quit, hangup;
    long long last_draw_ms; /* --slow-link: frames at most every LB_SLOW_FRAME_MS */
    int exit_code;
};

/* ---- transport as a loop source ---- */

static size_t source_fds(void *user, struct pollfd *fds, size_t max)
{
    return lb_transport_fds(user, fds, max);
}

static int source_timeout(void *user)
{
    return lb_transport_timeout_ms(user);
}

static void source_dispatch(void *user, const struct pollfd *fds, size_t count)
{
    lb_transport_dispatch(user, fds, count);
}

/* ---- life ---- */

static void on_throttle(void *user, bool throttled, long seconds)
{
    lb_shell *sh = user;
    (void)seconds;
    sh->throttled = throttled;
    sh->dirty = true;
}

lb_shell *lb_shell_new(const lb_shell_config *cfg)
{
    lb_shell *sh = calloc(1, sizeof *sh);
    if (!sh)
        return NULL;
    sh->cfg = *cfg;
    sh->dirty = true;
    lb_bus_set_throttle_fn(cfg->bus, on_throttle, sh);
    return sh;
}

static void close_form(lb_shell *sh)
{
    if (sh->form_count == 0)
        return;
    form_slot *s = &sh->forms[--sh->form_count];
    if (s->closed)
        s->closed(s->user);
    lb_form_free(s->form);
}

void lb_shell_free(lb_shell *sh)
{
    if (!sh)
        return;
    while (sh->dialog_count)
        lb_dialog_free(sh->dialogs[--sh->dialog_count]);
    while (sh->form_count)
        close_form(sh);
    for (size_t i = 0; i < sh->view_count; i++)
        sh->view_classes[i]->close(sh->views[i]);
    lb_bus_set_throttle_fn(sh->cfg.bus, NULL, NULL);
    free(sh);
}

/* ---- for views ---- */

lb_bus *lb_shell_bus(lb_shell *sh)
{
    return sh->cfg.bus;
}

const lb_whoami *lb_shell_who(lb_shell *sh)
{
    return sh->who;
}

bool lb_shell_has_role(lb_shell *sh, const char *role)
{
    return sh->who && lb_whoami_has_role(sh->who, role);
}

bool lb_shell_read_only(const lb_shell *sh)
{
    return sh->cfg.read_only;
}

void lb_shell_message(lb_shell *sh, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sh->message, sizeof sh->message, fmt, ap);
    va_end(ap);
    sh->message_is_error = false;
    sh->dirty = true;
}

void lb_shell_log(lb_shell *sh, const char *fmt, ...)
{
    if (!sh->cfg.log)
        return;
    char when[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    fprintf(sh->cfg.log, "%s ", when);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(sh->cfg.log, fmt, ap);
    va_end(ap);
    fputc('\n', sh->cfg.log);
    fflush(sh->cfg.log);
}

/* What the user can do about an error, by category. */
static const char *next_step(lb_status s)
{
    switch (s) {
    case LB_ERR_NETWORK:
    case LB_ERR_TIMEOUT:
    case LB_ERR_UNAVAILABLE:
    case LB_ERR_SERVER:
        return _(
            "Try again in a moment with F5 (Refresh). If it keeps failing, call the helpdesk.");
    case LB_ERR_THROTTLED: return _("Wait a moment; lbterm tries again by itself.");
    case LB_ERR_UNAUTHORIZED:
        return _("Sign in again (renew the token of your profile), then restart lbterm.");
    case LB_ERR_FORBIDDEN: return _("Ask an administrator for the role named above.");
    case LB_ERR_PRECONDITION: return _("Refresh (F5) to see the current version, then try again.");
    case LB_ERR_TLS:
        return _("Check the certificate settings of your profile; the helpdesk can help.");
    case LB_ERR_CONFIG: return _("Fix the configuration file named above.");
    default: return _("The details are in lbterm's log file.");
    }
}

void lb_shell_error(lb_shell *sh, const char *what, const lb_error *err)
{
    lb_shell_log(sh, "error: %s: %s (%s, HTTP %d) %s [%s:%d]", what, lb_status_message(err->status),
                 lb_status_name(err->status), err->http_status, err->detail,
                 err->file ? err->file : "-", err->line);
    char detail[300];
    lb_safe_text(detail, sizeof detail, err->detail, strlen(err->detail), LB_SAFE_ONE_LINE);
    char text[1200];
    snprintf(text, sizeof text, "%s\n\n%s%s%s\n\n%s", what, lb_status_message(err->status),
             detail[0] ? "\n" : "", detail, next_step(err->status));
    snprintf(sh->message, sizeof sh->message, "%s", lb_status_message(err->status));
    sh->message_is_error = true;
    if (sh->hangup)
        return;
    lb_dialog *d = lb_dialog_message(_("Something went wrong"), text, NULL, NULL);
    if (d)
        lb_shell_dialog(sh, d);
}

void lb_shell_dialog(lb_shell *sh, lb_dialog *d)
{
    if (!d)
        return;
    if (sh->dialog_count == MAX_DIALOGS) {
        lb_dialog_free(d);
        return;
    }
    sh->dialogs[sh->dialog_count++] = d;
    sh->dirty = true;
}

void lb_shell_close_form(lb_shell *sh, lb_form *f)
{
    /* only the top form: the ones below it keep their place */
    if (sh->form_count && sh->forms[sh->form_count - 1].form == f) {
        close_form(sh);
        sh->dirty = true;
    }
}

void lb_shell_push_form(lb_shell *sh, lb_form *f, void (*closed)(void *user), void *user)
{
    if (sh->form_count == MAX_FORMS) {
        if (closed)
            closed(user);
        lb_form_free(f);
        lb_shell_message(sh, "%s", _("Close a form first (Esc)."));
        return;
    }
    sh->forms[sh->form_count++] = (form_slot){f, closed, user};
    sh->dirty = true;
}

void lb_shell_progress(lb_shell *sh, const char *text)
{
    snprintf(sh->progress, sizeof sh->progress, "%s", text);
    sh->dirty = true;
}

void lb_shell_redraw(lb_shell *sh)
{
    sh->dirty = true;
}

static lb_view *current_view(lb_shell *sh)
{
    return sh->view_count ? sh->views[sh->current] : NULL;
}

void lb_shell_show_view(lb_shell *sh, const lb_view_class *cls)
{
    for (size_t i = 0; i < sh->view_count; i++) {
        if (sh->view_classes[i] == cls) {
            sh->current = i;
            sh->dirty = true;
            return;
        }
    }
    if (sh->view_count == MAX_VIEWS)
        return;
    lb_view *v = cls->open(cls, sh);
    if (!v) {
        lb_shell_message(sh, "%s", _("Out of memory."));
        return;
    }
    sh->views[sh->view_count] = v;
    sh->view_classes[sh->view_count] = cls;
    sh->current = sh->view_count++;
    sh->dirty = true;
}

/* ---- drawing ---- */

static void who_text(lb_shell *sh, char *buf, size_t size)
{
    const lb_whoami *w = sh->who;
    if (!w) {
        snprintf(buf, size, "%s", sh->who_failed ? _("not signed in") : _("signing in…"));
        return;
    }
    char name[96], bestuur[96];
    lb_safe_text(name, sizeof name, w->full_name, strlen(w->full_name), LB_SAFE_ONE_LINE);
    lb_safe_text(bestuur, sizeof bestuur, w->bestuur.name ? w->bestuur.name : "",
                 w->bestuur.name ? strlen(w->bestuur.name) : 0, LB_SAFE_ONE_LINE);
    /* the roles, short: "LB365 – Secretariaat" shows as "Secretariaat" */
    char roles[160] = "";
    size_t o = 0;
    for (size_t i = 0; i < w->role_count && o < sizeof roles; i++) {
        const char *r = w->roles[i].name;
        const char *dash = strstr(r, " \u2013 ");
        const char *shortname = dash ? dash + strlen(" \u2013 ") : r;
        char safe[64];
        lb_safe_text(safe, sizeof safe, shortname, strlen(shortname), LB_SAFE_ONE_LINE);
        o += (size_t)snprintf(roles + o, sizeof roles - o, "%s%s", o ? ", " : "", safe);
    }
    snprintf(buf, size, "%s · %s · %s%s%s%s", sh->cfg.profile_name, bestuur, name,
             roles[0] ? " (" : "", roles, roles[0] ? ")" : "");
}

static void draw_title(lb_shell *sh)
{
    char left[512], right[300], desc[400] = "";
    lb_view *v = current_view(sh);
    if (sh->form_count) {
        snprintf(left, sizeof left, " %s", lb_form_title(sh->forms[sh->form_count - 1].form));
    } else if (v) {
        v->cls->describe(v, desc, sizeof desc);
        snprintf(left, sizeof left, " %s%s%s", _(v->cls->title), desc[0] ? " · " : "", desc);
    } else {
        snprintf(left, sizeof left, " lbterm");
    }
    who_text(sh, right, sizeof right);
    int rw = (int)lb_text_width(right, strlen(right)) + 1;
    if (rw > COLS / 2)
        rw = COLS / 2;
    lb_ui_fill(0, 0, COLS, LB_ATTR_TITLE);
    lb_ui_put(0, 0, left, COLS - rw - 1, LB_ATTR_TITLE);
    lb_ui_put(0, COLS - rw, right, rw, LB_ATTR_TITLE);
}

static void draw_status(lb_shell *sh, int y)
{
    char left[256] = "", right[256] = "";
    lb_view *v = current_view(sh);
    if (v && !sh->form_count)
        v->cls->counts(v, left, sizeof left);
    long ms = lb_bus_throttled_ms(sh->cfg.bus);
    bool waiting = v && v->cls->busy && v->cls->busy(v);
    if (sh->throttled && ms > 0 && waiting)
        /* TRANSLATORS: the bus answered 429; %ld is seconds */
        snprintf(right, sizeof right, _("Server busy, next try in %ld s (Esc cancels)"),
                 (ms + 999) / 1000);
    else if (sh->progress[0])
        snprintf(right, sizeof right, "%s", sh->progress);
    char line[1024];
    snprintf(line, sizeof line, " %s%s%s", left, sh->message[0] ? " │ " : "", sh->message);
    if (!lb_ui_utf8() || lb_ui_braille()) /* no line drawing for braille */
        snprintf(line, sizeof line, " %s%s%s", left, sh->message[0] ? " | " : "", sh->message);
    int rw = right[0] ? (int)lb_text_width(right, strlen(right)) + 2 : 0;
    if (rw > COLS / 2)
        rw = COLS / 2;
    lb_ui_fill(y, 0, COLS, LB_ATTR_STATUS);
    lb_ui_put(y, 0, line, COLS - rw, sh->message_is_error ? LB_ATTR_ERROR : LB_ATTR_STATUS);
    if (rw)
        lb_ui_put(y, COLS - rw, right, rw, LB_ATTR_STATUS);
}

static bool action_offered(lb_shell *sh, lb_action a, char *why, size_t why_size)
{
    if (why && why_size)
        why[0] = '\0';
    switch (a) {
    case LB_ACT_HELP:
    case LB_ACT_QUIT:
    case LB_ACT_SCREENS:
    case LB_ACT_WHY_NOT:
    case LB_ACT_MOUSE: return true;
    default: break;
    }
    lb_view *v = current_view(sh);
    if (sh->form_count)
        return false;
    return v && v->cls->available(v, a, why, why_size);
}

static void draw_keybar(lb_shell *sh, int y)
{
    lb_keybar_item items[10];
    size_t n = 0;
    for (int a = 0; a < LB_ACT_COUNT && n < 10; a++) {
        const lb_action_info *info = lb_action_get((lb_action)a);
        if (info->fkey == 0)
            continue;
        bool shown = action_offered(sh, (lb_action)a, NULL, 0);
        if (sh->form_count && a != LB_ACT_HELP && a != LB_ACT_QUIT)
            shown = false;
        items[n++] = (lb_keybar_item){info->fkey, info->letter, _(info->label), shown};
    }
    lb_keybar_draw(y, items, n);
}

/* --slow-link: keys that arrive within one frame (autorepeat, typing ahead)
 * are handled together and only their result is sent. */
#define LB_SLOW_FRAME_MS 150

static long long monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* How long the next frame must wait; 0: draw now. */
static int frame_hold_ms(const lb_shell *sh)
{
    if (!lb_screen_slow_link())
        return 0;
    long long since = monotonic_ms() - sh->last_draw_ms;
    return since >= LB_SLOW_FRAME_MS ? 0 : (int)(LB_SLOW_FRAME_MS - since);
}

static void draw(lb_shell *sh)
{
    if (LINES < 1 || COLS < 1)
        return;
    sh->last_draw_ms = monotonic_ms();
    int body_top = 1, body_bottom = LINES - 2; /* exclusive */
    bool bars = LINES >= 4;
    if (!bars)
        body_top = 0, body_bottom = LINES;
    if (bars) {
        /* linear mode: announcements on the last line, where a braille
         * display's status cell range is set to look */
        bool linear = lb_ui_braille();
        draw_title(sh);
        draw_status(sh, linear ? LINES - 1 : LINES - 2);
        draw_keybar(sh, linear ? LINES - 2 : LINES - 1);
    }
    lb_view *v = current_view(sh);
    int h = body_bottom - body_top;
    if (sh->form_count) {
        lb_form_draw(sh->forms[sh->form_count - 1].form, body_top, 0, h, COLS);
    } else if (v && h > 0) {
        v->cls->draw(v, body_top, 0, h, COLS);
    }
    if (sh->dialog_count)
        lb_dialog_draw(sh->dialogs[sh->dialog_count - 1]);
    wnoutrefresh(stdscr);
    doupdate();
    sh->dirty = false;
}

/* ---- help, why not, screens ---- */

static void show_help(lb_shell *sh)
{
    char *text = malloc(8192);
    if (!text)
        return;
    size_t o = 0;
    text[0] = '\0';
    for (int a = 0; a < LB_ACT_COUNT; a++) {
        const lb_action_info *info = lb_action_get((lb_action)a);
        if (!action_offered(sh, (lb_action)a, NULL, 0))
            continue;
        char keys[32] = "";
        if (info->fkey && info->letter == ' ')
            snprintf(keys, sizeof keys, "F%d %s", info->fkey, _("Space"));
        else if (info->fkey)
            snprintf(keys, sizeof keys, "F%d  %c", info->fkey, (char)info->letter);
        else if (info->letter == ' ')
            snprintf(keys, sizeof keys, "%s", _("Space"));
        else
            snprintf(keys, sizeof keys, "%c", (char)info->letter);
        o += (size_t)snprintf(text + o, 8192 - o, "%-8s %s — %s\n", keys, _(info->label),
                              _(info->help));
        if (o >= 8192)
            break;
    }
    if (o < 8192)
        snprintf(text + o, 8192 - o, "\n%s",
                 _("Arrows, PgUp/PgDn, Home/End: move. Enter: open. Esc: close or cancel. "
                   "In a form: Tab and Shift-Tab or Left/Right switch tabs. Mouse: click a row, "
                   "a column title (sort) or a key in the bottom bar; the wheel scrolls."));
    lb_shell_dialog(sh, lb_dialog_message(_("Help"), text, NULL, NULL));
    free(text);
}

static void show_why_not(lb_shell *sh)
{
    char *text = malloc(4096);
    if (!text)
        return;
    size_t o = 0;
    text[0] = '\0';
    for (int a = 0; a < LB_ACT_COUNT; a++) {
        char why[256];
        if (action_offered(sh, (lb_action)a, why, sizeof why) || !why[0])
            continue;
        o += (size_t)snprintf(text + o, 4096 - o, "%s: %s\n", _(lb_action_get((lb_action)a)->label),
                              why);
        if (o >= 4096)
            break;
    }
    if (!text[0])
        snprintf(text, 4096, "%s", _("Every command of this screen is available to you."));
    lb_shell_dialog(sh, lb_dialog_message(_("Why not?"), text, NULL, NULL));
    free(text);
}

static void screens_done(void *user, const lb_dialog_result *res)
{
    lb_shell *sh = user;
    size_t n;
    const lb_view_class *const *classes = lb_view_classes(&n);
    if (res->accepted && res->index < n)
        lb_shell_show_view(sh, classes[res->index]);
}

static void show_screens(lb_shell *sh)
{
    size_t n;
    const lb_view_class *const *classes = lb_view_classes(&n);
    const char *titles[MAX_VIEWS];
    size_t cur = 0;
    for (size_t i = 0; i < n && i < MAX_VIEWS; i++) {
        titles[i] = _(classes[i]->title);
        if (sh->view_count && classes[i] == sh->view_classes[sh->current])
            cur = i;
    }
    lb_shell_dialog(sh, lb_dialog_picker(_("Go to screen"), titles, n, cur, screens_done, sh));
}

/* ---- keys ---- */

static lb_action action_for_key(const lb_key *k)
{
    for (int a = 0; a < LB_ACT_COUNT; a++) {
        const lb_action_info *info = lb_action_get((lb_action)a);
        if (k->is_key && info->fkey && k->key == KEY_F(info->fkey))
            return (lb_action)a;
        if (!k->is_key && info->letter && k->ch == info->letter)
            return (lb_action)a;
    }
    if (!k->is_key && (k->ch == '\r' || k->ch == '\n'))
        return LB_ACT_OPEN;
    if (k->is_key && k->key == KEY_ENTER)
        return LB_ACT_OPEN;
    if (!k->is_key && k->ch == '?')
        return LB_ACT_HELP;
    return LB_ACT_NONE;
}

static void quit_done(void *user, const lb_dialog_result *res)
{
    lb_shell *sh = user;
    if (res->accepted)
        sh->quit = true;
}

static void run_action(lb_shell *sh, lb_action a)
{
    char why[256];
    switch (a) {
    case LB_ACT_HELP: show_help(sh); return;
    case LB_ACT_QUIT:
        if (lb_archive_view_running()) {
            lb_shell_dialog(
                sh, lb_dialog_confirm(_("Archiving is running"),
                                      _("An archiving job is running. Quit anyway? The records in "
                                        "flight are finished at the next start (resume)."),
                                      _("Quit"), quit_done, sh));
            return;
        }
        sh->quit = true;
        return;
    case LB_ACT_SCREENS: show_screens(sh); return;
    case LB_ACT_WHY_NOT: show_why_not(sh); return;
    case LB_ACT_MOUSE:
        lb_screen_set_mouse(!lb_screen_mouse_enabled());
        lb_shell_message(sh, "%s", lb_screen_mouse_enabled() ? _("Mouse on.") : _("Mouse off."));
        return;
    default: break;
    }
    lb_view *v = current_view(sh);
    if (!v)
        return;
    if (!v->cls->available(v, a, why, sizeof why)) {
        if (why[0])
            lb_shell_message(sh, "%s", why);
        return;
    }
    v->cls->act(v, a);
    sh->dirty = true;
}

static void handle_key(lb_shell *sh, const lb_key *k)
{
    sh->dirty = true;
    /* a message stays until the next key, like mc's hints */
    if (!(k->is_key && k->key == KEY_RESIZE)) {
        sh->message[0] = '\0';
        sh->message_is_error = false;
    }
    if (k->is_key && k->key == KEY_RESIZE) {
        sh->dirty = true;
        return;
    }
    if (!k->is_key && k->ch == 0x0C) { /* Ctrl-L repaints everything */
        clearok(curscr, TRUE);
        return;
    }
    if (!k->is_key && k->ch == 0x03) { /* Ctrl-C: leave, like everywhere */
        sh->quit = true;
        return;
    }
    if (sh->dialog_count) {
        lb_dialog *d = sh->dialogs[sh->dialog_count - 1];
        int r = lb_dialog_key(d, k);
        if (r & LB_UI_CLOSE) {
            /* DONE may have opened another dialog: remove D wherever it is */
            for (size_t i = 0; i < sh->dialog_count; i++) {
                if (sh->dialogs[i] == d) {
                    memmove(sh->dialogs + i, sh->dialogs + i + 1,
                            (sh->dialog_count - i - 1) * sizeof *sh->dialogs);
                    sh->dialog_count--;
                    break;
                }
            }
            lb_dialog_free(d);
        }
        return;
    }
    int keybar_row = lb_ui_braille() ? LINES - 2 : LINES - 1;
    if (k->is_key && k->key == KEY_MOUSE && k->mouse_y == keybar_row && LINES >= 4) {
        lb_keybar_item items[10];
        size_t n = 0;
        lb_action ids[10];
        for (int a = 0; a < LB_ACT_COUNT && n < 10; a++) {
            const lb_action_info *info = lb_action_get((lb_action)a);
            if (!info->fkey)
                continue;
            ids[n] = (lb_action)a;
            items[n++] = (lb_keybar_item){info->fkey, info->letter, _(info->label),
                                          action_offered(sh, (lb_action)a, NULL, 0)};
        }
        int hit = lb_keybar_hit(k->mouse_x, items, n);
        if (hit >= 0)
            run_action(sh, ids[hit]);
        return;
    }
    if (sh->form_count) {
        lb_form *f = sh->forms[sh->form_count - 1].form;
        if (k->is_key && k->key == KEY_F(1)) {
            show_help(sh);
            return;
        }
        if (k->is_key && k->key == KEY_F(10)) {
            sh->quit = true;
            return;
        }
        int r = lb_form_key(f, k);
        if (r & LB_UI_CLOSE)
            close_form(sh);
        return;
    }
    lb_view *v = current_view(sh);
    if (v) {
        /* navigation first: arrows and the mouse belong to the view */
        bool nav = k->is_key && k->key != KEY_ENTER && !(k->key >= KEY_F(1) && k->key <= KEY_F(12));
        if (nav || (!k->is_key && k->ch == 0x1B)) {
            if (v->cls->key(v, k) != LB_UI_IGNORED)
                return;
        }
    }
    lb_action a = action_for_key(k);
    if (a == LB_ACT_NONE) {
        if (v)
            v->cls->key(v, k);
        return;
    }
    /* an action this screen does not have goes to the screen as a key (the
     * job screen's r); one it has but may not use explains why */
    char why[256] = "";
    bool global = a == LB_ACT_HELP || a == LB_ACT_QUIT || a == LB_ACT_SCREENS ||
                  a == LB_ACT_WHY_NOT || a == LB_ACT_MOUSE;
    if (!global && v && !v->cls->available(v, a, why, sizeof why) && !why[0]) {
        v->cls->key(v, k);
        return;
    }
    run_action(sh, a);
}

/* wget_wch decodes what is typed by the locale's character set, so on a
 * Latin-9 terminal 0xEB arrives as U+00EB: CH is Unicode, and stored text
 * is its UTF-8 (the dialogs encode it), never the terminal's bytes. */
static bool read_key(lb_key *k)
{
    wint_t wc;
    int r = wget_wch(stdscr, &wc);
    if (r == ERR)
        return false;
    memset(k, 0, sizeof *k);
    if (r == KEY_CODE_YES) {
        k->is_key = true;
        k->key = (int)wc;
        if (k->key == KEY_MOUSE) {
            MEVENT ev;
            if (getmouse(&ev) != OK)
                return true;
            k->mouse_y = ev.y;
            k->mouse_x = ev.x;
            if (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))
                k->button = 1;
            else if (ev.bstate & BUTTON4_PRESSED)
                k->button = 4;
#ifdef BUTTON5_PRESSED
            else if (ev.bstate & BUTTON5_PRESSED)
                k->button = 5;
#endif
        }
        return true;
    }
    k->ch = (unsigned)wc;
    return true;
}

/* ---- the loop ---- */

static bool may_use(const lb_whoami *who, const lb_view_class *cls)
{
    if (!cls->roles)
        return true;
    for (size_t i = 0; cls->roles[i]; i++)
        if (lb_whoami_has_role(who, cls->roles[i]))
            return true;
    return false;
}

/* Without --view, lbterm starts on the first screen the user's roles allow
 * (the helpdesk on Meldingen, not on meetings the bus would refuse); the
 * first screen of all when whoami failed or no role fits. */
static void show_start_view(lb_shell *sh, const lb_whoami *who)
{
    size_t n;
    const lb_view_class *const *classes = lb_view_classes(&n);
    for (size_t i = 0; who && i < n; i++) {
        if (may_use(who, classes[i])) {
            lb_shell_show_view(sh, classes[i]);
            return;
        }
    }
    lb_shell_show_view(sh, classes[0]);
}

static void on_whoami(void *user, const lb_whoami *who, const lb_error *err)
{
    lb_shell *sh = user;
    sh->who = who;
    if (!who) {
        sh->who_failed = true;
        sh->who_error = *err;
        lb_shell_error(sh, _("lbterm could not find out who you are."), err);
    }
    if (!current_view(sh)) /* the user may have picked one meanwhile (g) */
        show_start_view(sh, who);
    sh->dirty = true;
}

static void cancel_loads(lb_shell *sh)
{
    lb_view *v = current_view(sh);
    lb_key esc = {.is_key = false, .ch = 0x1B};
    if (v)
        v->cls->key(v, &esc);
}

int lb_shell_run(lb_shell *sh, char *err, size_t errsize)
{
    sh->loop = lb_loop_new(STDIN_FILENO);
    if (!sh->loop) {
        snprintf(err, errsize, "%s", _("The event loop could not start."));
        return 1;
    }
    lb_loop_source src = {source_fds, source_timeout, source_dispatch, sh->cfg.transport};
    lb_loop_add_source(sh->loop, &src);
    if (!lb_screen_start(&sh->cfg.screen, sh->cfg.codeset, err, errsize)) {
        lb_loop_free(sh->loop);
        sh->loop = NULL;
        return 1;
    }
    lb_loop_watch_resize(sh->loop);
    lb_error werr;
    const lb_view_class *first = sh->cfg.first_view ? lb_view_class_find(sh->cfg.first_view) : NULL;
    if (first)
        lb_shell_show_view(sh, first);
    /* else on_whoami chooses, from the user's roles */
    if (lb_session_whoami(sh->cfg.session, on_whoami, sh, &werr) != LB_OK)
        on_whoami(sh, NULL, &werr);
    lb_shell_message(sh, "%s", _("F1, h or ? shows every key."));
    lb_archive_view_offer_resume(sh);
    while (!sh->quit) {
        int wait = sh->throttled ? 1000 : -1;
        if (sh->dirty && !sh->hangup) {
            int hold = frame_hold_ms(sh);
            if (hold == 0)
                draw(sh);
            else if (wait < 0 || hold < wait)
                wait = hold;
        }
        lb_loop_wait(sh->loop, wait); /* then keys are read without blocking */
        int sig;
        while ((sig = lb_loop_take_signal(sh->loop)) != 0) {
            if (sig == SIGWINCH) {
                lb_screen_resized();
                sh->dirty = true;
                continue;
            }
            if (sig == SIGHUP) {
                sh->hangup = true;
                lb_shell_log(sh, "SIGHUP: the terminal went away");
                sh->exit_code = 128 + sig;
                continue; /* a running job is finished without a screen */
            }
            sh->quit = true;
            sh->exit_code = 128 + sig;
        }
        if (lb_loop_input_gone(sh->loop) && !sh->hangup) {
            sh->hangup = true;
            lb_shell_log(sh, "the terminal went away");
        }
        if (sh->hangup && !lb_archive_view_running())
            sh->quit = true;
        if (sh->throttled)
            sh->dirty = true;
        if (!sh->hangup) {
            lb_key k;
            while (!sh->hangup && read_key(&k)) {
                if (!k.is_key && k.ch == 0x1B && sh->throttled && !sh->dialog_count &&
                    !sh->form_count) {
                    cancel_loads(sh);
                    continue;
                }
                handle_key(sh, &k);
                if (sh->quit)
                    break;
            }
        }
        for (size_t i = 0; i < sh->view_count; i++)
            if (sh->view_classes[i]->tick)
                sh->view_classes[i]->tick(sh->views[i]);
    }
    lb_screen_stop();
    lb_loop_free(sh->loop);
    sh->loop = NULL;
    return sh->exit_code;
}
