# tests/: one TAP program per module, plus shell tests of the real binaries.
check_LIBRARIES += tests/libtesthelp.a
tests_libtesthelp_a_SOURCES = tests/tap.h tests/tap.c tests/sim_harness.h tests/sim_harness.c
tests_libtesthelp_a_CPPFLAGS = $(AM_CPPFLAGS) $(CURL_CFLAGS)
TEST_HELP_LIBS = tests/libtesthelp.a $(CURL_LIBS)

check_PROGRAMS += tests/with-sim
tests_with_sim_SOURCES = tests/with_sim.c
tests_with_sim_LDADD = $(TEST_HELP_LIBS)

# Unit tests, one per module.
UNIT_TESTS = \
	tests/unit/test_lb_error \
	tests/unit/test_charset \
	tests/unit/test_text_width \
	tests/unit/test_sim_harness
check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)

tests_unit_test_lb_error_LDADD = $(CLIENT_LIBS) $(I18N_LIBS) $(TEST_HELP_LIBS)
tests_unit_test_charset_LDADD = $(I18N_LIBS) $(TEST_HELP_LIBS)
tests_unit_test_text_width_LDADD = $(UI_LIBS) $(TEST_HELP_LIBS)
tests_unit_test_sim_harness_LDADD = $(TEST_HELP_LIBS)

# Shell tests: layering of the build, layout, the contract (lint, and the
# simulator checked through the Prism validation proxy), the CLI.
SHELL_TESTS = tests/layering.sh tests/format.sh tests/contract_lint.sh tests/contract_proxy.sh \
	tests/lbterm_cli.sh tests/archive_cli.sh
TESTS += $(SHELL_TESTS)
EXTRA_DIST += $(SHELL_TESTS) tests/lib.sh .clang-format

# client/ tests
# One TAP program per client/ module, the fuzz corpus replayed as a test, and
# `make fuzz-records` for a bounded libFuzzer run (needs clang).
CLIENT_UNIT_TESTS = \
	tests/unit/test_json_strict \
	tests/unit/test_arena \
	tests/unit/test_records \
	tests/unit/test_config \
	tests/unit/test_secret_file
check_PROGRAMS += $(CLIENT_UNIT_TESTS) tests/fuzz/replay-records
TESTS += $(CLIENT_UNIT_TESTS) tests/fuzz/replay-records
CLIENT_TEST_CPPFLAGS = $(AM_CPPFLAGS) $(CJSON_CFLAGS)
CLIENT_TEST_LIBS = $(CLIENT_LIBS) $(I18N_LIBS) $(TEST_HELP_LIBS)
tests_unit_test_json_strict_CPPFLAGS = $(CLIENT_TEST_CPPFLAGS)
tests_unit_test_json_strict_LDADD = $(CLIENT_TEST_LIBS)
tests_unit_test_arena_LDADD = $(CLIENT_TEST_LIBS)
tests_unit_test_records_CPPFLAGS = $(CLIENT_TEST_CPPFLAGS)
tests_unit_test_records_LDADD = $(CLIENT_TEST_LIBS)
tests_unit_test_config_LDADD = $(CLIENT_TEST_LIBS)
tests_unit_test_secret_file_LDADD = $(CLIENT_TEST_LIBS)
tests_fuzz_replay_records_SOURCES = tests/fuzz/fuzz.h tests/fuzz/fuzz_records.c \
	tests/fuzz/fuzz_main.c
tests_fuzz_replay_records_CPPFLAGS = $(CLIENT_TEST_CPPFLAGS)
tests_fuzz_replay_records_LDADD = $(CLIENT_TEST_LIBS)
EXTRA_DIST += tests/fuzz/corpus/records tests/fuzz/records.dict

# libFuzzer run over the page and record parsers; new inputs go to the build
# tree, crashes to tests/fuzz/crash-*. FUZZ_SECONDS bounds the run.
FUZZ_CC = clang
FUZZ_SECONDS = 60
FUZZ_CLIENT_SRC = $(srcdir)/client/lb_error.c $(srcdir)/client/json_strict.c \
	$(srcdir)/client/arena.c $(srcdir)/client/iso_time.c $(srcdir)/client/records.c \
	$(srcdir)/client/records_crm.c $(srcdir)/client/records_melding.c \
	$(srcdir)/client/records_dav.c
