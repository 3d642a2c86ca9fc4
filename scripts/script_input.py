"""How the scripts of scripts/ read their input files and end on a failure, so that bad
input is one line on stderr and exit status 2 and nothing ends in a traceback
(docs/running.md, "Exit statuses"). Standard library only: any Python 3.8+ runs it.

    from script_input import BadInput, load_json, report_rows, number_of, run_main

    def main(argv):
        rows = report_rows(load_json(argv[1]), argv[1])
        ...
    if __name__ == "__main__":
        sys.exit(run_main("my_script", main, sys.argv))
"""

import json
import math
import os
import sys

EXIT_BAD_INPUT, EXIT_COULD_NOT, EXIT_INTERRUPTED = 2, 3, 130


class BadInput(ValueError):
    """Bad input: its message is the one line the script prints (after its name)."""


def _no_constant(name):
    raise BadInput(f"{name} is not a JSON number")


def _finite(text):
    value = float(text)
    if not math.isfinite(value):
        raise BadInput(f"the number {text[:40]} is beyond a double's range")
    return value


def _whole(text):
    try:
        value = int(text)
    except ValueError:  # more digits than this Python converts
        raise BadInput(f"an integer of {len(text)} digits is beyond 64 bits") from None
    if abs(value) >= 1 << 64:
        raise BadInput(f"the integer {text[:40]}{'...' if len(text) > 40 else ''} is beyond 64 bits")
    return value


def shown(text, limit=80):
    """A value from the input as a message may quote it: one line, at most `limit` characters."""
    text = "".join(c if c.isprintable() else "?" for c in str(text))
    return text if len(text) <= limit else text[:limit] + "..."


