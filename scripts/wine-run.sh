#!/usr/bin/env bash
# Runs a Windows program under Wine with shmbench's own Wine prefix, so builds never
# share (or disturb) anybody else's. CTest uses this as CMAKE_CROSSCOMPILING_EMULATOR.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
export WINEPREFIX="${SHMBENCH_WINEPREFIX:-$repo/.deps/wineprefix}"
export WINEDEBUG=-all
# No Mono/Gecko install prompts: shmbench needs neither.
export WINEDLLOVERRIDES="mscoree,mshtml="
exec wine "$@"
