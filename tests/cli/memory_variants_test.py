#!/usr/bin/python3
"""The memory variants (issue 20) run for real: every backend of this platform, the
variants among them, each measured or skipped with the system's reason, with the memory
accounting beside the timings.

    memory_variants_test.py variants -- [RUNNER...] SHMBENCH
        `run --suite memory` at two small sizes: exit 0; every backend and size has a row
        for each of its operations, measured or skipped, and none is an error; a skipped
        cell says how to enable what was refused (posix-huge: vm.nr_hugepages; win32-large:
        "Lock pages in memory", and under Wine the native error 1300); win32-reserve has
        its `commit` rows; the rows of create, map, commit, first_touch and close carry what
        the step changed the commit charge by and what the backend's kind of memory says it
        should (win32 the size at create, win32-reserve at commit, posix at the touch, the
        size given back at close, a file nothing), first_touch the page size obtained;
        the summary names the skipped cells; nothing is left behind; with --no-accounting,
        and outside the memory suite by default, no row carries the counters; natively
        (with matplotlib) the page draws the variants, the accounting, the warnings and the
        skipped cells. The measured values are figures, not checked here (the machine's
        other processes move a system-wide charge): scripts/accounting_check.py must read
        the report and list each step (docs/memory.md has the figures).
    memory_variants_test.py huge-pages -- SHMBENCH
        Linux, as root: reserves huge pages (vm.nr_hugepages), runs posix-huge, and checks
        every first touch was in huge pages (page_bytes = Hugepagesize) and that the huge
        pages the object took show in hugetlb_bytes; then gives the pages back. Skipped
        (exit 77) where vm.nr_hugepages cannot be written or the kernel cannot find them.

Only the standard library; files go to a temporary folder of its own.
"""

import importlib.util
import json
import os
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_env import Checks, platform_of, program_path, skip, under_wine  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SIZES = [65536, 2097152]
COUNTERS = ("commit_charge_bytes", "commit_charge_expected_bytes")


def run(command, folder, timeout=600):
    # Output to a file, not a pipe: under Wine the wineserver would hold a pipe open.
    with open(os.path.join(folder, "out.txt"), "w+b") as out:
        code = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, timeout=timeout).returncode
        out.seek(0)
        return code, out.read().decode("utf-8", "replace").replace("\r\n", "\n")


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def iteration_rows(report):
    return [r for r in report["benchmarks"] if r["run_type"] == "iteration"]


