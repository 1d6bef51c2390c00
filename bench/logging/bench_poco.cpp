// File: logging/bench_poco.cpp
//
// Poco (Debian's 1.11) Logger with its printf-like macros (poco_information_f3, which
// format through Poco::format), a FormattingChannel with PatternFormatter
// "%Y-%m-%d %H:%M:%S,%i %p %s: %t" (local times; Poco's level name is "Information") in front
// of a FileChannel with flush=false (S3) or its default flush=true (S4, two threads), or of
// an in-memory Channel. The disabled call is poco_debug_f3 with POCO_LOG_DEBUG defined, so
// that it stays a run-time check as in a debug build rather than being compiled out. Poco
// copies levels and channels down the hierarchy when loggers are created instead of
// inheriting at log time, so "inherited" sets the level with Logger::setLevel(name, level),
// which walks every logger under the name; it has no propagation (no S9) and no filters (no
// S10).
#define POCO_LOG_DEBUG 1

#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/FileChannel.h>
#include <Poco/Format.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>
#include <Poco/PatternFormatter.h>

#include <memory>
#include <string>

#include "logging/common.hpp"

namespace pyos::bench::logging {
namespace {

using Poco::AutoPtr;
using Poco::Logger;
using Poco::Message;

constexpr const char* kPattern = "%Y-%m-%d %H:%M:%S,%i %p %s: %t";

LineFormat poco_format(const char* name) {
  LineFormat f;
  f.level = "Information";
  f.name = name;
  return f;
}

class MemoryChannel final : public Poco::Channel {
 public:
  explicit MemoryChannel(std::string& out) : out_(out) {}
  void log(const Message& msg) override {
    out_ += msg.getText();
    out_ += '\n';
  }

 private:
  std::string& out_;
};

AutoPtr<Poco::Channel> formatting(const Poco::Channel::Ptr& sink) {
  AutoPtr<Poco::PatternFormatter> formatter(new Poco::PatternFormatter(kPattern));
  formatter->setProperty("times", "local");
  return new Poco::FormattingChannel(formatter, sink);
}

Logger& fresh(const std::string& name) {
  Logger& logger = Logger::get(name);
  logger.setChannel(nullptr);
  logger.setLevel(Message::PRIO_INFORMATION);
  return logger;
}

void disabled(benchmark::State& state, bool inherited) {
  Logger* logger = nullptr;
  if (inherited) {
    for (const char* n : {"s1i", "s1i.b", "s1i.b.c", "s1i.b.c.d"}) fresh(n);
    logger = &Logger::get(kNameInherited);
  } else {
    logger = &fresh(kNameDisabled);
  }
  const Counted counted;
  const std::uint64_t before = formatted_count();
  std::uint32_t k = 0;
  int i = 0;
  for (auto _ : state) {
    maybe_toggle(k, [&](bool warn) {
      const int level = warn ? Message::PRIO_WARNING : Message::PRIO_INFORMATION;
      if (inherited) {
        Logger::setLevel(kNameInheritedTop, level);
      } else {
        logger->setLevel(level);
      }
    });
    poco_debug_f3(*logger, kMessageCounted, i, i + 1, counted);
    ++i;
  }
  check_nothing_formatted(state, before);
}

void memory(benchmark::State& state) {
  AllocMeter meter;
  MemoryLines lines(poco_format(kNameMemory), &meter);
  Logger& logger = fresh(kNameMemory);
  logger.setChannel(formatting(Poco::Channel::Ptr(new MemoryChannel(lines.text()))));
  int i = 0;
  meter.start();
  for (auto _ : state) {
    poco_information_f3(logger, kMessage, i, i + 1, kDouble);
    ++i;
    lines.poll(state);
  }
  meter.report(state);
  logger.setChannel(nullptr);
  lines.finish(state, state.iterations());
}

AutoPtr<Poco::FileChannel> file_channel(const std::string& path, bool flush) {
  AutoPtr<Poco::FileChannel> channel(new Poco::FileChannel(path));
  channel->setProperty("flush", flush ? "true" : "false");
  return channel;
}

void file(benchmark::State& state, const char* scenario, const char* name, bool flush) {
  const std::string path = fresh_path(scenario, "poco");
  Logger& logger = fresh(name);
  AutoPtr<Poco::FileChannel> channel = file_channel(path, flush);
  logger.setChannel(formatting(channel));
  AllocMeter meter;
  meter.start();
  int i = 0;
  for (auto _ : state) {
    poco_information_f3(logger, kMessage, i, i + 1, kDouble);
    ++i;
  }
  meter.report(state);
  logger.setChannel(nullptr);
  channel->close();
  verify_file(state, path, poco_format(name), {state.iterations(), 1});
}

struct Shared {
  std::string path;
  AutoPtr<Poco::FileChannel> channel;
};

void threads(benchmark::State& state, const std::shared_ptr<Shared>& shared) {
  if (state.thread_index() == 0) {
    shared->path = fresh_path(scenario::kThreads, "poco");
    shared->channel = file_channel(shared->path, true);
    fresh(kNameThreads).setChannel(formatting(shared->channel));
  }
  Logger& logger = Logger::get(kNameThreads);
  const int t = state.thread_index();
  const int n = state.threads();
  std::int64_t k = 0;
  for (auto _ : state) {
    const int v = thread_value(k++, t, n);
    poco_information_f3(logger, kMessage, v, v + 1, kDouble);
  }
  if (state.thread_index() == 0) {
    logger.setChannel(nullptr);
    shared->channel->close();
    shared->channel = nullptr;
    verify_file(state, shared->path, poco_format(kNameThreads), {state.iterations() * n, n});
  }
}

}  // namespace

void add_poco_cases(Cases& cases) {
  cases.push_back({scenario::kDisabledLogger, "poco", [](benchmark::State& s) { disabled(s, false); }});
  cases.push_back({scenario::kDisabledInherited, "poco", [](benchmark::State& s) { disabled(s, true); }});
  cases.push_back({scenario::kMemory, "poco", memory});
  cases.push_back({scenario::kFileBuffered, "poco",
                   [](benchmark::State& s) { file(s, scenario::kFileBuffered, kNameBuffered, false); }});
  cases.push_back({scenario::kFileFlush, "poco",
                   [](benchmark::State& s) { file(s, scenario::kFileFlush, kNameFlush, true); }});
  auto shared = std::make_shared<Shared>();
  cases.push_back({scenario::kThreads, "poco", [shared](benchmark::State& s) { threads(s, shared); }, 2});
}

}  // namespace pyos::bench::logging
