#!/usr/bin/python3
"""Bad input across every command, as a table: each row must give exit status 2, exactly
one line on stderr, and leave nothing behind (no new file in the working folder or the
test's folder, no shared-memory object of the program's in /dev/shm).

    bad_input_table.py [--list] -- [RUNNER...] SHMBENCH SHMBENCH-MICRO

Rows name their program ("shmbench" or "micro") and their arguments; {dir} is a folder of
prepared inputs (reports good and bad, a 200 MB one, a plain file, a folder). Rows of a
command `shmbench --help` does not list (a build without it) are skipped, and counted as
skipped. Only the standard library.
"""

import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_env import retrying_wine_start  # noqa: E402

HUGE_BYTES = 200 * 1024 * 1024

# (program, what, arguments). {dir}: the prepared inputs; {exe}: this build's shmbench;
# {cannot}: a folder that cannot be made (Linux's /proc, also under Wine; on Windows a name
# with a character no file system accepts); {unwritable}: an existing folder nobody may
# write in (/proc/self; on Windows, where every such folder is writable by an
# administrator, the same unmakeable name stands in for it).
TABLE = [
    # --- run ---
    ("shmbench", "run: unknown flag", ["run", "--frobnicate"]),
    ("shmbench", "run: stray argument", ["run", "extra", "--out", "{dir}/r.json"]),
    ("shmbench", "run: negative repetitions", ["run", "--repetitions", "-1", "--out", "{dir}/r.json"]),
    ("shmbench", "run: overflowing repetitions", ["run", "--repetitions", "99999999999999999999", "--out", "{dir}/r.json"]),
    ("shmbench", "run: empty repetitions", ["run", "--repetitions", "", "--out", "{dir}/r.json"]),
    ("shmbench", "run: empty sizes", ["run", "--sizes", "", "--out", "{dir}/r.json"]),
    ("shmbench", "run: negative size", ["run", "--sizes=-4KiB", "--out", "{dir}/r.json"]),
    ("shmbench", "run: empty item in a size list", ["run", "--sizes", "4KiB,,8KiB", "--out", "{dir}/r.json"]),
    ("shmbench", "run: size list ending in a comma", ["run", "--sizes", "4KiB,", "--out", "{dir}/r.json"]),
    ("shmbench", "run: size of 2^64 bytes", ["run", "--sizes", "18446744073709551616", "--out", "{dir}/r.json"]),
    ("shmbench", "run: size of 2^24 TiB", ["run", "--sizes", "16777216TiB", "--out", "{dir}/r.json"]),
    ("shmbench", "run: empty backends", ["run", "--backends", "", "--out", "{dir}/r.json"]),
    ("shmbench", "run: empty item in a backend list", ["run", "--backends", "heap,,heap", "--out", "{dir}/r.json"]),
    ("shmbench", "run: empty suite", ["run", "--suite", "", "--out", "{dir}/r.json"]),
    ("shmbench", "run: negative timeout", ["run", "--timeout", "-5", "--out", "{dir}/r.json"]),
    ("shmbench", "run: NaN timeout", ["run", "--timeout", "nan", "--out", "{dir}/r.json"]),
    ("shmbench", "run: infinite timeout", ["run", "--timeout", "inf", "--out", "{dir}/r.json"]),
    ("shmbench", "run: empty timeout", ["run", "--timeout", "", "--out", "{dir}/r.json"]),
    ("shmbench", "run: zero precision", ["run", "--precision", "0", "--out", "{dir}/r.json"]),
    ("shmbench", "run: precision of 100 %", ["run", "--precision", "100%", "--out", "{dir}/r.json"]),
    ("shmbench", "run: precision not a number", ["run", "--precision", "tight", "--out", "{dir}/r.json"]),
    ("shmbench", "run: precision for a transfer suite", ["run", "--suite", "transfer-quick", "--precision", "3",
                                                         "--out", "{dir}/r.json"]),
    ("shmbench", "run: --duet with the suite's three or four backends", ["run", "--duet", "--suite", "quick",
                                                                       "--out", "{dir}/r.json"]),
    ("shmbench", "run: --duet with one backend", ["run", "--duet", "--backends", "heap", "--out", "{dir}/r.json"]),
    ("shmbench", "run: --duet for a transfer suite", ["run", "--duet", "--suite", "transfer-quick", "--backends",
                                                      "heap", "--out", "{dir}/r.json"]),
    ("shmbench", "run: --duet for the stress suite", ["run", "--duet", "--suite", "stress", "--out", "{dir}/r.json"]),
    ("shmbench", "run: empty fault", ["run", "--inject-fault", "", "--backends", "heap", "--sizes", "4KiB",
                                      "--repetitions", "1", "--out", "{dir}/r.json"]),
    ("shmbench", "run: unknown transport", ["run", "--suite", "transfer-quick", "--transports", "carrier-pigeon",
                                            "--out", "{dir}/r.json"]),
    ("shmbench", "run: empty transports", ["run", "--suite", "transfer-quick", "--transports", "", "--out", "{dir}/r.json"]),
    ("shmbench", "run: empty item in a transport list", ["run", "--suite", "transfer-quick", "--transports", "tcp,,tcp",
                                                         "--out", "{dir}/r.json"]),
    ("shmbench", "run: transports for a lifecycle suite", ["run", "--suite", "quick", "--transports", "tcp",
                                                           "--out", "{dir}/r.json"]),
    ("shmbench", "run: transports for the stress suite", ["run", "--suite", "stress", "--transports", "tcp",
                                                          "--out", "{dir}/r.json"]),
    ("shmbench", "run: a rate of zero", ["run", "--suite", "transfer-quick", "--rate", "0", "--out", "{dir}/r.json"]),
    ("shmbench", "run: a negative rate", ["run", "--suite", "transfer-quick", "--rate=-5k", "--out", "{dir}/r.json"]),
    ("shmbench", "run: a rate with a stray unit", ["run", "--suite", "transfer-quick", "--rate", "10kHz",
                                                   "--out", "{dir}/r.json"]),
    ("shmbench", "run: a rate below 1 a second", ["run", "--suite", "transfer-quick", "--rate", "0.001",
                                                 "--out", "{dir}/r.json"]),
    ("shmbench", "run: an idle gap of 1 ns", ["run", "--suite", "transfer-quick", "--idle", "1e-9s",
                                             "--out", "{dir}/r.json"]),
    ("shmbench", "run: a rate over 10M", ["run", "--suite", "transfer-quick", "--rate", "20M", "--out", "{dir}/r.json"]),
    ("shmbench", "run: empty rate", ["run", "--suite", "transfer-quick", "--rate", "", "--out", "{dir}/r.json"]),
    ("shmbench", "run: an idle gap without a unit", ["run", "--suite", "transfer-quick", "--idle", "10",
                                                     "--out", "{dir}/r.json"]),
    ("shmbench", "run: an idle gap of a minute", ["run", "--suite", "transfer-quick", "--idle", "60s",
                                                  "--out", "{dir}/r.json"]),
    ("shmbench", "run: a batch without a unit", ["run", "--suite", "transfer-quick", "--batch", "200",
                                                  "--out", "{dir}/r.json"]),
    ("shmbench", "run: a batch under a millisecond", ["run", "--suite", "transfer-quick", "--batch", "500us",
                                                       "--out", "{dir}/r.json"]),
    ("shmbench", "run: a batch beyond a quarter of the timeout", ["run", "--suite", "transfer-quick", "--batch", "20s",
                                                                  "--out", "{dir}/r.json"]),
    ("shmbench", "run: a batch for a lifecycle suite", ["run", "--suite", "quick", "--batch", "200ms",
                                                         "--out", "{dir}/r.json"]),
    ("shmbench", "run: a lead-in without a unit", ["run", "--suite", "transfer-quick", "--lead-in", "50",
                                                    "--out", "{dir}/r.json"]),
    ("shmbench", "run: a negative lead-in", ["run", "--suite", "transfer-quick", "--lead-in=-5ms",
                                              "--out", "{dir}/r.json"]),
    ("shmbench", "run: a lead-in beyond a quarter of the timeout", ["run", "--suite", "transfer-quick", "--lead-in",
                                                                     "20s", "--out", "{dir}/r.json"]),
    ("shmbench", "run: a lead-in for a lifecycle suite", ["run", "--suite", "quick", "--lead-in", "50ms",
                                                           "--out", "{dir}/r.json"]),
    ("shmbench", "run: empty item in an idle list", ["run", "--suite", "transfer-quick", "--idle", "1ms,,10ms",
                                                     "--out", "{dir}/r.json"]),
    ("shmbench", "run: a rate for a lifecycle suite", ["run", "--suite", "quick", "--rate", "1k", "--out", "{dir}/r.json"]),
    ("shmbench", "run: output in a folder that cannot exist", ["run", "--out", "{cannot}/r.json"]),
    ("shmbench", "run: output path is a folder", ["run", "--out", "{dir}/folder"]),
    ("shmbench", "run: output below a plain file", ["run", "--out", "{dir}/plain.txt/r.json"]),
    ("shmbench", "run: empty output path", ["run", "--out", ""]),
    ("shmbench", "run: output in a missing folder", ["run", "--backends", "nosuch", "--out", "{dir}/new/deeper/r.json"]),
    ("shmbench", "run: output path a new folder", ["run", "--backends", "heap", "--out", "{dir}/new/deeper/"]),
    # the memory variants and their options (issue 20)
    ("shmbench", "run: file folder missing", ["run", "--file-dir", "{dir}/missing", "--backends", "heap",
                                              "--out", "{dir}/r.json"]),
    ("shmbench", "run: file folder is a file", ["run", "--file-dir", "{dir}/plain.txt", "--backends", "heap",
                                                "--out", "{dir}/r.json"]),
    ("shmbench", "run: file folder not writable", ["run", "--file-dir", "{unwritable}", "--backends", "heap",
                                                   "--out", "{dir}/r.json"]),
    ("shmbench", "run: empty file folder", ["run", "--file-dir", "", "--backends", "heap", "--out", "{dir}/r.json"]),
    ("shmbench", "run: file folder for a transfer suite", ["run", "--suite", "transfer-quick", "--file-dir", "{dir}",
                                                           "--out", "{dir}/r.json"]),
    ("shmbench", "run: file folder for the stress suite", ["run", "--suite", "stress", "--file-dir", "{dir}",
                                                           "--out", "{dir}/r.json"]),
    ("shmbench", "run: a value for --no-accounting", ["run", "--no-accounting=maybe", "--backends", "heap",
                                                      "--out", "{dir}/r.json"]),
    ("shmbench", "run: --accounting and --no-accounting", ["run", "--accounting", "--no-accounting", "--backends",
                                                           "heap", "--out", "{dir}/r.json"]),
    ("shmbench", "run: accounting for a transfer suite", ["run", "--suite", "transfer-quick", "--accounting",
                                                          "--out", "{dir}/r.json"]),
    ("shmbench", "run: a memory variant in a transfer suite", ["run", "--suite", "transfer-quick", "--backends",
                                                               "memfd,win32-reserve", "--out", "{dir}/r.json"]),
    ("shmbench", "run: unknown variant", ["run", "--backends", "win32-huge", "--out", "{dir}/r.json"]),
    ("shmbench", "stress: a memory variant", ["stress", "--backends", "sysv,win32-large"]),
    ("micro", "micro: a memory variant", ["--backends=posix-huge,win32-file"]),
    ("shmbench", "compare: an empty path", ["compare", "", "{dir}/good.json"]),
    # --- list, clean ---
    ("shmbench", "list: unknown flag", ["list", "--frobnicate"]),
    ("shmbench", "list: stray argument", ["list", "extra"]),
    ("shmbench", "clean: unknown flag", ["clean", "--frobnicate"]),
    ("shmbench", "clean: stray argument", ["clean", "extra"]),
    ("shmbench", "clean: a value for a flag", ["clean", "--dry-run=maybe"]),
    ("shmbench", "no command", []),
    # --- compare ---
    ("shmbench", "compare: no report", ["compare"]),
    ("shmbench", "compare: one report", ["compare", "{dir}/good.json"]),
    ("shmbench", "compare: three reports", ["compare", "{dir}/good.json", "{dir}/good.json", "{dir}/good.json"]),
    ("shmbench", "compare: --pool-backends with --no-pool", ["compare", "--pool-backends", "--no-pool", "{dir}/good.json", "{dir}/good.json"]),
    ("shmbench", "compare: missing file", ["compare", "{dir}/missing.json", "{dir}/good.json"]),
    ("shmbench", "compare: a folder", ["compare", "{dir}/folder", "{dir}/good.json"]),
    ("shmbench", "compare: empty file", ["compare", "{dir}/empty.json", "{dir}/good.json"]),
    ("shmbench", "compare: malformed JSON", ["compare", "{dir}/malformed.json", "{dir}/good.json"]),
    ("shmbench", "compare: truncated JSON", ["compare", "{dir}/good.json", "{dir}/truncated.json"]),
    ("shmbench", "compare: 200 MB JSON", ["compare", "{dir}/huge.json", "{dir}/good.json"]),
    ("shmbench", "compare: deeply nested JSON", ["compare", "{dir}/nested.json", "{dir}/good.json"]),
    ("shmbench", "compare: a number no double holds", ["compare", "{dir}/overflow.json", "{dir}/good.json"]),
    ("shmbench", "compare: binary garbage", ["compare", "{dir}/binary.json", "{dir}/good.json"]),
    ("shmbench", "compare: a JSON array", ["compare", "{dir}/array.json", "{dir}/good.json"]),
    ("shmbench", "compare: benchmarks not an array", ["compare", "{dir}/benchmarks-number.json", "{dir}/good.json"]),
    ("shmbench", "compare: real_time a string", ["compare", "{dir}/time-string.json", "{dir}/good.json"]),
    ("shmbench", "compare: unknown time unit", ["compare", "{dir}/time-unit.json", "{dir}/good.json"]),
    ("shmbench", "compare: unknown schema version", ["compare", "{dir}/schema-99.json", "{dir}/good.json"]),
    ("shmbench", "compare: schema version overflowing", ["compare", "{dir}/schema-huge.json", "{dir}/good.json"]),
    ("shmbench", "compare: negative threshold", ["compare", "--threshold", "-5", "{dir}/good.json", "{dir}/good.json"]),
    ("shmbench", "compare: empty threshold", ["compare", "--threshold", "", "{dir}/good.json", "{dir}/good.json"]),
    ("shmbench", "compare: overflowing alpha", ["compare", "--alpha", "1e999", "{dir}/good.json", "{dir}/good.json"]),
    ("shmbench", "compare: alpha above 1", ["compare", "--alpha", "2", "{dir}/good.json", "{dir}/good.json"]),
    ("shmbench", "compare: unknown format", ["compare", "--format", "xml", "{dir}/good.json", "{dir}/good.json"]),
    ("shmbench", "compare: a run --duet report with one that is not", ["compare", "{dir}/duet.json", "{dir}/good.json"]),
    ("shmbench", "compare: pair without a colon", ["compare", "--pair", "posix", "{dir}/good.json"]),
    ("shmbench", "compare: pair of unknown backends", ["compare", "--pair", "a:b", "{dir}/good.json"]),
    # --- ab ---
    ("shmbench", "ab: unknown flag", ["ab", "--baseline", "{exe}", "--contender", "{exe}", "--frobnicate"]),
    ("shmbench", "ab: no builds", ["ab"]),
    ("shmbench", "ab: missing baseline program", ["ab", "--baseline", "{dir}/missing", "--contender", "{exe}"]),
    ("shmbench", "ab: baseline is a folder", ["ab", "--baseline", "{dir}/folder", "--contender", "{exe}"]),
    ("shmbench", "ab: negative rounds", ["ab", "--baseline", "{exe}", "--contender", "{exe}", "--rounds", "-3"]),
    ("shmbench", "ab: overflowing rounds", ["ab", "--baseline", "{exe}", "--contender", "{exe}", "--rounds",
                                            "99999999999999999999"]),
    ("shmbench", "ab: output in a missing folder", ["ab", "--baseline", "{exe}", "--contender", "{exe}", "--out",
                                                    "{dir}/missing/ab.json"]),
    ("shmbench", "ab: bad size for the runs", ["ab", "--baseline", "{exe}", "--contender", "{exe}", "--sizes", "1MB"]),
    # --- export ---
    ("shmbench", "export: no report", ["export", "--out-dir", "{dir}/out"]),
    ("shmbench", "export: no output folder", ["export", "{dir}/good.json"]),
    ("shmbench", "export: missing output folder", ["export", "{dir}/good.json", "--out-dir", "{dir}/missing"]),
    ("shmbench", "export: output folder is a file", ["export", "{dir}/good.json", "--out-dir", "{dir}/plain.txt"]),
    ("shmbench", "export: output folder not writable", ["export", "{dir}/good.json", "--out-dir", "{unwritable}"]),
    ("shmbench", "export: malformed JSON", ["export", "{dir}/malformed.json", "--out-dir", "{dir}/out"]),
    ("shmbench", "export: truncated JSON", ["export", "{dir}/truncated.json", "--out-dir", "{dir}/out"]),
    ("shmbench", "export: 200 MB JSON", ["export", "{dir}/huge.json", "--out-dir", "{dir}/out"]),
    ("shmbench", "export: wrong schema", ["export", "{dir}/benchmarks-number.json", "--out-dir", "{dir}/out"]),
    ("shmbench", "export: a run --duet report", ["export", "{dir}/duet.json", "--out-dir", "{dir}/out"]),
    ("shmbench", "history add: a run --duet report", ["history", "add", "{dir}/duet.json", "--db", "{dir}/h.sqlite"]),
    ("shmbench", "export: one good one bad report", ["export", "{dir}/good.json", "{dir}/empty.json",
                                                     "--out-dir", "{dir}/out"]),
    # --- shmbench-micro ---
    ("micro", "micro: unknown flag", ["--frobnicate"]),
    ("micro", "micro: empty sizes", ["--sizes="]),
    ("micro", "micro: negative size", ["--sizes=-1"]),
    ("micro", "micro: size of 2^64 bytes", ["--sizes=18446744073709551616"]),
    ("micro", "micro: empty backends", ["--backends="]),
    ("micro", "micro: negative repetitions", ["--benchmark_repetitions=-3"]),
    ("micro", "micro: overflowing repetitions", ["--benchmark_repetitions=99999999999999999999"]),
    ("micro", "micro: empty min time", ["--benchmark_min_time="]),
    ("micro", "micro: output in a folder that cannot exist", ["--benchmark_out={cannot}/m.json"]),
    ("micro", "micro: output path is a folder", ["--benchmark_out={dir}/folder"]),
    # --- values and files a user would not mean (found by a sweep of 1,554 cases) ---
    ("shmbench", "run: a newline in a value", ["run", "--backends", "heap\nx", "--out", "{dir}/r.json"]),
    ("shmbench", "run: a 5,000-character value", ["run", "--backends", "b" * 5000, "--out", "{dir}/r.json"]),
    ("shmbench", "run: repetitions written in octal", ["run", "--repetitions", "010", "--out", "{dir}/r.json"]),
    ("shmbench", "run: timeout written in hex", ["run", "--timeout", "0x10", "--out", "{dir}/r.json"]),
    ("shmbench", "run: repetitions of spaces only", ["run", "--repetitions", "  ", "--out", "{dir}/r.json"]),
    ("shmbench", "run: a timeout below a millisecond", ["run", "--timeout", "0.0001", "--out", "{dir}/r.json"]),
    ("shmbench", "run: a timeout shorter than four batches", ["run", "--suite", "transfer-quick", "--timeout", "0.01",
                                                             "--out", "{dir}/r.json"]),
    ("shmbench", "run: --duet with one backend of each platform", ["run", "--duet", "--backends", "posix,win32",
                                                                  "--out", "{dir}/r.json"]),
    ("shmbench", "ab: a timeout below a millisecond", ["ab", "--baseline", "{exe}", "--contender", "{exe}",
                                                       "--timeout", "0.0001"]),
    ("micro", "micro: a log level that is no number", ["--v=abc"]),
    ("shmbench", "compare: no benchmark in common", ["compare", "{dir}/good.json", "{dir}/no-benchmarks.json"]),
    ("shmbench", "compare: 6,000 repetitions of one benchmark", ["compare", "{dir}/good.json", "{dir}/many.json"]),
    ("shmbench", "compare: a benchmark name of 2,000 bytes", ["compare", "{dir}/good.json", "{dir}/long-name.json"]),
    ("shmbench", "export: bencher.json is a folder", ["export", "{dir}/good.json", "--out-dir", "{dir}/taken"]),
    ("shmbench", "history add: a report without benchmarks", ["history", "add", "{dir}/no-benchmarks.json",
                                                             "--db", "{dir}/h.sqlite"]),
    ("shmbench", "history trend: a 5,000-character filter", ["history", "trend", "--db", "{dir}/h.sqlite",
                                                            "--filter", "a" * 5000]),
    ("shmbench", "history trend: --db ending in a separator", ["history", "trend", "--db", "{dir}/h.sqlite/"]),
    ("shmbench", "history check: --db below a plain file", ["history", "check", "{dir}/good.json",
                                                           "--db", "{dir}/plain.txt/h.sqlite"]),
    ("shmbench", "ab: --out is a folder", ["ab", "--baseline", "{exe}", "--contender", "{exe}", "--out", "{dir}/folder"]),
    ("micro", "micro: a time unit Google Benchmark does not know", ["--benchmark_time_unit=fortnight"]),
    # --- Not yet built: skipped while `shmbench --help` does not list the command ---
    ("shmbench", "history: unknown flag", ["history", "--frobnicate"]),
    ("shmbench", "history: malformed report", ["history", "{dir}/malformed.json"]),
    ("shmbench", "history: 200 MB JSON", ["history", "{dir}/huge.json"]),
    ("shmbench", "stress: unknown flag", ["stress", "--frobnicate"]),
    ("shmbench", "stress: negative readers", ["stress", "--readers", "-1"]),
    ("shmbench", "stress: zero max bytes", ["stress", "--max-bytes", "0"]),
    ("shmbench", "stress: a reader sweep with 0", ["stress", "--scenarios", "fanout-scaling", "--readers-sweep", "1,0"]),
]


