#!/usr/bin/python3
"""Does a run survive a rebuild of its own program? A developer who rebuilds while a long
run is under way replaces the file the run was started from; every later worker must still
start, and run the controller's own code, not the new build's. A copy of shmbench in a
temporary folder starts a run of several passes; after the first pass the copy is replaced
on disk by a new file, as a linker writes one, and the run must still finish with exit 0
and every repetition of every figure. Its workers, started from the running file, must
still be named after the program in ps and top ("shmbench", not "exe").

Linux only: a running .exe cannot be overwritten on Windows, so there the question does
not arise (exit 77, skipped).

rebuilt_binary_test.py -- RUNNER... SHMBENCH

Only the standard library: any python3 runs it.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

REPETITIONS = 30  # 10 passes of 3 rounds: the replacement lands with 9 passes to go


def children_names(parent, names, done):
    """Until `done` is set, appends to names[pid] the name (/proc/PID/comm) of every child
    of `parent`, each time it is seen."""
    while not done.is_set():
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
                if int(fields[1]) != parent:
                    continue
                with open(f"/proc/{entry}/comm", encoding="utf-8", errors="replace") as comm:
                    names.setdefault(int(entry), []).append(comm.read().strip())
            except (OSError, IndexError, ValueError):
                continue  # gone in between
        time.sleep(0.02)


def main(argv):
    if "--" not in argv:
        print("usage: rebuilt_binary_test.py -- RUNNER... SHMBENCH", file=sys.stderr)
        return 2
    command = argv[argv.index("--") + 1:]
    if len(command) > 1 or sys.platform == "win32":
        print("skipped: a running Windows program cannot be overwritten", file=sys.stderr)
        return 77
    problems = []
    with tempfile.TemporaryDirectory(prefix="shmbench-rebuilt é ") as folder:
        program = os.path.join(folder, "shmbench")
        shutil.copy2(command[0], program)
        report_path = os.path.join(folder, "report.json")
        # 16 MiB makes each pass take a moment (a few hundred ms), so the run is far from
        # done when the replacement lands.
        run = subprocess.Popen([program, "run", "--backends", "heap", "--sizes", "4KiB,16MiB",
                                "--repetitions", str(REPETITIONS), "--out", report_path],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, encoding="utf-8")
        replaced = False
        said = []
        names, done = {}, threading.Event()
        watcher = threading.Thread(target=children_names, args=(run.pid, names, done), daemon=True)
        watcher.start()
        try:
            for line in run.stderr:
                said.append(line)
                if not replaced and f"round 3 of {REPETITIONS} done at every size" in line:
                    # A new file under the old name, as a linker writes one: the old one
                    # is unlinked and lives on only as the running program.
                    fresh = program + ".new"
                    shutil.copy2(command[0], fresh)
                    os.replace(fresh, program)
                    replaced = True
            code = run.wait(timeout=300)
        except subprocess.TimeoutExpired:
            run.kill()
            run.wait()
            code = None
        done.set()
        watcher.join()
        text = "".join(said)
        # A worker is "exe" from its exec until its first line names it: judge each by the
        # last look at it, among those seen more than once.
        last = {pid: seen[-1] for pid, seen in names.items() if len(seen) > 1}
        if not last:
            problems.append("no worker of the run was seen twice")
        elif set(last.values()) != {"shmbench"}:
            problems.append(f"the run's workers were named {sorted(set(last.values()))}, not only 'shmbench'")
        if not replaced:
            problems.append("the run never said it had done its first pass, so nothing was replaced:\n" + text[-2000:])
        if code != 0:
            problems.append(f"a run whose program was replaced after its first pass exited {code}:\n{text[-2000:]}")
        if code == 0:
            with open(report_path, encoding="utf-8") as handle:
                report = json.load(handle)
            rows = report["benchmarks"]
            failed = [row["name"] for row in rows if row.get("error_occurred")]
            if failed:
                problems.append(f"rows failed after the replacement: {failed}")
            short = [row["name"] for row in rows
                     if row.get("aggregate_name") == "median" and row.get("repetitions") != REPETITIONS]
            if short:
                problems.append(f"figures without all {REPETITIONS} repetitions: {short}")
            if not any(row.get("aggregate_name") == "median" for row in rows):
                problems.append("the report has no figures")
    for problem in problems:
        print("FAIL: " + problem, file=sys.stderr)
    if not problems:
        print("ok: a run whose program was replaced on disk after its first pass finished every repetition")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
