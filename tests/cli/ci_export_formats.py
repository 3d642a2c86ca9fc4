#!/usr/bin/python3
"""Checks the files `shmbench export` writes against the formats the CI tools document,
and against the reports they came from.

ci_export_formats.py DIR [REPORT...]
    DIR holds github-action-benchmark-smaller.json, github-action-benchmark-bigger.json
    and bencher.json. With REPORTs (the export's inputs, in order; no --prefix), every
    benchmark of theirs with repetitions and no error must be in the export exactly once,
    with the median of its repetitions (of rtt_p50_ns for transfer ping-pong rows, of
    real_time for the others), and nothing else may be.
    Exit 0: all good; 1: problems (one line each); 2: bad input.

The shapes, as the tools read them (not as shmbench writes them):
- github-action-benchmark (v1, src/extract.ts): customSmallerIsBetter and
  customBiggerIsBetter files are a JSON array of {name, value, unit, range?, extra?}
  (a zod schema; it refuses an empty array: "No benchmark result was found"). Entries
  are matched to the previous run's by name (src/write.ts), so names must be unique.
  `range` is read by extractRangeInfo: /(\\+-|±)\\s*(\\d.*)/ and Number() of the rest.
- Bencher Metric Format (https://bencher.dev/bmf.json, `bencher run --adapter json`):
  an object of benchmark name -> object of measure -> {value, lower_value?,
  upper_value?}, all numbers; names up to 1024 characters, measure slugs up to 64.
  `latency` (ns) and `throughput` (ops/s) are Bencher's built-in measures.

Only the standard library: any python3 runs it.
"""

import json
import math
import os
import re
import statistics
import sys

SMALLER = "github-action-benchmark-smaller.json"
BIGGER = "github-action-benchmark-bigger.json"
BENCHER = "bencher.json"
GAB_KEYS = {"name", "value", "unit", "range", "extra"}
RANGE = re.compile(r"(\+-|±)\s*(\d.*)")  # github-action-benchmark's extractRangeInfo
AGGREGATE_SUFFIXES = ("_mean", "_median", "_stddev", "_cv", "_min", "_max")
MEASURES = {"latency": "ns", "throughput": "items/s", "bytes-per-second": "bytes/s"}
PLATFORMS = ("linux/", "windows/")
NS_PER = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}


class BadInput(Exception):
    pass


def no_duplicate_keys(pairs):
    keys = [k for k, _ in pairs]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise ValueError(f"duplicate keys {duplicates}")
    return dict(pairs)


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f, object_pairs_hook=no_duplicate_keys)
    except (OSError, ValueError) as e:
        raise BadInput(f"{path}: {e}")


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def range_number(text):
    """The number github-action-benchmark reads from a range, or None."""
    match = RANGE.search(text)
    if not match:
        return None
    try:
        value = float(match.group(2))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def check_gab(path, units):
    """Problems of one github-action-benchmark custom file whose units must be in `units`."""
    problems, names = [], set()
    where = os.path.basename(path)
    entries = load(path)
    if not isinstance(entries, list):
        return [f"{where}: not a JSON array"]
    if not entries:
        problems.append(f"{where}: empty (the action refuses it)")
    for i, entry in enumerate(entries):
        at = f"{where}[{i}]"
        if not isinstance(entry, dict):
            problems.append(f"{at}: not an object")
            continue
        if set(entry) - GAB_KEYS:
            problems.append(f"{at}: unexpected keys {sorted(set(entry) - GAB_KEYS)}")
        name = entry.get("name")
        if not isinstance(name, str) or not name:
            problems.append(f"{at}: name is not a non-empty string")
            continue
        if name in names:
            problems.append(f"{at}: name {name} twice")
        names.add(name)
        if not name.startswith(PLATFORMS):
            problems.append(f"{at}: {name} does not start with a platform")
        if name.endswith(AGGREGATE_SUFFIXES):
            problems.append(f"{at}: {name} is an aggregate row")
        if not is_number(entry.get("value")) or entry["value"] < 0:
            problems.append(f"{at}: value {entry.get('value')!r} is not a finite number >= 0")
        if entry.get("unit") not in units:
            problems.append(f"{at}: unit {entry.get('unit')!r} is not one of {sorted(units)}")
        for key in ("range", "extra"):
            if key in entry and not isinstance(entry[key], str):
                problems.append(f"{at}: {key} is not a string")
        if not isinstance(entry.get("range"), str) or range_number(entry["range"]) is None:
            problems.append(f"{at}: range {entry.get('range')!r} is not '± number'")
    return problems


