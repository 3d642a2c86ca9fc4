#!/usr/bin/python3
"""Runs shmbench-micro briefly and checks its Google Benchmark JSON report.

micro_report_test.py families REPORT BACKENDS -- RUNNER... SHMBENCH-MICRO
    A tiny run (filtered to 4 KiB, a short min time, 2 repetitions) must exit 0, and the report
    must hold, for every backend given (comma-separated), every operation with its
    repetitions, the mean/median/stddev/cv aggregates and its throughput counters.

micro_report_test.py open-missing REPORT -- RUNNER... SHMBENCH-MICRO
    With --inject-fault=open-missing, open_close opens a name nobody created: the run
    must exit 3 (could not measure) and every open_close row must carry the backend's native not_found error
    (SkipWithError), not crash.

Only the standard library: any python3 runs it.
"""

import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_env import retrying_wine_start  # noqa: E402

# As bench/micro_benchmarks.cpp: what each backend measures.
NAMED_OPERATIONS = ["create_close", "open_close", "map_unmap", "first_touch", "copy", "read", "read_unverified"]
HEAP_OPERATIONS = ["first_touch", "copy", "read", "read_unverified"]
THROUGHPUT = {"first_touch", "copy", "read", "read_unverified"}
AGGREGATES = ["mean", "median", "stddev", "cv"]
TINY = ["--suite=quick", "--benchmark_min_time=0.001", "--benchmark_repetitions=2"]


def run(command, report, extra):
    args = command + TINY + extra + [f"--benchmark_out={report}", "--benchmark_out_format=json"]

    def once():
        done = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=600)
        return done.returncode, done.stdout, done.stderr

    code, _, stderr = retrying_wine_start("shmbench-micro", command, once)
    if stderr.strip():
        print(stderr.strip())
    return code


class NoReport(Exception):
    pass


def load(report):
    try:
        with open(report, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError) as error:
        raise NoReport(f"no readable report {report}: {error}") from None


def check_families(report, backends):
    problems = []
    rows = load(report)["benchmarks"]
    by_run = {}
    for row in rows:
        by_run.setdefault(row["run_name"], []).append(row)
        if row.get("error_occurred"):
            problems.append(f"{row['name']}: {row.get('error_message')}")
    for backend in backends:
        for op in HEAP_OPERATIONS if backend == "heap" else NAMED_OPERATIONS:
            family = [name for name in by_run if name.startswith(f"{op}/{backend}/4096/")]
            if len(family) != 1:
                problems.append(f"{op}/{backend}/4096: {len(family)} benchmark(s) in the report, expected 1")
                continue
            run_rows = by_run[family[0]]
            repetitions = [r for r in run_rows if r["run_type"] == "iteration"]
            aggregates = sorted(r["aggregate_name"] for r in run_rows if r["run_type"] == "aggregate")
            if len(repetitions) != 2:
                problems.append(f"{family[0]}: {len(repetitions)} repetition rows, expected 2")
            if aggregates != sorted(AGGREGATES):
                problems.append(f"{family[0]}: aggregates {aggregates}, expected {AGGREGATES}")
            counter = "bytes_per_second" if op in THROUGHPUT else "items_per_second"
            for r in repetitions:
                if not r.get(counter, 0) > 0 or not r.get("real_time", 0) > 0:
                    problems.append(f"{r['name']}: no positive {counter} and real_time")
            if op == "first_touch" and not all(r.get("seconds_per_page", 0) > 0 for r in repetitions):
                problems.append(f"{family[0]}: no seconds_per_page counter")
    families = sorted({name.split("/")[1] for name in by_run})
    print(f"backend families in the report: {', '.join(families)}; {len(rows)} rows")
    return problems


def check_open_missing(report):
    problems = []
    rows = [r for r in load(report)["benchmarks"] if r["name"].startswith("open_close/")]
    if not rows:
        problems.append("no open_close rows in the report")
    for row in rows:
        message = row.get("error_message", "")
        if not row.get("error_occurred") or "not_found" not in message:
            problems.append(f"{row['name']}: expected a not_found error, got {message!r}")
        else:
            print(f"{row['name']}: {message}")
    return problems


def main(argv):
    if "--" not in argv or len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    split = argv.index("--")
    mode, report, rest, command = argv[1], argv[2], argv[3:split], argv[split + 1:]
    if mode == "families" and len(rest) == 1:
        code = run(command, report, ["--benchmark_filter=/4096/"])
        problems = [] if code == 0 else [f"shmbench-micro exited {code}, expected 0"]
        check = lambda: check_families(report, rest[0].split(","))  # noqa: E731
    elif mode == "open-missing" and not rest:
        code = run(command, report, ["--inject-fault=open-missing", "--sizes=4KiB", "--benchmark_filter=^open_close/"])
        problems = [] if code == 3 else [f"shmbench-micro exited {code}, expected 3 (could not measure)"]
        check = lambda: check_open_missing(report)  # noqa: E731
    else:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        problems += check()
    except NoReport as error:
        problems.append(str(error))
    for problem in problems:
        print(f"FAIL: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
