"""Which sections a page has, in which order, from the inputs it was given: each
harness report's plots (with its micro-benchmark partner for the cross-check), then a
comparison and the history when given. A section whose data is absent is left out or
says in one line why it is missing; it never invents data."""

import os

from . import comparison, crosscheck_plot, fanout, history, lifecycle, memory, overhead, throughput, transfer, worth_it
from .figures import png, size_text
from .page import Image, Section
from .samples import harness_samples
from .shmbench_tool import VARIANT_PAIRS, ToolFailed, boost_raw_pairs


def _stem(report):
    return os.path.splitext(report.name)[0]


def _label(report):
    return f"{report.platform or 'unknown platform'}, {report.name}"


def harness_sections(report, micro_reports, binary, given_pairs):
    """The sections of one harness report. given_pairs: precomputed compare --pair JSON
    for this report (None: run shmbench to get it)."""
    stem, label = _stem(report), _label(report)
    samples = harness_samples(report)
    sections = [Section(f"{report.platform.capitalize() or 'Report'}: {report.name}", level=2)]
    if samples.errors:
        sections[0].notes.append(f"{len(samples.errors)} error row(s): " + "; ".join(samples.errors[:5])
                                 + (" …" if len(samples.errors) > 5 else ""))
    for (backend, size), message in samples.skipped.items():
        sections[0].notes.append(f"skipped (not a failure): {backend} at {size_text(size)}: {message}")

    figure = throughput.draw(samples, f"copy and read throughput ({label})")
    if figure is not None:
        sections.append(Section("Copy and read throughput", throughput.CAPTION,
                                [Image(f"{stem}-throughput.png", png(figure), f"throughput, {label}")], level=3))

    figure = lifecycle.draw(report, samples, f"lifecycle latency ({label})")
    if figure is not None:
        sections.append(Section("Lifecycle latency", lifecycle.CAPTION,
                                [Image(f"{stem}-lifecycle.png", png(figure), f"lifecycle latency, {label}")],
                                level=3))

    sections.append(_overhead_section(report, samples, binary, given_pairs, stem, label))
    variants = _variants_section(report, samples, binary, stem, label)
    if variants is not None:
        sections.append(variants)
    table = memory.table(report)
    if table is not None:
        sections.append(Section("Memory accounting", memory.CAPTION, table=table, level=3))

    for micro in micro_reports:
        cells, why_not = crosscheck_plot.cells(report, micro)
        figure = crosscheck_plot.draw(cells, f"{report.name} / {micro.name}")
        section = Section(f"Harness against micro-benchmarks ({micro.name})", crosscheck_plot.CAPTION, level=3)
        if figure is not None:
            section.images.append(Image(f"{stem}-crosscheck-{_stem(micro)}.png", png(figure),
                                        f"cross-check, {report.name} against {micro.name}"))
            gaps = [c for c in cells if c["gap"]]
            if gaps:
                section.notes.append("gaps above 10 % at 1 MiB or more: " + ", ".join(
                    f"{c['operation']}/{c['backend']}/{size_text(c['size'])} {c['ratio']:.2f}" for c in gaps))
        else:
            section.notes.append(f"not drawn: {why_not}")
        sections.append(section)

    return sections


def transfer_sections(report):
    """The sections of one transfer report (context.shmbench.scenario "transfer"): its
    rows are hand-offs, not lifecycle calls, so none of the lifecycle plots apply."""
    stem, label = _stem(report), _label(report)
    rows = transfer.Rows(report)
    head = Section(f"{report.platform.capitalize() or 'Report'} transfer: {report.name}", level=2)
    if rows.errors:
        head.notes.append(f"{len(rows.errors)} error row(s): " + "; ".join(rows.errors[:5])
                          + (" …" if len(rows.errors) > 5 else ""))
    if (report.shmbench.get("platform") or {}).get("wine_version"):
        head.notes.append("under Wine every kernel wait is a round trip to the wineserver: the kernel figures of "
                          "win32 describe Wine, not Windows")
    wait = (report.shmbench.get("transfer") or {}).get("kernel_wait")
    if isinstance(wait, dict) and wait:
        head.notes.append("kernel wait: " + "; ".join(f"{backend}: {what}" for backend, what in wait.items()))
    sections = [head]
    for title, caption, figure, file, alt in (
            ("Ping-pong round trip", transfer.PINGPONG_CAPTION,
             transfer.draw_pingpong(rows, f"ping-pong round-trip percentiles ({label})"), "pingpong",
             "ping-pong round-trip percentiles"),
            ("Round-trip histograms", transfer.HISTOGRAM_CAPTION,
             transfer.draw_histograms(report, rows, f"round-trip histograms ({label})"), "histograms",
             "round-trip histograms"),
            ("Stream throughput", transfer.STREAM_CAPTION,
             transfer.draw_stream(rows, f"stream throughput ({label})"), "stream", "stream throughput")):
        section = Section(title, caption, level=3)
        if figure is not None:
            section.images.append(Image(f"{stem}-{file}.png", png(figure), f"{alt}, {label}"))
        else:
            section.notes.append("not drawn: the report has no such rows")
        sections.append(section)
    sections += _worth_it_sections(report, stem, label)
    return sections


