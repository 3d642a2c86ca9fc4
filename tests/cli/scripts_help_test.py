#!/usr/bin/python3
"""Every script a user runs answers --help with its usage on stdout and exit status 0,
before it installs, builds or measures anything (docs/running.md, "Exit statuses").

    scripts_help_test.py

The Python scripts run under this interpreter; the shell scripts (not on Windows, which
has no bash) under bash. scripts/wine-run.sh is left out: it passes its arguments to the
program it starts; so are modules without a __main__ block (script_input.py). Only the
standard library.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_env import Checks  # noqa: E402

SCRIPTS = Path(__file__).resolve().parent.parent.parent / "scripts"
PASSES_ITS_ARGUMENTS_ON = {"wine-run.sh"}


def main():
    checks = Checks()
    # A module the scripts import (script_input.py) is no command: it has no __main__ block.
    commands = [[sys.executable, str(path)] for path in sorted(SCRIPTS.glob("*.py"))
                if re.search(r'^if __name__ == "__main__":', path.read_text(encoding="utf-8"), re.M)]
    if os.name != "nt":
        commands += [["bash", str(path)] for path in sorted(SCRIPTS.glob("*.sh"))
                     if path.name not in PASSES_ITS_ARGUMENTS_ON]
    for command in commands:
        name = Path(command[-1]).name
        for flag in ("--help", "-h"):
            try:
                done = subprocess.run(command + [flag], capture_output=True, timeout=60)
            except subprocess.TimeoutExpired:
                checks.expect(False, f"{name} {flag} answers within 60 s (it must not start any work)")
                continue
            stdout = done.stdout.decode("utf-8", "replace")
            checks.expect(done.returncode == 0 and stdout.strip(), f"{name} {flag}: exit 0 and its usage on stdout",
                          f"exit {done.returncode}, stdout {stdout[:200]!r}, "
                          f"stderr {done.stderr.decode('utf-8', 'replace')[-300:]!r}")
    print(f"{len(commands)} scripts asked for --help and -h")
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main())
