"""The transfer scenario (`shmbench run --suite transfer|transfer-quick`): hand-off
between a writer and a reader process, drawn in three plots.

- ping-pong round trips: per wait strategy (rows) and backend (columns), the merged
  percentiles p50 … p99.99 and the max against message size; in every shared backend's
  panel the heap row (two threads of one process: the hand-off ceiling) is drawn as a
  dashed black p50 line, so how far a backend sits from the threads reads off directly.
- round-trip histograms (context.shmbench.histograms): per backend, the three wait
  strategies at the smallest size, log–log, so the body and the tail are both visible.
- stream throughput: per wait strategy, bytes/s against size per backend (median of the
  repetitions, band from the slowest to the fastest), the heap threads dashed and one
  thread's warm memcpy of a message (memcpy/heap/<size>) dotted.

Rows are <mode>_<strategy>/<backend>/<bytes> (reports/README.md, "Transfer reports").
The percentiles come from the _median row, which carries those of all repetitions merged
(from the single row when a report has one repetition); a percentile a row does not carry
(p99.9 needs 1 000 round trips, p99.99 10 000) is a gap, never an invented value."""

import math

from . import figures
from .samples import median

PINGPONG_CAPTION = (
    "Ping-pong round trip (writer → reader → writer, every byte verified) per wait strategy and backend against "
    "message size, log–log: the 50th, 90th, 99th, 99.9th and 99.99th percentile of all repetitions' round trips "
    "merged, and the slowest. A percentile is drawn only where the sample holds enough round trips (p99.9 from "
    "1 000, p99.99 from 10 000). Dashed black in each shared backend's panel: the median round trip between two "
    "threads of one process (heap), the in-process reference of the same run.")
HISTOGRAM_CAPTION = (
    "Round-trip histograms at the smallest size, per backend, one line per wait strategy (log–log): the share of "
    "all repetitions' round trips in bins of a twentieth of a decade. The body shows where most hand-offs land, "
    "the right tail the rare slow ones (a descheduled side, a wakeup through the kernel).")
STREAM_CAPTION = (
    "Stream throughput (a ring of slots with back-pressure, every message verified) per wait strategy against "
    "message size, log–log. Line: median of the repetitions; band: slowest to fastest repetition. heap (black, "
    "dashed): the same ring between two threads of one process; memcpy (grey, dotted): one thread's warm memcpy "
    "of a message, the copy every hand-off includes.")

STRATEGIES = ["spin", "yield", "kernel"]
# (counter, label) from the median upwards; the max is drawn apart.
PERCENTILES = [("rtt_p50_ns", "p50"), ("rtt_p90_ns", "p90"), ("rtt_p99_ns", "p99"), ("rtt_p999_ns", "p99.9"),
               ("rtt_p9999_ns", "p99.99")]
_PERCENTILE_COLOURS = ["#08306b", "#2171b5", "#6baed6", "#fd8d3c", "#d94801"]
_STRATEGY_COLOURS = {"spin": "tab:blue", "yield": "tab:green", "kernel": "tab:red"}
REFERENCE = "heap"
BINS_PER_DECADE = 20


def split(run_name):
    """(mode, strategy, backend, size) of a transfer row name, or None for other rows
    (memcpy/heap/<size> is ("memcpy", "", "heap", size))."""
    parts = str(run_name).split("/")
    if len(parts) != 3 or not parts[2].isdigit():
        return None
    mode, _, strategy = parts[0].partition("_")
    if mode not in ("pingpong", "stream", "memcpy"):
        return None
    return mode, strategy, parts[1], int(parts[2])


class Rows:
    """What the plots need from a transfer report's rows."""

    def __init__(self, report):
        self.summary = {}  # (strategy, backend, size) -> the ping-pong _median (or only) row
        self.rates = {}  # (mode_strategy or "memcpy", backend, size) -> [bytes/s per repetition]
        self.errors = []  # "name: message"
        backends, sizes, strategies = [], set(), []
        single = {}
        for row in report.benchmarks:
            if not isinstance(row, dict):
                continue
            key = split(row.get("run_name", row.get("name", "")))
            if key is None:
                continue
            mode, strategy, backend, size = key
            if row.get("error_occurred"):
                self.errors.append(f"{row.get('name')}: {row.get('error_message', 'error')}")
                continue
            if backend not in backends:
                backends.append(backend)
            if strategy and strategy not in strategies:
                strategies.append(strategy)
            sizes.add(size)
            run_type = row.get("run_type", "iteration")
            if mode == "pingpong":
                if run_type == "aggregate" and row.get("aggregate_name") == "median":
                    self.summary[(strategy, backend, size)] = row
                elif run_type == "iteration":
                    single.setdefault((strategy, backend, size), []).append(row)
            elif run_type == "iteration":
                rate = row.get("bytes_per_second")
                if isinstance(rate, (int, float)) and rate > 0:
                    self.rates.setdefault((row["run_name"].split("/")[0], backend, size), []).append(float(rate))
        for key, rows in single.items():  # one repetition: its only row carries the figures
            if key not in self.summary and len(rows) == 1:
                self.summary[key] = rows[0]
        # Shared backends in report order, the in-process reference last.
        self.backends = [b for b in backends if b != REFERENCE] + ([REFERENCE] if REFERENCE in backends else [])
        self.sizes = sorted(sizes)
        self.strategies = [s for s in STRATEGIES if s in strategies] + [s for s in strategies if s not in STRATEGIES]


