/* test_melding_new.c — the helpdesk takes down a new melding for a caller:
 * c on Meldingen opens the form built from the configuration; Versturen on
 * an empty form puts "verplicht" on the fields; a hang-up (SIGHUP) mid-form
 * keeps the draft (mode 0600) and the next start offers it; Esc asks with
 * the focus on Annuleren; two attachments are added, F10 keeps them in the
 * draft; sending while lbbus-sim drops the second upload once still ends
 * with exactly one melding with two attachments on the bus, and the draft
 * is gone; a torn draft file is reported and kept aside. */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/e2e/e2e.h"
#include "tests/tap.h"

#define HELPDESK "demo-helpdesk"
#define ROWS     30
#define COLS     110

static lb_e2e e;
static char draft[400], files[400], marker[64];

static char *read_draft(void)
{
    FILE *f = fopen(draft, "r");
    if (!f)
        return NULL;
    char *buf = calloc(1, 65536);
    if (buf && fread(buf, 1, 65535, f) == 0) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    return buf;
}

static bool draft_holds(const char *text)
{
    char *d = read_draft();
    bool has = d && strstr(d, text);
    free(d);
    return has;
}

/* The draft's value of FIELD is VALUE ("kanaal": "telefoon"), whatever
 * the spacing. */
static bool draft_field_is(const char *field, const char *value)
{
    char *d = read_draft(), key[64];
    snprintf(key, sizeof key, "\"%s\":", field);
    const char *p = d ? strstr(d, key) : NULL;
    if (p)
        for (p += strlen(key); *p == ' ' || *p == '\t'; p++)
            ;
    bool is =
        p && *p == '"' && strncmp(p + 1, value, strlen(value)) == 0 && p[1 + strlen(value)] == '"';
    free(d);
    return is;
}

static void start(void)
{
    static const char *const args[] = {"--view", "meldingen", NULL};
    lb_e2e_start(&e, HELPDESK, ROWS, COLS, args, NULL);
    if (!lb_e2e_wait(&e, "meldingen"))
        tap_bail("the Meldingen list did not load");
    lb_e2e_settle(&e);
}

/* c on the list; WAIT_FOR shows (the form, or the offer of the draft). */
static bool open_form(const char *wait_for)
{
    lb_e2e_key(&e, "c");
    return lb_e2e_wait(&e, wait_for);
}

/* Enter on the focused row, TEXT typed into the prompt, Enter. */
static void edit(const char *text)
{
    lb_e2e_key(&e, "Enter");
    lb_e2e_wait(&e, "Enter bevestigen");
    lb_e2e_type(&e, text);
    lb_e2e_key(&e, "Enter");
    lb_e2e_wait_gone(&e, "Enter bevestigen");
    lb_e2e_settle(&e);
}

static bool cursor_on(const char *text)
{
    char *row = lb_e2e_cursor_row(&e, NULL);
    bool on = strstr(row, text) != NULL;
    if (!on)
        tap_diag("cursor row: %s", row);
    free(row);
    return on;
}

static void add_attachment(const char *name)
{
    char path[500];
    snprintf(path, sizeof path, "%s/%s", files, name);
    lb_e2e_key(&e, "Insert");
    lb_e2e_wait(&e, "Pad van het bestand");
    lb_e2e_type(&e, path);
    lb_e2e_key(&e, "Enter");
    lb_e2e_wait_gone(&e, "Pad van het bestand");
    lb_e2e_settle(&e);
}

static void validation_and_hangup(void)
{
    start();
    ok(open_form("Naam indiener"), "c on Meldingen opens the new-melding form");
    ok(lb_e2e_wait(&e, "Titel * (max. 200)"), "required fields are marked and limits shown");
    lb_e2e_key(&e, "F2");
    ok(lb_e2e_wait(&e, "Vul dit veld in: het is verplicht."),
       "Versturen on an empty form says which fields are required");
    ok(lb_e2e_wait(&e, "Niet verstuurd: Categorie"), "the status line names the first field");
    ok(cursor_on("Categorie"), "and the focus is on that field");

    /* the category: a picker from the bus's configuration, then a sub-category */
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "Sluikstort"), "the category picker lists the bus's categories");
    lb_e2e_type(&e, "sluik");
    lb_e2e_settle(&e);
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "Subcategorie"), "a category with sub-categories asks for one");
    lb_e2e_key(&e, "Enter");
    lb_e2e_wait_gone(&e, "Subcategorie");
    lb_e2e_settle(&e);
    ok(lb_e2e_wait(&e, "Sluikstort / "), "the category shows with its sub-category");
    lb_e2e_key(&e, "Down");
    edit("Glasbol vol");
    ok(lb_e2e_wait(&e, "Glasbol vol"), "the title is filled in");
    ok(draft_holds("Glasbol vol"), "every change is saved in the draft");
    struct stat st;
    ok(stat(draft, &st) == 0 && (st.st_mode & 0777) == 0600, "the draft file has mode 0600");

    kill(lb_vt_pid(e.vt), SIGHUP);
    int status = lb_vt_wait_exit(e.vt, e.timeout_ms);
    is_int(status, 0, "SIGHUP mid-form ends lbterm cleanly");
    lb_vt_free(e.vt);
    e.vt = NULL;
    ok(draft_holds("Glasbol vol"), "the draft survives the hang-up");
}

