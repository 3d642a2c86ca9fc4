#!/usr/bin/env python3
"""How much tighter one way of running `shmbench ab` judges than another, per benchmark:

  ab_mode_table.py FOLDER PLATFORM [KIND]

FOLDER is a scripts/ab_power.py output with --modes interleaved,duet; PLATFORM linux,
wine or windows; KIND the kind of run compared (default aa). A is interleaved, B duet. For each benchmark: the median over
the runs of its 95 % interval's width, log(upper / lower), in each folder, and their
ratio A / B squared: the factor by which B's variance is smaller (above 1: B is tighter;
Bulej et al. report 2.3-12.5 for duet on cloud VMs). Rows are grouped by operation and
size. Exit status 0 (information), 2 bad input. Only the standard library.
"""

import glob
import json
import math
import os
import statistics
import sys
from collections import defaultdict


def widths(folder, stem, kind):
    found = defaultdict(list)
    paths = glob.glob(os.path.join(folder, f"{stem}-{kind}-*.json"))
    if not paths:
        print(f"ab_mode_table: no {kind} comparisons in {folder}", file=sys.stderr)
        sys.exit(2)
    for path in paths:
        try:
            with open(path, encoding="utf-8") as handle:
                document = json.load(handle)
        except (OSError, json.JSONDecodeError):
            continue
        for row in document.get("rows", []):
            interval = row.get("ratio_ci") or [None, None]
            if interval[0] and interval[1] and interval[0] > 0:
                found[row["name"]].append(math.log(interval[1] / interval[0]))
    return {name: statistics.median(values) for name, values in found.items()}


def main(argv):
    if len(argv) > 1 and argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0
    if len(argv) not in (3, 4) or not os.path.isdir(argv[1]):
        print(__doc__, file=sys.stderr)
        return 2
    kind = argv[3] if len(argv) == 4 else "aa"
    a, b = widths(argv[1], f"{argv[2]}-interleaved", kind), widths(argv[1], f"{argv[2]}-duet", kind)
    print(f"{'benchmark':36s} {'width A':>8s} {'width B':>8s} {'var A/B':>8s}")
    factors = []
    for name in sorted(set(a) & set(b), key=lambda n: (n.split("/")[0], n.split("/")[1:])):
        factor = (a[name] / b[name]) ** 2 if b[name] > 0 else float("inf")
        factors.append(factor)
        print(f"{name:36s} {a[name]:8.3f} {b[name]:8.3f} {factor:8.2f}")
    if factors:
        finite = [f for f in factors if math.isfinite(f)]
        print(f"median variance factor A/B over {len(factors)} benchmarks: {statistics.median(finite):.2f} "
              f"(p10 {sorted(finite)[len(finite) // 10]:.2f}, p90 {sorted(finite)[len(finite) * 9 // 10]:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
