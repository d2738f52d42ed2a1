/* test_formats.c — Belgian formats in Dutch and in French: dates as
 * 23/09/2020 18:00 in Brussels time (the bus stores UTC; summer and winter
 * time both), counts grouped as 1.204, and the noun of a count by the
 * language's plural rule ("1 vergadering", "2 vergaderingen", but "0 réunion").
 * lbterm runs in the locales nl_BE.UTF-8 and fr_BE.UTF-8 (scripts/setup
 * generates them), which alone choose its language. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "tests/e2e/e2e.h"
#include "tests/tap.h"

static lb_e2e e;
static const char *const USER = "demo-secretaris";

/* "2025-10-07T18:00:00Z" as Brussels time "07/10/2025 20:00". */
static void brussels(const char *iso, char *out, size_t size)
{
    struct tm tm = {0};
    out[0] = '\0';
    if (sscanf(iso, "%d-%d-%dT%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
               &tm.tm_min) != 5)
        return;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t t = timegm(&tm);
    struct tm local;
    localtime_r(&t, &local);
    strftime(out, size, "%d/%m/%Y %H:%M", &local);
}

/* From the bus's first page of active meetings: the name and begin of the
 * first one whose begin month is in [FROM, TO] (summer or winter time). */
static bool meeting_in_months(int from, int to, char *name, size_t nsize, char *begin, size_t bsize)
{
    char *body = lb_e2e_get(&e, USER, "/crm/meetings?state=active&$top=200");
    bool found = false;
    for (char *p = body ? strstr(body, "\"name\":\"") : NULL; p && !found;
         p = strstr(p + 1, "\"name\":\"")) {
        char n[64], b[32];
        char *bp = strstr(p, "\"begin\":\"");
        if (!bp || sscanf(p, "\"name\":\"%63[^\"]", n) != 1 ||
            sscanf(bp, "\"begin\":\"%31[^\"]", b) != 1)
            continue;
        int month = atoi(b + 5);
        if (month >= from && month <= to) {
            snprintf(name, nsize, "%s", n);
            snprintf(begin, bsize, "%s", b);
            found = true;
        }
    }
    free(body);
    return found;
}

/* Every record behind PATH, page by page: the bus's "@odata.count" stops at
 * 5,000 (as Dataverse's does), and the list shows the real number. */
static long rows_behind(const char *path)
{
    long n = 0;
    char *next = strdup(path);
    while (next) {
        char *body = lb_e2e_get(&e, USER, next);
        free(next);
        next = NULL;
        cJSON *root = body ? cJSON_Parse(body) : NULL;
        free(body);
        cJSON *value = cJSON_GetObjectItemCaseSensitive(root, "value");
        if (!cJSON_IsArray(value)) {
            cJSON_Delete(root);
            return -1;
        }
        n += cJSON_GetArraySize(value);
        cJSON *link = cJSON_GetObjectItemCaseSensitive(root, "@odata.nextLink");
        if (cJSON_IsString(link))
            next = strdup(link->valuestring);
        cJSON_Delete(root);
    }
    return n;
}

/* Counts as the screen must show them: 1.204 */
static void grouped(long n, char *out, size_t size)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%ld", n);
    size_t len = strlen(digits), o = 0;
    for (size_t i = 0; i < len && o + 2 < size; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            out[o++] = '.';
        out[o++] = digits[i];
    }
    out[o] = '\0';
}

static void find(const char *text)
{
    lb_e2e_key(&e, "/");
    lb_e2e_settle(&e);
    lb_e2e_type(&e, text);
    lb_e2e_key(&e, "Enter");
    lb_e2e_settle(&e);
}

static void dates(const char *lang)
{
    static const struct {
        int from, to;
        const char *what;
    } seasons[] = {{5, 9, "summer time (UTC+2)"},
                   {11, 12, "winter time (UTC+1)"},
                   {1, 2, "winter time (UTC+1)"}};
    int checked = 0;
    for (size_t i = 0; i < sizeof seasons / sizeof seasons[0] && checked < 2; i++) {
        char name[64], begin[32], want[32];
        if (!meeting_in_months(seasons[i].from, seasons[i].to, name, sizeof name, begin,
                               sizeof begin))
            continue;
        brussels(begin, want, sizeof want);
        find(name);
        char *row = lb_e2e_cursor_row(&e, NULL);
        ok(strstr(row, name) && strstr(row, want),
           "%s: %s begins %s, shown as %s in Brussels %s: %s", lang, name, begin, want,
           seasons[i].what, row);
        free(row);
        checked++;
    }
    ok(checked == 2, "%s: a summer and a winter meeting were checked", lang);
}

