#!/usr/bin/python3
"""Validate shmbench reports: validate-report.py REPORT.json [REPORT.json ...]

Each report is checked against reports/schema.json, then for what a schema cannot
express: that the rows of one benchmark agree with each other (repetitions, the six
aggregates from two repetitions on, family indices, the distribution counters), and that
every backend and size of the run's config has a row for every operation of that
backend. The operations, their units and which backend is the reference come from the
report's own context (context.shmbench.operations, .reference_backend), so this script
keeps no copy of them. reports/README.md describes the format.

Exit status: 0 all valid; 2 a report is invalid (a malformed report is bad input, as
everywhere in shmbench: docs/running.md), missing, not JSON, or there is no jsonschema
module. The problems of an invalid report are printed on stdout, a line each (its
findings); stderr then has one line saying how many reports were invalid.
"""

import json
import math
import statistics
import sys
from pathlib import Path

sys.dont_write_bytecode = True  # nothing written under scripts/ (no __pycache__)
sys.path.insert(0, str(Path(__file__).resolve().parent))
from script_input import BadInput, load_json, refuse_options, run_main, shown  # noqa: E402

try:
    import jsonschema
except ImportError:
    print("validate-report: the python module jsonschema is missing: apt-get install python3-jsonschema "
          "and run this script with /usr/bin/python3", file=sys.stderr)
    sys.exit(2)

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "reports" / "schema.json"
MAX_PROBLEMS = 20
QUOTE = 200  # a problem quotes at most this many characters of a value (never a whole report)
USAGE = "usage: validate-report.py REPORT.json [REPORT.json ...]"

AGGREGATES = ["mean", "median", "stddev", "cv", "min", "max"]
# As harness/measure/stats.hpp: the modified z-score cut-off for outliers.
OUTLIER_Z = 3.5


class OperationTable:
    """The report's operation table: which operations a backend has, which report bytes/s."""

    def __init__(self, shm):
        self.reference = shm["reference_backend"]
        self.ops = shm["operations"]
        # Newer reports say which operations each backend has (only some commit separately).
        self.per_backend = shm.get("backend_operations")

    def of(self, backend):
        if self.per_backend is not None and backend in self.per_backend:
            return self.per_backend[backend]
        local = backend == self.reference
        return [op["name"] for op in self.ops
                if not (local and op["needs_shared_object"]) and not (not local and op.get("reference_only"))
                and not op.get("needs_separate_commit")]

    def throughput(self, op_name):
        return any(op["name"] == op_name and op["unit"] != "per_call" for op in self.ops)


def carries_percentile(n, q):
    return n * (1 - q) >= 1 - 1e-9


def percentile(sorted_values, q):
    position = q * (len(sorted_values) - 1)
    below = math.floor(position)
    above = min(below + 1, len(sorted_values) - 1)
    return sorted_values[below] + (sorted_values[above] - sorted_values[below]) * (position - below)


def outlier_count(values):
    median = statistics.median(values)
    deviations = [abs(v - median) for v in values]
    mad = statistics.median(deviations)
    return 0 if mad == 0 else sum(1 for d in deviations if 0.6745 * d / mad > OUTLIER_Z)


def where(path_parts, report):
    """'benchmarks[12] (copy/posix/4096).real_time' from a jsonschema error path."""
    text = ""
    for part in path_parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    parts = list(path_parts)
    if len(parts) >= 2 and parts[0] == "benchmarks" and isinstance(parts[1], int):
        row = report["benchmarks"][parts[1]]
        if isinstance(row, dict) and isinstance(row.get("name"), str):
            text = text.replace(f"benchmarks[{parts[1]}]", f"benchmarks[{parts[1]}] ({shown(row['name'], QUOTE)})", 1)
    return shown(text, 2 * QUOTE) or "(top level)"


def schema_problems(validator, report):
    problems = []
    for error in sorted(validator.iter_errors(report), key=lambda e: [str(p) for p in e.absolute_path]):
        if error.validator is None:  # a `false` subschema: the field may not appear on this row
            message = "is not allowed here"
        elif error.validator == "const":
            message = f"is {shown(json.dumps(error.instance), QUOTE)}, expected {json.dumps(error.validator_value)}"
        else:
            # jsonschema's message starts with the value it judges: at the top, the whole report.
            message, value = error.message, repr(error.instance)
            if message.startswith(value):
                message = shown(value, QUOTE) + message[len(value):]
            message = shown(message, 2 * QUOTE)
        problems.append(f"{where(error.absolute_path, report)}: {message}")
    return problems


