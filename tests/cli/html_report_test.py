#!/usr/bin/python3
"""Draws the HTML report from real reports and opens it in headless Chromium.

html_report_test.py page BROWSER -- SHMBENCH SHMBENCH-MICRO
    A quick-suite harness report (5 repetitions), a small transfer-quick report (the
    platform's raw backend and heap, two sizes, 3 repetitions) and a tiny micro-benchmark report are made in a
    temporary folder; scripts/html_report.py draws them (with a comparison and a trend
    file beside them) into another; the page must name index.html on stdout, reference
    nothing outside itself, draw the transfer report as transfer (ping-pong percentiles,
    histograms, stream throughput) and not through the lifecycle or Boost/raw plots, and
    in a headless Chromium-based BROWSER (chromium, Chrome or Edge) decode every image (non-zero naturalWidth: the page's own load script
    writes the count into the DOM), show the platform header and the transfer sections,
    and give a screenshot that is not a single colour.

html_report_test.py bad-input
    A missing folder, malformed JSON, a folder without a report, a bad trend file, a bad
    comparison file, a missing --out parent, bad arguments and a Python without
    matplotlib: each exits 2 with one line on stderr and writes nothing.

Runs with the Python it is started with; needs matplotlib and numpy there, and for the
page a browser (CMake looks for one and passes its path, empty when none was found):
skipped, with the reason, without them. scripts/setup-deps.sh installs Debian's
python3-matplotlib and chromium. Writes only into temporary folders.
"""

import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_env import Checks, require_modules, skip  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HTML_REPORT = os.path.join(REPO, "scripts", "html_report.py")
PYTHON = sys.executable
# The platform this build runs on names the report files and the page's headings.
PLATFORM = "windows" if os.name == "nt" else "linux"
RAW_BACKEND = "win32" if PLATFORM == "windows" else "posix"
MICRO_TINY = ["--suite=quick", "--benchmark_min_time=0.001", "--benchmark_repetitions=2"]
# A few seconds: every mode and wait strategy, one shared backend and the thread reference.
TRANSFER_SMALL = ["--suite", "transfer-quick", "--backends", f"{RAW_BACKEND},heap", "--sizes", "64,4KiB",
                  "--repetitions", "3"]

checks = Checks()
expect = checks.expect


def run(command, timeout=300):
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=timeout)
    return done.returncode, done.stdout, done.stderr


def must(command, what, accepted=(0,)):
    code, out, err = run(command)
    if code not in accepted:
        sys.exit(f"FAIL: {what} exited {code}: {err.strip()[-2000:]}")
    return out


def listing(folder):
    """Every file under folder with its size and time, to see that nothing changed."""
    found = {}
    for root, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            found[path] = (os.path.getsize(path), os.path.getmtime(path))
    return found


# -- page ----------------------------------------------------------------------------------


def chromium(browser, profile, *arguments):
    """Headless Chromium on the page. Root needs --no-sandbox; its own profile folder
    keeps it from touching the user's; the virtual time budget lets the load script run
    before the DOM is dumped or the screenshot taken."""
    return must([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                 f"--user-data-dir={profile}", "--virtual-time-budget=10000", *arguments], "chromium")


