/* cli_bus.h — what the commands without a screen (`lbterm archive`,
 * `lbterm export`) share to reach the bus: configuration, profile, transport
 * and bus, with the same messages on standard error and the same split of
 * failures into "refused" (the bus or the configuration said no) and
 * "failed" (anything else). */
#ifndef LB_CLI_BUS_H
#define LB_CLI_BUS_H

#include "client/bus.h"
#include "client/lb_config.h"
#include "client/lb_error.h"
#include "client/transport.h"

/* How a step ended; each command maps it to its own exit codes. */
typedef enum {
    LB_CLI_OK,
    LB_CLI_FAILED,  /* the bus, the network or the machine failed */
    LB_CLI_REFUSED, /* the bus refused (role, sign-in) or the configuration is wrong */
} lb_cli_outcome;

/* Embedded by value; zero it or open it before lb_cli_bus_close. PROFILE
 * points into CFG, BUS runs over TRANSPORT: all owned, freed together. */
typedef struct {
    const char *prog; /* "lbterm export": the start of every message */
    lb_config cfg;
    const lb_profile *profile;
    lb_transport *transport;
    lb_bus *bus;
} lb_cli_bus;

/* Loads the configuration and finds the profile PROFILE_NAME. On anything
 * but LB_CLI_OK one line on standard error has said why. */
lb_cli_outcome lb_cli_bus_load(lb_cli_bus *cli, const char *prog, const char *profile_name);
/* Then opens the transport and the bus of that profile (reads the token). */
lb_cli_outcome lb_cli_bus_connect(lb_cli_bus *cli);
/* Both: lb_cli_bus_load, then lb_cli_bus_connect. */
lb_cli_outcome lb_cli_bus_open(lb_cli_bus *cli, const char *prog, const char *profile_name);
/* Frees the bus, the transport and the configuration; fine after a failed
 * or partial open. */
void lb_cli_bus_close(lb_cli_bus *cli);

/* Prints "PROG: <what the status means> <detail>" on standard error and
 * says whether ERR is a refusal or a failure. */
lb_cli_outcome lb_cli_report(const char *prog, const lb_error *err);

#endif
