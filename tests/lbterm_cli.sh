#!/usr/bin/env bash
# lbterm_cli.sh — the real binary's command line.
. "$TOP_SRCDIR/tests/lib.sh"
out=$("$LBTERM" --version); ok $? "lbterm --version succeeds"
case "$out" in "lbterm "[0-9]*) ok 0 "it prints the version";; *) ok 1 "it prints the version (got: $out)";; esac
out=$("$LBTERM" --help); ok $? "lbterm --help succeeds"
for o in --profile --demo --as --view --read-only --no-mouse --no-color --slow-link --help --version; do
    case "$out" in *"$o"*) ok 0 "--help lists $o";; *) ok 1 "--help lists $o";; esac
done
"$LBTERM" --no-such-option >/dev/null 2>&1; rc=$?
ok $([ $rc -eq 2 ] && echo 0 || echo 1) "an unknown option exits 2 (got $rc)"
out=$(LANGUAGE= LC_ALL=C "$LBTERM" --help); ok $? "--help works in the C locale"
err=$(TERM=dumb "$LBTERM" --demo 2>&1 </dev/null); rc=$?
ok $([ $rc -eq 2 ] && echo 0 || echo 1) "TERM=dumb is refused (exit $rc)"
case "$err" in *TERM*xterm*) ok 0 "with a sentence that says what to use";; *) ok 1 "TERM=dumb message (got: $err)";; esac
err=$("$LBTERM" --as archivist 2>&1 </dev/null); rc=$?
ok $([ $rc -eq 2 ] && echo 0 || echo 1) "--as without --demo is refused (exit $rc)"
err=$("$LBTERM" --demo --view nothing 2>&1 </dev/null); rc=$?
ok $([ $rc -eq 2 ] && echo 0 || echo 1) "an unknown --view is refused (exit $rc)"
err=$(XDG_CONFIG_HOME=/nonexistent "$LBTERM" --profile nosuch 2>&1 </dev/null); rc=$?
ok $([ $rc -eq 1 ] && echo 0 || echo 1) "an unknown profile is refused (exit $rc)"
case "$err" in *nosuch*) ok 0 "naming the profile";; *) ok 1 "unknown profile message (got: $err)";; esac
tap_done
