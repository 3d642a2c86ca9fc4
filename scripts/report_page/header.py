""""What ran where": the rows of the header table, one column per report.

Harness reports keep it in context.shmbench (platform, timer, build, config, run);
shmbench-micro reports in flat context.shmbench_* keys beside Google Benchmark's own.
A value a report does not carry shows as "—"."""

from .figures import size_text

MISSING = "—"


def _get(mapping, *path):
    for key in path:
        if not isinstance(mapping, dict) or key not in mapping or mapping[key] is None:
            return None
        mapping = mapping[key]
    return mapping


def _join(*parts):
    text = ", ".join(str(p) for p in parts if p not in (None, "", []))
    return text or MISSING


def _ns(value):
    return f"{value:.3g} ns" if isinstance(value, (int, float)) else None


def _cpu(context, model):
    cpus, mhz = context.get("num_cpus"), context.get("mhz_per_cpu")
    caches = ", ".join(f"L{c.get('level')}{(c.get('type') or ' ')[0].lower() if c.get('type') != 'Unified' else ''} "
                       f"{size_text(c.get('size', 0))}"
                       for c in context.get("caches") or [] if isinstance(c, dict))
    return _join(model, f"{cpus} CPUs" if cpus else None, f"{mhz} MHz" if mhz else None,
                 f"caches {caches}" if caches else None)


def _machine(environment):
    """The machine's state (context.shmbench.environment), one line."""
    if not isinstance(environment, dict):
        return MISSING
    steal = environment.get("steal_fraction")
    other_load = environment.get("other_load_fraction")
    siblings = environment.get("smt_siblings") or []
    timer = environment.get("timer_resolution_ms")
    page_file = environment.get("page_file_bytes")
    huge = environment.get("huge_pages_reserved")
    return _join(
        f"virtual machine ({environment.get('hypervisor_vendor') or 'unnamed hypervisor'})"
        if environment.get("hypervisor") else "no hypervisor",
        "governor " + "/".join(environment["governors"]) if environment.get("governors") else None,
        f"turbo {environment['turbo']}" if environment.get("turbo") else None,
        f"steal {steal * 100:.1f} %" if isinstance(steal, (int, float)) else None,
        f"other processes {other_load * 100:.1f} %" if isinstance(other_load, (int, float)) else None,
        "SMT siblings " + " ".join("+".join(str(c) for c in group) for group in siblings) if siblings else None,
        f"power plan {environment['power_plan']}" if environment.get("power_plan") else None,
        f"timer {timer:g} ms" if isinstance(timer, (int, float)) else None,
        f"page file {size_text(page_file)}" if isinstance(page_file, int) and page_file > 0 else None,
        f"large page {size_text(environment['large_page_minimum'])}" if environment.get("large_page_minimum") else None,
        f"{huge} huge pages reserved" if isinstance(huge, int) else None)


def warnings(reports):
    """The environment warnings of every report (context.shmbench.environment.warnings),
    and a run --duet report's note that its figures are not absolute, each text once,
    with the reports it came from: the top of the page shows them."""
    found = {}
    for report in reports:
        order = report.shmbench.get("order") if report.kind == "harness" else None
        if isinstance(order, dict) and order.get("scheme") == "duet":
            found.setdefault("measured with run --duet: two backends at once, each on half the CPUs; its figures are "
                             "one side of a pair (compare --pair), not absolute figures", []).append(report.name)
        environment = report.shmbench.get("environment") if report.kind in ("harness", "stress") else None
        for warning in (environment or {}).get("warnings") or []:
            if isinstance(warning, dict) and warning.get("text"):
                found.setdefault(warning["text"], []).append(report.name)
    return [f"{text} ({', '.join(names)})" for text, names in found.items()]


def _harness_column(report):
    context, shm = report.context, report.shmbench
    platform, timer, build = shm.get("platform") or {}, shm.get("timer") or {}, shm.get("build") or {}
    config, run = shm.get("config") or {}, shm.get("run") or {}
    sizes = ", ".join(size_text(s) for s in config.get("sizes") or [] if isinstance(s, int))
    return {
        "tool": "shmbench run (harness)",
        "platform": _join(platform.get("os"), platform.get("os_version")),
        "Wine": platform.get("wine_version") or "not under Wine",
        "CPU": _cpu(context, platform.get("cpu_model")),
        "page / granularity": _join(platform.get("page_size"), platform.get("allocation_granularity")),
        "timer": _join(timer.get("source"), f"resolution {_ns(timer.get('resolution_ns'))}"
                       if "resolution_ns" in timer else None,
                       f"OS clock {timer.get('os_clock')} ({_ns(timer.get('os_clock_resolution_ns'))})"
                       if timer.get("os_clock") else None),
        "build": _join(f"shmbench {build.get('shmbench_version')}" if build.get("shmbench_version") else None,
                       build.get("compiler"), build.get("build_type"),
                       f"Boost {build.get('boost_version')}" if build.get("boost_version") else None),
        "git revision": build.get("git_revision") or MISSING,
        "date / host": _join(context.get("date"), context.get("host_name")),
        "suite": _join(config.get("suite"), f"{config.get('repetitions')} repetitions"
                       if config.get("repetitions") else None, sizes),
        "backends": _join(*(config.get("backends") or [])),
        "read kernel": shm.get("read_kernel") or MISSING,
        "machine": _machine(shm.get("environment")),
        "run": _join(f"{run['duration_seconds']:.0f} s" if isinstance(run.get("duration_seconds"), (int, float))
                     else None, f"{run.get('failed_cells')} failed cells" if "failed_cells" in run else None,
                     f"{run.get('skipped_cells')} skipped cells" if run.get("skipped_cells") else None,
                     "interrupted" if run.get("interrupted") else None),
    }


def _micro_backends(report):
    """Micro rows are named <operation>/<backend>/<size>/...: the backends in row order."""
    found = []
    for row in report.benchmarks:
        parts = str(row.get("run_name", "") if isinstance(row, dict) else "").split("/")
        if len(parts) >= 3 and parts[1] not in found:
            found.append(parts[1])
    return found


def _micro_column(report):
    context = report.context
    tool = context.get("shmbench_tool")
    return {
        "tool": f"{tool} (Google Benchmark)" if tool else "Google Benchmark",
        "platform": _join(context.get("shmbench_platform"), context.get("os_version")),
        "Wine": context.get("wine_version") or "not under Wine",
        "CPU": _cpu(context, None),
        "page / granularity": _join(context.get("page_size")),
        "timer": _join("Google Benchmark's clock", f"first_touch: {context['first_touch_timer']}"
                       if context.get("first_touch_timer") else None),
        "build": _join(f"shmbench {context.get('shmbench_version')}" if context.get("shmbench_version") else None,
                       context.get("compiler"), context.get("library_build_type"),
                       f"Boost {context.get('boost_version')}" if context.get("boost_version") else None),
        "git revision": context.get("shmbench_git_revision") or MISSING,
        "date / host": _join(context.get("date"), context.get("host_name")),
        "suite": _join(context.get("shmbench_suite")),
        "backends": _join(*_micro_backends(report)),
        "read kernel": context.get("read_kernel") or MISSING,
        "machine": MISSING,
        "run": MISSING,
    }


def columns(reports):
    """[(report name, {row label: text})], the row labels in the same order for all."""
    return [(r.name, _harness_column(r) if r.kind == "harness" else _micro_column(r)) for r in reports]