FUZZ_CLIENT_HDR = $(srcdir)/client/lb_error.h $(srcdir)/client/json_strict.h \
	$(srcdir)/client/arena.h $(srcdir)/client/iso_time.h $(srcdir)/client/records.h \
	$(srcdir)/client/records_desc.h $(srcdir)/tests/fuzz/fuzz.h
tests/fuzz/fuzz-records: $(srcdir)/tests/fuzz/fuzz_records.c $(FUZZ_CLIENT_SRC) $(FUZZ_CLIENT_HDR)
	@$(MKDIR_P) tests/fuzz
	$(FUZZ_CC) -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined \
	  -fno-sanitize-recover=undefined -I$(top_srcdir) -I$(top_builddir) $(CJSON_CFLAGS) \
	  $(srcdir)/tests/fuzz/fuzz_records.c $(FUZZ_CLIENT_SRC) $(CJSON_LIBS) $(LIBINTL) -o $@
fuzz-records: tests/fuzz/fuzz-records
	@$(MKDIR_P) tests/fuzz/corpus-run
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ./tests/fuzz/fuzz-records \
	  -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -artifact_prefix=tests/fuzz/crash- \
	  -dict=$(srcdir)/tests/fuzz/records.dict \
	  tests/fuzz/corpus-run $(srcdir)/tests/fuzz/corpus/records
.PHONY: fuzz-records
CLEANFILES += tests/fuzz/fuzz-records
# End of client/ tests

# lbbus-sim tests
# One TAP program per area of the simulator, each with its own lbbus-sim.
check_LIBRARIES += tests/sim/libsimtest.a
tests_sim_libsimtest_a_SOURCES = tests/sim/simtest.c tests/sim/simtest.h
tests_sim_libsimtest_a_CPPFLAGS = $(AM_CPPFLAGS) $(CJSON_CFLAGS) $(CURL_CFLAGS)
SIM_TESTS = \
	tests/sim/test_sim_basics \
	tests/sim/test_sim_crm \
	tests/sim/test_sim_dav \
	tests/sim/test_sim_melding \
	tests/sim/test_sim_limits \
	tests/sim/test_sim_startup
check_PROGRAMS += $(SIM_TESTS)
TESTS += $(SIM_TESTS)
SIM_TEST_LIBS = tests/sim/libsimtest.a $(TEST_HELP_LIBS) $(CJSON_LIBS) -lpthread
tests_sim_test_sim_basics_CPPFLAGS = $(AM_CPPFLAGS) $(CJSON_CFLAGS)
tests_sim_test_sim_basics_LDADD = $(SIM_TEST_LIBS)
tests_sim_test_sim_crm_CPPFLAGS = $(AM_CPPFLAGS) $(CJSON_CFLAGS)
tests_sim_test_sim_crm_LDADD = $(SIM_TEST_LIBS)
tests_sim_test_sim_dav_CPPFLAGS = $(AM_CPPFLAGS) $(CJSON_CFLAGS)
tests_sim_test_sim_dav_LDADD = $(SIM_TEST_LIBS)
tests_sim_test_sim_melding_CPPFLAGS = $(AM_CPPFLAGS) $(CJSON_CFLAGS)
tests_sim_test_sim_melding_LDADD = $(SIM_TEST_LIBS)
tests_sim_test_sim_limits_CPPFLAGS = $(AM_CPPFLAGS) $(CJSON_CFLAGS)
tests_sim_test_sim_limits_LDADD = $(SIM_TEST_LIBS)
tests_sim_test_sim_startup_CPPFLAGS = $(AM_CPPFLAGS) $(CURL_CFLAGS)
tests_sim_test_sim_startup_LDADD = $(TEST_HELP_LIBS)
# End of lbbus-sim tests

