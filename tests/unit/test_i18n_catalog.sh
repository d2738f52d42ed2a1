#!/usr/bin/env bash
# test_i18n_catalog.sh — the catalogs against the current sources: every .po
# compiles with its format checks, nl.po is complete and has nothing fuzzy,
# key names and option names survive translation, POTFILES.in lists every
# file with a marked string; and the real binary speaks Dutch first.
. "$TOP_SRCDIR/tests/lib.sh"
PO="$TOP_SRCDIR/i18n/po"
work=$(mktemp -d "${TMPDIR:-/tmp}/i18n-catalog.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT

have_tools=yes
for t in xgettext msgmerge msgfmt msgattrib msgexec; do
    command -v "$t" >/dev/null 2>&1 || have_tools=no
done

# A Makevars variable, its continuation lines joined.
makevar() {
    awk -v name="$1" '
        !on && $0 ~ "^" name "[ \t]*=" { on = 1; sub("^" name "[ \t]*=", "") }
        on { more = sub(/\\$/, ""); printf "%s ", $0; if (!more) exit }' "$PO/Makevars"
}
# POTFILES.in without comments and blank lines.
potfiles() { sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$PO/POTFILES.in"; }
# LINGUAS, one language a line.
linguas() { sed -e 's/#.*//' "$PO/LINGUAS" | tr -s ' \t' '\n\n' | sed '/^$/d'; }

# ---- POTFILES.in ----
cd "$TOP_SRCDIR" || exit 99
potfiles >"$work/listed"
check "POTFILES.in is sorted (LC_ALL=C) without duplicates" -- \
    env LC_ALL=C sort -c -u "$work/listed"
missing_files() { while read -r f; do [ -f "$f" ] || echo "$f"; done <"$work/listed"; }
check "every file POTFILES.in lists exists" -- test -z "$(missing_files)"

# A .c file with _( N_( C_( or ngettext( must be listed (the grep), and so
# must any source, .h too, from which xgettext extracts a message.
find app client ui views i18n -name '*.c' -print | LC_ALL=C sort >"$work/c_files"
xargs grep -lE '(^|[^A-Za-z0-9_])(_|N_|C_|ngettext)\(' <"$work/c_files" >"$work/marked" || true
if [ "$have_tools" = yes ]; then
    # shellcheck disable=SC2046
    xgettext $(makevar XGETTEXT_OPTIONS) --add-location=file -o "$work/all.pot" \
        $(find app client ui views i18n -name '*.[ch]' -print | LC_ALL=C sort) 2>"$work/xg.err" &&
        { [ ! -f "$work/all.pot" ] || sed -n 's/^#: //p' "$work/all.pot" | tr ' ' '\n'; } >>"$work/marked"
fi
LC_ALL=C sort -u "$work/marked" | sed '/^$/d' >"$work/required"
unlisted=$(LC_ALL=C comm -23 "$work/required" <(LC_ALL=C sort -u "$work/listed"))
ok "$([ -z "$unlisted" ] && echo 0 || echo 1)" "every source file with a marked string is in POTFILES.in"
[ -z "$unlisted" ] || diag "missing from i18n/po/POTFILES.in:" $unlisted
# The check itself can fail: a marked file left out is caught.
fake=$(head -n 1 "$work/required")
if [ -n "$fake" ] && grep -vxF "$fake" "$work/listed" | LC_ALL=C sort -u |
    LC_ALL=C comm -23 "$work/required" - | grep -qxF "$fake"; then
    ok 0 "a list without $fake would be caught"
else
    ok 1 "a list without a marked file would be caught"
fi

# ---- the catalogs ----
linguas >"$work/linguas"
check "LINGUAS names nl" -- grep -qx nl "$work/linguas"
while read -r lang; do
    check "LINGUAS: $lang.po exists" -- test -f "$PO/$lang.po"
done <"$work/linguas"

if [ "$have_tools" != yes ]; then
    missing_tool "gettext tools (xgettext, msgmerge, msgattrib, msgexec) not found" \
        "the catalogs match the current sources"
else
    for po in "$PO"/*.po; do
        check "$(basename "$po") compiles with msgfmt -c --check-format" -- \
            msgfmt -c --check-format -o /dev/null "$po"
    done

    # A fresh template from the current sources, as 'make update-po' would.
    potfiles >"$work/potfiles"
    # shellcheck disable=SC2046
    check "xgettext extracts the messages of POTFILES.in" -- \
        xgettext $(makevar XGETTEXT_OPTIONS) -D "$TOP_SRCDIR" -f "$work/potfiles" \
        -o "$work/lbterm.pot"
    total=$(msgattrib --no-obsolete "$work/lbterm.pot" 2>/dev/null | grep -c '^msgid ')
    diag "messages in the sources: $((total - 1))"

    for po in "$PO"/*.po; do
        lang=$(basename "$po" .po)
        # shellcheck disable=SC2046
        msgmerge --quiet $(makevar MSGMERGE_OPTIONS) -o "$work/$lang.merged.po" "$po" \
            "$work/lbterm.pot" 2>"$work/$lang.merge.err"
        ok $? "$lang.po merges with the current template"
        msgattrib --untranslated --no-obsolete "$work/$lang.merged.po" >"$work/$lang.untr" 2>&1
        msgattrib --only-fuzzy --no-obsolete "$work/$lang.merged.po" >"$work/$lang.fuzzy" 2>&1
        n_untr=$(grep -c '^msgid ' "$work/$lang.untr")
        n_fuzzy=$(grep -c '^msgid ' "$work/$lang.fuzzy")
        # msgattrib prints the header entry along with any message it keeps.
        [ "$n_untr" -gt 0 ] && n_untr=$((n_untr - 1))
        [ "$n_fuzzy" -gt 0 ] && n_fuzzy=$((n_fuzzy - 1))
        diag "$lang: $((total - 1 - n_untr - n_fuzzy)) translated, $n_fuzzy fuzzy, $n_untr untranslated"
        if [ "$lang" = nl ]; then
            ok "$([ "$n_untr" -eq 0 ] && echo 0 || echo 1)" "nl.po: no untranslated message"
            [ "$n_untr" -eq 0 ] || sed '1,/^$/d' "$work/$lang.untr" | grep '^msgid ' | sed 's/^/#   /' | head -40
            ok "$([ "$n_fuzzy" -eq 0 ] && echo 0 || echo 1)" "nl.po: no fuzzy message"
            [ "$n_fuzzy" -eq 0 ] || sed '1,/^$/d' "$work/$lang.fuzzy" | grep '^msgid ' | sed 's/^/#   /' | head -40
        fi

        # Key and option names are not translated: every F-key, Esc,
        # Shift-Tab, PgUp/PgDn, Home/End and --option of the English is in
        # the translation too (an empty translation shows the English).
        # shellcheck disable=SC2016
        msgexec -i "$work/$lang.merged.po" sh -c '
            t=$(cat); [ -n "$MSGEXEC_MSGID" ] && [ -n "$t" ] || exit 0
            for k in $(printf "%s\n" "$MSGEXEC_MSGID" |
                       grep -oE "(^|[^A-Za-z0-9])(F[0-9]+|Esc|Shift-Tab|PgUp/PgDn|Home/End|--[a-z][a-z-]*)" |
                       sed "s/^[^A-Za-z0-9-]//" | sort -u); do
                printf "%s\n" "$t" | grep -qF -- "$k" || printf "%s: \"%s\" lost in: %s\n" \
                    "$MSGEXEC_LOCATION" "$k" "$(printf "%s" "$t" | head -n 1)"
            done' >"$work/$lang.keys" 2>&1
        ok "$([ -s "$work/$lang.keys" ] && echo 1 || echo 0)" "$lang.po keeps key and option names"
        sed 's/^/#   /' "$work/$lang.keys" | head -20
    done
fi

# ---- the real binary: Dutch first ----
# i18n/local.mk leaves an empty catalog when lbterm is built without NLS.
mo="${LBTERM_LOCALEDIR:-}/nl/LC_MESSAGES/lbterm.mo"
if [ -z "${LBTERM_LOCALEDIR:-}" ] || [ ! -f "$mo" ]; then
    ok 1 "LBTERM_LOCALEDIR holds the build tree's nl catalog (${LBTERM_LOCALEDIR:-unset})"
elif [ ! -s "$mo" ]; then
    skip "built without NLS" "lbterm --help speaks Dutch by default"
else
    help() { # help VAR=VALUE...: lbterm --help with only these locale variables
        env -u LANGUAGE -u LC_ALL -u LC_MESSAGES -u LANG "$@" "$LBTERM" --help 2>&1
    }
    says() { # says WHAT TEXT DESCRIPTION VAR=VALUE...
        local what=$1 text=$2 desc=$3 out rc; shift 3
        out=$(help "$@"); rc=$?
        case "$out" in
        *"$text"*) ok "$rc" "$desc" ;;
        *) ok 1 "$desc"; diag "$* gave: $(printf '%s' "$out" | head -n 1) (wanted $what)" ;;
        esac
    }
    says Dutch "Gebruik:" "LANG=C.UTF-8 without LANGUAGE: --help is Dutch" LANG=C.UTF-8
    says English "Usage:" "LANGUAGE=en: --help is English" LANGUAGE=en LANG=C.UTF-8
    says Dutch "Gebruik:" "no locale variable at all: Dutch"
    says English "Usage:" "LANG=en_GB.UTF-8: English, installed or not" LANG=en_GB.UTF-8
    says English "Usage:" "LANGUAGE=en with LC_ALL=C: English" LANGUAGE=en LC_ALL=C
    says Dutch "Gebruik:" "LANGUAGE=nl with LC_ALL=C: Dutch" LANGUAGE=nl LC_ALL=C
    if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
        says Dutch "Gebruik:" "LC_ALL=C (LANGUAGE ignored there): still Dutch" LC_ALL=C
    else
        skip "no C.UTF-8 locale here" "LC_ALL=C: still Dutch"
    fi
    while read -r lang; do
        check "the build tree has the $lang catalog (a rule in i18n/local.mk)" -- \
            test -s "$LBTERM_LOCALEDIR/$lang/LC_MESSAGES/lbterm.mo"
    done <"$work/linguas"
    if grep -qx fr "$work/linguas"; then
        says French "Utilisation :" "LANG=fr_BE.UTF-8: French, installed or not" LANG=fr_BE.UTF-8
        says French "Utilisation :" "LANGUAGE=fr: French" LANGUAGE=fr LANG=C.UTF-8
    fi
    out=$(help LANG=C.UTF-8) lost=
    for o in --profile --demo --as --view --read-only --no-mouse --no-color --slow-link --help --version; do
        case "$out" in *"$o"*) ;; *) lost="$lost $o" ;; esac
    done
    ok "$([ -z "$lost" ] && echo 0 || echo 1)" "the Dutch --help lists every option${lost:+ (lost:$lost)}"
fi
tap_done
