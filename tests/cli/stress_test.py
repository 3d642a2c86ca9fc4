#!/usr/bin/python3
"""Short versions of every `shmbench stress` scenario, on the platform the program was
built for (under Wine through its runner):

    stress_test.py quick      -- RUNNER... SHMBENCH   every scenario, tiny: exit 0, a valid
                                                      report, every row there and held, the
                                                      fault rows' outcomes, nothing left over
    stress_test.py corruption -- RUNNER... SHMBENCH   the corruption switch: each of torn,
                                                      lost and duplicate counted exactly
    stress_test.py scaling    -- RUNNER... SHMBENCH   the reader sweep 1,2,4,8,16 on one
                                                      mapping backend and the heap: every
                                                      latency and throughput row there, held,
                                                      with its counters; nothing left over
    stress_test.py scaling-hang -- RUNNER... SHMBENCH the sweep with a hung reader: exit 3,
                                                      error rows that say timeout, within the
                                                      deadline, nothing left over
    stress_test.py bad-input  -- RUNNER... SHMBENCH   exit 2 and one stderr line each
    stress_test.py interrupt  -- RUNNER... SHMBENCH   Ctrl-C mid-run (SIGINT; on Windows
                                                      CTRL_BREAK to its process group;
                                                      under Wine SIGINT, which Wine turns
                                                      into a console Ctrl-C): exit 130, a
                                                      valid report, no object left
"""

import importlib.util
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from subcommand_runner import SubcommandRunner  # noqa: E402

VALIDATOR = Path(__file__).resolve().parents[2] / "scripts" / "validate-report.py"
HTML_REPORT = Path(__file__).resolve().parents[2] / "scripts" / "html_report.py"
TINY = ["--readers", "3", "--writers", "3", "--messages", "2000", "--duration", "1", "--max-bytes", "64MiB",
        "--max-mappings", "2000", "--timeout", "2", "--readers-sweep", "1,2", "--latency-messages", "200"]
SWEEP = (1, 2, 4, 8, 16)
LATENCY_COUNTERS = ("samples", "min_ns", "p50_ns", "p99_ns", "max_ns", "mean_ns", "verified", "expected", "torn",
                    "lost", "duplicated", "readers", "message_size", "objects_left")
THROUGHPUT_COUNTERS = ("messages", "items_per_second", "bytes_per_second", "delivered_items_per_second",
                       "delivered_bytes_per_second", "verified", "expected", "torn", "lost", "duplicated", "readers",
                       "objects_left")


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def validate(t, path):
    if importlib.util.find_spec("jsonschema") is None:
        # validate-report.py needs it; the other checks still run.
        print(f"note: {os.path.basename(path)} not validated: this Python ({sys.executable}) lacks jsonschema")
        return
    result = subprocess.run([sys.executable, str(VALIDATOR), path], capture_output=True, text=True)
    t.expect(result.returncode == 0, f"{os.path.basename(path)} passes validate-report.py",
             result.stdout + result.stderr)


def backends_of(report):
    return report["context"]["shmbench"]["config"]["backends"]


