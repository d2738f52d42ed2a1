/* transport.c — one curl multi handle driven through curl's socket and timer
 * callbacks; hardened easy handles kept in a pool. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/pem.h>

#include "client/transport_internal.h"
#include "i18n/i18n.h"

struct lb_transfer {
    lb_transport *t;
    CURL *easy;
    struct curl_slist *headers;
    size_t secret_lines; /* the first SECRET_LINES header nodes hold secrets */
    char *method, *url, *body;
    size_t body_len;
    char *resp;
    size_t resp_len, resp_cap, max_bytes;
    size_t received;    /* body bytes of this answer, wherever they went */
    lb_body_sink *sink; /* spec->sink, not owned */
    bool body_routed;   /* TO_SINK is decided for this answer */
    bool to_sink;       /* a 2xx body with a sink: bytes go to the file */
    int write_errno;    /* the sink's write failed */
    bool fresh_connect;
    int upload_fd; /* spec->body_path, or -1 */
    curl_off_t upload_size;
    void (*upload_progress)(void *user, long long sent, long long total);
    void *progress_user;
    bool too_large;
    char etag[256], content_type[128], location[1024];
    long retry_after_s;
    char errbuf[CURL_ERROR_SIZE];
    lb_transfer_fn done;
    void *user;
    lb_transfer *prev, *next;
};

long long lb_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- secrets and core dumps ---- */

static int secret_holds, dumpable_before = -1;

void lb_secrets_hold(void)
{
    if (secret_holds++ == 0) {
        dumpable_before = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
        prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
}

void lb_secrets_release(void)
{
    if (secret_holds > 0 && --secret_holds == 0 && dumpable_before > 0)
        prctl(PR_SET_DUMPABLE, dumpable_before, 0, 0, 0);
}

void lb_transport_options_default(lb_transport_options *o)
{
    *o = (lb_transport_options){
        .connect_timeout_ms = 15000,
        .total_timeout_ms = 120000,
        .low_speed_bytes = 64,
        .low_speed_secs = 30,
        .max_body_bytes = (size_t)64 * 1024 * 1024,
    };
}

/* ---- construction ---- */

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* Takes the base URL apart. "unix:/path" talks HTTP over that socket. */
static lb_status parse_base(lb_transport *t, const char *base, lb_error *err)
{
    if (!base || !lb_base_url_ok(base))
        return lb_error_set(err, LB_ERR_CONFIG, 0,
                            _("The base URL must use https:// (http:// only to this computer)."));
    const char *url = base;
    if (strncmp(base, "unix:", 5) == 0) {
        t->unix_path = strdup(base + 5);
        if (!t->unix_path)
            return lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        url = "http://localhost";
    }
    CURLU *u = curl_url();
    char *path = NULL, *origin = NULL;
    if (!u)
        return lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
    lb_status st = LB_OK;
    if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_SCHEME, &t->scheme, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_HOST, &t->host, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_PATH, &path, 0) != CURLUE_OK) {
        st = lb_error_set(err, LB_ERR_CONFIG, 0, _("The base URL cannot be read."));
        goto out;
    }
    if (curl_url_get(u, CURLUPART_PORT, &t->port, 0) != CURLUE_OK)
        t->port = NULL;
    if (curl_url_set(u, CURLUPART_PATH, "/", 0) != CURLUE_OK ||
        curl_url_set(u, CURLUPART_QUERY, NULL, 0) != CURLUE_OK ||
        curl_url_set(u, CURLUPART_FRAGMENT, NULL, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_URL, &origin, 0) != CURLUE_OK) {
        st = lb_error_set(err, LB_ERR_CONFIG, 0, _("The base URL cannot be read."));
        goto out;
    }
    size_t olen = strlen(origin), plen = strlen(path);
    while (olen > 0 && origin[olen - 1] == '/')
        olen--;
    while (plen > 0 && path[plen - 1] == '/')
        plen--;
    t->origin = strndup(origin, olen);
    t->base_path = strndup(path, plen);
    if (!t->origin || !t->base_path)
        st = lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
    /* http only to loopback (lb_base_url_ok checked) or over a Unix socket. */
    t->protocols = strcasecmp(t->scheme, "https") == 0 ? "https" : "http,https";
out:
    curl_free(path);
    curl_free(origin);
    curl_url_cleanup(u);
    return st;
}

