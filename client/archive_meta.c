/* archive_meta.c — what DAV receives for a record: the dossier's naam,
 * beschrijving and dates, and the values of the series' extensions. The
 * texts are archival metadata in Dutch (DAV is the Flemish archive), not
 * messages for the user: they are never translated. */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/archive_internal.h"

/* DAV's limit on a dossier's naam, in characters. */
#define NAAM_MAX 255

const char *arc_bron_type(lb_archive_kind kind)
{
    switch (kind) {
    case LB_ARCHIVE_MEETING: return "meeting";
    case LB_ARCHIVE_AGENDA_ITEM: return "agendaitem";
    case LB_ARCHIVE_DOSSIER: return "dossier";
    }
    return "?";
}

const char *arc_collection(lb_archive_kind kind)
{
    switch (kind) {
    case LB_ARCHIVE_MEETING: return "meetings";
    case LB_ARCHIVE_AGENDA_ITEM: return "agendaitems";
    case LB_ARCHIVE_DOSSIER: return "dossiers";
    }
    return "?";
}

bool arc_is_submitted(const char *status)
{
    return status && (strcmp(status, "Ingediend") == 0 || strcmp(status, "Gepubliceerd") == 0);
}

bool arc_kind_from_bron_type(const char *s, lb_archive_kind *kind)
{
    static const lb_archive_kind kinds[] = {LB_ARCHIVE_MEETING, LB_ARCHIVE_AGENDA_ITEM,
                                            LB_ARCHIVE_DOSSIER};
    for (size_t i = 0; s && i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(s, arc_bron_type(kinds[i])) == 0) {
            *kind = kinds[i];
            return true;
        }
    return false;
}

void arc_date(lb_time t, char out[11])
{
    out[0] = '\0';
    if (t == LB_TIME_NULL)
        return;
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm))
        return;
    if (tm.tm_year < -1899 || tm.tm_year > 8099)
        return;
    char buf[32];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    memcpy(out, buf, 11);
    out[10] = '\0';
}

