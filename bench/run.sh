#!/usr/bin/env bash
# Builds one benchmark suite with the release preset and runs it.
#
#   bench/run.sh SUITE [--quick] [-- BENCHMARK_FLAGS...]
#
# Prints one JSON object per line per implementation per scenario, then the ratios of pyos
# to each peer (format: bench/common/json_lines_reporter.hpp, DESIGN.md "Performance design").
# --quick keeps the whole suite well under a minute; the default run repeats each benchmark
# and reports the median. Flags after `--` go to the benchmark executable unchanged, e.g.
# `-- --benchmark_filter=getpid`. Google Benchmark's full JSON report of the last run is kept
# in build/release/bench/SUITE/bench_SUITE.json. Needs no tool beyond cmake and the compiler,
# except that suites whose peers are Debian packages outside the default list (logging) first
# run `tools/bootstrap.sh --bench`, which installs nothing when they are there.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="$root/build/release"
readonly root build_dir

usage() {
  echo "usage: bench/run.sh SUITE [--quick] [-- BENCHMARK_FLAGS...]" >&2
  echo "suites: $(available_suites)" >&2
}

# A suite is a directory of bench/ with a CMakeLists.txt that bench/CMakeLists.txt adds.
available_suites() {
  local dir name list=()
  for dir in "$root"/bench/*/; do
    name="$(basename "$dir")"
    [[ -f "$dir/CMakeLists.txt" ]] || continue
    grep -Eq "^[[:space:]]*add_subdirectory\([[:space:]]*${name}[[:space:]]*\)" \
      "$root/bench/CMakeLists.txt" || continue
    list+=("$name")
  done
  echo "${list[*]:-none}"
}

suite=""
quick=0
extra=()
while (($# > 0)); do
  case "$1" in
    --quick) quick=1 ;;
    -h | --help) usage; exit 0 ;;
    --) shift; extra=("$@"); break ;;
    -*) echo "bench/run.sh: unknown option '$1'" >&2; usage; exit 2 ;;
    *)
      if [[ -n "$suite" ]]; then
        echo "bench/run.sh: one suite at a time ('$suite' and '$1' given)" >&2
        exit 2
      fi
      suite="$1"
      ;;
  esac
  shift
done

if [[ -z "$suite" ]]; then
  usage
  exit 2
fi
if [[ ! "$suite" =~ ^[A-Za-z0-9_]+$ ]] || [[ " $(available_suites) " != *" $suite "* ]]; then
  echo "bench/run.sh: unknown suite '$suite' (available: $(available_suites))" >&2
  exit 2
fi

# The peers of the logging suite (spdlog, glog, log4cxx, Poco, Boost.Log). One that cannot be
# installed (no root, no network) is left out of the build and the run, not an error.
if [[ "$suite" == logging ]]; then
  "$root/tools/bootstrap.sh" --bench >&2 ||
    echo "bench/run.sh: could not install the benchmark peers; missing ones are left out" >&2
fi

# Build quietly; the log is shown only when something fails. Presets are read from the
# current directory.
cd "$root"
mkdir -p "$build_dir"
log="$build_dir/bench_${suite}_build.log"
if ! {
  cmake --preset release && cmake --build --preset release --target "bench_$suite"
} >"$log" 2>&1; then
  cat "$log" >&2
  echo "bench/run.sh: building bench_$suite failed (log: $log)" >&2
  exit 1
fi

exe="$build_dir/bench/$suite/bench_$suite"
args=(--benchmark_out="$build_dir/bench/$suite/bench_$suite.json" --benchmark_out_format=json)
# Repetitions of all benchmarks are interleaved at random, so that a drift of the machine
# (frequency, another load) hits every implementation alike; the median is reported.
args+=(--benchmark_enable_random_interleaving=true)
if ((quick)); then
  args+=(--benchmark_min_time=0.05 --benchmark_repetitions=5)   # ~0.3 s per benchmark
else
  args+=(--benchmark_min_time=0.5 --benchmark_repetitions=7)    # ~4 s per benchmark
fi

exec "$exe" "${args[@]}" ${extra[@]+"${extra[@]}"}
