"""Is shared memory worth it? A transfer report's transports (pipes, sockets, queues,
named pipes) against its shared mappings, from the counters the harness computed once
(harness/report/transfer_analysis.cpp):

- a table: per size and row, each transport's round-trip median and stream throughput
  as a ratio to the best shared-memory row of the same operation and size
  (rtt_p50_vs_best_shm, throughput_vs_best_shm), and its CPU per message against that
  row's (cpu_vs_best_shm);
- a plot of those ratios against message size, per wait strategy;
- at a fixed rate (--rate): p50 and p99 from each message's due time against the rate,
  per strategy and subject, with CPU per message beside them.

Nothing is computed here that the report does not hold; a report without transports (or
without rate rows) gets a note, not a plot."""

import math

from . import figures

STRATEGIES = ["spin", "yield", "kernel"]


def _rows(report):
    """(operation, subject, size) -> the _median row (or the only row of one repetition)."""
    found, single = {}, {}
    for row in report.benchmarks:
        if not isinstance(row, dict) or row.get("error_occurred"):
            continue
        parts = str(row.get("run_name", "")).split("/")
        if len(parts) != 3 or not parts[2].isdigit():
            continue
        key = (parts[0], parts[1], int(parts[2]))
        if row.get("aggregate_name") == "median":
            found[key] = row
        elif row.get("run_type", "iteration") == "iteration":
            single.setdefault(key, []).append(row)
    for key, rows in single.items():
        if key not in found and len(rows) == 1:
            found[key] = rows[0]
    return found


def _number(row, counter):
    value = row.get(counter) if row else None
    return float(value) if isinstance(value, (int, float)) and value > 0 else math.nan


def transports(report):
    config = report.shmbench.get("config") or {}
    names = config.get("transports")
    return [n for n in names if isinstance(n, str)] if isinstance(names, list) else []


def table(report):
    """(headers, rows) of text, or None when the report has no transport row with ratios."""
    rows = _rows(report)
    lines = []
    for (operation, subject, size), row in sorted(rows.items(), key=lambda item: (item[0][2], item[0][0], item[0][1])):
        rtt, rate, cpu = (_number(row, c) for c in ("rtt_p50_vs_best_shm", "throughput_vs_best_shm", "cpu_vs_best_shm"))
        if math.isnan(rtt) and math.isnan(rate):
            continue
        lines.append([figures.size_text(size), operation, subject,
                      "-" if math.isnan(rtt) else f"{rtt:.2f}", "-" if math.isnan(rate) else f"{rate:.2f}",
                      "-" if math.isnan(cpu) else f"{cpu:.2f}"])
    if not lines:
        return None
    return (["size", "row", "transport", "round trip p50 × best shared memory", "stream bytes/s × best shared memory",
             "CPU per message × best shared memory"], lines)


def draw_ratios(report, title):
    """Round-trip and stream ratios to the best shared-memory row against size, one panel
    per strategy; None without transport rows."""
    rows = _rows(report)
    names = transports(report)
    sizes = sorted({key[2] for key in rows})
    panels = [(f"{mode}_{s}", counter, label) for mode, counter, label in
              (("pingpong", "rtt_p50_vs_best_shm", "round trip p50 ÷ best shared memory's"),
               ("stream", "throughput_vs_best_shm", "stream bytes/s ÷ best shared memory's"))
              for s in STRATEGIES]
    panels = [p for p in panels if any(not math.isnan(_number(rows.get((p[0], n, s)), p[1])) for n in names for s in sizes)]
    if not panels:
        return None
    figure, axes = figures.new_figure(max(8.0, 4.2 * 3), 3.4 * 2, 2, 3)
    for operation, counter, label in panels:
        axis = axes[0 if operation.startswith("pingpong") else 1][STRATEGIES.index(operation.split("_")[1])]
        for name in names:
            values = [_number(rows.get((operation, name, s)), counter) for s in sizes]
            if all(math.isnan(v) for v in values):
                continue
            axis.plot(sizes, values, marker="o", markersize=3, color=figures.backend_colour(name), label=name)
        axis.axhline(1.0, color="black", linestyle="--", linewidth=1)
        figures.size_axis(axis, sizes)
        figures.ratio_axis(axis, "y", [v for line in axis.lines for v in line.get_ydata() if not math.isnan(v)])
        axis.grid(True, which="major", alpha=0.3)
        axis.set_title(operation.replace("_", ", "), fontsize="medium")
        axis.set_ylabel(label, fontsize="small")
        axis.legend(fontsize="x-small")
    for row in axes:
        for axis in row:
            if not axis.lines:
                axis.set_visible(False)
    figure.suptitle(title)
    figure.tight_layout()
    return figure


