/* test_export_csv.c — the CSV (Excel, Belgian Windows) and JSON writers:
 * separator, RFC 4180 quoting, CRLF, BOM, Windows-1252 bytes, formula cells. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/export_csv.h"
#include "tests/tap.h"

/* The whole export of ROWS rows of 2 cells, as bytes (caller frees). */
static char *export(lb_export_format fmt, const char *const *titles, const char *const (*rows)[2],
                    size_t n, size_t *len)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    if (!f)
        tap_bail("open_memstream failed");
    lb_error err;
    lb_export *x = lb_export_new(f, fmt, titles, 2, &err);
    ok(x != NULL, "the export starts (format %d)", (int)fmt);
    for (size_t i = 0; x && i < n; i++)
        lb_export_row(x, rows[i], &err);
    ok(x && lb_export_finish(x, &err) == LB_OK, "and finishes");
    lb_export_free(x);
    fclose(f);
    *len = size;
    return buf;
}

int main(void)
{
    const char *titles[] = {"Naam", "Begin"};
    const char *const rows[][2] = {
        {"Financiën €", "23/09/2020 18:00"}, {"a;b", "zei \"ja\""},
        {"twee\r\nregels", "---"},           {"=HYPERLINK(\"http://x\")", "-12"},
        {"+32 2 123", "@SUM(A1)"},           {"-2+3+cmd|' /C calc'!A0", "1.204,5"},
    };
    size_t len;
    char *csv = export(LB_EXPORT_CSV_UTF8, titles, rows, 6, &len);
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
    csv = export(LB_EXPORT_CSV_CP1252, titles, one, 1, &len);
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
    char *json = export(LB_EXPORT_JSON, titles, js, 2, &len);
    is_str(json,
           "[\n  {\"Naam\": \"a\\\"b\\\\c\", \"Begin\": \"23/09/2020 18:00\"},\n"
           "  {\"Naam\": \"=1+1\", \"Begin\": \"Financiën\"}\n]\n",
           "JSON: objects keyed by column, escaped, no formula prefix");
    free(json);
    json = export(LB_EXPORT_JSON, titles, js, 0, &len);
    is_str(json, "[]\n", "an empty JSON export is an empty array");
    free(json);

    ok(lb_export_is_formula("=A1") && lb_export_is_formula("@x") && lb_export_is_formula("-x") &&
           lb_export_is_formula("+x") && lb_export_is_formula("\tx"),
       "= @ - + TAB start a formula");
    ok(!lb_export_is_formula("---") && !lb_export_is_formula("-5") &&
           !lb_export_is_formula("+1.204,5") && !lb_export_is_formula("a=b") &&
           !lb_export_is_formula(""),
       "numbers, the empty marker and text are not");
    is_str(lb_export_extension(LB_EXPORT_JSON), "json", "JSON files end in .json");
    is_str(lb_export_extension(LB_EXPORT_CSV_CP1252), "csv", "CSV files end in .csv");

    /* A write error is reported, not swallowed. */
    FILE *full = fopen("/dev/full", "w");
    if (full) {
        lb_error err;
        lb_export *x = lb_export_new(full, LB_EXPORT_CSV_UTF8, titles, 2, &err);
        lb_status st = LB_OK;
        for (int i = 0; x && i < 2000 && st == LB_OK; i++)
            st = lb_export_row(x, rows[0], &err);
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
