// File: logging/common.cpp
//
// The shared machinery of the logging suite (common.hpp): the allocation counter (this
// executable replaces the global operator new/delete), the temporary directory, the line
// verifier and the in-memory line buffer.
#include "logging/common.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <new>
#include <string>

namespace pyos::bench::logging {
namespace {
// Concatenation by appending (GCC 12 reports a false -Wrestrict for "literal" + std::string).
template <class... T>
std::string cat(const T&... parts) {
  std::string out;
  (out.append(std::string_view(parts)), ...);
  return out;
}
}  // namespace
}  // namespace pyos::bench::logging

// ---- allocation counter ---------------------------------------------------------------------
// A thread-local count, so that counting costs one increment and the other thread of the
// multi-thread scenario does not disturb it.
namespace {
thread_local std::uint64_t t_allocations = 0;

void* counted_malloc(std::size_t size) {
  ++t_allocations;
  if (void* p = std::malloc(size != 0 ? size : 1)) return p;
  throw std::bad_alloc();
}

void* counted_aligned(std::size_t size, std::align_val_t align) {
  ++t_allocations;
  void* p = nullptr;
  const std::size_t alignment = std::max(static_cast<std::size_t>(align), sizeof(void*));
  if (::posix_memalign(&p, alignment, size != 0 ? size : 1) == 0) return p;
  throw std::bad_alloc();
}
}  // namespace

