#!/usr/bin/env bash
# format.sh — every C file follows .clang-format (docs/style.md).
. "$TOP_SRCDIR/tests/lib.sh"
cd "$TOP_SRCDIR" || exit 99
if ! command -v clang-format >/dev/null; then
    missing_tool "clang-format not installed; run scripts/setup" "C sources follow .clang-format"
    tap_done
fi
files=$(find app client ui views i18n sim tests bench -name '*.[ch]' 2>/dev/null | sort)
[ -n "$files" ]; ok $? "there are C sources to check"
bad=""
for f in $files; do
    clang-format --style=file --dry-run -Werror "$f" >/dev/null 2>&1 || bad="$bad $f"
done
[ -z "$bad" ]; ok $? "C sources follow .clang-format (fix with: clang-format -i FILE)"
for f in $bad; do diag "not formatted: $f"; done
tap_done
