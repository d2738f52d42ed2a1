#!/usr/bin/env bash
# The end-to-end export and chart tests under valgrind (see valgrind_lists.sh).
exec "$(dirname "$0")/valgrind_lists.sh" export
