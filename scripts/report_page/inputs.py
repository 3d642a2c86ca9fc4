"""Reading the page's inputs: report folders, reports, comparison and trend JSON.

Every problem with an input is a BadInput (one line of text; script_input's class, so
run_main in html_report.py prints it and exits 2 before anything is written). Files are
told apart by their content, not their names, so a renamed report still draws: a JSON
file without a "benchmarks" key in a folder is not a report and is left out, but one
with it is a report and must be well-formed, down to the fields the page reads."""

import math
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone

# scripts/ is on sys.path (html_report.py and bench.py run from there) and both set
# sys.dont_write_bytecode before importing this package.
from script_input import BadInput, kind_of, load_json, measured_rows, member, report_rows, shown  # noqa: F401  (BadInput: the one class of bad input)

@dataclass
class Report:
    """One benchmark report: a harness report (`shmbench run`) or a micro-benchmark one
    (`shmbench-micro`, or any Google Benchmark report)."""
    path: str
    data: dict
    kind: str  # "harness" (see scenario), "stress" (shmbench stress) or "micro"
    platform: str  # "linux", "windows" or "" when the report does not say
    benchmarks: list = field(default_factory=list)

    @property
    def name(self):
        return os.path.basename(self.path)

    @property
    def context(self):
        return self.data.get("context") or {}

    @property
    def shmbench(self):
        """context.shmbench of a harness report, {} for others."""
        value = self.context.get("shmbench")
        return value if isinstance(value, dict) else {}

    @property
    def scenario(self):
        """What a harness report measured: context.shmbench.scenario ("lifecycle",
        "transfer", ...; config.scenario says the same), "lifecycle" for reports written
        before scenarios had names (schema 3 and older), "" for micro reports. The page
        draws each scenario with its own plots: a transfer row is a hand-off, not a call."""
        if self.kind != "harness":
            return ""
        value = self.shmbench.get("scenario") or (self.shmbench.get("config") or {}).get("scenario")
        return str(value) if value else "lifecycle"


# Row fields: Google Benchmark's counts (whole numbers), the text fields the page shows,
# and the counters it draws or formats as numbers. A field of these a row has must be of
# its kind; no row field is ever null, an array or an object (user counters are numbers).
_COUNTS = ("family_index", "per_family_instance_index", "repetitions", "repetition_index", "threads", "iterations")
_TEXTS = ("error_message", "skip_message")
# The counters of a stress row, in the order its table shows them (reports/README.md, "Stress reports").
STRESS_COUNTERS = ("messages", "verified", "torn", "lost", "duplicated", "ops_per_second", "leaks_handles",
                   "leaks_mappings", "leaks_objects", "capacity_count", "capacity_bytes", "objects_left")
_NUMBERS = ("bytes_per_second", "items_per_second", "commit_charge_bytes", "commit_charge_expected_bytes",
            "resident_bytes", "page_bytes", "p50_ns", "p99_ns", "max_ns", "rtt_p50_ns", "rtt_p90_ns", "rtt_p99_ns",
            "rtt_p999_ns", "rtt_p9999_ns", "rtt_max_ns", "rtt_p50_vs_best_shm", "throughput_vs_best_shm",
            "cpu_vs_best_shm", "cpu_ns_per_message", "kept_up") + STRESS_COUNTERS
_SHMBENCH = "context.shmbench."


def read_json(path, what="report"):
    """The JSON at path (script_input.load_json: JSON nested too deeply and text that is
    not UTF-8 are refused; NaN and Infinity, which Google Benchmark writes in fields the
    page does not draw, are read, and refused by _is_number where it draws them), or
    BadInput."""
    return load_json(path, what)


