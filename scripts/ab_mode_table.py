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
import math
import os
import statistics
import sys
from collections import defaultdict

sys.dont_write_bytecode = True  # nothing written under scripts/ (no __pycache__)
from script_input import BadInput, refuse_options, run_main  # noqa: E402
from ab_power_summary import WROTE_COMPARISON, comparison, read_runs  # noqa: E402

USAGE = "usage: ab_mode_table.py FOLDER PLATFORM [KIND] (see --help)"


class RunCodes:
    """ab's exit status of each run by its comparison's file name, from FOLDER/runs.txt
    (read once, and only when an empty comparison file asks whether its run wrote one)."""

    def __init__(self, folder):
        self.folder, self.codes = folder, None

    def of(self, name):
        if self.codes is None:
            listed = os.path.isfile(os.path.join(self.folder, "runs.txt"))
            self.codes = {f"{platform.replace('/', '-')}-{kind}-{index}.json": code
                          for platform, kind, index, code, _ in (read_runs(self.folder) if listed else [])}
        return self.codes.get(name)


def widths(folder, stem, kind, codes):
    found = defaultdict(list)
    paths = sorted(glob.glob(os.path.join(glob.escape(folder), glob.escape(f"{stem}-{kind}-") + "*.json")))
    if not paths:
        raise BadInput(f"no {kind} comparisons in {folder}")
    for path in paths:
        try:
            empty = os.stat(path).st_size == 0
        except OSError:
            empty = False  # comparison() says why it cannot be read
        if empty and codes.of(os.path.basename(path)) not in (None,) + WROTE_COMPARISON:
            continue  # a run that failed: ab_power.py sent its (empty) stdout here
        rows, _ = comparison(path)
        for row in rows:
            interval = row.get("ratio_ci") or [None, None]
            if interval[0] and interval[1] and interval[0] > 0:
                found[row["name"]].append(math.log(interval[1] / interval[0]))
    return {name: statistics.median(values) for name, values in found.items()}


def main(argv):
    if len(argv) > 1 and argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0
    refuse_options(argv[1:], USAGE)
    if len(argv) not in (3, 4):
        raise BadInput(USAGE)
    if not os.path.isdir(argv[1]):
        raise BadInput(f"{argv[1]} is not a folder: {USAGE}")
    kind = argv[3] if len(argv) == 4 else "aa"
    codes = RunCodes(argv[1])
    a, b = widths(argv[1], f"{argv[2]}-interleaved", kind, codes), widths(argv[1], f"{argv[2]}-duet", kind, codes)
    print(f"{'benchmark':36s} {'width A':>8s} {'width B':>8s} {'var A/B':>8s}")
    factors = []
    for name in sorted(set(a) & set(b), key=lambda n: (n.split("/")[0], n.split("/")[1:])):
        factor = (a[name] / b[name]) ** 2 if b[name] > 0 else float("inf")
        factors.append(factor)
        print(f"{name:36s} {a[name]:8.3f} {b[name]:8.3f} {factor:8.2f}")
    finite = [f for f in factors if math.isfinite(f)]
    if factors and not finite:
        print(f"median variance factor A/B over {len(factors)} benchmarks: inf (every B interval has width 0)")
    elif factors:
        print(f"median variance factor A/B over {len(factors)} benchmarks: {statistics.median(finite):.2f} "
              f"(p10 {sorted(finite)[len(finite) // 10]:.2f}, p90 {sorted(finite)[len(finite) * 9 // 10]:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(run_main("ab_mode_table", main, sys.argv))
