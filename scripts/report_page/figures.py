"""Matplotlib set-up every plot shares: a non-interactive backend (the page is drawn on
machines without a display), one colour per backend on every plot, PNG bytes out."""

import io

import matplotlib

matplotlib.use("Agg")  # before pyplot: no display, no GUI toolkit
import matplotlib.pyplot as plt  # noqa: E402  (must follow use())
from matplotlib.ticker import FixedLocator, FuncFormatter, LogLocator, NullLocator  # noqa: E402

DPI = 100

# The raw API of each platform is blue, Boost's wrappers warm colours, the in-process
# reference black, so a backend reads the same on the Linux and the Windows plots.
_BACKEND_COLOURS = {
    "win32": "tab:blue",
    "posix": "tab:blue",
    "boost-windows": "tab:orange",
    "boost-portable": "tab:red",
    "heap": "black",
}
_SPARE_COLOURS = ["tab:green", "tab:purple", "tab:brown", "tab:pink", "tab:olive", "tab:cyan"]


_spare_assigned = {}  # backend -> colour, for backends this module does not know


def backend_colour(backend):
    """A fixed colour for the known backends, a stable spare one for any other."""
    if backend in _BACKEND_COLOURS:
        return _BACKEND_COLOURS[backend]
    if backend not in _spare_assigned:
        _spare_assigned[backend] = _SPARE_COLOURS[len(_spare_assigned) % len(_SPARE_COLOURS)]
    return _spare_assigned[backend]


def size_text(size):
    """4096 -> 4KiB, as the reports and shmbench's tables spell sizes."""
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if size >= 1 << shift and size % (1 << shift) == 0:
            return f"{size >> shift}{unit}"
    return f"{size}B"


def ns_text(value, _position=None):
    """An axis label for a time in ns: 850 ns, 12 µs, 3.4 ms."""
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if abs(value) >= scale:
            return f"{value / scale:g} {unit}"
    return f"{value:g} ns"


NS_FORMATTER = FuncFormatter(ns_text)
PLAIN_FORMATTER = FuncFormatter(lambda value, _position=None: f"{value:g}")


def log_axis(axis, which="y", formatter=PLAIN_FORMATTER):
    """A log axis labelled at 1, 2 and 5 of each decade in plain numbers (or times):
    matplotlib's default, 2×10⁴, is hard to read and labels nothing inside one decade."""
    target = axis.yaxis if which == "y" else axis.xaxis
    (axis.set_yscale if which == "y" else axis.set_xscale)("log")
    target.set_major_locator(LogLocator(base=10, subs=(1.0,)))
    target.set_minor_locator(LogLocator(base=10, subs=(2.0, 5.0)))
    target.set_major_formatter(formatter)

    def minor(value, position=None):
        # Over more than two decades the 2s and 5s would crowd the labels: leave them bare.
        low, high = sorted(axis.get_ylim() if which == "y" else axis.get_xlim())
        return formatter(value, position) if low > 0 and high / low < 300 else ""

    target.set_minor_formatter(FuncFormatter(minor))
    axis.tick_params(axis=which, which="minor", labelsize="x-small")


def size_axis(axis, sizes):
    """A log2 x axis ticked at the sizes that ran, labelled 4KiB, 1MiB..."""
    axis.set_xscale("log", base=2)
    axis.set_xticks(sizes)
    axis.set_xticklabels([size_text(s) for s in sizes])
    axis.minorticks_off()


# Tick candidates for a ratio axis: fine steps near 1, where most ratios lie, and 1-2-5
# steps further out.
_FINE_RATIOS = [0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.5, 1.75, 2.0]
_COARSE_RATIOS = [m * 10.0 ** k for k in range(-4, 5) for m in (1, 2, 5)]
_RATIO_FLOOR = 1e-100


def clamp_ratio(value):
    """A ratio to draw, within 1e-100 and 1e100 (None stays None): beyond, a ratio of times
    near a double's limits, matplotlib's transforms overflow and fail."""
    return None if value is None else min(max(value, _RATIO_FLOOR), 1 / _RATIO_FLOOR)


def ratio_axis(axis, which, values):
    """A log axis for ratios (1 is no difference) fitted to values, with plain tick labels
    chosen for its range: matplotlib's log locator labels nothing on a range inside one
    decade (0.85 to 1.2), which is where most ratios lie."""
    values = [clamp_ratio(v) for v in values if v is not None and v > 0] + [1 / 1.05, 1.05]
    low, high = min(values) / 1.1, max(values) * 1.1  # room for the end markers
    ticks = [t for t in _FINE_RATIOS if low <= t <= high]
    if len(ticks) > 8 or high / low > 4:
        ticks = [t for t in _COARSE_RATIOS if low <= t <= high]
    target = axis.yaxis if which == "y" else axis.xaxis
    (axis.set_yscale if which == "y" else axis.set_xscale)("log")
    (axis.set_ylim if which == "y" else axis.set_xlim)(low, high)
    target.set_major_locator(FixedLocator(ticks))
    target.set_major_formatter(PLAIN_FORMATTER)
    target.set_minor_locator(NullLocator())


def new_figure(width, height, rows=1, columns=1, **kwargs):
    figure, axes = plt.subplots(rows, columns, figsize=(width, height), dpi=DPI, squeeze=False, **kwargs)
    return figure, axes


def png(figure):
    """The figure as PNG bytes; the figure is closed (many are drawn per page)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()
