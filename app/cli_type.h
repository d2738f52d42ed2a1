/* cli_type.h — `--type CBS`: the commands without a screen take a meeting
 * type by its abbreviation (as people say "de CBS") as well as by its full
 * name ("College van burgemeester en schepenen"), the way the records name
 * it. */
#ifndef LB_CLI_TYPE_H
#define LB_CLI_TYPE_H

#include "app/cli_bus.h"

/* Looks GIVEN up among the bus's meeting types, by abbreviation or by name,
 * letter case aside. On LB_CLI_OK *NAME_OUT is the type's full name
 * (malloc'd, the caller frees it), or NULL when no type matches: then one
 * line on standard error has said so and listed the abbreviations. On
 * anything else the bus's answer has been reported. */
lb_cli_outcome lb_cli_meeting_type_name(lb_cli_bus *cli, const char *given, char **name_out);

#endif
