#!/usr/bin/env bash
# The end-to-end archive tests under valgrind (see valgrind_lists.sh).
exec "$(dirname "$0")/valgrind_lists.sh" archive
