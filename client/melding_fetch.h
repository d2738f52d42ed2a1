/* melding_fetch.h — reading one melding (GET /melding/{id}) and its
 * attachments (GET /melding/{id}/attachments/{attachmentId}) for the
 * helpdesk screens. Errors come back as values; nothing here draws. */
#ifndef LB_MELDING_FETCH_H
#define LB_MELDING_FETCH_H

#include <stddef.h>

#include "client/bus.h"
#include "client/records.h"

/* A parsed melding and the arena that holds its strings. */
typedef struct {
    lb_melding melding;
    lb_arena arena;
} lb_melding_record;

void lb_melding_record_free(lb_melding_record *rec);

typedef struct lb_melding_fetch lb_melding_fetch;

/* REC (the callee owns it: lb_melding_record_free) on success, else NULL and
 * ERR says why. The handle is gone once this runs. */
typedef void (*lb_melding_fetch_fn)(void *user, lb_melding_record *rec, const lb_error *err);

/* Starts GET /melding/ID. NULL (ERR filled, DONE never runs) when refused. */
lb_melding_fetch *lb_melding_fetch_start(lb_bus *bus, const char *id, lb_melding_fetch_fn done,
                                         void *user, lb_error *err);
/* Stops it; DONE never runs. NULL is fine. */
void lb_melding_fetch_cancel(lb_melding_fetch *f);

/* ---- attachments ---- */

/* The cap on one attachment lbterm fetches (the bus's own limit is 10 MB). */
#define LB_ATTACHMENT_MAX_BYTES ((size_t)64 * 1024 * 1024)

typedef struct lb_attachment_fetch lb_attachment_fetch;

/* The end of a fetch. ERR->status LB_OK when every byte arrived (and, for a
 * download, was written); LB_ERR_TOO_LARGE past the cap. WRITE_ERRNO is the
 * errno of a failed write to the file (then ERR is LB_ERR_INVALID_INPUT), 0
 * otherwise. DATA/LEN: the bytes, for a fetch into memory only (valid during
 * the call; NULL for a download). */
typedef void (*lb_attachment_fetch_fn)(void *user, const lb_error *err, int write_errno,
                                       const char *data, size_t len);

/* Downloads attachment ATTACHMENT_ID of melding MELDING_ID into FD (not
 * closed; written from its current offset), at most MAX_BYTES (0: the
 * default cap). The bytes go to FD as they arrive and are never held in
 * memory; past MAX_BYTES the download stops with LB_ERR_TOO_LARGE. A retry
 * (after a dropped connection) cuts FD back to that offset first, so the
 * file never holds two partial copies. On failure FD may hold part of the
 * attachment: the caller discards the file. */
lb_attachment_fetch *lb_attachment_download_start(lb_bus *bus, const char *melding_id,
                                                  const char *attachment_id, int fd,
                                                  size_t max_bytes, lb_attachment_fetch_fn done,
                                                  void *user, lb_error *err);
/* The same into memory: DONE gets the bytes (to view a text attachment). */
lb_attachment_fetch *lb_attachment_fetch_start(lb_bus *bus, const char *melding_id,
                                               const char *attachment_id, size_t max_bytes,
                                               lb_attachment_fetch_fn done, void *user,
                                               lb_error *err);
/* Stops it; DONE never runs. NULL is fine. */
void lb_attachment_fetch_cancel(lb_attachment_fetch *f);

/* True for a MIME type lbterm may show as text (text/..., JSON, XML, CSV). */
bool lb_attachment_is_text(const char *mime_type);

/* "12,5 kB", "1,2 MB", "880 B": Belgian decimal comma, 1 kB = 1000 B. */
void lb_attachment_format_size(long long bytes, char *buf, size_t size);

#endif
