"""What the command-line tests share about where they run: on Linux, under Wine (a
Windows program behind the emulator wrapper CTest puts first), or natively on Windows.
Only the standard library.

A test that cannot run here for want of a tool (a Python module, Google Benchmark's
compare.py, a browser) calls skip(): it prints why and exits with SKIP, which CTest
reports as skipped (tests/CMakeLists.txt sets SKIP_RETURN_CODE), never as failed.
"""

import importlib.util
import os
import sys

SKIP = 77


def skip(reason):
    print(f"SKIP: {reason}")
    sys.exit(SKIP)


def require_modules(*modules):
    """Skips unless this Python can import every module named."""
    missing = [name for name in modules if importlib.util.find_spec(name) is None]
    if missing:
        skip(f"this Python ({sys.executable}) lacks {', '.join(missing)}: "
             f"python -m pip install {' '.join(missing)} (Debian: python3-{' python3-'.join(missing)})")


def under_wine(command):
    """True when `command` is a Windows program behind a runner, run from Linux."""
    return os.name != "nt" and len(command) > 1


def program_path(command, path):
    """`path` (absolute, on this machine) as the program of `command` sees it: under Wine
    Linux's / is the drive Z:."""
    path = os.path.abspath(path)
    return "Z:" + path.replace("/", "\\") if under_wine(command) else path


def wine_did_not_start(command, code, stdout, stderr):
    """True when Wine, not the Windows program behind it, ended the run:
    - exit 1 with no output at all (seen once in five fresh-clone runs, while a new
      prefix's first session was still starting beside other tests; shmbench never exits
      1 silently: 1 is a regression, and it always says which);
    - no output but Wine's own "wine client error:" lines (its connection to the
      wineserver reset as the program started, beside other tests: "recvmsg: Connection
      reset by peer", once in a fresh clone's test run of 2026-12-05).
    Such a run is retried rather than read as the program's answer."""
    if not under_wine(command) or stdout.strip():
        return False
    lines = [line for line in stderr.splitlines() if line.strip()]
    if not lines:
        return code == 1
    return all(line.startswith("wine client error:") for line in lines)


def retrying_wine_start(what, command, run):
    """run() as the program of `command` answered it, tried up to three times while
    wine_did_not_start. run() returns a tuple ending in (exit code, stdout, stderr)."""
    for _ in range(3):
        result = run()
        if not wine_did_not_start(command, *result[-3:]):
            break
        print(f"retry: {what}: Wine, not the program, ended the run (exit {result[-3]}, "
              f"stderr {result[-1].strip()[:80]!r})")
    return result


def platform_of(command):
    """"windows" or "linux": what the program of `command` was built for."""
    return "windows" if under_wine(command) or os.name == "nt" else "linux"


class Checks:
    """What a test found: each expect() prints "ok: ..." or keeps the failure, and
    finish() prints the failures and gives the exit status."""

    def __init__(self):
        self.problems = []

    def expect(self, condition, what, detail=""):
        if condition:
            print(f"ok: {what}")
        else:
            self.problems.append(f"{what}{': ' + detail if detail else ''}")

    def finish(self):
        for problem in self.problems:
            print(f"FAIL: {problem}")
        return 1 if self.problems else 0
