/* test_types.c — Vergadertypes: an administrator finds the meeting type
 * without a DAV series (the marker says so in words), picks a series by
 * typing part of its name, sees its required extensions in a confirmation
 * that starts on Annuleren, and the bus has the series; a pasted id is looked
 * up; a type someone else changed meanwhile is reported (412), not
 * overwritten; a secretary reads why the screen is not hers. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/e2e/e2e.h"
#include "tests/tap.h"

#define ADMIN "demo-admin" /* Systeembeheerder only: no archive role needed */
#define ROWS  30
#define COLS  140

static lb_e2e e;

/* The "KEY":"value" string of the JSON object at OBJ (up to its end), into
 * OUT; "null" for a null; false when absent. */
static bool field(const char *obj, const char *key, char *out, size_t size)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *end = strchr(obj, '}');
    const char *p = strstr(obj, pat);
    if (!p || (end && p > end))
        return false;
    p += strlen(pat);
    if (strncmp(p, "null", 4) == 0) {
        snprintf(out, size, "null");
        return true;
    }
    if (*p != '"')
        return false;
    p++;
    const char *q = strchr(p, '"');
    if (!q)
        return false;
    snprintf(out, size, "%.*s", (int)(q - p), p);
    return true;
}

/* The first meeting type without a DAV series. */
static bool type_without_series(char *id, size_t idsize, char *name, size_t namesize)
{
    char *body = lb_e2e_get(&e, ADMIN, "/crm/meetingtypes");
    if (!body)
        return false;
    bool found = false;
    for (char *o = strstr(body, "{\"id\":"); o && !found; o = strstr(o + 1, "{\"id\":")) {
        char series[80];
        if (field(o, "davSeriesId", series, sizeof series) && strcmp(series, "null") == 0 &&
            field(o, "id", id, idsize) && field(o, "name", name, namesize))
            found = true;
    }
    free(body);
    return found;
}

/* davSeriesId of meeting type ID: an id, "null", or "" when unreadable. */
static void series_of(const char *id, char *out, size_t size)
{
    char path[128];
    snprintf(path, sizeof path, "/crm/meetingtypes/%s", id);
    char *body = lb_e2e_get(&e, ADMIN, path);
    out[0] = '\0';
    if (body && !field(body, "davSeriesId", out, size))
        out[0] = '\0';
    free(body);
}

/* davSeriesId of the type named NAME in COLLECTION ("dossiertypes"): an id,
 * "null", or "" when not found. */
static void series_of_named(const char *collection, const char *name, char *out, size_t size)
{
    char path[64];
    snprintf(path, sizeof path, "/crm/%s", collection);
    char *body = lb_e2e_get(&e, ADMIN, path);
    out[0] = '\0';
    for (char *o = body ? strstr(body, "{\"id\":") : NULL; o; o = strstr(o + 1, "{\"id\":")) {
        char got[256];
        if (field(o, "name", got, sizeof got) && strcmp(got, name) == 0) {
            if (!field(o, "davSeriesId", out, size))
                out[0] = '\0';
            break;
        }
    }
    free(body);
}

/* The id of the DAV series named NAME. */
static bool series_id(const char *name, char *out, size_t size)
{
    lb_test_response r;
    const char *hdr[] = {"Content-Type: application/json", NULL};
    if (lb_test_http(&e.sim, "POST", "/dav/series/list", ADMIN, hdr, "{}", 2, &r) != 0)
        return false;
    bool found = false;
    for (char *o = r.status == 200 ? strstr(r.body, "{\"id\":") : NULL; o && !found;
         o = strstr(o + 1, "{\"id\":")) {
        char naam[256];
        if (field(o, "naam", naam, sizeof naam) && strcmp(naam, name) == 0)
            found = field(o, "id", out, size);
    }
    lb_test_response_done(&r);
    return found;
}

/* The first row of the list (not the title line, where a find shows) that
 * holds TEXT, or "". */
static char *row_with(const char *text)
{
    for (int r = 2; r < ROWS - 2; r++) {
        char *line = lb_vt_row_text(e.vt, r);
        if (strstr(line, text))
            return line;
        free(line);
    }
    return strdup("");
}

/* Puts the cursor on the type NAME with find. */
static void cursor_to(const char *name)
{
    lb_e2e_key(&e, "/");
    lb_e2e_wait(&e, "Zoeken");
    lb_e2e_type(&e, name);
    lb_e2e_key(&e, "Enter");
    lb_e2e_settle(&e);
}

