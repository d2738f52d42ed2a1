/* seed.c — fills a new database with a useful, deterministic demo: series,
 * types, ten years of meetings with agenda items and documents, dossiers,
 * meldingen. One transaction, prepared statements, synchronous=OFF while
 * seeding (a crash while seeding just means seeding again). */
#include "config.h"

#include "sim/seed.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "sim/db.h"
#include "sim/text_util.h"

#define T_2016 1451606400L /* 2016-01-01T00:00:00Z */
#define T_2019 1546300800L
#define T_END  1761868800L /* 2026-10-31T00:00:00Z: nothing in the future */
#define DAY    86400L

typedef struct seeder {
    sqlite3 *db;
    sim_rng rng;
    const sim_seed_options *o;
    long long rowversion;
    uint64_t guid_seq;
    sqlite3_stmt *meeting, *item, *document, *dossier, *melding, *attachment;
    int failed;
} seeder;

/* Seeded ids are sequential GUIDs (as Dataverse's are): increasing in
 * their first 48 bits, random in the rest. They keep B-tree inserts in
 * order, which makes seeding a large database several times faster. */
static void seq_guid(seeder *s, char *out)
{
    /* Hand-written hex: this runs millions of times at large scales. */
    static const char hex[] = "0123456789abcdef";
    uint64_t n = ++s->guid_seq, r = sim_rng_next(&s->rng), r2 = sim_rng_next(&s->rng);
    char digits[32];
    for (int i = 11; i >= 0; i--, n >>= 4)
        digits[i] = hex[n & 15];
    for (int i = 12; i < 32; i++, r >>= 4) {
        if (i == 28)
            r = r2;
        digits[i] = hex[r & 15];
    }
    digits[12] = '4';                     /* version 4 */
    digits[16] = hex[8 + (r2 >> 60 & 3)]; /* RFC 4122 variant */
    for (int i = 0, o = 0; i < 32; i++) {
        if (i == 8 || i == 12 || i == 16 || i == 20)
            out[o++] = '-';
        out[o++] = digits[i];
    }
    out[36] = '\0';
}

static const char *pick(seeder *s, const sim_name_list *l)
{
    return l->items[sim_rng_range(&s->rng, 0, (long)l->n - 1)];
}

/* Replaces the first "%s" in TMPL by ARG (templates come from tables, so
 * no printf with a variable format). */
static void fill(char *out, size_t size, const char *tmpl, const char *arg)
{
    const char *m = strstr(tmpl, "%s");
    if (!m) {
        snprintf(out, size, "%s", tmpl);
        return;
    }
    snprintf(out, size, "%.*s%s%s", (int)(m - tmpl), tmpl, arg, m + 2);
}

static void person(seeder *s, char *out, size_t size)
{
    snprintf(out, size, "%s %s", pick(s, &sim_first_names), pick(s, &sim_last_names));
}

