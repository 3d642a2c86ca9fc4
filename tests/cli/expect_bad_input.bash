# Sourced by the bad-input tests: expect_bad_input WHAT ARGS... runs "${cmd[@]}" ARGS and
# checks for exit status 2 and exactly one line on stderr; finish_bad_input reports.
# The sourcing script sets cmd=(RUNNER... PROGRAM) first.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
passed=0

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

finish_bad_input() {
  echo "$passed passed, $failures failed"
  [ "$failures" -eq 0 ]
}
