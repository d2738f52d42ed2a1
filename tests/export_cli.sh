#!/usr/bin/env bash
# export_cli.sh — `lbterm export` for scripts, against its own lbbus-sim (run
# through tests/with-sim, hostile texts included): CSV for Excel (BOM, ';',
# CRLF, formulas neutralised), Windows-1252, JSON (keys that do not change
# with the language, ISO 8601 UTC dates, numbers), the filters (--from/--to
# in Brussels days), the row counts against the bus, and the documented exit
# codes.
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
run_lang() { # run_lang LANG ARG...: as run, in the locale LANG and no LANGUAGE
    local lang=$1; shift
    HOME=$home XDG_CONFIG_HOME=$home/config XDG_CONFIG_DIRS=/nonexistent \
        XDG_STATE_HOME=$home/state LANG=$lang LC_ALL= LANGUAGE= "$LBTERM" export "$@" -p t
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
n=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d)); assert all("name" in o for o in d)' "$home/out.json")
ok $? "the JSON parses, objects keyed by column"
[ "$n" = "$want" ]; ok $? "as many records as the bus counts ($n, bus $want)"

# JSON is for scripts: keys and values must not follow the locale
run_lang nl_BE.UTF-8 meetings --view inactive --format json >"$home/nl.json"
run_lang fr_BE.UTF-8 meetings --view inactive --format json >"$home/fr.json"
run_lang fr_BE.UTF-8 meetings --view inactive --format csv >"$home/fr.csv"
head -1 "$home/fr.csv" | grep -q 'Nom;'
ok $? "the French run really is French: CSV titles $(head -1 "$home/fr.csv" | tr -d '\r')"
keys='["name", "meetingType", "start", "end", "location", "statusReason", "owner"]'
for l in nl fr; do
    got=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps(sorted({tuple(o) for o in d})))' "$home/$l.json")
    [ "$got" = "[$keys]" ]; ok $? "$l: every object has the keys $keys (got: $got)"