static void step(seeder *s, sqlite3_stmt *st)
{
    if (sqlite3_step(st) != SQLITE_DONE && !s->failed) {
        fprintf(stderr, "lbbus-sim: seeding failed: %s\n", sqlite3_errmsg(s->db));
        s->failed = 1;
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}

/* Every bound buffer outlives the step that uses it: no copies. */
static void bt(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

static void hex64(seeder *s, char *out)
{
    for (int i = 0; i < 4; i++)
        snprintf(out + 16 * i, 17, "%016llx", (unsigned long long)sim_rng_next(&s->rng));
}

/* A tiny valid one-page PDF showing TEXT (ASCII only in the page). */
static size_t make_pdf(const char *text, char *out, size_t size)
{
    char line[200];
    size_t n = 0;
    for (const char *p = text; *p && n < sizeof line - 3; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '(' || c == ')' || c == '\\')
            line[n++] = '\\';
        line[n++] = (c >= 32 && c < 127) ? (char)c : '?';
    }
    line[n] = '\0';
    char stream[300];
    int slen = snprintf(stream, sizeof stream, "BT /F1 12 Tf 72 770 Td (%s) Tj ET", line);
    long off[6];
    size_t len = 0;
#define PUT(...) len += (size_t)snprintf(out + len, size - len, __VA_ARGS__)
    PUT("%%PDF-1.4\n");
    off[1] = (long)len;
    PUT("1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n");
    off[2] = (long)len;
    PUT("2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n");
    off[3] = (long)len;
    PUT("3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
        "/Resources<</Font<</F1 5 0 R>>>>>>endobj\n");
    off[4] = (long)len;
    PUT("4 0 obj<</Length %d>>stream\n%s\nendstream endobj\n", slen, stream);
    off[5] = (long)len;
    PUT("5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n");
    long xref = (long)len;
    PUT("xref\n0 6\n0000000000 65535 f \n");
    for (int i = 1; i <= 5; i++)
        PUT("%010ld 00000 n \n", off[i]);
    PUT("trailer<</Size 6/Root 1 0 R>>\nstartxref\n%ld\n%%%%EOF\n", xref);
#undef PUT
    return len;
}

static void add_document(seeder *s, const char *type, const char *regarding, const char *name,
                         const char *text, bool pdf, const char *created)
{
    char buf[1200], id[37], sha[65];
    size_t len;
    if (pdf) {
        len = make_pdf(text, buf, sizeof buf);
    } else {
        len =
            (size_t)snprintf(buf, sizeof buf, "%s\n\nGemeente Dilbeek \u2014 %s\n", text, created);
        if (len >= sizeof buf)
            len = sizeof buf - 1;
    }
    seq_guid(s, id);
    sim_sha256_hex(buf, len, sha);
    sqlite3_stmt *st = s->document;
    bt(st, 1, id);
    bt(st, 2, type);
    bt(st, 3, regarding);
    bt(st, 4, name);
    bt(st, 5, pdf ? "application/pdf" : "text/plain");
    sqlite3_bind_int64(st, 6, (long long)len);
    bt(st, 7, sha);
    bt(st, 8, created);
    sqlite3_bind_blob(st, 9, buf, (int)len, SQLITE_STATIC);
    sqlite3_bind_int64(st, 10, ++s->rowversion);
    step(s, st);
}

/* ---- series and types ---- */

typedef struct series_def {
    const char *naam, *van, *tot, *status;
    bool meeting;
} series_def;

static const series_def series_defs[] = {
    {"Notulen en besluiten van de gemeenteraad", "2000-01-01", NULL, "Published", true},
    {"Notulen en besluiten van het college", "2000-01-01", NULL, "Published", true},
    {"Verslagen van de algemene vergadering", "2019-01-01", NULL, "Published", true},
    {"Notulen van de raad voor maatschappelijk welzijn", "2000-01-01", NULL, "Published", true},
    {"Notulen van het vast bureau", "2000-01-01", "2025-12-31", "Published", true},
    {"Verslagen van de gemeenteraadscommissies", "2000-01-01", NULL, "Published", true},
    {"Notulen van het bijzonder comit\u00e9 voor de sociale dienst", "2000-01-01", NULL,
     "Submitted", true},
    {"Evenementendossiers", "2010-01-01", NULL, "Published", false},
    {"Subsidiedossiers regenwaterput (10 jaar)", "2010-01-01", NULL, "Published", false},
    {"Omgevingsvergunningen", "2017-01-01", NULL, "Published", false},
    {"Bewonersparkeerkaarten", "2015-01-01", NULL, "Published", false},
};
#define NSERIES (sizeof series_defs / sizeof series_defs[0])

typedef struct mtype_def {
    const char *name, *abbr;
    int parent; /* index or -1 */
    int series; /* index or -1: no DAV series */
    int weight, items_lo, items_hi;
    const char *hour; /* UTC start time */
} mtype_def;

static const mtype_def mtype_defs[] = {
    {"Gemeenteraad", "GR", -1, 0, 10, 20, 80, "18:00:00"},
    {"College van burgemeester en schepenen", "CBS", -1, 1, 40, 8, 30, "07:00:00"},
    {"Algemene vergadering", "AV", -1, 2, 6, 4, 12, "17:30:00"},
    {"Raad voor Maatschappelijk Welzijn", "RMW", -1, 3, 8, 5, 20, "18:30:00"},
    {"Vast Bureau", "VB", -1, 4, 12, 4, 15, "08:00:00"},
    {"Commissie Financi\u00ebn", "CFIN", 0, 5, 6, 3, 10, "18:00:00"},
    {"Commissie Ruimtelijke Ordening", "CRO", 0, 5, 5, 3, 10, "18:00:00"},
    {"Commissie Welzijn en Zorg", "CWZ", 3, 5, 4, 3, 8, "17:00:00"},
    {"Bijzonder Comit\u00e9 voor de Sociale Dienst", "BCSD", 3, 6, 5, 4, 14, "13:00:00"},
    {"Adviesraad Cultuur", "ARC", -1, -1, 4, 3, 8, "19:00:00"},
};
#define NMTYPES (sizeof mtype_defs / sizeof mtype_defs[0])

typedef struct dtype_def {
    const char *name, *form, *department, *prefix;
    int series;
} dtype_def;

static const dtype_def dtype_defs[] = {
    {"Evenement", "Evenementenloket - Evenementenformulier", "Dienst Economie", "EV", 7},
    {"Subsidie regenwaterput", "Subsidieloket - Aanvraag regenwaterput", "Dienst Omgeving", "SR",
     8},
    {"Omgevingsvergunning", "Omgevingsloket - Melding en vergunning", "Dienst Omgeving", "OV", 9},
    {"Bewonersparkeerkaart", "Burgerzaken - Aanvraag parkeerkaart", "Dienst Burgerzaken", "PK", 10},
    {"Klacht", "Klachtenformulier", "Secretariaat", "KL", -1},
};
#define NDTYPES (sizeof dtype_defs / sizeof dtype_defs[0])

typedef struct ids {
    char series[NSERIES][65];
    char mtype[NMTYPES][37];
    char dtype[NDTYPES][37];
} ids;

static void seed_fixed(seeder *s, ids *id)
{
    sim_db_exec(s->db, "INSERT INTO statuscodes VALUES"
                       "('meeting',0,1,'In verwerking'),('meeting',0,2,'Agenda afgesloten'),"
                       "('meeting',0,3,'Definitief'),('meeting',1,4,'Definitief afgesloten'),"
                       "('agendaitem',0,1,'Ontwerp'),('agendaitem',0,2,'Geagendeerd'),"
                       "('agendaitem',1,3,'Behandeld'),"
                       "('dossier',0,1,'Nieuw'),('dossier',0,2,'In behandeling'),"
                       "('dossier',1,3,'Afgehandeld'),('dossier',1,4,'Geannuleerd')");
    sqlite3_stmt *ser = NULL, *ext = NULL, *mt = NULL, *dt = NULL;
    sqlite3_prepare_v2(s->db, "INSERT INTO series VALUES(?1,?2,?3,?4,?5,'OVO02053',?6,?7)", -1,
                       &ser, NULL);
    sqlite3_prepare_v2(s->db, "INSERT INTO series_ext VALUES(?1,?2,?3,?4,?5,?6)", -1, &ext, NULL);
    sqlite3_prepare_v2(s->db,
                       "INSERT INTO meeting_types VALUES(?1,?2,?3,?4,'Per dienst en alfabetisch',"
                       "?5,'Uitgebreid',?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16)",
                       -1, &mt, NULL);
    sqlite3_prepare_v2(s->db, "INSERT INTO dossier_types VALUES(?1,?2,?3,?4,?5,?6,?7,?8)", -1, &dt,
                       NULL);
    if (!ser || !ext || !mt || !dt) {
        s->failed = 1;
        goto out;
    }
    for (size_t i = 0; i < NSERIES; i++) {
        const series_def *d = &series_defs[i];
        hex64(s, id->series[i]);
        bt(ser, 1, id->series[i]);
        bt(ser, 2, d->naam);
        bt(ser, 3, d->status);
        bt(ser, 4, d->van);
        bt(ser, 5, d->tot);
        bt(ser, 6, "Gemeente Dilbeek (Secretariaat en Archief)");
        bt(ser, 7, "Gemeente Dilbeek");
        step(s, ser);
        /* Meeting series require the body and the date; dossier series the team. */
        struct {
            const char *naam, *niveau, *type;
            bool req;
        } exts[] = {
            {"Dossier - Vergaderorgaan", "dossier", "tekst", d->meeting},
            {"Dossier - Data - Vergaderdatum", "dossier", "datum", d->meeting},
            {"Dossier - Auteur", "dossier", "tekst", false},
            {"Dossier - Organisatiestructuur - Team", "dossier", "tekst", !d->meeting},
            {"Stuk - Documenttype", "stuk", "tekst", false},
        };
        int ord = 0;
        for (size_t e = 0; e < sizeof exts / sizeof exts[0]; e++) {
            if (!d->meeting && e < 2)
                continue;
            bt(ext, 1, id->series[i]);
            sqlite3_bind_int(ext, 2, ord++);
            bt(ext, 3, exts[e].naam);
            bt(ext, 4, exts[e].niveau);
            sqlite3_bind_int(ext, 5, exts[e].req);
            bt(ext, 6, exts[e].type);
            step(s, ext);
        }
    }
    for (size_t i = 0; i < NMTYPES; i++)
        seq_guid(s, id->mtype[i]);
    for (size_t i = 0; i < NMTYPES; i++) {
        const mtype_def *d = &mtype_defs[i];
        char modified[21];
        sim_iso_time(T_2016 + sim_rng_range(&s->rng, 0, 3000) * DAY, modified);
        bt(mt, 1, id->mtype[i]);
        bt(mt, 2, d->name);
        bt(mt, 3, d->abbr);
        bt(mt, 4, d->parent >= 0 ? id->mtype[d->parent] : NULL);
        sqlite3_bind_int(mt, 5, (int)(i % 2));
        sqlite3_bind_int(mt, 6, i < 2);
        bool team = i % 3 != 2;
        bt(mt, 7,
           team ? "8e0f2a3b-4c5d-4e6f-9a7b-8c9d0e1f2a3b" : "0b6f3a1e-2c4d-4e8f-9a0b-1c2d3e4f5a61");
        bt(mt, 8, team ? "Secretariaat" : "An Peeters");
        bt(mt, 9, team ? "team" : "systemuser");
        bt(mt, 10, d->series >= 0 ? id->series[d->series] : NULL);
        sqlite3_bind_int(mt, 11, i < 4);
        sqlite3_bind_int(mt, 12, i == 0);
        sqlite3_bind_int(mt, 13, i < 2);
        bt(mt, 14, i == 0 ? "Zittingen van de gemeenteraad, openbaar en besloten." : NULL);
        bt(mt, 15, modified);
        sqlite3_bind_int64(mt, 16, ++s->rowversion);
        step(s, mt);
    }
    for (size_t i = 0; i < NDTYPES; i++) {
        const dtype_def *d = &dtype_defs[i];
        char modified[21];
        seq_guid(s, id->dtype[i]);
        sim_iso_time(T_2016 + sim_rng_range(&s->rng, 0, 3000) * DAY, modified);
        bt(dt, 1, id->dtype[i]);
        bt(dt, 2, d->name);
        bt(dt, 3, d->form);
        bt(dt, 4, d->department);
        bt(dt, 5, d->prefix);
        bt(dt, 6, d->series >= 0 ? id->series[d->series] : NULL);
        bt(dt, 7, modified);
        sqlite3_bind_int64(dt, 8, ++s->rowversion);
        step(s, dt);
    }
out:
    sqlite3_finalize(ser);
    sqlite3_finalize(ext);
    sqlite3_finalize(mt);
    sqlite3_finalize(dt);
}

/* ---- meetings and agenda items ---- */

static int pick_mtype(seeder *s)
{
    int total = 0;
    for (size_t i = 0; i < NMTYPES; i++)
        total += mtype_defs[i].weight;
    long r = sim_rng_range(&s->rng, 0, total - 1);
    for (size_t i = 0; i < NMTYPES; i++) {
        r -= mtype_defs[i].weight;
        if (r < 0)
            return (int)i;
    }
    return 0;
}

static void seed_meeting(seeder *s, const ids *id, long n)
{
    int t = pick_mtype(s);
    const mtype_def *d = &mtype_defs[t];
    time_t day = T_2016 + sim_rng_range(&s->rng, 0, (T_END - T_2016) / DAY - 1) * DAY;
    char date[21], begin[21], end[21], name[64], mid[37], modified[21];
    sim_iso_time(day, date);
    snprintf(begin, sizeof begin, "%.10sT%sZ", date, d->hour);
    struct tm tm;
    gmtime_r(&day, &tm);
    if (strcmp(d->abbr, "AV") == 0)
        snprintf(name, sizeof name, "AV %02d/%02d", tm.tm_mday, tm.tm_mon + 1);
    else
        snprintf(name, sizeof name, "%s %04d%02d%02d", d->abbr, tm.tm_year + 1900, tm.tm_mon + 1,
                 tm.tm_mday);
    time_t tbegin = day + atoi(d->hour) * 3600L + atoi(d->hour + 3) * 60L;
    sim_iso_time(tbegin + sim_rng_range(&s->rng, 4, 14) * 900L, end);
    bool has_begin = sim_rng_unit(&s->rng) > 0.04;
    bool has_end = has_begin && sim_rng_unit(&s->rng) > 0.12;
    bool old = day < T_END - 240 * DAY;
    bool inactive = old ? sim_rng_unit(&s->rng) < 0.93 : sim_rng_unit(&s->rng) < 0.2;
    int status = inactive ? 4 : (int)sim_rng_range(&s->rng, 1, 3);
    sim_iso_time(tbegin + sim_rng_range(&s->rng, 1, 30) * DAY, modified);
    const char *location = sim_rng_unit(&s->rng) < 0.1 ? NULL : pick(s, &sim_locations);
    if (n == 3 && !s->o->clean_text)
        location = sim_hostile[0];
    bool team = sim_rng_unit(&s->rng) < 0.7;
    seq_guid(s, mid);
    sqlite3_stmt *st = s->meeting;
    bt(st, 1, mid);
    bt(st, 2, name);
    bt(st, 3, id->mtype[t]);
    bt(st, 4, has_begin ? begin : NULL);
    bt(st, 5, has_end ? end : NULL);
    bt(st, 6, location);
    sqlite3_bind_int(st, 7, inactive);
    sqlite3_bind_int(st, 8, status);
    bt(st, 9,
       team ? "8e0f2a3b-4c5d-4e6f-9a7b-8c9d0e1f2a3b" : "1c7a4b2f-3d5e-4f90-8b1c-2d3e4f5a6b72");
    bt(st, 10, team ? "Secretariaat" : "Bram Claes");
    bt(st, 11, team ? "team" : "systemuser");
    bt(st, 12, modified);
    sqlite3_bind_int64(st, 13, ++s->rowversion);
    step(s, st);

    char docname[96], text[160];
    snprintf(docname, sizeof docname, "Agenda %s.txt", name);
    snprintf(text, sizeof text, "Agenda van de zitting %s (%s)", name, d->name);
    add_document(s, "meeting", mid, docname, text, false, begin);
    if (inactive) {
        snprintf(docname, sizeof docname, "Notulen %s.pdf", name);
        snprintf(text, sizeof text, "Notulen %s", name);
        add_document(s, "meeting", mid, docname, text, true, end);
    }

    long items = sim_rng_range(&s->rng, d->items_lo, d->items_hi);
    for (long k = 1; k <= items; k++) {
        char iid[37], title[256], arg[64];
        const char *tmpl = k == 1 ? sim_agenda_titles.items[0] : pick(s, &sim_agenda_titles);
        if (strstr(tmpl, "Molenstraat"))
            snprintf(arg, sizeof arg, "%ld", sim_rng_range(&s->rng, 1, 180));
        else if (strstr(tmpl, "Fuif"))
            snprintf(arg, sizeof arg, "%s", pick(s, &sim_first_names));
        else
            snprintf(arg, sizeof arg, "%s", pick(s, &sim_last_names));
        fill(title, sizeof title, tmpl, arg);
        if (n == 1 && k == 2 && !s->o->clean_text)
            snprintf(title, sizeof title, "%s", sim_hostile[5]);
        int istatus = inactive ? 3 : (int)sim_rng_range(&s->rng, 1, 2);
        seq_guid(s, iid);
        st = s->item;
        bt(st, 1, iid);
        bt(st, 2, mid);
        sqlite3_bind_int64(st, 3, k);
        bt(st, 4, title);
        bt(st, 5, pick(s, &sim_departments));
        sqlite3_bind_int(st, 6, inactive);
        sqlite3_bind_int(st, 7, istatus);
        bt(st, 8, modified);
        sqlite3_bind_int64(st, 9, ++s->rowversion);
        step(s, st);
        if (sim_rng_unit(&s->rng) < 0.12) {
            snprintf(docname, sizeof docname, "Besluit punt %ld.pdf", k);
            add_document(s, "agendaitem", iid, docname, title, true, begin);
        }
    }
}

/* ---- dossiers ---- */

static void seed_dossier(seeder *s, const ids *id, long n)
{
    int t = (int)sim_rng_range(&s->rng, 0, (long)NDTYPES - 1);
    const dtype_def *d = &dtype_defs[t];
    time_t opened = T_2016 + sim_rng_range(&s->rng, 0, (T_END - T_2016) / DAY - 1) * DAY +
                    sim_rng_range(&s->rng, 7, 17) * 3600L;
    char opened_s[21], closed_s[21], number[32], name[160], customer[96], did[37];
    struct tm tm;
    gmtime_r(&opened, &tm);
    snprintf(number, sizeof number, "%s-%04d-%04ld", d->prefix, tm.tm_year + 1900,
             (n * 7 + 414) % 10000);
    sim_iso_time(opened, opened_s);
    time_t closed = opened + sim_rng_range(&s->rng, 10, 200) * DAY;
    bool inactive = closed < T_END - 30 * DAY && sim_rng_unit(&s->rng) < 0.8;
    sim_iso_time(closed, closed_s);
    const char *ctype;
    long c = sim_rng_range(&s->rng, 0, 9);
    if (c < 6) {
        ctype = "burger";
        person(s, customer, sizeof customer);
    } else if (c < 8) {
        ctype = "onderneming";
        snprintf(customer, sizeof customer, "%s", pick(s, &sim_companies));
    } else {
        ctype = "vereniging";
        snprintf(customer, sizeof customer, "%s", pick(s, &sim_associations));
    }
    switch (t) {
    case 0: fill(name, sizeof name, pick(s, &sim_event_names), pick(s, &sim_first_names)); break;
    case 1: snprintf(name, sizeof name, "Regenwaterput %s", pick(s, &sim_last_names)); break;
    case 2:
        snprintf(name, sizeof name, "Verbouwing woning %s %ld", pick(s, &sim_streets),
                 sim_rng_range(&s->rng, 1, 200));
        break;
    case 3:
        snprintf(name, sizeof name, "Bewonerskaart %s %ld", pick(s, &sim_streets),
                 sim_rng_range(&s->rng, 1, 200));
        break;
    default: snprintf(name, sizeof name, "Klacht geluidsoverlast caf\u00e9"); break;
    }
    if (n == 0) { /* the deck's example */
        t = 0;
        d = &dtype_defs[0];
        snprintf(number, sizeof number, "EV-2021-0414");
        snprintf(name, sizeof name, "Fuif Thomas");
    }
    if (n == 2 && !s->o->clean_text)
        snprintf(name, sizeof name, "%s", sim_hostile[1]);
    int status =
        inactive ? (sim_rng_unit(&s->rng) < 0.85 ? 3 : 4) : (int)sim_rng_range(&s->rng, 1, 2);
    int stage = inactive ? 50 : (int)sim_rng_range(&s->rng, 1, 4) * 10;
    seq_guid(s, did);
    sqlite3_stmt *st = s->dossier;
    bt(st, 1, did);
    bt(st, 2, number);
    bt(st, 3, name);
    bt(st, 4, id->dtype[t]);
    bt(st, 5, d->department);
    sqlite3_bind_int(st, 6, stage);
    sqlite3_bind_int(st, 7, inactive);
    sqlite3_bind_int(st, 8, status);
    bt(st, 9, customer);
    bt(st, 10, ctype);
    bt(st, 11, opened_s);
    bt(st, 12, inactive ? closed_s : NULL);
    bt(st, 13, inactive ? closed_s : opened_s);
    sqlite3_bind_int64(st, 14, ++s->rowversion);
    step(s, st);
    char text[256];
    snprintf(text, sizeof text, "Aanvraag %s %.160s", number, name);
    add_document(s, "dossier", did, "Aanvraagformulier.pdf", text, true, opened_s);
}

/* ---- meldingen ---- */

#define categories  sim_melding_categories
#define NCATEGORIES sim_nmelding_categories

static const unsigned char tiny_png[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
    0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
    0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78,
    0x9c, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00,
    0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};

#define HOSTILE_STREET "Vlamingstraat"

/* Every hostile string in one text, separated by " | ". */
static const char *join_hostile(char *buf, size_t size)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; sim_hostile[i] && o < size; i++)
        o += (size_t)snprintf(buf + o, size - o, "%s%s", i ? " | " : "", sim_hostile[i]);
    return buf;
}

