// Python's float and integer text. Digits come from std::to_chars, which is correctly
// rounded (round-half-even on exact ties) like CPython's dtoa; the layout rules are
// CPython's (Python/pystrtod.c, format_float_short), re-expressed here.
#include "logging/numbers.hpp"

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace pyos::logging::detail {
namespace {

// A double's exact decimal expansion has at most 767 significant digits and 1074 digits
// after the point; beyond these every digit is 0, so larger precisions are computed at the
// cap and padded with zeros (no buffer grows with a user's precision).
constexpr int kMaxSignificant = 800;
constexpr int kMaxFraction = 1100;
constexpr std::size_t kBufSize = 1600;  // 309 integer digits + point + kMaxFraction + slack

// A finite |v| as significant digits d1d2...dn and the exponent x of d1.d2...dn × 10^x.
struct Decimal {
  char digits[kMaxSignificant + 2];
  int size = 0;
  int exponent = 0;
};

// precision < 0: the shortest digits that round-trip (repr); else 1 + precision digits.
void decompose(double magnitude, int precision, Decimal& d) {
  char buf[kMaxSignificant + 16];
  const auto r = precision < 0
                     ? std::to_chars(buf, buf + sizeof buf, magnitude, std::chars_format::scientific)
                     : std::to_chars(buf, buf + sizeof buf, magnitude, std::chars_format::scientific,
                                     precision);
  // "d[.ddd]e±XX"
  const char* p = buf;
  d.size = 0;
  for (; p < r.ptr && *p != 'e'; ++p) {
    if (*p != '.') d.digits[d.size++] = *p;
  }
  ++p;  // 'e'
  const bool negative_exponent = *p == '-';
  ++p;
  int x = 0;
  for (; p < r.ptr; ++p) x = x * 10 + (*p - '0');
  d.exponent = negative_exponent ? -x : x;
}

void append_exponent(std::string& out, int exponent, char e) {
  out.push_back(e);
  out.push_back(exponent < 0 ? '-' : '+');
  unsigned x = static_cast<unsigned>(exponent < 0 ? -exponent : exponent);
  if (x >= 100) out.push_back(static_cast<char>('0' + x / 100));
  out.push_back(static_cast<char>('0' + x / 10 % 10));
  out.push_back(static_cast<char>('0' + x % 10));
}

// d laid out as d1[.d2...]e±XX; `min_digits` pads with zeros, `force_point` keeps the point.
void layout_exponent(std::string& out, const Decimal& d, int min_digits, bool force_point, char e) {
  out.push_back(d.digits[0]);
  const int total = d.size > min_digits ? d.size : min_digits;
  if (total > 1 || force_point) out.push_back('.');
  out.append(d.digits + 1, static_cast<std::size_t>(d.size - 1));
  if (total > d.size) out.append(static_cast<std::size_t>(total - d.size), '0');
  append_exponent(out, d.exponent, e);
}

// d laid out positionally; `min_digits` significant digits at least (zero padded), the point
// kept when `force_point`, and ".0" added to an integral result when `dot_zero`.
void layout_fixed(std::string& out, const Decimal& d, int min_digits, bool force_point, bool dot_zero) {
  const int total = d.size > min_digits ? d.size : min_digits;
  auto digit = [&](int i) { return i < d.size ? d.digits[i] : '0'; };
  if (d.exponent < 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-d.exponent - 1), '0');
    for (int i = 0; i < total; ++i) out.push_back(digit(i));
    return;
  }
  const int int_digits = d.exponent + 1;
  for (int i = 0; i < int_digits; ++i) out.push_back(digit(i));
  if (total > int_digits) {
    out.push_back('.');
    for (int i = int_digits; i < total; ++i) out.push_back(digit(i));
  } else if (dot_zero) {
    out += ".0";
  } else if (force_point) {
    out.push_back('.');
  }
}

void strip_trailing_zeros(Decimal& d) {
  while (d.size > 1 && d.digits[d.size - 1] == '0') --d.size;
}

