// File: logging/bench_log4cxx.cpp
//
// log4cxx (Debian's 1.0, UTF-8 LogString) with the {fmt} macros (LOG4CXX_INFO_FMT, its
// fastest documented API) and PatternLayout "%d{yyyy-MM-dd HH:mm:ss,SSS} %p %c: %m%n".
// Files: FileAppender with BufferedIO (S3) or its default ImmediateFlush (S4, two threads).
// The in-memory sink is an AppenderSkeleton formatting with its layout into a string. The
// hierarchy (S1 inherited, S9) is log4cxx's own: level and appender on the root logger,
// additivity on. S10 puts the user in the MDC (%X{user}) and two filters on the appender,
// both NEUTRAL for these records (log4cxx filters are per appender).
#include <fmt/format.h>
#include <log4cxx/appenderskeleton.h>
#include <log4cxx/fileappender.h>
#include <log4cxx/helpers/pool.h>
#include <log4cxx/logger.h>
#include <log4cxx/mdc.h>
#include <log4cxx/patternlayout.h>
#include <log4cxx/spi/filter.h>
#include <log4cxx/spi/loggingevent.h>

#include <memory>
#include <string>
#include <vector>

#include "logging/common.hpp"

// log4cxx's class macros name `helpers::` unqualified and IMPLEMENT_LOG4CXX_OBJECT opens
// namespace log4cxx where it is used: the classes live in the global namespace.
namespace helpers = log4cxx::helpers;
namespace spi = log4cxx::spi;

// Appends each formatted event to a string.
class Log4cxxMemoryAppender final : public log4cxx::AppenderSkeleton {
 public:
  DECLARE_LOG4CXX_OBJECT(Log4cxxMemoryAppender)
  BEGIN_LOG4CXX_CAST_MAP()
  LOG4CXX_CAST_ENTRY(Log4cxxMemoryAppender)
  LOG4CXX_CAST_ENTRY_CHAIN(log4cxx::AppenderSkeleton)
  END_LOG4CXX_CAST_MAP()

  Log4cxxMemoryAppender() = default;
  void set_output(std::string* out) { out_ = out; }
  void append(const spi::LoggingEventPtr& event, helpers::Pool& pool) override {
    buf_.clear();
    getLayout()->format(buf_, event, pool);
    out_->append(buf_);
  }
  void close() override {}
  bool requiresLayout() const override { return true; }

 private:
  std::string* out_ = nullptr;
  log4cxx::LogString buf_;
};
IMPLEMENT_LOG4CXX_OBJECT(Log4cxxMemoryAppender)

// Python's Filter(name): neutral for the logger `name` and its children, else deny.
class Log4cxxNameFilter final : public spi::Filter {
 public:
  DECLARE_LOG4CXX_OBJECT(Log4cxxNameFilter)
  BEGIN_LOG4CXX_CAST_MAP()
  LOG4CXX_CAST_ENTRY(Log4cxxNameFilter)
  LOG4CXX_CAST_ENTRY_CHAIN(spi::Filter)
  END_LOG4CXX_CAST_MAP()

  Log4cxxNameFilter() = default;
  explicit Log4cxxNameFilter(std::string name) : name_(std::move(name)) {}
  FilterDecision decide(const spi::LoggingEventPtr& event) const override {
    const log4cxx::LogString& n = event->getLoggerName();
    const bool match = n.compare(0, name_.size(), name_) == 0 && (n.size() == name_.size() || n[name_.size()] == '.');
    return match ? NEUTRAL : DENY;
  }

 private:
  std::string name_;
};
IMPLEMENT_LOG4CXX_OBJECT(Log4cxxNameFilter)

// Python's `lambda record: True`.
class Log4cxxPassFilter final : public spi::Filter {
 public:
  DECLARE_LOG4CXX_OBJECT(Log4cxxPassFilter)
  BEGIN_LOG4CXX_CAST_MAP()
  LOG4CXX_CAST_ENTRY(Log4cxxPassFilter)
  LOG4CXX_CAST_ENTRY_CHAIN(spi::Filter)
  END_LOG4CXX_CAST_MAP()

