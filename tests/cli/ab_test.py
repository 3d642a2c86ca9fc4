#!/usr/bin/python3
"""Drives `shmbench ab` from outside: real, short A/B runs of the build under test
against itself, with output and kept reports in a temporary folder.

ab_test.py gate -- RUNNER... SHMBENCH
    A planted slowdown that doubles the contender's copy (--contender-fault
    slow:copy:100), 16 rounds of the heap at 64 KiB: exit 1, and the copy row is a
    regression. The same build against itself (A/A), with the default rounds (12 or
    more, as many as fit in about 45 s, an even number): exit 0 and no row flagged (at a
    25 % threshold). Both margins are wide on purpose: CTest runs this beside other tests
    on two cores, and a test must not depend on how noisy the machine is today (the
    gate's power at 5 and 10 % is measured with benchmarks, not here). --keep-reports
    keeps one report per run. A contender whose writer crashes in every run (its rows are
    errors: nothing could be compared): exit 3, never 1 or 0. Interleaved runs are on one
    CPU, the same for every run, and the output says which (--no-pin: not confined).
    With 2 rounds ab warns that one run out of place would hide any change (10 absorb
    one over these 7 rows), with 16 it does not.
    --mode duet (both builds at once, on CPUs of their own, judged on the pairs): the
    planted slowdown is caught in 12 rounds, the A/A run flags nothing, the output says
    how the runs were taken, and with 4 rounds (too few for the paired test to flag
    anything) ab warns.

ab_test.py bad-input -- RUNNER... SHMBENCH
    A missing executable, a file that is not a program, a program that is not shmbench,
    too few rounds, a bad --threshold and a run the builds refuse (an unknown suite):
    each exits 2 with exactly one line on stderr, before any round runs.

Only the standard library: any python3 runs it.
"""

import json
import os
import re
import shutil
import sys
import tempfile

from subcommand_runner import SubcommandRunner

# 16 against 16. Beside other tests, a whole run's copy can come out at half speed (its
# one CPU shared with a busy test process), below the doubled contender's. With 8 rounds
# one such run left the rank test's p at 0.010, 0.073 after Holm over 7 rows: in 2 of 40
# and 5 of 288 A/Bs under a looping ctest -j2, with 12 rounds in 0 of 288, but 2 such runs
# reached an adjusted 0.043 there. With 16 rounds 3 of them still give 0.014.
ROUNDS = "16"


class Runner(SubcommandRunner):
    def __init__(self, command, folder):
        super().__init__(command, folder, "ab", timeout=600)
        # The program as the program itself sees it: under Wine a Windows path.
        self.wine = len(command) > 1
        self.program = self.native(os.path.abspath(command[-1]))

    def native(self, path):
        return "Z:" + path.replace("/", "\\") if self.wine else path


def error_notes(out):
    """What ab said of its error rows (--format json keeps them out of stderr), for a
    failure's message."""
    try:
        return "; ".join(f"{row['name']}: {row.get('note', '')}" for row in json.loads(out).get("rows", [])
                         if row.get("status") == "error")[:3000]
    except (json.JSONDecodeError, AttributeError, TypeError):
        return out[-2000:]


def rows_by_status(document):
    statuses = {}
    for row in document.get("rows", []):
        statuses.setdefault(row["status"], []).append(row["name"])
    return statuses