typedef struct {
    lb_transport *t;
    lb_error *err;
    bool asked, refused;
} pass_ctx;

static int pem_pass(char *buf, int size, int rwflag, void *userp)
{
    (void)rwflag;
    pass_ctx *c = userp;
    lb_transport *t = c->t;
    if (!c->asked) {
        c->asked = true;
        if (!t->opt.passphrase ||
            t->opt.passphrase(t->opt.passphrase_user, t->client_key, &t->key_pass, c->err) !=
                LB_OK ||
            !t->key_pass.data) {
            c->refused = true;
            return -1;
        }
    }
    if (!t->key_pass.data || t->key_pass.len >= (size_t)size)
        return -1;
    memcpy(buf, t->key_pass.data, t->key_pass.len);
    return (int)t->key_pass.len;
}

/* An encrypted client key needs its passphrase: ask once, check it now. */
static lb_status open_client_key(lb_transport *t, lb_error *err)
{
    BIO *bio = BIO_new_file(t->client_key, "r");
    if (!bio)
        /* TRANSLATORS: %s is a file name. */
        return lb_error_set(err, LB_ERR_CONFIG, 0, _("Cannot read the client key %s."),
                            t->client_key);
    char head[4096];
    int n = BIO_read(bio, head, (int)sizeof head - 1);
    head[n > 0 ? n : 0] = '\0';
    bool encrypted = strstr(head, "ENCRYPTED") != NULL;
    explicit_bzero(head, sizeof head);
    if (!encrypted) {
        BIO_free(bio);
        return LB_OK; /* curl reads it; its errors are LB_ERR_TLS */
    }
    BIO_reset(bio);
    lb_secrets_hold();
    t->holds_secrets = true;
    pass_ctx c = {.t = t, .err = err};
    EVP_PKEY *key = PEM_read_bio_PrivateKey(bio, NULL, pem_pass, &c);
    BIO_free(bio);
    if (key) {
        EVP_PKEY_free(key);
        return LB_OK;
    }
    if (c.refused && err->status != LB_OK)
        return err->status;
    return lb_error_set(err, LB_ERR_TLS, 0,
                        /* TRANSLATORS: %s is a file name. */
                        _("The passphrase does not open the client key %s."), t->client_key);
}

lb_transport *lb_transport_new(const lb_profile *p, const lb_transport_options *options,
                               lb_error *err)
{
    lb_transport *t = calloc(1, sizeof *t);
    if (!t) {
        lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        return NULL;
    }
    lb_secret_init(&t->key_pass);
    t->curl_deadline = -1;
    t->next_timer_id = 1;
    if (options)
        t->opt = *options;
    else
        lb_transport_options_default(&t->opt);
    t->concurrency = p->concurrency > 0 ? p->concurrency : 1;
    err->status = LB_OK;
    if (parse_base(t, p->base_url, err) != LB_OK)
        goto fail;
    t->ca_bundle = dup_or_null(p->ca_bundle);
    t->client_cert = dup_or_null(p->client_cert);
    t->client_key = dup_or_null(p->client_key);
    t->pin = dup_or_null(p->pin);
    if ((p->ca_bundle && !t->ca_bundle) || (p->client_cert && !t->client_cert) ||
        (p->client_key && !t->client_key) || (p->pin && !t->pin)) {
        lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        goto fail;
    }
    if (t->client_key && open_client_key(t, err) != LB_OK)
        goto fail;
    t->multi = curl_multi_init();
    t->share = curl_share_init();
    if (!t->multi || !t->share) {
        lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        goto fail;
    }
    curl_share_setopt(t->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    curl_share_setopt(t->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_multi_setopt(t->multi, CURLMOPT_SOCKETFUNCTION, lb_transport_on_socket);
    curl_multi_setopt(t->multi, CURLMOPT_SOCKETDATA, t);
    curl_multi_setopt(t->multi, CURLMOPT_TIMERFUNCTION, lb_transport_on_timer);
    curl_multi_setopt(t->multi, CURLMOPT_TIMERDATA, t);
    curl_multi_setopt(t->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)t->concurrency);
    curl_multi_setopt(t->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)t->concurrency);
    /* Keep as many idle connections as we may open, so none is thrown away. */
    curl_multi_setopt(t->multi, CURLMOPT_MAXCONNECTS, (long)t->concurrency);
    return t;
fail:
    lb_transport_free(t);
    return NULL;
}

