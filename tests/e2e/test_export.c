/* test_export.c — "Exporteren" and "Grafiek" on the meetings list as the
 * secretary uses them: a filtered view to CSV (what the screen shows, as many
 * rows as the bus counts), the selection to JSON (language-independent keys,
 * the shown instants in ISO 8601 UTC), no silent overwrite, and the chart's
 * counts per status against the bus's counts. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "tests/e2e/e2e.h"
#include "tests/tap.h"

static lb_e2e e;

static const char *const USER = "demo-secretaris";

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 8192;
            char *g = realloc(buf, cap);
            if (!g)
                break;
            buf = g;
        }
        size_t r = fread(buf + n, 1, 4096, f);
        n += r;
        if (r == 0)
            break;
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    *len = n;
    return buf;
}

static void export_path(char *out, size_t size, const char *ext)
{
    time_t now = time(NULL);
    struct tm tm;
    char day[16];
    localtime_r(&now, &tm);
    strftime(day, sizeof day, "%Y-%m-%d", &tm);
    snprintf(out, size, "%s/Downloads/vergaderingen-%s.%s", e.home, day, ext);
}

/* The CSV's line I (0: titles) split at ';' into at most 8 unquoted fields. */
static int csv_fields(const char *csv, size_t line, char fields[8][128])
{
    const char *p = csv;
    for (size_t i = 0; i < line && p; i++) {
        p = strstr(p, "\r\n");
        if (p)
            p += 2;
    }
    if (!p || !*p)
        return 0;
    int n = 0;
    while (n < 8) {
        size_t k = 0;
        bool quoted = *p == '"';
        if (quoted)
            p++;
        while (*p && (quoted ? !(p[0] == '"' && p[1] != '"') : (*p != ';' && *p != '\r'))) {
            if (quoted && p[0] == '"')
                p++;
            if (k + 1 < 128)
                fields[n][k++] = *p;
            p++;
        }
        if (quoted && *p == '"')
            p++;
        fields[n++][k] = '\0';
        if (*p != ';')
            break;
        p++;
    }
    return n;
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (const char *p = s; (p = strstr(p, "\r\n")); p += 2)
        n++;
    return n;
}

static void filtered_csv(void)
{
    lb_e2e_key(&e, "f");
    lb_e2e_wait(&e, "Reden van status…");
    lb_e2e_key(&e, "Enter");
    lb_e2e_type(&e, "Definitief");
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "Reden van status = Definitief"), "the view is filtered on Definitief");
    lb_e2e_settle(&e);
    long shown = lb_e2e_status_number(&e, "vergadering");
    long bus = lb_e2e_count(&e, USER, "/crm/meetings?state=active&statuscode=3&$count=true");
    lb_e2e_key(&e, "e");
    ok(lb_e2e_wait(&e, "Formaat van de export"), "e asks for the format");
    ok(lb_e2e_wait(&e, "CSV UTF-8 met BOM"), "CSV UTF-8 with BOM is offered first");
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "Bestandsnaam:"), "nothing selected: straight to the file name");
    char path[700];
    export_path(path, sizeof path, "csv");
    ok(lb_e2e_wait(&e, "vergaderingen-"), "the default name is vergaderingen-<date>.csv");
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "geëxporteerd naar"), "the status line says where it went");
    size_t len = 0;
    char *csv = slurp(path, &len);
    ok(csv != NULL, "the file is under ~/Downloads: %s", path);
    if (!csv)
        return;
    ok(len > 3 && memcmp(csv, "\xEF\xBB\xBF", 3) == 0, "it starts with the UTF-8 BOM");
    char f[8][128];
    int n = csv_fields(csv + 3, 0, f);
    ok(n == 7 && strcmp(f[0], "Naam") == 0 && strcmp(f[1], "Vergadertype") == 0 &&
           strcmp(f[5], "Reden van status") == 0,
       "the title row holds the screen's Dutch column titles (%d fields)", n);
    is_int((long)count_lines(csv) - 1, shown, "as many rows as the screen shows");
    is_int((long)count_lines(csv) - 1, bus, "and as the bus counts for that filter");
    bool same = true, only_definitief = true;
    for (size_t i = 1; i <= count_lines(csv) - 1; i++) {
        if (csv_fields(csv + 3, i, f) != 7 || strcmp(f[5], "Definitief") != 0)
            only_definitief = false;
        if (i > 8)
            continue;
        char *row = lb_vt_row_text(e.vt, (int)(i + 1));
        if (!strstr(row, f[0]) || !strstr(row, f[2])) {
            same = false;
            tap_diag("screen row %zu: %s / csv: %s ; %s", i + 1, row, f[0], f[2]);
        }
        free(row);
    }
    ok(only_definitief, "every row has the filtered status");
    ok(same, "the first rows are the screen's rows, in its order, with its dates");
    ok(strstr(csv, "\r\n") && !strstr(csv, "\n\n"), "lines end in CRLF");
    free(csv);

    /* the same name again: asked, and Esc keeps the file */
    struct stat before;
    stat(path, &before);
    lb_e2e_key(&e, "e");
    lb_e2e_wait(&e, "Formaat van de export");
    lb_e2e_key(&e, "Enter");
    lb_e2e_wait(&e, "Bestandsnaam:");
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "bestaat al"), "an existing file is not replaced without asking");
    lb_e2e_key(&e, "Esc");
    lb_e2e_wait_gone(&e, "bestaat al");
    struct stat after;
    ok(stat(path, &after) == 0 && after.st_ino == before.st_ino, "Annuleren keeps the old file");
    lb_e2e_key(&e, "F");
    lb_e2e_wait_gone(&e, "Reden van status =");
}

