// File: logging/bench_logging.cpp
//
// Suite "logging": pyos::logging against spdlog, glog, log4cxx, Poco, Boost.Log (the Debian
// bookworm packages; a missing one is left out at configure time) and CPython's logging, in
// the same run. Every library logs the same message, "Logging int: %d, int: %d, double: %f"
// with (i, i + 1, 3.14), in its own syntax, with the same line layout
// ("%(asctime)s %(levelname)s %(name)s: %(message)s" or the library's equivalent; glog's
// prefix is fixed), to files in one temporary directory. One operation = one logging call.
//
//   S1_disabled_logger        debug() below the logger's own level (INFO)
//   S1_disabled_inherited4    debug() on a.b.c.d, the level (INFO) set on root: inherited
//                             through 4 dotted levels (Poco copies levels down instead)
//   S1_disabled_adapter       debug() through a LoggerAdapter
//       The level is changed through the library's API every 1024 calls (INFO <-> WARNING,
//       both disabling the call) so the check cannot be hoisted; the third argument is a
//       Counted whose formatting is counted: any formatting fails the run.
//   S2_format_memory          an enabled record, fully formatted into an in-memory stream
//                             (pyos: StreamHandler over a TextIOBase appending to a string;
//                             CPython: StreamHandler over io.StringIO; the peers: their own
//                             in-memory sink after their pattern formatter)
//   S3_file_buffered          a file handler that flushes when its buffer fills and at close
//                             (pyos: FileHandler with setBuffered(true))
//   S4_file_flush             a file handler that flushes every record (Python's FileHandler);
//                             "floor" is one write(2) of the same bytes per record,
//                             "floor_io" the same lines through pyos::io's text layer
//   S9_root_handler_depth1/4/8  the handler on root, the call on a logger 1, 4 or 8 levels
//                             below it (in-memory stream): the cost of the hierarchy
//   S10_filters_adapter_extra two filters on the logger (a name Filter and a callable), a
//                             LoggerAdapter whose `extra` the format renders:
//                             "%(asctime)s %(levelname)s %(name)s [%(user)s]: %(message)s"
//   MT_file_flush/threads:2   two threads logging to one flushing file handler
//
// Every output is read back: the number of lines, each line's layout and message, the
// order of the numbers (single thread) or each number exactly once (two threads). A
// mismatch fails the benchmark, and so the run. Each C++ implementation of a single-thread
// scenario reports allocs_per_op (heap allocations per call in the timed loop, counted by
// this executable's operator new) and S1 reports formatted_args (must be 0).
//
// Impl names: pyos, spdlog_st (basic_file_sink_st), spdlog_mt (basic_file_sink_mt),
// spdlog_flush (flush_on(info)), glog, log4cxx, poco, boostlog, floor, floor_io, cpython.
#include <algorithm>
#include <string>
#include <vector>

#include "common/cpython_peer.hpp"
#include "logging/common.hpp"

