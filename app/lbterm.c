/* lbterm.c — entry point: options, locale, profile, the bus client, then the
 * screens. */
#include "config.h"

#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/archive_cli.h"
#include "app/demo_sim.h"
#include "app/export_cli.h"
#include "client/bus.h"
#include "client/lb_config.h"
#include "client/lb_error.h"
#include "client/session.h"
#include "client/transport.h"
#include "i18n/i18n.h"
#include "ui/screen.h"
#include "views/shell.h"
#include "views/state_dir.h"
#include "views/view.h"

static void print_usage(FILE *out)
{
    /* TRANSLATORS: --help output; keep the option names untranslated. */
    fprintf(out, _("Usage: lbterm [OPTION]...\n"
                   "Terminal back-office client for the LB-bus of LB365.\n"
                   "\n"
                   "  -p, --profile NAME   use the bestuur profile NAME from the configuration\n"
                   "      --demo           start a private simulated bus with demo data\n"
                   "      --as ROLE        with --demo: secretary, archivist, admin or helpdesk\n"
                   "      --view NAME      start on screen NAME (meetings, agendaitems, dossiers, "
                   "meldingen,\n"
                   "                       meetingtypes, dossiertypes, archive)\n"
                   "      --read-only      hide every command that changes data\n"
                   "      --no-mouse       leave the mouse to the terminal\n"
                   "      --no-color       monochrome (also when NO_COLOR is set)\n"
                   "      --slow-link      fewer screen updates, for slow ssh connections\n"
                   "  -h, --help           show this help and exit\n"
                   "  -V, --version        show the version and exit\n"
                   "\n"
                   "Keys: F1 or ? inside lbterm. Manual: man lbterm.\n"));
    /* TRANSLATORS: --help output, after the other options */
    fprintf(out, "\n%s",
            _("      --braille        linear screens for screen readers and braille\n"
              "                       displays (also LBTERM_BRAILLE=1)\n"));
}

/* The simulator's demo users behind --as. */
static const char *demo_user_for(const char *role)
{
    static const struct {
        const char *role, *user;
    } users[] = {{"secretary", "demo-secretaris"},  {"archivist", "demo-archivaris"},
                 {"admin", "demo-admin"},           {"helpdesk", "demo-helpdesk"},
                 {"secretaris", "demo-secretaris"}, {"archivaris", "demo-archivaris"}};
    for (size_t i = 0; i < sizeof users / sizeof users[0]; i++)
        if (strcmp(role, users[i].role) == 0)
            return users[i].user;
    return NULL;
}

