#!/usr/bin/python3
"""Draws shmbench reports as one self-contained HTML page with PNG plots.

  html_report.py FOLDER [--out DIR]
      every report in FOLDER (e.g. reports/out/latest: linux.json, windows.json,
      transfer-*.json, micro-*.json); the page goes to FOLDER unless --out says otherwise
  html_report.py --compare BASELINE.json CONTENDER.json --out DIR
      a comparison page: shmbench compare BASELINE CONTENDER, drawn
Options for both:
  --compare-json FILE   precomputed `shmbench compare --format json` or `ab --out` output
                        (drawn as a comparison), or `compare --pair` output (drawn as the
                        Boost/raw overhead instead of running shmbench); may repeat
  --history TREND.json  `shmbench history trend --format json`: a plot per operation
  --shmbench PATH       the shmbench executable (default: build/linux/bin/shmbench of
                        this checkout), run for the Boost/raw tables and --compare

Writes index.html (images embedded as data: URIs: it opens from the file system, with
no server and no network) and the PNGs beside it, prints index.html's path, exits 0.
Bad input (a missing folder, malformed JSON, a folder without a report) is one line on
stderr and exit status 2, and nothing is written. Needs matplotlib: Debian's
python3-matplotlib, in /usr/bin/python3.
"""

import argparse
import logging
import os
import sys
import warnings

sys.dont_write_bytecode = True  # nothing written under scripts/ (no __pycache__ for report_page or script_input)
SCRIPTS = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(SCRIPTS)


def fail(message, status=2):
    print(f"html_report: {message}", file=sys.stderr)
    sys.exit(status)


if sys.argv[1:2] in (["-h"], ["--help"]):  # the usage needs no matplotlib
    print(__doc__)
    sys.exit(0)

# Stderr is for the one line of a failure: matplotlib's and numpy's warnings and log
# messages (building the font cache on a first run; on data the loaders let through, a
# panel with nothing to put on its log axis or in its legend, an overflow drawing values
# near a double's limit) would add lines to a run that succeeds.
warnings.simplefilter("ignore")
logging.getLogger("matplotlib").setLevel(logging.CRITICAL)

try:
    import matplotlib  # noqa: F401  (checked here so the message can say what to install)
except ImportError:
    fail(f"matplotlib is missing from {sys.executable}: install Debian's python3-matplotlib "
         "(apt-get install python3-matplotlib) and run this script with /usr/bin/python3")

sys.path.insert(0, SCRIPTS)  # report_page, script_input.py and crosscheck.py live beside this script
from report_page import header, inputs, page, sections, shmbench_tool  # noqa: E402
from script_input import BadInput, run_main  # noqa: E402


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2, as every bad input
        fail(f"{message} (see --help)")


