#!/usr/bin/env bash
# Installs what building and testing pyos needs, from Debian bookworm packages only.
# Idempotent: installs nothing when everything is there. Runs as root, or through sudo.
#   tools/bootstrap.sh          # build + test dependencies
#   tools/bootstrap.sh --bench  # also the peers of the benchmark suites (bench/run.sh calls it)
#   tools/bootstrap.sh --fuzz   # also clang 16 and libFuzzer (tools/fuzz.sh calls it)
set -euo pipefail

packages=(
  g++ cmake ninja-build pkgconf ccache       # toolchain
  libfmt-dev                                   # formatting inside the library
  libicu-dev                                   # character names (io's namereplace)
  libgtest-dev libgmock-dev nlohmann-json3-dev # test suite and golden vectors
  libfuse3-dev                                 # the fault tests' failing filesystem
  libbenchmark-dev                             # bench/run.sh
  libffi-dev                                   # ctypes
)

# Peers measured in the same run by bench/logging; the build skips any that is missing, so
# the default list stays light.
bench_packages=(
  libspdlog-dev libgoogle-glog-dev liblog4cxx-dev libpoco-dev libboost-log-dev
)

# The fuzz build (fuzz/README.md): bookworm's clang 16, whose libstdc++ support has
# std::source_location (clang 14's has not), and its libFuzzer runtime.
fuzz_packages=(clang-16 libclang-rt-16-dev)

case "${1:-}" in
  "") ;;
  --bench) packages+=("${bench_packages[@]}") ;;
  --fuzz) packages+=("${fuzz_packages[@]}") ;;
  *) echo "usage: tools/bootstrap.sh [--bench | --fuzz]" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "bootstrap: need root or sudo to install: ${missing[*]}" >&2
  exit 1
fi
echo "bootstrap: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
