/* transport_url.c — the base URL taken apart, request URLs and next links. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "client/transport_internal.h"
#include "i18n/i18n.h"

static bool append(char **buf, size_t *len, const char *s, size_t n)
{
    char *p = realloc(*buf, *len + n + 1);
    if (!p)
        return false;
    memcpy(p + *len, s, n);
    *len += n;
    p[*len] = '\0';
    *buf = p;
    return true;
}

bool lb_url_encode_append(char **buf, size_t *len, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(s);
    /* Worst case every byte becomes %XX. */
    char *p = realloc(*buf, *len + 3 * n + 1);
    if (!p)
        return false;
    *buf = p;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                          (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
        if (unreserved) {
            p[(*len)++] = (char)c;
        } else {
            p[(*len)++] = '%';
            p[(*len)++] = hex[c >> 4];
            p[(*len)++] = hex[c & 15];
        }
    }
    p[*len] = '\0';
    return true;
}

lb_status lb_transport_url(const lb_transport *t, const char *const *segments,
                           const lb_query_param *query, size_t query_count, char **out,
                           lb_error *err)
{
    *out = NULL;
    char *path = NULL, *q = NULL;
    size_t plen = 0, qlen = 0;
    lb_status st = LB_ERR_NOMEM;
    if (!append(&path, &plen, t->base_path, strlen(t->base_path)))
        goto fail;
    for (size_t i = 0; segments && segments[i]; i++) {
        const char *s = segments[i];
        /* An empty id would turn "/meetings/{id}" into the list; "." and ".."
         * would be folded away by URL normalisation, wherever they are encoded. */
        if (!*s || strcmp(s, ".") == 0 || strcmp(s, "..") == 0) {
            st = lb_error_set(err, LB_ERR_INVALID_INPUT, 0,
                              _("An empty or dot path segment was refused."));
            goto fail;
        }
        if (!append(&path, &plen, "/", 1) || !lb_url_encode_append(&path, &plen, s))
            goto fail;
    }
    if (plen == 0 && !append(&path, &plen, "/", 1))
        goto fail;
    for (size_t i = 0; i < query_count; i++) {
        if (!query[i].name || !*query[i].name || !query[i].value) {
            st = lb_error_set(err, LB_ERR_INVALID_INPUT, 0, _("A query parameter has no name."));
            goto fail;
        }
        if ((i > 0 && !append(&q, &qlen, "&", 1)) ||
            !lb_url_encode_append(&q, &qlen, query[i].name) || !append(&q, &qlen, "=", 1) ||
            !lb_url_encode_append(&q, &qlen, query[i].value))
            goto fail;
    }
    CURLU *u = curl_url();
    if (!u)
        goto fail;
    char *url = NULL;
    CURLUcode rc = curl_url_set(u, CURLUPART_URL, t->origin, 0);
    if (!rc)
        rc = curl_url_set(u, CURLUPART_PATH, path, 0);
    if (!rc && q)
        rc = curl_url_set(u, CURLUPART_QUERY, q, 0);
    if (!rc)
        rc = curl_url_get(u, CURLUPART_URL, &url, 0);
    curl_url_cleanup(u);
    if (rc) {
        st = rc == CURLUE_OUT_OF_MEMORY
                 ? lb_error_set(err, LB_ERR_NOMEM, 0, NULL)
                 : lb_error_set(err, LB_ERR_INVALID_INPUT, 0, "URL: %s", curl_url_strerror(rc));
        goto fail;
    }
    *out = strdup(url);
    curl_free(url);
    if (!*out)
        goto fail;
    free(path);
    free(q);
    return LB_OK;
fail:
    if (st == LB_ERR_NOMEM)
        lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
    free(path);
    free(q);
    return st;
}

static bool same(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcasecmp(a, b) == 0;
}

lb_status lb_transport_link_url(const lb_transport *t, const char *link, char **out, lb_error *err)
{
    *out = NULL;
    /* The link is followed with our credentials: it must stay on the base
     * host, so only a root-relative path is accepted. */
    if (!link || link[0] != '/' || link[1] == '/')
        return lb_error_set(err, LB_ERR_BAD_RESPONSE, 0,
                            _("The next-page link is not a path on the LB-bus."));
    for (const char *c = link; *c; c++) {
        unsigned char b = (unsigned char)*c;
        if (b <= 0x20 || b >= 0x7f || b == '\\' || b == '#')
            return lb_error_set(err, LB_ERR_BAD_RESPONSE, 0,
                                _("The next-page link holds characters a URL may not hold."));
    }
    size_t olen = strlen(t->origin), llen = strlen(link);
    char *url = malloc(olen + llen + 1);
    if (!url)
        return lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
    memcpy(url, t->origin, olen);
    memcpy(url + olen, link, llen + 1);
    /* Belt and braces: parse the result and compare the authority. */
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL, *port = NULL;
    bool ok = u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
              curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
              curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK;
    if (ok && curl_url_get(u, CURLUPART_PORT, &port, 0) != CURLUE_OK)
        port = NULL;
    ok = ok && same(scheme, t->scheme) && same(host, t->host) && same(port, t->port);
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
    curl_url_cleanup(u);
    if (!ok) {
        free(url);
        return lb_error_set(err, LB_ERR_BAD_RESPONSE, 0,
                            _("The next-page link leads away from the LB-bus."));
    }
    *out = url;
    return LB_OK;
}
