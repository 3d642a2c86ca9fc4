#!/usr/bin/env python3
"""The main job, on Linux and on Windows: build, run shmbench's harness suite, its
micro-benchmarks and its transfer suite on each platform, then cross-check, compare Boost
against the raw API, export for CI trackers and draw the HTML page.

  bench.py [bench.py options] [shmbench run options]
  e.g.  bench.py --suite quick
        bench.py --backends posix,win32 --sizes 4KiB,1GiB
        bench.py --platforms linux --no-build --out-root /tmp/results --suite quick

Why Python: Windows is the platform shmbench exists for, and a Windows user has CMake,
Visual Studio and Python, but no bash. So the whole orchestration lives here, standard
library only (Python 3.8+), and scripts/bench.sh on Debian only installs packages, builds
and hands over to this file: every Linux run exercises the same code a Windows user runs.

Everything goes to OUT_ROOT/<UTC timestamp>/ (reports/out/ of this checkout by default):
  linux.json, windows.json                  shmbench run reports
  micro-linux.json, micro-windows.json      shmbench-micro (Google Benchmark) reports
  micro-linux.txt, micro-windows.txt        shmbench-micro's console tables
  transfer-linux.json, transfer-windows.json  shmbench run --suite transfer reports
  boost-vs-raw-linux.txt, ...-windows.txt   shmbench compare --pair tables
  variants-vs-base-linux.txt, ...-windows.txt   the same for the memory variants, when measured (--suite memory)
  github-action-benchmark-smaller.json, github-action-benchmark-bigger.json, bencher.json
                                            shmbench export of the reports above
  index.html, *.png                         the HTML page (scripts/html_report.py)
and OUT_ROOT/latest then points at that folder (a symlink; on Windows without the
privilege for one, a directory junction, else a file latest.txt naming the folder).

Options of bench.py. All other arguments go to the harness's `shmbench run` (after `--`
untouched), with these exceptions, as in scripts/bench.sh:
  --suite, --backends, --sizes   also to shmbench-micro
  --backends, --timeout, --pin, --no-pin   also to the transfer run
  --transports, --rate, --idle, --batch, --lead-in   to the transfer run only
  --suite                        the lifecycle suite: quick, default or memory (the
                                 transfer run takes transfer-quick with quick, else transfer)

  --platforms LIST  comma list of linux (build/linux), wine (the MinGW build, build/windows,
                    under Wine: Linux only) and windows (the native MSVC build,
                    build/msvc/bin/Release: Windows only). Default: linux,wine on Linux,
                    windows on Windows. Wine and native Windows both write windows*.json;
                    the reports' context says whether Wine ran them.
  --no-build        use the programs as they are built. Otherwise bench.py builds the
                    shmbench and shmbench-micro targets with the platforms' CMake presets
                    (cmake --preset P; cmake --build --preset P), on Linux always the
                    linux one too (its shmbench compares, exports and draws); on Windows
                    the msvc preset needs VCPKG_ROOT (a Developer PowerShell sets it)
  --build-dir DIR   the build folder of the one platform chosen (DIR/bin/Release, DIR/bin
                    or DIR itself holds the programs); built with `cmake --build DIR
                    --config Release` unless --no-build
  --out-root DIR    where the timestamped folder and `latest` go
  --python EXE      the Python for crosscheck.py and html_report.py (default: this one);
                    the page needs matplotlib there
  -h, --help        this text

Exit status, the project's rule (docs/running.md, "Exit statuses"): 0 fine; never 1
(bench.py judges nothing against a baseline); 2 bad input (nothing is measured); 3 could
not measure (a shmbench program said so: a measurement failed), or a cross-check,
comparison, export or the page could not be made; 130 interrupted (Ctrl-C: the running
program stops as shmbench does, and everything written so far stays). The highest status
of any step is bench.py's. A Python without matplotlib does not change it: the page is
left out with one line saying what to install.
"""

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCRIPTS = REPO / "scripts"
ON_WINDOWS = os.name == "nt"

sys.dont_write_bytecode = True  # a run writes nothing into the source tree (no __pycache__)
sys.path.insert(0, str(SCRIPTS))
# The Boost/raw and variant/base backend pairs, kept once for the tables here and the page's plots.
from report_page.shmbench_tool import BOOST_RAW_PAIRS, VARIANT_PAIRS  # noqa: E402  (standard library only)
from script_input import run_main  # noqa: E402  (the last net: an unforeseen failure is one line, exit 3)

