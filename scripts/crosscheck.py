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

import json
import sys

OPERATIONS = ("copy", "read", "read_unverified")
GAP_LIMIT = 0.10
GAP_FROM_BYTES = 1 << 20


class BadInput(ValueError):
    """A report this check cannot read. Raised rather than exiting, so that a program
    importing this module decides what a bad input means to it."""


def fail(message):
    print(f"crosscheck: {message}", file=sys.stderr)
    sys.exit(2)


def load(path):
    try:
        with open(path, encoding="utf-8") as handle:
            report = json.load(handle)
    except OSError as error:
        raise BadInput(f"cannot read {path}: {error.strerror}") from None
    except json.JSONDecodeError as error:
        raise BadInput(f"{path} is not JSON: {error.msg} at line {error.lineno}") from None
    if not isinstance(report, dict) or not isinstance(report.get("benchmarks"), list):
        raise BadInput(f"{path} is not a Google Benchmark report (no 'benchmarks' list)")
    return report["benchmarks"]


def read_kernel_offset(path):
    """Where the verified read's code starts, modulo 64 bytes, as the report recorded it
    (shmbench run: context.shmbench.read_kernel_offset; shmbench-micro: context's
    read_kernel_offset); None for reports that predate it or cannot be read."""
    try:
        with open(path, encoding="utf-8") as handle:
            context = json.load(handle).get("context", {})
        value = context.get("shmbench", {}).get("read_kernel_offset", context.get("read_kernel_offset"))
        return int(value) if value is not None else None
    except (OSError, ValueError, TypeError, AttributeError):
        return None


def throughputs(rows, path):
    """({(operation, backend, size): median bytes/s}, {same key: [bytes/s of each repetition]})."""
    medians, repetitions = {}, {}
    for row in rows:
        if not isinstance(row, dict) or row.get("error_occurred"):
            continue
        aggregate = row.get("aggregate_name")
        if row.get("run_type") != "iteration" and aggregate != "median":
            continue
        parts = str(row.get("run_name", "")).split("/")
        if len(parts) < 3 or parts[0] not in OPERATIONS or not parts[2].isdigit():
            continue
        rate = row.get("bytes_per_second")
        if not isinstance(rate, (int, float)) or rate <= 0:
            raise BadInput(f"{path}: {row.get('name')} has no positive bytes_per_second")
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
    if len(argv) not in (3, 4):
        fail("usage: crosscheck.py HARNESS.json MICRO.json [PLATFORM]")
    try:
        cells = cross_check(load(argv[1]), load(argv[2]), argv[1], argv[2])
    except BadInput as error:
        fail(str(error))
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
    offsets = read_kernel_offset(argv[1]), read_kernel_offset(argv[2])
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
    sys.exit(main(sys.argv))
