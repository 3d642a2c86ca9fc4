#!/usr/bin/env bash
# shmbench-micro: every kind of bad input gives exactly one line on stderr and exit 2,
# Google Benchmark's own flags included.
# Usage: micro_bad_input.sh [RUNNER...] SHMBENCH-MICRO   (RUNNER: e.g. the Wine wrapper)
set -uo pipefail
cmd=("$@")
source "$(dirname "$0")/expect_bad_input.bash"

expect_bad_input "unknown backend" --backends=nosuch
expect_bad_input "unknown suite" --suite=huge
expect_bad_input "unparsable size" --sizes=4QiB
expect_bad_input "ambiguous size unit" --sizes 1MB
expect_bad_input "flag without a value" --sizes
expect_bad_input "unknown fault" --inject-fault=everything
expect_bad_input "unknown argument" --frobnicate
expect_bad_input "non-numeric repetitions" --benchmark_repetitions=many
expect_bad_input "zero repetitions" --benchmark_repetitions=0
expect_bad_input "negative min time" --benchmark_min_time=-1
expect_bad_input "unknown output format" --benchmark_out_format=xml
expect_bad_input "unwritable output" --benchmark_out=/proc/shmbench-cannot-write/micro.json
expect_bad_input "filter matching nothing" --benchmark_filter=^no-such-benchmark$

finish_bad_input
