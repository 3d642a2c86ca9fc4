#!/usr/bin/env python3
"""Summarises a folder of scripts/ab_power.py: ab_power_summary.py FOLDER

Per platform and kind (aa: the same build on both sides; `copy10`, `map3`, ...: the
contender's operation planted that many percent slower), how many runs flagged anything
(a row or an operation's pooled verdict, regression or improvement), how many caught the
planted operation (a row of it, or its pooled verdict, a regression), which were
flagged, and the wall time of the runs. Only the standard library is used.
"""

import math
import os
import re
import statistics
import sys

sys.dont_write_bytecode = True  # nothing written under scripts/ (no __pycache__)
from script_input import BadInput, kind_of, load_json, read_text, refuse_options, run_main  # noqa: E402

USAGE = "usage: ab_power_summary.py FOLDER (made by scripts/ab_power.py; see --help)"
# A runs.txt line as scripts/ab_power.py writes it: "PLATFORM[/MODE] KIND INDEX EXIT SECONDS".
PLATFORM = re.compile(r"^[A-Za-z0-9_]+(/[A-Za-z0-9_]+)?$")
KIND = re.compile(r"^(aa|([a-z_]+)(\d+(\.\d+)?))$")  # ab_power.py's KIND
INDEX = re.compile(r"^[0-9]{1,9}$")
CODE = re.compile(r"^-?[0-9]{1,9}$")
WROTE_COMPARISON = (0, 1)  # shmbench ab's exit statuses that come with a comparison on stdout


def planted_operation(kind):
    match = re.match(r"^([a-z_]+?)(\d+(\.\d+)?)$", kind)
    return None if kind == "aa" or not match else match.group(1)


def read_runs(folder):
    """[(platform, kind, index, code, seconds), ...] of FOLDER/runs.txt, or BadInput naming
    the first line that is not one ab_power.py writes."""
    path = os.path.join(folder, "runs.txt")
    text = read_text(path, "runs")
    runs = []
    for number, line in enumerate(text.splitlines(), 1):
        fields = line.split()
        seconds = None
        if len(fields) == 5:
            try:
                seconds = float(fields[4])
            except ValueError:
                pass
        if len(fields) != 5 or not PLATFORM.match(fields[0]) or not KIND.match(fields[1]) \
                or not INDEX.match(fields[2]) or not CODE.match(fields[3]) \
                or seconds is None or not math.isfinite(seconds) or seconds < 0:
            raise BadInput(f"{path}: line {number} is not 'PLATFORM KIND INDEX EXIT SECONDS' as ab_power.py "
                           f"writes it: {line[:80]!r}")
        runs.append((fields[0], fields[1], fields[2], int(fields[3]), seconds))
    if not runs:
        raise BadInput(f"{path}: no runs in it")
    return runs


def _text(row, key, path, where):
    value = row.get(key)
    if not isinstance(value, str):
        said = "missing" if key not in row else kind_of(value)
        raise BadInput(f"{path}: not a comparison: {where} {key} is {said}, not a string")
    return value


