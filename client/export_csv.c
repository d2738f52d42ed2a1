/* export_csv.c — CSV (Excel, Belgian Windows) and JSON writers over a FILE.
 * A row is built in memory, converted once (Windows-1252) and written. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/export_csv.h"
#include "i18n/charset.h"

struct lb_export {
    FILE *out;
    lb_export_format fmt;
    size_t columns;
    char **keys; /* JSON keys, escaped once */
    lb_charset *cp1252;
    char *buf;
    size_t len, cap;
    size_t rows;
    bool failed;
};

static bool put(lb_export *x, const char *s, size_t n)
{
    if (x->len + n + 1 > x->cap) {
        size_t cap = x->cap ? x->cap : 256;
        while (x->len + n + 1 > cap)
            cap *= 2;
        char *grown = realloc(x->buf, cap);
        if (!grown)
            return false;
        x->buf = grown;
        x->cap = cap;
    }
    memcpy(x->buf + x->len, s, n);
    x->len += n;
    x->buf[x->len] = '\0';
    return true;
}

static bool puts_(lb_export *x, const char *s)
{
    return put(x, s, strlen(s));
}

static bool plain_number(const char *s)
{
    if (*s == '-' || *s == '+')
        s++;
    if (*s < '0' || *s > '9')
        return false;
    for (; *s; s++)
        if ((*s < '0' || *s > '9') && *s != '.' && *s != ',')
            return false;
    return true;
}

bool lb_export_is_formula(const char *cell)
{
    switch (cell[0]) {
    case '=':
    case '@':
    case '\t':
    case '\r': return true;
    case '+':
    case '-':
        if (plain_number(cell))
            return false;
        return cell[strspn(cell, "-")] != '\0'; /* "---" is lbterm's empty value */
    default: return false;
    }
}

const char *lb_export_extension(lb_export_format fmt)
{
    return fmt == LB_EXPORT_JSON ? "json" : "csv";
}

/* RFC 4180 with ';': quoted when it holds ; " CR or LF, quotes doubled. */
static bool csv_field(lb_export *x, const char *cell)
{
    const char *apostrophe = lb_export_is_formula(cell) ? "'" : "";
    if (!strpbrk(cell, ";\"\r\n"))
        return puts_(x, apostrophe) && puts_(x, cell);
    if (!put(x, "\"", 1) || !puts_(x, apostrophe))
        return false;
    for (const char *p = cell; *p; p++)
        if ((*p == '"' && !put(x, "\"\"", 2)) || (*p != '"' && !put(x, p, 1)))
            return false;
    return put(x, "\"", 1);
}

static bool json_string(lb_export *x, const char *s)
{
    if (!put(x, "\"", 1))
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char esc[8];
        if (*p == '"' || *p == '\\') {
            esc[0] = '\\', esc[1] = (char)*p, esc[2] = '\0';
        } else if (*p < 0x20 || *p == 0x7f) {
            snprintf(esc, sizeof esc, "\\u%04x", *p);
        } else {
            if (!put(x, (const char *)p, 1))
                return false;
            continue;
        }
        if (!puts_(x, esc))
            return false;
    }
    return put(x, "\"", 1);
}

/* Writes the row built in BUF (converted for Windows-1252) and empties it. */
static bool flush_row(lb_export *x)
{
    bool ok;
    if (x->cp1252) {
        char *conv = lb_charset_to_terminal(x->cp1252, x->buf, x->len);
        ok = conv && fwrite(conv, 1, strlen(conv), x->out) == strlen(conv);
        free(conv);
    } else {
        ok = fwrite(x->buf, 1, x->len, x->out) == x->len;
    }
    x->len = 0;
    return ok;
}

static bool csv_title_row(lb_export *x, const lb_export_column *columns)
{
    for (size_t c = 0; c < x->columns; c++)
        if ((c && !put(x, ";", 1)) || !csv_field(x, columns[c].title ? columns[c].title : ""))
            return false;
    return put(x, "\r\n", 2);
}

static bool csv_row(lb_export *x, const lb_export_cell *cells)
{
    for (size_t c = 0; c < x->columns; c++)
        if ((c && !put(x, ";", 1)) || !csv_field(x, cells[c].text ? cells[c].text : ""))
            return false;
    return put(x, "\r\n", 2);
}

