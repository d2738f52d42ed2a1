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
 * terminal's codeset as nl_langinfo(CODESET) reports it (never NULL). */
const char *lb_i18n_init(void);

#endif