def check_gate(r):
    common = ["--baseline", r.program, "--contender", r.program, "--backends", "heap", "--sizes", "64KiB",
              "--format", "json"]
    kept = r.path("kept")
    code, out, err = r.run(*common, "--rounds", ROUNDS, "--contender-fault", "slow:copy:100",
                           "--keep-reports", r.native(kept))
    # The whole comparison goes with a failure, to show which runs were slow.
    r.expect(code == 1, "a planted copy slowdown exits 1", f"exit {code}\n{err}\n{error_notes(out)}")
    r.expect("absorb one" not in err, "16 rounds absorb one run out of place: no warning", err)
    try:
        statuses = rows_by_status(json.loads(out))
    except json.JSONDecodeError as error:
        r.expect(False, "the json output parses", str(error))
        return
    # Only the copy row is asserted: the planted slowdown really spins the contender's
    # writer for longer, and under Wine that moved its next operation too (heap close by
    # +24 to -33 % in three runs, once flagged). Whether the gate raises false alarms is
    # the A/A run's question, below.
    r.expect("copy/heap/65536" in statuses.get("regression", []), "the copy row regressed", json.dumps(statuses))
    reports = sorted(os.listdir(kept)) if os.path.isdir(kept) else []
    r.expect(len(reports) == 2 * int(ROUNDS), "--keep-reports keeps one report per run", " ".join(reports))
    # Interleaved lifecycle runs are confined to one CPU, and the output and every run's
    # report say which.
    design = str(json.loads(out).get("design", ""))
    r.expect(re.search(r"each run on CPU \d+$", design) is not None, "interleaved: the output names the runs' CPU",
             design)
    allowed = set()
    for name in reports:
        with open(os.path.join(kept, name), encoding="utf-8") as report:
            allowed.add(tuple(json.load(report)["context"]["shmbench"]["platform"]["allowed_cpus"]))
    r.expect(len(allowed) == 1 and len(next(iter(allowed))) == 1, "interleaved: every run may use the same one CPU",
             str(sorted(allowed)))

    # Duet: both builds at once, each on its own CPUs, judged on the per-round pairs.
    code, out, err = r.run(*common, "--mode", "duet", "--rounds", "12", "--contender-fault", "slow:copy:100")
    r.expect(code == 1, "duet: a planted copy slowdown exits 1", f"exit {code}\n{err}\n{error_notes(out)}")
    try:
        document = json.loads(out)
        r.expect("copy/heap/65536" in rows_by_status(document).get("regression", []), "duet: the copy row regressed",
                 json.dumps(rows_by_status(document)))
        r.expect(str(document.get("design", "")).startswith("duet: 12 rounds of both builds at once"),
                 "duet: the output says how the runs were taken", str(document.get("design")))
        r.expect(all(row.get("test", "wilcoxon_signed_rank_paired") == "wilcoxon_signed_rank_paired"
                     for row in document.get("rows", [])), "duet: rows are judged on the pairs")
    except json.JSONDecodeError as error:
        r.expect(False, "duet: the json output parses", str(error))
    code, out, err = r.run(*common, "--mode", "duet", "--rounds", "12", "--threshold", "25%")
    r.expect(code == 0, "duet: the same build against itself exits 0", f"exit {code}\n{err}\n{error_notes(out)}")
    # 4 pairs: the signed-rank test's smallest p is 2/16, and Holm over the rows asks for
    # less, so no row could ever be flagged: ab says so rather than pass in silence.
    code, out, err = r.run(*common, "--mode", "duet", "--rounds", "4")
    r.expect(code == 0, "duet: 4 rounds of the same build exit 0", f"exit {code}\n{err}")
    r.expect("no row of this duet can be flagged" in err, "duet: too few rounds to flag anything is said", err)

    # A side that crashes could not be measured: 3, which a CI job must not read as "no
    # regression" (0) or "slower" (1).
    code, out, err = r.run(*common, "--rounds", "2", "--contender-fault", "writer-crash")
    r.expect(code == 3, "a contender whose writer crashes exits 3 (could not measure)", f"exit {code}\n{err}")

    # --no-pin leaves the runs to the scheduler, and the output says so.
    code, out, err = r.run(*common, "--rounds", "2", "--no-pin")
    try:
        design = str(json.loads(out).get("design", ""))
    except json.JSONDecodeError:
        design = out
    r.expect(code == 0 and design.endswith("each run placed by the scheduler (--no-pin)"),
             "--no-pin: the runs are not confined, as the output says", f"exit {code}: {design}\n{err}")
    # 2 rounds: one run beyond the other build's would leave a row's p at 1.
    r.expect("warning: with 2 rounds a single run beyond every run of the other build" in err
             and "10 rounds or more absorb one" in err, "too few rounds to absorb one run out of place is said", err)

    # The A/A run takes the default rounds: 12 or more, as many as fit in about 45 s.
    code, out, err = r.run(*common, "--threshold", "25%")
    r.expect(code == 0, "the same build against itself exits 0", f"exit {code}\n{err}")
    try:
        statuses = rows_by_status(json.loads(out))
    except json.JSONDecodeError as error:
        r.expect(False, "the A/A json output parses", str(error))
        return
    r.expect("regression" not in statuses and "improvement" not in statuses, "and flags nothing",
             json.dumps(statuses))
    r.expect("copy/heap/65536" in statuses.get("no_significant_change", []), "its copy row is compared",
             json.dumps(statuses))
    r.expect("12 or more rounds" in err, "the default rounds are said", err)
    runs = re.search(r"shmbench ab: (\d+) runs in", err)
    count = int(runs.group(1)) if runs else 0
    r.expect(24 <= count <= 200 and count % 4 == 0, "12 to 100 rounds, an even number, two runs each",
             f"{count} runs\n{err}")