char *arc_strdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* Cuts S (NUL-terminated, malloc'd) after MAX characters, never inside one. */
static char *cut_chars(char *s, size_t max)
{
    if (!s)
        return NULL;
    size_t chars = 0;
    for (char *p = s; *p; p++) {
        if (((unsigned char)*p & 0xC0) == 0x80)
            continue;
        if (chars++ == max) {
            *p = '\0';
            break;
        }
    }
    return s;
}

static char *printf_dup(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *printf_dup(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *s = malloc((size_t)n + 1);
    if (!s)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

char *arc_dossier_naam(const arc_source *s)
{
    char *n = NULL;
    switch (s->kind) {
    case LB_ARCHIVE_MEETING: n = strdup(or_empty(s->name)); break;
    case LB_ARCHIVE_AGENDA_ITEM:
        /* The deck shows "Agendapunt 3 - 01/11"; with the meeting's name the
         * naam stays unique within the series. */
        n = printf_dup("%s - Agendapunt %d", or_empty(s->meeting_name), s->item_number);
        break;
    case LB_ARCHIVE_DOSSIER:
        n = s->number && *s->number ? printf_dup("%s %s", s->number, or_empty(s->name))
                                    : strdup(or_empty(s->name));
        break;
    }
    return cut_chars(n, NAAM_MAX);
}

char *arc_dossier_naam_unique(const char *naam, const char *id)
{
    /* The whole id: unique, and it leads the archivist back to the record. */
    char head[40];
    snprintf(head, sizeof head, "%s", or_empty(id));
    char *base = cut_chars(strdup(or_empty(naam)), NAAM_MAX - 3 - strlen(head));
    if (!base)
        return NULL;
    char *n = printf_dup("%s (%s)", base, head);
    free(base);
    return n;
}

char *arc_dossier_beschrijving(const arc_source *s)
{
    static const char *const maanden[] = {"januari",   "februari", "maart",    "april",
                                          "mei",       "juni",     "juli",     "augustus",
                                          "september", "oktober",  "november", "december"};
    switch (s->kind) {
    case LB_ARCHIVE_MEETING: {
        time_t tt = (time_t)s->begin;
        struct tm tm;
        if (s->begin != LB_TIME_NULL && gmtime_r(&tt, &tm))
            return printf_dup("%s van %d %s %d", or_empty(s->type_name), tm.tm_mday,
                              maanden[tm.tm_mon], tm.tm_year + 1900);
        return strdup(or_empty(s->type_name));
    }
    case LB_ARCHIVE_AGENDA_ITEM: return strdup(or_empty(s->name));
    case LB_ARCHIVE_DOSSIER:
        if (s->department && *s->department)
            return printf_dup("%s, %s", or_empty(s->type_name), s->department);
        return strdup(or_empty(s->type_name));
    }
    return NULL;
}

void arc_dossier_dates(const arc_source *s, char open[11], char close[11])
{
    arc_date(s->begin, open);
    arc_date(s->end, close);
    /* A meeting without an end closes the day it began. */
    if (s->kind != LB_ARCHIVE_DOSSIER && !close[0])
        memcpy(close, open, 11);
}

const char *arc_ext_value(const arc_source *s, const char *naam, char *buf, size_t size)
{
    bool meeting = s->kind != LB_ARCHIVE_DOSSIER;
    const char *v = NULL;
    if (strcmp(naam, "Dossier - Vergaderorgaan") == 0) {
        v = meeting ? s->type_name : NULL;
    } else if (strcmp(naam, "Dossier - Data - Vergaderdatum") == 0) {
        if (meeting && s->begin != LB_TIME_NULL && size >= 11) {
            arc_date(s->begin, buf);
            return buf[0] ? buf : NULL;
        }
    } else if (strcmp(naam, "Dossier - Auteur") == 0) {
        v = meeting ? s->owner_name : NULL;
    } else if (strcmp(naam, "Dossier - Organisatiestructuur - Team") == 0) {
        if (s->kind == LB_ARCHIVE_MEETING)
            v = s->owner_type && strcmp(s->owner_type, "team") == 0 ? s->owner_name : NULL;
        else
            v = s->department;
    }
    if (!v || !*v)
        return NULL;
    snprintf(buf, size, "%s", v);
    return buf;
}

const char *arc_ext_missing(const arc_source *s, const arc_ext_def *defs, size_t n)
{
    char buf[512];
    for (size_t i = 0; i < n; i++) {
        if (!defs[i].verplicht)
            continue;
        /* Nothing of a record fills a piece-level (stuk) extension. */
        if (strcmp(defs[i].niveau, "dossier") != 0 ||
            !arc_ext_value(s, defs[i].naam, buf, sizeof buf))
            return defs[i].naam;
    }
    return NULL;
}

char *arc_base64(const void *data, size_t len)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const unsigned char *p = data;
    if (len > (SIZE_MAX - 1) / 4 * 3 - 3)
        return NULL;
    char *out = malloc((len + 2) / 3 * 4 + 1), *o = out;
    if (!out)
        return NULL;
    size_t i = 0;
    for (; i + 2 < len; i += 3) {
        unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 | p[i + 2];
        *o++ = tab[v >> 18 & 63];
        *o++ = tab[v >> 12 & 63];
        *o++ = tab[v >> 6 & 63];
        *o++ = tab[v & 63];
    }
    if (i < len) {
        unsigned v = (unsigned)p[i] << 16 | (i + 1 < len ? (unsigned)p[i + 1] << 8 : 0);
        *o++ = tab[v >> 18 & 63];
        *o++ = tab[v >> 12 & 63];
        *o++ = i + 1 < len ? tab[v >> 6 & 63] : '=';
        *o++ = '=';
    }
    *o = '\0';
    return out;
}

bool arc_is_guid(const char *s)
{
    if (!s || strlen(s) != 36)
        return false;
    for (int i = 0; i < 36; i++) {
        char c = s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-')
                return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            return false;
        }
    }
    return true;
}

void arc_source_of_meeting(arc_source *s, const lb_meeting *m)
{
    s->meeting_name = m->name;
    s->owner_name = m->owner_name;
    s->owner_type = m->owner_type;
    s->location = m->location;
    s->begin = m->begin;
    s->end = m->end;
}
