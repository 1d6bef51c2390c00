#!/usr/bin/env bash
# Coverage-guided fuzzing of pyos's parsers and stream layers (fuzz/README.md).
#   tools/fuzz.sh [SECONDS] [TARGET...]     default: 60 s for each target of fuzz/corpus
# Builds the `fuzz` preset (clang 16, ASan + UBSan, libFuzzer), starts each target from its
# committed corpus copied into build/fuzz/corpus/<target> (the run's corpus grows there, not
# in the repository) and fuzzes it for SECONDS. Fails on the first broken property or
# sanitizer report; the input is then build/fuzz/artifacts/<target>/crash-*, and the log
# build/fuzz/<target>.log.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
[ $# -gt 0 ] && shift
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for d in fuzz/corpus/*/; do targets+=("$(basename "$d")"); done
fi

tools/bootstrap.sh --fuzz
cmake --preset fuzz > /dev/null
cmake --build --preset fuzz

status=0
for t in "${targets[@]}"; do
  corpus=build/fuzz/corpus/$t
  artifacts=build/fuzz/artifacts/$t
  log=build/fuzz/$t.log
  mkdir -p "$corpus" "$artifacts"
  cp -n "fuzz/corpus/$t"/* "$corpus"/
  echo "== fuzz $t: $seconds s from $(ls "$corpus" | wc -l) inputs"
  if build/fuzz/fuzz/fuzz_"$t" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=1024 \
       -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" > "$log" 2>&1; then
    grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb" "$log" | tr '\n' ' '
    echo "corpus $(ls "$corpus" | wc -l) inputs"
  else
    echo "fuzz $t FAILED (log: $log):"
    grep -E -A12 "fuzz property broken|ERROR: AddressSanitizer|runtime error|ERROR: libFuzzer" "$log" | head -40
    ls "$artifacts"
    status=1
  fi
done
exit $status
