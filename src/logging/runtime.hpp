// File: logging/runtime.hpp
//
// What every record needs from the process, computed once and cached: the call site's file
// and function names, the thread's identity and name, the process id, the module's start
// time; and the per-thread pool of text buffers that keeps steady-state logging free of
// heap allocations.
#pragma once

#include <cstdint>
#include <exception>
#include <memory>
#include <new>
#include <source_location>
#include <string>
#include <string_view>

namespace pyos::logging::detail {

// pathname as the compiler saw it, os.path.basename of it, splitext of that, and the
// function name as Python's co_name would be ("main", "connect", "<lambda>").
struct CallSite {
  std::string_view pathname;
  std::string_view filename;
  std::string_view module;
  std::string_view funcName;
};
// Cached per source location (the strings are views of the program's static data and of
// entries that live as long as the process).
const CallSite& call_site(const std::source_location& where);

struct PathParts {
  std::string_view filename;
  std::string_view module;
};
// LogRecord's filename/module from a pathname: views into it.
PathParts split_pathname(std::string_view pathname) noexcept;

// The function's name as Python's co_name: the unqualified name out of GCC's pretty
// signature ("void app::Db::connect(int)" -> "connect").
std::string_view short_function_name(std::string_view signature) noexcept;

struct ThreadInfo {
  unsigned long ident;    // threading.get_ident(): pthread_self()
  std::string_view name;  // "MainThread", the pthread name given to it, or "Thread-N"
};
// In line: one thread_local pointer, set when the thread's facts are first computed.
extern constinit thread_local const ThreadInfo* t_thread_info;
const ThreadInfo& compute_current_thread();
inline const ThreadInfo& current_thread() {
  if (const ThreadInfo* t = t_thread_info) [[likely]] return *t;
  return compute_current_thread();
}
int cached_pid() noexcept;  // getpid(), refreshed in a forked child
std::int64_t start_time_ns() noexcept;  // logging's _startTime

// A record's created, msecs and relativeCreated from its time.time_ns(), as CPython's
// LogRecord computes them.
struct RecordTimes {
  double created;
  double msecs;
  double relativeCreated;
};
inline double record_created(std::int64_t ns) noexcept { return static_cast<double>(ns) / 1e9; }
inline double record_msecs(std::int64_t ns) noexcept {
  std::int64_t second = ns / 1'000'000'000;
  std::int64_t sub = ns % 1'000'000'000;
  if (sub < 0) {  // Python's // and % floor
    sub += 1'000'000'000;
    --second;
  }
  // created, ns / 1e9 in a double, rounds up to the next second in the last ~100 ns of one;
  // CPython then makes msecs 0, so that asctime (made from created) does not jump ahead.
  if (sub >= 999'000'000 && static_cast<std::int64_t>(record_created(ns)) != second) [[unlikely]] return 0.0;
  return static_cast<double>(sub / 1'000'000);
}
inline RecordTimes record_times(std::int64_t ns) noexcept {
  return {record_created(ns), record_msecs(ns), static_cast<double>(ns - start_time_ns()) / 1e6};
}

// A string with capacity from this thread's pool (records take their message and asctime
// buffers here and give them back when they die). In line: two of each per record.
//
// The pool is reached through a trivially destructible thread_local pointer (no guard, no
// wrapper call): null until the thread first gives a buffer back, then its pool, and once
// the thread's thread_local objects are being destroyed, a shared pool that takes nothing
// (a record made by a later destructor still works, without a pool).
struct BufferPool {
  static constexpr std::size_t kSlots = 8;
  static constexpr std::size_t kMaxCapacity = 64 * 1024;  // larger buffers are freed
  std::size_t count = 0;                                   // slots [0, count) hold strings
  std::size_t limit = kSlots;                              // 0: the pool that takes nothing
  alignas(std::string) unsigned char slots[kSlots][sizeof(std::string)];
  std::string* slot(std::size_t i) noexcept { return std::launder(reinterpret_cast<std::string*>(slots[i])); }
};
extern constinit thread_local BufferPool* t_buffer_pool;
BufferPool* make_buffer_pool() noexcept;  // this thread's pool, made on first use

inline std::string take_buffer() noexcept {
  BufferPool* p = t_buffer_pool;
  if (p == nullptr || p->count == 0) return {};
  std::string* s = p->slot(--p->count);
  std::string out(std::move(*s));
  std::destroy_at(s);
  return out;
}

inline void give_buffer(std::string&& s) noexcept {
  // Only buffers worth keeping: heap ones (beyond the small-string capacity), not huge.
  if (s.capacity() <= 15 || s.capacity() > BufferPool::kMaxCapacity) return;
  BufferPool* p = t_buffer_pool;
  if (p == nullptr) [[unlikely]] p = make_buffer_pool();
  if (p->count == p->limit) return;
  std::construct_at(p->slot(p->count), std::move(s));
  ++p->count;
}

// repr(exc_info) for %(exc_info)s: "(<class 'TypeName'>, TypeName('message'), None)".
void append_exc_info_repr(std::string& out, const std::exception_ptr& e);

}  // namespace pyos::logging::detail
