/* test_melding_draft.c — a new melding's draft and its checks, without a
 * bus: the rules taken from the configuration, validation with the problem
 * on the right field, the body of POST /melding/add, the idempotency key,
 * and the draft file (round trip, atomic replace, 0600, a torn or garbage
 * file moved aside and reported, never lost). */
#include "config.h"

#include <cjson/cJSON.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client/arena.h"
#include "client/melding_add.h"
#include "client/melding_draft.h"
#include "tests/tap.h"

/* The contract's example (docs/bus-api.yaml) plus "indiener" and "kanaal". */
static const char *const CONF =
    "{\"categorieen\":[{\"code\":\"SLUIK\",\"label\":\"Sluikstort\",\"subcategorieen\":["
    "{\"code\":\"SLUIK-GLAS\",\"label\":\"Aan glasbol\"}]},{\"code\":\"WEG\",\"label\":"
    "\"Wegdek\",\"subcategorieen\":[]}],\"velden\":[{\"naam\":\"titel\",\"verplicht\":true,"
    "\"maxLengte\":10},"
    "{\"naam\":\"meldingstype\",\"verplicht\":true},{\"naam\":\"beschrijving\",\"verplicht\":"
    "true,\"maxLengte\":4000},{\"naam\":\"adres\",\"verplicht\":false,\"maxLengte\":300},"
    "{\"naam\":\"kanaal\",\"verplicht\":true},{\"naam\":\"indiener\",\"verplicht\":true}],"
    "\"bijlagen\":{\"toegelatenTypes\":[\"image/jpeg\",\"text/plain\"],\"maxGrootte\":1000,"
    "\"maxAantal\":2},\"kanalen\":[\"website\",\"telefoon\"]}";

static lb_arena arena;
static lb_melding_config cfg;
static char dir[] = "/tmp/test_melding_draft.XXXXXX";

static bool has_problem(const lb_melding_problem *p, size_t n, lb_draft_field f,
                        lb_melding_problem_kind kind)
{
    for (size_t i = 0; i < n; i++)
        if (p[i].field == f && p[i].kind == kind)
            return true;
    return false;
}

static void rules(void)
{
    lb_melding_rule r = lb_melding_field_rule(&cfg, LB_DF_TITEL);
    ok(r.shown && r.required && r.max_len == 10, "titel: shown, required, max 10");
    r = lb_melding_field_rule(&cfg, LB_DF_SAMENVATTING);
    ok(!r.shown, "samenvatting is not in this configuration: not shown");
    r = lb_melding_field_rule(&cfg, LB_DF_ADRES);
    ok(r.shown && !r.required && r.max_len == 300, "adres: optional, max 300");
    r = lb_melding_field_rule(&cfg, LB_DF_NAAM);
    ok(r.shown && r.required && r.max_len == 200, "the caller's name follows indiener, max 200");
    r = lb_melding_field_rule(&cfg, LB_DF_EMAIL);
    ok(r.shown && !r.required && r.max_len == 254, "e-mail optional, max 254");
}

