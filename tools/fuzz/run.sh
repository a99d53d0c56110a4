#!/usr/bin/env bash
# Builds the engine fuzzer (tools/fuzz/build.sh) and runs it for SECONDS
# (default 60) from the committed corpus tools/fuzz/corpus/. Exits non-zero on
# a finding (crash, sanitizer report, broken contract, timeout, out of memory)
# and says how to reproduce it; the input is saved in tools/fuzz/findings/.
#
#   bash tools/fuzz/run.sh 60          # what .ci/run runs
#   bash tools/fuzz/run.sh 1800        # a real session
#
# Environment:
#   DARTS_FUZZ_CONTRACT  full (default) | state | moderate | none: how much of the
#                        finiteness contract to check (see fuzz_engine.c)
#   FUZZ_JOBS=N          run N fuzzing processes (libFuzzer -fork=N); default 1
#   FUZZ_WORKDIR=DIR     keep the working corpus (new inputs) in DIR; by default
#                        a temporary directory, removed at the end
#   FUZZ_UPDATE_CORPUS=1 after a clean run, minimise the committed corpus plus
#                        what the run found back into tools/fuzz/corpus/
#                        (libFuzzer -set_cover_merge=1 on coverage edges)
#
# New inputs never go into tools/fuzz/corpus/ unless FUZZ_UPDATE_CORPUS=1, so
# the committed corpus stays small.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
seconds="${1:-60}"
case "$seconds" in
  '' | *[!0-9]*) echo "usage: $0 SECONDS" >&2; exit 2 ;;
esac
say() { printf 'fuzz/run: %s\n' "$*"; }

bin="$here/fuzz_engine"
FUZZ_OUT="$bin" bash "$here/build.sh" >/dev/null

corpus="$here/corpus"
findings="$here/findings"
mkdir -p "$corpus" "$findings"
if [ -n "${FUZZ_WORKDIR:-}" ]; then
  work="$FUZZ_WORKDIR"
  mkdir -p "$work"
else
  work="$(mktemp -d "${TMPDIR:-/tmp}/dartsr-fuzz.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work/corpus"

export DARTS_FUZZ_CONTRACT="${DARTS_FUZZ_CONTRACT:-full}"
args=(
  -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1
  -max_len=4096 -len_control=20
  -artifact_prefix="$findings/"
)
jobs="${FUZZ_JOBS:-1}"
if [ "$jobs" -gt 1 ]; then args+=(-fork="$jobs"); fi

say "fuzzing for ${seconds}s (contract: $DARTS_FUZZ_CONTRACT, jobs: $jobs) from" \
  "$(ls "$corpus" | wc -l) committed inputs; new inputs in $work/corpus"
start=$SECONDS
rc=0
# The first directory receives new inputs; the committed corpus is only read.
(cd "$work" && "$bin" "${args[@]}" "$work/corpus" "$corpus") >"$work/fuzz.log" 2>&1 || rc=$?
elapsed=$((SECONDS - start))

grep -E '^stat::|^#[0-9]+.*DONE' "$work/fuzz.log" | sed 's/^/fuzz\/run: /' || true
execs="$(grep -E '^stat::number_of_executed_units' "$work/fuzz.log" | awk '{s += $2} END {print s + 0}')"
if [ "$execs" = "0" ]; then # -fork: the parent's last "#N: cov: ..." line
  execs="$(grep -oE '^#[0-9]+' "$work/fuzz.log" | tail -n 1 | tr -d '#')"
fi
say "ran ${elapsed}s, $execs executions, exit status $rc"

if [ "$rc" -ne 0 ]; then
  tail -n 60 "$work/fuzz.log" >&2
  artifact="$(grep -oE "Test unit written to [^ ]+" "$work/fuzz.log" | tail -n 1 | sed 's/Test unit written to //')"
  say "FAIL: a finding (exit status $rc)" >&2
  if [ -n "$artifact" ]; then
    say "input: $artifact" >&2
    say "reproduce: DARTS_FUZZ_VERBOSE=1 DARTS_FUZZ_CONTRACT=$DARTS_FUZZ_CONTRACT $bin $artifact" >&2
  fi
  exit 1
fi

if [ "${FUZZ_UPDATE_CORPUS:-0}" = "1" ]; then
  # A greedy set cover of the coverage edges (not hit counts) of the committed
  # and the new inputs: the fewest inputs that reach every edge any of them does.
  merged="$work/merged"
  rm -rf "$merged"
  mkdir -p "$merged"
  "$bin" -set_cover_merge=1 -use_counters=0 "$merged" "$corpus" "$work/corpus" \
    >"$work/merge.log" 2>&1
  if [ -z "$(ls -A "$merged")" ]; then
    tail -n 20 "$work/merge.log" >&2
    say "FAIL: the merge produced nothing; the corpus is unchanged" >&2
    exit 1
  fi
  rm -f "$corpus"/*
  cp "$merged"/* "$corpus"/
  say "corpus minimised to $(ls "$corpus" | wc -l) inputs in $corpus"
fi
say "OK: no finding"
