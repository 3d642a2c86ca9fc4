#!/usr/bin/python3
"""Drives `shmbench history` from outside (Linux build), on reports it derives from real
ones into a temporary folder of its own, with the database there too.

history_test.py check HARNESS.json MICRO.json -- RUNNER... SHMBENCH
    Baselines are the real harness report with each repetition jittered by up to 1 %.
    Two stored: adding one again stores nothing, and a check says there is not enough
    history (exit 0). Three stored: a copy with a planted 10 % step (copy rows take 10 %
    more time, so lose bytes/s; create rows take 10 % more time) exits 1 with exactly
    those rows flagged, and a copy whose repetitions are each jittered by up to 3 %
    exits 0. Then a micro report and a "windows" copy are added, and trend --format json
    has exactly the documented shape, with --platform and --filter applied.

history_test.py concurrent HARNESS.json -- RUNNER... SHMBENCH
    Eight processes add eight different reports to one new database at once: all exit 0,
    all eight runs are stored with every row, and PRAGMA integrity_check says ok.

history_test.py refuse HARNESS.json -- RUNNER... SHMBENCH
    Random bytes, another program's SQLite file and a history of a future schema: every
    subcommand exits 2 with one line on stderr, and the file is byte for byte as it was,
    with nothing beside it. Bad flags and reports: exit 2, one line.

Only the standard library (sqlite3 included): any python3 runs it.
"""

import hashlib
import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile

from subcommand_runner import SubcommandRunner

PLANTED = re.compile(r"^(copy|create)/")


