# app/: the lbterm program — wires client/, ui/ and views/ together.
bin_PROGRAMS += app/lbterm
app_lbterm_SOURCES = app/lbterm.c app/demo_sim.h app/demo_sim.c app/archive_cli.h \
	app/archive_cli.c app/cli_bus.h app/cli_bus.c app/cli_type.h app/cli_type.c
app_lbterm_CPPFLAGS = $(AM_CPPFLAGS) $(NCURSESW_CFLAGS) $(CURL_CFLAGS) $(CJSON_CFLAGS)
app_lbterm_LDADD = $(VIEWS_LIBS) $(CLIENT_LIBS) $(UI_LIBS) $(I18N_LIBS)
dist_man_MANS += docs/lbterm.1
# export (issue 8): `lbterm export` for scripts
app_lbterm_SOURCES += app/export_cli.h app/export_cli.c
EXTRA_DIST += docs/export.md
