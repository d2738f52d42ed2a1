/* test_demo_start.c — lbterm opens on a screen the user's roles allow, never
 * on an error: the helpdesk on Meldingen (the bus refuses it the meetings),
 * the others on Vergaderingen. First `lbterm --demo --as ROLE` (the README's
 * Quick start, with its own demo simulator), then a real profile, where the
 * roles come from whoami. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/e2e/e2e.h"
#include "tests/tap.h"
#include "tests/vt_harness.h"

static void starts_on(const char *role, const char *screen_text)
{
    char home[] = "/tmp/lbterm-demo-start-XXXXXX";
    if (!mkdtemp(home))
        tap_bail("mkdtemp");
    char env_home[96], env_cfg[128], env_state[128], env_run[128];
    snprintf(env_home, sizeof env_home, "HOME=%s", home);
    snprintf(env_cfg, sizeof env_cfg, "XDG_CONFIG_HOME=%s/config", home);
    snprintf(env_state, sizeof env_state, "XDG_STATE_HOME=%s/state", home);
    snprintf(env_run, sizeof env_run, "XDG_RUNTIME_DIR=%s", home);
    const char *env[] = {
        env_home,       env_cfg,  env_state,     env_run, "XDG_CONFIG_DIRS=/nonexistent",
        "LANG=C.UTF-8", "LC_ALL", "LANGUAGE=nl", NULL};
    const char *argv[] = {getenv("LBTERM"), "--demo", "--as", role, NULL};
    char err[256];
    lb_vt *vt = lb_vt_spawn(argv, env, 30, 120, err, sizeof err);
    if (!vt)
        tap_bail("lbterm did not start: %s", err);
    bool shown = lb_vt_wait_text(vt, screen_text, 60000);
    ok(shown, "--as %s opens on \"%s\"", role, screen_text);
    /* the first page has had time to arrive (or to be refused) */
    lb_vt_wait_quiet(vt, 500, 10000);
    char *screen = lb_vt_screen_text(vt);
    ok(strstr(screen, "Er ging iets mis") == NULL && strstr(screen, "niet de rol") == NULL,
       "--as %s: no error on the first screen", role);
    if (!shown || strstr(screen, "Er ging iets mis"))
        lb_vt_dump(vt, "first screen");
    free(screen);
    lb_vt_key(vt, "F10");
    is_int(lb_vt_wait_exit(vt, 20000), 0, "--as %s: F10 quits cleanly", role);
    lb_vt_free(vt);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", home);
    if (system(cmd) != 0)
        tap_diag("could not remove %s", home);
}

/* A profile of USER (no --demo, no --view): the start follows whoami. */
static void profile_starts_on(lb_e2e *e, const char *user, const char *screen_text)
{
    lb_e2e_start(e, user, 30, 120, NULL, NULL);
    bool shown = lb_e2e_wait(e, screen_text);
    ok(shown, "%s opens on \"%s\"", user, screen_text);
    lb_e2e_settle(e);
    char *screen = lb_vt_screen_text(e->vt);
    ok(strstr(screen, "Er ging iets mis") == NULL && strstr(screen, "niet de rol") == NULL,
       "%s: no error on the first screen", user);
    free(screen);
    ok(lb_e2e_quit(e), "%s: F10 quits cleanly", user);
    /* nothing the user was not allowed was asked: no refusal in the log */
    char path[400];
    snprintf(path, sizeof path, "%s/state/lbterm/lbterm.log", e->home);
    FILE *f = fopen(path, "r");
    char line[1024];
    bool refused = false;
    while (f && fgets(line, sizeof line, f))
        refused |= strstr(line, "HTTP 403") != NULL;
    if (f)
        fclose(f);
    ok(!refused, "%s: the bus refused nothing (no 403 in lbterm.log)", user);
}

int main(void)
{
    if (!getenv("LBTERM"))
        tap_bail("LBTERM is not set");
    starts_on("secretary", "Actieve vergaderingen");
    starts_on("helpdesk", "Open meldingen");

    lb_e2e e;
    lb_e2e_setup(&e, NULL);
    profile_starts_on(&e, "demo-helpdesk", "Open meldingen");
    profile_starts_on(&e, "demo-admin", "Actieve vergaderingen");
    profile_starts_on(&e, "demo-archief-team", "Actieve vergaderingen");
    lb_e2e_teardown(&e);
    return tap_done();
}
