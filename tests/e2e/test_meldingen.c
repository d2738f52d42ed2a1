/* test_meldingen.c — the helpdesk's Meldingen screens end to end: find a
 * melding by its street, open it, read a description holding every hostile
 * string lbbus-sim seeds (inert on screen and in the bytes written), view a
 * text attachment, save the one named "../../etc/passwd" under a clean name
 * in the download directory (nothing outside it, no overwrite without
 * asking); a user without the contact role reads "verborgen"; the secretary
 * reads meldingen with the contact "verborgen" but is offered no new
 * melding; a user with neither role reads why and asks the bus nothing;
 * --read-only offers no new melding. */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/e2e/e2e.h"
#include "tests/tap.h"

#define HELPDESK  "demo-helpdesk"
#define MELDPUNT  "demo-meldpunt"
#define SECRETARY "demo-secretaris"
#define NO_ROLE   "demo-admin" /* Systeembeheerder: neither Meldingen nor Secretariaat */
#define ROWS      30
#define COLS      120
#define STREET    "Vlamingstraat"

static lb_e2e e;

static bool output_has(const char *needle, size_t nlen, size_t from)
{
    size_t len;
    const unsigned char *out = lb_vt_output(e.vt, &len);
    for (size_t i = from; i + nlen <= len; i++)
        if (memcmp(out + i, needle, nlen) == 0)
            return true;
    return false;
}
#define OUTPUT_HAS(lit, from) output_has((lit), sizeof(lit) - 1, (from))

/* A C1 control as UTF-8 (U+0080..U+009F: C2 80..C2 9F) anywhere since FROM. */
static bool output_has_c1(size_t from)
{
    size_t len;
    const unsigned char *out = lb_vt_output(e.vt, &len);
    for (size_t i = from; i + 1 < len; i++)
        if (out[i] == 0xC2 && out[i + 1] >= 0x80 && out[i + 1] <= 0x9F)
            return true;
    return false;
}

static bool screen_has(const char *text)
{
    char *s = lb_vt_screen_text(e.vt);
    bool has = s && strstr(s, text) != NULL;
    free(s);
    return has;
}

static void start_on_meldingen(const char *user, const char *const *more_args)
{
    const char *args[8] = {"--view", "meldingen"};
    size_t n = 2;
    for (size_t i = 0; more_args && more_args[i] && n < 7; i++)
        args[n++] = more_args[i];
    args[n] = NULL;
    lb_e2e_start(&e, user, ROWS, COLS, args, (const char *[]){"XDG_DOWNLOAD_DIR=", NULL});
}

/* The value of "KEY":"…" after FROM in JSON (a plain string, no escapes). */
static bool json_str_after(const char *from, const char *key, char *out, size_t size)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    const char *p = from ? strstr(from, pat) : NULL;
    if (!p)
        return false;
    p += strlen(pat);
    const char *q = strchr(p, '"');
    if (!q || (size_t)(q - p) >= size)
        return false;
    memcpy(out, p, (size_t)(q - p));
    out[q - p] = '\0';
    return true;
}

/* The melding in STREET, and the id of its attachment "../../etc/passwd". */
static bool hostile_melding(char *mid, size_t msize, char *aid, size_t asize)
{
    char *list = lb_e2e_get(&e, HELPDESK, "/melding?q=" STREET);
    bool found = json_str_after(list, "id", mid, msize);
    free(list);
    if (!found)
        return false;
    char path[128];
    snprintf(path, sizeof path, "/melding/%s", mid);
    char *m = lb_e2e_get(&e, HELPDESK, path);
    const char *naam = m ? strstr(m, "\"naam\":\"../../etc/passwd\"") : NULL;
    const char *id = NULL;
    for (const char *p = naam; p && p > m; p--)
        if (strncmp(p, "{\"id\":\"", 7) == 0) {
            id = p;
            break;
        }
    found = id && json_str_after(id, "id", aid, asize);
    free(m);
    return found;
}

