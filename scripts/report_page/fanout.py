"""Fan-out reader scaling: a stress report's fanout-scaling rows (shmbench stress
--scenarios fanout-scaling) against the number of readers, one line per backend:

- left: the hand-off latency from the writer's publish to the last reader's ack
  (fanout_latency rows: p50 solid, p99 dashed, max dotted);
- right: the streaming throughput through the ring, messages per second published (each
  delivered to every reader) (fanout_throughput rows: items_per_second).

The figures are the harness's (stress/fanout_scaling.cpp); nothing is computed here. An
error row is left out of its line, and said so under the plot."""

import math

from matplotlib.ticker import FuncFormatter, NullLocator

from . import figures


def _rate_text(value, _position=None):
    """An axis label for a rate: 200k, 1.5M."""
    for unit, scale in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if abs(value) >= scale:
            return f"{value / scale:g}{unit}"
    return f"{value:g}"


RATE_FORMATTER = FuncFormatter(_rate_text)

CAPTION = (
    "One writer fanning 4 KiB messages (or --message-size) out to 1, 2, 4, ... reader processes over the stress "
    "scenario's seqlocked ring, every byte verified. Left: lockstep hand-offs, one message at a time, timed by the "
    "writer from its publish to the last reader's ack (p50 solid, p99 dashed, max dotted; the first tenth untimed). "
    "Right: the ring streaming, messages per second published (each to every reader). The heap line is the same code "
    "on threads in one process: the in-process reference. With more readers than cores the readers take turns on "
    "the CPUs, so the latency grows with the readers' scheduling, not with the copies.")

LINES = (("p50_ns", "-", "o", "p50"), ("p99_ns", "--", "^", "p99"), ("max_ns", ":", "x", "max"))


def rows(report):
    """kind ('latency' or 'throughput') -> backend -> [(readers, row)], held rows only;
    and the names of the error rows."""
    found, errors = {}, []
    for row in report.benchmarks:
        if not isinstance(row, dict):
            continue
        parts = str(row.get("name", "")).split("/")
        if len(parts) != 3 or parts[0] not in ("fanout_latency", "fanout_throughput"):
            continue
        readers = parts[2].partition(":")[2]
        if not parts[2].startswith("readers:") or not readers.isdigit():
            continue
        if row.get("error_occurred"):
            errors.append(row["name"])
            continue
        kind = parts[0].split("_")[1]
        found.setdefault(kind, {}).setdefault(parts[1], []).append((int(readers), row))
    for by_backend in found.values():
        for points in by_backend.values():
            points.sort(key=lambda point: point[0])
    return found, errors


def _number(row, counter):
    value = row.get(counter)
    return float(value) if isinstance(value, (int, float)) and value > 0 else math.nan


def _readers_axis(axis, counts):
    axis.set_xscale("log", base=2)
    axis.set_xticks(counts)
    axis.set_xticklabels([str(c) for c in counts])
    axis.xaxis.set_minor_locator(NullLocator())  # the y axis keeps its 2s and 5s
    axis.set_xlabel("readers")


def draw(report, title):
    """The two panels, or None when the report has no held fanout-scaling row."""
    found, _ = rows(report)
    if not found:
        return None
    counts = sorted({n for by_backend in found.values() for points in by_backend.values() for n, _ in points})
    figure, axes = figures.new_figure(12.0, 4.2, 1, 2)
    latency, throughput = axes[0]
    for backend, points in sorted(found.get("latency", {}).items()):
        colour = figures.backend_colour(backend)
        readers = [n for n, _ in points]
        for counter, style, marker, label in LINES:
            latency.plot(readers, [_number(row, counter) for _, row in points], linestyle=style, marker=marker,
                         markersize=4, color=colour, label=f"{backend} {label}")
    for backend, points in sorted(found.get("throughput", {}).items()):
        throughput.plot([n for n, _ in points], [_number(row, "items_per_second") for _, row in points], marker="o",
                        markersize=4, color=figures.backend_colour(backend), label=backend)
    if latency.lines:
        figures.log_axis(latency, formatter=figures.NS_FORMATTER)
        latency.legend(fontsize="xx-small", ncol=2)
    if throughput.lines:
        figures.log_axis(throughput, formatter=RATE_FORMATTER)
        throughput.legend(fontsize="x-small")
    latency.set_title("hand-off latency: publish to the last reader's ack", fontsize="medium")
    throughput.set_title("streaming: messages per second published", fontsize="medium")
    throughput.set_ylabel("messages/s (each to every reader)", fontsize="small")
    for axis in (latency, throughput):
        _readers_axis(axis, counts)
        axis.grid(True, which="major", alpha=0.3)
        if not axis.lines:
            axis.set_visible(False)
    figure.suptitle(title)
    figure.tight_layout()
    return figure


def table(report):
    """(headers, rows) of text: per backend and reader count p50/p99/max and messages/s,
    with p50 as a multiple of the heap's at the same count; None without such rows."""
    found, _ = rows(report)
    latency, throughput = found.get("latency", {}), found.get("throughput", {})
    heap = {n: _number(row, "p50_ns") for n, row in latency.get("heap", [])}
    lines = []
    for backend in sorted(set(latency) | set(throughput)):
        by_count = {}
        for n, row in latency.get(backend, []):
            by_count.setdefault(n, [None, None])[0] = row
        for n, row in throughput.get(backend, []):
            by_count.setdefault(n, [None, None])[1] = row
        for n, (lat, thr) in sorted(by_count.items()):
            cells = [figures.ns_text(_number(lat, c)) if lat else "-" for c in ("p50_ns", "p99_ns", "max_ns")]
            rate = f"{_number(thr, 'items_per_second'):,.0f}" if thr else "-"
            ratio = "-"
            if lat and backend != "heap" and not math.isnan(heap.get(n, math.nan)):
                ratio = f"{_number(lat, 'p50_ns') / heap[n]:.2f}"
            lines.append([backend, str(n), *cells, rate, ratio])
    if not lines:
        return None
    return (["backend", "readers", "p50", "p99", "max", "messages/s (streaming)", "p50 × heap's"], lines)
