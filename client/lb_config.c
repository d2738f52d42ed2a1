/* lb_config.c — INI profiles: parse, merge per key, validate. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "client/lb_config.h"
#include "i18n/i18n.h"

#define LINE_MAX_BYTES 4096

/* ---- profiles ---- */

static void profile_free_strings(lb_profile *p)
{
    char **strs[] = {&p->name,
                     &p->base_url,
                     &p->ca_bundle,
                     &p->client_cert,
                     &p->client_key,
                     &p->pin,
                     &p->subscription_key_file,
                     &p->token_file,
                     &p->origin};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
        free(*strs[i]);
        *strs[i] = NULL;
    }
}

void lb_config_init(lb_config *cfg)
{
    cfg->profiles = NULL;
    cfg->count = 0;
    cfg->cap = 0;
}

void lb_config_done(lb_config *cfg)
{
    for (size_t i = 0; i < cfg->count; i++)
        profile_free_strings(&cfg->profiles[i]);
    free(cfg->profiles);
    lb_config_init(cfg);
}

const lb_profile *lb_config_find(const lb_config *cfg, const char *name)
{
    for (size_t i = 0; i < cfg->count; i++)
        if (strcmp(cfg->profiles[i].name, name) == 0)
            return &cfg->profiles[i];
    return NULL;
}

/* The profile NAME, created with defaults when new; NULL when out of memory. */
static lb_profile *profile_get(lb_config *cfg, const char *name)
{
    lb_profile *p = (lb_profile *)lb_config_find(cfg, name);
    if (p)
        return p;
    if (cfg->count == cfg->cap) {
        size_t cap = cfg->cap ? cfg->cap * 2 : 8;
        lb_profile *np = realloc(cfg->profiles, cap * sizeof *np);
        if (!np)
            return NULL;
        cfg->profiles = np;
        cfg->cap = cap;
    }
    p = &cfg->profiles[cfg->count];
    *p = (lb_profile){.page_size = 1000, .concurrency = 4};
    p->name = strdup(name);
    if (!p->name)
        return NULL;
    cfg->count++;
    return p;
}

lb_status lb_config_add_demo(lb_config *cfg, lb_error *err)
{
    lb_profile *p = profile_get(cfg, LB_DEMO_PROFILE);
    if (!p || !(p->base_url = strdup("http://127.0.0.1:8080")) || !(p->origin = strdup("built-in")))
        return lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
    /* The simulator's public demo user; not a secret. */
    p->token_value = "demo-secretaris";
    return LB_OK;
}

lb_status lb_config_set_demo(lb_config *cfg, const char *base_url, const char *demo_user,
                             lb_error *err)
{
    lb_profile *p = profile_get(cfg, LB_DEMO_PROFILE);
    if (!p)
        return lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
    if (base_url) {
        if (!lb_base_url_ok(base_url))
            return lb_error_set(err, LB_ERR_CONFIG, 0, "demo base URL: %s", base_url);
        char *copy = strdup(base_url);
        if (!copy)
            return lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        free(p->base_url);
        p->base_url = copy;
    }
    if (demo_user)
        p->token_value = demo_user;
    return LB_OK;
}

/* ---- values ---- */

static bool is_loopback_host(const char *host, size_t len)
{
    char buf[64];
    if (len == 0 || len >= sizeof buf)
        return false;
    memcpy(buf, host, len);
    buf[len] = '\0';
    if (strcasecmp(buf, "localhost") == 0)
        return true;
    struct in_addr a4;
    if (inet_pton(AF_INET, buf, &a4) == 1)
        return (ntohl(a4.s_addr) >> 24) == 127;
    if (len > 2 && buf[0] == '[' && buf[len - 1] == ']') {
        struct in6_addr a6;
        buf[len - 1] = '\0';
        return inet_pton(AF_INET6, buf + 1, &a6) == 1 &&
               memcmp(&a6, &in6addr_loopback, sizeof a6) == 0;
    }
    return false;
}

