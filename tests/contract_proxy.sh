#!/usr/bin/env bash
# contract_proxy.sh — a representative set of requests, good and bad, sent
# through Prism's validation proxy in front of a private lbbus-sim. Any
# response that breaks docs/bus-api.yaml fails the test.
# Runs itself under tests/with-sim (which sets LBBUS_URL).
. "$TOP_SRCDIR/tests/lib.sh"

if [ -z "${LBBUS_URL:-}" ]; then
    if [ -z "${PRISM:-}" ] || [ ! -x "$PRISM" ]; then
        missing_tool "Prism not installed; run scripts/setup" "lbbus-sim obeys docs/bus-api.yaml"
        tap_done
    fi
    exec "$TOP_BUILDDIR/tests/with-sim" --rate-limit 100000/300 -- "$0" "$@"
fi

work=$(mktemp -d)
trap 'kill "$prism_pid" 2>/dev/null; wait "$prism_pid" 2>/dev/null; rm -rf "$work"' EXIT
"$PRISM" proxy "$TOP_SRCDIR/docs/bus-api.yaml" "$LBBUS_URL" -p 0 -h 127.0.0.1 >"$work/prism.log" 2>&1 &
prism_pid=$!
# Wait for Prism's own "listening" line (bounded), not a fixed time.
timeout 60 grep -m1 -q 'listening' <(tail -n +1 -f "$work/prism.log")
proxy=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/prism.log" | head -1)
[ -n "$proxy" ]
ok $? "Prism validation proxy started"
[ -n "$proxy" ] || { sed 's/^/#   /' "$work/prism.log"; tap_done; }

KEY='Ocp-Apim-Subscription-Key: lbterm-test-key'
jget() { # jget FILE EXPR — EXPR is JavaScript on the parsed body `j`
    node -e 'const fs=require("fs");let j;try{j=JSON.parse(fs.readFileSync(process.argv[1],"utf8"))}catch(e){process.exit(0)}
             let v;try{v=eval(process.argv[2])}catch(e){process.exit(0)}
             if(v!==undefined&&v!==null)process.stdout.write(String(v))' "$1" "$2"
}

