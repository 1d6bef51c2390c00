// File: logging/module.hpp
//
// State shared by the parts of logging: the module lock (Python's logging._lock), the
// dispatch epoch, the stderr writer used for logging's own reports.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pyos::logging {
class Handler;
}

namespace pyos::logging::detail {

// logging._lock: guards the hierarchy, every logger's handler list and level. Taken around
// fork() (so a child sees it consistent and unlocked). Never held while a Handler's last
// reference is released or while handler code runs.
std::mutex& module_lock();

// Holds module_lock() and marks this thread as its holder: a logging call made on the
// thread meanwhile (from a signal handler) is dropped instead of waiting for a lock its own
// thread holds.
class ModuleLock {
 public:
  ModuleLock();
  ~ModuleLock();
  ModuleLock(const ModuleLock&) = delete;
  ModuleLock& operator=(const ModuleLock&) = delete;
  static bool held_by_this_thread() noexcept;
};

// Records dropped because they were logged while their thread held module_lock().
std::uint64_t records_dropped_under_module_lock() noexcept;

// Bumped whenever what callHandlers() walks changes (handlers, propagate, parents); each
// thread's cached handler chains are re-read after a bump.
void bump_epoch() noexcept;
std::uint64_t epoch() noexcept;

// Recomputes every logger's isEnabledFor threshold (Python's Manager._clear_cache()).
// Requires module_lock().
void recompute_thresholds_locked();

// "<Class middle (LEVEL)>", the shape of every logging repr, or "<Class (LEVEL)>" without a
// middle; an empty middle keeps both spaces, as Python's '<%s %s (%s)>' (appends, which also
// keeps GCC 12's -O3 -Wrestrict false alarm on chained string + away).
std::string angle_repr(std::string_view cls, std::optional<std::string_view> middle, int level);

// Writes logging's own report to the stderr stream (never throws).
void write_stderr(std::string_view text) noexcept;

// shutdown()'s list: the live handlers owned by a shared_ptr, newest first.
std::vector<std::shared_ptr<Handler>> live_handlers_newest_first();

// len(root.handlers) != 0, without the lock.
bool root_has_handlers() noexcept;

// Registers shutdown() to run at exit (once).
void register_atexit();

}  // namespace pyos::logging::detail
