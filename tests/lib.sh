# lib.sh — TAP for shell tests. Source it; call ok/skip; end with tap_done.
tap_n=0
tap_failed=0
ok() { # ok CONDITION-EXIT-CODE DESCRIPTION
    tap_n=$((tap_n + 1))
    if [ "$1" -eq 0 ]; then echo "ok $tap_n - $2"; else echo "not ok $tap_n - $2"; tap_failed=$((tap_failed + 1)); fi
}
check() { # check DESCRIPTION -- COMMAND...: ok when COMMAND succeeds
    local desc=$1; shift; [ "$1" = "--" ] && shift
    local rc=0; "$@" >"${TMPDIR:-/tmp}/tap.$$" 2>&1 || rc=$?
    ok "$rc" "$desc"
    [ "$rc" -eq 0 ] || sed 's/^/#   /' "${TMPDIR:-/tmp}/tap.$$" | head -40
    rm -f "${TMPDIR:-/tmp}/tap.$$"
}
skip() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $2 # SKIP $1"; }
diag() { echo "# $*"; }
tap_done() { echo "1..$tap_n"; [ "$tap_failed" -eq 0 ]; exit $?; }
# A tool the README promises may be skipped only outside CI.
missing_tool() { # missing_tool REASON DESCRIPTION
    if [ "${CI:-}" = "true" ]; then ok 1 "$2 ($1)"; else skip "$1" "$2"; fi
}
