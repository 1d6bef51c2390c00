// File: common/json_lines_reporter.hpp
//
// JsonLinesReporter: a Google Benchmark reporter that prints what bench/run.sh promises
// (DESIGN.md, "Performance design"): one JSON object per line per implementation per scenario,
//
//     {"suite":"sys","scenario":"getpid","impl":"pyos","ns_per_op":52.31,"ops":13457000}
//
// and after each scenario one line per peer with the ratio of pyos to that peer,
//
//     {"suite":"sys","scenario":"getpid","ratio":"pyos/libc","value":1.013}
//
// Benchmarks are named "BM_<suite>/<scenario>/<impl>"; the scenario may itself contain '/',
// and Google Benchmark's arguments and thread count are appended to it ("read/4096"), so the
// peers of one scenario are the benchmarks that differ only in <impl>.
//
// One iteration is one operation. ns_per_op is the real (wall-clock) time per iteration; with
// repetitions it is the median over the repetitions and ops is the sum of their iterations.
// A benchmark's user counters (state.counters["allocs_per_op"] = ...) follow as extra fields,
// each the median over the repetitions:
//
//     {"suite":"logging","scenario":"S2_format_memory","impl":"pyos","ns_per_op":151.2,"ops":4600000,"allocs_per_op":0}
//
// Lines are printed at the end of the run, in registration order, so that random interleaving
// (--benchmark_enable_random_interleaving) does not shuffle the output.
#pragma once

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pyos::bench {

// Where a benchmark belongs, read off its name.
struct BenchId {
  std::string suite;
  std::string scenario;
  std::string impl;
};

// "BM_sys/getpid/pyos" -> {sys, getpid, pyos}; nullopt for a name that does not follow
// the convention.
inline std::optional<BenchId> parse_bench_id(const benchmark::BenchmarkName& name) {
  constexpr std::string_view kPrefix = "BM_";
  const std::string& full = name.function_name;
  const std::size_t first = full.find('/');
  const std::size_t last = full.rfind('/');
  if (full.rfind(kPrefix, 0) != 0 || first == std::string::npos || first == last) {
    return std::nullopt;
  }
  BenchId id{full.substr(kPrefix.size(), first - kPrefix.size()),
             full.substr(first + 1, last - first - 1), full.substr(last + 1)};
  if (id.suite.empty() || id.scenario.empty() || id.impl.empty()) return std::nullopt;
  if (!name.args.empty()) id.scenario += "/" + name.args;
  if (!name.threads.empty()) id.scenario += "/" + name.threads;
  return id;
}

// A JSON string literal, quotes included.
inline std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

// A JSON number with `decimals` digits after the point (never an exponent, never NaN).
inline std::string json_number(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

// A counter: an integer as such, else four decimals (never an exponent, never NaN).
inline std::string json_counter(double value) {
  if (!std::isfinite(value)) return "0";
  if (value == std::floor(value) && std::fabs(value) < 1e15) return json_number(value, 0);
  return json_number(value, 4);
}

// About four significant digits, whatever the magnitude: 123.4, 45.67, 3.142, 0.3142.
inline std::string json_nanoseconds(double ns) {
  const int decimals = ns >= 100 ? 1 : ns >= 10 ? 2 : ns >= 1 ? 3 : 4;
  return json_number(ns, decimals);
}

inline double to_nanoseconds(double value, benchmark::TimeUnit unit) {
  switch (unit) {
    case benchmark::kNanosecond: return value;
    case benchmark::kMicrosecond: return value * 1e3;
    case benchmark::kMillisecond: return value * 1e6;
    case benchmark::kSecond: return value * 1e9;
  }
  return value;
}

class JsonLinesReporter final : public benchmark::BenchmarkReporter {
 public:
  // True once a benchmark failed (SkipWithError) or broke the naming convention.
  bool failed() const noexcept { return failed_; }

  bool ReportContext(const Context& context) override {
    if (context.cpu_info.scaling == benchmark::CPUInfo::ENABLED) {
      GetErrorStream() << "note: CPU frequency scaling is enabled; absolute times are noisy, "
                          "compare the ratios\n";
    }
    return true;
  }

  // Called for each benchmark instance with its repetitions, and again with its aggregates
  // (mean, median, ...), which are not used: the median is taken here.
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      const std::pair<std::int64_t, std::int64_t> instance{run.family_index,
                                                           run.per_family_instance_index};
      if (run.run_type != Run::RT_Iteration) {
        if (!seen_.contains(instance) && !aggregates_only_) {
          GetErrorStream() << "error: only aggregates were reported; run without "
                              "--benchmark_report_aggregates_only and "
                              "--benchmark_display_aggregates_only\n";
          aggregates_only_ = failed_ = true;
        }
        continue;
      }
      seen_.insert(instance);
      if (run.error_occurred) {
        fail(run, run.error_message);
        continue;
      }
      Entry* entry = find_or_add(run);
      if (entry == nullptr) continue;
      entry->ns_per_rep.push_back(to_nanoseconds(run.GetAdjustedRealTime(), run.time_unit));
      entry->ops += run.iterations;
      for (const auto& [name, counter] : run.counters) entry->counters[name].push_back(counter.value);
    }
  }

  void Finalize() override {
    for (Entry& e : results_) e.ns_per_op = median(e.ns_per_rep);
    std::stable_sort(results_.begin(), results_.end(), [](const Entry& a, const Entry& b) {
      return a.family != b.family ? a.family < b.family : a.instance < b.instance;
    });
    std::vector<bool> printed(results_.size(), false);
    for (std::size_t i = 0; i < results_.size(); ++i) {
      if (printed[i]) continue;
      // Every entry of this scenario, in registration order.
      std::vector<const Entry*> peers;
      for (std::size_t j = i; j < results_.size(); ++j) {
        if (!printed[j] && same_scenario(results_[i].id, results_[j].id)) {
          peers.push_back(&results_[j]);
          printed[j] = true;
        }
      }
      print_scenario(peers);
    }
    GetOutputStream().flush();
  }

 private:
  struct Entry {
    std::int64_t family;
    std::int64_t instance;
    BenchId id;
    std::vector<double> ns_per_rep;
    std::int64_t ops = 0;
    double ns_per_op = 0;  // set by Finalize
    std::map<std::string, std::vector<double>> counters;  // user counters, per repetition
  };

  Entry* find(const Run& run) {
    for (Entry& e : results_) {
      if (e.family == run.family_index && e.instance == run.per_family_instance_index) return &e;
    }
    return nullptr;
  }

  // The entry of the run's benchmark instance; nullptr (and a failure) for a badly named one.
  Entry* find_or_add(const Run& run) {
    if (Entry* e = find(run)) return e;
    std::optional<BenchId> id = parse_bench_id(run.run_name);
    if (!id) {
      fail(run, "not named BM_<suite>/<scenario>/<impl>");
      return nullptr;
    }
    results_.push_back({run.family_index, run.per_family_instance_index, std::move(*id), {}, 0, 0, {}});
    return &results_.back();
  }

  // Once per benchmark, however many repetitions fail.
  void fail(const Run& run, const std::string& why) {
    failed_ = true;
    if (failures_.insert(run.benchmark_name()).second) {
      GetErrorStream() << "error: " << run.benchmark_name() << ": " << why << "\n";
    }
  }

  static double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const std::size_t mid = values.size() / 2;
    return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }

  static bool same_scenario(const BenchId& a, const BenchId& b) {
    return a.suite == b.suite && a.scenario == b.scenario;
  }

  static std::string prefix(const BenchId& id) {
    return "{\"suite\":" + json_string(id.suite) + ",\"scenario\":" + json_string(id.scenario);
  }

  void print_scenario(const std::vector<const Entry*>& peers) {
    std::ostream& out = GetOutputStream();
    const Entry* pyos = nullptr;
    for (const Entry* e : peers) {
      out << prefix(e->id) << ",\"impl\":" << json_string(e->id.impl)
          << ",\"ns_per_op\":" << json_nanoseconds(e->ns_per_op) << ",\"ops\":" << e->ops;
      for (const auto& [name, values] : e->counters) {
        out << "," << json_string(name) << ":" << json_counter(median(values));
      }
      out << "}\n";
      if (e->id.impl == "pyos" && pyos == nullptr) pyos = e;
    }
    if (pyos == nullptr) return;
    for (const Entry* e : peers) {
      if (e == pyos || e->ns_per_op <= 0) continue;
      out << prefix(e->id) << ",\"ratio\":" << json_string("pyos/" + e->id.impl)
          << ",\"value\":" << json_number(pyos->ns_per_op / e->ns_per_op, 3) << "}\n";
    }
  }

  std::vector<Entry> results_;
  std::set<std::pair<std::int64_t, std::int64_t>> seen_;  // (family, instance) with a run
  std::set<std::string> failures_;                        // benchmarks reported as failed
  bool failed_ = false;
  bool aggregates_only_ = false;
};

}  // namespace pyos::bench
