/* test_list_export.c — the list screens' export through the real list
 * classes: every column has a JSON key (unique, camelCase), the JSON of a
 * meeting is byte for byte the same in Dutch and in French (keys, ISO 8601
 * UTC dates, numbers) while the CSV keeps the translated titles and the
 * Belgian display forms. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n/i18n.h"
#include "tests/tap.h"
#include "views/list_export.h"
#include "views/screens.h"

extern int _nl_msg_cat_cntr; /* GNU gettext: bump after changing LANGUAGE */

static const lb_list_class *const classes[] = {
    &lb_meetings_list_class,  &lb_agenda_items_list_class,  &lb_dossiers_list_class,
    &lb_documents_list_class, &lb_meeting_types_list_class, &lb_dossier_types_list_class,
    &lb_meldingen_list_class,
};

static bool camel_case(const char *key)
{
    if (!key || key[0] < 'a' || key[0] > 'z')
        return false;
    for (const char *p = key; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
            return false;
    return true;
}

static void every_column_has_a_key(void)
{
    for (size_t c = 0; c < sizeof classes / sizeof classes[0]; c++) {
        const lb_list_class *lc = classes[c];
        bool keyed = true, unique = true;
        for (size_t i = 0; i < lc->column_count; i++) {
            const char *k = lc->columns[i].key;
            if (!camel_case(k))
                keyed = false, tap_diag("%s: column %zu has key \"%s\"", lc->id, i, k ? k : "");
            for (size_t j = 0; k && j < i; j++)
                if (lc->columns[j].key && strcmp(lc->columns[j].key, k) == 0)
                    unique = false, tap_diag("%s: key \"%s\" twice", lc->id, k);
            if (lc->columns[i].time && lc->columns[i].number)
                keyed = false, tap_diag("%s: column %s is a date and a number", lc->id, k);
        }
        ok(keyed, "%s: every column has a camelCase JSON key", lc->id);
        ok(unique, "%s: no key twice", lc->id);
    }
}

/* The export of COUNT records of CLS in FMT, as a string (caller frees). */
static char *export(const lb_list_class *cls, const void *const *rows, size_t count,
                    lb_export_format fmt)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    if (!f)
        tap_bail("open_memstream failed");
    lb_error err;
    lb_status st = lb_list_export_records(cls, rows, count, f, fmt, &err);
    fclose(f);
    if (st != LB_OK) {
        tap_diag("export failed: %s", err.detail);
        free(buf);
        return NULL;
    }
    return buf;
}

static void set_language(const char *lang)
{
    setenv("LANGUAGE", lang, 1);
    ++_nl_msg_cat_cntr;
}