  FilterDecision decide(const spi::LoggingEventPtr&) const override { return NEUTRAL; }
};
IMPLEMENT_LOG4CXX_OBJECT(Log4cxxPassFilter)

namespace pyos::bench::logging {
namespace {

using log4cxx::Level;
using log4cxx::LoggerPtr;

constexpr const char* kPattern = "%d{yyyy-MM-dd HH:mm:ss,SSS} %p %c: %m%n";
constexpr const char* kPatternExtra = "%d{yyyy-MM-dd HH:mm:ss,SSS} %p %c [%X{user}]: %m%n";

LineFormat log4cxx_format(std::string name, std::string extra = {}) {
  LineFormat f;
  f.name = std::move(name);
  f.extra = std::move(extra);
  return f;
}

log4cxx::LayoutPtr layout(const char* pattern = kPattern) {
  return std::make_shared<log4cxx::PatternLayout>(pattern);
}

// A logger with no appenders, its own level, no additivity.
LoggerPtr fresh(const std::string& name, const log4cxx::LevelPtr& level, bool additive = false) {
  LoggerPtr logger = log4cxx::Logger::getLogger(name);
  logger->removeAllAppenders();
  logger->setLevel(level);
  logger->setAdditivity(additive);
  return logger;
}

std::shared_ptr<Log4cxxMemoryAppender> memory_appender(std::string& out, const char* pattern = kPattern) {
  auto appender = std::make_shared<Log4cxxMemoryAppender>();
  appender->set_output(&out);
  appender->setLayout(layout(pattern));
  return appender;
}

void disabled(benchmark::State& state, bool inherited) {
  LoggerPtr logger;
  LoggerPtr toggled;
  if (inherited) {
    for (const char* n : {"s1i", "s1i.b", "s1i.b.c", "s1i.b.c.d"}) fresh(n, nullptr, true);
    logger = log4cxx::Logger::getLogger(kNameInherited);
    toggled = log4cxx::Logger::getRootLogger();
  } else {
    logger = toggled = fresh(kNameDisabled, Level::getInfo());
  }
  toggled->setLevel(Level::getInfo());
  const Counted counted;
  const std::uint64_t before = formatted_count();
  std::uint32_t k = 0;
  int i = 0;
  for (auto _ : state) {
    maybe_toggle(k, [&](bool warn) { toggled->setLevel(warn ? Level::getWarn() : Level::getInfo()); });
    LOG4CXX_DEBUG_FMT(logger, kMessageCountedFmt, i, i + 1, counted);
    ++i;
  }
  toggled->setLevel(Level::getInfo());
  check_nothing_formatted(state, before);
}

// An in-memory run: `logger` logs, `holder` carries the appender.
void memory_run(benchmark::State& state, const LoggerPtr& logger, const LoggerPtr& holder,
                const LineFormat& format, const char* pattern = kPattern,
                const std::vector<spi::FilterPtr>& filters = {}) {
  AllocMeter meter;
  MemoryLines lines(format, &meter);
  auto appender = memory_appender(lines.text(), pattern);
  for (const auto& f : filters) appender->addFilter(f);
  holder->addAppender(appender);
  int i = 0;
  meter.start();
  for (auto _ : state) {
    LOG4CXX_INFO_FMT(logger, kMessageFmt, i, i + 1, kDouble);
    ++i;
    lines.poll(state);
  }
  meter.report(state);
  holder->removeAppender(appender);
  lines.finish(state, state.iterations());
}

void memory(benchmark::State& state) {
  LoggerPtr logger = fresh(kNameMemory, Level::getInfo());
  memory_run(state, logger, logger, log4cxx_format(kNameMemory));
}

void depth(benchmark::State& state, int depth) {
  LoggerPtr root = log4cxx::Logger::getRootLogger();
  root->removeAllAppenders();
  root->setLevel(Level::getInfo());
  const std::vector<std::string> chain = depth_chain(depth);
  for (const auto& n : chain) fresh(n, nullptr, true);
  LoggerPtr logger = log4cxx::Logger::getLogger(chain.back());
  memory_run(state, logger, root, log4cxx_format(chain.back()));
}

void filters(benchmark::State& state) {
  LoggerPtr logger = fresh(kNameFilters, Level::getInfo());
  log4cxx::MDC::put("user", kUser);
  memory_run(state, logger, logger, log4cxx_format(kNameFilters, kUser), kPatternExtra,
             {std::make_shared<Log4cxxNameFilter>("bench"), std::make_shared<Log4cxxPassFilter>()});
  log4cxx::MDC::remove("user");
}

void file(benchmark::State& state, const char* scenario, const char* name, bool buffered) {
  const std::string path = fresh_path(scenario, "log4cxx");
  LoggerPtr logger = fresh(name, Level::getInfo());
  auto appender = std::make_shared<log4cxx::FileAppender>(layout(), path, false, buffered, 8 * 1024);
  logger->addAppender(appender);
  AllocMeter meter;
  meter.start();
  int i = 0;
  for (auto _ : state) {
    LOG4CXX_INFO_FMT(logger, kMessageFmt, i, i + 1, kDouble);
    ++i;
  }
  meter.report(state);
  logger->removeAppender(appender);
  appender->close();
  verify_file(state, path, log4cxx_format(name), {state.iterations(), 1});
}

struct Shared {
  std::string path;
  LoggerPtr logger;
  std::shared_ptr<log4cxx::FileAppender> appender;
};

void threads(benchmark::State& state, const std::shared_ptr<Shared>& shared) {
  if (state.thread_index() == 0) {
    shared->path = fresh_path(scenario::kThreads, "log4cxx");
    shared->logger = fresh(kNameThreads, Level::getInfo());
    shared->appender = std::make_shared<log4cxx::FileAppender>(layout(), shared->path, false);
    shared->logger->addAppender(shared->appender);
  }
  // By name, not through `shared`: the other thread may still be setting it up (the
  // benchmark's barrier is at the loop).
  const LoggerPtr logger = log4cxx::Logger::getLogger(kNameThreads);
  const int t = state.thread_index();
  const int n = state.threads();
  std::int64_t k = 0;
  for (auto _ : state) {
    const int v = thread_value(k++, t, n);
    LOG4CXX_INFO_FMT(logger, kMessageFmt, v, v + 1, kDouble);
  }
  if (state.thread_index() == 0) {
    shared->logger->removeAppender(shared->appender);
    shared->appender->close();
    shared->appender.reset();
    verify_file(state, shared->path, log4cxx_format(kNameThreads), {state.iterations() * n, n});
  }
}

}  // namespace

void add_log4cxx_cases(Cases& cases) {
  cases.push_back({scenario::kDisabledLogger, "log4cxx", [](benchmark::State& s) { disabled(s, false); }});
  cases.push_back({scenario::kDisabledInherited, "log4cxx", [](benchmark::State& s) { disabled(s, true); }});
  cases.push_back({scenario::kMemory, "log4cxx", memory});
  cases.push_back({scenario::kFileBuffered, "log4cxx",
                   [](benchmark::State& s) { file(s, scenario::kFileBuffered, kNameBuffered, true); }});
  cases.push_back({scenario::kFileFlush, "log4cxx",
                   [](benchmark::State& s) { file(s, scenario::kFileFlush, kNameFlush, false); }});
  cases.push_back({scenario::kDepth1, "log4cxx", [](benchmark::State& s) { depth(s, 1); }});
  cases.push_back({scenario::kDepth4, "log4cxx", [](benchmark::State& s) { depth(s, 4); }});
  cases.push_back({scenario::kDepth8, "log4cxx", [](benchmark::State& s) { depth(s, 8); }});
  cases.push_back({scenario::kFiltersAdapter, "log4cxx", filters});
  auto shared = std::make_shared<Shared>();
  cases.push_back({scenario::kThreads, "log4cxx", [shared](benchmark::State& s) { threads(s, shared); }, 2});
}

}  // namespace pyos::bench::logging
