// format(value, spec): Python's format-spec mini-language for the logging Values, as
// CPython 3.13's str/int/float/object __format__ (Python/formatter_unicode.c), re-expressed:
// the same parse order, the same error classes and messages, the same layout of sign,
// prefix, padding, digit grouping and zero padding.
//
// Bound (documented in styles.hpp's users): padding a field wider than kMaxWidth raises
// ValueError("Too many decimal digits in format string") — CPython's message for a width it
// cannot hold — and a float precision above kMaxWidth raises ValueError("precision too
// big"), CPython's message for one above INT_MAX. A str's precision only truncates and is
// not bounded. The width bound is checked where the padding would be written, after every
// check CPython makes on the spec and the value, so an invalid spec gets CPython's error.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "_core/text.hpp"
#include "logging/numbers.hpp"
#include "logging/styles_internal.hpp"
#include "pyos/exceptions.hpp"

namespace pyos::logging::detail {
namespace {

using _core::decode_code_point;

bool is_align(char32_t c) noexcept { return c == '<' || c == '>' || c == '=' || c == '^'; }

// CPython's get_integer: Unicode decimal digits from `pos`. Returns how many were read;
// `overflow` when the value passes PY_SSIZE_T_MAX.
std::size_t read_integer(std::string_view s, std::size_t& pos, std::int64_t& value, bool& overflow) {
  value = 0;
  std::size_t count = 0;
  while (pos < s.size()) {
    std::size_t next = pos;
    const int digit = decimal_value(decode_code_point(s, next));
    if (digit < 0) break;
    if (value > (std::numeric_limits<std::int64_t>::max() - digit) / 10) {
      overflow = true;
      return count;
    }
    value = value * 10 + digit;
    pos = next;
    ++count;
  }
  return count;
}

// "'c'" for a printable ASCII character, else "'\x<hex>'", as CPython's messages print a
// presentation type.
void append_char_quoted(std::string& out, char32_t c) {
  out.push_back('\'');
  if (c > 32 && c < 128) {
    out.push_back(static_cast<char>(c));
  } else {
    char hex[16];
    const auto r = std::to_chars(hex, hex + sizeof hex, static_cast<std::uint32_t>(c), 16);
    out += "\\x";
    out.append(hex, r.ptr);
  }
  out.push_back('\'');
}

// CPython prints type names with "%.200s".
std::string_view type_name_200(std::string_view name) { return name.substr(0, 200); }

[[noreturn]] void raise_unknown_type(char32_t type, std::string_view type_name) {
  std::string message = "Unknown format code ";
  append_char_quoted(message, type);
  message += " for object of type '";
  message += type_name_200(type_name);
  message += '\'';
  throw ValueError(std::move(message));
}

// pyos's width bound, where the padding would be written.
[[noreturn]] void raise_width_too_big() { throw ValueError("Too many decimal digits in format string"); }

[[noreturn]] void raise_parse_error(const FormatSpec& f, std::string_view type_name) {
  switch (f.error) {
    case FormatSpec::Error::TooManyDigits:
      throw ValueError("Too many decimal digits in format string");
    case FormatSpec::Error::CommaAndUnderscore:
      throw ValueError("Cannot specify both ',' and '_'.");
    case FormatSpec::Error::MissingPrecision:
      throw ValueError("Format specifier missing precision");
    case FormatSpec::Error::Invalid:
    case FormatSpec::Error::None:
      break;
  }
  std::string message = "Invalid format specifier '";
  message += f.text;
  message += "' for object of type '";
  message += type_name_200(type_name);
  message += '\'';
  throw ValueError(std::move(message));
}

// The end of parse_internal_render_format_spec, which needs the type's default
// presentation: a grouping character is only allowed with some types. Returns the group
// size (3, or 4 for '_' with b/o/x/X), 0 without grouping.
int check_grouping(const FormatSpec& f, char32_t type) {
  if (f.grouping == 0) return 0;
  switch (type) {
    case 'd': case 'e': case 'f': case 'g': case 'E': case 'G': case '%': case 'F': case 0:
      return 3;
    case 'b': case 'o': case 'x': case 'X':
      if (f.grouping == '_') return 4;
      break;
    default:
      break;
  }
  std::string message = "Cannot specify '";
  message.push_back(f.grouping);
  message += "' with ";
  append_char_quoted(message, type);
  message += '.';
  throw ValueError(std::move(message));
}

// The fill and alignment after the type's defaults: the '0' flag means fill '0' and, for
// numbers (default alignment '>'), alignment '=' unless one was given.
struct Layout {
  std::string_view fill;
  char align;
};

Layout resolve_layout(const FormatSpec& f, char default_align) {
  Layout l{f.fill, f.align};
  if (l.fill.empty()) l.fill = f.zero ? "0" : " ";
  if (l.align == 0) l.align = (f.zero && default_align == '>') ? '=' : default_align;
  return l;
}

void append_fill(std::string& out, std::string_view fill, std::int64_t count) {
  if (count <= 0) return;
  if (fill.size() == 1) {
    out.append(static_cast<std::size_t>(count), fill[0]);
    return;
  }
  for (std::int64_t i = 0; i < count; ++i) out += fill;
}

// CPython's _PyUnicode_InsertThousandsGrouping: the digits grouped from the right by
// `group` (0: no grouping), zero-padded to at least `min_width` characters — zero padding
// goes inside the grouping, so format(1, '06,') is '00,001'. With dst == nullptr only
// counts; else writes backwards ending at `dst`.
std::size_t group_digits(char* dst, std::string_view digits, std::int64_t min_width, int group, char sep) {
  std::int64_t remaining = static_cast<std::int64_t>(digits.size());
  const char* src = digits.data() + digits.size();
  std::size_t count = 0;
  min_width = std::max<std::int64_t>(min_width, 0);
  auto emit = [&](std::int64_t len, bool separator) {
    const std::int64_t zeros = std::max<std::int64_t>(0, len - remaining);
    const std::int64_t chars = std::max<std::int64_t>(0, std::min(remaining, len));
    count += static_cast<std::size_t>((separator ? 1 : 0) + zeros + chars);
    if (dst != nullptr) {
      if (separator) *--dst = sep;
      for (std::int64_t i = 0; i < chars; ++i) *--dst = *--src;
      for (std::int64_t i = 0; i < zeros; ++i) *--dst = '0';
    }
    remaining -= chars;
  };
  if (group == 0) {
    emit(std::max<std::int64_t>({remaining, min_width, 1}), false);
    return count;
  }
  for (bool separator = false;; separator = true) {
    const std::int64_t len = std::min<std::int64_t>(group, std::max<std::int64_t>({remaining, min_width, 1}));
    emit(len, separator);
    min_width -= len;
    if (remaining <= 0 && min_width <= 0) break;
    min_width -= 1;  // the separator
  }
  return count;
}

// A number split as CPython's calc_number_widths sees it.
struct Number {
  bool negative = false;
  std::string_view prefix;     // "0x", "0X", "0o", "0b"
  std::string_view digits;     // the integer part's digits (none for 'c', inf, nan)
  bool has_decimal = false;    // a '.' follows the digits
  std::string_view remainder;  // what follows the digits (and the '.')
  std::size_t remainder_chars = 0;
};

// calc_number_widths + fill_number:
//   <lpadding> <sign> <prefix> <spadding> <grouped digits> <.> <remainder> <rpadding>
void layout_number(std::string& out, const Number& n, const FormatSpec& f, int group) {
  const Layout l = resolve_layout(f, '>');
  char sign = 0;
  if (f.sign == '+') {
    sign = n.negative ? '-' : '+';
  } else if (f.sign == ' ') {
    sign = n.negative ? '-' : ' ';
  } else if (n.negative) {
    sign = '-';
  }
  const auto non_digits = static_cast<std::int64_t>((sign ? 1 : 0) + n.prefix.size() + (n.has_decimal ? 1 : 0) +
                                                    n.remainder_chars);
  if (f.width > kMaxWidth) {
    const std::size_t natural = n.digits.empty() ? 0 : group_digits(nullptr, n.digits, 0, group, f.grouping);
    if (f.width > non_digits + static_cast<std::int64_t>(natural)) raise_width_too_big();
  }
  const std::int64_t min_width = (l.fill == "0" && l.align == '=') ? f.width - non_digits : 0;
  const std::size_t grouped = n.digits.empty() ? 0 : group_digits(nullptr, n.digits, min_width, group, f.grouping);
  const std::int64_t padding = f.width - (non_digits + static_cast<std::int64_t>(grouped));
  std::int64_t left = 0, inside = 0, right = 0;
  if (padding > 0) {
    switch (l.align) {
      case '<': right = padding; break;
      case '^': left = padding / 2; right = padding - left; break;
      case '=': inside = padding; break;
      default: left = padding; break;
    }
  }
  append_fill(out, l.fill, left);
  if (sign) out.push_back(sign);
  out += n.prefix;
  append_fill(out, l.fill, inside);
  if (grouped != 0) {
    const std::size_t at = out.size();
    out.resize(at + grouped);
    group_digits(out.data() + at + grouped, n.digits, min_width, group, f.grouping);
  }
  if (n.has_decimal) out.push_back('.');
  out += n.remainder;
  append_fill(out, l.fill, right);
}

// Digits of a number in text form, reused across calls: formatting runs no user code, so
// one buffer per thread is never used twice at once.
std::string& number_scratch() {
  thread_local std::string scratch;
  scratch.clear();
  return scratch;
}

// Py_DTSF_NO_NEG_0: "-0.00", "-0e+00", "-0.0%" lose their sign.
void drop_negative_zero(std::string& text) {
  if (text.empty() || text[0] != '-') return;
  for (std::size_t i = 1; i < text.size(); ++i) {
    const char c = text[i];
    if (c == 'e' || c == 'E' || c == '%') break;
    if (c != '0' && c != '.') return;
  }
  text.erase(0, 1);
}

// format(x, '#.Np') with no presentation type: 'g' whose exponent threshold counts the
// '.0' that repr-like output keeps (format_float_short with Py_DTSF_ADD_DOT_0), keeping
// trailing zeros and the point as '#' asks.
void append_general_alternate(std::string& out, double v, int precision) {
  const int p = std::max(precision, 1);
  if (!std::isfinite(v)) {
    append_float(out, v, 'g', p, true);
    return;
  }
  // The decimal exponent after rounding to p digits; beyond ~770 digits a double's
  // expansion is exact, so rounding there cannot carry.
  char buf[900];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific, std::min(p - 1, 800));
  const char* e = std::find(buf, r.ptr, 'e');
  int exponent = 0;
  std::from_chars(e + (e[1] == '+' ? 2 : 1), r.ptr, exponent);
  if (exponent < -4 || exponent >= p - 1) {
    append_float(out, v, 'e', p - 1, true);
  } else {
    append_float(out, v, 'f', p - 1 - exponent, true);
  }
}

// format_float_internal: `type` is one of 0 e E f F g G n % (checked by the caller).
void format_float(std::string& out, double v, const FormatSpec& f, char32_t type, int group) {
  if (f.precision > kMaxWidth) throw ValueError("precision too big");
  int precision = static_cast<int>(f.precision);
  std::string& text = number_scratch();
  bool percent = false;
  if (type == 'n') type = 'g';  // the C locale's 'n' is 'g'
  if (type == '%') {
    v *= 100;
    type = 'f';
    percent = true;
  }
  if (type == 0) {
    if (precision < 0) {
      append_float_repr(text, v);
      // '#' keeps a point in repr's exponent form: '1.e+16'.
      if (f.alternate && text.find('.') == std::string::npos) {
        const std::size_t e = text.find('e');
        if (e != std::string::npos) text.insert(e, 1, '.');
      }
    } else if (f.alternate) {
      append_general_alternate(text, v, precision);
    } else {
      append_float_general(text, v, precision);
    }
  } else {
    if (precision < 0) precision = 6;
    append_float(text, v, static_cast<char>(type), precision, f.alternate);
  }
  if (percent) text.push_back('%');
  if (f.no_neg_0) drop_negative_zero(text);

  Number n;
  std::string_view rest = text;
  if (!rest.empty() && rest[0] == '-') {
    n.negative = true;
    rest.remove_prefix(1);
  }
  std::size_t digits = 0;
  while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') ++digits;
  n.digits = rest.substr(0, digits);
  rest.remove_prefix(digits);
  if (!rest.empty() && rest[0] == '.') {
    n.has_decimal = true;
    rest.remove_prefix(1);
  }
  n.remainder = rest;
  n.remainder_chars = rest.size();
  layout_number(out, n, f, group);
}

// int.__format__ (and bool's) for a value given as sign and magnitude.
void format_int(std::string& out, bool negative, std::uint64_t magnitude, std::string_view type_name,
                const FormatSpec& f) {
  if (f.error != FormatSpec::Error::None) raise_parse_error(f, type_name);
  const char32_t type = f.type != 0 ? f.type : U'd';
  const int group = check_grouping(f, type);
  int base = 10;
  switch (type) {
    case 'b': base = 2; break;
    case 'o': base = 8; break;
    case 'x': case 'X': base = 16; break;
    case 'c': case 'd': case 'n': break;
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case '%': {
      // float(int): the conversion rounds to nearest like CPython's.
      const double d = static_cast<double>(magnitude);
      format_float(out, negative ? -d : d, f, type, group);
      return;
    }
    default:
      raise_unknown_type(type, type_name);
  }
  if (f.precision != -1) throw ValueError("Precision not allowed in integer format specifier");
  if (f.no_neg_0) throw ValueError("Negative zero coercion (z) not allowed in integer format specifier");

  Number n;
  n.negative = negative;
  std::string& text = number_scratch();
  if (type == 'c') {
    if (f.sign != 0) throw ValueError("Sign not allowed with integer format specifier 'c'");
    if (f.alternate) throw ValueError("Alternate form (#) not allowed with integer format specifier 'c'");
    if (!negative && magnitude > static_cast<std::uint64_t>(std::numeric_limits<long>::max())) {
      throw OverflowError("Python int too large to convert to C long");
    }
    if (negative || magnitude > 0x10FFFF) throw OverflowError("%c arg not in range(0x110000)");
    // The character is laid out as a remainder, not as digits (no grouping, no zeros).
    if (magnitude >= 0xDC80 && magnitude <= 0xDCFF) {
      text.push_back(static_cast<char>(magnitude - 0xDC00));  // surrogateescape: the byte it stands for
    } else {
      _core::append_utf8(text, static_cast<char32_t>(magnitude));
    }
    n.remainder = text;
    n.remainder_chars = 1;
  } else {
    if (f.alternate) {
      n.prefix = base == 2 ? "0b" : base == 8 ? "0o" : type == 'X' ? "0X" : base == 16 ? "0x" : "";
    }
    append_digits(text, magnitude, base, type == 'X');
    n.digits = text;
  }
  layout_number(out, n, f, group);
}

void format_float_value(std::string& out, double v, const FormatSpec& f) {
  if (f.error != FormatSpec::Error::None) raise_parse_error(f, "float");
  const char32_t type = f.type;
  const int group = check_grouping(f, type);
  switch (type) {
    case 0: case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'n': case '%':
      format_float(out, v, f, type, group);
      return;
    default:
      raise_unknown_type(type, "float");
  }
}

}  // namespace

