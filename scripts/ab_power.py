#!/usr/bin/env python3
"""How well `shmbench ab` works on this machine: per platform, N A/A runs (the same build
on both sides: how often does the gate raise a false alarm?) and N runs with each
planted slowdown of the contender (how often is it caught?), quick suite, default
options. Writes every comparison (JSON), the runs' exit codes and wall times, and a
summary to OUT_ROOT/ab-power-<UTC timestamp>/, and prints the summary.

  ab_power.py [--runs N] [--platforms LIST] [--kinds LIST] [--modes LIST] [--out-root DIR] [-- AB OPTIONS]
  e.g. ab_power.py --runs 10 --platforms linux,wine --kinds aa,map3,create3,copy2 --modes interleaved,duet

--kinds: `aa`, or an operation and a percentage (`copy10`, `map3`, `create3`, `copy2`:
--contender-fault slow:OPERATION:PERCENT, and --baseline-fault slow:OPERATION:0 so that
both sides run with the same fault table). Default aa,copy10,copy5. --modes: ab's
--mode values to run each kind with (default interleaved); run i of every kind and mode
runs before run i + 1 of any, so that the machine's drift over the campaign falls on
every kind and mode alike. --platforms as
scripts/bench.py's (linux, wine; windows natively), default this host's. Options after
`--` go to every `ab` (e.g. `-- --threshold 2%`). The programs must be built (bench.py
or cmake --build). Standard library only; runs on Windows as on Linux.

Exit status: 0 done (the figures are information); 2 bad input; 3 a run could not be
made at all (no comparison written).
"""

import argparse
import datetime
import re
import subprocess
import sys
import time
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
sys.dont_write_bytecode = True
sys.path.insert(0, str(SCRIPTS))
import ab_power_summary  # noqa: E402
from script_input import run_main  # noqa: E402
from bench import ON_WINDOWS, PLATFORMS, REPO, Platform, env_with, wine_cpus  # noqa: E402

KIND = re.compile(r"^(aa|([a-z_]+)(\d+(\.\d+)?))$")


def fail(message):
    print(f"ab_power: {message}", file=sys.stderr)
    sys.exit(2)


