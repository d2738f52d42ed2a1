/* test_config.c — profiles: lookup order, per-key override, errors with
 * file:line, base_url rules, the built-in demo profile. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "client/lb_config.h"
#include "tests/tap.h"

static char dir[] = "/tmp/lbterm-config-XXXXXX";

static const char *write_file(const char *rel, const char *content)
{
    static char path[1024];
    char sub[1024];
    snprintf(sub, sizeof sub, "%s/%s", dir, rel);
    /* mkdir -p of the parents */
    for (char *s = sub + strlen(dir) + 1; *s; s++)
        if (*s == '/') {
            *s = '\0';
            mkdir(sub, 0700);
            *s = '/';
        }
    snprintf(path, sizeof path, "%s", sub);
    FILE *f = fopen(path, "w");
    if (!f)
        tap_bail("cannot write %s", path);
    fputs(content, f);
    fclose(f);
    return path;
}

/* Loads CONTENT as a single file; returns the status, ERR gets the detail. */
static lb_status load_text(const char *content, lb_config *cfg, lb_error *err)
{
    const char *p = write_file("one.conf", content);
    lb_config_done(cfg);
    return lb_config_load_file(cfg, p, true, "/home/an", err);
}

static void expect_error(const char *content, int line, const char *part, const char *name)
{
    lb_config cfg;
    lb_config_init(&cfg);
    lb_error err = {0};
    lb_status st = load_text(content, &cfg, &err);
    is_str(lb_status_name(st), "LB_ERR_CONFIG", "%s is an error", name);
    char where[64];
    snprintf(where, sizeof where, "one.conf:%d: ", line);
    ok(strstr(err.detail, where) && strstr(err.detail, part), "%s: \"%s\" has line %d and \"%s\"",
       name, err.detail, line, part);
    lb_config_done(&cfg);
}

