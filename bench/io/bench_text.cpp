// File: io/bench_text.cpp
//
// Suite "io", text scenarios (one operation = one 64-byte line of UTF-8):
//   text_readline  TextIOWrapper.readline, open(path, "r", encoding="utf-8") (universal
//                  newlines, translated), over a cached 32 MiB file of 64-byte lines in which
//                  3 lines of 8 hold 2- and 3-byte characters and 2 of 8 end in "\r\n" vs
//                  std::getline on an ifstream and getline(3) (both split at '\n' only and
//                  decode nothing: the floor of a line reader), CPython's f.readline with the
//                  same open().
//   text_readline_into  the same lines through TextIOWrapper.readline_into (the C++
//                  addition that reuses one string, as getline(3) and std::getline do) vs
//                  the same two.
//   text_write     TextIOWrapper.write of one 64-byte line with 2- and 3-byte characters,
//                  open("/dev/null", "w", encoding="utf-8") (newline=None: '\n' is written
//                  as is on POSIX) vs fwrite and ofstream::write of the same bytes and
//                  CPython's f.write with the same open().
// Each implementation uses its library's default buffer, as in bench_binary.cpp.
#include <benchmark/benchmark.h>

#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "common/cpython_peer.hpp"
#include "io/line_readers.hpp"
#include "pyos/io/open.hpp"
#include "pyos/io/textio.hpp"

namespace {

namespace io = pyos::io;

constexpr std::size_t kLineSize = 64;
const std::string kSink = "/dev/null";
const std::string kTextLines = "/tmp/pyos-bench-io-text-lines-v1";
constexpr std::size_t kFileSize = 32u << 20;

// `head` padded with ASCII to kLineSize bytes, `end` included.
std::string line(const std::string& head, const std::string& end) {
  std::string out = head;
  const std::string filler = "the quick brown fox jumps over the lazy dog 0123456789 ";
  for (std::size_t i = 0; out.size() + end.size() < kLineSize; ++i) out.push_back(filler[i % filler.size()]);
  out.append(end);
  return out;
}

// The 8 lines the file repeats: 3 with 2- and 3-byte characters, 2 ending in "\r\n".
const std::array<std::string, 8>& text_lines() {
  static const std::array<std::string, 8> lines = {
      line("", "\n"),
      line("naïve café: 5 € ", "\n"),
      line("", "\r\n"),
      line("", "\n"),
      line("Grüße aus Köln — ça coûte 3 € ", "\r\n"),
      line("", "\n"),
      line("→ ✓ déjà vu ", "\n"),
      line("", "\n"),
  };
  return lines;
}

const std::string kWriteLine = line("naïve café: 5 € → ✓ ", "\n");

bool text_fixture() {
  static const bool ready = [] {
    std::string block;
    for (int i = 0; i < 128; ++i) {
      for (const std::string& l : text_lines()) block.append(l);
    }
    return pyos::bench::io::repeated_file(kTextLines, block, kFileSize);
  }();
  return ready;
}

// ---- text_readline ------------------------------------------------------------------------

void text_readline_pyos(benchmark::State& state) {
  if (!text_fixture()) return state.SkipWithError("fixture");
  auto f = io::open_as<io::TextIOWrapper>(kTextLines, "r", {.encoding = "utf-8"});
  pyos::bench::io::readline_loop(state, *f);
}

void text_readline_pyos_into(benchmark::State& state) {
  if (!text_fixture()) return state.SkipWithError("fixture");
  auto f = io::open_as<io::TextIOWrapper>(kTextLines, "r", {.encoding = "utf-8"});
  pyos::bench::io::readline_into_loop(state, *f);
}

void text_readline_std_getline(benchmark::State& state) {
  if (!text_fixture()) return state.SkipWithError("fixture");
  pyos::bench::io::std_getline_loop(state, kTextLines, std::ios::in);
}

void text_readline_getline(benchmark::State& state) {
  if (!text_fixture()) return state.SkipWithError("fixture");
  pyos::bench::io::getline_loop(state, kTextLines, "r");
}

// ---- text_write ---------------------------------------------------------------------------

void text_write_pyos(benchmark::State& state) {
  auto f = io::open_as<io::TextIOWrapper>(kSink, "w", {.encoding = "utf-8"});
  for (auto _ : state) f->write(kWriteLine);
  f->flush();
}

void text_write_stdio(benchmark::State& state) {
  std::FILE* f = std::fopen(kSink.c_str(), "w");
  for (auto _ : state) std::fwrite(kWriteLine.data(), 1, kWriteLine.size(), f);
  std::fclose(f);
}

void text_write_iostream(benchmark::State& state) {
  std::ofstream f(kSink);
  for (auto _ : state) f.write(kWriteLine.data(), static_cast<std::streamsize>(kWriteLine.size()));
}

int register_all() {
  benchmark::RegisterBenchmark("BM_io/text_readline/pyos", text_readline_pyos);
  benchmark::RegisterBenchmark("BM_io/text_readline/std_getline", text_readline_std_getline);
  benchmark::RegisterBenchmark("BM_io/text_readline/getline", text_readline_getline);
  benchmark::RegisterBenchmark("BM_io/text_readline_into/pyos", text_readline_pyos_into);
  benchmark::RegisterBenchmark("BM_io/text_readline_into/std_getline", text_readline_std_getline);
  benchmark::RegisterBenchmark("BM_io/text_readline_into/getline", text_readline_getline);
  benchmark::RegisterBenchmark("BM_io/text_write/pyos", text_write_pyos);
  benchmark::RegisterBenchmark("BM_io/text_write/stdio", text_write_stdio);
  benchmark::RegisterBenchmark("BM_io/text_write/iostream", text_write_iostream);
  text_fixture();
  std::string readline_setup = "f = open(";
  readline_setup.append(pyos::bench::py_repr(kTextLines)).append(", 'r', encoding='utf-8'); r = f.readline");
  std::string write_setup = "f = open('/dev/null', 'w', encoding='utf-8'); w = f.write; line = ";
  write_setup.append(pyos::bench::py_repr(kWriteLine));
  pyos::bench::register_cpython("io", {{"text_readline", "r() or f.seek(0)", readline_setup},
                                       {"text_write", "w(line)", write_setup}});
  return 0;
}

const int registered = register_all();

}  // namespace
