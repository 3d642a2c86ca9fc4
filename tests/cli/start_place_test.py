#!/usr/bin/python3
"""scripts/start_place.py finds a figure that depends on its pair's start place, and
only that one; bad input gets one line on stderr and exit 2.

    start_place_test.py

A report is written as `shmbench run` writes one (four backends, 27 repetitions in blocks
of 3, the start order turning one backend per block): `copy` at 256 MiB takes 10 % longer
in every block whose pair started first, `read` and `copy` at 1 MiB only vary by chance.
The script must mark the planted line and leave the others unmarked. Then a missing file,
malformed JSON, a report of the old start order, a duet report and a transfer report:
each exits 2 with one line on stderr. Standard library only; writes only into a
temporary folder.
"""

import json
import os
import random
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_env import Checks  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(REPO, "scripts", "start_place.py")
BACKENDS = ["win32", "boost-windows", "boost-portable", "heap"]
TURNING = ("at each size, round r runs repetition r of every backend, in an order that rotates by one backend "
           "each round; every 3 rounds each backend gets a new writer and reader, warmed up by an unreported "
           "round, and each such block starts its backends' workers, and begins its rounds, one backend further on")


def report(description=TURNING, scheme="interleaved", scenario="lifecycle", repetitions=27):
    noise = random.Random(7)
    rows = []
    for index, backend in enumerate(BACKENDS):
        for size in (1048576, 268435456):
            for operation in ("copy", "read"):
                for rep in range(repetitions):
                    place = (index - rep // 3) % len(BACKENDS)  # turns.hpp
                    ns = 1000.0 * (1 + noise.gauss(0, 0.01))
                    if operation == "copy" and size == 268435456 and place == 0:
                        ns *= 1.10
                    rows.append({"name": f"{operation}/{backend}/{size}", "run_name": f"{operation}/{backend}/{size}",
                                 "run_type": "iteration", "repetition_index": rep, "real_time": ns})
    return {"context": {"shmbench": {"scenario": scenario, "config": {"backends": BACKENDS},
                                     "order": {"scheme": scheme, "description": description}}},
            "benchmarks": rows}


def run(*paths):
    return subprocess.run([sys.executable, SCRIPT, *paths], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, encoding="utf-8", errors="replace", timeout=120)


def line_of(stdout, operation, size):
    for line in stdout.splitlines():
        fields = line[1:].split()
        if len(fields) > 2 and fields[0] == operation and fields[1] == str(size):
            return line
    return None


def main():
    checks = Checks()
    with tempfile.TemporaryDirectory(prefix="shmbench start place ") as folder:
        def write(name, content):
            path = os.path.join(folder, name)
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(content if isinstance(content, str) else json.dumps(content))
            return path

        turning = write("turning.json", report())
        done = run(turning)
        checks.expect(done.returncode == 0, "a report of the turning order is read (exit 0)", done.stderr)
        planted = line_of(done.stdout, "copy", 268435456)
        checks.expect(planted is not None and planted.startswith("*"), "the planted copy at 256 MiB is marked",
                      str(planted))
        places = [float(v) for v in planted.split()[3:7]] if planted else []
        checks.expect(len(places) == 4 and places[0] > 1.07 and all(0.98 < v < 1.02 for v in places[1:]),
                      "its first place shows the planted 10 % (against a median that holds it), the others not",
                      str(planted))
        for operation, size in (("read", 268435456), ("copy", 1048576), ("read", 1048576)):
            line = line_of(done.stdout, operation, size)
            checks.expect(line is not None and line.startswith(" "), f"{operation} at {size} is not marked", str(line))

        bad = {
            "a missing file": os.path.join(folder, "no such report.json"),
            "malformed JSON": write("malformed.json", '{"context": '),
            "the old start order": write("old.json", report(description="at each size, round r runs ...")),
            "a duet report": write("duet.json", report(scheme="duet")),
            "a transfer report": write("transfer.json", report(scenario="transfer")),
            "a report without benchmarks": write("empty.json", {"context": {}}),
        }
        for what, path in bad.items():
            done = run(path)
            lines = done.stderr.strip().splitlines()
            checks.expect(done.returncode == 2 and len(lines) == 1 and lines[0].startswith("start_place: ")
                          and not done.stdout and "Traceback" not in done.stderr,
                          f"{what}: exit 2 with one line on stderr", f"exit {done.returncode}: {done.stderr!r}")
        for what, args in (("no report", []), ("an unknown option", ["--bogus", turning])):
            done = run(*args)
            lines = done.stderr.strip().splitlines()
            checks.expect(done.returncode == 2 and len(lines) == 1 and not done.stdout,
                          f"{what}: exit 2 with one line on stderr", f"exit {done.returncode}: {done.stderr!r}")
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main())
