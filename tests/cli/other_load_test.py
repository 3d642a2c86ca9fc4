#!/usr/bin/python3
"""Does a run say when other processes shared its CPUs? Busy loops on a quarter of the CPUs
(at least one: half of a 2-CPU machine) run beside a short `shmbench run` and a short
`shmbench ab`, which should read about that share or more: the report's
context.shmbench.environment.other_load_fraction is above the 5 % line, with an
`other_load` warning in the report and in the printed output, and ab's comparison has an
`other_load` warning on stderr and in its JSON. Under Wine the share is unknown (Wine
reports no CPU time for a job or an ended child, harness/os/process.windows.cpp): null,
and no such warning. Whether a quiet run stays under the line is not asserted: CTest runs
this beside other tests.

other_load_test.py -- RUNNER... SHMBENCH

Only the standard library: any python3 runs it.
"""

import json
import os
import subprocess
import sys
import tempfile
import time

from subcommand_runner import SubcommandRunner

BUSY_LOOP = "while True: pass"


def native(path, wine):
    return "Z:" + path.replace("/", "\\") if wine else path


def main(argv):
    if "--" not in argv:
        print("usage: other_load_test.py -- RUNNER... SHMBENCH", file=sys.stderr)
        return 2
    command = argv[argv.index("--") + 1:]
    wine = len(command) > 1
    program = native(os.path.abspath(command[-1]), wine)
    with tempfile.TemporaryDirectory(prefix="shmbench-other-load-") as folder:
        run = SubcommandRunner(command, folder, "run", timeout=300)
        ab = SubcommandRunner(command, folder, "ab", timeout=300)
        # Not one per CPU: CTest runs other tests beside this one, and they should not stall.
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 2)
        loops = [subprocess.Popen([sys.executable, "-c", BUSY_LOOP]) for _ in range(max(1, cpus // 4))]
        try:
            time.sleep(0.5)  # so that the loops are spinning before the run's first reading
            report_path = os.path.join(folder, "busy.json")
            code, out, err = run.run("--suite", "quick", "--backends", "heap", "--sizes", "4KiB",
                                     "--out", native(report_path, wine))
            run.expect(code == 0, "a run beside busy loops completes", f"exit {code}\n{err[-2000:]}")
            # Text on stdout, warnings on stderr, and the JSON comparison in --out.
            comparison_path = os.path.join(folder, "ab.json")
            ab_code, ab_out, ab_err = ab.run("--baseline", program, "--contender", program, "--backends", "heap",
                                             "--sizes", "4KiB", "--rounds", "2", "--out", native(comparison_path, wine))
        finally:
            for loop in loops:
                loop.kill()
            for loop in loops:
                loop.wait()
        try:
            with open(report_path, encoding="utf-8") as report_file:
                shm = json.load(report_file)["context"]["shmbench"]
        except (OSError, ValueError, KeyError) as error:
            run.expect(False, "the report reads", str(error))
            shm = {}
        environment = shm.get("environment") or {}
        share = environment.get("other_load_fraction")
        kinds = [w.get("kind") for w in environment.get("warnings", [])]
        printed = "warning: other processes kept the CPUs" in out
        ab_said = "shmbench ab: warning: other processes kept the CPUs" in ab_err
        try:
            with open(comparison_path, encoding="utf-8") as comparison_file:
                ab_kinds = [w.get("kind") for w in json.load(comparison_file).get("warnings", [])]
        except (OSError, ValueError) as error:
            ab.expect(False, "ab's --out comparison reads", f"{error}\n{ab_err[-2000:]}")
            ab_kinds = []
        ab.expect(ab_code == 0, "an A/B beside busy loops completes", f"exit {ab_code}\n{ab_err[-2000:]}")
        if (shm.get("platform") or {}).get("wine_version"):
            run.expect(share is None and "other_load" not in kinds and not printed,
                       "Wine: the other processes' share is unknown and not warned about", f"{share} {kinds}")
            ab.expect("other_load" not in ab_kinds and not ab_said, "Wine: ab does not warn either", str(ab_kinds))
        else:
            run.expect(isinstance(share, (int, float)) and share > 0.05,
                       "the report says other processes used the CPUs", str(share))
            run.expect("other_load" in kinds, "and warns about it", str(kinds))
            run.expect(printed, "the summary prints the warning", out[-1500:])
            ab.expect("other_load" in ab_kinds, "ab's comparison warns about the other processes", str(ab_kinds))
            ab.expect(ab_said, "ab prints the warning on stderr", ab_err[-1500:])
        problems = run.problems + ab.problems
        for problem in problems:
            print(f"FAILED: {problem}")
        return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
