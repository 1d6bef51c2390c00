// Helpers for the text-layer tests: text from golden JSON (a str, or a code point list where
// it holds lone surrogates), and exception capture.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "pyos/io/codecs.hpp"
#include "support/pyos_test.hpp"

namespace pyos::test::text {

inline std::string T(const nlohmann::json& j) {
  if (j.is_string()) return j.get<std::string>();
  std::u32string cps;
  for (const auto& c : j) cps.push_back(static_cast<char32_t>(c.get<std::uint32_t>()));
  return codecs::from_code_points(cps);
}

// True when the golden text survives pyos's str representation unambiguously.
inline bool representable(const nlohmann::json& j) {
  if (j.is_string()) return true;
  std::u32string cps;
  for (const auto& c : j) cps.push_back(static_cast<char32_t>(c.get<std::uint32_t>()));
  return codecs::to_code_points(codecs::from_code_points(cps)) == cps;
}

using pyos::test::fnv1a64;

// A text result: short ones literally, long ones as {"len", "fnv"} of the surrogatepass form.
inline void expect_text(const nlohmann::json& expected, const std::string& actual, const std::string& where) {
  if (expected.is_object()) {
    EXPECT_EQ(codecs::str_len(actual), expected["len"].get<std::size_t>()) << where;
    EXPECT_EQ(std::to_string(fnv1a64(codecs::encode(actual, "utf-8", "surrogatepass"))), expected["fnv"].get<std::string>())
        << where;
  } else {
    EXPECT_EQ(actual, T(expected)) << where;
  }
}

struct Caught {
  std::string type, message;
  std::optional<std::size_t> start, end;
  std::string reason;
};

inline std::optional<Caught> capture(const std::function<void()>& f) {
  try {
    f();
  } catch (const UnicodeDecodeError& e) {
    return Caught{std::string(e.type_name()), e.what(), e.start(), e.end(), e.reason()};
  } catch (const UnicodeEncodeError& e) {
    return Caught{std::string(e.type_name()), e.what(), e.start(), e.end(), e.reason()};
  } catch (const BaseException& e) {
    return Caught{std::string(e.type_name()), e.what(), std::nullopt, std::nullopt, {}};
  }
  return std::nullopt;
}

inline void expect_error(const nlohmann::json& err, const std::optional<Caught>& got, const std::string& where) {
  ASSERT_TRUE(got.has_value()) << where << ": expected " << err.dump();
  EXPECT_EQ(got->type, err["type"].get<std::string>()) << where << ": " << got->message;
  if (err.contains("str")) {
    EXPECT_EQ(got->message, err["str"].get<std::string>()) << where;
  }
  if (err.contains("start")) {
    EXPECT_EQ(got->start, err["start"].get<std::size_t>()) << where;
    EXPECT_EQ(got->end, err["end"].get<std::size_t>()) << where;
    EXPECT_EQ(got->reason, err["reason"].get<std::string>()) << where;
  }
}

}  // namespace pyos::test::text
