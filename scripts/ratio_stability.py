#!/usr/bin/python3
"""How much the Boost/raw median ratios move between runs:
ratio_stability.py [--markdown] A:B REPORT.json REPORT.json [REPORT.json ...]

For each operation and size both backends measured in every report, two estimates of
A / B per report: the ratio of the median times, and the median of the per-round
ratios (repetition i of A over repetition i of B: they ran in the same round of an
interleaved run, which is what `shmbench compare --pair` shows as A/B). Then each
estimate's spread over the reports, (max - min) / median, and per operation the largest
spread at 64 KiB and above against the targets docs/boost-vs-raw.md states (5 % for copy and
read, 10 % for the lifecycle calls). Exit status 0 (information), 2 bad input. Only the
standard library.

--markdown prints instead docs/boost-vs-raw.md's tables: per operation and size the median of the
per-round ratios of the middle run (the median of the runs' values) and, in brackets,
the lowest and highest over the runs.
"""

import statistics
import sys

sys.dont_write_bytecode = True  # nothing written under scripts/ (no __pycache__)
from script_input import BadInput, load_json, measured_rows, refuse_options, report_rows, run_main, shown  # noqa: E402

USAGE = "usage: ratio_stability.py [--markdown] A:B REPORT.json REPORT.json [...] (see --help)"
TARGETS = {"copy": 0.05, "read": 0.05, "create": 0.10, "open": 0.10, "map": 0.10, "unmap": 0.10, "close": 0.10}
FROM_BYTES = 64 * 1024


def repetition_of(row, path):
    """The row's repetition_index (0 where absent), or BadInput."""
    index = row.get("repetition_index", 0)
    if not isinstance(index, int) or isinstance(index, bool) or index < 0:
        raise BadInput(f"{path}: row {shown(row['name'])}: repetition_index is not a whole number of at least 0")
    return index


def size_of(name, path):
    """The size part of an operation/backend/size run_name as a number, or BadInput."""
    text = name.split("/")[2]
    if not (text.isascii() and text.isdigit() and len(text) <= 19) or int(text) == 0:  # 19 digits: 64 bits
        raise BadInput(f"{path}: row {shown(name)}: the size part of its run_name ({shown(text, 40)!r}) "
                       "is not a number above 0")
    return int(text)


def samples_of(path):
    """{run_name: real_time of each repetition, in repetition order} of a report's iteration
    rows (errors and skipped cells left out). BadInput if the report cannot be read."""
    samples = {}
    for row in measured_rows(report_rows(load_json(path), path), path):
        if row["run_type"] == "iteration":
            name = row["run_name"]
            if name.count("/") == 2:
                size_of(name, path)
            samples.setdefault(name, []).append((repetition_of(row, path), row["real_time"]))
    return {name: [t for _, t in sorted(values)] for name, values in samples.items()}


def estimates(x, y):
    """(ratio of the medians, median of the per-round ratios) of A's times x over B's y."""
    by_round = statistics.median(a / b for a, b in zip(x, y)) if len(x) == len(y) else float("nan")
    return statistics.median(x) / statistics.median(y), by_round


def spread(values):
    return (max(values) - min(values)) / statistics.median(values)


def size_text(size):
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale and size % scale == 0:
            return f"{size // scale} {unit}"
    return f"{size} B"


def ratio_text(value):
    return f"{value:.0f}" if value >= 100 else f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def markdown(a, b, reports, keys):
    """A docs/boost-vs-raw.md table: middle run's per-round ratio (range over the runs)."""
    sizes = sorted({size for _, size in keys})
    lifecycle = ["create", "open", "map", "first_touch", "copy_cold", "copy", "read_cold", "read",
                 "read_unverified", "unmap", "close"]
    present = {op for op, _ in keys}
    operations = [op for op in lifecycle if op in present] + sorted(present - set(lifecycle))
    print("| operation | " + " | ".join(size_text(s) for s in sizes) + " |")
    print("|:--|" + "--:|" * len(sizes))
    for op in operations:
        cells = []
        for size in sizes:
            rounds = []
            for report in reports:
                x, y = report.get(f"{op}/{a}/{size}"), report.get(f"{op}/{b}/{size}")
                if x and y:
                    rounds.append(estimates(x, y)[1])
            if len(rounds) < len(reports):
                cells.append("–")
                continue
            cells.append(f"{ratio_text(statistics.median(rounds))} ({ratio_text(min(rounds))}–{ratio_text(max(rounds))})")
        print(f"| `{op}` | " + " | ".join(cells) + " |")


def complete(a, b, reports, keys):
    """The (operation, size) of keys that both backends measured in every report."""
    return [(op, size) for op, size in keys
            if all(report.get(f"{op}/{a}/{size}") and report.get(f"{op}/{b}/{size}") for report in reports)]


def main(argv):
    if len(argv) > 1 and argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0
    as_markdown = "--markdown" in argv[1:]
    argv = argv[:1] + [arg for arg in argv[1:] if arg != "--markdown"]
    refuse_options(argv[1:], USAGE)
    if len(argv) < 4 or ":" not in argv[1]:
        raise BadInput(USAGE)
    a, b = argv[1].split(":", 1)
    reports = [samples_of(path) for path in argv[2:]]
    keys = set()
    for name in reports[0]:
        parts = name.split("/")
        if len(parts) == 3 and parts[1] == a:
            keys.add((parts[0], int(parts[2])))
    if not keys:
        raise BadInput(f"no rows of backend '{a}' in {argv[2]}: nothing to compare")
    if not complete(a, b, reports, keys):
        raise BadInput(f"no operation and size that both {a} and {b} measured in every report: nothing to compare")
    if as_markdown:
        markdown(a, b, reports, keys)
        return 0
    worst = {}
    print(f"{a} / {b} per report: ratio of the medians | median of the per-round ratios; "
          "spread = (max - min) / median")
    order = list(TARGETS)
    for op, size in sorted(keys, key=lambda k: (order.index(k[0]) if k[0] in order else 99, k[0], k[1])):
        pairs = []
        for report in reports:
            x, y = report.get(f"{op}/{a}/{size}"), report.get(f"{op}/{b}/{size}")
            if x and y:
                pairs.append(estimates(x, y))
        if len(pairs) < len(reports):
            continue
        medians, rounds = [p[0] for p in pairs], [p[1] for p in pairs]
        target = TARGETS.get(op)
        mark = ""
        if target is not None and size >= FROM_BYTES:
            old = worst.get(op, (0, 0))
            worst[op] = (max(old[0], spread(medians)), max(old[1], spread(rounds)))
            mark = "  over target" if spread(rounds) > target else ""
        print(f"  {op:16s} {size:>10d}  " + " ".join(f"{r:7.3f}" for r in medians) + f" {spread(medians) * 100:5.1f} % | "
              + " ".join(f"{r:7.3f}" for r in rounds) + f" {spread(rounds) * 100:5.1f} %{mark}")
    print("largest spread at 64 KiB and above (ratio of the medians | per-round ratio):")
    for op, (of_medians, of_rounds) in worst.items():
        print(f"  {op:8s} {of_medians * 100:5.1f} % | {of_rounds * 100:5.1f} % (target {TARGETS[op] * 100:.0f} %)"
              f"{'  MISSED' if of_rounds > TARGETS[op] else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(run_main("ratio_stability", main, sys.argv))