def close_enough(a, b):
    # The harness computes in double precision too; allow only rounding differences.
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def split_name(name):
    """'copy/posix/4096_median' -> ('copy', 'posix', 4096, 'median'); no suffix -> None."""
    op, backend, rest = name.split("/")
    size, _, aggregate = rest.partition("_")
    return op, backend, int(size), aggregate or None


def cross_checks(report):
    """What the schema cannot say. Assumes the report already passed the schema."""
    problems = []
    shm = report["context"]["shmbench"]
    if shm.get("scenario") == "stress":
        return stress_checks(report)
    table = OperationTable(shm)
    config = shm["config"]
    # A transfer run's transports stand where backends do in its rows (never the reference).
    backends, sizes = config["backends"] + config.get("transports", []), config["sizes"]
    rows = report["benchmarks"]

    measured = {}    # run name -> its iteration rows
    aggregates = {}  # run name -> {aggregate name: row}
    errors = {}      # run name -> its error rows
    skipped = {}     # run name -> its skipped rows (the system refused the backend: not failures)
    families = {}    # (op, backend) -> family_index
    instances = {}   # (family_index, per_family_instance_index) -> run name

    for i, row in enumerate(rows):
        name = row["name"]
        at = f"benchmarks[{i}] ({shown(name, QUOTE)})"
        if len(name.split("/")[2].partition("_")[0]) > 19:  # the schema's pattern: digits, of any number
            problems.append(f"{at}: the size in its name is beyond 64 bits")
            continue
        op, backend, size, aggregate = split_name(name)
        run_name = name[: -len(aggregate) - 1] if aggregate else name

        if backend not in backends:
            problems.append(f"{at}: backend '{backend}' is not in context.shmbench.config.backends")
        elif op not in table.of(backend):
            problems.append(f"{at}: '{op}' is not an operation of backend '{backend}'")
        if not row.get("error_occurred") and not row.get("skipped"):
            if table.throughput(op) and "bytes_per_second" not in row:
                problems.append(f"{at}: '{op}' is a throughput operation but the row has no bytes_per_second")
            if not table.throughput(op) and "bytes_per_second" in row:
                problems.append(f"{at}: '{op}' is a latency; bytes_per_second does not belong here")
        if size not in sizes:
            problems.append(f"{at}: size {size} is not in context.shmbench.config.sizes")
        if row["run_name"] != run_name:
            problems.append(f"{at}: run_name is '{row['run_name']}', expected '{run_name}'")
        if row.get("aggregate_name", aggregate) != aggregate:
            problems.append(f"{at}: aggregate_name is '{row['aggregate_name']}' but the name ends in '_{aggregate}'")
        if "size_bytes" in row and row["size_bytes"] != size:
            problems.append(f"{at}: size_bytes is {row['size_bytes']} but the name says {size}")
        if row["cpu_time"] != row["real_time"]:
            problems.append(f"{at}: cpu_time {row['cpu_time']} differs from real_time {row['real_time']} "
                            "(shmbench measures wall time only; cpu_time repeats it)")

        # One family per (operation, backend), one instance per size: Google Benchmark's
        # tools group and sort rows by these indices.
        family = families.setdefault((op, backend), row["family_index"])
        if family != row["family_index"]:
            problems.append(f"{at}: family_index {row['family_index']}, but {op}/{backend} rows elsewhere have {family}")
        instance_key = (row["family_index"], row["per_family_instance_index"])
        if instances.setdefault(instance_key, run_name) != run_name:
            problems.append(f"{at}: family_index/per_family_instance_index {instance_key} "
                            f"are also those of {instances[instance_key]}")
        if size in sizes and row["per_family_instance_index"] != sizes.index(size):
            problems.append(f"{at}: per_family_instance_index is {row['per_family_instance_index']}, "
                            f"expected {sizes.index(size)} (the size's place in config.sizes)")

        if row.get("error_occurred"):
            errors.setdefault(run_name, []).append(row)
        elif row.get("skipped"):
            skipped.setdefault(run_name, []).append(row)
        elif aggregate:
            if aggregate in aggregates.setdefault(run_name, {}):
                problems.append(f"{at}: a second '{aggregate}' aggregate row")
            aggregates[run_name][aggregate] = row
        else:
            measured.setdefault(run_name, []).append(row)

    if len(set(families.values())) != len(families):
        problems.append("two (operation, backend) families share a family_index")

    for name, its_rows in measured.items():
        n = len(its_rows)
        if name in errors:
            problems.append(f"{name}: has both measured rows and an error row")
        if name in skipped:
            problems.append(f"{name}: has both measured rows and a skipped row")
        if sorted(r["repetition_index"] for r in its_rows) != list(range(n)):
            problems.append(f"{name}: repetition_index values are not 0..{n - 1}")
        for r in its_rows:
            if r["repetitions"] != n:
                problems.append(f"{name}: repetitions is {r['repetitions']} but there are {n} iteration rows")
                break
        if len({r["iterations"] for r in its_rows}) != 1:
            problems.append(f"{name}: iterations differ between repetitions")

        found = aggregates.get(name, {})
        # As Google Benchmark: aggregates from two repetitions on, none for one.
        missing = [a for a in AGGREGATES if a not in found] if n > 1 else []
        if missing:
            problems.append(f"{name}: missing aggregate row(s): {', '.join(name + '_' + a for a in missing)}")
        if n == 1 and found:
            problems.append(f"{name}: aggregate rows for a single repetition")

        # Recompute the aggregates from the repetitions (sample stddev, as Google Benchmark).
        times = [r["real_time"] for r in its_rows]
        try:
            mean = statistics.fmean(times)
            stddev = statistics.stdev(times) if n > 1 else 0.0
        except (OverflowError, ValueError):  # times near a double's limit: their sum overflows
            problems.append(f"{name}: real_time values too large to average (their sum is beyond a double)")
            continue
        expected = {"mean": mean, "median": statistics.median(times), "stddev": stddev,
                    "cv": stddev / mean if mean else 0.0, "min": min(times), "max": max(times)}
        for aggregate, row in found.items():
            if row["repetitions"] != n or row["iterations"] != n:
                problems.append(f"{row['name']}: repetitions {row['repetitions']} and iterations {row['iterations']} "
                                f"should both be the {n} repetitions it aggregates")
            if not close_enough(row["real_time"], expected[aggregate]):
                problems.append(f"{row['name']}: real_time {row['real_time']} but the iteration rows give "
                                f"{expected[aggregate]}")
        median = found.get("median")
        if median:
            for counter, aggregate in (("p50_ns", "median"), ("min_ns", "min"), ("max_ns", "max"), ("cv", "cv")):
                if not close_enough(median[counter], expected[aggregate]):
                    problems.append(f"{median['name']}: {counter} {median[counter]} but the iteration rows give "
                                    f"{expected[aggregate]}")
            ordered = sorted(times)
            chain = [median["p50_ns"]]
            for counter, q in (("p90_ns", 0.90), ("p99_ns", 0.99)):
                if carries_percentile(n, q) != (counter in median):
                    problems.append(f"{median['name']}: {counter} {'is missing' if counter not in median else 'is present'}"
                                    f" with {n} repetitions (reported from {math.ceil(1 / (1 - q) - 1e-9)} on)")
                elif counter in median:
                    chain.append(median[counter])
                    if not close_enough(median[counter], percentile(ordered, q)):
                        problems.append(f"{median['name']}: {counter} {median[counter]} but the iteration rows give "
                                        f"{percentile(ordered, q)}")
            if chain + [median["max_ns"]] != sorted(chain + [median["max_ns"]]):
                problems.append(f"{median['name']}: percentiles out of order (p50 <= p90 <= p99 <= max)")
            if median["outliers"] != outlier_count(times):
                problems.append(f"{median['name']}: outliers {median['outliers']} but the iteration rows have "
                                f"{outlier_count(times)}")

    for name in aggregates:
        if name not in measured:
            problems.append(f"{name}: aggregate rows without iteration rows")
    for name, its_rows in errors.items():
        if len(its_rows) > 1:
            problems.append(f"{name}: {len(its_rows)} error rows (expected one)")
    for name, its_rows in skipped.items():
        if len(its_rows) > 1:
            problems.append(f"{name}: {len(its_rows)} skipped rows (expected one)")
        if name in errors:
            problems.append(f"{name}: is both skipped and an error")

    # vs_heap: on the median row (the only row of a single repetition) of copy and the
    # reads of shared backends, when the reference measured the same operation and size.
    reference = table.reference

    def headline(name):
        """The row carrying a benchmark's distribution: its _median, or its one repetition."""
        if "median" in aggregates.get(name, {}):
            return aggregates[name]["median"]
        rows_of = measured.get(name, [])
        return rows_of[0] if len(rows_of) == 1 else None

    def median_time(name):
        return statistics.median(r["real_time"] for r in measured[name]) if name in measured else None

    for row in rows:
        for counter in ("vs_heap", "vs_read_unverified"):
            if counter in row and row is not headline(row["run_name"]):
                problems.append(f"{row['name']}: {counter} belongs only on a benchmark's median row")
    def check_ratio(row, counter, name, applies, other, where):
        """`counter` on `row` (benchmark `name`) must be there exactly where it `applies`
        and `other` was measured, and equal other's median time / name's median time."""
        if counter in row and not applies:
            problems.append(f"{row['name']}: {counter} belongs only on {where}")
        if applies and other in measured and median_time(name) > 0:
            expected_ratio = median_time(other) / median_time(name)
            if counter not in row:
                problems.append(f"{row['name']}: {counter} is missing though {other} was measured")
            elif not close_enough(row[counter], expected_ratio):
                problems.append(f"{row['name']}: {counter} {row[counter]} but {other}'s median / this median is "
                                f"{expected_ratio}")

    for name in measured:
        op, backend, size, _ = split_name(name)
        row = headline(name)
        if row is None:
            continue
        check_ratio(row, "vs_heap", name, op in ("copy", "read", "read_unverified") and backend != reference,
                    f"{op}/{reference}/{size}", "copy and the reads of shared backends")
        # The verified read against the unverified read of the same cell.
        check_ratio(row, "vs_read_unverified", name, op == "read", f"read_unverified/{backend}/{size}", "read rows")

    # Every operation of every backend at every size must have a row, measured or failed;
    # an interrupted run ends early, so only the cells it reached have rows, but those
    # must be complete.
    interrupted = shm["run"]["interrupted"]
    transports, transport_max_size = set(config.get("transports", [])), config.get("transport_max_size")
    for backend in backends:
        for size in sizes:
            if backend in transports and transport_max_size and size > transport_max_size:
                continue  # the suite ran the transports only up to this size
            ops = table.of(backend)
            missing = [op for op in ops
                       if f"{op}/{backend}/{size}" not in measured and f"{op}/{backend}/{size}" not in errors
                       and f"{op}/{backend}/{size}" not in skipped]
            if interrupted and len(missing) == len(ops):
                continue
            if missing:
                problems.append(f"{backend} at {size} bytes: no rows for {', '.join(missing)}")

    # A lifecycle cell is a backend at a size; a transfer cell is also one mode and wait
    # strategy (one row name), and a failed heap stream_spin cell fails its memcpy row too.
    transfer = shm.get("scenario") == "transfer"
    if transfer:
        # "not available" rows (a transport this system lacks, or a size it cannot carry)
        # are no failure of the run.
        failed = {name for name, its_rows in errors.items()
                  if not name.startswith("memcpy/") and not its_rows[0]["error_message"].startswith("not available: ")}
    else:
        failed = {split_name(name)[1:3] for name in errors}
    if shm["run"]["failed_cells"] != len(failed):
        problems.append(f"context.shmbench.run.failed_cells is {shm['run']['failed_cells']} "
                        f"but {len(failed)} cell(s) have error rows")
    # A skipped cell is skipped whole: every operation of its backend has a skipped row.
    skipped_cells = {split_name(name)[1:3] for name in skipped}
    for backend, size in skipped_cells:
        not_skipped = [op for op in table.of(backend) if f"{op}/{backend}/{size}" not in skipped]
        if not_skipped:
            problems.append(f"{backend} at {size} bytes: skipped, but not for {', '.join(not_skipped)}")
    if shm["run"].get("skipped_cells", 0) != len(skipped_cells):
        problems.append(f"context.shmbench.run.skipped_cells is {shm['run'].get('skipped_cells', 0)} "
                        f"but {len(skipped_cells)} cell(s) have skipped rows")
    if transfer:
        problems += transfer_checks(shm, measured, headline)
    if set(shm["backend_flags"]) != set(config["backends"]):
        problems.append(f"context.shmbench.backend_flags names {sorted(shm['backend_flags'])}, "
                        f"config.backends is {sorted(config['backends'])}")
    if set(shm.get("transport_flags", {})) != set(config.get("transports", [])):
        problems.append(f"context.shmbench.transport_flags names {sorted(shm.get('transport_flags', {}))}, "
                        f"config.transports is {sorted(config.get('transports', []))}")
    for backend in shm["run"].get("backend_leftovers", {}):
        if backend not in backends:
            problems.append(f"context.shmbench.run.backend_leftovers: '{backend}' is not in config.backends")
    return problems


