# ui/: the terminal toolkit. ncursesw — never HTTP.
noinst_LIBRARIES += ui/libui.a
ui_libui_a_SOURCES = ui/text_width.h ui/text_width.c
ui_libui_a_CPPFLAGS = $(AM_CPPFLAGS) $(NCURSESW_CFLAGS)
UI_LIBS = ui/libui.a $(NCURSESW_LIBS)

# ui/safe_text: the one sanitizer between bus data and the screen.
ui_libui_a_SOURCES += ui/safe_text.h ui/safe_text.c