def parse(argv):
    parser = _Parser(prog="html_report.py", description=__doc__.split("\n")[0],
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", help="a report folder (e.g. reports/out/latest)")
    parser.add_argument("--compare", nargs=2, metavar=("BASELINE", "CONTENDER"))
    parser.add_argument("--out", help="where index.html and the PNGs go (default: FOLDER)")
    parser.add_argument("--compare-json", action="append", default=[], metavar="FILE")
    parser.add_argument("--history", metavar="TREND.json")
    parser.add_argument("--shmbench", default=shmbench_tool.default_binary(REPO), metavar="PATH")
    args = parser.parse_args(argv)
    if (args.folder is None) == (args.compare is None):
        fail("give a report FOLDER or --compare BASELINE CONTENDER (see --help)")
    if args.compare and not args.out:
        fail("--compare needs --out DIR")
    return args


def output_folder(args):
    """The folder to write into: it must exist, or its parent must (then it is made)."""
    out = os.path.abspath(args.out or args.folder)
    if os.path.exists(out) and not os.path.isdir(out):
        raise BadInput(f"cannot write to {out}: it is a file, not a folder")
    if not os.path.isdir(out) and not os.path.isdir(os.path.dirname(out)):
        raise BadInput(f"cannot write to {out}: neither it nor its parent folder exists")
    return out


def split_comparisons(paths):
    """(A/B comparisons, {report platform: compare --pair output})."""
    results, pairs = [], {}
    for path in paths:
        result = inputs.load_comparison(path)
        if result["kind"] == "comparison":
            results.append((path, result))
        else:
            pairs[(result.get("report") or {}).get("platform", "")] = result
    return results, pairs


def folder_page(args, comparisons, pairs):
    reports, others = inputs.load_folder(args.folder)
    harness = [r for r in reports if r.kind == "harness"]
    micro = [r for r in reports if r.kind == "micro"]
    body = []
    # Lifecycle reports first (their sections pair with the micro reports), then transfer.
    for report in sorted(harness, key=lambda r: r.scenario != "lifecycle"):
        scenario = report.scenario
        if scenario == "transfer":
            body += sections.transfer_sections(report)
        elif scenario == "lifecycle":
            partners = [m for m in micro if m.platform == report.platform]
            body += sections.harness_sections(report, partners, args.shmbench, pairs.get(report.platform))
        else:
            body += sections.other_scenario_section(report)
    stress = [r for r in reports if r.kind == "stress"]
    for report in stress:
        body.append(stress_section(report))
        scaling = sections.fanout_scaling_section(report)
        if scaling is not None:
            body.append(scaling)
    if micro and not harness:
        body.append(page.Section("Micro-benchmarks", notes=["only micro-benchmark reports here: their context is "
                                                            "above; the plots need a harness report"]))
    folder = os.path.abspath(args.folder)
    transfers = sum(1 for r in harness if r.scenario == "transfer")
    subtitle = (f"{len(harness)} harness report(s) ({transfers} of them transfer), "
                f"{len(micro)} micro-benchmark report(s) in {folder}")
    if stress:
        subtitle += f", {len(stress)} stress report(s)"
    if others:
        subtitle += f"; not drawn (not reports): {', '.join(others)}"
    return page.Page(f"shmbench report: {os.path.basename(folder)}", subtitle, header.columns(reports), body,
                     header.warnings(reports))


# The counters a stress row is read by, in the order shown (reports/README.md, "Stress reports");
# inputs checks that a row's are numbers.
STRESS_COUNTERS = inputs.STRESS_COUNTERS


def stress_section(report):
    """A stress report (shmbench stress) as one table: every row, held or not, its counters and label."""
    rows = []
    for row in report.benchmarks:
        counters = ", ".join(f"{c} {row[c]:.6g}" for c in STRESS_COUNTERS if c in row)
        outcome = "ERROR: " + row.get("error_message", "") if row.get("error_occurred") else "held"
        rows.append([row["name"], outcome, counters, row.get("label", "")])
    run = report.data["context"]["shmbench"]["run"]
    return page.Section(f"Stress ({report.platform}): {os.path.basename(report.path)}",
                        notes=[f"{len(rows)} rows, {run['failed_rows']} failed, {run['duration_seconds']:.0f} s"
                               + ("; interrupted" if run["interrupted"] else "")],
                        table=(["row", "outcome", "counters", "label"], rows))


def compare_page(args):
    baseline, contender = (inputs.load_report(p) for p in args.compare)
    result = shmbench_tool.compare_reports(args.shmbench, *args.compare)
    body = [sections.comparison_section(result, "comparison", "Comparison: contender against baseline")]
    return page.Page("shmbench comparison", f"baseline {args.compare[0]}, contender {args.compare[1]}",
                     header.columns([baseline, contender]), body, header.warnings([baseline, contender]))


def main(argv):
    """Bad input (BadInput, from every loader in report_page.inputs) ends in run_main:
    one line, exit 2, before anything is written."""
    args = parse(argv)
    out = output_folder(args)
    comparisons, pairs = split_comparisons(args.compare_json)
    trend = inputs.load_trend(args.history) if args.history else None
    built = compare_page(args) if args.compare else folder_page(args, comparisons, pairs)
    for index, (path, result) in enumerate(comparisons):
        name = "comparison" if len(comparisons) == 1 else f"comparison-{index + 1}"
        built.sections.append(sections.comparison_section(result, name, f"Comparison ({os.path.basename(path)})"))
    if trend is not None:
        built.sections += sections.history_sections(trend)
    try:
        os.makedirs(out, exist_ok=True)
        index = page.write(built, out)
    except OSError as error:
        fail(f"cannot write the page into {out}: {error.strerror}", status=3)
    print(index)
    return 0


if __name__ == "__main__":
    sys.exit(run_main("html_report", main, sys.argv[1:]))
