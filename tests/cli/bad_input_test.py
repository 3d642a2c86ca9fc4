"""Every kind of bad input must give exactly one line on stderr and exit status 2.

    bad_input_test.py shmbench -- [RUNNER...] SHMBENCH
    bad_input_test.py micro    -- [RUNNER...] SHMBENCH-MICRO

(RUNNER: e.g. the Wine wrapper CTest puts before a Windows program.) The wider table of
every command's bad input is bad_input_table.py; these are the first rows each program
had, kept as their own tests. Only the standard library.
"""

import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_env import platform_of, program_path, retrying_wine_start  # noqa: E402


def unwritable_folder(command, scratch):
    """A folder no report can be written in: Linux's /proc (also as Wine sees it), or on
    Windows a name no file system accepts."""
    if os.name == "nt":
        return os.path.join(scratch, "no<such")
    return "/proc/shmbench-cannot-write"


def shmbench_rows(command, scratch):
    out = program_path(command, os.path.join(scratch, "r.json"))
    other_backend = "posix" if platform_of(command) == "windows" else "win32"
    unwritable = unwritable_folder(command, scratch)
    rows = [
        ("unknown backend", ["run", "--backends", "nosuch", "--out", out]),
        ("only the other platform's backend", ["run", "--backends", other_backend, "--out", out]),
        ("unknown suite", ["run", "--suite", "huge", "--out", out]),
        ("zero size", ["run", "--sizes", "0", "--out", out]),
        ("unparsable size", ["run", "--sizes", "4QiB", "--out", out]),
        ("ambiguous size unit", ["run", "--sizes", "1MB", "--out", out]),
        ("size over 64 bits", ["run", "--sizes", "99999999999999999999", "--out", out]),
        ("size beyond memory", ["run", "--sizes", "16TiB", "--out", out]),
        ("zero repetitions", ["run", "--repetitions", "0", "--out", out]),
        ("non-numeric repetitions", ["run", "--repetitions", "many", "--out", out]),
        ("unwritable output", ["run", "--suite", "quick", "--out", unwritable + "/r.json"]),
        ("unknown fault", ["run", "--inject-fault", "explode", "--out", out]),
        ("slowdown of an unknown operation", ["run", "--inject-fault", "slow:cpy:10", "--out", out]),
        ("slowdown without a percentage", ["run", "--inject-fault", "slow:copy", "--out", out]),
        ("negative slowdown", ["run", "--inject-fault", "slow:copy:-5", "--out", out]),
        ("unknown command", ["frobnicate"], "unknown command 'frobnicate' (commands: run, list, clean,"),
        ("no command", [], "name a command (commands: run,"),
        ("an option before the command", ["--frobnicate", "run"], "'--frobnicate' is not an option of shmbench itself"),
        ("unknown option", ["run", "--frobnicate"]),
        ("history without its subcommand", ["history"]),
    ]
    if platform_of(command) == "windows":
        # The Windows build has no SQLite: `shmbench history` says so, as bad input.
        rows.append(("history in the Windows build",
                     ["history", "export", "--db", program_path(command, os.path.join(scratch, "h.sqlite"))],
                     "not built into this Windows build"))
    return rows


def micro_rows(command, scratch):
    unwritable = unwritable_folder(command, scratch)
    return [
        ("unknown backend", ["--backends=nosuch"]),
        ("unknown suite", ["--suite=huge"]),
        ("unparsable size", ["--sizes=4QiB"]),
        ("ambiguous size unit", ["--sizes", "1MB"]),
        ("flag without a value", ["--sizes"]),
        ("unknown fault", ["--inject-fault=everything"]),
        ("unknown argument", ["--frobnicate"]),
        ("non-numeric repetitions", ["--benchmark_repetitions=many"]),
        ("zero repetitions", ["--benchmark_repetitions=0"]),
        ("negative min time", ["--benchmark_min_time=-1"]),
        ("unknown output format", ["--benchmark_out_format=xml"]),
        ("unwritable output", [f"--benchmark_out={unwritable}/micro.json"]),
        ("filter matching nothing", ["--benchmark_filter=^no-such-benchmark$"]),
    ]


def run_once(argv, scratch):
    """(exit code, stdout, stderr) of one run. Output into files, not pipes: under Wine a
    wineserver the program starts would inherit pipes and hold them open after the
    program has exited."""
    with open(os.path.join(scratch, "out"), "w+b") as out, open(os.path.join(scratch, "err"), "w+b") as err:
        code = subprocess.run(argv, stdout=out, stderr=err, timeout=300).returncode
        out.seek(0)
        err.seek(0)
        return code, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")


def main(argv):
    if len(argv) < 4 or argv[1] not in ("shmbench", "micro") or argv[2] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    command = argv[3:]
    passed, failed = 0, 0
    with tempfile.TemporaryDirectory(prefix="shmbench-bad-input-") as scratch:
        rows = (shmbench_rows if argv[1] == "shmbench" else micro_rows)(command, scratch)
        for row in rows:
            what, args = row[0], row[1]
            must_say = row[2] if len(row) > 2 else None
            code, _, stderr = retrying_wine_start(what, command, lambda: run_once(command + args, scratch))
            lines = [line for line in stderr.splitlines() if line.strip()]
            if code != 2 or len(lines) != 1 or (must_say and must_say not in stderr):
                failed += 1
                print(f"FAIL: {what}: exit {code}, {len(lines)} stderr line(s)"
                      f"{'' if not must_say or must_say in stderr else ', not saying ' + repr(must_say)}:")
                for line in stderr.splitlines()[:10]:
                    print(f"    {line}")
            else:
                passed += 1
                print(f"ok: {what}: {lines[0]}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
