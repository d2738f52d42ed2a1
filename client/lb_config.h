/* lb_config.h — connection profiles, one per bestuur, from INI-style files:
 *
 *   [profile dilbeek]
 *   base_url = https://lb-bus.example.be
 *   token_file = ~/.config/lbterm/dilbeek.token
 *
 * System defaults come from $XDG_CONFIG_DIRS (default /etc/xdg), then the
 * user's $XDG_CONFIG_HOME (default ~/.config), each at lbterm/config; a later
 * file wins per key. Lines starting with '#' or ';' are comments; values run
 * to the end of the line (no quoting, no inline comments). */
#ifndef LB_CONFIG_H
#define LB_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "client/lb_error.h"
#include "client/secret_file.h"

#define LB_PAGE_SIZE_MAX   5000 /* the bus's cap */
#define LB_CONCURRENCY_MAX 52
#define LB_DEMO_PROFILE    "demo"

/* One profile. Strings are owned by the profile (heap); NULL when unset. */
typedef struct {
    char *name;
    char *base_url; /* https://..., http:// to loopback only, or unix:/path */
    char *ca_bundle, *client_cert, *client_key;
    char *pin; /* sha256//BASE64[;sha256//BASE64...] */
    char *subscription_key_file, *token_file;
    /* Only the built-in demo profile sets this: the simulator's public demo
     * user "demo-secretaris". It is NOT a secret and files cannot set it. */
    const char *token_value;
    int page_size;   /* 1..5000 */
    int concurrency; /* 1..52 */
    bool read_only;
    char *origin;       /* "FILE:LINE" of the section that last set a key, for errors */
    unsigned file_keys; /* keys seen in the file being read: a repeat is an error */
} lb_profile;

/* All profiles. Embedded by value: lb_config_init / lb_config_done; owns the profiles. */
typedef struct {
    lb_profile *profiles;
    size_t count, cap;
} lb_config;

void lb_config_init(lb_config *cfg);
void lb_config_done(lb_config *cfg);

/* Adds the built-in demo profile (http://127.0.0.1:8080, token "demo-secretaris"). */
lb_status lb_config_add_demo(lb_config *cfg, lb_error *err);

/* Points the demo profile at BASE_URL (NULL: keep) and signs in as the
 * simulator's public demo user DEMO_USER ("demo-archivaris"...; a static
 * string; NULL: keep). For `lbterm --demo`. */
lb_status lb_config_set_demo(lb_config *cfg, const char *base_url, const char *demo_user,
                             lb_error *err);

/* Merges the file PATH into CFG: its keys override what CFG holds. A missing
 * file is fine (returns LB_OK) unless MUST_EXIST. HOME expands "~/" in paths
 * (NULL: $HOME). Errors are LB_ERR_CONFIG with "FILE:LINE: ..." in the detail. */
lb_status lb_config_load_file(lb_config *cfg, const char *path, bool must_exist, const char *home,
                              lb_error *err);

/* Merges TEXT[0..LEN), the contents of a file called NAME (for messages),
 * exactly as lb_config_load_file merges a file: the parser without the file,
 * for the fuzz harness (tests/fuzz/fuzz_state.c). */
lb_status lb_config_parse_text(lb_config *cfg, const char *name, const char *text, size_t len,
                               const char *home, lb_error *err);

/* The demo profile, then every file of the lookup order, then lb_config_check.
 * CONFIG_HOME, CONFIG_DIRS and HOME stand for the environment variables
 * ($XDG_CONFIG_HOME, $XDG_CONFIG_DIRS, $HOME); NULL or empty take the XDG
 * defaults. */
lb_status lb_config_load_from(lb_config *cfg, const char *config_home, const char *config_dirs,
                              const char *home, lb_error *err);
/* lb_config_load_from() with the real environment. */
lb_status lb_config_load(lb_config *cfg, lb_error *err);

/* Checks every profile is complete: a base_url, client_cert with client_key. */
lb_status lb_config_check(const lb_config *cfg, lb_error *err);

/* The profile NAME, or NULL. */
const lb_profile *lb_config_find(const lb_config *cfg, const char *name);

/* Reads the profile's bearer token: token_file (permission-checked), else
 * the demo token_value. */
lb_status lb_profile_token(const lb_profile *p, lb_secret *out, lb_error *err);

/* True when URL is acceptable as a base_url: https://HOST[:PORT][/path],
 * http:// only to 127.0.0.0/8, [::1] or localhost, or unix:/ABSOLUTE/PATH. */
bool lb_base_url_ok(const char *url);

#endif