# client/ transport tests
# The network half of client/ (transport, bus, pager, session), each test
# program with its own lbbus-sim.
CLIENT_NET_TESTS = \
	tests/unit/test_transport \
	tests/unit/test_bus \
	tests/unit/test_pager \
	tests/unit/test_session
check_PROGRAMS += $(CLIENT_NET_TESTS)
TESTS += $(CLIENT_NET_TESTS)
CLIENT_NET_TEST_CPPFLAGS = $(AM_CPPFLAGS) $(CURL_CFLAGS) $(CJSON_CFLAGS)
tests_unit_test_transport_CPPFLAGS = $(CLIENT_NET_TEST_CPPFLAGS)
tests_unit_test_transport_LDADD = $(CLIENT_TEST_LIBS)
tests_unit_test_bus_CPPFLAGS = $(CLIENT_NET_TEST_CPPFLAGS)
tests_unit_test_bus_LDADD = $(CLIENT_TEST_LIBS)
tests_unit_test_pager_CPPFLAGS = $(CLIENT_NET_TEST_CPPFLAGS)
tests_unit_test_pager_LDADD = $(CLIENT_TEST_LIBS)
tests_unit_test_session_CPPFLAGS = $(CLIENT_NET_TEST_CPPFLAGS)
tests_unit_test_session_LDADD = $(CLIENT_TEST_LIBS)
# End of client/ transport tests

# ui/safe_text tests
# The sanitizer and text fitting, the safe_text fuzz corpus replayed as a
# test, and `make fuzz-safe-text` for a bounded libFuzzer run. The harness
# needs only libc (wcwidth), never ncurses.
check_PROGRAMS += tests/unit/test_safe_text tests/fuzz/replay-safe-text
TESTS += tests/unit/test_safe_text tests/fuzz/replay-safe-text
tests_unit_test_safe_text_LDADD = $(UI_LIBS) $(TEST_HELP_LIBS)
# The replay driver reads the corpus LB_FUZZ_CORPUS names.
tests_fuzz_replay_safe_text_SOURCES = tests/fuzz/fuzz.h tests/fuzz/fuzz_safe_text.c \
	tests/fuzz/fuzz_main.c
tests_fuzz_replay_safe_text_CPPFLAGS = $(AM_CPPFLAGS) -DLB_FUZZ_CORPUS='"safe_text"'
tests_fuzz_replay_safe_text_LDADD = $(UI_LIBS) $(TEST_HELP_LIBS)
CLEANFILES += tests/fuzz/fuzz-safe-text
EXTRA_DIST += tests/fuzz/corpus/safe_text

FUZZ_SAFE_TEXT_SRC = $(srcdir)/tests/fuzz/fuzz_safe_text.c $(srcdir)/ui/safe_text.c \
	$(srcdir)/ui/text_width.c
FUZZ_SAFE_TEXT_HDR = $(srcdir)/ui/safe_text.h $(srcdir)/ui/text_width.h \
	$(srcdir)/tests/fuzz/fuzz.h
tests/fuzz/fuzz-safe-text: $(FUZZ_SAFE_TEXT_SRC) $(FUZZ_SAFE_TEXT_HDR)
	@$(MKDIR_P) tests/fuzz
	$(FUZZ_CC) -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined \
	  -fno-sanitize-recover=undefined -I$(top_srcdir) -I$(top_builddir) \
	  $(FUZZ_SAFE_TEXT_SRC) -o $@
fuzz-safe-text: tests/fuzz/fuzz-safe-text
	@$(MKDIR_P) tests/fuzz/corpus-run-safe-text
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ./tests/fuzz/fuzz-safe-text \
	  -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -artifact_prefix=tests/fuzz/crash-safe-text- \
	  tests/fuzz/corpus-run-safe-text $(srcdir)/tests/fuzz/corpus/safe_text
.PHONY: fuzz-safe-text
# End of ui/safe_text tests

