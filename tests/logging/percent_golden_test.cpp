// `fmt % args` against CPython 3.13, case by case (tests/golden/logging/percent.json).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "_core/text.hpp"
#include "logging/percent.hpp"
#include "logging/values_support.hpp"

namespace pyos::logging {
namespace {

using detail::percent_format;
using detail::PercentTemplate;
using test::golden_text;

struct Outcome {
  std::string text;   // the output, or the message
  std::string error;  // the exception's class, empty when none
  bool operator==(const Outcome&) const = default;
};

template <class F>
Outcome run(F&& format) {
  Outcome o;
  try {
    format(o.text);
  } catch (const BaseException& e) {
    o.text = e.what();
    o.error = std::string(e.type_name());
  }
  return o;
}

std::string describe(const Outcome& o) {
  return o.error.empty() ? _core::repr_str(o.text) : o.error + ": " + _core::repr_str(o.text);
}

class PercentGolden : public ::testing::Test {
 protected:
  void SetUp() override {
    doc_ = pyos::test::golden("logging/percent.json");
    for (const auto& v : doc_.at("values")) values_.push_back(store_.make(v.at("value")));
  }
  nlohmann::json doc_;
  test::ValueStore store_;
  std::vector<Value> values_;
};

TEST_F(PercentGolden, EveryCaseMatchesCPython) {
  const auto& cases = pyos::test::golden_cases(doc_);
  std::size_t failures = 0, templated = 0;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto& c = cases[i];
    const std::string fmt = golden_text(c, "fmt");
    Outcome expected;
    if (c.contains("error")) {
      expected = {golden_text(c, "message"), c["error"].get<std::string>()};
    } else {
      expected = {golden_text(c, "out"), ""};
    }
    Outcome got;
    std::string operand;
    if (c.contains("args")) {
      std::vector<Value> args;
      for (const auto& index : c["args"]) args.push_back(values_.at(index.get<std::size_t>()));
      got = run([&](std::string& out) { percent_format(out, fmt, args); });
      operand = "tuple of " + std::to_string(args.size());
    } else {
      const Value& arg = values_.at(c["arg"].get<std::size_t>());
      got = run([&](std::string& out) { percent_format(out, fmt, arg); });
      operand = repr(arg);
      // A dict operand: the same through a template parsed once, as the '%' style uses it.
      if (arg.kind() == Value::Kind::Map) {
        ++templated;
        const test::DictMapping mapping(arg.as_map());
        const Outcome via_template = run([&](std::string& out) { PercentTemplate(fmt).render(out, mapping); });
        if (via_template != expected && ++failures <= 40) {
          ADD_FAILURE() << "case " << i << " (template): " << _core::repr_str(fmt) << " % " << operand
                        << "\n  expected " << describe(expected) << "\n  got      " << describe(via_template);
        }
      }
    }
    if (got != expected && ++failures <= 40) {
      ADD_FAILURE() << "case " << i << ": " << _core::repr_str(fmt) << " % " << operand << "\n  expected "
                    << describe(expected) << "\n  got      " << describe(got);
    }
  }
  EXPECT_EQ(failures, 0u) << "of " << cases.size() << " cases";
  EXPECT_GT(templated, 100u);
}

// A template is rendered many times: the second and later renders give the same result.
TEST_F(PercentGolden, TemplateRendersRepeatedly) {
  for (const auto& c : pyos::test::golden_cases(doc_)) {
    if (!c.contains("arg") || c.contains("error")) continue;
    const Value& arg = values_.at(c["arg"].get<std::size_t>());
    if (arg.kind() != Value::Kind::Map) continue;
    const PercentTemplate t(golden_text(c, "fmt"));
    const test::DictMapping mapping(arg.as_map());
    std::string out;
    for (int round = 0; round < 3; ++round) {
      out.clear();
      t.render(out, mapping);
      ASSERT_EQ(out, golden_text(c, "out")) << golden_text(c, "fmt");
    }
  }
}

}  // namespace
}  // namespace pyos::logging