bool lb_base_url_ok(const char *url)
{
    for (const char *c = url; *c; c++)
        if ((unsigned char)*c <= 0x20 || *c == 0x7f)
            return false;
    if (strncmp(url, "unix:/", 6) == 0)
        return url[6] != '\0';
    bool tls = strncasecmp(url, "https://", 8) == 0;
    if (!tls && strncasecmp(url, "http://", 7) != 0)
        return false;
    const char *auth = url + (tls ? 8 : 7);
    size_t alen = strcspn(auth, "/?#");
    /* "http://127.0.0.1@evil.example" is evil.example: no user info at all. */
    if (alen == 0 || memchr(auth, '@', alen))
        return false;
    size_t hlen;
    if (auth[0] == '[') {
        const char *close = memchr(auth, ']', alen);
        if (!close)
            return false;
        hlen = (size_t)(close - auth) + 1;
    } else {
        const char *colon = memchr(auth, ':', alen);
        hlen = colon ? (size_t)(colon - auth) : alen;
    }
    if (hlen == 0)
        return false;
    if (hlen < alen) {
        /* ":PORT", 1..65535 */
        if (auth[hlen] != ':' || alen - hlen < 2 || alen - hlen > 6)
            return false;
        long port = 0;
        for (size_t i = hlen + 1; i < alen; i++) {
            if (auth[i] < '0' || auth[i] > '9')
                return false;
            port = port * 10 + (auth[i] - '0');
        }
        if (port < 1 || port > 65535)
            return false;
    }
    return tls || is_loopback_host(auth, hlen);
}

/* sha256//BASE64 of 32 bytes (44 characters with one '='), ';'-separated. */
static bool pin_ok(const char *v)
{
    const char *p = v;
    for (;;) {
        if (strncmp(p, "sha256//", 8) != 0)
            return false;
        p += 8;
        size_t n = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
        if (n != 43 || p[43] != '=')
            return false;
        p += 44;
        if (*p == '\0')
            return true;
        if (*p != ';')
            return false;
        p++;
    }
}

static bool int_ok(const char *v, int lo, int hi, int *out)
{
    long n = 0;
    if (!*v || strlen(v) > 6)
        return false;
    for (const char *c = v; *c; c++) {
        if (*c < '0' || *c > '9')
            return false;
        n = n * 10 + (*c - '0');
    }
    if (n < lo || n > hi)
        return false;
    *out = (int)n;
    return true;
}

static bool bool_ok(const char *v, bool *out)
{
    static const char *const words[] = {"false", "no", "off", "0", "true", "yes", "on", "1"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcasecmp(v, words[i]) == 0) {
            *out = i >= 4;
            return true;
        }
    return false;
}

/* ---- the parser ---- */

typedef struct {
    const char *path;
    int line;
    const char *home;
    lb_error *err;
} parse_ctx;

