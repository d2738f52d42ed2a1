/* term_probe.c — does this machine know the terminal type? Asked before
 * newterm, whose failure path keeps memory that nothing can free (the
 * sanitizer build reports it), while a failed setupterm keeps none. Apart
 * from screen.c because <term.h> defines macros such as "lines". */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <term.h>

#include "ui/term_probe.h"

bool lb_term_known(const char *term, int fd)
{
    int err = 0;
    if (setupterm(term, fd, &err) != OK)
        return false;
    del_curterm(cur_term);
    return true;
}
