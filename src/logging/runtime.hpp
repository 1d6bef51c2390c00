// File: logging/runtime.hpp
//
// What every record needs from the process, computed once and cached: the call site's file
// and function names, the thread's identity and name, the process id, the module's start
// time; and the per-thread pool of text buffers that keeps steady-state logging free of
// heap allocations.
#pragma once

#include <cstdint>
#include <exception>
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
const ThreadInfo& current_thread();
int cached_pid() noexcept;  // getpid(), refreshed in a forked child
std::int64_t start_time_ns() noexcept;  // logging's _startTime

// A string with capacity from this thread's pool (records take their message and asctime
// buffers here and give them back when they die).
std::string take_buffer() noexcept;
void give_buffer(std::string&& s) noexcept;

// repr(exc_info) for %(exc_info)s: "(<class 'TypeName'>, TypeName('message'), None)".
void append_exc_info_repr(std::string& out, const std::exception_ptr& e);

}  // namespace pyos::logging::detail