static FILE *open_log(const char *dir, char *path, size_t size)
{
    snprintf(path, size, "%s/lbterm.log", dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    return fd < 0 ? NULL : fdopen(fd, "a");
}

int main(int argc, char **argv)
{
    const char *codeset = lb_i18n_init();
    /* Dates on screen are Brussels time, whatever the machine's zone. */
    setenv("TZ", "Europe/Brussels", 1);
    tzset();
    /* lbterm archive …: the engine without a screen (cron) */
    if (argc > 1 && strcmp(argv[1], "archive") == 0)
        return lb_archive_cli_main(argc - 1, argv + 1);
    /* lbterm export …: a list as CSV or JSON without a screen (scripts) */
    if (argc > 1 && strcmp(argv[1], "export") == 0)
        return lb_export_cli_main(argc - 1, argv + 1);

    enum {
        OPT_DEMO = 256,
        OPT_AS,
        OPT_VIEW,
        OPT_READ_ONLY,
        OPT_NO_MOUSE,
        OPT_NO_COLOR,
        OPT_SLOW,
        OPT_BRAILLE
    };
    static const struct option options[] = {
        {"profile", required_argument, NULL, 'p'},
        {"demo", no_argument, NULL, OPT_DEMO},
        {"as", required_argument, NULL, OPT_AS},
        {"view", required_argument, NULL, OPT_VIEW},
        {"read-only", no_argument, NULL, OPT_READ_ONLY},
        {"no-mouse", no_argument, NULL, OPT_NO_MOUSE},
        {"no-color", no_argument, NULL, OPT_NO_COLOR},
        {"slow-link", no_argument, NULL, OPT_SLOW},
        {"braille", no_argument, NULL, OPT_BRAILLE},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    const char *profile_name = LB_DEMO_PROFILE, *as = NULL, *view = NULL;
    bool demo = false, read_only = false;
    lb_screen_options screen;
    lb_screen_options_default(&screen);
    const char *braille_env = getenv("LBTERM_BRAILLE");
    screen.braille = braille_env && strcmp(braille_env, "1") == 0;
    int opt;
    while ((opt = getopt_long(argc, argv, "p:hV", options, NULL)) != -1) {
        switch (opt) {
        case 'p': profile_name = optarg; break;
        case OPT_DEMO: demo = true; break;
        case OPT_AS: as = optarg; break;
        case OPT_VIEW: view = optarg; break;
        case OPT_READ_ONLY: read_only = true; break;
        case OPT_NO_MOUSE: screen.mouse = false; break;
        case OPT_NO_COLOR: screen.color = false; break;
        case OPT_SLOW: screen.slow_link = true; break;
        case OPT_BRAILLE: screen.braille = true; break;
        case 'h': print_usage(stdout); return EXIT_SUCCESS;
        case 'V': printf("lbterm %s\n", PACKAGE_VERSION); return EXIT_SUCCESS;
        default: print_usage(stderr); return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, _("lbterm: unexpected argument \"%s\"\n"), argv[optind]);
        print_usage(stderr);
        return 2;
    }
    const char *demo_user = NULL;
    if (as) {
        demo_user = demo_user_for(as);
        if (!demo || !demo_user) {
            fprintf(stderr, "%s\n",
                    _("lbterm: --as needs --demo and one of secretary, archivist, admin, "
                      "helpdesk."));
            return 2;
        }
    }
    if (view && !lb_view_class_find(view)) {
        fprintf(stderr,
                _("lbterm: there is no screen \"%s\" (meetings, agendaitems, dossiers, meldingen, "
                  "meetingtypes, dossiertypes, archive)\n"),
                view);
        return 2;
    }
    const char *term = getenv("TERM");
    if (!term || !*term || strcmp(term, "dumb") == 0) {
        fprintf(stderr, "lbterm: %s\n",
                _("This terminal (TERM=dumb or no TERM) cannot show lbterm's screens. Use a "
                  "terminal emulator such as xterm, PuTTY or the Linux console, or set "
                  "TERM=xterm-256color."));
        return 2;
    }

    char dir[512] = "", log_path[600] = "";
    FILE *log = lb_state_dir(dir, sizeof dir) ? open_log(dir, log_path, sizeof log_path) : NULL;

    lb_error err;
    lb_config cfg;
    lb_config_init(&cfg);
    int code = EXIT_FAILURE;
    lb_demo_sim sim = {.pid = -1};
    lb_transport *t = NULL;
    lb_bus *bus = NULL;
    lb_session *session = NULL;
    lb_shell *shell = NULL;
    if (lb_config_load(&cfg, &err) != LB_OK) {
        fprintf(stderr, "lbterm: %s\n%s\n", lb_status_message(err.status), err.detail);
        goto out;
    }
    if (demo) {
        char sim_log[600];
        snprintf(sim_log, sizeof sim_log, "%s/lbbus-sim.log", dir[0] ? dir : "/tmp");
        char why[512];
        if (!lb_demo_sim_start(&sim, sim_log, why, sizeof why)) {
            fprintf(stderr, "lbterm: %s\n", why);
            goto out;
        }
        if (lb_config_set_demo(&cfg, sim.base_url, demo_user, &err) != LB_OK) {
            fprintf(stderr, "lbterm: %s\n%s\n", lb_status_message(err.status), err.detail);
            goto out;
        }
        profile_name = LB_DEMO_PROFILE;
    }
    const lb_profile *profile = lb_config_find(&cfg, profile_name);
    if (!profile) {
        fprintf(stderr, _("lbterm: there is no profile \"%s\" in the configuration.\n"),
                profile_name);
        goto out;
    }
    t = lb_transport_new(profile, NULL, &err);
    if (t)
        bus = lb_bus_new(profile, t, &err);
    if (bus)
        session = lb_session_new(bus, &err);
    if (!session) {
        fprintf(stderr, "lbterm: %s\n%s\n", lb_status_message(err.status), err.detail);
        goto out;
    }
    lb_shell_config sc = {.profile_name = profile->name,
                          .transport = t,
                          .bus = bus,
                          .session = session,
                          .read_only = read_only || profile->read_only,
                          .screen = screen,
                          .codeset = codeset,
                          .first_view = view,
                          .log = log};
    shell = lb_shell_new(&sc);
    if (!shell)
        goto out;
    char why[512] = "";
    code = lb_shell_run(shell, why, sizeof why);
    if (why[0])
        fprintf(stderr, "lbterm: %s\n", why);
    else if (code == 128 + 1 /* SIGHUP */)
        code = EXIT_SUCCESS;
out:
    lb_shell_free(shell);
    lb_session_free(session);
    lb_bus_free(bus);
    lb_transport_free(t);
    lb_config_done(&cfg);
    lb_demo_sim_stop(&sim);
    if (log)
        fclose(log);
    lb_screen_exit(code);
}
