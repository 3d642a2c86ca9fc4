#!/usr/bin/python3
"""Runs scripts/bench.py, the main job, end to end on one platform's build.

bench_py_test.py run PLATFORM PROGRAMS [--python EXE] [--folder NAME]
    PLATFORM is linux, wine (the MinGW build under Wine) or windows (a native build);
    PROGRAMS is the build folder or the folder holding shmbench and shmbench-micro.
    bench.py --no-build runs every step with the smallest arguments that still reach it
    (quick suite, one size, three repetitions, the backends of the Boost/raw pairs; a
    transfer-only --batch, which must reach the transfer run alone, and a --timeout for both):
    harness, micro-benchmarks, transfer-quick, cross-check, compare --pair, export and
    the page, into a temporary output root named NAME (default: a space, "é" and "日本").
    It must exit 0, print the steps in bench.sh's order, write every expected file into
    the folder `latest` points to, and write nothing under the source tree. The page is
    drawn when the Python given to bench.py (--python, default this one) has matplotlib;
    without it bench.py must say so in one line and still exit 0.

bench_py_test.py bad-input PLATFORM PROGRAMS
    An unknown option, an unknown platform, the other host's platform, an option without
    its value, --out (bench.py sets it), a --suite that is not a lifecycle suite, and values
    the harness or the transfer run refuses: each exits 2 with one line on stderr, and no
    output root is made.

Only the standard library: the Python that runs bench.py on Windows runs this too.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.dont_write_bytecode = True  # this test checks that nothing is written under the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_env import Checks  # noqa: E402

REPO = Path(__file__).resolve().parent.parent.parent
BENCH_PY = REPO / "scripts" / "bench.py"
ON_WINDOWS = os.name == "nt"
REPORT = {"linux": "linux", "wine": "windows", "windows": "windows"}
# The backends of each platform's Boost/raw pairs (bench.py compares only pairs a report
# holds both sides of): fewer would leave compare --pair unexercised.
BACKENDS = {"linux": "posix,boost-portable", "wine": "win32,boost-windows,boost-portable",
            "windows": "win32,boost-windows,boost-portable"}
SMALL = ["--suite", "quick", "--sizes", "4KiB", "--repetitions", "3"]
# A transfer-only option (the harness's lifecycle run would refuse it) and one both runs take.
TRANSFER_OPTIONS = ["--batch", "2ms", "--timeout", "120"]
TIMEOUT = 600

checks = Checks()
expect = checks.expect


def run_bench(args, scratch, timeout=TIMEOUT):
    """(exit status, stdout, stderr, seconds) of bench.py with these arguments. Output goes
    to files, not pipes: a wineserver a Windows program starts under Wine inherits pipes
    and holds them open after the program has exited."""
    with open(scratch / "stdout.txt", "w+b") as out, open(scratch / "stderr.txt", "w+b") as err:
        started = time.monotonic()
        try:
            code = subprocess.run([sys.executable, str(BENCH_PY)] + args, stdout=out, stderr=err,
                                  timeout=timeout).returncode
        except subprocess.TimeoutExpired:
            code = "timeout"
        seconds = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        # Universal newlines: a Windows program writes \r\n.
        text = [data.decode("utf-8", errors="replace").replace("\r\n", "\n") for data in (out.read(), err.read())]
    return code, text[0], text[1], seconds


def source_snapshot(skip):
    """Every file under the source tree with its size and time, but the build trees, the
    cached dependencies (with Wine's prefix) and git's own files."""
    found = {}
    for folder, subfolders, files in os.walk(REPO):
        here = Path(folder)
        subfolders[:] = [s for s in subfolders if (here / s).resolve() not in skip and s != ".git"]
        for name in files:
            path = here / name
            try:
                info = path.lstat()
            except OSError:
                continue
            found[str(path.relative_to(REPO))] = (info.st_size, info.st_mtime_ns)
    return found


def in_order(text, markers, what):
    position = 0
    for marker in markers:
        found = text.find(marker, position)
        if found < 0:
            expect(False, f"{what}: '{marker}' after the lines before it", text[-3000:])
            return
        position = found + len(marker)
    expect(True, f"{what} in bench.sh's order")


def latest_folder(root):
    """The folder root/latest points at: a symlink or junction, or latest.txt naming it."""
    latest = root / "latest"
    if os.path.lexists(latest):
        return Path(os.path.realpath(latest))
    note = root / "latest.txt"
    if note.is_file():
        return root / note.read_text(encoding="utf-8").strip()
    return None


def has_matplotlib(python):
    return subprocess.run([python, "-c", "import matplotlib"], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0


def check_run(platform, programs, python, folder_name):
    report = REPORT[platform]
    skip = {(REPO / name).resolve() for name in ("build", ".deps")} | {Path(programs).resolve()}
    before = source_snapshot(skip)
    scratch = Path(tempfile.mkdtemp(prefix="shmbench-bench-py-"))
    try:
        root = scratch / folder_name
        args = ["--no-build", "--platforms", platform, "--build-dir", str(programs), "--out-root", str(root),
                "--python", python, "--backends", BACKENDS[platform]] + SMALL + TRANSFER_OPTIONS
        code, out, err, seconds = run_bench(args, scratch)
        print(f"bench.py ran {seconds:.0f} s into {root}")
        expect(code == 0, "bench.py exits 0", f"exit {code}; stderr: {err[-3000:]}")

        in_order(err, [f"== {'linux' if platform == 'linux' else 'windows'}", f"== {report} micro-benchmarks",
                       f"micro-benchmarks ({report}):", f"== transfer: {report}"], "stderr's step headers")
        in_order(out, [f"== harness/micro cross-check ({report})", f"harness / micro cross-check ({report})",
                       f"== Boost against the raw API ({report}, {report}.json)",
                       f"== Boost against the raw API ({report}, micro-{report}.json)",
                       "== exports for CI trackers", "== HTML page"], "stdout's step headers")
        expect("_median " in out, "the micro-benchmarks' medians reach the screen as progress")

        folder = latest_folder(root)
        expect(folder is not None and folder.parent == root and folder.is_dir(),
               "latest points at a timestamped folder in the output root", str(folder))
        if folder is None or not folder.is_dir():
            return
        expected = [f"{report}.json", f"micro-{report}.json", f"micro-{report}.txt", f"transfer-{report}.json",
                    f"boost-vs-raw-{report}.txt", "github-action-benchmark-smaller.json",
                    "github-action-benchmark-bigger.json", "bencher.json"]
        for name in expected:
            expect((folder / name).is_file() and (folder / name).stat().st_size > 0, f"{name} written")
        other = "windows" if report == "linux" else "linux"
        expect(not any(folder.glob(f"*{other}*.json")), f"no {other} report (only {platform} ran)")

        def load(name):
            try:
                with open(folder / name, encoding="utf-8") as handle:
                    return json.load(handle)
            except (OSError, ValueError) as error:
                expect(False, f"{name} reads as JSON", str(error))
                return {}
        harness = load(f"{report}.json").get("context", {}).get("shmbench", {}).get("config", {})
        expect(harness.get("suite") == "quick" and harness.get("sizes") == [4096] and harness.get("repetitions") == 3,
               "the harness ran with the arguments given", str(harness))
        transfer_context = load(f"transfer-{report}.json").get("context", {}).get("shmbench", {})
        transfer = transfer_context.get("config", {})
        expect(transfer.get("suite") == "transfer-quick" and transfer.get("backends") == BACKENDS[platform].split(","),
               "transfer-quick ran (the quick suite's transfer), with --backends passed on", str(transfer))
        expect(transfer_context.get("transfer", {}).get("budget_ms") == 2 and transfer.get("timeout_seconds") == 120
               and harness.get("timeout_seconds") == 120,
               "--batch reached the transfer run alone, --timeout both runs",
               f"transfer {transfer_context.get('transfer', {}).get('budget_ms')} ms, "
               f"timeouts {transfer.get('timeout_seconds')} and {harness.get('timeout_seconds')}")
        micro = load(f"micro-{report}.json")
        micro_backends = {str(row.get("name", "")).split("/")[1] for row in micro.get("benchmarks", [])
                          if str(row.get("name", "")).count("/") >= 2}
        expect(micro.get("context", {}).get("shmbench_suite") == "quick"
               and micro_backends == set(BACKENDS[platform].split(",")),
               "the micro-benchmarks took --suite, --backends and --sizes", str(sorted(micro_backends)))
        pair = (folder / f"boost-vs-raw-{report}.txt").read_text(encoding="utf-8", errors="replace")
        expect(pair.count(" vs ") >= 2, "the Boost/raw tables of the harness and micro reports", pair[:500])
        exported = load("bencher.json")
        expect(any(name.startswith(f"{report}/") for name in exported), "the exports name this platform's rows",
               str(list(exported)[:3]))

        if has_matplotlib(python):
            expect((folder / "index.html").is_file(), "the page is drawn")
            expect(f"page: {folder / 'index.html'}" in out, "the page's path is printed", out[-500:])
        else:
            expect(not (folder / "index.html").exists(), "no page without matplotlib")
            lines = [line for line in err.splitlines() if "needs matplotlib" in line]
            expect(len(lines) == 1 and "pip install matplotlib" in lines[0] and "reports are written" in lines[0],
                   "one line says the page needs matplotlib and how to install it", err[-1500:])
        expect(f"reports: {folder}" in err and f"{report}.json" in err.splitlines()[-1],
               "the last line lists the reports written", err.splitlines()[-1] if err else "")

        after = source_snapshot(skip)
        changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
        expect(not changed, "nothing written under the source tree", ", ".join(changed[:10]))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def check_bad_input(platform, programs):
    other_host = "wine" if ON_WINDOWS else "windows"
    cases = [
        (["--frobnicate"], "an unknown option"),
        (["--platforms", "nosuch"], "an unknown platform"),
        (["--platforms", other_host], f"{other_host}, the other host's platform"),
        (["--platforms"], "--platforms without its value"),
        (["--out", "x.json"], "--out (bench.py sets it)"),
        (["--suite", "transfer"], "--suite transfer (bench.py runs the transfer suite itself)"),
        (["--backends", "nosuch"], "a value shmbench run refuses (judged before the harness step starts)"),
        (["--batch", "0ms"], "a value the transfer run refuses (judged before the harness step starts)"),
    ]
    scratch = Path(tempfile.mkdtemp(prefix="shmbench-bench-py-"))
    try:
        root = scratch / "out root"
        for extra, what in cases:
            args = ["--no-build", "--platforms", platform, "--build-dir", str(programs), "--out-root", str(root)]
            args += SMALL + extra
            code, out, err, _ = run_bench(args, scratch, timeout=120)
            lines = err.strip().splitlines()
            expect(code == 2 and len(lines) == 1 and lines[0].startswith("bench.py: "),
                   f"{what}: exit 2 and one line on stderr", f"exit {code}, stderr {err.strip()[-1000:]!r}")
            expect(not out.strip(), f"{what}: nothing on stdout", out[-500:])
            expect(not root.exists(), f"{what}: no output root made")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main(argv):
    if len(argv) < 3 or argv[0] not in ("run", "bad-input") or argv[1] not in REPORT:
        sys.exit("usage: bench_py_test.py run|bad-input linux|wine|windows PROGRAMS [--python EXE] [--folder NAME]")
    mode, platform, programs = argv[0], argv[1], Path(argv[2]).resolve()
    options = dict(zip(argv[3::2], argv[4::2]))
    unknown = set(options) - {"--python", "--folder"}
    if unknown or len(argv[3:]) % 2:
        sys.exit(f"bench_py_test.py: unknown or incomplete options {argv[3:]}")
    if mode == "run":
        check_run(platform, programs, options.get("--python", sys.executable),
                  options.get("--folder", "bench py é 日本"))
    else:
        check_bad_input(platform, programs)
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
