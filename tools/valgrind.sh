#!/usr/bin/env bash
# Runs the whole testthat suite under valgrind memcheck (R -d valgrind) against
# a normal build of dartsr installed into a temporary library, and reports:
#   * memory errors (invalid reads and writes, uses of uninitialised values,
#     bad frees): valgrind's "ERROR SUMMARY", which must say 0 errors;
#   * leaks: the "definitely lost" records whose allocation stack passes
#     through dartsr (dartsr.so or one of its source files), which must be 0.
# Exits non-zero if either is not zero or a test fails. Slow: on this
# project's 2-core machine 8 of the suite's 34 files (the engine-heavy ones)
# took 21 minutes under valgrind, so the whole suite would take about 3.5
# hours; it takes about two minutes under plain R.
#
#   bash tools/valgrind.sh
#   DARTSR_KEEP=1 bash tools/valgrind.sh     # keep the work directory and logs
#   DARTSR_VALGRIND_LOG=/tmp/vg bash tools/valgrind.sh   # keep the logs there
#
# The leak filter: R does not free its heap, its symbol table or what its
# startup loads before it exits (by design: the OS reclaims it faster), so
# valgrind reports R's own blocks as "still reachable" and "possibly lost",
# and the libraries under R's graphics devices leak for real ("definitely
# lost" in fontconfig and pango, reached from the plot() tests through the
# cairo device). None of these are dartsr's: memory dartsr gets from R (allocVector,
# R_alloc) is R's to free. A block counts as dartsr's when the stack of its
# allocation passes through dartsr.so, one of its .Call entry points
# (ffi_search and the others, by name: libffi's ffi_* are not dartsr's), a
# darts_* function or one of the package's C files (with -g valgrind names
# functions and source lines rather than the .so); all other records are
# counted by kind, but do not fail the run.
# Child R processes (the tests that use callr) run without valgrind.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
say() { printf 'valgrind: %s\n' "$*"; }

if ! command -v valgrind >/dev/null 2>&1; then
  say "valgrind is not installed (apt-get install valgrind)" >&2
  exit 1
fi

# A temporary directory with the package sources in $pkg (see the script).
source "$root/tools/scratch-copy.sh"
scratch_copy valgrind "${DARTSR_KEEP:-0}"
logdir="${DARTSR_VALGRIND_LOG:-$work/logs}"
mkdir -p "$logdir" "$work/lib"
rm -f "$logdir"/valgrind.*.log

# A normal build (R's own CFLAGS, which on Debian include -g, so that valgrind
# can name source lines).
say "installing dartsr into $work/lib"
R CMD INSTALL --preclean --no-multiarch -l "$work/lib" "$pkg" >"$work/install.log" 2>&1 || {
  tail -n 40 "$work/install.log" >&2
  say "FAIL: dartsr did not install" >&2
  exit 1
}
cp -a "$pkg/tests" "$work/tests"

vg="valgrind --tool=memcheck --error-exitcode=1 --leak-check=full"
vg="$vg --show-leak-kinds=definite,possible --errors-for-leak-kinds=none"
vg="$vg --track-origins=yes --num-callers=40 --log-file=$logdir/valgrind.%p.log"
say "running tests/testthat under: $vg"
start=$SECONDS
set +e
R_LIBS="$work/lib${R_LIBS:+:$R_LIBS}" NOT_CRAN=true \
  R -d "$vg" --vanilla --no-echo -f "$pkg/tools/run-tests.R" --args "$work/tests/testthat" \
  2>&1 | tee "$work/tests.log"
rc=${PIPESTATUS[0]}
set -e
say "finished in $((SECONDS - start))s, exit status $rc"

shopt -s nullglob
logs=("$logdir"/valgrind.*.log)
shopt -u nullglob
if [ "${#logs[@]}" -eq 0 ]; then
  say "FAIL: valgrind wrote no log" >&2
  exit 1
fi

# Splits each log into records (separated by "==PID== " lines), classifies
# them and prints the counts; prints every record attributed to dartsr.
summary="$work/summary.txt"
awk '
  function flush(   kind, ours) {
    if (rec == "") return
    ours = rec ~ /dartsr\.so|: (ffi_(search|predict|loss_grad|polish)|darts_|R_init_dartsr)|[(\/](r_api|init|network|search|polish|primitives|optim)\.c:/
    if (first ~ /definitely lost in loss record/) kind = "definite"
    else if (first ~ /possibly lost in loss record/) kind = "possible"
    else if (first ~ /indirectly lost in loss record|still reachable in loss record/) kind = "other_leak"
    else if (rec ~ /(at|by) 0x[0-9A-F]+:/ && first !~ /^(HEAP|LEAK|ERROR) SUMMARY/) kind = "error"
    else kind = ""
    if (kind != "") {
      n[kind]++
      if (ours) { mine[kind]++; print "---- dartsr " kind " record (" file ")\n" rec > "/dev/stderr" }
    }
    rec = ""; first = ""
  }
  FNR == 1 { flush(); file = FILENAME }
  /ERROR SUMMARY:/ { sub(/^==[0-9]+== /, ""); summaries = summaries FILENAME ": " $0 "\n" }
  {
    line = $0
    sub(/^==[0-9]+== ?/, "", line)
    if (line == "") { flush(); next }
    if (rec == "") first = line
    rec = rec line "\n"
  }
  END {
    flush()
    printf "%s", summaries
    printf "errors %d %d\n", n["error"], mine["error"]
    printf "definite %d %d\n", n["definite"], mine["definite"]
    printf "possible %d %d\n", n["possible"], mine["possible"]
  }
' "${logs[@]}" >"$summary"

grep 'ERROR SUMMARY' "$summary" | sed 's/^/valgrind: /'
read -r _ errors_all errors_mine < <(grep '^errors ' "$summary")
read -r _ definite_all definite_mine < <(grep '^definite ' "$summary")
read -r _ possible_all possible_mine < <(grep '^possible ' "$summary")
summary_line="$(grep -E '^run-tests: [0-9]+ passed' "$work/tests.log" | tail -n 1 || true)"
say "memory errors: $errors_all (through dartsr: $errors_mine)"
say "definitely lost records: $definite_all (dartsr's: $definite_mine)"
say "possibly lost records: $possible_all (dartsr's: $possible_mine; R's own are expected)"
say "tests: ${summary_line#run-tests: }"
say "logs: $logdir"

fail=0
if [ "$errors_all" -ne 0 ] || grep -q 'ERROR SUMMARY: [1-9]' "$summary"; then
  say "FAIL: valgrind reported memory errors (records above, logs in $logdir)" >&2
  fail=1
fi
if [ "$definite_mine" -ne 0 ]; then
  say "FAIL: dartsr leaks memory (records above)" >&2
  fail=1
fi
if [ -z "$summary_line" ] || [ "$rc" -ne 0 ]; then
  say "FAIL: the test suite failed or did not finish (exit status $rc)" >&2
  fail=1
fi
if [ "$fail" -ne 0 ]; then
  [ "${DARTSR_KEEP:-0}" = "1" ] || [ -n "${DARTSR_VALGRIND_LOG:-}" ] ||
    say "(set DARTSR_KEEP=1 or DARTSR_VALGRIND_LOG=DIR to keep the logs)" >&2
  exit 1
fi
say "OK: 0 memory errors, 0 dartsr leaks, all tests passed"
