// File: logging/crash.hpp
//
// Internal: what StreamHandler tells the crash flush (logging/crash.cpp) — that it buffers,
// that it goes away, which stream object it writes to.
#pragma once

#include "pyos/logging/handler.hpp"

namespace pyos::logging::detail {

struct CrashFlush {
  // setBuffered(true): the handler joins the ones a crash flushes (once; it stays until
  // untrack, and is skipped while not buffered).
  static void track(StreamHandler& h) noexcept;
  // The handler's destructor.
  static void untrack(StreamHandler& h) noexcept;
  // Wherever the handler's stream changes, before the old one can be released.
  static void mirror(StreamHandler& h, io::IOBase* stream) noexcept {
    h.crash_stream_.store(stream, std::memory_order_release);
  }
  // The signal handler's work: emergency_flush() of every buffered handler's stream.
  static void flush_all() noexcept;
};

}  // namespace pyos::logging::detail
