#!/usr/bin/env bash
# Measures how well `shmbench ab` works on this machine: per platform, N A/A runs (the
# same build as both sides: how often does the gate raise a false alarm?) and N runs
# each with a planted 10 % and 5 % slowdown of the contender's copy (how often is it
# caught?), quick suite, default options. Writes every comparison (JSON) and a summary
# to reports/out/ab-power-<UTC timestamp>/ and prints the summary.
#   scripts/ab-power.sh [RUNS] [PLATFORM...]     e.g. scripts/ab-power.sh 10 linux windows
# Takes about (12 s Linux + 30 s Windows) x 3 x RUNS on a 2-core VM.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
runs=${1:-10}
shift || true
if [ $# -gt 0 ]; then platforms=("$@"); else platforms=(linux windows); fi
case "$runs" in '' | *[!0-9]* | 0) echo "ab-power.sh: RUNS must be a positive number, not '$runs'" >&2; exit 2 ;; esac

"$repo/scripts/build.sh" all >&2

out="$repo/reports/out/ab-power-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
for platform in "${platforms[@]}"; do
  case $platform in
    linux) ab=(build/linux/bin/shmbench ab --baseline build/linux/bin/shmbench --contender build/linux/bin/shmbench) ;;
    windows)
      exe="Z:${repo//\//\\}\\build\\windows\\bin\\shmbench.exe"
      # On one CPU with wineserver, as scripts/bench.sh runs the Windows lifecycle suite.
      ab=(env "SHMBENCH_WINE_CPUS=${SHMBENCH_WINE_CPUS-0}" scripts/wine-run.sh build/windows/bin/shmbench.exe ab
        --baseline "$exe" --contender "$exe") ;;
    *) echo "ab-power.sh: unknown platform '$platform' (linux, windows)" >&2; exit 2 ;;
  esac
  for kind in aa slow10 slow5; do
    case $kind in
      aa) fault=() ;;
      slow10) fault=(--contender-fault slow:copy:10) ;;
      slow5) fault=(--contender-fault slow:copy:5) ;;
    esac
    for i in $(seq 1 "$runs"); do
      start=$(date +%s.%N)
      set +e
      "${ab[@]}" "${fault[@]}" --format json >"$out/$platform-$kind-$i.json" 2>"$out/$platform-$kind-$i.err"
      code=$?
      set -e
      echo "$platform $kind $i $code $(echo "$(date +%s.%N) - $start" | bc)" >>"$out/runs.txt"
      echo "ab-power: $platform $kind run $i of $runs: exit $code" >&2
    done
  done
done
/usr/bin/python3 "$repo/scripts/ab_power_summary.py" "$out" | tee "$out/summary.txt"