def load(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def derive(source, path, date, seed=None, jitter=0.0, step=1.0, planted=PLANTED, platform=None, git=None):
    """A copy of report `source` (parsed JSON) written to `path`: context.date set to
    `date`, each iteration row of a name `planted` matches taking `step` times as long,
    and every repetition further scaled by a factor drawn uniformly from 1 +- jitter.
    Times scale by the factor, throughputs by its inverse, as a real slowdown would."""
    document = json.loads(json.dumps(source))
    rng = random.Random(seed)
    context = document["context"]
    context["date"] = date
    if git is not None:
        if "shmbench" in context:
            context["shmbench"]["build"]["git_revision"] = git
        else:
            context["shmbench_git_revision"] = git
    if platform is not None:
        if "shmbench" in context:
            context["shmbench"]["platform"]["os"] = platform
        else:
            context["shmbench_platform"] = platform
    for row in document["benchmarks"]:
        if row.get("run_type", "iteration") != "iteration" or row.get("error_occurred"):
            continue
        factor = (step if planted.search(row.get("run_name", row["name"])) else 1.0)
        factor *= 1 + rng.uniform(-jitter, jitter)
        for key in ("real_time", "cpu_time"):
            if key in row:
                row[key] *= factor
        for key in ("bytes_per_second", "items_per_second"):
            if isinstance(row.get(key), (int, float)):
                row[key] /= factor
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(document, handle)
    return path


def iteration_names(document):
    return {row.get("run_name", row["name"]) for row in document["benchmarks"]
            if row.get("run_type", "iteration") == "iteration"}


def stderr_lines(text):
    return [line for line in text.splitlines() if line.strip()]


def check_check(r, harness, micro):
    db = r.path("history.sqlite")
    source = load(harness)
    bases = [derive(source, r.path(f"base{i}.json"), f"2026-01-0{i}T12:00:00+00:00", seed=i, jitter=0.01,
                    git=f"base{i}") for i in (1, 2, 3)]
    step = derive(source, r.path("step.json"), "2026-01-05T12:00:00+00:00", seed=5, jitter=0.01, step=1.10,
                  git="step")
    noisy = derive(source, r.path("noisy.json"), "2026-01-05T12:00:00+00:00", seed=6, jitter=0.03, git="noisy")

    code, out, err = r.run("add", "--db", db, bases[0], bases[1])
    r.expect(code == 0 and out.count("added ") == 2, "two reports are added", f"exit {code}\n{out}{err}")
    code, out, err = r.run("add", "--db", db, bases[0])
    r.expect(code == 0 and "already stored" in out, "adding the same report again stores nothing", out + err)
    code, out, err = r.run("export", "--db", db)
    r.expect(code == 0 and len(json.loads(out)["runs"]) == 2, "the database holds it once", out[:300] + err)

    code, out, err = r.run("check", "--db", db, step)
    r.expect(code == 0 and "not enough history: 2 earlier run(s)" in out,
             "with two earlier runs a check says there is not enough history and exits 0", f"exit {code}\n{out}{err}")

    code, out, err = r.run("add", "--db", db, bases[2])
    r.expect(code == 0, "a third report is added", err)
    code, out, err = r.run("check", "--db", db, step)
    print(out)  # the planted-step detection, for the test log
    r.expect(code == 1, "a planted 10 % step exits 1", f"exit {code}\n{err}")
    flagged = {line.split()[0] for line in out.splitlines() if line.rstrip().endswith("REGRESSION")}
    planted = {name for name in iteration_names(source) if PLANTED.search(name)}
    r.expect(flagged == planted, f"exactly the {len(planted)} planted rows are flagged",
             f"flagged but not planted: {sorted(flagged - planted)}; planted but not flagged: {sorted(planted - flagged)}")
    r.expect(all(len(line) <= 100 for line in out.splitlines()[1:]), "the table fits 100 columns (after the path)",
             out)

    code, out, err = r.run("check", "--db", db, "--format", "json", step)
    doc = json.loads(out) if code in (0, 1) else {}
    rows = {row["name"]: row for row in doc.get("rows", [])}
    copy = next((row for name, row in rows.items() if name.startswith("copy/")), {})
    create = next((row for name, row in rows.items() if name.startswith("create/")), {})
    r.expect(doc.get("schema") == "shmbench-history-check/1" and doc.get("earlier_runs") == 3
             and doc["summary"]["regressions"] == len(planted), "json: the same verdicts", json.dumps(doc.get("summary")))
    r.expect(copy.get("metric") == "bytes_per_second" and copy.get("better") == "higher" and copy["change"] < -0.07
             and copy["verdict"] == "regression", "json: copy is judged by bytes/s, which dropped", json.dumps(copy))
    r.expect(create.get("metric") == "time" and create.get("better") == "lower" and create["change"] > 0.07
             and create["history_runs"] == 3, "json: create is judged by time, which rose", json.dumps(create))

    code, out, err = r.run("check", "--db", db, noisy)
    r.expect(code == 0 and "summary: 0 regressions" in out, "a noisy but unchanged run exits 0",
             f"exit {code}\n{out[-400:]}{err}")
    code, out, err = r.run("check", "--db", db, "--threshold", "50", step)
    r.expect(code == 0, "--threshold 50 lets a 10 % step pass", f"exit {code}")
    code, out, err = r.run("check", "--db", db, "--mad-k", "1000000", step)
    r.expect(code == 0, "so does a huge --mad-k", f"exit {code}")
    code, out, err = r.run("check", "--db", r.path("none.sqlite"), step)
    r.expect(code == 0 and "not enough history: 0" in out and not os.path.exists(r.path("none.sqlite")),
             "a check without a database has no history, exits 0 and creates nothing", f"exit {code}\n{out}{err}")

    # Both report kinds and both platforms in one history.
    micro_doc = load(micro)
    micro_report = derive(micro_doc, r.path("micro.json"), "2026-01-04T12:00:00+00:00", seed=7, jitter=0.01)
    windows = derive(source, r.path("windows.json"), "2026-01-04T13:00:00+00:00", seed=8, jitter=0.01,
                     platform="windows", git="win")
    code, out, err = r.run("add", "--db", db, micro_report, windows)
    r.expect(code == 0 and out.count("added ") == 2, "a micro report and a windows report are added", out + err)

    code, out, err = r.run("trend", "--db", db, "--format", "json")
    doc = json.loads(out) if code == 0 else {}
    series = doc.get("series", [])
    problems = trend_shape_problems(doc)
    r.expect(code == 0 and not problems, "trend json has exactly the documented shape", "; ".join(problems[:5]))
    names = {s["name"] for s in series if s["platform"] == "linux"}
    r.expect(names == iteration_names(source) | iteration_names(micro_doc),
             "a linux series for every harness and micro row", str(len(names)))
    copy = next((s for s in series if s["name"].startswith("copy/") and s["platform"] == "linux"), {})
    r.expect(copy.get("unit") == "bytes_per_second" and len(copy.get("points", [])) == 3
             and [p["git_revision"] for p in copy["points"]] == ["base1", "base2", "base3"]
             and [p["date"] for p in copy["points"]] == sorted(p["date"] for p in copy["points"]),
             "a copy series: bytes/s, three runs oldest first with their revisions", json.dumps(copy)[:400])
    code, out, err = r.run("trend", "--db", db, "--format", "json", "--platform", "windows", "--filter", "^create/")
    series = json.loads(out)["series"] if code == 0 else []
    r.expect(series and all(s["platform"] == "windows" and s["name"].startswith("create/") and s["unit"] == "ns"
                            and s["points"][0]["git_revision"] == "win" for s in series),
             "--platform windows --filter ^create/ keeps only those", json.dumps(series)[:300])
    code, out, err = r.run("trend", "--db", db, "--filter", "^create/")
    r.expect(code == 0 and "create/" in out and "copy/" not in out, "the default trend is a table", out[:300])


def trend_shape_problems(doc):
    """Where `doc` departs from {"schema":"shmbench-trend/1","series":[{"name","platform",
    "unit","points":[{"date","git_revision","median","repetitions":[...]}]}]}."""
    problems = []
    if set(doc) != {"schema", "series"} or doc.get("schema") != "shmbench-trend/1":
        return [f"top level {sorted(doc)}"]
    number = (int, float)
    for s in doc["series"]:
        if set(s) != {"name", "platform", "unit", "points"}:
            problems.append(f"series keys {sorted(s)}")
            continue
        if not isinstance(s["name"], str) or s["platform"] not in ("linux", "windows") \
                or s["unit"] not in ("ns", "bytes_per_second", "items_per_second") or not s["points"]:
            problems.append(f"series {s['name']}: {s['platform']}, {s['unit']}, {len(s['points'])} points")
        for p in s["points"]:
            if set(p) != {"date", "git_revision", "median", "repetitions"} \
                    or not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", str(p.get("date"))) \
                    or not isinstance(p.get("git_revision"), str) or not isinstance(p.get("median"), number) \
                    or not p.get("repetitions") or not all(isinstance(v, number) for v in p["repetitions"]):
                problems.append(f"point of {s['name']}: {json.dumps(p)[:120]}")
    return problems


def check_concurrent(r, harness, command):
    db = r.path("history.sqlite")
    source = load(harness)
    reports = [derive(source, r.path(f"run{i}.json"), f"2026-02-01T12:0{i}:00Z", seed=100 + i, jitter=0.02)
               for i in range(8)]
    processes = []
    for i, report in enumerate(reports):
        out = open(r.path(f"add{i}.out"), "w+", encoding="utf-8")
        processes.append((subprocess.Popen(command + ["history", "add", "--db", db, report], stdout=out,
                                           stderr=subprocess.STDOUT), out))
    codes = []
    for process, out in processes:
        codes.append(process.wait(timeout=120))
        out.seek(0)
        text = out.read()
        out.close()
        if process.returncode != 0:
            print(text)
    r.expect(codes == [0] * 8, "eight concurrent adds all exit 0", str(codes))
    with sqlite3.connect(db) as connection:
        integrity = connection.execute("PRAGMA integrity_check").fetchall()
        runs = connection.execute("SELECT count(*) FROM runs").fetchone()[0]
        rows = connection.execute("SELECT count(*) FROM benchmarks").fetchone()[0]
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
    connection.close()
    r.expect(integrity == [("ok",)], "PRAGMA integrity_check is ok", str(integrity))
    expected_rows = 8 * len(iteration_names(source))
    r.expect(runs == 8 and rows == expected_rows, f"all 8 runs landed with all {expected_rows} rows",
             f"{runs} runs, {rows} rows")
    r.expect(application_id == 0x73686d68, "the file says it is a shmbench history (application_id 'shmh')",
             hex(application_id))


def digest(path):
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def expect_bad_input(r, what, says, *args):
    code, out, err = r.run(*args)
    lines = stderr_lines(err)
    r.expect(code == 2 and len(lines) == 1 and says in lines[0], f"bad input: {what}: {lines[0] if lines else ''}",
             f"exit {code}, expected one line with {says!r}, stderr:\n{err}")


def check_refuse(r, harness):
    report = derive(load(harness), r.path("r.json"), "2026-03-01T12:00:00Z")
    files = {}
    # Random bytes: SQLite calls it "not a database".
    damaged = os.path.join(r.folder, "damaged", "history.sqlite")
    os.makedirs(os.path.dirname(damaged))
    with open(damaged, "wb") as handle:
        handle.write(random.Random(1).randbytes(65536))
    files[damaged] = "not an SQLite database"
    # Another program's database: a table of its own, application_id 0.
    foreign = os.path.join(r.folder, "foreign", "notes.sqlite")
    os.makedirs(os.path.dirname(foreign))
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
        connection.execute("INSERT INTO notes (text) VALUES ('keep me')")
    connection.close()
    files[foreign] = "an SQLite database of another program"
    # A history of a schema this shmbench does not know.
    future = os.path.join(r.folder, "future", "history.sqlite")
    os.makedirs(os.path.dirname(future))
    with sqlite3.connect(future) as connection:
        connection.execute("PRAGMA application_id = 1936223592")
        connection.execute("PRAGMA user_version = 99")
        connection.execute("CREATE TABLE runs (id INTEGER PRIMARY KEY)")
    connection.close()
    files[future] = "schema version 99"

    for path, says in files.items():
        before = digest(path)
        listing = sorted(os.listdir(os.path.dirname(path)))
        kind = os.path.basename(os.path.dirname(path))
        for args in (["add", "--db", path, report], ["check", "--db", path, report],
                     ["trend", "--db", path], ["export", "--db", path]):
            expect_bad_input(r, f"{kind} file, {args[0]}", says, *args)
        r.expect(digest(path) == before and sorted(os.listdir(os.path.dirname(path))) == listing,
                 f"{kind} file: byte for byte untouched, nothing beside it", str(os.listdir(os.path.dirname(path))))

    db = r.path("good.sqlite")
    code, _, err = r.run("add", "--db", db, report)
    r.expect(code == 0, "a good report is added", err)

    # A history whose pages after the first (the header and the schema) are garbage: it
    # opens as ours, and the damage must stop an add before it writes.
    broken = os.path.join(r.folder, "broken", "history.sqlite")
    os.makedirs(os.path.dirname(broken))
    shutil.copyfile(db, broken)
    with open(broken, "r+b") as handle:
        size = handle.seek(0, os.SEEK_END)
        handle.seek(4096)
        handle.write(b"\xff" * (size - 4096))
    before = digest(broken)
    expect_bad_input(r, "history with damaged pages, add", "a damaged shmbench history", "add", "--db", broken,
                     derive(load(harness), r.path("r2.json"), "2026-03-02T12:00:00Z"))
    expect_bad_input(r, "history with damaged pages, export", "malformed", "export", "--db", broken)
    r.expect(digest(broken) == before and os.listdir(os.path.dirname(broken)) == ["history.sqlite"],
             "history with damaged pages: byte for byte untouched, nothing beside it")
    bad_json = r.path("bad.json")
    with open(bad_json, "w", encoding="utf-8") as handle:
        handle.write("{\"benchmarks\": [")
    no_date = r.path("nodate.json")
    document = load(report)
    del document["context"]["date"]
    with open(no_date, "w", encoding="utf-8") as handle:
        json.dump(document, handle)
    before = digest(db)
    expect_bad_input(r, "missing report", "missing.json: no such file", "add", "--db", db, r.path("missing.json"))
    expect_bad_input(r, "malformed report", "bad.json: not valid JSON", "add", "--db", db, report, bad_json)
    expect_bad_input(r, "report without a date", "has no context.date", "add", "--db", db, no_date)
    r.expect(digest(db) == before, "a refused add (even with a good report beside the bad one) changes nothing")
    expect_bad_input(r, "unknown flag", "--bogus", "add", "--db", db, "--bogus", report)
    expect_bad_input(r, "no subcommand", "A subcommand is required")
    expect_bad_input(r, "check of two reports", "takes one REPORT.json, not 2", "check", "--db", db, report, report)
    expect_bad_input(r, "--last 0", "--last '0'", "check", "--db", db, "--last", "0", report)
    expect_bad_input(r, "--threshold x", "--threshold 'x'", "check", "--db", db, "--threshold", "x", report)
    expect_bad_input(r, "--mad-k -1", "--mad-k '-1'", "check", "--db", db, "--mad-k", "-1", report)
    expect_bad_input(r, "--format xml", "--format 'xml'", "check", "--db", db, "--format", "xml", report)
    expect_bad_input(r, "--platform mac", "--platform 'mac'", "trend", "--db", db, "--platform", "mac")
    expect_bad_input(r, "--filter (", "--filter '(': not a regular expression", "trend", "--db", db, "--filter", "(")
    expect_bad_input(r, "trend without a database", "no such history database", "trend", "--db", r.path("no.sqlite"))
    expect_bad_input(r, "a folder as database", "is a folder", "export", "--db", r.folder)


def main(argv):
    if "--" not in argv or len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    split = argv.index("--")
    mode, rest, command = argv[1], argv[2:split], argv[split + 1:]
    folder = tempfile.mkdtemp(prefix="shmbench-history-test-")
    try:
        r = SubcommandRunner(command, folder, "history")
        if mode == "check" and len(rest) == 2:
            check_check(r, rest[0], rest[1])
        elif mode == "concurrent" and len(rest) == 1:
            check_concurrent(r, rest[0], command)
        elif mode == "refuse" and len(rest) == 1:
            check_refuse(r, rest[0])
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
