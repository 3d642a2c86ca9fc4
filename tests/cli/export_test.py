#!/usr/bin/python3
"""Drives `shmbench export` from outside, in a temporary folder of its own.

export_test.py formats HARNESS.json MICRO.json [TRANSFER.json] -- RUNNER... SHMBENCH
    From a real harness report and a real micro report: the three files exist, are in
    the shapes github-action-benchmark and Bencher document (ci_export_formats.py), hold
    each benchmark once with the median of its repetitions, and nothing else. Then the
    harness report beside a copy relabelled as the other platform, with one cell turned
    into an error row: names stay unique, carry their platform, and the error row is
    left out (and said so on stderr). --prefix goes before every name. With a transfer
    report (same platform): it exports beside the harness and micro reports, ping-pong
    rows with the median of their repetitions' rtt_p50_ns and no throughput, stream rows
    with bytes/s; the transfer report twice is still refused (exit 2).

export_test.py bad-input -- RUNNER... SHMBENCH
    No report, no --out-dir, a missing folder, a missing or non-JSON report, the same
    report twice: each exits 2 with exactly one line on stderr and leaves the folder
    as it was (a file already there keeps its content; no temporary files).

Only the standard library: any python3 runs it.
"""

import copy
import json
import os
import shutil
import sys
import tempfile

import ci_export_formats as formats
from subcommand_runner import SubcommandRunner

FILES = (formats.SMALLER, formats.BIGGER, formats.BENCHER)


def write_json(path, document):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(document, f)


def fresh_folder(r, name):
    folder = r.path(name)
    os.makedirs(folder)
    return folder


def check_formats(r, harness, micro):
    out = fresh_folder(r, "both")
    code, stdout, stderr = r.run(harness, micro, "--out-dir", out)
    r.expect(code == 0, "export of a harness and a micro report exits 0", f"exit {code}: {stderr.strip()}")
    r.expect(all(os.path.isfile(os.path.join(out, f)) for f in FILES), "the three files are written",
             str(os.listdir(out)))
    r.expect(all(f in stdout for f in FILES), "stdout names the files written", stdout.strip())
    if code == 0:
        problems = formats.check_folder(out, [harness, micro])
        r.expect(not problems, "each tool's shape, one entry per benchmark with its median", "; ".join(problems[:5]))
        smaller = formats.load(os.path.join(out, formats.SMALLER))
        r.expect(any(e["name"].startswith(("linux/micro/", "windows/micro/")) for e in smaller),
                 "micro rows are named <platform>/micro/...")

    # Two platforms in one export, one cell failed on the second.
    with open(harness, encoding="utf-8") as f:
        report = json.load(f)
    platform = report["context"]["shmbench"]["platform"]["os"]
    other = "windows" if platform == "linux" else "linux"
    twin = copy.deepcopy(report)
    twin["context"]["shmbench"]["platform"]["os"] = other
    failed = next(row["run_name"] for row in twin["benchmarks"] if row["run_type"] == "iteration")
    rows = [row for row in twin["benchmarks"] if row.get("run_name") != failed]
    rows.insert(0, {"name": failed, "run_name": failed, "run_type": "iteration", "repetitions": 1,
                    "repetition_index": 0, "threads": 1, "iterations": 0, "real_time": 0, "cpu_time": 0,
                    "time_unit": "ns", "error_occurred": True, "error_message": "writer: planted failure"})
    twin["benchmarks"] = rows
    twin_path = r.path(f"{other}.json")
    write_json(twin_path, twin)
    merged = fresh_folder(r, "merged")
    code, _, stderr = r.run(harness, twin_path, "--out-dir", merged)
    r.expect(code == 0, "export of two platforms' reports exits 0", f"exit {code}: {stderr.strip()}")
    if code == 0:
        problems = formats.check_folder(merged, [harness, twin_path])
        r.expect(not problems, "two platforms merge: unique names, each with its platform", "; ".join(problems[:5]))
        smaller = formats.load(os.path.join(merged, formats.SMALLER))
        names = [e["name"] for e in smaller]
        failed_name = formats.expected_name(twin, failed)
        r.expect(failed_name not in names, f"the error row {failed_name} is left out")
        r.expect(f"left out {failed_name} (error: writer: planted failure)" in stderr, "stderr says what was left out",
                 stderr.strip())
        r.expect({n.split("/")[0] for n in names} == {"linux", "windows"}, "both platforms are in the export")

    prefixed = fresh_folder(r, "prefixed")
    code, _, stderr = r.run(harness, "--out-dir", prefixed, "--prefix", "ci-vm")
    if code == 0:
        names = [e["name"] for e in formats.load(os.path.join(prefixed, formats.SMALLER))]
        r.expect(names and all(n.startswith(f"ci-vm/{platform}/") for n in names), "--prefix goes before the platform")
    else:
        r.expect(False, "export --prefix exits 0", f"exit {code}: {stderr.strip()}")


