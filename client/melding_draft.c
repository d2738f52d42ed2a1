/* melding_draft.c — the draft of a new melding and its file. */
#include "config.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client/fsync_dir.h"
#include "client/json_strict.h"
#include "client/melding_draft.h"

#define DRAFT_MAX_BYTES (4u << 20) /* a draft is text and paths: far below this */
#define DRAFT_VERSION   1

static const char *const field_names[LB_DF_COUNT] = {
#define LB_DF_NAME(id, name) name,
    LB_DRAFT_FIELDS(LB_DF_NAME)
#undef LB_DF_NAME
};

const char *lb_draft_field_name(lb_draft_field f)
{
    return f < LB_DF_COUNT ? field_names[f] : "";
}

static bool random_key(char out[LB_IDEMPOTENCY_KEY_LEN + 1])
{
    unsigned char r[16];
    size_t got = 0;
    while (got < sizeof r) {
        ssize_t n = getrandom(r + got, sizeof r - got, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        got += (size_t)n;
    }
    static const char hex[] = "0123456789abcdef";
    memcpy(out, "lbt-", 4);
    for (size_t i = 0; i < sizeof r; i++) {
        out[4 + 2 * i] = hex[r[i] >> 4];
        out[5 + 2 * i] = hex[r[i] & 15];
    }
    out[LB_IDEMPOTENCY_KEY_LEN] = '\0';
    return true;
}

lb_status lb_melding_draft_init(lb_melding_draft *d, lb_error *err)
{
    memset(d, 0, sizeof *d);
    if (!random_key(d->idempotency_key))
        return lb_error_set(err, LB_ERR_CONFIG, 0, "getrandom: %s", strerror(errno));
    d->started = d->changed = time(NULL);
    return LB_OK;
}

static void bijlage_done(lb_draft_bijlage *b)
{
    free(b->path);
    free(b->naam);
    free(b->mime_type);
}

void lb_melding_draft_done(lb_melding_draft *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < LB_DF_COUNT; i++)
        free(d->fields[i]);
    for (size_t i = 0; i < d->bijlage_count; i++)
        bijlage_done(&d->bijlagen[i]);
    free(d->bijlagen);
    free(d->melding_id);
    free(d->nummer);
    memset(d, 0, sizeof *d);
}

static bool set_str(char **slot, const char *value)
{
    char *copy = NULL;
    if (value && *value && !(copy = strdup(value)))
        return false;
    free(*slot);
    *slot = copy;
    return true;
}

bool lb_melding_draft_set(lb_melding_draft *d, lb_draft_field f, const char *value)
{
    if (f >= LB_DF_COUNT || !set_str(&d->fields[f], value))
        return false;
    d->changed = time(NULL);
    return true;
}

const char *lb_melding_draft_get(const lb_melding_draft *d, lb_draft_field f)
{
    return f < LB_DF_COUNT && d->fields[f] ? d->fields[f] : "";
}

bool lb_melding_draft_set_melding(lb_melding_draft *d, const char *id, const char *nummer)
{
    return set_str(&d->melding_id, id) && set_str(&d->nummer, nummer);
}

bool lb_melding_draft_add_bijlage(lb_melding_draft *d, const char *path, const char *naam,
                                  const char *mime_type, int64_t grootte)
{
    lb_draft_bijlage *grown = realloc(d->bijlagen, (d->bijlage_count + 1) * sizeof *grown);
    if (!grown)
        return false;
    d->bijlagen = grown;
    lb_draft_bijlage *b = &grown[d->bijlage_count];
    memset(b, 0, sizeof *b);
    b->path = strdup(path);
    b->naam = strdup(naam);
    b->mime_type = strdup(mime_type);
    b->grootte = grootte;
    if (!b->path || !b->naam || !b->mime_type) {
        bijlage_done(b);
        return false;
    }
    d->bijlage_count++;
    d->changed = time(NULL);
    return true;
}

void lb_melding_draft_remove_bijlage(lb_melding_draft *d, size_t i)
{
    if (i >= d->bijlage_count)
        return;
    bijlage_done(&d->bijlagen[i]);
    memmove(d->bijlagen + i, d->bijlagen + i + 1, (d->bijlage_count - i - 1) * sizeof *d->bijlagen);
    d->bijlage_count--;
    d->changed = time(NULL);
}

bool lb_melding_draft_empty(const lb_melding_draft *d)
{
    for (size_t i = 0; i < LB_DF_COUNT; i++)
        if (d->fields[i] && d->fields[i][0])
            return false;
    return d->bijlage_count == 0 && !d->melding_id;
}

/* ---- JSON ---- */