// inf/nan as Python writes them; true when v was not finite.
bool append_special(std::string& out, double v, bool upper) {
  if (std::isnan(v)) {
    out += upper ? "NAN" : "nan";  // Python never shows the sign of a NaN
    return true;
  }
  if (std::isinf(v)) {
    if (v < 0) out.push_back('-');
    out += upper ? "INF" : "inf";
    return true;
  }
  return false;
}

// 'g' and the general format share this: `p` significant digits, exponent form when the
// exponent is below -4 or at least `threshold`.
void append_general(std::string& out, double v, int p, int threshold, bool alternate, bool dot_zero,
                    char e) {
  if (std::signbit(v)) out.push_back('-');
  Decimal d;
  decompose(std::fabs(v), (p < kMaxSignificant ? p : kMaxSignificant) - 1, d);
  const bool use_exponent = d.exponent < -4 || d.exponent >= threshold;
  int min_digits = 0;
  if (alternate) {
    min_digits = p;
  } else {
    strip_trailing_zeros(d);
  }
  if (use_exponent) {
    layout_exponent(out, d, min_digits, alternate, e);
  } else {
    layout_fixed(out, d, min_digits, alternate, dot_zero);
  }
}

}  // namespace

// '%.Nf' of a common value without the general algorithm: |v| < 2^63 with at most 64
// fraction bits is M / 2^s exactly (M < 2^53, s <= 64), so its digits after the point are
// floor(frac * 10^N / 2^s), rounded half-even on the exact remainder, all in 128-bit
// integers. The double's fields are read directly: a normal v is (2^52 + f) * 2^(e - 1075).
namespace {
// Pairs of decimal digits, "00" to "99".
constexpr char kDigitPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

// The last `width` decimal digits of `v` (leading zeros kept) written at p.
void write_digits_fixed(char* p, std::uint64_t v, int width) noexcept {
  int i = width;
  while (i >= 2 && v > UINT32_MAX) {
    const auto pair = static_cast<std::size_t>(v % 100) * 2;
    v /= 100;
    i -= 2;
    std::memcpy(p + i, kDigitPairs + pair, 2);
  }
  if (v > UINT32_MAX) {  // i < 2 here
    if (i == 1) p[0] = static_cast<char>('0' + v % 10);
    return;
  }
  // The rest in 32-bit arithmetic (all of it for up to 9 digits, '%f' among them).
  auto w = static_cast<std::uint32_t>(v);
  while (i >= 2) {
    const std::uint32_t q = w / 100;
    const std::size_t pair = static_cast<std::size_t>(w - q * 100) * 2;
    w = q;
    i -= 2;
    std::memcpy(p + i, kDigitPairs + pair, 2);
  }
  if (i == 1) p[0] = static_cast<char>('0' + w % 10);
}

struct Binary {
  std::uint64_t mantissa;  // |v| = mantissa / 2^shift
  int shift;
};
Binary binary_of(double v) noexcept {
  const auto bits = std::bit_cast<std::uint64_t>(v);
  const auto biased = static_cast<int>((bits >> 52) & 0x7FF);
  const std::uint64_t fraction = bits & ((std::uint64_t{1} << 52) - 1);
  if (biased == 0) return {fraction, fraction == 0 ? 0 : 1074};  // zero, or subnormal (too small)
  return {fraction | (std::uint64_t{1} << 52), 1075 - biased};
}
}  // namespace

bool fixed_fast_applies(double v) noexcept {
  if (!(std::fabs(v) < 9223372036854775808.0)) return false;  // also NaN
  return binary_of(v).shift <= 64;
}

