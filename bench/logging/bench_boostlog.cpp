// File: logging/bench_boostlog.cpp
//
// Boost.Log (Debian's 1.74, shared library): a severity_channel_logger (channel = the logger
// name, trivial severity levels, printed "info"), a synchronous_sink whose formatter renders
// "%Y-%m-%d %H:%M:%S,%f <severity> <channel>: <message>" (Boost's %f is microseconds) from the
// TimeStamp attribute (local clock), and a text_file_backend with auto_flush off (S3) or on
// (S4, two threads), or a text_ostream_backend over an in-memory streambuf. The disabled
// call is BOOST_LOG_SEV(debug) with the core's filter (severity >= info or warning) toggled.
// Boost.Log has no logger hierarchy (no S1 inherited, no S9) and no adapters.
#include <boost/date_time/posix_time/posix_time_types.hpp>
#include <boost/log/attributes/clock.hpp>
#include <boost/log/core.hpp>
#include <boost/log/expressions.hpp>
#include <boost/log/sinks/sync_frontend.hpp>
#include <boost/log/sinks/text_file_backend.hpp>
#include <boost/log/sinks/text_ostream_backend.hpp>
#include <boost/log/sources/record_ostream.hpp>
#include <boost/log/sources/severity_channel_logger.hpp>
#include <boost/log/support/date_time.hpp>
#include <boost/log/trivial.hpp>
#include <boost/make_shared.hpp>

#include <iomanip>
#include <memory>
#include <mutex>
#include <streambuf>
#include <string>

#include "logging/common.hpp"

namespace pyos::bench::logging {
namespace {

namespace blog = boost::log;
namespace expr = boost::log::expressions;
namespace sinks = boost::log::sinks;
namespace kw = boost::log::keywords;
using Severity = blog::trivial::severity_level;
using Source = blog::sources::severity_channel_logger<Severity, std::string>;

BOOST_LOG_ATTRIBUTE_KEYWORD(a_severity, "Severity", Severity)
BOOST_LOG_ATTRIBUTE_KEYWORD(a_channel, "Channel", std::string)
BOOST_LOG_ATTRIBUTE_KEYWORD(a_timestamp, "TimeStamp", boost::posix_time::ptime)

void init_boost() {
  static std::once_flag once;
  std::call_once(once, [] { blog::core::get()->add_global_attribute("TimeStamp", blog::attributes::local_clock()); });
}

blog::formatter line_formatter() {
  return expr::stream << expr::format_date_time(a_timestamp, "%Y-%m-%d %H:%M:%S,%f") << ' ' << a_severity << ' '
                      << a_channel << ": " << expr::smessage;
}

LineFormat boost_format(const char* name) {
  LineFormat f;
  f.level = "info";
  f.name = name;
  f.frac_digits = 6;
  return f;
}

// Appends to a string.
class StringBuf final : public std::streambuf {
 public:
  explicit StringBuf(std::string& out) : out_(out) {}

 protected:
  int_type overflow(int_type c) override {
    if (!traits_type::eq_int_type(c, traits_type::eof())) out_ += traits_type::to_char_type(c);
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    out_.append(s, static_cast<std::size_t>(n));
    return n;
  }

 private:
  std::string& out_;
};

using MemorySink = sinks::synchronous_sink<sinks::text_ostream_backend>;
using FileSink = sinks::synchronous_sink<sinks::text_file_backend>;

// An in-memory sink on the core for the life of the object.
class MemoryOnCore {
 public:
  explicit MemoryOnCore(std::string& out) : buf_(out) {
    auto backend = boost::make_shared<sinks::text_ostream_backend>();
    backend->add_stream(boost::shared_ptr<std::ostream>(new std::ostream(&buf_)));
    sink_ = boost::make_shared<MemorySink>(backend);
    sink_->set_formatter(line_formatter());
    blog::core::get()->add_sink(sink_);
  }
  ~MemoryOnCore() {
    blog::core::get()->remove_sink(sink_);
    sink_->flush();
  }
  MemoryOnCore(const MemoryOnCore&) = delete;
  MemoryOnCore& operator=(const MemoryOnCore&) = delete;

