#!/usr/bin/env python3
"""Does a figure depend on where its writer/reader pair started among a block's pairs?

  start_place.py REPORT.json [REPORT.json ...]

The reports are `shmbench run` lifecycle runs in the interleaved order (not --duet).
Each backend at each size takes its rounds in blocks of 3, one new writer/reader pair per
block; a block starts its backends' pairs one after another, beginning one backend further
on than the block before, and begins its rounds with the backend that started first, so
a pair's start place also fixes its places in the block's kept rounds (docs/measurements.md,
"Which backend starts first": the two cannot be told apart in such a run). For every
operation and size this prints, per start place (first to last), the median over the
blocks started in that place of the block's median time against its backend's median at
that size: 1.07 in place 0 means the pairs started first took 7 % longer. Then the
Kruskal-Wallis test of "every place alike" over those block values, and its p-value after
Holm's correction over all the lines printed; '*' marks a line whose corrected p is below
0.05 (cold operations, one sample per round, differ by several percent between places by
chance alone). With several reports the blocks are pooled.

Reports written before the start order turned (their order description does not say
"one backend further on") started every block in the order of --backends: there a
backend's place is its position in the list, so place and backend cannot be told apart,
and this script refuses them (exit 2).

Exit status 0 (the figures are information), 2 bad input. Only the standard library.
"""

import math
import re
import statistics
import sys
from collections import defaultdict

sys.dont_write_bytecode = True  # nothing written under scripts/ (no __pycache__)
from script_input import BadInput, load_json, member, number_of, refuse_options, report_rows, run_main  # noqa: E402

REPORT = "a shmbench run report"  # what member() says the input is not, when a field is wrong

ROUNDS_PER_BLOCK = 3  # harness/measure/run_config.hpp, kRoundsPerWorkers
TURNING = "one backend further on"  # in order.description since the start order turns
ALPHA = 0.05
SIZE = re.compile(r"^[0-9]{1,19}$")  # a size in a benchmark's name: bytes, decimal digits


def fail(message):
    raise BadInput(message)


def load(path):
    report = load_json(path, "report")
    benchmarks = report_rows(report, path)  # an object with a checked "benchmarks" array
    context = report.get("context")
    shmbench = context.get("shmbench") if isinstance(context, dict) else None
    if not isinstance(shmbench, dict):
        fail(f"{path} is not a shmbench run report (no context.shmbench.order, config.backends or benchmarks)")
    order = member(shmbench, "order", path, "context.shmbench.", dict, what=REPORT)
    config = member(shmbench, "config", path, "context.shmbench.", dict, what=REPORT)
    backends = member(config, "backends", path, "context.shmbench.config.", list, what=REPORT)
    if not all(isinstance(backend, str) for backend in backends):
        fail(f"{path} is not a shmbench run report: context.shmbench.config.backends is not a list of names")
    sizes = member(config, "sizes", path, "context.shmbench.config.", list, required=False, what=REPORT)
    if sizes is not None and not all(isinstance(size, int) and not isinstance(size, bool) and 0 < size < 2 ** 63
                                     for size in sizes):
        fail(f"{path} is not a shmbench run report: context.shmbench.config.sizes is not a list of sizes")
    member(shmbench, "platform", path, "context.shmbench.", (dict, type(None)), required=False, what=REPORT)
    scenario = member(shmbench, "scenario", path, "context.shmbench.", str, required=False, what=REPORT)
    if scenario is not None and scenario != "lifecycle":
        fail(f"{path} is not a lifecycle run (scenario {scenario!r})")
    if order.get("scheme") != "interleaved":
        fail(f"{path} ran in the {order.get('scheme')!r} order; only interleaved runs start their pairs in turn")
    if TURNING not in str(order.get("description", "")):
        fail(f"{path} was written before the start order turned: every block started in --backends order, "
             "so a backend's start place is its place in the list")
    return backends, benchmarks


