"""Running `shmbench compare ... --format json`: the statistics (U test, Hodges-Lehmann
and per-round ratios with their intervals, corrections) live in shmbench, once; the page
only draws what it computed."""

import json
import os
import subprocess

from .inputs import BadInput

# Which backend pairs say what Boost costs on top of the raw API: the page's plot and
# scripts/bench.py's tables (each asks for the pairs a report holds both sides of).
BOOST_RAW_PAIRS = [("boost-windows", "win32"), ("boost-portable", "win32"), ("boost-portable", "posix")]

# Each memory variant against the backend it varies (harness/backends/registry.cpp):
# what making the memory another way costs, for the page's plot and bench.py's tables.
VARIANT_PAIRS = [("win32-prefetch", "win32"), ("win32-reserve", "win32"), ("win32-large", "win32"),
                 ("win32-file", "win32"), ("posix-populate", "posix"), ("memfd", "posix"), ("sysv", "posix"),
                 ("posix-huge", "posix")]


def default_binary(repo):
    return os.path.join(repo, "build", "linux", "bin", "shmbench")


class ToolFailed(RuntimeError):
    """shmbench could not be run or did not give JSON: the page says so and goes on."""


def _run(binary, arguments, accepted):
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        raise ToolFailed(f"no shmbench executable at {binary} (build it, or pass --shmbench or --compare-json)")
    try:
        done = subprocess.run([binary] + arguments, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              timeout=300)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ToolFailed(f"shmbench compare did not run: {error}") from None
    if done.returncode not in accepted:
        message = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit status {done.returncode}"
        raise ToolFailed(message)
    try:
        return json.loads(done.stdout)
    except json.JSONDecodeError as error:
        raise ToolFailed(f"shmbench compare gave no JSON: {error.msg}") from None


def boost_raw_pairs(binary, report_path, backends, which=None):
    """`compare --pair` output for the pairs of `which` (the Boost/raw pairs by default)
    this report has, or None if none."""
    pairs = [f"{a}:{b}" for a, b in (which or BOOST_RAW_PAIRS) if a in backends and b in backends]
    if not pairs:
        return None
    arguments = ["compare"]
    for pair in pairs:
        arguments += ["--pair", pair]
    return _run(binary, arguments + [report_path, "--format", "json"], accepted=(0,))


def compare_reports(binary, baseline, contender):
    """`shmbench compare BASELINE CONTENDER --format json` (exit 1 is a regression, which
    is a result to draw, not a failure). Its bad input (exit 2) is the page's bad input."""
    try:
        return _run(binary, ["compare", baseline, contender, "--format", "json"], accepted=(0, 1))
    except ToolFailed as error:
        raise BadInput(f"shmbench compare {baseline} {contender}: {error}") from None
