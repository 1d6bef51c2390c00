// File: io/line_readers.hpp
//
// What the io suite's binary and text line scenarios share: the cached file of repeated
// lines, and the line-reading loops (pyos's readline, getline(3), std::getline), each
// rewinding at EOF so that one operation is always one line.
#pragma once

#include <benchmark/benchmark.h>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <ios>
#include <string>

namespace pyos::bench::io {

// Writes `block` repeated up to `size` bytes to `path` once (through a ".part" file, so an
// interrupted run leaves no short file behind); later calls find it there.
inline bool repeated_file(const std::string& path, const std::string& block, std::size_t size) {
  if (::access(path.c_str(), R_OK) == 0) return true;
  const std::string tmp = path + ".part";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return false;
  for (std::size_t n = 0; n < size; n += block.size()) std::fwrite(block.data(), 1, block.size(), f);
  std::fclose(f);
  return std::rename(tmp.c_str(), path.c_str()) == 0;
}

// `stream->readline()` (a pyos BufferedReader or TextIOWrapper), seek(0) at EOF.
template <class Stream>
void readline_loop(benchmark::State& state, Stream& stream) {
  for (auto _ : state) {
    std::string line = stream.readline();
    if (line.empty()) {
      stream.seek(0);
      line = stream.readline();
    }
    benchmark::DoNotOptimize(line.data());
  }
}

// `stream->readline_into(line)` (pyos's getline-style reader, reusing one string), seek(0)
// at EOF.
template <class Stream>
void readline_into_loop(benchmark::State& state, Stream& stream) {
  std::string line;
  for (auto _ : state) {
    if (stream.readline_into(line) == 0) {
      stream.seek(0);
      stream.readline_into(line);
    }
    benchmark::DoNotOptimize(line.data());
  }
}

// getline(3) on a FILE* opened with `mode`, rewound at EOF.
inline void getline_loop(benchmark::State& state, const std::string& path, const char* mode) {
  std::FILE* f = std::fopen(path.c_str(), mode);
  if (!f) return state.SkipWithError("fopen failed");
  char* buf = nullptr;
  std::size_t cap = 0;
  for (auto _ : state) {
    ssize_t n = ::getline(&buf, &cap, f);
    if (n < 0) {
      std::rewind(f);
      n = ::getline(&buf, &cap, f);
    }
    benchmark::DoNotOptimize(n);
  }
  std::free(buf);
  std::fclose(f);
}

// std::getline on an ifstream opened with `mode`, rewound at EOF.
inline void std_getline_loop(benchmark::State& state, const std::string& path, std::ios::openmode mode) {
  std::ifstream f(path, mode);
  std::string line;
  for (auto _ : state) {
    if (!std::getline(f, line)) {
      f.clear();
      f.seekg(0);
      std::getline(f, line);
    }
    benchmark::DoNotOptimize(line.data());
  }
}

}  // namespace pyos::bench::io