def check_bmf(path):
    problems = []
    where = os.path.basename(path)
    document = load(path)
    if not isinstance(document, dict) or not document:
        return [f"{where}: not a non-empty JSON object"]
    for name, measures in document.items():
        if not name or len(name) > 1024:
            problems.append(f"{where}: benchmark name {name!r} is empty or longer than 1024 characters")
        if not name.startswith(PLATFORMS):
            problems.append(f"{where}: {name} does not start with a platform")
        if name.endswith(AGGREGATE_SUFFIXES):
            problems.append(f"{where}: {name} is an aggregate row")
        if not isinstance(measures, dict) or "latency" not in measures:
            problems.append(f"{where}: {name}: not an object with a latency measure")
            continue
        for measure, metric in measures.items():
            at = f"{where}: {name}.{measure}"
            if measure not in MEASURES or len(measure) > 64:
                problems.append(f"{at}: unknown measure")
            if not isinstance(metric, dict) or not is_number(metric.get("value")):
                problems.append(f"{at}: no numeric value")
                continue
            if set(metric) - {"value", "lower_value", "upper_value"}:
                problems.append(f"{at}: unexpected keys {sorted(set(metric))}")
            low, high = metric.get("lower_value", metric["value"]), metric.get("upper_value", metric["value"])
            if not (is_number(low) and is_number(high) and 0 <= low <= metric["value"] <= high):
                problems.append(f"{at}: bounds {low!r} .. {high!r} do not hold {metric['value']}")
    return problems


def check_directions(smaller, bigger, bmf):
    """Times only in smaller, throughputs only in bigger, and the three files agree."""
    problems = []
    small = {e["name"]: e for e in smaller}
    big = {e["name"]: e for e in bigger}
    if set(small) != set(bmf):
        problems.append(f"smaller and bencher.json name different benchmarks: {sorted(set(small) ^ set(bmf))[:5]}")
    for name, entry in small.items():
        if entry["unit"] != "ns":
            problems.append(f"{name}: a {entry['unit']} figure in the smaller-is-better file")
        if name in bmf and bmf[name]["latency"]["value"] != entry["value"]:
            problems.append(f"{name}: latency differs between the files")
    for name, entry in big.items():
        measure = "bytes-per-second" if entry["unit"] == "bytes/s" else "throughput"
        if name not in bmf or measure not in bmf[name]:
            problems.append(f"{name}: in the bigger-is-better file but not as {measure} in bencher.json")
        elif bmf[name][measure]["value"] != entry["value"]:
            problems.append(f"{name}: {measure} differs between the files")
    for name, measures in bmf.items():
        if ("bytes-per-second" in measures or "throughput" in measures) and name not in big:
            problems.append(f"{name}: a throughput in bencher.json but not in the bigger-is-better file")
    return problems


def format_size(size):
    units, unit = ["B", "KiB", "MiB", "GiB", "TiB"], 0
    while unit < 4 and size >= 1024 and size % 1024 == 0:
        size //= 1024
        unit += 1
    return f"{size}{units[unit]}"


