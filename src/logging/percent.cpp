// Python's `str % args` (CPython 3.13, Objects/unicodeobject.c: PyUnicode_Format), written
// from its observable behaviour. The order in which a spec is processed decides which error
// a malformed format raises, so it is kept exactly: mapping key lookup, flags, width ('*'
// takes an argument), precision ('*' takes one), length modifier, the end-of-format check,
// then the argument, then the conversion character.
//
// The format is UTF-8 and scanned byte by byte: every character with a meaning is ASCII, so
// a non-ASCII byte can only be a key's text or an (unsupported) conversion character, whose
// code point and code-point index the error message then reports as CPython does.
#include "logging/percent.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <utility>

#include "_core/append.hpp"
#include "_core/text.hpp"
#include "logging/numbers.hpp"
#include "pyos/exceptions.hpp"

namespace pyos::logging::detail {
namespace {

enum Flag : std::uint8_t { kLjust = 1, kSign = 2, kBlank = 4, kAlt = 8, kZero = 16 };

// A parse error, raised when rendering reaches it (after the key lookup and the '*'
// arguments that CPython processes before noticing it). WidthTooBig and PrecisionTooBig are
// CPython's own: a width above PY_SSIZE_T_MAX, a precision above INT_MAX. pyos's bound
// (kMaxWidth) is applied later, where the output would be written (see padding()).
enum class ParseError : std::uint8_t { None, IncompleteKey, Incomplete, WidthTooBig, PrecisionTooBig };

struct Spec {
  std::uint32_t key_begin = 0;  // byte range of the %(key) text in the format
  std::uint32_t key_size = 0;
  std::uint32_t key_index = 0;  // PercentTemplate: the key's number
  std::uint32_t conv_pos = 0;   // byte offset of the conversion character
  std::int64_t width = -1;  // up to PY_SSIZE_T_MAX, as CPython parses it
  std::int32_t prec = -1;   // up to INT_MAX
  std::uint8_t flags = 0;
  bool has_key = false;
  bool star_width = false;
  bool star_prec = false;
  ParseError error = ParseError::None;
  char conv = 0;
};

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// Parses the spec that starts at `pos` (just after a '%' that does not start "%%") and returns
// the position after it. At the first error the rest of the format is unreachable: the
// error is recorded and the end of the format returned.
std::size_t parse_spec(std::string_view f, std::size_t pos, Spec& s) {
  const std::size_t n = f.size();
  const auto fail = [&](ParseError e) {
    s.error = e;
    return n;
  };
  if (pos < n && f[pos] == '(') {
    // The key runs to the ')' that balances the '(': "%(a(b)c)s" has the key "a(b)c".
    s.has_key = true;
    std::size_t i = pos + 1;
    int depth = 1;
    while (depth > 0 && i < n) {
      const char c = f[i++];
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
    }
    if (depth > 0) return fail(ParseError::IncompleteKey);
    s.key_begin = static_cast<std::uint32_t>(pos + 1);
    s.key_size = static_cast<std::uint32_t>(i - 1 - (pos + 1));
    pos = i;
  }
  char ch = 0;
  for (;;) {
    if (pos == n) return fail(ParseError::Incomplete);
    ch = f[pos++];
    if (ch == '-') s.flags |= kLjust;
    else if (ch == '+') s.flags |= kSign;
    else if (ch == ' ') s.flags |= kBlank;
    else if (ch == '#') s.flags |= kAlt;
    else if (ch == '0') s.flags |= kZero;
    else break;
  }
  if (ch == '*') {
    s.star_width = true;
    if (pos == n) return fail(ParseError::Incomplete);
    ch = f[pos++];
  } else if (is_digit(ch)) {
    std::int64_t width = ch - '0';
    for (;;) {
      if (pos == n) return fail(ParseError::Incomplete);
      ch = f[pos++];
      if (!is_digit(ch)) break;
      if (width > (INT64_MAX - (ch - '0')) / 10) return fail(ParseError::WidthTooBig);
      width = width * 10 + (ch - '0');
    }
    s.width = width;
  }
  if (ch == '.') {
    s.prec = 0;
    if (pos == n) return fail(ParseError::Incomplete);
    ch = f[pos++];
    if (ch == '*') {
      s.star_prec = true;
      if (pos == n) return fail(ParseError::Incomplete);
      ch = f[pos++];
    } else if (is_digit(ch)) {
      std::int32_t prec = ch - '0';
      for (;;) {
        if (pos == n) return fail(ParseError::Incomplete);
        ch = f[pos++];
        if (!is_digit(ch)) break;
        if (prec > (INT32_MAX - (ch - '0')) / 10) return fail(ParseError::PrecisionTooBig);
        prec = prec * 10 + (ch - '0');
      }
      s.prec = prec;
    }
  }
  if (ch == 'h' || ch == 'l' || ch == 'L') {  // C length modifiers: accepted, ignored
    if (pos == n) return fail(ParseError::Incomplete);
    ch = f[pos++];
  }
  s.conv = ch;
  s.conv_pos = static_cast<std::uint32_t>(pos - 1);
  return pos;
}

// --- code points -----------------------------------------------------------------------

void skip_code_point(std::string_view s, std::size_t& i) noexcept {
  if (static_cast<unsigned char>(s[i]) < 0x80) {
    ++i;
  } else {
    (void)_core::decode_code_point(s, i);
  }
}

// len() of a str held as UTF-8 (an undecodable byte is one character, as surrogateescape).
std::size_t count_code_points(std::string_view s) noexcept {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size(); ++count) skip_code_point(s, i);
  return count;
}

// The byte length of the first `count` characters of `s`.
std::size_t prefix_bytes(std::string_view s, std::size_t count) noexcept {
  std::size_t i = 0;
  for (; count > 0 && i < s.size(); --count) skip_code_point(s, i);
  return i;
}

[[noreturn]] void raise_unsupported(std::string_view format, std::size_t conv_pos) {
  std::size_t next = conv_pos;
  const char32_t cp = _core::decode_code_point(format, next);
  char hex[16];
  const auto r = std::to_chars(hex, hex + sizeof hex, static_cast<std::uint32_t>(cp), 16);
  std::string message = "unsupported format character '";
  message.push_back(cp >= 31 && cp <= 126 ? static_cast<char>(cp) : '?');
  message += "' (0x";
  message.append(hex, r.ptr);
  message += ") at index ";
  message += std::to_string(count_code_points(format.substr(0, conv_pos)));
  throw ValueError(std::move(message));
}

// --- arguments -------------------------------------------------------------------------

// The argument a conversion gets: a Value, or (value == nullptr) a PercentTemplate's mapping
// itself, which only prints (PercentMapping::append_self) and otherwise behaves as a dict.
struct Arg {
  const Value* value;
};

// CPython's argument cursor: a tuple is walked item by item; a single object (len -1,
// index -2) can be taken once. A %(key) lookup makes the looked-up value that single object.
struct Args {
  std::span<const Value> tuple;
  Arg single{nullptr};
  std::ptrdiff_t len = -1;
  std::ptrdiff_t index = -2;

