// File: os/bench_path.cpp
//
// Suite "os", scenarios path.*: os.path through pyos against the nearest std::filesystem
// spelling of the same work, libc where there is a system call floor, and CPython itself.
//
// Each scenario does what the Python call does and keeps the whole result: join gives a
// new path, splitext both halves, relpath the relative path. The std::filesystem peers start
// from the same std::string inputs (a path object is built from them, as a caller holding
// strings must) and produce the equivalent value.
//
// The CPython peer (impl "cpython") is measured by the pinned interpreter with timeit, once
// per run of the suite, in a child process: $PYOS_BENCH_PYTHON, else CPython 3.13 from pyenv,
// else python3 on the PATH. Without Python those lines are simply absent (never a failure).
// Its number is the median of five timeit repeats of the same call on the same inputs, so it
// includes the interpreter's call overhead — which is what a Python caller pays.
#include <benchmark/benchmark.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "common/cpython_peer.hpp"
#include "pyos/os/environ.hpp"
#include "pyos/os/path.hpp"

namespace {

namespace fs = std::filesystem;
namespace path = pyos::os::path;

// The inputs, shared by every implementation (the Python script gets the same strings).
const std::string kJoinA = "/usr", kJoinB = "lib", kJoinC = "libc.so.6";
const std::string kNormpath = "a/./b/../c//d/";  // the landscape's measurement (spec §2.6)
const std::string kNormpathLong = "/usr/local/./lib/../lib//python3.13/site-packages/../os.py";
const std::string kSplitext = "/usr/lib/python3.13/os.py";
const std::string kRelPath = "/usr/lib/python3/dist-packages/pip/_internal/cli/main.py";
const std::string kRelStart = "/usr/share/doc/python3-pip";
const std::string kSplit = "/usr/lib/python3.13/os.py";
const std::string kAbspath = "/usr/./lib//x/../libc.so.6";
const std::string kCommonA = "/usr/lib/python3.13/os.py", kCommonB = "/usr/lib/python3.13/json/x.py";
const std::string kMissing = "/nonexistent/file";
const std::string kDir = "/usr/lib";
const std::string kFile = "/etc/passwd";
const std::string kRealpath = "/usr/lib/../bin/./env";
const std::string kExpandvars = "$HOME/x/${HOME}/y";
const std::string kExpanduser = "~/x";

template <class T>
void keep(T&& value) {
  benchmark::DoNotOptimize(value);
}

// ---- CPython --------------------------------------------------------------------------

// The same calls for CPython: (scenario, timeit statement, setup).
std::vector<pyos::bench::PythonCase> python_cases() {
  using pyos::bench::py_repr;
  const std::string imp = "import os, os.path as P; ";
  return {
      {"path.join3", "P.join(a, b, c)", imp + "a, b, c = " + py_repr(kJoinA) + ", " + py_repr(kJoinB) + ", " + py_repr(kJoinC)},
      {"path.normpath", "P.normpath(p)", imp + "p = " + py_repr(kNormpath)},
      {"path.normpath_long", "P.normpath(p)", imp + "p = " + py_repr(kNormpathLong)},
      {"path.splitext", "P.splitext(p)", imp + "p = " + py_repr(kSplitext)},
      {"path.relpath", "P.relpath(p, s)", imp + "p, s = " + py_repr(kRelPath) + ", " + py_repr(kRelStart)},
      {"path.split", "P.split(p)", imp + "p = " + py_repr(kSplit)},
      {"path.abspath", "P.abspath(p)", imp + "p = " + py_repr(kAbspath)},
      {"path.commonpath", "P.commonpath([a, b])", imp + "a, b = " + py_repr(kCommonA) + ", " + py_repr(kCommonB)},
      {"path.exists_missing", "P.exists(p)", imp + "p = " + py_repr(kMissing)},
      {"path.isdir", "P.isdir(p)", imp + "p = " + py_repr(kDir)},
      {"path.getsize", "P.getsize(p)", imp + "p = " + py_repr(kFile)},
      {"path.realpath", "P.realpath(p)", imp + "p = " + py_repr(kRealpath)},
      {"path.expandvars", "P.expandvars(p)", imp + "p = " + py_repr(kExpandvars)},
      {"path.expanduser", "P.expanduser(p)", imp + "p = " + py_repr(kExpanduser)},
  };
}

// ---- the scenarios --------------------------------------------------------------------

void join3_pyos(benchmark::State& state) {
  for (auto _ : state) keep(path::join(kJoinA, kJoinB, kJoinC));
}
void join3_std(benchmark::State& state) {
  for (auto _ : state) keep(fs::path(kJoinA) / kJoinB / kJoinC);
}

void normpath_pyos(benchmark::State& state, const std::string* p) {
  for (auto _ : state) keep(path::normpath(*p));
}
void normpath_std(benchmark::State& state, const std::string* p) {
  for (auto _ : state) keep(fs::path(*p).lexically_normal());
}

void splitext_pyos(benchmark::State& state) {
  for (auto _ : state) keep(path::splitext(kSplitext));
}
void splitext_std(benchmark::State& state) {
  // (root, ext): replace_extension() leaves the root.
  for (auto _ : state) {
    fs::path p(kSplitext);
    fs::path ext = p.extension();
    p.replace_extension();
    keep(p);
    keep(ext);
  }
}

void relpath_pyos(benchmark::State& state) {
  for (auto _ : state) keep(path::relpath(kRelPath, kRelStart));
}
void relpath_std(benchmark::State& state) {
  for (auto _ : state) keep(fs::path(kRelPath).lexically_relative(kRelStart));
}

void split_pyos(benchmark::State& state) {
  for (auto _ : state) keep(path::split(kSplit));
}
void split_std(benchmark::State& state) {
  for (auto _ : state) {
    const fs::path p(kSplit);
    keep(p.parent_path());
    keep(p.filename());
  }
}

void abspath_pyos(benchmark::State& state) {
  for (auto _ : state) keep(path::abspath(kAbspath));
}
void abspath_std(benchmark::State& state) {
  for (auto _ : state) keep(fs::absolute(kAbspath).lexically_normal());
}

void commonpath_pyos(benchmark::State& state) {
  for (auto _ : state) keep(path::commonpath({kCommonA, kCommonB}));
}

void exists_pyos(benchmark::State& state) {
  for (auto _ : state) keep(path::exists(kMissing));
}
void exists_std(benchmark::State& state) {
  for (auto _ : state) {
    std::error_code ec;
    keep(fs::exists(kMissing, ec));
  }
}
void exists_libc(benchmark::State& state) {
  for (auto _ : state) {
    struct stat st;
    keep(::stat(kMissing.c_str(), &st) == 0);
  }
}

void isdir_pyos(benchmark::State& state) {
  for (auto _ : state) keep(path::isdir(kDir));
}
void isdir_std(benchmark::State& state) {
  for (auto _ : state) {
    std::error_code ec;
    keep(fs::is_directory(kDir, ec));
  }
}
void isdir_libc(benchmark::State& state) {
  for (auto _ : state) {
    struct stat st;
    keep(::stat(kDir.c_str(), &st) == 0 && S_ISDIR(st.st_mode));
  }
}

void getsize_pyos(benchmark::State& state) {
  for (auto _ : state) keep(path::getsize(kFile));
}
void getsize_std(benchmark::State& state) {
  for (auto _ : state) {
    std::error_code ec;
    keep(fs::file_size(kFile, ec));
  }
}
void getsize_libc(benchmark::State& state) {
  for (auto _ : state) {
    struct stat st;
    keep(::stat(kFile.c_str(), &st) == 0 ? st.st_size : -1);
  }
}

void realpath_pyos(benchmark::State& state) {
  for (auto _ : state) keep(path::realpath(kRealpath));
}
void realpath_std(benchmark::State& state) {
  for (auto _ : state) {
    std::error_code ec;
    keep(fs::weakly_canonical(kRealpath, ec));  // the non-strict one, as realpath()
  }
}
void realpath_libc(benchmark::State& state) {
  for (auto _ : state) {
    char out[PATH_MAX];
    keep(::realpath(kRealpath.c_str(), out) != nullptr);
  }
}

void expandvars_pyos(benchmark::State& state) {
  for (auto _ : state) keep(path::expandvars(kExpandvars));
}
void expanduser_pyos(benchmark::State& state) {
  for (auto _ : state) keep(path::expanduser(kExpanduser));
}

// Names follow BM_<suite>/<scenario>/<impl> (common/json_lines_reporter.hpp).
void add(const std::string& scenario, const std::string& impl, void (*fn)(benchmark::State&)) {
  benchmark::RegisterBenchmark(("BM_os/" + scenario + "/" + impl).c_str(), fn);
}

[[maybe_unused]] const bool registered = [] {
  // HOME must exist for the expanders to do their work (same value for CPython).
  if (!pyos::os::environ.contains("HOME")) pyos::os::environ.set("HOME", "/root");

  add("path.join3", "pyos", join3_pyos);
  add("path.join3", "std_filesystem", join3_std);
  benchmark::RegisterBenchmark("BM_os/path.normpath/pyos", normpath_pyos, &kNormpath);
  benchmark::RegisterBenchmark("BM_os/path.normpath/std_filesystem", normpath_std, &kNormpath);
  benchmark::RegisterBenchmark("BM_os/path.normpath_long/pyos", normpath_pyos, &kNormpathLong);
  benchmark::RegisterBenchmark("BM_os/path.normpath_long/std_filesystem", normpath_std, &kNormpathLong);
  add("path.splitext", "pyos", splitext_pyos);
  add("path.splitext", "std_filesystem", splitext_std);
  add("path.relpath", "pyos", relpath_pyos);
  add("path.relpath", "std_filesystem", relpath_std);
  add("path.split", "pyos", split_pyos);
  add("path.split", "std_filesystem", split_std);
  add("path.abspath", "pyos", abspath_pyos);
  add("path.abspath", "std_filesystem", abspath_std);
  add("path.commonpath", "pyos", commonpath_pyos);
  add("path.exists_missing", "pyos", exists_pyos);
  add("path.exists_missing", "std_filesystem", exists_std);
  add("path.exists_missing", "libc", exists_libc);
  add("path.isdir", "pyos", isdir_pyos);
  add("path.isdir", "std_filesystem", isdir_std);
  add("path.isdir", "libc", isdir_libc);
  add("path.getsize", "pyos", getsize_pyos);
  add("path.getsize", "std_filesystem", getsize_std);
  add("path.getsize", "libc", getsize_libc);
  add("path.realpath", "pyos", realpath_pyos);
  add("path.realpath", "std_filesystem", realpath_std);
  add("path.realpath", "libc", realpath_libc);
  add("path.expandvars", "pyos", expandvars_pyos);
  add("path.expanduser", "pyos", expanduser_pyos);

  pyos::bench::register_cpython("os", python_cases());
  return true;
}();

}  // namespace
