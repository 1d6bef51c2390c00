// File: logging/common.hpp
//
// What every implementation of the "logging" suite shares: the message, the line layout,
// the scenario names, the run-time level toggle of S1, the allocation and formatting
// counters, the temporary directory, the in-memory line buffer and the verifier that reads
// back every line an implementation wrote. Each library lives in its own source file
// (bench_<lib>.cpp) and hands its cases to the registry (bench_logging.cpp), which registers
// them scenario by scenario, pyos first, so that the JSON lines group as the reporter
// expects. See bench_logging.cpp for the list of scenarios.
#pragma once

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace pyos::bench::logging {

// ---- what is logged -------------------------------------------------------------------------
// printf syntax (pyos, CPython, Poco); fmt syntax (spdlog, log4cxx); streams (glog, Boost.Log).
// Every library renders the same text: "Logging int: 7, int: 8, double: 3.140000".
inline constexpr const char* kMessage = "Logging int: %d, int: %d, double: %f";
inline constexpr const char* kMessageFmt = "Logging int: {}, int: {}, double: {:f}";
inline constexpr double kDouble = 3.14;
inline constexpr std::string_view kMessageHead = "Logging int: ";
inline constexpr std::string_view kMessageTail = ", double: 3.140000";

// The disabled call of S1 passes a Counted in place of the double (with %s / {}), so that a
// library that formats an argument it then drops is caught: every rendering of a Counted
// increments formatted_count().
inline constexpr const char* kMessageCounted = "Logging int: %d, int: %d, double: %s";
inline constexpr const char* kMessageCountedFmt = "Logging int: {}, int: {}, double: {}";
struct Counted {
  double value = kDouble;
};
std::ostream& operator<<(std::ostream& os, const Counted& c);
std::uint64_t& formatted_count() noexcept;

// Line layout: Python's "%(asctime)s %(levelname)s %(name)s: %(message)s", or the library's
// own equivalent pattern.
inline constexpr const char* kPythonFormat = "%(asctime)s %(levelname)s %(name)s: %(message)s";
inline constexpr const char* kPythonFormatExtra = "%(asctime)s %(levelname)s %(name)s [%(user)s]: %(message)s";

// The logger name of each scenario (the same for every library, so every line has the same
// length), and the adapter's extra value of S10.
inline constexpr const char* kUser = "bob";

// ---- S1's run-time toggle ---------------------------------------------------------------------
// Every kToggleEvery iterations the benchmark loop changes the level through the library's
// public API, between two levels that both disable the call (INFO and WARNING for a DEBUG
// call), so the level check cannot be hoisted out of the loop and is never enabled.
inline constexpr std::uint32_t kToggleEvery = 1024;
template <class SetLevel>
inline void maybe_toggle(std::uint32_t& k, SetLevel&& set_warning) {
  if ((++k & (kToggleEvery - 1)) == 0) set_warning(((k / kToggleEvery) & 1) != 0);
}

// ---- counters -------------------------------------------------------------------------------
// Heap allocations made by the calling thread (operator new of this executable).
std::uint64_t thread_allocations() noexcept;

// Counts the allocations of a benchmark loop (less those made while timing was paused) and
// reports allocs_per_op. Single-threaded scenarios only.
class AllocMeter {
 public:
  void start() noexcept { begin_ = thread_allocations(); }
  void pause() noexcept { paused_at_ = thread_allocations(); }
  void resume() noexcept { excluded_ += thread_allocations() - paused_at_; }
  void report(benchmark::State& state) const;

 private:
  std::uint64_t begin_ = 0, paused_at_ = 0, excluded_ = 0;
};

// ---- files ------------------------------------------------------------------------------------
// A fresh path in the suite's temporary directory (same file system for everybody: a
// directory under $TMPDIR or /tmp, removed at exit): "<dir>/<scenario>-<impl>-<n>.log".
std::string fresh_path(std::string_view scenario, std::string_view impl);
const std::string& temp_dir();

// ---- verification -----------------------------------------------------------------------------
// What a well-formed line looks like before the message.
struct LineFormat {
  enum class Kind {
    Python,  // "YYYY-MM-DD HH:MM:SS<sep><frac> <level> <name>[ [<extra>]]: "
    Glog,    // "IYYYYMMDD HH:MM:SS.uuuuuu <tid> <file>:<line>] " (glog's fixed prefix)
  };
  Kind kind = Kind::Python;
  std::string level = "INFO";  // compared without case (spdlog and Boost.Log print "info")
  std::string name;
  std::string extra;  // rendered as " [extra]" after the name when not empty
  int frac_digits = 3;
  char frac_sep = ',';
};

// How the numbers of the messages must come out.
struct Expect {
  std::int64_t lines = 0;  // the number of messages
  int threads = 1;         // 1: "int: k" for k = 0, 1, 2, ... in order; more: every
                           // value in [0, lines) exactly once, in any order
};

// Checks text made of complete lines; empty on success, else what is wrong (with the line).
// `first` is the number of the first message expected (in-order mode); `skip_header` lines
// that do not contain the message may precede the first message (glog's file header).
std::string verify_lines(std::string_view text, const LineFormat& format, const Expect& expect,
                         std::int64_t first = 0, int skip_header = 0);

// Reads the file, verifies it, removes it; empty on success, else what is wrong.
std::string check_file(const std::string& path, const LineFormat& format, const Expect& expect,
                       int skip_header = 0);
// The same, reporting failure with state.SkipWithError after
// printing the details to stderr; true when the file was right.
bool verify_file(benchmark::State& state, const std::string& path, const LineFormat& format,
                 const Expect& expect, int skip_header = 0);

// ---- in-memory sink ---------------------------------------------------------------------------
// The text an in-memory handler appended. The benchmark loop calls poll() after each record:
// when the buffer passes kVerifyEvery bytes, timing is paused, the lines are verified and the
// buffer is emptied (its capacity stays).
class MemoryLines {
 public:
  static constexpr std::size_t kVerifyEvery = 256 * 1024;

  MemoryLines(LineFormat format, AllocMeter* meter = nullptr);
  std::string& text() noexcept { return text_; }
  void poll(benchmark::State& state) {
    if (text_.size() >= kVerifyEvery) [[unlikely]] drain(state, true);
  }
  // At the end of the run: verifies the rest and that `expected_total` messages were seen.
  bool finish(benchmark::State& state, std::int64_t expected_total);

 private:
  void drain(benchmark::State& state, bool pause);

  std::string text_;
  LineFormat format_;
  AllocMeter* meter_;
  std::int64_t seen_ = 0;
  bool failed_ = false;
};

// Fails the benchmark (stderr + SkipWithError) when a disabled call formatted an argument.
void check_nothing_formatted(benchmark::State& state, std::uint64_t before);

// The name of the benchmark running (for failure reports; set by the registry).
std::string& current_benchmark();

// ---- the registry -----------------------------------------------------------------------------
struct Case {
  std::string scenario;  // e.g. "S3_file_buffered"
  std::string impl;      // e.g. "spdlog_st"
  std::function<void(benchmark::State&)> run;
  int threads = 1;
};
using Cases = std::vector<Case>;

// One per source; the registry calls those of the peers that were found (PYOS_BENCH_HAVE_*).
void add_pyos_cases(Cases& cases);
void add_floor_cases(Cases& cases);
void add_spdlog_cases(Cases& cases);
void add_glog_cases(Cases& cases);
void add_log4cxx_cases(Cases& cases);
void add_poco_cases(Cases& cases);
void add_boostlog_cases(Cases& cases);

// Scenario names (one place, so every library spells them alike).
namespace scenario {
inline constexpr const char* kDisabledLogger = "S1_disabled_logger";
inline constexpr const char* kDisabledInherited = "S1_disabled_inherited4";
inline constexpr const char* kDisabledAdapter = "S1_disabled_adapter";
inline constexpr const char* kMemory = "S2_format_memory";
inline constexpr const char* kFileBuffered = "S3_file_buffered";
inline constexpr const char* kFileFlush = "S4_file_flush";
inline constexpr const char* kDepth1 = "S9_root_handler_depth1";
inline constexpr const char* kDepth4 = "S9_root_handler_depth4";
inline constexpr const char* kDepth8 = "S9_root_handler_depth8";
inline constexpr const char* kFiltersAdapter = "S10_filters_adapter_extra";
inline constexpr const char* kThreads = "MT_file_flush";  // reported as MT_file_flush/threads:2
}  // namespace scenario

// The logger name each scenario uses, in every library ("bench.s3", ...); S9's are
// "bench.s9", "bench.s9.b.c.d" and "bench.s9.b.c.d.e.f.g.h" (depth counted below root).
inline constexpr const char* kNameDisabled = "bench.s1";
inline constexpr const char* kNameInheritedTop = "s1i";  // its chain: s1i, s1i.b, s1i.b.c, s1i.b.c.d
inline constexpr const char* kNameInherited = "s1i.b.c.d";
inline constexpr const char* kNameAdapter = "bench.s1a";
inline constexpr const char* kNameMemory = "bench.s2";
inline constexpr const char* kNameBuffered = "bench.s3";
inline constexpr const char* kNameFlush = "bench.s4";
inline constexpr const char* kNameFilters = "bench.s10";
inline constexpr const char* kNameThreads = "bench.mt";
// "s9", "s9.b.c.d", "s9.b.c.d.e.f.g.h" and the chain of names above each.
std::vector<std::string> depth_chain(int depth);

// The message numbers of thread t of `threads`: t, t + threads, t + 2*threads, ...
inline int thread_value(std::int64_t k, int t, int threads) {
  return static_cast<int>(k * threads + t);
}

}  // namespace pyos::bench::logging

// {fmt} (spdlog, log4cxx) renders a Counted as a double, counting.
template <>
struct fmt::formatter<pyos::bench::logging::Counted> : fmt::formatter<double> {
  auto format(const pyos::bench::logging::Counted& c, format_context& ctx) const {
    ++pyos::bench::logging::formatted_count();
    return fmt::formatter<double>::format(c.value, ctx);
  }
};
