"""An interval ("forest") plot: one row per estimate, a dot with its confidence interval,
on a log ratio axis with the no-change line at 1. The Boost/raw overhead and the A/B
comparison both draw ratios with intervals, so they share this one drawing."""

from dataclasses import dataclass

from . import figures


@dataclass
class Estimate:
    label: str  # e.g. "copy 1MiB"
    group: str  # rows of one group sit together, separated by a thin line
    value: float
    lower: float  # None when the interval is unknown (too few repetitions)
    upper: float
    colour: str
    significant: bool  # a filled dot; hollow when the test found no difference


def draw_axis(axis, estimates, title, xlabel, bands=()):
    """Draws onto axis; bands are (low, high) ratio ranges shaded as "no real change"."""
    rows = list(reversed(estimates))  # the first estimate on top
    for low, high in bands:
        axis.axvspan(low, high, color="grey", alpha=0.12, linewidth=0)
    axis.axvline(1.0, color="black", linewidth=0.8)
    clamp = figures.clamp_ratio
    for y, estimate in enumerate(rows):
        if estimate.lower is not None and estimate.upper is not None:
            axis.plot([clamp(estimate.lower), clamp(estimate.upper)], [y, y], color=estimate.colour, linewidth=1.6)
        axis.plot([clamp(estimate.value)], [y], marker="o", markersize=5, color=estimate.colour,
                  markerfacecolor=estimate.colour if estimate.significant else "white")
    for y in range(1, len(rows)):
        if rows[y].group != rows[y - 1].group:
            axis.axhline(y - 0.5, color="grey", linewidth=0.5, alpha=0.5)
    axis.set_yticks(range(len(rows)))
    axis.set_yticklabels([e.label for e in rows], fontsize="small")
    axis.set_ylim(-0.7, len(rows) - 0.3)
    figures.ratio_axis(axis, "x", [v for e in rows for v in (e.value, e.lower, e.upper)])
    axis.grid(True, axis="x", which="both", alpha=0.25)
    axis.set_title(title)
    axis.set_xlabel(xlabel)


def height(count):
    return 1.2 + 0.19 * count