def regularized_gamma_q(a, x):
    """Q(a, x) = Gamma(a, x) / Gamma(a): the series below a + 1, the continued fraction above."""
    if x <= 0:
        return 1.0
    log_front = a * math.log(x) - x - math.lgamma(a)
    if x < a + 1:
        term = total = 1.0 / a
        n = a
        while abs(term) > abs(total) * 1e-15:
            n += 1
            term *= x / n
            total += term
        return max(0.0, 1.0 - total * math.exp(log_front))
    # Lentz's method for the continued fraction of Gamma(a, x)
    tiny = 1e-300
    b = x + 1 - a
    c = 1 / tiny
    d = 1 / b
    h = d
    for i in range(1, 10000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-15:
            break
    return min(1.0, math.exp(log_front) * h)


def kruskal_wallis_p(groups):
    """p of the Kruskal-Wallis H test (tie-corrected, chi-square with k - 1 degrees of
    freedom) that the groups come from one distribution; None with fewer than two groups
    of values."""
    groups = [g for g in groups if g]
    if len(groups) < 2:
        return None
    pooled = sorted(v for g in groups for v in g)
    n = len(pooled)
    ranks = {}
    i = 0
    ties = 0.0
    while i < n:
        j = i
        while j + 1 < n and pooled[j + 1] == pooled[i]:
            j += 1
        ranks[pooled[i]] = (i + j) / 2 + 1
        t = j - i + 1
        ties += t ** 3 - t
        i = j + 1
    h = 12 / (n * (n + 1)) * sum(sum(ranks[v] for v in g) ** 2 / len(g) for g in groups) - 3 * (n + 1)
    correction = 1 - ties / (n ** 3 - n) if n > 1 else 1
    if correction <= 0:
        return 1.0
    return regularized_gamma_q((len(groups) - 1) / 2, h / correction / 2)


def holm(p_values):
    """Holm's step-down adjustment, in the given order."""
    order = sorted(range(len(p_values)), key=lambda i: p_values[i])
    adjusted = [1.0] * len(p_values)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (len(p_values) - rank) * p_values[i]))
        adjusted[i] = running
    return adjusted


def block_medians(path):
    """{(operation, size): {place: [block median / backend median, ...]}} of one report."""
    backends, benchmarks = load(path)
    times = defaultdict(dict)  # (operation, backend, size) -> {repetition: ns}
    for row in benchmarks:
        if row.get("run_type") != "iteration":
            continue
        parts = row["run_name"].split("/")  # report_rows: a string (the name where absent)
        repetition = row.get("repetition_index")
        if len(parts) != 3 or not SIZE.fullmatch(parts[2]) or int(parts[2]) == 0 \
                or not isinstance(repetition, int) or isinstance(repetition, bool) or repetition < 0:
            fail(f"{path}: a repetition row without run_name op/backend/size, repetition_index or real_time "
                 f"({row['run_name'][:80]!r})")
        operation, backend, size = parts
        times[(operation, backend, int(size))][repetition] = number_of(row, "real_time", path)
    n = len(backends)
    out = defaultdict(lambda: defaultdict(list))
    for (operation, backend, size), by_repetition in times.items():
        if backend not in backends or not by_repetition:
            continue
        index = backends.index(backend)
        median = statistics.median(by_repetition.values())
        if median <= 0:
            continue
        blocks = defaultdict(list)
        for repetition, ns in by_repetition.items():
            blocks[repetition // ROUNDS_PER_BLOCK].append(ns)
        for pair, values in blocks.items():
            place = (index - pair) % n  # turns.hpp: block `pair` starts from backend pair % n
            out[(operation, size)][place].append(statistics.median(values) / median)
    if not out:  # each report pooled must add blocks: one that adds none is the wrong file
        fail(f"{path} has no repetition rows (run_type iteration) of its backends with a time above 0")
    return out, n


def main(argv):
    argv = argv[1:]
    if argv and argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    if not argv:
        fail("no report given: start_place.py REPORT.json [REPORT.json ...]")
    refuse_options(argv, "start_place.py REPORT.json [REPORT.json ...]")
    pooled = defaultdict(lambda: defaultdict(list))
    places = None
    for path in argv:
        medians, n = block_medians(path)
        if places is not None and n != places:
            fail(f"{path} has {n} backends where the reports before it had {places}: pool runs of one setup")
        places = n
        for key, by_place in medians.items():
            for place, values in by_place.items():
                pooled[key][place].extend(values)
    if not pooled:
        fail("no repetition rows in the reports")
    keys = sorted(pooled, key=lambda key: (key[1], key[0]))
    raw = [kruskal_wallis_p([pooled[key].get(p, []) for p in range(places)]) for key in keys]
    tested = [i for i, p in enumerate(raw) if p is not None]
    adjusted = dict(zip(tested, holm([raw[i] for i in tested])))
    print(f"per start place, first to last ({places} places), the blocks' median time over their backend's "
          f"median; p: Kruskal-Wallis, Holm over {len(tested)} lines; '*': p < {ALPHA}")
    for i, key in enumerate(keys):
        operation, size = key
        by_place = pooled[key]
        cells = [statistics.median(by_place[p]) if by_place.get(p) else None for p in range(places)]
        shown = [f"{c:.3f}" if c is not None else "  -  " for c in cells]
        p = adjusted.get(i)
        mark = "*" if p is not None and p < ALPHA else " "
        blocks = min(len(by_place.get(q, [])) for q in range(places))
        p_text = f"p {p:.2g}" if p is not None else "p -"
        print(f"{mark} {operation:16} {size:>10}  " + "  ".join(shown) + f"   {p_text}  ({blocks}+ blocks per place)")
    return 0


if __name__ == "__main__":
    sys.exit(run_main("start_place", main, sys.argv))
