#!/usr/bin/env bash
# Installs everything shmbench needs on a Debian 12 machine, from Debian's registry only,
# and builds Release copies of Google Benchmark (native and MinGW) and a MinGW GoogleTest
# into cached, gitignored prefixes under .deps/. Idempotent: when nothing is missing it
# only checks and returns.
# Exit (docs/running.md): 0 ready, 3 could not set up (packages missing and this is not
# root, or a step failed: apt-get's own status, 100, is not passed on).
set -euo pipefail
# --help: this header. (Before anything else, so that asking installs and builds nothing.)
case "${1:-}" in -h|--help) sed -n '2,/^set /{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;; esac
trap 'status=$?; if [ "$status" -ne 0 ]; then
  [ "$status" = 3 ] || echo "setup-deps: a step failed (status $status, above): the machine is not set up" >&2
  exit 3
fi' EXIT

repo=$(cd "$(dirname "$0")/.." && pwd)
deps="$repo/.deps"  # CMakePresets.json reads the same folder
# The links below must name the cache by its real path: a worktree's .deps may be a link
# to another checkout's, and a link made through it would die with that worktree.
mkdir -p "$deps"
deps=$(cd "$deps" && pwd -P)
mingw_prefix="$deps/mingw"
native_prefix="$deps/native"
mingw_include="$deps/mingw-include"
mingw_cxx=x86_64-w64-mingw32-g++-posix
mingw_cc=x86_64-w64-mingw32-gcc-posix

log() { echo "setup-deps: $*" >&2; }