static void seed_melding(seeder *s, long n, char *long_text)
{
    const char *kanalen[] = {"mijnburgerprofiel", "website", "telefoon"};
    const char *systemen[] = {"Dynamics", "Topdesk", "3P", "BCT", "Omnitracker"};
    const char *refpfx[] = {"CAS", "TD", "3P", "BCT", "OT"};
    size_t c = (size_t)sim_rng_range(&s->rng, 0, (long)NCATEGORIES - 1);
    time_t at = T_2019 + sim_rng_range(&s->rng, 0, (T_END - T_2019) - 1);
    char ontvangen[21], nummer[24], mid[37], titel[160], beschrijving[400], adres[160],
        geometrie[64], indiener[96], email[128], tel[32], behandelaar[96], webpagina[128];
    sim_iso_time(at, ontvangen);
    snprintf(nummer, sizeof nummer, "M-%.4s-%06ld", ontvangen, (n + 1) % 1000000);
    snprintf(titel, sizeof titel, "%s", categories[c].sublabel);
    char arg[16];
    snprintf(arg, sizeof arg, "%ld", sim_rng_range(&s->rng, 1, 150));
    fill(beschrijving, sizeof beschrijving, pick(s, &sim_melding_texts), arg);
    const char *desc = beschrijving;
    char all_hostile[1024];
    if (!s->o->clean_text && n < 10) {
        /* A few descriptions carry the hostile strings, one the 50 kB text;
         * melding 8 carries all of them at once. */
        if (n == 9 && long_text)
            desc = long_text;
        else if (n < 8)
            desc = sim_hostile[n];
        else
            desc = join_hostile(all_hostile, sizeof all_hostile);
    }
    snprintf(adres, sizeof adres, "%s %ld, %s", pick(s, &sim_streets),
             sim_rng_range(&s->rng, 1, 220), pick(s, &sim_towns));
    if (!s->o->clean_text && n == 8) /* a street of its own, to find it by */
        snprintf(adres, sizeof adres, "%s", HOSTILE_STREET " 8, 3000 Leuven");
    double lon = 2.5 + sim_rng_unit(&s->rng) * 3.4, lat = 50.7 + sim_rng_unit(&s->rng) * 0.8;
    snprintf(geometrie, sizeof geometrie, "POINT(%.4f %.4f)", lon, lat);
    bool has_geo = sim_rng_unit(&s->rng) > 0.05;
    long st_i = sim_rng_range(&s->rng, 0, 4);
    static const char *const codes[] = {"ONTV", "INBEH", "DOORG", "AFGEH", "GEWEIG"};
    static const char *const labels[] = {"Ontvangen", "In behandeling", "Doorgestuurd",
                                         "Afgehandeld", "Geweigerd"};
    person(s, behandelaar, sizeof behandelaar);
    /* Status history: received, then the steps up to the current status. */
    cJSON *hist = cJSON_CreateArray();
    long steps_to[] = {0, 1, 2, 3, 1};
    for (long k = 0; k <= steps_to[st_i]; k++) {
        long code = (st_i == 4 && k == 1) ? 4 : k;
        cJSON *h = cJSON_CreateObject();
        cJSON *stt = cJSON_AddObjectToObject(h, "status");
        cJSON_AddStringToObject(stt, "code", codes[code]);
        cJSON_AddStringToObject(stt, "label", labels[code]);
        char when[21];
        sim_iso_time(at + k * sim_rng_range(&s->rng, 3600, 5 * DAY), when);
        cJSON_AddStringToObject(h, "datum", when);
        cJSON_AddStringToObject(h, "actor", k == 0 ? "Mijn Burgerprofiel" : behandelaar);
        if (k == 0)
            cJSON_AddNullToObject(h, "beschrijving");
        else
            cJSON_AddStringToObject(h, "beschrijving", "Doorgestuurd naar de bevoegde dienst.");
        cJSON_AddItemToArray(hist, h);
    }
    char *hist_text = cJSON_PrintUnformatted(hist);
    cJSON_Delete(hist);
    cJSON *types = cJSON_CreateArray();
    cJSON *ty = cJSON_CreateObject();
    cJSON_AddStringToObject(ty, "code", categories[c].sub);
    cJSON_AddStringToObject(ty, "label", categories[c].sublabel);
    cJSON_AddItemToArray(types, ty);
    char *types_text = cJSON_PrintUnformatted(types);
    cJSON_Delete(types);

    long it = sim_rng_range(&s->rng, 0, 9);
    const char *itype = it < 7 ? "burger" : it < 9 ? "organisatie" : "applicatie";
    if (it < 7)
        person(s, indiener, sizeof indiener);
    else if (it < 9)
        snprintf(indiener, sizeof indiener, "%s", pick(s, &sim_companies));
    else
        snprintf(indiener, sizeof indiener, "Mijn Burgerprofiel");
    snprintf(email, sizeof email, "melder%ld@example.com", n + 1);
    snprintf(tel, sizeof tel, "+32 470 %02ld %02ld %02ld", sim_rng_range(&s->rng, 10, 99),
             sim_rng_range(&s->rng, 10, 99), sim_rng_range(&s->rng, 10, 99));
    snprintf(webpagina, sizeof webpagina, "https://www.leuven.example/meldingen/%s", nummer);
    long sys = sim_rng_range(&s->rng, 0, 4);
    char ref[32];
    snprintf(ref, sizeof ref, "%s-%06ld", refpfx[sys], sim_rng_range(&s->rng, 1000, 999999));
    bool routed = st_i != 0;
    seq_guid(s, mid);

    sqlite3_stmt *st = s->melding;
    bt(st, 1, mid);
    bt(st, 2, nummer);
    bt(st, 3, titel);
    bt(st, 4, sim_rng_unit(&s->rng) < 0.7 ? categories[c].label : NULL);
    bt(st, 5, types_text);
    bt(st, 6, categories[c].code);
    bt(st, 7, categories[c].label);
    bt(st, 8, desc);
    bt(st, 9, has_geo ? geometrie : NULL);
    bt(st, 10, adres);
    bt(st, 11, kanalen[sim_rng_range(&s->rng, 0, 2)]);
    bt(st, 12, routed ? systemen[sys] : NULL);
    bt(st, 13, routed ? ref : NULL);
    bt(st, 14, codes[st_i]);
    bt(st, 15, labels[st_i]);
    bt(st, 16, hist_text);
    bt(st, 17, itype);
    bt(st, 18, indiener);
    bt(st, 19, it < 9 ? email : NULL);
    bt(st, 20, it < 7 ? tel : NULL);
    bt(st, 21, routed ? behandelaar : NULL);
    bt(st, 22, routed ? categories[c].team : NULL);
    bt(st, 23, sim_rng_unit(&s->rng) < 0.6 ? webpagina : NULL);
    bt(st, 24, ontvangen);
    sqlite3_bind_int64(st, 25, ++s->rowversion);
    step(s, st);
    free(hist_text);
    free(types_text);

    long natt = sim_rng_unit(&s->rng) < 0.3 ? sim_rng_range(&s->rng, 1, 2) : 0;
    for (long k = 0; k < natt; k++) {
        char aid[37];
        seq_guid(s, aid);
        st = s->attachment;
        bt(st, 1, aid);
        bt(st, 2, mid);
        sqlite3_bind_int64(st, 3, k);
        if (k == 0) {
            bt(st, 4, "foto.png");
            bt(st, 5, "image/png");
            sqlite3_bind_int64(st, 6, sizeof tiny_png);
            sqlite3_bind_blob(st, 7, tiny_png, sizeof tiny_png, SQLITE_STATIC);
        } else {
            bt(st, 4, "toelichting.txt");
            bt(st, 5, "text/plain");
            sqlite3_bind_int64(st, 6, (long long)strlen(beschrijving));
            sqlite3_bind_blob(st, 7, beschrijving, (int)strlen(beschrijving), SQLITE_STATIC);
        }
        step(s, st);
    }
    if (!s->o->clean_text && n == 8) {
        /* An attachment whose name tries to climb out of the download dir. */
        static const char passwd[] = "root:x:0:0:geen echt wachtwoordbestand\n"
                                     "\x1b[2J\x1b]0;pwned\x07"
                                     "einde\n";
        /* The melding's id with another tail: unique (the head is the
         * sequence) and no draw from the generator, so the rest of the seed
         * stays the same. */
        char aid[37];
        memcpy(aid, mid, sizeof aid);
        memcpy(aid + 24, "00000000beef", 12);
        st = s->attachment;
        bt(st, 1, aid);
        bt(st, 2, mid);
        sqlite3_bind_int64(st, 3, natt);
        bt(st, 4, "../../etc/passwd");
        bt(st, 5, "text/plain");
        sqlite3_bind_int64(st, 6, (long long)(sizeof passwd - 1));
        sqlite3_bind_blob(st, 7, passwd, (int)(sizeof passwd - 1), SQLITE_STATIC);
        step(s, st);
    }
}

