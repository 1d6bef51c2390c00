// File: logging/handler.cpp
//
// Handler: the lock with re-entry detection, the registry of live handlers (names,
// shutdown order, fork), handleError's report.
#include "pyos/logging/handler.hpp"

#include <pthread.h>

#include <algorithm>
#include <map>
#include <new>
#include <optional>
#include <utility>

#include "_sys/process.hpp"
#include "logging/fields.hpp"
#include "logging/module.hpp"
#include "logging/replacement.hpp"
#include "logging/traceback.hpp"
#include "pyos/logging.hpp"

namespace pyos::logging {
namespace detail {

// Every live Handler in creation order, and the named ones (Python's _handlerList and
// _handlers). A leaf lock: nothing is called while it is held but list operations.
struct HandlerRegistry {
  std::mutex mutex;
  Handler* first = nullptr;
  Handler* last = nullptr;
  std::map<std::string, Handler*, std::less<>> by_name;

  static HandlerRegistry& get() {
    static HandlerRegistry* r = [] {
      auto* reg = new HandlerRegistry;  // never destroyed: handlers may outlive static destruction
      _sys::register_fork_mutex(reg->mutex);
      ::pthread_atfork(nullptr, nullptr, &HandlerRegistry::after_fork_in_child);
      register_atexit();  // Python's `import logging` does it; here the first handler does
      return reg;
    }();
    return *r;
  }

  void add(Handler* h) {
    std::lock_guard lock(mutex);
    h->registry_prev_ = last;
    if (last) last->registry_next_ = h;
    else first = h;
    last = h;
  }

  void remove(Handler* h) {
    std::lock_guard lock(mutex);
    (h->registry_prev_ ? h->registry_prev_->registry_next_ : first) = h->registry_next_;
    (h->registry_next_ ? h->registry_next_->registry_prev_ : last) = h->registry_prev_;
    for (auto it = by_name.begin(); it != by_name.end();) {
      it = it->second == h ? by_name.erase(it) : std::next(it);
    }
  }

  // Newest first, as shutdown() wants them; only handlers owned by a shared_ptr.
  std::vector<std::shared_ptr<Handler>> live_newest_first() {
    std::vector<std::shared_ptr<Handler>> out;
    std::lock_guard lock(mutex);
    for (Handler* h = last; h; h = h->registry_prev_) {
      if (auto strong = h->weak_from_this().lock()) out.push_back(std::move(strong));
    }
    return out;
  }

  // The child of fork() has only the forking thread: every handler lock is made anew, as
  // CPython's _at_fork_reinit does (bpo-36533), whoever held it in the parent.
  static void after_fork_in_child() {
    HandlerRegistry& r = get();
    for (Handler* h = r.first; h; h = h->registry_next_) {
      new (&h->formatter_mutex_) std::mutex();
      h->lock_.reset_after_fork();
      h->depth_ = 0;
      h->in_emit_ = false;
      h->reinit_filter_lock_after_fork();
    }
  }
};

std::vector<std::shared_ptr<Handler>> live_handlers_newest_first() {
  return HandlerRegistry::get().live_newest_first();
}

namespace {
// The handler this thread is between lock() and owning (a signal arriving there must not
// wait for a lock its own thread is taking).
thread_local const Handler* t_acquiring = nullptr;

const std::shared_ptr<Formatter>& default_formatter() {
  static const auto* f = new std::shared_ptr<Formatter>(std::make_shared<Formatter>());
  return *f;
}
}  // namespace
}  // namespace detail

Handler::Handler(int level) : level_(level) { detail::HandlerRegistry::get().add(this); }

Handler::~Handler() {
  detail::HandlerRegistry::get().remove(this);
}

std::optional<std::string> Handler::get_name() const {
  std::lock_guard lock(detail::HandlerRegistry::get().mutex);
  return name_;
}

void Handler::set_name(std::optional<std::string> name) {
  auto& r = detail::HandlerRegistry::get();
  std::lock_guard lock(r.mutex);
  // Python deletes _handlers[old name] whichever handler holds it now (a handler that took
  // the name over loses its entry too); only a destroyed handler's entries go by identity.
  if (name_) r.by_name.erase(*name_);
  name_ = std::move(name);
  if (name_ && !name_->empty()) r.by_name[*name_] = this;
}

void Handler::createLock() {}  // the lock exists from construction (and is re-made after fork)

// Python's RLock on pyos/_sys/owner_lock.hpp: the owner's re-entry counts a level.
void Handler::acquire() {
  const std::thread::id self = std::this_thread::get_id();
  if (lock_.owner() == self) {
    ++depth_;
    return;
  }
  if (!lock_.try_lock(self)) {
    detail::t_acquiring = this;  // a signal handler logging here must not wait for us
    lock_.lock_contended(self);
    detail::t_acquiring = nullptr;
  }
  depth_ = 1;
}

void Handler::release() {
  if (!owned_by_this_thread()) throw RuntimeError("cannot release un-acquired lock");
  release_held();
}

void Handler::release_held() noexcept {
  if (!owned_by_this_thread()) return;
  if (--depth_ == 0) lock_.unlock();
}

void Handler::setLevel(int level) { level_.store(level, std::memory_order_relaxed); }
void Handler::setLevel(std::string_view level) { setLevel(detail::check_level(level)); }

std::shared_ptr<Formatter> Handler::formatter() const {
  std::lock_guard lock(formatter_mutex_);
  return formatter_;
}

// The formatter changes under the handler lock as well, so that format() called under it
// (from emit) reads it without the mutex and the reference count: one record costs neither.
void Handler::setFormatter(std::shared_ptr<Formatter> fmt) {
  std::shared_ptr<Formatter> old;
  acquire();
  {
    std::lock_guard lock(formatter_mutex_);
    old = std::exchange(formatter_, std::move(fmt));
  }
  release_held();
}  // the old formatter goes after the locks: its destructor runs no code of ours under them

Formatter& Handler::formatter_locked() const noexcept {
  Formatter* f = formatter_.get();
  return f ? *f : *detail::default_formatter();
}

void Handler::format(LogRecord& record, std::string& out) {
  if (owned_by_this_thread()) {
    formatter_locked().format(record, out);
    return;
  }
  std::shared_ptr<Formatter> f = formatter();
  (f ? *f : *detail::default_formatter()).format(record, out);
}

std::string Handler::format(LogRecord& record) {
  std::string out;
  format(record, out);
  return out;
}

// A record re-entering this handler from its own emit() or from a signal handler that
// interrupted it on this thread: dropped and counted, never a deadlock.
bool Handler::drop_reentry() noexcept {
  if (detail::t_acquiring == this || (owned_by_this_thread() && in_emit_)) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
    return true;
  }
  return false;
}

