#!/usr/bin/env python3
"""Summarises a folder of scripts/ab_power.py: ab_power_summary.py FOLDER

Per platform and kind (aa: the same build on both sides; `copy10`, `map3`, ...: the
contender's operation planted that many percent slower), how many runs flagged anything
(a row or an operation's pooled verdict, regression or improvement), how many caught the
planted operation (a row of it, or its pooled verdict, a regression), which were
flagged, and the wall time of the runs. Only the standard library is used.
"""

import json
import os
import re
import statistics
import sys


def planted_operation(kind):
    match = re.match(r"^([a-z_]+?)(\d+(\.\d+)?)$", kind)
    return None if kind == "aa" or not match else match.group(1)


def summary(folder):
    runs = {}
    with open(os.path.join(folder, "runs.txt"), encoding="utf-8") as handle:
        for line in handle:
            platform, kind, index, code, seconds = line.split()
            runs.setdefault((platform, kind), []).append((index, int(code), float(seconds)))
    lines = [f"{'platform':18s} {'kind':8s} {'runs':>4s} {'flagged':>8s} {'caught':>7s} "
             f"{'wall s (min/median/max)':>24s}  flagged (rows, and operations pooled over sizes)"]
    for (platform, kind), items in runs.items():
        operation = planted_operation(kind)
        flagged = caught = 0
        names = {}
        for index, code, _ in items:
            try:
                stem = platform.replace("/", "-")  # "linux/duet" -> linux-duet-<kind>-<i>.json
                with open(os.path.join(folder, f"{stem}-{kind}-{index}.json"), encoding="utf-8") as handle:
                    document = json.load(handle)
            except (OSError, json.JSONDecodeError):
                key = f"(no comparison: exit {code})"
                names[key] = names.get(key, 0) + 1
                continue
            verdicts = [(row["name"], row["status"]) for row in document.get("rows", [])]
            verdicts += [(group["name"] + " (pooled)", group["status"]) for group in document.get("pooled", [])]
            bad = [name for name, status in verdicts if status in ("regression", "improvement")]
            flagged += 1 if bad else 0
            if operation and any(status == "regression" and name.startswith(operation + "/") for name, status in verdicts):
                caught += 1
            for name in bad:
                names[name] = names.get(name, 0) + 1
        walls = [seconds for _, _, seconds in items]
        wall = f"{min(walls):.1f}/{statistics.median(walls):.1f}/{max(walls):.1f}"
        listed = ", ".join(f"{name} x{count}" for name, count in sorted(names.items(), key=lambda x: -x[1]))
        caught_text = "-" if not operation else str(caught)
        lines.append(f"{platform:18s} {kind:8s} {len(items):4d} {flagged:8d} {caught_text:>7s} {wall:>24s}  {listed}")
    return "\n".join(lines) + "\n"


def main(argv):
    if len(argv) > 1 and argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0
    if len(argv) != 2 or not os.path.isfile(os.path.join(argv[1], "runs.txt")):
        print("usage: ab_power_summary.py FOLDER (made by scripts/ab_power.py)", file=sys.stderr)
        return 2
    print(summary(argv[1]), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
