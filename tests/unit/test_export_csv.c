/* test_export_csv.c — the CSV (Excel, Belgian Windows) and JSON writers:
 * separator, RFC 4180 quoting, CRLF, BOM, Windows-1252 bytes, formula cells;
 * JSON keyed by the columns' keys (not their titles), dates in ISO 8601 UTC,
 * numbers as numbers. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/export_csv.h"
#include "tests/tap.h"

static const lb_export_column titles[] = {{"Naam", "name"}, {"Begin", "start"}};

/* The whole export of N rows of CELLS cells each, as bytes (caller frees). */
static char *export_cells(lb_export_format fmt, const lb_export_column *columns, size_t cells,
                          const lb_export_cell *rows, size_t n, size_t *len)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    if (!f)
        tap_bail("open_memstream failed");
    lb_error err;
    lb_export *x = lb_export_new(f, fmt, columns, cells, &err);
    ok(x != NULL, "the export starts (format %d)", (int)fmt);
    for (size_t i = 0; x && i < n; i++)
        lb_export_row(x, rows + i * cells, &err);
    ok(x && lb_export_finish(x, &err) == LB_OK, "and finishes");
    lb_export_free(x);
    fclose(f);
    *len = size;
    return buf;
}

/* The same for text rows of 2 cells under TITLES. */
static char *export(lb_export_format fmt, const char *const (*rows)[2], size_t n, size_t *len)
{
    lb_export_cell *cells = calloc(n ? 2 * n : 1, sizeof *cells);
    if (!cells)
        tap_bail("out of memory");
    for (size_t i = 0; i < 2 * n; i++)
        cells[i] = (lb_export_cell){.text = rows[i / 2][i % 2], .kind = LB_EXPORT_TEXT};
    char *out = export_cells(fmt, titles, 2, cells, n, len);
    free(cells);
    return out;
}

/* JSON: the key, not the title; a date in UTC whatever TZ says; a number
 * unquoted; a missing date null; CSV of the same cells is the shown texts. */
static void typed_cells(void)
{
    const lb_export_column cols[] = {{"Vergadertype", "meetingType"},
                                     {"Begin", "start"},
                                     {"Einde", "end"},
                                     {"Nummer", "number"}};
    lb_time begin;
    if (!lb_time_parse_datetime("2025-10-07T18:00:00Z", &begin))
        tap_bail("lb_time_parse_datetime");
    const lb_export_cell row[] = {
        {.text = "Gemeenteraad", .kind = LB_EXPORT_TEXT},
        {.text = "07/10/2025 20:00", .kind = LB_EXPORT_TIME, .time = begin},
        {.text = "---", .kind = LB_EXPORT_TIME, .time = LB_TIME_NULL},
        {.text = "-12", .kind = LB_EXPORT_NUMBER, .number = -12},
        {.text = "Vast bureau", .kind = LB_EXPORT_TEXT},
        {.text = "01/01/1970 01:00", .kind = LB_EXPORT_TIME, .time = 0},
        {.text = "31/12/9999 23:59", .kind = LB_EXPORT_TIME, .time = 253402300799},
        {.text = "1.204", .kind = LB_EXPORT_NUMBER, .number = 1204},
    };
    size_t len;
    char *json = export_cells(LB_EXPORT_JSON, cols, 4, row, 2, &len);
    is_str(json,
           "[\n  {\"meetingType\": \"Gemeenteraad\", \"start\": \"2025-10-07T18:00:00Z\", "
           "\"end\": null, \"number\": -12},\n"
           "  {\"meetingType\": \"Vast bureau\", \"start\": \"1970-01-01T00:00:00Z\", "
           "\"end\": \"9999-12-31T23:59:59Z\", \"number\": 1204}\n]\n",
           "JSON: keys, not titles; dates ISO 8601 UTC (null when missing); numbers bare");
    ok(json && !strstr(json, "Vergadertype") && !strstr(json, "07/10/2025"),
       "no translated title and no display date in the JSON");
    free(json);
    char *csv = export_cells(LB_EXPORT_CSV_UTF8, cols, 4, row, 1, &len);
    is_str(csv,
           "\xEF\xBB\xBFVergadertype;Begin;Einde;Nummer\r\n"
           "Gemeenteraad;07/10/2025 20:00;---;-12\r\n",
           "CSV of the same cells: the titles and the shown texts, as before");
    free(csv);
}