# harness/common/exit_codes.hpp
EXIT_OK, EXIT_BAD_INPUT, EXIT_COULD_NOT, EXIT_INTERRUPTED = 0, 2, 3, 130

# Each platform: the report names it writes, its CMake preset, the preset's build folder,
# and where in a build folder its programs are looked for (Visual Studio, a multi-config
# generator, puts them in bin/Release).
PLATFORMS = {
    "linux": {"report": "linux", "preset": "linux", "build": "build/linux", "exe": ""},
    "wine": {"report": "windows", "preset": "windows-mingw", "build": "build/windows", "exe": ".exe"},
    "windows": {"report": "windows", "preset": "msvc", "build": "build/msvc", "exe": ".exe"},
}
PROGRAM_FOLDERS = ("bin/Release", "bin", ".")
OWN_OPTIONS = ("--platforms", "--no-build", "--build-dir", "--out-root", "--python")
# shmbench run's options that a lifecycle suite refuses: they go to the transfer run alone.
TRANSFER_ONLY = ("--transports", "--rate", "--idle", "--batch", "--lead-in")
# Options both runs take (the transfer run gets --backends through transfer_args).
BOTH_RUNS = ("--timeout", "--pin", "--no-pin")
VALUELESS = ("--pin", "--no-pin")
# The lifecycle suites bench.py can run as its harness step (the transfer run follows on its own).
HARNESS_SUITES = ("quick", "default", "memory")
REPORTS = ("linux", "windows", "micro-linux", "micro-windows", "transfer-linux", "transfer-windows")
# How long a program may take to stop after Ctrl-C before it is terminated: shmbench
# stops its workers and removes its objects in well under a second; Wine is slower.
STOP_GRACE_SECONDS = 30


class BadInput(Exception):
    """Bad input to bench.py: one line on stderr, exit 2, nothing measured."""


class Interrupted(Exception):
    """Ctrl-C (or SIGTERM): the running program was stopped."""


def say(text):
    print(text, file=sys.stderr)


def show(text=""):
    print(text)


def setup_stdio():
    # Line-buffered, so our lines and the children's (written to the same terminal or
    # file) come out in order; never a UnicodeEncodeError for a path in a legacy code
    # page; UTF-8 where the output goes to a file or a pipe (a Windows console gets
    # Unicode anyway).
    for stream in (sys.stdout, sys.stderr):
        if stream.isatty():
            stream.reconfigure(errors="replace", line_buffering=True)
        else:
            stream.reconfigure(encoding="utf-8", errors="replace", line_buffering=True)


# --- the command line ------------------------------------------------------------------

class Options:
    def __init__(self):
        self.platforms = None
        self.no_build = False
        self.build_dir = None
        self.out_root = REPO / "reports" / "out"
        self.python = sys.executable
        self.run_args = []  # for shmbench run
        self.checked = []  # those of run_args that must be options shmbench run knows


def parse_options(argv):
    """bench.py's own options, wherever they stand; everything else is shmbench run's."""
    options = Options()
    i = 0
    while i < len(argv):
        arg = argv[i]
        name, has_value, value = arg.partition("=")
        if arg == "--":
            options.run_args += argv[i + 1:]
            break
        if arg in ("-h", "--help"):
            print(__doc__)
            sys.exit(EXIT_OK)
        if name == "--no-build":
            if has_value:
                raise BadInput("--no-build takes no value")
            options.no_build = True
        elif name in OWN_OPTIONS:
            if not has_value:
                if i + 1 >= len(argv) or argv[i + 1].startswith("--"):
                    raise BadInput(f"{name} needs a value")
                i += 1
                value = argv[i]
            if not value:
                raise BadInput(f"{name} needs a value")
            if name == "--platforms":
                options.platforms = value
            elif name == "--build-dir":
                options.build_dir = Path(value).resolve()
            elif name == "--out-root":
                options.out_root = Path(value).resolve()
            else:
                options.python = value
        else:
            if name == "--out":
                raise BadInput("--out is set by bench.py (one folder per run); use --out-root DIR")
            options.run_args.append(arg)
            if arg.startswith("-"):
                options.checked.append(name)
        i += 1
    return options


