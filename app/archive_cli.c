/* archive_cli.c — lbterm archive [--entity E] [--type NAME] [--older-than DAYS |
 * --before DATE] [--dry-run] [--remove-after] [--profile NAME]: picks the
 * inactive records, prints the preflight report, runs the job with a log line
 * per record, and ends with an exit code a cron job can test. */
#include "config.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/archive_cli.h"
#include "app/cli_bus.h"
#include "app/cli_type.h"
#include "client/archive.h"
#include "client/archive_pick.h"
#include "client/bus.h"
#include "client/lb_config.h"
#include "client/transport.h"
#include "i18n/i18n.h"
#include "ui/safe_text.h"
#include "views/archive_view.h"

typedef struct {
    bool done;
    lb_error err;
} pick_result;

static void on_picked(void *user, const lb_error *err)
{
    pick_result *r = user;
    r->err = *err;
    r->done = true;
}

typedef struct {
    const lb_archive_check *checks;
    size_t count;
    lb_error err;
    bool done;
} preflight_result;

static void on_preflight(void *user, const lb_archive_check *checks, size_t count,
                         const lb_error *err)
{
    preflight_result *r = user;
    r->checks = checks;
    r->count = count;
    r->err = err ? *err : (lb_error){.status = LB_OK};
    r->done = true;
}

typedef struct {
    lb_archive_summary sum;
    bool finished;
    lb_archive_job *job;
} job_state;

static void on_record(void *user, size_t index, const lb_archive_record *rec)
{
    (void)user;
    (void)index;
    char name[200];
    const char *raw = rec->name ? rec->name : rec->id;
    lb_safe_text(name, sizeof name, raw, strlen(raw), LB_SAFE_ONE_LINE);
    switch (rec->state) {
    case LB_ARCHIVE_REC_DONE:
        printf("archived %s %s -> DAV %s\n", rec->id, name,
               rec->dav_dossier_id ? rec->dav_dossier_id : "?");
        break;
    case LB_ARCHIVE_REC_SKIPPED:
    case LB_ARCHIVE_REC_FAILED: {
        char detail[300];
        lb_safe_text(detail, sizeof detail, rec->error.detail, strlen(rec->error.detail),
                     LB_SAFE_ONE_LINE);
        printf("%s %s %s: %s%s%s\n", rec->state == LB_ARCHIVE_REC_FAILED ? "failed" : "skipped",
               rec->id, name, lb_status_message(rec->error.status), detail[0] ? " " : "", detail);
        break;
    }
    default: return;
    }
    fflush(stdout);
}

static void on_finished(void *user, const lb_archive_summary *sum)
{
    job_state *s = user;
    s->sum = *sum;
    s->finished = true;
}

static int exit_code(lb_cli_outcome o)
{
    return o == LB_CLI_OK        ? LB_ARCHIVE_EXIT_DONE
           : o == LB_CLI_REFUSED ? LB_ARCHIVE_EXIT_REFUSED
                                 : LB_ARCHIVE_EXIT_FAILED;
}

static int refused_or_failed(const lb_error *err)
{
    return exit_code(lb_cli_report("lbterm archive", err));
}

static int run_job(lb_transport *t, lb_archive_job *job, job_state *st)
{
    st->job = job;
    lb_error err;
    lb_transport_run_until(t, &st->finished, -1, &err);
    printf("%zu archived, %zu skipped, %zu failed\n", st->sum.done, st->sum.skipped,
           st->sum.failed);
    char path[512];
    if (lb_archive_journal_path(path, sizeof path))
        lb_archive_journal_close(path, &err);
    return st->sum.failed ? LB_ARCHIVE_EXIT_FAILED : LB_ARCHIVE_EXIT_DONE;
}

static void usage(FILE *out)
{
    fprintf(out, "%s",
            _("Usage: lbterm archive [OPTION]...\n"
              "Archive inactive records to DAV without a screen (for cron).\n"
              "\n"
              "  -p, --profile NAME    the bestuur profile\n"
              "      --entity E        meetings (default), agendaitems or dossiers\n"
              "      --type NAME       only this meeting type or dossier type\n"
              "      --older-than DAYS only records that ended more than DAYS days ago\n"
              "      --before DATE     only records that ended before DATE (YYYY-MM-DD)\n"
              "      --dry-run         print the check, archive nothing\n"
              "      --remove-after    remove the records from the CRM once DAV has them\n"
              "\n"
              "Exit status: 0 all archived (also an interrupted job finished first),\n"
              "1 some failed, 2 wrong command line, 3 nothing to archive,\n"
              "4 refused by the bus or the configuration.\n"));
}