static void draft_offered_and_sent(void)
{
    start();
    ok(open_form("Er is een onafgewerkte melding van"), "the next start offers the draft");
    lb_e2e_key(&e, "Enter"); /* Verder werken */
    ok(lb_e2e_wait(&e, "Glasbol vol"), "going on shows what was typed");

    /* Esc on a changed form asks, with the focus on Annuleren */
    lb_e2e_key(&e, "Esc");
    ok(lb_e2e_wait(&e, "De melding is niet verstuurd"), "Esc on a changed form asks first");
    lb_e2e_settle(&e);
    ok(cursor_on("Annuleren"), "with the focus on Annuleren");
    ok(lb_e2e_wait(&e, "Concept bewaren en sluiten"), "and offers to keep the draft");
    lb_e2e_key(&e, "Enter");
    lb_e2e_wait_gone(&e, "De melding is niet verstuurd");
    lb_e2e_settle(&e);

    /* the rest of the fields: beschrijving, kanaal, naam */
    lb_e2e_key(&e, "Down");
    lb_e2e_key(&e, "Down");
    lb_e2e_key(&e, "Down");
    lb_e2e_key(&e, "Enter"); /* the description: several lines */
    ok(lb_e2e_wait(&e, "F2 of Ctrl-D klaar"), "the description is edited as multi-line text");
    lb_e2e_type(&e, marker);
    lb_e2e_key(&e, "Enter");
    lb_e2e_type(&e, "tweede regel");
    lb_e2e_key(&e, "F2");
    lb_e2e_wait_gone(&e, "F2 of Ctrl-D klaar");
    lb_e2e_settle(&e);
    ok(draft_holds("\\ntweede regel"), "Enter in it starts a new line");
    lb_e2e_key(&e, "Down");
    lb_e2e_key(&e, "Down");
    lb_e2e_key(&e, "Enter"); /* kanaal: the picker starts on the phone */
    ok(lb_e2e_wait(&e, "Mijn Burgerprofiel"), "the channels by the names people know");
    lb_e2e_key(&e, "Enter");
    lb_e2e_wait_gone(&e, "Mijn Burgerprofiel");
    lb_e2e_settle(&e);
    int kanaal = lb_vt_find_row(e.vt, "Kanaal");
    char *row = kanaal >= 0 ? lb_vt_row_text(e.vt, kanaal) : strdup("");
    ok(strstr(row, "Telefoon") && draft_field_is("kanaal", "telefoon"),
       "the channel is chosen from the configuration: %s", row);
    free(row);
    lb_e2e_key(&e, "Down");
    edit("Jan Devos");

    /* attachments: a refused one says why, two are added */
    lb_e2e_key(&e, "Insert");
    lb_e2e_wait(&e, "Pad van het bestand");
    lb_e2e_type(&e, "/etc/hostname-does-not-exist");
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "Op dit pad staat geen bestand."), "a wrong path is refused with why");
    lb_e2e_key(&e, "Esc");
    lb_e2e_wait_gone(&e, "Pad van het bestand");
    char path[500];
    snprintf(path, sizeof path, "%s/kaart.bin", files);
    lb_e2e_key(&e, "Insert");
    lb_e2e_wait(&e, "Pad van het bestand");
    lb_e2e_type(&e, path);
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "Dit soort bestand is niet toegelaten"),
       "a type the configuration does not allow is refused with why");
    lb_e2e_key(&e, "Esc");
    lb_e2e_wait_gone(&e, "Pad van het bestand");
    add_attachment("foto-1.txt");
    add_attachment("foto-2.txt");
    ok(lb_e2e_wait(&e, "foto-1.txt") && lb_e2e_wait(&e, "foto-2.txt"),
       "two attachments are listed");
    ok(draft_holds("foto-2.txt"), "the draft holds the attachments");

    /* F10 quits; the draft is offered again with everything in it */
    ok(lb_e2e_quit(&e), "F10 quits lbterm");
    start();
    ok(open_form("Er is een onafgewerkte melding van"), "after F10 the draft is offered again");
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "Jan Devos"), "with the fields");
    lb_e2e_key(&e, "Tab");
    ok(lb_e2e_wait(&e, "foto-2.txt"), "and the attachments");

    /* send: the simulator drops the second upload once */
    lb_e2e_key(&e, "F2");
    ok(lb_e2e_wait(&e, "Melding verstuurd"), "the melding is sent although an upload was dropped");
    ok(lb_e2e_wait(&e, "is aangemaakt met 2 bijlagen"), "its number is shown");
    ok(access(draft, F_OK) != 0, "the draft is removed once sent");
    char logpath[500];
    snprintf(logpath, sizeof logpath, "%s/state/lbterm/lbterm.log", e.home);
    FILE *lf = fopen(logpath, "r");
    char line[512];
    bool retried = false;
    while (lf && fgets(line, sizeof line, lf))
        retried = retried || strstr(line, "melding upload 2 (try 1) failed; trying again");
    if (lf)
        fclose(lf);
    ok(retried, "the second upload was dropped and tried again (lbterm.log)");

    char q[200];
    snprintf(q, sizeof q, "/melding?q=%s", marker);
    char *body = lb_e2e_get(&e, HELPDESK, q);
    int found = 0;
    char id[64] = "";
    for (const char *p = body ? strstr(body, "\"id\":\"") : NULL; p;
         p = strstr(p + 1, "\"id\":\"")) {
        if (found++ == 0)
            snprintf(id, sizeof id, "%.36s", p + 6);
    }
    free(body);
    is_int(found, 1, "the bus holds exactly one melding with this description");
    snprintf(q, sizeof q, "/melding/%s", id);
    body = lb_e2e_get(&e, HELPDESK, q);
    int bijlagen = 0;
    for (const char *p = body ? strstr(body, "\"mimeType\"") : NULL; p;
         p = strstr(p + 1, "\"mimeType\""))
        bijlagen++;
    is_int(bijlagen, 2, "with exactly two attachments");
    ok(body && strstr(body, "foto-1.txt") && strstr(body, "foto-2.txt"), "the two files");
    free(body);

    lb_e2e_key(&e, "Enter");
    lb_e2e_wait_gone(&e, "Melding verstuurd");
    lb_e2e_settle(&e);
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait_gone(&e, "Naam indiener"), "Enter closes the form after sending");
    ok(lb_e2e_quit(&e), "F10 quits lbterm");
}

