/* melding_add.c — checking a draft against the configuration and sending it. */
#include "config.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client/arena.h"
#include "client/melding_add.h"

/* ---- the rules ---- */

static const lb_veld *find_veld(const lb_melding_config *cfg, const char *naam)
{
    for (size_t i = 0; i < cfg->veld_count; i++)
        if (cfg->velden[i].naam && strcmp(cfg->velden[i].naam, naam) == 0)
            return &cfg->velden[i];
    return NULL;
}

lb_melding_rule lb_melding_field_rule(const lb_melding_config *cfg, lb_draft_field f)
{
    lb_melding_rule r = {false, false, 0};
    /* the contract's limits for the indiener's parts (MeldingAdd) */
    static const int32_t contact_max[] = {
        [LB_DF_NAAM] = 200, [LB_DF_EMAIL] = 254, [LB_DF_TELEFOON] = 40};
    const lb_veld *v;
    switch (f) {
    case LB_DF_NAAM:
    case LB_DF_EMAIL:
    case LB_DF_TELEFOON:
        v = find_veld(cfg, "indiener");
        r.shown = v != NULL;
        r.required = v && v->verplicht && f == LB_DF_NAAM;
        r.max_len = contact_max[f];
        return r;
    case LB_DF_COUNT: return r;
    default: break;
    }
    v = find_veld(cfg, lb_draft_field_name(f));
    if (v) {
        r.shown = true;
        r.required = v->verplicht;
        r.max_len = v->max_lengte > 0 ? v->max_lengte : 0;
    }
    return r;
}

/* Characters, not bytes: the bus counts code points. */
static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

static bool blank(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

bool lb_melding_config_has_code(const lb_melding_config *cfg, const char *code)
{
    for (size_t i = 0; i < cfg->categorie_count; i++) {
        const lb_categorie *c = &cfg->categorieen[i];
        if (c->code && strcmp(c->code, code) == 0)
            return true;
        for (size_t j = 0; j < c->sub_count; j++)
            if (c->sub[j].code && strcmp(c->sub[j].code, code) == 0)
                return true;
    }
    return false;
}

static bool email_ok(const char *s)
{
    const char *at = strchr(s, '@');
    return at && at != s && at[1] && !strchr(at + 1, '@') && strchr(at + 1, '.') &&
           !strpbrk(s, " \t\r\n");
}

bool lb_melding_check_field(const lb_melding_config *cfg, lb_draft_field f, const char *value,
                            lb_melding_problem *out)
{
    lb_melding_rule r = lb_melding_field_rule(cfg, f);
    *out = (lb_melding_problem){f, LB_MP_REQUIRED, 0, 0};
    if (!value || blank(value))
        return !r.required;
    if (r.max_len > 0 && utf8_chars(value) > (size_t)r.max_len) {
        out->kind = LB_MP_TOO_LONG;
        out->limit = r.max_len;
        return false;
    }
    if (f == LB_DF_MELDINGSTYPE && !lb_melding_config_has_code(cfg, value)) {
        out->kind = LB_MP_UNKNOWN_CODE;
        return false;
    }
    if (f == LB_DF_KANAAL) {
        bool known = false;
        for (size_t i = 0; i < cfg->kanaal_count && !known; i++)
            known = strcmp(cfg->kanalen[i], value) == 0;
        if (!known) {
            out->kind = LB_MP_UNKNOWN_CODE;
            return false;
        }
    }
    if (f == LB_DF_EMAIL && !email_ok(value)) {
        out->kind = LB_MP_BAD_EMAIL;
        return false;
    }
    return true;
}

static bool name_ok(const char *naam)
{
    if (!*naam || strchr(naam, '/') || strstr(naam, "..") || utf8_chars(naam) > 255)
        return false;
    for (const unsigned char *p = (const unsigned char *)naam; *p; p++)
        if (*p < 0x20 || *p == 0x7F)
            return false;
    return true;
}

bool lb_melding_check_bijlage(const lb_bijlage_regels *rules, const char *naam,
                              const char *mime_type, int64_t grootte, size_t count,
                              lb_melding_problem *out)
{
    *out = (lb_melding_problem){LB_DF_COUNT, LB_MP_BIJLAGE_NAME, 0, count};
    if (!name_ok(naam))
        return false;
    bool allowed = rules->toegelaten_type_count == 0;
    for (size_t i = 0; i < rules->toegelaten_type_count && !allowed; i++)
        allowed = strcasecmp(rules->toegelaten_types[i], mime_type) == 0;
    if (!allowed) {
        out->kind = LB_MP_BIJLAGE_TYPE;
        return false;
    }
    if (grootte <= 0 || (rules->max_grootte > 0 && grootte > rules->max_grootte)) {
        out->kind = LB_MP_BIJLAGE_SIZE;
        out->limit = rules->max_grootte;
        return false;
    }
    if (rules->max_aantal > 0 && count + 1 > (size_t)rules->max_aantal) {
        out->kind = LB_MP_BIJLAGE_COUNT;
        out->limit = rules->max_aantal;
        return false;
    }
    return true;
}

const char *lb_melding_mime_for(const char *naam)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {"jpg", "image/jpeg"},
        {"jpeg", "image/jpeg"},
        {"png", "image/png"},
        {"pdf", "application/pdf"},
        {"txt", "text/plain"},
        {"gif", "image/gif"},
        {"heic", "image/heic"},
        {"doc", "application/msword"},
        {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    };
    const char *dot = strrchr(naam, '.');
    if (dot && !strchr(dot, '/'))
        for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
            if (strcasecmp(dot + 1, types[i].ext) == 0)
                return types[i].type;
    return "application/octet-stream";
}

