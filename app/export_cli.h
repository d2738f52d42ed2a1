/* export_cli.h — `lbterm export`: a list screen's rows to CSV or JSON without
 * a screen, for scripts. */
#ifndef LB_EXPORT_CLI_H
#define LB_EXPORT_CLI_H

/* Exit codes, documented in lbterm(1). */
enum {
    LB_EXPORT_EXIT_DONE = 0,    /* written (also when no record matched: titles only) */
    LB_EXPORT_EXIT_FAILED = 1,  /* the bus failed or the file could not be written */
    LB_EXPORT_EXIT_USAGE = 2,   /* wrong command line */
    LB_EXPORT_EXIT_REFUSED = 4, /* the bus refused: role, sign-in, configuration */
};

/* ARGV[0] is "export". */
int lb_export_cli_main(int argc, char **argv);

#endif
