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

using pyos::fuzz::FormatterCase;
using pyos::fuzz::PercentCase;
using pyos::test::fuzz_corpus::corpus_on_cpython;
using pyos::test::fuzz_corpus::expect_same;
using pyos::test::fuzz_corpus::hex;

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
  const auto [cases, theirs] = corpus_on_cpython<FormatterCase>(tmp, "formatter", [](const FormatterCase& c) {
    return nlohmann::json{{"style", static_cast<unsigned char>(c.style)},
                          {"bits", c.bits},
                          {"datefmt", hex(c.datefmt)},
                          {"text", hex(c.text)},
                          {"fmt", hex(c.fmt)}};
  });
  ASSERT_GE(cases.size(), 4u);
  ASSERT_EQ(theirs.size(), cases.size());
  std::size_t capped = 0;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    expect_same_or_capped(cases[i].run(), theirs[i]["outcome"], "case " + std::to_string(i) + ": " + cases[i].describe(),
                          capped);
  }
  EXPECT_LE(capped * 20, cases.size()) << capped << " of " << cases.size() << " cases differ by the bound";
}

TEST_F(FuzzCorpusLive, PercentFormatMatchesCPython) {
  const auto [cases, theirs] = corpus_on_cpython<PercentCase>(tmp, "percent_format", [](const PercentCase& c) {
    return nlohmann::json{{"mode", c.mode},     {"args", c.args},   {"single", c.single},
                          {"s1", hex(c.s1)},    {"s2", hex(c.s2)}, {"format", hex(c.format)}};
  });
  ASSERT_GE(cases.size(), 3u);
  ASSERT_EQ(theirs.size(), cases.size());
  std::size_t capped = 0;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const PercentCase& c = cases[i];
    expect_same_or_capped(c.render(c.format), theirs[i]["outcome"], "case " + std::to_string(i) + ": " + c.describe(),
                          capped);
  }
  EXPECT_LE(capped * 20, cases.size()) << capped << " of " << cases.size() << " cases differ by the bound";
}

}  // namespace
