#!/usr/bin/python3
"""Does `shmbench run --duet` judge a backend pair more tightly than an interleaved run?

    duet_table.py [--markdown] A:B --interleaved R1.json R2.json ... --duet D1.json D2.json ...

For each operation and size both backends measured in every report, the per-round ratios
A / B of each report (repetition i of A over repetition i of B: the same round), and
from them:
- width: the 95 % interval of their median (the sign test's, as `compare --pair` gives
  it), as ln(upper / lower) in percent, the median over each mode's reports;
- factor: (interleaved width / duet width) squared, the factor by which duet shrinks the
  variance of the estimate (above 1: duet is tighter; Bulej et al. report 2.3-12.5 on
  cloud VMs for their pairs);
- moved: how far the median per-round ratio moved over each mode's reports,
  (max - min) / median;
- covered: how often one report's interval holds another report's median (with three
  reports, six pairs per row; about 83 % is what chance allows for 95 % intervals).
Then per operation the median factor over its sizes. --markdown prints the same as
docs/boost-vs-raw.md's table. Exit status 0 (information), 2 bad input. Only the
standard library.
"""

import math
import os
import statistics
import sys

sys.dont_write_bytecode = True  # nothing written under scripts/ (no __pycache__ for ratio_stability)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ratio_stability import samples_of, size_text  # noqa: E402
from script_input import BadInput, refuse_options, run_main  # noqa: E402

USAGE = "usage: duet_table.py [--markdown] A:B --interleaved R1.json ... --duet D1.json ... (see --help)"

OPERATIONS = ["create", "open", "map", "first_touch", "copy_cold", "copy", "read_cold", "read", "read_unverified",
              "unmap", "close"]


def sign_test_interval(values, confidence=0.95):
    """The median's interval from order statistics: the widest k with
    P(Binomial(n, 1/2) < k) <= (1 - confidence) / 2 gives [x_(k), x_(n+1-k)]."""
    x = sorted(values)
    n = len(x)
    tail = (1 - confidence) / 2
    k, below = 0, 0.0
    while k < n // 2:
        below_next = below + math.comb(n, k) / 2 ** n
        if below_next > tail:
            break
        below, k = below_next, k + 1
    if k == 0:
        return x[0], x[-1]
    return x[k - 1], x[n - k]


def per_round(report, op, a, b, size):
    x, y = report.get(f"{op}/{a}/{size}"), report.get(f"{op}/{b}/{size}")
    if not x or not y or len(x) != len(y):
        return None
    return [p / q for p, q in zip(x, y) if q > 0 and p > 0]


def mode_figures(reports, op, a, b, size):
    """(median interval width %, spread of the medians %, [covered?]) over one mode's
    reports, or None. covered: for each ordered pair of reports, whether the first's
    interval holds the second's median."""
    intervals, medians = [], []
    for report in reports:
        ratios = per_round(report, op, a, b, size)
        if not ratios or len(ratios) < 6:
            return None
        intervals.append(sign_test_interval(ratios))
        medians.append(statistics.median(ratios))
    widths = [math.log(high / low) * 100 for low, high in intervals]
    covered = [low <= medians[j] <= high for i, (low, high) in enumerate(intervals)
               for j in range(len(medians)) if j != i]
    return (statistics.median(widths), (max(medians) - min(medians)) / statistics.median(medians) * 100, covered)


def parse(argv):
    markdown = "--markdown" in argv
    argv = [arg for arg in argv if arg != "--markdown"]
    refuse_options(argv, USAGE, known=("--interleaved", "--duet"))
    if len(argv) < 2 or ":" not in argv[0] or "--interleaved" not in argv or "--duet" not in argv:
        raise BadInput(USAGE)
    if argv.count("--interleaved") > 1 or argv.count("--duet") > 1:
        raise BadInput(f"give --interleaved and --duet once each; {USAGE}")
    a, b = argv[0].split(":", 1)
    at_i, at_d = argv.index("--interleaved"), argv.index("--duet")
    interleaved = argv[at_i + 1:at_d] if at_i < at_d else argv[at_i + 1:]
    duet = argv[at_d + 1:] if at_i < at_d else argv[at_d + 1:at_i]
    if not interleaved or not duet:
        raise BadInput("give at least one report after --interleaved and after --duet")
    return markdown, a, b, [samples_of(p) for p in interleaved], [samples_of(p) for p in duet]


def main(argv):
    if len(argv) > 1 and argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0
    markdown, a, b, interleaved, duet = parse(argv[1:])
    keys = set()
    for name in interleaved[0]:
        parts = name.split("/")
        if len(parts) == 3 and parts[1] == a:
            keys.add((parts[0], int(parts[2])))
    if not keys:
        raise BadInput(f"no rows of backend '{a}' in the first interleaved report")
    order = {op: i for i, op in enumerate(OPERATIONS)}
    rows, factors = [], {}
    for op, size in sorted(keys, key=lambda k: (order.get(k[0], 99), k[0], k[1])):
        i, d = mode_figures(interleaved, op, a, b, size), mode_figures(duet, op, a, b, size)
        if not i or not d:
            continue
        factor = (i[0] / d[0]) ** 2 if d[0] > 0 else float("inf")
        factors.setdefault(op, []).append(factor)
        rows.append((op, size, i, d, factor))
    if not rows:
        raise BadInput(f"no operation and size that both {a} and {b} measured in 6 or more rounds in every "
                       "report: nothing to compare")
    if markdown:
        print("| operation | size | interval, interleaved | interval, duet | factor | moved, interleaved | moved, duet |")
        print("|:--|--:|--:|--:|--:|--:|--:|")
        for op, size, i, d, factor in rows:
            print(f"| `{op}` | {size_text(size)} | ±{i[0] / 2:.1f} % | ±{d[0] / 2:.1f} % | {factor:.2f} | "
                  f"{i[1]:.1f} % | {d[1]:.1f} % |")
    else:
        print(f"{a} / {b}: per-round ratios; {len(interleaved)} interleaved and {len(duet)} duet reports")
        print(f"  {'operation':16s} {'size':>9s}  {'width i':>8s} {'width d':>8s} {'factor':>7s}  "
              f"{'moved i':>8s} {'moved d':>8s}")
        for op, size, i, d, factor in rows:
            print(f"  {op:16s} {size_text(size):>9s}  {i[0]:7.1f}% {d[0]:7.1f}% {factor:7.2f}  {i[1]:7.1f}% {d[1]:7.1f}%")
    for label, chosen in (("every size", rows), ("16 MiB and up", [r for r in rows if r[1] >= 16 << 20])):
        for mode, at in (("interleaved", 2), ("duet", 3)):
            covered = [c for r in chosen for c in r[at][2]]
            if covered:
                print(f"{label}, {mode}: a run's interval held another run's median in "
                      f"{sum(covered)} of {len(covered)} ({100 * sum(covered) / len(covered):.0f} %)")
    every = [f for values in factors.values() for f in values]
    print()
    print("factor per operation (median over its sizes): " +
          ", ".join(f"{op} {statistics.median(values):.2f}" for op, values in factors.items()))
    if every:
        every.sort()
        print(f"all rows: median factor {statistics.median(every):.2f}, "
              f"p10-p90 {every[len(every) // 10]:.2f}-{every[(len(every) * 9) // 10]:.2f}, "
              f"{sum(f > 1 for f in every)} of {len(every)} rows tighter in duet")
    return 0


if __name__ == "__main__":
    sys.exit(run_main("duet_table", main, sys.argv))