  Arg next() {
    if (index >= len) throw TypeError("not enough arguments for format string");
    const std::ptrdiff_t i = index++;
    return len < 0 ? single : Arg{&tuple[static_cast<std::size_t>(i)]};
  }
};

std::string type_name(Arg a) { return a.value ? a.value->type_name() : std::string("dict"); }

bool is_int(Arg a) noexcept {
  if (!a.value) return false;
  const auto k = a.value->kind();
  return k == Value::Kind::Int || k == Value::Kind::UInt || k == Value::Kind::Bool;
}

// The value of a '*' as a width: a negative one left-justifies.
std::int64_t star_width(Arg a, std::uint8_t& flags) {
  if (!is_int(a)) throw TypeError("* wants int");
  const Value& v = *a.value;
  std::uint64_t magnitude;
  if (v.kind() == Value::Kind::UInt) {
    if (v.as_uint() > static_cast<std::uint64_t>(INT64_MAX)) {
      throw OverflowError("Python int too large to convert to C ssize_t");
    }
    magnitude = v.as_uint();
  } else {
    const std::int64_t w = v.as_int();
    if (w < 0) flags |= kLjust;
    // CPython negates a negative width in a Py_ssize_t: PY_SSIZE_T_MIN stays negative, and
    // a negative width pads nothing ('%*d' % (-2**63, 5) is '5').
    if (w == INT64_MIN) return w;
    magnitude = w < 0 ? 0 - static_cast<std::uint64_t>(w) : static_cast<std::uint64_t>(w);
  }
  return static_cast<std::int64_t>(std::min<std::uint64_t>(magnitude, INT64_MAX));
}

// The value of a '*' as a precision: a negative one means 0.
int star_precision(Arg a) {
  if (!is_int(a)) throw TypeError("* wants int");
  const Value& v = *a.value;
  const bool fits = v.kind() == Value::Kind::UInt ? v.as_uint() <= INT32_MAX
                                                  : v.as_int() >= INT32_MIN && v.as_int() <= INT32_MAX;
  if (!fits) throw OverflowError("Python int too large to convert to C int");
  if (v.kind() == Value::Kind::Int && v.as_int() < 0) return 0;
  return static_cast<int>(v.kind() == Value::Kind::UInt ? v.as_uint() : static_cast<std::uint64_t>(v.as_int()));
}

// --- conversions -----------------------------------------------------------------------

struct Conversion {
  char conv;
  std::uint8_t flags;
  std::int64_t width;  // -1: none
  int prec;            // -1: none
};

// The padding that brings `length` characters to the width. pyos's bound: padding that
// would make the field wider than kMaxWidth raises ValueError("width too big") — at the
// moment CPython would write it, after every check CPython makes first, so a format CPython
// rejects gets CPython's error whatever its width.
std::size_t padding(const Conversion& c, std::size_t length) {
  if (c.width <= 0 || static_cast<std::uint64_t>(c.width) <= length) return 0;
  if (c.width > kMaxWidth) throw ValueError("width too big");
  return static_cast<std::size_t>(c.width) - length;
}

// pyos's bound on a number's precision (kMaxWidth), checked where CPython would produce the
// digits: ValueError("precision too big").
void check_precision(const Conversion& c) {
  if (c.prec > kMaxWidth) throw ValueError("precision too big");
}

// Pads the text appended at out[start..], `length` characters long, to the width.
void pad_text(std::string& out, std::size_t start, std::size_t length, const Conversion& c) {
  if (c.width <= 0) return;
  const std::size_t pad = padding(c, length);
  if (pad == 0) return;
  if (c.flags & kLjust) {
    out.append(pad, ' ');
  } else {
    out.insert(start, pad, ' ');
  }
}

void pad_text(std::string& out, std::size_t start, const Conversion& c) {
  if (c.width > 0) pad_text(out, start, count_code_points(std::string_view(out).substr(start)), c);
}

// A number laid out as sign, prefix, zeros (from a precision) and digits, padded to width.
void emit_number(std::string& out, const Conversion& c, char sign, std::string_view prefix, std::size_t zeros,
                 std::string_view digits) {
  if (!sign && prefix.empty() && zeros == 0 && c.width <= 0) {  // the common "%d"
    out += digits;
    return;
  }
  const std::size_t total = (sign ? 1 : 0) + prefix.size() + zeros + digits.size();
  const std::size_t pad = padding(c, total);
  const bool ljust = c.flags & kLjust;
  const bool zero_fill = !ljust && (c.flags & kZero);
  if (!ljust && !zero_fill) out.append(pad, ' ');
  if (sign) out.push_back(sign);
  out += prefix;
  out.append(zeros + (zero_fill ? pad : 0), '0');
  out += digits;
  if (ljust) out.append(pad, ' ');
}

[[noreturn]] void raise_not_integer(char conv, Arg a) {
  const bool index_only = conv == 'o' || conv == 'x' || conv == 'X';
  throw TypeError(std::string("%") + conv +
                  (index_only ? " format: an integer is required, not " : " format: a real number is required, not ") +
                  type_name(a));
}

void format_int(std::string& out, const Conversion& c, Arg a) {
  if (!a.value) raise_not_integer(c.conv, a);
  const Value& v = *a.value;
  if (c.conv != 'o' && c.conv != 'x' && c.conv != 'X' && c.flags == 0 && c.width < 0 && c.prec < 0 &&
      (v.kind() == Value::Kind::Int || v.kind() == Value::Kind::Bool)) {  // the common bare "%d"
    char digits[24];
    const auto r = std::to_chars(digits, digits + sizeof digits, v.as_int());
    out.append(digits, r.ptr);
    return;
  }
  bool negative = false;
  std::uint64_t magnitude = 0;
  char buf[340];  // the digits: 64 binary digits at most, or a float's 309 decimal ones
  std::string_view digits;
  switch (v.kind()) {
    case Value::Kind::Bool:
    case Value::Kind::Int: {
      const std::int64_t i = v.as_int();
      negative = i < 0;
      magnitude = negative ? 0 - static_cast<std::uint64_t>(i) : static_cast<std::uint64_t>(i);
      break;
    }
    case Value::Kind::UInt: magnitude = v.as_uint(); break;
    case Value::Kind::Float: {
      // %d takes int(x) (truncation); %o %x %X want an integer proper (operator.index).
      if (c.conv == 'o' || c.conv == 'x' || c.conv == 'X') raise_not_integer(c.conv, a);
      const double d = v.as_float();
      if (std::isnan(d)) throw ValueError("cannot convert float NaN to integer");
      if (std::isinf(d)) throw OverflowError("cannot convert float infinity to integer");
      const double t = std::trunc(d);
      negative = t < 0;
      const double m = std::fabs(t);
      if (m < 18446744073709551616.0) {
        magnitude = static_cast<std::uint64_t>(m);
      } else {  // beyond 64 bits: the exact integer's decimal digits
        const auto r = std::to_chars(buf, buf + sizeof buf, m, std::chars_format::fixed, 0);
        digits = std::string_view(buf, static_cast<std::size_t>(r.ptr - buf));
      }
      break;
    }
    default: raise_not_integer(c.conv, a);
  }
  const int base = c.conv == 'o' ? 8 : c.conv == 'x' || c.conv == 'X' ? 16 : 10;
  if (digits.empty()) {
    const auto r = std::to_chars(buf, buf + sizeof buf, magnitude, base);
    if (c.conv == 'X') {
      for (char* p = buf; p != r.ptr; ++p) {
        if (*p >= 'a') *p = static_cast<char>(*p - 'a' + 'A');
      }
    }
    digits = std::string_view(buf, static_cast<std::size_t>(r.ptr - buf));
  }
  const char sign = negative ? '-' : (c.flags & kSign) ? '+' : (c.flags & kBlank) ? ' ' : 0;
  std::string_view prefix;
  if (c.flags & kAlt) prefix = c.conv == 'o' ? "0o" : c.conv == 'x' ? "0x" : c.conv == 'X' ? "0X" : "";
  const bool zero_padded = c.prec > 0 && static_cast<std::size_t>(c.prec) > digits.size();
  if (zero_padded) check_precision(c);
  const std::size_t zeros = zero_padded ? static_cast<std::size_t>(c.prec) - digits.size() : 0;
  emit_number(out, c, sign, prefix, zeros, digits);
}

void format_float(std::string& out, const Conversion& c, Arg a) {
  double d = 0;
  switch (a.value ? a.value->kind() : Value::Kind::Map) {
    case Value::Kind::Float: d = a.value->as_float(); break;
    case Value::Kind::Bool:
    case Value::Kind::Int: d = static_cast<double>(a.value->as_int()); break;
    case Value::Kind::UInt: d = static_cast<double>(a.value->as_uint()); break;
    default: throw TypeError("must be real number, not " + type_name(a));
  }
  // Deviation (docs/logging.md): every e/f/g precision above kMaxWidth raises, also where
  // %g would strip the zeros it asks for.
  check_precision(c);
  const std::size_t start = out.size();
  append_float(out, d, c.conv, c.prec < 0 ? 6 : c.prec, c.flags & kAlt);
  if (c.width < 0 && !(c.flags & (kSign | kBlank))) return;
  // append_float wrote only a '-'; the '+' / ' ' flags and the padding are added around it.
  const bool negative = out[start] == '-';
  const char sign = negative ? 0 : (c.flags & kSign) ? '+' : (c.flags & kBlank) ? ' ' : 0;
  if (sign) out.insert(start, 1, sign);
  const std::size_t length = out.size() - start;
  const std::size_t pad = padding(c, length);
  if (pad == 0) return;
  if (c.flags & kLjust) {
    out.append(pad, ' ');
  } else if (c.flags & kZero) {
    out.insert(start + (negative || sign ? 1 : 0), pad, '0');
  } else {
    out.insert(start, pad, ' ');
  }
}

void format_char(std::string& out, const Conversion& c, Arg a) {
  const std::size_t start = out.size();
  const Value::Kind kind = a.value ? a.value->kind() : Value::Kind::Map;
  if (kind == Value::Kind::Str) {
    const std::string_view s = a.value->as_str();
    if (s.empty() || prefix_bytes(s, 1) != s.size()) throw TypeError("%c requires int or char");
    out += s;
  } else if (kind == Value::Kind::Int || kind == Value::Kind::Bool || kind == Value::Kind::UInt) {
    const bool in_range = kind == Value::Kind::UInt ? a.value->as_uint() <= 0x10FFFF
                                                    : a.value->as_int() >= 0 && a.value->as_int() <= 0x10FFFF;
    if (!in_range) throw OverflowError("%c arg not in range(0x110000)");
    const auto cp = static_cast<char32_t>(kind == Value::Kind::UInt ? a.value->as_uint()
                                                                    : static_cast<std::uint64_t>(a.value->as_int()));
    if (cp >= 0xDC80 && cp <= 0xDCFF) {
      out.push_back(static_cast<char>(cp - 0xDC00));  // surrogateescape: the byte it stands for
    } else {
      _core::append_utf8(out, cp);
    }
  } else {
    throw TypeError("%c requires int or char");
  }
  // One character, also when it is a surrogate written as three bytes.
  pad_text(out, start, 1, c);
}

// %s %r %a; precision truncates and width pads by characters. `Source` (DirectSource or
// TemplateSource) prints a template's mapping itself.
template <class Source>
void format_text(std::string& out, const Conversion& c, Arg a, const Source& source) {
  if (a.value && c.conv == 's' && a.value->kind() == Value::Kind::Str) {
    std::string_view s = a.value->as_str();
    if (c.prec >= 0) s = s.substr(0, prefix_bytes(s, static_cast<std::size_t>(c.prec)));
    const std::size_t start = out.size();
    out += s;
    pad_text(out, start, c);
    return;
  }
  const std::size_t start = out.size();
  if (!a.value) {
    source.append_self(out, c.conv);
  } else if (c.conv == 's') {
    append_str(out, *a.value);
  } else if (c.conv == 'r') {
    append_repr(out, *a.value);
  } else {
    append_ascii(out, *a.value);
  }
  if (c.prec >= 0) out.resize(start + prefix_bytes(std::string_view(out).substr(start), static_cast<std::size_t>(c.prec)));
  pad_text(out, start, c);
}

// One spec, in CPython's order (see the top of this file). `Source` is the argument source:
// percent_format's tuple or object (DirectSource), or a template's mapping (TemplateSource).
template <class Source>
void run_spec(std::string& out, const Spec& s, Args& args, const Source& source) {
  if (s.has_key || s.error == ParseError::IncompleteKey) {
    if (!source.is_mapping()) throw TypeError("format requires a mapping");
    if (s.error == ParseError::IncompleteKey) throw ValueError("incomplete format key");
    args.single = source.lookup(s);
    args.len = -1;
    args.index = -2;
  }
  Conversion c{s.conv, s.flags, s.width, s.prec};
  if (s.star_width) c.width = star_width(args.next(), c.flags);
  if (s.error == ParseError::WidthTooBig) throw ValueError("width too big");  // CPython's own bound
  if (s.star_prec) c.prec = star_precision(args.next());
  if (s.error == ParseError::PrecisionTooBig) throw ValueError("precision too big");
  if (s.error == ParseError::Incomplete) throw ValueError("incomplete format");
  const Arg a = args.next();
  switch (s.conv) {
    case 's':
    case 'r':
    case 'a': format_text(out, c, a, source); return;
    case 'd':
    case 'i':
    case 'u':
    case 'o':
    case 'x':
    case 'X': format_int(out, c, a); return;
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G': format_float(out, c, a); return;
    case 'c': format_char(out, c, a); return;
    default: raise_unsupported(source.format(), s.conv_pos);
  }
}

// percent_format's arguments: `mapping` is the single argument when Python would treat it
// as one (a dict, and bytes, which defines __getitem__).
class DirectSource {
 public:
  DirectSource(std::string_view format, const Value* mapping) : format_(format), mapping_(mapping) {}
  std::string_view format() const noexcept { return format_; }
  bool is_mapping() const noexcept { return mapping_ != nullptr; }
  Arg lookup(const Spec& s) const {
    const std::string_view key = format_.substr(s.key_begin, s.key_size);
    if (mapping_->kind() == Value::Kind::Bytes) throw TypeError("byte indices must be integers or slices, not str");
    const Value* v = mapping_->as_map().find(key);
    if (!v) throw KeyError(key);
    return Arg{v};
  }
  void append_self(std::string&, char) const {}  // never called: no Arg without a value here