static size_t add_problem(lb_melding_problem *out, size_t max, size_t n,
                          const lb_melding_problem *p)
{
    if (n < max)
        out[n] = *p;
    return n + 1;
}

size_t lb_melding_validate(const lb_melding_config *cfg, const lb_melding_draft *d,
                           lb_melding_problem *out, size_t max)
{
    size_t n = 0;
    lb_melding_problem p;
    for (int f = 0; f < LB_DF_COUNT; f++) {
        lb_melding_rule r = lb_melding_field_rule(cfg, (lb_draft_field)f);
        const char *v = lb_melding_draft_get(d, (lb_draft_field)f);
        if (!r.shown && !*v)
            continue;
        if (!lb_melding_check_field(cfg, (lb_draft_field)f, v, &p))
            n = add_problem(out, max, n, &p);
    }
    for (size_t i = 0; i < d->bijlage_count; i++) {
        const lb_draft_bijlage *b = &d->bijlagen[i];
        if (!lb_melding_check_bijlage(&cfg->bijlagen, b->naam, b->mime_type, b->grootte, i, &p)) {
            p.bijlage = i;
            n = add_problem(out, max, n, &p);
        }
    }
    return n;
}

char *lb_melding_add_body(const lb_melding_draft *d)
{
    static const lb_draft_field top[] = {LB_DF_TITEL,        LB_DF_SAMENVATTING, LB_DF_MELDINGSTYPE,
                                         LB_DF_BESCHRIJVING, LB_DF_ADRES,        LB_DF_KANAAL};
    static const lb_draft_field contact[] = {LB_DF_NAAM, LB_DF_EMAIL, LB_DF_TELEFOON};
    cJSON *o = cJSON_CreateObject();
    bool ok = o != NULL;
    for (size_t i = 0; ok && i < sizeof top / sizeof top[0]; i++) {
        const char *v = lb_melding_draft_get(d, top[i]);
        if (*v)
            ok = cJSON_AddStringToObject(o, lb_draft_field_name(top[i]), v) != NULL;
    }
    cJSON *ind = ok ? cJSON_AddObjectToObject(o, "indiener") : NULL;
    ok = ind && cJSON_AddStringToObject(ind, "type", "burger");
    for (size_t i = 0; ok && i < sizeof contact / sizeof contact[0]; i++) {
        const char *v = lb_melding_draft_get(d, contact[i]);
        if (*v)
            ok = cJSON_AddStringToObject(ind, lb_draft_field_name(contact[i]), v) != NULL;
    }
    char *text = ok ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    return text;
}