def parse(argv):
    extra = []
    if "--" in argv:
        extra = argv[argv.index("--") + 1:]
        argv = argv[:argv.index("--")]
    class OneLine(argparse.ArgumentParser):
        def error(self, message):  # bad input is one line, not argparse's usage and error
            fail(f"{message} (see --help)")

    parser = OneLine(prog="ab_power.py", description=__doc__.split("\n\n")[0],
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--platforms", default="windows" if ON_WINDOWS else "linux,wine")
    parser.add_argument("--kinds", default="aa,copy10,copy5")
    parser.add_argument("--modes", default="interleaved")
    parser.add_argument("--out-root", default=str(REPO / "reports" / "out"))

    options = parser.parse_args(argv)
    if options.runs < 1:
        fail(f"--runs must be at least 1, not {options.runs}")
    kinds = options.kinds.split(",")
    for kind in kinds:
        if not KIND.match(kind):
            fail(f"--kinds: '{kind}' is neither aa nor an operation and a percentage (copy10, map3)")
    modes = options.modes.split(",")
    for mode in modes:
        if mode not in ("interleaved", "duet"):
            fail(f"--modes: '{mode}' is not an ab mode (interleaved, duet)")
    platforms = options.platforms.split(",")
    runnable = ("windows",) if ON_WINDOWS else ("linux", "wine")
    for name in platforms:
        if name not in runnable:
            fail(f"--platforms: '{name}' does not run here ({', '.join(runnable)} do)")
    return options, kinds, modes, platforms, extra


def wine_duet_sides(out, program):
    """Under Wine, `ab --mode duet` is run by the Linux build, with each side a script that
    runs the MinGW build through scripts/wine-run.sh in a Wine prefix of its own, its
    wineserver moved onto the CPUs ab gives that side each round (SHMBENCH_WINE_CPUS=
    inherited). ab run inside Wine could only share one wineserver between the sides,
    and every Wine call of one side then queued behind the other's. Writes the two
    scripts into `out`, starts each prefix once (a new prefix takes about 15 s), and
    returns the scripts' paths and prefixes."""
    sides, prefixes = [], []
    for side in ("a", "b"):
        prefix = REPO / ".deps" / f"wineprefix-duet-{side}"
        script = out / f"wine-duet-side-{side}.sh"
        script.write_text("#!/bin/sh\n"
                          f"SHMBENCH_WINEPREFIX='{prefix}' SHMBENCH_WINE_CPUS=inherited "
                          f"exec '{SCRIPTS / 'wine-run.sh'}' '{program}' \"$@\"\n", encoding="utf-8")
        script.chmod(0o755)
        subprocess.run([str(script), "list"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
        sides.append(str(script))
        prefixes.append(prefix)
    return sides, prefixes


def stop_wineservers(prefixes):
    for prefix in prefixes:
        subprocess.run(["wineserver", "-k"], env=env_with(WINEPREFIX=str(prefix)), stderr=subprocess.DEVNULL)


def fault_of(kind):
    """The planted slowdown for the contender, and the same fault at 0 % for the baseline:
    with the fault on one side only, its argument alone (not its spin) moved first_touch
    at 4 KiB in every planted run on Linux, whatever the operation slowed (posix 11-16 %
    faster, boost-portable 5-8 % slower); with `slow:OP:0` on the baseline, only the
    planted rows move (docs/ab.md)."""
    match = KIND.match(kind)
    if kind == "aa":
        return []
    operation, percent = match.group(2), match.group(3)
    return ["--contender-fault", f"slow:{operation}:{percent}", "--baseline-fault", f"slow:{operation}:0"]


def main(argv):
    options, kinds, modes, platforms, extra = parse(argv)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    out = Path(options.out_root) / f"ab-power-{stamp}"
    out.mkdir(parents=True, exist_ok=False)
    status = 0
    with open(out / "runs.txt", "w", encoding="utf-8") as runs_file:
        for name in platforms:
            platform = Platform(name, REPO / PLATFORMS[name]["build"])
            program = platform.program("shmbench")
            if not program.is_file():
                fail(f"{program} is missing: build it first (scripts/bench.py or cmake --build --preset "
                     f"{PLATFORMS[name]['preset']})")
            exe = platform.path(program)
            # Under Wine on one CPU with wineserver, as bench.py runs the lifecycle suite;
            # duet needs a CPU per side: there each side has a prefix and a wineserver of
            # its own, on its own CPUs (wine_duet_sides), driven by the Linux build's ab.
            one_cpu = env_with(SHMBENCH_WINE_CPUS=wine_cpus()) if name == "wine" else None
            duet_sides, duet_prefixes = None, []
            if name == "wine" and "duet" in modes:
                linux = Platform("linux", REPO / PLATFORMS["linux"]["build"])
                if not linux.program("shmbench").is_file():
                    fail(f"{linux.program('shmbench')} is missing: a Wine duet is driven by the Linux build")
                duet_sides, duet_prefixes = wine_duet_sides(out, program)
            for i in range(1, options.runs + 1):
                for kind in kinds:
                    for mode in modes:
                        label = f"{name}/{mode}"
                        stem = out / f"{name}-{mode}-{kind}-{i}"
                        command = platform.command("shmbench", ["ab", "--baseline", exe, "--contender", exe,
                                                                "--mode", mode, *fault_of(kind), "--format", "json",
                                                                *extra])
                        if duet_sides and mode == "duet":
                            command = linux.command("shmbench", ["ab", "--baseline", duet_sides[0], "--contender",
                                                                 duet_sides[1], "--mode", mode, *fault_of(kind),
                                                                 "--format", "json", *extra])
                        env = None if mode == "duet" else one_cpu
                        start = time.monotonic()
                        with open(f"{stem}.json", "wb") as stdout, open(f"{stem}.err", "wb") as stderr:
                            code = subprocess.run(command, stdout=stdout, stderr=stderr, env=env).returncode
                        seconds = time.monotonic() - start
                        runs_file.write(f"{label} {kind} {i} {code} {seconds:.1f}\n")
                        runs_file.flush()
                        if code not in (0, 1):
                            status = 3
                        print(f"ab_power: {label} {kind} run {i} of {options.runs}: exit {code}, {seconds:.1f} s",
                              file=sys.stderr, flush=True)
            stop_wineservers(duet_prefixes)
    with open(out / "summary.txt", "w", encoding="utf-8") as handle:
        text = ab_power_summary.summary(out)
        handle.write(text)
    print(text, end="")
    print(f"ab_power: {out}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(run_main("ab_power", main, sys.argv[1:]))
