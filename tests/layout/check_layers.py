#!/usr/bin/python3
"""Checks that the harness's #includes follow the layer graph its CMakeLists.txt declare.

Each folder under harness/ that holds sources is one layer, declared in its own
CMakeLists.txt as `shmbench_add_layer(NAME x ... DEPENDS shmbench::a shmbench::b ...)`
(scenarios/lifecycle is the layer `lifecycle`). A layer's .cpp/.hpp files may include,
with `#include "..."`, only its own folder and the folders of the layers it DEPENDS on
directly; the DEPENDS graph must have no cycle. bench/ (shmbench-micro) may include only
its own files and the layers bench/CMakeLists.txt links (target_link_libraries ...
shmbench::x).

    check_layers.py [--root REPO]   exit 0: clean (one summary line), 1: violations
                                    (one line each), 2: bad input (a layer folder without
                                    CMakeLists.txt, a CMakeLists without a layer, ...)
    check_layers.py --self-test     runs the check on small fake trees in a temporary
                                    folder and checks its verdicts
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

SOURCE_SUFFIXES = (".cpp", ".hpp")
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')
ADD_LAYER = re.compile(r"\bshmbench_add_layer\s*\(([^)]*)\)", re.S)
LINK = re.compile(r"\btarget_link_libraries\s*\(([^)]*)\)", re.S)
KEYWORDS = {"NAME", "SOURCES", "LINUX", "WINDOWS", "DEPENDS"}


class BadInput(Exception):
    pass


def cmake_words(text):
    """The words of a CMake argument list, without comments."""
    text = re.sub(r"#[^\n]*", "", text)
    return text.split()


def read_text(path):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except (OSError, UnicodeDecodeError) as e:
        raise BadInput(f"cannot read {path}: {e}")


def sources_in(folder):
    return sorted(n for n in os.listdir(folder)
                  if n.endswith(SOURCE_SUFFIXES) and os.path.isfile(os.path.join(folder, n)))


def parse_layer(cmakelists):
    """(name, [depended-on target names]) of the one shmbench_add_layer in the file."""
    calls = ADD_LAYER.findall(re.sub(r"#[^\n]*", "", read_text(cmakelists)))
    if len(calls) != 1:
        raise BadInput(f"{cmakelists}: expected one shmbench_add_layer(...), found {len(calls)}")
    name, depends, section = None, [], None
    for word in cmake_words(calls[0]):
        if word in KEYWORDS:
            section = word
        elif section == "NAME":
            if name is not None:
                raise BadInput(f"{cmakelists}: NAME given twice")
            name = word
        elif section == "DEPENDS":
            depends.append(word)
    if not name:
        raise BadInput(f"{cmakelists}: shmbench_add_layer without NAME")
    return name, depends


def find_layers(harness):
    """{layer name: (folder relative to harness/, [DEPENDS targets])}."""
    if not os.path.isfile(os.path.join(harness, "CMakeLists.txt")):
        raise BadInput(f"{harness}: no CMakeLists.txt (is --root the repository?)")
    layers = {}
    for folder, dirs, _ in os.walk(harness):
        dirs.sort()
        relative = os.path.relpath(folder, harness).replace(os.sep, "/")
        if relative == ".":
            if sources_in(folder):
                raise BadInput(f"{folder}: sources directly in harness/, outside any layer")
            continue
        cmakelists = os.path.join(folder, "CMakeLists.txt")
        has_sources = bool(sources_in(folder))
        declares = os.path.isfile(cmakelists) and ADD_LAYER.search(re.sub(r"#[^\n]*", "", read_text(cmakelists)))
        if has_sources and not os.path.isfile(cmakelists):
            raise BadInput(f"{relative}: a layer folder without CMakeLists.txt")
        if has_sources and not declares:
            raise BadInput(f"{relative}/CMakeLists.txt: holds sources but declares no shmbench_add_layer(...)")
        if not declares:
            continue  # a folder of folders (scenarios/)
        name, depends = parse_layer(cmakelists)
        if name in layers:
            raise BadInput(f"layer {name} declared in {layers[name][0]} and in {relative}")
        layers[name] = (relative, depends)
    if not layers:
        raise BadInput(f"{harness}: no layers found")
    return layers


def layer_deps(depends, layers):
    """The layer names among CMake targets; other targets (shmbench::json, Threads::Threads)
    are external and have no folder."""
    names = []
    for target in depends:
        if target.startswith("shmbench::") and target[len("shmbench::"):] in layers:
            names.append(target[len("shmbench::"):])
    return names


def layer_of_include(include, folders):
    """The layer whose folder the include path lies in (longest folder wins), or None."""
    best = None
    for name, folder in folders.items():
        if include.startswith(folder + "/") and (best is None or len(folder) > len(folders[best])):
            best = name
    return best


def check_files(root, folder, who, allowed, folders, violations, why="not in its DEPENDS"):
    """Checks the includes of every source in `folder` (recursively for bench); `allowed`
    is the set of layer names `who` may include besides its own folder."""
    count = 0
    for name in sources_in(folder):
        path = os.path.join(folder, name)
        shown = os.path.relpath(path, root).replace(os.sep, "/")
        for number, line in enumerate(read_text(path).splitlines(), 1):
            match = INCLUDE.match(line)
            if not match:
                continue
            count += 1
            include = match.group(1)
            if os.path.isfile(os.path.join(folder, include)) and "/" not in include:
                continue  # a file of its own folder (bench's "micro_fixtures.hpp")
            target = layer_of_include(include, folders)
            if target is None:
                violations.append((shown, number, f"{who} includes {include} (no layer has it)"))
            elif target not in allowed:
                violations.append((shown, number, f"{who} includes {folders[target]} ({why})"))
    return count


def find_cycle(graph):
    """One cycle of the graph as a list of names (first == last), or None."""
    state = {}
    stack = []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in graph.get(node, []):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                cycle = visit(nxt)
                if cycle:
                    return cycle
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


def check(root):
    harness = os.path.join(root, "harness")
    layers = find_layers(harness)
    folders = {name: folder for name, (folder, _) in layers.items()}
    graph = {name: layer_deps(depends, layers) for name, (_, depends) in layers.items()}
    violations = []
    includes = 0
    for name in sorted(layers):
        folder = os.path.join(harness, *folders[name].split("/"))
        includes += check_files(root, folder, f"layer {name}", {name, *graph[name]}, folders, violations)

    cycle = find_cycle(graph)
    if cycle:
        violations.append(("", 0, "DEPENDS cycle: " + " -> ".join(cycle)))

    bench = os.path.join(root, "bench")
    checked_bench = False
    if os.path.isdir(bench) and sources_in(bench):
        cmakelists = os.path.join(bench, "CMakeLists.txt")
        if not os.path.isfile(cmakelists):
            raise BadInput("bench: sources without CMakeLists.txt")
        linked = []
        for call in LINK.findall(re.sub(r"#[^\n]*", "", read_text(cmakelists))):
            linked += layer_deps(cmake_words(call), layers)
        for sub in sorted(os.listdir(bench)):
            if os.path.isdir(os.path.join(bench, sub)) and sources_in(os.path.join(bench, sub)):
                raise BadInput(f"bench/{sub}: sources in a subfolder of bench/ (not checked)")
        includes += check_files(root, bench, "bench", set(linked), folders, violations,
                                "not linked in bench/CMakeLists.txt")
        checked_bench = True

    for file, line, text in violations:
        print(f"{file}:{line}: {text}" if file else text)
    if violations:
        print(f"{len(violations)} layering violation(s)", file=sys.stderr)
        return 1
    print(f"layers OK: {len(layers)} layers, {includes} includes checked"
          f"{', bench/ included' if checked_bench else ''}, DEPENDS graph acyclic")
    return 0


# --- self-test -------------------------------------------------------------------------

def write(root, relative, text):
    path = os.path.join(root, *relative.split("/"))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def fake_tree(root):
    """A clean tree of three layers (one nested, like scenarios/lifecycle) and a bench/."""
    write(root, "harness/CMakeLists.txt", "add_subdirectory(base)\nadd_subdirectory(mid)\nadd_subdirectory(group)\n")
    write(root, "harness/base/CMakeLists.txt", "shmbench_add_layer(NAME base\n  SOURCES b.cpp\n  DEPENDS shmbench::json)\n")
    write(root, "harness/base/b.hpp", "#pragma once\n#include <vector>\n")
    write(root, "harness/base/b.cpp", '#include "base/b.hpp"\n')
    write(root, "harness/mid/CMakeLists.txt",
          "# a comment naming shmbench::top\nshmbench_add_layer(NAME mid SOURCES m.cpp\n  DEPENDS shmbench::base Threads::Threads)\n")
    write(root, "harness/mid/m.hpp", '#pragma once\n#include "base/b.hpp"\n')
    write(root, "harness/mid/m.cpp", '#include "mid/m.hpp"\n// #include "group/top/t.hpp" is not a real include\n')
    write(root, "harness/group/CMakeLists.txt", "add_subdirectory(top)\n")
    write(root, "harness/group/top/CMakeLists.txt", "shmbench_add_layer(NAME top SOURCES t.cpp DEPENDS shmbench::mid)\n")
    write(root, "harness/group/top/t.hpp", '#pragma once\n#include "mid/m.hpp"\n')
    write(root, "harness/group/top/t.cpp", '#include "group/top/t.hpp"\n')
    write(root, "bench/CMakeLists.txt", "add_executable(micro main.cpp)\ntarget_link_libraries(micro PRIVATE shmbench::mid benchmark::benchmark)\n")
    write(root, "bench/local.hpp", "#pragma once\n")
    write(root, "bench/main.cpp", '#include "local.hpp"\n#include "mid/m.hpp"\n#include <benchmark/benchmark.h>\n')


def run_on(root, extra=()):
    result = subprocess.run([sys.executable, os.path.abspath(__file__), "--root", root, *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return result.returncode, result.stdout, result.stderr


def self_test():
    cases = [
        ("clean tree", None, 0, "layers OK: 3 layers"),
        # base depends on nothing: including mid is upward.
        ("upward include", lambda r: write(r, "harness/base/b.cpp", '#include "base/b.hpp"\n#include "mid/m.hpp"\n'),
         1, "harness/base/b.cpp:2: layer base includes mid (not in its DEPENDS)"),
        # top reaches base only through mid: direct DEPENDS are required.
        ("transitive include", lambda r: write(r, "harness/group/top/t.cpp", '#include "group/top/t.hpp"\n#include "base/b.hpp"\n'),
         1, "harness/group/top/t.cpp:2: layer top includes base (not in its DEPENDS)"),
        ("nested layer included", lambda r: write(r, "harness/mid/m.cpp", '#include "group/top/t.hpp"\n'),
         1, "harness/mid/m.cpp:1: layer mid includes group/top (not in its DEPENDS)"),
        ("bench beyond its links", lambda r: write(r, "bench/main.cpp", '#include "local.hpp"\n#include "group/top/t.hpp"\n'),
         1, "bench/main.cpp:2: bench includes group/top (not linked in bench/CMakeLists.txt)"),
        ("include of no layer", lambda r: write(r, "harness/mid/m.cpp", '#include "nowhere/x.hpp"\n'),
         1, "harness/mid/m.cpp:1: layer mid includes nowhere/x.hpp (no layer has it)"),
        ("DEPENDS cycle", lambda r: write(r, "harness/base/CMakeLists.txt",
                                          "shmbench_add_layer(NAME base SOURCES b.cpp DEPENDS shmbench::top)\n"),
         1, "DEPENDS cycle: base -> top -> mid -> base"),
        ("layer folder without CMakeLists", lambda r: os.remove(os.path.join(r, "harness", "mid", "CMakeLists.txt")),
         2, "mid: a layer folder without CMakeLists.txt"),
        ("CMakeLists without a layer", lambda r: write(r, "harness/mid/CMakeLists.txt", "add_library(mid m.cpp)\n"),
         2, "declares no shmbench_add_layer"),
        ("duplicate layer name", lambda r: write(r, "harness/mid/CMakeLists.txt", "shmbench_add_layer(NAME base SOURCES m.cpp)\n"),
         2, "layer base declared in"),
    ]
    failures = 0
    with tempfile.TemporaryDirectory(prefix="shmbench-layers-") as temp:
        for number, (title, change, want_code, want_text) in enumerate(cases):
            root = os.path.join(temp, str(number))
            fake_tree(root)
            if change:
                change(root)
            code, out, err = run_on(root)
            ok = code == want_code and want_text in out + err
            if not ok:
                failures += 1
                print(f"FAIL {title}: exit {code} (want {want_code}), want {want_text!r} in:\n{out}{err}")
            else:
                print(f"ok   {title}: exit {code}")
            shutil.rmtree(root)
    if failures:
        print(f"self-test: {failures} of {len(cases)} cases failed")
        return 1
    print(f"self-test: all {len(cases)} cases passed")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                        help="the repository (holds harness/ and bench/)")
    parser.add_argument("--self-test", action="store_true", help="check the checker on fake trees")
    args = parser.parse_args()
    if args.self_test:
        return self_test()
    try:
        return check(os.path.abspath(args.root))
    except BadInput as e:
        print(f"check_layers: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
