/* bus_errors.c — the bus's two error shapes, and text made printable. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "client/bus.h"
#include "client/json_strict.h"
#include "i18n/i18n.h"

/* Decodes one UTF-8 sequence at S (LEN bytes left); returns its length, 0
 * when invalid (overlong, surrogate, beyond U+10FFFF, cut short). */
static size_t utf8_next(const unsigned char *s, size_t len, unsigned *cp)
{
    unsigned c = s[0];
    size_t n;
    unsigned min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xe0) == 0xc0) {
        n = 2, min = 0x80, c &= 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
        n = 3, min = 0x800, c &= 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
        n = 4, min = 0x10000, c &= 0x07;
    } else {
        return 0;
    }
    if (n > len)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3f);
    }
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *cp = c;
    return n;
}

/* Characters that change how the terminal shows what follows without being
 * seen themselves: bidi controls, zero-width marks, the BOM. */
static bool invisible_format(unsigned cp)
{
    return (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
           (cp >= 0x2060 && cp <= 0x2069) || cp == 0xfeff || cp == 0x061c;
}

void lb_printable_copy(char *out, size_t size, const char *s, size_t len)
{
    if (size == 0)
        return;
    size_t o = 0;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        unsigned cp = 0;
        size_t n = utf8_next(u + i, len - i, &cp);
        const char *piece = (const char *)u + i;
        size_t plen = n;
        if (n == 0) {
            piece = "?";
            plen = 1;
            n = 1;
        } else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
            piece = " ";
            plen = 1;
        } else if (invisible_format(cp)) {
            plen = 0;
        }
        if (o + plen >= size)
            break;
        memcpy(out + o, piece, plen);
        o += plen;
        i += n;
    }
    out[o] = '\0';
}

/* Blanks every occurrence of each secret in TEXT. */
static void redact(char *text, const char *const *secrets)
{
    for (size_t i = 0; secrets && secrets[i]; i++) {
        size_t n = strlen(secrets[i]);
        if (n < 4)
            continue; /* too short to be a credential; would blank common words */
        for (char *p = strstr(text, secrets[i]); p; p = strstr(p + n, secrets[i]))
            memset(p, '*', n);
    }
}

static const char *string_at(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

void lb_bus_error_from_answer(int http_status, const char *body, size_t len,
                              const char *const *secrets, char *code, size_t code_size,
                              lb_error *err)
{
    lb_status st = lb_status_from_http(http_status);
    if (http_status >= 300 && http_status < 400)
        st = LB_ERR_BAD_RESPONSE; /* we never follow redirects */
    if (code && code_size)
        code[0] = '\0';
    const char *msg = NULL, *c = NULL;
    char num[24];
    cJSON *root = NULL;
    lb_error ignored;
    /* The strict parser: an error body is as untrusted as any other. */
    if (body && len && len <= 65536 && lb_json_parse(body, len, 65536, &root, &ignored) == LB_OK &&
        cJSON_IsObject(root)) {
        const cJSON *e = cJSON_GetObjectItemCaseSensitive(root, "error");
        const cJSON *sc = cJSON_GetObjectItemCaseSensitive(root, "statusCode");
        if (cJSON_IsObject(e)) { /* Dataverse */
            msg = string_at(e, "message");
            c = string_at(e, "code");
        } else if (cJSON_IsNumber(sc)) { /* the gateway (API Management) */
            msg = string_at(root, "message");
            snprintf(num, sizeof num, "%d", (int)sc->valuedouble);
            c = num;
        }
    }
    if (code && c)
        lb_printable_copy(code, code_size, c, strlen(c));
    if (msg && *msg) {
        char text[sizeof err->detail];
        lb_printable_copy(text, sizeof text, msg, strlen(msg));
        redact(text, secrets);
        lb_error_set(err, st, http_status, "%s", text);
    } else if (http_status >= 300 && http_status < 400) {
        lb_error_set(err, st, http_status,
                     _("The LB-bus answered with a redirect (HTTP %d), which lbterm does not "
                       "follow."),
                     http_status);
    } else {
        lb_error_set(err, st, http_status, _("HTTP %d without an error message lbterm can read."),
                     http_status);
    }
    cJSON_Delete(root);
}