int main(void)
{
    setenv("TZ", "Europe/Brussels", 1);
    setenv("LANGUAGE", "nl", 1);
    lb_i18n_init();
    every_column_has_a_key();

    lb_meeting m = {.id = "m1",
                    .name = "GR 20251007",
                    .type_name = "Gemeenteraad",
                    .statuscode_label = "Definitief",
                    .owner_name = "Secretariaat",
                    .end = LB_TIME_NULL};
    if (!lb_time_parse_datetime("2025-10-07T18:00:00Z", &m.begin))
        tap_bail("lb_time_parse_datetime");
    const void *rows[] = {&m};
    char *json[2], *csv[2];
    static const char *const langs[] = {"nl", "fr"};
    for (size_t l = 0; l < 2; l++) {
        set_language(langs[l]);
        ok(strcmp(_("Meetings"), l == 0 ? "Vergaderingen" : "Réunions") == 0,
           "%s: the catalog is loaded (%s)", langs[l], _("Meetings"));
        json[l] = export(&lb_meetings_list_class, rows, 1, LB_EXPORT_JSON);
        csv[l] = export(&lb_meetings_list_class, rows, 1, LB_EXPORT_CSV_UTF8);
    }
    is_str(json[0],
           "[\n  {\"name\": \"GR 20251007\", \"meetingType\": \"Gemeenteraad\", "
           "\"start\": \"2025-10-07T18:00:00Z\", \"end\": null, \"location\": \"---\", "
           "\"statusReason\": \"Definitief\", \"owner\": \"Secretariaat\"}\n]\n",
           "a meeting in JSON: stable keys, the begin in ISO 8601 UTC, no end is null");
    is_str(json[1], json[0] ? json[0] : "", "the French JSON is the same, byte for byte");
    is_str(csv[0],
           "\xEF\xBB\xBFNaam;Vergadertype;Begin;Einde;Locatie;Reden van status;Eigenaar\r\n"
           "GR 20251007;Gemeenteraad;07/10/2025 20:00;---;---;Definitief;Secretariaat\r\n",
           "the Dutch CSV: translated titles, Brussels display dates");
    ok(csv[1] && strstr(csv[1], "Nom;") && strstr(csv[1], "07/10/2025 20:00"),
       "the French CSV has French titles and the same dates");
    for (size_t l = 0; l < 2; l++)
        free(json[l]), free(csv[l]);

    set_language("nl");
    lb_agenda_item a = {.id = "a1", .number = 12, .title = "Budget", .meeting_name = "GR"};
    lb_document d = {
        .id = "d1", .name = "notulen.pdf", .mime_type = "application/pdf", .size = 1234567};
    if (!lb_time_parse_datetime("2024-07-01T22:30:00Z", &d.created_on))
        tap_bail("lb_time_parse_datetime");
    const void *arow[] = {&a}, *drow[] = {&d};
    char *aj = export(&lb_agenda_items_list_class, arow, 1, LB_EXPORT_JSON);
    if (!ok(aj && strstr(aj, "{\"number\": 12, \"title\": \"Budget\""),
            "an agenda item's number is a JSON number"))
        tap_diag("got: %s", aj ? aj : "(nothing)");
    char *dj = export(&lb_documents_list_class, drow, 1, LB_EXPORT_JSON);
    if (!ok(dj && strstr(dj, "\"size\": 1234567, \"createdOn\": \"2024-07-01T22:30:00Z\""),
            "a document's size is its bytes and its date UTC, not Brussels' next day"))
        tap_diag("got: %s", dj ? dj : "(nothing)");
    char *dc = export(&lb_documents_list_class, drow, 1, LB_EXPORT_CSV_UTF8);
    ok(dc && strstr(dc, ";1,2 MB;02/07/2024 00:30\r\n"),
       "while the CSV shows what the screen does (a Belgian decimal comma)");
    free(aj);
    free(dj);
    free(dc);

    /* A type without a DAV series: the screen's "— geen serie —" / "— pas
     * de série —" is a word for people; JSON says null in every language. */
    lb_meeting_type with = {.id = "t1",
                            .name = "Gemeenteraad",
                            .abbreviation = "GR",
                            .dav_series_id = "89b9",
                            .dav_series_name = "Raad"},
                    without = {.id = "t2", .name = "Adviesraad Cultuur", .abbreviation = "ARC"};
    const void *trows[] = {&with, &without};
    char *tj[2];
    for (size_t l = 0; l < 2; l++) {
        set_language(langs[l]);
        tj[l] = export(&lb_meeting_types_list_class, trows, 2, LB_EXPORT_JSON);
    }
    if (!ok(tj[0] && strstr(tj[0], "\"davSeries\": \"Raad\"}") &&
                strstr(tj[0], "\"davSeries\": null}"),
            "davSeries: the series' name, or null without one"))
        tap_diag("got: %s", tj[0] ? tj[0] : "(nothing)");
    is_str(tj[1], tj[0] ? tj[0] : "", "and the same in French");
    free(tj[0]);
    free(tj[1]);
    set_language("nl");

    /* A melding's channel: the name people know on screen and in CSV, the
     * bus's code in JSON. */
    lb_melding_summary ms = {.id = "ms1",
                             .nummer = "M-2025-000014",
                             .kanaal = "mijnburgerprofiel",
                             .ontvangen_op = LB_TIME_NULL};
    const void *msrow[] = {&ms};
    char *mc = export(&lb_meldingen_list_class, msrow, 1, LB_EXPORT_CSV_UTF8);
    char *mj = export(&lb_meldingen_list_class, msrow, 1, LB_EXPORT_JSON);
    ok(mc && strstr(mc, ";Mijn Burgerprofiel;"), "the CSV names the channel: Mijn Burgerprofiel");
    if (!ok(mj && strstr(mj, "\"channel\": \"mijnburgerprofiel\""),
            "the JSON gives the bus's code"))
        tap_diag("got: %s", mj ? mj : "(nothing)");
    free(mc);
    free(mj);

    /* The bus's stage label already carries its code ("50 Afgerond"). */
    lb_dossier z = {.id = "z1",
                    .number = "EV-2021-0414",
                    .name = "Fuif Thomas",
                    .stage_code = 50,
                    .stage_label = "50 Afgerond"};
    const void *zrow[] = {&z};
    char *zc = export(&lb_dossiers_list_class, zrow, 1, LB_EXPORT_CSV_UTF8);
    if (!ok(zc && strstr(zc, ";50 Afgerond;") && !strstr(zc, "50 50"),
            "a dossier's stage reads \"50 Afgerond\", its code once"))
        tap_diag("got: %s", zc ? zc : "(nothing)");
    free(zc);
    return tap_done();
}
