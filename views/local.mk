# views/: one file per screen, built on client/ and ui/.
noinst_LIBRARIES += views/libviews.a
views_libviews_a_SOURCES = views/view.h views/view_registry.c
views_libviews_a_CPPFLAGS = $(AM_CPPFLAGS) $(NCURSESW_CFLAGS) $(CURL_CFLAGS) $(CJSON_CFLAGS)
VIEWS_LIBS = views/libviews.a