def _rate_rows(rows):
    """strategy -> subject -> [(rate, row)] from rate<N>_<strategy> rows (smallest size)."""
    by = {}
    sizes = sorted({key[2] for key in rows if key[0].startswith("rate")})
    if not sizes:
        return {}, None
    for (operation, subject, size), row in rows.items():
        if size != sizes[0] or not operation.startswith("rate"):
            continue
        rate, _, strategy = operation[4:].partition("_")
        if rate.isdigit():
            by.setdefault(strategy, {}).setdefault(subject, []).append((int(rate), row))
    return by, sizes[0]


def draw_rates(report, title):
    """p50 and p99 (from the due time) and CPU per message against the asked rate, a
    column per strategy; None without rate rows."""
    by, size = _rate_rows(_rows(report))
    strategies = [s for s in STRATEGIES if s in by]
    if not strategies:
        return None
    figure, axes = figures.new_figure(max(8.0, 4.2 * len(strategies)), 3.4 * 2, 2, len(strategies))
    for column, strategy in enumerate(strategies):
        latency, cpu = axes[0][column], axes[1][column]
        for subject, points in sorted(by[strategy].items()):
            points.sort()
            rates = [r for r, _ in points]
            colour = figures.backend_colour(subject)
            latency.plot(rates, [_number(row, "rtt_p50_ns") for _, row in points], marker="o", markersize=3,
                         color=colour, label=f"{subject} p50")
            latency.plot(rates, [_number(row, "rtt_p99_ns") for _, row in points], marker="^", markersize=3,
                         color=colour, linestyle=":", label=f"{subject} p99")
            cpu.plot(rates, [_number(row, "cpu_ns_per_message") for _, row in points], marker="o", markersize=3,
                     color=colour, label=subject)
            for r, row in points:  # a rate the row did not reach is marked
                if row.get("kept_up") == 0:
                    latency.plot([r], [_number(row, "rtt_p50_ns")], marker="x", color="red", markersize=8)
        for axis in (latency, cpu):
            axis.set_xscale("log")
            figures.log_axis(axis, formatter=figures.NS_FORMATTER)
            axis.grid(True, which="major", alpha=0.3)
            axis.set_xlabel("messages per second asked")
        latency.set_title(f"{strategy}: latency from the due time, {figures.size_text(size)}", fontsize="medium")
        cpu.set_title(f"{strategy}: CPU per message (both sides)", fontsize="medium")
        latency.legend(fontsize="xx-small", ncol=2)
    figure.suptitle(title)
    figure.tight_layout()
    return figure


TABLE_CAPTION = (
    "Each transport's figure as a ratio to the best shared-memory row of the same operation and size (the lowest "
    "round-trip median, or the highest stream throughput, among the mapping backends; the threads are not one): "
    "above 1 a round trip is slower, below 1 a stream is slower; CPU per message likewise against that row's.")
RATIO_CAPTION = (
    "The same ratios against message size, one panel per wait strategy (top: ping-pong round trip; bottom: stream "
    "throughput); dashed: the best shared-memory row itself.")
RATE_CAPTION = (
    "Ping-pong at a fixed rate (--rate): the 50th (solid) and 99th (dotted) percentile of each message's latency "
    "from when it was due to its answer, against the rate asked, and both sides' CPU per message below; a red "
    "cross marks a rate the row did not reach (kept_up 0).")