def _value(row, counter):
    value = row.get(counter) if row else None
    return float(value) if isinstance(value, (int, float)) and value > 0 else math.nan


def _size_labels(axis, sizes):
    figures.size_axis(axis, sizes)
    axis.set_xlim(sizes[0] / 1.6, sizes[-1] * 1.6)


def draw_pingpong(rows, title):
    """Percentiles against size, a panel per strategy and backend; None without ping-pong."""
    if not rows.summary:
        return None
    strategies = [s for s in rows.strategies if any(k[0] == s for k in rows.summary)]
    backends = [b for b in rows.backends if any(k[1] == b for k in rows.summary)]
    figure, axes = figures.new_figure(max(8.0, 3.6 * len(backends)), 3.1 * len(strategies), len(strategies),
                                      len(backends), sharey="row")
    for r, strategy in enumerate(strategies):
        reference = [_value(rows.summary.get((strategy, REFERENCE, s)), "rtt_p50_ns") for s in rows.sizes]
        for c, backend in enumerate(backends):
            axis = axes[r][c]
            found = [rows.summary.get((strategy, backend, s)) for s in rows.sizes]
            for (counter, label), colour in zip(PERCENTILES, _PERCENTILE_COLOURS):
                axis.plot(rows.sizes, [_value(row, counter) for row in found], marker="o", markersize=3,
                          color=colour, label=label)
            axis.plot(rows.sizes, [_value(row, "rtt_max_ns") for row in found], linestyle="none", marker="x",
                      color="grey", label="max")
            if backend != REFERENCE and not all(math.isnan(v) for v in reference):
                axis.plot(rows.sizes, reference, linestyle="--", color="black", linewidth=1,
                          label="p50, threads (heap)")
            if not any(row for row in found):
                axis.text(0.5, 0.5, "no row", transform=axis.transAxes, ha="center", color="grey")
            _size_labels(axis, rows.sizes)  # first: its minorticks_off() would also clear the y axis's
            figures.log_axis(axis, formatter=figures.NS_FORMATTER)
            axis.grid(True, which="major", alpha=0.3)
            name = f"{backend} (threads, reference)" if backend == REFERENCE else backend
            axis.set_title(f"{strategy}: {name}", fontsize="medium")
            if r == len(strategies) - 1:
                axis.set_xlabel("message size")
        axes[r][0].set_ylabel("round trip")
    handles, labels = axes[0][0].get_legend_handles_labels()
    if len(backends) > 1:  # the first panel may be heap's, without the reference line
        more, more_labels = axes[0][0 if backends[0] != REFERENCE else 1].get_legend_handles_labels()
        handles, labels = (more, more_labels) if len(more) > len(handles) else (handles, labels)
    figure.legend(handles, labels, loc="upper center", ncol=len(labels), fontsize="small",
                  bbox_to_anchor=(0.5, 1.0))
    figure.suptitle(title, y=1.04)
    figure.tight_layout()
    return figure


def _rebinned(histogram):
    """[(bin lower edge, share of round trips)] in bins of 1/BINS_PER_DECADE decade; the
    report's buckets (128 per power of two) are far finer than a plot can show."""
    buckets = histogram.get("buckets") if isinstance(histogram, dict) else None
    if not isinstance(buckets, list):
        return []
    total, bins = 0, {}
    for bucket in buckets:
        if not (isinstance(bucket, list) and len(bucket) == 3 and all(isinstance(v, (int, float)) for v in bucket)):
            continue
        lower, upper, count = bucket
        if count <= 0 or upper <= 0:
            continue
        middle = math.sqrt(max(lower, upper / 2) * upper)
        index = math.floor(math.log10(middle) * BINS_PER_DECADE)
        bins[index] = bins.get(index, 0) + count
        total += count
    if not total:
        return []
    return [(10 ** (i / BINS_PER_DECADE), n / total) for i, n in sorted(bins.items())]


