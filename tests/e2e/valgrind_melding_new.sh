#!/usr/bin/env bash
# The end-to-end new-melding tests under valgrind (see valgrind_lists.sh).
exec "$(dirname "$0")/valgrind_lists.sh" melding_new
