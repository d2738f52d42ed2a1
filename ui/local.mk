# ui/: the terminal toolkit. ncursesw — never HTTP.
noinst_LIBRARIES += ui/libui.a
ui_libui_a_SOURCES = ui/text_width.h ui/text_width.c ui/ui.h ui/draw.c ui/screen.h ui/screen.c \
	ui/event_loop.h ui/event_loop.c ui/table.h ui/table.c ui/keybar.h ui/keybar.c \
	ui/dialog.h ui/dialog.c ui/form.h ui/form.c ui/text_fold.h ui/text_fold.c ui/wrap.h ui/wrap.c \
	ui/progress.h ui/progress.c
ui_libui_a_CPPFLAGS = $(AM_CPPFLAGS) $(NCURSESW_CFLAGS)
UI_LIBS = ui/libui.a $(I18N_LIBS) $(NCURSESW_LIBS)

# ui/safe_text: the one sanitizer between bus data and the screen.
ui_libui_a_SOURCES += ui/safe_text.h ui/safe_text.c
# meldingen-inspect (issue 7): a long text scrolled line by line in a form tab
ui_libui_a_SOURCES += ui/text_pager.h ui/text_pager.c
# every terminal (issue 8): an unknown TERM refused before newterm
ui_libui_a_SOURCES += ui/term_probe.h ui/term_probe.c
