/* text_util.c — see text_util.h. */
#include "config.h"

#include "sim/text_util.h"

#include <openssl/evp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

void sim_sb_append(sim_sb *sb, const char *text, size_t n)
{
    if (sb->failed)
        return;
    if (sb->len + n + 1 > sb->cap) {
        size_t cap = sb->cap ? sb->cap : 256;
        while (cap < sb->len + n + 1)
            cap *= 2;
        char *s = realloc(sb->s, cap);
        if (!s) {
            sb->failed = true;
            return;
        }
        sb->s = s;
        sb->cap = cap;
    }
    memcpy(sb->s + sb->len, text, n);
    sb->len += n;
    sb->s[sb->len] = '\0';
}

void sim_sb_puts(sim_sb *sb, const char *text)
{
    sim_sb_append(sb, text, strlen(text));
}

void sim_sb_printf(sim_sb *sb, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        sb->failed = true;
        return;
    }
    if ((size_t)n < sizeof small) {
        sim_sb_append(sb, small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        sb->failed = true;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sim_sb_append(sb, big, (size_t)n);
    free(big);
}

void sim_sb_done(sim_sb *sb)
{
    free(sb->s);
    sb->s = NULL;
    sb->len = sb->cap = 0;
}

static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

char *sim_base64url_encode(const unsigned char *data, size_t len)
{
    char *out = malloc(len / 3 * 4 + 5);
    if (!out)
        return NULL;
    size_t o = 0, i = 0;
    for (; i + 2 < len; i += 3) {
        uint32_t v = (uint32_t)data[i] << 16 | (uint32_t)data[i + 1] << 8 | data[i + 2];
        out[o++] = b64url[v >> 18];
        out[o++] = b64url[(v >> 12) & 63];
        out[o++] = b64url[(v >> 6) & 63];
        out[o++] = b64url[v & 63];
    }
    if (i < len) {
        uint32_t v = (uint32_t)data[i] << 16;
        if (i + 1 < len)
            v |= (uint32_t)data[i + 1] << 8;
        out[o++] = b64url[v >> 18];
        out[o++] = b64url[(v >> 12) & 63];
        if (i + 1 < len)
            out[o++] = b64url[(v >> 6) & 63];
    }
    out[o] = '\0';
    return out;
}

static int b64_value(char c, bool url)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == (url ? '-' : '+'))
        return 62;
    if (c == (url ? '_' : '/'))
        return 63;
    return -1;
}

static unsigned char *b64_decode(const char *text, size_t *out_len, bool url)
{
    size_t n = strlen(text);
    if (!url) {
        /* Standard base64 comes padded to a multiple of four. */
        if (n % 4 != 0)
            return NULL;
        size_t pad = 0;
        while (pad < 2 && n > 0 && text[n - 1] == '=') {
            n--;
            pad++;
        }
    }
    if (n % 4 == 1)
        return NULL;
    unsigned char *out = malloc(n / 4 * 3 + 3);
    if (!out)
        return NULL;
    size_t o = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        int v = b64_value(text[i], url);
        if (v < 0) {
            free(out);
            return NULL;
        }
        acc = acc << 6 | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (unsigned char)(acc >> bits);
            acc &= (1u << bits) - 1;
        }
    }
    *out_len = o;
    return out;
}

unsigned char *sim_base64url_decode(const char *text, size_t *out_len)
{
    return b64_decode(text, out_len, true);
}

unsigned char *sim_base64_decode(const char *text, size_t *out_len)
{
    return b64_decode(text, out_len, false);
}

void sim_iso_time(time_t t, char *buf)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void sim_iso_now(char *buf)
{
    sim_iso_time(time(NULL), buf);
}

void sim_today(char *buf)
{
    char iso[21];
    sim_iso_now(iso);
    memcpy(buf, iso, 10);
    buf[10] = '\0';
}

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static bool date_fields_ok(const char *s)
{
    if (!digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' || !digits(s + 8, 2))
        return false;
    int y = atoi(s), m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || m < 1 || m > 12 || d < 1)
        return false;
    int max = mdays[m - 1];
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        max = 29;
    return d <= max;
}

bool sim_is_date(const char *s)
{
    return s && strlen(s) == 10 && date_fields_ok(s);
}

bool sim_parse_datetime(const char *s, bool end_of_day, char *out21)
{
    if (sim_is_date(s)) {
        snprintf(out21, 21, "%sT%s", s, end_of_day ? "23:59:59Z" : "00:00:00Z");
        return true;
    }
    if (!s || strlen(s) != 20 || !date_fields_ok(s) || s[10] != 'T' || !digits(s + 11, 2) ||
        s[13] != ':' || !digits(s + 14, 2) || s[16] != ':' || !digits(s + 17, 2) || s[19] != 'Z')
        return false;
    if (atoi(s + 11) > 23 || atoi(s + 14) > 59 || atoi(s + 17) > 60)
        return false;
    memcpy(out21, s, 21);
    return true;
}

bool sim_is_guid(const char *s)
{
    if (!s || strlen(s) != 36)
        return false;
    for (int i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    }
    return true;
}

bool sim_is_hex64(const char *s)
{
    if (!s || strlen(s) != 64)
        return false;
    for (int i = 0; i < 64; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return true;
}

size_t sim_utf8_length(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80)
            n++;
    return n;
}

void sim_sha256_hex(const void *data, size_t len, char *out)
{
    unsigned char md[32];
    unsigned int mdlen = 0;
    EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL);
    for (unsigned i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
}

uint64_t sim_rng_next(sim_rng *r)
{
    uint64_t z = (r->state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

long sim_rng_range(sim_rng *r, long lo, long hi)
{
    return lo + (long)(sim_rng_next(r) % (uint64_t)(hi - lo + 1));
}

double sim_rng_unit(sim_rng *r)
{
    return (double)(sim_rng_next(r) >> 11) / 9007199254740992.0;
}

void sim_rng_guid(sim_rng *r, char *out)
{
    uint64_t a = sim_rng_next(r), b = sim_rng_next(r);
    snprintf(out, 37, "%08x-%04x-4%03x-%x%03x-%012llx", (unsigned)(a >> 32),
             (unsigned)((a >> 16) & 0xffff), (unsigned)(a & 0xfff), (unsigned)(8 + (b >> 62)),
             (unsigned)((b >> 48) & 0xfff), (unsigned long long)(b & 0xffffffffffffull));
}

void sim_new_guid(char *out)
{
    unsigned char b[16];
    size_t got = 0;
    while (got < sizeof b) {
        ssize_t n = getrandom(b + got, sizeof b - got, 0);
        if (n > 0)
            got += (size_t)n;
    }
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
             b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
             b[14], b[15]);
}
