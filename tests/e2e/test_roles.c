/* test_roles.c — what a role allows: an admin without the secretariat role
 * sees no Activeren/Deactiveren and "waarom niet?" says why; the secretary
 * deactivates a meeting after a confirmation that starts on Annuleren, and a
 * meeting someone else changed meanwhile is reported (412), not overwritten;
 * the secretary starts on the meetings and reaches Meldingen with g, where
 * the list loads (the secretariat reads meldingen; test_meldingen.c checks
 * the hidden contact and the missing new melding). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>

#include "tests/e2e/e2e.h"
#include "tests/tap.h"

static lb_e2e e;

/* The id and name of the first active meeting in the list's default order
 * (begin, newest first): the record under the cursor at start. */
static bool first_active(char *id, size_t idsize, char *name, size_t namesize)
{
    char *body =
        lb_e2e_get(&e, "demo-secretaris", "/crm/meetings?state=active&orderby=begin%20desc");
    if (!body)
        return false;
    char *p = strstr(body, "\"id\":\"");
    char *q = strstr(body, "\"name\":\"");
    bool ok = p && q;
    if (ok) {
        p += 6;
        q += 8;
        snprintf(id, idsize, "%.*s", (int)(strchr(p, '"') - p), p);
        snprintf(name, namesize, "%.*s", (int)(strchr(q, '"') - q), q);
    }
    free(body);
    return ok;
}

static int state_of(const char *id)
{
    char path[128];
    snprintf(path, sizeof path, "/crm/meetings/%s", id);
    char *body = lb_e2e_get(&e, "demo-secretaris", path);
    if (!body)
        return -1;
    char *s = strstr(body, "\"statecode\":");
    int st = s ? atoi(s + 12) : -1;
    free(body);
    return st;
}

static void admin_without_role(void)
{
    lb_e2e_start(&e, "demo-admin", 30, 120, NULL, NULL);
    ok(lb_e2e_wait(&e, "Actieve vergaderingen"), "the admin sees the meetings");
    lb_e2e_settle(&e);
    char *bar = lb_vt_row_text(e.vt, 29);
    ok(strstr(bar, "Deactiveren") == NULL && strstr(bar, "Activeren") == NULL,
       "the key bar hides Activeren/Deactiveren: %s", bar);
    ok(strstr(bar, "Stoppen") != NULL, "and still shows the rest");
    free(bar);
    lb_e2e_key(&e, "d");
    ok(lb_e2e_wait(&e, "LB365 – Secretariaat"), "d explains which role would allow it");
    lb_e2e_key(&e, "w");
    ok(lb_e2e_wait(&e, "Deactiveren:"), "\"waarom niet?\" lists the hidden commands");
    lb_e2e_key(&e, "Enter");
    lb_e2e_settle(&e);
    ok(lb_e2e_quit(&e), "quits cleanly");
}

static void secretary_reaches_meldingen(void)
{
    lb_e2e_start(&e, "demo-secretaris", 30, 120, NULL, NULL);
    ok(lb_e2e_wait(&e, "Actieve vergaderingen"), "the secretary starts on the meetings");
    lb_e2e_settle(&e);
    lb_e2e_key(&e, "g");
    lb_e2e_wait(&e, "Ga naar scherm");
    lb_e2e_type(&e, "Meldingen");
    lb_e2e_settle(&e);
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "Open meldingen"), "g takes her to Meldingen");
    ok(lb_e2e_wait(&e, "Ontvangen op") && lb_e2e_wait(&e, " M-20"),
       "where the list of meldingen loads");
    lb_e2e_settle(&e);
    char *screen = lb_vt_screen_text(e.vt);
    ok(strstr(screen, "vereist de rol") == NULL && strstr(screen, "Er ging iets mis") == NULL,
       "without a role sentence or an error");
    free(screen);
    ok(lb_e2e_quit(&e), "quits cleanly");
}

static void read_only(void)
{
    lb_e2e_start(&e, "demo-secretaris", 30, 120, (const char *[]){"--read-only", NULL}, NULL);
    ok(lb_e2e_wait(&e, "Actieve vergaderingen"), "read-only: the meetings are shown");
    lb_e2e_settle(&e);
    char *bar = lb_vt_row_text(e.vt, 29);
    ok(strstr(bar, "Deactiveren") == NULL && strstr(bar, "Activeren") == NULL,
       "read-only hides the commands that change data: %s", bar);
    free(bar);
    lb_e2e_key(&e, "d");
    ok(lb_e2e_wait(&e, "--read-only"), "and says why when one is asked for");
    ok(lb_e2e_quit(&e), "quits cleanly");
}