static void transfer_free(lb_transfer *x);

void lb_transport_free(lb_transport *t)
{
    if (!t)
        return;
    while (t->active)
        lb_transfer_cancel(t->active);
    for (size_t i = 0; i < t->npool; i++)
        curl_easy_cleanup(t->pool[i]);
    free(t->pool);
    if (t->multi)
        curl_multi_cleanup(t->multi);
    if (t->share)
        curl_share_cleanup(t->share);
    free(t->socks);
    free(t->timers);
    free(t->watches);
    free(t->origin);
    free(t->base_path);
    curl_free(t->scheme);
    curl_free(t->host);
    curl_free(t->port);
    free(t->unix_path);
    free(t->ca_bundle);
    free(t->client_cert);
    free(t->client_key);
    free(t->pin);
    lb_secret_done(&t->key_pass);
    if (t->holds_secrets)
        lb_secrets_release();
    free(t);
}

int lb_transport_concurrency(const lb_transport *t)
{
    return t->concurrency;
}

void lb_transport_get_stats(const lb_transport *t, lb_transport_stats *out)
{
    *out = t->stats;
}

/* ---- per-transfer callbacks (run inside curl: no multi calls here) ---- */

static bool grow(lb_transfer *x, size_t need)
{
    if (need <= x->resp_cap)
        return true;
    size_t cap = x->resp_cap ? x->resp_cap : 16384;
    while (cap < need)
        cap *= 2;
    char *p = realloc(x->resp, cap);
    if (!p)
        return false;
    x->resp = p;
    x->resp_cap = cap;
    if (cap > x->t->stats.body_buffer_peak)
        x->t->stats.body_buffer_peak = cap;
    return true;
}

void lb_body_sink_init(lb_body_sink *sink, int fd)
{
    off_t at = lseek(fd, 0, SEEK_CUR);
    *sink = (lb_body_sink){.fd = fd, .start = at < 0 ? -1 : (long long)at};
}

/* Drops what an earlier attempt wrote: the file goes back to START. 0 or
 * an errno. */
static int sink_rewind(lb_body_sink *s)
{
    if (s->written == 0)
        return 0;
    if (s->start < 0)
        return ESPIPE; /* a pipe cannot take back what it was given */
    if (ftruncate(s->fd, (off_t)s->start) != 0 || lseek(s->fd, (off_t)s->start, SEEK_SET) < 0)
        return errno ? errno : EIO;
    s->written = 0;
    return 0;
}

static bool sink_write(lb_transfer *x, const char *data, size_t n)
{
    lb_body_sink *s = x->sink;
    while (n > 0) {
        ssize_t w = write(s->fd, data, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            x->write_errno = s->write_errno = w < 0 && errno ? errno : EIO;
            return false;
        }
        s->written += w;
        data += w;
        n -= (size_t)w;
    }
    return true;
}

static size_t on_write(char *data, size_t size, size_t nmemb, void *userp)
{
    lb_transfer *x = userp;
    size_t n = size * nmemb;
    /* CURLOPT_MAXFILESIZE does not cap a body without Content-Length: we do,
     * also while it streams to a sink. */
    if (n > x->max_bytes - x->received) {
        x->too_large = true;
        return 0;
    }
    x->received += n;
    if (!x->body_routed) {
        /* Only a success goes to the file; an error body is parsed later. */
        long code = 0;
        curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code);
        x->to_sink = x->sink && code >= 200 && code < 300;
        x->body_routed = true;
    }
    if (x->to_sink)
        return sink_write(x, data, n) ? n : 0;
    if (!grow(x, x->resp_len + n + 1))
        return 0;
    memcpy(x->resp + x->resp_len, data, n);
    x->resp_len += n;
    x->resp[x->resp_len] = '\0';
    return n;
}

/* Copies a header value if it is printable ASCII (no CR, LF or other
 * controls inside); otherwise leaves DST empty. */
static void keep_value(char *dst, size_t size, const char *v, size_t len)
{
    dst[0] = '\0';
    if (len >= size)
        return;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)v[i] < 0x20 || (unsigned char)v[i] >= 0x7f)
            return;
    memcpy(dst, v, len);
    dst[len] = '\0';
}

