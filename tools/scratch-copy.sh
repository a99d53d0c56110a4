# Sourced by .ci/run, tools/sanitize.sh and tools/valgrind.sh, which build and
# test a copy of the package, so that src/ (object files) and
# tests/testthat/_snaps in the checkout stay untouched.
#
#   scratch_copy NAME KEEP
#
# makes a temporary directory dartsr-NAME.XXXXXX, removed when the script
# exits unless KEEP is 1, and sets `work` to it; then copies the package
# sources of this checkout to $work/dartsr and sets `pkg` to that: tracked and
# new files, not what .gitignore excludes (as a fresh clone would have them),
# and no build products.
scratch_copy() {
  local name="$1" keep="$2" root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  work="$(mktemp -d "${TMPDIR:-/tmp}/dartsr-$name.XXXXXX")"
  if [ "$keep" = "1" ]; then
    printf '%s: keeping %s\n' "$name" "$work"
  else
    trap 'rm -rf "$work"' EXIT
  fi
  pkg="$work/dartsr"
  mkdir -p "$pkg"
  if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git -C "$root" ls-files -z --cached --others --exclude-standard |
      while IFS= read -r -d '' f; do [ -e "$root/$f" ] && printf '%s\0' "$f"; done |
      tar -C "$root" --null -T - -cf - | tar -C "$pkg" -xf -
  else
    cp -a "$root/." "$pkg/"
  fi
  rm -f "$pkg"/src/*.o "$pkg"/src/*.so "$pkg"/src/*.dll
}