 private:
  StringBuf buf_;
  boost::shared_ptr<MemorySink> sink_;
};

void disabled(benchmark::State& state) {
  init_boost();
  auto core = blog::core::get();
  MemoryLines lines(boost_format(kNameDisabled));
  {
    MemoryOnCore sink(lines.text());  // where an enabled call would go
    Source lg(kw::channel = std::string(kNameDisabled));
    core->set_filter(a_severity >= blog::trivial::info);
    const Counted counted;
    const std::uint64_t before = formatted_count();
    std::uint32_t k = 0;
    int i = 0;
    for (auto _ : state) {
      maybe_toggle(k, [&](bool warn) {
        core->set_filter(a_severity >= (warn ? blog::trivial::warning : blog::trivial::info));
      });
      BOOST_LOG_SEV(lg, blog::trivial::debug) << "Logging int: " << i << ", int: " << i + 1 << ", double: " << counted;
      ++i;
    }
    core->reset_filter();
    check_nothing_formatted(state, before);
  }
  if (!state.error_occurred()) lines.finish(state, 0);
}

void memory(benchmark::State& state) {
  init_boost();
  AllocMeter meter;
  MemoryLines lines(boost_format(kNameMemory), &meter);
  {
    MemoryOnCore sink(lines.text());
    Source lg(kw::channel = std::string(kNameMemory));
    int i = 0;
    meter.start();
    for (auto _ : state) {
      BOOST_LOG_SEV(lg, blog::trivial::info)
          << "Logging int: " << i << ", int: " << i + 1 << ", double: " << std::fixed << kDouble;
      ++i;
      lines.poll(state);
    }
    meter.report(state);
  }
  lines.finish(state, state.iterations());
}

boost::shared_ptr<FileSink> file_sink(const std::string& path, bool flush) {
  auto backend = boost::make_shared<sinks::text_file_backend>(
      kw::file_name = path, kw::open_mode = std::ios::out | std::ios::trunc, kw::auto_flush = flush);
  auto sink = boost::make_shared<FileSink>(backend);
  sink->set_formatter(line_formatter());
  return sink;
}

void file(benchmark::State& state, const char* scenario, const char* name, bool flush) {
  init_boost();
  const std::string path = fresh_path(scenario, "boostlog");
  {
    auto sink = file_sink(path, flush);
    blog::core::get()->add_sink(sink);
    Source lg(kw::channel = std::string(name));
    AllocMeter meter;
    meter.start();
    int i = 0;
    for (auto _ : state) {
      BOOST_LOG_SEV(lg, blog::trivial::info)
          << "Logging int: " << i << ", int: " << i + 1 << ", double: " << std::fixed << kDouble;
      ++i;
    }
    meter.report(state);
    blog::core::get()->remove_sink(sink);
    sink->flush();
  }  // the backend closes the file
  verify_file(state, path, boost_format(name), {state.iterations(), 1});
}

struct Shared {
  std::string path;
  boost::shared_ptr<FileSink> sink;
};

void threads(benchmark::State& state, const std::shared_ptr<Shared>& shared) {
  if (state.thread_index() == 0) {
    init_boost();
    shared->path = fresh_path(scenario::kThreads, "boostlog");
    shared->sink = file_sink(shared->path, true);
    blog::core::get()->add_sink(shared->sink);
  }
  Source lg(kw::channel = std::string(kNameThreads));  // Boost.Log sources are per thread
  const int t = state.thread_index();
  const int n = state.threads();
  std::int64_t k = 0;
  for (auto _ : state) {
    const int v = thread_value(k++, t, n);
    BOOST_LOG_SEV(lg, blog::trivial::info)
        << "Logging int: " << v << ", int: " << v + 1 << ", double: " << std::fixed << kDouble;
  }
  if (state.thread_index() == 0) {
    blog::core::get()->remove_sink(shared->sink);
    shared->sink->flush();
    shared->sink.reset();
    verify_file(state, shared->path, boost_format(kNameThreads), {state.iterations() * n, n});
  }
}

}  // namespace

void add_boostlog_cases(Cases& cases) {
  cases.push_back({scenario::kDisabledLogger, "boostlog", disabled});
  cases.push_back({scenario::kMemory, "boostlog", memory});
  cases.push_back({scenario::kFileBuffered, "boostlog",
                   [](benchmark::State& s) { file(s, scenario::kFileBuffered, kNameBuffered, false); }});
  cases.push_back({scenario::kFileFlush, "boostlog",
                   [](benchmark::State& s) { file(s, scenario::kFileFlush, kNameFlush, true); }});
  auto shared = std::make_shared<Shared>();
  cases.push_back({scenario::kThreads, "boostlog", [shared](benchmark::State& s) { threads(s, shared); }, 2});
}

}  // namespace pyos::bench::logging
