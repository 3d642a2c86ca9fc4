"""Trends over past runs (`shmbench history trend --format json`): one small plot per
platform and operation, one line per row (backend and size) through the runs' medians,
with each run's repetitions as dots, so a step in the line can be told from noise."""

from . import figures
from .inputs import parse_date

CAPTION = ("History: per platform and operation, the median of each run (line) and its repetitions (dots) by "
           "date, one line per backend and size. Times are per call, page or pass (lower is better); "
           "throughputs in GB/s (higher is better).")


def groups(trend):
    """{(platform, operation): [series]} in the file's order. Series in items/s (micro
    rows such as create_close) are kept apart from those in ns or bytes/s of the same
    operation name, so that one axis never mixes units."""
    found = {}
    for series in trend.get("series") or []:
        operation = series["name"].split("/")[0]
        if series.get("unit") == "items_per_second":
            operation += " (items/s)"
        found.setdefault((str(series.get("platform", "")), operation), []).append(series)
    return found


def draw(platform, operation, series_list):
    figure, axes = figures.new_figure(6, 3.4)
    axis = axes[0][0]
    items = any(s.get("unit") == "items_per_second" for s in series_list)
    rate = items or any(s.get("unit") == "bytes_per_second" for s in series_list)
    scale = 1e9 if rate and not items else 1.0
    for index, series in enumerate(series_list):
        points = sorted(((parse_date(p["date"]), p) for p in series["points"]), key=lambda item: item[0])
        if not points:
            continue
        colour = f"C{index % 10}"
        label = "/".join(series["name"].split("/")[1:]) or series["name"]
        axis.plot([d for d, _ in points], [p["median"] / scale for _, p in points], marker="o", markersize=3,
                  color=colour, label=label)
        for date, point in points:
            repetitions = [r / scale for r in point.get("repetitions") or [] if isinstance(r, (int, float))]
            axis.scatter([date] * len(repetitions), repetitions, s=9, color=colour, alpha=0.5, linewidths=0)
    figures.log_axis(axis, formatter=figures.PLAIN_FORMATTER if rate else figures.NS_FORMATTER)
    if rate:
        axis.set_ylabel("items/s" if items else "GB/s")
    axis.set_title(f"{operation} ({platform})" if platform else operation, fontsize="medium")
    axis.grid(True, alpha=0.3)
    axis.legend(fontsize="xx-small", ncol=2)
    figure.autofmt_xdate()
    return figure
