// File: time/bench_time.cpp
//
// Suite "time": pyos::time against the C library, libstdc++'s <chrono>/<iomanip>, {fmt}'s
// chrono formatting and CPython's time module, each scenario's peers in the same run.
//
//   clock_monotonic / clock_realtime  a clock read: pyos vs the vDSO clock_gettime
//                                     (through glibc) vs std::chrono
//   strftime                          "%Y-%m-%d %H:%M:%S" of a struct: pyos (a std::string)
//                                     vs glibc strftime into a buffer vs fmt::format_to vs
//                                     std::put_time
//   strptime                          the same format back: pyos vs glibc strptime vs
//                                     std::get_time
//   gmtime                            pyos vs gmtime_r
//   localtime_tz_set / _tz_unset      pyos vs localtime_r, TZ=Europe/Berlin and TZ unset
//   mktime_tz_set / _tz_unset         pyos vs mktime; with TZ unset glibc's mktime stats
//                                     /etc/localtime on every call, so that scenario also
//                                     has "glibc_tz_set": glibc with TZ naming the same file
//
// CPython is an optional peer ("cpython", common/cpython_peer.hpp): if a python3 is found,
// one timeit script measures each scenario once and its time per call is reported (manual
// time). Without Python those lines are simply missing.
#include <benchmark/benchmark.h>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <iomanip>
#include <sstream>
#include <string>
#include <vector>

#include "common/cpython_peer.hpp"
#include "pyos/time.hpp"

