# bench/: benchmarks that print figures and write docs/performance.md (run with 'make bench').
EXTRA_DIST += bench/README
