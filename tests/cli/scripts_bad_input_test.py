#!/usr/bin/python3
"""The scripts that read reports, given malformed ones: each must answer with exactly one
line on stderr and exit status 2, never a traceback (docs/running.md, "Exit statuses").

    scripts_bad_input_test.py QUICK-A.json QUICK-B.json

QUICK-A and QUICK-B are two quick-suite reports of this build (the report.quick-*
tests make them). First every script runs on them as they are and must exit 0; then
each script meets every corruption of one of its inputs: bytes that are not UTF-8,
half a report, an empty file, a folder, JSON of another shape (an array, no
"benchmarks", rows that are not objects), rows whose real_time is a string, NaN, a
number beyond a double's range or 0, a run_name that is a number, a size in a name that
is not a number, and JSON nested a hundred thousand deep. html_report.py is left out
when this Python has no matplotlib. Only the standard library.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_env import Checks  # noqa: E402

SCRIPTS = Path(__file__).resolve().parent.parent.parent / "scripts"
# A Boost/raw pair the quick suite measures, by the reports' platform.
PAIRS = {"linux": "boost-portable:posix", "windows": "boost-windows:win32"}


def has_matplotlib():
    try:
        import matplotlib  # noqa: F401
        return True
    except ImportError:
        return False


def corruptions(good):
    """name → the bytes of a corrupted copy of the report `good` (a parsed report), or
    None for a folder in the file's place."""
    text = json.dumps(good)

    def rows_with(change):
        bad = json.loads(text)
        for row in bad["benchmarks"]:
            change(row)
        return json.dumps(bad).encode()

    def field(key, value):
        return lambda row: row.__setitem__(key, value)

    return {
        "not UTF-8": b"\x80\x81\xfe\xff" + text.encode()[:200],
        "half a report": text.encode()[:len(text) // 2],
        "an empty file": b"",
        "a folder": None,
        "an array": b"[]",
        "no benchmarks": json.dumps({"context": good.get("context", {})}).encode(),
        "rows that are numbers": json.dumps({"context": good.get("context", {}), "benchmarks": [1, 2]}).encode(),
        "real_time a string": rows_with(field("real_time", "fast")),
        "real_time NaN": rows_with(field("real_time", 1.5)).replace(b"1.5", b"NaN"),
        "real_time 1e999": rows_with(field("real_time", 1.5)).replace(b"1.5", b"1e999"),
        "real_time 0": rows_with(field("real_time", 0)),
        "run_name a number": rows_with(field("run_name", 7)),
        "a size that is not a number": rows_with(
            lambda row: row.__setitem__("run_name", row.get("run_name", row["name"]).rsplit("/", 1)[0] + "/big")),
        "nested 100000 deep": b"[" * 100000 + b"]" * 100000,
    }


def write(folder, name, content):
    path = folder / name
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    return str(path)


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    good_a, good_b = argv[1], argv[2]
    checks = Checks()
    with open(good_a, encoding="utf-8") as handle:
        parsed = json.load(handle)
    pair = PAIRS.get(parsed.get("context", {}).get("shmbench", {}).get("platform", {}).get("os"), PAIRS["linux"])
    scratch = Path(tempfile.mkdtemp(prefix="shmbench-scripts-bad-input-"))
    try:
        out = str(scratch / "page")
        # Each script: its arguments around {R}, the input that gets corrupted.
        scripts = [
            ("ratio_stability.py", [pair, good_a, "{R}"]),
            ("run_stability.py", [good_a, "{R}"]),
            ("start_place.py", ["{R}"]),
            ("duet_table.py", [pair, "--interleaved", "{R}", good_b, "--duet", good_a, good_b]),
            ("validate-report.py", ["{R}"]),
            ("accounting_check.py", ["{R}"]),
            ("crosscheck.py", ["{R}", good_b]),
        ]
        if has_matplotlib():
            scripts.append(("html_report.py", ["--compare", good_a, "{R}", "--out", out]))
        good_runs = {"ratio_stability.py": [pair, good_a, good_b], "run_stability.py": [good_a, good_b],
                     "start_place.py": [good_a], "validate-report.py": [good_a, good_b]}
        for script, args in good_runs.items():
            done = subprocess.run([sys.executable, str(SCRIPTS / script)] + args, capture_output=True, timeout=120)
            checks.expect(done.returncode == 0, f"{script} on good reports exits 0",
                          f"exit {done.returncode}: {done.stderr.decode('utf-8', 'replace')[-500:]}")
        for index, (what, content) in enumerate(corruptions(parsed).items()):
            bad = write(scratch, f"bad-{index}.json", content)
            for script, args in scripts:
                argv_script = [bad if arg == "{R}" else arg for arg in args]
                try:
                    done = subprocess.run([sys.executable, str(SCRIPTS / script)] + argv_script, capture_output=True,
                                          timeout=120)
                except subprocess.TimeoutExpired:
                    checks.expect(False, f"{script}, {what}: answers within 120 s")
                    continue
                stderr = done.stderr.decode("utf-8", "replace")
                lines = [line for line in stderr.splitlines() if line.strip()]
                checks.expect(done.returncode == 2 and len(lines) == 1 and "Traceback" not in stderr,
                              f"{script}, {what}: exit 2 and one line on stderr",
                              f"exit {done.returncode}, {len(lines)} line(s): {stderr[-600:]!r}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