static const char *const inserts[] = {
    "INSERT INTO meetings VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,NULL,NULL,?12,?13)",
    "INSERT INTO agenda_items VALUES(?1,?2,?3,?4,?5,?6,?7,NULL,NULL,?8,?9)",
    "INSERT INTO documents VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
    "INSERT INTO dossiers VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,NULL,NULL,?13,?14)",
    "INSERT INTO meldingen VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,"
    "?18,?19,?20,?21,?22,?23,?24,NULL,NULL,?25)",
    "INSERT INTO melding_attachments VALUES(?1,?2,?3,?4,?5,?6,?7)",
};

int sim_seed(sqlite3 *db, const sim_seed_options *o)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    seeder s = {.db = db, .rng = {o->seed ^ 0x4c42427573ull}, .o = o, .rowversion = 1000};
    /* The sequence starts somewhere different for every seed. */
    s.guid_seq = (sim_rng_next(&s.rng) % 0x7fffffffull + 0x10000000ull) << 16;
    sqlite3_stmt **stmts[] = {&s.meeting, &s.item,    &s.document,
                              &s.dossier, &s.melding, &s.attachment};
    /* No journal and a bigger page cache while seeding. The database is
     * marked seeded only at the end: one left half-seeded (a failure, an
     * interrupted start) is emptied and seeded again at the next start. */
    if (!sim_db_exec(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                         "PRAGMA cache_size=-32768; PRAGMA temp_store=MEMORY; BEGIN;"
                         "DELETE FROM statuscodes; DELETE FROM series; DELETE FROM series_ext;"
                         "DELETE FROM meeting_types; DELETE FROM dossier_types;"
                         "DELETE FROM meetings; DELETE FROM agenda_items; DELETE FROM documents;"
                         "DELETE FROM dossiers; DELETE FROM meldingen;"
                         "DELETE FROM melding_attachments;"
                         /* Secondary indexes are built once at the end (faster). */
                         "DROP INDEX IF EXISTS agenda_items_meeting;"
                         "DROP INDEX IF EXISTS documents_regarding;"
                         "DROP INDEX IF EXISTS melding_attachments_m;"))
        return -1;
    for (size_t i = 0; i < sizeof stmts / sizeof stmts[0]; i++)
        if (sqlite3_prepare_v2(db, inserts[i], -1, stmts[i], NULL) != SQLITE_OK) {
            fprintf(stderr, "lbbus-sim: seeding failed: %s\n", sqlite3_errmsg(db));
            s.failed = 1;
        }
    ids id;
    if (!s.failed)
        seed_fixed(&s, &id);
    long meetings = lround(600 * o->scale), dossiers = lround(300 * o->scale),
         meldingen = lround(400 * o->scale);
    char *long_text = o->clean_text ? NULL : sim_hostile_long_text();
    for (long n = 0; n < meetings && !s.failed; n++)
        seed_meeting(&s, &id, n);
    for (long n = 0; n < dossiers && !s.failed; n++)
        seed_dossier(&s, &id, n);
    for (long n = 0; n < meldingen && !s.failed; n++)
        seed_melding(&s, n, long_text);
    free(long_text);
    for (size_t i = 0; i < sizeof stmts / sizeof stmts[0]; i++)
        sqlite3_finalize(*stmts[i]);
    char sql[128];
    snprintf(sql, sizeof sql,
             "UPDATE meta SET v = %lld WHERE k='rowversion'; UPDATE meta SET v = 1 WHERE "
             "k='seeded'",
             s.rowversion);
    if (s.failed || !sim_db_exec(db, sql) ||
        !sim_db_exec(db, "CREATE INDEX IF NOT EXISTS meetings_name ON meetings(name);"
                         "CREATE INDEX IF NOT EXISTS agenda_items_meeting ON "
                         "agenda_items(meeting_id, number);"
                         "CREATE INDEX IF NOT EXISTS documents_regarding ON "
                         "documents(regarding_id);"
                         "CREATE INDEX IF NOT EXISTS melding_attachments_m ON "
                         "melding_attachments(melding_id, ord);"
                         "CREATE INDEX IF NOT EXISTS meetings_begin ON meetings(begin_on);"
                         "CREATE INDEX IF NOT EXISTS dossiers_number ON dossiers(number);"
                         "CREATE INDEX IF NOT EXISTS meldingen_ontvangen ON "
                         "meldingen(ontvangen_op)") ||
        !sim_db_exec(db, "COMMIT")) {
        sim_db_exec(db, "ROLLBACK");
        return -1;
    }
    if (!sim_db_exec(db, "PRAGMA cache_size=-2000; PRAGMA journal_mode=WAL;"
                         "PRAGMA synchronous=NORMAL"))
        return -1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    fprintf(stderr, "lbbus-sim: seeded %ld meetings, %ld dossiers, %ld meldingen in %.1f s\n",
            meetings, dossiers, meldingen,
            (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    return 0;
}
