// Value (kinds, type names, truth, str/repr/ascii) and numbers.hpp, against CPython 3.13
// (tests/golden/logging/percent.json: "values" and "numbers").
#include <gtest/gtest.h>

#include <cmath>
#include <iomanip>
#include <limits>
#include <optional>
#include <string>

#include "logging/numbers.hpp"
#include "logging/values_support.hpp"
#include "pyos/logging/value.hpp"

namespace geo {
struct Vec {};
inline std::ostream& operator<<(std::ostream& os, const Vec&) { return os << "vec"; }
}  // namespace geo

// Leaves the stream in a state that would change the next object's text if it were kept.
struct Sticky {};
inline std::ostream& operator<<(std::ostream& os, const Sticky&) {
  return os << std::hex << std::setfill('*') << std::setw(0) << std::boolalpha << "sticky";
}
struct Number {
  int v;
};
inline std::ostream& operator<<(std::ostream& os, const Number& n) { return os << std::setw(4) << n.v << ' ' << true; }

// operator<< that itself formats a Value (re-entrant use of the per-thread stream).
struct Nested {
  Number inner{7};
};
inline std::ostream& operator<<(std::ostream& os, const Nested& n) {
  return os << '<' << pyos::logging::str(pyos::logging::Value(n.inner)) << '>';
}