def _is_number(value):
    """A finite number (a boolean is none): what the page can draw."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _check_rows(rows, path, kind):
    """Each row's fields as the page reads them (report_rows checked name, run_name,
    label, run_type, aggregate_name, error_occurred, real_time and cpu_time)."""
    for row in rows:
        name, run_name = row["name"], row["run_name"]
        for key, value in row.items():
            if value is None or isinstance(value, (list, dict)):
                raise BadInput(f"{path}: row {shown(name)}: {shown(key, 40)} is {kind_of(value)}, "
                               "not a number or text")
        for key in _COUNTS:
            if key in row and (not isinstance(row[key], int) or isinstance(row[key], bool) or row[key] < 0):
                raise BadInput(f"{path}: row {shown(name)}: {key} is {kind_of(row[key])}"
                               f"{' ' + repr(row[key]) if _is_number(row[key]) else ''}, not a whole number of at least 0")
        for key in _TEXTS:
            if key in row and not isinstance(row[key], str):
                raise BadInput(f"{path}: row {shown(name)}: {key} is {kind_of(row[key])}, not a string")
        for key in _NUMBERS:
            if key in row and not _is_number(row[key]):
                raise BadInput(f"{path}: row {shown(name)}: {key} is {kind_of(row[key])}, not a number")
        if "skipped" in row and not isinstance(row["skipped"], bool):
            raise BadInput(f"{path}: row {shown(name)}: skipped is {kind_of(row['skipped'])}, not a boolean")
        # Google Benchmark and shmbench name a row after its run: an aggregate adds "_<statistic>"
        # (a row without run_name has its name as run_name, which an aggregate's cannot be).
        aggregate = row.get("aggregate_name") if row.get("run_type") == "aggregate" else None
        if name != (f"{run_name}_{aggregate}" if aggregate else run_name):
            raise BadInput(f"{path}: row {shown(name)}: the name is not its run_name ({shown(run_name)!r})"
                           + (f" followed by _{shown(aggregate, 40)}" if aggregate else ""))
        if kind == "harness":
            parts = run_name.split("/")
            size = parts[-1]
            if len(parts) != 3 or not (size.isascii() and size.isdigit()) or len(size) > 19 or int(size) == 0:
                raise BadInput(f"{path}: row {shown(name)}: its run_name is not <operation>/<backend>/<size in "
                               "bytes> (a size above 0)")


def _list_of(parent, key, path, where, kinds, what):
    """parent[key], when present a list whose items are all of `kinds` (never a boolean for
    a number), else BadInput."""
    items = member(parent, key, path, where, list, required=False)
    for item in items or []:
        if not isinstance(item, kinds) or (isinstance(item, bool) and bool not in (kinds if isinstance(kinds, tuple)
                                                                                  else (kinds,))):
            raise BadInput(f"{path} is not a shmbench report: {where}{key} holds {kind_of(item)}, not {what}")
    return items


def _check_shmbench(shm, path, kind):
    """context.shmbench of a harness or stress report: the parts the page reads, each of
    the kind reports/schema.json gives it (the page reads, it does not validate: see
    scripts/validate-report.py for the whole report)."""
    member(shm, "scenario", path, _SHMBENCH, str, required=False)
    platform = member(shm, "platform", path, _SHMBENCH, (dict, type(None)), required=False)
    if platform:
        member(platform, "os", path, _SHMBENCH + "platform.", str, required=False)
    for key in ("timer", "build", "run", "environment", "transfer", "order", "histograms"):
        member(shm, key, path, _SHMBENCH, dict, required=False)
    config = member(shm, "config", path, _SHMBENCH, dict, required=False)
    if config:
        sizes = _list_of(config, "sizes", path, _SHMBENCH + "config.", int, "a size in bytes")
        if any(size < 1 for size in sizes or []):
            raise BadInput(f"{path} is not a shmbench report: {_SHMBENCH}config.sizes holds a size below 1")
        for key in ("backends", "transports", "scenarios"):
            _list_of(config, key, path, _SHMBENCH + "config.", str, "a name")
        member(config, "scenario", path, _SHMBENCH + "config.", str, required=False)
    for operation in _list_of(shm, "operations", path, _SHMBENCH, dict, "an object") or []:
        member(operation, "name", path, _SHMBENCH + "operations[].", str)
    environment = shm.get("environment") or {}
    _list_of(environment, "governors", path, _SHMBENCH + "environment.", str, "a name")
    _list_of(environment, "smt_siblings", path, _SHMBENCH + "environment.", list, "a list of CPUs")
    for warning in _list_of(environment, "warnings", path, _SHMBENCH + "environment.", dict, "an object") or []:
        member(warning, "text", path, _SHMBENCH + "environment.warnings[].", str, required=False)
    member(environment, "large_page_minimum", path, _SHMBENCH + "environment.", (int, type(None)), required=False)
    for name, histogram in (shm.get("histograms") or {}).items():
        where = f"{_SHMBENCH}histograms.{shown(name)}."
        if not isinstance(histogram, dict):
            raise BadInput(f"{path} is not a shmbench report: {where[:-1]} is {kind_of(histogram)}, not an object")
        member(histogram, "count", path, where, (int, float), required=False)
        member(histogram, "buckets", path, where, list, required=False)
    if kind == "stress":  # its table's note reads these three
        run = member(shm, "run", path, _SHMBENCH, dict)
        member(run, "failed_rows", path, _SHMBENCH + "run.", (int, float))
        member(run, "duration_seconds", path, _SHMBENCH + "run.", (int, float))
        member(run, "interrupted", path, _SHMBENCH + "run.", bool)


def _check_context(context, path):
    """The parts of Google Benchmark's context the header reads."""
    for cache in _list_of(context, "caches", path, "context.", dict, "an object") or []:
        member(cache, "size", path, "context.caches[].", int, required=False)
        member(cache, "type", path, "context.caches[].", str, required=False)