 private:
  std::string_view format_;
  const Value* mapping_;
};

void run_format(std::string& out, std::string_view format, Args& args, const DirectSource& source) {
  std::size_t pos = 0;
  const std::size_t n = format.size();
  while (pos < n) {
    const void* hit = std::memchr(format.data() + pos, '%', n - pos);
    if (!hit) {
      out.append(format.data() + pos, n - pos);
      return;
    }
    const auto pct = static_cast<std::size_t>(static_cast<const char*>(hit) - format.data());
    out.append(format.data() + pos, pct - pos);
    pos = pct + 1;
    if (pos < n && format[pos] == '%') {
      out.push_back('%');
      ++pos;
      continue;
    }
    Spec s;
    pos = parse_spec(format, pos, s);
    run_spec(out, s, args, source);
  }
}

}  // namespace

void percent_format(std::string& out, std::string_view format, const Value& arg) {
  const bool mapping = arg.kind() == Value::Kind::Map || arg.kind() == Value::Kind::Bytes;
  Args cursor{{}, Arg{&arg}, -1, -2};
  run_format(out, format, cursor, DirectSource(format, mapping ? &arg : nullptr));
  if (!mapping && cursor.index < cursor.len) {
    throw TypeError("not all arguments converted during string formatting");
  }
}

