// Live comparison with CPython of the logging fuzz targets' corpora (fuzz/corpus/formatter,
// fuzz/corpus/percent_format): each input is parsed as its target parses it
// (fuzz/*_case.hpp) — a Formatter's arguments and a fixed record; a format and typed
// arguments — run on pyos, and run on CPython by tools/oracle/fuzz_cases.py. The text, or
// the exception's class and message, must be CPython's, for the hostile formats fuzzing
// found: all three styles with validation, defaults, datefmt, exceptions, stacks and extra
// attributes; `%` with tuples, single values and mappings of every kind of value. The one
// accepted difference is the documented width/precision bound.
#include <gtest/gtest.h>

#include "formatter_case.hpp"
#include "percent_case.hpp"
#include "support/fuzz_corpus.hpp"

namespace {

using pyos::test::fuzz_corpus::corpus;
using pyos::test::fuzz_corpus::cpython;
using pyos::test::fuzz_corpus::expect_same;
using pyos::test::fuzz_corpus::hex;
using pyos::test::fuzz_corpus::parse;

// pyos's documented bound (docs/logging.md, Deviations): where CPython writes a field wider
// than kMaxWidth, or fails to allocate it (MemoryError), pyos raises ValueError("width too
// big") / ("precision too big") / ("Too many decimal digits in format string") instead.
bool documented_cap(const pyos::fuzz::Outcome& ours, const nlohmann::json& theirs) {
  const bool capped = ours.raised && ours.type == "ValueError" &&
                      (ours.message == "width too big" || ours.message == "precision too big" ||
                       ours.message == "Too many decimal digits in format string");
  if (!capped) return false;
  if (theirs["raised"].get<bool>()) return theirs["type"].get<std::string>() == "MemoryError";
  return theirs["chars"].get<std::int64_t>() > pyos::logging::detail::kMaxWidth;
}

// Compares one case, or counts it in `capped` when the documented bound explains the
// difference.
void expect_same_or_capped(const pyos::fuzz::Outcome& ours, const nlohmann::json& theirs, const std::string& what,
                           std::size_t& capped) {
  if (documented_cap(ours, theirs)) {
    ++capped;
    return;
  }
  expect_same(ours, theirs, what);
}

class FuzzCorpusLive : public pyos::test::TempDirTest {};

TEST_F(FuzzCorpusLive, FormatterMatchesCPython) {
  const std::vector<std::string> inputs = corpus("formatter");
  ASSERT_GE(inputs.size(), 4u);
  nlohmann::json cases = nlohmann::json::array();
  for (const std::string& input : inputs) {
    const auto c = parse<pyos::fuzz::FormatterCase>(input);
    cases.push_back({{"style", static_cast<unsigned char>(c.style)},
                     {"bits", c.bits},
                     {"datefmt", hex(c.datefmt)},
                     {"text", hex(c.text)},
                     {"fmt", hex(c.fmt)}});
  }
  const nlohmann::json theirs = cpython(tmp, "formatter", cases);
  ASSERT_EQ(theirs.size(), inputs.size());
  std::size_t capped = 0;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const auto c = parse<pyos::fuzz::FormatterCase>(inputs[i]);
    expect_same_or_capped(c.run(), theirs[i]["outcome"], "case " + std::to_string(i) + ": " + c.describe(), capped);
  }
  EXPECT_LE(capped * 20, inputs.size()) << capped << " of " << inputs.size() << " cases differ by the bound";
}

TEST_F(FuzzCorpusLive, PercentFormatMatchesCPython) {
  const std::vector<std::string> inputs = corpus("percent_format");
  ASSERT_GE(inputs.size(), 3u);
  nlohmann::json cases = nlohmann::json::array();
  for (const std::string& input : inputs) {
    const auto c = parse<pyos::fuzz::PercentCase>(input);
    cases.push_back({{"mode", c.mode},
                     {"args", c.args},
                     {"single", c.single},
                     {"s1", hex(c.s1)},
                     {"s2", hex(c.s2)},
                     {"format", hex(c.format)}});
  }
  const nlohmann::json theirs = cpython(tmp, "percent_format", cases);
  ASSERT_EQ(theirs.size(), inputs.size());
  std::size_t capped = 0;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const auto c = parse<pyos::fuzz::PercentCase>(inputs[i]);
    expect_same_or_capped(c.render(c.format), theirs[i]["outcome"], "case " + std::to_string(i) + ": " + c.describe(),
                          capped);
  }
  EXPECT_LE(capped * 20, inputs.size()) << capped << " of " << inputs.size() << " cases differ by the bound";
}

}  // namespace
