#!/usr/bin/python3
"""Cross-check the harness against the micro-benchmarks:
crosscheck.py HARNESS.json MICRO.json [PLATFORM]

`shmbench run` (writer and reader in separate processes) and `shmbench-micro` (one
process, Google Benchmark's loop) measure the same warm copy, verified read and unverified read through
the same backend code. This prints, per backend and size, the median throughput of each
and their ratio (harness / micro). Two correct measurements of the same thing agree;
a gap above 10 % at 1 MiB or more is marked with '!' and listed at the end with the
range of each side's repetitions, because it means one of the two measures something
else, or that the machine's run-to-run spread is that wide (see docs/micro-benchmarks.md).

Exit status: 0 (the table is information, also when gaps are found), 2 bad input.
Only the standard library is used, so any python3 runs it. scripts/html_report.py
imports it and draws the same cells (cross_check) as a plot.
"""

import math
import sys

sys.dont_write_bytecode = True  # nothing written under scripts/ (no __pycache__)
# BadInput: a report this check cannot read. cross_check raises it rather than exiting,
# so that a program importing this module (the page) decides what a bad input means to it.
from script_input import BadInput, kind_of, load_json, measured_rows, refuse_options, report_rows, run_main, shown  # noqa: E402

OPERATIONS = ("copy", "read", "read_unverified")
GAP_LIMIT = 0.10
GAP_FROM_BYTES = 1 << 20
USAGE = "usage: crosscheck.py HARNESS.json MICRO.json [PLATFORM] (see --help)"


def load(path):
    """(the report at path, its rows checked as measured_rows), or BadInput."""
    document = load_json(path)
    return document, measured_rows(report_rows(document, path), path)


def read_kernel_offset(document, path):
    """Where the verified read's code starts, modulo 64 bytes, as the report recorded it
    (shmbench run: context.shmbench.read_kernel_offset; shmbench-micro: context's
    read_kernel_offset); None for reports that predate it. BadInput where it is not a
    whole number."""
    context = document.get("context", {})  # an object: report_rows checked it
    shmbench = context.get("shmbench", {})
    if not isinstance(shmbench, dict):
        raise BadInput(f"{path}: not a report: context.shmbench is {kind_of(shmbench)}, not an object")
    value = shmbench.get("read_kernel_offset", context.get("read_kernel_offset"))
    if value is None:
        return None
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value >= 0:
        return int(value)
    raise BadInput(f"{path}: read_kernel_offset is {kind_of(value) if not isinstance(value, str) else repr(value[:40])}, "
                   "not a whole number")


