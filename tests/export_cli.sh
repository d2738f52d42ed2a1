#!/usr/bin/env bash
# export_cli.sh — `lbterm export` for scripts, against its own lbbus-sim (run
# through tests/with-sim, hostile texts included): CSV for Excel (BOM, ';',
# CRLF, formulas neutralised), Windows-1252, JSON, the filters, the row counts
# against the bus, and the documented exit codes.
. "$TOP_SRCDIR/tests/lib.sh"
if [ -z "${LBBUS_URL:-}" ]; then
    exec "$TOP_BUILDDIR/tests/with-sim" --rate-limit 100000/60 -- "$0" "$@"
fi
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
mkdir -p "$home/config/lbterm"
printf 'demo-secretaris' >"$home/token"
chmod 600 "$home/token"
printf '[profile t]\nbase_url = %s\ntoken_file = %s/token\n' "$LBBUS_URL" "$home" \
    >"$home/config/lbterm/config"
run() {
    HOME=$home XDG_CONFIG_HOME=$home/config XDG_CONFIG_DIRS=/nonexistent \
        XDG_STATE_HOME=$home/state LANG=C.UTF-8 LC_ALL= LANGUAGE=nl "$LBTERM" export "$@" -p t
}
count() { # count QUERY: @odata.count of /crm/meetings?QUERY
    curl -s -H 'Authorization: Bearer demo-secretaris' "$LBBUS_URL/crm/meetings?$1&\$count=true" |
        grep -o '"@odata.count":[0-9]*' | cut -d: -f2
}

run meetings --view inactive --format csv >"$home/out.csv"; rc=$?
ok $rc "export meetings --view inactive --format csv succeeds (exit $rc)"
head -c3 "$home/out.csv" | od -An -tx1 | grep -q 'ef bb bf'; ok $? "UTF-8 with BOM"
head -1 "$home/out.csv" | grep -q $'^\xef\xbb\xbfNaam;Vergadertype;Begin;Einde;Locatie;Reden van status;Eigenaar\r$'
ok $? "the title row is the screen's columns, ';'-separated: $(head -1 "$home/out.csv" | tr -d '\r')"
lines=$(grep -c $'\r$' "$home/out.csv")
all=$(wc -l <"$home/out.csv")
[ "$lines" = "$all" ]; ok $? "every line ends in CRLF ($lines of $all)"
want=$(count state=inactive)
rows=$(tr -d '\n' <"$home/out.csv" | grep -o $'\r' | wc -l)
# quoted cells may hold CR LF themselves: count records through JSON below
diag "CRLF records: $((rows - 1)), bus: $want"
grep -qE '(^|;)"?[=+@]' "$home/out.csv"; [ $? -ne 0 ]
ok $? "no cell starts with = + @ (formulas are prefixed with ')"
grep -qE "(^|;)\"?'[=+@-]" "$home/out.csv" && ok 0 "hostile cells got the apostrophe" ||
    skip "the demo data has no formula-like text" "hostile cells got the apostrophe"

run meetings --view inactive --format json >"$home/out.json"; rc=$?
ok $rc "--format json succeeds (exit $rc)"
n=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d)); assert all("Naam" in o for o in d)' "$home/out.json")
ok $? "the JSON parses, objects keyed by column"
[ "$n" = "$want" ]; ok $? "as many records as the bus counts ($n, bus $want)"

run meetings --view active --status Definitief >"$home/def.csv"
n=$(python3 -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1],encoding="utf-8-sig",newline=""),delimiter=";")); print(len(r)-1); assert all(x[5]=="Definitief" for x in r[1:])' "$home/def.csv")
ok $? "--status keeps only that status reason"
want=$(count 'state=active&statuscode=3')
[ "$n" = "$want" ]; ok $? "Python's csv module reads $n records, the bus counts $want"

run meetings --view all --encoding cp1252 -o "$home/win.csv"; rc=$?
ok $rc "--encoding cp1252 -o FILE succeeds (exit $rc)"
head -c3 "$home/win.csv" | od -An -tx1 | grep -q 'ef bb bf'; [ $? -ne 0 ]; ok $? "no BOM in Windows-1252"
iconv -f WINDOWS-1252 -t UTF-8 "$home/win.csv" >/dev/null; ok $? "the file is valid Windows-1252"
if grep -q 'ë' "$home/out.csv"; then
    LC_ALL=C grep -q $'\xeb' "$home/win.csv"; ok $? "ë is the byte 0xEB"
else
    skip "no ë in the demo data" "ë is the byte 0xEB"
fi
ls "$home"/win.csv.* >/dev/null 2>&1; [ $? -ne 0 ]; ok $? "no temporary file is left"

for e in agendaitems dossiers; do
    run $e --view all >/dev/null; rc=$?
    ok $rc "export $e succeeds (exit $rc)"
done
run nonsense >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ]; ok $? "an unknown entity exits 2 (got $rc)"
run meetings --view sometimes >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ]; ok $? "an unknown view exits 2 (got $rc)"
run meetings -o /nonexistent/dir/x.csv >/dev/null 2>&1; rc=$?
[ $rc -eq 1 ]; ok $? "an unwritable file exits 1 (got $rc)"
printf 'nobody-at-all' >"$home/token"
run meetings >/dev/null 2>&1; rc=$?
[ $rc -eq 4 ]; ok $? "a token the bus refuses exits 4 (got $rc)"
tap_done