def comparison(path):
    """(rows, pooled) of a `shmbench compare`/`ab --format json` comparison, each row checked
    for what these scripts read (name, status, ratio_ci), or BadInput naming the file."""
    document = load_json(path, "comparison")
    if not isinstance(document, dict):
        raise BadInput(f"{path}: not a comparison: {kind_of(document)}, not an object")
    if document.get("kind", "comparison") != "comparison":
        raise BadInput(f"{path}: not a comparison: its kind is {str(document.get('kind'))[:40]!r}")
    rows, pooled = document.get("rows"), document.get("pooled", [])
    if not isinstance(rows, list):
        raise BadInput(f"{path}: not a comparison: \"rows\" is {kind_of(rows) if 'rows' in document else 'missing'}, "
                       "not an array")
    if not isinstance(pooled, list):
        raise BadInput(f"{path}: not a comparison: \"pooled\" is {kind_of(pooled)}, not an array")
    for what, items in (("rows", rows), ("pooled", pooled)):
        for index, row in enumerate(items):
            where = f"{what}[{index}]"
            if not isinstance(row, dict):
                raise BadInput(f"{path}: not a comparison: {where} is {kind_of(row)}, not an object")
            name = _text(row, "name", path, where)
            _text(row, "status", path, where)
            if what == "pooled":
                continue
            if "/" not in name:
                raise BadInput(f"{path}: not a comparison: {where} name {name[:80]!r} is not a benchmark's "
                               "(OPERATION/BACKEND/SIZE)")
            interval = row.get("ratio_ci")
            if interval is None:
                continue
            if not isinstance(interval, list) or len(interval) != 2 or not all(
                    bound is None or (isinstance(bound, (int, float)) and not isinstance(bound, bool)
                                      and math.isfinite(bound) and bound >= 0) for bound in interval):
                raise BadInput(f"{path}: not a comparison: {where} ({name[:80]!r}) ratio_ci is not "
                               "[lower, upper] of two ratios (or nulls)")
    return rows, pooled


def comparison_of(folder, stem, kind, index, code):
    """The (rows, pooled) of run `index` of `kind` on platform `stem`, or None when the run
    wrote none: its file is missing, or empty and ab's exit status says it wrote nothing
    (ab_power.py sends ab's stdout to the file, so a run that failed leaves it empty)."""
    path = os.path.join(folder, f"{stem}-{kind}-{index}.json")
    try:
        if not os.path.lexists(path) or (os.stat(path).st_size == 0 and code not in WROTE_COMPARISON):
            return None
    except OSError:
        pass  # load_json says why it cannot be read
    return comparison(path)


def summary(folder):
    runs = {}
    for platform, kind, index, code, seconds in read_runs(folder):
        runs.setdefault((platform, kind), []).append((index, code, seconds))
    lines = [f"{'platform':18s} {'kind':8s} {'runs':>4s} {'flagged':>8s} {'caught':>7s} "
             f"{'wall s (min/median/max)':>24s}  flagged (rows, and operations pooled over sizes)"]
    for (platform, kind), items in runs.items():
        operation = planted_operation(kind)
        flagged = caught = 0
        names = {}
        for index, code, _ in items:
            stem = platform.replace("/", "-")  # "linux/duet" -> linux-duet-<kind>-<i>.json
            document = comparison_of(folder, stem, kind, index, code)
            if document is None:
                key = f"(no comparison: exit {code})"
                names[key] = names.get(key, 0) + 1
                continue
            rows, pooled = document
            verdicts = [(row["name"], row["status"]) for row in rows]
            verdicts += [(group["name"] + " (pooled)", group["status"]) for group in pooled]
            bad = [name for name, status in verdicts if status in ("regression", "improvement")]
            flagged += 1 if bad else 0
            if operation and any(status == "regression" and name.startswith(operation + "/") for name, status in verdicts):
                caught += 1
            for name in bad:
                names[name] = names.get(name, 0) + 1
        walls = [seconds for _, _, seconds in items]
        wall = f"{min(walls):.1f}/{statistics.median(walls):.1f}/{max(walls):.1f}"
        listed = ", ".join(f"{name} x{count}" for name, count in sorted(names.items(), key=lambda x: -x[1]))
        caught_text = "-" if not operation else str(caught)
        lines.append(f"{platform:18s} {kind:8s} {len(items):4d} {flagged:8d} {caught_text:>7s} {wall:>24s}  {listed}")
    return "\n".join(lines) + "\n"


def main(argv):
    if len(argv) > 1 and argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0
    refuse_options(argv[1:], USAGE)
    if len(argv) != 2:
        raise BadInput(USAGE)
    if not os.path.isdir(argv[1]):
        raise BadInput(f"{argv[1]} is not a folder: {USAGE}")
    print(summary(argv[1]), end="")
    return 0


if __name__ == "__main__":
    sys.exit(run_main("ab_power_summary", main, sys.argv))
