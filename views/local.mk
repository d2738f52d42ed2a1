# views/: one file per screen, built on client/ and ui/.
noinst_LIBRARIES += views/libviews.a
views_libviews_a_SOURCES = views/view.h views/view_registry.c views/actions.h views/actions.c \
	views/shell.h views/shell.c views/id_set.h views/id_set.c views/record_list.h \
	views/list_internal.h views/record_list.c views/list_actions.c views/list_state.c \
	views/list_view.h views/list_view.c views/record_form.h views/record_form.c \
	views/screens.h views/meetings_view.c views/agenda_items_view.c views/dossiers_view.c \
	views/documents_view.c views/roles.h views/roles.c views/list_archive.c views/archive_view.h \
	views/archive_view.c views/state_dir.h views/state_dir.c
views_libviews_a_CPPFLAGS = $(AM_CPPFLAGS) $(NCURSESW_CFLAGS) $(CURL_CFLAGS) $(CJSON_CFLAGS)
VIEWS_LIBS = views/libviews.a
views_libviews_a_SOURCES += views/serie_picker.h views/serie_picker.c views/types_view.c \
	views/gated_list.h views/gated_list.c
# melding-new (issue 7, new melding for a caller)
views_libviews_a_SOURCES += views/melding_new.h views/melding_new.c \
	views/melding_new_internal.h views/melding_new_form.c
# export and chart (issue 8)
views_libviews_a_SOURCES += views/list_export.h views/list_export.c views/list_chart.h \
	views/list_chart.c views/list_sort.c views/list_find.c
# meldingen-inspect (issue 7, the helpdesk's Meldingen list, form, attachments)
views_libviews_a_SOURCES += views/meldingen_view.c views/melding_form.h views/melding_form.c \
	views/melding_save.h views/melding_save.c
