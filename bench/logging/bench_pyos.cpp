// File: logging/bench_pyos.cpp
//
// pyos::logging, written as the Python it mirrors:
//   S1   logger.debug(...) below the logger's level / the root's level through s1i.b.c.d /
//        through a LoggerAdapter; setLevel toggles INFO <-> WARNING every 1024 calls
//   S2   StreamHandler over a TextIOBase that appends to a string (the stand-in for
//        io.StringIO, which would add its UTF-32 storage to the measurement)
//   S3   FileHandler(path, "w") with setBuffered(true) (pyos extension)
//   S4   FileHandler(path, "w"): Python's flush after every record
//   S9   the StreamHandler on the root logger, the call on s9 / s9.b.c.d / s9.b.c.d.e.f.g.h
//   S10  Filter("bench") and a callable filter on the logger, a LoggerAdapter with
//        extra={"user": "bob"} rendered by "... %(name)s [%(user)s]: %(message)s"
//   MT   two threads, one FileHandler(path, "w")
#include <pyos/io/iobase.hpp>
#include <pyos/logging.hpp>

#include <memory>
#include <string>
#include <string_view>

#include "logging/common.hpp"

namespace pyos::bench::logging {
namespace {

namespace lg = pyos::logging;

// Records logged before the timed loop, so that allocs_per_op is the steady state.
constexpr int kWarmup = 16;

// An in-memory text stream: write() appends to the benchmark's string.
class MemoryText final : public pyos::io::TextIOBase {
 public:
  explicit MemoryText(std::string& out) : out_(out) {}
  std::size_t write(std::string_view text) override {
    out_.append(text);
    return text.size();
  }
  bool writable() const override { return true; }
  void flush() override {}

