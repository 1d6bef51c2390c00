// File: common/cpython_peer.hpp
//
// CPython as a benchmark peer (impl "cpython"). A suite lists its scenarios as timeit
// statements; the first CPython benchmark that runs measures them all at once in one child
// interpreter (timeit, median of five repeats of ~50 ms each) and every scenario then
// reports its time per call as manual time. The interpreter is $PYOS_BENCH_PYTHON, else
// CPython 3.13 from pyenv, else python3 on the PATH; without one the lines are absent and
// nothing fails. The number includes the interpreter's call overhead: what a Python caller
// pays.
//
// A case may also leave something behind to check (a log file, say): `teardown` is Python
// code run once after its measurement, and `verify` is then called with the number of
// statements the last timed run executed after its setup (an empty result means all is
// well; a text fails that scenario's benchmark with it).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace pyos::bench {

struct PythonCase {
  std::string scenario;  // the scenario name shared with the C++ implementations
  std::string stmt;      // timeit statement
  std::string setup;     // timeit setup
  std::string teardown = {};                                   // optional, see above
  std::function<std::string(std::int64_t number)> verify = {};  // optional, see above
};

// A Python string literal for s (quotes, backslashes and line breaks escaped), for
// building statements.
std::string py_repr(const std::string& s);

// Registers BM_<suite>/<scenario>/cpython for every case; nothing when no Python is found.
void register_cpython(const std::string& suite, std::vector<PythonCase> cases);

}  // namespace pyos::bench