def quick(t):
    code, _, err = t.run(*TINY, "--out", t.path("stress.json"))
    t.expect(code == 0, "a tiny stress run exits 0", err[-2000:])
    if not os.path.exists(t.path("stress.json")):
        return
    validate(t, t.path("stress.json"))
    report = load(t.path("stress.json"))
    rows = {r["name"]: r for r in report["benchmarks"]}
    for backend in backends_of(report):
        local = backend == "heap"
        expected = [f"fanout/{backend}/readers:3", f"fanin_disjoint/{backend}/writers:3",
                    f"fanin_ring/{backend}/writers:3", f"churn/{backend}/all", f"churn/{backend}/create",
                    f"churn/{backend}/close", f"capacity/{backend}/count", f"capacity/{backend}/largest"]
        if not local:
            expected += [f"churn/{backend}/open"] + [f"fault/{backend}/{k}" for k in
                                                      ("writer-crash", "reader-crash", "reader-hang", "controller-kill")]
        expected += [f"fanout_{kind}/{backend}/readers:{n}" for kind in ("latency", "throughput") for n in (1, 2)]
        missing = [n for n in expected if n not in rows]
        t.expect(not missing, f"{backend}: every scenario has its rows", ", ".join(missing))
        fan = rows.get(f"fanout/{backend}/readers:3", {})
        t.expect(fan.get("verified") == 3 * 2000 and fan.get("torn") == 0, f"{backend}: fan-out: 3 readers verified 2000 messages each",
                 json.dumps(fan))
        for layout in ("disjoint", "ring"):
            fin = rows.get(f"fanin_{layout}/{backend}/writers:3", {})
            t.expect(fin.get("verified") == 3 * 2000, f"{backend}: fan-in {layout}: 6000 messages verified", json.dumps(fin))
        churn = rows.get(f"churn/{backend}/all", {})
        t.expect(churn.get("ops", 0) > 0 and all(churn.get(k) == 0 for k in ("leaks_handles", "leaks_mappings", "leaks_objects")),
                 f"{backend}: churn ran and leaked nothing", json.dumps(churn))
        cap = rows.get(f"capacity/{backend}/count", {})
        t.expect(0 < cap.get("capacity_count", 0) <= 2000 and cap.get("capacity_bytes", 0) <= 64 << 20,
                 f"{backend}: capacity stayed within its bounds", json.dumps(cap))
        if local:
            continue
        hang = rows.get(f"fault/{backend}/reader-hang", {})
        t.expect(hang.get("label", "").startswith("timeout:") and hang.get("watchdog_seconds", 99) <= 4,
                 f"{backend}: the hung reader's row says timeout, killed within its deadline", json.dumps(hang))
        crash = rows.get(f"fault/{backend}/writer-crash", {})
        t.expect(crash.get("survivors") == 3 and 0 < crash.get("messages_published", 0) < 2000,
                 f"{backend}: the writer died mid-run and the 3 readers stopped cleanly", json.dumps(crash))
        kill = rows.get(f"fault/{backend}/controller-kill", {})
        t.expect(kill.get("workers") == 4 and kill.get("workers_alive_after") == 0 and kill.get("objects_left") == 0,
                 f"{backend}: the killed controller's 4 workers died with it, nothing left", json.dumps(kill))
    errors = [r["name"] + ": " + r["error_message"] for r in report["benchmarks"] if r.get("error_occurred")]
    t.expect(not errors, "no error rows", "; ".join(errors))


def corruption(t):
    for kind, counter in (("torn", "torn"), ("lost", "lost"), ("duplicate", "duplicated")):
        out = t.path(f"{kind}.json")
        code, _, err = t.run("--scenarios", "fanout,fanin,fanout-scaling", "--readers", "3", "--writers", "2",
                             "--messages", "600", "--readers-sweep", "2", "--latency-messages", "100",
                             "--inject-fault", kind, "--out", out)
        t.expect(code == 3, f"{kind}: exit 3 (the rows are errors: could not measure)", err[-1000:])
        if not os.path.exists(out):
            continue
        validate(t, out)
        for row in load(out)["benchmarks"]:
            # Writer 0 corrupts one message: every fan-out reader sees it, the one fan-in reader once.
            want = 3 if row["name"].startswith("fanout/") else 2 if row["name"].startswith("fanout_") else 1
            others = sum(row.get(c, 0) for c in ("torn", "lost", "duplicated")) - row.get(counter, 0)
            t.expect(row.get("error_occurred") and row.get(counter) == want and others == 0,
                     f"{kind}: {row['name']} counts {want} {counter} and nothing else",
                     json.dumps({k: row.get(k) for k in ("torn", "lost", "duplicated", "error_message")}))


def mapping_backend(t):
    """The platform's raw API: win32 for a Windows build (run under Wine or natively), posix here."""
    windows = os.name == "nt" or any(part.lower().endswith(".exe") for part in t.command)
    return "win32" if windows else "posix"


def check_sweep_row(t, row, kind, backend, readers, messages):
    name = f"fanout_{kind}/{backend}/readers:{readers}"
    counters = LATENCY_COUNTERS if kind == "latency" else THROUGHPUT_COUNTERS
    missing = [c for c in counters if c not in row]
    t.expect(not row.get("error_occurred") and not missing, f"{name}: held, with its counters",
             "missing " + ", ".join(missing) + " " + json.dumps(row)[:1500])
    t.expect(row.get("verified") == readers * messages and row.get("readers") == readers,
             f"{name}: {readers} reader(s) verified {messages} messages each",
             json.dumps({k: row.get(k) for k in ("verified", "expected", "readers")}))
    if kind == "latency":
        t.expect(row.get("samples", 0) > 0 and row.get("min_ns", 0) <= row.get("p50_ns", 0) <= row.get("p99_ns", 0)
                 <= row.get("max_ns", 0) and row.get("p50_ns", 0) > 0,
                 f"{name}: 0 < min <= p50 <= p99 <= max", json.dumps({c: row.get(c) for c in counters}))
    else:
        t.expect(row.get("delivered_items_per_second", 0) > 0, f"{name}: a throughput", json.dumps(row)[:800])


