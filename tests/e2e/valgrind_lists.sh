#!/usr/bin/env bash
# valgrind_<name>.sh — the end-to-end test test_<name> again with lbterm under
# valgrind (memcheck, full leak check; curses' kept memory is released by
# exit_curses at exit). Not in the sanitizer build: ASan and valgrind exclude
# each other.
. "$TOP_SRCDIR/tests/lib.sh"
if [ -n "$LB_SAN_FLAGS" ]; then
    echo "1..0 # SKIP the sanitizer build runs ASan instead of valgrind"
    exit 0
fi
if ! command -v valgrind >/dev/null; then
    echo "1..0 # SKIP valgrind is not installed (scripts/setup installs it)"
    exit 0
fi
name=${1:-lists}
LB_E2E_VALGRIND=1 exec "$TOP_BUILDDIR/tests/e2e/test_$name"