def choose_platforms(options):
    """The platforms to run, in bench.sh's order (Linux first)."""
    host_default = "windows" if ON_WINDOWS else "linux,wine"
    names = [n.strip() for n in (options.platforms or host_default).split(",") if n.strip()]
    for name in names:
        if name not in PLATFORMS:
            raise BadInput(f"--platforms: unknown platform '{name}' (linux, wine or windows)")
        if name == "wine" and ON_WINDOWS:
            raise BadInput("--platforms wine runs the MinGW build under Wine, on Linux; "
                           "on Windows run the native build: --platforms windows")
        if name == "windows" and not ON_WINDOWS:
            raise BadInput("--platforms windows runs the native (MSVC) build and needs Windows; "
                           "here the Windows build runs under Wine: --platforms wine")
    if not names:
        raise BadInput("--platforms needs at least one platform (linux, wine or windows)")
    if options.build_dir is not None and len(set(names)) != 1:
        raise BadInput("--build-dir names the build of one platform: give --platforms with exactly one")
    return [name for name in PLATFORMS if name in names]


def micro_args(run_args):
    """The options shmbench-micro shares with shmbench run, as --name=value (bench.sh's
    filter: --suite, --backends, --sizes)."""
    picked = []
    i = 0
    while i < len(run_args):
        arg = run_args[i]
        if arg.split("=", 1)[0] in ("--suite", "--backends", "--sizes"):
            if "=" in arg:
                picked.append(arg)
            else:
                picked.append(f"{arg}={run_args[i + 1] if i + 1 < len(run_args) else ''}")
                i += 1
        i += 1
    return picked


def split_run_args(run_args):
    """(the harness run's arguments, the transfer run's own): TRANSFER_ONLY options go to
    the transfer run alone, BOTH_RUNS to both, everything else to the harness run."""
    harness, transfer = [], []
    i = 0
    while i < len(run_args):
        name = run_args[i].split("=", 1)[0]
        group = [run_args[i]]
        if "=" not in run_args[i] and name in TRANSFER_ONLY + BOTH_RUNS and name not in VALUELESS \
                and i + 1 < len(run_args):
            i += 1
            group.append(run_args[i])
        if name not in TRANSFER_ONLY:
            harness += group
        if name in TRANSFER_ONLY + BOTH_RUNS:
            transfer += group
        i += 1
    return harness, transfer


def check_suite(micro):
    """--suite names the harness's lifecycle suite; the transfer run follows on its own."""
    for arg in micro:
        name, _, value = arg.partition("=")
        if name == "--suite" and value not in HARNESS_SUITES:
            raise BadInput(f"--suite {value}: bench.py runs a lifecycle suite ({', '.join(HARNESS_SUITES)}) "
                           f"and then the transfer suite itself (transfer-quick with --suite quick); "
                           f"for another suite alone run shmbench run --suite {value}")


def transfer_args(micro, own):
    """The transfer suite (transfer-quick when the run is quick), with --backends passed
    on, then the transfer run's own options (split_run_args)."""
    suite = "transfer"
    backends = []
    for arg in micro:
        name, _, value = arg.partition("=")
        if name == "--suite" and value == "quick":
            suite = "transfer-quick"
        elif name == "--backends":
            backends = [arg]  # shmbench takes one --backends; the last one given wins here
    return ["--suite", suite] + backends + own


# --- the platforms' programs -----------------------------------------------------------

class Platform:
    """One platform to run on: where its programs are and how to start them."""

    def __init__(self, name, build_dir):
        self.name = name
        self.report = PLATFORMS[name]["report"]
        self.build_dir = build_dir
        self.exe = PLATFORMS[name]["exe"]

    def program(self, name):
        """The program's path: the first of the build folder's program folders that holds
        shmbench (or where it would be, to say so when it is missing)."""
        for folder in PROGRAM_FOLDERS:
            candidate = self.build_dir / folder / f"shmbench{self.exe}"
            if candidate.is_file():
                return candidate.parent.resolve() / f"{name}{self.exe}"
        default = "bin" if self.name != "windows" else "bin/Release"
        return self.build_dir / default / f"{name}{self.exe}"

    def command(self, name, args):
        # The MinGW build runs through scripts/wine-run.sh: shmbench's own Wine prefix,
        # tmpfs for Wine's sections, and the CPU confinement (SHMBENCH_WINE_CPUS).
        prefix = [str(SCRIPTS / "wine-run.sh")] if self.name == "wine" else []
        return prefix + [str(self.program(name))] + args

    def path(self, path):
        """A path as the program takes it: under Wine the Windows form (Wine maps / to Z:)."""
        return "Z:" + str(path).replace("/", "\\") if self.name == "wine" else str(path)

    def describe(self, cpus):
        """The step's header, as bench.sh's."""
        if self.name == "linux":
            return "linux"
        if self.name == "wine":
            return f"windows (MinGW build under Wine{', on CPU ' + cpus if cpus else ''})"
        return f"windows (native build, {self.program('shmbench').parent})"


