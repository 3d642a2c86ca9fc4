#!/usr/bin/python3
"""Does a run survive a rebuild of its own program? A developer who rebuilds while a long
run is under way replaces the file the run was started from. A copy of shmbench in a
temporary folder starts a run of several passes; after the first pass the copy is replaced
on disk by a new file, as a linker writes one. Then:

- Linux: every later worker must still start and run the controller's own code, not the
  new build's: the run finishes with exit 0 and every repetition of every figure, and its
  workers, started from the running file, are named after the program in ps and top
  ("shmbench", not "exe").
- Windows under Wine: a build on the Linux side can replace the running .exe, and workers
  started from it would run the new build under the old controller. The run must refuse
  to start them: exit 3 (could not measure), saying the program was replaced.
- Windows: the running .exe cannot be replaced. If the replacement is refused, the run
  must finish as on Linux; if it is not, as under Wine.

rebuilt_binary_test.py -- [RUNNER...] SHMBENCH

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


def replace_on_disk(original, program):
    """A new file under the old name, as a linker writes one: the old one is unlinked and
    lives on only as the running program. False where the system refuses (Windows)."""
    fresh = program + ".new"
    shutil.copy2(original, fresh)
    # A different file, as a rebuild makes: a byte more, and a later write time.
    with open(fresh, "ab") as handle:
        handle.write(b"\0")
    try:
        os.replace(fresh, program)
        return True
    except PermissionError:
        os.remove(fresh)
        return False


def check_finished(code, text, report_path, problems):
    if code != 0:
        problems.append(f"a run whose program was replaced after its first pass exited {code}:\n{text[-2000:]}")
        return
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


def main(argv):
    if "--" not in argv:
        print("usage: rebuilt_binary_test.py -- [RUNNER...] SHMBENCH", file=sys.stderr)
        return 2
    command = argv[argv.index("--") + 1:]
    runner, original = command[:-1], command[-1]
    windows_program = original.lower().endswith(".exe")
    problems = []
    outcome = ""
    with tempfile.TemporaryDirectory(prefix="shmbench-rebuilt é ") as folder:
        program = os.path.join(folder, os.path.basename(original))
        shutil.copy2(original, program)
        report_path = os.path.join(folder, "report.json")
        # 16 MiB makes each pass take a moment (a few hundred ms), so the run is far from
        # done when the replacement lands.
        run = subprocess.Popen(runner + [program, "run", "--backends", "heap", "--sizes", "4KiB,16MiB",
                                         "--repetitions", str(REPETITIONS), "--out", report_path],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, encoding="utf-8")
        replaced = None
        said = []
        names, done = {}, threading.Event()
        watcher = None
        if not windows_program:
            watcher = threading.Thread(target=children_names, args=(run.pid, names, done), daemon=True)
            watcher.start()
        try:
            for line in run.stderr:
                said.append(line)
                if replaced is None and f"round 3 of {REPETITIONS} done at every size" in line:
                    replaced = replace_on_disk(original, program)
            code = run.wait(timeout=300)
        except subprocess.TimeoutExpired:
            run.kill()
            run.wait()
            code = None
        done.set()
        if watcher:
            watcher.join()
        text = "".join(said)
        if replaced is None:
            problems.append("the run never said it had done its first pass, so nothing was replaced:\n" + text[-2000:])
        elif not windows_program:
            check_finished(code, text, report_path, problems)
            # A worker is "exe" from its exec until its first line names it: judge each by
            # the last look at it, among those seen more than once.
            last = {pid: seen[-1] for pid, seen in names.items() if len(seen) > 1}
            if not last:
                problems.append("no worker of the run was seen twice")
            elif set(last.values()) != {"shmbench"}:
                problems.append(f"the run's workers were named {sorted(set(last.values()))}, not only 'shmbench'")
            outcome = "finished every repetition from the running file"
        elif not replaced:
            check_finished(code, text, report_path, problems)
            outcome = "could not be replaced (Windows), and the run finished every repetition"
        else:
            if code != 3:
                problems.append(f"a Windows run whose program was replaced exited {code}, not 3:\n{text[-2000:]}")
            elif "is no longer the program this run started from" not in text:
                problems.append(f"the run exited 3 without saying its program was replaced:\n{text[-2000:]}")
            outcome = "was refused further workers: exit 3, saying so"
    for problem in problems:
        print("FAIL: " + problem, file=sys.stderr)
    if not problems:
        print(f"ok: a run whose program was replaced on disk after its first pass {outcome}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