void parse_format_spec(std::string_view s, FormatSpec& f) noexcept {
  f = FormatSpec{};
  f.text = s;
  const std::size_t n = s.size();
  std::size_t pos = 0;
  bool fill_given = false;
  if (n > 0) {
    std::size_t after_first = 0;
    const char32_t first = decode_code_point(s, after_first);
    if (after_first < n) {
      std::size_t after_second = after_first;
      const char32_t second = decode_code_point(s, after_second);
      if (is_align(second)) {
        f.fill = s.substr(0, after_first);
        f.align = static_cast<char>(second);
        fill_given = true;
        pos = after_second;
      }
    }
    if (!fill_given && is_align(first)) {
      f.align = static_cast<char>(first);
      pos = after_first;
    }
  }
  auto next_is = [&](char c) { return pos < n && s[pos] == c; };
  if (next_is('+') || next_is('-') || next_is(' ')) f.sign = s[pos++];
  if (next_is('z')) {
    f.no_neg_0 = true;
    ++pos;
  }
  if (next_is('#')) {
    f.alternate = true;
    ++pos;
  }
  if (!fill_given && next_is('0')) {
    f.zero = true;
    ++pos;
  }
  bool overflow = false;
  std::int64_t value = 0;
  if (read_integer(s, pos, value, overflow) > 0 && !overflow) f.width = value;
  if (overflow) {
    f.error = FormatSpec::Error::TooManyDigits;
    return;
  }
  if (next_is(',')) {
    f.grouping = ',';
    ++pos;
  }
  if (next_is('_')) {
    if (f.grouping != 0) {
      f.error = FormatSpec::Error::CommaAndUnderscore;
      return;
    }
    f.grouping = '_';
    ++pos;
  }
  if (next_is(',') && f.grouping == '_') {
    f.error = FormatSpec::Error::CommaAndUnderscore;
    return;
  }
  if (next_is('.')) {
    ++pos;
    const std::size_t count = read_integer(s, pos, value, overflow);
    if (overflow) {
      f.error = FormatSpec::Error::TooManyDigits;
      return;
    }
    if (count == 0) {
      f.error = FormatSpec::Error::MissingPrecision;
      return;
    }
    f.precision = value;
  }
  if (pos < n) {
    std::size_t after = pos;
    const char32_t type = decode_code_point(s, after);
    if (after < n) {
      f.error = FormatSpec::Error::Invalid;
      return;
    }
    f.type = type;
  }
}