def wine_cpus():
    """The CPUs Wine's lifecycle and micro runs are confined to (scripts/wine-run.sh says
    why): CPU 0 unless SHMBENCH_WINE_CPUS says otherwise; set empty, it unconfines them."""
    return os.environ.get("SHMBENCH_WINE_CPUS", "0")


def env_with(**changes):
    env = dict(os.environ)
    env.update(changes)
    return env


def python_env():
    # The helpers must write nothing into the source tree (no __pycache__ beside them)
    # and print UTF-8 whatever the console's code page, as bench.py reads them.
    return env_with(PYTHONDONTWRITEBYTECODE="1", PYTHONIOENCODING="utf-8", PYTHONUTF8="1")


# --- running a program -----------------------------------------------------------------

class Follower:
    """Hands on each complete line a child appends to a file, while it runs. Children write
    to files, never to pipes: a wineserver a Wine program starts inherits its pipes and
    holds them open for seconds after the program has exited."""

    def __init__(self, path, on_line):
        self.file = open(path, "rb")
        self.file.seek(0, os.SEEK_END)
        self.on_line = on_line
        self.partial = b""

    def poll(self):
        lines = (self.partial + self.file.read()).split(b"\n")
        self.partial = lines.pop()
        for line in lines:
            self.on_line(line.rstrip(b"\r"))

    def close(self):
        self.poll()
        if self.partial:
            self.on_line(self.partial.rstrip(b"\r"))
        self.file.close()


def decoded(data):
    return data.decode("utf-8", errors="replace")


def run_child(argv, env=None, stdout=None, on_line=None, stderr=None):
    """Runs argv (a list: every path its own element, never a shell string) to its end and
    returns its exit status. stdout: None (ours) or a binary file the child writes to;
    on_line gets each line it writes there, as it writes it. Raises Interrupted on Ctrl-C
    or when the child says it was interrupted."""
    sys.stdout.flush()
    sys.stderr.flush()
    follower = Follower(stdout.name, on_line) if on_line else None
    try:
        child = subprocess.Popen(argv, cwd=str(REPO), env=env, stdout=stdout, stderr=stderr)
    except OSError as error:
        say(f"bench.py: cannot start {argv[0]}: {error.strerror or error}")
        if follower:
            follower.close()
        return EXIT_COULD_NOT
    try:
        while True:
            try:
                code = child.wait(timeout=0.25)  # a timed wait stays interruptible on Windows
                break
            except subprocess.TimeoutExpired:
                if follower:
                    follower.poll()
    except KeyboardInterrupt:
        stop(child)
        raise Interrupted() from None
    finally:
        if follower:
            follower.close()
    if code == EXIT_INTERRUPTED or (not ON_WINDOWS and code == -signal.SIGINT):
        raise Interrupted()
    return code


def stop(child):
    """After Ctrl-C: let the child stop as shmbench does on Ctrl-C (workers stopped, objects
    removed), then terminate it if it has not within STOP_GRACE_SECONDS or on a second Ctrl-C."""
    say("bench.py: interrupted; waiting for the running program to stop (Ctrl-C again to kill it)")
    # A Ctrl-C at a terminal or console reaches the child as well; a SIGINT or SIGTERM
    # sent to bench.py alone does not, so pass it on (a second one changes nothing).
    if not ON_WINDOWS:
        try:
            child.send_signal(signal.SIGINT)
        except OSError:
            pass
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    try:
        while child.poll() is None and time.monotonic() < deadline:
            try:
                child.wait(timeout=0.25)  # short waits: a second Ctrl-C is seen on Windows too
            except subprocess.TimeoutExpired:
                pass
    except KeyboardInterrupt:
        pass
    if child.poll() is None:
        child.terminate()
        try:
            child.wait(timeout=5)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def capture(argv, env=None):
    """(exit status, stdout as text) of a short program, its stderr passed through."""
    with tempfile.TemporaryFile() as out:
        code = run_child(argv, env=env, stdout=out)
        out.seek(0)
        return code, decoded(out.read())


def status_text(code):
    return f"killed by signal {-code}" if code < 0 else f"exit status {code}"


