"""The memory accounting of a lifecycle report (harness/scenarios/lifecycle/
memory_accounting.hpp): per backend and size, by how much each step of an object's life
changed the system's commit charge, beside what that backend's kind of memory says it
should, the memory resident in the writer after the touch and the page size obtained.
The medians over the repetitions, from each benchmark's _median row (or its only row)."""

from .figures import size_text

CAPTION = ("What each object cost the system, from the counters the writer read beside its timings: by how much "
           "each step (create, map, commit, first touch, close) changed the commit charge (Windows CommitTotal, "
           "Linux Committed_AS), read just before and just after it, and in brackets what the backend's kind of "
           "memory says it should (a SEC_COMMIT section all of it at create, SEC_RESERVE at commit, tmpfs as it is "
           "touched, the same given back at close, a file or huge pages nothing); the memory resident in the "
           "writer after the touch; the page size the touch obtained. Medians over the repetitions. The charge is "
           "the whole machine's: another process allocating at the same moment shows in it. Under Wine "
           "CommitTotal is the host's memory in use (MemTotal - MemFree), not a commit charge: docs/memory.md.")

VARIANTS_CAPTION = ("Each memory variant against the backend it varies (win32-large, win32-reserve, win32-file, "
                    "win32-prefetch against win32; posix-huge, memfd, sysv, posix-populate against posix), per "
                    "operation and size: time ratio variant / base (log scale) with its interval, from shmbench "
                    "compare --pair, as in the Boost plot above. Skipped cells (the system refused the variant) are "
                    "named below.")

_STEPS = ("create", "map", "commit", "first_touch", "close")


def _bytes(value):
    if not isinstance(value, (int, float)):
        return "—"
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value >= 1 << 20:
        return f"{sign}{value / (1 << 20):.3g} MiB"
    if value >= 1 << 10:
        return f"{sign}{value / (1 << 10):.3g} KiB"
    return f"{sign}{value:.0f} B"


def _headline_rows(report):
    """run name -> its _median row, or its only iteration row."""
    found, counts = {}, {}
    for row in report.benchmarks:
        if not isinstance(row, dict) or row.get("error_occurred") or row.get("skipped"):
            continue
        name = row.get("run_name", "")
        if row.get("aggregate_name") == "median":
            found[name] = row
        elif row.get("run_type", "iteration") == "iteration":
            counts[name] = counts.get(name, 0) + 1
            found.setdefault(name, row)
    return found


def table(report):
    """(headers, rows) of the accounting, or None when the report has no counters."""
    rows_by_name = _headline_rows(report)
    config = report.shmbench.get("config") or {}
    rows = []
    for backend in config.get("backends") or []:
        for size in config.get("sizes") or []:
            cells = []
            seen = False
            for step in _STEPS:
                row = rows_by_name.get(f"{step}/{backend}/{size}")
                if row is None or "commit_charge_bytes" not in row:
                    cells.append("—")
                    continue
                seen = True
                expected = row.get("commit_charge_expected_bytes")
                cells.append(_bytes(row["commit_charge_bytes"]) +
                             (f" ({_bytes(expected)})" if isinstance(expected, (int, float)) else ""))
            touch = rows_by_name.get(f"first_touch/{backend}/{size}") or {}
            if not seen:
                continue
            cells.append(_bytes(touch.get("resident_bytes")))
            cells.append(_bytes(touch.get("page_bytes")))
            rows.append([backend, size_text(size)] + cells)
    if not rows:
        return None
    return (["backend", "size", "create", "map", "commit", "first touch", "close", "resident after touch", "page"],
            rows)


def fold_skipped_notes(notes):
    """compare --pair's one note per skipped row, folded to one per pair and size."""
    folded, seen = [], set()
    for note in notes:
        parts = note.split(": ", 1)
        head = parts[0].split(" ")  # "a:b operation size"
        if len(parts) == 2 and parts[1].startswith("skipped ") and len(head) >= 3:
            key = (head[0], head[-1])
            if key in seen:
                continue
            seen.add(key)
            message = parts[1].split(": ", 1)[-1]
            folded.append(f"{head[0]} at {head[-1]}: skipped ({message})")
        else:
            folded.append(note)
    return folded
