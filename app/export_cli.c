/* export_cli.c — lbterm export ENTITY [--view V] [--format csv|json]
 * [--encoding utf8|cp1252] [--status S] [--type T] [--from DAY] [--to DAY]
 * [--output FILE|-] [--profile NAME]: loads the list the way its screen does
 * (same view, same default sort, same filters) and writes it with the
 * screen's own column texts through the shared writer (views/list_export.c). */
#include "config.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/cli_bus.h"
#include "app/cli_type.h"
#include "app/export_cli.h"
#include "client/bus.h"
#include "client/iso_time.h"
#include "client/lb_config.h"
#include "client/pager.h"
#include "client/transport.h"
#include "i18n/i18n.h"
#include "ui/text_fold.h"
#include "views/list_export.h"
#include "views/screens.h"

typedef struct {
    const lb_list_class *cls;
    const lb_list_preset *preset;
    const char *status, *type; /* exact filters, as on the screen; NULL: none */
    lb_time from, to;          /* the screen's date filter, inclusive; LB_TIME_NULL: open */
    lb_page **pages;
    size_t page_count;
    const void **rows;
    size_t count, cap;
    bool done, nomem;
    lb_error err;
} loader;

static bool keep(const loader *ld, const void *rec)
{
    const lb_list_class *c = ld->cls;
    if (ld->preset && ld->preset->keep && !ld->preset->keep(rec))
        return false;
    if (ld->status) {
        const char *s = c->record_status_label ? c->record_status_label(rec) : NULL;
        if (!s || strcmp(s, ld->status) != 0)
            return false;
    }
    if (ld->type) {
        const char *s = c->record_type ? c->record_type(rec) : NULL;
        if (!s || strcmp(s, ld->type) != 0)
            return false;
    }
    /* as record_list.c filters: a record without a date is not in any range */
    if (ld->from != LB_TIME_NULL || ld->to != LB_TIME_NULL) {
        lb_time t = c->record_date(rec);
        if (t == LB_TIME_NULL || (ld->from != LB_TIME_NULL && t < ld->from) ||
            (ld->to != LB_TIME_NULL && t > ld->to))
            return false;
    }
    return true;
}

static void on_page(void *user, lb_page *page, size_t index)
{
    loader *ld = user;
    (void)index;
    lb_page *kept = malloc(sizeof *kept);
    lb_page **pages = realloc(ld->pages, (ld->page_count + 1) * sizeof *pages);
    if (pages)
        ld->pages = pages;
    if (!kept || !pages) {
        free(kept);
        ld->nomem = true;
        return;
    }
    *kept = *page;
    lb_page_init(page);
    ld->pages[ld->page_count++] = kept;
    const unsigned char *items = kept->items;
    for (size_t i = 0; i < kept->count; i++) {
        const void *rec = items + i * ld->cls->record_size;
        if (!keep(ld, rec))
            continue;
        if (ld->count == ld->cap) {
            size_t cap = ld->cap ? ld->cap * 2 : 256;
            const void **rows = realloc(ld->rows, cap * sizeof *rows);
            if (!rows) {
                ld->nomem = true;
                return;
            }
            ld->rows = rows;
            ld->cap = cap;
        }
        ld->rows[ld->count++] = rec;
    }
}

static void on_done(void *user, const lb_error *err, size_t rows, size_t pages)
{
    loader *ld = user;
    (void)rows;
    (void)pages;
    ld->err = *err;
    ld->done = true;
}

/* The screen's default order (record_list.c): the class's default column,
 * then the id. */
static const lb_list_class *sort_cls;

static int compare_rows(const void *pa, const void *pb)
{
    const void *a = *(const void *const *)pa, *b = *(const void *const *)pb;
    const lb_list_column *c = &sort_cls->columns[sort_cls->default_sort];
    int r;
    if (c->compare) {
        r = c->compare(a, b);
    } else {
        char ta[512] = "", tb[512] = "";
        c->text(a, ta, sizeof ta);
        c->text(b, tb, sizeof tb);
        r = lb_fold_cmp(ta, tb);
    }
    if (sort_cls->default_sort_desc)
        r = -r;
    return r ? r : strcmp(sort_cls->record_id(a), sort_cls->record_id(b));
}

static int exit_code(lb_cli_outcome o)
{
    return o == LB_CLI_OK        ? LB_EXPORT_EXIT_DONE
           : o == LB_CLI_REFUSED ? LB_EXPORT_EXIT_REFUSED
                                 : LB_EXPORT_EXIT_FAILED;
}

static int failed(const lb_error *err)
{
    return exit_code(lb_cli_report("lbterm export", err));
}

/* DAY ("2024-12-31") as the screen's date filter takes a day: its first
 * second in Brussels time, or its last when END (main() set TZ). */