static void validation(void)
{
    lb_melding_draft d;
    lb_error err;
    is_int(lb_melding_draft_init(&d, &err), LB_OK, "a new draft");
    lb_melding_problem p[16];
    size_t n = lb_melding_validate(&cfg, &d, p, 16);
    is_int((long long)n, 5, "an empty draft has five problems");
    ok(has_problem(p, n, LB_DF_MELDINGSTYPE, LB_MP_REQUIRED) &&
           has_problem(p, n, LB_DF_TITEL, LB_MP_REQUIRED) &&
           has_problem(p, n, LB_DF_BESCHRIJVING, LB_MP_REQUIRED) &&
           has_problem(p, n, LB_DF_KANAAL, LB_MP_REQUIRED) &&
           has_problem(p, n, LB_DF_NAAM, LB_MP_REQUIRED),
       "each required field is named, the optional ones are not");
    is_int(p[0].field, LB_DF_MELDINGSTYPE, "in the form's order: the category first");
    ok(!has_problem(p, n, LB_DF_ADRES, LB_MP_REQUIRED), "adres is not required");

    lb_melding_draft_set(&d, LB_DF_MELDINGSTYPE, "SLUIK-GLAS");
    lb_melding_draft_set(&d, LB_DF_TITEL, "ééééééééééé"); /* 11 characters, 22 bytes */
    lb_melding_draft_set(&d, LB_DF_BESCHRIJVING, "   \n  ");
    lb_melding_draft_set(&d, LB_DF_KANAAL, "fax");
    lb_melding_draft_set(&d, LB_DF_NAAM, "Jan Devos");
    lb_melding_draft_set(&d, LB_DF_EMAIL, "jan.devos");
    n = lb_melding_validate(&cfg, &d, p, 16);
    ok(has_problem(p, n, LB_DF_TITEL, LB_MP_TOO_LONG), "11 characters are too long for max 10");
    ok(has_problem(p, n, LB_DF_BESCHRIJVING, LB_MP_REQUIRED), "only blanks count as empty");
    ok(has_problem(p, n, LB_DF_KANAAL, LB_MP_UNKNOWN_CODE), "a channel not configured");
    ok(has_problem(p, n, LB_DF_EMAIL, LB_MP_BAD_EMAIL), "an e-mail without @");
    ok(!has_problem(p, n, LB_DF_MELDINGSTYPE, LB_MP_UNKNOWN_CODE), "a sub-category code is fine");
    for (size_t i = 0; i < n && i < 16; i++)
        if (p[i].field == LB_DF_TITEL)
            is_int(p[i].limit, 10, "the limit comes with the problem");

    lb_melding_draft_set(&d, LB_DF_TITEL, "éééééééééé"); /* 10 characters: fine */
    lb_melding_draft_set(&d, LB_DF_BESCHRIJVING, "Vijf zakken");
    lb_melding_draft_set(&d, LB_DF_KANAAL, "telefoon");
    lb_melding_draft_set(&d, LB_DF_EMAIL, "jan@example.be");
    lb_melding_draft_set(&d, LB_DF_MELDINGSTYPE, "NOPE");
    n = lb_melding_validate(&cfg, &d, p, 16);
    ok(n == 1 && p[0].kind == LB_MP_UNKNOWN_CODE, "an unknown category is the only problem");
    lb_melding_draft_set(&d, LB_DF_MELDINGSTYPE, "WEG");
    is_int((long long)lb_melding_validate(&cfg, &d, p, 16), 0, "a complete draft has none");

    /* attachments against the rules */
    lb_melding_problem q;
    ok(lb_melding_check_bijlage(&cfg.bijlagen, "a.txt", "text/plain", 10, 0, &q), "a text is fine");
    ok(!lb_melding_check_bijlage(&cfg.bijlagen, "a.pdf", "application/pdf", 10, 0, &q) &&
           q.kind == LB_MP_BIJLAGE_TYPE,
       "a type not allowed");
    ok(!lb_melding_check_bijlage(&cfg.bijlagen, "a.txt", "text/plain", 1001, 0, &q) &&
           q.kind == LB_MP_BIJLAGE_SIZE && q.limit == 1000,
       "too large, with the limit");
    ok(!lb_melding_check_bijlage(&cfg.bijlagen, "a.txt", "text/plain", 0, 0, &q) &&
           q.kind == LB_MP_BIJLAGE_SIZE,
       "an empty file");
    ok(!lb_melding_check_bijlage(&cfg.bijlagen, "a.txt", "text/plain", 5, 2, &q) &&
           q.kind == LB_MP_BIJLAGE_COUNT && q.limit == 2,
       "a third attachment where two are allowed");
    ok(!lb_melding_check_bijlage(&cfg.bijlagen, "..\x1b[2J.txt", "text/plain", 5, 0, &q) &&
           q.kind == LB_MP_BIJLAGE_NAME,
       "a name the bus refuses");
    is_str(lb_melding_mime_for("FOTO.JPG"), "image/jpeg", "the type from the extension");
    is_str(lb_melding_mime_for("kaart"), "application/octet-stream", "unknown without one");
    lb_melding_draft_add_bijlage(&d, "/x/a.pdf", "a.pdf", "application/pdf", 10);
    n = lb_melding_validate(&cfg, &d, p, 16);
    ok(n == 1 && p[0].field == LB_DF_COUNT && p[0].bijlage == 0 && p[0].kind == LB_MP_BIJLAGE_TYPE,
       "validation names the attachment that is wrong");

    char *body = lb_melding_add_body(&d);
    ok(body && strstr(body, "\"meldingstype\":\"WEG\"") &&
           strstr(body, "\"indiener\":{\"type\":\"burger\",\"naam\":\"Jan Devos\"") &&
           !strstr(body, "adres") && !strstr(body, "bijlage"),
       "the add body: fields set, indiener nested, nothing empty: %s", body ? body : "(null)");
    free(body);
    lb_melding_draft_done(&d);
}

