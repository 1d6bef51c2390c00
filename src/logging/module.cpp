// File: logging/module.cpp
//
// Module-level attributes and functions: raiseExceptions and friends, lastResort,
// basicConfig, shutdown (also at exit).
#include <cstdlib>
#include <mutex>
#include <optional>
#include <string>

#include "logging/module.hpp"
#include "logging/traceback.hpp"
#include "pyos/logging.hpp"

namespace pyos::logging {

std::atomic<bool> raiseExceptions{true};
std::atomic<bool> logThreads{true};
std::atomic<bool> logProcesses{true};
std::atomic<bool> logMultiprocessing{true};
std::atomic<bool> logAsyncioTasks{true};

namespace {
// logging._StderrHandler: writes to the stderr stream of the moment, at WARNING.
class StderrHandler final : public StreamHandler {
 public:
  explicit StderrHandler(int level) : StreamHandler(stderr_stream()) { setLevel(level); }

 protected:
  std::string_view class_name() const noexcept override { return "_StderrHandler"; }
};
}  // namespace

std::atomic<std::shared_ptr<Handler>> lastResort{std::make_shared<StderrHandler>(WARNING)};

namespace detail {

std::string angle_repr(std::string_view cls, std::optional<std::string_view> middle, int level) {
  std::string out = "<";
  out.append(cls);
  if (middle) {
    out += ' ';
    out.append(*middle);
  }
  out += " (";
  out.append(level_name_view(level));
  out += ")>";
  return out;
}

namespace {
// At exit, as Python's atexit reports a callback's exception: the rest of shutdown() is
// skipped, as there.
void shutdown_at_exit() noexcept {
  try {
    shutdown();
  } catch (...) {
    std::string report = "Exception ignored in atexit callback <function shutdown>:\n";
    try {
      format_exception(report, std::current_exception());
    } catch (...) {
      report += "(the exception could not be formatted)";
    }
    report += '\n';
    write_stderr(report);
  }
}
}  // namespace

void register_atexit() {
  static std::once_flag once;
  std::call_once(once, [] { std::atexit(shutdown_at_exit); });
}

void ensure_root_configured() {
  if (!root_has_handlers()) basicConfig();
}

}  // namespace detail

void shutdown() {
  for (const std::shared_ptr<Handler>& h : detail::live_handlers_newest_first()) {
    // As Python's: flush and close under the handler's lock. An OSError or ValueError from
    // either (a stream closed behind the handler's back) skips the rest of that handler;
    // anything else ends the loop and reaches the caller when raiseExceptions is set.
    h->acquire();
    try {
      h->flush();
      h->close();
    } catch (const OSError&) {
    } catch (const ValueError&) {
    } catch (...) {
      h->release();
      if (raiseExceptions.load(std::memory_order_relaxed)) throw;
      continue;
    }
    h->release();
  }
}

void basicConfig(const BasicConfig& config) {
  static std::mutex serial;  // basicConfig calls run one at a time, as under Python's _lock
  std::lock_guard lock(serial);
  Logger& r = root();
  if (config.force) {
    for (const std::shared_ptr<Handler>& h : r.handlers()) {
      r.removeHandler(h);
      h->close();
    }
  }
  if (!r.handlers().empty()) return;

  std::vector<std::shared_ptr<Handler>> handlers;
  if (!config.handlers) {
    if (config.stream && config.filename) {
      throw ValueError("'stream' and 'filename' should not be specified together");
    }
  } else if (config.stream || config.filename) {
    throw ValueError("'stream' or 'filename' should not be specified together with 'handlers'");
  }
  if (config.handlers) {
    handlers = *config.handlers;
  } else if (config.filename && !config.filename->empty()) {
    std::string mode = config.filemode.value_or("a");
    std::optional<std::string> errors = config.errors;
    std::optional<std::string> encoding = config.encoding;
    if (mode.find('b') != std::string::npos) errors = std::nullopt;
    handlers.push_back(std::make_shared<FileHandler>(*config.filename, mode, encoding, false, errors));
  } else {
    handlers.push_back(std::make_shared<StreamHandler>(config.stream.value_or(nullptr)));
  }
  char style = config.style.value_or('%');
  if (style != '%' && style != '{' && style != '$') throw ValueError("Style must be one of: %,{,$");
  std::string fs;
  if (config.format) {
    fs = *config.format;
  } else {
    fs = style == '%' ? std::string(BASIC_FORMAT) : style == '{' ? "{levelname}:{name}:{message}" : "${levelname}:${name}:${message}";
  }
  auto fmt = std::make_shared<Formatter>(fs, config.datefmt, style);
  for (const auto& h : handlers) {
    if (!h->formatter()) h->setFormatter(fmt);
    r.addHandler(h);
  }
  if (config.level) {
    if (const int* n = std::get_if<int>(&*config.level)) {
      r.setLevel(*n);
    } else {
      r.setLevel(std::get<std::string>(*config.level));
    }
  }
  // Python takes filemode only when it makes the handler; given with handlers, it is left
  // over, and refused only now, after the root was configured.
  if (config.handlers && config.filemode) throw ValueError("Unrecognised argument(s): filemode");
}

}  // namespace pyos::logging