def read_text(path, what="report"):
    """The UTF-8 text at path (a byte-order mark dropped), or BadInput in one line."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise BadInput(f"{path}: cannot read the {what} ({error.strerror or error})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadInput(f"{path}: the {what} is not UTF-8 text (byte {error.start} is 0x{data[error.start]:02x})") from None


def load_json(path, what="report", finite=False):
    """The JSON document at path, or BadInput saying in one line why it cannot be read.
    Google Benchmark writes NaN and Infinity (a cv of one repetition, a rate of a zero
    time), so they are read as floats; report_rows and number_of refuse them where a
    script computes with them. finite=True refuses them, and numbers beyond a double's
    range, outright (validate-report.py: shmbench itself writes null instead)."""
    text = read_text(path, what)
    if not text.strip():
        # What a run or an A/B stopped before it wrote leaves at its --out.
        why = " (a run that was stopped before it wrote its report leaves its --out so)"
        raise BadInput(f"{path}: an empty file, not a {what}" + (why if what in ("report", "comparison") else ""))
    try:
        if finite:
            return json.loads(text, parse_constant=_no_constant, parse_float=_finite, parse_int=_whole)
        return json.loads(text, parse_int=_whole)
    except BadInput as error:
        raise BadInput(f"{path}: not a {what}: {error}") from None
    except json.JSONDecodeError as error:
        raise BadInput(f"{path}: not JSON: {error.msg} (line {error.lineno}, column {error.colno})") from None
    except RecursionError:
        raise BadInput(f"{path}: not a {what}: its JSON is nested too deeply") from None
    except ValueError as error:  # an integer of more digits than Python converts
        raise BadInput(f"{path}: not a {what}: {error}") from None


def kind_of(value):
    """'an object', 'an array', ...: what a JSON value is, for a message."""
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
            type(None): "null"}.get(type(value), "a number")


def number_of(row, key, path, minimum=0.0, above=False):
    """row[key] as a finite float of at least `minimum` (above it, with above=True), or
    BadInput naming the row."""
    value = row.get(key)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) \
            and (value > minimum if above else value >= minimum):
        return float(value)
    if key not in row:
        said = "missing"
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        said = repr(value)
    else:
        said = kind_of(value)
    bound = f"above {minimum:g}" if above else f"of at least {minimum:g}"
    raise BadInput(f"{path}: row {shown(row.get('name', '?'))}: {key} is {said}, not a number {bound}")


def member(parent, key, path, where, kinds, required=True, what="a shmbench report"):
    """parent[key] when it is of one of `kinds` (a boolean is never a number), or None when
    it is absent and not required; else BadInput: "PATH is not WHAT: WHEREKEY is ..."."""
    if key not in parent and not required:
        return None
    value = parent.get(key)
    kinds = kinds if isinstance(kinds, tuple) else (kinds,)
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        said = "missing" if key not in parent else kind_of(value)
        raise BadInput(f"{path} is not {what}: {where}{key} is {said}")
    return value


def report_rows(document, path):
    """The benchmark rows of a Google Benchmark or shmbench report, each checked for the
    fields every script reads: name (and run_name, label, aggregate_name where present) a
    string, real_time and cpu_time (where present, but in a _stddev or _cv row) a finite
    number of at least 0,
    error_occurred a boolean. A row without run_name gets its name. BadInput otherwise."""
    if not isinstance(document, dict):
        raise BadInput(f"{path}: not a report: {kind_of(document)}, not an object")
    rows = document.get("benchmarks")
    if not isinstance(rows, list):
        raise BadInput(f"{path}: not a report: no \"benchmarks\" array")
    context = document.get("context", {})
    if not isinstance(context, dict):
        raise BadInput(f"{path}: not a report: \"context\" is {kind_of(context)}, not an object")
    for index, row in enumerate(rows):
        if not isinstance(row, dict):
            raise BadInput(f"{path}: benchmarks[{index}] is {kind_of(row)}, not an object")
        if not isinstance(row.get("name"), str):
            raise BadInput(f"{path}: benchmarks[{index}] has no name string")
        for key in ("run_name", "label", "aggregate_name", "run_type", "time_unit"):
            if key in row and not isinstance(row[key], str):
                raise BadInput(f"{path}: row {shown(row['name'])}: {key} is {kind_of(row[key])}, not a string")
        if "error_occurred" in row and not isinstance(row["error_occurred"], bool):
            raise BadInput(f"{path}: row {shown(row['name'])}: error_occurred is {kind_of(row['error_occurred'])}, "
                           "not a boolean")
        # A statistic of the times (Google Benchmark's _stddev, _cv) may be NaN: a cv of a
        # zero mean (Wine's thread CPU time often reads 0). Times are checked where they are times.
        statistic = row.get("run_type") == "aggregate" and row.get("aggregate_name") not in ("mean", "median")
        for key in ("real_time", "cpu_time"):
            if key in row and not statistic:
                number_of(row, key, path)
        row.setdefault("run_name", row["name"])
    return rows


def measured_rows(rows, path):
    """The rows of report_rows a figure can come from (neither an error nor a skipped
    cell), each checked: run_type iteration or aggregate, and an iteration's or a
    median's real_time above 0 (ratios divide by it). BadInput otherwise."""
    chosen = []
    for row in rows:
        if row.get("error_occurred"):
            continue
        skipped = row.get("skipped", False)
        if not isinstance(skipped, bool):
            raise BadInput(f"{path}: row {shown(row['name'])}: skipped is {kind_of(skipped)}, not a boolean")
        if skipped:
            continue
        kind = row.get("run_type")
        if kind not in ("iteration", "aggregate"):
            said = "missing" if kind is None else repr(shown(kind, 40))
            raise BadInput(f"{path}: row {shown(row['name'])}: run_type is {said}, not iteration or aggregate")
        if kind == "iteration" or row.get("aggregate_name") == "median":
            number_of(row, "real_time", path, above=True)
        chosen.append(row)
    return chosen


def refuse_options(args, usage, known=()):
    """BadInput for the first of args that looks like an option (a lone "-" does not) and
    is not one of `known`: "unknown option X; USAGE"."""
    for arg in args:
        if arg.startswith("-") and len(arg) > 1 and arg not in known:
            raise BadInput(f"unknown option {shown(arg)}; {usage}")


def run_main(name, main, *args):
    """main(*args)'s exit status. BadInput: its one line, exit 2. Ctrl-C: 130. Anything
    else is a bug of the script (or an input of a shape nobody foresaw): one line naming
    it, exit 3, never a traceback."""
    try:
        return main(*args)
    except BadInput as error:
        print(f"{name}: {shown(error, 2000)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print(f"{name}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:  # noqa: BLE001 (the last net: one line, not a traceback)
        where = error.__traceback__
        while where is not None and where.tb_next is not None:
            where = where.tb_next
        at = f" at {os.path.basename(where.tb_frame.f_code.co_filename)}:{where.tb_lineno}" if where else ""
        print(f"{name}: internal error{at}: {type(error).__name__}: {shown(error, 300)} "
              "(please report it with the input that caused it)", file=sys.stderr)
        return EXIT_COULD_NOT