def as_report(path, data):
    """The Report in data, or None when data is JSON of another kind (no "benchmarks"
    key: a comparison, notes). A document with that key is a report, and a malformed one
    is BadInput: its rows (report_rows; measured_rows but in a stress report, whose rows
    may take no time) and the parts of its context the page reads."""
    if not isinstance(data, dict) or "benchmarks" not in data:
        return None
    context = data.get("context")
    if not isinstance(context, dict):
        raise BadInput(f"{path}: a report without a 'context' object")
    rows = report_rows(data, path)
    _check_context(context, path)
    harness = member(context, "shmbench", path, "context.", dict, required=False)
    if harness is not None:
        kind = "stress" if harness.get("scenario") == "stress" else "harness"
        _check_shmbench(harness, path, kind)
        platform = (harness.get("platform") or {}).get("os", "")
    else:
        kind, platform = "micro", context.get("shmbench_platform", "")
    _check_rows(rows, path, kind)
    if kind != "stress":
        measured_rows(rows, path)
    return Report(path, data, kind, str(platform), rows)


def load_report(path):
    report = as_report(path, read_json(path))
    if report is None:
        raise BadInput(f"{path} is not a benchmark report (no 'benchmarks' list)")
    return report


def load_folder(folder):
    """The reports in a folder (its *.json files, not its subfolders), harness reports
    first, and the names of the JSON files that are not reports (e.g. comparisons)."""
    if not os.path.isdir(folder):
        raise BadInput(f"{folder} is not a folder")
    reports, others = [], []
    try:
        names = sorted(os.listdir(folder))
    except OSError as error:
        raise BadInput(f"cannot list {folder}: {error.strerror or error}") from None
    for name in names:
        path = os.path.join(folder, name)
        if not name.endswith(".json") or not os.path.isfile(path):
            continue
        report = as_report(path, read_json(path))
        if report is None:
            others.append(name)
        else:
            reports.append(report)
    if not reports:
        raise BadInput(f"{folder} holds no benchmark report (*.json with a 'benchmarks' list)")
    reports.sort(key=lambda r: r.kind != "harness")  # stable: by name within each kind
    return reports, others


def _interval(row, key, path, where):
    """row[key] where present: null, or [low, high] of which each is null or a number
    above 0 (a time ratio), low <= high where both are numbers."""
    value = row.get(key)
    if value is None:
        return
    ends = value if isinstance(value, list) and len(value) == 2 else None
    if ends is None or any(e is not None and not (_is_number(e) and e > 0) for e in ends) \
            or (None not in ends and ends[0] > ends[1]):
        raise BadInput(f"{path}: {where}: {key} is {shown(repr(value), 60)}, not [low, high] above 0")


def _check_compare_rows(rows, path, where, named):
    for index, row in enumerate(rows):
        at = f"{where}[{index}]"
        if not isinstance(row, dict):
            raise BadInput(f"{path}: {at} is {kind_of(row)}, not an object")
        if named:
            member(row, "name", path, f"{at}.", str, what="shmbench compare output")
            member(row, "status", path, f"{at}.", str, what="shmbench compare output")
            at = f"{at} ({shown(row['name'])})"
        else:
            member(row, "operation", path, f"{at}.", str, required=False, what="shmbench compare output")
        for key in ("metric", "note"):
            member(row, key, path, f"{at}.", str, required=False, what="shmbench compare output")
        for key in ("ratio", "round_ratio"):
            value = row.get(key)
            if value is not None and not (_is_number(value) and value > 0):
                raise BadInput(f"{path}: {at}: {key} is {kind_of(value) if not _is_number(value) else repr(value)}, "
                               "not a number above 0")
        for key in ("ratio_ci", "round_ratio_ci"):
            _interval(row, key, path, at)
        member(row, "adjusted_p", path, f"{at}.", (int, float, type(None)), required=False,
               what="shmbench compare output")


