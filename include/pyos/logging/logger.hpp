// File: pyos/logging/logger.hpp
//
// logging.Logger, the logger hierarchy (Manager, RootLogger) and logging.LoggerAdapter.
//
// Loggers live as long as the process, as in Python: getLogger() returns a reference that
// never dangles. The logging calls take Python's arguments — a message, its `%` arguments
// (any C++ value that converts to logging::Value), and the keyword arguments exc_info,
// stack_info, stacklevel and extra among them — and the source location of the call is
// captured without a macro:
//
//     auto& log = pyos::logging::getLogger("app.db");
//     log.info("connected to %s in %.1f ms", host, ms);
//     log.exception("query failed");                         // inside a catch block
//
// A call below the logger's level costs one relaxed load and a branch; the arguments are
// neither copied nor formatted. An enabled record is built on the stack and formatted only
// by the handlers that emit it.
#pragma once

#include <atomic>
#include <concepts>
#include <cstddef>
#include <functional>
#include <memory>
#include <new>
#include <optional>
#include <source_location>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "pyos/logging/filter.hpp"
#include "pyos/logging/handler.hpp"
#include "pyos/logging/record.hpp"

namespace pyos::logging {

class Manager;
class Logger;

// The message of a logging call with the call's source location (captured implicitly).
struct Msg {
  template <class T>
    requires std::constructible_from<Value, const T&>
  Msg(const T& message, std::source_location where = std::source_location::current())  // NOLINT
      : value(message), location(where) {}
  Value value;
  std::source_location location;
};

namespace detail {
struct LoggerAccess;

template <class T>
inline constexpr bool is_kwarg_v =
    std::is_same_v<T, logging::exc_info> || std::is_same_v<T, logging::stack_info> ||
    std::is_same_v<T, logging::stacklevel> || std::is_same_v<T, logging::extra>;

inline void take(Value*, std::size_t&, Kwargs& kw, const logging::exc_info& v) { kw.exc_info = v.value; }
inline void take(Value*, std::size_t&, Kwargs& kw, const logging::stack_info& v) { kw.stack_info = v.value; }
inline void take(Value*, std::size_t&, Kwargs& kw, const logging::stacklevel& v) { kw.stacklevel = v.value; }
inline void take(Value*, std::size_t&, Kwargs& kw, const logging::extra& v) { kw.extra = v.value; }
template <class T>
  requires(!is_kwarg_v<T>)
inline void take(Value* values, std::size_t& n, Kwargs&, const T& v) {
  values[n++] = Value(v);
}

// The keyword arguments of a call that gives none: one object, made once in static storage
// (no allocation) and never destroyed, since a record may be logged during static destruction.
inline const Kwargs& no_kwargs() noexcept {
  static_assert(std::is_nothrow_default_constructible_v<Kwargs>);
  alignas(Kwargs) static unsigned char storage[sizeof(Kwargs)];
  static const Kwargs* const none = ::new (static_cast<void*>(storage)) Kwargs;
  return *none;
}

// Splits a call's arguments into the `%` arguments and the keyword arguments, then calls
// sink(args, kwargs). Everything stays on the stack.
template <class Sink, class... A>
inline void with_arguments(Sink&& sink, const A&... a) {
  constexpr std::size_t n = (std::size_t{0} + ... + (is_kwarg_v<A> ? 0 : 1));
  if constexpr (n == sizeof...(A)) {
    // The common call: its values are made in place, and no Kwargs is built or destroyed.
    const Value values[n == 0 ? 1 : n] = {Value(a)...};
    sink(std::span<const Value>(values, n), no_kwargs());
  } else {
    Value values[n == 0 ? 1 : n];
    [[maybe_unused]] std::size_t i = 0;
    Kwargs kw;
    (take(values, i, kw, a), ...);
    sink(std::span<const Value>(values, n), kw);
  }
}

// The logging calls Logger and LoggerAdapter share (Python's debug/info/.../log methods):
// each checks Derived::isEnabledFor before anything is converted, then hands the arguments
// to Derived::_log(level, msg, args, kwargs).
template <class Derived>
class LoggingCalls {
 public:
  template <class... A>
  void debug(Msg msg, const A&... args) { if (self().isEnabledFor(DEBUG)) [[unlikely]] call(DEBUG, msg, args...); }
  template <class... A>
  void info(Msg msg, const A&... args) { if (self().isEnabledFor(INFO)) [[unlikely]] call(INFO, msg, args...); }
  template <class... A>
  void warning(Msg msg, const A&... args) { if (self().isEnabledFor(WARNING)) call(WARNING, msg, args...); }
  template <class... A>
  void warn(Msg msg, const A&... args) { if (self().isEnabledFor(WARNING)) call(WARNING, msg, args...); }
  template <class... A>
  void error(Msg msg, const A&... args) { if (self().isEnabledFor(ERROR)) call(ERROR, msg, args...); }
  template <class... A>
  void critical(Msg msg, const A&... args) { if (self().isEnabledFor(CRITICAL)) call(CRITICAL, msg, args...); }
  template <class... A>
    requires std::same_as<Derived, Logger>  // Python's LoggerAdapter has no fatal()
  void fatal(Msg msg, const A&... args) { if (self().isEnabledFor(CRITICAL)) call(CRITICAL, msg, args...); }
  // exception(): ERROR with exc_info=True (the exception being handled) unless given.
  template <class... A>
  void exception(Msg msg, const A&... args) {
    if (self().isEnabledFor(ERROR)) call(ERROR, msg, logging::exc_info(true), args...);
  }
  template <class... A>
  void log(int level, Msg msg, const A&... args) { if (self().isEnabledFor(level)) call(level, msg, args...); }

