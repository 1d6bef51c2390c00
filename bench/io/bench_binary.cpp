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
//   readline_into  the same lines through BufferedReader.readline_into (the C++ addition
//             that reuses one string, as getline(3) and std::getline reuse theirs) vs the
//             same two peers: what a C++ loop that keeps its line buffer costs.
//   bulk_read (one operation = one chunk of pyos's buffer size, 128 KiB here) BufferedReader
//             .read(n) over a cached 1 GiB file vs FileIO.read(n) (impl pyos_fileio), fread
//             (stdio's own buffer; glibc reads whole blocks straight into the caller's
//             buffer), CPython's f.read(n), and the floor: read(2) of n bytes into one
//             reused buffer. Every implementation moves the same bytes per operation, so
//             the ratio of times is the inverse ratio of bandwidths (target pyos/read2_floor
//             <= 1/0.9); each C++ line also carries bytes_per_second (wall clock). The file
//             (/tmp, 1 GiB) is made once and kept; every run reads it through once first so
//             that it is in the page cache.
// Each implementation uses its library's default buffer (pyos: st_blksize clamped to
// [128 KiB, 8 MiB], as open() does; stdio: st_blksize; libstdc++: BUFSIZ; fmt: 32 KiB).
#include <benchmark/benchmark.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <fmt/os.h>

#include "common/cpython_peer.hpp"
#include "io/line_readers.hpp"
#include "pyos/io/buffered.hpp"
#include "pyos/io/fileio.hpp"
#include "pyos/io/open.hpp"

