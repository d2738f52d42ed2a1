# bench/: benchmarks that print figures and write docs/performance.md.
# `make bench` runs them; `make check` only builds them, so they never rot.
check_LIBRARIES += bench/libperfdoc.a
bench_libperfdoc_a_SOURCES = bench/perf_doc.h bench/perf_doc.c

check_PROGRAMS += bench/sim_bench
bench_sim_bench_SOURCES = bench/sim_bench.c
bench_sim_bench_CPPFLAGS = $(AM_CPPFLAGS) $(CURL_CFLAGS) $(CJSON_CFLAGS)
bench_sim_bench_LDADD = bench/libperfdoc.a $(TEST_HELP_LIBS) $(CLIENT_LIBS) $(I18N_LIBS)
EXTRA_DIST += bench/README docs/performance.md

BENCH_SECONDS = 5
bench: bench/sim_bench
	LBBUS_SIM='$(abs_top_builddir)/sim/lbbus-sim' ./bench/sim_bench \
	  --seconds $(BENCH_SECONDS) --out '$(abs_top_srcdir)/docs/performance.md'
	$(MAKE) $(AM_MAKEFLAGS) bench-client
	$(MAKE) $(AM_MAKEFLAGS) bench-archive
.PHONY: bench

# client_bench: 100,000 meetings through client/ (transport, bus, pager)
# against the curl command-line tool fetching the same pages; `make bench`
# runs it after sim_bench (BENCH_RUNS alternating runs of each, medians).
check_PROGRAMS += bench/client_bench
bench_client_bench_SOURCES = bench/client_bench.c
bench_client_bench_CPPFLAGS = $(AM_CPPFLAGS) $(CURL_CFLAGS) $(CJSON_CFLAGS)
bench_client_bench_LDADD = bench/libperfdoc.a $(TEST_HELP_LIBS) $(CLIENT_LIBS) $(I18N_LIBS)

BENCH_RUNS = 5
bench-client: bench/client_bench
	LBBUS_SIM='$(abs_top_builddir)/sim/lbbus-sim' ./bench/client_bench \
	  --runs $(BENCH_RUNS) --curl '$(CURL_PROG)' --out '$(abs_top_srcdir)/docs/performance.md'
.PHONY: bench-client

# archive_bench: N inactive meetings archived against lbbus-sim with latency
# and a rate limit, against the lower bound those impose.
check_PROGRAMS += bench/archive_bench
bench_archive_bench_SOURCES = bench/archive_bench.c
bench_archive_bench_LDADD = bench/libperfdoc.a $(TEST_HELP_LIBS) $(CLIENT_LIBS) $(I18N_LIBS)
ARCHIVE_RECORDS = 1000
bench-archive: bench/archive_bench
	LBBUS_SIM='$(abs_top_builddir)/sim/lbbus-sim' ./bench/archive_bench \
	  --records $(ARCHIVE_RECORDS) --out '$(abs_top_srcdir)/docs/performance.md'
.PHONY: bench-archive

# screen_bench (issue 8): bytes per key at 80x24 and 200x50 and key-to-screen
# times with 100,000 meetings, the real lbterm in a pty (tests/vt_harness).
check_PROGRAMS += bench/screen_bench
bench_screen_bench_SOURCES = bench/screen_bench.c
bench_screen_bench_LDADD = bench/libperfdoc.a $(VT_HARNESS_LIBS) $(TEST_HELP_LIBS)
SCREEN_SCALE = 167
bench-screen: bench/screen_bench app/lbterm
	LBBUS_SIM='$(abs_top_builddir)/sim/lbbus-sim' LBTERM='$(abs_top_builddir)/app/lbterm' \
	  LBTERM_LOCALEDIR='$(abs_top_builddir)/i18n/locale' ./bench/screen_bench \
	  --scale $(SCREEN_SCALE) --out '$(abs_top_srcdir)/docs/performance.md'
bench: bench-screen
.PHONY: bench-screen