static void test_urls(void)
{
    static const char *const good[] = {
        "https://lb-bus.example.be", "https://lb-bus.example.be:8443/api",
        "https://[2001:db8::1]/",    "HTTPS://LB-BUS.EXAMPLE.BE",
        "http://127.0.0.1:8080",     "http://127.255.0.9",
        "http://localhost:8080/",    "http://LocalHost",
        "http://[::1]:8080",         "unix:/run/lbbus/sim.sock",
    };
    static const char *const bad[] = {
        "http://lb-bus.example.be",
        "http://10.0.0.1:8080",
        "http://128.0.0.1",
        "http://127.0.0.1.evil.example",
        "http://127.0.0.1@evil.example",
        "http://localhost.evil.example",
        "http://[::2]",
        "http://[::ffff:127.0.0.1]",
        "http://127.1",
        "https://",
        "https://host:0",
        "https://host:65536",
        "https://host:80x",
        "https://user:pw@host",
        "https://host/a b",
        "ftp://host",
        "file:///etc/passwd",
        "unix:relative.sock",
        "unix:/",
        "lb-bus.example.be",
        "",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        ok(lb_base_url_ok(good[i]), "base_url accepted: %s", good[i]);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ok(!lb_base_url_ok(bad[i]), "base_url refused: \"%s\"", bad[i]);
}

static void test_parse(void)
{
    lb_config cfg;
    lb_config_init(&cfg);
    lb_error err = {0};
    const char *pin = "sha256//YhKJKSzoTt2b5FP18fvpHo7fJYqQCjAa3HWY3tvRMwE=";
    char text[2048];
    snprintf(text, sizeof text,
             "# lbterm profiles\n"
             "; another comment\n"
             "\n"
             "[profile dilbeek]\n"
             "base_url = https://lb-bus.dilbeek.example\n"
             "  ca_bundle=/etc/ssl/lb365-ca.pem  \n"
             "client_cert = ~/.config/lbterm/dilbeek.crt\n"
             "client_key = ~/.config/lbterm/dilbeek.key\n"
             "pin = %s;%s\n"
             "subscription_key_file = /home/an/.config/lbterm/dilbeek.key\n"
             "token_file = ~/.config/lbterm/dilbeek.token\n"
             "page_size = 5000\n"
             "concurrency = 52\n"
             "read_only = yes\n"
             "\r\n"
             "[ profile leuven ]\n",
             pin, pin);
    /* "[ profile leuven ]" is not the syntax: check it fails, then the rest. */
    is_int(load_text(text, &cfg, &err), LB_ERR_CONFIG, "\"[ profile x ]\" is a syntax error");
    ok(strstr(err.detail, "one.conf:16: ") != NULL, "at line 16: %s", err.detail);

    snprintf(text + strlen(text) - strlen("[ profile leuven ]\n"), 100,
             "[profile leuven]\nbase_url = https://lb-bus.leuven.example\n");
    is_int(load_text(text, &cfg, &err), LB_OK, "a file with two profiles loads");
    const lb_profile *p = lb_config_find(&cfg, "dilbeek");
    ok(p != NULL, "profile dilbeek exists");
    if (!p)
        tap_bail("no profile");
    is_str(p->base_url, "https://lb-bus.dilbeek.example", "base_url");
    is_str(p->ca_bundle, "/etc/ssl/lb365-ca.pem", "values are trimmed");
    is_str(p->client_cert, "/home/an/.config/lbterm/dilbeek.crt", "~/ expands to HOME");
    is_int(p->page_size, 5000, "page_size");
    is_int(p->concurrency, 52, "concurrency");
    ok(p->read_only, "read_only = yes");
    ok(p->token_value == NULL, "no token_value outside the demo profile");
    const lb_profile *l = lb_config_find(&cfg, "leuven");
    ok(l && l->page_size == 1000 && l->concurrency == 4 && !l->read_only,
       "defaults: page_size 1000, concurrency 4, read-write");
    ok(lb_config_find(&cfg, "Dilbeek") == NULL, "profile names are case-sensitive");
    is_int(lb_config_check(&cfg, &err), LB_OK, "the profiles are complete");
    lb_config_done(&cfg);

    expect_error("[profile a]\nbase_url = http://lb-bus.example.be\n", 2, "base_url must",
                 "plain http to a remote host");
    expect_error("[profile a]\ncolour = blue\n", 2, "unknown key 'colour'", "an unknown key");
    expect_error("[profile a]\nBase_URL = https://x\n", 2, "unknown key",
                 "keys are case-sensitive");
    expect_error("base_url = https://x\n", 1, "before any [profile", "a key before a section");
    expect_error("[profile a]\nbase_url\n", 2, "KEY = VALUE", "a line without =");
    expect_error("[profile a]\nbase_url =\n", 2, "has no value", "an empty value");
    expect_error("[server a]\n", 1, "[profile NAME]", "another section kind");
    expect_error("[profile a b]\n", 1, "profile name", "a name with a space");
    expect_error("[profile a\n", 1, "[profile NAME]", "an unclosed section");
    expect_error("[profile a]\npage_size = 0\n", 2, "page_size", "page_size 0");
    expect_error("[profile a]\npage_size = 5001\n", 2, "page_size", "page_size 5001");
    expect_error("[profile a]\npage_size = 12abc\n", 2, "page_size", "page_size 12abc");
    expect_error("[profile a]\npage_size = -5\n", 2, "page_size", "page_size -5");
    expect_error("[profile a]\nconcurrency = 53\n", 2, "concurrency", "concurrency 53");
    expect_error("[profile a]\nread_only = maybe\n", 2, "read_only", "read_only maybe");
    expect_error("[profile a]\npin = sha256//abc\n", 2, "pin", "a short pin");
    expect_error("[profile a]\npin = md5//YhKJKSzoTt2b5FP18fvpHo7fJYqQCjAa3HWY3tvRMwE=\n", 2, "pin",
                 "a pin that is not sha256");
    expect_error("[profile a]\ntoken_file = tokens/a\n", 2, "absolute path", "a relative path");
    expect_error("[profile a]\nbase_url = https://x\n\nbase_url = https://y\n", 4, "set twice",
                 "a key set twice");
    expect_error("[profile demo]\ntoken_value = demo-admin\n", 2, "token_file",
                 "token_value in a file");
    char longline[6000];
    memset(longline, 'x', sizeof longline - 2);
    longline[sizeof longline - 2] = '\n';
    longline[sizeof longline - 1] = '\0';
    expect_error(longline, 1, "longer than", "a 6000-byte line");

    /* Many profiles: the table grows and earlier profiles stay intact. */
    char many[8192];
    size_t len = 0;
    for (int i = 0; i < 40; i++)
        len += (size_t)snprintf(many + len, sizeof many - len,
                                "[profile gem%d]\nbase_url = https://bus%d.example\n", i, i);
    lb_config_init(&cfg);
    is_int(load_text(many, &cfg, &err), LB_OK, "40 profiles load");
    const lb_profile *g0 = lb_config_find(&cfg, "gem0"), *g39 = lb_config_find(&cfg, "gem39");
    is_str(g0 ? g0->base_url : NULL, "https://bus0.example", "the first one is intact");
    is_str(g39 ? g39->base_url : NULL, "https://bus39.example", "the last one too");
    lb_config_done(&cfg);

    /* A profile without base_url is caught by the check, naming where. */
    lb_config_init(&cfg);
    is_int(load_text("[profile a]\npage_size = 10\n", &cfg, &err), LB_OK,
           "a partial profile loads");
    is_int(lb_config_check(&cfg, &err), LB_ERR_CONFIG, "but the check refuses it");
    ok(strstr(err.detail, "one.conf:1: ") && strstr(err.detail, "base_url"),
       "naming file, line and key: %s", err.detail);
    is_int(load_text("[profile a]\nbase_url = https://x\nclient_cert = /c.pem\n", &cfg, &err),
           LB_OK, "client_cert alone loads");
    is_int(lb_config_check(&cfg, &err), LB_ERR_CONFIG, "but needs client_key too");
    lb_config_done(&cfg);

    lb_config_init(&cfg);
    is_int(lb_config_load_file(&cfg, "/nonexistent/lbterm/config", false, NULL, &err), LB_OK,
           "a missing optional file is fine");
    is_int(lb_config_load_file(&cfg, "/nonexistent/lbterm/config", true, NULL, &err), LB_ERR_CONFIG,
           "a missing required file is an error");
    lb_config_done(&cfg);
}

static void test_lookup_order(void)
{
    char home[1024], sys1[1024], sys2[1024], dirs[3000], xdg_home[1024];
    snprintf(home, sizeof home, "%s/home", dir);
    snprintf(sys1, sizeof sys1, "%s/etc/xdg", dir);
    snprintf(sys2, sizeof sys2, "%s/usr/share/xdg", dir);
    snprintf(xdg_home, sizeof xdg_home, "%s/custom", dir);
    /* sys1 comes first in XDG_CONFIG_DIRS: it beats sys2; the user beats both. */
    snprintf(dirs, sizeof dirs, "%s:relative/ignored:%s", sys1, sys2);
    write_file("usr/share/xdg/lbterm/config",
               "[profile gem]\nbase_url = https://low\n"
               "page_size = 10\nconcurrency = 2\nread_only = true\n");
    write_file("etc/xdg/lbterm/config", "[profile gem]\nbase_url = https://sys\npage_size = 20\n");
    write_file("home/.config/lbterm/config", "[profile gem]\npage_size = 30\n");

    lb_config cfg;
    lb_config_init(&cfg);
    lb_error err = {0};
    is_int(lb_config_load_from(&cfg, NULL, dirs, home, &err), LB_OK, "system and user files load");
    const lb_profile *p = lb_config_find(&cfg, "gem");
    ok(p != NULL, "the merged profile exists");
    if (p) {
        is_str(p->base_url, "https://sys", "the first XDG_CONFIG_DIRS entry beats the second");
        is_int(p->page_size, 30, "the user file wins per key");
        is_int(p->concurrency, 2, "keys only the lowest file sets survive");
        ok(p->read_only, "read_only from the lowest file survives");
    }
    const lb_profile *demo = lb_config_find(&cfg, LB_DEMO_PROFILE);
    ok(demo != NULL, "the built-in demo profile is there");
    if (demo) {
        is_str(demo->base_url, "http://127.0.0.1:8080", "demo points at the local simulator");
        is_str(demo->token_value, "demo-secretaris", "with the public demo token");
        ok(demo->token_file == NULL, "and no token file");
        lb_secret tok;
        lb_secret_init(&tok);
        is_int(lb_profile_token(demo, &tok, &err), LB_OK, "the demo token is available");
        is_str(tok.data, "demo-secretaris", "as the bearer token");
        lb_secret_done(&tok);
    }
    if (p) {
        lb_secret tok;
        lb_secret_init(&tok);
        is_int(lb_profile_token(p, &tok, &err), LB_ERR_CONFIG, "a profile without token_file");
        lb_secret_done(&tok);
    }
    lb_config_done(&cfg);

    /* XDG_CONFIG_HOME replaces ~/.config. */
    write_file("custom/lbterm/config", "[profile gem]\npage_size = 40\n");
    lb_config_init(&cfg);
    is_int(lb_config_load_from(&cfg, xdg_home, dirs, home, &err), LB_OK,
           "XDG_CONFIG_HOME is honoured");
    p = lb_config_find(&cfg, "gem");
    is_int(p ? p->page_size : -1, 40, "its file is the user file");
    lb_config_done(&cfg);

    /* The user file can re-point the demo profile. */
    write_file("custom/lbterm/config", "[profile demo]\nbase_url = http://[::1]:9090\n");
    lb_config_init(&cfg);
    is_int(lb_config_load_from(&cfg, xdg_home, "", home, &err), LB_OK, "a demo override loads");
    demo = lb_config_find(&cfg, LB_DEMO_PROFILE);
    is_str(demo ? demo->base_url : NULL, "http://[::1]:9090", "the demo base_url is overridden");
    lb_config_done(&cfg);

    /* An error in a system file names that file. */
    write_file("etc/xdg/lbterm/config", "[profile gem]\nbase_url = https://sys\nbogus = 1\n");
    lb_config_init(&cfg);
    is_int(lb_config_load_from(&cfg, NULL, dirs, home, &err), LB_ERR_CONFIG,
           "an error in a system file stops the load");
    ok(strstr(err.detail, "etc/xdg/lbterm/config:3: ") != NULL, "naming file and line: %s",
       err.detail);
    lb_config_done(&cfg);
}

int main(void)
{
    if (!mkdtemp(dir))
        tap_bail("mkdtemp failed");
    test_urls();
    test_parse();
    test_lookup_order();
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        tap_diag("could not remove %s", dir);
    return tap_done();
}
