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

# Shell tests: layering of the build, the contract lint.
SHELL_TESTS = tests/layering.sh tests/format.sh tests/contract_lint.sh tests/lbterm_cli.sh
TESTS += $(SHELL_TESTS)
EXTRA_DIST += $(SHELL_TESTS) tests/lib.sh .clang-format
