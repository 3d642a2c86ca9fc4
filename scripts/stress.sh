#!/usr/bin/env bash
# Runs the full stress suite (shmbench stress: fan-out, fan-in, churn, capacity, faults
# under load) on Linux and on Windows under Wine, as scripts/bench.sh runs the benchmark
# suite, and writes reports/out/<UTC timestamp>/stress-linux.json and stress-windows.json
# (reports/out/latest points at the folder). Arguments go to both runs, e.g.
#   scripts/stress.sh --duration 5 --max-bytes 1GiB
# Exit (docs/running.md): 0 every row on both platforms held, 2 bad input, 3 a row failed,
# a run could not be made, or a report did not validate (shmbench wrote a bad report).
set -uo pipefail
# --help: this header. (Before anything else, so that asking installs and builds nothing.)
case "${1:-}" in -h|--help) sed -n '2,/^set /{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;; esac
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

# SHMBENCH_LINUX_BUILD / SHMBENCH_WINDOWS_BUILD: other build folders (default: the presets');
# with SHMBENCH_SKIP_BUILD=1 they are used as they are.
linux_build=${SHMBENCH_LINUX_BUILD:-build/linux}
windows_build=${SHMBENCH_WINDOWS_BUILD:-build/windows}
[ "${SHMBENCH_SKIP_BUILD:-0}" = 1 ] || "$repo/scripts/build.sh" all || exit $?

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$repo/reports/out/$stamp"
mkdir -p "$out"
winout="Z:${out//\//\\}"  # the same folder as a Windows path (Wine maps / to Z:)
status=0
note_failure() { [ "$1" -eq 2 ] && status=2; [ "$status" -eq 0 ] && status=$1; }

echo "== linux stress (load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
"$linux_build/bin/shmbench" stress "$@" --out "$out/stress-linux.json" || note_failure $?
[ "$status" -eq 2 ] && { rm -rf "$out"; exit 2; }
echo "== windows stress, under Wine (load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
scripts/wine-run.sh "$windows_build/bin/shmbench.exe" stress "$@" --out "$winout\\stress-windows.json" || note_failure $?

for report in "$out"/stress-linux.json "$out"/stress-windows.json; do
  [ -f "$report" ] && { /usr/bin/python3 scripts/validate-report.py "$report" || note_failure 3; }
done
ln -sfn "$stamp" "$repo/reports/out/latest"
echo "reports: $out/stress-{linux,windows}.json (reports/out/latest)" >&2
exit $status
