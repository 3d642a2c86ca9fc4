#!/usr/bin/env bash
# Runs a Windows program under Wine with shmbench's own Wine prefix, so builds never
# share (or disturb) anybody else's. CTest uses this as CMAKE_CROSSCOMPILING_EMULATOR.
#
# SHMBENCH_WINE_CPUS=LIST (a taskset CPU list, e.g. 0) confines the whole Wine session to
# those CPUs, wineserver included: scripts/bench.sh does this for the lifecycle suite.
# SHMBENCH_WINE_CPUS=inherited does the same with the CPUs this script was started on:
# a side of a native `shmbench ab --mode duet` (scripts/ab_power.py) then has its
# prefix's wineserver on its own CPUs, which swap every round.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
export WINEPREFIX="${SHMBENCH_WINEPREFIX:-$repo/.deps/wineprefix}"
export WINEDEBUG=-all
# No Mono/Gecko install prompts: shmbench needs neither.
export WINEDLLOVERRIDES="mscoree,mshtml="

# Wine backs every section (CreateFileMapping on INVALID_HANDLE_VALUE) with a deleted
# file in wineserver's folder under $TMPDIR, /tmp by default. Where /tmp is a disk
# (ext4 here) those pages get written back in the background and write-protected again,
# so warm copies into a mapping take faults at random, and closing a 16 MiB section
# frees disk blocks; Windows backs such sections with memory. A tmpfs folder gives Wine
# the same: measured on this VM (win32, 16 MiB, p10-p90 of 27 repetitions), close went
# from 1.79-2.09 ms to 1.84-1.98 ms and unmap from 0.56-0.87 ms to 0.57-0.63 ms. The
# folder is Wine's working space, like the prefix, and is reused by every run.
if [ -z "${SHMBENCH_WINE_TMPDIR+set}" ]; then
  for tmpfs in "${XDG_RUNTIME_DIR:-}" /dev/shm; do
    if [ -n "$tmpfs" ] && [ -d "$tmpfs" ] && [ -w "$tmpfs" ]; then
      SHMBENCH_WINE_TMPDIR="$tmpfs/wine-tmp-$(id -u)"
      break
    fi
  done
fi
if [ -n "${SHMBENCH_WINE_TMPDIR:-}" ] && mkdir -p "$SHMBENCH_WINE_TMPDIR" 2>/dev/null; then
  export TMPDIR="$SHMBENCH_WINE_TMPDIR"
  # Boost's file-emulated shared_memory_object (boost-portable) goes there too, as Wine
  # sees it (Z: is /). In %TEMP%, inside the prefix on ext4, its create grew from run to
  # run (4 KiB: 98, 117, 130, 141 us in four runs a minute apart; 1.0 ms once the folder
  # had held thousands of files); on tmpfs it held at 83 us in four runs.
  # One folder per prefix: object names carry the controller's pid, and each prefix's
  # wineserver hands out the same small pids, so two prefixes must not share a folder
  # (a run's start removes the objects of owners that are not alive in its own prefix).
  if [ -z "${SHMBENCH_BOOST_SHARED_DIR+set}" ]; then
    folder="boost-interprocess-$(printf '%s' "$WINEPREFIX" | cksum | cut -d' ' -f1)"
    mkdir -p "$TMPDIR/$folder"
    export SHMBENCH_BOOST_SHARED_DIR="Z:${TMPDIR//\//\\}\\$folder"
  fi
fi

# The first Windows program of a Wine session starts the session's own processes
# (services.exe, explorer.exe, winedevice.exe, rpcss.exe, ...), and they inherit its
# stdout and stderr: whoever reads those (CTest, a pipe) waits for them to close until
# the session ends. Beside multiprocess.transports, one Wine process of 6 minutes, the
# test that had started the session ran 39 s and timed out at 300 s. So when the
# prefix has no session, a program of this script's starts it, with its output going
# nowhere; a lock keeps two starts at once from racing for the session.
session_running() {
  local prefix pid
  prefix=$(cd "$WINEPREFIX" 2>/dev/null && pwd -P) || return 1
  for pid in $(pgrep -x services.exe || true); do
    case "$(readlink "/proc/$pid/cwd" 2>/dev/null)" in "$prefix"/*) return 0 ;; esac
  done
  return 1
}
if ! session_running; then
  lock="${TMPDIR:-/tmp}/shmbench-wine-session-$(printf '%s' "$WINEPREFIX" | cksum | cut -d' ' -f1).lock"
  # The session's processes must not inherit the lock (9>&-), or they would hold it. A
  # lock that cannot be taken costs only the race: the program then runs all the same.
  ( flock 9 && { session_running || wine cmd /c exit </dev/null >/dev/null 2>&1 9>&-; } ) 9>"$lock" 2>/dev/null || true
fi

if [ "${SHMBENCH_WINE_CPUS:-}" = inherited ]; then
  SHMBENCH_WINE_CPUS=$(sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' /proc/self/status)
fi
if [ -n "${SHMBENCH_WINE_CPUS:-}" ]; then
  # Every kernel call of a Wine program is a request to wineserver. When the two sit on
  # different vCPUs of this VM, each request wakes the other vCPU, and a whole
  # repetition lands in a slow mode (map of 1 MiB 22 or 75-130 us, create 22 or 65 us).
  # On one CPU the request is a plain switch, as a system call is on Windows. The server
  # inherits the affinity of the program that starts it; one already running for this
  # prefix (its folder is named after the prefix's device and inode) is moved here.
  server_dir=none
  if [ -d "$WINEPREFIX" ]; then
    server_dir="server-$(stat -c '%D' "$WINEPREFIX")-$(printf '%x' "$(stat -c '%i' "$WINEPREFIX")")"
  fi
  for pid in $(pgrep -x 'wineserver(64)?' || true); do
    if [ "$(basename "$(readlink "/proc/$pid/cwd" 2>/dev/null)")" = "$server_dir" ]; then
      taskset -a -p -c "$SHMBENCH_WINE_CPUS" "$pid" >/dev/null
    fi
  done
  exec taskset -c "$SHMBENCH_WINE_CPUS" wine "$@"
fi
exec wine "$@"
