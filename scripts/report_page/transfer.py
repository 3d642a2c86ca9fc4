"""Latency percentiles of transfer rows (writer-to-reader hand-off), where a report has
them: one line per row across p50, p90, p99, p99.9 and max.

The transfer scenario is not in the harness yet. Its rows are expected to be named
transfer.../<backend>/<size>... and to carry flat counters p50_ns, p90_ns, p99_ns,
p99.9_ns (or p999_ns) and max_ns, like the lifecycle medians do; this module draws
whatever of those a row carries and nothing when no row has them."""

import re

from . import figures

CAPTION = ("Transfer latency percentiles per row (log scale): how long a hand-off from the writer to the reader "
           "took at the 50th, 90th, 99th and 99.9th percentile and at worst.")

_PERCENTILE = re.compile(r"^p(\d+(?:\.\d+)?)_ns$")


def _points(row):
    """[(percentile, ns)] of a row's counters, ascending; max_ns as 100."""
    points = []
    for key, value in row.items():
        if not isinstance(value, (int, float)):
            continue
        match = _PERCENTILE.match(key)
        if match:
            text = match.group(1)
            percentile = 99.9 if text == "999" else float(text)
        elif key == "max_ns":
            percentile = 100.0
        else:
            continue
        points.append((percentile, float(value)))
    return sorted(points)


def rows(report):
    """{row name: [(percentile, ns)]}: from the median aggregate where there is one, else
    from the single iteration row, of every transfer row with at least two percentiles."""
    medians, iterations = {}, {}
    for row in report.benchmarks:
        if not isinstance(row, dict) or row.get("error_occurred"):
            continue
        name = str(row.get("run_name", ""))
        points = _points(row)
        if not name.startswith("transfer") or len(points) < 2:
            continue
        if row.get("aggregate_name") == "median":
            medians[name] = points
        elif row.get("run_type", "iteration") == "iteration":
            iterations.setdefault(name, points)
    return {**iterations, **medians}


def draw(found, title):
    if not found:
        return None
    figure, axes = figures.new_figure(9, 4.2)
    axis = axes[0][0]
    order = sorted({percentile for points in found.values() for percentile, _ in points})
    for index, (name, points) in enumerate(found.items()):
        axis.plot([order.index(p) for p, _ in points], [v for _, v in points], marker="o",
                  color=f"C{index % 10}", label=name)
    axis.set_xticks(range(len(order)))
    axis.set_xticklabels(["max" if p == 100.0 else f"p{p:g}" for p in order])
    figures.log_axis(axis, formatter=figures.NS_FORMATTER)
    axis.grid(True, which="both", alpha=0.3)
    axis.legend(fontsize="x-small")
    axis.set_title(title)
    return figure
