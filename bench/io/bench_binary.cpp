// File: io/bench_binary.cpp
//
// Suite "io", binary scenarios (one operation = one 64-byte line):
//   write64   BufferedWriter.write of a 64-byte line to /dev/null (the per-call cost of
//             buffering: every implementation flushes to the same sink) vs fwrite,
//             ofstream::write, fmt::output_file's print, CPython's f.write.
//   readline  BufferedReader.readline (binary) over a cached 32 MiB file of 64-byte lines
//             vs getline(3), std::getline on an ifstream, CPython's f.readline, and the
//             floor: read(2) of the same buffer size, consumed 64 bytes per operation
//             without looking for newlines.
// Each implementation uses its library's default buffer (pyos: st_blksize clamped to
// [128 KiB, 8 MiB], as open() does; stdio: st_blksize; libstdc++: BUFSIZ; fmt: 32 KiB).
#include <benchmark/benchmark.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/os.h>

#include "common/cpython_peer.hpp"
#include "pyos/io/buffered.hpp"
#include "pyos/io/open.hpp"

namespace {

namespace io = pyos::io;

const std::string kLine = std::string(63, 'x') + "\n";
const std::string kSink = "/dev/null";
const std::string kLines = "/tmp/pyos-bench-io-lines-v1";
constexpr std::size_t kFileSize = 32u << 20;

bool lines_fixture() {
  static const bool ready = [] {
    if (::access(kLines.c_str(), R_OK) == 0) return true;
    std::string block;
    for (int i = 0; i < 1024; ++i) block += kLine;
    const std::string tmp = kLines + ".part";
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) return false;
    for (std::size_t n = 0; n < kFileSize; n += block.size()) std::fwrite(block.data(), 1, block.size(), f);
    std::fclose(f);
    return std::rename(tmp.c_str(), kLines.c_str()) == 0;
  }();
  return ready;
}

// ---- write64 ------------------------------------------------------------------------------

void write_pyos(benchmark::State& state) {
  auto f = io::open_as<io::BufferedWriter>(kSink, "wb");
  for (auto _ : state) f->write(kLine);
  f->flush();
}

void write_stdio(benchmark::State& state) {
  std::FILE* f = std::fopen(kSink.c_str(), "wb");
  for (auto _ : state) std::fwrite(kLine.data(), 1, kLine.size(), f);
  std::fclose(f);
}

void write_iostream(benchmark::State& state) {
  std::ofstream f(kSink, std::ios::binary);
  for (auto _ : state) f.write(kLine.data(), static_cast<std::streamsize>(kLine.size()));
}

void write_fmt(benchmark::State& state) {
  auto f = fmt::output_file(kSink);
  for (auto _ : state) f.print("{}", kLine);
}

// ---- readline -----------------------------------------------------------------------------

void readline_pyos(benchmark::State& state) {
  if (!lines_fixture()) return state.SkipWithError("fixture");
  auto f = io::open_as<io::BufferedReader>(kLines, "rb");
  for (auto _ : state) {
    std::string line = f->readline();
    if (line.empty()) {
      f->seek(0);
      line = f->readline();
    }
    benchmark::DoNotOptimize(line.data());
  }
}

void readline_getline(benchmark::State& state) {
  if (!lines_fixture()) return state.SkipWithError("fixture");
  std::FILE* f = std::fopen(kLines.c_str(), "rb");
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

void readline_std_getline(benchmark::State& state) {
  if (!lines_fixture()) return state.SkipWithError("fixture");
  std::ifstream f(kLines, std::ios::binary);
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

// The floor: the same bytes through read(2) with pyos's buffer size, 64 bytes per op.
void readline_read2(benchmark::State& state) {
  if (!lines_fixture()) return state.SkipWithError("fixture");
  const int fd = ::open(kLines.c_str(), O_RDONLY | O_CLOEXEC);
  std::vector<char> buf(io::DEFAULT_BUFFER_SIZE);
  std::size_t pos = 0, end = 0;
  for (auto _ : state) {
    if (pos + kLine.size() > end) {
      ssize_t n = ::read(fd, buf.data(), buf.size());
      if (n <= 0) {
        ::lseek(fd, 0, SEEK_SET);
        n = ::read(fd, buf.data(), buf.size());
      }
      pos = 0;
      end = static_cast<std::size_t>(n);
    }
    benchmark::DoNotOptimize(buf[pos]);
    pos += kLine.size();
  }
  ::close(fd);
}

int register_all() {
  benchmark::RegisterBenchmark("BM_io/write64/pyos", write_pyos);
  benchmark::RegisterBenchmark("BM_io/write64/stdio", write_stdio);
  benchmark::RegisterBenchmark("BM_io/write64/iostream", write_iostream);
  benchmark::RegisterBenchmark("BM_io/write64/fmt", write_fmt);
  benchmark::RegisterBenchmark("BM_io/readline/pyos", readline_pyos);
  benchmark::RegisterBenchmark("BM_io/readline/getline", readline_getline);
  benchmark::RegisterBenchmark("BM_io/readline/std_getline", readline_std_getline);
  benchmark::RegisterBenchmark("BM_io/readline/read2_floor", readline_read2);
  lines_fixture();
  pyos::bench::register_cpython(
      "io", {{"write64", "w(line)", "f = open('/dev/null', 'wb'); w = f.write; line = b'x' * 63 + b'\\n'"},
             {"readline", "r() or f.seek(0)", "f = open('" + kLines + "', 'rb'); r = f.readline"}});
  return 0;
}

const int registered = register_all();

}  // namespace