 private:
  std::string& out_;
};

LineFormat pyos_format(std::string name, std::string extra = {}) {
  LineFormat f;
  f.name = std::move(name);
  f.extra = std::move(extra);
  return f;
}

std::shared_ptr<lg::Formatter> formatter(const char* format = kPythonFormat) {
  return std::make_shared<lg::Formatter>(format);
}

// The logger with no handlers and no filters, `level`, not propagating.
lg::Logger& fresh(std::string_view name, int level = lg::INFO, bool propagate = false) {
  lg::Logger& log = lg::getLogger(name);
  for (const auto& h : log.handlers()) {
    log.removeHandler(h);
    h->close();
  }
  for (const auto& f : log.filters()) log.removeFilter(f);
  log.setLevel(level);
  log.propagate = propagate;
  return log;
}

// ---- S1 ---------------------------------------------------------------------------------------
void disabled_logger(benchmark::State& state) {
  lg::Logger& log = fresh(kNameDisabled);
  const Counted counted;
  const std::uint64_t before = formatted_count();
  std::uint32_t k = 0;
  int i = 0;
  for (auto _ : state) {
    maybe_toggle(k, [&](bool warn) { log.setLevel(warn ? lg::WARNING : lg::INFO); });
    log.debug(kMessageCounted, i, i + 1, counted);
    ++i;
  }
  log.setLevel(lg::INFO);
  check_nothing_formatted(state, before);
}

void disabled_inherited(benchmark::State& state) {
  for (const char* n : {"s1i", "s1i.b", "s1i.b.c", "s1i.b.c.d"}) fresh(n, lg::NOTSET, true);
  lg::Logger& root = lg::root();
  lg::Logger& log = lg::getLogger(kNameInherited);
  root.setLevel(lg::INFO);
  const Counted counted;
  const std::uint64_t before = formatted_count();
  std::uint32_t k = 0;
  int i = 0;
  for (auto _ : state) {
    maybe_toggle(k, [&](bool warn) { root.setLevel(warn ? lg::WARNING : lg::INFO); });
    log.debug(kMessageCounted, i, i + 1, counted);
    ++i;
  }
  root.setLevel(lg::WARNING);
  check_nothing_formatted(state, before);
}

void disabled_adapter(benchmark::State& state) {
  lg::Logger& log = fresh(kNameAdapter);
  lg::LoggerAdapter adapter(log, lg::Dict{{"user", kUser}});
  const Counted counted;
  const std::uint64_t before = formatted_count();
  std::uint32_t k = 0;
  int i = 0;
  for (auto _ : state) {
    maybe_toggle(k, [&](bool warn) { log.setLevel(warn ? lg::WARNING : lg::INFO); });
    adapter.debug(kMessageCounted, i, i + 1, counted);
    ++i;
  }
  log.setLevel(lg::INFO);
  check_nothing_formatted(state, before);
}

// ---- in-memory runs (S2, S9, S10) ---------------------------------------------------------------
// `call(i)` logs message i; `holder` carries the handler.
template <class Call>
void memory_run(benchmark::State& state, lg::Logger& holder, const LineFormat& format, Call&& call,
                const char* pattern = kPythonFormat) {
  AllocMeter meter;
  MemoryLines lines(format, &meter);
  auto handler = std::make_shared<lg::StreamHandler>(std::make_shared<MemoryText>(lines.text()));
  handler->setFormatter(formatter(pattern));
  holder.addHandler(handler);
  int i = 0;
  for (; i < kWarmup; ++i) call(i);
  meter.start();
  for (auto _ : state) {
    call(i);
    ++i;
    lines.poll(state);
  }
  meter.report(state);
  holder.removeHandler(handler);
  lines.finish(state, state.iterations() + kWarmup);
}

void memory(benchmark::State& state) {
  lg::Logger& log = fresh(kNameMemory);
  memory_run(state, log, pyos_format(kNameMemory), [&](int i) { log.info(kMessage, i, i + 1, kDouble); });
}

void depth(benchmark::State& state, int depth) {
  lg::Logger& root = fresh("", lg::INFO, true);
  const std::vector<std::string> chain = depth_chain(depth);
  for (const auto& n : chain) fresh(n, lg::NOTSET, true);
  lg::Logger& log = lg::getLogger(chain.back());
  memory_run(state, root, pyos_format(chain.back()), [&](int i) { log.info(kMessage, i, i + 1, kDouble); });
  root.setLevel(lg::WARNING);
}

void filters_adapter(benchmark::State& state) {
  lg::Logger& log = fresh(kNameFilters);
  log.addFilter(std::make_shared<lg::Filter>("bench"));
  log.addFilter([](lg::LogRecord&) { return true; });
  lg::LoggerAdapter adapter(log, lg::Dict{{"user", kUser}});
  memory_run(
      state, log, pyos_format(kNameFilters, kUser), [&](int i) { adapter.info(kMessage, i, i + 1, kDouble); },
      kPythonFormatExtra);
  for (const auto& f : log.filters()) log.removeFilter(f);
}

// ---- files (S3, S4, MT) ---------------------------------------------------------------------------
void file(benchmark::State& state, const char* scenario, const char* name, bool buffered) {
  const std::string path = fresh_path(scenario, "pyos");
  lg::Logger& log = fresh(name);
  auto handler = std::make_shared<lg::FileHandler>(path, "w");
  handler->setFormatter(formatter());
  handler->setBuffered(buffered);
  log.addHandler(handler);
  AllocMeter meter;
  meter.start();
  int i = 0;
  for (auto _ : state) {
    log.info(kMessage, i, i + 1, kDouble);
    ++i;
  }
  meter.report(state);
  handler->close();
  log.removeHandler(handler);
  verify_file(state, path, pyos_format(name), {state.iterations(), 1});
}

struct Shared {
  std::string path;
  std::shared_ptr<lg::FileHandler> handler;
};

void threads(benchmark::State& state, const std::shared_ptr<Shared>& shared) {
  lg::Logger& log = lg::getLogger(kNameThreads);
  if (state.thread_index() == 0) {
    shared->path = fresh_path(scenario::kThreads, "pyos");
    fresh(kNameThreads);
    shared->handler = std::make_shared<lg::FileHandler>(shared->path, "w");
    shared->handler->setFormatter(formatter());
    log.addHandler(shared->handler);
  }
  const int t = state.thread_index();
  const int n = state.threads();
  std::int64_t k = 0;
  for (auto _ : state) {
    const int v = thread_value(k++, t, n);
    log.info(kMessage, v, v + 1, kDouble);
  }
  if (state.thread_index() == 0) {
    shared->handler->close();
    log.removeHandler(shared->handler);
    shared->handler.reset();
    verify_file(state, shared->path, pyos_format(kNameThreads), {state.iterations() * n, n});
  }
}

}  // namespace

void add_pyos_cases(Cases& cases) {
  cases.push_back({scenario::kDisabledLogger, "pyos", disabled_logger});
  cases.push_back({scenario::kDisabledInherited, "pyos", disabled_inherited});
  cases.push_back({scenario::kDisabledAdapter, "pyos", disabled_adapter});
  cases.push_back({scenario::kMemory, "pyos", memory});
  cases.push_back({scenario::kFileBuffered, "pyos",
                   [](benchmark::State& s) { file(s, scenario::kFileBuffered, kNameBuffered, true); }});
  cases.push_back({scenario::kFileFlush, "pyos",
                   [](benchmark::State& s) { file(s, scenario::kFileFlush, kNameFlush, false); }});
  cases.push_back({scenario::kDepth1, "pyos", [](benchmark::State& s) { depth(s, 1); }});
  cases.push_back({scenario::kDepth4, "pyos", [](benchmark::State& s) { depth(s, 4); }});
  cases.push_back({scenario::kDepth8, "pyos", [](benchmark::State& s) { depth(s, 8); }});
  cases.push_back({scenario::kFiltersAdapter, "pyos", filters_adapter});
  auto shared = std::make_shared<Shared>();
  cases.push_back({scenario::kThreads, "pyos", [shared](benchmark::State& s) { threads(s, shared); }, 2});
}

}  // namespace pyos::bench::logging