void* operator new(std::size_t size) { return counted_malloc(size); }
void* operator new[](std::size_t size) { return counted_malloc(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  ++t_allocations;
  return std::malloc(size != 0 ? size : 1);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  ++t_allocations;
  return std::malloc(size != 0 ? size : 1);
}
void* operator new(std::size_t size, std::align_val_t align) { return counted_aligned(size, align); }
void* operator new[](std::size_t size, std::align_val_t align) { return counted_aligned(size, align); }
void* operator new(std::size_t size, std::align_val_t align, const std::nothrow_t&) noexcept {
  try {
    return counted_aligned(size, align);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t size, std::align_val_t align, const std::nothrow_t&) noexcept {
  try {
    return counted_aligned(size, align);
  } catch (...) {
    return nullptr;
  }
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }

namespace pyos::bench::logging {

std::uint64_t thread_allocations() noexcept { return t_allocations; }

void AllocMeter::report(benchmark::State& state) const {
  if (state.iterations() == 0) return;
  const std::uint64_t made = thread_allocations() - begin_ - excluded_;
  state.counters["allocs_per_op"] =
      benchmark::Counter(static_cast<double>(made) / static_cast<double>(state.iterations()));
}

std::string& current_benchmark() {
  static std::string name;
  return name;
}

// ---- Counted ----------------------------------------------------------------------------------
std::uint64_t& formatted_count() noexcept {
  static std::uint64_t count = 0;
  return count;
}

std::ostream& operator<<(std::ostream& os, const Counted& c) {
  ++formatted_count();
  const auto flags = os.flags();
  os << std::fixed << c.value;
  os.flags(flags);
  return os;
}

void check_nothing_formatted(benchmark::State& state, std::uint64_t before) {
  const std::uint64_t formatted = formatted_count() - before;
  state.counters["formatted_args"] = benchmark::Counter(static_cast<double>(formatted));
  if (formatted != 0) {
    const std::string why = cat("a disabled call formatted its argument ", std::to_string(formatted), " times");
    std::fprintf(stderr, "bench_logging: FAILED %s: %s\n", current_benchmark().c_str(), why.c_str());
    state.SkipWithError(why.c_str());
  }
}

// ---- files ------------------------------------------------------------------------------------
const std::string& temp_dir() {
  // Never destroyed: the exit handler that removes the directory runs after the destructors
  // of statics constructed before it was registered.
  static const std::string& dir = *[] {
    const char* base = std::getenv("TMPDIR");
    auto* pattern = new std::string(std::string(base && *base ? base : "/tmp") + "/pyos-bench-logging-XXXXXX");
    if (::mkdtemp(pattern->data()) == nullptr) {
      std::perror("bench_logging: mkdtemp");
      std::exit(1);
    }
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(temp_dir(), ec);
    });
    return pattern;
  }();
  return dir;
}

std::string fresh_path(std::string_view scenario, std::string_view impl) {
  static std::atomic<unsigned> counter{0};
  std::string path = temp_dir() + "/";
  path += scenario;
  path += "-";
  path += impl;
  path += cat("-", std::to_string(counter.fetch_add(1)), ".log");
  return path;
}

std::vector<std::string> depth_chain(int depth) {
  static constexpr const char* kParts[] = {"s9", "b", "c", "d", "e", "f", "g", "h"};
  std::vector<std::string> chain;
  std::string name;
  for (int i = 0; i < depth && i < 8; ++i) {
    if (i != 0) name += '.';
    name += kParts[i];
    chain.push_back(name);
  }
  return chain;
}

// ---- verification -----------------------------------------------------------------------------
namespace {

bool is_digits(std::string_view s, std::size_t pos, std::size_t n) {
  if (pos + n > s.size()) return false;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

bool equals_nocase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const char x = a[i], y = b[i];
    if (x != y && (x | 0x20) != (y | 0x20)) return false;
  }
  return true;
}

// Empty when `prefix` (everything before the message) is well-formed.
std::string check_prefix(std::string_view prefix, const LineFormat& f) {
  if (f.kind == LineFormat::Kind::Glog) {
    if (prefix.size() < 20 || prefix[0] != 'I' || !is_digits(prefix, 1, 4) || !prefix.ends_with("] ")) {
      return "not glog's 'IYYYYMMDD hh:mm:ss.uuuuuu tid file:line] ' prefix";
    }
    return {};
  }
  // "YYYY-MM-DD HH:MM:SS"
  static constexpr std::string_view kDate = "dddd-dd-dd dd:dd:dd";
  if (prefix.size() < kDate.size()) return "no timestamp";
  for (std::size_t i = 0; i < kDate.size(); ++i) {
    const bool ok = kDate[i] == 'd' ? (prefix[i] >= '0' && prefix[i] <= '9') : prefix[i] == kDate[i];
    if (!ok) return "malformed timestamp";
  }
  std::size_t pos = kDate.size();
  if (pos >= prefix.size() || prefix[pos] != f.frac_sep) return "malformed fraction of a second";
  ++pos;
  if (!is_digits(prefix, pos, static_cast<std::size_t>(f.frac_digits))) return "malformed fraction of a second";
  pos += static_cast<std::size_t>(f.frac_digits);
  if (pos >= prefix.size() || prefix[pos] != ' ') return "no space after the timestamp";
  ++pos;
  if (!equals_nocase(prefix.substr(pos, f.level.size()), f.level)) return "wrong level name";
  pos += f.level.size();
  std::string rest = cat(" ", f.name);
  if (!f.extra.empty()) rest += cat(" [", f.extra, "]");
  rest += ": ";
  if (prefix.substr(pos) != rest) return "wrong logger name or layout after the level";
  return {};
}

// Verifies lines as they come, chunk by chunk.
class LineChecker {
 public:
  LineChecker(const LineFormat& format, const Expect& expect, std::int64_t first, int skip_header)
      : format_(format), expect_(expect), next_(first), skip_header_(skip_header) {
    if (expect_.threads > 1) seen_.assign(static_cast<std::size_t>(std::max<std::int64_t>(expect_.lines, 0)), 0);
  }

  std::string feed(std::string_view text) {
    std::size_t pos = 0;
    while (pos < text.size()) {
      const std::size_t eol = text.find('\n', pos);
      if (eol == std::string_view::npos) {
        ++line_no_;
        return error(text.substr(pos), "last line not terminated");
      }
      const std::string_view line = text.substr(pos, eol - pos);
      pos = eol + 1;
      ++line_no_;
      if (std::string why = check(line); !why.empty()) return error(line, why);
    }
    return {};
  }

  std::int64_t count() const noexcept { return count_; }

 private:
  std::string check(std::string_view line) {
    const std::size_t head = line.find(kMessageHead);
    if (head == std::string_view::npos) {
      if (count_ == 0 && line_no_ <= skip_header_) return {};
      return "no message in the line";
    }
    if (std::string why = check_prefix(line.substr(0, head), format_); !why.empty()) return why;
    const char* p = line.data() + head + kMessageHead.size();
    const char* end = line.data() + line.size();
    std::int64_t a = 0, b = 0;
    auto r = std::from_chars(p, end, a);
    if (r.ec != std::errc()) return "no first number";
    static constexpr std::string_view kMid = ", int: ";
    if (std::string_view(r.ptr, static_cast<std::size_t>(end - r.ptr)).substr(0, kMid.size()) != kMid) {
      return "malformed message";
    }
    r = std::from_chars(r.ptr + kMid.size(), end, b);
    if (r.ec != std::errc()) return "no second number";
    if (std::string_view(r.ptr, static_cast<std::size_t>(end - r.ptr)) != kMessageTail) return "malformed message end";
    if (b != a + 1) return "second number is not the first plus one";
    if (expect_.threads <= 1) {
      if (a != next_) return cat("expected message ", std::to_string(next_), " (lost, duplicated or reordered)");
      ++next_;
    } else {
      if (a < 0 || a >= static_cast<std::int64_t>(seen_.size())) return "message number out of range";
      if (seen_[static_cast<std::size_t>(a)]++ != 0) return "duplicated message";
    }
    ++count_;
    return {};
  }

  std::string error(std::string_view line, const std::string& why) const {
    std::string shown(line.substr(0, 200));
    return cat("line ", std::to_string(line_no_), ": ", why, ": \"", shown, "\"");
  }

  const LineFormat& format_;
  Expect expect_;
  std::int64_t next_;
  int skip_header_;
  std::int64_t line_no_ = 0;
  std::int64_t count_ = 0;
  std::vector<std::uint8_t> seen_;
};

void fail(benchmark::State& state, const std::string& what) {
  std::fprintf(stderr, "bench_logging: FAILED %s: %s\n", current_benchmark().c_str(), what.c_str());
  state.SkipWithError(what.c_str());
}

}  // namespace