# Devices exist as such only where shmbench runs natively on Linux. (A pipe is read, as
# `compare <(...) B.json` gives one; a named pipe nobody writes into waits, as for cat.)
LINUX_NATIVE = [
    ("shmbench", "compare: /dev/zero (never ends)", ["compare", "/dev/zero", "{dir}/good.json"]),
    ("shmbench", "history trend: --db /dev/null", ["history", "trend", "--db", "/dev/null"]),
]


def good_report():
    row = {"name": "copy/heap/4096", "run_name": "copy/heap/4096", "run_type": "iteration", "repetitions": 1,
           "repetition_index": 0, "threads": 1, "iterations": 1, "real_time": 1000.0, "cpu_time": 1000.0,
           "time_unit": "ns", "bytes_per_second": 4.0e9}
    return {"context": {"date": "2026-11-28T00:00:00+00:00", "host_name": "test", "executable": "x",
                        "num_cpus": 2, "mhz_per_cpu": 1, "cpu_scaling_enabled": False, "caches": [],
                        "library_build_type": "release"},
            "benchmarks": [row]}


def prepare(folder):
    def write(name, text, mode="w"):
        with open(os.path.join(folder, name), mode) as f:
            f.write(text)

    good = json.dumps(good_report(), indent=1)
    write("good.json", good)
    write("truncated.json", good[: len(good) // 2])
    write("empty.json", "")
    write("malformed.json", "{\"context\": {}, \"benchmarks\": [ {\"name\": 'x'} ]}")
    write("nested.json", "[" * 100000 + "]" * 100000)
    write("binary.json", bytes(range(256)) * 64, "wb")
    write("array.json", "[1, 2, 3]")
    write("overflow.json", good.replace('"real_time": 1000.0', '"real_time": 1e999'))
    # A run --duet report (shmbench run --duet): one side of a pair, not absolute figures.
    report = good_report()
    report["context"]["shmbench"] = {"schema_version": 4, "order": {"scheme": "duet", "description": "two at once"}}
    write("duet.json", json.dumps(report))
    report = good_report()
    report["benchmarks"] = []
    write("no-benchmarks.json", json.dumps(report))
    report = good_report()
    report["benchmarks"] = [dict(report["benchmarks"][0], repetition_index=i, repetitions=6000) for i in range(6000)]
    write("many.json", json.dumps(report))
    report = good_report()
    report["benchmarks"][0].update(name="x" * 2000, run_name="x" * 2000)
    write("long-name.json", json.dumps(report))
    os.makedirs(os.path.join(folder, "taken", "bencher.json"))
    report = good_report()
    report["benchmarks"] = 5
    write("benchmarks-number.json", json.dumps(report))
    report = good_report()
    report["benchmarks"][0]["real_time"] = "fast"
    write("time-string.json", json.dumps(report))
    report = good_report()
    report["benchmarks"][0]["time_unit"] = "fortnights"
    write("time-unit.json", json.dumps(report))
    for name, version in (("schema-99.json", 99), ("schema-huge.json", 2 ** 70)):
        report = good_report()
        report["context"]["shmbench"] = {"schema_version": version}
        write(name, json.dumps(report))
    # 200 MB of valid JSON: a report whose rows are padded with blanks. A reader that
    # took it whole would hold it several times over in memory.
    with open(os.path.join(folder, "huge.json"), "w") as f:
        head = good[:-1]
        f.write(head)
        chunk = " " * (1 << 20)
        for _ in range(HUGE_BYTES // len(chunk)):
            f.write(chunk)
        f.write("}")
    write("plain.txt", "a plain file\n")
    os.mkdir(os.path.join(folder, "folder"))
    os.mkdir(os.path.join(folder, "out"))


def listing(folder):
    found = set()
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            found.add(os.path.relpath(os.path.join(root, name), folder))
    return found


def shm_objects():
    try:
        return set(os.listdir("/dev/shm"))
    except OSError:
        return set()


def run_row(command, base, cwd):
    """(process, exit code or "timeout", stdout, stderr) of one row. Output goes to files,
    not pipes: under Wine the wineserver would hold pipes open."""
    with open(os.path.join(base, "out.txt"), "w+b") as out, open(os.path.join(base, "err.txt"), "w+b") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=cwd)
        try:
            code = process.wait(timeout=300)
        except subprocess.TimeoutExpired:
            process.kill()
            code = "timeout"
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    os.remove(os.path.join(base, "out.txt"))
    os.remove(os.path.join(base, "err.txt"))
    return process, code, stdout, stderr


def main(argv):
    if "--" not in argv or len(argv) - argv.index("--") - 1 < 2:
        print(__doc__, file=sys.stderr)
        return 2
    split = argv.index("--")
    command = argv[split + 1:]
    runner = [os.path.abspath(c) if os.path.isfile(c) else c for c in command[:-2]]
    shmbench, micro = os.path.abspath(command[-2]), os.path.abspath(command[-1])
    programs = {"shmbench": runner + [shmbench], "micro": runner + [micro]}
    if "--list" in argv[1:split]:
        for program, what, args in TABLE:
            print(f"{what}: {program} {' '.join(args)}")
        return 0

    with tempfile.TemporaryDirectory(prefix="shmbench-bad-input-") as base:
        inputs = os.path.join(base, "inputs")
        cwd = os.path.join(base, "cwd")
        os.mkdir(inputs)
        os.mkdir(cwd)
        prepare(inputs)
        cannot = os.path.join(inputs, "no<such") if os.name == "nt" else "/proc/shmbench-no"
        unwritable = cannot if os.name == "nt" else "/proc/self"
        help_text = subprocess.run(programs["shmbench"] + ["--help"], stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, cwd=cwd, timeout=120).stdout.decode("utf-8", "replace")
        commands = {line.split()[0] for line in help_text.splitlines() if line.startswith("  ") and line.split()}

        table = list(TABLE)
        if not runner and sys.platform.startswith("linux"):
            table += LINUX_NATIVE
        passed, failed, skipped = 0, [], 0
        for program, what, args in table:
            if program == "shmbench" and args and args[0] in ("history", "stress") and args[0] not in commands:
                print(f"skip: {what} (no '{args[0]}' command in this build yet)")
                skipped += 1
                continue
            args = [a.replace("{dir}", inputs).replace("{exe}", shmbench).replace("{cannot}", cannot)
                    .replace("{unwritable}", unwritable) for a in args]
            before_files = listing(base)
            before_shm = shm_objects()
            process, code, stdout, stderr = retrying_wine_start(
                what, programs[program], lambda: run_row(programs[program] + args, base, cwd))
            lines = [line for line in stderr.splitlines() if line.strip()]
            new_files = listing(base) - before_files
            # Native runs: objects named for this program's pid. (Other programs on the
            # machine may create objects meanwhile; they are not this row's.)
            own = f"shmbench-{process.pid}-"
            new_shm = {n for n in shm_objects() - before_shm if n.startswith(own)}
            problems = []
            if code != 2:
                problems.append(f"exit {code}")
            if len(lines) != 1:
                problems.append(f"{len(lines)} stderr lines")
            if new_files:
                problems.append("left " + ", ".join(sorted(new_files)))
            if new_shm:
                problems.append("left /dev/shm/" + ", /dev/shm/".join(sorted(new_shm)))
            if problems:
                failed.append(what)
                print(f"FAIL: {what}: {'; '.join(problems)}")
                for line in stderr.splitlines()[:10]:
                    print(f"    {line}")
            else:
                passed += 1
                print(f"ok: {what}: {lines[0]}")
        print(f"{passed} passed, {len(failed)} failed, {skipped} skipped (commands not built yet) "
              f"of {len(table)} bad inputs")
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
