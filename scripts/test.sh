#!/usr/bin/env bash
# Sets up, builds both platforms and runs every test: the Linux build natively, the
# Windows build under Wine (CTest runs its binaries through scripts/wine-run.sh).
# Exit (docs/running.md): 0 every test passed, 1 a test failed (or left an object in
# /dev/shm): the code regressed, 2 an argument (it takes none), 3 could not build
# (build.sh's status).
set -euo pipefail
# --help: this header. (Before anything else, so that asking installs and builds nothing.)
case "${1:-}" in -h|--help) sed -n '2,/^set /{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;; esac
[ $# -eq 0 ] || { echo "test.sh: takes no arguments (it runs every test; ctest --preset P -R NAME runs some)" >&2; exit 2; }
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

"$repo/scripts/build.sh" all

# The workflow presets a user runs (configure, build, test; CMakePresets.json): after the
# build above, their configure and build steps only check that nothing changed.
status=0
echo "== tests: linux" >&2
cmake --workflow --preset linux || status=1
echo "== tests: windows (under Wine)" >&2
cmake --workflow --preset windows-mingw || status=1

# Nothing a test run created may outlive it.
if ls /dev/shm 2>/dev/null | grep -q '^shmbench-'; then
  echo "test.sh: /dev/shm still holds shmbench objects:" >&2
  ls /dev/shm | grep '^shmbench-' >&2
  status=1
fi
exit $status