/* The Nth "start" of JSON ("2025-10-07T18:00:00Z") as the screen shows it:
 * "07/10/2025 20:00" in Brussels time; false when there is no ISO UTC date. */
static bool json_start_shown(const char *json, int nth, char *out, size_t size)
{
    const char *p = json;
    for (int i = 0; p && i <= nth; i++)
        if ((p = strstr(p, "\"start\": \"")))
            p += strlen("\"start\": \"");
    struct tm tm = {0};
    char z = 0, end = 0;
    if (!p ||
        sscanf(p, "%4d-%2d-%2dT%2d:%2d:%2d%c%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
               &tm.tm_min, &tm.tm_sec, &z, &end) != 8 ||
        z != 'Z' || end != '"')
        return false;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t t = timegm(&tm);
    struct tm local;
    return localtime_r(&t, &local) && strftime(out, size, "%d/%m/%Y %H:%M", &local) > 0;
}

static void selection_json(void)
{
    lb_e2e_keys(&e, (const char *[]){"Home", "Space", "Space", "Space", NULL});
    ok(lb_e2e_wait(&e, "3 geselecteerd van"), "three meetings are selected");
    lb_e2e_settle(&e);
    char names[3][128], *rows[3];
    for (int i = 0; i < 3; i++) {
        char *row = rows[i] = lb_vt_row_text(e.vt, 2 + i);
        const char *p = row + 4;
        size_t k = 0;
        while (p[k] && !(p[k] == ' ' && p[k + 1] == ' ') && k + 1 < sizeof names[i])
            k++;
        memcpy(names[i], p, k);
        names[i][k] = '\0';
    }
    lb_e2e_key(&e, "e");
    lb_e2e_wait(&e, "Formaat van de export");
    lb_e2e_type(&e, "JSON");
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "Alleen de selectie (3 records)"), "with a selection the scope is asked");
    lb_e2e_key(&e, "Enter");
    lb_e2e_wait(&e, "Bestandsnaam:");
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "3 records geëxporteerd"), "the selection is exported");
    char path[700];
    export_path(path, sizeof path, "json");
    size_t len;
    char *json = slurp(path, &len);
    ok(json && json[0] == '[', "a JSON array");
    size_t objects = 0;
    for (const char *p = json; p && (p = strstr(p, "{\"name\": ")); p++)
        objects++;
    is_int((long)objects, 3, "with one object per selected meeting, keyed by the column keys");
    ok(json && strstr(json, "\"meetingType\": ") && strstr(json, "\"statusReason\": ") &&
           !strstr(json, "\"Naam\"") && !strstr(json, "\"Vergadertype\""),
       "the keys are the language-independent ones, not the Dutch titles");
    bool names_ok = json != NULL;
    for (int i = 0; json && i < 3; i++) {
        char want[400];
        snprintf(want, sizeof want, "{\"name\": \"%s\"", names[i]);
        if (!strstr(json, want))
            names_ok = false, tap_diag("missing %s", want);
    }
    ok(names_ok, "the selected meetings, in the screen's order");
    bool dates_ok = json != NULL;
    for (int i = 0; json && i < 3; i++) {
        char shown[32];
        if (!json_start_shown(json, i, shown, sizeof shown) || !strstr(rows[i], shown))
            dates_ok = false, tap_diag("row %d: %s / JSON start %d", 2 + i, rows[i], i);
    }
    ok(dates_ok, "each start is ISO 8601 UTC, the instant the screen shows in Brussels time");
    for (int i = 0; i < 3; i++)
        free(rows[i]);
    free(json);
    lb_e2e_key(&e, "-");
    lb_e2e_settle(&e);
}