static long parse_retry_after(const char *v, size_t len)
{
    char buf[64];
    keep_value(buf, sizeof buf, v, len);
    if (!buf[0])
        return -1;
    if (buf[0] >= '0' && buf[0] <= '9') {
        errno = 0;
        char *end;
        long s = strtol(buf, &end, 10);
        return (*end || errno) ? -1 : s;
    }
    time_t when = curl_getdate(buf, NULL); /* an HTTP-date */
    if (when < 0)
        return -1;
    time_t now = time(NULL);
    return when > now ? (long)(when - now) : 0;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *userp)
{
    lb_transfer *x = userp;
    size_t n = size * nmemb;
    if (n >= 5 && memcmp(data, "HTTP/", 5) == 0) {
        /* A new response (after 100 Continue): forget the previous one's. */
        x->etag[0] = x->content_type[0] = x->location[0] = '\0';
        x->retry_after_s = -1;
        x->body_routed = false;
        return n;
    }
    const char *colon = memchr(data, ':', n);
    if (!colon)
        return n;
    size_t nlen = (size_t)(colon - data);
    const char *v = colon + 1;
    size_t vlen = n - nlen - 1;
    while (vlen && (*v == ' ' || *v == '\t'))
        v++, vlen--;
    while (vlen && (v[vlen - 1] == '\n' || v[vlen - 1] == '\r' || v[vlen - 1] == ' ' ||
                    v[vlen - 1] == '\t'))
        vlen--;
#define IS(name) (nlen == sizeof name - 1 && strncasecmp(data, name, nlen) == 0)
    if (IS("ETag")) {
        keep_value(x->etag, sizeof x->etag, v, vlen);
    } else if (IS("Content-Type")) {
        keep_value(x->content_type, sizeof x->content_type, v, vlen);
    } else if (IS("Location")) {
        keep_value(x->location, sizeof x->location, v, vlen);
    } else if (IS("Retry-After")) {
        x->retry_after_s = parse_retry_after(v, vlen);
    } else if (IS("Content-Length")) {
        /* Refuse a body announced too big before a byte of it arrives. */
        char num[32];
        keep_value(num, sizeof num, v, vlen);
        if (num[0] && strtoull(num, NULL, 10) > x->max_bytes) {
            x->too_large = true;
            return 0;
        }
    }
#undef IS
    return n;
}

/* ---- transfers ---- */

static bool line_ok(const char *line)
{
    if (!strchr(line, ':'))
        return false;
    for (const char *c = line; *c; c++)
        if ((unsigned char)*c < 0x20 || (unsigned char)*c == 0x7f)
            return false; /* CR or LF would start a header of the sender's choosing */
    return true;
}

static void wipe_headers(lb_transfer *x)
{
    size_t i = 0;
    for (struct curl_slist *h = x->headers; h && i < x->secret_lines; h = h->next, i++)
        explicit_bzero(h->data, strlen(h->data));
    curl_slist_free_all(x->headers);
    x->headers = NULL;
}

static CURL *easy_get(lb_transport *t)
{
    if (t->npool)
        return t->pool[--t->npool];
    return curl_easy_init();
}

static void easy_put(lb_transport *t, CURL *e)
{
    curl_easy_reset(e);
    size_t keep = (size_t)t->concurrency * 2;
    if (t->npool < keep) {
        if (t->npool == t->cappool) {
            size_t cap = t->cappool ? t->cappool * 2 : 8;
            CURL **p = realloc(t->pool, cap * sizeof *p);
            if (!p) {
                curl_easy_cleanup(e);
                return;
            }
            t->pool = p;
            t->cappool = cap;
        }
        t->pool[t->npool++] = e;
        return;
    }
    curl_easy_cleanup(e);
}

static void transfer_free(lb_transfer *x)
{
    wipe_headers(x);
    free(x->method);
    free(x->url);
    free(x->body);
    free(x->resp);
    if (x->upload_fd >= 0)
        close(x->upload_fd);
    free(x);
}

static void unlink_transfer(lb_transfer *x)
{
    lb_transport *t = x->t;
    if (x->prev)
        x->prev->next = x->next;
    else
        t->active = x->next;
    if (x->next)
        x->next->prev = x->prev;
    t->nactive--;
    if (x->easy) {
        curl_multi_remove_handle(t->multi, x->easy);
        easy_put(t, x->easy);
        x->easy = NULL;
    }
}

