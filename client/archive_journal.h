/* archive_journal.h — the archiving job's journal: an append-only text file,
 * one line per event, each line ending in its CRC-32 so that a line torn by
 * a crash is recognised (and, as the last line, ignored). Every line is
 * written with one write() and made durable with fsync() before the caller
 * goes on; the directory is fsync'd when the file is created or renamed.
 * A job holds an exclusive flock() on the file while it writes.
 *
 * A line is durable once it was written with SYNC or an arc_journal_sync
 * followed: the job syncs an intent before its request goes out (several
 * intents of one turn of the event loop share one fsync) and lets results
 * ride on the next sync: a result lost in a crash only makes the step be
 * done again, idempotently or after a read.
 *
 * Line format: TAG FIELD... CRC, separated by single spaces. TAG is a few
 * capital letters; a FIELD is "-" (none) or "=" followed by the value with
 * bytes <= 0x20, >= 0x7f and '%' percent-encoded; CRC is 8 lowercase hex
 * digits of the CRC-32 of everything before the space that precedes it.
 *
 * Test hook: with LBTERM_ARCHIVE_CRASH_AFTER=N in the environment the process
 * raises SIGKILL right after the Nth write to one journal (creating it counts
 * as the first). */
#ifndef LB_ARCHIVE_JOURNAL_H
#define LB_ARCHIVE_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "client/lb_error.h"

#define ARC_JOURNAL_MAX_FIELDS 12

/* One line being built. Embedded by value; arc_jbuf_done frees it. */
typedef struct {
    char *buf;
    size_t len, cap, line_start;
    bool failed; /* out of memory: writing it fails with LB_ERR_NOMEM */
} arc_jbuf;

void arc_jbuf_init(arc_jbuf *b);
void arc_jbuf_done(arc_jbuf *b);
/* Starts a line with TAG (several lines may go into one buffer). */
void arc_jbuf_tag(arc_jbuf *b, const char *tag);
void arc_jbuf_str(arc_jbuf *b, const char *s); /* NULL: "-" */
void arc_jbuf_num(arc_jbuf *b, long long n);
/* Ends the line: the CRC and the newline. */
void arc_jbuf_end(arc_jbuf *b);

/* A line read back: F[0] is the tag, the rest decoded (NULL for "-"). */
typedef struct {
    char *f[ARC_JOURNAL_MAX_FIELDS];
    size_t n;
} arc_jline;

typedef struct {
    arc_jline *lines; /* owned */
    size_t count;
    size_t valid_bytes; /* length of the intact prefix */
    bool torn;          /* a damaged or unfinished last line was left out */
} arc_jfile;

/* Reads PATH. LB_ERR_NOT_FOUND (no detail) when it does not exist;
 * LB_ERR_CONFIG when it cannot be read or a line other than the last is
 * damaged. */
lb_status arc_jfile_read(const char *path, arc_jfile *out, lb_error *err);
/* Parses BUF[0..LEN) the same way (for tests). */
lb_status arc_jfile_parse(const char *buf, size_t len, arc_jfile *out, lb_error *err);
void arc_jfile_done(arc_jfile *f);

uint32_t arc_crc32(const void *data, size_t len);

typedef struct arc_journal arc_journal;

/* Creates PATH holding the lines of HEADER, atomically (a temporary file,
 * fsync'd, then linked to PATH; the directory fsync'd), and locks it.
 * LB_ERR_CONFLICT when PATH exists. */
arc_journal *arc_journal_create(const char *path, const arc_jbuf *header, lb_error *err);
/* Opens PATH to append after cutting it to VALID_BYTES (a torn tail), and
 * locks it. LB_ERR_CONFLICT when another process holds it. */
arc_journal *arc_journal_reopen(const char *path, size_t valid_bytes, lb_error *err);
/* Appends the lines of B with one write(); with SYNC then fsync(), which
 * makes every line written before durable too. */
lb_status arc_journal_write(arc_journal *j, const arc_jbuf *b, bool sync, lb_error *err);
/* fsync() when lines were written since the last one. */
lb_status arc_journal_sync(arc_journal *j, lb_error *err);
/* fsync()s what is left, unlocks and closes. NULL is fine. */
void arc_journal_close(arc_journal *j);
/* The journal's open file, for an fsync in another thread (archive_syncer.h). */
int arc_journal_fd(const arc_journal *j);
const char *arc_journal_path(const arc_journal *j);

/* True when a process holds the lock of PATH. */
bool arc_journal_locked(const char *path);
/* Renames PATH to PATH.done-YYYYmmddTHHMMSSZ (with -N when taken) and
 * fsyncs the directory; *NEW_PATH (may be NULL) gets the name, malloc'd. */
lb_status arc_journal_retire(const char *path, char **new_path, lb_error *err);

#endif
