/* i18n.c — locale and catalog start-up. */
#include "config.h"

#include <langinfo.h>
#include <locale.h>
#include <string.h>

#include "i18n/i18n.h"

#if ENABLE_NLS
const char *lb_pgettext(const char *ctx_and_msg, const char *msg)
{
    const char *t = gettext(ctx_and_msg);
    /* gettext returns its argument when there is no translation. */
    return t == ctx_and_msg ? msg : t;
}
#endif

const char *lb_i18n_init(void)
{
    setlocale(LC_ALL, "");
#if ENABLE_NLS
    bindtextdomain(PACKAGE, LOCALEDIR);
    /* Catalogs are UTF-8; charset.c converts for the terminal itself. */
    bind_textdomain_codeset(PACKAGE, "UTF-8");
    textdomain(PACKAGE);
#endif
    const char *cs = nl_langinfo(CODESET);
    return (cs && *cs) ? cs : "ANSI_X3.4-1968";
}
