// File: logging/direct.hpp
//
// The direct route of a record: a plain logging call whose one handler is a StreamHandler
// or FileHandler with a plain Formatter is formatted from the call's own facts, without a
// LogRecord.
//
// Why. With Python's flush after every record (FileHandler's default), the time of a record
// beyond its write(2) grows with the code it runs: each record's code and the kernel's write
// path evict each other from the instruction cache (docs/logging.md, "Why S4 stays above its
// floor"). The general route makes and destroys a LogRecord and passes it through
// Logger.handle, callHandlers, Handler.handle, emit, Handler.format and Formatter.format;
// the direct route runs the same formatting code from one function and skips the rest.
//
// When. Only where no code of the user's can observe the record, so that the line, the
// handler's lock, its re-entry guard and its error report are what the general route gives:
//   - the call has no exc_info, stack_info, stacklevel or extra, its message is text and its
//     arguments are numbers, text, bytes or None (no object or dict whose str() is user code);
//   - no record factory is set, the logger is a Logger or the RootLogger (makeRecord and
//     handle not overridden) and has no filter;
//   - the record reaches exactly one handler, of type exactly StreamHandler or FileHandler
//     (emit, format and handle not overridden), which has no filter and an open stream;
//   - its formatter is exactly a Formatter (or none: the default one), whose format names
//     only the record's attributes (no extra, no defaults, no whole-record `%s`).
// Anything else, found before a byte is written, takes the general route, from the start:
// a message whose `%` formatting fails included, so that handleError reports it as usual.
#pragma once

#include <cstdint>
#include <source_location>
#include <span>
#include <string>
#include <string_view>

#include "logging/runtime.hpp"
#include "pyos/logging/formatter.hpp"
#include "pyos/logging/value.hpp"

namespace pyos::logging::detail {

struct DirectCall {
  std::string_view name;  // the logger's
  int level;
  const std::source_location* where;
  const Value* msg;  // Str
  std::span<const Value> args;
  std::int64_t created_ns;  // the record's time (record_time_ns())

  int lineno() const noexcept { return static_cast<int>(where->line()); }
  // pathname, filename, module and funcName, looked up when a format (or an error report)
  // first asks: most formats name none of them.
  const CallSite& site() const {
    if (site_ == nullptr) site_ = &call_site(*where);
    return *site_;
  }
  mutable const CallSite* site_ = nullptr;
};

// Formatter's part of the direct route: appends the line format() would make of the call's
// record and returns true, or returns false having appended nothing (the format needs the
// record, or formatting failed). `message` and `asctime` are the caller's scratch buffers.
struct DirectFormat {
  static bool format(Formatter& f, const DirectCall& call, std::string& out, std::string& message,
                     std::string& asctime) noexcept {
    return f.format_direct(call, out, message, asctime);
  }
  // format_direct's one-pass line alone (for the tests that hold it to the general route):
  // false, nothing appended, where format_direct would make the line the general way.
  static bool line(Formatter& f, const DirectCall& call, std::string& out) {
    return f.format_line(call, out, f.datefmt ? std::optional<std::string_view>(*f.datefmt) : std::nullopt);
  }
};

// What a handler made of a direct call: done (emitted, or dropped as a re-entry), or
// declined before anything was written (take the general route).
enum class DirectResult : unsigned char { done, declined };

// The records this thread sent by the direct route (for the tests that hold the route to
// the general one: they must know it was taken).
extern constinit thread_local std::uint64_t t_direct_records;

// The arguments a direct call takes: their str() and %-conversions run no user code.
inline bool direct_arguments(std::span<const Value> args) noexcept {
  for (const Value& v : args) {
    const Value::Kind k = v.kind();
    if (k == Value::Kind::Map || k == Value::Kind::Object) return false;
  }
  return true;
}

}  // namespace pyos::logging::detail
