// File: logging/bench_spdlog.cpp
//
// spdlog (Debian's compiled library with the external {fmt}), synchronous loggers:
//   spdlog_st     basic_file_sink_st (S3) / a single-thread sink otherwise
//   spdlog_mt     basic_file_sink_mt (S3)
//   spdlog_flush  flush_on(info): a flush after every message (S4; _mt sink for two threads)
// Pattern "%Y-%m-%d %H:%M:%S,%e %l %n: %v" (spdlog prints the level as "info"). The disabled
// call is logger::debug, spdlog's run-time level check (not the compile-time macro).
#include <spdlog/logger.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/null_sink.h>

#include <memory>
#include <string>

#include "logging/common.hpp"

namespace pyos::bench::logging {
namespace {

constexpr const char* kPattern = "%Y-%m-%d %H:%M:%S,%e %l %n: %v";

LineFormat spdlog_format(const char* name) {
  LineFormat f;
  f.level = "info";
  f.name = name;
  return f;
}

// The in-memory sink: spdlog's pattern formatter into its own buffer, appended to the text.
class MemorySink final : public spdlog::sinks::base_sink<spdlog::details::null_mutex> {
 public:
  explicit MemorySink(std::string& out) : out_(out) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    buf_.clear();
    formatter_->format(msg, buf_);
    out_.append(buf_.data(), buf_.size());
  }
  void flush_() override {}

 private:
  std::string& out_;
  spdlog::memory_buf_t buf_;
};

void disabled(benchmark::State& state) {
  spdlog::logger log(kNameDisabled, std::make_shared<spdlog::sinks::null_sink_st>());
  log.set_pattern(kPattern);
  log.set_level(spdlog::level::info);
  const Counted counted;
  const std::uint64_t before = formatted_count();
  std::uint32_t k = 0;
  int i = 0;
  for (auto _ : state) {
    maybe_toggle(k, [&](bool warn) { log.set_level(warn ? spdlog::level::warn : spdlog::level::info); });
    log.debug(kMessageCountedFmt, i, i + 1, counted);
    ++i;
  }
  check_nothing_formatted(state, before);
}

void memory(benchmark::State& state) {
  AllocMeter meter;
  MemoryLines lines(spdlog_format(kNameMemory), &meter);
  spdlog::logger log(kNameMemory, std::make_shared<MemorySink>(lines.text()));
  log.set_pattern(kPattern);
  log.set_level(spdlog::level::info);
  int i = 0;
  meter.start();
  for (auto _ : state) {
    log.info(kMessageFmt, i, i + 1, kDouble);
    ++i;
    lines.poll(state);
  }
  meter.report(state);
  lines.finish(state, state.iterations());
}

template <class Sink>
void file(benchmark::State& state, const char* scenario, const char* impl, const char* name, bool flush) {
  const std::string path = fresh_path(scenario, impl);
  {
    spdlog::logger log(name, std::make_shared<Sink>(path, true));
    log.set_pattern(kPattern);
    log.set_level(spdlog::level::info);
    if (flush) log.flush_on(spdlog::level::info);
    AllocMeter meter;
    meter.start();
    int i = 0;
    for (auto _ : state) {
      log.info(kMessageFmt, i, i + 1, kDouble);
      ++i;
    }
    meter.report(state);
    log.flush();
  }  // the sink closes the file
  verify_file(state, path, spdlog_format(name), {state.iterations(), 1});
}

struct Shared {
  std::string path;
  std::shared_ptr<spdlog::logger> log;
};

void threads(benchmark::State& state, const std::shared_ptr<Shared>& shared) {
  if (state.thread_index() == 0) {
    shared->path = fresh_path(scenario::kThreads, "spdlog_flush");
    shared->log = std::make_shared<spdlog::logger>(
        kNameThreads, std::make_shared<spdlog::sinks::basic_file_sink_mt>(shared->path, true));
    shared->log->set_pattern(kPattern);
    shared->log->set_level(spdlog::level::info);
    shared->log->flush_on(spdlog::level::info);
  }
  const int t = state.thread_index();
  const int n = state.threads();
  std::int64_t k = 0;
  for (auto _ : state) {
    const int v = thread_value(k++, t, n);
    shared->log->info(kMessageFmt, v, v + 1, kDouble);
  }
  if (state.thread_index() == 0) {
    shared->log.reset();
    verify_file(state, shared->path, spdlog_format(kNameThreads), {state.iterations() * n, n});
  }
}

}  // namespace

void add_spdlog_cases(Cases& cases) {
  using spdlog::sinks::basic_file_sink_mt;
  using spdlog::sinks::basic_file_sink_st;
  cases.push_back({scenario::kDisabledLogger, "spdlog_st", disabled});
  cases.push_back({scenario::kMemory, "spdlog_st", memory});
  cases.push_back({scenario::kFileBuffered, "spdlog_st", [](benchmark::State& s) {
                     file<basic_file_sink_st>(s, scenario::kFileBuffered, "spdlog_st", kNameBuffered, false);
                   }});
  cases.push_back({scenario::kFileBuffered, "spdlog_mt", [](benchmark::State& s) {
                     file<basic_file_sink_mt>(s, scenario::kFileBuffered, "spdlog_mt", kNameBuffered, false);
                   }});
  cases.push_back({scenario::kFileFlush, "spdlog_flush", [](benchmark::State& s) {
                     file<basic_file_sink_st>(s, scenario::kFileFlush, "spdlog_flush", kNameFlush, true);
                   }});
  auto shared = std::make_shared<Shared>();
  cases.push_back({scenario::kThreads, "spdlog_flush", [shared](benchmark::State& s) { threads(s, shared); }, 2});
}

}  // namespace pyos::bench::logging