static void counts(const char *lang, const char *screen, const char *title, const char *noun,
                   const char *path)
{
    lb_e2e_go_to(&e, screen);
    ok(lb_e2e_wait(&e, title), "%s: %s opens", lang, screen);
    long want = rows_behind(path);
    char text[64];
    grouped(want, text, sizeof text);
    snprintf(text + strlen(text), sizeof text - strlen(text), " %s", noun);
    ok(want >= 1000, "%s: the bus has %ld (more than a thousand)", lang, want);
    /* pages of 1,000 (see main): five requests, not a hundred */
    bool shown = lb_vt_wait_text(e.vt, text, 3 * e.timeout_ms);
    if (!ok(shown, "%s: the status line counts them as \"%s\"", lang, text))
        lb_vt_dump(e.vt, "the count did not appear");
}

/* F8 on the cursor row, then on two selected rows: the confirmation names
 * one record in the singular and two in the plural. */
static void plurals(const char *lang, const char *one, const char *two, const char *wrong,
                    const char *cancel, const char *picker)
{
    lb_e2e_key(&e, "Home");
    lb_e2e_key(&e, "F8");
    if (lb_e2e_wait_either(&e, cancel, picker) == 2) /* a status reason first */
        lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, one), "%s: one record: \"%s\"", lang, one);
    char *screen = lb_vt_screen_text(e.vt);
    ok(strstr(screen, wrong) == NULL, "%s: not \"%s\"", lang, wrong);
    free(screen);
    lb_e2e_key(&e, "Esc");
    lb_e2e_wait_gone(&e, cancel);
    lb_e2e_keys(&e, (const char *[]){"Space", "Space", "F8", NULL});
    if (lb_e2e_wait_either(&e, cancel, picker) == 2)
        lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, two), "%s: two records: \"%s\"", lang, two);
    lb_e2e_key(&e, "Esc");
    lb_e2e_wait_gone(&e, cancel);
}

/* No meeting in 1990: the status line's noun for 0 follows the language,
 * "0 vergaderingen" in Dutch but "0 réunion" in French. */
static void zero(const char *lang, const char *period, const char *want)
{
    lb_e2e_key(&e, "F4");
    lb_e2e_settle(&e);
    lb_e2e_type(&e, period);
    lb_e2e_key(&e, "Enter");
    lb_e2e_settle(&e);
    lb_e2e_type(&e, "01/01/1990 - 31/12/1990");
    lb_e2e_key(&e, "Enter");
    lb_e2e_settle(&e);
    bool shown = lb_vt_wait_row_text(e.vt, 30 - 2, want, e.timeout_ms);
    char *status = lb_vt_row_text(e.vt, 30 - 2);
    size_t n = strlen(want);
    ok(shown && strncmp(status, want, n) == 0 && (status[n] == '\0' || status[n] == ' '),
       "%s: no meeting in 1990: \"%s\" (%s)", lang, want, status);
    free(status);
    lb_e2e_type(&e, "F"); /* no filter */
    lb_e2e_wait_gone(&e, "1990");
}

static void run(const char *lang)
{
    bool fr = strcmp(lang, "fr") == 0;
    /* the language from the Belgian locale itself, as on a user's machine */
    char locale[32];
    snprintf(locale, sizeof locale, "LANG=%s_BE.UTF-8", lang);
    lb_e2e_start(&e, USER, 30, 120, NULL, (const char *[]){locale, "LANGUAGE", NULL});
    ok(lb_e2e_wait(&e, fr ? "Réunions actives" : "Actieve vergaderingen"), "%s: meetings", lang);
    lb_e2e_settle(&e);
    dates(lang);
    zero(lang, fr ? "Période" : "Periode", fr ? " 0 réunion" : " 0 vergaderingen");
    plurals(lang, fr ? "Désactiver 1 réunion " : "1 vergadering deactiveren",
            fr ? "Désactiver 2 réunions " : "2 vergaderingen deactiveren",
            fr ? "Désactiver 1 réunions" : " 1 vergaderingen deactiveren",
            fr ? "Annuler ]" : "Annuleren ]", fr ? "Tapez pour chercher" : "Typ om te zoeken");
    counts(lang, fr ? "Points de l'ordre du jour" : "Agendapunten",
           fr ? "Tous les points de l'ordre du jour" : "Alle agendapunten",
           fr ? "points de l'ordre du jour" : "agendapunten", "/crm/agendaitems?$count=true");
    ok(lb_e2e_quit(&e), "%s: quits cleanly", lang);
}

int main(void)
{
    lb_e2e_require_locale("nl_BE.UTF-8");
    lb_e2e_require_locale("fr_BE.UTF-8");
    setenv("TZ", "Europe/Brussels", 1);
    tzset();
    lb_e2e_setup(&e, NULL);
    /* Paging is the other tests' business; this one counts 5,000 agenda
     * items, which in pages of 50 took over a minute in a sanitizer build
     * on a loaded machine. */
    e.page_size = 1000;
    run("nl");
    run("fr");
    lb_e2e_teardown(&e);
    return tap_done();
}