def scaling(t):
    backend = mapping_backend(t)
    token = f"{random.getrandbits(32):08x}"
    out = t.path("scaling.json")
    code, _, err = t.run_env({"SHMBENCH_TEST_NAME_TOKEN": token}, "--scenarios", "fanout-scaling", "--backends",
                             f"{backend},heap", "--readers-sweep", ",".join(map(str, SWEEP)), "--messages", "400",
                             "--latency-messages", "100", "--timeout", "10", "--out", out)
    t.expect(code == 0, "the reader sweep exits 0", err[-2000:])
    t.expect("fan-out reader scaling" in err, "the summary table is printed", err[-1000:])
    if not os.path.exists(out):
        return
    validate(t, out)
    report = load(out)
    rows = {r["name"]: r for r in report["benchmarks"]}
    t.expect(report["context"]["shmbench"]["config"].get("readers_sweep") == list(SWEEP),
             "the report's config holds the sweep")
    for b in (backend, "heap"):
        for n in SWEEP:
            for kind, messages in (("latency", 100), ("throughput", 400)):
                name = f"fanout_{kind}/{b}/readers:{n}"
                t.expect(name in rows, f"{name} is in the report")
                if name in rows:
                    check_sweep_row(t, rows[name], kind, b, n, messages)
    t.expect(len(rows) == 2 * 2 * len(SWEEP), f"exactly {2 * 2 * len(SWEEP)} rows", ", ".join(rows))
    page(t, out)
    time.sleep(0.5)
    left = leftovers(t, token)
    t.expect(not left, "no object of the sweep left behind", ", ".join(left))


def page(t, report):
    """The sweep on the HTML page: its plot drawn, its table and caption there."""
    if importlib.util.find_spec("matplotlib") is None:
        print(f"note: the page not drawn: this Python ({sys.executable}) lacks matplotlib")
        return
    folder = t.path("page-in")
    os.makedirs(folder)
    with open(report, encoding="utf-8") as source, open(os.path.join(folder, "stress.json"), "w",
                                                         encoding="utf-8") as copy:
        copy.write(source.read())
    result = subprocess.run([sys.executable, str(HTML_REPORT), folder, "--out", t.path("page")], capture_output=True,
                            text=True, timeout=240)
    t.expect(result.returncode == 0, "html_report.py draws the sweep's report", result.stderr[-1500:])
    png = t.path("page/stress-fanout-scaling.png")
    t.expect(os.path.isfile(png) and os.path.getsize(png) > 10000, "the page has the reader-scaling plot")
    index = t.path("page/index.html")
    text = open(index, encoding="utf-8").read() if os.path.isfile(index) else ""
    t.expect("Fan-out reader scaling" in text and "p50 × heap" in text, "the page has the section and its table")


def scaling_hang(t):
    backend = mapping_backend(t)
    token = f"{random.getrandbits(32):08x}"
    out = t.path("hang.json")
    started = time.monotonic()
    code, _, err = t.run_env({"SHMBENCH_TEST_NAME_TOKEN": token}, "--scenarios", "fanout-scaling", "--backends",
                             backend, "--readers-sweep", "2", "--messages", "400", "--latency-messages", "100",
                             "--inject-fault", "reader-hang", "--timeout", "2", "--out", out)
    elapsed = time.monotonic() - started
    t.expect(code == 3, "a hung reader: exit 3 (could not measure)", f"exit {code}: {err[-1500:]}")
    if os.path.exists(out):
        validate(t, out)
        rows = {r["name"]: r for r in load(out)["benchmarks"]}
        for kind in ("latency", "throughput"):
            row = rows.get(f"fanout_{kind}/{backend}/readers:2", {})
            t.expect(row.get("error_occurred") and "timeout" in row.get("error_message", "")
                     and row.get("torn") == 0 and row.get("objects_left") == 0,
                     f"{kind}: an error row that says the hung reader was killed (timeout), nothing torn or left",
                     json.dumps(row)[:1500])
    else:
        t.expect(False, "the run with a hung reader wrote its report")
    # Not a timing assertion: the run ends instead of waiting for the hung reader forever.
    t.expect(elapsed < 200, "the hung reader did not hold the run", f"{elapsed:.0f} s")
    time.sleep(0.5)
    left = leftovers(t, token)
    t.expect(not left, "no object of the run with a hung reader left behind", ", ".join(left))


