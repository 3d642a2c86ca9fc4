"""Copy and read throughput against buffer size, log-log, one line per backend.

The median of the repetitions is the line; the band around it runs from the slowest to
the fastest repetition, so a wide spread shows as a wide band, not as a precise median.
The heap backend is the in-process memcpy/read ceiling (dashed), and the unverified
read (operation read_unverified, dotted) sits beside the verified one: the gap between
them is what checking every word costs."""

from . import figures
from .samples import median

CAPTION = ("Throughput against buffer size (log–log). Line: median of the repetitions; band: slowest to "
           "fastest repetition. Left: warm copy into the view (writer process). Right: verified read out of "
           "the view (reader process), with the unverified read (read_unverified) dotted in the same colour. "
           "heap (black, dashed) is the in-process reference every shared backend is measured against.")


def _line(axis, samples, operation, backend, style, label, band_alpha=0.15):
    points = [(size, samples.rates[(operation, backend, size)]) for size in samples.sizes
              if (operation, backend, size) in samples.rates]
    if not points:
        return False
    sizes = [size for size, _ in points]
    colour = figures.backend_colour(backend)
    axis.plot(sizes, [median(r) / 1e9 for _, r in points], linestyle=style, marker="o", markersize=3,
              color=colour, label=label)
    axis.fill_between(sizes, [min(r) / 1e9 for _, r in points], [max(r) / 1e9 for _, r in points],
                      color=colour, alpha=band_alpha, linewidth=0)
    return True


def draw(samples, title, reference="heap"):
    """A figure, or None when the report has no copy/read throughput."""
    if not any(key[0] in ("copy", "read", "read_unverified") for key in samples.rates):
        return None
    figure, axes = figures.new_figure(12, 4.2, 1, 2, sharey=True)
    panels = (("copy", "copy (warm, writer)", ()),
              ("read", "read (verified, reader)", ("read_unverified",)))
    for axis, (operation, panel_title, extras) in zip(axes[0], panels):
        for backend in samples.backends:
            is_reference = backend == reference
            name = f"{backend} (reference)" if is_reference else backend
            _line(axis, samples, operation, backend, "--" if is_reference else "-", name)
            for extra in extras:
                _line(axis, samples, extra, backend, ":", f"{name} unverified", band_alpha=0.07)
        figures.log_axis(axis)
        figures.size_axis(axis, samples.sizes)
        axis.set_title(panel_title)
        axis.set_xlabel("buffer size")
        axis.grid(True, which="both", alpha=0.3)
        axis.legend(fontsize="small")
    axes[0][0].set_ylabel("GB/s (10⁹ bytes per second)")
    figure.suptitle(title)
    return figure