def measured(code):
    """A shmbench program's status as bench.py's: 0, 2 and 3 as they are (exit_codes.hpp);
    anything else (1 from an older build that meant a failed measurement, a crash, a
    signal, Wine's own codes) could not measure."""
    return code if code in (EXIT_OK, EXIT_BAD_INPUT, EXIT_COULD_NOT) else EXIT_COULD_NOT


def made(code):
    """The status of a step that makes something from reports already written (cross-check,
    compare --pair, export, the page): failing, it could not; it is never a regression."""
    return EXIT_OK if code == 0 else EXIT_COULD_NOT


# --- building --------------------------------------------------------------------------

def build(options, names):
    """CMake presets (cmake --preset P, cmake --build --preset P), or the --build-dir; only
    the two programs bench.py runs, not the test suites."""
    if shutil.which("cmake") is None:
        raise BadInput("cmake is not on PATH (install CMake, or open a Developer PowerShell for VS 2022)")
    targets = ["--target", "shmbench", "shmbench-micro"]
    if options.build_dir is not None:
        steps = [(str(options.build_dir), [["cmake", "--build", str(options.build_dir), "--config", "Release"]
                                           + targets])]
    else:
        presets = [PLATFORMS[n]["preset"] for n in names]
        # On Linux the Linux build's shmbench also makes the comparisons, exports and page.
        if not ON_WINDOWS and "linux" not in presets:
            presets.insert(0, "linux")
        if "msvc" in presets:
            check_vcpkg()
        steps = [(p, [["cmake", "--preset", p], ["cmake", "--build", "--preset", p] + targets]) for p in presets]
    for label, commands in steps:
        say(f"build: {label}")
        started = time.monotonic()
        for command in commands:
            code = run_child(command)
            if code != 0:
                say(f"bench.py: the build failed ({' '.join(command)}: {status_text(code)}); nothing was measured")
                sys.exit(EXIT_COULD_NOT)
        say(f"build {label}: {time.monotonic() - started:.0f} s")


def check_vcpkg():
    root = os.environ.get("VCPKG_ROOT", "")
    hint = ("set VCPKG_ROOT to your vcpkg (a Developer PowerShell for VS 2022 sets it), or build "
            "shmbench yourself and pass --no-build (or --build-dir DIR)")
    if not root:
        raise BadInput(hint)
    if not (Path(root) / "scripts" / "buildsystems" / "vcpkg.cmake").is_file():
        raise BadInput(f"VCPKG_ROOT={root} holds no scripts/buildsystems/vcpkg.cmake: {hint}")


def check_programs(platforms):
    for platform in platforms:
        preset = PLATFORMS[platform.name]["preset"]
        if platform.build_dir == REPO / PLATFORMS[platform.name]["build"]:
            how = f"cmake --preset {preset} && cmake --build --preset {preset}"
        else:
            how = f"cmake --build {platform.build_dir} --config Release"
        for name in ("shmbench", "shmbench-micro"):
            if not platform.program(name).is_file():
                raise BadInput(f"no {name} at {platform.program(name)} (build it: {how}; or leave out --no-build)")


def choose_tool(platforms):
    """The shmbench that compares, exports and draws: on Linux the Linux build's (compare
    and export are plain JSON work, so it reads the Windows reports too), elsewhere the
    first platform's own. Falls back to the Wine build when there is no Linux build."""
    if not ON_WINDOWS:
        linux = next((p for p in platforms if p.name == "linux"), Platform("linux", REPO / "build" / "linux"))
        if linux.program("shmbench").is_file():
            return linux
    return platforms[0]


def check_run_options(tool, options):
    """Options for shmbench run must be options shmbench run knows: anything else (a
    misspelt bench.py option too) is refused here, before anything is measured."""
    if not options.checked:
        return
    code, text = capture(tool.command("shmbench", ["run", "--help"]))
    known = set()
    for line in text.splitlines():
        if line.strip().startswith("-"):
            for name in line.split()[0].split(","):
                known.add(name.split("{")[0].split("=")[0])
    if code != 0 or not known:
        return  # no help to check against: shmbench run itself will judge
    for name in options.checked:
        if name not in known:
            raise BadInput(f"unknown option {name}: neither bench.py's ({', '.join(OWN_OPTIONS)}) "
                           f"nor shmbench run's ({', '.join(sorted(known - {'-h', '--help', '--out'}))})")