namespace pyos::bench::logging {
namespace {

// ---- CPython ----------------------------------------------------------------------------------
// Each setup starts from a clean logger (handlers closed and removed, filters dropped): timeit
// runs the setup again for every timed run.
const std::string kPrelude =
    "import io, itertools, logging\n"
    "MSG = 'Logging int: %d, int: %d, double: %f'\n"
    "def fresh(name, level=logging.INFO, propagate=False):\n"
    "    lg = logging.getLogger(name)\n"
    "    for h in lg.handlers[:]:\n"
    "        lg.removeHandler(h)\n"
    "        h.close()\n"
    "    for f in lg.filters[:]:\n"
    "        lg.removeFilter(f)\n"
    "    lg.setLevel(level)\n"
    "    lg.propagate = propagate\n"
    "    return lg\n"
    "c = itertools.count()\n";

std::string formatter(const char* format) { return "logging.Formatter(" + py_repr(format) + ")"; }

// Teardown: the stream of the first handler of `logger` written to `path` (in-memory cases),
// or the handlers closed (file cases); handlers removed either way.
std::string dump_stream(const std::string& logger, const std::string& path) {
  return "import logging\n"
         "lg = logging.getLogger(" + py_repr(logger) + ")\n"
         "with open(" + py_repr(path) + ", 'w') as f:\n"
         "    f.write(lg.handlers[0].stream.getvalue())\n"
         "for h in lg.handlers[:]:\n"
         "    lg.removeHandler(h)\n"
         "    h.close()\n";
}

std::string close_handlers(const std::string& logger) {
  return "import logging\n"
         "lg = logging.getLogger(" + py_repr(logger) + ")\n"
         "for h in lg.handlers[:]:\n"
         "    lg.removeHandler(h)\n"
         "    h.close()\n";
}

std::function<std::string(std::int64_t)> verify_python_file(const std::string& path, LineFormat format) {
  return [path, format](std::int64_t number) { return check_file(path, format, {number, 1}); };
}

LineFormat python_format(std::string name, std::string extra = {}) {
  LineFormat f;
  f.name = std::move(name);
  f.extra = std::move(extra);
  return f;
}

std::vector<PythonCase> cpython_cases() {
  namespace sc = scenario;
  const std::string call = "i = next(c); info(MSG, i, i + 1, 3.14)";
  std::vector<PythonCase> cases;

  cases.push_back({sc::kDisabledLogger, "d(MSG, 1, 2, 3.14)",
                   kPrelude + "d = fresh(" + py_repr(kNameDisabled) + ").debug"});
  cases.push_back({sc::kDisabledInherited, "d(MSG, 1, 2, 3.14)",
                   kPrelude +
                       "logging.getLogger().setLevel(logging.INFO)\n"
                       "for n in ('s1i', 's1i.b', 's1i.b.c', 's1i.b.c.d'):\n"
                       "    logging.getLogger(n).setLevel(logging.NOTSET)\n"
                       "d = logging.getLogger('s1i.b.c.d').debug"});
  cases.push_back({sc::kDisabledAdapter, "d(MSG, 1, 2, 3.14)",
                   kPrelude + "d = logging.LoggerAdapter(fresh(" + py_repr(kNameAdapter) +
                       "), {'user': 'bob'}).debug"});

  {
    const std::string path = fresh_path(sc::kMemory, "cpython");
    cases.push_back({sc::kMemory, call,
                     kPrelude + "lg = fresh(" + py_repr(kNameMemory) +
                         ")\nh = logging.StreamHandler(io.StringIO())\nh.setFormatter(" +
                         formatter(kPythonFormat) + ")\nlg.addHandler(h)\ninfo = lg.info",
                     dump_stream(kNameMemory, path), verify_python_file(path, python_format(kNameMemory))});
  }
  {
    const std::string path = fresh_path(sc::kFileFlush, "cpython");
    cases.push_back({sc::kFileFlush, call,
                     kPrelude + "lg = fresh(" + py_repr(kNameFlush) + ")\nh = logging.FileHandler(" +
                         py_repr(path) + ", 'w')\nh.setFormatter(" + formatter(kPythonFormat) +
                         ")\nlg.addHandler(h)\ninfo = lg.info",
                     close_handlers(kNameFlush), verify_python_file(path, python_format(kNameFlush))});
  }
  const std::pair<const char*, int> depths[] = {{sc::kDepth1, 1}, {sc::kDepth4, 4}, {sc::kDepth8, 8}};
  for (const auto& [name, depth] : depths) {
    const std::vector<std::string> chain = depth_chain(depth);
    std::string names;
    for (const auto& n : chain) names += py_repr(n) + ", ";
    const std::string path = fresh_path(name, "cpython");
    cases.push_back({name, call,
                     kPrelude +
                         "root = fresh('', propagate=True)\n"
                         "h = logging.StreamHandler(io.StringIO())\nh.setFormatter(" +
                         formatter(kPythonFormat) +
                         ")\nroot.addHandler(h)\n"
                         "for n in (" + names + "):\n"
                         "    fresh(n, logging.NOTSET, True)\n"
                         "info = logging.getLogger(" + py_repr(chain.back()) + ").info",
                     dump_stream("", path), verify_python_file(path, python_format(chain.back()))});
  }
  {
    const std::string path = fresh_path(sc::kFiltersAdapter, "cpython");
    cases.push_back({sc::kFiltersAdapter, call,
                     kPrelude + "lg = fresh(" + py_repr(kNameFilters) +
                         ")\nh = logging.StreamHandler(io.StringIO())\nh.setFormatter(" +
                         formatter(kPythonFormatExtra) +
                         ")\nlg.addHandler(h)\n"
                         "lg.addFilter(logging.Filter('bench'))\n"
                         "lg.addFilter(lambda record: True)\n"
                         "info = logging.LoggerAdapter(lg, {'user': " + py_repr(kUser) + "}).info",
                     dump_stream(kNameFilters, path),
                     verify_python_file(path, python_format(kNameFilters, kUser))});
  }
  return cases;
}

// ---- registration -----------------------------------------------------------------------------
int register_all() {
  Cases cases;
  add_pyos_cases(cases);
#ifdef PYOS_BENCH_HAVE_SPDLOG
  add_spdlog_cases(cases);
#endif
#ifdef PYOS_BENCH_HAVE_GLOG
  add_glog_cases(cases);
#endif
#ifdef PYOS_BENCH_HAVE_LOG4CXX
  add_log4cxx_cases(cases);
#endif
#ifdef PYOS_BENCH_HAVE_POCO
  add_poco_cases(cases);
#endif
#ifdef PYOS_BENCH_HAVE_BOOSTLOG
  add_boostlog_cases(cases);
#endif
  add_floor_cases(cases);

  // Scenario by scenario, pyos first: the reporter prints a scenario's lines in
  // registration order and the ratios pyos/<impl> after them.
  static constexpr const char* kScenarios[] = {
      scenario::kDisabledLogger, scenario::kDisabledInherited, scenario::kDisabledAdapter,
      scenario::kMemory,         scenario::kFileBuffered,      scenario::kFileFlush,
      scenario::kDepth1,         scenario::kDepth4,            scenario::kDepth8,
      scenario::kFiltersAdapter, scenario::kThreads};
  static constexpr const char* kImpls[] = {"pyos",  "spdlog_st", "spdlog_mt", "spdlog_flush", "glog",
                                           "log4cxx", "poco",    "boostlog",  "floor",    "floor_io"};
  auto rank = [](const auto& list, const std::string& name) {
    return std::find_if(std::begin(list), std::end(list), [&](const char* s) { return name == s; }) -
           std::begin(list);
  };
  std::stable_sort(cases.begin(), cases.end(), [&](const Case& a, const Case& b) {
    const auto sa = rank(kScenarios, a.scenario), sb = rank(kScenarios, b.scenario);
    return sa != sb ? sa < sb : rank(kImpls, a.impl) < rank(kImpls, b.impl);
  });
  for (Case& c : cases) {
    const std::string name = "BM_logging/" + c.scenario + "/" + c.impl;
    auto* b = benchmark::RegisterBenchmark(name.c_str(), [name, run = std::move(c.run)](benchmark::State& state) {
      if (state.thread_index() == 0) current_benchmark() = name;
      run(state);
    });
    b->UseRealTime();
    if (c.threads > 1) b->Threads(c.threads);
  }
  register_cpython("logging", cpython_cases());
  return 0;
}

const int registered = register_all();

}  // namespace
}  // namespace pyos::bench::logging