def load_comparison(path):
    """`shmbench compare --format json`, `ab --out` or `compare --pair` output, with the
    parts the page draws checked."""
    data = read_json(path, "compare output")
    if not isinstance(data, dict) or "shmbench_compare" not in data:
        raise BadInput(f"{path} is not shmbench compare output (no 'shmbench_compare' key)")
    kind = data.get("kind")
    what = "shmbench compare output"
    if kind == "comparison" and isinstance(data.get("rows"), list):
        _check_compare_rows(data["rows"], path, "rows", named=True)
        for key in ("pooled", "warnings"):
            _list_of(data, key, path, "", dict, "an object")
        for key in ("baseline", "contender", "options", "summary"):
            member(data, key, path, "", (dict, type(None)), required=False, what=what)
        options = data.get("options") or {}
        member(options, "threshold", path, "options.", (int, float, type(None)), required=False, what=what)
        return data
    if kind == "backend_pairs" and isinstance(data.get("tables"), list):
        for index, table in enumerate(data["tables"]):
            if not isinstance(table, dict):
                raise BadInput(f"{path}: tables[{index}] is {kind_of(table)}, not an object")
            _check_compare_rows(member(table, "rows", path, f"tables[{index}].", list, what=what), path,
                                f"tables[{index}].rows", named=False)
        report = member(data, "report", path, "", (dict, type(None)), required=False, what=what)
        member(report or {}, "platform", path, "report.", str, required=False, what=what)
        _list_of(data, "warnings", path, "", dict, "an object")
        options = member(data, "options", path, "", (dict, type(None)), required=False, what=what) or {}
        member(options, "alpha", path, "options.", (int, float), required=False, what=what)
        return data
    raise BadInput(f"{path}: compare output of unknown kind {shown(kind, 40)!r} or without its rows/tables")


TREND_SCHEMA = "shmbench-trend/1"


def load_trend(path):
    """`shmbench history trend --format json`: {"schema", "series": [...]}."""
    data = read_json(path, "trend file")
    if not isinstance(data, dict) or data.get("schema") != TREND_SCHEMA:
        raise BadInput(f"{path} is not a trend file (schema is not {TREND_SCHEMA!r})")
    series = data.get("series")
    if not isinstance(series, list):
        raise BadInput(f"{path}: 'series' is not a list")
    for index, one in enumerate(series):
        if not isinstance(one, dict) or not isinstance(one.get("name"), str) or not isinstance(one.get("points"), list):
            raise BadInput(f"{path}: series {index} has no 'name' or 'points' list")
        name = shown(one["name"])
        for key in ("platform", "unit"):
            if key in one and not isinstance(one[key], str):
                raise BadInput(f"{path}: series {name}: {key} is {kind_of(one[key])}, not a string")
        for point in one["points"]:
            if not isinstance(point, dict) or not isinstance(point.get("date"), str) \
                    or not _is_number(point.get("median")):
                raise BadInput(f"{path}: series {name} has a point without 'date' or numeric 'median'")
            if point["median"] <= 0:
                raise BadInput(f"{path}: series {name}: a point's median is {point['median']!r}, not above 0")
            repetitions = point.get("repetitions")
            if repetitions is not None and (not isinstance(repetitions, list)
                                            or not all(_is_number(r) and r > 0 for r in repetitions)):
                raise BadInput(f"{path}: series {name}: a point's repetitions are not a list of numbers above 0")
            if parse_date(point["date"]) is None:
                raise BadInput(f"{path}: series {name}: {shown(point['date'], 40)!r} is not an ISO 8601 date")
    return data


def parse_date(text):
    """An ISO 8601 date as an aware datetime (UTC when it names no zone), or None."""
    try:
        date = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return date if date.tzinfo else date.replace(tzinfo=timezone.utc)
