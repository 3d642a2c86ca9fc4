#!/usr/bin/python3
"""Summarises a scripts/ab-power.sh folder: ab_power_summary.py FOLDER

Per platform and kind (aa: the same build on both sides; slow10 / slow5: the
contender's copy planted 10 % / 5 % slower), how many runs flagged anything, how many
flagged a copy row as a regression, which rows were flagged, and the wall time of the
runs. Only the standard library is used.
"""

import json
import os
import statistics
import sys


def main(argv):
    if len(argv) != 2 or not os.path.isdir(argv[1]):
        print("usage: ab_power_summary.py FOLDER (made by scripts/ab-power.sh)", file=sys.stderr)
        return 2
    folder = argv[1]
    runs = {}
    with open(os.path.join(folder, "runs.txt"), encoding="utf-8") as handle:
        for line in handle:
            platform, kind, index, code, seconds = line.split()
            runs.setdefault((platform, kind), []).append((index, int(code), float(seconds)))
    print(f"{'platform':9s} {'kind':7s} {'runs':>4s} {'flagged':>8s} {'copy caught':>12s} "
          f"{'wall s (min/median/max)':>24s}  rows flagged")
    for (platform, kind), items in runs.items():
        flagged = caught = 0
        names = {}
        for index, code, _ in items:
            try:
                with open(os.path.join(folder, f"{platform}-{kind}-{index}.json"), encoding="utf-8") as handle:
                    document = json.load(handle)
            except (OSError, json.JSONDecodeError):
                names["(no comparison: exit %d)" % code] = names.get("(no comparison: exit %d)" % code, 0) + 1
                continue
            bad = [row["name"] for row in document["rows"] if row["status"] in ("regression", "improvement")]
            flagged += 1 if bad else 0
            caught += 1 if any(row["status"] == "regression" and row["name"].startswith("copy/")
                               for row in document["rows"]) else 0
            for name in bad:
                names[name] = names.get(name, 0) + 1
        walls = [seconds for _, _, seconds in items]
        wall = f"{min(walls):.1f}/{statistics.median(walls):.1f}/{max(walls):.1f}"
        listed = ", ".join(f"{name} x{count}" for name, count in sorted(names.items(), key=lambda x: -x[1]))
        print(f"{platform:9s} {kind:7s} {len(items):4d} {flagged:8d} {caught:12d} {wall:>24s}  {listed}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
