#!/usr/bin/env bash
# Builds the libFuzzer targets (the `fuzz` preset: clang-14, ASan + UBSan) and runs each
# for SECONDS (default 60) from its committed seed corpus (fuzz/corpus/<target>/, never
# written to). Everything it writes goes to reports/out/fuzz/: each target's grown
# corpus, its log and any crashing input (crash-*, leak-*, timeout-*). Exit status 0
# when no target crashed, 3 when one did (a bug in shmbench: turn its input into a test),
# 2 bad input.
# Usage: scripts/fuzz.sh [SECONDS] [BUILD-DIR]
set -uo pipefail
# --help: this header. (Before anything else, so that asking installs and builds nothing.)
case "${1:-}" in -h|--help) sed -n '2,/^set /{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;; esac
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
seconds=${1:-60}
build=${2:-$repo/build/fuzz}
case "$seconds" in
  ''|*[!0-9]*|0) echo "fuzz.sh: SECONDS must be a positive whole number, not '$seconds'" >&2; exit 2 ;;
esac
out="$repo/reports/out/fuzz"
targets=(sizes protocol report_reader)

command -v clang++-14 >/dev/null || { echo "fuzz.sh: clang++-14 is missing: run scripts/setup-deps.sh" >&2; exit 2; }
cmake --preset fuzz -B "$build" >/dev/null || exit 2
cmake --build "$build" -j2 --target "${targets[@]/#/fuzz-}" >/dev/null || exit 2

mkdir -p "$out"
status=0
summary=()
for target in "${targets[@]}"; do
  seeds="fuzz/corpus/${target%_reader}"
  work="$out/$target"
  mkdir -p "$work/corpus"
  # New inputs go to the first folder (ours), the seeds are only read.
  "$build/bin/fuzz-$target" "$work/corpus" "$seeds" -max_total_time="$seconds" -max_len=65536 \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$work/" >"$work/log.txt" 2>&1
  code=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log.txt" | tail -1)
  if [ "$code" -ne 0 ]; then
    status=3  # a crash is a bug in shmbench (exit statuses: docs/running.md)
    summary+=("$target: CRASH after ${runs:-?} executions (exit $code): $(ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* 2>/dev/null | tr '\n' ' ')")
    grep -m1 -A12 'ERROR\|runtime error\|deadly signal' "$work/log.txt" >&2
  else
    summary+=("$target: ${runs:-?} executions in ${seconds} s, no crash")
  fi
done
printf 'fuzz: %s\n' "${summary[@]}"
echo "fuzz: logs, corpora and crashing inputs in $out"
exit $status