/* The instant as the bus writes it: ISO 8601 in UTC, to the second. */
static bool json_time(lb_export *x, lb_time t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    char buf[40];
    if (t == LB_TIME_NULL || (lb_time)tt != t || !gmtime_r(&tt, &tm))
        return puts_(x, "null");
    if (strftime(buf, sizeof buf, "\"%Y-%m-%dT%H:%M:%SZ\"", &tm) == 0)
        return puts_(x, "null");
    return puts_(x, buf);
}

static bool json_value(lb_export *x, const lb_export_cell *cell)
{
    char num[32];
    if (cell->kind == LB_EXPORT_NUMBER) {
        snprintf(num, sizeof num, "%lld", cell->number);
        return puts_(x, num);
    }
    if (cell->kind == LB_EXPORT_TIME)
        return json_time(x, cell->time);
    if (cell->kind == LB_EXPORT_VALUE)
        return cell->value ? json_string(x, cell->value) : puts_(x, "null");
    return json_string(x, cell->text ? cell->text : "");
}

static bool json_row(lb_export *x, const lb_export_cell *cells)
{
    if (!puts_(x, x->rows ? ",\n  {" : "\n  {"))
        return false;
    for (size_t c = 0; c < x->columns; c++)
        if ((c && !put(x, ", ", 2)) || !puts_(x, x->keys[c]) || !put(x, ": ", 2) ||
            !json_value(x, &cells[c]))
            return false;
    return put(x, "}", 1);
}

static lb_status fail(lb_export *x, lb_error *err, bool nomem)
{
    x->failed = true;
    if (nomem)
        return lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
    return lb_error_set(err, LB_ERR_INVALID_INPUT, 0, "%s", _("The file could not be written."));
}

lb_export *lb_export_new(FILE *out, lb_export_format fmt, const lb_export_column *columns,
                         size_t count, lb_error *err)
{
    lb_export *x = calloc(1, sizeof *x);
    if (!x || !(x->keys = calloc(count ? count : 1, sizeof *x->keys))) {
        free(x);
        lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        return NULL;
    }
    x->out = out;
    x->fmt = fmt;
    x->columns = count;
    if (fmt == LB_EXPORT_CSV_CP1252) {
        const char *why = NULL;
        x->cp1252 = lb_charset_new("WINDOWS-1252", &why);
        if (!x->cp1252) {
            lb_error_set(err, LB_ERR_CONFIG, 0, "%s", why ? why : "iconv WINDOWS-1252");
            lb_export_free(x);
            return NULL;
        }
    }
    bool ok = true;
    for (size_t c = 0; ok && c < count; c++) {
        x->len = 0;
        ok = json_string(x, columns[c].key ? columns[c].key : "") && (x->keys[c] = strdup(x->buf));
    }
    x->len = 0;
    if (ok && fmt == LB_EXPORT_JSON)
        ok = put(x, "[", 1);
    else if (ok)
        ok = (fmt != LB_EXPORT_CSV_UTF8 || put(x, "\xEF\xBB\xBF", 3)) && csv_title_row(x, columns);
    if (!ok) {
        lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        lb_export_free(x);
        return NULL;
    }
    if (!flush_row(x)) {
        fail(x, err, false);
        lb_export_free(x);
        return NULL;
    }
    return x;
}

lb_status lb_export_row(lb_export *x, const lb_export_cell *cells, lb_error *err)
{
    if (x->failed)
        return fail(x, err, false);
    if (!(x->fmt == LB_EXPORT_JSON ? json_row(x, cells) : csv_row(x, cells)))
        return fail(x, err, true);
    x->rows++;
    if (!flush_row(x))
        return fail(x, err, false);
    return LB_OK;
}

lb_status lb_export_finish(lb_export *x, lb_error *err)
{
    if (x->fmt == LB_EXPORT_JSON && !puts_(x, x->rows ? "\n]\n" : "]\n"))
        return fail(x, err, true);
    if (!flush_row(x) || fflush(x->out) != 0 || ferror(x->out))
        return fail(x, err, false);
    return x->failed ? fail(x, err, false) : LB_OK;
}

void lb_export_free(lb_export *x)
{
    if (!x)
        return;
    for (size_t c = 0; c < x->columns; c++)
        free(x->keys[c]);
    free(x->keys);
    lb_charset_free(x->cp1252);
    free(x->buf);
    free(x);
}