def check_transfer(r, harness, micro, transfer):
    out = fresh_folder(r, "with-transfer")
    code, _, stderr = r.run(harness, transfer, micro, "--out-dir", out)
    r.expect(code == 0, "export of a lifecycle, a transfer (same platform) and a micro report exits 0",
             f"exit {code}: {stderr.strip()}")
    if code != 0:
        return
    problems = formats.check_folder(out, [harness, transfer, micro])
    r.expect(not problems, "transfer rows in each tool's shape, once, with their medians", "; ".join(problems[:5]))
    smaller = {e["name"]: e for e in formats.load(os.path.join(out, formats.SMALLER))}
    bigger = {e["name"] for e in formats.load(os.path.join(out, formats.BIGGER))}
    with open(transfer, encoding="utf-8") as f:
        report = json.load(f)
    platform = report["context"]["shmbench"]["platform"]["os"]
    pingpong = [n for n in smaller if n.startswith(f"{platform}/pingpong_")]
    stream = [n for n in smaller if n.startswith(f"{platform}/stream_")]
    r.expect(pingpong and stream, "ping-pong and stream rows are exported", ", ".join(sorted(smaller))[:300])
    # The report's first shared backend (posix on Linux, win32 on Windows) at 64 bytes.
    backend = next(b for b in report["context"]["shmbench"]["config"]["backends"] if b != "heap")
    r.expect(f"{platform}/pingpong_spin/{backend}/64B" in smaller, f"names read <platform>/pingpong_spin/{backend}/64B",
             ", ".join(n for n in sorted(smaller) if "pingpong_spin" in n)[:300])
    r.expect(all("rtt_p50_ns" in smaller[n]["extra"] for n in pingpong), "ping-pong entries say they are rtt_p50_ns")
    r.expect(not any(n in bigger for n in pingpong), "ping-pong rows have no throughput")
    r.expect(all(n in bigger for n in stream), "stream rows have their bytes/s in the bigger-is-better file")
    twice = fresh_folder(r, "transfer-twice")
    code, _, stderr = r.run(transfer, transfer, "--out-dir", twice)
    lines = stderr.strip().splitlines()
    r.expect(code == 2 and len(lines) == 1 and "export takes each benchmark once" in stderr,
             "the same transfer report twice: exit 2, one line", f"exit {code}, stderr {lines}")
    r.expect(os.listdir(twice) == [], "the same transfer report twice: nothing written", str(os.listdir(twice)))


