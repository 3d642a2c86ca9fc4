#!/usr/bin/python3
"""shmbench's safety promises, tested for real with tests/programs/safety_probe.cpp.

    safety_test.py squat BACKEND,... -- [RUNNER...] SAFETY-PROBE
        For each backend: another process plants an object under the exact name a run is
        about to create (SHMBENCH_TEST_NAME_TOKEN makes it predictable). The run must
        refuse it with a message naming the object and the backend ("already exists — not
        ours, refusing to use it"), in its progress and in the report's error row, exit 3
        (a failed cell: could not measure), and leave the planted object there with the same contents.
    safety_test.py clean -- [RUNNER...] SAFETY-PROBE
        shmbench clean removes a dead run's object and keeps foreign look-alikes and a
        live run's object.
    safety_test.py global BACKEND,... -- [RUNNER...] SHMBENCH SAFETY-PROBE
        run --global: accepted where the system allows Global\\ names (Wine does), the
        report's backend flags say "Global\\ names"; without it they say "Local\\ names".
        Where the system refuses them (Windows, without SeCreateGlobalPrivilege), --global
        is bad input: exit 2 and one line naming the privilege.

Exit 0 when every check held; the problems one line each otherwise. Only the standard
library; files go to a temporary folder of its own.
"""

import json
import os
import subprocess
import sys
import tempfile

TOKEN = "5afe0b0b"
REFUSAL = "already exists \u2014 not ours, refusing to use it"


def run(command, folder, timeout=300):
    # Output to files, not pipes: under Wine the wineserver would hold pipes open.
    with open(os.path.join(folder, "out.txt"), "w+b") as out:
        code = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, timeout=timeout).returncode
        out.seek(0)
        return code, out.read().decode("utf-8", "replace").replace("\r\n", "\n")


class Checks:
    def __init__(self):
        self.problems = []

    def expect(self, condition, what, output=""):
        if condition:
            print(f"ok: {what}")
        else:
            print(f"FAIL: {what}")
            if output:
                print("    " + output.replace("\n", "\n    "))
            self.problems.append(what)


def squat(backends, probe, checks):
    with tempfile.TemporaryDirectory(prefix="shmbench-squat-") as folder:
        for backend in backends:
            report = os.path.join(folder, f"{backend}.json")
            code, output = run(probe + ["squat", backend, TOKEN, "0", "--backends", backend, "--sizes", "64KiB",
                                        "--repetitions", "1", "--out", report], folder)
            print(output)
            planted = [line.split()[1] for line in output.splitlines() if line.startswith("planted: ")]
            checks.expect(len(planted) == 1, f"{backend}: the probe planted an object", output)
            if not planted:
                continue
            name = planted[0]
            message = f"backend {backend}: '{name}' {REFUSAL}"
            checks.expect("shmbench exit: 3\n" in output, f"{backend}: the run exits 3 (a failed cell: could not measure)",
                          output)
            checks.expect(message in output, f"{backend}: the run says it refused the object, by name", output)
            checks.expect(f"left alone '{name}'" in output, f"{backend}: the run says it left the object alone",
                          output)
            checks.expect("present: yes\n" in output and "intact: yes\n" in output,
                          f"{backend}: the planted object is still there, unchanged", output)
            try:
                with open(report, encoding="utf-8") as f:
                    rows = json.load(f)["benchmarks"]
                errors = [row.get("error_message", "") for row in rows if row.get("error_occurred")]
                checks.expect(errors and all(message in e for e in errors),
                              f"{backend}: the report's error rows carry the refusal", "\n".join(errors))
            except (OSError, ValueError, KeyError) as e:
                checks.expect(False, f"{backend}: the report can be read ({e})")


def clean(probe, checks):
    with tempfile.TemporaryDirectory(prefix="shmbench-clean-") as folder:
        code, output = run(probe + ["clean"], folder)
        print(output)
        checks.expect(code == 0, "clean removes only the dead run's object (see above)", output)


def global_names(backends, shmbench, probe, checks):
    with tempfile.TemporaryDirectory(prefix="shmbench-global-") as folder:
        code, output = run(probe + ["global"], folder)
        print("what the system does with Global\\ names:\n" + output)
        # Windows outside session 0 refuses Global\ names to a process without
        # SeCreateGlobalPrivilege (a user who is not an administrator); Wine never does.
        refused = "create Global\\: refused" in output
        for flag, scope in (([], "Local\\ names"), (["--global"], "Global\\ names")):
            report = os.path.join(folder, "r.json")
            code, output = run(shmbench + ["run", *flag, "--backends", ",".join(backends), "--sizes", "4KiB",
                                           "--repetitions", "1", "--out", report], folder)
            what = "run " + (" ".join(flag) or "(default)")
            if flag and refused:
                lines = [line for line in output.splitlines() if line.strip()]
                checks.expect(code == 2 and len(lines) == 1 and "SeCreateGlobalPrivilege" in output,
                              f"{what}: refused where the system refuses Global\\ names (exit 2, one line)", output)
                continue
            checks.expect(code == 0, f"{what}: exit 0", output)
            if code != 0:
                continue
            with open(report, encoding="utf-8") as f:
                flags = json.load(f)["context"]["shmbench"]["backend_flags"]
            for backend in backends:
                if backend in ("win32", "boost-windows"):
                    checks.expect(scope in flags.get(backend, ""), f"{what}: {backend} used {scope}",
                                  flags.get(backend, ""))
            if flag and not any(b in ("win32", "boost-windows") for b in backends):
                checks.expect("--global changes nothing" in output, f"{what}: says it changes nothing here", output)


def main(argv):
    if "--" not in argv:
        print(__doc__, file=sys.stderr)
        return 2
    split = argv.index("--")
    mode_args, command = argv[1:split], argv[split + 1:]
    checks = Checks()
    if mode_args[:1] == ["squat"] and len(mode_args) == 2:
        squat(mode_args[1].split(","), command, checks)
    elif mode_args == ["clean"]:
        clean(command, checks)
    elif mode_args[:1] == ["global"] and len(mode_args) == 2 and len(command) >= 2:
        global_names(mode_args[1].split(","), command[:-1], command[:-2] + command[-1:], checks)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    if checks.problems:
        print(f"{len(checks.problems)} problem(s): " + "; ".join(checks.problems))
        return 1
    print("all checks held")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
