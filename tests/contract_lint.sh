#!/usr/bin/env bash
# contract_lint.sh — docs/bus-api.yaml lints clean with the pinned Redocly CLI.
. "$TOP_SRCDIR/tests/lib.sh"
redocly=${REDOCLY:-}
if [ -z "$redocly" ] || [ ! -x "$redocly" ]; then
    missing_tool "Redocly CLI not installed; run scripts/setup" "docs/bus-api.yaml lints clean"
    tap_done
fi
# JSON output: the totals decide, not banners the CLI prints on stderr.
out=$(cd "$TOP_SRCDIR/docs" && "$redocly" lint --config redocly.yaml --format=json bus-api.yaml 2>/dev/null)
rc=$?
ok $rc "docs/bus-api.yaml lints clean (redocly, recommended rules)"
totals() { printf '%s' "$out" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const t=JSON.parse(s).totals;console.log(t.errors+" "+t.warnings)})'; }
read -r errors warnings < <(totals)
[ "${errors:-x}" = 0 ]; ok $? "no lint errors (got ${errors:-unreadable})"
[ "${warnings:-x}" = 0 ]; ok $? "no lint warnings (got ${warnings:-unreadable})"
[ "$rc" -eq 0 ] && [ "${warnings:-x}" = 0 ] || (cd "$TOP_SRCDIR/docs" && "$redocly" lint --config redocly.yaml --format=stylish bus-api.yaml 2>&1 | sed 's/^/#   /' | head -60)

# Every path the deck names is in the contract, verbatim.
for p in /melding/add '/melding/{meldingId}/upload' /melding/configuration \
    /dav/series/get /dav/series/list /dav/series/extensions /dav/dossiers/create \
    /dav/dossiers/update /dav/dossiers/validate /dav/dossiers/submit /dav/dossiers/relation \
    /dav/documents/create /dav/documents/update; do
    grep -qE "^  $p:" "$TOP_SRCDIR/docs/bus-api.yaml"
    ok $? "the contract has the deck's path $p"
done
tap_done
