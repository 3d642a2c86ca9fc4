#!/usr/bin/env bash
# Builds shmbench for both platforms: natively for Linux, and for Windows with MinGW-w64
# (run under Wine). Installs what is missing first. Usage: build.sh [linux|windows|all]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
which=${1:-all}
case "$which" in
  linux|windows|all) ;;
  *) echo "build.sh: unknown platform '$which' (linux, windows or all)" >&2; exit 2 ;;
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
    { echo "build: the Windows build does not start under Wine" >&2; exit 1; }
}

case "$which" in
  linux) build_one linux ;;
  windows) build_one windows-mingw; prepare_wine ;;
  all) build_one linux; build_one windows-mingw; prepare_wine ;;
esac
