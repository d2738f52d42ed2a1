/* archive_cli.h — `lbterm archive`: the archiving engine without a screen,
 * for cron ("gepland"). */
#ifndef LB_ARCHIVE_CLI_H
#define LB_ARCHIVE_CLI_H

/* Exit codes, documented in lbterm(1). */
enum {
    LB_ARCHIVE_EXIT_DONE = 0,    /* every chosen record archived */
    LB_ARCHIVE_EXIT_FAILED = 1,  /* some records failed (see the log lines) */
    LB_ARCHIVE_EXIT_USAGE = 2,   /* wrong command line */
    LB_ARCHIVE_EXIT_NOTHING = 3, /* nothing to archive */
    LB_ARCHIVE_EXIT_REFUSED = 4, /* the bus refused: role, sign-in, configuration */
};

/* ARGV[0] is "archive". */
int lb_archive_cli_main(int argc, char **argv);

#endif