# pty harness (libvterm)
# End-to-end tests drive the real binary in a pseudo-terminal; libvterm keeps
# the screen they assert on. openpty is in libc since glibc 2.34 (no -lutil).
check_LIBRARIES += tests/libvtharness.a
tests_libvtharness_a_SOURCES = tests/vt_harness.h tests/vt_harness.c
tests_libvtharness_a_CPPFLAGS = $(AM_CPPFLAGS) $(VTERM_CFLAGS)
VT_HARNESS_LIBS = tests/libvtharness.a $(VTERM_LIBS)
VT_HARNESS_TESTS = tests/unit/test_vt_harness
check_PROGRAMS += $(VT_HARNESS_TESTS)
TESTS += $(VT_HARNESS_TESTS)
tests_unit_test_vt_harness_LDADD = $(VT_HARNESS_LIBS) $(TEST_HELP_LIBS)
# End of pty harness

# client idempotency test
# POST /melding/add with an Idempotency-Key through lb_bus_send: replayed,
# and retried after a lost answer, against its own lbbus-sim.
check_PROGRAMS += tests/unit/test_bus_idempotency
TESTS += tests/unit/test_bus_idempotency
tests_unit_test_bus_idempotency_CPPFLAGS = $(CLIENT_NET_TEST_CPPFLAGS)
tests_unit_test_bus_idempotency_LDADD = $(CLIENT_TEST_LIBS)
# End of client idempotency test

# End-to-end screen tests: the real lbterm in a pty against lbbus-sim.
check_LIBRARIES += tests/libe2e.a
tests_libe2e_a_SOURCES = tests/e2e/e2e.h tests/e2e/e2e.c
E2E_TESTS = tests/e2e/test_lists tests/e2e/test_roles tests/e2e/test_hostile
check_PROGRAMS += $(E2E_TESTS)
TESTS += $(E2E_TESTS)
E2E_LIBS = tests/libe2e.a $(VT_HARNESS_LIBS) $(TEST_HELP_LIBS)
tests_e2e_test_lists_LDADD = $(E2E_LIBS)
tests_e2e_test_roles_LDADD = $(E2E_LIBS)
tests_e2e_test_hostile_LDADD = $(E2E_LIBS)
# The e2e runs again under valgrind (plain build only).
VALGRIND_E2E = tests/e2e/valgrind_lists.sh tests/e2e/valgrind_roles.sh \
	tests/e2e/valgrind_hostile.sh tests/e2e/valgrind_types.sh tests/e2e/valgrind_archive.sh
TESTS += $(VALGRIND_E2E)
EXTRA_DIST += $(VALGRIND_E2E)

# ui/ and views/ units without a screen.
UI_UNIT_TESTS = tests/unit/test_text_fold tests/unit/test_id_set tests/unit/test_ui_widgets
check_PROGRAMS += $(UI_UNIT_TESTS)
TESTS += $(UI_UNIT_TESTS)
tests_unit_test_text_fold_LDADD = $(UI_LIBS) $(TEST_HELP_LIBS)
tests_unit_test_id_set_LDADD = $(VIEWS_LIBS) $(TEST_HELP_LIBS)
tests_unit_test_ui_widgets_CPPFLAGS = $(AM_CPPFLAGS) $(NCURSESW_CFLAGS)
tests_unit_test_ui_widgets_LDADD = $(UI_LIBS) $(TEST_HELP_LIBS)

# i18n catalog tests
# The catalogs against the current sources (complete, nothing fuzzy, formats
# and key names intact), POTFILES.in complete, and app/lbterm Dutch first.
# The tests read the build tree's catalogs (i18n/local.mk makes them) through
# LBTERM_LOCALEDIR, which AM_TESTS_ENVIRONMENT in Makefile.am exports.
TESTS += tests/unit/test_i18n_catalog.sh
EXTRA_DIST += tests/unit/test_i18n_catalog.sh
# End of i18n catalog tests
E2E_TESTS += tests/e2e/test_archive
tests_e2e_test_archive_LDADD = $(E2E_LIBS) $(CJSON_LIBS)
tests_e2e_test_archive_CPPFLAGS = $(AM_CPPFLAGS) $(CJSON_CFLAGS)

# types e2e tests
# Vergadertypes and Dossiertypes: an administrator assigns a DAV series (and
# a stale ETag is reported); without the role the screen says why.
check_PROGRAMS += tests/e2e/test_types
TESTS += tests/e2e/test_types
tests_e2e_test_types_LDADD = $(E2E_LIBS)

