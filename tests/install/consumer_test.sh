#!/usr/bin/env bash
# Installs the build tree into a scratch prefix, then builds and runs tests/install/consumer.cpp
# against it both ways a user would: find_package(pyos CONFIG) and pkg-config.
#   consumer_test.sh BUILD_DIR WORK_DIR CXX "EXTRA CXXFLAGS"
set -euo pipefail
build=$1 work=$2 cxx=$3 flags=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" >"$work/install.log"
libdir=$(dirname "$(find "$work/prefix" -name pyos.pc -path '*pkgconfig*' | head -n1)")/..
export LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

echo "== find_package(pyos CONFIG)"
cmake -S "$here/consumer" -B "$work/cmake" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" \
      -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_CXX_FLAGS="$flags" >"$work/configure.log" \
  || { cat "$work/configure.log"; exit 1; }
cmake --build "$work/cmake" >"$work/build.log" || { cat "$work/build.log"; exit 1; }
"$work/cmake/consumer"
"$work/cmake/consumer_errno_only"

echo "== pkg-config pyos"
export PKG_CONFIG_PATH="$libdir/pkgconfig"
pkg-config --exists --print-errors pyos
# shellcheck disable=SC2046,SC2086
"$cxx" $flags "$here/consumer.cpp" $(pkg-config --cflags pyos) $(pkg-config --libs pyos) -o "$work/pc_consumer"
"$work/pc_consumer"
echo "consumer test passed"
