"""A report's repetitions, by operation, backend and size.

The plots draw every repetition (a spread, not only a median), so they read the
iteration rows. Harness rows are named <operation>/<backend>/<size in bytes>; failed
cells have error rows, which carry no measurement and are listed instead, and so do the
cells the system refused (skipped rows: no privilege, no huge pages), which are no
failure."""

from dataclasses import dataclass, field

_NS_PER_UNIT = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


@dataclass
class Samples:
    times: dict = field(default_factory=dict)  # (op, backend, size) -> [ns per call/page/pass]
    rates: dict = field(default_factory=dict)  # (op, backend, size) -> [bytes per second]
    errors: list = field(default_factory=list)  # "name: message" of the error rows
    skipped: dict = field(default_factory=dict)  # (backend, size) -> skip_message of the skipped cells
    backends: list = field(default_factory=list)  # in report order
    sizes: list = field(default_factory=list)  # ascending


def split_name(run_name):
    """(operation, backend, size) of a harness row name, or None for other names."""
    parts = str(run_name).split("/")
    if len(parts) != 3 or not parts[2].isdigit():
        return None
    return parts[0], parts[1], int(parts[2])


def harness_samples(report):
    samples = Samples()
    sizes = set()
    for row in report.benchmarks:
        if not isinstance(row, dict) or row.get("run_type", "iteration") != "iteration":
            continue
        key = split_name(row.get("run_name", row.get("name", "")))
        if key is None:
            continue
        if row.get("error_occurred"):
            samples.errors.append(f"{row.get('name')}: {row.get('error_message', 'error')}")
            continue
        operation, backend, size = key
        if row.get("skipped"):
            samples.skipped.setdefault((backend, size), row.get("skip_message", "skipped"))
            continue
        if backend not in samples.backends:
            samples.backends.append(backend)
        sizes.add(size)
        time = row.get("real_time")
        if isinstance(time, (int, float)):
            samples.times.setdefault(key, []).append(time * _NS_PER_UNIT.get(row.get("time_unit", "ns"), 1.0))
        rate = row.get("bytes_per_second")
        if isinstance(rate, (int, float)) and rate > 0:
            samples.rates.setdefault(key, []).append(float(rate))
    samples.sizes = sorted(sizes)
    return samples


def median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