def expected_name(report, run_name):
    """The export name reports/README.md's rule gives (the test's own reading of it, no --prefix)."""
    context = report.get("context", {})
    if "shmbench" in context:
        platform, tool = context["shmbench"]["platform"]["os"], ""
    else:
        platform, tool = context.get("shmbench_platform") or "unknown", "micro/"
    parts = run_name.split("/")
    if len(parts) >= 3 and parts[2].isdigit():
        parts[2] = format_size(int(parts[2]))
    parts = parts[:3] + [p for p in parts[3:] if p not in ("real_time", "manual_time") and not p.startswith("iterations:")]
    return f"{platform}/{tool}" + "/".join(parts)


def mad(values):
    centre = statistics.median(values)
    return statistics.median(abs(v - centre) for v in values)


def close(a, b, relative):
    return abs(a - b) <= relative * max(abs(a), abs(b), 1e-300)


def check_against(report_paths, smaller, bigger):
    """Every benchmark with repetitions and no error once, with its median; nothing else."""
    problems = []
    small = {e["name"]: e for e in smaller}
    big = {e["name"]: e for e in bigger}
    expected = set()
    for path in report_paths:
        report = load(path)
        runs, errors = {}, set()
        for row in report["benchmarks"]:
            name = row.get("run_name", row["name"])
            if row.get("error_occurred"):
                errors.add(name)
            elif row.get("run_type", "iteration") == "iteration":
                runs.setdefault(name, []).append(row)
        for name in errors:
            if expected_name(report, name) in small:
                problems.append(f"{path}: error row {name} was exported")
        for name, rows in runs.items():
            if name in errors:
                continue
            export = expected_name(report, name)
            expected.add(export)
            if export not in small:
                problems.append(f"{path}: {name} is not exported as {export}")
                continue
            # A transfer ping-pong row's time is its median round trip (rtt_p50_ns), not real_time.
            if all(isinstance(r.get("rtt_p50_ns"), (int, float)) for r in rows):
                times = [r["rtt_p50_ns"] for r in rows]
            else:
                times = [r["real_time"] * NS_PER[r.get("time_unit", "ns")] for r in rows]
            entry = small[export]
            if not close(entry["value"], statistics.median(times), 1e-9):
                problems.append(f"{export}: value {entry['value']} is not the median {statistics.median(times)}")
            if not close(range_number(entry["range"]), mad(times), 1e-3) and mad(times) > 0:
                problems.append(f"{export}: range {entry['range']} is not the MAD {mad(times)}")
            counter = next((c for c in ("bytes_per_second", "items_per_second") if all(c in r for r in rows)), None)
            if counter and export not in big:
                problems.append(f"{export}: has {counter} but is not in the bigger-is-better file")
            elif counter and not close(big[export]["value"], statistics.median(r[counter] for r in rows), 1e-9):
                problems.append(f"{export}: throughput {big[export]['value']} is not the median {counter}")
    extra = set(small) - expected
    if extra:
        problems.append(f"exported but not a benchmark with repetitions: {sorted(extra)[:5]}")
    return problems


def check_folder(folder, report_paths=()):
    smaller_path, bigger_path, bmf_path = (os.path.join(folder, n) for n in (SMALLER, BIGGER, BENCHER))
    problems = check_gab(smaller_path, {"ns"}) + check_gab(bigger_path, {"bytes/s", "items/s"}) + check_bmf(bmf_path)
    if problems:
        return problems
    smaller, bigger, bmf = load(smaller_path), load(bigger_path), load(bmf_path)
    problems = check_directions(smaller, bigger, bmf)
    if report_paths:
        problems += check_against(report_paths, smaller, bigger)
    leftovers = [n for n in os.listdir(folder) if n.endswith(".tmp")]
    if leftovers:
        problems.append(f"temporary files left in {folder}: {leftovers}")
    return problems


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        problems = check_folder(argv[1], argv[2:])
    except BadInput as e:
        print(f"ci_export_formats.py: {e}", file=sys.stderr)
        return 2
    for problem in problems:
        print(f"FAIL: {problem}")
    if not problems:
        print(f"ok: {argv[1]}: github-action-benchmark and Bencher files in their documented shapes")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