namespace {

namespace ptime = pyos::time;

constexpr const char* kFormat = "%Y-%m-%d %H:%M:%S";
constexpr const char* kInput = "2024-03-05 14:07:09";
constexpr const char* kZone = "Europe/Berlin";

// TZ for the C library and pyos alike (nullptr: unset, /etc/localtime).
void set_tz(const char* tz) {
  if (tz != nullptr) {
    ::setenv("TZ", tz, 1);
  } else {
    ::unsetenv("TZ");
  }
  ::tzset();
  ptime::tzset();
}

// Timestamps to convert: a spread over two years, so the conversions are not all one cached
// answer.
const std::vector<time_t>& stamps() {
  static const std::vector<time_t> v = [] {
    std::vector<time_t> out;
    for (int i = 0; i < 1024; ++i) out.push_back(1704067200 + static_cast<time_t>(i) * 61729);
    return out;
  }();
  return v;
}

// --- clocks -------------------------------------------------------------------------------

void clock_monotonic_pyos(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(ptime::monotonic_ns());
}
void clock_monotonic_vdso(benchmark::State& state) {
  for (auto _ : state) {
    struct timespec ts;
    if (::clock_gettime(CLOCK_MONOTONIC, &ts) != 0) [[unlikely]] state.SkipWithError("clock_gettime");
    benchmark::DoNotOptimize(static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec);
  }
}
void clock_monotonic_chrono(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(std::chrono::steady_clock::now());
}

void clock_realtime_pyos(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(ptime::time_ns());
}
void clock_realtime_vdso(benchmark::State& state) {
  for (auto _ : state) {
    struct timespec ts;
    if (::clock_gettime(CLOCK_REALTIME, &ts) != 0) [[unlikely]] state.SkipWithError("clock_gettime");
    benchmark::DoNotOptimize(static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec);
  }
}
void clock_realtime_chrono(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(std::chrono::system_clock::now());
}

// --- strftime -----------------------------------------------------------------------------

struct ::tm sample_tm() {
  struct ::tm tm {};
  tm.tm_year = 124;
  tm.tm_mon = 2;
  tm.tm_mday = 5;
  tm.tm_hour = 14;
  tm.tm_min = 7;
  tm.tm_sec = 9;
  tm.tm_wday = 2;
  tm.tm_yday = 64;
  return tm;
}

void strftime_pyos(benchmark::State& state) {
  const ptime::struct_time st{2024, 3, 5, 14, 7, 9, 1, 65, 0};
  for (auto _ : state) {
    std::string s = ptime::strftime(kFormat, st);
    benchmark::DoNotOptimize(s);
  }
}
void strftime_glibc(benchmark::State& state) {
  const struct ::tm tm = sample_tm();
  char buf[64];
  for (auto _ : state) {
    const std::size_t n = ::strftime(buf, sizeof buf, kFormat, &tm);
    benchmark::DoNotOptimize(n);
    benchmark::DoNotOptimize(buf);
  }
}
void strftime_fmt(benchmark::State& state) {
  const struct ::tm tm = sample_tm();
  char buf[64];
  for (auto _ : state) {
    auto end = fmt::format_to(buf, "{:%Y-%m-%d %H:%M:%S}", tm);
    benchmark::DoNotOptimize(end);
    benchmark::DoNotOptimize(buf);
  }
}
void strftime_libstdcxx(benchmark::State& state) {
  const struct ::tm tm = sample_tm();
  for (auto _ : state) {
    std::ostringstream os;
    os << std::put_time(&tm, kFormat);
    std::string s = os.str();
    benchmark::DoNotOptimize(s);
  }
}

// --- strptime -----------------------------------------------------------------------------

void strptime_pyos(benchmark::State& state) {
  set_tz("UTC");
  for (auto _ : state) {
    ptime::struct_time t = ptime::strptime(kInput, kFormat);
    benchmark::DoNotOptimize(t);
  }
}
void strptime_glibc(benchmark::State& state) {
  for (auto _ : state) {
    struct ::tm tm {};
    const char* end = ::strptime(kInput, kFormat, &tm);
    if (end == nullptr) [[unlikely]] state.SkipWithError("strptime");
    benchmark::DoNotOptimize(tm);
  }
}
void strptime_libstdcxx(benchmark::State& state) {
  for (auto _ : state) {
    struct ::tm tm {};
    std::istringstream in(kInput);
    in >> std::get_time(&tm, kFormat);
    if (in.fail()) [[unlikely]] state.SkipWithError("get_time");
    benchmark::DoNotOptimize(tm);
  }
}

// --- conversions --------------------------------------------------------------------------

void gmtime_pyos(benchmark::State& state) {
  std::size_t i = 0;
  for (auto _ : state) {
    ptime::struct_time t = ptime::gmtime(stamps()[i++ & 1023]);
    benchmark::DoNotOptimize(t);
  }
}
void gmtime_glibc(benchmark::State& state) {
  std::size_t i = 0;
  for (auto _ : state) {
    struct ::tm tm;
    if (::gmtime_r(&stamps()[i++ & 1023], &tm) == nullptr) [[unlikely]] state.SkipWithError("gmtime_r");
    benchmark::DoNotOptimize(tm);
  }
}

template <const char* const* Tz>
void localtime_pyos(benchmark::State& state) {
  set_tz(*Tz);
  std::size_t i = 0;
  for (auto _ : state) {
    ptime::struct_time t = ptime::localtime(stamps()[i++ & 1023]);
    benchmark::DoNotOptimize(t);
  }
}
template <const char* const* Tz>
void localtime_glibc(benchmark::State& state) {
  set_tz(*Tz);
  std::size_t i = 0;
  for (auto _ : state) {
    struct ::tm tm;
    if (::localtime_r(&stamps()[i++ & 1023], &tm) == nullptr) [[unlikely]] state.SkipWithError("localtime_r");
    benchmark::DoNotOptimize(tm);
  }
}

// The local broken-down times of stamps(), computed in the zone being measured.
std::vector<struct ::tm> local_tms() {
  std::vector<struct ::tm> out;
  for (time_t t : stamps()) {
    struct ::tm tm;
    ::localtime_r(&t, &tm);
    tm.tm_isdst = -1;
    out.push_back(tm);
  }
  return out;
}

template <const char* const* Tz>
void mktime_pyos(benchmark::State& state) {
  set_tz(*Tz);
  std::vector<ptime::struct_time> in;
  for (const auto& tm : local_tms()) {
    in.push_back({tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, 0, 1, -1});
  }
  std::size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(ptime::mktime(in[i++ & 1023]));
}
template <const char* const* Tz>
void mktime_glibc(benchmark::State& state) {
  set_tz(*Tz);
  const std::vector<struct ::tm> in = local_tms();
  std::size_t i = 0;
  for (auto _ : state) {
    struct ::tm tm = in[i++ & 1023];
    const time_t t = ::mktime(&tm);
    if (t == -1) [[unlikely]] state.SkipWithError("mktime");
    benchmark::DoNotOptimize(t);
  }
}

constexpr const char* kUnset = nullptr;
constexpr const char* kSet = kZone;
// TZ set to the very file /etc/localtime is, so glibc skips its per-call check.
constexpr const char* kSetToLocaltime = ":/etc/localtime";

// --- CPython ------------------------------------------------------------------------------

// The shared peer (common/cpython_peer.hpp) runs these in one interpreter, in this order; each
// setup pins the zone its scenario needs.
std::vector<pyos::bench::PythonCase> python_cases() {
  const std::string base =
      "import os, time; "
      "st = time.struct_time((2024, 3, 5, 14, 7, 9, 1, 65, 0)); "
      "stamps = [1704067200 + i * 61729 for i in range(1024)]; ";
  auto zone = [&](const char* tz) {
    std::string z = base + (tz != nullptr ? std::string("os.environ['TZ'] = '") + tz + "'; "
                                          : std::string("os.environ.pop('TZ', None); "));
    return z + "time.tzset(); lts = [time.localtime(s)[:8] + (-1,) for s in stamps]";
  };
  return {
      {"clock_monotonic", "time.monotonic_ns()", base},
      {"clock_realtime", "time.time_ns()", base},
      {"strftime", "time.strftime('%Y-%m-%d %H:%M:%S', st)", base},
      {"strptime", "time.strptime('2024-03-05 14:07:09', '%Y-%m-%d %H:%M:%S')", zone("UTC")},
      {"gmtime", "time.gmtime(1709647629)", base},
      {"localtime_tz_set", "time.localtime(1709647629)", zone(kZone)},
      {"mktime_tz_set", "time.mktime(lts[417])", zone(kZone)},
      {"localtime_tz_unset", "time.localtime(1709647629)", zone(nullptr)},
      {"mktime_tz_unset", "time.mktime(lts[417])", zone(nullptr)},
  };
}

// The shared peer reports an error for every scenario when no interpreter can be found;
// this suite promises to run without Python, so it asks the same places first.
bool python_available() {
  if (const char* env = std::getenv("PYOS_BENCH_PYTHON"); env && *env) return true;
  std::error_code ec;
  const char* home = std::getenv("HOME");
  for (const auto& e : std::filesystem::directory_iterator(std::string(home ? home : "/root") + "/.pyenv/versions", ec)) {
    if (e.path().filename().string().rfind("3.13", 0) == 0 &&
        ::access((e.path().string() + "/bin/python3").c_str(), X_OK) == 0) {
      return true;
    }
  }
  return ::access("/usr/bin/python3", X_OK) == 0 || ::access("/usr/local/bin/python3", X_OK) == 0;
}

// Names follow BM_<suite>/<scenario>/<impl> (common/json_lines_reporter.hpp).
[[maybe_unused]] const bool registered = [] {
  using benchmark::RegisterBenchmark;
  RegisterBenchmark("BM_time/clock_monotonic/pyos", clock_monotonic_pyos);
  RegisterBenchmark("BM_time/clock_monotonic/vdso", clock_monotonic_vdso);
  RegisterBenchmark("BM_time/clock_monotonic/libstdcxx", clock_monotonic_chrono);
  RegisterBenchmark("BM_time/clock_realtime/pyos", clock_realtime_pyos);
  RegisterBenchmark("BM_time/clock_realtime/vdso", clock_realtime_vdso);
  RegisterBenchmark("BM_time/clock_realtime/libstdcxx", clock_realtime_chrono);
  RegisterBenchmark("BM_time/strftime/pyos", strftime_pyos);
  RegisterBenchmark("BM_time/strftime/glibc", strftime_glibc);
  RegisterBenchmark("BM_time/strftime/fmt", strftime_fmt);
  RegisterBenchmark("BM_time/strftime/libstdcxx", strftime_libstdcxx);
  RegisterBenchmark("BM_time/strptime/pyos", strptime_pyos);
  RegisterBenchmark("BM_time/strptime/glibc", strptime_glibc);
  RegisterBenchmark("BM_time/strptime/libstdcxx", strptime_libstdcxx);
  RegisterBenchmark("BM_time/gmtime/pyos", gmtime_pyos);
  RegisterBenchmark("BM_time/gmtime/glibc", gmtime_glibc);
  RegisterBenchmark("BM_time/localtime_tz_set/pyos", localtime_pyos<&kSet>);
  RegisterBenchmark("BM_time/localtime_tz_set/glibc", localtime_glibc<&kSet>);
  RegisterBenchmark("BM_time/localtime_tz_unset/pyos", localtime_pyos<&kUnset>);
  RegisterBenchmark("BM_time/localtime_tz_unset/glibc", localtime_glibc<&kUnset>);
  RegisterBenchmark("BM_time/localtime_tz_unset/glibc_tz_set", localtime_glibc<&kSetToLocaltime>);
  RegisterBenchmark("BM_time/mktime_tz_set/pyos", mktime_pyos<&kSet>);
  RegisterBenchmark("BM_time/mktime_tz_set/glibc", mktime_glibc<&kSet>);
  RegisterBenchmark("BM_time/mktime_tz_unset/pyos", mktime_pyos<&kUnset>);
  RegisterBenchmark("BM_time/mktime_tz_unset/glibc", mktime_glibc<&kUnset>);
  RegisterBenchmark("BM_time/mktime_tz_unset/glibc_tz_set", mktime_glibc<&kSetToLocaltime>);
  if (python_available()) pyos::bench::register_cpython("time", python_cases());
  return true;
}();

}  // namespace
