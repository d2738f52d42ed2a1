/* fsync_dir.c — fsync the directory that holds a path (see fsync_dir.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/fsync_dir.h"

int lb_fsync_dir_of(const char *path)
{
    char *dir = strdup(path);
    if (!dir)
        return ENOMEM;
    char *slash = strrchr(dir, '/');
    if (slash == dir)
        slash[1] = '\0'; /* "/name": the root */
    else if (slash)
        *slash = '\0';
    else
        strcpy(dir, ".");
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int e = fd < 0 ? errno : 0;
    if (fd >= 0 && fsync(fd) != 0)
        e = errno;
    if (fd >= 0)
        close(fd);
    free(dir);
    return e;
}