/* ---- sending ---- */

void lb_send_options_default(lb_send_options *o)
{
    o->upload_attempts = 4;
    o->retry_ms = 500;
}

struct lb_melding_send {
    lb_bus *bus;
    lb_melding_draft *d;
    lb_send_options opt;
    lb_send_callbacks cb;
    lb_request *req;
    unsigned long timer;
    size_t done_steps, steps; /* of this run */
    size_t current;           /* the attachment being uploaded */
    int attempt;              /* of the current upload */
    bool lost_answer;         /* the last upload got no answer: ask the bus before resending */
    int64_t sent_bytes; /* of the current upload: the file may have changed since it was added */
    long long reported; /* bytes last reported to PROGRESS */
};

static int64_t file_size(const lb_draft_bijlage *b)
{
    struct stat st;
    return stat(b->path, &st) == 0 ? (int64_t)st.st_size : b->grootte;
}

static void next(lb_melding_send *s);

static void finish(lb_melding_send *s, const lb_error *err, size_t bijlage)
{
    lb_send_callbacks cb = s->cb;
    free(s);
    cb.done(cb.user, err, bijlage);
}

static void progress(lb_melding_send *s, lb_send_phase phase)
{
    if (!s->cb.progress)
        return;
    lb_send_progress p = {phase, s->done_steps + 1, s->steps, s->current, s->attempt, 0, 0};
    if (s->current < s->d->bijlage_count)
        p.bytes = s->d->bijlagen[s->current].grootte;
    s->cb.progress(s->cb.user, &p);
}

static void changed(lb_melding_send *s)
{
    if (s->cb.changed)
        s->cb.changed(s->cb.user);
}

static void on_add(void *user, const lb_response *resp)
{
    lb_melding_send *s = user;
    s->req = NULL;
    if (resp->err.status != LB_OK) {
        /* a 4xx says the bus did not create it: the fields may change again */
        int h = resp->http_status;
        if (h >= 400 && h < 500 && h != 408 && h != 429) {
            s->d->add_sent = false;
            changed(s);
        }
        finish(s, &resp->err, SIZE_MAX);
        return;
    }
    lb_arena a;
    lb_arena_init(&a, 4096);
    lb_melding m;
    lb_error err;
    if (lb_melding_parse(resp->body, resp->body_len, &a, &m, &err) != LB_OK || !m.id) {
        lb_arena_done(&a);
        finish(s, &err, SIZE_MAX);
        return;
    }
    bool ok = lb_melding_draft_set_melding(s->d, m.id, m.nummer);
    lb_arena_done(&a);
    if (!ok) {
        lb_error_set(&err, LB_ERR_NOMEM, 0, NULL);
        finish(s, &err, SIZE_MAX);
        return;
    }
    s->done_steps++;
    changed(s);
    next(s);
}

/* After an upload whose answer was lost: did the bus store it? The names
 * and sizes on the bus beyond those already marked accepted are ours. */
