// File: logging/numbers.hpp
//
// Python's text for numbers, shared by `%`-formatting (values.cmake) and the '{' style's
// format-spec mini-language (styles.cmake). Output is byte-identical to CPython 3.13.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>

namespace pyos::logging::detail {

// repr(x) == str(x) for a float: the shortest string that round-trips, laid out as Python
// does — positional when the decimal exponent is in [-4, 16), else 'd.ddde+XX' — with '.0'
// added to integral values ('1.0', '1e+16', '1.5e-05', 'inf', '-inf', 'nan').
void append_float_repr(std::string& out, double v);

// A float in one of Python's presentation types 'e' 'E' 'f' 'F' 'g' 'G' with `precision`
// (>= 0; callers apply Python's defaults) and the alternate form ('#'). Infinities and NaN
// as Python: 'inf'/'nan' ('INF'/'NAN' for the upper-case types, never '-nan'). Only a '-'
// sign is written (also for -0.0); callers add '+' or ' ' and padding.
void append_float(std::string& out, double v, char type, int precision, bool alternate);

// The decimal digits of an integer at p (at most 20 bytes, with its '-'); returns the end.
// One digit at a time: a log line's integers are short, and this is a few instructions where
// std::to_chars's length dispatch and digit-pair table spread over several code lines (what
// a record costs after its write(2) follows the code lines it runs; docs/logging.md).
template <class Int>
char* write_decimal(char* p, Int v) noexcept {
  using U = std::make_unsigned_t<Int>;
  auto u = static_cast<U>(v);
  if constexpr (std::is_signed_v<Int>) {
    if (v < 0) {
      *p++ = '-';
      u = static_cast<U>(U{0} - u);
    }
  }
  int n = 1;
  for (U t = u; t >= 10; t /= 10) ++n;
  char* end = p + n;
  do {
    *--end = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u != 0);
  return p + n;
}

// '%.Nf' ('f' with precision <= kMaxFastPrecision) of a finite |v| < 2^63 that has at most
// 64 bits after the binary point (fixed_fast_applies), written at p without the general
// algorithm; at most kMaxFastFixed bytes; returns the end. Same text as append_float.
inline constexpr int kMaxFastPrecision = 17;
inline constexpr std::size_t kMaxFastFixed = 40;  // sign, 19 integer digits, point, 17 digits
bool fixed_fast_applies(double v) noexcept;
char* write_fixed_fast(char* p, double v, int precision, bool alternate) noexcept;

// format(x, '.Np') with no presentation type (str.format's default for floats): like 'g' but
// a result without a decimal point or exponent keeps one digit after the point, and the
// precision counts significant digits; `precision` < 0 means none given, which is repr().
void append_float_general(std::string& out, double v, int precision);

// The digits of an unsigned magnitude in base 2, 8, 10 or 16 (upper-case hex digits when
// `upper`), without prefix or sign.
void append_digits(std::string& out, std::uint64_t magnitude, int base, bool upper);

}  // namespace pyos::logging::detail
