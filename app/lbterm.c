/* lbterm.c — entry point: options, locale, then the screens. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/lb_error.h"
#include "i18n/i18n.h"
#include "views/view.h"

static void print_usage(FILE *out)
{
    /* TRANSLATORS: --help output; keep the option names untranslated. */
    fprintf(out, _("Usage: lbterm [OPTION]...\n"
                   "Terminal back-office client for the LB-bus of LB365.\n"
                   "\n"
                   "  -p, --profile NAME   use the bestuur profile NAME from the configuration\n"
                   "  -h, --help           show this help and exit\n"
                   "  -V, --version        show the version and exit\n"));
}

int main(int argc, char **argv)
{
    lb_i18n_init();

    static const struct option options[] = {
        {"profile", required_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    const char *profile = "demo";
    int opt;
    while ((opt = getopt_long(argc, argv, "p:hV", options, NULL)) != -1) {
        switch (opt) {
        case 'p': profile = optarg; break;
        case 'h': print_usage(stdout); return EXIT_SUCCESS;
        case 'V': printf("lbterm %s\n", PACKAGE_VERSION); return EXIT_SUCCESS;
        default: print_usage(stderr); return 2;
        }
    }

    size_t nviews = 0;
    lb_view_classes(&nviews);
    if (nviews == 0) {
        fprintf(stderr,
                _("lbterm %s: the screens are not built yet (profile \"%s\").\n"
                  "Start the simulated bus with scripts/demo and query it with curl.\n"),
                PACKAGE_VERSION, profile);
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