int main(void)
{
    /* the display texts below are Brussels time; JSON must ignore TZ */
    setenv("TZ", "Europe/Brussels", 1);
    tzset();
    const char *const rows[][2] = {
        {"Financiën €", "23/09/2020 18:00"}, {"a;b", "zei \"ja\""},
        {"twee\r\nregels", "---"},           {"=HYPERLINK(\"http://x\")", "-12"},
        {"+32 2 123", "@SUM(A1)"},           {"-2+3+cmd|' /C calc'!A0", "1.204,5"},
    };
    size_t len;
    char *csv = export(LB_EXPORT_CSV_UTF8, rows, 6, &len);
    const char *want = "\xEF\xBB\xBFNaam;Begin\r\n"
                       "Financiën €;23/09/2020 18:00\r\n"
                       "\"a;b\";\"zei \"\"ja\"\"\"\r\n"
                       "\"twee\r\nregels\";---\r\n"
                       "\"'=HYPERLINK(\"\"http://x\"\")\";-12\r\n"
                       "'+32 2 123;'@SUM(A1)\r\n"
                       "'-2+3+cmd|' /C calc'!A0;1.204,5\r\n";
    is_str(csv, want, "UTF-8 CSV: BOM, ';', quoting, CRLF, formulas neutralised");
    is_int((long long)len, (long long)strlen(want), "no stray bytes");
    free(csv);

    const char *const one[][2] = {{"Financiën €", "Ω ✓"}};
    csv = export(LB_EXPORT_CSV_CP1252, one, 1, &len);
    ok(csv && strncmp(csv, "Naam;Begin\r\n", 12) == 0, "Windows-1252 CSV has no BOM");
    ok(csv && strstr(csv, "Financi\xEBn \x80;"), "ë is 0xEB and € is 0x80 in Windows-1252");
    const char *cell = csv ? strstr(csv, "\x80;") : NULL;
    bool ascii = cell != NULL;
    for (const char *p = cell ? cell + 2 : ""; *p && *p != '\r'; p++)
        ascii = ascii && (unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f;
    ok(ascii && !strchr(csv, '\xE2') && !strchr(csv, '\xCE'),
       "what Windows-1252 lacks (Ω, ✓) is transliterated to ASCII, no UTF-8 left");
    ok(csv && len >= 2 && memcmp(csv + len - 2, "\r\n", 2) == 0, "the last line ends in CRLF");
    free(csv);

    const char *const js[][2] = {{"a\"b\\c", "23/09/2020 18:00"}, {"=1+1", "Financiën"}};
    char *json = export(LB_EXPORT_JSON, js, 2, &len);
    is_str(json,
           "[\n  {\"name\": \"a\\\"b\\\\c\", \"start\": \"23/09/2020 18:00\"},\n"
           "  {\"name\": \"=1+1\", \"start\": \"Financiën\"}\n]\n",
           "JSON: objects keyed by the column keys, escaped, no formula prefix");
    free(json);
    json = export(LB_EXPORT_JSON, js, 0, &len);
    is_str(json, "[]\n", "an empty JSON export is an empty array");
    free(json);

    ok(lb_export_is_formula("=A1") && lb_export_is_formula("@x") && lb_export_is_formula("-x") &&
           lb_export_is_formula("+x") && lb_export_is_formula("\tx"),
       "= @ - + TAB start a formula");
    ok(!lb_export_is_formula("---") && !lb_export_is_formula("-5") &&
           !lb_export_is_formula("+1.204,5") && !lb_export_is_formula("a=b") &&
           !lb_export_is_formula(""),
       "numbers, the empty marker and text are not");
    typed_cells();

    is_str(lb_export_extension(LB_EXPORT_JSON), "json", "JSON files end in .json");
    is_str(lb_export_extension(LB_EXPORT_CSV_CP1252), "csv", "CSV files end in .csv");

    /* A write error is reported, not swallowed. */
    FILE *full = fopen("/dev/full", "w");
    if (full) {
        lb_error err;
        lb_export *x = lb_export_new(full, LB_EXPORT_CSV_UTF8, titles, 2, &err);
        const lb_export_cell cells[] = {{.text = rows[0][0]}, {.text = rows[0][1]}};
        lb_status st = LB_OK;
        for (int i = 0; x && i < 2000 && st == LB_OK; i++)
            st = lb_export_row(x, cells, &err);
        if (x && st == LB_OK)
            st = lb_export_finish(x, &err);
        ok(!x || st != LB_OK, "a full disk is an error");
        lb_export_free(x);
        fclose(full);
    } else {
        tap_skip("no /dev/full", "a full disk is an error");
    }
    return tap_done();
}