def check_run_arguments(platform, harness_args, transfer_run_args):
    """The harness's and the transfer run's arguments as shmbench run on the first platform
    judges them (run --check-only: nothing is measured or written), so that bad input is
    bench.py's one line before any step starts. A check that cannot be made (an older
    build without --check-only refuses it too, so only its bad-input verdict counts)
    leaves the judgement to the runs themselves."""
    env = env_with(SHMBENCH_WINE_CPUS="") if platform.name == "wine" else None
    with tempfile.TemporaryDirectory(prefix="shmbench-bench-check-") as scratch:
        out = platform.path(Path(scratch) / "check.json")
        for what, args in (("the harness run", harness_args), ("the transfer run", transfer_run_args)):
            with tempfile.TemporaryFile() as err:
                code = run_child(platform.command("shmbench", ["run"] + args + ["--out", out, "--check-only"]),
                                 env=env, stdout=subprocess.DEVNULL, stderr=err)
                err.seek(0)
                lines = [line for line in decoded(err.read()).splitlines() if line.strip()]
            if code == EXIT_BAD_INPUT and lines and "--check-only" not in lines[-1]:
                line = lines[-1]
                raise BadInput(f"{what}: {line[len('shmbench: '):] if line.startswith('shmbench: ') else line}")


def check_python(python):
    found = shutil.which(python)
    if found is None:
        raise BadInput(f"--python {python}: no such program")
    return found


# --- the steps -------------------------------------------------------------------------

class Run:
    """One run's output folder and its status: the highest any step returned."""

    def __init__(self, out, options):
        self.out = out
        self.options = options
        self.status = EXIT_OK

    def note(self, code):
        self.status = max(self.status, code)

    def file(self, name):
        return self.out / name


def finished(label, started, code):
    say(f"{label}: {time.monotonic() - started:.0f} s, {status_text(code)}")


def run_harness(run, platform, args, cpus):
    """shmbench run on one platform (its summary table goes straight to the console)."""
    env = env_with(SHMBENCH_WINE_CPUS=cpus) if platform.name == "wine" else None
    say(f"== {platform.describe(cpus)}")
    started = time.monotonic()
    out = run.file(f"{platform.report}.json")
    code = run_child(platform.command("shmbench", ["run"] + args + ["--out", platform.path(out)]), env=env)
    finished(f"harness ({platform.report})", started, code)
    run.note(measured(code))
    return code


def run_micro(run, platform, args, cpus):
    """shmbench-micro on one platform: its console table goes to micro-P.txt and its median
    lines to the screen, as progress."""
    table = run.file(f"micro-{platform.report}.txt")
    say(f"== {platform.report} micro-benchmarks (shmbench-micro; table in {table})")
    env = env_with(SHMBENCH_WINE_CPUS=cpus) if platform.name == "wine" else None
    json_out = platform.path(run.file(f"micro-{platform.report}.json"))
    command = platform.command("shmbench-micro", args + [f"--benchmark_out={json_out}", "--benchmark_out_format=json"])

    def progress(line):
        if b"_median " in line:
            show(decoded(line))

    started = time.monotonic()
    with open(table, "wb") as handle:
        code = run_child(command, env=env, stdout=handle, on_line=progress)
    finished(f"micro-benchmarks ({platform.report})", started, code)
    run.note(measured(code))


def run_transfer(run, platform, args):
    """The transfer scenario (docs/transfer.md). Not confined to one CPU under Wine: it
    pins its writer and reader to two CPUs of its own."""
    suffix = " (MinGW build under Wine)" if platform.name == "wine" else ""
    say(f"== transfer: {platform.report}{suffix}")
    env = env_with(SHMBENCH_WINE_CPUS="") if platform.name == "wine" else None
    out = run.file(f"transfer-{platform.report}.json")
    started = time.monotonic()
    code = run_child(platform.command("shmbench", ["run"] + args + ["--out", platform.path(out)]), env=env)
    finished(f"transfer ({platform.report})", started, code)
    run.note(measured(code))


def run_crosscheck(run, platform, python):
    harness_report, micro_report = run.file(f"{platform.report}.json"), run.file(f"micro-{platform.report}.json")
    if not (harness_report.is_file() and micro_report.is_file()):
        return
    show()
    show(f"== harness/micro cross-check ({platform.report})")
    started = time.monotonic()
    code = run_child([python, str(SCRIPTS / "crosscheck.py"), str(harness_report), str(micro_report),
                      platform.report], env=python_env())
    finished(f"cross-check ({platform.report})", started, code)
    run.note(made(code))


