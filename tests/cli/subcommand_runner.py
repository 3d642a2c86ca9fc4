"""Runs one shmbench subcommand from a test script and collects what it printed: the
helper compare_test.py and ab_test.py share. Only the standard library."""

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_env import retrying_wine_start  # noqa: E402


class SubcommandRunner:
    """`command` is the program with its runner (e.g. the Wine wrapper) in front;
    `subcommand` is put before each call's arguments; files go to `folder`."""

    def __init__(self, command, folder, subcommand, timeout=120):
        self.command = command
        self.folder = folder
        self.subcommand = subcommand
        self.timeout = timeout
        self.problems = []

    def path(self, name):
        return os.path.join(self.folder, name)

    def run(self, *args):
        """(exit status, stdout, stderr) of one call."""
        return self.run_env(None, *args)

    def run_env(self, environment, *args):
        """As run(), with these variables added to the environment (None: as it is). A run
        Wine itself ended before the program started is tried again (test_env), as the
        other tables do: a fresh clone's test run once saw `stress --writers -3` exit 1
        with nothing on stderr."""
        command = self.command + [self.subcommand, *args]
        return retrying_wine_start(f"{self.subcommand} {' '.join(args)}", command,
                                   lambda: self._run_once(environment, *args))

    def _run_once(self, environment, *args):
        env = None if environment is None else {**os.environ, **environment}
        # Output goes to files, not pipes: under Wine a wineserver the program starts would
        # inherit the pipes and hold them open for seconds after the program has exited.
        with open(self.path("stdout.txt"), "w+", encoding="utf-8") as out, \
                open(self.path("stderr.txt"), "w+", encoding="utf-8") as err:
            try:
                code = subprocess.run(self.command + [self.subcommand, *args], stdout=out, stderr=err,
                                      env=env, timeout=self.timeout).returncode
            except subprocess.TimeoutExpired:
                # A hang is a failure of its own, with what the program said until then
                # (CTest's own timeout would kill the test and show nothing).
                err.seek(0)
                self.problems.append(f"{self.subcommand} {' '.join(args)}: no exit within {self.timeout} s; "
                                     f"stderr so far: {err.read()[-2000:]}")
                code = "timeout"
            out.seek(0)
            err.seek(0)
            # Universal newlines: the Windows build writes \r\n.
            return code, out.read(), err.read()

    def expect(self, condition, what, detail=""):
        if condition:
            print(f"ok: {what}")
        else:
            self.problems.append(f"{what}{': ' + detail if detail else ''}")
