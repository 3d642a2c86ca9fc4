#!/usr/bin/python3
"""The memory accounting of a lifecycle report against what each backend's kind of
memory should cost: accounting_check.py REPORT.json [--tolerance 5%] [--backends A,B]

For every backend and size, and each step of an object's life that carries the counters
(create, map, commit, first_touch, close), the median change of the commit charge over
that step (commit_charge_bytes on the _median row, or the only row) beside what the
backend's kind of memory says it should be (commit_charge_expected_bytes: the object's
size at the step that charges it, minus that at close, 0 elsewhere), and whether it lies
within the tolerance of that value, the tolerance being a share of the object's size:
"within 5 % of N" for an expected N, "within 5 % of 0" (at most 5 % of the size) for an
expected 0. How the counters are read
and what Wine's CommitTotal is: docs/memory.md.

Exit status (docs/running.md): 0 every step within the tolerance, 1 some step outside it
(a finding against the expectation, as a regression is one against a baseline), 2 bad
input (a missing or malformed report, one without accounting counters, a bad tolerance).
"""

import argparse
import json
import sys

STEPS = ("create", "map", "commit", "first_touch", "close")


def fail(message):
    print(f"accounting_check: {message}", file=sys.stderr)
    sys.exit(2)


def tolerance(text):
    value = text[:-1] if text.endswith("%") else text
    try:
        fraction = float(value) / (100 if text.endswith("%") else 1)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 < fraction < 1:
        raise argparse.ArgumentTypeError(f"must lie between 0 and 100 %: {text!r}")
    return fraction


def headline_rows(report):
    found = {}
    for row in report.get("benchmarks", []):
        if not isinstance(row, dict) or row.get("error_occurred") or row.get("skipped"):
            continue
        name = row.get("run_name", "")
        if row.get("aggregate_name") == "median" or (row.get("run_type") == "iteration" and row.get("repetitions") == 1):
            found[name] = row
    return found


def main(argv):
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split(":", 1)[0].split()))
    parser.add_argument("report")
    parser.add_argument("--tolerance", type=tolerance, default=0.05, help="a share of the object's size (default 5%%)")
    parser.add_argument("--backends", default="", help="only these backends (comma-separated)")
    try:
        args = parser.parse_args(argv[1:])
    except SystemExit as exit_:
        return 2 if exit_.code else 0
    try:
        with open(args.report, encoding="utf-8") as handle:
            report = json.load(handle)
        config = report["context"]["shmbench"]["config"]
        backends, sizes = config["backends"], config["sizes"]
    except OSError as error:
        fail(f"cannot read {args.report}: {error.strerror}")
    except (ValueError, KeyError, TypeError):
        fail(f"{args.report} is not a shmbench lifecycle report")
    chosen = [b for b in args.backends.split(",") if b]
    if chosen:
        unknown = [b for b in chosen if b not in backends]
        if unknown:
            fail(f"--backends: {', '.join(unknown)} not in the report ({', '.join(backends)})")
        backends = chosen
    rows = headline_rows(report)
    lines, outside = [], 0
    for backend in backends:
        for size in sizes:
            for step in STEPS:
                row = rows.get(f"{step}/{backend}/{size}")
                if row is None or "commit_charge_expected_bytes" not in row:
                    continue
                measured, expected = row["commit_charge_bytes"], row["commit_charge_expected_bytes"]
                allowed = args.tolerance * max(size, abs(expected))
                within = abs(measured - expected) <= allowed
                outside += 0 if within else 1
                lines.append((backend, size, step, measured, expected, within))
    if not lines:
        fail(f"{args.report} has no memory accounting counters (run without --no-accounting)")
    platform = report["context"]["shmbench"].get("platform") or {}
    if platform.get("wine_version"):
        print(f"note: under Wine {platform['wine_version']} CommitTotal is the host's memory in use, not a commit "
              "charge (docs/memory.md): these figures describe Wine, not Windows")
    print(f"{'backend':<16}{'size':>10}  {'step':<12}{'commit charge':>16}{'expected':>14}  within {args.tolerance:.0%}")
    for backend, size, step, measured, expected, within in lines:
        print(f"{backend:<16}{size:>10}  {step:<12}{measured:>16.0f}{expected:>14.0f}  {'yes' if within else 'NO'}")
    print(f"{len(lines) - outside} of {len(lines)} steps within {args.tolerance:.0%} of the object's size")
    return 1 if outside else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