# archive engine tests
# client/archive*: the journal and what DAV receives (no simulator), then the
# preflight, the job, resume after a kill at every step boundary, and the job
# under the simulator's faults, each against its own lbbus-sim.
ARCHIVE_TESTS = tests/unit/test_archive_journal tests/unit/test_archive_preflight \
	tests/unit/test_archive_job tests/unit/test_archive_resume tests/unit/test_archive_faults
check_PROGRAMS += $(ARCHIVE_TESTS)
TESTS += $(ARCHIVE_TESTS)
ARCHIVE_TEST_UTIL = tests/unit/test_archive_util.h tests/unit/test_archive_util.c
tests_unit_test_archive_journal_SOURCES = tests/unit/test_archive_journal.c $(ARCHIVE_TEST_UTIL)
tests_unit_test_archive_journal_CPPFLAGS = $(CLIENT_NET_TEST_CPPFLAGS)
tests_unit_test_archive_journal_LDADD = $(CLIENT_TEST_LIBS)
tests_unit_test_archive_preflight_SOURCES = tests/unit/test_archive_preflight.c $(ARCHIVE_TEST_UTIL)
tests_unit_test_archive_preflight_CPPFLAGS = $(CLIENT_NET_TEST_CPPFLAGS)
tests_unit_test_archive_preflight_LDADD = $(CLIENT_TEST_LIBS)
tests_unit_test_archive_job_SOURCES = tests/unit/test_archive_job.c $(ARCHIVE_TEST_UTIL)
tests_unit_test_archive_job_CPPFLAGS = $(CLIENT_NET_TEST_CPPFLAGS)
tests_unit_test_archive_job_LDADD = $(CLIENT_TEST_LIBS)
tests_unit_test_archive_resume_SOURCES = tests/unit/test_archive_resume.c $(ARCHIVE_TEST_UTIL)
tests_unit_test_archive_resume_CPPFLAGS = $(CLIENT_NET_TEST_CPPFLAGS)
tests_unit_test_archive_resume_LDADD = $(CLIENT_TEST_LIBS)
tests_unit_test_archive_faults_SOURCES = tests/unit/test_archive_faults.c $(ARCHIVE_TEST_UTIL)
tests_unit_test_archive_faults_CPPFLAGS = $(CLIENT_NET_TEST_CPPFLAGS)
tests_unit_test_archive_faults_LDADD = $(CLIENT_TEST_LIBS)
# End of archive engine tests

# export and chart (issue 8)
EXPORT_UNIT_TESTS = tests/unit/test_export_csv
check_PROGRAMS += $(EXPORT_UNIT_TESTS)
TESTS += $(EXPORT_UNIT_TESTS)
tests_unit_test_export_csv_LDADD = $(CLIENT_TEST_LIBS)
check_PROGRAMS += tests/e2e/test_export
TESTS += tests/e2e/test_export tests/e2e/valgrind_export.sh tests/export_cli.sh
EXTRA_DIST += tests/e2e/valgrind_export.sh tests/export_cli.sh
tests_e2e_test_export_LDADD = $(E2E_LIBS)
# over a slow link (issue 7): 200 ms bus, keys 100 ms late, split sequences
check_PROGRAMS += tests/e2e/test_slow_link
TESTS += tests/e2e/test_slow_link
tests_e2e_test_slow_link_LDADD = $(E2E_LIBS)
# End of export and chart tests

# Every terminal (issue 8): Latin-9, TERM variants, braille, cursor focus.
# test_latin9 needs the locale nl_BE@euro that scripts/setup generates.
check_PROGRAMS += tests/e2e/test_latin9
TESTS += tests/e2e/test_latin9
tests_e2e_test_latin9_LDADD = $(E2E_LIBS)
# End of every terminal tests

