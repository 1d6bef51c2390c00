// File: fuzz/replay_main.cpp
//
// The driver that links a fuzz target without libFuzzer, for the test suite (any compiler):
//   fuzz_replay_<target> [--mutations N] [--seed S] PATH...
// runs the target on every file under each PATH (the committed corpus, fuzz/corpus/<target>),
// then on N mutants of each file (bytes flipped, inserted, dropped or duplicated by a
// seeded generator, so a run is repeatable): the corpus guards what fuzzing found, the
// mutants keep some fuzzing in every test run. A broken property aborts (FUZZ_CHECK); the
// driver's signal handler then names the input on stderr and writes its bytes to
// ./replay-failure.bin, for `fuzz_<target> replay-failure.bin` or a debugger.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "fuzz_input.hpp"

namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string mutate(std::string s, std::mt19937_64& rng) {
  const auto below = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  for (std::size_t edits = 1 + below(4); edits > 0; --edits) {
    const std::size_t at = s.empty() ? 0 : below(s.size());
    switch (below(5)) {
      case 0:
        if (!s.empty()) s[at] = static_cast<char>(s[at] ^ (1 << below(8)));
        break;
      case 1: s.insert(s.begin() + static_cast<std::ptrdiff_t>(at), static_cast<char>(rng())); break;
      case 2:
        if (!s.empty()) s.erase(at, 1 + below(4));
        break;
      case 3:
        if (!s.empty()) s.insert(at, s.substr(at, 1 + below(16)));
        break;
      default:
        if (!s.empty()) s[at] = static_cast<char>(rng());
        break;
    }
  }
  return s;
}

// The input being run, for the fatal-signal handler (which may only read them).
const std::string* g_input = nullptr;
char g_label[512];

void write_all(int fd, const char* p, std::size_t n) {
  while (n > 0) {
    const ssize_t k = ::write(fd, p, n);
    if (k <= 0) return;
    p += k;
    n -= static_cast<std::size_t>(k);
  }
}

void on_fatal_signal(int sig) {
  static const char head[] = "replay: failed on ";
  static const char tail[] = "\nreplay: its bytes are in ./replay-failure.bin\n";
  write_all(2, head, sizeof head - 1);
  std::size_t n = 0;
  while (n < sizeof g_label && g_label[n] != '\0') ++n;
  write_all(2, g_label, n);
  if (g_input) {
    const int fd = ::open("replay-failure.bin", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd >= 0) {
      write_all(fd, g_input->data(), g_input->size());
      ::close(fd);
    }
  }
  write_all(2, tail, sizeof tail - 1);
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

void run(const std::string& input, const std::string& label) {
  std::snprintf(g_label, sizeof g_label, "%s", label.c_str());
  g_input = &input;
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
  g_input = nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  long mutations = 0;
  std::uint64_t seed = 20261122;
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--mutations" && i + 1 < argc) {
      mutations = std::strtol(argv[++i], nullptr, 10);
    } else if (arg == "--seed" && i + 1 < argc) {
      seed = std::strtoull(argv[++i], nullptr, 10);
    } else if (fs::is_directory(arg)) {
      for (const auto& entry : fs::recursive_directory_iterator(arg)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
    } else if (fs::is_regular_file(arg)) {
      files.emplace_back(arg);
    } else {
      std::fprintf(stderr, "replay: no such file or directory: %s\n", arg.c_str());
      return 2;
    }
  }
  if (files.empty()) {
    std::fprintf(stderr, "replay: no inputs\n");
    return 2;
  }
  std::sort(files.begin(), files.end());
  for (const int sig : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL}) ::signal(sig, on_fatal_signal);
  std::mt19937_64 rng(seed);
  for (const fs::path& file : files) {
    const std::string input = slurp(file);
    run(input, file.string());
    for (long m = 0; m < mutations; ++m) run(mutate(input, rng), file.string() + " mutant " + std::to_string(m));
  }
  std::fprintf(stderr, "replay: %zu files, %ld mutants each: all properties held\n", files.size(), mutations);
  return 0;
}