static void on_check(void *user, const lb_response *resp)
{
    lb_melding_send *s = user;
    s->req = NULL;
    s->lost_answer = false;
    if (resp->err.status != LB_OK) {
        finish(s, &resp->err, s->current);
        return;
    }
    lb_arena a;
    lb_arena_init(&a, 4096);
    lb_melding m;
    lb_error err;
    if (lb_melding_parse(resp->body, resp->body_len, &a, &m, &err) != LB_OK) {
        lb_arena_done(&a);
        finish(s, &err, s->current);
        return;
    }
    lb_draft_bijlage *b = &s->d->bijlagen[s->current];
    /* a resumed run has sent nothing yet: the size on disk is what it sends */
    int64_t size = s->sent_bytes > 0 ? s->sent_bytes : file_size(b);
    size_t on_bus = 0, accepted = 0;
    for (size_t i = 0; i < m.bijlage_count; i++)
        if (m.bijlagen[i].naam && strcmp(m.bijlagen[i].naam, b->naam) == 0 &&
            m.bijlagen[i].grootte == size)
            on_bus++;
    for (size_t i = 0; i < s->d->bijlage_count; i++)
        if (s->d->bijlagen[i].accepted && strcmp(s->d->bijlagen[i].naam, b->naam) == 0 &&
            s->d->bijlagen[i].grootte == b->grootte)
            accepted++;
    lb_arena_done(&a);
    if (on_bus > accepted) {
        b->accepted = true;
        b->grootte = size;
        s->done_steps++;
        s->attempt = 0;
        changed(s);
    }
    next(s);
}

static void retry_timer(void *user)
{
    lb_melding_send *s = user;
    s->timer = 0;
    next(s);
}

static void on_upload(void *user, const lb_response *resp)
{
    lb_melding_send *s = user;
    s->req = NULL;
    if (resp->err.status == LB_OK) {
        s->d->bijlagen[s->current].accepted = true;
        s->d->bijlagen[s->current].grootte = s->sent_bytes;
        s->attempt = 0;
        s->done_steps++;
        changed(s);
        next(s);
        return;
    }
    bool transient = resp->http_status == 0 || resp->http_status >= 500 || resp->http_status == 429;
    if (!transient || s->attempt >= s->opt.upload_attempts) {
        finish(s, &resp->err, s->current);
        return;
    }
    /* without an answer the bus may have stored it: ask before resending */
    s->lost_answer = resp->http_status == 0;
    long delay = resp->retry_after_s > 0 ? resp->retry_after_s * 1000 : s->opt.retry_ms;
    progress(s, LB_SEND_WAITING);
    s->timer = lb_timer_add(lb_bus_transport(s->bus), delay, retry_timer, s);
    if (!s->timer) {
        lb_error err;
        lb_error_set(&err, LB_ERR_NOMEM, 0, NULL);
        finish(s, &err, s->current);
    }
}

/* Checks the attachment again before it goes (the file may have changed
 * or gone since it was added); its size is what the bus will hold. */
static lb_status check_file(const lb_draft_bijlage *b, int64_t *size, lb_error *err)
{
    struct stat st;
    if (stat(b->path, &st) != 0)
        return lb_error_set(err, LB_ERR_INVALID_INPUT, 0, "%s: %s", b->path, strerror(errno));
    if (!S_ISREG(st.st_mode) || st.st_size <= 0 || access(b->path, R_OK) != 0)
        return lb_error_set(err, LB_ERR_INVALID_INPUT, 0, "%s: not a readable file", b->path);
    *size = (int64_t)st.st_size;
    return LB_OK;
}

/* Bytes of the current upload on their way: every 5 % or so, not more. */
static void on_upload_progress(void *user, long long sent, long long total)
{
    lb_melding_send *s = user;
    long long step = total / 20 > 0 ? total / 20 : 1;
    if (sent != total && sent - s->reported < step)
        return;
    s->reported = sent;
    if (s->cb.progress && s->current < s->d->bijlage_count) {
        lb_send_progress p = {
            LB_SEND_UPLOAD, s->done_steps + 1, s->steps, s->current, s->attempt, total, sent};
        s->cb.progress(s->cb.user, &p);
    }
}

