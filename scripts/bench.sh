#!/usr/bin/env bash
# The main job: set up, build, and on Linux and on Windows (MinGW build under Wine) run
# the harness suite, then the micro-benchmarks; write everything to
# reports/out/<UTC timestamp>/ and point reports/out/latest at it:
#   linux.json, windows.json              shmbench run reports
#   micro-linux.json, micro-windows.json  shmbench-micro (Google Benchmark) reports
#   micro-linux.txt, micro-windows.txt    shmbench-micro's console tables
#   boost-vs-raw-linux.txt, ...-windows.txt  shmbench compare --pair tables
#   transfer-linux.json, transfer-windows.json  shmbench run --suite transfer reports
#   index.html, *.png                     the HTML page (scripts/html_report.py)
#   github-action-benchmark-smaller.json, github-action-benchmark-bigger.json, bencher.json
#                                         shmbench export of all six reports, for CI trackers
# and print the harness summaries, the harness/micro cross-check and what Boost costs on
# top of the raw API (shmbench compare --pair), per platform, then the page's path.
# Extra arguments go to "shmbench run" (e.g. scripts/bench.sh --suite quick); the
# micro-benchmarks take --suite, --backends and --sizes from them.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

"$repo/scripts/build.sh" all

# The options both programs understand, as --name=value.
micro_args=()
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --suite=* | --backends=* | --sizes=*) micro_args+=("${args[i]}") ;;
    --suite | --backends | --sizes) micro_args+=("${args[i]}=${args[i + 1]:-}"); i=$((i + 1)) ;;
  esac
done

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$repo/reports/out/$stamp"
mkdir -p "$out"
winout="Z:${out//\//\\}"  # the same folder as a Windows path (Wine maps / to Z:)

status=0
note_failure() { [ "$1" -gt "$status" ] && status=$1; return 0; }

# Runs the micro-benchmarks of one platform: the console table goes to a .txt file and
# its median lines to the screen, as progress.
run_micro() {
  local platform=$1 json=$2; shift 2
  echo "== $platform micro-benchmarks (shmbench-micro; table in $out/micro-$platform.txt)" >&2
  local start=$SECONDS
  set +e
  "$@" "${micro_args[@]}" --benchmark_out="$json" --benchmark_out_format=json \
    | tee "$out/micro-$platform.txt" | grep --line-buffered '_median '
  local codes=("${PIPESTATUS[@]}")
  set -e
  echo "micro-benchmarks ($platform): $((SECONDS - start)) s, exit status ${codes[0]}" >&2
  note_failure "${codes[0]}"
}

echo "== linux" >&2
build/linux/bin/shmbench run "$@" --out "$out/linux.json" || note_failure $?
# Bad arguments are bad on both platforms: say it once.
[ "$status" -eq 2 ] && { rm -rf "$out"; exit 2; }
run_micro linux "$out/micro-linux.json" build/linux/bin/shmbench-micro

# Under Wine the lifecycle suite and the micro-benchmarks run on one CPU, wineserver
# included (scripts/wine-run.sh says why; SHMBENCH_WINE_CPUS= unconfines them). The
# transfer suite pins its writer and reader to two CPUs of its own, so it is not confined.
wine_cpus=${SHMBENCH_WINE_CPUS-0}
echo "== windows (MinGW build under Wine${wine_cpus:+, on CPU $wine_cpus})" >&2
SHMBENCH_WINE_CPUS=$wine_cpus scripts/wine-run.sh build/windows/bin/shmbench.exe run "$@" --out "$winout\\windows.json" \
  || note_failure $?
SHMBENCH_WINE_CPUS=$wine_cpus run_micro windows "$winout\\micro-windows.json" scripts/wine-run.sh build/windows/bin/shmbench-micro.exe

# The transfer scenario (message hand-off per wait strategy; README, "Transfer"), on both
# platforms: transfer-linux.json, transfer-windows.json. Its quick suite when the run is
# quick; --backends is passed on.
transfer_args=(--suite transfer)
for arg in "$@" "${micro_args[@]}"; do
  case "$arg" in
    quick | --suite=quick) transfer_args=(--suite transfer-quick) ;;
    --backends=*) transfer_args+=("$arg") ;;
  esac
done
echo "== transfer: linux" >&2
build/linux/bin/shmbench run "${transfer_args[@]}" --out "$out/transfer-linux.json" || note_failure $?
echo "== transfer: windows (MinGW build under Wine)" >&2
SHMBENCH_WINE_CPUS= scripts/wine-run.sh build/windows/bin/shmbench.exe run "${transfer_args[@]}" --out "$winout\\transfer-windows.json" \
  || note_failure $?

for platform in linux windows; do
  if [ -f "$out/$platform.json" ] && [ -f "$out/micro-$platform.json" ]; then
    echo
    /usr/bin/python3 scripts/crosscheck.py "$out/$platform.json" "$out/micro-$platform.json" "$platform" || note_failure $?
  fi
done

# What Boost costs on top of the raw API, from this run's own reports (harness and
# micro): per operation and size the time ratio with its 95 % interval and U-test p.
# The Linux build reads the Windows reports too: compare is plain JSON work.
for platform in linux windows; do
  case $platform in
    linux) pairs=(--pair boost-portable:posix) ;;
    windows) pairs=(--pair boost-windows:win32 --pair boost-portable:win32) ;;
  esac
  for report in "$out/$platform.json" "$out/micro-$platform.json"; do
    [ -f "$report" ] || continue
    echo
    echo "== Boost against the raw API ($platform, $(basename "$report"))"
    build/linux/bin/shmbench compare "${pairs[@]}" "$report" | tee -a "$out/boost-vs-raw-$platform.txt" \
      || note_failure 1
  done
done

# The same run as CI benchmark trackers read it (one entry per benchmark, platform-
# prefixed names; reports/README.md says which file goes to which tool). Only the
# reports this run did write: a platform whose run failed to start is simply absent. The
# transfer reports go beside the lifecycle ones of their platform (their rows have names
# of their own: linux/pingpong_spin/posix/64B).
exports=()
for report in linux windows micro-linux micro-windows transfer-linux transfer-windows; do
  if [ -f "$out/$report.json" ]; then exports+=("$out/$report.json"); fi
done
if [ ${#exports[@]} -gt 0 ]; then
  echo
  echo "== exports for CI trackers (github-action-benchmark, Bencher)"
  build/linux/bin/shmbench export "${exports[@]}" --out-dir "$out" || note_failure $?
fi

# Everything above as one page with plots. Drawing is a view of results already saved:
# a failure is reported and counted, but cannot hide the benchmarks' own status.
echo
echo "== HTML page"
if page=$(/usr/bin/python3 scripts/html_report.py "$out" --shmbench build/linux/bin/shmbench); then
  echo "page: $page"
else
  echo "bench.sh: the HTML page could not be drawn (the reports are intact)" >&2
  note_failure 1
fi

ln -sfn "$stamp" "$repo/reports/out/latest"
echo "reports: $out/{linux,windows,micro-linux,micro-windows,transfer-linux,transfer-windows}.json, index.html (reports/out/latest)" >&2
exit $status
