// The direct path of `msg % args` (percent.cpp's render_direct: a cached format whose specs
// are all plain "%d" "%i" "%u" "%s" "%f" "%.Nf", written in one bounded append) against the
// general path, which percent_golden_test.cpp checks against CPython. A format longer than
// the cache's limit (512 bytes) always takes the general path, so the same specs followed by
// 600 bytes of padding give the reference text: the two must agree for every argument.
// What this checks is the direct path's own work — which argument kinds it takes, its
// bounds, the order of pieces, its fallbacks. A '%f' digit string comes from the same
// write_fixed_fast on both paths; its rounding is checked against CPython by
// percent_golden_test.cpp (making ties round up fails that test).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "logging/percent.hpp"
#include "pyos/exceptions.hpp"

namespace pyos::logging {
namespace {

const std::string kPadding(600, '.');

std::string direct(const std::string& format, std::span<const Value> args) {
  std::string out;
  detail::percent_format(out, format, args);
  return out;
}

std::string general(const std::string& format, std::span<const Value> args) {
  std::string out;
  detail::percent_format(out, format + kPadding, args);
  EXPECT_TRUE(out.ends_with(kPadding));
  out.resize(out.size() - kPadding.size());
  return out;
}

void expect_same(const std::string& format, std::span<const Value> args) {
  EXPECT_EQ(direct(format, args), general(format, args)) << "format " << format;
}

std::vector<double> interesting_doubles() {
  std::vector<double> v = {0.0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.125, 3.14, -3.14, 1e-5, 5e-7, 4.5e-6, 0.0000005,
                           1.0 / 3, 2.0 / 3, 999999.9999995, 123456789.123456789, 9007199254740993.0,
                           9223372036854774784.0, 9223372036854775808.0, 1e19, 1e300, 2.44140625e-4,
                           std::ldexp(1.0, -11), std::ldexp(1.0, -12), std::ldexp(3.0, -13), 5e-324,
                           std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                           std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::max()};
  std::mt19937_64 rng(20261121);
  std::uniform_real_distribution<double> wide(-1e6, 1e6);
  for (int i = 0; i < 2000; ++i) v.push_back(wide(rng));
  for (int i = 0; i < 2000; ++i) {
    // Random exponents around the limits of the fast method (2^-12 .. 2^63) and beyond.
    const double m = std::uniform_real_distribution<double>(1.0, 2.0)(rng);
    v.push_back(std::ldexp(m, std::uniform_int_distribution<int>(-20, 70)(rng)));
  }
  // Exact ties at each precision: k + 0.5 * 10^-p is exact in binary only for some p, and
  // the halfway cases x.5, x.25, x.125 ... are exact.
  for (int k = 0; k < 64; ++k) v.push_back(k + 0.5), v.push_back(k + 0.25), v.push_back(k + 0.125);
  return v;
}

TEST(PercentDirect, FloatsAgreeWithTheGeneralPath) {
  for (double d : interesting_doubles()) {
    const Value args[] = {Value(d)};
    expect_same("%f", args);
    for (int p = 0; p <= 17; ++p) expect_same("%." + std::to_string(p) + "f", args);
    expect_same("%F", args);
    expect_same("x=%.3F;", args);
  }
}

TEST(PercentDirect, IntegersAgreeWithTheGeneralPath) {
  const std::int64_t ints[] = {0, 1, -1, 9, 10, 99, 100, 12345, -12345, std::numeric_limits<std::int64_t>::max(),
                               std::numeric_limits<std::int64_t>::min()};
  for (std::int64_t i : ints) {
    const Value args[] = {Value(i), Value(i), Value(i), Value(i)};
    expect_same("%d %i %u %s", args);
    const Value as_float[] = {Value(i)};
    expect_same("%f", as_float);  // an int formatted by %f, as float(i)
  }
  const std::uint64_t big = std::numeric_limits<std::uint64_t>::max();
  const Value u[] = {Value(big), Value(big)};
  expect_same("%d|%s", u);  // %s of a UInt takes the general path; %d the direct one
  const Value b[] = {Value(true), Value(false), Value(true), Value(false)};
  expect_same("%d %i %s %f", b);  // bools: %d is 1/0, %s and %f take the general path
}

TEST(PercentDirect, TextAndMixedArguments) {
  const std::string long_text(300, 'z');
  const Value args[] = {Value("abc"), Value(""), Value(std::string_view(long_text)), Value(7), Value(2.5)};
  expect_same("%s|%s|%s|%d|%f", args);
  expect_same("Logging int: %s, int: %s, %s %s double: %.2f", args);
  expect_same("%s%s%s%s%s", args);
}

TEST(PercentDirect, ErrorsAreTheGeneralPathsErrors) {
  // A direct format with the wrong number or kinds of arguments takes the general path and
  // raises what CPython raises.
  const Value two[] = {Value(1), Value(2)};
  EXPECT_THROW(direct("%d", two), pyos::TypeError);
  EXPECT_THROW(direct("%d %d %d", two), pyos::TypeError);
  const Value text[] = {Value("x")};
  EXPECT_THROW(direct("%d", text), pyos::TypeError);
  EXPECT_THROW(direct("%f", text), pyos::TypeError);
}

}  // namespace
}  // namespace pyos::logging
