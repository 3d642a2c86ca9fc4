#!/usr/bin/env bash
# Sets up, builds both platforms and runs every test: the Linux build natively, the
# Windows build under Wine (CTest runs its binaries through scripts/wine-run.sh).
set -euo pipefail
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
