"""Google Benchmark's own compare.py must read shmbench's reports.

    compare_py_test.py benchmarks COMPARE_PY A.json B.json
        `compare.py benchmarks A B` prints its Mann-Whitney U-test (_pvalue) rows.
    compare_py_test.py families COMPARE_PY MICRO.json BACKEND_A BACKEND_B
        `compare.py benchmarksfiltered MICRO A MICRO B` renames both backends' families
        to "<op>/[A vs. B]/<size>", and every operation of shmbench-micro appears so.

COMPARE_PY is compare.py's path as CMake found it (Debian's libbenchmark-tools puts it in
/usr/share/benchmark; elsewhere CMake looks in $SHMBENCH_GBENCH_TOOLS, e.g. a Google
Benchmark checkout's tools/ folder). Skipped, with the reason, when there is none or this Python
lacks what compare.py imports (numpy, scipy).
"""

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_env import require_modules, skip  # noqa: E402

MICRO_OPERATIONS = ["create_close", "open_close", "map_unmap", "first_touch", "copy", "read"]


def compare_py(script, *args):
    done = subprocess.run([sys.executable, script, "--no-color", *args], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace", timeout=300)
    if done.returncode != 0:
        print(done.stderr[-3000:])
        sys.exit(f"FAIL: compare.py exited {done.returncode}")
    return done.stdout


def main(argv):
    if len(argv) < 3 or argv[1] not in ("benchmarks", "families"):
        print(__doc__, file=sys.stderr)
        return 2
    script = argv[2]
    if not script or script.endswith("NOTFOUND") or not os.path.isfile(script):
        skip("Google Benchmark's compare.py was not found (Debian: apt-get install libbenchmark-tools; "
             "elsewhere set SHMBENCH_GBENCH_TOOLS to a Google Benchmark checkout's tools folder before configuring)")
    require_modules("numpy", "scipy")
    if argv[1] == "benchmarks" and len(argv) == 5:
        out = compare_py(script, "benchmarks", argv[3], argv[4])
        print("\n".join(out.splitlines()[-20:]))
        rows = sum("_pvalue" in line for line in out.splitlines())
        if rows == 0:
            print("FAIL: no U-test (_pvalue) rows in compare.py's output")
            return 1
        print(f"compare_py: {rows} U-test rows")
        return 0
    if argv[1] == "families" and len(argv) == 6:
        report, a, b = argv[3:6]
        out = compare_py(script, "benchmarksfiltered", report, a, report, b)
        print("\n".join(out.splitlines()[-30:]))
        missing = [op for op in MICRO_OPERATIONS if f"{op}/[{a} vs. {b}]/" not in out]
        for op in missing:
            print(f"FAIL: no '{op}/[{a} vs. {b}]/' row in compare.py's output")
        if not missing:
            print(f"compare_py: every operation of {a} lines up with {b}")
        return 1 if missing else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