char* write_fixed_fast(char* p, double v, int precision, bool alternate) noexcept {
  __extension__ using u128 = unsigned __int128;  // GCC/Clang; __extension__ keeps -Wpedantic quiet
  static constexpr std::uint64_t kPow10[] = {1,          10,          100,          1000,          10000,
                                             100000,     1000000,     10000000,     100000000,     1000000000,
                                             10000000000, 100000000000, 1000000000000, 10000000000000,
                                             100000000000000, 1000000000000000, 10000000000000000,
                                             100000000000000000};
  const Binary b = binary_of(v);
  const int s = b.shift;
  std::uint64_t int_part = 0, frac = 0;
  if (s <= 0) {
    int_part = b.mantissa << -s;
  } else {
    int_part = s == 64 ? 0 : b.mantissa >> s;
    frac = s == 64 ? b.mantissa : b.mantissa & ((std::uint64_t{1} << s) - 1);
  }
  const std::uint64_t scale = kPow10[precision];
  std::uint64_t digits = 0;
  if (s > 0) {
    const u128 q = static_cast<u128>(frac) * scale;
    digits = static_cast<std::uint64_t>(q >> s);
    const u128 rem = q & ((static_cast<u128>(1) << s) - 1);
    const u128 half = static_cast<u128>(1) << (s - 1);
    const std::uint64_t last = precision == 0 ? int_part : digits;  // the digit a tie rounds to even
    if (rem > half || (rem == half && (last & 1))) {
      if (precision == 0 || ++digits == scale) {
        ++int_part;
        digits = 0;
      }
    }
  }
  if (std::signbit(v)) *p++ = '-';
  p = write_decimal(p, int_part);
  if (precision > 0 || alternate) *p++ = '.';
  write_digits_fixed(p, digits, precision);
  return p + precision;
}

void append_float_repr(std::string& out, double v) {
  if (append_special(out, v, false)) return;
  if (std::signbit(v)) out.push_back('-');
  Decimal d;
  decompose(std::fabs(v), -1, d);
  if (d.exponent < -4 || d.exponent >= 16) {
    layout_exponent(out, d, 0, false, 'e');
  } else {
    layout_fixed(out, d, 0, false, true);
  }
}

void append_float(std::string& out, double v, char type, int precision, bool alternate) {
  const bool upper = type == 'E' || type == 'F' || type == 'G';
  if (append_special(out, v, upper)) return;
  switch (type) {
    case 'e':
    case 'E': {
      if (std::signbit(v)) out.push_back('-');
      Decimal d;
      decompose(std::fabs(v), precision < kMaxSignificant ? precision : kMaxSignificant, d);
      layout_exponent(out, d, precision + 1, alternate, upper ? 'E' : 'e');
      return;
    }
    case 'f':
    case 'F': {
      if (precision <= kMaxFastPrecision && fixed_fast_applies(v)) {
        char buf[kMaxFastFixed];
        out.append(buf, write_fixed_fast(buf, v, precision, alternate));
        return;
      }
      char buf[kBufSize];
      const int capped = precision < kMaxFraction ? precision : kMaxFraction;
      // -0.0 keeps its sign, as in Python ('%f' % -0.0 == '-0.000000').
      const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, capped);
      out.append(buf, r.ptr);
      if (precision > capped) out.append(static_cast<std::size_t>(precision - capped), '0');
      if (alternate && precision == 0) out.push_back('.');
      return;
    }
    default: {  // 'g' / 'G'
      const int p = precision == 0 ? 1 : precision;
      append_general(out, v, p, p, alternate, false, upper ? 'E' : 'e');
      return;
    }
  }
}

void append_float_general(std::string& out, double v, int precision) {
  if (precision < 0) {
    append_float_repr(out, v);
    return;
  }
  if (append_special(out, v, false)) return;
  const int p = precision == 0 ? 1 : precision;
  // With no presentation type, CPython switches to the exponent one digit earlier than 'g'
  // (format(10.0, '.2') == '1e+01') and gives integral results a '.0'.
  append_general(out, v, p, p - 1, false, true, 'e');
}

void append_digits(std::string& out, std::uint64_t magnitude, int base, bool upper) {
  char buf[64];
  char* end = buf + sizeof buf;
  char* p = end;
  const char* symbols = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  const auto b = static_cast<std::uint64_t>(base);
  do {
    *--p = symbols[magnitude % b];
    magnitude /= b;
  } while (magnitude != 0);
  out.append(p, end);
}

}  // namespace pyos::logging::detail
