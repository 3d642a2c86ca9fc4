#!/usr/bin/env bash
# Google Benchmark's compare.py must line up two backends of one shmbench-micro report:
# "compare.py benchmarksfiltered REPORT A REPORT B" renames both families to
# "<op>/[A vs. B]/<size>", and every operation must appear that way.
# Usage: micro_compare_py.sh REPORT BACKEND_A BACKEND_B
set -euo pipefail
compare=/usr/share/benchmark/compare.py
[ -f "$compare" ] || { echo "micro_compare_py: $compare is missing (apt-get install libbenchmark-tools)" >&2; exit 1; }
report=$1 a=$2 b=$3
out=$(/usr/bin/python3 "$compare" --no-color benchmarksfiltered "$report" "$a" "$report" "$b")
echo "$out" | tail -n 30
missing=0
for op in create_close open_close map_unmap first_touch copy read; do
  if ! grep -qF "$op/[$a vs. $b]/" <<<"$out"; then
    echo "micro_compare_py: no '$op/[$a vs. $b]/' row in compare.py's output" >&2
    missing=$((missing + 1))
  fi
done
[ "$missing" -eq 0 ] && echo "micro_compare_py: every operation of $a lines up with $b"
