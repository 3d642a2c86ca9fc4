#!/usr/bin/env bash
# Google Benchmark's compare.py (Debian libbenchmark-tools) must read two shmbench
# reports and print its Mann-Whitney U-test rows for them.
set -euo pipefail
compare=/usr/share/benchmark/compare.py
[ -f "$compare" ] || { echo "compare_py: $compare is missing (apt-get install libbenchmark-tools)" >&2; exit 1; }
out=$(/usr/bin/python3 "$compare" --no-color benchmarks "$1" "$2")
echo "$out" | tail -n 20
rows=$(echo "$out" | grep -c "_pvalue" || true)
[ "$rows" -gt 0 ] || { echo "compare_py: no U-test (_pvalue) rows in compare.py's output" >&2; exit 1; }
echo "compare_py: $rows U-test rows"
