#!/usr/bin/env python3
"""How several runs of one build agree, figure by figure: are the warned figures the ones
that move, and do a run's intervals hold a repeat run's estimates?

  run_stability.py [--pair A:B]... REPORT.json REPORT.json [REPORT.json ...]

The reports are runs of one build on one machine (shmbench run, the same suite). Prints:

- per run, how many figures (_median rows) carry a warning, by reason, and how far the
  median figure drifted from the first third of its repetitions to the last (the
  machine's own move, as run.machine_drift_fraction gives it);
- per figure, how far its median moves over the runs, (max - min) / median, and whether
  the warned figures are the movers: the median movement of figures warned in some run
  against those never warned, how many of the 10 % that move most were warned, and the
  rank correlation (Spearman) between a figure's interval width (median_ci_low_ns ..
  median_ci_high_ns, relative to its median) and its movement;
- per run, the share of other runs' medians that its median's 95 % interval holds (by
  chance about 95 %, less where runs differ by more than a run's own spread);
- with --pair A:B (e.g. boost-portable:posix): per operation and size, the median of the
  per-round ratios A_r / B_r of each run and its sign-test 95 % interval (as compare
  --pair gives them); how many of (run i's interval, run j's estimate) pairs hold, at 16
  and 256 MiB and overall; and how far the copy and read ratios move between runs.

Exit status 0 (the figures are information), 2 bad input. Only the standard library.
"""

import math
import statistics
import sys
from collections import defaultdict

sys.dont_write_bytecode = True  # nothing written under scripts/ (no __pycache__)
from script_input import BadInput, load_json, measured_rows, number_of, report_rows, run_main, shown  # noqa: E402

USAGE = "usage: run_stability.py [--pair A:B]... REPORT.json REPORT.json [...] (see --help)"


def load(path):
    """({run_name: its median row}, {run_name: real_time of each repetition, in repetition
    order}) of a report, errors and skipped cells left out; BadInput for a report that
    cannot be read or a row this script cannot use."""
    medians, samples = {}, defaultdict(list)
    for row in measured_rows(report_rows(load_json(path), path), path):
        name = row["run_name"]
        if row["run_type"] == "aggregate" and row.get("aggregate_name") == "median":
            if "median_ci_low_ns" in row or "median_ci_high_ns" in row:
                if number_of(row, "median_ci_low_ns", path) > number_of(row, "median_ci_high_ns", path):
                    raise BadInput(f"{path}: row {shown(row['name'])}: median_ci_low_ns is above median_ci_high_ns")
            if name in medians:
                raise BadInput(f"{path}: two median rows of {shown(name)}")
            medians[name] = row
        elif row["run_type"] == "iteration":
            index = row.get("repetition_index", 0)
            if not isinstance(index, int) or isinstance(index, bool) or index < 0:
                raise BadInput(f"{path}: row {shown(row['name'])}: repetition_index is not a whole number of at least 0")
            parts = name.split("/")
            if len(parts) == 3 and not (parts[2].isascii() and parts[2].isdigit() and len(parts[2]) <= 19 and int(parts[2]) > 0):
                raise BadInput(f"{path}: row {shown(name)}: the size part of its run_name ({shown(parts[2], 40)!r}) "
                               "is not a number above 0")
            samples[name].append((index, row["real_time"]))
    return medians, {name: [t for _, t in sorted(values)] for name, values in samples.items()}


def reason_of(label):
    if "interval" in label:
        return "wide interval"
    if "last third" in label:
        return "drift"
    if "timer" in label:
        return "timer floor"
    if "too few" in label:
        return "few repetitions"
    return "other"


def movement(values):
    return (max(values) - min(values)) / statistics.median(values)


def ranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    result = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            result[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return result


def spearman(x, y):
    rx, ry = ranks(x), ranks(y)
    mx, my = statistics.mean(rx), statistics.mean(ry)
    num = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    den = math.sqrt(sum((a - mx) ** 2 for a in rx) * sum((b - my) ** 2 for b in ry))
    return num / den if den else float("nan")


def sign_interval(ratios, confidence=0.95):
    """The median of `ratios` and the sign test's interval (as compare --pair), or None."""
    values = sorted(ratios)
    n = len(values)
    tail, cumulative, k = (1 - confidence) / 2, 0.0, 0
    for j in range(n):
        cumulative += math.comb(n, j) / 2 ** n
        if cumulative > tail:
            break
        k = j + 1
    if k == 0:
        return statistics.median(values), None
    return statistics.median(values), (values[k - 1], values[n - k])


def warnings_and_movement(runs):
    print("warned figures per run (reasons):")
    for index, (medians, _) in enumerate(runs):
        reasons = defaultdict(int)
        warned = 0
        for row in medians.values():
            label = row.get("label", "")
            if label:
                warned += 1
                for part in label.replace("warning: ", "").split("; "):
                    reasons[reason_of(part)] += 1
        share = warned / len(medians) if medians else 0
        text = ", ".join(f"{count} {reason}" for reason, count in sorted(reasons.items()))
        # The median figure's drift is the machine's (run.machine_drift_fraction in newer
        # reports; computed from the rows here, so older reports show it too).
        drifts = [row["thirds_drift"] for row in medians.values() if isinstance(row.get("thirds_drift"), (int, float))]
        machine = f"; the median figure drifted {statistics.median(drifts):+.1%}" if len(drifts) >= 10 else ""
        print(f"  run {index + 1}: {warned} of {len(medians)} ({share:.0%}){': ' + text if text else ''}{machine}")
    names = [name for name in runs[0][0] if all(name in medians for medians, _ in runs)]
    moves, widths, ever_warned = {}, {}, {}
    for name in names:
        values = [medians[name]["real_time"] for medians, _ in runs]
        moves[name] = movement(values)
        rel = []
        for medians, _ in runs:
            row = medians[name]
            if "median_ci_low_ns" in row and row["real_time"] > 0:
                rel.append((row["median_ci_high_ns"] - row["median_ci_low_ns"]) / 2 / row["real_time"])
        widths[name] = statistics.median(rel) if rel else float("nan")
        ever_warned[name] = any(medians[name].get("label") for medians, _ in runs)
    warned = [moves[n] for n in names if ever_warned[n]]
    calm = [moves[n] for n in names if not ever_warned[n]]
    print(f"movement of a figure's median over the {len(runs)} runs, (max - min) / median:")
    if warned:
        print(f"  warned in some run: {len(warned)} figures, median movement {statistics.median(warned):.1%}")
    if calm:
        print(f"  never warned:       {len(calm)} figures, median movement {statistics.median(calm):.1%}")
    top = sorted(names, key=lambda n: -moves[n])[:max(1, len(names) // 10)]
    print(f"  of the {len(top)} that move most, {sum(ever_warned[n] for n in top)} were warned: "
          + ", ".join(f"{n} {moves[n]:.1%}{' (warned)' if ever_warned[n] else ''}" for n in top[:10]))
    paired = [(widths[n], moves[n]) for n in names if not math.isnan(widths[n])]
    if len(paired) > 2:
        print(f"  Spearman rank correlation of interval half-width and movement: "
              f"{spearman([p[0] for p in paired], [p[1] for p in paired]):.2f} over {len(paired)} figures")
    held = total = 0
    for i, (medians, _) in enumerate(runs):
        for name in names:
            row = medians[name]
            if "median_ci_low_ns" not in row:
                continue
            for j, (other, _) in enumerate(runs):
                if i != j:
                    total += 1
                    held += row["median_ci_low_ns"] <= other[name]["real_time"] <= row["median_ci_high_ns"]
    if total:
        print(f"a run's median interval holds another run's median: {held} of {total} ({held / total:.0%})")


def pair_cells(runs, a, b):
    """{(op, size): [(estimate, interval)] per run} of the per-round ratios A_r / B_r."""
    cells = defaultdict(list)
    for _, samples in runs:
        for name, x in samples.items():
            parts = name.split("/")
            if len(parts) != 3 or parts[1] != a:
                continue
            y = samples.get(f"{parts[0]}/{b}/{parts[2]}")
            if y and len(y) == len(x):
                cells[(parts[0], int(parts[2]))].append(sign_interval([p / q for p, q in zip(x, y)]))
    return cells


def pair_coverage(runs, a, b, cells):
    print(f"{a} / {b}: per-round ratio per run [95 % interval]; (max - min) / median over the runs")
    held = defaultdict(lambda: [0, 0])
    for (op, size), values in sorted(cells.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        if len(values) != len(runs):
            continue
        estimates = [v[0] for v in values]
        for i, (_, interval) in enumerate(values):
            if interval is None:
                continue
            for j, (estimate, _) in enumerate(values):
                if i == j:
                    continue
                inside = interval[0] <= estimate <= interval[1]
                for key in ("all", size):
                    held[key][0] += inside
                    held[key][1] += 1
        text = " ".join(f"{e:.3f}[{iv[0]:.3f},{iv[1]:.3f}]" if iv else f"{e:.3f}[-]" for e, iv in values)
        print(f"  {op:16s} {size:>10d}  {text}  moves {movement(estimates):.1%}")
    for key in ["all"] + sorted(k for k in held if k != "all"):
        h, n = held[key]
        print(f"  run i's interval holds run j's estimate ({key}): {h} of {n} ({h / n:.0%})" if n else "")


def main(argv):
    if len(argv) > 1 and argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0
    pairs, paths = [], []
    args = argv[1:]
    while args:
        if args[0] == "--pair":
            if len(args) < 2 or ":" not in args[1]:
                raise BadInput("--pair takes A:B")
            pairs.append(args[1].split(":", 1))
            args = args[2:]
        elif args[0].startswith("-") and len(args[0]) > 1:
            raise BadInput(f"unknown option {args[0][:80]}; {USAGE}")
        else:
            paths.append(args[0])
            args = args[1:]
    if len(paths) < 2:
        raise BadInput(USAGE)
    runs = [load(path) for path in paths]
    if not any(all(name in medians for medians, _ in runs) for name in runs[0][0]):
        raise BadInput("no figure (median row) is in every report: nothing to compare")
    cells = []
    for a, b in pairs:
        cells.append(pair_cells(runs, a, b))
        if not any(len(values) == len(runs) for values in cells[-1].values()):
            raise BadInput(f"--pair {a}:{b}: no operation and size that both measured in every report "
                           "in the same number of rounds")
    warnings_and_movement(runs)
    for (a, b), pair in zip(pairs, cells):
        pair_coverage(runs, a, b, pair)
    return 0


if __name__ == "__main__":
    sys.exit(run_main("run_stability", main, sys.argv))
