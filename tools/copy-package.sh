#!/usr/bin/env bash
# Copies the package sources of this checkout to DEST (tracked and new files,
# not what .gitignore excludes, as .ci/run does) without build products, so
# that tools/sanitize.sh and tools/valgrind.sh build and test a copy and leave
# src/ and tests/testthat/_snaps untouched.  Usage: tools/copy-package.sh DEST
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$1"
mkdir -p "$dest"
if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git -C "$root" ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do [ -e "$root/$f" ] && printf '%s\0' "$f"; done |
    tar -C "$root" --null -T - -cf - | tar -C "$dest" -xf -
else
  cp -a "$root/." "$dest/"
fi
rm -f "$dest"/src/*.o "$dest"/src/*.so "$dest"/src/*.dll