# req EXPECTED METHOD PATH TOKEN [BODY] [HEADER]...
# Sends through the proxy; checks the status and that Prism saw no response
# violation. The body lands in $work/body, headers in $work/headers.
req() {
    local want=$1 method=$2 path=$3 token=$4 body=${5:-}
    shift 4
    [ $# -gt 0 ] && shift
    local args=(-s -o "$work/body" -D "$work/headers" -X "$method" -H "$KEY")
    [ -n "$token" ] && args+=(-H "Authorization: Bearer $token")
    [ -n "$body" ] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
    local h
    for h in "$@"; do args+=(-H "$h"); done
    local got
    got=$(curl "${args[@]}" -w '%{http_code}' "$proxy$path")
    local viol
    viol=$(grep -i '^sl-violations:' "$work/headers" | sed 's/^[^:]*: //' | node -e '
        let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{
          if(!s.trim())return;
          const v=JSON.parse(s).filter(x=>x.location[0]==="response");
          if(v.length)console.log(JSON.stringify(v))})')
    [ "$got" = "$want" ] && [ -z "$viol" ]
    ok $? "$method $path as ${token:-nobody} → $want (got $got)"
    if [ "$got" != "$want" ] || [ -n "$viol" ]; then
        [ -n "$viol" ] && diag "contract violation: $viol"
        diag "body: $(head -c 400 "$work/body")"
    fi
}

SEC=demo-secretaris ARCH=demo-archivaris ADMIN=demo-admin HELP=demo-helpdesk TEAM=demo-archief-team

# Identity
req 200 GET /health ""
req 200 GET /crm/whoami $SEC
req 401 GET /crm/whoami ""
req 401 GET /crm/whoami not-a-token
req 200 GET /crm/whoami $TEAM

# Types and series
req 200 GET /crm/meetingtypes $SEC
mt=$(jget "$work/body" 'j.value[0].id')
mt_etag=$(jget "$work/body" 'j.value[0]["@odata.etag"]')
req 200 GET "/crm/meetingtypes/$mt" $SEC
req 200 POST /dav/series/list $ADMIN '{}'
serie=$(jget "$work/body" 'j.value[0].id')
req 200 POST /dav/series/get $ADMIN "{\"id\":\"$serie\"}"
req 200 POST /dav/series/extensions $ADMIN "{\"id\":\"$serie\"}"
req 404 POST /dav/series/get $ADMIN "{\"id\":\"$(printf 'f%.0s' {1..64})\"}"
req 403 PATCH "/crm/meetingtypes/$mt" $SEC "{\"davSeriesId\":\"$serie\"}"
req 412 PATCH "/crm/meetingtypes/$mt" $ADMIN "{\"davSeriesId\":\"$serie\"}" 'If-Match: W/"999999"'
req 200 PATCH "/crm/meetingtypes/$mt" $ADMIN "{\"davSeriesId\":\"$serie\"}" "If-Match: $mt_etag" 'Prefer: return=representation'
req 422 PATCH "/crm/meetingtypes/$mt" $ADMIN "{\"davSeriesId\":\"$(printf 'e%.0s' {1..64})\"}"
req 200 GET /crm/dossiertypes $SEC
dt=$(jget "$work/body" 'j.value[0].id')
req 200 GET "/crm/dossiertypes/$dt" $SEC
req 200 GET '/crm/statuscodes?entity=meeting' $SEC
req 400 GET '/crm/statuscodes?entity=nonsense' $SEC

# Meetings: paging, filters, one record, state rules
# Prism reads Prefer for its own use, so paging is exercised with the default
# page size (5,000) over the agenda items, which are more than that.
req 200 GET '/crm/agendaitems?$count=true' $SEC
next=$(jget "$work/body" 'j["@odata.nextLink"]')
[ -n "$next" ]; ok $? "a full page of agenda items has a nextLink"
req 200 GET "$next" $SEC
req 200 GET '/crm/meetings?state=inactive&$count=true' $SEC
meeting=$(jget "$work/body" 'j.value[0].id')
req 200 GET '/crm/meetings?state=active&orderby=begin%20desc&q=CBS' $SEC
active=$(jget "$work/body" 'j.value[0].id')
req 400 GET '/crm/meetings?orderby=password%20asc' $SEC
req 200 GET "/crm/meetings/$meeting" $SEC
req 404 GET /crm/meetings/00000000-0000-0000-0000-000000000000 $SEC
req 400 PATCH "/crm/meetings/$active" $SEC '{"statecode":1,"statuscode":1}'
req 403 DELETE "/crm/meetings/$meeting" $SEC
req 409 DELETE "/crm/meetings/$meeting" $ARCH
req 200 GET "/crm/meetings/$meeting/agendaitems" $SEC
item=$(jget "$work/body" 'j.value[0].id')
req 200 GET "/crm/agendaitems?meetingId=$meeting" $SEC
req 200 GET "/crm/agendaitems/$item" $SEC
req 200 GET '/crm/dossiers?state=inactive' $SEC
dossier=$(jget "$work/body" 'j.value[0].id')
req 200 GET "/crm/dossiers/$dossier" $SEC
req 200 GET "/crm/documents?regardingType=meeting&regardingId=$meeting" $SEC
doc=$(jget "$work/body" 'j.value[0].id')
[ -n "$doc" ]; ok $? "the meeting has a document"
if [ -n "$doc" ]; then
    req 200 GET "/crm/documents/$doc" $SEC
    req 200 GET "/crm/documents/$doc/content" $SEC
fi

# Meldingen
req 200 GET '/melding?orderby=ontvangenOp%20desc' $HELP
melding=$(jget "$work/body" 'j.value[0].id')
req 200 GET "/melding/$melding" $HELP
att=$(jget "$work/body" '(j.bijlagen[0]||{}).id')
[ -n "$att" ] && req 200 GET "/melding/$melding/attachments/$att" $HELP
# the secretariat reads (the indiener verborgen) but may not add; no role, no read
req 200 GET '/melding?orderby=ontvangenOp%20desc' $SEC
req 200 GET "/melding/$melding" $SEC
[ -n "$att" ] && req 200 GET "/melding/$melding/attachments/$att" $SEC
req 403 GET "/melding/$melding" $ADMIN
req 200 GET /melding/configuration $HELP
req 403 GET /melding/configuration $SEC
new='{"titel":"Lantaarnpaal defect","meldingstype":"straatverlichting","beschrijving":"De lamp aan de Bondgenotenlaan 12 brandt niet meer.","adres":"Bondgenotenlaan 12, 3000 Leuven","kanaal":"telefoon","indiener":{"type":"burger","naam":"Jan Peeters","telefoon":"+32 16 00 00 00"}}'
req 201 POST /melding/add $HELP "$new" 'Idempotency-Key: contract-test-1'
added=$(jget "$work/body" 'j.id')
req 200 POST /melding/add $HELP "$new" 'Idempotency-Key: contract-test-1'
req 422 POST /melding/add $HELP "${new/Lantaarnpaal/Verkeerslicht}" 'Idempotency-Key: contract-test-1'
req 400 POST /melding/add $HELP '{"titel":' 'Idempotency-Key: contract-test-2'
req 400 POST /melding/add $HELP '{"titel":"x","onbekend":1}' 'Idempotency-Key: contract-test-3'
req 403 POST /melding/add $SEC "$new" 'Idempotency-Key: contract-test-4'
up() { # up EXPECTED NAME TYPE
    local got
    got=$(curl -s -o "$work/body" -D "$work/headers" -X PUT -H "$KEY" -H "Authorization: Bearer $HELP" \
        -H "Content-Type: $3" --data-binary 'Foto van de lantaarnpaal' -w '%{http_code}' \
        "$proxy/melding/$added/upload?filename=$2")
    local viol
    viol=$(grep -i '^sl-violations:' "$work/headers" | grep -c '"response"')
    [ "$got" = "$1" ] && [ "$viol" = 0 ]
    ok $? "PUT upload $2 ($3) → $1 (got $got)"
}
up 201 notitie.txt text/plain
up 422 ..%2Fetc%2Fpasswd text/plain
up 415 script.sh application/x-sh

# DAV: archive one inactive meeting, by the book
body="{\"serieId\":\"$serie\",\"naam\":\"Contracttest\",\"openingsdatum\":\"2020-01-01\",\"sluitingsdatum\":\"2020-01-02\",\"bronId\":\"$meeting\",\"bronType\":\"meeting\",\"extensies\":[]}"
req 403 POST /dav/dossiers/create $SEC "$body"
req 201 POST /dav/dossiers/create $ARCH "$body"
dav=$(jget "$work/body" 'j.id')
req 200 POST /dav/dossiers/create $ARCH "$body"
req 200 POST /dav/dossiers/get $ARCH "{\"id\":\"$dav\"}"
req 200 POST /dav/dossiers/get $ARCH "{\"bronId\":\"$meeting\"}"
req 200 POST /dav/dossiers/validate $ARCH "{\"id\":\"$dav\"}"
req 201 POST /dav/documents/create $ARCH "{\"dossierId\":\"$dav\",\"naam\":\"Notulen\",\"creatiedatum\":\"2020-01-01\",\"bronId\":\"$doc\",\"mimeType\":\"text/plain\",\"inhoud\":\"SGFsbG8=\"}"
davdoc=$(jget "$work/body" 'j.id')
req 200 POST /dav/documents/update $ARCH "{\"id\":\"$davdoc\",\"naam\":\"Notulen (definitief)\"}"
req 200 POST /dav/dossiers/update $ARCH "{\"id\":\"$dav\",\"beschrijving\":\"Contracttest\"}"
req 404 POST /dav/dossiers/get $ARCH '{"id":"00000000-0000-0000-0000-000000000000"}'
req 400 POST /dav/dossiers/create $ARCH '{"serieId":'
req 400 POST /dav/dossiers/create $ARCH "${body%\}},\"extra\":true}"
req 409 POST /dav/dossiers/create $ARCH "${body/$meeting/$active}"

tap_done
