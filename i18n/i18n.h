/* i18n.h — gettext macros and locale start-up shared by every folder. */
#ifndef LB_I18N_H
#define LB_I18N_H

#if ENABLE_NLS
#include <libintl.h>
#define _(s) gettext(s)
/* Context-qualified message: C_("menu", "Open"). */
#define C_(ctx, s) lb_pgettext(ctx "\004" s, s)
const char *lb_pgettext(const char *ctx_and_msg, const char *msg);
#else
#define _(s)              (s)
#define C_(ctx, s)        (s)
#define ngettext(s, p, n) ((n) == 1 ? (s) : (p))
#define gettext(s)        (s)
#endif

/* Marks a string for extraction; it is translated where it is shown. */
#define N_(s) (s)

/* setlocale(LC_ALL, "") and bind the lbterm catalog. Returns the
 * terminal's codeset as nl_langinfo(CODESET) reports it (never NULL).
 *
 * Dutch first: when neither LANGUAGE nor LC_ALL / LC_MESSAGES / LANG names a
 * language (unset, "C", "POSIX", "C.UTF-8"), it exports LANGUAGE=nl. GNU
 * gettext ignores LANGUAGE while LC_MESSAGES is "C", so then LC_MESSAGES
 * (only) becomes "C.UTF-8" when that locale exists. An explicit LANGUAGE
 * (LANGUAGE=en gives English) or a locale with a language (fr_BE.UTF-8)
 * wins, also when that locale is not installed. LBTERM_LOCALEDIR, when set,
 * replaces LOCALEDIR (catalogs of the build tree for tests). */
const char *lb_i18n_init(void);

#endif
