"""The harness/micro cross-check as a plot: per backend and size, the ratio of the
harness's median throughput to the micro-benchmark's, for copy, read and
read_unverified. The cells come from scripts/crosscheck.py (cross_check), so the page
and the text table bench.sh prints can never disagree."""

import crosscheck  # scripts/crosscheck.py: scripts/ is on sys.path when html_report.py runs

from . import figures

CAPTION = ("Harness against micro-benchmarks: median throughput of shmbench run (writer and reader in two "
           "processes) divided by shmbench-micro's (one process, Google Benchmark's loop), per backend and "
           "size. 1 is agreement. The shaded band is ±10 % from 1 MiB on, where scripts/crosscheck.py marks "
           "larger gaps (circled here); below 1 MiB fixed per-pass costs differ between the two tools.")

_STYLES = {"copy": "-", "read": "--", "read_unverified": ":"}


def cells(harness, micro):
    """(cells, None) or ([], why not) for a harness report and a micro report."""
    try:
        return crosscheck.cross_check(harness.benchmarks, micro.benchmarks, harness.name, micro.name), None
    except crosscheck.BadInput as error:
        return [], str(error)


def draw(found, title):
    if not found:
        return None
    sizes = sorted({c["size"] for c in found})
    figure, axes = figures.new_figure(9, 4.2)
    axis = axes[0][0]
    lines = {}
    for cell in found:
        lines.setdefault((cell["backend"], cell["operation"]), []).append(cell)
    for (backend, operation), line in lines.items():
        line.sort(key=lambda c: c["size"])
        axis.plot([c["size"] for c in line], [c["ratio"] for c in line], linestyle=_STYLES.get(operation, "-"),
                  marker="o", markersize=3, color=figures.backend_colour(backend), label=f"{backend} {operation}")
        gaps = [c for c in line if c["gap"]]
        axis.scatter([c["size"] for c in gaps], [c["ratio"] for c in gaps], s=90, facecolors="none",
                     edgecolors="red", linewidths=1.2)
    limit, start = crosscheck.GAP_LIMIT, crosscheck.GAP_FROM_BYTES
    if sizes[-1] >= start:
        axis.fill_between([start / 1.2, sizes[-1] * 1.2], 1 - limit, 1 + limit, color="green", alpha=0.1, linewidth=0)
    axis.axhline(1.0, color="black", linewidth=0.8)
    figures.ratio_axis(axis, "y", [c["ratio"] for c in found] + [1 - limit, 1 + limit])
    figures.size_axis(axis, sizes)
    axis.set_xlabel("buffer size")
    axis.set_ylabel("harness / micro (median throughput)")
    axis.grid(True, which="both", alpha=0.3)
    axis.legend(fontsize="x-small", ncol=2, loc="best")
    axis.set_title(title)
    return figure
