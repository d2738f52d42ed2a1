/* e2e.c — the pieces every end-to-end test of lbterm needs. */
#include "config.h"

#include <ctype.h>
#include <locale.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/e2e/e2e.h"
#include "tests/tap.h"

static void write_file(const char *path, const char *text, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
        tap_bail("cannot write %s", path);
    fchmod(fd, mode);
    close(fd);
}

void lb_e2e_setup(lb_e2e *e, const char *const *sim_args)
{
    memset(e, 0, sizeof *e);
    const char *vg = getenv("LB_E2E_VALGRIND");
    e->valgrind = vg && strcmp(vg, "1") == 0;
    e->timeout_ms = e->valgrind ? 120000 : 15000;
    if (lb_test_sim_start(&e->sim, sim_args) != 0)
        tap_bail("lbbus-sim did not start");
    snprintf(e->home, sizeof e->home, "%s/home", e->sim.dir);
    char path[512];
    mkdir(e->home, 0700);
    snprintf(path, sizeof path, "%s/config", e->home);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/config/lbterm", e->home);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/state", e->home);
    mkdir(path, 0700);
}

void lb_e2e_start(lb_e2e *e, const char *user, int rows, int cols, const char *const *extra_args,
                  const char *const *extra_env)
{
    char path[600], text[1024];
    snprintf(path, sizeof path, "%s/token", e->home);
    write_file(path, user, 0600);
    snprintf(text, sizeof text,
             "[profile test]\nbase_url = %s\ntoken_file = %s/token\npage_size = %d\n",
             e->sim.base_url, e->home, e->page_size > 0 ? e->page_size : 50);
    snprintf(path, sizeof path, "%s/config/lbterm/config", e->home);
    write_file(path, text, 0600);

    const char *argv[32];
    size_t n = 0;
    static char vg_log[600];
    if (e->valgrind) {
        snprintf(vg_log, sizeof vg_log, "--log-file=%s/valgrind.%%p.log", e->sim.dir);
        argv[n++] = "/usr/bin/valgrind";
        argv[n++] = "--quiet";
        argv[n++] = "--error-exitcode=99";
        argv[n++] = "--leak-check=full";
        argv[n++] = "--errors-for-leak-kinds=definite,indirect";
        argv[n++] = "--show-leak-kinds=definite,indirect";
        argv[n++] = vg_log;
    }
    const char *lbterm = getenv("LBTERM");
    if (!lbterm)
        tap_bail("LBTERM is not set");
    argv[n++] = lbterm;
    argv[n++] = "--profile";
    argv[n++] = "test";
    for (size_t i = 0; extra_args && extra_args[i] && n < 30; i++)
        argv[n++] = extra_args[i];
    argv[n] = NULL;

    static char env_home[400], env_cfg[400], env_state[400];
    snprintf(env_home, sizeof env_home, "HOME=%s", e->home);
    snprintf(env_cfg, sizeof env_cfg, "XDG_CONFIG_HOME=%s/config", e->home);
    snprintf(env_state, sizeof env_state, "XDG_STATE_HOME=%s/state", e->home);
    const char *env[32] = {env_home,       env_cfg,  env_state,     "XDG_CONFIG_DIRS=/nonexistent",
                           "LANG=C.UTF-8", "LC_ALL", "LANGUAGE=nl", "NO_COLOR"};
    size_t m = 8;
    for (size_t i = 0; extra_env && extra_env[i] && m < 31; i++)
        env[m++] = extra_env[i];
    env[m] = NULL;
    char err[256];
    e->vt = lb_vt_spawn(argv, env, rows, cols, err, sizeof err);
    if (!e->vt)
        tap_bail("lbterm did not start: %s", err);
}

bool lb_e2e_wait(lb_e2e *e, const char *text)
{
    if (lb_vt_wait_text(e->vt, text, e->timeout_ms))
        return true;
    char why[256];
    snprintf(why, sizeof why, "waited for \"%s\"", text);
    lb_vt_dump(e->vt, why);
    return false;
}

bool lb_e2e_wait_gone(lb_e2e *e, const char *text)
{
    if (lb_vt_wait_gone(e->vt, text, e->timeout_ms))
        return true;
    char why[256];
    snprintf(why, sizeof why, "waited for \"%s\" to go", text);
    lb_vt_dump(e->vt, why);
    return false;
}

void lb_e2e_key(lb_e2e *e, const char *name)
{
    lb_vt_key(e->vt, name);
}

void lb_e2e_keys(lb_e2e *e, const char *const *names)
{
    for (size_t i = 0; names[i]; i++)
        lb_vt_key(e->vt, names[i]);
}

void lb_e2e_type(lb_e2e *e, const char *text)
{
    lb_vt_send(e->vt, text, strlen(text));
}