def check_left_out_lines(r):
    """Five rows a platform cannot run share one line; a sixth reason has its own."""
    def row(name, error=None):
        entry = {"name": name, "run_name": name, "run_type": "iteration", "repetitions": 1, "repetition_index": 0,
                 "threads": 1, "iterations": 1, "real_time": 100.0, "cpu_time": 100.0, "time_unit": "ns"}
        if error:
            entry.update(error_occurred=True, error_message=error)
        return entry
    absent = [f"pingpong_spin/unix-stream/{size}" for size in (8, 64, 512, 4096, 65536)]
    report = r.path("left-out.json")
    write_json(report, {"context": {"shmbench": {"schema_version": 3, "platform": {"os": "windows"}}},
                        "benchmarks": [row("pingpong_spin/heap/8")] +
                                      [row(name, "not available: no AF_UNIX") for name in absent] +
                                      [row("pingpong_spin/tcp/8", "writer: planted failure")]})
    for verbose in (False, True):
        out = fresh_folder(r, f"left-out-{verbose}")
        code, _, stderr = r.run(report, "--out-dir", out, *(["--verbose"] if verbose else []))
        lines = [line for line in stderr.splitlines() if "left out" in line]
        what = "--verbose" if verbose else "by default"
        r.expect(code == 0 and len(lines) == 2, f"{what}: one line per reason of the rows left out",
                 f"exit {code}, stderr {stderr.strip()}")
        if len(lines) != 2:
            continue
        first = "shmbench export: left out windows/pingpong_spin/unix-stream/8B, windows/pingpong_spin/unix-stream/64B, "
        tail = (" and 2 more" if not verbose else
                ", windows/pingpong_spin/unix-stream/4KiB, windows/pingpong_spin/unix-stream/64KiB")
        r.expect(lines[0] == first + "windows/pingpong_spin/unix-stream/512B" + tail +
                 " (error: not available: no AF_UNIX)", f"{what}: the shared reason's line", lines[0])
        r.expect(lines[1] == "shmbench export: left out windows/pingpong_spin/tcp/8B (error: writer: planted failure)",
                 f"{what}: the other reason's line", lines[1])


def check_bad_input(r):
    good = r.path("good.json")
    write_json(good, {"context": {"shmbench": {"schema_version": 3, "platform": {"os": "linux"}}},
                      "benchmarks": [{"name": "create/posix/4096", "run_name": "create/posix/4096",
                                      "run_type": "iteration", "real_time": 100.0, "time_unit": "ns"}]})
    not_json = r.path("not-json.json")
    with open(not_json, "w", encoding="utf-8") as f:
        f.write("{ not json")
    out = fresh_folder(r, "out")
    # A file from an earlier export must survive a refused one untouched.
    sentinel = os.path.join(out, formats.SMALLER)
    with open(sentinel, "w", encoding="utf-8") as f:
        f.write("earlier\n")
    cases = [
        ("no report", ["--out-dir", out]),
        ("no --out-dir", [good]),
        ("a missing --out-dir folder", [good, "--out-dir", os.path.join(out, "missing")]),
        ("--out-dir is a file", [good, "--out-dir", good]),
        ("a missing report", [good, r.path("missing.json"), "--out-dir", out]),
        ("a non-JSON report", [good, not_json, "--out-dir", out]),
        ("the same report twice", [good, good, "--out-dir", out]),
    ]
    for what, args in cases:
        code, stdout, stderr = r.run(*args)
        lines = stderr.strip().splitlines()
        r.expect(code == 2 and len(lines) == 1, f"{what}: exit 2, one line on stderr", f"exit {code}, stderr {lines}")
        r.expect(sorted(os.listdir(out)) == [formats.SMALLER], f"{what}: the folder is as it was", str(os.listdir(out)))
        with open(sentinel, encoding="utf-8") as f:
            r.expect(f.read() == "earlier\n", f"{what}: the earlier file is untouched")
    # And a good export replaces it, leaving no temporary file.
    code, _, stderr = r.run(good, "--out-dir", out)
    r.expect(code == 0 and sorted(os.listdir(out)) == sorted(FILES), "a good export replaces the earlier files",
             f"exit {code}: {stderr.strip()} {os.listdir(out)}")


def main(argv):
    if "--" not in argv or len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    split = argv.index("--")
    mode, rest, command = argv[1], argv[2:split], argv[split + 1:]
    folder = tempfile.mkdtemp(prefix="shmbench-export-test-")
    try:
        r = SubcommandRunner(command, folder, "export")
        if mode == "formats" and len(rest) in (2, 3):
            check_formats(r, rest[0], rest[1])
            check_left_out_lines(r)
            if len(rest) == 3:
                check_transfer(r, *rest)
        elif mode == "bad-input" and not rest:
            check_bad_input(r)
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
