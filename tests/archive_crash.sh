#!/usr/bin/env bash
# archive_crash.sh — exactly once under crashes (issue 6), through the real
# `lbterm archive`: a job of ~200 meetings with their agenda items and
# documents (so DAV dossiers, documents and relations), removing them after,
# killed again and again and resumed each time:
#   - at journal step boundaries: LBTERM_ARCHIVE_CRASH_AFTER=N makes lbterm
#     SIGKILL itself right after the Nth journal line of that run; N goes
#     from the journal's creation over the whole job (planned from the
#     journal's size so far and the size the job will have);
#   - at random moments: kill -9 after a delay drawn from LB_CRASH_SEED
#     (printed; set it to replay a failure's draws and fault sequence).
# Then a run without a kill completes the job and a further one finds
# nothing to do, and lbbus-sim's ledger must show: every selected record
# and agenda item exactly one DAV dossier, in its type's series, submitted
# once; each of its documents in DAV exactly once; the meeting's dossier
# related to each agenda item's once; nothing lost; nothing removed from
# the CRM or the document store before its dossier's submit (the ledger's
# seq gives the order); nothing touched outside the selection.
# Two rounds, each on a fresh database (its own lbbus-sim through
# tests/with-sim): the plain one, then with faults on (5xx, dropped
# connections, 429 from a rate limit).
#
# Knobs: LB_CRASH_SEED; LB_CRASH_STEP_KILLS and LB_CRASH_RANDOM_KILLS per
# round (22 and 10; 12 and 6 in the sanitizer build, which runs everything
# slower); LB_CRASH_ROUNDS ("plain faults"); LB_CRASH_KEEP=DIR keeps each
# round's journals, lbterm's output and the simulator's database there.
. "$TOP_SRCDIR/tests/lib.sh"

# The selection: deterministic data (--seed 1 is the default), ~200 ready
# meetings of one type with 6 to 7 agenda items each.
SCALE=7.5
TYPE='Commissie Financiën'
BEFORE=2025-01-01
SIM_ARGS=(--clean-text --scale "$SCALE")

if [ -z "${LBBUS_URL:-}" ]; then
    # ---- the driver: two rounds, each inside its own simulator ----
    if ! command -v sqlite3 >/dev/null; then
        missing_tool "sqlite3 is not installed (scripts/setup installs it)" "the ledger can be read"
        tap_done
    fi
    seed=${LB_CRASH_SEED:-$(($(date +%s%N) % 1000000007))}
    export LB_CRASH_SEED=$seed
    diag "LB_CRASH_SEED=$seed (set it to replay these draws)"
    export LB_CRASH_TAP
    LB_CRASH_TAP=$(mktemp)
    echo "0 0" >"$LB_CRASH_TAP"
    export LB_CRASH_SUMMARY=$LB_CRASH_TAP.summary
    trap 'rm -f "$LB_CRASH_TAP" "$LB_CRASH_SUMMARY"' EXIT
    : >"$LB_CRASH_SUMMARY"
    for round in ${LB_CRASH_ROUNDS:-plain faults}; do
        case $round in
        plain) args=(--rate-limit 1000000/60) ;;
        # 503s and 429s come with Retry-After (>= 1 s) and make the whole
        # client wait, so they are kept few: 429s from a rate limit below
        # the pace of a run going flat out (~1500 requests a second here),
        # 0.05 % 500/503; dropped connections cost less (1 %).
        faults) args=(--rate-limit 1000/1 --error-rate 0.0005 --drop-rate 0.01
            --fault-seed "$seed") ;;
        *) continue ;;
        esac
        # (MHD reports each dropped connection on stderr: not news here.)
        "$TOP_BUILDDIR/tests/with-sim" "${SIM_ARGS[@]}" "${args[@]}" -- "$0" "$round" \
            2> >(grep -v --line-buffered '^Application reported internal error' >&2)
        rc=$?
        read -r tap_n tap_failed <"$LB_CRASH_TAP"
        [ $rc -eq 0 ] || [ $rc -eq 1 ] || ok 1 "the $round round ran (exit $rc)"
        echo "$tap_n $tap_failed" >"$LB_CRASH_TAP"
    done
    # One line for both rounds: the kills, and what the ledgers showed.
    awk '{ k += $2; s += $3; r += $4; d += $7; e += $8; l += $9
           rec = rec sep $5 " of " $6 " (" $1 ")"; sep = ", "; n++ }
        END { if (n) printf "# kills: %d (%d at step boundaries, %d random) in %d rounds; " \
                  "records archived once: %s; duplicates %d; removed before submit %d; " \
                  "lost %d\n", k, s, r, n, rec, d, e, l }' "$LB_CRASH_SUMMARY"
    tap_done