static void next(lb_melding_send *s)
{
    lb_error err;
    if (!s->d->melding_id) {
        char *body = lb_melding_add_body(s->d);
        if (!body) {
            lb_error_set(&err, LB_ERR_NOMEM, 0, NULL);
            finish(s, &err, SIZE_MAX);
            return;
        }
        /* from now on the body must stay as it is (saved before it goes) */
        s->d->add_sent = true;
        changed(s);
        static const char *const path[] = {"melding", "add", NULL};
        lb_request_spec spec = {.method = "POST",
                                .path = path,
                                .body = body,
                                .body_len = strlen(body),
                                .idempotency_key = s->d->idempotency_key};
        progress(s, LB_SEND_ADD);
        s->req = lb_bus_send(s->bus, &spec, on_add, s, &err);
        free(body);
        if (!s->req)
            finish(s, &err, SIZE_MAX);
        return;
    }
    if (s->lost_answer) {
        const char *path[] = {"melding", s->d->melding_id, NULL};
        lb_request_spec spec = {.method = "GET", .path = path};
        progress(s, LB_SEND_CHECK);
        s->req = lb_bus_send(s->bus, &spec, on_check, s, &err);
        if (!s->req)
            finish(s, &err, s->current);
        return;
    }
    size_t i = 0;
    while (i < s->d->bijlage_count && s->d->bijlagen[i].accepted)
        i++;
    if (i == s->d->bijlage_count) {
        lb_error ok;
        lb_error_set(&ok, LB_OK, 0, NULL);
        finish(s, &ok, SIZE_MAX);
        return;
    }
    if (i != s->current) {
        s->current = i;
        s->attempt = 0;
    }
    s->attempt++;
    const lb_draft_bijlage *b = &s->d->bijlagen[i];
    if (check_file(b, &s->sent_bytes, &err) != LB_OK) {
        finish(s, &err, i);
        return;
    }
    s->reported = 0;
    const char *path[] = {"melding", s->d->melding_id, "upload", NULL};
    lb_query_param q = {"filename", b->naam};
    lb_request_spec spec = {.method = "PUT",
                            .path = path,
                            .query = &q,
                            .query_count = 1,
                            .body_path = b->path, /* streamed, never whole in memory */
                            .upload_progress = on_upload_progress,
                            .progress_user = s,
                            .content_type = b->mime_type,
                            /* never resent behind our back: a lost answer
                             * is checked with GET before sending again */
                            .fresh_connection = true};
    progress(s, LB_SEND_UPLOAD);
    s->req = lb_bus_send(s->bus, &spec, on_upload, s, &err);
    if (!s->req)
        finish(s, &err, i);
}

lb_melding_send *lb_melding_send_start(lb_bus *bus, lb_melding_draft *d, const lb_send_options *opt,
                                       const lb_send_callbacks *cb, lb_error *err)
{
    lb_melding_send *s = calloc(1, sizeof *s);
    if (!s) {
        lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        return NULL;
    }
    s->bus = bus;
    s->d = d;
    s->cb = *cb;
    if (opt)
        s->opt = *opt;
    else
        lb_send_options_default(&s->opt);
    s->steps = d->melding_id ? 0 : 1;
    for (size_t i = 0; i < d->bijlage_count; i++)
        if (!d->bijlagen[i].accepted)
            s->steps++;
    s->current = SIZE_MAX;
    /* A run after a failure starts by asking the bus which attachments it
     * has: the last answer may have been lost after the bus stored it. */
    for (size_t i = 0; d->melding_id && i < d->bijlage_count && s->current == SIZE_MAX; i++)
        if (!d->bijlagen[i].accepted) {
            s->current = i;
            s->lost_answer = true;
        }
    /* the first step from the loop, so that DONE never runs before this returns */
    s->timer = lb_timer_add(lb_bus_transport(bus), 0, retry_timer, s);
    if (!s->timer) {
        free(s);
        lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        return NULL;
    }
    return s;
}

void lb_melding_send_cancel(lb_melding_send *s)
{
    if (!s)
        return;
    if (s->req)
        lb_request_cancel(s->req);
    if (s->timer)
        lb_timer_cancel(lb_bus_transport(s->bus), s->timer);
    free(s);
}
