// File: tests/support/fuzz_corpus.hpp
//
// What the live comparisons of the fuzz corpora with CPython share (fuzz/README.md): the
// corpus of a target, the hex form of bytes, CPython's results for a target's parsed cases
// (tools/oracle/fuzz_cases.py), and the comparison of one pyos Outcome with CPython's.
// The including test target defines PYOS_FUZZ_CORPUS and PYOS_ORACLE_DIR and sees fuzz/.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "fuzz_input.hpp"
#include "support/pyos_test.hpp"

namespace pyos::test::fuzz_corpus {

// fuzz/corpus/<target>, or $PYOS_FUZZ_CORPUS/<target> (a fuzzing run's corpus), sorted by name.
inline std::vector<std::string> corpus(const char* target) {
  namespace fs = std::filesystem;
  const char* root = std::getenv("PYOS_FUZZ_CORPUS");
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(root && *root ? root : PYOS_FUZZ_CORPUS) / target)) {
    if (e.is_regular_file()) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> inputs;
  for (const fs::path& f : files) {
    std::ifstream in(f, std::ios::binary);
    inputs.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return inputs;
}

template <class Case>
Case parse(const std::string& input) {
  return Case::parse(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
}

inline std::string hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (const char c : bytes) {
    out += kDigits[static_cast<unsigned char>(c) >> 4];
    out += kDigits[static_cast<unsigned char>(c) & 15];
  }
  return out;
}

// CPython's results for `cases` of `target` (a JSON array, in order).
inline nlohmann::json cpython(const TempDir& dir, const char* target, const nlohmann::json& cases) {
  const std::string job = dir / "cases.json";
  std::ofstream(job) << nlohmann::json{{"target", target}, {"cases", cases}}.dump();
  return run_python("import sys; sys.path.insert(0, sys.argv[1]); import fuzz_cases; fuzz_cases.main(sys.argv[2])",
                    {PYOS_ORACLE_DIR, job});
}

// The corpus of `target` parsed as `Case` (its static parse()), and CPython's result for
// each, in order: `to_json` gives the fields fuzz_cases.py reads for one case.
template <class Case, class ToJson>
std::pair<std::vector<Case>, nlohmann::json> corpus_on_cpython(const TempDir& dir, const char* target,
                                                               ToJson&& to_json) {
  std::vector<Case> cases;
  nlohmann::json job = nlohmann::json::array();
  for (const std::string& input : corpus(target)) {
    cases.push_back(parse<Case>(input));
    job.push_back(to_json(cases.back()));
  }
  nlohmann::json theirs = cpython(dir, target, job);
  return {std::move(cases), std::move(theirs)};
}

inline void expect_same(const pyos::fuzz::Outcome& ours, const nlohmann::json& theirs, const std::string& what) {
  EXPECT_EQ(ours.raised, theirs["raised"].get<bool>())
      << what << "\n  CPython: " << theirs.dump() << "\n  pyos: " << ours.describe();
  EXPECT_EQ(ours.type, theirs["type"].get<std::string>()) << what;
  EXPECT_EQ(hex(ours.message), theirs["message"].get<std::string>()) << what << "\n  pyos: " << ours.describe();
  EXPECT_EQ(hex(ours.out), theirs["out"].get<std::string>()) << what << "\n  pyos: " << ours.describe();
}

}  // namespace pyos::test::fuzz_corpus
