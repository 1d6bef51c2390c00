#include "common/cpython_peer.hpp"

#include <benchmark/benchmark.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

namespace pyos::bench {
namespace {

std::optional<std::string> find_python() {
  if (const char* env = std::getenv("PYOS_BENCH_PYTHON"); env && *env) return std::string(env);
  const char* home = std::getenv("HOME");
  std::error_code ec;
  std::string best;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(home ? home : "/root") + "/.pyenv/versions", ec)) {
    const std::string exe = entry.path().string() + "/bin/python3";
    if (entry.path().filename().string().rfind("3.13", 0) == 0 && ::access(exe.c_str(), X_OK) == 0) {
      best = std::max(best, exe);
    }
  }
  if (!best.empty()) return best;
  for (const char* exe : {"/usr/bin/python3", "/usr/local/bin/python3"}) {
    if (::access(exe, X_OK) == 0) return std::string(exe);
  }
  return std::nullopt;
}

struct Peer {
  std::vector<PythonCase> cases;
  std::once_flag once;
  std::map<std::string, double> ns_per_call;  // and "<scenario>#number"
  std::map<std::string, std::string> verdicts;  // the result of each case's verify

  void measure() {
    const auto python = find_python();
    if (!python) return;
    std::string script = "import json, statistics, sys, timeit, traceback\nCASES = [\n";
    for (const auto& c : cases) {
      script += "    (" + py_repr(c.scenario) + ", " + py_repr(c.stmt) + ", " + py_repr(c.setup) + ", " +
                py_repr(c.teardown) + "),\n";
    }
    // A case that raises is reported on stderr and left out (its benchmark then fails);
    // the others still count. "<name>#number" is what the last timed run executed.
    script +=
        "]\n"
        "out = {}\n"
        "for name, stmt, setup, teardown in CASES:\n"
        "    try:\n"
        "        t = timeit.Timer(stmt, setup=setup)\n"
        "        n, took = t.autorange()\n"
        "        n = max(1, int(n * 0.05 / max(took, 1e-9)))\n"
        "        ns = statistics.median(t.repeat(repeat=5, number=n)) / n * 1e9\n"
        "        if teardown:\n"
        "            exec(teardown, {})\n"
        "        out[name] = ns\n"
        "        out[name + '#number'] = n\n"
        "    except Exception:\n"
        "        print('cpython peer: scenario', name, 'failed:', file=sys.stderr)\n"
        "        traceback.print_exc()\n"
        "print(json.dumps(out))\n";
    char file[] = "/tmp/pyos-bench-cpython-XXXXXX";
    const int fd = ::mkstemp(file);
    if (fd < 0) return;
    const bool written = ::write(fd, script.data(), script.size()) == static_cast<ssize_t>(script.size());
    ::close(fd);
    if (written) {
      const std::string cmd = "'" + *python + "' -I '" + file + "'";
      if (FILE* pipe = ::popen(cmd.c_str(), "r")) {
        std::string text;
        char buf[4096];
        std::size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) text.append(buf, n);
        if (::pclose(pipe) == 0) parse(text);
      }
    }
    ::unlink(file);
    for (const auto& c : cases) {
      const auto number = ns_per_call.find(c.scenario + "#number");
      if (c.verify && number != ns_per_call.end()) {
        verdicts[c.scenario] = c.verify(static_cast<std::int64_t>(number->second));
      }
    }
  }

  // {"name": 123.4, ...}: flat enough to read without a JSON library.
  void parse(const std::string& text) {
    for (std::size_t i = text.find('"'); i != std::string::npos; i = text.find('"', i)) {
      const std::size_t end = text.find('"', i + 1);
      const std::size_t colon = text.find(':', end);
      if (end == std::string::npos || colon == std::string::npos) break;
      ns_per_call[text.substr(i + 1, end - i - 1)] = std::strtod(text.c_str() + colon + 1, nullptr);
      i = colon;
    }
  }
};

}  // namespace

std::string py_repr(const std::string& s) {
  std::string out = "'";
  for (const char c : s) {
    switch (c) {
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\'': out += "\\'"; break;
      case '\\': out += "\\\\"; break;
      default: out += c;
    }
  }
  return out + "'";
}

void register_cpython(const std::string& suite, std::vector<PythonCase> cases) {
  if (!find_python()) return;  // no interpreter: no cpython lines (and no failure)
  auto peer = std::make_shared<Peer>();
  peer->cases = std::move(cases);
  for (const auto& c : peer->cases) {
    const std::string scenario = c.scenario;
    benchmark::RegisterBenchmark(("BM_" + suite + "/" + scenario + "/cpython").c_str(),
                                 [peer, scenario](benchmark::State& state) {
                                   std::call_once(peer->once, [&] { peer->measure(); });
                                   const auto it = peer->ns_per_call.find(scenario);
                                   if (it == peer->ns_per_call.end()) {
                                     state.SkipWithError("CPython did not report this scenario");
                                     return;
                                   }
                                   if (const auto v = peer->verdicts.find(scenario);
                                       v != peer->verdicts.end() && !v->second.empty()) {
                                     state.SkipWithError(("CPython's output: " + v->second).c_str());
                                     return;
                                   }
                                   for (auto _ : state) state.SetIterationTime(it->second * 1e-9);
                                 })
        ->UseManualTime();
  }
}

}  // namespace pyos::bench