namespace pyos::logging {
namespace {

using test::golden_text;

TEST(ValueGolden, StrReprAsciiTypeAndTruth) {
  const auto doc = pyos::test::golden("logging/percent.json");
  test::ValueStore store;
  std::size_t checked = 0;
  for (const auto& entry : doc.at("values")) {
    const Value v = store.make(entry.at("value"));
    const std::string what = entry.at("value").dump();
    EXPECT_EQ(str(v), golden_text(entry, "str")) << what;
    EXPECT_EQ(repr(v), golden_text(entry, "repr")) << what;
    std::string ascii;
    append_ascii(ascii, v);
    EXPECT_EQ(ascii, golden_text(entry, "ascii")) << what;
    EXPECT_EQ(v.type_name(), entry.at("type").get<std::string>()) << what;
    EXPECT_EQ(v.truthy(), entry.at("truthy").get<bool>()) << what;
    ++checked;
  }
  EXPECT_GT(checked, 100u);
}

TEST(NumbersGolden, ReprAndGeneralFormat) {
  const auto doc = pyos::test::golden("logging/percent.json");
  const auto& precisions = doc.at("general_precisions");
  for (const auto& n : doc.at("numbers")) {
    const double v = std::strtod(n.at("float").get<std::string>().c_str(), nullptr);
    std::string out;
    detail::append_float_repr(out, v);
    EXPECT_EQ(out, n.at("repr").get<std::string>());
    for (std::size_t i = 0; i < precisions.size(); ++i) {
      out.clear();
      detail::append_float_general(out, v, precisions[i].get<int>());
      EXPECT_EQ(out, n.at("general")[i].get<std::string>()) << n.at("repr") << " precision " << precisions[i];
    }
    out.clear();
    detail::append_float_general(out, v, -1);  // no precision: repr()
    EXPECT_EQ(out, n.at("repr").get<std::string>());
  }
}

TEST(Numbers, Digits) {
  // hex(), oct(), bin() of these values in Python, without their prefixes.
  std::string out;
  detail::append_digits(out, 0, 10, false);
  detail::append_digits(out, 255, 16, false);
  detail::append_digits(out, 255, 16, true);
  detail::append_digits(out, 8, 8, false);
  detail::append_digits(out, 5, 2, false);
  detail::append_digits(out, std::numeric_limits<std::uint64_t>::max(), 10, false);
  EXPECT_EQ(out, "0ffFF10101" "18446744073709551615");
}

TEST(Value, KindsOfCppArguments) {
  enum class Color : char { red = 'r' };
  enum Small : unsigned char { one = 1 };
  enum Flag : bool { yes = true };
  const std::optional<int> some = 5;
  const std::optional<int> none;
  const char* null_text = nullptr;
  const char text[] = "arr";
  EXPECT_EQ(Value(nullptr).kind(), Value::Kind::None);
  EXPECT_EQ(Value(std::nullopt).kind(), Value::Kind::None);
  EXPECT_EQ(Value(null_text).kind(), Value::Kind::None);
  EXPECT_EQ(Value(true).kind(), Value::Kind::Bool);
  EXPECT_EQ(Value('x').kind(), Value::Kind::Str);
  EXPECT_EQ(Value(-3).kind(), Value::Kind::Int);
  EXPECT_EQ(Value(3u).kind(), Value::Kind::UInt);
  EXPECT_EQ(Value(2.5f).kind(), Value::Kind::Float);
  EXPECT_EQ(Value(text).kind(), Value::Kind::Str);
  EXPECT_EQ(Value(std::string("s")).kind(), Value::Kind::Str);
  EXPECT_EQ(Value(Bytes{"b"}).kind(), Value::Kind::Bytes);
  EXPECT_EQ(Value(some).kind(), Value::Kind::Int);
  EXPECT_EQ(Value(none).kind(), Value::Kind::None);
  // An enum is an int, whatever its underlying type (also char and bool).
  EXPECT_EQ(str(Value(Color::red)), "114");
  EXPECT_EQ(str(Value(one)), "1");
  EXPECT_EQ(str(Value(yes)), "1");
  EXPECT_EQ(Value(yes).kind(), Value::Kind::Int);
  // A char is a str of one character; a byte above 0x7F is an undecodable byte (\udcXX).
  EXPECT_EQ(str(Value('x')), "x");
  EXPECT_EQ(repr(Value('\xff')), "'\\udcff'");
  EXPECT_EQ(str(Value(2.5f)), "2.5");
  EXPECT_EQ(str(Value(static_cast<long double>(0.1))), "0.1");
}

TEST(Value, ObjectsPrintThroughOperatorShiftLeft) {
  const Point p;
  const Label l;
  const geo::Vec g;
  EXPECT_EQ(str(Value(p)), "(1, 2)");
  EXPECT_EQ(repr(Value(p)), "Point(x=1, y=2)");
  EXPECT_EQ(repr(Value(l)), "\xc3\xa9tiquette");  // no pyos_repr: repr() is str()
  EXPECT_EQ(Value(p).type_name(), "Point");
  EXPECT_EQ(Value(g).type_name(), "geo::Vec");
  EXPECT_TRUE(Value(g).truthy());
}

TEST(Value, StreamStateDoesNotLeakBetweenObjects) {
  const Sticky s;
  const Number n{42};
  EXPECT_EQ(str(Value(s)), "sticky");
  // Decimal, ' ' fill, bool as 1: a fresh stream's defaults, despite Sticky's manipulators.
  EXPECT_EQ(str(Value(n)), "  42 1");
  const Nested nested;
  EXPECT_EQ(str(Value(nested)), "<   7 1>");
}

TEST(Value, ObjectThatThrowsLeavesTheStreamUsable) {
  struct Printer {
    static void print(std::ostream&, const void*) { throw std::runtime_error("boom"); }
  };
  std::string out;
  EXPECT_THROW(detail::stream_to(out, &Printer::print, nullptr), std::runtime_error);
  const Number n{1};
  EXPECT_EQ(str(Value(n)), "   1 1");
}

TEST(Mapping, FindAndDictDisplay) {
  // A Mapping views its items: a named one needs items that outlive it.
  const Item items[] = {{"a", 1}, {"b", "x"}, {"a", 2}};
  const Mapping m(items, 3);
  ASSERT_NE(m.find("a"), nullptr);
  EXPECT_EQ(m.find("a")->as_int(), 2);  // the last repeated key wins, as in {'a': 1, 'a': 2}
  EXPECT_EQ(m.find("c"), nullptr);
  // Python: repr({'a': 1, 'b': 'x', 'a': 2}) == "{'a': 2, 'b': 'x'}"
  EXPECT_EQ(repr(Value(m)), "{'a': 2, 'b': 'x'}");
  EXPECT_EQ(repr(Value(Mapping{})), "{}");
  EXPECT_FALSE(Value(Mapping{}).truthy());
}

}  // namespace
}  // namespace pyos::logging