def _step_points(binned):
    """x and y of a step line over the bins, dropping to nothing between non-adjacent ones."""
    xs, ys = [], []
    width = 10 ** (1 / BINS_PER_DECADE)
    previous = None
    for lower, share in binned:
        if previous is not None and not math.isclose(lower, previous * width, rel_tol=1e-6):
            xs.append(math.nan)
            ys.append(math.nan)
        xs += [lower, lower * width]
        ys += [share, share]
        previous = lower
    return xs, ys


def histogram_choice(report, rows):
    """[(backend, size, [(strategy, histogram)])]: each backend's smallest size with a
    histogram, in the page's backend order."""
    histograms = report.shmbench.get("histograms")
    if not isinstance(histograms, dict):
        return []
    chosen = []
    for backend in rows.backends:
        for size in rows.sizes:
            found = [(s, histograms[f"pingpong_{s}/{backend}/{size}"]) for s in rows.strategies
                     if isinstance(histograms.get(f"pingpong_{s}/{backend}/{size}"), dict)]
            if found:
                chosen.append((backend, size, found))
                break
    return chosen


def draw_histograms(report, rows, title):
    chosen = histogram_choice(report, rows)
    if not chosen:
        return None
    figure, axes = figures.new_figure(max(8.0, 4.0 * len(chosen)), 3.4, 1, len(chosen), sharey=True)
    for axis, (backend, size, found) in zip(axes[0], chosen):
        for strategy, histogram in found:
            xs, ys = _step_points(_rebinned(histogram))
            if not xs:
                continue
            p50 = _value(rows.summary.get((strategy, backend, size)), "rtt_p50_ns")
            label = f"{strategy}: {histogram.get('count', 0):,} round trips"
            if not math.isnan(p50):
                label += f", p50 {figures.ns_text(p50)}"
            axis.plot(xs, ys, color=_STRATEGY_COLOURS.get(strategy, None), linewidth=1.2, label=label)
        figures.log_axis(axis, which="x", formatter=figures.NS_FORMATTER)
        axis.set_yscale("log")
        axis.grid(True, which="major", alpha=0.3)
        name = f"{backend} (threads)" if backend == REFERENCE else backend
        axis.set_title(f"{name}, {figures.size_text(size)}", fontsize="medium")
        axis.set_xlabel("round trip")
        axis.legend(fontsize="x-small", loc="upper center", bbox_to_anchor=(0.5, -0.3))  # below: the tail is top right
    axes[0][0].set_ylabel("share of round trips")
    figure.suptitle(title)
    figure.tight_layout()
    return figure


def _rate_line(axis, rows, operation, backend, style, colour, label, band_alpha=0.15):
    points = [(s, rows.rates[(operation, backend, s)]) for s in rows.sizes if (operation, backend, s) in rows.rates]
    if not points:
        return
    sizes = [s for s, _ in points]
    axis.plot(sizes, [median(r) / 1e9 for _, r in points], linestyle=style, marker="o", markersize=3, color=colour,
              label=label)
    axis.fill_between(sizes, [min(r) / 1e9 for _, r in points], [max(r) / 1e9 for _, r in points], color=colour,
                      alpha=band_alpha, linewidth=0)


def draw_stream(rows, title):
    strategies = [s for s in rows.strategies if any(k[0] == f"stream_{s}" for k in rows.rates)]
    if not strategies:
        return None
    figure, axes = figures.new_figure(max(8.0, 4.2 * len(strategies)), 3.8, 1, len(strategies), sharey=True)
    for axis, strategy in zip(axes[0], strategies):
        for backend in rows.backends:
            reference = backend == REFERENCE
            _rate_line(axis, rows, f"stream_{strategy}", backend, "--" if reference else "-",
                       figures.backend_colour(backend), f"{backend} (threads)" if reference else backend)
        _rate_line(axis, rows, "memcpy", REFERENCE, ":", "grey", "memcpy (one thread)", band_alpha=0.1)
        _size_labels(axis, rows.sizes)  # first, as above
        figures.log_axis(axis)
        axis.grid(True, which="both", alpha=0.3)
        axis.set_title(f"stream, {strategy}", fontsize="medium")
        axis.set_xlabel("message size")
        axis.legend(fontsize="x-small")
    axes[0][0].set_ylabel("GB/s (10⁹ bytes per second)")
    figure.suptitle(title)
    figure.tight_layout()
    return figure
