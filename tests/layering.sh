#!/usr/bin/env bash
# layering.sh — the architecture, checked: client/ never touches curses,
# ui/ never touches HTTP, dependencies point views -> client, views -> ui.
. "$TOP_SRCDIR/tests/lib.sh"
cd "$TOP_SRCDIR" || exit 99

no_include() { # no_include DIR PATTERN
    ! grep -rEn "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($2)" "$1" --include='*.[ch]'
}
check "client/ includes no curses header" -- no_include client 'n?curses|term\.h|ui/|views/'
check "ui/ includes no HTTP, JSON or client header" -- no_include ui 'curl/|cjson/|microhttpd|client/|views/'
check "i18n/ includes neither curses nor HTTP" -- no_include i18n 'n?curses|curl/|client/|ui/|views/'
check "views/ do not include the simulator" -- no_include views 'sim/|microhttpd|sqlite3'
check "client/ does not include the simulator" -- no_include client 'sim/|microhttpd|sqlite3'

# The object code agrees with the includes: no undefined symbol of one
# library is provided by a library that folder may not use.
libsyms() { # libsyms PKG...: dynamic symbols the packages define
    for lib in $(pkg-config --libs-only-l "$@" | sed 's/-l//g'); do
        # The versioned files: Debian's libncursesw.so is a linker script.
        for so in /usr/lib/*/lib"$lib".so.* /usr/lib/lib"$lib".so.*; do
            [ -e "$so" ] && nm -D --defined-only "$so" 2>/dev/null | awk 'NF==3 {sub(/@.*/, "", $3); print $3}'
        done
    done | sort -u
}
undefined_in() { nm -u "$TOP_BUILDDIR/$1" 2>/dev/null | awk '$1=="U"{print $2}' | sort -u; }
no_overlap() { # no_overlap LIB PKG...
    local lib=$1; shift
    local both; both=$(comm -12 <(undefined_in "$lib") <(libsyms "$@"))
    [ -z "$both" ] || { echo "$lib uses: $both"; return 1; }
}
check "client/libclient.a calls nothing in ncursesw" -- no_overlap client/libclient.a ncursesw
check "ui/libui.a calls nothing in libcurl or cJSON" -- no_overlap ui/libui.a libcurl libcjson
check "i18n/libi18n.a calls nothing in ncursesw or libcurl" -- no_overlap i18n/libi18n.a ncursesw libcurl
# Guard against a vacuous pass: the symbol lists are really read.
check "the ncursesw symbol list is read (initscr is in it)" -- grep -qx initscr <(libsyms ncursesw)
check "the libcurl symbol list is read (curl_easy_init is in it)" -- grep -qx curl_easy_init <(libsyms libcurl)
check "undefined symbols are read (libclient.a uses vsnprintf)" -- grep -qx vsnprintf <(undefined_in client/libclient.a)
tap_done
