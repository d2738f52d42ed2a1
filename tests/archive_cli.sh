#!/usr/bin/env bash
# archive_cli.sh — `lbterm archive` for cron, against its own lbbus-sim (run
# through tests/with-sim): the dry run, a real run with a line per record,
# nothing left on a second run, and the documented exit codes.
. "$TOP_SRCDIR/tests/lib.sh"
if [ -z "${LBBUS_URL:-}" ]; then
    exec "$TOP_BUILDDIR/tests/with-sim" --clean-text --rate-limit 100000/60 -- "$0" "$@"
fi
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
mkdir -p "$home/config/lbterm" "$home/state"
printf 'demo-archivaris' >"$home/token"
chmod 600 "$home/token"
printf '[profile t]\nbase_url = %s\ntoken_file = %s/token\n' "$LBBUS_URL" "$home" \
    >"$home/config/lbterm/config"
run() {
    HOME=$home XDG_CONFIG_HOME=$home/config XDG_CONFIG_DIRS=/nonexistent \
        XDG_STATE_HOME=$home/state LANGUAGE=en "$LBTERM" archive -p t "$@"
}
out=$(run --before 2017-01-01 --dry-run); rc=$?
ok $rc "--dry-run succeeds (exit $rc)"
ready=$(printf '%s\n' "$out" | grep -c '^ready ')
[ "$ready" -gt 0 ]; ok $? "the dry run lists ready records ($ready)"
case "$out" in *"blocked "*) ok 0 "and blocked ones with their reason";; *) skip "no blocked record in this range" "blocked records listed";; esac
long=$(run --before 2017-01-01 --type 'College van burgemeester en schepenen' --dry-run | grep -c '^ready ')
short=$(run --before 2017-01-01 --type CBS --dry-run | grep -c '^ready ')
[ "$short" -gt 0 ] && [ "$short" = "$long" ]; ok $? "--type CBS picks what the full type name picks ($short)"
run --type XYZ --dry-run >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ]; ok $? "an unknown meeting type exits 2 (got $rc)"
out2=$(run --before 2017-01-01 --dry-run)
[ "$(printf '%s\n' "$out2" | grep -c '^ready ')" = "$ready" ]; ok $? "a dry run archives nothing"
out=$(run --before 2017-01-01); rc=$?
ok $rc "the real run archives them (exit $rc)"
done_n=$(printf '%s\n' "$out" | grep -c '^archived ')
[ "$done_n" = "$ready" ]; ok $? "one line per archived record ($done_n of $ready)"
case "$out" in *"$ready archived, "*", 0 failed"*) ok 0 "and a summary";; *) ok 1 "summary (got: $(printf '%s' "$out" | tail -1))";; esac
run --before 2017-01-01 >/dev/null; rc=$?
[ $rc -eq 3 ]; ok $? "a second run has nothing to do: exit 3 (got $rc)"
# A job killed after its last record but before it put its journal aside:
# the next run has nothing to resume and retires the journal.
done_journal=$(ls "$home/state/lbterm/" | grep -m1 'archive.journal.done-')
cp "$home/state/lbterm/$done_journal" "$home/state/lbterm/archive.journal"
out=$(run --before 2017-01-01); rc=$?
[ $rc -eq 3 ] && ! printf '%s' "$out" | grep -q '^resuming' && [ ! -e "$home/state/lbterm/archive.journal" ]
ok $? "a finished journal left behind is retired, not resumed (exit $rc)"
ledger=$(curl -s -H 'Authorization: Bearer demo-archivaris' "$LBBUS_URL/_sim/ledger")
dups=$(printf '%s' "$ledger" | grep -o '"submits":[0-9]*' | grep -vc '"submits":[01]$')
[ "$dups" = "0" ]; ok $? "the ledger shows no record submitted twice"
run --entity nonsense >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ]; ok $? "a wrong option exits 2 (got $rc)"
printf 'demo-secretaris' >"$home/token"
run --before 2030-01-01 >/dev/null 2>&1; rc=$?
[ $rc -eq 4 ]; ok $? "the secretary is refused by the bus: exit 4 (got $rc)"
tap_done