/* The count in a chart row "label  1.204 ████": the number before the bar. */
static long chart_row_count(const char *row)
{
    const char *bar = strstr(row, "█");
    if (!bar)
        return -1;
    const char *p = bar;
    while (p > row && p[-1] == ' ')
        p--;
    const char *s = p;
    while (s > row && ((s[-1] >= '0' && s[-1] <= '9') || s[-1] == '.'))
        s--;
    long n = 0;
    for (; s < p; s++)
        if (*s != '.')
            n = n * 10 + (*s - '0');
    return n;
}

static void chart(void)
{
    long total = lb_e2e_status_number(&e, "vergaderingen");
    long bus[12];
    size_t nbus = 0;
    for (int code = 1; code <= 12; code++) {
        char path[128];
        snprintf(path, sizeof path, "/crm/meetings?state=active&statuscode=%d&$count=true", code);
        long n = lb_e2e_count(&e, USER, path);
        if (n > 0)
            bus[nbus++] = n;
    }
    lb_e2e_key(&e, "G");
    ok(lb_e2e_wait(&e, "Grafiek: tel per"), "G asks what to count per");
    ok(lb_e2e_wait(&e, "Reden van status"), "status reason is offered");
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "Vergaderingen per Reden van status"), "the chart opens");
    lb_e2e_settle(&e);
    long counts[12], prev = -1, sum = 0;
    size_t n = 0;
    bool sorted = true;
    int first = lb_vt_find_row(e.vt, "in totaal");
    for (int r = first + 1; first >= 0 && r < first + 14 && n < 12; r++) {
        char *row = lb_vt_row_text(e.vt, r);
        long c = chart_row_count(row);
        free(row);
        if (c < 0)
            break;
        if (prev >= 0 && c > prev)
            sorted = false;
        prev = c;
        counts[n++] = c;
        sum += c;
    }
    is_int((long)n, (long)nbus, "one bar per status the bus has among active meetings");
    is_int(sum, total, "the bars add up to the view's count");
    ok(sorted, "largest first");
    bool match = n == nbus;
    for (size_t i = 0; match && i < n; i++) {
        bool found = false;
        for (size_t j = 0; j < nbus && !found; j++)
            if (bus[j] == counts[i])
                found = true, bus[j] = -1;
        match = found;
    }
    if (!ok(match, "each bar's count is a status count of the bus"))
        for (size_t i = 0; i < n; i++)
            tap_diag("bar %zu: %ld", i, counts[i]);
    lb_vt_resize(e.vt, 24, 80);
    ok(lb_e2e_wait(&e, "in totaal"), "the chart redraws after a resize to 80x24");
    lb_e2e_settle(&e);
    int r = lb_vt_find_row(e.vt, "in totaal");
    char *row = r >= 0 ? lb_vt_row_text(e.vt, r + 1) : NULL;
    ok(row && chart_row_count(row) == (n ? counts[0] : -1) && strlen(row) <= 80 * 3,
       "and still shows the largest count: %s", row ? row : "");
    free(row);
    lb_e2e_key(&e, "Esc");
    ok(lb_e2e_wait_gone(&e, "in totaal"), "Esc closes the chart");
}

/* In braille mode a block glyph is an arbitrary dot pattern: bars are '#'. */
static void ascii_bars(void)
{
    lb_e2e_start(&e, USER, 24, 80, (const char *[]){"--braille", NULL}, NULL);
    ok(lb_e2e_wait(&e, "vergaderingen"), "the list opens in braille mode");
    lb_e2e_settle(&e);
    lb_e2e_key(&e, "G");
    lb_e2e_wait(&e, "Grafiek: tel per");
    lb_e2e_key(&e, "Enter");
    ok(lb_e2e_wait(&e, "in totaal"), "the chart opens in braille mode");
    lb_e2e_settle(&e);
    int r = lb_vt_find_row(e.vt, "in totaal");
    char *row = r >= 0 ? lb_vt_row_text(e.vt, r + 1) : NULL;
    ok(row && strstr(row, " ##") && !strstr(row, "█"), "its bars are drawn with '#': %s",
       row ? row : "");
    free(row);
    lb_e2e_key(&e, "Esc");
    ok(lb_e2e_quit(&e), "lbterm --braille exits cleanly");
}

int main(void)
{
    lb_e2e_setup(&e, NULL);
    setenv("TZ", "Europe/Brussels", 1);
    tzset();
    char dl[400];
    snprintf(dl, sizeof dl, "%s/Downloads", e.home);
    mkdir(dl, 0700);
    lb_e2e_start(&e, USER, 40, 160, NULL, (const char *[]){"XDG_DOWNLOAD_DIR", NULL});
    ok(lb_e2e_wait(&e, "Actieve vergaderingen"), "the meetings list opens");
    lb_e2e_settle(&e);
    filtered_csv();
    selection_json();
    chart();
    ok(lb_e2e_quit(&e), "lbterm exits cleanly");
    ascii_bars();
    lb_e2e_teardown(&e);
    return tap_done();
}
