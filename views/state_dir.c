/* state_dir.c — the XDG state directory, made on first use. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "views/state_dir.h"

bool lb_state_dir(char *out, size_t size)
{
    const char *xdg = getenv("XDG_STATE_HOME");
    const char *home = getenv("HOME");
    int n;
    if (xdg && *xdg == '/')
        n = snprintf(out, size, "%s/lbterm", xdg);
    else if (home && *home == '/')
        n = snprintf(out, size, "%s/.local/state/lbterm", home);
    else
        return false;
    if (n < 0 || (size_t)n >= size)
        return false;
    /* mkdir -p, one level at a time */
    for (char *p = out + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        mkdir(out, 0700);
        *p = '/';
    }
    return mkdir(out, 0700) == 0 || errno == EEXIST;
}
