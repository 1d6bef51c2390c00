// The formatter styles against CPython 3.13 (tests/golden/logging/styles.json, written by
// tools/oracle/gen_logging_styles.py): validate(), usesTime(), format(value, spec) and the
// rendering of each style's format against a record's attributes.
#include <gtest/gtest.h>

#include <string>

#include "logging/styles.hpp"
#include "logging/styles_internal.hpp"
#include "logging/styles_support.hpp"
#include "support/allocations.hpp"

namespace pyos::logging::test {
namespace {

using detail::Style;
using detail::StyleTemplate;

const nlohmann::json& doc() {
  static const nlohmann::json d = pyos::test::golden("logging/styles.json");
  return d;
}

// what() is a C string: an exception message is compared up to an embedded NUL (only the
// validate table has such messages: they quote the format).
bool same_outcome(const nlohmann::json& got, nlohmann::json expected) {
  if (expected.at(0) != "ok") {
    const std::string message = expected.at(1).get<std::string>();
    expected[1] = message.substr(0, message.find('\0'));
  }
  return got == expected;
}

std::string show(const nlohmann::json& j) {
  return j.dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
}

// Runs every row, reports the first mismatches in full and the count.
template <class Row>
void check_table(const char* table, Row&& row) {
  const nlohmann::json& rows = doc().at(table);
  ASSERT_FALSE(rows.empty());
  int failures = 0;
  for (const auto& r : rows) {
    std::string detail;
    if (!row(r, detail) && ++failures <= 25) ADD_FAILURE() << table << ": " << detail;
  }
  EXPECT_EQ(failures, 0) << failures << " of " << rows.size() << " " << table << " rows differ";
}

TEST(LoggingStyles, ValidateMatchesCPython) {
  check_table("validate", [](const nlohmann::json& r, std::string& detail) {
    const std::string fmt = r.at(1).get<std::string>();
    const nlohmann::json expected =
        r.at(2).is_null() ? nlohmann::json::array({"ok", ""}) : nlohmann::json::array({"ValueError", r.at(2)});
    const nlohmann::json got = outcome([&] {
      detail::validate_format(style_of(r.at(0).get<std::string>()), fmt);
      return std::string();
    });
    detail = show(r) + " got " + show(got);
    return same_outcome(got, expected);
  });
}

TEST(LoggingStyles, UsesTimeMatchesCPython) {
  check_table("uses_time", [](const nlohmann::json& r, std::string& detail) {
    detail = show(r);
    const Style style = style_of(r.at(0).get<std::string>());
    return detail::uses_time(style, r.at(1).get<std::string>()) == r.at(2).get<bool>();
  });
}

TEST(LoggingStyles, FormatSpecMatchesCPython) {
  StylesValues values;
  check_table("spec", [&](const nlohmann::json& r, std::string& detail) {
    const Value v = values.make(r.at(0));
    const std::string spec = r.at(1).get<std::string>();
    const nlohmann::json got = outcome([&] {
      std::string out = "prefix";  // formatting appends
      detail::format_value(out, v, spec);
      return out.substr(6);
    });
    detail = show(r) + " got " + show(got);
    return same_outcome(got, r.at(2));
  });
}

TEST(LoggingStyles, RenderMatchesCPython) {
  StylesValues values;
  const DictMapping mapping(values.mapping(doc().at("mapping")));
  check_table("cases", [&](const nlohmann::json& r, std::string& detail) {
    const nlohmann::json got = outcome([&] {
      const StyleTemplate t(style_of(r.at(0).get<std::string>()), r.at(1).get<std::string>());
      std::string out;
      t.render(out, mapping);
      return out;
    });
    detail = show(r) + " got " + show(got);
    return same_outcome(got, r.at(2));
  });
}

// ---- what the tables cannot show ------------------------------------------------------

TEST(LoggingStyles, EmptyFormatIsTheStyleDefault) {
  // Formatter: self._fmt = fmt or self.default_format
  StylesValues values;
  const DictMapping mapping(values.mapping(doc().at("mapping")));
  for (const Style s : {Style::Percent, Style::StrFormat, Style::StringTemplate}) {
    detail::validate_format(s, "");
    EXPECT_FALSE(detail::uses_time(s, ""));
    std::string out;
    StyleTemplate(s, "").render(out, mapping);
    EXPECT_EQ(out, "hello w\xc3\xb6rld \xe2\x82\xac\xf0\x9f\x98\x80");
  }
}

TEST(LoggingStyles, KeysInOrderOfFirstUse) {
  EXPECT_EQ(StyleTemplate(Style::StrFormat, "{b}{a.x}{b[0]:{w}}{0}{c!r:>{a}}{").keys(),
            (std::vector<std::string>{"b", "a", "w", "c"}));
  EXPECT_EQ(StyleTemplate(Style::StringTemplate, "$b ${a} $b $$c $").keys(), (std::vector<std::string>{"b", "a"}));
  EXPECT_EQ(StyleTemplate(Style::Percent, "%(b)s %(a)d %(b)r").keys(), (std::vector<std::string>{"b", "a"}));
}

TEST(LoggingStyles, CopiesAndMovesRenderTheSame) {
  StylesValues values;
  const DictMapping mapping(values.mapping(doc().at("mapping")));
  for (const Style s : {Style::Percent, Style::StrFormat, Style::StringTemplate}) {
    const char* fmt = s == Style::Percent     ? "%(levelno)05d %(name)s"
                      : s == Style::StrFormat ? "{levelno:05d} {name}"
                                              : "$levelno $name";
    StyleTemplate original(s, fmt);
    std::string expected;
    original.render(expected, mapping);
    StyleTemplate copy = original;
    StyleTemplate assigned(Style::StrFormat, "x");
    assigned = copy;
    StyleTemplate moved = std::move(original);
    for (const StyleTemplate* t : {&copy, &assigned, &moved}) {
      std::string out;
      t->render(out, mapping);
      EXPECT_EQ(out, expected);
      EXPECT_EQ(t->style(), s);
    }
  }
}

// Documented bound: widths past kMaxWidth are refused with CPython's message for a width it
// cannot hold; float precisions past it with CPython's "precision too big". A str's precision
// only truncates and stays unbounded.
TEST(LoggingStyles, WidthAndPrecisionCap) {
  std::string out;
  const std::string at_cap = std::to_string(detail::kMaxWidth);
  const std::string past_cap = std::to_string(detail::kMaxWidth + 1);
  detail::format_value(out, Value("x"), at_cap);
  EXPECT_EQ(out.size(), static_cast<std::size_t>(detail::kMaxWidth));
  EXPECT_RAISES_MSG(detail::format_value(out, Value("x"), past_cap), ValueError,
                    "Too many decimal digits in format string");
  EXPECT_RAISES_MSG(detail::format_value(out, Value(1), past_cap + ","), ValueError,
                    "Too many decimal digits in format string");
  EXPECT_RAISES_MSG(detail::format_value(out, Value(1.5), "." + past_cap + "f"), ValueError, "precision too big");
  EXPECT_RAISES_MSG(detail::format_value(out, Value(7), "." + past_cap + "%"), ValueError, "precision too big");
  out.clear();
  detail::format_value(out, Value("abc"), ".99999999999");
  EXPECT_EQ(out, "abc");
  out.clear();
  detail::format_value(out, Value(1.0), "." + at_cap + "f");
  EXPECT_EQ(out.size(), static_cast<std::size_t>(detail::kMaxWidth) + 2);
}

// The width bound comes where the padding would be written, after CPython's own checks of
// the spec and the value: an invalid spec with a huge width gets CPython's error, and a text
// that already fills the width is written as is. Expected messages and lengths printed by
// CPython 3.13's format() for the same values and specs. (Found by the formatter fuzz
// target's comparison with CPython, fuzz/README.md.)
TEST(LoggingStyles, WidthCapComesAfterCPythonsChecks) {
  std::string out;
  EXPECT_RAISES_MSG(detail::format_value(out, Value("x"), "99999999user"), ValueError,
                    "Invalid format specifier '99999999user' for object of type 'str'");
  EXPECT_RAISES_MSG(detail::format_value(out, Value(1), "99999999q"), ValueError,
                    "Unknown format code 'q' for object of type 'int'");
  EXPECT_RAISES_MSG(detail::format_value(out, Value(1.5), "99999999,_"), ValueError, "Cannot specify both ',' and '_'.");
  const std::string long_text(70001, 'x');
  out.clear();
  detail::format_value(out, Value(long_text), "70000");
  EXPECT_EQ(out, long_text);
  // CPython pads to 99999999 characters; pyos refuses (the documented bound).
  EXPECT_RAISES_MSG(detail::format_value(out, Value(1), "99999999"), ValueError,
                    "Too many decimal digits in format string");
  EXPECT_RAISES_MSG(detail::format_value(out, Value(12345), "070000"), ValueError,
                    "Too many decimal digits in format string");
}

TEST(LoggingStyles, NonAsciiAndUndecodableText) {
  std::string out;
  // Widths count code points; a byte that is not UTF-8 is one code point (surrogateescape).
  detail::format_value(out, Value("\xc3\xa9\xff"), "*^6");
  EXPECT_EQ(out, "**\xc3\xa9\xff**");
  out.clear();
  detail::format_value(out, Value("\xc3\xa9\xff"), "\xff>4.1");
  EXPECT_EQ(out, "\xff\xff\xff\xc3\xa9");
  // A surrogate that stands for an undecodable byte is that byte, as in `%c`.
  out.clear();
  detail::format_value(out, Value(0xDCFF), "3c");
  EXPECT_EQ(out, "  \xff");
  EXPECT_RAISES_MSG(detail::format_value(out, Value(1), "\xff"), ValueError,
                    "Unknown format code '\\xdcff' for object of type 'int'");
  EXPECT_RAISES_MSG(detail::validate_format(Style::StrFormat, "{a!\xff}"), ValueError,
                    "invalid format: invalid conversion: '\\udcff'");
}

TEST(LoggingStyles, ObjectAttributesAndTypeNames) {
  const Point p{"s", "r"};
  std::string out;
  EXPECT_RAISES_MSG(detail::format_value(out, Value(p), "x"), TypeError,
                    "unsupported format string passed to Point.__format__");
  const Item items[] = {{"p", Value(p)}, {"n", 5}};
  const DictMapping mapping(Mapping(items, 2));
  EXPECT_RAISES_MSG(StyleTemplate(Style::StrFormat, "{p.x}").render(out, mapping), AttributeError,
                    "'Point' object has no attribute 'x'");
  EXPECT_RAISES_MSG(StyleTemplate(Style::StrFormat, "{p[0]}").render(out, mapping), TypeError,
                    "'Point' object is not subscriptable");
  // Documented deviation: a method is an AttributeError (CPython would print a bound method).
  EXPECT_RAISES_MSG(StyleTemplate(Style::StrFormat, "{n.bit_length}").render(out, mapping), AttributeError,
                    "'int' object has no attribute 'bit_length'");
}

// ---- steady state: rendering allocates nothing once `out` has grown --------------------

TEST(LoggingStyles, RenderDoesNotAllocateInSteadyState) {
  StylesValues values;
  const DictMapping mapping(values.mapping(doc().at("mapping")));
  const StyleTemplate formats[] = {
      StyleTemplate(Style::StrFormat,
                    "{asctime} {levelname:<8} {name}: {message:>40} {levelname!s:^9} {created:,.3f} {msecs:03.0f} "
                    "{levelno:#06x} {relativeCreated:e} {flag} {ratio:.2%} {extra[user]:^9} {lineno:{width}}"),
      StyleTemplate(Style::StringTemplate, "$asctime $levelname $name: ${message} $lineno $created"),
  };
  std::string out;
  for (const auto& t : formats) {
    for (int warm = 0; warm < 2; ++warm) {
      out.clear();
      t.render(out, mapping);
    }
    pyos::test::AllocationCount allocations;
    for (int i = 0; i < 100; ++i) {
      out.clear();
      t.render(out, mapping);
    }
    EXPECT_EQ(allocations.count(), 0u) << out;
  }
}

}  // namespace
}  // namespace pyos::logging::test