static bool brussels_day(const char *day, bool end, lb_time *out)
{
    lb_time midnight_utc;
    if (!lb_time_parse_date(day, &midnight_utc))
        return false;
    time_t utc = (time_t)midnight_utc;
    struct tm d;
    if (!gmtime_r(&utc, &d))
        return false;
    struct tm tm = {.tm_mday = d.tm_mday, .tm_mon = d.tm_mon, .tm_year = d.tm_year, .tm_isdst = -1};
    if (end)
        tm.tm_hour = 23, tm.tm_min = 59, tm.tm_sec = 59;
    time_t t = mktime(&tm);
    if (t == (time_t)-1)
        return false;
    *out = (lb_time)t;
    return true;
}

static bool day_option(const char *option, const char *day, bool end, lb_time *out)
{
    if (brussels_day(day, end, out))
        return true;
    /* TRANSLATORS: the first %s is --from or --to, the second what was given. */
    fprintf(stderr,
            _("lbterm export: %s \"%s\" is not a day; write YYYY-MM-DD, for example "
              "2024-12-31.\n"),
            option, day);
    return false;
}

static void usage(FILE *out)
{
    fprintf(out, "%s",
            _("Usage: lbterm export ENTITY [OPTION]...\n"
              "Write a list (meetings, agendaitems or dossiers) as its screen shows it,\n"
              "to CSV for Excel or to JSON, without a screen (for scripts).\n"
              "\n"
              "  -p, --profile NAME      the bestuur profile\n"
              "      --view V            active (default), inactive or all\n"
              "      --format F          csv (default) or json\n"
              "      --encoding E        utf8 (default, with BOM) or cp1252 (Windows-1252)\n"
              "      --status TEXT       only records with this status reason\n"
              "      --type TEXT         only records of this type\n"
              "      --from DAY          only records on or after DAY (YYYY-MM-DD, Brussels)\n"
              "      --to DAY            only records on or before DAY (YYYY-MM-DD, Brussels)\n"
              "  -o, --output FILE       write to FILE (replaced); - or none: standard output\n"
              "\n"
              "--from and --to look at the date of the screen's date filter: a meeting's\n"
              "begin, a dossier's opening date (agenda items have none).\n"
              "CSV: ';' between fields, CRLF line ends; a cell that starts with = + - @\n"
              "gets a leading ' so that Excel does not run it as a formula.\n"
              "JSON: keys that are the same in every language (see lbterm(1)),\n"
              "dates in ISO 8601 UTC, numbers as numbers.\n"
              "Exit status: 0 written, 1 failed, 2 wrong command line,\n"
              "4 refused by the bus or the configuration.\n"));
}

static const lb_list_class *entity_class(const char *name)
{
    const lb_list_class *classes[] = {&lb_meetings_list_class, &lb_agenda_items_list_class,
                                      &lb_dossiers_list_class};
    for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
        if (strcmp(name, classes[i]->id) == 0)
            return classes[i];
    return NULL;
}

static const lb_list_preset *find_preset(const lb_list_class *cls, const char *view)
{
    for (size_t i = 0; i < cls->preset_count; i++) {
        const lb_list_preset *p = &cls->presets[i];
        if ((p->state && strcmp(p->state, view) == 0) || (p->value && strcmp(p->value, view) == 0))
            return p;
    }
    return NULL;
}

static void loader_done(loader *ld)
{
    for (size_t i = 0; i < ld->page_count; i++) {
        lb_page_done(ld->pages[i]);
        free(ld->pages[i]);
    }
    free(ld->pages);
    free(ld->rows);
}