# Debian packages, each for a reason:
packages=(
  g++ cmake ninja-build pkg-config git      # native toolchain
  g++-mingw-w64-x86-64-posix                # Windows cross toolchain (posix threads: std::thread)
  wine                                      # runs the Windows build and its tests
  libbenchmark-dev libbenchmark-tools       # Google Benchmark + its compare.py
  googletest libgtest-dev                   # GoogleTest (sources in /usr/src build for MinGW)
  nlohmann-json3-dev libcli11-dev           # JSON, command line
  libsqlite3-dev                            # shmbench history's database (Linux build only)
  python3-matplotlib python3-scipy python3-jsonschema  # scripts, under /usr/bin/python3
  dpkg-dev                                  # apt-get source (Google Benchmark for MinGW)
  chromium                                  # headless browser: the HTML report's test opens the page
  clang-14 libfuzzer-14-dev                 # scripts/fuzz.sh: the libFuzzer targets (fuzz preset)
  stress-ng                                 # the reference beside shmbench stress churn (reports/README.md, "Stress reports")
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

apt_updated=0
apt_update() {
  if [ "$apt_updated" = 0 ]; then
    log "apt-get update"
    apt-get update -qq
    apt_updated=1
  fi
}

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup-deps: missing Debian packages: ${missing[*]} (run this script as root to install them)" >&2
    exit 3
  fi
  apt_update
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Boost 1.81 headers: the libboost1.81-dev package conflicts with libboost-dev (1.74),
# which python3-scipy pulls in through pythran, so the 1.81 .deb from Debian's registry is
# unpacked into the cache instead; both builds put it ahead of /usr/include.
boost_version=1.81
boost_dir="$deps/boost$boost_version"
if [ ! -f "$boost_dir/usr/include/boost/version.hpp" ]; then
  apt-cache show "libboost$boost_version-dev" >/dev/null 2>&1 || apt_update
  log "unpacking Boost $boost_version headers"
  tmp=$(mktemp -d)
  (cd "$tmp" && apt-get download -qq -o APT::Sandbox::User=root "libboost$boost_version-dev" >/dev/null)
  rm -rf "$boost_dir" && mkdir -p "$boost_dir"
  dpkg-deb -x "$tmp"/libboost"$boost_version"-dev_*.deb "$boost_dir"
  rm -rf "$tmp"
fi

# Header-only libraries reach the MinGW build through a folder of links, never through
# -I/usr/include (that would pull glibc headers into a Windows build).
mkdir -p "$mingw_include"
ln -sfn "$boost_dir/usr/include/boost" "$mingw_include/boost"
for h in nlohmann CLI; do
  [ -e "/usr/include/$h" ] || { echo "setup-deps: /usr/include/$h is missing" >&2; exit 3; }
  ln -sfn "/usr/include/$h" "$mingw_include/$h"
done

# Builds from source, each with a stamp recording the versions so a rebuild happens only
# on change:
# - Google Benchmark from Debian's source package, for MinGW (Debian ships no Windows
#   build) and natively: Debian's libbenchmark is built without NDEBUG, so every report
#   would say library_build_type "debug" and every run warn that timings may suffer;
# - GoogleTest from /usr/src/googletest, for MinGW.
bench_version=$(dpkg-query -W -f='${Version}' libbenchmark-dev)
gtest_version=$(dpkg-query -W -f='${Version}' googletest)
native_stamp="$native_prefix/.stamp"
native_want="benchmark=$bench_version"
mingw_stamp="$mingw_prefix/.stamp"
mingw_want="benchmark=$bench_version gtest=$gtest_version"
up_to_date() { [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; }
if up_to_date "$native_stamp" "$native_want" && up_to_date "$mingw_stamp" "$mingw_want"; then
  exit 0
fi

src="$deps/src"
mkdir -p "$src"
bench_src=$(find "$src" -maxdepth 1 -type d -name 'benchmark-*' | head -n 1)
if [ -z "$bench_src" ]; then
  if ! grep -rqs "deb-src" /etc/apt/sources.list /etc/apt/sources.list.d/; then
    log "adding a deb-src entry for Debian's source packages"
    cat > /etc/apt/sources.list.d/shmbench-deb-src.sources <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    apt_updated=0
  fi
  apt_update
  log "fetching Google Benchmark's Debian source package"
  (cd "$src" && apt-get source -qq -o APT::Sandbox::User=root "benchmark=$bench_version" >/dev/null 2>&1 || apt-get source -qq -o APT::Sandbox::User=root benchmark >/dev/null)
  bench_src=$(find "$src" -maxdepth 1 -type d -name 'benchmark-*' | head -n 1)
fi

toolchain="$repo/cmake/mingw-w64-x86_64.cmake"
jobs=$(nproc)

# build_benchmark BUILD_DIR PREFIX [CMAKE ARGS...]: a Release Google Benchmark.
build_benchmark() {
  local build=$1 prefix=$2; shift 2
  cmake -S "$bench_src" -B "$build" -G Ninja "$@" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$prefix" \
    -DGIT_VERSION="${bench_version%%-*}" \
    -DBENCHMARK_ENABLE_TESTING=OFF -DBENCHMARK_ENABLE_GTEST_TESTS=OFF \
    -DBENCHMARK_ENABLE_WERROR=OFF -DBENCHMARK_ENABLE_LTO=OFF -DBENCHMARK_INSTALL_DOCS=OFF >/dev/null
  cmake --build "$build" -j "$jobs" >/dev/null
  cmake --install "$build" >/dev/null
}

if ! up_to_date "$native_stamp" "$native_want"; then
  log "building Google Benchmark natively (Release)"
  build_benchmark "$deps/build/benchmark-native" "$native_prefix"
  echo "$native_want" > "$native_stamp"
fi

if ! up_to_date "$mingw_stamp" "$mingw_want"; then
  log "building Google Benchmark for MinGW"
  build_benchmark "$deps/build/benchmark-mingw" "$mingw_prefix" -DCMAKE_TOOLCHAIN_FILE="$toolchain"

  log "building GoogleTest for MinGW"
  cmake -S /usr/src/googletest -B "$deps/build/gtest-mingw" -G Ninja \
    -DCMAKE_TOOLCHAIN_FILE="$toolchain" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$mingw_prefix" -Dgtest_disable_pthreads=OFF >/dev/null
  cmake --build "$deps/build/gtest-mingw" -j "$jobs" >/dev/null
  cmake --install "$deps/build/gtest-mingw" >/dev/null
  echo "$mingw_want" > "$mingw_stamp"
fi
log "Google Benchmark and GoogleTest builds ready in $native_prefix and $mingw_prefix"