/* Opens the help and scrolls it to its end (the navigation paragraph). */
static void help_to_end(void)
{
    lb_e2e_key(&e, "F1");
    lb_e2e_wait(&e, "Help");
    for (int i = 0; i < 8; i++)
        lb_e2e_key(&e, "PageDown");
    lb_e2e_wait(&e, "wieltje");
    lb_e2e_settle(&e);
}

static bool file_bytes(const char *path, char *buf, size_t size, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    *len = fread(buf, 1, size, f);
    fclose(f);
    return true;
}

/* Entries of DIR other than . and ..; NAME receives the last one. */
static int dir_entries(const char *dir, char *name, size_t size)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)))
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
            n++;
            snprintf(name, size, "%s", de->d_name);
        }
    closedir(d);
    return n;
}

static void helpdesk(void)
{
    char mid[64], aid[64];
    if (!hostile_melding(mid, sizeof mid, aid, sizeof aid))
        tap_bail("the simulator has no melding in " STREET " with ../../etc/passwd");

    start_on_meldingen(HELPDESK, NULL);
    ok(lb_e2e_wait(&e, "Open meldingen"), "--view meldingen opens the Meldingen screen");
    ok(lb_e2e_wait(&e, "Ontvangen op") && screen_has("Doorgestuurd naar") && screen_has("Kanaal") &&
           screen_has("Categorie"),
       "with the columns number, received on, category, status, address, channel, routed to");
    lb_e2e_key(&e, "v");
    ok(lb_e2e_wait(&e, "Alle meldingen"), "v shows all meldingen");
    lb_e2e_settle(&e);
    lb_e2e_key(&e, "/");
    lb_e2e_wait(&e, "Zoeken");
    lb_e2e_type(&e, STREET);
    lb_e2e_key(&e, "Enter");
    lb_e2e_settle(&e);
    char *row = lb_e2e_cursor_row(&e, NULL);
    ok(strstr(row, STREET " 8") != NULL, "find puts the cursor on the street: %s", row);
    ok(strstr(row, "/20") != NULL, "its date in Belgian form (dd/mm/yyyy)");
    free(row);

    size_t mark = lb_vt_output_len(e.vt);
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "[Algemeen]"), "Enter opens the melding's form");
    lb_e2e_settle(&e);
    ok(lb_e2e_wait(&e, "Coördinaten") && screen_has(" N.B., "),
       "the location shows the coordinates");
    ok(screen_has(STREET), "and the address");
    ok(screen_has("Statusgeschiedenis") && screen_has("Bijlagen (1)"),
       "tabs for the history and the attachments");
    lb_e2e_key(&e, "2");
    ok(lb_e2e_wait(&e, "[Beschrijving]"), "2 shows the description");
    ok(lb_e2e_wait(&e, "Opgelet ^[[2J het scherm"), "CSI clear-screen shows as ^[[2J");
    lb_e2e_settle(&e);
    ok(screen_has("Titel ^[]0;pwned^G veranderd"), "the OSC window title shows as text");
    ok(screen_has("Klembord ^[]52;c;cm0gLXJmIH4=^G gevuld"), "the OSC 52 clipboard write too");
    ok(screen_has("SAFE^MEVIL") && !screen_has("EVILFE"), "CR cannot overwrite: SAFE^MEVIL");
    ok(screen_has("AB^H^HXY"), "BS cannot overwrite: AB^H^HXY");
    ok(screen_has("Bijlage <U+202E>gnp.exe"), "the bidi override shows as a marker");
    ok(screen_has("Onzicht<U+200B>bare<U+2060>tekens<U+FEFF> hier"),
       "zero-width characters show as markers");
    ok(screen_has("Emoji") && screen_has("CJK"), "wide characters stay");
    ok(screen_has("Regels 1–"), "the position in the text is shown");
    ok(!OUTPUT_HAS("\x1b[2J", mark), "no clear-screen was written");
    ok(!OUTPUT_HAS("\x1b]", mark), "no OSC sequence (title, clipboard) was written");
    ok(!OUTPUT_HAS("\xe2\x80\xae", mark), "no U+202E was written");
    ok(!OUTPUT_HAS("\xe2\x80\x8b", mark) && !OUTPUT_HAS("\xe2\x81\xa0", mark) &&
           !OUTPUT_HAS("\xef\xbb\xbf", mark),
       "no zero-width code point was written");
    ok(!output_has_c1(mark), "no C1 control was written");
    row = lb_vt_row_text(e.vt, 0);
    ok(strstr(row, "Melding M-") != NULL, "the title line is intact: %s", row);
    free(row);
    row = lb_vt_row_text(e.vt, ROWS - 1);
    ok(strstr(row, "Help") != NULL, "the key bar is intact: %s", row);
    free(row);

    lb_e2e_key(&e, "3");
    ok(lb_e2e_wait(&e, "[Statusgeschiedenis]") && lb_e2e_wait(&e, "Ontvangen"),
       "3 shows the status history");

    lb_e2e_key(&e, "4");
    ok(lb_e2e_wait(&e, "[Bijlagen (1)]") && lb_e2e_wait(&e, "../../etc/passwd"),
       "4 lists the attachment under the name the bus gave, as text");
    lb_e2e_settle(&e);
    ok(screen_has("text/plain") && screen_has(" B"), "with its type and size");
    mark = lb_vt_output_len(e.vt);
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "geen echt wachtwoordbestand"), "Enter shows a text attachment in lbterm");
    ok(lb_e2e_wait(&e, "^[[2J^[]0;pwned^Geinde"), "sanitized");
    ok(!OUTPUT_HAS("\x1b]", mark) && !OUTPUT_HAS("\x1b[2J", mark), "nothing of it reaches the "
                                                                   "terminal raw");
    lb_e2e_key(&e, "Esc");
    lb_e2e_wait_gone(&e, "geen echt wachtwoordbestand");

    char dl[400], want[600], got[512], name[256];
    snprintf(dl, sizeof dl, "%s/Downloads", e.home);
    lb_e2e_key(&e, "s");
    ok(lb_e2e_wait(&e, "Bewaren als"), "s asks where to save it");
    ok(lb_e2e_wait(&e, "Downloads/etc_passwd"), "by default under ~/Downloads with a clean name");
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "Bewaard:"), "saved");
    struct stat st;
    ok(stat(dl, &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 0777) == 0700,
       "~/Downloads was created 0700");
    ok(dir_entries(dl, name, sizeof name) == 1 && strcmp(name, "etc_passwd") == 0,
       "it holds only etc_passwd (no temporary file left): %s", name);
    lb_test_response r;
    char path[400];
    snprintf(path, sizeof path, "/melding/%s/attachments/%s", mid, aid);
    size_t len = 0;
    snprintf(want, sizeof want, "%s/etc_passwd", dl);
    bool same = lb_test_http(&e.sim, "GET", path, HELPDESK, NULL, NULL, 0, &r) == 0 &&
                file_bytes(want, got, sizeof got, &len) && len == r.body_len &&
                memcmp(got, r.body, len) == 0;
    lb_test_response_done(&r);
    ok(same, "with the attachment's bytes (%zu)", len);
    snprintf(path, sizeof path, "%s/etc", e.home);
    ok(stat(path, &st) != 0, "nothing was written outside the download directory");

    /* again: the file exists, the confirmation starts on Annuleren */
    lb_e2e_key(&e, "s");
    lb_e2e_wait(&e, "Bewaren als");
    lb_e2e_settle(&e);
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "bestaat al"), "saving over an existing file asks first");
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "er werd niets bewaard"), "Enter on the default (Annuleren) keeps it");
    ok(dir_entries(dl, name, sizeof name) == 1, "nothing else was written");

    lb_e2e_key(&e, "Esc");
    ok(lb_e2e_wait_gone(&e, "[Bijlagen (1)]"), "Esc closes the form");
    help_to_end();
    ok(screen_has("Nieuwe melding"), "the helpdesk is offered a new melding (help lists it)");
    lb_e2e_key(&e, "Esc");
    lb_e2e_settle(&e);
    ok(lb_e2e_quit(&e), "quits cleanly");
}

