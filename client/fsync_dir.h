/* fsync_dir.h — a new or renamed file is durable only once the directory
 * holding its name is fsync'd too (the file's own fsync does not cover its
 * directory entry). Used by the draft and the archive journal. */
#ifndef LB_FSYNC_DIR_H
#define LB_FSYNC_DIR_H

/* Fsyncs the directory that holds PATH ("." for a bare name). Returns 0, or
 * the errno of what failed (ENOMEM, open, fsync); the caller words it. */
int lb_fsync_dir_of(const char *path);

#endif