void format_text_tail(std::string& out, std::size_t start, const FormatSpec& f) {
  if (f.text.empty()) return;
  if (f.error != FormatSpec::Error::None) raise_parse_error(f, "str");
  const char32_t type = f.type != 0 ? f.type : U's';
  check_grouping(f, type);
  if (type != 's') raise_unknown_type(type, "str");
  if (f.sign == ' ') throw ValueError("Space not allowed in string format specifier");
  if (f.sign != 0) throw ValueError("Sign not allowed in string format specifier");
  if (f.no_neg_0) throw ValueError("Negative zero coercion (z) not allowed in string format specifier");
  if (f.alternate) throw ValueError("Alternate form (#) not allowed in string format specifier");
  const Layout l = resolve_layout(f, '<');
  if (l.align == '=') throw ValueError("'=' alignment not allowed in string format specifier");

  // Length in code points, cut to the precision.
  const std::string_view text = std::string_view(out).substr(start);
  std::int64_t length = 0;
  std::size_t pos = 0;
  while (pos < text.size() && (f.precision < 0 || length < f.precision)) {
    decode_code_point(text, pos);
    ++length;
  }
  out.resize(start + pos);
  if (f.width <= length) return;
  if (f.width > kMaxWidth) raise_width_too_big();
  const std::int64_t padding = f.width - length;
  const std::int64_t left = l.align == '>' ? padding : l.align == '^' ? padding / 2 : 0;
  if (left > 0) {
    // Shift the text right by the left padding, then write the fill in front of it.
    const std::size_t text_size = out.size() - start;
    append_fill(out, l.fill, left);
    std::rotate(out.begin() + static_cast<std::ptrdiff_t>(start),
                out.begin() + static_cast<std::ptrdiff_t>(start + text_size), out.end());
  }
  append_fill(out, l.fill, padding - left);
}