def not_blank(png_path):
    """True when the screenshot has more than one colour over a real share of it."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.image
    import numpy
    pixels = matplotlib.image.imread(png_path)[..., :3]
    background = pixels[0, 0]
    differing = numpy.any(numpy.abs(pixels - background) > 0.05, axis=-1).mean()
    return differing > 0.02, f"{differing:.1%} of the pixels differ from the corner's colour"


def check_page(browser, shmbench, micro):
    work = tempfile.mkdtemp(prefix="shmbench-html-test-")
    try:
        reports, out = os.path.join(work, "reports"), os.path.join(work, "page")
        os.mkdir(reports)
        harness = os.path.join(reports, f"{PLATFORM}.json")
        must([shmbench, "run", "--suite", "quick", "--repetitions", "5", "--out", harness], "shmbench run")
        must([shmbench, "run", *TRANSFER_SMALL, "--out", os.path.join(reports, f"transfer-{PLATFORM}.json")],
             "shmbench run --suite transfer-quick")
        must([micro, *MICRO_TINY, f"--benchmark_out={os.path.join(reports, f'micro-{PLATFORM}.json')}",
              "--benchmark_out_format=json"], "shmbench-micro")
        # A comparison of the report with itself and a one-series trend file: inputs for the
        # optional sections, kept outside the report folder.
        comparison = os.path.join(work, "compare.json")
        with open(comparison, "w", encoding="utf-8") as handle:
            handle.write(must([shmbench, "compare", harness, harness, "--format", "json"], "shmbench compare"))
        trend = os.path.join(work, "trend.json")
        with open(trend, "w", encoding="utf-8") as handle:
            json.dump({"schema": "shmbench-trend/1", "series": [{
                "name": "copy/posix/65536", "platform": "linux", "unit": "bytes_per_second", "points": [
                    {"date": "2026-11-01T10:00:00+00:00", "git_revision": "a", "median": 4.0e10,
                     "repetitions": [3.9e10, 4.0e10, 4.1e10]},
                    {"date": "2026-11-02T10:00:00+00:00", "git_revision": "b", "median": 4.2e10,
                     "repetitions": [4.1e10, 4.2e10, 4.3e10]}]}]}, handle)
        before = listing(reports)

        code, stdout, stderr = run([PYTHON, HTML_REPORT, reports, "--out", out, "--shmbench", shmbench,
                                    "--compare-json", comparison, "--history", trend])
        index = os.path.join(out, "index.html")
        expect(code == 0, "html_report.py exits 0", f"exit {code}: {stderr.strip()}")
        expect(stdout.strip() == index, "it prints the page's path", repr(stdout))
        expect(listing(reports) == before, "the report folder is left as it was (--out elsewhere)")
        if not os.path.isfile(index):
            return
        pngs = sorted(f for f in os.listdir(out) if f.endswith(".png"))
        for part in ("throughput", "lifecycle", "boost-vs-raw", "crosscheck", "comparison", "history"):
            expect(any(part in name for name in pngs), f"a {part} plot is drawn", ", ".join(pngs))
        for part in ("pingpong", "histograms", "stream"):
            expect(f"transfer-{PLATFORM}-{part}.png" in pngs, f"the transfer report's {part} plot is drawn", ", ".join(pngs))
        expect(not any(n.startswith(f"transfer-{PLATFORM}-") and n[len(f"transfer-{PLATFORM}-"):-4] not in
                       ("pingpong", "histograms", "stream") for n in pngs),
               "the transfer report is not drawn as lifecycle, throughput or Boost/raw", ", ".join(pngs))
        with open(index, encoding="utf-8") as handle:
            text = handle.read()
        expect(not re.search(r"""(src|href)\s*=\s*["']?(https?:|//|file:)""", text),
               "the page loads nothing from outside itself")
        expect(text.count('src="data:image/png;base64,') == len(pngs), "every PNG is embedded as a data: URI",
               f"{text.count('data:image/png')} embedded, {len(pngs)} files")

        profile = os.path.join(work, "chromium-profile")
        url = pathlib.Path(index).as_uri()
        dom = chromium(browser, profile, "--dump-dom", url)
        loaded = re.search(r'data-images-loaded="(\d+)/(\d+)"', dom)
        expect(loaded is not None, "the page's load script ran in Chromium")
        if loaded:
            decoded, total = int(loaded.group(1)), int(loaded.group(2))
            expect(total == len(pngs) and decoded == total, "Chromium decoded every image (naturalWidth > 0)",
                   f"{decoded} of {total} decoded, {len(pngs)} PNG files")
        with open(harness, encoding="utf-8") as handle:
            context = json.load(handle)["context"]["shmbench"]
        expect("What ran where" in dom, "the page has its header")
        for heading in (f"{PLATFORM.capitalize()} transfer: transfer-{PLATFORM}.json", "Ping-pong round trip", "Round-trip histograms",
                        "Stream throughput"):
            expect(heading in dom, f"the page has the transfer heading {heading!r}")
        for value in (context["platform"]["os_version"], context["timer"]["source"],
                      context["build"]["git_revision"], context["build"]["compiler"]):
            expect(value in dom, f"the header shows {value!r}")

        screenshot = os.path.join(work, "screenshot.png")
        chromium(browser, profile, f"--screenshot={screenshot}", "--window-size=1280,2000", url)
        if os.path.isfile(screenshot):
            ok, detail = not_blank(screenshot)
            expect(ok, "the screenshot is not blank", detail)
        else:
            expect(False, "Chromium wrote a screenshot")
    finally:
        shutil.rmtree(work, ignore_errors=True)


