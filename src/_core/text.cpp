#include "_core/text.hpp"

#include <algorithm>
#include <array>
#include <iterator>

namespace pyos::_core {
namespace {

struct CodePointRange {
  char32_t first, last;
};

// Ranges of printable non-ASCII code points, generated from CPython 3.13's str.isprintable()
// by tools/oracle/gen_unicode_printable.py.
constexpr CodePointRange kPrintable[] = {
#include "_core/unicode_printable.inc"
};

bool is_continuation(unsigned char b) noexcept { return (b & 0xC0U) == 0x80U; }

constexpr char kHex[] = "0123456789abcdef";

void append_hex(std::string& out, char32_t value, int digits) {
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
    out.push_back(kHex[(value >> shift) & 0xFU]);
  }
}

// Python's quote rule for repr: single quotes, unless the text has a single quote and no
// double quote.
template <class Range>
char choose_quote(const Range& text) {
  bool single = false, dbl = false;
  for (auto c : text) {
    single |= (c == U'\'');
    dbl |= (c == U'"');
  }
  return (single && !dbl) ? '"' : '\'';
}

void append_repr_char(std::string& out, char32_t cp, char quote) {
  if (cp == static_cast<char32_t>(quote) || cp == U'\\') {
    out.push_back('\\');
    out.push_back(static_cast<char>(cp));
  } else if (cp == U'\t') {
    out += "\\t";
  } else if (cp == U'\n') {
    out += "\\n";
  } else if (cp == U'\r') {
    out += "\\r";
  } else if (cp < 0x20 || cp == 0x7F) {
    out += "\\x";
    append_hex(out, cp, 2);
  } else if (cp < 0x7F) {
    out.push_back(static_cast<char>(cp));
  } else if (is_printable(cp)) {
    append_utf8(out, cp);
  } else if (cp <= 0xFF) {
    out += "\\x";
    append_hex(out, cp, 2);
  } else if (cp <= 0xFFFF) {
    out += "\\u";
    append_hex(out, cp, 4);
  } else {
    out += "\\U";
    append_hex(out, cp, 8);
  }
}

}  // namespace

char32_t decode_code_point(std::string_view s, std::size_t& pos) noexcept {
  const auto b0 = static_cast<unsigned char>(s[pos]);
  if (b0 < 0x80) {
    ++pos;
    return b0;
  }
  const std::size_t left = s.size() - pos;
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[pos + i]); };
  std::size_t len = 0;
  char32_t cp = 0;
  // Lead bytes and the allowed range of the second byte (this excludes overlong forms,
  // surrogates and values above U+10FFFF, as Python's strict decoder does).
  unsigned char lo = 0x80, hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
    cp = b0 & 0x1FU;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    cp = b0 & 0x0FU;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    cp = b0 & 0x07U;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  }
  if (len != 0 && left >= len && byte(1) >= lo && byte(1) <= hi) {
    bool ok = true;
    for (std::size_t i = 1; i < len; ++i) {
      ok = ok && is_continuation(byte(i));
      cp = (cp << 6) | (byte(i) & 0x3FU);
    }
    if (ok) {
      pos += len;
      return cp;
    }
  }
  ++pos;
  return 0xDC00 + b0;
}

std::u32string decode_surrogateescape(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (std::size_t pos = 0; pos < s.size();) out.push_back(decode_code_point(s, pos));
  return out;
}

bool is_printable(char32_t cp) noexcept {
  if (cp < 0x80) return cp >= 0x20 && cp < 0x7F;
  const auto* it = std::upper_bound(std::begin(kPrintable), std::end(kPrintable), cp,
                                    [](char32_t v, const CodePointRange& r) { return v < r.first; });
  if (it == std::begin(kPrintable)) return false;
  return cp <= std::prev(it)->last;
}

std::string repr_str(std::u32string_view s) {
  const char quote = choose_quote(s);
  std::string out;
  out.reserve(s.size() + 2);
  out.push_back(quote);
  for (char32_t cp : s) append_repr_char(out, cp, quote);
  out.push_back(quote);
  return out;
}

void append_repr_str(std::string& out, std::string_view s) {
  // The quotes are ASCII, so the bytes tell which one to use; code points are decoded as
  // they are written (nothing is allocated beyond `out`).
  const char quote = choose_quote(s);
  out.push_back(quote);
  for (std::size_t pos = 0; pos < s.size();) append_repr_char(out, decode_code_point(s, pos), quote);
  out.push_back(quote);
}

std::string repr_str(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  append_repr_str(out, s);
  return out;
}

std::string repr_bytes(std::string_view s) {
  const char quote = choose_quote(s);
  std::string out = "b";
  out.push_back(quote);
  for (char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x80) {
      out += "\\x";
      append_hex(out, b, 2);
    } else {
      append_repr_char(out, b, quote);
    }
  }
  out.push_back(quote);
  return out;
}

}  // namespace pyos::_core