// --- compiled formats --------------------------------------------------------------------

namespace {

// A format parsed once: literal text (with "%%" already made '%') each followed by a spec,
// except the last. A parse error stays in its spec and is raised when rendering reaches it,
// after the specs before it ran, as CPython's single pass does.
// A positional spec that needs no flag, width or '*' (the common "%d", "%s", "%.3f"): with
// an argument of a kind it takes, its text has a known bound and cannot fail, so a whole
// format of such specs is written in one step (render_direct).
enum class Direct : std::uint8_t { None, Int, Float, Str };

Direct direct_kind(const Spec& s) noexcept {
  if (s.has_key || s.star_width || s.star_prec || s.error != ParseError::None || s.flags != 0 || s.width >= 0) {
    return Direct::None;
  }
  switch (s.conv) {
    case 'd':
    case 'i':
    case 'u': return s.prec < 0 ? Direct::Int : Direct::None;
    case 'f':
    case 'F': return s.prec <= kMaxFastPrecision ? Direct::Float : Direct::None;
    case 's': return s.prec < 0 ? Direct::Str : Direct::None;
    default: return Direct::None;
  }
}

struct Compiled {
  struct Step {
    std::uint32_t text_begin;
    std::uint32_t text_size;
    bool has_spec;
    bool bare_str;  // the spec is a valid `%(key)s` without flags, width or precision
    Direct direct = Direct::None;
    Spec spec;
  };
  std::string text;  // the literals, then kPutSlack bytes of padding
  std::vector<Step> steps;
  std::vector<std::string> keys;  // the distinct %(key) names, in order of first use
  bool all_direct = false;        // every spec is direct (and there is at least one)
  bool all_bare = false;          // every spec is a bare %(key)s (and there is at least one)
  std::size_t spec_count = 0;