static void secretary_deactivates(void)
{
    char id[64], name[128];
    if (!first_active(id, sizeof id, name, sizeof name))
        tap_bail("no active meeting in the simulator");
    lb_e2e_start(&e, "demo-secretaris", 30, 120, NULL, NULL);
    ok(lb_e2e_wait(&e, name), "the first active meeting is on screen: %s", name);
    lb_e2e_settle(&e);
    char *row = lb_e2e_cursor_row(&e, NULL);
    ok(strstr(row, name) != NULL, "the cursor is on it");
    free(row);

    lb_e2e_key(&e, "F8");
    ok(lb_e2e_wait(&e, "Annuleren"), "F8 asks for confirmation");
    lb_e2e_settle(&e);
    int r, c;
    lb_vt_cursor(e.vt, &r, &c);
    char *at = lb_e2e_text_at(&e, r, c);
    ok(strncmp(at, "Annuleren", 9) == 0, "the focus (hardware cursor) starts on Annuleren: %s", at);
    free(at);
    lb_e2e_key(&e, "Enter");
    lb_e2e_wait_gone(&e, "Annuleren");
    lb_e2e_settle(&e);
    is_int(state_of(id), 0, "Enter on Annuleren changes nothing");

    /* someone else changes the meeting: lbterm's ETag is now stale */
    char path[128];
    snprintf(path, sizeof path, "/crm/meetings/%s", id);
    lb_test_response resp;
    const char *body = "{\"statecode\":0,\"statuscode\":2}";
    const char *hdr[] = {"Content-Type: application/json", NULL};
    lb_test_http(&e.sim, "PATCH", path, "demo-secretaris", hdr, body, strlen(body), &resp);
    ok(resp.status == 204 || resp.status == 200, "another user changed the meeting (%ld)",
       resp.status);
    lb_test_response_done(&resp);

    lb_e2e_key(&e, "F8");
    lb_e2e_wait(&e, "Annuleren");
    lb_e2e_key(&e, "Right");
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "iemand anders"), "the 412 is reported as changed by someone else");
    is_int(state_of(id), 0, "and the other user's change is not overwritten");
    lb_e2e_key(&e, "Enter");
    lb_e2e_settle(&e); /* lbterm reloads the list after a change */

    lb_e2e_key(&e, "Home");
    lb_e2e_settle(&e);
    row = lb_e2e_cursor_row(&e, NULL);
    ok(strstr(row, name) != NULL, "after the reload the cursor is on the meeting again");
    free(row);
    lb_e2e_key(&e, "F8");
    lb_e2e_wait(&e, "Annuleren");
    lb_e2e_key(&e, "Tab");
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "gedeactiveerd"), "the fresh ETag goes through: deactivated");
    is_int(state_of(id), 1, "the bus has the meeting inactive");
    lb_e2e_settle(&e);
    ok(lb_vt_find_row(e.vt, name) < 0, "and it left the active list");
    ok(lb_e2e_quit(&e), "quits cleanly");
}

/* The terminal is given back on every way out: the last bytes lbterm writes
 * leave the alternate screen (rmcup) and show the cursor. */
static bool restored(void)
{
    size_t len;
    const unsigned char *out = lb_vt_output(e.vt, &len);
    const char *rmcup = "\x1b[?1049l";
    for (size_t i = len > 200 ? len - 200 : 0; i + strlen(rmcup) <= len; i++)
        if (memcmp(out + i, rmcup, strlen(rmcup)) == 0)
            return true;
    return false;
}

static void signals(void)
{
    static const struct {
        int sig, status;
        const char *name;
    } cases[] = {{SIGTERM, 128 + SIGTERM, "SIGTERM"},
                 {SIGINT, 128 + SIGINT, "SIGINT"},
                 {SIGHUP, 0, "SIGHUP (the ssh connection dropped)"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lb_e2e_start(&e, "demo-secretaris", 24, 80, NULL, NULL);
        lb_e2e_wait(&e, "Actieve vergaderingen");
        lb_e2e_settle(&e);
        kill(lb_vt_pid(e.vt), cases[i].sig);
        int status = lb_vt_wait_exit(e.vt, e.timeout_ms);
        is_int(status, cases[i].status, "%s ends lbterm with status %d", cases[i].name,
               cases[i].status);
        ok(restored(), "and the terminal is restored after %s", cases[i].name);
        lb_vt_free(e.vt);
        e.vt = NULL;
    }
}

int main(void)
{
    lb_e2e_setup(&e, NULL);
    admin_without_role();
    secretary_reaches_meldingen();
    read_only();
    secretary_deactivates();
    signals();
    lb_e2e_teardown(&e);
    return tap_done();
}
