#!/usr/bin/env bash
# Builds shmbench for both platforms: natively for Linux, and for Windows with MinGW-w64
# (run under Wine). Installs what is missing first. Usage: build.sh [linux|windows|all]
# Exit (docs/running.md): 0 built, 2 bad input (an unknown platform), 3 could not build
# (setting up, configuring, compiling or starting the Windows build under Wine failed).
# A failed step's own status (ninja's 1, say) is not passed on: 1 means a regression.
set -euo pipefail
# --help: this header. (Before anything else, so that asking installs and builds nothing.)
case "${1:-}" in -h|--help) sed -n '2,/^set /{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;; esac
refused=0
trap 'status=$?; if [ "$status" -ne 0 ] && [ "$refused" = 0 ]; then
  [ "$status" = 3 ] || echo "build.sh: a step failed (status $status, above): the build is not complete" >&2
  exit 3
fi' EXIT
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
which=${1:-all}
case "$which" in
  linux|windows|all) ;;
  *) echo "build.sh: unknown platform '$which' (linux, windows or all)" >&2; refused=1; exit 2 ;;
esac

"$repo/scripts/setup-deps.sh"

build_one() {
  local preset=$1
  echo "build: $preset" >&2
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
}

# Creating a Wine prefix takes ~15 s; do it once here, so that parallel tests do not
# race to create it.
prepare_wine() {
  "$repo/scripts/wine-run.sh" build/windows/bin/shmbench.exe list >/dev/null 2>&1 ||
    { echo "build: the Windows build does not start under Wine" >&2; exit 3; }
}

case "$which" in
  linux) build_one linux ;;
  windows) build_one windows-mingw; prepare_wine ;;
  all) build_one linux; build_one windows-mingw; prepare_wine ;;
esac