def transfer_checks(shm, measured, headline):
    """Transfer reports: each ping-pong headline row's round-trip counters agree with its
    histogram in context.shmbench.histograms, and the percentiles are in order."""
    problems = []
    histograms = shm.get("histograms", {})
    for name in measured:
        row = headline(name)
        # Round-trip rows: ping-pong, and its paced forms (--rate, --idle).
        if row is None or not name.startswith(("pingpong_", "rate", "idle")):
            continue
        h = histograms.get(name)
        if h is None:
            problems.append(f"{name}: no histogram in context.shmbench.histograms")
            continue
        if sum(b[2] for b in h["buckets"]) != h["count"]:
            problems.append(f"{name}: its histogram's buckets do not add up to its count {h['count']}")
        if any(b[0] >= b[1] for b in h["buckets"]) or any(a[1] > b[0] for a, b in zip(h["buckets"], h["buckets"][1:])):
            problems.append(f"{name}: its histogram's buckets are not ordered, non-overlapping ranges")
        if row.get("round_trips_timed") != h["count"]:
            problems.append(f"{name}: round_trips_timed {row.get('round_trips_timed')} but the histogram counts {h['count']}")
        if not close_enough(row.get("rtt_max_ns", -1), h["max"]):
            problems.append(f"{name}: rtt_max_ns {row.get('rtt_max_ns')} but the histogram's max is {h['max']}")
        chain = [row[c] for c in ("rtt_p50_ns", "rtt_p90_ns", "rtt_p99_ns", "rtt_p999_ns", "rtt_p9999_ns", "rtt_max_ns")
                 if c in row]
        if chain != sorted(chain):
            problems.append(f"{name}: round-trip percentiles out of order")
        for counter, q in (("rtt_p90_ns", 0.9), ("rtt_p99_ns", 0.99), ("rtt_p999_ns", 0.999), ("rtt_p9999_ns", 0.9999)):
            if carries_percentile(h["count"], q) != (counter in row):
                problems.append(f"{name}: {counter} {'is missing' if counter not in row else 'is present'} "
                                f"with {h['count']} round trips")
    return problems