void format_value(std::string& out, const Value& v, const FormatSpec& f) {
  // An empty spec is str(value) for every type (object.__format__ and the fast paths).
  if (f.text.empty()) {
    append_str(out, v);
    return;
  }
  switch (v.kind()) {
    case Value::Kind::Str: {
      const std::size_t start = out.size();
      out += v.as_str();
      format_text_tail(out, start, f);
      return;
    }
    case Value::Kind::Int: {
      const std::int64_t i = v.as_int();
      const std::uint64_t magnitude = i < 0 ? 0 - static_cast<std::uint64_t>(i) : static_cast<std::uint64_t>(i);
      format_int(out, i < 0, magnitude, "int", f);
      return;
    }
    case Value::Kind::UInt:
      format_int(out, false, v.as_uint(), "int", f);
      return;
    case Value::Kind::Bool:
      format_int(out, false, v.as_bool() ? 1 : 0, "bool", f);
      return;
    case Value::Kind::Float:
      format_float_value(out, v.as_float(), f);
      return;
    case Value::Kind::None:
    case Value::Kind::Bytes:
    case Value::Kind::Map:
    case Value::Kind::Object:
      break;
  }
  std::string message = "unsupported format string passed to ";
  message += type_name_200(v.type_name());
  message += ".__format__";
  throw TypeError(std::move(message));
}

void format_value(std::string& out, const Value& v, std::string_view spec) {
  FormatSpec f;
  parse_format_spec(spec, f);
  format_value(out, v, f);
}

}  // namespace pyos::logging::detail
