"""An A/B or compare result (`shmbench compare A B --format json`, `shmbench ab --out`):
per row, the change contender / baseline with its confidence interval and the verdict
shmbench gave (regression, improvement, no significant change)."""

from . import figures, forest

CAPTION = ("Change per row, contender against baseline: the Hodges–Lehmann ratio of the compared metric "
           "(time: above 1 is slower; bytes or items per second: above 1 is faster) with its confidence "
           "interval. Colour is shmbench's verdict: red a regression, green an improvement, grey no "
           "significant change (hollow). The shaded band is the threshold within which a change is not "
           "called a regression or improvement.")

_METRIC_TEXT = {"bytes_per_second": "bytes/s", "items_per_second": "items/s"}
_COLOURS = {"regression": "tab:red", "improvement": "tab:green", "no_significant_change": "tab:grey"}


def estimates(comparison):
    """(estimates to draw, [(name, status, note)] of the rows without a ratio)."""
    drawn, other = [], []
    for row in comparison.get("rows") or []:
        status = row.get("status", "?")
        ratio = row.get("ratio")
        if status not in _COLOURS or not isinstance(ratio, (int, float)):
            other.append((row.get("name", "?"), status, row.get("note", "")))
            continue
        interval = row.get("ratio_ci")
        lower, upper = interval if isinstance(interval, list) and len(interval) == 2 else (None, None)
        name = str(row.get("name", "?"))
        metric = row.get("metric", "time")
        label = name if metric == "time" else f"{name} ({_METRIC_TEXT.get(metric, metric)})"
        drawn.append(forest.Estimate(label, name.split("/")[0], ratio, lower, upper, _COLOURS[status],
                                     status != "no_significant_change"))
    return drawn, other


def draw(comparison, title):
    drawn, other = estimates(comparison)
    if not drawn:
        return None, other
    threshold = (comparison.get("options") or {}).get("threshold")
    bands = [(1 - threshold, 1 + threshold)] if isinstance(threshold, (int, float)) and 0 < threshold < 1 else []
    # Very long comparisons go into columns so the page stays readable.
    columns = (len(drawn) + 59) // 60
    per_column = (len(drawn) + columns - 1) // columns
    figure, axes = figures.new_figure(7.5 * columns, forest.height(min(len(drawn), per_column)), 1, columns)
    for c, axis in enumerate(axes[0]):
        part = drawn[c * per_column:(c + 1) * per_column]
        forest.draw_axis(axis, part, title if columns == 1 else f"{title} ({c + 1}/{columns})",
                         "contender / baseline", bands)
    figure.tight_layout()
    return figure, other


def summary_text(comparison):
    summary = comparison.get("summary") or {}
    parts = [f"{summary[k]} {k.replace('_', ' ')}" for k in
             ("regressions", "improvements", "no_significant_change", "errors", "not_compared",
              "only_in_baseline", "only_in_contender") if summary.get(k)]
    options = comparison.get("options") or {}
    judged = ", ".join(f"{k} {options[k]}" for k in ("metric", "correction", "alpha", "threshold") if k in options)
    return "; ".join(parts) + (f" ({judged})" if judged else "")
