#!/usr/bin/env bash
# Builds the libFuzzer target tools/fuzz/fuzz_engine.c over the engine sources
# (every src/*.c that does not include R's headers: primitives.c, network.c,
# optim.c, search.c, polish.c, ...; not r_api.c or init.c) with AddressSanitizer
# and UndefinedBehaviorSanitizer. Installs clang and its fuzzer runtime with
# apt-get when they are missing. Prints the path of the binary.
#   bash tools/fuzz/build.sh            # -> tools/fuzz/fuzz_engine
#   FUZZ_OUT=/tmp/fz bash tools/fuzz/build.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${FUZZ_OUT:-$root/tools/fuzz/fuzz_engine}"
say() { printf 'fuzz/build: %s\n' "$*" >&2; }

find_clang() {
  local c
  for c in "${CLANG:-}" clang clang-16 clang-15 clang-14 clang-13; do
    [ -n "$c" ] || continue
    command -v "$c" >/dev/null 2>&1 || continue
    # A clang whose fuzzer runtime is installed links -fsanitize=fuzzer.
    if printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }\n' |
      "$c" -x c -fsanitize=fuzzer,address,undefined -o /dev/null - >/dev/null 2>&1; then
      echo "$c"
      return 0
    fi
  done
  return 1
}

if ! cc="$(find_clang)"; then
  say "no clang with the libFuzzer runtime; installing clang and libclang-rt-dev with apt-get"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo -n"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >&2
  # Debian 12 ships clang 14, whose fuzzer runtime is libclang-rt-14-dev.
  if apt-cache show clang-14 >/dev/null 2>&1 && apt-cache show libclang-rt-14-dev >/dev/null 2>&1; then
    $SUDO apt-get install -y -qq --no-install-recommends clang-14 libclang-rt-14-dev llvm-14 >&2
  else
    $SUDO apt-get install -y -qq --no-install-recommends clang llvm >&2
  fi
  cc="$(find_clang)" || { say "clang with -fsanitize=fuzzer still unavailable" >&2; exit 1; }
fi

# The engine: the C files in src/ that do not include R's headers.
engine=()
for f in "$root"/src/*.c; do
  grep -qE '#include <(R\.h|Rinternals\.h|R_ext/)' "$f" || engine+=("$f")
done
say "$cc, engine sources: ${engine[*]##*/} -> $out"
"$cc" -g -O1 -std=c99 -D_DEFAULT_SOURCE \
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -fno-omit-frame-pointer \
  -I"$root/src" \
  "${engine[@]}" \
  "$root/tools/fuzz/fuzz_engine.c" \
  -lm -o "$out"
echo "$out"