fi

# ---- one round, inside with-sim ----
round=$1
read -r tap_n tap_failed <"$LB_CRASH_TAP"
save_tap() { echo "$tap_n $tap_failed" >"$LB_CRASH_TAP"; }
RANDOM=$((LB_CRASH_SEED % 32768 + ${#round}))
if [ -n "${LB_SAN_FLAGS:-}" ]; then
    step_kills=${LB_CRASH_STEP_KILLS:-12} rand_kills=${LB_CRASH_RANDOM_KILLS:-6} limit=240
else
    step_kills=${LB_CRASH_STEP_KILLS:-22} rand_kills=${LB_CRASH_RANDOM_KILLS:-10} limit=90
fi
home=$(mktemp -d)
# The journal on tmpfs when there is one: a kill -9 leaves the page cache
# alone, so its fsyncs (a few thousand per job) only cost time here.
statebase=${TMPDIR:-/tmp}
[ -d /dev/shm ] && [ -w /dev/shm ] && statebase=/dev/shm
state=$(mktemp -d "$statebase/lbcrash.XXXXXX")
keep() {
    [ -n "${LB_CRASH_KEEP:-}" ] || return 0
    mkdir -p "$LB_CRASH_KEEP/$round" && cp -r "$state" "$home" "$LB_CRASH_KEEP/$round/" &&
        sqlite3 "$LBBUS_DB" ".backup '$LB_CRASH_KEEP/$round/bus.db'"
}
trap 'save_tap; keep; rm -rf "$home" "$state"' EXIT
mkdir -p "$home/config/lbterm"
printf 'demo-archivaris' >"$home/token"
chmod 600 "$home/token"
printf '[profile t]\nbase_url = %s\ntoken_file = %s/token\n' "$LBBUS_URL" "$home" \
    >"$home/config/lbterm/config"
journal=$state/lbterm/archive.journal
snap=$home/snap.db
SEL=(--type "$TYPE" --before "$BEFORE")
ENV=(HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_CONFIG_DIRS=/nonexistent
    XDG_STATE_HOME="$state" LANGUAGE=en)
sql() { sqlite3 -batch -bail "$snap" "$@"; }
# Milliseconds into NOW (no process: the machine may be busy).
now_ms() { NOW=${EPOCHREALTIME/[.,]/}; NOW=$((NOW / 1000)); }

diag "round '$round'"
now_ms; round_start=$NOW
out=$(env "${ENV[@]}" "$LBTERM" archive -p t "${SEL[@]}" --dry-run); rc=$?
ok $rc "$round: the dry run succeeds (exit $rc)"
printf '%s\n' "$out" | awk '$1 == "ready" {print $2}' >"$home/ready.ids"
ready=$(wc -l <"$home/ready.ids")
[ "$ready" -ge 190 ] && [ "$ready" -le 215 ]
ok $? "$round: the selection has ~200 ready meetings ($ready)"

# What the job must end with, from the simulator's data before it starts.
sql <<EOF
ATTACH '$LBBUS_DB' AS bus;
CREATE TABLE sel(id TEXT PRIMARY KEY);
.mode csv
.import $home/ready.ids sel
CREATE TABLE units AS
  SELECT m.id AS id, 'meeting' AS kind, m.id AS meeting, t.dav_series_id AS serie
    FROM bus.meetings m JOIN bus.meeting_types t ON t.id = m.type_id
   WHERE m.id IN (SELECT id FROM sel)
  UNION ALL
  SELECT a.id, 'agendaitem', a.meeting_id, t.dav_series_id
    FROM bus.agenda_items a JOIN bus.meetings m ON m.id = a.meeting_id
    JOIN bus.meeting_types t ON t.id = m.type_id
   WHERE a.meeting_id IN (SELECT id FROM sel);
CREATE TABLE docs AS SELECT id, regarding_id AS unit FROM bus.documents
   WHERE regarding_id IN (SELECT id FROM units);
EOF
read -r n_units n_meetings n_items n_docs <<<"$(sql -separator ' ' "SELECT count(*),
    sum(kind = 'meeting'), sum(kind = 'agendaitem'), (SELECT count(*) FROM docs) FROM units")"
[ "$n_meetings" = "$ready" ] && [ "$n_items" -gt 0 ] && [ "$n_docs" -gt 0 ]
ok $? "$round: $n_meetings meetings with agenda items ($n_items) and documents ($n_docs)"
# A journal line per step: header, R and S per record; I and D of create,
# submit, patch and delete per dossier, of relate per agenda item, of doc
# and deldoc per document (renames come on top).
expect_lines=$((1 + 2 * ready + 8 * n_units + 2 * n_items + 4 * n_docs))

# ---- the runs ----
# Few processes per run besides lbterm: the machine may be busy.
runs=0 kills_step=0 kills_rand=0 resumed=0 not_resumed=0 stalls=0 odd_exits=0
positions=() kinds=()
# The pace of this round (faults and the sanitizers slow it down), measured
# as it goes: microseconds per journal line.
us_per_line=400
[ -n "${LB_SAN_FLAGS:-}" ] && us_per_line=1500
run_lbterm() { # run_lbterm OUT WAIT CRASH_AFTER: sets rc, timed, elapsed_ms
    local start pid sp which
    now_ms; start=$NOW
    env "${ENV[@]}" LBTERM_ARCHIVE_CRASH_AFTER="$3" "$LBTERM" archive -p t "${SEL[@]}" \
        --remove-after >"$1" 2>&1 &
    pid=$!
    (exec sleep "$2") &
    sp=$!
    wait -n -p which "$pid" "$sp" 2>/dev/null
    rc=$?
    if [ "$which" = "$sp" ]; then
        timed=1
        kill -9 "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        rc=$?
    else
        timed=0
        kill "$sp" 2>/dev/null
        wait "$sp" 2>/dev/null
    fi
    now_ms; elapsed_ms=$((NOW - start))
    runs=$((runs + 1))
}
# The journal now: its lines, the records it shows ended, and the step of
# its last line, e.g. I-submit (one write() per line batch: a kill does not
# cut a line in a file; only a power cut could).
journal_scan() {
    j_lines=0 j_ended=- j_step=no-journal
    [ -f "$journal" ] || return 0
    read -r j_lines j_ended j_step < <(awk '{ last = $0 } /^S / { s++ }
        END { k = split(last, f, " "); t = f[1]; op = k > 3 ? substr(f[3], 2) : ""
              if (t == "H" || t == "R") st = "header"
              else if (t == "S") st = "end-" op
              else st = t "-" op
              print NR, s + 0, st }' "$journal")
}
# The journal's file, to tell a resumed journal from a new one.
journal_id() { [ -f "$journal" ] && ln -f "$journal" "$state/seen.journal" || rm -f "$state/seen.journal"; }
same_journal() { [ -f "$journal" ] && [ "$journal" -ef "$state/seen.journal" ]; }
# The journal seen before the run was retired (finished, moved aside as
# archive.journal.done-*): that run resumed it to the end, or found it
# finished by a kill after its last record and put it aside.
retired_seen() {
    local f
    [ -f "$state/seen.journal" ] || return 1
    for f in "$state"/lbterm/archive.journal.done-*; do
        [ "$f" -ef "$state/seen.journal" ] && return 0
    done
    return 1
}
total_kills=$((step_kills + rand_kills))
max_runs=$((total_kills + 15))
kill_no=0
journal_scan
while [ $((kills_step + kills_rand)) -lt "$total_kills" ] && [ "$runs" -lt "$max_runs" ]; do
    before=$j_lines
    had_journal=0
    [ -f "$journal" ] && had_journal=1
    left=$((total_kills - kills_step - kills_rand))
    remaining=$((expect_lines - before))
    [ "$remaining" -lt "$((left * 4))" ] && remaining=$((left * 4))
    slot=$((remaining / (left + 1)))
    # Every third kill is a random one while they last; the first three at
    # step boundaries are the earliest: the journal just created, then the
    # first lines of a resumed run.
    if [ "$kills_rand" -lt "$rand_kills" ] &&
        { [ "$kills_step" -ge "$step_kills" ] || [ $((kill_no % 3)) -eq 2 ]; }; then
        mode=random
        # about a slot's worth of lines at this round's pace, from 30 to 170 %
        ms=$((20 + slot * (30 + RANDOM % 141) / 100 * us_per_line / 1000 + RANDOM % 100))
        printf -v delay '%d.%03d' $((ms / 1000)) $((ms % 1000))
        run_lbterm "$home/run.out" "$delay" ""
    else
        mode=step
        if [ "$kills_step" -lt 3 ]; then
            n=$((kills_step + 1))
        else
            n=$((slot * (50 + RANDOM % 101) / 100))
            [ "$n" -lt 1 ] && n=1
        fi
        run_lbterm "$home/run.out" "$limit" "$n"
    fi
    journal_scan
    after=$j_lines
    mapfile -t outl <"$home/run.out"
    for l in "${outl[@]}"; do [[ $l == failed\ * ]] && diag "run $runs: $l"; done
    [ -n "${LB_CRASH_KEEP:-}" ] && cp "$home/run.out" "$home/run$runs.out"
    # A kill loses what lbterm had not flushed of its output: that a run
    # resumed shows in the journal, which it appends to instead of starting
    # another (a new job's journal is a new file).
    if [ "$had_journal" = 1 ]; then
        if { same_journal && [ "$after" -ge "$before" ]; } || retired_seen; then
            resumed=$((resumed + 1))
        else
            not_resumed=$((not_resumed + 1))
            diag "run $runs did not resume the journal: ${outl[*]:0:3}"
        fi
    fi
    journal_id
    if [ $((after - before)) -ge 100 ]; then
        pace=$((elapsed_ms * 1000 / (after - before)))
        [ "$pace" -gt 10000 ] && pace=10000
        us_per_line=$(((us_per_line + pace) / 2))
    fi
    if [ "$mode" = step ] && [ "$rc" -eq 137 ] && [ "$timed" = 0 ]; then
        kills_step=$((kills_step + 1))
        what="killed after journal line $n of this run"
    elif [ "$mode" = step ] && [ "$timed" = 1 ]; then
        stalls=$((stalls + 1))
        what="STALLED: no end after ${limit}s"
    elif [ "$mode" = random ] && [ "$timed" = 1 ]; then
        kills_rand=$((kills_rand + 1))
        what="kill -9 after ${delay}s"
    else
        odd_exits=$((odd_exits + 1))
        what="ended by itself with exit $rc before its kill ($mode): ${outl[*]: -2}"
    fi
    at=""
    if [ "$timed" = 1 ] || [ "$rc" -eq 137 ]; then
        kill_no=$((kill_no + 1))
        positions+=("$after")
        kinds+=("$j_step")
        at=" at $j_step"
    fi
    diag "run $runs: $what$at; journal $before -> $after lines, $j_ended records ended;" \
        "${elapsed_ms} ms"
    if [ "$timed" = 0 ] && [ "$rc" -ne 137 ] && [ ! -f "$journal" ]; then
        diag "the job is over: no more kills"
        break
    fi
done
ok $((stalls > 0)) "$round: no resume stalled ($stalls)"
[ "$kills_step" -ge "$step_kills" ] && [ "$kills_rand" -ge "$rand_kills" ]
ok $? "$round: $kills_step kills at step boundaries and $kills_rand at random moments"
[ "$not_resumed" -eq 0 ] && [ "$resumed" -gt 0 ]
ok $? "$round: every run after a kill resumed the journal ($resumed resumed, $not_resumed not)"

# Finish: a run without a kill (again if faults failed some records), then
# one with nothing left.
final_ok=1
for try in 1 2 3 4; do
    had_journal=0
    [ -f "$journal" ] && had_journal=1
    run_lbterm "$home/run.out" "$limit" ""
    [ "$timed" = 1 ] && { stalls=$((stalls + 1)); diag "the completing run stalled"; break; }
    diag "completing run $try: exit $rc: $(grep -E '^(resuming|nothing|[0-9]+ archived)' "$home/run.out" | tr '\n' ' ')"
    if [ "$try" = 1 ] && [ "$had_journal" = 1 ] && ! grep -q '^resuming' "$home/run.out"; then
        not_resumed=$((not_resumed + 1))
    fi
    # a run that finished an interrupted job exits 0 even with nothing new
    # (cron must not read "nothing to do"); 3 only when nothing was resumed
    if { [ "$rc" -eq 0 ] || { [ "$rc" -eq 3 ] && ! grep -q '^resuming' "$home/run.out"; }; } &&
        ! grep -q '^failed ' "$home/run.out"; then
        final_ok=0
        break
    fi
    grep '^failed ' "$home/run.out" | head -5 | while read -r l; do diag "$l"; done
    [ "$round" = faults ] || break
done
ok $final_ok "$round: a run without a kill completes the job (exit $rc, try $try)"
run_lbterm "$home/run.out" "$limit" ""
[ "$rc" -eq 3 ] && grep -q '^nothing to archive' "$home/run.out" && ! grep -q '^resuming' "$home/run.out"
ok $? "$round: a further run has nothing to do (exit $rc)"
[ ! -e "$journal" ]; ok $? "$round: no unfinished journal is left"

# ---- the ledger ----
total=$(ls -tr "$state/lbterm/" | grep -m1 'archive.journal.done-' || true)
total=$( [ -n "$total" ] && wc -l <"$state/lbterm/$total" || echo 0)
# Kills spread over the job: a kill in each quarter of the first journal.
quarters=(0 0 0 0)
for p in "${positions[@]}"; do
    [ "$total" -gt 0 ] || break
    q=$((4 * p / (total + 1)))
    [ "$q" -gt 3 ] && q=3
    quarters[q]=$((quarters[q] + 1))
done
if [ "$total_kills" -ge 12 ]; then
    [ "${quarters[0]}" -gt 0 ] && [ "${quarters[1]}" -gt 0 ] && [ "${quarters[2]}" -gt 0 ] &&
        [ "${quarters[3]}" -gt 0 ]
    ok $? "$round: kills in every quarter of the journal's $total lines (${quarters[*]})"
fi
removal_hits=0 archive_hits=0
for k in "${kinds[@]}"; do
    case $k in *-deldoc | *-delete) removal_hits=$((removal_hits + 1)) ;;
    *-create | *-doc | *-relate | *-submit | *-patch | *-update | *-rename) archive_hits=$((archive_hits + 1)) ;;
    esac
done
diag "kill points: $(printf '%s\n' "${kinds[@]}" | sort | uniq -c | awk '{printf "%s %s, ", $2, $1}')"
if [ "${#kinds[@]}" -ge 25 ]; then
    [ "$removal_hits" -gt 0 ] && [ "$archive_hits" -gt 0 ]
    ok $? "$round: kills hit archiving steps ($archive_hits) and removal steps ($removal_hits)"
fi

q() { sql -separator ' ' "ATTACH '$LBBUS_DB' AS bus; $1"; }
# One line per unit: DAV dossiers created, submits, CRM deletes, DAV dossiers
# kept for it, of those in the wrong series.
q "CREATE TABLE ev AS SELECT * FROM bus.ledger;
   CREATE TABLE dav AS SELECT d.id, d.bron_id, d.serie_id, d.relaties_json FROM bus.dav_dossiers d
     WHERE d.bron_id IN (SELECT id FROM units);
   CREATE TABLE davdocs AS SELECT id, dossier_id, bron_id FROM bus.dav_documents
     WHERE dossier_id IN (SELECT id FROM dav);
   CREATE TABLE crm_left AS SELECT id FROM bus.meetings WHERE id IN (SELECT id FROM units)
     UNION ALL SELECT id FROM bus.agenda_items WHERE id IN (SELECT id FROM units)
     UNION ALL SELECT id FROM bus.documents WHERE id IN (SELECT id FROM docs);
   CREATE INDEX ev_bron ON ev(bron_id, event); CREATE INDEX ev_ref ON ev(ref_id);
   CREATE INDEX dav_bron ON dav(bron_id); CREATE INDEX davdocs_bron ON davdocs(bron_id);
   CREATE INDEX units_meeting ON units(meeting);"
count() { sql "$1"; }
per_unit="SELECT u.id, u.kind, u.serie,
    (SELECT count(*) FROM ev WHERE ev.bron_id = u.id AND event = 'dav_dossier_created') AS created,
    (SELECT count(*) FROM ev WHERE ev.bron_id = u.id AND event = 'dav_submitted') AS submits,
    (SELECT count(*) FROM ev WHERE ev.bron_id = u.id AND event = 'crm_delete') AS deletes,
    (SELECT min(seq) FROM ev WHERE ev.bron_id = u.id AND event = 'dav_submitted') AS first_submit,
    (SELECT min(seq) FROM ev WHERE ev.bron_id = u.id
       AND event IN ('crm_delete', 'document_delete')) AS first_removal
  FROM units u"
sql "CREATE TABLE pu AS $per_unit"
lost=$(count "SELECT count(*) FROM pu WHERE submits = 0")
lost_meetings=$(count "SELECT count(*) FROM pu WHERE kind = 'meeting' AND (submits = 0 OR deletes = 0)")
dup_dossiers=$(count "SELECT count(*) FROM pu WHERE created > 1")
dup_submits=$(count "SELECT count(*) FROM pu WHERE submits > 1")
not_created=$(count "SELECT count(*) FROM pu WHERE created = 0")
dav_rows=$(count "SELECT count(*) FROM units u WHERE (SELECT count(*) FROM dav WHERE bron_id = u.id) <> 1")
wrong_series=$(count "SELECT count(*) FROM units u JOIN dav ON dav.bron_id = u.id
    WHERE u.serie IS NULL OR dav.serie_id <> u.serie")
not_removed=$(count "SELECT count(*) FROM pu WHERE deletes <> 1")
early=$(count "SELECT count(*) FROM pu WHERE first_removal IS NOT NULL
    AND (first_submit IS NULL OR first_removal < first_submit)")
removals=$(count "SELECT count(*) FROM ev WHERE event IN ('crm_delete', 'document_delete')")
crm_left=$(count "SELECT count(*) FROM crm_left")
stray=$(count "SELECT count(*) FROM ev WHERE bron_id NOT IN (SELECT id FROM units)")
# Documents: one DAV document per CRM document, in its unit's dossier, and
# one delete of it from the document store.
doc_created="SELECT d.id AS doc, d.unit,
    (SELECT count(*) FROM ev JOIN davdocs dd ON dd.id = ev.ref_id
      WHERE ev.event = 'dav_document_created' AND dd.bron_id = d.id) AS created,
    (SELECT count(*) FROM davdocs dd JOIN dav ON dav.id = dd.dossier_id
      WHERE dd.bron_id = d.id AND dav.bron_id = d.unit) AS in_dossier,
    (SELECT count(*) FROM ev WHERE ev.event = 'document_delete' AND ev.ref_id = d.id) AS deleted
  FROM docs d"
sql "CREATE TABLE pd AS $doc_created"
dup_docs=$(count "SELECT count(*) FROM pd WHERE created > 1")
lost_docs=$(count "SELECT count(*) FROM pd WHERE created = 0 OR in_dossier <> 1")
docs_not_removed=$(count "SELECT count(*) FROM pd WHERE deleted <> 1")
stray_docs=$(count "SELECT count(*) FROM ev JOIN davdocs dd ON dd.id = ev.ref_id
    WHERE ev.event = 'dav_document_created' AND dd.bron_id NOT IN (SELECT id FROM docs)")
# Relations: each meeting's dossier names each of its agenda items' dossiers
# once, and nothing else.
bad_rel=$(count "SELECT count(*) FROM units m JOIN dav md ON md.bron_id = m.id
  WHERE m.kind = 'meeting' AND (
    (SELECT count(*) FROM json_each(md.relaties_json)) <>
      (SELECT count(*) FROM units i WHERE i.meeting = m.id AND i.kind = 'agendaitem')
    OR EXISTS (SELECT 1 FROM units i JOIN dav idv ON idv.bron_id = i.id
      WHERE i.meeting = m.id AND i.kind = 'agendaitem'
        AND (SELECT count(*) FROM json_each(md.relaties_json) r
             WHERE json_extract(r.value, '\$.id') = idv.id) <> 1))")
rel_total=$(count "SELECT count(*) FROM units m JOIN dav md ON md.bron_id = m.id,
    json_each(md.relaties_json) WHERE m.kind = 'meeting'")

ok $((lost + lost_meetings)) "$round: 0 records lost: every one of the $n_units dossiers submitted ($lost not; $lost_meetings meetings not archived and removed)"
ok $((dup_dossiers + dup_submits + not_created + dav_rows)) "$round: one DAV dossier per record and agenda item, submitted once ($dup_dossiers created twice, $dup_submits submitted twice, $dav_rows without exactly one)"
ok "$wrong_series" "$round: every dossier in its type's DAV series ($wrong_series not)"
ok $((dup_docs + lost_docs + stray_docs)) "$round: each of the $n_docs documents in its dossier exactly once ($dup_docs twice, $lost_docs missing, $stray_docs foreign)"
ok "$bad_rel" "$round: each meeting's dossier related once to each agenda item's ($rel_total relations, $bad_rel meetings wrong)"
ok "$early" "$round: 0 records removed before their dossier's submit ($removals removals checked)"
ok $((not_removed + docs_not_removed + crm_left)) "$round: all removed once from the CRM and the document store ($not_removed records, $docs_not_removed documents not; $crm_left left)"
ok "$stray" "$round: nothing outside the selection touched ($stray ledger events)"
# The ledger the simulator serves agrees: no record with two submits.
ledger=$(curl -s -H 'Authorization: Bearer demo-archivaris' "$LBBUS_URL/_sim/ledger")
served=$(printf '%s' "$ledger" | grep -o '"submits":[0-9]*' | grep -c '"submits":1$')
twice=$(printf '%s' "$ledger" | grep -o '"submits":[0-9]*' | grep -vc '"submits":[01]$')
[ "$served" -eq "$n_units" ] && [ "$twice" -eq 0 ]
ok $? "$round: GET /_sim/ledger: $served records submitted once, $twice more often"

dups=$((dup_dossiers + dup_submits + dup_docs))
# Records (meetings) whose own dossier and every agenda item's were made,
# submitted and removed exactly once.
once=$(count "SELECT count(*) FROM pu m WHERE m.kind = 'meeting' AND NOT EXISTS (SELECT 1 FROM
    units u JOIN pu p ON p.id = u.id WHERE u.meeting = m.id
    AND (p.created <> 1 OR p.submits <> 1 OR p.deletes <> 1))")
echo "$round $((kills_step + kills_rand)) $kills_step $kills_rand $once $ready $dups $early" \
    "$((lost + lost_docs))" >>"$LB_CRASH_SUMMARY"
now_ms; diag "$round: $runs runs in $(((NOW - round_start) / 1000)) s"
diag "$round: kills: $((kills_step + kills_rand)) ($kills_step at step boundaries, $kills_rand random);" \
    "records $once of $ready archived once ($n_units dossiers, $n_docs documents); duplicates $dups;" \
    "removed before submit $early; lost $((lost + lost_docs))"
