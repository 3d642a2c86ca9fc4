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
import math
import sys

sys.dont_write_bytecode = True  # nothing written under scripts/ (no __pycache__)
from script_input import BadInput, kind_of, load_json, member, report_rows, run_main  # noqa: E402

REPORT = "a shmbench lifecycle report"  # what member() says the input is not, when a field is wrong

STEPS = ("create", "map", "commit", "first_touch", "close")


def fail(message):
    raise BadInput(message)


class OneLine(argparse.ArgumentParser):
    def error(self, message):  # bad input is one line, not argparse's usage and error
        fail(f"{' '.join(message.splitlines())} (see --help)")


def counter(row, key, path):
    """row[key] as a finite number (of either sign: a step can give memory back), else BadInput."""
    value = row.get(key)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) < 2 ** 63 \
            and math.isfinite(value):
        return value
    said = "missing" if key not in row else kind_of(value)
    fail(f"{path}: row {row['name'][:80]!r}: {key} is {'out of range' if said == 'a number' else said}, "
         "not a number of bytes")


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
    parser = OneLine(description=" ".join(__doc__.split(":", 1)[0].split()))
    parser.add_argument("report")
    parser.add_argument("--tolerance", type=tolerance, default=0.05, help="a share of the object's size (default 5%%)")
    parser.add_argument("--backends", default="", help="only these backends (comma-separated)")
    args = parser.parse_args(argv[1:])  # --help: exit 0; a bad option: OneLine.error
    report = load_json(args.report, "report")
    report_rows(report, args.report)  # an object with a "benchmarks" array of checked rows
    context = report.get("context")
    shmbench = context.get("shmbench") if isinstance(context, dict) else None
    if not isinstance(shmbench, dict):
        fail(f"{args.report} is not a shmbench lifecycle report")
    config = member(shmbench, "config", args.report, "context.shmbench.", dict, what=REPORT)
    backends = member(config, "backends", args.report, "context.shmbench.config.", list, what=REPORT)
    if not all(isinstance(backend, str) for backend in backends):
        fail(f"{args.report} is not a shmbench lifecycle report: context.shmbench.config.backends is not a list "
             "of names")
    sizes = member(config, "sizes", args.report, "context.shmbench.config.", list, what=REPORT)
    if not all(isinstance(size, int) and not isinstance(size, bool) and 0 < size < 2 ** 63 for size in sizes):
        fail(f"{args.report} is not a shmbench lifecycle report: context.shmbench.config.sizes is not a list "
             "of sizes")
    member(shmbench, "order", args.report, "context.shmbench.", dict, required=False, what=REPORT)
    platform = member(shmbench, "platform", args.report, "context.shmbench.", (dict, type(None)),
                      required=False, what=REPORT) or {}
    wine_version = platform.get("wine_version")
    if wine_version is not None and not isinstance(wine_version, str):
        fail(f"{args.report} is not a shmbench lifecycle report: context.shmbench.platform.wine_version is "
             f"{kind_of(wine_version)}")
    chosen = [b for b in args.backends.split(",") if b]
    if chosen:
        unknown = [b for b in chosen if b not in backends]
        if unknown:
            fail(f"--backends: {', '.join(unknown)!r} not in the report ({', '.join(backends)})")
        backends = chosen
    rows = headline_rows(report)
    lines, outside = [], 0
    for backend in backends:
        for size in sizes:
            for step in STEPS:
                row = rows.get(f"{step}/{backend}/{size}")
                if row is None or "commit_charge_expected_bytes" not in row:
                    continue
                measured = counter(row, "commit_charge_bytes", args.report)
                expected = counter(row, "commit_charge_expected_bytes", args.report)
                allowed = args.tolerance * max(size, abs(expected))
                within = abs(measured - expected) <= allowed
                outside += 0 if within else 1
                lines.append((backend, size, step, measured, expected, within))
    if not lines:
        fail(f"{args.report} has no memory accounting counters (run without --no-accounting)")
    if wine_version:
        print(f"note: under Wine {wine_version} CommitTotal is the host's memory in use, not a commit "
              "charge (docs/memory.md): these figures describe Wine, not Windows")
    print(f"{'backend':<16}{'size':>10}  {'step':<12}{'commit charge':>16}{'expected':>14}  within {args.tolerance:.0%}")
    for backend, size, step, measured, expected, within in lines:
        print(f"{backend:<16}{size:>10}  {step:<12}{measured:>16.0f}{expected:>14.0f}  {'yes' if within else 'NO'}")
    print(f"{len(lines) - outside} of {len(lines)} steps within {args.tolerance:.0%} of the object's size")
    return 1 if outside else 0


if __name__ == "__main__":
    sys.exit(run_main("accounting_check", main, sys.argv))
