#!/usr/bin/env bash
# Every kind of bad input must give exactly one line on stderr and exit status 2.
# Usage: bad_input.sh [RUNNER...] SHMBENCH   (RUNNER: e.g. the Wine wrapper)
set -uo pipefail
cmd=("$@")
source "$(dirname "$0")/expect_bad_input.bash"
# A backend shmbench knows but this build lacks.
if "${cmd[@]}" list 2>/dev/null | grep -q win32; then other_backend=posix; else other_backend=win32; fi

expect_bad_input "unknown backend" run --backends nosuch --out "$tmp/r.json"
expect_bad_input "only the other platform's backend" run --backends "$other_backend" --out "$tmp/r.json"
expect_bad_input "unknown suite" run --suite huge --out "$tmp/r.json"
expect_bad_input "zero size" run --sizes 0 --out "$tmp/r.json"
expect_bad_input "unparsable size" run --sizes 4QiB --out "$tmp/r.json"
expect_bad_input "ambiguous size unit" run --sizes 1MB --out "$tmp/r.json"
expect_bad_input "size over 64 bits" run --sizes 99999999999999999999 --out "$tmp/r.json"
expect_bad_input "size beyond memory" run --sizes 16TiB --out "$tmp/r.json"
expect_bad_input "zero repetitions" run --repetitions 0 --out "$tmp/r.json"
expect_bad_input "non-numeric repetitions" run --repetitions many --out "$tmp/r.json"
expect_bad_input "unwritable output" run --suite quick --out /proc/shmbench-cannot-write/r.json
expect_bad_input "unknown fault" run --inject-fault explode --out "$tmp/r.json"
expect_bad_input "slowdown of an unknown operation" run --inject-fault slow:cpy:10 --out "$tmp/r.json"
expect_bad_input "slowdown without a percentage" run --inject-fault slow:copy --out "$tmp/r.json"
expect_bad_input "negative slowdown" run --inject-fault slow:copy:-5 --out "$tmp/r.json"
expect_bad_input "unknown command" frobnicate
expect_bad_input "unknown option" run --frobnicate
expect_bad_input "history without its subcommand" history
# The Windows build has no SQLite: `shmbench history` says so, as bad input.
if [ "$other_backend" = posix ]; then
  expect_bad_input "history in the Windows build" history export --db "$tmp/h.sqlite"
  grep -q "not built into this Windows build" "$tmp/err" || { echo "FAIL: the message does not say why"; failures=$((failures + 1)); }
fi

finish_bad_input