# Stress rows: which --scenarios entry each row family comes from, and the counters that
# must be 0 unless the row is an error (reports/README.md, "Stress reports").
STRESS_SCENARIO = {"fanout": "fanout", "fanout_latency": "fanout-scaling", "fanout_throughput": "fanout-scaling",
                   "fanin_disjoint": "fanin", "fanin_ring": "fanin", "churn": "churn", "capacity": "capacity",
                   "fault": "faults"}
MESSAGE_ROWS = ("fanout", "fanout_latency", "fanout_throughput", "fanin_disjoint", "fanin_ring")
MUST_BE_ZERO = ("torn", "lost", "duplicated", "leaks_handles", "leaks_mappings", "leaks_objects", "objects_left",
                "verify_failures", "workers_alive_after")


def stress_checks(report):
    """A stress report: what its schema cannot say. Assumes it passed the schema."""
    problems = []
    shm = report["context"]["shmbench"]
    config = shm["config"]
    seen = set()
    families = {}
    errors = 0
    for i, row in enumerate(report["benchmarks"]):
        name = row["name"]
        at = f"benchmarks[{i}] ({name})"
        scenario, backend, _ = name.split("/")
        if name in seen:
            problems.append(f"{at}: a second row of this name")
        seen.add(name)
        if row["run_name"] != name:
            problems.append(f"{at}: run_name is '{row['run_name']}', expected '{name}'")
        if backend not in config["backends"]:
            problems.append(f"{at}: backend '{backend}' is not in context.shmbench.config.backends")
        if STRESS_SCENARIO[scenario] not in config["scenarios"]:
            problems.append(f"{at}: scenario '{STRESS_SCENARIO[scenario]}' was not asked for (config.scenarios)")
        family = families.setdefault((scenario, backend), row["family_index"])
        if family != row["family_index"]:
            problems.append(f"{at}: family_index {row['family_index']}, but {scenario}/{backend} rows elsewhere have {family}")
        if row["cpu_time"] != row["real_time"]:
            problems.append(f"{at}: cpu_time differs from real_time")
        if row.get("error_occurred"):
            errors += 1
            continue
        for counter in MUST_BE_ZERO:
            if row.get(counter, 0) != 0:
                problems.append(f"{at}: {counter} is {row[counter]} but the row is not an error")
        if scenario in MESSAGE_ROWS and row.get("verified") != row.get("expected"):
            problems.append(f"{at}: verified {row.get('verified')} of expected {row.get('expected')} but the row is not an error")
        if scenario == "fanout_latency":
            missing = [c for c in ("samples", "p50_ns", "p99_ns", "max_ns", "mean_ns") if not row.get(c, 0) > 0]
            if missing:
                problems.append(f"{at}: a latency row without {', '.join(missing)}")
            elif not row["min_ns"] <= row["p50_ns"] <= row["p99_ns"] <= row["max_ns"]:
                problems.append(f"{at}: min_ns <= p50_ns <= p99_ns <= max_ns does not hold")
            tail = name.split(":")[-1]
            readers = int(tail) if tail.isascii() and tail.isdigit() and len(tail) <= 19 else None
            if readers is not None and row.get("readers") != readers:
                problems.append(f"{at}: readers is {row.get('readers')} but the name says {readers}")
    if len(set(families.values())) != len(families):
        problems.append("two (scenario, backend) families share a family_index")
    if shm["run"]["failed_rows"] != errors:
        problems.append(f"context.shmbench.run.failed_rows is {shm['run']['failed_rows']} but {errors} row(s) are errors")
    if set(shm["backend_flags"]) - set(config["backends"]):
        problems.append("context.shmbench.backend_flags names backends not in config.backends")
    return problems


