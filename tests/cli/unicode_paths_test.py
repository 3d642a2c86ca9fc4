"""Paths with spaces and characters outside every ANSI code page, end to end.

    unicode_paths_test.py -- [RUNNER...] SHMBENCH SHMBENCH-MICRO

Windows users' profile folders look like C:\\Users\\José\\…; a program that passes paths
through the ANSI code page loses such characters (λ and 日本 exist in none of the
Western ones). In a temporary folder named "shmbench é λ 日本 …", with a copy of
shmbench named "shm bench é" inside it (so that even the program's own path, which it
starts its workers from, is such a path):

- `run` from the copy writes its report into a new sub-folder of that kind and names
  the path exactly in its last line;
- `compare` reads two such reports;
- `export` writes its three files into such a folder;
- `ab` runs the copy against the original, keeps its reports and writes --out there;
- `shmbench-micro` writes its --benchmark_out there.

Under Wine (a runner before the programs) the programs get the Windows form (Z:\\…).
Only the standard library; writes only into its temporary folder.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_env import Checks, platform_of, program_path  # noqa: E402

NAME = "shmbench \u00e9 \u03bb \u65e5\u672c"  # shmbench é λ 日本
checks = Checks()
expect = checks.expect


def run(command, scratch, timeout=600):
    """(exit code, stdout, stderr); output into files (under Wine a wineserver would hold
    pipes open), read back as UTF-8."""
    with open(os.path.join(scratch, "out.txt"), "w+b") as out, open(os.path.join(scratch, "err.txt"), "w+b") as err:
        code = subprocess.run(command, stdout=out, stderr=err, timeout=timeout).returncode
        out.seek(0)
        err.seek(0)
        return code, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")


def check(command, micro_command, root, scratch):
    runner, shmbench = command[:-1], command[-1]
    native = lambda path: program_path(command, path)  # noqa: E731
    shared = "win32" if platform_of(command) == "windows" else "posix"

    copy = os.path.join(root, "shm bench \u00e9" + os.path.splitext(shmbench)[1])
    shutil.copy2(shmbench, copy)
    copied = runner + [copy]

    reports = os.path.join(root, "r\u00e9sultats \u65e5\u672c")  # made by run itself
    a, b = os.path.join(reports, "a \u00e9.json"), os.path.join(reports, "b \u03bb.json")
    for report in (a, b):
        code, _, err = run(copied + ["run", "--backends", f"heap,{shared}", "--sizes", "4KiB", "--repetitions", "3",
                                     "--out", native(report)], scratch)
        expect(code == 0, f"run from {os.path.basename(copy)!r} into {report!r} exits 0", f"exit {code}: {err[-1500:]}")
        expect(os.path.isfile(report), f"the report {os.path.basename(report)!r} is there")
        expect(f"report: {native(report)} (" in err, "run names the report's path exactly", err[-300:])
    if not (os.path.isfile(a) and os.path.isfile(b)):
        return
    with open(a, encoding="utf-8") as handle:
        executable = json.load(handle)["context"].get("executable")
    expect(executable in (native(copy), native(os.path.realpath(copy))), "the report records the program's path exactly",
           repr(executable))

    code, out, err = run(command + ["compare", native(a), native(b)], scratch)
    expect(code in (0, 1), "compare reads both reports", f"exit {code}: {err[-1500:]}")
    expect("summary:" in out, "compare prints its summary", out[-500:])

    exports = os.path.join(root, "exports \u00fc")
    os.mkdir(exports)
    code, out, err = run(command + ["export", native(a), "--out-dir", native(exports)], scratch)
    expect(code == 0, "export into a non-ASCII folder exits 0", f"exit {code}: {err[-1500:]}")
    written = sorted(os.listdir(exports))
    expect(written == ["bencher.json", "github-action-benchmark-bigger.json", "github-action-benchmark-smaller.json"],
           "export writes its three files there", ", ".join(written))
    expect(native(os.path.join(exports, "bencher.json")) in out, "export names the files' paths exactly", out[-500:])

    kept, ab_out = os.path.join(root, "ab \u00e9"), os.path.join(root, "ab \u65e5\u672c.json")
    code, out, err = run(command + ["ab", "--baseline", native(copy), "--contender", native(shmbench),
                                    "--backends", "heap", "--sizes", "4KiB", "--rounds", "2",
                                    "--keep-reports", native(kept), "--out", native(ab_out)], scratch)
    expect(code == 0, "ab with a non-ASCII baseline path exits 0", f"exit {code}: {err[-1500:]}")
    expect(os.path.isdir(kept) and len(os.listdir(kept)) == 4, "ab keeps its 4 reports there",
           ", ".join(os.listdir(kept)) if os.path.isdir(kept) else "no folder")
    expect(os.path.isfile(ab_out), "ab writes --out there")

    micro_out = os.path.join(root, "micro \u03bb.json")
    code, _, err = run(micro_command + ["--backends=heap", "--sizes=4KiB", "--benchmark_min_time=0.001",
                                        "--benchmark_repetitions=2", f"--benchmark_out={native(micro_out)}",
                                        "--benchmark_out_format=json"], scratch)
    expect(code == 0, "shmbench-micro with a non-ASCII --benchmark_out exits 0", f"exit {code}: {err[-1500:]}")
    if os.path.isfile(micro_out):
        with open(micro_out, encoding="utf-8") as handle:
            expect(len(json.load(handle).get("benchmarks", [])) > 0, "its report holds benchmarks")
    else:
        expect(False, "shmbench-micro wrote its report there")


def main(argv):
    if "--" not in argv or len(argv) - argv.index("--") - 1 < 2:
        print(__doc__, file=sys.stderr)
        return 2
    programs = argv[argv.index("--") + 1:]
    runner = programs[:-2]
    command = runner + [os.path.abspath(programs[-2])]
    micro_command = runner + [os.path.abspath(programs[-1])]
    with tempfile.TemporaryDirectory(prefix="shmbench-unicode-") as scratch:
        root = os.path.join(scratch, NAME)
        os.mkdir(root)
        check(command, micro_command, root, scratch)
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
