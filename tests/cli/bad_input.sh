#!/usr/bin/env bash
# Every kind of bad input must give exactly one line on stderr and exit status 2.
# Usage: bad_input.sh [RUNNER...] SHMBENCH   (RUNNER: e.g. the Wine wrapper)
set -uo pipefail
cmd=("$@")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0; passed=0
# A backend shmbench knows but this build lacks.
if "${cmd[@]}" list 2>/dev/null | grep -q win32; then other_backend=posix; else other_backend=win32; fi

expect_bad_input() {
  local what=$1; shift
  "${cmd[@]}" "$@" >"$tmp/out" 2>"$tmp/err"
  local code=$?
  local lines
  lines=$(grep -c . "$tmp/err")
  if [ "$code" -ne 2 ] || [ "$lines" -ne 1 ]; then
    echo "FAIL: $what: exit $code, $lines stderr line(s):"; sed 's/^/    /' "$tmp/err"
    failures=$((failures + 1))
  else
    echo "ok: $what: $(cat "$tmp/err")"
    passed=$((passed + 1))
  fi
}

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
expect_bad_input "unknown command" frobnicate
expect_bad_input "unknown option" run --frobnicate

echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