/* "Regels A–B van N" of the description tab (on the row above the status line). */
static void pager_position(long *a, long *b, long *n)
{
    char *line = lb_vt_row_text(e.vt, ROWS - 3);
    const char *p = strstr(line, "Regels ");
    *a = *b = *n = -1;
    if (p) {
        char *end;
        *a = strtol(p + 7, &end, 10);
        if (strncmp(end, "\xe2\x80\x93", 3) == 0)
            *b = strtol(end + 3, &end, 10);
        if (strncmp(end, " van ", 5) == 0)
            *n = strtol(end + 5, NULL, 10);
    }
    free(line);
}

/* The 50 kB description: found through the bus's search (it is not a
 * column), paged line by line. */
static void long_text(void)
{
    start_on_meldingen(HELPDESK, NULL);
    lb_e2e_wait(&e, "Open meldingen");
    lb_e2e_key(&e, "v");
    lb_e2e_wait(&e, "Alle meldingen");
    lb_e2e_settle(&e);
    lb_e2e_key(&e, "f");
    lb_e2e_wait(&e, "Zoeken op de bus");
    lb_e2e_type(&e, "bus");
    lb_e2e_settle(&e);
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "Tekst in het nummer, het adres of de beschrijving"),
       "the filter menu offers a search on the bus over the description");
    lb_e2e_type(&e, "Lange beschrijving");
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "1 melding") && lb_e2e_wait(&e, "Zoeken op de bus \"Lange"),
       "the list holds the one melding whose description matches, and says why");
    lb_e2e_key(&e, "Enter");
    lb_e2e_wait(&e, "[Algemeen]");
    lb_e2e_key(&e, "2");
    ok(lb_e2e_wait(&e, "Regels 1–"), "its description is paged");
    lb_e2e_key(&e, "Down");
    ok(lb_e2e_wait(&e, "Regels 2–"), "Down scrolls one line");
    lb_e2e_key(&e, "PageDown");
    lb_e2e_settle(&e);
    long a = -1, b = -1, n = -1;
    pager_position(&a, &b, &n);
    ok(a > 20 && a < 40, "PgDn moves a page (now from line %ld)", a);
    lb_e2e_key(&e, "End");
    lb_e2e_settle(&e);
    pager_position(&a, &b, &n);
    ok(n > 300 && b == n, "End shows the last lines (%ld–%ld of %ld)", a, b, n);
    lb_e2e_key(&e, "Esc");
    lb_e2e_settle(&e);
    ok(lb_e2e_quit(&e), "quits cleanly");
}