int lb_archive_cli_main(int argc, char **argv)
{
    enum { OPT_ENTITY = 256, OPT_TYPE, OPT_OLDER, OPT_BEFORE, OPT_DRY, OPT_REMOVE };
    static const struct option options[] = {
        {"profile", required_argument, NULL, 'p'},
        {"entity", required_argument, NULL, OPT_ENTITY},
        {"type", required_argument, NULL, OPT_TYPE},
        {"older-than", required_argument, NULL, OPT_OLDER},
        {"before", required_argument, NULL, OPT_BEFORE},
        {"dry-run", no_argument, NULL, OPT_DRY},
        {"remove-after", no_argument, NULL, OPT_REMOVE},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    lb_archive_pick_options p = {.kind = LB_ARCHIVE_MEETING, .before = LB_TIME_NULL};
    const char *profile_name = LB_DEMO_PROFILE;
    bool dry = false;
    lb_archive_options opt = {.remove_after = false};
    int o;
    optind = 1;
    while ((o = getopt_long(argc, argv, "p:h", options, NULL)) != -1) {
        switch (o) {
        case 'p': profile_name = optarg; break;
        case OPT_ENTITY:
            if (strcmp(optarg, "meetings") == 0)
                p.kind = LB_ARCHIVE_MEETING;
            else if (strcmp(optarg, "agendaitems") == 0)
                p.kind = LB_ARCHIVE_AGENDA_ITEM;
            else if (strcmp(optarg, "dossiers") == 0)
                p.kind = LB_ARCHIVE_DOSSIER;
            else {
                usage(stderr);
                return LB_ARCHIVE_EXIT_USAGE;
            }
            break;
        case OPT_TYPE: p.type_name = optarg; break;
        case OPT_OLDER: {
            char *end;
            long days = strtol(optarg, &end, 10);
            if (*end || days < 0) {
                usage(stderr);
                return LB_ARCHIVE_EXIT_USAGE;
            }
            p.before = (lb_time)time(NULL) - (lb_time)days * 86400;
            break;
        }
        case OPT_BEFORE:
            if (!lb_time_parse_date(optarg, &p.before)) {
                usage(stderr);
                return LB_ARCHIVE_EXIT_USAGE;
            }
            break;
        case OPT_DRY: dry = true; break;
        case OPT_REMOVE: opt.remove_after = true; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return LB_ARCHIVE_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        usage(stderr);
        return LB_ARCHIVE_EXIT_USAGE;
    }

    int code = LB_ARCHIVE_EXIT_FAILED;
    lb_error err;
    lb_cli_bus cli = {0};
    lb_archive_pick *pick = NULL;
    lb_archive_preflight *pf = NULL;
    lb_archive_job *job = NULL;
    char *type_name = NULL; /* the full name of the meeting type --type named */
    job_state st = {0};
    char journal[512];
    lb_cli_outcome opened = lb_cli_bus_load(&cli, "lbterm archive", profile_name);
    if (opened != LB_CLI_OK) {
        code = exit_code(opened);
        goto out;
    }
    /* checked before the transport, which may ask for a key's passphrase */
    if (!lb_archive_journal_path(journal, sizeof journal)) {
        fprintf(stderr, "lbterm archive: %s\n",
                _("No state directory for the archive journal (set HOME or XDG_STATE_HOME)."));
        goto out;
    }
    if ((opened = lb_cli_bus_connect(&cli)) != LB_CLI_OK) {
        code = exit_code(opened);
        goto out;
    }
    lb_transport *t = cli.transport;
    lb_bus *bus = cli.bus;
    lb_archive_callbacks cb = {on_record, on_finished};
    size_t left = 0;
    bool resumed = false; /* an interrupted job was finished first */
    if (!dry && lb_archive_journal_pending(journal, &left, &err)) {
        printf("resuming an interrupted job: %zu records left\n", left);
        job = lb_archive_job_resume(bus, journal, &cb, &st, &err);
        if (!job) {
            code = refused_or_failed(&err);
            goto out;
        }
        code = run_job(t, job, &st);
        lb_archive_job_free(job);
        job = NULL;
        st = (job_state){0};
        if (code != LB_ARCHIVE_EXIT_DONE)
            goto out;
        resumed = true;
    } else if (!dry && err.status == LB_OK) {
        /* A job killed after its last record but before it put its journal
         * aside leaves nothing to resume: only the journal to retire (a no-op
         * without one, refused while another lbterm holds it). */
        lb_archive_journal_close(journal, &err);
    }

    if (p.kind == LB_ARCHIVE_MEETING && p.type_name) {
        /* "--type CBS": the abbreviation names the type as well */
        if ((opened = lb_cli_meeting_type_name(&cli, p.type_name, &type_name)) != LB_CLI_OK) {
            code = exit_code(opened);
            goto out;
        }
        if (!type_name) {
            code = LB_ARCHIVE_EXIT_USAGE;
            goto out;
        }
        p.type_name = type_name;
    }
    pick_result picked = {0};
    pick = lb_archive_pick_start(bus, &p, on_picked, &picked, &err);
    if (!pick) {
        code = refused_or_failed(&err);
        goto out;
    }
    lb_transport_run_until(t, &picked.done, -1, &err);
    if (picked.err.status != LB_OK) {
        code = refused_or_failed(&picked.err);
        goto out;
    }
    size_t target_count;
    const lb_archive_target *targets = lb_archive_pick_targets(pick, &target_count);
    if (target_count == 0) {
        printf("nothing to archive\n");
        /* a finished resume did archive: cron must not read "nothing to do" */
        code = resumed ? LB_ARCHIVE_EXIT_DONE : LB_ARCHIVE_EXIT_NOTHING;
        goto out;
    }
    preflight_result pr = {0};
    pf = lb_archive_preflight_start(bus, targets, target_count, NULL, on_preflight, &pr, &err);
    if (!pf) {
        code = refused_or_failed(&err);
        goto out;
    }
    lb_transport_run_until(t, &pr.done, -1, &err);
    if (pr.err.status != LB_OK) {
        code = refused_or_failed(&pr.err);
        goto out;
    }
    size_t ready = 0, refused = 0;
    for (size_t i = 0; i < pr.count; i++) {
        const lb_archive_check *c = &pr.checks[i];
        if (c->verdict == LB_ARCHIVE_CHECK_FAILED &&
            (c->error.status == LB_ERR_FORBIDDEN || c->error.status == LB_ERR_UNAUTHORIZED))
            refused++;
        char name[200], why[300];
        const char *raw = c->name ? c->name : c->id;
        lb_safe_text(name, sizeof name, raw, strlen(raw), LB_SAFE_ONE_LINE);
        if (c->verdict == LB_ARCHIVE_READY) {
            ready++;
            printf("ready %s %s -> %s\n", c->id, name, c->serie_name ? c->serie_name : "?");
        } else {
            lb_archive_verdict_text(c, why, sizeof why);
            printf("blocked %s %s: %s\n", c->id, name, why);
        }
    }
    if (ready == 0 && refused) {
        /* the bus said no (a role is missing): not "nothing to do" */
        code = LB_ARCHIVE_EXIT_REFUSED;
        goto out;
    }
    if (ready == 0) {
        printf("nothing to archive\n");
        code = resumed ? LB_ARCHIVE_EXIT_DONE : LB_ARCHIVE_EXIT_NOTHING;
        goto out;
    }
    if (dry) {
        code = LB_ARCHIVE_EXIT_DONE;
        goto out;
    }
    job = lb_archive_job_start(bus, journal, pr.checks, pr.count, &opt, &cb, &st, &err);
    if (!job) {
        code = refused_or_failed(&err);
        goto out;
    }
    code = run_job(t, job, &st);
out:
    free(type_name);
    lb_archive_job_free(job);
    lb_archive_preflight_free(pf);
    lb_archive_pick_free(pick);
    lb_cli_bus_close(&cli);
    return code;
}
