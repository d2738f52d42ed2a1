/* cli_bus.c — configuration → profile → transport → bus for the commands
 * without a screen, and their one way of reporting an error. */
#include "config.h"

#include <stdio.h>

#include "app/cli_bus.h"
#include "i18n/i18n.h"

lb_cli_outcome lb_cli_report(const char *prog, const lb_error *err)
{
    fprintf(stderr, "%s: %s %s\n", prog, lb_status_message(err->status), err->detail);
    switch (err->status) {
    case LB_ERR_FORBIDDEN:
    case LB_ERR_UNAUTHORIZED:
    case LB_ERR_CONFIG:
    case LB_ERR_SECRET_PERMS:
    case LB_ERR_TLS: return LB_CLI_REFUSED;
    default: return LB_CLI_FAILED;
    }
}

lb_cli_outcome lb_cli_bus_load(lb_cli_bus *cli, const char *prog, const char *profile_name)
{
    *cli = (lb_cli_bus){.prog = prog};
    lb_config_init(&cli->cfg);
    lb_error err;
    if (lb_config_load(&cli->cfg, &err) != LB_OK)
        return lb_cli_report(prog, &err);
    cli->profile = lb_config_find(&cli->cfg, profile_name);
    if (!cli->profile) {
        /* a missing profile is the user's configuration: refused, not failed */
        fprintf(stderr, _("lbterm: there is no profile \"%s\" in the configuration.\n"),
                profile_name);
        return LB_CLI_REFUSED;
    }
    return LB_CLI_OK;
}

lb_cli_outcome lb_cli_bus_connect(lb_cli_bus *cli)
{
    lb_error err;
    cli->transport = lb_transport_new(cli->profile, NULL, &err);
    if (cli->transport)
        cli->bus = lb_bus_new(cli->profile, cli->transport, &err);
    return cli->bus ? LB_CLI_OK : lb_cli_report(cli->prog, &err);
}

lb_cli_outcome lb_cli_bus_open(lb_cli_bus *cli, const char *prog, const char *profile_name)
{
    lb_cli_outcome o = lb_cli_bus_load(cli, prog, profile_name);
    return o == LB_CLI_OK ? lb_cli_bus_connect(cli) : o;
}

void lb_cli_bus_close(lb_cli_bus *cli)
{
    lb_bus_free(cli->bus);
    lb_transport_free(cli->transport);
    lb_config_done(&cli->cfg);
    cli->bus = NULL;
    cli->transport = NULL;
    cli->profile = NULL;
}
