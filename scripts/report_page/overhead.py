"""What Boost costs on top of the raw API: per operation and size, the time ratio
Boost / raw with its confidence interval, from `shmbench compare --pair` output.

The ratio drawn is the one shmbench's table leads with: the median of the per-round
ratios with its sign-test interval where the report ran its backends interleaved
(round_ratio), else (or with too few rounds for that interval) the Hodges-Lehmann ratio
(ratio). A filled dot is a difference the
U test finds after the correction over the table (adjusted p below alpha)."""

from . import figures, forest

CAPTION = ("Boost against the raw API, per operation and size: time ratio Boost / raw (log scale) with its "
           "confidence interval, from shmbench compare --pair. Above 1 Boost costs more (for copy and read, a "
           "ratio of 1.25 is 80 % of the raw throughput). Ratio: median of the per-round ratios with its "
           "sign-test interval when the backends ran interleaved (6 or more rounds), else the Hodges–Lehmann "
           "ratio. Filled: the "
           "U test's corrected p is below alpha; hollow: no significant difference.")

_SLOWER, _FASTER, _NEUTRAL = "tab:red", "tab:green", "tab:grey"


def _has_interval(row, key):
    interval = row.get(key)
    return isinstance(interval, list) and len(interval) == 2 and all(isinstance(v, (int, float)) for v in interval)


def _estimate(row, alpha):
    # The per-round ratio needs 6 rounds for a 95 % sign-test interval: with fewer, the
    # Hodges-Lehmann ratio and its interval are drawn, so every dot has its interval.
    if isinstance(row.get("round_ratio"), (int, float)) and _has_interval(row, "round_ratio_ci"):
        value, interval = row["round_ratio"], row.get("round_ratio_ci")
    elif isinstance(row.get("ratio"), (int, float)):
        value, interval = row["ratio"], row.get("ratio_ci")
    else:
        return None  # not compared (an error row, too few repetitions): its note says why
    lower, upper = interval if isinstance(interval, list) and len(interval) == 2 else (None, None)
    adjusted = row.get("adjusted_p")
    significant = isinstance(adjusted, (int, float)) and adjusted < alpha
    colour = _NEUTRAL if not significant else (_SLOWER if value > 1 else _FASTER)
    operation = str(row.get("operation", "?"))
    return forest.Estimate(f"{operation} {row.get('size', '')}", operation, value, lower, upper, colour, significant)


def draw(pairs, title):
    """pairs: compare --pair JSON. Returns (figure or None, [notes on rows not drawn])."""
    alpha = (pairs.get("options") or {}).get("alpha", 0.05)
    tables, notes = [], []
    for table in pairs.get("tables") or []:
        estimates = []
        for row in table.get("rows") or []:
            estimate = _estimate(row, alpha)
            if estimate is None:
                notes.append(f"{table.get('a')}:{table.get('b')} {row.get('operation')} {row.get('size')}: "
                             f"{row.get('note', 'not compared')}")
            else:
                estimates.append(estimate)
        if estimates:
            # Rows come size by size; grouped by operation (in first-seen order) instead,
            # each operation's sizes sit together.
            first_seen = {}
            for estimate in estimates:
                first_seen.setdefault(estimate.group, len(first_seen))
            estimates.sort(key=lambda e: first_seen[e.group])
            tables.append((table, estimates))
    if not tables:
        return None, notes
    tallest = max(len(e) for _, e in tables)
    figure, axes = figures.new_figure(6.5 * len(tables), forest.height(tallest), 1, len(tables))
    for axis, (table, estimates) in zip(axes[0], tables):
        forest.draw_axis(axis, estimates, f"{table.get('a')} / {table.get('b')}", "time ratio (above 1: A costs more)")
    figure.suptitle(title)
    figure.tight_layout()
    return figure, notes