 private:
  Derived& self() noexcept { return static_cast<Derived&>(*this); }
  template <class... A>
  void call(int level, const Msg& msg, const A&... args) {
    with_arguments([&](std::span<const Value> values, const Kwargs& kw) { self()._log(level, msg, values, kw); },
                   args...);
  }
};
}  // namespace detail

// Logger.propagate / Logger.disabled: plain assignable flags, as Python attributes, that
// tell the hierarchy when they change.
class LoggerFlag {
 public:
  LoggerFlag& operator=(bool value);
  operator bool() const noexcept { return value_.load(std::memory_order_relaxed); }  // NOLINT

 private:
  friend class Logger;
  LoggerFlag(Logger* owner, bool value) : owner_(owner), value_(value) {}
  Logger* owner_;
  std::atomic<bool> value_;
};

// The source location Logger.findCaller() reports.
struct Caller {
  std::string filename;  // co_filename: the path the compiler saw
  int lineno = 0;
  std::string funcName;
  std::optional<std::string> stack_info;
};

class Logger : public Filterer, public detail::LoggingCalls<Logger> {
 public:
  // Logger(name, level=NOTSET). Use getLogger(); a Logger created directly is outside the
  // hierarchy (its parent is none), as in Python.
  explicit Logger(std::string name, int level = NOTSET);
  ~Logger() override;

  const std::string name;

  // Logger.level / setLevel(level) (int or name; ValueError "Unknown level: 'X'"). Any
  // level change invalidates every logger's cached effective level, as Python's cache.
  int level() const noexcept { return level_.load(std::memory_order_relaxed); }
  void setLevel(int level);
  void setLevel(std::string_view level);
  int getEffectiveLevel() const noexcept;
  // Logger.isEnabledFor(level): disabled, manager.disable, effective level — one load.
  bool isEnabledFor(int level) const noexcept {
    return static_cast<long long>(level) >= threshold_.load(std::memory_order_relaxed);
  }

  Logger* parent() const noexcept { return parent_.load(std::memory_order_acquire); }
  // Logger.root (a class attribute in Python): the root logger.
  static Logger& root();
  // Logger.manager: the manager that made it, else the module's (a class attribute in
  // Python, so a Logger made directly has it too; asking for it first makes the hierarchy).
  Manager* manager() const;
  LoggerFlag propagate{this, true};
  LoggerFlag disabled{this, false};