  // Parses `format`, reusing the storage of an earlier compile.
  void compile(std::string_view format) {
    text.clear();
    steps.clear();
    keys.clear();
    const std::size_t n = format.size();
    std::size_t pos = 0;
    std::size_t text_begin = 0;
    while (pos < n) {
      const std::size_t pct = format.find('%', pos);
      if (pct == std::string_view::npos) {
        text.append(format.substr(pos));
        break;
      }
      text.append(format.substr(pos, pct - pos));
      pos = pct + 1;
      if (pos < n && format[pos] == '%') {
        text.push_back('%');
        ++pos;
        continue;
      }
      Step step{static_cast<std::uint32_t>(text_begin), static_cast<std::uint32_t>(text.size() - text_begin), true,
                false, Direct::None, Spec{}};
      pos = parse_spec(format, pos, step.spec);
      Spec& sp = step.spec;
      if (sp.has_key && sp.error != ParseError::IncompleteKey) {
        const std::string_view key = format.substr(sp.key_begin, sp.key_size);
        std::size_t k = 0;
        while (k < keys.size() && keys[k] != key) ++k;
        if (k == keys.size()) keys.emplace_back(key);
        sp.key_index = static_cast<std::uint32_t>(k);
        step.bare_str = sp.error == ParseError::None && sp.conv == 's' && sp.flags == 0 && sp.width < 0 &&
                        sp.prec < 0 && !sp.star_width && !sp.star_prec;
      }
      steps.push_back(step);
      text_begin = text.size();
    }
    if (text_begin < text.size()) {
      steps.push_back({static_cast<std::uint32_t>(text_begin), static_cast<std::uint32_t>(text.size() - text_begin),
                       false, false, Direct::None, Spec{}});
    }
    spec_count = 0;
    all_direct = all_bare = true;
    for (Step& step : steps) {
      if (!step.has_spec) continue;
      ++spec_count;
      step.direct = direct_kind(step.spec);
      all_direct = all_direct && step.direct != Direct::None;
      all_bare = all_bare && step.bare_str;
    }
    all_direct = all_direct && spec_count > 0;
    all_bare = all_bare && spec_count > 0;
    // Padding after the literals: each can be copied with put_padded(), and a line bounded
    // with text.size() has the room put_padded() writes beyond a piece.
    text.append(_core::kPutSlack, '\0');
  }
};

// A float, int or uint argument of a direct '%f' as a double; -1e300 (never fast) for any
// other kind.
double direct_real(const Value& v) noexcept {
  switch (v.kind()) {
    case Value::Kind::Float: return v.as_float();
    case Value::Kind::Int: return static_cast<double>(v.as_int());
    case Value::Kind::UInt: return static_cast<double>(v.as_uint());
    default: return -1e300;
  }
}

// The bound of a direct spec's text for argument `v`, or kNotDirect when the spec does not
// take that kind of argument directly (the general path then formats it, or raises).
constexpr std::size_t kNotDirect = SIZE_MAX;

std::size_t direct_bound(const Compiled::Step& step, const Value& v) noexcept {
  const Value::Kind k = v.kind();
  switch (step.direct) {
    case Direct::Int: return k == Value::Kind::Int || k == Value::Kind::Bool || k == Value::Kind::UInt ? 20 : kNotDirect;
    case Direct::Float: return fixed_fast_applies(direct_real(v)) ? kMaxFastFixed : kNotDirect;
    case Direct::Str:
      if (k == Value::Kind::Str) return v.as_str().size();
      return k == Value::Kind::Int ? 20 : kNotDirect;
    case Direct::None: break;
  }
  return kNotDirect;
}

char* write_direct(char* p, const Compiled::Step& step, const Value& v) noexcept {
  const Value::Kind k = v.kind();
  switch (step.direct) {
    case Direct::Str:
      if (k == Value::Kind::Str) {
        const std::string_view t = v.as_str();
        return _core::put(p, t.data(), t.size());
      }
      [[fallthrough]];  // an int: str() is its digits
    case Direct::Int:
      if (k == Value::Kind::UInt) return write_decimal(p, v.as_uint());
      return write_decimal(p, v.as_int());
    case Direct::Float: return write_fixed_fast(p, direct_real(v), step.spec.prec < 0 ? 6 : step.spec.prec, false);
    case Direct::None: break;
  }
  return p;
}

// The bound of `c % args` for an all-direct format with exactly one argument per spec, each
// of a kind its spec takes directly; kNotDirect otherwise.
std::size_t direct_message_bound(const Compiled& c, std::span<const Value> args) noexcept {
  if (!c.all_direct || args.size() != c.spec_count) return kNotDirect;
  std::size_t bound = c.text.size();
  std::size_t k = 0;
  for (const Compiled::Step& step : c.steps) {
    if (!step.has_spec) continue;
    const std::size_t b = direct_bound(step, args[k++]);
    if (b == kNotDirect) return kNotDirect;
    bound += b;
  }
  return bound;
}

// `c % args` at p, for what direct_message_bound() bounds; returns the end.
char* write_direct_message(char* p, const Compiled& c, std::span<const Value> args) noexcept {
  std::size_t i = 0;
  for (const Compiled::Step& step : c.steps) {
    p = _core::put_padded(p, c.text.data() + step.text_begin, step.text_size);
    if (step.has_spec) p = write_direct(p, step, args[i++]);
  }
  return p;
}

// `format % args` in one bounded append where direct_message_bound() applies (no exception
// possible); false, nothing written, otherwise.
bool render_direct(std::string& out, const Compiled& c, std::span<const Value> args) {
  const std::size_t bound = direct_message_bound(c, args);
  if (bound == kNotDirect) return false;
  _core::append_bounded(out, bound, [&](char* p) noexcept { return write_direct_message(p, c, args); });
  return true;
}

// The formats of LogRecord.getMessage(), compiled once per thread: a logging call formats
// the same literal every time. An entry is found by the text's address and checked by its
// content, so a buffer reused for another text compiles again; entries keep their storage,
// so a hit or a miss that fits allocates nothing. Long formats are not kept.
constexpr std::size_t kCachedFormats = 32;
constexpr std::size_t kMaxCachedFormat = 512;

struct CachedFormat {
  std::string format;
  Compiled compiled;
  bool valid = false;
};

// A record logged from a thread_local destructor that runs after the cache's own finds it
// gone (the flag is trivially destructible, so it outlives every thread_local object).
thread_local bool t_formats_gone = false;
struct FormatCache {
  std::array<CachedFormat, kCachedFormats> entries;
  ~FormatCache() { t_formats_gone = true; }
};
thread_local FormatCache t_formats;

[[gnu::noinline]] void compile_entry(CachedFormat& entry, std::string_view format) {
  entry.valid = false;  // a throwing compile (bad_alloc) leaves no half-made entry behind
  entry.format.assign(format);
  entry.compiled.compile(format);
  entry.valid = true;
}

const Compiled* cached_compile(std::string_view format) {
  if (format.size() > kMaxCachedFormat || t_formats_gone) return nullptr;
  const auto address = reinterpret_cast<std::uintptr_t>(format.data());
  CachedFormat& entry = t_formats.entries[((address >> 3) ^ (address >> 11) ^ format.size()) % kCachedFormats];
  if (!entry.valid || !_core::same_bytes(entry.format, format)) [[unlikely]] compile_entry(entry, format);
  return &entry.compiled;
}

// percent_format() for what render_direct() does not take: every spec and argument kind,
// and Python's errors.
[[gnu::noinline]] void percent_format_general(std::string& out, std::string_view format, const Compiled* c,
                                              std::span<const Value> args) {
  Args cursor{args, Arg{nullptr}, static_cast<std::ptrdiff_t>(args.size()), 0};
  const DirectSource source(format, nullptr);
  if (c) {
    for (const Compiled::Step& step : c->steps) {
      out.append(c->text.data() + step.text_begin, step.text_size);
      if (step.has_spec) run_spec(out, step.spec, cursor, source);
    }
  } else {
    run_format(out, format, cursor, source);
  }
  if (cursor.index < cursor.len) throw TypeError("not all arguments converted during string formatting");
}

}  // namespace

