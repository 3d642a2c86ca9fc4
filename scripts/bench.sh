#!/usr/bin/env bash
# The main job on a Debian machine: install what is missing and build both platforms
# (scripts/build.sh all), then hand over to scripts/bench.py, which runs the harness
# suite, the micro-benchmarks and the transfer suite on Linux and on Windows (MinGW build
# under Wine), cross-checks them, compares Boost against the raw API, exports for CI
# trackers and draws the HTML page into reports/out/<UTC timestamp>/, and points
# reports/out/latest at it (bench.py's docstring lists the files).
# bench.py is the same program a Windows user runs natively; running it here on every
# Linux run keeps that code exercised.
# Arguments go to bench.py: its own options (--platforms, --out-root, --python,
# --build-dir) and everything else to "shmbench run" (e.g. scripts/bench.sh --suite
# quick); the micro-benchmarks take --suite, --backends and --sizes from them, the
# transfer run --backends, --timeout, --pin and the transfer suite's own options.
# Exit (docs/running.md): bench.py's, or 3 when setting up or building failed.
set -euo pipefail
# --help: this header and bench.py's. (Before anything else, so that asking installs and
# builds nothing.)
case "${1:-}" in
  -h|--help)
    sed -n '2,/^set /{/^#/s/^# \{0,1\}//p}' "$0"
    [ -x /usr/bin/python3 ] && { echo; exec /usr/bin/python3 "$(dirname "$0")/bench.py" --help; }
    exit 0 ;;
esac
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

"$repo/scripts/build.sh" all

# Debian's Python: it has matplotlib for the page (python3-matplotlib, setup-deps.sh).
exec /usr/bin/python3 "$repo/scripts/bench.py" --no-build "$@"
