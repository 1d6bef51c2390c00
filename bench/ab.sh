#!/usr/bin/env bash
# Compares two revisions of one benchmark suite on this machine, run in turn.
#
#   bench/ab.sh SUITE OLD_REV [ROUNDS] [-- BENCHMARK_FLAGS...]
#
# The machine's speed drifts between phases by a few per cent, and so does one process of a
# binary against another, so two runs of bench/run.sh made minutes apart cannot tell a small
# change of the code from one of the machine. This builds the suite at OLD_REV (in a
# temporary git worktree, release preset) and at the work tree (bench/run.sh's build), then
# runs the two executables one after the other ROUNDS times (default 6), each run with
# repetitions interleaved as bench/run.sh does, and prints each round's ratio lines ("old"
# and "new") and then the median of every ratio over the rounds. Flags after `--` go to both
# executables, e.g. `-- --benchmark_filter='S4_file_flush/(pyos|spdlog_flush|floor)/'`.
# The peers must be installed already (bench/run.sh SUITE does that).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly root

if (($# < 2)); then
  echo "usage: bench/ab.sh SUITE OLD_REV [ROUNDS] [-- BENCHMARK_FLAGS...]" >&2
  exit 2
fi
suite=$1
old_rev=$2
shift 2
rounds=6
if (($# > 0)) && [[ $1 != -- ]]; then
  rounds=$1
  shift
fi
[[ ${1:-} == -- ]] && shift
flags=("$@")

work="$(mktemp -d)"
cleanup() {
  git -C "$root" worktree remove --force "$work/old" > /dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

build() {  # build DIR: the suite's executable of the tree at DIR, release preset
  local log="$work/build.log"
  if ! (cd "$1" && cmake --preset release && cmake --build --preset release --target "bench_$suite") > "$log" 2>&1; then
    cat "$log" >&2
    echo "bench/ab.sh: building bench_$suite in $1 failed" >&2
    exit 1
  fi
}

git -C "$root" worktree add --detach -q "$work/old" "$old_rev"
build "$work/old"
build "$root"
old_exe="$work/old/build/release/bench/$suite/bench_$suite"
new_exe="$root/build/release/bench/$suite/bench_$suite"
args=(--benchmark_enable_random_interleaving=true --benchmark_min_time=0.3 --benchmark_repetitions=3)

results="$work/ratios"
for ((r = 1; r <= rounds; r++)); do
  for side in old new; do
    exe=$old_exe
    [[ $side == new ]] && exe=$new_exe
    "$exe" "${args[@]}" ${flags[@]+"${flags[@]}"} 2> /dev/null | grep '"ratio"' | sed "s/^/$side /" | tee -a "$results"
  done
done

echo "== medians over $rounds rounds"
python3 - "$results" <<'PY'
import json, statistics, sys
values = {}
for line in open(sys.argv[1]):
    side, record = line.split(" ", 1)
    r = json.loads(record)
    values.setdefault((r["scenario"], r["ratio"]), {}).setdefault(side, []).append(r["value"])
for (scenario, ratio), sides in sorted(values.items()):
    old = statistics.median(sides.get("old", [float("nan")]))
    new = statistics.median(sides.get("new", [float("nan")]))
    print(f"{scenario} {ratio}: old {old:.3f} new {new:.3f}")
PY