static void meldpunt(void)
{
    start_on_meldingen(MELDPUNT, NULL);
    lb_e2e_wait(&e, "Open meldingen");
    lb_e2e_key(&e, "v");
    lb_e2e_wait(&e, "Alle meldingen");
    lb_e2e_settle(&e);
    lb_e2e_key(&e, "/");
    lb_e2e_wait(&e, "Zoeken");
    lb_e2e_type(&e, STREET);
    lb_e2e_key(&e, "Enter");
    lb_e2e_settle(&e);
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "[Algemeen]"), "without the contact role the form opens");
    ok(lb_e2e_wait(&e, "verborgen (vereist de rol"), "the reporter's contact reads \"verborgen\"");
    lb_e2e_settle(&e);
    ok(!screen_has("melder") && !screen_has("@example.com"), "and no contact detail is shown");
    lb_e2e_key(&e, "Esc");
    lb_e2e_settle(&e);
    ok(lb_e2e_quit(&e), "quits cleanly");
}

/* The text of "KEY":"…" inside the melding's "indiener" object of BODY. */
static bool indiener_field(const char *body, const char *key, char *out, size_t size)
{
    const char *ind = body ? strstr(body, "\"indiener\":{") : NULL;
    const char *end = ind ? strchr(ind, '}') : NULL;
    char pat[32];
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    const char *at = ind ? strstr(ind, pat) : NULL;
    return at && at < end && json_str_after(ind, key, out, size);
}

