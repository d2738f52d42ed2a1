/* i18n.c — locale and catalog start-up. */
#include "config.h"

#include <langinfo.h>
#include <locale.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"

#if ENABLE_NLS
const char *lb_pgettext(const char *ctx_and_msg, const char *msg)
{
    const char *t = gettext(ctx_and_msg);
    /* gettext returns its argument when there is no translation. */
    return t == ctx_and_msg ? msg : t;
}

/* The locale name the environment asks for messages, by POSIX precedence
 * (LC_ALL, then LC_MESSAGES, then LANG); NULL when none is set. */
static const char *requested_messages_locale(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return v;
    }
    return NULL;
}

/* "C", "POSIX", "C.UTF-8", "C.utf8": locales that name no language. */
static bool names_no_language(const char *locale)
{
    return !locale || !*locale || strcmp(locale, "C") == 0 || strcmp(locale, "POSIX") == 0 ||
           strncmp(locale, "C.", 2) == 0 || strncmp(locale, "C@", 2) == 0;
}

/* Dutch first. Our users are Flemish municipal staff, and many reach lbterm
 * over SSH with no locale at all (or LANG=C.UTF-8 on a server): they get
 * Dutch. A language the user did ask for wins: LANGUAGE, or a locale such
 * as fr_BE.UTF-8 or en_GB.UTF-8 (English is the untranslated text).
 *
 * The language is chosen with LANGUAGE, which GNU gettext ignores while the
 * LC_MESSAGES locale is exactly "C" (glibc reports "POSIX" as "C" too). In
 * that case LC_MESSAGES alone moves to C.UTF-8, which names no language
 * either but lets LANGUAGE through; LC_CTYPE, and with it the terminal's
 * codeset, stays as the user set it. If C.UTF-8 does not exist the text
 * stays English. LANGUAGE is exported, so programs lbterm starts inherit it. */
static void choose_language(void)
{
    const char *effective = setlocale(LC_MESSAGES, NULL);
    bool plain_c = !effective || strcmp(effective, "C") == 0 || strcmp(effective, "POSIX") == 0;
    const char *language = getenv("LANGUAGE");
    if (!language || !*language) {
        const char *requested = requested_messages_locale();
        if (names_no_language(requested)) {
            setenv("LANGUAGE", "nl", 1);
        } else if (plain_c) {
            /* The locale asked for (fr_BE.UTF-8) is not installed, so
             * setlocale fell back to "C": keep its language all the same. */
            char lang[64];
            size_t n = strcspn(requested, ".@");
            if (n == 0 || n >= sizeof lang)
                return;
            memcpy(lang, requested, n);
            lang[n] = '\0';
            setenv("LANGUAGE", lang, 1);
        } else {
            return; /* an installed locale with a language: gettext follows it */
        }
    }
    if (plain_c)
        setlocale(LC_MESSAGES, "C.UTF-8");
}
#endif

const char *lb_i18n_init(void)
{
    setlocale(LC_ALL, "");
#if ENABLE_NLS
    choose_language();
    /* LBTERM_LOCALEDIR: the catalogs of a build tree, for tests and for
     * running lbterm before it is installed. */
    const char *dir = getenv("LBTERM_LOCALEDIR");
    bindtextdomain(PACKAGE, dir && *dir ? dir : LOCALEDIR);
    /* Catalogs are UTF-8; charset.c converts for the terminal itself. */
    bind_textdomain_codeset(PACKAGE, "UTF-8");
    textdomain(PACKAGE);
#endif
    const char *cs = nl_langinfo(CODESET);
    return (cs && *cs) ? cs : "ANSI_X3.4-1968";
}