  // Logger.getChild(suffix) / getChildren().
  Logger& getChild(std::string_view suffix);
  std::vector<Logger*> getChildren() const;

  // Logger.addHandler / removeHandler / hasHandlers / .handlers (a copy).
  void addHandler(std::shared_ptr<Handler> handler);
  void removeHandler(const std::shared_ptr<Handler>& handler);
  bool hasHandlers() const;
  std::vector<std::shared_ptr<Handler>> handlers() const;

  // Logger.debug/info/warning/warn/error/critical/fatal/exception/log(msg, *args, **kwargs)
  // come from detail::LoggingCalls.

  // Logger.findCaller(stack_info=False, stacklevel=1) for a call at `where`. A subclass's
  // override makes its records' pathname, lineno, funcName and stack_info, as in Python.
  virtual Caller findCaller(bool stack_info = false, int stacklevel = 1,
                            std::source_location where = std::source_location::current()) const;

  // Logger.makeRecord(...): the hook subclasses override to make special records. The
  // default calls the record factory and adds `extra` (KeyError on a clash, as Python).
  virtual LogRecord makeRecord(std::string_view name, int level, std::string_view fn, int lno, const Value& msg,
                               std::span<const Value> args, std::exception_ptr exc_info,
                               std::optional<std::string_view> func = std::nullopt,
                               std::optional<Mapping> extra = std::nullopt,
                               std::optional<std::string> sinfo = std::nullopt);
  // Logger.handle(record): disabled, the logger's filters, then callHandlers. Never throws.
  virtual void handle(LogRecord& record);
  // Logger.callHandlers(record): this logger's handlers and its ancestors' up to the first
  // propagate=false, each if record.levelno >= handler.level(); lastResort when none exists.
  // A handler that changes the handlers or `propagate` changes the rest of the dispatch.
  virtual void callHandlers(LogRecord& record);

  // Logger._log(level, msg, args, **kwargs): the engine behind every logging call. Only the
  // KeyError of a clashing `extra` key reaches the caller (as in Python).
  void _log(int level, const Msg& msg, std::span<const Value> args, const Kwargs& kwargs);

  // repr(logger): "<Logger app.db (INFO)>".
  std::string repr() const;

  struct Chain;  // internal: the handlers a record of this logger reaches

 protected:
  // The class name repr() shows (Python's type(self).__name__); subclasses override it.
  virtual std::string_view class_name() const noexcept { return "Logger"; }

 private:
  friend class Manager;
  friend class LoggerFlag;
  friend class RootLogger;
  std::atomic<int> level_;
  // The smallest enabled level, wider than a level so that disable(INT_MAX) and `disabled`
  // (INT_MAX + 1) leave no level enabled.
  std::atomic<long long> threshold_;
  std::atomic<Logger*> parent_{nullptr};
  Manager* manager_ = nullptr;
  std::vector<std::shared_ptr<Handler>> handlers_;  // guarded by the module lock
  std::atomic<std::size_t> handler_count_{0};       // handlers_.size(), read without the lock
  std::shared_ptr<const Chain> chain_;  // guarded by the module lock
  std::uint64_t chain_epoch_ = ~std::uint64_t{0};
  const Chain& chain_for_this_thread(std::shared_ptr<const Chain>& pin);
  friend struct detail::LoggerAccess;
};

// logging.RootLogger: the logger named "root" at the top of the hierarchy (WARNING).
class RootLogger : public Logger {
 public:
  explicit RootLogger(int level);