def variants(command, checks):
    windows = platform_of(command) == "windows"
    with tempfile.TemporaryDirectory(prefix="shmbench-memory-") as folder:
        out = os.path.join(folder, "memory.json")
        sizes = ",".join(str(s) for s in SIZES)
        code, output = run(command + ["run", "--suite", "memory", "--sizes", sizes, "--repetitions", "3",
                                      "--out", program_path(command, out)], folder)
        checks.expect(code == 0, "run --suite memory exits 0 (a skipped cell is no failure)", output[-2000:])
        if not os.path.exists(out):
            return
        report = load(out)
        shm = report["context"]["shmbench"]
        backends = shm["config"]["backends"]
        expected_variants = (["win32-prefetch", "win32-reserve", "win32-large", "win32-file"] if windows
                             else ["posix-populate", "memfd", "sysv", "posix-huge"])
        for variant in expected_variants:
            checks.expect(variant in backends, f"the memory suite measures {variant}", ", ".join(backends))
        rows = iteration_rows(report)
        by_name = {}
        for row in rows:
            by_name.setdefault(row["run_name"], []).append(row)
        errors = [r["name"] + ": " + r.get("error_message", "") for r in rows if r.get("error_occurred")]
        checks.expect(not errors, "no error rows", "; ".join(errors[:5]))

        skipped_cells = {}
        for backend in backends:
            operations = shm["backend_operations"][backend]
            for size in SIZES:
                cell = [by_name.get(f"{op}/{backend}/{size}", []) for op in operations]
                checks.expect(all(cell), f"{backend} at {size}: a row for each of {', '.join(operations)}")
                skipped = [r for rows_of in cell for r in rows_of if r.get("skipped")]
                if skipped:
                    checks.expect(len(skipped) == len(operations), f"{backend} at {size}: skipped whole")
                    skipped_cells[(backend, size)] = skipped[0].get("skip_message", "")
        checks.expect(shm["run"].get("skipped_cells") == len(skipped_cells),
                      "run.skipped_cells counts the skipped cells", str(shm["run"].get("skipped_cells")))
        for (backend, size), message in skipped_cells.items():
            checks.expect(f"{backend} {format_size(size)}: skipped: " in output,
                          f"the summary names the skipped cell {backend} {size}")
            if backend == "posix-huge":
                checks.expect("vm.nr_hugepages" in message, "posix-huge's skip says how to reserve huge pages", message)
            if backend == "win32-large":
                checks.expect("Lock pages in memory" in message, "win32-large's skip names the right to grant", message)
                if under_wine(command):
                    checks.expect("error 1300" in message, "under Wine: AdjustTokenPrivileges' error 1300 "
                                  "(ERROR_NOT_ALL_ASSIGNED)", message)
            checks.expect(backend in expected_variants, f"only variants are skipped ({backend} was)", message)

        if windows:
            commit = by_name.get(f"commit/win32-reserve/{SIZES[0]}", [])
            checks.expect(bool(commit) and commit[0].get("iterations") == 1, "win32-reserve has its commit rows")
            checks.expect("commit" not in shm["backend_operations"]["win32"], "win32 has no commit operation")

        # Every measured shared backend's accounting rows, with the expectation its kind of
        # memory gives (backend.hpp's Charge).
        for backend in backends:
            if any(k[0] == backend for k in skipped_cells) or backend == shm["reference_backend"]:
                continue
            for size in SIZES:
                for op in ("create", "map", "first_touch", "close"):
                    for row in by_name.get(f"{op}/{backend}/{size}", []):
                        missing = [c for c in COUNTERS if c not in row]
                        checks.expect(not missing, f"{row['name']} #{row['repetition_index']} carries the commit "
                                      "charge and its expectation", ", ".join(missing))
                touch = by_name.get(f"first_touch/{backend}/{size}", [])
                checks.expect(all(r.get("page_bytes", 0) > 0 for r in touch) and all("resident_bytes" in r for r in touch),
                              f"first_touch/{backend}/{size} says the page size obtained and the resident bytes")
        # What each step should charge, by the backend's kind of memory: the size at the
        # step that takes it, the size given back at close, 0 elsewhere (a file: never).
        charged_at = {"win32": "create", "win32-prefetch": "create", "boost-windows": "create",
                      "win32-reserve": "commit", "win32-file": None, "posix": "first_touch", "memfd": "first_touch",
                      "posix-populate": "map", "sysv": "create"}
        for backend, step in charged_at.items():
            if backend not in backends:
                continue
            for size in SIZES:
                for op in shm["backend_operations"][backend]:
                    if op not in ("create", "map", "commit", "first_touch", "close"):
                        continue
                    wanted = 0 if step is None else size if op == step else -size if op == "close" else 0
                    got = {r.get("commit_charge_expected_bytes") for r in by_name.get(f"{op}/{backend}/{size}", [])}
                    checks.expect(got == {wanted}, f"{op}/{backend}/{size}: the step should charge {wanted}", str(got))
        # The machine's state, in every report (harness/os/environment.hpp).
        environment = shm.get("environment") or {}
        checks.expect(isinstance(environment.get("hypervisor"), bool) and "warnings" in environment,
                      "the report records the environment and its warnings", str(environment)[:300])
        if windows:
            checks.expect(isinstance(environment.get("timer_resolution_ms"), (int, float)),
                          "Windows: the timer resolution (NtQueryTimerResolution)", str(environment.get("timer_resolution_ms")))
            checks.expect(bool(environment.get("power_plan")), "Windows: the power plan, or why it is unknown")
        else:
            checks.expect(isinstance(environment.get("steal_fraction"), (int, float)), "Linux: the steal time over the run")
        # What other processes used of the CPUs: unknown only under Wine, which reports no
        # CPU time for a job or an ended child (harness/os/process.windows.cpp).
        other_load = environment.get("other_load_fraction")
        if (shm.get("platform") or {}).get("wine_version"):
            checks.expect(other_load is None, "Wine: the other processes' load is unknown", str(other_load))
        else:
            checks.expect(isinstance(other_load, (int, float)) and 0 <= other_load <= 1,
                          "the share of the CPUs other processes used over the run", str(other_load))
        checks.expect(any(w["kind"] == "virtual_machine" for w in environment.get("warnings", [])) ==
                      bool(environment.get("hypervisor")), "a virtual machine is warned about exactly when CPUID says so")
        checks.expect(not shm["run"]["leaked_objects_removed"], "the run left nothing behind",
                      str(shm["run"]["leaked_objects_removed"]))

        # scripts/accounting_check.py reads the same report: a line per step with its
        # expectation (exit 0 or 1: whether this busy machine's figures held is a result).
        script = os.path.join(REPO, "scripts", "accounting_check.py")
        code, table = run([sys.executable, script, out], folder)
        checks.expect(code in (0, 1), "accounting_check.py reads the report", table[-500:])
        for backend in ("win32-reserve", "sysv"):
            if backend in backends:
                checks.expect(any(line.startswith(backend) for line in table.splitlines()),
                              f"accounting_check.py lists {backend}'s steps")
        code, table = run([sys.executable, script, os.path.join(folder, "missing.json")], folder)
        checks.expect(code == 2, "accounting_check.py: a missing report is bad input (exit 2)", table)

        # The page draws the report's variants against their base and its accounting, and
        # puts the environment's warnings first (native builds only, as html.page: the
        # host's Python draws it; it needs matplotlib).
        if not under_wine(command) and importlib.util.find_spec("matplotlib") is not None:
            page_dir = os.path.join(folder, "page")
            os.mkdir(page_dir)
            os.replace(out, os.path.join(page_dir, "memory.json"))
            code, drawn = run([sys.executable, os.path.join(REPO, "scripts", "html_report.py"), page_dir,
                               "--shmbench", command[-1]], folder)
            checks.expect(code == 0, "html_report.py draws the memory report", drawn[-1000:])
            index = os.path.join(page_dir, "index.html")
            html = open(index, encoding="utf-8").read() if os.path.exists(index) else ""
            for heading in ("Memory variants against their base backend", "Memory accounting"):
                checks.expect(heading in html, f"the page has the section '{heading}'")
            warnings = shm.get("environment", {}).get("warnings", [])
            checks.expect(all(w["text"].replace("'", "&#x27;") in html for w in warnings),
                          "the page shows the report's environment warnings")
            checks.expect(all(f"skipped (not a failure): {b} at" in html for b, _ in skipped_cells),
                          "the page names the skipped cells")

        # Without the accounting (--no-accounting, and by default outside the memory suite,
        # whose cold copies its readings would slow): the same rows without the counters.
        variant = expected_variants[0]
        for what, options in (("--suite memory --no-accounting", ["--suite", "memory", "--no-accounting"]),
                               ("--suite quick (off by default)", ["--suite", "quick"])):
            quiet = os.path.join(folder, "quiet.json")
            code, output = run(command + ["run"] + options + ["--backends", variant, "--sizes", "64KiB",
                                                              "--repetitions", "2", "--out", program_path(command, quiet)],
                               folder)
            checks.expect(code == 0, f"run {what} --backends {variant} exits 0", output[-1000:])
            if os.path.exists(quiet):
                carrying = [r["name"] for r in load(quiet)["benchmarks"] if "commit_charge_bytes" in r]
                checks.expect(not carrying, f"{what}: no row carries the commit charge", ", ".join(carrying[:3]))
                os.remove(quiet)