static void keys(void)
{
    lb_melding_draft a, b;
    lb_error err;
    lb_melding_draft_init(&a, &err);
    lb_melding_draft_init(&b, &err);
    ok(strlen(a.idempotency_key) == LB_IDEMPOTENCY_KEY_LEN &&
           strspn(a.idempotency_key + 4, "0123456789abcdef") == LB_IDEMPOTENCY_KEY_LEN - 4,
       "the key is 1..64 of [A-Za-z0-9_-]: %s", a.idempotency_key);
    ok(strcmp(a.idempotency_key, b.idempotency_key) != 0, "two drafts, two keys");
    lb_melding_draft_done(&a);
    lb_melding_draft_done(&b);
}

static size_t files_in_dir(void)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    struct dirent *de;
    while (d && (de = readdir(d)))
        if (de->d_name[0] != '.')
            n++;
    if (d)
        closedir(d);
    return n;
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) < 0)
        tap_bail("cannot write %s", path);
    fclose(f);
}

static void file(void)
{
    char path[300];
    snprintf(path, sizeof path, "%s/melding-draft.json", dir);
    lb_melding_draft d, back;
    lb_error err;
    is_int(lb_melding_draft_load(path, &back, &err), LB_DRAFT_NONE, "no file: no draft");

    lb_melding_draft_init(&d, &err);
    lb_melding_draft_set(&d, LB_DF_TITEL, "Glasbol \"vol\"\nregel 2 — é");
    lb_melding_draft_set(&d, LB_DF_NAAM, "Jan Devos");
    lb_melding_draft_add_bijlage(&d, "/tmp/a b.txt", "a b.txt", "text/plain", 12);
    lb_melding_draft_add_bijlage(&d, "/tmp/c.jpg", "c.jpg", "image/jpeg", 3000);
    d.bijlagen[0].accepted = true;
    d.add_sent = true;
    lb_melding_draft_set_melding(&d, "f6a7b8c9-d0e1-4f2a-9b3c-4d5e6f708192", "M-2026-000001");
    is_int(lb_melding_draft_save(&d, path, &err), LB_OK, "the draft is saved");
    struct stat st;
    ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "mode 0600");
    is_int((long long)files_in_dir(), 1, "no temporary file is left behind");

    is_int(lb_melding_draft_load(path, &back, &err), LB_DRAFT_LOADED, "and read back");
    is_str(lb_melding_draft_get(&back, LB_DF_TITEL), "Glasbol \"vol\"\nregel 2 — é",
           "text with quotes, a line break and UTF-8 survives");
    is_str(back.idempotency_key, d.idempotency_key, "the idempotency key survives");
    is_str(back.melding_id, d.melding_id, "the melding's id survives");
    is_str(back.nummer, "M-2026-000001", "its number");
    ok(back.bijlage_count == 2 && back.bijlagen[0].accepted && !back.bijlagen[1].accepted &&
           strcmp(back.bijlagen[1].path, "/tmp/c.jpg") == 0 && back.bijlagen[1].grootte == 3000,
       "the attachments and which were accepted");
    ok(back.started == d.started, "when it was started");
    ok(back.add_sent, "that the add went out (the fields are frozen)");
    lb_melding_draft_done(&back);

    /* a save replaces the file whole */
    lb_melding_draft_set(&d, LB_DF_TITEL, "kort");
    lb_melding_draft_save(&d, path, &err);
    lb_melding_draft_load(path, &back, &err);
    is_str(lb_melding_draft_get(&back, LB_DF_TITEL), "kort", "a second save replaces the first");
    lb_melding_draft_done(&back);

    /* a save that cannot write leaves the old draft alone */
    chmod(dir, 0500);
    lb_melding_draft_set(&d, LB_DF_TITEL, "nieuw");
    lb_status s = lb_melding_draft_save(&d, path, &err);
    chmod(dir, 0700);
    if (geteuid() == 0) {
        tap_skip("root writes anyway", "a failed save keeps the old draft");
    } else {
        ok(s != LB_OK && err.detail[0], "a save into a read-only directory fails: %s", err.detail);
        lb_melding_draft_load(path, &back, &err);
        is_str(lb_melding_draft_get(&back, LB_DF_TITEL), "kort", "and the old draft is intact");
        lb_melding_draft_done(&back);
    }

    /* a torn file (cut in the middle) is moved aside and named, not lost */
    char *json = lb_melding_draft_to_json(&d);
    json[strlen(json) / 2] = '\0';
    write_text(path, json);
    free(json);
    is_int(lb_melding_draft_load(path, &back, &err), LB_DRAFT_DAMAGED, "a torn file is damaged");
    ok(strstr(err.detail, "melding-draft.json.damaged-") != NULL,
       "the message names where it is: %s", err.detail);
    ok(access(path, F_OK) != 0 && access(err.detail, F_OK) == 0,
       "the damaged file was moved aside, not removed");
    is_int(lb_melding_draft_load(path, &back, &err), LB_DRAFT_NONE, "then there is no draft");
    unlink(err.detail);

    write_text(path, "{\"versie\":1,\"idempotencyKey\":\"x\",\"velden\":{},\"bijlagen\":[]}");
    is_int(lb_melding_draft_load(path, &back, &err), LB_DRAFT_DAMAGED,
           "a draft without a valid key is refused (a new key would allow a second melding)");
    unlink(err.detail);
    write_text(path, "\x7f"
                     "ELF garbage");
    is_int(lb_melding_draft_load(path, &back, &err), LB_DRAFT_DAMAGED, "garbage is damaged");
    unlink(err.detail);

    /* a whole draft with something after it (two writes run together) is
     * not taken at its first half's word, nor a version lbterm never wrote */
    char *whole = lb_melding_draft_to_json(&d);
    size_t wl = strlen(whole);
    char *twice = malloc(2 * wl + 1);
    if (!twice)
        tap_bail("out of memory");
    memcpy(twice, whole, wl);
    memcpy(twice + wl, whole, wl + 1);
    write_text(path, twice);
    is_int(lb_melding_draft_load(path, &back, &err), LB_DRAFT_DAMAGED,
           "a draft followed by more bytes is damaged");
    unlink(err.detail);
    cJSON *tree = cJSON_Parse(whole);
    cJSON_SetNumberValue(cJSON_GetObjectItemCaseSensitive(tree, "versie"), 1.5);
    char *odd = cJSON_PrintUnformatted(tree);
    write_text(path, odd ? odd : "");
    is_int(lb_melding_draft_load(path, &back, &err), LB_DRAFT_DAMAGED,
           "version 1.5 is not version 1");
    unlink(err.detail);
    cJSON_free(odd);
    cJSON_Delete(tree);
    free(twice);
    free(whole);

    lb_melding_draft_save(&d, path, &err);
    is_int(lb_melding_draft_remove(path, &err), LB_OK, "the draft is removed");
    ok(access(path, F_OK) != 0, "and gone");
    is_int(lb_melding_draft_remove(path, &err), LB_OK, "removing it again is fine");
    lb_melding_draft_done(&d);
}

int main(void)
{
    if (!mkdtemp(dir))
        tap_bail("mkdtemp failed");
    lb_arena_init(&arena, 4096);
    lb_error err;
    if (lb_melding_config_parse(CONF, strlen(CONF), &arena, &cfg, &err) != LB_OK)
        tap_bail("the configuration does not parse: %s", err.detail);
    rules();
    validation();
    keys();
    file();
    lb_arena_done(&arena);
    rmdir(dir);
    return tap_done();
}
