/* melding_fetch.c — one melding and its attachments from the bus. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "client/melding_fetch.h"

void lb_melding_record_free(lb_melding_record *rec)
{
    if (!rec)
        return;
    lb_arena_done(&rec->arena);
    free(rec);
}

struct lb_melding_fetch {
    lb_request *req;
    lb_melding_fetch_fn done;
    void *user;
};

static void on_melding(void *user, const lb_response *resp)
{
    lb_melding_fetch *f = user;
    lb_melding_fetch_fn done = f->done;
    void *u = f->user;
    free(f);
    lb_error err = resp->err;
    if (err.status != LB_OK) {
        done(u, NULL, &err);
        return;
    }
    lb_melding_record *rec = calloc(1, sizeof *rec);
    if (!rec) {
        lb_error_set(&err, LB_ERR_NOMEM, 0, "melding record");
        done(u, NULL, &err);
        return;
    }
    lb_arena_init(&rec->arena, 0);
    if (lb_melding_parse(resp->body, resp->body_len, &rec->arena, &rec->melding, &err) != LB_OK) {
        lb_melding_record_free(rec);
        done(u, NULL, &err);
        return;
    }
    done(u, rec, &err);
}

lb_melding_fetch *lb_melding_fetch_start(lb_bus *bus, const char *id, lb_melding_fetch_fn done,
                                         void *user, lb_error *err)
{
    lb_melding_fetch *f = calloc(1, sizeof *f);
    if (!f) {
        lb_error_set(err, LB_ERR_NOMEM, 0, "melding fetch");
        return NULL;
    }
    f->done = done;
    f->user = user;
    const char *path[] = {"melding", id, NULL};
    lb_request_spec spec = {.method = "GET", .path = path};
    f->req = lb_bus_send(bus, &spec, on_melding, f, err);
    if (!f->req) {
        free(f);
        return NULL;
    }
    return f;
}

void lb_melding_fetch_cancel(lb_melding_fetch *f)
{
    if (!f)
        return;
    lb_request_cancel(f->req);
    free(f);
}

/* ---- attachments ---- */

struct lb_attachment_fetch {
    lb_request *req;
    bool to_file;
    lb_body_sink sink; /* TO_FILE: the bus's every attempt writes here */
    lb_attachment_fetch_fn done;
    void *user;
};

static void on_attachment(void *user, const lb_response *resp)
{
    lb_attachment_fetch *f = user;
    lb_attachment_fetch_fn done = f->done;
    void *u = f->user;
    bool to_file = f->to_file;
    int write_errno = to_file ? f->sink.write_errno : 0;
    free(f);
    lb_error err = resp->err;
    if (err.status != LB_OK) {
        /* A failed write: the transport already said "write: <reason>". */
        done(u, &err, write_errno, NULL, 0);
        return;
    }
    if (to_file)
        done(u, &err, 0, NULL, 0); /* the bytes are in the file already */
    else
        done(u, &err, 0, resp->body, resp->body_len);
}

static lb_attachment_fetch *start(lb_bus *bus, const char *melding_id, const char *attachment_id,
                                  int fd, size_t max_bytes, lb_attachment_fetch_fn done, void *user,
                                  lb_error *err)
{
    lb_attachment_fetch *f = calloc(1, sizeof *f);
    if (!f) {
        lb_error_set(err, LB_ERR_NOMEM, 0, "attachment fetch");
        return NULL;
    }
    f->to_file = fd >= 0;
    if (f->to_file)
        lb_body_sink_init(&f->sink, fd);
    f->done = done;
    f->user = user;
    const char *path[] = {"melding", melding_id, "attachments", attachment_id, NULL};
    lb_request_spec spec = {
        .method = "GET",
        .path = path,
        .max_body_bytes = max_bytes ? max_bytes : LB_ATTACHMENT_MAX_BYTES,
        .sink = f->to_file ? &f->sink : NULL,
    };
    f->req = lb_bus_send(bus, &spec, on_attachment, f, err);
    if (!f->req) {
        free(f);
        return NULL;
    }
    return f;
}

lb_attachment_fetch *lb_attachment_download_start(lb_bus *bus, const char *melding_id,
                                                  const char *attachment_id, int fd,
                                                  size_t max_bytes, lb_attachment_fetch_fn done,
                                                  void *user, lb_error *err)
{
    if (fd < 0) {
        lb_error_set(err, LB_ERR_INVALID_INPUT, 0, "no file to write to");
        return NULL;
    }
    return start(bus, melding_id, attachment_id, fd, max_bytes, done, user, err);
}

lb_attachment_fetch *lb_attachment_fetch_start(lb_bus *bus, const char *melding_id,
                                               const char *attachment_id, size_t max_bytes,
                                               lb_attachment_fetch_fn done, void *user,
                                               lb_error *err)
{
    return start(bus, melding_id, attachment_id, -1, max_bytes, done, user, err);
}

void lb_attachment_fetch_cancel(lb_attachment_fetch *f)
{
    if (!f)
        return;
    lb_request_cancel(f->req);
    free(f);
}

bool lb_attachment_is_text(const char *mime)
{
    if (!mime)
        return false;
    static const char *const types[] = {"application/json", "application/xml", "text/csv",
                                        "application/csv"};
    if (strncasecmp(mime, "text/", 5) == 0)
        return true;
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        size_t n = strlen(types[i]);
        if (strncasecmp(mime, types[i], n) == 0 && (mime[n] == '\0' || mime[n] == ';'))
            return true;
    }
    return false;
}

void lb_attachment_format_size(long long bytes, char *buf, size_t size)
{
    if (bytes < 0)
        bytes = 0;
    if (bytes < 1000) {
        snprintf(buf, size, "%lld B", bytes);
        return;
    }
    const char *unit = bytes < 1000000 ? "kB" : bytes < 1000000000LL ? "MB" : "GB";
    long long div = bytes < 1000000 ? 1000 : bytes < 1000000000LL ? 1000000 : 1000000000LL;
    long long tenths = (bytes * 10 + div / 2) / div;
    if (tenths >= 1000)
        snprintf(buf, size, "%lld %s", tenths / 10, unit);
    else
        snprintf(buf, size, "%lld,%lld %s", tenths / 10, tenths % 10, unit);
}