/* A torn draft is reported with where it was kept, and never removed. */
static void damaged_draft(void)
{
    FILE *f = fopen(draft, "w");
    if (!f || fputs("{\"versie\":1,\"idempotencyKey\":\"lbt-0123", f) < 0)
        tap_bail("cannot write %s", draft);
    fclose(f);
    start();
    ok(open_form("Concept beschadigd"), "a torn draft is reported");
    ok(lb_e2e_wait(&e, "melding-draft.json.damaged-"), "with the name it was kept under");
    ok(access(draft, F_OK) != 0, "the torn file is moved aside");
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "Naam indiener"), "and a new melding starts");
    lb_e2e_key(&e, "Esc");
    ok(lb_e2e_wait_gone(&e, "Naam indiener"), "Esc on an untouched form closes it at once");
    ok(access(draft, F_OK) != 0, "without leaving a draft");
    ok(lb_e2e_quit(&e), "F10 quits lbterm");
}

static void write_file(const char *name, const char *text)
{
    char path[500];
    snprintf(path, sizeof path, "%s/%s", files, name);
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) < 0)
        tap_bail("cannot write %s", path);
    fclose(f);
}

int main(void)
{
    static const char *const sim_args[] = {"--drop-upload", "2", NULL};
    lb_e2e_setup(&e, sim_args);
    snprintf(draft, sizeof draft, "%s/state/lbterm/melding-draft.json", e.home);
    snprintf(files, sizeof files, "%s/files", e.home);
    snprintf(marker, sizeof marker, "e2e-nieuwe-melding-%ld", (long)getpid());
    if (mkdir(files, 0700) != 0)
        tap_bail("cannot make %s", files);
    write_file("foto-1.txt", "Vijf zakken huisvuil naast de glasbol.\n");
    write_file("foto-2.txt", "Foto's volgen later via de app.\n");
    write_file("kaart.bin", "\x01\x02\x03");
    validation_and_hangup();
    draft_offered_and_sent();
    damaged_draft();
    lb_e2e_teardown(&e);
    return tap_done();
}