def bad_input(t):
    cases = [
        ("--readers", "0"), ("--readers", "65"), ("--writers", "-3"), ("--messages", "-1"),
        ("--messages", "99999999999999999999"), ("--message-size", "1MB"), ("--message-size", "8"),
        ("--max-bytes", "0"), ("--max-bytes", "lots"), ("--scenarios", "fanout,bogus"), ("--scenarios", ""),
        ("--duration", "nan"), ("--duration", "0"), ("--timeout", "-1"), ("--slots", "1"),
        ("--max-mappings", "0"), ("--backends", "nosuch"), ("--inject-fault", "nope"),
        ("--out", t.path("no-such-folder/x.json")), ("--no-such-flag",),
        ("--readers-sweep", "0"), ("--readers-sweep", "1,,2"), ("--readers-sweep", "65"), ("--readers-sweep", "x"),
        ("--readers-sweep", "2,2"), ("--readers-sweep", ""), ("--readers-sweep", "1.5"),
        ("--latency-messages", "0"), ("--latency-messages", "-5"), ("--inject-fault", "reader-crash"),
        ("--inject-fault", "reader-hang"),
    ]
    for args in cases:
        code, out, err = t.run(*args, "--scenarios" if args[0] != "--scenarios" else "--readers",
                               "fanout" if args[0] != "--scenarios" else "2")
        lines = [line for line in err.splitlines() if line.strip()]
        t.expect(code == 2 and len(lines) == 1, f"bad input {' '.join(args)}: exit 2, one line",
                 f"exit {code}: {err[-500:]}")
    leftovers = [n for n in os.listdir(t.folder) if n.endswith(".json")]
    t.expect(not leftovers, "bad input wrote no report", ", ".join(leftovers))


def leftovers(t, token):
    """The objects named with this run's token that shmbench clean would still find (and on
    Linux, in /dev/shm)."""
    with open(t.path("clean.txt"), "w+b") as listing:  # a file, not a pipe: see SubcommandRunner.run
        subprocess.run(t.command + ["clean", "--dry-run", "--all"], stdout=listing, stderr=subprocess.STDOUT,
                       timeout=120)
        listing.seek(0)
        found = [line for line in listing.read().decode("utf-8", "replace").splitlines() if f"-{token}-" in line]
    if os.path.isdir("/dev/shm"):
        found += [f"/dev/shm/{n}" for n in os.listdir("/dev/shm") if f"-{token}-" in n]
    return found


def interrupt(t):
    out = t.path("interrupted.json")
    # A known token in every name of the run (names.hpp), to find what it left behind.
    token = f"{random.getrandbits(32):08x}"
    environment = {**os.environ, "SHMBENCH_TEST_NAME_TOKEN": token}
    windows = os.name == "nt"
    with open(t.path("stderr.txt"), "w+", encoding="utf-8") as err:
        child = subprocess.Popen(t.command + ["stress", "--scenarios", "churn,faults", "--duration", "30",
                                              "--readers", "3", "--out", out], stderr=err, stdout=subprocess.DEVNULL,
                                 env=environment,
                                 creationflags=subprocess.CREATE_NEW_PROCESS_GROUP if windows else 0)
        time.sleep(2)
        child.send_signal(signal.CTRL_BREAK_EVENT if windows else signal.SIGINT)
        code = child.wait(timeout=60)
    t.expect(code == 130, "Ctrl-C: exit 130", f"exit {code}")
    if os.path.exists(out):
        validate(t, out)
        t.expect(load(out)["context"]["shmbench"]["run"]["interrupted"], "the report says interrupted")
    else:
        t.expect(False, "the interrupted run wrote its report")
    time.sleep(0.5)
    left = leftovers(t, token)
    t.expect(not left, "no object of the interrupted run left behind", ", ".join(left))


def main(argv):
    if len(argv) < 4 or argv[2] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    mode, command = argv[1], argv[3:]
    modes = {"quick": quick, "corruption": corruption, "bad-input": bad_input, "interrupt": interrupt,
             "scaling": scaling, "scaling-hang": scaling_hang}
    if mode not in modes:
        print(f"stress_test.py: unknown mode '{mode}'", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="shmbench-stress-test-") as folder:
        t = SubcommandRunner(command, folder, "stress", timeout=240)  # under CTest's 300 s
        modes[mode](t)
    for problem in t.problems:
        print(f"FAIL: {problem}")
    return 1 if t.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