namespace {

namespace io = pyos::io;

const std::string kLine = std::string(63, 'x') + "\n";
const std::string kSink = "/dev/null";
const std::string kLines = "/tmp/pyos-bench-io-lines-v1";
constexpr std::size_t kFileSize = 32u << 20;

bool lines_fixture() {
  static const bool ready = [] {
    std::string block;
    for (int i = 0; i < 1024; ++i) block += kLine;
    return pyos::bench::io::repeated_file(kLines, block, kFileSize);
  }();
  return ready;
}

const std::string kBulk = "/tmp/pyos-bench-io-bulk-v1";
constexpr std::size_t kBulkSize = std::size_t{1} << 30;

// Made once (1 GiB of a repeated 1 MiB pattern), then read through with read(2) so that it
// is cached before anything is timed.
bool bulk_fixture() {
  static const bool ready = [] {
    struct stat st{};
    if (::stat(kBulk.c_str(), &st) != 0 || static_cast<std::size_t>(st.st_size) != kBulkSize) {
      std::string block(std::size_t{1} << 20, '\0');
      for (std::size_t i = 0; i < block.size(); ++i) block[i] = static_cast<char>('a' + i % 26);
      const std::string tmp = kBulk + ".part";
      std::FILE* f = std::fopen(tmp.c_str(), "wb");
      if (!f) return false;
      bool ok = true;
      for (std::size_t n = 0; ok && n < kBulkSize; n += block.size()) {
        ok = std::fwrite(block.data(), 1, block.size(), f) == block.size();
      }
      ok = std::fclose(f) == 0 && ok;
      if (!ok || std::rename(tmp.c_str(), kBulk.c_str()) != 0) {
        std::remove(tmp.c_str());
        return false;
      }
    }
    const int fd = ::open(kBulk.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    std::vector<char> buf(std::size_t{1} << 20);
    while (::read(fd, buf.data(), buf.size()) > 0) {
    }
    ::close(fd);
    return true;
  }();
  return ready;
}

// The buffer size open() gives the file: st_blksize clamped to [DEFAULT_BUFFER_SIZE, 8 MiB].
std::size_t bulk_chunk() {
  static const std::size_t chunk = [] {
    struct stat st{};
    const std::int64_t blksize = ::stat(kBulk.c_str(), &st) == 0 && st.st_blksize > 1
                                     ? static_cast<std::int64_t>(st.st_blksize)
                                     : static_cast<std::int64_t>(io::DEFAULT_BUFFER_SIZE);
    return static_cast<std::size_t>(
        std::clamp(blksize, static_cast<std::int64_t>(io::DEFAULT_BUFFER_SIZE), std::int64_t{8} << 20));
  }();
  return chunk;
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
  pyos::bench::io::readline_loop(state, *f);
}

void readline_pyos_into(benchmark::State& state) {
  if (!lines_fixture()) return state.SkipWithError("fixture");
  auto f = io::open_as<io::BufferedReader>(kLines, "rb");
  pyos::bench::io::readline_into_loop(state, *f);
}

void readline_getline(benchmark::State& state) {
  if (!lines_fixture()) return state.SkipWithError("fixture");
  pyos::bench::io::getline_loop(state, kLines, "rb");
}

void readline_std_getline(benchmark::State& state) {
  if (!lines_fixture()) return state.SkipWithError("fixture");
  pyos::bench::io::std_getline_loop(state, kLines, std::ios::binary);
}

// The floor: the same bytes through read(2) with pyos's buffer size, 64 bytes per op.
void readline_read2(benchmark::State& state) {
  if (!lines_fixture()) return state.SkipWithError("fixture");
  const int fd = ::open(kLines.c_str(), O_RDONLY | O_CLOEXEC);
  // On a cache line, as pyos's buffer: the kernel copies into a misaligned buffer about a
  // quarter slower, and the floor is the best read(2) can do.
  struct Free {
    void operator()(char* p) const noexcept { std::free(p); }
  };
  const std::unique_ptr<char, Free> owned(static_cast<char*>(std::aligned_alloc(64, io::DEFAULT_BUFFER_SIZE)));
  const std::span<char> buf(owned.get(), io::DEFAULT_BUFFER_SIZE);
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

// ---- bulk_read ----------------------------------------------------------------------------
// One operation = one chunk; the file size is a multiple of the chunk, so every operation
// moves exactly bulk_chunk() bytes (EOF is met inside the operation that rewinds).

// `f.read(n)` on a pyos stream opened by `open` (a BufferedReader or an unbuffered FileIO).
template <class Stream>
void bulk_read_stream(benchmark::State& state, const io::OpenOptions& options) {
  if (!bulk_fixture()) return state.SkipWithError("fixture");
  const auto n = static_cast<std::int64_t>(bulk_chunk());
  auto f = io::open_as<Stream>(kBulk, "rb", options);
  for (auto _ : state) {
    std::string data = f->read(n);
    if (data.empty()) {
      f->seek(0);
      data = f->read(n);
    }
    benchmark::DoNotOptimize(data.data());
  }
  state.SetBytesProcessed(state.iterations() * n);
}

void bulk_read_pyos(benchmark::State& state) { bulk_read_stream<io::BufferedReader>(state, {}); }
void bulk_read_pyos_fileio(benchmark::State& state) { bulk_read_stream<io::FileIO>(state, {.buffering = 0}); }

void bulk_read_fread(benchmark::State& state) {
  if (!bulk_fixture()) return state.SkipWithError("fixture");
  const std::size_t n = bulk_chunk();
  std::FILE* f = std::fopen(kBulk.c_str(), "rb");
  std::vector<char> buf(n);
  for (auto _ : state) {
    std::size_t got = std::fread(buf.data(), 1, n, f);
    if (got == 0) {
      std::rewind(f);
      got = std::fread(buf.data(), 1, n, f);
    }
    benchmark::DoNotOptimize(buf.data());
    benchmark::DoNotOptimize(got);
  }
  std::fclose(f);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(n));
}

// The floor: read(2) of the same size into one reused buffer.
void bulk_read_read2(benchmark::State& state) {
  if (!bulk_fixture()) return state.SkipWithError("fixture");
  const std::size_t n = bulk_chunk();
  const int fd = ::open(kBulk.c_str(), O_RDONLY | O_CLOEXEC);
  std::vector<char> buf(n);
  for (auto _ : state) {
    ssize_t got = ::read(fd, buf.data(), n);
    if (got <= 0) {
      ::lseek(fd, 0, SEEK_SET);
      got = ::read(fd, buf.data(), n);
    }
    benchmark::DoNotOptimize(buf.data());
    benchmark::DoNotOptimize(got);
  }
  ::close(fd);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(n));
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
  benchmark::RegisterBenchmark("BM_io/readline_into/pyos", readline_pyos_into);
  benchmark::RegisterBenchmark("BM_io/readline_into/getline", readline_getline);
  benchmark::RegisterBenchmark("BM_io/readline_into/std_getline", readline_std_getline);
  // Wall-clock time for bytes_per_second too (the reporter's ns_per_op is wall clock).
  benchmark::RegisterBenchmark("BM_io/bulk_read/pyos", bulk_read_pyos)->UseRealTime();
  benchmark::RegisterBenchmark("BM_io/bulk_read/pyos_fileio", bulk_read_pyos_fileio)->UseRealTime();
  benchmark::RegisterBenchmark("BM_io/bulk_read/fread", bulk_read_fread)->UseRealTime();
  benchmark::RegisterBenchmark("BM_io/bulk_read/read2_floor", bulk_read_read2)->UseRealTime();
  lines_fixture();
  bulk_fixture();
  std::string bulk_stmt = "r(";
  bulk_stmt.append(std::to_string(bulk_chunk())).append(") or f.seek(0)");
  std::string bulk_setup = "f = open('";
  bulk_setup.append(kBulk).append("', 'rb'); r = f.read");
  pyos::bench::register_cpython(
      "io", {{"write64", "w(line)", "f = open('/dev/null', 'wb'); w = f.write; line = b'x' * 63 + b'\\n'"},
             {"readline", "r() or f.seek(0)", "f = open('" + kLines + "', 'rb'); r = f.readline"},
             {"bulk_read", bulk_stmt, bulk_setup}});
  return 0;
}

const int registered = register_all();

}  // namespace