# -- bad input -----------------------------------------------------------------------------


def check_bad_input():
    work = tempfile.mkdtemp(prefix="shmbench-html-bad-")
    try:
        def folder(name, files):
            path = os.path.join(work, name)
            os.mkdir(path)
            for file_name, text in files.items():
                with open(os.path.join(path, file_name), "w", encoding="utf-8") as handle:
                    handle.write(text)
            return path

        report = json.dumps({"context": {"shmbench": {"platform": {"os": "linux"}}}, "benchmarks": []})
        good = folder("good", {"linux.json": report})
        malformed = folder("malformed", {"linux.json": '{"benchmarks": ['})
        no_report = folder("no-report", {"notes.json": '{"a": 1}', "readme.txt": "x"})
        inputs = folder("inputs", {"trend.json": '{"schema": "other"}', "compare.json": '{"rows": []}',
                                   "bad-date.json": json.dumps({"schema": "shmbench-trend/1", "series": [
                                       {"name": "copy/posix/4096", "points": [{"date": "yesterday",
                                                                               "median": 1}]}]})})
        out = folder("out", {})
        # A package named matplotlib that fails to import stands for a Python without it.
        fake = folder("no-matplotlib", {})
        os.mkdir(os.path.join(fake, "matplotlib"))
        with open(os.path.join(fake, "matplotlib", "__init__.py"), "w", encoding="utf-8") as handle:
            handle.write('raise ImportError("no matplotlib here")\n')

        cases = [
            ("a missing folder", [os.path.join(work, "missing")], {}),
            ("malformed JSON", [malformed], {}),
            ("malformed JSON, --out elsewhere", [malformed, "--out", out], {}),
            ("a folder without a report", [no_report], {}),
            ("a trend file of another schema", [good, "--out", out, "--history", os.path.join(inputs, "trend.json")], {}),
            ("a trend point with a bad date", [good, "--out", out, "--history",
                                               os.path.join(inputs, "bad-date.json")], {}),
            ("a file that is not compare output", [good, "--out", out, "--compare-json",
                                                   os.path.join(inputs, "compare.json")], {}),
            ("--compare with a malformed report", ["--compare", os.path.join(good, "linux.json"),
                                                   os.path.join(malformed, "linux.json"), "--out", out], {}),
            ("--compare without --out", ["--compare", os.path.join(good, "linux.json"),
                                         os.path.join(good, "linux.json")], {}),
            ("an --out whose parent is missing", [good, "--out", os.path.join(work, "none", "page")], {}),
            ("no folder and no --compare", [], {}),
            ("an unknown option", [good, "--bogus"], {}),
            ("a Python without matplotlib", [good], {"PYTHONPATH": fake}),
        ]
        before = listing(work)
        for what, arguments, environment in cases:
            done = subprocess.run([PYTHON, HTML_REPORT, *arguments], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True, timeout=120, env={**os.environ, **environment})
            lines = done.stderr.strip().splitlines()
            expect(done.returncode == 2 and len(lines) == 1 and lines[0].startswith("html_report: ")
                   and not done.stdout, f"{what}: exit 2 and one line on stderr",
                   f"exit {done.returncode}, stderr {done.stderr!r}, stdout {done.stdout!r}")
            expect(listing(work) == before, f"{what}: nothing written")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv):
    if len(argv) == 6 and argv[1] == "page" and argv[3] == "--":
        require_modules("matplotlib", "numpy")
        browser = argv[2]
        if not browser or browser.endswith("NOTFOUND") or not os.path.isfile(browser):
            skip("no Chromium-based browser was found (Debian: apt-get install chromium; Windows: Edge or Chrome, "
                 "or configure with -DSHMBENCH_BROWSER=<path>)")
        check_page(browser, argv[4], argv[5])
    elif argv[1:] == ["bad-input"]:
        require_modules("matplotlib")
        check_bad_input()
    else:
        sys.exit("usage: html_report_test.py page BROWSER -- SHMBENCH SHMBENCH-MICRO | bad-input")
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