bool Handler::handle(LogRecord& record) noexcept {
  if (drop_reentry()) return true;
  // A filter may replace the record (Python 3.12) for this handler only.
  std::optional<detail::FilterReplacement> replacements;
  if (may_replace()) replacements.emplace(this);  // false whenever there is no filter
  try {
    if (!filter(record)) return false;
  } catch (...) {
    handleError(record);
    return false;
  }
  LogRecord& emitted = replacements ? replacements->record(record) : record;
  acquire();
  in_emit_ = true;
  try {
    emit(emitted);
  } catch (...) {
    handleError(emitted);
  }
  in_emit_ = false;
  release_held();
  return true;
}

void Handler::flush() {}

void Handler::close() {
  auto& r = detail::HandlerRegistry::get();
  {
    std::lock_guard lock(r.mutex);
    closed_.store(true, std::memory_order_release);
    if (name_ && !name_->empty()) r.by_name.erase(*name_);  // as set_name: by name, as Python
  }
  if (std::uint64_t n = droppedRecords()) {
    detail::write_stderr("pyos.logging: " + repr() + " dropped " + std::to_string(n) +
                         " record(s) logged from inside its own emit()\n");
  }
}

void Handler::handleError(const LogRecord& record) noexcept {
  if (!raiseExceptions.load(std::memory_order_relaxed)) return;
  try {
    std::string report = "--- Logging error ---\n";
    detail::format_exception(report, std::current_exception());
    report += "\nCall stack:\n";
    std::string stack = detail::format_stack();
    if (!stack.empty()) {
      report += stack;
    } else {
      report += "Logged from file " + std::string(record.filename) + ", line " + std::to_string(record.lineno) + "\n";
    }
    try {
      std::string message = "Message: ";
      append_repr(message, record.msg);
      message += "\nArguments: ";
      if (record.args_object) {
        append_str(message, record.args.empty() ? Value() : record.args[0]);  // '%s' % (args,)
      } else {
        detail::append_args_repr(message, record.args);
      }
      message += '\n';
      report += message;
    } catch (...) {
      report +=
          "Unable to print the message and arguments - possible formatting error.\n"
          "Use the traceback above to help find the error.\n";
    }
    detail::write_stderr(report);
  } catch (...) {
    // Nothing is left to report with (Python ignores OSError here too).
  }
}

std::string Handler::repr() const {
  return detail::angle_repr(class_name(), std::nullopt, level());
}

std::shared_ptr<Handler> getHandlerByName(std::string_view name) {
  auto& r = detail::HandlerRegistry::get();
  std::lock_guard lock(r.mutex);
  auto it = r.by_name.find(name);
  if (it == r.by_name.end()) return nullptr;
  return it->second->weak_from_this().lock();
}

std::vector<std::string> getHandlerNames() {
  auto& r = detail::HandlerRegistry::get();
  std::lock_guard lock(r.mutex);
  std::vector<std::string> names;
  for (const auto& [name, h] : r.by_name) names.push_back(name);
  return names;
}

}  // namespace pyos::logging
