// File: sys/bench_sys.cpp
//
// Suite "sys": the cost of the `_sys` layer over the raw libc call it wraps. Each scenario
// runs the same system call twice in one process, through pyos (`_sys`, Result<T> out) and
// through libc, so the ratio is the price of the wrapper: the fault-injection check, the EINTR
// loop and the Result. Both sides check for failure, as any real caller would.
#include <benchmark/benchmark.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <span>

#include "_sys/fd.hpp"
#include "_sys/process.hpp"
#include "_sys/unique_fd.hpp"

namespace {

namespace sys = pyos::_sys;

// A descriptor that always has data to read and never blocks.
sys::UniqueFd open_dev_zero(benchmark::State& state) {
  sys::UniqueFd fd(::open("/dev/zero", O_RDONLY | O_CLOEXEC));
  if (!fd) state.SkipWithError(std::strerror(errno));
  return fd;
}

// getpid: the cheapest system call there is (glibc no longer caches the pid), so this
// is the fixed cost of one wrapper call.

void getpid_pyos(benchmark::State& state) {
  for (auto _ : state) {
    pid_t pid = sys::getpid();
    benchmark::DoNotOptimize(pid);
  }
}

void getpid_libc(benchmark::State& state) {
  for (auto _ : state) {
    pid_t pid = ::getpid();
    benchmark::DoNotOptimize(pid);
  }
}

// fstat: a call that fills a struct; the wrapper returns it by value inside a Result.

void fstat_pyos(benchmark::State& state) {
  const sys::UniqueFd fd = open_dev_zero(state);
  for (auto _ : state) {
    auto st = sys::fstat(fd.get());
    if (!st) [[unlikely]] {
      state.SkipWithError(std::strerror(st.error().code));
      break;
    }
    benchmark::DoNotOptimize(st);
  }
}

void fstat_libc(benchmark::State& state) {
  const sys::UniqueFd fd = open_dev_zero(state);
  for (auto _ : state) {
    struct stat st;
    if (::fstat(fd.get(), &st) != 0) [[unlikely]] {
      state.SkipWithError(std::strerror(errno));
      break;
    }
    benchmark::DoNotOptimize(st);
  }
}

// read_1byte: the smallest transfer, so the kernel's copy does not hide the wrapper.

void read_1byte_pyos(benchmark::State& state) {
  const sys::UniqueFd fd = open_dev_zero(state);
  std::byte buffer[1];
  for (auto _ : state) {
    auto n = sys::read(fd.get(), std::span<std::byte>(buffer));
    if (!n) [[unlikely]] {
      state.SkipWithError(std::strerror(n.error().code));
      break;
    }
    benchmark::DoNotOptimize(n);
    benchmark::DoNotOptimize(buffer);
  }
}

void read_1byte_libc(benchmark::State& state) {
  const sys::UniqueFd fd = open_dev_zero(state);
  std::byte buffer[1];
  for (auto _ : state) {
    ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0) [[unlikely]] {
      state.SkipWithError(std::strerror(errno));
      break;
    }
    benchmark::DoNotOptimize(n);
    benchmark::DoNotOptimize(buffer);
  }
}

// Names follow BM_<suite>/<scenario>/<impl> (common/json_lines_reporter.hpp).
[[maybe_unused]] const bool registered = [] {
  benchmark::RegisterBenchmark("BM_sys/getpid/pyos", getpid_pyos);
  benchmark::RegisterBenchmark("BM_sys/getpid/libc", getpid_libc);
  benchmark::RegisterBenchmark("BM_sys/fstat/pyos", fstat_pyos);
  benchmark::RegisterBenchmark("BM_sys/fstat/libc", fstat_libc);
  benchmark::RegisterBenchmark("BM_sys/read_1byte/pyos", read_1byte_pyos);
  benchmark::RegisterBenchmark("BM_sys/read_1byte/libc", read_1byte_libc);
  return true;
}();

}  // namespace