def report_backends(path):
    """The backends a report's rows name (operation/backend/size...), or None if unreadable."""
    try:
        with open(path, encoding="utf-8") as handle:
            rows = json.load(handle).get("benchmarks", [])
        return {str(row.get("name", "")).split("/")[1] for row in rows if str(row.get("name", "")).count("/") >= 2}
    except (OSError, ValueError, AttributeError):
        return None  # compare will say what is wrong with it


def boost_vs_raw(run, tool, platform):
    """What Boost costs on top of the raw API, from this run's own reports (harness and
    micro): per operation and size the time ratio with its 95 % interval and U-test p.
    Only the pairs a report holds both sides of (--backends may have left one out). The
    memory variants against their base backend likewise, where the run measured them."""
    pair_tables(run, tool, platform, "boost-vs-raw", "Boost against the raw API", "Boost/raw", BOOST_RAW_PAIRS, True)
    pair_tables(run, tool, platform, "variants-vs-base", "memory variants against their base", "variant/base",
                VARIANT_PAIRS, False)


def pair_tables(run, tool, platform, stem, title, kind, pair_list, say_when_none):
    table = run.file(f"{stem}-{platform.report}.txt")
    for report in (run.file(f"{platform.report}.json"), run.file(f"micro-{platform.report}.json")):
        if not report.is_file():
            continue
        backends = report_backends(report)
        pairs = [(a, b) for a, b in pair_list if backends is None or (a in backends and b in backends)]
        if not pairs and not say_when_none:
            continue
        show()
        show(f"== {title} ({platform.report}, {report.name})")
        if not pairs:
            show(f"no {kind} pair in this report (its backends: {', '.join(sorted(backends)) or 'none'})")
            continue
        args = ["compare"]
        for a, b in pairs:
            args += ["--pair", f"{a}:{b}"]
        started = time.monotonic()
        with open(table, "ab") as handle:
            code = run_child(tool.command("shmbench", args + [tool.path(report)]), stdout=handle,
                             on_line=lambda line: show(decoded(line)))
        finished(f"compare --pair ({platform.report}, {report.name})", started, code)
        run.note(made(code))


def run_exports(run, tool):
    """The run as CI benchmark trackers read it (one entry per benchmark, platform-prefixed
    names; reports/README.md says which file goes to which tool), from the reports this run
    did write: a platform whose run failed to start is simply absent."""
    reports = [run.file(f"{name}.json") for name in REPORTS if run.file(f"{name}.json").is_file()]
    if not reports:
        return
    show()
    show("== exports for CI trackers (github-action-benchmark, Bencher)")
    started = time.monotonic()
    args = ["export"] + [tool.path(r) for r in reports] + ["--out-dir", tool.path(run.out)]
    code = run_child(tool.command("shmbench", args))
    finished("exports", started, code)
    run.note(made(code))


def draw_page(run, tool, python):
    """Everything above as one page with plots. Drawing is a view of results already
    saved: a failure is reported and counted as "could not", but it cannot hide the
    benchmarks' own status; a Python without matplotlib only leaves the page out."""
    show()
    show("== HTML page")
    probe = subprocess.run([python, "-c", "import matplotlib"], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, env=python_env())
    if probe.returncode != 0:
        # html_report.py would exit 2 here, the status of bad input: the reports are
        # fine, only this Python lacks a package.
        say(f"bench.py: the HTML page needs matplotlib, which {python} cannot import: "
            f"{python} -m pip install matplotlib (Debian: apt-get install python3-matplotlib); "
            "the reports are written")
        return
    command = [python, str(SCRIPTS / "html_report.py"), str(run.out)]
    if tool.name != "wine":  # the page runs shmbench itself, so it must be a native program
        command += ["--shmbench", str(tool.program("shmbench"))]
    started = time.monotonic()
    code, text = capture(command, env=python_env())
    finished("HTML page", started, code)
    if code == 0:
        show(f"page: {text.strip()}")
    else:
        say("bench.py: the HTML page could not be drawn (the reports are intact)")
        run.note(EXIT_COULD_NOT)


# --- the output folder and `latest` ----------------------------------------------------

def make_out_folder(root):
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BadInput(f"--out-root {root}: cannot make it ({error.strerror or error})")
    while True:
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        try:
            (root / stamp).mkdir()
            return root / stamp
        except FileExistsError:
            time.sleep(1)  # a run started in the same second: take the next one
        except OSError as error:
            raise BadInput(f"--out-root {root}: cannot write there ({error.strerror or error})")


