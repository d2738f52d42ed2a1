#!/usr/bin/env bash
# The end-to-end Latin-9 tests under valgrind (see valgrind_lists.sh).
exec "$(dirname "$0")/valgrind_lists.sh" latin9