done
cmp -s "$home/nl.json" "$home/fr.json"; ok $? "the JSON under nl_BE.UTF-8 and fr_BE.UTF-8 is the same, byte for byte"
python3 - "$home/out.json" "$home/out.csv" <<'PY'
import csv, json, re, sys
from datetime import datetime, timezone
from zoneinfo import ZoneInfo
d = json.load(open(sys.argv[1]))
rows = list(csv.reader(open(sys.argv[2], encoding="utf-8-sig", newline=""), delimiter=";"))[1:]
iso = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
assert len(d) == len(rows), (len(d), len(rows))
for o, r in zip(d, rows):
    for key, col in (("start", 2), ("end", 3)):
        if o[key] is None:
            assert r[col] == "---", (o, r)
            continue
        assert iso.match(o[key]), o[key]
        t = datetime.strptime(o[key], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
        shown = t.astimezone(ZoneInfo("Europe/Brussels")).strftime("%d/%m/%Y %H:%M")
        assert shown == r[col], (o[key], r[col])
    assert r[0] in (o["name"], "'" + o["name"]), (o, r)  # CSV neutralises formulas
PY
ok $? "JSON dates are ISO 8601 UTC, the same instants the CSV shows in Brussels time, same rows and order"
run agendaitems --view all --format json >"$home/items.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d and all(type(o["number"]) is int for o in d)' "$home/items.json"
ok $? "an agenda item's number is a JSON number"

# --from/--to: Brussels days, inclusive, on the meeting's begin (the screen's date filter)
utc() { # utc DAY start|end: that Brussels day's first or last second in UTC
    python3 -c 'import sys; from datetime import date, datetime, time, timezone; from zoneinfo import ZoneInfo
t = datetime.combine(date.fromisoformat(sys.argv[1]), time(23, 59, 59) if sys.argv[2] == "end" else time(0), ZoneInfo("Europe/Brussels"))
print(t.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))' "$1" "$2"
}
run meetings --view inactive --from 2024-01-01 --to 2024-12-31 --format json >"$home/2024.json"; rc=$?
ok $rc "--from 2024-01-01 --to 2024-12-31 succeeds (exit $rc)"
n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$home/2024.json")
want=$(count "state=inactive&from=$(utc 2024-01-01 start)&to=$(utc 2024-12-31 end)")
[ -n "$want" ] && [ "$want" -gt 0 ] && [ "$n" = "$want" ]
ok $? "as many meetings as the bus counts from $(utc 2024-01-01 start) to $(utc 2024-12-31 end) ($n, bus $want)"
python3 - "$home/out.json" "$home/2024.json" 2024-01-01 2024-12-31 <<'PY'
import json, sys
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo
everything, kept = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
lo, hi = date.fromisoformat(sys.argv[3]), date.fromisoformat(sys.argv[4])
def day(o):
    t = datetime.strptime(o["start"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    return t.astimezone(ZoneInfo("Europe/Brussels")).date()
want = [o for o in everything if o["start"] is not None and lo <= day(o) <= hi]
assert kept == want, (len(kept), len(want))
PY
ok $? "exactly the rows of the whole view whose Brussels begin day is in 2024, in the same order"
# one day: the Brussels begin day of the earliest meeting of 2024
first=$(python3 -c 'import json,sys; from datetime import datetime, timezone; from zoneinfo import ZoneInfo
o = json.load(open(sys.argv[1]))[-1]
print(datetime.strptime(o["start"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).astimezone(ZoneInfo("Europe/Brussels")).date())' "$home/2024.json")
run meetings --view inactive --from "$first" --to "$first" --format json >"$home/day.json"
n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$home/day.json")
want=$(count "state=inactive&from=$(utc "$first" start)&to=$(utc "$first" end)")
[ "$n" -gt 0 ] && [ "$n" = "$want" ]; ok $? "--from $first --to $first: that one day ($n meetings, bus $want)"
type='College van burgemeester en schepenen'
run meetings --view inactive --type "$type" --from 2024-01-01 --to 2024-12-31 --format json >"$home/cbs.json"
python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2]))
assert a and a == [o for o in b if o["meetingType"] == sys.argv[3]]' "$home/cbs.json" "$home/2024.json" "$type"
ok $? "--type with --from/--to: the inactive CBS meetings of 2024 ($(grep -c '"name"' "$home/cbs.json"))"
run meetings --view inactive --type cbs --from 2024-01-01 --to 2024-12-31 --format json >"$home/cbs-short.json"
cmp -s "$home/cbs.json" "$home/cbs-short.json"; ok $? "--type cbs: the abbreviation (any case) names the same meetings"
err=$(run meetings --type XYZ 2>&1 >/dev/null); rc=$?
[ $rc -eq 2 ] && case "$err" in *'"XYZ"'*CBS*) true ;; *) false ;; esac
ok $? "an unknown type exits 2 and lists the abbreviations (exit $rc: $err)"
run meetings --view inactive --from 2024-07-01 --format csv >"$home/open.csv"
run meetings --view inactive --to 2024-06-30 --format csv >"$home/upto.csv"
whole=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sum(o["start"] is not None for o in d))' "$home/out.json")
a=$(python3 -c 'import csv,sys; print(len(list(csv.reader(open(sys.argv[1],encoding="utf-8-sig",newline=""),delimiter=";")))-1)' "$home/open.csv")
b=$(python3 -c 'import csv,sys; print(len(list(csv.reader(open(sys.argv[1],encoding="utf-8-sig",newline=""),delimiter=";")))-1)' "$home/upto.csv")
[ $((a + b)) = "$whole" ]; ok $? "an open end: --from and --to on either side of a day split the dated meetings ($a + $b = $whole)"
for bad in 2024-13-01 2024-02-30 31/12/2024 2024-1-1 ''; do
    err=$(run meetings --from "$bad" 2>&1 >/dev/null); rc=$?
    [ $rc -eq 2 ] && case "$err" in *"\"$bad\""*2024-12-31*) true ;; *) false ;; esac
    ok $? "--from '$bad' exits 2 with a sentence (exit $rc: $err)"
done
err=$(run meetings --to 2024-12-32 2>&1 >/dev/null); rc=$?
[ $rc -eq 2 ] && [ -n "$err" ]; ok $? "so does a bad --to (exit $rc)"
err=$(run meetings --from 2024-12-31 --to 2024-01-01 2>&1 >/dev/null); rc=$?
[ $rc -eq 2 ] && case "$err" in *--from*--to*) true ;; *) false ;; esac
ok $? "--from after --to exits 2 (exit $rc: $err)"
err=$(run agendaitems --from 2024-01-01 2>&1 >/dev/null); rc=$?
[ $rc -eq 2 ] && case "$err" in *agendaitems*) true ;; *) false ;; esac
ok $? "agenda items have no date: exit 2 (exit $rc: $err)"
err=$(run_lang fr_BE.UTF-8 meetings --from 2024-13-01 2>&1 >/dev/null)
case "$err" in *"n'est pas un jour"*) ok 0 "the sentence is translated: $err" ;; *) ok 1 "French sentence (got: $err)" ;; esac

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