 protected:
  std::string_view class_name() const noexcept override { return "RootLogger"; }
};

// logging.setLoggerClass(klass): the class new loggers get, as a factory. Use
// logger_class<MyLogger>() (MyLogger derives from Logger and is constructible from a name).
using LoggerClass = std::function<std::unique_ptr<Logger>(std::string_view name)>;
template <class L>
  requires(std::derived_from<L, Logger> && std::constructible_from<L, std::string>)
LoggerClass logger_class() {
  return [](std::string_view name) -> std::unique_ptr<Logger> { return std::make_unique<L>(std::string(name)); };
}

// logging.setLogRecordFactory(factory): called as factory(name, level, fn, lno, msg, args,
// exc_info, func, sinfo) by makeRecord.
using LogRecordFactory =
    std::function<LogRecord(std::string_view name, int level, std::string_view pathname, int lineno,
                            const Value& msg, std::span<const Value> args, std::exception_ptr exc_info,
                            std::optional<std::string_view> func, std::optional<std::string> sinfo)>;

// logging.Manager: holds the hierarchy. There is one, logging::root().manager().
class Manager {
 public:
  explicit Manager(Logger& root);
  Logger& root;

  // Manager.getLogger(name): the same logger for the same name; placeholders for missing
  // ancestors, parents fixed up when an ancestor appears later (Python's algorithm).
  Logger& getLogger(std::string_view name);
  // Manager.setLoggerClass(klass): the class this manager's new loggers get, ahead of the
  // module's (setLoggerClass()); empty (Python's None) defers to the module's again.
  void setLoggerClass(LoggerClass klass);
  // Manager.loggerClass: the class set there (empty: None).
  LoggerClass loggerClass() const;
  // Manager.setLogRecordFactory(factory): kept as logRecordFactory and, as in CPython, used
  // by nothing (records come from the module's factory, setLogRecordFactory()).
  void setLogRecordFactory(LogRecordFactory factory);
  LogRecordFactory logRecordFactory() const;
  // Manager.disable (set through logging::disable()).
  int disable() const noexcept;
  // Manager.loggerDict: the names of the loggers (placeholders excluded), sorted.
  std::vector<std::string> loggerNames() const;
  bool emittedNoHandlerWarning = false;

 private:
  LoggerClass logger_class_;            // Manager.loggerClass (empty: None)
  LogRecordFactory log_record_factory_;  // Manager.logRecordFactory (empty: None)
};

// logging.LoggerAdapter(logger, extra=None, merge_extra=False).
class LoggerAdapter : public detail::LoggingCalls<LoggerAdapter> {
 public:
  explicit LoggerAdapter(Logger& logger, std::optional<Dict> extra = std::nullopt, bool merge_extra = false);
  // An adapter over another adapter (Python's nesting through _log).
  explicit LoggerAdapter(LoggerAdapter& inner, std::optional<Dict> extra = std::nullopt, bool merge_extra = false);
  virtual ~LoggerAdapter();

  // LoggerAdapter.process(msg, kwargs): returns the message to log and sets kwargs.extra to
  // the adapter's extra (merged with the call's when merge_extra). A message built here
  // must be stored in `storage`, which lives until the record is handled.
  virtual Value process(const Value& msg, Kwargs& kwargs, std::string& storage);

  // debug/info/warning/warn/error/critical/exception/log come from detail::LoggingCalls.

  // Delegated to the underlying logger.
  bool isEnabledFor(int level) const noexcept { return logger->isEnabledFor(level); }
  int getEffectiveLevel() const noexcept { return logger->getEffectiveLevel(); }
  void setLevel(int level) { logger->setLevel(level); }
  void setLevel(std::string_view level) { logger->setLevel(level); }
  bool hasHandlers() const { return logger->hasHandlers(); }
  Manager* manager() const { return logger->manager(); }
  const std::string& name() const noexcept { return logger->name; }

  // repr(adapter): "<LoggerAdapter app.db (INFO)>", with the class_name() of a subclass.
  virtual std::string repr() const;

  // LoggerAdapter._log: process(), then the inner adapter's _log or the logger's.
  void _log(int level, const Msg& msg, std::span<const Value> args, Kwargs kwargs);

  Logger* const logger;  // the logger at the bottom of any nesting
  std::optional<Dict> extra;
  bool merge_extra;

 protected:
  // The class name repr() shows (Python's type(self).__name__); subclasses override it.
  virtual std::string_view class_name() const noexcept { return "LoggerAdapter"; }

 private:
  LoggerAdapter* inner_ = nullptr;
};

}  // namespace pyos::logging