# meldingen-inspect tests (issue 7)
# The attachment file name cleaning (pure), and the helpdesk's Meldingen
# screens end to end: find, open, hostile description, save ../../etc/passwd,
# contact hidden, --read-only.
check_PROGRAMS += tests/unit/test_attachment_name tests/e2e/test_meldingen
TESTS += tests/unit/test_attachment_name tests/e2e/test_meldingen
tests_unit_test_attachment_name_LDADD = $(CLIENT_TEST_LIBS)
tests_e2e_test_meldingen_LDADD = $(E2E_LIBS)
TESTS += tests/e2e/valgrind_meldingen.sh
EXTRA_DIST += tests/e2e/valgrind_meldingen.sh
# End of meldingen-inspect tests
check_PROGRAMS += tests/e2e/test_terms
TESTS += tests/e2e/test_terms
tests_e2e_test_terms_CPPFLAGS = $(AM_CPPFLAGS) $(NCURSESW_CFLAGS)
tests_e2e_test_terms_LDADD = $(E2E_LIBS) $(NCURSESW_LIBS)
# End of every terminal tests (TERM variants)

# melding-new tests (issue 7, new melding for a caller)
# The draft file and the validation (pure), and end to end: the form from
# the configuration, required fields, SIGHUP and F10 keep the draft, two
# attachments sent while lbbus-sim drops the second upload once.
check_PROGRAMS += tests/unit/test_melding_draft tests/e2e/test_melding_new
TESTS += tests/unit/test_melding_draft tests/e2e/test_melding_new tests/e2e/valgrind_melding_new.sh
EXTRA_DIST += tests/e2e/valgrind_melding_new.sh
tests_unit_test_melding_draft_CPPFLAGS = $(CLIENT_NET_TEST_CPPFLAGS)
tests_unit_test_melding_draft_LDADD = $(CLIENT_TEST_LIBS)
tests_e2e_test_melding_new_LDADD = $(E2E_LIBS)
# lb_melding_send against its own lbbus-sim: lost answer, retry of the rest,
# the add replayed with its key.
check_PROGRAMS += tests/unit/test_melding_send
TESTS += tests/unit/test_melding_send
tests_unit_test_melding_send_CPPFLAGS = $(CLIENT_NET_TEST_CPPFLAGS)
tests_unit_test_melding_send_LDADD = $(CLIENT_TEST_LIBS)
# End of melding-new tests
check_PROGRAMS += tests/e2e/test_cursor_focus
TESTS += tests/e2e/test_cursor_focus
tests_e2e_test_cursor_focus_LDADD = $(E2E_LIBS)
# End of every terminal tests (cursor focus)
check_PROGRAMS += tests/e2e/test_formats
TESTS += tests/e2e/test_formats
tests_e2e_test_formats_LDADD = $(E2E_LIBS) $(CJSON_LIBS)
tests_e2e_test_formats_CPPFLAGS = $(AM_CPPFLAGS) $(CJSON_CFLAGS)
# End of every terminal tests (Belgian formats and plurals)

# translated labels fit (issue 8, lead): column titles and the F-key bar in nl and fr
check_PROGRAMS += tests/unit/test_label_width
TESTS += tests/unit/test_label_width
tests_unit_test_label_width_CPPFLAGS = $(AM_CPPFLAGS) $(NCURSESW_CFLAGS) $(CURL_CFLAGS) $(CJSON_CFLAGS)
tests_unit_test_label_width_LDADD = $(VIEWS_LIBS) $(CLIENT_LIBS) $(UI_LIBS) $(I18N_LIBS) $(TEST_HELP_LIBS)
# End of translated labels fit
# Every terminal: Latin-9 and the TERM variants again with lbterm under valgrind.
TESTS += tests/e2e/valgrind_latin9.sh tests/e2e/valgrind_terms.sh
EXTRA_DIST += tests/e2e/valgrind_latin9.sh tests/e2e/valgrind_terms.sh
# End of every terminal tests (valgrind)

# archive crash test
# Exactly once under crashes (issue 6): `lbterm archive` of ~200 meetings
# killed 30+ times at journal step boundaries and at random moments, resumed
# each time, then lbbus-sim's ledger checked; again with faults on.
TESTS += tests/archive_crash.sh
EXTRA_DIST += tests/archive_crash.sh
# End of archive crash test