char *lb_melding_draft_to_json(const lb_melding_draft *d)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    bool ok = cJSON_AddNumberToObject(o, "versie", DRAFT_VERSION) &&
              cJSON_AddStringToObject(o, "idempotencyKey", d->idempotency_key) &&
              cJSON_AddNumberToObject(o, "begonnen", (double)d->started) &&
              cJSON_AddNumberToObject(o, "gewijzigd", (double)d->changed);
    cJSON *velden = ok ? cJSON_AddObjectToObject(o, "velden") : NULL;
    ok = velden != NULL;
    for (size_t i = 0; ok && i < LB_DF_COUNT; i++)
        if (d->fields[i])
            ok = cJSON_AddStringToObject(velden, field_names[i], d->fields[i]) != NULL;
    if (ok && d->add_sent)
        ok = cJSON_AddBoolToObject(o, "addVerstuurd", true) != NULL;
    if (ok && d->melding_id)
        ok = cJSON_AddStringToObject(o, "meldingId", d->melding_id) != NULL;
    if (ok && d->nummer)
        ok = cJSON_AddStringToObject(o, "nummer", d->nummer) != NULL;
    cJSON *arr = ok ? cJSON_AddArrayToObject(o, "bijlagen") : NULL;
    ok = arr != NULL;
    for (size_t i = 0; ok && i < d->bijlage_count; i++) {
        const lb_draft_bijlage *b = &d->bijlagen[i];
        cJSON *x = cJSON_CreateObject();
        ok = x && cJSON_AddItemToArray(arr, x) && cJSON_AddStringToObject(x, "pad", b->path) &&
             cJSON_AddStringToObject(x, "naam", b->naam) &&
             cJSON_AddStringToObject(x, "mimeType", b->mime_type) &&
             cJSON_AddNumberToObject(x, "grootte", (double)b->grootte) &&
             cJSON_AddBoolToObject(x, "aanvaard", b->accepted);
    }
    char *text = ok ? cJSON_Print(o) : NULL;
    cJSON_Delete(o);
    return text;
}

static const char *str_item(const cJSON *o, const char *name)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(x) ? x->valuestring : NULL;
}

/* The number X as an int64_t when it is finite and in range: casting
 * anything else (1e999 parses as inf) is undefined behaviour. */
static bool int_item(const cJSON *x, int64_t *out)
{
    if (!cJSON_IsNumber(x) || !(x->valuedouble >= -0x1p63 && x->valuedouble < 0x1p63))
        return false;
    *out = (int64_t)x->valuedouble;
    return true;
}

/* A time of the file, DFLT when absent or not a usable number. */
static time_t time_item(const cJSON *o, const char *name, time_t dflt)
{
    int64_t v;
    return int_item(cJSON_GetObjectItemCaseSensitive(o, name), &v) ? (time_t)v : dflt;
}

static lb_status bad(lb_error *err, const char *what)
{
    return lb_error_set(err, LB_ERR_BAD_RESPONSE, 0, "draft: %s", what);
}

lb_status lb_melding_draft_from_json(const char *json, size_t len, lb_melding_draft *out,
                                     lb_error *err)
{
    memset(out, 0, sizeof *out);
    /* strict: cJSON alone takes "{…} garbage" (a torn append) as a draft */
    cJSON *o = NULL;
    lb_error parse_err;
    if (lb_json_parse(json, len, LB_JSON_MAX_BYTES, &o, &parse_err) != LB_OK)
        return bad(err, "not JSON (cut off or damaged)");
    lb_status s = LB_OK;
    const cJSON *ver = cJSON_GetObjectItemCaseSensitive(o, "versie");
    const char *key = str_item(o, "idempotencyKey");
    const cJSON *velden = cJSON_GetObjectItemCaseSensitive(o, "velden");
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, "bijlagen");
    if (!cJSON_IsObject(o) || !cJSON_IsNumber(ver) || ver->valuedouble != DRAFT_VERSION) {
        s = bad(err, "unknown version");
        goto out;
    }
    if (!key || strlen(key) != LB_IDEMPOTENCY_KEY_LEN || strncmp(key, "lbt-", 4) != 0 ||
        strspn(key + 4, "0123456789abcdef") != LB_IDEMPOTENCY_KEY_LEN - 4) {
        s = bad(err, "no valid idempotency key");
        goto out;
    }
    if (!cJSON_IsObject(velden) || !cJSON_IsArray(arr)) {
        s = bad(err, "velden or bijlagen missing");
        goto out;
    }
    memcpy(out->idempotency_key, key, LB_IDEMPOTENCY_KEY_LEN + 1);
    out->started = time_item(o, "begonnen", 0);
    out->changed = time_item(o, "gewijzigd", out->started);
    for (size_t i = 0; i < LB_DF_COUNT; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(velden, field_names[i]);
        if (v && !cJSON_IsString(v)) {
            s = bad(err, "a field is not text");
            goto out;
        }
        if (v && !set_str(&out->fields[i], v->valuestring)) {
            s = lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
            goto out;
        }
    }
    out->add_sent = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "addVerstuurd"));
    if (!set_str(&out->melding_id, str_item(o, "meldingId")) ||
        !set_str(&out->nummer, str_item(o, "nummer"))) {
        s = lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        goto out;
    }
    const cJSON *b;
    cJSON_ArrayForEach(b, arr)
    {
        const char *pad = str_item(b, "pad"), *naam = str_item(b, "naam");
        const char *mime = str_item(b, "mimeType");
        int64_t grootte;
        const cJSON *acc = cJSON_GetObjectItemCaseSensitive(b, "aanvaard");
        if (!pad || !naam || !mime ||
            !int_item(cJSON_GetObjectItemCaseSensitive(b, "grootte"), &grootte) ||
            !cJSON_IsBool(acc)) {
            s = bad(err, "an attachment is incomplete");
            goto out;
        }
        if (!lb_melding_draft_add_bijlage(out, pad, naam, mime, grootte)) {
            s = lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
            goto out;
        }
        out->bijlagen[out->bijlage_count - 1].accepted = cJSON_IsTrue(acc);
    }
    /* Adding the attachments touched it. */
    out->changed = time_item(o, "gewijzigd", out->started);