def format_size(size):
    return f"{size // 1048576}MiB" if size % 1048576 == 0 else f"{size // 1024}KiB"


def huge_pages(command, checks):
    knob = "/proc/sys/vm/nr_hugepages"
    if not os.path.exists(knob) or not os.access(knob, os.W_OK):
        skip(f"{knob} cannot be written here (root on Linux can: sysctl vm.nr_hugepages=N)")
    with open(knob) as f:
        before = int(f.read())
    wanted = before + 4  # 64 KiB and 4 MiB objects: one and two 2 MiB pages, with room
    try:
        with open(knob, "w") as f:
            f.write(str(wanted))
        with open(knob) as f:
            got = int(f.read())
        if got < wanted:
            skip(f"the kernel found {got - before} of 4 huge pages asked for (memory too fragmented)")
        page = 0
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("Hugepagesize:"):
                    page = int(line.split()[1]) * 1024
        with tempfile.TemporaryDirectory(prefix="shmbench-huge-") as folder:
            out = os.path.join(folder, "huge.json")
            code, output = run(command + ["run", "--backends", "posix-huge", "--accounting", "--sizes", "64KiB,4MiB",
                                          "--repetitions", "3", "--out", out], folder)
            checks.expect(code == 0, "posix-huge runs with huge pages reserved", output[-2000:])
            if not os.path.exists(out):
                return
            rows = iteration_rows(load(out))
            skipped = [r for r in rows if r.get("skipped")]
            checks.expect(not skipped, "posix-huge is measured, not skipped",
                          skipped[0].get("skip_message", "") if skipped else "")
            touches = [r for r in rows if r["name"].startswith("first_touch/")]
            checks.expect(len(touches) == 6, "six first_touch rows (two sizes, three repetitions)", str(len(touches)))
            checks.expect(all(r.get("page_bytes") == page for r in touches),
                          f"every first touch was in huge pages of {page} bytes (/proc/self/smaps KernelPageSize)",
                          str(sorted({r.get("page_bytes") for r in touches})))
            for r in rows:
                if r["name"].startswith("map/"):
                    size = r["size_bytes"]
                    rounded = -(-size // page) * page
                    checks.expect(r.get("hugetlb_bytes") == rounded,
                                  f"{r['name']} #{r['repetition_index']}: the mapping took {rounded} bytes of huge "
                                  "pages", str(r.get("hugetlb_bytes")))
    finally:
        with open(knob, "w") as f:
            f.write(str(before))
        with open(knob) as f:
            checks.expect(int(f.read()) == before, f"vm.nr_hugepages is given back ({before})")


def main(argv):
    if len(argv) < 3 or argv[1] not in ("variants", "huge-pages") or "--" not in argv:
        print(__doc__, file=sys.stderr)
        return 2
    command = argv[argv.index("--") + 1:]
    checks = Checks()
    if argv[1] == "variants":
        variants(command, checks)
    else:
        huge_pages(command, checks)
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