# the Quick start's first screens: `lbterm --demo --as ROLE` opens where that role may look
check_PROGRAMS += tests/e2e/test_demo_start
TESTS += tests/e2e/test_demo_start
tests_e2e_test_demo_start_LDADD = $(E2E_LIBS)
# End of the Quick start's first screens

# attachment download streamed to a file (transport sink, bus retry, write errors)
check_PROGRAMS += tests/unit/test_attachment_download
TESTS += tests/unit/test_attachment_download
tests_unit_test_attachment_download_CPPFLAGS = $(CLIENT_NET_TEST_CPPFLAGS)
tests_unit_test_attachment_download_LDADD = $(CLIENT_TEST_LIBS)
# End of attachment download streamed to a file

# scriptable export: JSON keys of every list column, the same JSON in nl and fr
check_PROGRAMS += tests/unit/test_list_export
TESTS += tests/unit/test_list_export
tests_unit_test_list_export_CPPFLAGS = $(AM_CPPFLAGS) $(NCURSESW_CFLAGS) $(CURL_CFLAGS) $(CJSON_CFLAGS)
tests_unit_test_list_export_LDADD = $(VIEWS_LIBS) $(CLIENT_LIBS) $(UI_LIBS) $(I18N_LIBS) $(TEST_HELP_LIBS)
# End of scriptable export

# fuzz harness of lbterm's own files
# The melding draft, the archive journal and the configuration parsed from
# the same bytes (files a crash can tear or a user can edit): the seed corpus
# replayed as a test, and `make fuzz-state` for a bounded libFuzzer run (needs
# clang; new inputs to tests/fuzz/corpus-run-state, crashes to
# tests/fuzz/crash-state-*).
check_PROGRAMS += tests/fuzz/replay-state
TESTS += tests/fuzz/replay-state
tests_fuzz_replay_state_SOURCES = tests/fuzz/fuzz.h tests/fuzz/fuzz_state.c tests/fuzz/fuzz_main.c
tests_fuzz_replay_state_CPPFLAGS = $(CLIENT_TEST_CPPFLAGS) -DLB_FUZZ_CORPUS='"state"'
tests_fuzz_replay_state_LDADD = $(CLIENT_TEST_LIBS)
CLEANFILES += tests/fuzz/fuzz-state
EXTRA_DIST += tests/fuzz/corpus/state

FUZZ_STATE_SRC = $(srcdir)/tests/fuzz/fuzz_state.c $(srcdir)/client/lb_error.c \
	$(srcdir)/client/json_strict.c $(srcdir)/client/melding_draft.c $(srcdir)/client/fsync_dir.c \
	$(srcdir)/client/archive_journal.c $(srcdir)/client/lb_config.c \
	$(srcdir)/client/secret_file.c
FUZZ_STATE_HDR = $(srcdir)/client/lb_error.h $(srcdir)/client/json_strict.h \
	$(srcdir)/client/melding_draft.h \
	$(srcdir)/client/fsync_dir.h $(srcdir)/client/archive_journal.h \
	$(srcdir)/client/lb_config.h $(srcdir)/client/secret_file.h $(srcdir)/tests/fuzz/fuzz.h
tests/fuzz/fuzz-state: $(FUZZ_STATE_SRC) $(FUZZ_STATE_HDR)
	@$(MKDIR_P) tests/fuzz
	$(FUZZ_CC) -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined \
	  -fno-sanitize-recover=undefined -I$(top_srcdir) -I$(top_builddir) $(CJSON_CFLAGS) \
	  $(FUZZ_STATE_SRC) $(CJSON_LIBS) $(LIBINTL) -o $@
fuzz-state: tests/fuzz/fuzz-state
	@$(MKDIR_P) tests/fuzz/corpus-run-state
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ./tests/fuzz/fuzz-state \
	  -max_total_time=$(FUZZ_SECONDS) -max_len=16384 -artifact_prefix=tests/fuzz/crash-state- \
	  tests/fuzz/corpus-run-state $(srcdir)/tests/fuzz/corpus/state
.PHONY: fuzz-state
# End of fuzz harness of lbterm's own files