out:
    cJSON_Delete(o);
    if (s != LB_OK)
        lb_melding_draft_done(out);
    return s;
}

/* ---- the file ---- */

static lb_status io_error(lb_error *err, const char *what, const char *path, int e)
{
    return lb_error_set(err, LB_ERR_CONFIG, 0, "%s %s: %s", what, path, strerror(e));
}

static lb_status fsync_dir_of(const char *path, lb_error *err)
{
    int e = lb_fsync_dir_of(path);
    return e ? io_error(err, "fsync the directory of", path, e) : LB_OK;
}

lb_status lb_melding_draft_save(const lb_melding_draft *d, const char *path, lb_error *err)
{
    char *text = lb_melding_draft_to_json(d);
    if (!text)
        return lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid()) >= (int)sizeof tmp) {
        free(text);
        return lb_error_set(err, LB_ERR_CONFIG, 0, "path too long: %s", path);
    }
    unlink(tmp);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        free(text);
        return io_error(err, "create", tmp, errno);
    }
    size_t len = strlen(text), off = 0;
    int e = 0;
    while (off < len) {
        ssize_t n = write(fd, text + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            e = n < 0 ? errno : EIO;
            break;
        }
        off += (size_t)n;
    }
    free(text);
    if (!e && fsync(fd) != 0)
        e = errno;
    if (close(fd) != 0 && !e)
        e = errno;
    if (!e && rename(tmp, path) != 0)
        e = errno;
    if (e) {
        unlink(tmp);
        return io_error(err, "write", path, e);
    }
    return fsync_dir_of(path, err);
}

/* Moves a damaged draft aside so that nothing typed is ever lost silently. */
static lb_draft_load_result set_aside(const char *path, const char *why, lb_error *err)
{
    char aside[4096];
    snprintf(aside, sizeof aside, "%s.damaged-%lld", path, (long long)time(NULL));
    if (rename(path, aside) != 0) {
        io_error(err, "rename", path, errno);
        return LB_DRAFT_ERROR;
    }
    lb_error_set(err, LB_ERR_BAD_RESPONSE, 0, "%s", aside);
    (void)why;
    return LB_DRAFT_DAMAGED;
}

lb_draft_load_result lb_melding_draft_load(const char *path, lb_melding_draft *out, lb_error *err)
{
    memset(out, 0, sizeof *out);
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        if (errno == ENOENT)
            return LB_DRAFT_NONE;
        io_error(err, "open", path, errno);
        return LB_DRAFT_ERROR;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        lb_error_set(err, LB_ERR_CONFIG, 0, "not a regular file: %s", path);
        return LB_DRAFT_ERROR;
    }
    if ((size_t)st.st_size > DRAFT_MAX_BYTES) {
        close(fd);
        return set_aside(path, "too large", err);
    }
    char *buf = malloc((size_t)st.st_size + 1);
    size_t len = 0;
    int e = buf ? 0 : ENOMEM;
    while (!e && len < (size_t)st.st_size) {
        ssize_t n = read(fd, buf + len, (size_t)st.st_size - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            e = errno;
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    close(fd);
    if (e) {
        free(buf);
        io_error(err, "read", path, e);
        return LB_DRAFT_ERROR;
    }
    lb_error perr;
    lb_status s = lb_melding_draft_from_json(buf, len, out, &perr);
    free(buf);
    if (s == LB_ERR_NOMEM) {
        *err = perr;
        return LB_DRAFT_ERROR;
    }
    if (s != LB_OK)
        return set_aside(path, perr.detail, err);
    return LB_DRAFT_LOADED;
}

lb_status lb_melding_draft_remove(const char *path, lb_error *err)
{
    if (unlink(path) != 0 && errno != ENOENT)
        return io_error(err, "remove", path, errno);
    return LB_OK;
}
