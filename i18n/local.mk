# i18n/: gettext set-up and charset conversion (iconv). No curses, no HTTP.
noinst_LIBRARIES += i18n/libi18n.a
i18n_libi18n_a_SOURCES = i18n/i18n.h i18n/i18n.c i18n/charset.h i18n/charset.c
i18n_libi18n_a_CPPFLAGS = $(AM_CPPFLAGS) $(INCICONV)
I18N_LIBS = i18n/libi18n.a $(LIBINTL) $(LIBICONV)
