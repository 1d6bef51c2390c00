// File: logging/bench_glog.cpp
//
// glog (Debian's 0.6, with gflags). glog has one process-wide destination per severity, set
// here with SetLogDestination (no timestamp in the file name, no symlink) to a fresh file per
// run; its line prefix is fixed: "IYYYYMMDD hh:mm:ss.uuuuuu tid file:line] ", after a
// four-line file header. Buffering is glog's own: FLAGS_logbuflevel = 0 buffers INFO (S3),
// -1 flushes every message (S4). The disabled call is VLOG(1) with FLAGS_v toggled between
// 0 and -1 (glog's run-time verbosity; LOG(INFO) below minloglevel would still format).
// The in-memory sink is a LogSink rendering with LogSink::ToString, file output off.
#include <glog/logging.h>

#include <iomanip>
#include <memory>
#include <mutex>
#include <string>

#include "logging/common.hpp"

namespace pyos::bench::logging {
namespace {

constexpr int kHeaderLines = 4;

void init_glog() {
  static std::once_flag once;
  std::call_once(once, [] {
    FLAGS_logtostderr = false;
    FLAGS_alsologtostderr = false;
    FLAGS_stderrthreshold = google::FATAL;
    FLAGS_timestamp_in_logfile_name = false;
    FLAGS_logbufsecs = 30;
    FLAGS_v = 0;
    google::InitGoogleLogging("bench_logging");
    for (int severity = google::INFO; severity < google::NUM_SEVERITIES; ++severity) {
      google::SetLogSymlink(severity, "");
      google::SetLogDestination(severity, "");  // no file until a scenario names one
    }
  });
}

LineFormat glog_format() {
  LineFormat f;
  f.kind = LineFormat::Kind::Glog;
  return f;
}

// Selecting another destination closes (and so flushes) the previous file.
void close_destination() { google::SetLogDestination(google::INFO, ""); }

[[gnu::noinline]] void set_verbosity(int v) { FLAGS_v = v; }

void disabled(benchmark::State& state) {
  init_glog();
  set_verbosity(0);
  const Counted counted;
  const std::uint64_t before = formatted_count();
  std::uint32_t k = 0;
  int i = 0;
  for (auto _ : state) {
    maybe_toggle(k, [&](bool warn) { set_verbosity(warn ? -1 : 0); });
    VLOG(1) << "Logging int: " << i << ", int: " << i + 1 << ", double: " << counted;
    ++i;
  }
  set_verbosity(0);
  check_nothing_formatted(state, before);
}

class MemorySink final : public google::LogSink {
 public:
  explicit MemorySink(std::string& out) : out_(out) {}
  void send(google::LogSeverity severity, const char*, const char* base_filename, int line,
            const google::LogMessageTime& time, const char* message, std::size_t message_len) override {
    out_ += ToString(severity, base_filename, line, time, message, message_len);
    out_ += '\n';
  }

 private:
  std::string& out_;
};

void memory(benchmark::State& state) {
  init_glog();
  close_destination();
  AllocMeter meter;
  MemoryLines lines(glog_format(), &meter);
  MemorySink sink(lines.text());
  google::AddLogSink(&sink);
  int i = 0;
  meter.start();
  for (auto _ : state) {
    LOG(INFO) << "Logging int: " << i << ", int: " << i + 1 << ", double: " << std::fixed << kDouble;
    ++i;
    lines.poll(state);
  }
  meter.report(state);
  google::RemoveLogSink(&sink);
  lines.finish(state, state.iterations());
}

void file(benchmark::State& state, const char* scenario, bool flush) {
  init_glog();
  const std::string path = fresh_path(scenario, "glog");
  FLAGS_logbuflevel = flush ? -1 : 0;
  google::SetLogDestination(google::INFO, path.c_str());
  AllocMeter meter;
  meter.start();
  int i = 0;
  for (auto _ : state) {
    LOG(INFO) << "Logging int: " << i << ", int: " << i + 1 << ", double: " << std::fixed << kDouble;
    ++i;
  }
  meter.report(state);
  close_destination();
  FLAGS_logbuflevel = 0;
  verify_file(state, path, glog_format(), {state.iterations(), 1}, kHeaderLines);
}

struct Shared {
  std::string path;
};

void threads(benchmark::State& state, const std::shared_ptr<Shared>& shared) {
  if (state.thread_index() == 0) {
    init_glog();
    shared->path = fresh_path(scenario::kThreads, "glog");
    FLAGS_logbuflevel = -1;
    google::SetLogDestination(google::INFO, shared->path.c_str());
  }
  const int t = state.thread_index();
  const int n = state.threads();
  std::int64_t k = 0;
  for (auto _ : state) {
    const int v = thread_value(k++, t, n);
    LOG(INFO) << "Logging int: " << v << ", int: " << v + 1 << ", double: " << std::fixed << kDouble;
  }
  if (state.thread_index() == 0) {
    close_destination();
    FLAGS_logbuflevel = 0;
    verify_file(state, shared->path, glog_format(), {state.iterations() * n, n}, kHeaderLines);
  }
}

}  // namespace

void add_glog_cases(Cases& cases) {
  cases.push_back({scenario::kDisabledLogger, "glog", disabled});
  cases.push_back({scenario::kMemory, "glog", memory});
  cases.push_back({scenario::kFileBuffered, "glog", [](benchmark::State& s) { file(s, scenario::kFileBuffered, false); }});
  cases.push_back({scenario::kFileFlush, "glog", [](benchmark::State& s) { file(s, scenario::kFileFlush, true); }});
  auto shared = std::make_shared<Shared>();
  cases.push_back({scenario::kThreads, "glog", [shared](benchmark::State& s) { threads(s, shared); }, 2});
}

}  // namespace pyos::bench::logging