std::string verify_lines(std::string_view text, const LineFormat& format, const Expect& expect,
                         std::int64_t first, int skip_header) {
  LineChecker checker(format, expect, first, skip_header);
  if (std::string why = checker.feed(text); !why.empty()) return why;
  if (checker.count() != expect.lines) {
    return cat(std::to_string(checker.count()), " messages, expected ", std::to_string(expect.lines));
  }
  return {};
}

std::string check_file(const std::string& path, const LineFormat& format, const Expect& expect,
                       int skip_header) {
  std::string text;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (expect.lines == 0) return {};  // nothing logged, nothing created (a lazy file)
    return path + ": cannot open the output file";
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0) text.resize(static_cast<std::size_t>(st.st_size));
  std::size_t got = 0;
  while (got < text.size()) {
    const ssize_t n = ::read(fd, text.data() + got, text.size() - got);
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  text.resize(got);
  std::string why = verify_lines(text, format, expect, 0, skip_header);
  ::unlink(path.c_str());
  return why.empty() ? why : cat(path, ": ", why);
}

bool verify_file(benchmark::State& state, const std::string& path, const LineFormat& format,
                 const Expect& expect, int skip_header) {
  const std::string why = check_file(path, format, expect, skip_header);
  if (!why.empty()) fail(state, why);
  return why.empty();
}

// ---- MemoryLines ------------------------------------------------------------------------------
namespace {
// One checker per MemoryLines, kept across drains.
struct CheckerHolder {
  explicit CheckerHolder(const LineFormat& f) : checker(f, Expect{-1, 1}, 0, 0) {}
  LineChecker checker;
};
}  // namespace

MemoryLines::MemoryLines(LineFormat format, AllocMeter* meter) : format_(std::move(format)), meter_(meter) {
  text_.reserve(kVerifyEvery + 64 * 1024);
}

void MemoryLines::drain(benchmark::State& state, bool pause) {
  if (pause) {
    state.PauseTiming();
    if (meter_) meter_->pause();
  }
  std::string why;
  if (!failed_) {
    // Each drain checks the continuation of the sequence, numbered from seen_.
    LineChecker checker(format_, Expect{-1, 1}, seen_, 0);
    why = checker.feed(text_);
    seen_ += checker.count();
  }
  text_.clear();
  if (pause) {
    if (meter_) meter_->resume();
    state.ResumeTiming();
  }
  // After ResumeTiming: Google Benchmark allows no timing calls once a benchmark failed.
  if (!why.empty()) {
    failed_ = true;
    fail(state, cat("in-memory output: ", why));
  }
}

bool MemoryLines::finish(benchmark::State& state, std::int64_t expected_total) {
  drain(state, false);
  if (failed_) return false;
  if (seen_ != expected_total) {
    failed_ = true;
    fail(state, cat("in-memory output: ", std::to_string(seen_), " messages, expected ",
                    std::to_string(expected_total)));
    return false;
  }
  return true;
}

}  // namespace pyos::bench::logging