// A cached format whose specs all take their arguments directly is rendered in line; the
// rest is percent_format_general's, out of line, so that a record's common case runs few
// code lines.
void percent_format(std::string& out, std::string_view format, std::span<const Value> args) {
  const Compiled* c = cached_compile(format);
  if (c && render_direct(out, *c, args)) [[likely]] return;
  percent_format_general(out, format, c, args);
}

// --- PercentTemplate ---------------------------------------------------------------------

struct PercentTemplate::Impl {
  std::string source;
  Compiled compiled;
};

namespace {

class TemplateSource {
 public:
  TemplateSource(const std::string& format, const std::vector<std::string>& keys, const PercentMapping& mapping,
                 Value& scratch)
      : format_(format), keys_(keys), mapping_(mapping), scratch_(scratch) {}
  std::string_view format() const noexcept { return format_; }
  bool is_mapping() const noexcept { return true; }
  Arg lookup(const Spec& s) const {
    const std::string& key = keys_[s.key_index];
    const Value* v = mapping_.find(s.key_index, key, scratch_);
    if (!v) throw KeyError(key);
    return Arg{v};
  }
  void append_self(std::string& out, char conv) const { mapping_.append_self(out, conv); }

 private:
  std::string_view format_;
  const std::vector<std::string>& keys_;
  const PercentMapping& mapping_;
  Value& scratch_;
};

}  // namespace