def throughputs(rows, path):
    """({(operation, backend, size): median bytes/s}, {same key: [bytes/s of each repetition]})."""
    medians, repetitions = {}, {}
    for row in rows:
        if not isinstance(row, dict) or row.get("error_occurred") or row.get("skipped"):
            continue
        aggregate = row.get("aggregate_name")
        if row.get("run_type") != "iteration" and aggregate != "median":
            continue
        parts = str(row.get("run_name", "")).split("/")
        if len(parts) < 3 or parts[0] not in OPERATIONS:
            continue
        # At most 19 digits: a size of bytes fits 64 bits (and int() refuses thousands of digits).
        if not (parts[2].isascii() and parts[2].isdigit() and len(parts[2]) <= 19) or int(parts[2]) == 0:
            raise BadInput(f"{path}: {shown(row.get('name'))}: the size part of its run_name "
                           f"({shown(parts[2], 40)!r}) is not a number above 0")
        rate = row.get("bytes_per_second")
        if not isinstance(rate, (int, float)) or isinstance(rate, bool) or not math.isfinite(rate) or rate <= 0:
            raise BadInput(f"{path}: {shown(row.get('name'))} has no positive bytes_per_second")
        key = (parts[0], parts[1], int(parts[2]))
        if aggregate == "median":
            medians[key] = float(rate)
        else:
            repetitions.setdefault(key, []).append(float(rate))
    # A single repetition has no _median row (as in Google Benchmark): its one value is it.
    for key, rates in repetitions.items():
        medians.setdefault(key, sorted(rates)[len(rates) // 2])
    return medians, repetitions


def spread(rates):
    return f"{min(rates) / 1e9:.1f}-{max(rates) / 1e9:.1f}" if rates else "?"


def overlap(ours, theirs):
    """Whether the two sets of repetitions share a range: a gap then lies within the
    machine's run-to-run spread rather than between two different measurements."""
    return bool(ours and theirs) and min(ours) <= max(theirs) and min(theirs) <= max(ours)


def size_text(size):
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if size >= 1 << shift and size % (1 << shift) == 0:
            return f"{size >> shift}{unit}"
    return f"{size}B"


def cross_check(harness_rows, micro_rows, harness_path="harness", micro_path="micro"):
    """The cells of the cross-check, in the harness report's order of backend and size:
    one dict per operation of OPERATIONS both reports measured there, with `operation`,
    `backend`, `size`, the medians `harness` and `micro` (bytes/s), their `ratio`
    (harness / micro), `gap` (above GAP_LIMIT from GAP_FROM_BYTES on) and each side's
    repetitions (`harness_repetitions`, `micro_repetitions`; lists, possibly empty).
    Raises BadInput when a row is unreadable or the two share no backend and size."""
    harness, harness_reps = throughputs(harness_rows, harness_path)
    micro, micro_reps = throughputs(micro_rows, micro_path)
    measured_by_micro = {(backend, size) for (_, backend, size) in micro}
    keys = []  # in the harness report's order
    for (_, backend, size) in harness:
        if (backend, size) in measured_by_micro and (backend, size) not in keys:
            keys.append((backend, size))
    if not keys:
        raise BadInput(f"{harness_path} and {micro_path} have no copy/read medians for the same backend and size")
    cells = []
    for backend, size in keys:
        for op in OPERATIONS:
            key = (op, backend, size)
            ours, theirs = harness.get(key), micro.get(key)
            if ours is None or theirs is None:
                continue
            ratio = ours / theirs
            cells.append({"operation": op, "backend": backend, "size": size, "harness": ours, "micro": theirs,
                          "ratio": ratio, "gap": size >= GAP_FROM_BYTES and abs(ratio - 1) > GAP_LIMIT,
                          "harness_repetitions": harness_reps.get(key, []),
                          "micro_repetitions": micro_reps.get(key, [])})
    return cells


def main(argv):
    if len(argv) > 1 and argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0
    refuse_options(argv[1:], USAGE)
    if len(argv) not in (3, 4):
        raise BadInput(USAGE)
    (harness_report, harness_rows), (micro_report, micro_rows) = load(argv[1]), load(argv[2])
    offsets = read_kernel_offset(harness_report, argv[1]), read_kernel_offset(micro_report, argv[2])
    cells = cross_check(harness_rows, micro_rows, argv[1], argv[2])
    platform = argv[3] if len(argv) == 4 else ""
    by_place = {}  # (backend, size) -> {operation: cell}, in the harness report's order
    for cell in cells:
        by_place.setdefault((cell["backend"], cell["size"]), {})[cell["operation"]] = cell

    title = f"harness / micro cross-check{' (' + platform + ')' if platform else ''}"
    print(f"{title}: median GB/s of the warm copy and the verified read")
    print(f"{'backend':<15} {'size':>7} {'copy':>8} {'micro':>8} {'ratio':>7} {'read':>8} {'micro':>8} {'ratio':>7}")
    gaps = []
    for (backend, size), by_operation in by_place.items():
        columns = []
        for op in OPERATIONS:
            cell = by_operation.get(op)
            if cell is None:
                columns.append(f"{'-':>8} {'-':>8} {'-':>7}")
                continue
            if cell["gap"]:
                our_reps, their_reps = cell["harness_repetitions"], cell["micro_repetitions"]
                verdict = "ranges overlap: within the spread" if overlap(our_reps, their_reps) else "ranges apart"
                gaps.append(f"{op}/{backend}/{size_text(size)}: ratio {cell['ratio']:.2f}, repetitions "
                            f"{spread(our_reps)} GB/s in the harness, {spread(their_reps)} in micro ({verdict})")
            columns.append(f"{cell['harness'] / 1e9:8.2f} {cell['micro'] / 1e9:8.2f} "
                           f"{cell['ratio']:6.2f}{'!' if cell['gap'] else ' '}")
        print(f"{backend:<15} {size_text(size):>7} {' '.join(columns)}")
    if None not in offsets:
        # A loop runs at a speed of its own at each alignment: GCC and Clang builds align
        # the read kernels (offset 0), MSVC builds cannot (measure/read_kernels.hpp).
        note = "" if offsets[0] == offsets[1] else " (they differ: a read gap may be the code's placement)"
        print(f"verified-read code at byte {offsets[0]} of 64 in the harness, {offsets[1]} in micro{note}")
    if gaps:
        print(f"{len(gaps)} gap(s) above {GAP_LIMIT:.0%} at 1MiB or more (where the repetition ranges are "
              "apart, re-run before blaming either tool: large buffers drift with the machine's load):")
        for gap in gaps:
            print(f"  {gap}")
    else:
        print(f"no gap above {GAP_LIMIT:.0%} at 1MiB or more")
    return 0


if __name__ == "__main__":
    sys.exit(run_main("crosscheck", main, sys.argv))
