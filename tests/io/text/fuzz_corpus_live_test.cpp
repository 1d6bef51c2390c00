// Live comparison with CPython of the io fuzz targets' corpora (fuzz/corpus/newline_decoder,
// fuzz/corpus/text_read): each input is parsed as its target parses it (fuzz/*_case.hpp), run
// on pyos, and run on CPython by tools/oracle/fuzz_cases.py. Every result must be CPython's:
// texts, exception classes and messages, tell() cookies as integers. The fuzz targets check
// properties that need no oracle; this checks what only CPython can say, on the inputs
// fuzzing found interesting.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "newline_case.hpp"
#include "text_case.hpp"
#include "text_support.hpp"

namespace {

namespace fs = std::filesystem;
using pyos::fuzz::Outcome;

// fuzz/corpus/<target>, or $PYOS_FUZZ_CORPUS/<target> (a fuzzing run's corpus, see
// fuzz/README.md).
std::vector<std::string> corpus(const char* target) {
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

std::string hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (const char c : bytes) {
    out += kDigits[static_cast<unsigned char>(c) >> 4];
    out += kDigits[static_cast<unsigned char>(c) & 15];
  }
  return out;
}

// CPython's results for `cases` of `target`.
nlohmann::json cpython(const pyos::test::TempDir& dir, const char* target, const nlohmann::json& cases) {
  const std::string job = dir / "cases.json";
  std::ofstream(job) << nlohmann::json{{"target", target}, {"cases", cases}}.dump();
  return pyos::test::run_python(
      "import sys; sys.path.insert(0, sys.argv[1]); import fuzz_cases; fuzz_cases.main(sys.argv[2])",
      {PYOS_ORACLE_DIR, job});
}

std::string show(const nlohmann::json& o) { return o.dump(); }

void expect_same(const Outcome& ours, const nlohmann::json& theirs, const std::string& what) {
  EXPECT_EQ(ours.raised, theirs["raised"].get<bool>()) << what << "\n  CPython: " << show(theirs) << "\n  pyos: " << ours.describe();
  EXPECT_EQ(ours.type, theirs["type"].get<std::string>()) << what;
  EXPECT_EQ(ours.message, theirs["message"].get<std::string>()) << what;
  EXPECT_EQ(hex(ours.out), theirs["out"].get<std::string>()) << what << "\n  pyos: " << ours.describe();
}

class FuzzCorpusLive : public pyos::test::TempDirTest {};

TEST_F(FuzzCorpusLive, NewlineDecoderMatchesCPython) {
  const std::vector<std::string> inputs = corpus("newline_decoder");
  ASSERT_GE(inputs.size(), 5u);
  nlohmann::json cases = nlohmann::json::array();
  for (const std::string& input : inputs) {
    const auto c = parse<pyos::fuzz::NewlineCase>(input);
    cases.push_back({{"encoding", c.encoding}, {"errors", c.errors}, {"translate", c.translate},
                     {"cuts", c.cuts}, {"handover", c.handover}, {"bytes", hex(c.bytes)}});
  }
  const nlohmann::json theirs = cpython(tmp, "newline_decoder", cases);
  ASSERT_EQ(theirs.size(), inputs.size());
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const auto c = parse<pyos::fuzz::NewlineCase>(inputs[i]);
    const auto ours = c.run();
    const std::string what = "case " + std::to_string(i) + ": " + c.describe() + " cuts " + cases[i]["cuts"].dump();
    expect_same(ours.once, theirs[i]["once"], what + " (at once)");
    expect_same(ours.pieces, theirs[i]["pieces"], what + " (in pieces)");
  }
}

TEST_F(FuzzCorpusLive, TextReadScriptsMatchCPython) {
  const std::vector<std::string> inputs = corpus("text_read");
  ASSERT_GE(inputs.size(), 5u);
  nlohmann::json cases = nlohmann::json::array();
  for (const std::string& input : inputs) {
    const auto c = parse<pyos::fuzz::TextCase>(input);
    cases.push_back({{"encoding", c.encoding},
                     {"errors", c.errors},
                     {"newline", c.newline ? nlohmann::json(*c.newline) : nlohmann::json(nullptr)},
                     {"raw_chunk", c.raw_chunk},
                     {"buffer_size", c.buffer_size},
                     {"ops", c.ops},
                     {"bytes", hex(c.bytes)}});
  }
  const nlohmann::json theirs = cpython(tmp, "text_read", cases);
  ASSERT_EQ(theirs.size(), inputs.size());
  std::size_t skipped = 0;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const auto c = parse<pyos::fuzz::TextCase>(inputs[i]);
    // Text with a lone surrogate U+DC80..U+DCFF counts its characters differently in pyos
    // (docs/io.md "Str representation"): not comparable, counted.
    if (c.may_hold_escaped_surrogates()) {
      ++skipped;
      continue;
    }
    const auto ours = c.run();
    const nlohmann::json& steps = theirs[i]["steps"];
    const std::string what = "case " + std::to_string(i) + ": " + c.describe() + " ops " + cases[i]["ops"].dump();
    ASSERT_EQ(ours.size(), steps.size()) << what;
    for (std::size_t k = 0; k < ours.size(); ++k) {
      const std::string step = what + " step " + std::to_string(k) + " (op " + std::to_string(ours[k].op) + ")";
      expect_same(ours[k].outcome, steps[k]["outcome"], step);
      EXPECT_EQ(ours[k].cookie, steps[k]["cookie"].get<std::string>()) << step;
      EXPECT_EQ(ours[k].target, steps[k]["target"].get<std::size_t>()) << step;
    }
  }
  EXPECT_LE(skipped * 10, inputs.size()) << skipped << " of " << inputs.size() << " cases skipped";
}

}  // namespace