def validate(path, validator):
    """True when the report at path is valid (said on stdout), False when it is not (its
    problems on stdout, a line each); BadInput when it cannot be read as JSON at all."""
    report = load_json(path, finite=True)  # NaN, Infinity, 1e999, not UTF-8, nested too deeply: BadInput
    problems = schema_problems(validator, report)
    if not problems:
        problems = cross_checks(report)
    else:
        problems.append("(cross-row checks skipped until the schema problems are fixed)")
    if problems:
        for problem in problems[:MAX_PROBLEMS]:
            print(f"{path}: {shown(problem, 4 * QUOTE)}")
        if len(problems) > MAX_PROBLEMS:
            print(f"{path}: ... and {len(problems) - MAX_PROBLEMS} more problem(s)")
        return False
    print(f"{path}: valid ({len(report['benchmarks'])} rows)")
    return True


def main(argv):
    if len(argv) > 1 and argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0
    if len(argv) < 2:
        print(USAGE, file=sys.stderr)
        return 2
    refuse_options(argv[1:], USAGE)
    try:
        schema = load_json(SCHEMA_PATH, "schema")
        jsonschema.Draft7Validator.check_schema(schema)
    except BadInput as e:
        raise BadInput(f"the schema: {e}") from None
    except jsonschema.SchemaError as e:
        raise BadInput(f"{SCHEMA_PATH} is not a valid draft-07 schema: {shown(e.message, QUOTE)}") from None
    validator = jsonschema.Draft7Validator(schema)
    paths = argv[1:]
    invalid, unreadable = 0, []
    for path in paths:
        try:
            invalid += not validate(path, validator)
        except BadInput as e:
            if len(paths) == 1:
                raise  # the one report: its line on stderr says why, and nothing else does
            print(shown(e, 4 * QUOTE))  # among others: a finding beside theirs
            unreadable.append(path)
    if not invalid and not unreadable:
        return 0
    if len(paths) == 1:
        raise BadInput(f"{shown(paths[0], QUOTE)} is invalid (its problems are above)")
    said = f"{invalid + len(unreadable)} of {len(paths)} reports invalid"
    if unreadable:
        said += f", {len(unreadable)} of them not readable as JSON"
    raise BadInput(f"{said} (their problems are above)")


if __name__ == "__main__":
    sys.exit(run_main("validate-report", main, sys.argv))