void lb_transfer_cancel(lb_transfer *x)
{
    if (!x)
        return;
    unlink_transfer(x);
    transfer_free(x);
}

#define SETOPT(e, o, v)                                  \
    do {                                                 \
        if (curl_easy_setopt((e), (o), (v)) != CURLE_OK) \
            return false;                                \
    } while (0)

/* A body streamed from a file (spec->body_path). */
static size_t on_read(char *buf, size_t size, size_t n, void *user)
{
    lb_transfer *x = user;
    for (;;) {
        ssize_t got = read(x->upload_fd, buf, size * n);
        if (got >= 0)
            return (size_t)got;
        if (errno != EINTR)
            return CURL_READFUNC_ABORT;
    }
}

static int on_seek(void *user, curl_off_t offset, int origin)
{
    lb_transfer *x = user;
    return lseek(x->upload_fd, (off_t)offset, origin) < 0 ? CURL_SEEKFUNC_FAIL : CURL_SEEKFUNC_OK;
}

static int on_progress(void *user, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
    lb_transfer *x = user;
    (void)dltotal, (void)dlnow, (void)ultotal;
    x->upload_progress(x->progress_user, (long long)ulnow, (long long)x->upload_size);
    return 0;
}

/* Every hardening option, on every handle. */
static bool configure(lb_transfer *x, CURL *e)
{
    lb_transport *t = x->t;
    SETOPT(e, CURLOPT_URL, x->url);
    SETOPT(e, CURLOPT_PROTOCOLS_STR, t->protocols);
    SETOPT(e, CURLOPT_REDIR_PROTOCOLS_STR, t->protocols);
    SETOPT(e, CURLOPT_FOLLOWLOCATION, 0L);
    SETOPT(e, CURLOPT_MAXREDIRS, 0L);
    SETOPT(e, CURLOPT_NOSIGNAL, 1L);
    SETOPT(e, CURLOPT_SHARE, t->share);
    SETOPT(e, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
    SETOPT(e, CURLOPT_SSL_VERIFYPEER, 1L);
    SETOPT(e, CURLOPT_SSL_VERIFYHOST, 2L);
    if (t->ca_bundle)
        SETOPT(e, CURLOPT_CAINFO, t->ca_bundle);
    if (t->client_cert)
        SETOPT(e, CURLOPT_SSLCERT, t->client_cert);
    if (t->client_key)
        SETOPT(e, CURLOPT_SSLKEY, t->client_key);
    if (t->key_pass.data)
        SETOPT(e, CURLOPT_KEYPASSWD, t->key_pass.data);
    if (t->pin)
        SETOPT(e, CURLOPT_PINNEDPUBLICKEY, t->pin);
    if (t->unix_path)
        SETOPT(e, CURLOPT_UNIX_SOCKET_PATH, t->unix_path);
    if (t->unix_path || strcmp(t->protocols, "https") != 0)
        SETOPT(e, CURLOPT_NOPROXY, "*"); /* local traffic never goes through a proxy */
    SETOPT(e, CURLOPT_CONNECTTIMEOUT_MS, t->opt.connect_timeout_ms);
    SETOPT(e, CURLOPT_TIMEOUT_MS, t->opt.total_timeout_ms);
    SETOPT(e, CURLOPT_LOW_SPEED_LIMIT, t->opt.low_speed_bytes);
    SETOPT(e, CURLOPT_LOW_SPEED_TIME, t->opt.low_speed_secs);
    SETOPT(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)x->max_bytes);
    if (x->fresh_connect)
        SETOPT(e, CURLOPT_FRESH_CONNECT, 1L);
    SETOPT(e, CURLOPT_USERAGENT, PACKAGE_NAME "/" PACKAGE_VERSION);
    SETOPT(e, CURLOPT_WRITEFUNCTION, on_write);
    SETOPT(e, CURLOPT_WRITEDATA, x);
    SETOPT(e, CURLOPT_HEADERFUNCTION, on_header);
    SETOPT(e, CURLOPT_HEADERDATA, x);
    SETOPT(e, CURLOPT_ERRORBUFFER, x->errbuf);
    SETOPT(e, CURLOPT_PRIVATE, x);
    SETOPT(e, CURLOPT_HTTPHEADER, x->headers);
    if (x->upload_progress) {
        SETOPT(e, CURLOPT_NOPROGRESS, 0L);
        SETOPT(e, CURLOPT_XFERINFOFUNCTION, on_progress);
        SETOPT(e, CURLOPT_XFERINFODATA, x);
    }
    if (x->upload_fd >= 0) {
        SETOPT(e, CURLOPT_UPLOAD, 1L); /* a PUT unless CUSTOMREQUEST says otherwise */
        SETOPT(e, CURLOPT_READFUNCTION, on_read);
        SETOPT(e, CURLOPT_READDATA, x);
        SETOPT(e, CURLOPT_SEEKFUNCTION, on_seek);
        SETOPT(e, CURLOPT_SEEKDATA, x);
        SETOPT(e, CURLOPT_INFILESIZE_LARGE, x->upload_size);
        if (strcmp(x->method, "PUT") != 0)
            SETOPT(e, CURLOPT_CUSTOMREQUEST, x->method);
    } else if (strcmp(x->method, "GET") == 0) {
        SETOPT(e, CURLOPT_HTTPGET, 1L);
    } else {
        if (x->body || strcmp(x->method, "DELETE") != 0) {
            SETOPT(e, CURLOPT_POSTFIELDS, x->body ? x->body : "");
            SETOPT(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)x->body_len);
        }
        if (strcmp(x->method, "POST") != 0)
            SETOPT(e, CURLOPT_CUSTOMREQUEST, x->method);
    }
    return true;
}

