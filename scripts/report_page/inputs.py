"""Reading the page's inputs: report folders, reports, comparison and trend JSON.

Every problem with an input is a BadInput (one line of text); html_report.py prints it
and exits 2 before anything is written. Files are told apart by their content, not
their names, so a renamed report still draws."""

import json
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone


class BadInput(ValueError):
    pass


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


def read_json(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except OSError as error:
        raise BadInput(f"cannot read {path}: {error.strerror}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        where = f" at line {error.lineno}" if isinstance(error, json.JSONDecodeError) else ""
        raise BadInput(f"{path} is not JSON: {getattr(error, 'msg', error)}{where}") from None


def as_report(path, data):
    """The Report in data, or None when data is JSON of another kind."""
    if not isinstance(data, dict) or not isinstance(data.get("benchmarks"), list):
        return None
    context = data.get("context")
    if not isinstance(context, dict):
        raise BadInput(f"{path}: a report without a 'context' object")
    harness = context.get("shmbench")
    if isinstance(harness, dict):
        platform = (harness.get("platform") or {}).get("os", "")
        kind = "stress" if harness.get("scenario") == "stress" else "harness"
        return Report(path, data, kind, str(platform), data["benchmarks"])
    return Report(path, data, "micro", str(context.get("shmbench_platform", "")), data["benchmarks"])


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
    for name in sorted(os.listdir(folder)):
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


def load_comparison(path):
    """`shmbench compare --format json`, `ab --out` or `compare --pair` output."""
    data = read_json(path)
    if not isinstance(data, dict) or "shmbench_compare" not in data:
        raise BadInput(f"{path} is not shmbench compare output (no 'shmbench_compare' key)")
    kind = data.get("kind")
    if kind == "comparison" and isinstance(data.get("rows"), list):
        return data
    if kind == "backend_pairs" and isinstance(data.get("tables"), list):
        return data
    raise BadInput(f"{path}: compare output of unknown kind {kind!r} or without its rows/tables")


TREND_SCHEMA = "shmbench-trend/1"


def load_trend(path):
    """`shmbench history trend --format json`: {"schema", "series": [...]}."""
    data = read_json(path)
    if not isinstance(data, dict) or data.get("schema") != TREND_SCHEMA:
        raise BadInput(f"{path} is not a trend file (schema is not {TREND_SCHEMA!r})")
    series = data.get("series")
    if not isinstance(series, list):
        raise BadInput(f"{path}: 'series' is not a list")
    for index, one in enumerate(series):
        if not isinstance(one, dict) or not isinstance(one.get("name"), str) or not isinstance(one.get("points"), list):
            raise BadInput(f"{path}: series {index} has no 'name' or 'points' list")
        for point in one["points"]:
            if not isinstance(point, dict) or not isinstance(point.get("date"), str) \
                    or not isinstance(point.get("median"), (int, float)):
                raise BadInput(f"{path}: series {one['name']} has a point without 'date' or numeric 'median'")
            if parse_date(point["date"]) is None:
                raise BadInput(f"{path}: series {one['name']}: {point['date']!r} is not an ISO 8601 date")
    return data


def parse_date(text):
    """An ISO 8601 date as an aware datetime (UTC when it names no zone), or None."""
    try:
        date = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return date if date.tzinfo else date.replace(tzinfo=timezone.utc)
