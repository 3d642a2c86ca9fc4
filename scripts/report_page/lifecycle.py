"""Lifecycle latency: one panel per operation (create, open, map, first_touch, unmap,
close), boxes per size and backend with every repetition drawn on top.

A median alone hides what matters for these calls: a create that is usually 20 µs but
sometimes 2 ms. So each box spans the quartiles, its whiskers the slowest and fastest
repetition, and the dots are the repetitions themselves."""

import random

from . import figures

CAPTION = ("Latency of each lifecycle operation per size and backend (log scale). Box: quartiles and "
           "median; whiskers: fastest to slowest repetition; dots: each repetition. first_touch is the time "
           "per page of the first write to a fresh mapping (the page-fault cost); the others are per call. "
           "open runs in the reader process, the others in the writer.")

# When a report has no operation table (older reports), these are the lifecycle steps.
DEFAULT_OPERATIONS = ["create", "open", "map", "first_touch", "unmap", "close"]


def operations(report):
    """The lifecycle operations in report order: the per-call ones and first_touch."""
    table = report.shmbench.get("operations")
    if not isinstance(table, list):
        return DEFAULT_OPERATIONS
    return [o["name"] for o in table if isinstance(o, dict)
            and (o.get("unit") == "per_call" or o.get("name") == "first_touch")]


def draw(report, samples, title):
    names = [op for op in operations(report) if any(key[0] == op for key in samples.times)]
    if not names:
        return None
    columns = 3 if len(names) > 4 else len(names)
    rows = (len(names) + columns - 1) // columns
    width_per_size = max(1.0, 0.38 * len(samples.backends))
    figure, axes = figures.new_figure(min(16.0, max(12.0, columns * width_per_size * len(samples.sizes))), 3.6 * rows,
                                      rows, columns)
    jitter = random.Random(0)  # the same page from the same report
    slot = 1.0 / (len(samples.backends) + 1)
    for index, axis in enumerate(axes.flat):
        if index >= len(names):
            axis.set_visible(False)
            continue
        operation = names[index]
        for b, backend in enumerate(samples.backends):
            colour = figures.backend_colour(backend)
            positions, data = [], []
            for s, size in enumerate(samples.sizes):
                values = samples.times.get((operation, backend, size))
                if values:
                    positions.append(s + (b + 1) * slot - 0.5)
                    data.append(values)
            if not data:
                continue
            boxes = axis.boxplot(data, positions=positions, widths=slot * 0.8, whis=(0, 100), patch_artist=True,
                                 showfliers=False, manage_ticks=False)
            for patch in boxes["boxes"]:
                patch.set(facecolor=colour, alpha=0.25, edgecolor=colour)
            for part in ("whiskers", "caps", "medians"):
                for line in boxes[part]:
                    line.set(color=colour)
            for position, values in zip(positions, data):
                axis.scatter([position + jitter.uniform(-0.25, 0.25) * slot for _ in values], values, s=4,
                             color=colour, alpha=0.6, linewidths=0)
            axis.plot([], [], color=colour, linewidth=6, alpha=0.4, label=backend)  # legend entry
        figures.log_axis(axis, formatter=figures.NS_FORMATTER)
        axis.set_xticks(range(len(samples.sizes)))
        axis.set_xticklabels([figures.size_text(s) for s in samples.sizes])
        axis.set_xlim(-0.6, len(samples.sizes) - 0.4)
        axis.set_title(f"{operation} ({'per page' if operation == 'first_touch' else 'per call'})")
        axis.grid(True, axis="y", which="major", alpha=0.3)
        if index == 0:
            axis.legend(fontsize="small")
    figure.suptitle(title)
    figure.tight_layout()
    return figure
