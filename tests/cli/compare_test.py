#!/usr/bin/python3
"""Drives `shmbench compare` from outside, on reports it writes into a temporary folder.

compare_test.py verdicts -- RUNNER... SHMBENCH
    Synthetic reports of 9 low-noise repetitions: a planted 10 % slowdown exits 1 with
    its row flagged; identical reports exit 0; a 10 % drop in bytes/s is a regression
    and a 10 % rise an improvement; one-sided and error rows are reported, and with an
    error row and no regression the exit status is 3 (could not measure), not 0.

compare_test.py runs -- RUNNER... SHMBENCH
    Across time: two single runs two hours apart with a planted 20 % slowdown exit 0, the
    row 'not_gated' and a warning saying why (--gate-apart: exit 1); three runs per side
    in folders (or --baseline/--contender lists) of one build drifting by up to 10 % exit
    0, judged run against run, and a 50 % slower create on top of that drift exits 1.

compare_test.py formats -- RUNNER... SHMBENCH
    The table fits 100 columns and ends with its summary line; markdown starts with its
    summary line and lists the regression first; json parses and holds every row, the
    options and the warnings.

compare_test.py bad-input -- RUNNER... SHMBENCH
    Missing, non-JSON, truncated, wrongly shaped and other-version reports, a harness
    report against a micro report, an unknown --pair backend and bad flag values: each
    exits 2 with exactly one line on stderr.

compare_test.py pair REPORT A:B[,C:D...] -- RUNNER... SHMBENCH
    `compare --pair` on a real report exits 0 and has a row per operation and size
    both backends measured, in the table and in json.

Only the standard library: any python3 runs it.
"""

import json
import os
import shutil
import sys
import tempfile

from subcommand_runner import SubcommandRunner

REPETITIONS = 9
# What the synthetic reports hold: (operation, bytes moved per repetition or None, ns).
CELLS = [("create", None, 20000.0), ("open", None, 5000.0), ("copy", 1048576, 25000.0), ("read", 1048576, 80000.0)]


def low_noise(centre, count=REPETITIONS, spread=0.002):
    """Repetitions spread evenly within +-spread of centre, all different."""
    return [centre * (1 + spread * (2.0 * i / (count - 1) - 1)) for i in range(count)]


