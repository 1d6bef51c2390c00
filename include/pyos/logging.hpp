// File: pyos/logging.hpp
//
// Python's `logging` module (CPython 3.13) for C++: levels, loggers and their hierarchy,
// records, handlers (Handler, StreamHandler, FileHandler, NullHandler), formatters,
// filters, adapters and the module-level functions.
//
//     namespace logging = pyos::logging;
//     logging::basicConfig({.level = logging::INFO, .format = "%(asctime)s %(levelname)s %(name)s: %(message)s"});
//     auto& log = logging::getLogger("app");
//     log.info("listening on %s:%d", host, port);
//
// docs/logging.md maps the whole API and lists every deviation from CPython.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "pyos/io/iobase.hpp"
#include "pyos/logging/filter.hpp"
#include "pyos/logging/formatter.hpp"
#include "pyos/logging/handler.hpp"
#include "pyos/logging/levels.hpp"
#include "pyos/logging/logger.hpp"
#include "pyos/logging/record.hpp"
#include "pyos/logging/value.hpp"

namespace pyos::logging {

// logging.getLogger(name=None): the root logger for no name, "" or "root".
Logger& getLogger();
Logger& getLogger(std::string_view name);
// logging.root
Logger& root();

// logging.getLoggerClass() / setLoggerClass(klass).
LoggerClass getLoggerClass();
void setLoggerClass(LoggerClass klass);
// logging.getLogRecordFactory() / setLogRecordFactory(factory).
LogRecordFactory getLogRecordFactory();
void setLogRecordFactory(LogRecordFactory factory);

// logging.raiseExceptions: when false, handleError() is silent.
extern std::atomic<bool> raiseExceptions;
// logging.logThreads / logProcesses / logMultiprocessing / logAsyncioTasks: whether records
// carry thread, process and process-name information (taskName is always None here).
extern std::atomic<bool> logThreads;
extern std::atomic<bool> logProcesses;
extern std::atomic<bool> logMultiprocessing;
extern std::atomic<bool> logAsyncioTasks;
// logging.lastResort: the handler used when a record finds no handler at all (a stderr
// handler at WARNING); null restores the one-off "No handlers could be found" message.
extern std::atomic<std::shared_ptr<Handler>> lastResort;

// The root-logger functions: logging.debug(...) etc. Each calls basicConfig() first when the
// root logger has no handler — even when the level then drops the call — as Python does.
namespace detail {
void ensure_root_configured();
}
template <class... A>
void debug(Msg msg, const A&... args) { detail::ensure_root_configured(); root().log(DEBUG, msg, args...); }
template <class... A>
void info(Msg msg, const A&... args) { detail::ensure_root_configured(); root().log(INFO, msg, args...); }
template <class... A>
void warning(Msg msg, const A&... args) { detail::ensure_root_configured(); root().log(WARNING, msg, args...); }
template <class... A>
void warn(Msg msg, const A&... args) { detail::ensure_root_configured(); root().log(WARNING, msg, args...); }
template <class... A>
void error(Msg msg, const A&... args) { detail::ensure_root_configured(); root().log(ERROR, msg, args...); }
template <class... A>
void critical(Msg msg, const A&... args) { detail::ensure_root_configured(); root().log(CRITICAL, msg, args...); }
template <class... A>
void fatal(Msg msg, const A&... args) { detail::ensure_root_configured(); root().log(CRITICAL, msg, args...); }
template <class... A>
void exception(Msg msg, const A&... args) {
  detail::ensure_root_configured();
  root().log(ERROR, msg, logging::exc_info(true), args...);
}
template <class... A>
void log(int level, Msg msg, const A&... args) { detail::ensure_root_configured(); root().log(level, msg, args...); }

// logging.disable(level=CRITICAL): drops every call at or below `level`; disable(NOTSET)
// lifts it.
void disable(int level = CRITICAL);
void disable(std::string_view level);

// logging.shutdown(): flushes and closes every handler, newest first. An OSError or
// ValueError skips the rest of that handler; any other exception ends the loop and is raised
// when raiseExceptions is set. Runs at exit (registered when the first handler or logger is
// made), where an exception is reported on stderr as Python's atexit does.
void shutdown();

// pyos extension (Python has none; faulthandler.enable() is the model), for the buffered
// policy (StreamHandler::setBuffered): when the process receives one of `signals` —
// SIGSEGV, SIGFPE, SIGABRT, SIGBUS and SIGILL by default, faulthandler's set — the handler
// writes what every buffered StreamHandler's pyos stream holds to its file, restores the
// signal's previous disposition and raises the signal again, so that the previous handler
// (or the default action: the core dump, the exit status) follows. The signal handler makes
// only async-signal-safe calls (write, lseek, sigaction, raise) and takes no lock. The
// calling thread gets an alternate signal stack if it has none, so that a stack overflow
// there is covered. Calling it again replaces the set. Raises ValueError("signal number out
// of range") and, for a signal that cannot be caught (SIGKILL, SIGSTOP), OSError(EINVAL), as
// Python's signal.signal does.
void enableCrashFlush();
void enableCrashFlush(std::span<const int> signals);
// Restores the dispositions enableCrashFlush() replaced (no-op when it is not enabled).
void disableCrashFlush();
bool isCrashFlushEnabled() noexcept;

// logging.basicConfig(**kwargs). Each member is a keyword; an empty optional is an omitted
// keyword (so `.stream = nullptr` is stream=None, which is "given").
struct BasicConfig {
  std::optional<std::string> filename;
  std::optional<std::string> filemode;  // default 'a'
  std::optional<std::string> format;    // default BASIC_FORMAT for '%'
  std::optional<std::string> datefmt;
  std::optional<char> style;            // '%', '{' or '$'
  std::optional<std::variant<int, std::string>> level;
  std::optional<std::shared_ptr<io::IOBase>> stream;
  std::optional<std::vector<std::shared_ptr<Handler>>> handlers;
  bool force = false;
  std::optional<std::string> encoding;
  std::optional<std::string> errors = std::string("backslashreplace");
};
// Does nothing when the root logger has handlers, unless force. ValueError as Python for
// stream with filename, stream/filename with handlers, and an unknown style.
void basicConfig(const BasicConfig& config = {});

}  // namespace pyos::logging
