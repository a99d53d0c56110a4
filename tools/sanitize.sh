#!/usr/bin/env bash
# Builds dartsr with AddressSanitizer + UndefinedBehaviorSanitizer (gcc, as R
# itself was built with gcc) and runs the whole testthat suite against it.
# Zero reports tolerated: exits non-zero on any sanitizer report ("runtime
# error:" from UBSan, "ERROR: AddressSanitizer") and on any failing test.
#
#   bash tools/sanitize.sh            # from anywhere in the checkout
#   DARTSR_KEEP=1 bash tools/sanitize.sh   # keep the work directory
#
# How it works:
# * copies the package (tracked and new files, as .ci/run does) to a temporary
#   directory, so no sanitized object file is left in src/ for a later
#   R CMD INSTALL to pick up, and the tests' snapshot files are written there,
#   not in tests/testthat/_snaps;
# * builds with a temporary Makevars (R_MAKEVARS_USER) that sets
#     CFLAGS  = -g -O1 -fsanitize=address,undefined -fsanitize=float-cast-overflow
#               -fno-omit-frame-pointer -fno-sanitize-recover=all
#     LDFLAGS = -fsanitize=address,undefined
#   (gcc's -fsanitize=undefined leaves out float-cast-overflow, which clang
#   includes, so it is added) and installs into a temporary library;
# * runs R with libasan preloaded (R is not instrumented, so the ASan runtime
#   must be loaded first), ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 and
#   UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1, with the reports also
#   written to files (log_path) so that reports from child R processes (the
#   tests that use callr) are seen too.
#
# Leak detection is off because R does not free its heap at exit by design:
# LeakSanitizer would report thousands of R's own allocations at every exit,
# none of them dartsr's. Leaks are checked with valgrind (tools/valgrind.sh),
# which can tell dartsr's blocks from R's.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
say() { printf 'sanitize: %s\n' "$*"; }

libasan="$(gcc -print-file-name=libasan.so)"
if [ ! -e "$libasan" ]; then
  say "gcc's libasan.so was not found (gcc -print-file-name=libasan.so: $libasan);"
  say "install it, e.g. apt-get install libgcc-12-dev (libasan8 and libubsan1)" >&2
  exit 1
fi

# A temporary directory with the package sources in $pkg (see the script).
source "$root/tools/scratch-copy.sh"
scratch_copy sanitize "${DARTSR_KEEP:-0}"
mkdir -p "$work/lib" "$work/reports"

cat >"$work/Makevars" <<'EOF'
CFLAGS = -g -O1 -fsanitize=address,undefined -fsanitize=float-cast-overflow -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS = -fsanitize=address,undefined
EOF

export R_MAKEVARS_USER="$work/Makevars"
say "installing dartsr with ASan + UBSan into $work/lib"
# --no-test-load: loading the sanitized library into an R without the ASan
# runtime preloaded fails; the tests below load it properly.
R CMD INSTALL --preclean --no-multiarch --no-test-load -l "$work/lib" "$pkg" \
  >"$work/install.log" 2>&1 || {
  tail -n 40 "$work/install.log" >&2
  say "FAIL: the sanitized build did not install" >&2
  exit 1
}
if ! grep -q -- '-fsanitize=address' "$work/install.log"; then
  tail -n 40 "$work/install.log" >&2
  say "FAIL: the build did not use the sanitizer flags" >&2
  exit 1
fi
grep -E '^gcc ' "$work/install.log" | head -n 1 | sed 's/^/sanitize: compiled with: /'
so="$work/lib/dartsr/libs/dartsr.so"
# grep -c, not grep -q: under pipefail, grep -q leaving before ldd or nm has
# written everything failed the pipeline now and then with SIGPIPE.
if [ "$(ldd "$so" | grep -c libasan)" = 0 ] || [ "$(nm -D "$so" | grep -c __asan_report)" = 0 ]; then
  say "FAIL: $so is not instrumented" >&2
  exit 1
fi

# The tests run from a copy, so snapshots land in the work directory.
cp -a "$pkg/tests" "$work/tests"

log="$work/tests.log"
say "running tests/testthat under ASan + UBSan (LD_PRELOAD=$libasan)"
set +e
env \
  LD_PRELOAD="$libasan" \
  ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:log_path=$work/reports/asan:log_exe_name=1" \
  UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$work/reports/ubsan:log_exe_name=1" \
  R_LIBS="$work/lib${R_LIBS:+:$R_LIBS}" \
  NOT_CRAN=true \
  Rscript "$pkg/tools/run-tests.R" "$work/tests/testthat" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e

# Reports go to files (one per process) and, from some runtimes, to stderr.
shopt -s nullglob
report_files=("$work"/reports/*)
shopt -u nullglob
for f in "${report_files[@]}"; do
  echo "--- $f"
  cat "$f"
done | tee -a "$log"

pattern='runtime error:|ERROR: AddressSanitizer|ERROR: LeakSanitizer|SUMMARY: UndefinedBehaviorSanitizer'
n_ubsan=$(grep -c 'runtime error:' "$log" || true)
n_asan=$(grep -c 'ERROR: AddressSanitizer' "$log" || true)
summary_line="$(grep -E '^run-tests: [0-9]+ passed' "$log" | tail -n 1 || true)"

echo
say "test runner exit status $rc${summary_line:+; ${summary_line#run-tests: }}"
say "UBSan reports ('runtime error:'): $n_ubsan; ASan reports ('ERROR: AddressSanitizer'): $n_asan"
if grep -qE "$pattern" "$log"; then
  say "FAIL: sanitizer reports (above; first one):" >&2
  grep -m 1 -E "$pattern" "$log" >&2
  exit 1
fi
if [ "$rc" -ne 0 ] || [ -z "$summary_line" ]; then
  say "FAIL: the test suite failed or did not finish (exit status $rc)" >&2
  exit 1
fi
say "OK: zero sanitizer reports, all tests passed"