PercentTemplate::PercentTemplate(std::string_view format) : impl_(new Impl) {
  impl_->source.assign(format);
  impl_->compiled.compile(format);
}

PercentTemplate::PercentTemplate(const PercentTemplate& other) : impl_(other.impl_ ? new Impl(*other.impl_) : nullptr) {}

PercentTemplate& PercentTemplate::operator=(const PercentTemplate& other) {
  if (this != &other) {
    PercentTemplate copy(other);
    std::swap(impl_, copy.impl_);
  }
  return *this;
}

PercentTemplate::PercentTemplate(PercentTemplate&& other) noexcept : impl_(std::exchange(other.impl_, nullptr)) {}

PercentTemplate& PercentTemplate::operator=(PercentTemplate&& other) noexcept {
  std::swap(impl_, other.impl_);
  return *this;
}

PercentTemplate::~PercentTemplate() { delete impl_; }

const std::vector<std::string>& PercentTemplate::keys() const noexcept {
  static const std::vector<std::string> none;
  return impl_ ? impl_->compiled.keys : none;
}

namespace {

// A template of bare `%(key)s` specs whose values the mapping gives as text: their views are
// gathered first, then the line is written in one bounded append. False (nothing written)
// when a value needs the general path.
bool render_bare(std::string& out, const Compiled& t, const PercentMapping& mapping) {
  constexpr std::size_t kMaxSteps = 16;
  const std::size_t n = t.steps.size();
  if (n > kMaxSteps) return false;
  // Only the entries of the specs are set and read; left uninitialised (this is per record).
  struct Piece {
    const char* data;
    std::size_t size;
  };
  Piece values[kMaxSteps];
  PercentMapping::Digits digits[kMaxSteps];
  std::size_t size = t.text.size();
  for (std::size_t i = 0; i < n; ++i) {
    const Compiled::Step& step = t.steps[i];
    if (!step.has_spec) continue;
    std::string_view text;
    if (!mapping.str_of(step.spec.key_index, text, digits[i])) return false;
    values[i] = {text.data(), text.size()};
    size += text.size();
  }
  _core::append_bounded(out, size, [&](char* p) noexcept {
    for (std::size_t i = 0; i < n; ++i) {
      const Compiled::Step& step = t.steps[i];
      p = _core::put(p, t.text.data() + step.text_begin, step.text_size);
      if (step.has_spec) p = _core::put(p, values[i].data, values[i].size);
    }
    return p;
  });
  return true;
}

}  // namespace