int lb_export_cli_main(int argc, char **argv)
{
    enum { OPT_VIEW = 256, OPT_FORMAT, OPT_ENCODING, OPT_STATUS, OPT_TYPE, OPT_FROM, OPT_TO };
    static const struct option options[] = {
        {"profile", required_argument, NULL, 'p'},
        {"view", required_argument, NULL, OPT_VIEW},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"encoding", required_argument, NULL, OPT_ENCODING},
        {"status", required_argument, NULL, OPT_STATUS},
        {"type", required_argument, NULL, OPT_TYPE},
        {"from", required_argument, NULL, OPT_FROM},
        {"to", required_argument, NULL, OPT_TO},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *profile_name = LB_DEMO_PROFILE, *view = NULL, *output = "-";
    bool json = false, cp1252 = false;
    loader ld = {.from = LB_TIME_NULL, .to = LB_TIME_NULL};
    int o;
    optind = 1;
    while ((o = getopt_long(argc, argv, "p:o:h", options, NULL)) != -1) {
        switch (o) {
        case 'p': profile_name = optarg; break;
        case 'o': output = optarg; break;
        case OPT_VIEW: view = optarg; break;
        case OPT_STATUS: ld.status = optarg; break;
        case OPT_TYPE: ld.type = optarg; break;
        case OPT_FROM:
            if (!day_option("--from", optarg, false, &ld.from))
                return LB_EXPORT_EXIT_USAGE;
            break;
        case OPT_TO:
            if (!day_option("--to", optarg, true, &ld.to))
                return LB_EXPORT_EXIT_USAGE;
            break;
        case OPT_FORMAT:
            if (strcmp(optarg, "csv") != 0 && strcmp(optarg, "json") != 0) {
                usage(stderr);
                return LB_EXPORT_EXIT_USAGE;
            }
            json = strcmp(optarg, "json") == 0;
            break;
        case OPT_ENCODING:
            if (strcmp(optarg, "utf8") != 0 && strcmp(optarg, "cp1252") != 0) {
                usage(stderr);
                return LB_EXPORT_EXIT_USAGE;
            }
            cp1252 = strcmp(optarg, "cp1252") == 0;
            break;
        case 'h': usage(stdout); return LB_EXPORT_EXIT_DONE;
        default: usage(stderr); return LB_EXPORT_EXIT_USAGE;
        }
    }
    if (optind + 1 != argc || !(ld.cls = entity_class(argv[optind])) || (json && cp1252)) {
        usage(stderr);
        return LB_EXPORT_EXIT_USAGE;
    }
    ld.preset = ld.cls->preset_count ? &ld.cls->presets[0] : NULL;
    if (view && !(ld.preset = find_preset(ld.cls, view))) {
        usage(stderr);
        return LB_EXPORT_EXIT_USAGE;
    }
    if ((ld.from != LB_TIME_NULL || ld.to != LB_TIME_NULL) && !ld.cls->record_date) {
        /* TRANSLATORS: %s is the list asked for: agendaitems. */
        fprintf(stderr, _("lbterm export: %s have no date to filter on (--from, --to).\n"),
                ld.cls->id);
        return LB_EXPORT_EXIT_USAGE;
    }
    if (ld.from != LB_TIME_NULL && ld.to != LB_TIME_NULL && ld.from > ld.to) {
        fprintf(stderr, "%s", _("lbterm export: the day of --from lies after the day of --to.\n"));
        return LB_EXPORT_EXIT_USAGE;
    }
    lb_export_format fmt = json     ? LB_EXPORT_JSON
                           : cp1252 ? LB_EXPORT_CSV_CP1252
                                    : LB_EXPORT_CSV_UTF8;

    int code;
    lb_error err;
    lb_cli_bus cli;
    char *type_name = NULL; /* the full name of the meeting type --type named */
    lb_cli_outcome opened = lb_cli_bus_open(&cli, "lbterm export", profile_name);
    if (opened != LB_CLI_OK) {
        code = exit_code(opened);
        goto out;
    }
    if (ld.type && ld.cls->kind == LB_REC_MEETING) {
        /* "--type CBS": the abbreviation names the type as well */
        if ((opened = lb_cli_meeting_type_name(&cli, ld.type, &type_name)) != LB_CLI_OK) {
            code = exit_code(opened);
            goto out;
        }
        if (!type_name) {
            code = LB_EXPORT_EXIT_USAGE;
            goto out;
        }
        ld.type = type_name;
    }
    lb_query_param q[1];
    size_t nq = 0;
    if (ld.preset && ld.preset->state)
        q[nq++] = (lb_query_param){"state", ld.preset->state};
    else if (ld.preset && ld.preset->param && ld.preset->value)
        q[nq++] = (lb_query_param){ld.preset->param, ld.preset->value};
    lb_request_spec spec = {
        .method = "GET", .path = (const char *const *)ld.cls->path, .query = q, .query_count = nq};
    if (!lb_pager_new(cli.bus, ld.cls->kind, &spec, on_page, on_done, &ld, &err)) {
        code = failed(&err);
        goto out;
    }
    lb_transport_run_until(cli.transport, &ld.done, -1, &err);
    if (ld.nomem)
        lb_error_set(&ld.err, LB_ERR_NOMEM, 0, NULL);
    if (ld.err.status != LB_OK) {
        code = failed(&ld.err);
        goto out;
    }
    sort_cls = ld.cls;
    qsort(ld.rows, ld.count, sizeof *ld.rows, compare_rows);
    lb_status st = strcmp(output, "-") == 0
                       ? lb_list_export_records(ld.cls, ld.rows, ld.count, stdout, fmt, &err)
                       : lb_list_export_to_file(ld.cls, ld.rows, ld.count, output, fmt, &err);
    code = st == LB_OK ? LB_EXPORT_EXIT_DONE : failed(&err);
out:
    free(type_name);
    loader_done(&ld);
    lb_cli_bus_close(&cli);
    return code;
}
