// File: common/main.cpp
//
// The main of every benchmark suite: Google Benchmark's command line, results as JSON lines
// on stdout (common/json_lines_reporter.hpp). The display format is fixed, so
// --benchmark_format has no effect; Google Benchmark's own report is still available with
// --benchmark_out=FILE --benchmark_out_format=json|console|csv.
//
// Exit status: 0 when every benchmark ran, 1 when one failed or none matched the filter,
// 2 for an unknown flag.
#include <benchmark/benchmark.h>

#include <cstddef>

#include "common/json_lines_reporter.hpp"

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;

  pyos::bench::JsonLinesReporter reporter;
  const std::size_t matched = benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();

  // Google Benchmark has already said that nothing matched; the status tells the script.
  return matched == 0 || reporter.failed() ? 1 : 0;
}