def harness_report(path, backend="posix", slower=None, factor=1.0, drop=(), errors=(), extra=(), version=2,
                   date=None, everything=1.0):
    """A shmbench harness report (schema 2 shape): each cell of CELLS for `backend`, with
    operation `slower` taking `factor` times as long, every operation `everything` times,
    the operations in `drop` left out, those in `errors` as error rows and `extra`
    operations added; `date` in its context when given."""
    rows = []
    for op, size, ns in CELLS + [(op, None, 1000.0) for op in extra]:
        if op in drop:
            continue
        name = f"{op}/{backend}/1048576"
        base = {"name": name, "run_name": name, "run_type": "iteration", "threads": 1, "time_unit": "ns"}
        if op in errors:
            rows.append(dict(base, repetitions=1, repetition_index=0, iterations=0, real_time=0, cpu_time=0,
                             error_occurred=True, error_message="reader: exited unexpectedly (killed by signal 9)"))
            continue
        times = low_noise(ns * everything * (factor if op == slower else 1.0))
        for index, t in enumerate(times):
            row = dict(base, repetitions=REPETITIONS, repetition_index=index, iterations=1, real_time=t, cpu_time=t)
            if size:
                row["bytes_per_second"] = size * 1e9 / t
            rows.append(row)
        rows.append(dict(base, name=name + "_median", run_type="aggregate", aggregate_name="median",
                         real_time=sorted(times)[REPETITIONS // 2]))
    context = {"host_name": "test-host",
               "shmbench": {"schema_version": version, "platform": {"os": "linux", "cpu_model": "Test CPU"},
                            "order": {"interleaved": True}}}
    if date:
        context["date"] = date
    write(path, {"context": context, "benchmarks": rows})
    return path


def write(path, document):
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(document, handle)


def stderr_lines(text):
    return [line for line in text.splitlines() if line.strip()]


def row_line(stdout, name):
    """The table line with `name`'s numbers (the next line when the name stands alone)."""
    lines = stdout.splitlines()
    for i, line in enumerate(lines):
        if line.split()[:1] == [name]:
            return line if len(line.split()) > 1 else lines[i + 1]
    return ""


def check_verdicts(r):
    base = harness_report(r.path("base.json"))
    code, out, err = r.run(base, harness_report(r.path("slow.json"), slower="create", factor=1.10))
    r.expect(code == 1, "a planted 10 % slowdown exits 1", f"exit {code}\n{out}{err}")
    r.expect("REGRESSION" in row_line(out, "create/posix/1048576"), "the slowed row is flagged", out)
    r.expect("REGRESSION" not in row_line(out, "open/posix/1048576"), "the other rows are not", out)
    r.expect("summary: 1 regression, 0 improvements, 3 unchanged" in out, "the summary counts it", out)

    code, out, err = r.run(base, harness_report(r.path("same.json")))
    r.expect(code == 0, "identical reports exit 0", f"exit {code}\n{out}{err}")
    r.expect("summary: 0 regressions, 0 improvements, 4 unchanged" in out and not err, "and change nothing", out + err)

    # copy takes 1/0.9 the time: its bytes/s drop by 10 %.
    code, out, err = r.run("--format", "json", base, harness_report(r.path("slowcopy.json"), slower="copy",
                                                                    factor=1 / 0.9))
    copy = next(row for row in json.loads(out)["rows"] if row["name"] == "copy/posix/1048576")
    r.expect(code == 1 and copy["status"] == "regression" and copy["metric"] == "bytes_per_second"
             and abs(copy["change"] + 0.10) < 0.005, "a 10 % drop in bytes/s is a regression", json.dumps(copy))
    code, out, err = r.run("--format", "json", base, harness_report(r.path("fastcopy.json"), slower="copy",
                                                                    factor=1 / 1.1))
    copy = next(row for row in json.loads(out)["rows"] if row["name"] == "copy/posix/1048576")
    r.expect(code == 0 and copy["status"] == "improvement" and copy["better"] == "higher",
             "a 10 % rise in bytes/s is an improvement", json.dumps(copy))
    code, out, err = r.run("--metric", "time", "--format", "json", base, r.path("fastcopy.json"))
    copy = next(row for row in json.loads(out)["rows"] if row["name"] == "copy/posix/1048576")
    r.expect(copy["metric"] == "time" and copy["status"] == "improvement" and copy["change"] < -0.08,
             "--metric time judges the same row by its time", json.dumps(copy))

    other = harness_report(r.path("other.json"), drop=("open",), errors=("read",), extra=("read_unverified",))
    code, out, err = r.run(base, other)
    r.expect(code == 3, "an error row, nothing regressed: exit 3 (could not measure), not 0",
             f"exit {code}\n{out}{err}")
    r.expect("only in the baseline" in row_line(out, "open/posix/1048576"), "a row only the baseline has", out)
    r.expect("only in the contender" in row_line(out, "read_unverified/posix/1048576"),
             "a row only the contender has (an operation this shmbench does not know)", out)
    r.expect("error in contender: reader: exited" in row_line(out, "read/posix/1048576"), "an error row", out)
    warnings = stderr_lines(err)
    r.expect(any("only in the baseline" in w for w in warnings) and any("error rows" in w for w in warnings)
             and all(w.startswith("shmbench compare: warning: ") for w in warnings), "each is a warning", err)
    one_sided = harness_report(r.path("one-sided.json"), drop=("open",), extra=("read_unverified",))
    code, out, err = r.run(base, one_sided)
    r.expect(code == 0, "one-sided rows alone, nothing regressed: exit 0", f"exit {code}\n{out}{err}")


def check_runs(r):
    """Across time: single runs taken apart are not gated; several runs per side are judged
    on their medians, with the spread between runs in the interval."""
    monday = harness_report(r.path("monday.json"), date="2026-12-04T10:00:00+00:00")
    tuesday = harness_report(r.path("tuesday.json"), slower="create", factor=1.20, date="2026-12-04T12:00:00+00:00")
    code, out, err = r.run("--format", "json", monday, tuesday)
    document = json.loads(out) if out.strip() else {}
    statuses = {row["name"]: row["status"] for row in document.get("rows", [])}
    r.expect(code == 0, "two single runs two hours apart, one 20 % slower: exit 0 (not gated)", f"exit {code}\n{err}")
    r.expect(statuses.get("create/posix/1048576") == "not_gated", "the slowed row is 'not_gated'", json.dumps(statuses))
    r.expect(document.get("taken_apart") == "taken 2.0 hours apart", "the output says why", str(document.get("taken_apart")))
    code, out, err = r.run(monday, tuesday)
    r.expect(any("one run per side, taken 2.0 hours apart" in line for line in stderr_lines(err)),
             "a warning says they are not gated and what to do", err)
    code, out, err = r.run("--gate-apart", monday, tuesday)
    r.expect(code == 1, "--gate-apart judges them anyway: exit 1", f"exit {code}\n{out}{err}")

    # Three runs per side, in folders: the same build drifting by up to 10 % from run to run
    # is no regression; a create 50 % slower on top of that drift is. (20 % is not: three
    # runs that drift by 10 % cannot tell it apart at p < 0.05 after the correction, and
    # saying so is the point.)
    for side, factors in (("old", (1.00, 1.10, 0.95)), ("same", (1.08, 0.97, 1.05)), ("slow", (1.08, 0.97, 1.05))):
        os.mkdir(r.path(side))
        for i, f in enumerate(factors):
            harness_report(os.path.join(r.path(side), f"run{i}.json"), everything=f,
                           slower="create" if side == "slow" else None, factor=1.50)
    code, out, err = r.run("--format", "json", r.path("old"), r.path("same"))
    document = json.loads(out) if out.strip() else {}
    r.expect(code == 0, "3 runs against 3 runs of the same build drifting 10 %: exit 0", f"exit {code}\n{err}")
    runs = [row.get("runs", {}) for row in document.get("rows", [])]
    r.expect(all(run.get("baseline_runs") == 3 and run.get("contender_runs") == 3 for run in runs) and runs,
             "every row is judged on 3 runs against 3", json.dumps(runs)[:500])
    code, out, err = r.run("--baseline", *[os.path.join(r.path("old"), f"run{i}.json") for i in range(3)],
                           "--contender", r.path("slow"))
    r.expect(code == 1, "--baseline files --contender folder, a 50 % slower create: exit 1", f"exit {code}\n{out}{err}")
    r.expect("REGRESSION" in row_line(out, "create/posix/1048576"), "the slowed row is flagged at run level", out)
    r.expect("Welch's t on their logarithms" in out, "the legend names the run-level test", out)


def check_formats(r):
    base = harness_report(r.path("base.json"))
    slow = harness_report(r.path("slow.json"), slower="read", factor=1.2, drop=("open",))
    code, out, err = r.run(base, slow)
    lines = out.splitlines()
    r.expect(code == 1 and all(len(line) <= 100 for line in lines), "the table fits 100 columns",
             "\n".join(line for line in lines if len(line) > 100))
    r.expect(lines[-1].startswith("summary: 1 regression, 0 improvements, 2 unchanged; 1 warning"),
             "the table ends with its summary line", lines[-1])

    code, out, err = r.run("--format", "markdown", base, slow)
    lines = out.splitlines()
    table = [line for line in lines if line.startswith("| `")]
    r.expect(code == 1 and lines[0].startswith("**shmbench compare**: 1 regression, 0 improvements"),
             "markdown starts with its summary line", lines[0])
    r.expect(table and "read/posix/1048576" in table[0] and "**regression**" in table[0],
             "markdown lists the regression first", "\n".join(table))
    r.expect(any(line.startswith("|:--|") for line in lines), "markdown has a table header", out)
    r.expect(len(stderr_lines(err)) == 1, "markdown's warnings go to stderr", err)

    code, out, err = r.run("--format", "json", "--correction", "bh", "--alpha", "0.01", "--threshold", "7%",
                           base, slow)
    doc = json.loads(out)
    r.expect(code == 1 and not err, "json carries its warnings inside, none on stderr", err)
    r.expect(doc["options"] == dict(doc["options"], metric="auto", correction="bh", alpha=0.01, threshold=0.07),
             "json holds the options used", json.dumps(doc["options"]))
    r.expect(len(doc["rows"]) == 4 and doc["summary"]["regressions"] == 1
             and doc["warnings"][0]["kind"] == "one_sided_rows", "json holds every row and the warnings",
             json.dumps(doc["summary"]))
    read = next(row for row in doc["rows"] if row["name"] == "read/posix/1048576")
    needed = {"baseline", "contender", "median_ratio", "ratio", "ratio_ci", "p_value", "adjusted_p", "p_method",
              "change", "metric", "better", "u", "ci_coverage"}
    r.expect(needed <= set(read) and read["baseline"]["repetitions"] == REPETITIONS,
             "a json row carries every number", json.dumps(read))


def expect_bad_input(r, what, says, *args):
    """Exit 2 with one line on stderr, and that line says `says` (so a parser's refusal of
    the command line cannot pass for the check that was meant)."""
    code, out, err = r.run(*args)
    lines = stderr_lines(err)
    r.expect(code == 2 and len(lines) == 1 and says in lines[0], f"bad input: {what}: {lines[0] if lines else ''}",
             f"exit {code}, expected one line with {says!r}, stderr:\n{err}")


def check_bad_input(r):
    good = harness_report(r.path("good.json"))
    with open(good, encoding="utf-8") as handle:
        text = handle.read()
    truncated = r.path("truncated.json")
    with open(truncated, "w", encoding="utf-8") as handle:
        handle.write(text[: len(text) // 2])
    not_json = r.path("not.json")
    with open(not_json, "w", encoding="utf-8") as handle:
        handle.write("shmbench was here\n")
    write(r.path("shape.json"), {"context": {}, "rows": []})
    write(r.path("row.json"), {"benchmarks": [{"name": "copy/posix/1", "real_time": "fast"}]})
    micro = r.path("micro.json")
    write(micro, {"context": {"shmbench_tool": "shmbench-micro"},
                  "benchmarks": [{"name": "copy/posix/1/real_time", "run_type": "iteration", "real_time": 5}]})
    other_version = harness_report(r.path("v99.json"), version=99)

    expect_bad_input(r, "missing file", "missing.json: no such file", good, r.path("missing.json"))
    expect_bad_input(r, "not JSON", "not.json: not valid JSON (parse error at line 1, column 1", not_json, good)
    expect_bad_input(r, "truncated", "truncated.json: not valid JSON (parse error at line 1, column", good, truncated)
    expect_bad_input(r, "no benchmarks array", 'shape.json: not a benchmark report: no "benchmarks" array',
                     r.path("shape.json"), good)
    expect_bad_input(r, "a row without a numeric real_time", "row.json: benchmarks[0] (copy/posix/1): real_time",
                     good, r.path("row.json"))
    expect_bad_input(r, "schema_version 99", "v99.json: schema_version 99 is not one this shmbench reads", good,
                     other_version)
    expect_bad_input(r, "a harness report against a micro report", "a shmbench-micro report without a schema_version",
                     good, micro)
    expect_bad_input(r, "one report only", "not 1 report(s)", good)
    expect_bad_input(r, "three reports", "not 3 report(s)", good, good, good)
    os.mkdir(r.path("empty-folder"))
    expect_bad_input(r, "a folder without a report", "empty-folder' is a folder without a .json report",
                     good, r.path("empty-folder"))
    expect_bad_input(r, "--baseline without --contender", "--baseline needs --contender too", "--baseline", good)
    expect_bad_input(r, "--baseline and positional reports", "either --baseline ... --contender ... or",
                     good, "--baseline", good, "--contender", good)
    expect_bad_input(r, "unknown backend in --pair", "has no backend 'boost-windows' (it has posix)",
                     "--pair", "boost-windows:win32", good)
    expect_bad_input(r, "malformed --pair", "--pair 'posix': expected two backends as A:B", "--pair", "posix", good)
    expect_bad_input(r, "--pair with two reports", "compare --pair takes one report, not 2",
                     "--pair", "posix:heap", good, good)
    expect_bad_input(r, "negative --threshold", "--threshold '-5'", "--threshold", "-5", good, good)
    expect_bad_input(r, "non-numeric --threshold", "--threshold 'five'", "--threshold", "five", good, good)
    expect_bad_input(r, "--alpha of 1", "--alpha '1'", "--alpha", "1", good, good)
    expect_bad_input(r, "--alpha not a number", "--alpha 'x'", "--alpha", "x", good, good)
    expect_bad_input(r, "unknown --correction", "--correction", "--correction", "bonferroni", good, good)
    expect_bad_input(r, "unknown --format", "--format", "--format", "html", good, good)


def check_pair(r, report, pairs):
    with open(report, encoding="utf-8") as handle:
        names = {row.get("run_name", row["name"]) for row in json.load(handle)["benchmarks"]}
    cells = {tuple(name.split("/")) for name in names if name.count("/") == 2}
    for pair in pairs:
        a, b = pair.split(":")
        expected = sorted((op, size) for op, backend, size in cells if backend == a and (op, b, size) in cells)
        code, out, err = r.run("--pair", pair, "--format", "json", report)
        r.expect(code == 0, f"--pair {pair} exits 0", f"exit {code}\n{err}")
        rows = json.loads(out)["tables"][0]["rows"] if code == 0 else []
        got = sorted((row["operation"], row["name_a"].split("/")[2]) for row in rows)
        r.expect(expected and got == expected, f"--pair {pair}: a row per shared operation and size ({len(got)})",
                 f"expected {expected}, got {got}")
        r.expect(all("ratio" in row and "adjusted_p" in row for row in rows), f"--pair {pair}: every row compared",
                 json.dumps([row for row in rows if "ratio" not in row])[:500])
        code, out, err = r.run("--pair", pair, report)
        operations = {op for op, _ in expected}
        body = [line for line in out.splitlines() if line.split()[:1] and line.split()[0] in operations]
        r.expect(code == 0 and len(body) == len(expected) and all(len(line) <= 100 for line in out.splitlines()),
                 f"--pair {pair}: the table has those rows within 100 columns", out)


def main(argv):
    if "--" not in argv or len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    split = argv.index("--")
    mode, rest, command = argv[1], argv[2:split], argv[split + 1:]
    folder = tempfile.mkdtemp(prefix="shmbench-compare-test-")
    try:
        r = SubcommandRunner(command, folder, "compare")
        if mode == "verdicts" and not rest:
            check_verdicts(r)
        elif mode == "runs" and not rest:
            check_runs(r)
        elif mode == "formats" and not rest:
            check_formats(r)
        elif mode == "bad-input" and not rest:
            check_bad_input(r)
        elif mode == "pair" and len(rest) == 2:
            check_pair(r, rest[0], rest[1].split(","))
        else:
            print(__doc__, file=sys.stderr)
            return 2
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    for problem in r.problems:
        print(f"FAIL: {problem}")
    return 1 if r.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
