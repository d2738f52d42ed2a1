# i18n/: gettext set-up and charset conversion (iconv). No curses, no HTTP.
noinst_LIBRARIES += i18n/libi18n.a
i18n_libi18n_a_SOURCES = i18n/i18n.h i18n/i18n.c i18n/charset.h i18n/charset.c
i18n_libi18n_a_CPPFLAGS = $(AM_CPPFLAGS) $(INCICONV)
I18N_LIBS = i18n/libi18n.a $(LIBINTL) $(LIBICONV)

# A locale tree in the build dir, compiled from the catalogs with the checks
# msgfmt -c does: the tests and app/lbterm run from the build tree read it
# through LBTERM_LOCALEDIR (installed, lbterm reads LOCALEDIR). One rule per
# language of i18n/po/LINGUAS (no pattern rules: automake -Wportability).
# Without NLS lbterm reads no catalog, and an empty file stands in.
I18N_LOCALE_MOS = i18n/locale/nl/LC_MESSAGES/lbterm.mo i18n/locale/fr/LC_MESSAGES/lbterm.mo
noinst_DATA = $(I18N_LOCALE_MOS)
CLEANFILES += $(I18N_LOCALE_MOS)
# $(I18N_MSGFMT) PO MO
I18N_MSGFMT = $(SHELL) -c 'if test "$(USE_NLS)" = yes; then \
	  $(GMSGFMT) -c -o "$$2-t" "$$1" && mv -f "$$2-t" "$$2"; else : >"$$2"; fi' i18n-msgfmt

i18n/locale/nl/LC_MESSAGES/lbterm.mo: $(srcdir)/i18n/po/nl.po
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(I18N_MSGFMT) $(srcdir)/i18n/po/nl.po $@

i18n/locale/fr/LC_MESSAGES/lbterm.mo: $(srcdir)/i18n/po/fr.po
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(I18N_MSGFMT) $(srcdir)/i18n/po/fr.po $@