#undef SETOPT

static bool method_ok(const char *m)
{
    static const char *const ok[] = {"GET", "POST", "PUT", "PATCH", "DELETE"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (m && strcmp(m, ok[i]) == 0)
            return true;
    return false;
}

static bool add_lines(lb_transfer *x, const char *const *lines)
{
    for (size_t i = 0; lines && lines[i]; i++) {
        struct curl_slist *n = curl_slist_append(x->headers, lines[i]);
        if (!n)
            return false;
        x->headers = n;
    }
    return true;
}

static bool lines_ok(const char *const *lines)
{
    for (size_t i = 0; lines && lines[i]; i++)
        if (!line_ok(lines[i]))
            return false;
    return true;
}

lb_transfer *lb_transfer_start(lb_transport *t, const lb_transfer_spec *spec, lb_transfer_fn done,
                               void *user, lb_error *err)
{
    if (!method_ok(spec->method) || !spec->url) {
        lb_error_set(err, LB_ERR_INVALID_INPUT, 0, "unsupported method or no URL");
        return NULL;
    }
    if (!lines_ok(spec->headers) || !lines_ok(spec->secret_headers)) {
        lb_error_set(err, LB_ERR_INVALID_INPUT, 0,
                     _("A request header holds a line break or another control character."));
        return NULL;
    }
    lb_transfer *x = calloc(1, sizeof *x);
    if (!x) {
        lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        return NULL;
    }
    x->t = t;
    x->done = done;
    x->user = user;
    x->retry_after_s = -1;
    x->max_bytes = spec->max_body_bytes ? spec->max_body_bytes : t->opt.max_body_bytes;
    x->fresh_connect = spec->fresh_connect;
    x->upload_fd = -1;
    x->upload_progress = spec->upload_progress;
    x->progress_user = spec->progress_user;
    if (spec->body_path) {
        struct stat st;
        x->upload_fd = open(spec->body_path, O_RDONLY | O_CLOEXEC);
        if (x->upload_fd < 0 || fstat(x->upload_fd, &st) != 0 || !S_ISREG(st.st_mode)) {
            lb_error_set(err, LB_ERR_INVALID_INPUT, 0, "%s: %s", spec->body_path,
                         x->upload_fd < 0 ? strerror(errno) : "not a regular file");
            transfer_free(x);
            return NULL;
        }
        x->upload_size = (curl_off_t)st.st_size;
    }
    if (spec->sink) {
        int e = spec->sink->fd < 0 ? EBADF : sink_rewind(spec->sink);
        spec->sink->write_errno = e;
        if (e) {
            lb_error_set(err, LB_ERR_INVALID_INPUT, 0, "write: %s", strerror(e));
            transfer_free(x);
            return NULL;
        }
        x->sink = spec->sink;
    }
    x->method = strdup(spec->method);
    x->url = strdup(spec->url);
    bool mem = x->method && x->url;
    if (mem && spec->body) {
        x->body = malloc(spec->body_len ? spec->body_len : 1);
        mem = x->body != NULL;
        if (mem)
            memcpy(x->body, spec->body, spec->body_len);
        x->body_len = spec->body_len;
    }
    /* Secret lines first, so wipe_headers finds them; "Expect:" stops curl
     * waiting a second for a 100 Continue before sending a body. */
    static const char *const fixed[] = {"Expect:", NULL};
    mem = mem && add_lines(x, spec->secret_headers);
    for (size_t i = 0; spec->secret_headers && spec->secret_headers[i]; i++)
        x->secret_lines++;
    mem = mem && add_lines(x, spec->headers) && add_lines(x, fixed);
    x->easy = mem ? easy_get(t) : NULL;
    if (!x->easy) {
        transfer_free(x);
        lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        return NULL;
    }
    x->next = t->active;
    if (t->active)
        t->active->prev = x;
    t->active = x;
    t->nactive++;
    if (!configure(x, x->easy)) {
        lb_transfer_cancel(x);
        lb_error_set(err, LB_ERR_CONFIG, 0, _("libcurl refused a transfer option."));
        return NULL;
    }
    if (curl_multi_add_handle(t->multi, x->easy) != CURLM_OK) {
        /* Not added: unlink_transfer's remove_handle is harmless. */
        lb_transfer_cancel(x);
        lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        return NULL;
    }
    return x;
}

/* ---- results ---- */

static lb_status status_of(CURLcode rc, bool too_large)
{
    if (too_large)
        return LB_ERR_TOO_LARGE;
    switch (rc) {
    case CURLE_OK: return LB_OK;
    case CURLE_OPERATION_TIMEDOUT: return LB_ERR_TIMEOUT; /* also the low-speed abort */
    case CURLE_FILESIZE_EXCEEDED: return LB_ERR_TOO_LARGE;
    case CURLE_OUT_OF_MEMORY: return LB_ERR_NOMEM;
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT: return LB_ERR_CONFIG;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CLIENTCERT:
    case CURLE_USE_SSL_FAILED: return LB_ERR_TLS;
    default: return LB_ERR_NETWORK;
    }
}

/* curl's message names hosts and reasons, never our headers; still, only
 * printable ASCII goes on. */
static void clean_ascii(char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
            *s = ' ';
}

static void finish(lb_transport *t, lb_transfer *x, CURLcode rc)
{
    lb_transfer_result r = {.retry_after_s = -1, .curl_code = (int)rc};
    long code = 0, connects = 0;
    curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_getinfo(x->easy, CURLINFO_NUM_CONNECTS, &connects);
    t->stats.transfers++;
    t->stats.connects += (unsigned long)connects;
    r.connects = connects;
    lb_status st = x->write_errno ? LB_ERR_INVALID_INPUT : status_of(rc, x->too_large);
    if (st == LB_OK) {
        r.http_status = (int)code;
        lb_error_set(&r.err, LB_OK, (int)code, NULL);
    } else if (x->write_errno) {
        lb_error_set(&r.err, st, 0, "write: %s", strerror(x->write_errno));
    } else if (st == LB_ERR_TOO_LARGE) {
        lb_error_set(&r.err, st, 0, _("The answer is larger than %zu bytes."), x->max_bytes);
    } else {
        clean_ascii(x->errbuf);
        lb_error_set(&r.err, st, 0, "%s", x->errbuf[0] ? x->errbuf : curl_easy_strerror(rc));
    }
    if (st == LB_OK) {
        r.body = x->resp ? x->resp : "";
        r.body_len = x->resp_len;
        r.etag = x->etag[0] ? x->etag : NULL;
        r.content_type = x->content_type[0] ? x->content_type : NULL;
        r.location = x->location[0] ? x->location : NULL;
        r.retry_after_s = x->retry_after_s;
    } else {
        r.body = "";
    }
    lb_transfer_fn done = x->done;
    void *user = x->user;
    /* Unlinked before the callback: it may start or cancel other transfers. */
    unlink_transfer(x);
    done(user, &r);
    transfer_free(x);
}

void lb_transport_process_messages(lb_transport *t)
{
    CURLMsg *m;
    int left;
    while ((m = curl_multi_info_read(t->multi, &left))) {
        if (m->msg != CURLMSG_DONE)
            continue;
        lb_transfer *x = NULL;
        curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
        if (x)
            finish(t, x, m->data.result);
    }
}