static void admin_assigns(void)
{
    char id[64], name[128], want[80], got[80];
    if (!type_without_series(id, sizeof id, name, sizeof name))
        tap_bail("no meeting type without a DAV series in the simulator");
    const char *serie = "Verslagen van de algemene vergadering";
    if (!series_id(serie, want, sizeof want))
        tap_bail("no DAV series \"%s\" in the simulator", serie);

    lb_e2e_start(&e, ADMIN, ROWS, COLS, NULL, NULL);
    ok(lb_e2e_wait(&e, "Actieve vergaderingen"), "the admin starts on the meetings");
    lb_e2e_settle(&e);
    lb_e2e_go_to(&e, "Vergadertypes");
    ok(lb_e2e_wait(&e, name), "Vergadertypes lists the type without a series: %s", name);
    lb_e2e_settle(&e);
    char *row = row_with(name);
    ok(strstr(row, "geen serie") != NULL, "its row says so in words: %s", row);
    free(row);
    row = row_with("Gemeenteraad");
    ok(strstr(row, "Notulen en besluiten van de gemeenteraad") != NULL,
       "a type with a series shows the series' name: %s", row);
    free(row);

    cursor_to(name);
    row = lb_e2e_cursor_row(&e, NULL);
    ok(strstr(row, name) != NULL, "find puts the cursor on it");
    free(row);

    /* an unknown pasted id is looked up and refused in Dutch */
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "DAV-serie toewijzen"), "Enter opens the series picker");
    ok(lb_e2e_wait(&e, "Notulen van het vast bureau"), "which lists the series");
    ok(lb_e2e_wait(&e, "geldig 01/01/2000 – 31/12/2025"), "with their validity as dd/mm/yyyy");
    ok(lb_e2e_wait(&e, "Gepubliceerd"), "and their status");
    lb_e2e_type(&e, "00000000000000000000000000000000000000000000000000000000000000ff");
    ok(lb_e2e_wait(&e, "kent geen serie met het id"), "an unknown pasted id is reported");
    lb_e2e_key(&e, "Enter");
    lb_e2e_settle(&e);
    /* a known pasted id finds its series */
    lb_e2e_key(&e, "C-u");
    lb_e2e_type(&e, want);
    lb_e2e_settle(&e);
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "Verplichte extensies"), "a pasted id of a listed series can be chosen");
    ok(lb_e2e_wait(&e, serie), "and the confirmation names it");
    lb_e2e_key(&e, "Esc");
    lb_e2e_wait_gone(&e, "Verplichte extensies");
    lb_e2e_settle(&e);
    series_of(id, got, sizeof got);
    is_str(got, "null", "Esc changes nothing");

    /* search by name, confirm */
    lb_e2e_key(&e, "Enter");
    lb_e2e_wait(&e, "DAV-serie toewijzen");
    lb_e2e_settle(&e);
    lb_e2e_type(&e, "algemene verg");
    lb_e2e_settle(&e);
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "Verplichte extensies"), "choosing shows the required extensions");
    ok(lb_e2e_wait(&e, "Dossier - Vergaderorgaan"), "of the chosen series");
    lb_e2e_settle(&e);
    char *screen = lb_vt_screen_text(e.vt);
    ok(strstr(screen, "Dossier - Auteur") == NULL, "and only the required ones");
    free(screen);
    int r, c;
    lb_vt_cursor(e.vt, &r, &c);
    char *at = lb_e2e_text_at(&e, r, c);
    ok(strncmp(at, "Annuleren", 9) == 0, "the focus starts on Annuleren: %s", at);
    free(at);
    lb_e2e_key(&e, "Right");
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "vanaf nu"), "saving says where the type archives into");
    lb_e2e_settle(&e);
    row = row_with(name);
    ok(strstr(row, serie) != NULL, "the list shows the new series for the type: %s", row);
    free(row);
    row = lb_e2e_cursor_row(&e, NULL);
    ok(strstr(row, name) != NULL, "the cursor stayed on the type after the reload");
    free(row);
    series_of(id, got, sizeof got);
    is_str(got, want, "GET /crm/meetingtypes/{id} has the davSeriesId");

    /* someone else changes the type: lbterm's ETag is stale */
    char path[128];
    snprintf(path, sizeof path, "/crm/meetingtypes/%s", id);
    lb_test_response resp;
    const char *body = "{\"davSeriesId\":null}";
    const char *hdr[] = {"Content-Type: application/json", NULL};
    lb_test_http(&e.sim, "PATCH", path, ADMIN, hdr, body, strlen(body), &resp);
    ok(resp.status == 204 || resp.status == 200, "another admin cleared the series (%ld)",
       resp.status);
    lb_test_response_done(&resp);

    lb_e2e_key(&e, "F3");
    lb_e2e_wait(&e, "DAV-serie toewijzen");
    lb_e2e_settle(&e);
    lb_e2e_type(&e, "van het college");
    lb_e2e_settle(&e);
    lb_e2e_key(&e, "Enter");
    lb_e2e_wait(&e, "Verplichte extensies");
    lb_e2e_settle(&e);
    lb_e2e_key(&e, "Tab");
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "iemand anders"), "the 412 is reported as changed by someone else");
    series_of(id, got, sizeof got);
    is_str(got, "null", "and the other admin's change is not overwritten");
    lb_e2e_key(&e, "Enter");
    lb_e2e_wait_gone(&e, "iemand anders");
    lb_e2e_settle(&e);
    row = row_with(name);
    ok(strstr(row, "geen serie") != NULL, "the reloaded list shows the other version: %s", row);
    free(row);

    /* Dossiertypes: the same, with the form and the department */
    lb_e2e_go_to(&e, "Dossiertypes");
    ok(lb_e2e_wait(&e, "Klachtenformulier"), "Dossiertypes lists the dossier types");
    lb_e2e_settle(&e);
    row = row_with("Klachtenformulier");
    ok(strstr(row, "geen serie") != NULL, "the one without a series says so: %s", row);
    free(row);
    row = row_with("Evenementenloket");
    ok(strstr(row, "Dienst Economie") && strstr(row, "Evenementendossiers"),
       "the others show department and series: %s", row);
    free(row);

    /* taking a series away: asked first, focus on Annuleren, then saved as null */
    cursor_to("Evenementenloket");
    lb_e2e_key(&e, "D");
    ok(lb_e2e_wait(&e, "verliest de DAV-serie"), "D asks before taking the series away");
    lb_e2e_settle(&e);
    lb_vt_cursor(e.vt, &r, &c);
    at = lb_e2e_text_at(&e, r, c);
    ok(strncmp(at, "Annuleren", 9) == 0, "the focus starts on Annuleren: %s", at);
    free(at);
    lb_e2e_key(&e, "Esc");
    ok(lb_e2e_wait(&e, "niets gewijzigd"), "Esc changes nothing");
    series_of_named("dossiertypes", "Evenement", got, sizeof got);
    ok(got[0] && strcmp(got, "null") != 0, "the type still has its series: %s", got);
    lb_e2e_key(&e, "D");
    lb_e2e_wait(&e, "verliest de DAV-serie");
    lb_e2e_settle(&e);
    lb_e2e_key(&e, "Right");
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "heeft geen DAV-serie meer"), "confirming says the type has none now");
    lb_e2e_settle(&e);
    series_of_named("dossiertypes", "Evenement", got, sizeof got);
    is_str(got, "null", "the bus holds davSeriesId null");
    ok(lb_e2e_wait(&e, "geen serie"), "the reloaded list shows it");
    lb_e2e_settle(&e);
    row = row_with("Evenementenloket");
    ok(strstr(row, "geen serie") != NULL, "in the type's row: %s", row);
    free(row);
    lb_e2e_key(&e, "D");
    ok(lb_e2e_wait(&e, "heeft geen DAV-serie."), "D on a type without a series says why not");
    ok(lb_e2e_quit(&e), "quits cleanly");
}

static void secretary_reads_why(void)
{
    lb_e2e_start(&e, "demo-secretaris", ROWS, COLS, NULL, NULL);
    lb_e2e_wait(&e, "Actieve vergaderingen");
    lb_e2e_settle(&e);
    lb_e2e_go_to(&e, "Vergadertypes");
    ok(lb_e2e_wait(&e, "Dit scherm is voor beheerders"), "a secretary reads a sentence");
    ok(lb_e2e_wait(&e, "\"Systeembeheerder\""), "that names the role it needs");
    lb_e2e_settle(&e);
    char *row = row_with("Gemeenteraad");
    ok(row[0] == '\0', "and no list of types");
    free(row);
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "Vereist de rol"), "Enter says which role would allow it");
    lb_e2e_settle(&e);
    ok(lb_e2e_quit(&e), "quits cleanly");
}

int main(void)
{
    lb_e2e_setup(&e, NULL);
    admin_assigns();
    secretary_reads_why();
    lb_e2e_teardown(&e);
    return tap_done();
}