static lb_status syntax(parse_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static lb_status syntax(parse_ctx *c, const char *fmt, ...)
{
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return lb_error_set(c->err, LB_ERR_CONFIG, 0, "%s:%d: %s", c->path, c->line, msg);
}

enum key_kind { K_URL, K_PATH, K_PIN, K_PAGE, K_CONC, K_BOOL };

static const struct key_desc {
    const char *name;
    enum key_kind kind;
    size_t offset;
} keys[] = {
    {"base_url", K_URL, offsetof(lb_profile, base_url)},
    {"ca_bundle", K_PATH, offsetof(lb_profile, ca_bundle)},
    {"client_cert", K_PATH, offsetof(lb_profile, client_cert)},
    {"client_key", K_PATH, offsetof(lb_profile, client_key)},
    {"pin", K_PIN, offsetof(lb_profile, pin)},
    {"subscription_key_file", K_PATH, offsetof(lb_profile, subscription_key_file)},
    {"token_file", K_PATH, offsetof(lb_profile, token_file)},
    {"page_size", K_PAGE, offsetof(lb_profile, page_size)},
    {"concurrency", K_CONC, offsetof(lb_profile, concurrency)},
    {"read_only", K_BOOL, offsetof(lb_profile, read_only)},
};

static lb_status set_string(parse_ctx *c, char **slot, const char *value, const char *prefix)
{
    size_t plen = prefix ? strlen(prefix) : 0;
    char *s = malloc(plen + strlen(value) + 1);
    if (!s)
        return lb_error_set(c->err, LB_ERR_NOMEM, 0, NULL);
    memcpy(s, prefix ? prefix : "", plen);
    strcpy(s + plen, value);
    free(*slot);
    *slot = s;
    return LB_OK;
}

static lb_status set_key(parse_ctx *c, lb_profile *p, const char *key, const char *value)
{
    if (strcmp(key, "token_value") == 0)
        return syntax(c, _("token_value is built into the demo profile only; put a real token "
                           "in a file and name it with token_file."));
    size_t k = 0;
    while (k < sizeof keys / sizeof keys[0] && strcmp(keys[k].name, key) != 0)
        k++;
    if (k == sizeof keys / sizeof keys[0])
        /* TRANSLATORS: %s is a key name from the configuration file. */
        return syntax(c, _("unknown key '%s'."), key);
    if (p->file_keys & (1u << k))
        return syntax(c, _("key '%s' is set twice in this profile."), key);
    p->file_keys |= 1u << k;

    unsigned char *base = (unsigned char *)p;
    char **str = (char **)(void *)(base + keys[k].offset);
    int *num = (int *)(void *)(base + keys[k].offset);
    switch (keys[k].kind) {
    case K_URL:
        if (!lb_base_url_ok(value))
            return syntax(c, _("base_url must start with https://; http:// is allowed only to "
                               "127.0.0.1, [::1] or localhost, and unix: only with an absolute "
                               "socket path."));
        return set_string(c, str, value, NULL);
    case K_PATH:
        if (strncmp(value, "~/", 2) == 0) {
            if (!c->home || c->home[0] != '/')
                return syntax(c, _("'%s' starts with ~/ but HOME is not set."), key);
            return set_string(c, str, value + 1, c->home);
        }
        if (value[0] != '/')
            return syntax(c, _("'%s' must be an absolute path (or start with ~/)."), key);
        return set_string(c, str, value, NULL);
    case K_PIN:
        if (!pin_ok(value))
            return syntax(c, _("pin must be sha256// followed by the base64 SHA-256 of the "
                               "public key (44 characters); separate several with ';'."));
        return set_string(c, str, value, NULL);
    case K_PAGE:
        if (!int_ok(value, 1, LB_PAGE_SIZE_MAX, num))
            return syntax(c, _("page_size must be a whole number from 1 to %d."), LB_PAGE_SIZE_MAX);
        return LB_OK;
    case K_CONC:
        if (!int_ok(value, 1, LB_CONCURRENCY_MAX, num))
            return syntax(c, _("concurrency must be a whole number from 1 to %d."),
                          LB_CONCURRENCY_MAX);
        return LB_OK;
    case K_BOOL:
        if (!bool_ok(value, &p->read_only))
            return syntax(c, _("read_only must be true or false."));
        return LB_OK;
    }
    return LB_OK;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

static bool profile_name_ok(const char *s)
{
    size_t n = strlen(s);
    return n >= 1 && n <= 64 &&
           strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

/* One line: a section header, a key, a comment or nothing. *CUR is the current profile. */
static lb_status parse_line(parse_ctx *c, lb_config *cfg, char *raw, lb_profile **cur)
{
    char *s = trim(raw);
    if (*s == '\0' || *s == '#' || *s == ';')
        return LB_OK;
    if (*s == '[') {
        size_t n = strlen(s);
        if (s[n - 1] != ']' || strncmp(s, "[profile ", 9) != 0)
            return syntax(c, _("expected a section like [profile NAME]."));
        s[n - 1] = '\0';
        char *name = trim(s + 9);
        if (!profile_name_ok(name))
            return syntax(c, _("a profile name has 1 to 64 letters, digits, '.', '_' or '-'."));
        lb_profile *p = profile_get(cfg, name);
        if (!p)
            return lb_error_set(c->err, LB_ERR_NOMEM, 0, NULL);
        char origin[300];
        snprintf(origin, sizeof origin, "%s:%d", c->path, c->line);
        lb_status st = set_string(c, &p->origin, origin, NULL);
        if (st != LB_OK)
            return st;
        *cur = p;
        return LB_OK;
    }
    char *eq = strchr(s, '=');
    if (!eq)
        return syntax(c, _("expected KEY = VALUE."));
    *eq = '\0';
    char *key = trim(s), *value = trim(eq + 1);
    if (!*cur)
        return syntax(c, _("'%s' comes before any [profile NAME] section."), key);
    if (*value == '\0')
        return syntax(c, _("'%s' has no value."), key);
    return set_key(c, *cur, key, value);
}

/* One line RAW[0..N) as read, with its newline and a NUL after it. */
static lb_status parse_raw(parse_ctx *c, lb_config *cfg, char *raw, size_t n, lb_profile **cur)
{
    c->line++;
    if (n > LINE_MAX_BYTES)
        return syntax(c, _("the line is longer than %d bytes."), LINE_MAX_BYTES);
    if (n != strlen(raw))
        return syntax(c, _("the line holds a NUL byte."));
    return parse_line(c, cfg, raw, cur);
}

/* A new file: its keys may each be set once per profile. */
static void begin_file(lb_config *cfg)
{
    for (size_t i = 0; i < cfg->count; i++)
        cfg->profiles[i].file_keys = 0;
}

lb_status lb_config_parse_text(lb_config *cfg, const char *name, const char *text, size_t len,
                               const char *home, lb_error *err)
{
    begin_file(cfg);
    parse_ctx c = {.path = name, .home = home ? home : getenv("HOME"), .err = err};
    lb_profile *cur = NULL;
    lb_status st = LB_OK;
    for (size_t pos = 0; st == LB_OK && pos < len;) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (text + pos)) + 1 : len - pos;
        char *line = malloc(n + 1);
        if (!line)
            return lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
        memcpy(line, text + pos, n);
        line[n] = '\0';
        st = parse_raw(&c, cfg, line, n, &cur);
        free(line);
        pos += n;
    }
    return st;
}

lb_status lb_config_load_file(lb_config *cfg, const char *path, bool must_exist, const char *home,
                              lb_error *err)
{
    FILE *f = fopen(path, "re");
    if (!f) {
        if (errno == ENOENT && !must_exist)
            return LB_OK;
        /* TRANSLATORS: first %s is a file name, second the reason. */
        return lb_error_set(err, LB_ERR_CONFIG, 0, _("%s cannot be read: %s."), path,
                            strerror(errno));
    }
    begin_file(cfg);
    parse_ctx c = {.path = path, .home = home ? home : getenv("HOME"), .err = err};
    lb_profile *cur = NULL;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    lb_status st = LB_OK;
    while (st == LB_OK && (n = getline(&line, &cap, f)) >= 0)
        st = parse_raw(&c, cfg, line, (size_t)n, &cur);
    if (st == LB_OK && ferror(f))
        st =
            lb_error_set(err, LB_ERR_CONFIG, 0, _("%s cannot be read: %s."), path, strerror(errno));
    free(line);
    fclose(f);
    return st;
}

lb_status lb_config_check(const lb_config *cfg, lb_error *err)
{
    for (size_t i = 0; i < cfg->count; i++) {
        const lb_profile *p = &cfg->profiles[i];
        const char *where = p->origin ? p->origin : "?";
        if (!p->base_url)
            /* TRANSLATORS: %s is FILE:LINE, then a profile name. */
            return lb_error_set(err, LB_ERR_CONFIG, 0, _("%s: profile %s has no base_url."), where,
                                p->name);
        if (!p->client_cert != !p->client_key)
            return lb_error_set(err, LB_ERR_CONFIG, 0,
                                _("%s: profile %s needs client_cert and client_key together."),
                                where, p->name);
    }
    return LB_OK;
}

/* Joins DIR and "/lbterm/config" into BUF; false when it does not fit. */
static bool config_path(char *buf, size_t n, const char *dir, size_t dlen)
{
    int w = snprintf(buf, n, "%.*s/lbterm/config", (int)dlen, dir);
    return w > 0 && (size_t)w < n;
}

lb_status lb_config_load_from(lb_config *cfg, const char *config_home, const char *config_dirs,
                              const char *home, lb_error *err)
{
    char path[4096];
    lb_status st = lb_config_add_demo(cfg, err);
    if (st != LB_OK)
        return st;
    /* XDG: relative entries are ignored; the first directory matters most,
     * so it is read last. */
    if (!config_dirs || !*config_dirs)
        config_dirs = "/etc/xdg";
    const char *end = config_dirs + strlen(config_dirs);
    while (end > config_dirs) {
        const char *start = end;
        while (start > config_dirs && start[-1] != ':')
            start--;
        size_t len = (size_t)(end - start);
        if (len > 0 && start[0] == '/' && config_path(path, sizeof path, start, len)) {
            st = lb_config_load_file(cfg, path, false, home, err);
            if (st != LB_OK)
                return st;
        }
        end = start > config_dirs ? start - 1 : config_dirs;
    }
    if (config_home && config_home[0] == '/') {
        if (!config_path(path, sizeof path, config_home, strlen(config_home)))
            return lb_error_set(err, LB_ERR_CONFIG, 0, _("XDG_CONFIG_HOME is too long."));
    } else {
        if (!home || home[0] != '/')
            return lb_config_check(cfg, err); /* no user file without a home */
        if (snprintf(path, sizeof path, "%s/.config/lbterm/config", home) >= (int)sizeof path)
            return lb_error_set(err, LB_ERR_CONFIG, 0, _("HOME is too long."));
    }
    st = lb_config_load_file(cfg, path, false, home, err);
    if (st != LB_OK)
        return st;
    return lb_config_check(cfg, err);
}

lb_status lb_config_load(lb_config *cfg, lb_error *err)
{
    return lb_config_load_from(cfg, getenv("XDG_CONFIG_HOME"), getenv("XDG_CONFIG_DIRS"),
                               getenv("HOME"), err);
}

lb_status lb_profile_token(const lb_profile *p, lb_secret *out, lb_error *err)
{
    if (p->token_file)
        return lb_secret_read(p->token_file, out, err);
    if (p->token_value)
        return lb_secret_set(out, p->token_value, err);
    /* TRANSLATORS: %s is a profile name. */
    return lb_error_set(err, LB_ERR_CONFIG, 0, _("Profile %s has no token_file."), p->name);
}
