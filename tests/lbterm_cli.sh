#!/usr/bin/env bash
# lbterm_cli.sh — the real binary's command line.
. "$TOP_SRCDIR/tests/lib.sh"
out=$("$LBTERM" --version); ok $? "lbterm --version succeeds"
case "$out" in "lbterm "[0-9]*) ok 0 "it prints the version";; *) ok 1 "it prints the version (got: $out)";; esac
out=$("$LBTERM" --help); ok $? "lbterm --help succeeds"
for o in --profile --help --version; do
    case "$out" in *"$o"*) ok 0 "--help lists $o";; *) ok 1 "--help lists $o";; esac
done
"$LBTERM" --no-such-option >/dev/null 2>&1; rc=$?
ok $([ $rc -eq 2 ] && echo 0 || echo 1) "an unknown option exits 2 (got $rc)"
out=$(LANGUAGE= LC_ALL=C "$LBTERM" --help); ok $? "--help works in the C locale"
tap_done