def _worth_it_sections(report, stem, label):
    """Is shared memory worth it? The transports against the mappings, and the rates."""
    worth = Section("Is shared memory worth it?", worth_it.TABLE_CAPTION + " " + worth_it.RATIO_CAPTION, level=3,
                    table=worth_it.table(report))
    figure = worth_it.draw_ratios(report, f"transports against the best shared-memory row ({label})")
    if figure is not None:
        worth.images.append(Image(f"{stem}-worth-it.png", png(figure), f"transport ratios, {label}"))
    if worth.table is None:
        worth.notes.append("not drawn: the report has no transport rows (shmbench run --suite transfer --transports)")
    rates = Section("At a fixed rate", worth_it.RATE_CAPTION, level=3)
    figure = worth_it.draw_rates(report, f"latency and CPU against rate ({label})")
    if figure is not None:
        rates.images.append(Image(f"{stem}-rates.png", png(figure), f"latency and CPU against rate, {label}"))
    else:
        rates.notes.append("not drawn: the report has no rate rows (shmbench run --suite transfer --rate 1k,10k,100k)")
    return [worth, rates]


def fanout_scaling_section(report):
    """A stress report's reader sweep (fanout-scaling rows): a plot and a table, or None
    when the report has none of those rows."""
    found, errors = fanout.rows(report)
    if not found and not errors:
        return None
    stem, label = _stem(report), _label(report)
    section = Section(f"Fan-out reader scaling ({label})", fanout.CAPTION, level=3, table=fanout.table(report))
    figure = fanout.draw(report, f"one writer, N readers ({label})")
    if figure is not None:
        section.images.append(Image(f"{stem}-fanout-scaling.png", png(figure), f"fan-out reader scaling, {label}"))
    if errors:
        section.notes.append(f"left out, error rows: {', '.join(errors)}")
    return section


def other_scenario_section(report):
    """A harness report of a scenario this page does not draw: named, not misdrawn."""
    return [Section(f"{report.platform.capitalize() or 'Report'}: {report.name}",
                    notes=[f"scenario {report.scenario!r}: this page has no plots for it (its context is "
                           "in the header above)"])]


def _overhead_section(report, samples, binary, given_pairs, stem, label):
    section = Section("Boost against the raw API", overhead.CAPTION, level=3)
    pairs = given_pairs
    if pairs is None:
        try:
            pairs = boost_raw_pairs(binary, report.path, samples.backends)
        except ToolFailed as error:
            section.notes.append(f"not drawn: {error}")
            return section
    if pairs is None:
        section.notes.append("not drawn: this report has no Boost backend beside a raw one")
        return section
    figure, notes = overhead.draw(pairs, f"Boost / raw time ratio ({label})")
    if figure is not None:
        section.images.append(Image(f"{stem}-boost-vs-raw.png", png(figure), f"Boost against raw, {label}"))
    else:
        section.notes.append("not drawn: no row was compared")
    section.notes += notes
    return section


def _variants_section(report, samples, binary, stem, label):
    """Each memory variant against its base backend (shmbench compare --pair), where the
    report holds both; None where it holds no such pair."""
    if not any(a in samples.backends and b in samples.backends for a, b in VARIANT_PAIRS):
        return None
    section = Section("Memory variants against their base backend", memory.VARIANTS_CAPTION, level=3)
    try:
        pairs = boost_raw_pairs(binary, report.path, samples.backends, VARIANT_PAIRS)
    except ToolFailed as error:
        section.notes.append(f"not drawn: {error}")
        return section
    figure, notes = overhead.draw(pairs, f"variant / base time ratio ({label})")
    if figure is not None:
        section.images.append(Image(f"{stem}-variants.png", png(figure), f"variants against their base, {label}"))
    # A skipped cell would give one note per operation: one per cell is enough.
    section.notes += memory.fold_skipped_notes(notes)
    return section


def comparison_section(result, name, heading="Comparison"):
    """An A/B or compare result: its plot, its summary, and the rows without a ratio."""
    baseline, contender = result.get("baseline") or {}, result.get("contender") or {}
    title = f"{baseline.get('path', 'baseline')} → {contender.get('path', 'contender')}"
    section = Section(heading, comparison.CAPTION)
    figure, other = comparison.draw(result, title)
    if figure is not None:
        section.images.append(Image(f"{name}.png", png(figure), f"comparison {title}"))
    summary = comparison.summary_text(result)
    if summary:
        section.notes.append(f"verdicts: {summary}")
    for warning in result.get("warnings") or []:
        section.notes.append(f"warning: {warning.get('text', warning.get('kind', ''))}")
    if other:
        section.table = (["row", "status", "note"], other)
    return section


def history_sections(trend):
    found = history.groups(trend)
    section = Section("History", history.CAPTION, small_images=True)
    for (platform, operation), series in found.items():
        figure = history.draw(platform, operation, series)
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in f"{platform}-{operation}")
        section.images.append(Image(f"history-{safe}.png", png(figure), f"history of {operation} ({platform})"))
    if not found:
        section.notes.append("the trend file holds no series")
    return [section]