/* Requests the simulator has served (GET /_sim/stats, which is not one). */
static long served(void)
{
    char *body = lb_e2e_get(&e, HELPDESK, "/_sim/stats");
    const char *p = body ? strstr(body, "\"served\":") : NULL;
    long n = p ? strtol(p + 9, NULL, 10) : -1;
    free(body);
    return n;
}

static const char *log_path(void)
{
    static char path[400];
    snprintf(path, sizeof path, "%s/state/lbterm/lbterm.log", e.home);
    return path;
}

/* "HTTP 403" anywhere in lbterm's log since it was removed: the bus
 * refused lbterm something. */
static bool log_has_403(void)
{
    char line[1024];
    FILE *f = fopen(log_path(), "r");
    bool found = false;
    while (f && fgets(line, sizeof line, f))
        found |= strstr(line, "HTTP 403") != NULL;
    if (f)
        fclose(f);
    return found;
}

/* The secretariat reads meldingen: the list, a melding's form with the
 * reporter "verborgen" (the bus withholds the contact), but no new melding. */
static void secretary(void)
{
    char mid[64], aid[64], email[128], phone[64];
    if (!hostile_melding(mid, sizeof mid, aid, sizeof aid))
        tap_bail("the simulator has no melding in " STREET);
    char path[128];
    snprintf(path, sizeof path, "/melding/%s", mid);
    char *full = lb_e2e_get(&e, HELPDESK, path);
    bool contact = indiener_field(full, "email", email, sizeof email) &&
                   indiener_field(full, "telefoon", phone, sizeof phone);
    free(full);
    if (!contact)
        tap_bail("the melding in " STREET " has no reporter e-mail and phone");

    unlink(log_path());
    start_on_meldingen(SECRETARY, NULL);
    ok(lb_e2e_wait(&e, "Open meldingen"), "the secretary opens the Meldingen screen");
    ok(lb_e2e_wait(&e, "Ontvangen op"), "and its list");
    lb_e2e_key(&e, "v");
    lb_e2e_wait(&e, "Alle meldingen");
    lb_e2e_settle(&e);
    lb_e2e_key(&e, "/");
    lb_e2e_wait(&e, "Zoeken");
    lb_e2e_type(&e, STREET);
    lb_e2e_key(&e, "Enter");
    lb_e2e_settle(&e);
    char *row = lb_e2e_cursor_row(&e, NULL);
    ok(strstr(row, STREET " 8") != NULL, "she finds the melding by its street: %s", row);
    free(row);
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "[Algemeen]"), "Enter opens the melding's form");
    ok(lb_e2e_wait(&e, "verborgen (vereist de rol"), "the reporter's contact reads \"verborgen\"");
    lb_e2e_settle(&e);
    ok(screen_has(STREET), "the rest of the melding is shown (the address)");
    ok(!screen_has(email) && !screen_has(phone),
       "the reporter's e-mail and phone (%s, %s) are not on screen", email, phone);
    ok(!output_has(email, strlen(email), 0) && !output_has(phone, strlen(phone), 0),
       "and were never written to the terminal");
    lb_e2e_key(&e, "Esc");
    ok(lb_e2e_wait_gone(&e, "[Algemeen]"), "Esc closes the form");
    lb_e2e_settle(&e);

    row = lb_vt_row_text(e.vt, ROWS - 1);
    ok(strstr(row, "Nieuwe melding") == NULL, "the key bar offers no new melding: %s", row);
    free(row);
    help_to_end();
    ok(screen_has("wieltje") && !screen_has("Nieuwe melding"),
       "help (scrolled to its end) does not list the new melding");
    lb_e2e_key(&e, "Esc");
    lb_e2e_settle(&e);

    long before = served();
    lb_e2e_key(&e, "c");
    ok(lb_e2e_wait(&e, "Vereist de rol \"LB365 – Meldingen\" (toegekend"),
       "c says which role a new melding needs");
    ok(!screen_has("Categorie *") && !screen_has("Naam indiener"), "and opens no form");
    lb_e2e_key(&e, "w");
    ok(lb_e2e_wait(&e, "Nieuwe melding:"), "\"waarom niet?\" names the new melding");
    lb_e2e_settle(&e);
    ok(screen_has("\"LB365 – Meldingen\" (toegekend"), "and the role it needs");
    ok(!screen_has("Openen:"), "opening a melding is not among the hidden commands");
    lb_e2e_key(&e, "Esc");
    lb_e2e_settle(&e);
    is_int(served() - before, 0, "c and w asked the bus nothing (no configuration, no add)");
    ok(lb_e2e_quit(&e), "quits cleanly");
    ok(!log_has_403(), "the bus refused the secretary nothing (no 403 in lbterm.log)");
}