void PercentTemplate::render(std::string& out, const PercentMapping& mapping) const {
  if (!impl_) return;  // moved from: an empty format
  const Compiled& t = impl_->compiled;
  if (t.all_bare && render_bare(out, t, mapping)) return;
  Value scratch;
  const TemplateSource source(impl_->source, t.keys, mapping, scratch);
  // `fmt % mapping`: the mapping is the single argument, taken by a spec without a key.
  Args args;
  for (const Compiled::Step& step : t.steps) {
    out.append(t.text.data() + step.text_begin, step.text_size);
    if (step.bare_str && mapping.append_str_of(step.spec.key_index, out)) {
      // As run_spec leaves the cursor after a keyed spec: its one argument taken, so that a
      // later spec without a key raises "not enough arguments".
      args.len = -1;
      args.index = -1;
    } else if (step.has_spec) {
      run_spec(out, step.spec, args, source);
    }
  }
}

std::vector<PercentTemplate::BarePiece> PercentTemplate::bare_layout() const {
  std::vector<BarePiece> layout;
  if (!impl_ || !impl_->compiled.all_bare) return layout;
  const Compiled& t = impl_->compiled;
  for (const Compiled::Step& step : t.steps) {
    layout.push_back({std::string_view(t.text).substr(step.text_begin, step.text_size),
                      step.has_spec ? step.spec.key_index : kNoKey});
  }
  return layout;
}

bool DirectMessage::prepare(std::string_view message, std::span<const Value> args) {
  message_ = message;
  args_ = args;
  compiled_ = nullptr;
  if (args.empty()) {
    bound_ = message.size();
    return true;
  }
  const Compiled* c = cached_compile(message);
  if (!c) return false;
  bound_ = direct_message_bound(*c, args);
  compiled_ = c;
  return bound_ != kNotDirect;
}

char* DirectMessage::write(char* p) const noexcept {
  if (!compiled_) return _core::put(p, message_.data(), message_.size());
  return write_direct_message(p, *static_cast<const Compiled*>(compiled_), args_);
}

bool PercentMapping::str_of(std::size_t, std::string_view&, Digits&) const { return false; }

bool PercentMapping::append_str_of(std::size_t index, std::string& out) const {
  Digits digits;
  std::string_view text;
  if (!str_of(index, text, digits)) return false;
  out.append(text);
  return true;
}

}  // namespace pyos::logging::detail