def expect_bad_input(r, what, says, *args):
    code, out, err = r.run(*args)
    lines = [line for line in err.splitlines() if line.strip()]
    r.expect(code == 2, f"{what}: exit 2", f"exit {code}\n{err}")
    r.expect(len(lines) == 1, f"{what}: one line on stderr", err)
    r.expect(says in err, f"{what}: says '{says}'", err)


def check_bad_input(r):
    program = r.program
    expect_bad_input(r, "missing baseline", "no such file",
                     "--baseline", r.native(r.path("nowhere")), "--contender", program)
    not_a_program = r.path("not-a-program.exe")
    with open(not_a_program, "w", encoding="utf-8") as handle:
        handle.write("text, not a program\n")
    os.chmod(not_a_program, 0o755)
    expect_bad_input(r, "a baseline that is not a program", "--baseline",
                     "--baseline", r.native(not_a_program), "--contender", program)
    # A program every system has that ends by itself, whatever its arguments (Wine ships
    # its own hostname.exe).
    other = "C:\\Windows\\System32\\hostname.exe" if os.name == "nt" or r.wine else "/bin/echo"
    expect_bad_input(r, "a contender that is another program", "is not a shmbench program",
                     "--baseline", program, "--contender", other)
    expect_bad_input(r, "an unknown mode", "--mode 'sideways'", "--baseline", program, "--contender", program,
                     "--mode", "sideways")
    expect_bad_input(r, "one round", "--rounds", "--baseline", program, "--contender", program, "--rounds", "1")
    expect_bad_input(r, "bad threshold", "--threshold", "--baseline", program, "--contender", program,
                     "--threshold", "lots")
    out = r.path("comparison.json")
    expect_bad_input(r, "a run the build refuses", "the baseline build refused its run",
                     "--baseline", program, "--contender", program, "--suite", "huge", "--out", r.native(out))
    r.expect(not os.path.exists(out), "a refused run leaves no --out file behind")
    expect_bad_input(r, "--out in a missing folder", "--out", "--baseline", program, "--contender", program,
                     "--out", r.native(r.path("nowhere/comparison.json")))


def main(argv):
    if len(argv) < 4 or argv[1] not in ("gate", "bad-input") or "--" not in argv:
        print(__doc__, file=sys.stderr)
        return 2
    command = argv[argv.index("--") + 1:]
    folder = tempfile.mkdtemp(prefix="shmbench-ab-test-")
    try:
        r = Runner(command, folder)
        (check_gate if argv[1] == "gate" else check_bad_input)(r)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    for problem in r.problems:
        print(f"FAILED: {problem}")
    return 1 if r.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