def is_link(path):
    """A symlink, or on Windows a directory junction: a pointer to remove, never a folder
    to empty."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    junction = getattr(info, "st_reparse_tag", 0) == getattr(stat, "IO_REPARSE_TAG_MOUNT_POINT", -1)
    return stat.S_ISLNK(info.st_mode) or junction


def remove_link(path):
    try:
        os.unlink(path)
    except OSError:
        os.rmdir(path)  # a directory symlink or junction on Windows: removes the link only


def point_latest(root, folder):
    """Points ROOT/latest at the run's folder; returns how. A relative symlink (as
    `ln -sfn`); on Windows, where a symlink needs a privilege (or Developer Mode), a
    directory junction; failing both, latest.txt naming the folder."""
    latest, note = root / "latest", root / "latest.txt"
    how = None
    if not ON_WINDOWS:
        temporary = root / f".latest-{os.getpid()}"
        try:
            os.symlink(folder.name, temporary)
            os.replace(temporary, latest)  # atomic: never a moment without `latest`
            how = "a symlink"
        except OSError:
            if os.path.lexists(temporary):
                os.unlink(temporary)
    else:
        if is_link(latest):
            remove_link(latest)
        if not os.path.lexists(latest):
            try:
                os.symlink(folder.name, latest, target_is_directory=True)
                how = "a symlink"
            except OSError:
                try:
                    subprocess.run(["cmd", "/c", "mklink", "/J", "latest", str(folder)], cwd=str(root),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                except OSError:
                    pass
                if is_link(latest):
                    how = "a directory junction"
    if how is not None:
        if note.exists():
            note.unlink()  # an older run's fallback would contradict the link
        return f"{latest} is {how} to it"
    with open(note, "w", encoding="utf-8") as handle:
        handle.write(folder.name + "\n")
    return f"{note} names it ({latest} could not be made a link)"


# --- the whole job ---------------------------------------------------------------------

def on_sigterm(signum, frame):
    raise KeyboardInterrupt()


def main(argv):
    setup_stdio()
    if not ON_WINDOWS:
        # SIGTERM as Ctrl-C: the running program is stopped as shmbench stops, not orphaned.
        signal.signal(signal.SIGTERM, on_sigterm)
    out = None
    try:
        options = parse_options(argv)
        check_suite(micro_args(options.run_args))
        names = choose_platforms(options)
        python = check_python(options.python)
        if not options.no_build:
            build(options, names)
        platforms = [Platform(n, options.build_dir or REPO / PLATFORMS[n]["build"]) for n in names]
        check_programs(platforms)
        tool = choose_tool(platforms)
        check_run_options(tool, options)
        harness_args, transfer_own = split_run_args(options.run_args)
        check_run_arguments(platforms[0], harness_args, transfer_args(micro_args(harness_args), transfer_own))
        out = make_out_folder(options.out_root)
        run = Run(out, options)
        status = bench(run, platforms, tool, python)
        if status is not None:
            return status
    except BadInput as error:
        say(f"bench.py: {error}")
        return EXIT_BAD_INPUT
    except (Interrupted, KeyboardInterrupt):
        where = f"; what was written stays in {out}" if out is not None else ""
        say(f"bench.py: interrupted{where}")
        return EXIT_INTERRUPTED
    pointer = point_latest(options.out_root, out)
    written = [f"{name}.json" for name in REPORTS if run.file(f"{name}.json").is_file()]
    if run.file("index.html").is_file():
        written.append("index.html")
    say(f"reports: {out}: {', '.join(written) or 'none'}; {pointer}")
    return run.status


def bench(run, platforms, tool, python):
    """Every step, in bench.sh's order. Returns a status to exit with at once (bad
    arguments), else None and leaves the run's status in run.status."""
    args, transfer_own = split_run_args(run.options.run_args)
    micro = micro_args(args)
    cpus = wine_cpus()
    for index, platform in enumerate(platforms):
        code = run_harness(run, platform, args, cpus)
        # Bad arguments are bad on every platform: say it once, and keep no empty folder.
        if index == 0 and code == EXIT_BAD_INPUT:
            shutil.rmtree(run.out, ignore_errors=True)
            return EXIT_BAD_INPUT
        run_micro(run, platform, micro, cpus)
    for platform in platforms:
        run_transfer(run, platform, transfer_args(micro, transfer_own))
    for platform in platforms:
        run_crosscheck(run, platform, python)
    for platform in platforms:
        boost_vs_raw(run, tool, platform)
    run_exports(run, tool)
    draw_page(run, tool, python)
    return None


if __name__ == "__main__":
    sys.exit(run_main("bench.py", main, sys.argv[1:]))