void lb_e2e_settle(lb_e2e *e)
{
    lb_vt_wait_quiet(e->vt, e->valgrind ? 1500 : 300, e->timeout_ms);
}

int lb_e2e_wait_either(lb_e2e *e, const char *a, const char *b)
{
    for (int i = 0; i < e->timeout_ms / 200; i++) {
        if (lb_vt_wait_text(e->vt, a, 100))
            return 1;
        if (lb_vt_wait_text(e->vt, b, 100))
            return 2;
    }
    return 0;
}

void lb_e2e_go_to(lb_e2e *e, const char *screen)
{
    lb_e2e_key(e, "F9");
    lb_e2e_settle(e);
    lb_e2e_type(e, screen);
    lb_e2e_settle(e); /* the picker narrows to SCREEN before Enter takes it */
    lb_e2e_key(e, "Enter");
}

char *lb_e2e_cursor_row(lb_e2e *e, int *row)
{
    int r, c;
    lb_vt_cursor(e->vt, &r, &c);
    if (row)
        *row = r;
    return lb_vt_row_text(e->vt, r);
}

char *lb_e2e_text_at(lb_e2e *e, int row, int col)
{
    char *line = lb_vt_row_text(e->vt, row);
    char *p = line;
    for (int c = 0; *p && c < col; c++) {
        p++;
        while (((unsigned char)*p & 0xC0) == 0x80)
            p++;
    }
    char *out = strdup(p);
    free(line);
    return out;
}

long lb_e2e_status_number(lb_e2e *e, const char *before_word)
{
    char *screen = lb_vt_screen_text(e->vt);
    long result = -1;
    /* the status line is the second-to-last row */
    char *last = NULL, *p = screen;
    int rows = 0;
    for (char *q = screen; *q; q++)
        rows += *q == '\n';
    for (int i = 0; i < rows - 1 && p; i++) {
        last = p;
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    (void)last;
    if (p) {
        char *end = strchr(p, '\n');
        if (end)
            *end = '\0';
        char *w = strstr(p, before_word);
        if (w) {
            char *d = w;
            while (d > p && d[-1] == ' ')
                d--;
            char *s = d;
            while (s > p && (isdigit((unsigned char)s[-1]) || s[-1] == '.'))
                s--;
            if (s < d) {
                result = 0;
                for (char *c = s; c < d; c++)
                    if (isdigit((unsigned char)*c))
                        result = result * 10 + (*c - '0');
            }
        }
    }
    free(screen);
    return result;
}

char *lb_e2e_get(lb_e2e *e, const char *user, const char *path)
{
    lb_test_response r;
    if (lb_test_http(&e->sim, "GET", path, user, NULL, NULL, 0, &r) != 0)
        return NULL;
    char *body = r.status == 200 ? r.body : NULL;
    if (body)
        r.body = NULL;
    lb_test_response_done(&r);
    return body;
}

long lb_e2e_count(lb_e2e *e, const char *user, const char *path)
{
    char *body = lb_e2e_get(e, user, path);
    if (!body)
        return -1;
    long n = -1;
    char *c = strstr(body, "\"@odata.count\":");
    if (c)
        n = strtol(c + strlen("\"@odata.count\":"), NULL, 10);
    free(body);
    return n;
}

bool lb_e2e_quit(lb_e2e *e)
{
    if (!e->vt)
        return false;
    lb_vt_key(e->vt, "F10");
    int status = lb_vt_wait_exit(e->vt, e->timeout_ms);
    if (status != 0) {
        tap_diag("lbterm exited with %d%s", status,
                 status == 99 ? " (valgrind found errors: see the valgrind logs)" : "");
        if (status == 99) {
            char cmd[600];
            snprintf(cmd, sizeof cmd, "cat %s/valgrind.*.log >&2", e->sim.dir);
            if (system(cmd) != 0)
                tap_diag("no valgrind log");
        }
    }
    lb_vt_free(e->vt);
    e->vt = NULL;
    return status == 0;
}

void lb_e2e_teardown(lb_e2e *e)
{
    if (e->vt)
        lb_vt_free(e->vt);
    e->vt = NULL;
    lb_test_sim_stop(&e->sim);
}

void lb_e2e_require_locale(const char *name)
{
    if (setlocale(LC_ALL, name)) {
        setlocale(LC_ALL, "C");
        return;
    }
    const char *req = getenv("LBTERM_REQUIRE_LOCALES");
    if (req && strcmp(req, "1") == 0) {
        printf("1..1\nnot ok 1 - the locale %s exists (scripts/setup generates it)\n", name);
        exit(1);
    }
    printf("1..0 # SKIP the locale %s is missing: run scripts/setup\n", name);
    exit(0);
}
