#!/usr/bin/python3
"""How much the Boost/raw median ratios move between runs:
ratio_stability.py A:B REPORT.json REPORT.json [REPORT.json ...]

For each operation and size both backends measured in every report, the ratio of their
median times (A / B) in each report, and its spread over the reports: (max - min) /
median of the ratios. Prints a table and, per operation, the largest spread at 64 KiB
and above, against the targets the README states (5 % for copy and read, 10 % for the
lifecycle calls). Exit status 0 (information), 2 bad input. Only the standard library.
"""

import json
import statistics
import sys

TARGETS = {"copy": 0.05, "read": 0.05, "create": 0.10, "open": 0.10, "map": 0.10, "unmap": 0.10, "close": 0.10}
FROM_BYTES = 64 * 1024


def fail(message):
    print(f"ratio_stability: {message}", file=sys.stderr)
    sys.exit(2)


def medians(path):
    try:
        with open(path, encoding="utf-8") as handle:
            report = json.load(handle)
    except (OSError, json.JSONDecodeError) as error:
        fail(f"cannot read {path}: {error}")
    samples = {}
    for row in report.get("benchmarks", []):
        if isinstance(row, dict) and row.get("run_type") == "iteration" and not row.get("error_occurred"):
            samples.setdefault(row.get("run_name"), []).append(row["real_time"])
    return {name: statistics.median(values) for name, values in samples.items()}


def main(argv):
    if len(argv) < 4 or ":" not in argv[1]:
        print(__doc__, file=sys.stderr)
        return 2
    a, b = argv[1].split(":", 1)
    reports = [medians(path) for path in argv[2:]]
    keys = set()
    for name in reports[0]:
        parts = name.split("/")
        if len(parts) == 3 and parts[1] == a:
            keys.add((parts[0], int(parts[2])))
    worst = {}
    print(f"{a} / {b}: median time ratio per report, spread = (max - min) / median")
    for op, size in sorted(keys, key=lambda k: (list(TARGETS).index(k[0]) if k[0] in TARGETS else 99, k[0], k[1])):
        ratios = []
        for report in reports:
            x, y = report.get(f"{op}/{a}/{size}"), report.get(f"{op}/{b}/{size}")
            if x and y:
                ratios.append(x / y)
        if len(ratios) < len(reports):
            continue
        spread = (max(ratios) - min(ratios)) / statistics.median(ratios)
        target = TARGETS.get(op)
        mark = ""
        if target is not None and size >= FROM_BYTES:
            worst[op] = max(worst.get(op, 0), spread)
            mark = "  over target" if spread > target else ""
        print(f"  {op:16s} {size:>10d}  " + " ".join(f"{r:8.3f}" for r in ratios) + f"  spread {spread * 100:5.1f} %{mark}")
    print("largest spread at 64 KiB and above:")
    for op, spread in worst.items():
        print(f"  {op:8s} {spread * 100:5.1f} % (target {TARGETS[op] * 100:.0f} %){'  MISSED' if spread > TARGETS[op] else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