/* Neither "LB365 – Meldingen" nor "LB365 – Secretariaat": the screen says
 * which role would do, and lbterm never asks the bus for a melding. */
static void no_role(void)
{
    long at_start = served();
    unlink(log_path());
    start_on_meldingen(NO_ROLE, NULL);
    ok(lb_e2e_wait(&e, "Meldingen van burgers lezen vereist de rol"),
       "without either role the screen says why");
    lb_e2e_settle(&e);
    ok(screen_has("\"LB365 – Meldingen\"") && screen_has("\"LB365 – Secretariaat\""),
       "naming both roles that would do");
    ok(screen_has("F9"), "and where to go instead");
    ok(!screen_has("Er ging iets mis"), "no error on screen");
    long after_whoami = served();
    ok(after_whoami - at_start >= 1, "lbterm asked whoami (%ld requests in all)",
       after_whoami - at_start);

    static const char *const keys[] = {"Enter", "o", "v", "r", "f", "c", NULL};
    lb_e2e_keys(&e, keys);
    lb_e2e_settle(&e);
    lb_e2e_key(&e, "Esc");
    lb_e2e_settle(&e);
    lb_e2e_key(&e, "c");
    ok(lb_e2e_wait(&e, "Vereist de rol \"LB365 – Meldingen\" (toegekend"),
       "c names the role a new melding needs (the helpdesk's only)");
    lb_e2e_key(&e, "w");
    ok(lb_e2e_wait(&e, "Openen:"), "\"waarom niet?\" lists opening a melding");
    lb_e2e_settle(&e);
    ok(screen_has("Nieuwe melding:"), "and the new melding");
    lb_e2e_key(&e, "Esc");
    lb_e2e_settle(&e);
    is_int(served() - after_whoami, 0, "none of these keys made a request to the bus");
    ok(lb_e2e_quit(&e), "quits cleanly");
    ok(!log_has_403(), "the bus refused nothing: no melding was asked for (no 403 in lbterm.log)");
}

static void read_only(void)
{
    start_on_meldingen(HELPDESK, (const char *[]){"--read-only", NULL});
    ok(lb_e2e_wait(&e, "Open meldingen"), "--read-only: the list is still there");
    lb_e2e_settle(&e);
    help_to_end();
    ok(screen_has("wieltje") && !screen_has("Nieuwe melding"),
       "help (scrolled to its end) does not list the new melding");
    lb_e2e_key(&e, "Esc");
    lb_e2e_settle(&e);
    lb_e2e_key(&e, "c");
    ok(lb_e2e_wait(&e, "alleen-lezen"), "c only says that lbterm runs read-only");
    ok(!screen_has("[Algemeen]") && !screen_has("Categorie *"), "and opens no form");
    lb_e2e_key(&e, "w");
    ok(lb_e2e_wait(&e, "Nieuwe melding:"), "\"waarom niet?\" names the new melding");
    lb_e2e_settle(&e);
    ok(screen_has("alleen-lezen (--read-only)"), "and why");
    lb_e2e_key(&e, "Esc");
    lb_e2e_settle(&e);
    ok(lb_e2e_quit(&e), "quits cleanly");
}

int main(void)
{
    lb_e2e_setup(&e, NULL);
    helpdesk();
    long_text();
    meldpunt();
    secretary();
    no_role();
    read_only();
    lb_e2e_teardown(&e);
    return tap_done();
}
