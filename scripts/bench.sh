#!/usr/bin/env bash
# The main job: set up, build, run the suite natively on Linux and on Windows under Wine,
# write reports/out/<UTC timestamp>/{linux,windows}.json, point reports/out/latest at that
# folder, and print a summary per platform. Extra arguments go to "shmbench run"
# (e.g. scripts/bench.sh --suite quick).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

"$repo/scripts/build.sh" all

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$repo/reports/out/$stamp"
mkdir -p "$out"

status=0
echo "== linux" >&2
build/linux/bin/shmbench run "$@" --out "$out/linux.json" || status=$?
# Bad arguments are bad on both platforms: say it once.
[ "$status" -eq 2 ] && { rmdir "$out" 2>/dev/null; exit 2; }
echo "== windows (MinGW build under Wine)" >&2
# The Windows program gets a Windows path to the same folder (Wine maps / to Z:).
scripts/wine-run.sh build/windows/bin/shmbench.exe run "$@" --out "Z:${out//\//\\}\\windows.json" || status=$?

ln -sfn "$stamp" "$repo/reports/out/latest"
echo "reports: $out/linux.json $out/windows.json (reports/out/latest)" >&2
exit $status
